// SPDX-License-Identifier: GPL-2.0-or-later
//
// Unit tests of the RX engine (inic_rx.cpp): buffers, holding, hostile
// descriptors, checksum metadata, counters.
// Through the core's C API, with the fake host of fake_host.h.

#include "fake_host.h"

TEST_F(Core, RxIntoMultipleBuffers)
{
    rx_setup();
    for (unsigned i = 0; i < 4; i++) {
        rxd(0x20000, i, 0x50000 + i * 0x1000, 64);
    }
    wr(rr(0, true, INIC_RR_TAIL), 4);
    auto fr = frame(150);
    EXPECT_TRUE(inic_core_can_receive(c, 0));
    EXPECT_EQ(rx(0, fr), 150u);
    const uint16_t lens[3] = { 64, 64, 22 };
    for (unsigned i = 0; i < 3; i++) {
        auto d = get_rxd(0x20000, i);
        EXPECT_EQ(d.len, lens[i]);
        EXPECT_EQ(d.status, INIC_RXD_STA_DD | (i == 2 ? INIC_RXD_STA_EOP : 0));
        EXPECT_EQ(d.addr, 0x50000u + i * 0x1000);     /* not overwritten */
        EXPECT_EQ(d.buf_len, 64u);
        EXPECT_EQ(memcmp(&f.ram[0x50000 + i * 0x1000], fr.data() + i * 64,
                         lens[i]), 0);
    }
    EXPECT_EQ(get_rxd(0x20000, 3).status, 0u);
    EXPECT_EQ(rd(rr(0, true, INIC_RR_HEAD)), 3u);
    EXPECT_EQ(rd64(pstat(0, INIC_PSTAT_RX_PKTS)), 1u);
    EXPECT_EQ(rd64(pstat(0, INIC_PSTAT_RX_BYTES)), 150u);
    EXPECT_EQ(rd64(rstat(0, true, INIC_RSTAT_PKTS)), 1u);
}

TEST_F(Core, RxHoldsFrameUntilBuffersArePosted)
{
    rx_setup();
    EXPECT_FALSE(inic_core_can_receive(c, 0));
    rxd(0x20000, 0, 0x50000, 64);
    rxd(0x20000, 1, 0x51000, 64);
    wr(rr(0, true, INIC_RR_TAIL), 1);
    EXPECT_TRUE(inic_core_can_receive(c, 0));
    auto fr = frame(100);
    EXPECT_EQ(rx(0, fr), 0u);       /* needs two buffers: held */
    EXPECT_EQ(get_rxd(0x20000, 0).status, 0u);
    f.flushes.clear();
    wr(rr(0, true, INIC_RR_TAIL), 2);
    ASSERT_EQ(f.flushes.size(), 1u);
    EXPECT_EQ(f.flushes[0], 0u);
    EXPECT_EQ(rx(0, fr), 100u);
    EXPECT_EQ(get_rxd(0x20000, 1).status, INIC_RXD_STA_DD | INIC_RXD_STA_EOP);
    EXPECT_EQ(rd64(pstat(0, INIC_PSTAT_RX_DROPS)), 0u);
}

TEST_F(Core, RxFrameLargerThanFullRingIsDropped)
{
    rx_setup(16);
    for (unsigned i = 0; i < 15; i++) {
        rxd(0x20000, i, 0x50000 + 8 * i, 8);
    }
    wr(rr(0, true, INIC_RR_TAIL), 15);
    EXPECT_EQ(rx(0, frame(200)), 200u);
    EXPECT_EQ(rd64(rstat(0, true, INIC_RSTAT_DROP_NODESC)), 1u);
    EXPECT_EQ(rd64(pstat(0, INIC_PSTAT_RX_DROPS)), 1u);
    EXPECT_EQ(rd(rr(0, true, INIC_RR_HEAD)), 0u);
    /* A frame that fits is delivered. */
    EXPECT_EQ(rx(0, frame(60)), 60u);
    EXPECT_EQ(rd(rr(0, true, INIC_RR_HEAD)), 8u);
    EXPECT_EQ(rd64(pstat(0, INIC_PSTAT_RX_PKTS)), 1u);
}

/* A posted buffer of length 0 is a bad descriptor, not a buffer to skip. */
TEST_F(Core, RxZeroLengthBufferIsABadDescriptor)
{
    rx_setup(16);
    for (unsigned i = 0; i < 15; i++) {
        rxd(0x20000, i, 0x50000 + 8 * i, i == 3 ? 0 : 8);
    }
    wr(rr(0, true, INIC_RR_TAIL), 15);
    EXPECT_EQ(rx(0, frame(60)), 60u);
    for (unsigned i = 0; i < 4; i++) {
        auto d = get_rxd(0x20000, i);
        EXPECT_EQ(d.status, INIC_RXD_STA_DD | INIC_RXD_STA_ERR |
                            (i == 3 ? INIC_RXD_STA_EOP : 0)) << i;
        EXPECT_EQ(d.len, 0u) << i;
    }
    EXPECT_EQ(rd(rr(0, true, INIC_RR_HEAD)), 4u);
    EXPECT_EQ(err(INIC_ERR_BAD_DESC), 1u);
    EXPECT_EQ(rd(INIC_REG_ERR_INFO), 0u);           /* ring 0 */
    EXPECT_EQ(rd64(rstat(0, true, INIC_RSTAT_ERRORS)), 1u);
    EXPECT_EQ(rd64(pstat(0, INIC_PSTAT_RX_ERRORS)), 1u);
    EXPECT_EQ(rd64(pstat(0, INIC_PSTAT_RX_DROPS)), 1u);
    EXPECT_EQ(rd64(pstat(0, INIC_PSTAT_RX_PKTS)), 0u);
    /* The next frame uses the buffers after it. */
    EXPECT_EQ(rx(0, frame(60)), 60u);
    EXPECT_EQ(rd(rr(0, true, INIC_RR_HEAD)), 12u);
    EXPECT_EQ(rd64(pstat(0, INIC_PSTAT_RX_PKTS)), 1u);
}

/* A received frame uses at most INIC_RX_MAX_DESCS descriptors. */
TEST_F(Core, RxFrameUsesAtMostMaxDescriptors)
{
    rx_setup(256);
    for (unsigned i = 0; i < 255; i++) {
        rxd(0x20000, i, 0x50000 + 16 * i, 16);
    }
    wr(rr(0, true, INIC_RR_TAIL), 255);
    wr(INIC_PORT_BASE(0) + INIC_PORT_MTU, 9000);
    EXPECT_EQ(rx(0, frame(16 * INIC_RX_MAX_DESCS)), 16u * INIC_RX_MAX_DESCS);
    EXPECT_EQ(rd(rr(0, true, INIC_RR_HEAD)), (uint32_t)INIC_RX_MAX_DESCS);
    EXPECT_EQ(rd64(pstat(0, INIC_PSTAT_RX_PKTS)), 1u);
    /* One more byte: dropped after 64 reads, the 64 given back with ERR. */
    EXPECT_EQ(rx(0, frame(16 * INIC_RX_MAX_DESCS + 1)),
              16u * INIC_RX_MAX_DESCS + 1);
    EXPECT_EQ(rd(rr(0, true, INIC_RR_HEAD)), 2u * INIC_RX_MAX_DESCS);
    auto d = get_rxd(0x20000, 2 * INIC_RX_MAX_DESCS - 1);
    EXPECT_EQ(d.status, INIC_RXD_STA_DD | INIC_RXD_STA_ERR | INIC_RXD_STA_EOP);
    EXPECT_EQ(err(INIC_ERR_BAD_DESC), 1u);
    EXPECT_EQ(rd64(pstat(0, INIC_PSTAT_RX_PKTS)), 1u);
    EXPECT_EQ(rd64(pstat(0, INIC_PSTAT_RX_ERRORS)), 1u);
    /* A jumbo frame in 16-byte buffers: 64 read, dropped. */
    EXPECT_EQ(rx(0, frame(9000)), 9000u);
    EXPECT_EQ(rd(rr(0, true, INIC_RR_HEAD)), 3u * INIC_RX_MAX_DESCS);
    EXPECT_EQ(err(INIC_ERR_BAD_DESC), 2u);
}

TEST_F(Core, RxHostile)
{
    rx_setup();
    rxd(0x20000, 0, NOWHERE, 2048);
    rxd(0x20000, 1, 0x50000, 2048);
    wr(rr(0, true, INIC_RR_TAIL), 2);
    EXPECT_EQ(rx(0, frame(60)), 60u);
    auto d = get_rxd(0x20000, 0);
    EXPECT_EQ(d.status, INIC_RXD_STA_DD | INIC_RXD_STA_EOP | INIC_RXD_STA_ERR);
    EXPECT_EQ(err(INIC_ERR_BUF_DMA), 1u);
    EXPECT_EQ(rd64(pstat(0, INIC_PSTAT_RX_ERRORS)), 1u);
    EXPECT_EQ(rx(0, frame(60)), 60u);
    EXPECT_EQ(get_rxd(0x20000, 1).status, INIC_RXD_STA_DD | INIC_RXD_STA_EOP);

    /* Descriptor ring outside RAM: the ring faults. */
    wr(rr(0, true, INIC_RR_CTRL), 0);
    wr(rr(0, true, INIC_RR_BASE_LO), 0);
    wr(rr(0, true, INIC_RR_BASE_HI), 1);
    wr(rr(0, true, INIC_RR_CTRL), INIC_RR_CTRL_ENABLE);
    wr(rr(0, true, INIC_RR_TAIL), 5);
    EXPECT_EQ(rx(0, frame(60)), 60u);
    EXPECT_EQ(rd(rr(0, true, INIC_RR_STATUS)), INIC_RR_STATUS_FAULT);
    EXPECT_EQ(err(INIC_ERR_DESC_DMA), 1u);
    EXPECT_TRUE(inic_core_can_receive(c, 0));     /* dropped from now on */
    EXPECT_EQ(rx(0, frame(60)), 60u);
    EXPECT_EQ(err(INIC_ERR_DESC_DMA), 1u);
}

TEST_F(Core11, RxChecksumValidation)
{
    port_ctrl(0, INIC_PORT_CTRL_RX_EN);
    rx_ring_up(0, 0, 63);
    Flow fl;
    /* Off: nothing reported. */
    rx(0, ip_frame(fl, 100));
    EXPECT_EQ(get_rxd(rxbase(0), 0).status & 0x30, 0u);
    offload(0, INIC_PORT_OFFLOAD_RX_CSUM);
    unsigned i = 1;
    auto expect = [&](const std::vector<uint8_t> &fr, uint16_t want) {
        rx(0, fr);
        EXPECT_EQ(get_rxd(rxbase(0), i).status &
                  (INIC_RXD_STA_CSUM_OK | INIC_RXD_STA_CSUM_ERR), want) << i;
        i++;
    };
    expect(ip_frame(fl, 100), INIC_RXD_STA_CSUM_OK);
    auto bad = ip_frame(fl, 100);
    bad[80] ^= 1;
    expect(bad, INIC_RXD_STA_CSUM_ERR);
    auto badip = ip_frame(fl, 100);
    badip[14 + 8] = 1;      /* TTL changed, header checksum not */
    expect(badip, INIC_RXD_STA_CSUM_ERR);
    fl.proto = 17;
    expect(ip_frame(fl, 7), INIC_RXD_STA_CSUM_OK);
    auto padded = ip_frame(fl, 3);  /* 45 bytes: Ethernet pads to 60 */
    padded.resize(60, 0xee);
    expect(padded, INIC_RXD_STA_CSUM_OK);
    auto nock = ip_frame(fl, 7);
    nock[14 + 20 + 6] = nock[14 + 20 + 7] = 0;
    expect(nock, 0);
    Flow f6;
    f6.ver = 6;
    f6.proto = 17;
    expect(ip_frame(f6, 333), INIC_RXD_STA_CSUM_OK);
    f6.proto = 6;
    auto bad6 = ip_frame(f6, 333);
    bad6.back() ^= 0x40;
    expect(bad6, INIC_RXD_STA_CSUM_ERR);
    auto trunc = ip_frame(f6, 333);
    trunc.resize(200);      /* IPv6 length beyond the frame */
    expect(trunc, 0);
    expect(frame(100), 0);
    EXPECT_EQ(rd64(rstat(0, true, INIC_RSTAT_CSUM_ERR)), 3u);
    EXPECT_EQ(rd64(rstat(0, true, INIC_RSTAT_PKTS)), i);  /* delivered */
}

TEST_F(Core11, CountersSumToPortTotalsUnderRandomTraffic)
{
    uint64_t x = 0x1234567887654321ull;
    auto rnd = [&x]() {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        return x;
    };
    const uint8_t mac1[6] = { 0x52, 0x54, 0x00, 0xab, 0xcd, 0x11 };
    const uint8_t mc[6] = { 0x01, 0x00, 0x5e, 0x00, 0x00, 0x07 };
    const uint8_t other[6] = { 0x02, 0, 0, 0, 0, 1 };
    for (unsigned p = 0; p < 2; p++) {
        port_ctrl(p, INIC_PORT_CTRL_RX_EN | INIC_PORT_CTRL_TX_EN |
                     INIC_PORT_CTRL_MC_FILTER);
        offload(p, INIC_PORT_OFFLOAD_ALL);
        wr(INIC_PORT_BASE(p) + INIC_PORT_RSS_CTRL,
           INIC_RSS_ENABLE | INIC_RSS_HASH_ALL);
        for (unsigned q = p * 4; q < p * 4 + 4; q++) {
            rx_ring_up(q, p, 0);
            ring(q, false, 0x80000 + q * 0x1000, 64, p, 1 + q);
        }
    }
    uint32_t tx_tail[8] = {};
    for (unsigned it = 0; it < 4000; it++) {
        unsigned p = rnd() % 2;
        unsigned q = p * 4 + rnd() % 4;
        switch (rnd() % 16) {
        case 0:     /* post receive buffers on a random ring */
            wr(rr(q, true, INIC_RR_TAIL),
               (head(q) + rnd() % 63) % 64);
            break;
        case 1:
            inic_core_set_link(c, p, rnd() % 4 != 0);
            break;
        case 2:     /* bounce a ring (keeps its port) */
            wr(rr(q, true, INIC_RR_CTRL), p << INIC_RR_CTRL_PORT_SHIFT);
            if (rnd() % 2) {
                rx_ring_up(q, p, rnd() % 64);
            }
            break;
        case 3:
        case 4:
        case 5: {   /* transmit: plain, csum, TSO, VLAN or broken */
            Flow fl;
            fl.proto = rnd() % 2 ? 6 : 17;
            fl.ver = rnd() % 2 ? 4 : 6;
            auto fr = ip_frame(fl, rnd() % 6000);
            uint16_t cmd = 0, a = 0, b = 0;
            size_t hdr = 14 + l3_hlen(fl.ver) + l4_hlen(fl.proto);
            switch (rnd() % 4) {
            case 0: cmd = INIC_TXD_CMD_TSO; a = 1 + rnd() % 1500;
                    b = (uint16_t)hdr; break;
            case 1: cmd = INIC_TXD_CMD_CSUM; a = (uint16_t)(hdr - 8);
                    b = 6; break;
            case 2: cmd = INIC_TXD_CMD_VLAN; break;
            }
            if (fr.size() > 65535) {
                break;
            }
            uint32_t t = tx_tail[q];
            if (((t + 1) & 63) == rd(rr(q, false, INIC_RR_HEAD))) {
                break;
            }
            uint64_t buf = 0x300000 + q * 0x10000;
            memcpy(&f.ram[buf], fr.data(), fr.size());
            inic_tx_desc d = {};
            d.addr = rnd() % 50 ? buf : NOWHERE;
            d.len = (uint16_t)fr.size();
            d.cmd = cmd | INIC_TXD_CMD_EOP;
            if (cmd == INIC_TXD_CMD_TSO) {
                d.mss = a;
                d.hdr_len = b;
            } else {
                d.csum_start = a;
                d.csum_offset = b;
            }
            memcpy(&f.ram[0x80000 + q * 0x1000 + t * 32], &d, 32);
            tx_tail[q] = (t + 1) & 63;
            if (rd(rr(q, false, INIC_RR_STATUS)) == INIC_RR_STATUS_ENABLED) {
                wr(rr(q, false, INIC_RR_TAIL), tx_tail[q]);
            }
            f.accept = rnd() % 8 != 0;
            inic_core_run_tx(c);
            inic_core_tx_resume(c, p);
            break;
        }
        default: {  /* receive something */
            Flow fl;
            fl.sport = (uint16_t)rnd();
            fl.ver = rnd() % 3 ? 4 : 6;
            fl.proto = rnd() % 2 ? 6 : 17;
            const uint8_t *dst = p ? mac1 : MAC0;
            unsigned k = rnd() % 10;
            if (k == 0) {
                dst = other;
            } else if (k == 1) {
                dst = mc;
            }
            std::vector<uint8_t> fr;
            if (k == 2) {
                fr.assign(rnd() % 14, 0x01);            /* runt */
            } else if (k == 3) {
                fr = frame(1515 + rnd() % 100, dst);    /* too big */
            } else {
                fr = ip_frame(fl, rnd() % 3000, dst);
                if (k == 4) {
                    fr[fr.size() - 1] ^= 0xff;          /* bad checksum */
                }
            }
            inic_core_receive(c, p, fr.data(), fr.size());
            break;
        }
        }
    }
    /* Rings 0-3 are port 0's, 4-7 port 1's: the sums must match exactly. */
    uint64_t activity = 0;
    for (unsigned p = 0; p < 2; p++) {
        uint64_t rx[INIC_RSTAT__COUNT] = {}, tx[INIC_RSTAT__COUNT] = {};
        for (unsigned q = p * 4; q < p * 4 + 4; q++) {
            for (unsigned s = 0; s < INIC_RSTAT__COUNT; s++) {
                rx[s] += rd64(rstat(q, true, s));
                tx[s] += rd64(rstat(q, false, s));
            }
        }
        auto ps = [&](unsigned s) { return rd64(pstat(p, s)); };
        EXPECT_EQ(rx[INIC_RSTAT_PKTS], ps(INIC_PSTAT_RX_PKTS)) << p;
        EXPECT_EQ(rx[INIC_RSTAT_BYTES], ps(INIC_PSTAT_RX_BYTES)) << p;
        EXPECT_EQ(rx[INIC_RSTAT_DROP_FILTER], ps(INIC_PSTAT_RX_DROP_FILTER));
        EXPECT_EQ(rx[INIC_RSTAT_ERRORS], ps(INIC_PSTAT_RX_ERRORS)) << p;
        EXPECT_EQ(rx[INIC_RSTAT_DROP_NODESC] + rx[INIC_RSTAT_DROP_FILTER] +
                  rx[INIC_RSTAT_ERRORS], ps(INIC_PSTAT_RX_DROPS)) << p;
        EXPECT_EQ(tx[INIC_RSTAT_PKTS], ps(INIC_PSTAT_TX_PKTS)) << p;
        EXPECT_EQ(tx[INIC_RSTAT_BYTES], ps(INIC_PSTAT_TX_BYTES)) << p;
        EXPECT_EQ(tx[INIC_RSTAT_ERRORS], ps(INIC_PSTAT_TX_ERRORS)) << p;
        /* Every kind of event happened. */
        EXPECT_GT(rx[INIC_RSTAT_PKTS], 0u);
        EXPECT_GT(rx[INIC_RSTAT_DROP_NODESC], 0u);
        EXPECT_GT(rx[INIC_RSTAT_DROP_FILTER], 0u);
        EXPECT_GT(rx[INIC_RSTAT_ERRORS], 0u);
        EXPECT_GT(rx[INIC_RSTAT_CSUM_ERR], 0u);
        EXPECT_GT(tx[INIC_RSTAT_ERRORS], 0u);
        EXPECT_GT(ps(INIC_PSTAT_TX_PKTS), 0u);
        activity += ps(INIC_PSTAT_TX_PKTS);
    }
    EXPECT_GT(rd(INIC_REG_ERR_COUNT(INIC_ERR_BAD_OFFLOAD)), 0u);
    EXPECT_GT(activity, 100u);
}
