# The test guest on ARMv7-A (ARCH=arm32, included by guests/arm32.mk):
# guests/test's shared C with arm32/'s entry code, exception report, FP
# state test and linker script, into $(BUILD)/guests/test/testguest.bin.
# Its objects have their own folder and rules (other arm32 guests share
# lib/ sources, possibly with other flags).

TESTGUEST32_CFLAGS = $(TARGET_CFLAGS) -fpie -fno-plt
TESTGUEST32_SRCS := guests/test/arm32/start.S guests/test/arm32/exception.c \
		    guests/test/arm32/ext_state.c guests/test/main.c guests/test/gic.c \
		    guests/test/guest_dt.c guests/test/irqtests.c lib/string.c lib/format.c
TESTGUEST32_OBJ  := $(BUILD)/guests/test/obj
TESTGUEST32_OBJS := $(patsubst %,$(TESTGUEST32_OBJ)/%.o,$(TESTGUEST32_SRCS))

arch-guests: $(BUILD)/guests/test/testguest.bin

$(filter %.c.o,$(TESTGUEST32_OBJS)): $(TESTGUEST32_OBJ)/%.c.o: %.c | $(LIBFDT_A)
	@mkdir -p $(dir $@)
	@echo "  CC      $< (test guest)"
	$(Q)$(CC) $(TESTGUEST32_CFLAGS) -c $< -o $@
$(filter %.S.o,$(TESTGUEST32_OBJS)): $(TESTGUEST32_OBJ)/%.S.o: %.S
	@mkdir -p $(dir $@)
	@echo "  AS      $< (test guest)"
	$(Q)$(CC) $(TESTGUEST32_CFLAGS) -D__ASSEMBLER__ -c $< -o $@
$(BUILD)/guests/test/testguest.elf: $(TESTGUEST32_OBJS) guests/test/arm32/guest.ld $(LIBFDT_A)
	$(LD) -nostdlib -pie --no-dynamic-linker -z notext --no-warn-rwx-segments \
		-T guests/test/arm32/guest.ld -o $@ $(TESTGUEST32_OBJS) $(LIBFDT_A) $(LIBGCC)
$(BUILD)/guests/test/testguest.bin: $(BUILD)/guests/test/testguest.elf
	$(OBJCOPY) -O binary $< $@

-include $(TESTGUEST32_OBJS:.o=.d)
