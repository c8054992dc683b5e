// SPDX-License-Identifier: GPL-2.0
/*
 * inic SR-IOV, PF side: the VF configuration ops of port 0's netdev
 * (ndo_set_vf_* and ndo_get_vf_*, RTNL held). Each request is checked by
 * the policy (policy/mbox.h), applied to the VF table under the SR-IOV
 * locks and to the device through inic_sriov.c, and notified on netlink.
 */
#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <linux/netdevice.h>

#include "inic.h"
#include "inic_genl.h"
#include "inic_sriov.h"

/* The sriov state of a port netdev, only for port 0 (VFs are port 0's). */
static struct inic_sriov *inic_sriov_of(struct net_device *netdev)
{
	struct inic_port *port = netdev_priv(netdev);

	if (port->id != 0 || !port->idev->sriov)
		return NULL;
	return port->idev->sriov;
}

static int inic_sriov_vf_arg(struct net_device *netdev, int vf,
			     struct inic_sriov **out)
{
	struct inic_sriov *sr = inic_sriov_of(netdev);
	const char *msg = NULL;
	int err;

	if (!sr) {
		netdev_err(netdev, "VFs are administered on port 0's netdev\n");
		return -EOPNOTSUPP;
	}
	err = inic_vf_index_check(vf, READ_ONCE(sr->num_vfs), &msg);
	if (err) {
		netdev_err(netdev, "VF %d: %s (%u enabled)\n", vf, msg,
			   READ_ONCE(sr->num_vfs));
		return err;
	}
	*out = sr;
	return 0;
}

/*
 * The prologue of ndo_set_vf_*: VF vf must exist on this netdev (as
 * inic_sriov_vf_arg()), then the request must pass its policy check:
 * verdict, logged with msg unless msg is NULL.
 */
static int inic_sriov_vf_req(struct net_device *netdev, int vf, int verdict,
			     const char *msg, struct inic_sriov **out)
{
	int err;

	err = inic_sriov_vf_arg(netdev, vf, out);
	if (err)
		return err;
	if (verdict && msg)
		netdev_err(netdev, "VF %d: %s\n", vf, msg);
	return verdict;
}

/* ndo_get_vf_*: the SR-IOV state if VF vf exists on this netdev, or NULL. */
static struct inic_sriov *inic_sriov_vf_peek(struct net_device *netdev, int vf)
{
	struct inic_sriov *sr = inic_sriov_of(netdev);

	if (!sr || inic_vf_index_check(vf, READ_ONCE(sr->num_vfs), NULL))
		return NULL;
	return sr;
}

/* ---- ndo_set_vf_* (RTNL held) ---- */

int inic_ndo_set_vf_mac(struct net_device *netdev, int vf, u8 *mac)
{
	struct inic_sriov *sr;
	const char *msg = NULL;
	int err;

	err = inic_vf_mac_check(mac, &msg);
	err = inic_sriov_vf_req(netdev, vf, err, msg, &sr);
	if (err)
		return err;
	mutex_lock(&sr->lock);
	spin_lock(&sr->state_lock);
	memcpy(sr->vfs[vf].mac, mac, ETH_ALEN);
	sr->vfs[vf].mac_admin = !is_zero_ether_addr(mac);
	spin_unlock(&sr->state_lock);
	inic_vf_write_mac(sr->idev, vf, mac);
	inic_vf_send_mac(sr, vf);
	mutex_unlock(&sr->lock);
	netdev_info(netdev, "VF %d: MAC %pM\n", vf, mac);
	inic_genl_vf_event(sr->idev, vf, INIC_VF_EVENT_MAC);
	return 0;
}

int inic_ndo_set_vf_vlan(struct net_device *netdev, int vf, u16 vlan, u8 qos,
			 __be16 proto)
{
	struct inic_sriov *sr;
	const char *msg = NULL;
	int err;

	err = inic_vf_vlan_check(vlan, qos, proto == htons(ETH_P_8021Q), &msg);
	err = inic_sriov_vf_req(netdev, vf, err, msg, &sr);
	if (err)
		return err;
	mutex_lock(&sr->lock);
	spin_lock(&sr->state_lock);
	sr->vfs[vf].vlan = vlan;
	sr->vfs[vf].qos = vlan ? qos : 0;
	spin_unlock(&sr->state_lock);
	inic_vf_wr(sr->idev, vf, INIC_VF_VLAN, inic_vf_vlan_reg(vlan, qos));
	mutex_unlock(&sr->lock);
	inic_genl_vf_event(sr->idev, vf, INIC_VF_EVENT_VLAN);
	return 0;
}

int inic_ndo_set_vf_rate(struct net_device *netdev, int vf, int min_rate,
			 int max_rate)
{
	struct inic_sriov *sr;
	const char *msg = NULL;
	int err;

	if (min_rate < 0 || max_rate < 0)
		err = -EINVAL;	/* msg NULL: refused without a log line */
	else
		err = inic_vf_rate_check(min_rate, max_rate, &msg);
	err = inic_sriov_vf_req(netdev, vf, err, msg, &sr);
	if (err)
		return err;
	mutex_lock(&sr->lock);
	spin_lock(&sr->state_lock);
	sr->vfs[vf].max_rate = max_rate;
	spin_unlock(&sr->state_lock);
	inic_vf_wr(sr->idev, vf, INIC_VF_RATE, max_rate);
	mutex_unlock(&sr->lock);
	inic_genl_vf_event(sr->idev, vf, INIC_VF_EVENT_RATE);
	return 0;
}

static int inic_set_vf_ctrl(struct net_device *netdev, int vf, int what,
			    u32 val)
{
	struct inic_sriov *sr;
	struct inic_vf_info *vi;
	const char *msg = NULL;
	u32 link;
	int err;

	err = 0;
	if (what == INIC_VF_EVENT_LINK)
		err = inic_vf_link_check(val, &link, &msg);
	err = inic_sriov_vf_req(netdev, vf, err, msg, &sr);
	if (err)
		return err;
	mutex_lock(&sr->lock);
	vi = &sr->vfs[vf];
	spin_lock(&sr->state_lock);
	if (what == INIC_VF_EVENT_SPOOFCHK)
		vi->spoofchk = val;
	else if (what == INIC_VF_EVENT_TRUST)
		vi->trusted = val;
	else
		vi->link_state = link;
	spin_unlock(&sr->state_lock);
	inic_vf_write_ctrl(sr->idev, vf, vi);
	if (what == INIC_VF_EVENT_LINK)
		inic_vf_send_link(sr, vf);
	mutex_unlock(&sr->lock);
	inic_genl_vf_event(sr->idev, vf, what);
	return 0;
}

int inic_ndo_set_vf_spoofchk(struct net_device *netdev, int vf, bool on)
{
	return inic_set_vf_ctrl(netdev, vf, INIC_VF_EVENT_SPOOFCHK, on);
}

int inic_ndo_set_vf_trust(struct net_device *netdev, int vf, bool on)
{
	return inic_set_vf_ctrl(netdev, vf, INIC_VF_EVENT_TRUST, on);
}

int inic_ndo_set_vf_link_state(struct net_device *netdev, int vf, int state)
{
	if (state < 0)
		return -EINVAL;
	return inic_set_vf_ctrl(netdev, vf, INIC_VF_EVENT_LINK, state);
}

/*
 * ndo_get_vf_config and ndo_get_vf_stats run under RTNL for any reader of
 * ip link (no privilege needed): state_lock only, never the mailbox lock.
 */
int inic_ndo_get_vf_config(struct net_device *netdev, int vf,
			   struct ifla_vf_info *ivi)
{
	struct inic_sriov *sr = inic_sriov_vf_peek(netdev, vf);
	struct inic_vf_info *vi;

	if (!sr)
		return -EINVAL;
	spin_lock(&sr->state_lock);
	if (vf >= sr->num_vfs) {	/* disabled meanwhile */
		spin_unlock(&sr->state_lock);
		return -EINVAL;
	}
	vi = &sr->vfs[vf];
	ivi->vf = vf;
	memcpy(ivi->mac, vi->mac, ETH_ALEN);
	ivi->vlan = vi->vlan;
	ivi->qos = vi->qos;
	ivi->vlan_proto = htons(ETH_P_8021Q);
	ivi->max_tx_rate = vi->max_rate;
	ivi->min_tx_rate = 0;
	ivi->spoofchk = vi->spoofchk;
	ivi->linkstate = vi->link_state;
	ivi->trusted = vi->trusted;
	ivi->rss_query_en = 0;
	spin_unlock(&sr->state_lock);
	return 0;
}

int inic_ndo_get_vf_stats(struct net_device *netdev, int vf,
			  struct ifla_vf_stats *st)
{
	struct inic_sriov *sr = inic_sriov_vf_peek(netdev, vf);
	struct inic_vf_counters c;

	if (!sr)
		return -EINVAL;
	inic_vf_read_counters(sr, vf, &c);
	st->rx_packets = c.stat[INIC_VSTAT_RX_PKTS];
	st->rx_bytes = c.stat[INIC_VSTAT_RX_BYTES];
	st->tx_packets = c.stat[INIC_VSTAT_TX_PKTS];
	st->tx_bytes = c.stat[INIC_VSTAT_TX_BYTES];
	st->rx_dropped = c.stat[INIC_VSTAT_RX_DROPS];
	st->tx_dropped = c.stat[INIC_VSTAT_TX_DROPS];
	st->broadcast = 0;
	st->multicast = 0;
	return 0;
}
