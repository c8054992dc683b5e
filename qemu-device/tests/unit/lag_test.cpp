// SPDX-License-Identifier: GPL-2.0-or-later
//
// Unit tests of the link aggregation engine (ABI 1.4, inic_lag.cpp): the
// register block and its refusals, active-backup failover and failback,
// the flow hash (stable per flow; only a failed member's flows move),
// pinned vs following functions on TX, RX and the link a VF sees, the
// announcements, mode switching under traffic, and a link flapping at
// random while frames flow.
#include "fake_host.h"

#include <algorithm>
#include <map>
#include <random>
#include <set>

#include "inic_lag.h"

namespace {

constexpr uint64_t L = INIC_LAG_BASE;

class Lag : public CoreVf {
protected:
    void SetUp() override
    {
        CoreVf::SetUp();
        /* PF TX ring 0 on port 0 (64 entries), TX enabled on both ports. */
        for (unsigned p = 0; p < 2; p++) {
            wr(INIC_PORT_BASE(p) + INIC_PORT_CTRL,
               INIC_PORT_CTRL_TX_EN | INIC_PORT_CTRL_RX_EN);
        }
        ring(0, false, 0x10000, 64, 0, 1);
        wr(INIC_REG_MISC_MASK, INIC_MISC_ALL);
    }
    void group(uint32_t mode = INIC_LAG_MODE_ACTIVE_BACKUP,
               uint32_t ctrl = INIC_LAG_CTRL_ANNOUNCE)
    {
        wr(L + INIC_LAG_MODE, mode);
        wr(L + INIC_LAG_HASH, INIC_LAG_HASH_L34);
        wr(L + INIC_LAG_MEMBERS, 3);
        wr(L + INIC_LAG_PRIMARY, 0);
        wr(L + INIC_LAG_CTRL, ctrl | INIC_LAG_CTRL_ENABLE);
        ASSERT_EQ(rd(L + INIC_LAG_CTRL), ctrl | INIC_LAG_CTRL_ENABLE);
    }
    /* The PF sends fr from TX ring 0; returns the frames that left. */
    std::vector<std::pair<unsigned, std::vector<uint8_t>>>
    pf_send(const std::vector<uint8_t> &fr)
    {
        f.sent.clear();
        uint32_t t = rd(rr(0, false, INIC_RR_TAIL));
        uint64_t buf = 0x30000 + 0x800 * (t % 32);
        memcpy(&f.ram[buf], fr.data(), fr.size());
        txd(0x10000, t, buf, (uint16_t)fr.size(), INIC_TXD_CMD_EOP);
        wr(rr(0, false, INIC_RR_TAIL), (t + 1) % 64);
        inic_core_run_tx(c);
        return data_frames();
    }
    std::vector<std::pair<unsigned, std::vector<uint8_t>>>
    vf_tx(unsigned v, const std::vector<uint8_t> &fr)
    {
        f.sent.clear();
        vf_send(v, fr);
        return data_frames();
    }
    /* What was sent, without announcements. */
    std::vector<std::pair<unsigned, std::vector<uint8_t>>> data_frames()
    {
        std::vector<std::pair<unsigned, std::vector<uint8_t>>> r;
        for (auto &s : f.sent) {
            if (!is_announce(s.second)) {
                r.push_back(s);
            }
        }
        return r;
    }
    static bool is_announce(const std::vector<uint8_t> &fr)
    {
        size_t o = fr.size() >= 16 && fr[12] == 0x81 ? 16 : 12;
        return fr.size() == INIC_LAG_ANNOUNCE_LEN &&
               !memcmp(fr.data(), BCAST, 6) &&
               fr[o] == (INIC_LAG_ANNOUNCE_ETYPE >> 8) &&
               fr[o + 1] == (INIC_LAG_ANNOUNCE_ETYPE & 0xff);
    }
    std::vector<std::pair<unsigned, std::vector<uint8_t>>> announces()
    {
        std::vector<std::pair<unsigned, std::vector<uint8_t>>> r;
        for (auto &s : f.sent) {
            if (is_announce(s.second)) {
                r.push_back(s);
            }
        }
        return r;
    }
    static std::vector<uint8_t> udp(uint16_t sport, uint32_t seq = 0,
                                    const uint8_t *dst = BCAST)
    {
        Flow fl;
        fl.proto = 17;
        fl.sport = sport;
        auto fr = ip_frame(fl, 32, dst);
        memcpy(&fr[fr.size() - 4], &seq, 4);
        return fr;
    }
    uint64_t lstat(unsigned s) { return rd64(INIC_LAG_STAT(s)); }
    uint32_t refused() { return rd(L + INIC_LAG_REFUSED); }
    /* PF RX ring 0 (port 0) with n buffers posted. */
    void pf_rx(unsigned n = 8)
    {
        ring(0, true, 0x20000, 16, 0, 2);
        for (unsigned i = 0; i < n; i++) {
            rxd(0x20000, i, 0x40000 + 2048 * i, 2048);
        }
        wr(rr(0, true, INIC_RR_TAIL), n);
    }
    unsigned pf_rx_head(unsigned q) { return rd(rr(q, true, INIC_RR_HEAD)); }
};

TEST_F(Lag, IdentityAndDefaults)
{
    EXPECT_GE(rd(INIC_REG_VERSION), 0x00010004u);   /* LAG: since 1.4 */
    EXPECT_TRUE(rd(INIC_REG_CAPS) & INIC_CAP_LAG);
    EXPECT_EQ(rd(L + INIC_LAG_CTRL), 0u);
    EXPECT_EQ(rd(L + INIC_LAG_MODE), (uint32_t)INIC_LAG_MODE_ACTIVE_BACKUP);
    EXPECT_EQ(rd(L + INIC_LAG_MEMBERS), 0u);
    EXPECT_EQ(rd(L + INIC_LAG_STATUS), 0u);
    EXPECT_EQ(rd(L + INIC_LAG_LAST), 0u);
    EXPECT_EQ(rd(INIC_REG_ERR_TOTAL), 0u);
    /* A VF has no LAG block: its window there is nothing. */
    EXPECT_EQ(vrd(0, L + INIC_LAG_CTRL), 0u);
}

TEST_F(Lag, DisabledChangesNothing)
{
    /* Members set, not enabled: the ports stay apart. */
    wr(L + INIC_LAG_MEMBERS, 3);
    inic_core_set_link(c, 0, false);
    EXPECT_TRUE(pf_send(udp(1)).empty());
    EXPECT_EQ(lstat(INIC_LAG_STAT_FAILOVERS), 0u);
    EXPECT_EQ(rd(INIC_REG_MISC_CAUSE) & INIC_MISC_LAG, 0u);
    EXPECT_TRUE(announces().empty());
}

TEST_F(Lag, HostileWritesRefusedAndCounted)
{
    const uint32_t err0 = err(INIC_ERR_BAD_VALUE);
    unsigned n = 0;

    wr(L + INIC_LAG_MODE, 2), n++;                      /* no such mode */
    wr(L + INIC_LAG_MODE, 0xffffffff), n++;
    wr(L + INIC_LAG_HASH, 3), n++;
    wr(L + INIC_LAG_MEMBERS, 1u << 2), n++;             /* port 2: none */
    wr(L + INIC_LAG_MEMBERS, 0x80000000), n++;
    wr(L + INIC_LAG_PRIMARY, 2), n++;
    wr(L + INIC_LAG_PRIMARY, 0xffffffff), n++;
    wr(L + INIC_LAG_CTRL, INIC_LAG_CTRL_ENABLE), n++;   /* no members */
    wr(L + INIC_LAG_CTRL, 1u << 7), n++;                /* reserved bit */
    wr(L + INIC_LAG_PF_PIN, 2), n++;
    wr(L + INIC_LAG_VF_PIN, 1u << 4), n++;              /* TotalVFs 4 */
    wr(L + INIC_LAG_ACTIVE, 1), n++;                    /* not enabled */
    EXPECT_EQ(refused(), n);
    EXPECT_EQ(err(INIC_ERR_BAD_VALUE), err0 + n);
    EXPECT_EQ(rd(L + INIC_LAG_MODE), 0u);
    EXPECT_EQ(rd(L + INIC_LAG_MEMBERS), 0u);
    EXPECT_EQ(rd(L + INIC_LAG_CTRL), 0u);

    /* PRIMARY must be a member to enable, and while enabled. */
    wr(L + INIC_LAG_MEMBERS, 2);
    wr(L + INIC_LAG_CTRL, INIC_LAG_CTRL_ENABLE), n++;
    EXPECT_EQ(rd(L + INIC_LAG_CTRL), 0u);
    wr(L + INIC_LAG_PRIMARY, 1);
    wr(L + INIC_LAG_CTRL, INIC_LAG_CTRL_ENABLE);
    EXPECT_EQ(rd(L + INIC_LAG_CTRL), INIC_LAG_CTRL_ENABLE);
    EXPECT_EQ(rd(L + INIC_LAG_ACTIVE), 1u);
    wr(L + INIC_LAG_PRIMARY, 0), n++;                   /* not a member */
    wr(L + INIC_LAG_MEMBERS, 1), n++;                   /* drops PRIMARY */
    wr(L + INIC_LAG_MEMBERS, 0), n++;
    wr(L + INIC_LAG_ACTIVE, 0), n++;                    /* not a member */
    wr(L + INIC_LAG_MEMBERS, 3);
    inic_core_set_link(c, 0, false);
    wr(L + INIC_LAG_ACTIVE, 0), n++;                    /* no link */
    EXPECT_EQ(rd(L + INIC_LAG_ACTIVE), 1u);
    EXPECT_EQ(refused(), n);

    /* Read-only registers ignore writes; holes are BAD_REG. */
    const uint32_t st = rd(L + INIC_LAG_STATUS);
    wr(L + INIC_LAG_STATUS, 0);
    wr(L + INIC_LAG_REFUSED, 0);
    EXPECT_EQ(rd(L + INIC_LAG_STATUS), st);
    EXPECT_EQ(refused(), n);
    const uint32_t bad = err(INIC_ERR_BAD_REG);
    wr(L + 0x30, 1);
    rd(L + 0xfc);
    EXPECT_EQ(err(INIC_ERR_BAD_REG), bad + 2);
    /* Counters are read-only. */
    wr(INIC_LAG_STAT(INIC_LAG_STAT_FAILOVERS), 77);
    EXPECT_EQ(lstat(INIC_LAG_STAT_FAILOVERS), 0u);
    /* Random writes over the whole block never crash. */
    std::mt19937 rng(7);
    for (int i = 0; i < 20000; i++) {
        wr(L + (rng() % INIC_LAG_SIZE & ~3u), rng() % 7 == 0 ? rng() : rng() % 9);
        if (i % 97 == 0) {
            inic_core_set_link(c, rng() % 2, rng() % 2);
            pf_send(udp((uint16_t)i));
        }
    }
}

TEST_F(Lag, ActiveBackupFailover)
{
    group();
    EXPECT_EQ(rd(L + INIC_LAG_ACTIVE), 0u);
    EXPECT_EQ(rd(L + INIC_LAG_STATUS),
              INIC_LAG_STATUS_UP | (3u << INIC_LAG_STATUS_LIVE_SHIFT));
    /* The PF's frames from a port-0 ring and VF 2's (port 1) leave on 0. */
    wr(INIC_VF_BASE(2) + INIC_VF_PORT, 1);
    vf_up(2);
    auto s = pf_send(udp(1));
    ASSERT_EQ(s.size(), 1u);
    EXPECT_EQ(s[0].first, 0u);
    s = vf_tx(2, vf_from(2, BCAST, 64));
    ASSERT_EQ(s.size(), 1u);
    EXPECT_EQ(s[0].first, 0u);
    EXPECT_EQ(lstat(INIC_LAG_STAT_TX_MOVED), 1u);   /* VF 2: not its own */

    f.now = 5555;
    f.sent.clear();
    inic_core_set_link(c, 0, false);
    EXPECT_EQ(rd(L + INIC_LAG_ACTIVE), 1u);
    EXPECT_EQ(lstat(INIC_LAG_STAT_FAILOVERS), 1u);
    EXPECT_EQ(lstat(INIC_LAG_STAT_LAST_NS), 5555u);
    const uint32_t last = rd(L + INIC_LAG_LAST);
    EXPECT_TRUE(last & INIC_LAG_LAST_VALID);
    EXPECT_EQ(INIC_LAG_LAST_FROM(last), 0u);
    EXPECT_EQ(INIC_LAG_LAST_TO(last), 1u);
    EXPECT_EQ(INIC_LAG_LAST_REASON(last), (uint32_t)INIC_LAG_REASON_LINK_DOWN);
    EXPECT_TRUE(rd(INIC_REG_MISC_CAUSE) & INIC_MISC_LAG);
    EXPECT_TRUE(rd(INIC_REG_MISC_CAUSE) & INIC_MISC_LINK);
    /* Announced on port 1: both PF station MACs, every VF MAC. */
    auto a = announces();
    std::set<std::vector<uint8_t>> macs;
    for (auto &x : a) {
        EXPECT_EQ(x.first, 1u);
        macs.insert(std::vector<uint8_t>(x.second.begin() + 6,
                                         x.second.begin() + 12));
    }
    EXPECT_EQ(a.size(), 6u);
    EXPECT_EQ(macs.size(), 6u);
    EXPECT_EQ(lstat(INIC_LAG_STAT_ANNOUNCES), 6u);

    /* Same instant: the next frames of both already go to port 1. */
    s = pf_send(udp(1));
    ASSERT_EQ(s.size(), 1u);
    EXPECT_EQ(s[0].first, 1u);
    s = vf_tx(2, vf_from(2, BCAST, 64));
    ASSERT_EQ(s.size(), 1u);
    EXPECT_EQ(s[0].first, 1u);
    /* VF 0 (port 0, following) never saw its link go. */
    EXPECT_TRUE(rd(INIC_VF_BASE(0) + INIC_VF_STATUS) & INIC_VF_STATUS_LINK);
    EXPECT_EQ(rd64(INIC_LAG_MEMBER_TX(1)), 2u);
    EXPECT_EQ(rd64(INIC_LAG_MEMBER_TX(0)), 2u);

    /* A backup going down moves nothing. */
    inic_core_set_link(c, 0, true);
    EXPECT_EQ(rd(L + INIC_LAG_ACTIVE), 1u);     /* no failback: stays */
    EXPECT_EQ(lstat(INIC_LAG_STAT_FAILOVERS), 1u);
    inic_core_set_link(c, 0, false);
    EXPECT_EQ(lstat(INIC_LAG_STAT_FAILOVERS), 1u);

    /* Both down: nowhere to go, frames dropped and counted. */
    inic_core_set_link(c, 1, false);
    EXPECT_EQ(rd(L + INIC_LAG_STATUS), 0u);
    EXPECT_TRUE(pf_send(udp(1)).empty());
    EXPECT_EQ(lstat(INIC_LAG_STAT_TX_NO_PORT), 1u);
    EXPECT_FALSE(rd(INIC_VF_BASE(0) + INIC_VF_STATUS) & INIC_VF_STATUS_LINK);
    /* The first to come back takes the group. */
    inic_core_set_link(c, 1, true);
    EXPECT_EQ(rd(L + INIC_LAG_ACTIVE), 1u);
    EXPECT_EQ(INIC_LAG_LAST_REASON(rd(L + INIC_LAG_LAST)),
              (uint32_t)INIC_LAG_REASON_LINK_UP);
    EXPECT_TRUE(rd(INIC_VF_BASE(0) + INIC_VF_STATUS) & INIC_VF_STATUS_LINK);
    EXPECT_EQ(pf_send(udp(1)).at(0).first, 1u);
}

TEST_F(Lag, Failback)
{
    group(INIC_LAG_MODE_ACTIVE_BACKUP,
          INIC_LAG_CTRL_FAILBACK | INIC_LAG_CTRL_ANNOUNCE);
    inic_core_set_link(c, 0, false);
    EXPECT_EQ(rd(L + INIC_LAG_ACTIVE), 1u);
    f.sent.clear();
    inic_core_set_link(c, 0, true);
    EXPECT_EQ(rd(L + INIC_LAG_ACTIVE), 0u);
    EXPECT_EQ(lstat(INIC_LAG_STAT_FAILOVERS), 2u);
    const uint32_t last = rd(L + INIC_LAG_LAST);
    EXPECT_EQ(INIC_LAG_LAST_FROM(last), 1u);
    EXPECT_EQ(INIC_LAG_LAST_TO(last), 0u);
    EXPECT_EQ(INIC_LAG_LAST_REASON(last), (uint32_t)INIC_LAG_REASON_FAILBACK);
    EXPECT_FALSE(announces().empty());
    for (auto &x : announces()) {
        EXPECT_EQ(x.first, 0u);
    }
    EXPECT_EQ(pf_send(udp(1)).at(0).first, 0u);

    /* The driver moves the group itself (bonding chose another slave). */
    wr(INIC_REG_MISC_CAUSE, INIC_MISC_ALL);
    wr(L + INIC_LAG_ACTIVE, 1);
    EXPECT_EQ(rd(L + INIC_LAG_ACTIVE), 1u);
    EXPECT_EQ(INIC_LAG_LAST_REASON(rd(L + INIC_LAG_LAST)),
              (uint32_t)INIC_LAG_REASON_DRIVER);
    EXPECT_TRUE(rd(INIC_REG_MISC_CAUSE) & INIC_MISC_LAG);
    EXPECT_EQ(pf_send(udp(1)).at(0).first, 1u);
}

TEST_F(Lag, PinnedFunctionsStay)
{
    group();
    wr(INIC_VF_BASE(1) + INIC_VF_PORT, 0);
    wr(INIC_VF_BASE(3) + INIC_VF_PORT, 1);
    vf_up(1);
    vf_up(3);
    wr(L + INIC_LAG_VF_PIN, 1u << 1);   /* VF 1 pinned to port 0 */
    /* A pinned VF 3 on port 1 sends on port 1 while ACTIVE is 0. */
    wr(L + INIC_LAG_VF_PIN, (1u << 1) | (1u << 3));
    EXPECT_EQ(vf_tx(3, vf_from(3, BCAST, 64)).at(0).first, 1u);

    f.sent.clear();
    inic_core_set_link(c, 0, false);
    /* Announcements: PF and following VFs only, not the pinned ones. */
    for (auto &x : announces()) {
        EXPECT_NE(x.second[11], 2u);    /* VF 1's MAC ends in 02 */
        EXPECT_NE(x.second[11], 4u);    /* VF 3's */
    }
    EXPECT_EQ(announces().size(), 4u);  /* PF x2, VF 0, VF 2 */
    /* Pinned VF 1 lost its link and its frames; VF 0 follows. */
    EXPECT_FALSE(rd(INIC_VF_BASE(1) + INIC_VF_STATUS) & INIC_VF_STATUS_LINK);
    EXPECT_TRUE(vf_tx(1, vf_from(1, BCAST, 64)).empty());
    EXPECT_EQ(vstat(1, INIC_VSTAT_TX_DROPS), 1u);
    vf_up(0);
    EXPECT_EQ(vf_tx(0, vf_from(0, BCAST, 64)).at(0).first, 1u);

    /* A pinned PF: its port-0 ring stays on port 0 (down: dropped). */
    wr(L + INIC_LAG_PF_PIN, 1);
    EXPECT_TRUE(pf_send(udp(1)).empty());
    wr(L + INIC_LAG_PF_PIN, 0);
    EXPECT_EQ(pf_send(udp(1)).at(0).first, 1u);

    /* Unpinning VF 1 puts it back in the group: link up again. */
    wr(L + INIC_LAG_VF_PIN, 1u << 3);
    EXPECT_TRUE(rd(INIC_VF_BASE(1) + INIC_VF_STATUS) & INIC_VF_STATUS_LINK);
    EXPECT_EQ(vf_tx(1, vf_from(1, BCAST, 64)).at(0).first, 1u);
}

TEST_F(Lag, ReceiveOnAnyMember)
{
    group();
    pf_rx();
    wr(INIC_VF_BASE(1) + INIC_VF_PORT, 0);
    wr(INIC_VF_BASE(3) + INIC_VF_PORT, 1);
    vf_up(1);
    vf_up(3);
    wr(L + INIC_LAG_VF_PIN, 1u << 3);   /* VF 3 pinned to port 1 */
    uint8_t m1[6], m3[6];
    vfmac(1, m1);
    vfmac(3, m3);

    /* Broadcast arriving on port 1: the PF (on ACTIVE 0), VF 1, VF 3. */
    rx(1, frame(60, BCAST));
    EXPECT_EQ(pf_rx_head(0), 1u);
    EXPECT_EQ(pf_rx_head(4), 0u);
    EXPECT_EQ(vf_rx_count(1), 1u);
    EXPECT_EQ(vf_rx_count(3), 1u);
    /* Arriving on port 0: the pinned VF 3 (port 1) does not get it. */
    rx(0, frame(60, BCAST));
    EXPECT_EQ(pf_rx_head(0), 2u);
    EXPECT_EQ(vf_rx_count(1), 2u);
    EXPECT_EQ(vf_rx_count(3), 1u);
    /* Unicast to following VF 1 arrives on port 1 and reaches it. */
    rx(1, frame(60, m1));
    EXPECT_EQ(vf_rx_count(1), 3u);
    EXPECT_EQ(pf_rx_head(0), 2u);
    /* Unicast to pinned VF 3 on port 0: not its wire, the PF's. */
    rx(0, frame(60, m3));
    EXPECT_EQ(vf_rx_count(3), 1u);
    EXPECT_EQ(rd64(INIC_LAG_MEMBER_RX(0)), 2u);
    EXPECT_EQ(rd64(INIC_LAG_MEMBER_RX(1)), 2u);

    /* VF 1 to VF 3's MAC: pinned and following are apart: the wire. */
    auto s = vf_tx(1, vf_from(1, m3, 64));
    ASSERT_EQ(s.size(), 1u);
    EXPECT_EQ(vf_rx_count(3), 1u);
    /* VF 1 (port 0) to a following VF on port 1: inside the NIC. */
    wr(L + INIC_LAG_VF_PIN, 0);
    EXPECT_TRUE(vf_tx(1, vf_from(1, m3, 64)).empty());
    EXPECT_EQ(vf_rx_count(3), 2u);

    /* Failover: the PF now receives on port 1's rings. */
    ring(4, true, 0x28000, 16, 1, 3);
    for (unsigned i = 0; i < 4; i++) {
        rxd(0x28000, i, 0x50000 + 2048 * i, 2048);
    }
    wr(rr(4, true, INIC_RR_TAIL), 4);
    inic_core_set_link(c, 0, false);
    rx(1, frame(60, BCAST));
    EXPECT_EQ(pf_rx_head(4), 1u);
    EXPECT_EQ(pf_rx_head(0), 2u);
}

/* A member's frame held for the active port's rings is flushed by them. */
TEST_F(Lag, HeldFrameOfAMemberIsFlushedByTheActiveRing)
{
    group();
    f.core = c;
    ring(0, true, 0x20000, 16, 0, 2);   /* no buffers yet */
    auto fr = frame(60, BCAST);
    EXPECT_TRUE(inic_core_can_receive(c, 1) == false);
    ASSERT_EQ(rx(1, fr), 0u);           /* held */
    f.held[1] = fr;
    f.flushes.clear();
    rxd(0x20000, 0, 0x40000, 2048);
    wr(rr(0, true, INIC_RR_TAIL), 1);
    EXPECT_NE(std::find(f.flushes.begin(), f.flushes.end(), 1u),
              f.flushes.end());
    EXPECT_EQ(pf_rx_head(0), 1u);
    EXPECT_TRUE(f.held.empty());
    /* A move re-tries the members' held frames too. */
    f.flushes.clear();
    inic_core_set_link(c, 0, false);
    EXPECT_NE(std::find(f.flushes.begin(), f.flushes.end(), 1u),
              f.flushes.end());
}

TEST_F(Lag, ModeSwitchUnderTraffic)
{
    group();
    std::map<uint16_t, unsigned> home;
    for (uint16_t sp = 1; sp <= 64; sp++) {
        EXPECT_EQ(pf_send(udp(sp)).at(0).first, 0u);
    }
    wr(L + INIC_LAG_MODE, INIC_LAG_MODE_HASH);
    std::set<unsigned> used;
    for (uint16_t sp = 1; sp <= 64; sp++) {
        auto s = pf_send(udp(sp));
        ASSERT_EQ(s.size(), 1u);
        home[sp] = s[0].first;
        used.insert(s[0].first);
    }
    EXPECT_EQ(used.size(), 2u);     /* spread over both members */
    for (uint16_t sp = 1; sp <= 64; sp++) {
        EXPECT_EQ(pf_send(udp(sp, sp * 7)).at(0).first, home[sp]);
    }
    /* L2 policy: every UDP flow between two MACs is one flow. */
    wr(L + INIC_LAG_HASH, INIC_LAG_HASH_L2);
    used.clear();
    for (uint16_t sp = 1; sp <= 64; sp++) {
        used.insert(pf_send(udp(sp)).at(0).first);
    }
    EXPECT_EQ(used.size(), 1u);
    wr(L + INIC_LAG_MODE, INIC_LAG_MODE_ACTIVE_BACKUP);
    for (uint16_t sp = 1; sp <= 16; sp++) {
        EXPECT_EQ(pf_send(udp(sp)).at(0).first, 0u);
    }
    EXPECT_EQ(rd(rr(0, false, INIC_RR_HEAD)), rd(rr(0, false, INIC_RR_TAIL)));
}

TEST_F(Lag, HashFailoverMovesOnlyTheFailedMembersFlows)
{
    group(INIC_LAG_MODE_HASH);
    std::map<uint16_t, unsigned> home;
    for (uint16_t sp = 1; sp <= 200; sp++) {
        home[sp] = pf_send(udp(sp)).at(0).first;
    }
    inic_core_set_link(c, 1, false);
    EXPECT_EQ(lstat(INIC_LAG_STAT_FAILOVERS), 1u);
    for (uint16_t sp = 1; sp <= 200; sp++) {
        EXPECT_EQ(pf_send(udp(sp)).at(0).first, 0u);
    }
    inic_core_set_link(c, 1, true);
    EXPECT_EQ(INIC_LAG_LAST_REASON(rd(L + INIC_LAG_LAST)),
              (uint32_t)INIC_LAG_REASON_FAILBACK);
    for (uint16_t sp = 1; sp <= 200; sp++) {
        EXPECT_EQ(pf_send(udp(sp)).at(0).first, home[sp]) << sp;
    }
}

/* The engine alone, four members: only the failed member's flows move. */
TEST(LagEngine, HashStableAndMinimalMovement)
{
    inic::Lag g;
    inic::Lag::Move m;
    g.reset(4, 0xf, true);
    ASSERT_TRUE(g.set_mode(INIC_LAG_MODE_HASH));
    ASSERT_TRUE(g.set_members(0xf));
    ASSERT_TRUE(g.set_ctrl(INIC_LAG_CTRL_ENABLE));
    std::mt19937 rng(3);
    std::vector<uint32_t> hs(4000);
    std::vector<unsigned> before(hs.size());
    unsigned count[4] = {};
    for (size_t i = 0; i < hs.size(); i++) {
        hs[i] = rng();
        before[i] = g.select(hs[i]);
        ASSERT_LT(before[i], 4u);
        count[before[i]]++;
        EXPECT_EQ(g.select(hs[i]), before[i]);
    }
    for (unsigned p = 0; p < 4; p++) {
        EXPECT_GT(count[p], 800u);      /* roughly even */
    }
    m = g.link(2, false);
    EXPECT_TRUE(m.moved);
    unsigned moved_to[4] = {};
    for (size_t i = 0; i < hs.size(); i++) {
        unsigned now = g.select(hs[i]);
        if (before[i] != 2) {
            EXPECT_EQ(now, before[i]);
        } else {
            ASSERT_NE(now, 2u);
            moved_to[now]++;
        }
    }
    EXPECT_GT(moved_to[0] + moved_to[1] + moved_to[3], 0u);
    EXPECT_GT(std::min({ moved_to[0], moved_to[1], moved_to[3] }), 0u);
    g.link(2, true);
    for (size_t i = 0; i < hs.size(); i++) {
        EXPECT_EQ(g.select(hs[i]), before[i]);
    }
    for (unsigned p = 0; p < 4; p++) {
        g.link(p, false);
    }
    EXPECT_EQ(g.select(hs[0]), inic::Lag::NONE);
}

TEST(LagEngine, FlowHashFields)
{
    Flow a;
    auto f1 = ip_frame(a, 10);
    auto f2 = ip_frame(a, 500);             /* same flow, other length */
    Flow b = a;
    b.sport++;
    auto f3 = ip_frame(b, 10);
    using inic::lag_flow_hash;
    EXPECT_EQ(lag_flow_hash(f1.data(), f1.size(), INIC_LAG_HASH_L34),
              lag_flow_hash(f2.data(), f2.size(), INIC_LAG_HASH_L34));
    EXPECT_NE(lag_flow_hash(f1.data(), f1.size(), INIC_LAG_HASH_L34),
              lag_flow_hash(f3.data(), f3.size(), INIC_LAG_HASH_L34));
    EXPECT_EQ(lag_flow_hash(f1.data(), f1.size(), INIC_LAG_HASH_L23),
              lag_flow_hash(f3.data(), f3.size(), INIC_LAG_HASH_L23));
    EXPECT_EQ(lag_flow_hash(f1.data(), f1.size(), INIC_LAG_HASH_L2),
              lag_flow_hash(f3.data(), f3.size(), INIC_LAG_HASH_L2));
    /* A tag does not change an L3/L4 flow. */
    auto f4 = ip_frame(a, 10, MAC0, 18);
    EXPECT_EQ(lag_flow_hash(f1.data(), f1.size(), INIC_LAG_HASH_L34),
              lag_flow_hash(f4.data(), f4.size(), INIC_LAG_HASH_L34));
    /* Short and odd frames: bounded, no crash. */
    uint8_t junk[13] = {};
    lag_flow_hash(junk, sizeof(junk), INIC_LAG_HASH_L34);
    lag_flow_hash(junk, 0, INIC_LAG_HASH_L2);
}

/*
 * A link flapping at random while the PF and a VF send: every frame that
 * had a live member to go to leaves exactly once, on a live member; none
 * leaves when no member has link; none is duplicated. Both modes.
 */
TEST_F(Lag, RandomFlapWhileFramesFlow)
{
    wr(INIC_VF_BASE(2) + INIC_VF_PORT, 1);
    vf_up(2);
    for (uint32_t mode : { (uint32_t)INIC_LAG_MODE_ACTIVE_BACKUP,
                           (uint32_t)INIC_LAG_MODE_HASH }) {
        wr(L + INIC_LAG_CTRL, 0);
        inic_core_set_link(c, 0, true);
        inic_core_set_link(c, 1, true);
        group(mode, INIC_LAG_CTRL_ANNOUNCE |
                    (mode ? 0 : INIC_LAG_CTRL_FAILBACK));
        std::mt19937 rng(11 + mode);
        bool link[2] = { true, true };
        std::map<uint32_t, unsigned> seen;
        unsigned lost_ok = 0, sent = 0;
        for (uint32_t seq = 1; seq <= 3000; seq++) {
            if (rng() % 4 == 0) {
                unsigned p = rng() % 2;
                link[p] = !link[p];
                inic_core_set_link(c, p, link[p]);
            }
            const bool any = link[0] || link[1];
            const bool vf = rng() % 3 == 0;
            std::vector<std::pair<unsigned, std::vector<uint8_t>>> s;
            if (vf) {
                auto fr = vf_from(2, BCAST, 64);
                memcpy(&fr[60], &seq, 4);
                s = vf_tx(2, fr);
            } else {
                s = pf_send(udp((uint16_t)(seq % 37), seq));
            }
            if (!any) {
                EXPECT_TRUE(s.empty()) << seq;
                lost_ok++;
                continue;
            }
            ASSERT_EQ(s.size(), 1u) << "seq " << seq << " mode " << mode;
            EXPECT_TRUE(link[s[0].first]) << seq;
            uint32_t got;
            memcpy(&got, &s[0].second[s[0].second.size() - 4], 4);
            EXPECT_EQ(got, seq);
            EXPECT_EQ(seen[got]++, 0u);
            sent++;
        }
        EXPECT_EQ(sent + lost_ok, 3000u);
        EXPECT_GT(sent, 1000u);
        EXPECT_GT(lstat(INIC_LAG_STAT_FAILOVERS), 10u);
    }
}

TEST_F(Lag, ResetRestoresDefaults)
{
    group();
    inic_core_set_link(c, 0, false);
    wr(INIC_REG_CTRL, INIC_CTRL_RESET);
    EXPECT_EQ(rd(L + INIC_LAG_CTRL), 0u);
    EXPECT_EQ(rd(L + INIC_LAG_MEMBERS), 0u);
    EXPECT_EQ(lstat(INIC_LAG_STAT_FAILOVERS), 1u);  /* function reset keeps */
    inic_core_reset(c);
    EXPECT_EQ(lstat(INIC_LAG_STAT_FAILOVERS), 0u);
    EXPECT_EQ(rd(L + INIC_LAG_LAST), 0u);
    /* Link state survives resets: a group enabled now sees port 0 down. */
    wr(L + INIC_LAG_MEMBERS, 3);
    wr(L + INIC_LAG_CTRL, INIC_LAG_CTRL_ENABLE);
    EXPECT_EQ(rd(L + INIC_LAG_ACTIVE), 1u);
}

} // namespace
