/* Devices passed through to a VM: a `passthrough` entry of its overlay (a
 * path, alias or label of the platform's tree) resolved to the node, the
 * pages it occupies and the SPIs it raises. Pure logic over libfdt; runs at
 * boot and on the host (dt/vm_rules.c, dt/guest_dt.c, tools/tandem-check). */
#ifndef TANDEM_PASSTHROUGH_H
#define TANDEM_PASSTHROUGH_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "dt/platform.h"

#define PT_MAX_REGS 4
#define PT_MAX_IRQS 4
#define PT_PATH_MAX 96

struct pt_device {
	char path[PT_PATH_MAX];             /* its full path in the platform tree */
	unsigned int nregs;
	struct plat_range regs[PT_MAX_REGS];  /* as in its reg */
	struct plat_range pages[PT_MAX_REGS]; /* the same, widened to 4 KiB pages */
	unsigned int nirqs;
	uint32_t intids[PT_MAX_IRQS];       /* SPIs (INTID >= 32) */
	bool dma;                           /* masters memory: dma-coherent or virtio */
};

/* Resolves ref in the platform tree and describes the device. On refusal
 * returns -1 with why set to the cause and what would work. */
int pt_resolve(const void *plat_fdt, const struct platform *plat, const char *ref,
	       struct pt_device *d, char *why, size_t whylen);

/* The node that ref names: a path ("/pl031@9010000"), an alias (/aliases)
 * or a label (/__symbols__, in trees compiled with dtc -@); <0 if none. */
int pt_lookup(const void *fdt, const char *ref);

#endif
