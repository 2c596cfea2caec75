"""The integration tests' machinery, shared by every scenarios_*.py (and by
tests/hostile/run.py): where the build's guests are, booting Tandem on QEMU
and logging its console (boot, rtos_run), reading what was printed (Output,
expect, expect_absent), the host-side configuration check (host_check), the
scenario registry (@scenario) and the run that turns each check into one
PASS or FAIL line (run_scenarios). run.py is the entry point.
"""
import os
import re
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tools"))
import tandem_qemu  # noqa: E402

BUILD = os.path.join(ROOT, os.environ.get("BUILD", "build"))
LOGS = os.path.join(BUILD, "tests", "logs")
TESTGUEST = os.path.join(BUILD, "guests/test/testguest.bin")
TANDEM_CHECK = os.path.join(BUILD, "tools/tandem-check")
PVTEST = os.path.join(BUILD, "guests/pvtest/pvtest.bin")
LINUX_IMAGE = os.path.join(BUILD, "guests/linux/Image")
LINUX_INITRD = os.path.join(BUILD, "guests/linux/initramfs.cpio.gz")
# sha256 of 16 MiB of zeros: what both workers of /init's workload compute
ZEROS_16M_SHA256 = "080acf35a507ac9849cfcba47dc2ad83e01b75663a516279c8b9d243b719643e"
LINUX_DIR = os.path.join(BUILD, "guests/linux")
RTOS_IMAGE = os.path.join(BUILD, "guests/rtos/rtos.bin")
# The RTOS's 1 Hz status line (guests/rtos), read by the RTOS, Linux + RTOS
# and hostile tests.
RTOS_STATUS = (r"rtos: t=(\d+)s control periods=(\d+) latency max=(-?\d+) cycles misses=(\d+) "
               r"queue msgs=(\d+) lost=(\d+) sem uses=(\d+) timeouts=(\d+)$")


def linux(name):
    return (overlay(name), LINUX_IMAGE, LINUX_INITRD)


def overlay(name):
    for d in ("guests/test", "guests/pvtest", "tests/integration/overlays"):
        p = os.path.join(BUILD, d, name + ".dtbo")
        if os.path.exists(p):
            return p
    raise FileNotFoundError(name + ".dtbo (run make first)")


def boot(name, vms, until=None, timeout=60, stop_after=1, typing=(), **kw):
    """Boots QEMU; returns its console output. Stops early when `until`
    (a regex) has appeared stop_after times, for runs that do not power off
    (a panic halts, a rebooting guest reboots forever). `typing`: pairs
    (regex, bytes), in order: when a line matches the next regex, its bytes
    are typed on the console."""
    cmd = tandem_qemu.qemu_command(vms, **kw)
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE if typing else subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    lines, shown, done = [], [], threading.Event()
    seen = [0]
    to_type = list(typing)

    def reader():
        for raw in proc.stdout:
            shown.append(raw.decode(errors="replace").rstrip("\r\n"))
            line = tandem_qemu.unmarked(shown[-1])
            lines.append(line)
            if to_type and re.search(to_type[0][0], line):
                proc.stdin.write(to_type.pop(0)[1])
                proc.stdin.flush()
            if until and re.search(until, line):
                seen[0] += 1
                if seen[0] >= stop_after:
                    done.set()
        done.set()

    t = threading.Thread(target=reader, daemon=True)
    t.start()
    start = time.time()
    finished = done.wait(timeout)
    timed_out = not finished
    if proc.poll() is None:
        proc.kill()
    proc.wait()
    t.join(5)
    return logged_output(name, "\n".join(shown), timed_out, start, cmd, timeout)


def logged_output(name, shown, timed_out, start, cmd, timeout):
    """The Output of a QEMU run, also written to build/tests/logs/NAME.log
    (as shown on the console) with its command line."""
    out = Output(name, shown, timed_out, time.time() - start, cmd)
    os.makedirs(LOGS, exist_ok=True)
    with open(os.path.join(LOGS, name + ".log"), "w") as f:
        f.write("# " + " ".join(cmd) + "\n" + out.shown + "\n")
        if timed_out:
            f.write("# TIMED OUT after %ds\n" % timeout)
    return out


class Output:
    """A run's console: `shown` as the terminal showed it, `text` and `lines`
    with the keyboard's mark taken out of the prefixes ('[linux*] ' is
    '[linux] ' there), so that a check finds a VM's lines whichever has the
    keyboard."""
    def __init__(self, name, shown, timed_out, seconds, cmd):
        self.name, self.shown, self.timed_out, self.seconds, self.cmd = name, shown, timed_out, seconds, cmd
        self.text = tandem_qemu.unmarked(shown)
        self.lines = self.text.split("\n")
        self.shown_lines = shown.split("\n")

    def find(self, pattern, after=0):
        """Index of the first line at or after `after` matching pattern, or -1."""
        rx = re.compile(pattern)
        for i in range(after, len(self.lines)):
            if rx.search(self.lines[i]):
                return i
        return -1


class CheckFailed(Exception):
    pass


def expect(out, *patterns):
    """Each pattern must appear, in this order. Returns the last line index."""
    at = 0
    for p in patterns:
        i = out.find(p, at)
        if i < 0:
            raise CheckFailed("expected /%s/%s" % (p, " after line %d" % at if at else ""))
        at = i + 1
    return at - 1


def expect_absent(out, pattern):
    i = out.find(pattern)
    if i >= 0:
        raise CheckFailed("unexpected line %d: %s" % (i, out.lines[i]))


def expect_powered_off(out):
    if out.timed_out:
        raise CheckFailed("QEMU did not exit: Tandem did not power off")
    expect(out, r"^tandem: no VM is running any more; powering off$")


def overlay_with_bootargs(src, bootargs):
    """An overlay source under the tree with other bootargs, compiled into a
    temporary file."""
    return tandem_qemu.overlay_with_bootargs(
        os.path.join(ROOT, src), bootargs,
        os.path.join(tempfile.mkdtemp(prefix="tandem-"), os.path.basename(src)[:-len(".dtso")] + ".dtbo"))


def rtos_overlay(bootargs):
    """guests/rtos/rtos.dtso with other bootargs."""
    return overlay_with_bootargs("guests/rtos/rtos.dtso", bootargs)


def refusals_at_boot(out):
    """The causes of the VMs Tandem refused, in order, without the source."""
    return [re.sub(r"^tandem: VM refused: overlay module@0x[0-9a-f]+: ", "", line)
            for line in out.lines if line.startswith("tandem: VM refused: ")]


def host_check(vms, modules, files, tmp, quiet=True, **kw):
    """tools/tandem-check on the platform tree of the same QEMU command line
    (its dumpdtb) and the given overlay files: (exit status, its refusal
    causes in order without the source, its whole output). With
    arch="arm32", the tree of qemu-system-arm and tandem-check --arch arm32."""
    dtb = os.path.join(tmp, "platform.dtb")
    cmd = tandem_qemu.qemu_command(vms, modules=modules, **kw)
    cmd[cmd.index("-M") + 1] += ",dumpdtb=" + dtb
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    arch = ["--arch", kw["arch"]] if "arch" in kw else []
    r = subprocess.run([TANDEM_CHECK] + arch + (["--quiet"] if quiet else []) + [dtb] + files,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    causes = [line[len("VM refused: "):].split(": ", 1)[1] for line in r.stdout.splitlines()
              if line.startswith("VM refused: ")]
    return r.returncode, causes, r.stdout


def rtos_run(name, cmd, done, timeout=120, inputs=()):
    """Runs QEMU with a pipe as its console input until done(lines) holds (the
    RTOS never powers off); inputs: (regex, text) pairs, each text sent once
    after a line matches its regex. Returns an Output, logged like boot()'s."""
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    lines, shown, finished, pending = [], [], threading.Event(), list(inputs)

    def reader():
        for raw in proc.stdout:
            shown.append(raw.decode(errors="replace").rstrip("\r\n"))
            lines.append(tandem_qemu.unmarked(shown[-1]))
            for rx, text in list(pending):
                if re.search(rx, lines[-1]):
                    pending.remove((rx, text))
                    try:
                        proc.stdin.write(text.encode())
                        proc.stdin.flush()
                    except OSError:
                        pass
            if done(lines):
                break
        finished.set()

    start = time.time()
    t = threading.Thread(target=reader, daemon=True)
    t.start()
    timed_out = not finished.wait(timeout)
    if proc.poll() is None:
        proc.kill()
    proc.wait()
    t.join(5)
    return logged_output(name, "\n".join(shown), timed_out, start, cmd, timeout)


def rtos_statuses(out, prefix):
    return [tuple(int(g) for g in m.groups()) for m in
            (re.match("^" + prefix + RTOS_STATUS, line) for line in out.lines) if m]


# ---------------------------------------------------------------- scenarios
# A scenario boots once and returns its checks: [(label, check)], each check
# a function that raises CheckFailed. run.py gives the order they run in.
SCENARIOS = []


def scenario(fn):
    SCENARIOS.append(fn)
    return fn


def run_scenarios(scenarios, k=""):
    """Runs the scenarios whose name contains k, one PASS or FAIL line per
    check; returns (passed, failed)."""
    passed = failed = 0
    for sc in scenarios:
        if k not in sc.__name__:
            continue
        t0 = time.time()
        try:
            checks = sc()
        except Exception as e:   # the scenario could not even run
            print("FAIL %s: %s" % (sc.__name__, e))
            failed += 1
            continue
        for label, check in checks:
            name = "%s: %s" % (sc.__name__, label)
            try:
                check()
                print("PASS " + name)
                passed += 1
            except CheckFailed as e:
                print("FAIL %s: %s (log: %s/)" % (name, e, os.path.relpath(LOGS, ROOT)))
                failed += 1
            except Exception as e:   # a broken check fails, it does not stop the run
                print("FAIL %s: %s: %s" % (name, type(e).__name__, e))
                failed += 1
        print("     (%s: %.1fs)" % (sc.__name__, time.time() - t0))
    return passed, failed
