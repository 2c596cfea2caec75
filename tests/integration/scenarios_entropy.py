"""Per-VM entropy: each VM's rng-seed and kaslr-seed come from Tandem's pool,
fresh at each boot; the platform's seeds are wiped; the pool without a
platform seed.
"""
import os
import re
import sys
import tempfile

from harness import (BUILD, CheckFailed, PVTEST, ROOT, TESTGUEST, boot, expect, expect_absent,
                     expect_powered_off, host_check, overlay, overlay_with_bootargs, scenario, tandem_qemu)


# Each VM's /chosen/rng-seed (64 bytes) and kaslr-seed (8 bytes) come from
# Tandem's pool, fresh at each boot of the VM (docs/security.md, "Entropy
# for guests"). The test guests print theirs in hex ("seeds" bootargs).
SEED_LINE = r"^\[(%s)\] seeds: (rng-seed|kaslr-seed) (\d+) bytes ([0-9a-f]+)$"


def seeds_printed(out, vm):
    """[(rng-seed hex, kaslr-seed hex)] per boot of the VM, in order."""
    rng, kaslr = [], []
    for line in out.lines:
        m = re.match(SEED_LINE % re.escape(vm), line)
        if m:
            want = 64 if m.group(2) == "rng-seed" else 8
            if int(m.group(3)) != want or len(m.group(4)) != 2 * want:
                raise CheckFailed("%s's %s has %s bytes, not %d" % (vm, m.group(2), m.group(3), want))
            (rng if m.group(2) == "rng-seed" else kaslr).append(m.group(4))
    if not rng or len(rng) != len(kaslr):
        raise CheckFailed("%s printed %d rng-seeds and %d kaslr-seeds" % (vm, len(rng), len(kaslr)))
    return list(zip(rng, kaslr))


def all_distinct_and_nonzero(seeds):
    """seeds: {label: (rng hex, kaslr hex)}. Each value appears once, none is all zero."""
    for kind in (0, 1):
        values = [v[kind] for v in seeds.values()]
        if len(set(values)) != len(values):
            raise CheckFailed("the same %s twice: %s" % (("rng-seed", "kaslr-seed")[kind], seeds))
        if any(set(v) == {"0"} for v in values):
            raise CheckFailed("an all-zero %s: %s" % (("rng-seed", "kaslr-seed")[kind], seeds))


def entropy_vms(name, cpu="cortex-a57", randomness=True):
    """guest-a, guest-b (its test overlays, printing their seeds) and
    `reseeded`, which prints, restarts once and prints again."""
    vms = [(overlay_with_bootargs("guests/test/vm-a.dtso", "seeds"), TESTGUEST),
           (overlay_with_bootargs("guests/test/vm-b.dtso", "seeds"), TESTGUEST),
           (overlay("entropy-reset"), TESTGUEST)]
    extra = []
    if not randomness:   # QEMU's virt without /chosen/rng-seed and kaslr-seed
        cmd = tandem_qemu.qemu_command(vms, cpu=cpu)
        extra = ["-M", cmd[cmd.index("-M") + 1] + ",dtb-randomness=off"]
    out = boot(name, vms, cpu=cpu, icount=True, extra=extra)
    seeds = {}
    for vm in ("guest-a", "guest-b", "reseeded"):
        for i, s in enumerate(seeds_printed(out, vm)):
            seeds["%s boot %d" % (vm, i + 1)] = s
    return out, seeds


@scenario
def entropy_per_vm():
    out, seeds = entropy_vms("entropy-per-vm")

    def pool_seeded():
        expect(out, r"^tandem: entropy: pool seeded from the platform's rng-seed \(32 bytes\), its "
                    r"kaslr-seed \(8 bytes\), the counter; each boot of a VM gets a fresh 64-byte "
                    r"rng-seed and 8-byte kaslr-seed$")
        expect_absent(out, r"WARNING: no entropy source")

    def distinct():
        if len(seeds) != 4:
            raise CheckFailed("expected 4 boots' seeds, got %s" % sorted(seeds))
        all_distinct_and_nonzero(seeds)

    def restart_reseeds():
        expect(out, r"^\[reseeded\] testguest: up \(boot 1\)", r"^\[reseeded\] seeds: rng-seed 64 bytes",
               r"^\[reseeded\] end: PSCI SYSTEM_RESET$",
               r"^tandem: vm reseeded: restarting from a clean image \(reset 1\)$",
               r"^\[reseeded\] testguest: up \(boot 2\)", r"^\[reseeded\] seeds: rng-seed 64 bytes")
        if seeds["reseeded boot 1"] == seeds.get("reseeded boot 2"):
            raise CheckFailed("the restarted VM got the same seeds again")
        expect_powered_off(out)

    def check_shows_presence():
        vms = [(overlay_with_bootargs("guests/test/vm-a.dtso", "seeds"), TESTGUEST)]
        texts = []
        for _ in range(2):   # two dumps of the platform tree: two different QEMU seeds
            status, _, text = host_check(vms, [], [vms[0][0]], tempfile.mkdtemp(prefix="tandem-seed-"),
                                         quiet=False)
            if status != 0:
                raise CheckFailed("tandem-check exited %d:\n%s" % (status, text))
            texts.append(text)
        for want in ("/* rng-seed: 64 bytes, fresh at each boot of the VM */",
                     "/* kaslr-seed: 8 bytes, fresh at each boot of the VM */"):
            if want not in texts[0]:
                raise CheckFailed("tandem-check printed no %r:\n%s" % (want, texts[0]))
        if texts[0] != texts[1]:
            raise CheckFailed("tandem-check's output differs between two platform seeds")
    return [("Tandem's pool takes QEMU's rng-seed and kaslr-seed", pool_seeded),
            ("every VM gets its own 64-byte rng-seed and 8-byte kaslr-seed", distinct),
            ("a VM restarted by PSCI SYSTEM_RESET gets new seeds", restart_reseeds),
            ("tandem-check shows the seeds as present, never their bytes", check_shows_presence)]


@scenario
def entropy_crash_restart():
    """A VM restarted by its on-crash policy gets new seeds at each boot."""
    out = boot("entropy-crash-restart",
               [(overlay_with_bootargs("tests/integration/overlays/crash-restart.dtso",
                                       "seeds probe=0x48000000"), TESTGUEST)], icount=True, timeout=120)

    def reseeded():
        seeds = seeds_printed(out, "crasher")
        if len(seeds) != 3:
            raise CheckFailed("expected seeds from 3 boots, got %d" % len(seeds))
        all_distinct_and_nonzero({"boot %d" % (i + 1): v for i, v in enumerate(seeds)})
        expect(out, r"^tandem: vm crasher: crashed: .*\(on-crash \"restart\", 2 of 2\)$")
    return [("each crash restart gets new seeds", reseeded)]


@scenario
def entropy_platform_seed_wiped():
    """A guest whose RAM is where QEMU left the platform's device tree finds
    the tree, but its /chosen/rng-seed and kaslr-seed are zero: Tandem wiped
    them after taking them into its pool."""
    out = boot("entropy-platform-seed-wiped", [(overlay("entropy-low-ram"), TESTGUEST)], icount=True)

    def wiped():
        expect(out, r"^\[low-ram\] find-dtb: a device tree at 0x48000000: rng-seed all zero$",
               r"^\[low-ram\] find-dtb: a device tree at 0x48000000: kaslr-seed all zero$",
               r"^\[low-ram\] find-dtb: 1 other device tree\(s\) in my RAM$")
        expect_absent(out, r"HAS NON-ZERO BYTES")
        expect_powered_off(out)
    return [("the platform's seeds are wiped from the firmware's tree a guest can reach", wiped)]


@scenario
def entropy_sources():
    """Without QEMU's seeds: on a core without RNDR Tandem warns once, and
    still gives distinct seeds; on one with RNDR (-cpu max) it needs no
    platform seed."""
    none, none_seeds = entropy_vms("entropy-no-source", randomness=False)
    rndr, rndr_seeds = entropy_vms("entropy-rndr", cpu="max", randomness=False)

    def warns():
        expect(none, r"^tandem: entropy: pool seeded from the counter; each boot",
               r"^tandem: WARNING: no entropy source \(no /chosen/rng-seed from the firmware, no RNDR "
               r"on this core\)")
        if len([line for line in none.lines if "no entropy source" in line]) != 1:
            raise CheckFailed("the warning is not said exactly once")
        all_distinct_and_nonzero(none_seeds)
        expect_powered_off(none)

    def rndr_alone():
        expect(rndr, r"^tandem: entropy: pool seeded from RNDR, the counter; each boot")
        expect_absent(rndr, r"WARNING: no entropy source")
        all_distinct_and_nonzero(rndr_seeds)
        if len(rndr_seeds) != 4:
            raise CheckFailed("expected 4 boots' seeds, got %s" % sorted(rndr_seeds))
        expect_powered_off(rndr)
    return [("no platform seed, no RNDR: one warning, seeds still distinct", warns),
            ("RNDR alone (-cpu max) seeds the pool", rndr_alone)]


@scenario
def entropy_paravirtual():
    vms = [(overlay_with_bootargs("guests/pvtest/pv-a.dtso", "seeds=1"), PVTEST),
           (overlay_with_bootargs("guests/pvtest/pv-b.dtso", "seeds=1"), PVTEST)]
    out = boot("entropy-paravirtual", vms, virtualization=False, smp=2, timeout=60)

    def distinct():
        all_distinct_and_nonzero({vm: seeds_printed(out, vm)[0] for vm in ("pv-a", "pv-b")})
    return [("paravirtual VMs get their own seeds too", distinct)]


@scenario
def entropy_linux_rt():
    """Debian's PREEMPT_RT kernel under Tandem: its crng is ready from the
    rng-seed before /init (without a seed the 6.1 kernel prints no
    `random: crng init done` before /init at all)."""
    rt = os.path.join(BUILD, "guests/linux")
    ov = os.path.join(tempfile.mkdtemp(prefix="tandem-rt-"), "linux-rt.dtbo")
    sys.path.insert(0, os.path.join(ROOT, "tests", "bench"))
    import linux_rt
    linux_rt.rt_overlay(ov, load=False, loops=200, interval=1000)
    out = boot("entropy-linux-rt", [(ov, os.path.join(rt, "Image-rt"), os.path.join(rt, "initramfs-rt.cpio.gz"))],
               smp=1, icount=True, timeout=300)

    def crng_ready():
        expect(out, r"^\[linux-rt\] \[\s*[\d.]+\] random: crng init done$",
               r"^\[linux-rt\] \[\s*[\d.]+\] Run /init as init process$",
               r"^\[linux-rt\] TANDEM-CYCLICTEST min \d+ avg \d+ max \d+ threads 1 loops 200")
        expect_powered_off(out)
    return [("the PREEMPT_RT guest's crng is ready before /init", crng_ready)]
