/* Scheduling decisions; see sched_policy.h. */
#include "el2/sched_policy.h"

int sched_pick(const struct sched_entry *e, unsigned int n, int last, bool rotate)
{
	int best = -1;
	unsigned int start = last >= 0 && (unsigned int)last < n ? (unsigned int)last : 0;

	if (!rotate && last >= 0 && (unsigned int)last < n && e[last].runnable)
		best = last;
	/* Scan from the one after `last`, so that among equals the next in
	 * turn wins; `last` itself comes round at the end. */
	for (unsigned int k = 1; k <= n; k++) {
		unsigned int i = (start + k) % n;

		if (!e[i].runnable)
			continue;
		if (best < 0 || e[i].priority > e[best].priority)
			best = (int)i;
	}
	return best;
}

bool sched_needs_slice(const struct sched_entry *e, unsigned int n, int pick)
{
	if (pick < 0)
		return false;
	for (unsigned int i = 0; i < n; i++)
		if ((int)i != pick && e[i].runnable && e[i].priority == e[pick].priority)
			return true;
	return false;
}

uint64_t sched_earliest(const uint64_t *deadline, unsigned int n)
{
	uint64_t t = SCHED_NEVER;

	for (unsigned int i = 0; i < n; i++)
		if (deadline[i] < t)
			t = deadline[i];
	return t;
}
