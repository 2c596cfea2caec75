/* A firmware VM's flash in stage 2; see vflash.h. The command decoding is
 * el2/cfi_flash.c's; this file keeps the mapping in step with its mode. */
#include <string.h>
#include "el2/vflash.h"
#include "el2/vm.h"
#include "el2/arch/cache.h"

_Static_assert(VM_FLASH_BLOCK == CFI_BLOCK_SIZE, "the binding's block is the chip's");
_Static_assert(VM_FLASH_MAX == CFI_MAX_BANK, "the binding's bank limit is the chip's");

static void fill(struct vm *vm)
{
	struct vflash *fl = &vm->flash;
	uint8_t *code = pa_to_ptr(fl->pa[0]);
	uint64_t n = vm->kernel->size;

	memcpy(code, (const void *)(uintptr_t)vm->kernel->addr, n);
	memset(code + n, 0xff, fl->bank[0].size - n);   /* erased */
	cache_clean_range(code, fl->bank[0].size);
	if (fl->nbanks > 1) {
		memset(pa_to_ptr(fl->pa[1]), 0xff, fl->bank[1].size);
		cache_clean_range(pa_to_ptr(fl->pa[1]), fl->bank[1].size);
	}
	icache_inval_all();
}

/* Maps or unmaps bank b so that the guest reads memory only in read-array
 * mode. Read-only either way: a write always traps. */
static int sync_mapping(struct vm *vm, unsigned int b)
{
	struct vflash *fl = &vm->flash;
	bool want = cfi_flash_reads_array(&fl->bank[b]);

	if (want == fl->mapped[b])
		return 0;
	if (want) {
		if (stage2_map(&vm->s2, ipa_init(fl->ipa[b]), fl->pa[b], fl->bank[b].size, S2_RAM_RO))
			return -1;
	} else {
		if (lpae_unmap(&vm->s2.table, fl->ipa[b], fl->bank[b].size))
			return -1;
		stage2_flush_tlb(&vm->s2);   /* every vCPU of the VM must see it go */
	}
	fl->mapped[b] = want;
	return 0;
}

int vflash_init(struct vm *vm, paddr_t pa)
{
	struct vflash *fl = &vm->flash;
	const struct vm_config *c = &vm->cfg;

	fl->nbanks = c->has_flash_vars ? 2 : 1;
	fl->ipa[0] = c->flash_base;
	fl->pa[0] = pa;
	cfi_flash_init(&fl->bank[0], pa_to_ptr(pa), c->flash_size, false);
	if (c->has_flash_vars) {
		fl->ipa[1] = c->vars_base;
		fl->pa[1] = pa_add(pa, c->flash_size);
		cfi_flash_init(&fl->bank[1], pa_to_ptr(fl->pa[1]), c->vars_size, true);
	}
	fill(vm);
	for (unsigned int b = 0; b < fl->nbanks; b++)
		if (sync_mapping(vm, b))
			return -1;
	return 0;
}

void vflash_reset(struct vm *vm)
{
	struct vflash *fl = &vm->flash;

	if (!fl->nbanks)
		return;
	for (unsigned int b = 0; b < fl->nbanks; b++) {
		cfi_flash_init(&fl->bank[b], fl->bank[b].data, fl->bank[b].size, b == 1);
		sync_mapping(vm, b);   /* maps: the mapping was made once, so it fits */
	}
	fill(vm);
}

static int bank_at(const struct vflash *fl, uint64_t ipa)
{
	for (unsigned int b = 0; b < fl->nbanks; b++)
		if (ipa - fl->ipa[b] < fl->bank[b].size)
			return (int)b;
	return -1;
}

bool vflash_access(struct vm *vm, struct mmio_access *acc)
{
	struct vflash *fl = &vm->flash;
	int b = bank_at(fl, acc->addr);
	uint64_t off;

	if (b < 0)
		return false;
	off = acc->addr - fl->ipa[b];
	spin_lock(&fl->lock);
	/* An access across the bank's end (an 8-byte one in its last bytes)
	 * reads as 0 and writes nothing, as cfi_flash does. */
	if (acc->write)
		cfi_flash_write(&fl->bank[b], off, acc->size, acc->value);
	else
		acc->value = cfi_flash_read(&fl->bank[b], off, acc->size);
	if (sync_mapping(vm, (unsigned int)b))
		acc->value = 0;   /* cannot happen: a bank mapped once maps again */
	spin_unlock(&fl->lock);
	return true;
}

const char *vflash_bank_at(const struct vm *vm, uint64_t ipa, bool *reads_array)
{
	int b = bank_at(&vm->flash, ipa);

	if (b < 0)
		return NULL;
	*reads_array = cfi_flash_reads_array(&vm->flash.bank[b]);
	return b ? "variables" : "code";
}
