// SPDX-License-Identifier: GPL-2.0
/*
 * inic generic netlink: the port objects. PORT_GET/PORT_SET and the
 * per-ring counters (RING_STATS_GET: the ports' ring pairs, then their
 * VNICs'), on top of the family core in inic_genl.c (lookups, locking,
 * dump cursor). The ports themselves are in inic_port.c.
 */
#include <linux/etherdevice.h>
#include <linux/rtnetlink.h>
#include <net/genetlink.h>
#include <net/netlink.h>
#include <net/sock.h>

#include "inic.h"
#include "inic_genl.h"
#include "inic_nl_gen.h"
#include "inic_vnic.h"

static int inic_genl_port_fill(struct sk_buff *skb, struct inic_port *port,
			       const struct genl_info *info)
{
	struct net_device *netdev = port->netdev;
	u32 status = inic_port_rd(port, INIC_PORT_STATUS);
	void *hdr;

	hdr = genlmsg_iput(skb, info);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_string(skb, INIC_A_PORT_BUS_NAME,
			   pci_name(port->idev->pdev)) ||
	    nla_put_u32(skb, INIC_A_PORT_INDEX, port->id) ||
	    nla_put_u32(skb, INIC_A_PORT_IFINDEX, netdev->ifindex) ||
	    nla_put_string(skb, INIC_A_PORT_IFNAME, netdev->name) ||
	    nla_put_u32(skb, INIC_A_PORT_LINK,
			status & INIC_PORT_STATUS_LINK ? INIC_LINK_STATE_UP :
							 INIC_LINK_STATE_DOWN) ||
	    nla_put_u32(skb, INIC_A_PORT_SPEED,
			inic_port_rd(port, INIC_PORT_SPEED)) ||
	    nla_put(skb, INIC_A_PORT_MAC, ETH_ALEN, netdev->dev_addr) ||
	    nla_put_u32(skb, INIC_A_PORT_MTU, READ_ONCE(netdev->mtu)) ||
	    nla_put_u32(skb, INIC_A_PORT_RING_COUNT, port->num_rings) ||
	    nla_put_u32(skb, INIC_A_PORT_FIRST_RING, port->first_ring) ||
	    nla_put_u32(skb, INIC_A_PORT_LINK_EVENTS,
			inic_port_rd(port, INIC_PORT_LINK_EVENTS))) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

/* The port a do request names: ifindex, or bus-name and index. */
static int inic_genl_req_port(struct genl_info *info, struct inic_port **port)
{
	struct inic_dev *idev;
	int err;

	if (info->attrs[INIC_A_PORT_IFINDEX])
		return inic_genl_req_ifindex(info, INIC_A_PORT_IFINDEX, port);
	if (!info->attrs[INIC_A_PORT_BUS_NAME]) {
		/* Neither: report the ifindex as the attribute missing. */
		GENL_REQ_ATTR_CHECK(info, INIC_A_PORT_IFINDEX);
		NL_SET_ERR_MSG(info->extack,
			       "missing attribute ifindex (or bus-name and index)");
		return -EINVAL;
	}
	if (GENL_REQ_ATTR_CHECK(info, INIC_A_PORT_INDEX)) {
		NL_SET_ERR_MSG(info->extack,
			       "missing attribute index (needed with bus-name)");
		return -EINVAL;
	}
	err = inic_genl_req_dev(info, INIC_A_PORT_BUS_NAME, &idev);
	if (err)
		return err;
	return inic_genl_req_port_index(info, INIC_A_PORT_INDEX, idev, port);
}

static int inic_genl_port_get_one(struct sk_buff *msg,
				  struct genl_info *info)
{
	struct inic_port *port;
	int err;

	err = inic_genl_req_port(info, &port);
	return err ?: inic_genl_port_fill(msg, port, info);
}

int inic_nl_port_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	return inic_genl_reply(info, inic_genl_port_get_one);
}

int inic_nl_port_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct inic_genl_dump_ctx *ctx = inic_genl_ctx(cb);
	const struct genl_info *info = genl_info_dump(cb);
	struct net *net = sock_net(skb->sk);
	struct inic_dev *only = NULL;
	struct inic_port *port;
	int err = 0;

	inic_genl_lock();
	if (info->attrs[INIC_A_PORT_BUS_NAME]) {
		err = inic_genl_req_dev(info, INIC_A_PORT_BUS_NAME, &only);
		if (err)
			goto out;
	}
	while ((port = inic_genl_dump_port(ctx, only, net))) {
		err = inic_genl_port_fill(skb, port, info);
		if (err)
			goto out;
		ctx->port++;
	}
out:
	inic_genl_unlock();
	return inic_genl_dump_ret(skb, err);
}

int inic_nl_port_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *mac = info->attrs[INIC_A_PORT_MAC];
	struct nlattr *mtu = info->attrs[INIC_A_PORT_MTU];
	struct net_device *netdev;
	struct inic_port *port;
	struct sockaddr sa;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, INIC_A_PORT_IFINDEX)) {
		NL_SET_ERR_MSG(info->extack, "missing attribute ifindex");
		return -EINVAL;
	}
	if (!mac && !mtu) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[INIC_A_PORT_IFINDEX],
				    "nothing to change: give mac and/or mtu");
		return -EINVAL;
	}
	if (mac && !inic_mac_valid(nla_data(mac))) {
		NL_SET_ERR_MSG_ATTR(info->extack, mac,
				    "not a station address (zero, multicast or broadcast)");
		return -EADDRNOTAVAIL;
	}

	rtnl_lock();
	inic_genl_lock();
	err = inic_genl_req_ifindex(info, INIC_A_PORT_IFINDEX, &port);
	if (err)
		goto out;
	netdev = port->netdev;
	if (mtu) {
		err = dev_set_mtu(netdev, nla_get_u32(mtu));
		if (err) {
			NL_SET_ERR_MSG_ATTR(info->extack, mtu,
					    "the port refused this MTU");
			goto out;
		}
	}
	if (mac) {
		sa.sa_family = netdev->type;
		memcpy(sa.sa_data, nla_data(mac), ETH_ALEN);
		err = dev_set_mac_address(netdev, &sa, info->extack);
		if (err && !info->extack->_msg)
			NL_SET_ERR_MSG_ATTR(info->extack, mac,
					    "the port refused this MAC address");
		else if (err)
			NL_SET_BAD_ATTR(info->extack, mac);
	}
out:
	inic_genl_unlock();
	rtnl_unlock();
	return err;
}

/* ---- ring counters ---- */

struct inic_genl_ring_filter {
	struct inic_dev *idev;		/* NULL: every device */
	struct inic_port *port;		/* NULL: every port */
	u32 port_index;			/* INIC_CORE_NONE: every index */
	u32 ring;			/* INIC_CORE_NONE: every ring */
};

/* The VNIC of port whose ring pairs include ring (inic_genl_lock held). */
static struct inic_vnic *inic_genl_vnic_ring(struct inic_port *port, u32 ring)
{
	struct inic_vnic *vnic;
	u32 n;

	for (n = 0; n < INIC_MAX_VNICS; n++) {
		vnic = port->idev->vnics[n];
		if (vnic && vnic->phys == port->id &&
		    ring >= vnic->first_ring &&
		    ring < vnic->first_ring + vnic->rings)
			return vnic;
	}
	return NULL;
}

static int inic_genl_ring_filter(const struct genl_info *info,
				 struct inic_genl_ring_filter *f)
{
	struct nlattr **tb = info->attrs;
	struct nlattr *attr;
	int err;

	f->port_index = INIC_CORE_NONE;
	f->ring = INIC_CORE_NONE;

	err = inic_genl_req_dev_port(info, INIC_A_STATS_BUS_NAME,
				     INIC_A_STATS_IFINDEX, &f->idev, &f->port);
	if (err)
		return err;
	attr = tb[INIC_A_STATS_PORT_INDEX];
	if (attr) {
		f->port_index = nla_get_u32(attr);
		if (f->port && f->port->id != f->port_index) {
			NL_SET_ERR_MSG_ATTR(info->extack, attr,
					    "port-index does not match the port of ifindex");
			return -EINVAL;
		}
		if (f->idev && !f->port) {
			err = inic_genl_req_port_index(info,
						       INIC_A_STATS_PORT_INDEX,
						       f->idev, &f->port);
			if (err)
				return err;
		}
	}
	attr = tb[INIC_A_STATS_RING];
	if (attr) {
		f->ring = nla_get_u32(attr);
		if (f->port && (f->ring < f->port->first_ring ||
				f->ring >= f->port->first_ring +
					   f->port->num_rings) &&
		    !inic_genl_vnic_ring(f->port, f->ring)) {
			NL_SET_ERR_MSG_ATTR(info->extack, attr,
					    "the port has no such ring");
			return -ERANGE;
		}
		if (f->idev && f->ring >= f->idev->plan.num_rings) {
			NL_SET_ERR_MSG_ATTR(info->extack, attr,
					    "the device has no such ring");
			return -ERANGE;
		}
		if (!f->idev &&
		    !inic_genl_any_ring(f->ring, genl_info_net(info))) {
			NL_SET_ERR_MSG_ATTR(info->extack, attr,
					    "no inic device has such a ring");
			return -ERANGE;
		}
	}
	return 0;
}

/*
 * One ring pair's counters: queue q of vp, a port (its totals) or a VNIC's
 * vport (since the VNIC was made), port being the physical port.
 */
static int inic_genl_ring_fill(struct sk_buff *skb, struct inic_port *port,
			       struct inic_port *vp, u32 queue,
			       const struct genl_info *info, struct net *net)
{
	struct inic_dev *idev = port->idev;
	u64 tx[INIC_RSTAT__COUNT], rx[INIC_RSTAT__COUNT];
	u32 ring = vp->first_ring + queue;
	struct net_device *vnd = vp->netdev;
	unsigned long flags;
	void *hdr;

	if (vp->vnic) {
		inic_port_ring_view(vp, queue, tx, rx);
	} else {
		spin_lock_irqsave(&idev->stats_lock, flags);
		inic_stats_ring_totals(idev->stats, ring, tx, rx);
		spin_unlock_irqrestore(&idev->stats_lock, flags);
	}

	hdr = genlmsg_iput(skb, info);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_string(skb, INIC_A_STATS_BUS_NAME,
			   pci_name(idev->pdev)) ||
	    nla_put_u32(skb, INIC_A_STATS_PORT_INDEX, port->id) ||
	    nla_put_u32(skb, INIC_A_STATS_IFINDEX, port->netdev->ifindex) ||
	    nla_put_u32(skb, INIC_A_STATS_RING, ring) ||
	    nla_put_u32(skb, INIC_A_STATS_QUEUE, queue) ||
	    nla_put_uint(skb, INIC_A_STATS_RX_PACKETS,
			 rx[INIC_RSTAT_PKTS]) ||
	    nla_put_uint(skb, INIC_A_STATS_RX_BYTES,
			 rx[INIC_RSTAT_BYTES]) ||
	    nla_put_uint(skb, INIC_A_STATS_RX_DROP_NODESC,
			 rx[INIC_RSTAT_DROP_NODESC]) ||
	    nla_put_uint(skb, INIC_A_STATS_RX_DROP_FILTER,
			 rx[INIC_RSTAT_DROP_FILTER]) ||
	    nla_put_uint(skb, INIC_A_STATS_RX_CSUM_ERR,
			 rx[INIC_RSTAT_CSUM_ERR]) ||
	    nla_put_uint(skb, INIC_A_STATS_RX_ERRORS,
			 rx[INIC_RSTAT_ERRORS]) ||
	    nla_put_uint(skb, INIC_A_STATS_TX_PACKETS,
			 tx[INIC_RSTAT_PKTS]) ||
	    nla_put_uint(skb, INIC_A_STATS_TX_BYTES,
			 tx[INIC_RSTAT_BYTES]) ||
	    nla_put_uint(skb, INIC_A_STATS_TX_ERRORS,
			 tx[INIC_RSTAT_ERRORS]) ||
	    (vp->vnic &&
	     (nla_put_string(skb, INIC_A_STATS_VNIC, vnd->name) ||
	      nla_put_u32(skb, INIC_A_STATS_VNIC_IFINDEX,
			  net_eq(dev_net(vnd), net) ? vnd->ifindex : 0)))) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

static bool inic_genl_ring_match(const struct inic_genl_ring_filter *f,
				 const struct inic_port *port, u32 ring)
{
	if (f->port && f->port != port)
		return false;
	if (f->port_index != INIC_CORE_NONE && f->port_index != port->id)
		return false;
	return f->ring == INIC_CORE_NONE || f->ring == ring;
}

/*
 * The dump's n-th ring owner of idev: ports 0..num_ports-1, then VNIC
 * table entries. *port is the physical port (visible in net), the return
 * value the port itself or the VNIC's vport; NULL: nothing at n.
 */
static struct inic_port *inic_genl_ring_owner(struct inic_dev *idev, u32 n,
					      struct net *net,
					      struct inic_port **port)
{
	struct inic_vnic *vnic;

	if (n < idev->plan.num_ports) {
		*port = inic_genl_port(idev, n, net);
		return *port;
	}
	vnic = idev->vnics[n - idev->plan.num_ports];
	if (!vnic)
		return NULL;
	*port = inic_genl_port(idev, vnic->phys, net);
	return *port ? vnic->vport : NULL;
}

/*
 * Dump order: device, port, queue; after a device's ports, its VNICs
 * (ctx->port counts on past the ports into the VNIC table). The cursor
 * in cb->ctx names the next ring pair to emit, so a dump that fills
 * several skbs resumes where the previous one stopped. A port's counters
 * are read from the device once per skb, when its first ring pair in
 * that skb is emitted.
 */
int inic_nl_ring_stats_get_dumpit(struct sk_buff *skb,
				  struct netlink_callback *cb)
{
	struct inic_genl_dump_ctx *ctx = inic_genl_ctx(cb);
	const struct genl_info *info = genl_info_dump(cb);
	struct net *net = sock_net(skb->sk);
	struct inic_genl_ring_filter f;
	struct inic_port *port, *vp;
	struct inic_dev *idev;
	unsigned long id;
	bool fresh;
	int err;

	inic_genl_lock();
	err = inic_genl_ring_filter(info, &f);
	if (err)
		goto out;
	for (id = ctx->dev; (idev = inic_genl_dev_next(&id)); id++) {
		if (id != ctx->dev) {
			ctx->dev = id;
			ctx->port = 0;
			ctx->queue = 0;
		}
		if (f.idev && idev != f.idev)
			continue;
		for (; ctx->port < idev->plan.num_ports + INIC_MAX_VNICS;
		     ctx->port++, ctx->queue = 0) {
			vp = inic_genl_ring_owner(idev, ctx->port, net, &port);
			if (!vp)
				continue;
			fresh = false;
			for (; ctx->queue < vp->num_rings; ctx->queue++) {
				if (!inic_genl_ring_match(&f, port,
							  vp->first_ring +
							  ctx->queue))
					continue;
				if (!fresh && !vp->vnic) {
					inic_port_read_stats(vp);
					fresh = true;
				}
				err = inic_genl_ring_fill(skb, port, vp,
							  ctx->queue, info,
							  net);
				if (err)
					goto out;
			}
		}
	}
	ctx->dev = id;
	ctx->port = 0;
	ctx->queue = 0;
out:
	inic_genl_unlock();
	return inic_genl_dump_ret(skb, err);
}

