/* GICv3 list registers and control, through the ICH_*_EL2 system registers. */
#include "vgic/vgic.h"
#include "el2/arm64/sysreg.h"

#define ICH_HCR_EL2   "s3_4_c12_c11_0"
#define ICH_VTR_EL2   "s3_4_c12_c11_1"
#define ICH_VMCR_EL2  "s3_4_c12_c11_7"
#define ICH_AP1R0_EL2 "s3_4_c12_c9_0"
#define ICH_HCR_EN    (1u << 0)
#define ICH_HCR_UIE   (1u << 1)


static uint64_t read_raw(unsigned int i)
{
	switch (i) {
	case 0: return read_sysreg_s("s3_4_c12_c12_0");
	case 1: return read_sysreg_s("s3_4_c12_c12_1");
	case 2: return read_sysreg_s("s3_4_c12_c12_2");
	case 3: return read_sysreg_s("s3_4_c12_c12_3");
	case 4: return read_sysreg_s("s3_4_c12_c12_4");
	case 5: return read_sysreg_s("s3_4_c12_c12_5");
	case 6: return read_sysreg_s("s3_4_c12_c12_6");
	case 7: return read_sysreg_s("s3_4_c12_c12_7");
	case 8: return read_sysreg_s("s3_4_c12_c13_0");
	case 9: return read_sysreg_s("s3_4_c12_c13_1");
	case 10: return read_sysreg_s("s3_4_c12_c13_2");
	case 11: return read_sysreg_s("s3_4_c12_c13_3");
	case 12: return read_sysreg_s("s3_4_c12_c13_4");
	case 13: return read_sysreg_s("s3_4_c12_c13_5");
	case 14: return read_sysreg_s("s3_4_c12_c13_6");
	default: return read_sysreg_s("s3_4_c12_c13_7");
	}
}

static void write_raw(unsigned int i, uint64_t v)
{
	switch (i) {
	case 0: write_sysreg_s("s3_4_c12_c12_0", v); break;
	case 1: write_sysreg_s("s3_4_c12_c12_1", v); break;
	case 2: write_sysreg_s("s3_4_c12_c12_2", v); break;
	case 3: write_sysreg_s("s3_4_c12_c12_3", v); break;
	case 4: write_sysreg_s("s3_4_c12_c12_4", v); break;
	case 5: write_sysreg_s("s3_4_c12_c12_5", v); break;
	case 6: write_sysreg_s("s3_4_c12_c12_6", v); break;
	case 7: write_sysreg_s("s3_4_c12_c12_7", v); break;
	case 8: write_sysreg_s("s3_4_c12_c13_0", v); break;
	case 9: write_sysreg_s("s3_4_c12_c13_1", v); break;
	case 10: write_sysreg_s("s3_4_c12_c13_2", v); break;
	case 11: write_sysreg_s("s3_4_c12_c13_3", v); break;
	case 12: write_sysreg_s("s3_4_c12_c13_4", v); break;
	case 13: write_sysreg_s("s3_4_c12_c13_5", v); break;
	case 14: write_sysreg_s("s3_4_c12_c13_6", v); break;
	default: write_sysreg_s("s3_4_c12_c13_7", v); break;
	}
}

static unsigned int nr_lrs(void)
{
	return (unsigned int)(read_sysreg_s(ICH_VTR_EL2) & 0x1f) + 1;
}

static void cpu_init(void)
{
	for (unsigned int i = 0; i < nr_lrs() && i < LR_MAX; i++)
		write_raw(i, 0);
	write_sysreg_s(ICH_VMCR_EL2, 0);
	write_sysreg_s(ICH_AP1R0_EL2, 0);
	write_sysreg_s(ICH_HCR_EL2, ICH_HCR_EN);
	isb();
}

static void write_lr(unsigned int i, const struct lr *lr)
{
	write_raw(i, lr_encode_v3(lr));
}

static struct lr read_lr(unsigned int i)
{
	return lr_decode_v3(read_raw(i));
}

static void set_underflow(bool on)
{
	write_sysreg_s(ICH_HCR_EL2, ICH_HCR_EN | (on ? ICH_HCR_UIE : 0));
}

static void save(struct vgic_cpu *c)
{
	c->saved_vmcr = read_sysreg_s(ICH_VMCR_EL2);
	c->saved_apr = read_sysreg_s(ICH_AP1R0_EL2);
}

static void restore(const struct vgic_cpu *c)
{
	write_sysreg_s(ICH_VMCR_EL2, c->saved_vmcr);
	write_sysreg_s(ICH_AP1R0_EL2, c->saved_apr);
}

const struct vgic_hw_ops vgic_v3_hw = {
	cpu_init, nr_lrs, write_lr, read_lr, read_raw, write_raw, set_underflow, save, restore,
};
