/* Assembly helpers of the ARMv7-A port. */
#ifndef RTOS_ARM32_ASM_H
#define RTOS_ARM32_ASM_H

#include "lib/arm32_image.h"   /* adr_l, relocate_self, clear_bss */

#endif
