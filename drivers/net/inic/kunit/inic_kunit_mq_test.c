// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suites for the multi-queue logic of the inic C++ core: channel
 * counter accounting (views and base), ethtool parameter validation, RSS
 * tables, RX descriptor metadata, the offload register and the receive
 * filters (unicast slots, multicast hash), through inic_core.h.
 */
#include <kunit/test.h>
#include <linux/crc32.h>
#include <linux/errno.h>
#include <linux/string.h>

#include "policy/dev.h"
#include "policy/ethtool.h"
#include "policy/offload.h"
#include "policy/plan.h"
#include "policy/ring.h"
#include "policy/rss.h"
#include "policy/rxf.h"
#include "policy/stats.h"
#include "inic_kunit_cxxrt.h"

/* ---- channels ---- */

static void inic_mq_feed(struct inic_stats *s, u64 raw[][INIC_RSTAT__COUNT],
			 u32 r, u64 n)
{
	u32 i;

	for (i = 0; i < INIC_RSTAT__COUNT; i++)
		raw[r][i] += n * (i + 1);
	inic_stats_update_ring(s, r, raw[r], raw[r]);
}

static void inic_mq_expect_sum(struct kunit *test, struct inic_stats *s,
			       u32 first, u32 n, u32 active)
{
	u64 btx[INIC_RSTAT__COUNT], brx[INIC_RSTAT__COUNT];
	u64 vtx[INIC_RSTAT__COUNT], vrx[INIC_RSTAT__COUNT];
	struct inic_port_totals t;
	u32 q;

	inic_stats_port_base(s, first, n, active, btx, brx);
	for (q = 0; q < active; q++) {
		inic_stats_ring_view(s, first + q, vtx, vrx);
		btx[INIC_RSTAT_PKTS] += vtx[INIC_RSTAT_PKTS];
		brx[INIC_RSTAT_PKTS] += vrx[INIC_RSTAT_PKTS];
		brx[INIC_RSTAT_BYTES] += vrx[INIC_RSTAT_BYTES];
	}
	inic_stats_port_totals(s, first, n, &t);
	KUNIT_EXPECT_EQ(test, btx[INIC_RSTAT_PKTS], t.tx_packets);
	KUNIT_EXPECT_EQ(test, brx[INIC_RSTAT_PKTS], t.rx_packets);
	KUNIT_EXPECT_EQ(test, brx[INIC_RSTAT_BYTES], t.rx_bytes);
}

static void inic_mq_channels_base(struct kunit *test)
{
	static const u32 seq[] = { 1, 3, 2, 4, 1, 4 };
	u64 raw[4][INIC_RSTAT__COUNT] = {};
	u64 tx[INIC_RSTAT__COUNT], rx[INIC_RSTAT__COUNT], prev = 0;
	struct inic_stats *s = inic_stats_create(8);
	u32 active = 4, i, q, r;

	KUNIT_ASSERT_NOT_NULL(test, s);
	/* port 1 of two, rings 4..7 (raw[] indexed from 0) */
	for (i = 0; i < ARRAY_SIZE(seq); i++) {
		for (r = 0; r < active; r++) {
			raw[r][0] += 5 + r;
			raw[r][1] += 500;
			inic_stats_update_ring(s, 4 + r, raw[r], raw[r]);
		}
		inic_stats_channels_changed(s, 4, 4, active, seq[i]);
		for (q = active; q < seq[i]; q++) {
			inic_stats_ring_view(s, 4 + q, tx, rx);
			KUNIT_EXPECT_EQ(test, rx[INIC_RSTAT_PKTS], 0);
		}
		active = seq[i];
		inic_stats_port_base(s, 4, 4, active, tx, rx);
		KUNIT_EXPECT_GE(test, rx[INIC_RSTAT_PKTS], prev);
		prev = rx[INIC_RSTAT_PKTS];
		inic_mq_expect_sum(test, s, 4, 4, active);
	}
	/* port 0 untouched: no base */
	inic_stats_port_base(s, 0, 4, 4, tx, rx);
	KUNIT_EXPECT_EQ(test, rx[INIC_RSTAT_PKTS], 0);
	inic_stats_destroy(s);
}

static void inic_mq_channels_shrink_keeps_views(struct kunit *test)
{
	u64 raw[8][INIC_RSTAT__COUNT] = {};
	u64 tx[INIC_RSTAT__COUNT], rx[INIC_RSTAT__COUNT], v0;
	struct inic_stats *s = inic_stats_create(8);
	u32 r;

	KUNIT_ASSERT_NOT_NULL(test, s);
	for (r = 0; r < 8; r++)
		inic_mq_feed(s, raw, r, 10);
	inic_stats_ring_view(s, 0, tx, rx);
	v0 = rx[INIC_RSTAT_PKTS];
	inic_stats_channels_changed(s, 0, 8, 8, 1);
	inic_stats_ring_view(s, 0, tx, rx);
	KUNIT_EXPECT_EQ(test, rx[INIC_RSTAT_PKTS], v0);
	inic_stats_port_base(s, 0, 8, 1, tx, rx);
	KUNIT_EXPECT_EQ(test, rx[INIC_RSTAT_PKTS], 7 * 10);
	/* a late drop on a removed ring is still counted, in the base */
	inic_mq_feed(s, raw, 6, 1);
	inic_mq_expect_sum(test, s, 0, 8, 1);
	inic_stats_destroy(s);
}

/* ---- validation ---- */

static void inic_mq_validate(struct kunit *test)
{
	const char *msg = NULL;
	u32 stop, wake, size;

	KUNIT_EXPECT_EQ(test, inic_channels_check(4, 0, 0, 0, 4, &msg), 0);
	KUNIT_EXPECT_EQ(test, inic_channels_check(5, 0, 0, 0, 4, &msg),
			-EINVAL);
	KUNIT_EXPECT_NOT_NULL(test, msg);
	KUNIT_EXPECT_EQ(test, inic_channels_check(0, 0, 0, 0, 4, &msg),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, inic_channels_check(1, 1, 0, 0, 4, NULL),
			-EINVAL);

	KUNIT_EXPECT_EQ(test, inic_ringparam_check(16, 4096, &msg), 0);
	KUNIT_EXPECT_EQ(test, inic_ringparam_check(8, 256, &msg), -EINVAL);
	KUNIT_EXPECT_EQ(test, inic_ringparam_check(256, 8192, &msg), -EINVAL);
	KUNIT_EXPECT_EQ(test, inic_ringparam_check(384, 256, &msg), -EINVAL);
	KUNIT_EXPECT_STREQ(test, msg, "ring size must be a power of two");

	KUNIT_EXPECT_EQ(test, inic_coalesce_check(0, 0, &msg), 0);
	KUNIT_EXPECT_EQ(test, inic_coalesce_check(65535, 4096, &msg), 0);
	KUNIT_EXPECT_EQ(test, inic_coalesce_check(65536, 0, &msg), -ERANGE);
	KUNIT_EXPECT_EQ(test, inic_coalesce_check(1, 4097, &msg), -ERANGE);
	KUNIT_EXPECT_EQ(test, inic_coalesce_check(0, 8, &msg), -EINVAL);

	for (size = INIC_RING_MIN; size <= INIC_RING_MAX; size <<= 1) {
		inic_tx_thresholds(size, 18, &stop, &wake);
		KUNIT_EXPECT_GE(test, stop, 1);
		KUNIT_EXPECT_LE(test, stop, 18);
		KUNIT_EXPECT_GE(test, wake, stop);
		KUNIT_EXPECT_LT(test, wake, size);
	}
}

/* ---- RSS and RX metadata ---- */

static void inic_mq_rss(struct kunit *test)
{
	u32 indir[INIC_RSS_RETA_SIZE], regs[INIC_RSS_RETA_REGS], i;
	u8 key[INIC_RSS_KEY_SIZE];
	u32 kregs[INIC_RSS_KEY_REGS];

	inic_rss_indir_default(indir, INIC_RSS_RETA_SIZE, 5);
	for (i = 0; i < INIC_RSS_RETA_SIZE; i++)
		KUNIT_EXPECT_EQ(test, indir[i], i % 5);
	KUNIT_EXPECT_EQ(test, inic_rss_indir_check(indir, INIC_RSS_RETA_SIZE,
						   5), 0);
	KUNIT_EXPECT_EQ(test, inic_rss_indir_check(indir, INIC_RSS_RETA_SIZE,
						   4), -EINVAL);
	inic_rss_reta_regs(indir, 16, regs);
	KUNIT_EXPECT_EQ(test, regs[0], 0x13121110);
	KUNIT_EXPECT_EQ(test, regs[1], 0x12111014);

	for (i = 0; i < sizeof(key); i++)
		key[i] = i;
	inic_bytes_to_regs(key, sizeof(key), kregs);
	KUNIT_EXPECT_EQ(test, kregs[0], 0x03020100);
	KUNIT_EXPECT_EQ(test, kregs[9], 0x27262524);

	KUNIT_EXPECT_EQ(test, inic_rx_hash_level(INIC_RXD_STA_RSS,
						 INIC_HASH_TCP_IPV6 << 12),
			INIC_RX_HASH_L4);
	KUNIT_EXPECT_EQ(test, inic_rx_hash_level(INIC_RXD_STA_RSS,
						 INIC_HASH_IPV4 << 12),
			INIC_RX_HASH_L3);
	KUNIT_EXPECT_EQ(test, inic_rx_hash_level(0, INIC_HASH_IPV4 << 12),
			INIC_RX_HASH_NONE);
	KUNIT_EXPECT_EQ(test, inic_rx_csum_state(INIC_RXD_STA_CSUM_OK),
			INIC_RX_CSUM_OK);
	KUNIT_EXPECT_EQ(test, inic_rx_csum_state(INIC_RXD_STA_CSUM_ERR),
			INIC_RX_CSUM_BAD);
	KUNIT_EXPECT_EQ(test, inic_offload_reg(INIC_OFF_TSO | INIC_OFF_VLAN_RX,
					       INIC_CAP_TSO | INIC_CAP_VLAN),
			INIC_PORT_OFFLOAD_TSO | INIC_PORT_OFFLOAD_VLAN_STRIP);
	KUNIT_EXPECT_EQ(test, inic_offload_reg(INIC_OFF_TX_CSUM, 0), 0);
	/* 1.6: large receive only with the RX checksum */
	KUNIT_EXPECT_EQ(test, inic_offload_reg(INIC_OFF_LRO, INIC_CAP_LRO |
					       INIC_CAP_RX_CSUM), 0);
	KUNIT_EXPECT_EQ(test,
			inic_offload_reg(INIC_OFF_LRO | INIC_OFF_RX_CSUM,
					 INIC_CAP_LRO | INIC_CAP_RX_CSUM),
			INIC_PORT_OFFLOAD_LRO | INIC_PORT_OFFLOAD_RX_CSUM);
}

/* ---- receive filters ---- */

static void inic_mq_mc_hash_matches_kernel_crc(struct kunit *test)
{
	u8 mac[6] = { 0x01, 0x00, 0x5e, 0x00, 0x00, 0x01 };
	u32 i;

	KUNIT_EXPECT_EQ(test, inic_mc_hash_bit(mac), 0x5fe);
	/* the kernel's ether_crc_le is the reference */
	for (i = 0; i < 64; i++) {
		mac[3] = i;
		mac[5] = i * 37;
		KUNIT_EXPECT_EQ(test, inic_ether_crc_le(mac, 6),
				ether_crc_le(6, mac));
		KUNIT_EXPECT_EQ(test, inic_mc_hash_bit(mac),
				ether_crc_le(6, mac) & INIC_MC_HASH_MASK);
	}
}

static void inic_mq_filter_table(struct kunit *test)
{
	struct inic_rx_filter *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);
	u8 mac[6] = { 0x02, 0x11, 0x22, 0x33, 0x44, 0x00 };
	u32 i, bit;

	KUNIT_ASSERT_NOT_NULL(test, f);
	inic_rxf_begin(f, false, true);
	KUNIT_EXPECT_EQ(test, f->ctrl,
			INIC_PORT_CTRL_MC_FILTER | INIC_PORT_CTRL_ALLMULTI);
	for (i = 0; i < INIC_UC_FILTERS; i++) {
		mac[5] = i;
		KUNIT_EXPECT_EQ(test, inic_rxf_add_uc(f, mac), i);
		KUNIT_EXPECT_EQ(test, f->uc_hi[i],
				INIC_UC_VALID | 0x44 | (i << 8));
	}
	KUNIT_EXPECT_EQ(test, f->uc_lo[0], 0x33221102);
	mac[5] = 0;
	KUNIT_EXPECT_EQ(test, inic_rxf_add_uc(f, mac), 0);	/* duplicate */
	KUNIT_EXPECT_FALSE(test, f->ctrl & INIC_PORT_CTRL_PROMISC);
	mac[5] = 99;
	KUNIT_EXPECT_EQ(test, inic_rxf_add_uc(f, mac), INIC_CORE_NONE);
	KUNIT_EXPECT_TRUE(test, f->uc_overflow);
	KUNIT_EXPECT_TRUE(test, f->ctrl & INIC_PORT_CTRL_PROMISC);

	mac[0] = 0x33;
	bit = inic_rxf_add_mc(f, mac);
	KUNIT_EXPECT_LT(test, bit, INIC_MC_HASH_BITS);
	KUNIT_EXPECT_EQ(test, f->mc_hash[bit / 32], 1u << (bit % 32));
	for (i = 0; i < INIC_MC_HASH_REGS; i++)
		if (i != bit / 32)
			KUNIT_EXPECT_EQ(test, f->mc_hash[i], 0);
}

static void inic_mq_no_leaks(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, inic_kunit_cxx_allocs(), inic_kunit_cxx_frees());
}

static struct kunit_case inic_core_mq_cases[] = {
	KUNIT_CASE(inic_mq_channels_base),
	KUNIT_CASE(inic_mq_channels_shrink_keeps_views),
	KUNIT_CASE(inic_mq_validate),
	KUNIT_CASE(inic_mq_rss),
	KUNIT_CASE(inic_mq_mc_hash_matches_kernel_crc),
	KUNIT_CASE(inic_mq_filter_table),
	KUNIT_CASE(inic_mq_no_leaks),
	{}
};

static struct kunit_suite inic_core_mq_suite = {
	.name = "inic_core_mq",
	.test_cases = inic_core_mq_cases,
};

kunit_test_suites(&inic_core_mq_suite);
