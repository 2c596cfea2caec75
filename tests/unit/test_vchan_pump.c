/* The channel pump (vchan/pump.c) between two guests played by the test:
 * "lx" drives a virtio-console end (its two virtqueues in its RAM, laid out
 * as a driver does), "rt" a shared-memory rings end (its page). The pump,
 * the virtqueues, the rings and an end's restart are Tandem's own code; the
 * test stands in for what is around them: the guests' RAM, their doorbells
 * (counted) and what Tandem does with a guest that broke its end (recorded).
 * Each case would catch a lost buffer or notification, an overrun, a hostile
 * index, or stale data after a reset. */
#include <check.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "vchan/pump.h"
#include "tests/unit/fixtures.h"
#include "tests/unit/suites.h"
#include "tests/unit/vq_image.h"

#define RAM_BASE 0x40000000ull
#define RAM_SIZE (1u << 20)
#define QSIZE    8u
/* Where each queue's areas sit in lx's RAM (rx: receiveq, tx: transmitq). */
#define DESC(q)  (RAM_BASE + 0x1000 + 0x3000 * (q))
#define AVAIL(q) (RAM_BASE + 0x2000 + 0x3000 * (q))
#define USED(q)  (RAM_BASE + 0x3000 + 0x3000 * (q))
#define RXBUF    (RAM_BASE + 0x10000)   /* receive buffers from here */
#define TXBUF    (RAM_BASE + 0x40000)   /* transmit buffers from here */

struct guest {
	struct chan_end end;   /* first: the ops find the guest from its end */
	uint8_t *ram;          /* virtio: its RAM */
	struct tchan_page *page;   /* rings: its page */
	unsigned int rung;     /* doorbells Tandem rang */
	unsigned int broken;   /* times Tandem was told it broke its end */
	char why[256];         /* what it was told, the last time */
	uint32_t rx_tail;      /* rings: the guest's own rx.tail */
};

static struct guest *lx, *rt;

static struct guest *guest_of(const struct chan_end *e)
{
	return (struct guest *)((char *)e - offsetof(struct guest, end));
}

static struct guest_ram ram_of(const struct chan_end *e)
{
	return (struct guest_ram){ RAM_BASE, RAM_SIZE, guest_of(e)->ram };
}

static void ring_guest(struct chan_end *e)
{
	ck_assert(!e->dead);   /* a dead end is never rung */
	guest_of(e)->rung++;
}

static void broken(struct chan_end *e, const char *what, const char *why)
{
	struct guest *g = guest_of(e);

	ck_assert(e->dead);    /* dead before anyone hears of it */
	g->broken++;
	snprintf(g->why, sizeof(g->why), "%s: %s", what, why);
}

static const struct chan_pump_ops ops = { ram_of, ring_guest, broken };

static void pump(struct guest *g)
{
	chan_pump(&g->end, &ops);
}

/* ------------------------------------------------------- lx, the virtio guest */

static uint8_t *at(uint64_t ipa)
{
	return lx->ram + (ipa - RAM_BASE);
}

/* Sets up and enables both queues (what a driver does before DRIVER_OK),
 * each with QSIZE entries and nothing offered. */
static void lx_enable_queues(void)
{
	struct guest_ram ram = ram_of(&lx->end);

	for (unsigned int q = 0; q < 2; q++) {
		memset(at(DESC(q)), 0, 0x3000);
		lx->end.vq[q].num = QSIZE;
		lx->end.vq[q].desc = DESC(q);
		lx->end.vq[q].avail = AVAIL(q);
		lx->end.vq[q].used = USED(q);
		ck_assert_int_eq(vq_enable(&lx->end.vq[q], &ram), VQ_DONE);
	}
}

static uint16_t avail_idx(unsigned int q)
{
	uint16_t idx;

	memcpy(&idx, at(AVAIL(q)) + 2, 2);
	return idx;
}

static void set_avail_idx(unsigned int q, uint16_t idx)
{
	memcpy(at(AVAIL(q)) + 2, &idx, 2);
}

static uint16_t used_idx(unsigned int q)
{
	uint16_t idx;

	memcpy(&idx, at(USED(q)) + 2, 2);
	return idx;
}

static uint32_t used_len(unsigned int q, unsigned int k)
{
	uint32_t len;

	memcpy(&len, at(USED(q)) + 8 + 8 * (k % QSIZE), 4);
	return len;
}

/* Posts a receive buffer of len bytes at addr as its own chain. */
static void lx_post_rx(uint16_t d, uint64_t addr, uint32_t len)
{
	vq_image_desc(at(DESC(VIRTIO_RX)), d, addr, len, 2 /* WRITE */, 0);
	vq_image_offer(at(AVAIL(VIRTIO_RX)), QSIZE, d);
}

/* One transmit descriptor holding len bytes of data (NULL: leave RAM as is). */
static void lx_tx_desc(uint16_t d, uint64_t addr, const void *data, uint32_t len, bool next)
{
	if (data)
		memcpy(at(addr), data, len);
	vq_image_desc(at(DESC(VIRTIO_TX)), d, addr, len, next ? 1 : 0, (uint16_t)(d + 1));
}

static void lx_offer_tx(uint16_t head)
{
	vq_image_offer(at(AVAIL(VIRTIO_TX)), QSIZE, head);
}

/* ------------------------------------------------------- rt, the rings guest */

/* The guest produces into tx (and publishes the index after the data). */
static void rt_send(const void *data, uint32_t n)
{
	uint32_t head = rt->page->tx.head;

	for (uint32_t i = 0; i < n; i++)
		rt->page->tx_data[(head + i) % TCHAN_RING] = ((const uint8_t *)data)[i];
	rt->page->tx.head = head + n;
}

/* The guest consumes what rx holds (up to max) into out. */
static uint32_t rt_recv(uint8_t *out, uint32_t max)
{
	uint32_t n = 0;

	while (rt->rx_tail != rt->page->rx.head && n < max)
		out[n++] = rt->page->rx_data[rt->rx_tail++ % TCHAN_RING];
	rt->page->rx.tail = rt->rx_tail;
	return n;
}

/* ------------------------------------------------------------- fixtures */

static void pattern(uint8_t *p, uint32_t n, uint8_t seed)
{
	for (uint32_t i = 0; i < n; i++)
		p[i] = (uint8_t)(seed + i * 7 + (i >> 8));
}

static void setup(void)
{
	lx = calloc(1, sizeof(*lx));
	rt = calloc(1, sizeof(*rt));
	lx->ram = calloc(1, RAM_SIZE);
	rt->page = aligned_alloc(4096, sizeof(struct tchan_page));
	lx->end.virtio = true;
	lx_enable_queues();
	rt->end.virtio = false;
	chan_ring_init(&rt->end.ring, rt->page);
	lx->end.peer = &rt->end;
	rt->end.peer = &lx->end;
}

static void teardown(void)
{
	free(lx->ram);
	free(rt->page);
	free(lx);
	free(rt);
}

/* ----------------------------------------------------- data and doorbells */

START_TEST(rings_to_virtio_arrive_and_both_are_rung)
{
	lx_post_rx(0, RXBUF, 64);
	rt_send("hello", 5);
	pump(rt);
	ck_assert_mem_eq(at(RXBUF), "hello", 5);
	ck_assert_uint_eq(used_idx(VIRTIO_RX), 1);
	ck_assert_uint_eq(used_len(VIRTIO_RX, 0), 5);
	ck_assert_uint_eq(rt->page->tx.tail, 5);    /* consumed */
	ck_assert_uint_eq(rt->end.staged, 0);
	ck_assert_uint_eq(lx->rung, 1);             /* it got data */
	ck_assert_uint_eq(rt->rung, 1);             /* its ring has room again */
	ck_assert_uint_eq(lx->broken + rt->broken, 0);
}
END_TEST

START_TEST(a_virtio_chain_arrives_whole_in_the_ring)
{
	uint8_t out[16];

	lx_tx_desc(0, TXBUF, "ab", 2, true);
	lx_tx_desc(1, TXBUF + 0x100, "cdef", 4, false);
	lx_offer_tx(0);
	pump(lx);
	ck_assert_uint_eq(rt_recv(out, sizeof(out)), 6);
	ck_assert_mem_eq(out, "abcdef", 6);
	ck_assert_uint_eq(used_idx(VIRTIO_TX), 1);  /* its buffers given back */
	ck_assert_uint_eq(used_len(VIRTIO_TX, 0), 0);
	ck_assert_uint_eq(lx->rung, 1);
	ck_assert_uint_eq(rt->rung, 1);
}
END_TEST

START_TEST(nothing_to_move_rings_nobody)
{
	lx_post_rx(0, RXBUF, 64);
	pump(lx);
	pump(rt);
	ck_assert_uint_eq(lx->rung + rt->rung, 0);
	ck_assert_uint_eq(used_idx(VIRTIO_RX), 0);
}
END_TEST

/* The receiver has no buffer yet: the bytes wait in the stage, and come in
 * (with a doorbell) when it posts one and notifies. */
START_TEST(bytes_wait_for_a_buffer_and_are_not_lost)
{
	uint8_t data[10];

	pattern(data, sizeof(data), 1);
	rt_send(data, sizeof(data));
	pump(rt);
	ck_assert_uint_eq(rt->rung, 1);
	ck_assert_uint_eq(lx->rung, 0);
	ck_assert_uint_eq(rt->end.staged, sizeof(data));
	lx_post_rx(0, RXBUF, 64);
	pump(lx);
	ck_assert_mem_eq(at(RXBUF), data, sizeof(data));
	ck_assert_uint_eq(used_len(VIRTIO_RX, 0), sizeof(data));
	ck_assert_uint_eq(lx->rung, 1);
	ck_assert_uint_eq(rt->end.staged, 0);
}
END_TEST

/* ------------------------------------------------------------- overruns */

/* A receive buffer smaller than the data takes what fits, not a byte more;
 * the rest goes in order into the next buffers. */
START_TEST(a_peer_buffer_smaller_than_the_data_is_not_overrun)
{
	uint8_t data[100], got[100];

	pattern(data, sizeof(data), 3);
	memset(at(RXBUF), 0xee, 0x400);
	lx_post_rx(0, RXBUF, 40);
	rt_send(data, sizeof(data));
	pump(rt);
	ck_assert_uint_eq(used_idx(VIRTIO_RX), 1);
	ck_assert_uint_eq(used_len(VIRTIO_RX, 0), 40);
	for (unsigned int i = 40; i < 0x400; i++)
		ck_assert_uint_eq(at(RXBUF)[i], 0xee);   /* nothing past the buffer */
	ck_assert_uint_eq(rt->end.staged, 60);
	lx_post_rx(1, RXBUF + 0x100, 40);
	lx_post_rx(2, RXBUF + 0x200, 40);
	pump(lx);
	ck_assert_uint_eq(used_idx(VIRTIO_RX), 3);
	ck_assert_uint_eq(used_len(VIRTIO_RX, 1), 40);
	ck_assert_uint_eq(used_len(VIRTIO_RX, 2), 20);
	memcpy(got, at(RXBUF), 40);
	memcpy(got + 40, at(RXBUF + 0x100), 40);
	memcpy(got + 80, at(RXBUF + 0x200), 20);
	ck_assert_mem_eq(got, data, sizeof(data));
	ck_assert_uint_eq(at(RXBUF + 0x200)[20], 0xee);
	ck_assert_uint_eq(rt->end.staged, 0);
}
END_TEST

/* A transmit chain that could never fit the stage (4 KiB) breaks the end;
 * nothing of it reaches the peer. */
START_TEST(a_chain_longer_than_the_stage_is_refused)
{
	lx_tx_desc(0, TXBUF, NULL, 4000, true);
	lx_tx_desc(1, TXBUF + 0x1000, NULL, 97, false);
	lx_offer_tx(0);
	pump(lx);
	ck_assert(lx->end.dead);
	ck_assert_uint_eq(lx->broken, 1);
	ck_assert_str_eq(lx->why, "transmit queue: a buffer chain larger than 4 KiB");
	ck_assert_uint_eq(rt->page->rx.head, 0);
	ck_assert_uint_eq(rt->rung + lx->rung, 0);
	ck_assert_uint_eq(lx->end.staged, 0);
}
END_TEST

/* A chain that fits the stage but not the room left in it stays in the
 * queue, whole, until there is room; everything arrives once, in order. */
START_TEST(a_chain_longer_than_the_room_waits_whole)
{
	static uint8_t a[3000], b[3500], want[6500], got[6500];
	uint32_t n = 0;

	pattern(a, sizeof(a), 5);
	pattern(b, sizeof(b), 9);
	memcpy(want, a, sizeof(a));
	memcpy(want + sizeof(a), b, sizeof(b));
	lx_tx_desc(0, TXBUF, a, sizeof(a), false);
	lx_tx_desc(1, TXBUF + 0x1000, b, sizeof(b), false);
	lx_offer_tx(0);
	lx_offer_tx(1);
	pump(lx);
	ck_assert_uint_eq(lx->broken, 0);
	ck_assert_uint_eq(used_idx(VIRTIO_TX), 1);   /* a taken, b left */
	ck_assert_uint_eq(rt->page->rx.head, TCHAN_RING);
	ck_assert_uint_le(lx->end.staged, STAGE_BYTES);
	for (int i = 0; i < 20 && n < sizeof(got); i++) {
		n += rt_recv(got + n, sizeof(got) - n);
		pump(rt);   /* the guest made room and rang Tandem */
	}
	ck_assert_uint_eq(n, sizeof(want));
	ck_assert_mem_eq(got, want, sizeof(want));
	ck_assert_uint_eq(used_idx(VIRTIO_TX), 2);
	ck_assert_uint_eq(lx->end.staged, 0);
	ck_assert_uint_eq(lx->broken + rt->broken, 0);
}
END_TEST

/* One notify keeps going while something moves: a chain that fits only
 * once the first one was given on is taken by the same pump. */
START_TEST(one_notify_moves_what_fits_after_the_first_round)
{
	static uint8_t a[1500], b[3000];

	lx_tx_desc(0, TXBUF, a, sizeof(a), false);
	lx_tx_desc(1, TXBUF + 0x1000, b, sizeof(b), false);
	lx_offer_tx(0);
	lx_offer_tx(1);
	pump(lx);
	ck_assert_uint_eq(used_idx(VIRTIO_TX), 2);
	ck_assert_uint_eq(rt->page->rx.head, TCHAN_RING);
	ck_assert_uint_eq(lx->end.staged, sizeof(a) + sizeof(b) - TCHAN_RING);
	ck_assert_uint_eq(lx->rung, 1);
	ck_assert_uint_eq(rt->rung, 1);
}
END_TEST

/* Lengths and addresses that wrap (32 bits of length, 64 of address) are
 * outside the guest's RAM: the end breaks, nothing is copied. */
START_TEST(a_length_that_would_wrap_is_refused)
{
	lx_tx_desc(0, TXBUF, NULL, 0xffffffffu, false);
	lx_offer_tx(0);
	pump(lx);
	ck_assert_uint_eq(lx->broken, 1);
	ck_assert_contains(lx->why, "transmit queue: buffer outside the guest's RAM");
	ck_assert_uint_eq(rt->page->rx.head, 0);
	ck_assert_uint_eq(lx->end.staged, 0);
}
END_TEST

START_TEST(an_address_that_would_wrap_is_refused)
{
	const char *data = "12345678";

	vq_image_desc(at(DESC(VIRTIO_RX)), 0, 0xffffffffffffff00ull, 0x200, 2, 0);
	vq_image_offer(at(AVAIL(VIRTIO_RX)), QSIZE, 0);
	rt_send(data, 8);
	pump(rt);
	ck_assert_uint_eq(lx->broken, 1);
	ck_assert_contains(lx->why, "receive queue: buffer outside the guest's RAM");
	ck_assert_uint_eq(used_idx(VIRTIO_RX), 0);
	ck_assert_uint_eq(lx->rung, 0);
	ck_assert_uint_eq(rt->rung, 1);   /* its bytes were taken (then dropped) */
}
END_TEST

/* A ring index that claims more than the ring holds (a wrapped count). */
START_TEST(a_ring_index_beyond_the_ring_is_refused)
{
	rt->page->tx.head = 0xfffffff0u;
	pump(rt);
	ck_assert_uint_eq(rt->broken, 1);
	ck_assert_str_eq(rt->why, "shared ring: tx.head is more than the ring holds ahead of what "
			 "Tandem consumed");
	ck_assert_uint_eq(rt->rung + lx->rung, 0);
	ck_assert_uint_eq(rt->end.staged, 0);
}
END_TEST

START_TEST(a_ring_tail_ahead_of_tandem_is_refused)
{
	rt->page->rx.tail = 7;   /* Tandem produced nothing yet */
	lx_tx_desc(0, TXBUF, "abc", 3, false);
	lx_offer_tx(0);
	pump(lx);
	ck_assert_uint_eq(rt->broken, 1);
	ck_assert_str_eq(rt->why, "shared ring: rx.tail claims more than Tandem produced");
	ck_assert_uint_eq(rt->page->rx.head, 0);
	ck_assert_uint_eq(rt->rung, 0);
	ck_assert_uint_eq(lx->rung, 1);   /* its buffer is free again */
}
END_TEST

/* ------------------------------------------------------- hostile indices */

/* The avail index jumps by more than the queue holds: the end breaks, is
 * told once, and is never written again; the peer goes on, its bytes
 * dropped. */
START_TEST(an_avail_index_running_ahead_breaks_the_end_once)
{
	lx_post_rx(0, RXBUF, 64);
	set_avail_idx(VIRTIO_RX, QSIZE + 1);
	memset(at(RXBUF), 0xee, 64);
	rt_send("x", 1);
	pump(rt);
	ck_assert(lx->end.dead);
	ck_assert_uint_eq(lx->broken, 1);
	ck_assert_contains(lx->why, "receive queue: driver's avail index runs ahead of the queue");
	ck_assert_uint_eq(used_idx(VIRTIO_RX), 0);
	ck_assert_uint_eq(at(RXBUF)[0], 0xee);
	ck_assert_uint_eq(lx->rung, 0);
	rt_send("yz", 2);
	pump(rt);
	ck_assert_uint_eq(lx->broken, 1);
	ck_assert_uint_eq(rt->end.staged, 0);   /* nobody to hear it */
	ck_assert_uint_eq(rt->page->tx.tail, 3);
	ck_assert_uint_eq(rt->broken, 0);
}
END_TEST

START_TEST(a_transmit_index_running_ahead_breaks_the_end)
{
	set_avail_idx(VIRTIO_TX, (uint16_t)(QSIZE + 1));
	pump(lx);
	ck_assert_uint_eq(lx->broken, 1);
	ck_assert_contains(lx->why, "transmit queue: driver's avail index runs ahead of the queue");
	ck_assert_uint_eq(rt->page->rx.head, 0);
}
END_TEST

/* A full queue (the index exactly QSIZE ahead) is not hostile: every chain
 * is taken. */
START_TEST(a_full_queue_is_taken_whole)
{
	uint8_t out[QSIZE];

	for (uint16_t d = 0; d < QSIZE; d++) {
		uint8_t c = (uint8_t)('a' + d);

		lx_tx_desc(d, TXBUF + 0x100 * d, &c, 1, false);
		lx_offer_tx(d);
	}
	ck_assert_uint_eq(avail_idx(VIRTIO_TX), QSIZE);
	pump(lx);
	ck_assert_uint_eq(lx->broken, 0);
	ck_assert_uint_eq(used_idx(VIRTIO_TX), QSIZE);
	ck_assert_uint_eq(rt_recv(out, sizeof(out)), QSIZE);
	ck_assert_mem_eq(out, "abcdefgh", QSIZE);
}
END_TEST

/* --------------------------------------------------- reset mid-transfer */

/* The sender's VM restarts with bytes of it still staged: they are gone
 * with it; what it sends afterwards arrives right behind what arrived
 * before, nothing stale in between. */
START_TEST(a_sender_reset_mid_transfer_leaves_nothing_stale)
{
	static uint8_t a[3000];
	uint8_t out[TCHAN_RING];

	pattern(a, sizeof(a), 11);
	lx_tx_desc(0, TXBUF, a, sizeof(a), false);
	lx_offer_tx(0);
	pump(lx);
	ck_assert_uint_eq(lx->end.staged, sizeof(a) - TCHAN_RING);
	chan_end_restart(&lx->end);
	ck_assert_uint_eq(lx->end.staged, 0);
	ck_assert(!lx->end.vq[VIRTIO_TX].ready);
	ck_assert_uint_eq(rt_recv(out, sizeof(out)), TCHAN_RING);
	ck_assert_mem_eq(out, a, TCHAN_RING);
	pump(rt);
	ck_assert_uint_eq(rt->page->rx.head, TCHAN_RING);   /* nothing stale came */
	lx_enable_queues();
	lx_tx_desc(0, TXBUF, "new", 3, false);
	lx_offer_tx(0);
	pump(lx);
	ck_assert_uint_eq(rt_recv(out, sizeof(out)), 3);
	ck_assert_mem_eq(out, "new", 3);
}
END_TEST

/* The receiver's VM restarts while bytes wait for it: Tandem writes
 * nothing through its old queues; once its driver set them up again the
 * waiting bytes come in, in order. */
START_TEST(a_receiver_reset_mid_transfer_writes_nothing_through_old_queues)
{
	uint8_t data[100];

	pattern(data, sizeof(data), 13);
	lx_post_rx(0, RXBUF, 40);
	rt_send(data, sizeof(data));
	pump(rt);
	ck_assert_uint_eq(rt->end.staged, 60);
	chan_end_restart(&lx->end);
	lx_post_rx(1, RXBUF + 0x100, 64);   /* on the old queue, not set up again */
	memset(at(RXBUF + 0x100), 0xee, 64);
	rt_send(data, 10);
	pump(rt);
	ck_assert_uint_eq(used_idx(VIRTIO_RX), 1);
	ck_assert_uint_eq(at(RXBUF + 0x100)[0], 0xee);
	ck_assert_uint_eq(lx->rung, 1);   /* only the first delivery */
	ck_assert_uint_eq(rt->end.staged, 70);
	lx_enable_queues();
	lx_post_rx(0, RXBUF + 0x200, 128);
	pump(lx);
	ck_assert_uint_eq(used_len(VIRTIO_RX, 0), 70);
	ck_assert_mem_eq(at(RXBUF + 0x200), data + 40, 60);
	ck_assert_mem_eq(at(RXBUF + 0x200) + 60, data, 10);
	ck_assert_uint_eq(lx->rung, 2);
}
END_TEST

/* The rings end's VM restarts: its page is set up afresh (indices 0) and
 * the next bytes land at its start; a dead end lives again. */
START_TEST(a_rings_end_restarts_empty_and_alive)
{
	uint8_t out[8];

	rt->page->tx.head = 0xfffffff0u;
	pump(rt);
	ck_assert(rt->end.dead);
	chan_end_restart(&rt->end);
	rt->rx_tail = 0;
	ck_assert(!rt->end.dead);
	ck_assert_uint_eq(rt->page->magic, TCHAN_MAGIC);
	ck_assert_uint_eq(rt->page->tx.head, 0);
	lx_tx_desc(0, TXBUF, "ok", 2, false);
	lx_offer_tx(0);
	pump(lx);
	ck_assert_uint_eq(rt_recv(out, sizeof(out)), 2);
	ck_assert_mem_eq(rt->page->rx_data, "ok", 2);
	ck_assert_uint_eq(rt->rung, 1);
}
END_TEST

Suite *vchan_pump_suite(void)
{
	Suite *s = suite_create("vchan-pump");
	TCase *t = tcase_create("pump");

	tcase_add_checked_fixture(t, setup, teardown);
	tcase_add_test(t, rings_to_virtio_arrive_and_both_are_rung);
	tcase_add_test(t, a_virtio_chain_arrives_whole_in_the_ring);
	tcase_add_test(t, nothing_to_move_rings_nobody);
	tcase_add_test(t, bytes_wait_for_a_buffer_and_are_not_lost);
	tcase_add_test(t, a_peer_buffer_smaller_than_the_data_is_not_overrun);
	tcase_add_test(t, a_chain_longer_than_the_stage_is_refused);
	tcase_add_test(t, a_chain_longer_than_the_room_waits_whole);
	tcase_add_test(t, one_notify_moves_what_fits_after_the_first_round);
	tcase_add_test(t, a_length_that_would_wrap_is_refused);
	tcase_add_test(t, an_address_that_would_wrap_is_refused);
	tcase_add_test(t, a_ring_index_beyond_the_ring_is_refused);
	tcase_add_test(t, a_ring_tail_ahead_of_tandem_is_refused);
	tcase_add_test(t, an_avail_index_running_ahead_breaks_the_end_once);
	tcase_add_test(t, a_transmit_index_running_ahead_breaks_the_end);
	tcase_add_test(t, a_full_queue_is_taken_whole);
	tcase_add_test(t, a_sender_reset_mid_transfer_leaves_nothing_stale);
	tcase_add_test(t, a_receiver_reset_mid_transfer_writes_nothing_through_old_queues);
	tcase_add_test(t, a_rings_end_restarts_empty_and_alive);
	suite_add_tcase(s, t);
	return s;
}
