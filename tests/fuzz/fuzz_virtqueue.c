/* libFuzzer target: the device side of a split virtqueue (vchan/virtqueue.c,
 * the same file Tandem's EL2 build compiles) over a guest's RAM that the
 * input fills and keeps rewriting, as a hostile guest driver would.
 *
 * Input: a header (RAM size and base, the queue's geometry), up to eight
 * "racer" entries, then a sequence of operations: the guest writes
 * descriptors, offers chains, sets its avail index, pokes raw words; Tandem
 * enables the queue, pops transmit chains and pushes receive bytes. The
 * racer entries are words of the descriptor table or the avail ring that
 * another vCPU of the guest keeps flipping between two values (racer.h: a
 * second thread, a timer signal, and lib/guest_fetch.h's hook after every
 * fetch Tandem makes, so that a second read of anything already fetched
 * deterministically sees another value).
 *
 * What must hold, whatever the timing (so the verdict never depends on it):
 * the guest's RAM is one heap block of exactly its size and every
 * destination or source buffer exactly as long as Tandem was told, so
 * AddressSanitizer catches any access outside; a popped chain never
 * exceeds the room (n <= room), a refused one reports what it needed
 * (n > room); a pushed chain takes at most what was offered; a queue
 * accepted by vq_enable lies in RAM. Without racers the result is also
 * checked against the chain as it was in memory before the call. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tests/fuzz/fuzz_input.h"
#include "tests/fuzz/racer.h"
#include "vchan/virtqueue.h"

#define MAX_OPS  512

/* The guest's RAM: [base, base + size) at host address ram, a heap block
 * of exactly size bytes. */
static uint8_t *ram;
static uint64_t ram_base, ram_size;

/* Offset in RAM of [ipa, ipa + len), or -1 (the harness's own check,
 * in 128-bit arithmetic so that it cannot wrap). */
static int64_t ram_off(uint64_t ipa, uint64_t len)
{
	unsigned __int128 end = (unsigned __int128)ipa + len;

	if (ipa < ram_base || end > (unsigned __int128)ram_base + ram_size)
		return -1;
	return (int64_t)(ipa - ram_base);
}

static uint64_t addr(uint16_t off)
{
	return ram_base + (uint64_t)(int64_t)(int16_t)off;   /* a little below base too */
}

static void guest_write(uint64_t ipa, const void *v, unsigned int len)
{
	int64_t o = ram_off(ipa, len);

	if (o >= 0)
		memcpy(ram + o, v, len);
}

static uint64_t rd(const uint8_t *mem, uint64_t ipa, unsigned int len)
{
	uint64_t v = 0;
	int64_t o = ram_off(ipa, len);

	CHECK(o >= 0, "harness read at 0x%llx outside RAM", (unsigned long long)ipa);
	memcpy(&v, mem + o, len);
	return v;
}

static struct race race[RACE_MAX];
static unsigned int nrace;
static uint8_t pattern[8 * 4096];   /* RAM's first contents */

/* lib/guest_fetch.h calls this after every fetch (-DGUEST_FETCH_HOOK). */
void fuzz_guest_fetch_hook(const volatile void *src, size_t n);
void fuzz_guest_fetch_hook(const volatile void *src, size_t n)
{
	(void)src, (void)n;
	racer_flip();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	for (size_t i = 0; i < sizeof(pattern); i++)
		pattern[i] = (uint8_t)(i * 31 + 7);
	racer_init();
	return 0;
}

/* Many buffers of many sizes: a smaller quarantine keeps the resident set
 * near 300 MB instead of growing towards libFuzzer's 2 GB limit. */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
	return "quarantine_size_mb=32";
}

/* A racer entry, resolved against the queue's initial geometry; false if
 * it names nothing in RAM. */
static bool add_race(const struct virtqueue *q, uint8_t kind, uint8_t idx, uint16_t a, uint16_t b)
{
	struct race *r = &race[nrace];
	uint64_t ipa;
	unsigned int num = q->num ? q->num : 1;
	int64_t o;

	r->a = a;
	r->b = b;
	switch (kind % 8) {
	case 0: case 5: case 6:   /* a descriptor's len (the most telling) */
		ipa = q->desc + 16ull * (idx % num) + 8, r->width = 4;
		break;
	case 1:   /* a descriptor's addr */
		ipa = q->desc + 16ull * (idx % num), r->width = 8;
		r->a = addr(a), r->b = addr(b);
		break;
	case 2:   /* a descriptor's flags and next */
		ipa = q->desc + 16ull * (idx % num) + 12, r->width = 4;
		r->a = (uint32_t)(a & 3) | (uint32_t)(a >> 8) << 16;
		r->b = (uint32_t)(b & 3) | (uint32_t)(b >> 8) << 16;
		break;
	case 3:   /* the avail index */
		ipa = q->avail + 2, r->width = 2;
		break;
	case 4:   /* an avail ring entry */
		ipa = q->avail + 4 + 2ull * (idx % num), r->width = 2;
		break;
	default:  /* any word (7) */
		ipa = ram_base + 4ull * idx * 8, r->width = 4;
		break;
	}
	o = ram_off(ipa, r->width);
	if (o < 0 || (o & (r->width - 1)))
		return false;
	r->p = ram + o;
	return true;
}

static uint32_t rd32(const uint8_t *mem, uint64_t ipa) { return (uint32_t)rd(mem, ipa, 4); }
static uint16_t rd16(const uint8_t *mem, uint64_t ipa) { return (uint16_t)rd(mem, ipa, 2); }

/* Checks the used entry Tandem just published: this head, this length. */
static void check_used(const struct virtqueue *q, uint16_t head, uint32_t len)
{
	uint64_t e = q->used + 4 + 8ull * ((uint16_t)(q->used_idx - 1) % q->num);

	CHECK(rd32(ram, e) == head, "used id %u, head %u", rd32(ram, e), head);
	CHECK(rd32(ram, e + 4) == len, "used len %u, expected %u", rd32(ram, e + 4), len);
	CHECK(rd16(ram, q->used + 2) == q->used_idx, "used idx not published");
}

/* Without racers: the chain at last_avail as it was before the call
 * (snapshot snap), against what vq_pop_out did. */
static void check_pop(const struct virtqueue *q, const uint8_t *snap, uint16_t last_avail,
		      enum vq_result r, const uint8_t *dst, uint32_t room, uint32_t n)
{
	uint16_t head = rd16(snap, q->avail + 4 + 2ull * (last_avail % q->num)), i = head;
	uint64_t total = 0;

	for (unsigned int steps = 0; steps < q->num; steps++) {
		uint64_t d = q->desc + 16ull * i;
		uint64_t a = rd(snap, d, 8);
		uint32_t len = rd32(snap, d + 8);
		uint16_t flags = rd16(snap, d + 12);
		int64_t o = ram_off(a, len);

		CHECK(o >= 0, "Tandem took a buffer outside RAM (0x%llx)", (unsigned long long)a);
		if (r == VQ_DONE) {
			CHECK(total + len <= n, "chain longer than reported");
			CHECK(!memcmp(dst + total, snap + o, len), "popped bytes differ from the chain's");
		}
		total += len;
		if (r == VQ_EMPTY && total > room)
			break;
		if (!(flags & 1))
			break;
		i = rd16(snap, d + 14);
	}
	if (r == VQ_DONE) {
		CHECK(total == n, "popped %u of a %llu-byte chain", n, (unsigned long long)total);
		check_used(q, head, 0);
	} else {
		CHECK(n == (total > UINT32_MAX ? UINT32_MAX : total), "refused chain: n %u, needs %llu",
		      n, (unsigned long long)total);
	}
}

static uint64_t push_total(const struct virtqueue *q, const uint8_t *snap, uint16_t last_avail,
			   uint32_t len, uint16_t *head)
{
	uint16_t i = *head = rd16(snap, q->avail + 4 + 2ull * (last_avail % q->num));
	uint64_t total = 0;

	for (unsigned int steps = 0; steps < q->num && total < len; steps++) {
		uint64_t d = q->desc + 16ull * i;

		total += rd32(snap, d + 8);
		if (!(rd16(snap, d + 12) & 1))
			break;
		i = rd16(snap, d + 14);
	}
	return total;
}

static void check_enabled(const struct virtqueue *q)
{
	CHECK(q->num && q->num <= VQ_MAX_SIZE && !(q->num & (q->num - 1)), "num %u", q->num);
	CHECK(ram_off(q->desc, 16ull * q->num) >= 0 && !(q->desc & 15), "descriptor table");
	CHECK(ram_off(q->avail, 6 + 2ull * q->num) >= 0 && !(q->avail & 1), "avail ring");
	CHECK(ram_off(q->used, 6 + 8ull * q->num) >= 0 && !(q->used & 3), "used ring");
}

static void enable(struct virtqueue *q, struct input *in)
{
	q->num = u16(in);
	q->desc = addr(u16(in));
	q->avail = addr(u16(in));
	q->used = addr(u16(in));
	if (vq_enable(q, &(struct guest_ram){ ram_base, ram_size, ram }) == VQ_DONE) {
		check_enabled(q);
		/* The driver starts from zeroed areas, as virtio asks. */
		memset(ram + ram_off(q->desc, 0), 0, 16ull * q->num);
		memset(ram + ram_off(q->avail, 0), 0, 6 + 2ull * q->num);
		memset(ram + ram_off(q->used, 0), 0, 6 + 8ull * q->num);
	} else
		CHECK(!q->ready && q->why[0], "a refused queue is left ready or unexplained");
}

static void guest_offer(const struct virtqueue *q, uint16_t head)
{
	uint16_t idx;

	if (!q->num || ram_off(q->avail, 4) < 0)
		return;
	idx = rd16(ram, q->avail + 2);
	guest_write(q->avail + 4 + 2ull * (idx % q->num), &head, 2);
	idx++;
	guest_write(q->avail + 2, &idx, 2);
}

/* Tandem pops a transmit chain into exactly room bytes. */
static void pop(struct virtqueue *q, uint8_t *snap, uint32_t room)
{
	struct guest_ram gr = { ram_base, ram_size, ram };
	uint8_t *dst = malloc(room);
	uint16_t last = q->last_avail, used = q->used_idx;
	bool ready = q->ready;
	uint32_t n = 12345;
	enum vq_result r;

	if (!nrace)
		memcpy(snap, ram, ram_size);
	r = vq_pop_out(q, &gr, dst, room, &n);
	CHECK(r == VQ_EMPTY || r == VQ_DONE || r == VQ_CORRUPT, "result %d", r);
	if (r == VQ_DONE) {
		CHECK(n <= room, "popped %u bytes into a room of %u", n, room);
		CHECK(q->last_avail == (uint16_t)(last + 1) && q->used_idx == (uint16_t)(used + 1),
		      "indices moved wrong");
	} else {
		CHECK(r != VQ_EMPTY || n == 0 || n > room, "refused a chain of %u bytes with room %u",
		      n, room);
		CHECK(q->last_avail == last && q->used_idx == used, "indices moved");
	}
	if (!nrace && ready && (r == VQ_DONE || (r == VQ_EMPTY && n)))
		check_pop(q, snap, last, r, dst, room, n);
	free(dst);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint64_t bases[4] = { 0x40000000ull, 0, 0, 0x80001000ull };
	struct input in = { data, size };
	struct virtqueue q;
	struct guest_ram gr;
	uint8_t *snap;
	uint8_t h = u8(&in);
	unsigned int n_race, ops = 0;

	ram_size = 4096ull * (1 + (h & 7));
	ram_base = (h >> 3) % 4 == 2 ? 0 - ram_size : bases[(h >> 3) % 4];   /* 2: the top of the space */
	ram = malloc(ram_size);
	snap = malloc(ram_size);
	memcpy(ram, pattern, ram_size);
	gr = (struct guest_ram){ ram_base, ram_size, ram };
	memset(&q, 0, sizeof(q));
	enable(&q, &in);

	nrace = 0;
	n_race = u8(&in) % (RACE_MAX + 1);
	for (unsigned int i = 0; i < n_race; i++) {
		uint8_t kind = u8(&in), idx = u8(&in);
		uint16_t a = u16(&in), b = u16(&in);

		nrace += add_race(&q, kind, idx, a, b);
	}
	if (nrace)
		racer_start(race, nrace);

	while (in.n && ops++ < MAX_OPS) {
		uint8_t op = u8(&in);

		switch (op % 9) {
		case 0: {   /* the guest writes a descriptor */
			uint8_t i = u8(&in);
			uint64_t a = addr(u16(&in));
			uint16_t len16 = u16(&in);
			uint8_t f = u8(&in), next = u8(&in);
			uint8_t d[16];
			uint32_t len = (uint32_t)len16 << ((f >> 4) & 15);
			uint16_t flags = f & 3, nx = next;

			if (!q.num)
				break;
			memcpy(d, &a, 8);
			memcpy(d + 8, &len, 4);
			memcpy(d + 12, &flags, 2);
			memcpy(d + 14, &nx, 2);
			guest_write(q.desc + 16ull * (i % q.num), d, 16);
			break;
		}
		case 1:     /* the guest offers a chain */
			guest_offer(&q, u8(&in));
			break;
		case 2: {   /* the guest sets its avail index */
			uint16_t idx = u16(&in);

			guest_write(q.avail + 2, &idx, 2);
			break;
		}
		case 3: {   /* the guest pokes any word */
			uint16_t off = u16(&in), lo = u16(&in), hi = u16(&in);
			uint32_t v = lo | (uint32_t)hi << 16;

			guest_write(addr(off), &v, 4);
			break;
		}
		case 4:     /* Tandem pops a transmit chain into exactly room bytes */
			pop(&q, snap, u16(&in));
			break;
		case 5: {   /* Tandem pushes up to len bytes from exactly len bytes */
			uint32_t len = u16(&in), n = 12345;
			uint8_t *src = malloc(len);
			uint16_t last = q.last_avail, head;
			enum vq_result r;

			for (uint32_t i = 0; i < len; i++)
				src[i] = (uint8_t)(i ^ 0x5a);
			if (!nrace)
				memcpy(snap, ram, ram_size);
			r = vq_push_in(&q, &gr, src, len, &n);
			CHECK(r == VQ_EMPTY || r == VQ_DONE || r == VQ_CORRUPT, "result %d", r);
			CHECK(n <= len && (r == VQ_DONE || n == 0), "pushed %u of %u bytes", n, len);
			if (r == VQ_DONE && !nrace) {
				uint64_t total = push_total(&q, snap, last, len, &head);

				CHECK(n == (total < len ? total : len), "pushed %u, chain holds %llu", n,
				      (unsigned long long)total);
				check_used(&q, head, n);
			}
			free(src);
			break;
		}
		case 6:     /* the driver sets a new geometry */
			enable(&q, &in);
			break;
		case 8: {   /* a burst, as a channel pumps: the guest offers, Tandem pops */
			uint8_t count = u8(&in), head = u8(&in);
			uint16_t room = u16(&in);

			for (unsigned int k = 0; k < count && q.num; k++) {
				guest_offer(&q, head);
				pop(&q, snap, room);
			}
			break;
		}
		default:    /* the guest fills a whole descriptor table slot with raw bytes */
			if (q.num) {
				uint8_t d[16];

				for (int i = 0; i < 16; i++)
					d[i] = u8(&in);
				guest_write(q.desc + 16ull * (d[15] % q.num), d, 16);
			}
			break;
		}
	}

	if (nrace)
		racer_stop();
	free(snap);
	free(ram);
	return 0;
}
