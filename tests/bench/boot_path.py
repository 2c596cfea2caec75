#!/usr/bin/env python3
"""Tandem's boot path: instructions from the machine's reset to each VM's
first instruction (issue 17, "a boot without the copy").

Under `-icount shift=0,sleep=off` one instruction is one nanosecond of
virtual time, and the system counter (62.5 MHz on QEMU's virt) runs on that
timeline from the machine's reset. Tandem reads the counter when vCPU 0 of
a VM is entered for the first time after each start and logs it later,
off that path (at the VM's first console character, or when it stops or
restarts):

    tandem: vm NAME: first entered at counter N (F Hz); K shared pages copied on write so far

so a figure is N * 1e9 / F instructions, 16 at a time (one counter tick),
deterministic from run to run. Each configuration boots one VM alone on a
one-core machine and is stopped once the line is out. The Linux VM has
Debian's kernel (32.9 MB) and the bench initramfs, the RTOS VM Tandem's
RTOS: their payloads are shared with the boot modules, not copied
(docs/architecture.md, "Boot images").

    python3 tests/bench/boot_path.py
"""
import argparse
import json
import os
import re
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tools"))
import tandem_qemu  # noqa: E402

BUILD = os.path.join(ROOT, os.environ.get("BUILD", "build"))
OUT = os.path.join(BUILD, "bench")
ENTERED = r"tandem: vm %s: first entered at counter (\d+) \((\d+) Hz\); (\d+) shared pages"
GOAL = 2000000   # 2 ms of icount time (issue 17)

CONFIGS = [
    # name, VM name, [(overlay, payload[, ramdisk])], what
    ("linux", "linux", [("tests/integration/overlays/linux-bench-1.dtbo", "guests/linux/Image",
                         "guests/linux/initramfs.cpio.gz")],
     "Debian's arm64 kernel + bench initramfs, 512 MiB (linux-bench-1)"),
    ("rtos", "rtos", [("guests/rtos/rtos-core0.dtbo", "guests/rtos/rtos.bin")],
     "Tandem's RTOS, 64 MiB (guests/rtos/rtos-core0.dtso)"),
    ("testguest", "bench", [("tests/integration/overlays/bench.dtbo", "guests/test/testguest.bin")],
     "the test guest, 32 MiB (bench.dtso)"),
]


def run_until(cmd, pattern, timeout=600):
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    lines, t0, m = [], time.time(), None
    for raw in proc.stdout:
        lines.append(tandem_qemu.unmarked(raw.decode(errors="replace").rstrip("\r\n")))
        m = re.search(pattern, lines[-1])
        if m or time.time() - t0 > timeout:
            break
    proc.kill()
    proc.wait()
    return "\n".join(lines), m


def measure():
    os.makedirs(OUT, exist_ok=True)
    results = {}
    for name, vm, vms, what in CONFIGS:
        vms = [tuple(os.path.join(BUILD, f) for f in v) for v in vms]
        cmd = tandem_qemu.qemu_command(vms, smp=1, icount=True, tandem=os.path.join(BUILD, "tandem.bin"))
        out, m = run_until(cmd, ENTERED % vm)
        with open(os.path.join(OUT, "boot-path-%s.log" % name), "w") as f:
            f.write("# " + " ".join(cmd) + "\n" + out + "\n")
        if not m:
            raise SystemExit("boot_path: no 'first entered' line for %s; see build/bench/boot-path-%s.log"
                             % (vm, name))
        ticks, hz = int(m.group(1)), int(m.group(2))
        payload = sum(os.path.getsize(f) for f in vms[0][1:])
        results[name] = {"vm": vm, "what": what, "payload_bytes": payload,
                         "reset_to_first_instruction": ticks * 1000000000 // hz,
                         "counter_ticks": ticks, "counter_hz": hz,
                         "pages_copied_before_first_char": int(m.group(3)),
                         "command": " ".join(cmd)}
    return results


def table(results):
    lines = ["Reset to the VM's first instruction (icount instructions, -smp 1, one VM; goal <= %s)" %
             "{:,}".format(GOAL)]
    for name, r in results.items():
        n = r["reset_to_first_instruction"]
        lines.append("  %-10s %13s  %s  (%s; payload %.1f MB)" % (
            name, "{:,}".format(n), "met" if n <= GOAL else "NOT met", r["what"], r["payload_bytes"] / 1e6))
    return "\n".join(lines)


def main():
    argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter).parse_args()
    r = measure()
    with open(os.path.join(OUT, "boot_path.json"), "w") as f:
        json.dump(r, f, indent=1)
    print(table(r))


if __name__ == "__main__":
    main()
