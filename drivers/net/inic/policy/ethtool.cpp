// SPDX-License-Identifier: GPL-2.0
/*
 * inic policy: ethtool parameter validation and TX queue thresholds. Freestanding C++ (no exceptions, no RTTI, no global
 * constructors, no libstdc++): it includes only policy headers,
 * inic_cxx.hpp and inic_hw.h, and builds unchanged in the kernel module, in
 * KUnit and in user space.
 */
#include "inic_cxx.hpp"
#include "policy/ethtool.h"

namespace inic {
namespace {

constexpr bool is_pow2(uint32_t v)
{
	return v && !(v & (v - 1));
}

int refuse(const char **msg, const char *text, int err)
{
	if (msg)
		*msg = text;
	return err;
}

} /* namespace */
} /* namespace inic */

extern "C" {

int inic_channels_check(__u32 combined, __u32 rx, __u32 tx, __u32 other,
			__u32 max, const char **msg)
{
	if (rx || tx)
		return inic::refuse(msg, "only combined channels are supported",
				    -INIC_E_INVAL);
	if (other)
		return inic::refuse(msg, "no other channels: misc is not configurable",
				    -INIC_E_INVAL);
	if (!combined)
		return inic::refuse(msg, "at least one combined channel is needed",
				    -INIC_E_INVAL);
	if (combined > max)
		return inic::refuse(msg, "more combined channels than the port's rings",
				    -INIC_E_INVAL);
	return 0;
}

int inic_ringparam_check(__u32 rx, __u32 tx, const char **msg)
{
	if (rx < INIC_RING_MIN || tx < INIC_RING_MIN)
		return inic::refuse(msg, "ring size below the minimum of 16",
				    -INIC_E_INVAL);
	if (rx > INIC_RING_MAX || tx > INIC_RING_MAX)
		return inic::refuse(msg, "ring size above the maximum of 4096",
				    -INIC_E_INVAL);
	if (!inic::is_pow2(rx) || !inic::is_pow2(tx))
		return inic::refuse(msg, "ring size must be a power of two",
				    -INIC_E_INVAL);
	return 0;
}

int inic_coalesce_check(__u32 usecs, __u32 frames, const char **msg)
{
	if (usecs > INIC_ITR_MAX_USECS)
		return inic::refuse(msg, "usecs above the maximum of 65535",
				    -INIC_E_RANGE);
	if (frames > INIC_RING_MAX)
		return inic::refuse(msg, "max-frames above the maximum of 4096",
				    -INIC_E_RANGE);
	if (frames > 1 && !usecs)
		return inic::refuse(msg, "max-frames above 1 needs usecs as well",
				    -INIC_E_INVAL);
	return 0;
}

void inic_tx_thresholds(__u32 size, __u32 max_descs, __u32 *stop,
			__u32 *wake)
{
	/* At most half the usable entries, so that waking means room. */
	__u32 half = size > 2 ? (size - 1) / 2 : 1;

	*stop = inic::max(inic::min(max_descs, half), 1u);
	*wake = inic::min(2 * *stop, size > 1 ? size - 1 : 1u);
}

} /* extern "C" */
