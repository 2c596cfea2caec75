/* The rules the system plan (plan.c) applies to a VM overlay before it
 * takes cores and RAM: vm_rules.c (the VM on its own and against the
 * platform and the VMs accepted before it) and channel_rules.c (its
 * channels); and what they share: how a VM is refused, and where Tandem's
 * own devices are. Each rule returns 0, or -1 with the VM refused (its
 * record's error says why). Private to dt/. */
#ifndef TANDEM_DT_PLAN_RULES_H
#define TANDEM_DT_PLAN_RULES_H
#include <stdbool.h>
#include <stdint.h>
#include "dt/plan.h"

#define SZ_2M (2ull << 20)
#define SZ_128M (128ull << 20)

/* Refuses v: its error is "<overlay>: <node>: " and the formatted reason
 * (plan.c). Returns -1. */
int plan_refuse(struct vm_plan *v, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static inline bool overlaps(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	return a < b + blen && b < a + alen;
}

/* The device Tandem emulates (or keeps) at its platform address that
 * [base, base + size) overlaps in a VM's address space, or NULL; *at is set
 * to its base. */
const char *tandem_device_at(const struct platform *p, uint64_t base, uint64_t size,
			     uint64_t *at);

/* vm_rules.c, in the order plan.c applies them. */
int check_labels(const struct system_plan *plan, struct vm_plan *v, const void *overlay);
int check_paravirtual(const struct system_plan *plan, struct vm_plan *v);
int check_payload(struct system_plan *plan, struct vm_plan *v);
int check_guest_layout(const struct system_plan *plan, struct vm_plan *v);
int check_devices(struct system_plan *plan, struct vm_plan *v, int self);
int check_interrupts(struct system_plan *plan, struct vm_plan *v, int self);
int check_devices_vs_ram(struct vm_plan *v);
int check_platform_devices(const struct system_plan *plan, struct vm_plan *v);
int check_flash(const struct system_plan *plan, struct vm_plan *v);
int check_watchdog(const struct system_plan *plan, struct vm_plan *v);
/* Last: the VM's vCPUs take their cores (recorded in plan->core_vms). */
int check_cores(struct system_plan *plan, struct vm_plan *v, int self);

/* channel_rules.c */
int check_channels(const struct system_plan *plan, struct vm_plan *v);

#endif
