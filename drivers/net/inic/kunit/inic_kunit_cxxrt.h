/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The C++ runtime of the inic KUnit build (inic_kunit_cxxrt.c): operator
 * new/delete on kmalloc/kfree, __cxa_pure_virtual, and hooks that let tests
 * count allocations and make the next one fail. Usable from C and C++.
 */
#ifndef INIC_KUNIT_CXXRT_H
#define INIC_KUNIT_CXXRT_H

#ifdef __cplusplus
extern "C" {
#endif

/* Allocations and frees made through operator new/delete so far. */
unsigned long inic_kunit_cxx_allocs(void);
unsigned long inic_kunit_cxx_frees(void);

/*
 * Let the next @skip allocations through operator new succeed, then make
 * the @n after them return NULL.
 */
void inic_kunit_cxx_fail_allocs(unsigned int skip, unsigned int n);

/* Calls of __cxa_pure_virtual so far (each one is a bug). */
unsigned long inic_kunit_cxx_pure_calls(void);

#ifdef __cplusplus
}
#endif

#endif /* INIC_KUNIT_CXXRT_H */
