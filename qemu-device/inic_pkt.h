/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * inic device model: packet helpers for the offload engines (no QEMU
 * headers). Header parsing, Internet checksums, the Toeplitz RSS hash and
 * the multicast filter CRC. Pure functions over byte buffers: every read
 * is bounded by the length passed in.
 */
#ifndef INIC_PKT_H
#define INIC_PKT_H

#include <cstddef>
#include <cstdint>

namespace inic {

/* What the parser found in a frame. Offsets are from the frame start. */
struct PktInfo {
    unsigned l3 = 0;            /* 0 (not IP / malformed), 4 or 6 */
    bool vlan = false;          /* outer tag is 802.1Q (0x8100) */
    uint16_t vlan_tci = 0;
    unsigned l3_off = 0;        /* IP header */
    unsigned l3_hdr_len = 0;    /* IPv4 IHL*4; IPv6 40 + extension headers */
    unsigned l3_end = 0;        /* end of the IP packet (from its length) */
    bool l3_len_ok = false;     /* the IP length field fits the frame */
    uint8_t l4_proto = 0;       /* 6 TCP, 17 UDP, other */
    bool frag = false;
    unsigned l4_off = 0;        /* TCP/UDP header, when l4_hdr_len != 0 */
    unsigned l4_hdr_len = 0;    /* 0 unless a whole TCP/UDP header is there */
};

constexpr uint8_t IPPROTO_TCP_ = 6;
constexpr uint8_t IPPROTO_UDP_ = 17;

void parse_frame(const uint8_t *f, size_t len, PktInfo *pi);

/* One's complement sum of 16-bit words (native order) into a wide sum. */
uint64_t csum_add(uint64_t sum, const uint8_t *p, size_t len);
/* Fold to 16 bits and complement: the value to store, in memory order. */
uint16_t csum_finish(uint64_t sum);
/* Store a 16-bit value computed by csum_finish() at p. */
void csum_store(uint8_t *p, uint16_t v);
/* Sum of the TCP/UDP pseudo header (addresses, proto, L4 length). */
uint64_t csum_pseudo(const uint8_t *f, const PktInfo &pi, uint8_t proto,
                     uint32_t l4_len);

uint32_t toeplitz(const uint8_t *key, size_t key_len, const uint8_t *in,
                  size_t n);

/* ether_crc_le(): reflected CRC-32, init ~0, no final inversion. */
uint32_t ether_crc_le(const uint8_t *p, size_t len);

inline uint16_t be16(const uint8_t *p)
{
    return (uint16_t)((p[0] << 8) | p[1]);
}
inline uint32_t be32(const uint8_t *p)
{
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
           ((uint32_t)p[2] << 8) | p[3];
}
inline void put_be16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}
inline void put_be32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

} /* namespace inic */

#endif /* INIC_PKT_H */
