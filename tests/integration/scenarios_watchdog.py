"""A VM's watchdog (issue 18): Debian's unmodified kernel drives Tandem's
emulated SBSA generic watchdog with its own sbsa_gwdt driver and busybox's
watchdog daemon; when the daemon is killed, nothing refreshes the watchdog
and Tandem restarts the VM (its on-crash "restart"), while the RTOS beside
it keeps every deadline. A kernel panic with panic=1 restarts it the same
way (a PSCI SYSTEM_RESET from the guest). Both runs: Linux on core 1
(guests/linux/linux-watchdog.dtso), the RTOS on core 0
(guests/rtos/rtos-core0.dtso), under -icount, as the partitioned deadline
scenario of scenarios_linux_rtos.py.

What is read from the guests: Linux's console (its kernel's sbsa-gwdt and
panic lines, guests/linux/init's TANDEM-LINUX-* lines), Tandem's own lines,
and the RTOS's 1 Hz status line (RTOS_STATUS: its misses).
"""
import os

from harness import (BUILD, CheckFailed, LINUX_IMAGE, LINUX_INITRD, RTOS_IMAGE, boot, expect,
                     expect_absent, overlay_with_bootargs, rtos_statuses, scenario)

INIT = r"^\[linux\] TANDEM-LINUX-INIT-REACHED$"
# The second boot's module line: Linux came up again, its watchdog driver
# with it.
SECOND_BOOT = r"^\[linux\] tandem-linux: modules loaded: .* sbsa_gwdt$"


def run(name, test_args, until, shared=False):
    """Linux and the RTOS, until the second boot's /init has done its part
    again (`until` seen twice: some seconds of the RTOS after the restart).
    shared: both on core 0 of a one-core machine, the RTOS first."""
    linux = overlay_with_bootargs("tests/integration/overlays/linux-watchdog-shared.dtso" if shared
                                  else "guests/linux/linux-watchdog.dtso",
                                  "console=ttyAMA0 nokaslr " + test_args)
    rtos = os.path.join(BUILD, "guests/rtos", "rtos-shared.dtbo" if shared else "rtos-core0.dtbo")
    return boot(name, [(linux, LINUX_IMAGE, LINUX_INITRD), (rtos, RTOS_IMAGE)],
                smp=1 if shared else 2, icount=True, until=until, stop_after=2, timeout=600)


def common_checks(out, restart_line, cores=("1", "0")):
    """Placement, Linux booting twice around Tandem's restart, and the RTOS
    keeping every deadline throughout."""
    def placed():
        expect(out, r"^tandem: vm linux: 1 vCPU\(s\) on core\(s\) %s," % cores[0],
               r"^tandem: vm rtos: 1 vCPU\(s\) on core\(s\) %s," % cores[1])
        expect_absent(out, r"FAULT|tandem: vm rtos: (stopped|crashed)|tandem: vm linux: stopped")

    def boots_again():
        at = expect(out, restart_line, r"^tandem: vm linux: restarting from a clean image \(reset 1\)$",
                    INIT, r"^\[linux\] tandem-linux: kernel ", SECOND_BOOT)
        if sum(1 for line in out.lines if line == "[linux] TANDEM-LINUX-INIT-REACHED") != 2:
            raise CheckFailed("Linux's /init was not reached exactly twice")
        return at

    def rtos_keeps_deadlines():
        st = rtos_statuses(out, r"\[rtos\] ")
        restart = out.find(restart_line)
        after = [i for i, line in enumerate(out.lines) if i > restart and line.startswith("[rtos] rtos: t=")]
        if restart < 0 or len(after) < 2:
            raise CheckFailed("%d RTOS status lines after Linux's restart (need 2)" % len(after))
        bad = [(t, m) for t, _p, _lat, m, *_ in st if m]
        if bad:
            raise CheckFailed("RTOS deadline misses (t, total): %s" % bad)
        print("     (%s: %d RTOS status lines, misses=0, worst release latency %d cycles)"
              % (out.name, len(st), max(lat for _t, _p, lat, *_ in st)))

    return [("Linux on core %s and the RTOS on core %s, neither faulted" % cores, placed),
            ("Tandem restarts Linux and it boots again", boots_again),
            ("the RTOS keeps every deadline meanwhile (misses=0) and runs on after", rtos_keeps_deadlines)]


@scenario
def watchdog_linux_restart():
    """busybox's watchdog daemon killed: Tandem's watchdog restarts Linux."""
    abandoned = r"^\[linux\] TANDEM-LINUX-WATCHDOG-ABANDONED timeout 4 s$"
    out = run("watchdog-linux", "tandem.test=watchdog:4", abandoned)
    expired = (r"^tandem: vm linux: crashed: watchdog expired \(WS1, expiry 1\): not refreshed for two "
               r"periods of 2000 ms; restarting it \(on-crash \"restart\", 1 of 3\)$")

    def driver():
        # Linux's own driver binds to the node Tandem added, revision 1 registers.
        expect(out, r"^\[linux\] .*sbsa-gwdt a010000\.watchdog: Initialized with 30s timeout @ \d+ Hz, "
               r"action=0\.")

    def refreshed_then_expired():
        # The daemon pinged for 6 s, longer than its 4 s timeout, without
        # an expiry; once it was killed, Linux said the watchdog runs on,
        # and Tandem saw both stages expire (2 s each).
        expect(out, r"^\[linux\] tandem-linux: watchdog: busybox watchdog \(pid \d+\) pinged "
               r"/dev/watchdog every 1 s for 6 s, timeout 4 s; killing it$",
               r"^\[linux\] .*watchdog: watchdog0: watchdog did not stop!", abandoned, expired)
        expect_absent(out, r"^\[linux\] TANDEM-LINUX-TEST-FAIL")

    return [("Debian's sbsa_gwdt drives the emulated watchdog", driver),
            ("pinged it lives; abandoned, Tandem says it expired and restarts the VM",
             refreshed_then_expired)] + common_checks(out, expired)


@scenario
def watchdog_linux_panic():
    """A kernel panic with panic=1: the guest resets itself, Tandem restarts it."""
    out = run("watchdog-linux-panic", "tandem.test=panic:3 panic=1", r"^\[linux\] TANDEM-LINUX-PANICKING$")

    def panicked():
        expect(out, r"^\[linux\] TANDEM-LINUX-PANICKING$",
               r"^\[linux\] .*Kernel panic - not syncing: sysrq triggered crash",
               r"^\[linux\] .*Rebooting in 1 seconds")
        expect_absent(out, r"watchdog expired|TANDEM-LINUX-TEST-FAIL")

    return [("Linux panics and asks for a reset (panic=1)", panicked)] + \
        common_checks(out, r"^\[linux\] .*Rebooting in 1 seconds")


@scenario
def watchdog_linux_shared_core():
    """The same on one core shared with the RTOS, which has the higher
    priority: the watchdog expires while Linux's vCPU waits off the core (it
    idles, WFI trapped), and Tandem restarts it when it next runs, in its
    own time, not in the RTOS's."""
    abandoned = r"^\[linux\] TANDEM-LINUX-WATCHDOG-ABANDONED timeout 4 s$"
    out = run("watchdog-linux-shared", "tandem.test=watchdog:4", abandoned, shared=True)
    expired = (r"^tandem: vm linux: crashed: watchdog expired \(WS1, expiry 1\): not refreshed for two "
               r"periods of 2000 ms; restarting it \(on-crash \"restart\", 1 of 3\)$")

    def expired_and_restarted():
        expect(out, r"^\[linux\] .*sbsa-gwdt a010000\.watchdog: Initialized with 10s timeout", abandoned,
               expired)

    return [("abandoned on a shared core, Tandem says it expired and restarts the VM",
             expired_and_restarted)] + common_checks(out, expired, cores=("0", "0"))
