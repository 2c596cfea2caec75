/* A channel end starting over; see end.h. */
#include <string.h>
#include "vchan/end.h"

void chan_end_reset_device(struct chan_end *e)
{
	e->status = e->isr = 0;
	e->dev_feat_sel = e->drv_feat_sel = e->queue_sel = 0;
	e->drv_features = 0;
	memset(e->vq, 0, sizeof(e->vq));
	e->staged = 0;
}

void chan_end_restart(struct chan_end *e)
{
	e->dead = false;
	e->staged = 0;
	if (e->virtio)
		chan_end_reset_device(e);
	else
		chan_ring_init(&e->ring, e->ring.page);
}
