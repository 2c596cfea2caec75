/* An emulated CFI NOR flash bank with the Intel/Sharp command set, as QEMU's
 * virt machine has at 0 (pflash_cfi01: two 16-bit chips side by side on a
 * 32-bit bus). Firmware probes it by writing commands; this is the decoder
 * of those writes and what reads return meanwhile. Pure logic over a buffer
 * (unit-tested and fuzzed on the host); el2/vflash.c maps the bank into
 * stage 2 while it reads as memory and feeds it the trapped accesses
 * otherwise. Everything here comes from a guest: offsets and values are
 * checked against the bank, never trusted. */
#ifndef TANDEM_CFI_FLASH_H
#define TANDEM_CFI_FLASH_H
#include <stdbool.h>
#include <stdint.h>

/* Geometry: the erase block of QEMU's virt flash (256 KiB for the bank,
 * 128 KiB in each chip), a 128-byte write buffer (64 bytes per chip). */
#define CFI_BLOCK_SIZE    (256u * 1024)
#define CFI_BUFFER_SIZE   128u
#define CFI_MAX_BANK      (64ull << 20)

/* Status register bits (Intel): ready, erase error, program error, locked. */
#define CFI_SR_READY      0x80u
#define CFI_SR_ERASE_ERR  0x20u
#define CFI_SR_PROG_ERR   0x10u
#define CFI_SR_LOCKED     0x02u

enum cfi_mode {
	CFI_READ_ARRAY,     /* reads are the contents: the bank may be mapped */
	CFI_READ_STATUS,
	CFI_READ_QUERY,     /* the CFI table */
	CFI_READ_ID,        /* manufacturer and device codes */
	CFI_PROGRAM,        /* 0x40/0x10 given: the next write is the data */
	CFI_BUFFER_COUNT,   /* 0xe8 given: the next write is the word count - 1 */
	CFI_BUFFER_DATA,    /* taking the buffer's words */
	CFI_BUFFER_CONFIRM, /* waiting for 0xd0 */
	CFI_ERASE,          /* 0x20 given: waiting for 0xd0 */
	CFI_LOCK,           /* 0x60 given: waiting for 0x01, 0xd0 or 0x2f */
};

struct cfi_flash {
	uint8_t *data;      /* the contents (Tandem's memory) */
	uint64_t size;      /* a multiple of CFI_BLOCK_SIZE, at most CFI_MAX_BANK */
	bool writable;      /* a volatile store: program and erase act; else refused */
	enum cfi_mode mode;
	uint8_t status;
	uint64_t buf_block; /* buffered write: the block the command named */
	uint64_t buf_base;  /* its window, set by the first word: the buffer's first byte */
	bool buf_started;
	uint32_t buf_words; /* 32-bit words still to come */
	/* What the guest did, for the report when its VM stops (and the tests). */
	uint32_t refused;   /* program/erase commands refused */
};

/* A bank in read-array mode, status ready. size must be a non-zero multiple
 * of CFI_BLOCK_SIZE, at most CFI_MAX_BANK (the binding checks it). */
void cfi_flash_init(struct cfi_flash *f, uint8_t *data, uint64_t size, bool writable);

/* True while reads return the contents: then the bank can be mapped
 * read-only, and only writes trap. */
static inline bool cfi_flash_reads_array(const struct cfi_flash *f)
{
	return f->mode == CFI_READ_ARRAY;
}

/* A trapped read of size 1, 2, 4 or 8 at off (off + size <= f->size; the
 * caller checks). In read-array mode: the contents. */
uint64_t cfi_flash_read(const struct cfi_flash *f, uint64_t off, unsigned int size);

/* A trapped write: a command, or the data of one. */
void cfi_flash_write(struct cfi_flash *f, uint64_t off, unsigned int size, uint64_t value);

/* Byte i of the CFI query table this bank answers with (0 beyond it). */
uint8_t cfi_flash_query_byte(const struct cfi_flash *f, uint64_t i);

#endif
