/* Which calls pv/call_in_place.c makes (see pv/hypercall.h), as a bit per
 * function ID above TANDEM_HC_VERSION's, so that the vectors can tell one
 * with a shift before calling any C: NULL (bit 1), VERSION (0),
 * IRQ_ENABLE, IRQ_ACK, IRQ_EOI, TIMER_SET (0x13-0x16), COUNTER (0x1b). */
#ifndef TANDEM_PV_CALL_IN_PLACE_H
#define TANDEM_PV_CALL_IN_PLACE_H

#define PV_IN_PLACE_BASE 0x86000000
#define PV_IN_PLACE_MASK 0x08780003
/* IRET and EOI_IRET, which the vectors take the resume way (pv_fast_iret). */
#define PV_IRET_INDEX     0x17
#define PV_EOI_IRET_INDEX 0x1c

#endif
