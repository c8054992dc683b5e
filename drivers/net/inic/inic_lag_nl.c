// SPDX-License-Identifier: GPL-2.0
/*
 * inic generic netlink: the bonding offload. LAG_GET (do and dump) answers
 * what inic_lag_get() sees of the device's link aggregation group, the
 * "lag" attribute of VF_SET asks inic_lag_vf_pin() to pin a VF or let it
 * follow, and inic_genl_lag_failover() tells the monitor group that the
 * device moved the group's traffic. On top of the family core in
 * inic_genl.c (lookups, locking, dump cursor); the bonding glue itself is
 * inic_lag.c (contract: inic_lag.h).
 *
 * A device's group is visible where the device is: in a network namespace
 * that holds one of its ports. A device without a group (a VF, no
 * INIC_CAP_LAG: inic_lag_get() says -EOPNOTSUPP) has none: a dump skips
 * it, a do names the reason.
 */
#include <linux/bitops.h>
#include <linux/pci.h>
#include <net/genetlink.h>
#include <net/netlink.h>
#include <net/sock.h>

#include "inic.h"
#include "inic_genl.h"
#include "inic_lag.h"
#include "inic_nl_gen.h"

/* The spec's enums carry the device's values under their own names. */
#define INIC_LAG_NL_SAME(nl, hw) static_assert((int)(nl) == (int)(hw))
INIC_LAG_NL_SAME(INIC_BOND_MODE_ACTIVE_BACKUP, INIC_LAG_MODE_ACTIVE_BACKUP);
INIC_LAG_NL_SAME(INIC_BOND_MODE_HASH, INIC_LAG_MODE_HASH);
INIC_LAG_NL_SAME(INIC_BOND_HASH_L2, INIC_LAG_HASH_L2);
INIC_LAG_NL_SAME(INIC_BOND_HASH_L34, INIC_LAG_HASH_L34);
INIC_LAG_NL_SAME(INIC_BOND_HASH_L23, INIC_LAG_HASH_L23);
INIC_LAG_NL_SAME(INIC_FAILOVER_REASON_LINK_DOWN, INIC_LAG_REASON_LINK_DOWN);
INIC_LAG_NL_SAME(INIC_FAILOVER_REASON_LINK_UP, INIC_LAG_REASON_LINK_UP);
INIC_LAG_NL_SAME(INIC_FAILOVER_REASON_FAILBACK, INIC_LAG_REASON_FAILBACK);
INIC_LAG_NL_SAME(INIC_FAILOVER_REASON_DRIVER, INIC_LAG_REASON_DRIVER);

static int inic_lag_nl_members(struct sk_buff *skb,
			       const struct inic_lag_state *st)
{
	struct nlattr *nest;
	u32 p;

	for (p = 0; p < INIC_MAX_PORTS; p++) {
		if (!(st->members & BIT(p)))
			continue;
		nest = nla_nest_start(skb, INIC_A_LAG_MEMBER);
		if (!nest)
			return -EMSGSIZE;
		if (nla_put_u32(skb, INIC_A_LAG_MEMBER_PORT_INDEX, p) ||
		    nla_put_u32(skb, INIC_A_LAG_MEMBER_LINK,
				st->live & BIT(p) ? INIC_LINK_STATE_UP :
						    INIC_LINK_STATE_DOWN) ||
		    nla_put_uint(skb, INIC_A_LAG_MEMBER_RX_FRAMES,
				 st->member_rx[p]) ||
		    nla_put_uint(skb, INIC_A_LAG_MEMBER_TX_FRAMES,
				 st->member_tx[p])) {
			nla_nest_cancel(skb, nest);
			return -EMSGSIZE;
		}
		nla_nest_end(skb, nest);
	}
	return 0;
}

static int inic_lag_nl_last(struct sk_buff *skb,
			    const struct inic_lag_state *st)
{
	struct nlattr *nest;

	if (!(st->last & INIC_LAG_LAST_VALID))
		return 0;
	nest = nla_nest_start(skb, INIC_A_LAG_LAST_FAILOVER);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(skb, INIC_A_LAG_MOVE_FROM,
			INIC_LAG_LAST_FROM(st->last)) ||
	    nla_put_u32(skb, INIC_A_LAG_MOVE_TO, INIC_LAG_LAST_TO(st->last)) ||
	    nla_put_u32(skb, INIC_A_LAG_MOVE_REASON,
			INIC_LAG_LAST_REASON(st->last)) ||
	    nla_put_uint(skb, INIC_A_LAG_MOVE_AT_NS,
			 st->stats[INIC_LAG_STAT_LAST_NS])) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

/* The group's settings: only while it is in force in the device. */
static int inic_lag_nl_group(struct sk_buff *skb,
			     const struct inic_lag_state *st)
{
	if (!st->offloaded)
		return 0;
	if (nla_put_u32(skb, INIC_A_LAG_MODE, st->mode) ||
	    nla_put_u32(skb, INIC_A_LAG_HASH, st->hash) ||
	    inic_lag_nl_members(skb, st) ||
	    nla_put_u32(skb, INIC_A_LAG_PRIMARY, st->primary) ||
	    nla_put_u32(skb, INIC_A_LAG_ACTIVE, st->active) ||
	    nla_put_u32(skb, INIC_A_LAG_FAILBACK, st->failback))
		return -EMSGSIZE;
	return 0;
}

static int inic_lag_nl_pins(struct sk_buff *skb,
			    const struct inic_lag_state *st)
{
	u32 v;

	if (nla_put_u32(skb, INIC_A_LAG_PF_PINNED, st->pf_pinned))
		return -EMSGSIZE;
	for (v = 0; v < INIC_MAX_VFS; v++)
		if ((st->vf_pinned & BIT_ULL(v)) &&
		    nla_put_u32(skb, INIC_A_LAG_VF_PINNED, v))
			return -EMSGSIZE;
	return 0;
}

static int inic_lag_nl_fill(struct sk_buff *skb, struct inic_dev *idev,
			    const struct inic_lag_state *st,
			    const struct genl_info *info)
{
	void *hdr;

	hdr = genlmsg_iput(skb, info);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_string(skb, INIC_A_LAG_BUS_NAME, pci_name(idev->pdev)) ||
	    nla_put_u32(skb, INIC_A_LAG_OFFLOADED, st->offloaded) ||
	    (st->upper[0] &&
	     nla_put_string(skb, INIC_A_LAG_UPPER, st->upper)) ||
	    (!st->offloaded && st->why[0] &&
	     nla_put_string(skb, INIC_A_LAG_WHY, st->why)) ||
	    inic_lag_nl_group(skb, st) ||
	    inic_lag_nl_pins(skb, st) ||
	    nla_put_uint(skb, INIC_A_LAG_FAILOVERS,
			 st->stats[INIC_LAG_STAT_FAILOVERS]) ||
	    inic_lag_nl_last(skb, st) ||
	    nla_put_uint(skb, INIC_A_LAG_ANNOUNCES,
			 st->stats[INIC_LAG_STAT_ANNOUNCES]) ||
	    nla_put_uint(skb, INIC_A_LAG_TX_MOVED,
			 st->stats[INIC_LAG_STAT_TX_MOVED]) ||
	    nla_put_uint(skb, INIC_A_LAG_TX_NO_PORT,
			 st->stats[INIC_LAG_STAT_TX_NO_PORT])) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

/* inic_lag_get() into a clean state (inic_genl_lock held). */
static int inic_lag_nl_state(struct inic_dev *idev, struct inic_lag_state *st)
{
	int err;

	memset(st, 0, sizeof(*st));
	err = inic_lag_get(idev, st);
	/* Whatever the glue wrote, the strings end. */
	st->upper[sizeof(st->upper) - 1] = '\0';
	st->why[sizeof(st->why) - 1] = '\0';
	return err;
}

static int inic_lag_nl_get_one(struct sk_buff *msg, struct genl_info *info)
{
	struct nlattr *bus = info->attrs[INIC_A_LAG_BUS_NAME];
	struct inic_lag_state st;
	struct inic_dev *idev;
	int err;

	err = inic_genl_req_dev(info, INIC_A_LAG_BUS_NAME, &idev);
	if (err)
		return err;
	err = inic_lag_nl_state(idev, &st);
	if (err == -EOPNOTSUPP) {
		NL_SET_ERR_MSG_ATTR(info->extack, bus,
				    "the device has no link aggregation group (a VF, or no lag capability)");
		return err;
	}
	if (err) {
		NL_SET_ERR_MSG_ATTR(info->extack, bus,
				    "cannot read the device's link aggregation group");
		return err;
	}
	return inic_lag_nl_fill(msg, idev, &st, info);
}

int inic_nl_lag_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	if (GENL_REQ_ATTR_CHECK(info, INIC_A_LAG_BUS_NAME)) {
		NL_SET_ERR_MSG(info->extack, "missing attribute bus-name");
		return -EINVAL;
	}
	return inic_genl_reply(info, inic_lag_nl_get_one);
}

/*
 * Every device visible in the caller's namespace that has a group. A
 * device that has none (-EOPNOTSUPP) is skipped; any other failure ends
 * the dump with its error.
 */
int inic_nl_lag_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct inic_genl_dump_ctx *ctx = inic_genl_ctx(cb);
	const struct genl_info *info = genl_info_dump(cb);
	struct net *net = sock_net(skb->sk);
	struct inic_lag_state st;
	struct inic_dev *idev;
	unsigned long id;
	int err = 0;

	inic_genl_lock();
	for (id = ctx->dev; (idev = inic_genl_dev_next(&id)); id++) {
		if (inic_genl_dev_visible(idev, net)) {
			err = inic_lag_nl_state(idev, &st);
			if (!err)
				err = inic_lag_nl_fill(skb, idev, &st, info);
			else if (err == -EOPNOTSUPP)
				err = 0;
			if (err)
				break;
		}
		ctx->dev = id + 1;
	}
	inic_genl_unlock();
	return inic_genl_dump_ret(skb, err);
}

/*
 * VF_SET's "lag" attribute: VF v (enabled, checked by the caller) follows
 * the group or is pinned to its own port. RTNL and inic_genl_lock held.
 */
int inic_lag_nl_vf_set(struct inic_dev *idev, u32 v, struct nlattr *attr,
		       struct netlink_ext_ack *extack)
{
	bool pin = nla_get_u32(attr) == INIC_VF_LAG_PIN;
	int err;

	err = inic_lag_vf_pin(idev, v, pin, extack);
	if (err && !extack->_msg && pin)
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "the device refused to pin this VF to its port");
	else if (err && !extack->_msg)
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "the device refused to let this VF follow the group");
	else if (err)
		NL_SET_BAD_ATTR(extack, attr);
	return err;
}

/* ---- the failover event ---- */

static void inic_lag_nl_notify(struct inic_dev *idev, struct net *net,
			       const struct inic_lag_move *move)
{
	struct sk_buff *msg;
	void *hdr;

	if (!genl_has_listeners(&inic_nl_family, net, INIC_NLGRP_MONITOR))
		return;
	msg = genlmsg_new(GENLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return;
	hdr = genlmsg_put(msg, 0, 0, &inic_nl_family, 0,
			  INIC_CMD_LAG_FAILOVER_NTF);
	if (!hdr ||
	    nla_put_string(msg, INIC_A_EVENT_BUS_NAME, pci_name(idev->pdev)) ||
	    nla_put_u32(msg, INIC_A_EVENT_LAG_FROM, move->from) ||
	    nla_put_u32(msg, INIC_A_EVENT_LAG_TO, move->to) ||
	    nla_put_u32(msg, INIC_A_EVENT_LAG_REASON, move->reason) ||
	    nla_put_uint(msg, INIC_A_EVENT_LAG_AT_NS, move->at_ns) ||
	    nla_put_uint(msg, INIC_A_EVENT_LAG_FAILOVERS, move->failovers)) {
		nlmsg_free(msg);
		return;
	}
	genlmsg_end(msg, hdr);
	genlmsg_multicast_netns(&inic_nl_family, net, msg, 0,
				INIC_NLGRP_MONITOR, GFP_KERNEL);
}

/*
 * The device moved the group's traffic: tell the monitor group in every
 * network namespace that holds a port of the device, once each. Called
 * from inic_lag.c's work item (which inic_lag_fini() stops before the
 * ports go), so the ports are stable; takes no lock of the family, so
 * the caller may hold its own (as inic_genl_vf_event()).
 */
void inic_genl_lag_failover(struct inic_dev *idev,
			    const struct inic_lag_move *move)
{
	struct inic_port *port;
	struct net *net;
	u32 p, q;

	for (p = 0; p < idev->plan.num_ports && p < INIC_MAX_PORTS; p++) {
		port = inic_genl_port(idev, p, NULL);
		if (!port)
			continue;
		net = dev_net(port->netdev);
		/* A namespace already told (an earlier port is there). */
		for (q = 0; q < p; q++)
			if (inic_genl_port(idev, q, net))
				break;
		if (q < p)
			continue;
		inic_lag_nl_notify(idev, net, move);
	}
}
