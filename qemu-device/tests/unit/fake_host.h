// SPDX-License-Identifier: GPL-2.0-or-later
//
// The fake host of the inic device core's unit tests: fake guest memory and
// fake QEMU callbacks (Fake), the fixtures Core (ABI 1.0), Core11 (1.1) and
// CoreVf (1.2, four VFs enabled), and frame builders. Shared by every
// *_test.cpp; everything here is inline (one definition across the tests).
#ifndef INIC_FAKE_HOST_H
#define INIC_FAKE_HOST_H

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <vector>

#include "inic_core_api.h"
#include "inic_hw.h"
#include "inic_pkt.h"

inline constexpr uint64_t RAM_SIZE = 16 << 20;
inline constexpr uint64_t NOWHERE = 0x100000000ull;    // outside the fake RAM

inline constexpr uint64_t VF_BARS = 0x40000000;  // VF v's BAR0: + v * BAR size
// A write here: FLR of VF (value).
inline constexpr uint64_t FLR_DOOR = 0x50000000;

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
    std::vector<std::pair<unsigned, unsigned>> refusals;   /* fn, code */
    static void refused(void *o, unsigned fn, unsigned code, uint32_t)
    {
        of(o)->refusals.emplace_back(fn, code);
    }
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
    /* 1.5: frames sent with a virtio-net header of vnet_len bytes. */
    struct VnetSent {
        unsigned port;
        std::vector<uint8_t> hdr, frame;
    };
    std::vector<VnetSent> vsent;
    unsigned vnet_len = 10;
    static bool sendv_vnet(void *o, unsigned p, const uint8_t *h,
                           const InicIov *iov, unsigned n)
    {
        VnetSent s{ p, std::vector<uint8_t>(h, h + of(o)->vnet_len), {} };
        EXPECT_GE(n, 1u);
        EXPECT_LE(n, (unsigned)INIC_CORE_MAX_IOV);
        for (unsigned i = 0; i < n; i++) {
            const uint8_t *b = static_cast<const uint8_t *>(iov[i].base);
            s.frame.insert(s.frame.end(), b, b + iov[i].len);
        }
        of(o)->vsent.push_back(std::move(s));
        return of(o)->accept;
    }
    /* 1.6: what the backend was last told per port (set_rx_gso). */
    std::map<unsigned, bool> rx_gso;
    unsigned rx_gso_calls = 0;
    static void set_rx_gso(void *o, unsigned p, bool on)
    {
        of(o)->rx_gso[p] = on;
        of(o)->rx_gso_calls++;
    }
    /*
     * Zero-copy transmit (dma_map): RAM maps in place, a VF's within its
     * window; map_max caps each mapping (a region boundary: partial
     * maps), [nomap_lo, nomap_hi) is not RAM (MMIO: refused). live: maps
     * not yet released; maps/unmaps: calls that mapped/released.
     */
    bool zc = true;
    size_t map_max = RAM_SIZE;
    uint64_t nomap_lo = 0, nomap_hi = 0;
    unsigned maps = 0, unmaps = 0, map_refusals = 0;
    int live = 0;
    static const void *dmap(void *o, unsigned fn, uint64_t a, size_t *l)
    {
        Fake *f = of(o);
        uint64_t lo = 0, hi = RAM_SIZE;
        if (fn) {
            lo = f->vf_dma[fn - 1].lo;
            hi = f->vf_dma[fn - 1].hi;
        }
        if (!f->zc || a < lo || a >= hi || !*l ||
            (a >= f->nomap_lo && a < f->nomap_hi)) {
            f->map_refusals++;
            return nullptr;
        }
        size_t n = std::min<size_t>({ *l, hi - a, f->map_max });
        if (a < f->nomap_lo && a + n > f->nomap_lo) {
            n = f->nomap_lo - a;    /* RAM up to the hole */
        }
        *l = n;
        f->maps++;
        f->live++;
        return &f->ram[a];
    }
    static void dunmap(void *o, unsigned, const void *p, size_t l)
    {
        Fake *f = of(o);
        const uint8_t *b = static_cast<const uint8_t *>(p);
        EXPECT_GE(b, f->ram.data());
        EXPECT_LE(b + l, f->ram.data() + f->ram.size());
        f->unmaps++;
        f->live--;
    }
    /* Every device callback, into this fake host. */
    InicCallbacks callbacks()
    {
        return { this, dma_read, dma_write, msix, send, sched, flush, bm,
                 sendv, tmod, tdel, vdread, vdwrite, vmsix, vbm, clock,
                 refused, sendv_vnet, set_rx_gso, dmap, dunmap };
    }
};

inline constexpr uint8_t MAC0[6] = { 0x52, 0x54, 0x00, 0xab, 0xcd, 0x10 };
/* Capabilities ABI 1.1 added, implemented whatever the configuration. */
inline constexpr uint32_t CAPS_11 =
    INIC_CAP_RSS | INIC_CAP_TX_CSUM | INIC_CAP_RX_CSUM | INIC_CAP_TSO |
    INIC_CAP_VLAN | INIC_CAP_ITR | INIC_CAP_RX_FILTER;

class Core : public ::testing::Test {
protected:
    Fake f;
    InicCore *c = nullptr;
    unsigned ports = 2, queues = 4, vfs = 0, vnic_rings = 0;

    void make()
    {
        InicConfig cfg = {};
        cfg.ports = ports;
        cfg.queues = queues;
        cfg.vfs = vfs;
        cfg.vnic_rings = vnic_rings;
        cfg.speed = 10000;
        for (unsigned p = 0; p < ports; p++) {
            memcpy(cfg.mac[p], MAC0, 6);
            cfg.mac[p][5] += p;
        }
        InicCallbacks cb = f.callbacks();
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

/* ---- ABI 1.1: helpers (independent of the device's own helpers) ---- */

/* Big-endian one's complement sum, folded, not complemented. */
inline uint16_t ref_sum(const uint8_t *p, size_t n, uint32_t sum = 0)
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

inline constexpr uint8_t V6SRC[16] = {
    0x3f, 0xfe, 0x25, 0x01, 0x02, 0x00, 0x1f, 0xff,
    0, 0, 0, 0, 0, 0, 0, 7
};
inline constexpr uint8_t V6DST[16] = {
    0x3f, 0xfe, 0x25, 0x01, 0x02, 0x00, 0x00, 0x03,
    0, 0, 0, 0, 0, 0, 0, 1
};

inline size_t l3_hlen(int ver) { return ver == 4 ? 20 : 40; }
inline size_t l4_hlen(uint8_t proto) { return proto == 6 ? 20 : 8; }

/* L4 pseudo header sum (folded) of a frame built by ip_frame(). */
inline uint16_t pseudo_sum(const std::vector<uint8_t> &fr, size_t l3,
                           uint32_t l4len)
{
    int ver = fr[l3] >> 4;
    uint8_t proto = ver == 4 ? fr[l3 + 9] : fr[l3 + 6];
    uint32_t s = ver == 4 ? ref_sum(&fr[l3 + 12], 8) : ref_sum(&fr[l3 + 8], 32);
    s += proto + (l4len >> 16) + (l4len & 0xffff);
    return ref_sum(nullptr, 0, s);
}

/* Ethernet + IPv4/IPv6 + TCP/UDP + payload, all checksums correct. */
inline std::vector<uint8_t> ip_frame(const Flow &fl, size_t payload,
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
inline bool l4_ok(const std::vector<uint8_t> &fr, size_t l3 = 14)
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

inline constexpr uint8_t BCAST[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

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

#endif /* INIC_FAKE_HOST_H */
