/* Builds a VM's device tree: the platform tree reduced to what the VM owns
 * (its vCPUs, its RAM, the GIC and timer it sees, its console), with the VM's
 * overlay applied on top. Runs at boot and in the host-side checker. */
#ifndef TANDEM_GUEST_DT_H
#define TANDEM_GUEST_DT_H
#include <stddef.h>
#include "dt/platform.h"
#include "dt/vm_config.h"

/* /chosen/rng-seed and kaslr-seed, in bytes: reserved (zero) in every
 * guest tree, filled with fresh bytes at each boot of the VM. */
#define GUEST_DT_RNG_SEED   64
#define GUEST_DT_KASLR_SEED 8

/* Writes the packed guest tree into out. scratch receives a copy of the
 * overlay (fdt_overlay_apply consumes it). Returns 0, or -1 with msg set. */
int guest_dt_build(const void *plat_fdt, const struct platform *plat,
		   const struct vm_config *cfg, const void *overlay, size_t overlay_size,
		   void *out, size_t outlen, void *scratch, size_t scratchlen,
		   char *msg, size_t msglen);

/* Records an initial ramdisk at [start, end) in /chosen (linux,initrd-*) of
 * a built tree; bufsize is the room the tree may grow into. */
int guest_dt_set_initrd(void *fdt, size_t bufsize, uint64_t start, uint64_t end);

/* Where the values of /chosen/rng-seed and kaslr-seed start, in bytes from
 * the start of the final tree (so they can be written without libfdt, on a
 * guest's exit). 0, or a libfdt error. */
int guest_dt_seed_offsets(const void *fdt, uint32_t *rng_seed, uint32_t *kaslr_seed);

/* Removes the structure block's ranges [r[i][0], r[i][1]) (node offsets,
 * ascending and apart) in one pass: the tree fdt_del_node of each node
 * spanning one would leave (each moves the rest of the blob down). Returns
 * 0 or -FDT_ERR_BADOFFSET (ranges out of order or outside the block). */
int guest_dt_drop_ranges(void *fdt, const int (*r)[2], unsigned int n);

#endif
