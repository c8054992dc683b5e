// SPDX-License-Identifier: GPL-2.0-or-later
//
// GoogleTest unit tests for the inic C++ device core, through its C API,
// with a fake guest memory and fake QEMU callbacks. Built with ASan+UBSan.

#include <gtest/gtest.h>

#include <cstring>
#include <vector>

#include "inic_core_api.h"
#include "inic_hw.h"

namespace {

constexpr uint64_t RAM_SIZE = 4 << 20;
constexpr uint64_t NOWHERE = 0x100000000ull;    // outside the fake RAM

struct Fake {
    std::vector<uint8_t> ram = std::vector<uint8_t>(RAM_SIZE);
    std::vector<unsigned> irqs;
    std::vector<std::pair<unsigned, std::vector<uint8_t>>> sent;
    std::vector<unsigned> flushes;
    unsigned tx_scheduled = 0;
    bool accept = true;
    bool master = true;

    static Fake *of(void *o) { return static_cast<Fake *>(o); }

    static int dma_read(void *o, uint64_t a, void *b, size_t l)
    {
        Fake *f = of(o);
        if (a >= RAM_SIZE || l > RAM_SIZE - a) {
            return -1;
        }
        memcpy(b, &f->ram[a], l);
        return 0;
    }
    static int dma_write(void *o, uint64_t a, const void *b, size_t l)
    {
        Fake *f = of(o);
        if (a >= RAM_SIZE || l > RAM_SIZE - a) {
            return -1;
        }
        memcpy(&f->ram[a], b, l);
        return 0;
    }
    static void msix(void *o, unsigned v) { of(o)->irqs.push_back(v); }
    static bool send(void *o, unsigned p, const uint8_t *b, size_t l)
    {
        of(o)->sent.emplace_back(p, std::vector<uint8_t>(b, b + l));
        return of(o)->accept;
    }
    static void sched(void *o) { of(o)->tx_scheduled++; }
    static void flush(void *o, unsigned p) { of(o)->flushes.push_back(p); }
    static bool bm(void *o) { return of(o)->master; }
};

const uint8_t MAC0[6] = { 0x52, 0x54, 0x00, 0xab, 0xcd, 0x10 };

class Core : public ::testing::Test {
protected:
    Fake f;
    InicCore *c = nullptr;
    unsigned ports = 2, queues = 4;

    void make()
    {
        InicConfig cfg = {};
        cfg.ports = ports;
        cfg.queues = queues;
        cfg.speed = 10000;
        for (unsigned p = 0; p < ports; p++) {
            memcpy(cfg.mac[p], MAC0, 6);
            cfg.mac[p][5] += p;
        }
        InicCallbacks cb = { &f, Fake::dma_read, Fake::dma_write, Fake::msix,
                             Fake::send, Fake::sched, Fake::flush, Fake::bm };
        c = inic_core_new(&cfg, &cb);
        ASSERT_NE(c, nullptr);
    }
    void SetUp() override { make(); }
    void TearDown() override { inic_core_free(c); }

    uint32_t rd(uint64_t off) { return (uint32_t)inic_core_mmio_read(c, off, 4); }
    uint64_t rd64(uint64_t off) { return inic_core_mmio_read(c, off, 8); }
    void wr(uint64_t off, uint32_t v) { inic_core_mmio_write(c, off, v, 4); }
    static uint64_t rr(unsigned q, bool rx, unsigned reg)
    {
        return INIC_RING_BASE(q) + (rx ? INIC_RING_RX : INIC_RING_TX) + reg;
    }
    static uint64_t rstat(unsigned q, bool rx, unsigned s)
    {
        return INIC_RING_BASE(q) +
               (rx ? INIC_RING_RX_STATS : INIC_RING_TX_STATS) + 8 * s;
    }
    static uint64_t pstat(unsigned p, unsigned s)
    {
        return INIC_PORT_BASE(p) + INIC_PORT_STAT(s);
    }
    uint32_t err(unsigned code) { return rd(INIC_REG_ERR_COUNT(code)); }

    void ring(unsigned q, bool rx, uint64_t base, uint32_t size,
              unsigned port = 0, uint32_t vector = 0)
    {
        wr(rr(q, rx, INIC_RR_BASE_LO), (uint32_t)base);
        wr(rr(q, rx, INIC_RR_BASE_HI), (uint32_t)(base >> 32));
        wr(rr(q, rx, INIC_RR_SIZE), size);
        wr(rr(q, rx, INIC_RR_VECTOR), vector);
        wr(rr(q, rx, INIC_RR_CTRL),
           INIC_RR_CTRL_ENABLE | (port << INIC_RR_CTRL_PORT_SHIFT));
    }
    void txd(uint64_t base, unsigned i, uint64_t addr, uint16_t len,
             uint16_t cmd)
    {
        inic_tx_desc d = {};
        d.addr = addr;
        d.len = len;
        d.cmd = cmd;
        memcpy(&f.ram[base + i * 32], &d, 32);
    }
    inic_tx_desc get_txd(uint64_t base, unsigned i)
    {
        inic_tx_desc d;
        memcpy(&d, &f.ram[base + i * 32], 32);
        return d;
    }
    void rxd(uint64_t base, unsigned i, uint64_t addr, uint16_t len)
    {
        inic_rx_desc d = {};
        d.addr = addr;
        d.buf_len = len;
        memcpy(&f.ram[base + i * 32], &d, 32);
    }
    inic_rx_desc get_rxd(uint64_t base, unsigned i)
    {
        inic_rx_desc d;
        memcpy(&d, &f.ram[base + i * 32], 32);
        return d;
    }
    std::vector<uint8_t> frame(size_t len, const uint8_t *dst = MAC0)
    {
        std::vector<uint8_t> fr(len);
        memcpy(fr.data(), dst, 6);
        for (size_t i = 6; i < len; i++) {
            fr[i] = (uint8_t)(i * 13 + 1);
        }
        if (len >= 14) {
            fr[12] = 0x88;
            fr[13] = 0xb5;
        }
        return fr;
    }
    size_t rx(unsigned port, const std::vector<uint8_t> &fr)
    {
        return inic_core_receive(c, port, fr.data(), fr.size());
    }
    /* TX ring 0 on port 0 at 0x10000, port TX enabled. */
    void tx_setup(uint32_t size = 16)
    {
        wr(INIC_PORT_BASE(0) + INIC_PORT_CTRL,
           rd(INIC_PORT_BASE(0) + INIC_PORT_CTRL) | INIC_PORT_CTRL_TX_EN);
        ring(0, false, 0x10000, size, 0, 1);
    }
    /* RX ring 0 (port 0's default) at 0x20000, port RX enabled. */
    void rx_setup(uint32_t size = 16)
    {
        wr(INIC_PORT_BASE(0) + INIC_PORT_CTRL,
           rd(INIC_PORT_BASE(0) + INIC_PORT_CTRL) | INIC_PORT_CTRL_RX_EN);
        ring(0, true, 0x20000, size, 0, 2);
    }
};

TEST(CoreNew, RejectsBadConfig)
{
    Fake f;
    InicCallbacks cb = { &f, Fake::dma_read, Fake::dma_write, Fake::msix,
                         Fake::send, Fake::sched, Fake::flush, Fake::bm };
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
              INIC_CAP_MQ | INIC_CAP_INT_ARM | INIC_CAP_RING_STATS);
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
    EXPECT_EQ(rd(INIC_REG_CAPS), INIC_CAP_INT_ARM | INIC_CAP_RING_STATS);
}

TEST_F(Core, UndefinedOffsetsReadZeroAndCount)
{
    const uint64_t bad[] = { 0x2c, 0x4c, 0x200, 0xffc, INIC_PORT_BASE(2),
                             INIC_PORT_BASE(0) + 0x28, INIC_PORT_BASE(0) + 0x80,
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

TEST_F(Core, NoDmaWithoutBusMaster)
{
    tx_setup();
    rx_setup();
    txd(0x10000, 0, 0x30000, 60, INIC_TXD_CMD_EOP);
    rxd(0x20000, 0, 0x50000, 2048);
    wr(rr(0, true, INIC_RR_TAIL), 1);
    f.master = false;
    wr(rr(0, false, INIC_RR_TAIL), 1);
    inic_core_run_tx(c);
    EXPECT_TRUE(f.sent.empty());
    EXPECT_TRUE(inic_core_can_receive(c, 0));
    EXPECT_EQ(rx(0, frame(60)), 60u);
    EXPECT_EQ(get_rxd(0x20000, 0).status, 0u);
    EXPECT_EQ(rd64(pstat(0, INIC_PSTAT_RX_DROPS)), 1u);
    f.master = true;
    unsigned sched = f.tx_scheduled;
    inic_core_bus_master_changed(c);
    EXPECT_GT(f.tx_scheduled, sched);
    inic_core_run_tx(c);
    EXPECT_EQ(f.sent.size(), 1u);
}

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
        rxd(0x20000, i, 0x50000, i == 3 ? 0 : 8);   /* one zero-size buffer */
    }
    wr(rr(0, true, INIC_RR_TAIL), 15);
    EXPECT_EQ(rx(0, frame(200)), 200u);
    EXPECT_EQ(rd64(rstat(0, true, INIC_RSTAT_DROP_NODESC)), 1u);
    EXPECT_EQ(rd64(pstat(0, INIC_PSTAT_RX_DROPS)), 1u);
    EXPECT_EQ(rd(rr(0, true, INIC_RR_HEAD)), 0u);
    /* A frame that fits uses the zero-size buffer harmlessly. */
    EXPECT_EQ(rx(0, frame(60)), 60u);
    EXPECT_EQ(get_rxd(0x20000, 3).len, 0u);
    EXPECT_EQ(get_rxd(0x20000, 3).status, INIC_RXD_STA_DD);
    EXPECT_EQ(rd64(pstat(0, INIC_PSTAT_RX_PKTS)), 1u);
}

TEST_F(Core, RxFilterAndMtu)
{
    rx_setup(64);
    for (unsigned i = 0; i < 63; i++) {
        rxd(0x20000, i, 0x50000 + i * 0x1000, 4096);
    }
    wr(rr(0, true, INIC_RR_TAIL), 63);
    const uint8_t other[6] = { 0x52, 0x54, 0x00, 1, 2, 3 };
    const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
    const uint8_t mcast[6] = { 0x01, 0x00, 0x5e, 0, 0, 1 };
    EXPECT_EQ(rx(0, frame(60, other)), 60u);
    EXPECT_EQ(rx(0, frame(60, bcast)), 60u);
    EXPECT_EQ(rx(0, frame(60, mcast)), 60u);
    EXPECT_EQ(rd(rr(0, true, INIC_RR_HEAD)), 2u);
    EXPECT_EQ(rd64(pstat(0, INIC_PSTAT_RX_DROP_FILTER)), 1u);
    EXPECT_EQ(rd64(rstat(0, true, INIC_RSTAT_DROP_FILTER)), 1u);
    /* Station MAC is programmable. */
    wr(INIC_PORT_BASE(0) + INIC_PORT_MAC_LO, 0x01005452);
    wr(INIC_PORT_BASE(0) + INIC_PORT_MAC_HI, 0x0302);
    EXPECT_EQ(rx(0, frame(60, other)), 60u);
    EXPECT_EQ(rd(rr(0, true, INIC_RR_HEAD)), 3u);
    EXPECT_EQ(rx(0, frame(60)), 60u);       /* the old MAC is now foreign */
    EXPECT_EQ(rd(rr(0, true, INIC_RR_HEAD)), 3u);
    wr(INIC_PORT_BASE(0) + INIC_PORT_CTRL,
       INIC_PORT_CTRL_RX_EN | INIC_PORT_CTRL_PROMISC);
    EXPECT_EQ(rx(0, frame(60)), 60u);
    EXPECT_EQ(rd(rr(0, true, INIC_RR_HEAD)), 4u);
    /* MTU: 1514 fits, 1515 does not, 1518 tagged fits, runts dropped. */
    EXPECT_EQ(rx(0, frame(1514)), 1514u);
    EXPECT_EQ(rx(0, frame(1515)), 1515u);
    auto tagged = frame(1518);
    tagged[12] = 0x81;
    tagged[13] = 0x00;
    EXPECT_EQ(rx(0, tagged), 1518u);
    EXPECT_EQ(rx(0, frame(10)), 10u);
    EXPECT_EQ(rd(rr(0, true, INIC_RR_HEAD)), 6u);
    EXPECT_EQ(rd64(pstat(0, INIC_PSTAT_RX_ERRORS)), 2u);
    wr(INIC_PORT_BASE(0) + INIC_PORT_MTU, 9000);
    EXPECT_EQ(rx(0, frame(9014)), 9014u);
    EXPECT_EQ(get_rxd(0x20000, 8).status, INIC_RXD_STA_DD | INIC_RXD_STA_EOP);
    EXPECT_EQ(get_rxd(0x20000, 8).len, 9014u - 2 * 4096);
    wr(INIC_PORT_BASE(0) + INIC_PORT_MTU, 67);
    EXPECT_EQ(err(INIC_ERR_BAD_VALUE), 1u);
}

TEST_F(Core, RxDropsWhenPortOrRingDisabledOrLinkDown)
{
    rx_setup();
    rxd(0x20000, 0, 0x50000, 2048);
    wr(rr(0, true, INIC_RR_TAIL), 1);
    inic_core_set_link(c, 0, false);
    EXPECT_EQ(rx(0, frame(60)), 60u);
    inic_core_set_link(c, 0, true);
    wr(INIC_PORT_BASE(0) + INIC_PORT_CTRL, 0);
    EXPECT_EQ(rx(0, frame(60)), 60u);
    wr(INIC_PORT_BASE(0) + INIC_PORT_CTRL, INIC_PORT_CTRL_RX_EN);
    wr(INIC_PORT_BASE(0) + INIC_PORT_RX_RING, 1);   /* ring 1 is disabled */
    EXPECT_EQ(rx(0, frame(60)), 60u);
    wr(INIC_PORT_BASE(0) + INIC_PORT_RX_RING, 8);   /* no such ring */
    EXPECT_EQ(err(INIC_ERR_BAD_VALUE), 1u);
    EXPECT_EQ(rd64(pstat(0, INIC_PSTAT_RX_DROPS)), 3u);
    EXPECT_EQ(get_rxd(0x20000, 0).status, 0u);
    EXPECT_EQ(rx(7, frame(60)), 60u);               /* no such port */
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

TEST_F(Core, MiscCausesAndMask)
{
    wr(INIC_REG_MISC_VECTOR, 8);
    inic_core_set_link(c, 1, false);
    EXPECT_EQ(rd(INIC_PORT_BASE(1) + INIC_PORT_STATUS), 0u);
    EXPECT_EQ(rd(INIC_PORT_BASE(1) + INIC_PORT_LINK_EVENTS), 1u);
    EXPECT_EQ(rd(INIC_REG_MISC_CAUSE), INIC_MISC_LINK);
    EXPECT_TRUE(f.irqs.empty());            /* masked */
    wr(INIC_REG_MISC_MASK, INIC_MISC_LINK); /* enabling a pending cause */
    ASSERT_EQ(f.irqs.size(), 1u);
    EXPECT_EQ(f.irqs[0], 8u);
    inic_core_set_link(c, 1, false);        /* no change, no event */
    EXPECT_EQ(rd(INIC_PORT_BASE(1) + INIC_PORT_LINK_EVENTS), 1u);
    inic_core_set_link(c, 1, true);         /* still pending: no new irq */
    EXPECT_EQ(f.irqs.size(), 1u);
    wr(INIC_REG_MISC_CAUSE, INIC_MISC_LINK);   /* RW1C */
    EXPECT_EQ(rd(INIC_REG_MISC_CAUSE), 0u);
    inic_core_set_link(c, 1, false);
    EXPECT_EQ(f.irqs.size(), 2u);
    EXPECT_EQ(rd(INIC_PORT_BASE(1) + INIC_PORT_LINK_EVENTS), 3u);
    /* Errors raise ERROR only when enabled. */
    rd(0x3000);
    EXPECT_EQ(rd(INIC_REG_MISC_CAUSE), INIC_MISC_LINK | INIC_MISC_ERROR);
    EXPECT_EQ(f.irqs.size(), 2u);
    wr(INIC_REG_MISC_MASK, INIC_MISC_ALL);
    EXPECT_EQ(f.irqs.size(), 3u);
    wr(INIC_REG_MISC_MASK, 0xffffffff);
    EXPECT_EQ(rd(INIC_REG_MISC_MASK), INIC_MISC_ALL);
}

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

} /* namespace */
