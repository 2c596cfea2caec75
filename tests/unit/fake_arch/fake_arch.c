/* The fake architecture's out-of-line half: the functions the headers of
 * el2/arch/ declare (el2/arm64/'s C and assembly on the target), in plain
 * C over fake_arch (fake.h). See README.md. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tests/unit/fake_arch/fake.h"
#include "el2/arch/boot.h"
#include "el2/arch/cache.h"
#include "el2/arch/exit.h"
#include "el2/arch/firmware_call.h"
#include "el2/arch/gic_cpuif.h"
#include "el2/arch/stage2.h"
#include "el2/arch/timer.h"
#include "el2/arch/vcpu_context.h"
#include "el2/cpu.h"
#include "el2/vcpu.h"

struct fake_arch_state fake_arch;
jmp_buf fake_arch_guest_exit;
bool fake_arch_guest_armed;

void fake_arch_reset(void)
{
	memset(&fake_arch, 0, sizeof(fake_arch));
	fake_arch.nlr = 4;
	fake_arch.counter_hz = 62500000;
	fake_arch.iar_next = 1023;
	fake_arch.pa_bits = 48;
	fake_arch.guest_insn_readable = true;
	fake_arch_guest_armed = false;
}

/* ------------------------------------------------------ vCPU context */

/* No exception registers on the host: PC and PSTATE always live in the
 * struct, whether or not this "core" handles the vCPU's exit. */
uint64_t vcpu_pc(const struct vcpu *v)                 { return v->regs.pc; }
void vcpu_set_pc(struct vcpu *v, uint64_t pc)          { v->regs.pc = pc; }
uint64_t vcpu_pstate(const struct vcpu *v)             { return v->regs.pstate; }
void vcpu_set_pstate(struct vcpu *v, uint64_t pstate)  { v->regs.pstate = pstate; }

#define FAKE_PSTATE_RESET 0x3c5   /* arm64's EL1h, DAIF masked */

void arch_vcpu_reset(struct vcpu *v, uint64_t pc, uint64_t arg)
{
	bool wfi = v->arch.wfi_trapped;
	unsigned int resets = v->arch.resets;

	memset(&v->regs.x, 0, sizeof(v->regs.x));
	v->regs.x[0] = arg;
	v->regs.pc = pc;
	v->regs.pstate = FAKE_PSTATE_RESET;
	memset(&v->arch, 0, sizeof(v->arch));
	v->arch.wfi_trapped = wfi;
	v->arch.resets = resets + 1;
}

bool vcpu_aarch32(const struct vcpu *v)
{
	(void)v;
	return false;   /* the fake is a 64-bit machine */
}

void arch_vcpu_set_boot_args(struct vcpu *v, uint64_t dtb)
{
	v->regs.x[0] = dtb;
}

void arch_vcpu_power_down(struct vcpu *v)
{
	v->regs.pstate = FAKE_PSTATE_RESET;
	v->arch.resets++;
}

/* The loaded vCPU's virtual timer is fake_arch.vtimer_*; saving parks it
 * in the vCPU and silences the "hardware" one, as the port does. */
void arch_vcpu_save(struct vcpu *v, struct pcpu *c)
{
	(void)c;
	v->arch.vtimer_ctl = fake_arch.vtimer_ctl;
	v->arch.vtimer_cval = fake_arch.vtimer_cval;
	fake_arch.vtimer_ctl = 0;
	v->arch.saved = true;
	v->arch.saves++;
}

void arch_vcpu_restore(struct vcpu *v, struct pcpu *c)
{
	c->arch.restored = v;
	fake_arch.vtimer_ctl = v->arch.vtimer_ctl;
	fake_arch.vtimer_cval = v->arch.vtimer_cval;
	v->arch.saved = false;
	v->arch.restores++;
}

void arch_vcpu_enter_state(struct vcpu *v)
{
	v->arch.enters++;
}

void arch_vcpu_trap_wfi(struct vcpu *v, bool trap)
{
	v->arch.wfi_trapped = trap;
}

void vcpu_inject_undef(struct vcpu *v)
{
	fake_arch.undefs++;
	(void)v;
}

bool vcpu_fetch_insn(struct vcpu *v, uint32_t *insn)
{
	(void)v;
	*insn = fake_arch.guest_insn;
	return fake_arch.guest_insn_readable;
}

/* Entering a guest never returns on the target; on the host it records the
 * entry and unwinds to the test's setjmp(), or stops the test run. */
void guest_enter(struct vcpu *v)
{
	fake_arch.entered = v;
	fake_arch.entries++;
	if (!fake_arch_guest_armed) {
		fprintf(stderr, "fake arch: guest_enter(vCPU %u) with no test waiting for it\n",
			v->id);
		abort();
	}
	fake_arch_guest_armed = false;
	longjmp(fake_arch_guest_exit, 1);
}

/* ------------------------------------------------- GIC CPU interface */

uint64_t ich_lr_read(unsigned int n)
{
	if (n >= FAKE_LRS) {
		fprintf(stderr, "fake arch: ich_lr_read(%u): no such list register\n", n);
		abort();
	}
	return fake_arch.lr[n];
}

void ich_lr_write(unsigned int n, uint64_t value)
{
	if (n >= fake_arch.nlr) {
		fprintf(stderr, "fake arch: ich_lr_write(%u): the core has %u list registers\n", n,
			fake_arch.nlr);
		abort();
	}
	fake_arch.lr[n] = value;
}

/* ------------------------------------------------ stage 2, firmware */

void arch_stage2_tlb_flush(uint64_t root)
{
	fake_arch.tlb_flushes++;
	fake_arch.tlb_flush_root = root;
}

uint64_t arch_firmware_call(bool smc, uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3)
{
	fake_arch.nfirmware_calls++;
	fake_arch.fw_smc = smc;
	fake_arch.fw_args[0] = fid;
	fake_arch.fw_args[1] = a1;
	fake_arch.fw_args[2] = a2;
	fake_arch.fw_args[3] = a3;
	return fake_arch.fw_result;
}

/* ------------------------------------------------------------ cache */

void cache_clean_range(const void *p, uint64_t size)       { (void)p, (void)size; fake_arch.cache_cleans++; }
void memory_zero_range(void *p, uint64_t size)             { memset(p, 0, (size_t)size); }
void cache_clean_inval_range(const void *p, uint64_t size) { (void)p, (void)size; fake_arch.cache_cleans++; }
void icache_inval_all(void)                                { fake_arch.icache_invals++; }

/* ------------------------------------------------------- boot, exits */

/* What the target's linker script and head.S define, and core files
 * declare themselves (el2/main.c, el2/cpu.c): a pretend image of one page;
 * a secondary core's entry, which the host never starts. */
uint8_t __image_start[4096], __image_end[1];

void secondary_entry(void)
{
	fprintf(stderr, "fake arch: a secondary core entered Tandem\n");
	abort();
}

/* The host has no translation tables of Tandem's and no CPU features to
 * hide: bring-up does nothing and says so. */
void mmu_init_early(uint64_t dtb_pa, unsigned int level)  { (void)dtb_pa, (void)level; }
int mmu_map_platform(const struct platform *p)            { (void)p; return 0; }
void arch_features_init(void)                             { }
void arch_cpu_init(unsigned int id)                       { (void)id; }

void arch_features_describe(char *buf, size_t len)
{
	snprintf(buf, len, "fake arch (host)");
}

const char *arch_exit_counter_name(unsigned int code)
{
	switch (code) {
	case 0x16: return "hvc";
	case 0x17: return "smc";
	case 0x24: return "mmio";
	default:   return NULL;
	}
}

void irq_fast_init(uint32_t timer_intid, unsigned int timer_lr, uintptr_t gicv2_cpu,
		   uintptr_t gicv2_hyp)
{
	(void)timer_intid, (void)timer_lr, (void)gicv2_cpu, (void)gicv2_hyp;
}
