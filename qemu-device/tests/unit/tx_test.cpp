// SPDX-License-Identifier: GPL-2.0-or-later
//
// Unit tests of the TX engine (inic_tx.cpp, Core::run_tx): descriptors,
// budgets, back-pressure, offloads.
// Through the core's C API, with the fake host of fake_host.h.

#include "fake_host.h"

TEST_F(Core, TxSingleDescriptor)
{
    tx_setup();
    auto fr = frame(60);
    memcpy(&f.ram[0x30000], fr.data(), fr.size());
    txd(0x10000, 0, 0x30000, 60, INIC_TXD_CMD_EOP);
    unsigned sched = f.tx_scheduled;
    wr(rr(0, false, INIC_RR_TAIL), 1);
    EXPECT_GT(f.tx_scheduled, sched);
    inic_core_run_tx(c);
    ASSERT_EQ(f.sent.size(), 1u);
    EXPECT_EQ(f.sent[0].first, 0u);
    EXPECT_EQ(f.sent[0].second, fr);
    EXPECT_EQ(get_txd(0x10000, 0).status, INIC_TXD_STA_DD);
    EXPECT_EQ(rd(rr(0, false, INIC_RR_HEAD)), 1u);
    EXPECT_EQ(rd64(pstat(0, INIC_PSTAT_TX_PKTS)), 1u);
    EXPECT_EQ(rd64(pstat(0, INIC_PSTAT_TX_BYTES)), 60u);
    EXPECT_EQ(rd64(rstat(0, false, INIC_RSTAT_PKTS)), 1u);
    EXPECT_EQ(rd(rstat(0, false, INIC_RSTAT_BYTES)), 60u);  /* low half */
    EXPECT_EQ(rd(INIC_REG_ERR_TOTAL), 0u);
}

TEST_F(Core, TxMultiDescriptorWaitsForEop)
{
    tx_setup();
    auto fr = frame(1000);
    memcpy(&f.ram[0x30000], fr.data(), fr.size());
    txd(0x10000, 0, 0x30000, 400, 0);
    txd(0x10000, 1, 0x30000 + 400, 500, INIC_TXD_CMD_CSUM); /* reserved */
    wr(rr(0, false, INIC_RR_TAIL), 2);
    inic_core_run_tx(c);
    EXPECT_TRUE(f.sent.empty());
    EXPECT_EQ(rd(rr(0, false, INIC_RR_HEAD)), 0u);
    EXPECT_EQ(get_txd(0x10000, 0).status, 0u);

    txd(0x10000, 2, 0x30000 + 900, 100, INIC_TXD_CMD_EOP);
    wr(rr(0, false, INIC_RR_TAIL), 3);
    inic_core_run_tx(c);
    ASSERT_EQ(f.sent.size(), 1u);
    EXPECT_EQ(f.sent[0].second, fr);
    for (unsigned i = 0; i < 3; i++) {
        EXPECT_EQ(get_txd(0x10000, i).status, INIC_TXD_STA_DD);
    }
    EXPECT_EQ(rd(rr(0, false, INIC_RR_HEAD)), 3u);
}

TEST_F(Core, TxWrapsAroundTheRing)
{
    tx_setup();
    auto fr = frame(64);
    memcpy(&f.ram[0x30000], fr.data(), fr.size());
    for (unsigned round = 0; round < 3; round++) {
        for (unsigned i = 0; i < 10; i++) {
            unsigned idx = (round * 10 + i) % 16;
            txd(0x10000, idx, 0x30000, 64, INIC_TXD_CMD_EOP);
        }
        wr(rr(0, false, INIC_RR_TAIL), (round * 10 + 10) % 16);
        inic_core_run_tx(c);
    }
    EXPECT_EQ(f.sent.size(), 30u);
    EXPECT_EQ(rd(rr(0, false, INIC_RR_HEAD)), 30u % 16);
}

TEST_F(Core, TxBudgetReschedules)
{
    tx_setup(4096);
    auto fr = frame(60);
    memcpy(&f.ram[0x30000], fr.data(), fr.size());
    for (unsigned i = 0; i < 300; i++) {
        txd(0x10000, i, 0x30000, 60, INIC_TXD_CMD_EOP);
    }
    wr(rr(0, false, INIC_RR_TAIL), 300);
    unsigned sched = f.tx_scheduled;
    inic_core_run_tx(c);
    EXPECT_EQ(f.sent.size(), 256u);
    EXPECT_EQ(f.tx_scheduled, sched + 1);
    inic_core_run_tx(c);
    EXPECT_EQ(f.sent.size(), 300u);
    EXPECT_EQ(f.tx_scheduled, sched + 1);
}

TEST_F(Core, TxBackPressure)
{
    tx_setup();
    auto fr = frame(60);
    memcpy(&f.ram[0x30000], fr.data(), fr.size());
    for (unsigned i = 0; i < 3; i++) {
        txd(0x10000, i, 0x30000, 60, INIC_TXD_CMD_EOP);
    }
    f.accept = false;   /* the backend queues the first frame */
    wr(rr(0, false, INIC_RR_TAIL), 3);
    inic_core_run_tx(c);
    EXPECT_EQ(f.sent.size(), 1u);
    EXPECT_EQ(rd(rr(0, false, INIC_RR_HEAD)), 1u);
    inic_core_run_tx(c);
    EXPECT_EQ(f.sent.size(), 1u);   /* stopped until the backend drains */
    f.accept = true;
    unsigned sched = f.tx_scheduled;
    inic_core_tx_resume(c, 0);
    EXPECT_GT(f.tx_scheduled, sched);
    inic_core_run_tx(c);
    EXPECT_EQ(f.sent.size(), 3u);
    EXPECT_EQ(rd(rr(0, false, INIC_RR_HEAD)), 3u);
}

TEST_F(Core, TxHostileDescriptors)
{
    tx_setup();
    auto fr = frame(1600);
    memcpy(&f.ram[0x30000], fr.data(), fr.size());
    unsigned i = 0;
    txd(0x10000, i++, NOWHERE, 60, INIC_TXD_CMD_EOP);       /* BUF_DMA */
    txd(0x10000, i++, 0x30000, 0, INIC_TXD_CMD_EOP);        /* zero len */
    txd(0x10000, i++, 0x30000, 1600, INIC_TXD_CMD_EOP);     /* > MTU */
    txd(0x10000, i++, RAM_SIZE - 10, 60, INIC_TXD_CMD_EOP); /* straddles */
    txd(0x10000, i++, 0x30000, 60, INIC_TXD_CMD_EOP);       /* good */
    wr(rr(0, false, INIC_RR_TAIL), i);
    inic_core_run_tx(c);
    ASSERT_EQ(f.sent.size(), 1u);
    for (unsigned k = 0; k < 4; k++) {
        EXPECT_EQ(get_txd(0x10000, k).status,
                  INIC_TXD_STA_DD | INIC_TXD_STA_ERR) << k;
    }
    EXPECT_EQ(get_txd(0x10000, 4).status, INIC_TXD_STA_DD);
    EXPECT_EQ(err(INIC_ERR_BUF_DMA), 2u);
    EXPECT_EQ(err(INIC_ERR_BAD_DESC), 2u);
    EXPECT_EQ(rd64(pstat(0, INIC_PSTAT_TX_ERRORS)), 4u);
    EXPECT_EQ(rd64(rstat(0, false, INIC_RSTAT_ERRORS)), 4u);
    EXPECT_EQ(rd(INIC_REG_MISC_CAUSE), INIC_MISC_ERROR);

    /* A VLAN-tagged frame may be 4 bytes longer. */
    auto tagged = frame(1518);
    tagged[12] = 0x81;
    tagged[13] = 0x00;
    memcpy(&f.ram[0x40000], tagged.data(), tagged.size());
    txd(0x10000, 5, 0x40000, 1518, INIC_TXD_CMD_EOP);
    wr(rr(0, false, INIC_RR_TAIL), 6);
    inic_core_run_tx(c);
    EXPECT_EQ(f.sent.size(), 2u);
}

TEST_F(Core, TxChainTooLong)
{
    tx_setup(128);
    for (unsigned i = 0; i < 70; i++) {
        txd(0x10000, i, 0x30000, 10, 0);
    }
    txd(0x10000, 70, 0x30000, 60, INIC_TXD_CMD_EOP);
    wr(rr(0, false, INIC_RR_TAIL), 71);
    inic_core_run_tx(c);
    /* 64 descriptors dropped as one bad frame, the rest (6 + EOP) sent. */
    EXPECT_EQ(get_txd(0x10000, 63).status, INIC_TXD_STA_DD | INIC_TXD_STA_ERR);
    EXPECT_EQ(get_txd(0x10000, 64).status, INIC_TXD_STA_DD);
    EXPECT_EQ(err(INIC_ERR_BAD_DESC), 1u);
    ASSERT_EQ(f.sent.size(), 1u);
    EXPECT_EQ(f.sent[0].second.size(), 6u * 10 + 60);
    EXPECT_EQ(rd(rr(0, false, INIC_RR_HEAD)), 71u);
}

TEST_F(Core, TxTooManyBytes)
{
    tx_setup(16);
    wr(INIC_PORT_BASE(0) + INIC_PORT_MTU, 9000);
    txd(0x10000, 0, 0x30000, 40000, 0);
    txd(0x10000, 1, 0x30000, 40000, INIC_TXD_CMD_EOP);
    wr(rr(0, false, INIC_RR_TAIL), 2);
    inic_core_run_tx(c);
    EXPECT_TRUE(f.sent.empty());
    EXPECT_EQ(err(INIC_ERR_BAD_DESC), 1u);
    EXPECT_EQ(rd(rr(0, false, INIC_RR_HEAD)), 2u);
}

TEST_F(Core, TxFullRingWithoutEopIsDropped)
{
    tx_setup(16);
    for (unsigned i = 0; i < 15; i++) {
        txd(0x10000, i, 0x30000, 10, 0);
    }
    wr(rr(0, false, INIC_RR_TAIL), 15);
    inic_core_run_tx(c);
    EXPECT_EQ(err(INIC_ERR_BAD_DESC), 1u);
    EXPECT_EQ(rd(rr(0, false, INIC_RR_HEAD)), 15u);
}

TEST_F(Core, TxDescriptorRingOutsideRamFaults)
{
    wr(INIC_PORT_BASE(0) + INIC_PORT_CTRL, INIC_PORT_CTRL_TX_EN);
    ring(0, false, NOWHERE, 16);
    wr(rr(0, false, INIC_RR_TAIL), 3);
    inic_core_run_tx(c);
    EXPECT_EQ(rd(rr(0, false, INIC_RR_STATUS)), INIC_RR_STATUS_FAULT);
    EXPECT_EQ(err(INIC_ERR_DESC_DMA), 1u);
    EXPECT_EQ(rd(INIC_REG_ERR_INFO), 0u);
    inic_core_run_tx(c);    /* stopped: nothing more happens */
    EXPECT_EQ(err(INIC_ERR_DESC_DMA), 1u);
    /* Re-enabling clears the fault. */
    wr(rr(0, false, INIC_RR_CTRL), 0);
    wr(rr(0, false, INIC_RR_BASE_HI), 0);
    wr(rr(0, false, INIC_RR_BASE_LO), 0x10000);
    wr(rr(0, false, INIC_RR_CTRL), INIC_RR_CTRL_ENABLE);
    EXPECT_EQ(rd(rr(0, false, INIC_RR_STATUS)), INIC_RR_STATUS_ENABLED);
}

TEST_F(Core, TxDroppedWhenLinkDownOrDisabled)
{
    tx_setup();
    auto fr = frame(60);
    memcpy(&f.ram[0x30000], fr.data(), fr.size());
    for (unsigned i = 0; i < 2; i++) {
        txd(0x10000, i, 0x30000, 60, INIC_TXD_CMD_EOP);
    }
    inic_core_set_link(c, 0, false);
    wr(rr(0, false, INIC_RR_TAIL), 1);
    inic_core_run_tx(c);
    EXPECT_TRUE(f.sent.empty());
    EXPECT_EQ(get_txd(0x10000, 0).status, INIC_TXD_STA_DD);
    inic_core_set_link(c, 0, true);
    wr(INIC_PORT_BASE(0) + INIC_PORT_CTRL, 0);
    wr(rr(0, false, INIC_RR_TAIL), 2);
    inic_core_run_tx(c);
    EXPECT_TRUE(f.sent.empty());
    EXPECT_EQ(rd64(pstat(0, INIC_PSTAT_TX_ERRORS)), 2u);
    EXPECT_EQ(rd(INIC_REG_ERR_TOTAL), 0u);
}

TEST_F(Core11, TxChecksumPartial)
{
    tx_setup(64);
    Flow fl;
    auto good = ip_frame(fl, 301);
    auto fr = good;
    /* CHECKSUM_PARTIAL: the field holds the folded pseudo header sum. */
    uint16_t ps = pseudo_sum(fr, 14, 20 + 301);
    fr[50] = (uint8_t)(ps >> 8);
    fr[51] = (uint8_t)ps;
    /* Offload disabled on the port: the command is ignored. */
    tx_frame(0, 0x10000, 0, fr, INIC_TXD_CMD_CSUM, 34, 16);
    ASSERT_EQ(f.sent.size(), 1u);
    EXPECT_EQ(f.sent[0].second, fr);
    offload(0, INIC_PORT_OFFLOAD_TX_CSUM);
    tx_frame(0, 0x10000, 1, fr, INIC_TXD_CMD_CSUM, 34, 16);
    ASSERT_EQ(f.sent.size(), 2u);
    EXPECT_EQ(f.sent[1].second, good);
    EXPECT_TRUE(l4_ok(f.sent[1].second));
    /* UDP over IPv6, multi-descriptor frame. */
    Flow f6;
    f6.ver = 6;
    f6.proto = 17;
    auto g6 = ip_frame(f6, 999);
    auto p6 = g6;
    ps = pseudo_sum(p6, 14, 8 + 999);
    p6[14 + 40 + 6] = (uint8_t)(ps >> 8);
    p6[14 + 40 + 7] = (uint8_t)ps;
    memcpy(&f.ram[0x380000], p6.data(), p6.size());
    txd(0x10000, 2, 0x380000, 100, 0);
    txd(0x10000, 3, 0x380000 + 100, (uint16_t)(p6.size() - 100),
        INIC_TXD_CMD_EOP);
    inic_tx_desc d = get_txd(0x10000, 2);
    d.cmd = INIC_TXD_CMD_CSUM;
    d.csum_start = 54;
    d.csum_offset = 6;
    memcpy(&f.ram[0x10000 + 2 * 32], &d, 32);
    wr(rr(0, false, INIC_RR_TAIL), 4);
    inic_core_run_tx(c);
    ASSERT_EQ(f.sent.size(), 3u);
    EXPECT_TRUE(l4_ok(f.sent[2].second));
    EXPECT_EQ(f.sent[2].second, g6);
    /* Bad offsets: refused. */
    tx_frame(0, 0x10000, 4, fr, INIC_TXD_CMD_CSUM, 34, 400);
    tx_frame(0, 0x10000, 5, fr, INIC_TXD_CMD_CSUM, 34, 15);
    EXPECT_EQ(f.sent.size(), 3u);
    EXPECT_EQ(get_txd(0x10000, 4).status, INIC_TXD_STA_DD | INIC_TXD_STA_ERR);
    EXPECT_EQ(get_txd(0x10000, 5).status, INIC_TXD_STA_DD | INIC_TXD_STA_ERR);
    EXPECT_EQ(err(INIC_ERR_BAD_OFFLOAD), 2u);
    EXPECT_EQ(rd64(rstat(0, false, INIC_RSTAT_ERRORS)), 2u);
}

/* Check the segments TSO produced from frame 'big' (headers hdr bytes). */
static void
check_tso(const std::vector<std::pair<unsigned, std::vector<uint8_t>>> &sent,
          size_t first, const std::vector<uint8_t> &big, size_t l2,
          size_t hdr, size_t mss, size_t nseg)
{
    ASSERT_EQ(sent.size(), first + nseg);
    size_t l3 = l2;
    int ver = big[l3] >> 4;
    size_t l4 = l3 + l3_hlen(ver);
    size_t payload = big.size() - hdr;
    uint32_t seq0 = inic::be32(&big[l4 + 4]);
    for (size_t i = 0; i < nseg; i++) {
        const auto &s = sent[first + i].second;
        size_t plen = std::min(mss, payload - i * mss);
        ASSERT_EQ(s.size(), hdr + plen) << i;
        EXPECT_EQ(memcmp(s.data(), big.data(), 12), 0);
        EXPECT_EQ(memcmp(&s[hdr], &big[hdr + i * mss], plen), 0) << i;
        EXPECT_TRUE(l4_ok(s, l3)) << i;
        if (ver == 4) {
            EXPECT_EQ(inic::be16(&s[l3 + 2]), hdr - l3 + plen);
            EXPECT_EQ(inic::be16(&s[l3 + 4]), 0x1234 + i);
        } else {
            EXPECT_EQ(inic::be16(&s[l3 + 4]), hdr - l3 - 40 + plen);
        }
        EXPECT_EQ(inic::be32(&s[l4 + 4]), seq0 + i * mss);
        uint8_t fl = s[l4 + 13];
        bool last = i + 1 == nseg;
        EXPECT_EQ(fl & 0x09, last ? (big[l4 + 13] & 0x09) : 0) << i;
        EXPECT_EQ(fl & 0x10, 0x10);
    }
}

TEST_F(Core11, TsoIpv4AndIpv6)
{
    tx_setup(64);
    offload(0, INIC_PORT_OFFLOAD_TSO | INIC_PORT_OFFLOAD_VLAN_INSERT);
    Flow fl;
    auto big = ip_frame(fl, 4000);
    big[14 + 20 + 13] = 0x19;   /* ACK PSH FIN */
    tx_frame(0, 0x10000, 0, big, INIC_TXD_CMD_TSO, 1448, 54);
    check_tso(f.sent, 0, big, 14, 54, 1448, 3);
    EXPECT_EQ(get_txd(0x10000, 0).status, INIC_TXD_STA_DD);
    EXPECT_EQ(rd64(pstat(0, INIC_PSTAT_TX_PKTS)), 3u);
    EXPECT_EQ(rd64(pstat(0, INIC_PSTAT_TX_BYTES)), 4000u + 3 * 54);
    EXPECT_EQ(rd64(rstat(0, false, INIC_RSTAT_PKTS)), 3u);
    EXPECT_EQ(rd64(rstat(0, false, INIC_RSTAT_BYTES)), 4000u + 3 * 54);
    EXPECT_GE(f.sendv_calls, 3u);

    Flow f6;
    f6.ver = 6;
    auto big6 = ip_frame(f6, 9000);
    f.sent.clear();
    tx_frame(0, 0x10000, 1, big6, INIC_TXD_CMD_TSO, 1000, 74);
    check_tso(f.sent, 0, big6, 14, 74, 1000, 9);

    /* TSO + VLAN insertion: every segment tagged. */
    f.sent.clear();
    tx_frame(0, 0x10000, 2, big, INIC_TXD_CMD_TSO | INIC_TXD_CMD_VLAN, 1000,
             54, 0x3064);
    ASSERT_EQ(f.sent.size(), 4u);
    for (auto &s : f.sent) {
        EXPECT_EQ(inic::be16(&s.second[12]), 0x8100);
        EXPECT_EQ(inic::be16(&s.second[14]), 0x3064);
        std::vector<uint8_t> untagged(s.second);
        untagged.erase(untagged.begin() + 12, untagged.begin() + 16);
        EXPECT_TRUE(l4_ok(untagged));
    }
    EXPECT_EQ(f.sent[0].second.size(), 54u + 4 + 1000);
    EXPECT_EQ(rd(INIC_REG_ERR_TOTAL), 0u);
}

TEST_F(Core11, TsoRefusesWhatItCannotCut)
{
    tx_setup(64);
    offload(0, INIC_PORT_OFFLOAD_TSO);
    Flow fl;
    auto big = ip_frame(fl, 3000);
    unsigned i = 0;
    tx_frame(0, 0x10000, i++, big, INIC_TXD_CMD_TSO, 0, 54);       /* mss 0 */
    tx_frame(0, 0x10000, i++, big, INIC_TXD_CMD_TSO, 1000, 50);    /* hdr */
    tx_frame(0, 0x10000, i++, big, INIC_TXD_CMD_TSO, 1000, 6000);  /* hdr */
    tx_frame(0, 0x10000, i++, big, INIC_TXD_CMD_TSO, 2, 54);       /* segs */
    tx_frame(0, 0x10000, i++, big, INIC_TXD_CMD_TSO, 1500, 54);    /* > MTU */
    fl.proto = 17;
    tx_frame(0, 0x10000, i++, ip_frame(fl, 3000), INIC_TXD_CMD_TSO, 1000,
             42);                                                  /* UDP */
    tx_frame(0, 0x10000, i++, frame(3000), INIC_TXD_CMD_TSO, 1000, 14);
    EXPECT_TRUE(f.sent.empty());
    for (unsigned k = 0; k < i; k++) {
        EXPECT_EQ(get_txd(0x10000, k).status,
                  INIC_TXD_STA_DD | INIC_TXD_STA_ERR) << k;
    }
    EXPECT_EQ(err(INIC_ERR_BAD_OFFLOAD), i);
    EXPECT_EQ(rd64(pstat(0, INIC_PSTAT_TX_ERRORS)), i);
    EXPECT_EQ(rd64(rstat(0, false, INIC_RSTAT_ERRORS)), i);
    /* TSO disabled on the port: the command is ignored, too big a frame. */
    offload(0, 0);
    tx_frame(0, 0x10000, i, big, INIC_TXD_CMD_TSO, 1000, 54);
    EXPECT_EQ(err(INIC_ERR_BAD_DESC), 1u);
    /* Largest TSO frame with the smallest mss the segment limit allows. */
    offload(0, INIC_PORT_OFFLOAD_TSO);
    fl.proto = 6;
    auto max = ip_frame(fl, 65535 - 54);    /* one descriptor: 65535 */
    /* 1024 segments: 256 per run of the engine, the frame completes in
     * the fourth (nothing else is sent meanwhile). */
    tx_frame(0, 0x10000, i + 1, max, INIC_TXD_CMD_TSO, 64, 54);
    for (unsigned run = 1; run < 4; run++) {
        EXPECT_EQ(f.sent.size(), run * 256u);
        EXPECT_EQ(get_txd(0x10000, i + 1).status, 0u);
        inic_core_run_tx(c);
    }
    ASSERT_EQ(f.sent.size(), (size_t)INIC_TSO_MAX_SEGS);
    EXPECT_EQ(get_txd(0x10000, i + 1).status, INIC_TXD_STA_DD);
    for (const auto &seg : f.sent) {
        EXPECT_TRUE(l4_ok(seg.second));
    }
    EXPECT_EQ(rd64(rstat(0, false, INIC_RSTAT_PKTS)),
              (uint64_t)INIC_TSO_MAX_SEGS);
}

/* A TSO frame paused between runs is dropped if its ring is stopped. */
TEST_F(Core11, PausedTsoFrameAbandonedWhenRingStops)
{
    tx_setup(64);
    offload(0, INIC_PORT_OFFLOAD_TSO);
    Flow fl;
    auto max = ip_frame(fl, 65535 - 54);
    tx_frame(0, 0x10000, 0, max, INIC_TXD_CMD_TSO, 64, 54);
    ASSERT_EQ(f.sent.size(), 256u);
    wr(rr(0, false, INIC_RR_CTRL), 0);
    inic_core_run_tx(c);
    EXPECT_EQ(f.sent.size(), 256u);
    EXPECT_EQ(get_txd(0x10000, 0).status, 0u);
    EXPECT_EQ(rd(rr(0, false, INIC_RR_HEAD)), 0u);
    /* The engine is free again: a new ring's frame goes. */
    ring(1, false, 0x18000, 16, 0, 1);
    auto fr = frame(60);
    memcpy(&f.ram[0x30000], fr.data(), fr.size());
    txd(0x18000, 0, 0x30000, 60, INIC_TXD_CMD_EOP);
    wr(rr(1, false, INIC_RR_TAIL), 1);
    inic_core_run_tx(c);
    ASSERT_EQ(f.sent.size(), 257u);
    EXPECT_EQ(f.sent.back().second, fr);
    /* Bus mastering off abandons it too, even while no run can look. */
    tx_frame(1, 0x18000, 1, max, INIC_TXD_CMD_TSO, 64, 54);
    ASSERT_EQ(f.sent.size(), 257u + 256);
    f.master = false;
    inic_core_bus_master_changed(c);
    f.master = true;
    inic_core_bus_master_changed(c);
    inic_core_run_tx(c);        /* the frame starts again from its start */
    ASSERT_EQ(f.sent.size(), 257u + 512);
    EXPECT_EQ(f.sent[257 + 256].second, f.sent[257].second);
    EXPECT_EQ(get_txd(0x18000, 1).status, 0u);
}

TEST_F(Core11, VlanInsertAndStrip)
{
    tx_setup(64);
    rx_setup(64);
    for (unsigned i = 0; i < 32; i++) {
        rxd(0x20000, i, 0x50000 + i * 0x1000, 2048);
    }
    wr(rr(0, true, INIC_RR_TAIL), 32);
    auto fr = frame(100);
    /* Insert needs the port bit. */
    tx_frame(0, 0x10000, 0, fr, INIC_TXD_CMD_VLAN, 0, 0, 0xa00b);
    EXPECT_EQ(f.sent[0].second, fr);
    offload(0, INIC_PORT_OFFLOAD_VLAN_INSERT);
    tx_frame(0, 0x10000, 1, fr, INIC_TXD_CMD_VLAN, 0, 0, 0xa00b);
    auto tagged = fr;
    const uint8_t tag[4] = { 0x81, 0x00, 0xa0, 0x0b };
    tagged.insert(tagged.begin() + 12, tag, tag + 4);
    EXPECT_EQ(f.sent[1].second, tagged);
    EXPECT_EQ(rd64(pstat(0, INIC_PSTAT_TX_BYTES)), 100u + 104u);
    /* A full-MTU frame may still get its tag. */
    tx_frame(0, 0x10000, 2, frame(1514), INIC_TXD_CMD_VLAN, 0, 0, 5);
    EXPECT_EQ(f.sent.size(), 3u);
    EXPECT_EQ(f.sent[2].second.size(), 1518u);

    /* RX: no strip: the tag stays, pkt_type says VLAN. */
    Flow fl;
    auto t = ip_frame(fl, 100, MAC0, 18);
    rx(0, t);
    auto d = get_rxd(0x20000, 0);
    EXPECT_EQ(d.len, t.size());
    EXPECT_EQ(d.status & INIC_RXD_STA_VLAN, 0u);
    EXPECT_EQ(d.pkt_type, INIC_PTYPE_L3_IPV4 | INIC_PTYPE_L4_TCP |
                          INIC_PTYPE_VLAN);
    offload(0, INIC_PORT_OFFLOAD_VLAN_STRIP | INIC_PORT_OFFLOAD_RX_CSUM);
    rx(0, t);
    d = get_rxd(0x20000, 1);
    EXPECT_EQ(d.len, t.size() - 4);
    EXPECT_EQ(d.status, INIC_RXD_STA_DD | INIC_RXD_STA_EOP | INIC_RXD_STA_VLAN |
                        INIC_RXD_STA_CSUM_OK);
    EXPECT_EQ(d.vlan_tci, 0x2005u);
    EXPECT_EQ(memcmp(&f.ram[0x51000], ip_frame(fl, 100).data(), d.len), 0);
    /* 802.1ad outer tags are not stripped. */
    t[12] = 0x88;
    t[13] = 0xa8;
    rx(0, t);
    EXPECT_EQ(get_rxd(0x20000, 2).len, t.size());
    EXPECT_EQ(get_rxd(0x20000, 2).status & INIC_RXD_STA_VLAN, 0u);
    /* Counters count wire bytes. */
    EXPECT_EQ(rd64(pstat(0, INIC_PSTAT_RX_BYTES)), 3 * t.size());
}

/*
 * One run of the TX engine does a bounded amount of work, whatever the
 * guest posts: a broadcast TSO frame of 1024 segments, replicated to the
 * PF and every VF, into rings of zero-length and of 1-byte buffers.
 */
TEST_F(CoreVf, TxRunWorkIsBounded)
{
    rx_setup(16);
    for (unsigned i = 0; i < 15; i++) {
        rxd(0x20000, i, 0x40000 + 2048 * i, 2048);
    }
    wr(rr(0, true, INIC_RR_TAIL), 15);
    for (unsigned v = 0; v < 4; v++) {
        vf_up(v);
    }
    /* VF 1: 4095 buffers of length 0; VF 2: 4095 of 1 byte. */
    for (unsigned v = 1; v <= 2; v++) {
        const uint64_t ring = 0x800000 + 0x20000 * v;
        vwr(v, rr(0, true, INIC_RR_CTRL), 0);
        vwr(v, rr(0, true, INIC_RR_BASE_LO), (uint32_t)ring);
        vwr(v, rr(0, true, INIC_RR_SIZE), 4096);
        vwr(v, rr(0, true, INIC_RR_CTRL), INIC_RR_CTRL_ENABLE);
        for (unsigned i = 0; i < 4096; i++) {
            rxd(ring, i, 0xc00000 + i, v == 1 ? 0 : 1);
        }
        vwr(v, rr(0, true, INIC_RR_TAIL), 4095);
    }
    /* VF 0: one TSO frame to broadcast, 1024 segments of 63 bytes. */
    vwr(0, INIC_PORT_BASE(0) + INIC_PORT_OFFLOAD, INIC_PORT_OFFLOAD_TSO);
    Flow fl;
    auto big = ip_frame(fl, 63 * INIC_TSO_MAX_SEGS, BCAST);
    vfmac(0, &big[6]);
    ASSERT_LE(big.size(), (size_t)INIC_TX_MAX_BYTES);
    memcpy(&f.ram[0xa00000], big.data(), big.size());
    inic_tx_desc d = {};
    d.addr = 0xa00000;
    d.len = (uint16_t)big.size();
    d.cmd = INIC_TXD_CMD_EOP | INIC_TXD_CMD_TSO;
    d.mss = 63;
    d.hdr_len = 54;
    memcpy(&f.ram[vbase(0)], &d, 32);
    vwr(0, rr(0, false, INIC_RR_TAIL), 1);

    auto reads = [&] {
        unsigned n = f.pf_reads;
        for (auto &w : f.vf_dma) {
            n += w.second.reads;
        }
        return n;
    };
    unsigned runs = 0, worst = 0;
    while (vrd(0, rr(0, false, INIC_RR_HEAD)) != 1 && runs < 100) {
        unsigned before = reads();
        inic_core_run_tx(c);
        worst = std::max(worst, reads() - before);
        runs++;
    }
    EXPECT_EQ(vrd(0, rr(0, false, INIC_RR_HEAD)), 1u);
    /* hw-reference "Transmit engine": 4096, plus one segment in flight
     * (1 + 32 copies of 64 RX descriptors) and one TX frame's 64. */
    EXPECT_LE(worst, 4096u + 33 * 64 + 64) << runs << " runs";
    EXPECT_GT(runs, 4u);
    /* Every segment went to the wire, one frame completed. */
    EXPECT_EQ(f.sent.size(), (size_t)INIC_TSO_MAX_SEGS);
    EXPECT_EQ(vstat(0, INIC_VSTAT_TX_PKTS), (uint64_t)INIC_TSO_MAX_SEGS);
    EXPECT_EQ(get_txd(vbase(0), 0).status, INIC_TXD_STA_DD);
    /* The zero-length and the too-small buffers are bad descriptors. */
    EXPECT_GE(vrd(1, INIC_REG_ERR_COUNT(INIC_ERR_BAD_DESC)), 1u);
    EXPECT_GE(vrd(2, INIC_REG_ERR_COUNT(INIC_ERR_BAD_DESC)), 1u);
    EXPECT_EQ(vstat(3, INIC_VSTAT_RX_PKTS), 8u);    /* its 8 buffers */
}
