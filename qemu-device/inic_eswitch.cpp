/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * inic device model: the embedded switch (1.2). Forwards between the
 * wire, the PF and the VFs of a port: VF lookup by (MAC, VLAN), the one
 * switching decision for both directions (sw_dests -> DestSet), its
 * delivery (sw_deliver), delivery to a VF with port-VLAN pop, and on
 * transmit the port-VLAN push, local copies and the wire.
 */
#include "inic_core.h"
#include "inic_core_int.h"

#include <algorithm>
#include <cstring>

namespace inic {

/* ---- Embedded switch (1.2) ---- */

bool Core::any_vf_on(unsigned p, bool grp) const
{
    for (unsigned v = 0; v < vfs_enabled_; v++) {
        if (vf_on(v, p, grp)) {
            return true;
        }
    }
    return false;
}

static bool mac_is_zero(const uint8_t *m)
{
    return !(m[0] | m[1] | m[2] | m[3] | m[4] | m[5]);
}

/*
 * The enabled VF on port p (grp: or following the group) that owns
 * unicast dst in VLAN vid, or -1.
 */
int Core::vf_lookup(unsigned p, const uint8_t *dst, int vid, unsigned skip,
                    bool grp) const
{
    for (unsigned v = 0; v < vfs_enabled_; v++) {
        const Vf &vf = vfs_[v];
        if (v != skip && vf_on(v, p, grp) && !mac_is_zero(vf.mac) &&
            !memcmp(vf.mac, dst, 6) && vf_vlan_member(vf, vid)) {
            return (int)v;
        }
    }
    return -1;
}

/*
 * The enabled VFs in the switch domain of port p (grp: the group's) and in
 * VLAN vid, but VF skip; promisc_only: only those granted PROMISC.
 */
uint64_t Core::vfs_in(unsigned p, bool grp, int vid, unsigned skip,
                      bool promisc_only) const
{
    uint64_t set = 0;

    for (unsigned w = 0; w < vfs_enabled_; w++) {
        if (w != skip && vf_on(w, p, grp) && vf_vlan_member(vfs_[w], vid) &&
            (!promisc_only || (vfs_[w].ep.ctrl & INIC_PORT_CTRL_PROMISC))) {
            set |= 1ull << w;
        }
    }
    return set;
}

/*
 * The switching decision for frame c on port c.port, from the wire
 * (from = FROM_WIRE) or sent by function from (c.local; a VF's frame with
 * its port VLAN tag). The one place it is made, for both directions:
 *
 * - LAG (1.4): a frame arriving on a member, or sent by a function that
 *   follows the group, is the group's: the PF takes it on lag_pf_port
 *   (the active port if the PF follows), the VFs are those vf_on says.
 * - Unicast to a VF's MAC in the frame's VLAN goes to that VF only (from
 *   the wire: only with link; never back to its sender).
 * - Other unicast from the wire goes to the PF and, with link, if the
 *   PF does not own it (station MAC, UC table), to every VF granted
 *   PROMISC: the PF's own unicast never leaks. From a VF, unicast the PF
 *   owns goes to the PF; everything else a function sends to the wire.
 * - Broadcast and multicast from the wire go to the PF and, with link,
 *   to every VF of the domain in the VLAN; from a function to every
 *   other function of the domain in the VLAN (the PF only if a VF sent
 *   it) and to the wire.
 * - Frames shorter than an Ethernet header: the PF (from the wire, where
 *   it counts the runt) or the wire.
 */
DestSet Core::sw_dests(unsigned from, const RxCtx &c) const
{
    const unsigned p = c.port;
    const uint8_t *f = c.buf;
    const bool wire = from == FROM_WIRE;
    const bool grp = wire ? lag_.member(p) : lag_.follows(from, p);
    const bool vf_src = !wire && from != OWNER_PF;
    const unsigned skip = vf_src ? vf_index(from) : ~0u;
    const int sv = wire ? -1 : c.src_vnic;      /* 1.6: sending VNIC */
    const bool fn_src = vf_src || sv >= 0;      /* not the PF itself */
    const bool link = wire && ports_[p].link_up;
    DestSet d;

    d.pf_port = lag_pf_port(p, grp);
    if (c.len < 14 ||
        (wire && !any_vf_on(p, grp) && !(vnic_on_ && vnic_any_on(p)))) {
        d.pf = wire;
        d.wire = !wire;
        return d;
    }
    const int vid = frame_vid(f, c.len);
    if (!(f[0] & 1)) {
        d.unicast = true;
        int n = vnic_on_ ? vnic_lookup(p, f, vid, sv) : -1;
        int v = n < 0 ? vf_lookup(p, f, vid, skip, grp) : -1;
        if (n >= 0) {
            d.vnics = !wire || link ? 1ull << n : 0;
        } else if (v >= 0) {
            d.vfs = !wire || link ? 1ull << v : 0;
        } else if (wire) {
            d.pf = true;
            if (link && !pf_owns_unicast(d.pf_port, f)) {
                d.vfs = vfs_in(p, grp, vid, ~0u, true);
            }
        } else if (fn_src && pf_owns_unicast(d.pf_port, f)) {
            d.pf = true;
        } else {
            d.wire = true;
        }
        return d;
    }
    d.pf = wire || fn_src;
    d.wire = !wire;
    if (!wire || link) {
        d.vfs = vfs_in(p, grp, vid, skip, false);
        d.vnics = vnic_on_ ? vnics_in(p, vid, sv) : 0;
    }
    return d;
}

/*
 * Deliver frame c where the switch decided (d): the PF first, then the
 * VFs in order. A frame from the wire that the PF's ring holds (rx_pf
 * returns 0: the backend offers it again) reaches no VF now: they get it
 * with the PF when it comes back. A function's frame (c.local) is never
 * held; each local copy counts in the switch's COPIES and is a unit of
 * the TX run's work (a switched unicast one unit even to the wire).
 * Returns what receive() returns: 0 held, else the length.
 */
size_t Core::sw_deliver(const RxCtx &c, const DestSet &d)
{
    if (c.local) {
        const unsigned copies = (d.pf ? 1 : 0) +
                                (unsigned)__builtin_popcountll(d.vfs) +
                                (unsigned)__builtin_popcountll(d.vnics);
        work_ -= d.unicast ? 1 : copies;
        sw_stats_[INIC_SWSTAT_COPIES] += copies;
    }
    if (d.pf && !rx_pf(d.pf_port, c)) {
        return 0;
    }
    /* 1.6: mirror copies of what each endpoint receives. */
    if (d.pf && mirrors_) {
        mirror(INIC_VNIC_MIR_PF, d.pf_port, c.buf, c.len);
    }
    for (uint64_t m = d.vfs; m; m &= m - 1) {
        const unsigned v = (unsigned)__builtin_ctzll(m);
        rx_vf(v, c);
        if (mirrors_) {
            mirror(INIC_VNIC_MIR_VF, v, c.buf, c.len);
        }
    }
    for (uint64_t m = d.vnics; m; m &= m - 1) {
        const unsigned n = (unsigned)__builtin_ctzll(m);
        rx_vnic(n, c);
        if (mirrors_) {
            mirror(INIC_VNIC_MIR_VNIC, n, c.buf, c.len);
        }
    }
    return c.len;
}

/* A frame from the wire the classifier left to the switch. */
size_t Core::rx_switch(const RxCtx &c)
{
    return sw_deliver(c, sw_dests(FROM_WIRE, c));
}

/*
 * Deliver frame c to VF v (the switch chose it). Never held: a VF without
 * buffers drops (a VF cannot stall the port or other functions).
 */
void Core::rx_vf(unsigned v, const RxCtx &c)
{
    const uint8_t *buf = c.buf;
    const size_t len = c.len;
    Vf &vf = vfs_[v];
    Endpoint &vp = vf.ep;
    static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

    /* The VF's own receive filter (promisc/allmulti only as granted). */
    bool promisc = (vp.ctrl & INIC_PORT_CTRL_PROMISC) || c.nofilter;
    if (!promisc) {
        if (buf[0] & 1) {
            if (memcmp(buf, bcast, 6) &&
                (vp.ctrl & INIC_PORT_CTRL_MC_FILTER) &&
                !(vp.ctrl & INIC_PORT_CTRL_ALLMULTI)) {
                uint32_t h = ether_crc_le(buf, 6) & 63;
                if (!(vf.mc_hash & (1ull << h))) {
                    vp.stats[INIC_PSTAT_RX_DROP_FILTER]++;
                    vp.stats[INIC_PSTAT_RX_DROPS]++;
                    return;     /* not for this VF: no VF drop counted */
                }
            }
        } else if (memcmp(buf, vf.mac, 6)) {
            return;
        }
    }

    const uint8_t *data = buf;
    size_t dlen = len;
    size_t wire_len = len;
    /* Port VLAN: the tag is removed, transparently (no STA_VLAN). */
    if (vf.pvid() && frame_vid(buf, len) == (int)vf.pvid()) {
        data = vlan_pop(buf, len, vf_frame_);
        dlen = len - 4;
        wire_len = dlen;
    }

    unsigned q = num_rings_ + vf.ring_base + vp.rx_ring;
    bool ring_ok = vp.rx_ring < vf.ring_count && rings_[q].rx.enabled;
    if (!vf_link(v) || !(vp.ctrl & INIC_PORT_CTRL_RX_EN) ||
        !bus_master_fn(vf_owner(v)) || !ring_ok) {
        vp.stats[INIC_PSTAT_RX_DROPS]++;
        vf.stats[INIC_VSTAT_RX_DROPS]++;
        if (ring_ok) {
            rings_[q].rx.stats[INIC_RSTAT_DROP_NODESC]++;
        }
        return;
    }
    if (dlen < 14 || dlen > max_frame(vp.mtu, data, dlen)) {
        vp.stats[INIC_PSTAT_RX_ERRORS]++;
        vp.stats[INIC_PSTAT_RX_DROPS]++;
        vf.stats[INIC_VSTAT_RX_DROPS]++;
        rings_[q].rx.stats[INIC_RSTAT_ERRORS]++;
        return;
    }

    PktInfo pi;
    parse_frame(data, dlen, &pi);
    uint16_t ptype, tci = 0;
    uint16_t meta = rx_meta(vp, data, pi, INIC_HASH_NONE, &ptype);
    if (pi.vlan && (vp.offload & INIC_PORT_OFFLOAD_VLAN_STRIP)) {
        data = vlan_pop(data, dlen, rx_frame_);
        dlen -= 4;
        meta |= INIC_RXD_STA_VLAN;
        tci = pi.vlan_tci;
    }

    switch (rx_write(q, data, dlen, wire_len, meta, tci, 0, ptype, false,
                     c)) {
    case RxRes::Hold:
    case RxRes::NoDesc:
    case RxRes::TooBig:         /* only for a large receive: never here */
        vp.stats[INIC_PSTAT_RX_DROPS]++;
        vf.stats[INIC_VSTAT_RX_DROPS]++;
        break;
    case RxRes::Fault:
    case RxRes::BufErr:
        vp.stats[INIC_PSTAT_RX_DROPS]++;
        vp.stats[INIC_PSTAT_RX_ERRORS]++;
        vf.stats[INIC_VSTAT_RX_DROPS]++;
        break;
    case RxRes::Ok:
        vp.stats[INIC_PSTAT_RX_PKTS]++;
        vp.stats[INIC_PSTAT_RX_BYTES] += wire_len;
        vf.stats[INIC_VSTAT_RX_PKTS]++;
        vf.stats[INIC_VSTAT_RX_BYTES] += wire_len;
        break;
    }
}

/* ---- Embedded switch: transmit side (1.2) ---- */

/* A frame of function owner delivered only inside the NIC. */
void Core::sw_local(unsigned owner, size_t len)
{
    sw_stats_[INIC_SWSTAT_LOCAL_PKTS]++;
    sw_stats_[INIC_SWSTAT_LOCAL_BYTES] += len;
    if (Vf *vf = vf_of(owner)) {
        vf->stats[INIC_VSTAT_TX_LOCAL]++;
    }
}

bool Core::pf_owns_unicast(unsigned p, const uint8_t *dst) const
{
    return port_owns_unicast(pf_eps_[p], dst);
}

/*
 * A frame (or TSO segment) a function sends on port p, through the switch.
 * A VF's frame gets its port VLAN tag; then unicast to a function of the
 * port (a VF's MAC in the frame's VLAN, or the PF's station/UC MACs for a
 * VF's frame) is delivered inside the NIC and never leaves the port;
 * broadcast and multicast go to every other function of the port in the
 * VLAN and to the wire. Returns false if the backend queued the frame.
 */
bool Core::tx_out(TxCtx &t, unsigned p, const InicIov *iov, unsigned niov)
{
    const unsigned owner = t.owner;
    Vf *src = vf_of(owner);
    const unsigned skip = src ? vf_index(owner) : ~0u;
    size_t total = 0;

    for (unsigned i = 0; i < niov; i++) {
        total += iov[i].len;
    }
    const Vnic *vx = t.vnic >= 0 ? &vnics_[t.vnic] : nullptr;
    const uint16_t pvid = src ? src->pvid() : vx ? vx->pvid() : 0;
    const uint32_t pvlan = src ? src->vlan : vx ? vx->vlan : 0;
    const bool tag = pvid && total >= 12;
    sw_frame_.resize(total + (tag ? 4 : 0));
    uint8_t *f = sw_frame_.data();
    size_t off = 0;
    for (unsigned i = 0; i < niov; i++) {
        size_t at = off;
        if (tag && off >= 12) {
            at += 4;
        } else if (tag && off + iov[i].len > 12) {
            /* This piece spans the tag position: split it. */
            size_t head = 12 - off;
            memcpy(f + off, iov[i].base, head);
            memcpy(f + 16, (const uint8_t *)iov[i].base + head,
                   iov[i].len - head);
            off += iov[i].len;
            continue;
        }
        memcpy(f + at, iov[i].base, iov[i].len);
        off += iov[i].len;
    }
    const size_t len = sw_frame_.size();
    if (tag) {
        uint16_t tci = (uint16_t)(pvid |
                                  (((pvlan & INIC_VF_VLAN_PCP_MASK) >>
                                    INIC_VF_VLAN_PCP_SHIFT) << 13));
        put_be16(f + 12, 0x8100);
        put_be16(f + 14, tci);
        t.extra += 4;
    }

    /* The classifier (1.3) first: it may deliver or drop the frame. */
    ClsRule *hit = nullptr;
    RxCtx c;
    c.buf = f;
    c.len = len;
    c.port = p;
    c.local = true;
    c.src_vnic = t.vnic;
    /* 1.6: the mirror copy of what the sender sends. */
    if (mirrors_) {
        if (vx) {
            mirror(INIC_VNIC_MIR_VNIC, (unsigned)t.vnic, f, len);
        } else if (src) {
            mirror(INIC_VNIC_MIR_VF, skip, f, len);
        } else {
            mirror(INIC_VNIC_MIR_PF, p, f, len);
        }
    }
    if (!cls_.empty() && len >= 14) {
        hit = cls_lookup(p, src ? INIC_CLS_ORIGIN_VF(skip)
                                : INIC_CLS_ORIGIN_PF, f, len);
        if (hit && cls_switch(hit, owner, c)) {
            return true;
        }
    }

    /* The switch (LAG: a following sender's domain is the group). */
    const DestSet d = sw_dests(owner, c);
    sw_deliver(c, d);
    if (hit) {
        cls_done(*hit, c);      /* PASS: counted, mirrored */
    }
    if (!d.wire) {
        sw_local(owner, len);
        return true;
    }
    if (src) {
        if (t.wire >= num_ports_ || !ports_[t.wire].link_up) {
            sw_stats_[INIC_SWSTAT_DROPS]++;
            return true;    /* the wire copy is lost, like a cable */
        }
        sw_stats_[INIC_SWSTAT_VF_TO_WIRE]++;
    }
    if (t.wire >= num_ports_) {
        return true;        /* LAG: no member has link */
    }
    lag_sent(t, p);
    if (tag || !cb_.net_sendv) {
        return cb_.net_send(cb_.opaque, t.wire, f, len);
    }
    return cb_.net_sendv(cb_.opaque, t.wire, iov, niov);
}

} /* namespace inic */
