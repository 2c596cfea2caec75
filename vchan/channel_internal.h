/* What channel.c shares with the other run-time parts of a channel in
 * vchan/ (virtio_mmio.c): the channels' lock, and the pump and a guest's
 * breakage as Tandem does them under it. Not for callers outside vchan/. */
#ifndef TANDEM_VCHAN_CHANNEL_INTERNAL_H
#define TANDEM_VCHAN_CHANNEL_INTERNAL_H
#include "vchan/end.h"

/* One lock for every channel (channel.c). channels_unlock() releases it,
 * then stops the VMs whose end broke meanwhile (vm_stop() reaches back
 * into channels, so not under the lock). */
void channels_lock(void);
void channels_unlock(void);

/* The RAM of e's VM, where its virtqueues point. */
struct guest_ram channel_guest_ram(const struct chan_end *e);
/* Lock held: chan_pump() with the guests' RAM and SPIs. */
void channel_pump(struct chan_end *e);
/* Lock held: e's guest broke its end (`what`, `why`); e is dead at once,
 * its VM is stopped by channels_unlock(). */
void channel_kill_end(struct chan_end *e, const char *what, const char *why);

#endif
