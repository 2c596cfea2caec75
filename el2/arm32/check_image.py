#!/usr/bin/env python3
"""Checks Tandem's linked ARMv7-A image: no floating-point or Advanced SIMD
instruction outside vfp.S's two routines (the guests' registers are live in
the FP unit while Tandem runs; Tandem is built -mgeneral-regs-only, and
libfdt.a, built by Debian for armhf, must not bring any either).

Usage: check_image.py IMAGE.elf MAP (MAP unused; the same interface as arm64's)."""
import re
import subprocess
import sys

ALLOWED = {"arch_vfp_save", "arch_vfp_load"}
FP = re.compile(r"\s(v[a-z0-9]+|vmrs|vmsr|fld\w*|fst\w*)(\.\S+)?\s")


def main():
    elf = sys.argv[1]
    out = subprocess.run(["arm-linux-gnueabihf-objdump", "-d", "--no-show-raw-insn", elf],
                         capture_output=True, text=True, check=True).stdout
    func, bad = None, []
    for line in out.splitlines():
        m = re.match(r"^[0-9a-f]+ <([^>]+)>:", line)
        if m:
            func = m.group(1)
            continue
        if func in ALLOWED or "\t" not in line:
            continue
        insn = line.split("\t", 1)[1] + " "
        if FP.match(" " + insn) and not insn.startswith("vmrs\tAPSR"):
            bad.append("%s: %s" % (func, line.strip()))
    if bad:
        print("check_image: floating-point/SIMD instructions outside vfp.S:", file=sys.stderr)
        for b in bad[:20]:
            print("  " + b, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
