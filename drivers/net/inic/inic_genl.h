/* SPDX-License-Identifier: GPL-2.0 */
/*
 * inic generic netlink family "inic" (Documentation/netlink/specs/inic.yaml):
 * the driver's side. The policy and op tables are generated
 * (inic_nl_gen.[ch]); inic_genl.c is the family core (device table,
 * lookups, do/dump helpers, DEV object, monitor events); each other
 * object's handlers live beside its feature: inic_port_nl.c (PORT,
 * RING_STATS), inic_sriov_nl.c (VF), inic_cls_nl.c (RULE), inic_lag_nl.c
 * (LAG, VF_SET's lag attribute, the LAG failover event, whose entry point
 * inic_genl_lag_failover() is declared in inic_lag.h), inic_toe_nl.c
 * (TOE: TOE_GET, TOE_LISTEN_ADD/DEL).
 */
#ifndef INIC_GENL_H
#define INIC_GENL_H

#include <linux/types.h>
#include <net/genetlink.h>

struct inic_dev;
struct inic_port;

/* Module init/exit: register and unregister the family. */
int inic_genl_init(void);
void inic_genl_exit(void);

/*
 * Make a device visible to the family (end of probe, all ports registered)
 * and hide it again (remove, first: before the SR-IOV state, the netdevs
 * and the misc interrupt go). Both may sleep.
 */
int inic_genl_dev_add(struct inic_dev *idev);
void inic_genl_dev_del(struct inic_dev *idev);

/*
 * A link change interrupt arrived: any context (hard IRQ included).
 * Notifies the monitor group from a work item.
 */
void inic_genl_link_changed(struct inic_dev *idev);

/*
 * A VF changed (enum inic_vf_event). Called from the PF's sleepable paths
 * with their locks held: takes no lock of the family.
 */
void inic_genl_vf_event(struct inic_dev *idev, u32 vf, u32 event);

/* ---- the family core, for the per-object handlers ---- */

/* Dump cursor, in cb->ctx: the next object to emit. */
struct inic_genl_dump_ctx {
	unsigned long dev;
	u32 port;
	u32 queue;
};

static inline struct inic_genl_dump_ctx *
inic_genl_ctx(struct netlink_callback *cb)
{
	return (struct inic_genl_dump_ctx *)cb->ctx;
}

/* What a dump step returns: a full skb is sent, not an error. */
static inline int inic_genl_dump_ret(struct sk_buff *skb, int err)
{
	return err == -EMSGSIZE && skb->len ? skb->len : err;
}

/* The device table lock; every lookup below needs it held. */
void inic_genl_lock(void);
void inic_genl_unlock(void);

struct inic_port *inic_genl_port(struct inic_dev *idev, u32 p,
				 struct net *net);
bool inic_genl_dev_visible(struct inic_dev *idev, struct net *net);
bool inic_genl_vfs_visible(struct inic_dev *idev, struct net *net);
bool inic_genl_any_ring(u32 ring, struct net *net);
struct inic_dev *inic_genl_dev_next(unsigned long *id);
int inic_genl_req_dev(const struct genl_info *info, int bus_attr,
		      struct inic_dev **idev);
int inic_genl_req_ifindex(const struct genl_info *info, int ifindex_attr,
			  struct inic_port **port);
int inic_genl_req_port_index(const struct genl_info *info, int index_attr,
			     struct inic_dev *idev, struct inic_port **port);
int inic_genl_req_dev_port(const struct genl_info *info, int bus_attr,
			   int ifindex_attr, struct inic_dev **idev,
			   struct inic_port **port);
struct inic_port *inic_genl_dump_port(struct inic_genl_dump_ctx *ctx,
				      struct inic_dev *only, struct net *net);
/* Answer a do request with the message fill() writes under the lock. */
int inic_genl_reply(struct genl_info *info,
		    int (*fill)(struct sk_buff *msg, struct genl_info *info));

/* inic_sriov_nl.c: the SR-IOV attributes of a DEV_GET reply. */
int inic_sriov_nl_dev_fill(struct sk_buff *skb, struct inic_dev *idev,
			   struct net *net);

/*
 * inic_lag_nl.c: VF_SET's lag attribute (enum inic_vf_lag) for enabled VF
 * v; RTNL and inic_genl_lock held. Sets an extack on refusal.
 */
int inic_lag_nl_vf_set(struct inic_dev *idev, u32 v, struct nlattr *attr,
		       struct netlink_ext_ack *extack);

#endif /* INIC_GENL_H */
