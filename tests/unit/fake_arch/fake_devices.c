/* Devices as memory; see fake_devices.h. */
#include <string.h>
#include "tests/unit/fake_arch/fake_devices.h"

uint32_t fake_gicd[0x10000 / 4] __attribute__((aligned(4096)));
uint32_t fake_gicc[0x2000 / 4] __attribute__((aligned(4096)));
uint32_t fake_gich[0x200 / 4] __attribute__((aligned(4096)));
uint32_t fake_uart[0x1000 / 4] __attribute__((aligned(4096)));

void fake_devices_reset(unsigned int lines, unsigned int nlr)
{
	memset(fake_gicd, 0, sizeof(fake_gicd));
	memset(fake_gicc, 0, sizeof(fake_gicc));
	memset(fake_gich, 0, sizeof(fake_gich));
	memset(fake_uart, 0, sizeof(fake_uart));
	fake_gicd[1] = lines / 32 - 1;   /* GICD_TYPER.ITLinesNumber */
	fake_gich[1] = nlr - 1;          /* GICH_VTR.ListRegs */
}
