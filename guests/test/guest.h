/* What the test guest's files share: its console, its configuration (from
 * the device tree), its two SMCCC conduits, device and system-register
 * accessors and the benchmark loop. */
#ifndef TESTGUEST_GUEST_H
#define TESTGUEST_GUEST_H
#include <stdbool.h>
#include <stdint.h>

struct smc_result { uint64_t x0, x1, x2, x3; };
/* A cycle-counter and generic-timer reading (the benchmarks' LOOP). */
struct stamp { uint64_t cycles, ticks; };
#define BENCH_ITERS 4000

/* The architecture's part: read_sysreg/write_sysreg by AArch64 register
 * name, isb, irqs_on/off, readl/writel and the other device accesses,
 * arch_hvc/arch_smc, now() and LOOP with its bodies. */
/* Bootarg bench-timer: the benchmarks time with the generic timer alone
 * (no PMU: Xen gives its domUs none), for a like-for-like pair with a
 * hypervisor that does not. */
extern bool timer_only;
#if defined(__aarch64__)
#include "guests/test/arm64/arch.h"
#elif defined(__arm__)
#include "guests/test/arm32/arch.h"
#else
#error "the test guest runs on arm64 or arm32"
#endif

#define UART_DR 0x000
#define UART_FR 0x018
#define UART_FR_TXFF (1u << 5)

extern uintptr_t uart;
extern uint64_t ram_base, ram_size, ncpus;
/* No Tandem underneath (bootarg `native`, no EL2, or a UID that is not
 * Tandem's): Tandem's own hypercalls are not made. */
extern bool native;
/* The console is an "arm,sbsa-uart" (Xen's vpl011): no PL011 ID or baud
 * registers. */
extern bool uart_sbsa;

void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
const char *arg_value(const char *key);
/* guest_dt.c: the bootargs, the PSCI conduit, and the tree read into them,
 * uart, ncpus, ram_base and ram_size (and the GIC probed). */
extern char args[1024];
extern bool psci_smc;
uint64_t reg_cells(const uint32_t *p, int cells);   /* big-endian cells (fdt32_t) */
/* /chosen/rng-seed and kaslr-seed as the tree had them (len 0: absent). */
struct seed { unsigned int len; uint8_t bytes[64]; };
extern struct seed rng_seed, kaslr_seed;
void read_device_tree(const void *fdt);

/* HVC #0: Tandem's hypercalls. */
struct smc_result hvc(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3);
/* PSCI through the conduit /psci names (HVC or SMC). */
struct smc_result psci(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3);

static inline unsigned int this_cpu(void)
{
	return read_sysreg(mpidr_el1) & 0xff;
}

static inline uint64_t cntvct(void)
{
	isb();
	return read_sysreg(cntvct_el0);
}

uint64_t ms_ticks(uint64_t ms);
void sleep_ticks(uint64_t ticks);

/* Path lengths. Under QEMU's -icount shift=0 the cycle counter advances by
 * one per instruction (at every EL, once PMCCFILTR counts EL2 too) and the
 * generic timer by one per 16: the loops (LOOP, from the architecture's
 * header) are timed with both, as a check on each other. Each figure is one
 * iteration minus an empty iteration, plus the one instruction under test. */
void pmu_on(void);
void report(const char *name, struct stamp t, struct stamp empty);

/* irqtests.c: the interrupt tests the bootargs select. */
bool irq_tests_wanted(void);
void irq_tests(void);
/* bootarg ext=SEED: the vCPU's SVE state and keys stay its own (ext_state.c). */
void ext_state_test(unsigned long seed);
void secondary_irq_main(unsigned int cpu, unsigned int mode);

/* A secondary's CPU_ON context id: its index, and what to do (bits 8+). */
#define SECONDARY_HELLO 0    /* say hello, power off (bootarg smp) */
#define SECONDARY_SGI   1    /* wait for an SGI from vCPU 0 (bootarg sgi) */
#define SECONDARY_BEHIND 2   /* send SGI_BEHIND to vCPU 0 when told (bootarg sgi-behind) */

#endif
