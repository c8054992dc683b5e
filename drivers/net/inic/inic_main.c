// SPDX-License-Identifier: GPL-2.0
/*
 * inic: driver for the inic PCI Express NIC (QEMU device model).
 *
 * PCI probe/remove, one netdev per port, MSI-X, misc (link/error)
 * interrupt and the netdev operations. The data path is in inic_txrx.c;
 * decisions (resource plan, validation, counter totals) are made by the
 * C++ core behind inic_core.h.
 */
#include <linux/etherdevice.h>
#include <linux/interrupt.h>
#include <linux/io-64-nonatomic-lo-hi.h>
#include <linux/iopoll.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/pci.h>
#include <net/netdev_queues.h>

#include "inic.h"
#include "inic_genl.h"
#include "inic_sriov.h"

static_assert(INIC_E_NODEV == ENODEV);
static_assert(INIC_E_INVAL == EINVAL);
static_assert(INIC_E_RANGE == ERANGE);
static_assert(INIC_E_NOSPC == ENOSPC);
static_assert(INIC_E_ADDRNOTAVAIL == EADDRNOTAVAIL);
static_assert(INIC_RX_HASH_NONE == PKT_HASH_TYPE_NONE);
static_assert(INIC_RX_HASH_L3 == PKT_HASH_TYPE_L3);
static_assert(INIC_RX_HASH_L4 == PKT_HASH_TYPE_L4);

/* ---- Device ---- */

static int inic_hw_reset(struct inic_dev *idev)
{
	u32 val;
	int err;

	inic_wr(idev, INIC_REG_CTRL, INIC_CTRL_RESET);
	err = readl_poll_timeout(idev->hw + INIC_REG_CTRL, val,
				 !(val & INIC_CTRL_RESET), 10,
				 INIC_RESET_TIMEOUT_US);
	if (err)
		dev_err(&idev->pdev->dev, "device reset timed out\n");
	return err;
}

static void inic_port_update_link(struct inic_port *port)
{
	u32 status = inic_port_rd(port, INIC_PORT_STATUS);

	if (status & INIC_PORT_STATUS_LINK)
		netif_carrier_on(port->netdev);
	else
		netif_carrier_off(port->netdev);
}

static irqreturn_t inic_misc_irq(int irq, void *data)
{
	struct inic_dev *idev = data;
	u32 cause, p;

	cause = inic_rd(idev, INIC_REG_MISC_CAUSE);
	if (!cause)
		return IRQ_NONE;
	/* Clear first: a change after this point raises a new interrupt. */
	inic_wr(idev, INIC_REG_MISC_CAUSE, cause);

	if (cause & INIC_MISC_LINK) {
		for (p = 0; p < idev->plan.num_ports; p++)
			if (idev->ports[p] && idev->ports[p]->registered)
				inic_port_update_link(idev->ports[p]);
		inic_genl_link_changed(idev);
	}
	if (cause & INIC_MISC_MBOX) {
		if (idev->is_vf)
			inic_vf_mbox_irq(idev);
		else
			inic_sriov_mbox_irq(idev);
	}
	if (cause & INIC_MISC_ERROR)
		dev_warn_ratelimited(&idev->pdev->dev,
				     "device error: code %u info %#x (total %u)\n",
				     inic_rd(idev, INIC_REG_ERR_LAST),
				     inic_rd(idev, INIC_REG_ERR_INFO),
				     inic_rd(idev, INIC_REG_ERR_TOTAL));
	return IRQ_HANDLED;
}

/* ---- Port ---- */

static void inic_port_write_mac(struct inic_port *port, const u8 *mac)
{
	u32 lo, hi;

	inic_mac_to_regs(mac, &lo, &hi);
	inic_port_wr(port, INIC_PORT_MAC_LO, lo);
	inic_port_wr(port, INIC_PORT_MAC_HI, hi);
}

/* PORT_CTRL: enables and the filter modes; caller holds ctrl_lock. */
static void inic_port_write_ctrl_locked(struct inic_port *port)
{
	u32 ctrl = port->rxf.ctrl;

	if (port->running)
		ctrl |= INIC_PORT_CTRL_RX_EN | INIC_PORT_CTRL_TX_EN;
	inic_port_wr(port, INIC_PORT_CTRL, ctrl);
}

static void inic_port_write_ctrl(struct inic_port *port)
{
	unsigned long flags;

	spin_lock_irqsave(&port->ctrl_lock, flags);
	inic_port_write_ctrl_locked(port);
	spin_unlock_irqrestore(&port->ctrl_lock, flags);
}

/* Fold ring pair q's device counters into the core's totals. */
static void inic_port_read_ring_locked(struct inic_port *port, u32 q)
{
	struct inic_dev *idev = port->idev;
	void __iomem *base = idev->hw + INIC_RING_BASE(port->first_ring + q);
	u64 tx[INIC_RSTAT__COUNT], rx[INIC_RSTAT__COUNT];
	u32 i;

	for (i = 0; i < INIC_RSTAT__COUNT; i++) {
		tx[i] = readq(base + INIC_RING_TX_STATS + 8 * i);
		rx[i] = readq(base + INIC_RING_RX_STATS + 8 * i);
	}
	inic_stats_update_ring(idev->stats, port->first_ring + q, tx, rx);
}

void inic_port_read_ring_stats(struct inic_port *port, u32 q)
{
	unsigned long flags;

	spin_lock_irqsave(&port->idev->stats_lock, flags);
	inic_port_read_ring_locked(port, q);
	spin_unlock_irqrestore(&port->idev->stats_lock, flags);
}

/*
 * Read every ring pair of the port, active or not: inactive rings' counters
 * are part of the port's totals (through the base).
 */
void inic_port_read_stats(struct inic_port *port)
{
	unsigned long flags;
	u32 q;

	spin_lock_irqsave(&port->idev->stats_lock, flags);
	for (q = 0; q < port->num_rings; q++)
		inic_port_read_ring_locked(port, q);
	spin_unlock_irqrestore(&port->idev->stats_lock, flags);
}

/* RSS key, indirection table (active channels only) and RSS_CTRL. */
void inic_port_write_rss(struct inic_port *port)
{
	void __iomem *tbl = port->idev->hw + INIC_PTBL_BASE(port->id);
	u32 key[INIC_RSS_KEY_REGS], reta[INIC_RSS_RETA_REGS];
	u32 i;

	if (!(port->idev->caps & INIC_CAP_RSS))
		return;
	inic_bytes_to_regs(port->rss_key, INIC_RSS_KEY_SIZE, key);
	inic_rss_reta_regs(port->rss_indir, port->first_ring, reta);
	for (i = 0; i < INIC_RSS_KEY_REGS; i++)
		writel(key[i], tbl + INIC_PTBL_RSS_KEY(i));
	for (i = 0; i < INIC_RSS_RETA_REGS; i++)
		writel(reta[i], tbl + INIC_PTBL_RSS_RETA(i));
	inic_port_wr(port, INIC_PORT_RSS_CTRL, inic_rss_ctrl_value());
}

/* Interrupt moderation of every active ring pair. */
void inic_port_write_itr(struct inic_port *port)
{
	u32 q;

	if (!(port->idev->caps & INIC_CAP_ITR))
		return;
	for (q = 0; q < port->active; q++) {
		struct inic_pair *pair = &port->pairs[q];

		writel(port->rx_usecs, pair->rx.regs + INIC_RR_ITR_USECS);
		writel(port->rx_frames, pair->rx.regs + INIC_RR_ITR_PKTS);
		writel(port->tx_usecs, pair->tx.regs + INIC_RR_ITR_USECS);
		writel(port->tx_frames, pair->tx.regs + INIC_RR_ITR_PKTS);
	}
}

static u32 inic_features_to_offloads(netdev_features_t f)
{
	u32 want = 0;

	if (f & NETIF_F_HW_CSUM)
		want |= INIC_OFF_TX_CSUM;
	if (f & NETIF_F_RXCSUM)
		want |= INIC_OFF_RX_CSUM;
	if (f & (NETIF_F_TSO | NETIF_F_TSO6))
		want |= INIC_OFF_TSO;
	if (f & NETIF_F_HW_VLAN_CTAG_TX)
		want |= INIC_OFF_VLAN_TX;
	if (f & NETIF_F_HW_VLAN_CTAG_RX)
		want |= INIC_OFF_VLAN_RX;
	return want;
}

static void inic_port_write_offload(struct inic_port *port,
				    netdev_features_t features)
{
	inic_port_wr(port, INIC_PORT_OFFLOAD,
		     inic_offload_reg(inic_features_to_offloads(features),
				      port->idev->caps));
}

/* Start the port's hardware and its active ring pairs. */
static int inic_port_up(struct inic_port *port)
{
	struct net_device *netdev = port->netdev;
	int err;
	u32 q;

	inic_port_wr(port, INIC_PORT_RX_RING, port->first_ring);
	inic_port_wr(port, INIC_PORT_MTU, netdev->mtu);
	inic_port_write_mac(port, netdev->dev_addr);
	inic_port_write_offload(port, netdev->features);
	inic_port_write_rss(port);

	for (q = 0; q < port->active; q++) {
		err = inic_pair_open(&port->pairs[q]);
		if (err)
			goto err_close;
	}
	inic_port_write_itr(port);

	port->running = true;
	inic_port_write_ctrl(port);
	inic_port_update_link(port);
	/* Wake, not start: after a reconfiguration the qdisc holds frames. */
	netif_tx_wake_all_queues(netdev);
	return 0;

err_close:
	while (q--)
		inic_pair_close(&port->pairs[q]);
	return err;
}

static void inic_port_down(struct inic_port *port)
{
	u32 q;

	port->running = false;
	inic_port_write_ctrl(port);
	/* NAPI first: a TX completion could wake a queue stopped below. */
	for (q = 0; q < port->num_rings; q++)
		inic_pair_quiesce(&port->pairs[q]);
	netif_tx_disable(port->netdev);
	for (q = 0; q < port->num_rings; q++)
		inic_pair_close(&port->pairs[q]);
}

static int inic_open(struct net_device *netdev)
{
	return inic_port_up(netdev_priv(netdev));
}

static int inic_stop(struct net_device *netdev)
{
	inic_port_down(netdev_priv(netdev));
	return 0;
}

static int inic_port_set_active(struct inic_port *port, u32 active)
{
	struct inic_dev *idev = port->idev;
	unsigned long flags;
	int err;

	if (active == port->active)
		return 0;
	err = netif_set_real_num_tx_queues(port->netdev, active);
	if (err)
		return err;
	err = netif_set_real_num_rx_queues(port->netdev, active);
	if (err) {
		netif_set_real_num_tx_queues(port->netdev, port->active);
		return err;
	}
	/* Rings that join start their views from 0; removed ones go to base. */
	inic_port_read_stats(port);
	spin_lock_irqsave(&idev->stats_lock, flags);
	inic_stats_channels_changed(idev->stats, port->first_ring,
				    port->num_rings, port->active, active);
	port->active = active;
	spin_unlock_irqrestore(&idev->stats_lock, flags);
	if (!netif_is_rxfh_configured(port->netdev))
		inic_rss_indir_default(port->rss_indir, INIC_RSS_RETA_SIZE,
				       active);
	return 0;
}

/*
 * Change channels and ring sizes (under RTNL): a running port is stopped,
 * changed and started again; if it cannot start with the new settings it
 * is started with the old ones.
 */
int inic_port_reconfigure(struct inic_port *port, u32 active, u32 tx_size,
			  u32 rx_size)
{
	u32 old_active = port->active, old_tx = port->tx_ring_size;
	u32 old_rx = port->rx_ring_size;
	bool running = netif_running(port->netdev);
	int err;

	if (active == old_active && tx_size == old_tx && rx_size == old_rx)
		return 0;
	if (running)
		inic_port_down(port);
	err = inic_port_set_active(port, active);
	if (err)
		goto out_up;
	port->tx_ring_size = tx_size;
	port->rx_ring_size = rx_size;
	if (!running)
		return 0;
	err = inic_port_up(port);
	if (!err)
		return 0;
	netdev_err(port->netdev, "cannot start with %u channels, ring sizes %u/%u: %d; restoring\n",
		   active, tx_size, rx_size, err);
	port->tx_ring_size = old_tx;
	port->rx_ring_size = old_rx;
	inic_port_set_active(port, old_active);
out_up:
	if (running && inic_port_up(port))
		netdev_err(port->netdev, "cannot restart the port\n");
	return err;
}

/* Must not sleep: called under the netdev's address list lock. */
static void inic_set_rx_mode(struct net_device *netdev)
{
	struct inic_port *port = netdev_priv(netdev);
	void __iomem *tbl = port->idev->hw + INIC_PTBL_BASE(port->id);
	struct inic_rx_filter *f = &port->rxf;
	struct netdev_hw_addr *ha;
	unsigned long flags;
	u32 i;

	spin_lock_irqsave(&port->ctrl_lock, flags);
	inic_rxf_begin(f, netdev->flags & IFF_PROMISC,
		       netdev->flags & IFF_ALLMULTI);
	if (port->idev->caps & INIC_CAP_RX_FILTER) {
		netdev_for_each_uc_addr(ha, netdev)
			inic_rxf_add_uc(f, ha->addr);
		netdev_for_each_mc_addr(ha, netdev)
			inic_rxf_add_mc(f, ha->addr);
		for (i = 0; i < INIC_UC_FILTERS; i++) {
			writel(f->uc_lo[i], tbl + INIC_PTBL_UC_LO(i));
			writel(f->uc_hi[i], tbl + INIC_PTBL_UC_HI(i));
		}
		for (i = 0; i < INIC_MC_HASH_REGS; i++)
			writel(f->mc_hash[i], tbl + INIC_PTBL_MC_HASH(i));
	} else {
		/* A 1.0 device: no tables, multicast always accepted. */
		f->ctrl &= ~INIC_PORT_CTRL_MC_FILTER;
		if (!netdev_uc_empty(netdev))
			f->ctrl |= INIC_PORT_CTRL_PROMISC;
	}
	inic_port_write_ctrl_locked(port);
	spin_unlock_irqrestore(&port->ctrl_lock, flags);
}

static netdev_features_t inic_fix_features(struct net_device *netdev,
					   netdev_features_t features)
{
	/* The device segments TCP only with its checksum offload on. */
	if (!(features & NETIF_F_HW_CSUM))
		features &= ~(NETIF_F_TSO | NETIF_F_TSO6);
	return features;
}

static int inic_set_features(struct net_device *netdev,
			     netdev_features_t features)
{
	inic_port_write_offload(netdev_priv(netdev), features);
	return 0;
}

static int inic_set_mac_address(struct net_device *netdev, void *p)
{
	struct inic_port *port = netdev_priv(netdev);
	struct sockaddr *sa = p;

	if (port->idev->is_vf) {
		netdev_err(netdev, "a VF's MAC is set by the PF (ip link set PF vf N mac ...)\n");
		return -EPERM;
	}
	if (!inic_mac_valid((const u8 *)sa->sa_data))
		return -EADDRNOTAVAIL;
	eth_hw_addr_set(netdev, sa->sa_data);
	inic_port_write_mac(port, netdev->dev_addr);
	return 0;
}

static int inic_change_mtu(struct net_device *netdev, int new_mtu)
{
	struct inic_port *port = netdev_priv(netdev);
	int err;

	err = inic_mtu_check(new_mtu);
	if (err)
		return err;
	if (port->idev->is_vf) {
		err = inic_vf_set_mtu(port->idev, new_mtu);
		if (err) {
			netdev_err(netdev, "the PF refused MTU %d: %d\n",
				   new_mtu, err);
			return err;
		}
	}
	inic_port_wr(port, INIC_PORT_MTU, new_mtu);
	WRITE_ONCE(netdev->mtu, new_mtu);
	return 0;
}

static void inic_get_stats64(struct net_device *netdev,
			     struct rtnl_link_stats64 *stats)
{
	struct inic_port *port = netdev_priv(netdev);
	struct inic_dev *idev = port->idev;
	struct inic_port_totals t;
	unsigned long flags;
	u32 q;

	inic_port_read_stats(port);
	spin_lock_irqsave(&idev->stats_lock, flags);
	inic_stats_port_totals(idev->stats, port->first_ring, port->num_rings,
			       &t);
	spin_unlock_irqrestore(&idev->stats_lock, flags);

	stats->rx_packets = t.rx_packets;
	stats->rx_bytes = t.rx_bytes;
	stats->tx_packets = t.tx_packets;
	stats->tx_bytes = t.tx_bytes;
	stats->rx_dropped = t.rx_dropped;
	stats->rx_missed_errors = t.rx_missed;
	stats->rx_errors = t.rx_errors;
	stats->rx_crc_errors = t.rx_crc_errors;
	stats->tx_errors = t.tx_errors;
	for (q = 0; q < port->num_rings; q++) {
		stats->tx_dropped += READ_ONCE(port->pairs[q].tx_dropped);
		stats->rx_dropped += READ_ONCE(port->pairs[q].rx_alloc_fail);
	}
}

static void inic_tx_timeout(struct net_device *netdev, unsigned int txqueue)
{
	struct inic_port *port = netdev_priv(netdev);

	netdev_err(netdev, "TX queue %u timed out\n", txqueue);
	if (txqueue < port->active)
		inic_pair_dump(&port->pairs[txqueue]);
}

static int inic_get_phys_port_name(struct net_device *netdev, char *name,
				   size_t len)
{
	struct inic_port *port = netdev_priv(netdev);

	if (snprintf(name, len, "p%u", port->id) >= len)
		return -EINVAL;
	return 0;
}

static const struct net_device_ops inic_netdev_ops = {
	.ndo_open		= inic_open,
	.ndo_stop		= inic_stop,
	.ndo_start_xmit		= inic_start_xmit,
	.ndo_set_rx_mode	= inic_set_rx_mode,
	.ndo_set_mac_address	= inic_set_mac_address,
	.ndo_validate_addr	= eth_validate_addr,
	.ndo_change_mtu		= inic_change_mtu,
	.ndo_get_stats64	= inic_get_stats64,
	.ndo_tx_timeout		= inic_tx_timeout,
	.ndo_get_phys_port_name	= inic_get_phys_port_name,
	.ndo_set_vf_mac		= inic_ndo_set_vf_mac,
	.ndo_set_vf_vlan	= inic_ndo_set_vf_vlan,
	.ndo_set_vf_rate	= inic_ndo_set_vf_rate,
	.ndo_set_vf_spoofchk	= inic_ndo_set_vf_spoofchk,
	.ndo_set_vf_trust	= inic_ndo_set_vf_trust,
	.ndo_set_vf_link_state	= inic_ndo_set_vf_link_state,
	.ndo_get_vf_config	= inic_ndo_get_vf_config,
	.ndo_get_vf_stats	= inic_ndo_get_vf_stats,
	.ndo_fix_features	= inic_fix_features,
	.ndo_set_features	= inic_set_features,
};

/* ---- Per-queue statistics (netdev netlink qstats) ---- */

static void inic_fill_qstats_rx(struct netdev_queue_stats_rx *s,
				const u64 *rx)
{
	s->packets = rx[INIC_RSTAT_PKTS];
	s->bytes = rx[INIC_RSTAT_BYTES];
	s->hw_drops = rx[INIC_RSTAT_DROP_NODESC] +
		      rx[INIC_RSTAT_DROP_FILTER] + rx[INIC_RSTAT_ERRORS];
	s->csum_bad = rx[INIC_RSTAT_CSUM_ERR];
}

static void inic_fill_qstats_tx(struct netdev_queue_stats_tx *s,
				const u64 *tx)
{
	s->packets = tx[INIC_RSTAT_PKTS];
	s->bytes = tx[INIC_RSTAT_BYTES];
	s->hw_drops = tx[INIC_RSTAT_ERRORS];
	s->hw_drop_errors = tx[INIC_RSTAT_ERRORS];
}

static void inic_ring_view(struct inic_port *port, u32 q, u64 *tx, u64 *rx)
{
	struct inic_dev *idev = port->idev;
	unsigned long flags;

	spin_lock_irqsave(&idev->stats_lock, flags);
	inic_port_read_ring_locked(port, q);
	inic_stats_ring_view(idev->stats, port->first_ring + q, tx, rx);
	spin_unlock_irqrestore(&idev->stats_lock, flags);
}

static void inic_get_queue_stats_rx(struct net_device *netdev, int idx,
				    struct netdev_queue_stats_rx *s)
{
	u64 tx[INIC_RSTAT__COUNT], rx[INIC_RSTAT__COUNT];

	inic_ring_view(netdev_priv(netdev), idx, tx, rx);
	inic_fill_qstats_rx(s, rx);
}

static void inic_get_queue_stats_tx(struct net_device *netdev, int idx,
				    struct netdev_queue_stats_tx *s)
{
	u64 tx[INIC_RSTAT__COUNT], rx[INIC_RSTAT__COUNT];

	inic_ring_view(netdev_priv(netdev), idx, tx, rx);
	inic_fill_qstats_tx(s, tx);
}

void inic_port_base_stats(struct inic_port *port, u64 *tx, u64 *rx)
{
	struct inic_dev *idev = port->idev;
	unsigned long flags;

	inic_port_read_stats(port);
	spin_lock_irqsave(&idev->stats_lock, flags);
	inic_stats_port_base(idev->stats, port->first_ring, port->num_rings,
			     port->active, tx, rx);
	spin_unlock_irqrestore(&idev->stats_lock, flags);
}

static void inic_get_base_stats(struct net_device *netdev,
				struct netdev_queue_stats_rx *rxs,
				struct netdev_queue_stats_tx *txs)
{
	u64 tx[INIC_RSTAT__COUNT], rx[INIC_RSTAT__COUNT];

	inic_port_base_stats(netdev_priv(netdev), tx, rx);
	inic_fill_qstats_rx(rxs, rx);
	inic_fill_qstats_tx(txs, tx);
}

static const struct netdev_stat_ops inic_stat_ops = {
	.get_queue_stats_rx	= inic_get_queue_stats_rx,
	.get_queue_stats_tx	= inic_get_queue_stats_tx,
	.get_base_stats		= inic_get_base_stats,
};

/* What the device can offload, all on by default. */
static void inic_port_set_features(struct inic_port *port)
{
	struct net_device *netdev = port->netdev;
	u32 caps = port->idev->caps;
	netdev_features_t hw = NETIF_F_SG;

	if (caps & INIC_CAP_TX_CSUM) {
		hw |= NETIF_F_HW_CSUM;
		if (caps & INIC_CAP_TSO)
			hw |= NETIF_F_TSO | NETIF_F_TSO6;
	}
	if (caps & INIC_CAP_RX_CSUM)
		hw |= NETIF_F_RXCSUM;
	if (caps & INIC_CAP_RSS)
		hw |= NETIF_F_RXHASH;
	if (caps & INIC_CAP_VLAN)
		hw |= NETIF_F_HW_VLAN_CTAG_TX | NETIF_F_HW_VLAN_CTAG_RX;
	netdev->hw_features = hw;
	netdev->features = hw | NETIF_F_HIGHDMA;
	netdev->vlan_features = (hw & (NETIF_F_SG | NETIF_F_HW_CSUM |
				       NETIF_F_TSO | NETIF_F_TSO6)) |
				NETIF_F_HIGHDMA;
	netif_set_tso_max_size(netdev, INIC_TX_MAX_BYTES);
	netif_set_tso_max_segs(netdev, INIC_TSO_MAX_SEGS);
}

static int inic_port_create(struct inic_dev *idev, u32 id)
{
	u32 rpp = idev->plan.rings_per_port;
	struct net_device *netdev;
	struct inic_port *port;
	u8 mac[ETH_ALEN];
	u32 q;

	netdev = alloc_etherdev_mqs(sizeof(*port), rpp, rpp);
	if (!netdev)
		return -ENOMEM;
	SET_NETDEV_DEV(netdev, &idev->pdev->dev);
	port = netdev_priv(netdev);
	port->idev = idev;
	port->netdev = netdev;
	port->id = id;
	port->regs = idev->hw + INIC_PORT_BASE(id);
	port->first_ring = inic_plan_port_first_ring(&idev->plan, id);
	port->num_rings = rpp;
	port->active = rpp;
	port->tx_ring_size = INIC_TX_RING_SIZE;
	port->rx_ring_size = INIC_RX_RING_SIZE;
	spin_lock_init(&port->ctrl_lock);
	inic_rxf_begin(&port->rxf, false, false);
	netdev_rss_key_fill(port->rss_key, sizeof(port->rss_key));
	inic_rss_indir_default(port->rss_indir, INIC_RSS_RETA_SIZE, rpp);

	port->pairs = kcalloc(rpp, sizeof(*port->pairs), GFP_KERNEL);
	if (!port->pairs) {
		free_netdev(netdev);
		return -ENOMEM;
	}

	netdev->netdev_ops = &inic_netdev_ops;
	netdev->stat_ops = &inic_stat_ops;
	inic_set_ethtool_ops(netdev);
	netdev->min_mtu = INIC_MIN_MTU;
	netdev->max_mtu = INIC_MAX_MTU;
	netdev->dev_port = id;
	inic_port_set_features(port);
	netdev->priv_flags |= IFF_LIVE_ADDR_CHANGE | IFF_UNICAST_FLT;

	inic_mac_from_regs(inic_port_rd(port, INIC_PORT_PERM_MAC_LO),
			   inic_port_rd(port, INIC_PORT_PERM_MAC_HI), mac);
	if (inic_mac_valid(mac)) {
		eth_hw_addr_set(netdev, mac);
		memcpy(netdev->perm_addr, mac, ETH_ALEN);
	} else {
		dev_warn(&idev->pdev->dev,
			 "port %u: invalid permanent MAC %pM, using a random one\n",
			 id, mac);
		eth_hw_addr_random(netdev);
	}

	for (q = 0; q < rpp; q++)
		inic_pair_init(port, &port->pairs[q], q);
	netif_carrier_off(netdev);
	idev->ports[id] = port;
	return 0;
}

static void inic_port_destroy(struct inic_port *port)
{
	struct inic_dev *idev = port->idev;
	u32 q;

	for (q = 0; q < port->num_rings; q++)
		inic_pair_fini(&port->pairs[q]);
	idev->ports[port->id] = NULL;
	kfree(port->pairs);
	free_netdev(port->netdev);
}

/* Unregistering stops every port: rings off, NAPI off, no more ndo calls. */
static void inic_ports_unregister(struct inic_dev *idev)
{
	u32 p;

	for (p = 0; p < INIC_MAX_PORTS; p++) {
		if (!idev->ports[p] || !idev->ports[p]->registered)
			continue;
		unregister_netdev(idev->ports[p]->netdev);
		idev->ports[p]->registered = false;
	}
}

/*
 * Mask the misc causes and wait for a running handler: from here on none
 * touches the netdevs (probe unmasks them before registering the netdevs,
 * so remove masks them before unregistering).
 */
static void inic_misc_irq_quiesce(struct inic_dev *idev)
{
	if (!idev->misc_irq)
		return;
	inic_wr(idev, INIC_REG_MISC_MASK, 0);
	synchronize_irq(pci_irq_vector(idev->pdev, INIC_CORE_MISC_VECTOR));
}

static void inic_misc_irq_free(struct inic_dev *idev)
{
	if (!idev->misc_irq)
		return;
	inic_misc_irq_quiesce(idev);
	free_irq(pci_irq_vector(idev->pdev, INIC_CORE_MISC_VECTOR), idev);
	idev->misc_irq = false;
}

/* Free the ports (unregistered first). */
static void inic_ports_destroy(struct inic_dev *idev)
{
	u32 p;

	for (p = 0; p < INIC_MAX_PORTS; p++)
		if (idev->ports[p])
			inic_port_destroy(idev->ports[p]);
}

/* ---- PCI ---- */

static int inic_plan(struct inic_dev *idev)
{
	struct device *dev = &idev->pdev->dev;
	u32 ports = inic_rd(idev, INIC_REG_NUM_PORTS);
	u32 rings = inic_rd(idev, INIC_REG_NUM_RINGS);
	u32 vectors = inic_rd(idev, INIC_REG_NUM_VECTORS);
	u32 rpp = inic_rd(idev, INIC_REG_RINGS_PER_PORT);
	int err, got;

	err = inic_plan_make(&idev->plan, ports, rings, vectors, rpp);
	if (err) {
		dev_err(dev, "unusable resources: %u ports, %u rings, %u vectors, %u rings per port\n",
			ports, rings, vectors, rpp);
		return err;
	}
	got = pci_alloc_irq_vectors(idev->pdev, 1 + idev->plan.num_ports,
				    idev->plan.num_vectors, PCI_IRQ_MSIX);
	if (got < 0) {
		dev_err(dev, "cannot allocate MSI-X vectors: %d\n", got);
		return got;
	}
	err = inic_plan_fit_vectors(&idev->plan, got);
	if (err) {
		pci_free_irq_vectors(idev->pdev);
		return err;
	}
	if (idev->plan.rings_per_port < rpp)
		dev_info(dev, "%d MSI-X vectors: %u rings per port instead of %u\n",
			 got, idev->plan.rings_per_port, rpp);
	return 0;
}

static int inic_probe(struct pci_dev *pdev, const struct pci_device_id *ent)
{
	struct device *dev = &pdev->dev;
	struct inic_dev *idev;
	u32 id, p;
	int err;

	idev = devm_kzalloc(dev, sizeof(*idev), GFP_KERNEL);
	if (!idev)
		return -ENOMEM;
	idev->pdev = pdev;
	spin_lock_init(&idev->stats_lock);
	pci_set_drvdata(pdev, idev);

	err = pcim_enable_device(pdev);
	if (err)
		return dev_err_probe(dev, err, "cannot enable PCI device\n");
	idev->hw = pcim_iomap_region(pdev, INIC_BAR_REGS, INIC_DRV_NAME);
	if (IS_ERR(idev->hw))
		return dev_err_probe(dev, PTR_ERR(idev->hw),
				     "cannot map BAR%d\n", INIC_BAR_REGS);
	if (pci_resource_len(pdev, INIC_BAR_REGS) < INIC_BAR_REGS_SIZE)
		return dev_err_probe(dev, -ENODEV, "BAR%d too small\n",
				     INIC_BAR_REGS);
	err = dma_set_mask_and_coherent(dev, DMA_BIT_MASK(64));
	if (err)
		return dev_err_probe(dev, err, "no usable DMA mask\n");

	id = inic_rd(idev, INIC_REG_ID);
	idev->version = inic_rd(idev, INIC_REG_VERSION);
	err = inic_core_abi_check(id, idev->version);
	if (err) {
		dev_err(dev, "unsupported device: id %#x ABI %u.%u (driver supports ABI %u.x)\n",
			id, idev->version >> 16, idev->version & 0xffff,
			INIC_ABI_MAJOR);
		return err;
	}
	idev->caps = inic_rd(idev, INIC_REG_CAPS);
	idev->is_vf = inic_rd(idev, INIC_REG_FUNC) & INIC_FUNC_VF;

	err = inic_hw_reset(idev);
	if (err)
		return err;
	pci_set_master(pdev);

	if (idev->is_vf) {
		err = inic_vf_init(idev);
		if (err)
			return err;
	}

	err = inic_plan(idev);
	if (err)
		return err;

	idev->stats = inic_stats_create(idev->plan.num_rings);
	if (!idev->stats) {
		err = -ENOMEM;
		goto err_vectors;
	}

	for (p = 0; p < idev->plan.num_ports; p++) {
		err = inic_port_create(idev, p);
		if (err)
			goto err_ports;
	}

	/* The SR-IOV state outlives everything that can reach it. */
	if (!idev->is_vf) {
		err = inic_sriov_init(idev);
		if (err)
			goto err_ports;
	}

	err = request_irq(pci_irq_vector(pdev, INIC_CORE_MISC_VECTOR),
			  inic_misc_irq, 0, INIC_DRV_NAME "-misc", idev);
	if (err)
		goto err_sriov;
	idev->misc_irq = true;
	inic_wr(idev, INIC_REG_MISC_VECTOR, INIC_CORE_MISC_VECTOR);
	inic_wr(idev, INIC_REG_MISC_CAUSE, INIC_MISC_ALL);
	inic_wr(idev, INIC_REG_MISC_MASK, INIC_MISC_ALL);

	for (p = 0; p < idev->plan.num_ports; p++) {
		err = register_netdev(idev->ports[p]->netdev);
		if (err) {
			dev_err(dev, "port %u: register_netdev: %d\n", p, err);
			goto err_unregister;
		}
		idev->ports[p]->registered = true;
		/* Link changes interrupt from here on; take the state now. */
		inic_port_update_link(idev->ports[p]);
	}

	if (idev->is_vf) {
		inic_vf_netdev_ready(idev);
	} else {
		err = inic_genl_dev_add(idev);
		if (err)
			goto err_unregister;
	}

	dev_info(dev, "inic ABI %u.%u caps %#x: %u ports, %u rings per port\n",
		 idev->version >> 16, idev->version & 0xffff, idev->caps,
		 idev->plan.num_ports, idev->plan.rings_per_port);
	return 0;

err_unregister:
	inic_misc_irq_quiesce(idev);
	inic_ports_unregister(idev);
	inic_misc_irq_free(idev);
err_sriov:
	inic_vf_fini(idev);
	inic_sriov_fini(idev);
err_ports:
	inic_ports_destroy(idev);
	inic_stats_destroy(idev->stats);
	idev->stats = NULL;
err_vectors:
	inic_hw_reset(idev);
	pci_free_irq_vectors(pdev);
	return err;
}

/* The reverse order of inic_probe(): nothing can reach what is freed. */
static void inic_remove(struct pci_dev *pdev)
{
	struct inic_dev *idev = pci_get_drvdata(pdev);

	/* No more netlink requests or events for this device. */
	inic_genl_dev_del(idev);
	/*
	 * VFs go (their drivers unbind while the PF still serves them), then
	 * the mailbox service stops; a VF stops talking to its PF and its
	 * debugfs hooks go.
	 */
	inic_sriov_stop(idev);
	inic_vf_stop(idev);
	/* No more link or mailbox interrupts: the handler uses the netdevs. */
	inic_misc_irq_quiesce(idev);
	/* No more ndo calls (ip link show reads the VF state under RTNL). */
	inic_ports_unregister(idev);
	inic_misc_irq_free(idev);
	inic_vf_fini(idev);
	inic_sriov_fini(idev);

	inic_ports_destroy(idev);
	inic_hw_reset(idev);
	inic_stats_destroy(idev->stats);
	idev->stats = NULL;
	pci_free_irq_vectors(pdev);
}

static void inic_shutdown(struct pci_dev *pdev)
{
	struct inic_dev *idev = pci_get_drvdata(pdev);

	inic_hw_reset(idev);
	pci_clear_master(pdev);
}

static const struct pci_device_id inic_pci_ids[] = {
	{ PCI_DEVICE(INIC_PCI_VENDOR_ID, INIC_PCI_DEVICE_PF) },
	{ PCI_DEVICE(INIC_PCI_VENDOR_ID, INIC_PCI_DEVICE_VF) },
	{ }
};
MODULE_DEVICE_TABLE(pci, inic_pci_ids);

static struct pci_driver inic_pci_driver = {
	.name		= INIC_DRV_NAME,
	.id_table	= inic_pci_ids,
	.probe		= inic_probe,
	.remove		= inic_remove,
	.shutdown	= inic_shutdown,
	.sriov_configure = inic_sriov_configure,
};

static int __init inic_init(void)
{
	int err;

	err = inic_genl_init();
	if (err)
		return err;
	inic_debugfs_init();
	err = pci_register_driver(&inic_pci_driver);
	if (err) {
		inic_debugfs_exit();
		inic_genl_exit();
	}
	return err;
}
module_init(inic_init);

static void __exit inic_exit(void)
{
	pci_unregister_driver(&inic_pci_driver);
	inic_debugfs_exit();
	inic_genl_exit();
}
module_exit(inic_exit);

MODULE_DESCRIPTION("inic PCI Express NIC driver");
MODULE_LICENSE("GPL");
