/* A paravirtualized VM's address space (pv/address_space.c). */
#ifndef TANDEM_PV_ADDRESS_SPACE_H
#define TANDEM_PV_ADDRESS_SPACE_H
#include <stdint.h>
#include "pv/vm.h"

/* Its table (VM number index's), with Tandem's image in it for Tandem
 * only, and its vCPU resuming in it: 0, or -1 if out of table pages. */
int pv_space_init(struct pv_vm *vm, unsigned int index);
/* All its RAM at its memory-base, read/write/execute for the guest: 0, or
 * -1 if out of table pages. */
int pv_space_map_ram(struct pv_vm *vm);
/* TANDEM_PV_MAP, its arguments checked: 0, or -1 when out of table pages
 * (the range is left unmapped). */
int pv_space_map(struct pv_vm *vm, uint64_t va, uint64_t offset, uint64_t size, uint64_t prot);

#endif
