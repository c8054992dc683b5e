// SPDX-License-Identifier: GPL-2.0
/* inic ethtool operations: driver info, link, ring sizes, ring counters. */
#include <linux/ethtool.h>
#include <linux/netdevice.h>
#include <linux/pci.h>

#include "inic.h"

/* Per-ring counters reported, in enum inic_ring_stat terms. */
struct inic_rstat_desc {
	const char *name;
	u8 stat;
};

static const struct inic_rstat_desc inic_rx_stats[] = {
	{ "packets",		INIC_RSTAT_PKTS },
	{ "bytes",		INIC_RSTAT_BYTES },
	{ "drop_nodesc",	INIC_RSTAT_DROP_NODESC },
	{ "drop_filter",	INIC_RSTAT_DROP_FILTER },
	{ "csum_err",		INIC_RSTAT_CSUM_ERR },
	{ "errors",		INIC_RSTAT_ERRORS },
};

static const struct inic_rstat_desc inic_tx_stats[] = {
	{ "packets",		INIC_RSTAT_PKTS },
	{ "bytes",		INIC_RSTAT_BYTES },
	{ "errors",		INIC_RSTAT_ERRORS },
};

#define INIC_RING_NSTATS	(ARRAY_SIZE(inic_rx_stats) + \
				 ARRAY_SIZE(inic_tx_stats))

static void inic_get_drvinfo(struct net_device *netdev,
			     struct ethtool_drvinfo *info)
{
	struct inic_port *port = netdev_priv(netdev);
	struct inic_dev *idev = port->idev;

	strscpy(info->driver, INIC_DRV_NAME, sizeof(info->driver));
	snprintf(info->fw_version, sizeof(info->fw_version), "abi %u.%u",
		 idev->version >> 16, idev->version & 0xffff);
	strscpy(info->bus_info, pci_name(idev->pdev), sizeof(info->bus_info));
}

static void inic_get_ringparam(struct net_device *netdev,
			       struct ethtool_ringparam *ring,
			       struct kernel_ethtool_ringparam *kring,
			       struct netlink_ext_ack *extack)
{
	ring->rx_max_pending = INIC_RING_MAX;
	ring->tx_max_pending = INIC_RING_MAX;
	ring->rx_pending = INIC_RX_RING_SIZE;
	ring->tx_pending = INIC_TX_RING_SIZE;
}

static void inic_get_channels(struct net_device *netdev,
			      struct ethtool_channels *ch)
{
	struct inic_port *port = netdev_priv(netdev);

	ch->max_combined = port->num_rings;
	ch->combined_count = port->num_rings;
}

static int inic_get_sset_count(struct net_device *netdev, int sset)
{
	struct inic_port *port = netdev_priv(netdev);

	if (sset != ETH_SS_STATS)
		return -EOPNOTSUPP;
	return port->num_rings * INIC_RING_NSTATS;
}

static void inic_get_strings(struct net_device *netdev, u32 sset, u8 *data)
{
	struct inic_port *port = netdev_priv(netdev);
	u32 q, i;

	if (sset != ETH_SS_STATS)
		return;
	for (q = 0; q < port->num_rings; q++) {
		for (i = 0; i < ARRAY_SIZE(inic_rx_stats); i++)
			ethtool_sprintf(&data, "rx%u_%s", q,
					inic_rx_stats[i].name);
		for (i = 0; i < ARRAY_SIZE(inic_tx_stats); i++)
			ethtool_sprintf(&data, "tx%u_%s", q,
					inic_tx_stats[i].name);
	}
}

static void inic_get_ethtool_stats(struct net_device *netdev,
				   struct ethtool_stats *stats, u64 *data)
{
	struct inic_port *port = netdev_priv(netdev);
	struct inic_dev *idev = port->idev;
	u64 tx[INIC_RSTAT__COUNT], rx[INIC_RSTAT__COUNT];
	unsigned long flags;
	u32 q, i;

	inic_port_read_stats(port);
	spin_lock_irqsave(&idev->stats_lock, flags);
	for (q = 0; q < port->num_rings; q++) {
		inic_stats_ring_totals(idev->stats, port->first_ring + q,
				       tx, rx);
		for (i = 0; i < ARRAY_SIZE(inic_rx_stats); i++)
			*data++ = rx[inic_rx_stats[i].stat];
		for (i = 0; i < ARRAY_SIZE(inic_tx_stats); i++)
			*data++ = tx[inic_tx_stats[i].stat];
	}
	spin_unlock_irqrestore(&idev->stats_lock, flags);
}

static const struct ethtool_ops inic_ethtool_ops = {
	.get_drvinfo		= inic_get_drvinfo,
	.get_link		= ethtool_op_get_link,
	.get_ringparam		= inic_get_ringparam,
	.get_channels		= inic_get_channels,
	.get_sset_count		= inic_get_sset_count,
	.get_strings		= inic_get_strings,
	.get_ethtool_stats	= inic_get_ethtool_stats,
};

void inic_set_ethtool_ops(struct net_device *netdev)
{
	netdev->ethtool_ops = &inic_ethtool_ops;
}
