#!/usr/bin/env python3
"""Where a cross-vCPU wake-up's instructions go under Tandem (issue 17, the
2-vCPU ping-pong rows of linux_micro.py): a deterministic path length per
exit, per core, from the percore TCG plugin (tools/percore/percore.c, `make
percore-plugin`).

It boots the same Linux as linux_micro.py (Debian's kernel, the micro
initramfs, `tandem.micro=quick`) with 2 vCPUs on cores 0-1 under
-icount shift=0,sleep=off, and has the plugin log, per core, the
instruction count at every EL2 vector entry, every `eret` and the entry of
every Tandem function. Each exit is the window from a lower-EL vector to the
next eret on that core; the two exits a cross-vCPU wake-up costs are

  send:    the guest's trapped ICC_SGI1R_EL1 write (trap_sysreg reaching
           vgic_send_sgi) on the sender's core,
  receive: the IRQ exit that takes the kick (SGI_KICK, irq_dispatch) on the
           target's core and puts the SGI into a list register,

and for each the script gives the median instructions from the vector's
first instruction to the eret (both counted), and the median instructions
spent from each function's entry to the next watched event (a flat profile:
what a function runs before it calls another or the exit ends).

    tests/bench/sgi_path.py [--json FILE] [--timeout S]

runs() returns the JSON-able dict, table() prints it.
"""
import argparse
import collections
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import linux_micro as LM  # noqa: E402
import rtos_interference as RI  # noqa: E402

PLUGIN = os.path.join(LM.BUILD, "tools/percore.so")
TANDEM_ELF = os.path.join(LM.BUILD, "tandem.elf")
TANDEM_BIN = os.path.join(LM.BUILD, "tandem.bin")
LOWER_VECTORS = (0x400, 0x480)   # lower EL, AArch64: synchronous, IRQ


def events_file(path):
    """Watches Tandem's EL2 vectors, erets and function entries."""
    ev = RI.Events()
    base = RI.load_base(TANDEM_BIN)
    insns = RI.disassembly(TANDEM_ELF)
    words = {a: w for a, w, _m, _o, _f in insns}
    syms = RI.symbols(TANDEM_ELF)
    for k in range(16):
        a = syms["el2_vectors"] + 0x80 * k
        ev.add(base + a, words[a], "vector", 0x80 * k)
    seen = set()
    for name, a in sorted(syms.items(), key=lambda kv: kv[1]):
        if a in words and a not in seen and not name.startswith("$"):
            seen.add(a)
            ev.add(base + a, words[a], "fn", name)
    for a, w, m, _o, f in insns:
        if m == "eret":
            ev.add(base + a, w, "eret", f)
    ev.write(path)
    return ev.names


def read_exits(log, names):
    """{core: [[(count, (kind, detail)), ...] per exit]} and the totals."""
    cur, exits, totals, ended = {}, collections.defaultdict(list), {}, False
    with open(log) as f:
        for line in f:
            p = line.split()
            if p[0] == "E":
                core, count, what = int(p[1]), int(p[2]), names[int(p[3])]
                if what[0] == "vector" and what[1] in LOWER_VECTORS:
                    cur[core] = [(count, what)]
                elif core in cur:
                    cur[core].append((count, what))
                    if what[0] == "eret":
                        exits[core].append(cur.pop(core))
            elif p[0] == "T":
                totals[int(p[1])] = int(p[2])
            elif p[0] == "END":
                ended = True
    if not ended:
        raise SystemExit("sgi_path: %s has no END line (QEMU did not exit cleanly)" % log)
    return exits, totals


def kind(window):
    fns = {d for _c, (k, d) in window if k == "fn"}
    if window[0][1][1] == 0x400 and "trap_sysreg" in fns and "vgic_send_sgi" in fns:
        return "send"
    if window[0][1][1] == 0x480 and "irq_dispatch" in fns and "sched_reschedule" in fns:
        return "receive"
    return None


def median(xs):
    xs = sorted(xs)
    return xs[len(xs) // 2] if xs else 0


def profile(windows):
    """Per function, the median over windows of the instructions from its
    entries to the next event (summed within a window)."""
    per = collections.defaultdict(list)
    for w in windows:
        spent = collections.Counter()
        for (c0, (k, d)), (c1, _n) in zip(w, w[1:]):
            spent["(vector %#x)" % d if k == "vector" else d] += c1 - c0
        for name, n in spent.items():
            per[name].append(n)
    n = len(windows)
    rows = [(name, median(v + [0] * (n - len(v))), len(v)) for name, v in per.items()]
    return sorted(rows, key=lambda r: -r[1])


def runs(timeout=3600, tag="sgi-path"):
    if not os.path.exists(PLUGIN):
        raise SystemExit("sgi_path: no %s (make percore-plugin)" % os.path.relpath(PLUGIN, LM.ROOT))
    os.makedirs(LM.OUT, exist_ok=True)
    evf = os.path.join(LM.OUT, "%s-events.txt" % tag)
    plog = os.path.join(LM.OUT, "%s-percore.log" % tag)
    names = events_file(evf)
    cmd = LM.tandem_command(LM.IMAGE, LM.INITRD, LM.BOOTARGS + " tandem.micro=quick", LM.MEM_MIB, 2)
    cmd += ["-plugin", "file=%s,events=%s,out=%s" % (PLUGIN, evf, plog)]
    out, wall = LM.run_one("tandem", cmd, os.path.join(LM.OUT, "%s.log" % tag), timeout)
    if "TANDEM-MICRO-DONE" not in out:
        raise SystemExit("sgi_path: the micro-benchmarks did not finish (see build/bench/%s.log)" % tag)
    exits, totals = read_exits(plog, names)
    res = {"command": " ".join(cmd), "wall_s": round(wall, 1), "totals": totals, "paths": {}}
    for k in ("send", "receive"):
        ws = [w for core in exits for w in exits[core] if kind(w) == k]
        lengths = [w[-1][0] - w[0][0] + 1 for w in ws]
        res["paths"][k] = {
            "exits": len(ws), "median": median(lengths),
            "min": min(lengths) if lengths else 0, "max": max(lengths) if lengths else 0,
            "profile": [{"function": f, "median": m, "in_exits": c} for f, m, c in profile(ws)[:25]],
        }
    return res


def table(res):
    lines = ["Cross-vCPU SGI path under Tandem, Linux micro (quick) at 2 vCPUs; instructions "
             "per exit, vector to eret (percore plugin, -icount)"]
    for k, p in res["paths"].items():
        lines.append("%-8s exits %7d  median %5d  min %5d  max %6d" %
                     (k, p["exits"], p["median"], p["min"], p["max"]))
        for r in p["profile"]:
            if r["median"]:
                lines.append("    %-28s %5d  (in %d exits)" % (r["function"], r["median"], r["in_exits"]))
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--json", default=os.path.join(LM.OUT, "sgi-path.json"))
    ap.add_argument("--timeout", type=float, default=3600)
    ap.add_argument("--tag", default="sgi-path")
    a = ap.parse_args()
    res = runs(a.timeout, a.tag)
    with open(a.json, "w") as f:
        json.dump(res, f, indent=1)
    print(table(res))


if __name__ == "__main__":
    main()
