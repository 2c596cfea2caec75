/* Entropy for guests: each VM's /chosen/rng-seed and kaslr-seed, fresh at
 * every boot of the VM, drawn from Tandem's pool (lib/entropy_pool.h), which
 * only Tandem's memory holds (docs/security.md, "Entropy for guests"). */
#ifndef TANDEM_ENTROPY_H
#define TANDEM_ENTROPY_H
#include <stddef.h>
#include <stdint.h>
#include "dt/guest_dt.h"

/* Once at boot, after the console and before any VM: seeds the pool from the
 * platform's /chosen/rng-seed and kaslr-seed (in plat_fdt, Tandem's copy, and
 * in the firmware's original at orig_fdt, where a guest's RAM may later lie:
 * both wiped), RNDR if the core has it, and the counter. Says what it found;
 * warns when nothing but the counter is there. plat is what platform_parse
 * read from plat_fdt (its /chosen found there without a search). */
struct platform;
void entropy_init(void *plat_fdt, const struct platform *plat, void *orig_fdt);

/* Fresh seeds for one boot of a VM (never the same bytes twice, for any VM),
 * written straight into the VM's copy of its tree. Any core, any context
 * (no libfdt: also on a guest's exit, for a restart). */
void entropy_vm_seeds(const char *vm_name, unsigned int vm_id, unsigned int boot,
		      uint8_t rng_seed[GUEST_DT_RNG_SEED], uint8_t kaslr_seed[GUEST_DT_KASLR_SEED]);

#endif
