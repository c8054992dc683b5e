// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suites for the inic driver's C++ core (inic_core.cpp), called
 * through its extern "C" API (inic_core.h) exactly as the driver's C glue
 * calls it: ABI checks, resource planning, ring index math, validation and
 * counter aggregation.
 */
#include <kunit/resource.h>
#include <kunit/test.h>
#include <linux/stddef.h>
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

/* ---- ABI ---- */

static void inic_abi_check_versions(struct kunit *test)
{
	u32 v = INIC_ABI_VERSION;

	KUNIT_EXPECT_EQ(test, inic_core_abi_check(INIC_ID_MAGIC, v), 0);
	/* a newer minor only adds: still compatible */
	KUNIT_EXPECT_EQ(test, inic_core_abi_check(INIC_ID_MAGIC, v + 1), 0);
	KUNIT_EXPECT_EQ(test, inic_core_abi_check(INIC_ID_MAGIC, v | 0xffff),
			0);
	/* another major is not */
	KUNIT_EXPECT_EQ(test, inic_core_abi_check(INIC_ID_MAGIC, v + 0x10000),
			-INIC_E_NODEV);
	KUNIT_EXPECT_EQ(test, inic_core_abi_check(INIC_ID_MAGIC, v & 0xffff),
			-INIC_E_NODEV);
	/* wrong ID, or a device that fell off the bus (all ones) */
	KUNIT_EXPECT_EQ(test, inic_core_abi_check(0, v), -INIC_E_NODEV);
	KUNIT_EXPECT_EQ(test, inic_core_abi_check(INIC_ID_MAGIC ^ 1, v),
			-INIC_E_NODEV);
	KUNIT_EXPECT_EQ(test, inic_core_abi_check(0xffffffff, 0xffffffff),
			-INIC_E_NODEV);
}

static void inic_abi_descriptor_layout(struct kunit *test)
{
	/* what the device DMAs: fixed by Documentation/hw-reference.rst */
	KUNIT_EXPECT_EQ(test, sizeof(struct inic_tx_desc), 32);
	KUNIT_EXPECT_EQ(test, offsetof(struct inic_tx_desc, len), 8);
	KUNIT_EXPECT_EQ(test, offsetof(struct inic_tx_desc, cmd), 10);
	KUNIT_EXPECT_EQ(test, offsetof(struct inic_tx_desc, mss), 16);
	KUNIT_EXPECT_EQ(test, offsetof(struct inic_tx_desc, vlan_tci), 20);
	KUNIT_EXPECT_EQ(test, offsetof(struct inic_tx_desc, status), 22);
	KUNIT_EXPECT_EQ(test, sizeof(struct inic_rx_desc), 32);
	KUNIT_EXPECT_EQ(test, offsetof(struct inic_rx_desc, buf_len), 8);
	KUNIT_EXPECT_EQ(test, offsetof(struct inic_rx_desc, len), 10);
	KUNIT_EXPECT_EQ(test, offsetof(struct inic_rx_desc, status), 12);
	KUNIT_EXPECT_EQ(test, offsetof(struct inic_rx_desc, rss_hash), 16);
	KUNIT_EXPECT_EQ(test, offsetof(struct inic_rx_desc, mark), 24);
	KUNIT_EXPECT_EQ(test, offsetof(struct inic_rx_desc, toe_wscale), 28);
}

static void inic_abi_register_map(struct kunit *test)
{
	/* per-code error counters stay in the global block */
	KUNIT_EXPECT_LE(test, INIC_ERR__COUNT, INIC_ERR_CODES);
	KUNIT_EXPECT_LE(test, INIC_REG_ERR_COUNT(INIC_ERR_CODES - 1) + 4,
			0x1000);
	/* port blocks: counters fit, all ports end before the mailbox */
	KUNIT_EXPECT_LE(test, INIC_PORT_STAT(INIC_PSTAT__COUNT), 0x100);
	KUNIT_EXPECT_LE(test, INIC_PORT_BASE(INIC_MAX_PORTS), INIC_MBOX_BASE);
	/* ring counters fit their slots, every ring pair fits in BAR 0 */
	KUNIT_EXPECT_LE(test, INIC_RSTAT__COUNT, INIC_RING_STAT_SLOTS);
	KUNIT_EXPECT_LE(test, INIC_RING_RX_STATS + 8 * INIC_RING_STAT_SLOTS,
			0x100);
	KUNIT_EXPECT_LE(test, INIC_RING_BASE(INIC_MAX_RINGS), INIC_BAR_REGS_SIZE);
	/* INT_ARM carries any ring index */
	KUNIT_EXPECT_GE(test, INIC_INT_ARM_IDX_MASK + 1, INIC_RING_MAX);
	KUNIT_EXPECT_EQ(test, INIC_INT_ARM & INIC_INT_ARM_IDX_MASK, 0);
}

/* ---- Resource planning ---- */

static void inic_plan_expect(struct kunit *test, const struct inic_plan *p,
			     u32 ports, u32 rpp)
{
	KUNIT_EXPECT_EQ(test, p->num_ports, ports);
	KUNIT_EXPECT_EQ(test, p->rings_per_port, rpp);
	KUNIT_EXPECT_EQ(test, p->num_rings, ports * rpp);
	KUNIT_EXPECT_EQ(test, p->num_vectors, 1 + ports * rpp);
}

static void inic_plan_make_basic(struct kunit *test)
{
	struct inic_plan p;

	KUNIT_ASSERT_EQ(test, inic_plan_make(&p, 2, 8, 9, 4), 0);
	inic_plan_expect(test, &p, 2, 4);
	/* the largest device the ABI allows */
	KUNIT_ASSERT_EQ(test, inic_plan_make(&p, INIC_MAX_PORTS, INIC_MAX_RINGS,
					     INIC_MAX_VECTORS, 32), 0);
	inic_plan_expect(test, &p, INIC_MAX_PORTS, 32);
	KUNIT_EXPECT_EQ(test, p.num_rings, INIC_MAX_RINGS);
	/* one port, one ring, misc + one vector */
	KUNIT_ASSERT_EQ(test, inic_plan_make(&p, 1, 1, 2, 1), 0);
	inic_plan_expect(test, &p, 1, 1);
}

static void inic_plan_make_clamps(struct kunit *test)
{
	struct inic_plan p;

	/* 4 vectors for rings: 2 per port instead of 4 */
	KUNIT_ASSERT_EQ(test, inic_plan_make(&p, 2, 8, 5, 4), 0);
	inic_plan_expect(test, &p, 2, 2);
	/* 3 ring pairs for 2 ports: 1 each, never a shared ring */
	KUNIT_ASSERT_EQ(test, inic_plan_make(&p, 2, 3, 64, 4), 0);
	inic_plan_expect(test, &p, 2, 1);
	/* asking for more rings per port than exist */
	KUNIT_ASSERT_EQ(test, inic_plan_make(&p, 3, 16, 17, 100), 0);
	inic_plan_expect(test, &p, 3, 5);
}

static void inic_plan_make_rejects(struct kunit *test)
{
	static const u32 bad[][4] = {
		/* ports, rings, vectors, rings per port */
		{ 0, 8, 9, 4 },
		{ INIC_MAX_PORTS + 1, 64, 65, 1 },
		{ 2, 0, 9, 4 },
		{ 2, INIC_MAX_RINGS + 1, INIC_MAX_VECTORS, 4 },
		{ 2, 8, 1, 4 },
		{ 2, 8, INIC_MAX_VECTORS + 1, 4 },
		{ 2, 8, 9, 0 },
		{ 4, 3, 9, 1 },		/* fewer rings than ports */
		{ 4, 8, 4, 1 },		/* fewer ring vectors than ports */
	};
	struct inic_plan p;
	int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		memset(&p, 0xa5, sizeof(p));
		KUNIT_EXPECT_EQ_MSG(test, inic_plan_make(&p, bad[i][0],
							 bad[i][1], bad[i][2],
							 bad[i][3]),
				    -INIC_E_INVAL, "case %d", i);
		/* a refused plan is empty, never half-filled */
		KUNIT_EXPECT_EQ_MSG(test, p.num_rings, 0, "case %d", i);
		KUNIT_EXPECT_EQ_MSG(test, p.num_vectors, 0, "case %d", i);
	}
	KUNIT_EXPECT_EQ(test, inic_plan_make(NULL, 2, 8, 9, 4), -INIC_E_INVAL);
}

static void inic_plan_fit_vectors_shrinks(struct kunit *test)
{
	struct inic_plan p;

	KUNIT_ASSERT_EQ(test, inic_plan_make(&p, 2, 8, 9, 4), 0);
	/* all or more granted: unchanged */
	KUNIT_EXPECT_EQ(test, inic_plan_fit_vectors(&p, 9), 0);
	inic_plan_expect(test, &p, 2, 4);
	KUNIT_EXPECT_EQ(test, inic_plan_fit_vectors(&p, 64), 0);
	inic_plan_expect(test, &p, 2, 4);
	/* 6 granted: misc + 2 per port, one vector left unused */
	KUNIT_EXPECT_EQ(test, inic_plan_fit_vectors(&p, 6), 0);
	inic_plan_expect(test, &p, 2, 2);
	/* the layout follows the new rings per port */
	KUNIT_EXPECT_EQ(test, inic_plan_port_first_ring(&p, 1), 2);
	KUNIT_EXPECT_EQ(test, inic_plan_ring_vector(&p, 3), 4);
	KUNIT_EXPECT_EQ(test, inic_plan_ring(&p, 0, 2), INIC_CORE_NONE);
	/* 3 granted: one ring per port */
	KUNIT_EXPECT_EQ(test, inic_plan_fit_vectors(&p, 3), 0);
	inic_plan_expect(test, &p, 2, 1);
	/* 2 granted: a port would have no ring */
	KUNIT_EXPECT_EQ(test, inic_plan_fit_vectors(&p, 2), -INIC_E_NOSPC);
	KUNIT_EXPECT_EQ(test, inic_plan_fit_vectors(&p, 0), -INIC_E_NOSPC);
	inic_plan_expect(test, &p, 2, 1);
	KUNIT_EXPECT_EQ(test, inic_plan_fit_vectors(NULL, 9), -INIC_E_INVAL);

	/* a plan that was refused has no port to fit */
	KUNIT_EXPECT_EQ(test, inic_plan_make(&p, 0, 8, 9, 4), -INIC_E_INVAL);
	KUNIT_EXPECT_EQ(test, inic_plan_fit_vectors(&p, 64), -INIC_E_NOSPC);
	KUNIT_EXPECT_EQ(test, p.num_vectors, 0);
}

static void inic_plan_mapping(struct kunit *test)
{
	bool seen_vec[INIC_MAX_VECTORS] = {};
	struct inic_plan p;
	u32 port, q;

	KUNIT_ASSERT_EQ(test, inic_plan_make(&p, 3, 12, 13, 4), 0);
	KUNIT_EXPECT_EQ(test, inic_plan_ring(&p, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, inic_plan_ring(&p, 1, 3), 7);
	KUNIT_EXPECT_EQ(test, inic_plan_ring(&p, 2, 3), 11);
	KUNIT_EXPECT_EQ(test, inic_plan_ring(&p, 3, 0), INIC_CORE_NONE);
	KUNIT_EXPECT_EQ(test, inic_plan_ring(&p, 0, 4), INIC_CORE_NONE);
	KUNIT_EXPECT_EQ(test, inic_plan_port_first_ring(&p, 2), 8);
	KUNIT_EXPECT_EQ(test, inic_plan_port_first_ring(&p, 3),
			INIC_CORE_NONE);
	KUNIT_EXPECT_EQ(test, inic_plan_ring_port(&p, 12), INIC_CORE_NONE);
	KUNIT_EXPECT_EQ(test, inic_plan_ring_vector(&p, 12), INIC_CORE_NONE);

	/* every (port, queue) has its own ring and its own non-misc vector */
	for (port = 0; port < p.num_ports; port++) {
		for (q = 0; q < p.rings_per_port; q++) {
			u32 r = inic_plan_ring(&p, port, q);
			u32 v = inic_plan_ring_vector(&p, r);

			KUNIT_ASSERT_LT(test, r, p.num_rings);
			KUNIT_EXPECT_EQ(test, inic_plan_ring_port(&p, r), port);
			KUNIT_ASSERT_LT(test, v, p.num_vectors);
			KUNIT_EXPECT_NE(test, v, INIC_CORE_MISC_VECTOR);
			KUNIT_EXPECT_FALSE(test, seen_vec[v]);
			seen_vec[v] = true;
		}
	}

	KUNIT_EXPECT_EQ(test, inic_plan_ring(NULL, 0, 0), INIC_CORE_NONE);
	KUNIT_EXPECT_EQ(test, inic_plan_ring_port(NULL, 0), INIC_CORE_NONE);
	KUNIT_EXPECT_EQ(test, inic_plan_ring_vector(NULL, 0), INIC_CORE_NONE);
}

/* ---- Ring index arithmetic ---- */

static void inic_ring_sizes(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, inic_ring_size_valid(INIC_RING_MIN));
	KUNIT_EXPECT_TRUE(test, inic_ring_size_valid(256));
	KUNIT_EXPECT_TRUE(test, inic_ring_size_valid(INIC_RING_MAX));
	KUNIT_EXPECT_FALSE(test, inic_ring_size_valid(0));
	KUNIT_EXPECT_FALSE(test, inic_ring_size_valid(INIC_RING_MIN / 2));
	KUNIT_EXPECT_FALSE(test, inic_ring_size_valid(48));
	KUNIT_EXPECT_FALSE(test, inic_ring_size_valid(INIC_RING_MAX + 1));
	KUNIT_EXPECT_FALSE(test, inic_ring_size_valid(INIC_RING_MAX * 2));
	KUNIT_EXPECT_FALSE(test, inic_ring_size_valid(0x80000000u));

	KUNIT_EXPECT_EQ(test, inic_ring_size_clamp(0), INIC_RING_MIN);
	KUNIT_EXPECT_EQ(test, inic_ring_size_clamp(1), INIC_RING_MIN);
	KUNIT_EXPECT_EQ(test, inic_ring_size_clamp(17), 32);
	KUNIT_EXPECT_EQ(test, inic_ring_size_clamp(100), 128);
	KUNIT_EXPECT_EQ(test, inic_ring_size_clamp(512), 512);
	KUNIT_EXPECT_EQ(test, inic_ring_size_clamp(INIC_RING_MAX + 1),
			INIC_RING_MAX);
	KUNIT_EXPECT_EQ(test, inic_ring_size_clamp(0xffffffffu), INIC_RING_MAX);
}

static void inic_ring_index_math(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, inic_ring_next(3, 16), 4);
	KUNIT_EXPECT_EQ(test, inic_ring_next(15, 16), 0);
	KUNIT_EXPECT_EQ(test, inic_ring_next(4095, 4096), 0);
	KUNIT_EXPECT_EQ(test, inic_ring_add(14, 5, 16), 3);
	KUNIT_EXPECT_EQ(test, inic_ring_add(7, 16, 16), 7);
	KUNIT_EXPECT_EQ(test, inic_ring_add(0, 0, 16), 0);

	KUNIT_EXPECT_EQ(test, inic_ring_used(0, 0, 16), 0);
	KUNIT_EXPECT_EQ(test, inic_ring_unused(0, 0, 16), 15);
	KUNIT_EXPECT_EQ(test, inic_ring_used(2, 10, 16), 8);
	KUNIT_EXPECT_EQ(test, inic_ring_used(10, 2, 16), 8);	/* wrapped */
	KUNIT_EXPECT_EQ(test, inic_ring_unused(0, 15, 16), 0);	/* full */
	KUNIT_EXPECT_EQ(test, inic_ring_unused(5, 4, 16), 0);
}

static void inic_ring_fill_and_drain(struct kunit *test)
{
	static const u32 sizes[] = { 16, 64, 4096 };
	int i;

	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		u32 size = sizes[i], ntc, ntu;

		for (ntc = 0; ntc < size; ntc += size / 16 + 1) {
			for (ntu = 0; ntu < size; ntu += size / 16 + 3) {
				u32 used = inic_ring_used(ntc, ntu, size);
				u32 room = inic_ring_unused(ntc, ntu, size);
				u32 full = inic_ring_add(ntu, room, size);

				/* one slot always stays empty */
				KUNIT_ASSERT_EQ(test, used + room, size - 1);
				KUNIT_ASSERT_EQ(test, inic_ring_next(full, size),
						ntc);
				KUNIT_ASSERT_EQ(test,
						inic_ring_unused(ntc, full, size),
						0);
				/* cleaning everything empties the ring */
				KUNIT_ASSERT_EQ(test,
						inic_ring_used(inic_ring_add(ntc, used,
									     size),
							       ntu, size),
						0);
			}
		}
	}
}

static void inic_ring_tx_and_irq(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, inic_tx_descs_needed(1500, 0), 1);
	KUNIT_EXPECT_EQ(test, inic_tx_descs_needed(128, 17), 18);
	/* an empty linear part takes no descriptor: len 0 is refused */
	KUNIT_EXPECT_EQ(test, inic_tx_descs_needed(0, 3), 3);

	KUNIT_EXPECT_EQ(test, inic_int_arm_value(0), INIC_INT_ARM);
	KUNIT_EXPECT_EQ(test, inic_int_arm_value(4095), INIC_INT_ARM | 4095);
	KUNIT_EXPECT_EQ(test, inic_int_arm_value(0x12345),
			INIC_INT_ARM | 0x2345);
}

/* ---- Validation ---- */

static void inic_validate_mtu(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, inic_mtu_check(1500), 0);
	KUNIT_EXPECT_EQ(test, inic_mtu_check(INIC_MIN_MTU), 0);
	KUNIT_EXPECT_EQ(test, inic_mtu_check(INIC_MAX_MTU), 0);
	KUNIT_EXPECT_EQ(test, inic_mtu_check(INIC_MIN_MTU - 1), -INIC_E_RANGE);
	KUNIT_EXPECT_EQ(test, inic_mtu_check(INIC_MAX_MTU + 1), -INIC_E_RANGE);
	KUNIT_EXPECT_EQ(test, inic_mtu_check(0), -INIC_E_RANGE);
	KUNIT_EXPECT_EQ(test, inic_mtu_check(0xffffffffu), -INIC_E_RANGE);
}

static void inic_validate_mac(struct kunit *test)
{
	static const u8 good[] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
	static const u8 local[] = { 0x02, 0, 0, 0, 0, 0x01 };
	static const u8 low[] = { 0, 0, 0, 0, 0, 0x01 };
	static const u8 zero[6];
	static const u8 bcast[] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	static const u8 mcast[] = { 0x01, 0x00, 0x5e, 0x00, 0x00, 0x01 };
	static const u8 mcast_local[] = { 0x03, 0, 0, 0, 0, 0x01 };

	KUNIT_EXPECT_TRUE(test, inic_mac_valid(good));
	KUNIT_EXPECT_TRUE(test, inic_mac_valid(local));
	KUNIT_EXPECT_TRUE(test, inic_mac_valid(low));
	KUNIT_EXPECT_FALSE(test, inic_mac_valid(zero));
	KUNIT_EXPECT_FALSE(test, inic_mac_valid(bcast));
	KUNIT_EXPECT_FALSE(test, inic_mac_valid(mcast));
	KUNIT_EXPECT_FALSE(test, inic_mac_valid(mcast_local));
	KUNIT_EXPECT_FALSE(test, inic_mac_valid(NULL));
}

static void inic_validate_mac_regs(struct kunit *test)
{
	static const u8 mac[] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
	u8 back[6];
	u32 lo, hi;

	/* byte 0 in bits 7:0 of MAC_LO, bytes 4-5 in MAC_HI */
	inic_mac_to_regs(mac, &lo, &hi);
	KUNIT_EXPECT_EQ(test, lo, 0x12005452);
	KUNIT_EXPECT_EQ(test, hi, 0x5634);

	memset(back, 0, sizeof(back));
	inic_mac_from_regs(lo, hi, back);
	KUNIT_EXPECT_MEMEQ(test, back, mac, sizeof(mac));

	/* bits 31:16 of MAC_HI are not part of the address */
	inic_mac_from_regs(0xddccbbaa, 0xdead0201, back);
	KUNIT_EXPECT_EQ(test, back[0], 0xaa);
	KUNIT_EXPECT_EQ(test, back[3], 0xdd);
	KUNIT_EXPECT_EQ(test, back[4], 0x01);
	KUNIT_EXPECT_EQ(test, back[5], 0x02);
}

/* ---- Counters ---- */

KUNIT_DEFINE_ACTION_WRAPPER(inic_kunit_stats_destroy, inic_stats_destroy,
			    struct inic_stats *);

static struct inic_stats *inic_kunit_stats(struct kunit *test, u32 rings)
{
	struct inic_stats *s = inic_stats_create(rings);

	KUNIT_ASSERT_NOT_NULL(test, s);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test,
							inic_kunit_stats_destroy,
							s), 0);
	return s;
}

static void inic_stats_counter_reset(struct kunit *test)
{
	struct inic_counter c = {};

	KUNIT_EXPECT_EQ(test, inic_counter_update(&c, 100), 100);
	KUNIT_EXPECT_EQ(test, inic_counter_update(&c, 150), 150);
	KUNIT_EXPECT_EQ(test, inic_counter_update(&c, 150), 150);
	/* the device was reset: counting restarts from 0, totals go on */
	KUNIT_EXPECT_EQ(test, inic_counter_update(&c, 20), 170);
	KUNIT_EXPECT_EQ(test, c.last, 20);
	KUNIT_EXPECT_EQ(test, inic_counter_update(&c, 30), 180);
	KUNIT_EXPECT_EQ(test, inic_counter_update(&c, 0), 180);
	KUNIT_EXPECT_EQ(test, inic_counter_update(&c, 1ULL << 40),
			180 + (1ULL << 40));
	KUNIT_EXPECT_EQ(test, c.total, 180 + (1ULL << 40));
}

static void inic_stats_create_destroy(struct kunit *test)
{
	unsigned long allocs = inic_kunit_cxx_allocs();
	unsigned long frees = inic_kunit_cxx_frees();
	struct inic_stats *s;
	u64 tx[INIC_RSTAT__COUNT], rx[INIC_RSTAT__COUNT];
	int i;

	KUNIT_EXPECT_NULL(test, inic_stats_create(0));
	KUNIT_EXPECT_NULL(test, inic_stats_create(INIC_MAX_RINGS + 1));

	s = inic_stats_create(INIC_MAX_RINGS);
	KUNIT_ASSERT_NOT_NULL(test, s);
	KUNIT_EXPECT_EQ(test, inic_stats_num_rings(s), INIC_MAX_RINGS);
	/* a fresh set reads zero everywhere */
	memset(tx, 0xff, sizeof(tx));
	memset(rx, 0xff, sizeof(rx));
	inic_stats_ring_totals(s, INIC_MAX_RINGS - 1, tx, rx);
	for (i = 0; i < INIC_RSTAT__COUNT; i++) {
		KUNIT_EXPECT_EQ(test, tx[i], 0);
		KUNIT_EXPECT_EQ(test, rx[i], 0);
	}
	inic_stats_destroy(s);
	inic_stats_destroy(NULL);
	KUNIT_EXPECT_EQ(test, inic_stats_num_rings(NULL), 0);

	/* the C++ core allocated through operator new and freed it all */
	KUNIT_EXPECT_GT(test, inic_kunit_cxx_allocs(), allocs);
	KUNIT_EXPECT_EQ(test, inic_kunit_cxx_allocs() - allocs,
			inic_kunit_cxx_frees() - frees);
}

static void inic_stats_create_nomem(struct kunit *test)
{
	unsigned long allocs, frees;
	unsigned int skip;

	/* fail each allocation of inic_stats_create() in turn */
	for (skip = 0; skip < 8; skip++) {
		struct inic_stats *s;

		allocs = inic_kunit_cxx_allocs();
		frees = inic_kunit_cxx_frees();
		inic_kunit_cxx_fail_allocs(skip, 1);
		s = inic_stats_create(4);
		inic_kunit_cxx_fail_allocs(0, 0);
		if (s) {
			/* more allocations than skip + 1: none failed */
			KUNIT_EXPECT_EQ(test, inic_stats_num_rings(s), 4);
			inic_stats_destroy(s);
			KUNIT_EXPECT_EQ(test, inic_kunit_cxx_allocs() - allocs,
					inic_kunit_cxx_frees() - frees);
			KUNIT_EXPECT_GT(test, skip, 0);
			return;
		}
		/* nothing leaked on the failure path */
		KUNIT_EXPECT_EQ_MSG(test, inic_kunit_cxx_allocs() - allocs,
				    inic_kunit_cxx_frees() - frees,
				    "skip %u", skip);
	}
	KUNIT_FAIL(test, "inic_stats_create() never succeeded");
}

static void inic_kunit_fill(u64 *v, u64 base)
{
	int i;

	for (i = 0; i < INIC_RSTAT__COUNT; i++)
		v[i] = base + i;
}

static void inic_stats_port_aggregation(struct kunit *test)
{
	struct inic_stats *s = inic_kunit_stats(test, 4);
	struct inic_port_totals t;
	u64 tx[INIC_RSTAT__COUNT], rx[INIC_RSTAT__COUNT];
	u32 r;

	/* ring r: TX slot i reads 100 * (r + 1) + i, RX 1000 * (r + 1) + i */
	for (r = 0; r < 4; r++) {
		inic_kunit_fill(tx, 100 * (r + 1));
		inic_kunit_fill(rx, 1000 * (r + 1));
		inic_stats_update_ring(s, r, tx, rx);
	}
	inic_stats_ring_totals(s, 2, tx, rx);
	KUNIT_EXPECT_EQ(test, tx[INIC_RSTAT_BYTES], 301);
	KUNIT_EXPECT_EQ(test, rx[INIC_RSTAT_ERRORS], 3000 + INIC_RSTAT_ERRORS);

	/* port 1 = ring pairs 2 and 3 */
	memset(&t, 0xff, sizeof(t));
	inic_stats_port_totals(s, 2, 2, &t);
	KUNIT_EXPECT_EQ(test, t.rx_packets, 3000 + 4000 + 2 * INIC_RSTAT_PKTS);
	KUNIT_EXPECT_EQ(test, t.rx_bytes, 7000 + 2 * INIC_RSTAT_BYTES);
	KUNIT_EXPECT_EQ(test, t.tx_packets, 700 + 2 * INIC_RSTAT_PKTS);
	KUNIT_EXPECT_EQ(test, t.tx_bytes, 700 + 2 * INIC_RSTAT_BYTES);
	KUNIT_EXPECT_EQ(test, t.rx_dropped, 7000 + 2 * INIC_RSTAT_DROP_NODESC);
	KUNIT_EXPECT_EQ(test, t.rx_missed, 7000 + 2 * INIC_RSTAT_DROP_FILTER);
	KUNIT_EXPECT_EQ(test, t.rx_crc_errors, 7000 + 2 * INIC_RSTAT_CSUM_ERR);
	/* rx_errors counts bad frames and bad checksums */
	KUNIT_EXPECT_EQ(test, t.rx_errors,
			14000 + 2 * (INIC_RSTAT_ERRORS + INIC_RSTAT_CSUM_ERR));
	KUNIT_EXPECT_EQ(test, t.tx_errors, 700 + 2 * INIC_RSTAT_ERRORS);

	/* port 0 = ring pairs 0 and 1 */
	inic_stats_port_totals(s, 0, 2, &t);
	KUNIT_EXPECT_EQ(test, t.tx_packets, 300 + 2 * INIC_RSTAT_PKTS);

	/* a range past the end is clipped, one out of range is empty */
	inic_stats_port_totals(s, 3, 100, &t);
	KUNIT_EXPECT_EQ(test, t.tx_packets, 400 + INIC_RSTAT_PKTS);
	inic_stats_port_totals(s, 4, 1, &t);
	KUNIT_EXPECT_EQ(test, t.tx_packets, 0);
	KUNIT_EXPECT_EQ(test, t.rx_errors, 0);
	inic_stats_port_totals(NULL, 0, 1, &t);
	KUNIT_EXPECT_EQ(test, t.rx_bytes, 0);
}

static void inic_stats_survive_reset(struct kunit *test)
{
	struct inic_stats *s = inic_kunit_stats(test, 2);
	struct inic_port_totals before, after;
	u64 tx[INIC_RSTAT__COUNT], rx[INIC_RSTAT__COUNT];

	inic_kunit_fill(tx, 5000);
	inic_kunit_fill(rx, 9000);
	inic_stats_update_ring(s, 1, tx, rx);
	inic_stats_port_totals(s, 0, 2, &before);
	KUNIT_EXPECT_EQ(test, before.rx_packets, 9000);

	/* function reset: the device's counters restart from zero */
	inic_kunit_fill(tx, 0);
	inic_kunit_fill(rx, 0);
	inic_stats_update_ring(s, 1, tx, rx);
	inic_stats_port_totals(s, 0, 2, &after);
	KUNIT_EXPECT_EQ(test, after.rx_packets, 9000);
	KUNIT_EXPECT_EQ(test, after.tx_bytes, before.tx_bytes + 1);

	/* traffic after the reset adds on top of the old totals */
	inic_kunit_fill(tx, 10);
	inic_kunit_fill(rx, 20);
	inic_stats_update_ring(s, 1, tx, rx);
	inic_stats_port_totals(s, 0, 2, &after);
	KUNIT_EXPECT_EQ(test, after.rx_packets, 9000 + 20);
	KUNIT_EXPECT_EQ(test, after.tx_packets, 5000 + 10);
	/* bytes read 1 after the reset, now 21 */
	KUNIT_EXPECT_EQ(test, after.rx_bytes, before.rx_bytes + 21);

	/* an update for a ring that does not exist changes nothing */
	inic_kunit_fill(rx, 1ULL << 32);
	inic_stats_update_ring(s, 2, rx, rx);
	inic_stats_port_totals(s, 0, 2, &before);
	KUNIT_EXPECT_EQ(test, before.rx_packets, after.rx_packets);
	inic_stats_ring_totals(s, 2, tx, rx);
	KUNIT_EXPECT_EQ(test, rx[INIC_RSTAT_PKTS], 0);
}

static void inic_core_no_leaks(struct kunit *test)
{
	/* the runtime suite and this one leave nothing allocated */
	KUNIT_EXPECT_EQ(test, inic_kunit_cxx_allocs(), inic_kunit_cxx_frees());
	KUNIT_EXPECT_EQ(test, inic_kunit_cxx_pure_calls(), 0);
}

static struct kunit_case inic_core_abi_cases[] = {
	KUNIT_CASE(inic_abi_check_versions),
	KUNIT_CASE(inic_abi_descriptor_layout),
	KUNIT_CASE(inic_abi_register_map),
	{}
};

static struct kunit_suite inic_core_abi_suite = {
	.name = "inic_core_abi",
	.test_cases = inic_core_abi_cases,
};

static struct kunit_case inic_core_plan_cases[] = {
	KUNIT_CASE(inic_plan_make_basic),
	KUNIT_CASE(inic_plan_make_clamps),
	KUNIT_CASE(inic_plan_make_rejects),
	KUNIT_CASE(inic_plan_fit_vectors_shrinks),
	KUNIT_CASE(inic_plan_mapping),
	{}
};

static struct kunit_suite inic_core_plan_suite = {
	.name = "inic_core_plan",
	.test_cases = inic_core_plan_cases,
};

static struct kunit_case inic_core_ring_cases[] = {
	KUNIT_CASE(inic_ring_sizes),
	KUNIT_CASE(inic_ring_index_math),
	KUNIT_CASE(inic_ring_fill_and_drain),
	KUNIT_CASE(inic_ring_tx_and_irq),
	{}
};

static struct kunit_suite inic_core_ring_suite = {
	.name = "inic_core_ring",
	.test_cases = inic_core_ring_cases,
};

static struct kunit_case inic_core_validate_cases[] = {
	KUNIT_CASE(inic_validate_mtu),
	KUNIT_CASE(inic_validate_mac),
	KUNIT_CASE(inic_validate_mac_regs),
	{}
};

static struct kunit_suite inic_core_validate_suite = {
	.name = "inic_core_validate",
	.test_cases = inic_core_validate_cases,
};

static struct kunit_case inic_core_stats_cases[] = {
	KUNIT_CASE(inic_stats_counter_reset),
	KUNIT_CASE(inic_stats_create_destroy),
	KUNIT_CASE(inic_stats_create_nomem),
	KUNIT_CASE(inic_stats_port_aggregation),
	KUNIT_CASE(inic_stats_survive_reset),
	KUNIT_CASE(inic_core_no_leaks),
	{}
};

static struct kunit_suite inic_core_stats_suite = {
	.name = "inic_core_stats",
	.test_cases = inic_core_stats_cases,
};

kunit_test_suites(&inic_core_abi_suite, &inic_core_plan_suite,
		  &inic_core_ring_suite, &inic_core_validate_suite,
		  &inic_core_stats_suite);
