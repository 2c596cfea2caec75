/* VMs removed and created after boot; see vm_runtime.h. A VM's slot in
 * vms[] stays (marked removed) so that pointers other parts kept stay
 * valid; a later VM takes a removed slot only when no other is left. */
#include <string.h>
#include <format.h>
#include "el2/vm_runtime.h"
#include "el2/boot.h"
#include "el2/console.h"
#include "el2/cpu.h"
#include "el2/page_pool.h"
#include "el2/passthrough.h"
#include "el2/sched.h"
#include "el2/vm.h"
#include "el2/arch/barrier.h"
#include "el2/arch/cache.h"
#include "dt/plan.h"
#include "dt/platform.h"
#include "vchan/channel.h"

volatile bool vm_runtime_pending;
volatile unsigned int vm_runtime_core;   /* the core that does it */
static volatile bool busy;            /* a remove or a create under way */
static unsigned int create_index;
static struct vm *volatile retiring;  /* its cores let go of it: give it back */

/* Where a VM is created or given back (libfdt, a copy of its payload, its
 * RAM cleared): a core no vCPU is pinned to costs no VM anything; else
 * the VM's own core `own` (-1: none known), else this one - not the
 * monitor's by default, which may run a real-time VM. */
static unsigned int work_core(int own)
{
	for (unsigned int c = 0; c < ncpus; c++)
		if (pcpus[c].online && !pcpus[c].sched.n)
			return c;
	return own >= 0 && (unsigned int)own < ncpus && pcpus[own].online ? (unsigned int)own
									   : this_cpu()->id;
}

/* The work goes to vm_runtime_core's idle loop. */
static void post(void)
{
	mb_shared();
	vm_runtime_pending = true;
	sched_ask(vm_runtime_core);
}

static const char *begin(void)
{
	if (__atomic_exchange_n(&busy, true, __ATOMIC_ACQ_REL))
		return "another VM is being removed or created; try again in a moment";
	return NULL;
}

static void end(void)
{
	__atomic_store_n(&busy, false, __ATOMIC_RELEASE);
}

const char *vm_runtime_remove(struct vm *vm)
{
	const char *why = begin();

	if (why)
		return why;
	/* Before `removing`: a core that drops its vCPU early posts there. */
	vm_runtime_core = work_core((int)vm->vcpus[0].pcpu);
	spin_lock(&vm->lock);
	/* A vCPU still in the guest leaves it at the end of this exit (the
	 * stop asked it to): its core drops it in the idle loop after that. */
	if (vm->state != VM_STOPPED || vm->start_requested)
		why = "it is not stopped (stop NAME first)";
	if (!why) {
		vm->to_drop = vm->nvcpus;
		vm->removing = true;
	}
	spin_unlock(&vm->lock);
	if (why) {
		end();
		return why;
	}
	tlog("vm %s: removing it (the operator asked)", vm->name);
	for (unsigned int i = 0; i < vm->nvcpus; i++)
		sched_ask_drop(&vm->vcpus[i]);
	return NULL;
}

/* Memory another VM may be given next holds nothing of this one. */
static void scrub(struct vm *vm)
{
	memory_zero_range(pa_to_ptr(vm->ram_pa), vm->cfg.mem_size);
	if (vm->cfg.has_flash)
		memory_zero_range(pa_to_ptr(pa_init(boot_plan()->vms[vm->plan_index].flash_pa)),
				  vm->cfg.flash_size + (vm->cfg.has_flash_vars ? vm->cfg.vars_size : 0));
}

/* Every core let go of its vCPUs: nothing of it runs or is loaded. */
static void retire(struct vm *vm)
{
	char cores[48], why[PLAN_MSG_MAX];
	int n = 0;

	for (unsigned int i = 0; i < vm->nvcpus; i++)
		n += snformat(cores + n, sizeof(cores) - (size_t)n, "%s%u", i ? "," : "",
			      vm->vcpus[i].pcpu);
	passthrough_release(vm);
	stage2_destroy(&vm->s2);   /* no stale translation to what follows */
	channel_vm_removed(vm);
	scrub(vm);
	snformat(why, sizeof(why), "removed by the operator (monitor); start %s places it again",
		 vm->name);
	plan_release_vm(boot_plan_writable(), vm->plan_index, why);
	tlog("vm %s: removed: core(s) %s, %llu MiB of RAM (cleared), %u device(s), %u device "
	     "interrupt(s) given back; page pool: %llu KiB left", vm->name, cores,
	     (unsigned long long)(vm->cfg.mem_size >> 20), vm->cfg.ndevices, vm->npt_spis,
	     (unsigned long long)page_pool_free_pages() * 4);
	mb_shared();
	vm->removed = true;
	end();
}

void vm_runtime_dropped(struct vm *vm)
{
	if (__atomic_sub_fetch(&vm->to_drop, 1, __ATOMIC_ACQ_REL) == 0) {
		retiring = vm;
		post();
	}
}

const char *vm_runtime_create(unsigned int index)
{
	const char *why = begin();
	const struct vm_plan *v = &boot_plan()->vms[index];

	if (why)
		return why;
	create_index = index;
	/* Its core as its last placement named it (none if it did not parse). */
	vm_runtime_core = work_core(v->cfg.vcpus ? platform_cpu_index(boot_platform(),
								       v->cfg.affinity[0]) : -1);
	post();
	return NULL;
}

static void create(unsigned int index)
{
	struct system_plan *plan = boot_plan_writable();
	struct vm_plan *v = &plan->vms[index];
	char name[sizeof(v->cfg.name)];
	struct vm *vm;

	snformat(name, sizeof(name), "%s", v->cfg.name);
	tlog("vm %s: placing it again from its overlay (%s)", name, v->cfg.source);
	if (plan_retry_vm(plan, index)) {
		tlog("monitor: start %s: refused: %s", name, v->error);
		return;
	}
	vm = vm_create(v, boot_platform_fdt(), boot_platform(), v->overlay, v->overlay_size);
	if (!vm) {
		char why[PLAN_MSG_MAX];

		snformat(why, sizeof(why), "%s: %s: refused while creating it (see above)",
			 v->cfg.source, v->cfg.node);
		plan_release_vm(plan, index, why);
		tlog("monitor: start %s: refused while creating it (see above)", name);
		return;
	}
	vm->plan_index = index;
	if (v->warning[0])
		tlog("WARNING: %s", v->warning);
	for (unsigned int c = 0; c < vm->cfg.nchannels; c++)
		tlog("vm %s: channel '%s' left unconnected: Tandem joins channels at boot only",
		     vm->name, vm->cfg.channels[c].name);
	for (unsigned int i = 0; i < vm->nvcpus; i++)
		sched_ask_adopt(&vm->vcpus[i]);
	vm_start(vm);
}

void vm_runtime_work_now(void)
{
	struct vm *vm = retiring;

	vm_runtime_pending = false;
	mb_shared();
	if (vm) {
		retiring = NULL;
		retire(vm);   /* ends the operation */
		return;
	}
	create(create_index);
	end();
}
