/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Freestanding C++ support for the inic core: fixed-width types, size_t,
 * placement new and move/forward, without any libstdc++ header (they do not
 * work freestanding in the kernel). Include this first in every .cpp file.
 * In user space (unit tests) the same names come from the C library.
 */
#ifndef INIC_CXX_HPP
#define INIC_CXX_HPP

#ifndef __cplusplus
#error "this header is for C++ translation units only"
#endif

#ifdef __KERNEL__
typedef __UINT8_TYPE__ uint8_t;
typedef __UINT16_TYPE__ uint16_t;
typedef __UINT32_TYPE__ uint32_t;
typedef __UINT64_TYPE__ uint64_t;
typedef __INT8_TYPE__ int8_t;
typedef __INT16_TYPE__ int16_t;
typedef __INT32_TYPE__ int32_t;
typedef __INT64_TYPE__ int64_t;
typedef __SIZE_TYPE__ size_t;
typedef __UINTPTR_TYPE__ uintptr_t;
/* The boundary types of the policy headers, as the kernel defines them. */
typedef unsigned char __u8;
typedef unsigned short __u16;
typedef unsigned int __u32;
typedef unsigned long long __u64;

/* Placement new: the kernel C++ runtime provides no <new>. */
inline void *operator new(size_t, void *p) noexcept { return p; }
inline void *operator new[](size_t, void *p) noexcept { return p; }
#else
#include <linux/types.h>
#include <stddef.h>
#include <stdint.h>
#include <new>
#endif

namespace inic {

template <typename T> struct remove_ref { typedef T type; };
template <typename T> struct remove_ref<T &> { typedef T type; };
template <typename T> struct remove_ref<T &&> { typedef T type; };

template <typename T>
static inline typename remove_ref<T>::type &&move(T &&t) noexcept
{
	return static_cast<typename remove_ref<T>::type &&>(t);
}

template <typename T>
static inline T &&forward(typename remove_ref<T>::type &t) noexcept
{
	return static_cast<T &&>(t);
}

template <typename T>
static inline const T &min(const T &a, const T &b)
{
	return b < a ? b : a;
}

template <typename T>
static inline const T &max(const T &a, const T &b)
{
	return a < b ? b : a;
}

} /* namespace inic */

#endif /* INIC_CXX_HPP */
