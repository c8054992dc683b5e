// SPDX-License-Identifier: GPL-2.0-or-later
//
// GoogleTest unit tests for the inic C++ device core, through its C API,
// with a fake guest memory and fake QEMU callbacks. Built with ASan+UBSan.

#include <gtest/gtest.h>

#include <cstring>
#include <map>
#include <vector>

#include "inic_core_api.h"
#include "inic_hw.h"
#include "inic_pkt.h"

namespace {

constexpr uint64_t RAM_SIZE = 16 << 20;
constexpr uint64_t NOWHERE = 0x100000000ull;    // outside the fake RAM

constexpr uint64_t VF_BARS = 0x40000000;  // VF v's BAR0: + v * BAR size
constexpr uint64_t FLR_DOOR = 0x50000000; // a write here: FLR of VF (value)

struct Fake {
    std::vector<uint8_t> ram = std::vector<uint8_t>(RAM_SIZE);
    /*
     * Set by tests that let DMA reach the device itself, as in QEMU: DMA
     * to a VF's BAR0 is an MMIO access to that VF (its own re-entrancy
     * guard does not stop it), DMA to FLR_DOOR a config write starting an
     * FLR, and flush_rx delivers the frames the backend holds.
     */
    InicCore *core = nullptr;
    std::map<unsigned, std::vector<uint8_t>> held;     /* port -> frame */
    unsigned nested_mmio = 0;
    bool to_device(uint64_t a, uint8_t *rb, const uint8_t *wb, size_t l)
    {
        if (!core) {
            return false;
        }
        if (a == FLR_DOOR && wb && l >= 4) {
            uint32_t v;
            memcpy(&v, wb, 4);
            inic_core_vf_flr(core, v);
            return true;
        }
        if (a < VF_BARS || a >= VF_BARS + 32ull * INIC_BAR_REGS_SIZE) {
            return false;
        }
        for (size_t i = 0; i + 4 <= l; i += 4) {    /* 4-byte accesses */
            uint64_t o = a + i - VF_BARS;
            unsigned vf = (unsigned)(o / INIC_BAR_REGS_SIZE);
            o %= INIC_BAR_REGS_SIZE;
            nested_mmio++;
            if (wb) {
                uint32_t w;
                memcpy(&w, wb + i, 4);
                inic_core_vf_mmio_write(core, vf, o, w, 4);
            } else {
                uint32_t w = (uint32_t)inic_core_vf_mmio_read(core, vf, o, 4);
                memcpy(rb + i, &w, 4);
            }
        }
        return true;
    }
    std::vector<unsigned> irqs;
    std::vector<std::pair<unsigned, std::vector<uint8_t>>> sent;
    std::vector<unsigned> flushes;
    unsigned tx_scheduled = 0;
    bool accept = true;
    bool master = true;

    static Fake *of(void *o) { return static_cast<Fake *>(o); }

    unsigned pf_reads = 0;
    static int dma_read(void *o, uint64_t a, void *b, size_t l)
    {
        Fake *f = of(o);
        f->pf_reads++;
        if (f->to_device(a, static_cast<uint8_t *>(b), nullptr, l)) {
            return 0;
        }
        if (a >= RAM_SIZE || l > RAM_SIZE - a) {
            return -1;
        }
        memcpy(b, &f->ram[a], l);
        return 0;
    }
    static int dma_write(void *o, uint64_t a, const void *b, size_t l)
    {
        Fake *f = of(o);
        if (f->to_device(a, nullptr, static_cast<const uint8_t *>(b), l)) {
            return 0;
        }
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
    static void flush(void *o, unsigned p)
    {
        Fake *f = of(o);
        f->flushes.push_back(p);
        auto it = f->held.find(p);
        if (f->core && it != f->held.end()) {
            std::vector<uint8_t> fr = it->second;
            if (inic_core_receive(f->core, p, fr.data(), fr.size())) {
                f->held.erase(p);
            }
        }
    }
    static bool bm(void *o) { return of(o)->master; }
    /* 1.1 callbacks. */
    std::map<unsigned, uint64_t> timers;    /* running: id -> delay */
    unsigned sendv_calls = 0;
    static bool sendv(void *o, unsigned p, const InicIov *iov, unsigned n)
    {
        std::vector<uint8_t> fr;
        EXPECT_GE(n, 1u);
        EXPECT_LE(n, (unsigned)INIC_CORE_MAX_IOV);
        for (unsigned i = 0; i < n; i++) {
            const uint8_t *b = static_cast<const uint8_t *>(iov[i].base);
            fr.insert(fr.end(), b, b + iov[i].len);
        }
        of(o)->sendv_calls++;
        of(o)->sent.emplace_back(p, std::move(fr));
        return of(o)->accept;
    }
    static void tmod(void *o, unsigned id, uint64_t ns)
    {
        of(o)->timers[id] = ns;
    }
    static void tdel(void *o, unsigned id) { of(o)->timers.erase(id); }
    /* 1.2: VFs. Each VF's DMA may be confined to a window (its IOMMU). */
    struct VfDma {
        uint64_t lo = 0, hi = RAM_SIZE;
        unsigned reads = 0, writes = 0;
    };
    std::map<unsigned, VfDma> vf_dma;
    std::vector<std::pair<unsigned, unsigned>> vf_irqs;   /* vf, vector */
    std::map<unsigned, bool> vf_master;     /* default: on */
    uint64_t now = 1000000;
    static int vdread(void *o, unsigned vf, uint64_t a, void *b, size_t l)
    {
        VfDma &w = of(o)->vf_dma[vf];
        w.reads++;
        if (of(o)->to_device(a, static_cast<uint8_t *>(b), nullptr, l)) {
            return 0;
        }
        if (a < w.lo || a >= w.hi || l > w.hi - a) {
            return -1;
        }
        memcpy(b, &of(o)->ram[a], l);   /* not dma_read: counted once */
        return 0;
    }
    static int vdwrite(void *o, unsigned vf, uint64_t a, const void *b,
                       size_t l)
    {
        VfDma &w = of(o)->vf_dma[vf];
        w.writes++;
        if (of(o)->to_device(a, nullptr, static_cast<const uint8_t *>(b), l)) {
            return 0;
        }
        if (a < w.lo || a >= w.hi || l > w.hi - a) {
            return -1;
        }
        return dma_write(o, a, b, l);
    }
    /* An MSI-X message address set to a VF BAR0 register (0: memory). */
    uint64_t msix_addr = 0;
    static void vmsix(void *o, unsigned vf, unsigned v)
    {
        of(o)->vf_irqs.emplace_back(vf, v);
        if (of(o)->msix_addr) {
            uint32_t data = INIC_CTRL_RESET;
            of(o)->to_device(of(o)->msix_addr, nullptr,
                             reinterpret_cast<const uint8_t *>(&data), 4);
        }
    }
    static bool vbm(void *o, unsigned vf)
    {
        auto it = of(o)->vf_master.find(vf);
        return it == of(o)->vf_master.end() || it->second;
    }
    static uint64_t clock(void *o) { return of(o)->now; }
};

const uint8_t MAC0[6] = { 0x52, 0x54, 0x00, 0xab, 0xcd, 0x10 };
/* Capabilities ABI 1.1 added, implemented whatever the configuration. */
const uint32_t CAPS_11 = INIC_CAP_RSS | INIC_CAP_TX_CSUM | INIC_CAP_RX_CSUM |
                         INIC_CAP_TSO | INIC_CAP_VLAN | INIC_CAP_ITR |
                         INIC_CAP_RX_FILTER;

class Core : public ::testing::Test {
protected:
    Fake f;
    InicCore *c = nullptr;
    unsigned ports = 2, queues = 4, vfs = 0;

    void make()
    {
        InicConfig cfg = {};
        cfg.ports = ports;
        cfg.queues = queues;
        cfg.vfs = vfs;
        cfg.speed = 10000;
        for (unsigned p = 0; p < ports; p++) {
            memcpy(cfg.mac[p], MAC0, 6);
            cfg.mac[p][5] += p;
        }
        InicCallbacks cb = { &f, Fake::dma_read, Fake::dma_write, Fake::msix,
                             Fake::send, Fake::sched, Fake::flush, Fake::bm,
                             Fake::sendv, Fake::tmod, Fake::tdel,
                             Fake::vdread, Fake::vdwrite, Fake::vmsix,
                             Fake::vbm, Fake::clock };
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
                         Fake::send, Fake::sched, Fake::flush, Fake::bm,
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
              INIC_CAP_MQ | INIC_CAP_INT_ARM | INIC_CAP_RING_STATS | CAPS_11);
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
              INIC_CAP_INT_ARM | INIC_CAP_RING_STATS | CAPS_11);
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


/* ---- ABI 1.1: helpers (independent of the device's own helpers) ---- */

/* Big-endian one's complement sum, folded, not complemented. */
uint16_t ref_sum(const uint8_t *p, size_t n, uint32_t sum = 0)
{
    for (size_t i = 0; i + 1 < n; i += 2) {
        sum += (uint32_t)(p[i] << 8 | p[i + 1]);
    }
    if (n & 1) {
        sum += (uint32_t)p[n - 1] << 8;
    }
    while (sum >> 16) {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return (uint16_t)sum;
}

struct Flow {
    int ver = 4;
    uint8_t proto = 6;
    uint8_t src[16] = { 66, 9, 149, 187 };
    uint8_t dst[16] = { 161, 142, 100, 80 };
    uint16_t sport = 2794, dport = 1766;
};

const uint8_t V6SRC[16] = { 0x3f, 0xfe, 0x25, 0x01, 0x02, 0x00, 0x1f, 0xff,
                            0, 0, 0, 0, 0, 0, 0, 7 };
const uint8_t V6DST[16] = { 0x3f, 0xfe, 0x25, 0x01, 0x02, 0x00, 0x00, 0x03,
                            0, 0, 0, 0, 0, 0, 0, 1 };

size_t l3_hlen(int ver) { return ver == 4 ? 20 : 40; }
size_t l4_hlen(uint8_t proto) { return proto == 6 ? 20 : 8; }

/* L4 pseudo header sum (folded) of a frame built by ip_frame(). */
uint16_t pseudo_sum(const std::vector<uint8_t> &fr, size_t l3, uint32_t l4len)
{
    int ver = fr[l3] >> 4;
    uint8_t proto = ver == 4 ? fr[l3 + 9] : fr[l3 + 6];
    uint32_t s = ver == 4 ? ref_sum(&fr[l3 + 12], 8) : ref_sum(&fr[l3 + 8], 32);
    s += proto + (l4len >> 16) + (l4len & 0xffff);
    return ref_sum(nullptr, 0, s);
}

/* Ethernet + IPv4/IPv6 + TCP/UDP + payload, all checksums correct. */
std::vector<uint8_t> ip_frame(const Flow &fl, size_t payload,
                              const uint8_t *dmac = MAC0, size_t l2 = 14)
{
    size_t l3 = l2, l4 = l3 + l3_hlen(fl.ver);
    size_t l4len = l4_hlen(fl.proto) + payload;
    std::vector<uint8_t> fr(l4 + l4len);
    memcpy(&fr[0], dmac, 6);
    memcpy(&fr[6], "\x02\x00\x00\x00\x00\x09", 6);
    if (l2 == 18) {
        fr[12] = 0x81;
        fr[13] = 0x00;
        fr[14] = 0x20;
        fr[15] = 0x05;      /* PCP 1, VID 5 */
    }
    fr[l2 - 2] = fl.ver == 4 ? 0x08 : 0x86;
    fr[l2 - 1] = fl.ver == 4 ? 0x00 : 0xdd;
    if (fl.ver == 4) {
        size_t tot = 20 + l4len;
        fr[l3] = 0x45;
        fr[l3 + 2] = (uint8_t)(tot >> 8);
        fr[l3 + 3] = (uint8_t)tot;
        fr[l3 + 4] = 0x12;
        fr[l3 + 5] = 0x34;
        fr[l3 + 6] = 0x40;  /* DF */
        fr[l3 + 8] = 64;
        fr[l3 + 9] = fl.proto;
        memcpy(&fr[l3 + 12], fl.src, 4);
        memcpy(&fr[l3 + 16], fl.dst, 4);
        uint16_t c = (uint16_t)~ref_sum(&fr[l3], 20);
        fr[l3 + 10] = (uint8_t)(c >> 8);
        fr[l3 + 11] = (uint8_t)c;
    } else {
        fr[l3] = 0x60;
        fr[l3 + 4] = (uint8_t)(l4len >> 8);
        fr[l3 + 5] = (uint8_t)l4len;
        fr[l3 + 6] = fl.proto;
        fr[l3 + 7] = 64;
        memcpy(&fr[l3 + 8], fl.src, 16);
        memcpy(&fr[l3 + 24], fl.dst, 16);
    }
    fr[l4] = (uint8_t)(fl.sport >> 8);
    fr[l4 + 1] = (uint8_t)fl.sport;
    fr[l4 + 2] = (uint8_t)(fl.dport >> 8);
    fr[l4 + 3] = (uint8_t)fl.dport;
    size_t ck;
    if (fl.proto == 6) {
        fr[l4 + 4] = 0x10;  /* seq 0x10000000 */
        fr[l4 + 12] = 0x50;
        fr[l4 + 13] = 0x18; /* ACK | PSH */
        fr[l4 + 14] = 0xff;
        ck = l4 + 16;
    } else {
        fr[l4 + 4] = (uint8_t)(l4len >> 8);
        fr[l4 + 5] = (uint8_t)l4len;
        ck = l4 + 6;
    }
    for (size_t i = 0; i < payload; i++) {
        fr[l4 + l4_hlen(fl.proto) + i] = (uint8_t)(i * 7 + 3);
    }
    uint16_t c = (uint16_t)~ref_sum(&fr[l4], l4len,
                                    pseudo_sum(fr, l3, (uint32_t)l4len));
    if (!c && fl.proto == 17) {
        c = 0xffff;
    }
    fr[ck] = (uint8_t)(c >> 8);
    fr[ck + 1] = (uint8_t)c;
    return fr;
}

/* Do the IPv4 header and L4 checksums of a frame verify? */
bool l4_ok(const std::vector<uint8_t> &fr, size_t l3 = 14)
{
    int ver = fr[l3] >> 4;
    size_t l4 = l3 + l3_hlen(ver);
    size_t l4len;
    if (ver == 4) {
        if (ref_sum(&fr[l3], 20) != 0xffff) {
            return false;
        }
        l4len = (size_t)(fr[l3 + 2] << 8 | fr[l3 + 3]) - 20;
    } else {
        l4len = (size_t)(fr[l3 + 4] << 8 | fr[l3 + 5]);
    }
    if (l4 + l4len > fr.size()) {
        return false;
    }
    return ref_sum(&fr[l4], l4len, pseudo_sum(fr, l3, (uint32_t)l4len)) ==
           0xffff;
}

class Core11 : public Core {
protected:
    void port_ctrl(unsigned p, uint32_t set)
    {
        wr(INIC_PORT_BASE(p) + INIC_PORT_CTRL,
           rd(INIC_PORT_BASE(p) + INIC_PORT_CTRL) | set);
    }
    void offload(unsigned p, uint32_t v)
    {
        wr(INIC_PORT_BASE(p) + INIC_PORT_OFFLOAD, v);
    }
    /* RX ring q at 0x100000 + q * 0x1000, buffers 2 KiB each from 0x200000. */
    static uint64_t rxbase(unsigned q) { return 0x100000 + q * 0x1000; }
    static uint64_t rxbuf(unsigned q, unsigned i)
    {
        return 0x400000 + (q * 32 + i % 32) * 0x800;
    }
    void rx_ring_up(unsigned q, unsigned port, unsigned post = 15)
    {
        ring(q, true, rxbase(q), 64, port, 1 + q);
        for (unsigned i = 0; i < 64; i++) {
            rxd(rxbase(q), i, rxbuf(q, i % 32), 2048);
        }
        wr(rr(q, true, INIC_RR_TAIL), post);
    }
    uint32_t head(unsigned q, bool rx = true)
    {
        return rd(rr(q, rx, INIC_RR_HEAD));
    }
    void tx_frame(unsigned q, uint64_t base, unsigned idx,
                  const std::vector<uint8_t> &fr, uint16_t cmd,
                  uint16_t a = 0, uint16_t b = 0, uint16_t vlan = 0)
    {
        uint64_t buf = 0x300000 + idx * 0x10000;
        memcpy(&f.ram[buf], fr.data(), fr.size());
        inic_tx_desc d = {};
        d.addr = buf;
        d.len = (uint16_t)fr.size();
        d.cmd = cmd | INIC_TXD_CMD_EOP;
        if (cmd & INIC_TXD_CMD_TSO) {
            d.mss = a;
            d.hdr_len = b;
        } else {
            d.csum_start = a;
            d.csum_offset = b;
        }
        d.vlan_tci = vlan;
        memcpy(&f.ram[base + idx * 32], &d, 32);
        wr(rr(q, false, INIC_RR_TAIL), idx + 1);
        inic_core_run_tx(c);
    }
};

TEST(Pkt, ToeplitzMatchesMicrosoftVerificationSuite)
{
    /* Default key, vectors of Microsoft's RSS verification suite. */
    const uint8_t key[40] = {
        0x6d, 0x5a, 0x56, 0xda, 0x25, 0x5b, 0x0e, 0xc2, 0x41, 0x67,
        0x25, 0x3d, 0x43, 0xa3, 0x8f, 0xb0, 0xd0, 0xca, 0x2b, 0xcb,
        0xae, 0x7b, 0x30, 0xb4, 0x77, 0xcb, 0x2d, 0xa3, 0x80, 0x30,
        0xf2, 0x0c, 0x6a, 0x42, 0xb7, 0x3b, 0xbe, 0xac, 0x01, 0xfa,
    };
    struct V4 {
        uint8_t src[4];
        uint16_t sport;
        uint8_t dst[4];
        uint16_t dport;
        uint32_t h2, h4;
    } v4[] = {
        { { 66, 9, 149, 187 }, 2794, { 161, 142, 100, 80 }, 1766,
          0x323e8fc2, 0x51ccc178 },
        { { 199, 92, 111, 2 }, 14230, { 65, 69, 140, 83 }, 4739,
          0xd718262a, 0xc626b0ea },
        { { 24, 19, 198, 95 }, 12898, { 12, 22, 207, 184 }, 38024,
          0xd2d0a5de, 0x5c2b394a },
        { { 38, 27, 205, 30 }, 48228, { 209, 142, 163, 6 }, 2217,
          0x82989176, 0xafc7327f },
        { { 153, 39, 163, 191 }, 44251, { 202, 188, 127, 2 }, 1303,
          0x5d1809c5, 0x10e828a2 },
    };
    for (auto &v : v4) {
        uint8_t in[12];
        memcpy(in, v.src, 4);
        memcpy(in + 4, v.dst, 4);
        inic::put_be16(in + 8, v.sport);
        inic::put_be16(in + 10, v.dport);
        EXPECT_EQ(inic::toeplitz(key, 40, in, 8), v.h2);
        EXPECT_EQ(inic::toeplitz(key, 40, in, 12), v.h4);
    }
    uint8_t in[36];
    memcpy(in, V6SRC, 16);
    memcpy(in + 16, V6DST, 16);
    inic::put_be16(in + 32, 2794);
    inic::put_be16(in + 34, 1766);
    EXPECT_EQ(inic::toeplitz(key, 40, in, 32), 0x2cc18cd5u);
    EXPECT_EQ(inic::toeplitz(key, 40, in, 36), 0x40207d3du);
    /* ether_crc_le of 01:00:5e:00:00:01 (Linux's ether_crc_le). */
    const uint8_t mc[6] = { 0x01, 0x00, 0x5e, 0x00, 0x00, 0x01 };
    EXPECT_EQ(inic::ether_crc_le(mc, 6), 0xd9b4c5feu);
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
void check_tso(const std::vector<std::pair<unsigned, std::vector<uint8_t>>> &sent,
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

} /* namespace */

/* ---- ABI 1.2: SR-IOV, embedded switch, mailbox, shaper ---- */

const uint8_t BCAST[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

class CoreVf : public Core {
protected:
    void SetUp() override
    {
        vfs = 4;
        make();
        inic_core_set_num_vfs(c, 4);
        for (unsigned v = 0; v < 4; v++) {
            wr(INIC_VF_BASE(v) + INIC_VF_MAC_LO, 0x00000002);
            wr(INIC_VF_BASE(v) + INIC_VF_MAC_HI, 0x0100 * (v + 1));
        }
    }
    static void vfmac(unsigned v, uint8_t *m)
    {
        const uint8_t b[6] = { 0x02, 0, 0, 0, 0, (uint8_t)(v + 1) };
        memcpy(m, b, 6);
    }
    uint32_t vrd(unsigned v, uint64_t off)
    {
        return (uint32_t)inic_core_vf_mmio_read(c, v, off, 4);
    }
    uint64_t vrd64(unsigned v, uint64_t off)
    {
        return inic_core_vf_mmio_read(c, v, off, 8);
    }
    void vwr(unsigned v, uint64_t off, uint32_t val)
    {
        inic_core_vf_mmio_write(c, v, off, val, 4);
    }
    uint64_t vstat(unsigned v, unsigned st)
    {
        return rd64(INIC_VF_BASE(v) + INIC_VF_STAT(st));
    }
    static uint64_t vbase(unsigned v) { return 0x100000 + 0x10000 * v; }
    /* VF v: TX ring 0 at vbase, RX ring 0 at vbase + 0x1000 with 8 buffers
     * of 2048 at vbase + 0x2000, RX and TX enabled. */
    void vf_up(unsigned v)
    {
        for (int rx = 0; rx < 2; rx++) {
            uint64_t b = vbase(v) + (rx ? 0x1000 : 0);
            vwr(v, rr(0, rx, INIC_RR_BASE_LO), (uint32_t)b);
            vwr(v, rr(0, rx, INIC_RR_SIZE), 16);
            vwr(v, rr(0, rx, INIC_RR_VECTOR), 1 + rx);
            vwr(v, rr(0, rx, INIC_RR_CTRL), INIC_RR_CTRL_ENABLE);
            ASSERT_EQ(vrd(v, rr(0, rx, INIC_RR_STATUS)),
                      INIC_RR_STATUS_ENABLED);
        }
        for (unsigned i = 0; i < 8; i++) {
            rxd(vbase(v) + 0x1000, i, vbase(v) + 0x2000 + 2048 * i, 2048);
        }
        vwr(v, rr(0, true, INIC_RR_TAIL), 8);
        vwr(v, INIC_PORT_BASE(0) + INIC_PORT_CTRL,
            INIC_PORT_CTRL_RX_EN | INIC_PORT_CTRL_TX_EN);
    }
    unsigned vf_rx_count(unsigned v) { return vrd(v, rr(0, true, INIC_RR_HEAD)); }
    /* VF v sends fr from its TX ring (slot = current tail). */
    void vf_send(unsigned v, const std::vector<uint8_t> &fr)
    {
        uint32_t t = vrd(v, rr(0, false, INIC_RR_TAIL));
        uint64_t buf = vbase(v) + 0xa000 + 0x800 * (t % 8);
        memcpy(&f.ram[buf], fr.data(), fr.size());
        txd(vbase(v), t, buf, (uint16_t)fr.size(), INIC_TXD_CMD_EOP);
        vwr(v, rr(0, false, INIC_RR_TAIL), (t + 1) % 16);
        inic_core_run_tx(c);
    }
    std::vector<uint8_t> from(const uint8_t *dst, const uint8_t *src,
                              size_t len = 60)
    {
        auto fr = frame(len, dst);
        memcpy(fr.data() + 6, src, 6);
        return fr;
    }
    std::vector<uint8_t> vf_from(unsigned v, const uint8_t *dst,
                                 size_t len = 60)
    {
        uint8_t m[6];
        vfmac(v, m);
        return from(dst, m, len);
    }
    /* The frame VF v received in RX slot i. */
    std::vector<uint8_t> vf_got(unsigned v, unsigned i)
    {
        inic_rx_desc d = get_rxd(vbase(v) + 0x1000, i);
        const uint8_t *b = &f.ram[vbase(v) + 0x2000 + 2048 * i];
        return std::vector<uint8_t>(b, b + d.len);
    }
};

TEST_F(CoreVf, IdentityAndRingWindow)
{
    EXPECT_EQ(rd(INIC_REG_CAPS) & (INIC_CAP_SRIOV | INIC_CAP_ESWITCH |
                                   INIC_CAP_SHAPER),
              INIC_CAP_SRIOV | INIC_CAP_ESWITCH | INIC_CAP_SHAPER);
    EXPECT_EQ(rd(INIC_REG_TOTAL_VFS), 4u);
    EXPECT_EQ(rd(INIC_REG_NUM_VFS), 4u);
    EXPECT_EQ(rd(INIC_REG_VF_RING_POOL), 64u);
    EXPECT_EQ(rd(INIC_REG_FUNC), 0u);
    EXPECT_EQ(vrd(2, INIC_REG_FUNC), INIC_FUNC_VF | 2u);
    EXPECT_EQ(vrd(2, INIC_REG_ID), INIC_ID_MAGIC);
    EXPECT_EQ(vrd(2, INIC_REG_VERSION), (uint32_t)INIC_ABI_VERSION);
    EXPECT_EQ(vrd(2, INIC_REG_NUM_PORTS), 1u);
    EXPECT_EQ(vrd(2, INIC_REG_NUM_RINGS), 4u);
    EXPECT_EQ(vrd(2, INIC_REG_NUM_VECTORS), (uint32_t)INIC_VF_VECTORS);
    EXPECT_EQ(vrd(2, INIC_REG_CAPS) & INIC_CAP_SRIOV, 0u);
    EXPECT_EQ(rd(INIC_VF_BASE(2) + INIC_VF_RING_BASE), 32u);
    EXPECT_EQ(vrd(1, INIC_PORT_BASE(0) + INIC_PORT_MAC_HI), 0x0200u);
    /* Ring 4 is not the VF's: undefined, counted by the VF only. */
    uint32_t pf_bad = err(INIC_ERR_BAD_REG);
    EXPECT_EQ(vrd(2, rr(4, false, INIC_RR_BASE_LO)), 0u);
    EXPECT_EQ(vrd(2, INIC_REG_ERR_COUNT(INIC_ERR_BAD_REG)), 1u);
    EXPECT_EQ(err(INIC_ERR_BAD_REG), pf_bad);
    /* The PF assigns: 8 rings, then an overlap is refused. */
    wr(INIC_VF_BASE(2) + INIC_VF_RING_COUNT, 8);
    EXPECT_EQ(vrd(2, INIC_REG_NUM_RINGS), 8u);
    wr(INIC_VF_BASE(3) + INIC_VF_RING_BASE, 36);
    EXPECT_EQ(rd(INIC_VF_BASE(3) + INIC_VF_RING_BASE), 48u);
    EXPECT_EQ(err(INIC_ERR_BAD_VALUE), 1u);
    wr(INIC_VF_BASE(2) + INIC_VF_RING_COUNT, 17);   /* > VF_MAX_RINGS */
    EXPECT_EQ(err(INIC_ERR_BAD_VALUE), 2u);
    /* Not while a ring is on. */
    vf_up(2);
    wr(INIC_VF_BASE(2) + INIC_VF_RING_COUNT, 2);
    EXPECT_EQ(vrd(2, INIC_REG_NUM_RINGS), 8u);
    EXPECT_EQ(err(INIC_ERR_BAD_VALUE), 3u);
    /* A VF ring's port field must be 0 (its own port). */
    vwr(2, rr(1, false, INIC_RR_SIZE), 16);
    vwr(2, rr(1, false, INIC_RR_CTRL),
        INIC_RR_CTRL_ENABLE | (1 << INIC_RR_CTRL_PORT_SHIFT));
    EXPECT_EQ(vrd(2, rr(1, false, INIC_RR_STATUS)), 0u);
    EXPECT_EQ(vrd(2, INIC_REG_ERR_COUNT(INIC_ERR_BAD_RING_CFG)), 1u);
}

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

TEST_F(CoreVf, TrustGatesPromiscAndAllmulti)
{
    vf_up(0);
    f.irqs.clear();
    wr(INIC_REG_MISC_MASK, INIC_MISC_MBOX);
    wr(INIC_REG_VF_EVENTS, ~0u);
    vwr(0, INIC_PORT_BASE(0) + INIC_PORT_CTRL,
        INIC_PORT_CTRL_RX_EN | INIC_PORT_CTRL_PROMISC);
    EXPECT_EQ(vrd(0, INIC_PORT_BASE(0) + INIC_PORT_CTRL), INIC_PORT_CTRL_RX_EN);
    EXPECT_EQ(rd(INIC_VF_BASE(0) + INIC_VF_REFUSED), 1u);
    EXPECT_EQ(rd(INIC_REG_VF_EVENTS), 1u);
    EXPECT_EQ(rd(INIC_REG_MISC_CAUSE) & INIC_MISC_MBOX, INIC_MISC_MBOX);
    EXPECT_EQ(f.irqs.size(), 1u);
    /* Unknown unicast does not reach it. */
    const uint8_t other[6] = { 0x02, 0x77, 0, 0, 0, 1 };
    rx(0, from(other, MAC0));
    EXPECT_EQ(vf_rx_count(0), 0u);
    /* Trusted: granted. */
    wr(INIC_VF_BASE(0) + INIC_VF_CTRL, INIC_VF_CTRL_TRUST);
    vwr(0, INIC_PORT_BASE(0) + INIC_PORT_CTRL,
        INIC_PORT_CTRL_RX_EN | INIC_PORT_CTRL_PROMISC |
        INIC_PORT_CTRL_ALLMULTI);
    EXPECT_EQ(vrd(0, INIC_PORT_BASE(0) + INIC_PORT_CTRL),
              INIC_PORT_CTRL_RX_EN | INIC_PORT_CTRL_PROMISC |
              INIC_PORT_CTRL_ALLMULTI);
    EXPECT_EQ(rd(INIC_VF_BASE(0) + INIC_VF_STATUS) & INIC_VF_STATUS_PROMISC,
              INIC_VF_STATUS_PROMISC);
    rx(0, from(other, MAC0));
    EXPECT_EQ(vf_rx_count(0), 1u);
    /* Trust withdrawn: the grant goes with it. */
    wr(INIC_VF_BASE(0) + INIC_VF_CTRL, 0);
    EXPECT_EQ(vrd(0, INIC_PORT_BASE(0) + INIC_PORT_CTRL), INIC_PORT_CTRL_RX_EN);
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

TEST_F(CoreVf, LinkStatePolicy)
{
    vf_up(0);
    vwr(0, INIC_REG_MISC_MASK, INIC_MISC_LINK);
    vwr(0, INIC_REG_MISC_VECTOR, 3);
    EXPECT_EQ(vrd(0, INIC_PORT_BASE(0) + INIC_PORT_STATUS),
              INIC_PORT_STATUS_LINK);
    wr(INIC_VF_BASE(0) + INIC_VF_CTRL,
       INIC_VF_LINK_DISABLE << INIC_VF_CTRL_LINK_SHIFT);
    EXPECT_EQ(vrd(0, INIC_PORT_BASE(0) + INIC_PORT_STATUS), 0u);
    ASSERT_EQ(f.vf_irqs.size(), 1u);
    EXPECT_EQ(f.vf_irqs[0], std::make_pair(0u, 3u));
    const uint8_t peer[6] = { 0x02, 0xaa, 0, 0, 0, 1 };
    vf_send(0, vf_from(0, peer));
    EXPECT_TRUE(f.sent.empty());
    EXPECT_EQ(vstat(0, INIC_VSTAT_TX_DROPS), 1u);
    rx(0, from(BCAST, peer));
    EXPECT_EQ(vf_rx_count(0), 0u);
    /* Auto follows the cable; enable ignores it. */
    wr(INIC_VF_BASE(0) + INIC_VF_CTRL, 0);
    inic_core_set_link(c, 0, false);
    EXPECT_EQ(vrd(0, INIC_PORT_BASE(0) + INIC_PORT_STATUS), 0u);
    wr(INIC_VF_BASE(0) + INIC_VF_CTRL,
       INIC_VF_LINK_ENABLE << INIC_VF_CTRL_LINK_SHIFT);
    EXPECT_EQ(vrd(0, INIC_PORT_BASE(0) + INIC_PORT_STATUS),
              INIC_PORT_STATUS_LINK);
    wr(INIC_VF_BASE(0) + INIC_VF_CTRL, 3 << INIC_VF_CTRL_LINK_SHIFT);
    EXPECT_EQ(err(INIC_ERR_BAD_VALUE), 1u);
}

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

TEST_F(CoreVf, MailboxTransportBoundsAndIsolation)
{
    vwr(1, INIC_REG_MISC_MASK, INIC_MISC_MBOX);
    vwr(1, INIC_REG_MISC_VECTOR, 0);
    wr(INIC_REG_MISC_MASK, INIC_MISC_MBOX);
    wr(INIC_REG_VF_EVENTS, ~0u);
    wr(INIC_REG_MISC_CAUSE, ~0u);
    f.irqs.clear();
    /* A full-size request. */
    vwr(1, INIC_MBOX_BASE, INIC_MBOX_HDR(INIC_MBOX_OP_GET_MAC, 60, 3));
    for (unsigned i = 1; i < 16; i++) {
        vwr(1, INIC_MBOX_BASE + 4 * i, 0x1000 + i);
    }
    vwr(1, INIC_MBOX_BASE + INIC_MBOX_VF_CTRL, INIC_MBOX_VF_CTRL_REQ);
    EXPECT_EQ(rd(INIC_REG_MBOX_PENDING), 2u);
    EXPECT_EQ(rd(INIC_REG_MISC_CAUSE) & INIC_MISC_MBOX, INIC_MISC_MBOX);
    EXPECT_EQ(f.irqs.size(), 1u);
    EXPECT_EQ(rd(INIC_VF_BASE(1) + INIC_VF_MBOX_CTRL), INIC_VF_MBOX_ACK);
    EXPECT_EQ(rd(INIC_MBOX_PF_SLOT(1)),
              INIC_MBOX_HDR(INIC_MBOX_OP_GET_MAC, 60, 3));
    EXPECT_EQ(rd(INIC_MBOX_PF_SLOT(1) + 60), 0x100fu);
    EXPECT_EQ(rd(INIC_MBOX_PF_SLOT(0)), 0u);        /* VF 0: nothing */
    /* The PF reads a snapshot: later VF writes do not change it. */
    vwr(1, INIC_MBOX_BASE + 4, 0xdead);
    EXPECT_EQ(rd(INIC_MBOX_PF_SLOT(1) + 4), 0x1001u);
    /* A flood: one request in flight, the rest refused and counted. */
    for (unsigned i = 0; i < 1000; i++) {
        vwr(1, INIC_MBOX_BASE + INIC_MBOX_VF_CTRL, INIC_MBOX_VF_CTRL_REQ);
    }
    EXPECT_EQ(rd(INIC_VF_BASE(1) + INIC_VF_MBOX_ERRORS), 1000u);
    EXPECT_EQ(f.irqs.size(), 1u);   /* no interrupt storm on the PF */
    EXPECT_EQ(rd(INIC_REG_VF_EVENTS), 2u);
    EXPECT_EQ(vrd(1, INIC_MBOX_BASE + INIC_MBOX_VF_CTRL),
              INIC_MBOX_VF_CTRL_REQ | INIC_MBOX_VF_CTRL_REFUSED);
    /* The PF acknowledges, then replies. */
    wr(INIC_VF_BASE(1) + INIC_VF_MBOX_CTRL, INIC_VF_MBOX_ACK);
    EXPECT_EQ(rd(INIC_REG_MBOX_PENDING), 0u);
    EXPECT_EQ(vrd(1, INIC_MBOX_BASE + INIC_MBOX_VF_CTRL) &
              (INIC_MBOX_VF_CTRL_REQ | INIC_MBOX_VF_CTRL_ACK),
              INIC_MBOX_VF_CTRL_ACK);
    wr(INIC_MBOX_PF_SLOT(1) + INIC_MBOX_REPLY,
       INIC_MBOX_HDR(INIC_MBOX_OP_GET_MAC, 6, 3) | INIC_MBOX_HDR_REPLY);
    wr(INIC_MBOX_PF_SLOT(1) + INIC_MBOX_REPLY + 4, 0x00000002);
    wr(INIC_VF_BASE(1) + INIC_VF_MBOX_CTRL, INIC_VF_MBOX_REPLY);
    ASSERT_EQ(f.vf_irqs.size(), 1u);
    EXPECT_EQ(f.vf_irqs[0], std::make_pair(1u, 0u));
    EXPECT_EQ(vrd(1, INIC_MBOX_BASE + INIC_MBOX_REPLY + 4), 2u);
    EXPECT_EQ(vrd(1, INIC_MBOX_BASE + INIC_MBOX_VF_CTRL) &
              INIC_MBOX_VF_CTRL_REPLY, INIC_MBOX_VF_CTRL_REPLY);
    EXPECT_EQ(vrd(0, INIC_MBOX_BASE + INIC_MBOX_REPLY + 4), 0u);
    /* A second reply before the VF consumed the first: refused. */
    wr(INIC_VF_BASE(1) + INIC_VF_MBOX_CTRL, INIC_VF_MBOX_REPLY);
    EXPECT_EQ(err(INIC_ERR_BAD_VALUE), 1u);
    vwr(1, INIC_MBOX_BASE + INIC_MBOX_VF_CTRL, INIC_MBOX_VF_CTRL_ACK);
    EXPECT_EQ(rd(INIC_VF_BASE(1) + INIC_VF_MBOX_CTRL), 0u);
    /* Lengths are bounded both ways. */
    vwr(1, INIC_MBOX_BASE, INIC_MBOX_HDR(1, 61, 0));
    vwr(1, INIC_MBOX_BASE + INIC_MBOX_VF_CTRL, INIC_MBOX_VF_CTRL_REQ);
    EXPECT_EQ(rd(INIC_REG_MBOX_PENDING), 0u);
    EXPECT_EQ(vrd(1, INIC_REG_ERR_COUNT(INIC_ERR_BAD_VALUE)), 1u);
    wr(INIC_MBOX_PF_SLOT(1) + INIC_MBOX_REPLY, INIC_MBOX_HDR(1, 255, 0));
    wr(INIC_VF_BASE(1) + INIC_VF_MBOX_CTRL, INIC_VF_MBOX_REPLY);
    EXPECT_EQ(err(INIC_ERR_BAD_VALUE), 2u);
    /* The VF cannot write its REPLY or the PF's REQ view. */
    vwr(1, INIC_MBOX_BASE + INIC_MBOX_REPLY + 4, 0xbad);
    EXPECT_EQ(vrd(1, INIC_MBOX_BASE + INIC_MBOX_REPLY + 4), 2u);
    wr(INIC_MBOX_PF_SLOT(1) + 4, 0xbad);
    EXPECT_EQ(rd(INIC_MBOX_PF_SLOT(1) + 4), 0x1001u);
}

TEST_F(CoreVf, FlrResetsOnlyThatVf)
{
    vf_up(0);
    vf_up(1);
    uint8_t m1[6];
    vfmac(1, m1);
    wr(INIC_VF_BASE(0) + INIC_VF_VLAN, 7);
    vwr(0, INIC_REG_SCRATCH, 0x55);
    vwr(0, INIC_MBOX_BASE, INIC_MBOX_HDR(1, 0, 0));
    vwr(0, INIC_MBOX_BASE + INIC_MBOX_VF_CTRL, INIC_MBOX_VF_CTRL_REQ);
    vwr(1, INIC_REG_SCRATCH, 0x66);
    EXPECT_EQ(rd(INIC_REG_MBOX_PENDING), 1u);
    inic_core_vf_flr(c, 0);
    EXPECT_EQ(rd(INIC_VF_BASE(0) + INIC_VF_FLR_COUNT), 1u);
    EXPECT_EQ(rd(INIC_VF_BASE(1) + INIC_VF_FLR_COUNT), 0u);
    EXPECT_EQ(vrd(0, rr(0, true, INIC_RR_STATUS)), 0u);
    EXPECT_EQ(vrd(0, INIC_REG_SCRATCH), 0u);
    EXPECT_EQ(vrd(0, INIC_PORT_BASE(0) + INIC_PORT_CTRL), 0u);
    EXPECT_EQ(rd(INIC_REG_MBOX_PENDING), 0u);
    EXPECT_EQ(rd(INIC_VF_BASE(0) + INIC_VF_VLAN), 7u);    /* PF policy kept */
    EXPECT_EQ(rd(INIC_REG_VF_EVENTS) & 1u, 1u);
    /* VF 1 untouched and still switching. */
    EXPECT_EQ(vrd(1, INIC_REG_SCRATCH), 0x66u);
    EXPECT_EQ(vrd(1, rr(0, true, INIC_RR_STATUS)), INIC_RR_STATUS_ENABLED);
    rx(0, from(m1, MAC0));
    EXPECT_EQ(vf_rx_count(1), 1u);
}

TEST_F(CoreVf, DmaGoesThroughTheOwningVf)
{
    vf_up(0);
    vf_up(1);
    /* VF 1 may only reach its own 64 KiB (its IOMMU view). */
    f.vf_dma[1].lo = vbase(1);
    f.vf_dma[1].hi = vbase(1) + 0x10000;
    unsigned r0 = f.vf_dma[0].reads, w0 = f.vf_dma[0].writes;
    /* VF 1 points a TX buffer into VF 0's memory: refused, VF 1 counts. */
    txd(vbase(1), 0, vbase(0) + 0x2000, 60, INIC_TXD_CMD_EOP);
    vwr(1, rr(0, false, INIC_RR_TAIL), 1);
    inic_core_run_tx(c);
    EXPECT_TRUE(f.sent.empty());
    EXPECT_EQ(get_txd(vbase(1), 0).status,
              INIC_TXD_STA_DD | INIC_TXD_STA_ERR);
    EXPECT_EQ(vrd(1, INIC_REG_ERR_COUNT(INIC_ERR_BUF_DMA)), 1u);
    EXPECT_EQ(err(INIC_ERR_BUF_DMA), 0u);
    EXPECT_EQ(vrd(0, INIC_REG_ERR_TOTAL), 0u);
    /* VF 1's RX buffer pointing at VF 0's memory: not written. */
    rxd(vbase(1) + 0x1000, 8, vbase(0) + 0x2000, 2048);
    std::vector<uint8_t> before(&f.ram[vbase(0) + 0x2000],
                                &f.ram[vbase(0) + 0x2800]);
    uint8_t m1[6];
    vfmac(1, m1);
    for (unsigned i = 0; i < 9; i++) {
        rx(0, from(m1, MAC0));
    }
    EXPECT_EQ(std::vector<uint8_t>(&f.ram[vbase(0) + 0x2000],
                                   &f.ram[vbase(0) + 0x2800]), before);
    EXPECT_EQ(f.vf_dma[0].reads, r0);       /* nothing through VF 0 */
    EXPECT_EQ(f.vf_dma[0].writes, w0);
    /* A descriptor ring outside the window faults VF 1's ring only. */
    vwr(1, rr(1, false, INIC_RR_BASE_LO), (uint32_t)vbase(0));
    vwr(1, rr(1, false, INIC_RR_SIZE), 16);
    vwr(1, rr(1, false, INIC_RR_CTRL), INIC_RR_CTRL_ENABLE);
    vwr(1, rr(1, false, INIC_RR_TAIL), 1);
    inic_core_run_tx(c);
    EXPECT_EQ(vrd(1, rr(1, false, INIC_RR_STATUS)), INIC_RR_STATUS_FAULT);
    EXPECT_EQ(vrd(1, INIC_REG_ERR_INFO), 1u);       /* its ring 1 */
    EXPECT_EQ(vrd(0, rr(0, false, INIC_RR_STATUS)), INIC_RR_STATUS_ENABLED);
    /* Bus mastering off on VF 0: its rings are not processed. */
    f.vf_master[0] = false;
    const uint8_t peer[6] = { 0x02, 0xaa, 0, 0, 0, 1 };
    vf_send(0, vf_from(0, peer));
    EXPECT_TRUE(f.sent.empty());
}

TEST_F(CoreVf, HostileVfWritesCannotHurt)
{
    rx_setup();
    tx_setup();
    vf_up(1);
    const uint32_t pf_ctrl = rd(INIC_PORT_BASE(0) + INIC_PORT_CTRL);
    const uint32_t pf_errs = rd(INIC_REG_ERR_TOTAL);
    uint32_t x = 12345;
    for (unsigned i = 0; i < 200000; i++) {
        x = x * 1103515245 + 12345;
        uint64_t off = (x >> 3) % (INIC_BAR_REGS_SIZE + 64);
        x = x * 1103515245 + 12345;
        unsigned size = (x & 1) ? 8 : 4;
        if (off == INIC_REG_CTRL) {
            continue;
        }
        inic_core_vf_mmio_write(c, 2, off & ~3ull, x, size);
        inic_core_vf_mmio_read(c, 2, off, size);
        if (!(i % 512)) {
            inic_core_run_tx(c);
        }
    }
    inic_core_run_tx(c);
    /* The PF, the VF table and VF 1 are as they were. */
    EXPECT_EQ(rd(INIC_PORT_BASE(0) + INIC_PORT_CTRL), pf_ctrl);
    EXPECT_EQ(rd(INIC_REG_ERR_TOTAL), pf_errs);
    EXPECT_EQ(rd(INIC_REG_ERR_COUNT(INIC_ERR_BAD_REG)), 0u);
    EXPECT_EQ(rd(INIC_VF_BASE(2) + INIC_VF_RING_BASE), 32u);
    EXPECT_EQ(rd(INIC_VF_BASE(2) + INIC_VF_MAC_HI), 0x0300u);
    EXPECT_EQ(rd(INIC_VF_BASE(2) + INIC_VF_CTRL), 0u);
    EXPECT_EQ(rd(rr(0, true, INIC_RR_STATUS)), INIC_RR_STATUS_ENABLED);
    EXPECT_EQ(vrd(1, rr(0, true, INIC_RR_STATUS)), INIC_RR_STATUS_ENABLED);
    EXPECT_GT(vrd(2, INIC_REG_ERR_TOTAL), 0u);
    /* Untrusted VF 2 never got PROMISC. */
    EXPECT_EQ(vrd(2, INIC_PORT_BASE(0) + INIC_PORT_CTRL) &
              INIC_PORT_CTRL_PROMISC, 0u);
    /* Out-of-range VF numbers are ignored. */
    inic_core_vf_mmio_write(c, 99, 0, 1, 4);
    EXPECT_EQ(inic_core_vf_mmio_read(c, 99, 0, 4), 0u);
}

TEST_F(CoreVf, DisabledVfsAreNotSwitchedAndPfResetRestoresTable)
{
    vf_up(1);
    inic_core_set_num_vfs(c, 1);
    EXPECT_EQ(rd(INIC_REG_NUM_VFS), 1u);
    EXPECT_EQ(rd(INIC_VF_BASE(1) + INIC_VF_STATUS) & INIC_VF_STATUS_ENABLED,
              0u);
    uint8_t m1[6];
    vfmac(1, m1);
    rx(0, from(m1, MAC0));
    EXPECT_EQ(vrd(1, rr(0, true, INIC_RR_HEAD)), 0u);
    wr(INIC_REG_CTRL, INIC_CTRL_RESET);
    EXPECT_EQ(rd(INIC_VF_BASE(1) + INIC_VF_MAC_HI), 0u);
    EXPECT_EQ(rd(INIC_VF_BASE(1) + INIC_VF_RING_COUNT), 4u);
}

/*
 * A PF reset (CTRL.RESET or PCI reset) returns every pool ring and every
 * VF to its default: rings the PF had moved stop, every VF gets its
 * default rings back whatever the layout was.
 */
TEST_F(CoreVf, PfResetReturnsEveryRingAndVf)
{
    for (int pci = 0; pci < 2; pci++) {
        /* VF 0 moved to pool rings 60..63, its TX ring 0 on and loaded
         * while its bus mastering is off (nothing sent yet). */
        for (unsigned v = 0; v < 4; v++) {
            wr(INIC_VF_BASE(v) + INIC_VF_RING_COUNT, 0);
        }
        wr(INIC_VF_BASE(0) + INIC_VF_RING_BASE, 60);
        wr(INIC_VF_BASE(0) + INIC_VF_RING_COUNT, 4);
        /* VF 1 on VF 0's default rings, VF 2 on VF 1's. */
        wr(INIC_VF_BASE(1) + INIC_VF_RING_BASE, 0);
        wr(INIC_VF_BASE(1) + INIC_VF_RING_COUNT, 4);
        wr(INIC_VF_BASE(2) + INIC_VF_RING_BASE, 16);
        wr(INIC_VF_BASE(2) + INIC_VF_RING_COUNT, 8);
        ASSERT_EQ(rd(INIC_REG_ERR_COUNT(INIC_ERR_BAD_VALUE)), 0u);
        f.vf_master[0] = false;
        vf_up(0);
        const uint8_t peer[6] = { 0x02, 0xaa, 0, 0, 0, 1 };
        auto fr = vf_from(0, peer);
        memcpy(&f.ram[vbase(0) + 0xa000], fr.data(), fr.size());
        txd(vbase(0), 0, vbase(0) + 0xa000, 60, INIC_TXD_CMD_EOP);
        vwr(0, rr(0, false, INIC_RR_TAIL), 1);
        inic_core_run_tx(c);
        ASSERT_TRUE(f.sent.empty());

        if (pci) {
            inic_core_reset(c);
            inic_core_set_num_vfs(c, 4);    /* the driver enables again */
        } else {
            wr(INIC_REG_CTRL, INIC_CTRL_RESET);
        }
        f.vf_master[0] = true;
        unsigned reads = f.vf_dma[0].reads;
        inic_core_run_tx(c);
        EXPECT_TRUE(f.sent.empty()) << "pci " << pci;
        EXPECT_EQ(f.vf_dma[0].reads, reads) << "pci " << pci;
        for (unsigned v = 0; v < 4; v++) {
            EXPECT_EQ(rd(INIC_VF_BASE(v) + INIC_VF_RING_BASE), 16 * v)
                << "pci " << pci << " vf " << v;
            EXPECT_EQ(rd(INIC_VF_BASE(v) + INIC_VF_RING_COUNT), 4u)
                << "pci " << pci << " vf " << v;
            EXPECT_EQ(vrd(v, INIC_REG_NUM_RINGS), 4u);
            EXPECT_EQ(vrd(v, rr(0, false, INIC_RR_STATUS)), 0u);
        }
        EXPECT_EQ(rd(INIC_REG_ERR_COUNT(INIC_ERR_BAD_VALUE)), 0u);
        /* The PF can lay the pool out again from the defaults. */
        wr(INIC_VF_BASE(3) + INIC_VF_RING_COUNT, 16);
        EXPECT_EQ(rd(INIC_VF_BASE(3) + INIC_VF_RING_COUNT), 16u);
        for (unsigned v = 0; v < 4; v++) {
            wr(INIC_VF_BASE(v) + INIC_VF_MAC_LO, 0x00000002);
            wr(INIC_VF_BASE(v) + INIC_VF_MAC_HI, 0x0100 * (v + 1));
        }
        f.sent.clear();
    }
}

/* FLR clears what the VF itself sees counted: port view, link events. */
TEST_F(CoreVf, FlrClearsTheVfsCounters)
{
    vf_up(0);
    uint8_t m0[6];
    vfmac(0, m0);
    rx(0, from(m0, MAC0));
    const uint8_t peer[6] = { 0x02, 0xaa, 0, 0, 0, 1 };
    vf_send(0, vf_from(0, peer));
    wr(INIC_VF_BASE(0) + INIC_VF_CTRL,
       INIC_VF_LINK_DISABLE << INIC_VF_CTRL_LINK_SHIFT);
    wr(INIC_VF_BASE(0) + INIC_VF_CTRL, 0);
    vrd(0, 0x2c);       /* a BAD_REG */
    const uint64_t ps = INIC_PORT_BASE(0) + INIC_PORT_STATS;
    ASSERT_EQ(vrd64(0, ps + 8 * INIC_PSTAT_RX_PKTS), 1u);
    ASSERT_EQ(vrd64(0, ps + 8 * INIC_PSTAT_TX_PKTS), 1u);
    ASSERT_EQ(vrd(0, INIC_PORT_BASE(0) + INIC_PORT_LINK_EVENTS), 2u);
    ASSERT_EQ(vrd(0, INIC_REG_ERR_TOTAL), 1u);
    inic_core_vf_flr(c, 0);
    for (unsigned s = 0; s < INIC_PSTAT__COUNT; s++) {
        EXPECT_EQ(vrd64(0, ps + 8 * s), 0u) << s;
    }
    EXPECT_EQ(vrd(0, INIC_PORT_BASE(0) + INIC_PORT_LINK_EVENTS), 0u);
    EXPECT_EQ(vrd(0, INIC_REG_ERR_TOTAL), 0u);
    EXPECT_EQ(vrd64(0, rstat(0, true, INIC_RSTAT_PKTS)), 0u);
    /* The PF's view of the VF (VF table STATS) survives. */
    EXPECT_EQ(vstat(0, INIC_VSTAT_RX_PKTS), 1u);
    EXPECT_EQ(vstat(0, INIC_VSTAT_TX_PKTS), 1u);
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

/* One undefined VF global write is one BAD_REG; read-only ones none. */
TEST_F(CoreVf, VfBadGlobalWriteCountedOnce)
{
    for (uint32_t off : { 0x2cu, 0x4cu, 0x74u, 0x78u, 0x7cu, 0x80u, 0xffcu }) {
        uint32_t before = vrd(1, INIC_REG_ERR_COUNT(INIC_ERR_BAD_REG));
        vwr(1, off, 1);
        EXPECT_EQ(vrd(1, INIC_REG_ERR_COUNT(INIC_ERR_BAD_REG)), before + 1)
            << std::hex << off;
        EXPECT_EQ(vrd(1, INIC_REG_ERR_INFO), off);
    }
    uint32_t total = vrd(1, INIC_REG_ERR_TOTAL);
    for (uint32_t off : { (uint32_t)INIC_REG_ID, (uint32_t)INIC_REG_CAPS,
                          (uint32_t)INIC_REG_ERR_TOTAL,
                          (uint32_t)INIC_REG_TOTAL_VFS,
                          (uint32_t)INIC_REG_VF_EVENTS,
                          (uint32_t)INIC_REG_ERR_COUNT(0),
                          (uint32_t)INIC_REG_ERR_COUNT(INIC_ERR_BAD_VALUE) }) {
        vwr(1, off, 0x1234);
        EXPECT_EQ(vrd(1, INIC_REG_ERR_TOTAL), total) << std::hex << off;
    }
    EXPECT_EQ(rd(INIC_REG_ERR_TOTAL), 0u);
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
