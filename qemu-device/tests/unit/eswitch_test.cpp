// SPDX-License-Identifier: GPL-2.0-or-later
//
// Unit tests of the embedded switch (inic_eswitch.cpp): forwarding,
// replication, port VLAN, spoof check.
// Through the core's C API, with the fake host of fake_host.h.

#include "fake_host.h"

TEST_F(CoreVf, WireUnicastToVfOnlyBroadcastToAll)
{
    rx_setup();
    for (unsigned i = 0; i < 8; i++) {
        rxd(0x20000, i, 0x40000 + 2048 * i, 2048);
    }
    wr(rr(0, true, INIC_RR_TAIL), 8);
    for (unsigned v = 0; v < 4; v++) {
        vf_up(v);
    }
    uint8_t m1[6];
    vfmac(1, m1);
    const uint8_t peer[6] = { 0x02, 0xaa, 0, 0, 0, 1 };
    EXPECT_EQ(rx(0, from(m1, peer)), 60u);
    EXPECT_EQ(vf_rx_count(1), 1u);
    EXPECT_EQ(vf_got(1, 0), from(m1, peer));
    EXPECT_EQ(rd(rr(0, true, INIC_RR_HEAD)), 0u);   /* not the PF */
    EXPECT_EQ(vf_rx_count(0), 0u);
    /* The PF stays non-promiscuous and sees nothing of it. */
    EXPECT_EQ(rd64(pstat(0, INIC_PSTAT_RX_DROP_FILTER)), 0u);
    /* Broadcast: PF and every VF of port 0. */
    EXPECT_EQ(rx(0, from(BCAST, peer)), 60u);
    EXPECT_EQ(rd(rr(0, true, INIC_RR_HEAD)), 1u);
    for (unsigned v = 0; v < 4; v++) {
        EXPECT_EQ(vf_rx_count(v), v == 1 ? 2u : 1u) << v;
    }
    EXPECT_EQ(vstat(1, INIC_VSTAT_RX_PKTS), 2u);
    EXPECT_EQ(vstat(1, INIC_VSTAT_RX_BYTES), 120u);
    /* VF 3 moved to port 1: no longer gets port 0's broadcast. */
    wr(INIC_VF_BASE(3) + INIC_VF_PORT, 1);
    rx(0, from(BCAST, peer));
    EXPECT_EQ(vf_rx_count(3), 1u);
    EXPECT_EQ(vf_rx_count(2), 2u);
}

TEST_F(CoreVf, VfToVfNeverLeavesThePort)
{
    for (unsigned v = 0; v < 4; v++) {
        vf_up(v);
    }
    uint8_t m2[6];
    vfmac(2, m2);
    vf_send(0, vf_from(0, m2, 100));
    EXPECT_TRUE(f.sent.empty());
    EXPECT_EQ(vf_rx_count(2), 1u);
    EXPECT_EQ(vf_got(2, 0), vf_from(0, m2, 100));
    EXPECT_EQ(vstat(0, INIC_VSTAT_TX_PKTS), 1u);
    EXPECT_EQ(vstat(0, INIC_VSTAT_TX_LOCAL), 1u);
    EXPECT_EQ(vstat(2, INIC_VSTAT_RX_PKTS), 1u);
    EXPECT_EQ(rd64(INIC_SW_STAT(INIC_SWSTAT_LOCAL_PKTS)), 1u);
    EXPECT_EQ(rd64(INIC_SW_STAT(INIC_SWSTAT_LOCAL_BYTES)), 100u);
    EXPECT_EQ(rd64(pstat(0, INIC_PSTAT_TX_PKTS)), 0u);
    EXPECT_EQ(get_txd(vbase(0), 0).status, INIC_TXD_STA_DD);
    /* Unknown unicast goes out on the wire. */
    const uint8_t peer[6] = { 0x02, 0xaa, 0, 0, 0, 1 };
    vf_send(0, vf_from(0, peer));
    ASSERT_EQ(f.sent.size(), 1u);
    EXPECT_EQ(f.sent[0].first, 0u);
    EXPECT_EQ(f.sent[0].second, vf_from(0, peer));
    EXPECT_EQ(rd64(INIC_SW_STAT(INIC_SWSTAT_VF_TO_WIRE)), 1u);
}

TEST_F(CoreVf, BroadcastReplicationAndPfPaths)
{
    rx_setup();
    for (unsigned i = 0; i < 8; i++) {
        rxd(0x20000, i, 0x40000 + 2048 * i, 2048);
    }
    wr(rr(0, true, INIC_RR_TAIL), 8);
    tx_setup();
    for (unsigned v = 0; v < 4; v++) {
        vf_up(v);
    }
    /* VF 1's broadcast: PF, VFs 0, 2, 3 and the wire; not back to 1. */
    vf_send(1, vf_from(1, BCAST));
    EXPECT_EQ(f.sent.size(), 1u);
    EXPECT_EQ(rd(rr(0, true, INIC_RR_HEAD)), 1u);
    EXPECT_EQ(vf_rx_count(1), 0u);
    EXPECT_EQ(vf_rx_count(0), 1u);
    EXPECT_EQ(vf_rx_count(2), 1u);
    EXPECT_EQ(vf_rx_count(3), 1u);
    EXPECT_EQ(rd64(INIC_SW_STAT(INIC_SWSTAT_COPIES)), 4u);
    /* Multicast likewise; a VF filtering multicast gets it by hash only. */
    const uint8_t mc[6] = { 0x01, 0x00, 0x5e, 0x00, 0x00, 0x01 };
    vwr(3, INIC_PORT_BASE(0) + INIC_PORT_CTRL, INIC_PORT_CTRL_RX_EN |
        INIC_PORT_CTRL_TX_EN | INIC_PORT_CTRL_MC_FILTER);
    vf_send(1, vf_from(1, mc));
    EXPECT_EQ(vf_rx_count(3), 1u);
    EXPECT_EQ(vf_rx_count(2), 2u);
    uint32_t h = inic::ether_crc_le(mc, 6) & 63;
    wr(INIC_VF_BASE(3) + (h < 32 ? INIC_VF_MC_HASH_LO : INIC_VF_MC_HASH_HI),
       1u << (h % 32));
    vf_send(1, vf_from(1, mc));
    EXPECT_EQ(vf_rx_count(3), 2u);
    EXPECT_EQ(f.sent.size(), 3u);
    /* VF to the PF's MAC: local; PF to a VF's MAC: local too. */
    vf_send(1, vf_from(1, MAC0));
    EXPECT_EQ(f.sent.size(), 3u);
    EXPECT_EQ(rd(rr(0, true, INIC_RR_HEAD)), 4u);
    uint8_t m2[6];
    vfmac(2, m2);
    auto fr = from(m2, MAC0);
    memcpy(&f.ram[0x30000], fr.data(), fr.size());
    txd(0x10000, 0, 0x30000, 60, INIC_TXD_CMD_EOP);
    wr(rr(0, false, INIC_RR_TAIL), 1);
    inic_core_run_tx(c);
    EXPECT_EQ(f.sent.size(), 3u);
    EXPECT_EQ(vf_rx_count(2), 4u);
    /* A PF broadcast reaches the VFs and the wire. */
    auto bc = from(BCAST, MAC0);
    memcpy(&f.ram[0x30000], bc.data(), bc.size());
    txd(0x10000, 1, 0x30000, 60, INIC_TXD_CMD_EOP);
    wr(rr(0, false, INIC_RR_TAIL), 2);
    inic_core_run_tx(c);
    EXPECT_EQ(f.sent.size(), 4u);
    EXPECT_EQ(vf_rx_count(0), 4u);
    EXPECT_EQ(rd64(rstat(0, false, INIC_RSTAT_PKTS)), 2u);
}

TEST_F(CoreVf, PortVlanIsolation)
{
    for (unsigned v = 0; v < 4; v++) {
        vf_up(v);
    }
    wr(INIC_VF_BASE(0) + INIC_VF_VLAN, 10 | (5 << INIC_VF_VLAN_PCP_SHIFT));
    wr(INIC_VF_BASE(1) + INIC_VF_VLAN, 20);
    /* VF 0's broadcast: tagged 10 (PCP 5) on the wire and to trunk VFs;
     * not to VF 1 (VLAN 20). */
    vf_send(0, vf_from(0, BCAST));
    ASSERT_EQ(f.sent.size(), 1u);
    const auto &w = f.sent[0].second;
    ASSERT_EQ(w.size(), 64u);
    EXPECT_EQ(w[12], 0x81);
    EXPECT_EQ(w[13], 0x00);
    EXPECT_EQ((w[14] << 8) | w[15], (5 << 13) | 10);
    EXPECT_EQ(vf_rx_count(1), 0u);
    EXPECT_EQ(vf_rx_count(2), 1u);
    EXPECT_EQ(vf_got(2, 0).size(), 64u);
    EXPECT_EQ(vstat(0, INIC_VSTAT_TX_BYTES), 64u);
    /* Unicast from VF 0 to VF 1's MAC: other VLAN, so not switched. */
    uint8_t m1[6];
    vfmac(1, m1);
    vf_send(0, vf_from(0, m1));
    EXPECT_EQ(vf_rx_count(1), 0u);
    EXPECT_EQ(f.sent.size(), 2u);
    /* From the wire: tagged 20 reaches VF 1 untagged, not VF 0. */
    std::vector<uint8_t> t(64);
    memcpy(t.data(), BCAST, 6);
    t[6] = 0x02;
    t[12] = 0x81;
    t[15] = 20;
    t[16] = 0x88;
    t[17] = 0xb5;
    rx(0, t);
    EXPECT_EQ(vf_rx_count(1), 1u);
    EXPECT_EQ(vf_rx_count(0), 0u);
    auto g = vf_got(1, 0);
    ASSERT_EQ(g.size(), 60u);
    EXPECT_EQ(g[12], 0x88);
    EXPECT_EQ(get_rxd(vbase(1) + 0x1000, 0).status & INIC_RXD_STA_VLAN, 0);
    /* Untagged broadcast: only VFs without a port VLAN. */
    rx(0, from(BCAST, MAC0));
    EXPECT_EQ(vf_rx_count(0), 0u);
    EXPECT_EQ(vf_rx_count(1), 1u);
    EXPECT_EQ(vf_rx_count(3), 3u);
}

TEST_F(CoreVf, SpoofCheck)
{
    vf_up(0);
    const uint8_t fake_sa[6] = { 0x02, 0xee, 0, 0, 0, 9 };
    const uint8_t peer[6] = { 0x02, 0xaa, 0, 0, 0, 1 };
    wr(INIC_VF_BASE(0) + INIC_VF_CTRL, INIC_VF_CTRL_SPOOFCHK);
    vf_send(0, from(peer, fake_sa));
    EXPECT_TRUE(f.sent.empty());
    EXPECT_EQ(vstat(0, INIC_VSTAT_SPOOF_DROPS), 1u);
    EXPECT_EQ(vstat(0, INIC_VSTAT_TX_DROPS), 1u);
    EXPECT_EQ(get_txd(vbase(0), 0).status, INIC_TXD_STA_DD);
    vf_send(0, vf_from(0, peer));           /* its own MAC: fine */
    EXPECT_EQ(f.sent.size(), 1u);
    wr(INIC_VF_BASE(0) + INIC_VF_CTRL, 0);  /* spoof check off */
    vf_send(0, from(peer, fake_sa));
    EXPECT_EQ(f.sent.size(), 2u);
    EXPECT_EQ(vstat(0, INIC_VSTAT_SPOOF_DROPS), 1u);
}

/* A trusted promiscuous VF gets only unicast that no function owns. */
TEST_F(CoreVf, PromiscVfGetsOnlyUnownedUnicast)
{
    rx_setup();
    for (unsigned i = 0; i < 8; i++) {
        rxd(0x20000, i, 0x40000 + 2048 * i, 2048);
    }
    wr(rr(0, true, INIC_RR_TAIL), 8);
    vf_up(0);
    wr(INIC_VF_BASE(0) + INIC_VF_CTRL, INIC_VF_CTRL_TRUST);
    vwr(0, INIC_PORT_BASE(0) + INIC_PORT_CTRL,
        INIC_PORT_CTRL_RX_EN | INIC_PORT_CTRL_PROMISC);
    const uint8_t peer[6] = { 0x02, 0xaa, 0, 0, 0, 1 };
    const uint8_t uc[6] = { 0x02, 0x55, 0, 0, 0, 7 };
    wr(INIC_PTBL_BASE(0) + INIC_PTBL_UC_LO(3), 0x00005502);
    wr(INIC_PTBL_BASE(0) + INIC_PTBL_UC_HI(3), 0x0700 | INIC_UC_VALID);
    /* The PF's station MAC and its UC entry: the PF's traffic only. */
    rx(0, from(MAC0, peer));
    rx(0, from(uc, peer));
    EXPECT_EQ(rd(rr(0, true, INIC_RR_HEAD)), 2u);
    EXPECT_EQ(vf_rx_count(0), 0u);
    EXPECT_EQ(vstat(0, INIC_VSTAT_RX_PKTS), 0u);
    /* Also while the PF itself is promiscuous. */
    wr(INIC_PORT_BASE(0) + INIC_PORT_CTRL,
       INIC_PORT_CTRL_RX_EN | INIC_PORT_CTRL_PROMISC);
    rx(0, from(MAC0, peer));
    EXPECT_EQ(vf_rx_count(0), 0u);
    /* Unicast nobody owns: the PF (promiscuous) and the VF. */
    const uint8_t other[6] = { 0x02, 0x77, 0, 0, 0, 1 };
    rx(0, from(other, peer));
    EXPECT_EQ(vf_rx_count(0), 1u);
    EXPECT_EQ(vf_got(0, 0), from(other, peer));
    EXPECT_EQ(rd(rr(0, true, INIC_RR_HEAD)), 4u);
}

/* A port-VLAN VF's frame too short to carry a tag never leaves untagged. */
TEST_F(CoreVf, PortVlanVfRuntIsDropped)
{
    vf_up(0);
    vf_up(1);
    wr(INIC_VF_BASE(0) + INIC_VF_VLAN, 10);
    for (size_t len : { 1, 6, 11, 12, 13 }) {
        std::vector<uint8_t> fr(len, 0xff);     /* "broadcast" */
        vf_send(0, fr);
    }
    EXPECT_TRUE(f.sent.empty());
    EXPECT_EQ(vf_rx_count(1), 0u);
    for (unsigned i = 0; i < 5; i++) {
        EXPECT_EQ(get_txd(vbase(0), i).status,
                  INIC_TXD_STA_DD | INIC_TXD_STA_ERR) << i;
    }
    EXPECT_EQ(vrd(0, INIC_REG_ERR_COUNT(INIC_ERR_BAD_DESC)), 5u);
    EXPECT_EQ(vstat(0, INIC_VSTAT_TX_DROPS), 5u);
    EXPECT_EQ(vstat(0, INIC_VSTAT_TX_PKTS), 0u);
    /* A full header is tagged as before. */
    vf_send(0, vf_from(0, BCAST, 14));
    ASSERT_EQ(f.sent.size(), 1u);
    EXPECT_EQ(f.sent[0].second.size(), 18u);
    EXPECT_EQ(f.sent[0].second[12], 0x81);
}
