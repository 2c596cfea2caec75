/* Tandem's side of a channel's shared-memory rings (ring_abi.h). Tandem
 * keeps its own copy of the indices it writes (rx.head, tx.tail) and trusts
 * the page only for the ones the guest writes, each checked: a guest whose
 * index claims more than a ring holds has corrupted its page. Pure logic,
 * unit-tested on the host. */
#ifndef TANDEM_VCHAN_RING_H
#define TANDEM_VCHAN_RING_H
#include <stdint.h>
#include "vchan/ring_abi.h"

struct chan_ring {
	struct tchan_page *page;
	uint32_t rx_head;         /* Tandem's: bytes it produced into rx */
	uint32_t tx_tail;         /* Tandem's: bytes it consumed from tx */
};

/* Initializes the page (magic, size, indices 0). */
void chan_ring_init(struct chan_ring *r, struct tchan_page *page);

/* Room in rx for Tandem to produce, or -1 if the guest's rx.tail is corrupt. */
int chan_ring_rx_room(const struct chan_ring *r);
/* Copies n bytes (at most the room) into rx and publishes them. */
void chan_ring_rx_put(struct chan_ring *r, const uint8_t *src, uint32_t n);

/* Bytes waiting in tx, or -1 if the guest's tx.head is corrupt. */
int chan_ring_tx_avail(const struct chan_ring *r);
/* Copies n bytes (at most the available) out of tx and frees them. */
void chan_ring_tx_get(struct chan_ring *r, uint8_t *dst, uint32_t n);

#endif
