#!/usr/bin/env python3
"""Writes the fuzzers' seed inputs (tests/fuzz/corpus/<fuzzer>/): ordinary,
well-formed use of each interface, in the input formats the harnesses
decode (see the comment at the top of each tests/fuzz/fuzz_*.c). They give
the fuzzers a working queue, ring or register table to start from; no seed
is an attack. Run it again after changing a format:
    python3 tests/fuzz/seeds.py"""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))


def write(fuzzer, name, data):
    d = os.path.join(HERE, "corpus", fuzzer)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


# fuzz_virtqueue.c: header byte (RAM pages - 1 | base << 3), geometry
# (num, desc, avail, used as 16-bit offsets from the RAM's base), racer count
# and entries (kind, index, a, b), then operations.
def vq_geometry(num=8, desc=0x1000, avail=0x2000, used=0x3000, pages=8, base=0):
    return bytes([(pages - 1) | base << 3]) + struct.pack("<HHHH", num, desc, avail, used)


def vq_desc(i, off, length, flags, nxt, shift=0):
    return bytes([0]) + struct.pack("<BHHBB", i, off, length, flags | shift << 4, nxt)


def vq_offer(head):
    return bytes([1, head])


def vq_pop(room):
    return bytes([4]) + struct.pack("<H", room)


def vq_push(length):
    return bytes([5]) + struct.pack("<H", length)


def vq_burst(count, head, room):
    return bytes([8, count, head]) + struct.pack("<H", room)


def virtqueue():
    tx = vq_desc(0, 0x5000, 100, 1, 1) + vq_desc(1, 0x5100, 28, 0, 0)
    rx = vq_desc(2, 0x6000, 64, 2 | 1, 3) + vq_desc(3, 0x6100, 64, 2, 0)
    # a console's transmit queue: two-buffer chains, popped into 4 KiB
    write("virtqueue", "tx-chain", vq_geometry() + bytes([0]) + tx +
          (vq_offer(0) + vq_pop(4096)) * 3 + vq_pop(4096))
    # its receive queue: writable chains filled from Tandem's bytes
    write("virtqueue", "rx-chain", vq_geometry() + bytes([0]) + rx +
          (vq_offer(2) + vq_push(100)) * 3)
    # a chain too big for the room, then room enough
    write("virtqueue", "too-big", vq_geometry(num=4) + bytes([0]) + tx + vq_offer(0) +
          vq_pop(64) + vq_pop(128))
    # another vCPU switching which chain the avail ring offers (both valid)
    write("virtqueue", "racer-avail", vq_geometry() + bytes([1]) +
          bytes([4, 0]) + struct.pack("<HH", 0, 2) + tx + rx +
          (vq_offer(0) + vq_pop(200) + vq_push(50)) * 4)
    # another vCPU rewriting a buffer's length, both lengths fitting the room
    write("virtqueue", "racer-len", vq_geometry() + bytes([1]) +
          bytes([0, 0]) + struct.pack("<HH", 100, 60) + tx +
          vq_burst(32, 0, 4096))
    # a channel pumping a transmit queue
    write("virtqueue", "pump", vq_geometry() + bytes([0]) + tx + vq_burst(16, 0, 1024))
    # RAM at the top of the address space, and a new geometry
    write("virtqueue", "top-of-space", vq_geometry(base=2, pages=4, num=16, desc=0x0,
                                                    avail=0x400, used=0x800) + bytes([0]) +
          vq_desc(0, 0x1000, 16, 0, 0) + vq_offer(0) + vq_pop(16) +
          bytes([6]) + struct.pack("<HHHH", 4, 0x100, 0x200, 0x300) + vq_offer(0) + vq_pop(16))


# fuzz_ring.c: racer count and entries (kind, index, a, b), then operations
# (op, 16- or 32-bit argument).
def ring_op(op, k):
    return bytes([op]) + struct.pack("<H", k)


def ring():
    cycle = (ring_op(1, 1500) + ring_op(5, 1500) + ring_op(4, 1500) + ring_op(0, 1500) +
             ring_op(1, 1000) + ring_op(5, 600) + ring_op(5, 600) + ring_op(4, 2016) + ring_op(0, 700))
    # both rings in use, wrapping around
    write("ring", "wrap", bytes([0]) + cycle * 4)
    # a guest that fills rx and never reads, then catches up
    write("ring", "full-rx", bytes([0]) + ring_op(4, 2016) + ring_op(4, 1) + ring_op(0, 100) +
          ring_op(4, 200) + bytes([7]))
    # another vCPU moving rx.tail between two values a driver could write
    write("ring", "racer-tail", bytes([1, 0, 0]) + struct.pack("<HH", 0, 16) +
          ring_op(4, 16) + ring_op(4, 8) + ring_op(1, 100) + ring_op(5, 100))


# fuzz_mmio.c: models (count; per model: flags, register count, then
# offset/length/widths+handlers per register), regions (count; model,
# placement), then accesses (how, ESR, register value, device value,
# region and offset).
def mmio():
    # a PL011-like table: data, flags, an 8-byte register and an array
    model = bytes([0, 4]) + bytes([0, 0, 0x3f, 1, 0, 0x34, 0, 1, 0x38, 1, 7, 0x3c])
    region = bytes([1, 0, 0, 0])
    accesses = b""
    for size in range(4):
        for wr in (0, 1):
            esr = size << 22 | wr << 6 | 3 << 16
            for off in (0, 4, 8, 0x10, 0x12, 0x30, 0x1000):
                accesses += (bytes([3]) + struct.pack("<IQQ", esr, 0x1122334455667788,
                                                      0x8877665544332211) +
                             bytes([0]) + struct.pack("<H", off))
    write("mmio", "pl011-like", bytes([0]) + model + region + accesses)
    # a sign-extending load and a syndrome without ISV (load/store pair)
    write("mmio", "syndromes", bytes([0]) + model + region +
          bytes([3]) + struct.pack("<IQQ", 1 << 21 | 1 << 22, 0, 0xffffff80) + bytes([0, 0, 0]) +
          bytes([0]) + struct.pack("<IQQQ", 0x93000000 & ~(1 << 24), 0, 0, 0x8000000))


# fuzz_pv.c: operations; virtual interrupts (0-5: own, enable, raise,
# lower, ack, eoi; then a 16-bit INTID) and argument checks (96 + 0-5:
# console, setup, iret, map, upcall frame, PSCI; addresses as an offset
# from the window's base, lengths as bytes or pages).
def pv_irq(op, intid, extra=b""):
    return bytes([op]) + struct.pack("<H", intid) + extra


def pv_addr(off):
    return bytes([0]) + struct.pack("<i", off)


def pv_len(n, pages=False):
    return bytes([1 if pages else 0]) + struct.pack("<H", n)


def pv():
    # the virtual timer and the console's interrupt, as a guest uses them
    irqs = (pv_irq(0, 27) + pv_irq(0, 33) + pv_irq(1, 27, b"\x01") + pv_irq(1, 33, b"\x01") +
            pv_irq(2, 33) + pv_irq(2, 27) + pv_irq(4, 0) + pv_irq(5, 27) + pv_irq(4, 0) +
            pv_irq(3, 27) + pv_irq(5, 33) + pv_irq(4, 0) + pv_irq(5, 200))
    write("pv", "virq", irqs)
    calls = (bytes([96]) + pv_addr(0x100) + pv_len(12) +
             bytes([97]) + pv_addr(0x1000) + pv_addr(0x2000) +
             bytes([98]) + pv_addr(0x3000) +
             bytes([99]) + pv_addr(0x4000) + pv_len(4, True) + pv_len(1, True) + bytes([3]) +
             bytes([100]) + pv_addr(0x8000) +
             bytes([101, 2, 0, 1]) + pv_addr(0x40))
    write("pv", "hypercalls", calls)
    write("pv", "both", irqs + calls + irqs)


virtqueue()
ring()
mmio()
pv()
