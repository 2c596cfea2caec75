/* A split virtqueue as a driver lays it out in guest RAM, for the tests of
 * vchan/virtqueue.c: a descriptor, and a chain offered in the avail ring. */
#ifndef TANDEM_TEST_VQ_IMAGE_H
#define TANDEM_TEST_VQ_IMAGE_H
#include <stdint.h>
#include <string.h>

static inline void vq_image_desc(uint8_t *table, uint16_t i, uint64_t addr, uint32_t len,
				 uint16_t flags, uint16_t next)
{
	uint8_t *d = table + 16 * i;

	memcpy(d, &addr, 8);
	memcpy(d + 8, &len, 4);
	memcpy(d + 12, &flags, 2);
	memcpy(d + 14, &next, 2);
}

/* Publishes head as the next available chain (the index last, released). */
static inline void vq_image_offer(uint8_t *avail, uint32_t num, uint16_t head)
{
	uint16_t idx;

	memcpy(&idx, avail + 2, 2);
	memcpy(avail + 4 + 2 * (idx % num), &head, 2);
	idx++;
	__atomic_store_n((uint16_t *)(avail + 2), idx, __ATOMIC_RELEASE);
}

#endif
