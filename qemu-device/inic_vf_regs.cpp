/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * inic device model: a VF's own BAR0 (1.2). Decodes the VF register
 * window: the VF's global and port registers, its rings (translated to the
 * global ring index) and its mailbox.
 */
#include "inic_core.h"
#include "inic_core_int.h"

#include <algorithm>
#include <cstring>

namespace inic {

/* ---- VF register file (1.2): the VF's own BAR0 ---- */

/* Ring register offset of VF v: the global ring index, if it has it. */
bool Core::vf_ring_index(unsigned v, uint64_t off, unsigned *q)
{
    if (off < INIC_RING_BASE(0) || off >= INIC_RING_BASE(INIC_VF_MAX_RINGS)) {
        return false;
    }
    unsigned l = (unsigned)((off - INIC_RING_BASE(0)) >> 8);
    if (l >= vfs_[v].ring_count) {
        return false;
    }
    *q = num_rings_ + vfs_[v].ring_base + l;
    return true;
}

uint64_t Core::vf_mmio_read(unsigned v, uint64_t off, unsigned size)
{
    if (v >= num_vfs_ || refuse_reentry(vf_owner(v), off)) {
        return 0;
    }
    Busy busy(*this);
    if (bad_access(off, size)) {
        error_fn(vf_owner(v), INIC_ERR_BAD_REG, (uint32_t)off);
        return 0;
    }
    uint64_t base = off & ~7ull;
    uint32_t r = base & 0xff;
    unsigned q;
    const uint64_t *cnt = nullptr;
    if (base >= INIC_PORT_BASE(0) + INIC_PORT_STATS &&
        base < INIC_PORT_BASE(0) + INIC_PORT_STAT(INIC_PSTAT__COUNT)) {
        cnt = &vfs_[v].ep.stats[(r - INIC_PORT_STATS) / 8];
    } else if (vf_ring_index(v, base, &q) && r >= INIC_RING_TX_STATS) {
        const Ring &ring = r >= INIC_RING_RX_STATS ? rings_[q].rx
                                                   : rings_[q].tx;
        cnt = &ring.stats[(r & 0x3f) / 8];
    }
    if (cnt) {
        return counter_part(*cnt, off, size);
    }
    if (size == 8) {
        return vf_read32(v, off) | ((uint64_t)vf_read32(v, off + 4) << 32);
    }
    return vf_read32(v, off);
}

void Core::vf_mmio_write(unsigned v, uint64_t off, uint64_t val,
                         unsigned size)
{
    if (v >= num_vfs_ || refuse_reentry(vf_owner(v), off)) {
        return;
    }
    Busy busy(*this);
    if (bad_access(off, size)) {
        error_fn(vf_owner(v), INIC_ERR_BAD_REG, (uint32_t)off);
        return;
    }
    uint64_t base = off & ~7ull;
    uint32_t r = base & 0xff;
    unsigned q;
    if ((base >= INIC_PORT_BASE(0) + INIC_PORT_STATS &&
         base < INIC_PORT_BASE(0) + INIC_PORT_STAT(INIC_PSTAT__COUNT)) ||
        (vf_ring_index(v, base, &q) && r >= INIC_RING_TX_STATS)) {
        return;     /* counters are read-only */
    }
    vf_write32(v, off, (uint32_t)val);
    if (size == 8) {
        vf_write32(v, off + 4, (uint32_t)(val >> 32));
    }
}

uint32_t Core::vf_read32(unsigned v, uint64_t off)
{
    Vf &vf = vfs_[v];
    unsigned q;

    if (off < 0x1000) {
        return vf_global_read(v, (uint32_t)off);
    }
    if (off >= INIC_PORT_BASE(0) && off < INIC_PORT_BASE(1)) {
        return vf_port_read(v, off & 0xff);
    }
    if (off >= INIC_MBOX_BASE && off < INIC_MBOX_BASE + INIC_MBOX_VF_CTRL) {
        uint32_t r = (uint32_t)(off - INIC_MBOX_BASE);
        return r < INIC_MBOX_REPLY ? vf.req_buf[r / 4]
                                   : vf.reply[(r - INIC_MBOX_REPLY) / 4];
    }
    if (off == INIC_MBOX_BASE + INIC_MBOX_VF_CTRL) {
        return (vf.req_pending ? INIC_MBOX_VF_CTRL_REQ : 0) |
               (vf.req_acked ? INIC_MBOX_VF_CTRL_ACK : 0) |
               (vf.reply_pending ? INIC_MBOX_VF_CTRL_REPLY : 0) |
               (vf.refused ? INIC_MBOX_VF_CTRL_REFUSED : 0);
    }
    if (vf_ring_index(v, off, &q) && (off & 0xff) < INIC_RING_TX_STATS) {
        uint32_t r = off & 0xff;
        return ring_read(q, r >= INIC_RING_RX, r & 0x3f);
    }
    if (off >= INIC_MBOX_BASE && off < INIC_MBOX_BASE + 0x1000) {
        vf.mbox_errors++;
    }
    error_fn(vf_owner(v), INIC_ERR_BAD_REG, (uint32_t)off);
    return 0;
}

void Core::vf_write32(unsigned v, uint64_t off, uint32_t val)
{
    unsigned q;

    if (off < 0x1000) {
        vf_global_write(v, (uint32_t)off, val);
        return;
    }
    if (off >= INIC_PORT_BASE(0) && off < INIC_PORT_BASE(1)) {
        vf_port_write(v, off & 0xff, val);
        return;
    }
    if (off >= INIC_MBOX_BASE && off <= INIC_MBOX_BASE + INIC_MBOX_VF_CTRL) {
        vf_mbox_write(v, (uint32_t)(off - INIC_MBOX_BASE), val);
        return;
    }
    if (vf_ring_index(v, off, &q) && (off & 0xff) < INIC_RING_TX_STATS) {
        uint32_t r = off & 0xff;
        ring_write(q, r >= INIC_RING_RX, r & 0x3f, val);
        return;
    }
    if (off >= INIC_MBOX_BASE && off < INIC_MBOX_BASE + 0x1000) {
        vfs_[v].mbox_errors++;
    }
    error_fn(vf_owner(v), INIC_ERR_BAD_REG, (uint32_t)off);
}

uint32_t Core::vf_global_read(unsigned v, uint32_t off)
{
    const Vf &vf = vfs_[v];

    switch (off) {
    case INIC_REG_CAPS:
        return INIC_CAP_INT_ARM | INIC_CAP_RING_STATS | INIC_CAP_TX_CSUM |
               INIC_CAP_RX_CSUM | INIC_CAP_TSO | INIC_CAP_VLAN |
               INIC_CAP_ITR | (vf.ring_count > 1 ? INIC_CAP_MQ : 0);
    case INIC_REG_FUNC:
        return INIC_FUNC_VF | INIC_FUNC_VF_INDEX(v);
    case INIC_REG_NUM_PORTS:
        return 1;
    case INIC_REG_NUM_RINGS:
    case INIC_REG_RINGS_PER_PORT:
        return vf.ring_count;
    case INIC_REG_NUM_VECTORS:
        return INIC_VF_VECTORS;
    case INIC_REG_RSS_KEY_SIZE:
    case INIC_REG_RSS_RETA_SIZE:
    case INIC_REG_UC_FILTERS:
    case INIC_REG_TOTAL_VFS:
    case INIC_REG_NUM_VFS:
    case INIC_REG_VF_RING_POOL:
    case INIC_REG_MBOX_PENDING:
    case INIC_REG_VF_EVENTS:
        return 0;   /* PF features: none on a VF */
    default:
        return func_read(vf_owner(v), off);
    }
}

void Core::vf_global_write(unsigned v, uint32_t off, uint32_t val)
{
    switch (off) {
    case INIC_REG_CTRL:
        if (val & INIC_CTRL_RESET) {
            vf_reset(v, false, true);
        }
        return;
    default:
        /*
         * Read-only registers ignore writes; anything else is one bad
         * register (not probed through a read, which would count too).
         */
        if (func_write(vf_owner(v), off, val) || global_read_only(off) ||
            off == INIC_REG_MBOX_PENDING || off == INIC_REG_VF_EVENTS) {
            return;
        }
        error_fn(vf_owner(v), INIC_ERR_BAD_REG, off);
    }
}

uint32_t Core::vf_port_read(unsigned v, uint32_t off)
{
    const Vf &vf = vfs_[v];

    switch (off) {
    case INIC_PORT_STATUS:
        return v < vfs_enabled_ && vf_link(v) ? INIC_PORT_STATUS_LINK : 0;
    case INIC_PORT_SPEED:
        return ports_[vf.port].speed;
    case INIC_PORT_MAC_LO:
    case INIC_PORT_PERM_MAC_LO:
        return mac_lo(vf.mac);
    case INIC_PORT_MAC_HI:
    case INIC_PORT_PERM_MAC_HI:
        return mac_hi(vf.mac);
    default:
        return port_cfg_read(vf_owner(v), 0, vf.ep, off);
    }
}

void Core::vf_port_write(unsigned v, uint32_t off, uint32_t val)
{
    Vf &vf = vfs_[v];

    switch (off) {
    case INIC_PORT_STATUS:
    case INIC_PORT_SPEED:
    case INIC_PORT_MAC_LO:
    case INIC_PORT_MAC_HI:
    case INIC_PORT_LINK_EVENTS:
    case INIC_PORT_PERM_MAC_LO:
    case INIC_PORT_PERM_MAC_HI:
        return;     /* read-only for a VF: the PF sets its MAC */
    default:
        if (port_cfg_write(vf_owner(v), 0, vf.ep, off, val, vf.ring_count) &&
            off == INIC_PORT_CTRL) {
            vf_grant_ctrl(v);
            cb_.schedule_tx(cb_.opaque);
        }
    }
}

} /* namespace inic */
