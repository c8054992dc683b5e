// SPDX-License-Identifier: GPL-2.0
/*
 * inic core: resource planning, ring arithmetic, validation and counter
 * aggregation. Freestanding C++ (no exceptions, no RTTI, no global
 * constructors, no libstdc++): it includes only the project's headers and
 * builds unchanged in the kernel module, in KUnit and in user space.
 */
#include "inic_cxx.hpp"
#include "inic_core.h"

namespace inic {
namespace {

constexpr uint32_t none = INIC_CORE_NONE;

constexpr bool is_pow2(uint32_t v)
{
	return v && !(v & (v - 1));
}

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

int refuse(const char **msg, const char *text, int err)
{
	if (msg)
		*msg = text;
	return err;
}

class Plan {
public:
	explicit Plan(struct inic_plan *p) : p_(p) {}

	int make(uint32_t ports, uint32_t rings, uint32_t vectors, uint32_t rpp)
	{
		if (!ports || ports > INIC_MAX_PORTS)
			return -INIC_E_INVAL;
		if (!rings || rings > INIC_MAX_RINGS)
			return -INIC_E_INVAL;
		if (vectors < 2 || vectors > INIC_MAX_VECTORS)
			return -INIC_E_INVAL;
		if (!rpp)
			return -INIC_E_INVAL;
		/* Every port needs a ring and every ring a vector. */
		uint32_t usable = min(rings, vectors - 1);

		if (usable < ports)
			return -INIC_E_INVAL;
		rpp = min(rpp, usable / ports);
		set(ports, rpp);
		return 0;
	}

	int fit(uint32_t granted)
	{
		if (!p_->num_ports || granted < 1 + p_->num_ports)
			return -INIC_E_NOSPC;
		if (granted >= p_->num_vectors)
			return 0;
		set(p_->num_ports, (granted - 1) / p_->num_ports);
		return 0;
	}

	uint32_t ring(uint32_t port, uint32_t q) const
	{
		if (port >= p_->num_ports || q >= p_->rings_per_port)
			return none;
		return port * p_->rings_per_port + q;
	}

	uint32_t port_of(uint32_t r) const
	{
		if (r >= p_->num_rings || !p_->rings_per_port)
			return none;
		return r / p_->rings_per_port;
	}

	uint32_t vector(uint32_t r) const
	{
		if (r >= p_->num_rings)
			return none;
		return INIC_CORE_MISC_VECTOR + 1 + r;
	}

private:
	void set(uint32_t ports, uint32_t rpp)
	{
		p_->num_ports = ports;
		p_->rings_per_port = rpp;
		p_->num_rings = ports * rpp;
		p_->num_vectors = 1 + p_->num_rings;
	}

	struct inic_plan *p_;
};

} /* namespace */
} /* namespace inic */

/* The opaque type of the C API. */
struct inic_stats {
	__u32 num_rings;
	inic::RingCounters *rings;
};

using inic::Plan;

extern "C" {

int inic_core_abi_check(__u32 id, __u32 version)
{
	if (id != INIC_ID_MAGIC)
		return -INIC_E_NODEV;
	if ((version >> 16) != INIC_ABI_MAJOR)
		return -INIC_E_NODEV;
	return 0;
}

int inic_plan_make(struct inic_plan *plan, __u32 num_ports,
		   __u32 dev_rings, __u32 dev_vectors,
		   __u32 rings_per_port)
{
	if (!plan)
		return -INIC_E_INVAL;
	*plan = {};
	return Plan(plan).make(num_ports, dev_rings, dev_vectors,
			       rings_per_port);
}

int inic_plan_fit_vectors(struct inic_plan *plan, __u32 granted)
{
	return plan ? Plan(plan).fit(granted) : -INIC_E_INVAL;
}

__u32 inic_plan_ring(const struct inic_plan *plan, __u32 port,
			__u32 q)
{
	return plan ? Plan(const_cast<struct inic_plan *>(plan)).ring(port, q)
		    : inic::none;
}

__u32 inic_plan_port_first_ring(const struct inic_plan *plan,
				   __u32 port)
{
	return inic_plan_ring(plan, port, 0);
}

__u32 inic_plan_ring_port(const struct inic_plan *plan, __u32 ring)
{
	return plan ? Plan(const_cast<struct inic_plan *>(plan)).port_of(ring)
		    : inic::none;
}

__u32 inic_plan_ring_vector(const struct inic_plan *plan, __u32 ring)
{
	return plan ? Plan(const_cast<struct inic_plan *>(plan)).vector(ring)
		    : inic::none;
}

bool inic_ring_size_valid(__u32 size)
{
	return inic::is_pow2(size) && size >= INIC_RING_MIN &&
	       size <= INIC_RING_MAX;
}

__u32 inic_ring_size_clamp(__u32 size)
{
	__u32 s = INIC_RING_MIN;

	while (s < size && s < INIC_RING_MAX)
		s <<= 1;
	return s;
}

__u32 inic_ring_next(__u32 idx, __u32 size)
{
	return (idx + 1) & (size - 1);
}

__u32 inic_ring_add(__u32 idx, __u32 n, __u32 size)
{
	return (idx + n) & (size - 1);
}

__u32 inic_ring_used(__u32 ntc, __u32 ntu, __u32 size)
{
	return (ntu - ntc) & (size - 1);
}

__u32 inic_ring_unused(__u32 ntc, __u32 ntu, __u32 size)
{
	return size - 1 - inic_ring_used(ntc, ntu, size);
}

__u32 inic_tx_descs_needed(__u32 head_len, __u32 nr_frags)
{
	/* A zero-length head takes no descriptor (the device refuses len 0). */
	return (head_len ? 1 : 0) + nr_frags;
}

__u32 inic_int_arm_value(__u32 ntc)
{
	return INIC_INT_ARM | (ntc & INIC_INT_ARM_IDX_MASK);
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

__u32 inic_rx_hash_level(__u16 status, __u16 pkt_type)
{
	__u32 t = INIC_PTYPE_HASH(pkt_type);

	if (!(status & INIC_RXD_STA_RSS) || t == INIC_HASH_NONE ||
	    t > INIC_HASH_UDP_IPV6)
		return INIC_RX_HASH_NONE;
	return INIC_HASH_IS_L4(t) ? INIC_RX_HASH_L4 : INIC_RX_HASH_L3;
}

__u32 inic_rx_csum_state(__u16 status)
{
	if (status & INIC_RXD_STA_CSUM_ERR)
		return INIC_RX_CSUM_BAD;
	if (status & INIC_RXD_STA_CSUM_OK)
		return INIC_RX_CSUM_OK;
	return INIC_RX_CSUM_NONE;
}

__u32 inic_offload_reg(__u32 want, __u32 caps)
{
	__u32 reg = 0;

	if ((want & INIC_OFF_TX_CSUM) && (caps & INIC_CAP_TX_CSUM))
		reg |= INIC_PORT_OFFLOAD_TX_CSUM;
	if ((want & INIC_OFF_RX_CSUM) && (caps & INIC_CAP_RX_CSUM))
		reg |= INIC_PORT_OFFLOAD_RX_CSUM;
	/* The device's TSO computes the TCP checksum itself. */
	if ((want & INIC_OFF_TSO) && (caps & INIC_CAP_TSO))
		reg |= INIC_PORT_OFFLOAD_TSO;
	if ((want & INIC_OFF_VLAN_TX) && (caps & INIC_CAP_VLAN))
		reg |= INIC_PORT_OFFLOAD_VLAN_INSERT;
	if ((want & INIC_OFF_VLAN_RX) && (caps & INIC_CAP_VLAN))
		reg |= INIC_PORT_OFFLOAD_VLAN_STRIP;
	return reg;
}

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
