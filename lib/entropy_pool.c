/* The entropy pool's extract-then-expand construction; see entropy_pool.h. */
#include <string.h>
#include "blake2s.h"
#include "entropy_pool.h"

enum { TAG_MIX = 0, TAG_EXPAND = 1, TAG_RATCHET = 2 };

void entropy_pool_init(struct entropy_pool *p)
{
	static const char label[] = "Tandem entropy pool v1";

	blake2s(p->key, ENTROPY_KEY, NULL, 0, label, sizeof(label) - 1);
}

void entropy_pool_mix(struct entropy_pool *p, enum entropy_source src, const void *in, size_t len)
{
	struct blake2s s;
	uint8_t head[2] = { TAG_MIX, (uint8_t)src };

	blake2s_init(&s, ENTROPY_KEY, p->key, ENTROPY_KEY);
	blake2s_update(&s, head, sizeof(head));
	blake2s_update(&s, in, len);
	blake2s_final(&s, p->key);
}

void entropy_pool_generate(struct entropy_pool *p, const void *info, size_t infolen,
			   void *out, size_t len)
{
	uint8_t *o = out, block[BLAKE2S_OUT_MAX], tag;
	struct blake2s s;

	for (uint32_t i = 0; len; i++) {
		uint8_t head[5] = { TAG_EXPAND, (uint8_t)i, (uint8_t)(i >> 8), (uint8_t)(i >> 16),
				    (uint8_t)(i >> 24) };
		size_t n = len < sizeof(block) ? len : sizeof(block);

		blake2s_init(&s, sizeof(block), p->key, ENTROPY_KEY);
		blake2s_update(&s, head, sizeof(head));
		blake2s_update(&s, info, infolen);
		blake2s_final(&s, block);
		memcpy(o, block, n);
		o += n;
		len -= n;
	}
	secure_wipe(block, sizeof(block));
	/* Fast key erasure: the key that made these bytes is gone. */
	tag = TAG_RATCHET;
	blake2s_init(&s, ENTROPY_KEY, p->key, ENTROPY_KEY);
	blake2s_update(&s, &tag, 1);
	blake2s_update(&s, info, infolen);
	blake2s_final(&s, p->key);
}
