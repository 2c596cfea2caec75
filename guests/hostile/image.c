/* Attacks on the VM's own boot image (issue 17: the boot without the copy).
 * Tandem shares the payload's and the ramdisk's whole pages read-only with
 * their boot modules and copies a page only when the VM writes it
 * (el2/cow_span.h); a restart shares them again. With overlay
 * guests/hostile/image.dtso (no virtio channel, a ramdisk):
 *
 *   image-overwrite  boot 1: writes over its own entry code, a data array
 *                    and the whole ramdisk, checks it reads back what it
 *                    wrote, SYSTEM_RESET; boot 2: its image and ramdisk are
 *                    as loaded again (checksums equal boot 1's, printed for
 *                    the runner to compare with the files).
 *   image-alias      writes at the module's physical address (bootarg
 *                    module=0x...) used as an IPA: outside its memory, so
 *                    Tandem stops it; no alias reaches the module. */
#include <libfdt.h>
#include "firmware/smccc.h"
#include "guests/hostile/hostile.h"

extern char _start[], __ro_end[];
extern const void *boot_fdt;
extern uint64_t boot_number;

#define CANARY 0x5a
static volatile uint8_t canary[2 * 4096] __attribute__((aligned(4096))) = {
	[0 ... 2 * 4096 - 1] = CANARY
};

/* The RAM the checks keep across the reset (the boot cookie's page). */
struct kept { uint64_t text, ramdisk; };
static volatile struct kept *kept(void)
{
	return (volatile struct kept *)(uintptr_t)(ram_base + ram_size / 2 + 64);
}

static uint64_t fnv1a(const volatile uint8_t *p, uint64_t n)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (uint64_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 0x100000001b3ull;
	return h;
}

static bool ramdisk_range(uint64_t *start, uint64_t *end)
{
	int chosen = fdt_path_offset(boot_fdt, "/chosen"), len;
	const fdt32_t *s, *e;

	if (chosen < 0)
		return false;
	s = fdt_getprop(boot_fdt, chosen, "linux,initrd-start", &len);
	e = fdt_getprop(boot_fdt, chosen, "linux,initrd-end", NULL);
	if (!s || !e)
		return false;
	*start = len == 8 ? fdt64_to_cpu(*(const fdt64_t *)s) : fdt32_to_cpu(*s);
	*end = len == 8 ? fdt64_to_cpu(*(const fdt64_t *)e) : fdt32_to_cpu(*e);
	return *end > *start;
}

static void image_overwrite(void)
{
	uint64_t rd, rd_end, bad = 0;
	uint64_t text_len = (uint64_t)(__ro_end - _start);
	uint64_t text, ramdisk;
	bool canary_ok = true;

	if (!ramdisk_range(&rd, &rd_end)) {
		result(false, "no ramdisk in its device tree (overlay guests/hostile/image.dtso?)");
		return;
	}
	for (unsigned int i = 0; i < sizeof(canary); i++)
		canary_ok &= canary[i] == CANARY;
	text = fnv1a((const volatile uint8_t *)_start, text_len);
	ramdisk = fnv1a((const volatile uint8_t *)(uintptr_t)rd, rd_end - rd);
	say("image: boot %llu text 0x%llx bytes fnv1a %016llx ramdisk 0x%llx bytes fnv1a %016llx "
	    "canary %s", (unsigned long long)boot_number, (unsigned long long)text_len,
	    (unsigned long long)text, (unsigned long long)(rd_end - rd), (unsigned long long)ramdisk,
	    canary_ok ? "pristine" : "WRITTEN");
	if (boot_number >= 2) {
		volatile struct kept *k = kept();

		result(canary_ok && text == k->text && ramdisk == k->ramdisk,
		       "after writing over its entry code, data and ramdisk and SYSTEM_RESET: boot %llu "
		       "sees text %s, ramdisk %s, data %s", (unsigned long long)boot_number,
		       text == k->text ? "as loaded" : "CHANGED",
		       ramdisk == k->ramdisk ? "as loaded" : "CHANGED",
		       canary_ok ? "as loaded" : "CHANGED");
		return;
	}
	if (!canary_ok) {
		result(false, "its data array was not as loaded at its first boot");
		return;
	}
	kept()->text = text;
	kept()->ramdisk = ramdisk;
	/* Over its own pages: the entry code (run again only after the reset),
	 * a data array, every byte of the ramdisk. */
	for (unsigned int i = 0; i < 64; i++)
		((volatile uint8_t *)_start)[i] = 0;
	for (unsigned int i = 0; i < sizeof(canary); i++)
		canary[i] = 0xee;
	for (uint64_t a = rd; a < rd_end; a++)
		*(volatile uint8_t *)(uintptr_t)a = (uint8_t)(a * 7);
	dsb_sy();
	for (unsigned int i = 0; i < 64; i++)
		bad += ((volatile uint8_t *)_start)[i] != 0;
	for (unsigned int i = 0; i < sizeof(canary); i++)
		bad += canary[i] != 0xee;
	for (uint64_t a = rd; a < rd_end; a++)
		bad += *(volatile uint8_t *)(uintptr_t)a != (uint8_t)(a * 7);
	if (bad) {
		result(false, "%llu written bytes did not read back", (unsigned long long)bad);
		return;
	}
	say("image: wrote over 64 bytes of its entry, its data array and 0x%llx bytes of ramdisk, "
	    "read them back; SYSTEM_RESET", (unsigned long long)(rd_end - rd));
	psci(PSCI_SYSTEM_RESET, 0, 0, 0);
	result(false, "SYSTEM_RESET returned");
}

static void image_alias(void)
{
	const char *v = arg_value("module");
	uint64_t pa = 0;

	for (; v && ((*v >= '0' && *v <= '9') || (*v >= 'a' && *v <= 'f') || *v == 'x'); v++)
		if (*v != 'x')
			pa = pa * 16 + (uint64_t)(*v <= '9' ? *v - '0' : *v - 'a' + 10);
	if (!pa) {
		result(false, "no module=0x... bootarg");
		return;
	}
	say("image: writing at IPA 0x%llx, its payload module's physical address",
	    (unsigned long long)pa);
	*(volatile uint64_t *)(uintptr_t)pa = 0xdeadbeefdeadbeefull;
	result(false, "the write at 0x%llx went through", (unsigned long long)pa);
}

const struct attack image_attacks[] = {
	{ "image-overwrite", image_overwrite },
	{ "image-alias", image_alias },
	{ NULL, NULL },
};
