/* The rules for a VM's channels (where their pages sit, which SPIs ring
 * them), and the linking of channel ends between accepted VMs once every
 * overlay is in; see plan_rules.h and plan.h. */
#include <string.h>
#include <format.h>
#include "dt/plan_rules.h"

/* Channel pages sit in the VM's guest-physical space beside its RAM, its
 * devices and what Tandem emulates; doorbells are SPIs nothing else uses. */
int check_channels(const struct system_plan *plan, struct vm_plan *v)
{
	const struct platform *p = plan->plat;
	const struct vm_config *c = &v->cfg;

	for (unsigned int i = 0; i < c->nchannels; i++) {
		const struct vm_channel *ch = &c->channels[i];

		v->peer_vm[i] = v->peer_channel[i] = -1;
		if (!(c->direct_map && !c->mem_base_set) && overlaps(ch->base, ch->size, c->mem_base, c->mem_size))
			return plan_refuse(v, "channel '%s' at 0x%llx is inside the VM's RAM; put it elsewhere",
					   ch->name, (unsigned long long)ch->base);
		uint64_t at;
		const char *dev = tandem_device_at(p, ch->base, ch->size, &at);

		if (dev)
			return plan_refuse(v, "channel '%s' at 0x%llx overlaps the %s at 0x%llx", ch->name,
					   (unsigned long long)ch->base, strncmp(dev, "GIC", 3) ? dev : "GIC",
					   (unsigned long long)at);
		for (unsigned int d = 0; d < c->ndevices; d++)
			for (unsigned int r = 0; r < v->devices[d].nregs; r++)
				if (overlaps(ch->base, ch->size, v->devices[d].pages[r].base,
					     v->devices[d].pages[r].size))
					return plan_refuse(v, "channel '%s' at 0x%llx overlaps %s, passed through "
							   "to the VM", ch->name, (unsigned long long)ch->base,
							   v->devices[d].path);
		for (unsigned int d = 0; d < c->ndevices; d++)
			for (unsigned int q = 0; q < v->devices[d].nirqs; q++)
				if (v->devices[d].intids[q] == ch->intid)
					return plan_refuse(v, "channel '%s' rings interrupt %u, which %s raises; "
							   "give the channel a free SPI", ch->name, ch->intid,
							   v->devices[d].path);
		for (unsigned int x = 0; x < c->nextra_irqs; x++)
			if (c->extra_irqs[x] == ch->intid)
				return plan_refuse(v, "channel '%s' rings interrupt %u, one of the VM's "
						   "'extra-interrupts'; give the channel a free SPI", ch->name,
						   ch->intid);
		if (c->vpl011 && ch->intid == p->uart_irq)
			return plan_refuse(v, "channel '%s' rings interrupt %u, the console's; give the "
					   "channel a free SPI", ch->name, ch->intid);
		for (unsigned int j = 0; j < i; j++) {
			if (overlaps(ch->base, ch->size, c->channels[j].base, c->channels[j].size))
				return plan_refuse(v, "channels '%s' and '%s' share the page 0x%llx",
						   c->channels[j].name, ch->name, (unsigned long long)ch->base);
			if (ch->intid == c->channels[j].intid)
				return plan_refuse(v, "channels '%s' and '%s' ring the same interrupt %u",
						   c->channels[j].name, ch->name, ch->intid);
		}
	}
	return 0;
}

unsigned int plan_link_channels(struct system_plan *plan)
{
	plan->nnotes = 0;
	for (unsigned int a = 0; a < plan->nvms; a++) {
		struct vm_plan *v = &plan->vms[a];

		for (unsigned int i = 0; v->accepted && i < v->cfg.nchannels; i++) {
			const struct vm_channel *ch = &v->cfg.channels[i];
			const char *why = "no VM of that name was accepted";

			v->peer_vm[i] = v->peer_channel[i] = -1;
			for (unsigned int b = 0; b < plan->nvms; b++) {
				const struct vm_plan *w = &plan->vms[b];

				if (!w->accepted || strcmp(w->cfg.name, ch->peer))
					continue;
				why = "it declares no channel of that name";
				for (unsigned int j = 0; j < w->cfg.nchannels; j++) {
					if (strcmp(w->cfg.channels[j].name, ch->name))
						continue;
					if (strcmp(w->cfg.channels[j].peer, v->cfg.name)) {
						why = "its channel of that name names another peer";
						continue;
					}
					v->peer_vm[i] = (int)b;
					v->peer_channel[i] = (int)j;
				}
			}
			if (v->peer_vm[i] < 0)
				snformat(plan->notes[plan->nnotes++], PLAN_MSG_MAX,
					 "%s: %s: channel '%s' stays unconnected: its peer VM '%s': %s; "
					 "declare it in both overlays", v->cfg.source, v->cfg.node, ch->name,
					 ch->peer, why);
		}
	}
	return plan->nnotes;
}
