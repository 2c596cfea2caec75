# The Cortex-A9 build (make a9: ARCH=arm32 VARIANT=a9, into build/a9): the
# ARMv7-A sources for a core without the virtualization extensions, where
# Tandem takes the paravirtual path in SVC mode (pv/arm32, docs/paravirt.md).
# What differs from the HYP build is what the core lacks: no hardware divide
# (armv7-a, not armv7ve), no generic timer (the A9 MPCore's global and
# private timers: el2/arm32/a9/, whose arch_impl headers come first), and
# the RAM the image is linked at (vexpress-a9: RAM at 0x60000000, a raw
# image at RAM + 0x10000).
ARCH_CFLAGS   := -marm -march=armv7-a+fp -mtune=cortex-a9 -mfloat-abi=hard -mgeneral-regs-only \
		 -mno-unaligned-access -DTANDEM_LOAD_ADDR=0x60010000
ARCH_INCLUDES := -Iel2/arm32/a9
ARCH_LDS_DEFS := -DTANDEM_LOAD_ADDR=0x60010000
ARCH_EXTRA_SRCS := $(wildcard el2/arm32/a9/*.c el2/arm32/a9/*.S)
# Tandem's own tables in SVC are short-descriptor ones (el2/arm32/a9/mmu.c,
# stage1/), not HYP's LPAE tables; the paravirtual path is pv/arm32.
ARCH_EXCLUDE_SRCS := el2/arm32/mmu.c
ARCH_EXTRA_SRCS   += stage1/short_desc.c
PV_ARCH           := arm32
EARLY_UART        := 0x10009000
