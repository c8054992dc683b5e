// SPDX-License-Identifier: GPL-2.0
/*
 * inic policy: resource planning of ports, ring pairs and vectors. Freestanding C++ (no exceptions, no RTTI, no global
 * constructors, no libstdc++): it includes only policy headers,
 * inic_cxx.hpp and inic_hw.h, and builds unchanged in the kernel module, in
 * KUnit and in user space.
 */
#include "inic_cxx.hpp"
#include "policy/plan.h"

namespace inic {
namespace {

constexpr uint32_t none = INIC_CORE_NONE;

class Plan {
public:
	explicit Plan(struct inic_plan *p) : p_(p) {}

	int make(uint32_t ports, uint32_t rings, uint32_t vectors, uint32_t rpp)
	{
		if (!ports || ports > INIC_MAX_PORTS)
			return -INIC_E_INVAL;
		if (!rings || rings > INIC_MAX_RINGS)
			return -INIC_E_INVAL;
		if (vectors < 2 || vectors > INIC_MAX_VECTORS)
			return -INIC_E_INVAL;
		if (!rpp)
			return -INIC_E_INVAL;
		/* Every port needs a ring and every ring a vector. */
		uint32_t usable = min(rings, vectors - 1);

		if (usable < ports)
			return -INIC_E_INVAL;
		rpp = min(rpp, usable / ports);
		set(ports, rpp);
		return 0;
	}

	int fit(uint32_t granted)
	{
		if (!p_->num_ports || granted < 1 + p_->num_ports)
			return -INIC_E_NOSPC;
		if (granted >= p_->num_vectors)
			return 0;
		set(p_->num_ports, (granted - 1) / p_->num_ports);
		return 0;
	}

	uint32_t ring(uint32_t port, uint32_t q) const
	{
		if (port >= p_->num_ports || q >= p_->rings_per_port)
			return none;
		return port * p_->rings_per_port + q;
	}

	uint32_t port_of(uint32_t r) const
	{
		if (r >= p_->num_rings || !p_->rings_per_port)
			return none;
		return r / p_->rings_per_port;
	}

	uint32_t vector(uint32_t r) const
	{
		if (r >= p_->num_rings)
			return none;
		return INIC_CORE_MISC_VECTOR + 1 + r;
	}

private:
	void set(uint32_t ports, uint32_t rpp)
	{
		p_->num_ports = ports;
		p_->rings_per_port = rpp;
		p_->num_rings = ports * rpp;
		p_->num_vectors = 1 + p_->num_rings;
	}

	struct inic_plan *p_;
};

} /* namespace */
} /* namespace inic */

using inic::Plan;

extern "C" {

int inic_plan_make(struct inic_plan *plan, __u32 num_ports,
		   __u32 dev_rings, __u32 dev_vectors,
		   __u32 rings_per_port)
{
	if (!plan)
		return -INIC_E_INVAL;
	*plan = {};
	return Plan(plan).make(num_ports, dev_rings, dev_vectors,
			       rings_per_port);
}

int inic_plan_fit_vectors(struct inic_plan *plan, __u32 granted)
{
	return plan ? Plan(plan).fit(granted) : -INIC_E_INVAL;
}

__u32 inic_plan_ring(const struct inic_plan *plan, __u32 port,
			__u32 q)
{
	return plan ? Plan(const_cast<struct inic_plan *>(plan)).ring(port, q)
		    : inic::none;
}

__u32 inic_plan_port_first_ring(const struct inic_plan *plan,
				   __u32 port)
{
	return inic_plan_ring(plan, port, 0);
}

__u32 inic_plan_ring_port(const struct inic_plan *plan, __u32 ring)
{
	return plan ? Plan(const_cast<struct inic_plan *>(plan)).port_of(ring)
		    : inic::none;
}

__u32 inic_plan_ring_vector(const struct inic_plan *plan, __u32 ring)
{
	return plan ? Plan(const_cast<struct inic_plan *>(plan)).vector(ring)
		    : inic::none;
}

} /* extern "C" */
