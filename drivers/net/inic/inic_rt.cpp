// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel C++ runtime for inic: operator new/delete on kmalloc/kfree (built
 * with -fcheck-new, so a NULL from new is checked by the caller's code) and
 * __cxa_pure_virtual. Kernel builds only: user-space tests use libstdc++.
 */
#include "inic_cxx.hpp"
#include "inic_rt.h"

void *operator new(size_t size)
{
	return inic_rt_alloc(size);
}

void *operator new[](size_t size)
{
	return inic_rt_alloc(size);
}

void operator delete(void *p) noexcept
{
	inic_rt_free(p);
}

void operator delete[](void *p) noexcept
{
	inic_rt_free(p);
}

void operator delete(void *p, size_t) noexcept
{
	inic_rt_free(p);
}

void operator delete[](void *p, size_t) noexcept
{
	inic_rt_free(p);
}

extern "C" void __cxa_pure_virtual(void);

extern "C" void __cxa_pure_virtual(void)
{
	inic_rt_pure_virtual();
}
