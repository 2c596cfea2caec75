#!/usr/bin/env python3
"""Linux boot to /init, natively and under Tandem, like for like (issue 17).

Debian's arm64 kernel and the bench initramfs, from the machine's reset to
the /init marker, in icount time (instructions: `-icount shift=0,sleep=off`,
the guest's counter on the machine's timeline, Tandem's counter offset added
back). Both sides get the same machine:

- RAM: the VM's size (tests/integration/overlays/linux-bench-N.dtso, 512 MiB)
  on both sides (natively `-m 512M`);
- device tree: natively the tree Tandem builds for the VM (`tandem-check`
  on the platform tree of the same QEMU command line), with fresh 64-byte
  rng-seed and 8-byte kaslr-seed in /chosen, as Tandem gives each boot;
- command line: the overlay's bootargs, natively `-append` the same;
- cores: N on both sides (the VM has N vCPUs on a machine of N cores).

`conditions` records all of it for each side and `differences` what differs
(top-level nodes of the two trees as the kernels get them, RAM, cores,
command line, seeds): an empty list means like for like.

    python3 tests/bench/linux_boot.py [--cpus 1,2]
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tools"))
import tandem_qemu  # noqa: E402
import like_for_like  # noqa: E402  (its dumpdtb: never a stale tree)

BUILD = os.path.join(ROOT, os.environ.get("BUILD", "build"))
OUT = os.path.join(BUILD, "bench")
COUNTER = re.compile(r"tandem-linux: counter (\d+) frequency (\d+)")
OFFSET = re.compile(r"tandem: vm linux: virtual counter offset (\d+)")
ENTERED = re.compile(r"tandem: vm linux: first entered at counter (\d+) \((\d+) Hz\)")
COPIED = re.compile(r"tandem: vm linux: (\d+) shared pages copied on write since its start")
MARKER = "TANDEM-LINUX-INIT-REACHED"


def overlay(ncpus):
    return os.path.join(BUILD, "tests/integration/overlays/linux-bench-%d.dtbo" % ncpus)


def vm_settings(ncpus):
    """RAM (MiB) and bootargs of the VM, from its overlay."""
    _name, props = tandem_qemu.overlay_vm(overlay(ncpus))
    ram_kib = tandem_qemu.cells(props["memory"])
    text = subprocess.run(["dtc", "-q", "-I", "dtb", "-O", "dts", overlay(ncpus)],
                          capture_output=True, text=True).stdout
    m = re.search(r'bootargs = "([^"]*)"', text)
    return ram_kib // 1024, m.group(1) if m else ""


def timed_run(cmd, marker, timeout=900):
    """Runs QEMU to exit; returns (output, wall seconds from start to the line
    matching marker)."""
    t0 = time.time()
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    lines, wall = [], None
    deadline = t0 + timeout
    for raw in proc.stdout:
        line = tandem_qemu.unmarked(raw.decode(errors="replace").rstrip("\r\n"))
        lines.append(line)
        if wall is None and marker in line:
            wall = time.time() - t0
        if time.time() > deadline:
            proc.kill()
            break
    proc.wait()
    return "\n".join(lines), wall


def top_nodes(dtb):
    """Top-level node names (with unit addresses) of a tree, by dtc."""
    text = subprocess.run(["dtc", "-q", "-I", "dtb", "-O", "dts", dtb], capture_output=True, text=True).stdout
    return sorted(set(re.findall(r"^\t([a-zA-Z0-9_,.+@-]+) \{", text, re.M)))


def chosen_props(dtb):
    text = subprocess.run(["dtc", "-q", "-I", "dtb", "-O", "dts", dtb], capture_output=True, text=True).stdout
    m = re.search(r"^\tchosen \{\n(.*?)^\t\};", text, re.M | re.S)
    return sorted(set(re.findall(r"^\t\t([a-z,-]+)\b", m.group(1), re.M))) if m else []


def vm_tree(vms, smp, tmp):
    """The VM's device tree as Tandem builds it (tandem-check on the platform
    tree of the same command line), compiled, with fresh seeds in /chosen as
    Tandem gives each boot (64 + 8 random bytes)."""
    platform = like_for_like.dumpdtb(tandem_qemu.qemu_command(vms, icount=True, smp=smp), os.path.join(tmp, "platform.dtb"))
    check = subprocess.run([os.path.join(BUILD, "tools/tandem-check"), platform,
                            "%s=%s" % (vms[0][0], vms[0][1])], capture_output=True, text=True).stdout
    if "/dts-v1/" not in check:
        raise SystemExit("linux_boot: tandem-check printed no VM tree:\n" + check)
    dts = check[check.index("/dts-v1/"):]
    dts = dts[:dts.rindex("\n};") + 3] + "\n"
    seeds = "rng-seed = [%s];\n\t\tkaslr-seed = [%s];\n\t\t" % (os.urandom(64).hex(), os.urandom(8).hex())
    dts = re.sub(r"(\tchosen \{\n\t\t)", lambda m: m.group(1) + seeds, dts, count=1)
    out = os.path.join(tmp, "vm.dtb")
    subprocess.run(["dtc", "-q", "-I", "dts", "-O", "dtb", "-o", out, "-"], input=dts, text=True, check=True)
    return out


def linux_boot(ncpus, tandem_bin=None):
    """Linux from power-on to its /init marker, native and under Tandem, like
    for like; icount instructions and wall time."""
    image = os.path.join(BUILD, "guests/linux/Image")
    initrd = os.path.join(BUILD, "guests/linux/initramfs.cpio.gz")
    ram_mib, cmdline = vm_settings(ncpus)
    vms = [(overlay(ncpus), image, initrd)]
    os.makedirs(OUT, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix="tandem-bench-")
    tree = vm_tree(vms, ncpus, tmp)
    native = ["qemu-system-aarch64", "-M", "virt,gic-version=3,virtualization=off",
              "-cpu", "cortex-a57", "-smp", str(ncpus), "-m", "%dM" % ram_mib, "-nographic", "-nic", "none",
              "-no-reboot", "-icount", "shift=0,sleep=off", "-kernel", image, "-initrd", initrd,
              "-dtb", tree, "-append", cmdline]
    tandem = tandem_qemu.qemu_command(vms, smp=ncpus, icount=True,
                                      tandem=tandem_bin or os.path.join(BUILD, "tandem.bin"))
    native_tree = like_for_like.dumpdtb(native, os.path.join(tmp, "native.dtb"))
    native_nodes, vm_nodes = top_nodes(native_tree), top_nodes(tree)
    conditions = {
        "native": {"ram_mib": ram_mib, "cpus": ncpus, "cmdline": cmdline,
                   "seeds": "rng-seed 64 B, kaslr-seed 8 B (in the -dtb tree): " + ",".join(
                       p for p in chosen_props(native_tree) if p.endswith("seed")),
                   "devices": native_nodes},
        "tandem": {"ram_mib": ram_mib, "cpus": ncpus, "cmdline": cmdline,
                   "seeds": "rng-seed 64 B, kaslr-seed 8 B (Tandem, fresh each boot): kaslr-seed,rng-seed",
                   "devices": vm_nodes},
    }
    differences = []
    for key in ("ram_mib", "cpus", "cmdline", "seeds"):
        a, b = conditions["native"][key], conditions["tandem"][key]
        if key == "seeds":
            a, b = a.split(": ")[-1], b.split(": ")[-1]
        if a != b:
            differences.append("%s: native %s, tandem %s" % (key, a, b))
    if native_nodes != vm_nodes:
        differences.append("devices: only native %s, only tandem %s" % (
            sorted(set(native_nodes) - set(vm_nodes)), sorted(set(vm_nodes) - set(native_nodes))))
    result = {"conditions": conditions, "differences": differences}
    for name, cmd in (("native", native), ("tandem", tandem)):
        out, wall = timed_run(cmd, MARKER)
        with open(os.path.join(OUT, "linux-boot-%dcpu-%s.log" % (ncpus, name)), "w") as f:
            f.write("# " + " ".join(cmd) + "\n" + out)
        m = COUNTER.search(out)
        if not m or wall is None:
            raise SystemExit("bench: Linux (%s, %d vCPU) did not reach /init; see build/bench/" % (name, ncpus))
        count, freq = int(m.group(1)), int(m.group(2))
        off = OFFSET.search(out)
        count += int(off.group(1)) if off else 0
        traps = re.search(r"tandem: vm linux: traps: (.*)", out)
        row = {"instructions": count * 1000000000 // freq, "wall_seconds": round(wall, 3),
               "traps": traps.group(1) if traps else None, "command": " ".join(cmd)}
        entered = ENTERED.search(out)
        if entered:
            row["reset_to_first_instruction"] = int(entered.group(1)) * 1000000000 // int(entered.group(2))
        copied = COPIED.search(out)
        if copied:
            row["pages_copied_on_write"] = int(copied.group(1))
        result[name] = row
    result["icount_ratio"] = round(result["tandem"]["instructions"] / result["native"]["instructions"], 4)
    result["wall_ratio"] = round(result["tandem"]["wall_seconds"] / result["native"]["wall_seconds"], 3)
    return result


def measure(cpus=(1, 2)):
    return {n: linux_boot(n) for n in cpus}


def table(results):
    lines = ["Linux, power-on to /init (icount instructions), like for like",
             "  %-6s %15s %15s %8s %s" % ("vCPUs", "native", "Tandem", "ratio", "goal <= 1.01")]
    for n, r in sorted(results.items()):
        lines.append("  %-6s %15s %15s %8.4f %s" % (n, "{:,}".format(r["native"]["instructions"]),
                                                   "{:,}".format(r["tandem"]["instructions"]), r["icount_ratio"],
                                                   "met" if r["icount_ratio"] <= 1.01 else "NOT met"))
        t = r["tandem"]
        if "reset_to_first_instruction" in t:
            lines.append("         Tandem: reset to the VM's first instruction %s instructions, %s pages "
                         "copied on write" % ("{:,}".format(t["reset_to_first_instruction"]),
                                              t.get("pages_copied_on_write", "?")))
        lines.append("         like for like: %s" % ("; ".join(r["differences"]) or "no difference "
                                                     "(RAM %d MiB, %d cores, same tree, cmdline, seeds)" % (
                                                         r["conditions"]["native"]["ram_mib"], n)))
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cpus", default="1,2")
    args = ap.parse_args()
    r = measure(tuple(int(c) for c in args.cpus.split(",")))
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "linux_boot.json"), "w") as f:
        json.dump(r, f, indent=1)
    print(table(r))


if __name__ == "__main__":
    main()
