# Tandem: build, test, run and benchmark entry points.
#   make          build the hypervisor, guests and overlays
#   make test     install what is missing, build, run unit + integration tests
#   make run      boot the demo on QEMU (make run-arm32: the same on ARMv7-A)
#   make image    the demo as a board's U-Boot boots it (build/image, docs/boards.md)
#   make bench    path-length benchmarks (QEMU icount), build/bench/results.json
#   make bench-peers  Debian's Xen 4.17 in the same QEMU, same guests: build/bench/peers.json
#   make unit / make integration / make check-config / make clean

HOSTCC      ?= gcc
PYTHON      ?= python3
BUILD       ?= build
# The architecture Tandem is built for: el2/$(ARCH)/ implements el2/arch/.
# `make` builds arm64 here into $(BUILD) and, through `make arm32`, the
# ARMv7-A image and its guests into $(BUILD)/arm32 (ARCH=arm32; TOP_BUILD
# stays the top-level build folder, where the sysroots and tests live).
ARCH        ?= arm64
TOP_BUILD   ?= $(BUILD)
include el2/$(ARCH)/arch.mk
CC          := $(CROSS)gcc
LD          := $(CROSS)ld
OBJCOPY     := $(CROSS)objcopy
EARLY_UART  ?= 0x09000000

WARN        := -Wall -Wextra -Werror
V           ?= 0
Q           := $(if $(filter 1,$(V)),,@)
# Evaluated once, on first use: on a fresh machine the cross compiler only
# exists after `make deps`.
GCC_INCLUDE = $(eval GCC_INCLUDE := $$(shell $(CC) -print-file-name=include))$(GCC_INCLUDE)
LIBGCC      = $(eval LIBGCC := $$(shell $(CC) -print-libgcc-file-name))$(LIBGCC)
TARGET_CFLAGS = -std=gnu11 -O2 -g $(WARN) -ffreestanding -nostdinc \
	-isystem $(GCC_INCLUDE) \
	-I. $(ARCH_INCLUDES) -Iel2/$(ARCH) -Ipv/$(PV_ARCH) -Ilib -Ilib/include -I$(SYSROOT)/usr/include \
	$(ARCH_CFLAGS) -fno-stack-protector -fno-pic -fno-pie \
	-fno-common -fomit-frame-pointer -fno-asynchronous-unwind-tables -MMD -MP

all: tandem guests linux-guest linux-load-guest tandem-check arm32 a9

# ---------------------------------------------------------------- deps
# Installs whatever is missing (quick when nothing is); the entry points that
# a fresh machine runs first (test, run, bench) call it, then re-enter make
# so that the tools it installed are found.
INSTALL_DEPS := TANDEM_SYSROOT=$(TOP_BUILD)/sysroot-arm64 TANDEM_SYSROOT32=$(TOP_BUILD)/sysroot-arm32 \
	tools/install-deps.sh
deps:
	$(INSTALL_DEPS)

$(LIBFDT_A):
	$(INSTALL_DEPS)

# ---------------------------------------------------------------- Tandem
# The paravirtual path (pv/) is linked where the port implements pv/arch/.
# The paravirtual path's port (pv/$(PV_ARCH)), if the image has one.
PV_ARCH     ?= $(ARCH)
TANDEM_PV_SRCS := $(if $(wildcard pv/$(PV_ARCH)),$(wildcard pv/*.c pv/$(PV_ARCH)/*.c pv/$(PV_ARCH)/*.S))
TANDEM_SRCS := $(wildcard el2/*.c el2/$(ARCH)/*.c el2/$(ARCH)/*.S stage2/*.c vgic/*.c \
		vtimer/*.c dt/*.c firmware/*.c vchan/*.c) $(TANDEM_PV_SRCS) $(ARCH_EXTRA_SRCS) \
		lib/string.c lib/format.c lib/blake2s.c lib/entropy_pool.c
TANDEM_SRCS := $(filter-out $(ARCH_EXCLUDE_SRCS),$(TANDEM_SRCS))
TANDEM_OBJS := $(patsubst %,$(BUILD)/tandem/%.o,$(TANDEM_SRCS))
TANDEM_DEFS := -DEARLY_UART=$(EARLY_UART)
# Link-time optimization lets the exit path inline across modules (trap ->
# SMCCC -> hypercall, ISS decoding, MMIO dispatch): it is most of the
# difference between ~115 and ~70 instructions for a null hypercall.
TANDEM_LTO  := -flto=auto -fno-fat-lto-objects

tandem: $(BUILD)/tandem.bin
$(BUILD)/tandem/%.c.o: %.c | $(LIBFDT_A)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(TARGET_CFLAGS) $(TANDEM_DEFS) $(TANDEM_LTO) $(ARCH_TANDEM_CFLAGS) -c $< -o $@
$(BUILD)/tandem/%.S.o: %.S | $(LIBFDT_A)
	@mkdir -p $(dir $@)
	@echo "  AS      $<"
	$(Q)$(CC) $(TARGET_CFLAGS) $(TANDEM_DEFS) -D__ASSEMBLER__ -c $< -o $@
$(BUILD)/tandem/tandem.ld: $(ARCH_LDS) $(ARCH_LDS_DEPS)
	@mkdir -p $(dir $@)
	$(CC) -E -P -x c -I. $(ARCH_LDS_DEFS) $< -o $@
$(BUILD)/tandem.elf: $(TANDEM_OBJS) $(BUILD)/tandem/tandem.ld $(LIBFDT_A)
	@echo "  LD      $@"
	$(Q)$(CC) $(TARGET_CFLAGS) $(TANDEM_LTO) $(ARCH_TANDEM_CFLAGS) -nostdlib \
		$(ARCH_LDFLAGS) -Wl,--build-id=none,--no-warn-rwx-segments \
		-Wl,-Map,$(BUILD)/tandem.map -T $(BUILD)/tandem/tandem.ld -o $@.tmp \
		$(TANDEM_OBJS) $(LIBFDT_A) $(LIBGCC)
	$(Q)$(call ARCH_CHECK_IMAGE,$@.tmp,$(BUILD)/tandem.map)
	@mv $@.tmp $@
$(BUILD)/tandem.bin: $(BUILD)/tandem.elf
	$(OBJCOPY) -O binary $< $@

# ---------------------------------------------------------------- host tools
# tandem-check: the boot-time configuration check on the host (tools/tandem_check.c).
TANDEM_CHECK_SRCS := tools/tandem_check.c dt/platform.c dt/vm_config.c dt/plan.c dt/vm_rules.c dt/channel_rules.c firmware/boot_image.c \
	dt/guest_dt.c dt/passthrough.c stage2/memmap.c lib/format.c
tandem-check: $(BUILD)/tools/tandem-check
$(BUILD)/tools/tandem-check: $(TANDEM_CHECK_SRCS) $(wildcard dt/*.h stage2/*.h lib/*.h firmware/*.h)
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	$(Q)$(HOSTCC) -std=gnu11 -O2 -Wall -Wextra -Werror -I. -Iel2/$(ARCH) -Ilib -DHOST_TEST -o $@ \
		$(TANDEM_CHECK_SRCS) -lfdt

# percore: the QEMU TCG plugin that counts instructions per vCPU and logs
# watched instructions (tools/percore/percore.c), for
# tests/bench/rtos_interference.py. The host's gcc; QEMU's plugin API
# declarations are in tools/percore/qemu_plugin_api.h (Debian ships no header).
percore-plugin: $(BUILD)/tools/percore.so
$(BUILD)/tools/percore.so: tools/percore/percore.c tools/percore/qemu_plugin_api.h
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	$(Q)$(HOSTCC) -std=gnu11 -O2 -Wall -Wextra -Werror -fPIC -shared -fvisibility=hidden -o $@ $<

ifeq ($(ARCH),arm64)
# ---------------------------------------------------------------- guests
include guests/guests.mk
include guests/linux/linux.mk
include guests/firmware/firmware.mk

# ---------------------------------------------------------------- tests
include tests/tests.mk

# ---------------------------------------------------------------- arm32
# The ARMv7-A (HYP) image and its guests, built by the same rules with the
# arm32 port's toolchain (el2/arm32/arch.mk) into $(BUILD)/arm32.
arm32:
	$(MAKE) --no-print-directory ARCH=arm32 BUILD=$(BUILD)/arm32 TOP_BUILD=$(TOP_BUILD) arch-all
# The Cortex-A9 (vexpress-a9) image and its guests: the arm32 sources for a
# core without the virtualization extensions (el2/arm32/a9.mk), which takes
# the paravirtual path, into $(BUILD)/a9.
a9:
	$(MAKE) --no-print-directory ARCH=arm32 VARIANT=a9 BUILD=$(BUILD)/a9 TOP_BUILD=$(TOP_BUILD) arch-all
.PHONY: arm32 a9
else
# The guests of another architecture's build (guests/$(ARCH)[-$(VARIANT)].mk
# defines arch-guests).
include guests/$(ARCH)$(if $(VARIANT),-$(VARIANT)).mk
arch-all: tandem arch-guests
.PHONY: arch-all arch-guests
endif

# ---------------------------------------------------------------- run
QEMU_RUN := $(PYTHON) tools/tandem_qemu.py
LINUX_DEMO = $(BUILD)/guests/linux/Image,$(BUILD)/guests/linux/initramfs-load.cpio.gz
# The demo: Debian's kernel on cores 0-1 (its shell has the keyboard; it has
# stress-ng) and the RTOS on core 2, statically partitioned. Ctrl-] moves the
# keyboard, Ctrl-a x quits.
DEMO_VMS = --vm $(BUILD)/guests/linux/linux.dtbo=$(LINUX_DEMO) \
	--vm $(BUILD)/guests/rtos/rtos.dtbo=$(BUILD)/guests/rtos/rtos.bin
run: deps
	$(MAKE) --no-print-directory all
	$(QEMU_RUN) --interactive --gic 3 $(DEMO_VMS)

# The same demo on ARMv7-A (make arm32's image and guests): Debian's armhf
# kernel on cores 0-1 and the RTOS's arm32 port on core 2 of a Cortex-A15,
# GICv2 as the silicon has it, the channel between Linux's /dev/hvc0 and the
# RTOS.
LINUX_DEMO_ARM32 = $(BUILD)/arm32/guests/linux/zImage,$(BUILD)/arm32/guests/linux/initramfs-load.cpio.gz
run-arm32: deps
	$(MAKE) --no-print-directory all
	$(QEMU_RUN) --interactive --arch arm32 --gic 2 \
		--vm $(BUILD)/guests/linux/linux.dtbo=$(LINUX_DEMO_ARM32) \
		--vm $(BUILD)/guests/rtos/rtos.dtbo=$(BUILD)/arm32/guests/rtos/rtos.bin

# Linux's one vCPU and the RTOS sharing a one-core machine, the RTOS
# preempting Linux whenever it has work (docs/scheduling.md).
run-shared: deps
	$(MAKE) --no-print-directory all
	$(QEMU_RUN) --interactive --gic 3 --smp 1 \
		--vm $(BUILD)/guests/linux/linux-shared.dtbo=$(LINUX_DEMO) \
		--vm $(BUILD)/guests/rtos/rtos-shared.dtbo=$(BUILD)/guests/rtos/rtos.bin

# Two bare-metal test guests, isolated from each other (the first demo).
run-testguests: deps
	$(MAKE) --no-print-directory all
	$(QEMU_RUN) --interactive --gic 3 \
		--vm $(BUILD)/guests/test/vm-a.dtbo=$(BUILD)/guests/test/testguest.bin \
		--vm $(BUILD)/guests/test/vm-b.dtbo=$(BUILD)/guests/test/testguest.bin

# Debian's unmodified kernel alone, with a shell.
# The paravirtual path: no virtualization extensions; two paravirtualized
# RTOS VMs at EL0 on cores 0 and 1 (docs/paravirt.md; Ctrl-] moves the
# keyboard between their shells, Ctrl-a x quits).
run-pv: deps
	$(MAKE) --no-print-directory tandem guests
	$(QEMU_RUN) --interactive --gic 3 --smp 2 --no-virtualization \
		--vm $(BUILD)/guests/rtos/rtos-pv-a.dtbo=$(BUILD)/guests/rtos/rtos-pv.bin \
		--vm $(BUILD)/guests/rtos/rtos-pv-b.dtbo=$(BUILD)/guests/rtos/rtos-pv.bin

ifeq ($(VARIANT),)
run-pv-a9: deps
	$(MAKE) --no-print-directory a9
	$(MAKE) --no-print-directory ARCH=arm32 VARIANT=a9 BUILD=$(BUILD)/a9 TOP_BUILD=$(BUILD) run-pv-a9
endif

run-linux: deps
	$(MAKE) --no-print-directory all
	$(QEMU_RUN) --interactive --gic 3 \
		--vm $(BUILD)/guests/linux/linux.dtbo=$(BUILD)/guests/linux/Image,$(BUILD)/guests/linux/initramfs.cpio.gz

# ---------------------------------------------------------------- image
# What a board's U-Boot loads to boot make run's demo (docs/boards.md,
# tools/tandem_image.py): $(BUILD)/image/tandem.itb (a FIT: Tandem, the VMs'
# overlays and payloads), boot.scr (places them, adds the /chosen/module@
# nodes, starts Tandem with booti) and disk.img (an MBR disk, its FAT
# partition holding both). Checked with tandem-check against the plain tree
# of make run's machine. IMAGE_ARGS: load addresses, Tandem's --bootargs.
# (board-image: the same without installing what is missing, for make integration.)
IMAGE_ARGS ?=
image: deps
	$(MAKE) --no-print-directory board-image
board-image: tandem guests linux-guest linux-load-guest tandem-check
	@mkdir -p $(BUILD)/image
	BUILD=$(BUILD) $(QEMU_RUN) --gic 3 --dumpdtb $(BUILD)/image/qemu-virt.dtb
	BUILD=$(BUILD) $(PYTHON) tools/tandem_image.py --out $(BUILD)/image --tandem $(BUILD)/tandem.bin \
		--platform $(BUILD)/image/qemu-virt.dtb $(IMAGE_ARGS) $(DEMO_VMS)

clean:
	rm -rf $(BUILD)/tandem $(BUILD)/tandem.* $(BUILD)/guests $(BUILD)/tests $(BUILD)/bench $(BUILD)/image

# Overlays checked against a platform tree on the host, as Tandem checks them
# at boot (tools/tandem-check):
#   make check-config PLATFORM=tree.dtb OVERLAYS="vm-a.dtbo vm-b.dtbo" [CHECK_ARGS="--arch a9"]
check-config: tandem-check
	@test -n "$(PLATFORM)" && test -n "$(OVERLAYS)" || { echo "usage: make check-config" \
		"PLATFORM=tree.dtb OVERLAYS=\"a.dtbo ...\" [CHECK_ARGS=\"--arch arm32|a9 --paravirtual\"]"; exit 2; }
	$(BUILD)/tools/tandem-check $(CHECK_ARGS) $(PLATFORM) $(OVERLAYS)

.PHONY: all deps tandem tandem-check percore-plugin check-config guests image board-image run run-arm32 run-shared run-testguests run-pv run-pv-a9 run-linux clean

-include $(TANDEM_OBJS:.o=.d)

# ---------------------------------------------------------------- bench
bench: deps
	$(MAKE) --no-print-directory all linux-rt-guest firmware-guest micro-guest percore-plugin
	$(PYTHON) tests/bench/run.py

# The peer measured in the same run (tests/bench/xen_peer.py): Debian's Xen
# 4.17 (guests/linux/fetch.sh xen), dom0less, with the test guest and Linux.
bench-peers: deps
	$(MAKE) --no-print-directory all
	$(PYTHON) tests/bench/xen_peer.py

.PHONY: bench bench-peers
