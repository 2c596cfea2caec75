/* The scheduling decisions of one core, as pure functions (unit-tested on
 * the host): fixed priorities, the highest runnable vCPU runs, equal
 * priorities take turns by time slice. el2/sched.c applies them. */
#ifndef TANDEM_SCHED_POLICY_H
#define TANDEM_SCHED_POLICY_H
#include <stdbool.h>
#include <stdint.h>

struct sched_entry {
	uint8_t priority;   /* higher runs first */
	bool runnable;
};

/* Which entry runs next, or -1 if none is runnable. Among the runnable
 * entries of the highest priority: `last` keeps the core if it is one of
 * them and its slice has not expired (`rotate` false); otherwise the first
 * of them after `last` in circular order takes it. */
int sched_pick(const struct sched_entry *e, unsigned int n, int last, bool rotate);

/* Whether another runnable entry has the priority of `pick`: then the
 * core must time-slice between them. */
bool sched_needs_slice(const struct sched_entry *e, unsigned int n, int pick);

/* The earliest of n deadlines (SCHED_NEVER when none is armed). */
#define SCHED_NEVER UINT64_MAX
uint64_t sched_earliest(const uint64_t *deadline, unsigned int n);

#endif
