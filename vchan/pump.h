/* The channel pump: moves the bytes a guest sent on its end of a channel
 * to the guest at the other end, both ways, through each end's stage, and
 * says which ends to ring. Pure logic over struct chan_end: the guests' RAM,
 * their doorbells and what becomes of a guest that broke its ring or queue
 * reach it through struct chan_pump_ops. Unit-tested on the host
 * (tests/unit/test_vchan_pump.c). */
#ifndef TANDEM_VCHAN_PUMP_H
#define TANDEM_VCHAN_PUMP_H
#include "vchan/end.h"

struct chan_pump_ops {
	/* The RAM of e's VM, where its virtqueues point. */
	struct guest_ram (*ram)(const struct chan_end *e);
	/* Ring e's guest: it got data, or got its buffers back. */
	void (*ring_guest)(struct chan_end *e);
	/* e's guest corrupted its end (`what`: the ring or queue; `why`): the
	 * pump has marked e dead and moves nothing more through it. */
	void (*broken)(struct chan_end *e, const char *what, const char *why);
};

/* Moves everything that can move between e and its peer, both ways, and
 * rings whoever got data or got buffers back. A few rounds at most: a guest
 * on another core may keep adding buffers. The caller holds the channels'
 * lock. */
void chan_pump(struct chan_end *e, const struct chan_pump_ops *ops);

#endif
