// SPDX-License-Identifier: GPL-2.0
/*
 * inic classifier: the tc flower front door.
 *
 * A port's netdev offers its ingress block (TC_SETUP_BLOCK, binder
 * ingress only); flower rules on chain 0 become classifier rules matching
 * frames the port receives from the wire. The matches go through the same
 * flow_rule translation as ethtool ntuple (inic_cls_flow_match()), the
 * actions are tc's own:
 *
 *   gact pass / drop			PASS (the normal path) / DROP
 *   skbedit queue_mapping N skip_sw	RING N of the port
 *   skbedit mark M			MARK (the RX descriptor's mark)
 *   police rate R burst B		POLICE (first; exceed drop)
 *   mirred egress mirror dev X		MIRROR to port X, VF X or VNIC X
 *   mirred egress redirect dev X	VF X, VNIC X, or a port: DROP + MIRROR
 *
 * where X is a port or a VF netdev of this device, or (ABI 1.9) a VNIC
 * netdev of this port (a redirect: not a mirror VNIC; not one being
 * removed). A VNIC deleted while rules name it: the device drops their
 * frames (redirect) or copies (mirror) and counts them in DEST_DROPS
 * (inic_cls_vnic_gone()); tc keeps the filters, whose mirred then has no
 * device, as in software. Everything else is
 * refused with an extack naming the reason; tc then keeps the rule in
 * software unless skip_sw was given. Rules go when tc destroys them,
 * which it does for every rule when the block is unbound (the netdev
 * goes away or the qdisc is deleted).
 */
#include <linux/netdevice.h>
#include <linux/pci.h>
#include <net/flow_offload.h>
#include <net/pkt_cls.h>

#include "inic.h"
#include "inic_cls.h"
#include "inic_vnic.h"

static LIST_HEAD(inic_cls_tc_block_cbs);

/*
 * A VNIC of this port (1.9), as a mirror or redirect destination: *vdev
 * is its netdev, checked again when the rule is programmed.
 */
static int inic_cls_tc_vnic(struct inic_port *port,
			    const struct net_device *dev, bool steer, u32 *type,
			    u32 *arg, const struct net_device **vdev,
			    const char **why)
{
	const struct inic_port *vp = netdev_priv(dev);
	int n;

	if (vp->idev != port->idev) {
		*why = "mirred to a VNIC of another inic device";
		return -EOPNOTSUPP;
	}
	if (!(port->idev->caps & INIC_CAP_CLS_VNIC)) {
		*why = "the classifier cannot reach VNICs (ABI 1.9)";
		return -EOPNOTSUPP;
	}
	n = inic_vnic_cls_target(port->idev, dev, port->id, steer, why);
	if (n < 0)
		return n;
	*type = INIC_CLS_MIR_VNIC;
	*arg = n;
	*vdev = dev;
	return 0;
}

/* A port or a VF of this PF, as a mirror or redirect destination. */
static int inic_cls_tc_target(struct inic_port *port,
			      const struct net_device *dev, bool steer,
			      u32 *type, u32 *arg,
			      const struct net_device **vdev, const char **why)
{
	struct inic_port *to = dev ? inic_port_of(dev) : NULL;
	struct pci_dev *pdev;
	int vf;

	if (dev && inic_vnic_netdev(dev))
		return inic_cls_tc_vnic(port, dev, steer, type, arg, vdev, why);
	if (!to) {
		*why = "mirred to a device that is not an inic port or VF";
		return -EOPNOTSUPP;
	}
	if (to->idev == port->idev) {
		*type = INIC_CLS_MIR_PORT;
		*arg = to->id;
		return 0;
	}
	pdev = to->idev->pdev;
	if (!to->idev->is_vf || !pdev->is_virtfn ||
	    pdev->physfn != port->idev->pdev) {
		*why = "mirred to an inic device other than this one";
		return -EOPNOTSUPP;
	}
	vf = pci_iov_vf_id(pdev);
	if (vf < 0) {
		*why = "mirred to a VF whose number is unknown";
		return -EOPNOTSUPP;
	}
	*type = INIC_CLS_MIR_VF;
	*arg = vf;
	return 0;
}

static int inic_cls_tc_police(const struct flow_action_entry *act,
			      struct inic_cls_action *a, const char **why)
{
	u64 kbps;

	if (act->police.rate_pkt_ps || act->police.burst_pkt) {
		*why = "police: packet rates are not offered, only bytes";
		return -EOPNOTSUPP;
	}
	if (act->police.peakrate_bytes_ps || act->police.avrate ||
	    act->police.overhead) {
		*why = "police: peakrate, avrate and overhead are not offered";
		return -EOPNOTSUPP;
	}
	if (act->police.exceed.act_id != FLOW_ACTION_DROP) {
		*why = "police: the exceed action must be drop";
		return -EOPNOTSUPP;
	}
	if (act->police.notexceed.act_id != FLOW_ACTION_PIPE &&
	    act->police.notexceed.act_id != FLOW_ACTION_ACCEPT) {
		*why = "police: the conform action must be pipe or ok";
		return -EOPNOTSUPP;
	}
	kbps = DIV_ROUND_UP_ULL(act->police.rate_bytes_ps * 8, 1000);
	/* the policy refuses what the device cannot do */
	a->pol_rate = kbps > U32_MAX ? U32_MAX : (u32)kbps;
	a->pol_burst = act->police.burst;
	a->flags |= INIC_CLS_ACT_POLICE;
	return 0;
}

static int inic_cls_tc_actions(struct inic_port *port,
			       const struct flow_rule *flow,
			       struct inic_cls_action *a,
			       const struct net_device *vnic_dev[2],
			       const char **why)
{
	const struct flow_action_entry *act;
	const struct net_device *vdev;
	bool fate = false;
	u32 type, arg;
	int i, err;

	a->type = INIC_CLS_ACT_PASS;
	if (!flow_action_has_entries(&flow->action)) {
		*why = "a rule needs an action";
		return -EINVAL;
	}
	flow_action_for_each(i, act, &flow->action) {
		if (fate && act->id != FLOW_ACTION_MARK) {
			*why = "no action after drop, pass, queue_mapping or redirect";
			return -EOPNOTSUPP;
		}
		switch (act->id) {
		case FLOW_ACTION_ACCEPT:
			a->type = INIC_CLS_ACT_PASS;
			fate = true;
			break;
		case FLOW_ACTION_DROP:
			a->type = INIC_CLS_ACT_DROP;
			fate = true;
			break;
		case FLOW_ACTION_RX_QUEUE_MAPPING:
			a->type = INIC_CLS_ACT_RING;
			a->arg = act->rx_queue;
			fate = true;
			break;
		case FLOW_ACTION_MARK:
			a->flags |= INIC_CLS_ACT_MARK;
			a->mark = act->mark;
			break;
		case FLOW_ACTION_POLICE:
			if (i) {
				*why = "police must be the rule's first action";
				return -EOPNOTSUPP;
			}
			err = inic_cls_tc_police(act, a, why);
			if (err)
				return err;
			break;
		case FLOW_ACTION_MIRRED:
		case FLOW_ACTION_REDIRECT:
			vdev = NULL;
			err = inic_cls_tc_target(port, act->dev,
						 act->id == FLOW_ACTION_REDIRECT,
						 &type, &arg, &vdev, why);
			if (err)
				return err;
			if (act->id == FLOW_ACTION_REDIRECT &&
			    type == INIC_CLS_MIR_VF) {
				a->type = INIC_CLS_ACT_VF;
				a->arg = arg;
				fate = true;
				break;
			}
			if (act->id == FLOW_ACTION_REDIRECT &&
			    type == INIC_CLS_MIR_VNIC) {
				/* into the VNIC's rings, spread by its RSS */
				a->type = INIC_CLS_ACT_VNIC;
				a->arg = arg;
				vnic_dev[0] = vdev;
				fate = true;
				break;
			}
			if (a->flags & INIC_CLS_ACT_MIRROR) {
				*why = "one mirror per rule (a redirect to a port is one)";
				return -EOPNOTSUPP;
			}
			a->flags |= INIC_CLS_ACT_MIRROR;
			a->mirror_type = type;
			a->mirror_arg = arg;
			vnic_dev[1] = vdev;
			if (act->id == FLOW_ACTION_REDIRECT) {
				/* out of that port only: the copy */
				a->type = INIC_CLS_ACT_DROP;
				fate = true;
			}
			break;
		default:
			*why = "an action the classifier does not have";
			return -EOPNOTSUPP;
		}
	}
	return 0;
}

static int inic_cls_tc_replace(struct inic_port *port,
			       struct flow_cls_offload *f)
{
	struct flow_rule *flow = flow_cls_offload_flow_rule(f);
	struct netlink_ext_ack *extack = f->common.extack;
	const struct net_device *vnic_dev[2] = {};
	struct inic_cls_rule rule;
	const char *why = NULL;
	int err;

	memset(&rule, 0, sizeof(rule));
	err = inic_cls_flow_match(flow, &rule.m, &why);
	if (!err)
		err = inic_cls_tc_actions(port, flow, &rule.act, vnic_dev,
					  &why);
	if (err)
		goto refused;
	/* Frames this port receives from the wire, in tc's order. */
	rule.m.port = port->id;
	rule.m.port_mask = 0xff;
	rule.m.origin = INIC_CLS_ORIGIN_WIRE;
	rule.m.origin_mask = 0xff;
	rule.prio = inic_cls_tc_prio(f->common.prio);
	err = inic_cls_tc_insert(port, f->cookie, f->common.prio, &rule,
				 vnic_dev, &why);
	if (!err)
		return 0;
refused:
	NL_SET_ERR_MSG_FMT_MOD(extack, "%s", why ? why : "refused");
	return err;
}

static int inic_cls_tc_stats_update(struct inic_port *port,
				    struct flow_cls_offload *f)
{
	u64 d[INIC_CLS_RSTAT__COUNT];
	unsigned long lastused;
	int err;

	err = inic_cls_tc_stats(port, f->cookie, d, &lastused);
	if (err)
		return err;
	flow_stats_update(&f->stats, d[INIC_CLS_RSTAT_BYTES],
			  d[INIC_CLS_RSTAT_PKTS],
			  d[INIC_CLS_RSTAT_POLICE_DROPS], lastused,
			  FLOW_ACTION_HW_STATS_IMMEDIATE);
	return 0;
}

static int inic_cls_tc_flower(struct inic_port *port,
			      struct flow_cls_offload *f)
{
	struct netlink_ext_ack *extack = f->common.extack;

	switch (f->command) {
	case FLOW_CLS_REPLACE:
		if (!flow_action_basic_hw_stats_check(&f->rule->action,
						      extack))
			return -EOPNOTSUPP;
		return inic_cls_tc_replace(port, f);
	case FLOW_CLS_DESTROY:
		return inic_cls_tc_delete(port, f->cookie);
	case FLOW_CLS_STATS:
		return inic_cls_tc_stats_update(port, f);
	default:
		return -EOPNOTSUPP;
	}
}

static int inic_cls_tc_block_cb(enum tc_setup_type type, void *type_data,
				void *cb_priv)
{
	struct flow_cls_offload *f = type_data;
	struct inic_port *port = cb_priv;
	struct netlink_ext_ack *extack = f->common.extack;

	if (type != TC_SETUP_CLSFLOWER)
		return -EOPNOTSUPP;
	if (!tc_can_offload_extack(port->netdev, extack))
		return -EOPNOTSUPP;
	if (f->common.chain_index) {
		NL_SET_ERR_MSG_MOD(extack,
				   "only chain 0 can be offloaded: the kernel has no NET_TC_SKB_EXT to carry a chain from the device");
		return -EOPNOTSUPP;
	}
	return inic_cls_tc_flower(port, f);
}

int inic_cls_setup_tc(struct net_device *netdev, enum tc_setup_type type,
		      void *type_data)
{
	struct inic_port *port = netdev_priv(netdev);

	if (type != TC_SETUP_BLOCK || !port->idev->cls)
		return -EOPNOTSUPP;
	return flow_block_cb_setup_simple(type_data, &inic_cls_tc_block_cbs,
					  inic_cls_tc_block_cb, port, port,
					  true);
}
