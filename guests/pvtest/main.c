/* Tandem's paravirtual test guest: runs at EL0 on the paravirtual path and
 * reaches Tandem only through its hypercalls (SVC #0, docs/paravirt.md).
 * The same C on AArch64 (EL0) and ARMv7-A (USR mode on the Cortex-A9): what
 * differs (the call's registers, the counter, the privileged instruction,
 * the stack switch, Tandem's address) is in arm64.h / arm32.h.
 * What it does comes from /chosen/bootargs:
 *   seeds=1      print its /chosen/rng-seed and kaslr-seed (in hex)
 *   beats=N      print N heartbeats, checking a pattern in its memory
 *   garbage=1    first, console writes of memory that is not its own and
 *                the other calls with garbage arguments: each must be
 *                refused (-2) and nothing printed; then every other call
 *                with garbage, and unknown IDs (-1), with their answers
 *   map=1        then map its first page read-only 8 MiB up (TANDEM_PV_MAP),
 *                read it there, and write to it: Tandem must stop it
 *   probe=ADDR   then read ADDR, which is not its memory: Tandem must stop it
 *   privileged=1 then read CurrentEL (arm32: SCTLR), which EL0 (USR mode)
 *                cannot: Tandem must stop it
 *   badstack=1   then take its timer interrupt with SP outside its RAM, so
 *                that the upcall's frame has nowhere to go: Tandem must stop it
 *   frame=1      then resume, with TANDEM_PV_IRET, a frame that asks for a
 *                privileged mode with interrupts masked and holds -2 in r0 /
 *                x0: it must come back unprivileged with that -2 (a frame,
 *                not a refusal) and say so; on ARMv7-A it reads the CPSR
 *                (USR, unmasked) and powers off, on arm64 it tries to read
 *                CurrentEL, for which Tandem must stop it
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
#if defined(__aarch64__)
#include "arm64.h"
#else
#include "arm32.h"
#endif

static intptr_t call4(uint32_t fid, uintptr_t a, uintptr_t b, uintptr_t c, uintptr_t d)
{
	return (intptr_t)pv_call(fid, a, b, c, d, NULL, NULL);
}

static intptr_t svc(uint32_t fid, uintptr_t a, uintptr_t b, uintptr_t *out1)
{
	return (intptr_t)pv_call(fid, a, b, 0, 0, out1, NULL);
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
	svc(TANDEM_PV_CONSOLE_WRITE, (uintptr_t)buf, (uintptr_t)n, NULL);
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
static struct tandem_pv_frame frame __attribute__((aligned(16)));   /* zeros */
#ifdef PV_PRIVILEGED_FRAME
static uint8_t frame_stack[1024] __attribute__((aligned(16)));
static void frame_landing(long r0);
#endif

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

/* Every call with garbage: each answer is the one docs/paravirt.md gives. */
static void garbage(void)
{
	uintptr_t base = (uintptr_t)_start;
	intptr_t a = svc(TANDEM_PV_CONSOLE_WRITE, PV_TANDEM_VA, 16, NULL);        /* Tandem's */
	intptr_t b = svc(TANDEM_PV_CONSOLE_WRITE, (uintptr_t)pattern, PV_HUGE, NULL);
	intptr_t c = svc(TANDEM_PV_CONSOLE_WRITE, ~(uintptr_t)0 - 4, 8, NULL);  /* wraps */
	uint64_t hz = 0;

	say("pvtest: garbage console writes -> %ld %ld %ld", (long)a, (long)b, (long)c);
	say("pvtest: garbage calls -> read %ld setup %ld enable %ld eoi %ld iret %ld map %ld %ld %ld",
	    (long)svc(TANDEM_PV_CONSOLE_READ, PV_TANDEM_VA, 16, NULL),
	    (long)svc(TANDEM_PV_SETUP, PV_TANDEM_VA, base, NULL),          /* Tandem's */
	    (long)svc(TANDEM_PV_IRQ_ENABLE, 40, 1, NULL),                  /* not its INTID */
	    (long)svc(TANDEM_PV_IRQ_EOI, 27, 0, NULL),                     /* not active */
	    (long)svc(TANDEM_PV_IRET, base - 4096, 0, NULL),               /* below its RAM */
	    (long)call4(TANDEM_PV_MAP, base, PV_HUGE, 4096, 1),            /* beyond its RAM */
	    (long)call4(TANDEM_PV_MAP, PV_TANDEM_VA, 0, 4096, 1),          /* outside its window */
	    (long)call4(TANDEM_PV_MAP, base + 4096, 0, 4096, 2));          /* write-only */
	/* The calls without a -2 answer ignore garbage (ACK 1023: nothing is
	 * pending; a deadline with a garbage high word is just far ahead),
	 * the frame ones refuse it and do nothing, unknown IDs are -1. */
	intptr_t ack = call4(TANDEM_PV_IRQ_ACK, 0xdead, 0xbeef, ~(uintptr_t)0, 7);
	intptr_t unmasked = call4(TANDEM_PV_IRQ_UNMASKED, ~(uintptr_t)0, 3, 5, 7);
	intptr_t timer = pv_timer_set(0xdeadbeef12345678ull);
	intptr_t disarm = pv_timer_set(~0ull);

	pv_counter_call(0xdeadbeef, &hz);
	say("pvtest: more garbage -> ack %ld unmasked %ld timer %ld disarm %ld counter Hz %llu "
	    "eoi-iret %ld %ld %ld unknown %ld %ld",
	    (long)ack, (long)unmasked, (long)timer, (long)disarm, (unsigned long long)hz,
	    (long)svc(TANDEM_PV_EOI_IRET, base - 4096, 27, NULL),            /* below its RAM */
	    (long)svc(TANDEM_PV_EOI_IRET, (uintptr_t)&frame + 8, 27, NULL),  /* misaligned */
	    (long)svc(TANDEM_PV_EOI_IRET, (uintptr_t)&frame, 29, NULL),      /* INTID not active */
	    (long)svc(0x8600001d, 1, 2, NULL), (long)svc(0x8600ffff, 1, 2, NULL));
}

void pv_main(const void *fdt);
void pv_main(const void *fdt)
{
	int chosen = fdt_path_offset(fdt, "/chosen");
	const char *args = chosen >= 0 ? fdt_getprop(fdt, chosen, "bootargs", NULL) : NULL;
	uintptr_t version = 0;
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
	if (arg(args, "garbage"))
		garbage();
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
		uintptr_t base = (uintptr_t)_start, alias = base + (8u << 20);
		intptr_t r = call4(TANDEM_PV_MAP, alias, 0, 4096, TANDEM_PV_PROT_READ);
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
		uintptr_t addr = strtoul(v, NULL, 0);

		say("pvtest: reading 0x%llx, which is not my memory", (unsigned long long)addr);
		say("pvtest: read 0x%llx", (unsigned long long)*(volatile uintptr_t *)addr);
	}
	if (arg(args, "badstack")) {
		uint64_t hz, now;

		shared.masked = 1;   /* until SP is out */
		svc(TANDEM_PV_SETUP, (uintptr_t)&shared, (uintptr_t)upcall, NULL);
		say("pvtest: timer interrupt %u enabled -> %ld", PV_TIMER_INTID,
		    (long)svc(TANDEM_PV_IRQ_ENABLE, PV_TIMER_INTID, 1, NULL));
		now = pv_counter(&hz);
		pv_timer_set(now + (hz >> 13));   /* in about 120 us */
		say("pvtest: taking an interrupt with SP at 0x100, outside my RAM");
		pv_wait_irq_with_bad_sp(&shared);
	}
	if ((v = arg(args, "flood"))) {
		unsigned long n = strtoul(v, NULL, 0);
		uint64_t t0, t, hz;

		for (unsigned long i = 0; i < n; i++)
			say("pvtest: FLOOD %05lu ......................................................"
			    "..................", i);
		t0 = pv_counter(&hz);
		do
			t = pv_counter(&hz);
		while (t - t0 < hz + (hz >> 1));
		say("pvtest: flooded %lu lines", n);
	}
#ifdef PV_PRIVILEGED_FRAME
	if (arg(args, "frame")) {
		static struct tandem_pv_frame f __attribute__((aligned(16)));

		memset(&f, 0, sizeof(f));
		f.pc = (uintptr_t)frame_landing;
		f.sp = (uintptr_t)(frame_stack + sizeof(frame_stack));
		f.flags = PV_PRIVILEGED_FRAME_FLAGS;
		PV_FRAME_R0(f) = (uintptr_t)-2;   /* what INVALID looks like: still the frame's */
		say("pvtest: resuming a frame that asks for %s", PV_PRIVILEGED_FRAME);
		svc(TANDEM_PV_IRET, (uintptr_t)&f, 0, NULL);
		say("pvtest: IRET refused the frame");
	}
#endif
	if (arg(args, "privileged")) {
		uint64_t r;

		say("pvtest: reading %s, which %s may not", PV_PRIVILEGED, PV_MODE);
		r = pv_privileged_read();
		say("pvtest: %s 0x%llx", PV_PRIVILEGED, (unsigned long long)r);
	}
	say("pvtest: powering off");
	svc(PSCI_SYSTEM_OFF, 0, 0, NULL);
	for (;;)
		;
}

#ifdef PV_PRIVILEGED_FRAME
/* Where frame=1's frame resumes: it says what mode it runs in, then powers
 * off (it has nothing to return to). */
static void frame_landing(long r0)
{
#ifdef PV_CPSR_READABLE
	uint32_t cpsr = pv_cpsr();

	say("pvtest: resumed in mode 0x%x, I %u, F %u, r0 %ld", cpsr & 0x1f, (cpsr >> 7) & 1,
	    (cpsr >> 6) & 1, r0);
#else
	say("pvtest: resumed, x0 %ld; reading %s, which %s may not", r0, PV_PRIVILEGED, PV_MODE);
	say("pvtest: %s 0x%llx", PV_PRIVILEGED, (unsigned long long)pv_privileged_read());
#endif
	say("pvtest: powering off");
	svc(PSCI_SYSTEM_OFF, 0, 0, NULL);
	for (;;)
		;
}
#endif

/* libfdt's stack protector hooks. */
uintptr_t __stack_chk_guard = (uintptr_t)0x6a09e667f3bcc909ull;
void __stack_chk_fail(void);
void __stack_chk_fail(void)
{
	say("pvtest: stack corruption detected");
	svc(PSCI_SYSTEM_OFF, 0, 0, NULL);
	for (;;)
		;
}

#if defined(__arm__)
/* libgcc's division-by-zero hooks (lib/format.c divides 64-bit numbers). */
void __aeabi_idiv0(void);
void __aeabi_ldiv0(void);
void __aeabi_idiv0(void)
{
	say("pvtest: division by zero");
	svc(PSCI_SYSTEM_OFF, 0, 0, NULL);
	for (;;)
		;
}
void __aeabi_ldiv0(void)
{
	__aeabi_idiv0();
}
#endif
