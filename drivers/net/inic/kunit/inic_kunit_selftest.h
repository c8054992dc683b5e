/* SPDX-License-Identifier: GPL-2.0 */
/*
 * extern "C" API of inic_kunit_selftest.cpp: small C++ programs that
 * exercise what the driver's C++ core relies on (virtual dispatch, virtual
 * destructors, array new/delete, allocation failure with -fcheck-new,
 * function-local statics without a runtime) so that a broken C++ build or
 * runtime fails here first, with a clear name.
 */
#ifndef INIC_KUNIT_SELFTEST_H
#define INIC_KUNIT_SELFTEST_H

#ifdef __cplusplus
extern "C" {
#endif

#define INIC_KUNIT_ENOMEM	12

/*
 * Allocates a w x h rectangle and a w x w square through a base class
 * pointer, returns the sum of their areas (virtual calls) and deletes them
 * through the base pointer. *live is the number of objects alive after the
 * deletes (0 unless the virtual destructors failed). -INIC_KUNIT_ENOMEM if
 * an allocation failed; nothing leaks then either.
 */
int inic_kunit_cxx_shapes(int w, int h, int *live);

/*
 * new[] of n objects with a constructor and destructor, then delete[].
 * Reports the number of constructor and destructor calls and returns the
 * sum of the indexes the constructors assigned (0 + 1 + ... + n - 1), or
 * -INIC_KUNIT_ENOMEM.
 */
long inic_kunit_cxx_array(unsigned int n, unsigned int *ctors,
			  unsigned int *dtors);

/*
 * Returns seed + k on the k-th call (k from 0), where seed is computed once
 * by a dynamically initialised function-local static calling
 * inic_kunit_selftest_seed().
 */
unsigned int inic_kunit_cxx_static_local(void);

/* Implemented by the test (C): counts its calls and returns a seed. */
unsigned int inic_kunit_selftest_seed(void);

#ifdef __cplusplus
}
#endif

#endif /* INIC_KUNIT_SELFTEST_H */
