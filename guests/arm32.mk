# The ARMv7-A guests (included by the top-level Makefile for ARCH=arm32,
# building into $(BUILD) = build/arm32): each guest's own .mk adds its
# targets to arch-guests.
-include guests/rtos/rtos-arm32.mk
-include guests/test/test-arm32.mk
-include guests/linux/linux-arm32.mk
-include guests/hostile/hostile-arm32.mk

OVERLAY_SRCS   := $(wildcard guests/*/*.dtso tests/integration/overlays/*.dtso)
OVERLAYS       := $(patsubst %.dtso,$(BUILD)/%.dtbo,$(OVERLAY_SRCS))
arch-guests: $(OVERLAYS)
$(BUILD)/%.dtbo: %.dtso
	@mkdir -p $(dir $@)
	dtc -q -@ -I dts -O dtb -o $@ $<
