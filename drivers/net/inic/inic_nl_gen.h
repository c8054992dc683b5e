/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/* Do not edit directly, auto-generated from: */
/*	Documentation/netlink/specs/inic.yaml */
/* YNL-GEN kernel header */

#ifndef _LINUX_INIC_GEN_H
#define _LINUX_INIC_GEN_H

#include <net/netlink.h>
#include <net/genetlink.h>

#include <uapi/linux/inic.h>

int inic_nl_dev_get_doit(struct sk_buff *skb, struct genl_info *info);
int inic_nl_dev_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int inic_nl_port_get_doit(struct sk_buff *skb, struct genl_info *info);
int inic_nl_port_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int inic_nl_port_set_doit(struct sk_buff *skb, struct genl_info *info);
int inic_nl_ring_stats_get_dumpit(struct sk_buff *skb,
				  struct netlink_callback *cb);
int inic_nl_vf_get_doit(struct sk_buff *skb, struct genl_info *info);
int inic_nl_vf_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int inic_nl_rule_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int inic_nl_vf_set_doit(struct sk_buff *skb, struct genl_info *info);
int inic_nl_lag_get_doit(struct sk_buff *skb, struct genl_info *info);
int inic_nl_lag_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int inic_nl_toe_get_doit(struct sk_buff *skb, struct genl_info *info);
int inic_nl_toe_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int inic_nl_toe_listen_add_doit(struct sk_buff *skb, struct genl_info *info);
int inic_nl_toe_listen_del_doit(struct sk_buff *skb, struct genl_info *info);
int inic_nl_vnic_get_doit(struct sk_buff *skb, struct genl_info *info);
int inic_nl_vnic_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int inic_nl_vnic_new_doit(struct sk_buff *skb, struct genl_info *info);
int inic_nl_vnic_del_doit(struct sk_buff *skb, struct genl_info *info);
int inic_nl_vnic_set_doit(struct sk_buff *skb, struct genl_info *info);

enum {
	INIC_NLGRP_MONITOR,
};

extern struct genl_family inic_nl_family;

#endif /* _LINUX_INIC_GEN_H */
