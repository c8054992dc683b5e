// SPDX-License-Identifier: GPL-2.0
/*
 * inic generic netlink: TOE connection handoff. TOE_GET (do and dump)
 * answers what inic_toe_get() sees of a device's TOE engine (listeners,
 * per-port counters); TOE_LISTEN_ADD and TOE_LISTEN_DEL register and
 * remove a listener on a port named by its netdev. On top of the family
 * core in inic_genl.c (lookups, locking, dump cursor); the glue itself is
 * inic_toe.c (contract: inic_toe.h).
 *
 * A device's TOE state is visible where the device is: in a network
 * namespace that holds one of its ports; only the listeners and counters
 * of ports in that namespace are shown. A device without a TOE engine (a
 * VF, no INIC_CAP_TOE) has none: a dump skips it, a do names the reason.
 */
#include <linux/pci.h>
#include <net/genetlink.h>
#include <net/netlink.h>
#include <net/sock.h>

#include "inic.h"
#include "inic_genl.h"
#include "inic_nl_gen.h"
#include "inic_toe.h"

static int inic_toe_nl_listeners(struct sk_buff *skb, struct inic_dev *idev,
				 const struct inic_toe_state *st,
				 struct net *net)
{
	const struct inic_toe_listener *l;
	struct inic_port *port;
	struct nlattr *nest;
	u32 i;

	for (i = 0; i < INIC_TOE_LISTENERS; i++) {
		if (!(st->used & BIT(i)))
			continue;
		l = &st->e[i];
		port = inic_genl_port(idev, l->port, net);
		if (!port)
			continue;
		nest = nla_nest_start(skb, INIC_A_TOE_LISTENER);
		if (!nest)
			return -EMSGSIZE;
		if (nla_put_u32(skb, INIC_A_TOE_LISTENER_INDEX, i) ||
		    nla_put_u32(skb, INIC_A_TOE_LISTENER_PORT_INDEX, l->port) ||
		    nla_put_string(skb, INIC_A_TOE_LISTENER_IFNAME,
				   port->netdev->name) ||
		    nla_put_u32(skb, INIC_A_TOE_LISTENER_TCP_PORT, l->tcp_port) ||
		    nla_put_u32(skb, INIC_A_TOE_LISTENER_FAMILY, l->family) ||
		    (!l->any &&
		     nla_put(skb, INIC_A_TOE_LISTENER_ADDR,
			     l->family == 6 ? 16 : 4, l->addr))) {
			nla_nest_cancel(skb, nest);
			return -EMSGSIZE;
		}
		nla_nest_end(skb, nest);
	}
	return 0;
}

static u32 inic_toe_nl_count(const struct inic_toe_state *st, u32 p)
{
	u32 i, n = 0;

	for (i = 0; i < INIC_TOE_LISTENERS; i++)
		if ((st->used & BIT(i)) && st->e[i].port == p)
			n++;
	return n;
}

static int inic_toe_nl_ports(struct sk_buff *skb, struct inic_dev *idev,
			     const struct inic_toe_state *st, struct net *net)
{
	struct inic_port *port;
	struct nlattr *nest;
	const u64 *c;
	u32 p;

	for (p = 0; p < st->num_ports; p++) {
		port = inic_genl_port(idev, p, net);
		if (!port)
			continue;
		c = st->stats[p];
		nest = nla_nest_start(skb, INIC_A_TOE_PORT);
		if (!nest)
			return -EMSGSIZE;
		if (nla_put_u32(skb, INIC_A_TOE_PORT_PORT_INDEX, p) ||
		    nla_put_string(skb, INIC_A_TOE_PORT_IFNAME,
				   port->netdev->name) ||
		    nla_put_u32(skb, INIC_A_TOE_PORT_LISTENERS,
				inic_toe_nl_count(st, p)) ||
		    nla_put_uint(skb, INIC_A_TOE_PORT_SYN_ANSWERED,
				 c[INIC_TOE_STAT_SYN_ANSWERED]) ||
		    nla_put_uint(skb, INIC_A_TOE_PORT_HANDSHAKES,
				 c[INIC_TOE_STAT_HANDSHAKES]) ||
		    nla_put_uint(skb, INIC_A_TOE_PORT_INVALID_ACKS,
				 c[INIC_TOE_STAT_INVALID_ACKS]) ||
		    nla_put_uint(skb, INIC_A_TOE_PORT_SYN_PASSED,
				 c[INIC_TOE_STAT_SYN_PASSED]) ||
		    nla_put_uint(skb, INIC_A_TOE_PORT_SYNACK_DROPS,
				 c[INIC_TOE_STAT_SYNACK_DROPS])) {
			nla_nest_cancel(skb, nest);
			return -EMSGSIZE;
		}
		nla_nest_end(skb, nest);
	}
	return 0;
}

static int inic_toe_nl_fill(struct sk_buff *skb, struct inic_dev *idev,
			    const struct inic_toe_state *st,
			    const struct genl_info *info, struct net *net)
{
	void *hdr;

	hdr = genlmsg_iput(skb, info);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_string(skb, INIC_A_TOE_BUS_NAME, pci_name(idev->pdev)) ||
	    nla_put_u32(skb, INIC_A_TOE_ENABLED,
			!!(st->ctrl & INIC_TOE_CTRL_ENABLE)) ||
	    nla_put_u32(skb, INIC_A_TOE_OPTIONS,
			st->ctrl & ~INIC_TOE_CTRL_ENABLE) ||
	    inic_toe_nl_listeners(skb, idev, st, net) ||
	    inic_toe_nl_ports(skb, idev, st, net)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

static int inic_toe_nl_get_one(struct sk_buff *msg, struct genl_info *info)
{
	struct inic_toe_state *st;
	struct inic_port *port;
	struct inic_dev *idev;
	int err;

	err = inic_genl_req_dev_port(info, INIC_A_TOE_BUS_NAME,
				     INIC_A_TOE_IFINDEX, &idev, &port);
	if (err)
		return err;
	st = kmalloc(sizeof(*st), GFP_KERNEL);
	if (!st)
		return -ENOMEM;
	err = inic_toe_get(idev, st);
	if (err == -EOPNOTSUPP)
		NL_SET_ERR_MSG(info->extack,
			       "the device has no TOE engine (a VF, or no toe capability)");
	else if (!err)
		err = inic_toe_nl_fill(msg, idev, st, info,
				       genl_info_net(info));
	kfree(st);
	return err;
}

int inic_nl_toe_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	if (!info->attrs[INIC_A_TOE_BUS_NAME] &&
	    !info->attrs[INIC_A_TOE_IFINDEX]) {
		NL_SET_ERR_MSG(info->extack,
			       "missing attribute bus-name or ifindex");
		return -EINVAL;
	}
	return inic_genl_reply(info, inic_toe_nl_get_one);
}

int inic_nl_toe_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct inic_genl_dump_ctx *ctx = inic_genl_ctx(cb);
	const struct genl_info *info = genl_info_dump(cb);
	struct net *net = sock_net(skb->sk);
	struct inic_toe_state *st;
	struct inic_dev *idev;
	unsigned long id;
	int err = 0;

	st = kmalloc(sizeof(*st), GFP_KERNEL);
	if (!st)
		return -ENOMEM;
	inic_genl_lock();
	for (id = ctx->dev; (idev = inic_genl_dev_next(&id)); id++) {
		if (inic_genl_dev_visible(idev, net)) {
			err = inic_toe_get(idev, st);
			if (!err)
				err = inic_toe_nl_fill(skb, idev, st, info, net);
			else if (err == -EOPNOTSUPP)
				err = 0;
			if (err)
				break;
		}
		ctx->dev = id + 1;
	}
	inic_genl_unlock();
	kfree(st);
	return inic_genl_dump_ret(skb, err);
}

/* The listener a request names, or an extack error. */
static int inic_toe_nl_req(struct genl_info *info, struct inic_port *port,
			   struct inic_toe_listener *l)
{
	struct nlattr *addr = info->attrs[INIC_A_TOE_ADDR];
	struct nlattr *fam = info->attrs[INIC_A_TOE_FAMILY];
	u32 family = 0;

	memset(l, 0, sizeof(*l));
	l->port = port->id;
	l->tcp_port = nla_get_u32(info->attrs[INIC_A_TOE_TCP_PORT]);
	if (fam) {
		family = nla_get_u32(fam);
		if (family != 4 && family != 6) {
			NL_SET_ERR_MSG_ATTR(info->extack, fam,
					    "family must be 4 (IPv4) or 6 (IPv6)");
			return -EINVAL;
		}
	}
	if (addr) {
		u32 len = nla_len(addr);

		if (len != 4 && len != 16) {
			NL_SET_ERR_MSG_ATTR(info->extack, addr,
					    "addr must be 4 bytes (IPv4) or 16 (IPv6)");
			return -EINVAL;
		}
		if (family && family != (len == 4 ? 4 : 6)) {
			NL_SET_ERR_MSG_ATTR(info->extack, addr,
					    "addr is not of the family given");
			return -EINVAL;
		}
		family = len == 4 ? 4 : 6;
		nla_memcpy(l->addr, addr, len);
	} else {
		l->any = 1;
	}
	if (!family) {
		NL_SET_ERR_MSG(info->extack,
			       "give an addr, or a family for a listener on any address");
		return -EINVAL;
	}
	l->family = family;
	return 0;
}

static int inic_toe_nl_listen(struct genl_info *info, bool add)
{
	struct inic_toe_listener l;
	struct inic_port *port;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, INIC_A_TOE_IFINDEX) ||
	    GENL_REQ_ATTR_CHECK(info, INIC_A_TOE_TCP_PORT))
		return -EINVAL;
	inic_genl_lock();
	err = inic_genl_req_ifindex(info, INIC_A_TOE_IFINDEX, &port);
	if (!err)
		err = inic_toe_nl_req(info, port, &l);
	if (!err)
		err = inic_toe_listen(port->idev, &l, add, info->extack);
	inic_genl_unlock();
	return err;
}

int inic_nl_toe_listen_add_doit(struct sk_buff *skb, struct genl_info *info)
{
	return inic_toe_nl_listen(info, true);
}

int inic_nl_toe_listen_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	return inic_toe_nl_listen(info, false);
}
