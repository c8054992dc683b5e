/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * inic device model: the PF's BAR0 register file. Decodes an access
 * into its block (global, function, port, port tables, ring, VF table,
 * mailbox) and serves the global, function and port blocks and the 64-bit
 * counters. See Documentation/hw-reference.rst and device-model.rst.
 */
#include "inic_core.h"
#include "inic_core_int.h"

#include <algorithm>
#include <cstring>

namespace inic {

/* ---- Register file ---- */

bool Core::read_counter(uint64_t off, uint64_t *val)
{
    if (off >= INIC_PORT_BASE(0) && off < INIC_PORT_BASE(INIC_MAX_PORTS)) {
        unsigned p = (unsigned)((off - INIC_PORT_BASE(0)) >> 8);
        uint32_t r = off & 0xff;
        if (p < num_ports_ && r >= INIC_PORT_STATS &&
            r < INIC_PORT_STAT(INIC_PSTAT__COUNT)) {
            *val = pf_eps_[p].stats[(r - INIC_PORT_STATS) / 8];
            return true;
        }
        return false;
    }
    if (num_vfs_ && off >= INIC_VF_BASE(0) && off < INIC_VF_BASE(num_vfs_)) {
        unsigned v = (unsigned)((off - INIC_VF_BASE(0)) >> 8);
        uint32_t r = off & 0xff;
        if (r >= INIC_VF_STATS && r < INIC_VF_STAT(INIC_VSTAT__COUNT)) {
            *val = vfs_[v].stats[(r - INIC_VF_STATS) / 8];
            return true;
        }
        return false;
    }
    if (num_vfs_ && off >= INIC_SW_STAT(0) &&
        off < INIC_SW_STAT(INIC_SWSTAT__COUNT)) {
        *val = sw_stats_[(off - INIC_SW_STAT(0)) / 8];
        return true;
    }
    if (off >= INIC_CLS_BASE && off < INIC_CLS_BASE + INIC_CLS_SIZE) {
        return cls_counter(off, val);
    }
    if (off >= INIC_VNIC_BASE(0) && off < INIC_VNIC_BASE(INIC_MAX_VNICS)) {
        return vnic_counter(off, val);
    }
    if (off >= INIC_LAG_BASE && off < INIC_LAG_BASE + INIC_LAG_SIZE) {
        return lag_counter(off, val);
    }
    if (off >= INIC_TOE_BASE && off < INIC_TOE_BASE + INIC_TOE_SIZE) {
        return toe_counter(off, val);
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

    if (refuse_reentry(OWNER_PF, off)) {
        return 0;
    }
    Busy busy(*this);

    if (bad_access(off, size)) {
        error(INIC_ERR_BAD_REG, (uint32_t)off);
        return 0;
    }
    if (read_counter(off & ~7ull, &v)) {
        return counter_part(v, off, size);
    }
    if (size == 8) {
        return read32(off) | ((uint64_t)read32(off + 4) << 32);
    }
    return read32(off);
}

void Core::mmio_write(uint64_t off, uint64_t val, unsigned size)
{
    uint64_t dummy;

    if (refuse_reentry(OWNER_PF, off)) {
        return;
    }
    Busy busy(*this);

    if (bad_access(off, size)) {
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

/*
 * The PF's BAR0 blocks (hw-reference "Register map"), in no particular
 * order: their windows do not overlap. A block spans max instances of
 * stride bytes from base (max 0: as many as it has now); an access to an
 * instance that does not exist, or that its block refuses, is BAD_REG.
 * A new block is one row here and a read/write pair in its engine.
 */
const Core::Block Core::blocks_[] = {
    { 0, 0x1000, 1, &Core::one_block,
      &Core::global_blk_read, &Core::global_blk_write },
    { INIC_PORT_BASE(0), 0x100, INIC_MAX_PORTS, &Core::ports_now,
      &Core::port_blk_read, &Core::port_blk_write },
    { INIC_MBOX_PF_SLOT(0), 0x80, 0, &Core::vfs_now,
      &Core::mbox_pf_read, &Core::mbox_pf_write },
    { INIC_VF_BASE(0), 0x100, 0, &Core::vfs_now,
      &Core::vf_table_blk_read, &Core::vf_table_blk_write },
    { INIC_PTBL_BASE(0), 0x800, INIC_MAX_PORTS, &Core::ports_now,
      &Core::ptbl_blk_read, &Core::ptbl_blk_write },
    { INIC_RING_BASE(0), 0x100, INIC_MAX_RINGS, &Core::pf_rings_now,
      &Core::ring_blk_read, &Core::ring_blk_write },
    { INIC_CLS_BASE, INIC_CLS_SIZE, 1, &Core::one_block,
      &Core::cls_blk_read, &Core::cls_blk_write },
    { INIC_LAG_BASE, INIC_LAG_SIZE, 1, &Core::one_block,
      &Core::lag_blk_read, &Core::lag_blk_write },
    { INIC_TOE_BASE, INIC_TOE_SIZE, 1, &Core::one_block,
      &Core::toe_blk_read, &Core::toe_blk_write },
    { INIC_VNIC_BASE(0), 0x80, INIC_MAX_VNICS, &Core::vnics_now,
      &Core::vnic_blk_read, &Core::vnic_blk_write },
};

/* The block whose window holds off, its instance *i and offset *r. */
const Core::Block *Core::block_of(uint64_t off, unsigned *i, uint32_t *r) const
{
    for (const Block &b : blocks_) {
        const unsigned now = (this->*b.count)();
        const uint64_t span = b.stride * (b.max ? b.max : now);
        if (off >= b.base && off < b.base + span) {
            *i = (unsigned)((off - b.base) / b.stride);
            *r = (uint32_t)((off - b.base) % b.stride);
            return *i < now ? &b : nullptr;
        }
    }
    return nullptr;
}

uint32_t Core::read32(uint64_t off)
{
    unsigned i;
    uint32_t r, val;
    const Block *b = block_of(off, &i, &r);

    if (b && (this->*b->read)(i, r, &val)) {
        return val;
    }
    error(INIC_ERR_BAD_REG, (uint32_t)off);
    return 0;
}

void Core::write32(uint64_t off, uint32_t val)
{
    unsigned i;
    uint32_t r;
    const Block *b = block_of(off, &i, &r);

    if (b && (this->*b->write)(i, r, val)) {
        return;
    }
    error(INIC_ERR_BAD_REG, (uint32_t)off);
}

bool Core::global_blk_read(unsigned, uint32_t off, uint32_t *val)
{
    *val = global_read(off);
    return true;
}

bool Core::global_blk_write(unsigned, uint32_t off, uint32_t val)
{
    global_write(off, val);
    return true;
}

bool Core::port_blk_read(unsigned p, uint32_t off, uint32_t *val)
{
    *val = port_read(p, off);
    return true;
}

bool Core::port_blk_write(unsigned p, uint32_t off, uint32_t val)
{
    port_write(p, off, val);
    return true;
}

uint32_t Core::global_read(uint32_t off)
{
    switch (off) {
    case INIC_REG_CAPS:
        return INIC_CAP_INT_ARM | INIC_CAP_RING_STATS | INIC_CAP_RSS |
               INIC_CAP_TX_CSUM | INIC_CAP_RX_CSUM | INIC_CAP_TSO |
               INIC_CAP_VLAN | INIC_CAP_ITR | INIC_CAP_RX_FILTER |
               INIC_CAP_CLS | INIC_CAP_LAG | INIC_CAP_LRO |
               INIC_CAP_TOE | INIC_CAP_VNIC | INIC_CAP_CLS_VNIC |
               (queues_ > 1 ? INIC_CAP_MQ : 0) |
               (num_vfs_ ? INIC_CAP_SRIOV | INIC_CAP_ESWITCH |
                           INIC_CAP_SHAPER : 0);
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
    case INIC_REG_RSS_KEY_SIZE:
        return INIC_RSS_KEY_SIZE;
    case INIC_REG_RSS_RETA_SIZE:
        return INIC_RSS_RETA_SIZE;
    case INIC_REG_UC_FILTERS:
        return INIC_UC_FILTERS;
    case INIC_REG_TOTAL_VFS:
        return num_vfs_;
    case INIC_REG_NUM_VFS:
        return vfs_enabled_;
    case INIC_REG_VF_RING_POOL:
        return pool_;
    case INIC_REG_MBOX_PENDING:
        return (uint32_t)mbox_pending_;
    case INIC_REG_VF_EVENTS:
        return (uint32_t)vf_events_;
    default:
        return func_read(OWNER_PF, off);
    }
}

/*
 * The global registers every function has, the PF and each VF alike, with
 * the function's own Func state; any other offset is a bad register.
 */
uint32_t Core::func_read(unsigned owner, uint32_t off)
{
    const Func &f = func(owner);

    switch (off) {
    case INIC_REG_ID:
        return INIC_ID_MAGIC;
    case INIC_REG_VERSION:
        return INIC_ABI_VERSION;
    case INIC_REG_CTRL:
        return 0;
    case INIC_REG_STATUS:
        return bus_master_fn(owner) ? INIC_STATUS_BUS_MASTER : 0;
    case INIC_REG_SCRATCH:
        return f.scratch;
    case INIC_REG_MISC_CAUSE:
        return f.misc_cause;
    case INIC_REG_MISC_MASK:
        return f.misc_mask;
    case INIC_REG_MISC_VECTOR:
        return f.misc_vector;
    case INIC_REG_ERR_TOTAL:
        return f.err_total;
    case INIC_REG_ERR_LAST:
        return f.err_last;
    case INIC_REG_ERR_INFO:
        return f.err_info;
    case INIC_REG_TSO_MAX_SEGS:
        return INIC_TSO_MAX_SEGS;
    default:
        if (off >= INIC_REG_ERR_COUNT(0) &&
            off < INIC_REG_ERR_COUNT(INIC_ERR_CODES)) {
            return f.err_count[(off - INIC_REG_ERR_COUNT(0)) / 4];
        }
        error_fn(owner, INIC_ERR_BAD_REG, off);
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
    case INIC_REG_MBOX_PENDING:
        mbox_pending_ &= ~(uint64_t)val;
        return;
    case INIC_REG_VF_EVENTS:
        vf_events_ &= ~(uint64_t)val;
        return;
    default:
        if (func_write(OWNER_PF, off, val) || global_read_only(off)) {
            return;     /* done, or read-only: ignored */
        }
        error(INIC_ERR_BAD_REG, off);
    }
}

/*
 * The writable global registers every function has (SCRATCH and the misc
 * interrupt); false if off is not one of them.
 */
bool Core::func_write(unsigned owner, uint32_t off, uint32_t val)
{
    Func &f = func(owner);

    switch (off) {
    case INIC_REG_SCRATCH:
        f.scratch = val;
        return true;
    case INIC_REG_MISC_CAUSE:
        f.misc_cause &= ~val;
        return true;
    case INIC_REG_MISC_MASK: {
        uint32_t enabled = val & INIC_MISC_ALL & ~f.misc_mask;
        f.misc_mask = val & INIC_MISC_ALL;
        if (enabled & f.misc_cause) {
            notify_fn(owner, f.misc_vector);
        }
        return true;
    }
    case INIC_REG_MISC_VECTOR:
        if (val >= vectors_of(owner)) {
            error_fn(owner, INIC_ERR_BAD_VECTOR, off);
            return true;
        }
        f.misc_vector = val;
        return true;
    default:
        return false;
    }
}

uint32_t Core::port_read(unsigned p, uint32_t off)
{
    const Endpoint &pt = pf_eps_[p];

    switch (off) {
    case INIC_PORT_STATUS:
        return ports_[p].link_up ? INIC_PORT_STATUS_LINK : 0;
    case INIC_PORT_SPEED:
        return ports_[p].speed;
    case INIC_PORT_MAC_LO:
        return mac_lo(pt.mac);
    case INIC_PORT_MAC_HI:
        return mac_hi(pt.mac);
    case INIC_PORT_PERM_MAC_LO:
        return mac_lo(ports_[p].perm_mac);
    case INIC_PORT_PERM_MAC_HI:
        return mac_hi(ports_[p].perm_mac);
    case INIC_PORT_RSS_CTRL:
        return pt.rss_ctrl;
    case INIC_PORT_LRO_MAX:
        return pt.lro_max;
    default:
        return port_cfg_read(OWNER_PF, p, pt, off);
    }
}

/*
 * The port registers of a function's endpoint pt, the PF's on port p or a
 * VF's own (p = 0): the same on both; any other offset is a bad register.
 */
uint32_t Core::port_cfg_read(unsigned owner, unsigned p, const Endpoint &pt,
                             uint32_t off)
{
    switch (off) {
    case INIC_PORT_CTRL:
        return pt.ctrl;
    case INIC_PORT_MTU:
        return pt.mtu;
    case INIC_PORT_RX_RING:
        return pt.rx_ring;
    case INIC_PORT_LINK_EVENTS:
        return pt.link_events;
    case INIC_PORT_OFFLOAD:
        return pt.offload;
    default:
        error_fn(owner, INIC_ERR_BAD_REG, INIC_PORT_BASE(p) + off);
        return 0;
    }
}

/*
 * Port register writes the same on the PF and a VF, up to rings rings; any
 * other offset is a bad register. True if CTRL or RX_RING changed, which
 * the caller follows up.
 */
bool Core::port_cfg_write(unsigned owner, unsigned p, Endpoint &pt, uint32_t off,
                          uint32_t val, uint32_t rings)
{
    const uint32_t ctrl_bits = INIC_PORT_CTRL_RX_EN | INIC_PORT_CTRL_TX_EN |
                               INIC_PORT_CTRL_PROMISC |
                               INIC_PORT_CTRL_ALLMULTI |
                               INIC_PORT_CTRL_MC_FILTER;

    switch (off) {
    case INIC_PORT_CTRL:
        pt.ctrl = val & ctrl_bits;
        return true;
    case INIC_PORT_MTU:
        if (val < INIC_MIN_MTU || val > INIC_MAX_MTU) {
            error_fn(owner, INIC_ERR_BAD_VALUE, INIC_PORT_BASE(p) + off);
            return false;
        }
        pt.mtu = val;
        return false;
    case INIC_PORT_RX_RING:
        if (val >= rings) {
            error_fn(owner, INIC_ERR_BAD_VALUE, INIC_PORT_BASE(p) + off);
            return false;
        }
        pt.rx_ring = val;
        return true;
    case INIC_PORT_OFFLOAD:
        pt.offload = val & INIC_PORT_OFFLOAD_ALL;
        return false;
    default:
        error_fn(owner, INIC_ERR_BAD_REG, INIC_PORT_BASE(p) + off);
        return false;
    }
}

void Core::port_write(unsigned p, uint32_t off, uint32_t val)
{
    Endpoint &pt = pf_eps_[p];

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
    case INIC_PORT_RSS_CTRL:
        pt.rss_ctrl = val & (INIC_RSS_ENABLE | INIC_RSS_HASH_ALL);
        flush_rx(p);
        return;
    case INIC_PORT_LRO_MAX:
        if (val && (val < INIC_LRO_MIN_LEN || val > INIC_LRO_MAX_LEN)) {
            error_fn(OWNER_PF, INIC_ERR_BAD_VALUE, INIC_PORT_BASE(p) + off);
            return;
        }
        pt.lro_max = val;
        return;
    case INIC_PORT_STATUS:
    case INIC_PORT_SPEED:
    case INIC_PORT_LINK_EVENTS:
    case INIC_PORT_PERM_MAC_LO:
    case INIC_PORT_PERM_MAC_HI:
        return;     /* read-only: ignored */
    default:
        if (off == INIC_PORT_OFFLOAD) {
            port_cfg_write(OWNER_PF, p, pt, off, val, num_rings_);
            lro_backend(p);     /* 1.6: GSO frames from the backend? */
            return;
        }
        if (port_cfg_write(OWNER_PF, p, pt, off, val, num_rings_)) {
            if (off == INIC_PORT_CTRL) {
                cb_.schedule_tx(cb_.opaque);
            }
            flush_rx(p);
        }
    }
}

} /* namespace inic */
