/* percore: a QEMU TCG plugin that counts the instructions each vCPU executes
 * and logs, per vCPU, when chosen guest instructions execute, with that
 * vCPU's own instruction count at that moment.
 *
 * Why: under -icount, QEMU's clock (and the PMU cycle counter that follows
 * it) is one count shared by all vCPUs, which QEMU runs in turn on one host
 * thread. A difference of that clock on core 0 includes whatever core 1
 * executed while QEMU happened to run it in between. This plugin's counts
 * are per vCPU: the instructions that core itself executed.
 *
 * How it counts: every instruction adds one to a single counter (an inline
 * add, so no call); every translation block's start calls tb_start(), which
 * charges what the counter advanced since the previous block to the vCPU
 * that ran that block. Counting per instruction, not per block, keeps the
 * count exact when an exception or interrupt leaves a block early: the
 * instructions after the one that trapped never add. An instruction that
 * takes a synchronous exception (a trapped access, an HVC) counts once;
 * one that is retried counts per attempt. An I/O access in the middle of a
 * block under -icount makes QEMU rewind to it and run it in a block of its
 * own translated with CF_MEMI_ONLY (memory callbacks only), so it is not
 * counted twice. With -icount QEMU runs the vCPUs in turn on one thread (no
 * MTTCG), so the shared counter and the current vCPU need no locking: use
 * it with -icount only (the bench scripts always pass it; with MTTCG the
 * counts would race).
 *
 * Events: the file named by events=PATH has one line per watched
 * instruction, "ADDR WORD ID": the instruction's virtual address (hex), its
 * 32-bit encoding (hex, or - to match any) and a small number naming it.
 * The encoding tells apart two images that use the same virtual addresses
 * (Tandem at EL2 and a guest at EL1): an instruction is watched only where
 * the bytes QEMU translated are the ones expected.
 *
 * Output (out=PATH), text:
 *   E <vcpu> <count> <id>     a watched instruction started; count is that
 *                             vCPU's instructions before it
 *   T <vcpu> <count>          at exit: the vCPU's total
 * vcpus=MASK (default all) limits the E lines to the vCPUs in MASK.
 *
 *   qemu-system-aarch64 ... -plugin file=percore.so,events=ev.txt,out=log.txt[,vcpus=3]
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qemu_plugin_api.h"

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

#define MAX_VCPUS  64
#define MAX_EVENTS 4096

struct watch {
	uint64_t addr;
	uint32_t word;
	int any_word;
	unsigned int id;
};

static struct watch watches[MAX_EVENTS];
static unsigned int n_watches;
static uint64_t vcpu_mask = ~0ull;
static FILE *out;

static uint64_t executed;          /* every vCPU's instructions: inline adds */
static uint64_t mark;              /* executed when `current` last changed hands */
static unsigned int current;
static uint64_t per_vcpu[MAX_VCPUS];

static void settle(void)
{
	per_vcpu[current] += executed - mark;
	mark = executed;
}

static void tb_start(unsigned int vcpu, void *udata)
{
	(void)udata;
	if (vcpu != current) {
		settle();
		current = vcpu < MAX_VCPUS ? vcpu : MAX_VCPUS - 1;
	}
}

static void event(unsigned int vcpu, void *udata)
{
	const struct watch *w = udata;

	tb_start(vcpu, NULL);
	if (vcpu < 64 && (vcpu_mask >> vcpu & 1))
		fprintf(out, "E %u %" PRIu64 " %u\n", vcpu, per_vcpu[current] + (executed - mark), w->id);
}

static const struct watch *watched(uint64_t addr, const void *data, size_t size)
{
	uint32_t word = 0;

	if (size == 4)
		memcpy(&word, data, 4);
	for (unsigned int i = 0; i < n_watches; i++)
		if (watches[i].addr == addr && (watches[i].any_word || (size == 4 && watches[i].word == word)))
			return &watches[i];
	return NULL;
}

static void translated(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
	size_t n = qemu_plugin_tb_n_insns(tb);

	(void)id;
	qemu_plugin_register_vcpu_tb_exec_cb(tb, tb_start, QEMU_PLUGIN_CB_NO_REGS, NULL);
	for (size_t i = 0; i < n; i++) {
		struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
		const struct watch *w = watched(qemu_plugin_insn_vaddr(insn), qemu_plugin_insn_data(insn),
						qemu_plugin_insn_size(insn));

		if (w)
			qemu_plugin_register_vcpu_insn_exec_cb(insn, event, QEMU_PLUGIN_CB_NO_REGS, (void *)w);
		qemu_plugin_register_vcpu_insn_exec_inline(insn, QEMU_PLUGIN_INLINE_ADD_U64, &executed, 1);
	}
}

static void at_exit(qemu_plugin_id_t id, void *udata)
{
	(void)id;
	(void)udata;
	settle();
	for (unsigned int v = 0; v < MAX_VCPUS; v++)
		if (per_vcpu[v])
			fprintf(out, "T %u %" PRIu64 "\n", v, per_vcpu[v]);
	fprintf(out, "END\n");
	fclose(out);
}

static int load_events(const char *path)
{
	FILE *f = fopen(path, "r");
	char line[256], word[32];

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		struct watch *w = &watches[n_watches];

		if (line[0] == '#' || line[0] == '\n')
			continue;
		if (n_watches == MAX_EVENTS || sscanf(line, "%" SCNx64 " %31s %u", &w->addr, word, &w->id) != 3) {
			fclose(f);
			return -1;
		}
		w->any_word = !strcmp(word, "-");
		w->word = (uint32_t)strtoul(word, NULL, 16);
		n_watches++;
	}
	fclose(f);
	return 0;
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc,
					   char **argv)
{
	const char *out_path = NULL;
	char msg[256];

	if (info->version.cur < QEMU_PLUGIN_VERSION || info->version.min > QEMU_PLUGIN_VERSION) {
		qemu_plugin_outs("percore: QEMU's plugin API does not include version 1\n");
		return -1;
	}
	for (int i = 0; i < argc; i++) {
		if (!strncmp(argv[i], "out=", 4)) {
			out_path = argv[i] + 4;
		} else if (!strncmp(argv[i], "events=", 7)) {
			if (load_events(argv[i] + 7)) {
				snprintf(msg, sizeof(msg), "percore: cannot read %s\n", argv[i] + 7);
				qemu_plugin_outs(msg);
				return -1;
			}
		} else if (!strncmp(argv[i], "vcpus=", 6)) {
			vcpu_mask = strtoull(argv[i] + 6, NULL, 0);
		} else {
			snprintf(msg, sizeof(msg), "percore: unknown argument %s\n", argv[i]);
			qemu_plugin_outs(msg);
			return -1;
		}
	}
	if (!out_path || !(out = fopen(out_path, "w"))) {
		qemu_plugin_outs("percore: needs out=PATH (a writable file)\n");
		return -1;
	}
	setvbuf(out, NULL, _IOFBF, 1 << 20);
	fprintf(out, "# percore: %u watched instructions, %d vCPUs\n", n_watches,
		info->system_emulation ? info->system.smp_vcpus : 1);
	qemu_plugin_register_vcpu_tb_trans_cb(id, translated);
	qemu_plugin_register_atexit_cb(id, at_exit, NULL);
	return 0;
}
