// SPDX-License-Identifier: GPL-2.0
/*
 * inic generic netlink family: devices, ports, per-ring counters and the
 * monitor group's events. The attribute policies and the op table are
 * generated from Documentation/netlink/specs/inic.yaml (inic_nl_gen.c);
 * this file implements the handlers on the driver's own structures.
 *
 * Locking: inic_genl_lock protects the device table and is held by every
 * handler while it looks at a device, so inic_genl_dev_del() waits for
 * them. Writers take RTNL first, then inic_genl_lock.
 *
 * Every object is visible only in the network namespace of its netdev, as
 * in the kernel's own netdev family: a port where its netdev is, a device
 * where any of its ports is, its VFs (and the SR-IOV attributes of the
 * device) where port 0 is. Elsewhere they do not exist (ENODEV).
 */
#include <linux/etherdevice.h>
#include <linux/io-64-nonatomic-lo-hi.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>
#include <net/genetlink.h>
#include <net/netlink.h>
#include <net/sock.h>

#include "inic.h"
#include "inic_genl.h"
#include "inic_nl_gen.h"
#include "inic_sriov.h"

#define INIC_GENL_CAPS_KNOWN	((INIC_CAPS_INT_ARM << 1) - 1)

/* One device as the family sees it. */
struct inic_genl_dev {
	struct inic_dev *idev;
	struct work_struct link_work;
	u32 link_up;			/* bit p: port p's last notified state */
	u32 link_events[INIC_MAX_PORTS];	/* last PORT_LINK_EVENTS seen */
};

static DEFINE_XARRAY_ALLOC(inic_genl_devs);
static DEFINE_MUTEX(inic_genl_lock);

/* Dump cursor, in cb->ctx: the next object to emit. */
struct inic_genl_dump_ctx {
	unsigned long dev;
	u32 port;
	u32 queue;
};

static_assert(sizeof(struct inic_genl_dump_ctx) <=
	      sizeof_field(struct netlink_callback, ctx));

static struct inic_genl_dump_ctx *inic_genl_ctx(struct netlink_callback *cb)
{
	return (struct inic_genl_dump_ctx *)cb->ctx;
}

/* ---- lookups (inic_genl_lock held) ---- */

static struct inic_port *inic_genl_port(struct inic_dev *idev, u32 p,
					struct net *net)
{
	struct inic_port *port;

	if (p >= idev->plan.num_ports || p >= INIC_MAX_PORTS)
		return NULL;
	port = idev->ports[p];
	if (!port || !port->registered)
		return NULL;
	if (net && !net_eq(dev_net(port->netdev), net))
		return NULL;
	return port;
}

/* Some port of the device is in net. */
static bool inic_genl_dev_visible(struct inic_dev *idev, struct net *net)
{
	u32 p;

	for (p = 0; p < idev->plan.num_ports; p++)
		if (inic_genl_port(idev, p, net))
			return true;
	return false;
}

/* The device's VFs (port 0's) are visible in net. */
static bool inic_genl_vfs_visible(struct inic_dev *idev, struct net *net)
{
	return inic_genl_port(idev, 0, net);
}

static struct inic_dev *inic_genl_find_bus(const struct nlattr *attr,
					   struct net *net)
{
	struct inic_genl_dev *gd;
	unsigned long id;

	xa_for_each(&inic_genl_devs, id, gd)
		if (!nla_strcmp(attr, pci_name(gd->idev->pdev)) &&
		    inic_genl_dev_visible(gd->idev, net))
			return gd->idev;
	return NULL;
}

static struct inic_port *inic_genl_find_ifindex(struct net *net, u32 ifindex)
{
	struct inic_genl_dev *gd;
	struct inic_port *port;
	unsigned long id;
	u32 p;

	xa_for_each(&inic_genl_devs, id, gd)
		for (p = 0; p < gd->idev->plan.num_ports; p++) {
			port = inic_genl_port(gd->idev, p, net);
			if (port && port->netdev->ifindex == ifindex)
				return port;
		}
	return NULL;
}

/* Device named by attrs[bus_attr], or an extack error. */
static int inic_genl_req_dev(const struct genl_info *info, int bus_attr,
			     struct inic_dev **idev)
{
	struct nlattr *attr = info->attrs[bus_attr];

	*idev = inic_genl_find_bus(attr, genl_info_net(info));
	if (!*idev) {
		NL_SET_ERR_MSG_ATTR(info->extack, attr,
				    "no inic device with this bus name in this network namespace");
		return -ENODEV;
	}
	return 0;
}

/* Port named by attrs[ifindex_attr], or an extack error. */
static int inic_genl_req_ifindex(const struct genl_info *info,
				 int ifindex_attr, struct inic_port **port)
{
	struct nlattr *attr = info->attrs[ifindex_attr];

	*port = inic_genl_find_ifindex(genl_info_net(info), nla_get_u32(attr));
	if (!*port) {
		NL_SET_ERR_MSG_ATTR(info->extack, attr,
				    "no inic port with this ifindex in this network namespace");
		return -ENODEV;
	}
	return 0;
}

static int inic_genl_req_port_index(const struct genl_info *info,
				    int index_attr, struct inic_dev *idev,
				    struct inic_port **port)
{
	struct nlattr *attr = info->attrs[index_attr];

	*port = inic_genl_port(idev, nla_get_u32(attr), genl_info_net(info));
	if (!*port) {
		NL_SET_ERR_MSG_ATTR(info->extack, attr,
				    "the device has no such port in this network namespace");
		return -ENODEV;
	}
	return 0;
}

/*
 * The device and port named by attrs[bus_attr] and/or attrs[ifindex_attr]
 * (NULL for what neither names); both given must agree.
 */
static int inic_genl_req_dev_port(const struct genl_info *info, int bus_attr,
				  int ifindex_attr, struct inic_dev **idev,
				  struct inic_port **port)
{
	int err;

	*idev = NULL;
	*port = NULL;
	if (info->attrs[bus_attr]) {
		err = inic_genl_req_dev(info, bus_attr, idev);
		if (err)
			return err;
	}
	if (info->attrs[ifindex_attr]) {
		err = inic_genl_req_ifindex(info, ifindex_attr, port);
		if (err)
			return err;
		if (*idev && (*port)->idev != *idev) {
			NL_SET_ERR_MSG_ATTR(info->extack,
					    info->attrs[ifindex_attr],
					    "this port is not on the device named by bus-name");
			return -EINVAL;
		}
		*idev = (*port)->idev;
	}
	return 0;
}

/* ---- do and dump ---- */

/*
 * Answer a do request with the one message fill() writes (lookups
 * included) under inic_genl_lock.
 */
static int inic_genl_reply(struct genl_info *info,
			   int (*fill)(struct sk_buff *msg,
				       struct genl_info *info))
{
	struct sk_buff *msg;
	int err;

	msg = genlmsg_new(GENLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;

	mutex_lock(&inic_genl_lock);
	err = fill(msg, info);
	mutex_unlock(&inic_genl_lock);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return genlmsg_reply(msg, info);
}

/* What a dump step returns: a full skb is sent, not an error. */
static int inic_genl_dump_ret(struct sk_buff *skb, int err)
{
	return err == -EMSGSIZE && skb->len ? skb->len : err;
}

/*
 * The port the dump cursor names, or the next port visible in net (on
 * only, unless NULL) after it, with the cursor moved there; NULL when the
 * dump is past the last port. The caller moves ctx->port on.
 */
static struct inic_port *inic_genl_dump_port(struct inic_genl_dump_ctx *ctx,
					     struct inic_dev *only,
					     struct net *net)
{
	struct inic_genl_dev *gd;
	struct inic_port *port;
	unsigned long id;

	xa_for_each_start(&inic_genl_devs, id, gd, ctx->dev) {
		if (only && gd->idev != only)
			continue;
		for (; ctx->port < gd->idev->plan.num_ports; ctx->port++) {
			port = inic_genl_port(gd->idev, ctx->port, net);
			if (port)
				return port;
		}
		ctx->dev = id + 1;
		ctx->port = 0;
	}
	return NULL;
}

/* ---- device ---- */

static int inic_genl_sw_fill(struct sk_buff *skb, struct inic_dev *idev,
			     struct net *net)
{
	static const int attr[INIC_SWSTAT__COUNT] = {
		[INIC_SWSTAT_LOCAL_PKTS] = INIC_A_DEV_SW_LOCAL_PKTS,
		[INIC_SWSTAT_LOCAL_BYTES] = INIC_A_DEV_SW_LOCAL_BYTES,
		[INIC_SWSTAT_COPIES] = INIC_A_DEV_SW_COPIES,
		[INIC_SWSTAT_VF_TO_WIRE] = INIC_A_DEV_SW_VF_TO_WIRE,
		[INIC_SWSTAT_DROPS] = INIC_A_DEV_SW_DROPS,
	};
	u32 i;

	if (!idev->sriov || !inic_genl_vfs_visible(idev, net))
		return 0;
	if (nla_put_u32(skb, INIC_A_DEV_TOTAL_VFS, idev->sriov->total_vfs) ||
	    nla_put_u32(skb, INIC_A_DEV_NUM_VFS, inic_sriov_num_vfs(idev)))
		return -EMSGSIZE;
	for (i = 0; i < INIC_SWSTAT__COUNT; i++)
		if (nla_put_uint(skb, attr[i],
				 readq(idev->hw + INIC_SW_STAT(i))))
			return -EMSGSIZE;
	return 0;
}

static int inic_genl_dev_fill(struct sk_buff *skb, struct inic_dev *idev,
			      const struct genl_info *info)
{
	void *hdr;

	hdr = genlmsg_iput(skb, info);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_string(skb, INIC_A_DEV_BUS_NAME, pci_name(idev->pdev)) ||
	    nla_put_u32(skb, INIC_A_DEV_PORT_COUNT, idev->plan.num_ports) ||
	    nla_put_u32(skb, INIC_A_DEV_RING_COUNT, idev->plan.num_rings) ||
	    nla_put_u32(skb, INIC_A_DEV_RINGS_PER_PORT,
			idev->plan.rings_per_port) ||
	    nla_put_u32(skb, INIC_A_DEV_ABI_VERSION, idev->version) ||
	    nla_put_u32(skb, INIC_A_DEV_CAPS,
			idev->caps & INIC_GENL_CAPS_KNOWN) ||
	    inic_genl_sw_fill(skb, idev, genl_info_net(info))) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

static int inic_genl_dev_get_one(struct sk_buff *msg, struct genl_info *info)
{
	struct inic_dev *idev;
	int err;

	err = inic_genl_req_dev(info, INIC_A_DEV_BUS_NAME, &idev);
	return err ?: inic_genl_dev_fill(msg, idev, info);
}

int inic_nl_dev_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	if (GENL_REQ_ATTR_CHECK(info, INIC_A_DEV_BUS_NAME)) {
		NL_SET_ERR_MSG(info->extack, "missing attribute bus-name");
		return -EINVAL;
	}
	return inic_genl_reply(info, inic_genl_dev_get_one);
}

int inic_nl_dev_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct inic_genl_dump_ctx *ctx = inic_genl_ctx(cb);
	const struct genl_info *info = genl_info_dump(cb);
	struct inic_genl_dev *gd;
	unsigned long id;
	int err = 0;

	mutex_lock(&inic_genl_lock);
	xa_for_each_start(&inic_genl_devs, id, gd, ctx->dev) {
		if (inic_genl_dev_visible(gd->idev, genl_info_net(info))) {
			err = inic_genl_dev_fill(skb, gd->idev, info);
			if (err)
				break;
		}
		ctx->dev = id + 1;
	}
	mutex_unlock(&inic_genl_lock);
	return inic_genl_dump_ret(skb, err);
}

/* ---- port ---- */

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

	mutex_lock(&inic_genl_lock);
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
	mutex_unlock(&inic_genl_lock);
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
	mutex_lock(&inic_genl_lock);
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
	mutex_unlock(&inic_genl_lock);
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

static bool inic_genl_any_ring(u32 ring, struct net *net)
{
	struct inic_genl_dev *gd;
	unsigned long id;

	xa_for_each(&inic_genl_devs, id, gd)
		if (ring < gd->idev->plan.num_rings &&
		    inic_genl_dev_visible(gd->idev, net))
			return true;
	return false;
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
					   f->port->num_rings)) {
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

static int inic_genl_ring_fill(struct sk_buff *skb, struct inic_port *port,
			       u32 queue, const struct genl_info *info)
{
	struct inic_dev *idev = port->idev;
	u64 tx[INIC_RSTAT__COUNT], rx[INIC_RSTAT__COUNT];
	u32 ring = port->first_ring + queue;
	unsigned long flags;
	void *hdr;

	spin_lock_irqsave(&idev->stats_lock, flags);
	inic_stats_ring_totals(idev->stats, ring, tx, rx);
	spin_unlock_irqrestore(&idev->stats_lock, flags);

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
			 tx[INIC_RSTAT_ERRORS])) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

static bool inic_genl_ring_match(const struct inic_genl_ring_filter *f,
				 const struct inic_port *port, u32 queue)
{
	if (f->port && f->port != port)
		return false;
	if (f->port_index != INIC_CORE_NONE && f->port_index != port->id)
		return false;
	return f->ring == INIC_CORE_NONE || f->ring == port->first_ring + queue;
}

/*
 * Dump order: device, port, queue. The cursor in cb->ctx names the next
 * ring pair to emit, so a dump that fills several skbs resumes where the
 * previous one stopped. A port's counters are read from the device once
 * per skb, when its first ring pair in that skb is emitted.
 */
int inic_nl_ring_stats_get_dumpit(struct sk_buff *skb,
				  struct netlink_callback *cb)
{
	struct inic_genl_dump_ctx *ctx = inic_genl_ctx(cb);
	const struct genl_info *info = genl_info_dump(cb);
	struct net *net = sock_net(skb->sk);
	struct inic_genl_ring_filter f;
	struct inic_port *port;
	bool fresh;
	int err;

	mutex_lock(&inic_genl_lock);
	err = inic_genl_ring_filter(info, &f);
	if (err)
		goto out;
	while ((port = inic_genl_dump_port(ctx, f.idev, net))) {
		fresh = false;
		for (; ctx->queue < port->num_rings; ctx->queue++) {
			if (!inic_genl_ring_match(&f, port, ctx->queue))
				continue;
			if (!fresh) {
				inic_port_read_stats(port);
				fresh = true;
			}
			err = inic_genl_ring_fill(skb, port, ctx->queue, info);
			if (err)
				goto out;
		}
		ctx->queue = 0;
		ctx->port++;
	}
out:
	mutex_unlock(&inic_genl_lock);
	return inic_genl_dump_ret(skb, err);
}

/* ---- VFs (SR-IOV) ---- */

static int inic_genl_vf_fill(struct sk_buff *skb, struct inic_dev *idev,
			     u32 v, const struct genl_info *info)
{
	struct inic_port *port = idev->ports[0];
	struct inic_vf_counters c;
	struct inic_vf_info vi;
	struct pci_dev *vfdev;
	void *hdr;
	u32 rid;
	int err;

	err = inic_sriov_vf_get(idev, v, &vi, &c);
	if (err)
		return err;
	hdr = genlmsg_iput(skb, info);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_string(skb, INIC_A_VF_BUS_NAME, pci_name(idev->pdev)) ||
	    (port && nla_put_u32(skb, INIC_A_VF_IFINDEX,
				 port->netdev->ifindex)) ||
	    nla_put_u32(skb, INIC_A_VF_INDEX, v))
		goto err_cancel;
	rid = (idev->pdev->bus->number << 8) + idev->pdev->devfn +
	      INIC_VF_OFFSET + INIC_VF_STRIDE * v;
	vfdev = pci_get_domain_bus_and_slot(pci_domain_nr(idev->pdev->bus),
					    rid >> 8, rid & 0xff);
	if (vfdev) {
		err = nla_put_string(skb, INIC_A_VF_VF_BUS_NAME,
				     pci_name(vfdev));
		pci_dev_put(vfdev);
		if (err)
			goto err_cancel;
	}
	if (nla_put(skb, INIC_A_VF_MAC, ETH_ALEN, vi.mac) ||
	    nla_put_u32(skb, INIC_A_VF_VLAN, vi.vlan) ||
	    nla_put_u32(skb, INIC_A_VF_QOS, vi.qos) ||
	    nla_put_u32(skb, INIC_A_VF_SPOOFCHK, vi.spoofchk) ||
	    nla_put_u32(skb, INIC_A_VF_TRUST, vi.trusted) ||
	    nla_put_u32(skb, INIC_A_VF_LINK_STATE, vi.link_state) ||
	    nla_put_u32(skb, INIC_A_VF_MAX_TX_RATE, vi.max_rate) ||
	    nla_put_u32(skb, INIC_A_VF_RING_BASE, vi.ring_base) ||
	    nla_put_u32(skb, INIC_A_VF_RING_COUNT, vi.rings) ||
	    nla_put_u32(skb, INIC_A_VF_LINK,
			c.status & INIC_VF_STATUS_LINK ? INIC_LINK_STATE_UP :
							 INIC_LINK_STATE_DOWN) ||
	    nla_put_u32(skb, INIC_A_VF_PROMISC,
			!!(c.status & INIC_VF_STATUS_PROMISC)) ||
	    nla_put_uint(skb, INIC_A_VF_RX_PACKETS,
			 c.stat[INIC_VSTAT_RX_PKTS]) ||
	    nla_put_uint(skb, INIC_A_VF_RX_BYTES, c.stat[INIC_VSTAT_RX_BYTES]) ||
	    nla_put_uint(skb, INIC_A_VF_TX_PACKETS,
			 c.stat[INIC_VSTAT_TX_PKTS]) ||
	    nla_put_uint(skb, INIC_A_VF_TX_BYTES, c.stat[INIC_VSTAT_TX_BYTES]) ||
	    nla_put_uint(skb, INIC_A_VF_RX_DROPS, c.stat[INIC_VSTAT_RX_DROPS]) ||
	    nla_put_uint(skb, INIC_A_VF_TX_DROPS, c.stat[INIC_VSTAT_TX_DROPS]) ||
	    nla_put_uint(skb, INIC_A_VF_SPOOF_DROPS,
			 c.stat[INIC_VSTAT_SPOOF_DROPS]) ||
	    nla_put_uint(skb, INIC_A_VF_TX_LOCAL, c.stat[INIC_VSTAT_TX_LOCAL]) ||
	    nla_put_u32(skb, INIC_A_VF_FLR_COUNT, c.flr_count) ||
	    nla_put_uint(skb, INIC_A_VF_MBOX_REQUESTS, c.mbox_requests) ||
	    nla_put_uint(skb, INIC_A_VF_MBOX_REFUSED, c.mbox_nacks) ||
	    nla_put_u32(skb, INIC_A_VF_MBOX_ERRORS, c.mbox_errors) ||
	    nla_put_u32(skb, INIC_A_VF_PROMISC_REFUSED, c.refused) ||
	    nla_put_uint(skb, INIC_A_VF_MBOX_RATELIMITED, c.mbox_ratelimited) ||
	    nla_put_uint(skb, INIC_A_VF_MBOX_LOST, c.mbox_lost))
		goto err_cancel;
	genlmsg_end(skb, hdr);
	return 0;

err_cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

/* The PF a VF request names: bus-name, or the ifindex of a port. */
static int inic_genl_vf_dev(const struct genl_info *info, bool required,
			    struct inic_dev **idev)
{
	struct inic_port *port;
	int err;

	err = inic_genl_req_dev_port(info, INIC_A_VF_BUS_NAME,
				     INIC_A_VF_IFINDEX, idev, &port);
	if (err)
		return err;
	if (!*idev && required) {
		NL_SET_ERR_MSG(info->extack,
			       "missing attribute bus-name (or ifindex)");
		return -EINVAL;
	}
	/* VFs are port 0's: visible only where its netdev is. */
	if (*idev && !inic_genl_vfs_visible(*idev, genl_info_net(info))) {
		NL_SET_ERR_MSG_ATTR(info->extack,
				    info->attrs[INIC_A_VF_BUS_NAME] ?:
				    info->attrs[INIC_A_VF_IFINDEX],
				    "the device's VFs belong to port 0, which is not in this network namespace");
		*idev = NULL;
		return -ENODEV;
	}
	return 0;
}

static int inic_genl_vf_get_one(struct sk_buff *msg, struct genl_info *info)
{
	struct nlattr *index = info->attrs[INIC_A_VF_INDEX];
	struct inic_dev *idev;
	int err;

	err = inic_genl_vf_dev(info, true, &idev);
	if (err)
		return err;
	err = inic_genl_vf_fill(msg, idev, nla_get_u32(index), info);
	if (err == -ENOENT)
		NL_SET_ERR_MSG_ATTR(info->extack, index,
				    "no such VF enabled on this device");
	return err;
}

int inic_nl_vf_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	if (GENL_REQ_ATTR_CHECK(info, INIC_A_VF_INDEX)) {
		NL_SET_ERR_MSG(info->extack, "missing attribute index");
		return -EINVAL;
	}
	return inic_genl_reply(info, inic_genl_vf_get_one);
}

int inic_nl_vf_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct inic_genl_dump_ctx *ctx = inic_genl_ctx(cb);
	const struct genl_info *info = genl_info_dump(cb);
	struct net *net = sock_net(skb->sk);
	struct inic_genl_dev *gd;
	struct inic_dev *only;
	unsigned long id;
	int err;

	mutex_lock(&inic_genl_lock);
	err = inic_genl_vf_dev(info, false, &only);
	if (err)
		goto out;
	xa_for_each_start(&inic_genl_devs, id, gd, ctx->dev) {
		if (only && gd->idev != only)
			continue;
		/* VFs are port 0's: visible where its netdev is. */
		if (!inic_genl_port(gd->idev, 0, net))
			continue;
		for (; ctx->queue < inic_sriov_num_vfs(gd->idev); ctx->queue++) {
			err = inic_genl_vf_fill(skb, gd->idev, ctx->queue, info);
			if (err == -ENOENT) {
				err = 0;
				break;
			}
			if (err)
				goto out;
		}
		ctx->dev = id + 1;
		ctx->queue = 0;
	}
out:
	mutex_unlock(&inic_genl_lock);
	return inic_genl_dump_ret(skb, err);
}

/* ---- monitor events ---- */

/*
 * Start a monitor event cmd about port for net (its netdev's namespace):
 * the message with the header and the port's attributes written, or NULL
 * when nobody listens there or it cannot be built.
 */
static struct sk_buff *inic_genl_event_start(struct inic_port *port,
					     struct net *net, u8 cmd,
					     void **hdr)
{
	struct net_device *netdev = port->netdev;
	struct sk_buff *msg;

	if (!genl_has_listeners(&inic_nl_family, net, INIC_NLGRP_MONITOR))
		return NULL;
	msg = genlmsg_new(GENLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return NULL;
	*hdr = genlmsg_put(msg, 0, 0, &inic_nl_family, 0, cmd);
	if (!*hdr ||
	    nla_put_string(msg, INIC_A_EVENT_BUS_NAME,
			   pci_name(port->idev->pdev)) ||
	    nla_put_u32(msg, INIC_A_EVENT_PORT_INDEX, port->id) ||
	    nla_put_u32(msg, INIC_A_EVENT_IFINDEX, netdev->ifindex) ||
	    nla_put_string(msg, INIC_A_EVENT_IFNAME, netdev->name)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

/* Send an event inic_genl_event_start() began, once its attributes fit. */
static void inic_genl_event_send(struct net *net, struct sk_buff *msg,
				 void *hdr)
{
	genlmsg_end(msg, hdr);
	genlmsg_multicast_netns(&inic_nl_family, net, msg, 0,
				INIC_NLGRP_MONITOR, GFP_KERNEL);
}

/*
 * A VF changed (enable/disable, policy, FLR, refusals). Called from the
 * PF's sleepable paths (ndo_set_vf_*, sriov_configure, the mailbox work)
 * with their locks held: it takes no lock of this file.
 */
void inic_genl_vf_event(struct inic_dev *idev, u32 vf, u32 event)
{
	struct inic_port *port = idev->ports[0];
	struct sk_buff *msg;
	struct net *net;
	void *hdr;

	if (!port)
		return;
	net = dev_net(port->netdev);
	msg = inic_genl_event_start(port, net, INIC_CMD_VF_STATE_NTF, &hdr);
	if (!msg)
		return;
	if (nla_put_u32(msg, INIC_A_EVENT_VF_INDEX, vf) ||
	    nla_put_u32(msg, INIC_A_EVENT_VF_EVENT, event)) {
		nlmsg_free(msg);
		return;
	}
	inic_genl_event_send(net, msg, hdr);
}

static void inic_genl_link_notify(struct inic_port *port, bool up, u32 events)
{
	struct net *net = dev_net(port->netdev);
	struct sk_buff *msg;
	void *hdr;

	msg = inic_genl_event_start(port, net, INIC_CMD_LINK_CHANGE_NTF, &hdr);
	if (!msg)
		return;
	if (nla_put_u32(msg, INIC_A_EVENT_LINK,
			up ? INIC_LINK_STATE_UP : INIC_LINK_STATE_DOWN) ||
	    nla_put_u32(msg, INIC_A_EVENT_LINK_EVENTS, events)) {
		nlmsg_free(msg);
		return;
	}
	inic_genl_event_send(net, msg, hdr);
}

/*
 * Compare each port's link with what was last notified. A change the
 * device counted (LINK_EVENTS moved) is reported even if the link is back
 * in its old state by now, so a short flap is never silent.
 */
static void inic_genl_link_work(struct work_struct *work)
{
	struct inic_genl_dev *gd = container_of(work, struct inic_genl_dev,
						link_work);
	struct inic_dev *idev = gd->idev;
	struct inic_port *port;
	u32 p, events;
	bool up, was;

	for (p = 0; p < idev->plan.num_ports && p < INIC_MAX_PORTS; p++) {
		port = inic_genl_port(idev, p, NULL);
		if (!port)
			continue;
		up = inic_port_rd(port, INIC_PORT_STATUS) &
		     INIC_PORT_STATUS_LINK;
		events = inic_port_rd(port, INIC_PORT_LINK_EVENTS);
		was = gd->link_up & BIT(p);
		if (up == was && events == gd->link_events[p])
			continue;
		gd->link_events[p] = events;
		if (up)
			gd->link_up |= BIT(p);
		else
			gd->link_up &= ~BIT(p);
		inic_genl_link_notify(port, up, events);
	}
}

void inic_genl_link_changed(struct inic_dev *idev)
{
	struct inic_genl_dev *gd;
	unsigned long id;

	/* Any context: entries are freed after an RCU grace period. */
	rcu_read_lock();
	xa_for_each(&inic_genl_devs, id, gd)
		if (gd->idev == idev) {
			schedule_work(&gd->link_work);
			break;
		}
	rcu_read_unlock();
}

/* ---- device table, module init/exit ---- */

int inic_genl_dev_add(struct inic_dev *idev)
{
	struct inic_genl_dev *gd;
	struct inic_port *port;
	u32 id, p;
	int err;

	gd = kzalloc(sizeof(*gd), GFP_KERNEL);
	if (!gd)
		return -ENOMEM;
	gd->idev = idev;
	INIT_WORK(&gd->link_work, inic_genl_link_work);
	for (p = 0; p < idev->plan.num_ports && p < INIC_MAX_PORTS; p++) {
		port = idev->ports[p];
		if (!port)
			continue;
		if (inic_port_rd(port, INIC_PORT_STATUS) & INIC_PORT_STATUS_LINK)
			gd->link_up |= BIT(p);
		gd->link_events[p] = inic_port_rd(port, INIC_PORT_LINK_EVENTS);
	}

	mutex_lock(&inic_genl_lock);
	err = xa_alloc(&inic_genl_devs, &id, gd, xa_limit_31b, GFP_KERNEL);
	mutex_unlock(&inic_genl_lock);
	if (err)
		kfree(gd);
	return err;
}

void inic_genl_dev_del(struct inic_dev *idev)
{
	struct inic_genl_dev *gd, *found = NULL;
	unsigned long id;

	mutex_lock(&inic_genl_lock);
	xa_for_each(&inic_genl_devs, id, gd)
		if (gd->idev == idev) {
			xa_erase(&inic_genl_devs, id);
			found = gd;
			break;
		}
	mutex_unlock(&inic_genl_lock);
	if (!found)
		return;
	/*
	 * A link interrupt that found the entry before it left the table
	 * may still queue its work: wait for such readers, then for the work.
	 */
	synchronize_rcu();
	cancel_work_sync(&found->link_work);
	kfree(found);
}

int inic_genl_init(void)
{
	return genl_register_family(&inic_nl_family);
}

void inic_genl_exit(void)
{
	genl_unregister_family(&inic_nl_family);
	WARN_ON(!xa_empty(&inic_genl_devs));
}
