/* Emulated PL011; see vpl011.h. Register layout, reset values and interrupt
 * behaviour follow the PrimeCell UART (PL011) Technical Reference Manual,
 * r1p5. Transmission is instantaneous: the transmit FIFO is always empty,
 * so TXRIS is set except just after ICR clears it (until the next write).
 * Received characters wait in a FIFO; RXRIS and RTRIS (receive timeout) are
 * set while it holds any (a timeout as soon as data waits). */
#include <string.h>
#include <format.h>
#include "el2/vpl011.h"
#include "el2/console.h"
#include "el2/console_input.h"
#include "el2/vm.h"
#include "vgic/vgic.h"

#define FR_RXFE (1u << 4)
#define FR_TXFF (1u << 5)
#define FR_RXFF (1u << 6)
#define FR_TXFE (1u << 7)
#define INT_RX  (1u << 4)
#define INT_TX  (1u << 5)
#define INT_RT  (1u << 6)
#define INT_ALL 0x7ffu

/* A whole line: shown behind the VM's name, or, when the VM has the
 * keyboard, already shown as it came and now ended. A line over the VM's
 * budget is dropped whole. */
static void flush_locked(struct vpl011 *u)
{
	if (console_is_live(u->vm_name))
		console_live_output(u->vm_name, true);
	else if (console_budget_allows(&u->budget, u->vm_name, u->len + 1))
		console_vm_line(u->vm_name, u->line, u->len);
	u->len = 0;
}

/* Raises or lowers the interrupt line after any state change (lock held). */
static void update_irq(struct vpl011 *u)
{
	bool high = (u->ris & u->imsc) != 0;

	if (high != u->line_high && u->vm) {
		u->line_high = high;
		vgic_set_line(u->vm, NULL, u->intid, high);
	}
}

/* Receive interrupts and the flag register follow the receive FIFO. FR is
 * kept ready: polling it is the most frequent access of all. */
static void rx_status(struct vpl011 *u)
{
	if (u->rx_count)
		u->ris |= INT_RX | INT_RT;
	else
		u->ris &= ~(INT_RX | INT_RT);
	u->fr = FR_TXFE | (u->rx_count ? 0 : FR_RXFE) |
		(u->rx_count == VPL011_RX_FIFO ? FR_RXFF : 0);
}

void vpl011_init(struct vpl011 *u, struct vm *vm, const char *vm_name, uint32_t intid)
{
	memset(u, 0, sizeof(*u));
	u->vm_name = vm_name;
	u->vm = vm;
	u->intid = intid;
	u->cr = 0x300;       /* TXE | RXE, as at reset */
	u->ifls = 0x12;
	u->ris = INT_TX;
	rx_status(u);
}

void vpl011_flush(struct vpl011 *u)
{
	spin_lock(&u->lock);
	if (u->len)
		flush_locked(u);
	console_budget_settle(&u->budget, u->vm_name);   /* before it stops or restarts */
	spin_unlock(&u->lock);
}

static unsigned int receive_locked(struct vpl011 *u, const char *s, unsigned int n)
{
	unsigned int taken = 0;

	for (; taken < n && u->rx_count < VPL011_RX_FIFO; taken++) {
		u->rx[(u->rx_head + u->rx_count) % VPL011_RX_FIFO] = (uint8_t)s[taken];
		u->rx_count++;
	}
	rx_status(u);
	update_irq(u);
	return taken;
}

unsigned int vpl011_receive(struct vpl011 *u, const char *s, unsigned int n)
{
	unsigned int taken;

	spin_lock(&u->lock);
	taken = receive_locked(u, s, n);
	spin_unlock(&u->lock);
	return taken;
}

/* The VM asked where the cursor is (ESC [ 6 n), as busybox's shell does
 * at each prompt to find its column: the answer a terminal would type,
 * ESC [ row ; column R, with the column in the VM's own line (Tandem's
 * "[name] " before it is not the VM's) and row 1 (not tracked). Only the
 * VM with the keyboard is answered: a terminal answers whoever is on it.
 * If its FIFO has no room for all of it, none is sent. Lock held. */
static void answer_position(struct vpl011 *u)
{
	char ans[16];
	int n;

	if (!console_is_live(u->vm_name))
		return;
	n = snformat(ans, sizeof(ans), "\x1b[1;%uR", u->len + 1);
	if (n > 0 && n < (int)sizeof(ans) && VPL011_RX_FIFO - u->rx_count >= (unsigned int)n)
		receive_locked(u, ans, (unsigned int)n);
}

static uint64_t dr_read(void *dev, struct vcpu *v, uint64_t off, unsigned int size)
{
	struct vpl011 *u = dev;
	uint64_t c = 0;

	(void)v, (void)off, (void)size;
	spin_lock(&u->lock);
	if (u->rx_count) {
		c = u->rx[u->rx_head];
		u->rx_head = (u->rx_head + 1) % VPL011_RX_FIFO;
		u->rx_count--;
		rx_status(u);
		update_irq(u);
	}
	spin_unlock(&u->lock);
	console_input_resume();   /* room again for input waiting in Tandem */
	vgic_flush_if_needed(v);
	return c;
}

static void dr_write(void *dev, struct vcpu *v, uint64_t off, unsigned int size, uint64_t val)
{
	struct vpl011 *u = dev;
	char c = (char)(val & 0xff);
	enum esc_verdict verdict;

	(void)off, (void)size;
	if (__builtin_expect(!v->vm->boot_reported, 0))
		vm_report_boot(v->vm);
	spin_lock(&u->lock);
	u->chars_out++;
	/* The VM with the keyboard shows each character as it comes: each is
	 * charged as it comes. */
	verdict = esc_filter_feed(&u->esc, c);
	if (verdict != ESC_SHOW) {
		if (verdict == ESC_ASK_POSITION)
			answer_position(u);
	} else if (console_is_live(u->vm_name) && c != '\r' &&
		   !console_budget_allows(&u->budget, u->vm_name, 1)) {
		/* dropped, and counted */
	} else if (c == '\n') {
		flush_locked(u);
	} else if (c == '\b') {
		/* A shell erasing what was typed ("\b \b"). */
		if (u->len)
			u->len--;
		console_live_erase(u->vm_name, u->len);
	} else if (c != '\r') {
		/* Escape sequences are gone (esc_filter.h); other control
		 * characters but tab show as '?': a guest must not drive
		 * Tandem's terminal. */
		u->line[u->len++] = (c >= 0x20 && c < 0x7f) || c == '\t' ? c : '?';
		if (u->len == VPL011_LINE_MAX)
			flush_locked(u);
		else if (console_is_live(u->vm_name))
			console_live_output(u->vm_name, false);
	}
	/* The character left at once: the FIFO is below its trigger level. */
	if (!(u->ris & INT_TX)) {
		u->ris |= INT_TX;
		update_irq(u);
	}
	spin_unlock(&u->lock);
	vgic_flush_if_needed(v);
}

static uint64_t fr_read(void *dev, struct vcpu *v, uint64_t off, unsigned int size)
{
	(void)v, (void)off, (void)size;
	return ((struct vpl011 *)dev)->fr;
}

#define REG32(field, mask) \
static uint64_t field##_read(void *dev, struct vcpu *v, uint64_t off, unsigned int size) \
{ (void)v, (void)off, (void)size; return ((struct vpl011 *)dev)->field; } \
static void field##_write(void *dev, struct vcpu *v, uint64_t off, unsigned int size, uint64_t val) \
{ (void)v, (void)off, (void)size; ((struct vpl011 *)dev)->field = (uint32_t)val & (mask); }

REG32(ibrd, 0xffff)
REG32(fbrd, 0x3f)
REG32(lcr_h, 0xff)
REG32(cr, 0xff87)
REG32(ifls, 0x3f)
REG32(dmacr, 0x7)

static uint64_t imsc_read(void *dev, struct vcpu *v, uint64_t off, unsigned int size)
{
	(void)v, (void)off, (void)size;
	return ((struct vpl011 *)dev)->imsc;
}

static void imsc_write(void *dev, struct vcpu *v, uint64_t off, unsigned int size, uint64_t val)
{
	struct vpl011 *u = dev;

	(void)v, (void)off, (void)size;
	spin_lock(&u->lock);
	u->imsc = (uint32_t)val & INT_ALL;
	update_irq(u);
	spin_unlock(&u->lock);
	vgic_flush_if_needed(v);
}

static uint64_t ris_read(void *dev, struct vcpu *v, uint64_t off, unsigned int size)
{
	(void)v, (void)off, (void)size;
	return ((struct vpl011 *)dev)->ris;
}

static uint64_t mis_read(void *dev, struct vcpu *v, uint64_t off, unsigned int size)
{
	struct vpl011 *u = dev;

	(void)v, (void)off, (void)size;
	return u->ris & u->imsc;
}

static void icr_write(void *dev, struct vcpu *v, uint64_t off, unsigned int size, uint64_t val)
{
	struct vpl011 *u = dev;

	(void)v, (void)off, (void)size;
	spin_lock(&u->lock);
	u->ris &= ~((uint32_t)val & INT_ALL);
	rx_status(u);   /* receive interrupts persist while data waits */
	update_irq(u);
	spin_unlock(&u->lock);
	vgic_flush_if_needed(v);
}

static uint64_t id_read(void *dev, struct vcpu *v, uint64_t off, unsigned int size)
{
	/* PeriphID0-3 then PCellID0-3, one byte per word. */
	static const uint8_t ids[8] = { 0x11, 0x10, 0x34, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };

	(void)dev, (void)v, (void)size;
	return ids[(off / 4) & 7];
}

static const struct mmio_reg regs[] = {
	{ 0x000, 4, MMIO_W8 | MMIO_W16 | MMIO_W32, dr_read, dr_write },
	{ 0x004, 4, MMIO_W8 | MMIO_W32, NULL, NULL },                  /* RSR/ECR */
	{ 0x018, 4, MMIO_W8 | MMIO_W16 | MMIO_W32, fr_read, NULL },
	{ 0x020, 4, MMIO_W8 | MMIO_W32, NULL, NULL },                  /* ILPR */
	{ 0x024, 4, MMIO_W16 | MMIO_W32, ibrd_read, ibrd_write },
	{ 0x028, 4, MMIO_W8 | MMIO_W32, fbrd_read, fbrd_write },
	{ 0x02c, 4, MMIO_W8 | MMIO_W16 | MMIO_W32, lcr_h_read, lcr_h_write },
	{ 0x030, 4, MMIO_W16 | MMIO_W32, cr_read, cr_write },
	{ 0x034, 4, MMIO_W8 | MMIO_W16 | MMIO_W32, ifls_read, ifls_write },
	{ 0x038, 4, MMIO_W16 | MMIO_W32, imsc_read, imsc_write },
	{ 0x03c, 4, MMIO_W16 | MMIO_W32, ris_read, NULL },
	{ 0x040, 4, MMIO_W16 | MMIO_W32, mis_read, NULL },
	{ 0x044, 4, MMIO_W16 | MMIO_W32, NULL, icr_write },
	{ 0x048, 4, MMIO_W8 | MMIO_W16 | MMIO_W32, dmacr_read, dmacr_write },
	{ 0xfe0, 32, MMIO_W8 | MMIO_W32, id_read, NULL },
};

MMIO_MODEL(vpl011_model, "pl011", regs, 0x1000);
