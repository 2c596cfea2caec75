/* Emulated MMIO: every emulated device is a declarative table of register
 * ranges with read and write handlers (the KVM vgic-mmio style), and one
 * generic path dispatches a trapped access to the right handler. Pure logic,
 * unit-tested on the host. */
#ifndef TANDEM_MMIO_H
#define TANDEM_MMIO_H
#include <stdbool.h>
#include <stdint.h>

struct vcpu;

/* off is the byte offset of the access within the register range. */
typedef uint64_t (*mmio_read_fn)(void *dev, struct vcpu *vcpu, uint64_t off,
				 unsigned int size);
typedef void (*mmio_write_fn)(void *dev, struct vcpu *vcpu, uint64_t off,
			      unsigned int size, uint64_t value);

#define MMIO_W8  (1u << 0)
#define MMIO_W16 (1u << 1)
#define MMIO_W32 (1u << 2)
#define MMIO_W64 (1u << 3)
#define MMIO_W32_64 (MMIO_W32 | MMIO_W64)
#define MMIO_WALL (MMIO_W8 | MMIO_W16 | MMIO_W32 | MMIO_W64)

struct mmio_reg {
	uint32_t offset;        /* first byte, from the device base */
	uint32_t len;           /* bytes covered: 4 for one register, more for an array */
	uint8_t widths;         /* MMIO_W* sizes the register accepts */
	mmio_read_fn read;      /* NULL: reads as zero */
	mmio_write_fn write;    /* NULL: writes are ignored */
};

/* A device model: its name and registers, sorted by offset, non-overlapping,
 * each starting on a 4-byte boundary and a multiple of 4 bytes long. The
 * index, derived from the table by mmio_model_init(), maps every 32-bit
 * word of the register space to its register: the byte offset of its entry
 * in the table, plus one entry (0: no register), so that finding a register
 * costs one load instead of a search. */
struct mmio_model {
	const char *name;
	const struct mmio_reg *regs;
	unsigned int nregs;     /* at most MMIO_MAX_REGS */
	uint32_t span;          /* bytes of register space the index covers */
	uint16_t *index;        /* span / 4 entries */
};

#define MMIO_MAX_REGS 2047

/* Declares the index storage and the model together. */
#define MMIO_MODEL(var, dev_name, table, bytes) \
	static uint16_t var##_index[(bytes) / 4]; \
	const struct mmio_model var = { dev_name, table, sizeof(table) / sizeof((table)[0]), \
					bytes, var##_index }

/* One emulated device instance in a VM's intermediate-physical space. The
 * model's table, index and span are copied in (mmio_region_init) so the
 * dispatch reaches them without one more dependent load. */
struct mmio_region {
	uint64_t base, size;
	void *dev;
	uintptr_t regs_before;  /* address of regs[-1]: index entries count from 1 */
	const uint16_t *index;
	uint32_t span;
	const struct mmio_model *model;
};

static inline struct mmio_region mmio_region_init(uint64_t base, uint64_t size,
						  const struct mmio_model *m, void *dev)
{
	return (struct mmio_region){ base, size, dev,
				     (uintptr_t)m->regs - sizeof(struct mmio_reg),
				     m->index, m->span, m };
}

enum mmio_result {
	MMIO_OK,              /* a handler ran (or a defined RAZ/WI register) */
	MMIO_NO_DEVICE,       /* no emulated device at that address */
	MMIO_UNDECODED,       /* inside a device, but no register: read 0 / ignored */
	MMIO_BAD_WIDTH,       /* register does not accept that size: read 0 / ignored */
};

struct mmio_access {
	uint64_t addr;        /* intermediate-physical address */
	unsigned int size;    /* 1, 2, 4 or 8 */
	bool write;
	uint64_t value;       /* written value, or the value read */
};

/* The register a device offset falls in, or NULL. */
static inline const struct mmio_reg *mmio_find_reg(const struct mmio_model *model,
						   uint64_t offset)
{
	unsigned int i;

	if (offset >= model->span)
		return 0;
	i = model->index[offset >> 2];
	return i ? &model->regs[i / sizeof(struct mmio_reg) - 1] : 0;
}

/* Performs a trapped access on the emulated device that contains its
 * address: calls the register's handler, or reads 0 / ignores the write for
 * an offset with no register, a misaligned access or a size the register
 * refuses. Inline, since it is the heart of every emulated-MMIO exit. */
static inline enum mmio_result mmio_dispatch(const struct mmio_region *regions, unsigned int n,
					     struct vcpu *vcpu, struct mmio_access *acc)
{
	for (const struct mmio_region *rg = regions; rg < regions + n; rg++) {
		uint64_t offset = acc->addr - rg->base;
		const struct mmio_reg *r;
		unsigned int i;

		if (offset >= rg->size)   /* also catches addr < base */
			continue;
		/* Registers are word-aligned multiples of 4 bytes: an aligned access
		 * of up to 4 bytes lies within one; an 8-byte one may not. */
		i = offset < rg->span && !(offset & (acc->size - 1)) ? rg->index[offset >> 2] : 0;
		if (!i) {
			if (!acc->write)
				acc->value = 0;
			return MMIO_UNDECODED;
		}
		r = (const struct mmio_reg *)(rg->regs_before + i);
		if (!(r->widths & acc->size) ||
		    (acc->size == 8 && offset + 8 > (uint64_t)r->offset + r->len)) {
			if (!acc->write)
				acc->value = 0;
			return MMIO_BAD_WIDTH;
		}
		offset -= r->offset;
		if (acc->write) {
			if (r->write)
				r->write(rg->dev, vcpu, offset, acc->size, acc->value);
		} else {
			acc->value = r->read ? r->read(rg->dev, vcpu, offset, acc->size) : 0;
		}
		return MMIO_OK;
	}
	return MMIO_NO_DEVICE;
}

/* Checks that a model's table is sorted, non-overlapping, word-aligned and
 * within its span, itself a whole number of words; returns the index of the
 * first bad entry (nregs: the span), or -1. */
int mmio_model_check(const struct mmio_model *model);

/* Checks the table and builds its index; returns mmio_model_check()'s result. */
int mmio_model_init(const struct mmio_model *model);

#endif
