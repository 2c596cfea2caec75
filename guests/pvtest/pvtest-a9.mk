# The paravirtual test guest on the Cortex-A9 (ARCH=arm32 VARIANT=a9,
# included by guests/arm32-a9.mk): guests/pvtest's shared C with
# arm32/start.S and the arm32 test guest's linker script (linked at 0,
# position independent, BSS in the file), into
# $(BUILD)/guests/pvtest/pvtest.bin. Its objects have their own folder.

PVTEST32_CFLAGS = $(TARGET_CFLAGS) -fpie -fno-plt
PVTEST32_SRCS := guests/pvtest/arm32/start.S guests/pvtest/main.c lib/string.c lib/format.c
PVTEST32_OBJ  := $(BUILD)/guests/pvtest/obj
PVTEST32_OBJS := $(patsubst %,$(PVTEST32_OBJ)/%.o,$(PVTEST32_SRCS))

arch-guests: $(BUILD)/guests/pvtest/pvtest.bin

$(filter %.c.o,$(PVTEST32_OBJS)): $(PVTEST32_OBJ)/%.c.o: %.c | $(LIBFDT_A)
	@mkdir -p $(dir $@)
	@echo "  CC      $< (pvtest)"
	$(Q)$(CC) $(PVTEST32_CFLAGS) -c $< -o $@
$(filter %.S.o,$(PVTEST32_OBJS)): $(PVTEST32_OBJ)/%.S.o: %.S
	@mkdir -p $(dir $@)
	@echo "  AS      $< (pvtest)"
	$(Q)$(CC) $(PVTEST32_CFLAGS) -D__ASSEMBLER__ -c $< -o $@
$(BUILD)/guests/pvtest/pvtest.elf: $(PVTEST32_OBJS) guests/test/arm32/guest.ld $(LIBFDT_A)
	$(LD) -nostdlib -pie --no-dynamic-linker -z notext --no-warn-rwx-segments \
		-T guests/test/arm32/guest.ld -o $@ $(PVTEST32_OBJS) $(LIBFDT_A) $(LIBGCC)
$(BUILD)/guests/pvtest/pvtest.bin: $(BUILD)/guests/pvtest/pvtest.elf
	$(OBJCOPY) -O binary $< $@

-include $(PVTEST32_OBJS:.o=.d)
