/* Emulated-MMIO dispatch over a fake device model: handlers get the right
 * device and offset, refused widths and undecoded offsets read as zero and
 * ignore writes, and the register tables are indexed and checked. */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "el2/mmio.h"
#include "tests/unit/suites.h"

struct fake_dev {
	int id;
	unsigned int reads, writes;
	const char *last_reg;
	uint64_t last_off;
	unsigned int last_size;
	uint64_t last_value;
	struct vcpu *last_vcpu;
};

static void note(struct fake_dev *d, const char *reg, struct vcpu *v, uint64_t off,
		 unsigned int size)
{
	d->last_reg = reg;
	d->last_off = off;
	d->last_size = size;
	d->last_vcpu = v;
}

static uint64_t ctl_read(void *dev, struct vcpu *v, uint64_t off, unsigned int size)
{
	struct fake_dev *d = dev;

	d->reads++;
	note(d, "ctl", v, off, size);
	return 0xc0de0000u | (unsigned int)d->id;
}

static void ctl_write(void *dev, struct vcpu *v, uint64_t off, unsigned int size, uint64_t val)
{
	struct fake_dev *d = dev;

	d->writes++;
	note(d, "ctl", v, off, size);
	d->last_value = val;
}

static uint64_t wide_read(void *dev, struct vcpu *v, uint64_t off, unsigned int size)
{
	struct fake_dev *d = dev;

	d->reads++;
	note(d, "wide", v, off, size);
	return 0x1122334455667788ull;
}

static void wide_write(void *dev, struct vcpu *v, uint64_t off, unsigned int size, uint64_t val)
{
	struct fake_dev *d = dev;

	d->writes++;
	note(d, "wide", v, off, size);
	d->last_value = val;
}

static uint64_t array_read(void *dev, struct vcpu *v, uint64_t off, unsigned int size)
{
	struct fake_dev *d = dev;

	d->reads++;
	note(d, "array", v, off, size);
	return 0xa000 + off;
}

static void array_write(void *dev, struct vcpu *v, uint64_t off, unsigned int size, uint64_t val)
{
	struct fake_dev *d = dev;

	d->writes++;
	note(d, "array", v, off, size);
	d->last_value = val;
}

static uint64_t ro_read(void *dev, struct vcpu *v, uint64_t off, unsigned int size)
{
	struct fake_dev *d = dev;

	d->reads++;
	note(d, "ro", v, off, size);
	return 0x5eed;
}

/* 0x000 CTL (32-bit), 0x004 RAZ/WI, 0x008 a 64-bit register (32/64),
 * 0x100-0x17f a byte-accessible array, 0x400 read-only, 0x500-0x50b three
 * words that take 64-bit accesses; 0x010-0x0ff, 0x180-0x3ff, 0x404-0x4ff
 * and 0x50c-0xfff are holes. */
static const struct mmio_reg fake_regs[] = {
	{ 0x000, 4, MMIO_W32, ctl_read, ctl_write },
	{ 0x004, 4, MMIO_W32, NULL, NULL },
	{ 0x008, 8, MMIO_W32_64, wide_read, wide_write },
	{ 0x100, 0x80, MMIO_WALL, array_read, array_write },
	{ 0x400, 4, MMIO_W32, ro_read, NULL },
	{ 0x500, 12, MMIO_W32_64, wide_read, wide_write },
};
MMIO_MODEL(fake_model, "fake", fake_regs, 0x1000);

static const struct mmio_reg other_regs[] = {
	{ 0x0, 4, MMIO_W32, ro_read, NULL },
};
MMIO_MODEL(other_model, "other", other_regs, 0x10);

static struct fake_dev dev_a, dev_b, dev_c;
static struct mmio_region regions[3];
static int vcpu_token;
#define VCPU ((struct vcpu *)&vcpu_token)

static void setup(void)
{
	memset(&dev_a, 0, sizeof(dev_a));
	memset(&dev_b, 0, sizeof(dev_b));
	memset(&dev_c, 0, sizeof(dev_c));
	dev_a.id = 1;
	dev_b.id = 2;
	dev_c.id = 3;
	ck_assert_int_eq(mmio_model_init(&fake_model), -1);
	ck_assert_int_eq(mmio_model_init(&other_model), -1);
	regions[0] = mmio_region_init(0x08000000, 0x10000, &fake_model, &dev_a);
	regions[1] = mmio_region_init(0x09000000, 0x1000, &fake_model, &dev_b);
	regions[2] = mmio_region_init(0x0a000000, 0x1000, &other_model, &dev_c);
}

static enum mmio_result rd(uint64_t addr, unsigned int size, uint64_t *value)
{
	struct mmio_access acc = { addr, size, false, 0xdeadbeefdeadbeefull };
	enum mmio_result r = mmio_dispatch(regions, 3, VCPU, &acc);

	*value = acc.value;
	return r;
}

static enum mmio_result wr(uint64_t addr, unsigned int size, uint64_t value)
{
	struct mmio_access acc = { addr, size, true, value };

	return mmio_dispatch(regions, 3, VCPU, &acc);
}

START_TEST(model_tables_are_well_formed)
{
	ck_assert_int_eq(mmio_model_check(&fake_model), -1);
	ck_assert_int_eq(mmio_model_check(&other_model), -1);
}
END_TEST

START_TEST(read_reaches_the_handler)
{
	uint64_t v;

	ck_assert_int_eq(rd(0x08000000, 4, &v), MMIO_OK);
	ck_assert_uint_eq(v, 0xc0de0001u);
	ck_assert_uint_eq(dev_a.reads, 1);
	ck_assert_str_eq(dev_a.last_reg, "ctl");
	ck_assert_uint_eq(dev_a.last_off, 0);
	ck_assert_uint_eq(dev_a.last_size, 4);
	ck_assert_ptr_eq(dev_a.last_vcpu, VCPU);
	ck_assert_uint_eq(dev_b.reads + dev_c.reads, 0);
}
END_TEST

START_TEST(write_reaches_the_handler)
{
	ck_assert_int_eq(wr(0x08000000, 4, 0x12345678), MMIO_OK);
	ck_assert_uint_eq(dev_a.writes, 1);
	ck_assert_uint_eq(dev_a.reads, 0);
	ck_assert_str_eq(dev_a.last_reg, "ctl");
	ck_assert_uint_eq(dev_a.last_value, 0x12345678);
	ck_assert_ptr_eq(dev_a.last_vcpu, VCPU);
}
END_TEST

START_TEST(offset_within_a_register_array)
{
	uint64_t v;

	ck_assert_int_eq(rd(0x08000114, 4, &v), MMIO_OK);
	ck_assert_str_eq(dev_a.last_reg, "array");
	ck_assert_uint_eq(dev_a.last_off, 0x14);
	ck_assert_uint_eq(v, 0xa014);
	/* Last byte of the array. */
	ck_assert_int_eq(wr(0x0800017f, 1, 0xab), MMIO_OK);
	ck_assert_uint_eq(dev_a.last_off, 0x7f);
	ck_assert_uint_eq(dev_a.last_size, 1);
	ck_assert_uint_eq(dev_a.last_value, 0xab);
	/* A 64-bit access at the start of the second half. */
	ck_assert_int_eq(rd(0x08000140, 8, &v), MMIO_OK);
	ck_assert_uint_eq(dev_a.last_off, 0x40);
	ck_assert_uint_eq(dev_a.last_size, 8);
	/* The upper word of the 64-bit register. */
	ck_assert_int_eq(wr(0x0800000c, 4, 0xfeed), MMIO_OK);
	ck_assert_str_eq(dev_a.last_reg, "wide");
	ck_assert_uint_eq(dev_a.last_off, 4);
}
END_TEST

START_TEST(refused_width_reads_zero_and_ignores_writes)
{
	uint64_t v;

	ck_assert_int_eq(rd(0x08000000, 1, &v), MMIO_BAD_WIDTH);
	ck_assert_uint_eq(v, 0);
	ck_assert_int_eq(wr(0x08000000, 2, 0xffff), MMIO_BAD_WIDTH);
	ck_assert_int_eq(wr(0x08000008, 1, 0xff), MMIO_BAD_WIDTH);
	ck_assert_uint_eq(dev_a.reads, 0);
	ck_assert_uint_eq(dev_a.writes, 0);
	/* The 64-bit register takes both 32- and 64-bit accesses. */
	ck_assert_int_eq(rd(0x08000008, 8, &v), MMIO_OK);
	ck_assert_uint_eq(v, 0x1122334455667788ull);
	ck_assert_int_eq(rd(0x08000008, 4, &v), MMIO_OK);
	ck_assert_uint_eq(dev_a.reads, 2);
}
END_TEST

START_TEST(raz_wi_and_read_only_registers)
{
	uint64_t v;

	ck_assert_int_eq(rd(0x08000004, 4, &v), MMIO_OK);
	ck_assert_uint_eq(v, 0);
	ck_assert_int_eq(wr(0x08000004, 4, 0x1), MMIO_OK);
	ck_assert_int_eq(rd(0x08000400, 4, &v), MMIO_OK);
	ck_assert_uint_eq(v, 0x5eed);
	ck_assert_int_eq(wr(0x08000400, 4, 0x1), MMIO_OK);
	ck_assert_uint_eq(dev_a.writes, 0);
	ck_assert_uint_eq(dev_a.reads, 1);
}
END_TEST

START_TEST(undecoded_offsets_read_zero_and_ignore_writes)
{
	uint64_t v;

	ck_assert_int_eq(rd(0x08000200, 4, &v), MMIO_UNDECODED);   /* hole between registers */
	ck_assert_uint_eq(v, 0);
	ck_assert_int_eq(rd(0x08000404, 4, &v), MMIO_UNDECODED);   /* after the read-only one */
	ck_assert_int_eq(rd(0x0800050c, 4, &v), MMIO_UNDECODED);   /* after the last one */
	ck_assert_uint_eq(v, 0);
	ck_assert_int_eq(rd(0x08000ffc, 4, &v), MMIO_UNDECODED);   /* end of the model's span */
	ck_assert_uint_eq(v, 0);
	ck_assert_int_eq(rd(0x0800fffc, 4, &v), MMIO_UNDECODED);   /* region beyond the span */
	ck_assert_uint_eq(v, 0);
	ck_assert_int_eq(rd(0x08001000, 1, &v), MMIO_UNDECODED);
	ck_assert_int_eq(wr(0x08000180, 4, 1), MMIO_UNDECODED);    /* just past the array */
	ck_assert_uint_eq(dev_a.reads + dev_a.writes, 0);
}
END_TEST

START_TEST(misaligned_accesses_are_undecoded)
{
	uint64_t v;

	/* Within the byte-accessible array: aligned to their size or refused. */
	ck_assert_int_eq(rd(0x08000102, 2, &v), MMIO_OK);
	ck_assert_uint_eq(dev_a.last_off, 2);
	ck_assert_int_eq(rd(0x08000101, 2, &v), MMIO_UNDECODED);
	ck_assert_uint_eq(v, 0);
	ck_assert_int_eq(wr(0x08000102, 4, 1), MMIO_UNDECODED);
	/* 4 bytes from 0x17e would also run past the end of the array. */
	ck_assert_int_eq(rd(0x0800017e, 4, &v), MMIO_UNDECODED);
	ck_assert_uint_eq(v, 0);
	/* 8 bytes at the upper word of the 64-bit register. */
	ck_assert_int_eq(rd(0x0800000c, 8, &v), MMIO_UNDECODED);
	ck_assert_uint_eq(v, 0);
	ck_assert_uint_eq(dev_a.reads, 1);
	ck_assert_uint_eq(dev_a.writes, 0);
}
END_TEST

START_TEST(access_straddling_a_register_end_is_refused)
{
	uint64_t v;

	/* An aligned 64-bit access to the last word of 0x500-0x50b. */
	ck_assert_int_eq(rd(0x08000500, 8, &v), MMIO_OK);
	ck_assert_uint_eq(dev_a.last_off, 0);
	ck_assert_int_eq(rd(0x08000508, 8, &v), MMIO_BAD_WIDTH);
	ck_assert_uint_eq(v, 0);
	ck_assert_int_eq(wr(0x08000508, 8, ~0ull), MMIO_BAD_WIDTH);
	ck_assert_int_eq(rd(0x08000508, 4, &v), MMIO_OK);
	ck_assert_uint_eq(dev_a.last_off, 8);
	/* 8 bytes at CTL would cover CTL and the RAZ/WI register. */
	ck_assert_int_eq(wr(0x08000000, 8, ~0ull), MMIO_BAD_WIDTH);
	ck_assert_uint_eq(dev_a.reads, 2);
	ck_assert_uint_eq(dev_a.writes, 0);
}
END_TEST

START_TEST(address_outside_every_region)
{
	uint64_t v;

	ck_assert_int_eq(rd(0x07ffffff, 1, &v), MMIO_NO_DEVICE);
	ck_assert_int_eq(rd(0x08010000, 4, &v), MMIO_NO_DEVICE);   /* one past region 0 */
	ck_assert_int_eq(wr(0x09001000, 4, 1), MMIO_NO_DEVICE);
	ck_assert_int_eq(rd(0x40000000, 4, &v), MMIO_NO_DEVICE);
	ck_assert_int_eq(rd(0, 4, &v), MMIO_NO_DEVICE);
	ck_assert_uint_eq(dev_a.reads + dev_b.reads + dev_c.reads, 0);
	ck_assert_uint_eq(dev_a.writes + dev_b.writes + dev_c.writes, 0);
	/* No regions at all. */
	struct mmio_access acc = { 0x08000000, 4, false, 0 };
	ck_assert_int_eq(mmio_dispatch(regions, 0, VCPU, &acc), MMIO_NO_DEVICE);
}
END_TEST

START_TEST(each_region_gets_its_own_device)
{
	uint64_t v;

	ck_assert_int_eq(rd(0x09000000, 4, &v), MMIO_OK);
	ck_assert_uint_eq(v, 0xc0de0002u);
	ck_assert_uint_eq(dev_b.reads, 1);
	ck_assert_uint_eq(dev_a.reads, 0);
	ck_assert_int_eq(wr(0x09000120, 2, 0x77), MMIO_OK);
	ck_assert_uint_eq(dev_b.last_off, 0x20);
	ck_assert_uint_eq(dev_b.last_value, 0x77);
	ck_assert_uint_eq(dev_a.writes, 0);
	/* Another model: its offset 0 is a read-only register. */
	ck_assert_int_eq(rd(0x0a000000, 4, &v), MMIO_OK);
	ck_assert_uint_eq(v, 0x5eed);
	ck_assert_str_eq(dev_c.last_reg, "ro");
	ck_assert_int_eq(rd(0x0a000004, 4, &v), MMIO_UNDECODED);
	/* Region 1 is only 4 KiB, but 0x400 is still inside it. */
	ck_assert_int_eq(rd(0x09000400, 4, &v), MMIO_OK);
	ck_assert_uint_eq(v, 0x5eed);
	ck_assert_str_eq(dev_b.last_reg, "ro");
}
END_TEST

START_TEST(find_reg_over_many_registers)
{
	enum { N = MMIO_MAX_REGS };   /* the most a model may have */
	struct mmio_reg *regs = calloc(N, sizeof(*regs));
	uint16_t *index = calloc(N * 16 / 4, sizeof(uint16_t));
	struct mmio_model model = { "many", regs, N, N * 16, index };

	ck_assert_ptr_nonnull(regs);
	ck_assert_ptr_nonnull(index);
	/* Register i at 16*i: 4 bytes long, every 10th one 12 bytes. */
	for (unsigned int i = 0; i < N; i++) {
		regs[i].offset = 16 * i;
		regs[i].len = i % 10 ? 4 : 12;
		regs[i].widths = MMIO_W32;
	}
	ck_assert_int_eq(mmio_model_init(&model), -1);
	for (unsigned int i = 0; i < N; i++) {
		for (unsigned int b = 0; b < 16; b++) {
			const struct mmio_reg *r = mmio_find_reg(&model, 16 * i + b);

			if (b < regs[i].len)
				ck_assert_msg(r == &regs[i], "offset 0x%x: expected register %u",
					      16 * i + b, i);
			else
				ck_assert_msg(r == NULL, "offset 0x%x is a hole", 16 * i + b);
		}
	}
	ck_assert_ptr_null(mmio_find_reg(&model, 16 * N));
	ck_assert_ptr_null(mmio_find_reg(&model, ~0ull));
	ck_assert_ptr_null(mmio_find_reg(&model, 1ull << 32));   /* not truncated to 0 */
	free(index);
	free(regs);
}
END_TEST

START_TEST(too_many_registers_for_the_index)
{
	enum { N = MMIO_MAX_REGS + 1 };
	struct mmio_reg *regs = calloc(N, sizeof(*regs));
	uint16_t *index = calloc(N, sizeof(uint16_t));
	struct mmio_model model = { "too-many", regs, N, N * 4, index };

	for (unsigned int i = 0; i < N; i++)
		regs[i] = (struct mmio_reg){ 4 * i, 4, MMIO_W32, NULL, NULL };
	/* One more entry than a 16-bit index of entry offsets can name. */
	ck_assert_int_eq(mmio_model_check(&model), MMIO_MAX_REGS);
	ck_assert_int_eq(mmio_model_init(&model), MMIO_MAX_REGS);
	model.nregs = MMIO_MAX_REGS;
	ck_assert_int_eq(mmio_model_init(&model), -1);
	ck_assert_ptr_eq(mmio_find_reg(&model, (MMIO_MAX_REGS - 1) * 4 + 3),
			 &regs[MMIO_MAX_REGS - 1]);
	ck_assert_ptr_null(mmio_find_reg(&model, MMIO_MAX_REGS * 4));
	free(index);
	free(regs);
}
END_TEST

START_TEST(find_reg_in_a_sparse_table)
{
	ck_assert_ptr_eq(mmio_find_reg(&fake_model, 0x0), &fake_regs[0]);
	ck_assert_ptr_eq(mmio_find_reg(&fake_model, 0x3), &fake_regs[0]);
	ck_assert_ptr_eq(mmio_find_reg(&fake_model, 0x4), &fake_regs[1]);
	ck_assert_ptr_eq(mmio_find_reg(&fake_model, 0xf), &fake_regs[2]);
	ck_assert_ptr_null(mmio_find_reg(&fake_model, 0x10));
	ck_assert_ptr_null(mmio_find_reg(&fake_model, 0xff));
	ck_assert_ptr_eq(mmio_find_reg(&fake_model, 0x100), &fake_regs[3]);
	ck_assert_ptr_eq(mmio_find_reg(&fake_model, 0x17f), &fake_regs[3]);
	ck_assert_ptr_null(mmio_find_reg(&fake_model, 0x180));
	ck_assert_ptr_eq(mmio_find_reg(&fake_model, 0x403), &fake_regs[4]);
	ck_assert_ptr_null(mmio_find_reg(&fake_model, 0x404));
	ck_assert_ptr_eq(mmio_find_reg(&fake_model, 0x50b), &fake_regs[5]);
	ck_assert_ptr_null(mmio_find_reg(&fake_model, 0x50c));
	ck_assert_ptr_null(mmio_find_reg(&fake_model, 0x1000));
}
END_TEST

START_TEST(model_check_catches_bad_tables)
{
	struct mmio_reg regs[4] = {
		{ 0x00, 4, MMIO_W32, NULL, NULL },
		{ 0x04, 4, MMIO_W32, NULL, NULL },   /* touching is fine */
		{ 0x10, 8, MMIO_W64, NULL, NULL },
		{ 0x20, 4, MMIO_W32, NULL, NULL },
	};
	uint16_t index[0x40 / 4];
	struct mmio_model m = { "t", regs, 4, 0x40, index };

	ck_assert_int_eq(mmio_model_check(&m), -1);

	regs[2].offset = 0x04;               /* out of order */
	ck_assert_int_eq(mmio_model_check(&m), 2);
	regs[2].offset = 0x10;

	regs[2].len = 0x14;                  /* runs into 0x20 */
	ck_assert_int_eq(mmio_model_check(&m), 3);
	regs[2].len = 8;

	regs[0].len = 8;                     /* overlaps the next one */
	ck_assert_int_eq(mmio_model_check(&m), 1);
	regs[0].len = 4;

	regs[1].len = 0;                     /* zero length */
	ck_assert_int_eq(mmio_model_check(&m), 1);
	regs[1].len = 4;

	regs[3].widths = 0;                  /* accepts no width at all */
	ck_assert_int_eq(mmio_model_check(&m), 3);
	regs[3].widths = MMIO_W32;

	regs[3].offset = 0x10;               /* duplicate offset */
	ck_assert_int_eq(mmio_model_check(&m), 3);
	regs[3].offset = 0x20;

	regs[3].offset = 0x22;               /* not word-aligned */
	ck_assert_int_eq(mmio_model_check(&m), 3);
	regs[3].offset = 0x20;

	regs[2].len = 6;                     /* not a whole number of words */
	ck_assert_int_eq(mmio_model_check(&m), 2);
	regs[2].len = 8;

	regs[3].offset = 0x3c;               /* the last word of the span: fine */
	ck_assert_int_eq(mmio_model_check(&m), -1);
	regs[3].len = 8;                     /* past the end of the span */
	ck_assert_int_eq(mmio_model_check(&m), 3);
	/* init refuses it too, and says which entry. */
	ck_assert_int_eq(mmio_model_init(&m), 3);
	regs[3].offset = 0x20;
	regs[3].len = 4;

	ck_assert_int_eq(mmio_model_check(&m), -1);
	m.span = 0x3e;                       /* not whole words (found by tests/fuzz/fuzz_mmio.c) */
	ck_assert_int_eq(mmio_model_check(&m), 4);
	m.span = 0x40;
	m.nregs = 0;
	ck_assert_int_eq(mmio_model_check(&m), -1);
}
END_TEST

START_TEST(init_rebuilds_a_stale_index)
{
	struct mmio_reg regs[2] = {
		{ 0x00, 4, MMIO_W32, NULL, NULL },
		{ 0x08, 4, MMIO_W32, NULL, NULL },
	};
	uint16_t index[0x10 / 4];
	struct mmio_model m = { "t", regs, 2, 0x10, index };

	memset(index, 0x7f, sizeof(index));  /* garbage */
	ck_assert_int_eq(mmio_model_init(&m), -1);
	ck_assert_ptr_eq(mmio_find_reg(&m, 0x0), &regs[0]);
	ck_assert_ptr_null(mmio_find_reg(&m, 0x4));
	ck_assert_ptr_eq(mmio_find_reg(&m, 0xb), &regs[1]);
	ck_assert_ptr_null(mmio_find_reg(&m, 0xc));
}
END_TEST

Suite *mmio_suite(void)
{
	Suite *s = suite_create("mmio");
	TCase *tc = tcase_create("dispatch");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, model_tables_are_well_formed);
	tcase_add_test(tc, read_reaches_the_handler);
	tcase_add_test(tc, write_reaches_the_handler);
	tcase_add_test(tc, offset_within_a_register_array);
	tcase_add_test(tc, refused_width_reads_zero_and_ignores_writes);
	tcase_add_test(tc, raz_wi_and_read_only_registers);
	tcase_add_test(tc, undecoded_offsets_read_zero_and_ignore_writes);
	tcase_add_test(tc, misaligned_accesses_are_undecoded);
	tcase_add_test(tc, access_straddling_a_register_end_is_refused);
	tcase_add_test(tc, address_outside_every_region);
	tcase_add_test(tc, each_region_gets_its_own_device);
	tcase_add_test(tc, find_reg_over_many_registers);
	tcase_add_test(tc, too_many_registers_for_the_index);
	tcase_add_test(tc, find_reg_in_a_sparse_table);
	tcase_add_test(tc, model_check_catches_bad_tables);
	tcase_add_test(tc, init_rebuilds_a_stale_index);
	suite_add_tcase(s, tc);
	return s;
}
