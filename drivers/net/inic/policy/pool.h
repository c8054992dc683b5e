/* SPDX-License-Identifier: GPL-2.0 */
/*
 * inic policy: one pool of ring pairs and MSI-X vectors for the PF's ports,
 * its VNICs and its VFs (policy/pool.cpp).
 *
 * The device has two kinds of rings: the PF's own ring pairs (NUM_RINGS,
 * each served by PF MSI-X vector 1 + ring) and the VF ring pool
 * (VF_RING_POOL, each VF has its own MSI-X table: vector 1 + its ring
 * index). A PF port and a VNIC (ABI 1.6, the VNIC table) take contiguous
 * groups of the PF's rings, a VF a contiguous group of the VF pool, and a
 * port with an XDP program one more group of PF rings for its XDP TX
 * rings (TX only: their vectors are the port's channels'). The
 * pool hands out those groups, one per user, and refuses what does not
 * fit: the one place the driver decides who gets which rings.
 */
#ifndef INIC_POLICY_POOL_H
#define INIC_POLICY_POOL_H

#include "policy/types.h"

#ifdef __cplusplus
extern "C" {
#endif

enum inic_pool_kind {
	INIC_POOL_PORT = 0,	/* a PF port's queues (PF rings) */
	INIC_POOL_VNIC,		/* a VNIC's ring group (PF rings) */
	INIC_POOL_VF,		/* a VF's rings (VF ring pool) */
	INIC_POOL_XDP_TX,	/* a PF port's XDP TX rings (PF rings) */
	INIC_POOL__KINDS
};

#define INIC_POOL_USERS		(INIC_MAX_PORTS + INIC_MAX_VNICS + INIC_MAX_VFS + \
				 INIC_MAX_PORTS)
#define INIC_POOL_PF_WORDS	(INIC_MAX_RINGS / 32)
#define INIC_POOL_VF_WORDS	(INIC_VF_RING_POOL / 32)

struct inic_pool_grant {
	__u32 first;		/* first ring of the group */
	__u32 count;		/* 0: no grant */
};

struct inic_pool {
	__u32 pf_rings;		/* PF rings that have a vector */
	__u32 vf_rings;		/* VF pool size */
	__u32 pf_map[INIC_POOL_PF_WORDS];	/* bit r: PF ring r taken */
	__u32 vf_map[INIC_POOL_VF_WORDS];	/* bit r: pool ring r taken */
	struct inic_pool_grant grant[INIC_POOL_USERS];
};

/*
 * Set up an empty pool from the device's NUM_RINGS, the MSI-X vectors the
 * PF was granted (vector 0 is misc: PF ring r is usable only if vector
 * 1 + r exists) and VF_RING_POOL. Returns 0 or -INIC_E_INVAL (no PF ring
 * with a vector, or counts beyond the ABI's limits).
 */
int inic_pool_init(struct inic_pool *pool, __u32 pf_rings,
		   __u32 pf_vectors, __u32 vf_pool);

/*
 * Give user (kind, index) count contiguous rings, the lowest that fit;
 * *first gets the first. Refusals: -INIC_E_INVAL (bad kind or index,
 * count 0, or more than a user of that kind may have: 16 for a VNIC or a
 * VF), -INIC_E_EXIST (the user already has rings), -INIC_E_NOSPC (no
 * contiguous free range that large). Nothing changes on a refusal.
 */
int inic_pool_alloc(struct inic_pool *pool, __u32 kind, __u32 index,
		    __u32 count, __u32 *first);

/*
 * The same at a fixed place (a port's layout from the plan, a VF's
 * default rings): -INIC_E_BUSY if a ring of the range is taken,
 * -INIC_E_RANGE if the range is outside the pool.
 */
int inic_pool_reserve(struct inic_pool *pool, __u32 kind, __u32 index,
		      __u32 first, __u32 count);

/* Give the rings of user (kind, index) back: 0 or -INIC_E_NOENT. */
int inic_pool_release(struct inic_pool *pool, __u32 kind, __u32 index);

/* The grant of user (kind, index): 0, or -INIC_E_NOENT / -INIC_E_INVAL. */
int inic_pool_get(const struct inic_pool *pool, __u32 kind, __u32 index,
		  __u32 *first, __u32 *count);

/* Free rings left for users of kind (PF rings or the VF pool). */
__u32 inic_pool_available(const struct inic_pool *pool, __u32 kind);

/*
 * The MSI-X vector of ring q of user (kind, index): in the PF's table
 * (1 + its PF ring) for a port or a VNIC, in the VF's own table (1 + q)
 * for a VF. INIC_CORE_NONE if the user has no ring q.
 */
__u32 inic_pool_vector(const struct inic_pool *pool, __u32 kind,
		       __u32 index, __u32 q);

#ifdef __cplusplus
}
#endif

#endif /* INIC_POLICY_POOL_H */
