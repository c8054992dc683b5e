// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite "inic_cxx_runtime": proves that C++ objects were compiled,
 * linked into the kernel and run, and that the C++ runtime of this build
 * (operator new/delete on kmalloc/kfree) is the one they use.
 */
#include <kunit/test.h>

#include "inic_kunit_cxxrt.h"
#include "inic_kunit_selftest.h"

static unsigned int inic_kunit_seed_calls;

unsigned int inic_kunit_selftest_seed(void)
{
	inic_kunit_seed_calls++;
	return 1000;
}

static void inic_cxx_virtual_dispatch(struct kunit *test)
{
	unsigned long allocs = inic_kunit_cxx_allocs();
	unsigned long frees = inic_kunit_cxx_frees();
	int live = -1;

	/* 3 x 4 rectangle + 3 x 3 square, through base class pointers */
	KUNIT_EXPECT_EQ(test, inic_kunit_cxx_shapes(3, 4, &live), 21);
	KUNIT_EXPECT_EQ(test, live, 0);
	KUNIT_EXPECT_EQ(test, inic_kunit_cxx_shapes(5, 1, &live), 30);
	KUNIT_EXPECT_EQ(test, live, 0);
	/* every new went through our operator new, every delete came back */
	KUNIT_EXPECT_EQ(test, inic_kunit_cxx_allocs() - allocs, 4UL);
	KUNIT_EXPECT_EQ(test, inic_kunit_cxx_frees() - frees, 4UL);
}

static void inic_cxx_alloc_failure(struct kunit *test)
{
	unsigned long allocs = inic_kunit_cxx_allocs();
	unsigned long frees = inic_kunit_cxx_frees();
	int live = -1;

	/* first new fails: nothing constructed */
	inic_kunit_cxx_fail_allocs(0, 1);
	KUNIT_EXPECT_EQ(test, inic_kunit_cxx_shapes(3, 4, &live),
			-INIC_KUNIT_ENOMEM);
	KUNIT_EXPECT_EQ(test, live, 0);
	KUNIT_EXPECT_EQ(test, inic_kunit_cxx_allocs(), allocs);

	/* -fcheck-new: no constructor runs on the NULL the runtime returned */
	inic_kunit_cxx_fail_allocs(0, 1);
	KUNIT_EXPECT_EQ(test, inic_kunit_cxx_shapes(2, 2, &live),
			-INIC_KUNIT_ENOMEM);
	KUNIT_EXPECT_EQ(test, live, 0);

	/* the failure is one-shot */
	KUNIT_EXPECT_EQ(test, inic_kunit_cxx_shapes(2, 2, &live), 8);
	KUNIT_EXPECT_EQ(test, inic_kunit_cxx_allocs() - allocs,
			inic_kunit_cxx_frees() - frees);
}

static void inic_cxx_alloc_failure_second(struct kunit *test)
{
	unsigned long allocs = inic_kunit_cxx_allocs();
	unsigned long frees = inic_kunit_cxx_frees();
	int live = -1;

	/* the rectangle is allocated, the square is not: no leak */
	inic_kunit_cxx_fail_allocs(1, 1);
	KUNIT_EXPECT_EQ(test, inic_kunit_cxx_shapes(3, 4, &live),
			-INIC_KUNIT_ENOMEM);
	KUNIT_EXPECT_EQ(test, live, 0);
	KUNIT_EXPECT_EQ(test, inic_kunit_cxx_allocs() - allocs, 1UL);
	KUNIT_EXPECT_EQ(test, inic_kunit_cxx_frees() - frees, 1UL);
}

static void inic_cxx_array_new_delete(struct kunit *test)
{
	unsigned long allocs = inic_kunit_cxx_allocs();
	unsigned long frees = inic_kunit_cxx_frees();
	unsigned int ctors = 0, dtors = 0;

	KUNIT_EXPECT_EQ(test, inic_kunit_cxx_array(5, &ctors, &dtors), 10L);
	KUNIT_EXPECT_EQ(test, ctors, 5U);
	KUNIT_EXPECT_EQ(test, dtors, 5U);
	KUNIT_EXPECT_EQ(test, inic_kunit_cxx_array(100, &ctors, &dtors),
			4950L);
	KUNIT_EXPECT_EQ(test, ctors, 100U);
	KUNIT_EXPECT_EQ(test, dtors, 100U);
	/* one new[] and one delete[] per call */
	KUNIT_EXPECT_EQ(test, inic_kunit_cxx_allocs() - allocs, 2UL);
	KUNIT_EXPECT_EQ(test, inic_kunit_cxx_frees() - frees, 2UL);

	inic_kunit_cxx_fail_allocs(0, 1);
	KUNIT_EXPECT_EQ(test, inic_kunit_cxx_array(8, &ctors, &dtors),
			(long)-INIC_KUNIT_ENOMEM);
	KUNIT_EXPECT_EQ(test, ctors, 0U);
	KUNIT_EXPECT_EQ(test, dtors, 0U);
}

static void inic_cxx_static_local(struct kunit *test)
{
	unsigned int first = inic_kunit_cxx_static_local();
	unsigned int calls = inic_kunit_seed_calls;

	/* initialised on first use, exactly once, with no C++ runtime */
	KUNIT_EXPECT_EQ(test, calls, 1U);
	KUNIT_EXPECT_EQ(test, first, 1000U);
	KUNIT_EXPECT_EQ(test, inic_kunit_cxx_static_local(), first + 1);
	KUNIT_EXPECT_EQ(test, inic_kunit_cxx_static_local(), first + 2);
	KUNIT_EXPECT_EQ(test, inic_kunit_seed_calls, 1U);
}

static void inic_cxx_no_pure_virtual_calls(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, inic_kunit_cxx_pure_calls(), 0UL);
}

static struct kunit_case inic_cxx_runtime_cases[] = {
	KUNIT_CASE(inic_cxx_virtual_dispatch),
	KUNIT_CASE(inic_cxx_alloc_failure),
	KUNIT_CASE(inic_cxx_alloc_failure_second),
	KUNIT_CASE(inic_cxx_array_new_delete),
	KUNIT_CASE(inic_cxx_static_local),
	KUNIT_CASE(inic_cxx_no_pure_virtual_calls),
	{}
};

static struct kunit_suite inic_cxx_runtime_suite = {
	.name = "inic_cxx_runtime",
	.test_cases = inic_cxx_runtime_cases,
};

kunit_test_suite(inic_cxx_runtime_suite);

MODULE_DESCRIPTION("KUnit tests for the inic driver's C++ core");
MODULE_LICENSE("GPL");
