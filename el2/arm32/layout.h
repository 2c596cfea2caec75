/* Constants shared by the ARMv7-A port's assembly and C: the image's layout
 * and the offsets of the saved guest registers in struct vcpu (checked in
 * vcpu_switch.c with static assertions). */
#ifndef TANDEM_ARM32_LAYOUT_H
#define TANDEM_ARM32_LAYOUT_H

#define TANDEM_MAX_CPUS      8
#define TANDEM_STACK_SIZE    (16 * 1024)
#define TANDEM_GUARD_SIZE    4096
/* Tandem claims this much RAM from its load address: image, stacks, page-table
 * pool and buffers. */
#define TANDEM_RESERVED_SIZE (8 * 1024 * 1024)
/* Where QEMU's virt machine loads a raw image (RAM + 0x10000): the image is
 * linked there (el2/arm32/tandem.ld). */
#ifndef TANDEM_LOAD_ADDR   /* the A9 build (el2/arm32/a9.mk) links at vexpress's RAM */
#define TANDEM_LOAD_ADDR     0x40010000
#endif

#define VCPU_REG_R(n)   ((n) * 4)
#define VCPU_LR_USR     52
#define VCPU_REG_PC     56
#define VCPU_REG_CPSR   60
#define VCPU_HOST_SP    64
#define VCPU_ATTENTION  76      /* offsetof(struct vcpu, attention), asserted */
#define VCPU_TRAPS      80      /* offsetof(struct vcpu, traps): uint64_t each */
#define TRAP_COUNT_IRQ_INDEX 64 /* TRAP_COUNT_IRQ in vcpu.h */
#define VCPU_VTIMER_LR  1280    /* offsetof(struct vcpu, vgic.vtimer_lr): uint64_t */

/* struct irq_fast (irq_fast.c), for the IRQ exit's fast path. */
#define IRQ_FAST_GICC    0
#define IRQ_FAST_INTID   4
#define IRQ_FAST_PRESENT 8
#define IRQ_FAST_V2_LR   12

#endif
