/* A VM's watchdog ('watchdog' in its overlay): an emulated SBSA generic
 * watchdog (compatible "arm,sbsa-gwdt"; registers in el2/gwdt.c), its
 * control frame and refresh frame one after the other at the address the
 * overlay gives, its WS0 signal a level SPI of the VM. Tandem's EL2 timer
 * watches its deadline (el2/hyp_timer.c, a slot of the vCPU that last wrote
 * it or saw it expire), so that it expires on time even when the guest
 * spins with its interrupts masked and never exits. WS0 raises the
 * interrupt; WS1, the second expiry, is the VM's crash: its on-crash policy
 * (vm_crash_from), with the message "watchdog expired ...". */
#ifndef TANDEM_VWDOG_H
#define TANDEM_VWDOG_H
#include <stdbool.h>
#include <stdint.h>
#include "el2/gwdt.h"
#include "el2/mmio.h"
#include "el2/arch/spinlock.h"

struct vm;
struct vcpu;

#define VWDOG_SIZE (2 * GWDT_FRAME)   /* control frame, then refresh frame */

struct vwdog {
	spinlock_t lock;
	struct vm *vm;              /* NULL: the VM has no watchdog */
	uint32_t intid;             /* WS0 (an SPI of the VM) */
	struct gwdt regs;
	bool line_high;             /* what the vGIC was last told */
	/* WS1 raised, its action not taken yet: it is taken from the EL2 timer
	 * (this slot due at once) in an exit of one of the VM's vCPUs, never in
	 * an emulated access nor in another VM's time; vcpu_run arms the slot
	 * of a vCPU it enters while this is set. */
	volatile bool ws1_pending;
	unsigned int expiries;      /* WS1s, for messages (since Tandem started) */
};

extern const struct mmio_model vwdog_model;

/* Gives vm its watchdog (cfg.has_watchdog), disabled. */
void vwdog_init(struct vwdog *w, struct vm *vm, uint32_t intid);
/* The VM stops or restarts: the watchdog is disabled, its signals and
 * deadline cleared. Safe from any core; nothing if it has none. */
void vwdog_reset(struct vwdog *w);
/* v's watchdog slot of the EL2 timer is due (on v's core, in an interrupt):
 * the deadline is checked against the time now; WS0 raises the interrupt,
 * WS1 applies the VM's on-crash policy, in an exit of v (when v waits off
 * its core, v is woken and the action waits for its next entry). */
void vwdog_timer(struct vcpu *v);

#endif
