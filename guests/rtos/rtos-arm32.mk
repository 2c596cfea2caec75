# Tandem's RTOS on ARMv7-A (docs/rtos.md, "ARMv7-A port"): the same kernel,
# application and board support as the arm64 build with the arm32 port
# (arch/arm32). Included by guests/arm32.mk for ARCH=arm32, building into
# $(BUILD) = build/arm32: `make arm32`, or
#   make ARCH=arm32 BUILD=build/arm32 TOP_BUILD=build build/arm32/guests/rtos/rtos.bin

RTOS32_SRCS := $(wildcard guests/rtos/arch/arm32/*.S guests/rtos/arch/arm32/*.c \
		guests/rtos/bsp/*.c guests/rtos/kernel/*.c guests/rtos/app/*.c) \
	       lib/string.c lib/format.c
RTOS32_OBJS := $(patsubst %,$(BUILD)/guests/rtos/obj/%.o,$(RTOS32_SRCS))
RTOS32_LD   := guests/rtos/arch/arm32/rtos.ld
# Compiled as arm64's is (not -fpie: direct calls and data accesses), but
# addresses from literal words (R_ARM_ABS32, which a PIE link turns into
# R_ARM_RELATIVE) instead of MOVW/MOVT pairs, which no relocation can move.
RTOS32_CFLAGS = $(TARGET_CFLAGS) -mword-relocations

arch-guests: $(BUILD)/guests/rtos/rtos.bin

$(BUILD)/guests/rtos/obj/%.c.o: %.c | $(LIBFDT_A)
	@mkdir -p $(dir $@)
	@echo "  CC      $< (rtos, arm32)"
	$(Q)$(CC) $(RTOS32_CFLAGS) -c $< -o $@
$(BUILD)/guests/rtos/obj/%.S.o: %.S
	@mkdir -p $(dir $@)
	@echo "  AS      $< (rtos, arm32)"
	$(Q)$(CC) $(RTOS32_CFLAGS) -D__ASSEMBLER__ -c $< -o $@

# Position independent, as arm64's: start.S applies the R_ARM_RELATIVE
# relocations (its own pointers and libfdt's GOT) for the load address.
$(BUILD)/guests/rtos/rtos.elf: $(RTOS32_OBJS) $(RTOS32_LD) $(LIBFDT_A)
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	$(Q)$(LD) -nostdlib -pie --no-dynamic-linker -z notext --no-warn-rwx-segments -T $(RTOS32_LD) \
		-Map $(BUILD)/guests/rtos/rtos.map -o $@ $(RTOS32_OBJS) $(LIBFDT_A) $(LIBGCC)
$(BUILD)/guests/rtos/rtos.bin: $(BUILD)/guests/rtos/rtos.elf
	$(OBJCOPY) -O binary $< $@

# Natively on QEMU's virt without virtualization (entered in SVC):
# RTOS_GIC=2 or 3, RTOS_ARGS for its bootargs; Ctrl-a x quits. Run as
# make ARCH=arm32 BUILD=build/arm32 TOP_BUILD=build run-rtos-arm32-native
RTOS_GIC  ?= 3
RTOS_ARGS ?=
run-rtos-arm32-native: $(BUILD)/guests/rtos/rtos.bin
	qemu-system-arm -M virt,highmem=off,gic-version=$(RTOS_GIC) -cpu cortex-a15 -m 1G -nographic \
		-nic none -kernel $(BUILD)/guests/rtos/rtos.bin $(if $(RTOS_ARGS),-append "$(RTOS_ARGS)")

# Under Tandem's ARMv7-A port, a VM on core 2 (Ctrl-a x quits).
run-rtos-arm32: tandem $(BUILD)/guests/rtos/rtos.bin $(BUILD)/guests/rtos/rtos.dtbo
	BUILD=$(TOP_BUILD) $(QEMU_RUN) --arch arm32 --interactive --gic $(RTOS_GIC) \
		--vm $(BUILD)/guests/rtos/rtos.dtbo=$(BUILD)/guests/rtos/rtos.bin

.PHONY: run-rtos-arm32-native run-rtos-arm32

-include $(RTOS32_OBJS:.o=.d)
