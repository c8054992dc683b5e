/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared test vectors of the ring and vector pool (policy/pool.cpp): one
 * scenario of allocations and refusals, run step by step by the
 * GoogleTest tests (tests/inic_pool_test.cpp) and by KUnit
 * (kunit/inic_kunit_pool_test.c). Include policy/pool.h first.
 */
#ifndef INIC_POOL_VECTORS_H
#define INIC_POOL_VECTORS_H

enum inic_pool_op {
	INIC_POOL_OP_ALLOC,	/* a = count; want, then *first == res */
	INIC_POOL_OP_RESERVE,	/* a = first, b = count; want */
	INIC_POOL_OP_RELEASE,	/* want */
	INIC_POOL_OP_AVAIL,	/* inic_pool_available(kind) == res */
	INIC_POOL_OP_VECTOR,	/* a = q; inic_pool_vector() == res */
};

struct inic_pool_step {
	unsigned int op, kind, index, a, b;
	int want;		/* return value (ALLOC, RESERVE, RELEASE) */
	unsigned int res;	/* first ring, free rings or vector */
};

/* The pool the scenario starts from. */
#define INIC_POOL_VEC_PF_RINGS	16
#define INIC_POOL_VEC_VECTORS	17
#define INIC_POOL_VEC_VF_POOL	32

#define PV_PORT INIC_POOL_PORT
#define PV_VNIC INIC_POOL_VNIC
#define PV_VF INIC_POOL_VF
#define PV_XDP INIC_POOL_XDP_TX
static const struct inic_pool_step inic_pool_steps[] = {
	/* Two ports of four queues, at their planned place. */
	{ INIC_POOL_OP_RESERVE, PV_PORT, 0, 0, 4, 0, 0 },
	{ INIC_POOL_OP_RESERVE, PV_PORT, 1, 4, 4, 0, 0 },
	{ INIC_POOL_OP_RESERVE, PV_PORT, 1, 8, 1, -INIC_E_EXIST, 0 },
	{ INIC_POOL_OP_RESERVE, PV_PORT, 2, 3, 2, -INIC_E_BUSY, 0 },
	{ INIC_POOL_OP_AVAIL, PV_VNIC, 0, 0, 0, 0, 8 },
	/* VNICs take the lowest free range. */
	{ INIC_POOL_OP_ALLOC, PV_VNIC, 0, 2, 0, 0, 8 },
	{ INIC_POOL_OP_ALLOC, PV_VNIC, 1, INIC_VNIC_MAX_RINGS + 1, 0,
	  -INIC_E_INVAL, 0 },
	{ INIC_POOL_OP_ALLOC, PV_VNIC, 1, 0, 0, -INIC_E_INVAL, 0 },
	{ INIC_POOL_OP_ALLOC, PV_VNIC, INIC_MAX_VNICS, 1, 0, -INIC_E_INVAL, 0 },
	{ INIC_POOL_OP_ALLOC, PV_VNIC, 0, 1, 0, -INIC_E_EXIST, 0 },
	{ INIC_POOL_OP_ALLOC, PV_VNIC, 1, 7, 0, -INIC_E_NOSPC, 0 },
	{ INIC_POOL_OP_ALLOC, PV_VNIC, 1, 6, 0, 0, 10 },
	/* Exhausted: refused, nothing changes. */
	{ INIC_POOL_OP_ALLOC, PV_VNIC, 2, 1, 0, -INIC_E_NOSPC, 0 },
	{ INIC_POOL_OP_AVAIL, PV_PORT, 0, 0, 0, 0, 0 },
	/* A VNIC's vectors are its PF rings' vectors. */
	{ INIC_POOL_OP_VECTOR, PV_VNIC, 0, 0, 0, 0, 9 },
	{ INIC_POOL_OP_VECTOR, PV_VNIC, 0, 1, 0, 0, 10 },
	{ INIC_POOL_OP_VECTOR, PV_VNIC, 0, 2, 0, 0, INIC_CORE_NONE },
	{ INIC_POOL_OP_VECTOR, PV_PORT, 1, 3, 0, 0, 8 },
	{ INIC_POOL_OP_VECTOR, PV_VNIC, 2, 0, 0, 0, INIC_CORE_NONE },
	/* Release, then the hole is reused; a hole too small is skipped. */
	{ INIC_POOL_OP_RELEASE, PV_VNIC, 0, 0, 0, 0, 0 },
	{ INIC_POOL_OP_RELEASE, PV_VNIC, 0, 0, 0, -INIC_E_NOENT, 0 },
	{ INIC_POOL_OP_AVAIL, PV_VNIC, 0, 0, 0, 0, 2 },
	{ INIC_POOL_OP_ALLOC, PV_VNIC, 2, 3, 0, -INIC_E_NOSPC, 0 },
	{ INIC_POOL_OP_ALLOC, PV_VNIC, 2, 1, 0, 0, 8 },
	{ INIC_POOL_OP_RESERVE, PV_VNIC, 3, 8, 1, -INIC_E_BUSY, 0 },
	{ INIC_POOL_OP_RESERVE, PV_VNIC, 3, 15, 2, -INIC_E_RANGE, 0 },
	{ INIC_POOL_OP_RESERVE, PV_VNIC, 3, 9, 1, 0, 0 },
	/* VFs: the VF pool, their own vector tables. */
	{ INIC_POOL_OP_ALLOC, PV_VF, 0, 16, 0, 0, 0 },
	{ INIC_POOL_OP_ALLOC, PV_VF, 1, INIC_VF_MAX_RINGS + 1, 0,
	  -INIC_E_INVAL, 0 },
	{ INIC_POOL_OP_ALLOC, PV_VF, 1, 16, 0, 0, 16 },
	{ INIC_POOL_OP_ALLOC, PV_VF, 2, 1, 0, -INIC_E_NOSPC, 0 },
	{ INIC_POOL_OP_VECTOR, PV_VF, 1, 3, 0, 0, 4 },
	{ INIC_POOL_OP_AVAIL, PV_VF, 0, 0, 0, 0, 0 },
	{ INIC_POOL_OP_AVAIL, PV_VNIC, 0, 0, 0, 0, 0 },
	{ INIC_POOL_OP_RELEASE, PV_VF, 0, 0, 0, 0, 0 },
	{ INIC_POOL_OP_AVAIL, PV_VF, 0, 0, 0, 0, 16 },
	{ INIC_POOL_OP_ALLOC, PV_VF, 2, 4, 0, 0, 0 },
	{ INIC_POOL_OP_RELEASE, PV_VF, INIC_MAX_VFS, 0, 0, -INIC_E_INVAL, 0 },
	/* A port's XDP TX rings: PF rings, shared with the VNICs. */
	{ INIC_POOL_OP_ALLOC, PV_XDP, 0, 4, 0, -INIC_E_NOSPC, 0 },
	{ INIC_POOL_OP_RELEASE, PV_VNIC, 1, 0, 0, 0, 0 },
	{ INIC_POOL_OP_AVAIL, PV_XDP, 0, 0, 0, 0, 6 },
	{ INIC_POOL_OP_ALLOC, PV_XDP, 0, 4, 0, 0, 10 },
	{ INIC_POOL_OP_ALLOC, PV_XDP, 0, 1, 0, -INIC_E_EXIST, 0 },
	{ INIC_POOL_OP_ALLOC, PV_XDP, 1, 4, 0, -INIC_E_NOSPC, 0 },
	{ INIC_POOL_OP_ALLOC, PV_XDP, INIC_MAX_PORTS, 1, 0, -INIC_E_INVAL, 0 },
	{ INIC_POOL_OP_AVAIL, PV_VNIC, 0, 0, 0, 0, 2 },
	{ INIC_POOL_OP_VECTOR, PV_XDP, 0, 1, 0, 0, 12 },
	{ INIC_POOL_OP_RELEASE, PV_XDP, 0, 0, 0, 0, 0 },
	{ INIC_POOL_OP_AVAIL, PV_VNIC, 0, 0, 0, 0, 6 },
	{ INIC_POOL_OP_RELEASE, 7, 0, 0, 0, -INIC_E_INVAL, 0 },
};
#undef PV_PORT
#undef PV_VNIC
#undef PV_VF
#undef PV_XDP

#endif /* INIC_POOL_VECTORS_H */
