/* The virtio-mmio transport of a channel's virtio-console end; see
 * virtio_mmio.h. Feature negotiation offers VIRTIO_F_VERSION_1 alone; a
 * notify (or DRIVER_OK) runs the pump under the channels' lock. */
#include "el2/vm.h"
#include "vchan/channel_internal.h"
#include "vchan/virtio_mmio.h"
#include "vgic/vgic.h"

#define R(name) static uint64_t name(void *dev, struct vcpu *v, uint64_t off, unsigned int size)
#define W(name) static void name(void *dev, struct vcpu *v, uint64_t off, unsigned int size, \
				 uint64_t val)
#define UNUSED_ARGS (void)v, (void)off, (void)size

R(magic_read)   { (void)dev; UNUSED_ARGS; return 0x74726976; }   /* "virt" */
R(version_read) { (void)dev; UNUSED_ARGS; return 2; }            /* virtio 1.x transport */
R(devid_read)   { (void)dev; UNUSED_ARGS; return 3; }            /* console */
R(vendor_read)  { (void)dev; UNUSED_ARGS; return 0x4d444e54; }   /* "TNDM" */

R(dev_features_read)
{
	struct chan_end *e = dev;

	UNUSED_ARGS;
	return e->dev_feat_sel == 1 ? 1 : 0;   /* VIRTIO_F_VERSION_1 (bit 32) only */
}

W(dev_features_sel_write) { struct chan_end *e = dev; UNUSED_ARGS; e->dev_feat_sel = (uint32_t)val; }
W(drv_features_sel_write) { struct chan_end *e = dev; UNUSED_ARGS; e->drv_feat_sel = (uint32_t)val; }

W(drv_features_write)
{
	struct chan_end *e = dev;

	UNUSED_ARGS;
	if (e->drv_feat_sel < 2)
		e->drv_features = (e->drv_features & ~(0xffffffffull << (32 * e->drv_feat_sel))) |
				  ((uint64_t)(uint32_t)val << (32 * e->drv_feat_sel));
}

W(queue_sel_write) { struct chan_end *e = dev; UNUSED_ARGS; e->queue_sel = (uint32_t)val; }

static struct virtqueue *selected(struct chan_end *e)
{
	return e->queue_sel < 2 ? &e->vq[e->queue_sel] : NULL;
}

R(queue_num_max_read) { UNUSED_ARGS; return selected(dev) ? VQ_MAX_SIZE : 0; }

W(queue_num_write)
{
	struct virtqueue *q = selected(dev);

	UNUSED_ARGS;
	if (q && !q->ready)
		q->num = (uint32_t)val;
}

R(queue_ready_read)
{
	struct virtqueue *q = selected(dev);

	UNUSED_ARGS;
	return q && q->ready;
}

W(queue_ready_write)
{
	struct chan_end *e = dev;
	struct virtqueue *q = selected(e);

	UNUSED_ARGS;
	if (!q)
		return;
	if (!(val & 1)) {
		q->ready = false;
		return;
	}
	struct guest_ram ram = channel_guest_ram(e);

	channels_lock();
	if (vq_enable(q, &ram) == VQ_CORRUPT)
		channel_kill_end(e, e->queue_sel == VIRTIO_RX ? "receive queue" : "transmit queue", q->why);
	channels_unlock();
}

/* Queue addresses: one 64-bit value in two 32-bit halves per area. */
static void set_half(uint64_t *field, uint64_t off, uint64_t val)
{
	*field = off ? (*field & 0xffffffffull) | (val << 32)
		     : (*field & ~0xffffffffull) | (uint32_t)val;
}

W(queue_desc_write)   { struct virtqueue *q = selected(dev); (void)v, (void)size; if (q && !q->ready) set_half(&q->desc, off, val); }
W(queue_driver_write) { struct virtqueue *q = selected(dev); (void)v, (void)size; if (q && !q->ready) set_half(&q->avail, off, val); }
W(queue_device_write) { struct virtqueue *q = selected(dev); (void)v, (void)size; if (q && !q->ready) set_half(&q->used, off, val); }

W(queue_notify_write)
{
	struct chan_end *e = dev;

	UNUSED_ARGS, (void)val;
	channels_lock();
	if (!e->dead && (e->status & 4))   /* DRIVER_OK */
		channel_pump(e);
	channels_unlock();
	vgic_flush_if_needed(v);
}

R(isr_read) { struct chan_end *e = dev; UNUSED_ARGS; return e->isr; }

W(isr_ack_write)
{
	struct chan_end *e = dev;

	UNUSED_ARGS;
	channels_lock();
	e->isr &= ~(uint32_t)val;
	if (!e->isr)
		vgic_set_line(e->vm, NULL, e->cfg->intid, false);
	channels_unlock();
}

R(status_read) { struct chan_end *e = dev; UNUSED_ARGS; return e->status; }

/* Status written 0: the device starts over, its interrupt line low. */
static void virtio_mmio_reset(struct chan_end *e)
{
	chan_end_reset_device(e);
	vgic_set_line(e->vm, NULL, e->cfg->intid, false);
}

W(status_write)
{
	struct chan_end *e = dev;

	UNUSED_ARGS;
	channels_lock();
	if (!val) {
		virtio_mmio_reset(e);
	} else {
		e->status = (uint32_t)val;
		if (val & 4)   /* DRIVER_OK: what the peer sent meanwhile can come in */
			channel_pump(e);
	}
	channels_unlock();
	vgic_flush_if_needed(v);
}

static const struct mmio_reg virtio_regs[] = {
	{ 0x000, 4, MMIO_W32, magic_read, NULL },
	{ 0x004, 4, MMIO_W32, version_read, NULL },
	{ 0x008, 4, MMIO_W32, devid_read, NULL },
	{ 0x00c, 4, MMIO_W32, vendor_read, NULL },
	{ 0x010, 4, MMIO_W32, dev_features_read, NULL },
	{ 0x014, 4, MMIO_W32, NULL, dev_features_sel_write },
	{ 0x020, 4, MMIO_W32, NULL, drv_features_write },
	{ 0x024, 4, MMIO_W32, NULL, drv_features_sel_write },
	{ 0x030, 4, MMIO_W32, NULL, queue_sel_write },
	{ 0x034, 4, MMIO_W32, queue_num_max_read, NULL },
	{ 0x038, 4, MMIO_W32, NULL, queue_num_write },
	{ 0x044, 4, MMIO_W32, queue_ready_read, queue_ready_write },
	{ 0x050, 4, MMIO_W32, NULL, queue_notify_write },
	{ 0x060, 4, MMIO_W32, isr_read, NULL },
	{ 0x064, 4, MMIO_W32, NULL, isr_ack_write },
	{ 0x070, 4, MMIO_W32, status_read, status_write },
	{ 0x080, 8, MMIO_W32, NULL, queue_desc_write },
	{ 0x090, 8, MMIO_W32, NULL, queue_driver_write },
	{ 0x0a0, 8, MMIO_W32, NULL, queue_device_write },
	{ 0x0fc, 4, MMIO_W32, NULL, NULL },                 /* ConfigGeneration: 0 */
	{ 0x100, 12, MMIO_W8 | MMIO_W16 | MMIO_W32, NULL, NULL },  /* config: cols, rows, ports: 0 */
};

MMIO_MODEL(virtio_console_model, "virtio-console", virtio_regs, VIRTIO_MMIO_BYTES);
