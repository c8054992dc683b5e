// SPDX-License-Identifier: GPL-2.0-or-later
//
// Unit tests of the receive filter (inic_rxfilter.cpp).
// Through the core's C API, with the fake host of fake_host.h.

#include "fake_host.h"

TEST_F(Core11, UnicastAndMulticastFilters)
{
    rx_setup(64);
    for (unsigned i = 0; i < 63; i++) {
        rxd(0x20000, i, 0x50000 + i * 0x800, 2048);
    }
    wr(rr(0, true, INIC_RR_TAIL), 63);
    const uint8_t mc[6] = { 0x01, 0x00, 0x5e, 0x00, 0x00, 0x01 };
    const uint8_t mc2[6] = { 0x33, 0x33, 0x00, 0x00, 0x00, 0x01 };
    const uint8_t bc[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
    const uint8_t uc[6] = { 0x02, 0x11, 0x22, 0x33, 0x44, 0x55 };
    unsigned got = 0, dropped = 0;
    auto send = [&](const uint8_t *dst, bool want) {
        uint32_t h0 = head(0);
        rx(0, frame(60, dst));
        EXPECT_EQ(head(0), want ? h0 + 1 : h0);
        (want ? got : dropped)++;
    };
    /* ABI 1.0 behaviour after reset: all multicast accepted. */
    send(mc, true);
    send(mc2, true);
    send(uc, false);
    port_ctrl(0, INIC_PORT_CTRL_MC_FILTER);
    send(mc, false);
    send(bc, true);
    /* ether_crc_le(01:00:5e:00:00:01) & 0xfff = 0x5fe: reg 47, bit 30. */
    wr(INIC_PTBL_BASE(0) + INIC_PTBL_MC_HASH(0x5fe / 32), 1u << (0x5fe % 32));
    send(mc, true);
    send(mc2, false);       /* 0x99f */
    port_ctrl(0, INIC_PORT_CTRL_ALLMULTI);
    send(mc2, true);
    /* Unicast table. */
    wr(INIC_PTBL_BASE(0) + INIC_PTBL_UC_LO(7), 0x33221102);
    wr(INIC_PTBL_BASE(0) + INIC_PTBL_UC_HI(7), 0x5544);
    send(uc, false);        /* not valid yet */
    wr(INIC_PTBL_BASE(0) + INIC_PTBL_UC_HI(7), 0x5544 | INIC_UC_VALID);
    send(uc, true);
    send(MAC0, true);
    wr(INIC_PTBL_BASE(1) + INIC_PTBL_UC_HI(7), 0);  /* other port's table */
    send(uc, true);
    wr(INIC_PTBL_BASE(0) + INIC_PTBL_UC_HI(7), 0x5544);
    send(uc, false);
    EXPECT_EQ(rd64(pstat(0, INIC_PSTAT_RX_DROP_FILTER)), dropped);
    EXPECT_EQ(rd64(pstat(0, INIC_PSTAT_RX_DROPS)), dropped);
    EXPECT_EQ(rd64(rstat(0, true, INIC_RSTAT_DROP_FILTER)), dropped);
    EXPECT_EQ(rd64(pstat(0, INIC_PSTAT_RX_PKTS)), got);
}

TEST_F(Core11, FilterDropsCountOnTheRssRing)
{
    port_ctrl(0, INIC_PORT_CTRL_RX_EN);
    for (unsigned q = 0; q < 4; q++) {
        rx_ring_up(q, 0);
    }
    wr(INIC_PORT_BASE(0) + INIC_PORT_RSS_CTRL,
       INIC_RSS_ENABLE | INIC_RSS_HASH_ALL);
    Flow fl;    /* hash 0x51ccc178 -> entry 120 -> ring 0 by default */
    wr(INIC_PTBL_BASE(0) + INIC_PTBL_RSS_RETA(30), 0x03020102);
    const uint8_t other[6] = { 0x02, 0, 0, 0, 0, 1 };
    rx(0, ip_frame(fl, 10, other));
    EXPECT_EQ(rd64(rstat(2, true, INIC_RSTAT_DROP_FILTER)), 1u);
    EXPECT_EQ(rd64(rstat(0, true, INIC_RSTAT_DROP_FILTER)), 0u);
    wr(rr(2, true, INIC_RR_CTRL), 0);   /* ring down: DROP_NODESC there */
    rx(0, ip_frame(fl, 10));
    EXPECT_EQ(rd64(rstat(2, true, INIC_RSTAT_DROP_NODESC)), 1u);
    EXPECT_EQ(rd64(pstat(0, INIC_PSTAT_RX_DROPS)), 2u);
}
