/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * inic device model: the TX engine. Fetches a frame's descriptors from a
 * TX ring, gathers it, applies the offloads (checksum, TSO, VLAN insert),
 * hands it to the switch and writes back. Core::run_tx() schedules it.
 */
#include "inic_core.h"
#include "inic_core_int.h"

#include <algorithm>
#include <cstring>

namespace inic {

/* ---- Transmit ---- */

bool Core::tx_send(TxCtx &t, unsigned port, const InicIov *iov,
                   unsigned niov)
{
    if (tx_pkts_) {
        tx_pkts_--;     /* one wire packet (or segment) of this run */
    }
    if (tx_switched(t, port)) {
        return tx_out(t, port, iov, niov);
    }
    if (t.wire >= num_ports_) {
        return true;        /* LAG: no member has link (counted) */
    }
    lag_sent(t, port);
    if (cb_.net_sendv) {
        return cb_.net_sendv(cb_.opaque, t.wire, iov, niov);
    }
    size_t total = 0;
    for (unsigned i = 0; i < niov; i++) {
        total += iov[i].len;
    }
    lin_.resize(total);
    size_t off = 0;
    for (unsigned i = 0; i < niov; i++) {
        memcpy(lin_.data() + off, iov[i].base, iov[i].len);
        off += iov[i].len;
    }
    return cb_.net_send(cb_.opaque, t.wire, lin_.data(), total);
}

/*
 * CMD_CSUM: the Linux CHECKSUM_PARTIAL contract, on frame_ (a request
 * tx_one checked with csum_req_ok).
 */
void Core::tx_csum(size_t total, uint16_t start, uint16_t offset)
{
    uint16_t c = csum_finish(csum_add(0, frame_.data() + start,
                                      total - start));
    csum_store(frame_.data() + start + offset, c ? c : 0xffff);
}

/* CMD_TSO: is frame_ a TCP/IP frame the segmenter can cut as asked? */
inic_err Core::tso_check(TxCtx &t, size_t total, uint16_t mss,
                         uint16_t hdr_len, unsigned *nsegs)
{
    const PktInfo &pi = t.pi;

    parse_frame(frame_.data(), std::min(total, frame_.size()), &t.pi);
    if (!mss || (pi.l3 != 4 && pi.l3 != 6) || pi.frag ||
        pi.l4_proto != IPPROTO_TCP_ || !pi.l4_hdr_len ||
        hdr_len != pi.l4_off + pi.l4_hdr_len || hdr_len >= total) {
        return INIC_ERR_BAD_OFFLOAD;
    }
    size_t payload = total - hdr_len;
    size_t n = (payload + mss - 1) / mss;
    if (n > INIC_TSO_MAX_SEGS) {
        return INIC_ERR_BAD_OFFLOAD;
    }
    *nsegs = (unsigned)n;
    return INIC_ERR_NONE;
}

/*
 * Cut frame_ (checked by tso_check) into segments of mss payload bytes,
 * each with its own copy of the headers: IPv4 total length, id and header
 * checksum, IPv6 payload length, TCP sequence number, flags and checksum.
 * Starts at segment first and stops early (*next < segments) when this
 * run of the engine has spent its budget: the frame is then resumed by
 * the next run. Returns false if the backend queued any of them
 * (back-pressure).
 */
bool Core::tso_send(TxCtx &t, unsigned port, size_t total, uint16_t mss,
                    uint16_t hdr_len, bool vlan, uint16_t tci,
                    unsigned first, unsigned *next, uint64_t *bytes)
{
    const PktInfo &pi = t.pi;
    const unsigned vo = vlan ? 4 : 0;
    const uint8_t *f = frame_.data();
    uint8_t *h;
    bool ok = true;

    lin_.resize(hdr_len + vo);
    h = lin_.data();
    memcpy(h, f, 12);
    if (vlan) {
        put_be16(h + 12, 0x8100);
        put_be16(h + 14, tci);
    }
    memcpy(h + 12 + vo, f + 12, hdr_len - 12);

    PktInfo hp = pi;            /* offsets inside h */
    hp.l3_off += vo;
    hp.l4_off += vo;
    const uint16_t id0 = be16(f + pi.l3_off + 4);
    const uint32_t seq0 = be32(f + pi.l4_off + 4);
    const uint8_t flags0 = f[pi.l4_off + 13];
    const size_t payload = total - hdr_len;
    const unsigned n = (unsigned)((payload + mss - 1) / mss);

    *bytes = 0;
    unsigned i;
    for (i = first; i < n; i++) {
        if (i > first && (!tx_pkts_ || work_ <= 0)) {
            break;      /* budget spent: the next run resumes here */
        }
        size_t off = hdr_len + (size_t)i * mss;
        size_t plen = std::min<size_t>(mss, total - off);
        tso_seg_fix(h, hdr_len + vo, hp, id0, seq0, flags0, i, mss, f + off,
                    plen, i + 1 == n);

        InicIov iov[2] = { { h, hdr_len + vo }, { f + off, plen } };
        if (!tx_send(t, port, iov, 2)) {
            ok = false;     /* queued: the rest queue too, then we stop */
        }
        *bytes += hdr_len + vo + plen;
    }
    *next = i;
    return ok;
}

/* Copy bytes [from, to) of the frame in bufs into frame_ (sized). */
int Core::tx_copy(unsigned owner, const TxBuf *bufs, unsigned n, size_t from,
                  size_t to)
{
    size_t off = 0;

    for (unsigned i = 0; i < n && off < to; i++) {
        const size_t end = off + bufs[i].len;
        if (end > from) {
            const size_t skip = from > off ? from - off : 0;
            const size_t l = std::min(end, to) - off - skip;
            if (dma_read(owner, bufs[i].addr + skip,
                         frame_.data() + off + skip, l)) {
                return -1;
            }
        }
        off = end;
    }
    return 0;
}

/*
 * Gather the frame of n descriptors (total bytes). Bytes [0, head) are
 * copied into frame_; the rest, when head < total, is mapped in place
 * (zc_), or copied too when any of it cannot be mapped (not RAM, more
 * pieces than a send takes).
 */
inic_err Core::tx_gather(unsigned owner, const TxBuf *bufs, unsigned n,
                         size_t total, size_t head)
{
    tx_zc_release();
    frame_.resize(head);
    if (tx_copy(owner, bufs, n, 0, head)) {
        return INIC_ERR_BUF_DMA;
    }
    if (head >= total) {
        return INIC_ERR_NONE;
    }
    zc_owner_ = owner;
    zc_total_ = total;
    size_t off = 0;
    for (unsigned i = 0; i < n; i++) {
        const size_t end = off + bufs[i].len;
        size_t skip = head > off ? std::min<size_t>(head - off, bufs[i].len)
                                 : 0;
        while (off + skip < end) {
            size_t l = end - off - skip;
            const void *p = zc_n_ < zc_.size()
                ? cb_.dma_map(cb_.opaque, owner, bufs[i].addr + skip, &l)
                : nullptr;
            if (!p || !l || l > end - off - skip) {
                if (p) {
                    cb_.dma_unmap(cb_.opaque, owner, p, l);
                }
                /* Not all of it maps: copy the frame as before. */
                tx_zc_release();
                frame_.resize(total);
                return tx_copy(owner, bufs, n, head, total) ?
                       INIC_ERR_BUF_DMA : INIC_ERR_NONE;
            }
            zc_[zc_n_++] = { static_cast<const uint8_t *>(p), l };
            skip += l;
        }
        off = end;
    }
    return INIC_ERR_NONE;
}

/* Release the frame's mappings (if any): frame_ is then what it holds. */
void Core::tx_zc_release()
{
    for (unsigned i = 0; i < zc_n_; i++) {
        cb_.dma_unmap(cb_.opaque, zc_owner_, zc_[i].p, zc_[i].len);
    }
    zc_n_ = 0;
    zc_total_ = 0;
}

/* The whole frame into frame_, for what reads or rewrites beyond the head. */
void Core::tx_linearize()
{
    if (!zc_total_) {
        return;
    }
    size_t off = frame_.size();
    frame_.resize(zc_total_);
    for (unsigned i = 0; i < zc_n_; i++) {
        memcpy(frame_.data() + off, zc_[i].p, zc_[i].len);
        off += zc_[i].len;
    }
    tx_zc_release();
}

/*
 * The frame's bytes from offset from (within the head) as send pieces:
 * frame_'s, then the mapped ones. Returns how many (at most max).
 */
unsigned Core::tx_frame_iov(InicIov *iov, unsigned max, size_t from) const
{
    unsigned n = 0;

    if (from < frame_.size() && n < max) {
        iov[n++] = { frame_.data() + from, frame_.size() - from };
    }
    for (unsigned i = 0; zc_total_ && i < zc_n_ && n < max; i++) {
        iov[n++] = { zc_[i].p, zc_[i].len };
    }
    return n;
}

/*
 * Send the next frame of TX ring q, or resume the TSO frame this ring left
 * paused when the previous run spent its budget (tso_pause_). While a
 * frame is paused, frame_ holds it: run_tx() resumes it before any other.
 */
Core::TxResult Core::tx_one(unsigned q)
{
    Ring &r = rings_[q].tx;

    const unsigned owner = rings_[q].owner;
    const bool resume = tso_pause_.active && tso_pause_.q == q;
    TxCtx t;

    if (resume && (!r.enabled || !r.tso_paused || owner == OWNER_NONE ||
                   !bus_master_fn(owner) || r.avail() < tso_pause_.n)) {
        /* Ring stopped, reset or reassigned, or no DMA: frame abandoned. */
        tso_pause_.active = false;
        r.tso_paused = false;
        return TxResult::Idle;
    }
    if (!r.enabled || owner == OWNER_NONE || !bus_master_fn(owner)) {
        return TxResult::Idle;
    }
    /*
     * pt: the function's port registers; phys: its physical port (the
     * switch's); the wire port is LAG's choice per frame (t.wire).
     */
    Vf *vf = vf_of(owner);
    /* 1.6: a PF ring bound to a VNIC sends as that VNIC. */
    const int vn = vf ? -1 : rings_[q].vnic;
    Vnic *vx = vn >= 0 ? &vnics_[vn] : nullptr;
    Endpoint &pt = vf ? vf->ep : vx ? vx->ep : pf_eps_[r.port()];
    const unsigned phys = vf ? vf->port : vx ? vx->port : r.port();
    if (lag_tx_blocked(owner, phys)) {
        return TxResult::Blocked;
    }
    const uint32_t mask = r.size - 1;
    const uint32_t avail = r.avail();
    if (!avail) {
        return TxResult::Idle;
    }
    if (!resume && vf && !shaper_ok(vf_index(owner))) {
        return TxResult::Blocked;   /* over budget: waits in the ring */
    }
    if (!resume && vx && !vnic_shaper_ok((unsigned)vn)) {
        return TxResult::Blocked;
    }

    TxBuf bufs[INIC_TX_MAX_DESCS];
    unsigned n = 0;
    size_t total = 0;
    bool eop = false, bad = false;
    /* Offload requests: from the first descriptor of the frame. */
    uint16_t cmd0 = 0, csum_start = 0, csum_offset = 0, mss = 0;
    uint16_t hdr_len = 0, tci = 0;
    inic_err code = INIC_ERR_NONE;
    unsigned nsegs = 1;
    if (resume) {
        n = tso_pause_.n;
        total = tso_pause_.total;
        mss = tso_pause_.mss;
        hdr_len = tso_pause_.hdr_len;
        tci = tso_pause_.tci;
        nsegs = tso_pause_.nsegs;
        t.pi = tso_pause_.pi;
    }
    while (!resume && n < avail && n < INIC_TX_MAX_DESCS) {
        uint8_t d[INIC_DESC_SIZE];
        uint64_t da = r.base + (uint64_t)((r.head + n) & mask) * INIC_DESC_SIZE;
        work_--;
        if (dma_read(owner, da, d, sizeof(d))) {
            pt.stats[INIC_PSTAT_TX_ERRORS]++;
            ring_fault(r, q);
            return TxResult::Stopped;
        }
        uint16_t cmd = ld16(d + TXD_CMD);
        if (!n) {
            cmd0 = cmd;
            csum_start = ld16(d + TXD_CSUM_START);
            csum_offset = ld16(d + TXD_CSUM_OFFSET);
            mss = ld16(d + TXD_MSS);
            hdr_len = ld16(d + TXD_HDR_LEN);
            tci = ld16(d + TXD_VLAN);
        }
        bufs[n].addr = ld64(d + TXD_ADDR);
        bufs[n].len = ld16(d + TXD_LEN);
        n++;
        if (!bufs[n - 1].len) {
            bad = true;
        }
        total += bufs[n - 1].len;
        if (cmd & INIC_TXD_CMD_EOP) {
            eop = true;
            break;
        }
    }
    if (!eop && !resume) {
        if (n < INIC_TX_MAX_DESCS && avail < mask) {
            return TxResult::Idle;  /* the rest of the frame is coming */
        }
        bad = true;                 /* chain too long */
    }
    if (total > INIC_TX_MAX_BYTES) {
        bad = true;
    }

    code = bad ? INIC_ERR_BAD_DESC : INIC_ERR_NONE;
    if (!code && !resume) {
        /*
         * A large frame is sent from guest memory in place when the
         * backend can (dma_map): only its head is copied, for the checks
         * and the header rewrites below.
         */
        const size_t head = cb_.dma_map && total > TX_ZC_HEAD ? TX_ZC_HEAD
                                                               : total;
        code = tx_gather(owner, bufs, n, total, head);
    }
    /* A resumed frame keeps what was decided when it started. */
    const bool do_vlan = resume ? tso_pause_.vlan :
                         (cmd0 & INIC_TXD_CMD_VLAN) &&
                         (pt.offload & INIC_PORT_OFFLOAD_VLAN_INSERT);
    const bool do_csum = !resume && (cmd0 & INIC_TXD_CMD_CSUM) &&
                         (pt.offload & INIC_PORT_OFFLOAD_TX_CSUM);
    const bool do_tso = resume || ((cmd0 & INIC_TXD_CMD_TSO) &&
                                   (pt.offload & INIC_PORT_OFFLOAD_TSO));
    if (!code && !resume) {
        if (do_tso) {
            if (zc_total_ && hdr_len > frame_.size()) {
                tx_linearize();     /* headers beyond the head */
            }
            code = tso_check(t, total, mss, hdr_len, &nsegs);
            if (!code && hdr_len + std::min<size_t>(mss, total - hdr_len) >
                             max_frame(pt.mtu, frame_.data(), total)) {
                code = INIC_ERR_BAD_OFFLOAD;    /* segments beyond MTU */
            }
        } else if (total > max_frame(pt.mtu, frame_.data(), total)) {
            code = INIC_ERR_BAD_DESC;
        } else if (((vf && vf->pvid()) || (vx && vx->pvid())) &&
                   total < 14) {
            code = INIC_ERR_BAD_DESC;   /* no header to put the tag in */
        } else if (do_csum && !csum_req_ok(total, csum_start, csum_offset)) {
            code = INIC_ERR_BAD_OFFLOAD;
        }
    }

    t.owner = owner;
    t.vnic = vn;
    t.wire = code ? phys : lag_wire(owner, phys, frame_.data(),
                                    std::min(total, frame_.size()));
    /* 1.5: the offload goes to the backend in a virtio-net header. */
    const bool vnet = !code && !resume && (do_tso || do_csum) &&
                      tx_vnet(t, phys);
    /*
     * In place only when the frame goes to the backend as it is: the
     * checksum or segmentation done here, and everything the switch
     * sees, need the whole frame in frame_.
     */
    if (zc_total_ && !code &&
        !(t.wire < num_ports_ && !tx_switched(t, phys) &&
          (vnet || (!do_tso && !do_csum)))) {
        tx_linearize();
    }
    if (!code && do_csum && !do_tso && !vnet) {
        tx_csum(total, csum_start, csum_offset);
    }
    const bool link = vf ? vf_link(vf_index(owner)) :
                      t.wire < num_ports_ && ports_[t.wire].link_up;
    bool sent_ok = false;
    if (code) {
        r.stats[INIC_RSTAT_ERRORS]++;
        pt.stats[INIC_PSTAT_TX_ERRORS]++;
        ring_error(code, q);
        if (vf) {
            vf->stats[INIC_VSTAT_TX_DROPS]++;
        }
        if (vx) {
            vx->stats[INIC_VNSTAT_TX_DROPS]++;
        }
    } else if (!resume && (!link || !(pt.ctrl & INIC_PORT_CTRL_TX_EN) ||
                           (vx && vx->is_mirror()))) {
        /* A mirror VNIC is receive-only: what it sends is dropped. */
        r.stats[INIC_RSTAT_ERRORS]++;
        pt.stats[INIC_PSTAT_TX_ERRORS]++;
        if (vf) {
            vf->stats[INIC_VSTAT_TX_DROPS]++;
            sw_stats_[INIC_SWSTAT_DROPS]++;
        }
        if (vx) {
            vx->stats[INIC_VNSTAT_TX_DROPS]++;
            sw_stats_[INIC_SWSTAT_DROPS]++;
        }
    } else if (!resume && vx &&
               (total < 12 || memcmp(frame_.data() + 6, vx->mac, 6))) {
        /* 1.6: a VNIC sends from its own MAC only (always checked). */
        vx->stats[INIC_VNSTAT_SPOOF_DROPS]++;
        vx->stats[INIC_VNSTAT_TX_DROPS]++;
        sw_stats_[INIC_SWSTAT_DROPS]++;
        pt.stats[INIC_PSTAT_TX_ERRORS]++;
    } else if (!resume && vf && (vf->ctrl & INIC_VF_CTRL_SPOOFCHK) &&
               (total < 12 || memcmp(frame_.data() + 6, vf->mac, 6))) {
        /* Spoofed source MAC: dropped silently (DD), counted. */
        vf->stats[INIC_VSTAT_SPOOF_DROPS]++;
        vf->stats[INIC_VSTAT_TX_DROPS]++;
        sw_stats_[INIC_SWSTAT_DROPS]++;
        pt.stats[INIC_PSTAT_TX_ERRORS]++;
    } else {
        t.owner = owner;
        t.vnic = vn;
        t.extra = 0;
        unsigned pkts = 1;
        uint64_t bytes;
        bool sent;
        if (vnet) {
            sent = tx_vnet_send(t, phys, total, do_tso, mss, hdr_len,
                                csum_start, csum_offset, do_vlan, tci, nsegs,
                                &bytes);
            pkts = do_tso ? nsegs : 1;
        } else if (do_tso) {
            const unsigned first = resume ? tso_pause_.next : 0;
            unsigned next;
            sent = tso_send(t, phys, total, mss, hdr_len, do_vlan, tci,
                            first, &next, &bytes);
            bytes += t.extra + (resume ? tso_pause_.bytes : 0);
            t.extra = 0;
            if (next < nsegs) {
                /*
                 * This run's budget is spent: the rest of the segments
                 * go in the next run; the descriptors complete then.
                 */
                tso_pause_ = { true, q, n, total, mss, hdr_len, tci,
                               do_vlan, nsegs, next, bytes, t.pi };
                r.tso_paused = true;
                if (!sent && t.wire < num_ports_) {
                    ports_[t.wire].tx_blocked = true;
                }
                return TxResult::Paused;
            }
            tso_pause_.active = false;
            r.tso_paused = false;
            pkts = nsegs;
        } else if (do_vlan) {
            uint8_t tag[4];
            put_be16(tag, 0x8100);
            put_be16(tag + 2, tci);
            InicIov iov[INIC_CORE_MAX_IOV] = { { frame_.data(), 12 },
                                               { tag, 4 } };
            unsigned niov = tx_frame_iov(iov + 2, INIC_CORE_MAX_IOV - 2, 12);
            sent = tx_send(t, phys, iov, 2 + niov);
            bytes = total + 4;
        } else {
            InicIov iov[INIC_CORE_MAX_IOV];
            unsigned niov = tx_frame_iov(iov, INIC_CORE_MAX_IOV, 0);
            sent = tx_send(t, phys, iov, niov);
            bytes = total;
        }
        bytes += t.extra;       /* port VLAN tags the switch inserted */
        if (!sent && t.wire < num_ports_) {
            ports_[t.wire].tx_blocked = true;   /* queued: wait */
        }
        if (vf) {
            vf->stats[INIC_VSTAT_TX_PKTS] += pkts;
            vf->stats[INIC_VSTAT_TX_BYTES] += bytes;
            shaper_charge(vf_index(owner), bytes);
        }
        if (vx) {
            vx->stats[INIC_VNSTAT_TX_PKTS] += pkts;
            vx->stats[INIC_VNSTAT_TX_BYTES] += bytes;
            vnic_charge((unsigned)vn, bytes);
        }
        pt.stats[INIC_PSTAT_TX_PKTS] += pkts;
        pt.stats[INIC_PSTAT_TX_BYTES] += bytes;
        r.stats[INIC_RSTAT_PKTS] += pkts;
        r.stats[INIC_RSTAT_BYTES] += bytes;
        sent_ok = true;
    }
    if (!sent_ok) {
        if (tx_pkts_) {
            tx_pkts_--;     /* a dropped frame counts as one packet */
        }
        if (vf) {
            /* It costs too: dropping must not bypass the rate. */
            shaper_charge(vf_index(owner), std::max<uint64_t>(total, 64));
        }
        if (vx) {
            vnic_charge((unsigned)vn, std::max<uint64_t>(total, 64));
        }
    }

    tx_zc_release();    /* sent, queued (copied) or dropped */
    uint8_t sta[2];
    st16(sta, INIC_TXD_STA_DD | (code ? INIC_TXD_STA_ERR : 0));
    for (unsigned i = 0; i < n; i++) {
        uint64_t da = r.base + (uint64_t)((r.head + i) & mask) * INIC_DESC_SIZE;
        if (dma_write(owner, da + TXD_STATUS, sta, sizeof(sta))) {
            pt.stats[INIC_PSTAT_TX_ERRORS]++;
            ring_fault(r, q);
            return TxResult::Stopped;
        }
    }
    r.head = (r.head + n) & mask;
    ring_completed(r, q, false);
    return TxResult::Sent;
}

} /* namespace inic */
