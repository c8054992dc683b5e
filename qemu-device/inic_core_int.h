/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * inic device model: helpers shared by the engine files of Core
 * (inic_*.cpp). Internal to the model: not part of any interface.
 */
#ifndef INIC_CORE_INT_H
#define INIC_CORE_INT_H

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "inic_core.h"

namespace inic {

inline uint16_t ld16(const uint8_t *p)
{
    return (uint16_t)(p[0] | (p[1] << 8));
}

inline uint64_t ld64(const uint8_t *p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--) {
        v = (v << 8) | p[i];
    }
    return v;
}

inline void st16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

inline uint32_t mac_lo(const uint8_t *m)
{
    return (uint32_t)m[0] | ((uint32_t)m[1] << 8) | ((uint32_t)m[2] << 16) |
           ((uint32_t)m[3] << 24);
}

inline uint32_t mac_hi(const uint8_t *m)
{
    return (uint32_t)m[4] | ((uint32_t)m[5] << 8);
}

inline bool is_pow2(uint32_t v)
{
    return v && !(v & (v - 1));
}

/* Largest frame the port accepts: MTU + Ethernet header (+ one VLAN tag). */
inline size_t max_frame(uint32_t mtu, const uint8_t *frame, size_t len)
{
    size_t max = (size_t)mtu + 14;
    if (len >= 14) {
        uint16_t type = (uint16_t)((frame[12] << 8) | frame[13]);
        if (type == 0x8100 || type == 0x88a8) {
            max += 4;
        }
    }
    return max;
}

/* Offsets inside the TX/RX descriptors (hw-reference "Descriptors"). */
constexpr unsigned TXD_ADDR = 0, TXD_LEN = 8, TXD_CMD = 10, TXD_STATUS = 22;
constexpr unsigned TXD_CSUM_START = 12, TXD_CSUM_OFFSET = 14, TXD_MSS = 16;
constexpr unsigned TXD_HDR_LEN = 18, TXD_VLAN = 20;
constexpr unsigned RXD_ADDR = 0, RXD_BUF_LEN = 8, RXD_WB = 10;
constexpr unsigned RXD_VLAN = 14, RXD_HASH = 16, RXD_PTYPE = 20;
constexpr unsigned RXD_MARK = 24;
constexpr unsigned RXD_LRO_MSS = 22, RXD_LRO_SEGS = 30;     /* 1.6 */
constexpr unsigned RXD_TOE_MSS = 22;                        /* 1.7: the same u16 */
constexpr unsigned RXD_TOE_WSCALE = 28, RXD_TOE_FLAGS = 29;
constexpr unsigned RXD_WB_LEN = INIC_DESC_SIZE - RXD_WB;

/* A BAR0 access the register file cannot take (PF and VF alike). */
inline bool bad_access(uint64_t off, unsigned size)
{
    return off >= INIC_BAR_REGS_SIZE || (size != 4 && size != 8) ||
           (off & (size - 1));
}

/* What a size-byte read at off returns of the 64-bit counter v. */
inline uint64_t counter_part(uint64_t v, uint64_t off, unsigned size)
{
    if (size == 8) {
        return v;
    }
    return (off & 4) ? v >> 32 : (uint32_t)v;
}

/* Read-only global registers of every function: writes are ignored. */
inline bool global_read_only(uint32_t off)
{
    switch (off) {
    case INIC_REG_ID:
    case INIC_REG_VERSION:
    case INIC_REG_CAPS:
    case INIC_REG_FUNC:
    case INIC_REG_NUM_PORTS:
    case INIC_REG_NUM_RINGS:
    case INIC_REG_NUM_VECTORS:
    case INIC_REG_RINGS_PER_PORT:
    case INIC_REG_STATUS:
    case INIC_REG_ERR_TOTAL:
    case INIC_REG_ERR_LAST:
    case INIC_REG_ERR_INFO:
    case INIC_REG_RSS_KEY_SIZE:
    case INIC_REG_RSS_RETA_SIZE:
    case INIC_REG_UC_FILTERS:
    case INIC_REG_TSO_MAX_SEGS:
    case INIC_REG_TOTAL_VFS:
    case INIC_REG_NUM_VFS:
    case INIC_REG_VF_RING_POOL:
        return true;
    default:
        return off >= INIC_REG_ERR_COUNT(0) &&
               off < INIC_REG_ERR_COUNT(INIC_ERR_CODES);
    }
}

inline uint32_t ld32_bytes(const uint8_t *b)
{
    return (uint32_t)b[0] | ((uint32_t)b[1] << 8) | ((uint32_t)b[2] << 16) |
           ((uint32_t)b[3] << 24);
}

inline void st32_bytes(uint8_t *b, uint32_t v)
{
    b[0] = (uint8_t)v;
    b[1] = (uint8_t)(v >> 8);
    b[2] = (uint8_t)(v >> 16);
    b[3] = (uint8_t)(v >> 24);
}

/* dst is the port's station MAC or one of its unicast filter entries. */
inline bool port_owns_unicast(const Endpoint &pt, const uint8_t *dst)
{
    if (!memcmp(dst, pt.mac, 6)) {
        return true;
    }
    for (const auto &e : pt.uc) {
        if (e.valid && !memcmp(dst, e.mac, 6)) {
            return true;
        }
    }
    return false;
}

/* VLAN of a frame for the switch: the outer 802.1Q VID, -1 if untagged. */
inline int frame_vid(const uint8_t *buf, size_t len)
{
    if (len >= 18 && buf[12] == 0x81 && buf[13] == 0x00) {
        return ((buf[14] << 8) | buf[15]) & 0xfff;
    }
    return -1;
}

/* A VF with a port VLAN is a member of that VLAN only; others of all. */
inline bool vf_vlan_member(const Vf &vf, int vid)
{
    return !vf.pvid() || vid == (int)vf.pvid();
}

} /* namespace inic */

#endif /* INIC_CORE_INT_H */
