// SPDX-License-Identifier: GPL-2.0
/*
 * C half of the C++ runtime for the inic KUnit build.
 *
 * The driver's inic_rt.cpp defines operator new/delete and
 * __cxa_pure_virtual on top of the three C helpers of inic_rt.h; the module
 * implements them in inic_rt_glue.c. This file implements them for KUnit
 * with the same semantics (zeroed kmalloc memory, GFP_KERNEL, WARN on a
 * pure virtual call) plus counters the tests read, to prove that C++
 * allocations really land here and are all freed, and fault injection, to
 * drive the core's allocation failure paths.
 */
#include <linux/atomic.h>
#include <linux/bug.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/types.h>

#include "inic_kunit_cxxrt.h"
#include "inic_rt.h"

static atomic_long_t inic_kunit_allocs = ATOMIC_LONG_INIT(0);
static atomic_long_t inic_kunit_frees = ATOMIC_LONG_INIT(0);
static atomic_long_t inic_kunit_pure_calls = ATOMIC_LONG_INIT(0);
static atomic_t inic_kunit_skip = ATOMIC_INIT(0);
static atomic_t inic_kunit_fail = ATOMIC_INIT(0);

static void *inic_kunit_cxx_alloc(size_t size)
{
	void *ptr;

	if (!atomic_add_unless(&inic_kunit_skip, -1, 0) &&
	    atomic_add_unless(&inic_kunit_fail, -1, 0))
		return NULL;
	/* new of a zero-sized object must still return a unique pointer */
	ptr = kzalloc(size ? size : 1, GFP_KERNEL);
	if (ptr)
		atomic_long_inc(&inic_kunit_allocs);
	return ptr;
}

static void inic_kunit_cxx_free(void *ptr)
{
	if (!ptr)
		return;
	atomic_long_inc(&inic_kunit_frees);
	kfree(ptr);
}

void *inic_rt_alloc(unsigned long size)
{
	might_sleep();
	return inic_kunit_cxx_alloc(size);
}

void inic_rt_free(void *p)
{
	inic_kunit_cxx_free(p);
}

void inic_rt_pure_virtual(void)
{
	atomic_long_inc(&inic_kunit_pure_calls);
	WARN(1, "inic: pure virtual function called\n");
}

unsigned long inic_kunit_cxx_allocs(void)
{
	return atomic_long_read(&inic_kunit_allocs);
}

unsigned long inic_kunit_cxx_frees(void)
{
	return atomic_long_read(&inic_kunit_frees);
}

void inic_kunit_cxx_fail_allocs(unsigned int skip, unsigned int n)
{
	atomic_set(&inic_kunit_skip, n ? skip : 0);
	atomic_set(&inic_kunit_fail, n);
}

unsigned long inic_kunit_cxx_pure_calls(void)
{
	return atomic_long_read(&inic_kunit_pure_calls);
}
