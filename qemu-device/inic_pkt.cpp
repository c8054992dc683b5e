/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * inic device model: packet helpers (see inic_pkt.h). Every read is
 * bounded by the length the caller passes; every loop by a constant.
 */
#include "inic_pkt.h"

#include <cstring>

namespace inic {

namespace {

constexpr uint16_t ETH_P_IP_ = 0x0800;
constexpr uint16_t ETH_P_IPV6_ = 0x86dd;
constexpr uint16_t ETH_P_8021Q_ = 0x8100;
constexpr uint16_t ETH_P_8021AD_ = 0x88a8;
constexpr unsigned MAX_VLAN_TAGS = 2;
constexpr unsigned MAX_IPV6_EXT = 8;

void parse_l4(const uint8_t *f, PktInfo *pi)
{
    unsigned o = pi->l4_off;

    if (pi->frag) {
        return;
    }
    if (pi->l4_proto == IPPROTO_TCP_ && o + 20 <= pi->l3_end) {
        unsigned doff = (f[o + 12] >> 4) * 4u;
        if (doff >= 20 && o + doff <= pi->l3_end) {
            pi->l4_hdr_len = doff;
        }
    } else if (pi->l4_proto == IPPROTO_UDP_ && o + 8 <= pi->l3_end) {
        pi->l4_hdr_len = 8;
    }
}

void parse_ipv4(const uint8_t *f, size_t len, unsigned off, PktInfo *pi)
{
    if (off + 20 > len || (f[off] >> 4) != 4) {
        return;
    }
    unsigned ihl = (f[off] & 0xf) * 4u;
    if (ihl < 20 || off + ihl > len) {
        return;
    }
    unsigned tot = be16(f + off + 2);
    pi->l3 = 4;
    pi->l3_off = off;
    pi->l3_hdr_len = ihl;
    pi->l3_len_ok = tot >= ihl && off + tot <= len;
    pi->l3_end = pi->l3_len_ok ? off + tot : (unsigned)len;
    pi->frag = (be16(f + off + 6) & 0x3fff) != 0;   /* MF or offset */
    pi->l4_proto = f[off + 9];
    pi->l4_off = off + ihl;
    parse_l4(f, pi);
}

void parse_ipv6(const uint8_t *f, size_t len, unsigned off, PktInfo *pi)
{
    if (off + 40 > len || (f[off] >> 4) != 6) {
        return;
    }
    unsigned plen = be16(f + off + 4);
    pi->l3 = 6;
    pi->l3_off = off;
    pi->l3_len_ok = off + 40 + plen <= len;
    pi->l3_end = pi->l3_len_ok ? off + 40 + plen : (unsigned)len;

    uint8_t nh = f[off + 6];
    unsigned hl = 40;
    for (unsigned i = 0; i < MAX_IPV6_EXT; i++) {
        if (nh == 0 || nh == 43 || nh == 60) {      /* HBH, routing, dst */
            if (off + hl + 8 > pi->l3_end) {
                return;
            }
            uint8_t next = f[off + hl];
            hl += (f[off + hl + 1] + 1u) * 8u;
            nh = next;
        } else if (nh == 44) {                      /* fragment */
            if (off + hl + 8 > pi->l3_end) {
                return;
            }
            pi->frag = true;
            nh = f[off + hl];
            hl += 8;
            break;
        } else {
            break;
        }
    }
    if (off + hl > pi->l3_end) {
        return;
    }
    pi->l3_hdr_len = hl;
    pi->l4_proto = nh;
    pi->l4_off = off + hl;
    parse_l4(f, pi);
}

} /* namespace */

const uint8_t *vlan_pop(const uint8_t *f, size_t len, std::vector<uint8_t> &out)
{
    out.resize(len - 4);
    memcpy(out.data(), f, 12);
    memcpy(out.data() + 12, f + 16, len - 16);
    return out.data();
}

void parse_frame(const uint8_t *f, size_t len, PktInfo *pi)
{
    *pi = PktInfo();
    if (len < 14) {
        return;
    }
    unsigned off = 12;
    uint16_t type = be16(f + off);
    for (unsigned i = 0; i < MAX_VLAN_TAGS; i++) {
        if (type != ETH_P_8021Q_ && type != ETH_P_8021AD_) {
            break;
        }
        if (off + 6 > len) {
            return;
        }
        if (i == 0 && type == ETH_P_8021Q_) {
            pi->vlan = true;
            pi->vlan_tci = be16(f + off + 2);
        }
        off += 4;
        type = be16(f + off);
    }
    off += 2;
    if (type == ETH_P_IP_) {
        parse_ipv4(f, len, off, pi);
    } else if (type == ETH_P_IPV6_) {
        parse_ipv6(f, len, off, pi);
    }
}

uint64_t csum_add(uint64_t sum, const uint8_t *p, size_t len)
{
    while (len >= 4) {
        uint32_t w;
        memcpy(&w, p, 4);
        sum += w;
        p += 4;
        len -= 4;
    }
    if (len >= 2) {
        uint16_t w;
        memcpy(&w, p, 2);
        sum += w;
        p += 2;
        len -= 2;
    }
    if (len) {
        uint8_t t[2] = { p[0], 0 };
        uint16_t w;
        memcpy(&w, t, 2);
        sum += w;
    }
    return sum;
}

uint16_t csum_finish(uint64_t sum)
{
    while (sum >> 16) {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return (uint16_t)~sum;
}

void csum_store(uint8_t *p, uint16_t v)
{
    memcpy(p, &v, 2);
}

uint64_t csum_pseudo(const uint8_t *f, const PktInfo &pi, uint8_t proto,
                     uint32_t l4_len)
{
    uint64_t sum;

    if (pi.l3 == 4) {
        uint8_t t[4] = { 0, proto, (uint8_t)(l4_len >> 8), (uint8_t)l4_len };
        sum = csum_add(0, f + pi.l3_off + 12, 8);
        return csum_add(sum, t, 4);
    }
    uint8_t t[8] = { (uint8_t)(l4_len >> 24), (uint8_t)(l4_len >> 16),
                     (uint8_t)(l4_len >> 8), (uint8_t)l4_len, 0, 0, 0, proto };
    sum = csum_add(0, f + pi.l3_off + 8, 32);
    return csum_add(sum, t, 8);
}

uint32_t toeplitz(const uint8_t *key, size_t key_len, const uint8_t *in,
                  size_t n)
{
    uint64_t win = 0;
    uint32_t r = 0;

    /* The top 32 bits of win are the key bits aligned with the input bit. */
    for (size_t i = 0; i < 8; i++) {
        win = (win << 8) | (i < key_len ? key[i] : 0);
    }
    for (size_t i = 0; i < n; i++) {
        for (unsigned b = 0; b < 8; b++) {
            if (in[i] & (0x80 >> b)) {
                r ^= (uint32_t)(win >> 32);
            }
            win <<= 1;
        }
        win |= i + 8 < key_len ? key[i + 8] : 0;
    }
    return r;
}

uint32_t ether_crc_le(const uint8_t *p, size_t len)
{
    uint32_t crc = 0xffffffffu;

    for (size_t i = 0; i < len; i++) {
        crc ^= p[i];
        for (unsigned b = 0; b < 8; b++) {
            crc = (crc >> 1) ^ ((crc & 1) ? 0xedb88320u : 0);
        }
    }
    return crc;
}

/* ---- virtio-net header ---- */

namespace {

inline uint16_t le16(const uint8_t *p)
{
    return (uint16_t)(p[0] | (p[1] << 8));
}

inline void put_le16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

} /* namespace */

void vnet_store(const VnetHdr &h, uint8_t *p, size_t len)
{
    p[0] = h.flags;
    p[1] = h.gso_type;
    put_le16(p + 2, h.hdr_len);
    put_le16(p + 4, h.gso_size);
    put_le16(p + 6, h.csum_start);
    put_le16(p + 8, h.csum_offset);
    if (len >= VNET_HDR_LEN_MRG) {
        put_le16(p + 10, h.num_buffers);
    }
}

VnetHdr vnet_load(const uint8_t *p, size_t len)
{
    VnetHdr h;

    h.flags = p[0];
    h.gso_type = p[1];
    h.hdr_len = le16(p + 2);
    h.gso_size = le16(p + 4);
    h.csum_start = le16(p + 6);
    h.csum_offset = le16(p + 8);
    if (len >= VNET_HDR_LEN_MRG) {
        h.num_buffers = le16(p + 10);
    }
    return h;
}

VnetHdr vnet_for_csum(uint16_t start, uint16_t offset)
{
    VnetHdr h;

    h.flags = VNET_F_NEEDS_CSUM;
    h.csum_start = start;
    h.csum_offset = offset;
    return h;
}

VnetHdr vnet_for_tso(const uint8_t *f, const PktInfo &pi, uint16_t mss,
                     uint16_t hdr_len)
{
    VnetHdr h = vnet_for_csum((uint16_t)pi.l4_off, 16);

    h.gso_type = pi.l3 == 6 ? VNET_GSO_TCPV6 : VNET_GSO_TCPV4;
    if (f[pi.l4_off + 13] & 0x80) {
        h.gso_type |= VNET_GSO_ECN;     /* CWR: the first segment only */
    }
    h.hdr_len = hdr_len;
    h.gso_size = mss;
    return h;
}

void gso_prepare(uint8_t *f, size_t len, const PktInfo &pi)
{
    const unsigned l3 = pi.l3_off, l4 = pi.l4_off;

    if (pi.l3 == 4) {
        put_be16(f + l3 + 2, (uint16_t)(len - l3));
        f[l3 + 10] = f[l3 + 11] = 0;
        csum_store(f + l3 + 10,
                   csum_finish(csum_add(0, f + l3, pi.l3_hdr_len)));
    } else {
        put_be16(f + l3 + 4, (uint16_t)(len - l3 - 40));
    }
    /* The pseudo-header sum, not complemented: what Linux leaves there. */
    csum_store(f + l4 + 16,
               (uint16_t)~csum_finish(csum_pseudo(f, pi, IPPROTO_TCP_,
                                                  (uint32_t)(len - l4))));
}

void tso_seg_fix(uint8_t *h, size_t hlen, const PktInfo &pi, uint16_t id0,
                 uint32_t seq0, uint8_t flags0, unsigned i, unsigned mss,
                 const uint8_t *payload, size_t plen, bool last)
{
    const unsigned l3 = pi.l3_off, l4 = pi.l4_off;

    if (pi.l3 == 4) {
        put_be16(h + l3 + 2, (uint16_t)(hlen - l3 + plen));
        put_be16(h + l3 + 4, (uint16_t)(id0 + i));
        h[l3 + 10] = h[l3 + 11] = 0;
        csum_store(h + l3 + 10,
                   csum_finish(csum_add(0, h + l3, pi.l3_hdr_len)));
    } else {
        put_be16(h + l3 + 4, (uint16_t)(hlen - l3 - 40 + plen));
    }
    put_be32(h + l4 + 4, seq0 + (uint32_t)(i * mss));
    uint8_t flags = flags0;
    if (!last) {
        flags &= ~(0x01 | 0x08);        /* FIN, PSH: last segment only */
    }
    if (i) {
        flags &= ~0x80;                 /* CWR: first segment only */
    }
    h[l4 + 13] = flags;
    h[l4 + 16] = h[l4 + 17] = 0;
    uint64_t sum = csum_pseudo(h, pi, IPPROTO_TCP_,
                               (uint32_t)(pi.l4_hdr_len + plen));
    sum = csum_add(sum, h + l4, pi.l4_hdr_len);
    sum = csum_add(sum, payload, plen);
    csum_store(h + l4 + 16, csum_finish(sum));
}

size_t gso_segment(const uint8_t *f, size_t len, const PktInfo &pi,
                   unsigned mss, unsigned i, uint8_t *out)
{
    const size_t hdr = pi.l4_off + pi.l4_hdr_len;
    const size_t off = hdr + (size_t)i * mss;

    if (!mss || off >= len) {
        return 0;
    }
    const size_t plen = len - off < mss ? len - off : mss;

    memcpy(out, f, hdr);
    memcpy(out + hdr, f + off, plen);
    tso_seg_fix(out, hdr, pi, be16(f + pi.l3_off + 4),
                be32(f + pi.l4_off + 4), f[pi.l4_off + 13], i, mss,
                out + hdr, plen, off + plen == len);
    return hdr + plen;
}

VnetBad vnet_check(const VnetHdr &h, const uint8_t *f, size_t len,
                   PktInfo *pi)
{
    const uint8_t type = h.gso_type & ~VNET_GSO_ECN;
    const bool ecn = h.gso_type & VNET_GSO_ECN;

    *pi = PktInfo();
    if (len < 14) {
        return VnetBad::Short;
    }
    if ((type != VNET_GSO_NONE && type != VNET_GSO_TCPV4 &&
         type != VNET_GSO_UDP && type != VNET_GSO_TCPV6) ||
        (ecn && type != VNET_GSO_TCPV4 && type != VNET_GSO_TCPV6)) {
        return VnetBad::Type;
    }
    if (type != VNET_GSO_NONE && !h.gso_size) {
        return VnetBad::GsoSize;
    }
    if (type != VNET_GSO_NONE && h.hdr_len > len) {
        return VnetBad::HdrLen;
    }
    if ((h.flags & VNET_F_NEEDS_CSUM) &&
        !csum_req_ok(len, h.csum_start, h.csum_offset)) {
        return VnetBad::Csum;
    }
    parse_frame(f, len, pi);
    if (type == VNET_GSO_NONE) {
        return VnetBad::None;
    }
    const bool tcp = pi->l4_proto == IPPROTO_TCP_;
    if (pi->frag || !pi->l4_hdr_len ||
        (type == VNET_GSO_TCPV4 && (pi->l3 != 4 || !tcp)) ||
        (type == VNET_GSO_TCPV6 && (pi->l3 != 6 || !tcp)) ||
        (type == VNET_GSO_UDP && pi->l4_proto != IPPROTO_UDP_) ||
        pi->l4_off + pi->l4_hdr_len >= len) {
        return VnetBad::Proto;
    }
    return VnetBad::None;
}

} /* namespace inic */
