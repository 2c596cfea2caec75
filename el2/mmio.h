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

/* A device model: its name and registers, sorted by offset, non-overlapping. */
struct mmio_model {
	const char *name;
	const struct mmio_reg *regs;
	unsigned int nregs;
};

/* One emulated device instance in a VM's intermediate-physical space. */
struct mmio_region {
	uint64_t base, size;
	const struct mmio_model *model;
	void *dev;
};

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

enum mmio_result mmio_dispatch(const struct mmio_region *regions, unsigned int n,
			       struct vcpu *vcpu, struct mmio_access *acc);

/* The register a device offset falls in, or NULL (binary search). */
const struct mmio_reg *mmio_find_reg(const struct mmio_model *model, uint64_t offset);

/* Checks that a model's table is sorted and non-overlapping; returns the
 * index of the first bad entry, or -1 if it is well formed. */
int mmio_model_check(const struct mmio_model *model);

#endif
