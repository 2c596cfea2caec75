/* GICv3 list registers and control, through the port's virtual CPU
 * interface (el2/arch/gic_cpuif.h). */
#include "vgic/vgic.h"
#include "el2/arch/barrier.h"
#include "el2/arch/gic_cpuif.h"

#define VIF_CTL_ENABLE    (1u << 0)   /* the virtual interface control register's En */
#define VIF_CTL_UNDERFLOW (1u << 1)   /* ... and UIE: maintenance when LRs run low */

#define read_raw ich_lr_read
#define write_raw ich_lr_write

static unsigned int nr_lrs(void)
{
	return ich_nr_lrs();
}

static void cpu_init(void)
{
	for (unsigned int i = 0; i < nr_lrs() && i < LR_MAX; i++)
		write_raw(i, 0);
	ich_vmcr_write(0);
	ich_apr_write(0);
	ich_hcr_write(VIF_CTL_ENABLE);
	sync_context();
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
	ich_hcr_write(VIF_CTL_ENABLE | (on ? VIF_CTL_UNDERFLOW : 0));
}

static void save(struct vgic_cpu *c)
{
	c->saved_vmcr = ich_vmcr_read();
	c->saved_apr = ich_apr_read();
}

static void restore(const struct vgic_cpu *c)
{
	ich_vmcr_write(c->saved_vmcr);
	ich_apr_write(c->saved_apr);
}

const struct vgic_hw_ops vgic_v3_hw = {
	cpu_init, nr_lrs, write_lr, read_lr, read_raw, write_raw, set_underflow, save, restore,
};
