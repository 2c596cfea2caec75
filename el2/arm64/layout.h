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
#define TANDEM_RESERVED_SIZE (16 * 1024 * 1024)

#define VCPU_REG_X(n)   ((n) * 8)
#define VCPU_REG_PC     248
#define VCPU_REG_PSTATE 256
#define VCPU_HOST_SP    264

#define TRAP_SYNC   0
#define TRAP_IRQ    1
#define TRAP_FIQ    2
#define TRAP_SERROR 3
#define TRAP_AARCH32 4   /* any exception from an AArch32 lower EL */

#endif
