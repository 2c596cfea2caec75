/* The hostile guest's platform: console, device tree, conduits, stage-1
 * slots, secondary vCPUs, and the dispatch of attack=NAME (hostile.h). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <stdlib.h>
#include <libfdt.h>
#include <format.h>
#include "firmware/smccc.h"
#include "firmware/psci.h"
#include "guests/hostile/hostile.h"

uintptr_t uart;
uint64_t ram_base, ram_size, ncpus = 1;
bool native;
uintptr_t virtio_base;
uint64_t channel_index;
const char *attack_name = "";
const void *boot_fdt;          /* image.c reads its ramdisk's place */
uint64_t boot_number;
static volatile int uart_lock;
volatile uint32_t hvc_probing;   /* start.S: only the test guest's platform probe uses it */
volatile uint64_t irq_stamp, irq_spins;   /* start.S's benchmark vectors, unused here */
volatile uint32_t secondary_running, secondary_stop;
volatile uint64_t secondary_count;

static void lock(void)
{
	while (__atomic_exchange_n(&uart_lock, 1, __ATOMIC_ACQUIRE))
		__asm__ volatile("yield");
}

static void unlock(void)
{
	__atomic_store_n(&uart_lock, 0, __ATOMIC_RELEASE);
}

static void put_line(const char *prefix, const char *fmt, va_list ap)
{
	char buf[240];
	int n = snformat(buf, sizeof(buf), "%s", prefix);

	n += vsnformat(buf + n, sizeof(buf) - (size_t)n, fmt, ap);
	if (n > (int)sizeof(buf) - 1)
		n = sizeof(buf) - 1;
	lock();
	for (int i = 0; i < n; i++)
		writel(uart + UART_DR, (uint8_t)buf[i]);   /* the vpl011 never fills */
	writel(uart + UART_DR, '\n');
	unlock();
}

void say(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	put_line("hostile: ", fmt, ap);
	va_end(ap);
}

void result(bool ok, const char *fmt, ...)
{
	char prefix[80];
	va_list ap;

	snformat(prefix, sizeof(prefix), "hostile: RESULT %s %s ", attack_name, ok ? "ok" : "FAIL");
	va_start(ap, fmt);
	put_line(prefix, fmt, ap);
	va_end(ap);
}

void skip(const char *fmt, ...)
{
	char prefix[80];
	va_list ap;

	snformat(prefix, sizeof(prefix), "hostile: RESULT %s skip ", attack_name);
	va_start(ap, fmt);
	put_line(prefix, fmt, ap);
	va_end(ap);
}

#define CALL(insn) \
	register uint64_t x0 __asm__("x0") = fid; \
	register uint64_t x1 __asm__("x1") = a1; \
	register uint64_t x2 __asm__("x2") = a2; \
	register uint64_t x3 __asm__("x3") = a3; \
	__asm__ volatile(insn : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3) \
			 : : "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12", \
			   "x13", "x14", "x15", "x16", "x17", "memory"); \
	return (struct smc_result){ x0, x1, x2, x3 }

struct smc_result hvc(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3) { CALL("hvc #0"); }
struct smc_result hvc_call(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3) { CALL("hvc #0"); }
struct smc_result smc_call(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3) { CALL("smc #0"); }

struct smc_result psci(uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3)
{
	return psci_smc ? smc_call(fid, a1, a2, a3) : hvc_call(fid, a1, a2, a3);
}

/* The platform as guests/test reads it, and the channel's device. */
static void read_hostile_device_tree(const void *fdt)
{
	const fdt32_t *reg;
	int node, len;

	read_device_tree(fdt);
	node = fdt_node_offset_by_compatible(fdt, -1, "virtio,mmio");
	reg = node >= 0 ? fdt_getprop(fdt, node, "reg", &len) : NULL;
	if (reg && len >= 16) {
		const fdt32_t *idx = fdt_getprop(fdt, node, "tandem,index", NULL);

		virtio_base = (uintptr_t)reg_cells(reg, 2);
		channel_index = idx ? fdt32_to_cpu(*idx) : 0;
	}
}

uint64_t ms_ticks(uint64_t ms)
{
	return read_sysreg(cntfrq_el0) / 1000 * ms;
}

void sleep_ticks(uint64_t ticks)
{
	uint64_t deadline = read_sysreg(cntvct_el0) + ticks;

	write_sysreg(cntv_cval_el0, deadline);
	write_sysreg(cntv_ctl_el0, 1);
	isb();
	while (read_sysreg(cntvct_el0) < deadline)
		__asm__ volatile("wfi");
	write_sysreg(cntv_ctl_el0, 0);
}

/* Busy for ms of virtual time. YIELD: on silicon a spinning core leaves
 * the victim's alone, but under QEMU's -icount round-robin a spin without
 * it holds the one thread, and the victim's clock runs on meanwhile (a
 * 1 ms spin here once cost it a deadline that was QEMU's, not Tandem's). */
void spin_ms(uint64_t ms)
{
	uint64_t end = cntvct() + ms_ticks(ms);

	while (cntvct() < end)
		__asm__ volatile("yield");
}

uintptr_t scratch(void)
{
	return (uintptr_t)(ram_base + (40ull << 20));
}

/* ------------------------------------------------------------ stage 1 */

void s1_set(unsigned int slot, uint64_t desc)
{
	uint64_t *l1 = (uint64_t *)(uintptr_t)(read_sysreg(ttbr0_el1) & 0xfffffffff000ull);

	l1[slot] = desc;
	tlb_flush();
}

uint64_t s1_block(uint64_t pa, bool normal)
{
	/* AttrIndx 1 (Normal write-back) or 0 (Device-nGnRE); AF; inner shareable. */
	return pa | ((normal ? 1ull : 0ull) << 2) | (1ull << 10) | (3ull << 8) | 0x1;
}

uintptr_t normal_alias(uintptr_t pa)
{
	static bool mapped;

	if (!mapped) {
		s1_set(ALIAS_SLOT, s1_block(0, true));
		mapped = true;
	}
	return (uintptr_t)SLOT_VA(ALIAS_SLOT) + pa;
}

/* ------------------------------------------------------------ vCPUs */

volatile uint32_t sgi_count[GIC_MAX_CPUS];

void sgi_counter(unsigned int intid, uint32_t iar)
{
	(void)intid, (void)iar;
	sgi_count[this_cpu() % GIC_MAX_CPUS]++;
}

/* WFI with interrupts taken in between, until *word >= at_least or ms pass
 * (the virtual timer, armed as a watchdog, wakes it). */
bool wait_count(volatile uint32_t *word, uint32_t at_least, uint64_t ms)
{
	uint64_t end = cntvct() + ms_ticks(ms);

	irqs_off();
	write_sysreg(cntv_cval_el0, end);
	write_sysreg(cntv_ctl_el0, 1);
	isb();
	while (*word < at_least && cntvct() < end) {
		__asm__ volatile("wfi");
		irqs_on();
		isb();
		irqs_off();
	}
	write_sysreg(cntv_ctl_el0, 0);
	return *word >= at_least;
}

void chan_flipper(void);

void secondary_main(uint64_t ctx);
void secondary_main(uint64_t ctx)
{
	write_sysreg(vbar_el1, hostile_vectors);
	isb();
	switch ((ctx >> 8) & 0xff) {
	case JOB_SGI_SINK:
		gic_cpu_init();
		gic_set_handler(SGI_FROM(0), sgi_counter);
		gic_enable(SGI_FROM(0));
		secondary_running = 1;
		irqs_on();
		while (!secondary_stop)
			__asm__ volatile("wfi");
		irqs_off();
		break;
	case JOB_CHAN_FLIP:
		secondary_running = 1;
		chan_flipper();
		break;
	case JOB_SUSPEND:
		secondary_running = 1;
		suspend_job();   /* returns only if the call does */
		break;
	case JOB_RESUMED:
		resumed_job(ctx);
		break;
	case JOB_SPIN:
		secondary_running = 1;
		while (!secondary_stop) {
			secondary_count++;
			__asm__ volatile("yield");
		}
		break;
	default:
		secondary_running = 1;
		break;
	}
	secondary_running = 0;
	psci(PSCI_CPU_OFF, 0, 0, 0);
	for (;;)
		__asm__ volatile("wfi");
}

int64_t start_secondary(unsigned int cpu, enum secondary_job job)
{
	struct smc_result r;

	secondary_running = secondary_stop = 0;
	r = psci(PSCI_CPU_ON_64, cpu, (uint64_t)(uintptr_t)secondary_start,
		 cpu | ((uint64_t)job << 8));
	if (PSCI_RET(r) == PSCI_SUCCESS) {
		uint64_t end = cntvct() + ms_ticks(200);

		while (!secondary_running && cntvct() < end)
			__asm__ volatile("yield");
	}
	return PSCI_RET(r);
}

/* start.S: an exception the entry code's own vectors did not expect. */
void guest_unexpected_exception(uint64_t esr, uint64_t elr, uint64_t far, uint64_t kind);
void guest_unexpected_exception(uint64_t esr, uint64_t elr, uint64_t far, uint64_t kind)
{
	say("unexpected exception (vector %llu): ESR 0x%llx at 0x%llx (FAR 0x%llx)",
	    (unsigned long long)kind, (unsigned long long)esr, (unsigned long long)elr,
	    (unsigned long long)far);
	result(false, "unexpected exception ESR 0x%llx at 0x%llx", (unsigned long long)esr,
	       (unsigned long long)elr);
	for (;;)
		__asm__ volatile("wfi");
}

/* ------------------------------------------------------------ dispatch */

static const struct attack *const families[] = {
	mmio_attacks, gic_attacks, firmware_attacks, sysreg_attacks, memory_attacks,
	storm_attacks, channel_attacks, image_attacks, watchdog_attacks,
};

static const struct attack *find_attack(const char *name, size_t len)
{
	for (size_t f = 0; f < sizeof(families) / sizeof(families[0]); f++)
		for (const struct attack *a = families[f]; a->name; a++)
			if (strlen(a->name) == len && !strncmp(a->name, name, len))
				return a;
	return NULL;
}

static void list_attacks(void)
{
	for (size_t f = 0; f < sizeof(families) / sizeof(families[0]); f++)
		for (const struct attack *a = families[f]; a->name; a++)
			say("attack available: %s", a->name);
}

void guest_main(const void *fdt);
void guest_main(const void *fdt)
{
	const char *name;
	const struct attack *a;
	size_t len;

	read_hostile_device_tree(fdt);
	write_sysreg(vbar_el1, hostile_vectors);
	isb();
	/* RAM survives a VM reset: a cookie counts the boots. */
	volatile uint64_t *cookie = (volatile uint64_t *)(uintptr_t)(ram_base + ram_size / 2);
	uint64_t boots = (*cookie >> 32) == 0x4057 ? (*cookie & 0xffffffff) + 1 : 1;

	*cookie = (0x4057ull << 32) | boots;
	boot_fdt = fdt;
	boot_number = boots;
	say("up (boot %llu); RAM 0x%llx-0x%llx, %llu vCPU(s), args \"%s\"",
	    (unsigned long long)boots, (unsigned long long)ram_base,
	    (unsigned long long)(ram_base + ram_size - 1), (unsigned long long)ncpus, args);
	if (gic.version) {
		gic_dist_init();
		gic_cpu_init();
	}
	name = arg_value("attack");
	for (len = 0; name && name[len] && name[len] != ' '; len++)
		;
	a = name ? find_attack(name, len) : NULL;
	if (!a) {
		say("no such attack '%.*s'", (int)len, name ? name : "");
		list_attacks();
	} else {
		attack_name = a->name;
		say("attack %s", a->name);
		a->fn();
	}
	say("idle");
	irqs_off();
	for (;;)
		__asm__ volatile("wfi");
}

/* libfdt's stack protector hooks. */
uintptr_t __stack_chk_guard = 0x2545f4914f6cdd1dull;
void __stack_chk_fail(void);
void __stack_chk_fail(void)
{
	say("stack corruption detected");
	for (;;)
		__asm__ volatile("wfi");
}
