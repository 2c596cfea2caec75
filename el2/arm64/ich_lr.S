/* ICH_LR<n>_EL2 by index: the register number is part of each instruction's
 * encoding, so a computed branch into a table of two-instruction entries
 * (access, return) reaches the right one. */

	.section .text
	.balign 8
/* uint64_t ich_lr_read(unsigned int n), n < 16 */
	.global ich_lr_read
ich_lr_read:
	adr	x1, 1f
	add	x1, x1, x0, lsl #3
	br	x1
	.balign 8
1:	mrs	x0, s3_4_c12_c12_0
	ret
	mrs	x0, s3_4_c12_c12_1
	ret
	mrs	x0, s3_4_c12_c12_2
	ret
	mrs	x0, s3_4_c12_c12_3
	ret
	mrs	x0, s3_4_c12_c12_4
	ret
	mrs	x0, s3_4_c12_c12_5
	ret
	mrs	x0, s3_4_c12_c12_6
	ret
	mrs	x0, s3_4_c12_c12_7
	ret
	mrs	x0, s3_4_c12_c13_0
	ret
	mrs	x0, s3_4_c12_c13_1
	ret
	mrs	x0, s3_4_c12_c13_2
	ret
	mrs	x0, s3_4_c12_c13_3
	ret
	mrs	x0, s3_4_c12_c13_4
	ret
	mrs	x0, s3_4_c12_c13_5
	ret
	mrs	x0, s3_4_c12_c13_6
	ret
	mrs	x0, s3_4_c12_c13_7
	ret

/* void ich_lr_write(unsigned int n, uint64_t value), n < 16 */
	.global ich_lr_write
ich_lr_write:
	adr	x2, 1f
	add	x2, x2, x0, lsl #3
	br	x2
	.balign 8
1:	msr	s3_4_c12_c12_0, x1
	ret
	msr	s3_4_c12_c12_1, x1
	ret
	msr	s3_4_c12_c12_2, x1
	ret
	msr	s3_4_c12_c12_3, x1
	ret
	msr	s3_4_c12_c12_4, x1
	ret
	msr	s3_4_c12_c12_5, x1
	ret
	msr	s3_4_c12_c12_6, x1
	ret
	msr	s3_4_c12_c12_7, x1
	ret
	msr	s3_4_c12_c13_0, x1
	ret
	msr	s3_4_c12_c13_1, x1
	ret
	msr	s3_4_c12_c13_2, x1
	ret
	msr	s3_4_c12_c13_3, x1
	ret
	msr	s3_4_c12_c13_4, x1
	ret
	msr	s3_4_c12_c13_5, x1
	ret
	msr	s3_4_c12_c13_6, x1
	ret
	msr	s3_4_c12_c13_7, x1
	ret
