/* libFuzzer target: what a paravirtualized guest's hypercalls and a guest's
 * PSCI calls ask of Tandem, before Tandem acts on it:
 *  - pv/virq.c (the same file Tandem's EL2 build compiles), driven by
 *    a sequence of calls as Tandem (own, raise, lower) and the guest
 *    (enable, ack, eoi) make them, against a model of the rules in
 *    pv/virq.h;
 *  - pv/args.h, the argument checks of CONSOLE_WRITE/READ, SETUP, IRET,
 *    MAP and of the upcall frame, and firmware/psci_args.h, CPU_ON's and
 *    AFFINITY_INFO's, against the rules written out in 128-bit arithmetic
 *    (nothing wraps); whatever a check accepts is then touched in a heap
 *    block of exactly the window's size, so AddressSanitizer sees any
 *    byte outside it.
 * Input: a sequence of operations, each an opcode and its arguments;
 * addresses are either near the window or anything. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "pv/args.h"
#include "pv/virq.h"
#include "firmware/psci_args.h"
#include "tests/fuzz/fuzz_input.h"

#define MAX_OPS    1024
#define TOUCH_MAX  (1u << 16)   /* windows up to this size get a heap block */

typedef unsigned __int128 u128;

/* The model of one vCPU's virtual interrupts. */
static struct {
	bool owned[PV_VIRQ_LIMIT], enabled[PV_VIRQ_LIMIT], pending[PV_VIRQ_LIMIT],
	     active[PV_VIRQ_LIMIT];
} m;
static struct pv_virq q;

/* The window [base, base + size) and, if small, a heap block standing for it. */
static uint64_t base, size;
static uint8_t *block;

/* A window is a VM's RAM: it ends at or below 2^64 (one that wrapped
 * would make the RAM address base + offset wrap in this harness, not in
 * the code under test). */
static void set_window(uint64_t b, uint64_t s)
{
	free(block);
	if (b && s > 0 - b)
		s = 0 - b;
	base = b, size = s;
	block = size <= TOUCH_MAX ? malloc(size) : NULL;
}

/* The rule, without any wrap: [va, va + len) within the window. */
static bool inside(uint64_t va, u128 len)
{
	return va >= base && (u128)va + len <= (u128)base + size;
}

/* Touches what a check accepted, as Tandem then would. */
static void touch(uint64_t va, uint64_t len)
{
	if (!block)
		return;
	CHECK(va >= base && len <= size && va - base + len <= size, "accepted bytes outside");
	if (len) {
		volatile uint8_t *p = block + (va - base);

		p[0] = p[len - 1];
	}
}

static unsigned int intid(struct input *in)
{
	uint16_t v = u16(in);

	/* Mostly around the limit (0-191), sometimes anything 32-bit (pv.c
	 * refuses a wider x1 before these calls). */
	return v & 0x8000 ? u32(in) : v % 192u;
}

static void virq_op(uint8_t op, struct input *in)
{
	unsigned int i = intid(in);
	bool valid = i < PV_VIRQ_LIMIT;

	switch (op) {
	case 0:   /* Tandem gives the VM an INTID */
		CHECK(pv_virq_own(&q, i) == (valid ? 0 : -1), "own %u", i);
		if (valid)
			m.owned[i] = true;
		break;
	case 1: { /* the guest enables or disables one */
		bool on = u8(in) & 1;

		CHECK(pv_virq_enable(&q, i, on) == (valid && m.owned[i] ? 0 : -1), "enable %u", i);
		if (valid && m.owned[i])
			m.enabled[i] = on;
		break;
	}
	case 2:   /* its source is asserted */
		pv_virq_raise(&q, i);
		if (valid && m.owned[i])
			m.pending[i] = true;
		break;
	case 3:   /* no longer asserted */
		pv_virq_lower(&q, i);
		if (valid && m.owned[i])
			m.pending[i] = false;
		break;
	case 4: { /* the guest acknowledges the most urgent */
		unsigned int want = PV_VIRQ_NONE, got;

		for (unsigned int k = 0; k < PV_VIRQ_LIMIT && want == PV_VIRQ_NONE; k++)
			if (m.pending[k] && m.enabled[k])
				want = k;
		got = pv_virq_ack(&q);
		CHECK(got == want, "ack gave %u, expected %u", got, want);
		if (want != PV_VIRQ_NONE) {
			m.pending[want] = false;
			m.active[want] = true;
		}
		break;
	}
	default:  /* the guest ends one */
		CHECK(pv_virq_eoi(&q, i) == (valid && m.active[i] ? 0 : -1), "eoi %u", i);
		if (valid)
			m.active[i] = false;
		break;
	}

	/* After every call: what wakes the guest and what is due. */
	{
		bool waiting = false, any_active = false;

		for (unsigned int k = 0; k < PV_VIRQ_LIMIT; k++) {
			waiting |= m.pending[k] && m.enabled[k];
			any_active |= m.active[k];
			CHECK(!m.pending[k] || m.owned[k], "pending %u, not owned", k);
		}
		CHECK(pv_virq_waiting(&q) == waiting, "waiting");
		CHECK(pv_virq_deliverable(&q) == (waiting && !any_active), "deliverable");
	}
}

/* An address near the window (either side of it and of its end) or anything. */
static uint64_t address(struct input *in)
{
	uint8_t how = u8(in);
	int64_t d = (int32_t)u32(in);

	switch (how % 4) {
	case 0: return base + (uint64_t)d;
	case 1: return base + size + (uint64_t)d;
	case 2: return base + (size & ~0xfffull) / 2 + (uint64_t)(d & ~0xfffll);
	default: return u64(in);
	}
}

static uint64_t length(struct input *in)
{
	uint8_t how = u8(in);

	switch (how % 4) {
	case 0: return u16(in);
	case 1: return (uint64_t)u16(in) << 12;
	case 2: return size - u16(in);
	default: return u64(in);
	}
}

static void args_op(uint8_t op, struct input *in)
{
	switch (op) {
	case 0: { /* CONSOLE_WRITE / READ */
		uint64_t va = address(in), len = length(in);
		bool ok = pv_console_args_ok(base, size, va, len);

		CHECK(ok == (len <= PV_CONSOLE_MAX && inside(va, len)), "console 0x%llx+%llu",
		      (unsigned long long)va, (unsigned long long)len);
		CHECK(pv_in_window(base, size, va, len) == inside(va, len), "window");
		if (ok)
			touch(va, len);
		break;
	}
	case 1: { /* SETUP */
		uint64_t shared = address(in), upcall = address(in);
		bool ok = pv_setup_args_ok(base, size, shared, upcall);

		CHECK(ok == (!(shared & 15) && inside(shared, sizeof(struct tandem_pv_shared)) &&
			     !(upcall & 3) && inside(upcall, 4)), "setup");
		if (ok) {
			touch(shared, sizeof(struct tandem_pv_shared));
			touch(upcall, 4);
		}
		break;
	}
	case 2: { /* IRET */
		uint64_t va = address(in);
		bool ok = pv_iret_args_ok(base, size, va);

		CHECK(ok == (!(va & 15) && inside(va, sizeof(struct tandem_pv_frame))), "iret");
		if (ok)
			touch(va, sizeof(struct tandem_pv_frame));
		break;
	}
	case 3: { /* MAP */
		uint64_t va = address(in), offset = length(in), len = length(in), prot = u8(in);
		bool ok;

		if (prot & 0x80)
			prot = u64(in);
		ok = pv_map_args_ok(base, size, va, offset, len, prot);
		CHECK(ok == (len && !(va % 4096) && !(offset % 4096) && !(len % 4096) &&
			     inside(va, len) && (u128)offset + len <= size && prot < 8 &&
			     (prot == 0 || (prot & TANDEM_PV_PROT_READ))), "map");
		if (ok) {
			touch(va, len);
			touch(base + offset, len);   /* the RAM it maps there */
		}
		break;
	}
	case 4: { /* an upcall's frame below the guest's stack pointer */
		uint64_t sp = address(in), va = 0;
		bool ok = pv_upcall_frame(base, size, sp, &va);
		u128 want = ((u128)sp - sizeof(struct tandem_pv_frame)) & ~(u128)15;

		CHECK(ok == (sp >= sizeof(struct tandem_pv_frame) && inside((uint64_t)want,
			     sizeof(struct tandem_pv_frame))), "upcall frame");
		if (ok) {
			CHECK(va == (uint64_t)want && va + sizeof(struct tandem_pv_frame) <= sp &&
			      !(va & 15), "frame at 0x%llx for SP 0x%llx", (unsigned long long)va,
			      (unsigned long long)sp);
			touch(va, sizeof(struct tandem_pv_frame));
		}
		break;
	}
	default: { /* PSCI CPU_ON / AFFINITY_INFO */
		unsigned int nvcpus = u8(in) % 9;
		uint64_t mpidr = u8(in) & 1 ? u64(in) : u8(in), entry = address(in);
		int t = psci_target_index(mpidr, nvcpus);

		CHECK(t == (mpidr < nvcpus ? (int)mpidr : -1), "target 0x%llx of %u vCPUs",
		      (unsigned long long)mpidr, nvcpus);
		CHECK(psci_entry_ok(base, size, entry) == (inside(entry, 1) && !(entry & 3)),
		      "entry 0x%llx", (unsigned long long)entry);
		if (psci_entry_ok(base, size, entry))
			touch(entry, size - (entry - base) < 4 ? 1 : 4);
		break;
	}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct input in = { data, len };
	unsigned int ops = 0;

	memset(&m, 0, sizeof(m));
	pv_virq_init(&q);
	CHECK(PV_VIRQ_NONE == TANDEM_PV_SPURIOUS, "the ABI's spurious INTID");
	set_window(0x40000000ull, 0x10000);

	while (in.n && ops++ < MAX_OPS) {
		uint8_t op = u8(&in);

		if (op < 0x60) {
			virq_op(op % 6, &in);
		} else if (op < 0xf8) {
			args_op(op % 6, &in);
		} else {   /* a new window: any base, sizes from a page to the whole space */
			uint64_t b = u8(&in) & 1 ? u64(&in) & ~0xfffull : 0x40000000ull;
			uint64_t s = u8(&in) & 1 ? u64(&in) : (uint64_t)(1 + u8(&in) % 16) << 12;

			set_window(b, s);
		}
	}
	free(block);
	block = NULL;
	return 0;
}
