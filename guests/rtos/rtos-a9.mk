# Tandem's RTOS natively on the Cortex-A9 (vexpress-a9; docs/rtos.md,
# "Cortex-A9"): the ARMv7-A port and board support with what the A9 lacks
# replaced - the short-descriptor identity map for LPAE's (arch/arm32-a9),
# the private and global timers for the generic timer (bsp-a9). The baseline
# the paravirtualized A9 port is measured against. Included by
# guests/arm32-a9.mk (make a9, $(BUILD) = build/a9).

RTOS_A9_REPLACED := guests/rtos/arch/arm32/mmu.c guests/rtos/arch/arm32/mmu_boot.S guests/rtos/arch/arm32/cycles.S \
		    guests/rtos/arch/arm32/cycles.c guests/rtos/bsp/timer.c
RTOS_A9_SRCS := $(filter-out $(RTOS_A9_REPLACED), \
		$(wildcard guests/rtos/arch/arm32/*.S guests/rtos/arch/arm32/*.c guests/rtos/bsp/*.c)) \
		$(wildcard guests/rtos/arch/arm32-a9/*.S guests/rtos/arch/arm32-a9/*.c guests/rtos/bsp-a9/*.c \
		guests/rtos/kernel/*.c guests/rtos/app/*.c) \
		lib/string.c lib/format.c
RTOS_A9_OBJS := $(patsubst %,$(BUILD)/guests/rtos/obj/%.o,$(RTOS_A9_SRCS))
RTOS_A9_LD   := guests/rtos/arch/arm32/rtos.ld
# As the ARMv7-A build (rtos-arm32.mk): addresses from literal words, which
# start.S relocates, not MOVW/MOVT pairs.
RTOS_A9_CFLAGS = $(TARGET_CFLAGS) -mword-relocations

arch-guests: $(BUILD)/guests/rtos/rtos.bin

$(BUILD)/guests/rtos/obj/%.c.o: %.c | $(LIBFDT_A)
	@mkdir -p $(dir $@)
	@echo "  CC      $< (rtos, a9)"
	$(Q)$(CC) $(RTOS_A9_CFLAGS) -c $< -o $@
$(BUILD)/guests/rtos/obj/%.S.o: %.S
	@mkdir -p $(dir $@)
	@echo "  AS      $< (rtos, a9)"
	$(Q)$(CC) $(RTOS_A9_CFLAGS) -D__ASSEMBLER__ -c $< -o $@

$(BUILD)/guests/rtos/rtos.elf: $(RTOS_A9_OBJS) $(RTOS_A9_LD) $(LIBFDT_A)
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	$(Q)$(LD) -nostdlib -pie --no-dynamic-linker -z notext --no-warn-rwx-segments -T $(RTOS_A9_LD) \
		-Map $(BUILD)/guests/rtos/rtos.map -o $@ $(RTOS_A9_OBJS) $(LIBFDT_A) $(LIBGCC)
$(BUILD)/guests/rtos/rtos.bin: $(BUILD)/guests/rtos/rtos.elf
	$(OBJCOPY) -O binary $< $@

# Natively on vexpress-a9 with Debian's platform tree (make a9 puts it in
# $(BUILD)), entered in Secure SVC; RTOS_ARGS for its bootargs, Ctrl-a x
# quits. Run as
#   make ARCH=arm32 VARIANT=a9 BUILD=build/a9 TOP_BUILD=build run-rtos-a9-native
A9_DTB    ?= $(BUILD)/vexpress-v2p-ca9.dtb
RTOS_ARGS ?=
run-rtos-a9-native: $(BUILD)/guests/rtos/rtos.bin
	@test -f $(A9_DTB) || { echo "run-rtos-a9-native: no $(A9_DTB): make a9 builds it" \
		"(guests/a9/platform-tree.mk), or A9_DTB=path"; exit 1; }
	qemu-system-arm -M vexpress-a9 -smp 1 -m 1G -nographic -nic none -audiodev none,id=snd0 \
		-kernel $(BUILD)/guests/rtos/rtos.bin -dtb $(A9_DTB) $(if $(RTOS_ARGS),-append "$(RTOS_ARGS)")

.PHONY: run-rtos-a9-native

-include $(RTOS_A9_OBJS:.o=.d)
