# The AArch64 port's part of the build (included by the top-level Makefile
# for ARCH=arm64): toolchain, sysroot with Debian's arm64 libfdt, the flags
# Tandem's C needs at EL2, the linker script and the check of the linked
# image.
CROSS       ?= aarch64-linux-gnu-
SYSROOT     := $(TOP_BUILD)/sysroot-arm64
LIBFDT_A    := $(SYSROOT)/usr/lib/aarch64-linux-gnu/libfdt.a
ARCH_CFLAGS := -mgeneral-regs-only -mstrict-align -mno-outline-atomics
# Tandem's C never touches x9-x15, so the exit path need not save them
# (el2/arm64/vectors.S); el2/arm64/check_fixed_regs.py verifies the linked
# image.
ARCH_TANDEM_CFLAGS := -ffixed-x9 -ffixed-x10 -ffixed-x11 -ffixed-x12 -ffixed-x13 -ffixed-x14 -ffixed-x15
# Linked at 0 as a position-independent executable: head.S relocates it.
ARCH_LDFLAGS := -Wl,-pie,--no-dynamic-linker,-z,notext
ARCH_LDS    := el2/arm64/tandem.ld
ARCH_LDS_DEPS := el2/arm64/layout.h
ARCH_CHECK_IMAGE = $(PYTHON) el2/arm64/check_fixed_regs.py $(1) $(2)
