# The hostile guest (tests/hostile): guests/test's entry code, GIC driver
# and device-tree reading (the same objects), its own attacks. Included by guests/guests.mk.

HOSTILE_SRCS := $(wildcard guests/hostile/*.c guests/hostile/*.S)
HOSTILE_OBJS := $(patsubst %,$(BUILD)/guests/obj/%.o,$(HOSTILE_SRCS)) \
	$(BUILD)/guests/obj/guests/test/start.S.o $(BUILD)/guests/obj/guests/test/gic.c.o \
	$(BUILD)/guests/obj/guests/test/guest_dt.c.o \
	$(BUILD)/guests/obj/lib/string.c.o $(BUILD)/guests/obj/lib/format.c.o

guests: $(BUILD)/guests/hostile/hostile.bin

$(BUILD)/guests/hostile/hostile.elf: $(HOSTILE_OBJS) guests/test/guest.ld $(LIBFDT_A)
	@mkdir -p $(dir $@)
	$(LD) -nostdlib -pie --no-dynamic-linker -z notext --no-warn-rwx-segments -T guests/test/guest.ld \
		-o $@ $(HOSTILE_OBJS) $(LIBFDT_A) $(LIBGCC)
$(BUILD)/guests/hostile/hostile.bin: $(BUILD)/guests/hostile/hostile.elf
	$(OBJCOPY) -O binary $< $@

-include $(patsubst %,$(BUILD)/guests/obj/%.d,$(HOSTILE_SRCS))
