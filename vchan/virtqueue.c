/* Split virtqueues, device side; see virtqueue.h. */
#include <string.h>
#include <format.h>
#include <guest_fetch.h>
#include "el2/arch/barrier.h"
#include "vchan/virtqueue.h"

#define VRING_DESC_F_NEXT  1
#define VRING_DESC_F_WRITE 2

#define barrier() mb_shared()

struct vring_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags, next;
};

/* Host pointer to [ipa, ipa + len) if it lies in the guest's RAM, or NULL. */
static uint8_t *in_ram(const struct guest_ram *ram, uint64_t ipa, uint64_t len)
{
	if (ipa < ram->base || len > ram->size || ipa - ram->base > ram->size - len)
		return NULL;
	return ram->host + (ipa - ram->base);
}

static enum vq_result corrupt(struct virtqueue *q, const char *what, uint64_t value)
{
	snformat(q->why, sizeof(q->why), "%s (0x%llx)", what, (unsigned long long)value);
	return VQ_CORRUPT;
}

enum vq_result vq_enable(struct virtqueue *q, const struct guest_ram *ram)
{
	q->ready = false;
	if (!q->num || q->num > VQ_MAX_SIZE || (q->num & (q->num - 1)))
		return corrupt(q, "queue size is not a power of two up to 256", q->num);
	if ((q->desc & 15) || !in_ram(ram, q->desc, 16ull * q->num))
		return corrupt(q, "descriptor table outside RAM or misaligned", q->desc);
	if ((q->avail & 1) || !in_ram(ram, q->avail, 6 + 2ull * q->num))
		return corrupt(q, "driver area outside RAM or misaligned", q->avail);
	if ((q->used & 3) || !in_ram(ram, q->used, 6 + 8ull * q->num))
		return corrupt(q, "device area outside RAM or misaligned", q->used);
	q->last_avail = q->used_idx = 0;
	q->ready = true;
	return VQ_DONE;
}

static uint16_t rd16(const uint8_t *p)
{
	uint16_t v;

	guest_fetch(&v, p, 2);
	return v;
}

/* The next chain's head, or -1 (none) / -2 (corrupt). */
static int next_head(struct virtqueue *q, const struct guest_ram *ram)
{
	const uint8_t *avail = in_ram(ram, q->avail, 6 + 2ull * q->num);
	uint16_t idx = rd16(avail + 2);
	uint16_t head;

	if ((uint16_t)(idx - q->last_avail) > q->num)
		return corrupt(q, "driver's avail index runs ahead of the queue", idx), -2;
	if (idx == q->last_avail)
		return -1;
	barrier();   /* the index before the entries it covers */
	head = rd16(avail + 4 + 2 * (q->last_avail % q->num));
	if (head >= q->num)
		return corrupt(q, "chain head beyond the queue", head), -2;
	return head;
}

static void give_back(struct virtqueue *q, const struct guest_ram *ram, uint16_t head, uint32_t len)
{
	uint8_t *used = in_ram(ram, q->used, 6 + 8ull * q->num);
	uint32_t id = head;
	uint16_t idx;

	memcpy(used + 4 + 8 * (q->used_idx % q->num), &id, 4);
	memcpy(used + 8 + 8 * (q->used_idx % q->num), &len, 4);
	q->last_avail++;
	idx = ++q->used_idx;
	barrier();   /* the entry before the index that publishes it */
	memcpy(used + 2, &idx, 2);
}

/* Walks a chain once: each descriptor is fetched from guest memory once,
 * into d, and only that copy is checked and used (another vCPU may rewrite
 * the table meanwhile; a second read could disagree with the first). Calls
 * fn for each buffer (its host pointer and length); stops at the end or
 * when fn returns non-zero. */
static enum vq_result walk(struct virtqueue *q, const struct guest_ram *ram, uint16_t head,
			   bool writable, int (*fn)(void *ctx, uint8_t *p, uint32_t len), void *ctx)
{
	const uint8_t *table = in_ram(ram, q->desc, 16ull * q->num);
	uint16_t i = head;

	for (uint32_t steps = 0;; steps++) {
		struct vring_desc d;
		uint8_t *p;

		if (steps == q->num)
			return corrupt(q, "descriptor chain loops", head);
		guest_fetch(&d, table + 16 * i, sizeof(d));
		if (!!(d.flags & VRING_DESC_F_WRITE) != writable)
			return corrupt(q, writable ? "read-only buffer in a receive chain"
						   : "writable buffer in a transmit chain", i);
		if (!(p = in_ram(ram, d.addr, d.len)))
			return corrupt(q, "buffer outside the guest's RAM", d.addr);
		if (fn(ctx, p, d.len))
			return VQ_DONE;
		if (!(d.flags & VRING_DESC_F_NEXT))
			return VQ_DONE;
		if (d.next >= q->num)
			return corrupt(q, "chain link beyond the queue", d.next);
		i = d.next;
	}
}

struct copy_ctx {
	uint8_t *out;
	const uint8_t *in;
	uint32_t room;       /* bytes out (or in) may take */
	uint32_t done;       /* bytes copied so far: never more than room */
	uint64_t need;       /* pop: bytes the chain asked for, up to where it stopped */
};

/* Copies a transmit buffer while the chain still fits; once it does not,
 * stops the walk with what it would have needed (checked against the
 * lengths just fetched, so it can never copy more than room). */
static int copy_out(void *c, uint8_t *p, uint32_t len)
{
	struct copy_ctx *x = c;

	x->need += len;
	if (len > x->room - x->done)
		return 1;
	memcpy(x->out + x->done, p, len);
	x->done += len;
	return 0;
}

enum vq_result vq_pop_out(struct virtqueue *q, const struct guest_ram *ram, uint8_t *dst,
			  uint32_t room, uint32_t *n)
{
	struct copy_ctx c = { dst, NULL, room, 0, 0 };
	int head;
	enum vq_result r;

	*n = 0;
	if (!q->ready)
		return VQ_EMPTY;
	if ((head = next_head(q, ram)) < 0)
		return head == -1 ? VQ_EMPTY : VQ_CORRUPT;
	/* One pass: a chain is taken whole or not at all. What did not fit is
	 * left in the queue (bytes already copied to dst are not counted) and
	 * walked afresh next time. */
	if ((r = walk(q, ram, (uint16_t)head, false, copy_out, &c)) != VQ_DONE)
		return r;
	if (c.need > c.done) {
		*n = c.need > UINT32_MAX ? UINT32_MAX : (uint32_t)c.need;
		return VQ_EMPTY;
	}
	give_back(q, ram, (uint16_t)head, 0);
	*n = c.done;
	return VQ_DONE;
}

static int copy_in(void *c, uint8_t *p, uint32_t len)
{
	struct copy_ctx *x = c;
	uint32_t k = x->room - x->done < len ? x->room - x->done : len;

	memcpy(p, x->in + x->done, k);
	x->done += k;
	return x->done == x->room;
}

enum vq_result vq_push_in(struct virtqueue *q, const struct guest_ram *ram, const uint8_t *src,
			  uint32_t len, uint32_t *n)
{
	struct copy_ctx c = { NULL, src, len, 0, 0 };
	int head;
	enum vq_result r;

	*n = 0;
	if (!q->ready || !len)
		return VQ_EMPTY;
	if ((head = next_head(q, ram)) < 0)
		return head == -1 ? VQ_EMPTY : VQ_CORRUPT;
	if ((r = walk(q, ram, (uint16_t)head, true, copy_in, &c)) != VQ_DONE)
		return r;
	give_back(q, ram, (uint16_t)head, c.done);
	*n = c.done;
	return VQ_DONE;
}
