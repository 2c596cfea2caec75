/* The device side of a split virtqueue (virtio 1.x, 2.6), over a guest's RAM
 * seen as one range [base, base + size) at host address `ram`. Every address,
 * length, index and chain the driver wrote is checked before use: a queue
 * that breaks the rules reports VQ_CORRUPT (Tandem then stops that VM) and
 * never makes Tandem touch memory outside the guest's RAM. Pure logic,
 * unit-tested on the host. */
#ifndef TANDEM_VCHAN_VIRTQUEUE_H
#define TANDEM_VCHAN_VIRTQUEUE_H
#include <stdbool.h>
#include <stdint.h>

#define VQ_MAX_SIZE 256

struct guest_ram {
	uint64_t base, size;   /* guest-physical */
	uint8_t *host;         /* where Tandem reaches it */
};

struct virtqueue {
	uint32_t num;                  /* queue size the driver chose (power of 2) */
	uint64_t desc, avail, used;    /* guest-physical addresses of the three areas */
	bool ready;
	uint16_t last_avail;           /* next avail entry to take */
	uint16_t used_idx;             /* Tandem's copy of used->idx */
	char why[96];                  /* what was wrong, after VQ_CORRUPT */
};

enum vq_result { VQ_EMPTY, VQ_DONE, VQ_CORRUPT };

/* QueueReady written 1: checks the areas lie in RAM and the size is valid. */
enum vq_result vq_enable(struct virtqueue *q, const struct guest_ram *ram);

/* Driver-to-device (e.g. a console's transmitq): takes the next chain if
 * all its bytes fit in `room`, copies them to dst, returns it used (length
 * 0) and sets *n. VQ_EMPTY: no chain, or it does not fit (*n = its size). */
enum vq_result vq_pop_out(struct virtqueue *q, const struct guest_ram *ram, uint8_t *dst,
			  uint32_t room, uint32_t *n);

/* Device-to-driver (a receiveq): fills the next chain's writable buffers
 * with up to len bytes of src and returns it used; *n = bytes taken.
 * VQ_EMPTY: no buffer posted. */
enum vq_result vq_push_in(struct virtqueue *q, const struct guest_ram *ram, const uint8_t *src,
			  uint32_t len, uint32_t *n);

#endif
