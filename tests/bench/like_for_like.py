#!/usr/bin/env python3
"""The like-for-like check every native-vs-guest pair of the benchmarks goes
through (issue 17): a figure of Tandem's compared with a native one counts
only if both runs had the same machine, or if the row says what differed.

Each run of a pair is described by a dict (a key a side cannot know is left
out and reported as "unknown"):

    {"ram_mib": int,            RAM the kernel is given (MiB)
     "cpus": int,               CPUs the kernel sees
     "cmdline": str,            its command line (-append / /chosen/bootargs)
     "seeds": {"rng-seed": bool, "kaslr-seed": bool},   in its /chosen
     "devices": [str],          sorted device nodes of its tree
     "icount": "shift=0,sleep=off" or None,
     "machine_smp": int}        cores of the QEMU machine (-smp)

compare(label, native, guest, declared=()) returns the differences as
readable strings; check(...) raises SystemExit naming the pair and every
difference that is not declared, and returns the declared ones (each with
its reason) for the row to print. `declared` holds keys ("devices") or
(key, reason) pairs, or is a dict {key: reason}.

The dicts come from:
    from_qemu(cmd, tree=None)     a native QEMU command line (+ its tree)
    native_tree(cmd, path)        that tree, by QEMU's -machine dumpdtb=
    from_overlay(overlay, cmd, guest_tree=None)   a Tandem VM: its overlay
                                  (.dtbo or .dtso) and the QEMU command
    vm_tree(cmd, overlay, payload, path)  the VM's tree as Tandem builds it
                                  (tandem-check on the command's platform tree)

    tests/bench/like_for_like.py NATIVE.dtb|- OVERLAY [GUEST.dtb]
prints the two dicts and their differences (a quick look at one pair).
"""
import json
import os
import re
import shlex
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tools"))
import tandem_qemu  # noqa: E402

BUILD = os.path.join(ROOT, os.environ.get("BUILD", "build"))
KEYS = ("ram_mib", "cpus", "machine_smp", "cmdline", "seeds", "devices", "icount")
SEEDS = ("rng-seed", "kaslr-seed")
UNKNOWN = "unknown"


# ---------------------------------------------------------------- comparing
def _reasons(declared):
    if isinstance(declared, dict):
        return dict(declared)
    out = {}
    for d in declared:
        if isinstance(d, str):
            out[d] = ""
        else:
            key, reason = d
            out[key] = reason
    return out


def _show(value):
    if value == UNKNOWN:
        return UNKNOWN
    if value is None:
        return "none"
    if isinstance(value, str):
        return '"%s"' % value
    return str(value)


def _names(nodes, limit=12):
    """Node paths for a message: four or more of one name under one parent
    (virtio_mmio@...) shown as one entry with their count and first and
    last address; past `limit` entries, how many more (the dicts in the
    results hold them all)."""
    groups = {}
    for n in nodes:
        parent, _, leaf = n.rpartition("/")
        groups.setdefault((parent, leaf.split("@")[0]), []).append(n)
    out = []
    for (parent, base), members in sorted(groups.items()):
        if len(members) >= 4:
            out.append("%s%s@%s..%s (%d)" % (parent + "/" if parent else "", base,
                                             members[0].rpartition("@")[2], members[-1].rpartition("@")[2],
                                             len(members)))
        else:
            out.extend(members)
    if len(out) > limit:
        out = out[:limit] + ["and %d more" % (len(out) - limit)]
    return ", ".join(out)


def _difference(key, n, g):
    """A readable difference between the native value n and the guest's g,
    or None when they agree."""
    if n == UNKNOWN and g == UNKNOWN:
        return "%s: unknown on both sides" % key
    if n == g:
        return None
    if n == UNKNOWN or g == UNKNOWN:
        return "%s: native %s, guest %s" % (key, _show(n), _show(g))
    if key == "devices":
        only_n = sorted(set(n) - set(g))
        only_g = sorted(set(g) - set(n))
        parts = []
        if only_n:
            parts.append("native only %d: %s" % (len(only_n), _names(only_n)))
        if only_g:
            parts.append("guest only %d: %s" % (len(only_g), _names(only_g)))
        return "devices: " + "; ".join(parts) if parts else None
    if key == "seeds":
        parts = ["%s native %s, guest %s" % (s, _show(n.get(s, UNKNOWN)), _show(g.get(s, UNKNOWN)))
                 for s in sorted(set(n) | set(g)) if n.get(s, UNKNOWN) != g.get(s, UNKNOWN)]
        return "seeds: " + "; ".join(parts) if parts else None
    if key == "cmdline":
        tn, tg = n.split(), g.split()
        if tn == tg:
            return None
        return "cmdline: native only [%s], guest only [%s]" % (
            " ".join(t for t in tn if t not in tg), " ".join(t for t in tg if t not in tn))
    return "%s: native %s, guest %s" % (key, _show(n), _show(g))


def differences(native, guest):
    """[(key, text)] for every key on which the two runs differ (or that
    neither side knows)."""
    out = []
    for key in KEYS:
        text = _difference(key, native.get(key, UNKNOWN), guest.get(key, UNKNOWN))
        if text:
            out.append((key, text))
    return out


def compare(label, native, guest, declared=()):
    """The differences between the native run and the guest run of the pair
    `label`, as readable strings; a declared one ends with its reason."""
    reasons = _reasons(declared)
    out = []
    for key, text in differences(native, guest):
        if key in reasons:
            text += " (declared%s)" % (": " + reasons[key] if reasons[key] else "")
        out.append(text)
    return out


def check(label, native, guest, declared=()):
    """Raises SystemExit naming the pair and each difference that is not
    declared; returns the declared differences (for the row to print)."""
    reasons = _reasons(declared)
    diffs = differences(native, guest)
    bad = [text for key, text in diffs if key not in reasons]
    if bad:
        raise SystemExit("like_for_like: %s is not like for like: %s" % (label, "; ".join(bad)))
    return compare(label, native, guest, declared)


# ---------------------------------------------------------------- trees
def size_mib(text):
    """QEMU's -m (128, 256M, 1G, size=1G,...) in MiB."""
    text = text.split(",")[0]
    if text.startswith("size="):
        text = text[len("size="):]
    m = re.fullmatch(r"(\d+)([MGT]?)[Bb]?", text.strip(), re.I)
    if not m:
        raise ValueError("cannot read -m %s" % text)
    return int(m.group(1)) * {"": 1, "M": 1, "G": 1024, "T": 1 << 20}[m.group(2).upper()]


def tree_facts(blob):
    """(seeds, devices) of a flattened tree: which seeds /chosen holds, and
    the sorted paths (no leading /) of the nodes with a compatible, but for
    /cpus (counted apart) and /chosen (boot modules, seeds)."""
    seeds, devices = {s: False for s in SEEDS}, []
    for path, props in tandem_qemu.fdt_nodes(blob):
        if path == "/chosen" or path == "chosen":
            for s in SEEDS:
                seeds[s] = s in props
        rel = path.lstrip("/")
        if not rel or "compatible" not in props:
            continue
        if rel.split("/")[0] in ("cpus", "chosen") or rel.split("/")[0].startswith("cpu@"):
            continue
        devices.append(rel)
    return seeds, sorted(devices)


def tree_bootargs(blob):
    """/chosen/bootargs of a tree ("" if it has none)."""
    for path, props in tandem_qemu.fdt_nodes(blob):
        if path.strip("/") == "chosen":
            return props.get("bootargs", b"").rstrip(b"\0").decode()
    return ""


def _arg(cmd, flag, default=None):
    return cmd[cmd.index(flag) + 1] if flag in cmd else default


def from_qemu(cmd, tree=None):
    """A native run: RAM (-m), CPUs and machine cores (-smp), command line
    (-append), icount (-icount); seeds and devices from its tree (a path or
    the blob QEMU's dumpdtb wrote), else unknown."""
    cmd = shlex.split(cmd) if isinstance(cmd, str) else list(cmd)
    smp = int(_arg(cmd, "-smp", "1").split(",")[0].replace("cpus=", ""))
    r = {"ram_mib": size_mib(_arg(cmd, "-m", "128M")), "cpus": smp, "machine_smp": smp,
         "cmdline": _arg(cmd, "-append", ""), "icount": _arg(cmd, "-icount")}
    if tree is not None:
        blob = tree if isinstance(tree, bytes) else open(tree, "rb").read()
        r["seeds"], r["devices"] = tree_facts(blob)
    return r


def dumpdtb(cmd, path):
    """Runs QEMU with -machine ...,dumpdtb=path (it writes the tree it would
    boot with and exits); returns path."""
    cmd = list(cmd)
    cmd[cmd.index("-M") + 1] += ",dumpdtb=" + path
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    if os.path.exists(path):
        os.remove(path)
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300)
    if not os.path.exists(path):
        raise SystemExit("like_for_like: QEMU wrote no tree for: %s" % " ".join(cmd))
    return path


def native_tree(cmd, path):
    """The tree a native command gives its kernel, as QEMU dumps it (its
    own, or the -dtb file with what QEMU adds to it)."""
    return dumpdtb(cmd, path)


def overlay_props(overlay):
    """(VM name, {property: bytes or str}) of a .dtbo, or of a .dtso (read
    as text: cpus, memory, bootargs, passthrough)."""
    if overlay.endswith(".dtbo"):
        name, props = tandem_qemu.overlay_vm(overlay)
        out = {}
        for node, p in tandem_qemu.fdt_nodes(open(overlay, "rb").read()):
            if "bootargs" in p and "bootargs" not in out:
                out["bootargs"] = p["bootargs"].rstrip(b"\0").decode()
        if "cpus" in props:
            out["cpus"] = tandem_qemu.cells(props["cpus"])
        if "memory" in props:
            out["memory_kib"] = tandem_qemu.cells(props["memory"])
        if "passthrough" in props:
            out["passthrough"] = [s.decode() for s in props["passthrough"].split(b"\0") if s]
        return name, out
    with open(overlay) as f:
        return parse_dtso(f.read())


def _cells_text(text):
    n = 0
    for c in text.split():
        n = (n << 32) | int(c, 0)
    return n


def parse_dtso(text):
    """The same from an overlay's source (comments removed)."""
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    text = re.sub(r"//[^\n]*", "", text)
    m = re.search(r"([\w@,.-]+)\s*\{[^{}]*compatible\s*=\s*\"tandem,vm\"", text)
    name = m.group(1) if m else None
    out = {}
    b = re.search(r'bootargs\s*=\s*"([^"]*)"', text)
    if b:
        out["bootargs"] = b.group(1)
    c = re.search(r"\bcpus\s*=\s*<([^>]*)>", text)
    if c:
        out["cpus"] = _cells_text(c.group(1))
    mem = re.search(r"\bmemory\s*=\s*<([^>]*)>", text)
    if mem:
        out["memory_kib"] = _cells_text(mem.group(1))
    p = re.search(r"\bpassthrough\s*=\s*([^;]*);", text)
    if p:
        out["passthrough"] = re.findall(r'"([^"]*)"', p.group(1))
    return name, out


def from_overlay(overlay, cmd, guest_tree=None):
    """A Tandem VM: RAM, vCPUs and command line from its overlay; machine
    cores and icount from the QEMU command that boots it; seeds and devices
    from the tree Tandem builds for it (vm_tree()), else the devices are the
    overlay's passthrough list and the seeds unknown."""
    cmd = shlex.split(cmd) if isinstance(cmd, str) else list(cmd)
    _name, p = overlay_props(overlay)
    r = {"machine_smp": int(_arg(cmd, "-smp", "1").split(",")[0]), "icount": _arg(cmd, "-icount")}
    if "memory_kib" in p:
        r["ram_mib"] = p["memory_kib"] // 1024
    if "cpus" in p:
        r["cpus"] = p["cpus"]
    if "bootargs" in p:
        r["cmdline"] = p["bootargs"]
    if guest_tree is not None:
        blob = guest_tree if isinstance(guest_tree, bytes) else open(guest_tree, "rb").read()
        r["seeds"], r["devices"] = tree_facts(blob)
        r["cmdline"] = tree_bootargs(blob)
    else:
        r["devices"] = sorted(d.lstrip("/") for d in p.get("passthrough", []))
    return r


SEED_COMMENT = re.compile(r"/\* (rng-seed|kaslr-seed): \d+ bytes, fresh at each boot of the VM \*/")


def check_output_tree(text, vm=None):
    """The DTS of one accepted VM in tandem-check's output (the first, or
    the one named vm), its seed comments turned back into properties (zero
    bytes of their size: tandem-check never prints a seed); None if there
    is none."""
    heads = list(re.finditer(r"^/\* the device tree of VM (\S+) .*\*/$", text, re.M))
    for i, h in enumerate(heads):
        if vm is not None and h.group(1) != vm:
            continue
        body = text[h.end():heads[i + 1].start() if i + 1 < len(heads) else len(text)]
        if "/dts-v1/" not in body:
            return None
        body = body[body.index("/dts-v1/"):]
        body = body[:body.rindex("\n};") + 3] + "\n"

        def seed(m):
            size = int(re.search(r"(\d+) bytes", m.group(0)).group(1))
            return '%s = [%s];' % (m.group(1), " ".join(["00"] * size))
        return re.sub(r"/\* (rng-seed|kaslr-seed): \d+ bytes[^*]*\*/", seed, body)
    return None


def vm_tree(cmd, overlay, payload, path, arch="arm64", paravirtual=False, check_args=()):
    """The device tree Tandem builds for the VM of `overlay` (a .dtbo) in the
    machine of `cmd` (a Tandem QEMU command): tandem-check on the platform
    tree QEMU dumps for that command line, compiled into `path`. Returns
    path, or None when tandem-check printed no tree for it."""
    platform = dumpdtb(cmd, path[:-len(".dtb")] + "-platform.dtb")
    check_bin = os.path.join(BUILD, "tools/tandem-check")
    args = [check_bin] + ([] if arch == "arm64" else ["--arch", arch]) + \
        (["--paravirtual"] if paravirtual else []) + list(check_args) + [platform, "%s=%s" % (overlay, payload) if payload else overlay]
    out = subprocess.run(args, capture_output=True, text=True, timeout=120).stdout
    name, _ = overlay_props(overlay)
    dts = check_output_tree(out, name)
    if dts is None:
        return None
    subprocess.run(["dtc", "-q", "-I", "dts", "-O", "dtb", "-o", path, "-"], input=dts, text=True, check=True)
    return path


def with_seeds(dtb, out):
    """A copy of a VM tree (vm_tree()'s, whose seeds are zero bytes) with
    fresh random seeds of the same sizes, as Tandem writes them at each boot
    of the VM: the tree a native run boots with (-dtb) to see the VM's
    machine. Returns out."""
    sizes = {}
    for path, props in tandem_qemu.fdt_nodes(open(dtb, "rb").read()):
        if path.strip("/") == "chosen":
            sizes = {k: len(props[k]) for k in SEEDS if k in props}
    shutil.copyfile(dtb, out)
    for prop, size in sizes.items():
        words = ["%08x" % int.from_bytes(os.urandom(4), "big") for _ in range((size + 3) // 4)]
        subprocess.run(["fdtput", "-t", "x", out, "/chosen", prop] + words, check=True)
    return out


def pair(label, native_cmd, tandem_cmd, overlay, payload, declared=(), tmp=None, arch="arm64",
         paravirtual=False, check_args=()):
    """The whole check for one pair of QEMU commands: both dicts (trees
    dumped into tmp, build/bench/trees by default), check()ed. Returns
    {"native": dict, "guest": dict, "declared": [str]} for the row."""
    tmp = tmp or os.path.join(BUILD, "bench", "trees")
    os.makedirs(tmp, exist_ok=True)
    slug = re.sub(r"[^\w.-]+", "-", label).strip("-")
    native = from_qemu(native_cmd, native_tree(native_cmd, os.path.join(tmp, slug + "-native.dtb")))
    tree = vm_tree(tandem_cmd, overlay, payload, os.path.join(tmp, slug + "-vm.dtb"), arch, paravirtual,
                   check_args)
    if tree is None:
        raise SystemExit("like_for_like: %s: tandem-check printed no tree for %s" % (label, overlay))
    guest = from_overlay(overlay, tandem_cmd, tree)
    return {"native": native, "guest": guest, "declared": check(label, native, guest, declared)}


# ---------------------------------------------------------------- repeats
def repeats():
    """K, the runs of a multi-core row (env BENCH_REPEATS, default 3)."""
    k = int(os.environ.get("BENCH_REPEATS", "3"))
    if k < 1:
        raise SystemExit("like_for_like: BENCH_REPEATS must be at least 1")
    return k


def spread(runs, keys):
    """{key: {"min", "median", "max"}} of each statistic across the runs (the
    median is one of the runs' values: the lower middle one for an even K)."""
    out = {}
    for k in keys:
        values = sorted(r[k] for r in runs)
        out[k] = {"min": values[0], "median": values[(len(values) - 1) // 2], "max": values[-1]}
    return out


def fold(runs, keys):
    """One row from K runs of a multi-core configuration: the first run's
    fields, each statistic replaced by its median across the runs, and
    "spread" ({key: min/median/max}), "repeats" (K) and "runs" (each run's
    statistics) added. A single run is returned as it is, with repeats 1."""
    row = dict(runs[0])
    row["repeats"] = len(runs)
    if len(runs) == 1:
        return row
    row["spread"] = spread(runs, keys)
    for k in keys:
        row[k] = row["spread"][k]["median"]
    row["runs"] = [{k: r[k] for k in keys} for r in runs]
    return row


def show_spread(row, key, fmt="%d"):
    """A row's statistic as text: "lo/median/hi" over its runs, or the one
    figure of a single run."""
    s = row.get("spread", {}).get(key)
    if not s:
        return fmt % row[key]
    if s["min"] == s["max"]:
        return (fmt % s["min"]) + " (x%d)" % row["repeats"]
    return "/".join(fmt % s[w] for w in ("min", "median", "max"))


def same_runs(a, b, keys):
    """The statistics on which two runs of one single-core configuration
    differ: [] when the run repeats exactly, as it must under icount."""
    return [k for k in keys if a.get(k) != b.get(k)]


def main():
    if len(sys.argv) < 3:
        print(__doc__.split("\n\n")[-1])
        return 2
    native = from_qemu([], sys.argv[1] if sys.argv[1] != "-" else None)
    guest = from_overlay(sys.argv[2], [], sys.argv[3] if len(sys.argv) > 3 else None)
    print(json.dumps({"native": native, "guest": guest}, indent=2))
    for d in compare("pair", native, guest):
        print("  " + d)
    return 0


if __name__ == "__main__":
    sys.exit(main())
