/* The virtio-console end of the VM's channel to the victim, driven by a
 * driver that breaks the rules (docs/channels.md): queues outside its RAM,
 * descriptors pointing outside it, loops, indexes that run ahead, chains
 * too large for the staging buffer, buffers of the wrong direction, and
 * the two-vCPU race in which vCPU 1 rewrites the `len` of the descriptors
 * vCPU 0 has posted while Tandem copies them (a double fetch: the length
 * Tandem measured is not the one it copies). Tandem must stop the VM with
 * a `channel` message, or carry on, and never copy past its own buffers. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "guests/hostile/hostile.h"

#define VIRTIO_STATUS      0x070
#define VIRTIO_QUEUE_SEL   0x030
#define VIRTIO_QUEUE_NUM   0x038
#define VIRTIO_QUEUE_READY 0x044
#define VIRTIO_NOTIFY      0x050
#define VIRTIO_DESC        0x080
#define VIRTIO_AVAIL       0x090
#define VIRTIO_USED        0x0a0
#define TXQ 1
#define QSIZE 256
#define F_NEXT 1
#define F_WRITE 2

struct desc { uint64_t addr; uint32_t len; uint16_t flags, next; };
struct avail { uint16_t flags, idx, ring[QSIZE]; };
struct used { uint16_t flags, idx; struct { uint32_t id, len; } ring[QSIZE]; };

static volatile struct desc *descs;
static volatile struct avail *avail;
static volatile struct used *used;
static uint8_t *data;

static void v_w(uint32_t off, uint32_t val) { writel(virtio_base + off, val); }
static uint32_t v_r(uint32_t off) { return readl(virtio_base + off); }

/* Driver bring-up of the transmit queue with its three areas at the given
 * addresses (the default: in scratch RAM). */
static void queue_up(uint64_t d, uint64_t a, uint64_t u)
{
	v_w(VIRTIO_STATUS, 0);
	v_w(VIRTIO_STATUS, 1 | 2);                  /* ACKNOWLEDGE, DRIVER */
	v_w(0x024, 1);
	v_w(0x020, 1);                              /* VIRTIO_F_VERSION_1 */
	v_w(0x024, 0);
	v_w(0x020, 0);
	v_w(VIRTIO_STATUS, 1 | 2 | 8);              /* FEATURES_OK */
	v_w(VIRTIO_QUEUE_SEL, TXQ);
	v_w(VIRTIO_QUEUE_NUM, QSIZE);
	v_w(VIRTIO_DESC, (uint32_t)d);
	v_w(VIRTIO_DESC + 4, (uint32_t)(d >> 32));
	v_w(VIRTIO_AVAIL, (uint32_t)a);
	v_w(VIRTIO_AVAIL + 4, (uint32_t)(a >> 32));
	v_w(VIRTIO_USED, (uint32_t)u);
	v_w(VIRTIO_USED + 4, (uint32_t)(u >> 32));
	say("queue %u: desc 0x%llx avail 0x%llx used 0x%llx, ready", TXQ, (unsigned long long)d,
	    (unsigned long long)a, (unsigned long long)u);
	v_w(VIRTIO_QUEUE_READY, 1);
	v_w(VIRTIO_STATUS, 1 | 2 | 8 | 4);          /* DRIVER_OK */
}

static bool setup(void)
{
	uintptr_t s = scratch();

	if (!virtio_base || v_r(0) != 0x74726976 || v_r(0x008) != 3) {
		result(false, "no virtio-console at 0x%llx", (unsigned long long)virtio_base);
		return false;
	}
	descs = (volatile struct desc *)s;
	avail = (volatile struct avail *)(s + 0x1000);
	used = (volatile struct used *)(s + 0x2000);
	data = (uint8_t *)(s + 0x3000);
	memset((void *)s, 0, 0x3000);
	memset(data, 'A', 0x10000);
	return true;
}

static void post(uint16_t head)
{
	avail->ring[avail->idx % QSIZE] = head;
	__asm__ volatile("dmb ishst" : : : "memory");
	avail->idx++;
	__asm__ volatile("dsb ish" : : : "memory");
	v_w(VIRTIO_NOTIFY, TXQ);
}

static void expect_stopped(const char *what)
{
	spin_ms(5);
	result(false, "%s: still running (used idx %u)", what, used ? used->idx : 0);
}

static void queue_outside_ram(void)
{
	if (!setup())
		return;
	queue_up(0x50000000, (uintptr_t)avail, (uintptr_t)used);
	expect_stopped("queue outside RAM accepted");
}

static void buffer_outside_ram(void)
{
	if (!setup())
		return;
	queue_up((uintptr_t)descs, (uintptr_t)avail, (uintptr_t)used);
	descs[0] = (struct desc){ ram_base + ram_size - 8, 16, 0, 0 };   /* straddles RAM's end */
	post(0);
	expect_stopped("buffer past RAM posted");
}

static void desc_loop(void)
{
	if (!setup())
		return;
	queue_up((uintptr_t)descs, (uintptr_t)avail, (uintptr_t)used);
	descs[0] = (struct desc){ (uintptr_t)data, 1, F_NEXT, 1 };
	descs[1] = (struct desc){ (uintptr_t)data, 1, F_NEXT, 0 };
	post(0);
	expect_stopped("looping chain posted");
}

static void avail_runahead(void)
{
	if (!setup())
		return;
	queue_up((uintptr_t)descs, (uintptr_t)avail, (uintptr_t)used);
	descs[0] = (struct desc){ (uintptr_t)data, 1, 0, 0 };
	avail->idx = 1000;
	__asm__ volatile("dsb ish" : : : "memory");
	v_w(VIRTIO_NOTIFY, TXQ);
	expect_stopped("avail index 1000 ahead");
}

static void head_beyond(void)
{
	if (!setup())
		return;
	queue_up((uintptr_t)descs, (uintptr_t)avail, (uintptr_t)used);
	post(QSIZE + 44);
	expect_stopped("chain head beyond the queue");
}

static void chain_too_large(void)
{
	if (!setup())
		return;
	queue_up((uintptr_t)descs, (uintptr_t)avail, (uintptr_t)used);
	descs[0] = (struct desc){ (uintptr_t)data, 0x1000, F_NEXT, 1 };
	descs[1] = (struct desc){ (uintptr_t)data, 0x1000, F_NEXT, 2 };
	descs[2] = (struct desc){ (uintptr_t)data, 16, 0, 0 };
	post(0);
	expect_stopped("a chain of 8 KiB");
}

static void writable_tx(void)
{
	if (!setup())
		return;
	queue_up((uintptr_t)descs, (uintptr_t)avail, (uintptr_t)used);
	descs[0] = (struct desc){ (uintptr_t)data, 16, F_WRITE, 0 };
	post(0);
	expect_stopped("a writable buffer in the transmit queue");
}

/* ---------------------------------------------------------------- race */

/* Two chains of RACE_DESCS descriptors each (the whole table), every one
 * RACE_SMALL or RACE_BIG bytes long: a chain is RACE_DESCS * RACE_SMALL
 * bytes measured small and exactly 4 KiB (the staging buffer, so never
 * refused as too large) measured big. Each notification posts
 * RACE_POSTED chains (the two heads, alternately: Tandem takes each entry
 * on its own), so that most chains are taken with bytes already staged. */
#define RACE_DESCS  64
#define RACE_FLIPS  8            /* the first descriptors of each chain, rewritten */
#define RACE_SMALL  1
#define RACE_BIG    504          /* 56 + 8 * 504 = 4088: the staging buffer holds it */
#define RACE_POSTED 128
#define RACE_ROUNDS 4000
#define RACE_MS     1500
#define RACE_TICK   64           /* 1 us of the 62.5 MHz counter */

/* vCPU 1: flips the length of every descriptor between small and big, and
 * yields after each half (under QEMU's -icount round-robin a YIELD hands
 * the host thread on at once: each turn of vCPU 1 is one flip, wherever
 * vCPU 0 was, often between Tandem's two reads of a chain). */
void chan_flipper(void);
void chan_flipper(void)
{
	/* Its virtual timer, masked (no interrupt ever), re-armed RACE_TICK
	 * ahead at each flip: QEMU's -icount round-robin ends every vCPU's slice
	 * at the next timer deadline, so the two vCPUs interleave every few
	 * hundred instructions, as two real cores would at any instruction. */
	write_sysreg(cntv_ctl_el0, 3);
	while (!secondary_stop) {
		write_sysreg(cntv_cval_el0, cntvct() + RACE_TICK);
		for (int k = 0; k < RACE_FLIPS; k++)
			descs[k].len = descs[RACE_DESCS + k].len = RACE_BIG;
		__asm__ volatile("yield");
		write_sysreg(cntv_cval_el0, cntvct() + RACE_TICK);
		for (int k = 0; k < RACE_FLIPS; k++)
			descs[k].len = descs[RACE_DESCS + k].len = RACE_SMALL;
		__asm__ volatile("yield");
		secondary_count++;
	}
	write_sysreg(cntv_ctl_el0, 0);
}

static void race(void)
{
	uint64_t notifies = 0, chains = 0, rounds = 0, t0, end;
	uint16_t next;
	int64_t r;

	if (!setup())
		return;
	if (ncpus < 2) {
		result(false, "needs two vCPUs");
		return;
	}
	queue_up((uintptr_t)descs, (uintptr_t)avail, (uintptr_t)used);
	for (int k = 0; k < 2 * RACE_DESCS; k++) {
		bool last = k % RACE_DESCS == RACE_DESCS - 1;

		descs[k] = (struct desc){ (uintptr_t)data + (uint64_t)k * RACE_BIG, RACE_SMALL,
					  last ? 0 : F_NEXT, last ? 0 : (uint16_t)(k + 1) };
	}
	if ((r = start_secondary(1, JOB_CHAN_FLIP)) != 0 || !secondary_running) {
		result(false, "CPU_ON vCPU 1 -> %lld", (long long)r);
		return;
	}
	say("race: vCPU 1 rewrites descriptor lengths (%u <-> %u bytes, chains of %u) while vCPU 0 posts "
	    "%u chains a notification", RACE_SMALL, RACE_BIG, RACE_DESCS, RACE_POSTED);
	t0 = cntvct();
	end = t0 + ms_ticks(RACE_MS);
	next = avail->idx;
	for (rounds = 0; rounds < RACE_ROUNDS && cntvct() < end; rounds++) {
		for (int k = 0; k < RACE_POSTED; k++)
			avail->ring[(uint16_t)(next + k) % QSIZE] = (uint16_t)(k & 1 ? RACE_DESCS : 0);
		next += RACE_POSTED;
		__asm__ volatile("dmb ishst" : : : "memory");
		avail->idx = next;
		__asm__ volatile("dsb ish" : : : "memory");
		do {   /* until Tandem has taken them all (as the victim drains its ring) */
			v_w(VIRTIO_NOTIFY, TXQ);
			notifies++;
			/* On silicon this core spins without touching the victim's;
			 * under QEMU's -icount round-robin a spin without YIELD takes
			 * the victim's turns too, and its misses would be QEMU's. */
			__asm__ volatile("yield");
		} while (used->idx != next && cntvct() < end);
		chains += RACE_POSTED;
	}
	secondary_stop = 1;
	spin_ms(1);
	result(true, "%llu rounds, %llu notifications, %llu chains in %llu ms; vCPU 1 flipped %llu times",
	       (unsigned long long)rounds, (unsigned long long)notifies, (unsigned long long)chains,
	       (unsigned long long)((cntvct() - t0) / ms_ticks(1)), (unsigned long long)secondary_count);
}

const struct attack channel_attacks[] = {
	{ "chan-queue-outside-ram", queue_outside_ram },
	{ "chan-buffer-outside-ram", buffer_outside_ram },
	{ "chan-desc-loop", desc_loop },
	{ "chan-avail-runahead", avail_runahead },
	{ "chan-head-beyond", head_beyond },
	{ "chan-chain-too-large", chain_too_large },
	{ "chan-writable-tx", writable_tx },
	{ "chan-race", race },
	{ NULL, NULL },
};
