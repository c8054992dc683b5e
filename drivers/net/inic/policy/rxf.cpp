// SPDX-License-Identifier: GPL-2.0
/*
 * inic policy: receive filter tables (unicast slots, multicast hash). Freestanding C++ (no exceptions, no RTTI, no global
 * constructors, no libstdc++): it includes only policy headers,
 * inic_cxx.hpp and inic_hw.h, and builds unchanged in the kernel module, in
 * KUnit and in user space.
 */
#include "inic_cxx.hpp"
#include "policy/rxf.h"
#include "policy/dev.h"

namespace inic {
namespace {

/* Reflected CRC-32, bit by bit (6-byte addresses: speed is no concern). */
__u32 crc32_le(const __u8 *data, __u32 len)
{
	__u32 crc = 0xffffffffu;

	for (__u32 i = 0; i < len; i++) {
		crc ^= data[i];
		for (int b = 0; b < 8; b++)
			crc = (crc >> 1) ^ ((crc & 1) ? 0xedb88320u : 0);
	}
	return crc;
}

bool mac_equal(const __u8 *a, __u32 lo, __u32 hi)
{
	return ((__u32)a[0] | (__u32)a[1] << 8 | (__u32)a[2] << 16 |
		(__u32)a[3] << 24) == lo &&
	       (((__u32)a[4] | (__u32)a[5] << 8) | INIC_UC_VALID) == hi;
}

} /* namespace */
} /* namespace inic */

extern "C" {

__u32 inic_ether_crc_le(const __u8 *data, __u32 len)
{
	return inic::crc32_le(data, len);
}

__u32 inic_mc_hash_bit(const __u8 mac[6])
{
	return inic::crc32_le(mac, 6) & INIC_MC_HASH_MASK;
}

void inic_rxf_begin(struct inic_rx_filter *f, bool promisc, bool allmulti)
{
	*f = {};
	f->ctrl = INIC_PORT_CTRL_MC_FILTER;
	if (promisc)
		f->ctrl |= INIC_PORT_CTRL_PROMISC;
	if (allmulti)
		f->ctrl |= INIC_PORT_CTRL_ALLMULTI;
}

__u32 inic_rxf_add_uc(struct inic_rx_filter *f, const __u8 mac[6])
{
	__u32 lo, hi;

	for (__u32 i = 0; i < f->uc_used; i++)
		if (inic::mac_equal(mac, f->uc_lo[i], f->uc_hi[i]))
			return i;
	if (f->uc_used >= INIC_UC_FILTERS) {
		f->uc_overflow = true;
		f->ctrl |= INIC_PORT_CTRL_PROMISC;
		return INIC_CORE_NONE;
	}
	inic_mac_to_regs(mac, &lo, &hi);
	f->uc_lo[f->uc_used] = lo;
	f->uc_hi[f->uc_used] = hi | INIC_UC_VALID;
	return f->uc_used++;
}

__u32 inic_rxf_add_mc(struct inic_rx_filter *f, const __u8 mac[6])
{
	__u32 bit = inic_mc_hash_bit(mac);

	f->mc_hash[bit / 32] |= 1u << (bit % 32);
	return bit;
}

} /* extern "C" */
