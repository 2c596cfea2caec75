"""Console input: the keyboard goes to the first VM with a console, Ctrl-]
moves it from VM to VM, and input a VM does not read is discarded.
"""
from harness import TESTGUEST, boot, expect, expect_absent, linux, overlay, scenario


@scenario
def console_input():
    """The keyboard goes to the first VM with a console (Linux's shell),
    Ctrl-] moves it to the next VM, the monitor and back; Linux sees only what was typed
    while it had it."""
    typing = [(r"^\[linux\] tandem-linux: busybox shell", b"echo tandem-$((6*7))\n"),
              (r"^\[linux\] tandem-42$", b"\x1d"),
              (r"^tandem: console input goes to VM beside", b"echo nope-$((2*2))\n" + b"y" * 40 + b"\n"),
              (r"^\[beside\] heartbeat", b"\x1d\x1d"),
              (r"^tandem: console input goes to VM linux", b"echo back-$((1+1))\n"),
              (r"^\[linux\] back-2$", b"poweroff -f\n")]
    out = boot("console-input", [linux("linux-shell"), (overlay("beside-shell"), TESTGUEST)],
               until=r"^tandem: vm linux: stopped", typing=typing, timeout=240)

    def first_console_has_it():
        expect(out, r"^tandem: console input goes to VM linux \(Ctrl-\] switches\)$",
               r"^\[linux\] TANDEM-LINUX-SHELL$")

    def linux_shell_answers():
        expect(out, r"^\[linux\] tandem-linux:/# echo tandem-\$\(\(6\*7\)\)$", r"^\[linux\] tandem-42$")

    def switch_and_back():
        # Past the last VM, the monitor; past the monitor, the first VM.
        expect(out, r"^\[linux\] tandem-42$", r"^tandem: console input goes to VM beside \(Ctrl-\] switches\)$",
               r"^tandem: console input goes to Tandem's monitor \(type help; Ctrl-\] switches\)$",
               r"^tandem: console input goes to VM linux \(Ctrl-\] switches\)$", r"^\[linux\] back-2$")
        expect_absent(out, r"^\[linux\] .*nope")

    def unread_input_discarded():
        # beside never reads: its FIFO takes 32 of the 60 characters
        expect(out, r"^tandem: console input goes to VM beside",
               r"^tandem: console input: VM beside did not read 28 typed character\(s\); discarded$",
               r"^tandem: console input goes to VM linux")

    def shell_powers_off():
        expect(out, r"^tandem: vm linux: stopped: powered off")
        expect_absent(out, r"PANIC")

    return [("the first VM with a console has the keyboard", first_console_has_it),
            ("Linux's shell answers what is typed", linux_shell_answers),
            ("Ctrl-] moves the keyboard away and back", switch_and_back),
            ("input a VM does not read is discarded, with a message", unread_input_discarded),
            ("poweroff typed to the shell stops Linux", shell_powers_off)]
