/* The core's host-test machine; see core_fixture.h. */
#include <check.h>
#include <string.h>
#include "tests/unit/core_fixture.h"
#include "el2/gic.h"
#include "el2/hyp_timer.h"
#include "el2/mmio.h"
#include "el2/page_pool.h"
#include "el2/sched.h"
#include "vgic/dist.h"
#include "vgic/vgic.h"
#include "vtimer/vtimer.h"
#include "el2/boot.h"
#include "el2/console.h"
#include "dt/plan.h"
#include "tests/unit/fake_arch/fake_devices.h"

/* The physical GIC's registers are fake devices (fake_devices.h); each
 * core has its own GICH bank, swapped in by fix_on_core(), like the fake
 * arch's list registers. */
#define gicd_mem fake_gicd
#define gicc_mem fake_gicc
#define gich_mem fake_gich
static uint32_t gich_bank[TANDEM_MAX_CPUS][0x200 / 4];
static uint64_t lr_bank[TANDEM_MAX_CPUS][FAKE_LRS];
static unsigned int cur_core;
static unsigned int version;

static struct platform hw_plat;   /* what Tandem's GIC driver sees: host memory */
struct platform fix_guest_plat;

/* el2/main.c's, which the tests cannot link (it is the entry point). */
const struct platform *boot_platform(void)
{
	return &hw_plat;
}

const void *boot_platform_fdt(void)
{
	return NULL;
}

static struct system_plan no_plan;

const struct system_plan *boot_plan(void)
{
	return &no_plan;
}

struct system_plan *boot_plan_writable(void)
{
	return &no_plan;
}

void fix_machine(unsigned int gic_version, unsigned int nlr, unsigned int ncpu)
{
	fake_arch_reset();
	fake_arch.nlr = nlr;
	version = gic_version;
	fake_devices_reset(FIX_LINES, nlr);
	console_init((uintptr_t)fake_uart);
	memset(gich_bank, 0, sizeof(gich_bank));
	memset(lr_bank, 0, sizeof(lr_bank));
	for (unsigned int c = 0; c < TANDEM_MAX_CPUS; c++)
		gich_bank[c][1] = nlr - 1;

	memset(&hw_plat, 0, sizeof(hw_plat));
	hw_plat.ncpus = ncpu;
	hw_plat.gic_version = gic_version;
	hw_plat.gicd = (struct plat_range){ (uintptr_t)gicd_mem, sizeof(gicd_mem) };
	hw_plat.gicc = (struct plat_range){ (uintptr_t)gicc_mem, sizeof(gicc_mem) };
	hw_plat.gich = (struct plat_range){ (uintptr_t)gich_mem, sizeof(gich_mem) };
	hw_plat.gic_maint_irq = FIX_MAINT;
	hw_plat.timer_irq[1] = 30;
	hw_plat.timer_irq[2] = FIX_VTIMER;
	hw_plat.timer_irq[3] = FIX_HTIMER;
	fix_guest_plat = hw_plat;
	fix_guest_plat.gicd = (struct plat_range){ FIX_GICD, 0x10000 };
	fix_guest_plat.gicr = (struct plat_range){ FIX_GICR, 0x20000 * 8 };
	fix_guest_plat.gicc = (struct plat_range){ FIX_GICC, 0x2000 };
	fix_guest_plat.gicv = (struct plat_range){ 0x08040000, 0x2000 };

	ck_assert_int_eq(gic_init(&hw_plat), 0);
	ck_assert_int_eq(vgic_hw_init(&hw_plat), 0);
	ncpus = ncpu;
	for (unsigned int c = 0; c < ncpu; c++) {
		memset(&pcpus[c], 0, sizeof(pcpus[c]));
		pcpus[c].id = c;
		pcpus[c].mpidr = c;
		pcpus[c].online = true;
		pcpus[c].gicv2_target = 1u << c;
		pcpus[c].sched.last = -1;
		cur_core = c;
		arch_cpu_set_self(&pcpus[c]);
		vgic_cpu_hw_init();
		vtimer_cpu_init(&hw_plat);
		hyp_timer_cpu_init(FIX_HTIMER);
		memcpy(lr_bank[c], fake_arch.lr, sizeof(fake_arch.lr));
		memcpy(gich_bank[c], gich_mem, sizeof(gich_mem));
	}
	cur_core = 0;
	arch_cpu_set_self(&pcpus[0]);
	memset(vms, 0, sizeof(vms));
	nvms = 0;
}

struct vm *fix_vm(unsigned int nvcpus, const unsigned int *pcpu_of, unsigned int prio)
{
	struct vm *vm = &vms[nvms];

	memset(vm, 0, sizeof(*vm));
	vm->id = nvms++;
	vm->name = "test";
	vm->state = VM_RUNNING;
	vm->cfg.priority = prio;
	vm->nvcpus = nvcpus;
	ck_assert_int_eq(stage2_init(&vm->s2, (uint16_t)(vm->id + 1), &page_pool_lpae), 0);
	for (unsigned int i = 0; i < nvcpus; i++) {
		struct vcpu *v = &vm->vcpus[i];

		v->vm = vm;
		v->id = i;
		v->pcpu = pcpu_of ? pcpu_of[i] : i;
	}
	ck_assert_int_eq(vgic_vm_init(vm, &fix_guest_plat), 0);
	for (unsigned int i = 0; i < nvcpus; i++) {
		sched_add_vcpu(&vm->vcpus[i]);
		vm->vcpus[i].on = true;
	}
	return vm;
}

void fix_on_core(unsigned int cpu)
{
	if (cpu == cur_core)
		return;
	memcpy(lr_bank[cur_core], fake_arch.lr, sizeof(fake_arch.lr));
	memcpy(gich_bank[cur_core], gich_mem, sizeof(gich_mem));
	memcpy(fake_arch.lr, lr_bank[cpu], sizeof(fake_arch.lr));
	memcpy(gich_mem, gich_bank[cpu], sizeof(gich_mem));
	cur_core = cpu;
	arch_cpu_set_self(&pcpus[cpu]);
}

void fix_run(struct vcpu *v)
{
	fix_on_core(v->pcpu);
	if (pcpus[v->pcpu].loaded != v) {
		pcpus[v->pcpu].loaded = v;
		v->in_guest = true;
		vgic_load(v);
	}
	v->in_guest = true;
}

static void access(struct vcpu *v, uint64_t addr, unsigned int size, bool write, uint64_t *val)
{
	struct mmio_access acc = { .addr = addr, .size = size, .write = write,
				   .value = write ? *val : 0 };
	enum mmio_result r = mmio_dispatch(v->vm->mmio, v->vm->nmmio, v, &acc);

	ck_assert_msg(r == MMIO_OK, "access at 0x%llx: result %d", (unsigned long long)addr, r);
	*val = acc.value;
}

void fix_dist_write(struct vcpu *v, uint64_t off, unsigned int size, uint64_t val)
{
	access(v, FIX_GICD + off, size, true, &val);
}

uint64_t fix_dist_read(struct vcpu *v, uint64_t off, unsigned int size)
{
	uint64_t val = 0;

	access(v, FIX_GICD + off, size, false, &val);
	return val;
}

void fix_redist_write(struct vcpu *v, uint64_t off, unsigned int size, uint64_t val)
{
	access(v, FIX_GICR + v->id * VGIC_REDIST_STRIDE + off, size, true, &val);
}

static uint64_t raw(unsigned int i)
{
	return version == 3 ? fake_arch.lr[i] : gich_mem[0x100 / 4 + i];
}

static void set_raw(unsigned int i, uint64_t r)
{
	if (version == 3)
		fake_arch.lr[i] = r;
	else
		gich_mem[0x100 / 4 + i] = (uint32_t)r;
}

struct lr fix_lr(unsigned int i)
{
	return version == 3 ? lr_decode_v3(raw(i)) : lr_decode_v2((uint32_t)raw(i));
}

void fix_set_lr_state(unsigned int i, unsigned int state)
{
	if (version == 3)
		set_raw(i, (raw(i) & ~(3ull << 62)) | ((uint64_t)state << 62));
	else
		set_raw(i, (raw(i) & ~(3ull << 28)) | ((uint64_t)state << 28));
}

unsigned int fix_pending_lrs(uint64_t mask[2])
{
	unsigned int n = 0;

	mask[0] = mask[1] = 0;
	for (unsigned int i = 0; i < fake_arch.nlr; i++) {
		struct lr lr = fix_lr(i);

		if (lr.state & LR_PENDING) {
			n++;
			if (lr.vintid < 128)
				mask[lr.vintid / 64] |= 1ull << (lr.vintid % 64);
		}
	}
	return n;
}

int fix_guest_take_one(void)
{
	int best = -1;

	/* The CPU interface presents the highest-priority pending LR. */
	for (unsigned int i = 0; i < fake_arch.nlr; i++) {
		struct lr lr = fix_lr(i);

		if (lr.state == LR_PENDING &&
		    (best < 0 || lr.priority < fix_lr((unsigned int)best).priority))
			best = (int)i;
	}
	if (best < 0)
		return -1;
	int intid = (int)fix_lr((unsigned int)best).vintid;

	fix_set_lr_state((unsigned int)best, LR_ACTIVE);    /* acknowledge */
	fix_set_lr_state((unsigned int)best, LR_INVALID);   /* EOI + deactivate */
	return intid;
}

bool fix_underflow_raised(void)
{
	unsigned int valid = 0;
	bool uie = version == 3 ? fake_arch.underflow_irq : (gich_mem[0] >> 1) & 1;

	for (unsigned int i = 0; i < fake_arch.nlr; i++)
		valid += fix_lr(i).state != LR_INVALID;
	return uie && valid <= 1;
}
