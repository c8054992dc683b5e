// SPDX-License-Identifier: GPL-2.0
/*
 * inic policy: ABI compatibility, MTU and MAC validation. Freestanding C++ (no exceptions, no RTTI, no global
 * constructors, no libstdc++): it includes only policy headers,
 * inic_cxx.hpp and inic_hw.h, and builds unchanged in the kernel module, in
 * KUnit and in user space.
 */
#include "inic_cxx.hpp"
#include "policy/dev.h"

extern "C" {

int inic_core_abi_check(__u32 id, __u32 version)
{
	if (id != INIC_ID_MAGIC)
		return -INIC_E_NODEV;
	if ((version >> 16) != INIC_ABI_MAJOR)
		return -INIC_E_NODEV;
	return 0;
}

int inic_mtu_check(__u32 mtu)
{
	if (mtu < INIC_MIN_MTU || mtu > INIC_MAX_MTU)
		return -INIC_E_RANGE;
	return 0;
}

bool inic_mac_valid(const __u8 mac[6])
{
	__u8 any = 0;

	if (!mac)
		return false;
	for (int i = 0; i < 6; i++)
		any |= mac[i];
	return any && !(mac[0] & 1);
}

void inic_mac_to_regs(const __u8 mac[6], __u32 *lo, __u32 *hi)
{
	*lo = (__u32)mac[0] | (__u32)mac[1] << 8 |
	      (__u32)mac[2] << 16 | (__u32)mac[3] << 24;
	*hi = (__u32)mac[4] | (__u32)mac[5] << 8;
}

void inic_mac_from_regs(__u32 lo, __u32 hi, __u8 mac[6])
{
	for (int i = 0; i < 4; i++)
		mac[i] = (__u8)(lo >> (8 * i));
	mac[4] = (__u8)hi;
	mac[5] = (__u8)(hi >> 8);
}

} /* extern "C" */
