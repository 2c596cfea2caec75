/* Tandem's entropy pool and the seeds it gives VMs; see entropy.h. The pool
 * is one static in Tandem's memory, which no stage-2 maps. Locking:
 * pool_lock is a leaf (nothing else is taken under it). */
#include <libfdt.h>
#include <string.h>
#include <format.h>
#include <blake2s.h>
#include <entropy_pool.h>
#include "el2/entropy.h"
#include "dt/guest_dt.h"
#include "dt/platform.h"
#include "el2/console.h"
#include "el2/arch/spinlock.h"
#include "el2/arch/cpu.h"
#include "el2/arch/cache.h"
#include "el2/arch/random.h"

#define RNDR_TRIES 8   /* RNDR may fail now and then (no entropy in time) */

static struct entropy_pool pool;
static spinlock_t pool_lock = SPINLOCK_INIT;
static bool have_rndr;

/* Mixes n 64-bit RNDR outputs; returns how many it got. */
static unsigned int mix_rndr(unsigned int n)
{
	uint64_t v[4];
	unsigned int got = 0;

	if (!have_rndr)
		return 0;
	if (n > 4)
		n = 4;
	for (unsigned int tries = 0; got < n && tries < n * RNDR_TRIES; tries++)
		if (arch_hw_random(&v[got]))
			got++;
	if (got)
		entropy_pool_mix(&pool, ENTROPY_RNDR, v, got * sizeof(v[0]));
	secure_wipe(v, sizeof(v));
	return got;
}

static void mix_counter(void)
{
	uint64_t now = arch_counter_now();

	entropy_pool_mix(&pool, ENTROPY_COUNTER, &now, sizeof(now));
}

/* The offset of a tree's /chosen, or -1. */
static int chosen_of(const void *fdt)
{
	return fdt && !fdt_check_header(fdt) ? fdt_path_offset(fdt, "/chosen") : -1;
}

/* The firmware's tree's /chosen. Tandem's copy (fdt_copy_compact) moves its
 * blocks but not what is inside its structure block, where node offsets
 * count from: the same offset holds the same node in both while the two
 * structure blocks are the same size and the node is named chosen there
 * (checked: else the search, which walks the tree from its start). */
static int chosen_like(const void *fdt, const void *copy, int copy_chosen)
{
	const char *name;

	if (!fdt || fdt_check_header(fdt))
		return -1;
	if (copy_chosen > 0 && fdt_size_dt_struct(fdt) == fdt_size_dt_struct(copy) &&
	    (name = fdt_get_name(fdt, copy_chosen, NULL)) && !strcmp(name, "chosen"))
		return copy_chosen;
	return fdt_path_offset(fdt, "/chosen");
}

/* Mixes one /chosen seed of a tree and wipes its bytes there; returns its
 * length (0 if absent). */
static int take_seed(void *fdt, int chosen, const char *name, bool mix)
{
	int len;
	uint8_t *v;

	v = chosen >= 0 ? fdt_getprop_w(fdt, chosen, name, &len) : NULL;
	if (!v || len <= 0)
		return 0;
	if (mix)
		entropy_pool_mix(&pool, ENTROPY_PLATFORM_SEED, v, (size_t)len);
	secure_wipe(v, (size_t)len);
	/* A guest entering with its MMU off reads RAM, not the cache. */
	cache_clean_range(v, (uint64_t)len);
	return len;
}

void entropy_init(void *plat_fdt, const struct platform *plat, void *orig_fdt)
{
	char from[160];
	int seed, kaslr, n = 0;
	unsigned int rndr;

	entropy_pool_init(&pool);
	/* /chosen found once per tree (each search walks the tree). */
	int chosen = plat_fdt && !fdt_check_header(plat_fdt) ?
		     platform_top_node(plat, plat_fdt, "chosen") : -1;
	int plat_chosen = chosen;

	seed = take_seed(plat_fdt, chosen, "rng-seed", true);
	kaslr = take_seed(plat_fdt, chosen, "kaslr-seed", true);
	if (orig_fdt != plat_fdt) {
		chosen = plat_chosen >= 0 ? chosen_like(orig_fdt, plat_fdt, plat_chosen)
					  : chosen_of(orig_fdt);
		take_seed(orig_fdt, chosen, "rng-seed", false);
		take_seed(orig_fdt, chosen, "kaslr-seed", false);
	}
	have_rndr = arch_hw_random_present();
	rndr = mix_rndr(4);
	mix_counter();
	if (seed)
		n += snformat(from + n, sizeof(from) - (size_t)n, "the platform's rng-seed (%d bytes), ", seed);
	if (kaslr)
		n += snformat(from + n, sizeof(from) - (size_t)n, "its kaslr-seed (%d bytes), ", kaslr);
	if (rndr)
		snformat(from + n, sizeof(from) - (size_t)n, "RNDR, ");
	else if (have_rndr)
		tlog("entropy: this core has RNDR, but it gave no random bits");
	tlog("entropy: pool seeded from %sthe counter; each boot of a VM gets a fresh "
	     "%d-byte rng-seed and %d-byte kaslr-seed", from, GUEST_DT_RNG_SEED, GUEST_DT_KASLR_SEED);
	if (!seed && !rndr)
		tlog("WARNING: no entropy source (no /chosen/rng-seed from the firmware, no RNDR on "
		     "this core): guests' seeds are distinct but predictable (only the counter "
		     "varies); give the platform an rng-seed (QEMU virt has one) or a core with FEAT_RNG");
}

void entropy_vm_seeds(const char *vm_name, unsigned int vm_id, unsigned int boot,
		      uint8_t rng_seed[GUEST_DT_RNG_SEED], uint8_t kaslr_seed[GUEST_DT_KASLR_SEED])
{
	/* Who asks, for which boot: bound into the output (the ratchet alone
	 * already keeps every request's bytes apart). */
	uint8_t info[64], out[GUEST_DT_RNG_SEED + GUEST_DT_KASLR_SEED];
	size_t n = strlen(vm_name);

	if (n > sizeof(info) - 8)
		n = sizeof(info) - 8;
	memcpy(info, &vm_id, 4);
	memcpy(info + 4, &boot, 4);
	memcpy(info + 8, vm_name, n);
	spin_lock(&pool_lock);
	mix_rndr(2);   /* fresh hardware bits for each boot, where there are any */
	mix_counter();
	entropy_pool_generate(&pool, info, 8 + n, out, sizeof(out));
	spin_unlock(&pool_lock);
	memcpy(rng_seed, out, GUEST_DT_RNG_SEED);
	memcpy(kaslr_seed, out + GUEST_DT_RNG_SEED, GUEST_DT_KASLR_SEED);
	secure_wipe(out, sizeof(out));
}
