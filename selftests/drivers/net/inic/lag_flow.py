#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Sequenced UDP flow for the LAG tests (lag_lib.sh); not a test program.

  lag_flow.py send DST PORT PPS LOG   send datagrams "seq send_ns" at PPS a
                                      second (fixed rate: each datagram has
                                      its deadline on the monotonic clock, so
                                      the rate does not drift; a sender more
                                      than 50 ms late restarts its schedule
                                      instead of sending a longer burst)
                                      until SIGTERM/SIGINT; then write LOG
                                      lines "seq send_ns" (CLOCK_REALTIME)
  lag_flow.py recv PORT LOG           receive them, one LOG line
                                      "seq send_ns recv_ns" per datagram,
                                      flushed at once (lag_lib.sh reads the
                                      last line while the flow runs), until
                                      SIGTERM/SIGINT
  lag_flow.py analyze SENDLOG RECVLOG T0 T1 [T0 T1 ...]
                                      per window [T0, T1] (realtime ns; a
                                      pull: the cable out at T0, the flow
                                      back to normal at T1), one JSON line:
                                      sent, lost (sent in the window, never
                                      received), dup, reorder, gap_ms (the
                                      longest time between two consecutive
                                      arrivals, from the last arrival
                                      before T0 to the first after the gap),
                                      bursts (runs of consecutive lost
                                      datagrams), send_gap_ms (the sender's
                                      longest pause: a guest stall, not the
                                      network);
                                      then a "total" line for the whole flow

  lag_flow.py tcp-recv ADDR PORT      accept one TCP connection, count its
                                      bytes until EOF, answer the count,
                                      print it
  lag_flow.py tcp-send DST PORT MBPS  one TCP stream of MBPS Mbit/s (paced)
                                      until SIGTERM/SIGINT, then a clean
                                      close: exit 0 when the receiver's
                                      count is what was sent, 1 on a reset,
                                      a stall (30 s) or a count mismatch

Both ends run in the same VM, so send and receive times share one clock.
"""

import json
import os
import signal
import socket
import sys
import time

stop = False


def on_signal(_sig, _frm):
    global stop
    stop = True


def send(dst, port, pps, log):
    fam = socket.AF_INET6 if ":" in dst else socket.AF_INET
    s = socket.socket(fam, socket.SOCK_DGRAM)
    s.connect((dst, port))
    period = 1.0 / pps
    sent = []
    start = time.monotonic()
    seq = 0
    k = 0
    while not stop:
        deadline = start + k * period
        now = time.monotonic()
        if deadline > now:
            time.sleep(deadline - now)
            if stop:
                break
        elif now - deadline > 0.05:
            # more than 50 ms late (the guest did not run us): start the
            # schedule again from now rather than send the missed slots
            # in one burst; the stall shows as a gap in the send times.
            # Up to 50 ms late, the missed slots go at once (a burst of
            # at most 50 datagrams), so that the rate holds on a busy
            # TCG guest
            start, k = now, 0
        k += 1
        t = time.time_ns()
        try:
            s.send(b"%d %d" % (seq, t))
        except OSError:
            # no route or neighbour while a link is down: the datagram is
            # lost like any other, counted as sent
            pass
        sent.append((seq, t))
        seq += 1
    with open(log, "w") as f:
        f.write("".join("%d %d\n" % p for p in sent))


def recv(port, log):
    s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
    try:	# root: beyond rmem_max, so a stalled reader drops nothing
        s.setsockopt(socket.SOL_SOCKET, 33, 8 << 20)	# SO_RCVBUFFORCE
    except OSError:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8 << 20)
    s.bind(("::", port))
    s.settimeout(0.2)
    with open(log, "w") as f:
        while not stop:
            try:
                data = s.recv(64)
            except socket.timeout:
                continue
            except InterruptedError:
                continue
            t = time.time_ns()
            try:
                seq, ts = data.split()
                f.write("%d %d %d\n" % (int(seq), int(ts), t))
            except ValueError:
                continue
            f.flush()


def tcp_recv(addr, port):
    fam = socket.AF_INET6 if ":" in addr else socket.AF_INET
    ls = socket.socket(fam, socket.SOCK_STREAM)
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind((addr, port))
    ls.listen(1)
    c, _ = ls.accept()
    n = 0
    while True:
        b = c.recv(1 << 16)
        if not b:
            break
        n += len(b)
    c.sendall(b"%d\n" % n)
    c.close()
    print(n)


def tcp_send(dst, port, mbps):
    fam = socket.AF_INET6 if ":" in dst else socket.AF_INET
    s = socket.create_connection((dst, port), timeout=30)
    chunk = b"\xa5" * 16384
    per = len(chunk) * 8 / (mbps * 1e6)
    n = 0
    start = time.monotonic()
    k = 0
    try:
        while not stop:
            deadline = start + k * per
            now = time.monotonic()
            if deadline > now:
                time.sleep(deadline - now)
            s.sendall(chunk)
            n += len(chunk)
            k += 1
        s.shutdown(socket.SHUT_WR)
        got = s.makefile().readline().strip()
    except OSError as e:
        print("tcp-send: after %d bytes: %s" % (n, e))
        return 1
    print("tcp-send: %d bytes sent, the receiver counted %s, %.1f s" % (
        n, got or "nothing", time.monotonic() - start))
    return 0 if got == str(n) else 1


def load(path, n):
    out = []
    with open(path) as f:
        for line in f:
            p = line.split()
            if len(p) == n:
                out.append(tuple(int(x) for x in p))
    return out


def stats(sent, arrivals, t0, t1):
    """sent: {seq: send_ns}; arrivals: [(seq, send_ns, recv_ns)] in
    arrival order."""
    want = [q for q, t in sent.items() if t0 <= t <= t1]
    seen = {}
    dup = reorder = 0
    top = -1
    for q, _, r in arrivals:
        if r > t1 + 2 * 10**9:
            break
        if q in seen:
            dup += 1 if t0 <= sent.get(q, 0) <= t1 else 0
            continue
        seen[q] = r
        if q < top and t0 <= sent.get(q, 0) <= t1:
            reorder += 1
        top = max(top, q)
    miss = [q for q in sorted(want) if q not in seen]
    lost = len(miss)
    bursts = sum(1 for i, q in enumerate(miss) if i == 0 or miss[i - 1] != q - 1)
    # the sender's own longest pause in the window (a guest that did not
    # run it): a receive gap up to this long is not the network's
    st = sorted(t for t in sent.values() if t0 <= t <= t1)
    send_gap = max((b - a for a, b in zip(st, st[1:])), default=0)
    # the longest time without an arrival, over the window: from the last
    # arrival before T0 to the first one after T1
    times = sorted(r for _, _, r in arrivals)
    prev = [r for r in times if r < t0]
    inwin = [r for r in times if t0 <= r <= t1]
    after = [r for r in times if r > t1][:1]
    seq_t = ([prev[-1]] if prev else []) + inwin + after
    gap = max((b - a for a, b in zip(seq_t, seq_t[1:])), default=0)
    return {"sent": len(want), "lost": lost, "bursts": bursts, "dup": dup, "reorder": reorder,
            "gap_ms": round(gap / 1e6, 3), "send_gap_ms": round(send_gap / 1e6, 3),
            "window_ms": round((t1 - t0) / 1e6, 1)}


def analyze(slog, rlog, wins):
    sent = dict(load(slog, 2))
    arrivals = load(rlog, 3)
    arrivals.sort(key=lambda a: a[2])
    for i in range(0, len(wins) - 1, 2):
        print(json.dumps(dict(stats(sent, arrivals, int(wins[i]), int(wins[i + 1])),
                              pull=i // 2 + 1)))
    if sent:
        tot = stats(sent, arrivals, min(sent.values()), max(sent.values()))
        tot["pull"] = "total"
        tot["received"] = len({a[0] for a in arrivals})
        print(json.dumps(tot))


def main():
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    a = sys.argv[1:]
    if a and a[0] == "send" and len(a) == 5:
        send(a[1], int(a[2]), float(a[3]), a[4])
    elif a and a[0] == "recv" and len(a) == 3:
        recv(int(a[1]), a[2])
    elif a and a[0] == "tcp-recv" and len(a) == 3:
        tcp_recv(a[1], int(a[2]))
    elif a and a[0] == "tcp-send" and len(a) == 4:
        return tcp_send(a[1], int(a[2]), float(a[3]))
    elif a and a[0] == "analyze" and len(a) >= 3 and len(a) % 2 == 1:
        analyze(a[1], a[2], a[3:])
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
