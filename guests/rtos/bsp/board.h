/* The board as its device tree describes it (dt.c), and the drivers of the
 * native board-support layer: GIC v2/v3 (gic.c), the generic timer's
 * virtual timer (timer.c; the A9's private and global timers in
 * bsp-a9/timer.c), the PL011 console (uart.c; an SBSA UART, its subset, in
 * Xen's domU tree), boot (boot.c). */
#ifndef RTOS_BSP_BOARD_H
#define RTOS_BSP_BOARD_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BOARD_MAX_RAM   4
#define BOARD_MAX_GICR  4
#define BOARD_ARGS      256

struct range {
	uint64_t base, size;
};

struct board {
	char bootargs[BOARD_ARGS];
	struct range ram[BOARD_MAX_RAM];
	int nram;
	int gic_version;                /* 2 or 3 */
	struct range gicd, gicc;        /* gicc: v2 */
	struct range gicr[BOARD_MAX_GICR];
	int ngicr;
	unsigned int timer_intid;       /* the EL1 virtual timer's PPI (A9: the private timer's) */
	uint64_t timer_hz;              /* "clock-frequency", 0: CNTFRQ_EL0 (A9: PERIPHCLK's) */
	struct range timer_regs;        /* A9: the private timer's registers; else 0 */
	struct range counter_regs;      /* A9: the global timer's registers; else 0 */
	struct range uart;
	unsigned int uart_intid;
	bool uart_sbsa;                 /* the console is an SBSA UART (no CR, LCR_H) */
	struct range chan;              /* a Tandem channel's rings ("tandem,channel"), or 0 */
	unsigned int chan_intid;        /* its doorbell */
	unsigned int chan_index;        /* its index among the tree's channels (the hypercall's) */
};
extern struct board board;

/* NULL, or what is missing. */
const char *board_read_dt(const void *fdt);

/* GIC. Priorities: lower is more urgent; the timer beats the UART. */
#define PRIO_TIMER      0x80
#define PRIO_UART       0xa0
typedef void irq_handler_t(void);
/* Distributor (and redistributor) and this CPU's interface. NULL or why not. */
const char *gic_init(void);
/* handler runs between acknowledge and end of interrupt, done (if any)
 * after the end. */
void gic_enable(unsigned int intid, uint8_t prio, irq_handler_t *handler, irq_handler_t *done);
/* Acknowledges one interrupt, runs its handler, ends it. */
void bsp_irq(void);

#define PRIO_CHANNEL    0xb0

/* bsp/channel.c: the shared-memory end of a Tandem channel (docs/channels.md).
 * channel_init: NULL, or why there is none; on_ring runs in the interrupt. */
const char *channel_init(irq_handler_t *on_ring);
/* Non-blocking: bytes read from / written to the peer. */
size_t channel_read(void *buf, size_t max);
size_t channel_write(const void *buf, size_t n);
/* Rings Tandem (TANDEM_HC_CHANNEL_NOTIFY): it reads both rings' indices. */
void channel_notify(void);

/* The last timer interrupt: the cycle counter at its handler's first
 * instruction and the deadline (counter ticks) it was for. For the
 * application's interrupt-latency benchmark; the kernel does not use it. */
struct bsp_timer_stamp {
	uint64_t cycles, deadline;
};
extern volatile struct bsp_timer_stamp bsp_timer_stamp;

/* A null call to the hypervisor (Tandem's TANDEM_HC_NULL): for the
 * application's benchmark, only when running under Tandem. Returns 0. */
int64_t bsp_null_hypercall(void);

void timer_init(void);
void uart_init(void);
void uart_rx_enable(void);

/* bsp/boot.c, from start.S: does not return. */
void bsp_boot(const void *fdt) __attribute__((noreturn));

#endif
