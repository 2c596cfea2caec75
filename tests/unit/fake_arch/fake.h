/* The fake architecture's "hardware": what the host tests set and read.
 * See README.md. */
#ifndef TANDEM_FAKE_STATE_H
#define TANDEM_FAKE_STATE_H
#include <stdbool.h>
#include <stdint.h>

#define FAKE_LRS 16

struct fake_arch_state {
	void *self;                 /* arch_cpu_self() */
	uint64_t affinity;          /* arch_cpu_affinity() */
	uint64_t counter, counter_hz;
	uint64_t lr[FAKE_LRS];      /* the list registers */
	unsigned int nlr;           /* how many the "hardware" has */
	bool underflow_irq;         /* the maintenance interrupt's underflow enable */
	uint64_t vmcr, apr;         /* the virtual CPU interface's saved state */
	uint64_t sgi_sent[64];      /* values written to the SGI register */
	unsigned int nsgi;
	unsigned int tlb_flushes;
	uint64_t hyp_timer_cval;    /* the hyp timer: armed at this, or */
	bool hyp_timer_on;          /* off */
	uint64_t vtimer_ctl, vtimer_cval;
};

extern struct fake_arch_state fake_arch;
/* Back to power-on state: 4 list registers, a 62.5 MHz counter at 0. */
void fake_arch_reset(void);

#endif
