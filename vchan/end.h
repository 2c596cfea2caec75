/* One end of an inter-VM channel as Tandem holds it: either shared-memory
 * rings (vchan/ring.h) or a virtio-console device (its transport's
 * registers, vchan/virtio_mmio.c, and its two virtqueues), and the bytes
 * taken from this end that the peer has not taken yet; and how an end
 * starts over. Pure logic, like the pump (vchan/pump.c): both compile on
 * the host. */
#ifndef TANDEM_VCHAN_END_H
#define TANDEM_VCHAN_END_H
#include <stdbool.h>
#include <stdint.h>
#include "vchan/ring.h"
#include "vchan/virtqueue.h"

#define STAGE_BYTES 4096   /* bytes taken from an end, waiting for the other */
#define VIRTIO_RX 0        /* console receiveq (port 0) */
#define VIRTIO_TX 1        /* console transmitq */

struct vm;
struct vm_channel;

struct chan_end {
	struct vm *vm;
	const struct vm_channel *cfg;
	bool virtio;                 /* cfg->virtio: a virtio-console end, else rings */
	struct chan_end *peer;       /* NULL: unconnected */
	bool dead;                   /* its VM stopped */
	/* shared-memory end */
	struct chan_ring ring;
	/* virtio-console end: the virtio-mmio transport's state */
	uint32_t status, isr, dev_feat_sel, drv_feat_sel, queue_sel;
	uint64_t drv_features;
	struct virtqueue vq[2];
	/* bytes taken from this end, not yet given to the peer */
	uint32_t staged;
	uint8_t stage[STAGE_BYTES];
};

/* The guest reset its virtio device (Status written 0): the transport's
 * registers and both queues start over, nothing staged. */
void chan_end_reset_device(struct chan_end *e);
/* The end's VM restarts: the end lives again, empty (its device reset, or
 * its page's rings set up afresh). */
void chan_end_restart(struct chan_end *e);

#endif
