// SPDX-License-Identifier: GPL-2.0
/*
 * inic policy: counter aggregation and the channel-change base. Freestanding C++ (no exceptions, no RTTI, no global
 * constructors, no libstdc++): it includes only policy headers,
 * inic_cxx.hpp and inic_hw.h, and builds unchanged in the kernel module, in
 * KUnit and in user space.
 */
#include "inic_cxx.hpp"
#include "policy/stats.h"

namespace inic {
namespace {

/* Monotonic accumulation of one device counter. */
struct Counter {
	__u64 last;
	__u64 total;

	__u64 update(__u64 raw)
	{
		if (raw >= last)
			total += raw - last;
		else
			total += raw;	/* the device restarted from zero */
		last = raw;
		return total;
	}
};

static_assert(sizeof(Counter) == sizeof(struct inic_counter), "counter");

/* Counters of one ring pair. */
struct RingCounters {
	Counter tx[INIC_RSTAT__COUNT];
	Counter rx[INIC_RSTAT__COUNT];
	/* Totals when the ring last joined its port's active set. */
	__u64 tx_off[INIC_RSTAT__COUNT];
	__u64 rx_off[INIC_RSTAT__COUNT];
};

} /* namespace */
} /* namespace inic */

/* The opaque type of the C API. */
struct inic_stats {
	__u32 num_rings;
	inic::RingCounters *rings;
};

extern "C" {

__u64 inic_counter_update(struct inic_counter *c, __u64 raw)
{
	inic::Counter k = { c->last, c->total };
	__u64 total = k.update(raw);

	c->last = k.last;
	c->total = k.total;
	return total;
}

struct inic_stats *inic_stats_create(__u32 num_rings)
{
	struct inic_stats *s;

	if (!num_rings || num_rings > INIC_MAX_RINGS)
		return nullptr;
	s = new inic_stats();
	if (!s)
		return nullptr;
	s->rings = new inic::RingCounters[num_rings]();
	if (!s->rings) {
		delete s;
		return nullptr;
	}
	s->num_rings = num_rings;
	return s;
}

void inic_stats_destroy(struct inic_stats *s)
{
	if (!s)
		return;
	delete[] s->rings;
	delete s;
}

__u32 inic_stats_num_rings(const struct inic_stats *s)
{
	return s ? s->num_rings : 0;
}

void inic_stats_update_ring(struct inic_stats *s, __u32 r,
			    const __u64 *tx, const __u64 *rx)
{
	if (!s || r >= s->num_rings)
		return;
	for (int i = 0; i < INIC_RSTAT__COUNT; i++) {
		s->rings[r].tx[i].update(tx[i]);
		s->rings[r].rx[i].update(rx[i]);
	}
}

void inic_stats_ring_totals(const struct inic_stats *s, __u32 r,
			    __u64 *tx, __u64 *rx)
{
	for (int i = 0; i < INIC_RSTAT__COUNT; i++) {
		bool ok = s && r < s->num_rings;

		tx[i] = ok ? s->rings[r].tx[i].total : 0;
		rx[i] = ok ? s->rings[r].rx[i].total : 0;
	}
}

void inic_stats_port_totals(const struct inic_stats *s, __u32 first,
			    __u32 n, struct inic_port_totals *out)
{
	*out = {};
	if (!s || first >= s->num_rings)
		return;
	n = inic::min(n, s->num_rings - first);
	for (__u32 r = first; r < first + n; r++) {
		const inic::RingCounters &c = s->rings[r];

		out->rx_packets += c.rx[INIC_RSTAT_PKTS].total;
		out->rx_bytes += c.rx[INIC_RSTAT_BYTES].total;
		out->tx_packets += c.tx[INIC_RSTAT_PKTS].total;
		out->tx_bytes += c.tx[INIC_RSTAT_BYTES].total;
		out->rx_dropped += c.rx[INIC_RSTAT_DROP_NODESC].total;
		out->rx_missed += c.rx[INIC_RSTAT_DROP_FILTER].total;
		out->rx_errors += c.rx[INIC_RSTAT_ERRORS].total +
				  c.rx[INIC_RSTAT_CSUM_ERR].total;
		out->rx_crc_errors += c.rx[INIC_RSTAT_CSUM_ERR].total;
		out->tx_errors += c.tx[INIC_RSTAT_ERRORS].total;
	}
}

void inic_stats_ring_restart(struct inic_stats *s, __u32 r)
{
	if (!s || r >= s->num_rings)
		return;
	for (int i = 0; i < INIC_RSTAT__COUNT; i++) {
		s->rings[r].tx_off[i] = s->rings[r].tx[i].total;
		s->rings[r].rx_off[i] = s->rings[r].rx[i].total;
	}
}

void inic_stats_ring_view(const struct inic_stats *s, __u32 r,
			  __u64 *tx, __u64 *rx)
{
	for (int i = 0; i < INIC_RSTAT__COUNT; i++) {
		bool ok = s && r < s->num_rings;

		tx[i] = ok ? s->rings[r].tx[i].total - s->rings[r].tx_off[i] : 0;
		rx[i] = ok ? s->rings[r].rx[i].total - s->rings[r].rx_off[i] : 0;
	}
}

void inic_stats_port_base(const struct inic_stats *s, __u32 first, __u32 n,
			  __u32 active, __u64 *tx, __u64 *rx)
{
	for (int i = 0; i < INIC_RSTAT__COUNT; i++)
		tx[i] = rx[i] = 0;
	if (!s || first >= s->num_rings)
		return;
	n = inic::min(n, s->num_rings - first);
	for (__u32 q = 0; q < n; q++) {
		const inic::RingCounters &c = s->rings[first + q];

		for (int i = 0; i < INIC_RSTAT__COUNT; i++) {
			tx[i] += q < active ? c.tx_off[i] : c.tx[i].total;
			rx[i] += q < active ? c.rx_off[i] : c.rx[i].total;
		}
	}
}

void inic_stats_channels_changed(struct inic_stats *s, __u32 first, __u32 n,
				 __u32 old_active, __u32 new_active)
{
	new_active = inic::min(new_active, n);
	for (__u32 q = old_active; q < new_active; q++)
		inic_stats_ring_restart(s, first + q);
}

} /* extern "C" */
