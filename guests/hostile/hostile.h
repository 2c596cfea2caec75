/* The hostile guest (tests/hostile): one attack per boot, chosen by its
 * bootarg attack=NAME. It runs on guests/test's entry code (start.S) and GIC
 * driver; this header adds what the attacks share. Each attack ends with
 *   hostile: RESULT <attack> ok|FAIL|skip <what it observed>
 * after checking the architectural result itself, or never gets there
 * because Tandem stops the VM (the runner then checks Tandem's message). */
#ifndef HOSTILE_H
#define HOSTILE_H
#include <stdbool.h>
#include <stdint.h>
#include "guests/test/guest.h"
#include "guests/test/gic.h"

/* The attack being run, for result(). */
extern const char *attack_name;
void result(bool ok, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void skip(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* One access of 1, 2, 4 or 8 bytes (any other size: 8) at a, as LDR/STR of
 * that width (guests/hostile/mmio.c). */
uint64_t rd_sized(uintptr_t a, unsigned int size);
void wr_sized(uintptr_t a, unsigned int size, uint64_t v);

/* Synchronous exceptions taken to this guest's own EL1 (vectors.S): counted,
 * recorded, and stepped over (ELR + 4; an instruction abort returns to x30,
 * as after a BLR to the faulting address; an SVC returns normally). */
extern volatile uint64_t caught, caught_esr, caught_far, caught_elr;
extern char hostile_vectors[];
static inline void catch_reset(void) { caught = caught_esr = caught_far = caught_elr = 0; }
static inline unsigned int caught_ec(void) { return (unsigned int)(caught_esr >> 26) & 0x3f; }
#define EC_UNKNOWN 0x00
#define EC_DABT_CUR 0x25
#define EC_IABT_CUR 0x21

/* Calls with an explicit conduit and immediate. */
struct smc_result smc_call(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3);
struct smc_result hvc_call(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3);
#define PSCI_RET(r) ((int64_t)(r).x0)

/* Stage 1: the entry code's level-1 table (1 GiB per entry, 39-bit VAs).
 * The attacks add entries at and above ALIAS_SLOT. */
#define GiB (1ull << 30)
#define ALIAS_SLOT    8           /* VA 0x2_0000_0000: [0, 1 GiB) as Normal, executable */
#define WALK_SLOT     9           /* VA 0x2_4000_0000: a table whose next level is elsewhere */
#define FAR_SLOT      10          /* VA 0x2_8000_0000: a block at an IPA of the attack's choice */
#define SLOT_VA(s)    ((uint64_t)(s) * GiB)
void s1_set(unsigned int slot, uint64_t desc);
uint64_t s1_block(uint64_t pa, bool normal);
/* The address through which [0, 1 GiB), where the GIC, the PL011 and the
 * channel are, is seen as Normal memory: accesses that Device memory would
 * fault at stage 1 (unaligned, DC ZVA, execution) reach Tandem. */
uintptr_t normal_alias(uintptr_t pa);

/* What the device tree gave this VM. */
extern uintptr_t virtio_base;      /* its virtio-console channel end (0: none) */
extern uint64_t channel_index;     /* its tandem,index */

/* A secondary vCPU's job (CPU_ON context id bits 8+). */
enum secondary_job { JOB_OFF = 1, JOB_SGI_SINK, JOB_CHAN_FLIP, JOB_SPIN, JOB_SUSPEND, JOB_RESUMED };
extern volatile uint32_t secondary_running, secondary_stop;
extern volatile uint64_t secondary_count;
/* JOB_SUSPEND: what its power-down CPU_SUSPEND gave (firmware.c). */
struct suspend_seen { uint64_t returned, resumed, ctx, daif, el; };
extern volatile struct suspend_seen suspend_seen;
void suspend_job(void);
void resumed_job(uint64_t ctx);
extern char secondary_start[];
int64_t start_secondary(unsigned int cpu, enum secondary_job job);
/* Scratch RAM the attacks may use freely: 8 MiB from ram_base + 40 MiB. */
uintptr_t scratch(void);

/* Storms last STORM_MS of virtual time (some 200 of the victim's periods):
 * STORM(body) runs body in batches until then, and counts the runs. */
#define STORM_MS 200
#define STORM(body) ({ \
	uint64_t __end = cntvct() + ms_ticks(STORM_MS), __n = 0; \
	while (cntvct() < __end) \
		for (int __i = 0; __i < 64; __i++, __n++) { body; } \
	__n; })

/* Busy for ms of virtual time. */
void spin_ms(uint64_t ms);
static inline void dsb_sy(void) { __asm__ volatile("dsb sy" : : : "memory"); }
static inline void tlb_flush(void)
{
	__asm__ volatile("dsb ishst; tlbi vmalle1; dsb ish; isb" : : : "memory");
}

/* The attacks, by family. */
typedef void attack_fn(void);
struct attack { const char *name; attack_fn *fn; };
/* Each family's table, ended by { NULL, NULL }. */
extern const struct attack mmio_attacks[], gic_attacks[], firmware_attacks[], sysreg_attacks[],
	memory_attacks[], storm_attacks[], channel_attacks[], image_attacks[], watchdog_attacks[];
/* SGI reception shared by the GIC attacks and the storms. */
extern volatile uint32_t sgi_count[GIC_MAX_CPUS];
void sgi_counter(unsigned int intid, uint32_t iar);
bool wait_count(volatile uint32_t *word, uint32_t at_least, uint64_t ms);
#endif
