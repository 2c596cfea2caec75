/* SVE state switch; see sve.h. The offsets scale with the vector length
 * (MUL VL) within storage sized for SVE_MAX_VL; x0-x2 only. */
#include "el2/arm64/sve.h"

	.arch_extension sve
	.text

	.global sve_save
sve_save:
	.irp n,0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	str	z\n, [x0, #\n, MUL VL]
	.endr
	add	x1, x0, #SVE_STATE_P
	.irp n,0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
	str	p\n, [x1, #\n, MUL VL]
	.endr
	rdffr	p0.b
	str	p0, [x1, #16, MUL VL]
	add	x1, x0, #SVE_STATE_ZCR
	mrs	x2, s3_0_c1_c2_0        /* ZCR_EL1 */
	str	x2, [x1]
	mrs	x2, fpsr
	str	x2, [x1, #8]
	mrs	x2, fpcr
	str	x2, [x1, #16]
	ret

	.global sve_restore
sve_restore:
	add	x1, x0, #SVE_STATE_P
	ldr	p0, [x1, #16, MUL VL]
	wrffr	p0.b
	.irp n,0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
	ldr	p\n, [x1, #\n, MUL VL]
	.endr
	.irp n,0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	ldr	z\n, [x0, #\n, MUL VL]
	.endr
	add	x1, x0, #SVE_STATE_ZCR
	ldr	x2, [x1]
	msr	s3_0_c1_c2_0, x2        /* ZCR_EL1 */
	ldr	x2, [x1, #8]
	msr	fpsr, x2
	ldr	x2, [x1, #16]
	msr	fpcr, x2
	ret

	.global sve_flush_live
sve_flush_live:
	.irp n,0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	mov	v\n\().16b, v\n\().16b
	.endr
	.irp n,0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
	pfalse	p\n\().b
	.endr
	wrffr	p0.b
	msr	s3_0_c1_c2_0, xzr       /* ZCR_EL1 */
	ret

	.global sve_vl_bytes
sve_vl_bytes:
	rdvl	x0, #1
	ret
