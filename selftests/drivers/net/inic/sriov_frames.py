#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Send raw Ethernet frames (helper of sriov.sh, not run by itself).

usage: sriov_frames.py IFACE DST_MAC SRC_MAC COUNT

Frames are 64-byte IPv4-ethertype frames with a junk payload, sent with an
AF_PACKET socket, so the source MAC can be forged (spoof-check tests) and
the destination can be any MAC (broadcast, foreign unicast).
"""
import socket
import sys


def mac(s):
    return bytes(int(x, 16) for x in s.split(":"))


def main():
    if len(sys.argv) != 5:
        print(__doc__, file=sys.stderr)
        return 2
    ifname, dst, src, count = sys.argv[1], mac(sys.argv[2]), mac(sys.argv[3]), int(sys.argv[4])
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((ifname, 0))
    # 0x88b5: IEEE local experimental ethertype, ignored by every stack.
    frame = dst + src + b"\x88\xb5" + b"inic-sriov-test!" * 3
    for _ in range(count):
        s.send(frame)
    return 0


if __name__ == "__main__":
    sys.exit(main())
