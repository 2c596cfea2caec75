/* Guest payload formats: an arm64 Linux "Image" (header with text_offset and
 * image_size, Documentation/arch/arm64/booting.rst), an ARM (32-bit) Linux
 * zImage (magic at 0x24, Documentation/arch/arm/booting.rst), or a raw
 * binary entered at its first byte. Pure logic, unit-tested on the host. */
#ifndef TANDEM_BOOT_IMAGE_H
#define TANDEM_BOOT_IMAGE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct boot_image {
	bool arm64_image;       /* has the arm64 Image header */
	bool arm_zimage;        /* has the ARM zImage magic: loaded at offset 0, and
				 * takes its RAM base to be its load address
				 * rounded down to 128 MiB (AUTO_ZRELADDR) */
	uint64_t load_offset;   /* from the start of RAM (2 MiB-aligned base + text_offset) */
	uint64_t file_size;     /* bytes to copy */
	uint64_t mem_size;      /* bytes it occupies once running (BSS included) */
};

/* Inspects a payload; returns 0, or -1 with msg set. */
int boot_image_inspect(const void *data, uint64_t size, struct boot_image *out,
		       char *msg, size_t msglen);

#endif
