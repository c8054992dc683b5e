// SPDX-License-Identifier: GPL-2.0-or-later
//
// Unit tests of the classifier (inic_cls.cpp, ABI 1.3): every match field
// and action, priorities, exact and masked tables, table full, hostile
// programming, reset, the switch path, and randomised differential tests
// against a linear reference matcher written here.

#include "fake_host.h"
#include "inic_cls.h"

#include <chrono>
#include <cstdio>
#include <random>

namespace {

/* A rule as the driver composes it in the staging registers. */
struct Rule {
    uint8_t key[INIC_CLS_KEY_SIZE] = {};
    uint8_t mask[INIC_CLS_KEY_SIZE] = {};
    uint32_t prio = 0, action = 0, arg = 0, mark = 0, mirror = 0;
    uint32_t rate = 0, burst = 0;

    Rule &bytes(unsigned off, const uint8_t *v, const uint8_t *m, size_t n)
    {
        for (size_t i = 0; i < n; i++) {
            mask[off + i] = m[i];
            key[off + i] = v[i] & m[i];
        }
        return *this;
    }
    Rule &u8(unsigned off, uint8_t v, uint8_t m = 0xff)
    {
        return bytes(off, &v, &m, 1);
    }
    Rule &be16(unsigned off, uint16_t v, uint16_t m = 0xffff)
    {
        const uint8_t vb[2] = { (uint8_t)(v >> 8), (uint8_t)v };
        const uint8_t mb[2] = { (uint8_t)(m >> 8), (uint8_t)m };
        return bytes(off, vb, mb, 2);
    }
    Rule &mac(unsigned off, const uint8_t *m)
    {
        static const uint8_t ff[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
        return bytes(off, m, ff, 6);
    }
    Rule &prefix(unsigned off, const uint8_t *a, unsigned bits)
    {
        uint8_t m[16] = {};
        for (unsigned i = 0; i < bits; i++) {
            m[i / 8] |= (uint8_t)(0x80 >> (i % 8));
        }
        return bytes(off, a, m, 16);
    }
    Rule &port(uint8_t p) { return u8(INIC_CLS_K_PORT, p); }
    Rule &origin(uint8_t o) { return u8(INIC_CLS_K_ORIGIN, o); }
    Rule &etype(uint16_t t) { return be16(INIC_CLS_K_ETYPE, t); }
    Rule &proto(uint8_t p) { return u8(INIC_CLS_K_PROTO, p); }
    Rule &dport(uint16_t p, uint16_t m = 0xffff)
    {
        return be16(INIC_CLS_K_DPORT, p, m);
    }
    Rule &act(uint32_t a, uint32_t g = 0)
    {
        action = a;
        arg = g;
        return *this;
    }
    Rule &marked(uint32_t m)
    {
        action |= INIC_CLS_ACT_MARK;
        mark = m;
        return *this;
    }
    Rule &pri(uint32_t p)
    {
        prio = p;
        return *this;
    }
};

uint32_t le32(const uint8_t *b)
{
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
           (uint32_t)b[3] << 24;
}

void stage(InicCore *c, const Rule &r)
{
    auto wr = [c](uint32_t off, uint32_t v) {
        inic_core_mmio_write(c, INIC_CLS_BASE + off, v, 4);
    };
    for (unsigned i = 0; i < INIC_CLS_KEY_REGS; i++) {
        wr(INIC_CLS_KEY(i), le32(r.key + 4 * i));
        wr(INIC_CLS_MASK(i), le32(r.mask + 4 * i));
    }
    wr(INIC_CLS_PRIO, r.prio);
    wr(INIC_CLS_ACTION, r.action);
    wr(INIC_CLS_ACT_ARG, r.arg);
    wr(INIC_CLS_MARK, r.mark);
    wr(INIC_CLS_MIRROR, r.mirror);
    wr(INIC_CLS_POL_RATE, r.rate);
    wr(INIC_CLS_POL_BURST, r.burst);
}

uint32_t cmd(InicCore *c, uint32_t v)
{
    inic_core_mmio_write(c, INIC_CLS_BASE + INIC_CLS_CMD, v, 4);
    return (uint32_t)inic_core_mmio_read(c, INIC_CLS_BASE + INIC_CLS_RESULT,
                                         4);
}

/* Add r at idx of the exact or masked table: the result code. */
unsigned add(InicCore *c, const Rule &r, bool masked, uint32_t idx)
{
    stage(c, r);
    return INIC_CLS_RES_CODE(cmd(c, INIC_CLS_CMD_VAL(INIC_CLS_OP_ADD,
                                                      masked, idx)));
}

uint64_t rule_stat(InicCore *c, bool masked, uint32_t idx, unsigned s)
{
    cmd(c, INIC_CLS_CMD_VAL(INIC_CLS_OP_STATS, masked, idx));
    return inic_core_mmio_read(c, INIC_CLS_RULE_STAT(s), 8);
}

uint64_t cls_stat(InicCore *c, unsigned s)
{
    return inic_core_mmio_read(c, INIC_CLS_STAT(s), 8);
}

const uint8_t OTHER[6] = { 0x02, 0x99, 0x88, 0x77, 0x66, 0x55 };

}  // namespace

/* PF tests: 2 ports, 4 rings each; RX rings 0..7 up, 15 buffers each. */
class Cls : public Core11 {
protected:
    void SetUp() override
    {
        Core11::SetUp();
        port_ctrl(0, INIC_PORT_CTRL_RX_EN | INIC_PORT_CTRL_TX_EN);
        port_ctrl(1, INIC_PORT_CTRL_RX_EN | INIC_PORT_CTRL_TX_EN);
        for (unsigned q = 0; q < 8; q++) {
            rx_ring_up(q, q / 4);
        }
    }
    unsigned add(const Rule &r, bool masked = true, uint32_t idx = 0)
    {
        return ::add(c, r, masked, idx);
    }
    /* Receive fr on port p: the ring it landed in (-1: none), its RXD. */
    int where(unsigned p, const std::vector<uint8_t> &fr,
              inic_rx_desc *d = nullptr)
    {
        uint32_t h[8];
        for (unsigned q = 0; q < 8; q++) {
            h[q] = head(q);
        }
        rx(p, fr);
        int got = -1;
        for (unsigned q = 0; q < 8; q++) {
            if (head(q) != h[q]) {
                EXPECT_EQ(got, -1) << "delivered twice";
                got = (int)q;
                if (d) {
                    *d = get_rxd(rxbase(q), h[q] % 64);
                }
                /* Give the buffer back. */
                wr(rr(q, true, INIC_RR_TAIL), (head(q) + 15) % 64);
            }
        }
        return got;
    }
};

TEST_F(Cls, CapabilityRegisters)
{
    EXPECT_GE(rd(INIC_REG_VERSION), 0x00010003u);    /* since 1.3 */
    EXPECT_TRUE(rd(INIC_REG_CAPS) & INIC_CAP_CLS);
    EXPECT_EQ(rd(INIC_CLS_BASE + INIC_CLS_EXACT_SIZE), 65536u);
    EXPECT_EQ(rd(INIC_CLS_BASE + INIC_CLS_MASKED_SIZE), 1024u);
    EXPECT_EQ(rd(INIC_CLS_BASE + INIC_CLS_EXACT_MASKS_REG), 16u);
    EXPECT_EQ(rd(INIC_CLS_BASE + INIC_CLS_RSS_CTXS), 8u);
    EXPECT_EQ(rd(INIC_CLS_BASE + INIC_CLS_EXACT_USED), 0u);
    EXPECT_EQ(rd(INIC_CLS_BASE + INIC_CLS_RESULT), 0u);
    /* Staging registers read back; the holes are BAD_REG. */
    wr(INIC_CLS_BASE + INIC_CLS_KEY(3), 0x12345678);
    EXPECT_EQ(rd(INIC_CLS_BASE + INIC_CLS_KEY(3)), 0x12345678u);
    wr(INIC_CLS_BASE + INIC_CLS_MASK(15), 0xffffffff);
    EXPECT_EQ(rd(INIC_CLS_BASE + INIC_CLS_MASK(15)), 0xffffffffu);
    EXPECT_EQ(err(INIC_ERR_BAD_REG), 0u);
    rd(INIC_CLS_BASE + 0xcc);
    rd(INIC_CLS_BASE + 0x200);
    wr(INIC_CLS_BASE + 0x3fc, 1);
    EXPECT_EQ(err(INIC_ERR_BAD_REG), 3u);
    /* Counters are read-only. */
    inic_core_mmio_write(c, INIC_CLS_STAT(0), 5, 8);
    EXPECT_EQ(cls_stat(c, 0), 0u);
}

TEST_F(Cls, NoRulesNoChange)
{
    EXPECT_EQ(where(0, frame(60)), 0);
    EXPECT_EQ(cls_stat(c, INIC_CLS_STAT_LOOKUPS), 0u);
}

/* Each match field: a rule on it steers to ring 2 (marked); a frame that
 * differs only in that field takes the default ring 0. */
TEST_F(Cls, EachMatchField)
{
    struct Case {
        const char *name;
        Rule rule;
        std::vector<uint8_t> hit, miss;
    };
    Flow fl;
    Flow tcp = fl;
    Flow udp = fl;
    udp.proto = 17;
    Flow v6 = fl;
    v6.ver = 6;
    memcpy(v6.src, V6SRC, 16);
    memcpy(v6.dst, V6DST, 16);
    auto with = [](std::vector<uint8_t> fr, size_t off, uint8_t v) {
        fr[off] = v;
        return fr;
    };
    const auto base = ip_frame(tcp, 20);
    std::vector<Case> cases;
    {
        uint8_t src[6];
        memcpy(src, base.data() + 6, 6);
        cases.push_back({ "dmac", Rule().mac(INIC_CLS_K_DMAC, MAC0), base,
                          ip_frame(tcp, 20, BCAST) });
        cases.push_back({ "smac", Rule().mac(INIC_CLS_K_SMAC, src), base,
                          with(base, 11, 0x0a) });
    }
    auto tagged = ip_frame(tcp, 20, MAC0, 18);      /* PCP 1, VID 5 */
    cases.push_back({ "vlan-vid",
                      Rule().be16(INIC_CLS_K_VLAN, 5, 0x0fff)
                            .u8(INIC_CLS_K_FLAGS, INIC_CLS_F_VLAN,
                                INIC_CLS_F_VLAN),
                      tagged, with(tagged, 15, 6) });
    cases.push_back({ "vlan-pcp", Rule().be16(INIC_CLS_K_VLAN, 0x2000, 0xe000),
                      tagged, with(tagged, 14, 0x40) });
    cases.push_back({ "vlan-present",
                      Rule().u8(INIC_CLS_K_FLAGS, INIC_CLS_F_VLAN,
                                INIC_CLS_F_VLAN),
                      tagged, base });
    cases.push_back({ "ethertype", Rule().etype(0x86dd), ip_frame(v6, 20),
                      base });
    cases.push_back({ "ethertype-under-vlan", Rule().etype(0x0800), tagged,
                      ip_frame(v6, 20) });
    cases.push_back({ "proto", Rule().proto(17), ip_frame(udp, 20), base });
    cases.push_back({ "proto-v6", Rule().etype(0x86dd).proto(6),
                      ip_frame(v6, 20), base });
    cases.push_back({ "tos", Rule().u8(INIC_CLS_K_TOS, 0xb8),
                      with(base, 15, 0xb8), base });
    cases.push_back({ "dscp", Rule().u8(INIC_CLS_K_TOS, 0xb8, 0xfc),
                      with(base, 15, 0xbb), with(base, 15, 0x03) });
    {
        Flow t6 = v6;
        auto f6 = ip_frame(t6, 20);
        /* IPv6 traffic class 0xb8: version 6, TC in the next 8 bits. */
        auto f6tc = f6;
        f6tc[14] = 0x6b;
        f6tc[15] = 0x80;
        cases.push_back({ "tclass-v6", Rule().u8(INIC_CLS_K_TOS, 0xb8),
                          f6tc, f6 });
    }
    {
        const uint8_t net[16] = { 66, 9, 0, 0 };
        Flow o = tcp;
        o.src[1] = 10;
        cases.push_back({ "sip4/16", Rule().prefix(INIC_CLS_K_SIP, net, 16),
                          base, ip_frame(o, 20) });
        const uint8_t dnet[16] = { 161, 142, 100, 80 };
        Flow d = tcp;
        d.dst[3] = 81;
        cases.push_back({ "dip4/32", Rule().prefix(INIC_CLS_K_DIP, dnet, 32),
                          base, ip_frame(d, 20) });
        Flow d24 = tcp;
        d24.dst[2] = 101;
        Flow in24 = tcp;
        in24.dst[3] = 7;
        cases.push_back({ "dip4/24", Rule().prefix(INIC_CLS_K_DIP, dnet, 24),
                          ip_frame(in24, 20), ip_frame(d24, 20) });
    }
    {
        Flow o = v6;
        o.src[7] = 0xfe;
        cases.push_back({ "sip6/64", Rule().prefix(INIC_CLS_K_SIP, V6SRC, 64),
                          ip_frame(v6, 20), ip_frame(o, 20) });
        Flow d = v6;
        d.dst[15] = 2;
        cases.push_back({ "dip6/128",
                          Rule().prefix(INIC_CLS_K_DIP, V6DST, 128),
                          ip_frame(v6, 20), ip_frame(d, 20) });
    }
    {
        Flow a = udp, b = udp;
        a.sport = 5353;
        b.sport = 5354;
        cases.push_back({ "sport", Rule().be16(INIC_CLS_K_SPORT, 5353),
                          ip_frame(a, 8), ip_frame(b, 8) });
        a.dport = 0x1234;
        b.dport = 0x1334;
        cases.push_back({ "dport-masked", Rule().dport(0x1200, 0xff00),
                          ip_frame(a, 8), ip_frame(b, 8) });
        Flow v = v6;
        v.dport = 443;
        cases.push_back({ "dport-v6", Rule().dport(443), ip_frame(v, 8),
                          ip_frame(v6, 8) });
    }
    {
        auto syn = base;
        syn[14 + 20 + 13] = 0x02;
        cases.push_back({ "tcp-flags-syn",
                          Rule().be16(INIC_CLS_K_TCP_FLAGS, 0x002, 0x012),
                          syn, base });
    }
    {
        auto frag = base;
        frag[14 + 6] = 0x20;    /* MF */
        cases.push_back({ "fragment",
                          Rule().u8(INIC_CLS_K_FLAGS, INIC_CLS_F_FRAG,
                                    INIC_CLS_F_FRAG),
                          frag, base });
    }
    unsigned n = 0;
    for (auto &k : cases) {
        SCOPED_TRACE(k.name);
        Rule r = k.rule;
        r.act(INIC_CLS_ACT_RING, 2).marked(0xc0de0000 + n);
        ASSERT_EQ(add(r, true, n), (unsigned)INIC_CLS_RES_OK);
        inic_rx_desc d;
        EXPECT_EQ(where(0, k.hit, &d), 2);
        EXPECT_TRUE(d.status & INIC_RXD_STA_MARK);
        EXPECT_EQ(d.mark, 0xc0de0000 + n);
        EXPECT_EQ(where(0, k.miss, &d), 0);
        EXPECT_FALSE(d.status & INIC_RXD_STA_MARK);
        EXPECT_EQ(rule_stat(c, true, n, INIC_CLS_RSTAT_PKTS), 1u);
        EXPECT_EQ(rule_stat(c, true, n, INIC_CLS_RSTAT_BYTES), k.hit.size());
        EXPECT_EQ(INIC_CLS_RES_CODE(cmd(c, INIC_CLS_CMD_VAL(INIC_CLS_OP_DEL,
                                                             true, n))),
                  (unsigned)INIC_CLS_RES_OK);
        n++;
    }
    EXPECT_EQ(rd(INIC_CLS_BASE + INIC_CLS_MASKED_USED), 0u);
}

TEST_F(Cls, IngressPort)
{
    ASSERT_EQ(add(Rule().port(1).act(INIC_CLS_ACT_RING, 3)), 0u);
    EXPECT_EQ(where(0, frame(60)), 0);
    uint8_t m1[6];
    memcpy(m1, MAC0, 6);
    m1[5]++;
    EXPECT_EQ(where(1, frame(60, m1)), 3);
}

TEST_F(Cls, DropAndCounters)
{
    Flow udp;
    udp.proto = 17;
    ASSERT_EQ(add(Rule().proto(17).act(INIC_CLS_ACT_DROP), false, 77), 0u);
    for (int i = 0; i < 5; i++) {
        EXPECT_EQ(where(0, ip_frame(udp, 100)), -1);
    }
    EXPECT_EQ(where(0, ip_frame(Flow(), 100)), 0);
    size_t len = ip_frame(udp, 100).size();
    EXPECT_EQ(rule_stat(c, false, 77, INIC_CLS_RSTAT_PKTS), 5u);
    EXPECT_EQ(rule_stat(c, false, 77, INIC_CLS_RSTAT_BYTES), 5 * len);
    EXPECT_EQ(cls_stat(c, INIC_CLS_STAT_DROPS), 5u);
    EXPECT_EQ(cls_stat(c, INIC_CLS_STAT_HITS), 5u);
    EXPECT_EQ(cls_stat(c, INIC_CLS_STAT_LOOKUPS), 6u);
    /* READ with CLEAR: the rule back in staging, counters then zero. */
    wr(INIC_CLS_BASE + INIC_CLS_ACTION, 0);
    uint32_t res = cmd(c, INIC_CLS_CMD_VAL(INIC_CLS_OP_READ, false, 77) |
                          INIC_CLS_CMD_CLEAR);
    EXPECT_EQ(res, 77u << 16);
    EXPECT_EQ(rd(INIC_CLS_BASE + INIC_CLS_ACTION), (uint32_t)INIC_CLS_ACT_DROP);
    EXPECT_EQ(rd(INIC_CLS_BASE + INIC_CLS_KEY(1)) >> 16, 17u);  /* byte 6 */
    EXPECT_EQ(rd64(INIC_CLS_RULE_STAT(INIC_CLS_RSTAT_PKTS)), 5u);
    EXPECT_EQ(rule_stat(c, false, 77, INIC_CLS_RSTAT_PKTS), 0u);
}

TEST_F(Cls, RssContext)
{
    /* Context 3 spreads over rings 5 and 6 only. */
    for (unsigned i = 0; i < INIC_RSS_RETA_SIZE / 4; i++) {
        wr(INIC_CLS_BASE + INIC_CLS_RSS_RETA(3, i), 0x06050605);
    }
    wr(INIC_PORT_BASE(0) + INIC_PORT_RSS_CTRL, INIC_RSS_HASH_TCP_IPV4);
    ASSERT_EQ(add(Rule().proto(6).act(INIC_CLS_ACT_RSS, 3)), 0u);
    unsigned seen[8] = {};
    for (unsigned i = 0; i < 64; i++) {
        Flow fl;
        fl.sport = (uint16_t)(1000 + i * 7);
        inic_rx_desc d;
        int q = where(0, ip_frame(fl, 10), &d);
        ASSERT_TRUE(q == 5 || q == 6) << q;
        EXPECT_TRUE(d.status & INIC_RXD_STA_RSS);
        EXPECT_EQ(INIC_PTYPE_HASH(d.pkt_type), (unsigned)INIC_HASH_TCP_IPV4);
        seen[q]++;
    }
    EXPECT_GT(seen[5], 0u);
    EXPECT_GT(seen[6], 0u);
    /* The port's own RSS stays off: UDP takes ring 0. */
    Flow udp;
    udp.proto = 17;
    EXPECT_EQ(where(0, ip_frame(udp, 10)), 0);
    /* A RETA entry beyond the rings is refused. */
    wr(INIC_CLS_BASE + INIC_CLS_RSS_RETA(3, 0), 0x08);
    EXPECT_EQ(err(INIC_ERR_BAD_VALUE), 1u);
    EXPECT_EQ(rd(INIC_CLS_BASE + INIC_CLS_RSS_RETA(3, 0)), 0x06050605u);
}

TEST_F(Cls, RingSteeringKeepsTheAddressFilter)
{
    ASSERT_EQ(add(Rule().act(INIC_CLS_ACT_RING, 1)), 0u);
    EXPECT_EQ(where(0, frame(60)), 1);
    EXPECT_EQ(where(0, frame(60, OTHER)), -1);     /* not the PF's MAC */
    EXPECT_EQ(rd64(pstat(0, INIC_PSTAT_RX_DROP_FILTER)), 1u);
}

TEST_F(Cls, MirrorToRingAndPort)
{
    Rule r = Rule().dport(9).act(INIC_CLS_ACT_RING, 1).marked(7);
    r.action |= INIC_CLS_ACT_MIRROR;
    r.mirror = INIC_CLS_MIRROR_VAL(INIC_CLS_MIR_RING, 4);
    ASSERT_EQ(add(r, true, 0), 0u);
    Flow fl;
    fl.dport = 9;
    auto fr = ip_frame(fl, 10);
    uint32_t h1 = head(1), h4 = head(4);
    rx(0, fr);
    EXPECT_EQ(head(1), h1 + 1);
    EXPECT_EQ(head(4), h4 + 1);     /* the copy */
    inic_rx_desc d = get_rxd(rxbase(4), h4);
    EXPECT_EQ(d.mark, 7u);
    EXPECT_EQ(d.len, fr.size());
    EXPECT_EQ(cls_stat(c, INIC_CLS_STAT_MIRRORS), 1u);
    /* Drop + mirror to port 1's wire. */
    Rule m = Rule().dport(10).act(INIC_CLS_ACT_DROP);
    m.action |= INIC_CLS_ACT_MIRROR;
    m.mirror = INIC_CLS_MIRROR_VAL(INIC_CLS_MIR_PORT, 1);
    ASSERT_EQ(add(m, true, 1), 0u);
    fl.dport = 10;
    f.sent.clear();
    unsigned sched = f.tx_scheduled;
    EXPECT_EQ(where(0, ip_frame(fl, 10)), -1);
    /* A receive never transmits: the TX engine sends the copy. */
    EXPECT_TRUE(f.sent.empty());
    EXPECT_GT(f.tx_scheduled, sched);
    inic_core_run_tx(c);
    ASSERT_EQ(f.sent.size(), 1u);
    EXPECT_EQ(f.sent[0].first, 1u);
    EXPECT_EQ(f.sent[0].second, ip_frame(fl, 10));
    /* Port 1 down: the copy is lost and counted. */
    inic_core_set_link(c, 1, false);
    EXPECT_EQ(where(0, ip_frame(fl, 10)), -1);
    inic_core_run_tx(c);
    EXPECT_EQ(f.sent.size(), 1u);
    EXPECT_EQ(cls_stat(c, INIC_CLS_STAT_DEST_DROPS), 1u);
}

/*
 * Both ports mirror to each other over a looped cable (what the fuzzer
 * found): each receive only queues its copy, each TX run sends at most
 * its budget, the queue never grows past MIR_QUEUE_MAX, and what does not
 * fit is dropped and counted.
 */
TEST_F(Cls, MirrorLoopIsBounded)
{
    for (unsigned p = 0; p < 2; p++) {
        Rule m = Rule().port(p).dport(11).act(INIC_CLS_ACT_DROP);
        m.action |= INIC_CLS_ACT_MIRROR;
        m.mirror = INIC_CLS_MIRROR_VAL(INIC_CLS_MIR_PORT, p ^ 1);
        ASSERT_EQ(add(m, true, 10 + p), 0u);
    }
    Flow fl;
    fl.dport = 11;
    const auto fr = ip_frame(fl, 10);
    /* 100 frames at once: 64 copies queued, 36 dropped */
    for (int i = 0; i < 100; i++) {
        rx(0, fr);
    }
    EXPECT_TRUE(f.sent.empty());
    EXPECT_EQ(cls_stat(c, INIC_CLS_STAT_DEST_DROPS), 36u);
    /* The loop: every copy sent comes back on the other port. */
    for (int run = 0; run < 20; run++) {
        size_t before = f.sent.size();
        inic_core_run_tx(c);
        size_t out = f.sent.size() - before;
        EXPECT_LE(out, (size_t)256 /* Core::TX_BUDGET */);
        for (size_t k = before; k < f.sent.size(); k++) {
            rx(f.sent[k].first ^ 1u, f.sent[k].second);
        }
    }
    /* still bounded, still running: a storm, not a hang */
    EXPECT_GE(f.sent.size(), 64u * 20u);
    EXPECT_LE(f.sent.size(), (size_t)256 /* Core::TX_BUDGET */ * 20u);
}

TEST_F(Cls, Police)
{
    /* 8 kbit/s = 1000 bytes/s, burst 3000 bytes. */
    Rule r = Rule().proto(17).act(INIC_CLS_ACT_RING, 2);
    r.action |= INIC_CLS_ACT_POLICE;
    r.rate = 8;
    r.burst = 3000;
    ASSERT_EQ(add(r, true, 5), 0u);
    Flow udp;
    udp.proto = 17;
    auto fr = ip_frame(udp, 1000 - 42);     /* 1000 bytes */
    ASSERT_EQ(fr.size(), 1000u);
    for (int i = 0; i < 3; i++) {
        EXPECT_EQ(where(0, fr), 2);
    }
    EXPECT_EQ(where(0, fr), -1);
    EXPECT_EQ(where(0, fr), -1);
    f.now += 1000000000ull;                 /* 1 s: 1000 bytes */
    EXPECT_EQ(where(0, fr), 2);
    EXPECT_EQ(where(0, fr), -1);
    f.now += 100000000000ull;               /* long idle: only the burst */
    for (int i = 0; i < 3; i++) {
        EXPECT_EQ(where(0, fr), 2);
    }
    EXPECT_EQ(where(0, fr), -1);
    EXPECT_EQ(rule_stat(c, true, 5, INIC_CLS_RSTAT_PKTS), 11u);
    EXPECT_EQ(rule_stat(c, true, 5, INIC_CLS_RSTAT_POLICE_DROPS), 4u);
    EXPECT_EQ(cls_stat(c, INIC_CLS_STAT_POLICE_DROPS), 4u);
    /* Other traffic is not policed. */
    EXPECT_EQ(where(0, ip_frame(Flow(), 1000)), 0);
}

TEST_F(Cls, PrioritiesAndTieBreaks)
{
    Flow fl;
    fl.dport = 80;
    auto fr = ip_frame(fl, 10);
    /* Masked rules: higher PRIO wins whatever the index. */
    ASSERT_EQ(add(Rule().proto(6).pri(10).act(INIC_CLS_ACT_RING, 1), true, 0),
              0u);
    ASSERT_EQ(add(Rule().dport(80).pri(20).act(INIC_CLS_ACT_RING, 2), true,
                  900), 0u);
    EXPECT_EQ(where(0, fr), 2);
    /* An exact rule of equal PRIO beats the masked one. */
    ASSERT_EQ(add(Rule().dport(80).proto(6).pri(20).act(INIC_CLS_ACT_RING, 3),
                  false, 40000), 0u);
    EXPECT_EQ(where(0, fr), 3);
    /* Same PRIO, same table: the lower index. */
    ASSERT_EQ(add(Rule().dport(80).pri(20).act(INIC_CLS_ACT_RING, 4), true,
                  899), 0u);
    ASSERT_EQ(cmd(c, INIC_CLS_CMD_VAL(INIC_CLS_OP_DEL, false, 40000)),
              40000u << 16);
    EXPECT_EQ(where(0, fr), 4);
    /* Same key and mask twice in the masked table: allowed, by PRIO. */
    ASSERT_EQ(add(Rule().dport(80).pri(30).act(INIC_CLS_ACT_RING, 5), true,
                  1000), 0u);
    EXPECT_EQ(where(0, fr), 5);
    cmd(c, INIC_CLS_CMD_VAL(INIC_CLS_OP_DEL, true, 1000));
    cmd(c, INIC_CLS_CMD_VAL(INIC_CLS_OP_DEL, true, 899));
    EXPECT_EQ(where(0, fr), 2);
    cmd(c, INIC_CLS_CMD_VAL(INIC_CLS_OP_DEL, true, 900));
    EXPECT_EQ(where(0, fr), 1);
    cmd(c, INIC_CLS_CMD_VAL(INIC_CLS_OP_DEL, true, 0));
    EXPECT_EQ(where(0, fr), 0);
}

TEST_F(Cls, ExactTableRules)
{
    Rule r = Rule().dport(80).proto(6).act(INIC_CLS_ACT_RING, 1);
    ASSERT_EQ(add(r, false, 1), 0u);
    /* The same KEY/MASK twice in the exact table: refused. */
    EXPECT_EQ(add(r, false, 2), (unsigned)INIC_CLS_RES_EXISTS);
    /* An entry in use: refused. */
    EXPECT_EQ(add(Rule().dport(81), false, 1), (unsigned)INIC_CLS_RES_EXISTS);
    /* 16 distinct masks, then MASKS_FULL; the masked table takes more. */
    for (unsigned i = 1; i < 16; i++) {
        ASSERT_EQ(add(Rule().dport(0, (uint16_t)(0xffff << i)), false,
                      100 + i), 0u) << i;
    }
    EXPECT_EQ(rd(INIC_CLS_BASE + INIC_CLS_MASKS_USED), 16u);
    EXPECT_EQ(add(Rule().dport(0, 0x0f0f), false, 200),
              (unsigned)INIC_CLS_RES_MASKS_FULL);
    EXPECT_EQ(add(Rule().dport(0, 0x0f0f), true, 200), 0u);
    /* A freed mask makes room for another. */
    cmd(c, INIC_CLS_CMD_VAL(INIC_CLS_OP_DEL, false, 115));
    EXPECT_EQ(add(Rule().dport(0, 0x0f0f), false, 200), 0u);
    EXPECT_EQ(rd(INIC_CLS_BASE + INIC_CLS_REFUSED), 3u);
    EXPECT_EQ(err(INIC_ERR_CLS), 0u);   /* not programming errors */
}

TEST_F(Cls, TablesFull)
{
    /* 1024 masked rules with ADD_ANY, then TABLE_FULL. */
    for (unsigned i = 0; i < INIC_CLS_MASKED_RULES; i++) {
        stage(c, Rule().dport((uint16_t)i, (uint16_t)(0xffff ^ (i & 7)))
                     .act(INIC_CLS_ACT_DROP));
        ASSERT_EQ(cmd(c, INIC_CLS_CMD_VAL(INIC_CLS_OP_ADD_ANY, true, 0)),
                  i << 16);
    }
    EXPECT_EQ(INIC_CLS_RES_CODE(cmd(c, INIC_CLS_CMD_VAL(INIC_CLS_OP_ADD_ANY,
                                                         true, 0))),
              (unsigned)INIC_CLS_RES_TABLE_FULL);
    EXPECT_EQ(rd(INIC_CLS_BASE + INIC_CLS_MASKED_USED), 1024u);
    cmd(c, INIC_CLS_CMD_VAL(INIC_CLS_OP_FLUSH, false, 0));
    EXPECT_EQ(rd(INIC_CLS_BASE + INIC_CLS_MASKED_USED), 0u);

    /* 65536 exact rules (one mask): every one still steers. */
    Rule r = Rule().etype(0x0800).proto(17).dport(0)
                   .act(INIC_CLS_ACT_RING, 3);
    stage(c, r);
    for (uint32_t i = 0; i < INIC_CLS_EXACT_RULES; i++) {
        /* dport i: key register 5 holds bytes 20..23 (sport, dport). */
        wr(INIC_CLS_BASE + INIC_CLS_KEY(5), ((i & 0xff) << 24) |
                                            ((i >> 8) << 16));
        ASSERT_EQ(cmd(c, INIC_CLS_CMD_VAL(INIC_CLS_OP_ADD_ANY, false, 0)),
                  i << 16);
    }
    EXPECT_EQ(INIC_CLS_RES_CODE(cmd(c, INIC_CLS_CMD_VAL(INIC_CLS_OP_ADD_ANY,
                                                         false, 0))),
              (unsigned)INIC_CLS_RES_TABLE_FULL);
    EXPECT_EQ(rd(INIC_CLS_BASE + INIC_CLS_EXACT_USED), 65536u);
    Flow udp;
    udp.proto = 17;
    for (uint16_t p : { 0, 1, 4242, 65535 }) {
        udp.dport = p;
        EXPECT_EQ(where(0, ip_frame(udp, 8)), 3);
        EXPECT_EQ(rule_stat(c, false, p, INIC_CLS_RSTAT_PKTS), 1u);
    }
    cmd(c, INIC_CLS_CMD_VAL(INIC_CLS_OP_DEL, false, 4242));
    udp.dport = 4242;
    EXPECT_EQ(where(0, ip_frame(udp, 8)), 0);
    stage(c, Rule().act(INIC_CLS_ACT_DROP));
    EXPECT_EQ(cmd(c, INIC_CLS_CMD_VAL(INIC_CLS_OP_ADD_ANY, false, 0)),
              4242u << 16);
    EXPECT_EQ(err(INIC_ERR_CLS), 0u);
}

TEST_F(Cls, HostileProgrammingIsRefusedAndCounted)
{
    struct Bad {
        const char *name;
        Rule r;
        uint32_t cmdv;
        unsigned res;
    };
    const uint32_t add0 = INIC_CLS_CMD_VAL(INIC_CLS_OP_ADD, true, 0);
    Rule ok = Rule().proto(6);
    auto with = [&](auto fn) {
        Rule r = ok;
        fn(r);
        return r;
    };
    std::vector<Bad> bad = {
        { "op 0", ok, 0, INIC_CLS_RES_BAD_CMD },
        { "op 15", ok, 15, INIC_CLS_RES_BAD_CMD },
        { "reserved cmd bits", ok, add0 | 0x100, INIC_CLS_RES_BAD_CMD },
        { "clear on add", ok, add0 | INIC_CLS_CMD_CLEAR,
          INIC_CLS_RES_BAD_CMD },
        { "masked index", ok, INIC_CLS_CMD_VAL(INIC_CLS_OP_ADD, true, 1024),
          INIC_CLS_RES_BAD_INDEX },
        { "del index", ok, INIC_CLS_CMD_VAL(INIC_CLS_OP_DEL, true, 5000),
          INIC_CLS_RES_BAD_INDEX },
        { "read index", ok, INIC_CLS_CMD_VAL(INIC_CLS_OP_READ, true, 65535),
          INIC_CLS_RES_BAD_INDEX },
        { "key outside mask", with([](Rule &r) { r.key[40] = 1; }), add0,
          INIC_CLS_RES_BAD_FIELD },
        { "reserved mask", with([](Rule &r) { r.mask[28] = 1; }), add0,
          INIC_CLS_RES_BAD_FIELD },
        { "flags mask", with([](Rule &r) { r.mask[INIC_CLS_K_FLAGS] = 8; }),
          add0, INIC_CLS_RES_BAD_FIELD },
        { "tcp flags mask", with([](Rule &r) {
              r.mask[INIC_CLS_K_TCP_FLAGS] = 0x10; }),
          add0, INIC_CLS_RES_BAD_FIELD },
        { "port", with([](Rule &r) { r.port(2); }), add0,
          INIC_CLS_RES_BAD_FIELD },
        { "partial port mask", with([](Rule &r) { r.u8(0, 0, 0x0f); }), add0,
          INIC_CLS_RES_BAD_FIELD },
        { "origin VF without VFs", with([](Rule &r) { r.origin(2); }), add0,
          INIC_CLS_RES_BAD_FIELD },
        { "prio", with([](Rule &r) { r.prio = 0x10000; }), add0,
          INIC_CLS_RES_BAD_FIELD },
        { "action type", with([](Rule &r) { r.action = 6; }), add0,
          INIC_CLS_RES_BAD_ACTION },
        { "action bits", with([](Rule &r) { r.action = 1u << 11; }), add0,
          INIC_CLS_RES_BAD_ACTION },
        { "pass with arg", with([](Rule &r) { r.arg = 1; }), add0,
          INIC_CLS_RES_BAD_ACTION },
        { "ring", with([](Rule &r) { r.act(INIC_CLS_ACT_RING, 8); }), add0,
          INIC_CLS_RES_BAD_ACTION },
        { "rss context", with([](Rule &r) { r.act(INIC_CLS_ACT_RSS, 8); }),
          add0, INIC_CLS_RES_BAD_ACTION },
        { "vf without VFs", with([](Rule &r) { r.act(INIC_CLS_ACT_VF, 0); }),
          add0, INIC_CLS_RES_BAD_ACTION },
        { "mirror type", with([](Rule &r) {
              r.action = INIC_CLS_ACT_MIRROR; r.mirror = 5; }),
          add0, INIC_CLS_RES_BAD_ACTION },
        { "mirror reserved", with([](Rule &r) {
              r.action = INIC_CLS_ACT_MIRROR; r.mirror = 0x11; }),
          add0, INIC_CLS_RES_BAD_ACTION },
        { "mirror ring", with([](Rule &r) {
              r.action = INIC_CLS_ACT_MIRROR;
              r.mirror = INIC_CLS_MIRROR_VAL(INIC_CLS_MIR_RING, 8); }),
          add0, INIC_CLS_RES_BAD_ACTION },
        { "mirror port", with([](Rule &r) {
              r.action = INIC_CLS_ACT_MIRROR;
              r.mirror = INIC_CLS_MIRROR_VAL(INIC_CLS_MIR_PORT, 2); }),
          add0, INIC_CLS_RES_BAD_ACTION },
        { "mirror vf", with([](Rule &r) {
              r.action = INIC_CLS_ACT_MIRROR;
              r.mirror = INIC_CLS_MIRROR_VAL(INIC_CLS_MIR_VF, 0); }),
          add0, INIC_CLS_RES_BAD_ACTION },
        { "police rate 0", with([](Rule &r) {
              r.action = INIC_CLS_ACT_POLICE; r.burst = 1000; }),
          add0, INIC_CLS_RES_BAD_ACTION },
        { "police rate", with([](Rule &r) {
              r.action = INIC_CLS_ACT_POLICE; r.burst = 1000;
              r.rate = INIC_CLS_POL_RATE_MAX + 1; }),
          add0, INIC_CLS_RES_BAD_ACTION },
        { "police burst", with([](Rule &r) {
              r.action = INIC_CLS_ACT_POLICE; r.rate = 1000;
              r.burst = INIC_CLS_POL_BURST_MAX + 1; }),
          add0, INIC_CLS_RES_BAD_ACTION },
    };
    unsigned n = 0;
    for (auto &b : bad) {
        SCOPED_TRACE(b.name);
        stage(c, b.r);
        uint32_t res = cmd(c, b.cmdv);
        EXPECT_EQ(INIC_CLS_RES_CODE(res), b.res);
        n++;
        EXPECT_EQ(rd(INIC_CLS_BASE + INIC_CLS_REFUSED), n);
        EXPECT_EQ(err(INIC_ERR_CLS), n);
        EXPECT_EQ(rd(INIC_REG_ERR_LAST), (uint32_t)INIC_ERR_CLS);
        EXPECT_EQ(rd(INIC_REG_ERR_INFO), res);
        EXPECT_EQ(rd(INIC_CLS_BASE + INIC_CLS_MASKED_USED), 0u);
    }
    EXPECT_TRUE(rd(INIC_REG_MISC_CAUSE) & INIC_MISC_ERROR);
    /* Not found: refused, not an error. */
    EXPECT_EQ(INIC_CLS_RES_CODE(cmd(c, INIC_CLS_CMD_VAL(INIC_CLS_OP_DEL,
                                                         true, 3))),
              (unsigned)INIC_CLS_RES_NOT_FOUND);
    EXPECT_EQ(err(INIC_ERR_CLS), n);
    EXPECT_EQ(rd(INIC_CLS_BASE + INIC_CLS_REFUSED), n + 1);
    /* Still works. */
    EXPECT_EQ(add(ok.act(INIC_CLS_ACT_RING, 7), true, 3), 0u);
    EXPECT_EQ(where(0, ip_frame(Flow(), 8)), 7);
}

TEST_F(Cls, ResetClearsRules)
{
    ASSERT_EQ(add(Rule().act(INIC_CLS_ACT_DROP)), 0u);
    wr(INIC_CLS_BASE + INIC_CLS_RSS_RETA(0, 0), 0x01010101);
    EXPECT_EQ(where(0, frame(60)), -1);
    wr(INIC_REG_CTRL, INIC_CTRL_RESET);
    EXPECT_EQ(rd(INIC_CLS_BASE + INIC_CLS_MASKED_USED), 0u);
    EXPECT_EQ(rd(INIC_CLS_BASE + INIC_CLS_RSS_RETA(0, 0)), 0u);
    EXPECT_EQ(rd(INIC_CLS_BASE + INIC_CLS_ACTION), 0u);
    EXPECT_EQ(cls_stat(c, INIC_CLS_STAT_DROPS), 1u);   /* counters kept */
    inic_core_reset(c);
    EXPECT_EQ(cls_stat(c, INIC_CLS_STAT_DROPS), 0u);
}

TEST_F(Cls, HeldFramesAreCountedOnce)
{
    /* Ring 2 without buffers: the steered frame waits in the backend. */
    wr(rr(2, true, INIC_RR_CTRL), 0);
    ring(2, true, rxbase(2), 64, 0, 3);
    ASSERT_EQ(add(Rule().act(INIC_CLS_ACT_RING, 2)), 0u);
    auto fr = frame(60);
    EXPECT_EQ(rx(0, fr), 0u);
    EXPECT_EQ(rx(0, fr), 0u);
    EXPECT_EQ(rule_stat(c, true, 0, INIC_CLS_RSTAT_PKTS), 0u);
    EXPECT_TRUE(inic_core_can_receive(c, 0));   /* receive() decides */
    f.core = c;
    f.held[0] = fr;
    wr(rr(2, true, INIC_RR_TAIL), 4);      /* flushes the backend */
    EXPECT_EQ(f.held.count(0), 0u);
    EXPECT_EQ(head(2), 1u);
    EXPECT_EQ(rule_stat(c, true, 0, INIC_CLS_RSTAT_PKTS), 1u);
    f.core = nullptr;
}

TEST_F(Cls, PfTransmitIsClassifiedWithoutVfs)
{
    /* A frame the PF sends: origin PF. Mirror it to RX ring 6. */
    Rule r = Rule().origin(INIC_CLS_ORIGIN_PF).act(INIC_CLS_ACT_PASS)
                   .marked(99);
    r.action |= INIC_CLS_ACT_MIRROR;
    r.mirror = INIC_CLS_MIRROR_VAL(INIC_CLS_MIR_RING, 6);
    ASSERT_EQ(add(r), 0u);
    tx_setup();
    auto fr = frame(60, OTHER);
    tx_frame(0, 0x10000, 0, fr, 0);
    ASSERT_EQ(f.sent.size(), 1u);       /* to the wire as usual */
    EXPECT_EQ(f.sent[0].second, fr);
    EXPECT_EQ(head(6), 1u);
    EXPECT_EQ(get_rxd(rxbase(6), 0).mark, 99u);
    /* Frames from the wire are not origin PF. */
    EXPECT_EQ(where(0, frame(60)), 0);
    /* Drop PF frames to OTHER. */
    ASSERT_EQ(add(Rule().origin(INIC_CLS_ORIGIN_PF)
                      .mac(INIC_CLS_K_DMAC, OTHER).pri(1)
                      .act(INIC_CLS_ACT_DROP), true, 1), 0u);
    tx_frame(0, 0x10000, 1, fr, 0);
    EXPECT_EQ(f.sent.size(), 1u);
    EXPECT_EQ(get_txd(0x10000, 1).status, INIC_TXD_STA_DD);
}

/* ---- With VFs: steering to a VF, the switch path, VF access ---- */

class ClsVf : public CoreVf {
protected:
    unsigned add(const Rule &r, bool masked = true, uint32_t idx = 0)
    {
        return ::add(c, r, masked, idx);
    }
};

TEST_F(ClsVf, VfCannotReachTheClassifier)
{
    vwr(1, INIC_CLS_BASE + INIC_CLS_CMD,
        INIC_CLS_CMD_VAL(INIC_CLS_OP_FLUSH, false, 0));
    EXPECT_EQ(vrd(1, INIC_CLS_BASE + INIC_CLS_EXACT_SIZE), 0u);
    EXPECT_EQ(vrd(1, INIC_REG_ERR_COUNT(INIC_ERR_BAD_REG)), 2u);
    EXPECT_EQ(vrd(1, INIC_REG_CAPS) & INIC_CAP_CLS, 0u);
    EXPECT_EQ(err(INIC_ERR_BAD_REG), 0u);
}

TEST_F(ClsVf, SteerWireFrameToVf)
{
    vf_up(2);
    Rule r = Rule().origin(INIC_CLS_ORIGIN_WIRE).dport(4789)
                   .act(INIC_CLS_ACT_VF, 2).marked(0xabc);
    ASSERT_EQ(add(r), 0u);
    Flow fl;
    fl.proto = 17;
    fl.dport = 4789;
    auto fr = ip_frame(fl, 30);         /* to the PF's MAC */
    rx(0, fr);
    ASSERT_EQ(vf_rx_count(2), 1u);
    EXPECT_EQ(vf_got(2, 0), fr);
    inic_rx_desc d = get_rxd(vbase(2) + 0x1000, 0);
    EXPECT_EQ(d.mark, 0xabcu);
    EXPECT_TRUE(d.status & INIC_RXD_STA_MARK);
    /* A VF that is not enabled: dropped, counted. */
    inic_core_set_num_vfs(c, 2);
    rx(0, fr);
    EXPECT_EQ(cls_stat(c, INIC_CLS_STAT_DEST_DROPS), 1u);
    EXPECT_EQ(rule_stat(c, true, 0, INIC_CLS_RSTAT_PKTS), 2u);
}

TEST_F(ClsVf, SwitchPathRules)
{
    for (unsigned v = 0; v < 4; v++) {
        vf_up(v);
    }
    uint8_t m1[6], m3[6];
    vfmac(1, m1);
    vfmac(3, m3);
    /* VF 0's frames to VF 1 are dropped; VF 2's still get there. */
    ASSERT_EQ(add(Rule().origin(INIC_CLS_ORIGIN_VF(0))
                      .mac(INIC_CLS_K_DMAC, m1).act(INIC_CLS_ACT_DROP)), 0u);
    vf_send(0, vf_from(0, m1));
    EXPECT_EQ(vf_rx_count(1), 0u);
    EXPECT_EQ(vstat(0, INIC_VSTAT_TX_PKTS), 1u);
    vf_send(2, vf_from(2, m1));
    EXPECT_EQ(vf_rx_count(1), 1u);
    /* VF 2's frames to the wire are redirected to VF 3, with a mirror
     * to VF 1. */
    Rule r = Rule().origin(INIC_CLS_ORIGIN_VF(2)).act(INIC_CLS_ACT_VF, 3);
    r.action |= INIC_CLS_ACT_MIRROR;
    r.mirror = INIC_CLS_MIRROR_VAL(INIC_CLS_MIR_VF, 1);
    ASSERT_EQ(add(r, true, 1), 0u);
    f.sent.clear();
    vf_send(2, vf_from(2, OTHER));
    EXPECT_TRUE(f.sent.empty());
    EXPECT_EQ(vf_rx_count(3), 1u);
    EXPECT_EQ(vf_got(3, 0), vf_from(2, OTHER));
    EXPECT_EQ(vf_rx_count(1), 2u);
    EXPECT_EQ(vstat(2, INIC_VSTAT_TX_LOCAL), 2u);
    /* Redirect to itself: dropped and counted. */
    ASSERT_EQ(add(Rule().origin(INIC_CLS_ORIGIN_VF(3)).act(INIC_CLS_ACT_VF, 3),
                  true, 2), 0u);
    vf_send(3, vf_from(3, OTHER));
    EXPECT_EQ(vf_rx_count(3), 1u);
    EXPECT_EQ(cls_stat(c, INIC_CLS_STAT_DEST_DROPS), 1u);
    /* VF 1's frames to the wire go to PF ring 5 instead. */
    wr(INIC_PORT_BASE(0) + INIC_PORT_CTRL,
       INIC_PORT_CTRL_RX_EN | INIC_PORT_CTRL_PROMISC);
    ring(5, true, 0x800000, 16, 0, 6);
    for (unsigned i = 0; i < 15; i++) {
        rxd(0x800000, i, 0x810000 + 0x800 * i, 2048);
    }
    wr(rr(5, true, INIC_RR_TAIL), 15);
    ASSERT_EQ(add(Rule().origin(INIC_CLS_ORIGIN_VF(1))
                      .act(INIC_CLS_ACT_RING, 5), true, 3), 0u);
    vf_send(1, vf_from(1, OTHER));
    EXPECT_TRUE(f.sent.empty());
    EXPECT_EQ(rd(rr(5, true, INIC_RR_HEAD)), 1u);
    /* Rules on VFs that exist. */
    EXPECT_EQ(add(Rule().origin(INIC_CLS_ORIGIN_VF(4)), true, 9),
              (unsigned)INIC_CLS_RES_BAD_FIELD);
    EXPECT_EQ(add(Rule().act(INIC_CLS_ACT_VF, 4), true, 9),
              (unsigned)INIC_CLS_RES_BAD_ACTION);
}

/* ---- Randomised differential tests against a linear matcher ---- */

namespace {

struct RefRule {
    inic::ClsKey key, mask;
    uint32_t prio;
    bool masked;
    uint32_t idx;
    bool live;
};

/* Plain linear search with the documented order. */
const RefRule *ref_lookup(const std::vector<RefRule> &rules,
                          const inic::ClsKey &k)
{
    const RefRule *best = nullptr;
    for (const auto &r : rules) {
        if (!r.live) {
            continue;
        }
        bool match = true;
        for (unsigned i = 0; i < 8 && match; i++) {
            match = (k.w[i] & r.mask.w[i]) == r.key.w[i];
        }
        if (!match) {
            continue;
        }
        if (!best || r.prio > best->prio ||
            (r.prio == best->prio && !r.masked && best->masked) ||
            (r.prio == best->prio && r.masked == best->masked &&
             r.idx < best->idx)) {
            best = &r;
        }
    }
    return best;
}

}  // namespace

TEST(ClsTables, DifferentialAgainstLinearMatcher)
{
    std::mt19937_64 rng(20261201);
    inic::Cls t;
    std::vector<RefRule> ref;
    /* A few mask shapes, as rules have in practice, plus random ones. */
    std::vector<inic::ClsKey> shapes;
    for (unsigned s = 0; s < 24; s++) {
        inic::ClsKey m;
        uint8_t *b = m.bytes();
        for (unsigned i = 0; i < INIC_CLS_KEY_SIZE; i++) {
            /* Few bytes masked, some partially. */
            unsigned x = (unsigned)(rng() % 16);
            b[i] = x < 12 ? 0 : x < 14 ? 0xff : (uint8_t)rng();
        }
        shapes.push_back(m);
    }
    auto rand_key = [&](const inic::ClsKey &m) {
        inic::ClsKey k;
        for (unsigned i = 0; i < 8; i++) {
            /* Small alphabet: many rules collide on values. */
            uint64_t v = rng() & 0x0303030303030303ull;
            k.w[i] = v & m.w[i];
        }
        return k;
    };
    unsigned checked = 0, hits = 0;
    for (unsigned round = 0; round < 60; round++) {
        /* Add and delete rules. */
        for (unsigned n = 0; n < 100; n++) {
            bool masked = rng() & 1;
            uint32_t idx = (uint32_t)(rng() % (masked ? 256 : 512));
            if (rng() % 4 == 0) {
                if (t.del(masked ? inic::Cls::Masked : inic::Cls::Exact,
                          idx) == INIC_CLS_RES_OK) {
                    for (auto &r : ref) {
                        if (r.live && r.masked == masked && r.idx == idx) {
                            r.live = false;
                        }
                    }
                }
                continue;
            }
            const inic::ClsKey &m =
                shapes[rng() % (masked ? shapes.size() : 16)];
            inic::ClsKey k = rand_key(m);
            uint32_t prio = (uint32_t)(rng() % 8);
            unsigned res = t.add(masked ? inic::Cls::Masked
                                        : inic::Cls::Exact,
                                 idx, k, m, prio, inic::ClsAction());
            if (res == INIC_CLS_RES_OK) {
                ref.push_back({ k, m, prio, masked, idx, true });
            } else {
                ASSERT_EQ(res, (unsigned)INIC_CLS_RES_EXISTS);
            }
        }
        /* Frames: random, and near live rules. */
        for (unsigned n = 0; n < 5000; n++) {
            inic::ClsKey k;
            if (n % 2 && !ref.empty()) {
                const RefRule &r = ref[rng() % ref.size()];
                inic::ClsKey noise = rand_key(shapes[rng() % shapes.size()]);
                for (unsigned i = 0; i < 8; i++) {
                    k.w[i] = r.key.w[i] | (noise.w[i] & ~r.mask.w[i]);
                }
                if (rng() % 8 == 0) {
                    k.w[rng() % 8] ^= 1ull << (rng() % 64);
                }
            } else {
                k = rand_key(shapes[rng() % shapes.size()]);
            }
            const RefRule *want = ref_lookup(ref, k);
            const inic::ClsRule *got = t.lookup(k);
            ASSERT_EQ(got != nullptr, want != nullptr) << round << " " << n;
            if (got) {
                ASSERT_EQ(got->masked, want->masked);
                ASSERT_EQ(got->index, want->idx);
                hits++;
            }
            checked++;
        }
        ref.erase(std::remove_if(ref.begin(), ref.end(),
                                 [](const RefRule &r) { return !r.live; }),
                  ref.end());
        ASSERT_EQ(t.used(inic::Cls::Exact) + t.used(inic::Cls::Masked),
                  ref.size());
    }
    EXPECT_EQ(checked, 300000u);
    EXPECT_GT(hits, checked / 4);
}

/*
 * End to end: random rules through the registers, random frames through
 * receive(); every rule marks with its own id, so the RXD says which rule
 * won. The expected winner comes from the linear matcher over keys the
 * test builds from the fields it put in the frame.
 */
TEST_F(Cls, DifferentialFramesThroughTheDevice)
{
    std::mt19937 rng(7);
    struct Fields {
        uint8_t port, proto, tos;
        int vid;            /* -1: untagged */
        uint8_t pcp;
        bool v6;
        uint8_t sip[16], dip[16];
        uint16_t sport, dport;
        uint8_t smac5;
    };
    auto rand_fields = [&]() {
        Fields x = {};
        x.port = (uint8_t)(rng() % 2);
        x.proto = (rng() % 2) ? 6 : 17;
        x.tos = (uint8_t)((rng() % 4) << 2);
        x.vid = (rng() % 3) ? -1 : (int)(rng() % 3 + 1);
        x.pcp = (uint8_t)(rng() % 2);
        x.v6 = rng() % 4 == 0;
        for (unsigned i = 0; i < 16; i++) {
            x.sip[i] = (uint8_t)(i < 2 ? 10 : rng() % 3);
            x.dip[i] = (uint8_t)(i < 2 ? 20 : rng() % 3);
        }
        x.sport = (uint16_t)(rng() % 4 + 1000);
        x.dport = (uint16_t)(rng() % 4 + 80);
        x.smac5 = (uint8_t)(rng() % 3);
        return x;
    };
    /* The frame of x, and the key image the ABI says it has. */
    auto build = [&](const Fields &x, inic::ClsKey *k) {
        Flow fl;
        fl.ver = x.v6 ? 6 : 4;
        fl.proto = x.proto;
        memcpy(fl.src, x.sip, 16);
        memcpy(fl.dst, x.dip, 16);
        fl.sport = x.sport;
        fl.dport = x.dport;
        uint8_t dmac[6];
        memcpy(dmac, MAC0, 6);
        dmac[5] += x.port;
        auto fr = ip_frame(fl, 16, dmac, x.vid < 0 ? 14 : 18);
        fr[11] = x.smac5;
        size_t l3 = x.vid < 0 ? 14 : 18;
        if (x.vid >= 0) {
            fr[14] = (uint8_t)(x.pcp << 5);
            fr[15] = (uint8_t)x.vid;
        }
        if (x.v6) {
            fr[l3] = (uint8_t)(0x60 | (x.tos >> 4));
            fr[l3 + 1] = (uint8_t)(x.tos << 4);
        } else {
            fr[l3 + 1] = x.tos;     /* the IP checksum does not matter */
        }
        *k = inic::ClsKey();
        uint8_t *b = k->bytes();
        b[INIC_CLS_K_PORT] = x.port;
        b[INIC_CLS_K_ORIGIN] = INIC_CLS_ORIGIN_WIRE;
        if (x.vid >= 0) {
            b[INIC_CLS_K_VLAN] = (uint8_t)(x.pcp << 5);
            b[INIC_CLS_K_VLAN + 1] = (uint8_t)x.vid;
            b[INIC_CLS_K_FLAGS] |= INIC_CLS_F_VLAN;
        }
        b[INIC_CLS_K_ETYPE] = x.v6 ? 0x86 : 0x08;
        b[INIC_CLS_K_ETYPE + 1] = x.v6 ? 0xdd : 0x00;
        b[INIC_CLS_K_PROTO] = x.proto;
        b[INIC_CLS_K_TOS] = x.tos;
        memcpy(b + INIC_CLS_K_DMAC, dmac, 6);
        memcpy(b + INIC_CLS_K_SMAC, fr.data() + 6, 6);
        b[INIC_CLS_K_SPORT] = (uint8_t)(x.sport >> 8);
        b[INIC_CLS_K_SPORT + 1] = (uint8_t)x.sport;
        b[INIC_CLS_K_DPORT] = (uint8_t)(x.dport >> 8);
        b[INIC_CLS_K_DPORT + 1] = (uint8_t)x.dport;
        b[INIC_CLS_K_FLAGS] |= INIC_CLS_F_L4;
        if (x.proto == 6) {
            b[INIC_CLS_K_TCP_FLAGS + 1] = 0x18;     /* ACK | PSH */
        }
        memcpy(b + INIC_CLS_K_SIP, x.sip, x.v6 ? 16 : 4);
        memcpy(b + INIC_CLS_K_DIP, x.dip, x.v6 ? 16 : 4);
        return fr;
    };
    /* Rules: the key of a random frame under a random subset of fields. */
    std::vector<RefRule> ref;
    unsigned id = 0;
    for (unsigned n = 0; n < 800; n++) {
        Fields x = rand_fields();
        inic::ClsKey fk, m;
        build(x, &fk);
        uint8_t *mb = m.bytes();
        struct { unsigned off, len; } fields[] = {
            { INIC_CLS_K_PORT, 1 }, { INIC_CLS_K_VLAN, 2 },
            { INIC_CLS_K_ETYPE, 2 }, { INIC_CLS_K_PROTO, 1 },
            { INIC_CLS_K_TOS, 1 }, { INIC_CLS_K_SMAC + 5, 1 },
            { INIC_CLS_K_SPORT, 2 }, { INIC_CLS_K_DPORT, 2 },
            { INIC_CLS_K_FLAGS, 1 }, { INIC_CLS_K_SIP, 16 },
            { INIC_CLS_K_DIP, 16 },
        };
        for (auto &fd : fields) {
            if (rng() % 3 == 0) {
                for (unsigned i = 0; i < fd.len; i++) {
                    mb[fd.off + i] = 0xff;
                }
            }
        }
        if (rng() % 3 == 0) {       /* a prefix on the destination */
            unsigned bits = rng() % 129;
            for (unsigned i = 0; i < 16; i++) {
                unsigned b = bits > 8 * i ? std::min(8u, bits - 8 * i) : 0;
                mb[INIC_CLS_K_DIP + i] = (uint8_t)(0xff00 >> b);
            }
        }
        mb[INIC_CLS_K_FLAGS] &= INIC_CLS_F_ALL;
        bool masked = rng() % 2;
        uint32_t idx = masked ? (uint32_t)(rng() % 1024)
                              : (uint32_t)(rng() % 65536);
        Rule r;
        for (unsigned i = 0; i < INIC_CLS_KEY_SIZE; i++) {
            r.mask[i] = mb[i];
            r.key[i] = fk.bytes()[i] & mb[i];
        }
        r.prio = rng() % 4;
        r.act(INIC_CLS_ACT_PASS).marked(masked ? 0x80000000u | idx : idx);
        unsigned res = ::add(c, r, masked, idx);
        if (res == INIC_CLS_RES_OK) {
            ref.push_back({ fk.masked(m), m, r.prio, masked, idx, true });
            id++;
        } else {
            ASSERT_TRUE(res == INIC_CLS_RES_EXISTS ||
                        res == INIC_CLS_RES_MASKS_FULL) << res;
        }
    }
    ASSERT_GT(id, 300u);    /* the rest: EXISTS or MASKS_FULL */
    /* The default rings receive everything (promiscuous, both ports). */
    port_ctrl(0, INIC_PORT_CTRL_PROMISC);
    port_ctrl(1, INIC_PORT_CTRL_PROMISC);
    unsigned hits = 0;
    for (unsigned n = 0; n < 20000; n++) {
        Fields x = rand_fields();
        inic::ClsKey k;
        auto fr = build(x, &k);
        const RefRule *want = ref_lookup(ref, k);
        inic_rx_desc d;
        int q = where(x.port, fr, &d);
        ASSERT_EQ(q, x.port * 4);
        ASSERT_EQ((bool)(d.status & INIC_RXD_STA_MARK), want != nullptr)
            << n;
        if (want) {
            ASSERT_EQ(d.mark, want->masked ? 0x80000000u | want->idx
                                           : want->idx) << n;
            hits++;
        }
    }
    EXPECT_GT(hits, 2000u);
}

/*
 * Not a pass/fail test (timing): the receive cost with 0 rules, 65,536
 * exact rules on one mask (and 1 for comparison), 1,024 masked rules on
 * 8 masks, and the worst
 * case, 1,024 masked rules on 1,024 distinct masks. Run with
 * --gtest_also_run_disabled_tests --gtest_filter='*RuleScale*'.
 */
TEST_F(Cls, DISABLED_RuleScaleTiming)
{
    Flow udp;
    udp.proto = 17;
    udp.dport = 9;
    const auto fr = ip_frame(udp, 18);      /* 64 bytes */
    auto run = [&](const char *what) {
        const unsigned n = 200000;
        auto t0 = std::chrono::steady_clock::now();
        for (unsigned i = 0; i < n; i++) {
            rx(0, fr);
            if (i % 8 == 7) {
                wr(rr(0, true, INIC_RR_TAIL), (head(0) + 15) % 64);
            }
        }
        double s = std::chrono::duration<double>(
            std::chrono::steady_clock::now() - t0).count();
        printf("%-28s %8.0f frames/s\n", what, n / s);
    };
    run("no rules");
    Rule r = Rule().etype(0x0800).proto(17).dport(0).act(INIC_CLS_ACT_DROP);
    add(r, false, 0);
    run("1 exact rule (a miss)");
    stage(c, r);
    for (uint32_t i = 0; i < INIC_CLS_EXACT_RULES; i++) {
        wr(INIC_CLS_BASE + INIC_CLS_KEY(5),
           ((i & 0xff) << 24) | ((i >> 8) << 16));
        cmd(c, INIC_CLS_CMD_VAL(INIC_CLS_OP_ADD, false, i));
    }
    cmd(c, INIC_CLS_CMD_VAL(INIC_CLS_OP_DEL, false, 9));   /* a miss */
    run("65535 exact, 1 mask");
    cmd(c, INIC_CLS_CMD_VAL(INIC_CLS_OP_FLUSH, false, 0));
    for (uint32_t i = 0; i < INIC_CLS_MASKED_RULES; i++) {
        add(Rule().dport((uint16_t)(i + 100), (uint16_t)(0xffff ^ (i & 7)))
                .act(INIC_CLS_ACT_DROP), true, i);
    }
    run("1024 masked, 8 masks");
    cmd(c, INIC_CLS_CMD_VAL(INIC_CLS_OP_FLUSH, false, 0));
    for (uint32_t i = 0; i < INIC_CLS_MASKED_RULES; i++) {
        Rule m = Rule().be16(INIC_CLS_K_SPORT, 0, (uint16_t)(i + 1))
                       .act(INIC_CLS_ACT_DROP);
        m.key[INIC_CLS_K_PROTO] = 6;
        m.mask[INIC_CLS_K_PROTO] = 0xff;
        add(m, true, i);
    }
    run("1024 masked, 1024 masks");
}
