#!/usr/bin/env python3
"""Where Tandem's boot spends its instructions, up to a VM's first one
(issue 17 item 4; the figures are tests/bench/boot_path.py's).

Boots one of boot_path.py's configurations under `-icount shift=0` with
QEMU's `-d in_asm,exec,nochain` log, stops at Tandem's "first entered"
line, and charges each executed block (its length in instructions, from
its translation) to every function on a call stack rebuilt from the
blocks that end in `bl`/`blr` and the returns to them. Deterministic from
run to run. Prints the call tree (inclusive counts) down to --depth,
branches under --min instructions left out. The total is a few thousand
instructions above boot_path.py's figure (which is the counter read on the
way into the VM, 16 instructions a step). The log is large (about 100
bytes per block executed): it goes to a temporary directory.

    python3 tools/boot_profile.py [testguest|rtos|linux] [--depth 4] [--min 20000]
"""
import argparse
import bisect
import collections
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "bench"))
sys.path.insert(0, os.path.join(ROOT, "tools"))
import boot_path  # noqa: E402
import tandem_qemu  # noqa: E402

LOAD = 0x40200000   # where QEMU's virt loads an arm64 Image (tandem.bin) with -kernel


def symbols(elf):
    out = subprocess.run(["aarch64-linux-gnu-nm", "-n", elf], capture_output=True, text=True,
                         check=True).stdout
    syms = []
    for line in out.splitlines():
        f = line.split()
        if len(f) == 3 and f[1] in "tTwW" and not f[2].startswith("$"):
            syms.append((int(f[0], 16), f[2]))
    return syms


def image_size(elf):
    out = subprocess.run(["aarch64-linux-gnu-nm", elf], capture_output=True, text=True, check=True).stdout
    return next(int(l.split()[0], 16) for l in out.splitlines() if l.endswith(" __image_size"))


def profile(log, syms, image_size):
    addrs = [a for a, _ in syms]

    def name(pc):
        return syms[max(bisect.bisect_right(addrs, pc - LOAD) - 1, 0)][1]

    blocks, cur, tree, stack, pending, total = {}, None, collections.Counter(), [], None, 0
    with open(log, errors="replace") as f:
        for line in f:
            if line.startswith("IN:"):
                cur = None
                continue
            m = re.match(r"0x([0-9a-f]+):\s+[0-9a-f]{8}\s+(\S+)", line)
            if m:
                a = int(m.group(1), 16)
                cur = a if cur is None else cur
                n = blocks.get(cur, (0,))[0] + 1 if cur != a else 1
                blocks[cur] = (n, m.group(2), a)
                continue
            if not line.strip():
                cur = None
                continue
            m = re.match(r"Trace \d+: 0x[0-9a-f]+ \[[0-9a-f]+/([0-9a-f]+)/", line)
            if not m:
                continue
            pc = int(m.group(1), 16)
            if not LOAD <= pc < LOAD + image_size:
                if total:
                    break   # the VM's first instruction
                continue    # QEMU's boot stub, before Tandem
            n, mnemonic, last = blocks.get(pc, (1, "?", pc))
            for i in range(len(stack) - 1, -1, -1):
                if stack[i][0] == pc:
                    del stack[i:]
                    break
            if pending is not None:
                stack.append((pending, name(pc)))
                pending = None
            total += n
            names = [s for _, s in stack]
            if not names or names[-1] != name(pc):
                names.append(name(pc))
            for d in range(1, len(names) + 1):
                tree[tuple(names[:d])] += n
            if mnemonic in ("bl", "blr"):
                pending = last + 4
    return total, tree


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("config", nargs="?", default="testguest", choices=[c[0] for c in boot_path.CONFIGS])
    ap.add_argument("--depth", type=int, default=4)
    ap.add_argument("--min", type=int, default=20000)
    a = ap.parse_args()
    name, vm, vms, _ = next(c for c in boot_path.CONFIGS if c[0] == a.config)
    vms = [tuple(os.path.join(boot_path.BUILD, f) for f in v) for v in vms]
    tandem = os.path.join(boot_path.BUILD, "tandem.bin")
    with tempfile.TemporaryDirectory() as tmp:
        log = os.path.join(tmp, "exec.log")
        cmd = tandem_qemu.qemu_command(vms, smp=1, icount=True, tandem=tandem)
        cmd += ["-d", "in_asm,exec,nochain", "-D", log]
        out, m = boot_path.run_until(cmd, boot_path.ENTERED % vm)
        if not m:
            raise SystemExit("boot_profile: no 'first entered' line for %s:\n%s" % (vm, out[-2000:]))
        total, tree = profile(log, symbols(os.path.join(boot_path.BUILD, "tandem.elf")),
                              image_size(os.path.join(boot_path.BUILD, "tandem.elf")))
    print("%s: %s instructions of Tandem's before vm %s's first (boot_path.py: %s)" % (
        name, "{:,}".format(total), vm, "{:,}".format(int(m.group(1)) * 1000000000 // int(m.group(2)))))
    for k in sorted(tree):
        if len(k) <= a.depth and tree[k] >= a.min:
            print("%11s %s%s" % ("{:,}".format(tree[k]), "  " * (len(k) - 1), k[-1]))


if __name__ == "__main__":
    main()
