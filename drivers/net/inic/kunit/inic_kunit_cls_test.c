// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite inic_core_cls: the classifier policy (policy/cls.cpp) run on
 * the vectors the GoogleTest tests use (inic_cls_vectors.h), plus exact vs
 * masked placement.
 */
#include <kunit/test.h>
#include <linux/string.h>

#include "policy/cls.h"
#include "inic_cls_vectors.h"

static void inic_cls_shared_vectors(struct kunit *test)
{
	struct inic_cls_rule r;
	struct inic_cls_limits l;
	struct inic_cls_expect e;
	struct inic_cls_hw hw;
	unsigned int i, k;
	const char *why;
	int err;

	for (i = 0;; i++) {
		memset(&r, 0, sizeof(r));
		memset(&l, 0, sizeof(l));
		memset(&e, 0, sizeof(e));
		memset(&hw, 0xa5, sizeof(hw));
		why = NULL;
		if (!inic_cls_vector(i, &r, &l, &e))
			break;
		err = inic_cls_rule_encode(&r, &l, &hw, &why);
		KUNIT_EXPECT_EQ_MSG(test, err, e.err, "vector %s", e.name);
		if (err || e.err) {
			KUNIT_EXPECT_NOT_NULL_MSG(test, why, "vector %s", e.name);
			if (why)
				KUNIT_EXPECT_NOT_NULL_MSG(test,
							  strstr(why, e.why_word),
							  "vector %s: %s", e.name, why);
			continue;
		}
		KUNIT_EXPECT_EQ_MSG(test, hw.action, e.action, "vector %s", e.name);
		KUNIT_EXPECT_EQ_MSG(test, hw.act_arg, e.act_arg, "vector %s", e.name);
		KUNIT_EXPECT_EQ_MSG(test, hw.prio, e.prio, "vector %s", e.name);
		KUNIT_EXPECT_EQ_MSG(test, hw.mirror, e.mirror, "vector %s", e.name);
		KUNIT_EXPECT_EQ_MSG(test, hw.pol_rate, e.pol_rate, "vector %s", e.name);
		KUNIT_EXPECT_EQ_MSG(test, hw.pol_burst, e.pol_burst, "vector %s",
				    e.name);
		for (k = 0; k < INIC_CLS_VEC_BYTES; k++) {
			if (!e.bytes[k].used)
				continue;
			KUNIT_EXPECT_EQ_MSG(test,
					    inic_cls_image_byte(hw.key, e.bytes[k].off),
					    e.bytes[k].key, "vector %s key byte %u",
					    e.name, e.bytes[k].off);
			KUNIT_EXPECT_EQ_MSG(test,
					    inic_cls_image_byte(hw.mask, e.bytes[k].off),
					    e.bytes[k].mask, "vector %s mask byte %u",
					    e.name, e.bytes[k].off);
		}
		for (k = 0; k < INIC_CLS_KEY_REGS; k++)
			KUNIT_EXPECT_EQ(test, hw.key[k] & ~hw.mask[k], 0);
	}
	KUNIT_EXPECT_GE(test, i, 27);
}

static void inic_cls_placement(struct kunit *test)
{
	struct inic_cls_masks *m;
	struct inic_cls_hw hw;
	unsigned int i;

	m = kunit_kzalloc(test, sizeof(*m), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, m);
	memset(&hw, 0, sizeof(hw));
	for (i = 0; i < INIC_CLS_EXACT_MASKS; i++) {
		hw.mask[5] = i + 1;
		KUNIT_EXPECT_EQ(test, inic_cls_place(m, &hw),
				INIC_CLS_TABLE_EXACT);
		KUNIT_EXPECT_EQ(test, inic_cls_masks_get(m, &hw), 0);
	}
	hw.mask[5] = 100;
	KUNIT_EXPECT_EQ(test, inic_cls_place(m, &hw), INIC_CLS_TABLE_MASKED);
	hw.mask[5] = 1;
	inic_cls_masks_put(m, &hw);
	hw.mask[5] = 100;
	KUNIT_EXPECT_EQ(test, inic_cls_place(m, &hw), INIC_CLS_TABLE_EXACT);
}

static struct kunit_case inic_core_cls_cases[] = {
	KUNIT_CASE(inic_cls_shared_vectors),
	KUNIT_CASE(inic_cls_placement),
	{}
};

static struct kunit_suite inic_core_cls_suite = {
	.name = "inic_core_cls",
	.test_cases = inic_core_cls_cases,
};

kunit_test_suites(&inic_core_cls_suite);
