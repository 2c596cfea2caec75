/* Inter-VM channels: the binding (dt/vm_config.c), their validation and
 * linking (dt/channel_rules.c), the shared-memory rings (vchan/ring.c) and the
 * device side of virtqueues (vchan/virtqueue.c), including what a guest
 * that corrupts them gets: a refusal, never an access outside its RAM. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include "dt/plan.h"
#include "vchan/ring.h"
#include "vchan/virtqueue.h"
#include "tests/unit/fixtures.h"
#include "tests/unit/suites.h"
#include "tests/unit/vq_image.h"

static struct plan_fixture fx;
#define plan (*fx.sys)

static void setup(void)
{
	plan_fixture_init(&fx, "virt-gicv3-devices.dtb");
}

static void teardown(void)
{
	plan_fixture_free(&fx);
}

static int add(const char *name)
{
	return plan_fixture_add(&fx, name);
}

static void refused(const char *name, const char *cause)
{
	if (plan.nvms == MAX_VMS)   /* a fresh plan for the next refusals */
		ck_assert_int_eq(plan_init(fx.sys, fx.fdt, fx.platform, 0x40200000, 16 << 20), 0);
	ck_assert_int_ne(add(name), 0);
	ck_assert_contains(plan.vms[plan.nvms - 1].error, name);
	ck_assert_contains(plan.vms[plan.nvms - 1].error, cause);
}

START_TEST(binding_is_read)
{
	const struct vm_channel *a, *b;

	ck_assert_int_eq(add("ch-a.dtbo"), 0);
	ck_assert_int_eq(add("ch-b.dtbo"), 0);
	a = &plan.vms[0].cfg.channels[0];
	b = &plan.vms[1].cfg.channels[0];
	ck_assert_uint_eq(plan.vms[0].cfg.nchannels, 1);
	ck_assert_str_eq(a->name, "link");
	ck_assert_str_eq(a->peer, "beta");
	ck_assert_uint_eq(a->base, 0xa004000);
	ck_assert_uint_eq(a->size, 0x1000);
	ck_assert_uint_eq(a->intid, 96);
	ck_assert(a->virtio);
	ck_assert(!b->virtio);
	ck_assert_uint_eq(b->base, 0xb000000);
}
END_TEST

START_TEST(both_ends_are_linked)
{
	ck_assert_int_eq(add("ch-a.dtbo"), 0);
	ck_assert_int_eq(add("ch-b.dtbo"), 0);
	ck_assert_uint_eq(plan_link_channels(&plan), 0);
	ck_assert_int_eq(plan.vms[0].peer_vm[0], 1);
	ck_assert_int_eq(plan.vms[0].peer_channel[0], 0);
	ck_assert_int_eq(plan.vms[1].peer_vm[0], 0);
}
END_TEST

START_TEST(one_sided_channels_stay_unconnected)
{
	ck_assert_int_eq(add("ch-a.dtbo"), 0);        /* alpha -> beta, but no beta */
	ck_assert_int_eq(add("ch-c-other.dtbo"), 0);  /* gamma -> alpha, alpha names beta */
	ck_assert_uint_eq(plan_link_channels(&plan), 2);
	ck_assert_int_eq(plan.vms[0].peer_vm[0], -1);
	ck_assert_int_eq(plan.vms[1].peer_vm[0], -1);
	ck_assert_contains(plan.notes[0], "ch-a.dtbo: /chosen/alpha: channel 'link' stays unconnected: "
			   "its peer VM 'beta': no VM of that name was accepted");
	ck_assert_contains(plan.notes[1], "its peer VM 'alpha': its channel of that name names "
			   "another peer");
}
END_TEST

START_TEST(refusals)
{
	refused("ch-in-ram.dtbo", "channel 'link' at 0x40001000 is inside the VM's RAM");
	refused("ch-gic.dtbo", "channel 'link' at 0x8000000 overlaps the GIC at 0x8000000");
	refused("ch-size.dtbo", "channel 'link': 'reg' must be one 4 KiB page");
	refused("ch-ppi.dtbo", "channel 'link': 'interrupts' must be one GIC SPI");
	refused("ch-flags.dtbo", "channel 'link': interrupt flags 0x4, but a shared-ring channel's "
		"doorbell is an edge (rising, 1); write interrupts = <0x0 0x40 0x1>;");
	refused("ch-self.dtbo", "channel 'link': a VM cannot be its own peer");
	refused("ch-unknown.dtbo", "channel 'link': unknown property 'speed'");
	refused("ch-child.dtbo", "unknown child node 'stray'");
	refused("ch-dup-irq.dtbo", "channels 'one' and 'two' ring the same interrupt 96");
	refused("ch-pt-irq.dtbo", "channel 'link' rings interrupt 34, which /pl031@9010000 raises");
}
END_TEST

/* ------------------------------------------------------------ rings */

static struct tchan_page page __attribute__((aligned(4096)));

START_TEST(ring_carries_bytes_both_ways_and_wraps)
{
	struct chan_ring r;
	uint8_t in[3000], out[3000];

	for (unsigned int i = 0; i < sizeof(in); i++)
		in[i] = (uint8_t)(i * 7);
	chan_ring_init(&r, &page);
	ck_assert_uint_eq(page.magic, TCHAN_MAGIC);
	ck_assert_int_eq(chan_ring_rx_room(&r), TCHAN_RING);
	/* Tandem -> guest, across the end of the ring twice. */
	for (int round = 0; round < 3; round++) {
		chan_ring_rx_put(&r, in, 1500);
		ck_assert_int_eq(chan_ring_rx_room(&r), TCHAN_RING - 1500);
		for (uint32_t i = 0; i < 1500; i++)
			ck_assert_uint_eq(page.rx_data[(page.rx.tail + i) % TCHAN_RING], in[i]);
		page.rx.tail += 1500;   /* the guest consumed it */
	}
	/* guest -> Tandem */
	for (uint32_t i = 0; i < 1000; i++)
		page.tx_data[(page.tx.head + i) % TCHAN_RING] = in[i];
	page.tx.head += 1000;
	ck_assert_int_eq(chan_ring_tx_avail(&r), 1000);
	chan_ring_tx_get(&r, out, 1000);
	ck_assert_mem_eq(out, in, 1000);
	ck_assert_uint_eq(page.tx.tail, 1000);
	ck_assert_int_eq(chan_ring_tx_avail(&r), 0);
}
END_TEST

START_TEST(corrupt_ring_indices_are_caught)
{
	struct chan_ring r;

	chan_ring_init(&r, &page);
	page.tx.head = TCHAN_RING + 1;           /* more than a ring holds */
	ck_assert_int_eq(chan_ring_tx_avail(&r), -1);
	page.tx.head = 0xfffffff0u;              /* "behind" Tandem's tail */
	ck_assert_int_eq(chan_ring_tx_avail(&r), -1);
	page.rx.tail = 5;                        /* consumed what was never produced */
	ck_assert_int_eq(chan_ring_rx_room(&r), -1);
	/* Tandem's own indices in the page are not trusted: overwriting them
	 * changes nothing Tandem does. */
	chan_ring_init(&r, &page);
	page.rx.head = 1234;
	ck_assert_int_eq(chan_ring_rx_room(&r), TCHAN_RING);
}
END_TEST

/* ------------------------------------------------------------ virtqueues */

#define RAM_BASE 0x40000000ull
#define RAM_SIZE 0x10000ull
#define DESC  0x40001000ull
#define AVAIL 0x40002000ull
#define USED  0x40003000ull
#define BUF   0x40008000ull

static uint8_t *ram;
static struct guest_ram gr;
static struct virtqueue q;

static void vq_setup(void)
{
	free(ram);
	ram = calloc(1, RAM_SIZE);
	gr = (struct guest_ram){ RAM_BASE, RAM_SIZE, ram };
	memset(&q, 0, sizeof(q));
	q.num = 8;
	q.desc = DESC;
	q.avail = AVAIL;
	q.used = USED;
	ck_assert_int_eq(vq_enable(&q, &gr), VQ_DONE);
}

static void vq_teardown(void)
{
	free(ram);
	ram = NULL;
}

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
	vq_image_offer(at(AVAIL), 8, head);
}

static uint16_t used_idx(void)
{
	uint16_t idx;

	memcpy(&idx, at(USED) + 2, 2);
	return idx;
}

START_TEST(transmit_chain_is_taken_whole)
{
	uint8_t out[64];
	uint32_t n;

	memcpy(at(BUF), "hello, ", 7);
	memcpy(at(BUF + 0x100), "world", 5);
	desc(0, BUF, 7, 1, 3);             /* NEXT -> 3 */
	desc(3, BUF + 0x100, 5, 0, 0);
	offer(0);
	ck_assert_int_eq(vq_pop_out(&q, &gr, out, 8, &n), VQ_EMPTY);   /* 12 bytes do not fit in 8 */
	ck_assert_uint_eq(n, 12);
	ck_assert_uint_eq(used_idx(), 0);
	ck_assert_int_eq(vq_pop_out(&q, &gr, out, sizeof(out), &n), VQ_DONE);
	ck_assert_uint_eq(n, 12);
	ck_assert_mem_eq(out, "hello, world", 12);
	ck_assert_uint_eq(used_idx(), 1);
	ck_assert_int_eq(vq_pop_out(&q, &gr, out, sizeof(out), &n), VQ_EMPTY);
}
END_TEST

START_TEST(receive_fills_writable_buffers)
{
	uint32_t n, len;

	desc(2, BUF, 4, 2 | 1, 5);         /* WRITE | NEXT */
	desc(5, BUF + 0x10, 100, 2, 0);
	offer(2);
	ck_assert_int_eq(vq_push_in(&q, &gr, (const uint8_t *)"abcdefgh", 8, &n), VQ_DONE);
	ck_assert_uint_eq(n, 8);
	ck_assert_mem_eq(at(BUF), "abcd", 4);
	ck_assert_mem_eq(at(BUF + 0x10), "efgh", 4);
	memcpy(&len, at(USED) + 8, 4);
	ck_assert_uint_eq(len, 8);
	ck_assert_int_eq(vq_push_in(&q, &gr, (const uint8_t *)"x", 1, &n), VQ_EMPTY);  /* none posted */
}
END_TEST

START_TEST(corrupt_queues_are_caught)
{
	uint8_t out[64];
	uint32_t n;

	desc(0, RAM_BASE + RAM_SIZE - 4, 8, 0, 0);     /* runs past the end of RAM */
	offer(0);
	ck_assert_int_eq(vq_pop_out(&q, &gr, out, sizeof(out), &n), VQ_CORRUPT);
	ck_assert_str_eq(q.why, "buffer outside the guest's RAM (0x4000fffc)");

	vq_setup();
	desc(0, BUF, 1, 1, 1);
	desc(1, BUF, 1, 1, 0);                         /* 0 -> 1 -> 0 -> ... */
	offer(0);
	ck_assert_int_eq(vq_pop_out(&q, &gr, out, sizeof(out), &n), VQ_CORRUPT);
	ck_assert_str_eq(q.why, "descriptor chain loops (0x0)");

	vq_setup();
	offer(9);                                      /* head beyond the queue */
	ck_assert_int_eq(vq_pop_out(&q, &gr, out, sizeof(out), &n), VQ_CORRUPT);

	vq_setup();
	memset(at(AVAIL) + 2, 0x40, 2);                /* avail idx 0x4040: far ahead */
	ck_assert_int_eq(vq_pop_out(&q, &gr, out, sizeof(out), &n), VQ_CORRUPT);

	vq_setup();
	desc(0, BUF, 4, 2, 0);                         /* writable buffer to transmit */
	offer(0);
	ck_assert_int_eq(vq_pop_out(&q, &gr, out, sizeof(out), &n), VQ_CORRUPT);

	vq_setup();
	desc(0, BUF, 4, 1, 200);                       /* link beyond the queue */
	offer(0);
	ck_assert_int_eq(vq_pop_out(&q, &gr, out, sizeof(out), &n), VQ_CORRUPT);
}
END_TEST

START_TEST(queue_areas_must_lie_in_ram)
{
	q.ready = false;
	q.desc = RAM_BASE + RAM_SIZE - 8;
	ck_assert_int_eq(vq_enable(&q, &gr), VQ_CORRUPT);
	q.desc = DESC;
	q.num = 6;                                     /* not a power of two */
	ck_assert_int_eq(vq_enable(&q, &gr), VQ_CORRUPT);
	q.num = 8;
	q.used = 0x1000;                               /* not RAM at all */
	ck_assert_int_eq(vq_enable(&q, &gr), VQ_CORRUPT);
	ck_assert(!q.ready);
}
END_TEST

Suite *channel_suite(void)
{
	Suite *s = suite_create("channel");
	TCase *cfg = tcase_create("config");
	TCase *rings = tcase_create("rings");
	TCase *vq = tcase_create("virtqueue");

	tcase_add_checked_fixture(cfg, setup, teardown);
	tcase_add_test(cfg, binding_is_read);
	tcase_add_test(cfg, both_ends_are_linked);
	tcase_add_test(cfg, one_sided_channels_stay_unconnected);
	tcase_add_test(cfg, refusals);
	suite_add_tcase(s, cfg);
	tcase_add_test(rings, ring_carries_bytes_both_ways_and_wraps);
	tcase_add_test(rings, corrupt_ring_indices_are_caught);
	suite_add_tcase(s, rings);
	tcase_add_checked_fixture(vq, vq_setup, vq_teardown);
	tcase_add_test(vq, transmit_chain_is_taken_whole);
	tcase_add_test(vq, receive_fills_writable_buffers);
	tcase_add_test(vq, corrupt_queues_are_caught);
	tcase_add_test(vq, queue_areas_must_lie_in_ram);
	suite_add_tcase(s, vq);
	return s;
}
