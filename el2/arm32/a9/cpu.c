/* Each core's struct pcpu on a core without HTPIDR (arch_impl/cpu.h). */
#include "el2/arch/cpu.h"

void *a9_pcpu[A9_MAX_CORES];
