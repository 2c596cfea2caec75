# Tandem's Linux guest payloads: Debian's arm64 kernels, busybox-static and
# (for the real-time benchmarks) stress-ng and cyclictest, downloaded and
# verified by guests/linux/fetch.sh, packed by guests/linux/build.sh into
# $(BUILD)/guests/linux/ (see guests/linux/README.md). build.sh decides itself
# whether anything changed (a warm run takes a fraction of a second), so the
# targets are phony.
#
#   linux-guest       Image, initramfs.cpio.gz                 (make all)
#   linux-load-guest  initramfs-load.cpio.gz: initramfs.cpio.gz's contents plus
#                     stress-ng, cyclictest and their libraries, for Image
#                                                              (make all)
#   micro-guest       initramfs-micro.cpio.gz: initramfs.cpio.gz's contents plus
#                     perf (linux-perf), hackbench (rt-tests), stress-ng and
#                     their libraries: the Linux micro-benchmarks
#                     (tests/bench/linux_micro.py)          (not make all: for
#                                                              make bench)
#   linux-rt-guest    Image-rt (PREEMPT_RT), initramfs-rt.cpio.gz, and
#                     initramfs-load.cpio.gz                   (make integration,
#                     make bench; not make all: a 59 MB download of its own)

LINUX_COUNTER := $(BUILD)/guests/linux/tandem-counter
LINUX_CHAN    := $(BUILD)/guests/linux/tandem-chan
LINUX_BUILD   := BUILD=$(BUILD) COUNTER_BIN=$(LINUX_COUNTER) CHAN_BIN=$(LINUX_CHAN) guests/linux/build.sh

# Freestanding static programs for the guest's /bin (no C library).
$(BUILD)/guests/linux/tandem-%: guests/linux/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $< (Linux user space)"
	$(Q)$(CC) -std=gnu11 -O2 -Wall -Wextra -Werror -ffreestanding -nostdlib -static \
		-fno-pic -no-pie -mgeneral-regs-only -fno-stack-protector -o $@ $<

.PHONY: linux-guest linux-load-guest linux-rt-guest micro-guest
linux-guest: $(LINUX_COUNTER) $(LINUX_CHAN)
	$(LINUX_BUILD)

# After linux-guest: both unpack the same kernel package, one at a time.
linux-load-guest: $(LINUX_COUNTER) $(LINUX_CHAN) | linux-guest
	$(LINUX_BUILD) --load

micro-guest: $(LINUX_COUNTER) $(LINUX_CHAN) | linux-guest
	$(LINUX_BUILD) --micro

linux-rt-guest: $(LINUX_COUNTER) $(LINUX_CHAN) | linux-load-guest
	$(LINUX_BUILD) --rt
