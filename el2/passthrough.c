/* Device pass-through at EL2; see passthrough.h. */
#include <format.h>
#include "el2/passthrough.h"
#include "el2/console.h"
#include "el2/cpu.h"
#include "el2/gic.h"
#include "el2/irq.h"
#include "el2/vm.h"
#include "vgic/vgic.h"

/* A physical SPI of a VM's device: hardware-linked into the VM, left active
 * until the guest deactivates it. A stopped VM's is just ended. */
static bool forward_spi(uint32_t intid, void *arg)
{
	struct vm *vm = arg;

	if (vm->state == VM_STOPPED)
		return false;
	for (unsigned int i = 0; i < vm->npt_spis; i++)
		if (vm->pt_spis[i] == intid)
			vm->pt_forwarded[i]++;
	vgic_forward_spi(vm, intid);
	return true;
}

static unsigned int core_for(struct vm *vm, const struct vgic_irq *irq)
{
	struct vcpu *t = irq->target < vm->nvcpus ? &vm->vcpus[irq->target] : &vm->vcpus[0];

	return t->pcpu;
}

int passthrough_attach(struct vm *vm, const struct vm_plan *plan)
{
	for (unsigned int d = 0; d < vm->cfg.ndevices; d++) {
		const struct pt_device *dev = &plan->devices[d];
		char irqs[48] = "";
		int n = 0;

		for (unsigned int r = 0; r < dev->nregs; r++) {
			paddr_t already;
			enum lpae_err e;

			/* Devices of one page (virtio-mmio slots) share its mapping. */
			if (stage2_translate(&vm->s2, ipa_init(dev->pages[r].base), &already) &&
			    dev->pages[r].size == 0x1000)
				continue;
			e = stage2_map(&vm->s2, ipa_init(dev->pages[r].base),
						     pa_init(dev->pages[r].base), dev->pages[r].size,
						     S2_DEVICE);

			if (e) {
				tlog("vm %s: refused: mapping %s failed: %s", vm->name, dev->path,
				     lpae_strerror(e));
				return -1;
			}
		}
		for (unsigned int i = 0; i < dev->nirqs; i++) {
			uint32_t intid = dev->intids[i];

			if (intid >= vm->vgic.nr_irqs || intid >= IRQ_MAX) {
				tlog("vm %s: refused: %s raises interrupt %u, beyond the %u the GIC "
				     "has", vm->name, dev->path, intid, vm->vgic.nr_irqs);
				return -1;
			}
			vm->pt_spis[vm->npt_spis++] = (uint16_t)intid;
			n += snformat(irqs + n, sizeof(irqs) - (size_t)n, " %u", intid);
		}
		tlog("vm %s: passed through %s (0x%llx, %llu bytes%s%s)", vm->name, dev->path,
		     (unsigned long long)dev->regs[0].base, (unsigned long long)dev->regs[0].size,
		     dev->nirqs ? ", interrupts" : "", irqs);
	}
	if (vm->cfg.nextra_irqs) {
		char irqs[64] = "";
		int n = 0;

		for (unsigned int i = 0; i < vm->cfg.nextra_irqs; i++) {
			if (vm->cfg.extra_irqs[i] >= vm->vgic.nr_irqs) {
				tlog("vm %s: refused: extra interrupt %u is beyond the %u the GIC has",
				     vm->name, vm->cfg.extra_irqs[i], vm->vgic.nr_irqs);
				return -1;
			}
			vm->pt_spis[vm->npt_spis++] = (uint16_t)vm->cfg.extra_irqs[i];
			n += snformat(irqs + n, sizeof(irqs) - (size_t)n, " %u", vm->cfg.extra_irqs[i]);
		}
		tlog("vm %s: extra interrupts%s routed to it", vm->name, irqs);
	}
	/* Claimed only once everything mapped: a refused VM leaves no handler. */
	for (unsigned int i = 0; i < vm->npt_spis; i++)
		irq_register(vm->pt_spis[i], forward_spi, vm);
	passthrough_resume(vm);
	return 0;
}

void passthrough_resume(struct vm *vm)
{
	for (unsigned int i = 0; i < vm->npt_spis; i++) {
		uint32_t intid = vm->pt_spis[i];

		gic->enable(intid, &pcpus[core_for(vm, vgic_irq(vm, NULL, intid))]);
	}
}

void passthrough_detach(struct vm *vm)
{
	char buf[160];
	int n = 0;

	for (unsigned int i = 0; i < vm->npt_spis; i++) {
		gic->disable(vm->pt_spis[i]);
		gic->clear_active(vm->pt_spis[i]);
		n += snformat(buf + n, sizeof(buf) - (size_t)n, " %u=%u", vm->pt_spis[i],
			      vm->pt_forwarded[i]);
		if (n >= (int)sizeof(buf))
			break;
	}
	if (vm->npt_spis)
		tlog("vm %s: device interrupts forwarded:%s", vm->name, buf);
}

void passthrough_release(struct vm *vm)
{
	for (unsigned int i = 0; i < vm->npt_spis; i++) {
		gic->disable(vm->pt_spis[i]);
		irq_register(vm->pt_spis[i], NULL, NULL);
	}
}

void passthrough_reset(struct vm *vm)
{
	/* The vGIC state that said "active in the guest" is gone. */
	for (unsigned int i = 0; i < vm->npt_spis; i++)
		gic->clear_active(vm->pt_spis[i]);
}

void passthrough_follow_target(struct vm *vm, const struct vgic_irq *irq)
{
	for (unsigned int i = 0; i < vm->npt_spis; i++)
		if (vm->pt_spis[i] == irq->intid && vm->state != VM_STOPPED)
			gic->enable(irq->intid, &pcpus[core_for(vm, irq)]);
}
