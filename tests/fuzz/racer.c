/* The fuzzers' racing vCPU; see racer.h. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "tests/fuzz/racer.h"

#ifndef sigev_notify_thread_id
#define sigev_notify_thread_id _sigev_un._tid
#endif
#define FLIP_SIGNAL   (SIGRTMIN + 3)    /* libFuzzer uses SIGALRM, SIGUSR1/2 */
#ifndef FLIP_EVERY_NS
#define FLIP_EVERY_NS 50000
#endif

static struct race race[RACE_MAX];
static unsigned int nrace;
static int racing;           /* between start and stop: the entries may be flipped */
static unsigned long flips;
static sem_t go, done;
static int stop;
static timer_t timer;

static void put(const struct race *r, uint64_t v)
{
	switch (r->width) {
	case 1: __atomic_store_n((uint8_t *)r->p, (uint8_t)v, __ATOMIC_RELAXED); break;
	case 2: __atomic_store_n((uint16_t *)r->p, (uint16_t)v, __ATOMIC_RELAXED); break;
	case 4: __atomic_store_n((uint32_t *)r->p, (uint32_t)v, __ATOMIC_RELAXED); break;
	default: __atomic_store_n((uint64_t *)r->p, v, __ATOMIC_RELAXED); break;
	}
}

void racer_flip(void)
{
	if (!__atomic_load_n(&racing, __ATOMIC_RELAXED))
		return;
	flips++;
	for (unsigned int i = 0; i < nrace; i++)
		put(&race[i], flips & 1 ? race[i].b : race[i].a);
}

static void on_signal(int sig)
{
	int saved = errno;

	(void)sig;
	racer_flip();
	errno = saved;
}

/* The second thread: flips continuously between go and stop. */
static void *thread(void *arg)
{
	sigset_t sigs;

	(void)arg;
	sigemptyset(&sigs);
	sigaddset(&sigs, FLIP_SIGNAL);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	for (;;) {
		while (sem_wait(&go) && errno == EINTR)
			;
		while (!__atomic_load_n(&stop, __ATOMIC_ACQUIRE)) {
			for (unsigned int i = 0; i < nrace; i++)
				put(&race[i], race[i].b);
			for (unsigned int i = 0; i < nrace; i++)
				put(&race[i], race[i].a);
		}
		sem_post(&done);
	}
	return NULL;
}

static void set_timer(long ns)
{
	struct itimerspec t = { { 0, ns }, { 0, ns } };

	timer_settime(timer, 0, &t, NULL);
}

void racer_start(const struct race *r, unsigned int n)
{
	nrace = n < RACE_MAX ? n : RACE_MAX;
	memcpy(race, r, nrace * sizeof(*r));
	flips = 0;
	__atomic_store_n(&racing, 1, __ATOMIC_SEQ_CST);
	sem_post(&go);   /* publishes the entries to the thread */
	set_timer(FLIP_EVERY_NS);
}

void racer_stop(void)
{
	set_timer(0);
	__atomic_store_n(&racing, 0, __ATOMIC_SEQ_CST);   /* a late signal flips nothing */
	if (!sem_trywait(&go))
		return;   /* the thread never got a core meanwhile: nothing to wait for */
	__atomic_store_n(&stop, 1, __ATOMIC_RELEASE);
	while (sem_wait(&done) && errno == EINTR)
		;
	__atomic_store_n(&stop, 0, __ATOMIC_RELEASE);
}

void racer_init(void)
{
	struct sigaction sa;
	struct sigevent ev;
	pthread_t t;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sa.sa_flags = SA_RESTART;
	memset(&ev, 0, sizeof(ev));
	ev.sigev_notify = SIGEV_THREAD_ID;
	ev.sigev_signo = FLIP_SIGNAL;
	ev.sigev_notify_thread_id = gettid();
	if (sigaction(FLIP_SIGNAL, &sa, NULL) || timer_create(CLOCK_MONOTONIC, &ev, &timer) ||
	    sem_init(&go, 0, 0) || sem_init(&done, 0, 0) || pthread_create(&t, NULL, thread, NULL)) {
		fprintf(stderr, "racer: cannot start the racing vCPU\n");
		exit(1);
	}
}
