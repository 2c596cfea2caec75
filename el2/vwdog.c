/* A VM's emulated SBSA generic watchdog; see vwdog.h. The registers are
 * el2/gwdt.c's; this file gives them the VM's time, its interrupt, the EL2
 * timer and the on-crash policy.
 *
 * The deadline is armed in the EL2 timer slot (HT_WDOG) of the vCPU that
 * last changed it: by a write, on the writer's core, or by an expiry, on
 * the core that saw it. A slot armed earlier on another core may still
 * fire: it finds the registers not due (or disabled) and does nothing, so
 * no core ever touches another core's slots. */
#include <format.h>
#include "el2/vwdog.h"
#include "el2/cpu.h"
#include "el2/hyp_timer.h"
#include "el2/sched.h"
#include "el2/vcpu.h"
#include "el2/vm.h"
#include "el2/arch/cpu.h"
#include "el2/arch/timer.h"
#include "vgic/vgic.h"

void vwdog_init(struct vwdog *w, struct vm *vm, uint32_t intid)
{
	w->vm = vm;
	w->intid = intid;
	w->expiries = 0;
	vwdog_reset(w);
}

void vwdog_reset(struct vwdog *w)
{
	if (!w->vm)
		return;
	spin_lock(&w->lock);
	gwdt_reset(&w->regs);
	w->ws1_pending = false;
	w->line_high = false;   /* the VM's interrupt state is reset with it */
	spin_unlock(&w->lock);
}

/* The VM's count now: what its virtual counter reads. */
static uint64_t vm_now(const struct vm *vm)
{
	uint64_t now = arch_counter_now();

	return now > vm->cntvoff ? now - vm->cntvoff : 0;
}

/* After any change, lock held: the interrupt follows WS0; what the EL2
 * timer must watch, in physical count (0: at once, for a WS1 to act on). */
static uint64_t settle(struct vwdog *w)
{
	bool high = (w->regs.wcs & GWDT_WCS_WS0) != 0;
	uint64_t due = gwdt_deadline(&w->regs);

	if (high != w->line_high) {
		w->line_high = high;
		vgic_set_line(w->vm, NULL, w->intid, high);
	}
	if (w->ws1_pending)
		return 0;
	return due == GWDT_NEVER ? GWDT_NEVER : gwdt_add_sat(due, w->vm->cntvoff);
}

static void arm(struct vcpu *v, uint64_t deadline)
{
	if (deadline == GWDT_NEVER)
		hyp_timer_disarm_vcpu(v, HT_WDOG);
	else
		hyp_timer_arm_vcpu(v, HT_WDOG, deadline);
}

/* A guest access, in its exit on its core. A WS1 it causes (a compare value
 * in the past while WS0 is set) is acted on from the EL2 timer, due at
 * once: never in the middle of an emulated access, whose instruction the
 * exit path steps past afterwards. */
static void access(struct vwdog *w, struct vcpu *v, bool refresh, uint32_t off,
		   unsigned int size, bool write, uint64_t *value)
{
	uint64_t deadline;

	spin_lock(&w->lock);
	if (!write) {
		*value = gwdt_read(&w->regs, refresh, off, size);
		spin_unlock(&w->lock);
		return;
	}
	if (gwdt_write(&w->regs, refresh, off, size, *value, vm_now(w->vm)) == GWDT_RAISED_WS1)
		w->ws1_pending = true;
	deadline = settle(w);
	spin_unlock(&w->lock);
	arm(v, deadline);
}

#define ACCESSORS(name, refresh, base)                                                     \
	static uint64_t name##_read(void *dev, struct vcpu *v, uint64_t off, unsigned int size) \
	{                                                                                   \
		uint64_t value = 0;                                                         \
		access(dev, v, refresh, (uint32_t)((base) + off), size, false, &value);     \
		return value;                                                               \
	}                                                                                   \
	static void name##_write(void *dev, struct vcpu *v, uint64_t off, unsigned int size,  \
				 uint64_t value)                                            \
	{                                                                                   \
		access(dev, v, refresh, (uint32_t)((base) + off), size, true, &value);      \
	}

ACCESSORS(wcs, false, GWDT_WCS)
ACCESSORS(wor, false, GWDT_WOR)
ACCESSORS(wcv, false, GWDT_WCV)
ACCESSORS(wrr, true, GWDT_WRR)

static uint64_t iidr_read(void *dev, struct vcpu *v, uint64_t off, unsigned int size)
{
	(void)dev, (void)v, (void)off, (void)size;
	return GWDT_IIDR_VALUE;
}

/* The control frame, then the refresh frame. WCS, WRR and W_IIDR are 32-bit
 * registers; WOR and WCV 64-bit ones taken as two words or whole. Other
 * sizes and offsets read as zero and ignore writes (el2/mmio.h); W_IIDR
 * ignores writes. */
static const struct mmio_reg vwdog_regs[] = {
	{ GWDT_WCS, 4, MMIO_W32, wcs_read, wcs_write },
	{ GWDT_WOR, 8, MMIO_W32_64, wor_read, wor_write },
	{ GWDT_WCV, 8, MMIO_W32_64, wcv_read, wcv_write },
	{ GWDT_W_IIDR, 4, MMIO_W32, iidr_read, NULL },
	{ GWDT_FRAME + GWDT_WRR, 4, MMIO_W32, wrr_read, wrr_write },
	{ GWDT_FRAME + GWDT_W_IIDR, 4, MMIO_W32, iidr_read, NULL },
};

MMIO_MODEL(vwdog_model, "sbsa-gwdt", vwdog_regs, VWDOG_SIZE);

/* WS1: the VM's on-crash policy, applied in the VM's own time: in the exit
 * of its vCPU v that the timer interrupted (or that wrote the register), as
 * any crash. When v is not in an exit on its core (it waits, off the core,
 * which is idle or runs another VM's vCPU), the action waits too: v is
 * woken, and when its core next enters it vcpu_run arms this slot due at
 * once, so the timer interrupts it there. A v that is powered off cannot
 * run: then it is applied here, with no caller. False if it waits. */
static bool expire(struct vcpu *v, uint64_t wor, unsigned int n)
{
	struct vm *vm = v->vm;
	uint64_t khz = arch_counter_hz() / 1000;
	unsigned long long ms = (unsigned long long)(khz ? wor / khz : wor);

	if (vcpu_exiting_here(v)) {
		vm_crash(v, "watchdog expired (WS1, expiry %u): not refreshed for two periods "
			 "of %llu ms", n, ms);
		return true;
	}
	if (v->on) {
		sched_wake(v);
		return false;
	}
	vm_crash_from(vm, NULL, "watchdog expired (WS1, expiry %u): not refreshed for two "
		      "periods of %llu ms", n, ms);
	sched_reschedule();
	return true;
}

void vwdog_timer(struct vcpu *v)
{
	struct vm *vm = v->vm;
	struct vwdog *w = &vm->wdog;
	uint64_t deadline, wor;
	bool act;
	unsigned int n;

	if (!w->vm || vm->state != VM_RUNNING)
		return;
	spin_lock(&w->lock);
	act = gwdt_advance(&w->regs, vm_now(vm)) == GWDT_RAISED_WS1 || w->ws1_pending;
	w->ws1_pending = false;
	deadline = settle(w);
	wor = w->regs.wor;
	n = act ? ++w->expiries : 0;
	spin_unlock(&w->lock);
	if (!act) {
		arm(v, deadline);
		return;
	}
	if (expire(v, wor, n))
		return;
	/* Not now: at v's next entry. Unless another vCPU of the VM refreshed
	 * the watchdog meanwhile (WS1 clear again). */
	spin_lock(&w->lock);
	w->ws1_pending = (w->regs.wcs & GWDT_WCS_WS1) != 0;
	w->expiries--;
	spin_unlock(&w->lock);
}
