#!/usr/bin/env python3
"""Checks that Tandem's own code never touches x9-x15.

Tandem is compiled with -ffixed-x9..x15 so that a guest exit need not save
those registers (el2/arm64/vectors.S). Prebuilt code linked in (libfdt.a,
libgcc.a) was not compiled that way; it runs only at boot, outside any exit.
This check disassembles the linked image and fails if any instruction of
compiled C names x9-x15: everything except the prebuilt libraries and the
hand-written assembly (which saves and restores them on purpose), both found
from the link map.

    el2/arm64/check_fixed_regs.py tandem.elf tandem.map
"""
import re
import subprocess
import sys

RESERVED = re.compile(r"\b[xw](9|1[0-5])\b")


def exempt(source):
    return ".a(" in source or source.endswith(".S.o")


def prebuilt_ranges(mapfile):
    """Address ranges of .text input sections from archives and assembly."""
    ranges = []
    lines = open(mapfile).read().splitlines()
    for i, line in enumerate(lines):
        m = re.match(r"\s*\.text\S*\s*(0x[0-9a-f]+)?\s*(0x[0-9a-f]+)?\s*(\S+(?:\.a\(\S+\)|\.S\.o))?$", line)
        if not m:
            continue
        addr, size, archive = m.groups()
        if addr is None and i + 1 < len(lines):      # name on its own line
            m2 = re.match(r"\s+(0x[0-9a-f]+)\s+(0x[0-9a-f]+)\s+(\S+)", lines[i + 1])
            if m2:
                addr, size, archive = m2.groups()
        if addr and size and archive and exempt(archive):
            ranges.append((int(addr, 16), int(addr, 16) + int(size, 16), archive))
    return ranges


def main():
    elf, mapfile = sys.argv[1], sys.argv[2]
    skip = prebuilt_ranges(mapfile)
    dis = subprocess.run(["aarch64-linux-gnu-objdump", "-d", "--no-show-raw-insn", elf],
                         capture_output=True, text=True, check=True).stdout
    bad, func = [], "?"
    for line in dis.splitlines():
        f = re.match(r"^[0-9a-f]+ <(.+)>:$", line)
        if f:
            func = f.group(1)
            continue
        m = re.match(r"\s+([0-9a-f]+):\s+(\S+)\s*(.*)", line)
        if not m:
            continue
        addr = int(m.group(1), 16)
        if any(lo <= addr < hi for lo, hi, _ in skip):
            continue
        if RESERVED.search(m.group(3)):
            bad.append("%s+0x%x: %s %s" % (func, addr, m.group(2), m.group(3)))
    if bad:
        print("check_fixed_regs: Tandem code uses x9-x15, which the exit path does not save:")
        print("\n".join("  " + b for b in bad[:20]))
        return 1
    if not skip:
        print("check_fixed_regs: found no prebuilt library code in the map (expected libfdt)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
