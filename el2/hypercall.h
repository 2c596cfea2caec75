/* Tandem's own hypercalls: SMCCC fast calls in the vendor-specific
 * hypervisor range (owner 6), made with HVC #0 (or SMC #0). Guests include
 * this header for the function IDs. docs/paravirt.md documents the ABI. */
#ifndef TANDEM_HYPERCALL_H
#define TANDEM_HYPERCALL_H

#define TANDEM_HC_VERSION   0x86000000u  /* -> x0 = 0, x1 = (major << 16) | minor */
#define TANDEM_HC_NULL      0x86000001u  /* -> x0 = 0; does nothing (path-length benchmark) */
#define TANDEM_HC_VM_INFO   0x86000002u  /* -> x0 = 0, x1 = VM id, x2 = vCPU id, x3 = vCPUs */
#define TANDEM_HC_CHANNEL_NOTIFY 0x86000003u  /* x1 = channel index -> x0 = 0; docs/channels.md */
/* 0x86000010-0x8600001f: the paravirtual path's calls (pv/abi.h). */
#define TANDEM_HC_CALL_UID  0x8600ff01u  /* -> x0..x3 = Tandem's UID (SMCCC convention) */

#define TANDEM_HC_OK            0
#define TANDEM_HC_NOT_SUPPORTED (-1)
#define TANDEM_HC_INVALID       (-2)   /* an argument is out of range */

#define TANDEM_VERSION_MAJOR 0
#define TANDEM_VERSION_MINOR 1

#ifndef __ASSEMBLER__
struct vcpu;
void hypercall_handle(struct vcpu *v, unsigned int fid);
#endif

#endif
