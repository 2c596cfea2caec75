/* Guest PSCI; see psci.h. */
#include "firmware/psci.h"
#include "firmware/psci_args.h"
#include "firmware/smccc.h"
#include "el2/cpu.h"
#include "el2/vcpu.h"
#include "el2/sched.h"
#include "el2/vm.h"
#include "vtimer/vtimer.h"

static void ret(struct vcpu *v, int64_t value)
{
	vcpu_set_reg(v, 0, (uint64_t)value);
}

/* The vCPU a PSCI target_cpu names (psci_args.h). */
static struct vcpu *target_vcpu(struct vm *vm, uint64_t mpidr)
{
	int i = psci_target_index(mpidr, vm->nvcpus);

	return i < 0 ? NULL : &vm->vcpus[i];
}

static bool is_64(uint32_t fid)
{
	return fid & SMCCC_64;
}

static uint64_t arg(const struct vcpu *v, uint32_t fid, unsigned int n)
{
	/* SMC32 calls take their arguments in W registers. */
	return is_64(fid) ? vcpu_reg(v, n) : (uint32_t)vcpu_reg(v, n);
}

static int64_t cpu_on(struct vcpu *v, uint32_t fid)
{
	struct vm *vm = v->vm;
	struct vcpu *t = target_vcpu(vm, arg(v, fid, 1));
	uint64_t entry = arg(v, fid, 2);

	if (!t)
		return PSCI_INVALID_PARAMETERS;
	if (!psci_entry_ok(vm->cfg.mem_base, vm->cfg.mem_size, entry))
		return PSCI_INVALID_ADDRESS;
	spin_lock(&vm->lock);
	if (t->on || t->in_guest) {
		spin_unlock(&vm->lock);
		return PSCI_ALREADY_ON;
	}
	vcpu_reset(t, entry, arg(v, fid, 3));
	vgic_cpu_interface_reset(t);
	mb_shared();
	t->on = true;
	spin_unlock(&vm->lock);
	sync_shared();
	cpu_kick(t->pcpu);
	return PSCI_SUCCESS;
}

static int64_t affinity_info(struct vcpu *v, uint32_t fid)
{
	struct vcpu *t = target_vcpu(v->vm, arg(v, fid, 1));

	if (!t || arg(v, fid, 2) != 0)
		return PSCI_INVALID_PARAMETERS;
	return t->on ? 0 : 1;   /* ON, OFF */
}

static bool supported(uint32_t fid)
{
	switch (fid) {
	case PSCI_VERSION: case PSCI_CPU_SUSPEND: case PSCI_CPU_SUSPEND_64:
	case PSCI_CPU_OFF: case PSCI_CPU_ON: case PSCI_CPU_ON_64:
	case PSCI_AFFINITY_INFO: case PSCI_AFFINITY_INFO_64:
	case PSCI_MIGRATE_INFO_TYPE: case PSCI_SYSTEM_OFF: case PSCI_SYSTEM_RESET:
	case PSCI_FEATURES: case SMCCC_VERSION:
		return true;
	default:
		return false;
	}
}

/* Standby returns like WFI. Power-down does not return: the vCPU, once
 * woken, starts at entry_point_address with context_id in x0, at EL1h with
 * every exception masked, MMU and caches off, as from CPU_ON; its other
 * registers are UNKNOWN (left as they were), its GIC CPU interface and
 * virtual timer stay powered, so the interrupt that woke it is still
 * pending for it. The state is set up first, then it waits: on a shared
 * core the wait ends after this exit. */
static void cpu_suspend(struct vcpu *v, uint32_t fid)
{
	struct vm *vm = v->vm;
	uint64_t entry = arg(v, fid, 2);

	switch (psci_suspend_state(vcpu_reg(v, 1))) {
	case PSCI_SUSPEND_STANDBY:
		sched_wait(v);
		if (!v->el1_reset_pending)   /* not restarted meanwhile (by its watchdog) */
			ret(v, PSCI_SUCCESS);
		return;
	case PSCI_SUSPEND_POWER_DOWN:
		if (!psci_entry_ok(vm->cfg.mem_base, vm->cfg.mem_size, entry)) {
			ret(v, PSCI_INVALID_ADDRESS);
			return;
		}
		vcpu_set_reg(v, 0, arg(v, fid, 3));
		vcpu_set_pc(v, entry);
		arch_vcpu_power_down(v);
		sched_wait(v);
		return;
	default:
		ret(v, PSCI_INVALID_PARAMETERS);
		return;
	}
}

static int64_t features(struct vcpu *v, uint32_t fid)
{
	if ((fid & SMCCC_64) && vcpu_aarch32(v))
		return PSCI_NOT_SUPPORTED;   /* not callable from AArch32 */
	if (fid == PSCI_CPU_SUSPEND || fid == PSCI_CPU_SUSPEND_64)
		return PSCI_SUSPEND_FEATURES;
	return supported(fid) ? PSCI_SUCCESS : PSCI_NOT_SUPPORTED;
}

/* Kept out of line: the SMCCC dispatcher stays a small leaf for Tandem's
 * own hypercalls, the hot path. */
__attribute__((noinline)) void psci_handle(struct vcpu *v, uint32_t fid)
{
	switch (fid) {
	case PSCI_VERSION:
		ret(v, PSCI_VERSION_1_1);
		return;
	case PSCI_FEATURES:
		ret(v, features(v, (uint32_t)vcpu_reg(v, 1)));
		return;
	case PSCI_CPU_ON:
	case PSCI_CPU_ON_64:
		ret(v, cpu_on(v, fid));
		return;
	case PSCI_CPU_OFF:
		v->on = false;   /* the exit path sees it and parks the vCPU */
		vcpu_request_attention(v);
		return;
	case PSCI_CPU_SUSPEND:
	case PSCI_CPU_SUSPEND_64:
		cpu_suspend(v, fid);
		return;
	case PSCI_AFFINITY_INFO:
	case PSCI_AFFINITY_INFO_64:
		ret(v, affinity_info(v, fid));
		return;
	case PSCI_MIGRATE_INFO_TYPE:
		ret(v, 2);   /* no Trusted OS that needs migrating */
		return;
	case PSCI_SYSTEM_OFF:
		vm_stop(v->vm, "powered off (PSCI SYSTEM_OFF)");
		return;
	case PSCI_SYSTEM_RESET:
		vm_guest_reset(v->vm, v);
		return;
	default:
		ret(v, PSCI_NOT_SUPPORTED);
		return;
	}
}
