# Tandem's Linux guest payload: Debian's arm64 kernel and busybox-static,
# downloaded and verified by guests/linux/fetch.sh, packed by
# guests/linux/build.sh into $(BUILD)/guests/linux/ (see guests/linux/README.md).
# Not included by the top-level Makefile: "include guests/linux/linux.mk" there
# gives "make linux-guest". build.sh decides itself whether anything changed
# (a warm run takes a fraction of a second), so the target is phony.

LINUX_COUNTER := $(BUILD)/guests/linux/tandem-counter

$(LINUX_COUNTER): guests/linux/counter.c
	@mkdir -p $(dir $@)
	@echo "  CC      $< (Linux user space)"
	$(Q)$(CC) -std=gnu11 -O2 -Wall -Wextra -Werror -ffreestanding -nostdlib -static \
		-fno-pic -no-pie -mgeneral-regs-only -fno-stack-protector -o $@ $<

.PHONY: linux-guest
linux-guest: $(LINUX_COUNTER)
	BUILD=$(BUILD) COUNTER_BIN=$(LINUX_COUNTER) guests/linux/build.sh
