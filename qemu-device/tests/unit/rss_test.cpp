// SPDX-License-Identifier: GPL-2.0-or-later
//
// Unit tests of receive side scaling (inic_rss.cpp).
// Through the core's C API, with the fake host of fake_host.h.

#include "fake_host.h"

TEST_F(Core11, RssSelectsRingAndReportsHash)
{
    port_ctrl(0, INIC_PORT_CTRL_RX_EN);
    for (unsigned q = 0; q < 4; q++) {
        rx_ring_up(q, 0);
    }
    Flow fl;
    /* RSS off: PORT_RX_RING, no hash, but pkt_type is reported. */
    EXPECT_EQ(rx(0, ip_frame(fl, 10)), 64u);
    EXPECT_EQ(head(0), 1u);
    auto d = get_rxd(rxbase(0), 0);
    EXPECT_EQ(d.status, INIC_RXD_STA_DD | INIC_RXD_STA_EOP);
    EXPECT_EQ(d.pkt_type, INIC_PTYPE_L3_IPV4 | INIC_PTYPE_L4_TCP);
    EXPECT_EQ(d.rss_hash, 0u);

    wr(INIC_PORT_BASE(0) + INIC_PORT_RSS_CTRL,
       INIC_RSS_ENABLE | INIC_RSS_HASH_ALL);
    /* 0x51ccc178 & 127 = 120: entry 120 is in RETA register 30, byte 0. */
    wr(INIC_PTBL_BASE(0) + INIC_PTBL_RSS_RETA(30), 0x03020103);
    EXPECT_EQ(rx(0, ip_frame(fl, 10)), 64u);
    EXPECT_EQ(head(3), 1u);
    d = get_rxd(rxbase(3), 0);
    EXPECT_EQ(d.status, INIC_RXD_STA_DD | INIC_RXD_STA_EOP | INIC_RXD_STA_RSS);
    EXPECT_EQ(d.rss_hash, 0x51ccc178u);
    EXPECT_EQ(d.pkt_type, INIC_PTYPE_L3_IPV4 | INIC_PTYPE_L4_TCP |
                          (INIC_HASH_TCP_IPV4 << INIC_PTYPE_HASH_SHIFT));
    EXPECT_TRUE(INIC_HASH_IS_L4(INIC_PTYPE_HASH(d.pkt_type)));
    /* UDP: same 4-tuple, same hash, UDP type. */
    fl.proto = 17;
    rx(0, ip_frame(fl, 10));
    d = get_rxd(rxbase(3), 1);
    EXPECT_EQ(d.rss_hash, 0x51ccc178u);
    EXPECT_EQ(INIC_PTYPE_HASH(d.pkt_type), (unsigned)INIC_HASH_UDP_IPV4);
    /* UDP hashing off: 2-tuple over the addresses. 0x323e8fc2 & 127 = 66. */
    wr(INIC_PORT_BASE(0) + INIC_PORT_RSS_CTRL,
       INIC_RSS_ENABLE | (INIC_RSS_HASH_ALL & ~INIC_RSS_HASH_UDP_IPV4));
    rx(0, ip_frame(fl, 10));
    EXPECT_EQ(head(66 % 4), 1u);
    d = get_rxd(rxbase(2), 0);
    EXPECT_EQ(d.rss_hash, 0x323e8fc2u);
    EXPECT_EQ(INIC_PTYPE_HASH(d.pkt_type), (unsigned)INIC_HASH_IPV4);
    EXPECT_FALSE(INIC_HASH_IS_L4(INIC_PTYPE_HASH(d.pkt_type)));
    /* IPv6 TCP: 0x40207d3d & 127 = 61 -> ring 1. */
    Flow f6;
    f6.ver = 6;
    memcpy(f6.src, V6SRC, 16);
    memcpy(f6.dst, V6DST, 16);
    rx(0, ip_frame(f6, 100));
    EXPECT_EQ(head(1), 1u);
    d = get_rxd(rxbase(1), 0);
    EXPECT_EQ(d.rss_hash, 0x40207d3du);
    EXPECT_EQ(d.pkt_type, INIC_PTYPE_L3_IPV6 | INIC_PTYPE_L4_TCP |
                          (INIC_HASH_TCP_IPV6 << INIC_PTYPE_HASH_SHIFT));
    /* Not IP: PORT_RX_RING (0), no hash. */
    rx(0, frame(60));
    EXPECT_EQ(head(0), 2u);
    EXPECT_EQ(get_rxd(rxbase(0), 1).status, INIC_RXD_STA_DD | INIC_RXD_STA_EOP);
    /* IPv4 fragment: 2-tuple hash, FRAG, no L4. */
    fl.proto = 6;
    auto frag = ip_frame(fl, 10);
    frag[14 + 6] = 0x20;    /* MF */
    rx(0, frag);
    d = get_rxd(rxbase(2), 1);
    EXPECT_EQ(d.rss_hash, 0x323e8fc2u);
    EXPECT_EQ(d.pkt_type, INIC_PTYPE_L3_IPV4 | INIC_PTYPE_FRAG |
                          (INIC_HASH_IPV4 << INIC_PTYPE_HASH_SHIFT));
    /* A new key changes the hash: all-zero key hashes to 0 -> entry 0. */
    for (unsigned i = 0; i < INIC_RSS_KEY_REGS; i++) {
        wr(INIC_PTBL_BASE(0) + INIC_PTBL_RSS_KEY(i), 0);
    }
    rx(0, ip_frame(fl, 10));
    EXPECT_EQ(head(0), 3u);
    EXPECT_EQ(get_rxd(rxbase(0), 2).rss_hash, 0u);
    EXPECT_EQ(get_rxd(rxbase(0), 2).status & INIC_RXD_STA_RSS,
              INIC_RXD_STA_RSS);
}
