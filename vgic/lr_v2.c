/* GICv2 list registers and control, through the memory-mapped GICH. */
#include "vgic/vgic.h"
#include "dt/platform.h"

#define GICH_HCR   0x000
#define GICH_VTR   0x004
#define GICH_VMCR  0x008
#define GICH_APR   0x0f0
#define GICH_LR(n) (0x100 + 4 * (n))
#define GICH_HCR_EN  (1u << 0)
#define GICH_HCR_UIE (1u << 1)

uintptr_t vgic_v2_gich;   /* also used by the timer's fast path (vgic.h) */
#define gich vgic_v2_gich

void vgic_v2_set_base(uint64_t base);
void vgic_v2_set_base(uint64_t base)
{
	gich = (uintptr_t)base;
}

static inline uint32_t rd(uint32_t off) { return *(volatile uint32_t *)(gich + off); }
static inline void wr(uint32_t off, uint32_t v) { *(volatile uint32_t *)(gich + off) = v; }

static unsigned int nr_lrs(void)
{
	return (rd(GICH_VTR) & 0x3f) + 1;
}

static uint64_t read_raw(unsigned int i)
{
	return rd(GICH_LR(i));
}

static void write_raw(unsigned int i, uint64_t v)
{
	wr(GICH_LR(i), (uint32_t)v);
}

static void cpu_init(void)
{
	for (unsigned int i = 0; i < nr_lrs() && i < LR_MAX; i++)
		write_raw(i, 0);
	wr(GICH_VMCR, 0);
	wr(GICH_APR, 0);
	wr(GICH_HCR, GICH_HCR_EN);
}

static void write_lr(unsigned int i, const struct lr *lr)
{
	write_raw(i, lr_encode_v2(lr));
}

static struct lr read_lr(unsigned int i)
{
	return lr_decode_v2((uint32_t)read_raw(i));
}

static void set_underflow(bool on)
{
	wr(GICH_HCR, GICH_HCR_EN | (on ? GICH_HCR_UIE : 0));
}

static void save(struct vgic_cpu *c)
{
	c->saved_vmcr = rd(GICH_VMCR);
	c->saved_apr = rd(GICH_APR);
}

static void restore(const struct vgic_cpu *c)
{
	wr(GICH_VMCR, (uint32_t)c->saved_vmcr);
	wr(GICH_APR, (uint32_t)c->saved_apr);
}

const struct vgic_hw_ops vgic_v2_hw = {
	cpu_init, nr_lrs, write_lr, read_lr, read_raw, write_raw, set_underflow, save, restore,
};
