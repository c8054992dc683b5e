/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * inic device model: register file, rings, TX engine, RX path, interrupts,
 * counters and error accounting. See Documentation/hw-reference.rst.
 *
 * Rules every path here follows: the guest is never trusted, every loop
 * is bounded by a ring size or a fixed budget, every refusal is counted.
 */
#include "inic_core.h"

#include <algorithm>
#include <cstring>
#include <new>

namespace inic {

namespace {

uint16_t ld16(const uint8_t *p)
{
    return (uint16_t)(p[0] | (p[1] << 8));
}

uint64_t ld64(const uint8_t *p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--) {
        v = (v << 8) | p[i];
    }
    return v;
}

void st16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

uint32_t mac_lo(const uint8_t *m)
{
    return (uint32_t)m[0] | ((uint32_t)m[1] << 8) | ((uint32_t)m[2] << 16) |
           ((uint32_t)m[3] << 24);
}

uint32_t mac_hi(const uint8_t *m)
{
    return (uint32_t)m[4] | ((uint32_t)m[5] << 8);
}

bool is_pow2(uint32_t v)
{
    return v && !(v & (v - 1));
}

/* Largest frame the port accepts: MTU + Ethernet header (+ one VLAN tag). */
size_t max_frame(uint32_t mtu, const uint8_t *frame, size_t len)
{
    size_t max = (size_t)mtu + 14;
    if (len >= 14) {
        uint16_t type = (uint16_t)((frame[12] << 8) | frame[13]);
        if (type == 0x8100 || type == 0x88a8) {
            max += 4;
        }
    }
    return max;
}

/* Offsets inside the TX/RX descriptors (hw-reference "Descriptors"). */
constexpr unsigned TXD_ADDR = 0, TXD_LEN = 8, TXD_CMD = 10, TXD_STATUS = 22;
constexpr unsigned TXD_CSUM_START = 12, TXD_CSUM_OFFSET = 14, TXD_MSS = 16;
constexpr unsigned TXD_HDR_LEN = 18, TXD_VLAN = 20;
constexpr unsigned RXD_ADDR = 0, RXD_BUF_LEN = 8, RXD_WB = 10;
constexpr unsigned RXD_VLAN = 14, RXD_HASH = 16, RXD_PTYPE = 20;
constexpr unsigned RXD_WB_LEN = INIC_DESC_SIZE - RXD_WB;

} /* namespace */

void Ring::reset_regs()
{
    base = 0;
    size = 0;
    ctrl = 0;
    head = 0;
    tail = 0;
    vector = 0;
    enabled = false;
    fault = false;
    armed = false;
    itr_usecs = 0;
    itr_pkts = 0;
    itr_count = 0;
    itr_timer = false;
}

/* The key Microsoft's RSS documentation and most NICs use by default. */
const uint8_t Core::default_rss_key[INIC_RSS_KEY_SIZE] = {
    0x6d, 0x5a, 0x56, 0xda, 0x25, 0x5b, 0x0e, 0xc2, 0x41, 0x67,
    0x25, 0x3d, 0x43, 0xa3, 0x8f, 0xb0, 0xd0, 0xca, 0x2b, 0xcb,
    0xae, 0x7b, 0x30, 0xb4, 0x77, 0xcb, 0x2d, 0xa3, 0x80, 0x30,
    0xf2, 0x0c, 0x6a, 0x42, 0xb7, 0x3b, 0xbe, 0xac, 0x01, 0xfa,
};

Core::Core(const InicConfig &cfg, const InicCallbacks &cb)
    : cb_(cb), num_ports_(cfg.ports), queues_(cfg.queues),
      num_rings_(cfg.ports * cfg.queues), ports_(cfg.ports),
      rings_(cfg.ports * cfg.queues)
{
    for (unsigned p = 0; p < num_ports_; p++) {
        memcpy(ports_[p].perm_mac, cfg.mac[p], 6);
        ports_[p].speed = cfg.speed;
    }
    frame_.reserve(INIC_TX_MAX_BYTES);
    lin_.reserve(INIC_TX_MAX_BYTES + 4);
    rx_frame_.reserve(INIC_MAX_FRAME);
    rx_bufs_.reserve(INIC_RING_MAX);
    reset_full();
}

/* ---- Reset ---- */

void Core::port_reset(unsigned p)
{
    Port &pt = ports_[p];

    memcpy(pt.mac, pt.perm_mac, 6);
    pt.ctrl = 0;
    pt.mtu = 1500;
    pt.rx_ring = p * queues_;
    pt.offload = 0;
    pt.rss_ctrl = 0;
    memcpy(pt.rss_key.data(), default_rss_key, INIC_RSS_KEY_SIZE);
    for (unsigned i = 0; i < INIC_RSS_RETA_SIZE; i++) {
        pt.reta[i] = (uint8_t)(p * queues_ + i % queues_);
    }
    for (auto &e : pt.uc) {
        e = Port::UcEntry{};
    }
    pt.mc_hash.fill(0);
}

void Core::reset_function()
{
    for (unsigned q = 0; q < num_rings_; q++) {
        itr_stop(rings_[q].tx, q, false);
        itr_stop(rings_[q].rx, q, true);
        rings_[q].tx.reset_regs();
        rings_[q].rx.reset_regs();
    }
    scratch_ = 0;
    misc_cause_ = 0;
    misc_mask_ = 0;
    misc_vector_ = 0;
    for (unsigned p = 0; p < num_ports_; p++) {
        port_reset(p);
    }
    /* Frames the backend holds for us are now dropped (RX disabled). */
    for (unsigned p = 0; p < num_ports_; p++) {
        cb_.flush_rx(cb_.opaque, p);
    }
}

void Core::reset_full()
{
    for (auto &rp : rings_) {
        rp.tx.stats.fill(0);
        rp.rx.stats.fill(0);
    }
    for (auto &pt : ports_) {
        pt.stats.fill(0);
        pt.link_events = 0;
        pt.tx_blocked = false;
    }
    err_total_ = 0;
    err_last_ = 0;
    err_info_ = 0;
    err_count_.fill(0);
    tx_next_ = 0;
    reset_function();
}

/* ---- Interrupts and errors ---- */

bool Core::bus_master()
{
    return cb_.bus_master_enabled(cb_.opaque);
}

void Core::notify(uint32_t vector)
{
    if (vector < num_vectors()) {
        cb_.msix_notify(cb_.opaque, vector);
    }
}

void Core::raise_misc(uint32_t cause)
{
    uint32_t fresh = cause & ~misc_cause_;

    misc_cause_ |= cause;
    if (fresh & misc_mask_) {
        notify(misc_vector_);
    }
}

void Core::error(inic_err code, uint32_t info)
{
    err_count_[code]++;
    err_total_++;
    err_last_ = code;
    err_info_ = info;
    raise_misc(INIC_MISC_ERROR);
}

void Core::itr_stop(Ring &r, unsigned q, bool rx)
{
    if (r.itr_timer) {
        r.itr_timer = false;
        if (cb_.timer_del) {
            cb_.timer_del(cb_.opaque, 2 * q + (rx ? 1 : 0));
        }
    }
}

void Core::ring_fire(Ring &r, unsigned q, bool rx)
{
    itr_stop(r, q, rx);
    r.armed = false;
    r.itr_count = 0;
    notify(r.vector);
}

/*
 * A frame completed on a ring. An armed ring fires (one-shot) at once
 * without moderation; with moderation when ITR_PKTS frames completed since
 * arming, or ITR_USECS after the first of them, whichever comes first.
 */
void Core::ring_completed(Ring &r, unsigned q, bool rx)
{
    if (!r.armed) {
        return;
    }
    r.itr_count++;
    if (r.itr_pkts && r.itr_count >= r.itr_pkts) {
        ring_fire(r, q, rx);
    } else if (r.itr_usecs) {
        if (!r.itr_timer) {
            if (!cb_.timer_mod) {
                ring_fire(r, q, rx);
                return;
            }
            r.itr_timer = true;
            cb_.timer_mod(cb_.opaque, 2 * q + (rx ? 1 : 0),
                          (uint64_t)r.itr_usecs * 1000);
        }
    } else if (!r.itr_pkts) {
        ring_fire(r, q, rx);
    }
}

void Core::timer_expired(unsigned id)
{
    unsigned q = id / 2;

    if (q >= num_rings_) {
        return;
    }
    Ring &r = (id & 1) ? rings_[q].rx : rings_[q].tx;
    if (!r.itr_timer) {
        return;     /* cancelled meanwhile */
    }
    r.itr_timer = false;
    if (r.armed && r.itr_count) {
        ring_fire(r, q, id & 1);
    }
}

void Core::ring_fault(Ring &r, unsigned q)
{
    r.enabled = false;
    r.fault = true;
    r.ctrl &= ~INIC_RR_CTRL_ENABLE;
    r.stats[INIC_RSTAT_ERRORS]++;
    error(INIC_ERR_DESC_DMA, q);
}

/* ---- Register file ---- */

bool Core::read_counter(uint64_t off, uint64_t *val)
{
    if (off >= INIC_PORT_BASE(0) && off < INIC_PORT_BASE(INIC_MAX_PORTS)) {
        unsigned p = (unsigned)((off - INIC_PORT_BASE(0)) >> 8);
        uint32_t r = off & 0xff;
        if (p < num_ports_ && r >= INIC_PORT_STATS &&
            r < INIC_PORT_STAT(INIC_PSTAT__COUNT)) {
            *val = ports_[p].stats[(r - INIC_PORT_STATS) / 8];
            return true;
        }
        return false;
    }
    if (off >= INIC_RING_BASE(0) && off < INIC_RING_BASE(INIC_MAX_RINGS)) {
        unsigned q = (unsigned)((off - INIC_RING_BASE(0)) >> 8);
        uint32_t r = off & 0xff;
        if (q < num_rings_ && r >= INIC_RING_TX_STATS) {
            const Ring &ring = r >= INIC_RING_RX_STATS ? rings_[q].rx
                                                       : rings_[q].tx;
            *val = ring.stats[(r & 0x3f) / 8];
            return true;
        }
    }
    return false;
}

uint64_t Core::mmio_read(uint64_t off, unsigned size)
{
    uint64_t v;

    if (off >= INIC_BAR_REGS_SIZE || (size != 4 && size != 8) ||
        (off & (size - 1))) {
        error(INIC_ERR_BAD_REG, (uint32_t)off);
        return 0;
    }
    if (read_counter(off & ~7ull, &v)) {
        if (size == 8) {
            return v;
        }
        return (off & 4) ? v >> 32 : (uint32_t)v;
    }
    if (size == 8) {
        return read32(off) | ((uint64_t)read32(off + 4) << 32);
    }
    return read32(off);
}

void Core::mmio_write(uint64_t off, uint64_t val, unsigned size)
{
    uint64_t dummy;

    if (off >= INIC_BAR_REGS_SIZE || (size != 4 && size != 8) ||
        (off & (size - 1))) {
        error(INIC_ERR_BAD_REG, (uint32_t)off);
        return;
    }
    if (read_counter(off & ~7ull, &dummy)) {
        return;     /* counters are read-only */
    }
    write32(off, (uint32_t)val);
    if (size == 8) {
        write32(off + 4, (uint32_t)(val >> 32));
    }
}

uint32_t Core::read32(uint64_t off)
{
    if (off < 0x1000) {
        return global_read((uint32_t)off);
    }
    if (off >= INIC_PORT_BASE(0) && off < INIC_PORT_BASE(INIC_MAX_PORTS)) {
        unsigned p = (unsigned)((off - INIC_PORT_BASE(0)) >> 8);
        if (p < num_ports_) {
            return port_read(p, off & 0xff);
        }
    } else if (off >= INIC_PTBL_BASE(0) &&
               off < INIC_PTBL_BASE(INIC_MAX_PORTS)) {
        unsigned p = (unsigned)((off - INIC_PTBL_BASE(0)) / 0x800);
        if (p < num_ports_) {
            return ptbl_read(p, (off - INIC_PTBL_BASE(0)) & 0x7ff);
        }
    } else if (off >= INIC_RING_BASE(0) &&
               off < INIC_RING_BASE(INIC_MAX_RINGS)) {
        unsigned q = (unsigned)((off - INIC_RING_BASE(0)) >> 8);
        uint32_t r = off & 0xff;
        if (q < num_rings_ && r < INIC_RING_TX_STATS) {
            return ring_read(q, r >= INIC_RING_RX, r & 0x3f);
        }
    }
    error(INIC_ERR_BAD_REG, (uint32_t)off);
    return 0;
}

void Core::write32(uint64_t off, uint32_t val)
{
    if (off < 0x1000) {
        global_write((uint32_t)off, val);
        return;
    }
    if (off >= INIC_PORT_BASE(0) && off < INIC_PORT_BASE(INIC_MAX_PORTS)) {
        unsigned p = (unsigned)((off - INIC_PORT_BASE(0)) >> 8);
        if (p < num_ports_) {
            port_write(p, off & 0xff, val);
            return;
        }
    } else if (off >= INIC_PTBL_BASE(0) &&
               off < INIC_PTBL_BASE(INIC_MAX_PORTS)) {
        unsigned p = (unsigned)((off - INIC_PTBL_BASE(0)) / 0x800);
        if (p < num_ports_) {
            ptbl_write(p, (off - INIC_PTBL_BASE(0)) & 0x7ff, val);
            return;
        }
    } else if (off >= INIC_RING_BASE(0) &&
               off < INIC_RING_BASE(INIC_MAX_RINGS)) {
        unsigned q = (unsigned)((off - INIC_RING_BASE(0)) >> 8);
        uint32_t r = off & 0xff;
        if (q < num_rings_ && r < INIC_RING_TX_STATS) {
            ring_write(q, r >= INIC_RING_RX, r & 0x3f, val);
            return;
        }
    }
    error(INIC_ERR_BAD_REG, (uint32_t)off);
}

uint32_t Core::global_read(uint32_t off)
{
    switch (off) {
    case INIC_REG_ID:
        return INIC_ID_MAGIC;
    case INIC_REG_VERSION:
        return INIC_ABI_VERSION;
    case INIC_REG_CAPS:
        return INIC_CAP_INT_ARM | INIC_CAP_RING_STATS | INIC_CAP_RSS |
               INIC_CAP_TX_CSUM | INIC_CAP_RX_CSUM | INIC_CAP_TSO |
               INIC_CAP_VLAN | INIC_CAP_ITR | INIC_CAP_RX_FILTER |
               (queues_ > 1 ? INIC_CAP_MQ : 0);
    case INIC_REG_FUNC:
        return 0;
    case INIC_REG_NUM_PORTS:
        return num_ports_;
    case INIC_REG_NUM_RINGS:
        return num_rings_;
    case INIC_REG_NUM_VECTORS:
        return num_vectors();
    case INIC_REG_RINGS_PER_PORT:
        return queues_;
    case INIC_REG_CTRL:
        return 0;
    case INIC_REG_STATUS:
        return bus_master() ? INIC_STATUS_BUS_MASTER : 0;
    case INIC_REG_SCRATCH:
        return scratch_;
    case INIC_REG_MISC_CAUSE:
        return misc_cause_;
    case INIC_REG_MISC_MASK:
        return misc_mask_;
    case INIC_REG_MISC_VECTOR:
        return misc_vector_;
    case INIC_REG_ERR_TOTAL:
        return err_total_;
    case INIC_REG_ERR_LAST:
        return err_last_;
    case INIC_REG_ERR_INFO:
        return err_info_;
    case INIC_REG_RSS_KEY_SIZE:
        return INIC_RSS_KEY_SIZE;
    case INIC_REG_RSS_RETA_SIZE:
        return INIC_RSS_RETA_SIZE;
    case INIC_REG_UC_FILTERS:
        return INIC_UC_FILTERS;
    case INIC_REG_TSO_MAX_SEGS:
        return INIC_TSO_MAX_SEGS;
    default:
        if (off >= INIC_REG_ERR_COUNT(0) &&
            off < INIC_REG_ERR_COUNT(INIC_ERR_CODES)) {
            return err_count_[(off - INIC_REG_ERR_COUNT(0)) / 4];
        }
        error(INIC_ERR_BAD_REG, off);
        return 0;
    }
}

void Core::global_write(uint32_t off, uint32_t val)
{
    switch (off) {
    case INIC_REG_CTRL:
        if (val & INIC_CTRL_RESET) {
            reset_function();
        }
        return;
    case INIC_REG_SCRATCH:
        scratch_ = val;
        return;
    case INIC_REG_MISC_CAUSE:
        misc_cause_ &= ~val;
        return;
    case INIC_REG_MISC_MASK: {
        uint32_t enabled = val & INIC_MISC_ALL & ~misc_mask_;
        misc_mask_ = val & INIC_MISC_ALL;
        if (enabled & misc_cause_) {
            notify(misc_vector_);
        }
        return;
    }
    case INIC_REG_MISC_VECTOR:
        if (val >= num_vectors()) {
            error(INIC_ERR_BAD_VECTOR, off);
            return;
        }
        misc_vector_ = val;
        return;
    case INIC_REG_ID:
    case INIC_REG_VERSION:
    case INIC_REG_CAPS:
    case INIC_REG_FUNC:
    case INIC_REG_NUM_PORTS:
    case INIC_REG_NUM_RINGS:
    case INIC_REG_NUM_VECTORS:
    case INIC_REG_RINGS_PER_PORT:
    case INIC_REG_STATUS:
    case INIC_REG_ERR_TOTAL:
    case INIC_REG_ERR_LAST:
    case INIC_REG_ERR_INFO:
    case INIC_REG_RSS_KEY_SIZE:
    case INIC_REG_RSS_RETA_SIZE:
    case INIC_REG_UC_FILTERS:
    case INIC_REG_TSO_MAX_SEGS:
        return;     /* read-only: ignored */
    default:
        if (off >= INIC_REG_ERR_COUNT(0) &&
            off < INIC_REG_ERR_COUNT(INIC_ERR_CODES)) {
            return;
        }
        error(INIC_ERR_BAD_REG, off);
    }
}

uint32_t Core::port_read(unsigned p, uint32_t off)
{
    const Port &pt = ports_[p];

    switch (off) {
    case INIC_PORT_STATUS:
        return pt.link_up ? INIC_PORT_STATUS_LINK : 0;
    case INIC_PORT_SPEED:
        return pt.speed;
    case INIC_PORT_MAC_LO:
        return mac_lo(pt.mac);
    case INIC_PORT_MAC_HI:
        return mac_hi(pt.mac);
    case INIC_PORT_CTRL:
        return pt.ctrl;
    case INIC_PORT_MTU:
        return pt.mtu;
    case INIC_PORT_RX_RING:
        return pt.rx_ring;
    case INIC_PORT_LINK_EVENTS:
        return pt.link_events;
    case INIC_PORT_PERM_MAC_LO:
        return mac_lo(pt.perm_mac);
    case INIC_PORT_PERM_MAC_HI:
        return mac_hi(pt.perm_mac);
    case INIC_PORT_OFFLOAD:
        return pt.offload;
    case INIC_PORT_RSS_CTRL:
        return pt.rss_ctrl;
    default:
        error(INIC_ERR_BAD_REG, INIC_PORT_BASE(p) + off);
        return 0;
    }
}

void Core::port_write(unsigned p, uint32_t off, uint32_t val)
{
    Port &pt = ports_[p];
    const uint32_t ctrl_bits = INIC_PORT_CTRL_RX_EN | INIC_PORT_CTRL_TX_EN |
                               INIC_PORT_CTRL_PROMISC |
                               INIC_PORT_CTRL_ALLMULTI |
                               INIC_PORT_CTRL_MC_FILTER;

    switch (off) {
    case INIC_PORT_MAC_LO:
        pt.mac[0] = (uint8_t)val;
        pt.mac[1] = (uint8_t)(val >> 8);
        pt.mac[2] = (uint8_t)(val >> 16);
        pt.mac[3] = (uint8_t)(val >> 24);
        return;
    case INIC_PORT_MAC_HI:
        pt.mac[4] = (uint8_t)val;
        pt.mac[5] = (uint8_t)(val >> 8);
        return;
    case INIC_PORT_CTRL:
        pt.ctrl = val & ctrl_bits;
        cb_.schedule_tx(cb_.opaque);
        cb_.flush_rx(cb_.opaque, p);
        return;
    case INIC_PORT_MTU:
        if (val < INIC_MIN_MTU || val > INIC_MAX_MTU) {
            error(INIC_ERR_BAD_VALUE, INIC_PORT_BASE(p) + off);
            return;
        }
        pt.mtu = val;
        return;
    case INIC_PORT_RX_RING:
        if (val >= num_rings_) {
            error(INIC_ERR_BAD_VALUE, INIC_PORT_BASE(p) + off);
            return;
        }
        pt.rx_ring = val;
        cb_.flush_rx(cb_.opaque, p);
        return;
    case INIC_PORT_OFFLOAD:
        pt.offload = val & INIC_PORT_OFFLOAD_ALL;
        return;
    case INIC_PORT_RSS_CTRL:
        pt.rss_ctrl = val & (INIC_RSS_ENABLE | INIC_RSS_HASH_ALL);
        cb_.flush_rx(cb_.opaque, p);
        return;
    case INIC_PORT_STATUS:
    case INIC_PORT_SPEED:
    case INIC_PORT_LINK_EVENTS:
    case INIC_PORT_PERM_MAC_LO:
    case INIC_PORT_PERM_MAC_HI:
        return;     /* read-only: ignored */
    default:
        error(INIC_ERR_BAD_REG, INIC_PORT_BASE(p) + off);
    }
}

static uint32_t ld32_bytes(const uint8_t *b)
{
    return (uint32_t)b[0] | ((uint32_t)b[1] << 8) | ((uint32_t)b[2] << 16) |
           ((uint32_t)b[3] << 24);
}

static void st32_bytes(uint8_t *b, uint32_t v)
{
    b[0] = (uint8_t)v;
    b[1] = (uint8_t)(v >> 8);
    b[2] = (uint8_t)(v >> 16);
    b[3] = (uint8_t)(v >> 24);
}

uint32_t Core::ptbl_read(unsigned p, uint32_t off)
{
    const Port &pt = ports_[p];

    if (off < INIC_PTBL_RSS_KEY(INIC_RSS_KEY_REGS)) {
        return ld32_bytes(&pt.rss_key[off]);
    }
    if (off >= INIC_PTBL_RSS_RETA(0) &&
        off < INIC_PTBL_RSS_RETA(INIC_RSS_RETA_REGS)) {
        return ld32_bytes(&pt.reta[off - INIC_PTBL_RSS_RETA(0)]);
    }
    if (off >= INIC_PTBL_UC_LO(0) && off < INIC_PTBL_UC_LO(INIC_UC_FILTERS)) {
        const Port::UcEntry &e = pt.uc[(off - INIC_PTBL_UC_LO(0)) / 8];
        if (off & 4) {
            return mac_hi(e.mac) | (e.valid ? INIC_UC_VALID : 0);
        }
        return mac_lo(e.mac);
    }
    if (off >= INIC_PTBL_MC_HASH(0) &&
        off < INIC_PTBL_MC_HASH(INIC_MC_HASH_REGS)) {
        return pt.mc_hash[(off - INIC_PTBL_MC_HASH(0)) / 4];
    }
    error(INIC_ERR_BAD_REG, INIC_PTBL_BASE(p) + off);
    return 0;
}

void Core::ptbl_write(unsigned p, uint32_t off, uint32_t val)
{
    Port &pt = ports_[p];

    if (off < INIC_PTBL_RSS_KEY(INIC_RSS_KEY_REGS)) {
        st32_bytes(&pt.rss_key[off], val);
        return;
    }
    if (off >= INIC_PTBL_RSS_RETA(0) &&
        off < INIC_PTBL_RSS_RETA(INIC_RSS_RETA_REGS)) {
        for (unsigned k = 0; k < 4; k++) {
            if (((val >> (8 * k)) & 0xff) >= num_rings_) {
                error(INIC_ERR_BAD_VALUE, INIC_PTBL_BASE(p) + off);
                return;
            }
        }
        st32_bytes(&pt.reta[off - INIC_PTBL_RSS_RETA(0)], val);
        cb_.flush_rx(cb_.opaque, p);
        return;
    }
    if (off >= INIC_PTBL_UC_LO(0) && off < INIC_PTBL_UC_LO(INIC_UC_FILTERS)) {
        Port::UcEntry &e = pt.uc[(off - INIC_PTBL_UC_LO(0)) / 8];
        if (off & 4) {
            e.mac[4] = (uint8_t)val;
            e.mac[5] = (uint8_t)(val >> 8);
            e.valid = val & INIC_UC_VALID;
        } else {
            st32_bytes(e.mac, val);
        }
        return;
    }
    if (off >= INIC_PTBL_MC_HASH(0) &&
        off < INIC_PTBL_MC_HASH(INIC_MC_HASH_REGS)) {
        pt.mc_hash[(off - INIC_PTBL_MC_HASH(0)) / 4] = val;
        return;
    }
    error(INIC_ERR_BAD_REG, INIC_PTBL_BASE(p) + off);
}

uint32_t Core::ring_read(unsigned q, bool rx, uint32_t off)
{
    const Ring &r = rx ? rings_[q].rx : rings_[q].tx;

    switch (off) {
    case INIC_RR_BASE_LO:
        return (uint32_t)r.base;
    case INIC_RR_BASE_HI:
        return (uint32_t)(r.base >> 32);
    case INIC_RR_SIZE:
        return r.size;
    case INIC_RR_CTRL:
        return r.ctrl;
    case INIC_RR_HEAD:
        return r.head;
    case INIC_RR_TAIL:
        return r.tail;
    case INIC_RR_VECTOR:
        return r.vector;
    case INIC_RR_INT_ARM:
        return 0;   /* write-only */
    case INIC_RR_STATUS:
        return (r.enabled ? INIC_RR_STATUS_ENABLED : 0) |
               (r.fault ? INIC_RR_STATUS_FAULT : 0);
    case INIC_RR_ITR_USECS:
        return r.itr_usecs;
    case INIC_RR_ITR_PKTS:
        return r.itr_pkts;
    default:
        error(INIC_ERR_BAD_REG,
              INIC_RING_BASE(q) + (rx ? INIC_RING_RX : 0) + off);
        return 0;
    }
}

void Core::ring_ctrl_write(unsigned q, bool rx, uint32_t val)
{
    Ring &r = rx ? rings_[q].rx : rings_[q].tx;
    uint32_t port = (val & INIC_RR_CTRL_PORT_MASK) >> INIC_RR_CTRL_PORT_SHIFT;

    if (!(val & INIC_RR_CTRL_ENABLE)) {
        itr_stop(r, q, rx);
        r.enabled = false;
        r.armed = false;
        r.ctrl = val & INIC_RR_CTRL_PORT_MASK;
        if (rx) {
            rx_flush_ring(q);   /* held frames are now dropped */
        }
        return;
    }
    if (r.enabled) {
        if (port != r.port()) {
            error(INIC_ERR_BAD_VALUE, q);   /* no port change while on */
        }
        return;
    }
    if (!is_pow2(r.size) || r.size < INIC_RING_MIN ||
        r.size > INIC_RING_MAX || (r.base & (INIC_DESC_SIZE - 1)) ||
        port >= num_ports_) {
        r.ctrl = val & INIC_RR_CTRL_PORT_MASK;
        error(INIC_ERR_BAD_RING_CFG, q);
        return;
    }
    r.ctrl = val & (INIC_RR_CTRL_ENABLE | INIC_RR_CTRL_PORT_MASK);
    r.enabled = true;
    r.fault = false;
    r.armed = false;
    r.head = 0;
    r.tail = 0;
}

void Core::ring_write(unsigned q, bool rx, uint32_t off, uint32_t val)
{
    Ring &r = rx ? rings_[q].rx : rings_[q].tx;

    switch (off) {
    case INIC_RR_BASE_LO:
    case INIC_RR_BASE_HI:
    case INIC_RR_SIZE:
        if (r.enabled) {
            error(INIC_ERR_BAD_VALUE, q);
            return;
        }
        if (off == INIC_RR_BASE_LO) {
            r.base = (r.base & ~0xffffffffull) | val;
        } else if (off == INIC_RR_BASE_HI) {
            r.base = (r.base & 0xffffffffull) | ((uint64_t)val << 32);
        } else {
            r.size = val;
        }
        return;
    case INIC_RR_CTRL:
        ring_ctrl_write(q, rx, val);
        return;
    case INIC_RR_TAIL:
        if (!r.enabled) {
            return;     /* nothing to ring: ignored */
        }
        if (val >= r.size) {
            error(INIC_ERR_BAD_TAIL, q);
            return;
        }
        r.tail = val;
        if (rx) {
            rx_flush_ring(q);
        } else {
            cb_.schedule_tx(cb_.opaque);
        }
        return;
    case INIC_RR_VECTOR:
        if (val >= num_vectors()) {
            error(INIC_ERR_BAD_VECTOR, q);
            return;
        }
        r.vector = val;
        return;
    case INIC_RR_INT_ARM:
        if (!(val & INIC_INT_ARM)) {
            itr_stop(r, q, rx);
            r.armed = false;
            return;
        }
        if (r.head != (val & INIC_INT_ARM_IDX_MASK)) {
            ring_fire(r, q, rx);
        } else if (!r.armed) {
            r.armed = true;
            r.itr_count = 0;
        }
        return;
    case INIC_RR_ITR_USECS:
        if (val > INIC_ITR_MAX_USECS) {
            error(INIC_ERR_BAD_VALUE, q);
            return;
        }
        r.itr_usecs = val;
        return;
    case INIC_RR_ITR_PKTS:
        if (val > INIC_RING_MAX) {
            error(INIC_ERR_BAD_VALUE, q);
            return;
        }
        r.itr_pkts = val;
        return;
    case INIC_RR_HEAD:
    case INIC_RR_STATUS:
        return;     /* read-only: ignored */
    default:
        error(INIC_ERR_BAD_REG,
              INIC_RING_BASE(q) + (rx ? INIC_RING_RX : 0) + off);
    }
}

/* ---- Link ---- */

void Core::set_link(unsigned p, bool up)
{
    if (p >= num_ports_ || ports_[p].link_up == up) {
        return;
    }
    ports_[p].link_up = up;
    ports_[p].link_events++;
    raise_misc(INIC_MISC_LINK);
    cb_.flush_rx(cb_.opaque, p);
    cb_.schedule_tx(cb_.opaque);
}

void Core::bus_master_changed()
{
    if (!bus_master()) {
        return;
    }
    cb_.schedule_tx(cb_.opaque);
    for (unsigned p = 0; p < num_ports_; p++) {
        cb_.flush_rx(cb_.opaque, p);
    }
}

/* ---- Receive ---- */

void Core::rx_flush_ring(unsigned q)
{
    for (unsigned p = 0; p < num_ports_; p++) {
        if (ports_[p].rx_ring == q || (ports_[p].rss_ctrl & INIC_RSS_ENABLE)) {
            cb_.flush_rx(cb_.opaque, p);
        }
    }
}

bool Core::can_receive(unsigned p)
{
    if (p >= num_ports_) {
        return true;
    }
    const Port &pt = ports_[p];
    if (!pt.link_up || !(pt.ctrl & INIC_PORT_CTRL_RX_EN) || !bus_master()) {
        return true;    /* will be dropped and counted */
    }
    if (pt.rss_ctrl & INIC_RSS_ENABLE) {
        return true;    /* the ring depends on the frame: receive() decides */
    }
    const Ring &r = rings_[pt.rx_ring].rx;
    return !r.enabled || r.avail() > 0;
}

/*
 * The ring a frame goes to: the RSS indirection table entry its hash
 * selects, or PORT_RX_RING when RSS is off or the frame has no hash.
 */
unsigned Core::rx_select(const Port &pt, const uint8_t *buf,
                         const PktInfo &pi, uint32_t *hash, unsigned *htype)
{
    *hash = 0;
    *htype = INIC_HASH_NONE;
    if (!(pt.rss_ctrl & INIC_RSS_ENABLE) || !pi.l3) {
        return pt.rx_ring;
    }
    uint8_t in[36];
    size_t n;
    bool l4 = !pi.frag && pi.l4_hdr_len;
    bool tcp = l4 && pi.l4_proto == IPPROTO_TCP_;
    bool udp = l4 && pi.l4_proto == IPPROTO_UDP_;
    unsigned t;
    if (pi.l3 == 4) {
        memcpy(in, buf + pi.l3_off + 12, 8);
        n = 8;
        if (tcp && (pt.rss_ctrl & INIC_RSS_HASH_TCP_IPV4)) {
            t = INIC_HASH_TCP_IPV4;
        } else if (udp && (pt.rss_ctrl & INIC_RSS_HASH_UDP_IPV4)) {
            t = INIC_HASH_UDP_IPV4;
        } else if (pt.rss_ctrl & INIC_RSS_HASH_IPV4) {
            t = INIC_HASH_IPV4;
        } else {
            return pt.rx_ring;
        }
    } else {
        memcpy(in, buf + pi.l3_off + 8, 32);
        n = 32;
        if (tcp && (pt.rss_ctrl & INIC_RSS_HASH_TCP_IPV6)) {
            t = INIC_HASH_TCP_IPV6;
        } else if (udp && (pt.rss_ctrl & INIC_RSS_HASH_UDP_IPV6)) {
            t = INIC_HASH_UDP_IPV6;
        } else if (pt.rss_ctrl & INIC_RSS_HASH_IPV6) {
            t = INIC_HASH_IPV6;
        } else {
            return pt.rx_ring;
        }
    }
    if (INIC_HASH_IS_L4(t)) {
        memcpy(in + n, buf + pi.l4_off, 4);     /* source, destination port */
        n += 4;
    }
    *hash = toeplitz(pt.rss_key.data(), INIC_RSS_KEY_SIZE, in, n);
    *htype = t;
    return pt.reta[*hash & (INIC_RSS_RETA_SIZE - 1)];
}

bool Core::rx_accept(const Port &pt, const uint8_t *dst)
{
    static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

    if (pt.ctrl & INIC_PORT_CTRL_PROMISC) {
        return true;
    }
    if (dst[0] & 1) {
        if (!(pt.ctrl & INIC_PORT_CTRL_MC_FILTER) ||
            (pt.ctrl & INIC_PORT_CTRL_ALLMULTI) || !memcmp(dst, bcast, 6)) {
            return true;
        }
        uint32_t h = ether_crc_le(dst, 6) & INIC_MC_HASH_MASK;
        return pt.mc_hash[h / 32] & (1u << (h % 32));
    }
    if (!memcmp(dst, pt.mac, 6)) {
        return true;
    }
    for (const auto &e : pt.uc) {
        if (e.valid && !memcmp(dst, e.mac, 6)) {
            return true;
        }
    }
    return false;
}

/* RX checksum validation: STA_CSUM_OK, STA_CSUM_ERR or neither. */
uint16_t Core::rx_csum_status(const uint8_t *buf, const PktInfo &pi)
{
    if (!pi.l3 || !pi.l3_len_ok) {
        return 0;
    }
    if (pi.l3 == 4 &&
        csum_finish(csum_add(0, buf + pi.l3_off, pi.l3_hdr_len)) != 0) {
        return INIC_RXD_STA_CSUM_ERR;
    }
    if (pi.frag || !pi.l4_hdr_len) {
        return 0;   /* nothing the device can verify beyond the header */
    }
    uint32_t l4_len = pi.l3_end - pi.l4_off;
    if (pi.l4_proto == IPPROTO_UDP_ && pi.l3 == 4 &&
        !buf[pi.l4_off + 6] && !buf[pi.l4_off + 7]) {
        return 0;   /* UDP over IPv4 without a checksum */
    }
    uint64_t sum = csum_pseudo(buf, pi, pi.l4_proto, l4_len);
    sum = csum_add(sum, buf + pi.l4_off, l4_len);
    return csum_finish(sum) == 0 ? INIC_RXD_STA_CSUM_OK : INIC_RXD_STA_CSUM_ERR;
}

size_t Core::receive(unsigned p, const uint8_t *buf, size_t len)
{
    if (p >= num_ports_) {
        return len;
    }
    Port &pt = ports_[p];
    PktInfo pi;
    uint32_t hash;
    unsigned htype;

    parse_frame(buf, len, &pi);
    unsigned q = rx_select(pt, buf, pi, &hash, &htype);
    Ring &r = rings_[q].rx;

    /* Drops before the ring: counted on the ring the frame would use. */
    if (!pt.link_up || !(pt.ctrl & INIC_PORT_CTRL_RX_EN) || !bus_master() ||
        !r.enabled) {
        pt.stats[INIC_PSTAT_RX_DROPS]++;
        r.stats[INIC_RSTAT_DROP_NODESC]++;
        return len;
    }
    if (len < 14 || len > max_frame(pt.mtu, buf, len)) {
        pt.stats[INIC_PSTAT_RX_ERRORS]++;
        pt.stats[INIC_PSTAT_RX_DROPS]++;
        r.stats[INIC_RSTAT_ERRORS]++;
        return len;
    }
    if (!rx_accept(pt, buf)) {
        pt.stats[INIC_PSTAT_RX_DROP_FILTER]++;
        pt.stats[INIC_PSTAT_RX_DROPS]++;
        r.stats[INIC_RSTAT_DROP_FILTER]++;
        return len;
    }

    /* Metadata for the descriptors. */
    uint16_t meta = 0, tci = 0;
    uint16_t ptype = (uint16_t)(htype << INIC_PTYPE_HASH_SHIFT);
    if (pi.l3 == 4) {
        ptype |= INIC_PTYPE_L3_IPV4;
    } else if (pi.l3 == 6) {
        ptype |= INIC_PTYPE_L3_IPV6;
    }
    if (pi.frag) {
        ptype |= INIC_PTYPE_FRAG;
    } else if (pi.l4_hdr_len && pi.l4_proto == IPPROTO_TCP_) {
        ptype |= INIC_PTYPE_L4_TCP;
    } else if (pi.l4_hdr_len && pi.l4_proto == IPPROTO_UDP_) {
        ptype |= INIC_PTYPE_L4_UDP;
    }
    if (pi.vlan) {
        ptype |= INIC_PTYPE_VLAN;
    }
    if (htype != INIC_HASH_NONE) {
        meta |= INIC_RXD_STA_RSS;
    }
    if (pt.offload & INIC_PORT_OFFLOAD_RX_CSUM) {
        meta |= rx_csum_status(buf, pi);
    }
    const uint8_t *data = buf;
    size_t dlen = len;
    if (pi.vlan && (pt.offload & INIC_PORT_OFFLOAD_VLAN_STRIP)) {
        rx_frame_.resize(len - 4);
        memcpy(rx_frame_.data(), buf, 12);
        memcpy(rx_frame_.data() + 12, buf + 16, len - 16);
        data = rx_frame_.data();
        dlen = len - 4;
        meta |= INIC_RXD_STA_VLAN;
        tci = pi.vlan_tci;
    }

    /* Find enough posted buffers: at most SIZE - 1 descriptors. */
    const uint32_t mask = r.size - 1;
    const uint32_t avail = r.avail();
    size_t covered = 0;
    rx_bufs_.clear();
    for (uint32_t i = 0; i < avail && covered < dlen; i++) {
        uint8_t d[INIC_DESC_SIZE];
        uint64_t da = r.base + (uint64_t)((r.head + i) & mask) * INIC_DESC_SIZE;
        if (cb_.dma_read(cb_.opaque, da, d, sizeof(d))) {
            pt.stats[INIC_PSTAT_RX_DROPS]++;
            pt.stats[INIC_PSTAT_RX_ERRORS]++;
            ring_fault(r, q);
            return len;
        }
        RxBuf b = { ld64(d + RXD_ADDR), ld16(d + RXD_BUF_LEN) };
        rx_bufs_.push_back(b);
        covered += b.len;
    }
    if (covered < dlen) {
        if (avail < mask) {
            return 0;   /* the backend holds it until more are posted */
        }
        /* Even a full ring cannot hold it. */
        pt.stats[INIC_PSTAT_RX_DROPS]++;
        r.stats[INIC_RSTAT_DROP_NODESC]++;
        return len;
    }

    /* Copy the frame, then write every descriptor back. */
    bool buf_err = false;
    size_t off = 0;
    const size_t nb = rx_bufs_.size();
    for (size_t i = 0; i < nb; i++) {
        size_t chunk = std::min<size_t>(rx_bufs_[i].len, dlen - off);
        if (!buf_err && chunk &&
            cb_.dma_write(cb_.opaque, rx_bufs_[i].addr, data + off, chunk)) {
            buf_err = true;
        }
        rx_bufs_[i].len = (uint16_t)chunk;  /* now: bytes written */
        off += chunk;
    }
    for (size_t i = 0; i < nb; i++) {
        uint8_t wb[RXD_WB_LEN] = {};
        uint16_t sta = INIC_RXD_STA_DD;
        if (i + 1 == nb) {
            sta |= INIC_RXD_STA_EOP;
        }
        if (buf_err) {
            sta |= INIC_RXD_STA_ERR;
        } else {
            sta |= meta;
            st16(wb + RXD_VLAN - RXD_WB, tci);
            st16(wb + RXD_HASH - RXD_WB, (uint16_t)hash);
            st16(wb + RXD_HASH + 2 - RXD_WB, (uint16_t)(hash >> 16));
            st16(wb + RXD_PTYPE - RXD_WB, ptype);
        }
        st16(wb + 0, buf_err ? 0 : rx_bufs_[i].len);
        st16(wb + 2, sta);
        uint64_t da = r.base + (uint64_t)((r.head + i) & mask) * INIC_DESC_SIZE;
        if (cb_.dma_write(cb_.opaque, da + RXD_WB, wb, sizeof(wb))) {
            pt.stats[INIC_PSTAT_RX_DROPS]++;
            pt.stats[INIC_PSTAT_RX_ERRORS]++;
            ring_fault(r, q);
            return len;
        }
    }
    r.head = (r.head + (uint32_t)nb) & mask;
    if (buf_err) {
        pt.stats[INIC_PSTAT_RX_ERRORS]++;
        pt.stats[INIC_PSTAT_RX_DROPS]++;
        r.stats[INIC_RSTAT_ERRORS]++;
        error(INIC_ERR_BUF_DMA, q);
    } else {
        pt.stats[INIC_PSTAT_RX_PKTS]++;
        pt.stats[INIC_PSTAT_RX_BYTES] += len;
        r.stats[INIC_RSTAT_PKTS]++;
        r.stats[INIC_RSTAT_BYTES] += len;
        if (meta & INIC_RXD_STA_CSUM_ERR) {
            r.stats[INIC_RSTAT_CSUM_ERR]++;
        }
    }
    ring_completed(r, q, true);
    return len;
}

/* ---- Transmit ---- */

bool Core::tx_send(unsigned port, const InicIov *iov, unsigned niov)
{
    if (cb_.net_sendv) {
        return cb_.net_sendv(cb_.opaque, port, iov, niov);
    }
    size_t total = 0;
    for (unsigned i = 0; i < niov; i++) {
        total += iov[i].len;
    }
    lin_.resize(total);
    size_t off = 0;
    for (unsigned i = 0; i < niov; i++) {
        memcpy(lin_.data() + off, iov[i].base, iov[i].len);
        off += iov[i].len;
    }
    return cb_.net_send(cb_.opaque, port, lin_.data(), total);
}

/* CMD_CSUM: the Linux CHECKSUM_PARTIAL contract, on frame_. */
inic_err Core::tx_csum(size_t total, uint16_t start, uint16_t offset)
{
    if ((offset & 1) || (size_t)start + offset + 2 > total) {
        return INIC_ERR_BAD_OFFLOAD;
    }
    uint16_t c = csum_finish(csum_add(0, frame_.data() + start,
                                      total - start));
    csum_store(frame_.data() + start + offset, c ? c : 0xffff);
    return INIC_ERR_NONE;
}

/* CMD_TSO: is frame_ a TCP/IP frame the segmenter can cut as asked? */
inic_err Core::tso_check(size_t total, uint16_t mss, uint16_t hdr_len,
                         unsigned *nsegs)
{
    const PktInfo &pi = tx_pi_;

    parse_frame(frame_.data(), total, &tx_pi_);
    if (!mss || (pi.l3 != 4 && pi.l3 != 6) || pi.frag ||
        pi.l4_proto != IPPROTO_TCP_ || !pi.l4_hdr_len ||
        hdr_len != pi.l4_off + pi.l4_hdr_len || hdr_len >= total) {
        return INIC_ERR_BAD_OFFLOAD;
    }
    size_t payload = total - hdr_len;
    size_t n = (payload + mss - 1) / mss;
    if (n > INIC_TSO_MAX_SEGS) {
        return INIC_ERR_BAD_OFFLOAD;
    }
    *nsegs = (unsigned)n;
    return INIC_ERR_NONE;
}

/*
 * Cut frame_ (checked by tso_check) into segments of mss payload bytes,
 * each with its own copy of the headers: IPv4 total length, id and header
 * checksum, IPv6 payload length, TCP sequence number, flags and checksum.
 * Returns false if the backend queued any of them (back-pressure).
 */
bool Core::tso_send(unsigned port, size_t total, uint16_t mss,
                    uint16_t hdr_len, bool vlan, uint16_t tci,
                    unsigned *segs, uint64_t *bytes)
{
    const PktInfo &pi = tx_pi_;
    const unsigned vo = vlan ? 4 : 0;
    const uint8_t *f = frame_.data();
    uint8_t *h;
    bool ok = true;

    lin_.resize(hdr_len + vo);
    h = lin_.data();
    memcpy(h, f, 12);
    if (vlan) {
        put_be16(h + 12, 0x8100);
        put_be16(h + 14, tci);
    }
    memcpy(h + 12 + vo, f + 12, hdr_len - 12);

    PktInfo hp = pi;            /* offsets inside h */
    hp.l3_off += vo;
    hp.l4_off += vo;
    const unsigned l3 = hp.l3_off, l4 = hp.l4_off;
    const uint16_t id0 = be16(f + pi.l3_off + 4);
    const uint32_t seq0 = be32(f + pi.l4_off + 4);
    const uint8_t flags0 = f[pi.l4_off + 13];
    const size_t payload = total - hdr_len;
    const unsigned n = (unsigned)((payload + mss - 1) / mss);

    *bytes = 0;
    for (unsigned i = 0; i < n; i++) {
        size_t off = hdr_len + (size_t)i * mss;
        size_t plen = std::min<size_t>(mss, total - off);
        bool last = i + 1 == n;

        if (pi.l3 == 4) {
            put_be16(h + l3 + 2, (uint16_t)(hdr_len - pi.l3_off + plen));
            put_be16(h + l3 + 4, (uint16_t)(id0 + i));
            h[l3 + 10] = h[l3 + 11] = 0;
            csum_store(h + l3 + 10,
                       csum_finish(csum_add(0, h + l3, pi.l3_hdr_len)));
        } else {
            put_be16(h + l3 + 4,
                     (uint16_t)(hdr_len - pi.l3_off - 40 + plen));
        }
        put_be32(h + l4 + 4, seq0 + (uint32_t)(i * mss));
        uint8_t flags = flags0;
        if (!last) {
            flags &= ~(0x01 | 0x08);    /* FIN, PSH: last segment only */
        }
        if (i) {
            flags &= ~0x80;             /* CWR: first segment only */
        }
        h[l4 + 13] = flags;
        h[l4 + 16] = h[l4 + 17] = 0;
        uint64_t sum = csum_pseudo(h, hp, IPPROTO_TCP_,
                                   (uint32_t)(pi.l4_hdr_len + plen));
        sum = csum_add(sum, h + l4, pi.l4_hdr_len);
        sum = csum_add(sum, f + off, plen);
        csum_store(h + l4 + 16, csum_finish(sum));

        InicIov iov[2] = { { h, hdr_len + vo }, { f + off, plen } };
        if (!tx_send(port, iov, 2)) {
            ok = false;     /* queued: the rest queue too, then we stop */
        }
        *bytes += hdr_len + vo + plen;
    }
    *segs = n;
    return ok;
}

Core::TxResult Core::tx_one(unsigned q, unsigned *wire_pkts)
{
    Ring &r = rings_[q].tx;

    *wire_pkts = 1;
    if (!r.enabled) {
        return TxResult::Idle;
    }
    Port &pt = ports_[r.port()];
    if (pt.tx_blocked) {
        return TxResult::Blocked;
    }
    const uint32_t mask = r.size - 1;
    const uint32_t avail = r.avail();
    if (!avail) {
        return TxResult::Idle;
    }

    struct Buf {
        uint64_t addr;
        uint16_t len;
    };
    Buf bufs[INIC_TX_MAX_DESCS];
    unsigned n = 0;
    size_t total = 0;
    bool eop = false, bad = false;
    /* Offload requests: from the first descriptor of the frame. */
    uint16_t cmd0 = 0, csum_start = 0, csum_offset = 0, mss = 0;
    uint16_t hdr_len = 0, tci = 0;
    while (n < avail && n < INIC_TX_MAX_DESCS) {
        uint8_t d[INIC_DESC_SIZE];
        uint64_t da = r.base + (uint64_t)((r.head + n) & mask) * INIC_DESC_SIZE;
        if (cb_.dma_read(cb_.opaque, da, d, sizeof(d))) {
            pt.stats[INIC_PSTAT_TX_ERRORS]++;
            ring_fault(r, q);
            return TxResult::Stopped;
        }
        uint16_t cmd = ld16(d + TXD_CMD);
        if (!n) {
            cmd0 = cmd;
            csum_start = ld16(d + TXD_CSUM_START);
            csum_offset = ld16(d + TXD_CSUM_OFFSET);
            mss = ld16(d + TXD_MSS);
            hdr_len = ld16(d + TXD_HDR_LEN);
            tci = ld16(d + TXD_VLAN);
        }
        bufs[n].addr = ld64(d + TXD_ADDR);
        bufs[n].len = ld16(d + TXD_LEN);
        n++;
        if (!bufs[n - 1].len) {
            bad = true;
        }
        total += bufs[n - 1].len;
        if (cmd & INIC_TXD_CMD_EOP) {
            eop = true;
            break;
        }
    }
    if (!eop) {
        if (n < INIC_TX_MAX_DESCS && avail < mask) {
            return TxResult::Idle;  /* the rest of the frame is coming */
        }
        bad = true;                 /* chain too long */
    }
    if (total > INIC_TX_MAX_BYTES) {
        bad = true;
    }

    inic_err code = bad ? INIC_ERR_BAD_DESC : INIC_ERR_NONE;
    if (!code) {
        frame_.resize(total);
        size_t off = 0;
        for (unsigned i = 0; i < n; i++) {
            if (cb_.dma_read(cb_.opaque, bufs[i].addr, frame_.data() + off,
                             bufs[i].len)) {
                code = INIC_ERR_BUF_DMA;
                break;
            }
            off += bufs[i].len;
        }
    }
    const bool do_vlan = (cmd0 & INIC_TXD_CMD_VLAN) &&
                         (pt.offload & INIC_PORT_OFFLOAD_VLAN_INSERT);
    const bool do_csum = (cmd0 & INIC_TXD_CMD_CSUM) &&
                         (pt.offload & INIC_PORT_OFFLOAD_TX_CSUM);
    const bool do_tso = (cmd0 & INIC_TXD_CMD_TSO) &&
                        (pt.offload & INIC_PORT_OFFLOAD_TSO);
    unsigned nsegs = 1;
    if (!code) {
        if (do_tso) {
            code = tso_check(total, mss, hdr_len, &nsegs);
            if (!code && hdr_len + std::min<size_t>(mss, total - hdr_len) >
                             max_frame(pt.mtu, frame_.data(), total)) {
                code = INIC_ERR_BAD_OFFLOAD;    /* segments beyond MTU */
            }
        } else if (total > max_frame(pt.mtu, frame_.data(), total)) {
            code = INIC_ERR_BAD_DESC;
        } else if (do_csum) {
            code = tx_csum(total, csum_start, csum_offset);
        }
    }

    if (code) {
        r.stats[INIC_RSTAT_ERRORS]++;
        pt.stats[INIC_PSTAT_TX_ERRORS]++;
        error(code, q);
    } else if (!pt.link_up || !(pt.ctrl & INIC_PORT_CTRL_TX_EN)) {
        r.stats[INIC_RSTAT_ERRORS]++;
        pt.stats[INIC_PSTAT_TX_ERRORS]++;
    } else {
        unsigned pkts = 1;
        uint64_t bytes;
        bool sent;
        if (do_tso) {
            sent = tso_send(r.port(), total, mss, hdr_len, do_vlan, tci,
                            &pkts, &bytes);
        } else if (do_vlan) {
            uint8_t tag[4];
            put_be16(tag, 0x8100);
            put_be16(tag + 2, tci);
            InicIov iov[3] = { { frame_.data(), 12 }, { tag, 4 },
                               { frame_.data() + 12, total - 12 } };
            sent = tx_send(r.port(), iov, 3);
            bytes = total + 4;
        } else {
            InicIov iov = { frame_.data(), total };
            sent = tx_send(r.port(), &iov, 1);
            bytes = total;
        }
        if (!sent) {
            pt.tx_blocked = true;   /* queued by the backend: wait */
        }
        pt.stats[INIC_PSTAT_TX_PKTS] += pkts;
        pt.stats[INIC_PSTAT_TX_BYTES] += bytes;
        r.stats[INIC_RSTAT_PKTS] += pkts;
        r.stats[INIC_RSTAT_BYTES] += bytes;
        *wire_pkts = pkts;
    }

    uint8_t sta[2];
    st16(sta, INIC_TXD_STA_DD | (code ? INIC_TXD_STA_ERR : 0));
    for (unsigned i = 0; i < n; i++) {
        uint64_t da = r.base + (uint64_t)((r.head + i) & mask) * INIC_DESC_SIZE;
        if (cb_.dma_write(cb_.opaque, da + TXD_STATUS, sta, sizeof(sta))) {
            pt.stats[INIC_PSTAT_TX_ERRORS]++;
            ring_fault(r, q);
            return TxResult::Stopped;
        }
    }
    r.head = (r.head + n) & mask;
    ring_completed(r, q, false);
    return TxResult::Sent;
}

void Core::run_tx()
{
    if (!num_rings_ || !bus_master()) {
        return;
    }
    unsigned budget = TX_BUDGET;
    bool progress = true;
    while (budget && progress) {
        progress = false;
        for (unsigned i = 0; i < num_rings_ && budget; i++) {
            unsigned wire;
            if (tx_one((tx_next_ + i) % num_rings_, &wire) == TxResult::Sent) {
                progress = true;
                budget -= std::min(budget, wire);
            }
        }
    }
    tx_next_ = (tx_next_ + 1) % num_rings_;
    if (!budget) {
        cb_.schedule_tx(cb_.opaque);    /* more may be waiting */
    }
}

void Core::tx_resume(unsigned p)
{
    if (p < num_ports_) {
        ports_[p].tx_blocked = false;
        cb_.schedule_tx(cb_.opaque);
    }
}

} /* namespace inic */

/* ---- extern "C" API ---- */

struct InicCore {
    inic::Core core;
    InicCore(const InicConfig &cfg, const InicCallbacks &cb) : core(cfg, cb)
    {
    }
};

extern "C" {

InicCore *inic_core_new(const InicConfig *cfg, const InicCallbacks *cb)
{
    if (!cfg || !cb || cfg->ports < 1 || cfg->ports > INIC_MAX_PORTS ||
        cfg->queues < 1 || cfg->ports * cfg->queues > INIC_MAX_RINGS) {
        return nullptr;
    }
    return new (std::nothrow) InicCore(*cfg, *cb);
}

void inic_core_free(InicCore *c)
{
    delete c;
}

void inic_core_reset(InicCore *c)
{
    c->core.reset_full();
}

uint64_t inic_core_mmio_read(InicCore *c, uint64_t offset, unsigned size)
{
    return c->core.mmio_read(offset, size);
}

void inic_core_mmio_write(InicCore *c, uint64_t offset, uint64_t val,
                          unsigned size)
{
    c->core.mmio_write(offset, val, size);
}

size_t inic_core_receive(InicCore *c, unsigned port, const uint8_t *buf,
                         size_t len)
{
    return c->core.receive(port, buf, len);
}

bool inic_core_can_receive(InicCore *c, unsigned port)
{
    return c->core.can_receive(port);
}

void inic_core_set_link(InicCore *c, unsigned port, bool up)
{
    c->core.set_link(port, up);
}

void inic_core_run_tx(InicCore *c)
{
    c->core.run_tx();
}

void inic_core_tx_resume(InicCore *c, unsigned port)
{
    c->core.tx_resume(port);
}

void inic_core_bus_master_changed(InicCore *c)
{
    c->core.bus_master_changed();
}

unsigned inic_core_num_timers(InicCore *c)
{
    return c->core.num_timers();
}

void inic_core_timer(InicCore *c, unsigned id)
{
    c->core.timer_expired(id);
}

} /* extern "C" */
