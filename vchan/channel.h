/* Inter-VM channels at run time (docs/channels.md): each end is either
 * shared-memory rings in a page Tandem owns and maps into the VM
 * (vchan/ring.h), or an emulated virtio-console device (virtio-mmio, its
 * queues in the VM's RAM, vchan/virtqueue.h) that an unmodified Linux
 * drives. Tandem moves the bytes between the two ends, through a staging
 * buffer per direction, whenever either end rings it; it rings an end with
 * its SPI. A guest that corrupts its ring or queue is stopped; its peer
 * goes on with the channel disconnected. */
#ifndef TANDEM_VCHAN_CHANNEL_H
#define TANDEM_VCHAN_CHANNEL_H
#include <stdint.h>

struct vm;
struct vcpu;

/* At VM creation: sets up each channel end of the VM (maps its page or
 * registers its device); -1 (said why) on failure. */
int channel_attach(struct vm *vm);
/* Once every VM exists: connects the end `ch` of vm to the end `peer_ch`
 * of peer (both directions are set up by one call). */
void channel_connect(struct vm *vm, unsigned int ch, struct vm *peer, unsigned int peer_ch);
/* The VM stopped or restarts: its ends stop (restart: start over empty). */
void channel_vm_stopped(struct vm *vm);
void channel_vm_reset(struct vm *vm);
/* TANDEM_HC_CHANNEL_NOTIFY from v: x1 = the channel's index. */
void channel_notify_hypercall(struct vcpu *v);

/* vm is removed (stopped before, its stage-2 gone): each of its ends is
 * unlinked from its peer, whose channel is then unconnected, and freed
 * with its ring page for a later VM. */
void channel_vm_removed(struct vm *vm);

#endif
