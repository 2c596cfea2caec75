/* Entry of the paravirtual port, at EL0 at the start of the RAM Tandem gave
 * the VM, its device tree in x0, the MMU already on (Tandem's tables):
 * self-relocation, BSS, the boot stack, then C (bsp_boot). The arm64 Image
 * header is kept, so the same loaders place it. */
#include "lib/arm64_image.h"

	.section .text.head, "ax"
	.global _start
_start:
	arm64_image_header entry

entry:
	mov	x19, x0                 /* device tree */
	adr	x20, _start             /* load address (linked at 0) */
	relocate_self x20
	clear_bss
	adrp	x0, boot_stack_top
	add	sp, x0, :lo12:boot_stack_top
	mov	x0, x19
	bl	bsp_boot
7:	b	7b

	.section .bss
	.balign	16
	.global boot_stack_top
boot_stack:
	.space	16384
boot_stack_top:
