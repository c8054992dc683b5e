// SPDX-License-Identifier: GPL-2.0
/*
 * inic generic netlink family, the core: the device table, lookups, the
 * do/dump helpers, the DEV object and the monitor group's events. The
 * attribute policies and the op table are generated from
 * Documentation/netlink/specs/inic.yaml (inic_nl_gen.c); the other
 * objects' handlers live beside their feature (inic_port_nl.c for PORT
 * and RING_STATS, inic_sriov_nl.c for VF, inic_cls_nl.c for RULE,
 * inic_lag_nl.c for LAG and its failover event).
 *
 * Locking: inic_genl_lock() protects the device table and is held by every
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
static DEFINE_MUTEX(inic_genl_mutex);

static_assert(sizeof(struct inic_genl_dump_ctx) <=
	      sizeof_field(struct netlink_callback, ctx));

/* Handlers run under inic_genl_lock(): the device table cannot change. */
void inic_genl_lock(void)
{
	mutex_lock(&inic_genl_mutex);
}

void inic_genl_unlock(void)
{
	mutex_unlock(&inic_genl_mutex);
}

/* ---- lookups (inic_genl_lock held) ---- */

struct inic_port *inic_genl_port(struct inic_dev *idev, u32 p,
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
bool inic_genl_dev_visible(struct inic_dev *idev, struct net *net)
{
	u32 p;

	for (p = 0; p < idev->plan.num_ports; p++)
		if (inic_genl_port(idev, p, net))
			return true;
	return false;
}

/* The device's VFs (port 0's) are visible in net. */
bool inic_genl_vfs_visible(struct inic_dev *idev, struct net *net)
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
int inic_genl_req_dev(const struct genl_info *info, int bus_attr,
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
int inic_genl_req_ifindex(const struct genl_info *info,
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

int inic_genl_req_port_index(const struct genl_info *info,
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
int inic_genl_req_dev_port(const struct genl_info *info, int bus_attr,
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
int inic_genl_reply(struct genl_info *info,
		    int (*fill)(struct sk_buff *msg,
				struct genl_info *info))
{
	struct sk_buff *msg;
	int err;

	msg = genlmsg_new(GENLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;

	mutex_lock(&inic_genl_mutex);
	err = fill(msg, info);
	mutex_unlock(&inic_genl_mutex);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return genlmsg_reply(msg, info);
}

/*
 * The port the dump cursor names, or the next port visible in net (on
 * only, unless NULL) after it, with the cursor moved there; NULL when the
 * dump is past the last port. The caller moves ctx->port on.
 */
struct inic_port *inic_genl_dump_port(struct inic_genl_dump_ctx *ctx,
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

/*
 * The first device in the table at index *id or after it, with *id set to
 * its index; NULL past the last one.
 */
struct inic_dev *inic_genl_dev_next(unsigned long *id)
{
	struct inic_genl_dev *gd;

	gd = xa_find(&inic_genl_devs, id, ULONG_MAX, XA_PRESENT);
	return gd ? gd->idev : NULL;
}

/* Some device visible in net has ring pair ring. */
bool inic_genl_any_ring(u32 ring, struct net *net)
{
	struct inic_genl_dev *gd;
	unsigned long id;

	xa_for_each(&inic_genl_devs, id, gd)
		if (ring < gd->idev->plan.num_rings &&
		    inic_genl_dev_visible(gd->idev, net))
			return true;
	return false;
}

/* ---- device ---- */

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
	    inic_sriov_nl_dev_fill(skb, idev, genl_info_net(info))) {
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

	mutex_lock(&inic_genl_mutex);
	xa_for_each_start(&inic_genl_devs, id, gd, ctx->dev) {
		if (inic_genl_dev_visible(gd->idev, genl_info_net(info))) {
			err = inic_genl_dev_fill(skb, gd->idev, info);
			if (err)
				break;
		}
		ctx->dev = id + 1;
	}
	mutex_unlock(&inic_genl_mutex);
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
	inic_mem_add(INIC_MEM_KMEM, sizeof(*gd));
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

	mutex_lock(&inic_genl_mutex);
	err = xa_alloc(&inic_genl_devs, &id, gd, xa_limit_31b, GFP_KERNEL);
	mutex_unlock(&inic_genl_mutex);
	if (err) {
		inic_mem_sub(INIC_MEM_KMEM, sizeof(*gd));
		kfree(gd);
	}
	return err;
}

void inic_genl_dev_del(struct inic_dev *idev)
{
	struct inic_genl_dev *gd, *found = NULL;
	unsigned long id;

	mutex_lock(&inic_genl_mutex);
	xa_for_each(&inic_genl_devs, id, gd)
		if (gd->idev == idev) {
			xa_erase(&inic_genl_devs, id);
			found = gd;
			break;
		}
	mutex_unlock(&inic_genl_mutex);
	if (!found)
		return;
	/*
	 * A link interrupt that found the entry before it left the table
	 * may still queue its work: wait for such readers, then for the work.
	 */
	synchronize_rcu();
	cancel_work_sync(&found->link_work);
	inic_mem_sub(INIC_MEM_KMEM, sizeof(*found));
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
