// SPDX-License-Identifier: GPL-2.0
/*
 * inic generic netlink: the VNIC object. VNIC_GET (do and dump), VNIC_NEW,
 * VNIC_DEL and VNIC_SET on top of the family core (inic_genl.c); the VNICs
 * themselves are inic_vnic.c's. Writers take RTNL, then inic_genl_lock;
 * the table of VNICs changes only with both held, so readers need the
 * lock only.
 */
#include <linux/etherdevice.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <net/genetlink.h>
#include <net/netlink.h>
#include <net/sock.h>

#include "inic.h"
#include "inic_genl.h"
#include "inic_nl_gen.h"
#include "inic_sriov.h"
#include "inic_vnic.h"

/* A mirror VNIC's source: its kind, and the VNIC's or port's name or VF. */
static int inic_vnic_nl_put_mirror(struct sk_buff *skb, struct inic_vnic *vnic)
{
	const char *name;
	u32 kind;

	if (!vnic->mirror)
		return 0;
	switch (vnic->mirror_kind) {
	case INIC_VNIC_MIR_PF:
		kind = INIC_VNIC_MIRROR_KIND_PORT;
		name = vnic->idev->ports[vnic->mirror_index]->netdev->name;
		break;
	case INIC_VNIC_MIR_VF:
		return nla_put_u32(skb, INIC_A_VNIC_MIRROR_KIND,
				   INIC_VNIC_MIRROR_KIND_VF) ||
		       nla_put_u32(skb, INIC_A_VNIC_MIRROR_VF,
				   vnic->mirror_index);
	default:
		kind = INIC_VNIC_MIRROR_KIND_VNIC;
		name = vnic->mirror_of->vport->netdev->name;
		break;
	}
	return nla_put_u32(skb, INIC_A_VNIC_MIRROR_KIND, kind) ||
	       nla_put_string(skb, INIC_A_VNIC_MIRROR, name);
}

static int inic_vnic_nl_fill(struct sk_buff *skb, struct inic_vnic *vnic,
			     const struct genl_info *info, struct net *net)
{
	static const int attr[INIC_VNSTAT__COUNT] = {
		[INIC_VNSTAT_RX_PKTS] = INIC_A_VNIC_RX_PACKETS,
		[INIC_VNSTAT_RX_BYTES] = INIC_A_VNIC_RX_BYTES,
		[INIC_VNSTAT_TX_PKTS] = INIC_A_VNIC_TX_PACKETS,
		[INIC_VNSTAT_TX_BYTES] = INIC_A_VNIC_TX_BYTES,
		[INIC_VNSTAT_RX_DROPS] = INIC_A_VNIC_RX_DROPS,
		[INIC_VNSTAT_TX_DROPS] = INIC_A_VNIC_TX_DROPS,
		[INIC_VNSTAT_SPOOF_DROPS] = INIC_A_VNIC_SPOOF_DROPS,
		[INIC_VNSTAT_SHAPED] = INIC_A_VNIC_SHAPED,
		[INIC_VNSTAT_MIRROR_DROPS] = INIC_A_VNIC_MIRROR_DROPS,
	};
	struct net_device *netdev = vnic->vport->netdev;
	struct inic_dev *idev = vnic->idev;
	u64 c[INIC_VNSTAT__COUNT];
	void *hdr;
	u32 i;

	hdr = genlmsg_iput(skb, info);
	if (!hdr)
		return -EMSGSIZE;
	inic_vnic_counters(vnic, c);
	if (nla_put_string(skb, INIC_A_VNIC_BUS_NAME, pci_name(idev->pdev)) ||
	    nla_put_u32(skb, INIC_A_VNIC_IFINDEX,
			idev->ports[vnic->phys]->netdev->ifindex) ||
	    nla_put_u32(skb, INIC_A_VNIC_PORT_INDEX, vnic->phys) ||
	    nla_put_string(skb, INIC_A_VNIC_NAME, netdev->name) ||
	    nla_put_u32(skb, INIC_A_VNIC_VNIC_IFINDEX,
			net_eq(dev_net(netdev), net) ? netdev->ifindex : 0) ||
	    nla_put_u32(skb, INIC_A_VNIC_INDEX, vnic->index) ||
	    nla_put(skb, INIC_A_VNIC_MAC, ETH_ALEN, vnic->mac) ||
	    nla_put_u32(skb, INIC_A_VNIC_VLAN, vnic->vlan) ||
	    nla_put_u32(skb, INIC_A_VNIC_RINGS, vnic->rings) ||
	    nla_put_u32(skb, INIC_A_VNIC_FIRST_RING, vnic->first_ring) ||
	    nla_put_u32(skb, INIC_A_VNIC_MAX_TX_RATE, vnic->max_rate) ||
	    inic_vnic_nl_put_mirror(skb, vnic) ||
	    nla_put_u32(skb, INIC_A_VNIC_LINK,
			inic_vnic_link(vnic) ? INIC_LINK_STATE_UP :
					       INIC_LINK_STATE_DOWN))
		goto err_cancel;
	for (i = 0; i < INIC_VNSTAT__COUNT; i++)
		if (nla_put_uint(skb, attr[i], c[i]))
			goto err_cancel;
	genlmsg_end(skb, hdr);
	return 0;

err_cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

/* The device a VNIC request names: bus-name and/or a port's ifindex. */
static int inic_vnic_nl_dev(const struct genl_info *info, bool required,
			    struct inic_dev **idev, struct inic_port **port)
{
	int err;

	err = inic_genl_req_dev_port(info, INIC_A_VNIC_BUS_NAME,
				     INIC_A_VNIC_IFINDEX, idev, port);
	if (err)
		return err;
	if (!*idev && required) {
		NL_SET_ERR_MSG(info->extack,
			       "missing attribute ifindex (or bus-name)");
		return -EINVAL;
	}
	return 0;
}

/* The VNIC a request names (name on the device), visible in net. */
static int inic_vnic_nl_req_vnic(const struct genl_info *info,
				 struct inic_vnic **vnic)
{
	struct nlattr *name = info->attrs[INIC_A_VNIC_NAME];
	struct inic_dev *idev;
	struct inic_port *port;
	int err;

	if (!name) {
		NL_SET_ERR_MSG(info->extack, "missing attribute name");
		return -EINVAL;
	}
	err = inic_vnic_nl_dev(info, true, &idev, &port);
	if (err)
		return err;
	*vnic = inic_vnic_find(idev, nla_data(name));
	if (!*vnic || (port && (*vnic)->phys != port->id) ||
	    !inic_genl_port(idev, (*vnic)->phys, genl_info_net(info))) {
		NL_SET_ERR_MSG_ATTR(info->extack, name,
				    "no VNIC with this name on this device or port");
		return -ENOENT;
	}
	return 0;
}

static int inic_vnic_nl_get_one(struct sk_buff *msg, struct genl_info *info)
{
	struct inic_vnic *vnic;
	int err;

	err = inic_vnic_nl_req_vnic(info, &vnic);
	if (err)
		return err;
	return inic_vnic_nl_fill(msg, vnic, info, genl_info_net(info));
}

int inic_nl_vnic_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	return inic_genl_reply(info, inic_vnic_nl_get_one);
}

int inic_nl_vnic_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct inic_genl_dump_ctx *ctx = inic_genl_ctx(cb);
	const struct genl_info *info = genl_info_dump(cb);
	struct net *net = sock_net(skb->sk);
	struct inic_dev *idev, *only;
	struct inic_port *port;
	struct inic_vnic *vnic;
	unsigned long id;
	int err;

	inic_genl_lock();
	err = inic_vnic_nl_dev(info, false, &only, &port);
	if (err)
		goto out;
	for (id = ctx->dev; (idev = inic_genl_dev_next(&id)); id++) {
		if (only && idev != only)
			continue;
		for (; ctx->queue < INIC_MAX_VNICS; ctx->queue++) {
			vnic = idev->vnics[ctx->queue];
			if (!vnic || (port && vnic->phys != port->id) ||
			    !inic_genl_port(idev, vnic->phys, net))
				continue;
			err = inic_vnic_nl_fill(skb, vnic, info, net);
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
 * The mirror source a VNIC_NEW names on the port it is made on: mirror is
 * that port's own name or a VNIC of the device, mirror-vf a VF of the
 * port (the VFs are port 0's).
 */
static int inic_vnic_nl_mirror(const struct genl_info *info,
			       struct inic_port *port,
			       struct inic_vnic_req *req)
{
	struct nlattr *mirror = info->attrs[INIC_A_VNIC_MIRROR];
	struct nlattr *vf = info->attrs[INIC_A_VNIC_MIRROR_VF];
	struct inic_dev *idev = port->idev;
	struct net_device *nd;
	u32 v, num_vfs;

	if (!mirror && !vf)
		return 0;
	req->mirror = true;
	if (mirror && vf) {
		NL_SET_ERR_MSG_ATTR(info->extack, vf,
				    "give mirror (a VNIC or the port) or mirror-vf, not both");
		return -EINVAL;
	}
	if (vf) {
		v = nla_get_u32(vf);
		if (port->id) {
			NL_SET_ERR_MSG_ATTR(info->extack, vf,
					    "the VFs are port 0's: mirror a VF from port 0's netdev");
			return -EINVAL;
		}
		num_vfs = inic_sriov_num_vfs(idev);
		if (v >= num_vfs) {
			NL_SET_ERR_MSG_ATTR_FMT(info->extack, vf,
						"no VF %u to mirror (%u VFs enabled)",
						v, num_vfs);
			return -ENOENT;
		}
		req->mirror_kind = INIC_VNIC_MIR_VF;
		req->mirror_index = v;
		return 0;
	}
	if (!nla_strcmp(mirror, port->netdev->name)) {
		req->mirror_kind = INIC_VNIC_MIR_PF;
		req->mirror_index = port->id;
		return 0;
	}
	req->mirror_of = inic_vnic_find(idev, nla_data(mirror));
	if (req->mirror_of) {
		req->mirror_kind = INIC_VNIC_MIR_VNIC;
		req->phys = req->mirror_of->phys;
		return 0;
	}
	nd = __dev_get_by_name(genl_info_net(info), nla_data(mirror));
	if (nd && inic_port_of(nd)) {
		NL_SET_ERR_MSG_ATTR(info->extack, mirror,
				    "another port: a port's mirror VNIC is made on that port (dev PORT mirror PORT)");
		return -EINVAL;
	}
	NL_SET_ERR_MSG_ATTR(info->extack, mirror,
			    "no VNIC with this name on the device (nor this port's name) to mirror");
	return -ENOENT;
}

int inic_nl_vnic_new_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *mac = info->attrs[INIC_A_VNIC_MAC];
	struct inic_vnic_req req = {};
	char name[IFNAMSIZ];
	struct inic_port *port;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, INIC_A_VNIC_IFINDEX) ||
	    GENL_REQ_ATTR_CHECK(info, INIC_A_VNIC_NAME))
		return -EINVAL;
	nla_strscpy(name, info->attrs[INIC_A_VNIC_NAME], sizeof(name));
	req.name = name;
	req.mac = mac ? nla_data(mac) : NULL;
	if (info->attrs[INIC_A_VNIC_VLAN])
		req.vlan = nla_get_u32(info->attrs[INIC_A_VNIC_VLAN]);
	if (info->attrs[INIC_A_VNIC_RINGS])
		req.rings = nla_get_u32(info->attrs[INIC_A_VNIC_RINGS]);
	if (info->attrs[INIC_A_VNIC_MAX_TX_RATE])
		req.max_rate = nla_get_u32(info->attrs[INIC_A_VNIC_MAX_TX_RATE]);

	rtnl_lock();
	inic_genl_lock();
	err = inic_genl_req_ifindex(info, INIC_A_VNIC_IFINDEX, &port);
	if (err)
		goto out;
	if (port->idev->is_vf) {
		NL_SET_ERR_MSG_ATTR(info->extack,
				    info->attrs[INIC_A_VNIC_IFINDEX],
				    "VNICs are the PF's: this port is a VF");
		err = -EOPNOTSUPP;
		goto out;
	}
	req.phys = port->id;
	err = inic_vnic_nl_mirror(info, port, &req);
	if (err)
		goto out;
	err = inic_vnic_create(port->idev, &req, info->extack, NULL);
out:
	inic_genl_unlock();
	rtnl_unlock();
	return err;
}

int inic_nl_vnic_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct inic_vnic *vnic;
	int err;

	rtnl_lock();
	inic_genl_lock();
	err = inic_vnic_nl_req_vnic(info, &vnic);
	if (!err && vnic->sf) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[INIC_A_VNIC_NAME],
				    "a devlink subfunction's VNIC: devlink port function set ... state inactive, or devlink port del");
		err = -EBUSY;
	}
	if (!err)
		err = inic_vnic_delete(vnic, info->extack);
	inic_genl_unlock();
	rtnl_unlock();
	return err;
}

int inic_nl_vnic_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *rate = info->attrs[INIC_A_VNIC_MAX_TX_RATE];
	struct inic_vnic *vnic;
	int err;

	if (!rate) {
		NL_SET_ERR_MSG(info->extack, "nothing to change: give max-tx-rate");
		return -EINVAL;
	}
	rtnl_lock();
	inic_genl_lock();
	err = inic_vnic_nl_req_vnic(info, &vnic);
	if (!err)
		err = inic_vnic_set_rate(vnic, nla_get_u32(rate), info->extack);
	inic_genl_unlock();
	rtnl_unlock();
	return err;
}
