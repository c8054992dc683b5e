/* SPDX-License-Identifier: GPL-2.0 */
/*
 * inic policy: ethtool channel, ring and coalescing validation (with the
 * extack text) and the TX queue thresholds (policy/ethtool.cpp).
 */
#ifndef INIC_POLICY_ETHTOOL_H
#define INIC_POLICY_ETHTOOL_H

#include "policy/types.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * ---- ethtool parameter validation ----
 * Each returns 0, or a negative errno with *msg set to a static message
 * for the extack (msg may be NULL).
 */

/* ethtool -L: combined 1..max, no separate rx/tx/other channels. */
int inic_channels_check(__u32 combined, __u32 rx, __u32 tx, __u32 other,
			__u32 max, const char **msg);
/* ethtool -G: powers of two, INIC_RING_MIN..INIC_RING_MAX. */
int inic_ringparam_check(__u32 rx, __u32 tx, const char **msg);
/*
 * ethtool -C for one direction: usecs 0..INIC_ITR_MAX_USECS, frames
 * 0..INIC_RING_MAX, and frames > 1 only with a time limit (the device
 * would otherwise wait for that many frames forever).
 */
int inic_coalesce_check(__u32 usecs, __u32 frames, const char **msg);
/*
 * TX queue thresholds for a ring of size entries when a frame may need up
 * to max_descs descriptors: stop the queue below *stop free entries, wake
 * it at *wake. On small rings *stop is smaller than max_descs: frames
 * needing more descriptors than *stop must be linearized first.
 */
void inic_tx_thresholds(__u32 size, __u32 max_descs, __u32 *stop,
			__u32 *wake);

#ifdef __cplusplus
}
#endif

#endif /* INIC_POLICY_ETHTOOL_H */
