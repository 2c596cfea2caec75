"""Inter-VM channels: Linux's virtio-console end and the RTOS's shared rings,
requests and their answers; a VM that corrupts its ring is stopped alone.
"""
from harness import (LINUX_IMAGE, LINUX_INITRD, RTOS_IMAGE, boot, expect, expect_absent,
                     overlay_with_bootargs, rtos_overlay, scenario)


def channel_boot(name, rtos_bootargs, requests, gic=3):
    """make run's two overlays (Linux on cores 0-1 with the channel's
    virtio-console end, the RTOS on core 2 with its rings), Linux sending
    `requests` requests from /init, then powering off."""
    vms = [(overlay_with_bootargs("guests/linux/linux.dtso",
                                  "console=ttyAMA0 nokaslr tandem.test=channel:%d,poweroff" % requests),
            LINUX_IMAGE, LINUX_INITRD), (rtos_overlay(rtos_bootargs), RTOS_IMAGE)]
    return boot(name, vms, smp=3, gic=gic, timeout=240, until=r"^tandem: vm linux: stopped")


def channel_connected(out):
    expect(out, r"^tandem: channel 'link': VM linux \(virtio-console at 0xa004000, SPI 96\) <-> "
                r"VM rtos \(shared rings at 0xb000000, SPI 96\)$",
           r"^\[rtos\] rtos: channel: serving requests on the channel at 0xb000000 \(interrupt 96\)$")


def linux_rtos_channel(gic):
    """Linux's /init asks the RTOS 300 questions over the channel and checks
    every answer; then a crc32 and an echo."""
    import zlib
    out = channel_boot("linux-rtos-channel-gicv%d" % gic, "", 300, gic)

    def answers():
        expect(out, r"^\[linux\] tandem-linux: channel: 300 of 300 answers correct, 0 timed out$")
        expect_absent(out, r"tandem-linux: channel: request \d+ answered")

    def crc_and_echo():
        expect(out, r"^\[linux\] tandem-linux: channel: crc tandem -> RSP c %08x$" % zlib.crc32(b"tandem"),
               r"^\[linux\] tandem-linux: channel: echo -> RSP e hello from linux$")

    def rtos_unharmed():
        expect(out, r"^\[linux\] tandem-linux: channel: 300 of 300")
        expect_absent(out, r"tandem: vm rtos: stopped")
        expect(out, r"^tandem: vm linux: stopped: powered off")
    return [("the channel connects Linux's virtio-console to the RTOS's rings",
             lambda: channel_connected(out)),
            ("every request from Linux gets the RTOS's right answer", answers),
            ("crc32 and echo requests come back right", crc_and_echo),
            ("the RTOS runs on; Linux powers off", rtos_unharmed)]


@scenario
def linux_rtos_channel_gicv3():
    return linux_rtos_channel(3)


@scenario
def linux_rtos_channel_gicv2():
    return linux_rtos_channel(2)


@scenario
def channel_corrupt_ring():
    """The RTOS corrupts its ring after 20 answers: Tandem stops the RTOS,
    naming the channel and the cause; Linux's remaining requests time out
    and Linux goes on to power off."""
    out = channel_boot("channel-corrupt-ring", "chan-corrupt=20", 22)

    def rtos_stopped():
        expect(out, r"^\[rtos\] rtos: channel: corrupting my ring on purpose",
               r"^tandem: vm rtos: stopped: channel 'link': shared ring: tx\.head is more than the ring "
               r"holds ahead of what Tandem consumed$")
        expect_absent(out, r"rtos: channel: still running after corrupting")

    def linux_goes_on():
        expect(out, r"^tandem: vm rtos: stopped",
               r"^\[linux\] tandem-linux: channel: 20 of 22 answers correct, 2 timed out$",
               r"^tandem: vm linux: stopped: powered off")
        expect_absent(out, r"PANIC")
    return [("a VM that corrupts its ring is stopped, with the channel and the cause", rtos_stopped),
            ("the other VM keeps running and powers off", linux_goes_on)]
