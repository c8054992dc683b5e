// SPDX-License-Identifier: GPL-2.0
/*
 * inic policy: RSS tables, registers and RX descriptor metadata. Freestanding C++ (no exceptions, no RTTI, no global
 * constructors, no libstdc++): it includes only policy headers,
 * inic_cxx.hpp and inic_hw.h, and builds unchanged in the kernel module, in
 * KUnit and in user space.
 */
#include "inic_cxx.hpp"
#include "policy/rss.h"

extern "C" {

void inic_rss_indir_default(__u32 *indir, __u32 n, __u32 channels)
{
	if (!channels)
		channels = 1;
	for (__u32 i = 0; i < n; i++)
		indir[i] = i % channels;
}

int inic_rss_indir_check(const __u32 *indir, __u32 n, __u32 channels)
{
	for (__u32 i = 0; i < n; i++)
		if (indir[i] >= channels)
			return -INIC_E_INVAL;
	return 0;
}

void inic_rss_reta_regs(const __u32 indir[INIC_RSS_RETA_SIZE],
			__u32 first_ring, __u32 regs[INIC_RSS_RETA_REGS])
{
	for (__u32 r = 0; r < INIC_RSS_RETA_REGS; r++) {
		regs[r] = 0;
		for (__u32 k = 0; k < 4; k++)
			regs[r] |= ((first_ring + indir[4 * r + k]) & 0xffu)
				   << (8 * k);
	}
}

void inic_bytes_to_regs(const __u8 *bytes, __u32 n, __u32 *regs)
{
	for (__u32 i = 0; i < n; i++) {
		if (!(i % 4))
			regs[i / 4] = 0;
		regs[i / 4] |= (__u32)bytes[i] << (8 * (i % 4));
	}
}

__u32 inic_rss_ctrl_value(void)
{
	return INIC_RSS_ENABLE | INIC_RSS_HASH_ALL;
}

} /* extern "C" */
