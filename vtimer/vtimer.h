/* Guest timers. Each guest owns its EL1 virtual timer outright (CNTV_*,
 * offset by its VM's CNTVOFF); its EL1 physical timer is trapped and
 * emulated; Tandem keeps the EL2 physical timer (CNTHP, el2/hyp_timer.c) to
 * wake a waiting vCPU when its deadline comes. */
#ifndef TANDEM_VTIMER_H
#define TANDEM_VTIMER_H
#include <stdbool.h>
#include <stdint.h>

struct vcpu;
struct platform;

/* Per core: takes the virtual-timer and GIC maintenance interrupts. */
void vtimer_cpu_init(const struct platform *p);
/* INTID of the guests' virtual timer (a PPI, the same on every core). */
extern uint32_t vtimer_virt_intid;

/* Whether the virtual timer loaded on this core asserts its interrupt. */
bool vtimer_asserted(void);
/* The vCPU this core is running (or handling an exit of), or NULL. */
struct vcpu *vtimer_running_vcpu(void);
/* Re-evaluates v's emulated physical timer: its interrupt line, and the EL2
 * timer slot that will raise it. On v's core. */
void ptimer_update(struct vcpu *v);

/* Emulated physical timer registers (CNTP_CTL_EL0, CNTP_CVAL_EL0,
 * CNTP_TVAL_EL0), called from the system-register trap table. */
uint64_t ptimer_read(struct vcpu *v, unsigned int reg);
void ptimer_write(struct vcpu *v, unsigned int reg, uint64_t value);
#define PTIMER_CTL  0
#define PTIMER_CVAL 1
#define PTIMER_TVAL 2

/* Pure timer arithmetic, unit-tested on the host. */
#define CNT_CTL_ENABLE  (1u << 0)
#define CNT_CTL_IMASK   (1u << 1)
#define CNT_CTL_ISTATUS (1u << 2)
/* CTL as a guest reads it: ISTATUS reflects the deadline against now. */
uint64_t timer_ctl_value(uint64_t ctl, uint64_t cval, uint64_t now);
/* TVAL reads as the signed 32-bit distance to the deadline. */
uint64_t timer_tval_read(uint64_t cval, uint64_t now);
/* A TVAL write sets the deadline to now + sign-extended TVAL. */
uint64_t timer_cval_from_tval(uint64_t tval, uint64_t now);
/* True if a timer with these registers asserts its interrupt now. */
bool timer_fires(uint64_t ctl, uint64_t cval, uint64_t now);

#endif
