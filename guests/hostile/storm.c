/* Storms: exceptions, hypercalls, firmware calls, emulated MMIO, trapped
 * implementation-defined registers, a level interrupt that never goes
 * away, a console flood and terminal escape sequences. Each costs the attacker's own core time only:
 * the victim keeps its deadlines. */
#include <stddef.h>
#include <stdint.h>
#include "firmware/smccc.h"
#include "firmware/psci.h"
#include "guests/hostile/hostile.h"

static uint64_t elapsed_us(uint64_t t0)
{
	return (cntvct() - t0) * 1000000 / read_sysreg(cntfrq_el0);
}

static void storm_udf(void)
{
	uint64_t t0 = cntvct(), n;

	catch_reset();
	n = STORM(__asm__ volatile("udf #0" : : : "memory"));
	result(caught == n && caught_ec() == EC_UNKNOWN, "%llu of %llu UDFs taken at EL1 in %llu us",
	       (unsigned long long)caught, (unsigned long long)n, (unsigned long long)elapsed_us(t0));
}

static void storm_hvc(void)
{
	uint64_t t0 = cntvct(), n, bad = 0;

	n = STORM(bad += PSCI_RET(hvc_call(0x8600ffaa, __n, __n, __n)) != -1);
	result(!bad, "%llu unknown hypercalls in %llu us, %llu wrong answers", (unsigned long long)n,
	       (unsigned long long)elapsed_us(t0), (unsigned long long)bad);
}

static void storm_smc(void)
{
	uint64_t t0 = cntvct(), n, bad = 0;

	n = STORM(bad += PSCI_RET(smc_call(PSCI_VERSION, 0, 0, 0)) != PSCI_VERSION_1_1);
	result(!bad, "%llu SMC PSCI_VERSION in %llu us, %llu wrong answers", (unsigned long long)n,
	       (unsigned long long)elapsed_us(t0), (unsigned long long)bad);
}

static void storm_mmio(void)
{
	uint32_t typer = readl(gic.gicd + GICD_TYPER);
	uint64_t t0 = cntvct(), n, bad = 0;

	n = STORM(bad += readl(gic.gicd + GICD_TYPER) != typer);
	result(!bad, "%llu emulated GICD_TYPER reads in %llu us, %llu wrong", (unsigned long long)n,
	       (unsigned long long)elapsed_us(t0), (unsigned long long)bad);
}

static void storm_impdef(void)
{
	uint64_t t0 = cntvct(), n, v;

	catch_reset();
	n = STORM(__asm__ volatile("mrs %0, s3_1_c15_c2_0" : "=r"(v) : : "memory"));
	(void)v;
	result(caught == n && caught_ec() == EC_UNKNOWN,
	       "%llu of %llu CPUACTLR_EL1 reads UNDEFINED, in %llu us", (unsigned long long)caught,
	       (unsigned long long)n, (unsigned long long)elapsed_us(t0));
}

static volatile uint32_t level_irqs;
static volatile uint64_t level_end;

static void level_irq(unsigned int intid, uint32_t iar)
{
	(void)intid, (void)iar;
	/* Leaves the condition asserted: the interrupt comes straight back. */
	if (++level_irqs > 0 && cntvct() >= level_end)
		write_sysreg(cntp_ctl_el0, 3);   /* IMASK: enough */
}

static void storm_level_irq(void)
{
	uint64_t t0 = cntvct();

	level_end = t0 + ms_ticks(STORM_MS);
	gic_set_handler(30, level_irq);
	gic_enable(30);
	write_sysreg(cntp_cval_el0, 0);
	write_sysreg(cntp_ctl_el0, 1);
	isb();
	irqs_on();
	while (!(read_sysreg(cntp_ctl_el0) & 2) && cntvct() < level_end + ms_ticks(100))
		;
	irqs_off();
	bool masked = read_sysreg(cntp_ctl_el0) & 2;

	write_sysreg(cntp_ctl_el0, 0);
	gic_disable(30);
	result(masked && level_irqs > 1000, "a physical-timer interrupt left asserted was taken %u times "
	       "in %llu us", level_irqs, (unsigned long long)elapsed_us(t0));
}

static void console_flood(void)
{
	const uint64_t ms = STORM_MS;
	uint64_t end = cntvct() + ms_ticks(ms), bytes = 0, lines = 0;
	static const char text[] = "FLOODFLOODFLOODFLOODFLOODFLOODFLOODFLOODFLOODFLOODFLOODFLOODFLOODFLOOD"
				   "FLOODFLOODFLOODFLOODFLOOD\n";

	/* Straight into the data register, never waiting for the FIFO. */
	while (cntvct() < end) {
		for (const char *p = text; *p; p++)
			writel(uart + UART_DR, (uint8_t)*p);
		bytes += sizeof(text) - 1;
		lines++;
	}
	/* Tandem now drops this VM's lines until its console budget refills
	 * (docs/security.md): a pause, so that the result is shown. */
	sleep_ticks(ms_ticks(1500));
	result(true, "wrote %llu bytes (%llu lines) in %llu ms without pause", (unsigned long long)bytes,
	       (unsigned long long)lines, (unsigned long long)ms);
}

/* Escape sequences to take over the operator's terminal (clear it, move the
 * cursor, set its title, colours, a DCS query, a character set), then the
 * cursor-position question eight times: Tandem takes every sequence out of
 * the line and answers the question only for the VM with the keyboard. What
 * comes back is read for 10 ms and counted. */
static void console_escapes(void)
{
	static const char seq[] = "\x1b[2J\x1b[H\x1b]0;owned\x07\x1b[31mRED\x1b[0m-\x1bP1$r\x1b\\TEXT"
				  "\x1b(0-END\x1b[999;999H\n";
	uint64_t end;
	unsigned int back = 0;

	for (const char *p = seq; *p; p++)
		writel(uart + UART_DR, (uint8_t)*p);
	for (unsigned int i = 0; i < 8; i++)
		for (const char *p = "\x1b[6n"; *p; p++)
			writel(uart + UART_DR, (uint8_t)*p);
	end = cntvct() + ms_ticks(10);
	while (cntvct() < end)
		if (!(readl(uart + UART_FR) & (1u << 4))) {   /* RXFE clear: a byte came */
			(void)readl(uart + UART_DR);
			back++;
		}
	result(true, "wrote escape sequences and 8 cursor-position questions; %u bytes came back", back);
}

const struct attack storm_attacks[] = {
	{ "storm-udf", storm_udf },
	{ "storm-hvc", storm_hvc },
	{ "storm-smc", storm_smc },
	{ "storm-mmio", storm_mmio },
	{ "storm-impdef", storm_impdef },
	{ "storm-level-irq", storm_level_irq },
	{ "console-flood", console_flood },
	{ "console-escapes", console_escapes },
	{ NULL, NULL },
};

