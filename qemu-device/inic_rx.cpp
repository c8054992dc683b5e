/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * inic device model: the RX engine. Delivers a frame to one function's
 * rings: port checks and counters, VLAN strip, checksum and packet-type
 * metadata, buffer fetch, DMA and descriptor write-back, and the Hold /
 * NoDesc accounting when the ring has no room.
 */
#include "inic_core.h"
#include "inic_core_int.h"

#include <algorithm>
#include <cstring>

namespace inic {

/* ---- Receive ---- */

void Core::rx_flush_ring(unsigned q)
{
    for (unsigned p = 0; p < num_ports_; p++) {
        /* LAG (1.4): a member's frames may wait for the active's rings. */
        const Endpoint &pt = pf_eps_[lag_pf_port(p, lag_.member(p))];
        if (pt.rx_ring == q || (pt.rss_ctrl & INIC_RSS_ENABLE) ||
            !cls_.empty()) {
            if (gro_[p].held && has_timers()) {
                /* 1.9: a merge waiting for room: retried at once */
                timer_mod({ TimerId::GroFlush, p }, 0);
            }
            flush_rx(p);
        }
    }
}

bool Core::can_receive(unsigned p)
{
    if (p >= num_ports_) {
        return true;
    }
    if (busy_) {
        defer_flush_ |= 1u << p;    /* held; flushed when the core is free */
        return false;
    }
    /* LAG (1.4): a member's frames go to the PF on the active port. */
    const Endpoint &pt = pf_eps_[lag_pf_port(p, lag_.member(p))];
    if (!ports_[p].link_up || !(pt.ctrl & INIC_PORT_CTRL_RX_EN) ||
        !bus_master()) {
        return true;    /* will be dropped and counted */
    }
    if ((pt.rss_ctrl & INIC_RSS_ENABLE) || !cls_.empty()) {
        return true;    /* the ring depends on the frame: receive() decides */
    }
    const Ring &r = rings_[pt.rx_ring].rx;
    return !r.enabled || r.avail() > 0;
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

/* RXD status and pkt_type for a frame about to be delivered. */
uint16_t Core::rx_meta(const Endpoint &pt, const uint8_t *buf, const PktInfo &pi,
                       unsigned htype, uint16_t *ptype_out, bool lro)
{
    uint16_t meta = 0;
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
    if (lro) {
        /* 1.6: the backend's header vouched for it (inic_lro.cpp). */
        meta |= INIC_RXD_STA_LRO | INIC_RXD_STA_CSUM_OK;
    } else if (pt.offload & INIC_PORT_OFFLOAD_RX_CSUM) {
        meta |= rx_csum_status(buf, pi);
    }
    *ptype_out = ptype;
    return meta;
}

/*
 * Write a frame into RX ring q (enabled): as many posted buffers as it
 * needs, then the descriptors. Ring counters are updated here; the caller
 * counts the port or VF side by the result. Hold: too few buffers now and
 * the caller may keep the frame (can_hold), nothing was written.
 */
Core::RxRes Core::rx_write(unsigned q, const uint8_t *data, size_t dlen,
                           size_t wire_len, uint16_t meta, uint16_t tci,
                           uint32_t hash, uint16_t ptype, bool can_hold,
                           const RxCtx &c)
{
    Ring &r = rings_[q].rx;
    const unsigned owner = rings_[q].owner;

    /*
     * Find enough posted buffers: at most INIC_RX_MAX_DESCS descriptors
     * (and SIZE - 1). A buffer of length 0, or a frame the first
     * INIC_RX_MAX_DESCS buffers cannot hold, is a bad descriptor: the
     * frame is dropped and the descriptors read are given back with ERR.
     */
    const uint32_t mask = r.size - 1;
    const uint32_t avail = r.avail();
    const uint32_t scan = std::min<uint32_t>(avail, INIC_RX_MAX_DESCS);
    size_t covered = 0;
    bool bad = false;
    rx_bufs_.clear();
    for (uint32_t i = 0; i < scan && covered < dlen; i++) {
        uint8_t d[INIC_DESC_SIZE];
        uint64_t da = r.base + (uint64_t)((r.head + i) & mask) * INIC_DESC_SIZE;
        work_--;
        if (dma_read(owner, da, d, sizeof(d))) {
            ring_fault(r, q);
            return RxRes::Fault;
        }
        RxBuf b = { ld64(d + RXD_ADDR), ld16(d + RXD_BUF_LEN) };
        rx_bufs_.push_back(b);
        covered += b.len;
        if (!b.len) {
            bad = true;
            break;
        }
    }
    if (!bad && covered < dlen) {
        if (c.lro_segs && (scan == INIC_RX_MAX_DESCS || avail == mask)) {
            return RxRes::TooBig;   /* 1.6: cut instead (inic_lro.cpp) */
        }
        if (scan == INIC_RX_MAX_DESCS) {
            bad = true;             /* more buffers would not help */
        } else if (avail < mask && can_hold) {
            return RxRes::Hold;     /* kept until more are posted */
        } else {
            r.stats[INIC_RSTAT_DROP_NODESC]++;
            return RxRes::NoDesc;
        }
    }

    /* Copy the frame, then write every descriptor back. */
    bool buf_err = false;
    size_t off = 0;
    const size_t nb = rx_bufs_.size();
    for (size_t i = 0; i < nb; i++) {
        size_t chunk = bad ? 0 : std::min<size_t>(rx_bufs_[i].len, dlen - off);
        if (!buf_err && chunk &&
            dma_write(owner, rx_bufs_[i].addr, data + off, chunk)) {
            buf_err = true;
        }
        rx_bufs_[i].len = (uint16_t)chunk;  /* now: bytes written */
        off += chunk;
    }
    buf_err |= bad;
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
            if (c.mark) {
                sta |= INIC_RXD_STA_MARK;
                st32_bytes(wb + (RXD_MARK - RXD_WB), c.mark_val);
            }
            if (c.toe && owner == OWNER_PF) {
                sta |= INIC_RXD_STA_TOE;
                st16(wb + (RXD_TOE_MSS - RXD_WB), c.toe_mss);
                wb[RXD_TOE_WSCALE - RXD_WB] = c.toe_wscale;
                wb[RXD_TOE_FLAGS - RXD_WB] = c.toe_flags;
            }
            st16(wb + RXD_VLAN - RXD_WB, tci);
            st16(wb + RXD_HASH - RXD_WB, (uint16_t)hash);
            st16(wb + RXD_HASH + 2 - RXD_WB, (uint16_t)(hash >> 16));
            st16(wb + RXD_PTYPE - RXD_WB, ptype);
            if (c.lro_segs) {
                st16(wb + RXD_LRO_MSS - RXD_WB, c.lro_mss);
                st16(wb + RXD_LRO_SEGS - RXD_WB, c.lro_segs);
            }
        }
        st16(wb + 0, buf_err ? 0 : rx_bufs_[i].len);
        st16(wb + 2, sta);
        uint64_t da = r.base + (uint64_t)((r.head + i) & mask) * INIC_DESC_SIZE;
        if (dma_write(owner, da + RXD_WB, wb, sizeof(wb))) {
            ring_fault(r, q);
            return RxRes::Fault;
        }
    }
    r.head = (r.head + (uint32_t)nb) & mask;
    RxRes res = RxRes::Ok;
    if (buf_err) {
        r.stats[INIC_RSTAT_ERRORS]++;
        ring_error(bad ? INIC_ERR_BAD_DESC : INIC_ERR_BUF_DMA, q);
        res = RxRes::BufErr;
    } else {
        if (c.lro_segs) {
            /* 1.6: as the wire carried it, like the port and TSO. */
            r.stats[INIC_RSTAT_PKTS] += c.lro_segs;
            r.stats[INIC_RSTAT_BYTES] += c.lro_wire;
            r.stats[INIC_RSTAT_LRO_PKTS]++;
            r.stats[INIC_RSTAT_LRO_SEGS] += c.lro_segs;
        } else {
            r.stats[INIC_RSTAT_PKTS]++;
            r.stats[INIC_RSTAT_BYTES] += wire_len;
        }
        if (meta & INIC_RXD_STA_CSUM_ERR) {
            r.stats[INIC_RSTAT_CSUM_ERR]++;
        }
    }
    ring_completed(r, q, true);
    return res;
}

/*
 * Deliver frame c to the PF on port p (its endpoint there): the 1.1
 * receive path (filters, RSS, offloads). c.local: it comes from a
 * function through the switch, so the wire's link does not matter and it
 * cannot be held (no buffer: dropped).
 */
size_t Core::rx_pf(unsigned p, const RxCtx &c)
{
    Endpoint &pt = pf_eps_[p];
    const uint8_t *buf = c.buf;
    const size_t len = c.len;
    const bool local = c.local;
    PktInfo pi;
    uint32_t hash = c.hash;
    unsigned htype = c.htype;
    unsigned q;

    parse_frame(buf, len, &pi);
    if (c.ring >= 0) {
        q = (unsigned)c.ring;   /* the classifier's choice */
    } else {
        q = rx_select(pt, buf, pi, &hash, &htype);
    }
    Ring &r = rings_[q].rx;

    /* Drops before the ring: counted on the ring the frame would use. */
    if ((!local && !ports_[p].link_up) || !(pt.ctrl & INIC_PORT_CTRL_RX_EN) ||
        !bus_master() || !r.enabled) {
        pt.stats[INIC_PSTAT_RX_DROPS]++;
        r.stats[INIC_RSTAT_DROP_NODESC]++;
        return len;
    }
    if (len < 14 || (!c.lro_segs && len > max_frame(pt.mtu, buf, len))) {
        pt.stats[INIC_PSTAT_RX_ERRORS]++;
        pt.stats[INIC_PSTAT_RX_DROPS]++;
        r.stats[INIC_RSTAT_ERRORS]++;
        return len;
    }
    if (!c.nofilter && !rx_accept(pt, buf)) {
        pt.stats[INIC_PSTAT_RX_DROP_FILTER]++;
        pt.stats[INIC_PSTAT_RX_DROPS]++;
        r.stats[INIC_RSTAT_DROP_FILTER]++;
        return len;
    }

    uint16_t ptype, tci = 0;
    uint16_t meta = rx_meta(pt, buf, pi, htype, &ptype, c.lro_segs != 0);
    const uint8_t *data = buf;
    size_t dlen = len;
    if (pi.vlan && (pt.offload & INIC_PORT_OFFLOAD_VLAN_STRIP)) {
        data = vlan_pop(buf, len, rx_frame_);
        dlen = len - 4;
        meta |= INIC_RXD_STA_VLAN;
        tci = pi.vlan_tci;
    }

    switch (rx_write(q, data, dlen, len, meta, tci, hash, ptype,
                     !local && !c.no_hold, c)) {
    case RxRes::Hold:
        return 0;   /* the backend holds it until more are posted */
    case RxRes::TooBig:
        lro_too_big_ = true;    /* nothing written: rx_lro cuts it */
        return len;
    case RxRes::NoDesc:
        pt.stats[INIC_PSTAT_RX_DROPS]++;
        if (local) {
            sw_stats_[INIC_SWSTAT_DROPS]++;
        }
        break;
    case RxRes::Fault:
    case RxRes::BufErr:
        pt.stats[INIC_PSTAT_RX_DROPS]++;
        pt.stats[INIC_PSTAT_RX_ERRORS]++;
        break;
    case RxRes::Ok:
        /* The port counts what the wire carried: a large receive's segments. */
        pt.stats[INIC_PSTAT_RX_PKTS] += c.lro_segs ? c.lro_segs : 1;
        pt.stats[INIC_PSTAT_RX_BYTES] += c.lro_segs ? c.lro_wire : len;
        break;
    }
    return len;
}

} /* namespace inic */
