/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * inic device model: SR-IOV (1.2). The VF table block (PF-set policy per
 * VF), ring assignment from the VF ring pool, VF state (enable, FLR, VF
 * reset), the link a VF sees and the VF events the PF is told about.
 */
#include "inic_core.h"
#include "inic_core_int.h"

#include <algorithm>
#include <cstring>

namespace inic {

bool Core::vf_link(unsigned v) const
{
    const Vf &vf = vfs_[v];

    switch ((vf.ctrl & INIC_VF_CTRL_LINK_MASK) >> INIC_VF_CTRL_LINK_SHIFT) {
    case INIC_VF_LINK_ENABLE:
        return true;
    case INIC_VF_LINK_DISABLE:
        return false;
    default:
        /* LAG (1.4): a following VF sees the group's link. */
        return lag_.follows(vf_owner(v), vf.port) ? lag_.up()
                                            : ports_[vf.port].link_up;
    }
}

/* The link the VF sees changed: VF link event (misc LINK). */
void Core::vf_link_update(unsigned v)
{
    Vf &vf = vfs_[v];
    bool up = vf_link(v);

    if (up != vf.link_seen) {
        vf.link_seen = up;
        vf.ep.link_events++;
        raise_misc_fn(vf_owner(v), INIC_MISC_LINK);
    }
}

/* Something the PF should look at happened to VF v. */
void Core::vf_event(unsigned v)
{
    uint64_t bit = 1ull << v;

    if (!(vf_events_ & bit)) {
        vf_events_ |= bit;
        raise_misc(INIC_MISC_MBOX);
    }
}

/* ---- VF table and VF state (1.2) ---- */

void Core::vf_table_reset(unsigned v)
{
    Vf &vf = vfs_[v];

    vf.ctrl = 0;
    memset(vf.mac, 0, 6);
    vf.vlan = 0;
    vf.port = 0;
    vf.rate = 0;
    vf.burst = 0;
    vf.mc_hash = 0;
    vf.tokens = (int64_t)DEFAULT_BURST * 8000;
    vf.last_ns = cb_.clock_ns ? cb_.clock_ns(cb_.opaque) : 0;
    /*
     * Default rings: INIC_VF_MAX_RINGS apart, min(queues, 4) each. The
     * caller has released every pool ring, so this cannot be refused.
     */
    vf_assign_rings(v, v * INIC_VF_MAX_RINGS,
                    std::min<unsigned>(queues_, 4));
}

/*
 * Give VF v pool rings [base, base + count). Refused (false) if out of the
 * pool, overlapping another VF, or if the VF has an enabled ring.
 */
bool Core::vf_assign_rings(unsigned v, uint32_t base, uint32_t count)
{
    Vf &vf = vfs_[v];

    if (count > INIC_VF_MAX_RINGS || base > pool_ || count > pool_ - base) {
        return false;
    }
    for (unsigned w = 0; w < num_vfs_; w++) {
        const Vf &o = vfs_[w];
        if (w != v && count && o.ring_count && base < o.ring_base + o.ring_count &&
            o.ring_base < base + count) {
            return false;
        }
    }
    for (unsigned i = 0; i < vf.ring_count; i++) {
        const RingPair &rp = rings_[num_rings_ + vf.ring_base + i];
        if (rp.tx.enabled || rp.rx.enabled) {
            return false;
        }
    }
    for (unsigned i = 0; i < vf.ring_count; i++) {
        unsigned q = num_rings_ + vf.ring_base + i;
        itr_stop(rings_[q].tx, q, false);
        itr_stop(rings_[q].rx, q, true);
        rings_[q].tx.reset_regs();
        rings_[q].rx.reset_regs();
        rings_[q].owner = OWNER_NONE;
    }
    vf.ring_base = base;
    vf.ring_count = count;
    for (unsigned i = 0; i < count; i++) {
        RingPair &rp = rings_[num_rings_ + base + i];
        rp.tx.reset_regs();
        rp.rx.reset_regs();
        rp.tx.stats.fill(0);
        rp.rx.stats.fill(0);
        rp.owner = vf_owner(v);
    }
    if (vf.ep.rx_ring >= count) {
        vf.ep.rx_ring = 0;
    }
    return true;
}

/*
 * VF function state back to defaults: rings, its port registers,
 * interrupts, mailbox, shaper. flr: a Function Level Reset (counted; the
 * VF's error and ring counters are cleared as by a PCI reset). The PF-set
 * policy (VF table) and other functions are untouched.
 */
void Core::vf_reset(unsigned v, bool flr, bool event)
{
    Vf &vf = vfs_[v];

    for (unsigned i = 0; i < vf.ring_count; i++) {
        unsigned q = num_rings_ + vf.ring_base + i;
        itr_stop(rings_[q].tx, q, false);
        itr_stop(rings_[q].rx, q, true);
        rings_[q].tx.reset_regs();
        rings_[q].rx.reset_regs();
        if (flr) {
            rings_[q].tx.stats.fill(0);
            rings_[q].rx.stats.fill(0);
        }
    }
    Endpoint &vp = vf.ep;
    vp.ctrl = 0;
    vp.mtu = 1500;
    vp.rx_ring = 0;
    vp.offload = 0;
    vf.fn.reset_regs();
    if (flr) {
        /* What the VF itself sees counted; the VF table's STATS stay. */
        vf.fn.reset_errors();
        vp.stats.fill(0);
        vp.link_events = 0;
        vf.flr_count++;
    }
    vf.req_buf.fill(0);
    vf.req.fill(0);
    vf.reply_buf.fill(0);
    vf.reply.fill(0);
    vf.req_pending = vf.req_acked = vf.reply_pending = vf.refused = false;
    mbox_pending_ &= ~(1ull << v);
    if (vf.shaper_timer) {
        vf.shaper_timer = false;
        timer_del({ TimerId::Shaper, v });
    }
    vf.tokens = (int64_t)(vf.burst ? vf.burst : DEFAULT_BURST) * 8000;
    vf.last_ns = cb_.clock_ns ? cb_.clock_ns(cb_.opaque) : 0;
    vf.link_seen = v < vfs_enabled_ && vf_link(v);
    if (event) {
        vf_event(v);    /* FLR or the VF's own reset: tell the PF */
    }
}

void Core::vf_flr(unsigned v)
{
    if (v < num_vfs_ && busy_) {
        defer_flr_ |= 1ull << v;    /* after the frame or access in flight */
        return;
    }
    Busy busy(*this);
    if (v < num_vfs_) {
        vf_reset(v, true, true);
    }
}

void Core::set_num_vfs(unsigned n)
{
    if (busy_) {
        defer_num_vfs_ = (int)std::min(n, num_vfs_);
        return;
    }
    Busy busy(*this);
    n = std::min(n, num_vfs_);
    if (n == vfs_enabled_) {
        return;
    }
    unsigned old = vfs_enabled_;
    vfs_enabled_ = n;
    /* VFs that appear or disappear start from their reset state. */
    for (unsigned v = std::min(old, n); v < std::max(old, n); v++) {
        vfs_[v].enabled = v < n;
        vf_reset(v, false, false);
    }
    cb_.schedule_tx(cb_.opaque);
}

/* PROMISC and ALLMULTI of a VF need TRUST: drop what is not granted. */
void Core::vf_grant_ctrl(unsigned v)
{
    Vf &vf = vfs_[v];
    const uint32_t priv = INIC_PORT_CTRL_PROMISC | INIC_PORT_CTRL_ALLMULTI;

    if ((vf.ep.ctrl & priv) && !(vf.ctrl & INIC_VF_CTRL_TRUST)) {
        vf.ep.ctrl &= ~priv;
        vf.refused_count++;
        vf_event(v);
    }
}

bool Core::vf_table_blk_read(unsigned v, uint32_t off, uint32_t *val)
{
    *val = vf_table_read(v, off);
    return true;
}

bool Core::vf_table_blk_write(unsigned v, uint32_t off, uint32_t val)
{
    vf_table_write(v, off, val);
    return true;
}

uint32_t Core::vf_table_read(unsigned v, uint32_t off)
{
    const Vf &vf = vfs_[v];

    switch (off) {
    case INIC_VF_CTRL:
        return vf.ctrl;
    case INIC_VF_MAC_LO:
        return mac_lo(vf.mac);
    case INIC_VF_MAC_HI:
        return mac_hi(vf.mac);
    case INIC_VF_VLAN:
        return vf.vlan;
    case INIC_VF_PORT:
        return vf.port;
    case INIC_VF_RING_BASE:
        return vf.ring_base;
    case INIC_VF_RING_COUNT:
        return vf.ring_count;
    case INIC_VF_RATE:
        return vf.rate;
    case INIC_VF_BURST:
        return vf.burst;
    case INIC_VF_STATUS: {
        bool on = v < vfs_enabled_;
        return (on ? INIC_VF_STATUS_ENABLED : 0) |
               (on && const_cast<Core *>(this)->bus_master_fn(vf_owner(v)) ?
                INIC_VF_STATUS_BUS_MASTER : 0) |
               (on && vf_link(v) ? INIC_VF_STATUS_LINK : 0) |
               ((vf.ep.ctrl & INIC_PORT_CTRL_RX_EN) ?
                INIC_VF_STATUS_RX_EN : 0) |
               ((vf.ep.ctrl & INIC_PORT_CTRL_PROMISC) ?
                INIC_VF_STATUS_PROMISC : 0) |
               ((vf.ep.ctrl & INIC_PORT_CTRL_ALLMULTI) ?
                INIC_VF_STATUS_ALLMULTI : 0);
    }
    case INIC_VF_FLR_COUNT:
        return vf.flr_count;
    case INIC_VF_MBOX_ERRORS:
        return vf.mbox_errors;
    case INIC_VF_MBOX_CTRL:
        return (vf.req_pending ? INIC_VF_MBOX_ACK : 0) |
               (vf.reply_pending ? INIC_VF_MBOX_REPLY : 0);
    case INIC_VF_MC_HASH_LO:
        return (uint32_t)vf.mc_hash;
    case INIC_VF_MC_HASH_HI:
        return (uint32_t)(vf.mc_hash >> 32);
    case INIC_VF_REFUSED:
        return vf.refused_count;
    default:
        error(INIC_ERR_BAD_REG, INIC_VF_BASE(v) + off);
        return 0;
    }
}

void Core::vf_table_write(unsigned v, uint32_t off, uint32_t val)
{
    Vf &vf = vfs_[v];

    switch (off) {
    case INIC_VF_CTRL:
        if (((val & INIC_VF_CTRL_LINK_MASK) >> INIC_VF_CTRL_LINK_SHIFT) >
            INIC_VF_LINK_DISABLE) {
            error(INIC_ERR_BAD_VALUE, INIC_VF_BASE(v) + off);
            return;
        }
        vf.ctrl = val & INIC_VF_CTRL_ALL;
        if (!(vf.ctrl & INIC_VF_CTRL_TRUST)) {
            /* Trust withdrawn: what it granted goes too (not counted). */
            vf.ep.ctrl &= ~(INIC_PORT_CTRL_PROMISC |
                               INIC_PORT_CTRL_ALLMULTI);
        }
        if (v < vfs_enabled_) {
            vf_link_update(v);
        }
        cb_.schedule_tx(cb_.opaque);
        return;
    case INIC_VF_MAC_LO:
        st32_bytes(vf.mac, val);
        return;
    case INIC_VF_MAC_HI:
        vf.mac[4] = (uint8_t)val;
        vf.mac[5] = (uint8_t)(val >> 8);
        return;
    case INIC_VF_VLAN:
        if (val & ~(INIC_VF_VLAN_VID_MASK | INIC_VF_VLAN_PCP_MASK) ||
            (val & INIC_VF_VLAN_VID_MASK) == INIC_VF_VLAN_VID_MASK) {
            error(INIC_ERR_BAD_VALUE, INIC_VF_BASE(v) + off);
            return;
        }
        vf.vlan = val;
        return;
    case INIC_VF_PORT:
        if (val >= num_ports_) {
            error(INIC_ERR_BAD_VALUE, INIC_VF_BASE(v) + off);
            return;
        }
        if (val != vf.port) {
            vf.port = val;
            if (v < vfs_enabled_) {
                vf_link_update(v);
            }
        }
        return;
    case INIC_VF_RING_BASE:
    case INIC_VF_RING_COUNT:
        if (!vf_assign_rings(v, off == INIC_VF_RING_BASE ? val : vf.ring_base,
                             off == INIC_VF_RING_COUNT ? val : vf.ring_count)) {
            error(INIC_ERR_BAD_VALUE, INIC_VF_BASE(v) + off);
        }
        return;
    case INIC_VF_RATE:
        if (val > 1000000) {
            error(INIC_ERR_BAD_VALUE, INIC_VF_BASE(v) + off);
            return;
        }
        vf.rate = val;
        vf.tokens = (int64_t)(vf.burst ? vf.burst : DEFAULT_BURST) * 8000;
        vf.last_ns = cb_.clock_ns ? cb_.clock_ns(cb_.opaque) : 0;
        cb_.schedule_tx(cb_.opaque);
        return;
    case INIC_VF_BURST:
        if (val > (16u << 20)) {
            error(INIC_ERR_BAD_VALUE, INIC_VF_BASE(v) + off);
            return;
        }
        vf.burst = val;
        vf.tokens = std::min<int64_t>(vf.tokens,
                                      (int64_t)(val ? val : DEFAULT_BURST) *
                                      8000);
        return;
    case INIC_VF_MBOX_CTRL:
        vf_mbox_ctrl_pf(v, val);
        return;
    case INIC_VF_MC_HASH_LO:
        vf.mc_hash = (vf.mc_hash & ~0xffffffffull) | val;
        return;
    case INIC_VF_MC_HASH_HI:
        vf.mc_hash = (vf.mc_hash & 0xffffffffull) | ((uint64_t)val << 32);
        return;
    case INIC_VF_STATUS:
    case INIC_VF_FLR_COUNT:
    case INIC_VF_MBOX_ERRORS:
    case INIC_VF_REFUSED:
        return;     /* read-only: ignored */
    default:
        error(INIC_ERR_BAD_REG, INIC_VF_BASE(v) + off);
    }
}

} /* namespace inic */
