/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * inic device model: receive side scaling. Chooses the RX ring of a
 * frame (the port's default ring, or the Toeplitz hash through the
 * indirection table) and the hash reported in the descriptor.
 */
#include "inic_core.h"
#include "inic_core_int.h"

#include <algorithm>
#include <cstring>

namespace inic {

/* The key Microsoft's RSS documentation and most NICs use by default. */
const uint8_t Core::default_rss_key[INIC_RSS_KEY_SIZE] = {
    0x6d, 0x5a, 0x56, 0xda, 0x25, 0x5b, 0x0e, 0xc2, 0x41, 0x67,
    0x25, 0x3d, 0x43, 0xa3, 0x8f, 0xb0, 0xd0, 0xca, 0x2b, 0xcb,
    0xae, 0x7b, 0x30, 0xb4, 0x77, 0xcb, 0x2d, 0xa3, 0x80, 0x30,
    0xf2, 0x0c, 0x6a, 0x42, 0xb7, 0x3b, 0xbe, 0xac, 0x01, 0xfa,
};

/*
 * The ring a frame goes to: the RSS indirection table entry its hash
 * selects, or PORT_RX_RING when RSS is off or the frame has no hash.
 */
unsigned Core::rx_select(const Endpoint &pt, const uint8_t *buf,
                         const PktInfo &pi, uint32_t *hash, unsigned *htype)
{
    *hash = 0;
    *htype = INIC_HASH_NONE;
    if (!(pt.rss_ctrl & INIC_RSS_ENABLE) ||
        !rss_hash(pt, buf, pi, hash, htype)) {
        return pt.rx_ring;
    }
    return pt.reta[*hash & (INIC_RSS_RETA_SIZE - 1)];
}

/*
 * The Toeplitz hash of a frame with the port's key, for the hash types
 * RSS_CTRL enables (ENABLE aside: the classifier's RSS contexts use it
 * too). False: the frame has none of them.
 */
bool Core::rss_hash(const Endpoint &pt, const uint8_t *buf, const PktInfo &pi,
                    uint32_t *hash, unsigned *htype)
{
    if (!pi.l3) {
        return false;
    }
    uint8_t in[36];
    size_t n;
    bool l4 = !pi.frag && pi.l4_hdr_len;
    bool tcp = l4 && pi.l4_proto == IPPROTO_TCP_;
    bool udp = l4 && pi.l4_proto == IPPROTO_UDP_;
    unsigned t;
    if (pi.l3 == 4) {
        memcpy(in, buf + pi.l3_off + 12, 8);
        n = 8;
        if (tcp && (pt.rss_ctrl & INIC_RSS_HASH_TCP_IPV4)) {
            t = INIC_HASH_TCP_IPV4;
        } else if (udp && (pt.rss_ctrl & INIC_RSS_HASH_UDP_IPV4)) {
            t = INIC_HASH_UDP_IPV4;
        } else if (pt.rss_ctrl & INIC_RSS_HASH_IPV4) {
            t = INIC_HASH_IPV4;
        } else {
            return false;
        }
    } else {
        memcpy(in, buf + pi.l3_off + 8, 32);
        n = 32;
        if (tcp && (pt.rss_ctrl & INIC_RSS_HASH_TCP_IPV6)) {
            t = INIC_HASH_TCP_IPV6;
        } else if (udp && (pt.rss_ctrl & INIC_RSS_HASH_UDP_IPV6)) {
            t = INIC_HASH_UDP_IPV6;
        } else if (pt.rss_ctrl & INIC_RSS_HASH_IPV6) {
            t = INIC_HASH_IPV6;
        } else {
            return false;
        }
    }
    if (INIC_HASH_IS_L4(t)) {
        memcpy(in + n, buf + pi.l4_off, 4);     /* source, destination port */
        n += 4;
    }
    *hash = toeplitz(pt.rss_key.data(), INIC_RSS_KEY_SIZE, in, n);
    *htype = t;
    return true;
}

} /* namespace inic */
