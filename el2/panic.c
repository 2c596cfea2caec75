/* Panic reporting; see panic.h. */
#include <stdarg.h>
#include <format.h>
#include "el2/panic.h"
#include "el2/console.h"
#include "el2/cpu.h"
#include "el2/gic.h"
#include "el2/arch/barrier.h"

void panic_halt_others(void)
{
	unsigned int self = this_cpu()->id;

	if (!gic)
		return;
	for (unsigned int i = 0; i < ncpus; i++)
		if (i != self && pcpus[i].online)
			gic_send_sgi(i, SGI_HALT);
}

void panic_halt(void)
{
	tlog("halted");
	for (;;)
		interrupt_wait();
}

void panic(const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	console_force_unlock();
	va_start(ap, fmt);
	vsnformat(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	tlog("PANIC on core %u: %s", this_cpu()->id, buf);
	panic_halt_others();
	panic_halt();
}
