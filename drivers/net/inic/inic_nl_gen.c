// SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause)
/* Do not edit directly, auto-generated from: */
/*	Documentation/netlink/specs/inic.yaml */
/* YNL-GEN kernel source */

#include <net/netlink.h>
#include <net/genetlink.h>

#include "inic_nl_gen.h"

#include <uapi/linux/inic.h>

/* Integer value ranges */
static const struct netlink_range_validation inic_a_port_ifindex_range = {
	.min	= 1ULL,
	.max	= 2147483647ULL,
};

static const struct netlink_range_validation inic_a_stats_ifindex_range = {
	.min	= 1ULL,
	.max	= 2147483647ULL,
};

static const struct netlink_range_validation inic_a_vf_ifindex_range = {
	.min	= 1ULL,
	.max	= 2147483647ULL,
};

static const struct netlink_range_validation inic_a_rule_ifindex_range = {
	.min	= 1ULL,
	.max	= 2147483647ULL,
};

static const struct netlink_range_validation inic_a_toe_ifindex_range = {
	.min	= 1ULL,
	.max	= 2147483647ULL,
};

static const struct netlink_range_validation inic_a_toe_tcp_port_range = {
	.max	= 65535ULL,
};

static const struct netlink_range_validation inic_a_vnic_ifindex_range = {
	.min	= 1ULL,
	.max	= 2147483647ULL,
};

/* INIC_CMD_DEV_GET - do */
static const struct nla_policy inic_dev_get_nl_policy[INIC_A_DEV_BUS_NAME + 1] = {
	[INIC_A_DEV_BUS_NAME] = { .type = NLA_NUL_STRING, .len = 31, },
};

/* INIC_CMD_PORT_GET - do */
static const struct nla_policy inic_port_get_do_nl_policy[INIC_A_PORT_IFINDEX + 1] = {
	[INIC_A_PORT_IFINDEX] = NLA_POLICY_FULL_RANGE(NLA_U32, &inic_a_port_ifindex_range),
	[INIC_A_PORT_BUS_NAME] = { .type = NLA_NUL_STRING, .len = 31, },
	[INIC_A_PORT_INDEX] = NLA_POLICY_MAX(NLA_U32, 7),
};

/* INIC_CMD_PORT_GET - dump */
static const struct nla_policy inic_port_get_dump_nl_policy[INIC_A_PORT_BUS_NAME + 1] = {
	[INIC_A_PORT_BUS_NAME] = { .type = NLA_NUL_STRING, .len = 31, },
};

/* INIC_CMD_PORT_SET - do */
static const struct nla_policy inic_port_set_nl_policy[INIC_A_PORT_MTU + 1] = {
	[INIC_A_PORT_IFINDEX] = NLA_POLICY_FULL_RANGE(NLA_U32, &inic_a_port_ifindex_range),
	[INIC_A_PORT_MAC] = NLA_POLICY_EXACT_LEN(6),
	[INIC_A_PORT_MTU] = NLA_POLICY_RANGE(NLA_U32, 68, 9000),
};

/* INIC_CMD_RING_STATS_GET - dump */
static const struct nla_policy inic_ring_stats_get_nl_policy[INIC_A_STATS_RING + 1] = {
	[INIC_A_STATS_BUS_NAME] = { .type = NLA_NUL_STRING, .len = 31, },
	[INIC_A_STATS_PORT_INDEX] = NLA_POLICY_MAX(NLA_U32, 7),
	[INIC_A_STATS_IFINDEX] = NLA_POLICY_FULL_RANGE(NLA_U32, &inic_a_stats_ifindex_range),
	[INIC_A_STATS_RING] = NLA_POLICY_MAX(NLA_U32, 255),
};

/* INIC_CMD_VF_GET - do */
static const struct nla_policy inic_vf_get_do_nl_policy[INIC_A_VF_INDEX + 1] = {
	[INIC_A_VF_BUS_NAME] = { .type = NLA_NUL_STRING, .len = 31, },
	[INIC_A_VF_IFINDEX] = NLA_POLICY_FULL_RANGE(NLA_U32, &inic_a_vf_ifindex_range),
	[INIC_A_VF_INDEX] = NLA_POLICY_MAX(NLA_U32, 31),
};

/* INIC_CMD_VF_GET - dump */
static const struct nla_policy inic_vf_get_dump_nl_policy[INIC_A_VF_IFINDEX + 1] = {
	[INIC_A_VF_BUS_NAME] = { .type = NLA_NUL_STRING, .len = 31, },
	[INIC_A_VF_IFINDEX] = NLA_POLICY_FULL_RANGE(NLA_U32, &inic_a_vf_ifindex_range),
};

/* INIC_CMD_RULE_GET - dump */
static const struct nla_policy inic_rule_get_nl_policy[INIC_A_RULE_IFINDEX + 1] = {
	[INIC_A_RULE_BUS_NAME] = { .type = NLA_NUL_STRING, .len = 31, },
	[INIC_A_RULE_IFINDEX] = NLA_POLICY_FULL_RANGE(NLA_U32, &inic_a_rule_ifindex_range),
};

/* INIC_CMD_VF_SET - do */
static const struct nla_policy inic_vf_set_nl_policy[INIC_A_VF_LAG + 1] = {
	[INIC_A_VF_BUS_NAME] = { .type = NLA_NUL_STRING, .len = 31, },
	[INIC_A_VF_IFINDEX] = NLA_POLICY_FULL_RANGE(NLA_U32, &inic_a_vf_ifindex_range),
	[INIC_A_VF_INDEX] = NLA_POLICY_MAX(NLA_U32, 31),
	[INIC_A_VF_LAG] = NLA_POLICY_MAX(NLA_U32, 1),
};

/* INIC_CMD_LAG_GET - do */
static const struct nla_policy inic_lag_get_nl_policy[INIC_A_LAG_BUS_NAME + 1] = {
	[INIC_A_LAG_BUS_NAME] = { .type = NLA_NUL_STRING, .len = 31, },
};

/* INIC_CMD_TOE_GET - do */
static const struct nla_policy inic_toe_get_nl_policy[INIC_A_TOE_IFINDEX + 1] = {
	[INIC_A_TOE_BUS_NAME] = { .type = NLA_NUL_STRING, .len = 31, },
	[INIC_A_TOE_IFINDEX] = NLA_POLICY_FULL_RANGE(NLA_U32, &inic_a_toe_ifindex_range),
};

/* INIC_CMD_TOE_LISTEN_ADD - do */
static const struct nla_policy inic_toe_listen_add_nl_policy[INIC_A_TOE_ADDR + 1] = {
	[INIC_A_TOE_IFINDEX] = NLA_POLICY_FULL_RANGE(NLA_U32, &inic_a_toe_ifindex_range),
	[INIC_A_TOE_TCP_PORT] = NLA_POLICY_FULL_RANGE(NLA_U32, &inic_a_toe_tcp_port_range),
	[INIC_A_TOE_FAMILY] = { .type = NLA_U32, },
	[INIC_A_TOE_ADDR] = { .type = NLA_BINARY, },
};

/* INIC_CMD_TOE_LISTEN_DEL - do */
static const struct nla_policy inic_toe_listen_del_nl_policy[INIC_A_TOE_ADDR + 1] = {
	[INIC_A_TOE_IFINDEX] = NLA_POLICY_FULL_RANGE(NLA_U32, &inic_a_toe_ifindex_range),
	[INIC_A_TOE_TCP_PORT] = NLA_POLICY_FULL_RANGE(NLA_U32, &inic_a_toe_tcp_port_range),
	[INIC_A_TOE_FAMILY] = { .type = NLA_U32, },
	[INIC_A_TOE_ADDR] = { .type = NLA_BINARY, },
};

/* INIC_CMD_VNIC_GET - do */
static const struct nla_policy inic_vnic_get_do_nl_policy[INIC_A_VNIC_NAME + 1] = {
	[INIC_A_VNIC_BUS_NAME] = { .type = NLA_NUL_STRING, .len = 31, },
	[INIC_A_VNIC_IFINDEX] = NLA_POLICY_FULL_RANGE(NLA_U32, &inic_a_vnic_ifindex_range),
	[INIC_A_VNIC_NAME] = { .type = NLA_NUL_STRING, .len = 15, },
};

/* INIC_CMD_VNIC_GET - dump */
static const struct nla_policy inic_vnic_get_dump_nl_policy[INIC_A_VNIC_IFINDEX + 1] = {
	[INIC_A_VNIC_BUS_NAME] = { .type = NLA_NUL_STRING, .len = 31, },
	[INIC_A_VNIC_IFINDEX] = NLA_POLICY_FULL_RANGE(NLA_U32, &inic_a_vnic_ifindex_range),
};

/* INIC_CMD_VNIC_NEW - do */
static const struct nla_policy inic_vnic_new_nl_policy[INIC_A_VNIC_MIRROR_VF + 1] = {
	[INIC_A_VNIC_IFINDEX] = NLA_POLICY_FULL_RANGE(NLA_U32, &inic_a_vnic_ifindex_range),
	[INIC_A_VNIC_NAME] = { .type = NLA_NUL_STRING, .len = 15, },
	[INIC_A_VNIC_MAC] = NLA_POLICY_EXACT_LEN(6),
	[INIC_A_VNIC_VLAN] = NLA_POLICY_MAX(NLA_U32, 4094),
	[INIC_A_VNIC_RINGS] = NLA_POLICY_RANGE(NLA_U32, 1, 16),
	[INIC_A_VNIC_MAX_TX_RATE] = { .type = NLA_U32, },
	[INIC_A_VNIC_MIRROR] = { .type = NLA_NUL_STRING, .len = 15, },
	[INIC_A_VNIC_MIRROR_VF] = NLA_POLICY_MAX(NLA_U32, 31),
};

/* INIC_CMD_VNIC_DEL - do */
static const struct nla_policy inic_vnic_del_nl_policy[INIC_A_VNIC_NAME + 1] = {
	[INIC_A_VNIC_BUS_NAME] = { .type = NLA_NUL_STRING, .len = 31, },
	[INIC_A_VNIC_IFINDEX] = NLA_POLICY_FULL_RANGE(NLA_U32, &inic_a_vnic_ifindex_range),
	[INIC_A_VNIC_NAME] = { .type = NLA_NUL_STRING, .len = 15, },
};

/* INIC_CMD_VNIC_SET - do */
static const struct nla_policy inic_vnic_set_nl_policy[INIC_A_VNIC_MAX_TX_RATE + 1] = {
	[INIC_A_VNIC_BUS_NAME] = { .type = NLA_NUL_STRING, .len = 31, },
	[INIC_A_VNIC_IFINDEX] = NLA_POLICY_FULL_RANGE(NLA_U32, &inic_a_vnic_ifindex_range),
	[INIC_A_VNIC_NAME] = { .type = NLA_NUL_STRING, .len = 15, },
	[INIC_A_VNIC_MAX_TX_RATE] = { .type = NLA_U32, },
};

/* Ops table for inic */
static const struct genl_split_ops inic_nl_ops[] = {
	{
		.cmd		= INIC_CMD_DEV_GET,
		.doit		= inic_nl_dev_get_doit,
		.policy		= inic_dev_get_nl_policy,
		.maxattr	= INIC_A_DEV_BUS_NAME,
		.flags		= GENL_CMD_CAP_DO,
	},
	{
		.cmd	= INIC_CMD_DEV_GET,
		.dumpit	= inic_nl_dev_get_dumpit,
		.flags	= GENL_CMD_CAP_DUMP,
	},
	{
		.cmd		= INIC_CMD_PORT_GET,
		.doit		= inic_nl_port_get_doit,
		.policy		= inic_port_get_do_nl_policy,
		.maxattr	= INIC_A_PORT_IFINDEX,
		.flags		= GENL_CMD_CAP_DO,
	},
	{
		.cmd		= INIC_CMD_PORT_GET,
		.dumpit		= inic_nl_port_get_dumpit,
		.policy		= inic_port_get_dump_nl_policy,
		.maxattr	= INIC_A_PORT_BUS_NAME,
		.flags		= GENL_CMD_CAP_DUMP,
	},
	{
		.cmd		= INIC_CMD_PORT_SET,
		.doit		= inic_nl_port_set_doit,
		.policy		= inic_port_set_nl_policy,
		.maxattr	= INIC_A_PORT_MTU,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= INIC_CMD_RING_STATS_GET,
		.dumpit		= inic_nl_ring_stats_get_dumpit,
		.policy		= inic_ring_stats_get_nl_policy,
		.maxattr	= INIC_A_STATS_RING,
		.flags		= GENL_CMD_CAP_DUMP,
	},
	{
		.cmd		= INIC_CMD_VF_GET,
		.doit		= inic_nl_vf_get_doit,
		.policy		= inic_vf_get_do_nl_policy,
		.maxattr	= INIC_A_VF_INDEX,
		.flags		= GENL_CMD_CAP_DO,
	},
	{
		.cmd		= INIC_CMD_VF_GET,
		.dumpit		= inic_nl_vf_get_dumpit,
		.policy		= inic_vf_get_dump_nl_policy,
		.maxattr	= INIC_A_VF_IFINDEX,
		.flags		= GENL_CMD_CAP_DUMP,
	},
	{
		.cmd		= INIC_CMD_RULE_GET,
		.dumpit		= inic_nl_rule_get_dumpit,
		.policy		= inic_rule_get_nl_policy,
		.maxattr	= INIC_A_RULE_IFINDEX,
		.flags		= GENL_CMD_CAP_DUMP,
	},
	{
		.cmd		= INIC_CMD_VF_SET,
		.doit		= inic_nl_vf_set_doit,
		.policy		= inic_vf_set_nl_policy,
		.maxattr	= INIC_A_VF_LAG,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= INIC_CMD_LAG_GET,
		.doit		= inic_nl_lag_get_doit,
		.policy		= inic_lag_get_nl_policy,
		.maxattr	= INIC_A_LAG_BUS_NAME,
		.flags		= GENL_CMD_CAP_DO,
	},
	{
		.cmd	= INIC_CMD_LAG_GET,
		.dumpit	= inic_nl_lag_get_dumpit,
		.flags	= GENL_CMD_CAP_DUMP,
	},
	{
		.cmd		= INIC_CMD_TOE_GET,
		.doit		= inic_nl_toe_get_doit,
		.policy		= inic_toe_get_nl_policy,
		.maxattr	= INIC_A_TOE_IFINDEX,
		.flags		= GENL_CMD_CAP_DO,
	},
	{
		.cmd	= INIC_CMD_TOE_GET,
		.dumpit	= inic_nl_toe_get_dumpit,
		.flags	= GENL_CMD_CAP_DUMP,
	},
	{
		.cmd		= INIC_CMD_TOE_LISTEN_ADD,
		.doit		= inic_nl_toe_listen_add_doit,
		.policy		= inic_toe_listen_add_nl_policy,
		.maxattr	= INIC_A_TOE_ADDR,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= INIC_CMD_TOE_LISTEN_DEL,
		.doit		= inic_nl_toe_listen_del_doit,
		.policy		= inic_toe_listen_del_nl_policy,
		.maxattr	= INIC_A_TOE_ADDR,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= INIC_CMD_VNIC_GET,
		.doit		= inic_nl_vnic_get_doit,
		.policy		= inic_vnic_get_do_nl_policy,
		.maxattr	= INIC_A_VNIC_NAME,
		.flags		= GENL_CMD_CAP_DO,
	},
	{
		.cmd		= INIC_CMD_VNIC_GET,
		.dumpit		= inic_nl_vnic_get_dumpit,
		.policy		= inic_vnic_get_dump_nl_policy,
		.maxattr	= INIC_A_VNIC_IFINDEX,
		.flags		= GENL_CMD_CAP_DUMP,
	},
	{
		.cmd		= INIC_CMD_VNIC_NEW,
		.doit		= inic_nl_vnic_new_doit,
		.policy		= inic_vnic_new_nl_policy,
		.maxattr	= INIC_A_VNIC_MIRROR_VF,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= INIC_CMD_VNIC_DEL,
		.doit		= inic_nl_vnic_del_doit,
		.policy		= inic_vnic_del_nl_policy,
		.maxattr	= INIC_A_VNIC_NAME,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= INIC_CMD_VNIC_SET,
		.doit		= inic_nl_vnic_set_doit,
		.policy		= inic_vnic_set_nl_policy,
		.maxattr	= INIC_A_VNIC_MAX_TX_RATE,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
};

static const struct genl_multicast_group inic_nl_mcgrps[] = {
	[INIC_NLGRP_MONITOR] = { "monitor", },
};

struct genl_family inic_nl_family __ro_after_init = {
	.name		= INIC_FAMILY_NAME,
	.version	= INIC_FAMILY_VERSION,
	.netnsok	= true,
	.parallel_ops	= true,
	.module		= THIS_MODULE,
	.split_ops	= inic_nl_ops,
	.n_split_ops	= ARRAY_SIZE(inic_nl_ops),
	.mcgrps		= inic_nl_mcgrps,
	.n_mcgrps	= ARRAY_SIZE(inic_nl_mcgrps),
};
