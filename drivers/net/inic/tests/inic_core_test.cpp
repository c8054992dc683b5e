// SPDX-License-Identifier: GPL-2.0
/* GoogleTest tests of the inic C++ core through its extern "C" API. */
#include <gtest/gtest.h>

#include <cerrno>
#include <cstring>
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

/* ---- ABI ---- */

TEST(Abi, AcceptsSameMajorAnyMinor)
{
	EXPECT_EQ(0, inic_core_abi_check(INIC_ID_MAGIC, INIC_ABI_VERSION));
	EXPECT_EQ(0, inic_core_abi_check(INIC_ID_MAGIC,
					 (INIC_ABI_MAJOR << 16) | 7));
}

TEST(Abi, RefusesWrongIdOrMajor)
{
	EXPECT_EQ(-ENODEV, inic_core_abi_check(0, INIC_ABI_VERSION));
	EXPECT_EQ(-ENODEV, inic_core_abi_check(0xffffffffu, INIC_ABI_VERSION));
	EXPECT_EQ(-ENODEV, inic_core_abi_check(INIC_ID_MAGIC,
					       (INIC_ABI_MAJOR + 1) << 16));
	EXPECT_EQ(-ENODEV, inic_core_abi_check(INIC_ID_MAGIC, 0));
}

TEST(Abi, ErrorValuesAreLinuxErrno)
{
	EXPECT_EQ(ENODEV, INIC_E_NODEV);
	EXPECT_EQ(EINVAL, INIC_E_INVAL);
	EXPECT_EQ(ERANGE, INIC_E_RANGE);
	EXPECT_EQ(ENOSPC, INIC_E_NOSPC);
	EXPECT_EQ(EADDRNOTAVAIL, INIC_E_ADDRNOTAVAIL);
}

/* ---- Plan ---- */

TEST(Plan, DefaultTwoPortsFourRings)
{
	struct inic_plan p;

	ASSERT_EQ(0, inic_plan_make(&p, 2, 8, 9, 4));
	EXPECT_EQ(2u, p.num_ports);
	EXPECT_EQ(4u, p.rings_per_port);
	EXPECT_EQ(8u, p.num_rings);
	EXPECT_EQ(9u, p.num_vectors);
	EXPECT_EQ(0u, inic_plan_port_first_ring(&p, 0));
	EXPECT_EQ(4u, inic_plan_port_first_ring(&p, 1));
	EXPECT_EQ(6u, inic_plan_ring(&p, 1, 2));
	EXPECT_EQ(INIC_CORE_NONE, inic_plan_ring(&p, 1, 4));
	EXPECT_EQ(INIC_CORE_NONE, inic_plan_ring(&p, 2, 0));
	EXPECT_EQ(INIC_CORE_NONE, inic_plan_port_first_ring(&p, 2));
}

TEST(Plan, RingsAndVectorsAreABijection)
{
	struct inic_plan p;
	std::vector<int> seen_ring(INIC_MAX_RINGS), seen_vec(INIC_MAX_VECTORS);

	ASSERT_EQ(0, inic_plan_make(&p, 3, 12, 13, 4));
	for (uint32_t port = 0; port < p.num_ports; port++) {
		for (uint32_t q = 0; q < p.rings_per_port; q++) {
			uint32_t r = inic_plan_ring(&p, port, q);
			uint32_t v = inic_plan_ring_vector(&p, r);

			ASSERT_LT(r, p.num_rings);
			EXPECT_EQ(port, inic_plan_ring_port(&p, r));
			ASSERT_GE(v, 1u);
			ASSERT_LT(v, p.num_vectors);
			EXPECT_NE((uint32_t)INIC_CORE_MISC_VECTOR, v);
			seen_ring[r]++;
			seen_vec[v]++;
		}
	}
	for (uint32_t r = 0; r < p.num_rings; r++)
		EXPECT_EQ(1, seen_ring[r]) << "ring " << r;
	for (uint32_t v = 1; v < p.num_vectors; v++)
		EXPECT_EQ(1, seen_vec[v]) << "vector " << v;
	EXPECT_EQ(INIC_CORE_NONE, inic_plan_ring_port(&p, p.num_rings));
	EXPECT_EQ(INIC_CORE_NONE, inic_plan_ring_vector(&p, p.num_rings));
}

TEST(Plan, RefusesBadDeviceValues)
{
	struct inic_plan p;

	EXPECT_EQ(-EINVAL, inic_plan_make(&p, 0, 8, 9, 4));
	EXPECT_EQ(-EINVAL, inic_plan_make(&p, INIC_MAX_PORTS + 1, 64, 65, 4));
	EXPECT_EQ(-EINVAL, inic_plan_make(&p, 2, 0, 9, 4));
	EXPECT_EQ(-EINVAL, inic_plan_make(&p, 2, INIC_MAX_RINGS + 1, 9, 4));
	EXPECT_EQ(-EINVAL, inic_plan_make(&p, 2, 8, 1, 4));
	EXPECT_EQ(-EINVAL, inic_plan_make(&p, 2, 8, INIC_MAX_VECTORS + 1, 4));
	EXPECT_EQ(-EINVAL, inic_plan_make(&p, 2, 8, 9, 0));
	/* Three ports but only two rings. */
	EXPECT_EQ(-EINVAL, inic_plan_make(&p, 3, 2, 9, 1));
	/* Three ports but vectors for only two rings. */
	EXPECT_EQ(-EINVAL, inic_plan_make(&p, 3, 8, 3, 1));
	EXPECT_EQ(-EINVAL, inic_plan_make(nullptr, 2, 8, 9, 4));
}

TEST(Plan, ClampsRingsPerPortToWhatTheDeviceHas)
{
	struct inic_plan p;

	/* RINGS_PER_PORT says 4 but the function has 6 rings for 2 ports. */
	ASSERT_EQ(0, inic_plan_make(&p, 2, 6, 7, 4));
	EXPECT_EQ(3u, p.rings_per_port);
	EXPECT_EQ(6u, p.num_rings);
	/* Enough rings, too few vectors. */
	ASSERT_EQ(0, inic_plan_make(&p, 2, 8, 5, 4));
	EXPECT_EQ(2u, p.rings_per_port);
	EXPECT_EQ(5u, p.num_vectors);
	/* Maximum configuration. */
	ASSERT_EQ(0, inic_plan_make(&p, INIC_MAX_PORTS, INIC_MAX_RINGS,
				    INIC_MAX_VECTORS, 32));
	EXPECT_EQ((uint32_t)INIC_MAX_RINGS, p.num_rings);
	EXPECT_EQ((uint32_t)INIC_MAX_VECTORS, p.num_vectors);
}

TEST(Plan, FitsFewerGrantedVectors)
{
	struct inic_plan p;

	ASSERT_EQ(0, inic_plan_make(&p, 2, 8, 9, 4));
	ASSERT_EQ(0, inic_plan_fit_vectors(&p, 9));
	EXPECT_EQ(4u, p.rings_per_port);
	ASSERT_EQ(0, inic_plan_fit_vectors(&p, 6));
	EXPECT_EQ(2u, p.rings_per_port);
	EXPECT_EQ(4u, p.num_rings);
	EXPECT_EQ(5u, p.num_vectors);
	EXPECT_EQ(2u, inic_plan_port_first_ring(&p, 1));
	EXPECT_EQ(-ENOSPC, inic_plan_fit_vectors(&p, 2));
	EXPECT_EQ(-EINVAL, inic_plan_fit_vectors(nullptr, 9));
}

/* ---- Ring arithmetic ---- */

TEST(Ring, SizeValidity)
{
	EXPECT_TRUE(inic_ring_size_valid(16));
	EXPECT_TRUE(inic_ring_size_valid(4096));
	EXPECT_FALSE(inic_ring_size_valid(0));
	EXPECT_FALSE(inic_ring_size_valid(8));
	EXPECT_FALSE(inic_ring_size_valid(8192));
	EXPECT_FALSE(inic_ring_size_valid(100));
	EXPECT_EQ(16u, inic_ring_size_clamp(0));
	EXPECT_EQ(128u, inic_ring_size_clamp(100));
	EXPECT_EQ(256u, inic_ring_size_clamp(256));
	EXPECT_EQ(4096u, inic_ring_size_clamp(100000));
}

TEST(Ring, NextAndAddWrap)
{
	EXPECT_EQ(1u, inic_ring_next(0, 16));
	EXPECT_EQ(0u, inic_ring_next(15, 16));
	EXPECT_EQ(3u, inic_ring_add(14, 5, 16));
	EXPECT_EQ(14u, inic_ring_add(14, 16, 16));
}

TEST(Ring, UsedUnusedKeepOneSlotFree)
{
	/* Empty: HEAD == TAIL, SIZE - 1 may be given. */
	EXPECT_EQ(0u, inic_ring_used(5, 5, 16));
	EXPECT_EQ(15u, inic_ring_unused(5, 5, 16));
	/* Wrapped. */
	EXPECT_EQ(6u, inic_ring_used(13, 3, 16));
	EXPECT_EQ(9u, inic_ring_unused(13, 3, 16));
	/* Full: ntu one behind ntc. */
	EXPECT_EQ(15u, inic_ring_used(4, 3, 16));
	EXPECT_EQ(0u, inic_ring_unused(4, 3, 16));
}

TEST(Ring, ProducerConsumerModel)
{
	/* Simulate a driver filling and a device consuming a 16-entry ring. */
	const uint32_t size = 16;
	uint32_t ntu = 0, ntc = 0, given = 0, taken = 0;

	for (int step = 0; step < 1000; step++) {
		uint32_t n = inic_ring_unused(ntc, ntu, size);
		uint32_t k = (step * 7) % (n + 1);

		ntu = inic_ring_add(ntu, k, size);
		given += k;
		ASSERT_LE(inic_ring_used(ntc, ntu, size), size - 1);
		uint32_t u = inic_ring_used(ntc, ntu, size);
		uint32_t c = (step * 5) % (u + 1);

		ntc = inic_ring_add(ntc, c, size);
		taken += c;
		ASSERT_EQ(given - taken, inic_ring_used(ntc, ntu, size));
	}
}

TEST(Ring, TxDescsAndIntArm)
{
	EXPECT_EQ(1u, inic_tx_descs_needed(60, 0));
	EXPECT_EQ(18u, inic_tx_descs_needed(100, 17));
	EXPECT_EQ(2u, inic_tx_descs_needed(0, 2));
	EXPECT_EQ(0u, inic_tx_descs_needed(0, 0));
	EXPECT_EQ(INIC_INT_ARM | 5u, inic_int_arm_value(5));
	EXPECT_EQ(INIC_INT_ARM | 0xffffu, inic_int_arm_value(0x1ffff));
}

/* ---- Validation ---- */

TEST(Validate, Mtu)
{
	EXPECT_EQ(0, inic_mtu_check(INIC_MIN_MTU));
	EXPECT_EQ(0, inic_mtu_check(1500));
	EXPECT_EQ(0, inic_mtu_check(INIC_MAX_MTU));
	EXPECT_EQ(-ERANGE, inic_mtu_check(INIC_MIN_MTU - 1));
	EXPECT_EQ(-ERANGE, inic_mtu_check(INIC_MAX_MTU + 1));
	EXPECT_EQ(-ERANGE, inic_mtu_check(0));
	EXPECT_EQ(-ERANGE, inic_mtu_check(0xffffffffu));
}

TEST(Validate, Mac)
{
	const uint8_t good[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
	const uint8_t zero[6] = {};
	const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	const uint8_t mcast[6] = { 0x01, 0x00, 0x5e, 0x00, 0x00, 0x01 };
	const uint8_t local[6] = { 0x02, 0, 0, 0, 0, 1 };

	EXPECT_TRUE(inic_mac_valid(good));
	EXPECT_TRUE(inic_mac_valid(local));
	EXPECT_FALSE(inic_mac_valid(zero));
	EXPECT_FALSE(inic_mac_valid(bcast));
	EXPECT_FALSE(inic_mac_valid(mcast));
	EXPECT_FALSE(inic_mac_valid(nullptr));
}

TEST(Validate, MacRegisterLayout)
{
	const uint8_t mac[6] = { 0x52, 0x54, 0x00, 0xab, 0xcd, 0xef };
	uint8_t back[6];
	uint32_t lo, hi;

	inic_mac_to_regs(mac, &lo, &hi);
	/* Byte 0 in bits 7:0 of MAC_LO (hw-reference). */
	EXPECT_EQ(0xab005452u, lo);
	EXPECT_EQ(0xefcdu, hi);
	inic_mac_from_regs(lo, hi | 0xffff0000u, back);
	EXPECT_EQ(0, memcmp(mac, back, 6));
}

/* ---- Counters ---- */

TEST(Counter, MonotonicAcrossReset)
{
	struct inic_counter c = {};

	EXPECT_EQ(10u, inic_counter_update(&c, 10));
	EXPECT_EQ(25u, inic_counter_update(&c, 25));
	EXPECT_EQ(25u, inic_counter_update(&c, 25));
	/* Device reset: counter restarts at 3; total keeps growing. */
	EXPECT_EQ(28u, inic_counter_update(&c, 3));
	EXPECT_EQ(30u, inic_counter_update(&c, 5));
	/* Reset to exactly zero. */
	EXPECT_EQ(30u, inic_counter_update(&c, 0));
	EXPECT_EQ(31u, inic_counter_update(&c, 1));
}

TEST(Counter, StartsFromFirstReadingNot0)
{
	/* Counters survive a function reset: a driver loaded later sees the
	 * device's full count on its first read.
	 */
	struct inic_counter c = {};

	EXPECT_EQ(1000u, inic_counter_update(&c, 1000));
}

TEST(Counter, Large64BitValues)
{
	struct inic_counter c = {};
	const __u64 big = 0xfffffffff0000000ull;

	EXPECT_EQ(big, inic_counter_update(&c, big));
	EXPECT_EQ(big + 0x100, inic_counter_update(&c, big + 0x100));
}

static void fill(__u64 *v, __u64 base)
{
	for (int i = 0; i < INIC_RSTAT__COUNT; i++)
		v[i] = base + i;
}

TEST(Stats, CreateDestroy)
{
	EXPECT_EQ(nullptr, inic_stats_create(0));
	EXPECT_EQ(nullptr, inic_stats_create(INIC_MAX_RINGS + 1));
	struct inic_stats *s = inic_stats_create(INIC_MAX_RINGS);

	ASSERT_NE(nullptr, s);
	EXPECT_EQ((uint32_t)INIC_MAX_RINGS, inic_stats_num_rings(s));
	inic_stats_destroy(s);
	inic_stats_destroy(nullptr);
	EXPECT_EQ(0u, inic_stats_num_rings(nullptr));
}

TEST(Stats, PortTotalsSumOnlyThePortsRings)
{
	struct inic_stats *s = inic_stats_create(8);
	__u64 tx[INIC_RSTAT__COUNT], rx[INIC_RSTAT__COUNT];
	struct inic_port_totals t;

	ASSERT_NE(nullptr, s);
	for (uint32_t r = 0; r < 8; r++) {
		fill(tx, 100 * (r + 1));
		fill(rx, 1000 * (r + 1));
		inic_stats_update_ring(s, r, tx, rx);
	}
	/* Port 1 = rings 4..7. */
	inic_stats_port_totals(s, 4, 4, &t);
	EXPECT_EQ(1000u * (5 + 6 + 7 + 8), t.rx_packets);
	EXPECT_EQ(1000u * (5 + 6 + 7 + 8) + 4, t.rx_bytes);
	EXPECT_EQ(100u * (5 + 6 + 7 + 8), t.tx_packets);
	EXPECT_EQ(100u * (5 + 6 + 7 + 8) + 4, t.tx_bytes);
	EXPECT_EQ(1000u * 26 + 4 * INIC_RSTAT_DROP_NODESC, t.rx_dropped);
	EXPECT_EQ(1000u * 26 + 4 * INIC_RSTAT_DROP_FILTER, t.rx_missed);
	EXPECT_EQ(2 * 1000u * 26 + 4 * (INIC_RSTAT_ERRORS +
					 INIC_RSTAT_CSUM_ERR), t.rx_errors);
	EXPECT_EQ(1000u * 26 + 4 * INIC_RSTAT_CSUM_ERR, t.rx_crc_errors);
	EXPECT_EQ(100u * 26 + 4 * INIC_RSTAT_ERRORS, t.tx_errors);

	/* Ranges past the end are clipped, not overrun (ASan checks). */
	inic_stats_port_totals(s, 6, 100, &t);
	EXPECT_EQ(1000u * (7 + 8), t.rx_packets);
	inic_stats_port_totals(s, 8, 1, &t);
	EXPECT_EQ(0u, t.rx_packets);
	inic_stats_destroy(s);
}

TEST(Stats, TotalsNeverGoBackwardsAcrossDeviceReset)
{
	struct inic_stats *s = inic_stats_create(2);
	__u64 tx[INIC_RSTAT__COUNT], rx[INIC_RSTAT__COUNT];
	__u64 ttx[INIC_RSTAT__COUNT], trx[INIC_RSTAT__COUNT];
	struct inic_port_totals t;

	ASSERT_NE(nullptr, s);
	fill(tx, 50);
	fill(rx, 70);
	inic_stats_update_ring(s, 1, tx, rx);
	inic_stats_port_totals(s, 0, 2, &t);
	EXPECT_EQ(70u, t.rx_packets);
	/* Reset: raw counters drop to small values. */
	fill(tx, 2);
	fill(rx, 1);
	inic_stats_update_ring(s, 1, tx, rx);
	inic_stats_port_totals(s, 0, 2, &t);
	EXPECT_EQ(71u, t.rx_packets);
	EXPECT_EQ(52u, t.tx_packets);
	inic_stats_ring_totals(s, 1, ttx, trx);
	EXPECT_EQ(52u, ttx[INIC_RSTAT_PKTS]);
	EXPECT_EQ(71u + 1 + 1, trx[INIC_RSTAT_BYTES]);
	/* Out of range rings read as zero and updates are ignored. */
	inic_stats_update_ring(s, 2, tx, rx);
	inic_stats_ring_totals(s, 2, ttx, trx);
	EXPECT_EQ(0u, ttx[0]);
	EXPECT_EQ(0u, trx[INIC_RSTAT__COUNT - 1]);
	inic_stats_destroy(s);
}

} /* namespace */
