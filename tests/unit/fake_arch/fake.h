/* The fake architecture's "hardware": what the host tests set and read.
 * See README.md. */
#ifndef TANDEM_FAKE_STATE_H
#define TANDEM_FAKE_STATE_H
#include <stdbool.h>
#include <stdint.h>

#define FAKE_LRS  16
#define FAKE_LOG  64

struct vcpu;

struct fake_arch_state {
	void *self;                 /* arch_cpu_self() */
	uint64_t affinity;          /* arch_cpu_affinity() */
	uint64_t counter, counter_hz;

	/* The GICv3 CPU interface (gic_cpuif.h). */
	bool cpuif_enabled;         /* gicv3_cpuif_enable() ran */
	uint64_t lr[FAKE_LRS];      /* the list registers (ich_lr_read/write) */
	unsigned int nlr;           /* how many the "hardware" has (ich_nr_lrs) */
	uint64_t hcr;               /* ICH_HCR as last written */
	bool underflow_irq;         /* its underflow-interrupt enable (UIE) */
	uint64_t vmcr, apr;         /* the virtual CPU interface's saved state */
	uint64_t sgi_sent[FAKE_LOG];   /* values written to the SGI register */
	unsigned int nsgi;
	uint32_t iar_next;          /* what the next acknowledge returns (1023: none) */
	uint32_t eoi[FAKE_LOG], dir[FAKE_LOG];   /* priority drops, deactivations */
	unsigned int neoi, ndir;

	/* Stage 2 (stage2.h). */
	unsigned int tlb_flushes;
	uint64_t tlb_flush_root;    /* the last root flushed */
	unsigned int pa_bits;       /* arch_pa_bits(): 48, host pointers are tables */

	/* Timers (timer.h). */
	uint64_t hyp_timer_cval;    /* the hyp timer: armed at this, or */
	bool hyp_timer_on;          /* off */
	uint64_t vtimer_ctl, vtimer_cval;   /* the loaded vCPU's virtual timer */

	/* Random (random.h): the instruction, and the values it returns. */
	bool rng_present, rng_fails;
	uint64_t rng_next;

	/* Firmware calls (firmware_call.h): the last one, its answer. */
	unsigned int nfirmware_calls;
	bool fw_smc;
	uint64_t fw_args[4];        /* fid, a1..a3 */
	uint64_t fw_result;

	/* The vCPU context (vcpu_context.h). */
	uint32_t guest_insn;        /* what vcpu_fetch_insn() reads, */
	bool guest_insn_readable;   /* if readable */
	unsigned int undefs;        /* vcpu_inject_undef() calls */
	struct vcpu *entered;       /* the last guest_enter() */
	unsigned int entries;

	/* Cache maintenance (cache.h). */
	unsigned int cache_cleans, icache_invals;
};

extern struct fake_arch_state fake_arch;
/* Back to power-on state: 4 list registers, a 62.5 MHz counter at 0, no
 * interrupt to acknowledge (1023), 48 physical address bits. */
void fake_arch_reset(void);

/* guest_enter() on the host: it records the entry, then jumps to the
 * jmp_buf the test armed with setjmp() (fake_arch_guest_armed true), or
 * aborts the test when none is armed (an unexpected entry). */
#include <setjmp.h>
extern jmp_buf fake_arch_guest_exit;
extern bool fake_arch_guest_armed;

#endif
