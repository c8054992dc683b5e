#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Send malformed and random generic netlink messages to the "inic" family.

Usage: inictl_fuzz.py [COUNT] [SEED]

1. Fixed bad requests (wrong attribute types and lengths, missing and
   out-of-range attributes): each must be refused with an extack message.
2. COUNT (default 3000) random messages: random command, flags and
   attributes, or a valid request cut short (nlmsg_len kept consistent so
   the kernel parses it). Every message must get a final answer (an error,
   an ACK or a dump's DONE); truncated ones must get an error.

Exit 0 when all of that holds. Run inic-klog-check afterwards for WARNs.
"""

import os
import random
import socket
import struct
import sys

NETLINK_GENERIC = 16
GENL_ID_CTRL = 0x10
CTRL_CMD_GETFAMILY = 3
CTRL_ATTR_FAMILY_ID = 1
CTRL_ATTR_FAMILY_NAME = 2
NLM_F_REQUEST, NLM_F_ACK, NLM_F_DUMP = 0x1, 0x4, 0x300
NLM_F_ACK_TLVS = 0x200
NLMSG_ERROR, NLMSG_DONE = 2, 3
NETLINK_EXT_ACK, NETLINK_CAP_ACK = 11, 10
SOL_NETLINK = 270
NLMSGERR_ATTR_MSG = 1

# From include/uapi/linux/inic.h
DEV_GET, PORT_GET, PORT_SET, RING_STATS_GET = 1, 2, 3, 4
RULE_GET = 8
VF_SET, LAG_GET = 9, 10
A_VF_BUS_NAME, A_VF_INDEX, A_VF_LAG = 1, 3, 31
A_LAG_BUS_NAME = 1
A_RULE_BUS_NAME, A_RULE_IFINDEX = 1, 3
A_DEV_BUS_NAME = 1
A_PORT_BUS_NAME, A_PORT_INDEX, A_PORT_IFINDEX, A_PORT_MAC, A_PORT_MTU = 1, 2, 3, 7, 8
A_STATS_RING = 4


def attr(t, payload):
    ln = 4 + len(payload)
    return struct.pack("HH", ln, t) + payload + b"\0" * ((4 - ln % 4) % 4)


class Sock:
    def __init__(self):
        self.s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_GENERIC)
        self.s.bind((0, 0))
        self.s.setsockopt(SOL_NETLINK, NETLINK_EXT_ACK, 1)
        self.s.setsockopt(SOL_NETLINK, NETLINK_CAP_ACK, 1)
        self.s.settimeout(5)
        self.seq = 1

    def send(self, typ, flags, body, nl_len=None):
        self.seq += 1
        ln = 16 + len(body) if nl_len is None else nl_len
        self.s.send(struct.pack("IHHII", ln, typ, flags, self.seq, 0) + body)
        return self.seq

    def answer(self, seq):
        """('error', errno, msg) | ('ack',) | ('done', n_msgs)"""
        n = 0
        while True:
            data = self.s.recv(65536)
            off = 0
            while off + 16 <= len(data):
                ln, typ, flags, s, _ = struct.unpack_from("IHHII", data, off)
                if ln < 16:
                    raise RuntimeError("bad nlmsg_len %d from the kernel" % ln)
                msg = data[off:off + ln]
                off += (ln + 3) & ~3
                if s != seq:
                    continue
                if typ == NLMSG_ERROR:
                    err = struct.unpack_from("i", msg, 16)[0]
                    if err == 0:
                        return ("ack",)
                    return ("error", -err, self.extack(msg, flags, 20 + 16))
                if typ == NLMSG_DONE:
                    err = struct.unpack_from("i", msg, 16)[0] if ln >= 20 else 0
                    if err < 0:
                        return ("error", -err, self.extack(msg, flags, 20))
                    return ("done", n)
                n += 1

    @staticmethod
    def extack(msg, flags, start):
        if not flags & NLM_F_ACK_TLVS:
            return ""
        off = start
        while off + 4 <= len(msg):
            ln, t = struct.unpack_from("HH", msg, off)
            if ln < 4:
                break
            if t == NLMSGERR_ATTR_MSG:
                return msg[off + 4:off + ln].split(b"\0")[0].decode()
            off += (ln + 3) & ~3
        return ""


def family_id(sk):
    body = struct.pack("BBH", CTRL_CMD_GETFAMILY, 1, 0) + attr(CTRL_ATTR_FAMILY_NAME, b"inic\0")
    sk.send(GENL_ID_CTRL, NLM_F_REQUEST, body)
    data = sk.s.recv(65536)
    ln, typ = struct.unpack_from("IH", data, 0)
    if typ == NLMSG_ERROR:
        sys.exit("fuzz: family inic not found")
    off = 20
    while off < ln:
        aln, t = struct.unpack_from("HH", data, off)
        if t == CTRL_ATTR_FAMILY_ID:
            return struct.unpack_from("H", data, off + 4)[0]
        off += (aln + 3) & ~3
    sys.exit("fuzz: no family id")


def genl(cmd, attrs=b""):
    return struct.pack("BBH", cmd, 1, 0) + attrs


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    rng = random.Random(seed)
    sk = Sock()
    fam = family_id(sk)
    failures = 0

    fixed = [
        ("bus-name without NUL", DEV_GET, NLM_F_ACK, attr(A_DEV_BUS_NAME, b"abcd")),
        ("bus-name too long", DEV_GET, NLM_F_ACK, attr(A_DEV_BUS_NAME, b"x" * 60 + b"\0")),
        ("missing bus-name", DEV_GET, NLM_F_ACK, b""),
        ("unknown bus-name", DEV_GET, NLM_F_ACK, attr(A_DEV_BUS_NAME, b"0000:99:00.0\0")),
        ("ifindex as u16", PORT_GET, NLM_F_ACK, attr(A_PORT_IFINDEX, struct.pack("H", 1))),
        ("ifindex 0 (range)", PORT_GET, NLM_F_ACK, attr(A_PORT_IFINDEX, struct.pack("I", 0))),
        ("port index 9 (range)", PORT_GET, NLM_F_ACK,
         attr(A_PORT_BUS_NAME, b"0000:01:00.0\0") + attr(A_PORT_INDEX, struct.pack("I", 9))),
        ("missing port selector", PORT_GET, NLM_F_ACK, b""),
        ("bus-name without index", PORT_GET, NLM_F_ACK, attr(A_PORT_BUS_NAME, b"0000:01:00.0\0")),
        ("unknown attribute type", PORT_GET, NLM_F_ACK, attr(30, struct.pack("I", 1))),
        ("mac of 5 bytes", PORT_SET, NLM_F_ACK,
         attr(A_PORT_IFINDEX, struct.pack("I", 1)) + attr(A_PORT_MAC, b"\x02\0\0\0\0")),
        ("mtu 9001 (range)", PORT_SET, NLM_F_ACK,
         attr(A_PORT_IFINDEX, struct.pack("I", 1)) + attr(A_PORT_MTU, struct.pack("I", 9001))),
        ("port-set without ifindex", PORT_SET, NLM_F_ACK, attr(A_PORT_MTU, struct.pack("I", 1500))),
        ("ring 256 (range)", RING_STATS_GET, NLM_F_DUMP, attr(A_STATS_RING, struct.pack("I", 256))),
        ("ring 255 (no such ring)", RING_STATS_GET, NLM_F_DUMP, attr(A_STATS_RING, struct.pack("I", 255))),
        ("rule-get ifindex 0 (range)", RULE_GET, NLM_F_DUMP,
         attr(A_RULE_IFINDEX, struct.pack("I", 0))),
        ("rule-get unknown bus-name", RULE_GET, NLM_F_DUMP, attr(A_RULE_BUS_NAME, b"0000:99:00.0\0")),
        ("rule-get as do", RULE_GET, NLM_F_ACK, b""),
        ("lag-get missing bus-name", LAG_GET, NLM_F_ACK, b""),
        ("lag-get unknown bus-name", LAG_GET, NLM_F_ACK, attr(A_LAG_BUS_NAME, b"0000:99:00.0\0")),
        ("vf-set missing index", VF_SET, NLM_F_ACK,
         attr(A_VF_BUS_NAME, b"0000:99:00.0\0") + attr(A_VF_LAG, struct.pack("I", 1))),
        ("vf-set nothing to change", VF_SET, NLM_F_ACK,
         attr(A_VF_BUS_NAME, b"0000:99:00.0\0") + attr(A_VF_INDEX, struct.pack("I", 0))),
        ("vf-set lag 2 (range)", VF_SET, NLM_F_ACK,
         attr(A_VF_BUS_NAME, b"0000:99:00.0\0") + attr(A_VF_INDEX, struct.pack("I", 0)) +
         attr(A_VF_LAG, struct.pack("I", 2))),
        ("vf-set unknown bus-name", VF_SET, NLM_F_ACK,
         attr(A_VF_BUS_NAME, b"0000:99:00.0\0") + attr(A_VF_INDEX, struct.pack("I", 0)) +
         attr(A_VF_LAG, struct.pack("I", 1))),
        ("unknown command 99", 99, NLM_F_ACK, b""),
    ]
    for name, cmd, flags, attrs in fixed:
        seq = sk.send(fam, NLM_F_REQUEST | flags, genl(cmd, attrs))
        ans = sk.answer(seq)
        ok = ans[0] == "error" and (ans[2] or cmd == 99 or name == "rule-get as do")
        print("# %-28s -> %s" % (name, ans if ans[0] != "error" else
                                  "%s: %s" % (os.strerror(ans[1]), ans[2] or "(no message)")))
        if not ok:
            print("# FAIL: %s: expected an error with an extack message" % name)
            failures += 1

    valid = [
        genl(DEV_GET),
        genl(PORT_GET, attr(A_PORT_IFINDEX, struct.pack("I", 1))),
        genl(RING_STATS_GET, attr(A_STATS_RING, struct.pack("I", 0))),
        genl(RULE_GET, attr(A_RULE_IFINDEX, struct.pack("I", 1))),
        genl(PORT_GET, attr(A_PORT_BUS_NAME, b"0000:01:00.0\0") + attr(A_PORT_INDEX, struct.pack("I", 0))),
        genl(LAG_GET, attr(A_LAG_BUS_NAME, b"0000:01:00.0\0")),
    ]
    stats = {"error": 0, "ack": 0, "done": 0}
    for i in range(count):
        kind = rng.random()
        if kind < 0.4:
            # a valid-looking request cut short, lengths consistent
            body = rng.choice(valid) + attr(rng.randint(1, 6), os.urandom(rng.randint(0, 12)))
            cut = rng.randint(0, len(body) - 1)
            body = body[:cut]
            must_fail = True
        else:
            attrs = b""
            for _ in range(rng.randint(0, 4)):
                t = rng.randint(0, 20) | (0x8000 if rng.random() < 0.05 else 0)
                attrs += attr(t, os.urandom(rng.randint(0, 40)))
            if rng.random() < 0.2 and attrs:
                # an attribute header that claims more than is there
                attrs = attrs[:-1] + b"\0"
                attrs = struct.pack("HH", len(attrs) + 8, rng.randint(1, 10)) + attrs[4:]
            body = genl(rng.randint(0, 11), attrs)
            must_fail = False
        flags = NLM_F_REQUEST | (NLM_F_DUMP if rng.random() < 0.4 else NLM_F_ACK)
        seq = sk.send(fam, flags, body)
        try:
            ans = sk.answer(seq)
        except socket.timeout:
            print("# FAIL: message %d got no answer" % i)
            failures += 1
            continue
        stats[ans[0]] += 1
        if must_fail and len(body) < 4 and ans[0] != "error":
            print("# FAIL: message %d (%d bytes, no full genl header) was accepted" % (i, len(body)))
            failures += 1
    print("# random messages: %d sent, %d errors, %d acks, %d dumps done" %
          (count, stats["error"], stats["ack"], stats["done"]))
    # The family still answers sensibly.
    seq = sk.send(fam, NLM_F_REQUEST | NLM_F_DUMP, genl(DEV_GET))
    ans = sk.answer(seq)
    if ans[0] != "done" or ans[1] < 1:
        print("# FAIL: dev-get dump after fuzzing: %s" % (ans,))
        failures += 1
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
