/* Constants shared by assembly and C: memory layout of the image and the
 * offsets of the saved guest registers in struct vcpu (checked in vcpu.c with
 * static assertions, so the two cannot drift apart). */
#ifndef TANDEM_ARM64_LAYOUT_H
#define TANDEM_ARM64_LAYOUT_H

#define TANDEM_MAX_CPUS      8
#define TANDEM_STACK_SIZE    (16 * 1024)
#define TANDEM_GUARD_SIZE    4096
/* Tandem claims this much RAM from its load address: image, stacks, page-table
 * pool and buffers. The host-side checker assumes the same. */
#define TANDEM_RESERVED_SIZE (8 * 1024 * 1024)

#define VCPU_REG_X(n)   ((n) * 8)
#define VCPU_REG_PC     256     /* after x0-x30 and the XZR sink */
#define VCPU_REG_PSTATE 264
#define VCPU_HOST_SP    272
#define VCPU_ATTENTION  280
#define VCPU_TRAPS      288
#define TRAP_COUNT_IRQ_INDEX 64          /* TRAP_COUNT_IRQ in vcpu.h */
#define VCPU_VTIMER_LR  1496            /* offsetof(struct vcpu, vgic.vtimer_lr), asserted */

/* struct irq_fast (el2/irq.c), for the IRQ exit's fast path. */
#define IRQ_FAST_GICC    0
#define IRQ_FAST_INTID   8
#define IRQ_FAST_PRESENT 16
#define IRQ_FAST_V2_LR   24

/* Low bits of a trap_table entry: save x20-x28 before calling the handler
 * always, or only when the data abort's register (ESR.SRT) is one of them. */
#define TRAP_FULL_FRAME   1
#define TRAP_FRAME_BY_SRT 2

#endif
