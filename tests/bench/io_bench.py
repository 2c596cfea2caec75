#!/usr/bin/env python3
"""Issue 5's I/O figures, each from one invocation under -icount
shift=0,sleep=off (docs/benchmarks.md):

- the channel between Linux and the RTOS (guests/linux/linux-core1.dtso and
  guests/rtos/rtos-core0.dtso, partitioned on two cores): /bin/tandem-chan in
  Linux (guests/linux/chan.c) times 1000 request/answer round trips and a
  stream of 2000 echo requests with a 64-byte payload;
  two cores, so the figures vary from run to run: like_for_like.repeats()
  runs (BENCH_REPEATS, default 3), each statistic as min/median/max;
- virtio-blk sequential reads in Linux, native (QEMU alone, booted with the
  VM's own tree and RAM: the same machine, checked by like_for_like.py) and
  passed through to the Linux VM (tests/integration/overlays/linux-devices.dtso):
  dd of 64 MiB of /dev/vda in 1 MiB blocks, timed by the guest's counter,
  K times each side. That is not a throughput: QEMU does the I/O in host
  time, and under -icount shift=0,sleep=off the guest's clock advances one
  nanosecond per instruction executed plus, whenever the vCPU waits idle
  for the host's I/O, a jump to the next timer deadline, which depends on
  the host's timing. The figure is recorded with its spread and judged
  against nothing (docs/benchmarks.md); wall-clock seconds are of whole
  runs, boot included, and only recorded.

    tests/bench/io_bench.py        prints one JSON object; run.py calls runs()
"""
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tools"))
import tandem_qemu  # noqa: E402
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from rtos_bench import run_until_done  # noqa: E402
import like_for_like  # noqa: E402

BUILD = os.path.join(ROOT, os.environ.get("BUILD", "build"))
OUT = os.path.join(BUILD, "bench")
IMAGE = os.path.join(BUILD, "guests/linux/Image")
INITRD = os.path.join(BUILD, "guests/linux/initramfs.cpio.gz")
RTOS = os.path.join(BUILD, "guests/rtos/rtos.bin")
TICK_NS = 16          # the virt machine's counter: 62.5 MHz
DISK_MB = 64


CHANNEL_STATS = ("rtt_min_us", "rtt_mean_us", "rtt_max_us", "messages_per_second", "mb_per_second_each_way")


def channel_runs(rtt=1000, stream=2000, k=None):
    """The channel benchmark K times (a two-core machine: QEMU's round-robin
    varies the figures), folded into min/median/max of each statistic."""
    runs_ = [channel(rtt, stream, i) for i in range(k or like_for_like.repeats())]
    row = like_for_like.fold(runs_, CHANNEL_STATS)
    row["rtt_us"] = {"min": row["rtt_min_us"], "mean": row["rtt_mean_us"], "max": row["rtt_max_us"]}
    row["log"] = ", ".join(r["log"] for r in runs_)
    return row


def channel(rtt=1000, stream=2000, run_no=0):
    linux = tandem_qemu.overlay_with_bootargs(
        os.path.join(ROOT, "guests/linux/linux-core1.dtso"),
        "console=ttyAMA0 nokaslr tandem.test=chanbench:%d:%d,poweroff" % (rtt, stream),
        os.path.join(OUT, "linux-core1-chanbench.dtbo"))
    vms = [(linux, IMAGE, INITRD), (os.path.join(BUILD, "guests/rtos/rtos-core0.dtbo"), RTOS)]
    cmd = tandem_qemu.qemu_command(vms, smp=2, icount=True, tandem=os.path.join(BUILD, "tandem.bin"))
    log = os.path.join(OUT, "channel-run%d.log" % run_no)
    out, wall = run_until_done(cmd, log, 600, r"chan: errors \d+|TANDEM-LINUX-TEST-FAIL")
    m_rtt = re.search(r"chan: rtt (\d+) min (\d+) mean (\d+) max (\d+) ticks", out)
    m_stream = re.search(r"chan: stream (\d+) messages (\d+) payload bytes each way (\d+) ticks", out)
    m_err = re.search(r"chan: errors (\d+)", out)
    if not (m_rtt and m_stream and m_err) or int(m_err.group(1)):
        raise SystemExit("io_bench: the channel benchmark failed; see " + os.path.relpath(log, ROOT))
    n, lo, mean, hi = (int(x) for x in m_rtt.groups())
    msgs, payload, ticks = (int(x) for x in m_stream.groups())
    seconds = ticks * TICK_NS / 1e9
    return {"round_trips": n, "rtt_min_us": lo * TICK_NS / 1000, "rtt_mean_us": mean * TICK_NS / 1000,
            "rtt_max_us": hi * TICK_NS / 1000,
            "stream_messages": msgs, "payload_bytes": payload,
            "messages_per_second": round(msgs / seconds),
            "mb_per_second_each_way": round(msgs * payload / seconds / 1e6, 3),
            "command": " ".join(cmd), "log": os.path.relpath(log, ROOT), "wall_seconds": round(wall, 1)}


def disk():
    path = os.path.join(OUT, "blk.img")
    with open(path, "wb") as f:
        f.truncate(DISK_MB << 20)
        for i in range(0, DISK_MB << 20, 1 << 20):   # not sparse: real data to read
            f.seek(i)
            f.write(os.urandom(4096))
    return path


def blk_args(path):
    return ["-drive", "file=%s,if=none,format=raw,id=disk0,readonly=on" % path,
            "-device", "virtio-blk-device,drive=disk0"]


def blk():
    img = disk()
    args = "console=ttyAMA0 nokaslr tandem.test=blkread:%d,poweroff" % DISK_MB
    result = {}
    linux = tandem_qemu.overlay_with_bootargs(
        os.path.join(ROOT, "tests/integration/overlays/linux-devices.dtso"), args,
        os.path.join(OUT, "linux-devices-blkread.dtbo"))
    tandem = tandem_qemu.qemu_command([(linux, IMAGE, INITRD)], smp=1, icount=True,
                                      tandem=os.path.join(BUILD, "tandem.bin"), extra=blk_args(img))
    # The native run boots with the VM's tree (its RTC and two virtio-mmio
    # slots, fresh seeds) and its 256 MiB: the same machine on both sides.
    trees = os.path.join(OUT, "trees")
    os.makedirs(trees, exist_ok=True)
    vm = like_for_like.vm_tree(tandem, linux, IMAGE, os.path.join(trees, "blkread-vm.dtb"))
    if vm is None:
        raise SystemExit("io_bench: tandem-check printed no tree for the blkread VM")
    tree = like_for_like.with_seeds(vm, os.path.join(trees, "blkread-native.dtb"))
    native = ["qemu-system-aarch64", "-M", "virt,gic-version=3", "-cpu", "cortex-a57", "-smp", "1",
              "-m", "256M", "-nographic", "-nic", "none", "-no-reboot", "-icount", "shift=0,sleep=off",
              "-kernel", IMAGE, "-initrd", INITRD, "-append", args, "-dtb", tree] + blk_args(img)
    nat = like_for_like.from_qemu(native, tree)
    guest = like_for_like.from_overlay(linux, tandem, vm)
    result["like_for_like"] = {"native": nat, "guest": guest,
                               "declared": like_for_like.check("virtio-blk read native vs passed through",
                                                               nat, guest)}
    k = like_for_like.repeats()
    for name, cmd in (("native", native), ("tandem", tandem)):
        runs_ = []
        for i in range(k):
            log = os.path.join(OUT, "blkread-%s-run%d.log" % (name, i))
            out, wall = run_until_done(cmd, log, 600, r"tandem-linux: blkread|TANDEM-LINUX-TEST-FAIL")
            m = re.search(r"tandem-linux: blkread (\d+) MiB (\d+) ticks", out)
            if not m:
                raise SystemExit("io_bench: blkread (%s) failed; see %s" % (name, os.path.relpath(log, ROOT)))
            mib, ticks = int(m.group(1)), int(m.group(2))
            runs_.append({"mib": mib, "ticks": ticks, "icount_ns_per_mib": ticks * TICK_NS // mib,
                          "wall_seconds": round(wall, 2), "command": " ".join(cmd),
                          "log": os.path.relpath(log, ROOT)})
        row = like_for_like.fold(runs_, ("icount_ns_per_mib", "wall_seconds"))
        row["log"] = ", ".join(r["log"] for r in runs_)
        result[name] = row
    result["what"] = ("icount time per MiB read, %d runs each side: the instructions the machine executed for "
                      "the read plus the idle time QEMU skipped to the next timer deadline whenever the vCPU "
                      "waited for the host's I/O. It is not a throughput, and not a measure of Tandem: how "
                      "often the vCPU waits, and how far the clock then jumps, depends on the host's timing, "
                      "so the figure varies from run to run (min/median/max). No goal is judged on it; "
                      "instructions per MiB need a count that excludes idle (a PMU instruction counter in "
                      "the guest, or a TCG plugin), which this bench does not have." % k)
    os.remove(img)
    return result


def runs():
    os.makedirs(OUT, exist_ok=True)
    return {"channel": channel_runs(), "virtio_blk_read": blk()}


def table(io):
    """runs()' result as printable text."""
    ch, blk_ = io["channel"], io["virtio_blk_read"]
    show = like_for_like.show_spread
    lines = ["Channel Linux <-> RTOS (partitioned, 2 cores), icount time, min/median/max of %d runs:" % ch["repeats"],
             "  round trip (%d): min %s mean %s max %s us; stream of %d messages (%d-byte payload): "
             "%s messages/s, %s MB/s each way" % (
                 ch["round_trips"], show(ch, "rtt_min_us", "%.1f"), show(ch, "rtt_mean_us", "%.1f"),
                 show(ch, "rtt_max_us", "%.1f"), ch["stream_messages"], ch["payload_bytes"],
                 show(ch, "messages_per_second"), show(ch, "mb_per_second_each_way", "%.3f")),
             "virtio-blk sequential read in Linux, %d MiB in 1 MiB blocks, -smp 1, icount ns per MiB read, "
             "min/median/max of %d runs: native %s, passed through %s" % (
                 blk_["native"]["mib"], blk_["native"]["repeats"], show(blk_["native"], "icount_ns_per_mib"),
                 show(blk_["tandem"], "icount_ns_per_mib")),
             "  (not a throughput and not a measure of Tandem: QEMU does the I/O in host time and the icount "
             "clock jumps over the vCPU's idle waits by host-dependent amounts; judged against nothing)"]
    for d in blk_["like_for_like"]["declared"]:
        lines.append("  virtio-blk pair differs: " + d)
    if not blk_["like_for_like"]["declared"]:
        lines.append("  virtio-blk pair: like for like (RAM, CPUs, command line, seeds, devices, icount: "
                     "tests/bench/like_for_like.py)")
    return "\n".join(lines)


if __name__ == "__main__":
    r = runs()
    print(json.dumps(r, indent=2))
    print(table(r))
