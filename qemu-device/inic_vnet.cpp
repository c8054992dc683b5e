/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * inic device model: the backend's virtio-net header (1.5). A port whose
 * backend takes one (a tap with vnet_hdr) gets frames with a header in
 * front: the device checks it (a bad one is counted and the frame
 * dropped), completes a partial checksum and cuts a GSO frame into wire
 * frames. On transmit a TSO or checksum request from the TX descriptor
 * that leaves the NIC directly goes out as one frame with a header
 * instead of being done in the device.
 */
#include "inic_core.h"
#include "inic_core_int.h"

#include <cstring>

namespace inic {

bool Core::set_vnet_hdr(unsigned p, unsigned hdr_len)
{
    if (p >= num_ports_ || !cb_.net_sendv_vnet ||
        (hdr_len && hdr_len != VNET_HDR_LEN && hdr_len != VNET_HDR_LEN_MRG)) {
        return false;
    }
    ports_[p].vnet_len = hdr_len;
    return true;
}

/*
 * A frame with its header from port p's backend. The header is a
 * promise about the frame: one that does not hold is counted in
 * RX_VNET_ERRORS and the frame dropped. DATA_VALID needs nothing: the
 * device checks checksums itself (RXD STA_CSUM_OK).
 */
size_t Core::rx_vnet(unsigned p, const uint8_t *buf, size_t len)
{
    Endpoint &pt = pf_eps_[p];     /* the port's counters */
    const unsigned vl = ports_[p].vnet_len;
    VnetHdr h;
    PktInfo pi;
    VnetBad bad = VnetBad::Short;

    if (len >= vl) {
        h = vnet_load(buf, vl);
        bad = vnet_check(h, buf + vl, len - vl, &pi);
    }
    const uint8_t type = h.gso_type & ~VNET_GSO_ECN;
    if (bad == VnetBad::None && type == VNET_GSO_UDP) {
        bad = VnetBad::Type;    /* UFO: never offered to the backend */
    }
    if (bad != VnetBad::None) {
        pt.stats[INIC_PSTAT_RX_VNET_ERRORS]++;
        pt.stats[INIC_PSTAT_RX_DROPS]++;
        return len;
    }
    const uint8_t *f = buf + vl;
    const size_t flen = len - vl;
    size_t ret;
    if (type == VNET_GSO_NONE) {
        if (h.flags & VNET_F_NEEDS_CSUM) {
            /* The checksum the sender left to the NIC: as the wire has it. */
            vnet_frame_.assign(f, f + flen);
            uint8_t *w = vnet_frame_.data();
            uint16_t c = csum_finish(csum_add(0, w + h.csum_start,
                                              flen - h.csum_start));
            csum_store(w + h.csum_start + h.csum_offset, c);
            f = w;
        }
        if (gro_rx(p, f, flen, &ret)) {
            return ret ? len : 0;   /* 1.9: merged, or behind a merge */
        }
        return rx_wire(p, f, flen) ? len : 0;
    }
    /* A merge of this port's segments goes before the GSO frame. */
    if (!gro_flush(p)) {
        return 0;
    }
    /* GSO (TCP): one large receive (1.6), else cut here. */
    if (rx_lro(p, f, flen, h.gso_size, pi, &ret)) {
        return ret ? len : 0;
    }
    return rx_gso_cut(p, f, flen, pi, h.gso_size, true, vnet_frame_) ? len : 0;
}

/*
 * Cut TCP GSO frame f (parsed as pi) into the frames the wire would have
 * carried, mss payload bytes each (built in seg, which must not hold f),
 * down the receive pipeline. Only the
 * first of a first piece may be held for want of buffers (returns 0: the
 * whole frame is offered again); a later one that finds no room is
 * dropped.
 */
size_t Core::rx_gso_cut(unsigned p, const uint8_t *f, size_t flen,
                        const PktInfo &pi, unsigned mss, bool first,
                        std::vector<uint8_t> &seg)
{
    seg.resize(pi.l4_off + pi.l4_hdr_len + mss);
    for (unsigned i = 0;; i++) {
        size_t sl = gso_segment(f, flen, pi, mss, i, seg.data());
        if (!sl) {
            break;
        }
        if (!rx_wire(p, seg.data(), sl)) {
            if (!i && first) {
                return 0;
            }
            pf_eps_[p].stats[INIC_PSTAT_RX_DROPS]++;
        }
    }
    return flen;
}

/* Does a frame of t's function on port go through the switch (tx_out)? */
bool Core::tx_switched(const TxCtx &t, unsigned port) const
{
    return (num_vfs_ && (t.owner != OWNER_PF ||
                         any_vf_on(port, lag_.follows(t.owner, port)))) ||
           !cls_.empty() || vnic_on_;
}

/*
 * May frame t's offload request go to the backend in a header? Only when
 * the frame leaves the NIC straight on a wire port whose backend takes
 * one: whatever sees it inside the NIC (a VF, the classifier, a mirror)
 * needs the real frames.
 */
bool Core::tx_vnet(const TxCtx &t, unsigned port) const
{
    return t.wire < num_ports_ && ports_[t.wire].vnet_len &&
           cb_.net_sendv_vnet && !tx_switched(t, port);
}

/*
 * Send frame_ (total bytes; TSO: parsed in t.pi, nsegs segments) as one
 * frame with a header asking the backend for the TSO or the checksum.
 * *bytes: what the wire carries once it is cut, the segments' headers
 * included (as the segmenting path counts).
 */
bool Core::tx_vnet_send(TxCtx &t, unsigned port, size_t total, bool tso,
                        uint16_t mss, uint16_t hdr_len, uint16_t csum_start,
                        uint16_t csum_offset, bool vlan, uint16_t tci,
                        unsigned nsegs, uint64_t *bytes)
{
    const unsigned vo = vlan ? 4 : 0;
    VnetHdr h;

    if (tso) {
        gso_prepare(frame_.data(), total, t.pi);
        if (nsegs > 1) {
            h = vnet_for_tso(frame_.data(), t.pi, mss, hdr_len);
            h.hdr_len += vo;
        } else {
            h = vnet_for_csum((uint16_t)t.pi.l4_off, 16);
        }
        *bytes = (uint64_t)nsegs * (hdr_len + vo) + (total - hdr_len);
    } else {
        h = vnet_for_csum(csum_start, csum_offset);
        *bytes = total + vo;
    }
    h.csum_start += vo;
    uint8_t vh[VNET_HDR_LEN_MRG];
    vnet_store(h, vh, ports_[t.wire].vnet_len);

    uint8_t tag[4];
    InicIov iov[INIC_CORE_MAX_IOV];
    unsigned n = 0;
    if (vlan) {
        put_be16(tag, 0x8100);
        put_be16(tag + 2, tci);
        iov[n++] = { frame_.data(), 12 };
        iov[n++] = { tag, 4 };
        n += tx_frame_iov(iov + n, INIC_CORE_MAX_IOV - n, 12);
    } else {
        n = tx_frame_iov(iov, INIC_CORE_MAX_IOV, 0);
    }
    if (tx_pkts_) {
        tx_pkts_--;     /* one backend packet of this run */
    }
    for (unsigned i = 0; i < (tso ? nsegs : 1); i++) {
        lag_sent(t, port);      /* per wire frame, as when cut here */
    }
    return cb_.net_sendv_vnet(cb_.opaque, t.wire, vh, iov, n);
}

} /* namespace inic */
