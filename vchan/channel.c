/* Inter-VM channels; see channel.h. */
#include <string.h>
#include <format.h>
#include "vchan/channel.h"
#include "el2/console.h"
#include "el2/hypercall.h"
#include "el2/page_pool.h"
#include "el2/vm.h"
#include "vchan/ring.h"
#include "vchan/virtqueue.h"
#include "vgic/vgic.h"

#define STAGE_BYTES 4096   /* bytes taken from an end, waiting for the other */
#define VIRTIO_RX 0        /* console receiveq (port 0) */
#define VIRTIO_TX 1        /* console transmitq */

struct chan_end {
	struct vm *vm;
	const struct vm_channel *cfg;
	struct chan_end *peer;       /* NULL: unconnected */
	bool dead;                   /* its VM stopped */
	/* shared-memory end */
	struct chan_ring ring;
	/* virtio-console end: the virtio-mmio transport's state */
	uint32_t status, isr, dev_feat_sel, drv_feat_sel, queue_sel;
	uint64_t drv_features;
	struct virtqueue vq[2];
	/* bytes taken from this end, not yet given to the peer */
	uint32_t staged;
	uint8_t stage[STAGE_BYTES];
};

static struct chan_end ends[MAX_VMS * VM_MAX_CHANNELS];
static unsigned int nends;
/* One lock for every channel: they are slow paths, and a transfer touches
 * both ends, which may belong to VMs on different cores. */
static spinlock_t lock = SPINLOCK_INIT;

static struct guest_ram ram_of(const struct vm *vm)
{
	return (struct guest_ram){ vm->cfg.mem_base, vm->cfg.mem_size, pa_to_ptr(vm->ram_pa) };
}

static void ring_guest(struct chan_end *e)
{
	if (e->cfg->virtio) {
		e->isr |= 1;   /* used buffer notification */
		vgic_set_line(e->vm, NULL, e->cfg->intid, true);
	} else {
		vgic_pulse_spi(e->vm, e->cfg->intid);
	}
}

/* A guest broke its end: the end is dead at once; its VM is stopped once
 * the channel lock is released (vm_stop() reaches back into channels). */
static struct {
	struct vm *vm;
	char why[192];
} doomed[2];
static unsigned int ndoomed;

static void kill_end(struct chan_end *e, const char *what, const char *why)
{
	e->dead = true;
	if (ndoomed < 2) {
		doomed[ndoomed].vm = e->vm;
		snformat(doomed[ndoomed].why, sizeof(doomed[0].why), "channel '%s': %s: %s",
			 e->cfg->name, what, why);
		ndoomed++;
	}
}

static void unlock(void)
{
	struct vm *vm[2];
	char why[2][192];
	unsigned int n = ndoomed;

	for (unsigned int i = 0; i < n; i++) {
		vm[i] = doomed[i].vm;
		memcpy(why[i], doomed[i].why, sizeof(why[i]));
	}
	ndoomed = 0;
	spin_unlock(&lock);
	for (unsigned int i = 0; i < n; i++)
		vm_stop(vm[i], "%s", why[i]);
}

/* Takes what the guest of e sent into e's stage; true if it took any. */
static bool take(struct chan_end *e)
{
	uint32_t before = e->staged;

	if (e->cfg->virtio) {
		struct guest_ram ram = ram_of(e->vm);

		for (;;) {
			uint32_t n;
			enum vq_result r = vq_pop_out(&e->vq[VIRTIO_TX], &ram, e->stage + e->staged,
						      STAGE_BYTES - e->staged, &n);

			if (r == VQ_CORRUPT) {
				kill_end(e, "transmit queue", e->vq[VIRTIO_TX].why);
				return false;
			}
			if (r == VQ_EMPTY) {
				if (n > STAGE_BYTES)   /* could never fit: refuse it */
					kill_end(e, "transmit queue", "a buffer chain larger than 4 KiB");
				break;
			}
			/* vq_pop_out never returns more than the room it was given
			 * (one fetch per descriptor); the stage's count relies on it. */
			if (n > STAGE_BYTES - e->staged) {
				kill_end(e, "transmit queue", "more bytes than the room left");
				return false;
			}
			e->staged += n;
		}
	} else {
		int avail = chan_ring_tx_avail(&e->ring);
		uint32_t n;

		if (avail < 0) {
			kill_end(e, "shared ring", "tx.head is more than the ring holds ahead of "
				 "what Tandem consumed");
			return false;
		}
		n = (uint32_t)avail < STAGE_BYTES - e->staged ? (uint32_t)avail : STAGE_BYTES - e->staged;
		chan_ring_tx_get(&e->ring, e->stage + e->staged, n);
		e->staged += n;
	}
	return e->staged != before;
}

/* Gives what src staged to the guest of dst; true if it gave any. */
static bool give(struct chan_end *src, struct chan_end *dst)
{
	uint32_t given = 0;

	if (dst->cfg->virtio) {
		struct guest_ram ram = ram_of(dst->vm);

		while (given < src->staged) {
			uint32_t n;
			enum vq_result r = vq_push_in(&dst->vq[VIRTIO_RX], &ram, src->stage + given,
						      src->staged - given, &n);

			if (r == VQ_CORRUPT) {
				kill_end(dst, "receive queue", dst->vq[VIRTIO_RX].why);
				return false;
			}
			if (r == VQ_EMPTY)
				break;
			given += n;
		}
	} else {
		int room = chan_ring_rx_room(&dst->ring);

		if (room < 0) {
			kill_end(dst, "shared ring", "rx.tail claims more than Tandem produced");
			return false;
		}
		given = (uint32_t)room < src->staged ? (uint32_t)room : src->staged;
		chan_ring_rx_put(&dst->ring, src->stage, given);
	}
	if (given > src->staged)   /* never: each copy is clamped to what is staged */
		given = src->staged;
	memmove(src->stage, src->stage + given, src->staged - given);
	src->staged -= given;
	return given != 0;
}

/* Moves everything that can move, both ways; rings whoever got data or
 * got buffers back. A few rounds at most: a guest on another core may keep
 * adding buffers, and this runs under the channels' lock. Lock held. */
static void pump(struct chan_end *e)
{
	struct chan_end *sides[2] = { e, e->peer };

	for (int i = 0; i < 2; i++) {
		struct chan_end *src = sides[i], *dst = sides[1 - i];
		bool took = false, gave = false, moved = true;

		for (int round = 0; round < 4 && moved && src && !src->dead; round++) {
			moved = take(src);
			took |= moved;
			if (!dst || dst->dead) {
				src->staged = 0;   /* nobody to hear it: dropped */
			} else if (give(src, dst)) {
				gave = moved = true;
			}
		}
		/* What the guest sent was consumed (its buffers are free again). */
		if (took && src && !src->dead)
			ring_guest(src);
		if (gave && dst && !dst->dead)
			ring_guest(dst);
	}
}

/* ------------------------------------------------ the virtio-mmio device */

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
	struct guest_ram ram = ram_of(e->vm);

	spin_lock(&lock);
	if (vq_enable(q, &ram) == VQ_CORRUPT)
		kill_end(e, e->queue_sel == VIRTIO_RX ? "receive queue" : "transmit queue", q->why);
	unlock();
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
	spin_lock(&lock);
	if (!e->dead && (e->status & 4))   /* DRIVER_OK */
		pump(e);
	unlock();
	vgic_flush_if_needed(v);
}

R(isr_read) { struct chan_end *e = dev; UNUSED_ARGS; return e->isr; }

W(isr_ack_write)
{
	struct chan_end *e = dev;

	UNUSED_ARGS;
	spin_lock(&lock);
	e->isr &= ~(uint32_t)val;
	if (!e->isr)
		vgic_set_line(e->vm, NULL, e->cfg->intid, false);
	spin_unlock(&lock);
}

R(status_read) { struct chan_end *e = dev; UNUSED_ARGS; return e->status; }

static void virtio_reset(struct chan_end *e)
{
	e->status = e->isr = 0;
	e->dev_feat_sel = e->drv_feat_sel = e->queue_sel = 0;
	e->drv_features = 0;
	memset(e->vq, 0, sizeof(e->vq));
	e->staged = 0;
	vgic_set_line(e->vm, NULL, e->cfg->intid, false);
}

W(status_write)
{
	struct chan_end *e = dev;

	UNUSED_ARGS;
	spin_lock(&lock);
	if (!val) {
		virtio_reset(e);
	} else {
		e->status = (uint32_t)val;
		if (val & 4)   /* DRIVER_OK: what the peer sent meanwhile can come in */
			pump(e);
	}
	unlock();
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

MMIO_MODEL(virtio_console_model, "virtio-console", virtio_regs, 0x200);

/* ------------------------------------------------------------ lifecycle */

int channel_attach(struct vm *vm)
{
	for (unsigned int i = 0; i < vm->cfg.nchannels; i++) {
		const struct vm_channel *ch = &vm->cfg.channels[i];
		struct chan_end *e;

		if (nends == sizeof(ends) / sizeof(ends[0]) || ch->intid >= vm->vgic.nr_irqs) {
			tlog("vm %s: refused: channel '%s': %s", vm->name, ch->name,
			     nends == sizeof(ends) / sizeof(ends[0]) ? "too many channels"
								     : "its SPI is beyond the GIC's");
			return -1;
		}
		e = &ends[nends];
		memset(e, 0, sizeof(*e));
		e->vm = vm;
		e->cfg = ch;
		if (ch->virtio) {
			if (vm_add_mmio(vm, ch->base, 0x200, &virtio_console_model, e)) {
				tlog("vm %s: refused: channel '%s': too many emulated devices", vm->name,
				     ch->name);
				return -1;
			}
		} else {
			void *page = page_alloc();

			if (!page || stage2_map(&vm->s2, ipa_init(ch->base), ptr_to_pa(page), 0x1000, S2_RAM)) {
				tlog("vm %s: refused: channel '%s': no page for its rings", vm->name, ch->name);
				return -1;
			}
			chan_ring_init(&e->ring, page);
		}
		vm->channels[i] = e;
		nends++;
	}
	return 0;
}

void channel_connect(struct vm *vm, unsigned int ch, struct vm *peer, unsigned int peer_ch)
{
	struct chan_end *a = vm->channels[ch], *b = peer->channels[peer_ch];

	spin_lock(&lock);
	a->peer = b;
	b->peer = a;
	spin_unlock(&lock);
	tlog("channel '%s': VM %s (%s at 0x%llx, SPI %u) <-> VM %s (%s at 0x%llx, SPI %u)",
	     a->cfg->name, vm->name, a->cfg->virtio ? "virtio-console" : "shared rings",
	     (unsigned long long)a->cfg->base, a->cfg->intid, peer->name,
	     b->cfg->virtio ? "virtio-console" : "shared rings", (unsigned long long)b->cfg->base,
	     b->cfg->intid);
}

void channel_vm_stopped(struct vm *vm)
{
	spin_lock(&lock);
	for (unsigned int i = 0; i < vm->cfg.nchannels; i++)
		if (vm->channels[i])
			vm->channels[i]->dead = true;
	spin_unlock(&lock);
}

void channel_vm_reset(struct vm *vm)
{
	spin_lock(&lock);
	for (unsigned int i = 0; i < vm->cfg.nchannels; i++) {
		struct chan_end *e = vm->channels[i];

		if (!e)
			continue;
		e->dead = false;
		e->staged = 0;
		if (e->cfg->virtio)
			virtio_reset(e);
		else
			chan_ring_init(&e->ring, e->ring.page);
	}
	spin_unlock(&lock);
}

void channel_notify_hypercall(struct vcpu *v)
{
	struct vm *vm = v->vm;
	uint64_t i = v->regs.x[1];

	if (i >= vm->cfg.nchannels || !vm->channels[i] || vm->cfg.channels[i].virtio) {
		v->regs.x[0] = (uint64_t)(int64_t)TANDEM_HC_INVALID;
		return;
	}
	spin_lock(&lock);
	if (!vm->channels[i]->dead)
		pump(vm->channels[i]);
	unlock();
	v->regs.x[0] = TANDEM_HC_OK;
	vgic_flush_if_needed(v);
}
