# The ARMv7-A port's part of the build (included by the top-level Makefile
# for ARCH=arm32): the hard-float toolchain kept to integer registers,
# Debian's armhf libfdt, Tandem linked at the address QEMU's virt machine
# loads a raw image to (RAM + 0x10000) and entered there in HYP mode.
CROSS       ?= arm-linux-gnueabihf-
SYSROOT     := $(TOP_BUILD)/sysroot-arm32
LIBFDT_A    := $(SYSROOT)/usr/lib/arm-linux-gnueabihf/libfdt.a
# armv7ve: the virtualization extensions (HYP, ERET, banked-register MRS,
# LPAE's 64-bit MCRR) and hardware divide; no VFP/NEON instruction is
# emitted (-mgeneral-regs-only), so guest floating point is Tandem's to
# switch lazily.
ARCH_CFLAGS := -marm -march=armv7ve+fp -mfloat-abi=hard -mgeneral-regs-only -mno-unaligned-access
ARCH_TANDEM_CFLAGS :=
ARCH_LDFLAGS := -no-pie
ARCH_LDS    := el2/arm32/tandem.ld
ARCH_LDS_DEPS := el2/arm32/layout.h
ARCH_CHECK_IMAGE = $(PYTHON) el2/arm32/check_image.py $(1) $(2)
# A core with HYP has the virtualization extensions: no paravirtual path.
PV_ARCH     := none

# VARIANT=a9: the same sources for the Cortex-A9 generation (el2/arm32/a9.mk).
ifneq ($(VARIANT),)
include el2/arm32/$(VARIANT).mk
endif
