// SPDX-License-Identifier: GPL-2.0
/*
 * inic ethtool operations: driver info, link, channels, ring sizes,
 * interrupt moderation, RSS and the per-ring counters. Validation is the
 * C++ policy's (policy/ethtool.h); refusals carry its message in the extack.
 */
#include <linux/ethtool.h>
#include <linux/netdevice.h>
#include <linux/pci.h>

#include "inic.h"
#include "inic_toe.h"
#include "inic_cls.h"

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
	{ "lro_packets",	INIC_RSTAT_LRO_PKTS },
	{ "lro_segs",		INIC_RSTAT_LRO_SEGS },
};

static const struct inic_rstat_desc inic_tx_stats[] = {
	{ "packets",		INIC_RSTAT_PKTS },
	{ "bytes",		INIC_RSTAT_BYTES },
	{ "errors",		INIC_RSTAT_ERRORS },
};

#define INIC_RING_NSTATS	(ARRAY_SIZE(inic_rx_stats) + \
				 ARRAY_SIZE(inic_tx_stats))

static void inic_extack(struct netlink_ext_ack *extack, const char *msg)
{
	if (msg)
		NL_SET_ERR_MSG_FMT(extack, "%s", msg);
}

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
	struct inic_port *port = netdev_priv(netdev);

	ring->rx_max_pending = INIC_RING_MAX;
	ring->tx_max_pending = INIC_RING_MAX;
	ring->rx_pending = port->rx_ring_size;
	ring->tx_pending = port->tx_ring_size;
}

static int inic_set_ringparam(struct net_device *netdev,
			      struct ethtool_ringparam *ring,
			      struct kernel_ethtool_ringparam *kring,
			      struct netlink_ext_ack *extack)
{
	struct inic_port *port = netdev_priv(netdev);
	const char *msg = NULL;
	int err;

	if (ring->rx_mini_pending || ring->rx_jumbo_pending) {
		NL_SET_ERR_MSG(extack, "no mini or jumbo rings");
		return -EINVAL;
	}
	err = inic_ringparam_check(ring->rx_pending, ring->tx_pending, &msg);
	if (err) {
		inic_extack(extack, msg);
		return err;
	}
	if (ring->rx_pending == port->rx_ring_size &&
	    ring->tx_pending == port->tx_ring_size)
		return 0;
	return inic_port_reconfigure(port, port->active, ring->tx_pending,
				     ring->rx_pending);
}

static void inic_get_channels(struct net_device *netdev,
			      struct ethtool_channels *ch)
{
	struct inic_port *port = netdev_priv(netdev);

	ch->max_combined = port->num_rings;
	ch->combined_count = port->active;
}

/*
 * The ethtool core refuses counts above the maximum or without any channel
 * (with an extack); set_channels has no extack of its own in 6.12.
 */
static int inic_set_channels(struct net_device *netdev,
			     struct ethtool_channels *ch)
{
	struct inic_port *port = netdev_priv(netdev);
	const char *msg = NULL;
	int err;

	err = inic_channels_check(ch->combined_count, ch->rx_count,
				  ch->tx_count, ch->other_count,
				  port->num_rings, &msg);
	if (err) {
		netdev_info(netdev, "channels refused: %s\n", msg);
		return err;
	}
	return inic_port_reconfigure(port, ch->combined_count,
				     port->tx_ring_size, port->rx_ring_size);
}

static int inic_get_coalesce(struct net_device *netdev,
			     struct ethtool_coalesce *ec,
			     struct kernel_ethtool_coalesce *kec,
			     struct netlink_ext_ack *extack)
{
	struct inic_port *port = netdev_priv(netdev);

	ec->rx_coalesce_usecs = port->rx_usecs;
	ec->rx_max_coalesced_frames = port->rx_frames;
	ec->tx_coalesce_usecs = port->tx_usecs;
	ec->tx_max_coalesced_frames = port->tx_frames;
	ec->use_adaptive_rx_coalesce = port->adaptive_rx;
	return 0;
}

static int inic_set_coalesce(struct net_device *netdev,
			     struct ethtool_coalesce *ec,
			     struct kernel_ethtool_coalesce *kec,
			     struct netlink_ext_ack *extack)
{
	struct inic_port *port = netdev_priv(netdev);
	const char *msg = NULL;
	int err;

	err = inic_coalesce_check(ec->rx_coalesce_usecs,
				  ec->rx_max_coalesced_frames, &msg);
	if (!err)
		err = inic_coalesce_check(ec->tx_coalesce_usecs,
					  ec->tx_max_coalesced_frames, &msg);
	if (err) {
		inic_extack(extack, msg);
		return err;
	}
	port->rx_usecs = ec->rx_coalesce_usecs;
	port->rx_frames = ec->rx_max_coalesced_frames;
	port->tx_usecs = ec->tx_coalesce_usecs;
	port->tx_frames = ec->tx_max_coalesced_frames;
	if (port->adaptive_rx != !!ec->use_adaptive_rx_coalesce) {
		u32 q;

		WRITE_ONCE(port->adaptive_rx, !!ec->use_adaptive_rx_coalesce);
		/* DIM's work may be writing a profile: let it finish first */
		if (!port->adaptive_rx && port->running)
			for (q = 0; q < port->active; q++)
				cancel_work_sync(&port->pairs[q].dim.work);
	}
	if (port->running)
		inic_port_write_itr(port);
	return 0;
}

static int inic_get_rxnfc(struct net_device *netdev,
			  struct ethtool_rxnfc *cmd, u32 *rule_locs)
{
	struct inic_port *port = netdev_priv(netdev);

	switch (cmd->cmd) {
	case ETHTOOL_GRXRINGS:
		cmd->data = port->active;
		return 0;
	default:
		return inic_cls_get_rxnfc(port, cmd, rule_locs);
	}
}

static int inic_set_rxnfc(struct net_device *netdev, struct ethtool_rxnfc *cmd)
{
	return inic_cls_set_rxnfc(netdev_priv(netdev), cmd);
}

static u32 inic_get_rxfh_key_size(struct net_device *netdev)
{
	return INIC_RSS_KEY_SIZE;
}

static u32 inic_get_rxfh_indir_size(struct net_device *netdev)
{
	return INIC_RSS_RETA_SIZE;
}

static int inic_get_rxfh(struct net_device *netdev,
			 struct ethtool_rxfh_param *rxfh)
{
	struct inic_port *port = netdev_priv(netdev);

	rxfh->hfunc = ETH_RSS_HASH_TOP;
	if (rxfh->indir)
		memcpy(rxfh->indir, port->rss_indir, sizeof(port->rss_indir));
	if (rxfh->key)
		memcpy(rxfh->key, port->rss_key, sizeof(port->rss_key));
	return 0;
}

/* The hash function and indirection table of a port or an RSS context. */
int inic_rxfh_check(struct inic_port *port,
		    const struct ethtool_rxfh_param *rxfh,
		    struct netlink_ext_ack *extack)
{
	if (rxfh->hfunc != ETH_RSS_HASH_NO_CHANGE &&
	    rxfh->hfunc != ETH_RSS_HASH_TOP) {
		NL_SET_ERR_MSG(extack, "only the toeplitz hash function is supported");
		return -EOPNOTSUPP;
	}
	if (rxfh->indir &&
	    inic_rss_indir_check(rxfh->indir, INIC_RSS_RETA_SIZE,
				 port->active)) {
		NL_SET_ERR_MSG(extack, "indirection table names an inactive channel");
		return -EINVAL;
	}
	return 0;
}

static int inic_set_rxfh(struct net_device *netdev,
			 struct ethtool_rxfh_param *rxfh,
			 struct netlink_ext_ack *extack)
{
	struct inic_port *port = netdev_priv(netdev);
	int err;

	err = inic_rxfh_check(port, rxfh, extack);
	if (err)
		return err;
	if (rxfh->indir)
		memcpy(port->rss_indir, rxfh->indir, sizeof(port->rss_indir));
	if (rxfh->key)
		memcpy(port->rss_key, rxfh->key, sizeof(port->rss_key));
	inic_port_write_rss(port);
	return 0;
}

/* Per active ring pair, then the port's base (removed channels). */
static int inic_get_sset_count(struct net_device *netdev, int sset)
{
	struct inic_port *port = netdev_priv(netdev);

	if (sset != ETH_SS_STATS)
		return -EOPNOTSUPP;
	return (port->active + 1) * INIC_RING_NSTATS + inic_cls_sset_count(port) +
	       inic_xdp_sset_count(port) + inic_toe_sset_count(port);
}

static void inic_get_strings(struct net_device *netdev, u32 sset, u8 *data)
{
	struct inic_port *port = netdev_priv(netdev);
	u32 q, i;

	if (sset != ETH_SS_STATS)
		return;
	for (q = 0; q < port->active; q++) {
		for (i = 0; i < ARRAY_SIZE(inic_rx_stats); i++)
			ethtool_sprintf(&data, "rx%u_%s", q,
					inic_rx_stats[i].name);
		for (i = 0; i < ARRAY_SIZE(inic_tx_stats); i++)
			ethtool_sprintf(&data, "tx%u_%s", q,
					inic_tx_stats[i].name);
	}
	for (i = 0; i < ARRAY_SIZE(inic_rx_stats); i++)
		ethtool_sprintf(&data, "base_rx_%s", inic_rx_stats[i].name);
	for (i = 0; i < ARRAY_SIZE(inic_tx_stats); i++)
		ethtool_sprintf(&data, "base_tx_%s", inic_tx_stats[i].name);
	inic_cls_get_strings(port, &data);
	inic_xdp_get_strings(port, &data);
	inic_toe_get_strings(port, &data);
}

static void inic_get_ethtool_stats(struct net_device *netdev,
				   struct ethtool_stats *stats, u64 *data)
{
	struct inic_port *port = netdev_priv(netdev);
	struct inic_dev *idev = port->idev;
	u64 tx[INIC_RSTAT__COUNT], rx[INIC_RSTAT__COUNT];
	u64 btx[INIC_RSTAT__COUNT], brx[INIC_RSTAT__COUNT];
	unsigned long flags;
	u32 q, i;

	/* One reading of every ring: the views and the base agree. */
	inic_port_base_stats(port, btx, brx);
	spin_lock_irqsave(&idev->stats_lock, flags);
	for (q = 0; q < port->active; q++) {
		inic_stats_ring_view(idev->stats, port->first_ring + q, tx, rx);
		for (i = 0; i < ARRAY_SIZE(inic_rx_stats); i++)
			*data++ = rx[inic_rx_stats[i].stat];
		for (i = 0; i < ARRAY_SIZE(inic_tx_stats); i++)
			*data++ = tx[inic_tx_stats[i].stat];
	}
	spin_unlock_irqrestore(&idev->stats_lock, flags);
	for (i = 0; i < ARRAY_SIZE(inic_rx_stats); i++)
		*data++ = brx[inic_rx_stats[i].stat];
	for (i = 0; i < ARRAY_SIZE(inic_tx_stats); i++)
		*data++ = btx[inic_tx_stats[i].stat];
	inic_cls_get_stats(port, &data);
	inic_xdp_get_stats(port, &data);
	inic_toe_get_stats(port, &data);
}

/*
 * Link: a fixed-speed full-duplex port with no autonegotiation, no
 * flow control and no FEC. The pause and FEC statistics report what the
 * device does: it never transmits a pause frame and corrects no FEC
 * block, so those counters are truthfully zero.
 */
static int inic_get_link_ksettings(struct net_device *netdev,
				   struct ethtool_link_ksettings *cmd)
{
	struct inic_port *port = netdev_priv(netdev);

	ethtool_link_ksettings_zero_link_mode(cmd, supported);
	ethtool_link_ksettings_zero_link_mode(cmd, advertising);
	cmd->base.speed = netif_carrier_ok(netdev) ?
			  inic_port_rd(port, INIC_PORT_SPEED) : SPEED_UNKNOWN;
	cmd->base.duplex = netif_carrier_ok(netdev) ? DUPLEX_FULL :
			   DUPLEX_UNKNOWN;
	cmd->base.port = PORT_OTHER;
	cmd->base.autoneg = AUTONEG_DISABLE;
	return 0;
}

static void inic_get_pauseparam(struct net_device *netdev,
				struct ethtool_pauseparam *pause)
{
	pause->autoneg = AUTONEG_DISABLE;
	pause->rx_pause = 0;
	pause->tx_pause = 0;
}

static void inic_get_pause_stats(struct net_device *netdev,
				 struct ethtool_pause_stats *stats)
{
	stats->tx_pause_frames = 0;
}

static int inic_get_fecparam(struct net_device *netdev,
			     struct ethtool_fecparam *fec)
{
	fec->fec = ETHTOOL_FEC_OFF;
	fec->active_fec = ETHTOOL_FEC_OFF;
	return 0;
}

static void inic_get_fec_stats(struct net_device *netdev,
			       struct ethtool_fec_stats *stats)
{
	stats->corrected_blocks.total = 0;
	stats->uncorrectable_blocks.total = 0;
}

/*
 * ethtool --reset: the device resets as a whole (both ports, shared
 * components), so only a request that covers all of it resets it, e.g.
 * `ethtool --reset DEV all`; the bits reset are cleared in *flags.
 */
#define INIC_RESET_PARTS	(ETH_RESET_DMA | ETH_RESET_FILTER | \
				 ETH_RESET_OFFLOAD | ETH_RESET_MAC | \
				 ETH_RESET_IRQ)
#define INIC_RESET_FLAGS	(INIC_RESET_PARTS | \
				 (INIC_RESET_PARTS << ETH_RESET_SHARED_SHIFT))

static int inic_ethtool_reset(struct net_device *netdev, u32 *flags)
{
	struct inic_port *port = netdev_priv(netdev);
	int err;

	if ((*flags & INIC_RESET_FLAGS) != INIC_RESET_FLAGS) {
		netdev_info(netdev, "reset: the device resets as a whole: ask for all (dma filter offload mac irq, dedicated and shared)\n");
		return -EOPNOTSUPP;
	}
	err = inic_dev_reset_recover(port->idev);
	if (!err)
		*flags &= ~INIC_RESET_FLAGS;
	return err;
}

static const struct ethtool_ops inic_ethtool_ops = {
	.supported_coalesce_params = ETHTOOL_COALESCE_USECS |
				     ETHTOOL_COALESCE_MAX_FRAMES |
				     ETHTOOL_COALESCE_USE_ADAPTIVE_RX,
	.get_drvinfo		= inic_get_drvinfo,
	.get_link		= ethtool_op_get_link,
	.reset			= inic_ethtool_reset,
	.get_link_ksettings	= inic_get_link_ksettings,
	.get_pauseparam		= inic_get_pauseparam,
	.get_pause_stats	= inic_get_pause_stats,
	.get_fecparam		= inic_get_fecparam,
	.get_fec_stats		= inic_get_fec_stats,
	.get_ringparam		= inic_get_ringparam,
	.set_ringparam		= inic_set_ringparam,
	.get_coalesce		= inic_get_coalesce,
	.set_coalesce		= inic_set_coalesce,
	.get_channels		= inic_get_channels,
	.set_channels		= inic_set_channels,
	.get_rxnfc		= inic_get_rxnfc,
	.set_rxnfc		= inic_set_rxnfc,
	.get_rxfh_key_size	= inic_get_rxfh_key_size,
	.get_rxfh_indir_size	= inic_get_rxfh_indir_size,
	.get_rxfh		= inic_get_rxfh,
	.set_rxfh		= inic_set_rxfh,
	/* RSS contexts: the classifier's (inic_cls_ethtool.c) */
	.rxfh_max_num_contexts	= INIC_CLS_RSS_CONTEXTS + 1,
	.rxfh_priv_size		= sizeof(u32),
	.create_rxfh_context	= inic_cls_create_rxfh_context,
	.modify_rxfh_context	= inic_cls_modify_rxfh_context,
	.remove_rxfh_context	= inic_cls_remove_rxfh_context,
	.get_sset_count		= inic_get_sset_count,
	.get_strings		= inic_get_strings,
	.get_ethtool_stats	= inic_get_ethtool_stats,
};

void inic_set_ethtool_ops(struct net_device *netdev)
{
	netdev->ethtool_ops = &inic_ethtool_ops;
}
