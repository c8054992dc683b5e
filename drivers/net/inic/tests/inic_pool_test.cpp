// SPDX-License-Identifier: GPL-2.0
/*
 * GoogleTest tests of the ring and vector pool (policy/pool.cpp): the
 * shared scenario (kunit/inic_pool_vectors.h, also run by KUnit), the
 * vector limit, and properties over random sequences: grants never
 * overlap, stay inside their pool, and a refusal changes nothing.
 */
#include <gtest/gtest.h>

#include <cstring>
#include <random>

#include "policy/pool.h"
#include "kunit/inic_pool_vectors.h"

namespace {

void run_step(struct inic_pool *p, const inic_pool_step &s, size_t i)
{
	__u32 first = 0xdead;

	switch (s.op) {
	case INIC_POOL_OP_ALLOC:
		ASSERT_EQ(inic_pool_alloc(p, s.kind, s.index, s.a, &first),
			  s.want) << "step " << i;
		if (!s.want) {
			EXPECT_EQ(first, s.res) << "step " << i;
		}
		break;
	case INIC_POOL_OP_RESERVE:
		EXPECT_EQ(inic_pool_reserve(p, s.kind, s.index, s.a, s.b),
			  s.want) << "step " << i;
		break;
	case INIC_POOL_OP_RELEASE:
		EXPECT_EQ(inic_pool_release(p, s.kind, s.index), s.want)
			<< "step " << i;
		break;
	case INIC_POOL_OP_AVAIL:
		EXPECT_EQ(inic_pool_available(p, s.kind), s.res) << "step " << i;
		break;
	case INIC_POOL_OP_VECTOR:
		EXPECT_EQ(inic_pool_vector(p, s.kind, s.index, s.a), s.res)
			<< "step " << i;
		break;
	}
}

TEST(Pool, SharedScenario)
{
	struct inic_pool p;

	ASSERT_EQ(inic_pool_init(&p, INIC_POOL_VEC_PF_RINGS,
				 INIC_POOL_VEC_VECTORS, INIC_POOL_VEC_VF_POOL),
		  0);
	for (size_t i = 0; i < sizeof(inic_pool_steps) /
			       sizeof(inic_pool_steps[0]); i++) {
		struct inic_pool before = p;

		run_step(&p, inic_pool_steps[i], i);
		if (inic_pool_steps[i].want) {	/* a refusal changes nothing */
			EXPECT_EQ(memcmp(&before, &p, sizeof(p)), 0) << i;
		}
	}
}

TEST(Pool, VectorsLimitThePfRings)
{
	struct inic_pool p;
	__u32 first;

	/* 16 rings but 9 vectors: misc + 8 rings. */
	ASSERT_EQ(inic_pool_init(&p, 16, 9, 0), 0);
	EXPECT_EQ(inic_pool_available(&p, INIC_POOL_VNIC), 8u);
	EXPECT_EQ(inic_pool_alloc(&p, INIC_POOL_VNIC, 0, 9, &first),
		  -INIC_E_NOSPC);
	EXPECT_EQ(inic_pool_alloc(&p, INIC_POOL_VNIC, 0, 8, &first), 0);
	/* No VF pool: every VF request is refused. */
	EXPECT_EQ(inic_pool_alloc(&p, INIC_POOL_VF, 0, 1, &first),
		  -INIC_E_NOSPC);
	EXPECT_EQ(inic_pool_init(&p, 16, 1, 0), -INIC_E_INVAL);
	EXPECT_EQ(inic_pool_init(&p, 0, 9, 0), -INIC_E_INVAL);
	EXPECT_EQ(inic_pool_init(&p, 16, 9, INIC_VF_RING_POOL + 1),
		  -INIC_E_INVAL);
	EXPECT_EQ(inic_pool_init(nullptr, 16, 9, 0), -INIC_E_INVAL);
	EXPECT_EQ(inic_pool_alloc(&p, INIC_POOL_VNIC, 0, 1, nullptr),
		  -INIC_E_INVAL);
}

TEST(Pool, ThirtyTwoSingleRingVnics)
{
	struct inic_pool p;
	__u32 first;

	ASSERT_EQ(inic_pool_init(&p, 64, 65, 0), 0);
	ASSERT_EQ(inic_pool_reserve(&p, INIC_POOL_PORT, 0, 0, 16), 0);
	ASSERT_EQ(inic_pool_reserve(&p, INIC_POOL_PORT, 1, 16, 16), 0);
	for (__u32 n = 0; n < 32; n++) {
		ASSERT_EQ(inic_pool_alloc(&p, INIC_POOL_VNIC, n, 1, &first), 0);
		EXPECT_EQ(first, 32 + n);
		EXPECT_EQ(inic_pool_vector(&p, INIC_POOL_VNIC, n, 0), 33 + n);
	}
	EXPECT_EQ(inic_pool_alloc(&p, INIC_POOL_VNIC, 32, 1, &first),
		  -INIC_E_NOSPC);
}

/* Random allocations and releases: grants are disjoint and in range. */
TEST(Pool, RandomSequencesKeepGrantsDisjoint)
{
	std::mt19937 rng(12);

	for (int run = 0; run < 50; run++) {
		struct inic_pool p;
		const __u32 pf = 1 + rng() % 64, vf = rng() % 64;

		ASSERT_EQ(inic_pool_init(&p, pf, pf + 1, vf), 0);
		for (int i = 0; i < 300; i++) {
			const __u32 kind = rng() % INIC_POOL__KINDS;
			const __u32 index = rng() % 8, count = 1 + rng() % 8;
			struct inic_pool before = p;
			__u32 first;
			int err = rng() % 3 ?
				  inic_pool_alloc(&p, kind, index, count, &first) :
				  inic_pool_release(&p, kind, index);

			if (err) {
				ASSERT_EQ(memcmp(&before, &p, sizeof(p)), 0);
			}
			for (__u32 k = 0; k < INIC_POOL__KINDS; k++) {
				bool used[64] = {};
				__u32 n = 0, total = k == INIC_POOL_VF ? vf : pf;

				for (__u32 u = 0; u < 8; u++) {
					__u32 f, c;

					if (inic_pool_get(&p, k, u, &f, &c))
						continue;
					ASSERT_LE(f + c, total);
					for (__u32 r = f; r < f + c; r++) {
						if (k != INIC_POOL_VF) {
							/* PF rings: checked below */
							continue;
						}
						ASSERT_FALSE(used[r]);
						used[r] = true;
						n++;
					}
				}
				if (k == INIC_POOL_VF) {
					ASSERT_EQ(inic_pool_available(&p, k),
						  total - n);
				}
			}
			/* PF rings: ports, VNICs and XDP TX rings together, disjoint. */
			bool used[64] = {};
			__u32 n = 0;

			for (__u32 k = 0; k < INIC_POOL__KINDS; k++) {
				if (k == INIC_POOL_VF) {
					continue;
				}
				for (__u32 u = 0; u < 8; u++) {
					__u32 f, c;

					if (inic_pool_get(&p, k, u, &f, &c))
						continue;
					for (__u32 r = f; r < f + c; r++) {
						ASSERT_FALSE(used[r]);
						used[r] = true;
						n++;
					}
				}
			}
			ASSERT_EQ(inic_pool_available(&p, INIC_POOL_PORT),
				  pf - n);
		}
	}
}

} /* namespace */
