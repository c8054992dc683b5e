#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""tcp_sniff.py IFACE PORT: print one line per TCP segment to or from
PORT seen on IFACE (both directions, IPv4 and IPv6, 802.1Q tags skipped),
until killed: "TIME DIR FLAGS SPORT DPORT PAYLOAD SADDR DADDR" with TIME the kernel's
receive timestamp in seconds, DIR "in" or "out" (as the packet socket saw
it), FLAGS tcpdump's letters (S, S., ., P., F., R., ...). Writes "ready"
on stderr once the socket is bound. (The test VM has no tcpdump.)"""
import socket
import struct
import sys

ETH_P_ALL = 0x0003
SO_TIMESTAMPNS = 35
PACKET_OUTGOING = 4


def flags_text(f):
    s = ""
    for bit, ch in ((0x02, "S"), (0x01, "F"), (0x04, "R"), (0x08, "P")):
        if f & bit:
            s += ch
    if f & 0x10:
        s += "."
    return s or "none"


def main():
    ifname, port = sys.argv[1], int(sys.argv[2])
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
    s.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)
    s.bind((ifname, 0))
    print("ready", file=sys.stderr, flush=True)
    while True:
        data, anc, _, addr = s.recvmsg(256, 64)
        t = 0.0
        for lvl, typ, val in anc:
            if lvl == socket.SOL_SOCKET and typ == SO_TIMESTAMPNS:
                sec, nsec = struct.unpack("qq", val[:16])
                t = sec + nsec / 1e9
        off, proto = 14, struct.unpack("!H", data[12:14])[0] if len(data) >= 14 else 0
        while proto in (0x8100, 0x88a8) and len(data) >= off + 4:
            proto = struct.unpack("!H", data[off + 2:off + 4])[0]
            off += 4
        if proto == 0x0800 and len(data) >= off + 20:
            ihl = (data[off] & 0x0f) * 4
            if data[off + 9] != 6:
                continue
            plen = struct.unpack("!H", data[off + 2:off + 4])[0] - ihl
            l4 = off + ihl
            sa = socket.inet_ntop(socket.AF_INET, data[off + 12:off + 16])
            da = socket.inet_ntop(socket.AF_INET, data[off + 16:off + 20])
        elif proto == 0x86dd and len(data) >= off + 40:
            if data[off + 6] != 6:
                continue
            plen = struct.unpack("!H", data[off + 4:off + 6])[0]
            l4 = off + 40
            sa = socket.inet_ntop(socket.AF_INET6, data[off + 8:off + 24])
            da = socket.inet_ntop(socket.AF_INET6, data[off + 24:off + 40])
        else:
            continue
        if len(data) < l4 + 14:
            continue
        sp, dp = struct.unpack("!HH", data[l4:l4 + 4])
        if port not in (sp, dp):
            continue
        doff = (data[l4 + 12] >> 4) * 4
        d = "out" if addr[2] == PACKET_OUTGOING else "in"
        print("%.6f %s %s %d %d %d %s %s" % (t, d, flags_text(data[l4 + 13]),
                                             sp, dp, plen - doff, sa, da),
              flush=True)


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        pass
