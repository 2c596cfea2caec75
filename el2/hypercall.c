/* Tandem's hypercalls; see hypercall.h. */
#include "el2/hypercall.h"
#include "vchan/channel.h"
#include "el2/vcpu.h"
#include "el2/vm.h"

/* Tandem's SMCCC UID: 5b1e0cb3-2e7f-4d52-9a6c-54414e44454d ("TANDEM"). */
static const uint32_t tandem_uid[4] = { 0xb30c1e5b, 0x524d7f2e, 0x41546c9a, 0x4d45444e };

void hypercall_handle(struct vcpu *v, unsigned int fid)
{
	switch (fid) {
	case TANDEM_HC_NULL:
		vcpu_set_reg(v, 0, TANDEM_HC_OK);
		return;
	case TANDEM_HC_VERSION:
		vcpu_set_reg(v, 0, TANDEM_HC_OK);
		vcpu_set_reg(v, 1, (TANDEM_VERSION_MAJOR << 16) | TANDEM_VERSION_MINOR);
		return;
	case TANDEM_HC_VM_INFO:
		vcpu_set_reg(v, 0, TANDEM_HC_OK);
		vcpu_set_reg(v, 1, v->vm->id);
		vcpu_set_reg(v, 2, v->id);
		vcpu_set_reg(v, 3, v->vm->nvcpus);
		return;
	case TANDEM_HC_CHANNEL_NOTIFY:
		channel_notify_hypercall(v);
		return;
	case TANDEM_HC_CALL_UID:
		for (int i = 0; i < 4; i++)
			vcpu_set_reg(v, i, tandem_uid[i]);
		return;
	default:
		vcpu_set_reg(v, 0, (uint64_t)(int64_t)TANDEM_HC_NOT_SUPPORTED);
		return;
	}
}
