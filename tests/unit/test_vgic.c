/* The virtual GIC on the fake architecture: the real distributor and
 * redistributor models (vgic/dist.c, vgic/redist.c), queues and list-
 * register flush (vgic/vgic.c, lr*.c), driven by guest MMIO accesses
 * through the VM's real dispatch, with the guest's CPU interface played
 * on the fake list registers (core_fixture.h). Each case says what a bug
 * would look like: an interrupt lost or presented twice, a write outside
 * the guest's interrupts, a wrong choice of LR. */
#include <check.h>
#include "tests/unit/core_fixture.h"
#include "tests/unit/suites.h"
#include "vgic/dist.h"
#include "vgic/vgic.h"

#define GICD_CTLR       0x000
#define GICD_ISENABLER  0x100
#define GICD_ICENABLER  0x180
#define GICD_ISPENDR    0x200
#define GICD_ICPENDR    0x280
#define GICD_IPRIORITYR 0x400
#define GICD_ITARGETSR  0x800
#define GICD_ICFGR      0xc00
#define GICD_SGIR       0xf00
#define GICD_IROUTER    0x6000
#define GICR_ISENABLER0 0x10100
#define GICR_IPRIORITYR 0x10400

static unsigned int group_on(unsigned int version)
{
	return version == 3 ? 2 : 1;   /* Group 1 on GICv3, Group 0 on GICv2, as Linux */
}

/* A VM of n vCPUs on cores 0..n-1, its distributor enabled, running vCPU 0. */
static struct vm *setup(unsigned int version, unsigned int nlr, unsigned int n)
{
	struct vm *vm;

	fix_machine(version, nlr, n);
	vm = fix_vm(n, NULL, 1);
	fix_run(&vm->vcpus[0]);
	fix_dist_write(&vm->vcpus[0], GICD_CTLR, 4, group_on(version));
	return vm;
}

static void enable_spi(struct vcpu *v, uint32_t intid)
{
	fix_dist_write(v, GICD_ISENABLER + intid / 32 * 4, 4, 1u << (intid % 32));
}

static void set_priority(struct vcpu *v, uint32_t intid, uint8_t prio)
{
	fix_dist_write(v, GICD_IPRIORITYR + intid, 1, prio);
}

static bool in_lrs(uint32_t intid)
{
	uint64_t mask[2];

	fix_pending_lrs(mask);
	return (mask[intid / 64] >> (intid % 64)) & 1;
}

/* --------------------------------------------------------- delivery */

static void pending_spi_enabled_later(unsigned int version)
{
	struct vm *vm = setup(version, 4, 1);
	struct vcpu *v = &vm->vcpus[0];

	if (version == 2)
		fix_dist_write(v, GICD_ITARGETSR + 40, 1, 1);
	fix_dist_write(v, GICD_ISPENDR + 4, 4, 1u << 8);   /* SPI 40 pending, disabled */
	vgic_flush(v);
	ck_assert(!in_lrs(40));
	enable_spi(v, 40);                                  /* delivered at once */
	ck_assert(in_lrs(40));
	ck_assert_int_eq(fix_guest_take_one(), 40);
	vgic_flush(v);
	ck_assert_int_eq(fix_guest_take_one(), -1);         /* and only once */
}

START_TEST(v3_pending_spi_enabled_later_is_delivered) { pending_spi_enabled_later(3); }
END_TEST
START_TEST(v2_pending_spi_enabled_later_is_delivered) { pending_spi_enabled_later(2); }
END_TEST

/* Seven edges, three general LRs (the fourth is the timer's): the three
 * of highest priority go in, the rest wait and come in priority order as
 * the guest completes, each once; the underflow interrupt is asked for
 * while any wait, and not after. */
static void more_pending_than_lrs(unsigned int version)
{
	static const uint8_t prio[7] = { 0xa0, 0x20, 0x80, 0x40, 0x10, 0x60, 0x30 };
	struct vm *vm = setup(version, 4, 1);
	struct vcpu *v = &vm->vcpus[0];
	int order[7];

	for (unsigned int i = 0; i < 7; i++) {
		if (version == 2)
			fix_dist_write(v, GICD_ITARGETSR + 40 + i, 1, 1);
		set_priority(v, 40 + i, prio[i]);
		enable_spi(v, 40 + i);
	}
	for (unsigned int i = 0; i < 7; i++)
		vgic_pulse_spi(vm, 40 + i);
	vgic_flush(v);
	uint64_t mask[2];

	ck_assert_uint_eq(fix_pending_lrs(mask), 3);
	/* 0x10 (44), 0x20 (41), 0x30 (46) */
	ck_assert_uint_eq(mask[0], (1ull << 44) | (1ull << 41) | (1ull << 46));
	ck_assert(v->vgic.underflow);
	for (unsigned int n = 0; n < 7; n++) {
		order[n] = fix_guest_take_one();
		ck_assert_int_ge(order[n], 40);
		if (fix_underflow_raised() || !v->vgic.underflow)
			vgic_maintenance(v);
		else
			vgic_flush(v);   /* any other exit */
	}
	/* Every one exactly once, in priority order. */
	static const int want[7] = { 44, 41, 46, 43, 45, 42, 40 };

	for (unsigned int n = 0; n < 7; n++)
		ck_assert_int_eq(order[n], want[n]);
	ck_assert_int_eq(fix_guest_take_one(), -1);
	ck_assert(!v->vgic.underflow);
	ck_assert_uint_eq(v->vgic.nqueued, 0);
}

START_TEST(v3_more_pending_than_lrs_nothing_lost) { more_pending_than_lrs(3); }
END_TEST
START_TEST(v2_more_pending_than_lrs_nothing_lost) { more_pending_than_lrs(2); }
END_TEST

/* A higher-priority interrupt arriving while the LRs are full of pending
 * lower ones takes an LR from the lowest; the one evicted is not lost. */
START_TEST(v3_higher_priority_evicts_pending_lowest_which_comes_later)
{
	struct vm *vm = setup(3, 4, 1);
	struct vcpu *v = &vm->vcpus[0];
	bool seen[8] = { false };

	for (unsigned int i = 0; i < 4; i++) {
		set_priority(v, 40 + i, (uint8_t)(0x80 + 0x10 * i));
		enable_spi(v, 40 + i);
	}
	for (unsigned int i = 0; i < 3; i++)
		vgic_pulse_spi(vm, 40 + i);
	vgic_flush(v);
	ck_assert(in_lrs(40) && in_lrs(41) && in_lrs(42));
	set_priority(v, 43, 0x00);
	vgic_pulse_spi(vm, 43);
	vgic_flush(v);
	ck_assert(in_lrs(43));
	ck_assert(!in_lrs(42));                 /* the lowest priority made way */
	for (int id; (id = fix_guest_take_one()) >= 0; vgic_maintenance(v)) {
		ck_assert(!seen[id - 40]);
		seen[id - 40] = true;
	}
	for (unsigned int i = 0; i < 4; i++)
		ck_assert_msg(seen[i], "SPI %u lost", 40 + i);
}
END_TEST

/* A level interrupt: presented while its line is high; withdrawn from its
 * LR, or from the queue, when the line drops before the guest took it. */
static void level_deasserted_is_withdrawn(unsigned int version)
{
	struct vm *vm = setup(version, 4, 1);
	struct vcpu *v = &vm->vcpus[0];

	for (unsigned int i = 0; i < 4; i++) {
		if (version == 2)
			fix_dist_write(v, GICD_ITARGETSR + 50 + i, 1, 1);
		set_priority(v, 50 + i, (uint8_t)(0x10 * (i + 1)));
		enable_spi(v, 50 + i);
		vgic_set_line(vm, NULL, 50 + i, true);
	}
	vgic_flush(v);
	ck_assert(in_lrs(50) && in_lrs(51) && in_lrs(52));
	ck_assert(!in_lrs(53));                 /* queued: no LR left */
	vgic_set_line(vm, NULL, 50, false);     /* in an LR */
	vgic_set_line(vm, NULL, 53, false);     /* in the queue */
	vgic_flush(v);
	ck_assert(!in_lrs(50));
	ck_assert(!in_lrs(53));
	/* The guest's handler quiets each device before its EOI; 50 and 53
	 * never come. A line still high at the EOI is presented again. */
	ck_assert_int_eq(fix_guest_take_one(), 51);
	vgic_maintenance(v);
	ck_assert(in_lrs(51));
	ck_assert_int_eq(fix_guest_take_one(), 51);
	vgic_set_line(vm, NULL, 51, false);
	vgic_maintenance(v);
	ck_assert_int_eq(fix_guest_take_one(), 52);
	vgic_set_line(vm, NULL, 52, false);
	vgic_maintenance(v);
	ck_assert_int_eq(fix_guest_take_one(), -1);
	ck_assert_uint_eq(v->vgic.nqueued, 0);
}

START_TEST(v3_level_deasserted_before_delivery_is_withdrawn) { level_deasserted_is_withdrawn(3); }
END_TEST
START_TEST(v2_level_deasserted_before_delivery_is_withdrawn) { level_deasserted_is_withdrawn(2); }
END_TEST

/* ------------------------------------------------ a hostile guest's writes */

START_TEST(v3_writes_beyond_the_vms_interrupts_change_nothing)
{
	struct vm *vm = setup(3, 4, 2);
	struct vcpu *v = &vm->vcpus[0];
	struct vgic before = vm->vgic;
	struct vgic_cpu c1 = vm->vcpus[1].vgic;

	/* INTIDs 96-1019 do not exist (96 lines): every bank of them. */
	for (uint32_t off = FIX_LINES / 8; off < 0x80; off += 4) {
		fix_dist_write(v, GICD_ISENABLER + off, 4, ~0u);
		fix_dist_write(v, GICD_ISPENDR + off, 4, ~0u);
		fix_dist_write(v, GICD_ICFGR + off * 2, 4, ~0u);
	}
	for (uint32_t intid = FIX_LINES; intid < 1020; intid += 4)
		fix_dist_write(v, GICD_IPRIORITYR + intid, 4, 0);
	for (uint32_t intid = FIX_LINES; intid < 1020; intid++)
		fix_dist_write(v, GICD_IROUTER + 8 * intid, 8, 1);
	/* The distributor's private banks are reserved with affinity routing. */
	fix_dist_write(v, GICD_ISENABLER, 4, ~0u);
	fix_dist_write(v, GICD_IPRIORITYR, 4, 0);
	ck_assert_uint_eq(fix_dist_read(v, GICD_ISENABLER, 4), 0);
	ck_assert_mem_eq(vm->vgic.spi, before.spi, sizeof(before.spi));
	ck_assert_mem_eq(vm->vgic.irouter, before.irouter, sizeof(before.irouter));
	ck_assert_mem_eq(&vm->vcpus[1].vgic, &c1, sizeof(c1));
	for (unsigned int i = 0; i < VGIC_PRIVATE; i++)
		ck_assert(!(v->vgic.priv[i].flags & VIRQ_ENABLED));
}
END_TEST

START_TEST(v3_sgis_and_ppis_are_banked_per_redistributor)
{
	struct vm *vm = setup(3, 4, 2);
	struct vcpu *v0 = &vm->vcpus[0], *v1 = &vm->vcpus[1];

	/* vCPU 0 writes vCPU 1's redistributor: only vCPU 1's PPI 20 changes. */
	fix_redist_write(v1, GICR_ISENABLER0, 4, 1u << 20);
	fix_redist_write(v1, GICR_IPRIORITYR + 20, 1, 0x47);
	ck_assert(v1->vgic.priv[20].flags & VIRQ_ENABLED);
	ck_assert(!(v0->vgic.priv[20].flags & VIRQ_ENABLED));
	ck_assert_uint_eq(v1->vgic.priv[20].priority, 0x40);   /* five bits kept */
	ck_assert_uint_eq(v0->vgic.priv[20].priority, 0);
}
END_TEST

START_TEST(v3_irouter_to_no_vcpu_delivers_nowhere_then_reroutes)
{
	struct vm *vm = setup(3, 4, 2);
	struct vcpu *v0 = &vm->vcpus[0], *v1 = &vm->vcpus[1];

	enable_spi(v0, 60);
	fix_dist_write(v0, GICD_IROUTER + 8 * 60, 8, 5);            /* vCPU 5: none */
	ck_assert_uint_eq(vm->vgic.spi[60 - 32].target, 0xff);
	fix_dist_write(v0, GICD_IROUTER + 8 * 60, 8, 0x0100000001ull);   /* Aff2 = 1 */
	ck_assert_uint_eq(vm->vgic.spi[60 - 32].target, 0xff);
	vgic_pulse_spi(vm, 60);
	vgic_flush(v0);
	ck_assert(!in_lrs(60));
	ck_assert_uint_eq(v0->vgic.nqueued + v1->vgic.nqueued, 0);
	fix_dist_write(v0, GICD_IROUTER + 8 * 60, 8, 1);            /* vCPU 1 */
	ck_assert_uint_eq(v1->vgic.nqueued, 1);                      /* the latched edge */
	fix_run(v1);
	vgic_flush(v1);
	ck_assert_int_eq(fix_guest_take_one(), 60);
}
END_TEST

START_TEST(v2_itargetsr_is_clamped_to_the_vms_vcpus_and_private_ones_are_fixed)
{
	struct vm *vm = setup(2, 4, 2);
	struct vcpu *v0 = &vm->vcpus[0], *v1 = &vm->vcpus[1];

	fix_dist_write(v0, GICD_ITARGETSR + 40, 1, 0xfc);    /* vCPUs 2-7: none exist */
	ck_assert_uint_eq(vm->vgic.spi[40 - 32].itargets, 0);
	ck_assert_uint_eq(vm->vgic.spi[40 - 32].target, 0xff);
	ck_assert_uint_eq(fix_dist_read(v0, GICD_ITARGETSR + 40, 1), 0);
	fix_dist_write(v0, GICD_ITARGETSR + 44, 4, 0xfefefefe);
	ck_assert_uint_eq(vm->vgic.spi[44 - 32].itargets, 2);
	ck_assert_uint_eq(vm->vgic.spi[44 - 32].target, 1);
	/* Private interrupts always target the reader; writes are ignored. */
	fix_dist_write(v0, GICD_ITARGETSR + 16, 4, 0x02020202);
	ck_assert_uint_eq(fix_dist_read(v0, GICD_ITARGETSR + 16, 4), 0x01010101);
	ck_assert_uint_eq(fix_dist_read(v1, GICD_ITARGETSR + 16, 4), 0x02020202);
	/* Banked ISENABLER0: each vCPU its own PPIs; SGIs stay enabled. */
	fix_dist_write(v0, GICD_ICENABLER, 4, 0xffff);
	fix_dist_write(v0, GICD_ISENABLER, 4, 1u << 20);
	ck_assert_uint_eq(fix_dist_read(v0, GICD_ISENABLER, 4), 0xffffu | 1u << 20);
	ck_assert_uint_eq(fix_dist_read(v1, GICD_ISENABLER, 4), 0xffffu);
	/* Beyond the lines: nothing. */
	fix_dist_write(v0, GICD_ITARGETSR + FIX_LINES, 4, 0x01010101);
	fix_dist_write(v0, GICD_ISENABLER + FIX_LINES / 8, 4, ~0u);
	ck_assert_uint_eq(fix_dist_read(v0, GICD_ISENABLER + FIX_LINES / 8, 4), 0);
}
END_TEST

/* --------------------------------------------------------------- SGIs */

START_TEST(v3_sgi_to_a_set_of_vcpus_reaches_each_once)
{
	struct vm *vm = setup(3, 4, 4);
	struct vcpu *v0 = &vm->vcpus[0];

	for (unsigned int i = 1; i < 4; i++) {
		fix_run(&vm->vcpus[i]);
		fix_redist_write(&vm->vcpus[i], GICR_ISENABLER0, 4, 1u << 5);
	}
	fix_run(v0);
	fake_arch.nsgi = 0;
	/* TargetList {1, 3}, INTID 5, twice: an SGI is an edge, the two merge. */
	vgic_sgi1r_write(v0, (5ull << 24) | 0xa);
	vgic_sgi1r_write(v0, (5ull << 24) | 0xa);
	ck_assert_uint_ge(fake_arch.nsgi, 2);   /* cores 1 and 3 kicked */
	for (unsigned int i = 0; i < 4; i++) {
		fix_run(&vm->vcpus[i]);
		vgic_flush(&vm->vcpus[i]);
		if (i == 1 || i == 3) {
			ck_assert_int_eq(fix_guest_take_one(), 5);
			vgic_flush(&vm->vcpus[i]);
		}
		ck_assert_int_eq(fix_guest_take_one(), -1);
	}
	/* Affinity naming vCPUs that do not exist: nobody. */
	vgic_sgi1r_write(v0, (5ull << 24) | (1ull << 16) | 0x2);
	for (unsigned int i = 0; i < 4; i++)
		ck_assert_uint_eq(vm->vcpus[i].vgic.nqueued, 0);
}
END_TEST

START_TEST(v2_sgi_to_a_set_of_vcpus_reaches_each_once_with_its_source)
{
	struct vm *vm = setup(2, 4, 4);
	struct vcpu *v2 = &vm->vcpus[2];

	fix_run(v2);
	/* TargetListFilter 0, CPUTargetList {0, 1, 3}, SGI 7. */
	fix_dist_write(v2, GICD_SGIR, 4, (0xbu << 16) | 7);
	for (unsigned int i = 0; i < 4; i++) {
		fix_run(&vm->vcpus[i]);
		vgic_flush(&vm->vcpus[i]);
		if (i != 2) {
			struct lr lr = fix_lr(0);

			ck_assert_uint_eq(lr.vintid, 7);
			ck_assert_uint_eq(lr.source, 2);
			ck_assert_int_eq(fix_guest_take_one(), 7);
			vgic_flush(&vm->vcpus[i]);
		}
		ck_assert_int_eq(fix_guest_take_one(), -1);
	}
	/* Filter 0b11 is reserved: nothing is sent. */
	fix_run(v2);
	fix_dist_write(v2, GICD_SGIR, 4, (3u << 24) | (0xfu << 16) | 7);
	for (unsigned int i = 0; i < 4; i++)
		ck_assert_uint_eq(vm->vcpus[i].vgic.priv[7].sgi_sources, 0);
}
END_TEST

/* The receive side of a cross-vCPU SGI (one interrupt queued, an LR free:
 * vgic.c's fast path): it goes into the lowest free LR, next to what the
 * LRs already hold, and again each time it is sent once the guest has
 * completed it. With every general LR busy it waits like any other
 * (the general path, with the underflow interrupt) and is not lost. */
static void cross_vcpu_sgi_lowest_free_lr(unsigned int version)
{
	struct vm *vm = setup(version, 4, 2);
	struct vcpu *v0 = &vm->vcpus[0], *v1 = &vm->vcpus[1];
	uint64_t mask[2];

	fix_run(v1);
	if (version == 3) {
		fix_redist_write(v1, GICR_ISENABLER0, 4, 1u << 5);
		fix_redist_write(v1, GICR_IPRIORITYR + 5, 1, 0xa0);
	} else {
		set_priority(v1, 5, 0xa0);   /* banked: v1's own */
	}
	for (unsigned int i = 0; i < 3; i++) {
		if (version == 2)
			fix_dist_write(v1, GICD_ITARGETSR + 40 + i, 1, 2);
		else
			fix_dist_write(v1, GICD_IROUTER + 8 * (40 + i), 8, 1);
		set_priority(v1, 40 + i, 0x10);
		enable_spi(v1, 40 + i);
	}
	for (unsigned int round = 0; round < 3; round++) {
		fix_run(v0);
		if (version == 3)
			vgic_sgi1r_write(v0, (5ull << 24) | 0x2);
		else
			fix_dist_write(v0, GICD_SGIR, 4, (0x2u << 16) | 5);
		fix_run(v1);
		vgic_flush(v1);
		ck_assert_uint_eq(fix_lr(0).vintid, 5);
		ck_assert_uint_eq(fix_lr(0).state, LR_PENDING);
		if (version == 2)
			ck_assert_uint_eq(fix_lr(0).source, 0);
		ck_assert(!v1->vgic.underflow);
		ck_assert_int_eq(fix_guest_take_one(), 5);
		vgic_flush(v1);
		ck_assert_int_eq(fix_guest_take_one(), -1);   /* once */
	}
	/* LR 0 busy (SPI 40 pending): the SGI takes LR 1. */
	vgic_pulse_spi(vm, 40);
	vgic_flush(v1);
	ck_assert_uint_eq(fix_lr(0).vintid, 40);
	fix_run(v0);
	if (version == 3)
		vgic_sgi1r_write(v0, (5ull << 24) | 0x2);
	else
		fix_dist_write(v0, GICD_SGIR, 4, (0x2u << 16) | 5);
	fix_run(v1);
	vgic_flush(v1);
	ck_assert_uint_eq(fix_lr(1).vintid, 5);
	ck_assert_uint_eq(fix_lr(1).state, LR_PENDING);
	ck_assert_uint_eq(fix_pending_lrs(mask), 2);
	while (fix_guest_take_one() >= 0)
		vgic_flush(v1);
	/* Every general LR busy with SPIs of higher priority (0x10 against
	 * the SGI's 0xa0): the SGI waits. */
	for (unsigned int i = 0; i < 3; i++)
		vgic_pulse_spi(vm, 40 + i);
	vgic_flush(v1);
	fix_run(v0);
	if (version == 3)
		vgic_sgi1r_write(v0, (5ull << 24) | 0x2);
	else
		fix_dist_write(v0, GICD_SGIR, 4, (0x2u << 16) | 5);
	fix_run(v1);
	vgic_flush(v1);
	ck_assert(!in_lrs(5));
	ck_assert_uint_eq(v1->vgic.nqueued, 1);
	ck_assert(v1->vgic.underflow);
	bool seen5 = false;

	for (int id; (id = fix_guest_take_one()) >= 0; vgic_maintenance(v1)) {
		ck_assert(!(id == 5 && seen5));
		seen5 |= id == 5;
	}
	ck_assert(seen5);
	ck_assert_uint_eq(v1->vgic.nqueued, 0);
	ck_assert(!v1->vgic.underflow);
}

START_TEST(v3_cross_vcpu_sgi_goes_into_the_lowest_free_lr_each_time)
{
	cross_vcpu_sgi_lowest_free_lr(3);
}
END_TEST
START_TEST(v2_cross_vcpu_sgi_goes_into_the_lowest_free_lr_each_time)
{
	cross_vcpu_sgi_lowest_free_lr(2);
}
END_TEST

Suite *vgic_suite(void)
{
	Suite *s = suite_create("vgic");
	TCase *t = tcase_create("delivery");

	tcase_add_test(t, v3_pending_spi_enabled_later_is_delivered);
	tcase_add_test(t, v2_pending_spi_enabled_later_is_delivered);
	tcase_add_test(t, v3_more_pending_than_lrs_nothing_lost);
	tcase_add_test(t, v2_more_pending_than_lrs_nothing_lost);
	tcase_add_test(t, v3_higher_priority_evicts_pending_lowest_which_comes_later);
	tcase_add_test(t, v3_level_deasserted_before_delivery_is_withdrawn);
	tcase_add_test(t, v2_level_deasserted_before_delivery_is_withdrawn);
	suite_add_tcase(s, t);
	t = tcase_create("hostile");
	tcase_add_test(t, v3_writes_beyond_the_vms_interrupts_change_nothing);
	tcase_add_test(t, v3_sgis_and_ppis_are_banked_per_redistributor);
	tcase_add_test(t, v3_irouter_to_no_vcpu_delivers_nowhere_then_reroutes);
	tcase_add_test(t, v2_itargetsr_is_clamped_to_the_vms_vcpus_and_private_ones_are_fixed);
	suite_add_tcase(s, t);
	t = tcase_create("sgi");
	tcase_add_test(t, v3_sgi_to_a_set_of_vcpus_reaches_each_once);
	tcase_add_test(t, v2_sgi_to_a_set_of_vcpus_reaches_each_once_with_its_source);
	tcase_add_test(t, v3_cross_vcpu_sgi_goes_into_the_lowest_free_lr_each_time);
	tcase_add_test(t, v2_cross_vcpu_sgi_goes_into_the_lowest_free_lr_each_time);
	suite_add_tcase(s, t);
	return s;
}
