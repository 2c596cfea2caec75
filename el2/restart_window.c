/* Restart rate limiting; see restart_window.h. */
#include "el2/restart_window.h"

bool restart_window_admit(struct restart_window *w, uint64_t now, uint64_t window,
			  unsigned int limit)
{
	if (limit > RESTART_LIMIT_MAX)
		limit = RESTART_LIMIT_MAX;
	if (!limit)
		return false;
	if (w->count > limit) {   /* the limit shrank: start the record again */
		w->count = 0;
		w->oldest = 0;
	}
	if (w->count < limit) {
		w->at[(w->oldest + w->count) % limit] = now;
		w->count++;
		return true;
	}
	/* Full: the oldest of the last `limit` restarts must have left the window. */
	if (now - w->at[w->oldest] < window)
		return false;
	w->at[w->oldest] = now;
	w->oldest = (w->oldest + 1) % limit;
	return true;
}

unsigned int restart_window_recent(const struct restart_window *w, uint64_t now, uint64_t window)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < w->count && i < RESTART_LIMIT_MAX; i++)
		if (now - w->at[i] < window)
			n++;
	return n;
}
