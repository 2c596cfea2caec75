/* libFuzzer target: Tandem's side of a channel's shared-memory rings
 * (vchan/ring.c, the same file Tandem's EL2 build compiles) against a
 * guest that writes its indices (rx.tail, tx.head) and anything else on
 * the page as it likes, while another of its vCPUs flips words of the page
 * (tests/fuzz/racer.h).
 *
 * Input: up to eight racer entries (which word of the page, two values),
 * then operations: the guest consumes rx or produces tx as a driver would,
 * sets an index to any value, pokes any word, Tandem reinitialises the
 * page (a restart); Tandem produces into rx and consumes from tx as
 * vchan/pump.c does (asks for the room or the bytes waiting, then moves at
 * most that many, to or from a heap buffer of exactly that many bytes).
 *
 * What must hold, whatever the timing: the page is a heap block of exactly
 * 4096 bytes (AddressSanitizer catches Tandem reading or writing outside
 * it); the room and the count Tandem reports are -1 (corrupt) or within the
 * ring, and each is what ONE value the guest really wrote gives (a value
 * made of two reads would not be); so Tandem never has more unread bytes
 * in rx, nor takes more from tx, than the guest's own index allows; the
 * indices Tandem publishes are its own. Without racers, the bytes moved are
 * checked too. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "tests/fuzz/fuzz_input.h"
#include "tests/fuzz/racer.h"
#include "vchan/ring.h"

#define MAX_OPS  512
#define MAX_SEEN 64

/* The values the guest may have left in one of its indices: what Tandem
 * reads must be one of them. */
struct seen {
	uint32_t v[MAX_SEEN];
	unsigned int n;
	bool raced;       /* a racer flips it: direct writes add, never replace */
	bool lost;        /* too many to follow: not checked */
};

static void seen_set(struct seen *s, uint32_t v)
{
	if (!s->raced)
		s->n = 0;
	if (s->n == MAX_SEEN)
		s->lost = true;
	else
		s->v[s->n++] = v;
}

static void seen_reset(struct seen *s)
{
	s->n = 0;
	s->lost = false;
	s->raced = false;
	seen_set(s, 0);
}

/* A value of s whose distance from `from` (from - v, or v - from) is
 * used; -1 if none. */
static int64_t witness(const struct seen *s, uint32_t from, bool behind, uint32_t used)
{
	for (unsigned int i = 0; i < s->n; i++)
		if ((behind ? from - s->v[i] : s->v[i] - from) == used)
			return s->v[i];
	return -1;
}

static bool any_corrupt(const struct seen *s, uint32_t from, bool behind)
{
	for (unsigned int i = 0; i < s->n; i++)
		if ((behind ? from - s->v[i] : s->v[i] - from) > TCHAN_RING)
			return true;
	return false;
}

static struct tchan_page *page;
static struct chan_ring r;
static struct seen rx_tail, tx_head;
static struct race race[RACE_MAX];
static unsigned int nrace;

static struct seen *tracked(size_t off)
{
	if (off == offsetof(struct tchan_page, rx.tail))
		return &rx_tail;
	if (off == offsetof(struct tchan_page, tx.head))
		return &tx_head;
	return NULL;
}

static void guest_write32(size_t off, uint32_t v)
{
	struct seen *s = tracked(off);

	if (s)
		seen_set(s, v);
	__atomic_store_n((uint32_t *)((uint8_t *)page + off), v, __ATOMIC_RELAXED);
}

static uint32_t guest_read32(size_t off)
{
	return __atomic_load_n((uint32_t *)((uint8_t *)page + off), __ATOMIC_RELAXED);
}

/* A racer entry: a word of the page flipped between two values. Index
 * values are small signed numbers around 0, where Tandem's own start. */
static void add_race(uint8_t kind, uint8_t idx, uint16_t a, uint16_t b)
{
	static const size_t fields[4] = {
		offsetof(struct tchan_page, rx.tail), offsetof(struct tchan_page, tx.head),
		offsetof(struct tchan_page, rx.head), offsetof(struct tchan_page, tx.tail),
	};
	size_t off = kind % 5 < 4 ? fields[kind % 5] : 4u * idx * 4 % sizeof(struct tchan_page);
	struct race *e = &race[nrace++];
	struct seen *s = tracked(off);

	e->p = (uint8_t *)page + off;
	e->width = 4;
	e->a = (uint32_t)(int32_t)(int16_t)a;
	e->b = (uint32_t)(int32_t)(int16_t)b;
	if (s) {
		s->raced = true;
		seen_set(s, (uint32_t)e->a);
		seen_set(s, (uint32_t)e->b);
	}
}

static void tandem_rx(uint16_t want)
{
	int room = chan_ring_rx_room(&r);
	uint32_t head = r.rx_head, n;
	uint8_t *src;

	CHECK(room >= -1 && room <= (int)TCHAN_RING, "rx room %d", room);
	if (!rx_tail.lost) {
		if (room < 0)
			CHECK(any_corrupt(&rx_tail, head, true), "rx called corrupt, no tail makes it so");
		else
			CHECK(witness(&rx_tail, head, true, TCHAN_RING - (uint32_t)room) >= 0,
			      "rx room %d matches no tail the guest wrote", room);
	}
	if (room <= 0)
		return;
	n = want < (uint32_t)room ? want : (uint32_t)room;
	src = malloc(n);
	for (uint32_t i = 0; i < n; i++)
		src[i] = (uint8_t)(head + i);
	chan_ring_rx_put(&r, src, n);
	CHECK(r.rx_head == head + n, "rx head moved by %u, not %u", r.rx_head - head, n);
	CHECK(page->rx.head == r.rx_head || nrace, "rx head not published");
	if (!nrace)
		for (uint32_t i = 0; i < n; i++)
			CHECK(page->rx_data[(head + i) % TCHAN_RING] == src[i], "rx byte %u", i);
	free(src);
}

static void tandem_tx(uint16_t want)
{
	int avail = chan_ring_tx_avail(&r);
	uint32_t tail = r.tx_tail, n;
	uint8_t *dst;

	CHECK(avail >= -1 && avail <= (int)TCHAN_RING, "tx avail %d", avail);
	if (!tx_head.lost) {
		if (avail < 0)
			CHECK(any_corrupt(&tx_head, tail, false), "tx called corrupt, no head makes it so");
		else
			CHECK(witness(&tx_head, tail, false, (uint32_t)avail) >= 0,
			      "tx count %d matches no head the guest wrote", avail);
	}
	if (avail <= 0)
		return;
	n = want < (uint32_t)avail ? want : (uint32_t)avail;
	dst = malloc(n);
	chan_ring_tx_get(&r, dst, n);
	CHECK(r.tx_tail == tail + n, "tx tail moved by %u, not %u", r.tx_tail - tail, n);
	CHECK(page->tx.tail == r.tx_tail || nrace, "tx tail not published");
	if (!nrace)
		for (uint32_t i = 0; i < n; i++)
			CHECK(dst[i] == page->tx_data[(tail + i) % TCHAN_RING], "tx byte %u", i);
	free(dst);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	racer_init();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in = { data, size };
	unsigned int ops = 0, n;

	page = malloc(sizeof(*page));   /* exactly the page */
	memset(page, 0xa5, sizeof(*page));
	chan_ring_init(&r, page);
	CHECK(page->magic == TCHAN_MAGIC && page->size == TCHAN_RING && !page->rx.head &&
	      !page->tx.tail, "page not set up");
	seen_reset(&rx_tail);
	seen_reset(&tx_head);

	nrace = 0;
	n = u8(&in) % (RACE_MAX + 1);
	for (unsigned int i = 0; i < n; i++) {
		uint8_t kind = u8(&in), idx = u8(&in);
		uint16_t a = u16(&in);

		add_race(kind, idx, a, u16(&in));
	}
	if (nrace)
		racer_start(race, nrace);

	while (in.n && ops++ < MAX_OPS) {
		uint8_t op = u8(&in);

		switch (op % 8) {
		case 0: {   /* the guest consumes up to k bytes of rx, as a driver does */
			uint16_t k = u16(&in);
			uint32_t tail = guest_read32(offsetof(struct tchan_page, rx.tail));
			uint32_t waiting = page->rx.head - tail;

			if (waiting <= TCHAN_RING)
				guest_write32(offsetof(struct tchan_page, rx.tail),
					      tail + (k < waiting ? k : waiting));
			break;
		}
		case 1: {   /* the guest produces k bytes into tx, as a driver does */
			uint16_t k = u16(&in);
			uint32_t head = guest_read32(offsetof(struct tchan_page, tx.head));
			uint32_t used = head - page->tx.tail;

			if (used > TCHAN_RING)
				break;
			if (k > TCHAN_RING - used)
				k = (uint16_t)(TCHAN_RING - used);
			for (uint32_t i = 0; i < k; i++)
				page->tx_data[(head + i) % TCHAN_RING] = (uint8_t)(op ^ i);
			guest_write32(offsetof(struct tchan_page, tx.head), head + k);
			break;
		}
		case 2:     /* the guest sets rx.tail to anything */
			guest_write32(offsetof(struct tchan_page, rx.tail), u32(&in));
			break;
		case 3:     /* the guest sets tx.head to anything */
			guest_write32(offsetof(struct tchan_page, tx.head), u32(&in));
			break;
		case 4:     /* Tandem gives the guest bytes from its peer */
			tandem_rx(u16(&in));
			break;
		case 5:     /* Tandem takes the guest's bytes for its peer */
			tandem_tx(u16(&in));
			break;
		case 6: {   /* the guest pokes any word of the page */
			uint16_t off = u16(&in);

			guest_write32(4u * (off % (sizeof(*page) / 4)), u32(&in));
			break;
		}
		default:    /* the VM restarts: Tandem sets the page up again */
			if (nrace)
				break;   /* a racer would undo it under the checks */
			chan_ring_init(&r, page);
			seen_reset(&rx_tail);
			seen_reset(&tx_head);
			break;
		}
	}

	if (nrace)
		racer_stop();
	free(page);
	return 0;
}
