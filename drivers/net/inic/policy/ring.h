/* SPDX-License-Identifier: GPL-2.0 */
/*
 * inic policy: ring index, descriptor and interrupt-arm arithmetic. Header
 * only, static inline: the C data path and the C++ components include it,
 * so the hot path makes no call across the language boundary.
 */
#ifndef INIC_POLICY_RING_H
#define INIC_POLICY_RING_H

#include "policy/types.h"

/* ---- Ring index arithmetic (size is a power of two) ---- */

static inline bool inic_ring_size_valid(__u32 size)
{
	return size && !(size & (size - 1)) && size >= INIC_RING_MIN &&
	       size <= INIC_RING_MAX;
}

/* Round up to a power of two, clamped to INIC_RING_MIN..INIC_RING_MAX. */
static inline __u32 inic_ring_size_clamp(__u32 size)
{
	__u32 s = INIC_RING_MIN;

	while (s < size && s < INIC_RING_MAX)
		s <<= 1;
	return s;
}

static inline __u32 inic_ring_next(__u32 idx, __u32 size)
{
	return (idx + 1) & (size - 1);
}

static inline __u32 inic_ring_add(__u32 idx, __u32 n, __u32 size)
{
	return (idx + n) & (size - 1);
}

/* Entries from ntc up to (not including) ntu: owned by the device. */
static inline __u32 inic_ring_used(__u32 ntc, __u32 ntu, __u32 size)
{
	return (ntu - ntc) & (size - 1);
}

/* Entries the driver may still give: size - 1 - used. */
static inline __u32 inic_ring_unused(__u32 ntc, __u32 ntu, __u32 size)
{
	return size - 1 - inic_ring_used(ntc, ntu, size);
}

/* Descriptors a TX frame of one head and nr_frags fragments needs. */
static inline __u32 inic_tx_descs_needed(__u32 head_len, __u32 nr_frags)
{
	/* A zero-length head takes no descriptor (the device refuses len 0). */
	return (head_len ? 1 : 0) + nr_frags;
}

/* RR_INT_ARM value that arms a ring whose next entry to clean is ntc. */
static inline __u32 inic_int_arm_value(__u32 ntc)
{
	return INIC_INT_ARM | (ntc & INIC_INT_ARM_IDX_MASK);
}

#endif /* INIC_POLICY_RING_H */
