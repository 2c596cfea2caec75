/* Delays, absolute delays and drift-free periodic releases, in ticks of
 * the port's counter. */
#include "guests/rtos/kernel/kernel.h"

uint64_t rtos_now(void)
{
	return port_now();
}

uint64_t rtos_ticks_per_second(void)
{
	return port_ticks_per_second();
}

uint64_t rtos_us_to_ticks(uint64_t us)
{
	uint64_t hz = port_ticks_per_second();

	return us / 1000000 * hz + us % 1000000 * hz / 1000000;
}

int rtos_delay_until(uint64_t when)
{
	port_irq_state_t flags = port_irq_save();
	int r;

	if (!kernel_in_task())
		r = RTOS_INVALID;
	else if (when <= port_now())
		r = RTOS_TIMEOUT;
	else
		r = kernel_block(NULL, when);
	port_irq_restore(flags);
	return r;
}

void rtos_delay(uint64_t ticks)
{
	if (ticks)
		rtos_delay_until(kernel_deadline(ticks));
}

void rtos_period_init(struct rtos_period *p, uint64_t first, uint64_t period)
{
	p->next = first;
	p->period = period;
	p->releases = 0;
}

/* Each release is computed from the previous release, never from the time
 * the task got round to asking: a late job does not shift the ones after. */
uint64_t rtos_period_wait(struct rtos_period *p)
{
	uint64_t release = p->next;

	p->next += p->period;
	p->releases++;
	rtos_delay_until(release);
	return release;
}
