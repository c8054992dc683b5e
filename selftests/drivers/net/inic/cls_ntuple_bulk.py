#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Many ethtool ntuple rules fast, for cls_ntuple.sh: the SIOCETHTOOL
ioctl directly (one process, no ethtool per rule; under TCG a process
start costs more than the rule).

  cls_ntuple_bulk.py DEV insert FIRST_DPORT COUNT [LOC|any] [RING] [masks]
      udp4 dst-port FIRST_DPORT+i -> RING (default 0), at LOC+i or at
      RX_CLS_LOC_ANY; prints "inserted N" and, on the first refusal,
      "refused at I: errno NAME". With "masks" rule i's dst-port mask is
      0xffff - i: every rule has a mask of its own (the exact table takes
      16 distinct masks, the rest go to the masked table)
  cls_ntuple_bulk.py DEV delete LOC COUNT
      delete locations LOC..LOC+COUNT-1; prints "deleted N missing M"
  cls_ntuple_bulk.py DEV count
      prints "rules N size S special 0|1"
"""
import ctypes
import errno
import fcntl
import socket
import struct
import sys

SIOCETHTOOL = 0x8946
GRXCLSRLCNT, GRXCLSRULE, GRXCLSRLALL, SRXCLSRLDEL, SRXCLSRLINS = \
    0x2e, 0x2f, 0x30, 0x31, 0x32
UDP_V4_FLOW = 0x02
RX_CLS_LOC_ANY = 0xffffffff
RX_CLS_LOC_SPECIAL = 0x80000000

# struct ethtool_rxnfc (x86_64): cmd@0 flow_type@4 data@8 fs@16 (168
# bytes: flow_type@0 h_u@4 h_ext@56 m_u@76 m_ext@128 ring_cookie@152
# location@160), rule_cnt@184; 192 bytes.
SIZE = 192
FS = 16
H_U, M_U, COOKIE, LOC = FS + 4, FS + 76, FS + 152, FS + 160
RULE_CNT = 184


def ioctl(sock, dev, buf):
    ifr = struct.pack("16sP", dev.encode(), ctypes.addressof(buf))
    ifr += b"\0" * (40 - len(ifr))
    fcntl.ioctl(sock.fileno(), SIOCETHTOOL, ifr)


def rxnfc(cmd):
    buf = ctypes.create_string_buffer(SIZE)
    struct.pack_into("<I", buf, 0, cmd)
    return buf


def main():
    dev, op = sys.argv[1], sys.argv[2]
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    if op == "count":
        buf = rxnfc(GRXCLSRLCNT)
        ioctl(sock, dev, buf)
        data = struct.unpack_from("<Q", buf, 8)[0]
        cnt = struct.unpack_from("<I", buf, RULE_CNT)[0]
        print("rules %d size %d special %d" % (
            cnt, data & ~RX_CLS_LOC_SPECIAL & 0xffffffff,
            1 if data & RX_CLS_LOC_SPECIAL else 0))
        return 0
    if op == "insert":
        first, count = int(sys.argv[3]), int(sys.argv[4])
        where = sys.argv[5] if len(sys.argv) > 5 else "any"
        ring = int(sys.argv[6]) if len(sys.argv) > 6 else 0
        masks = len(sys.argv) > 7 and sys.argv[7] == "masks"
        done = 0
        for i in range(count):
            buf = rxnfc(SRXCLSRLINS)
            struct.pack_into("<I", buf, FS, UDP_V4_FLOW)
            mask = (0xffff - i) & 0xffff if masks else 0xffff
            struct.pack_into(">H", buf, H_U + 10, (first + i) & mask)
            struct.pack_into(">H", buf, M_U + 10, mask)
            struct.pack_into("<Q", buf, COOKIE, ring)
            loc = RX_CLS_LOC_ANY if where == "any" else int(where) + i
            struct.pack_into("<I", buf, LOC, loc)
            try:
                ioctl(sock, dev, buf)
            except OSError as e:
                print("inserted %d" % done)
                print("refused at %d: errno %s" % (i, errno.errorcode.get(e.errno, e.errno)))
                return 1
            done += 1
        print("inserted %d" % done)
        return 0
    if op == "delete":
        first, count = int(sys.argv[3]), int(sys.argv[4])
        done = missing = 0
        for i in range(count):
            buf = rxnfc(SRXCLSRLDEL)
            struct.pack_into("<I", buf, LOC, first + i)
            try:
                ioctl(sock, dev, buf)
                done += 1
            except OSError as e:
                if e.errno != errno.ENOENT:
                    raise
                missing += 1
        print("deleted %d missing %d" % (done, missing))
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
