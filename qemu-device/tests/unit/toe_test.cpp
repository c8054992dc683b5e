// SPDX-License-Identifier: GPL-2.0-or-later
//
// Unit tests of the TOE connection handoff engine (ABI 1.7, inic_toe.cpp):
// the register block and its refusals; SipHash against its published
// vectors; a SYN to a listener answered with a SYN-ACK carrying a cookie
// (checked field by field, checksums included) and the returning ACK
// delivered with STA_TOE and the negotiated parameters; off-by-one, wrong
// tuple, forged option bits, stale counter and replay after the window;
// option encoding (no timestamps, MSS table, ECN, options the device may
// not grant); IPv6 and VLAN; the SYNs that go to the host unchanged; the
// bounded SYN-ACK queue; and a fuzzed stream of TCP frames.
#include "fake_host.h"

#include <random>

#include "inic_core.h"

namespace {

constexpr uint64_t T = INIC_TOE_BASE;
constexpr uint32_t CTRL_ALL = INIC_TOE_CTRL_ALL;
constexpr uint64_t PERIOD_NS = 60000ull * 1000000;
constexpr uint16_t LPORT = 8080;
constexpr uint8_t CLIENT_MAC[6] = { 0x02, 0, 0, 0, 0, 0x09 };

/* A TCP segment to build. */
struct Seg {
    Flow fl;
    uint8_t flags = 0x02;
    uint32_t seq = 0x11223344, ack = 0;
    std::vector<uint8_t> opt;   /* padded to 4 bytes by the builder */
    size_t payload = 0;
    bool vlan = false;
};

/* Linux-like SYN options; ws < 0: none. */
std::vector<uint8_t> syn_opts(int mss, int ws, bool sack, bool ts,
                              uint32_t tsval = 0x01020304)
{
    std::vector<uint8_t> o;
    if (mss >= 0) {
        o.insert(o.end(), { 2, 4, (uint8_t)(mss >> 8), (uint8_t)mss });
    }
    if (sack && ts) {
        o.insert(o.end(), { 4, 2 });
    } else if (ts) {
        o.insert(o.end(), { 1, 1 });
    } else if (sack) {
        o.insert(o.end(), { 1, 1, 4, 2 });
    }
    if (ts) {
        o.insert(o.end(), { 8, 10, (uint8_t)(tsval >> 24),
                            (uint8_t)(tsval >> 16), (uint8_t)(tsval >> 8),
                            (uint8_t)tsval, 0, 0, 0, 0 });
    }
    if (ws >= 0) {
        o.insert(o.end(), { 1, 3, 3, (uint8_t)ws });
    }
    return o;
}

std::vector<uint8_t> ts_opt(uint32_t tsval, uint32_t tsecr)
{
    return { 1, 1, 8, 10, (uint8_t)(tsval >> 24), (uint8_t)(tsval >> 16),
             (uint8_t)(tsval >> 8), (uint8_t)tsval, (uint8_t)(tsecr >> 24),
             (uint8_t)(tsecr >> 16), (uint8_t)(tsecr >> 8), (uint8_t)tsecr };
}

std::vector<uint8_t> tcp_frame(const Seg &s, const uint8_t *dmac = MAC0)
{
    std::vector<uint8_t> opt = s.opt;
    while (opt.size() % 4) {
        opt.push_back(0);
    }
    const size_t l2 = s.vlan ? 18 : 14, l3 = l2;
    const size_t l4 = l3 + l3_hlen(s.fl.ver);
    const size_t l4len = 20 + opt.size() + s.payload;
    std::vector<uint8_t> fr(l4 + l4len);
    memcpy(&fr[0], dmac, 6);
    memcpy(&fr[6], CLIENT_MAC, 6);
    if (s.vlan) {
        fr[12] = 0x81;
        fr[14] = 0x20;
        fr[15] = 0x05;
    }
    fr[l2 - 2] = s.fl.ver == 4 ? 0x08 : 0x86;
    fr[l2 - 1] = s.fl.ver == 4 ? 0x00 : 0xdd;
    if (s.fl.ver == 4) {
        fr[l3] = 0x45;
        fr[l3 + 2] = (uint8_t)((20 + l4len) >> 8);
        fr[l3 + 3] = (uint8_t)(20 + l4len);
        fr[l3 + 6] = 0x40;
        fr[l3 + 8] = 64;
        fr[l3 + 9] = 6;
        memcpy(&fr[l3 + 12], s.fl.src, 4);
        memcpy(&fr[l3 + 16], s.fl.dst, 4);
        uint16_t c = (uint16_t)~ref_sum(&fr[l3], 20);
        fr[l3 + 10] = (uint8_t)(c >> 8);
        fr[l3 + 11] = (uint8_t)c;
    } else {
        fr[l3] = 0x60;
        fr[l3 + 4] = (uint8_t)(l4len >> 8);
        fr[l3 + 5] = (uint8_t)l4len;
        fr[l3 + 6] = 6;
        fr[l3 + 7] = 64;
        memcpy(&fr[l3 + 8], s.fl.src, 16);
        memcpy(&fr[l3 + 24], s.fl.dst, 16);
    }
    uint8_t *t = &fr[l4];
    inic::put_be16(t, s.fl.sport);
    inic::put_be16(t + 2, s.fl.dport);
    inic::put_be32(t + 4, s.seq);
    inic::put_be32(t + 8, s.ack);
    t[12] = (uint8_t)(((20 + opt.size()) / 4) << 4);
    t[13] = s.flags;
    inic::put_be16(t + 14, 64240);
    if (!opt.empty()) {
        memcpy(t + 20, opt.data(), opt.size());
    }
    for (size_t i = 0; i < s.payload; i++) {
        t[20 + opt.size() + i] = (uint8_t)(i * 5 + 1);
    }
    uint16_t c = (uint16_t)~ref_sum(t, l4len,
                                    pseudo_sum(fr, l3, (uint32_t)l4len));
    t[16] = (uint8_t)(c >> 8);
    t[17] = (uint8_t)c;
    return fr;
}

/* What the test reads back out of a SYN-ACK (its own parser). */
struct SynAck {
    size_t l3 = 0, l4 = 0;
    uint32_t seq = 0, ack = 0;
    uint8_t flags = 0;
    uint16_t win = 0;
    int mss = -1, ws = -1;
    bool sack = false, ts = false;
    uint32_t tsval = 0, tsecr = 0;
};

SynAck parse_synack(const std::vector<uint8_t> &fr)
{
    SynAck a;
    a.l3 = fr[12] == 0x81 ? 18 : 14;
    a.l4 = a.l3 + ((fr[a.l3] >> 4) == 4 ? 20 : 40);
    const uint8_t *t = &fr[a.l4];
    a.seq = inic::be32(t + 4);
    a.ack = inic::be32(t + 8);
    a.flags = t[13];
    a.win = inic::be16(t + 14);
    const size_t hl = (t[12] >> 4) * 4;
    EXPECT_EQ(fr.size(), a.l4 + hl) << "a SYN-ACK carries no payload";
    for (size_t i = 20; i < hl;) {
        if (t[i] == 0) {
            break;
        }
        if (t[i] == 1) {
            i++;
            continue;
        }
        const uint8_t k = t[i], l = t[i + 1];
        EXPECT_GE(l, 2);
        EXPECT_LE(i + l, hl);
        if (l < 2 || i + l > hl) {
            break;
        }
        if (k == 2) {
            a.mss = inic::be16(t + i + 2);
        } else if (k == 3) {
            a.ws = t[i + 2];
        } else if (k == 4) {
            a.sack = true;
        } else if (k == 8) {
            a.ts = true;
            a.tsval = inic::be32(t + i + 2);
            a.tsecr = inic::be32(t + i + 6);
        }
        i += l;
    }
    return a;
}

class Toe : public Core11 {
protected:
    void SetUp() override
    {
        Core11::SetUp();
        f.now = 7 * PERIOD_NS + 12345;
        port_ctrl(0, INIC_PORT_CTRL_RX_EN | INIC_PORT_CTRL_TX_EN);
        port_ctrl(1, INIC_PORT_CTRL_RX_EN | INIC_PORT_CTRL_TX_EN);
        rx_ring_up(0, 0, 63);
        for (unsigned i = 0; i < 4; i++) {
            wr(T + INIC_TOE_SECRET(i), 0x9e3779b9u * (i + 1));
        }
        wr(T + INIC_TOE_CTRL, CTRL_ALL);
        listener(0, Flow().dst, 4, 0, LPORT);
    }
    void listener(unsigned i, const uint8_t *addr, int ver, unsigned port,
                  uint16_t tcp, uint32_t flags = INIC_TOE_LSN_ENABLE)
    {
        for (unsigned k = 0; k < 4; k++) {
            uint32_t v = 0;
            if (addr && (ver == 6 || k == 0)) {
                memcpy(&v, addr + 4 * k, 4);
            }
            wr(T + INIC_TOE_LSN(i) + INIC_TOE_LSN_ADDR(k), v);
        }
        wr(T + INIC_TOE_LSN(i) + INIC_TOE_LSN_CTRL,
           INIC_TOE_LSN_VAL(tcp, port, flags |
                            (ver == 6 ? INIC_TOE_LSN_IPV6 : 0)));
        ASSERT_EQ(rd(T + INIC_TOE_LSN(i) + INIC_TOE_LSN_CTRL),
                  INIC_TOE_LSN_VAL(tcp, port, flags |
                                   (ver == 6 ? INIC_TOE_LSN_IPV6 : 0)));
    }
    uint64_t stat(unsigned s, unsigned p = 0)
    {
        return rd64(INIC_TOE_STAT(p, s));
    }
    Seg syn(int mss = 1460, int ws = 7, bool sack = true, bool ts = true)
    {
        Seg s;
        s.fl.dport = LPORT;
        s.opt = syn_opts(mss, ws, sack, ts);
        return s;
    }
    /* Frames delivered to the PF's ring 0 so far. */
    unsigned delivered() { return head(0); }
    /* s to port 0; the SYN-ACK it got (exactly one frame sent). */
    std::vector<uint8_t> answer(const Seg &s, unsigned port = 0)
    {
        f.sent.clear();
        const unsigned before = delivered();
        EXPECT_EQ(rx(port, tcp_frame(s)), tcp_frame(s).size());
        EXPECT_EQ(delivered(), before) << "the SYN reached the host";
        inic_core_run_tx(c);
        EXPECT_EQ(f.sent.size(), 1u);
        if (f.sent.size() != 1) {
            return {};
        }
        EXPECT_EQ(f.sent[0].first, port);
        return f.sent[0].second;
    }
    /* The ACK that completes s's handshake with SYN-ACK a. */
    Seg ack_for(const Seg &s, const SynAck &a)
    {
        Seg k = s;
        k.flags = 0x10;
        k.seq = s.seq + 1;
        k.ack = a.seq + 1;
        k.opt = a.ts ? ts_opt(0x01020305, a.tsval) : std::vector<uint8_t>{};
        return k;
    }
    /* Deliver k; its RX descriptor if it reached ring 0. */
    bool deliver(const Seg &k, inic_rx_desc *d)
    {
        const unsigned before = delivered();
        auto fr = tcp_frame(k);
        EXPECT_EQ(rx(0, fr), fr.size());
        if (delivered() == before) {
            return false;
        }
        EXPECT_EQ(delivered(), before + 1);
        *d = get_rxd(rxbase(0), before);
        EXPECT_EQ(d->len, fr.size());
        EXPECT_EQ(0, memcmp(&f.ram[rxbuf(0, before)], fr.data(), fr.size()))
            << "the ACK reaches the host unchanged";
        return true;
    }
};

TEST(ToeHash, SipHashVectors)
{
    /* The reference vectors: key 00..0f, messages 00, 00 01, ... */
    const uint32_t key[4] = { 0x03020100, 0x07060504, 0x0b0a0908,
                              0x0f0e0d0c };
    uint8_t m[16];
    for (unsigned i = 0; i < 16; i++) {
        m[i] = (uint8_t)i;
    }
    EXPECT_EQ(inic::siphash24(key, m, 0), 0x726fdb47dd0e0e31ull);
    EXPECT_EQ(inic::siphash24(key, m, 1), 0x74f839c593dc67fdull);
    EXPECT_EQ(inic::siphash24(key, m, 8), 0x93f5f5799a932462ull);
    EXPECT_EQ(inic::siphash24(key, m, 15), 0xa129ca6149be45e5ull);
}

TEST_F(Toe, Registers)
{
    EXPECT_TRUE(rd(INIC_REG_CAPS) & INIC_CAP_TOE);
    EXPECT_GE(rd(INIC_REG_VERSION), (1u << 16) | 7);  /* TOE: since 1.7 */
    EXPECT_EQ(rd(T + INIC_TOE_NUM_LISTENERS), (uint32_t)INIC_TOE_LISTENERS);
    EXPECT_EQ(rd(T + INIC_TOE_WSCALE), INIC_TOE_WSCALE_DEFAULT);
    EXPECT_EQ(rd(T + INIC_TOE_WINDOW), INIC_TOE_WINDOW_DEFAULT);
    EXPECT_EQ(rd(T + INIC_TOE_PERIOD), INIC_TOE_PERIOD_DEFAULT);
    EXPECT_EQ(rd(T + INIC_TOE_TIME), 7u);
    f.now += PERIOD_NS;
    EXPECT_EQ(rd(T + INIC_TOE_TIME), 8u);
    for (unsigned i = 0; i < 4; i++) {
        EXPECT_EQ(rd(T + INIC_TOE_SECRET(i)), 0u) << "the secret is write-only";
    }

    /* Refusals: counted, nothing changes. */
    const uint64_t l1 = T + INIC_TOE_LSN(1) + INIC_TOE_LSN_CTRL;
    const uint32_t bad[][2] = {
        { INIC_TOE_CTRL, 0x20 },
        { INIC_TOE_WSCALE, 15 },
        { INIC_TOE_WINDOW, 0 },
        { INIC_TOE_WINDOW, 0x10000 },
        { INIC_TOE_PERIOD, 0 },
        { INIC_TOE_PERIOD, INIC_TOE_PERIOD_MAX + 1 },
        { INIC_TOE_LSN(1) + INIC_TOE_LSN_CTRL,
          INIC_TOE_LSN_VAL(0, 0, INIC_TOE_LSN_ENABLE) },        /* port 0 */
        { INIC_TOE_LSN(1) + INIC_TOE_LSN_CTRL,
          INIC_TOE_LSN_VAL(80, 2, INIC_TOE_LSN_ENABLE) },       /* no port 2 */
        { INIC_TOE_LSN(1) + INIC_TOE_LSN_CTRL, 1u << 31 },      /* reserved */
    };
    unsigned n = 0;
    for (const auto &b : bad) {
        wr(T + b[0], b[1]);
        EXPECT_EQ(rd(T + INIC_TOE_REFUSED), ++n) << std::hex << b[0];
    }
    EXPECT_EQ(rd(T + INIC_TOE_CTRL), CTRL_ALL);
    EXPECT_EQ(rd(T + INIC_TOE_WSCALE), INIC_TOE_WSCALE_DEFAULT);
    EXPECT_EQ(rd(T + INIC_TOE_WINDOW), INIC_TOE_WINDOW_DEFAULT);
    EXPECT_EQ(rd(T + INIC_TOE_PERIOD), INIC_TOE_PERIOD_DEFAULT);
    EXPECT_EQ(rd(l1), 0u);
    EXPECT_EQ(err(INIC_ERR_BAD_VALUE), n);
    /* Read-only registers ignore writes; holes are BAD_REG. */
    wr(T + INIC_TOE_NUM_LISTENERS, 3);
    EXPECT_EQ(rd(T + INIC_TOE_NUM_LISTENERS), (uint32_t)INIC_TOE_LISTENERS);
    const uint32_t bad_reg = err(INIC_ERR_BAD_REG);
    rd(T + 0x40);
    rd(T + INIC_TOE_LSN(0) + 0x14);
    EXPECT_EQ(err(INIC_ERR_BAD_REG), bad_reg + 2);
    /* A disabled entry may hold anything in range; 16 entries. */
    wr(l1, INIC_TOE_LSN_VAL(0, 1, 0));
    EXPECT_EQ(rd(l1), INIC_TOE_LSN_VAL(0, 1, 0));

    /* A function reset forgets the configuration and the listeners. */
    wr(INIC_REG_CTRL, INIC_CTRL_RESET);
    EXPECT_EQ(rd(T + INIC_TOE_CTRL), 0u);
    EXPECT_EQ(rd(T + INIC_TOE_LSN(0) + INIC_TOE_LSN_CTRL), 0u);
}

TEST_F(Toe, HandshakeIpv4)
{
    Seg s = syn();
    auto fr = answer(s);
    ASSERT_FALSE(fr.empty());
    EXPECT_EQ(stat(INIC_TOE_STAT_SYN_ANSWERED), 1u);
    EXPECT_EQ(0, memcmp(&fr[0], CLIENT_MAC, 6));
    EXPECT_EQ(0, memcmp(&fr[6], MAC0, 6));
    EXPECT_TRUE(l4_ok(fr)) << "IPv4 header and TCP checksums";
    EXPECT_EQ(0, memcmp(&fr[14 + 12], s.fl.dst, 4));
    EXPECT_EQ(0, memcmp(&fr[14 + 16], s.fl.src, 4));
    EXPECT_EQ(fr[14 + 8], 64);
    SynAck a = parse_synack(fr);
    EXPECT_EQ(inic::be16(&fr[a.l4]), LPORT);
    EXPECT_EQ(inic::be16(&fr[a.l4 + 2]), s.fl.sport);
    EXPECT_EQ(a.flags, 0x12);
    EXPECT_EQ(a.ack, s.seq + 1);
    EXPECT_EQ(a.win, INIC_TOE_WINDOW_DEFAULT);
    EXPECT_EQ(a.mss, 1460);
    EXPECT_EQ(a.ws, (int)INIC_TOE_WSCALE_DEFAULT);
    EXPECT_TRUE(a.sack);
    ASSERT_TRUE(a.ts);
    EXPECT_EQ(a.tsecr, 0x01020304u);
    EXPECT_EQ(a.tsval & 0x3f, 7u | 0x10u) << "client's ws 7, SACK";
    EXPECT_LE(a.tsval, (uint32_t)(f.now / 1000000)) << "not ahead of the clock";
    EXPECT_EQ(a.seq >> 30, 7u & 3) << "time counter bits";
    EXPECT_EQ((a.seq >> 28) & 3, 3u) << "MSS index of 1460";

    inic_rx_desc d;
    ASSERT_TRUE(deliver(ack_for(s, a), &d));
    EXPECT_TRUE(d.status & INIC_RXD_STA_TOE);
    EXPECT_EQ(d.toe_mss, 1460);
    EXPECT_EQ(d.toe_flags, INIC_RXD_TOE_WSCALE | INIC_RXD_TOE_SACK |
                               INIC_RXD_TOE_TS);
    EXPECT_EQ(INIC_RXD_TOE_SND_WSCALE(d.toe_wscale), 7);
    EXPECT_EQ(INIC_RXD_TOE_RCV_WSCALE(d.toe_wscale), INIC_TOE_WSCALE_DEFAULT);
    EXPECT_EQ(stat(INIC_TOE_STAT_HANDSHAKES), 1u);
    EXPECT_EQ(stat(INIC_TOE_STAT_INVALID_ACKS), 0u);
    EXPECT_EQ(stat(INIC_TOE_STAT_SYN_PASSED), 0u);

    /* The first data segment (handshake ACK lost) also carries it. */
    Seg dseg = ack_for(s, a);
    dseg.flags = 0x18;
    dseg.payload = 100;
    ASSERT_TRUE(deliver(dseg, &d));
    EXPECT_TRUE(d.status & INIC_RXD_STA_TOE);

    /* Later segments of the connection pass without it. */
    Seg later = ack_for(s, a);
    later.ack += 500;
    ASSERT_TRUE(deliver(later, &d));
    EXPECT_FALSE(d.status & INIC_RXD_STA_TOE);
    EXPECT_EQ(d.toe_mss, 0);
    EXPECT_EQ(stat(INIC_TOE_STAT_HANDSHAKES), 2u);
}

TEST_F(Toe, OffByOneWrongTupleForgedOptions)
{
    Seg s = syn();
    SynAck a = parse_synack(answer(s));
    inic_rx_desc d;
    std::vector<Seg> bad;
    Seg k = ack_for(s, a);
    k.ack += 1;
    bad.push_back(k);
    k = ack_for(s, a);
    k.ack -= 1;
    bad.push_back(k);
    k = ack_for(s, a);
    k.seq += 1;
    bad.push_back(k);
    k = ack_for(s, a);
    k.fl.sport++;
    bad.push_back(k);
    k = ack_for(s, a);
    k.fl.src[3] ^= 1;
    bad.push_back(k);
    k = ack_for(s, a);
    k.ack ^= 1u << 28;      /* another MSS index */
    bad.push_back(k);
    k = ack_for(s, a);
    k.opt = ts_opt(1, a.tsval ^ 0x07);      /* ask for another wscale */
    bad.push_back(k);
    k = ack_for(s, a);
    k.opt = ts_opt(1, a.tsval ^ 0x10);      /* drop SACK */
    bad.push_back(k);
    k = ack_for(s, a);
    k.opt.clear();                          /* timestamps forgotten */
    bad.push_back(k);
    for (size_t i = 0; i < bad.size(); i++) {
        ASSERT_TRUE(deliver(bad[i], &d)) << i << ": passed to the host";
        EXPECT_FALSE(d.status & INIC_RXD_STA_TOE) << i;
    }
    EXPECT_EQ(stat(INIC_TOE_STAT_HANDSHAKES), 0u);
    EXPECT_EQ(stat(INIC_TOE_STAT_INVALID_ACKS), 0u);

    /* Another device secret: the same ACK is not a cookie any more. */
    wr(T + INIC_TOE_SECRET(2), 1);
    ASSERT_TRUE(deliver(ack_for(s, a), &d));
    EXPECT_FALSE(d.status & INIC_RXD_STA_TOE);
}

TEST_F(Toe, StaleCounterAndReplay)
{
    Seg s = syn();
    SynAck a = parse_synack(answer(s));
    inic_rx_desc d;

    /* One period later: still valid (Linux's MAX_SYNCOOKIE_AGE). */
    f.now += PERIOD_NS;
    ASSERT_TRUE(deliver(ack_for(s, a), &d));
    EXPECT_TRUE(d.status & INIC_RXD_STA_TOE);
    /* Two and three periods: a replay, dropped and counted. */
    for (unsigned age = 2; age <= 3; age++) {
        f.now += PERIOD_NS;
        EXPECT_FALSE(deliver(ack_for(s, a), &d)) << age;
        EXPECT_EQ(stat(INIC_TOE_STAT_INVALID_ACKS), age - 1);
    }
    /* A replay with data is let through (it may be a live connection's). */
    Seg dseg = ack_for(s, a);
    dseg.payload = 10;
    ASSERT_TRUE(deliver(dseg, &d));
    EXPECT_FALSE(d.status & INIC_RXD_STA_TOE);
    /* Four periods: the counter bits wrapped, the hash fails: not ours. */
    f.now += PERIOD_NS;
    ASSERT_TRUE(deliver(ack_for(s, a), &d));
    EXPECT_FALSE(d.status & INIC_RXD_STA_TOE);
    EXPECT_EQ(stat(INIC_TOE_STAT_INVALID_ACKS), 2u);
    EXPECT_EQ(stat(INIC_TOE_STAT_HANDSHAKES), 1u);

    /* A shorter period (the driver's choice) ages cookies faster. */
    wr(T + INIC_TOE_PERIOD, 1000);
    Seg s2 = syn();
    s2.fl.sport = 4000;
    SynAck a2 = parse_synack(answer(s2));
    f.now += 2000ull * 1000000;
    EXPECT_FALSE(deliver(ack_for(s2, a2), &d));
    EXPECT_EQ(stat(INIC_TOE_STAT_INVALID_ACKS), 3u);
}

TEST_F(Toe, OptionEncoding)
{
    inic_rx_desc d;
    struct Case {
        int mss, ws;
        bool sack, ts, ecn;
        uint32_t ctrl;
        /* expected */
        int a_mss_idx, a_ws;
        bool a_sack, a_ts, a_ece;
        uint16_t toe_mss;
        uint8_t flags;
    } cases[] = {
        /* No timestamps: nothing but the MSS (Linux's syncookies). */
        { 1460, 7, true, false, false, CTRL_ALL, 3, -1, false, false, false,
          1460, 0 },
        { -1, -1, false, true, false, CTRL_ALL, 0, -1, false, true, false,
          536, INIC_RXD_TOE_TS },
        { 1400, 2, false, true, false, CTRL_ALL, 1, 7, false, true, false,
          1300, INIC_RXD_TOE_TS | INIC_RXD_TOE_WSCALE },
        { 1440, 14, true, true, true, CTRL_ALL, 2, 7, true, true, true, 1440,
          INIC_RXD_TOE_TS | INIC_RXD_TOE_WSCALE | INIC_RXD_TOE_SACK |
              INIC_RXD_TOE_ECN },
        { 300, 7, true, true, true, INIC_TOE_CTRL_ENABLE | INIC_TOE_CTRL_TS,
          0, -1, false, true, false, 536, INIC_RXD_TOE_TS },
        { 9000, 7, true, true, false,
          CTRL_ALL & ~INIC_TOE_CTRL_TS, 3, -1, false, false, false, 1460, 0 },
    };
    uint16_t sport = 5000;
    for (const Case &k : cases) {
        SCOPED_TRACE(sport);
        wr(T + INIC_TOE_CTRL, k.ctrl);
        Seg s = syn(k.mss, k.ws, k.sack, k.ts);
        s.fl.sport = sport++;
        if (k.ecn) {
            s.flags |= 0xc0;    /* ECE CWR */
        }
        SynAck a = parse_synack(answer(s));
        EXPECT_EQ((int)((a.seq >> 28) & 3), k.a_mss_idx);
        EXPECT_EQ(a.ws, k.a_ws);
        EXPECT_EQ(a.sack, k.a_sack);
        EXPECT_EQ(a.ts, k.a_ts);
        EXPECT_EQ(!!(a.flags & 0x40), k.a_ece);
        EXPECT_EQ(a.flags & ~0x40, 0x12);
        ASSERT_TRUE(deliver(ack_for(s, a), &d));
        EXPECT_TRUE(d.status & INIC_RXD_STA_TOE);
        EXPECT_EQ(d.toe_mss, k.toe_mss);
        EXPECT_EQ(d.toe_flags, k.flags);
        EXPECT_EQ(INIC_RXD_TOE_SND_WSCALE(d.toe_wscale),
                  (k.flags & INIC_RXD_TOE_WSCALE) ? std::min(k.ws, 14) : 0);
    }
    /* Options granted, then the driver withdraws SACK: the cookie fails. */
    wr(T + INIC_TOE_CTRL, CTRL_ALL);
    Seg s = syn();
    s.fl.sport = 6000;
    SynAck a = parse_synack(answer(s));
    wr(T + INIC_TOE_CTRL, CTRL_ALL & ~INIC_TOE_CTRL_SACK);
    ASSERT_TRUE(deliver(ack_for(s, a), &d));
    EXPECT_FALSE(d.status & INIC_RXD_STA_TOE);
    /* The SYN-ACK's MSS follows the port's MTU. */
    wr(INIC_PORT_BASE(0) + INIC_PORT_MTU, 9000);
    s.fl.sport = 6001;
    EXPECT_EQ(parse_synack(answer(s)).mss, 8960);
}

TEST_F(Toe, Ipv6AndVlan)
{
    Flow f6;
    f6.ver = 6;
    memcpy(f6.src, V6SRC, 16);
    memcpy(f6.dst, V6DST, 16);
    listener(1, V6DST, 6, 0, LPORT);
    inic_rx_desc d;
    for (bool vlan : { false, true }) {
        SCOPED_TRACE(vlan);
        Seg s = syn(1440);
        s.fl = f6;
        s.fl.dport = LPORT;
        s.fl.sport = vlan ? 7001 : 7000;
        s.vlan = vlan;
        auto fr = answer(s);
        ASSERT_FALSE(fr.empty());
        const size_t l3 = vlan ? 18 : 14;
        if (vlan) {
            EXPECT_EQ(fr[12], 0x81);
            EXPECT_EQ(inic::be16(&fr[14]), 0x2005) << "the SYN's tag";
        }
        EXPECT_EQ(inic::be16(&fr[l3 - 2]), 0x86dd);
        EXPECT_TRUE(l4_ok(fr, l3));
        EXPECT_EQ(0, memcmp(&fr[l3 + 8], V6DST, 16));
        EXPECT_EQ(0, memcmp(&fr[l3 + 24], V6SRC, 16));
        SynAck a = parse_synack(fr);
        EXPECT_EQ(a.mss, 1440) << "MTU 1500 - 60";
        EXPECT_EQ((a.seq >> 28) & 3, 2u) << "v6 table: 1440";
        ASSERT_TRUE(deliver(ack_for(s, a), &d));
        EXPECT_TRUE(d.status & INIC_RXD_STA_TOE);
        EXPECT_EQ(d.toe_mss, 1440);
        EXPECT_TRUE(d.toe_flags & INIC_RXD_TOE_V6);
    }
    /* An IPv4 VLAN handshake too. */
    Seg s = syn();
    s.vlan = true;
    auto fr = answer(s);
    ASSERT_FALSE(fr.empty());
    EXPECT_TRUE(l4_ok(fr, 18));
    ASSERT_TRUE(deliver(ack_for(s, parse_synack(fr)), &d));
    EXPECT_TRUE(d.status & INIC_RXD_STA_TOE);
    EXPECT_FALSE(d.toe_flags & INIC_RXD_TOE_V6);
    EXPECT_EQ(stat(INIC_TOE_STAT_HANDSHAKES), 3u);
}

TEST_F(Toe, PassThrough)
{
    inic_rx_desc d;
    /* SYNs the device must not answer: to the host unchanged. */
    std::vector<std::vector<uint8_t>> forbidden = {
        { 19, 18, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 },
        { 29, 4, 1, 2 },                        /* TCP-AO */
        { 30, 4, 0, 0x81 },                     /* MPTCP MP_CAPABLE */
        { 34, 2 },                              /* Fast Open cookie request */
        { 254, 4, 0xf9, 0x89 },                 /* experimental Fast Open */
    };
    uint64_t passed = 0;
    for (auto &o : forbidden) {
        Seg s = syn();
        s.opt.insert(s.opt.end(), o.begin(), o.end());
        ASSERT_TRUE(deliver(s, &d)) << (int)o[0];
        EXPECT_FALSE(d.status & INIC_RXD_STA_TOE);
        EXPECT_EQ(stat(INIC_TOE_STAT_SYN_PASSED), ++passed);
    }
    /* Unregistered port, other address, other family, other port. */
    Seg s = syn();
    s.fl.dport = 8081;
    ASSERT_TRUE(deliver(s, &d));
    s = syn();
    s.fl.dst[3]++;
    ASSERT_TRUE(deliver(s, &d));
    s = syn();
    ASSERT_TRUE(deliver(s, &d) == false);   /* the registered one: answered */
    inic_core_run_tx(c);
    passed += 2;
    EXPECT_EQ(stat(INIC_TOE_STAT_SYN_PASSED), passed);
    /* A SYN with a bad checksum, a SYN with data: the host decides. */
    auto fr = tcp_frame(syn());
    fr[fr.size() - 1] ^= 0xff;
    const unsigned before = delivered();
    rx(0, fr);
    EXPECT_EQ(delivered(), before + 1);
    s = syn();
    s.payload = 20;
    ASSERT_TRUE(deliver(s, &d));
    passed += 2;
    EXPECT_EQ(stat(INIC_TOE_STAT_SYN_PASSED), passed);
    /* A SYN to another station's MAC is not the PF's. */
    const uint8_t other[6] = { 0x02, 0x11, 0x22, 0x33, 0x44, 0x55 };
    port_ctrl(0, INIC_PORT_CTRL_PROMISC);
    rx(0, tcp_frame(syn(), other));
    EXPECT_EQ(delivered(), before + 3);
    EXPECT_EQ(stat(INIC_TOE_STAT_SYN_PASSED), passed);
    /* The ANY listener takes every address of its family. */
    listener(0, nullptr, 4, 0, LPORT,
             INIC_TOE_LSN_ENABLE | INIC_TOE_LSN_ANY);
    s = syn();
    s.fl.dst[3]++;
    EXPECT_FALSE(answer(s).empty());
    /* A listener on port 1 does not take port 0's SYNs. */
    listener(0, nullptr, 4, 1, LPORT,
             INIC_TOE_LSN_ENABLE | INIC_TOE_LSN_ANY);
    ASSERT_TRUE(deliver(syn(), &d));
    /* Engine off: nothing is looked at or counted. */
    wr(T + INIC_TOE_CTRL, 0);
    listener(0, nullptr, 4, 0, LPORT,
             INIC_TOE_LSN_ENABLE | INIC_TOE_LSN_ANY);
    const uint64_t p0 = stat(INIC_TOE_STAT_SYN_PASSED);
    ASSERT_TRUE(deliver(syn(), &d));
    EXPECT_EQ(stat(INIC_TOE_STAT_SYN_PASSED), p0);
    EXPECT_EQ(stat(INIC_TOE_STAT_SYN_ANSWERED), 2u);
}

TEST_F(Toe, SynAckQueueBounded)
{
    auto &core = inic::core_of(c);
    const unsigned n = 2 * inic::Core::TOE_QUEUE_MAX + 5;
    for (unsigned i = 0; i < n; i++) {
        Seg s = syn();
        s.fl.sport = (uint16_t)(10000 + i);
        rx(0, tcp_frame(s));
        EXPECT_LE(core.toe_queued(), inic::Core::TOE_QUEUE_MAX);
    }
    EXPECT_EQ(delivered(), 0u) << "a flood never reaches the host";
    EXPECT_EQ(stat(INIC_TOE_STAT_SYN_ANSWERED), inic::Core::TOE_QUEUE_MAX);
    EXPECT_EQ(stat(INIC_TOE_STAT_SYNACK_DROPS),
              n - inic::Core::TOE_QUEUE_MAX);
    f.sent.clear();
    inic_core_run_tx(c);
    EXPECT_EQ(f.sent.size(), inic::Core::TOE_QUEUE_MAX);
    EXPECT_EQ(core.toe_queued(), 0u);
    /* Link down: SYNs are dropped and counted, not queued. */
    inic_core_set_link(c, 0, false);
    rx(0, tcp_frame(syn()));
    EXPECT_EQ(core.toe_queued(), 0u);
    EXPECT_EQ(stat(INIC_TOE_STAT_SYNACK_DROPS),
              n - inic::Core::TOE_QUEUE_MAX + 1);
    /* A reset empties the queue. */
    inic_core_set_link(c, 0, true);
    rx(0, tcp_frame(syn()));
    EXPECT_EQ(core.toe_queued(), 1u);
    wr(INIC_REG_CTRL, INIC_CTRL_RESET);
    EXPECT_EQ(core.toe_queued(), 0u);
}

TEST_F(Toe, FuzzedTcpStream)
{
    auto &core = inic::core_of(c);
    std::mt19937 rng(13);
    Flow f6;
    f6.ver = 6;
    memcpy(f6.src, V6SRC, 16);
    memcpy(f6.dst, V6DST, 16);
    listener(1, nullptr, 6, 0, LPORT, INIC_TOE_LSN_ENABLE | INIC_TOE_LSN_ANY);
    uint64_t toe_marked = 0;
    for (unsigned i = 0; i < 20000; i++) {
        Seg s;
        if (rng() & 1) {
            s.fl = f6;
        }
        s.fl.dport = (rng() & 3) ? LPORT : (uint16_t)rng();
        s.fl.sport = (uint16_t)rng();
        s.flags = (uint8_t)rng();
        if (rng() & 1) {
            s.flags = (rng() & 1) ? 0x02 : 0x10;
        }
        s.seq = (uint32_t)rng();
        s.ack = (uint32_t)rng();
        s.vlan = rng() % 4 == 0;
        const size_t ol = rng() % 41;
        for (size_t k = 0; k < ol; k++) {
            s.opt.push_back((uint8_t)(rng() % 4 ? rng() % 36 : rng()));
        }
        s.payload = rng() % 8 ? 0 : rng() % 200;
        auto fr = tcp_frame(s);
        switch (rng() % 8) {
        case 0:
            fr.resize(rng() % fr.size());   /* truncated */
            break;
        case 1:
            fr[rng() % fr.size()] = (uint8_t)rng();     /* corrupted */
            break;
        }
        const unsigned before = delivered();
        rx(0, fr);
        if (delivered() != before) {
            inic_rx_desc d = get_rxd(rxbase(0), before);
            toe_marked += !!(d.status & INIC_RXD_STA_TOE);
            wr(rr(0, true, INIC_RR_TAIL), (delivered() + 63) % 64);
        }
        ASSERT_LE(core.toe_queued(), inic::Core::TOE_QUEUE_MAX);
        if (i % 50 == 0) {
            f.sent.clear();
            inic_core_run_tx(c);
            for (auto &sent : f.sent) {
                SynAck a = parse_synack(sent.second);
                EXPECT_EQ(a.flags & ~0x40, 0x12);
            }
        }
    }
    EXPECT_EQ(toe_marked, 0u) << "no forged ACK passes as a cookie";
    EXPECT_GT(stat(INIC_TOE_STAT_SYN_ANSWERED), 0u);
    EXPECT_GT(stat(INIC_TOE_STAT_SYN_PASSED), 0u);
}

} // namespace
