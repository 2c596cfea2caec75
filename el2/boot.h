/* The boot flow's results other parts need: the platform as parsed, and its
 * device tree (Tandem's own copy). */
#ifndef TANDEM_BOOT_H
#define TANDEM_BOOT_H
#include <stdbool.h>
#include <stdint.h>

struct platform;
struct boot_module;

const struct platform *boot_platform(void);
const void *boot_platform_fdt(void);
struct system_plan;
/* Every VM overlay's record, those refused at boot included. */
const struct system_plan *boot_plan(void);
/* The same, for the operator's changes after boot (el2/vm_runtime.c). */
struct system_plan *boot_plan_writable(void);

/* The boot flow's own state and steps (el2/main.c), shared by its two
 * entries: primary_main() at the hypervisor's privilege, and the
 * paravirtual path's (pv/boot.c), which a port's entry calls when the core
 * has no virtualization extensions. */
#define PLATFORM_DTB_MAX (128 * 1024)
extern uint8_t platform_dtb[PLATFORM_DTB_MAX];
extern struct platform plat;
extern struct system_plan plan;
void fatal(const char *what) __attribute__((noreturn));
uint64_t total_ram(void);
bool is_fdt(const struct boot_module *m);
void plan_give_modules(void);
void release_uncreated(unsigned int index);
void report_unused_modules(void);
void *firmware_dtb(uint64_t dtb_pa);

#endif
