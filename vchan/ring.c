/* Channel rings; see ring.h. */
#include <string.h>
#include <guest_fetch.h>
#include "el2/arch/barrier.h"
#include "vchan/ring.h"

#define publish() mb_shared()

void chan_ring_init(struct chan_ring *r, struct tchan_page *page)
{
	memset(page, 0, sizeof(*page));
	page->size = TCHAN_RING;
	r->page = page;
	r->rx_head = r->tx_tail = 0;
	publish();
	page->magic = TCHAN_MAGIC;
}

/* The guest's index, fetched once (docs/security.md). */
static uint32_t guest_index(const volatile uint32_t *p)
{
	uint32_t v;

	guest_fetch(&v, p, sizeof(v));
	return v;
}

int chan_ring_rx_room(const struct chan_ring *r)
{
	uint32_t used = r->rx_head - guest_index(&r->page->rx.tail);

	return used > TCHAN_RING ? -1 : (int)(TCHAN_RING - used);
}

void chan_ring_rx_put(struct chan_ring *r, const uint8_t *src, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		r->page->rx_data[(r->rx_head + i) % TCHAN_RING] = src[i];
	r->rx_head += n;
	publish();   /* the data before the index that covers it */
	r->page->rx.head = r->rx_head;
}

int chan_ring_tx_avail(const struct chan_ring *r)
{
	uint32_t used = guest_index(&r->page->tx.head) - r->tx_tail;

	publish();   /* the index before the data it covers */
	return used > TCHAN_RING ? -1 : (int)used;
}

void chan_ring_tx_get(struct chan_ring *r, uint8_t *dst, uint32_t n)
{
	/* Each byte is read once; the caller clamped n to what tx_avail saw. */
	for (uint32_t i = 0; i < n; i++)
		dst[i] = r->page->tx_data[(r->tx_tail + i) % TCHAN_RING];
	r->tx_tail += n;
	publish();
	r->page->tx.tail = r->tx_tail;
}
