/* What the prebuilt libfdt.a expects from a C library beyond lib/string.c:
 * the stack-protector canary and its failure hook. */
#include <stdint.h>
#include "el2/panic.h"

uintptr_t __stack_chk_guard = (uintptr_t)0x595e9fbd94fda766ull;   /* its low half on 32-bit */

void __stack_chk_fail(void) __attribute__((noreturn));
void __stack_chk_fail(void)
{
	panic("stack corruption detected (libfdt's stack protector)");
}
