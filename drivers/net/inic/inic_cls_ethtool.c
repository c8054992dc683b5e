// SPDX-License-Identifier: GPL-2.0
/*
 * inic classifier, front door 1: ethtool ntuple (ethtool -N/-n) and the
 * classifier counters of ethtool -S.
 *
 * A spec becomes a policy rule (policy/cls.h) and the rule goes into the
 * shadow and the device (inic_cls.c). TCP and UDP specs go through the
 * kernel's ethtool_rx_flow_rule_create() and the flow_rule translation
 * that tc flower will share (inic_cls_from_flow_rule()). ether, ip4 and
 * ip6 specs are translated here directly: in 6.12 that helper refuses
 * IPV4_USER_FLOW and IPV6_USER_FLOW (-EINVAL), and for ETHER_FLOW it
 * does not mark the MAC address key as used and forces an exact
 * ethertype 0 when none is given. The set_rxnfc API has no extack: every
 * refusal is logged with netdev_err, naming the reason.
 */
#include <linux/etherdevice.h>
#include <linux/ethtool.h>
#include <linux/if_vlan.h>
#include <linux/netdevice.h>
#include <net/flow_offload.h>

#include "inic.h"
#include "inic_cls.h"

/* ethtool -S: rules with their own counters, lowest locations first. */
#define INIC_CLS_STATS_RULES	256

static const char * const inic_cls_stat_names[INIC_CLS_STAT__COUNT] = {
	[INIC_CLS_STAT_LOOKUPS]		= "cls_lookups",
	[INIC_CLS_STAT_HITS]		= "cls_hits",
	[INIC_CLS_STAT_DROPS]		= "cls_drops",
	[INIC_CLS_STAT_POLICE_DROPS]	= "cls_police_drops",
	[INIC_CLS_STAT_MIRRORS]		= "cls_mirrors",
	[INIC_CLS_STAT_DEST_DROPS]	= "cls_dest_drops",
};

static int inic_cls_refuse(struct inic_port *port, int err, const char *why)
{
	netdev_err(port->netdev, "ntuple rule refused: %s\n", why);
	return err;
}

/* ring_cookie: RX_CLS_FLOW_DISC, a ring, or a VF (VF bits: VF + 1). */
static int inic_cls_cookie_action(u64 cookie, struct inic_cls_action *a,
				  const char **why)
{
	u32 vf, ring;

	if (cookie == RX_CLS_FLOW_DISC) {
		a->type = INIC_CLS_ACT_DROP;
		return 0;
	}
	if (cookie == RX_CLS_FLOW_WAKE) {
		*why = "wake-on-LAN filters are not offered";
		return -EOPNOTSUPP;
	}
	vf = ethtool_get_flow_spec_ring_vf(cookie);
	ring = ethtool_get_flow_spec_ring(cookie);
	if (vf) {
		if (ring) {
			*why = "a VF's own rings cannot be chosen: use queue 0";
			return -EOPNOTSUPP;
		}
		a->type = INIC_CLS_ACT_VF;
		a->arg = vf - 1;	/* 0 is the PF */
		return 0;
	}
	a->type = INIC_CLS_ACT_RING;
	a->arg = ring;
	return 0;
}

static int inic_cls_spec_ether(const struct ethtool_rx_flow_spec *fs,
			       struct inic_cls_match *m)
{
	const struct ethhdr *h = &fs->h_u.ether_spec;
	const struct ethhdr *hm = &fs->m_u.ether_spec;

	ether_addr_copy(m->dmac, h->h_dest);
	ether_addr_copy(m->dmac_mask, hm->h_dest);
	ether_addr_copy(m->smac, h->h_source);
	ether_addr_copy(m->smac_mask, hm->h_source);
	m->ethertype = be16_to_cpu(h->h_proto);
	m->ethertype_mask = be16_to_cpu(hm->h_proto);
	return 0;
}

static int inic_cls_spec_ip4(const struct ethtool_rx_flow_spec *fs,
			     struct inic_cls_match *m, const char **why)
{
	const struct ethtool_usrip4_spec *h = &fs->h_u.usr_ip4_spec;
	const struct ethtool_usrip4_spec *hm = &fs->m_u.usr_ip4_spec;

	if (hm->l4_4_bytes) {
		*why = "l4data (the 4 bytes after the IP header) cannot be matched";
		return -EOPNOTSUPP;
	}
	if (h->ip_ver != ETH_RX_NFC_IP4 || hm->ip_ver) {
		*why = "ip4 rules are for IPv4 (ip_ver 4)";
		return -EINVAL;
	}
	m->ethertype = ETH_P_IP;
	m->ethertype_mask = 0xffff;
	memcpy(m->sip, &h->ip4src, 4);
	memcpy(m->sip_mask, &hm->ip4src, 4);
	memcpy(m->dip, &h->ip4dst, 4);
	memcpy(m->dip_mask, &hm->ip4dst, 4);
	m->tos = h->tos;
	m->tos_mask = hm->tos;
	m->ip_proto = h->proto;
	m->ip_proto_mask = hm->proto;
	return 0;
}

static int inic_cls_spec_ip6(const struct ethtool_rx_flow_spec *fs,
			     struct inic_cls_match *m, const char **why)
{
	const struct ethtool_usrip6_spec *h = &fs->h_u.usr_ip6_spec;
	const struct ethtool_usrip6_spec *hm = &fs->m_u.usr_ip6_spec;

	if (hm->l4_4_bytes) {
		*why = "l4data (the 4 bytes after the IP header) cannot be matched";
		return -EOPNOTSUPP;
	}
	m->ethertype = ETH_P_IPV6;
	m->ethertype_mask = 0xffff;
	memcpy(m->sip, h->ip6src, 16);
	memcpy(m->sip_mask, hm->ip6src, 16);
	memcpy(m->dip, h->ip6dst, 16);
	memcpy(m->dip_mask, hm->ip6dst, 16);
	m->tos = h->tclass;
	m->tos_mask = hm->tclass;
	m->ip_proto = h->l4_proto;
	m->ip_proto_mask = hm->l4_proto;
	return 0;
}

/* FLOW_EXT VLAN and FLOW_MAC_EXT destination of the directly read specs. */
static int inic_cls_spec_ext(const struct ethtool_rx_flow_spec *fs,
			     struct inic_cls_match *m, const char **why)
{
	if (fs->flow_type & FLOW_EXT) {
		u16 tci = be16_to_cpu(fs->h_ext.vlan_tci);
		u16 tci_m = be16_to_cpu(fs->m_ext.vlan_tci);

		if (tci_m & VLAN_CFI_MASK) {
			*why = "the VLAN DEI bit cannot be matched";
			return -EOPNOTSUPP;
		}
		m->vid = tci & VLAN_VID_MASK;
		m->vid_mask = tci_m & VLAN_VID_MASK;
		m->pcp = (tci & VLAN_PRIO_MASK) >> VLAN_PRIO_SHIFT;
		m->pcp_mask = (tci_m & VLAN_PRIO_MASK) >> VLAN_PRIO_SHIFT;
	}
	if (fs->flow_type & FLOW_MAC_EXT) {
		ether_addr_copy(m->dmac, fs->h_ext.h_dest);
		ether_addr_copy(m->dmac_mask, fs->m_ext.h_dest);
	}
	return 0;
}

/* TCP and UDP: through the kernel's flow_rule, as tc flower will come. */
static int inic_cls_spec_flow_rule(const struct ethtool_rx_flow_spec *fs,
				   struct inic_cls_rule *r, const char **why)
{
	struct ethtool_rx_flow_spec_input input = { .fs = fs };
	struct ethtool_rx_flow_rule *flow;
	int err;

	flow = ethtool_rx_flow_rule_create(&input);
	if (IS_ERR(flow)) {
		*why = "the kernel cannot express this spec as a flow rule";
		return PTR_ERR(flow);
	}
	err = inic_cls_from_flow_rule(flow->rule, r, why);
	ethtool_rx_flow_rule_destroy(flow);
	return err;
}

static int inic_cls_spec_to_rule(const struct ethtool_rx_flow_spec *fs,
				 struct inic_cls_rule *r, const char **why)
{
	u32 flow = fs->flow_type & ~(FLOW_EXT | FLOW_MAC_EXT | FLOW_RSS);
	int err;

	if ((fs->flow_type & FLOW_EXT) &&
	    (fs->m_ext.data[0] || fs->m_ext.data[1])) {
		*why = "user-def data cannot be matched";
		return -EOPNOTSUPP;
	}
	if ((fs->flow_type & FLOW_EXT) && fs->m_ext.vlan_etype) {
		*why = "vlan-etype cannot be matched (the classifier sees 802.1Q tags)";
		return -EOPNOTSUPP;
	}
	switch (flow) {
	case TCP_V4_FLOW:
	case UDP_V4_FLOW:
	case TCP_V6_FLOW:
	case UDP_V6_FLOW:
		return inic_cls_spec_flow_rule(fs, r, why);
	case ETHER_FLOW:
		err = inic_cls_spec_ether(fs, &r->m);
		break;
	case IPV4_USER_FLOW:
		err = inic_cls_spec_ip4(fs, &r->m, why);
		break;
	case IPV6_USER_FLOW:
		err = inic_cls_spec_ip6(fs, &r->m, why);
		break;
	default:
		*why = "flow type not offered (ether, ip4, tcp4, udp4, ip6, tcp6, udp6 are)";
		return -EOPNOTSUPP;
	}
	if (!err)
		err = inic_cls_spec_ext(fs, &r->m, why);
	if (!err)
		err = inic_cls_cookie_action(fs->ring_cookie, &r->act, why);
	return err;
}

/* An RSS context of the port: its device slot (the context's priv). */
static int inic_cls_rss_slot(struct inic_port *port, u32 id, u32 *slot)
{
	struct ethtool_rxfh_context *ctx;

	if (!id)
		return -ENOENT;
	ctx = xa_load(&port->netdev->ethtool->rss_ctx, id);
	if (!ctx)
		return -ENOENT;
	*slot = *(u32 *)ethtool_rxfh_context_priv(ctx);
	return 0;
}

/* context N [action 0]: the rule's ring becomes the context. */
static int inic_cls_rss_action(struct inic_port *port, u32 id,
			       struct inic_cls_action *a, const char **why)
{
	u32 slot;

	if (a->type != INIC_CLS_ACT_RING || a->arg) {
		*why = "with context N the action must be 0 (no queue offset within a context)";
		return -EOPNOTSUPP;
	}
	if (inic_cls_rss_slot(port, id, &slot)) {
		*why = "no such RSS context (ethtool -X DEV context new)";
		return -EINVAL;
	}
	a->type = INIC_CLS_ACT_RSS;
	a->arg = slot;
	return 0;
}

static int inic_cls_ins(struct inic_port *port, struct ethtool_rxnfc *cmd)
{
	struct ethtool_rx_flow_spec *fs = &cmd->fs;
	struct inic_cls_rule rule;
	const char *why = NULL;
	int loc, err;

	if (!port->idev->cls)
		return inic_cls_refuse(port, -EOPNOTSUPP,
				       "the device has no classifier");
	if (!(port->netdev->features & NETIF_F_NTUPLE))
		return inic_cls_refuse(port, -EOPNOTSUPP,
				       "ntuple filters are off (ethtool -K DEV ntuple on)");
	switch (fs->location) {
	case RX_CLS_LOC_ANY:
	case RX_CLS_LOC_FIRST:
		loc = inic_cls_free_loc(port, true);
		break;
	case RX_CLS_LOC_LAST:
		loc = inic_cls_free_loc(port, false);
		break;
	default:
		loc = fs->location;
		if (fs->location >= INIC_CLS_ETHTOOL_LOCS)
			return inic_cls_refuse(port, -EINVAL,
					       "location beyond the rule table (0..16383)");
	}
	if (loc < 0)
		return inic_cls_refuse(port, -ENOSPC,
				       "rule table full: no free location");

	memset(&rule, 0, sizeof(rule));
	if (fs->flow_type & FLOW_RSS) {
		/* the spec without FLOW_RSS: the ring cookie is a ring then */
		struct ethtool_rx_flow_spec plain = *fs;

		plain.flow_type &= ~FLOW_RSS;
		err = inic_cls_spec_to_rule(&plain, &rule, &why);
		if (!err)
			err = inic_cls_rss_action(port, cmd->rss_context,
						  &rule.act, &why);
	} else {
		err = inic_cls_spec_to_rule(fs, &rule, &why);
	}
	if (err)
		return inic_cls_refuse(port, err, why);
	/* Frames this port receives from the wire; lower locations win. */
	rule.m.port = port->id;
	rule.m.port_mask = 0xff;
	rule.m.origin = INIC_CLS_ORIGIN_WIRE;
	rule.m.origin_mask = 0xff;
	rule.prio = inic_cls_ethtool_prio(loc);
	err = inic_cls_insert(port, loc, fs, cmd->rss_context, &rule, &why);
	if (err)
		return inic_cls_refuse(port, err, why);
	fs->location = loc;
	return 0;
}

int inic_cls_get_rxnfc(struct inic_port *port, struct ethtool_rxnfc *cmd,
		       u32 *rule_locs)
{
	if (!port->idev->cls)
		return -EOPNOTSUPP;
	switch (cmd->cmd) {
	case ETHTOOL_GRXCLSRLCNT:
		cmd->rule_cnt = inic_cls_count(port);
		cmd->data = INIC_CLS_ETHTOOL_LOCS | RX_CLS_LOC_SPECIAL;
		return 0;
	case ETHTOOL_GRXCLSRULE:
		return inic_cls_get(port, cmd->fs.location, &cmd->fs,
				    &cmd->rss_context);
	case ETHTOOL_GRXCLSRLALL:
		if (inic_cls_count(port) > cmd->rule_cnt)
			return -EMSGSIZE;
		cmd->data = INIC_CLS_ETHTOOL_LOCS;
		cmd->rule_cnt = inic_cls_locs(port, rule_locs, cmd->rule_cnt);
		return 0;
	default:
		return -EOPNOTSUPP;
	}
}

int inic_cls_set_rxnfc(struct inic_port *port, struct ethtool_rxnfc *cmd)
{
	switch (cmd->cmd) {
	case ETHTOOL_SRXCLSRLINS:
		return inic_cls_ins(port, cmd);
	case ETHTOOL_SRXCLSRLDEL:
		if (!port->idev->cls)
			return -EOPNOTSUPP;
		return inic_cls_delete(port, cmd->fs.location);
	default:
		return -EOPNOTSUPP;
	}
}

/* ---- ethtool -S ---- */

static u32 inic_cls_stats_rules(struct inic_port *port)
{
	return min_t(u32, inic_cls_count(port), INIC_CLS_STATS_RULES);
}

int inic_cls_sset_count(struct inic_port *port)
{
	if (!port->idev->cls)
		return 0;
	return INIC_CLS_STAT__COUNT + 1 + 2 * inic_cls_stats_rules(port);
}

void inic_cls_get_strings(struct inic_port *port, u8 **data)
{
	u32 locs[INIC_CLS_STATS_RULES];
	u32 i, n;

	if (!port->idev->cls)
		return;
	for (i = 0; i < INIC_CLS_STAT__COUNT; i++)
		ethtool_puts(data, inic_cls_stat_names[i]);
	ethtool_puts(data, "cls_rules");
	n = inic_cls_locs(port, locs, inic_cls_stats_rules(port));
	for (i = 0; i < n; i++) {
		ethtool_sprintf(data, "cls_rule%u_packets", locs[i]);
		ethtool_sprintf(data, "cls_rule%u_bytes", locs[i]);
	}
}

void inic_cls_get_stats(struct inic_port *port, u64 **data)
{
	u64 dev[INIC_CLS_STAT__COUNT], rs[INIC_CLS_RSTAT__COUNT];
	u32 locs[INIC_CLS_STATS_RULES];
	u32 i, n;

	if (!port->idev->cls)
		return;
	inic_cls_dev_stats(port->idev, dev);
	for (i = 0; i < INIC_CLS_STAT__COUNT; i++)
		*(*data)++ = dev[i];
	*(*data)++ = inic_cls_count(port);
	n = inic_cls_locs(port, locs, inic_cls_stats_rules(port));
	for (i = 0; i < n; i++) {
		if (inic_cls_rule_stats(port, locs[i], rs))
			memset(rs, 0, sizeof(rs));
		*(*data)++ = rs[INIC_CLS_RSTAT_PKTS];
		*(*data)++ = rs[INIC_CLS_RSTAT_BYTES];
	}
}

/* ---- RSS contexts: ethtool -X DEV context new|N ---- */

int inic_cls_create_rxfh_context(struct net_device *netdev,
				 struct ethtool_rxfh_context *ctx,
				 const struct ethtool_rxfh_param *rxfh,
				 struct netlink_ext_ack *extack)
{
	struct inic_port *port = netdev_priv(netdev);
	u32 *indir = ethtool_rxfh_context_indir(ctx);
	int slot, err;
	u32 i;

	if (!port->idev->cls) {
		NL_SET_ERR_MSG(extack, "the device has no classifier");
		return -EOPNOTSUPP;
	}
	/*
	 * A context's key and hash function are the port's: the ethtool core
	 * refuses them per context (no rxfh_per_ctx_key).
	 */
	err = inic_rxfh_check(port, rxfh, extack);
	if (err)
		return err;
	slot = inic_cls_rss_get(port);
	if (slot < 0) {
		NL_SET_ERR_MSG(extack, "every RSS context of the device is in use (8)");
		return slot;
	}
	*(u32 *)ethtool_rxfh_context_priv(ctx) = slot;
	/* what the core shows for the context: given or spread */
	for (i = 0; i < INIC_RSS_RETA_SIZE; i++)
		indir[i] = rxfh->indir ? rxfh->indir[i] :
			   ethtool_rxfh_indir_default(i, port->active);
	memcpy(ethtool_rxfh_context_key(ctx), port->rss_key,
	       sizeof(port->rss_key));
	ctx->hfunc = ETH_RSS_HASH_TOP;
	inic_cls_rss_write(port, slot, indir);
	return 0;
}

int inic_cls_modify_rxfh_context(struct net_device *netdev,
				 struct ethtool_rxfh_context *ctx,
				 const struct ethtool_rxfh_param *rxfh,
				 struct netlink_ext_ack *extack)
{
	struct inic_port *port = netdev_priv(netdev);
	int err;

	err = inic_rxfh_check(port, rxfh, extack);
	if (err)
		return err;
	if (rxfh->indir)
		inic_cls_rss_write(port, *(u32 *)ethtool_rxfh_context_priv(ctx),
				   rxfh->indir);
	return 0;
}

int inic_cls_remove_rxfh_context(struct net_device *netdev,
				 struct ethtool_rxfh_context *ctx,
				 u32 rss_context,
				 struct netlink_ext_ack *extack)
{
	struct inic_port *port = netdev_priv(netdev);
	u32 slot = *(u32 *)ethtool_rxfh_context_priv(ctx);

	/*
	 * A user's delete is refused while a rule sends frames there; the
	 * core's teardown of an unregistering netdev cannot be (its rules go
	 * with the device, after it).
	 */
	if (netdev->reg_state == NETREG_REGISTERED &&
	    inic_cls_rss_in_use(port, slot)) {
		NL_SET_ERR_MSG(extack, "an ntuple rule uses this RSS context: delete it first");
		return -EBUSY;
	}
	inic_cls_rss_put(port, slot);
	return 0;
}
