/* Bring-up that only the port knows how to do: Tandem's own translation
 * tables, the per-core setup of the CPU (its debug, performance-monitor and
 * feature controls), and what a boot line says about the CPU features
 * guests are shown. Called by main.c and cpu.c, in this order. */
#ifndef TANDEM_ARCH_BOOT_H
#define TANDEM_ARCH_BOOT_H
#include <stddef.h>
#include <stdint.h>

struct platform;

/* The port's image: its first and last byte (the linker script's), and
 * where a secondary core started by the firmware's PSCI CPU_ON enters it. */
extern uint8_t __image_start[], __image_end[];
void secondary_entry(void);

/* Tandem's own mappings, enough to read the platform tree at dtb_pa;
 * level: the privilege Tandem entered at (2: hypervisor, 1: kernel, the
 * paravirtual path). */
void mmu_init_early(uint64_t dtb_pa, unsigned int level);
/* Every RAM bank and device of the platform mapped for Tandem; 0 or -1. */
int mmu_map_platform(const struct platform *p);
/* Once, on the boot core: reads what the CPU offers guests. */
void arch_features_init(void);
/* On every core, before it runs a guest. */
void arch_cpu_init(unsigned int id);
/* The hypervisor's privilege as the architecture names it ("EL2", "HYP"). */
extern const char arch_hyp_name[];
/* One line for the boot log: the features guests get and those hidden. */
void arch_features_describe(char *buf, size_t len);

#endif
