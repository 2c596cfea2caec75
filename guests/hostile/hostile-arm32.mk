# The hostile guest on ARMv7-A (ARCH=arm32, included by guests/arm32.mk):
# its attacks (guests/hostile/arm32) on the test guest's arm32 entry code,
# exception report, GIC driver and device-tree reading, built with the test
# guest's flags into $(BUILD)/guests/hostile/hostile.bin.

HOSTILE32_SRCS := guests/hostile/arm32/hostile.c guests/test/arm32/start.S \
		  guests/test/arm32/exception.c guests/test/gic.c guests/test/guest_dt.c \
		  lib/string.c lib/format.c
HOSTILE32_OBJ  := $(BUILD)/guests/hostile/obj
HOSTILE32_OBJS := $(patsubst %,$(HOSTILE32_OBJ)/%.o,$(HOSTILE32_SRCS))

arch-guests: $(BUILD)/guests/hostile/hostile.bin

$(filter %.c.o,$(HOSTILE32_OBJS)): $(HOSTILE32_OBJ)/%.c.o: %.c | $(LIBFDT_A)
	@mkdir -p $(dir $@)
	@echo "  CC      $< (hostile guest)"
	$(Q)$(CC) $(TARGET_CFLAGS) -fpie -fno-plt -c $< -o $@
$(filter %.S.o,$(HOSTILE32_OBJS)): $(HOSTILE32_OBJ)/%.S.o: %.S
	@mkdir -p $(dir $@)
	@echo "  AS      $< (hostile guest)"
	$(Q)$(CC) $(TARGET_CFLAGS) -fpie -fno-plt -D__ASSEMBLER__ -c $< -o $@
$(BUILD)/guests/hostile/hostile.elf: $(HOSTILE32_OBJS) guests/test/arm32/guest.ld $(LIBFDT_A)
	$(LD) -nostdlib -pie --no-dynamic-linker -z notext --no-warn-rwx-segments \
		-T guests/test/arm32/guest.ld -o $@ $(HOSTILE32_OBJS) $(LIBFDT_A) $(LIBGCC)
$(BUILD)/guests/hostile/hostile.bin: $(BUILD)/guests/hostile/hostile.elf
	$(OBJCOPY) -O binary $< $@

-include $(HOSTILE32_OBJS:.o=.d)
