/* Tandem's paravirtual test guest: runs at EL0 on the paravirtual path and
 * reaches Tandem only through its hypercalls (SVC #0, docs/paravirt.md).
 * What it does comes from /chosen/bootargs:
 *   seeds=1      print its /chosen/rng-seed and kaslr-seed (in hex)
 *   beats=N      print N heartbeats, checking a pattern in its memory
 *   garbage=1    first, console writes of memory that is not its own and
 *                the other calls with garbage arguments: each must be
 *                refused (-2) and nothing printed
 *   map=1        then map its first page read-only 8 MiB up (TANDEM_PV_MAP),
 *                read it there, and write to it: Tandem must stop it
 *   probe=ADDR   then read ADDR, which is not its memory: Tandem must stop it
 *   privileged=1 then read CurrentEL, which EL0 cannot: Tandem must stop it
 *   badstack=1   then take its timer interrupt with SP outside its RAM, so
 *                that the upcall's frame has nowhere to go: Tandem must stop it
 *   flood=N      then print N lines of 100 characters without pause, wait
 *                1.5 s and say so: Tandem drops what is over its console
 *                budget, with a note, and shows the line after the pause
 *   (otherwise)  power off (PSCI SYSTEM_OFF) */
#include <stdint.h>
#include <string.h>
#include <stdlib.h>
#include <libfdt.h>
#include <format.h>

#include "pv/abi.h"
#include "el2/hypercall.h"
#include "firmware/smccc.h"

static uint64_t svc4(uint64_t fid, uint64_t a, uint64_t b, uint64_t c, uint64_t d, uint64_t *out1)
{
	register uint64_t x0 __asm__("x0") = fid;
	register uint64_t x1 __asm__("x1") = a;
	register uint64_t x2 __asm__("x2") = b;
	register uint64_t x3 __asm__("x3") = c;
	register uint64_t x4 __asm__("x4") = d;

	__asm__ volatile("svc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3), "+r"(x4) : : "memory");
	if (out1)
		*out1 = x1;
	return x0;
}

static uint64_t svc(uint64_t fid, uint64_t a, uint64_t b, uint64_t *out1)
{
	return svc4(fid, a, b, 0, 0, out1);
}

extern char _start[];   /* the first byte of its RAM */


static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *fmt, ...)
{
	char buf[160];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnformat(buf, sizeof(buf) - 1, fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(buf) - 2)
		n = (int)sizeof(buf) - 2;
	buf[n++] = '\n';
	svc(TANDEM_PV_CONSOLE_WRITE, (uint64_t)(uintptr_t)buf, (uint64_t)n, NULL);
}

static const char *arg(const char *args, const char *key)
{
	size_t n = strlen(key);

	for (const char *p = args; p && *p; p++)
		if ((p == args || p[-1] == ' ') && !strncmp(p, key, n) && p[n] == '=')
			return p + n + 1;
	return NULL;
}

static uint64_t pattern[512];

static struct tandem_pv_shared shared __attribute__((aligned(16)));

/* The upcall it registers: never entered (the test is that Tandem cannot). */
static void upcall(void)
{
	say("pvtest: upcall entered");
	svc(PSCI_SYSTEM_OFF, 0, 0, NULL);
}

/* A /chosen seed in hex, for the tests of per-VM entropy. */
static void print_seed(const void *fdt, int chosen, const char *name)
{
	int len = 0;
	const uint8_t *v = chosen >= 0 ? fdt_getprop(fdt, chosen, name, &len) : NULL;
	char hex[2 * 64 + 1];

	if (!v || len <= 0 || len > 64) {
		say("seeds: %s absent or of %d bytes", name, len);
		return;
	}
	for (int i = 0; i < len; i++)
		snformat(hex + 2 * i, 3, "%02x", v[i]);
	say("seeds: %s %d bytes %s", name, len, hex);
}

void pv_main(const void *fdt);
void pv_main(const void *fdt)
{
	int chosen = fdt_path_offset(fdt, "/chosen");
	const char *args = chosen >= 0 ? fdt_getprop(fdt, chosen, "bootargs", NULL) : NULL;
	uint64_t version = 0;
	const char *v;

	svc(TANDEM_HC_VERSION, 0, 0, &version);
	say("pvtest: up, Tandem %llu.%llu, args \"%s\"", (unsigned long long)(version >> 16),
	    (unsigned long long)(version & 0xffff), args ? args : "");
	if (arg(args, "seeds")) {
		print_seed(fdt, chosen, "rng-seed");
		print_seed(fdt, chosen, "kaslr-seed");
	}
	for (unsigned int i = 0; i < 512; i++)
		pattern[i] = 0x9e3779b97f4a7c15ull * (i + 1);
	if (arg(args, "garbage")) {
		int64_t a = (int64_t)svc(TANDEM_PV_CONSOLE_WRITE, 0x40200000, 16, NULL);        /* Tandem's */
		int64_t b = (int64_t)svc(TANDEM_PV_CONSOLE_WRITE, (uint64_t)(uintptr_t)pattern, 1ull << 40, NULL);
		int64_t c = (int64_t)svc(TANDEM_PV_CONSOLE_WRITE, ~0ull - 4, 8, NULL);          /* wraps */

		uint64_t base = (uint64_t)(uintptr_t)_start;

		say("pvtest: garbage console writes -> %lld %lld %lld", (long long)a, (long long)b,
		    (long long)c);
		say("pvtest: garbage calls -> read %lld setup %lld enable %lld eoi %lld iret %lld "
		    "map %lld %lld %lld",
		    (long long)svc(TANDEM_PV_CONSOLE_READ, 0x40200000, 16, NULL),
		    (long long)svc(TANDEM_PV_SETUP, 0x40200000, base, NULL),      /* Tandem's */
		    (long long)svc(TANDEM_PV_IRQ_ENABLE, 40, 1, NULL),            /* not its INTID */
		    (long long)svc(TANDEM_PV_IRQ_EOI, 27, 0, NULL),               /* not active */
		    (long long)svc(TANDEM_PV_IRET, base - 4096, 0, NULL),         /* below its RAM */
		    (long long)svc4(TANDEM_PV_MAP, base, 1ull << 40, 4096, 1, NULL),   /* beyond its RAM */
		    (long long)svc4(TANDEM_PV_MAP, 0x40200000, 0, 4096, 1, NULL), /* outside its window */
		    (long long)svc4(TANDEM_PV_MAP, base + 4096, 0, 4096, 2, NULL)); /* write-only */
	}
	if ((v = arg(args, "beats"))) {
		unsigned long n = strtoul(v, NULL, 0);

		for (unsigned long b = 1; b <= n; b++) {
			bool ok = true;

			for (volatile unsigned long spin = 0; spin < 200000; spin++)
				;
			for (unsigned int i = 0; i < 512; i++)
				ok &= pattern[i] == 0x9e3779b97f4a7c15ull * (i + 1);
			say("pvtest: heartbeat %lu: memory %s", b, ok ? "intact" : "CORRUPT");
		}
	}
	if (arg(args, "map")) {
		uint64_t base = (uint64_t)(uintptr_t)_start, alias = base + (8u << 20);
		int64_t r = (int64_t)svc4(TANDEM_PV_MAP, alias, 0, 4096, TANDEM_PV_PROT_READ, NULL);
		volatile uint32_t *p = (volatile uint32_t *)(uintptr_t)alias;

		say("pvtest: first page mapped read-only at 0x%llx -> %lld", (unsigned long long)alias,
		    (long long)r);
		say("pvtest: it reads 0x%x there, 0x%x at 0x%llx: %s", p[1], ((uint32_t *)_start)[1],
		    (unsigned long long)base, p[1] == ((uint32_t *)_start)[1] ? "the same" : "DIFFERENT");
		say("pvtest: writing to the read-only page");
		p[1] = 0;
		say("pvtest: wrote it");
	}
	if ((v = arg(args, "probe"))) {
		uint64_t addr = strtoul(v, NULL, 0);

		say("pvtest: reading 0x%llx, which is not my memory", (unsigned long long)addr);
		say("pvtest: read 0x%llx", (unsigned long long)*(volatile uint64_t *)(uintptr_t)addr);
	}
	if (arg(args, "badstack")) {
		uint64_t now;

		svc(TANDEM_PV_SETUP, (uint64_t)(uintptr_t)&shared, (uint64_t)(uintptr_t)upcall, NULL);
		svc(TANDEM_PV_IRQ_ENABLE, 27, 1, NULL);
		__asm__ volatile("isb; mrs %0, cntvct_el0" : "=r"(now));
		svc(TANDEM_PV_TIMER_SET, now + 6250, 0, NULL);   /* in 100 us */
		say("pvtest: taking an interrupt with SP at 0x100, outside my RAM");
		/* SP out, then unmask as the ABI says: a store, and the call if
		 * the interrupt is already pending. */
		__asm__ volatile("mov x0, #0x100\n mov sp, x0\n"
				 " str wzr, [%0]\n ldr w1, [%1]\n cbz w1, 1f\n"
				 " mov x0, %2\n svc #0\n"
				 "1: b 1b"
				 : : "r"(&shared.masked), "r"(&shared.pending), "r"((uint64_t)TANDEM_PV_IRQ_UNMASKED)
				 : "x0", "x1", "memory");
	}
	if ((v = arg(args, "flood"))) {
		unsigned long n = strtoul(v, NULL, 0);
		uint64_t t0, t, hz;

		for (unsigned long i = 0; i < n; i++)
			say("pvtest: FLOOD %05lu ......................................................"
			    "..................", i);
		__asm__ volatile("isb; mrs %0, cntvct_el0; mrs %1, cntfrq_el0" : "=r"(t0), "=r"(hz));
		do
			__asm__ volatile("isb; mrs %0, cntvct_el0" : "=r"(t));
		while (t - t0 < hz * 3 / 2);
		say("pvtest: flooded %lu lines", n);
	}
	if (arg(args, "privileged")) {
		uint64_t el;

		say("pvtest: reading CurrentEL, which EL0 may not");
		__asm__ volatile("mrs %0, CurrentEL" : "=r"(el));
		say("pvtest: CurrentEL 0x%llx", (unsigned long long)el);
	}
	say("pvtest: powering off");
	svc(PSCI_SYSTEM_OFF, 0, 0, NULL);
	for (;;)
		;
}

/* libfdt's stack protector hooks. */
uintptr_t __stack_chk_guard = 0x6a09e667f3bcc909ull;
void __stack_chk_fail(void);
void __stack_chk_fail(void)
{
	say("pvtest: stack corruption detected");
	svc(PSCI_SYSTEM_OFF, 0, 0, NULL);
	for (;;)
		;
}
