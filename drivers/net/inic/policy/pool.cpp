// SPDX-License-Identifier: GPL-2.0
/*
 * inic policy: the ring and vector pool of the PF's ports, VNICs and VFs.
 * Freestanding C++ (no exceptions, no RTTI, no global constructors, no
 * libstdc++): it includes only policy headers, inic_cxx.hpp and inic_hw.h,
 * and builds unchanged in the kernel module, in KUnit and in user space.
 */
#include "inic_cxx.hpp"
#include "policy/pool.h"

namespace inic {
namespace {

constexpr uint32_t none = INIC_CORE_NONE;

/* Base of each kind in the grant table, and how many users it has. */
constexpr uint32_t user_base[INIC_POOL__KINDS] = {
	0, INIC_MAX_PORTS, INIC_MAX_PORTS + INIC_MAX_VNICS,
	INIC_MAX_PORTS + INIC_MAX_VNICS + INIC_MAX_VFS,
};
constexpr uint32_t user_max[INIC_POOL__KINDS] = {
	INIC_MAX_PORTS, INIC_MAX_VNICS, INIC_MAX_VFS, INIC_MAX_PORTS,
};
/* Rings one user of the kind may have. */
constexpr uint32_t ring_max[INIC_POOL__KINDS] = {
	INIC_MAX_RINGS, INIC_VNIC_MAX_RINGS, INIC_VF_MAX_RINGS, INIC_MAX_RINGS,
};

class Pool {
public:
	explicit Pool(struct inic_pool *p) : p_(p) {}

	static bool user_ok(uint32_t kind, uint32_t index)
	{
		return kind < INIC_POOL__KINDS && index < user_max[kind];
	}

	struct inic_pool_grant &grant(uint32_t kind, uint32_t index)
	{
		return p_->grant[user_base[kind] + index];
	}

	uint32_t size(uint32_t kind) const
	{
		return kind == INIC_POOL_VF ? p_->vf_rings : p_->pf_rings;
	}

	uint32_t *map(uint32_t kind)
	{
		return kind == INIC_POOL_VF ? p_->vf_map : p_->pf_map;
	}

	bool taken(uint32_t kind, uint32_t r)
	{
		return map(kind)[r / 32] & (1u << (r % 32));
	}

	void mark(uint32_t kind, uint32_t first, uint32_t count, bool on)
	{
		uint32_t *m = map(kind);

		for (uint32_t r = first; r < first + count; r++) {
			if (on)
				m[r / 32] |= 1u << (r % 32);
			else
				m[r / 32] &= ~(1u << (r % 32));
		}
	}

	bool range_free(uint32_t kind, uint32_t first, uint32_t count)
	{
		for (uint32_t r = first; r < first + count; r++)
			if (taken(kind, r))
				return false;
		return true;
	}

	int check(uint32_t kind, uint32_t index, uint32_t count)
	{
		if (!user_ok(kind, index) || !count || count > ring_max[kind])
			return -INIC_E_INVAL;
		if (grant(kind, index).count)
			return -INIC_E_EXIST;
		return 0;
	}

	int place(uint32_t kind, uint32_t index, uint32_t first, uint32_t count)
	{
		mark(kind, first, count, true);
		grant(kind, index) = { first, count };
		return 0;
	}

	int alloc(uint32_t kind, uint32_t index, uint32_t count,
		  uint32_t *first)
	{
		int err = check(kind, index, count);

		if (err)
			return err;
		for (uint32_t f = 0; f + count <= size(kind); f++) {
			if (range_free(kind, f, count)) {
				*first = f;
				return place(kind, index, f, count);
			}
		}
		return -INIC_E_NOSPC;
	}

	int reserve(uint32_t kind, uint32_t index, uint32_t first,
		    uint32_t count)
	{
		int err = check(kind, index, count);

		if (err)
			return err;
		if (first >= size(kind) || count > size(kind) - first)
			return -INIC_E_RANGE;
		if (!range_free(kind, first, count))
			return -INIC_E_BUSY;
		return place(kind, index, first, count);
	}

	int release(uint32_t kind, uint32_t index)
	{
		if (!user_ok(kind, index))
			return -INIC_E_INVAL;
		struct inic_pool_grant &g = grant(kind, index);

		if (!g.count)
			return -INIC_E_NOENT;
		mark(kind, g.first, g.count, false);
		g = {};
		return 0;
	}

	uint32_t available(uint32_t kind)
	{
		uint32_t n = 0;

		for (uint32_t r = 0; r < size(kind); r++)
			n += !taken(kind, r);
		return n;
	}

private:
	struct inic_pool *p_;
};

} /* namespace */
} /* namespace inic */

using inic::Pool;

extern "C" {

int inic_pool_init(struct inic_pool *pool, __u32 pf_rings,
		   __u32 pf_vectors, __u32 vf_pool)
{
	if (!pool)
		return -INIC_E_INVAL;
	*pool = {};
	if (!pf_rings || pf_rings > INIC_MAX_RINGS || pf_vectors < 2 ||
	    pf_vectors > INIC_MAX_VECTORS || vf_pool > INIC_VF_RING_POOL)
		return -INIC_E_INVAL;
	pool->pf_rings = inic::min(pf_rings, pf_vectors - 1);
	pool->vf_rings = vf_pool;
	return 0;
}

int inic_pool_alloc(struct inic_pool *pool, __u32 kind, __u32 index,
		    __u32 count, __u32 *first)
{
	if (!pool || !first)
		return -INIC_E_INVAL;
	return Pool(pool).alloc(kind, index, count, first);
}

int inic_pool_reserve(struct inic_pool *pool, __u32 kind, __u32 index,
		      __u32 first, __u32 count)
{
	return pool ? Pool(pool).reserve(kind, index, first, count)
		    : -INIC_E_INVAL;
}

int inic_pool_release(struct inic_pool *pool, __u32 kind, __u32 index)
{
	return pool ? Pool(pool).release(kind, index) : -INIC_E_INVAL;
}

int inic_pool_get(const struct inic_pool *pool, __u32 kind, __u32 index,
		  __u32 *first, __u32 *count)
{
	if (!pool || !first || !count || !Pool::user_ok(kind, index))
		return -INIC_E_INVAL;
	const struct inic_pool_grant &g =
		Pool(const_cast<struct inic_pool *>(pool)).grant(kind, index);

	if (!g.count)
		return -INIC_E_NOENT;
	*first = g.first;
	*count = g.count;
	return 0;
}

__u32 inic_pool_available(const struct inic_pool *pool, __u32 kind)
{
	if (!pool || kind >= INIC_POOL__KINDS)
		return 0;
	return Pool(const_cast<struct inic_pool *>(pool)).available(kind);
}

__u32 inic_pool_vector(const struct inic_pool *pool, __u32 kind,
		       __u32 index, __u32 q)
{
	__u32 first, count;

	if (inic_pool_get(pool, kind, index, &first, &count) || q >= count)
		return inic::none;
	if (kind == INIC_POOL_VF)
		return INIC_CORE_MISC_VECTOR + 1 + q;
	return INIC_CORE_MISC_VECTOR + 1 + first + q;
}

} /* extern "C" */
