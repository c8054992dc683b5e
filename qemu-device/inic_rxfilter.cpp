/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * inic device model: the receive filter. The port receive tables block
 * (0x8000 + port * 0x800: RSS key, indirection table, unicast filter,
 * multicast hash) and the decision whether a port accepts a destination.
 */
#include "inic_core.h"
#include "inic_core_int.h"

#include <algorithm>
#include <cstring>

namespace inic {

bool Core::ptbl_blk_read(unsigned p, uint32_t off, uint32_t *val)
{
    *val = ptbl_read(p, off);
    return true;
}

bool Core::ptbl_blk_write(unsigned p, uint32_t off, uint32_t val)
{
    ptbl_write(p, off, val);
    return true;
}

uint32_t Core::ptbl_read(unsigned p, uint32_t off)
{
    const Endpoint &pt = pf_eps_[p];

    if (off < INIC_PTBL_RSS_KEY(INIC_RSS_KEY_REGS)) {
        return ld32_bytes(&pt.rss_key[off]);
    }
    if (off >= INIC_PTBL_RSS_RETA(0) &&
        off < INIC_PTBL_RSS_RETA(INIC_RSS_RETA_REGS)) {
        return ld32_bytes(&pt.reta[off - INIC_PTBL_RSS_RETA(0)]);
    }
    if (off >= INIC_PTBL_UC_LO(0) && off < INIC_PTBL_UC_LO(INIC_UC_FILTERS)) {
        const Endpoint::UcEntry &e = pt.uc[(off - INIC_PTBL_UC_LO(0)) / 8];
        if (off & 4) {
            return mac_hi(e.mac) | (e.valid ? INIC_UC_VALID : 0);
        }
        return mac_lo(e.mac);
    }
    if (off >= INIC_PTBL_MC_HASH(0) &&
        off < INIC_PTBL_MC_HASH(INIC_MC_HASH_REGS)) {
        return pt.mc_hash[(off - INIC_PTBL_MC_HASH(0)) / 4];
    }
    error(INIC_ERR_BAD_REG, INIC_PTBL_BASE(p) + off);
    return 0;
}

void Core::ptbl_write(unsigned p, uint32_t off, uint32_t val)
{
    Endpoint &pt = pf_eps_[p];

    if (off < INIC_PTBL_RSS_KEY(INIC_RSS_KEY_REGS)) {
        st32_bytes(&pt.rss_key[off], val);
        return;
    }
    if (off >= INIC_PTBL_RSS_RETA(0) &&
        off < INIC_PTBL_RSS_RETA(INIC_RSS_RETA_REGS)) {
        for (unsigned k = 0; k < 4; k++) {
            if (((val >> (8 * k)) & 0xff) >= num_rings_) {
                error(INIC_ERR_BAD_VALUE, INIC_PTBL_BASE(p) + off);
                return;
            }
        }
        st32_bytes(&pt.reta[off - INIC_PTBL_RSS_RETA(0)], val);
        flush_rx(p);
        return;
    }
    if (off >= INIC_PTBL_UC_LO(0) && off < INIC_PTBL_UC_LO(INIC_UC_FILTERS)) {
        Endpoint::UcEntry &e = pt.uc[(off - INIC_PTBL_UC_LO(0)) / 8];
        if (off & 4) {
            e.mac[4] = (uint8_t)val;
            e.mac[5] = (uint8_t)(val >> 8);
            e.valid = val & INIC_UC_VALID;
        } else {
            st32_bytes(e.mac, val);
        }
        return;
    }
    if (off >= INIC_PTBL_MC_HASH(0) &&
        off < INIC_PTBL_MC_HASH(INIC_MC_HASH_REGS)) {
        pt.mc_hash[(off - INIC_PTBL_MC_HASH(0)) / 4] = val;
        return;
    }
    error(INIC_ERR_BAD_REG, INIC_PTBL_BASE(p) + off);
}

bool Core::rx_accept(const Endpoint &pt, const uint8_t *dst)
{
    static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

    if (pt.ctrl & INIC_PORT_CTRL_PROMISC) {
        return true;
    }
    if (dst[0] & 1) {
        if (!(pt.ctrl & INIC_PORT_CTRL_MC_FILTER) ||
            (pt.ctrl & INIC_PORT_CTRL_ALLMULTI) || !memcmp(dst, bcast, 6)) {
            return true;
        }
        uint32_t h = ether_crc_le(dst, 6) & INIC_MC_HASH_MASK;
        return pt.mc_hash[h / 32] & (1u << (h % 32));
    }
    return port_owns_unicast(pt, dst);
}

} /* namespace inic */
