// SPDX-License-Identifier: GPL-2.0
/*
 * inic adaptive RX interrupt moderation (ethtool -C adaptive-rx on) with
 * the kernel's DIM library. Each ring pair counts the frames and bytes it
 * hands to the stack; when its NAPI poll completes it gives DIM a sample,
 * and when DIM picks another profile, a work item writes the profile's
 * time and frame count into the RX ring's moderation registers
 * (INIC_RR_ITR_USECS/PKTS). With adaptive-rx off the static values of
 * ethtool -C rx-usecs/rx-frames apply (inic_port_write_itr()).
 */
#include <linux/dim.h>
#include <linux/netdevice.h>

#include "inic.h"

static void inic_dim_apply(struct inic_pair *pair, struct dim_cq_moder m)
{
	writel(m.usec, pair->rx.regs + INIC_RR_ITR_USECS);
	writel(m.pkts, pair->rx.regs + INIC_RR_ITR_PKTS);
}

static void inic_dim_work(struct work_struct *work)
{
	struct dim *dim = container_of(work, struct dim, work);
	struct inic_pair *pair = container_of(dim, struct inic_pair, dim);

	if (READ_ONCE(pair->port->adaptive_rx) && pair->irq_requested) {
		inic_dim_apply(pair,
			       net_dim_get_rx_moderation(dim->mode,
							 dim->profile_ix));
		WRITE_ONCE(pair->dim_changes, pair->dim_changes + 1);
	}
	dim->state = DIM_START_MEASURE;
}

/* A pair opens: DIM starts from its default profile. */
void inic_dim_open(struct inic_pair *pair)
{
	memset(&pair->dim, 0, sizeof(pair->dim));
	INIT_WORK(&pair->dim.work, inic_dim_work);
	pair->dim.mode = DIM_CQ_PERIOD_MODE_START_FROM_EQE;
	pair->dim.profile_ix = NET_DIM_DEF_PROFILE_EQE;
	pair->dim_events = 0;
}

/* The pair's NAPI is stopped: no new sample, so no new work after this. */
void inic_dim_close(struct inic_pair *pair)
{
	cancel_work_sync(&pair->dim.work);
}

/* NAPI completed: one sample of what the pair received so far. */
void inic_dim_sample(struct inic_pair *pair)
{
	struct dim_sample s = {};

	if (!READ_ONCE(pair->port->adaptive_rx))
		return;
	dim_update_sample(pair->dim_events++, pair->dim_rx_packets,
			  pair->dim_rx_bytes, &s);
	net_dim(&pair->dim, s);
}

/* The RX moderation a pair runs with now: DIM's profile or the static. */
void inic_dim_rx_itr(struct inic_pair *pair, u32 *usecs, u32 *pkts)
{
	struct inic_port *port = pair->port;
	struct dim_cq_moder m;

	if (!port->adaptive_rx) {
		*usecs = port->rx_usecs;
		*pkts = port->rx_frames;
		return;
	}
	m = net_dim_get_rx_moderation(pair->dim.mode, pair->dim.profile_ix);
	*usecs = m.usec;
	*pkts = m.pkts;
}
