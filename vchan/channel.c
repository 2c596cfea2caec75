/* Inter-VM channels: their life cycle (attach at VM creation, connect,
 * stop, reset), the channels' lock and the doorbell hypercall; see
 * channel.h. The bytes move in pump.c, the virtio-mmio device is
 * virtio_mmio.c. */
#include <string.h>
#include <format.h>
#include "vchan/channel.h"
#include "el2/console.h"
#include "el2/hypercall.h"
#include "el2/page_pool.h"
#include "el2/vm.h"
#include "vchan/channel_internal.h"
#include "vchan/pump.h"
#include "vchan/virtio_mmio.h"
#include "vgic/vgic.h"

static struct chan_end ends[MAX_VMS * VM_MAX_CHANNELS];
static unsigned int nends;
/* One lock for every channel: they are slow paths, and a transfer touches
 * both ends, which may belong to VMs on different cores. */
static spinlock_t lock = SPINLOCK_INIT;

void channels_lock(void)
{
	spin_lock(&lock);
}

struct guest_ram channel_guest_ram(const struct chan_end *e)
{
	const struct vm *vm = e->vm;

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

void channel_kill_end(struct chan_end *e, const char *what, const char *why)
{
	e->dead = true;
	if (ndoomed < 2) {
		doomed[ndoomed].vm = e->vm;
		snformat(doomed[ndoomed].why, sizeof(doomed[0].why), "channel '%s': %s: %s",
			 e->cfg->name, what, why);
		ndoomed++;
	}
}

void channels_unlock(void)
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

static const struct chan_pump_ops pump_ops = {
	.ram = channel_guest_ram,
	.ring_guest = ring_guest,
	.broken = channel_kill_end,
};

void channel_pump(struct chan_end *e)
{
	chan_pump(e, &pump_ops);
}

/* ------------------------------------------------------------ life cycle */

/* An end no VM has (a removed VM's, or never used), or NULL. */
static struct chan_end *free_end(void)
{
	for (unsigned int i = 0; i < nends; i++)
		if (!ends[i].vm)
			return &ends[i];
	return nends < sizeof(ends) / sizeof(ends[0]) ? &ends[nends] : NULL;
}

int channel_attach(struct vm *vm)
{
	for (unsigned int i = 0; i < vm->cfg.nchannels; i++) {
		const struct vm_channel *ch = &vm->cfg.channels[i];
		struct chan_end *e = free_end();

		if (!e || ch->intid >= vm->vgic.nr_irqs) {
			tlog("vm %s: refused: channel '%s': %s", vm->name, ch->name,
			     !e ? "too many channels" : "its SPI is beyond the GIC's");
			return -1;
		}
		memset(e, 0, sizeof(*e));
		e->vm = vm;
		e->cfg = ch;
		e->virtio = ch->virtio;
		if (ch->virtio) {
			if (vm_add_mmio(vm, ch->base, VIRTIO_MMIO_BYTES, &virtio_console_model, e)) {
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
		if (e == &ends[nends])
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

void channel_vm_removed(struct vm *vm)
{
	spin_lock(&lock);
	for (unsigned int i = 0; i < vm->cfg.nchannels; i++) {
		struct chan_end *e = vm->channels[i];

		if (!e)
			continue;
		if (e->peer) {
			tlog("channel '%s': VM %s's end removed; VM %s's end is unconnected now",
			     e->cfg->name, vm->name, e->peer->vm->name);
			e->peer->peer = NULL;
		}
		if (!e->virtio)
			page_free(e->ring.page);
		memset(e, 0, sizeof(*e));
		vm->channels[i] = NULL;
	}
	spin_unlock(&lock);
}

void channel_vm_reset(struct vm *vm)
{
	spin_lock(&lock);
	for (unsigned int i = 0; i < vm->cfg.nchannels; i++) {
		struct chan_end *e = vm->channels[i];

		if (!e)
			continue;
		chan_end_restart(e);
		if (e->virtio)   /* its device reset: the interrupt line low */
			vgic_set_line(e->vm, NULL, e->cfg->intid, false);
	}
	spin_unlock(&lock);
}

void channel_notify_hypercall(struct vcpu *v)
{
	struct vm *vm = v->vm;
	uint64_t i = vcpu_reg(v, 1);

	if (i >= vm->cfg.nchannels || !vm->channels[i] || vm->cfg.channels[i].virtio) {
		vcpu_set_reg(v, 0, (uint64_t)(int64_t)TANDEM_HC_INVALID);
		return;
	}
	spin_lock(&lock);
	if (!vm->channels[i]->dead)
		channel_pump(vm->channels[i]);
	channels_unlock();
	vcpu_set_reg(v, 0, TANDEM_HC_OK);
	vgic_flush_if_needed(v);
}
