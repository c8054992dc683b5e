// SPDX-License-Identifier: GPL-2.0-or-later
//
// Unit tests of the VF shaper (inic_shaper.cpp).
// Through the core's C API, with the fake host of fake_host.h.

#include "fake_host.h"

TEST_F(CoreVf, ShaperRateOverVirtualTime)
{
    vf_up(0);
    const uint32_t mbps = 100, burst = 4000;
    wr(INIC_VF_BASE(0) + INIC_VF_RATE, mbps);
    wr(INIC_VF_BASE(0) + INIC_VF_BURST, burst);
    const uint8_t peer[6] = { 0x02, 0xaa, 0, 0, 0, 1 };
    auto fr = vf_from(0, peer, 1000);
    for (unsigned i = 0; i < 8; i++) {
        memcpy(&f.ram[vbase(0) + 0xa000 + 0x800 * i], fr.data(), fr.size());
    }
    const uint64_t t0 = f.now, span = 20000000;    /* 20 ms */
    const unsigned shaper = inic_core_num_timers(c) - 4;
    unsigned tail = 0;
    uint64_t last_sent_time = t0;
    while (f.now - t0 < span) {
        /* Keep the ring full (back-pressure: frames wait in it). */
        uint32_t head = vrd(0, rr(0, false, INIC_RR_HEAD));
        while (((tail + 1) & 15) != head) {
            txd(vbase(0), tail, vbase(0) + 0xa000 + 0x800 * (tail % 8), 1000,
                INIC_TXD_CMD_EOP);
            tail = (tail + 1) & 15;
        }
        vwr(0, rr(0, false, INIC_RR_TAIL), tail);
        size_t before = f.sent.size();
        inic_core_run_tx(c);
        if (f.sent.size() != before) {
            last_sent_time = f.now;
        }
        auto it = f.timers.find(shaper);
        ASSERT_NE(it, f.timers.end()) << "shaped ring must wait on a timer";
        f.now += it->second;
        f.timers.erase(it);
        inic_core_timer(c, shaper);
    }
    (void)last_sent_time;
    const double expect = (double)mbps * 1e6 / 8 * span / 1e9 + burst;
    const double got = (double)f.sent.size() * 1000;
    EXPECT_NEAR(got, expect, expect * 0.03) << f.sent.size() << " frames";
    EXPECT_EQ(vstat(0, INIC_VSTAT_TX_DROPS), 0u);   /* waited, not dropped */
    /* Unlimited again: the rest goes at once. */
    wr(INIC_VF_BASE(0) + INIC_VF_RATE, 0);
    inic_core_run_tx(c);
    EXPECT_EQ(vrd(0, rr(0, false, INIC_RR_HEAD)), tail);
}

/* Frames the device drops still take their bytes from the VF's bucket. */
TEST_F(CoreVf, ShaperChargesDroppedFrames)
{
    vf_up(0);
    wr(INIC_VF_BASE(0) + INIC_VF_RATE, 100);
    wr(INIC_VF_BASE(0) + INIC_VF_BURST, 4000);
    /* Link disabled: every frame is dropped (TX_DROPS). */
    wr(INIC_VF_BASE(0) + INIC_VF_CTRL,
       INIC_VF_LINK_DISABLE << INIC_VF_CTRL_LINK_SHIFT);
    const uint8_t peer[6] = { 0x02, 0xaa, 0, 0, 0, 1 };
    auto fr = vf_from(0, peer, 1000);
    memcpy(&f.ram[vbase(0) + 0xa000], fr.data(), fr.size());
    for (unsigned i = 0; i < 15; i++) {
        txd(vbase(0), i, vbase(0) + 0xa000, 1000, INIC_TXD_CMD_EOP);
    }
    vwr(0, rr(0, false, INIC_RR_TAIL), 15);
    inic_core_run_tx(c);
    /* 4000 bytes of burst: four 1000-byte frames, then it waits. */
    EXPECT_EQ(vrd(0, rr(0, false, INIC_RR_HEAD)), 4u);
    EXPECT_EQ(vstat(0, INIC_VSTAT_TX_DROPS), 4u);
    EXPECT_EQ(f.timers.count(inic_core_num_timers(c) - 4), 1u);
    /* Zero-length frames (bad descriptors) are charged 64 bytes. */
    wr(INIC_VF_BASE(0) + INIC_VF_RATE, 100);    /* refill: 4000 bytes */
    for (unsigned i = 4; i < 15; i++) {
        txd(vbase(0), i, vbase(0) + 0xa000, 0, INIC_TXD_CMD_EOP);
    }
    inic_core_run_tx(c);
    EXPECT_EQ(vrd(0, rr(0, false, INIC_RR_HEAD)), 15u);  /* 11 x 64 < 4000 */
    EXPECT_EQ(vrd(0, INIC_REG_ERR_COUNT(INIC_ERR_BAD_DESC)), 11u);
}
