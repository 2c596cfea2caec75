/* Intrusive circular doubly-linked lists with a sentinel head: the ready
 * queues, wait queues and the timer queue. Insertion and removal are O(1),
 * so they cost the same wherever the task sits. */
#ifndef RTOS_LIST_H
#define RTOS_LIST_H
#include <stdbool.h>
#include <stddef.h>

struct rtos_list {
	struct rtos_list *next, *prev;
};

#define list_entry(node, type, member) \
	((type *)((char *)(node) - offsetof(type, member)))

static inline void list_init(struct rtos_list *l)
{
	l->next = l->prev = l;
}

static inline bool list_empty(const struct rtos_list *l)
{
	return l->next == l;
}

/* Inserts n just before pos (at the tail when pos is the head). */
static inline void list_insert_before(struct rtos_list *pos, struct rtos_list *n)
{
	n->next = pos;
	n->prev = pos->prev;
	pos->prev->next = n;
	pos->prev = n;
}

static inline void list_add_tail(struct rtos_list *head, struct rtos_list *n)
{
	list_insert_before(head, n);
}

/* Unlinks n and leaves it pointing at itself, so that "is it queued?" is
 * a question about n alone. */
static inline void list_del(struct rtos_list *n)
{
	n->prev->next = n->next;
	n->next->prev = n->prev;
	list_init(n);
}

static inline bool list_linked(const struct rtos_list *n)
{
	return n->next != n;
}

#endif
