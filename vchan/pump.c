/* The channel pump; see pump.h. */
#include <string.h>
#include "vchan/pump.h"

/* The guest of e broke its end: it is dead at once. */
static void broken(struct chan_end *e, const struct chan_pump_ops *ops, const char *what,
		   const char *why)
{
	e->dead = true;
	ops->broken(e, what, why);
}

/* Takes what the guest of e sent into e's stage; true if it took any. */
static bool take(struct chan_end *e, const struct chan_pump_ops *ops)
{
	uint32_t before = e->staged;

	if (e->virtio) {
		struct guest_ram ram = ops->ram(e);

		for (;;) {
			uint32_t n;
			enum vq_result r = vq_pop_out(&e->vq[VIRTIO_TX], &ram, e->stage + e->staged,
						      STAGE_BYTES - e->staged, &n);

			if (r == VQ_CORRUPT) {
				broken(e, ops, "transmit queue", e->vq[VIRTIO_TX].why);
				return false;
			}
			if (r == VQ_EMPTY) {
				if (n > STAGE_BYTES)   /* could never fit: refuse it */
					broken(e, ops, "transmit queue", "a buffer chain larger than 4 KiB");
				break;
			}
			/* vq_pop_out never returns more than the room it was given
			 * (one fetch per descriptor); the stage's count relies on it. */
			if (n > STAGE_BYTES - e->staged) {
				broken(e, ops, "transmit queue", "more bytes than the room left");
				return false;
			}
			e->staged += n;
		}
	} else {
		int avail = chan_ring_tx_avail(&e->ring);
		uint32_t n;

		if (avail < 0) {
			broken(e, ops, "shared ring", "tx.head is more than the ring holds ahead of "
			       "what Tandem consumed");
			return false;
		}
		n = (uint32_t)avail < STAGE_BYTES - e->staged ? (uint32_t)avail : STAGE_BYTES - e->staged;
		chan_ring_tx_get(&e->ring, e->stage + e->staged, n);
		e->staged += n;
	}
	return e->staged != before;
}

/* Gives what src staged to the guest of dst; true if it gave any. */
static bool give(struct chan_end *src, struct chan_end *dst, const struct chan_pump_ops *ops)
{
	uint32_t given = 0;

	if (dst->virtio) {
		struct guest_ram ram = ops->ram(dst);

		while (given < src->staged) {
			uint32_t n;
			enum vq_result r = vq_push_in(&dst->vq[VIRTIO_RX], &ram, src->stage + given,
						      src->staged - given, &n);

			if (r == VQ_CORRUPT) {
				broken(dst, ops, "receive queue", dst->vq[VIRTIO_RX].why);
				return false;
			}
			if (r == VQ_EMPTY)
				break;
			given += n;
		}
	} else {
		int room = chan_ring_rx_room(&dst->ring);

		if (room < 0) {
			broken(dst, ops, "shared ring", "rx.tail claims more than Tandem produced");
			return false;
		}
		given = (uint32_t)room < src->staged ? (uint32_t)room : src->staged;
		chan_ring_rx_put(&dst->ring, src->stage, given);
	}
	if (given > src->staged)   /* never: each copy is clamped to what is staged */
		given = src->staged;
	memmove(src->stage, src->stage + given, src->staged - given);
	src->staged -= given;
	return given != 0;
}

void chan_pump(struct chan_end *e, const struct chan_pump_ops *ops)
{
	struct chan_end *sides[2] = { e, e->peer };

	for (int i = 0; i < 2; i++) {
		struct chan_end *src = sides[i], *dst = sides[1 - i];
		bool took = false, gave = false, moved = true;

		for (int round = 0; round < 4 && moved && src && !src->dead; round++) {
			moved = take(src, ops);
			took |= moved;
			if (!dst || dst->dead) {
				src->staged = 0;   /* nobody to hear it: dropped */
			} else if (give(src, dst, ops)) {
				gave = moved = true;
			}
		}
		/* What the guest sent was consumed (its buffers are free again). */
		if (took && src && !src->dead)
			ops->ring_guest(src);
		if (gave && dst && !dst->dead)
			ops->ring_guest(dst);
	}
}
