#!/usr/bin/env python3
"""Issue 5's I/O figures, each from one invocation under -icount
shift=0,sleep=off (docs/benchmarks.md):

- the channel between Linux and the RTOS (guests/linux/linux-core1.dtso and
  guests/rtos/rtos-core0.dtso, partitioned on two cores): /bin/tandem-chan in
  Linux (guests/linux/chan.c) times 1000 request/answer round trips and a
  stream of 2000 echo requests with a 64-byte payload;
- virtio-blk sequential reads in Linux, native (QEMU alone) and passed
  through to the Linux VM (tests/integration/overlays/linux-devices.dtso):
  dd of 64 MiB of /dev/vda in 1 MiB blocks, timed by the guest's counter;
  the ratio of the two (wall-clock seconds are of whole runs, boot included,
  and only recorded).

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

BUILD = os.path.join(ROOT, os.environ.get("BUILD", "build"))
OUT = os.path.join(BUILD, "bench")
IMAGE = os.path.join(BUILD, "guests/linux/Image")
INITRD = os.path.join(BUILD, "guests/linux/initramfs.cpio.gz")
RTOS = os.path.join(BUILD, "guests/rtos/rtos.bin")
TICK_NS = 16          # the virt machine's counter: 62.5 MHz
DISK_MB = 64


def channel(rtt=1000, stream=2000):
    linux = tandem_qemu.overlay_with_bootargs(
        os.path.join(ROOT, "guests/linux/linux-core1.dtso"),
        "console=ttyAMA0 nokaslr tandem.test=chanbench:%d:%d,poweroff" % (rtt, stream),
        os.path.join(OUT, "linux-core1-chanbench.dtbo"))
    vms = [(linux, IMAGE, INITRD), (os.path.join(BUILD, "guests/rtos/rtos-core0.dtbo"), RTOS)]
    cmd = tandem_qemu.qemu_command(vms, smp=2, icount=True, tandem=os.path.join(BUILD, "tandem.bin"))
    log = os.path.join(OUT, "channel.log")
    out, wall = run_until_done(cmd, log, 600, r"chan: errors \d+|TANDEM-LINUX-TEST-FAIL")
    m_rtt = re.search(r"chan: rtt (\d+) min (\d+) mean (\d+) max (\d+) ticks", out)
    m_stream = re.search(r"chan: stream (\d+) messages (\d+) payload bytes each way (\d+) ticks", out)
    m_err = re.search(r"chan: errors (\d+)", out)
    if not (m_rtt and m_stream and m_err) or int(m_err.group(1)):
        raise SystemExit("io_bench: the channel benchmark failed; see " + os.path.relpath(log, ROOT))
    n, lo, mean, hi = (int(x) for x in m_rtt.groups())
    msgs, payload, ticks = (int(x) for x in m_stream.groups())
    seconds = ticks * TICK_NS / 1e9
    return {"round_trips": n, "rtt_us": {"min": lo * TICK_NS / 1000, "mean": mean * TICK_NS / 1000,
                                         "max": hi * TICK_NS / 1000},
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
    native = ["qemu-system-aarch64", "-M", "virt,gic-version=3", "-cpu", "cortex-a57", "-smp", "1",
              "-m", "256M", "-nographic", "-nic", "none", "-no-reboot", "-icount", "shift=0,sleep=off",
              "-kernel", IMAGE, "-initrd", INITRD, "-append", args] + blk_args(img)
    linux = tandem_qemu.overlay_with_bootargs(
        os.path.join(ROOT, "tests/integration/overlays/linux-devices.dtso"), args,
        os.path.join(OUT, "linux-devices-blkread.dtbo"))
    tandem = tandem_qemu.qemu_command([(linux, IMAGE, INITRD)], smp=1, icount=True,
                                      tandem=os.path.join(BUILD, "tandem.bin"), extra=blk_args(img))
    for name, cmd in (("native", native), ("tandem", tandem)):
        log = os.path.join(OUT, "blkread-%s.log" % name)
        out, wall = run_until_done(cmd, log, 600, r"tandem-linux: blkread|TANDEM-LINUX-TEST-FAIL")
        m = re.search(r"tandem-linux: blkread (\d+) MiB (\d+) ticks", out)
        if not m:
            raise SystemExit("io_bench: blkread (%s) failed; see %s" % (name, os.path.relpath(log, ROOT)))
        seconds = int(m.group(2)) * TICK_NS / 1e9
        result[name] = {"mib": int(m.group(1)), "ticks": int(m.group(2)),
                        "mb_per_second": round((int(m.group(1)) << 20) / seconds / 1e6, 1),
                        "wall_seconds": round(wall, 2), "command": " ".join(cmd),
                        "log": os.path.relpath(log, ROOT)}
    result["throughput_ratio"] = round(result["tandem"]["mb_per_second"] / result["native"]["mb_per_second"], 4)
    os.remove(img)
    return result


def runs():
    os.makedirs(OUT, exist_ok=True)
    return {"channel": channel(), "virtio_blk_read": blk()}


if __name__ == "__main__":
    print(json.dumps(runs(), indent=2))
