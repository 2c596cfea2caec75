/* The paravirtual path's guest ABI (docs/paravirt.md): what a guest at EL0
 * (AArch64) or in USR mode (ARMv7-A) shares with Tandem. Included by Tandem
 * and by paravirtualized guests; plain C with fixed-size fields, no Tandem
 * types. Calls are SVC #0 with the function ID in x0 / r0 (SMCCC style:
 * arguments x1-x4 / r1-r4, result x0 / r0, other registers preserved); IDs
 * are in el2/hypercall.h's vendor range. On ARMv7-A a 64-bit value takes
 * two registers, low word first: TIMER_SET's deadline is r1 (low) and r2
 * (high), COUNTER's count r0 (low) and r1 (high). The comments below give
 * the AArch64 registers. */
#ifndef TANDEM_PV_ABI_H
#define TANDEM_PV_ABI_H

#define TANDEM_PV_CONSOLE_WRITE 0x86000010u  /* x1 VA, x2 bytes (<= 4096) -> bytes, or -2 */
#define TANDEM_PV_CONSOLE_READ  0x86000011u  /* x1 VA, x2 room -> bytes read (0: none), or -2 */
#define TANDEM_PV_SETUP         0x86000012u  /* x1 VA of the shared area, x2 VA of the upcall -> 0 / -2 */
#define TANDEM_PV_IRQ_ENABLE    0x86000013u  /* x1 virtual INTID, x2 1 on / 0 off -> 0 / -2 */
#define TANDEM_PV_IRQ_ACK       0x86000014u  /* -> the pending INTID now active, or 1023 */
#define TANDEM_PV_IRQ_EOI       0x86000015u  /* x1 INTID -> 0 / -2 if it is not active */
#define TANDEM_PV_TIMER_SET     0x86000016u  /* x1 deadline (CNTVCT ticks), ~0 disarms -> 0 */
#define TANDEM_PV_IRET          0x86000017u  /* x1 VA of a frame: resumes it (no return) / -2 */
#define TANDEM_PV_IDLE          0x86000018u  /* waits for a virtual interrupt -> 0 */
#define TANDEM_PV_IRQ_UNMASKED  0x86000019u  /* unmasked with one pending: take it -> 0 */
#define TANDEM_PV_MAP           0x8600001au  /* x1 VA, x2 RAM offset, x3 bytes, x4 prot -> 0 / -2 */
#define TANDEM_PV_COUNTER       0x8600001bu  /* -> x0 the counter TIMER_SET counts in, x1 its Hz
                                                (ARMv7-A: r0 low, r1 high, r2 Hz) */
#define TANDEM_PV_EOI_IRET      0x8600001cu  /* x1 VA of a frame, x2 INTID: IRQ_EOI, then IRET
                                                (no return) / -2, nothing done */

#define TANDEM_PV_SPURIOUS      1023u
/* TANDEM_PV_MAP's protections; 0 unmaps. */
#define TANDEM_PV_PROT_READ     1u
#define TANDEM_PV_PROT_WRITE    2u
#define TANDEM_PV_PROT_EXEC     4u

#ifndef __ASSEMBLER__
#include <stdint.h>

/* The shared area (TANDEM_PV_SETUP; 16-byte aligned, in the guest's RAM).
 * The guest writes `masked`: nonzero holds its virtual interrupts back, as
 * PSTATE.I would. Tandem writes `pending`: nonzero while an enabled virtual
 * interrupt waits; a guest that clears `masked` and then sees `pending`
 * calls TANDEM_PV_IRQ_UNMASKED. Both are changed only on the guest's own
 * core, so program order is enough (no atomics). */
struct tandem_pv_shared {
	volatile uint32_t masked;
	volatile uint32_t pending;
	uint64_t upcalls;      /* Tandem counts the upcalls it made (statistics) */
};

/* A saved context, 16-byte aligned in the guest's RAM: x0-x30, the PC, the
 * flags (NZCV in bits 31-28 as in PSTATE; bit 7 set: interrupts masked, as
 * PSTATE.I), the stack pointer (ARMv7-A: r0-r12, LR, the PC, the flags as
 * in the CPSR, SP; 80 bytes). On an interrupt Tandem pushes one below the
 * interrupted SP, sets `masked` and enters the upcall with x0 = SP = the
 * frame and x1 = the interrupt's INTID, acknowledged for the guest (active:
 * it ends it with TANDEM_PV_IRQ_EOI); TANDEM_PV_IRET resumes a frame (the
 * upcall's exit, or a switch to another task's saved frame) and sets
 * `masked` from its bit 7. */
#if defined(__arm__)
struct tandem_pv_frame {
	uint32_t r[13];
	uint32_t lr;
	uint32_t pc;
	uint32_t flags;
	uint32_t sp;
	uint32_t reserved[3];  /* keeps 16-byte alignment; ignored */
};
#else
struct tandem_pv_frame {
	uint64_t x[31];
	uint64_t pc;
	uint64_t flags;
	uint64_t sp;
};
#endif
#endif

#define TANDEM_PV_FLAGS_NZCV    0xf0000000ull
#define TANDEM_PV_FLAGS_MASKED  (1ull << 7)

#endif
