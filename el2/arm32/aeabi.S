/* What libgcc's ARM EABI division helpers call on a division by zero: in
 * Tandem that is a bug, reported like any other. In assembly so that
 * link-time optimization, which does not see libgcc's references, keeps
 * them. */
	.syntax unified
	.arm
	.section .text
	.global __aeabi_idiv0
	.global __aeabi_ldiv0
__aeabi_idiv0:
__aeabi_ldiv0:
	b	division_by_zero

	.section .note.GNU-stack, "", %progbits
