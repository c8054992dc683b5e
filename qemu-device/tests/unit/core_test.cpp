// SPDX-License-Identifier: GPL-2.0-or-later
//
// Unit tests of the core (inic_core.cpp): reset kinds and re-entrant accesses.
// Through the core's C API, with the fake host of fake_host.h.

#include "fake_host.h"

TEST_F(Core, FunctionResetKeepsCountersFullResetClears)
{
    tx_setup();
    rx_setup();
    txd(0x10000, 0, 0x30000, 60, INIC_TXD_CMD_EOP);
    wr(rr(0, false, INIC_RR_TAIL), 1);
    inic_core_run_tx(c);
    wr(INIC_PORT_BASE(0) + INIC_PORT_MTU, 4000);
    wr(INIC_PORT_BASE(0) + INIC_PORT_MAC_HI, 0xffff);
    wr(INIC_PORT_BASE(1) + INIC_PORT_RX_RING, 0);
    wr(INIC_REG_MISC_MASK, INIC_MISC_ALL);
    wr(INIC_REG_MISC_VECTOR, 3);
    inic_core_set_link(c, 1, false);
    rd(0x3000);

    wr(INIC_REG_CTRL, INIC_CTRL_RESET);
    EXPECT_EQ(rd(INIC_REG_CTRL), 0u);
    EXPECT_EQ(rd(rr(0, false, INIC_RR_STATUS)), 0u);
    EXPECT_EQ(rd(rr(0, false, INIC_RR_HEAD)), 0u);
    EXPECT_EQ(rd(rr(0, false, INIC_RR_SIZE)), 0u);
    EXPECT_EQ(rd(rr(0, true, INIC_RR_VECTOR)), 0u);
    EXPECT_EQ(rd(INIC_PORT_BASE(0) + INIC_PORT_MTU), 1500u);
    EXPECT_EQ(rd(INIC_PORT_BASE(0) + INIC_PORT_CTRL), 0u);
    EXPECT_EQ(rd(INIC_PORT_BASE(0) + INIC_PORT_MAC_HI), 0x10cdu);
    EXPECT_EQ(rd(INIC_PORT_BASE(1) + INIC_PORT_RX_RING), 4u);
    EXPECT_EQ(rd(INIC_REG_MISC_CAUSE), 0u);
    EXPECT_EQ(rd(INIC_REG_MISC_MASK), 0u);
    EXPECT_EQ(rd(INIC_REG_MISC_VECTOR), 0u);
    EXPECT_EQ(rd64(pstat(0, INIC_PSTAT_TX_PKTS)), 1u);
    EXPECT_EQ(rd64(rstat(0, false, INIC_RSTAT_PKTS)), 1u);
    EXPECT_EQ(rd(INIC_PORT_BASE(1) + INIC_PORT_LINK_EVENTS), 1u);
    EXPECT_EQ(err(INIC_ERR_BAD_REG), 1u);
    EXPECT_EQ(rd(INIC_PORT_BASE(1) + INIC_PORT_STATUS), 0u);   /* wire */

    inic_core_reset(c);
    EXPECT_EQ(rd64(pstat(0, INIC_PSTAT_TX_PKTS)), 0u);
    EXPECT_EQ(rd64(rstat(0, false, INIC_RSTAT_PKTS)), 0u);
    EXPECT_EQ(rd(INIC_PORT_BASE(1) + INIC_PORT_LINK_EVENTS), 0u);
    EXPECT_EQ(rd(INIC_REG_ERR_TOTAL), 0u);
    EXPECT_EQ(err(INIC_ERR_BAD_REG), 0u);
    EXPECT_EQ(rd(INIC_PORT_BASE(1) + INIC_PORT_STATUS), 0u);   /* wire */
    inic_core_set_link(c, 1, true);
    EXPECT_EQ(rd(INIC_PORT_BASE(1) + INIC_PORT_STATUS), INIC_PORT_STATUS_LINK);
}

/*
 * DMA aimed at a VF's BAR0 during a receive is refused by the core (QEMU's
 * per-device guard does not stop it: the VF is another device): port 0's
 * frame must never land in the buffers of the frame it would let in.
 */
TEST_F(CoreVf, DmaToAVfBarCannotReenterTheCore)
{
    f.core = c;
    /* Port 1: RSS on, so any ring doorbell flushes what it holds. */
    wr(INIC_PORT_BASE(1) + INIC_PORT_CTRL, INIC_PORT_CTRL_RX_EN);
    wr(INIC_PORT_BASE(1) + INIC_PORT_RSS_CTRL, INIC_RSS_ENABLE);
    ring(4, true, 0x20000, 16, 1, 2);
    for (unsigned i = 0; i < 4; i++) {
        rxd(0x20000, i, 0x60000 + 0x400 * i, 1024);
    }
    wr(rr(4, true, INIC_RR_TAIL), 4);
    /* The backend holds a 1500-byte frame for port 1 (two buffers). */
    uint8_t p1mac[6];
    memcpy(p1mac, MAC0, 6);
    p1mac[5]++;
    const uint8_t peer[6] = { 0x02, 0xaa, 0, 0, 0, 1 };
    auto fr1 = from(p1mac, peer, 1500);
    /* VF 0's first RX buffer: 8 bytes at VF 1's RX TAIL and VECTOR. */
    vf_up(0);
    vf_up(1);
    f.held[1] = fr1;
    rxd(vbase(0) + 0x1000, 0,
        VF_BARS + INIC_BAR_REGS_SIZE + rr(0, true, INIC_RR_TAIL), 8);
    uint8_t m0[6];
    vfmac(0, m0);
    auto fr0 = from(m0, peer, 100);   /* bytes 0-3: 02 00 00 00 = TAIL 2 */
    EXPECT_EQ(rx(0, fr0), 100u);
    EXPECT_EQ(f.nested_mmio, 2u);
    /* Refused and counted by VF 1, whose registers did not change. */
    EXPECT_EQ(vrd(1, rr(0, true, INIC_RR_TAIL)), 8u);
    EXPECT_EQ(vrd(1, INIC_REG_ERR_COUNT(INIC_ERR_REENTRANT)), 2u);
    EXPECT_EQ(vrd(1, INIC_REG_ERR_LAST), (uint32_t)INIC_ERR_REENTRANT);
    EXPECT_EQ(vrd(1, INIC_REG_ERR_INFO),
              (uint32_t)rr(0, true, INIC_RR_VECTOR));
    EXPECT_EQ(vrd(1, INIC_REG_ERR_COUNT(INIC_ERR_BAD_VECTOR)), 0u);
    /* VF 0 got its whole frame, port 1 nothing yet (still held). */
    EXPECT_EQ(vf_rx_count(0), 2u);
    EXPECT_EQ(get_rxd(vbase(0) + 0x1000, 1).len, 92u);
    EXPECT_EQ(memcmp(&f.ram[vbase(0) + 0x2000 + 2048], fr0.data() + 8, 92),
              0);
    EXPECT_EQ(rd(rr(4, true, INIC_RR_HEAD)), 0u);
    /* The port 1 frame comes in untouched when the PF rings its doorbell. */
    wr(rr(4, true, INIC_RR_TAIL), 5);
    EXPECT_TRUE(f.held.empty());
    EXPECT_EQ(rd(rr(4, true, INIC_RR_HEAD)), 2u);
    EXPECT_EQ(memcmp(&f.ram[0x60000], fr1.data(), 1024), 0);
    EXPECT_EQ(memcmp(&f.ram[0x60400], fr1.data() + 1024, 476), 0);
    EXPECT_EQ(rd(INIC_REG_ERR_TOTAL), 0u);
    f.core = nullptr;
}

/* A config write (FLR) reached by DMA mid-receive waits for the frame. */
TEST_F(CoreVf, FlrByDmaWaitsForTheFrameInFlight)
{
    f.core = c;
    vf_up(0);
    rxd(vbase(0) + 0x1000, 0, FLR_DOOR, 4);
    uint8_t m0[6];
    vfmac(0, m0);
    const uint8_t peer[6] = { 0x02, 0xaa, 0, 0, 0, 1 };
    auto fr0 = from(m0, peer, 60);
    fr0[0] = 0;     /* the 4 bytes written to the door: VF 0 */
    fr0[1] = fr0[2] = fr0[3] = 0;
    wr(INIC_VF_BASE(0) + INIC_VF_MAC_LO, 0);  /* dst 00:00:00:00:00:01 */
    fr0[4] = 0;
    fr0[5] = 1;
    wr(INIC_VF_BASE(0) + INIC_VF_MAC_HI, 0x0100);
    const std::vector<uint8_t> low(&f.ram[0], &f.ram[0x1000]);
    EXPECT_EQ(rx(0, fr0), 60u);
    /* The FLR happened after the frame: ring off, HEAD 0, nothing
     * written through the reset ring's zeroed base. */
    EXPECT_EQ(rd(INIC_VF_BASE(0) + INIC_VF_FLR_COUNT), 1u);
    EXPECT_EQ(vrd(0, rr(0, true, INIC_RR_STATUS)), 0u);
    EXPECT_EQ(vrd(0, rr(0, true, INIC_RR_HEAD)), 0u);
    EXPECT_EQ(std::vector<uint8_t>(&f.ram[0], &f.ram[0x1000]), low);
    EXPECT_EQ(get_rxd(vbase(0) + 0x1000, 1).status,
              INIC_RXD_STA_DD | INIC_RXD_STA_EOP);
    f.core = nullptr;
}

/* Likewise an MSI-X write the guest aimed at a VF's register file. */
TEST_F(CoreVf, MsixToAVfBarCannotReenterTheCore)
{
    f.core = c;
    vf_up(0);
    vf_up(1);
    vwr(1, INIC_REG_SCRATCH, 0x77);
    /* VF 0's RX vector "points" at VF 1's CTRL: RESET. */
    f.msix_addr = VF_BARS + INIC_BAR_REGS_SIZE + INIC_REG_CTRL;
    vwr(0, rr(0, true, INIC_RR_INT_ARM), INIC_INT_ARM | 0);
    uint8_t m0[6];
    vfmac(0, m0);
    EXPECT_EQ(rx(0, from(m0, MAC0)), 60u);
    ASSERT_EQ(f.vf_irqs.size(), 1u);
    EXPECT_EQ(f.nested_mmio, 1u);
    /* Not reset: its registers and rings are as they were. */
    EXPECT_EQ(vrd(1, INIC_REG_SCRATCH), 0x77u);
    EXPECT_EQ(vrd(1, rr(0, true, INIC_RR_STATUS)), INIC_RR_STATUS_ENABLED);
    EXPECT_EQ(vrd(1, INIC_REG_ERR_COUNT(INIC_ERR_REENTRANT)), 1u);
    EXPECT_EQ(vrd(1, INIC_REG_ERR_INFO), (uint32_t)INIC_REG_CTRL);
    EXPECT_EQ(rd(INIC_REG_VF_EVENTS) & 2u, 0u);
    /* An interrupt raised by a register write (arming behind HEAD) is
     * refused the same way: the core is busy with that write. */
    vwr(0, rr(0, true, INIC_RR_INT_ARM), INIC_INT_ARM | 0);
    EXPECT_EQ(vrd(1, INIC_REG_ERR_COUNT(INIC_ERR_REENTRANT)), 2u);
    f.msix_addr = 0;
    f.core = nullptr;
}
