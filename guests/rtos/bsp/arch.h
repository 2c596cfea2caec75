/* The one place the board-support files name their architecture: its
 * accessors (device loads and stores, system registers by their AArch64
 * names, the hypercall) and its identity map (mmu_map, mmu_switch). */
#ifndef RTOS_BSP_ARCH_H
#define RTOS_BSP_ARCH_H
#if defined(__aarch64__)
#include "guests/rtos/arch/arm64/cpu.h"
#include "guests/rtos/arch/arm64/mmu.h"
#elif defined(__arm__)
#include "guests/rtos/arch/arm32/cpu.h"
#include "guests/rtos/arch/arm32/mmu.h"
#else
#error "no RTOS port for this architecture"
#endif
#endif
