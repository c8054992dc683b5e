/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/* Do not edit directly, auto-generated from: */
/*	Documentation/netlink/specs/inic.yaml */
/* YNL-GEN uapi header */

#ifndef _UAPI_LINUX_INIC_H
#define _UAPI_LINUX_INIC_H

#define INIC_FAMILY_NAME	"inic"
#define INIC_FAMILY_VERSION	1

/**
 * enum inic_link_state - Physical link state of a port, as the device reports
 *   it.
 */
enum inic_link_state {
	INIC_LINK_STATE_DOWN,
	INIC_LINK_STATE_UP,
};

/**
 * enum inic_caps - Device capabilities (the INIC_REG_CAPS register; bit n of
 *   the register is entry n here).
 */
enum inic_caps {
	INIC_CAPS_MQ = 1,
	INIC_CAPS_RSS = 2,
	INIC_CAPS_TX_CSUM = 4,
	INIC_CAPS_RX_CSUM = 8,
	INIC_CAPS_TSO = 16,
	INIC_CAPS_VLAN = 32,
	INIC_CAPS_SRIOV = 64,
	INIC_CAPS_ESWITCH = 128,
	INIC_CAPS_LAG = 256,
	INIC_CAPS_CLS = 512,
	INIC_CAPS_TOE = 1024,
	INIC_CAPS_SHAPER = 2048,
	INIC_CAPS_RING_STATS = 4096,
	INIC_CAPS_INT_ARM = 8192,
};

/**
 * enum inic_vf_link_state - Link policy of a VF (ip link set ... vf N state):
 *   auto follows its port, enable is always up, disable always down.
 */
enum inic_vf_link_state {
	INIC_VF_LINK_STATE_AUTO,
	INIC_VF_LINK_STATE_ENABLE,
	INIC_VF_LINK_STATE_DISABLE,
};

/**
 * enum inic_vf_event - What happened to a VF (vf-state-ntf); lag: vf-set made
 *   it follow the link aggregation group or pinned it to its port.
 */
enum inic_vf_event {
	INIC_VF_EVENT_ENABLE,
	INIC_VF_EVENT_DISABLE,
	INIC_VF_EVENT_MAC,
	INIC_VF_EVENT_VLAN,
	INIC_VF_EVENT_TRUST,
	INIC_VF_EVENT_SPOOFCHK,
	INIC_VF_EVENT_LINK,
	INIC_VF_EVENT_RATE,
	INIC_VF_EVENT_FLR,
	INIC_VF_EVENT_MBOX_REFUSED,
	INIC_VF_EVENT_PROMISC_REFUSED,
	INIC_VF_EVENT_RESET,
	INIC_VF_EVENT_LAG,
};

/**
 * enum inic_rule_owner - The front door that put a classifier rule in the
 *   device.
 */
enum inic_rule_owner {
	INIC_RULE_OWNER_ETHTOOL,
	INIC_RULE_OWNER_TC,
};

/**
 * enum inic_rule_table - The device table that holds a rule: exact (hashed,
 *   per distinct mask) or masked (TCAM-like, any mask).
 */
enum inic_rule_table {
	INIC_RULE_TABLE_EXACT,
	INIC_RULE_TABLE_MASKED,
};

/**
 * enum inic_rule_action - What a rule does with a matching frame
 *   (INIC_CLS_ACT_*): the normal path, a PF ring, an RSS context, a VF, or
 *   drop.
 */
enum inic_rule_action {
	INIC_RULE_ACTION_PASS,
	INIC_RULE_ACTION_RING,
	INIC_RULE_ACTION_RSS,
	INIC_RULE_ACTION_VF,
	INIC_RULE_ACTION_DROP,
};

/**
 * enum inic_rule_mirror - Where a rule mirrors a copy (INIC_CLS_MIR_*).
 */
enum inic_rule_mirror {
	INIC_RULE_MIRROR_RING = 1,
	INIC_RULE_MIRROR_VF,
	INIC_RULE_MIRROR_PORT,
};

/**
 * enum inic_bond_mode - How the device's link aggregation group spreads the
 *   traffic of the functions that follow it (INIC_LAG_MODE_*).
 */
enum inic_bond_mode {
	INIC_BOND_MODE_ACTIVE_BACKUP,
	INIC_BOND_MODE_HASH,
};

/**
 * enum inic_bond_hash - The flow hash fields of the hash mode
 *   (INIC_LAG_HASH_*): l2 (DA, SA, ethertype), l34 (IP addresses, protocol,
 *   ports), l23 (l2 and the IP addresses).
 */
enum inic_bond_hash {
	INIC_BOND_HASH_L2,
	INIC_BOND_HASH_L34,
	INIC_BOND_HASH_L23,
};

/**
 * enum inic_failover_reason - Why the group's traffic moved
 *   (INIC_LAG_REASON_*): a member lost its link, the first member came up
 *   after none had link, the primary's link came back (failback), or the
 *   driver chose the active port.
 */
enum inic_failover_reason {
	INIC_FAILOVER_REASON_LINK_DOWN = 1,
	INIC_FAILOVER_REASON_LINK_UP,
	INIC_FAILOVER_REASON_FAILBACK,
	INIC_FAILOVER_REASON_DRIVER,
};

/**
 * enum inic_vf_lag - A VF's place in the link aggregation group: follow the
 *   group (its frames leave on the port the group picks) or pinned to its own
 *   port.
 */
enum inic_vf_lag {
	INIC_VF_LAG_FOLLOW,
	INIC_VF_LAG_PIN,
};

enum {
	INIC_A_DEV_BUS_NAME = 1,
	INIC_A_DEV_PORT_COUNT,
	INIC_A_DEV_RING_COUNT,
	INIC_A_DEV_RINGS_PER_PORT,
	INIC_A_DEV_ABI_VERSION,
	INIC_A_DEV_CAPS,
	INIC_A_DEV_TOTAL_VFS,
	INIC_A_DEV_NUM_VFS,
	INIC_A_DEV_SW_LOCAL_PKTS,
	INIC_A_DEV_SW_LOCAL_BYTES,
	INIC_A_DEV_SW_COPIES,
	INIC_A_DEV_SW_VF_TO_WIRE,
	INIC_A_DEV_SW_DROPS,

	__INIC_A_DEV_MAX,
	INIC_A_DEV_MAX = (__INIC_A_DEV_MAX - 1)
};

enum {
	INIC_A_PORT_BUS_NAME = 1,
	INIC_A_PORT_INDEX,
	INIC_A_PORT_IFINDEX,
	INIC_A_PORT_IFNAME,
	INIC_A_PORT_LINK,
	INIC_A_PORT_SPEED,
	INIC_A_PORT_MAC,
	INIC_A_PORT_MTU,
	INIC_A_PORT_RING_COUNT,
	INIC_A_PORT_FIRST_RING,
	INIC_A_PORT_LINK_EVENTS,

	__INIC_A_PORT_MAX,
	INIC_A_PORT_MAX = (__INIC_A_PORT_MAX - 1)
};

enum {
	INIC_A_STATS_BUS_NAME = 1,
	INIC_A_STATS_PORT_INDEX,
	INIC_A_STATS_IFINDEX,
	INIC_A_STATS_RING,
	INIC_A_STATS_QUEUE,
	INIC_A_STATS_RX_PACKETS,
	INIC_A_STATS_RX_BYTES,
	INIC_A_STATS_RX_DROP_NODESC,
	INIC_A_STATS_RX_DROP_FILTER,
	INIC_A_STATS_RX_CSUM_ERR,
	INIC_A_STATS_RX_ERRORS,
	INIC_A_STATS_TX_PACKETS,
	INIC_A_STATS_TX_BYTES,
	INIC_A_STATS_TX_ERRORS,

	__INIC_A_STATS_MAX,
	INIC_A_STATS_MAX = (__INIC_A_STATS_MAX - 1)
};

enum {
	INIC_A_VF_BUS_NAME = 1,
	INIC_A_VF_IFINDEX,
	INIC_A_VF_INDEX,
	INIC_A_VF_VF_BUS_NAME,
	INIC_A_VF_MAC,
	INIC_A_VF_VLAN,
	INIC_A_VF_QOS,
	INIC_A_VF_SPOOFCHK,
	INIC_A_VF_TRUST,
	INIC_A_VF_LINK_STATE,
	INIC_A_VF_MAX_TX_RATE,
	INIC_A_VF_RING_BASE,
	INIC_A_VF_RING_COUNT,
	INIC_A_VF_LINK,
	INIC_A_VF_PROMISC,
	INIC_A_VF_RX_PACKETS,
	INIC_A_VF_RX_BYTES,
	INIC_A_VF_TX_PACKETS,
	INIC_A_VF_TX_BYTES,
	INIC_A_VF_RX_DROPS,
	INIC_A_VF_TX_DROPS,
	INIC_A_VF_SPOOF_DROPS,
	INIC_A_VF_TX_LOCAL,
	INIC_A_VF_FLR_COUNT,
	INIC_A_VF_MBOX_REQUESTS,
	INIC_A_VF_MBOX_REFUSED,
	INIC_A_VF_MBOX_ERRORS,
	INIC_A_VF_PROMISC_REFUSED,
	INIC_A_VF_MBOX_RATELIMITED,
	INIC_A_VF_MBOX_LOST,
	INIC_A_VF_LAG,

	__INIC_A_VF_MAX,
	INIC_A_VF_MAX = (__INIC_A_VF_MAX - 1)
};

enum {
	INIC_A_RULE_BUS_NAME = 1,
	INIC_A_RULE_PORT_INDEX,
	INIC_A_RULE_IFINDEX,
	INIC_A_RULE_IFNAME,
	INIC_A_RULE_OWNER,
	INIC_A_RULE_LOCATION,
	INIC_A_RULE_TC_PRIO,
	INIC_A_RULE_TABLE,
	INIC_A_RULE_INDEX,
	INIC_A_RULE_PRIO,
	INIC_A_RULE_KEY,
	INIC_A_RULE_MASK,
	INIC_A_RULE_ACTION,
	INIC_A_RULE_ACTION_ARG,
	INIC_A_RULE_QUEUE,
	INIC_A_RULE_MARK,
	INIC_A_RULE_MIRROR,
	INIC_A_RULE_MIRROR_ARG,
	INIC_A_RULE_POLICE_RATE,
	INIC_A_RULE_POLICE_BURST,
	INIC_A_RULE_PACKETS,
	INIC_A_RULE_BYTES,
	INIC_A_RULE_POLICE_DROPS,

	__INIC_A_RULE_MAX,
	INIC_A_RULE_MAX = (__INIC_A_RULE_MAX - 1)
};

enum {
	INIC_A_LAG_BUS_NAME = 1,
	INIC_A_LAG_OFFLOADED,
	INIC_A_LAG_UPPER,
	INIC_A_LAG_WHY,
	INIC_A_LAG_MODE,
	INIC_A_LAG_HASH,
	INIC_A_LAG_MEMBER,
	INIC_A_LAG_PRIMARY,
	INIC_A_LAG_ACTIVE,
	INIC_A_LAG_FAILBACK,
	INIC_A_LAG_PF_PINNED,
	INIC_A_LAG_VF_PINNED,
	INIC_A_LAG_FAILOVERS,
	INIC_A_LAG_LAST_FAILOVER,
	INIC_A_LAG_ANNOUNCES,
	INIC_A_LAG_TX_MOVED,
	INIC_A_LAG_TX_NO_PORT,

	__INIC_A_LAG_MAX,
	INIC_A_LAG_MAX = (__INIC_A_LAG_MAX - 1)
};

enum {
	INIC_A_LAG_MEMBER_PORT_INDEX = 1,
	INIC_A_LAG_MEMBER_LINK,
	INIC_A_LAG_MEMBER_RX_FRAMES,
	INIC_A_LAG_MEMBER_TX_FRAMES,

	__INIC_A_LAG_MEMBER_MAX,
	INIC_A_LAG_MEMBER_MAX = (__INIC_A_LAG_MEMBER_MAX - 1)
};

enum {
	INIC_A_LAG_MOVE_FROM = 1,
	INIC_A_LAG_MOVE_TO,
	INIC_A_LAG_MOVE_REASON,
	INIC_A_LAG_MOVE_AT_NS,

	__INIC_A_LAG_MOVE_MAX,
	INIC_A_LAG_MOVE_MAX = (__INIC_A_LAG_MOVE_MAX - 1)
};

enum {
	INIC_A_EVENT_BUS_NAME = 1,
	INIC_A_EVENT_PORT_INDEX,
	INIC_A_EVENT_IFINDEX,
	INIC_A_EVENT_IFNAME,
	INIC_A_EVENT_LINK,
	INIC_A_EVENT_LINK_EVENTS,
	INIC_A_EVENT_VF_INDEX,
	INIC_A_EVENT_VF_EVENT,
	INIC_A_EVENT_LAG_FROM,
	INIC_A_EVENT_LAG_TO,
	INIC_A_EVENT_LAG_REASON,
	INIC_A_EVENT_LAG_AT_NS,
	INIC_A_EVENT_LAG_FAILOVERS,

	__INIC_A_EVENT_MAX,
	INIC_A_EVENT_MAX = (__INIC_A_EVENT_MAX - 1)
};

enum {
	INIC_CMD_DEV_GET = 1,
	INIC_CMD_PORT_GET,
	INIC_CMD_PORT_SET,
	INIC_CMD_RING_STATS_GET,
	INIC_CMD_LINK_CHANGE_NTF,
	INIC_CMD_VF_GET,
	INIC_CMD_VF_STATE_NTF,
	INIC_CMD_RULE_GET,
	INIC_CMD_VF_SET,
	INIC_CMD_LAG_GET,
	INIC_CMD_LAG_FAILOVER_NTF,

	__INIC_CMD_MAX,
	INIC_CMD_MAX = (__INIC_CMD_MAX - 1)
};

#define INIC_MCGRP_MONITOR	"monitor"

#endif /* _UAPI_LINUX_INIC_H */
