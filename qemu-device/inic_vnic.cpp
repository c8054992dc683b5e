/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * inic device model: VNICs (1.8). The VNIC table block; a VNIC is an
 * endpoint of the embedded switch served by a group of the PF's ring
 * pairs (its own MAC/VLAN filter, RSS over its rings, shaper, counters).
 * A mirror VNIC receives a copy of every frame another endpoint (a PF
 * port, a VF or a VNIC) sends and receives; copies never wait.
 *
 * The switch's decision for VNICs is in sw_dests (inic_eswitch.cpp), the
 * TX side in tx_one (inic_tx.cpp); this file has the table, the lookups
 * sw_dests uses and the delivery to a VNIC's rings.
 */
#include "inic_core.h"
#include "inic_core_int.h"

#include <algorithm>
#include <cstring>

namespace inic {

/* ---- VNIC table block ---- */

static bool mac_zero(const uint8_t *m)
{
    return !(m[0] | m[1] | m[2] | m[3] | m[4] | m[5]);
}

void Core::vnic_reset(bool full)
{
    for (unsigned n = 0; n < INIC_MAX_VNICS; n++) {
        if (vnics_[n].enabled()) {
            vnic_unbind(n);
        }
        Vnic &vn = vnics_[n];
        if (vn.shaper_timer) {
            vn.shaper_timer = false;
            timer_del({ TimerId::VnicShaper, n });
        }
        std::array<uint64_t, INIC_VNSTAT__COUNT> keep = vn.stats;
        const uint32_t gen = vn.gen;
        vn = Vnic();
        vn.gen = gen;
        if (!full) {
            vn.stats = keep;
        }
    }
    vnic_on_ = 0;
    mirrors_ = 0;
}

/* Why VNIC n may not be enabled as configured (INIC_VNIC_REF_*), or 0. */
unsigned Core::vnic_check(unsigned n) const
{
    const Vnic &vn = vnics_[n];

    if (vn.port >= num_ports_) {
        return INIC_VNIC_REF_PORT;
    }
    if (!vn.ring_count || vn.ring_count > INIC_VNIC_MAX_RINGS ||
        vn.ring_base >= num_rings_ ||
        vn.ring_count > num_rings_ - vn.ring_base) {
        return INIC_VNIC_REF_RINGS;
    }
    for (unsigned q = vn.ring_base; q < vn.ring_base + vn.ring_count; q++) {
        if (rings_[q].vnic >= 0) {
            return INIC_VNIC_REF_OVERLAP;
        }
    }
    if (vn.is_mirror()) {
        const unsigned kind = (vn.mirror & INIC_VNIC_MIR_KIND_MASK) >>
                              INIC_VNIC_MIR_KIND_SHIFT;
        const unsigned i = vn.mirror & INIC_VNIC_MIR_INDEX_MASK;
        const bool ok = (kind == INIC_VNIC_MIR_PF && i < num_ports_) ||
                        (kind == INIC_VNIC_MIR_VF && i < num_vfs_) ||
                        (kind == INIC_VNIC_MIR_VNIC && i < INIC_MAX_VNICS &&
                         i != n && !vnics_[i].is_mirror());
        return ok ? 0 : INIC_VNIC_REF_MIRROR;
    }
    if (mac_zero(vn.mac) || (vn.mac[0] & 1)) {
        return INIC_VNIC_REF_MAC;
    }
    if (!memcmp(vn.mac, pf_eps_[vn.port].mac, 6)) {
        return INIC_VNIC_REF_DUP_MAC;
    }
    for (unsigned m = 0; m < INIC_MAX_VNICS; m++) {
        const Vnic &o = vnics_[m];
        if (m != n && o.enabled() && !o.is_mirror() && o.port == vn.port &&
            !memcmp(o.mac, vn.mac, 6) &&
            (!o.pvid() || !vn.pvid() || o.pvid() == vn.pvid())) {
            return INIC_VNIC_REF_DUP_MAC;
        }
    }
    for (unsigned v = 0; v < vfs_enabled_; v++) {
        if (vfs_[v].port == vn.port && !memcmp(vfs_[v].mac, vn.mac, 6)) {
            return INIC_VNIC_REF_DUP_MAC;
        }
    }
    return 0;
}

/* Put enabled VNIC n in the switch: its rings, RSS spread, shaper. */
void Core::vnic_bind(unsigned n)
{
    Vnic &vn = vnics_[n];

    for (unsigned q = vn.ring_base; q < vn.ring_base + vn.ring_count; q++) {
        rings_[q].vnic = (int)n;
    }
    vn.ep.ctrl = INIC_PORT_CTRL_RX_EN | INIC_PORT_CTRL_TX_EN;
    vn.ep.rx_ring = 0;
    memcpy(vn.ep.rss_key.data(), default_rss_key, INIC_RSS_KEY_SIZE);
    for (unsigned i = 0; i < INIC_RSS_RETA_SIZE; i++) {
        vn.ep.reta[i] = (uint8_t)(i % vn.ring_count);
    }
    memcpy(vn.ep.mac, vn.mac, 6);
    vn.tokens = 0;
    vn.last_ns = cb_.clock_ns ? cb_.clock_ns(cb_.opaque) : 0;
    vn.gen++;
    vnic_on_ |= 1ull << n;
    if (vn.is_mirror()) {
        mirrors_ |= 1ull << n;
    }
}

/*
 * Take VNIC n out of the switch. Its rings are the PF's again (their
 * registers untouched); a TSO frame paused on one of them is abandoned,
 * as when a ring is disabled.
 */
void Core::vnic_unbind(unsigned n)
{
    Vnic &vn = vnics_[n];

    for (unsigned q = vn.ring_base; q < vn.ring_base + vn.ring_count &&
                                    q < num_rings_; q++) {
        if (rings_[q].vnic != (int)n) {
            continue;
        }
        rings_[q].vnic = -1;
        if (tso_pause_.active && tso_pause_.q == q) {
            tso_pause_.active = false;
            rings_[q].tx.tso_paused = false;
        }
    }
    vn.ctrl &= ~INIC_VNIC_CTRL_ENABLE;
    vn.ep.ctrl = 0;
    vnic_on_ &= ~(1ull << n);
    mirrors_ &= ~(1ull << n);
    if (vn.shaper_timer) {
        vn.shaper_timer = false;
        timer_del({ TimerId::VnicShaper, n });
    }
}

void Core::vnic_ctrl_write(unsigned n, uint32_t val)
{
    Vnic &vn = vnics_[n];
    const uint32_t off = INIC_VNIC_BASE(n) + INIC_VNIC_CTRL;

    if (val & ~INIC_VNIC_CTRL_ALL) {
        error(INIC_ERR_BAD_VALUE, off);
        return;
    }
    if (!(val & INIC_VNIC_CTRL_ENABLE)) {
        if (vn.enabled()) {
            vnic_unbind(n);
        }
        vn.ctrl = val;
        return;
    }
    if (vn.enabled()) {
        if (val != vn.ctrl) {
            error(INIC_ERR_BAD_VALUE, off);     /* MIRROR while enabled */
        }
        return;
    }
    vn.ctrl = val & ~INIC_VNIC_CTRL_ENABLE;
    vn.refused = vnic_check(n);
    if (vn.refused) {
        error(INIC_ERR_BAD_VALUE, off);
        return;
    }
    vn.ctrl = val;
    vnic_bind(n);
}

bool Core::vnic_blk_read(unsigned n, uint32_t off, uint32_t *val)
{
    const Vnic &vn = vnics_[n];

    switch (off) {
    case INIC_VNIC_CTRL:
        *val = vn.ctrl;
        return true;
    case INIC_VNIC_PORT:
        *val = vn.port;
        return true;
    case INIC_VNIC_MAC_LO:
        *val = mac_lo(vn.mac);
        return true;
    case INIC_VNIC_MAC_HI:
        *val = mac_hi(vn.mac);
        return true;
    case INIC_VNIC_VLAN:
        *val = vn.vlan;
        return true;
    case INIC_VNIC_RING_BASE:
        *val = vn.ring_base;
        return true;
    case INIC_VNIC_RING_COUNT:
        *val = vn.ring_count;
        return true;
    case INIC_VNIC_RATE:
        *val = vn.rate;
        return true;
    case INIC_VNIC_BURST:
        *val = vn.burst;
        return true;
    case INIC_VNIC_MIRROR:
        *val = vn.mirror;
        return true;
    case INIC_VNIC_OFFLOAD:
        *val = vn.ep.offload;
        return true;
    case INIC_VNIC_MTU:
        *val = vn.ep.mtu;
        return true;
    case INIC_VNIC_RSS_CTRL:
        *val = vn.ep.rss_ctrl;
        return true;
    case INIC_VNIC_STATUS:
        *val = (vn.enabled() ? INIC_VNIC_STATUS_ENABLED : 0) |
               (vn.port < num_ports_ && ports_[vn.port].link_up ?
                INIC_VNIC_STATUS_LINK : 0) |
               (vn.refused << INIC_VNIC_STATUS_REFUSED_SHIFT);
        return true;
    default:
        if (off >= INIC_VNIC_STATS &&
            off < INIC_VNIC_STAT(INIC_VNSTAT__COUNT)) {
            uint64_t v = vn.stats[(off - INIC_VNIC_STATS) / 8];
            *val = (off & 4) ? (uint32_t)(v >> 32) : (uint32_t)v;
            return true;
        }
        return false;
    }
}

/*
 * Configuration registers take a write only while ENABLE is clear (else
 * BAD_VALUE, ignored); RATE and BURST at any time. Values out of range
 * are refused (BAD_VALUE, the register keeps its value).
 */
bool Core::vnic_blk_write(unsigned n, uint32_t off, uint32_t val)
{
    Vnic &vn = vnics_[n];
    const uint32_t reg = INIC_VNIC_BASE(n) + off;

    switch (off) {
    case INIC_VNIC_CTRL:
        vnic_ctrl_write(n, val);
        return true;
    case INIC_VNIC_RATE:
        vn.rate = val;
        return true;
    case INIC_VNIC_BURST:
        vn.burst = val;
        return true;
    case INIC_VNIC_STATUS:
        return false;
    default:
        break;
    }
    if (off >= INIC_VNIC_STATS) {
        return false;           /* counters are read-only */
    }
    if (vn.enabled()) {
        error(INIC_ERR_BAD_VALUE, reg);
        return true;
    }
    bool ok = true;
    switch (off) {
    case INIC_VNIC_PORT:
        vn.port = val;          /* checked by ENABLE */
        break;
    case INIC_VNIC_MAC_LO:
        st32_bytes(vn.mac, val);
        break;
    case INIC_VNIC_MAC_HI:
        ok = !(val >> 16);
        if (ok) {
            vn.mac[4] = (uint8_t)val;
            vn.mac[5] = (uint8_t)(val >> 8);
        }
        break;
    case INIC_VNIC_VLAN:
        ok = !(val & ~(INIC_VF_VLAN_VID_MASK | INIC_VF_VLAN_PCP_MASK)) &&
             (val & INIC_VF_VLAN_VID_MASK) != INIC_VF_VLAN_VID_MASK;
        if (ok) {
            vn.vlan = val;
        }
        break;
    case INIC_VNIC_RING_BASE:
        vn.ring_base = val;     /* checked by ENABLE */
        break;
    case INIC_VNIC_RING_COUNT:
        ok = val >= 1 && val <= INIC_VNIC_MAX_RINGS;
        if (ok) {
            vn.ring_count = val;
        }
        break;
    case INIC_VNIC_MIRROR:
        ok = !(val & ~(INIC_VNIC_MIR_KIND_MASK | INIC_VNIC_MIR_INDEX_MASK)) &&
             ((val & INIC_VNIC_MIR_KIND_MASK) >> INIC_VNIC_MIR_KIND_SHIFT) <=
                 INIC_VNIC_MIR_VNIC;
        if (ok) {
            vn.mirror = val;
        }
        break;
    case INIC_VNIC_OFFLOAD:
        ok = !(val & ~INIC_PORT_OFFLOAD_ALL);
        if (ok) {
            vn.ep.offload = val;
        }
        break;
    case INIC_VNIC_MTU:
        ok = val >= INIC_MIN_MTU && val <= INIC_MAX_MTU;
        if (ok) {
            vn.ep.mtu = val;
        }
        break;
    case INIC_VNIC_RSS_CTRL:
        ok = !(val & ~(INIC_RSS_ENABLE | INIC_RSS_HASH_ALL));
        if (ok) {
            vn.ep.rss_ctrl = val;
        }
        break;
    default:
        return false;
    }
    if (!ok) {
        error(INIC_ERR_BAD_VALUE, reg);
    }
    return true;
}

bool Core::vnic_counter(uint64_t off, uint64_t *val)
{
    const unsigned n = (unsigned)((off - INIC_VNIC_BASE(0)) / 0x80);
    const uint32_t r = (uint32_t)((off - INIC_VNIC_BASE(0)) % 0x80);

    if (n >= INIC_MAX_VNICS || r < INIC_VNIC_STATS ||
        r >= INIC_VNIC_STAT(INIC_VNSTAT__COUNT)) {
        return false;
    }
    *val = vnics_[n].stats[(r - INIC_VNIC_STATS) / 8];
    return true;
}

/* ---- The switch's view of VNICs ---- */

static bool vnic_vlan_member(const Vnic &vn, int vid)
{
    return !vn.pvid() || vid == (int)vn.pvid();
}

/* Is an enabled VNIC (mirrors aside) on port p? */
bool Core::vnic_any_on(unsigned p) const
{
    for (uint64_t m = vnic_on_ & ~mirrors_; m; m &= m - 1) {
        if (vnics_[__builtin_ctzll(m)].port == p) {
            return true;
        }
    }
    return false;
}

/* The enabled VNIC on port p owning unicast dst in VLAN vid (not skip). */
int Core::vnic_lookup(unsigned p, const uint8_t *dst, int vid, int skip) const
{
    for (uint64_t m = vnic_on_ & ~mirrors_; m; m &= m - 1) {
        const int n = __builtin_ctzll(m);
        const Vnic &vn = vnics_[n];
        if (n != skip && vn.port == p && !memcmp(vn.mac, dst, 6) &&
            vnic_vlan_member(vn, vid)) {
            return n;
        }
    }
    return -1;
}

/* The enabled VNICs of port p in VLAN vid, but skip. */
uint64_t Core::vnics_in(unsigned p, int vid, int skip) const
{
    uint64_t set = 0;

    for (uint64_t m = vnic_on_ & ~mirrors_; m; m &= m - 1) {
        const int n = __builtin_ctzll(m);
        if (n != skip && vnics_[n].port == p &&
            vnic_vlan_member(vnics_[n], vid)) {
            set |= 1ull << n;
        }
    }
    return set;
}

/*
 * Deliver frame c to VNIC n (the switch chose it). Never held, like a VF:
 * a VNIC without buffers drops and counts, it cannot stall the port.
 */
void Core::rx_vnic(unsigned n, const RxCtx &c)
{
    Vnic &vn = vnics_[n];
    Endpoint &ep = vn.ep;
    const uint8_t *data = c.buf;
    size_t dlen = c.len;

    if (!vn.enabled() || vn.is_mirror()) {
        return;
    }
    /* Its VLAN: the tag is removed, transparently (no STA_VLAN). */
    if (vn.pvid() && frame_vid(data, dlen) == (int)vn.pvid()) {
        data = vlan_pop(data, dlen, vnic_frame_);
        dlen -= 4;
    }
    const size_t wire_len = dlen;
    PktInfo pi;
    parse_frame(data, dlen, &pi);
    uint32_t hash;
    unsigned htype;
    const unsigned q = vn.ring_base + rx_select(ep, data, pi, &hash, &htype);
    Ring &r = rings_[q].rx;
    if (!ports_[vn.port].link_up || !bus_master() || !r.enabled) {
        vn.stats[INIC_VNSTAT_RX_DROPS]++;
        r.stats[INIC_RSTAT_DROP_NODESC]++;
        return;
    }
    if (dlen < 14 || dlen > max_frame(ep.mtu, data, dlen)) {
        vn.stats[INIC_VNSTAT_RX_DROPS]++;
        r.stats[INIC_RSTAT_ERRORS]++;
        return;
    }
    uint16_t ptype, tci = 0;
    uint16_t meta = rx_meta(ep, data, pi, htype, &ptype);
    if (pi.vlan && (ep.offload & INIC_PORT_OFFLOAD_VLAN_STRIP)) {
        data = vlan_pop(data, dlen, rx_frame_);
        dlen -= 4;
        meta |= INIC_RXD_STA_VLAN;
        tci = pi.vlan_tci;
    }
    switch (rx_write(q, data, dlen, wire_len, meta, tci, hash, ptype, false,
                     c)) {
    case RxRes::Ok:
        vn.stats[INIC_VNSTAT_RX_PKTS]++;
        vn.stats[INIC_VNSTAT_RX_BYTES] += wire_len;
        break;
    default:
        vn.stats[INIC_VNSTAT_RX_DROPS]++;
        if (c.local) {
            sw_stats_[INIC_SWSTAT_DROPS]++;
        }
        break;
    }
}

/* ---- Mirror VNICs ---- */

/*
 * A frame endpoint (kind, index) sent or received: a copy to every mirror
 * VNIC of it. Copies are never held and never mirrored again.
 */
void Core::mirror(unsigned kind, unsigned index, const uint8_t *buf,
                  size_t len)
{
    const uint32_t src = INIC_VNIC_MIR(kind, index);

    for (uint64_t m = mirrors_; m; m &= m - 1) {
        const unsigned n = (unsigned)__builtin_ctzll(m);
        if (vnics_[n].mirror == src) {
            rx_mirror(n, buf, len);
        }
    }
}

/*
 * A mirror copy to VNIC m's rings, as the frame is on the switch (tags
 * kept). One it cannot take (ring off or full, no bus mastering, longer
 * than its MTU allows) is dropped and counted in MIRROR_DROPS. 1.9: from,
 * a classifier rule's copy (any enabled VNIC), carries the rule's mark.
 */
void Core::rx_mirror(unsigned m, const uint8_t *buf, size_t len,
                     const RxCtx *from)
{
    Vnic &vn = vnics_[m];
    Endpoint &ep = vn.ep;

    if (len < 14) {
        return;
    }
    PktInfo pi;
    parse_frame(buf, len, &pi);
    uint32_t hash;
    unsigned htype;
    const unsigned q = vn.ring_base + rx_select(ep, buf, pi, &hash, &htype);
    Ring &r = rings_[q].rx;
    RxCtx mc;
    mc.buf = buf;
    mc.len = len;
    mc.port = vn.port;
    mc.local = true;
    if (from) {
        mc.mark = from->mark;
        mc.mark_val = from->mark_val;
    }
    RxRes res = RxRes::NoDesc;
    if (bus_master() && r.enabled && len <= max_frame(ep.mtu, buf, len)) {
        uint16_t ptype;
        uint16_t meta = rx_meta(ep, buf, pi, htype, &ptype);
        res = rx_write(q, buf, len, len, meta, 0, hash, ptype, false, mc);
    } else {
        r.stats[INIC_RSTAT_DROP_NODESC]++;
    }
    if (res == RxRes::Ok) {
        vn.stats[INIC_VNSTAT_RX_PKTS]++;
        vn.stats[INIC_VNSTAT_RX_BYTES] += len;
    } else {
        vn.stats[INIC_VNSTAT_MIRROR_DROPS]++;
        vn.stats[INIC_VNSTAT_RX_DROPS]++;
    }
}

} /* namespace inic */
