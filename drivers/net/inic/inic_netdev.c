// SPDX-License-Identifier: GPL-2.0
/*
 * inic: net_device_ops and netdev_stat_ops of a port's netdev. The port
 * mechanism is in inic_port.c, the data path in inic_txrx.c, the VF
 * configuration ops (ndo_set_vf_*) in inic_sriov.c.
 */
#include <linux/etherdevice.h>
#include <linux/netdevice.h>
#include <net/netdev_queues.h>

#include "inic.h"
#include "inic_cls.h"
#include "inic_sriov.h"
#include "inic_xdp.h"

static int inic_open(struct net_device *netdev)
{
	return inic_port_up(netdev_priv(netdev));
}

static int inic_stop(struct net_device *netdev)
{
	inic_port_down(netdev_priv(netdev));
	return 0;
}

/* Must not sleep: called under the netdev's address list lock. */
static void inic_set_rx_mode(struct net_device *netdev)
{
	inic_port_set_rx_mode(netdev_priv(netdev));
}

static netdev_features_t inic_fix_features(struct net_device *netdev,
					   netdev_features_t features)
{
	/* The device segments TCP only with its checksum offload on. */
	if (!(features & NETIF_F_HW_CSUM))
		features &= ~(NETIF_F_TSO | NETIF_F_TSO6);
	/* Large receives are only checksum-valid with RX checksumming. */
	if (!(features & NETIF_F_RXCSUM))
		features &= ~NETIF_F_GRO_HW;
	/* ... and XDP sees single-buffer frames: no GRO_HW with a program */
	return inic_xdp_fix_features(netdev_priv(netdev), features);
}

static int inic_set_features(struct net_device *netdev,
			     netdev_features_t features)
{
	if ((netdev->features & NETIF_F_HW_TC) &&
	    !(features & NETIF_F_HW_TC) &&
	    inic_cls_tc_count(netdev_priv(netdev))) {
		netdev_err(netdev, "tc flower rules are in the device: delete them before hw-tc-offload off\n");
		return -EBUSY;
	}
	/* ntuple off: the port's classifier rules go */
	if ((netdev->features & NETIF_F_NTUPLE) &&
	    !(features & NETIF_F_NTUPLE))
		inic_cls_port_flush(netdev_priv(netdev));
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
	err = inic_xdp_check_mtu(port, new_mtu);
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
	u64 xp, xb;
	u32 q;

	inic_port_read_stats(port);
	spin_lock_irqsave(&idev->stats_lock, flags);
	inic_stats_port_totals(idev->stats, port->first_ring, port->num_rings,
			       &t);
	spin_unlock_irqrestore(&idev->stats_lock, flags);

	stats->rx_packets = t.rx_packets;
	stats->rx_bytes = t.rx_bytes;
	/* the XDP TX rings' frames too (not in the port's ring counters) */
	inic_xdp_tx_totals(port, &xp, &xb);
	stats->tx_packets = t.tx_packets + xp;
	stats->tx_bytes = t.tx_bytes + xb;
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
	.ndo_setup_tc		= inic_cls_setup_tc,
	.ndo_bpf		= inic_xdp_bpf,
	.ndo_xdp_xmit		= inic_xdp_xmit,
	.ndo_xsk_wakeup		= inic_xsk_wakeup,
};

/* ---- Per-queue statistics (netdev netlink qstats) ---- */

void inic_fill_qstats_rx(struct netdev_queue_stats_rx *s, const u64 *rx)
{
	s->packets = rx[INIC_RSTAT_PKTS];
	s->bytes = rx[INIC_RSTAT_BYTES];
	s->hw_drops = rx[INIC_RSTAT_DROP_NODESC] +
		      rx[INIC_RSTAT_DROP_FILTER] + rx[INIC_RSTAT_ERRORS];
	s->csum_bad = rx[INIC_RSTAT_CSUM_ERR];
	/* 1.6: large receives (STA_LRO) and the wire segments they carried */
	s->hw_gro_packets = rx[INIC_RSTAT_LRO_PKTS];
	s->hw_gro_wire_packets = rx[INIC_RSTAT_LRO_SEGS];
}

void inic_fill_qstats_tx(struct netdev_queue_stats_tx *s, const u64 *tx)
{
	s->packets = tx[INIC_RSTAT_PKTS];
	s->bytes = tx[INIC_RSTAT_BYTES];
	s->hw_drops = tx[INIC_RSTAT_ERRORS];
	s->hw_drop_errors = tx[INIC_RSTAT_ERRORS];
}

static void inic_get_queue_stats_rx(struct net_device *netdev, int idx,
				    struct netdev_queue_stats_rx *s)
{
	u64 tx[INIC_RSTAT__COUNT], rx[INIC_RSTAT__COUNT];

	inic_port_ring_view(netdev_priv(netdev), idx, tx, rx);
	inic_fill_qstats_rx(s, rx);
}

/* A channel's TX: its stack TX ring and its XDP TX ring together. */
static void inic_get_queue_stats_tx(struct net_device *netdev, int idx,
				    struct netdev_queue_stats_tx *s)
{
	u64 tx[INIC_RSTAT__COUNT], rx[INIC_RSTAT__COUNT], xp, xb;
	struct inic_port *port = netdev_priv(netdev);

	inic_port_ring_view(port, idx, tx, rx);
	inic_fill_qstats_tx(s, tx);
	inic_xdp_tx_view(port, idx, &xp, &xb);
	s->packets += xp;
	s->bytes += xb;
}

static void inic_get_base_stats(struct net_device *netdev,
				struct netdev_queue_stats_rx *rxs,
				struct netdev_queue_stats_tx *txs)
{
	u64 tx[INIC_RSTAT__COUNT], rx[INIC_RSTAT__COUNT], xp, xb;
	struct inic_port *port = netdev_priv(netdev);

	inic_port_base_stats(port, tx, rx);
	inic_fill_qstats_rx(rxs, rx);
	inic_fill_qstats_tx(txs, tx);
	inic_xdp_tx_base(port, &xp, &xb);
	txs->packets += xp;
	txs->bytes += xb;
}

static const struct netdev_stat_ops inic_stat_ops = {
	.get_queue_stats_rx	= inic_get_queue_stats_rx,
	.get_queue_stats_tx	= inic_get_queue_stats_tx,
	.get_base_stats		= inic_get_base_stats,
};

void inic_set_netdev_ops(struct net_device *netdev)
{
	netdev->netdev_ops = &inic_netdev_ops;
	netdev->stat_ops = &inic_stat_ops;
}

/* The inic port behind a netdev (a PF port or a VF), or NULL. */
struct inic_port *inic_port_of(const struct net_device *netdev)
{
	return netdev->netdev_ops == &inic_netdev_ops ? netdev_priv(netdev) :
	       NULL;
}
