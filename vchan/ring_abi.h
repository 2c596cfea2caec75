/* The shared-memory side of a Tandem channel (docs/channels.md): one 4 KiB
 * page in the guest's physical space, owned by Tandem, holding two byte
 * rings. `rx` carries bytes from the peer to the guest (Tandem produces, the
 * guest consumes), `tx` from the guest to the peer (the guest produces,
 * Tandem consumes). head and tail are free-running 32-bit byte counts; a
 * ring holds head - tail bytes, at most `size`; byte n is data[n % size].
 * After producing or consuming, the guest rings Tandem with the hypercall
 * TANDEM_HC_CHANNEL_NOTIFY (x1 = the channel's index in the guest's tree);
 * Tandem rings the guest with the channel's SPI. Shared by Tandem and the
 * guests' drivers. */
#ifndef TANDEM_VCHAN_RING_ABI_H
#define TANDEM_VCHAN_RING_ABI_H
#include <stdint.h>

#define TCHAN_MAGIC    0x31484354u   /* "TCH1" */
#define TCHAN_RING     2016u         /* bytes of data per ring */

struct tchan_index {
	volatile uint32_t head;   /* written by the producer only */
	volatile uint32_t tail;   /* written by the consumer only */
};

struct tchan_page {
	uint32_t magic;           /* TCHAN_MAGIC once Tandem set the page up */
	uint32_t size;            /* TCHAN_RING */
	uint32_t reserved[2];
	struct tchan_index rx, tx;
	uint8_t pad[32];
	uint8_t rx_data[TCHAN_RING];
	uint8_t tx_data[TCHAN_RING];
};

_Static_assert(sizeof(struct tchan_page) == 4096, "one page");

#endif
