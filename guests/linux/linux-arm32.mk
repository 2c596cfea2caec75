# The ARMv7-A port's Linux guest (included by guests/arm32.mk for ARCH=arm32,
# building into $(BUILD) = build/arm32): Debian's armhf armmp-lpae kernel and
# a busybox initramfs, downloaded and verified by guests/linux/fetch.sh
# (set "armhf"), packed by guests/linux/build.sh --armhf into
# $(BUILD)/guests/linux/ (see guests/linux/README.md). build.sh decides itself
# whether anything changed, so the target is phony.
#
#   linux-guest       zImage (the package's file byte for byte), initramfs.cpio.gz,
#                     with /bin/tandem-counter and /bin/tandem-chan (counter.c,
#                     chan.c, built for ARMv7-A)
#   linux-load-guest  initramfs-load.cpio.gz: initramfs.cpio.gz's contents plus
#                     armhf stress-ng, cyclictest and their libraries (fetch.sh
#                     set "armhf-load"), for the zImage: the loaded Linux of
#                     the benchmarks (tandem.test=stress)

LINUX_COUNTER := $(BUILD)/guests/linux/tandem-counter
LINUX_CHAN    := $(BUILD)/guests/linux/tandem-chan

# Freestanding static programs for the guest's /bin (no C library; libgcc for
# the 64-bit divisions of the decimal conversions). Linux user space runs with
# VFP enabled, but nothing here needs it.
$(BUILD)/guests/linux/tandem-%: guests/linux/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $< (Linux user space, armhf)"
	$(Q)$(CC) -std=gnu11 -O2 -Wall -Wextra -Werror -ffreestanding -nostdlib -static \
		-fno-pic -no-pie $(ARCH_CFLAGS) -fno-stack-protector -o $@ $< $(LIBGCC)

.PHONY: linux-guest linux-load-guest
linux-guest: $(LINUX_COUNTER) $(LINUX_CHAN)
	BUILD=$(BUILD) COUNTER_BIN=$(LINUX_COUNTER) CHAN_BIN=$(LINUX_CHAN) guests/linux/build.sh --armhf

# After linux-guest: both unpack the same kernel package, one at a time.
linux-load-guest: $(LINUX_COUNTER) $(LINUX_CHAN) | linux-guest
	BUILD=$(BUILD) COUNTER_BIN=$(LINUX_COUNTER) CHAN_BIN=$(LINUX_CHAN) guests/linux/build.sh --armhf --load

arch-guests: linux-guest linux-load-guest
