// SPDX-License-Identifier: GPL-2.0
/*
 * GoogleTest tests of the multi-queue logic of the inic C++ core: channel
 * counter accounting, ethtool parameter validation, RSS tables, RX
 * descriptor metadata, offload register and receive filters.
 */
#include <gtest/gtest.h>

#include <cerrno>
#include <cstring>
#include <set>
#include <vector>

#include "policy/dev.h"
#include "policy/ethtool.h"
#include "policy/offload.h"
#include "policy/plan.h"
#include "policy/ring.h"
#include "policy/rss.h"
#include "policy/rxf.h"
#include "policy/stats.h"

namespace {

/* ---- Channel changes: views and base ---- */

struct Rings {
	std::vector<std::vector<__u64>> tx, rx;	/* raw device values */

	explicit Rings(unsigned n) :
		tx(n, std::vector<__u64>(INIC_RSTAT__COUNT)),
		rx(n, std::vector<__u64>(INIC_RSTAT__COUNT)) {}

	void traffic(struct inic_stats *s, unsigned r, __u64 n)
	{
		for (int i = 0; i < INIC_RSTAT__COUNT; i++) {
			tx[r][i] += n * (i + 1);
			rx[r][i] += n * (i + 2);
		}
		inic_stats_update_ring(s, r, tx[r].data(), rx[r].data());
	}
};

/* base + sum of active views == totals, for every counter. */
void expect_sum(const struct inic_stats *s, __u32 first, __u32 n,
		__u32 active)
{
	__u64 btx[INIC_RSTAT__COUNT], brx[INIC_RSTAT__COUNT];
	__u64 vtx[INIC_RSTAT__COUNT], vrx[INIC_RSTAT__COUNT];
	__u64 ttx[INIC_RSTAT__COUNT], trx[INIC_RSTAT__COUNT];
	__u64 stx[INIC_RSTAT__COUNT] = {}, srx[INIC_RSTAT__COUNT] = {};
	struct inic_port_totals t;

	inic_stats_port_base(s, first, n, active, btx, brx);
	for (__u32 q = 0; q < n; q++) {
		inic_stats_ring_totals(s, first + q, ttx, trx);
		for (int i = 0; i < INIC_RSTAT__COUNT; i++) {
			stx[i] += ttx[i];
			srx[i] += trx[i];
		}
	}
	for (__u32 q = 0; q < active; q++) {
		inic_stats_ring_view(s, first + q, vtx, vrx);
		for (int i = 0; i < INIC_RSTAT__COUNT; i++) {
			btx[i] += vtx[i];
			brx[i] += vrx[i];
		}
	}
	for (int i = 0; i < INIC_RSTAT__COUNT; i++) {
		EXPECT_EQ(stx[i], btx[i]) << "tx counter " << i;
		EXPECT_EQ(srx[i], brx[i]) << "rx counter " << i;
	}
	inic_stats_port_totals(s, first, n, &t);
	EXPECT_EQ(srx[INIC_RSTAT_PKTS], t.rx_packets);
	EXPECT_EQ(stx[INIC_RSTAT_PKTS], t.tx_packets);
}

__u64 base_rx_pkts(const struct inic_stats *s, __u32 first, __u32 n,
		   __u32 active)
{
	__u64 tx[INIC_RSTAT__COUNT], rx[INIC_RSTAT__COUNT];

	inic_stats_port_base(s, first, n, active, tx, rx);
	return rx[INIC_RSTAT_PKTS];
}

__u64 view_rx_pkts(const struct inic_stats *s, __u32 r)
{
	__u64 tx[INIC_RSTAT__COUNT], rx[INIC_RSTAT__COUNT];

	inic_stats_ring_view(s, r, tx, rx);
	return rx[INIC_RSTAT_PKTS];
}

TEST(Channels, BaseIsZeroWithAllRingsActive)
{
	struct inic_stats *s = inic_stats_create(8);
	Rings hw(8);

	ASSERT_NE(nullptr, s);
	for (unsigned r = 0; r < 8; r++)
		hw.traffic(s, r, 10 + r);
	EXPECT_EQ(0u, base_rx_pkts(s, 4, 4, 4));
	EXPECT_EQ(2u * 15, view_rx_pkts(s, 5));
	expect_sum(s, 4, 4, 4);
	inic_stats_destroy(s);
}

TEST(Channels, ShrinkMovesRemovedRingsIntoBase)
{
	struct inic_stats *s = inic_stats_create(8);
	Rings hw(8);

	ASSERT_NE(nullptr, s);
	for (unsigned r = 4; r < 8; r++)
		hw.traffic(s, r, 100);
	__u64 v4 = view_rx_pkts(s, 4);

	inic_stats_channels_changed(s, 4, 4, 4, 2);
	EXPECT_EQ(2u * 2 * 100, base_rx_pkts(s, 4, 4, 2));
	/* remaining rings keep their counts */
	EXPECT_EQ(v4, view_rx_pkts(s, 4));
	expect_sum(s, 4, 4, 2);
	/* inactive rings still counting (late drops) land in the base */
	hw.traffic(s, 7, 1);
	EXPECT_EQ(2u * 100 + 2 * 101, base_rx_pkts(s, 4, 4, 2));
	expect_sum(s, 4, 4, 2);
	inic_stats_destroy(s);
}

TEST(Channels, GrowRestartsReturningRingsBaseNeverGoesBack)
{
	struct inic_stats *s = inic_stats_create(4);
	Rings hw(4);
	__u64 prev_base = 0;

	ASSERT_NE(nullptr, s);
	const __u32 seq[] = { 4, 1, 3, 2, 4, 1, 4 };
	__u32 active = 4;

	for (__u32 next : seq) {
		for (unsigned r = 0; r < active; r++)
			hw.traffic(s, r, 7 + r);
		inic_stats_channels_changed(s, 0, 4, active, next);
		for (__u32 q = active; q < next; q++)
			EXPECT_EQ(0u, view_rx_pkts(s, q)) << "ring " << q;
		active = next;
		__u64 b = base_rx_pkts(s, 0, 4, active);

		EXPECT_GE(b, prev_base);
		prev_base = b;
		expect_sum(s, 0, 4, active);
	}
	inic_stats_destroy(s);
}

TEST(Channels, NullAndOutOfRangeAreHarmless)
{
	__u64 tx[INIC_RSTAT__COUNT], rx[INIC_RSTAT__COUNT];

	inic_stats_ring_restart(nullptr, 0);
	inic_stats_ring_view(nullptr, 0, tx, rx);
	EXPECT_EQ(0u, rx[0]);
	inic_stats_port_base(nullptr, 0, 4, 2, tx, rx);
	EXPECT_EQ(0u, tx[1]);
	inic_stats_channels_changed(nullptr, 0, 4, 1, 4);

	struct inic_stats *s = inic_stats_create(2);

	inic_stats_ring_restart(s, 2);
	inic_stats_ring_view(s, 9, tx, rx);
	EXPECT_EQ(0u, rx[0]);
	inic_stats_port_base(s, 1, 8, 1, tx, rx);	/* clipped to ring 1 */
	EXPECT_EQ(0u, rx[0]);
	inic_stats_channels_changed(s, 0, 2, 0, 9);	/* clipped */
	inic_stats_destroy(s);
}

/* ---- Validation ---- */

TEST(Validate, Channels)
{
	const char *msg = nullptr;

	EXPECT_EQ(0, inic_channels_check(1, 0, 0, 0, 8, &msg));
	EXPECT_EQ(0, inic_channels_check(8, 0, 0, 0, 8, &msg));
	EXPECT_EQ(-EINVAL, inic_channels_check(0, 0, 0, 0, 8, &msg));
	EXPECT_NE(nullptr, strstr(msg, "at least one"));
	EXPECT_EQ(-EINVAL, inic_channels_check(9, 0, 0, 0, 8, &msg));
	EXPECT_NE(nullptr, strstr(msg, "more combined"));
	EXPECT_EQ(-EINVAL, inic_channels_check(2, 1, 0, 0, 8, &msg));
	EXPECT_EQ(-EINVAL, inic_channels_check(2, 0, 1, 0, 8, nullptr));
	EXPECT_EQ(-EINVAL, inic_channels_check(2, 0, 0, 1, 8, &msg));
}

TEST(Validate, RingParam)
{
	const char *msg = nullptr;

	for (__u32 s = INIC_RING_MIN; s <= INIC_RING_MAX; s <<= 1)
		EXPECT_EQ(0, inic_ringparam_check(s, INIC_RING_MAX / s * 16,
						  &msg)) << s;
	EXPECT_EQ(-EINVAL, inic_ringparam_check(8, 256, &msg));
	EXPECT_NE(nullptr, strstr(msg, "minimum"));
	EXPECT_EQ(-EINVAL, inic_ringparam_check(256, 8192, &msg));
	EXPECT_NE(nullptr, strstr(msg, "maximum"));
	EXPECT_EQ(-EINVAL, inic_ringparam_check(300, 256, &msg));
	EXPECT_NE(nullptr, strstr(msg, "power of two"));
	EXPECT_EQ(-EINVAL, inic_ringparam_check(256, 0, nullptr));
}

TEST(Validate, Coalesce)
{
	const char *msg = nullptr;

	EXPECT_EQ(0, inic_coalesce_check(0, 0, &msg));
	EXPECT_EQ(0, inic_coalesce_check(0, 1, &msg));
	EXPECT_EQ(0, inic_coalesce_check(65535, 4096, &msg));
	EXPECT_EQ(0, inic_coalesce_check(50, 32, &msg));
	EXPECT_EQ(-ERANGE, inic_coalesce_check(65536, 0, &msg));
	EXPECT_EQ(-ERANGE, inic_coalesce_check(10, 4097, &msg));
	EXPECT_EQ(-EINVAL, inic_coalesce_check(0, 2, &msg));
	EXPECT_NE(nullptr, strstr(msg, "usecs"));
}

TEST(Validate, TxThresholds)
{
	__u32 stop, wake;

	inic_tx_thresholds(256, 19, &stop, &wake);
	EXPECT_EQ(19u, stop);
	EXPECT_EQ(38u, wake);
	for (__u32 size = INIC_RING_MIN; size <= INIC_RING_MAX; size <<= 1) {
		inic_tx_thresholds(size, 19, &stop, &wake);
		EXPECT_GE(stop, 1u);
		EXPECT_LE(stop, 19u);
		EXPECT_LE(wake, size - 1) << size;
		EXPECT_GE(wake, stop);
	}
	inic_tx_thresholds(16, 19, &stop, &wake);
	EXPECT_EQ(7u, stop);
	EXPECT_EQ(14u, wake);
}

/* ---- RSS ---- */

TEST(Rss, DefaultSpreadsOverChannels)
{
	__u32 indir[INIC_RSS_RETA_SIZE];

	for (__u32 ch = 1; ch <= 16; ch++) {
		std::vector<int> hits(ch);

		inic_rss_indir_default(indir, INIC_RSS_RETA_SIZE, ch);
		EXPECT_EQ(0, inic_rss_indir_check(indir, INIC_RSS_RETA_SIZE,
						  ch));
		for (__u32 i = 0; i < INIC_RSS_RETA_SIZE; i++)
			hits[indir[i]]++;
		for (__u32 q = 0; q < ch; q++) {
			EXPECT_GE(hits[q], (int)(INIC_RSS_RETA_SIZE / ch));
			EXPECT_LE(hits[q], (int)(INIC_RSS_RETA_SIZE / ch + 1));
		}
		if (ch > 1) {
			EXPECT_EQ(-EINVAL, inic_rss_indir_check(
				indir, INIC_RSS_RETA_SIZE, ch - 1));
		}
	}
	inic_rss_indir_default(indir, 4, 0);	/* 0 treated as 1 */
	EXPECT_EQ(0u, indir[3]);
}

TEST(Rss, RetaRegistersHoldAbsoluteRings)
{
	__u32 indir[INIC_RSS_RETA_SIZE], regs[INIC_RSS_RETA_REGS];

	inic_rss_indir_default(indir, INIC_RSS_RETA_SIZE, 3);
	inic_rss_reta_regs(indir, 8, regs);
	/* entries 0..3 = queues 0 1 2 0 = rings 8 9 10 8 */
	EXPECT_EQ(0x080a0908u, regs[0]);
	for (__u32 i = 0; i < INIC_RSS_RETA_SIZE; i++)
		EXPECT_EQ(8 + i % 3, (regs[i / 4] >> (8 * (i % 4))) & 0xff);
}

TEST(Rss, KeyBytesInMemoryOrder)
{
	__u8 key[INIC_RSS_KEY_SIZE];
	__u32 regs[INIC_RSS_KEY_REGS];

	for (int i = 0; i < INIC_RSS_KEY_SIZE; i++)
		key[i] = (__u8)(0x6d + i);
	inic_bytes_to_regs(key, sizeof(key), regs);
	EXPECT_EQ(0x706f6e6du, regs[0]);
	EXPECT_EQ((__u32)key[39] << 24 | key[38] << 16 | key[37] << 8 | key[36],
		  regs[9]);
	EXPECT_EQ(INIC_RSS_ENABLE | INIC_RSS_HASH_ALL, inic_rss_ctrl_value());
}

TEST(Rss, HashLevelFromPktType)
{
	auto pt = [](unsigned t) { return (__u16)(t << INIC_PTYPE_HASH_SHIFT); };

	EXPECT_EQ(INIC_RX_HASH_NONE, inic_rx_hash_level(0, pt(2)));
	EXPECT_EQ(INIC_RX_HASH_NONE,
		  inic_rx_hash_level(INIC_RXD_STA_RSS, pt(INIC_HASH_NONE)));
	EXPECT_EQ(INIC_RX_HASH_L3,
		  inic_rx_hash_level(INIC_RXD_STA_RSS, pt(INIC_HASH_IPV4)));
	EXPECT_EQ(INIC_RX_HASH_L3,
		  inic_rx_hash_level(INIC_RXD_STA_RSS, pt(INIC_HASH_IPV6)));
	for (unsigned t : { INIC_HASH_TCP_IPV4, INIC_HASH_UDP_IPV4,
			    INIC_HASH_TCP_IPV6, INIC_HASH_UDP_IPV6 })
		EXPECT_EQ(INIC_RX_HASH_L4,
			  inic_rx_hash_level(INIC_RXD_STA_RSS,
					     pt(t) | INIC_PTYPE_L3_IPV4));
	EXPECT_EQ(INIC_RX_HASH_NONE, inic_rx_hash_level(INIC_RXD_STA_RSS,
							  pt(9)));
}

TEST(Rx, CsumState)
{
	EXPECT_EQ(INIC_RX_CSUM_NONE, inic_rx_csum_state(INIC_RXD_STA_DD));
	EXPECT_EQ(INIC_RX_CSUM_OK, inic_rx_csum_state(INIC_RXD_STA_CSUM_OK));
	EXPECT_EQ(INIC_RX_CSUM_BAD, inic_rx_csum_state(INIC_RXD_STA_CSUM_ERR));
	EXPECT_EQ(INIC_RX_CSUM_BAD, inic_rx_csum_state(INIC_RXD_STA_CSUM_ERR |
						       INIC_RXD_STA_CSUM_OK));
}

TEST(Offload, RegisterFollowsWantAndCaps)
{
	__u32 all = INIC_CAP_TX_CSUM | INIC_CAP_RX_CSUM | INIC_CAP_TSO |
		    INIC_CAP_VLAN | INIC_CAP_LRO;
	__u32 want = INIC_OFF_TX_CSUM | INIC_OFF_RX_CSUM | INIC_OFF_TSO |
		     INIC_OFF_VLAN_TX | INIC_OFF_VLAN_RX | INIC_OFF_LRO;

	EXPECT_EQ((__u32)INIC_PORT_OFFLOAD_ALL, inic_offload_reg(want, all));
	EXPECT_EQ(0u, inic_offload_reg(0, all));
	EXPECT_EQ(0u, inic_offload_reg(want, 0));
	EXPECT_EQ((__u32)INIC_PORT_OFFLOAD_VLAN_STRIP,
		  inic_offload_reg(INIC_OFF_VLAN_RX, all));
	EXPECT_EQ((__u32)INIC_PORT_OFFLOAD_TSO,
		  inic_offload_reg(INIC_OFF_TSO, INIC_CAP_TSO));
	/* 1.6: large receive needs the RX checksum and the capability. */
	EXPECT_EQ(0u, inic_offload_reg(INIC_OFF_LRO, all));
	EXPECT_EQ((__u32)INIC_PORT_OFFLOAD_RX_CSUM,
		  inic_offload_reg(INIC_OFF_LRO | INIC_OFF_RX_CSUM,
				   all & ~INIC_CAP_LRO));
	EXPECT_EQ((__u32)(INIC_PORT_OFFLOAD_RX_CSUM | INIC_PORT_OFFLOAD_LRO),
		  inic_offload_reg(INIC_OFF_LRO | INIC_OFF_RX_CSUM, all));
}

/* ---- Receive filters ---- */

TEST(Filter, CrcMatchesReference)
{
	const __u8 mc[6] = { 0x01, 0x00, 0x5e, 0x00, 0x00, 0x01 };

	/* Documentation/hw-reference.rst's example */
	EXPECT_EQ(0xd9b4c5feu, inic_ether_crc_le(mc, 6));
	EXPECT_EQ(0x5feu, inic_mc_hash_bit(mc));
	/* "123456789" under the reflected CRC-32 without final inversion */
	EXPECT_EQ(~0xcbf43926u, inic_ether_crc_le((const __u8 *)"123456789",
						  9));
	EXPECT_EQ(0xffffffffu, inic_ether_crc_le(mc, 0));
}

TEST(Filter, BeginSetsModes)
{
	struct inic_rx_filter f;

	inic_rxf_begin(&f, false, false);
	EXPECT_EQ((__u32)INIC_PORT_CTRL_MC_FILTER, f.ctrl);
	EXPECT_EQ(0u, f.uc_used);
	inic_rxf_begin(&f, true, true);
	EXPECT_EQ((__u32)(INIC_PORT_CTRL_MC_FILTER | INIC_PORT_CTRL_PROMISC |
			  INIC_PORT_CTRL_ALLMULTI), f.ctrl);
	for (__u32 w : f.mc_hash)
		EXPECT_EQ(0u, w);
}

TEST(Filter, UnicastSlotsDedupAndOverflowToPromisc)
{
	struct inic_rx_filter f;
	__u8 mac[6] = { 0x02, 0, 0, 0, 0, 0 };

	inic_rxf_begin(&f, false, false);
	for (__u32 i = 0; i < INIC_UC_FILTERS; i++) {
		mac[5] = (__u8)i;
		EXPECT_EQ(i, inic_rxf_add_uc(&f, mac));
	}
	mac[5] = 3;
	EXPECT_EQ(3u, inic_rxf_add_uc(&f, mac));	/* duplicate */
	EXPECT_EQ((__u32)INIC_UC_FILTERS, f.uc_used);
	EXPECT_FALSE(f.uc_overflow);
	EXPECT_FALSE(f.ctrl & INIC_PORT_CTRL_PROMISC);
	EXPECT_EQ(0x00000002u, f.uc_lo[0]);
	EXPECT_EQ(INIC_UC_VALID | 0x0300u, f.uc_hi[3]);
	mac[5] = 200;
	EXPECT_EQ(INIC_CORE_NONE, inic_rxf_add_uc(&f, mac));
	EXPECT_TRUE(f.uc_overflow);
	EXPECT_TRUE(f.ctrl & INIC_PORT_CTRL_PROMISC);
}

TEST(Filter, MulticastHashSetsExactlyItsBits)
{
	struct inic_rx_filter f;
	std::set<__u32> bits;
	__u8 mac[6] = { 0x33, 0x33, 0xff, 0, 0, 0 };

	inic_rxf_begin(&f, false, false);
	for (int i = 0; i < 40; i++) {
		mac[5] = (__u8)(i * 7);
		__u32 b = inic_rxf_add_mc(&f, mac);

		EXPECT_EQ(inic_mc_hash_bit(mac), b);
		EXPECT_LT(b, (__u32)INIC_MC_HASH_BITS);
		bits.insert(b);
	}
	__u32 set = 0;

	for (__u32 r = 0; r < INIC_MC_HASH_REGS; r++)
		for (__u32 k = 0; k < 32; k++)
			if (f.mc_hash[r] & (1u << k)) {
				set++;
				EXPECT_TRUE(bits.count(32 * r + k));
			}
	EXPECT_EQ(bits.size(), set);
}

} /* namespace */
