/* Memory barriers and event signalling, named by what they guarantee.
 * The architecture boundary: the core orders memory only through these. */
#ifndef TANDEM_ARCH_BARRIER_H
#define TANDEM_ARCH_BARRIER_H
#include <arch_impl/barrier.h>

/* Provided by the implementation, all static inline:
 *   mb_shared()           orders earlier memory accesses before later ones,
 *                         as other cores see them
 *   sync_shared()         ... and waits until they are complete (so that a
 *                         following interrupt or event sees them)
 *   sync_shared_stores()  the same, for stores only
 *   sync_system()         waits for every earlier access, devices included
 *   sync_context()        later instructions see earlier register writes
 *   event_send()          wakes cores waiting in event_wait()
 *   event_wait()          sleeps until an event (or any interrupt)
 *   interrupt_wait()      sleeps until an interrupt is pending
 *   compiler_barrier()    the compiler keeps memory accesses on either side
 *   opaque_u64(x)         the compiler forgets what it knew of x's value
 */

#endif
