/* The saved context of a task that is not running, on its own stack, the
 * same whether it was interrupted (vectors.S) or switched out by the
 * kernel (port_switch): x0-x30, then the PC and PSTATE to eret to. Only
 * integer state: tasks do not use FP/SIMD (docs/rtos.md). */
#ifndef RTOS_ARM64_FRAME_H
#define RTOS_ARM64_FRAME_H

#define FRAME_X(n)      (8 * (n))
#define FRAME_ELR       248
#define FRAME_SPSR      256
#define FRAME_SIZE      272             /* a multiple of 16, as SP must be */

/* SPSR of a new task: EL1 on SP_EL1, IRQs and SErrors taken; debug and
 * FIQ masked (nothing is routed to FIQ). */
#define SPSR_EL1H       0x5
#define SPSR_TASK       (SPSR_EL1H | (1 << 9) | (1 << 6))

/* The kernel's task control block starts with port_sp (rtos.h). */
#define TASK_PORT_SP    0

#endif
