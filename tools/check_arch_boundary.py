#!/usr/bin/env python3
"""Checks the architecture boundary (docs/architecture.md, "Layers").

Outside the port folders (el2/arm64/, el2/arm32/, pv/arm64/, pv/arm32/) no
source file of Tandem may contain inline assembly or a system-register
name, or include an arch-private header; the core reaches the architecture
only through el2/arch/*.h (and the paravirtual path through pv/arch/*.h),
whose implementation each port supplies as arch_impl/*.h. Comments are not
code and are not checked. Exit status 1, with every violation listed, if
any is found.

    tools/check_arch_boundary.py [ROOT]
"""
import os
import re
import sys

CORE = ("el2", "pv", "stage2", "vgic", "vtimer", "vchan", "dt", "firmware", "lib", "tools")
PORTS = ("el2/arm64/", "el2/arm32/", "pv/arm64/", "pv/arm32/")
INTERFACES = ("el2/arch/", "pv/arch/")   # may include their arch_impl/ headers

RULES = [
    ("inline assembly", re.compile(r"\b(__asm__|asm)\b")),
    ("a system-register access", re.compile(r"\b(read_sysreg|write_sysreg)\w*|\b(mrs|msr|mrc|mcr|mrrc|mcrr)\b")),
    ("the port's register frame (use vcpu_reg()/vcpu_set_reg())",
     re.compile(r"\bregs\.(x|r)\[|\bregs\.(pc|pstate|cpsr)\b")),
    ("an AArch64 system-register name", re.compile(r"\b[A-Za-z][A-Za-z0-9_]*_[Ee][Ll][0-3]\b")),
    ("an ARMv7 system-register name", re.compile(
        r"\b(HSR|HCR|HDCR|HCPTR|HSCTLR|HTTBR|HTCR|HMAIR[01]|VTTBR|VTCR|HPFAR|HDFAR|HIFAR|HVBAR|"
        r"HTPIDR|TPIDRPRW|CNTHP_CTL|CNTHP_CVAL|CNTV_CTL|CNTV_CVAL|CNTVOFF|VPIDR|VMPIDR|"
        r"ICH_[A-Z0-9_]+|ICC_[A-Z0-9_]+)\b")),
]
PRIVATE_INCLUDE = re.compile(r'#\s*include\s*[<"]((?:el2|pv)/(?:arm64|arm32)/[^">]+|arch_impl/[^">]+)[">]')


def strip_comments(text):
    """Blanks out comments and string literals, keeping line numbers."""
    def blank(m):
        return re.sub(r"[^\n]", " ", m.group(0))
    pattern = re.compile(r'/\*.*?\*/|//[^\n]*|"(?:\\.|[^"\\\n])*"', re.S)
    return pattern.sub(lambda m: blank(m) if not m.group(0).startswith('"') else '""'
                       + " " * (len(m.group(0)) - 2), text)


def sources(root):
    for top in CORE:
        for dirpath, _, files in os.walk(os.path.join(root, top)):
            rel = os.path.relpath(dirpath, root).replace(os.sep, "/") + "/"
            if rel.startswith(PORTS):
                continue
            for f in sorted(files):
                if f.endswith((".c", ".h", ".S")):
                    yield rel + f


def check(root):
    problems = []
    for rel in sources(root):
        with open(os.path.join(root, rel), encoding="utf-8", errors="replace") as fh:
            raw = fh.read()
        code = strip_comments(raw)
        if rel.endswith(".S"):
            problems.append((rel, 1, "an assembly file outside the port folders"))
            continue
        for n, line in enumerate(code.splitlines(), 1):
            for what, rx in RULES:
                if rx.search(line):
                    problems.append((rel, n, what + ": " + line.strip()))
        interface = rel.startswith(INTERFACES)
        for n, line in enumerate(raw.splitlines(), 1):
            m = PRIVATE_INCLUDE.search(line)
            if m and not (interface and m.group(1).startswith("arch_impl/")):
                problems.append((rel, n, "includes the arch-private header " + m.group(1)))
    return problems


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    problems = check(root)
    for rel, n, what in problems:
        print("%s:%d: %s" % (rel, n, what))
    if problems:
        print("check_arch_boundary: %d violation(s); architecture code belongs in %s "
              "behind el2/arch/" % (len(problems), ", ".join(PORTS)))
        return 1
    print("check_arch_boundary: no architecture code outside the port folders")
    return 0


if __name__ == "__main__":
    sys.exit(main())
