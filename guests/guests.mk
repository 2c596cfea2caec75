# Guest payloads and their VM overlays (included by the top-level Makefile).

GUEST_CFLAGS = $(TARGET_CFLAGS) -fpie -fno-plt

TESTGUEST_SRCS := guests/test/start.S guests/test/main.c guests/test/gic.c guests/test/guest_dt.c \
		  guests/test/irqtests.c guests/test/ext_state.c guests/test/ext_state.S \
		  lib/string.c lib/format.c
TESTGUEST_OBJS := $(patsubst %,$(BUILD)/guests/obj/%.o,$(TESTGUEST_SRCS))
OVERLAY_SRCS   := $(wildcard guests/*/*.dtso tests/integration/overlays/*.dtso)
OVERLAYS       := $(patsubst %.dtso,$(BUILD)/%.dtbo,$(OVERLAY_SRCS))

PVTEST_SRCS := guests/pvtest/start.S guests/pvtest/main.c lib/string.c lib/format.c
PVTEST_OBJS := $(patsubst %,$(BUILD)/guests/obj/%.o,$(PVTEST_SRCS))

guests: $(BUILD)/guests/test/testguest.bin $(BUILD)/guests/pvtest/pvtest.bin $(OVERLAYS)

# The paravirtual test guest (runs at EL0 on the paravirtual path).
$(BUILD)/guests/pvtest/pvtest.elf: $(PVTEST_OBJS) guests/test/guest.ld $(LIBFDT_A)
	@mkdir -p $(dir $@)
	$(LD) -nostdlib -pie --no-dynamic-linker -z notext --no-warn-rwx-segments -T guests/test/guest.ld \
		-o $@ $(PVTEST_OBJS) $(LIBFDT_A) $(LIBGCC)
$(BUILD)/guests/pvtest/pvtest.bin: $(BUILD)/guests/pvtest/pvtest.elf
	$(OBJCOPY) -O binary $< $@

$(BUILD)/guests/obj/%.c.o: %.c | $(LIBFDT_A)
	@mkdir -p $(dir $@)
	@echo "  CC      $< (guest)"
	$(Q)$(CC) $(GUEST_CFLAGS) -c $< -o $@
$(BUILD)/guests/obj/%.S.o: %.S
	@mkdir -p $(dir $@)
	@echo "  AS      $< (guest)"
	$(Q)$(CC) $(GUEST_CFLAGS) -D__ASSEMBLER__ -c $< -o $@
$(BUILD)/guests/test/testguest.elf: $(TESTGUEST_OBJS) guests/test/guest.ld $(LIBFDT_A)
	@mkdir -p $(dir $@)
	$(LD) -nostdlib -pie --no-dynamic-linker -z notext --no-warn-rwx-segments -T guests/test/guest.ld \
		-o $@ $(TESTGUEST_OBJS) $(LIBFDT_A) $(LIBGCC)
$(BUILD)/guests/test/testguest.bin: $(BUILD)/guests/test/testguest.elf
	$(OBJCOPY) -O binary $< $@

# Overlays: dtc -@ keeps labels and fixups, as overlays need.
$(BUILD)/%.dtbo: %.dtso
	@mkdir -p $(dir $@)
	dtc -q -@ -I dts -O dtb -o $@ $<

-include $(TESTGUEST_OBJS:.o=.d)
include guests/rtos/rtos.mk
include guests/hostile/hostile.mk
