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
#include <vector>

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

/*
 * The frame without its outer 802.1Q tag (bytes 12..15), written to out:
 * returns out's data, len - 4 bytes. The caller knows there is a tag.
 */
const uint8_t *vlan_pop(const uint8_t *f, size_t len, std::vector<uint8_t> &out);

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

/*
 * The virtio-net header a QEMU backend (tap with vnet_hdr) puts before
 * each frame once the device asked for it (struct virtio_net_hdr, our own
 * copy: the core includes no QEMU or Linux header). Little-endian; 10
 * bytes, or 12 with num_buffers (VNET_HDR_LEN_MRG), as the backend is told.
 */
constexpr size_t VNET_HDR_LEN = 10;
constexpr size_t VNET_HDR_LEN_MRG = 12;
constexpr uint8_t VNET_F_NEEDS_CSUM = 1;    /* csum_start/offset to fill */
constexpr uint8_t VNET_F_DATA_VALID = 2;    /* checksums already checked */
constexpr uint8_t VNET_GSO_NONE = 0;
constexpr uint8_t VNET_GSO_TCPV4 = 1;
constexpr uint8_t VNET_GSO_UDP = 3;         /* UFO: IP fragments */
constexpr uint8_t VNET_GSO_TCPV6 = 4;
constexpr uint8_t VNET_GSO_ECN = 0x80;      /* TCP: CWR in the first only */

struct VnetHdr {
    uint8_t flags = 0;
    uint8_t gso_type = VNET_GSO_NONE;
    uint16_t hdr_len = 0;       /* GSO: bytes of headers (a hint) */
    uint16_t gso_size = 0;      /* GSO: payload bytes per segment */
    uint16_t csum_start = 0;    /* NEEDS_CSUM: sum from here to the end */
    uint16_t csum_offset = 0;   /* ... stored at csum_start + this */
    uint16_t num_buffers = 0;   /* 12-byte form only; 0 when we send */
};

/* Why a received header was refused (vnet_check). */
enum class VnetBad {
    None,
    Short,      /* frame shorter than the header, or no Ethernet header */
    Type,       /* unknown gso_type, or ECN without a TCP type */
    GsoSize,    /* GSO with gso_size 0 */
    Csum,       /* csum_start/offset beyond the frame, or odd offset */
    HdrLen,     /* GSO: hdr_len beyond the frame */
    Proto,      /* GSO: the frame is not what gso_type says, or no payload */
};

/* Serialize h into p (len VNET_HDR_LEN or VNET_HDR_LEN_MRG). */
void vnet_store(const VnetHdr &h, uint8_t *p, size_t len);
/* Read the header at p (len as above). */
VnetHdr vnet_load(const uint8_t *p, size_t len);
/* The header of a CHECKSUM_PARTIAL request (TXD CMD_CSUM). */
VnetHdr vnet_for_csum(uint16_t start, uint16_t offset);
/*
 * The header of a TSO request (TXD CMD_TSO) on frame f parsed as pi (a
 * TCP/IPv4 or TCP/IPv6 frame tso_check accepted): one GSO frame of mss
 * payload bytes per segment, the TCP checksum to be completed.
 */
VnetHdr vnet_for_tso(const uint8_t *f, const PktInfo &pi, uint16_t mss,
                     uint16_t hdr_len);
/*
 * Fix frame f (len bytes, parsed as pi, TCP) for sending as one GSO frame:
 * IP lengths (and IPv4 header checksum) of the whole frame, the TCP
 * checksum field holding the pseudo-header sum (what NEEDS_CSUM and the
 * backend's segmentation expect).
 */
void gso_prepare(uint8_t *f, size_t len, const PktInfo &pi);
/*
 * Fix, in place, the headers h (hlen bytes, parsed as pi: offsets inside
 * h) of segment i of a TCP segmentation at mss payload bytes whose
 * original headers had IPv4 id id0, sequence seq0 and flags flags0: IP
 * length (IPv4: id0 + i and the header checksum), sequence number, flags
 * (FIN and PSH on the last segment only, CWR on the first only) and the
 * TCP checksum over the headers and the plen payload bytes at payload.
 * The device's TSO (tso_send) and the received GSO cut (gso_segment).
 */
void tso_seg_fix(uint8_t *h, size_t hlen, const PktInfo &pi, uint16_t id0,
                 uint32_t seq0, uint8_t flags0, unsigned i, unsigned mss,
                 const uint8_t *payload, size_t plen, bool last);
/*
 * Segment i of the TCP GSO frame f (len bytes, parsed as pi, checked by
 * vnet_check) cut at mss payload bytes, into out (room for the headers
 * plus mss): IP length/id/header checksum, sequence number, flags (FIN
 * and PSH on the last segment, CWR on the first) and a complete TCP
 * checksum. Returns its length, 0 past the last segment.
 */
size_t gso_segment(const uint8_t *f, size_t len, const PktInfo &pi,
                   unsigned mss, unsigned i, uint8_t *out);
/*
 * Validate header h of frame f (len bytes, header excluded); fills *pi
 * with the frame's parse. Bounded reads only.
 */
VnetBad vnet_check(const VnetHdr &h, const uint8_t *f, size_t len,
                   PktInfo *pi);

/*
 * A CHECKSUM_PARTIAL request (TXD CMD_CSUM, a header's NEEDS_CSUM) that
 * stays inside a frame of len bytes: an even offset, the 16-bit field
 * within the frame.
 */
inline bool csum_req_ok(size_t len, uint16_t start, uint16_t offset)
{
    return !(offset & 1) && (size_t)start + offset + 2 <= len;
}

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
