/* The test guest's GIC driver: its own distributor and CPU interface, GICv3
 * (system registers, redistributors) or GICv2 (memory-mapped), as its
 * device tree describes; and the IRQ dispatch that start.S's vector calls. */
#ifndef TESTGUEST_GIC_H
#define TESTGUEST_GIC_H
#include <stdbool.h>
#include <stdint.h>

#define GIC_MAX_CPUS     8
#define GIC_SPURIOUS     1023
#define GIC_NR_PRIVATE   32

/* Distributor (both versions) */
#define GICD_CTLR        0x0000
#define GICD_TYPER       0x0004
#define GICD_IIDR        0x0008
#define GICD_IGROUPR     0x0080
#define GICD_ISENABLER   0x0100
#define GICD_ICENABLER   0x0180
#define GICD_ISPENDR     0x0200
#define GICD_ICPENDR     0x0280
#define GICD_ISACTIVER   0x0300
#define GICD_ICACTIVER   0x0380
#define GICD_IPRIORITYR  0x0400
#define GICD_ITARGETSR   0x0800   /* v2 */
#define GICD_ICFGR       0x0c00
#define GICD_IGRPMODR    0x0d00   /* v3 */
#define GICD_SGIR        0x0f00   /* v2 */
#define GICD_CPENDSGIR   0x0f10   /* v2 */
#define GICD_IROUTER     0x6000   /* v3 */
#define GICD_PIDR2_V3    0xffe8
#define GICD_PIDR2_V2    0x0fe8
#define GICD_CTLR_RWP    (1u << 31)

/* Redistributor (v3): RD_base frame, then SGI_base frame 64 KiB above */
#define GICR_CTLR        0x0000
#define GICR_IIDR        0x0004
#define GICR_TYPER       0x0008
#define GICR_WAKER       0x0014
#define GICR_PIDR2       0xffe8
#define GICR_SGI         0x10000
#define GICR_CTLR_RWP    (1u << 3)
#define GICR_TYPER_VLPIS (1u << 1)
#define GICR_TYPER_LAST  (1u << 4)
#define GICR_WAKER_PS    (1u << 1)
#define GICR_WAKER_CA    (1u << 2)

/* CPU interface (v2) */
#define GICC_CTLR        0x0000
#define GICC_PMR         0x0004
#define GICC_BPR         0x0008
#define GICC_IAR         0x000c
#define GICC_EOIR        0x0010
#define GICC_RPR         0x0014
#define GICC_HPPIR       0x0018
#define GICC_IIDR        0x00fc

/* Priorities: everything the guest enables is 0xa0, the mask lets it through. */
#define GIC_PRIO         0xa0
#define GIC_PMR          0xf0

/* SGIs the tests use: 1 to oneself, 8 + n from vCPU n. */
#define SGI_SELF         1
#define SGI_FROM(n)      (8 + (n))

struct gic {
	int version;                    /* 2 or 3; 0: none found */
	uintptr_t gicd, gicc;           /* gicc: v2 */
	uintptr_t gicr[4];              /* v3 redistributor regions */
	uint64_t gicr_size[4];
	int gicr_regions;
	unsigned int nr_irqs;           /* from GICD_TYPER */
	unsigned int vtimer_intid;      /* from the arch timer node (27 on QEMU) */
	uintptr_t rd[GIC_MAX_CPUS];     /* v3: each CPU's RD_base, once found */
	uint8_t cpu_mask[GIC_MAX_CPUS]; /* v2: each CPU's interface bit */
	uint64_t mpidr[GIC_MAX_CPUS];
};
extern struct gic gic;

/* struct irq_frame, the IRQ exception's saved registers (start.S), is the
 * architecture's (guest.h); guest_irq reads and moves its return address, elr. */
typedef void irq_handler_t(unsigned int intid, uint32_t iar);

/* Reads the GIC and timer nodes; returns the GIC version (0: none). */
int gic_probe(const void *fdt);
/* Names what gic_probe found, for the console. */
void gic_describe(char *buf, unsigned long len);
/* The distributor (once, by vCPU 0): everything disabled, idle, Group 1
 * (v3), priority GIC_PRIO, routed to the caller; then enabled. */
bool gic_dist_init(void);
/* This CPU's redistributor (v3: found, woken) or banked distributor state,
 * and its CPU interface. Private interrupts start disabled. */
bool gic_cpu_init(void);
void gic_enable(unsigned int intid);
void gic_disable(unsigned int intid);
void gic_set_handler(unsigned int intid, irq_handler_t *h);
void gic_send_sgi_self(unsigned int intid);
void gic_send_sgi(unsigned int cpu, unsigned int intid);
/* The value and, for v2, the address that send an SGI to this CPU, for
 * benchmarks that time that one store. */
uint64_t gic_sgi_self_value(unsigned int intid);
/* This CPU's RD_base (v3), 0 before gic_cpu_init found it. */
uintptr_t gic_rd(void);
/* Interrupts the dispatcher did not expect (handler-less), per CPU. */
extern volatile uint32_t gic_unexpected[GIC_MAX_CPUS];

/* start.S */
extern char guest_vectors[], bench_vectors[], wait_irq_check[], wait_irq_wfi[];
bool wait_irq_flag(volatile uint32_t *flag, uint64_t wakes);
uint64_t sgi_timed_v3(uint64_t sgi1r, volatile uint32_t *flag, uint64_t spins);
uint64_t sgi_timed_v2(uint32_t sgir, volatile uint32_t *flag, uint64_t spins, uintptr_t gicd_sgir);
/* Set by bench_vectors' IRQ entry: the cycle counter at its first instruction
 * (timer_vectors', arm64 only: the generic timer there, and irq_spins). */
extern volatile uint64_t irq_stamp, irq_spins;
extern char timer_vectors[];

#endif
