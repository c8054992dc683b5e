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
constexpr unsigned RXD_ADDR = 0, RXD_BUF_LEN = 8, RXD_WB = 10;
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
}

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
    reset_full();
}

/* ---- Reset ---- */

void Core::reset_function()
{
    for (auto &rp : rings_) {
        rp.tx.reset_regs();
        rp.rx.reset_regs();
    }
    scratch_ = 0;
    misc_cause_ = 0;
    misc_mask_ = 0;
    misc_vector_ = 0;
    for (unsigned p = 0; p < num_ports_; p++) {
        Port &pt = ports_[p];
        memcpy(pt.mac, pt.perm_mac, 6);
        pt.ctrl = 0;
        pt.mtu = 1500;
        pt.rx_ring = p * queues_;
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

/* Work completed on a ring: fire its interrupt if armed (one-shot). */
void Core::ring_completed(Ring &r)
{
    if (r.armed) {
        r.armed = false;
        notify(r.vector);
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
        return INIC_CAP_INT_ARM | INIC_CAP_RING_STATS |
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
    default:
        error(INIC_ERR_BAD_REG, INIC_PORT_BASE(p) + off);
        return 0;
    }
}

void Core::port_write(unsigned p, uint32_t off, uint32_t val)
{
    Port &pt = ports_[p];
    const uint32_t ctrl_bits = INIC_PORT_CTRL_RX_EN | INIC_PORT_CTRL_TX_EN |
                               INIC_PORT_CTRL_PROMISC | INIC_PORT_CTRL_ALLMULTI;

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
            r.armed = false;
            return;
        }
        if (r.head != (val & INIC_INT_ARM_IDX_MASK)) {
            r.armed = false;
            notify(r.vector);
        } else {
            r.armed = true;
        }
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
        if (ports_[p].rx_ring == q) {
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
    const Ring &r = rings_[pt.rx_ring].rx;
    return !r.enabled || r.avail() > 0;
}

size_t Core::receive(unsigned p, const uint8_t *buf, size_t len)
{
    if (p >= num_ports_) {
        return len;
    }
    Port &pt = ports_[p];
    unsigned q = pt.rx_ring;
    Ring &r = rings_[q].rx;

    if (!pt.link_up || !(pt.ctrl & INIC_PORT_CTRL_RX_EN) || !bus_master() ||
        !r.enabled) {
        pt.stats[INIC_PSTAT_RX_DROPS]++;
        return len;
    }
    if (len < 14 || len > max_frame(pt.mtu, buf, len)) {
        pt.stats[INIC_PSTAT_RX_ERRORS]++;
        pt.stats[INIC_PSTAT_RX_DROPS]++;
        r.stats[INIC_RSTAT_ERRORS]++;
        return len;
    }
    bool accept = (pt.ctrl & INIC_PORT_CTRL_PROMISC) || (buf[0] & 1) ||
                  !memcmp(buf, pt.mac, 6);
    if (!accept) {
        pt.stats[INIC_PSTAT_RX_DROP_FILTER]++;
        pt.stats[INIC_PSTAT_RX_DROPS]++;
        r.stats[INIC_RSTAT_DROP_FILTER]++;
        return len;
    }

    /* Find enough posted buffers: at most SIZE - 1 descriptors. */
    const uint32_t mask = r.size - 1;
    const uint32_t avail = r.avail();
    struct Buf {
        uint64_t addr;
        uint16_t len;
    };
    std::vector<Buf> bufs;
    size_t covered = 0;
    for (uint32_t i = 0; i < avail && covered < len; i++) {
        uint8_t d[INIC_DESC_SIZE];
        uint64_t da = r.base + (uint64_t)((r.head + i) & mask) * INIC_DESC_SIZE;
        if (cb_.dma_read(cb_.opaque, da, d, sizeof(d))) {
            pt.stats[INIC_PSTAT_RX_DROPS]++;
            ring_fault(r, q);
            return len;
        }
        Buf b = { ld64(d + RXD_ADDR), ld16(d + RXD_BUF_LEN) };
        bufs.push_back(b);
        covered += b.len;
    }
    if (covered < len) {
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
    std::vector<uint16_t> lens(bufs.size());
    for (size_t i = 0; i < bufs.size(); i++) {
        size_t chunk = std::min<size_t>(bufs[i].len, len - off);
        if (!buf_err && chunk &&
            cb_.dma_write(cb_.opaque, bufs[i].addr, buf + off, chunk)) {
            buf_err = true;
        }
        lens[i] = (uint16_t)chunk;
        off += chunk;
    }
    for (size_t i = 0; i < bufs.size(); i++) {
        uint8_t wb[RXD_WB_LEN] = {};
        uint16_t sta = INIC_RXD_STA_DD;
        if (i + 1 == bufs.size()) {
            sta |= INIC_RXD_STA_EOP;
        }
        if (buf_err) {
            sta |= INIC_RXD_STA_ERR;
        }
        st16(wb + 0, buf_err ? 0 : lens[i]);
        st16(wb + 2, sta);
        uint64_t da = r.base + (uint64_t)((r.head + i) & mask) * INIC_DESC_SIZE;
        if (cb_.dma_write(cb_.opaque, da + RXD_WB, wb, sizeof(wb))) {
            pt.stats[INIC_PSTAT_RX_DROPS]++;
            ring_fault(r, q);
            return len;
        }
    }
    r.head = (r.head + (uint32_t)bufs.size()) & mask;
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
    }
    ring_completed(r);
    return len;
}

/* ---- Transmit ---- */

Core::TxResult Core::tx_one(unsigned q)
{
    Ring &r = rings_[q].tx;

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
    while (n < avail && n < INIC_TX_MAX_DESCS) {
        uint8_t d[INIC_DESC_SIZE];
        uint64_t da = r.base + (uint64_t)((r.head + n) & mask) * INIC_DESC_SIZE;
        if (cb_.dma_read(cb_.opaque, da, d, sizeof(d))) {
            ring_fault(r, q);
            return TxResult::Stopped;
        }
        bufs[n].addr = ld64(d + TXD_ADDR);
        bufs[n].len = ld16(d + TXD_LEN);
        n++;
        if (!bufs[n - 1].len) {
            bad = true;
        }
        total += bufs[n - 1].len;
        if (ld16(d + TXD_CMD) & INIC_TXD_CMD_EOP) {
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

    bool buf_err = false;
    if (!bad) {
        frame_.resize(total);
        size_t off = 0;
        for (unsigned i = 0; i < n && !buf_err; i++) {
            if (cb_.dma_read(cb_.opaque, bufs[i].addr, frame_.data() + off,
                             bufs[i].len)) {
                buf_err = true;
            }
            off += bufs[i].len;
        }
        if (!buf_err && total > max_frame(pt.mtu, frame_.data(), total)) {
            bad = true;
        }
    }

    if (bad || buf_err) {
        r.stats[INIC_RSTAT_ERRORS]++;
        pt.stats[INIC_PSTAT_TX_ERRORS]++;
        error(bad ? INIC_ERR_BAD_DESC : INIC_ERR_BUF_DMA, q);
    } else if (!pt.link_up || !(pt.ctrl & INIC_PORT_CTRL_TX_EN)) {
        pt.stats[INIC_PSTAT_TX_ERRORS]++;
    } else {
        if (!cb_.net_send(cb_.opaque, r.port(), frame_.data(), total)) {
            pt.tx_blocked = true;   /* queued by the backend: wait */
        }
        pt.stats[INIC_PSTAT_TX_PKTS]++;
        pt.stats[INIC_PSTAT_TX_BYTES] += total;
        r.stats[INIC_RSTAT_PKTS]++;
        r.stats[INIC_RSTAT_BYTES] += total;
    }

    uint8_t sta[2];
    st16(sta, INIC_TXD_STA_DD | ((bad || buf_err) ? INIC_TXD_STA_ERR : 0));
    for (unsigned i = 0; i < n; i++) {
        uint64_t da = r.base + (uint64_t)((r.head + i) & mask) * INIC_DESC_SIZE;
        if (cb_.dma_write(cb_.opaque, da + TXD_STATUS, sta, sizeof(sta))) {
            ring_fault(r, q);
            return TxResult::Stopped;
        }
    }
    r.head = (r.head + n) & mask;
    ring_completed(r);
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
            if (tx_one((tx_next_ + i) % num_rings_) == TxResult::Sent) {
                progress = true;
                budget--;
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

} /* extern "C" */
