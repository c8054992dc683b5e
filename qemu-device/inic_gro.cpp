/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * inic device model: receive coalescing of wire segments (1.9, no ABI
 * change). Consecutive in-order TCP segments of one flow from a port,
 * whose only destination is the PF endpoint with PORT_OFFLOAD_LRO and
 * RX_CSUM on, are merged into one large receive (STA_LRO, the segment
 * size and count: what a peer's GSO frame from a tap becomes, 1.6)
 * instead of one receive each. One merge per port; it is delivered when
 * a frame that does not continue it arrives, on a PSH or a short segment,
 * before it would outgrow PORT_LRO_MAX, and GRO_FLUSH_NS of virtual time
 * after it began. Exactness: only segments whose checksums verify, with
 * the same addresses, ports, ACK, flags (ACK, the last one's PSH) and TCP
 * options, IPv4 without options or fragments, IPv6 without extension
 * headers; anything else ends the merge and goes as it came.
 */
#include "inic_core.h"
#include "inic_core_int.h"

#include <algorithm>
#include <cstring>

namespace inic {

namespace {

constexpr uint8_t TH_PSH = 0x08, TH_ACK = 0x10;

/* TCP flags that a merged segment may carry (ACK, and PSH on the last). */
bool gro_flags_ok(uint8_t flags)
{
    return (flags & ~TH_PSH) == TH_ACK;
}

} /* namespace */

/*
 * May frame f (len bytes, parsed as pi) from port p be merged at all?
 * *pf_port: the PF endpoint it goes to. Cheap checks first: most frames
 * of a port without LRO stop at the first.
 */
bool Core::gro_candidate(unsigned p, const uint8_t *f, size_t len,
                         const PktInfo &pi, unsigned *pf_port)
{
    if (pi.l3 == 0 || pi.l4_proto != IPPROTO_TCP_ || !pi.l4_hdr_len ||
        pi.frag || !pi.l3_len_ok || pi.l3_end != len) {
        return false;
    }
    if ((pi.l3 == 4 && pi.l3_hdr_len != 20) ||
        (pi.l3 == 6 && pi.l3_hdr_len != 40)) {
        return false;   /* IPv4 options, IPv6 extension headers */
    }
    const size_t hdrs = pi.l4_off + pi.l4_hdr_len;
    if (len <= hdrs || !gro_flags_ok(f[pi.l4_off + 13])) {
        return false;   /* no payload, or SYN/FIN/RST/URG/ECE/CWR */
    }
    if (!cls_.empty() || toe_.enabled() || lag_.member(p)) {
        return false;   /* they see or count the wire's frames */
    }
    RxCtx probe;
    probe.buf = f;
    probe.len = len;
    probe.port = p;
    const DestSet d = sw_dests(FROM_WIRE, probe);
    if (!d.pf || d.vfs) {
        return false;
    }
    const Endpoint &pt = pf_eps_[d.pf_port];
    const uint32_t need = INIC_PORT_OFFLOAD_LRO | INIC_PORT_OFFLOAD_RX_CSUM;
    if ((pt.offload & need) != need || len > max_frame(pt.mtu, f, len)) {
        return false;
    }
    if (rx_csum_status(f, pi) != INIC_RXD_STA_CSUM_OK) {
        return false;   /* a bad checksum is reported on its own frame */
    }
    *pf_port = d.pf_port;
    return true;
}

/* Does segment f (a candidate for the same PF port) continue merge g? */
bool Core::gro_continues(const Gro &g, const uint8_t *f, size_t len,
                         const PktInfo &pi) const
{
    const uint8_t *h = g.buf.data();
    const size_t hdrs = pi.l4_off + pi.l4_hdr_len;
    const size_t plen = len - hdrs;

    if (g.held) {
        return false;   /* it ended and waits for room: it takes no more */
    }
    if (pi.l3 != g.pi.l3 || pi.l4_off != g.pi.l4_off ||
        pi.l4_hdr_len != g.pi.l4_hdr_len || plen > g.mss) {
        return false;
    }
    const size_t max = pf_eps_[g.pf_port].lro_max ?
                       pf_eps_[g.pf_port].lro_max : INIC_LRO_MAX_LEN;
    if (g.buf.size() + plen > max || g.segs == 0xffff) {
        return false;
    }
    /* L2 header (addresses, tag, type) identical. */
    if (memcmp(h, f, pi.l3_off)) {
        return false;
    }
    const uint8_t *a = h + pi.l3_off, *b = f + pi.l3_off;
    if (pi.l3 == 4) {
        /* version/IHL, TOS; flags/fragment; TTL, protocol; addresses */
        if (a[0] != b[0] || a[1] != b[1] || memcmp(a + 6, b + 6, 4) ||
            memcmp(a + 12, b + 12, 8)) {
            return false;
        }
    } else if (memcmp(a, b, 4) || memcmp(a + 6, b + 6, 34)) {
        return false;   /* class, flow, next header, hop limit, addresses */
    }
    const uint8_t *ta = h + pi.l4_off, *tb = f + pi.l4_off;
    return !memcmp(ta, tb, 4) &&                  /* ports */
           be32(tb + 4) == g.next_seq &&          /* in order */
           !memcmp(ta + 8, tb + 8, 4) &&          /* the same ACK */
           ta[12] == tb[12] &&                    /* header length */
           !memcmp(ta + 20, tb + 20, pi.l4_hdr_len - 20);  /* options */
}

/*
 * Deliver port p's merge, if any: one segment as it came, more as one
 * large receive (or cut again if the ring can never hold it). Returns
 * false if the PF's ring had no room now: the merge stays, to be tried
 * again when buffers are posted (or the timer fires).
 */
bool Core::gro_flush(unsigned p)
{
    Gro &g = gro_[p];

    if (!g.active) {
        return true;
    }
    if (g.timer) {
        g.timer = false;
        timer_del({ TimerId::GroFlush, p });
    }
    const size_t len = g.buf.size();
    size_t r;
    if (g.segs == 1) {
        RxCtx c;
        c.buf = g.buf.data();
        c.len = len;
        c.port = p;
        r = rx_switch(c);
    } else {
        uint8_t *w = g.buf.data();
        const size_t hdrs = g.pi.l4_off + g.pi.l4_hdr_len;
        /* IP lengths, IPv4 header checksum, TCP: the pseudo header sum */
        gso_prepare(w, len, g.pi);
        RxCtx c;
        c.buf = w;
        c.len = len;
        c.port = p;
        c.lro_mss = g.mss;
        c.lro_segs = g.segs;
        c.lro_wire = (uint32_t)(len + (size_t)(g.segs - 1) * hdrs);
        lro_too_big_ = false;
        r = rx_pf(g.pf_port, c);
        if (lro_too_big_) {
            /*
             * The ring can never hold it: the wire's segments after all,
             * built in lro_frame_ (vnet_frame_ may hold the frame that
             * ended the merge; rx_lro is not running).
             */
            PktInfo pi;
            parse_frame(w, len, &pi);
            r = rx_gso_cut(p, w, len, pi, g.mss, true, lro_frame_);
        }
    }
    if (!r) {
        g.held = true;
        gro_arm(p);
        return false;
    }
    g.held = false;
    g.active = false;
    g.buf.clear();
    return true;
}

/* The merge's deadline, GRO_FLUSH_NS after it began (or now, to retry). */
void Core::gro_arm(unsigned p)
{
    Gro &g = gro_[p];

    if (!has_timers()) {
        return;     /* no timers: merges end with the next frame only */
    }
    g.timer = true;
    timer_mod({ TimerId::GroFlush, p }, GRO_FLUSH_NS);
}

/* Drop port p's merge without delivering it (the PF endpoint's reset). */
void Core::gro_discard(unsigned p)
{
    Gro &g = gro_[p];

    if (g.timer) {
        timer_del({ TimerId::GroFlush, p });
        g.timer = false;
    }
    g.active = false;
    g.held = false;
    g.buf.clear();
}

/*
 * Frame f (len bytes) from port p's wire, before the pipeline. Returns
 * true with *ret when the merge took it (or it must wait: *ret 0);
 * false when it goes down the pipeline as it is (any merge before it
 * delivered first, so the order holds).
 */
bool Core::gro_rx(unsigned p, const uint8_t *f, size_t len, size_t *ret)
{
    Gro &g = gro_[p];
    PktInfo pi;
    unsigned pf_port = 0;
    bool cand = false;

    if (g.active || (pf_eps_[p].offload & INIC_PORT_OFFLOAD_LRO)) {
        parse_frame(f, len, &pi);
        cand = gro_candidate(p, f, len, pi, &pf_port);
    }
    if (g.active && cand && pf_port == g.pf_port &&
        gro_continues(g, f, len, pi)) {
        const size_t hdrs = pi.l4_off + pi.l4_hdr_len;
        const size_t plen = len - hdrs;
        g.buf.insert(g.buf.end(), f + hdrs, f + len);
        g.next_seq += (uint32_t)plen;
        g.segs++;
        const bool psh = f[pi.l4_off + 13] & TH_PSH;
        if (psh) {
            g.buf[pi.l4_off + 13] |= TH_PSH;    /* the merge ends with it */
        }
        if (psh || plen < g.mss) {
            gro_flush(p);       /* held: it stays, the frame is in */
        }
        *ret = len;
        return true;
    }
    if (g.active && !gro_flush(p)) {
        *ret = 0;               /* the merge waits for room: so does f */
        return true;
    }
    if (!cand || (f[pi.l4_off + 13] & TH_PSH)) {
        return false;           /* as it came */
    }
    const size_t hdrs = pi.l4_off + pi.l4_hdr_len;
    g.active = true;
    g.pf_port = pf_port;
    g.buf.assign(f, f + len);
    g.pi = pi;
    g.mss = (uint16_t)std::min<size_t>(len - hdrs, 0xffff);
    g.segs = 1;
    g.next_seq = be32(f + pi.l4_off + 4) + (uint32_t)(len - hdrs);
    gro_arm(p);
    *ret = len;
    return true;
}

/* GRO_FLUSH_NS after a merge began, or a retry after its ring was full. */
void Core::gro_timer(unsigned p)
{
    if (p >= num_ports_ || !gro_[p].timer) {
        return;     /* delivered or dropped meanwhile */
    }
    gro_[p].timer = false;
    if (gro_flush(p)) {
        flush_rx(p);    /* frames the backend held behind it */
    }
}

} /* namespace inic */
