/* A firmware VM's emulated flash ('flash', 'flash-variables' in its
 * overlay): its banks in stage 2 and the accesses that trap on them. A bank
 * is mapped read+execute while it reads as memory (read-array mode), so
 * firmware runs from it at full speed and only writes trap; once a command
 * puts it in another mode it is unmapped, so that reads trap too and return
 * what the chip would (status, CFI query), until read-array maps it back.
 * The guest never gets it writable: the variables' bank changes only
 * through emulated program and erase commands. */
#ifndef TANDEM_VFLASH_H
#define TANDEM_VFLASH_H
#include <stdbool.h>
#include "el2/addr.h"
#include "el2/cfi_flash.h"
#include "el2/mmio.h"
#include "el2/arch/spinlock.h"

struct vm;

struct vflash {
	spinlock_t lock __attribute__((aligned(4)));   /* ldaxr on the whole word */
	unsigned int nbanks;          /* 0: not a firmware VM */
	struct cfi_flash bank[2];     /* the code (read-only), the variables (volatile) */
	uint64_t ipa[2];
	paddr_t pa[2];
	bool mapped[2];
};

/* Sets up the banks of vm (cfg.has_flash) backed at pa, fills them (the
 * payload, erased bytes after it and in the variables' bank) and maps them.
 * Returns 0, or -1 if stage 2 cannot map them. */
int vflash_init(struct vm *vm, paddr_t pa);

/* Back to power-on (a VM restart): contents, read-array mode, mapped. */
void vflash_reset(struct vm *vm);

/* A trapped access inside a bank: performed, true; false if acc is not in
 * one. Called on the cold path of a data abort (a write to a mapped bank is
 * a permission fault; any access to an unmapped one a translation fault). */
bool vflash_access(struct vm *vm, struct mmio_access *acc);

/* The bank at ipa, for a fault report: "code" or "variables", or NULL. */
const char *vflash_bank_at(const struct vm *vm, uint64_t ipa, bool *reads_array);

#endif
