/* libFuzzer target: what Tandem does with a trapped data abort, from the
 * syndrome to the device model's handler: el2/arm64/esr.h/.c (decoding
 * the ESR, the value a load delivers, system-register syndromes) and
 * el2/mmio.h/.c (register tables, their index, mmio_dispatch), the same
 * files Tandem's EL2 build compiles.
 *
 * Input: a set of device models (register tables: offsets, lengths,
 * accepted widths, handlers or none; most well-formed, some not) placed as
 * regions in the guest's address space, then accesses: an ESR, an address
 * (in or near a region, or anywhere), a register value and what the device
 * returns. Each access goes the way el2/arm64/exit_decode.c sends it: emulated only with
 * a valid syndrome, no cache maintenance, no stage-1 walk and a translation
 * fault.
 *
 * What must hold: the decoders agree with each other and with the ESR's
 * bits; a load delivers the device's value truncated, sign- or
 * zero-extended as the syndrome says; mmio_model_check accepts exactly the
 * well-formed tables; and mmio_dispatch calls a handler only for an
 * access that lies whole inside the handler's register and its region, is
 * naturally aligned, of a width the register accepts, with the offset from
 * the register's start, and otherwise reads 0 and ignores the write, with
 * the result code saying why. The index is a heap block of exactly its
 * size, so AddressSanitizer catches a lookup outside it. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "el2/arm64/esr.h"
#include "el2/mmio.h"
#include "tests/fuzz/fuzz_input.h"

#define MAX_MODELS  3
#define MAX_REGS    12
#define MAX_REGIONS 4
#define MAX_ACCESS  256

struct model {
	struct mmio_reg regs[MAX_REGS];
	struct mmio_model m;
	bool ok;                  /* the harness's own verdict on the table */
};

static struct model models[MAX_MODELS];
static unsigned int nmodels;
static struct mmio_region regions[MAX_REGIONS];
static unsigned int nregions;

/* What the handler saw. */
static struct {
	unsigned int calls;
	void *dev;
	uint64_t off, value;
	unsigned int size;
	bool write;
} seen;
static uint64_t device_value;

static uint64_t rd(void *dev, struct vcpu *v, uint64_t off, unsigned int size)
{
	(void)v;
	seen.calls++;
	seen.dev = dev, seen.off = off, seen.size = size, seen.write = false;
	return device_value;
}

static void wr(void *dev, struct vcpu *v, uint64_t off, unsigned int size, uint64_t value)
{
	(void)v;
	seen.calls++;
	seen.dev = dev, seen.off = off, seen.size = size, seen.value = value, seen.write = true;
}

/* The rules of el2/mmio.h, as the harness reads them. */
static bool table_ok(const struct mmio_model *m)
{
	if (m->span % 4)
		return false;
	for (unsigned int i = 0; i < m->nregs; i++) {
		const struct mmio_reg *r = &m->regs[i];

		if (!r->len || !r->widths || (r->offset & 3) || (r->len & 3) ||
		    (uint64_t)r->offset + r->len > m->span)
			return false;
		if (i && r->offset < (uint64_t)m->regs[i - 1].offset + m->regs[i - 1].len)
			return false;
	}
	return true;
}

static void build_model(struct model *md, struct input *in)
{
	uint8_t flags = u8(in);
	uint32_t end = 0;

	memset(md, 0, sizeof(*md));
	md->m.name = "fuzzed";
	md->m.regs = md->regs;
	md->m.nregs = u8(in) % (MAX_REGS + 1);
	for (unsigned int i = 0; i < md->m.nregs; i++) {
		struct mmio_reg *r = &md->regs[i];
		uint8_t a = u8(in), b = u8(in), c = u8(in);

		if (flags & 1) {   /* anything: the check must refuse what is wrong */
			r->offset = (uint32_t)a * 2 + (c >> 6);
			r->len = b;
		} else {           /* a well-formed table: sorted, word-aligned */
			r->offset = end + 4u * (a % 4);
			r->len = 4u * (1 + b % 8);
		}
		end = r->offset + r->len;
		r->widths = c & MMIO_WALL;
		r->read = (c & 0x10) ? rd : NULL;
		r->write = (c & 0x20) ? wr : NULL;
	}
	md->m.span = (flags & 2) ? u16(in) : (end + 4u * (flags >> 4) + 3) & ~3u;
	md->ok = table_ok(&md->m);
	CHECK((mmio_model_check(&md->m) < 0) == md->ok, "mmio_model_check says %d, the rules %s",
	      mmio_model_check(&md->m), md->ok ? "accept" : "refuse");
	if (!md->ok)
		return;
	md->m.index = malloc((md->m.span / 4) * sizeof(uint16_t));   /* exactly its size */
	CHECK(mmio_model_init(&md->m) < 0, "a checked table failed to index");
}

/* The harness's own answer: which region and register an access reaches. */
static enum mmio_result expect(const struct mmio_access *acc, const struct mmio_region **rg_out,
			       const struct mmio_reg **r_out, uint64_t *off_out)
{
	for (unsigned int k = 0; k < nregions; k++) {
		const struct mmio_region *rg = &regions[k];
		const struct mmio_model *m = rg->model;
		uint64_t off = acc->addr - rg->base;

		if (acc->addr < rg->base || off >= rg->size)
			continue;
		*rg_out = rg;
		if (off % acc->size)
			return MMIO_UNDECODED;
		for (unsigned int i = 0; i < m->nregs; i++) {
			const struct mmio_reg *r = &m->regs[i];

			if (off < r->offset || off >= (uint64_t)r->offset + r->len)
				continue;
			*r_out = r;
			*off_out = off - r->offset;
			if (!(r->widths & acc->size) || *off_out + acc->size > r->len)
				return MMIO_BAD_WIDTH;
			return MMIO_OK;
		}
		return MMIO_UNDECODED;
	}
	return MMIO_NO_DEVICE;
}

static uint64_t size_mask(unsigned int size)
{
	return size == 8 ? ~0ull : (1ull << (8 * size)) - 1;
}

static void check_syndrome(uint32_t esr, uint64_t raw)
{
	struct dabt_iss d;
	struct sysreg_iss s;

	esr_decode_dabt(esr, &d);
	CHECK(d.valid == !!(esr & ESR_DABT_ISV), "ISV");
	CHECK(d.write == !!(esr & ESR_DABT_WNR) && d.s1ptw == !!(esr & ESR_DABT_S1PTW) &&
	      d.cache_maint == !!(esr & ESR_DABT_CM) && d.fsc == (esr & 0x3f), "WnR/S1PTW/CM/FSC");
	CHECK(esr_ec_name(esr_ec(esr)) && fsc_name(d.fsc), "a class or fault without a name");
	if (d.valid) {
		unsigned int size = d.size;
		uint64_t t = raw & size_mask(size), want = t;

		CHECK(size == 1 || size == 2 || size == 4 || size == 8, "size %u", size);
		CHECK(size == esr_dabt_size(esr) && d.reg == esr_dabt_reg(esr) && d.reg < 32,
		      "the two decoders disagree");
		if (d.sign_extend) {
			if (size < 8 && (t >> (8 * size - 1)) & 1)
				want |= ~size_mask(size);
			if (!d.reg64)
				want &= 0xffffffffull;
		}
		/* An 8-byte load into a W register does not exist (SF=0 with size
		 * 8): no value is defined for it. */
		if (!(size == 8 && !d.reg64))
			CHECK(dabt_load_value(&d, raw) == want, "load of %u bytes, SSE %d, SF %d: 0x%llx, "
			      "not 0x%llx", size, d.sign_extend, d.reg64,
			      (unsigned long long)dabt_load_value(&d, raw), (unsigned long long)want);
		CHECK(esr_dabt_load_value(esr, raw) == dabt_load_value(&d, raw), "fast path differs");
		CHECK(dabt_store_value(&d, raw) == t, "store value");
	} else {
		CHECK(!d.size && !d.reg && !d.sign_extend && !d.reg64 && !d.acq_rel,
		      "fields without a valid syndrome");
	}

	esr_decode_sysreg(esr, &s);
	CHECK(s.op0 < 4 && s.op1 < 8 && s.crn < 16 && s.crm < 16 && s.op2 < 8 && s.reg < 32,
	      "sysreg field out of range");
	CHECK(((s.op0 << 20) | (s.op2 << 17) | (s.op1 << 14) | (s.crn << 10) | (s.reg << 5) |
	       (s.crm << 1) | s.read) == (esr & 0x3fffff), "sysreg fields do not make the ISS");
	CHECK(sysreg_key(&s) == SYSREG_KEY(s.op0, s.op1, s.crn, s.crm, s.op2) &&
	      sysreg_key(&s) < (1u << 16), "sysreg key");
}

/* el2/arm64/exit_decode.c's test of an access it emulates. */
static bool emulable(uint32_t esr)
{
	return (esr & ESR_DABT_ISV) && !(esr & (ESR_DABT_CM | ESR_DABT_S1PTW)) &&
	       (esr & 0x3c) == 0x04;
}

static void access(uint32_t esr, uint64_t addr, uint64_t reg, uint64_t raw)
{
	struct mmio_access acc;
	const struct mmio_region *rg = NULL;
	const struct mmio_reg *r = NULL;
	uint64_t off = 0;
	enum mmio_result got, want;

	if (!emulable(esr))
		return;
	acc.addr = addr;
	acc.size = esr_dabt_size(esr);
	acc.write = esr & ESR_DABT_WNR;
	acc.value = acc.write ? reg & size_mask(acc.size) : 0x5eed;
	memset(&seen, 0, sizeof(seen));
	device_value = raw;
	want = expect(&acc, &rg, &r, &off);
	got = mmio_dispatch(regions, nregions, NULL, &acc);
	CHECK(got == want, "%u-byte %s at 0x%llx: result %d, expected %d", acc.size,
	      acc.write ? "write" : "read", (unsigned long long)addr, got, want);
	if (got == MMIO_OK && (acc.write ? !!r->write : !!r->read)) {
		CHECK(seen.calls == 1 && seen.write == acc.write && seen.dev == rg->dev,
		      "handler not called once, or not this device's");
		CHECK(seen.off == off && seen.size == acc.size, "handler got offset 0x%llx size %u, "
		      "expected 0x%llx size %u", (unsigned long long)seen.off, seen.size,
		      (unsigned long long)off, acc.size);
		/* What the brief of every handler relies on. */
		CHECK(seen.off + seen.size <= r->len && (r->widths & seen.size) &&
		      !((r->offset + seen.off) % seen.size), "access outside its register or misaligned");
		CHECK(addr - rg->base + seen.size <= rg->size, "access beyond its region");
		if (acc.write)
			CHECK(seen.value == (reg & size_mask(acc.size)), "written value");
		else
			CHECK(acc.value == raw, "read value not the handler's");
	} else {
		CHECK(seen.calls == 0, "a handler ran for result %d", got);
		CHECK(acc.write || got == MMIO_NO_DEVICE || acc.value == 0,
		      "a read with no handler returned 0x%llx",
		      (unsigned long long)acc.value);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in = { data, size };
	unsigned int n;

	nmodels = 1 + u8(&in) % MAX_MODELS;
	for (unsigned int i = 0; i < nmodels; i++)
		build_model(&models[i], &in);

	/* Regions: the ones whose table is well-formed, sized like Tandem's
	 * (a multiple of 8 bytes: 0x200, 0x1000, ...), at any base an IPA can
	 * have (below 2^52: a region never wraps around the address space). */
	nregions = 0;
	n = u8(&in) % (MAX_REGIONS + 1);
	for (unsigned int i = 0; i < n; i++) {
		struct model *md = &models[u8(&in) % nmodels];
		uint8_t how = u8(&in);
		uint64_t base = (how & 1) ? u64(&in) & ((1ull << 52) - 8) : 0x8000000ull + 0x10000ull * u8(&in);
		uint64_t rsize = (how & 2) ? 8ull * u16(&in) : ((uint64_t)md->m.span + 7) & ~7ull;

		if (!md->ok || !rsize)
			continue;
		regions[nregions] = mmio_region_init(base, rsize, &md->m, &regions[nregions]);
		nregions++;
	}

	for (unsigned int k = 0; in.n && k < MAX_ACCESS; k++) {
		uint8_t how = u8(&in);
		uint32_t esr = u32(&in);
		uint64_t addr, reg = u64(&in), raw = u64(&in);

		if (how & 1)   /* a data abort from the guest, translation fault, valid syndrome */
			esr = (esr & ~(0x3fu << 26 | ESR_DABT_CM | ESR_DABT_S1PTW | 0x3fu)) |
			      (uint32_t)EC_DABT_LOW << 26 | ESR_DABT_ISV | 0x04 | (how >> 6);
		if ((how & 2) && nregions)   /* near a region */
			addr = regions[u8(&in) % nregions].base + (uint64_t)(int64_t)(int16_t)u16(&in);
		else
			addr = u64(&in);
		check_syndrome(esr, raw);
		access(esr, addr, reg, raw);
	}

	for (unsigned int i = 0; i < nmodels; i++)
		if (models[i].ok)
			free(models[i].m.index);
	return 0;
}
