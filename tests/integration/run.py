#!/usr/bin/env python3
"""Tandem's integration tests: boot Tandem on QEMU with real guests, read what
Tandem and each guest printed on the serial console, and check it.

Each scenario is one QEMU boot; each check is one test. Logs of every boot
go to build/tests/logs/. Usage:

    tests/integration/run.py [--result FILE] [-k SUBSTRING] [-v]

The scenarios are in scenarios_*.py, one module per subject; harness.py
holds what they share (booting QEMU, reading its console, the checks'
PASS/FAIL bookkeeping). RUN_ORDER below is the order they run in.
"""
import argparse
import os
import sys

import harness
import scenarios_a9_config    # noqa: F401
import scenarios_arm32        # noqa: F401 (each module registers its scenarios)
import scenarios_board        # noqa: F401
import scenarios_channels     # noqa: F401
import scenarios_config       # noqa: F401
import scenarios_console      # noqa: F401
import scenarios_cpu          # noqa: F401
import scenarios_devices      # noqa: F401
import scenarios_entropy      # noqa: F401
import scenarios_firmware     # noqa: F401
import scenarios_interrupts   # noqa: F401
import scenarios_isolation    # noqa: F401
import scenarios_lifecycle    # noqa: F401
import scenarios_like_for_like  # noqa: F401
import scenarios_linux        # noqa: F401
import scenarios_linux_arm32  # noqa: F401
import scenarios_linux_rtos   # noqa: F401
import scenarios_monitor      # noqa: F401
import scenarios_paravirtual  # noqa: F401
import scenarios_pv_a9_abi   # noqa: F401
import scenarios_pv_a9        # noqa: F401
import scenarios_readme       # noqa: F401
import scenarios_rtos         # noqa: F401
import scenarios_rtos_arm32   # noqa: F401
import scenarios_rtos_a9      # noqa: F401
import scenarios_rtos_console  # noqa: F401
import scenarios_scheduling   # noqa: F401
import scenarios_tandem       # noqa: F401
import scenarios_testguest_arm32  # noqa: F401
import scenarios_watchdog     # noqa: F401

# Every scenario, once, in the order they run (the order they were added in,
# which mixes the subjects), each with its module's subject.
RUN_ORDER = [
    "two_guests_gicv3", "two_guests_gicv2",                              # isolation
    "vm_reset",                                                          # lifecycle
    "bad_overlays",                                                      # config
    "linux_gicv3", "linux_gicv2", "linux_reboot", "linux_beside_testguest",  # linux
    "device_passthrough_gicv3", "device_passthrough_gicv2",              # devices
    "crash_restart_policy",                                              # lifecycle
    "console_input",                                                     # console
    "linux_image_is_debians", "linux_load_native", "linux_rt_native",    # linux
    "guest_interrupts_gicv3", "guest_interrupts_gicv2",                  # interrupts
    "shared_core_gicv3", "shared_core_gicv2", "shared_core_round_robin",  # scheduling
    "bench_mode", "tandem_panic",                                        # tandem
    "no_virtualization", "paravirtual_vms",                              # paravirtual
    "rtos_native_gicv3", "rtos_native_gicv2", "rtos_native_bench",       # rtos
    "rtos_tandem_gicv3", "rtos_tandem_gicv2",
    "rtos_paravirtual_gicv3", "rtos_paravirtual_gicv2", "rtos_paravirtual_shared", "rtos_paravirtual_monitor",
    "rtos_paravirtual_bench", "rtos_paravirtual_isolation", "rtos_tandem_bench",
    "pv_a9_rtos_partitioned", "pv_a9_rtos_shared", "pv_a9_rtos_isolation",  # pv_a9
    "linux_rtos_partitioned", "linux_rtos_partitioned_deadlines",        # linux_rtos
    "linux_rtos_shared_core",
    "firmware_uboot", "firmware_edk2", "firmware_flash_hostile",         # firmware
    "firmware_bad_overlays",
    "board_tandem_check", "board_uboot_boot", "board_uboot_bad_image",   # board
    "linux_rtos_channel_gicv3", "linux_rtos_channel_gicv2",              # channels
    "channel_corrupt_ring",
    "linux_cpu_cortex_a35_gicv3", "linux_cpu_cortex_a53_gicv2",          # cpu
    "linux_cpu_cortex_a72_gicv3", "linux_cpu_cortex_a76_gicv2",
    "linux_cpu_neoverse_n1_gicv3", "linux_cpu_max_gicv2", "linux_cpu_max_gicv3",
    "vcpu_extension_state",
    "entropy_per_vm", "entropy_crash_restart", "entropy_platform_seed_wiped",  # entropy
    "entropy_sources", "entropy_paravirtual", "entropy_linux_rt",
    "linux_smp8_gicv2", "linux_smp8_gicv3",                              # linux
    "sgi_behind_gicv2", "sgi_behind_gicv3",                              # interrupts
    "rtos_arm32_native_gicv3", "rtos_arm32_native_gicv2", "rtos_arm32_native_bench",  # rtos_arm32
    "rtos_arm32_native_fault",
    "rtos_arm32_tandem_gicv3", "rtos_arm32_tandem_gicv2", "rtos_arm32_tandem_bench",
    "linux32_zimage_is_debians", "linux32_native_gicv3", "linux32_native_gicv2", "linux32_native_load",  # linux_arm32
    "linux32_tandem_check", "linux32_tandem_gicv3", "linux32_tandem_gicv2",
    "linux_rtos_arm32_partitioned", "linux_rtos_arm32_shared_core",      # linux_rtos
    "testguest32_native_gicv2", "testguest32_native_gicv3", "testguest32_two_guests_gicv2",  # testguest_arm32
    "testguest32_two_guests_gicv3", "testguest32_interrupts_gicv2", "testguest32_interrupts_gicv3",
    "testguest32_vm_reset", "testguest32_fp_state", "testguest32_sgi_behind_gicv2", "testguest32_sgi_behind_gicv3",
    "testguest32_bench", "hostile32_native", "hostile32_tandem",
    "arm32_boot", "arm32_entered_below_hyp", "arm32_same_refusals",       # arm32
    "arm32_zimage_misaligned",
    "a9_tandem_check",                                                   # a9_config
    "rtos_a9_native", "rtos_a9_native_bench", "rtos_a9_native_fault",   # rtos_a9
    "pv_a9_vms",                                                         # pv_a9_abi
    "bench_like_for_like",                                               # like_for_like (no QEMU)
    "monitor_operates_vms", "monitor_removes_and_creates_vms",           # monitor
    "monitor_removes_beside_rtos",
    "readme_commands",                                                   # readme (no QEMU)
    "rtos_shell_console",                                                # rtos_console
    "watchdog_linux_restart", "watchdog_linux_panic", "watchdog_linux_shared_core",  # watchdog
]


def scenarios_in_order():
    by_name = {sc.__name__: sc for sc in harness.SCENARIOS}
    if sorted(by_name) != sorted(RUN_ORDER) or len(by_name) != len(harness.SCENARIOS):
        missing = sorted(set(by_name) - set(RUN_ORDER))
        unknown = sorted(set(RUN_ORDER) - set(by_name))
        sys.exit("run.py: RUN_ORDER and the scenarios disagree: not in RUN_ORDER %s, no such scenario %s, "
                 "or a name twice" % (missing, unknown))
    return [by_name[name] for name in RUN_ORDER]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--result", help="write 'passed failed' here")
    ap.add_argument("-k", default="", help="only scenarios whose name contains this")
    ap.add_argument("-v", action="store_true", help="print failing runs' output")
    a = ap.parse_args()
    passed, failed = harness.run_scenarios(scenarios_in_order(), a.k)
    print("integration tests: %d passed, %d failed" % (passed, failed))
    if a.result:
        os.makedirs(os.path.dirname(a.result), exist_ok=True)
        with open(a.result, "w") as f:
            f.write("%d %d\n" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
