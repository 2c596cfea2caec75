# Tandem's RTOS paravirtualized on the Cortex-A9 (docs/paravirt.md, "The
# paravirtualized RTOS"): the same kernel and application with the ARMv7-A
# paravirtual port (arch/arm32-pv, bsp-pv) in USR mode under Tandem. Of the
# native ports it keeps the device-tree reader, the channel end and the
# ARMv7-A linker script. Included by guests/arm32-a9.mk (make a9, $(BUILD) =
# build/a9); its objects go to obj-pv, apart from the native A9 build's.

RTOS_A9PV_SRCS := $(wildcard guests/rtos/arch/arm32-pv/*.S guests/rtos/arch/arm32-pv/*.c \
		guests/rtos/bsp-pv/*.c guests/rtos/kernel/*.c guests/rtos/app/*.c) \
		guests/rtos/bsp/dt.c guests/rtos/bsp/channel.c lib/string.c lib/format.c
RTOS_A9PV_OBJS := $(patsubst %,$(BUILD)/guests/rtos/obj-pv/%.o,$(RTOS_A9PV_SRCS))
RTOS_A9PV_LD   := guests/rtos/arch/arm32/rtos.ld
# As the native ARMv7-A build: addresses from literal words (R_ARM_ABS32,
# which the PIE link turns into R_ARM_RELATIVE for start.S), not MOVW/MOVT.
RTOS_A9PV_CFLAGS = $(TARGET_CFLAGS) -mword-relocations

arch-guests: $(BUILD)/guests/rtos/rtos-pv.bin

$(BUILD)/guests/rtos/obj-pv/%.c.o: %.c | $(LIBFDT_A)
	@mkdir -p $(dir $@)
	@echo "  CC      $< (rtos-pv, a9)"
	$(Q)$(CC) $(RTOS_A9PV_CFLAGS) -c $< -o $@
$(BUILD)/guests/rtos/obj-pv/%.S.o: %.S
	@mkdir -p $(dir $@)
	@echo "  AS      $< (rtos-pv, a9)"
	$(Q)$(CC) $(RTOS_A9PV_CFLAGS) -D__ASSEMBLER__ -c $< -o $@

$(BUILD)/guests/rtos/rtos-pv.elf: $(RTOS_A9PV_OBJS) $(RTOS_A9PV_LD) $(LIBFDT_A)
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	$(Q)$(LD) -nostdlib -pie --no-dynamic-linker -z notext --no-warn-rwx-segments -T $(RTOS_A9PV_LD) \
		-Map $(BUILD)/guests/rtos/rtos-pv.map -o $@ $(RTOS_A9PV_OBJS) $(LIBFDT_A) $(LIBGCC)
$(BUILD)/guests/rtos/rtos-pv.bin: $(BUILD)/guests/rtos/rtos-pv.elf
	$(OBJCOPY) -O binary $< $@

# Two paravirtualized RTOS VMs on the Cortex-A9 under Tandem (cores 0 and 1;
# Ctrl-] moves the keyboard between their shells, Ctrl-a x quits):
#   make ARCH=arm32 VARIANT=a9 BUILD=build/a9 TOP_BUILD=build run-pv-a9
RTOS_A9PV_VMS := $(BUILD)/guests/rtos/rtos-pv-a9-a.dtbo $(BUILD)/guests/rtos/rtos-pv-a9-b.dtbo
run-pv-a9: tandem $(BUILD)/guests/rtos/rtos-pv.bin $(RTOS_A9PV_VMS)
	BUILD=$(TOP_BUILD) $(QEMU_RUN) --arch a9 --interactive --smp 2 \
		$(foreach o,$(RTOS_A9PV_VMS),--vm $(o)=$(BUILD)/guests/rtos/rtos-pv.bin)

.PHONY: run-pv-a9

-include $(RTOS_A9PV_OBJS:.o=.d)
