/* Pieces shared by the emulated distributor (dist.c) and GICv3
 * redistributors (redist.c): per-interrupt bit, byte and 2-bit register
 * arrays, and the models themselves. */
#ifndef TANDEM_VGIC_DIST_H
#define TANDEM_VGIC_DIST_H
#include <stdbool.h>
#include <stdint.h>
#include "el2/mmio.h"

struct vm;
struct vcpu;
struct vgic_irq;

#define VGIC_REDIST_STRIDE 0x20000   /* RD_base + SGI_base frames per vCPU */
#define VGIC_V2_CPU_SIZE   0x2000    /* GICC/GICV: 8 KiB (GICC_DIR at 0x1000) */

enum vgic_bits { VGIC_BITS_ENABLE, VGIC_BITS_PENDING, VGIC_BITS_ACTIVE };

/* 32 interrupts from INTID first; owner banks the private ones. */
uint32_t vgic_bits_read(struct vm *vm, struct vcpu *owner, uint32_t first, enum vgic_bits what);
void vgic_bits_write(struct vm *vm, struct vcpu *owner, uint32_t first, uint32_t val,
		     enum vgic_bits what, bool set);
/* size priority bytes from INTID intid. */
uint64_t vgic_priority_read(struct vm *vm, struct vcpu *owner, uint32_t intid, unsigned int size);
void vgic_priority_write(struct vm *vm, struct vcpu *owner, uint32_t intid, unsigned int size,
			 uint64_t val);
/* 16 two-bit configuration fields from INTID first. */
uint32_t vgic_config_read(struct vm *vm, struct vcpu *owner, uint32_t first);
void vgic_config_write(struct vm *vm, struct vcpu *owner, uint32_t first, uint32_t val);
bool vgic_irq_pending(const struct vgic_irq *irq);

extern const struct mmio_model vgic_dist_v3_model, vgic_dist_v2_model, vgic_redist_model;

#endif
