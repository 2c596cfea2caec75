/* Assembler macros for the position-independent images Tandem builds
 * (Tandem itself, the test guests, the RTOS): each is linked at 0 and fixes
 * itself up for wherever it was loaded, before any C runs and possibly with
 * the MMU off (aligned 64-bit accesses only). Clobber x0-x4. */
#ifndef TANDEM_ARM64_IMAGE_H
#define TANDEM_ARM64_IMAGE_H
#ifdef __ASSEMBLER__

/* Applies the image's R_AARCH64_RELATIVE relocations for load offset \base. */
.macro relocate_self base
	adrp	x0, __rela_start
	add	x0, x0, :lo12:__rela_start
	adrp	x1, __rela_end
	add	x1, x1, :lo12:__rela_end
9990:	cmp	x0, x1
	b.hs	9991f
	ldp	x2, x3, [x0], #16       /* r_offset, r_info */
	ldr	x4, [x0], #8            /* r_addend */
	cmp	w3, #1027               /* R_AARCH64_RELATIVE */
	b.ne	9990b
	add	x4, x4, \base
	str	x4, [x2, \base]
	b	9990b
9991:
.endm

/* The arm64 Image header (Linux's Documentation/arch/arm64/booting.rst),
 * first in the image, its first word a branch to \entry: text_offset 0,
 * image_size (by default the linker script's, BSS included), flags (by
 * default little-endian, 4 KiB pages, placed close to the base of RAM).
 * Bootloaders, QEMU's -kernel and Tandem place such an image. */
.macro arm64_image_header entry, size=__image_size, flags=0x2
	b	\entry
	.long	0
	.quad	0                       /* text_offset */
	.quad	\size                   /* image_size: what the loader keeps free */
	.quad	\flags
	.quad	0, 0, 0
	.ascii	"ARM\x64"
	.long	0
.endm

/* Zeroes [__bss_start, __bss_end) (16-byte aligned). */
.macro clear_bss
	adrp	x0, __bss_start
	add	x0, x0, :lo12:__bss_start
	adrp	x1, __bss_end
	add	x1, x1, :lo12:__bss_end
9992:	cmp	x0, x1
	b.hs	9993f
	stp	xzr, xzr, [x0], #16
	b	9992b
9993:
.endm

#endif
#endif
