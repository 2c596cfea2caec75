/* Payload inspection; see boot_image.h. */
#include <string.h>
#include <format.h>
#include "firmware/boot_image.h"

#define ARM64_MAGIC 0x644d5241u   /* "ARM\x64" at offset 0x38 */
#define ZIMAGE_MAGIC 0x016f2818u  /* at offset 0x24, little-endian */

static uint64_t le64(const uint8_t *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

int boot_image_inspect(const void *data, uint64_t size, struct boot_image *out,
		       char *msg, size_t msglen)
{
	const uint8_t *p = data;

	memset(out, 0, sizeof(*out));
	if (!size) {
		snformat(msg, msglen, "payload is empty");
		return -1;
	}
	out->file_size = size;
	out->mem_size = size;
	if (size >= 0x30 && (uint32_t)le64(p + 0x24) == ZIMAGE_MAGIC)
		out->arm_zimage = true;   /* position independent; it decompresses itself */
	if (size >= 64 && (uint32_t)le64(p + 0x38) == ARM64_MAGIC) {
		uint64_t text_offset = le64(p + 8);
		uint64_t image_size = le64(p + 16);

		out->arm64_image = true;
		/* image_size 0 marks a pre-3.17 kernel: text_offset is then 0x80000. */
		out->load_offset = image_size ? text_offset : 0x80000;
		out->mem_size = image_size > size ? image_size : size;
		if (out->load_offset & 0xfff) {
			snformat(msg, msglen, "arm64 Image text_offset 0x%llx is not page aligned",
				 (unsigned long long)out->load_offset);
			return -1;
		}
	}
	return 0;
}
