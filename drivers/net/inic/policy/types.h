/* SPDX-License-Identifier: GPL-2.0 */
/*
 * inic policy: what every policy header shares. The policy components
 * (policy/<component>.{h,cpp}) are the driver's decision logic, written in C++ and
 * called from the C glue through extern "C" headers. Fixed-width types
 * only (__u8/__u32/__u64, as in UAPI headers); no other kernel or libc
 * types cross the boundary.
 *
 * The same components are built into the kernel module, into the
 * GoogleTest unit tests (user space, sanitizers) and into KUnit. All
 * functions are pure computations on caller-owned memory, except
 * inic_stats_create() and inic_stats_destroy() which allocate and must be
 * called where the kernel may sleep. No function takes a lock; callers
 * serialize.
 */
#ifndef INIC_POLICY_TYPES_H
#define INIC_POLICY_TYPES_H

#if defined(__KERNEL__) && defined(__cplusplus)
#include "inic_cxx.hpp"
#else
#include <linux/types.h>
#ifndef __KERNEL__
#include <stdbool.h>
#include <stdint.h>
#endif
#endif

#include "inic_hw.h"
#include "policy/errno.h"

#define INIC_CORE_MISC_VECTOR	0
#define INIC_CORE_NONE		0xffffffffu	/* no such ring/port/vector */

#endif /* INIC_POLICY_TYPES_H */
