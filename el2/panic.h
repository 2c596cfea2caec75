/* Tandem's own failures: a broken invariant or an exception taken at EL2.
 * Prints what is known (exception class, ESR, FAR, ELR, core), stops every
 * core, and halts. Guests never cause this; their faults stop only them. */
#ifndef TANDEM_PANIC_H
#define TANDEM_PANIC_H

void panic(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
/* An exception taken in Tandem itself, reported by the port (kind: 0
 * synchronous, 1 IRQ, 2 FIQ, 3 SError). */
void el2_fault_report(unsigned int kind) __attribute__((noreturn));
/* For the reports: stops every other core, then this one, for good. */
void panic_halt_others(void);
void panic_halt(void) __attribute__((noreturn));

#endif
