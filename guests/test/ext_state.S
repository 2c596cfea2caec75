/* The test guest's SVE and pointer-authentication accessors (ext_state.c):
 * the whole vector state to and from memory at the current vector length,
 * the keys by their encodings, and a PACGA with the generic key. */
	.arch armv8.3-a
	.arch_extension sve
	.text

/* x0: Z buffer (32 vectors), x1: P buffer (p0-p15 then FFR), at VL stride. */
	.global ext_sve_store
ext_sve_store:
	.irp n,0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	str	z\n, [x0, #\n, MUL VL]
	.endr
	.irp n,0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
	str	p\n, [x1, #\n, MUL VL]
	.endr
	rdffr	p0.b
	str	p0, [x1, #16, MUL VL]
	ldr	p0, [x1, #0, MUL VL]
	ret

/* x0: seed. Lane i of zN (64-bit lanes) = seed << 32 | N << 16 | i. P
 * registers from x1's buffer, FFR from its 17th entry. */
	.global ext_sve_fill
ext_sve_fill:
	lsl	x0, x0, #32
	.irp n,0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	add	x2, x0, #(\n << 16)
	index	z\n\().d, x2, #1
	.endr
	ldr	p0, [x1, #16, MUL VL]
	wrffr	p0.b
	.irp n,0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
	ldr	p\n, [x1, #\n, MUL VL]
	.endr
	ret

	.global ext_sve_vl
ext_sve_vl:
	rdvl	x0, #1
	ret

/* ZCR_EL1 */
	.global ext_zcr_write
ext_zcr_write:
	msr	s3_0_c1_c2_0, x0
	isb
	ret

/* x0: 10 words, APIAKeyLo/Hi, APIB, APDA, APDB, APGA */
	.global ext_keys_read
ext_keys_read:
	mrs	x1, s3_0_c2_c1_0
	mrs	x2, s3_0_c2_c1_1
	stp	x1, x2, [x0]
	mrs	x1, s3_0_c2_c1_2
	mrs	x2, s3_0_c2_c1_3
	stp	x1, x2, [x0, #16]
	mrs	x1, s3_0_c2_c2_0
	mrs	x2, s3_0_c2_c2_1
	stp	x1, x2, [x0, #32]
	mrs	x1, s3_0_c2_c2_2
	mrs	x2, s3_0_c2_c2_3
	stp	x1, x2, [x0, #48]
	mrs	x1, s3_0_c2_c3_0
	mrs	x2, s3_0_c2_c3_1
	stp	x1, x2, [x0, #64]
	ret

	.global ext_keys_write
ext_keys_write:
	ldp	x1, x2, [x0]
	msr	s3_0_c2_c1_0, x1
	msr	s3_0_c2_c1_1, x2
	ldp	x1, x2, [x0, #16]
	msr	s3_0_c2_c1_2, x1
	msr	s3_0_c2_c1_3, x2
	ldp	x1, x2, [x0, #32]
	msr	s3_0_c2_c2_0, x1
	msr	s3_0_c2_c2_1, x2
	ldp	x1, x2, [x0, #48]
	msr	s3_0_c2_c2_2, x1
	msr	s3_0_c2_c2_3, x2
	ldp	x1, x2, [x0, #64]
	msr	s3_0_c2_c3_0, x1
	msr	s3_0_c2_c3_1, x2
	isb
	ret

/* PACGA x0, x0, x1: a MAC of x0 with modifier x1 under the generic key. */
	.global ext_pacga
ext_pacga:
	pacga	x0, x0, x1
	ret
