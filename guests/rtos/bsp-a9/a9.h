/* The Cortex-A9 MPCore's timers as bsp-a9 uses them: the global timer
 * (a 64-bit up-counter shared by the cores) and this core's private timer
 * (a 32-bit down-counter), both counting PERIPHCLK with prescaler 0. */
#ifndef RTOS_BSP_A9_H
#define RTOS_BSP_A9_H
#include <stdint.h>

/* PERIPHCLK on QEMU's vexpress-a9 (its a9gtimer and arm_mptimer count
 * 10 ns periods); no device-tree node gives it. */
#define A9_PERIPHCLK_HZ 100000000u

/* QEMU's nominal CPU clock (PMCCNTR's rate on its Cortex-A15 and A57):
 * bsp-a9/cycles.c counts cycles in it. */
#define A9_CPU_HZ       1000000000u

#define GT_COUNT_LO     0x00
#define GT_COUNT_HI     0x04
#define GT_CONTROL      0x08
#define GT_ENABLE       (1u << 0)
#define GT_COMP_IRQ_AUTO 0xeu            /* comparator, its interrupt, auto-increment */
#define A9_PRESCALER    0xff00u


#endif
