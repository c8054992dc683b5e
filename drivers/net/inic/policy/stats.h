/* SPDX-License-Identifier: GPL-2.0 */
/*
 * inic policy: counter aggregation: monotonic totals over the device's
 * per-ring counters, port totals and the channel-change base
 * (policy/stats.cpp).
 */
#ifndef INIC_POLICY_STATS_H
#define INIC_POLICY_STATS_H

#include "policy/types.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Counters: monotonic totals over the device's per-ring counters ---- */

/* One counter: last raw value seen and the running total. */
struct inic_counter {
	__u64 last;
	__u64 total;
};

/*
 * Fold a raw device reading into c and return the new total. A reading
 * below the last one means the device was reset (counters restart at 0):
 * the reading is then added whole, so totals never go backwards.
 */
__u64 inic_counter_update(struct inic_counter *c, __u64 raw);

struct inic_stats;	/* opaque: counters of every ring pair */

/* Per-port totals as the netdev reports them. */
struct inic_port_totals {
	__u64 rx_packets;
	__u64 rx_bytes;
	__u64 tx_packets;
	__u64 tx_bytes;
	__u64 rx_dropped;	/* RX DROP_NODESC */
	__u64 rx_missed;	/* RX DROP_FILTER */
	__u64 rx_errors;	/* RX ERRORS + CSUM_ERR */
	__u64 rx_crc_errors;	/* RX CSUM_ERR */
	__u64 tx_errors;	/* TX ERRORS */
};

/* Allocates (may sleep in the kernel); NULL on failure or num_rings 0. */
struct inic_stats *inic_stats_create(__u32 num_rings);
void inic_stats_destroy(struct inic_stats *s);
__u32 inic_stats_num_rings(const struct inic_stats *s);
/*
 * Fold raw readings of ring pair r: tx[] and rx[] hold INIC_RSTAT__COUNT
 * values each (the ring's TX and RX counter slots). Out-of-range r is
 * ignored.
 */
void inic_stats_update_ring(struct inic_stats *s, __u32 r,
			    const __u64 *tx, const __u64 *rx);
/* Monotonic totals of ring pair r into tx[]/rx[] (INIC_RSTAT__COUNT). */
void inic_stats_ring_totals(const struct inic_stats *s, __u32 r,
			    __u64 *tx, __u64 *rx);
/* Sum ring pairs first..first+n-1 into *out (zeroed first). */
void inic_stats_port_totals(const struct inic_stats *s, __u32 first,
			    __u32 n, struct inic_port_totals *out);

/*
 * Channel-change accounting (ethtool -L). A ring pair's *view* is its
 * monotonic total minus an offset taken when the ring (re)joins the port's
 * active set, so a ring that comes back starts from 0. The port's *base* is
 * everything not in the views: the totals of inactive rings plus the
 * offsets of active ones. base + sum(views) == port totals at any time, the
 * base never goes backwards, and neither does the view of a ring that stays
 * active.
 */
/* Restart the view of ring pair r: its offset becomes its total. */
void inic_stats_ring_restart(struct inic_stats *s, __u32 r);
/* View (total - offset) of ring pair r into tx[]/rx[] (INIC_RSTAT__COUNT). */
void inic_stats_ring_view(const struct inic_stats *s, __u32 r,
			  __u64 *tx, __u64 *rx);
/*
 * Base of a port whose ring pairs are first..first+n-1, of which the first
 * active ones are active: into tx[]/rx[] (INIC_RSTAT__COUNT).
 */
void inic_stats_port_base(const struct inic_stats *s, __u32 first, __u32 n,
			  __u32 active, __u64 *tx, __u64 *rx);
/*
 * A channel count changes from old_active to new_active on a port whose
 * ring pairs are first..first+n-1: the views of rings that join restart.
 */
void inic_stats_channels_changed(struct inic_stats *s, __u32 first, __u32 n,
				 __u32 old_active, __u32 new_active);

#ifdef __cplusplus
}
#endif

#endif /* INIC_POLICY_STATS_H */
