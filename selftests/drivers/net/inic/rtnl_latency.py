#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Time what `ip link show DEV` asks the kernel: one RTM_GETLINK for DEV
with IFLA_EXT_MASK RTEXT_FILTER_VF (so the driver's ndo_get_vf_config and
ndo_get_vf_stats run, under RTNL), on one socket, without the cost of
starting ip. Usage: rtnl_latency.py DEV SECONDS [INTERVAL_S]; prints
"n N max MS mean MS" and exits 1 if no request could be made."""
import socket
import struct
import sys
import time

RTM_GETLINK, NLM_F_REQUEST = 18, 1
IFLA_IFNAME, IFLA_EXT_MASK, RTEXT_FILTER_VF = 3, 29, 1
NLMSG_ERROR, NLMSG_DONE = 2, 3


def attr(t, data):
    a = struct.pack("HH", 4 + len(data), t) + data
    return a + b"\0" * (-len(a) % 4)


def request(sock, dev, seq):
    body = struct.pack("BxHiII", socket.AF_UNSPEC, 0, 0, 0, 0)
    body += attr(IFLA_IFNAME, dev.encode() + b"\0")
    body += attr(IFLA_EXT_MASK, struct.pack("I", RTEXT_FILTER_VF))
    msg = struct.pack("IHHII", 16 + len(body), RTM_GETLINK, NLM_F_REQUEST,
                      seq, 0) + body
    sock.send(msg)
    data = sock.recv(1 << 20)
    _, typ, _, rseq, _ = struct.unpack_from("IHHII", data)
    if typ == NLMSG_ERROR and struct.unpack_from("i", data, 16)[0]:
        raise OSError("RTM_GETLINK %s: error %d" %
                      (dev, struct.unpack_from("i", data, 16)[0]))
    return rseq == seq


def main():
    dev, secs = sys.argv[1], float(sys.argv[2])
    gap = float(sys.argv[3]) if len(sys.argv) > 3 else 0.02
    sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0)
    sock.bind((0, 0))
    lat = []
    end = time.monotonic() + secs
    seq = 0
    while time.monotonic() < end:
        seq += 1
        t0 = time.monotonic()
        request(sock, dev, seq)
        lat.append((time.monotonic() - t0) * 1000)
        time.sleep(gap)
    if not lat:
        return 1
    print("n %d max %.1f mean %.1f" % (len(lat), max(lat), sum(lat) / len(lat)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
