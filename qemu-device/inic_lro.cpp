/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * inic device model: large receive (1.6). A TCP GSO frame from a header
 * backend (the peer's TSO, passed through a tap) whose only destination
 * is the PF endpoint with PORT_OFFLOAD_LRO and RX_CSUM on is written as
 * one frame across several RX buffers, STA_LRO with the segment size and
 * count in the RX descriptor, instead of being cut into wire frames.
 * Everything else (the bit off, a VF or a replica among the destinations,
 * classifier rules, a frame the ring can never hold) is cut as in 1.5.
 */
#include "inic_core.h"
#include "inic_core_int.h"

#include <algorithm>
#include <cstring>

namespace inic {

/*
 * Tell port p's backend whether it may hand us GSO frames (and partial
 * checksums): only while the PF takes large receives there. Called when
 * PORT_OFFLOAD changes and on reset.
 */
void Core::lro_backend(unsigned p)
{
    const uint32_t need = INIC_PORT_OFFLOAD_LRO | INIC_PORT_OFFLOAD_RX_CSUM;
    const bool on = ports_[p].vnet_len && cb_.set_rx_gso &&
                    (pf_eps_[p].offload & need) == need;

    if (on != ports_[p].rx_gso) {
        ports_[p].rx_gso = on;
        cb_.set_rx_gso(cb_.opaque, p, on);
    }
}

/*
 * Write f (flen bytes from port p, parsed as pi, more than one segment
 * of mss) to the PF's endpoint on pf_port as one large receive. Returns
 * what rx_pf returns (0: held; only the first piece may be); *too_big:
 * the ring can never hold it, nothing was written or counted.
 */
size_t Core::rx_lro_one(unsigned p, unsigned pf_port, const uint8_t *f,
                        size_t flen, uint16_t mss, const PktInfo &pi,
                        bool first, bool *too_big)
{
    const size_t hdrs = pi.l4_off + pi.l4_hdr_len;
    const size_t segs = (flen - hdrs + mss - 1) / mss;
    RxCtx c;

    c.buf = f;
    c.len = flen;
    c.port = p;
    c.no_hold = !first;
    c.lro_mss = mss;
    c.lro_segs = (uint16_t)segs;
    c.lro_wire = (uint32_t)(flen + (segs - 1) * hdrs);
    lro_too_big_ = false;
    size_t r = rx_pf(pf_port, c);
    *too_big = lro_too_big_;
    if (!*too_big && lag_.member(p)) {
        lag_.rx_pkts[p] += segs;    /* as if cut: per wire frame */
    }
    return r;
}

/*
 * Deliver TCP GSO frame f (flen bytes after the header, parsed and
 * checked as pi, mss from the header) from port p as large receives if
 * the PF takes them there. Returns false if it must be cut instead
 * (nothing was delivered); true with *ret: flen, or 0 if held (the
 * backend offers it again).
 *
 * A frame longer than PORT_LRO_MAX is written as several large receives
 * of as many whole segments as fit (the headers fixed as the device's
 * TSO fixes them); a piece of one segment, or one the ring can never
 * hold (more buffers than the ring or INIC_RX_MAX_DESCS), is cut.
 */
bool Core::rx_lro(unsigned p, const uint8_t *f, size_t flen, uint16_t mss,
                  const PktInfo &pi, size_t *ret)
{
    RxCtx probe;
    probe.buf = f;
    probe.len = flen;
    probe.port = p;
    if (!cls_.empty()) {
        return false;   /* rules, mirrors: they see the wire's frames */
    }
    const DestSet d = sw_dests(FROM_WIRE, probe);
    if (!d.pf || d.vfs) {
        return false;   /* a VF, or a copy to one: real frames */
    }
    const Endpoint &pt = pf_eps_[d.pf_port];
    const uint32_t need = INIC_PORT_OFFLOAD_LRO | INIC_PORT_OFFLOAD_RX_CSUM;
    if ((pt.offload & need) != need) {
        return false;
    }
    /*
     * Only what the stack can take as one GSO packet: IP length exact,
     * IPv4 header checksum good, segments within the MTU.
     */
    const size_t hdrs = pi.l4_off + pi.l4_hdr_len;
    if (!pi.l3_len_ok || pi.l3_end != flen || flen <= hdrs + mss ||
        hdrs + mss > max_frame(pt.mtu, f, flen) ||
        (pi.l3 == 4 &&
         csum_finish(csum_add(0, f + pi.l3_off, pi.l3_hdr_len)) != 0)) {
        return false;
    }
    const size_t max = pt.lro_max ? pt.lro_max : INIC_LRO_MAX_LEN;
    const size_t k = max > hdrs ? (max - hdrs) / mss : 0;
    if (k < 2) {
        return false;   /* not two segments in a large receive */
    }
    bool too_big;
    if (flen <= max) {
        size_t r = rx_lro_one(p, d.pf_port, f, flen, mss, pi, true, &too_big);
        if (too_big) {
            *ret = rx_gso_cut(p, f, flen, pi, mss, true, vnet_frame_);
        } else {
            *ret = r;
        }
        return true;
    }

    /* Pieces of k segments: piece i starts at segment i * k. */
    const size_t step = k * mss;
    const uint16_t id0 = pi.l3 == 4 ? be16(f + pi.l3_off + 4) : 0;
    const uint32_t seq0 = be32(f + pi.l4_off + 4);
    const uint8_t flags0 = f[pi.l4_off + 13];
    lro_frame_.resize(hdrs + step);
    for (unsigned i = 0; hdrs + i * step < flen; i++) {
        const size_t off = hdrs + i * step;
        const size_t plen = std::min(step, flen - off);
        uint8_t *w = lro_frame_.data();
        memcpy(w, f, hdrs);
        memcpy(w + hdrs, f + off, plen);
        /* As segment i of a cut at step, IPv4 id advanced by k each. */
        tso_seg_fix(w, hdrs, pi, (uint16_t)(id0 + i * (k - 1)), seq0,
                    flags0, i, (unsigned)step, w + hdrs, plen,
                    off + plen == flen);
        const size_t sl = hdrs + plen;
        PktInfo wpi;
        parse_frame(w, sl, &wpi);
        size_t r;
        if (plen <= mss) {
            r = rx_gso_cut(p, w, sl, wpi, mss, !i, vnet_frame_);
        } else {
            r = rx_lro_one(p, d.pf_port, w, sl, mss, wpi, !i, &too_big);
            if (too_big) {
                r = rx_gso_cut(p, w, sl, wpi, mss, !i, vnet_frame_);
            }
        }
        if (!r) {
            if (!i) {
                *ret = 0;       /* the first piece is held: all of it */
                return true;
            }
            pf_eps_[p].stats[INIC_PSTAT_RX_DROPS]++;
        }
    }
    *ret = flen;
    return true;
}

} /* namespace inic */
