/* The virtio-mmio transport (virtio 1.x, 4.2) of a channel's virtio-console
 * end: the register model a guest's virtio_mmio driver programs, at the
 * channel's base in the VM's address space (registered by channel.c). */
#ifndef TANDEM_VCHAN_VIRTIO_MMIO_H
#define TANDEM_VCHAN_VIRTIO_MMIO_H
#include "el2/mmio.h"
#include "vchan/end.h"

#define VIRTIO_MMIO_BYTES 0x200   /* the device's span */

/* The model; each device's `dev` is its struct chan_end. */
extern const struct mmio_model virtio_console_model;

#endif
