// SPDX-License-Identifier: GPL-2.0-or-later
//
// Unit tests of the PF register file (inic_regs.cpp): identity, undefined
// offsets, counters, register fuzzing.
// Through the core's C API, with the fake host of fake_host.h.

#include "fake_host.h"

TEST(CoreNew, RejectsBadConfig)
{
    Fake f;
    InicCallbacks cb = { &f, Fake::dma_read, Fake::dma_write, Fake::msix,
                         Fake::send, Fake::sched, Fake::flush, Fake::bm,
                         nullptr, nullptr, nullptr, nullptr, nullptr,
                         nullptr, nullptr, nullptr, nullptr, nullptr,
                         nullptr, nullptr, nullptr };
    InicConfig cfg = {};
    cfg.ports = 0;
    cfg.queues = 1;
    EXPECT_EQ(inic_core_new(&cfg, &cb), nullptr);
    cfg.ports = 9;
    EXPECT_EQ(inic_core_new(&cfg, &cb), nullptr);
    cfg.ports = 8;
    cfg.queues = 33;
    EXPECT_EQ(inic_core_new(&cfg, &cb), nullptr);
    cfg.queues = 32;
    InicCore *c = inic_core_new(&cfg, &cb);
    ASSERT_NE(c, nullptr);
    EXPECT_EQ(inic_core_mmio_read(c, INIC_REG_NUM_RINGS, 4), 256u);
    inic_core_free(c);
}

TEST_F(Core, IdentityRegisters)
{
    EXPECT_EQ(rd(INIC_REG_ID), INIC_ID_MAGIC);
    EXPECT_EQ(rd(INIC_REG_VERSION), (uint32_t)INIC_ABI_VERSION);
    EXPECT_EQ(rd(INIC_REG_CAPS),
              INIC_CAP_MQ | INIC_CAP_INT_ARM | INIC_CAP_RING_STATS | CAPS_11 |
              INIC_CAP_CLS | INIC_CAP_LAG | INIC_CAP_LRO |
              INIC_CAP_TOE | INIC_CAP_VNIC | INIC_CAP_CLS_VNIC);
    EXPECT_EQ(rd(INIC_REG_NUM_PORTS), 2u);
    EXPECT_EQ(rd(INIC_REG_NUM_RINGS), 8u);
    EXPECT_EQ(rd(INIC_REG_NUM_VECTORS), 9u);
    EXPECT_EQ(rd(INIC_REG_RINGS_PER_PORT), 4u);
    EXPECT_EQ(rd(INIC_REG_STATUS), INIC_STATUS_BUS_MASTER);
    f.master = false;
    EXPECT_EQ(rd(INIC_REG_STATUS), 0u);
    EXPECT_EQ(rd(INIC_PORT_BASE(1) + INIC_PORT_PERM_MAC_HI), 0x11cdu);
    EXPECT_EQ(rd(INIC_PORT_BASE(1) + INIC_PORT_RX_RING), 4u);
    EXPECT_EQ(rd(INIC_REG_ERR_TOTAL), 0u);
}

TEST_F(Core, SingleQueueHasNoMqCap)
{
    inic_core_free(c);
    queues = 1;
    make();
    EXPECT_EQ(rd(INIC_REG_CAPS),
              INIC_CAP_INT_ARM | INIC_CAP_RING_STATS | CAPS_11 |
              INIC_CAP_CLS | INIC_CAP_LAG | INIC_CAP_LRO |
              INIC_CAP_TOE | INIC_CAP_VNIC | INIC_CAP_CLS_VNIC);
}

TEST_F(Core, UndefinedOffsetsReadZeroAndCount)
{
    const uint64_t bad[] = { 0x2c, 0x4c, 0x200, 0xffc, INIC_PORT_BASE(2),
                             INIC_PORT_BASE(0) + 0x28,
                             INIC_PORT_BASE(0) + INIC_PORT_STAT(INIC_PSTAT__COUNT),
                             INIC_MBOX_BASE, 0x4000, 0xfffc,
                             INIC_RING_BASE(8), rr(0, false, 0x24),
                             rr(0, true, 0x3c), 0x1fffc };
    unsigned n = 0;
    for (uint64_t off : bad) {
        EXPECT_EQ(rd(off), 0u) << std::hex << off;
        wr(off, 0xffffffff);
        n += 2;
        EXPECT_EQ(err(INIC_ERR_BAD_REG), n) << std::hex << off;
        EXPECT_EQ(rd(INIC_REG_ERR_INFO), (uint32_t)off);
    }
    /* Misaligned, odd sizes, beyond the BAR. */
    EXPECT_EQ(inic_core_mmio_read(c, 2, 4), 0u);
    EXPECT_EQ(inic_core_mmio_read(c, 4, 8), 0u);
    EXPECT_EQ(inic_core_mmio_read(c, 0, 2), 0u);
    EXPECT_EQ(inic_core_mmio_read(c, INIC_BAR_REGS_SIZE, 4), 0u);
    inic_core_mmio_write(c, ~0ull - 3, 1, 4);
    EXPECT_EQ(err(INIC_ERR_BAD_REG), n + 5);
    EXPECT_EQ(rd(INIC_REG_ERR_TOTAL), n + 5);
    EXPECT_EQ(rd(INIC_REG_ERR_LAST), (uint32_t)INIC_ERR_BAD_REG);
    /* Read-only registers ignore writes without counting. */
    wr(INIC_REG_ID, 0);
    wr(INIC_PORT_BASE(0) + INIC_PORT_PERM_MAC_LO, 0);
    EXPECT_EQ(rd(INIC_REG_ID), INIC_ID_MAGIC);
    EXPECT_EQ(err(INIC_ERR_BAD_REG), n + 5);
}

TEST_F(Core, CountersAreReadOnly64Bit)
{
    rx_setup();
    rxd(0x20000, 0, 0x50000, 2048);
    wr(rr(0, true, INIC_RR_TAIL), 1);
    rx(0, frame(100));
    inic_core_mmio_write(c, pstat(0, INIC_PSTAT_RX_BYTES), 0, 8);
    wr(pstat(0, INIC_PSTAT_RX_BYTES), 0);
    EXPECT_EQ(rd64(pstat(0, INIC_PSTAT_RX_BYTES)), 100u);
    EXPECT_EQ(rd(pstat(0, INIC_PSTAT_RX_BYTES) + 4), 0u);
    EXPECT_EQ(rd64(rstat(0, true, 6)), 0u);     /* reserved slot */
    EXPECT_EQ(err(INIC_ERR_BAD_REG), 0u);
}

TEST_F(Core, FuzzRegistersNeverCrash)
{
    /* Random register writes, then traffic: no crash, no sanitizer hit. */
    uint64_t x = 0x9e3779b97f4a7c15ull;
    auto rnd = [&x]() {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        return x;
    };
    for (unsigned i = 0; i < 200000; i++) {
        uint64_t off = (rnd() % INIC_BAR_REGS_SIZE) & ~3ull;
        if (off == INIC_REG_CTRL && (i & 1)) {
            continue;
        }
        uint32_t v = (uint32_t)rnd();
        if (rnd() & 1) {
            v &= 0x3ffff;   /* small values hit the interesting cases */
        }
        wr(off, v);
        if (i % 64 == 0) {
            f.ram[rnd() % RAM_SIZE] = (uint8_t)rnd();
            inic_core_run_tx(c);
            f.sent.clear();
            f.irqs.clear();
            auto fr = frame(60 + rnd() % 1500);
            for (unsigned p = 0; p < 3; p++) {
                rx(p, fr);
            }
        }
    }
    EXPECT_EQ(rd(INIC_REG_ID), INIC_ID_MAGIC);
    EXPECT_GT(rd(INIC_REG_ERR_TOTAL), 0u);
}

TEST_F(Core11, RegistersOfAbi11)
{
    EXPECT_GE(rd(INIC_REG_VERSION), 0x00010001u);   /* 1.1 or later */
    EXPECT_EQ(rd(INIC_REG_VERSION) >> 16, 1u);
    EXPECT_EQ(rd(INIC_REG_RSS_KEY_SIZE), 40u);
    EXPECT_EQ(rd(INIC_REG_RSS_RETA_SIZE), 128u);
    EXPECT_EQ(rd(INIC_REG_UC_FILTERS), 16u);
    EXPECT_EQ(rd(INIC_REG_TSO_MAX_SEGS), (uint32_t)INIC_TSO_MAX_SEGS);
    /* Reset defaults: Microsoft key, RETA spread over the port's rings. */
    EXPECT_EQ(rd(INIC_PTBL_BASE(0) + INIC_PTBL_RSS_KEY(0)), 0xda565a6du);
    EXPECT_EQ(rd(INIC_PTBL_BASE(1) + INIC_PTBL_RSS_KEY(9)), 0xfa01acbeu);
    EXPECT_EQ(rd(INIC_PTBL_BASE(0) + INIC_PTBL_RSS_RETA(0)), 0x03020100u);
    EXPECT_EQ(rd(INIC_PTBL_BASE(1) + INIC_PTBL_RSS_RETA(31)), 0x07060504u);
    EXPECT_EQ(rd(INIC_PORT_BASE(0) + INIC_PORT_RSS_CTRL), 0u);
    EXPECT_EQ(rd(INIC_PORT_BASE(0) + INIC_PORT_OFFLOAD), 0u);
    /* Read back, masks, refusals. */
    wr(INIC_PORT_BASE(0) + INIC_PORT_RSS_CTRL, 0xffffffff);
    EXPECT_EQ(rd(INIC_PORT_BASE(0) + INIC_PORT_RSS_CTRL),
              INIC_RSS_ENABLE | INIC_RSS_HASH_ALL);
    wr(INIC_PORT_BASE(0) + INIC_PORT_OFFLOAD, 0xffffffff);
    EXPECT_EQ(rd(INIC_PORT_BASE(0) + INIC_PORT_OFFLOAD),
              (uint32_t)INIC_PORT_OFFLOAD_ALL);
    wr(INIC_PORT_BASE(0) + INIC_PORT_CTRL, 0xffffffff);
    EXPECT_EQ(rd(INIC_PORT_BASE(0) + INIC_PORT_CTRL), 0x1fu);
    wr(INIC_PTBL_BASE(0) + INIC_PTBL_RSS_RETA(5), 0x07000102);
    EXPECT_EQ(rd(INIC_PTBL_BASE(0) + INIC_PTBL_RSS_RETA(5)), 0x07000102u);
    wr(INIC_PTBL_BASE(0) + INIC_PTBL_RSS_RETA(5), 0x08000000);  /* ring 8 */
    EXPECT_EQ(err(INIC_ERR_BAD_VALUE), 1u);
    EXPECT_EQ(rd(INIC_PTBL_BASE(0) + INIC_PTBL_RSS_RETA(5)), 0x07000102u);
    wr(INIC_PTBL_BASE(1) + INIC_PTBL_UC_LO(15), 0x44332211);
    wr(INIC_PTBL_BASE(1) + INIC_PTBL_UC_HI(15), 0xffff6655);
    EXPECT_EQ(rd(INIC_PTBL_BASE(1) + INIC_PTBL_UC_HI(15)),
              0x6655u | INIC_UC_VALID);
    wr(INIC_PTBL_BASE(1) + INIC_PTBL_MC_HASH(127), 0x80000001);
    EXPECT_EQ(rd(INIC_PTBL_BASE(1) + INIC_PTBL_MC_HASH(127)), 0x80000001u);
    wr(rr(3, true, INIC_RR_ITR_USECS), 65536);
    wr(rr(3, true, INIC_RR_ITR_PKTS), 4097);
    EXPECT_EQ(err(INIC_ERR_BAD_VALUE), 3u);
    wr(rr(3, true, INIC_RR_ITR_USECS), 65535);
    wr(rr(3, true, INIC_RR_ITR_PKTS), 4096);
    EXPECT_EQ(rd(rr(3, true, INIC_RR_ITR_USECS)), 65535u);
    EXPECT_EQ(rd(rr(3, true, INIC_RR_ITR_PKTS)), 4096u);
    /* Holes and tables of absent ports stay undefined. */
    EXPECT_EQ(rd(INIC_PTBL_BASE(0) + 0x28), 0u);
    EXPECT_EQ(rd(INIC_PTBL_BASE(0) + 0x180), 0u);
    EXPECT_EQ(rd(INIC_PTBL_BASE(0) + 0x400), 0u);
    EXPECT_EQ(rd(INIC_PTBL_BASE(2)), 0u);
    wr(INIC_PTBL_BASE(7) + 0x7fc, 1);
    EXPECT_EQ(err(INIC_ERR_BAD_REG), 5u);
    /* Function reset restores the defaults. */
    wr(INIC_REG_CTRL, INIC_CTRL_RESET);
    EXPECT_EQ(rd(INIC_PTBL_BASE(0) + INIC_PTBL_RSS_RETA(5)), 0x03020100u);
    EXPECT_EQ(rd(INIC_PTBL_BASE(1) + INIC_PTBL_UC_HI(15)), 0u);
    EXPECT_EQ(rd(INIC_PTBL_BASE(1) + INIC_PTBL_MC_HASH(127)), 0u);
    EXPECT_EQ(rd(INIC_PORT_BASE(0) + INIC_PORT_OFFLOAD), 0u);
    EXPECT_EQ(rd(rr(3, true, INIC_RR_ITR_PKTS)), 0u);
}
