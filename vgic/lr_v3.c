/* GICv3 list registers and control, through the ICH_*_EL2 system registers. */
#include "vgic/vgic.h"
#include "el2/arm64/sysreg.h"

#define ICH_HCR_EL2   "s3_4_c12_c11_0"
#define ICH_VTR_EL2   "s3_4_c12_c11_1"
#define ICH_VMCR_EL2  "s3_4_c12_c11_7"
#define ICH_AP1R0_EL2 "s3_4_c12_c9_0"
#define ICH_HCR_EN    (1u << 0)
#define ICH_HCR_UIE   (1u << 1)


#define read_raw ich_lr_read
#define write_raw ich_lr_write

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
