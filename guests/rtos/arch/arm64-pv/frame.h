/* The paravirtual port's task frame: the native one (arch/arm64/frame.h),
 * which is also the layout of Tandem's struct tandem_pv_frame, plus the SP
 * slot Tandem fills and TANDEM_PV_IRET restores. The SPSR slot holds the
 * ABI's flags: NZCV and bit 7 for "interrupts masked". */
#ifndef RTOS_ARM64_PV_FRAME_H
#define RTOS_ARM64_PV_FRAME_H
#include "guests/rtos/arch/arm64/frame.h"

#define FRAME_SP        264
#define FLAGS_MASKED    (1 << 7)
#define FLAGS_TASK      0               /* a new task: interrupts taken */

#endif
