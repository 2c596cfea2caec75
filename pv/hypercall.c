/* The paravirtual path's VMs; see pv.h. */
#include <libfdt.h>
#include <string.h>
#include <format.h>
#include <guest_fetch.h>
#include "pv/pv.h"
#include "pv/args.h"
#include "pv/vm.h"
#include "el2/console.h"
#include "el2/cpu.h"
#include "el2/entropy.h"
#include "el2/gic.h"
#include "el2/spinlock.h"
#include "el2/hypercall.h"
#include "el2/page_pool.h"
#include "el2/arm64/layout.h"
#include "el2/arm64/mmu.h"
#include "el2/arm64/sysreg.h"
#include "dt/guest_dt.h"
#include "firmware/machine.h"
#include "firmware/smccc.h"

#define PV_MAX_VMS    8
#define PV_DT_MAX     (64 * 1024)

/* EL1&0 stage-1 attributes of a guest's RAM: normal write-back memory,
 * never executable at EL1 (PXN), tagged with the VM's ASID (nG); EL0 access
 * by TANDEM_PV_MAP's protections (at first read/write/execute). */
#define PV_NORMAL   (S1_ATTRIDX(MAIR_IDX_NORMAL) | LPAE_SH_INNER | (1ull << 53) | (1ull << 11))
#define PV_AP_EL0   (1ull << 6)     /* AP[1]: EL0 may access */
#define PV_AP_RO    (1ull << 7)     /* AP[2]: read-only */
#define PV_UXN      (1ull << 54)
#define PV_RAM_ATTRS (PV_NORMAL | PV_AP_EL0)

#define EC_WFX      0x01
#define EC_SVC64    0x15
#define EC_IABT_EL0 0x20
#define EC_DABT_EL0 0x24

_Static_assert(offsetof(struct pv_vcpu, ttbr) == 34 * 8, "pv_vectors.S F_TTBR");
_Static_assert(sizeof(struct tandem_pv_frame) == 34 * 8 && sizeof(struct tandem_pv_frame) % 16 == 0,
	       "the ABI's frame");

static struct pv_vm vms[PV_MAX_VMS];
static uint64_t roots[PV_MAX_VMS][LPAE_ENTRIES] __attribute__((aligned(4096)));
static uint8_t dtb[PV_DT_MAX], scratch[PV_DT_MAX] __attribute__((aligned(8)));
static unsigned int nvms, alive;
static unsigned int timer_virq, ptimer_intid, uart_intid;   /* the guests' timer INTID; Tandem's timer's; the console's */
static spinlock_t map_lock = SPINLOCK_INIT;    /* the page pool behind every VM's table */
uint64_t pv_tandem_ttbr;   /* pv_vectors.S: Tandem's own table, ASID 0 */

extern char pv_vectors[];
extern uint8_t cpu_stacks[TANDEM_MAX_CPUS + 1][TANDEM_GUARD_SIZE + TANDEM_STACK_SIZE];
extern uint64_t cpu_stack_tops[TANDEM_MAX_CPUS];
extern void secondary_entry(void);
void pv_enter(struct pv_vcpu *frame, uint64_t stack_top) __attribute__((noreturn));

static void *ram(const struct pv_vm *vm, uint64_t offset)
{
	return (void *)(uintptr_t)(vm->ram_pa + offset);
}

/* The guest's RAM is mapped page by page, so that TANDEM_PV_MAP can change
 * any page of it. */
static int map_pages(struct pv_vm *vm, uint64_t va, uint64_t offset, uint64_t size, uint64_t attrs)
{
	for (uint64_t o = 0; o < size; o += LPAE_PAGE_SIZE)
		if (lpae_map(&vm->table, va + o, vm->ram_pa + offset + o, LPAE_PAGE_SIZE, attrs) != LPAE_OK)
			return -1;
	return 0;
}

int pv_vm_create(const struct vm_plan *plan, const void *plat_fdt, const struct platform *plat,
		 const void *overlay, size_t overlay_size)
{
	struct pv_vm *vm = &vms[nvms];
	const struct vm_config *c = &plan->cfg;
	char msg[PLAN_MSG_MAX];
	uint64_t dt_off = c->mem_size - PV_DT_MAX;
	uint32_t rng_off, kaslr_off;

	memset(vm, 0, sizeof(*vm));
	vm->cfg = *c;
	vm->ram_pa = plan->ram_pa;
	vm->core = (unsigned int)platform_cpu_index(plat, c->affinity[0]);
	vm->asid = nvms + 1;
	if (plan->kernel->size > dt_off) {
		tlog("vm %s: refused: its payload (%llu bytes) does not fit below its device tree; "
		     "raise 'memory'", c->name, (unsigned long long)plan->kernel->size);
		return -1;
	}
	if (guest_dt_build(plat_fdt, plat, c, overlay, overlay_size, dtb, sizeof(dtb), scratch,
			   sizeof(scratch), msg, sizeof(msg))) {
		tlog("vm %s: refused: %s", c->name, msg);
		return -1;
	}
	if (guest_dt_seed_offsets(dtb, &rng_off, &kaslr_off)) {
		tlog("vm %s: refused: its device tree has no room for its rng-seed", c->name);
		return -1;
	}
	if (lpae_init(&vm->table, roots[nvms], 39, mmu_pa_bits(), &page_pool_lpae) != LPAE_OK)
		return -1;
	mmu_map_image_into(&vm->table);
	if (map_pages(vm, c->mem_base, 0, c->mem_size, PV_RAM_ATTRS)) {
		tlog("vm %s: refused: its address space could not be built", c->name);
		return -1;
	}
	/* Its virtual interrupts: the virtual timer's, and the console's if
	 * it has the console. */
	pv_virq_init(&vm->virq);
	pv_virq_own(&vm->virq, plat->timer_irq[2]);   /* as its tree says: the virtual timer */
	if (c->vpl011)
		pv_virq_own(&vm->virq, plat->uart_irq);
	memcpy(ram(vm, 0), (const void *)(uintptr_t)plan->kernel->addr, plan->kernel->size);
	memcpy(ram(vm, dt_off), dtb, fdt_totalsize(dtb));
	/* Its seeds, as on the hardware path (a paravirtual VM is not restarted). */
	entropy_vm_seeds(c->name, nvms, 0, ram(vm, dt_off + rng_off), ram(vm, dt_off + kaslr_off));
	cache_clean_range(ram(vm, dt_off), fdt_totalsize(dtb));
	cache_clean_range(ram(vm, 0), plan->kernel->size);
	icache_inval_all();

	vm->vcpu.vm = vm;
	vm->vcpu.elr = c->mem_base;                  /* entered at the start of its RAM */
	vm->vcpu.spsr = 0;                           /* EL0t, interrupts unmasked */
	vm->vcpu.x[0] = c->mem_base + dt_off;        /* its device tree */
	vm->vcpu.ttbr = (uint64_t)(uintptr_t)roots[nvms] | ((uint64_t)vm->asid << 48);
	tlog("vm %s: paravirtualized, at EL0 on core %u, RAM VA 0x%llx-0x%llx at PA 0x%llx, "
	     "ASID %u", c->name, vm->core, (unsigned long long)c->mem_base,
	     (unsigned long long)(c->mem_base + c->mem_size - 1), (unsigned long long)vm->ram_pa,
	     vm->asid);
	pv_sched_add(vm);
	nvms++;
	return 0;
}

/* A whole line behind the VM's name, within its console budget (as on the
 * hardware path, docs/security.md): a flooding VM loses its own lines. */
static void flush_line(struct pv_vm *vm)
{
	if (vm->len && console_budget_allows(&vm->budget, vm->cfg.name, vm->len + 1))
		console_vm_line(vm->cfg.name, vm->line, vm->len);
	vm->len = 0;
}

static void pv_idle(void) __attribute__((noreturn));
static void pv_idle(void)
{
	for (;;)
		wfi();
}

static void stop(struct pv_vm *vm, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void stop(struct pv_vm *vm, const char *fmt, ...)
{
	char why[256];
	va_list ap;

	va_start(ap, fmt);
	vsnformat(why, sizeof(why), fmt, ap);
	va_end(ap);
	flush_line(vm);
	console_budget_settle(&vm->budget, vm->cfg.name);
	vm->running = false;
	vm->deadline = ~0ull;   /* its timer is quiet from now on */
	tlog("vm %s: stopped: %s", vm->cfg.name, why);
	if (!__atomic_sub_fetch(&alive, 1, __ATOMIC_ACQ_REL)) {
		tlog("no VM is running any more; powering off");
		machine_power_off();
	}
}

/* Bytes [va, va + len) of the guest, if they are its RAM: Tandem's pointer.
 * The arguments of each call are checked in pv_args.h. */
static void *guest_bytes(struct pv_vm *vm, uint64_t va, uint64_t len)
{
	if (!pv_in_window(vm->cfg.mem_base, vm->cfg.mem_size, va, len))
		return NULL;
	return ram(vm, va - vm->cfg.mem_base);
}

/* The guest's VA va, once its arguments were checked. */
static void *guest_va(struct pv_vm *vm, uint64_t va)
{
	return ram(vm, va - vm->cfg.mem_base);
}

/* The guest's console: bytes, shown a line at a time behind its name. */
static int64_t console_write(struct pv_vm *vm, uint64_t va, uint64_t len)
{
	const volatile char *p;   /* each byte read once */

	if (!pv_console_args_ok(vm->cfg.mem_base, vm->cfg.mem_size, va, len))
		return TANDEM_HC_INVALID;
	p = guest_va(vm, va);
	for (uint64_t i = 0; i < len; i++) {
		char ch = p[i];

		if (ch == '\r')
			continue;
		if (ch == '\n' || vm->len == PV_LINE_MAX) {
			flush_line(vm);
			if (ch == '\n')
				continue;
		}
		vm->line[vm->len++] = ch;
	}
	return (int64_t)len;
}

static int64_t console_read(struct pv_vm *vm, uint64_t va, uint64_t room)
{
	char *p;

	if (!pv_console_args_ok(vm->cfg.mem_base, vm->cfg.mem_size, va, room))
		return TANDEM_HC_INVALID;
	p = guest_va(vm, va);
	return pv_console_read(vm, p, (unsigned int)room);
}

static int64_t setup(struct pv_vm *vm, uint64_t shared_va, uint64_t upcall)
{
	struct tandem_pv_shared *s;

	if (!pv_setup_args_ok(vm->cfg.mem_base, vm->cfg.mem_size, shared_va, upcall))
		return TANDEM_HC_INVALID;
	s = guest_va(vm, shared_va);
	vm->shared = s;
	vm->upcall = upcall;
	s->masked = 1;   /* the guest unmasks when it is ready */
	s->upcalls = 0;
	return TANDEM_HC_OK;
}

/* The VM's one deadline, on its core's timer (pv_sched.c). Moving it takes
 * back an expiry not yet acknowledged, as the GIC drops a level interrupt
 * whose line fell. */
static int64_t timer_set(struct pv_vm *vm, uint64_t deadline)
{
	pv_virq_lower(&vm->virq, timer_virq);
	pv_sched_set_deadline(vm, deadline);
	return TANDEM_HC_OK;
}

/* TANDEM_PV_IRET: the guest's frame becomes its context. Only EL0 state can
 * come out of it: the PC and SP are the guest's own business (a bad one
 * faults at EL0), PSTATE keeps only the condition flags. */
static int64_t iret(struct pv_vm *vm, uint64_t va)
{
	const struct tandem_pv_frame *g;
	struct pv_vcpu *v = &vm->vcpu;
	struct tandem_pv_frame f;

	if (!pv_iret_args_ok(vm->cfg.mem_base, vm->cfg.mem_size, va))
		return TANDEM_HC_INVALID;
	g = guest_va(vm, va);
	guest_fetch(&f, g, sizeof(f));   /* the one read of the frame */
	memcpy(v->x, f.x, sizeof(v->x));
	v->elr = f.pc;
	v->spsr = f.flags & TANDEM_PV_FLAGS_NZCV;
	v->sp_el0 = f.sp;
	if (vm->shared)
		vm->shared->masked = (f.flags & TANDEM_PV_FLAGS_MASKED) ? 1 : 0;
	return v->x[0];
}

/* TANDEM_PV_MAP: pages of the VM's own RAM at addresses of its own window
 * [memory-base, memory-base + memory), with the protections asked for (0
 * unmaps). The window and the RAM are both the VM's, so nothing it maps
 * can reach another VM or Tandem. */
static int64_t map(struct pv_vm *vm, uint64_t va, uint64_t offset, uint64_t size, uint64_t prot)
{
	uint64_t attrs = PV_NORMAL | PV_AP_EL0;
	int64_t ret = TANDEM_HC_OK;

	if (!pv_map_args_ok(vm->cfg.mem_base, vm->cfg.mem_size, va, offset, size, prot))
		return TANDEM_HC_INVALID;
	if (!(prot & TANDEM_PV_PROT_WRITE))
		attrs |= PV_AP_RO;
	if (!(prot & TANDEM_PV_PROT_EXEC))
		attrs |= PV_UXN;
	spin_lock(&map_lock);
	for (uint64_t o = 0; o < size; o += LPAE_PAGE_SIZE)
		lpae_unmap(&vm->table, va + o, LPAE_PAGE_SIZE);   /* unmapped already: fine */
	if (prot && map_pages(vm, va, offset, size, attrs))
		ret = TANDEM_HC_INVALID;   /* out of table pages: left unmapped */
	spin_unlock(&map_lock);
	dsb(ishst);
	__asm__ volatile("tlbi aside1, %0" : : "r"((uint64_t)vm->asid << 48) : "memory");
	dsb(nsh);
	isb();
	return ret;
}

/* TANDEM_PV_IDLE, and WFI: back when a virtual interrupt is pending (even
 * masked, as WFI wakes). Meanwhile the core runs another VM or sleeps
 * (pv_sched.c). */
static void idle(struct pv_vm *vm)
{
	vm->idle = true;
}

static void hypercall(struct pv_vcpu *v)
{
	struct pv_vm *vm = v->vm;
	uint32_t fid = (uint32_t)v->x[0];
	int64_t r;

	switch (fid) {
	case TANDEM_HC_VERSION:
		v->x[0] = TANDEM_HC_OK;
		v->x[1] = (TANDEM_VERSION_MAJOR << 16) | TANDEM_VERSION_MINOR;
		return;
	case TANDEM_HC_NULL:
	case TANDEM_PV_IRQ_UNMASKED:   /* what is pending is delivered on the way back */
		r = TANDEM_HC_OK;
		break;
	case TANDEM_PV_CONSOLE_WRITE:
		r = console_write(vm, v->x[1], v->x[2]);
		break;
	case TANDEM_PV_CONSOLE_READ:
		r = console_read(vm, v->x[1], v->x[2]);
		break;
	case TANDEM_PV_SETUP:
		r = setup(vm, v->x[1], v->x[2]);
		break;
	case TANDEM_PV_IRQ_ENABLE:
		r = v->x[1] > UINT32_MAX || pv_virq_enable(&vm->virq, (unsigned int)v->x[1], v->x[2] != 0)
		    ? TANDEM_HC_INVALID : TANDEM_HC_OK;
		break;
	case TANDEM_PV_IRQ_ACK:
		r = pv_virq_ack(&vm->virq);
		break;
	case TANDEM_PV_IRQ_EOI:
		r = v->x[1] > UINT32_MAX || pv_virq_eoi(&vm->virq, (unsigned int)v->x[1])
		    ? TANDEM_HC_INVALID : TANDEM_HC_OK;
		break;
	case TANDEM_PV_TIMER_SET:
		r = timer_set(vm, v->x[1]);
		break;
	case TANDEM_PV_IRET:
		r = iret(vm, v->x[1]);
		break;
	case TANDEM_PV_IDLE:
		idle(vm);
		r = TANDEM_HC_OK;
		break;
	case TANDEM_PV_MAP:
		r = map(vm, v->x[1], v->x[2], v->x[3], v->x[4]);
		break;
	case PSCI_SYSTEM_OFF:
		stop(vm, "powered off (PSCI SYSTEM_OFF)");
		return;
	default:
		r = TANDEM_HC_NOT_SUPPORTED;
		break;
	}
	v->x[0] = (uint64_t)r;
}

/* The physical interrupts pending on this core, taken at EL1: the core's
 * timer carries its VMs' deadlines (expired ones become their virtual
 * timer interrupts) and the time slice; the UART's typed characters go to
 * the VM with the keyboard. */
void pv_take_irqs(unsigned int core)
{
	for (;;) {
		uint32_t intid = gic->ack();

		if (intid == GIC_SPURIOUS)
			return;
		gic->eoi(intid);
		if (intid == ptimer_intid)
			pv_sched_timer_expired(core);
		else if (intid == uart_intid)
			pv_console_received(core);
		gic->deactivate(intid);
	}
}

/* An upcall: the interrupted context is pushed as a frame below its SP and
 * the guest enters its upcall with x0 = SP = the frame, masked, and x1 =
 * the interrupt, already acknowledged (a TANDEM_PV_IRQ_ACK saved on the
 * way). A stack with no room for the frame in its RAM stops the VM. */
static bool upcall(struct pv_vm *vm)
{
	struct pv_vcpu *v = &vm->vcpu;
	uint64_t va;
	struct tandem_pv_frame *f = pv_upcall_frame(vm->cfg.mem_base, vm->cfg.mem_size, v->sp_el0, &va)
				    ? guest_va(vm, va) : NULL;

	if (!f) {
		stop(vm, "an interrupt is due but its stack pointer 0x%llx leaves no room for the "
		     "frame in its RAM (PC 0x%llx)", (unsigned long long)v->sp_el0,
		     (unsigned long long)v->elr);
		return false;
	}
	memcpy(f->x, v->x, sizeof(f->x));
	f->pc = v->elr;
	f->flags = v->spsr & TANDEM_PV_FLAGS_NZCV;
	f->sp = v->sp_el0;
	v->x[0] = va;
	v->x[1] = pv_virq_ack(&vm->virq);
	v->sp_el0 = va;
	v->elr = vm->upcall;
	v->spsr = 0;
	vm->shared->masked = 1;
	vm->shared->upcalls++;
	return true;
}

/* On every way back to the guest: an upcall if one is due, and the
 * `pending` flag brought up to date. */
static bool deliver(struct pv_vm *vm)
{
	if (!vm->shared)
		return true;
	if (!vm->shared->masked && pv_virq_deliverable(&vm->virq) && !upcall(vm))
		return false;
	vm->shared->pending = pv_virq_waiting(&vm->virq);
	return true;
}

/* The VM the core runs next (the same one, alone on its core, unless it
 * waits), with its upcall made if one is due. */
static struct pv_vcpu *resume(unsigned int core)
{
	for (;;) {
		struct pv_vm *next = pv_sched_next(core);

		if (deliver(next))
			return &next->vcpu;
	}
}

/* Every exception from a guest (pv_vectors.S); returns the vCPU to resume. */
struct pv_vcpu *pv_trap(struct pv_vcpu *v, uint64_t kind);
struct pv_vcpu *pv_trap(struct pv_vcpu *v, uint64_t kind)
{
	uint64_t esr = read_sysreg(esr_el1), far = read_sysreg(far_el1);
	unsigned int ec = (unsigned int)(esr >> 26) & 0x3f;
	struct pv_vm *vm = v->vm;

	if (kind == 1) {
		pv_take_irqs(vm->core);
		return resume(vm->core);
	}
	switch (ec) {
	case EC_SVC64:
		hypercall(v);
		return resume(vm->core);
	case EC_WFX:   /* WFI: idle until a virtual interrupt; WFE: a no-op */
		v->elr += 4;
		if (!(esr & 1))
			idle(vm);
		return resume(vm->core);
	case EC_DABT_EL0:   /* in its window, a permission fault (DFSC 0b0011xx): read-only */
		stop(vm, "%s at VA 0x%llx, which %s (PC 0x%llx)", (esr & (1u << 6)) ? "write" : "read",
		     (unsigned long long)far, (esr & 0x3c) == 0x0c && guest_bytes(vm, far, 1)
		     ? "it mapped read-only" : "is not its memory", (unsigned long long)v->elr);
		break;
	case EC_IABT_EL0:
		stop(vm, "instruction fetch at VA 0x%llx, which is not its memory",
		     (unsigned long long)far);
		break;
	default:
		stop(vm, "exception class 0x%02x (ESR 0x%08llx) at PC 0x%llx, which a paravirtualized "
		     "guest cannot take", ec, (unsigned long long)esr, (unsigned long long)v->elr);
		break;
	}
	return resume(vm->core);
}

void pv_panic(uint64_t why) __attribute__((noreturn));
void pv_panic(uint64_t why)
{
	tlog("PANIC at EL1: %s: ESR 0x%llx FAR 0x%llx ELR 0x%llx", why ? "unexpected vector"
	     : "exception at EL1", (unsigned long long)read_sysreg(esr_el1),
	     (unsigned long long)read_sysreg(far_el1), (unsigned long long)read_sysreg(elr_el1));
	pv_idle();
}

/* EL0 may read the virtual counter (CNTKCTL_EL1.EL0VCTEN) and, in a VM
 * with `profiling` only, the cycle counter (PMUSERENR_EL0.CR, set as each
 * VM is switched in by pv_sched.c), which Tandem runs; nothing else of the
 * timer or the PMU. */
void pv_core_setup(void)
{
	write_sysreg(vbar_el1, (uint64_t)(uintptr_t)pv_vectors);
	write_sysreg(cpacr_el1, 3ull << 20);   /* FP/SIMD at EL0 (switched with the VM) */
	write_sysreg(cntkctl_el1, 1ull << 1);
	write_sysreg(cntp_ctl_el0, 0);
	write_sysreg(pmccfiltr_el0, 0);         /* count at EL0 and EL1 */
	write_sysreg(pmcr_el0, 1 | (1 << 2));   /* enabled, cycle counter reset */
	write_sysreg(pmcntenset_el0, 1ull << 31);
	write_sysreg(pmuserenr_el0, 0);
	isb();
}

/* Runs the VMs pinned to core `id`, if any; otherwise idles. */
static void run_core(unsigned int id) __attribute__((noreturn));
static void run_core(unsigned int id)
{
	pv_core_setup();
	gic_cpu_init(&pcpus[id]);   /* pcpus[] as pv_run filled it in */
	gic->enable(ptimer_intid, &pcpus[id]);
	pv_console_core_up(id);
	if (!pv_sched_count(id))
		pv_idle();
	pv_enter(resume(id), cpu_stack_tops[id]);
}

static volatile bool go;

void pv_secondary_main(uint64_t id) __attribute__((noreturn));
void pv_secondary_main(uint64_t id)
{
	while (!go)
		wfe();
	run_core((unsigned int)id);
}

void pv_run(const struct platform *plat)
{
	uint64_t mpidr = read_sysreg(mpidr_el1) & 0xff00ffffffull;
	int self = platform_cpu_index(plat, mpidr);

	pv_tandem_ttbr = mmu_root();
	timer_virq = plat->timer_irq[2];
	ptimer_intid = plat->timer_irq[1];
	uart_intid = plat->uart_irq;
	pv_sched_init(timer_virq);
	for (unsigned int i = 0; i < nvms; i++)
		vms[i].running = true;
	alive = nvms;
	for (unsigned int i = 0; i < plat->ncpus && i < TANDEM_MAX_CPUS; i++) {
		pcpus[i].id = i;
		pcpus[i].mpidr = plat->cpu_mpidr[i];
		cpu_stack_tops[i] = (uint64_t)(uintptr_t)&cpu_stacks[i][TANDEM_GUARD_SIZE + TANDEM_STACK_SIZE];
		if ((int)i == self || !pv_sched_count(i))
			continue;
		if (machine_cpu_on(plat->cpu_mpidr[i], (uint64_t)(uintptr_t)secondary_entry, i))
			tlog("core %u did not start; its VMs do not run", i);
	}
	pv_console_init(vms, nvms, plat->uart.base, uart_intid);
	dsb(ish);
	go = true;
	sev();
	run_core(self < 0 ? 0 : (unsigned int)self);
}
