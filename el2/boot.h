/* The boot flow's results other parts need: the platform as parsed, and its
 * device tree (Tandem's own copy). */
#ifndef TANDEM_BOOT_H
#define TANDEM_BOOT_H

struct platform;

const struct platform *boot_platform(void);
const void *boot_platform_fdt(void);

#endif
