#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""UDP and raw-frame helpers of xdp.sh (run in the guest, either namespace).

  xdp_udp.py send DST PORT COUNT MAGIC [SIZE]
      send COUNT datagrams "MAGIC <i>" to DST:PORT, 1 ms apart
  xdp_udp.py echo DST PORT COUNT [SIZE]
      send COUNT datagrams one by one to DST:PORT and wait (2 s, 3 tries)
      for each to come back from DST:PORT with the same payload (an XDP_TX
      reflector); exit 1 unless all did
  xdp_udp.py recv TIMEOUT NEED PORT...
      count datagrams on each PORT (any address) until the last PORT has
      NEED or TIMEOUT s pass; print "PORT COUNT" per port and the number of
      sized datagrams whose bytes are wrong ("bad N"); exit 1 on timeout
  xdp_udp.py sniff IFACE TIMEOUT NEED MAGIC
      count frames on IFACE (AF_PACKET, every protocol) that carry MAGIC
      until NEED or TIMEOUT s; print the count, the first frame's
      destination MAC and the longest frame's length; exit 1 on timeout
  xdp_udp.py sniffcmp IFACE TIMEOUT NEED PORT FILE
      capture the IPv4 UDP frames to PORT that IFACE receives until NEED
      or TIMEOUT s, then compare them, in order, with FILE (one frame in
      hex per line, read at the end: inic_xsk --dump); print how many are
      byte-exact; exit 1 unless all NEED are
With SIZE, a datagram has SIZE bytes: the text padded to 32 bytes, a
pattern that depends only on the length, and "END!" (sized()).
A "ready" line on stdout tells a caller in the background that the sockets
are bound.
"""
import select
import socket
import sys
import time


HEAD = 32
SO_RCVBUFFORCE = 33
SOL_PACKET = 263
PACKET_STATISTICS = 6
TAIL = b"END!"


def pattern(n):
    return bytes((j * 7 + n) & 0xff for j in range(n))


def sized(text, size):
    """text alone, or a SIZE-byte datagram that sized_ok() can check"""
    if not size:
        return text
    return text.ljust(HEAD)[:HEAD] + pattern(size - HEAD - len(TAIL)) + TAIL


def sized_ok(data):
    """a text datagram (under 200 bytes), or a sized one with its bytes"""
    if len(data) < 200:
        return True
    n = len(data) - HEAD - len(TAIL)
    return data[HEAD:HEAD + n] == pattern(n) and data.endswith(TAIL)


def send(dst, port, count, magic, size=0):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    for i in range(count):
        s.sendto(sized(b"%s %d" % (magic.encode(), i), size), (dst, port))
        time.sleep(0.001)
    return 0


def echo(dst, port, count, size=0):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("0.0.0.0", 0))
    got = 0
    for i in range(count):
        msg = sized(b"xdp-echo %d" % i, size)
        for _ in range(3):
            s.sendto(msg, (dst, port))
            end = time.time() + 2
            ok = False
            while time.time() < end:
                r, _, _ = select.select([s], [], [], max(0, end - time.time()))
                if not r:
                    break
                data, src = s.recvfrom(65536)
                if data == msg and src == (dst, port):
                    ok = True
                    break
            if ok:
                got += 1
                break
    print("echoed %d/%d" % (got, count))
    return 0 if got == count else 1


def recv(timeout, need, ports):
    socks = {}
    for p in ports:
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.bind(("0.0.0.0", p))
        socks[s] = p
    counts = {p: 0 for p in ports}
    bad = 0
    print("ready", flush=True)
    end = time.time() + timeout
    while counts[ports[-1]] < need and time.time() < end:
        r, _, _ = select.select(list(socks), [], [], max(0, end - time.time()))
        for s in r:
            data, _ = s.recvfrom(65536)
            counts[socks[s]] += 1
            bad += not sized_ok(data)
    for p in ports:
        print(p, counts[p])
    print("bad", bad)
    return 0 if counts[ports[-1]] >= need else 1


def sniff(iface, timeout, need, magic):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(3))
    s.bind((iface, 0))
    print("ready", flush=True)
    n, first, longest = 0, None, 0
    end = time.time() + timeout
    while n < need and time.time() < end:
        r, _, _ = select.select([s], [], [], max(0, end - time.time()))
        if not r:
            break
        frame, addr = s.recvfrom(65536)
        if addr[2] == socket.PACKET_OUTGOING or magic.encode() not in frame:
            continue
        n += 1
        longest = max(longest, len(frame))
        if first is None:
            first = frame[:6].hex(":")
    print(n, first, longest)
    return 0 if n >= need else 1


def sniffcmp(iface, timeout, need, port, path):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(3))
    # room for a burst at line rate (the sender may be faster than us)
    s.setsockopt(socket.SOL_SOCKET, SO_RCVBUFFORCE, 32 << 20)
    s.bind((iface, 0))
    print("ready", flush=True)
    got = []
    end = time.time() + timeout
    while len(got) < need and time.time() < end:
        r, _, _ = select.select([s], [], [], max(0, end - time.time()))
        if not r:
            break
        frame, addr = s.recvfrom(65536)
        if addr[2] == socket.PACKET_OUTGOING or len(frame) < 42:
            continue
        if (frame[12:14] != b"\x08\x00" or frame[23] != 17 or
                int.from_bytes(frame[36:38], "big") != port):
            continue
        got.append(frame)
    with open(path) as f:
        want = [bytes.fromhex(line.strip()) for line in f if line.strip()]
    exact = sum(1 for g, w in zip(got, want) if g == w)
    st = s.getsockopt(SOL_PACKET, PACKET_STATISTICS, 8)
    print("%d frames captured, %d/%d byte-exact in order (socket drops %d)" %
          (len(got), exact, need, int.from_bytes(st[4:8], "little")))
    for i, (g, w) in enumerate(zip(got, want)):
        if g != w:
            print("first difference: frame %d, got %s want %s" %
                  (i, g.hex(), w.hex()))
            break
    return 0 if len(got) >= need and exact >= need else 1


def main(a):
    if a[0] == "send":
        return send(a[1], int(a[2]), int(a[3]), a[4],
                    int(a[5]) if len(a) > 5 else 0)
    if a[0] == "echo":
        return echo(a[1], int(a[2]), int(a[3]),
                    int(a[4]) if len(a) > 4 else 0)
    if a[0] == "recv":
        return recv(float(a[1]), int(a[2]), [int(p) for p in a[3:]])
    if a[0] == "sniff":
        return sniff(a[1], float(a[2]), int(a[3]), a[4])
    if a[0] == "sniffcmp":
        return sniffcmp(a[1], float(a[2]), int(a[3]), int(a[4]), a[5])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
