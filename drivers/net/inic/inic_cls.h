/* SPDX-License-Identifier: GPL-2.0 */
/*
 * inic classifier: the driver's shadow of the device's rule tables
 * (inic_cls.c), the flow_rule translation (inic_cls_flow.c) and its front
 * doors (inic_cls_ethtool.c: ethtool ntuple; inic_cls_tc.c: tc flower).
 */
#ifndef INIC_CLS_H
#define INIC_CLS_H

#include <linux/ethtool.h>
#include <linux/hashtable.h>
#include <linux/mutex.h>
#include <linux/netdevice.h>
#include <linux/types.h>

#include "policy/cls.h"

struct flow_rule;
struct inic_dev;
struct inic_port;

/* Who put a rule in the device. */
enum inic_cls_owner {
	INIC_CLS_OWNER_ETHTOOL,
	INIC_CLS_OWNER_TC,
};

/* One rule the driver put in the device. */
struct inic_cls_entry {
	struct ethtool_rx_flow_spec fs;	/* ethtool: as the user gave it */
	u32 rss_context;		/* ethtool: its context (FLOW_RSS) */
	struct inic_cls_hw hw;		/* what the device holds */
	u32 table;			/* INIC_CLS_TABLE_EXACT/MASKED */
	u64 base[INIC_CLS_RSTAT__COUNT];	/* hits before the last device reset */
	u32 index;			/* entry in that table */
	/* tc flower rules only */
	struct hlist_node tc_node;	/* in inic_cls.tc, by cookie */
	unsigned long cookie;		/* the filter's */
	u32 port;			/* the netdev's port */
	u32 tc_prio;			/* the filter's priority */
	u64 seen[INIC_CLS_RSTAT__COUNT];	/* counters reported to tc */
	unsigned long lastused;		/* jiffies of the last new hit */
};

#define INIC_CLS_TC_HASH_BITS	10

/* A port's ethtool locations. */
struct inic_cls_port {
	struct inic_cls_entry **loc;	/* INIC_CLS_ETHTOOL_LOCS */
	u32 count;
};

struct inic_cls {
	/*
	 * The shadow, the staging registers and the command register: a
	 * rule is composed, commanded and read back under it.
	 */
	struct mutex lock;
	struct inic_cls_masks masks;	/* exact-table masks (policy) */
	struct inic_cls_port ports[INIC_MAX_PORTS];
	u32 num_ports;
	u32 used[2];			/* rules per table */
	DECLARE_HASHTABLE(tc, INIC_CLS_TC_HASH_BITS);	/* tc flower rules */
	u32 tc_count[INIC_MAX_PORTS];
	/* RSS contexts (device-wide slots): the owning port + 1, 0 free */
	u32 rss_owner[INIC_CLS_RSS_CONTEXTS];
	struct dentry *dbg;		/* inic/<bdf>/cls */
};

/* inic_cls.c: probe order (PF with CAP_CLS; elsewhere a no-op) */
int inic_cls_init(struct inic_dev *idev);
void inic_cls_fini(struct inic_dev *idev);

/*
 * Device reset recovery (inic_pci.c): before the reset, fold every rule's
 * counters into its shadow and hold the shadow; after it, program every
 * rule and RSS context again and let go. Caller holds RTNL.
 */
void inic_cls_reset_prepare(struct inic_dev *idev);
void inic_cls_reset_done(struct inic_dev *idev);

/* Limits of a rule for a port (policy/cls.h). */
void inic_cls_limits(struct inic_port *port, struct inic_cls_limits *lim);
/*
 * Put a rule at a port's location (replacing the rule there), or remove
 * it. Caller holds RTNL; *why explains a refusal.
 */
int inic_cls_insert(struct inic_port *port, u32 loc,
		    const struct ethtool_rx_flow_spec *fs, u32 rss_context,
		    const struct inic_cls_rule *rule, const char **why);
int inic_cls_delete(struct inic_port *port, u32 loc);
void inic_cls_port_flush(struct inic_port *port);
/* A free location: lowest (first) or highest (!first); -ENOSPC. */
int inic_cls_free_loc(struct inic_port *port, bool first);
/* The rule at loc (a copy of its spec), -ENOENT. */
int inic_cls_get(struct inic_port *port, u32 loc,
		 struct ethtool_rx_flow_spec *fs, u32 *rss_context);
/* Locations in use, ascending, at most max; returns how many. */
u32 inic_cls_locs(struct inic_port *port, u32 *locs, u32 max);
u32 inic_cls_count(struct inic_port *port);
/* A rule's device counters (INIC_CLS_RSTAT_*). */
int inic_cls_rule_stats(struct inic_port *port, u32 loc,
			u64 stats[INIC_CLS_RSTAT__COUNT]);
/* An entry's counters, carried over resets (inic_debugfs.c). cls->lock. */
void inic_cls_entry_stats(struct inic_dev *idev,
			  const struct inic_cls_entry *e,
			  u64 stats[INIC_CLS_RSTAT__COUNT]);
/* The device-wide counters (INIC_CLS_STAT_*). */
void inic_cls_dev_stats(struct inic_dev *idev, u64 stats[INIC_CLS_STAT__COUNT]);
/* inic_cls_flow.c: a flow_rule (ethtool ntuple, tc flower) as a policy rule. */
int inic_cls_from_flow_rule(const struct flow_rule *flow,
			    struct inic_cls_rule *r, const char **why);
/* A flow_rule's matches only (tc flower has actions of its own). */
int inic_cls_flow_match(const struct flow_rule *flow,
			struct inic_cls_match *m, const char **why);

/*
 * tc flower rules, by the filter's cookie. Insert replaces a rule with
 * the same cookie; stats gives what the device counted since the last
 * call (tc adds deltas). Caller holds RTNL (tc's offload path).
 */
int inic_cls_tc_insert(struct inic_port *port, unsigned long cookie,
		       u32 tc_prio, const struct inic_cls_rule *rule,
		       const struct net_device *const vnic_dev[2],
		       const char **why);
int inic_cls_tc_delete(struct inic_port *port, unsigned long cookie);
int inic_cls_tc_stats(struct inic_port *port, unsigned long cookie,
		      u64 delta[INIC_CLS_RSTAT__COUNT],
		      unsigned long *lastused);
u32 inic_cls_tc_count(struct inic_port *port);
/*
 * VNIC entry n is being deleted (inic_vnic_delete, RTNL, before the
 * entry is free again): the rules that name it stay in the device, which
 * drops their frames and copies (DEST_DROPS), and become in the shadow
 * what the device now does (a DROP, no mirror), so that a reset recovery
 * cannot aim them at the entry's next VNIC.
 */
void inic_cls_vnic_gone(struct inic_dev *idev, u32 n);
/*
 * RSS contexts: a device slot for a port's context (-ENOSPC), its
 * indirection table (the port's queue indexes), whether a rule still
 * sends frames to it, and its release. Caller holds RTNL.
 */
int inic_cls_rss_get(struct inic_port *port);
void inic_cls_rss_write(struct inic_port *port, u32 slot, const u32 *indir);
bool inic_cls_rss_in_use(struct inic_port *port, u32 slot);
void inic_cls_rss_put(struct inic_port *port, u32 slot);

/*
 * Every rule of the device as a front door installed it, with the
 * device's counters: for listings (inic_cls_nl.c).
 */
struct inic_cls_rule_info {
	u32 pos;			/* the cursor that names this rule */
	u32 owner;			/* enum inic_cls_owner */
	u32 port;			/* the port (netdev) it belongs to */
	u32 loc;			/* ethtool: the location */
	u32 tc_prio;			/* tc: the filter's priority */
	u32 table;			/* INIC_CLS_TABLE_EXACT/MASKED */
	u64 base[INIC_CLS_RSTAT__COUNT];	/* hits before the last device reset */
	u32 index;			/* entry in that table */
	struct inic_cls_hw hw;		/* what the device holds */
	u64 stats[INIC_CLS_RSTAT__COUNT];
};

/*
 * Copy out at most max rules from cursor *pos on (0 names the first):
 * ethtool rules by port and location, then tc rules. *pos moves past the
 * last one copied, and each carries its own cursor, so a listing can
 * resume at any of them. Returns how many: 0 past the last rule, or on a
 * device without a classifier. Takes cls->lock; may sleep.
 */
u32 inic_cls_rules(struct inic_dev *idev, u32 *pos,
		   struct inic_cls_rule_info *info, u32 max);
/* debugfs: every rule with its counters. */

/* inic_cls_ethtool.c */
int inic_cls_create_rxfh_context(struct net_device *netdev,
				 struct ethtool_rxfh_context *ctx,
				 const struct ethtool_rxfh_param *rxfh,
				 struct netlink_ext_ack *extack);
int inic_cls_modify_rxfh_context(struct net_device *netdev,
				 struct ethtool_rxfh_context *ctx,
				 const struct ethtool_rxfh_param *rxfh,
				 struct netlink_ext_ack *extack);
int inic_cls_remove_rxfh_context(struct net_device *netdev,
				 struct ethtool_rxfh_context *ctx,
				 u32 rss_context,
				 struct netlink_ext_ack *extack);
int inic_cls_get_rxnfc(struct inic_port *port, struct ethtool_rxnfc *cmd,
		       u32 *rule_locs);
int inic_cls_set_rxnfc(struct inic_port *port, struct ethtool_rxnfc *cmd);
int inic_cls_sset_count(struct inic_port *port);
void inic_cls_get_strings(struct inic_port *port, u8 **data);
void inic_cls_get_stats(struct inic_port *port, u64 **data);

/* inic_cls_tc.c: ndo_setup_tc (TC_SETUP_BLOCK: flower on ingress) */
int inic_cls_setup_tc(struct net_device *netdev, enum tc_setup_type type,
		      void *type_data);

#endif /* INIC_CLS_H */
