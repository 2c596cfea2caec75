/* The argument checks of the paravirtual hypercalls (pv/hypercall.c),
 * apart from what the calls then do, so that they compile on the host and
 * are fuzzed there (tests/fuzz/fuzz_pv.c). Every address a guest passes is a VA of
 * its own window [base, base + size) (its memory-base and memory), which
 * pv/address_space.c maps onto its RAM: a check that passes means the
 * bytes are the guest's own. Inline: they are on the hypercall path. */
#ifndef TANDEM_PV_ARGS_H
#define TANDEM_PV_ARGS_H
#include <stdbool.h>
#include <stdint.h>
#include "pv/abi.h"

#define PV_CONSOLE_MAX 4096u   /* bytes per CONSOLE_WRITE or CONSOLE_READ */
#define PV_PAGE_SIZE   4096u   /* TANDEM_PV_MAP's unit, on every architecture */

/* [va, va + len) lies in [base, base + size); nothing can wrap. */
static inline bool pv_in_window(uint64_t base, uint64_t size, uint64_t va, uint64_t len)
{
	return va >= base && len <= size && va - base <= size - len;
}

/* TANDEM_PV_CONSOLE_WRITE / READ: up to PV_CONSOLE_MAX bytes of the window. */
static inline bool pv_console_args_ok(uint64_t base, uint64_t size, uint64_t va, uint64_t len)
{
	return len <= PV_CONSOLE_MAX && pv_in_window(base, size, va, len);
}

/* TANDEM_PV_SETUP: a 16-byte-aligned shared area and a 4-byte-aligned
 * upcall entry, both in the window. */
static inline bool pv_setup_args_ok(uint64_t base, uint64_t size, uint64_t shared_va,
				    uint64_t upcall)
{
	return !(shared_va & 15) && pv_in_window(base, size, shared_va, sizeof(struct tandem_pv_shared)) &&
	       !(upcall & 3) && pv_in_window(base, size, upcall, 4);
}

/* TANDEM_PV_IRET: a 16-byte-aligned frame in the window. */
static inline bool pv_iret_args_ok(uint64_t base, uint64_t size, uint64_t va)
{
	return !(va & 15) && pv_in_window(base, size, va, sizeof(struct tandem_pv_frame));
}

/* TANDEM_PV_MAP: len bytes (page multiples, not 0) at va in the window,
 * from offset in the VM's RAM (of the window's size), with protections
 * R, RW, RX, RWX or 0 (unmap). */
static inline bool pv_map_args_ok(uint64_t base, uint64_t size, uint64_t va, uint64_t offset,
				  uint64_t len, uint64_t prot)
{
	return len && !((va | offset | len) & (PV_PAGE_SIZE - 1)) &&
	       pv_in_window(base, size, va, len) && offset <= size && len <= size - offset &&
	       !(prot & ~(uint64_t)7) && (!prot || (prot & TANDEM_PV_PROT_READ));
}

/* An upcall's frame, pushed 16-byte-aligned below the stack pointer sp:
 * its VA in *va, and whether it lies in the window. */
static inline bool pv_upcall_frame(uint64_t base, uint64_t size, uint64_t sp, uint64_t *va)
{
	*va = (sp - sizeof(struct tandem_pv_frame)) & ~15ull;
	return sp >= sizeof(struct tandem_pv_frame) &&
	       pv_in_window(base, size, *va, sizeof(struct tandem_pv_frame));
}

#endif
