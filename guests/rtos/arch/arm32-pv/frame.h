/* The paravirtual port's task frame: Tandem's struct tandem_pv_frame
 * (pv/abi.h), the same whether Tandem pushed it for an interrupt or
 * port_switch saved it: r0-r12, LR, then the PC and flags TANDEM_PV_IRET
 * resumes, the SP it restores, three reserved words (16-byte aligned).
 * The flags are the ABI's: NZCV and bit 7 for "interrupts masked". Only
 * integer state: tasks do not use VFP/NEON (docs/rtos.md). */
#ifndef RTOS_ARM32_PV_FRAME_H
#define RTOS_ARM32_PV_FRAME_H

#define FRAME_R(n)      (4 * (n))
#define FRAME_LR        52
#define FRAME_PC        56
#define FRAME_FLAGS     60
#define FRAME_SP        64
#define FRAME_SIZE      80
#define FLAGS_MASKED    (1 << 7)
#define FLAGS_TASK      0               /* a new task: interrupts taken, ARM state */

/* The kernel's task control block starts with port_sp (rtos.h). */
#define TASK_PORT_SP    0

#endif
