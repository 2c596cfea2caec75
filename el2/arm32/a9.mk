# The Cortex-A9 build (make a9: ARCH=arm32 VARIANT=a9, into build/a9): the
# ARMv7-A sources for a core without the virtualization extensions, where
# Tandem takes the paravirtual path in SVC mode (pv/arm32, docs/paravirt.md).
# What differs from the HYP build is what the core lacks: no hardware divide
# (armv7-a, not armv7ve), no generic timer (the A9 MPCore's global and
# private timers: el2/arm32/a9/, whose arch_impl headers come first), and
# the RAM the image is linked at (vexpress-a9: RAM at 0x60000000, a raw
# image at RAM + 0x10000).
ARCH_CFLAGS   := -marm -march=armv7-a+fp -mtune=cortex-a9 -Wa,-march=armv7ve -mfloat-abi=hard -mgeneral-regs-only \
		 -mno-unaligned-access -DTANDEM_LOAD_ADDR=0x60010000
ARCH_INCLUDES := -Iel2/arm32/a9
ARCH_LDS_DEFS := -DTANDEM_LOAD_ADDR=0x60010000
ARCH_EXTRA_SRCS := $(wildcard el2/arm32/a9/*.c el2/arm32/a9/*.S)
