/* How often a VM may restart: at most `limit` restarts (after a crash or at
 * its own request) within any `window` of time. Pure logic, unit-tested on
 * the host; vm.c feeds it the counter and stops a VM it refuses. */
#ifndef TANDEM_RESTART_WINDOW_H
#define TANDEM_RESTART_WINDOW_H
#include <stdbool.h>
#include <stdint.h>

#define RESTART_LIMIT_MAX 1000   /* the binding's bound on restart-limit */

struct restart_window {
	uint64_t at[RESTART_LIMIT_MAX];   /* times of the last restarts, a ring */
	unsigned int count;               /* how many are recorded (<= limit) */
	unsigned int oldest;              /* once full: the slot of the oldest */
};

/* A restart at time now (any monotonic unit, window in the same): true, and
 * recorded, if fewer than limit restarts happened in (now - window, now];
 * false otherwise (nothing recorded). A limit of 0 refuses every restart. */
bool restart_window_admit(struct restart_window *w, uint64_t now, uint64_t window,
			  unsigned int limit);
/* Restarts recorded within (now - window, now]. */
unsigned int restart_window_recent(const struct restart_window *w, uint64_t now, uint64_t window);

#endif
