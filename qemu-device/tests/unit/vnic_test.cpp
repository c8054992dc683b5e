// SPDX-License-Identifier: GPL-2.0-or-later
//
// Unit tests of VNICs (inic_vnic.cpp, ABI 1.8): VNIC endpoints in the
// embedded switch, RSS within a VNIC, anti-spoofing, the shaper, mirror
// VNICs and their drop counter, enable/disable while frames flow, and the
// register checks. Through the core's C API, with the fake host.

#include "fake_host.h"

#include <algorithm>

namespace {

constexpr uint8_t VA[6] = { 0x02, 0x11, 0, 0, 0, 0xa };
constexpr uint8_t VB[6] = { 0x02, 0x11, 0, 0, 0, 0xb };
constexpr uint8_t PEER[6] = { 0x02, 0xaa, 0, 0, 0, 9 };

uint32_t lo(const uint8_t *m)
{
    return m[0] | m[1] << 8 | m[2] << 16 | (uint32_t)m[3] << 24;
}

class Vnic : public CoreVf {
protected:
    static uint64_t vn(unsigned n, unsigned reg)
    {
        return INIC_VNIC_BASE(n) + reg;
    }
    uint64_t vnstat(unsigned n, unsigned s)
    {
        return rd64(vn(n, INIC_VNIC_STAT(s)));
    }
    /* Ring q's RX ring at 0x200000 + 0x10000 q with nbuf 2048-byte buffers. */
    static uint64_t rxbase(unsigned q) { return 0x200000 + 0x10000 * q; }
    static uint64_t txbase(unsigned q) { return 0x600000 + 0x10000 * q; }
    void rx_ring_up(unsigned q, unsigned nbuf = 8, unsigned port = 0)
    {
        ring(q, true, rxbase(q), 16, port, 1 + q);
        for (unsigned i = 0; i < nbuf; i++) {
            rxd(rxbase(q), i, rxbase(q) + 0x1000 + 2048 * i, 2048);
        }
        wr(rr(q, true, INIC_RR_TAIL), nbuf);
    }
    unsigned rx_count(unsigned q) { return rd(rr(q, true, INIC_RR_HEAD)); }
    std::vector<uint8_t> got(unsigned q, unsigned i)
    {
        inic_rx_desc d = get_rxd(rxbase(q), i);
        const uint8_t *b = &f.ram[rxbase(q) + 0x1000 + 2048 * i];
        return std::vector<uint8_t>(b, b + d.len);
    }
    /* Configure VNIC n (not enabled). */
    void cfg(unsigned n, unsigned port, const uint8_t *mac, unsigned base,
             unsigned count, uint32_t vlan = 0)
    {
        wr(vn(n, INIC_VNIC_PORT), port);
        wr(vn(n, INIC_VNIC_MAC_LO), lo(mac));
        wr(vn(n, INIC_VNIC_MAC_HI), mac[4] | mac[5] << 8);
        wr(vn(n, INIC_VNIC_VLAN), vlan);
        wr(vn(n, INIC_VNIC_RING_BASE), base);
        wr(vn(n, INIC_VNIC_RING_COUNT), count);
    }
    /* Configure, enable and give VNIC n its RX and TX rings. */
    void up(unsigned n, unsigned port, const uint8_t *mac, unsigned base,
            unsigned count, uint32_t vlan = 0)
    {
        cfg(n, port, mac, base, count, vlan);
        wr(vn(n, INIC_VNIC_CTRL), INIC_VNIC_CTRL_ENABLE);
        ASSERT_EQ(rd(vn(n, INIC_VNIC_STATUS)) & INIC_VNIC_STATUS_ENABLED,
                  INIC_VNIC_STATUS_ENABLED);
        for (unsigned q = base; q < base + count; q++) {
            rx_ring_up(q, 8, port);
            ring(q, false, txbase(q), 16, port, 1 + q);
        }
    }
    /* Mirror VNIC m of source src on ring q (nbuf buffers). */
    void mirror_up(unsigned m, uint32_t src, unsigned q, unsigned nbuf)
    {
        wr(vn(m, INIC_VNIC_RING_BASE), q);
        wr(vn(m, INIC_VNIC_RING_COUNT), 1);
        wr(vn(m, INIC_VNIC_MIRROR), src);
        wr(vn(m, INIC_VNIC_CTRL),
           INIC_VNIC_CTRL_ENABLE | INIC_VNIC_CTRL_MIRROR);
        ASSERT_EQ(rd(vn(m, INIC_VNIC_CTRL)),
                  INIC_VNIC_CTRL_ENABLE | INIC_VNIC_CTRL_MIRROR);
        rx_ring_up(q, nbuf);
    }
    /* TX ring q sends fr (slot = its tail). */
    void send(unsigned q, const std::vector<uint8_t> &fr)
    {
        uint32_t t = rd(rr(q, false, INIC_RR_TAIL));
        uint64_t buf = txbase(q) + 0x1000 + 0x800 * (t % 8);
        memcpy(&f.ram[buf], fr.data(), fr.size());
        txd(txbase(q), t, buf, (uint16_t)fr.size(), INIC_TXD_CMD_EOP);
        wr(rr(q, false, INIC_RR_TAIL), (t + 1) % 16);
        inic_core_run_tx(c);
    }
    /* PF port 0: RX on ring 0 and TX on ring 1 (its own rings). */
    void pf_up()
    {
        wr(INIC_PORT_BASE(0) + INIC_PORT_CTRL,
           INIC_PORT_CTRL_RX_EN | INIC_PORT_CTRL_TX_EN);
        rx_ring_up(0);
        ring(1, false, txbase(1), 16, 0, 2);
    }
};

} /* namespace */

TEST_F(Vnic, CapabilityAndVersion)
{
    EXPECT_TRUE(rd(INIC_REG_CAPS) & INIC_CAP_VNIC);
    EXPECT_EQ(rd(INIC_REG_VERSION), (uint32_t)INIC_ABI_VERSION);
    EXPECT_GE(INIC_ABI_MINOR, 8);
    /* Defaults: disabled, one ring, MTU 1500. */
    EXPECT_EQ(rd(vn(63, INIC_VNIC_CTRL)), 0u);
    EXPECT_EQ(rd(vn(63, INIC_VNIC_RING_COUNT)), 1u);
    EXPECT_EQ(rd(vn(63, INIC_VNIC_MTU)), 1500u);
    /* Beyond the 64 entries: reserved. */
    const uint32_t before = err(INIC_ERR_BAD_REG);
    EXPECT_EQ(rd(INIC_VNIC_BASE(INIC_MAX_VNICS)), 0u);
    EXPECT_EQ(err(INIC_ERR_BAD_REG), before + 1);
}

/* From the wire: a VNIC's MAC lands on its ring only, never the PF's. */
TEST_F(Vnic, WireUnicastToVnicOnly)
{
    pf_up();
    up(0, 0, VA, 2, 1);
    wr(rr(2, true, INIC_RR_INT_ARM), INIC_INT_ARM);
    f.irqs.clear();
    EXPECT_EQ(rx(0, from(VA, PEER)), 60u);
    EXPECT_EQ(rx_count(2), 1u);
    EXPECT_EQ(got(2, 0), from(VA, PEER));
    EXPECT_EQ(rx_count(0), 0u);
    EXPECT_EQ(vnstat(0, INIC_VNSTAT_RX_PKTS), 1u);
    EXPECT_EQ(vnstat(0, INIC_VNSTAT_RX_BYTES), 60u);
    EXPECT_EQ(rd64(pstat(0, INIC_PSTAT_RX_PKTS)), 0u);
    EXPECT_EQ(rd64(rstat(2, true, INIC_RSTAT_PKTS)), 1u);
    /* Its MSI-X vector is its ring's (PF vector 3). */
    EXPECT_NE(std::find(f.irqs.begin(), f.irqs.end(), 3u), f.irqs.end());
    /* The PF's MAC still reaches the PF; a VNIC on port 1 is not port 0's. */
    uint8_t pfmac[6];
    memcpy(pfmac, MAC0, 6);
    rx(0, from(pfmac, PEER));
    EXPECT_EQ(rx_count(0), 1u);
    up(1, 1, VB, 5, 1);
    rx(0, from(VB, PEER));
    EXPECT_EQ(rx_count(5), 0u);
    rx(1, from(VB, PEER));
    EXPECT_EQ(rx_count(5), 1u);
}

/* Broadcast from the wire: the PF, every VNIC and VF of the port. */
TEST_F(Vnic, BroadcastReachesEveryEndpointOfThePort)
{
    pf_up();
    vf_up(0);
    up(0, 0, VA, 2, 1);
    up(1, 0, VB, 3, 1);
    up(2, 1, PEER, 5, 1);       /* port 1 */
    rx(0, from(BCAST, PEER));
    EXPECT_EQ(rx_count(0), 1u);
    EXPECT_EQ(rx_count(2), 1u);
    EXPECT_EQ(rx_count(3), 1u);
    EXPECT_EQ(rx_count(5), 0u);
    EXPECT_EQ(vf_rx_count(0), 1u);
}

/* VLAN: a VNIC with VID 20 takes only its tagged frames, untagged. */
TEST_F(Vnic, VlanIsPoppedAndPushed)
{
    pf_up();
    up(0, 0, VA, 2, 1, 20);
    auto fr = from(VA, PEER);
    rx(0, fr);                  /* untagged: not its VLAN: the PF's */
    EXPECT_EQ(rx_count(2), 0u);
    EXPECT_EQ(rd64(pstat(0, INIC_PSTAT_RX_DROP_FILTER)), 1u);
    auto tagged = fr;
    tagged.insert(tagged.begin() + 12, { 0x81, 0x00, 0x00, 20 });
    rx(0, tagged);
    ASSERT_EQ(rx_count(2), 1u);
    EXPECT_EQ(got(2, 0), fr);   /* tag removed */
    send(2, from(PEER, VA));
    ASSERT_EQ(f.sent.size(), 1u);
    auto out = from(PEER, VA);
    out.insert(out.begin() + 12, { 0x81, 0x00, 0x00, 20 });
    EXPECT_EQ(f.sent[0].second, out);
}

/* RSS spreads a VNIC's flows over its own rings and nowhere else. */
TEST_F(Vnic, RssWithinTheVnic)
{
    pf_up();
    up(0, 0, VA, 4, 3);
    wr(vn(0, INIC_VNIC_RSS_CTRL), INIC_RSS_ENABLE | INIC_RSS_HASH_ALL);
    EXPECT_EQ(rd(vn(0, INIC_VNIC_RSS_CTRL)), 0u);   /* enabled: refused */
    wr(vn(0, INIC_VNIC_CTRL), 0);
    wr(vn(0, INIC_VNIC_RSS_CTRL), INIC_RSS_ENABLE | INIC_RSS_HASH_ALL);
    wr(vn(0, INIC_VNIC_CTRL), INIC_VNIC_CTRL_ENABLE);
    ASSERT_EQ(rd(vn(0, INIC_VNIC_CTRL)), INIC_VNIC_CTRL_ENABLE);
    for (unsigned i = 0; i < 15; i++) {
        Flow fl;
        fl.sport = (uint16_t)(1000 + 77 * i);
        rx(0, ip_frame(fl, 20, VA));
    }
    const unsigned n4 = rx_count(4), n5 = rx_count(5), n6 = rx_count(6);
    EXPECT_EQ(n4 + n5 + n6, 15u);
    EXPECT_GT(n4, 0u);
    EXPECT_GT(n5, 0u);
    EXPECT_GT(n6, 0u);
    EXPECT_EQ(rx_count(0), 0u);
    EXPECT_EQ(rx_count(7), 0u);
    /* The descriptor carries the hash. */
    EXPECT_TRUE(get_rxd(rxbase(4), 0).status & INIC_RXD_STA_RSS);
}

/* VNIC to VNIC, to the PF, to a VF: inside the NIC; other unicast: wire. */
TEST_F(Vnic, TransmitIsSwitched)
{
    pf_up();
    vf_up(0);
    up(0, 0, VA, 2, 1);
    up(1, 0, VB, 3, 1);
    send(2, from(VB, VA));
    EXPECT_EQ(rx_count(3), 1u);
    EXPECT_TRUE(f.sent.empty());
    EXPECT_EQ(rd64(INIC_SW_STAT(INIC_SWSTAT_LOCAL_PKTS)), 1u);
    uint8_t vfm[6];
    vfmac(0, vfm);
    send(2, from(vfm, VA));
    EXPECT_EQ(vf_rx_count(0), 1u);
    send(2, from(MAC0, VA));
    EXPECT_EQ(rx_count(0), 1u);
    EXPECT_TRUE(f.sent.empty());
    send(2, from(PEER, VA));
    ASSERT_EQ(f.sent.size(), 1u);
    EXPECT_EQ(f.sent[0].first, 0u);
    EXPECT_EQ(vnstat(0, INIC_VNSTAT_TX_PKTS), 4u);
    EXPECT_EQ(vnstat(0, INIC_VNSTAT_TX_BYTES), 240u);
    /* The PF and a VF reach the VNIC too. */
    send(1, from(VB, MAC0));
    EXPECT_EQ(rx_count(3), 2u);
    vf_send(0, vf_from(0, VB));
    EXPECT_EQ(rx_count(3), 3u);
    /* Broadcast from a VNIC: the PF, the VF and the other VNIC, the wire. */
    send(2, from(BCAST, VA));
    EXPECT_EQ(rx_count(0), 2u);
    EXPECT_EQ(vf_rx_count(0), 2u);
    EXPECT_EQ(rx_count(3), 4u);
    EXPECT_EQ(rx_count(2), 0u);     /* never back to the sender */
    EXPECT_EQ(f.sent.size(), 2u);
}

/* A VNIC sends from its own MAC only. */
TEST_F(Vnic, AntiSpoofing)
{
    up(0, 0, VA, 2, 1);
    send(2, from(PEER, VB));
    EXPECT_TRUE(f.sent.empty());
    EXPECT_EQ(vnstat(0, INIC_VNSTAT_SPOOF_DROPS), 1u);
    EXPECT_EQ(vnstat(0, INIC_VNSTAT_TX_DROPS), 1u);
    EXPECT_EQ(rd64(INIC_SW_STAT(INIC_SWSTAT_DROPS)), 1u);
    EXPECT_EQ(rd(rr(2, false, INIC_RR_HEAD)), 1u);  /* completed (DD) */
    EXPECT_EQ(get_txd(txbase(2), 0).status, INIC_TXD_STA_DD);
    send(2, from(PEER, VA));
    EXPECT_EQ(f.sent.size(), 1u);
    EXPECT_EQ(vnstat(0, INIC_VNSTAT_SPOOF_DROPS), 1u);
}

/* The VNIC's token bucket: frames wait in its ring, never dropped. */
TEST_F(Vnic, ShaperLimitsRate)
{
    up(0, 0, VA, 2, 1);
    const uint32_t mbps = 100, burst = 4000;
    wr(vn(0, INIC_VNIC_RATE), mbps);        /* allowed while enabled */
    wr(vn(0, INIC_VNIC_BURST), burst);
    EXPECT_EQ(rd(vn(0, INIC_VNIC_RATE)), mbps);
    auto fr = from(PEER, VA, 1000);
    for (unsigned i = 0; i < 8; i++) {
        memcpy(&f.ram[txbase(2) + 0x1000 + 0x800 * i], fr.data(), fr.size());
    }
    /* VNIC 0's timer: after the ring timers, before the 4 VFs'. */
    const unsigned timer = inic_core_num_timers(c) - 4 - INIC_MAX_VNICS;
    const uint64_t t0 = f.now, span = 20000000;
    unsigned tail = 0;
    while (f.now - t0 < span) {
        uint32_t head = rd(rr(2, false, INIC_RR_HEAD));
        while (((tail + 1) & 15) != head) {
            txd(txbase(2), tail, txbase(2) + 0x1000 + 0x800 * (tail % 8),
                1000, INIC_TXD_CMD_EOP);
            tail = (tail + 1) & 15;
        }
        wr(rr(2, false, INIC_RR_TAIL), tail);
        inic_core_run_tx(c);
        auto it = f.timers.find(timer);
        ASSERT_NE(it, f.timers.end()) << "shaped VNIC must wait on a timer";
        f.now += it->second;
        f.timers.erase(it);
        inic_core_timer(c, timer);
    }
    const double expect = (double)mbps * 1e6 / 8 * span / 1e9 + burst;
    EXPECT_NEAR((double)f.sent.size() * 1000, expect, expect * 0.03);
    EXPECT_EQ(vnstat(0, INIC_VNSTAT_TX_DROPS), 0u);
    EXPECT_GT(vnstat(0, INIC_VNSTAT_SHAPED), 0u);
    /* Disabling the VNIC stops its timer. */
    inic_core_run_tx(c);
    EXPECT_EQ(f.timers.count(timer), 1u);
    wr(vn(0, INIC_VNIC_CTRL), 0);
    EXPECT_EQ(f.timers.count(timer), 0u);
}

/* A mirror VNIC sees both directions of its source, in order. */
TEST_F(Vnic, MirrorCopiesBothDirections)
{
    pf_up();
    up(0, 0, VA, 2, 1);
    mirror_up(5, INIC_VNIC_MIR(INIC_VNIC_MIR_VNIC, 0), 6, 8);
    auto in = from(VA, PEER), out = from(PEER, VA, 80);
    rx(0, in);
    send(2, out);
    EXPECT_EQ(rx_count(2), 1u);
    EXPECT_EQ(f.sent.size(), 1u);
    ASSERT_EQ(rx_count(6), 2u);
    EXPECT_EQ(got(6, 0), in);
    EXPECT_EQ(got(6, 1), out);
    EXPECT_EQ(vnstat(5, INIC_VNSTAT_RX_PKTS), 2u);
    /* Not another endpoint's traffic. */
    rx(0, from(MAC0, PEER));
    EXPECT_EQ(rx_count(6), 2u);
    /* A mirror VNIC is receive-only and nobody's unicast destination. */
    rx(0, from(BCAST, PEER));
    EXPECT_EQ(rx_count(6), 3u);     /* the copy of what VNIC 0 received */
    ring(6, false, txbase(6), 16, 0, 7);
    send(6, from(PEER, VA));
    EXPECT_EQ(f.sent.size(), 1u);
    EXPECT_EQ(vnstat(5, INIC_VNSTAT_TX_DROPS), 1u);
}

/* Mirroring the PF's port and a VF works the same way. */
TEST_F(Vnic, MirrorOfPfAndVf)
{
    pf_up();
    vf_up(1);
    mirror_up(3, INIC_VNIC_MIR(INIC_VNIC_MIR_PF, 0), 6, 8);
    mirror_up(4, INIC_VNIC_MIR(INIC_VNIC_MIR_VF, 1), 7, 8);
    rx(0, from(MAC0, PEER));
    send(1, from(PEER, MAC0));
    EXPECT_EQ(rx_count(6), 2u);
    uint8_t m1[6];
    vfmac(1, m1);
    rx(0, from(m1, PEER));
    vf_send(1, vf_from(1, PEER));
    EXPECT_EQ(rx_count(7), 2u);
    EXPECT_EQ(rx_count(6), 2u);
}

/* Copies a full mirror ring cannot take are dropped and counted, and the
 * mirrored VNIC's own traffic is untouched (never held). */
TEST_F(Vnic, MirrorDropsNeverBackPressure)
{
    pf_up();
    up(0, 0, VA, 2, 1);
    mirror_up(5, INIC_VNIC_MIR(INIC_VNIC_MIR_VNIC, 0), 6, 2);
    for (unsigned i = 0; i < 6; i++) {
        EXPECT_EQ(rx(0, from(VA, PEER)), 60u);      /* taken, never held */
    }
    EXPECT_EQ(rx_count(2), 6u);
    EXPECT_EQ(vnstat(0, INIC_VNSTAT_RX_PKTS), 6u);
    EXPECT_EQ(vnstat(0, INIC_VNSTAT_RX_DROPS), 0u);
    EXPECT_EQ(rx_count(6), 2u);
    EXPECT_EQ(vnstat(5, INIC_VNSTAT_RX_PKTS), 2u);
    EXPECT_EQ(vnstat(5, INIC_VNSTAT_MIRROR_DROPS), 4u);
    for (unsigned i = 0; i < 3; i++) {
        send(2, from(PEER, VA));
    }
    EXPECT_EQ(f.sent.size(), 3u);
    EXPECT_EQ(vnstat(5, INIC_VNSTAT_MIRROR_DROPS), 7u);
}

/* Disable/enable while frames flow: the MAC goes back to the PF, the
 * rings to the PF; a PF reset removes every VNIC. */
TEST_F(Vnic, AddRemoveWhileFramesFlow)
{
    pf_up();
    up(0, 0, VA, 2, 1);
    for (unsigned round = 0; round < 20; round++) {
        wr(vn(0, INIC_VNIC_CTRL), INIC_VNIC_CTRL_ENABLE);
        ASSERT_EQ(rd(vn(0, INIC_VNIC_CTRL)), INIC_VNIC_CTRL_ENABLE);
        for (unsigned q = 0; q < 3; q += 2) {   /* buffers again */
            for (unsigned i = 0; i < 16; i++) {
                rxd(rxbase(q), i, rxbase(q) + 0x1000 + 2048 * i, 2048);
            }
            wr(rr(q, true, INIC_RR_TAIL), (rx_count(q) + 15) & 15);
        }
        rx(0, from(VA, PEER));
        send(2, from(PEER, VA));
        wr(vn(0, INIC_VNIC_CTRL), 0);
        EXPECT_EQ(rd(vn(0, INIC_VNIC_STATUS)) & INIC_VNIC_STATUS_ENABLED, 0u);
        rx(0, from(VA, PEER));      /* now the PF's (promisc off: filtered) */
        send(2, from(PEER, VB));    /* the PF's ring again: no spoof check */
    }
    EXPECT_EQ(vnstat(0, INIC_VNSTAT_RX_PKTS), 20u);
    EXPECT_EQ(vnstat(0, INIC_VNSTAT_TX_PKTS), 20u);
    EXPECT_EQ(vnstat(0, INIC_VNSTAT_SPOOF_DROPS), 0u);
    EXPECT_EQ(f.sent.size(), 40u);
    EXPECT_EQ(rd64(pstat(0, INIC_PSTAT_RX_DROP_FILTER)), 20u);
    wr(vn(0, INIC_VNIC_CTRL), INIC_VNIC_CTRL_ENABLE);
    wr(INIC_REG_CTRL, INIC_CTRL_RESET);
    EXPECT_EQ(rd(vn(0, INIC_VNIC_CTRL)), 0u);
    EXPECT_EQ(rd(vn(0, INIC_VNIC_MAC_LO)), 0u);
    EXPECT_EQ(vnstat(0, INIC_VNSTAT_RX_PKTS), 20u);  /* kept until PCI reset */
    inic_core_reset(c);
    EXPECT_EQ(vnstat(0, INIC_VNSTAT_RX_PKTS), 0u);
}

/* Bad values: refused with BAD_VALUE and the reason, nothing changes. */
TEST_F(Vnic, BadRegisterValuesRefused)
{
    auto refused = [&](unsigned n) {
        return (rd(vn(n, INIC_VNIC_STATUS)) & INIC_VNIC_STATUS_REFUSED_MASK) >>
               INIC_VNIC_STATUS_REFUSED_SHIFT;
    };
    auto enable = [&](unsigned n) {
        wr(vn(n, INIC_VNIC_CTRL), INIC_VNIC_CTRL_ENABLE);
        return rd(vn(n, INIC_VNIC_CTRL)) == INIC_VNIC_CTRL_ENABLE;
    };
    uint32_t e0 = err(INIC_ERR_BAD_VALUE);
    /* Range checks at write time. */
    wr(vn(0, INIC_VNIC_RING_COUNT), 0);
    wr(vn(0, INIC_VNIC_RING_COUNT), INIC_VNIC_MAX_RINGS + 1);
    wr(vn(0, INIC_VNIC_VLAN), 4095);
    wr(vn(0, INIC_VNIC_VLAN), 0x8000);
    wr(vn(0, INIC_VNIC_MTU), 9001);
    wr(vn(0, INIC_VNIC_OFFLOAD), 0x100);
    wr(vn(0, INIC_VNIC_MIRROR), INIC_VNIC_MIR(3, 0));
    wr(vn(0, INIC_VNIC_CTRL), 0x4);
    EXPECT_EQ(err(INIC_ERR_BAD_VALUE), e0 + 8);
    EXPECT_EQ(rd(vn(0, INIC_VNIC_RING_COUNT)), 1u);
    EXPECT_EQ(rd(vn(0, INIC_VNIC_VLAN)), 0u);
    EXPECT_EQ(rd(vn(0, INIC_VNIC_MTU)), 1500u);
    EXPECT_EQ(rd(vn(0, INIC_VNIC_CTRL)), 0u);
    /* Checks at ENABLE. */
    cfg(0, 2, VA, 0, 1);                    /* 2 ports */
    EXPECT_FALSE(enable(0));
    EXPECT_EQ(refused(0), (unsigned)INIC_VNIC_REF_PORT);
    cfg(0, 0, VA, 7, 2);                    /* 8 PF rings */
    EXPECT_FALSE(enable(0));
    EXPECT_EQ(refused(0), (unsigned)INIC_VNIC_REF_RINGS);
    cfg(0, 0, VA, 1000, 1);
    EXPECT_FALSE(enable(0));
    EXPECT_EQ(refused(0), (unsigned)INIC_VNIC_REF_RINGS);
    cfg(0, 0, BCAST, 2, 2);
    EXPECT_FALSE(enable(0));
    EXPECT_EQ(refused(0), (unsigned)INIC_VNIC_REF_MAC);
    cfg(0, 0, MAC0, 2, 2);                  /* the PF's station MAC */
    EXPECT_FALSE(enable(0));
    EXPECT_EQ(refused(0), (unsigned)INIC_VNIC_REF_DUP_MAC);
    uint8_t vfm[6];
    vfmac(0, vfm);
    inic_core_set_num_vfs(c, 4);
    cfg(0, 0, vfm, 2, 2);                   /* VF 0's MAC */
    EXPECT_FALSE(enable(0));
    EXPECT_EQ(refused(0), (unsigned)INIC_VNIC_REF_DUP_MAC);
    cfg(0, 0, VA, 2, 2);
    EXPECT_TRUE(enable(0));
    EXPECT_EQ(refused(0), 0u);
    cfg(1, 0, VB, 3, 1);                    /* ring 3 is VNIC 0's */
    EXPECT_FALSE(enable(1));
    EXPECT_EQ(refused(1), (unsigned)INIC_VNIC_REF_OVERLAP);
    cfg(1, 0, VA, 4, 1);                    /* VNIC 0's MAC */
    EXPECT_FALSE(enable(1));
    EXPECT_EQ(refused(1), (unsigned)INIC_VNIC_REF_DUP_MAC);
    cfg(1, 0, VA, 4, 1, 30);                /* VA in VLAN 30 vs all VLANs */
    EXPECT_FALSE(enable(1));
    cfg(1, 1, VA, 4, 1);                    /* same MAC, other port: fine */
    EXPECT_TRUE(enable(1));
    /* Mirror sources. */
    wr(vn(2, INIC_VNIC_RING_BASE), 6);
    wr(vn(2, INIC_VNIC_MIRROR), INIC_VNIC_MIR(INIC_VNIC_MIR_VNIC, 2));
    wr(vn(2, INIC_VNIC_CTRL), INIC_VNIC_CTRL_ENABLE | INIC_VNIC_CTRL_MIRROR);
    EXPECT_EQ(refused(2), (unsigned)INIC_VNIC_REF_MIRROR);   /* itself */
    wr(vn(2, INIC_VNIC_MIRROR), INIC_VNIC_MIR(INIC_VNIC_MIR_VF, 4));
    wr(vn(2, INIC_VNIC_CTRL), INIC_VNIC_CTRL_ENABLE | INIC_VNIC_CTRL_MIRROR);
    EXPECT_EQ(refused(2), (unsigned)INIC_VNIC_REF_MIRROR);   /* 4 VFs */
    wr(vn(2, INIC_VNIC_MIRROR), INIC_VNIC_MIR(INIC_VNIC_MIR_PF, 2));
    wr(vn(2, INIC_VNIC_CTRL), INIC_VNIC_CTRL_ENABLE | INIC_VNIC_CTRL_MIRROR);
    EXPECT_EQ(refused(2), (unsigned)INIC_VNIC_REF_MIRROR);   /* 2 ports */
    EXPECT_EQ(rd(vn(2, INIC_VNIC_CTRL)) & INIC_VNIC_CTRL_ENABLE, 0u);
    /* Configuration of an enabled VNIC is refused; RATE is not. */
    e0 = err(INIC_ERR_BAD_VALUE);
    wr(vn(0, INIC_VNIC_MAC_LO), lo(VB));
    wr(vn(0, INIC_VNIC_RING_BASE), 5);
    wr(vn(0, INIC_VNIC_CTRL), INIC_VNIC_CTRL_ENABLE | INIC_VNIC_CTRL_MIRROR);
    EXPECT_EQ(err(INIC_ERR_BAD_VALUE), e0 + 3);
    EXPECT_EQ(rd(vn(0, INIC_VNIC_MAC_LO)), lo(VA));
    EXPECT_EQ(rd(vn(0, INIC_VNIC_RING_BASE)), 2u);
    EXPECT_EQ(rd(vn(0, INIC_VNIC_CTRL)), INIC_VNIC_CTRL_ENABLE);
    wr(vn(0, INIC_VNIC_RATE), 10);
    EXPECT_EQ(rd(vn(0, INIC_VNIC_RATE)), 10u);
    EXPECT_EQ(err(INIC_ERR_BAD_VALUE), e0 + 3);
    /* Read-only STATUS: BAD_REG; counters ignore writes (as every one). */
    const uint32_t b0 = err(INIC_ERR_BAD_REG);
    wr(vn(0, INIC_VNIC_STATUS), 0);
    EXPECT_EQ(err(INIC_ERR_BAD_REG), b0 + 1);
    rx_ring_up(2);
    rx(0, from(VA, PEER));
    wr(vn(0, INIC_VNIC_STAT(INIC_VNSTAT_RX_PKTS)), 0);
    EXPECT_EQ(vnstat(0, INIC_VNSTAT_RX_PKTS), 1u);
}

/* 32 VNICs on one port (one ring each on a wider PF), each its own flow. */
class VnicScale : public Vnic {
protected:
    void SetUp() override
    {
        queues = 32;
        vfs = 4;
        make();
    }
};

TEST_F(VnicScale, ThirtyTwoVnicsOnOnePort)
{
    for (unsigned n = 0; n < 32; n++) {
        uint8_t m[6] = { 0x02, 0x22, 0, 0, 0, (uint8_t)n };
        up(n, 0, m, n, 1);
    }
    for (unsigned round = 0; round < 3; round++) {
        for (unsigned n = 0; n < 32; n++) {
            uint8_t m[6] = { 0x02, 0x22, 0, 0, 0, (uint8_t)n };
            rx(0, from(m, PEER));
        }
    }
    for (unsigned n = 0; n < 32; n++) {
        EXPECT_EQ(rx_count(n), 3u) << "VNIC " << n;
        EXPECT_EQ(vnstat(n, INIC_VNSTAT_RX_PKTS), 3u);
    }
    EXPECT_EQ(rd64(pstat(0, INIC_PSTAT_RX_PKTS)), 0u);
}

/*
 * The vnic-rings property: PF ring pairs beyond ports * queues, each with
 * its vector, that no port uses by default; VNIC groups live there.
 */
class VnicRings : public Vnic {
protected:
    void SetUp() override
    {
        vnic_rings = 8;
        make();
    }
};

TEST_F(VnicRings, ExtraRingsCarryVnics)
{
    EXPECT_EQ(rd(INIC_REG_NUM_RINGS), 2u * 4u + 8u);
    EXPECT_EQ(rd(INIC_REG_NUM_VECTORS), 1u + 2u * 4u + 8u);
    EXPECT_EQ(rd(INIC_REG_RINGS_PER_PORT), 4u);
    /* The last extra ring is usable; one past it is refused. */
    up(0, 1, VA, 15, 1);
    rx(1, from(VA, PEER));
    EXPECT_EQ(rx_count(15), 1u);
    EXPECT_EQ(vnstat(0, INIC_VNSTAT_RX_PKTS), 1u);
    cfg(1, 0, VB, 15, 2);
    wr(vn(1, INIC_VNIC_CTRL), INIC_VNIC_CTRL_ENABLE);
    EXPECT_EQ(rd(vn(1, INIC_VNIC_STATUS)) >> INIC_VNIC_STATUS_REFUSED_SHIFT &
                  0xff,
              (uint32_t)INIC_VNIC_REF_RINGS);
}

TEST(VnicRingsConfig, TooManyRingsRefused)
{
    Fake f;
    InicConfig cfg = {};
    cfg.ports = 2;
    cfg.queues = 4;
    cfg.vnic_rings = INIC_MAX_RINGS - 7;
    InicCallbacks cb = f.callbacks();
    EXPECT_EQ(inic_core_new(&cfg, &cb), nullptr);
    cfg.vnic_rings = INIC_MAX_RINGS - 8;
    InicCore *c = inic_core_new(&cfg, &cb);
    ASSERT_NE(c, nullptr);
    EXPECT_EQ((uint32_t)inic_core_mmio_read(c, INIC_REG_NUM_RINGS, 4),
              (uint32_t)INIC_MAX_RINGS);
    inic_core_free(c);
}
