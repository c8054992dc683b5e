#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Measure how long RTNL is unavailable: send RTM_SETLINK (lo's own MTU,
so nothing changes, but the kernel takes rtnl_lock for it) every few
milliseconds and time each request to its ack, until STOPFILE exists.
Prints one JSON line: samples, max_ms, p99_ms, median_ms and the five
longest waits with the time each began (s since boot, CLOCK_BOOTTIME:
the clock of /proc/uptime, so that shell scripts can mark their phases
on the same clock)."""

import json
import os
import socket
import struct
import sys
import time

RTM_SETLINK = 19
NLM_F_REQUEST, NLM_F_ACK = 1, 4
IFLA_MTU = 4
NLMSG_ERROR = 2


def main():
    stop = sys.argv[1]
    interval = float(sys.argv[2]) if len(sys.argv) > 2 else 0.005
    idx = socket.if_nametoindex("lo")
    with open("/sys/class/net/lo/mtu") as f:
        mtu = int(f.read())
    s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, socket.NETLINK_ROUTE)
    s.bind((0, 0))
    body = struct.pack("=BxHiII", socket.AF_UNSPEC, 0, idx, 0, 0)
    body += struct.pack("=HHI", 8, IFLA_MTU, mtu)
    clock = time.CLOCK_BOOTTIME
    waits, seq = [], 0
    while not os.path.exists(stop):
        seq += 1
        msg = struct.pack("=IHHII", 16 + len(body), RTM_SETLINK,
                          NLM_F_REQUEST | NLM_F_ACK, seq, 0) + body
        a = time.clock_gettime(clock)
        s.send(msg)
        r = s.recv(4096)
        b = time.clock_gettime(clock)
        _, typ, _, _, _ = struct.unpack_from("=IHHII", r)
        err = struct.unpack_from("=i", r, 16)[0] if typ == NLMSG_ERROR else 0
        if err:
            print(json.dumps({"error": os.strerror(-err)}))
            return 1
        waits.append((b - a, a))
        time.sleep(interval)
    d = sorted(w for w, _ in waits)
    top = sorted(waits, reverse=True)[:5]
    n = len(d)
    print(json.dumps({
        "samples": n,
        "max_ms": round(d[-1] * 1e3, 1) if n else None,
        "p99_ms": round(d[min(n - 1, int(n * 0.99))] * 1e3, 1) if n else None,
        "median_ms": round(d[n // 2] * 1e3, 2) if n else None,
        "longest": [[round(w * 1e3, 1), round(at, 2)] for w, at in top],
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
