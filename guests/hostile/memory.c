/* Stage-2 edges and stage-1 walks that leave the VM's memory: reads and
 * writes just past and before its RAM, at IPAs beyond Tandem's IPA size,
 * execution from emulated devices and from outside RAM, and stage-1 tables
 * whose next level lies outside RAM or in an emulated device. Tandem stops
 * the VM and says what it did (el2/exit.c); it never emulates a page-table
 * walk or an instruction fetch. Should the access instead come back as a
 * synchronous external abort to the guest (what hardware does for an
 * address with nothing behind it), that is accepted as architectural. */
#include <stddef.h>
#include <stdint.h>
#include "guests/hostile/hostile.h"

#define FSC_EXTERNAL 0x10

static void after_access(const char *what, uint64_t value)
{
	if (caught && (caught_esr & 0x3f) == FSC_EXTERNAL)
		result(true, "%s: synchronous external abort injected, ESR 0x%llx", what,
		       (unsigned long long)caught_esr);
	else if (caught)
		result(false, "%s: took an exception at EL1, ESR 0x%llx FAR 0x%llx", what,
		       (unsigned long long)caught_esr, (unsigned long long)caught_far);
	else
		result(false, "%s: ACCESS SUCCEEDED (0x%llx): isolation is broken", what,
		       (unsigned long long)value);
}

static uint64_t read_at(uint64_t va)
{
	catch_reset();
	say("reading 0x%llx", (unsigned long long)va);
	return *(volatile uint64_t *)(uintptr_t)va;
}

static void exec_at(uint64_t va)
{
	catch_reset();
	say("branching to 0x%llx", (unsigned long long)va);
	__asm__ volatile("blr %0" : : "r"(va) : "x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9",
			 "x10", "x11", "x12", "x13", "x14", "x15", "x16", "x17", "x30", "memory");
}

static void past_ram_end(void)
{
	after_access("read just past RAM", read_at(ram_base + ram_size));
}

static void below_ram(void)
{
	uint64_t va = ram_base - 8;

	catch_reset();
	say("writing 0x%llx", (unsigned long long)va);
	*(volatile uint64_t *)(uintptr_t)va = 0x5a5a5a5a5a5a5a5aull;
	after_access("write just below RAM", 0);
}

static void ipa_beyond_size(void)
{
	/* Tandem's stage 2 covers 39 bits of IPA; the guest's stage 1 may
	 * output 40 (TCR_EL1.IPS): 2^39 is the first IPA beyond. */
	s1_set(FAR_SLOT, s1_block(1ull << 39, true));
	after_access("read at IPA 2^39", read_at(SLOT_VA(FAR_SLOT) + 0x10));
}

static void ipa_top(void)
{
	s1_set(FAR_SLOT, s1_block(0xffc0000000ull, true));
	after_access("read at IPA 0xffffffff00", read_at(SLOT_VA(FAR_SLOT) + 0x3fffff00));
}

static void past_gicd(void)
{
	/* The distributor is 64 KiB; behind it nothing of the VM's. */
	after_access("read past the distributor", read_at(gic.gicd + 0x10000));
}

static void exec_gicd(void)
{
	exec_at(normal_alias(gic.gicd));
	after_access("execution from the distributor", 0);
}

static void exec_uart(void)
{
	exec_at(normal_alias(uart));
	after_access("execution from the vpl011", 0);
}

static void exec_past_ram(void)
{
	exec_at(ram_base + ram_size);
	after_access("execution just past RAM", 0);
}

static const uint64_t outside = 0x50000000;   /* not this VM's: its RAM is 64 MiB at 0x40000000 */

static void s1_walk_data(void)
{
	s1_set(WALK_SLOT, outside | 3);   /* table descriptor: level 2 at an IPA outside RAM */
	after_access("read through a stage-1 table outside RAM", read_at(SLOT_VA(WALK_SLOT) + 0x200000 * 5));
}

static void s1_walk_ifetch(void)
{
	s1_set(WALK_SLOT, outside | 3);
	exec_at(SLOT_VA(WALK_SLOT) + 0x200000 * 7);
	after_access("execution through a stage-1 table outside RAM", 0);
}

static void s1_walk_gicd(void)
{
	/* A level-2 table "in" the distributor: a walk is never emulated MMIO. */
	s1_set(WALK_SLOT, gic.gicd | 3);
	after_access("read through a stage-1 table in the distributor", read_at(SLOT_VA(WALK_SLOT)));
}

static void s1_ttbr1_outside(void)
{
	uint64_t tcr = read_sysreg(tcr_el1);

	/* Turn TTBR1 on (T1SZ 25, 4 KiB granule, write-back walks) with its
	 * table outside RAM, then touch the top of the address space. */
	tcr &= ~((0x3full << 16) | (1ull << 23) | (3ull << 30) | (3ull << 28) | (0xfull << 24));
	tcr |= (25ull << 16) | (2ull << 30) | (3ull << 28) | (1ull << 26) | (1ull << 24);
	write_sysreg(ttbr1_el1, outside + 0x3000);
	write_sysreg(tcr_el1, tcr);
	tlb_flush();
	after_access("read through TTBR1 outside RAM", read_at(0xffffff8000000000ull));
}

const struct attack memory_attacks[] = {
	{ "s2-past-ram-end", past_ram_end },
	{ "s2-below-ram", below_ram },
	{ "s2-ipa-beyond-size", ipa_beyond_size },
	{ "s2-ipa-top", ipa_top },
	{ "s2-past-gicd", past_gicd },
	{ "s2-exec-gicd", exec_gicd },
	{ "s2-exec-uart", exec_uart },
	{ "s2-exec-past-ram", exec_past_ram },
	{ "s1-walk-outside-ram", s1_walk_data },
	{ "s1-walk-outside-ram-ifetch", s1_walk_ifetch },
	{ "s1-walk-into-gicd", s1_walk_gicd },
	{ "s1-ttbr1-outside-ram", s1_ttbr1_outside },
	{ NULL, NULL },
};
