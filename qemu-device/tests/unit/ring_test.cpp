// SPDX-License-Identifier: GPL-2.0-or-later
//
// Unit tests of rings (inic_ring.cpp): enable validation, one-shot arming,
// vectors, moderation.
// Through the core's C API, with the fake host of fake_host.h.

#include "fake_host.h"

TEST_F(Core, RingEnableValidation)
{
    struct {
        uint64_t base;
        uint32_t size;
        unsigned port;
    } bad[] = { { 0x10000, 0, 0 }, { 0x10000, 8, 0 }, { 0x10000, 100, 0 },
                { 0x10000, 8192, 0 }, { 0x10010, 16, 0 }, { 0x10000, 16, 2 },
                { 0x10000, 16, 255 } };
    unsigned n = 0;
    for (auto &b : bad) {
        ring(0, false, b.base, b.size, b.port);
        EXPECT_EQ(rd(rr(0, false, INIC_RR_STATUS)), 0u);
        EXPECT_EQ(rd(rr(0, false, INIC_RR_CTRL)) & INIC_RR_CTRL_ENABLE, 0u);
        EXPECT_EQ(err(INIC_ERR_BAD_RING_CFG), ++n);
    }
    ring(0, false, 0x10000, 4096, 1);
    EXPECT_EQ(rd(rr(0, false, INIC_RR_STATUS)), INIC_RR_STATUS_ENABLED);
    EXPECT_EQ(rd(rr(0, false, INIC_RR_HEAD)), 0u);
    EXPECT_EQ(rd(rr(0, false, INIC_RR_TAIL)), 0u);
    /* Base and size are frozen while enabled. */
    wr(rr(0, false, INIC_RR_SIZE), 16);
    wr(rr(0, false, INIC_RR_BASE_LO), 0x40);
    EXPECT_EQ(rd(rr(0, false, INIC_RR_SIZE)), 4096u);
    EXPECT_EQ(rd(rr(0, false, INIC_RR_BASE_LO)), 0x10000u);
    EXPECT_EQ(err(INIC_ERR_BAD_VALUE), 2u);
    /* Vector beyond the table. */
    wr(rr(0, false, INIC_RR_VECTOR), 9);
    EXPECT_EQ(err(INIC_ERR_BAD_VECTOR), 1u);
    EXPECT_EQ(rd(rr(0, false, INIC_RR_VECTOR)), 0u);
    /* TAIL beyond the ring. */
    wr(rr(0, false, INIC_RR_TAIL), 4096);
    EXPECT_EQ(err(INIC_ERR_BAD_TAIL), 1u);
    EXPECT_EQ(rd(rr(0, false, INIC_RR_TAIL)), 0u);
}

TEST_F(Core, InterruptArmingIsOneShot)
{
    rx_setup();
    for (unsigned i = 0; i < 8; i++) {
        rxd(0x20000, i, 0x50000 + i * 0x1000, 2048);
    }
    wr(rr(0, true, INIC_RR_TAIL), 8);
    /* Not armed: completion raises nothing. */
    rx(0, frame(60));
    EXPECT_TRUE(f.irqs.empty());
    /* Arm at HEAD's index (1): nothing yet, the next completion fires. */
    wr(rr(0, true, INIC_RR_INT_ARM), INIC_INT_ARM | 1);
    EXPECT_TRUE(f.irqs.empty());
    rx(0, frame(60));
    ASSERT_EQ(f.irqs.size(), 1u);
    EXPECT_EQ(f.irqs[0], 2u);
    /* Disarmed by firing. */
    rx(0, frame(60));
    EXPECT_EQ(f.irqs.size(), 1u);
    /* Arm with an index behind HEAD (3): fires at once. */
    wr(rr(0, true, INIC_RR_INT_ARM), INIC_INT_ARM | 1);
    EXPECT_EQ(f.irqs.size(), 2u);
    rx(0, frame(60));
    EXPECT_EQ(f.irqs.size(), 2u);
    /* A write without ARM disarms. */
    wr(rr(0, true, INIC_RR_INT_ARM), INIC_INT_ARM | 4);
    wr(rr(0, true, INIC_RR_INT_ARM), 4);
    rx(0, frame(60));
    EXPECT_EQ(f.irqs.size(), 2u);
    EXPECT_EQ(rd(rr(0, true, INIC_RR_INT_ARM)), 0u);   /* write-only */
}

TEST_F(Core, TxInterruptArming)
{
    tx_setup();
    txd(0x10000, 0, 0x30000, 60, INIC_TXD_CMD_EOP);
    wr(rr(0, false, INIC_RR_INT_ARM), INIC_INT_ARM | 0);
    EXPECT_TRUE(f.irqs.empty());
    wr(rr(0, false, INIC_RR_TAIL), 1);
    inic_core_run_tx(c);
    ASSERT_EQ(f.irqs.size(), 1u);
    EXPECT_EQ(f.irqs[0], 1u);
}

TEST_F(Core11, SixteenQueuesEachRingItsOwnVector)
{
    inic_core_free(c);
    queues = 16;
    make();
    EXPECT_EQ(rd(INIC_REG_NUM_RINGS), 32u);
    EXPECT_EQ(rd(INIC_REG_NUM_VECTORS), 33u);
    port_ctrl(1, INIC_PORT_CTRL_RX_EN);
    for (unsigned q = 16; q < 32; q++) {
        rx_ring_up(q, 1, 63);
        wr(rr(q, true, INIC_RR_INT_ARM), INIC_INT_ARM | 0);
    }
    wr(INIC_PORT_BASE(1) + INIC_PORT_RSS_CTRL,
       INIC_RSS_ENABLE | INIC_RSS_HASH_ALL);
    const uint8_t mac1[6] = { 0x52, 0x54, 0x00, 0xab, 0xcd, 0x11 };
    Flow fl;
    for (unsigned i = 0; i < 400; i++) {
        fl.sport = (uint16_t)(1000 + i * 7);
        ASSERT_EQ(rx(1, ip_frame(fl, 10, mac1)), 64u);
    }
    std::vector<unsigned> seen(33);
    for (unsigned v : f.irqs) {
        ASSERT_LT(v, 33u);
        seen[v]++;
    }
    uint64_t total = 0;
    for (unsigned q = 16; q < 32; q++) {
        uint64_t n = rd64(rstat(q, true, INIC_RSTAT_PKTS));
        EXPECT_GT(n, 0u) << q;
        EXPECT_EQ(head(q), n % 64) << q;
        EXPECT_EQ(seen[1 + q], 1u) << q;    /* one-shot, own vector */
        total += n;
    }
    EXPECT_EQ(total, 400u);
    EXPECT_EQ(rd64(pstat(1, INIC_PSTAT_RX_PKTS)), 400u);
}

TEST_F(Core11, InterruptModeration)
{
    rx_setup(64);
    for (unsigned i = 0; i < 63; i++) {
        rxd(0x20000, i, 0x50000 + i * 0x800, 2048);
    }
    wr(rr(0, true, INIC_RR_TAIL), 63);
    const unsigned tid = 2 * 0 + 1;
    /* Packet threshold. */
    wr(rr(0, true, INIC_RR_ITR_PKTS), 3);
    wr(rr(0, true, INIC_RR_INT_ARM), INIC_INT_ARM | 0);
    rx(0, frame(60));
    rx(0, frame(60));
    EXPECT_TRUE(f.irqs.empty());
    EXPECT_TRUE(f.timers.empty());
    rx(0, frame(60));
    ASSERT_EQ(f.irqs.size(), 1u);
    EXPECT_EQ(f.irqs[0], 2u);
    rx(0, frame(60));       /* fired: disarmed */
    EXPECT_EQ(f.irqs.size(), 1u);
    /* Time threshold: the first completion starts the timer. */
    wr(rr(0, true, INIC_RR_ITR_PKTS), 0);
    wr(rr(0, true, INIC_RR_ITR_USECS), 50);
    wr(rr(0, true, INIC_RR_INT_ARM), INIC_INT_ARM | 4);
    EXPECT_TRUE(f.timers.empty());
    rx(0, frame(60));
    ASSERT_EQ(f.timers.count(tid), 1u);
    EXPECT_EQ(f.timers[tid], 50000u);
    rx(0, frame(60));
    EXPECT_TRUE(f.irqs.empty() == false && f.irqs.size() == 1u);
    f.timers.erase(tid);
    inic_core_timer(c, tid);
    EXPECT_EQ(f.irqs.size(), 2u);
    inic_core_timer(c, tid);    /* stale expiry: nothing */
    EXPECT_EQ(f.irqs.size(), 2u);
    /* Both: the count wins before the timer, which is cancelled. */
    wr(rr(0, true, INIC_RR_ITR_PKTS), 2);
    wr(rr(0, true, INIC_RR_INT_ARM), INIC_INT_ARM | 6);
    rx(0, frame(60));
    EXPECT_EQ(f.timers.count(tid), 1u);
    rx(0, frame(60));
    EXPECT_EQ(f.irqs.size(), 3u);
    EXPECT_TRUE(f.timers.empty());
    /* Disarming cancels the timer; arming behind HEAD fires at once. */
    wr(rr(0, true, INIC_RR_INT_ARM), INIC_INT_ARM | 8);
    rx(0, frame(60));
    EXPECT_EQ(f.timers.count(tid), 1u);
    wr(rr(0, true, INIC_RR_INT_ARM), 0);
    EXPECT_TRUE(f.timers.empty());
    wr(rr(0, true, INIC_RR_INT_ARM), INIC_INT_ARM | 8);
    EXPECT_EQ(f.irqs.size(), 4u);
    /* Function reset cancels running timers. */
    wr(rr(0, true, INIC_RR_INT_ARM), INIC_INT_ARM | 9);
    rx(0, frame(60));
    EXPECT_EQ(f.timers.size(), 1u);
    wr(INIC_REG_CTRL, INIC_CTRL_RESET);
    EXPECT_TRUE(f.timers.empty());
    /* TX rings moderate too. */
    tx_setup(16);
    wr(rr(0, false, INIC_RR_ITR_USECS), 10);
    wr(rr(0, false, INIC_RR_INT_ARM), INIC_INT_ARM | 0);
    txd(0x10000, 0, 0x30000, 60, INIC_TXD_CMD_EOP);
    wr(rr(0, false, INIC_RR_TAIL), 1);
    inic_core_run_tx(c);
    EXPECT_EQ(f.timers.count(0u), 1u);
    inic_core_timer(c, 0);
    EXPECT_EQ(f.irqs.back(), 1u);
}
