/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * inic device model: the embedded switch (1.2). Forwards between the
 * wire, the PF and the VFs of a port: VF lookup by (MAC, VLAN), delivery to
 * a VF with port-VLAN pop, and on transmit the spoof check, port-VLAN push,
 * local copies and the wire.
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
                    bool grp)
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
        vf_frame_.resize(len - 4);
        memcpy(vf_frame_.data(), buf, 12);
        memcpy(vf_frame_.data() + 12, buf + 16, len - 16);
        data = vf_frame_.data();
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
        rx_frame_.resize(dlen - 4);
        memcpy(rx_frame_.data(), data, 12);
        memcpy(rx_frame_.data() + 12, data + 16, dlen - 16);
        data = rx_frame_.data();
        dlen -= 4;
        meta |= INIC_RXD_STA_VLAN;
        tci = pi.vlan_tci;
    }

    switch (rx_write(q, data, dlen, wire_len, meta, tci, 0, ptype, false,
                     c)) {
    case RxRes::Hold:
    case RxRes::NoDesc:
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
    const bool tag = src && src->pvid() && total >= 12;
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
        uint16_t tci = (uint16_t)(src->pvid() |
                                  (((src->vlan & INIC_VF_VLAN_PCP_MASK) >>
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
    if (!cls_.empty() && len >= 14) {
        hit = cls_lookup(p, src ? INIC_CLS_ORIGIN_VF(skip)
                                : INIC_CLS_ORIGIN_PF, f, len);
        if (hit && cls_switch(hit, owner, c)) {
            return true;
        }
    }

    /* LAG (1.4): a following sender's domain is the whole group. */
    const bool grp = lag_.follows(owner, p);
    const unsigned pfp = lag_pf_port(p, grp);
    bool to_wire = true;
    if (len >= 14) {
        const int vid = frame_vid(f, len);
        if (!(f[0] & 1)) {
            int v = vf_lookup(p, f, vid, skip, grp);
            work_--;    /* a local delivery (or the wire) */
            if (v >= 0) {
                rx_vf((unsigned)v, c);
                sw_stats_[INIC_SWSTAT_COPIES]++;
                to_wire = false;
            } else if (src && pf_owns_unicast(pfp, f)) {
                rx_pf(pfp, c);
                sw_stats_[INIC_SWSTAT_COPIES]++;
                to_wire = false;
            }
        } else {
            if (src) {
                work_--;
                rx_pf(pfp, c);
                sw_stats_[INIC_SWSTAT_COPIES]++;
            }
            for (unsigned w = 0; w < vfs_enabled_; w++) {
                if (w != skip && vf_on(w, p, grp) &&
                    vf_vlan_member(vfs_[w], vid)) {
                    work_--;
                    rx_vf(w, c);
                    sw_stats_[INIC_SWSTAT_COPIES]++;
                }
            }
        }
    }
    if (hit) {
        cls_done(*hit, c);     /* PASS: counted, mirrored */
    }
    if (!to_wire) {
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
