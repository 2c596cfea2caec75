/* The saved context of a task that is not running, on its own stack, the
 * same whether it was interrupted (vectors.S) or switched out by the
 * kernel (port_switch): r0-r12 and LR (SVC mode's), then the PC and CPSR
 * that RFE resumes, where SRSDB put them. Only integer state: tasks do not
 * use VFP/NEON (docs/rtos.md). */
#ifndef RTOS_ARM32_FRAME_H
#define RTOS_ARM32_FRAME_H

#define FRAME_R(n)      (4 * (n))
#define FRAME_LR        52
#define FRAME_PC        56
#define FRAME_CPSR      60
#define FRAME_SIZE      64              /* keeps an 8-byte aligned SP aligned */

/* CPSR of a new task: SVC mode, IRQs and asynchronous aborts taken, FIQ
 * masked (nothing is routed to FIQ), ARM state. */
#define MODE_SVC        0x13
#define MODE_HYP        0x1a
#define CPSR_F          (1 << 6)
#define CPSR_T          (1 << 5)
#define CPSR_TASK       (MODE_SVC | CPSR_F)

/* The kernel's task control block starts with port_sp (rtos.h). */
#define TASK_PORT_SP    0

#endif
