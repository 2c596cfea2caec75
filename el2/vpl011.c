/* Emulated PL011; see vpl011.h. Register layout and reset values from the
 * PrimeCell UART (PL011) Technical Reference Manual, r1p5. */
#include <string.h>
#include "el2/vpl011.h"
#include "el2/console.h"

#define FR_RXFE (1u << 4)
#define FR_TXFE (1u << 7)
#define RIS_TX  (1u << 5)

static void flush_locked(struct vpl011 *u)
{
	console_vm_line(u->vm_name, u->line, u->len);
	u->len = 0;
}

void vpl011_init(struct vpl011 *u, const char *vm_name)
{
	memset(u, 0, sizeof(*u));
	u->vm_name = vm_name;
	u->cr = 0x300;       /* TXE | RXE, as at reset */
	u->ifls = 0x12;
}

void vpl011_flush(struct vpl011 *u)
{
	spin_lock(&u->lock);
	if (u->len)
		flush_locked(u);
	spin_unlock(&u->lock);
}

static void dr_write(void *dev, struct vcpu *v, uint64_t off, unsigned int size, uint64_t val)
{
	struct vpl011 *u = dev;
	char c = (char)(val & 0xff);

	(void)v, (void)off, (void)size;
	spin_lock(&u->lock);
	u->chars_out++;
	if (c == '\n') {
		flush_locked(u);
	} else if (c != '\r') {
		/* Control characters other than tab are shown as '?': a guest must
		 * not drive Tandem's terminal. */
		u->line[u->len++] = (c >= 0x20 && c < 0x7f) || c == '\t' ? c : '?';
		if (u->len == VPL011_LINE_MAX)
			flush_locked(u);
	}
	spin_unlock(&u->lock);
}

static uint64_t fr_read(void *dev, struct vcpu *v, uint64_t off, unsigned int size)
{
	(void)dev, (void)v, (void)off, (void)size;
	return FR_TXFE | FR_RXFE;   /* output is never full; no input yet */
}

#define REG32(field) \
static uint64_t field##_read(void *dev, struct vcpu *v, uint64_t off, unsigned int size) \
{ (void)v, (void)off, (void)size; return ((struct vpl011 *)dev)->field; } \
static void field##_write(void *dev, struct vcpu *v, uint64_t off, unsigned int size, uint64_t val) \
{ (void)v, (void)off, (void)size; ((struct vpl011 *)dev)->field = (uint32_t)val; }

REG32(ibrd)
REG32(fbrd)
REG32(lcr_h)
REG32(cr)
REG32(ifls)
REG32(imsc)
REG32(dmacr)

static uint64_t ris_read(void *dev, struct vcpu *v, uint64_t off, unsigned int size)
{
	(void)dev, (void)v, (void)off, (void)size;
	return RIS_TX;   /* the transmit FIFO is always below its trigger level */
}

static uint64_t mis_read(void *dev, struct vcpu *v, uint64_t off, unsigned int size)
{
	return ris_read(dev, v, off, size) & ((struct vpl011 *)dev)->imsc;
}

static uint64_t id_read(void *dev, struct vcpu *v, uint64_t off, unsigned int size)
{
	/* PeriphID0-3 then PCellID0-3, one byte per word. */
	static const uint8_t ids[8] = { 0x11, 0x10, 0x34, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };

	(void)dev, (void)v, (void)size;
	return ids[(off / 4) & 7];
}

static const struct mmio_reg regs[] = {
	{ 0x000, 4, MMIO_W8 | MMIO_W16 | MMIO_W32, NULL, dr_write },   /* DR: no input */
	{ 0x004, 4, MMIO_W32, NULL, NULL },                            /* RSR/ECR */
	{ 0x018, 4, MMIO_W8 | MMIO_W16 | MMIO_W32, fr_read, NULL },    /* FR */
	{ 0x020, 4, MMIO_W32, NULL, NULL },                            /* ILPR */
	{ 0x024, 4, MMIO_W16 | MMIO_W32, ibrd_read, ibrd_write },
	{ 0x028, 4, MMIO_W8 | MMIO_W32, fbrd_read, fbrd_write },
	{ 0x02c, 4, MMIO_W8 | MMIO_W16 | MMIO_W32, lcr_h_read, lcr_h_write },
	{ 0x030, 4, MMIO_W16 | MMIO_W32, cr_read, cr_write },
	{ 0x034, 4, MMIO_W8 | MMIO_W16 | MMIO_W32, ifls_read, ifls_write },
	{ 0x038, 4, MMIO_W16 | MMIO_W32, imsc_read, imsc_write },
	{ 0x03c, 4, MMIO_W16 | MMIO_W32, ris_read, NULL },
	{ 0x040, 4, MMIO_W16 | MMIO_W32, mis_read, NULL },
	{ 0x044, 4, MMIO_W16 | MMIO_W32, NULL, NULL },                 /* ICR */
	{ 0x048, 4, MMIO_W8 | MMIO_W16 | MMIO_W32, dmacr_read, dmacr_write },
	{ 0xfe0, 32, MMIO_W8 | MMIO_W32, id_read, NULL },
};

MMIO_MODEL(vpl011_model, "pl011", regs, 0x1000);
