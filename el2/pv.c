/* The paravirtual path's VMs; see pv.h. */
#include <libfdt.h>
#include <string.h>
#include <format.h>
#include "el2/pv.h"
#include "el2/console.h"
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
#define PV_LINE_MAX   160

/* EL1&0 stage-1 attributes of a guest's RAM: normal write-back memory,
 * read/write at EL0 (AP = 01), never executable at EL1 (PXN), tagged with
 * the VM's ASID (nG). */
#define PV_RAM_ATTRS (S1_ATTRIDX(MAIR_IDX_NORMAL) | (1ull << 6) | LPAE_SH_INNER | \
		      (1ull << 53) | (1ull << 11))

#define EC_UNKNOWN  0x00
#define EC_SVC64    0x15
#define EC_IABT_EL0 0x20
#define EC_DABT_EL0 0x24

struct pv_vcpu {   /* the frame first: pv_vectors.S knows its layout */
	uint64_t x[31];
	uint64_t sp_el0, elr, spsr, ttbr;
	struct pv_vm *vm;
};

struct pv_vm {
	struct pv_vcpu vcpu;
	struct vm_config cfg;
	uint64_t ram_pa;
	unsigned int core;
	volatile bool running;
	struct lpae_table table;
	char line[PV_LINE_MAX];
	unsigned int len;
};

_Static_assert(offsetof(struct pv_vcpu, ttbr) == 34 * 8, "pv_vectors.S F_TTBR");

static struct pv_vm vms[PV_MAX_VMS];
static uint64_t roots[PV_MAX_VMS][LPAE_ENTRIES] __attribute__((aligned(4096)));
static uint8_t dtb[PV_DT_MAX], scratch[PV_DT_MAX] __attribute__((aligned(8)));
static unsigned int nvms, alive;
static struct pv_vm *volatile on_core[TANDEM_MAX_CPUS];
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

int pv_vm_create(const struct vm_plan *plan, const void *plat_fdt, const struct platform *plat,
		 const void *overlay, size_t overlay_size)
{
	struct pv_vm *vm = &vms[nvms];
	const struct vm_config *c = &plan->cfg;
	char msg[PLAN_MSG_MAX];
	uint64_t dt_off = c->mem_size - PV_DT_MAX;

	memset(vm, 0, sizeof(*vm));
	vm->cfg = *c;
	vm->ram_pa = plan->ram_pa;
	vm->core = (unsigned int)platform_cpu_index(plat, c->affinity[0]);
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
	if (lpae_init(&vm->table, roots[nvms], 39, mmu_pa_bits(), &page_pool_lpae) != LPAE_OK)
		return -1;
	mmu_map_image_into(&vm->table);
	if (lpae_map(&vm->table, c->mem_base, vm->ram_pa, c->mem_size, PV_RAM_ATTRS) != LPAE_OK) {
		tlog("vm %s: refused: its address space could not be built", c->name);
		return -1;
	}
	memcpy(ram(vm, 0), (const void *)(uintptr_t)plan->kernel->addr, plan->kernel->size);
	memcpy(ram(vm, dt_off), dtb, fdt_totalsize(dtb));
	cache_clean_range(ram(vm, 0), plan->kernel->size);
	icache_inval_all();

	vm->vcpu.vm = vm;
	vm->vcpu.elr = c->mem_base;                  /* entered at the start of its RAM */
	vm->vcpu.spsr = 0;                           /* EL0t, interrupts unmasked */
	vm->vcpu.x[0] = c->mem_base + dt_off;        /* its device tree */
	vm->vcpu.ttbr = (uint64_t)(uintptr_t)roots[nvms] | ((uint64_t)(nvms + 1) << 48);
	tlog("vm %s: paravirtualized, at EL0 on core %u, RAM VA 0x%llx-0x%llx at PA 0x%llx, "
	     "ASID %u", c->name, vm->core, (unsigned long long)c->mem_base,
	     (unsigned long long)(c->mem_base + c->mem_size - 1), (unsigned long long)vm->ram_pa,
	     nvms + 1);
	nvms++;
	return 0;
}

static void flush_line(struct pv_vm *vm)
{
	if (vm->len)
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
	vm->running = false;
	tlog("vm %s: stopped: %s", vm->cfg.name, why);
	if (!__atomic_sub_fetch(&alive, 1, __ATOMIC_ACQ_REL)) {
		tlog("no VM is running any more; powering off");
		machine_power_off();
	}
}

/* Bytes [va, va + len) of the guest, if they are its RAM: Tandem's pointer. */
static const char *guest_bytes(struct pv_vm *vm, uint64_t va, uint64_t len)
{
	if (va < vm->cfg.mem_base || len > vm->cfg.mem_size ||
	    va - vm->cfg.mem_base > vm->cfg.mem_size - len)
		return NULL;
	return ram(vm, va - vm->cfg.mem_base);
}

/* The guest's console: bytes, shown a line at a time behind its name. */
static int64_t console_write(struct pv_vm *vm, uint64_t va, uint64_t len)
{
	const char *p;

	if (len > 4096 || !(p = guest_bytes(vm, va, len)))
		return TANDEM_HC_INVALID;
	for (uint64_t i = 0; i < len; i++) {
		char ch = p[i];

		if (ch == '\n' || vm->len == PV_LINE_MAX) {
			flush_line(vm);
			if (ch == '\n')
				continue;
		}
		vm->line[vm->len++] = ch == '\r' ? ' ' : ch;
	}
	return (int64_t)len;
}

static void hypercall(struct pv_vcpu *v)
{
	struct pv_vm *vm = v->vm;
	uint32_t fid = (uint32_t)v->x[0];

	switch (fid) {
	case TANDEM_HC_VERSION:
		v->x[0] = TANDEM_HC_OK;
		v->x[1] = (TANDEM_VERSION_MAJOR << 16) | TANDEM_VERSION_MINOR;
		return;
	case TANDEM_PV_CONSOLE_WRITE:
		v->x[0] = (uint64_t)console_write(vm, v->x[1], v->x[2]);
		return;
	case PSCI_SYSTEM_OFF:
		stop(vm, "powered off (PSCI SYSTEM_OFF)");
		pv_idle();
	default:
		v->x[0] = (uint64_t)(int64_t)TANDEM_HC_NOT_SUPPORTED;
		return;
	}
}

/* Every exception from a guest (pv_vectors.S); returns to resume it. */
struct pv_vcpu *pv_trap(struct pv_vcpu *v, uint64_t kind);
struct pv_vcpu *pv_trap(struct pv_vcpu *v, uint64_t kind)
{
	uint64_t esr = read_sysreg(esr_el1), far = read_sysreg(far_el1);
	unsigned int ec = (unsigned int)(esr >> 26) & 0x3f;
	struct pv_vm *vm = v->vm;

	if (kind == 1) {   /* no interrupt is routed anywhere yet */
		stop(vm, "unexpected interrupt");
		pv_idle();
	}
	switch (ec) {
	case EC_SVC64:
		hypercall(v);
		return v;
	case EC_DABT_EL0:
		stop(vm, "%s at VA 0x%llx, which is not its memory (PC 0x%llx)",
		     (esr & (1u << 6)) ? "write" : "read", (unsigned long long)far,
		     (unsigned long long)v->elr);
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
	pv_idle();
}

void pv_panic(uint64_t why) __attribute__((noreturn));
void pv_panic(uint64_t why)
{
	tlog("PANIC at EL1: %s: ESR 0x%llx FAR 0x%llx ELR 0x%llx", why ? "unexpected vector"
	     : "exception at EL1", (unsigned long long)read_sysreg(esr_el1),
	     (unsigned long long)read_sysreg(far_el1), (unsigned long long)read_sysreg(elr_el1));
	pv_idle();
}

void pv_core_setup(void)
{
	write_sysreg(vbar_el1, (uint64_t)(uintptr_t)pv_vectors);
	write_sysreg(cpacr_el1, 3ull << 20);   /* FP/SIMD at EL0 and EL1: one VM per core */
	isb();
}

/* Runs the VM pinned to core `id`, if any; otherwise idles. */
static void run_core(unsigned int id) __attribute__((noreturn));
static void run_core(unsigned int id)
{
	struct pv_vm *vm = on_core[id];

	pv_core_setup();
	if (!vm)
		pv_idle();
	vm->running = true;
	pv_enter(&vm->vcpu, (uint64_t)(uintptr_t)&cpu_stacks[id][TANDEM_GUARD_SIZE + TANDEM_STACK_SIZE]);
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
	for (unsigned int i = 0; i < nvms; i++)
		on_core[vms[i].core] = &vms[i];
	alive = nvms;
	for (unsigned int i = 0; i < plat->ncpus && i < TANDEM_MAX_CPUS; i++) {
		cpu_stack_tops[i] = (uint64_t)(uintptr_t)&cpu_stacks[i][TANDEM_GUARD_SIZE + TANDEM_STACK_SIZE];
		if ((int)i == self || !on_core[i])
			continue;
		if (machine_cpu_on(plat->cpu_mpidr[i], (uint64_t)(uintptr_t)secondary_entry, i))
			tlog("core %u did not start; VM %s does not run", i, on_core[i]->cfg.name);
	}
	dsb(ish);
	go = true;
	sev();
	run_core(self < 0 ? 0 : (unsigned int)self);
}
