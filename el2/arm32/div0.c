/* The C half of aeabi.S. */
#include "el2/panic.h"

void division_by_zero(void) __attribute__((noreturn, used));
void division_by_zero(void)
{
	panic("division by zero in Tandem");
}
