# Tandem's RTOS (guests/rtos, docs/rtos.md): one image that runs natively on
# QEMU virt and as a VM. Included by guests/guests.mk.

RTOS_SRCS := $(wildcard guests/rtos/arch/arm64/*.S guests/rtos/arch/arm64/*.c \
		guests/rtos/bsp/*.c guests/rtos/kernel/*.c guests/rtos/app/*.c) \
	     lib/string.c lib/format.c
RTOS_OBJS := $(patsubst %,$(BUILD)/guests/rtos/obj/%.o,$(RTOS_SRCS))
RTOS_LD   := guests/rtos/arch/arm64/rtos.ld
# Compiled as Tandem is (not -fpie: calls and data accesses are direct, not
# through the GOT) and linked, as the test guest is, into a position-
# independent image whose absolute pointers start.S relocates.
RTOS_CFLAGS = $(TARGET_CFLAGS)

guests: $(BUILD)/guests/rtos/rtos.bin

$(BUILD)/guests/rtos/obj/%.c.o: %.c | $(LIBFDT_A)
	@mkdir -p $(dir $@)
	@echo "  CC      $< (rtos)"
	$(Q)$(CC) $(RTOS_CFLAGS) -c $< -o $@
$(BUILD)/guests/rtos/obj/%.S.o: %.S
	@mkdir -p $(dir $@)
	@echo "  AS      $< (rtos)"
	$(Q)$(CC) $(RTOS_CFLAGS) -D__ASSEMBLER__ -c $< -o $@

$(BUILD)/guests/rtos/rtos.elf: $(RTOS_OBJS) $(RTOS_LD) $(LIBFDT_A)
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	$(Q)$(LD) -nostdlib -pie --no-dynamic-linker -z notext --no-warn-rwx-segments -T $(RTOS_LD) \
		-Map $(BUILD)/guests/rtos/rtos.map -o $@ $(RTOS_OBJS) $(LIBFDT_A) $(LIBGCC)
$(BUILD)/guests/rtos/rtos.bin: $(BUILD)/guests/rtos/rtos.elf
	$(OBJCOPY) -O binary $< $@

# The paravirtualized build (docs/paravirt.md): the same kernel and
# application with the paravirtual port (arch/arm64-pv, bsp-pv) instead of
# the native one; of the native port it keeps what does not touch the
# machine's privileged state (the device-tree reader, the channel end, the
# cycle-counter calibration, the frame layout, the linker script).
RTOS_PV_SRCS := $(wildcard guests/rtos/arch/arm64-pv/*.S guests/rtos/arch/arm64-pv/*.c \
		guests/rtos/bsp-pv/*.c guests/rtos/kernel/*.c guests/rtos/app/*.c) \
		guests/rtos/arch/arm64/cycles.c guests/rtos/bsp/dt.c guests/rtos/bsp/channel.c \
		lib/string.c lib/format.c
RTOS_PV_OBJS := $(patsubst %,$(BUILD)/guests/rtos/obj/%.o,$(RTOS_PV_SRCS))

guests: $(BUILD)/guests/rtos/rtos-pv.bin

$(BUILD)/guests/rtos/rtos-pv.elf: $(RTOS_PV_OBJS) $(RTOS_LD) $(LIBFDT_A)
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	$(Q)$(LD) -nostdlib -pie --no-dynamic-linker -z notext --no-warn-rwx-segments -T $(RTOS_LD) \
		-Map $(BUILD)/guests/rtos/rtos-pv.map -o $@ $(RTOS_PV_OBJS) $(LIBFDT_A) $(LIBGCC)
$(BUILD)/guests/rtos/rtos-pv.bin: $(BUILD)/guests/rtos/rtos-pv.elf
	$(OBJCOPY) -O binary $< $@

# The RTOS natively (QEMU alone; RTOS_GIC=2 for GICv2, RTOS_ARGS for its
# bootargs) and under Tandem in a VM on core 2 (Ctrl-a x quits).
RTOS_GIC  ?= 3
RTOS_ARGS ?=
run-rtos-native: guests
	qemu-system-aarch64 -M virt,gic-version=$(RTOS_GIC) -cpu cortex-a57 -m 1G -nographic \
		-nic none -kernel $(BUILD)/guests/rtos/rtos.bin $(if $(RTOS_ARGS),-append "$(RTOS_ARGS)")
run-rtos: deps
	$(MAKE) --no-print-directory all
	$(QEMU_RUN) --interactive --gic $(RTOS_GIC) \
		--vm $(BUILD)/guests/rtos/rtos.dtbo=$(BUILD)/guests/rtos/rtos.bin

.PHONY: run-rtos run-rtos-native

-include $(RTOS_OBJS:.o=.d) $(RTOS_PV_OBJS:.o=.d)
