# The Cortex-A9 guests (included by the top-level Makefile for ARCH=arm32
# VARIANT=a9, building into $(BUILD) = build/a9): each guest's own .mk adds
# its targets to arch-guests.
-include guests/a9/platform-tree.mk
-include guests/rtos/rtos-a9.mk
-include guests/rtos/rtos-a9-pv.mk
-include guests/pvtest/pvtest-a9.mk

OVERLAY_SRCS   := $(wildcard guests/*/*.dtso tests/integration/overlays/*.dtso)
OVERLAYS       := $(patsubst %.dtso,$(BUILD)/%.dtbo,$(OVERLAY_SRCS))
arch-guests: $(OVERLAYS)
$(BUILD)/%.dtbo: %.dtso
	@mkdir -p $(dir $@)
	dtc -q -@ -I dts -O dtb -o $@ $<
