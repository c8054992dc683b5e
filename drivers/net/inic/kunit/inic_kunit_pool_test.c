// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for the ring and vector pool of the inic C++ core
 * (policy/pool.cpp): the shared scenario of kunit/inic_pool_vectors.h
 * (also run by the GoogleTest tests), step by step, each refusal leaving
 * the pool unchanged, and the vector limit.
 */
#include <kunit/test.h>
#include <linux/errno.h>
#include <linux/string.h>

#include "policy/pool.h"
#include "inic_pool_vectors.h"

static void inic_pool_step_run(struct kunit *test, struct inic_pool *p,
			       const struct inic_pool_step *s, unsigned int i)
{
	u32 first = 0xdead;

	switch (s->op) {
	case INIC_POOL_OP_ALLOC:
		KUNIT_ASSERT_EQ_MSG(test, inic_pool_alloc(p, s->kind, s->index,
							  s->a, &first),
				    s->want, "step %u", i);
		if (!s->want)
			KUNIT_EXPECT_EQ_MSG(test, first, s->res, "step %u", i);
		break;
	case INIC_POOL_OP_RESERVE:
		KUNIT_EXPECT_EQ_MSG(test, inic_pool_reserve(p, s->kind, s->index,
							    s->a, s->b),
				    s->want, "step %u", i);
		break;
	case INIC_POOL_OP_RELEASE:
		KUNIT_EXPECT_EQ_MSG(test, inic_pool_release(p, s->kind,
							    s->index),
				    s->want, "step %u", i);
		break;
	case INIC_POOL_OP_AVAIL:
		KUNIT_EXPECT_EQ_MSG(test, inic_pool_available(p, s->kind),
				    s->res, "step %u", i);
		break;
	case INIC_POOL_OP_VECTOR:
		KUNIT_EXPECT_EQ_MSG(test, inic_pool_vector(p, s->kind, s->index,
							   s->a),
				    s->res, "step %u", i);
		break;
	}
}

static void inic_pool_shared_scenario(struct kunit *test)
{
	struct inic_pool *p, *before;
	unsigned int i;

	p = kunit_kzalloc(test, sizeof(*p), GFP_KERNEL);
	before = kunit_kzalloc(test, sizeof(*before), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_ASSERT_NOT_NULL(test, before);
	KUNIT_ASSERT_EQ(test, inic_pool_init(p, INIC_POOL_VEC_PF_RINGS,
					     INIC_POOL_VEC_VECTORS,
					     INIC_POOL_VEC_VF_POOL), 0);
	for (i = 0; i < ARRAY_SIZE(inic_pool_steps); i++) {
		memcpy(before, p, sizeof(*p));
		inic_pool_step_run(test, p, &inic_pool_steps[i], i);
		if (inic_pool_steps[i].want)
			KUNIT_EXPECT_EQ_MSG(test, memcmp(before, p, sizeof(*p)),
					    0, "step %u changed the pool", i);
	}
}

static void inic_pool_vector_limit(struct kunit *test)
{
	struct inic_pool *p = kunit_kzalloc(test, sizeof(*p), GFP_KERNEL);
	u32 first;

	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_ASSERT_EQ(test, inic_pool_init(p, 16, 9, 0), 0);
	KUNIT_EXPECT_EQ(test, inic_pool_available(p, INIC_POOL_VNIC), 8u);
	KUNIT_EXPECT_EQ(test, inic_pool_alloc(p, INIC_POOL_VNIC, 0, 9, &first),
			-ENOSPC);
	KUNIT_EXPECT_EQ(test, inic_pool_alloc(p, INIC_POOL_VF, 0, 1, &first),
			-ENOSPC);
	KUNIT_EXPECT_EQ(test, inic_pool_init(p, 16, 1, 0), -EINVAL);
}

static struct kunit_case inic_core_pool_cases[] = {
	KUNIT_CASE(inic_pool_shared_scenario),
	KUNIT_CASE(inic_pool_vector_limit),
	{}
};

static struct kunit_suite inic_core_pool_suite = {
	.name = "inic_core_pool",
	.test_cases = inic_core_pool_cases,
};

kunit_test_suites(&inic_core_pool_suite);
