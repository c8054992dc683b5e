// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite inic_core_lag: the bonding offload policy (policy/lag.cpp)
 * run on the vectors the GoogleTest tests use (inic_lag_vectors.h), and
 * the carrier rule.
 */
#include <kunit/test.h>
#include <linux/string.h>

#include "policy/lag.h"
#include "inic_lag_vectors.h"

static void inic_lag_shared_vectors(struct kunit *test)
{
	struct inic_lag_facts f;
	struct inic_lag_expect e;
	struct inic_lag_decision d;
	unsigned int i;

	for (i = 0;; i++) {
		memset(&f, 0, sizeof(f));
		memset(&e, 0, sizeof(e));
		memset(&d, 0xa5, sizeof(d));
		if (!inic_lag_vector(i, &f, &e))
			break;
		inic_lag_decide(&f, &d);
		KUNIT_EXPECT_EQ_MSG(test, d.offload, e.offload, "vector %s",
				    e.name);
		if (!e.offload || !d.offload) {
			KUNIT_EXPECT_NOT_NULL_MSG(test, d.why, "vector %s",
						  e.name);
			if (d.why && e.why_word)
				KUNIT_EXPECT_NOT_NULL_MSG(test,
							  strstr(d.why, e.why_word),
							  "vector %s: %s", e.name,
							  d.why);
			KUNIT_EXPECT_EQ_MSG(test, d.ctrl, 0, "vector %s", e.name);
			continue;
		}
		KUNIT_EXPECT_NULL_MSG(test, d.why, "vector %s", e.name);
		KUNIT_EXPECT_EQ_MSG(test, d.mode, e.mode, "vector %s", e.name);
		KUNIT_EXPECT_EQ_MSG(test, d.hash, e.hash, "vector %s", e.name);
		KUNIT_EXPECT_EQ_MSG(test, d.members, e.members, "vector %s",
				    e.name);
		KUNIT_EXPECT_EQ_MSG(test, d.primary, e.primary, "vector %s",
				    e.name);
		KUNIT_EXPECT_EQ_MSG(test, d.ctrl, e.ctrl, "vector %s", e.name);
		KUNIT_EXPECT_EQ_MSG(test, d.active, e.active, "vector %s",
				    e.name);
	}
	KUNIT_EXPECT_GE(test, i, 30);
}

static void inic_lag_carrier(struct kunit *test)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(inic_lag_carrier_vecs); i++) {
		const struct inic_lag_carrier_vec *v = &inic_lag_carrier_vecs[i];

		KUNIT_EXPECT_EQ_MSG(test,
				    inic_lag_port_carrier(v->members, v->link,
							  v->port),
				    v->carrier, "vector %u", i);
	}
}

static void inic_lag_names(struct kunit *test)
{
	struct inic_lag_decision d = {};

	d.mode = INIC_LAG_MODE_ACTIVE_BACKUP;
	KUNIT_EXPECT_STREQ(test, inic_lag_mode_name(&d), "active-backup");
	d.mode = INIC_LAG_MODE_HASH;
	d.hash = INIC_LAG_HASH_L34;
	KUNIT_EXPECT_STREQ(test, inic_lag_mode_name(&d),
			   "balance-xor layer3+4");
}

static struct kunit_case inic_core_lag_cases[] = {
	KUNIT_CASE(inic_lag_shared_vectors),
	KUNIT_CASE(inic_lag_carrier),
	KUNIT_CASE(inic_lag_names),
	{}
};

static struct kunit_suite inic_core_lag_suite = {
	.name = "inic_core_lag",
	.test_cases = inic_core_lag_cases,
};

kunit_test_suites(&inic_core_lag_suite);
