/* The RTOS's end of a Tandem channel: shared-memory byte rings in one page
 * (vchan/ring_abi.h, docs/channels.md). The RTOS consumes rx and produces
 * tx; after either it rings Tandem (hypercall CHANNEL_NOTIFY), and Tandem
 * rings it back with the channel's interrupt when bytes or room arrive.
 * Found through the device tree; absent when the RTOS runs natively. */
#include <string.h>
#include "guests/rtos/bsp/arch.h"
#include "guests/rtos/bsp/board.h"
#include "vchan/ring_abi.h"
#include "el2/hypercall.h"

static struct tchan_page *page;
static uint32_t rx_tail, tx_head;   /* the indices this side owns */

void channel_notify(void)
{
	arch_hvc(TANDEM_HC_CHANNEL_NOTIFY, board.chan_index);
}

const char *channel_init(irq_handler_t *on_ring)
{
	if (!board.chan.base)
		return "no channel in the device tree";
	if (board.chan.size < sizeof(struct tchan_page))
		return "the channel's page is too small";
	page = (struct tchan_page *)(uintptr_t)board.chan.base;
	if (page->magic != TCHAN_MAGIC || page->size != TCHAN_RING)
		return "the channel's page is not set up (bad magic or size)";
	rx_tail = page->rx.tail;
	tx_head = page->tx.head;
	gic_enable(board.chan_intid, PRIO_CHANNEL, on_ring, NULL);
	return NULL;
}

size_t channel_read(void *buf, size_t max)
{
	uint32_t avail, n;
	uint8_t *out = buf;

	if (!page)
		return 0;
	avail = page->rx.head - rx_tail;
	dmb(ish);   /* the index before the bytes it covers */
	if (avail > TCHAN_RING)
		avail = 0;   /* never from Tandem; read nothing rather than garbage */
	n = avail < max ? avail : (uint32_t)max;
	for (uint32_t i = 0; i < n; i++)
		out[i] = page->rx_data[(rx_tail + i) % TCHAN_RING];
	rx_tail += n;
	dmb(ish);
	page->rx.tail = rx_tail;
	if (n)
		channel_notify();   /* room for more */
	return n;
}

size_t channel_write(const void *buf, size_t len)
{
	uint32_t room, n;
	const uint8_t *in = buf;

	if (!page)
		return 0;
	room = TCHAN_RING - (tx_head - page->tx.tail);
	if (room > TCHAN_RING)
		room = 0;
	n = room < len ? room : (uint32_t)len;
	for (uint32_t i = 0; i < n; i++)
		page->tx_data[(tx_head + i) % TCHAN_RING] = in[i];
	tx_head += n;
	dmb(ish);   /* the bytes before the index that covers them */
	page->tx.head = tx_head;
	if (n)
		channel_notify();
	return n;
}
