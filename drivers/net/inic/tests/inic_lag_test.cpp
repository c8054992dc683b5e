// SPDX-License-Identifier: GPL-2.0
/*
 * GoogleTest tests of the bonding offload policy (policy/lag.cpp): the
 * shared vectors (kunit/inic_lag_vectors.h, also run by KUnit), the
 * carrier rule, and properties over every small tracker: a decision is
 * always one the LAG block accepts (MEMBERS not 0, PRIMARY and ACTIVE
 * members, CTRL within its bits), and a refusal always says why.
 */
#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "policy/lag.h"
#include "kunit/inic_lag_vectors.h"

namespace {

TEST(Lag, SharedVectors)
{
	unsigned int i, n = 0;

	for (i = 0;; i++) {
		struct inic_lag_facts f;
		struct inic_lag_expect e;
		struct inic_lag_decision d;

		memset(&f, 0, sizeof(f));
		memset(&e, 0, sizeof(e));
		memset(&d, 0xa5, sizeof(d));
		if (!inic_lag_vector(i, &f, &e))
			break;
		n++;
		SCOPED_TRACE(e.name);
		inic_lag_decide(&f, &d);
		ASSERT_EQ(d.offload, e.offload);
		if (!e.offload) {
			ASSERT_NE(d.why, nullptr);
			EXPECT_NE(std::string(d.why).find(e.why_word),
				  std::string::npos) << d.why;
			EXPECT_EQ(d.ctrl, 0u);
			EXPECT_EQ(d.members, 0u);
			continue;
		}
		EXPECT_EQ(d.why, nullptr);
		EXPECT_EQ(d.mode, e.mode);
		EXPECT_EQ(d.hash, e.hash);
		EXPECT_EQ(d.members, e.members);
		EXPECT_EQ(d.primary, e.primary);
		EXPECT_EQ(d.ctrl, e.ctrl);
		EXPECT_EQ(d.active, e.active);
	}
	EXPECT_GE(n, 30u);
}

TEST(Lag, CarrierRule)
{
	for (const auto &v : inic_lag_carrier_vecs) {
		SCOPED_TRACE(v.port);
		EXPECT_EQ(inic_lag_port_carrier(v.members, v.link, v.port),
			  v.carrier) << std::hex << v.members << " " << v.link;
	}
	EXPECT_EQ(inic_lag_port_carrier(0x3, 0x3, 40), 0);
}

TEST(Lag, ModeNames)
{
	struct inic_lag_decision d = {};

	d.mode = INIC_LAG_MODE_ACTIVE_BACKUP;
	EXPECT_STREQ(inic_lag_mode_name(&d), "active-backup");
	d.mode = INIC_LAG_MODE_HASH;
	d.hash = INIC_LAG_HASH_L34;
	EXPECT_STREQ(inic_lag_mode_name(&d), "balance-xor layer3+4");
	d.hash = INIC_LAG_HASH_L23;
	EXPECT_STREQ(inic_lag_mode_name(&d), "balance-xor layer2+3");
	d.hash = INIC_LAG_HASH_L2;
	EXPECT_STREQ(inic_lag_mode_name(&d), "balance-xor layer2");
}

/*
 * Every tracker of up to 4 ports (all masks, tx types, hash types, bond
 * modes, primaries): what the policy asks the device to do is always
 * something the LAG block accepts.
 */
TEST(Lag, DecisionsTheDeviceAccepts)
{
	unsigned int offloaded = 0, soft = 0;

	for (__u32 np = 1; np <= 4; np++)
	for (__u32 ports = 0; ports < 16; ports++)
	for (__u32 tx = 0; tx < 16; tx += 3)
	for (__u32 link = 0; link < 16; link += 5)
	for (__u32 txt = INIC_LAG_TX_UNKNOWN; txt <= INIC_LAG_TX_HASH; txt++)
	for (__u32 hp = INIC_LAG_HP_NONE; hp <= INIC_LAG_HP_UNKNOWN; hp++)
	for (__u32 prim = 0; prim <= 4; prim++) {
		struct inic_lag_facts f = {};
		struct inic_lag_decision d;

		f.offload_enabled = 1;
		f.upper = (ports & 1) ? INIC_LAG_UPPER_BOND :
					INIC_LAG_UPPER_OTHER;
		f.bond_mode = txt == INIC_LAG_TX_ACTIVEBACKUP ?
			      INIC_LAG_BOND_AB : INIC_LAG_BOND_XOR;
		f.tx_type = txt;
		f.hash_type = hp;
		f.num_ports = np;
		f.ports = ports;
		f.num_lowers = __builtin_popcount(ports & ((1u << np) - 1));
		f.tx_enabled = tx;
		f.link = link;
		f.primary = prim == 4 ? INIC_CORE_NONE : prim;
		f.reselect_always = prim & 1;
		memset(&d, 0x5a, sizeof(d));
		inic_lag_decide(&f, &d);
		if (!d.offload) {
			ASSERT_NE(d.why, nullptr);
			ASSERT_GT(strlen(d.why), 0u);
			ASSERT_EQ(d.ctrl, 0u);
			soft++;
			continue;
		}
		offloaded++;
		ASSERT_EQ(d.why, nullptr);
		ASSERT_GE(__builtin_popcount(d.members), 2);
		ASSERT_EQ(d.members & ~((1u << np) - 1), 0u);
		ASSERT_LT(d.primary, np);
		ASSERT_TRUE(d.members & (1u << d.primary));
		ASSERT_EQ(d.ctrl & ~INIC_LAG_CTRL_ALL, 0u);
		ASSERT_TRUE(d.ctrl & INIC_LAG_CTRL_ENABLE);
		ASSERT_TRUE(d.ctrl & INIC_LAG_CTRL_ANNOUNCE);
		ASSERT_LE(d.mode, (__u32)INIC_LAG_MODE_HASH);
		ASSERT_LE(d.hash, (__u32)INIC_LAG_HASH_L23);
		if (d.active != INIC_CORE_NONE) {
			/* the device refuses an ACTIVE without link */
			ASSERT_TRUE(d.members & link & (1u << d.active));
			ASSERT_EQ(d.mode, (__u32)INIC_LAG_MODE_ACTIVE_BACKUP);
			ASSERT_TRUE(tx & (1u << d.active));
		}
		if (d.ctrl & INIC_LAG_CTRL_FAILBACK) {
			ASSERT_EQ(d.primary, f.primary);
		}
	}
	EXPECT_GT(offloaded, 0u);
	EXPECT_GT(soft, 0u);
}

/* The module parameter wins over everything. */
TEST(Lag, ParameterOff)
{
	struct inic_lag_facts f = {};
	struct inic_lag_decision d;

	inic_lag_vec_ab(&f);
	inic_lag_decide(&f, &d);
	EXPECT_EQ(d.offload, 1);
	f.offload_enabled = 0;
	inic_lag_decide(&f, &d);
	EXPECT_EQ(d.offload, 0);
	EXPECT_EQ(d.active, INIC_CORE_NONE);
}

} /* namespace */
