/* The control task: the most urgent task, released periodically without
 * drift. Each job does a small fixed computation and checks its deadline:
 * a miss is a job that starts at or after its next release or finishes
 * after it. Its release latency - from the timer deadline to the task's
 * first instruction after rtos_period_wait returns - is measured with the
 * cycle counter against the calibrated counter. In bench mode `periods`
 * releases are recorded, with the latency of the timer interrupt that
 * released each (expiry to the BSP's handler), and a less urgent task
 * reports them. */
#include "guests/rtos/kernel/rtos.h"
#include "guests/rtos/app/app.h"
#include "guests/rtos/app/latency.h"
#include "guests/rtos/bsp/board.h"

#define BENCH_MAX_PERIODS 100000
#define TAPS              32

struct control_stats control = { .lat_min = INT64_MAX, .lat_max = INT64_MIN };

static struct rtos_task control_tcb, report_tcb;
static uint64_t control_stack[8192 / 8], report_stack[8192 / 8];

static int32_t samples[BENCH_MAX_PERIODS], irq_samples[BENCH_MAX_PERIODS];
static uint32_t measured, irq_measured, bench_misses;
static uint64_t window_start, window_end;
static struct rtos_sem bench_done;

/* The job: a 32-tap integer filter over the last inputs. */
static int32_t inputs[TAPS];
static volatile int32_t output;

static void job(uint32_t k)
{
	int64_t acc = 0;

	inputs[k % TAPS] = (int32_t)((k * 2654435761u) >> 20) - 2048;
	for (unsigned int i = 0; i < TAPS; i++)
		acc += (int64_t)inputs[(k + i) % TAPS] * (int32_t)(TAPS - i);
	output = (int32_t)(acc >> 8);
}

static int32_t clamp32(int64_t v)
{
	return v > INT32_MAX ? INT32_MAX : v < INT32_MIN ? INT32_MIN : (int32_t)v;
}

static void control_task(void *arg)
{
	uint64_t period = rtos_us_to_ticks(opt.period_us);
	int64_t period_cycles = (int64_t)(period * cal.cycles_per_tick);
	uint64_t first = app_epoch + period;
	struct rtos_period p;

	(void)arg;
	if (opt.bench)
		first += rtos_us_to_ticks(opt.start_ms * 1000ull);
	rtos_period_init(&p, first, period);
	for (uint32_t k = 0;; k++) {
		uint64_t release = rtos_period_wait(&p);
		uint64_t now = port_cycles();
		int64_t lat = (int64_t)(now - (cal.cycles_per_tick * release + (uint64_t)cal.offset));
		bool miss;

		job(k);
		miss = lat >= period_cycles || rtos_now() > release + period;
		control.periods++;
		control.misses += miss;
		if (lat < control.lat_min)
			control.lat_min = lat;
		if (lat > control.lat_max)
			control.lat_max = lat;
		if (opt.bench && measured < opt.periods) {
			uint64_t irq_cycles = bsp_timer_stamp.cycles, irq_for = bsp_timer_stamp.deadline;

			samples[measured] = clamp32(lat);
			if (irq_for == release)   /* the interrupt that released this job */
				irq_samples[irq_measured++] = clamp32((int64_t)(irq_cycles -
					(cal.cycles_per_tick * release + (uint64_t)cal.offset)));
			if (!measured)
				window_start = release;
			window_end = release;
			bench_misses += miss;
			if (++measured == opt.periods)
				rtos_sem_give(&bench_done);
		}
	}
}

static void report_task(void *arg)
{
	struct latency_summary s;
	char line[256];
	static char hist[LATENCY_HIST_PER_LINE * 48 + 48];

	(void)arg;
	rtos_sem_take(&bench_done, RTOS_FOREVER);
	latency_summarize(samples, measured, &s);
	latency_line(line, sizeof(line), &s, opt.period_us, bench_misses, window_start, window_end);
	rtos_printf("%s\n", line);
	/* The distribution behind the summary (samples are sorted by now). */
	for (uint32_t pos = 0; latency_hist_line(hist, sizeof(hist), "release", samples, measured,
						 &pos);)
		rtos_printf("%s\n", hist);
	if (irq_measured) {
		latency_summarize(irq_samples, irq_measured, &s);
		latency_irq_line(line, sizeof(line), &s);
		rtos_printf("%s\n", line);
	}
	rtos_printf("rtos: bench: done\n");
}

void control_start(void)
{
	rtos_task_create(&control_tcb, "control", PRIO_CONTROL, control_task, NULL,
			 control_stack, sizeof(control_stack));
	if (opt.bench) {
		rtos_sem_init(&bench_done, 0);
		rtos_task_create(&report_tcb, "report", PRIO_REPORT, report_task, NULL,
				 report_stack, sizeof(report_stack));
	}
}
