/* GICv2 SGIs are pending per source: each of a vCPU's SGIs has one pending
 * bit per sending vCPU (GICD_SPENDSGIR), and a list register carries one
 * (INTID, source) pair. Each SGI keeps the sources still waiting in a mask,
 * and the one its LR holds; while some wait and the INTID is in an LR, that
 * LR asks for an EOI maintenance interrupt, so the next source is presented
 * the moment the guest completes the current one - not at some later exit
 * that an idle vCPU may never take. Pure decisions, unit-tested on the host
 * (tests/unit/test_sgi_v2.c); vgic.c applies them. */
#ifndef TANDEM_VGIC_SGI_V2_H
#define TANDEM_VGIC_SGI_V2_H
#include <stdbool.h>
#include <stdint.h>
#include "vgic/lr.h"

/* An LR presenting one source of SGI lr->vintid, taken out of *waiting
 * (the lowest-numbered), with an EOI maintenance request when others are
 * left. *waiting must not be empty. Returns the source. */
unsigned int sgi_v2_fill(struct lr *lr, uint8_t *waiting);

/* An LR holding a GICv2 SGI, as read back at a sync, and the sources
 * waiting besides it: whether to rewrite it with an EOI maintenance
 * request (still valid, some wait, no request yet). */
bool sgi_v2_needs_eoi(const struct lr *lr, uint8_t waiting);

/* GICD_[SC]PENDSGIR's byte: the waiting sources, and the LR's if its
 * pending state is not yet acknowledged. */
uint8_t sgi_v2_pending(uint8_t waiting, bool lr_pending, unsigned int lr_source);

/* CPENDSGIR clears `bits`: out of the waiting ones; true if the LR's own
 * pending source (lr_pending) is among them, whose LR must be withdrawn. */
bool sgi_v2_clear(uint8_t *waiting, uint8_t bits, bool lr_pending, unsigned int lr_source);

#endif
