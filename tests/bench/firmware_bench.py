#!/usr/bin/env python3
"""Firmware guests (docs/benchmarks.md): reset to the first U-Boot prompt and
to the EDK2 shell, natively (QEMU -bios, the same 256 MiB of RAM and the same
disk) and as a Tandem VM (guests/firmware/*.dtso), in icount time under
-icount shift=0,sleep=off, -smp 1.

The time is the guest's own virtual counter, read by the first command typed
at the prompt, so the figure covers reset to the prompt plus that one
command: cntvct.efi, the two instructions `mrs x0, cntvct_el0; ret` as an
EFI application on the ESP (guests/firmware/build.sh), returns the counter
as its status. U-Boot loads it from the disk and runs it with bootefi,
which prints a failed status in decimal (the first bootefi also sets up
U-Boot's EFI subsystem: part of the figure, natively and under Tandem
alike; `go` on the same two instructions written with mw.l hangs in
Debian's U-Boot, even natively); EDK2's startup.nsh runs it first thing
and echoes its status (%lasterror%). The keys that stop U-Boot's autoboot
and EDK2's startup.nsh countdown are typed before the firmware looks for
them, so no countdown and no waiting for keys is counted. Natively the
firmware sees QEMU's whole virt machine (PCIe, fw-cfg, 32 virtio-mmio
slots, two 64 MiB flash banks); as a VM only what its overlay gives it. Under Tandem the counter starts at the VM's creation (CNTVOFF);
Tandem's own boot before it is reported apart (its virtual counter offset).

    tests/bench/firmware_bench.py      prints one JSON object; run.py calls runs()
"""
import json
import os
import re
import subprocess
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tools"))
import tandem_qemu  # noqa: E402
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import like_for_like  # noqa: E402

BUILD = os.path.join(ROOT, os.environ.get("BUILD", "build"))
OUT = os.path.join(BUILD, "bench")
FW = os.path.join(BUILD, "guests/firmware")
TICK_NS = 16          # the virt machine's counter: 62.5 MHz
TANDEM_HIGH = "0x50000000"   # where guests/firmware/build.sh's tandem-high.bin runs
# What the firmware pairs keep apart (like_for_like.py), and why.
DECLARED = {"devices": "natively the firmware sees QEMU's whole virt machine (PCIe, fw-cfg, 32 virtio-mmio "
                       "slots, the RTC, the ITS, the PMU) and probes what it knows; as a VM only what its "
                       "overlay gives it (the disk's virtio-mmio slot, the flash): part of what the figures "
                       "compare"}
ESC = re.compile(rb"\x1b\[[0-9;?=]*[A-Za-z]")

# Everything is typed at the banner, before the firmware looks for a key:
# waiting at a prompt for keys typed from outside would count host time.
# U-Boot: the first key stops autoboot (abortboot takes one), the rest is
# the command line; cntvct.efi is loaded at 0x48000000 (in both machines' RAM).
UBOOT_TYPING = [(rb"U-Boot 20", b" load virtio 0:1 48000000 cntvct.efi;bootefi 48000000\r")]
UBOOT_RESULT = re.compile(rb"Application failed, r = (\d+)")
# EDK2: a key other than ESC ends the startup.nsh countdown at once, and
# startup.nsh runs cntvct.efi and echoes its status (guests/firmware/build.sh).
EDK2_TYPING = [(rb"UEFI Interactive Shell", b" ")]
EDK2_RESULT = re.compile(rb"TANDEM-EDK2-COUNTER (0x[0-9a-fA-F]+)")


def disk():
    return ["-drive", "file=%s,if=none,format=raw,id=disk0,readonly=on" % os.path.join(FW, "esp.img"),
            "-device", "virtio-blk-device,drive=disk0"]


def drive(cmd, typing, result, timeout=600):
    """Runs QEMU, types each entry's bytes once its pattern is in the output
    (the whole output so far: prompts end without a newline), until result
    matches after the last entry. Returns (the match's number, output)."""
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    buf = bytearray()
    lock = threading.Lock()

    def reader():
        while True:
            d = proc.stdout.read1(4096)
            if not d:
                return
            with lock:
                buf.extend(d)

    t = threading.Thread(target=reader, daemon=True)
    t.start()
    deadline = time.time() + timeout
    todo, since, value = list(typing), 0, None
    while time.time() < deadline and proc.poll() is None:
        time.sleep(0.05)
        with lock:
            text = ESC.sub(b"", bytes(buf))
        if todo:
            m = re.search(todo[0][0], text[since:])
            if m:
                proc.stdin.write(todo.pop(0)[1])
                proc.stdin.flush()
                since += m.end()
            continue
        m = result.search(text, since)
        if m:
            value = int(m.group(1), 0)
            break
    proc.kill()
    proc.wait()
    t.join(5)
    return value, tandem_qemu.unmarked(ESC.sub(b"", bytes(buf)).decode(errors="replace"))


def one(name, payload, typing, result):
    base = ["qemu-system-aarch64", "-M", "virt,gic-version=3", "-cpu", "cortex-a57", "-smp", "1",
            "-m", "256M", "-nographic", "-nic", "none", "-no-reboot", "-icount", "shift=0,sleep=off"]
    native = base + ["-bios", payload] + disk()
    tandem = tandem_qemu.qemu_command([(os.path.join(FW, name + ".dtbo"), payload)], smp=1, icount=True,
                                      tandem=os.path.join(FW, "tandem-high.bin"), extra=disk())
    row = {"command_native": " ".join(native), "command_tandem": " ".join(tandem),
           "like_for_like": like_for_like.pair("firmware %s native vs Tandem" % name, native, tandem,
                                               os.path.join(FW, name + ".dtbo"), payload, DECLARED,
                                               check_args=("--tandem", TANDEM_HIGH))}
    for kind, cmd in (("native", native), ("tandem", tandem)):
        ticks, out = drive(cmd, typing, result)
        with open(os.path.join(OUT, "firmware-%s-%s.log" % (name, kind)), "w") as f:
            f.write("# " + " ".join(cmd) + "\n" + out)
        if ticks is None:
            raise SystemExit("bench: %s (%s) did not reach its prompt; see build/bench/" % (name, kind))
        row[kind] = {"instructions": ticks * TICK_NS}
        off = re.search(r"tandem: vm %s: virtual counter offset (\d+)" % name, out)
        if off:
            row[kind]["tandem_boot_instructions"] = int(off.group(1)) * TICK_NS
    row["icount_ratio"] = round(row["tandem"]["instructions"] / row["native"]["instructions"], 4)
    return row


def runs():
    os.makedirs(OUT, exist_ok=True)
    return {"u-boot_prompt": one("u-boot", os.path.join(FW, "u-boot.bin"), UBOOT_TYPING, UBOOT_RESULT),
            "edk2_shell": one("edk2", os.path.join(FW, "QEMU_EFI.fd"), EDK2_TYPING, EDK2_RESULT)}


if __name__ == "__main__":
    print(json.dumps(runs(), indent=2))
