/* The double-fetch class (issue 12, docs/security.md): a second vCPU of the
 * guest rewrites a descriptor while Tandem processes its chain. A thread
 * plays that vCPU against vchan/virtqueue.c; AddressSanitizer watches the
 * destination. Tandem must copy what it checked, never more than the room. */
#include <check.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "vchan/virtqueue.h"
#include "tests/unit/suites.h"
#include "tests/unit/vq_image.h"

#define RAM_BASE 0x40000000ull
#define RAM_SIZE (1u << 20)
#define DESC     (RAM_BASE + 0x1000)
#define AVAIL    (RAM_BASE + 0x2000)
#define USED     (RAM_BASE + 0x3000)
#define BUF      (RAM_BASE + 0x8000)
#define ROOM     64u

static uint8_t *ram;
static struct guest_ram gr;
static struct virtqueue q;
static volatile int stop;

static uint8_t *at(uint64_t ipa)
{
	return ram + (ipa - RAM_BASE);
}

static void desc(uint16_t i, uint64_t addr, uint32_t len, uint16_t flags, uint16_t next)
{
	vq_image_desc(at(DESC), i, addr, len, flags, next);
}

static void offer(uint16_t head)
{
	vq_image_offer(at(AVAIL), q.num, head);
}

/* The hostile second vCPU: descriptor 0's length flips between one that
 * fits and one far beyond the room (still inside the guest's RAM). */
static void *flip_len(void *arg)
{
	uint32_t *len = (uint32_t *)(at(DESC) + 8);

	(void)arg;
	while (!__atomic_load_n(&stop, __ATOMIC_RELAXED)) {
		__atomic_store_n(len, 0x8000u, __ATOMIC_RELAXED);
		__atomic_store_n(len, 16u, __ATOMIC_RELAXED);
	}
	return NULL;
}

static void setup(void)
{
	ram = calloc(1, RAM_SIZE);
	gr = (struct guest_ram){ RAM_BASE, RAM_SIZE, ram };
	memset(&q, 0, sizeof(q));
	q.num = 8;
	q.desc = DESC;
	q.avail = AVAIL;
	q.used = USED;
	ck_assert_int_eq(vq_enable(&q, &gr), VQ_DONE);
	desc(0, BUF, 16, 1, 1);
	desc(1, BUF + 0x100, 16, 0, 0);
	stop = 0;
}

static void teardown(void)
{
	free(ram);
}

START_TEST(a_descriptor_rewritten_mid_chain_never_overflows)
{
	/* Exactly ROOM bytes on the heap, so one byte too many is caught. */
	uint8_t *dst = malloc(ROOM);
	pthread_t racer;
	unsigned int taken = 0, refused = 0;

	ck_assert_int_eq(pthread_create(&racer, NULL, flip_len, NULL), 0);
	offer(0);
	for (int i = 0; i < 400000; i++) {
		uint32_t n;
		enum vq_result r = vq_pop_out(&q, &gr, dst, ROOM, &n);

		ck_assert_int_ne(r, VQ_CORRUPT);
		if (r == VQ_DONE) {
			ck_assert_uint_le(n, ROOM);
			ck_assert_uint_eq(n, 32);   /* what it checked is what it took */
			taken++;
			offer(0);
		} else {
			ck_assert_uint_gt(n, ROOM);   /* refused: it did not fit */
			refused++;
		}
	}
	stop = 1;
	pthread_join(racer, NULL);
	free(dst);
	ck_assert_uint_gt(taken, 0);
}
END_TEST

/* Without a race: a chain that does not fit is left whole in the queue,
 * however long its buffers claim to be, and the count cannot wrap. */
START_TEST(oversized_chains_are_left_and_counts_saturate)
{
	uint8_t dst[ROOM];
	uint32_t n;

	for (uint16_t i = 0; i < 8; i++)   /* eight buffers of nearly all of RAM */
		desc(i, RAM_BASE, RAM_SIZE, i < 7 ? 1 : 0, (uint16_t)(i + 1));
	offer(0);
	ck_assert_int_eq(vq_pop_out(&q, &gr, dst, ROOM, &n), VQ_EMPTY);
	ck_assert_uint_gt(n, ROOM);
	ck_assert_uint_eq(q.last_avail, 0);   /* not consumed */
	desc(0, BUF, 8, 0, 0);                /* now it fits */
	ck_assert_int_eq(vq_pop_out(&q, &gr, dst, ROOM, &n), VQ_DONE);
	ck_assert_uint_eq(n, 8);
}
END_TEST

Suite *vq_race_suite(void)
{
	Suite *s = suite_create("virtqueue-race");
	TCase *t = tcase_create("double-fetch");

	tcase_add_checked_fixture(t, setup, teardown);
	tcase_set_timeout(t, 60);
	tcase_add_test(t, a_descriptor_rewritten_mid_chain_never_overflows);
	tcase_add_test(t, oversized_chains_are_left_and_counts_saturate);
	suite_add_tcase(s, t);
	return s;
}
