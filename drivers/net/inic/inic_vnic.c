// SPDX-License-Identifier: GPL-2.0
/*
 * inic: VNICs. A VNIC is an entry of the device's VNIC table (a MAC and
 * VLAN in the embedded switch, a ring group, a shaper and counters) and a
 * vport: a netdev whose private part is a struct inic_port with vnic set,
 * served by the same ring pair, NAPI, TX and RX code as the ports
 * (inic_txrx.c). Its ring pairs (and their vectors, 1 + ring) come from
 * the PF's pool (policy/pool), the rings the ports do not use.
 *
 * Create and delete run under RTNL; the misc interrupt reads the table
 * under vnic_lock to make carriers follow the port's link.
 */
#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <linux/io-64-nonatomic-lo-hi.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <net/netdev_queues.h>

#include "inic.h"
#include "inic_cls.h"
#include "inic_vnic.h"

static void __iomem *inic_vnic_regs(struct inic_vnic *vnic)
{
	return vnic->idev->hw + INIC_VNIC_BASE(vnic->index);
}

static u32 inic_vnic_rd(struct inic_vnic *vnic, u32 reg)
{
	return readl(inic_vnic_regs(vnic) + reg);
}

static void inic_vnic_wr(struct inic_vnic *vnic, u32 reg, u32 val)
{
	writel(val, inic_vnic_regs(vnic) + reg);
}

bool inic_vnic_link(struct inic_vnic *vnic)
{
	return inic_rd(vnic->idev, INIC_PORT_BASE(vnic->phys) +
			INIC_PORT_STATUS) & INIC_PORT_STATUS_LINK;
}

static void inic_vnic_update_carrier(struct inic_vnic *vnic)
{
	if (inic_vnic_link(vnic))
		netif_carrier_on(vnic->vport->netdev);
	else
		netif_carrier_off(vnic->vport->netdev);
}

void inic_vnic_link_changed(struct inic_dev *idev)
{
	unsigned long flags;
	u32 n;

	spin_lock_irqsave(&idev->vnic_lock, flags);
	for (n = 0; n < INIC_MAX_VNICS; n++)
		if (idev->vnics[n])
			inic_vnic_update_carrier(idev->vnics[n]);
	spin_unlock_irqrestore(&idev->vnic_lock, flags);
}

/* Why the device refused ENABLE, as an errno and an extack. */
static int inic_vnic_refusal(struct inic_vnic *vnic, u32 status,
			     struct netlink_ext_ack *extack)
{
	u32 why = (status & INIC_VNIC_STATUS_REFUSED_MASK) >>
		  INIC_VNIC_STATUS_REFUSED_SHIFT;

	switch (why) {
	case INIC_VNIC_REF_PORT:
		NL_SET_ERR_MSG(extack, "the device has no such port");
		return -EINVAL;
	case INIC_VNIC_REF_RINGS:
		NL_SET_ERR_MSG(extack, "the device refused the VNIC's ring group");
		return -ENOSPC;
	case INIC_VNIC_REF_OVERLAP:
		NL_SET_ERR_MSG(extack, "a ring of the group belongs to another VNIC");
		return -EBUSY;
	case INIC_VNIC_REF_MAC:
		NL_SET_ERR_MSG(extack, "invalid MAC: zero or multicast");
		return -EADDRNOTAVAIL;
	case INIC_VNIC_REF_DUP_MAC:
		NL_SET_ERR_MSG(extack,
			       "the MAC is in use on this port (the port, a VF or a VNIC in the VLAN)");
		return -EADDRINUSE;
	case INIC_VNIC_REF_MIRROR:
		NL_SET_ERR_MSG(extack, "the device refused the mirror source");
		return -EINVAL;
	default:
		NL_SET_ERR_MSG_FMT(extack, "the device refused the VNIC (status %#x)",
				   status);
		return -EIO;
	}
}

/*
 * The token bucket's depth for a limit: 50 ms at the rate, at least the
 * device's default (64 KiB). A bucket of one default burst empties in
 * 21 ms at 25 Mbit/s: a transmit engine that runs late (a loaded host)
 * would lose the tokens it could not use and fall below the limit.
 */
static u32 inic_vnic_burst(u32 mbit)
{
	return max_t(u64, 65536, (u64)mbit * 6250);
}

/*
 * Program the VNIC's table entry from scratch and enable it. Configuration
 * registers can only change while ENABLE is clear: disable first.
 */
static int inic_vnic_hw_enable(struct inic_vnic *vnic,
			       netdev_features_t features, u32 mtu,
			       struct netlink_ext_ack *extack)
{
	struct inic_dev *idev = vnic->idev;
	u32 ctrl = INIC_VNIC_CTRL_ENABLE, lo, hi, status;

	inic_vnic_wr(vnic, INIC_VNIC_CTRL, 0);
	inic_mac_to_regs(vnic->mac, &lo, &hi);
	inic_vnic_wr(vnic, INIC_VNIC_PORT, vnic->phys);
	inic_vnic_wr(vnic, INIC_VNIC_MAC_LO, lo);
	inic_vnic_wr(vnic, INIC_VNIC_MAC_HI, hi);
	inic_vnic_wr(vnic, INIC_VNIC_VLAN, vnic->vlan);
	inic_vnic_wr(vnic, INIC_VNIC_RING_BASE, vnic->first_ring);
	inic_vnic_wr(vnic, INIC_VNIC_RING_COUNT, vnic->rings);
	inic_vnic_wr(vnic, INIC_VNIC_RATE, vnic->max_rate);
	inic_vnic_wr(vnic, INIC_VNIC_BURST, inic_vnic_burst(vnic->max_rate));
	inic_vnic_wr(vnic, INIC_VNIC_MIRROR, vnic->mirror ?
		     INIC_VNIC_MIR(vnic->mirror_kind, vnic->mirror_index) : 0);
	inic_vnic_wr(vnic, INIC_VNIC_OFFLOAD, inic_port_offloads(idev, features));
	inic_vnic_wr(vnic, INIC_VNIC_MTU, mtu);
	inic_vnic_wr(vnic, INIC_VNIC_RSS_CTRL,
		     idev->caps & INIC_CAP_RSS ? inic_rss_ctrl_value() : 0);
	if (vnic->mirror)
		ctrl |= INIC_VNIC_CTRL_MIRROR;
	inic_vnic_wr(vnic, INIC_VNIC_CTRL, ctrl);
	status = inic_vnic_rd(vnic, INIC_VNIC_STATUS);
	if (status & INIC_VNIC_STATUS_ENABLED)
		return 0;
	return inic_vnic_refusal(vnic, status, extack);
}

static void inic_vnic_hw_disable(struct inic_vnic *vnic)
{
	inic_vnic_wr(vnic, INIC_VNIC_CTRL, 0);
	inic_vnic_rd(vnic, INIC_VNIC_STATUS);	/* flush */
}

void inic_vnic_counters(struct inic_vnic *vnic, u64 *out)
{
	u32 s;

	for (s = 0; s < INIC_VNSTAT__COUNT; s++)
		out[s] = readq(inic_vnic_regs(vnic) + INIC_VNIC_STAT(s)) -
			 vnic->stat_base[s];
}

/* ---- net_device_ops ---- */

int inic_vnic_open(struct net_device *netdev)
{
	struct inic_port *vp = netdev_priv(netdev);
	int err;
	u32 q;

	for (q = 0; q < vp->active; q++) {
		err = inic_pair_open(&vp->pairs[q]);
		if (err)
			goto err_close;
	}
	inic_port_write_itr(vp);
	vp->running = true;
	inic_vnic_update_carrier(vp->vnic);
	netif_tx_wake_all_queues(netdev);
	inic_xdp_port_up(vp);	/* XDP hook: ndo_xdp_xmit may post */
	return 0;

err_close:
	while (q--)
		inic_pair_close(&vp->pairs[q]);
	return err;
}

int inic_vnic_stop(struct net_device *netdev)
{
	struct inic_port *vp = netdev_priv(netdev);
	u32 q;

	inic_xdp_port_down(vp);	/* XDP hook: no ndo_xdp_xmit in flight */
	vp->running = false;
	for (q = 0; q < vp->num_rings; q++)
		inic_pair_quiesce(&vp->pairs[q]);
	netif_tx_disable(netdev);
	for (q = 0; q < vp->num_rings; q++)
		inic_pair_close(&vp->pairs[q]);
	return 0;
}

/*
 * Program the entry again with new settings (the device takes changes
 * only while the VNIC is disabled): the rings stop meanwhile.
 */
static int inic_vnic_reprogram(struct inic_port *vp,
			       netdev_features_t features, u32 mtu)
{
	struct net_device *netdev = vp->netdev;
	bool running = netif_running(netdev);
	int err;

	if (running)
		inic_vnic_stop(netdev);
	err = inic_vnic_hw_enable(vp->vnic, features, mtu, NULL);
	if (err)
		netdev_err(netdev, "the device refused the VNIC's new settings: %d\n",
			   err);
	if (running && inic_vnic_open(netdev))
		netdev_err(netdev, "cannot restart the VNIC\n");
	return err;
}

static int inic_vnic_change_mtu(struct net_device *netdev, int new_mtu)
{
	struct inic_port *vp = netdev_priv(netdev);
	int err;

	err = inic_mtu_check(new_mtu);
	if (err)
		return err;
	err = inic_xdp_check_mtu(vp, new_mtu);
	if (err)
		return err;
	err = inic_vnic_reprogram(vp, netdev->features, new_mtu);
	if (err) {
		inic_vnic_reprogram(vp, netdev->features, netdev->mtu);
		return err;
	}
	WRITE_ONCE(netdev->mtu, new_mtu);
	return 0;
}

static int inic_vnic_set_mac(struct net_device *netdev, void *p)
{
	struct inic_port *vp = netdev_priv(netdev);
	struct inic_vnic *vnic = vp->vnic;
	struct sockaddr *sa = p;
	u8 old[ETH_ALEN];
	int err;

	if (!is_valid_ether_addr(sa->sa_data))
		return -EADDRNOTAVAIL;
	if (vnic->mirror)
		return -EOPNOTSUPP;
	ether_addr_copy(old, vnic->mac);
	ether_addr_copy(vnic->mac, sa->sa_data);
	err = inic_vnic_reprogram(vp, netdev->features, netdev->mtu);
	if (err) {
		ether_addr_copy(vnic->mac, old);
		inic_vnic_reprogram(vp, netdev->features, netdev->mtu);
		return err;
	}
	eth_hw_addr_set(netdev, sa->sa_data);
	return 0;
}

static netdev_features_t inic_vnic_fix_features(struct net_device *netdev,
						netdev_features_t features)
{
	if (!(features & NETIF_F_HW_CSUM))
		features &= ~(NETIF_F_TSO | NETIF_F_TSO6);
	return inic_xdp_fix_features(netdev_priv(netdev), features);
}

static int inic_vnic_set_features(struct net_device *netdev,
				  netdev_features_t features)
{
	return inic_vnic_reprogram(netdev_priv(netdev), features, netdev->mtu);
}

/* The VNIC's receive filter is its MAC in the device: nothing to do. */
static void inic_vnic_set_rx_mode(struct net_device *netdev)
{
}

static void inic_vnic_get_stats64(struct net_device *netdev,
				  struct rtnl_link_stats64 *stats)
{
	struct inic_port *vp = netdev_priv(netdev);
	u64 tx[INIC_RSTAT__COUNT], rx[INIC_RSTAT__COUNT];
	u32 q;

	for (q = 0; q < vp->num_rings; q++) {
		inic_port_ring_view(vp, q, tx, rx);
		stats->rx_packets += rx[INIC_RSTAT_PKTS];
		stats->rx_bytes += rx[INIC_RSTAT_BYTES];
		stats->rx_dropped += rx[INIC_RSTAT_DROP_NODESC];
		stats->rx_missed_errors += rx[INIC_RSTAT_DROP_FILTER];
		stats->rx_errors += rx[INIC_RSTAT_ERRORS] +
				    rx[INIC_RSTAT_CSUM_ERR];
		stats->rx_crc_errors += rx[INIC_RSTAT_CSUM_ERR];
		stats->tx_packets += tx[INIC_RSTAT_PKTS];
		stats->tx_bytes += tx[INIC_RSTAT_BYTES];
		stats->tx_errors += tx[INIC_RSTAT_ERRORS];
		stats->tx_dropped += READ_ONCE(vp->pairs[q].tx_dropped);
		stats->rx_dropped += READ_ONCE(vp->pairs[q].rx_alloc_fail);
	}
}

static void inic_vnic_tx_timeout(struct net_device *netdev,
				 unsigned int txqueue)
{
	struct inic_port *vp = netdev_priv(netdev);

	netdev_err(netdev, "TX queue %u timed out\n", txqueue);
	if (txqueue < vp->active)
		inic_pair_dump(&vp->pairs[txqueue]);
}

static const struct net_device_ops inic_vnic_netdev_ops = {
	.ndo_open		= inic_vnic_open,
	.ndo_stop		= inic_vnic_stop,
	.ndo_start_xmit		= inic_start_xmit,
	.ndo_set_rx_mode	= inic_vnic_set_rx_mode,
	.ndo_set_mac_address	= inic_vnic_set_mac,
	.ndo_validate_addr	= eth_validate_addr,
	.ndo_change_mtu		= inic_vnic_change_mtu,
	.ndo_get_stats64	= inic_vnic_get_stats64,
	.ndo_tx_timeout		= inic_vnic_tx_timeout,
	.ndo_fix_features	= inic_vnic_fix_features,
	.ndo_set_features	= inic_vnic_set_features,
	.ndo_bpf		= inic_xdp_bpf,
	.ndo_xdp_xmit		= inic_xdp_xmit,
};

/* ---- per-queue statistics: each ring's view since the VNIC began ---- */

static void inic_vnic_queue_stats_rx(struct net_device *netdev, int idx,
				     struct netdev_queue_stats_rx *s)
{
	u64 tx[INIC_RSTAT__COUNT], rx[INIC_RSTAT__COUNT];

	inic_port_ring_view(netdev_priv(netdev), idx, tx, rx);
	inic_fill_qstats_rx(s, rx);
}

static void inic_vnic_queue_stats_tx(struct net_device *netdev, int idx,
				     struct netdev_queue_stats_tx *s)
{
	u64 tx[INIC_RSTAT__COUNT], rx[INIC_RSTAT__COUNT];

	inic_port_ring_view(netdev_priv(netdev), idx, tx, rx);
	inic_fill_qstats_tx(s, tx);
}

static void inic_vnic_base_stats(struct net_device *netdev,
				 struct netdev_queue_stats_rx *rxs,
				 struct netdev_queue_stats_tx *txs)
{
	u64 zero[INIC_RSTAT__COUNT] = {};

	/* Its rings are all active, always: nothing outside them. */
	inic_fill_qstats_rx(rxs, zero);
	inic_fill_qstats_tx(txs, zero);
}

static const struct netdev_stat_ops inic_vnic_stat_ops = {
	.get_queue_stats_rx	= inic_vnic_queue_stats_rx,
	.get_queue_stats_tx	= inic_vnic_queue_stats_tx,
	.get_base_stats		= inic_vnic_base_stats,
};

/* ---- ethtool ---- */

static const char inic_vnic_stat_names[INIC_VNSTAT__COUNT][ETH_GSTRING_LEN] = {
	[INIC_VNSTAT_RX_PKTS] = "vnic_rx_packets",
	[INIC_VNSTAT_RX_BYTES] = "vnic_rx_bytes",
	[INIC_VNSTAT_TX_PKTS] = "vnic_tx_packets",
	[INIC_VNSTAT_TX_BYTES] = "vnic_tx_bytes",
	[INIC_VNSTAT_RX_DROPS] = "vnic_rx_drops",
	[INIC_VNSTAT_TX_DROPS] = "vnic_tx_drops",
	[INIC_VNSTAT_SPOOF_DROPS] = "vnic_spoof_drops",
	[INIC_VNSTAT_SHAPED] = "vnic_shaped",
	[INIC_VNSTAT_MIRROR_DROPS] = "vnic_mirror_drops",
};

#define INIC_VNIC_RING_STATS	4	/* rx packets, bytes; tx packets, bytes */

static void inic_vnic_get_drvinfo(struct net_device *netdev,
				  struct ethtool_drvinfo *info)
{
	struct inic_port *vp = netdev_priv(netdev);
	struct inic_dev *idev = vp->idev;

	strscpy(info->driver, INIC_DRV_NAME, sizeof(info->driver));
	snprintf(info->fw_version, sizeof(info->fw_version), "abi %u.%u",
		 idev->version >> 16, idev->version & 0xffff);
	strscpy(info->bus_info, pci_name(idev->pdev), sizeof(info->bus_info));
}

static void inic_vnic_get_ringparam(struct net_device *netdev,
				    struct ethtool_ringparam *ring,
				    struct kernel_ethtool_ringparam *kring,
				    struct netlink_ext_ack *extack)
{
	struct inic_port *vp = netdev_priv(netdev);

	ring->rx_max_pending = INIC_RING_MAX;
	ring->tx_max_pending = INIC_RING_MAX;
	ring->rx_pending = vp->rx_ring_size;
	ring->tx_pending = vp->tx_ring_size;
}

static void inic_vnic_get_channels(struct net_device *netdev,
				   struct ethtool_channels *ch)
{
	struct inic_port *vp = netdev_priv(netdev);

	ch->max_combined = vp->num_rings;
	ch->combined_count = vp->active;
}

static int inic_vnic_get_sset_count(struct net_device *netdev, int sset)
{
	struct inic_port *vp = netdev_priv(netdev);

	if (sset != ETH_SS_STATS)
		return -EOPNOTSUPP;
	return INIC_VNSTAT__COUNT + INIC_VNIC_RING_STATS * vp->num_rings +
	       inic_xdp_sset_count(vp);
}

static void inic_vnic_get_strings(struct net_device *netdev, u32 sset,
				  u8 *data)
{
	struct inic_port *vp = netdev_priv(netdev);
	u32 s, q;

	if (sset != ETH_SS_STATS)
		return;
	for (s = 0; s < INIC_VNSTAT__COUNT; s++)
		ethtool_puts(&data, inic_vnic_stat_names[s]);
	for (q = 0; q < vp->num_rings; q++) {
		ethtool_sprintf(&data, "rx%u_packets", q);
		ethtool_sprintf(&data, "rx%u_bytes", q);
		ethtool_sprintf(&data, "tx%u_packets", q);
		ethtool_sprintf(&data, "tx%u_bytes", q);
	}
	inic_xdp_get_strings(vp, &data);
}

static void inic_vnic_get_ethtool_stats(struct net_device *netdev,
					struct ethtool_stats *stats, u64 *data)
{
	struct inic_port *vp = netdev_priv(netdev);
	u64 tx[INIC_RSTAT__COUNT], rx[INIC_RSTAT__COUNT];
	u32 q;

	inic_vnic_counters(vp->vnic, data);
	data += INIC_VNSTAT__COUNT;
	for (q = 0; q < vp->num_rings; q++) {
		inic_port_ring_view(vp, q, tx, rx);
		*data++ = rx[INIC_RSTAT_PKTS];
		*data++ = rx[INIC_RSTAT_BYTES];
		*data++ = tx[INIC_RSTAT_PKTS];
		*data++ = tx[INIC_RSTAT_BYTES];
	}
	inic_xdp_get_stats(vp, &data);
}

static const struct ethtool_ops inic_vnic_ethtool_ops = {
	.get_drvinfo		= inic_vnic_get_drvinfo,
	.get_link		= ethtool_op_get_link,
	.get_ringparam		= inic_vnic_get_ringparam,
	.get_channels		= inic_vnic_get_channels,
	.get_sset_count		= inic_vnic_get_sset_count,
	.get_strings		= inic_vnic_get_strings,
	.get_ethtool_stats	= inic_vnic_get_ethtool_stats,
};

/* ---- create and delete ---- */

struct inic_vnic *inic_vnic_find(struct inic_dev *idev, const char *name)
{
	u32 n;

	for (n = 0; n < INIC_MAX_VNICS; n++)
		if (idev->vnics[n] &&
		    !strcmp(idev->vnics[n]->vport->netdev->name, name))
			return idev->vnics[n];
	return NULL;
}

u32 inic_vnic_count(struct inic_dev *idev)
{
	u32 n, count = 0;

	for (n = 0; n < INIC_MAX_VNICS; n++)
		count += !!idev->vnics[n];
	return count;
}

/* Another VNIC of the port has mac in an overlapping VLAN. */
static bool inic_vnic_mac_taken(struct inic_dev *idev, u32 phys,
				const u8 *mac, u16 vlan)
{
	struct inic_vnic *o;
	u32 n;

	if (ether_addr_equal(mac, idev->ports[phys]->netdev->dev_addr))
		return true;
	for (n = 0; n < INIC_MAX_VNICS; n++) {
		o = idev->vnics[n];
		if (o && !o->mirror && o->phys == phys &&
		    ether_addr_equal(o->mac, mac) &&
		    (!o->vlan || !vlan || o->vlan == vlan))
			return true;
	}
	return false;
}

static int inic_vnic_check(struct inic_dev *idev,
			   const struct inic_vnic_req *req,
			   struct net *net, struct netlink_ext_ack *extack)
{
	if (!(idev->caps & INIC_CAP_VNIC) || idev->is_vf) {
		NL_SET_ERR_MSG(extack, "the device has no VNICs (ABI 1.8 PF)");
		return -EOPNOTSUPP;
	}
	if (req->phys >= idev->plan.num_ports || !idev->ports[req->phys]) {
		NL_SET_ERR_MSG(extack, "the device has no such port");
		return -EINVAL;
	}
	if (!req->name || !dev_valid_name(req->name) ||
	    strchr(req->name, '%')) {
		NL_SET_ERR_MSG(extack,
			       "bad VNIC name: 1 to 15 characters, no '/', ':', '%' or white space");
		return -EINVAL;
	}
	if (__dev_get_by_name(net, req->name) ||
	    inic_vnic_find(idev, req->name)) {
		NL_SET_ERR_MSG(extack, "a netdev with this name exists");
		return -EEXIST;
	}
	if (req->rings > INIC_VNIC_MAX_RINGS) {
		NL_SET_ERR_MSG_FMT(extack, "a VNIC has 1 to %u ring pairs",
				   INIC_VNIC_MAX_RINGS);
		return -EINVAL;
	}
	if (req->vlan >= VLAN_N_VID - 1) {
		NL_SET_ERR_MSG(extack, "VLAN ID out of range (1..4094)");
		return -EINVAL;
	}
	if (req->mirror) {
		if (req->mirror_kind == INIC_VNIC_MIR_VNIC &&
		    (!req->mirror_of || req->mirror_of->mirror)) {
			NL_SET_ERR_MSG(extack, "a mirror VNIC cannot be mirrored");
			return -EINVAL;
		}
		if (req->mirror_kind == INIC_VNIC_MIR_VNIC &&
		    req->mirror_of->leaving) {
			NL_SET_ERR_MSG(extack,
				       "the mirror source is being deactivated");
			return -EBUSY;
		}
		if (req->mirror_kind == INIC_VNIC_MIR_PF &&
		    req->mirror_index != req->phys) {
			NL_SET_ERR_MSG(extack,
				       "a port's mirror VNIC is made on that port");
			return -EINVAL;
		}
		if (req->mirror_kind == INIC_VNIC_MIR_VF &&
		    (req->phys || req->mirror_index >= INIC_MAX_VFS)) {
			NL_SET_ERR_MSG(extack,
				       "the VFs are port 0's: mirror a VF from port 0");
			return -EINVAL;
		}
		if (req->mac || req->vlan || req->max_rate) {
			NL_SET_ERR_MSG(extack,
				       "a mirror VNIC has no MAC, VLAN or bandwidth of its own");
			return -EINVAL;
		}
		return 0;
	}
	if (req->mac && !is_valid_ether_addr(req->mac)) {
		NL_SET_ERR_MSG(extack, "invalid MAC: zero or multicast");
		return -EADDRNOTAVAIL;
	}
	if (req->mac && inic_vnic_mac_taken(idev, req->phys, req->mac,
					    req->vlan)) {
		NL_SET_ERR_MSG(extack,
			       "the MAC is in use on this port (the port or a VNIC in the VLAN)");
		return -EADDRINUSE;
	}
	return 0;
}

static struct net_device *inic_vnic_alloc_netdev(struct inic_vnic *vnic,
						 const char *name,
						 struct devlink_port *dl_port,
						 struct device *parent)
{
	struct inic_dev *idev = vnic->idev;
	struct net_device *netdev;
	struct inic_port *vp;
	u32 q;

	netdev = alloc_etherdev_mqs(sizeof(*vp), vnic->rings, vnic->rings);
	if (!netdev)
		return NULL;
	vp = netdev_priv(netdev);
	vp->pairs = kcalloc(vnic->rings, sizeof(*vp->pairs), GFP_KERNEL);
	if (!vp->pairs) {
		free_netdev(netdev);
		return NULL;
	}
	inic_mem_add(INIC_MEM_NETDEV, 0);
	inic_mem_add(INIC_MEM_KMEM, vnic->rings * sizeof(*vp->pairs));
	strscpy(netdev->name, name, IFNAMSIZ);
	/*
	 * No PCI parent: a VNIC is not one of the PF's ports (tools that
	 * find the ports by their PCI device must not count it); ethtool -i
	 * gives its bus. A devlink subfunction's VNIC has its auxiliary
	 * device (inic.sf.N) for parent.
	 */
	if (parent)
		SET_NETDEV_DEV(netdev, parent);
	dev_net_set(netdev, dev_net(idev->ports[vnic->phys]->netdev));
	vp->idev = idev;
	vp->netdev = netdev;
	vp->id = vnic->phys;
	vp->vnic = vnic;
	vp->first_ring = vnic->first_ring;
	vp->num_rings = vnic->rings;
	vp->active = vnic->rings;
	vp->tx_ring_size = INIC_TX_RING_SIZE;
	vp->rx_ring_size = INIC_RX_RING_SIZE;
	spin_lock_init(&vp->ctrl_lock);
	netdev->netdev_ops = &inic_vnic_netdev_ops;
	netdev->stat_ops = &inic_vnic_stat_ops;
	netdev->ethtool_ops = &inic_vnic_ethtool_ops;
	netdev->min_mtu = INIC_MIN_MTU;
	netdev->max_mtu = INIC_MAX_MTU;
	inic_port_set_features(vp);
	netdev->priv_flags |= IFF_LIVE_ADDR_CHANGE;
	eth_hw_addr_set(netdev, vnic->mac);
	if (dl_port)
		SET_NETDEV_DEVLINK_PORT(netdev, dl_port);
	for (q = 0; q < vnic->rings; q++)
		inic_pair_init(vp, &vp->pairs[q], q);
	inic_xdp_port_init(vp);
	netif_carrier_off(netdev);
	vnic->vport = vp;
	return netdev;
}

static void inic_vnic_free_netdev(struct inic_vnic *vnic)
{
	struct inic_port *vp = vnic->vport;
	u32 q;

	for (q = 0; q < vp->num_rings; q++)
		inic_pair_fini(&vp->pairs[q]);
	inic_mem_sub(INIC_MEM_KMEM, vp->num_rings * sizeof(*vp->pairs));
	kfree(vp->pairs);
	vp->pairs = NULL;
	inic_mem_sub(INIC_MEM_NETDEV, 0);
	free_netdev(vp->netdev);
}

int inic_vnic_create(struct inic_dev *idev, const struct inic_vnic_req *req,
		     struct netlink_ext_ack *extack, struct inic_vnic **out)
{
	struct net *net = dev_net(idev->ports[0]->netdev);
	u64 tx[INIC_RSTAT__COUNT], rx[INIC_RSTAT__COUNT];
	struct net_device *netdev;
	struct inic_vnic *vnic;
	unsigned long flags;
	u32 n, q, first;
	int err;

	ASSERT_RTNL();
	if (req->phys < idev->plan.num_ports && idev->ports[req->phys])
		net = dev_net(idev->ports[req->phys]->netdev);
	err = inic_vnic_check(idev, req, net, extack);
	if (err)
		return err;
	for (n = 0; n < INIC_MAX_VNICS && idev->vnics[n]; n++)
		;
	if (n == INIC_MAX_VNICS) {
		NL_SET_ERR_MSG_FMT(extack, "the device's %u VNICs are in use",
				   INIC_MAX_VNICS);
		return -ENOSPC;
	}
	vnic = kzalloc(sizeof(*vnic), GFP_KERNEL);
	if (!vnic)
		return -ENOMEM;
	inic_mem_add(INIC_MEM_KMEM, sizeof(*vnic));
	vnic->idev = idev;
	vnic->index = n;
	vnic->phys = req->phys;
	vnic->vlan = req->vlan;
	vnic->rings = req->rings ?: 1;
	vnic->max_rate = req->max_rate;
	vnic->mirror = req->mirror;
	vnic->mirror_kind = req->mirror_kind;
	vnic->mirror_index = req->mirror_kind == INIC_VNIC_MIR_VNIC ?
			     req->mirror_of->index : req->mirror_index;
	vnic->mirror_of = req->mirror_kind == INIC_VNIC_MIR_VNIC ?
			  req->mirror_of : NULL;
	vnic->sf = req->sf;
	if (req->mac)
		ether_addr_copy(vnic->mac, req->mac);
	else
		do {
			eth_random_addr(vnic->mac);
		} while (inic_vnic_mac_taken(idev, vnic->phys, vnic->mac,
					     vnic->vlan));

	err = inic_pool_alloc(&idev->pool, INIC_POOL_VNIC, n, vnic->rings,
			      &first);
	if (err) {
		NL_SET_ERR_MSG_FMT(extack, "no %u contiguous ring pairs left for a VNIC (%u free)",
				   vnic->rings,
				   inic_pool_available(&idev->pool,
						       INIC_POOL_VNIC));
		err = -ENOSPC;
		goto err_free;
	}
	vnic->first_ring = first;

	netdev = inic_vnic_alloc_netdev(vnic, req->name, req->dl_port,
					req->parent);
	if (!netdev) {
		err = -ENOMEM;
		goto err_pool;
	}
	err = inic_vnic_hw_enable(vnic, netdev->features, netdev->mtu, extack);
	if (err)
		goto err_netdev;
	/* The rings' counters and the entry's count from here (reused). */
	for (q = 0; q < vnic->rings; q++) {
		inic_port_ring_view(vnic->vport, q, tx, rx);
		spin_lock_irqsave(&idev->stats_lock, flags);
		inic_stats_ring_restart(idev->stats, first + q);
		spin_unlock_irqrestore(&idev->stats_lock, flags);
	}
	memset(vnic->stat_base, 0, sizeof(vnic->stat_base));
	inic_vnic_counters(vnic, vnic->stat_base);

	err = register_netdevice(netdev);
	if (err) {
		NL_SET_ERR_MSG_FMT(extack, "cannot register the VNIC's netdev: %d",
				   err);
		goto err_hw;
	}
	if (vnic->mirror_of)
		vnic->mirror_of->mirrors++;
	spin_lock_irqsave(&idev->vnic_lock, flags);
	idev->vnics[n] = vnic;
	inic_vnic_update_carrier(vnic);
	spin_unlock_irqrestore(&idev->vnic_lock, flags);
	netdev_info(netdev, "VNIC %u on port %u: MAC %pM VLAN %u, rings %u-%u%s\n",
		    n, vnic->phys, vnic->mac, vnic->vlan, first,
		    first + vnic->rings - 1, vnic->mirror ? ", mirror" : "");
	if (out)
		*out = vnic;
	return 0;

err_hw:
	inic_vnic_hw_disable(vnic);
err_netdev:
	inic_vnic_free_netdev(vnic);
err_pool:
	inic_pool_release(&idev->pool, INIC_POOL_VNIC, n);
err_free:
	inic_mem_sub(INIC_MEM_KMEM, sizeof(*vnic));
	kfree(vnic);
	return err;
}

bool inic_vnic_netdev(const struct net_device *dev)
{
	return dev->netdev_ops == &inic_vnic_netdev_ops;
}

int inic_vnic_cls_target(struct inic_dev *idev, const struct net_device *dev,
			 u32 phys, bool steer, const char **why)
{
	unsigned long flags;
	int ret = -ENODEV;
	u32 n;

	*why = "mirred to an inic netdev that is no port, VF or VNIC of this device";
	spin_lock_irqsave(&idev->vnic_lock, flags);
	for (n = 0; n < INIC_MAX_VNICS; n++) {
		struct inic_vnic *v = idev->vnics[n];

		if (!v || v->vport->netdev != dev)
			continue;
		if (v->leaving) {
			*why = "mirred to a VNIC that is being removed";
			ret = -EBUSY;
		} else if (v->phys != phys) {
			*why = "mirred to a VNIC of another port: only its own port's";
			ret = -EOPNOTSUPP;
		} else if (steer && v->mirror) {
			*why = "redirect to a mirror VNIC: it only takes copies";
			ret = -EOPNOTSUPP;
		} else {
			ret = n;
		}
		break;
	}
	spin_unlock_irqrestore(&idev->vnic_lock, flags);
	return ret;
}

int inic_vnic_delete(struct inic_vnic *vnic, struct netlink_ext_ack *extack)
{
	struct inic_dev *idev = vnic->idev;
	unsigned long flags;

	ASSERT_RTNL();
	if (vnic->mirrors) {
		NL_SET_ERR_MSG_FMT(extack, "%u mirror VNIC(s) copy this VNIC: delete them first",
				   vnic->mirrors);
		return -EBUSY;
	}
	spin_lock_irqsave(&idev->vnic_lock, flags);
	idev->vnics[vnic->index] = NULL;
	spin_unlock_irqrestore(&idev->vnic_lock, flags);
	/* Closes it: rings off, NAPI off, no more ndo calls. */
	unregister_netdevice(vnic->vport->netdev);
	inic_vnic_hw_disable(vnic);
	/* before the entry can be reused: no rule may reach its next VNIC */
	inic_cls_vnic_gone(idev, vnic->index);
	if (vnic->mirror_of)
		vnic->mirror_of->mirrors--;
	inic_pool_release(&idev->pool, INIC_POOL_VNIC, vnic->index);
	inic_vnic_free_netdev(vnic);
	inic_mem_sub(INIC_MEM_KMEM, sizeof(*vnic));
	kfree(vnic);
	return 0;
}

int inic_vnic_set_rate(struct inic_vnic *vnic, u32 mbps,
		       struct netlink_ext_ack *extack)
{
	ASSERT_RTNL();
	if (vnic->mirror) {
		NL_SET_ERR_MSG(extack, "a mirror VNIC does not transmit");
		return -EINVAL;
	}
	vnic->max_rate = mbps;
	/* any time; the depth first: the bucket never outgrows the rate */
	inic_vnic_wr(vnic, INIC_VNIC_BURST, inic_vnic_burst(mbps));
	inic_vnic_wr(vnic, INIC_VNIC_RATE, mbps);
	return 0;
}

void inic_vnic_init(struct inic_dev *idev)
{
	spin_lock_init(&idev->vnic_lock);
}

/*
 * Remove: every VNIC goes: mirrors first (only inictl makes them), then
 * those of devlink SF ports (with their ports, under the devlink lock,
 * which comes before RTNL), then the rest.
 */
void inic_vnic_fini(struct inic_dev *idev)
{
	u32 n;

	rtnl_lock();
	for (n = 0; n < INIC_MAX_VNICS; n++)
		if (idev->vnics[n] && idev->vnics[n]->mirror)
			inic_vnic_delete(idev->vnics[n], NULL);
	rtnl_unlock();
	inic_devlink_sf_fini(idev);
	rtnl_lock();
	for (n = 0; n < INIC_MAX_VNICS; n++)
		if (idev->vnics[n])
			inic_vnic_delete(idev->vnics[n], NULL);
	rtnl_unlock();
}
