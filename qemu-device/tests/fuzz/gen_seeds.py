#!/usr/bin/env python3
"""Write hand-made seed inputs for inic_core_fuzz (core_fuzz.cpp) into DIR.

Each seed is a scenario a driver would run: rings set up, frames sent and
received, the loop cable, VFs with the switch, the mailbox. libFuzzer
starts from these; `make fuzz` merges what adds coverage into corpus/core.
Opcodes follow enum Op in core_fuzz.cpp.
"""
import struct
import sys

(PF_WRITE, PF_READ, PF_RAW, VF_WRITE, VF_READ, VF_RAW, RING, TAIL, TXD, RXD,
 MEM, MEM_FRAME, RX_RAW, RX_FRAME, LINK, RUN_TX, RESUME, TIMER, CLOCK, MASTER,
 NUM_VFS, FLR, RESET, WIRE, VF_SETUP, MBOX, PORT_SETUP, TX_BATCH, IRQ,
 REPLICATE, CLS_RULE, LAG) = range(32)


def b(*xs):
    return bytes(xs)


def u16(x):
    return struct.pack('<H', x & 0xffff)


def u32(x):
    return struct.pack('<I', x & 0xffffffff)


def ring(fn, q, rx, slot, size_code=0, port=0, vec=0, fl=0):
    return b(RING, fn, q, (1 if rx else 0) | (size_code << 1) | fl, slot,
             vec, port)


def tail(fn, q, rx, t):
    return b(TAIL, fn, q | (0x80 if rx else 0)) + u16(t)


def port_setup(p, ctrl=3, offl=0x1f, mtu=1500, rxr=0, rss=0):
    return b(PORT_SETUP, p, ctrl, offl) + u16(mtu) + b(rxr, rss)


def frame(kind=0, macs=0, plen=64, vid=0, fill=0x33):
    return b(kind, macs) + u16(plen) + u16(vid) + b(fill)


def mem_frame(slot, i, addr, pieces=0, cmd=0, mss=0, tci=0, **fr):
    return (b(MEM_FRAME, slot, i) + u32(addr) + b(pieces, cmd) + u16(mss) +
            u16(tci) + frame(**fr))


def rxd(slot, i, n, addr, bl):
    return b(RXD, slot, i, n - 1) + u32(addr) + u16(bl)


def pf_write(sel, reg, val):
    return b(PF_WRITE, sel, reg) + u32(val)


def vf_setup(v, port=0, rings=0x00, mac=4, vlan=0, ctrl=0x32, rate=0):
    return b(VF_SETUP, v, port, rings, mac) + u16(vlan) + b(ctrl) + u16(rate)


def cls_rule(port=0, origin=0, sel=0, junk=0, prio=0, action=0, arg=0,
             mirror=0, rate=0, burst=0, cmd=0, **fr):
    """A classifier rule from the key of frame(**fr); sel: fields (bit 0
    port, 1 origin, 2 vlan, 3 ethertype, 4 proto, 5 tos, 6 dmac, 7 smac,
    8 sport, 9 dport, 10 tcp flags, 11 flags, 12 sip, 13 dip... see
    core_fuzz.cpp), bit 13 also delivers the frame; cmd 0x00: ADD exact
    index 0, 0x15: ADD masked, (idx << 24) for the index."""
    return (b(CLS_RULE, port, origin) + u16(sel) + b(junk) + u16(prio) +
            b(prio >> 16) + u16(action) + b(arg) + u32(mirror) + u32(rate) +
            u32(burst) + u32(cmd) + frame(**fr))


seeds = {}
# 2 ports, 1 queue, no VFs: TX ring 0 (slot 1), RX ring 0 (slot 2) on port 0,
# RX ring on port 1 (ring 1: slot 3, 4).
topo = (1) | (1 << 2)     # 2 ports, 2 queues
base = b(topo, 0) + port_setup(0) + port_setup(1, rxr=2) + \
    ring(0, 0, False, 1) + ring(0, 0, True, 2) + \
    ring(0, 2, False, 3, port=1) + ring(0, 2, True, 4, port=1) + \
    rxd(2, 0, 16, 0x80000, 2048) + rxd(4, 0, 16, 0xa0000, 2048) + \
    tail(0, 0, True, 15) + tail(0, 2, True, 15)
seeds['pf-tx-rx'] = base + mem_frame(1, 0, 0x40000, cmd=0) + \
    tail(0, 0, False, 1) + b(RUN_TX) + b(WIRE, 0x0f) + \
    b(RX_FRAME, 0) + frame(kind=1, macs=0) + \
    b(RX_FRAME, 1) + frame(kind=2, macs=1 | (0 << 3)) + b(CLOCK) + u16(100)
seeds['pf-tso-csum'] = base + \
    mem_frame(1, 0, 0x40000, pieces=2, cmd=0x6, mss=1000, plen=5000) + \
    mem_frame(1, 3, 0x50000, pieces=0, cmd=0x2, kind=3, plen=300) + \
    mem_frame(1, 4, 0x52000, pieces=1, cmd=0x8, tci=5, kind=8) + \
    tail(0, 0, False, 5) + b(TX_BATCH, 4) + b(WIRE, 0x1f)
seeds['pf-loop-sync'] = b(topo, 1) + base[2:] + \
    mem_frame(1, 0, 0x40000, kind=0x09, vid=7) + tail(0, 0, False, 1) + \
    b(RUN_TX) + b(RX_FRAME, 0) + frame(kind=0x16, macs=6) + \
    b(RX_RAW, 1) + u16(60) + bytes(range(60))
seeds['pf-rss-filter'] = base + port_setup(0, ctrl=0x13, rss=0xff) + \
    pf_write(2, 0x40, 0x03020100) + pf_write(2, 0x40 + 1, 0x01000100) + \
    pf_write(2, 0x41, 0x00ab5452) + pf_write(2, 0x42, 0x8000_1111) + \
    b(RX_FRAME, 0) + frame(kind=0, macs=7) + \
    b(RX_FRAME, 0) + frame(kind=3, macs=0) + \
    b(RX_FRAME, 0) + frame(kind=0x30, macs=0) + \
    b(LINK, 0) + b(LINK, 1) + b(RESET)
# VFs: 2 ports, 4 VFs, SR-IOV on.
vtopo = 1 | (0 << 2) | (4 << 4)
vbase = b(vtopo, 0x20) + port_setup(0) + port_setup(1) + \
    ring(0, 0, False, 1) + ring(0, 0, True, 2) + \
    rxd(2, 0, 16, 0x80000, 2048) + tail(0, 0, True, 15) + \
    vf_setup(0, rings=0x00, mac=4) + vf_setup(1, rings=0x10, mac=5) + \
    ring(1, 0, False, 10) + ring(1, 0, True, 11) + \
    ring(2, 0, False, 12) + ring(2, 0, True, 13) + \
    rxd(11, 0, 16, 0xc0000, 2048) + rxd(13, 0, 16, 0xd0000, 2048) + \
    tail(1, 0, True, 15) + tail(2, 0, True, 15)
seeds['vf-switch'] = vbase + \
    mem_frame(10, 0, 0x60000, macs=5 | (4 << 3)) + tail(1, 0, False, 1) + \
    mem_frame(12, 0, 0x62000, macs=6 | (5 << 3)) + tail(2, 0, False, 1) + \
    b(TX_BATCH, 2) + b(RX_FRAME, 0) + frame(macs=4) + \
    b(RX_FRAME, 0) + frame(macs=6) + b(WIRE, 0x0f) + \
    b(FLR, 1) + b(NUM_VFS, 1) + b(RESET)
seeds['vf-mbox'] = vbase + \
    b(MBOX, 0, 0x12) + u32(0x00080101) + u32(0x10002) + u32(3) + \
    pf_write(0, 0x6c // 4, 1) + \
    b(MBOX, 0, 0x80 | 0x20 | 2) + u32(0x80010001) + u32(1) + u32(2) + \
    b(VF_READ, 0, 2, 0x20) + b(MBOX, 0, 0x20) + u32(0) + \
    b(MBOX, 1, 0x11) + u32(0x00ff0001) + u32(7) + \
    b(VF_READ, 2, 2, 0x20)
seeds['vf-shaper-vlan'] = vbase + vf_setup(0, rings=0x00, mac=4, vlan=10,
                                           ctrl=0x33, rate=10) + \
    mem_frame(10, 0, 0x60000, macs=6 | (4 << 3), plen=1400) + \
    mem_frame(10, 1, 0x61000, macs=0 | (4 << 3), plen=1400) + \
    tail(1, 0, False, 2) + b(RUN_TX) + b(CLOCK) + u16(5000) + b(RUN_TX) + \
    b(RX_FRAME, 0) + frame(kind=8, macs=4, vid=10) + b(TIMER, 0)

seeds['pf-irq-itr'] = base + b(IRQ, 0, 0x80, 0x33) + b(IRQ, 0, 0x00, 0x00) + \
    mem_frame(1, 0, 0x40000) + mem_frame(1, 1, 0x41000) + \
    tail(0, 0, False, 2) + b(RUN_TX) + b(WIRE, 0x0f) + b(CLOCK) + u16(200) + \
    b(IRQ, 0, 0x80, 0xe0) + b(RX_FRAME, 0) + frame() + b(TIMER, 0)
# A ring full of frames in one TX run, looped at once into a big RX ring.
seeds['pf-burst'] = b(topo, 1) + port_setup(0) + port_setup(1, rxr=2) + \
    ring(0, 0, False, 1, size_code=5) + ring(0, 2, True, 20, port=1,
                                            size_code=6) + \
    rxd(20, 0, 64, 0x80000, 2048) + tail(0, 2, True, 4000) + \
    mem_frame(1, 0, 0x40000) + b(REPLICATE, 1) + u16(0) + u16(254) + \
    tail(0, 0, False, 255) + b(TX_BATCH, 3)

# The classifier: a ring steering rule (exact), a masked drop rule, a
# policed and mirrored rule, each hit by its frame; a VF steering rule.
ETYPE, PROTO, DPORT, SIP, DELIVER = 1 << 3, 1 << 4, 1 << 9, 1 << 12, 1 << 13
seeds['cls-pf'] = base + \
    cls_rule(sel=ETYPE | PROTO | DPORT | DELIVER, action=0x101, arg=1,
             cmd=0x00, kind=1, macs=0) + \
    cls_rule(sel=ETYPE | SIP | DELIVER, prio=5, action=4, cmd=0x15 | 2 << 24,
             kind=2, macs=0) + \
    cls_rule(sel=PROTO | DELIVER, prio=9, action=0x600 | 1, arg=2,
             mirror=0x20001, rate=64, burst=3000, cmd=0x15 | 3 << 24,
             kind=3, macs=0, plen=1000) + \
    b(RX_FRAME, 0) + frame(kind=3, macs=0, plen=1000) + \
    b(RX_FRAME, 0) + frame(kind=3, macs=0, plen=1000) + \
    b(CLOCK) + u16(3000) + b(RX_FRAME, 0) + frame(kind=3, macs=0, plen=1000) + \
    mem_frame(1, 0, 0x40000, kind=1) + tail(0, 0, False, 1) + b(RUN_TX) + \
    b(RX_FRAME, 0) + frame(kind=1, macs=0) + b(RESET)
seeds['cls-vf'] = vbase + \
    cls_rule(origin=0, sel=(1 << 1) | ETYPE | DELIVER, action=0x103, arg=1,
             cmd=0x15, kind=1, macs=0) + \
    cls_rule(origin=2, sel=(1 << 1) | DELIVER, prio=3, action=0x200 | 3,
             arg=0, mirror=0x1, cmd=0x15 | 1 << 24, kind=0, macs=5) + \
    mem_frame(10, 0, 0x60000, macs=5 | (4 << 3)) + tail(1, 0, False, 1) + \
    b(RUN_TX) + b(RX_FRAME, 0) + frame(kind=1, macs=0) + b(FLR, 1)

# DMA that lands on the BARs (flag bit 6): the PF receives into VF 0's ring
# registers, VF 0 transmits from a buffer in the PF's BAR and VF 1's.
BAR = 0x40000000
VF0_BAR = BAR | 0x20000
seeds['bars-reentry'] = bytes([vtopo, 0x60]) + vbase[2:] + \
    rxd(2, 0, 4, VF0_BAR | 0x10000, 64) + \
    b(RX_FRAME, 0) + frame(macs=0, plen=20) + \
    b(TXD, 10) + u16(1) + u32(BAR | 0x1000) + u16(64) + b(1) + \
    b(TXD, 10) + u16(2) + u32(BAR | 0x40000 | 0x10000) + u16(64) + b(1) + \
    tail(1, 0, False, 3) + b(RUN_TX) + b(CLOCK) + u16(10) + \
    b(RX_FRAME, 0) + frame(macs=6, plen=40) + b(TX_BATCH, 2)

# Link aggregation (1.4): ports 0 and 1 in a group, the PF and a VF
# sending while the active member's link goes and comes back; then the
# flow-hash mode with a pinned VF and a frame from the wire on each member.
def lag(fl=0, mode=0, members=3, prim=0, vfpin=0, ctrl=7, ev=0):
    return b(LAG, fl, mode, members, prim) + u32(vfpin) + b(ctrl, ev)


seeds['lag-failover'] = vbase + lag(ctrl=7) + \
    mem_frame(1, 0, 0x40000, kind=1) + tail(0, 0, False, 1) + b(RUN_TX) + \
    lag(fl=4 | 1, ctrl=7, ev=0) + \
    mem_frame(10, 0, 0x60000, macs=5 | (4 << 3)) + tail(1, 0, False, 1) + \
    b(RUN_TX) + b(LINK, 1) + b(RX_FRAME, 1) + frame(kind=1, macs=0) + \
    b(RX_FRAME, 0) + frame(kind=1, macs=6) + b(WIRE, 0)
seeds['lag-hash'] = vbase + lag(mode=1 | 2, vfpin=2, ctrl=5) + \
    mem_frame(1, 0, 0x40000, kind=1) + tail(0, 0, False, 1) + \
    mem_frame(1, 1, 0x41000, kind=2) + tail(0, 0, False, 2) + b(RUN_TX) + \
    lag(fl=4 | 8, mode=3, ctrl=5, ev=2 | 0x10) + b(RUN_TX) + \
    b(RX_FRAME, 0) + frame(kind=1, macs=5) + \
    b(RX_FRAME, 1) + frame(kind=1, macs=6) + b(LINK, 3) + b(RESET)

for name, data in seeds.items():
    with open(f'{sys.argv[1]}/seed-{name}', 'wb') as f:
        f.write(data)
