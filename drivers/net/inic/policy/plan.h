/* SPDX-License-Identifier: GPL-2.0 */
/*
 * inic policy: the resource plan: ports x rings per port -> ring pairs and
 * MSI-X vectors (policy/plan.cpp).
 */
#ifndef INIC_POLICY_PLAN_H
#define INIC_POLICY_PLAN_H

#include "policy/types.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Resource planning: ports x rings per port -> ring pairs, vectors ---- */

struct inic_plan {
	__u32 num_ports;	/* ports driven (netdevs) */
	__u32 rings_per_port; /* ring pairs per port */
	__u32 num_rings;	/* ring pairs used: ports * rings_per_port */
	__u32 num_vectors;	/* MSI-X vectors used: 1 + num_rings */
};

/*
 * Plan from the device's registers: NUM_PORTS, NUM_RINGS, NUM_VECTORS and
 * RINGS_PER_PORT. Port p uses ring pairs p * rpp .. p * rpp + rpp - 1;
 * vector 0 is misc, vector 1 + q serves ring pair q. Returns 0, or
 * -INIC_E_INVAL if the device reports no port, too many ports, rings or
 * vectors, rings_per_port 0, or fewer rings/vectors than ports need.
 */
int inic_plan_make(struct inic_plan *plan, __u32 num_ports,
		   __u32 dev_rings, __u32 dev_vectors,
		   __u32 rings_per_port);

/*
 * Shrink a plan to the number of MSI-X vectors actually granted: fewer
 * rings per port, and the layout is recomputed with the smaller
 * rings_per_port (port p then starts at ring pair p * rings_per_port).
 * Returns 0, or -INIC_E_NOSPC when not even one ring per port fits.
 */
int inic_plan_fit_vectors(struct inic_plan *plan, __u32 granted);

/* Ring pair index of queue q of port p; INIC_CORE_NONE when out of range. */
__u32 inic_plan_ring(const struct inic_plan *plan, __u32 port, __u32 q);
/* First ring pair of port p (PORT_RX_RING); INIC_CORE_NONE when invalid. */
__u32 inic_plan_port_first_ring(const struct inic_plan *plan, __u32 port);
/* Port owning ring pair r; INIC_CORE_NONE when r is not used by the plan. */
__u32 inic_plan_ring_port(const struct inic_plan *plan, __u32 ring);
/* MSI-X vector of ring pair r; INIC_CORE_NONE when out of range. */
__u32 inic_plan_ring_vector(const struct inic_plan *plan, __u32 ring);

#ifdef __cplusplus
}
#endif

#endif /* INIC_POLICY_PLAN_H */
