// SPDX-License-Identifier: GPL-2.0
/*
 * inic generic netlink: the SR-IOV objects. VF_GET (do and dump), VF_SET
 * and the SR-IOV attributes of the device object, on top of the family
 * core in inic_genl.c (lookups, locking, dump cursor). The VF table itself
 * is in inic_sriov.c; VF_SET's attributes go to their feature (lag:
 * inic_lag_nl.c).
 */
#include <linux/etherdevice.h>
#include <linux/io-64-nonatomic-lo-hi.h>
#include <linux/pci.h>
#include <linux/rtnetlink.h>
#include <net/genetlink.h>
#include <net/netlink.h>
#include <net/sock.h>

#include "inic.h"
#include "inic_genl.h"
#include "inic_nl_gen.h"
#include "inic_sriov.h"

/* The SR-IOV attributes of a DEV_GET reply (PF, VFs visible in net). */
int inic_sriov_nl_dev_fill(struct sk_buff *skb, struct inic_dev *idev,
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
	struct inic_dev *idev, *only;
	unsigned long id;
	int err;

	inic_genl_lock();
	err = inic_genl_vf_dev(info, false, &only);
	if (err)
		goto out;
	for (id = ctx->dev; (idev = inic_genl_dev_next(&id)); id++) {
		if (only && idev != only)
			continue;
		/* VFs are port 0's: visible where its netdev is. */
		if (!inic_genl_port(idev, 0, net))
			continue;
		for (; ctx->queue < inic_sriov_num_vfs(idev); ctx->queue++) {
			err = inic_genl_vf_fill(skb, idev, ctx->queue, info);
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
	inic_genl_unlock();
	return inic_genl_dump_ret(skb, err);
}

/*
 * Change a VF: today its place in the link aggregation group (lag). The
 * VF must be enabled. A writer: RTNL, then inic_genl_lock.
 */
int inic_nl_vf_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *index = info->attrs[INIC_A_VF_INDEX];
	struct nlattr *lag = info->attrs[INIC_A_VF_LAG];
	struct inic_dev *idev;
	u32 v;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, INIC_A_VF_INDEX)) {
		NL_SET_ERR_MSG(info->extack, "missing attribute index");
		return -EINVAL;
	}
	if (!lag) {
		NL_SET_ERR_MSG_ATTR(info->extack, index,
				    "nothing to change: give lag");
		return -EINVAL;
	}

	rtnl_lock();
	inic_genl_lock();
	err = inic_genl_vf_dev(info, true, &idev);
	if (err)
		goto out;
	v = nla_get_u32(index);
	if (!idev->sriov || v >= inic_sriov_num_vfs(idev)) {
		NL_SET_ERR_MSG_ATTR(info->extack, index,
				    "no such VF enabled on this device");
		err = -ENOENT;
		goto out;
	}
	err = inic_lag_nl_vf_set(idev, v, lag, info->extack);
	if (!err)
		inic_genl_vf_event(idev, v, INIC_VF_EVENT_LAG);
out:
	inic_genl_unlock();
	rtnl_unlock();
	return err;
}
