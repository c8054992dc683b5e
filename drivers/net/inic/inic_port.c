// SPDX-License-Identifier: GPL-2.0
/*
 * inic: ports. Create/destroy, up/down and reconfiguration of a port and
 * its ring pairs; the port's register writes (MAC, PORT_CTRL, receive
 * filter, RSS, interrupt moderation, offloads) and its counter readers.
 * The leaf that the netdev ops, ethtool and netlink call.
 */
#include <linux/etherdevice.h>
#include <linux/io-64-nonatomic-lo-hi.h>
#include <linux/netdevice.h>
#include <linux/slab.h>

#include "inic.h"
#include "inic_lag.h"
#include "inic_xdp.h"
#include "policy/lag.h"

/* The ports whose cable has link (bit p: port p). Any context. */
u32 inic_ports_link(struct inic_dev *idev)
{
	u32 p, link = 0;

	for (p = 0; p < idev->plan.num_ports; p++)
		if (inic_rd(idev, INIC_PORT_BASE(p) + INIC_PORT_STATUS) &
		    INIC_PORT_STATUS_LINK)
			link |= BIT(p);
	return link;
}

/*
 * Carrier follows the port's link, or, while the port is a member of an
 * offloaded LAG group, the group's: up while any member has link, as the
 * device does for a following VF (driver.rst "Bonding offload (LAG)").
 * Bonding then keeps the member as it is while the device has moved its
 * traffic, and linkwatch does not stop the member's queues. Any context
 * (the misc interrupt, probe, port up, inic_lag.c).
 */
void inic_port_update_link(struct inic_port *port)
{
	u32 members = inic_lag_members(port->idev);
	bool up;

	if (members & BIT(port->id))
		up = inic_lag_port_carrier(members, inic_ports_link(port->idev),
					   port->id);
	else
		up = inic_port_rd(port, INIC_PORT_STATUS) &
		     INIC_PORT_STATUS_LINK;
	if (up)
		netif_carrier_on(port->netdev);
	else
		netif_carrier_off(port->netdev);
}

void inic_port_write_mac(struct inic_port *port, const u8 *mac)
{
	u32 lo, hi;

	inic_mac_to_regs(mac, &lo, &hi);
	inic_port_wr(port, INIC_PORT_MAC_LO, lo);
	inic_port_wr(port, INIC_PORT_MAC_HI, hi);
}

/*
 * PORT_CTRL: enables and the filter modes; caller holds ctrl_lock. A
 * member of an offloaded active-backup group takes all multicast: bonding
 * gives its multicast list to its active slave only, and the device may
 * deliver the group's frames through another member's filter.
 */
static void inic_port_write_ctrl_locked(struct inic_port *port)
{
	u32 ctrl = port->rxf.ctrl;

	if (port->running)
		ctrl |= INIC_PORT_CTRL_RX_EN | INIC_PORT_CTRL_TX_EN;
	if (inic_lag_port_allmulti(port))
		ctrl |= INIC_PORT_CTRL_ALLMULTI;
	inic_port_wr(port, INIC_PORT_CTRL, ctrl);
}

void inic_port_write_ctrl(struct inic_port *port)
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

/*
 * Interrupt moderation of every active ring pair: TX and, with adaptive-rx
 * off, RX from ethtool -C; with it on, RX from the pair's DIM profile.
 */
void inic_port_write_itr(struct inic_port *port)
{
	u32 q;

	if (!(port->idev->caps & INIC_CAP_ITR))
		return;
	for (q = 0; q < port->active; q++) {
		struct inic_pair *pair = &port->pairs[q];
		u32 usecs, pkts;

		inic_dim_rx_itr(pair, &usecs, &pkts);
		writel(usecs, pair->rx.regs + INIC_RR_ITR_USECS);
		writel(pkts, pair->rx.regs + INIC_RR_ITR_PKTS);
		writel(port->tx_usecs, pair->tx.regs + INIC_RR_ITR_USECS);
		writel(port->tx_frames, pair->tx.regs + INIC_RR_ITR_PKTS);
		if (pair->xdp_tx_on) {
			writel(port->tx_usecs,
			       pair->xdp_tx.regs + INIC_RR_ITR_USECS);
			writel(port->tx_frames,
			       pair->xdp_tx.regs + INIC_RR_ITR_PKTS);
		}
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
	if (f & NETIF_F_GRO_HW)
		want |= INIC_OFF_LRO;
	return want;
}

/* OFFLOAD register value (a port's or a VNIC's) for features. */
u32 inic_port_offloads(struct inic_dev *idev, netdev_features_t features)
{
	return inic_offload_reg(inic_features_to_offloads(features), idev->caps);
}

void inic_port_write_offload(struct inic_port *port,
			     netdev_features_t features)
{
	/* 1.6: a large receive must fit the skb's head and its frags */
	if ((port->idev->caps & INIC_CAP_LRO) && !port->idev->is_vf)
		inic_port_wr(port, INIC_PORT_LRO_MAX,
			     min_t(u32, INIC_LRO_MAX_LEN,
				   (MAX_SKB_FRAGS + 1) * INIC_RX_BUF_LEN));
	inic_port_wr(port, INIC_PORT_OFFLOAD,
		     inic_offload_reg(inic_features_to_offloads(features),
				      port->idev->caps));
}

/*
 * Program the receive filter from the netdev's address lists. Must not
 * sleep: called under the netdev's address list lock.
 */
void inic_port_set_rx_mode(struct inic_port *port)
{
	struct net_device *netdev = port->netdev;
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

/* Start the port's hardware and its active ring pairs. */
int inic_port_up(struct inic_port *port)
{
	struct net_device *netdev = port->netdev;
	int err;
	u32 q;

	inic_port_wr(port, INIC_PORT_RX_RING, port->first_ring);
	inic_port_wr(port, INIC_PORT_MTU, netdev->mtu);
	inic_port_write_mac(port, netdev->dev_addr);
	inic_port_write_offload(port, netdev->features);
	inic_port_write_rss(port);
	inic_xdp_port_rings_get(port);	/* XDP hook: XDP TX rings */

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
	inic_xdp_port_up(port);	/* XDP hook: ndo_xdp_xmit may post */
	return 0;

err_close:
	while (q--)
		inic_pair_close(&port->pairs[q]);
	inic_xdp_port_rings_put(port);
	return err;
}

void inic_port_down(struct inic_port *port)
{
	u32 q;

	inic_xdp_port_down(port);	/* XDP hook: no ndo_xdp_xmit in flight */
	port->running = false;
	inic_port_write_ctrl(port);
	/* NAPI first: a TX completion could wake a queue stopped below. */
	for (q = 0; q < port->num_rings; q++)
		inic_pair_quiesce(&port->pairs[q]);
	netif_tx_disable(port->netdev);
	for (q = 0; q < port->num_rings; q++)
		inic_pair_close(&port->pairs[q]);
	inic_xdp_port_rings_put(port);	/* XDP hook: back to the pool */
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
	inic_xdp_channels_changed(port, port->active, active);
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

/* Ring pair q's counters as the queue sees them (since it became active). */
void inic_port_ring_view(struct inic_port *port, u32 q, u64 *tx, u64 *rx)
{
	struct inic_dev *idev = port->idev;
	unsigned long flags;

	spin_lock_irqsave(&idev->stats_lock, flags);
	inic_port_read_ring_locked(port, q);
	inic_stats_ring_view(idev->stats, port->first_ring + q, tx, rx);
	spin_unlock_irqrestore(&idev->stats_lock, flags);
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

/* What the device can offload, all on by default (a VNIC: less). */
void inic_port_set_features(struct inic_port *port)
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
	/* 1.6: the peer's TSO frames whole, from a tap backend (PF only) */
	if ((caps & INIC_CAP_LRO) && (caps & INIC_CAP_RX_CSUM) &&
	    !port->idev->is_vf && !port->vnic)
		hw |= NETIF_F_GRO_HW;
	if (caps & INIC_CAP_RSS)
		hw |= NETIF_F_RXHASH;
	if (caps & INIC_CAP_VLAN)
		hw |= NETIF_F_HW_VLAN_CTAG_TX | NETIF_F_HW_VLAN_CTAG_RX;
	/* ethtool ntuple rules: the PF's classifier (inic_cls_ethtool.c) */
	/* tc flower on ingress: the same classifier (inic_cls_tc.c) */
	if ((caps & INIC_CAP_CLS) && !port->idev->is_vf && !port->vnic)
		hw |= NETIF_F_NTUPLE | NETIF_F_HW_TC;
	netdev->hw_features = hw;
	netdev->features = hw | NETIF_F_HIGHDMA;
	netdev->vlan_features = (hw & (NETIF_F_SG | NETIF_F_HW_CSUM |
				       NETIF_F_TSO | NETIF_F_TSO6)) |
				NETIF_F_HIGHDMA;
	netif_set_tso_max_size(netdev, INIC_TX_MAX_BYTES);
	netif_set_tso_max_segs(netdev, INIC_TSO_MAX_SEGS);
}

int inic_port_create(struct inic_dev *idev, u32 id)
{
	u32 rpp = idev->plan.rings_per_port;
	struct net_device *netdev;
	struct inic_port *port;
	u8 mac[ETH_ALEN];
	u32 q;

	netdev = alloc_etherdev_mqs(sizeof(*port), rpp, rpp);
	if (!netdev)
		return -ENOMEM;
	inic_mem_add(INIC_MEM_NETDEV, 0);
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
		inic_mem_sub(INIC_MEM_NETDEV, 0);
		free_netdev(netdev);
		return -ENOMEM;
	}
	inic_mem_add(INIC_MEM_KMEM, rpp * sizeof(*port->pairs));

	inic_set_netdev_ops(netdev);
	inic_set_ethtool_ops(netdev);
	netdev->min_mtu = INIC_MIN_MTU;
	netdev->max_mtu = INIC_MAX_MTU;
	netdev->dev_port = id;
	inic_port_set_features(port);
	inic_xdp_port_init(port);
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
	inic_devlink_port_del(port);
	idev->ports[port->id] = NULL;
	inic_mem_sub(INIC_MEM_KMEM, port->num_rings * sizeof(*port->pairs));
	kfree(port->pairs);
	inic_mem_sub(INIC_MEM_NETDEV, 0);
	free_netdev(port->netdev);
}

/* Unregistering stops every port: rings off, NAPI off, no more ndo calls. */
void inic_ports_unregister(struct inic_dev *idev)
{
	u32 p;

	for (p = 0; p < INIC_MAX_PORTS; p++) {
		if (!idev->ports[p] || !idev->ports[p]->registered)
			continue;
		unregister_netdev(idev->ports[p]->netdev);
		idev->ports[p]->registered = false;
	}
}

/* Free the ports (unregistered first). */
void inic_ports_destroy(struct inic_dev *idev)
{
	u32 p;

	for (p = 0; p < INIC_MAX_PORTS; p++)
		if (idev->ports[p])
			inic_port_destroy(idev->ports[p]);
}
