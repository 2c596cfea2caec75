#!/usr/bin/env python3
"""Tandem's own footprint, measured from the build (docs/benchmarks.md,
"Tandem's footprint"): nothing here is typed in.

- Image sizes per image (arm64: build/tandem.elf, arm32 HYP:
  build/arm32/tandem.elf, Cortex-A9: build/a9/tandem.elf): text / rodata /
  data / bss from the link map each link writes (tandem.map), every input
  section counted to where it came from: Tandem's own code (its objects and
  the link-time-optimized partitions made from them), libfdt (Debian's
  libfdt.a) and libgcc apart. Text is also split by source directory, from
  the symbols' debug information (`nm -l`; with LTO a function's inlined
  callees count where it was emitted).
- The RAM Tandem reserves: TANDEM_RESERVED_SIZE from the port's layout.h (the
  preprocessor evaluates it), the image's extent (__image_start ..
  __image_end) and what is in it (the page pool, the stacks, the largest
  other objects, from the symbol table); what each VM's stage-2 tables take
  from the page pool, from Tandem's own boot lines ("vm NAME: stage-2 tables
  N KiB; page pool: M KiB left") in a short boot of `make run`'s layout.
- Lines of code (not blank, not comment) per directory, and per image: the
  files the build actually compiled into it (the compiler's dependency
  files), libfdt's headers apart (its source is not in the tree: Debian's
  static library is linked).

    tests/bench/footprint.py [--no-boot] [--json]
"""
import argparse
import glob
import json
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tools"))
import tandem_qemu  # noqa: E402

BUILD = os.path.join(ROOT, os.environ.get("BUILD", "build"))
OUT = os.path.join(BUILD, "bench")
# name: (label, build folder, tool prefix, port's layout header)
IMAGES = {
    "arm64": ("arm64 (EL2)", BUILD, "aarch64-linux-gnu-", "el2/arm64/layout.h"),
    "arm32": ("arm32 (HYP, Cortex-A15)", os.path.join(BUILD, "arm32"), "arm-linux-gnueabihf-",
              "el2/arm32/layout.h"),
    "a9": ("Cortex-A9 (paravirtual, SVC)", os.path.join(BUILD, "a9"), "arm-linux-gnueabihf-",
           "el2/arm32/layout.h"),
}
TEXT_GOAL = 96 * 1024
RESERVED_GOAL = 8 * 1024 * 1024
# Output sections by what they are.
KINDS = {".text": "text", ".rodata": "rodata", ".data.rel.ro": "rodata", ".data": "data",
         ".bss": "bss", ".got": "reloc", ".rela.dyn": "reloc", ".dynamic": "reloc",
         ".rel.dyn": "reloc", ".ARM.exidx": "rodata", ".init_array": "data"}
SECTION = re.compile(r"^(\.[\w.]+)\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)")
INPUT = re.compile(r"^ (\.[\w.$-]+|\*fill\*|COMMON)?\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)(?:\s+(\S.*?))?\s*$")


def origin(path):
    if path is None:
        return "linker"
    if "libfdt.a" in path:
        return "libfdt"
    if "libgcc.a" in path:
        return "libgcc"
    return "tandem"


def parse_map(path):
    """{output section: {"size": n, "by": {origin: bytes}, "objects": [(path, bytes)]}}
    from a GNU ld map's "Linker script and memory map" part. Padding between
    input sections (*fill*) is counted as "padding"."""
    with open(path) as f:
        lines = f.read().split("\n")
    try:
        start = next(i for i, l in enumerate(lines) if l.startswith("Linker script and memory map"))
    except StopIteration:
        raise SystemExit("footprint: %s has no memory map" % path)
    sections, cur, pending = {}, None, None
    for line in lines[start:]:
        m = SECTION.match(line)
        if m:
            cur = sections.setdefault(m.group(1), {"size": int(m.group(3), 16), "by": {}, "objects": []})
            pending = None
            continue
        if line and not line.startswith(" "):
            cur = None
            continue
        if cur is None:
            continue
        # A long input-section name goes on a line of its own.
        if re.match(r"^ \.[\w.$-]+$", line):
            pending = line.strip()
            continue
        m = INPUT.match(line)
        if not m or (m.group(1) is None and pending is None):
            continue
        size = int(m.group(3), 16)
        name = m.group(1) or pending
        pending = None
        if not size:
            continue
        if name == "*fill*":
            key = "padding"
        else:
            obj = m.group(4)
            if obj and obj.endswith("(symbol from plugin)"):
                # What the linker made (relocations, GOT) for the LTO'd code.
                obj = obj[:-len("(symbol from plugin)")].strip()
            key = origin(obj)
            cur["objects"].append((obj, size))
        cur["by"][key] = cur["by"].get(key, 0) + size
    return sections


def symbols(tool, elf):
    """[(addr, size, type, name, file or None)] from nm -l -S."""
    out = subprocess.run([tool + "nm", "-l", "-S", "--size-sort", elf], check=True,
                         capture_output=True, text=True).stdout
    syms = []
    for line in out.split("\n"):
        parts = line.split("\t")
        f = parts[1].rsplit(":", 1)[0] if len(parts) > 1 else None
        p = parts[0].split()
        if len(p) == 4:
            syms.append((int(p[0], 16), int(p[1], 16), p[2], p[3], f))
    return syms


def all_symbols(tool, elf):
    out = subprocess.run([tool + "nm", elf], check=True, capture_output=True, text=True).stdout
    return {p[2]: int(p[0], 16) for p in (l.split() for l in out.split("\n")) if len(p) == 3}


def directory_of(path):
    """Tandem's source directory of a file (el2/arm64, dt, ...), or None."""
    if path is None:
        return None
    path = os.path.relpath(os.path.realpath(path), ROOT) if os.path.isabs(path) else path
    if path.startswith(".."):
        return None
    d = os.path.dirname(path)
    if d.startswith("build/"):   # build/tandem/el2/arm64/vectors.S.o and the like
        d = os.path.dirname(path.split("/tandem/", 1)[-1]) if "/tandem/" in path else d
    return d or "."


def text_by_directory(sections, syms):
    """Text bytes per source directory: inputs of known origin by their
    object's path; the link-time-optimized partitions by their symbols'
    source files."""
    by = {}
    ltrans = []
    for obj, size in sections.get(".text", {}).get("objects", []):
        kind = origin(obj)
        if kind != "tandem":
            by[kind] = by.get(kind, 0) + size
        elif ".ltrans" in obj:
            ltrans.append(size)
        else:
            d = directory_of(obj)
            by[d] = by.get(d, 0) + size
    # Symbols of Tandem's C (the LTO partitions): every text symbol that has
    # a source file; what no symbol covers is "(unattributed)".
    covered = 0
    for a, size, t, name, f in syms:
        if t.lower() != "t" or f is None:
            continue
        d = directory_of(f)
        if d is None:
            continue
        if d.startswith("el2/") or d.startswith("pv/") or d.split("/")[0] in (
                "stage1", "stage2", "vgic", "vtimer", "vchan", "dt", "firmware", "lib", "el2", "pv"):
            by[d] = by.get(d, 0) + size
            covered += size
    if ltrans:
        left = sum(ltrans) - covered
        # Assembly files with debug lines are counted twice otherwise.
        if left > 0:
            by["(unattributed)"] = by.get("(unattributed)", 0) + left
    return dict(sorted(((k, v) for k, v in by.items() if v > 0 and k != "."), key=lambda kv: -kv[1]))


def layout_constants(tool, header, build_dir):
    """The port's layout macros, evaluated by the cross compiler's
    preprocessor with the flags of that build (the A9 build defines
    TANDEM_LOAD_ADDR)."""
    code = ("#include \"%s\"\nunsigned long long reserved = TANDEM_RESERVED_SIZE;\n"
            "unsigned long long stack = TANDEM_STACK_SIZE;\nunsigned long long guard = TANDEM_GUARD_SIZE;\n"
            "unsigned long long cpus = TANDEM_MAX_CPUS;\n" % header)
    out = subprocess.run([tool + "gcc", "-x", "c", "-S", "-o", "-", "-O0", "-I" + ROOT, "-"],
                         input=code, check=True, capture_output=True, text=True, cwd=ROOT).stdout
    vals = {}
    for name in ("reserved", "stack", "guard", "cpus"):
        m = re.search(r"^%s:\s*\n(?:\s*\.\w+.*\n)*?\s*\.(?:xword|quad|word|long)\s+(\d+)(?:\s*\n\s*\.word\s+(\d+))?"
                      % name, out, re.M)
        if not m:
            raise SystemExit("footprint: cannot evaluate %s from %s" % (name, header))
        v = int(m.group(1))
        if m.group(2):   # a 64-bit value as two 32-bit words, little-endian
            v |= int(m.group(2)) << 32
        vals[name] = v
    return vals


def image_figures(key):
    label, bdir, tool, header = IMAGES[key]
    elf, mapf = os.path.join(bdir, "tandem.elf"), os.path.join(bdir, "tandem.map")
    if not (os.path.exists(elf) and os.path.exists(mapf)):
        return {"image": key, "label": label, "missing": os.path.relpath(elf, ROOT)}
    sections = parse_map(mapf)
    sizes = {}
    for sec, d in sections.items():
        kind = KINDS.get(sec)
        if not kind:
            continue
        for who, n in d["by"].items():
            sizes.setdefault(kind, {}).setdefault(who, 0)
            sizes[kind][who] += n
    syms = symbols(tool, elf)
    named = all_symbols(tool, elf)
    consts = layout_constants(tool, header, bdir)
    image = named["__image_end"] - named["__image_start"]
    bss_objs = sorted(((s[1], s[3]) for s in syms if s[2] in "bB"), reverse=True)
    pool = sum(n for n, name in bss_objs if name.split(".")[0] == "pool")
    stacks = sum(n for n, name in bss_objs if name.split(".")[0] == "cpu_stacks")
    r = {"image": key, "label": label, "elf": os.path.relpath(elf, ROOT),
         "map": os.path.relpath(mapf, ROOT), "sections": sizes,
         "own": {k: sizes.get(k, {}).get("tandem", 0) for k in ("text", "rodata", "data", "bss")},
         "libfdt": {k: sizes.get(k, {}).get("libfdt", 0) for k in ("text", "rodata", "data", "bss")},
         "libgcc": {k: sizes.get(k, {}).get("libgcc", 0) for k in ("text", "rodata", "data", "bss")},
         "padding": sum(v.get("padding", 0) for v in sizes.values()),
         "reloc": sum(sizes.get("reloc", {}).values()),
         "text_by_directory": text_by_directory(sections, syms),
         "reserved": {"reserved_bytes": consts["reserved"], "image_bytes": image,
                      "page_pool_bytes": pool, "stacks_bytes": stacks,
                      "stack_per_cpu": consts["stack"], "guard_per_cpu": consts["guard"],
                      "max_cpus": consts["cpus"],
                      "largest_bss": [{"name": name.split(".")[0], "bytes": n} for n, name in bss_objs[:8]],
                      "unused_bytes": consts["reserved"] - image}}
    return r


# ---------------------------------------------------------------- per-VM tables
VM_TABLES = re.compile(r"tandem: vm (\S+): stage-2 tables (\d+) KiB; page pool: (\d+) KiB left")
VM_RAM = re.compile(r"tandem: vm (\S+): .*RAM IPA (0x[0-9a-f]+)-(0x[0-9a-f]+)")


def boot_vm_tables(arch, timeout=600):
    """Boots `make run`'s layout (Linux on cores 0-1, the RTOS on core 2)
    until Tandem has created every VM; returns what each VM's tables took."""
    b = os.path.join(BUILD, "arm32") if arch == "arm32" else BUILD
    vms = [(os.path.join(BUILD, "guests/linux/linux.dtbo"),
            os.path.join(b, "guests/linux", "zImage" if arch == "arm32" else "Image"),
            os.path.join(b, "guests/linux/initramfs-load.cpio.gz")),
           (os.path.join(BUILD, "guests/rtos/rtos.dtbo"), os.path.join(b, "guests/rtos/rtos.bin"))]
    for v in vms:
        for f in v:
            if not os.path.exists(f):
                return {"arch": arch, "missing": os.path.relpath(f, ROOT)}
    cmd = tandem_qemu.qemu_command(vms, gic=3 if arch == "arm64" else 2, smp=3, icount=True, arch=arch)
    os.makedirs(OUT, exist_ok=True)
    log = os.path.join(OUT, "footprint-boot-%s.log" % arch)
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    lines, seen = [], {}
    import time
    t0 = time.time()
    for raw in proc.stdout:
        lines.append(tandem_qemu.unmarked(raw.decode(errors="replace").rstrip("\r\n")))
        m = VM_TABLES.search(lines[-1])
        if m:
            seen[m.group(1)] = (int(m.group(2)), int(m.group(3)))
        if len(seen) == len(vms) or time.time() - t0 > timeout or "[" in lines[-1][:1]:
            break
    proc.kill()
    proc.wait()
    with open(log, "w") as f:
        f.write("# " + " ".join(cmd) + "\n" + "\n".join(lines) + "\n")
    out = "\n".join(lines)
    if len(seen) != len(vms):
        return {"arch": arch, "error": "not every VM reported its tables; see %s" % os.path.relpath(log, ROOT)}
    ram = {m.group(1): int(m.group(3), 16) - int(m.group(2), 16) + 1 for m in VM_RAM.finditer(out)}
    reserved = re.search(r"tandem: reserved (0x[0-9a-f]+)-(0x[0-9a-f]+) \((\d+) MiB\) for itself, image (\d+) KiB",
                         out)
    order = [m.group(1) for m in VM_TABLES.finditer(out)]
    rows, before = [], None
    pool_left_first = None
    for name in order:
        kib, left = seen[name]
        rows.append({"vm": name, "ram_bytes": ram.get(name), "stage2_table_kib": kib,
                     "pool_kib_taken": (before - left) if before is not None else None,
                     "pool_kib_left": left})
        if pool_left_first is None:
            pool_left_first = left
        before = left
    return {"arch": arch, "vms": rows, "command": " ".join(cmd), "log": os.path.relpath(log, ROOT),
            "boot_reserved_mib": int(reserved.group(3)) if reserved else None,
            "boot_image_kib": int(reserved.group(4)) if reserved else None}


# ---------------------------------------------------------------- lines of code
C_LIKE = (".c", ".h", ".S", ".ld")


def code_lines(path):
    """Lines that are neither blank nor only comment: C's /* */ and //, the
    assembler's // and (arm32) @ line comments, # for Python and shell."""
    with open(path, errors="replace") as f:
        text = f.read()
    n = 0
    if path.endswith(C_LIKE):
        in_comment = False
        for line in text.split("\n"):
            code, i = "", 0
            while i < len(line):
                if in_comment:
                    j = line.find("*/", i)
                    if j < 0:
                        i = len(line)
                    else:
                        in_comment, i = False, j + 2
                elif line.startswith("/*", i):
                    in_comment, i = True, i + 2
                elif line.startswith("//", i) or (path.endswith(".S") and line[i] == "@"):
                    break
                elif line[i] == '"':   # a string may hold comment markers
                    j = i + 1
                    while j < len(line) and line[j] != '"':
                        j += 2 if line[j] == "\\" else 1
                    code += line[i:j + 1]
                    i = j + 1
                else:
                    code += line[i]
                    i += 1
            n += bool(code.strip())
    else:
        for line in text.split("\n"):
            s = line.strip()
            n += bool(s) and not s.startswith("#")
    return n


HYP_DIRS = ("el2", "pv", "stage1", "stage2", "vgic", "vtimer", "vchan", "dt", "firmware", "lib")
OTHER_DIRS = ("guests", "tests", "tools")


def source_files(top):
    exts = C_LIKE + (".py", ".sh", ".mk")
    for dirpath, _dirs, files in os.walk(os.path.join(ROOT, top)):
        for f in sorted(files):
            if f.endswith(exts) or f == "Makefile":
                yield os.path.relpath(os.path.join(dirpath, f), ROOT)


def loc_by_directory():
    by = {}
    for top in HYP_DIRS + OTHER_DIRS:
        for f in source_files(top):
            d = os.path.dirname(f)
            if top in OTHER_DIRS:   # one level under guests/, tests/, tools/
                d = "/".join(f.split("/")[:2]) if f.count("/") >= 2 else top
            by[d] = by.get(d, 0) + code_lines(os.path.join(ROOT, f))
    return dict(sorted(by.items()))


def image_sources(bdir):
    """The tree's files the build compiled into an image (its objects'
    dependency files), and the system headers apart."""
    own, third = set(), set()
    for dep in glob.glob(os.path.join(bdir, "tandem", "**", "*.d"), recursive=True):
        with open(dep) as f:
            text = f.read().replace("\\\n", " ")
        for line in text.split("\n"):
            if ":" not in line:
                continue
            target, _, prereqs = line.partition(":")
            if not target.strip().endswith(".o"):
                continue
            # A stale dependency file (an object of a source since removed,
            # left in an old build tree) is not part of the image.
            if not prereqs.split() or not os.path.exists(os.path.join(ROOT, prereqs.split()[0])):
                continue
            for p in prereqs.split():
                full = os.path.realpath(os.path.join(ROOT, p))
                rel = os.path.relpath(full, ROOT)
                if rel.startswith("build/") or rel.startswith(".."):
                    if "fdt" in os.path.basename(p):
                        third.add(full)
                else:
                    own.add(rel)
    return sorted(own), sorted(third)


def loc_by_image():
    rows = {}
    for key, (label, bdir, _tool, _h) in IMAGES.items():
        own, third = image_sources(bdir)
        if not own:
            continue
        dirs = {}
        for f in own:
            d = os.path.dirname(f)
            dirs[d] = dirs.get(d, 0) + code_lines(os.path.join(ROOT, f))
        rows[key] = {"label": label, "files": len(own), "lines": sum(dirs.values()),
                     "by_directory": dict(sorted(dirs.items())),
                     "libfdt_headers": {os.path.basename(f): code_lines(f) for f in third}}
    return rows


# ---------------------------------------------------------------- the whole
def goals(images, tables):
    out = []
    a = images.get("arm64", {})
    if "own" in a:
        t = a["own"]["text"]
        out.append({"goal": "own code at most 96 KiB of text on arm64", "value": t, "limit": TEXT_GOAL,
                    "met": t <= TEXT_GOAL,
                    "why": None if t <= TEXT_GOAL else
                    "Tandem's own text is %.1f KiB (libfdt's %.1f KiB and libgcc's apart): %.1f KiB over"
                    % (t / 1024, a["libfdt"]["text"] / 1024, (t - TEXT_GOAL) / 1024)})
        res = a["reserved"]
        fixed = res["reserved_bytes"]
        per_vm = [v["stage2_table_kib"] for v in tables.get("arm64", {}).get("vms", [])]
        met = fixed <= RESERVED_GOAL
        why = None
        if not met:
            why = ("Tandem reserves TANDEM_RESERVED_SIZE = %d MiB from its load address whatever it needs; "
                   "its image (page pool and stacks included) is %.2f MiB of it, %.2f MiB stays unused; "
                   "the VMs' stage-2 tables come out of the page pool inside the image"
                   % (fixed >> 20, res["image_bytes"] / 2 ** 20, res["unused_bytes"] / 2 ** 20))
        out.append({"goal": "reserved RAM at most 8 MiB plus what each VM's tables need (arm64)",
                    "value": fixed, "limit": RESERVED_GOAL + sum(per_vm) * 1024,
                    "per_vm_table_kib": per_vm, "met": met, "why": why})
    return out


def measure(boot=True):
    images = {k: image_figures(k) for k in IMAGES}
    tables = {}
    if boot:
        for arch in ("arm64", "arm32"):
            if "missing" not in images[arch]:
                tables[arch] = boot_vm_tables(arch)
    return {"images": images, "vm_tables": tables, "loc": {"by_directory": loc_by_directory(),
                                                          "by_image": loc_by_image()},
            "goals": goals(images, tables),
            "command": "tests/bench/footprint.py"}


def kib(n):
    return "%.1f" % (n / 1024)


def table(d):
    out = ["Tandem's footprint (KiB; measured from build/*/tandem.map and the ELF symbols)", ""]
    imgs = [d["images"][k] for k in IMAGES if "own" in d["images"][k]]
    hdr = "| | " + " | ".join(i["label"] for i in imgs) + " |"
    out += [hdr, "|---|" + "---:|" * len(imgs)]
    for what in ("own", "libfdt", "libgcc"):
        for k in ("text", "rodata", "data", "bss"):
            vals = [i[what][k] for i in imgs]
            if what != "own" and not any(vals):
                continue
            name = {"own": "Tandem's own", "libfdt": "libfdt", "libgcc": "libgcc"}[what]
            out.append("| %s %s | %s |" % (name, k, " | ".join(kib(v) for v in vals)))
    out.append("| relocations (PIE: .rela.dyn, .got, .dynamic) | %s |" % " | ".join(kib(i["reloc"]) for i in imgs))
    out.append("| alignment padding | %s |" % " | ".join(kib(i["padding"]) for i in imgs))
    out.append("| image (__image_start..__image_end) | %s |"
               % " | ".join(kib(i["reserved"]["image_bytes"]) for i in imgs))
    out.append("| of which the page pool | %s |" % " | ".join(kib(i["reserved"]["page_pool_bytes"]) for i in imgs))
    out.append("| of which the stacks (%s) | %s |" % (
        ", ".join("%d x (%d + %d guard)" % (i["reserved"]["max_cpus"] + 1, i["reserved"]["stack_per_cpu"] >> 10,
                                              i["reserved"]["guard_per_cpu"] >> 10) for i in imgs[:1]) + " KiB",
        " | ".join(kib(i["reserved"]["stacks_bytes"]) for i in imgs)))
    out.append("| RAM reserved (TANDEM_RESERVED_SIZE) | %s |"
               % " | ".join(kib(i["reserved"]["reserved_bytes"]) for i in imgs))
    out.append("| reserved but unused | %s |" % " | ".join(kib(i["reserved"]["unused_bytes"]) for i in imgs))
    out.append("")
    for i in imgs:
        out.append("%s text by source directory (KiB): %s" % (i["label"], ", ".join(
            "%s %s" % (k, kib(v)) for k, v in i["text_by_directory"].items())))
        out.append("%s largest bss objects (KiB): %s" % (i["label"], ", ".join(
            "%s %s" % (o["name"], kib(o["bytes"])) for o in i["reserved"]["largest_bss"])))
    for arch, t in d["vm_tables"].items():
        out.append("")
        if "vms" not in t:
            out.append("%s per-VM tables: %s" % (arch, t.get("missing") or t.get("error")))
            continue
        out.append("%s per-VM cost, `make run`'s layout (%s):" % (arch, t["log"]))
        for v in t["vms"]:
            out.append("  vm %-6s RAM %5d MiB: stage-2 tables %3d KiB; page pool %s KiB left%s" % (
                v["vm"], (v["ram_bytes"] or 0) >> 20, v["stage2_table_kib"], v["pool_kib_left"],
                "" if v["pool_kib_taken"] is None else " (%d KiB taken by this VM)" % v["pool_kib_taken"]))
    out += ["", "Lines of code (not blank, not comment) per directory:"]
    loc = d["loc"]["by_directory"]
    hyp = {k: v for k, v in loc.items() if k.split("/")[0] in HYP_DIRS}
    out.append("  " + ", ".join("%s %d" % kv for kv in hyp.items()) + "; hypervisor total %d" % sum(hyp.values()))
    other = {k: v for k, v in loc.items() if k.split("/")[0] not in HYP_DIRS}
    out.append("  " + ", ".join("%s %d" % kv for kv in other.items()))
    out.append("Lines compiled into each image (its objects' dependency files):")
    for k, r in d["loc"]["by_image"].items():
        out.append("  %s: %d lines in %d files; libfdt's headers apart: %s" % (
            r["label"], r["lines"], r["files"],
            ", ".join("%s %d" % kv for kv in r["libfdt_headers"].items()) or "none"))
    out += ["", "Goals:"]
    for g in d["goals"]:
        out.append("  %s: %s%s" % (g["goal"], "met" if g["met"] else "NOT met",
                                   "" if g["met"] else " (%s)" % g["why"]))
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--no-boot", action="store_true", help="skip the boots that measure per-VM tables")
    ap.add_argument("--json", action="store_true", help="print the JSON, not the table")
    a = ap.parse_args()
    d = measure(boot=not a.no_boot)
    print(json.dumps(d, indent=2) if a.json else table(d))
    return 0


if __name__ == "__main__":
    sys.exit(main())
