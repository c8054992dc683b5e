// SPDX-License-Identifier: GPL-2.0
/* Do not edit directly, auto-generated from: */
/*	Documentation/netlink/specs/inic.yaml */
/* by scripts/gen-netlink.sh (scripts/gen-inictl.py) */

#include <linux/inic.h>

#include "nl_gen.h"

namespace inictl {

/*
 * link-state (enum): Physical link state of a port, as the device reports
 * it.
 */
const char *inic_link_state_str(uint32_t value)
{
	switch (value) {
	case INIC_LINK_STATE_DOWN:
		return "down";
	case INIC_LINK_STATE_UP:
		return "up";
	default:
		return nullptr;
	}
}

/*
 * caps (flags): Device capabilities (the INIC_REG_CAPS register; bit n of
 * the register is entry n here).
 */
const char *inic_caps_str(uint32_t value)
{
	switch (value) {
	case INIC_CAPS_MQ:
		return "mq";
	case INIC_CAPS_RSS:
		return "rss";
	case INIC_CAPS_TX_CSUM:
		return "tx-csum";
	case INIC_CAPS_RX_CSUM:
		return "rx-csum";
	case INIC_CAPS_TSO:
		return "tso";
	case INIC_CAPS_VLAN:
		return "vlan";
	case INIC_CAPS_SRIOV:
		return "sriov";
	case INIC_CAPS_ESWITCH:
		return "eswitch";
	case INIC_CAPS_LAG:
		return "lag";
	case INIC_CAPS_CLS:
		return "cls";
	case INIC_CAPS_TOE:
		return "toe";
	case INIC_CAPS_SHAPER:
		return "shaper";
	case INIC_CAPS_RING_STATS:
		return "ring-stats";
	case INIC_CAPS_INT_ARM:
		return "int-arm";
	default:
		return nullptr;
	}
}

/*
 * vf-link-state (enum): Link policy of a VF (ip link set ... vf N state):
 * auto follows its port, enable is always up, disable always down.
 */
const char *inic_vf_link_state_str(uint32_t value)
{
	switch (value) {
	case INIC_VF_LINK_STATE_AUTO:
		return "auto";
	case INIC_VF_LINK_STATE_ENABLE:
		return "enable";
	case INIC_VF_LINK_STATE_DISABLE:
		return "disable";
	default:
		return nullptr;
	}
}

/*
 * vf-event (enum): What happened to a VF (vf-state-ntf); lag: vf-set made it
 * follow the link aggregation group or pinned it to its port.
 */
const char *inic_vf_event_str(uint32_t value)
{
	switch (value) {
	case INIC_VF_EVENT_ENABLE:
		return "enable";
	case INIC_VF_EVENT_DISABLE:
		return "disable";
	case INIC_VF_EVENT_MAC:
		return "mac";
	case INIC_VF_EVENT_VLAN:
		return "vlan";
	case INIC_VF_EVENT_TRUST:
		return "trust";
	case INIC_VF_EVENT_SPOOFCHK:
		return "spoofchk";
	case INIC_VF_EVENT_LINK:
		return "link";
	case INIC_VF_EVENT_RATE:
		return "rate";
	case INIC_VF_EVENT_FLR:
		return "flr";
	case INIC_VF_EVENT_MBOX_REFUSED:
		return "mbox-refused";
	case INIC_VF_EVENT_PROMISC_REFUSED:
		return "promisc-refused";
	case INIC_VF_EVENT_RESET:
		return "reset";
	case INIC_VF_EVENT_LAG:
		return "lag";
	default:
		return nullptr;
	}
}

/*
 * rule-owner (enum): The front door that put a classifier rule in the
 * device.
 */
const char *inic_rule_owner_str(uint32_t value)
{
	switch (value) {
	case INIC_RULE_OWNER_ETHTOOL:
		return "ethtool";
	case INIC_RULE_OWNER_TC:
		return "tc";
	default:
		return nullptr;
	}
}

/*
 * rule-table (enum): The device table that holds a rule: exact (hashed, per
 * distinct mask) or masked (TCAM-like, any mask).
 */
const char *inic_rule_table_str(uint32_t value)
{
	switch (value) {
	case INIC_RULE_TABLE_EXACT:
		return "exact";
	case INIC_RULE_TABLE_MASKED:
		return "masked";
	default:
		return nullptr;
	}
}

/*
 * rule-action (enum): What a rule does with a matching frame
 * (INIC_CLS_ACT_*): the normal path, a PF ring, an RSS context, a VF, drop,
 * or (ABI 1.9) a VNIC.
 */
const char *inic_rule_action_str(uint32_t value)
{
	switch (value) {
	case INIC_RULE_ACTION_PASS:
		return "pass";
	case INIC_RULE_ACTION_RING:
		return "ring";
	case INIC_RULE_ACTION_RSS:
		return "rss";
	case INIC_RULE_ACTION_VF:
		return "vf";
	case INIC_RULE_ACTION_DROP:
		return "drop";
	case INIC_RULE_ACTION_VNIC:
		return "vnic";
	default:
		return nullptr;
	}
}

/*
 * rule-mirror (enum): Where a rule mirrors a copy (INIC_CLS_MIR_*; vnic, ABI
 * 1.9).
 */
const char *inic_rule_mirror_str(uint32_t value)
{
	switch (value) {
	case INIC_RULE_MIRROR_RING:
		return "ring";
	case INIC_RULE_MIRROR_VF:
		return "vf";
	case INIC_RULE_MIRROR_PORT:
		return "port";
	case INIC_RULE_MIRROR_VNIC:
		return "vnic";
	default:
		return nullptr;
	}
}

/*
 * bond-mode (enum): How the device's link aggregation group spreads the
 * traffic of the functions that follow it (INIC_LAG_MODE_*).
 */
const char *inic_bond_mode_str(uint32_t value)
{
	switch (value) {
	case INIC_BOND_MODE_ACTIVE_BACKUP:
		return "active-backup";
	case INIC_BOND_MODE_HASH:
		return "hash";
	default:
		return nullptr;
	}
}

/*
 * bond-hash (enum): The flow hash fields of the hash mode (INIC_LAG_HASH_*):
 * l2 (DA, SA, ethertype), l34 (IP addresses, protocol, ports), l23 (l2 and
 * the IP addresses).
 */
const char *inic_bond_hash_str(uint32_t value)
{
	switch (value) {
	case INIC_BOND_HASH_L2:
		return "l2";
	case INIC_BOND_HASH_L34:
		return "l34";
	case INIC_BOND_HASH_L23:
		return "l23";
	default:
		return nullptr;
	}
}

/*
 * failover-reason (enum): Why the group's traffic moved (INIC_LAG_REASON_*):
 * a member lost its link, the first member came up after none had link, the
 * primary's link came back (failback), or the driver chose the active port.
 */
const char *inic_failover_reason_str(uint32_t value)
{
	switch (value) {
	case INIC_FAILOVER_REASON_LINK_DOWN:
		return "link-down";
	case INIC_FAILOVER_REASON_LINK_UP:
		return "link-up";
	case INIC_FAILOVER_REASON_FAILBACK:
		return "failback";
	case INIC_FAILOVER_REASON_DRIVER:
		return "driver";
	default:
		return nullptr;
	}
}

/*
 * vf-lag (enum): A VF's place in the link aggregation group: follow the
 * group (its frames leave on the port the group picks) or pinned to its own
 * port.
 */
const char *inic_vf_lag_str(uint32_t value)
{
	switch (value) {
	case INIC_VF_LAG_FOLLOW:
		return "follow";
	case INIC_VF_LAG_PIN:
		return "pin";
	default:
		return nullptr;
	}
}

/*
 * vnic-mirror-kind (enum): The endpoint a mirror VNIC copies (the device's
 * VNIC MIRROR kinds): a port (its PF endpoint: what the port's netdev sends
 * and receives), a VF, or another VNIC.
 */
const char *inic_vnic_mirror_kind_str(uint32_t value)
{
	switch (value) {
	case INIC_VNIC_MIRROR_KIND_PORT:
		return "port";
	case INIC_VNIC_MIRROR_KIND_VF:
		return "vf";
	case INIC_VNIC_MIRROR_KIND_VNIC:
		return "vnic";
	default:
		return nullptr;
	}
}

/* override: other values show "down" */
const nl_enum link_state_enum = {
	"link-state", inic_link_state_str, nullptr, "down",
};
const nl_enum caps_enum = {
	"caps", inic_caps_str, nullptr, nullptr,
};
const nl_enum vf_link_state_enum = {
	"vf-link-state", inic_vf_link_state_str, nullptr, nullptr,
};
const nl_enum vf_event_enum = {
	"vf-event", inic_vf_event_str, nullptr, nullptr,
};
const nl_enum rule_owner_enum = {
	"rule-owner", inic_rule_owner_str, nullptr, nullptr,
};
const nl_enum rule_table_enum = {
	"rule-table", inic_rule_table_str, nullptr, nullptr,
};
const nl_enum rule_action_enum = {
	"rule-action", inic_rule_action_str, nullptr, nullptr,
};
/* override: 0 shows "none" */
const nl_enum rule_mirror_enum = {
	"rule-mirror", inic_rule_mirror_str, "none", nullptr,
};
const nl_enum bond_mode_enum = {
	"bond-mode", inic_bond_mode_str, nullptr, nullptr,
};
const nl_enum bond_hash_enum = {
	"bond-hash", inic_bond_hash_str, nullptr, nullptr,
};
/* override: 0 shows "none" */
const nl_enum failover_reason_enum = {
	"failover-reason", inic_failover_reason_str, "none", nullptr,
};
const nl_enum vf_lag_enum = {
	"vf-lag", inic_vf_lag_str, nullptr, nullptr,
};
const nl_enum vnic_mirror_kind_enum = {
	"vnic-mirror-kind", inic_vnic_mirror_kind_str, nullptr, nullptr,
};

const std::vector<field> dev_fields = {
	{INIC_A_DEV_BUS_NAME, "bus-name", F_STR},
	{INIC_A_DEV_PORT_COUNT, "port-count", F_U32},
	{INIC_A_DEV_RING_COUNT, "ring-count", F_U32},
	{INIC_A_DEV_RINGS_PER_PORT, "rings-per-port", F_U32},
	{INIC_A_DEV_ABI_VERSION, "abi-version", F_U32},
	{INIC_A_DEV_CAPS, "caps", F_FLAGS, nullptr, &caps_enum},
	{INIC_A_DEV_TOTAL_VFS, "total-vfs", F_U32},
	{INIC_A_DEV_NUM_VFS, "num-vfs", F_U32},
	{INIC_A_DEV_SW_LOCAL_PKTS, "sw-local-pkts", F_UINT},
	{INIC_A_DEV_SW_LOCAL_BYTES, "sw-local-bytes", F_UINT},
	{INIC_A_DEV_SW_COPIES, "sw-copies", F_UINT},
	{INIC_A_DEV_SW_VF_TO_WIRE, "sw-vf-to-wire", F_UINT},
	{INIC_A_DEV_SW_DROPS, "sw-drops", F_UINT},
};

const std::vector<field> port_fields = {
	{INIC_A_PORT_BUS_NAME, "bus-name", F_STR},
	{INIC_A_PORT_INDEX, "index", F_U32},
	{INIC_A_PORT_IFINDEX, "ifindex", F_U32},
	{INIC_A_PORT_IFNAME, "ifname", F_STR},
	{INIC_A_PORT_LINK, "link", F_ENUM, nullptr, &link_state_enum},
	{INIC_A_PORT_SPEED, "speed", F_U32},
	{INIC_A_PORT_MAC, "mac", F_MAC},
	{INIC_A_PORT_MTU, "mtu", F_U32},
	{INIC_A_PORT_RING_COUNT, "ring-count", F_U32},
	{INIC_A_PORT_FIRST_RING, "first-ring", F_U32},
	{INIC_A_PORT_LINK_EVENTS, "link-events", F_U32},
};

const std::vector<field> stats_fields = {
	{INIC_A_STATS_BUS_NAME, "bus-name", F_STR},
	{INIC_A_STATS_PORT_INDEX, "port-index", F_U32},
	{INIC_A_STATS_IFINDEX, "ifindex", F_U32},
	{INIC_A_STATS_RING, "ring", F_U32},
	{INIC_A_STATS_QUEUE, "queue", F_U32},
	{INIC_A_STATS_RX_PACKETS, "rx-packets", F_UINT},
	{INIC_A_STATS_RX_BYTES, "rx-bytes", F_UINT},
	{INIC_A_STATS_RX_DROP_NODESC, "rx-drop-nodesc", F_UINT},
	{INIC_A_STATS_RX_DROP_FILTER, "rx-drop-filter", F_UINT},
	{INIC_A_STATS_RX_CSUM_ERR, "rx-csum-err", F_UINT},
	{INIC_A_STATS_RX_ERRORS, "rx-errors", F_UINT},
	{INIC_A_STATS_TX_PACKETS, "tx-packets", F_UINT},
	{INIC_A_STATS_TX_BYTES, "tx-bytes", F_UINT},
	{INIC_A_STATS_TX_ERRORS, "tx-errors", F_UINT},
	{INIC_A_STATS_VNIC, "vnic", F_STR},
	{INIC_A_STATS_VNIC_IFINDEX, "vnic-ifindex", F_U32},
};

const std::vector<field> vf_fields = {
	{INIC_A_VF_BUS_NAME, "bus-name", F_STR},
	{INIC_A_VF_IFINDEX, "ifindex", F_U32},
	{INIC_A_VF_INDEX, "index", F_U32},
	{INIC_A_VF_VF_BUS_NAME, "vf-bus-name", F_STR},
	{INIC_A_VF_MAC, "mac", F_MAC},
	{INIC_A_VF_VLAN, "vlan", F_U32},
	{INIC_A_VF_QOS, "qos", F_U32},
	{INIC_A_VF_SPOOFCHK, "spoofchk", F_U32},
	{INIC_A_VF_TRUST, "trust", F_U32},
	{INIC_A_VF_LINK_STATE, "link-state", F_ENUM, nullptr, &vf_link_state_enum},
	{INIC_A_VF_MAX_TX_RATE, "max-tx-rate", F_U32},
	{INIC_A_VF_RING_BASE, "ring-base", F_U32},
	{INIC_A_VF_RING_COUNT, "ring-count", F_U32},
	{INIC_A_VF_LINK, "link", F_ENUM, nullptr, &link_state_enum},
	{INIC_A_VF_PROMISC, "promisc", F_U32},
	{INIC_A_VF_RX_PACKETS, "rx-packets", F_UINT},
	{INIC_A_VF_RX_BYTES, "rx-bytes", F_UINT},
	{INIC_A_VF_TX_PACKETS, "tx-packets", F_UINT},
	{INIC_A_VF_TX_BYTES, "tx-bytes", F_UINT},
	{INIC_A_VF_RX_DROPS, "rx-drops", F_UINT},
	{INIC_A_VF_TX_DROPS, "tx-drops", F_UINT},
	{INIC_A_VF_SPOOF_DROPS, "spoof-drops", F_UINT},
	{INIC_A_VF_TX_LOCAL, "tx-local", F_UINT},
	{INIC_A_VF_FLR_COUNT, "flr-count", F_U32},
	{INIC_A_VF_MBOX_REQUESTS, "mbox-requests", F_UINT},
	{INIC_A_VF_MBOX_REFUSED, "mbox-refused", F_UINT},
	{INIC_A_VF_MBOX_ERRORS, "mbox-errors", F_U32},
	{INIC_A_VF_PROMISC_REFUSED, "promisc-refused", F_U32},
	{INIC_A_VF_MBOX_RATELIMITED, "mbox-ratelimited", F_UINT},
	{INIC_A_VF_MBOX_LOST, "mbox-lost", F_UINT},
	{INIC_A_VF_LAG, "lag", F_ENUM, nullptr, &vf_lag_enum},
};

const std::vector<field> rule_fields = {
	{INIC_A_RULE_BUS_NAME, "bus-name", F_STR},
	{INIC_A_RULE_PORT_INDEX, "port-index", F_U32},
	{INIC_A_RULE_IFINDEX, "ifindex", F_U32},
	{INIC_A_RULE_IFNAME, "ifname", F_STR},
	{INIC_A_RULE_OWNER, "owner", F_ENUM, nullptr, &rule_owner_enum},
	{INIC_A_RULE_LOCATION, "location", F_U32},
	{INIC_A_RULE_TC_PRIO, "tc-prio", F_U32},
	{INIC_A_RULE_TABLE, "table", F_ENUM, nullptr, &rule_table_enum},
	{INIC_A_RULE_INDEX, "index", F_U32},
	{INIC_A_RULE_PRIO, "prio", F_U32},
	{INIC_A_RULE_KEY, "key", F_HEX},
	{INIC_A_RULE_MASK, "mask", F_HEX},
	{INIC_A_RULE_ACTION, "action", F_ENUM, nullptr, &rule_action_enum},
	{INIC_A_RULE_ACTION_ARG, "action-arg", F_U32},
	{INIC_A_RULE_QUEUE, "queue", F_U32},
	{INIC_A_RULE_MARK, "mark", F_U32},
	{INIC_A_RULE_MIRROR, "mirror", F_ENUM, nullptr, &rule_mirror_enum},
	{INIC_A_RULE_MIRROR_ARG, "mirror-arg", F_U32},
	{INIC_A_RULE_POLICE_RATE, "police-rate", F_U32},
	{INIC_A_RULE_POLICE_BURST, "police-burst", F_U32},
	{INIC_A_RULE_PACKETS, "packets", F_UINT},
	{INIC_A_RULE_BYTES, "bytes", F_UINT},
	{INIC_A_RULE_POLICE_DROPS, "police-drops", F_UINT},
};

const std::vector<field> lag_fields = {
	{INIC_A_LAG_BUS_NAME, "bus-name", F_STR},
	{INIC_A_LAG_OFFLOADED, "offloaded", F_U32},
	{INIC_A_LAG_UPPER, "upper", F_STR},
	{INIC_A_LAG_WHY, "why", F_STR},
	{INIC_A_LAG_MODE, "mode", F_ENUM, nullptr, &bond_mode_enum},
	{INIC_A_LAG_HASH, "hash", F_ENUM, nullptr, &bond_hash_enum},
	{INIC_A_LAG_MEMBER, "member", F_NEST_LIST, &lag_member_fields},
	{INIC_A_LAG_PRIMARY, "primary", F_U32},
	{INIC_A_LAG_ACTIVE, "active", F_U32},
	{INIC_A_LAG_FAILBACK, "failback", F_U32},
	{INIC_A_LAG_PF_PINNED, "pf-pinned", F_U32},
	{INIC_A_LAG_VF_PINNED, "vf-pinned", F_U32_LIST},
	{INIC_A_LAG_FAILOVERS, "failovers", F_UINT},
	{INIC_A_LAG_LAST_FAILOVER, "last-failover", F_NEST, &lag_move_fields},
	{INIC_A_LAG_ANNOUNCES, "announces", F_UINT},
	{INIC_A_LAG_TX_MOVED, "tx-moved", F_UINT},
	{INIC_A_LAG_TX_NO_PORT, "tx-no-port", F_UINT},
};

const std::vector<field> lag_member_fields = {
	{INIC_A_LAG_MEMBER_PORT_INDEX, "port-index", F_U32},
	{INIC_A_LAG_MEMBER_LINK, "link", F_ENUM, nullptr, &link_state_enum},
	{INIC_A_LAG_MEMBER_RX_FRAMES, "rx-frames", F_UINT},
	{INIC_A_LAG_MEMBER_TX_FRAMES, "tx-frames", F_UINT},
};

const std::vector<field> lag_move_fields = {
	{INIC_A_LAG_MOVE_FROM, "from", F_U32},
	{INIC_A_LAG_MOVE_TO, "to", F_U32},
	{INIC_A_LAG_MOVE_REASON, "reason", F_ENUM, nullptr, &failover_reason_enum},
	{INIC_A_LAG_MOVE_AT_NS, "at-ns", F_UINT},
};

const std::vector<field> toe_fields = {
	{INIC_A_TOE_BUS_NAME, "bus-name", F_STR},
	{INIC_A_TOE_IFINDEX, "ifindex", F_U32},
	{INIC_A_TOE_TCP_PORT, "tcp-port", F_U32},
	{INIC_A_TOE_FAMILY, "family", F_U32},
	{INIC_A_TOE_ADDR, "addr", F_HEX},
	{INIC_A_TOE_ENABLED, "enabled", F_U32},
	{INIC_A_TOE_OPTIONS, "options", F_U32},
	{INIC_A_TOE_LISTENER, "listener", F_NEST_LIST, &toe_listener_fields},
	{INIC_A_TOE_PORT, "port", F_NEST_LIST, &toe_port_fields},
};

const std::vector<field> toe_listener_fields = {
	{INIC_A_TOE_LISTENER_INDEX, "index", F_U32},
	{INIC_A_TOE_LISTENER_PORT_INDEX, "port-index", F_U32},
	{INIC_A_TOE_LISTENER_IFNAME, "ifname", F_STR},
	{INIC_A_TOE_LISTENER_TCP_PORT, "tcp-port", F_U32},
	{INIC_A_TOE_LISTENER_FAMILY, "family", F_U32},
	{INIC_A_TOE_LISTENER_ADDR, "addr", F_HEX},
};

const std::vector<field> toe_port_fields = {
	{INIC_A_TOE_PORT_PORT_INDEX, "port-index", F_U32},
	{INIC_A_TOE_PORT_IFNAME, "ifname", F_STR},
	{INIC_A_TOE_PORT_LISTENERS, "listeners", F_U32},
	{INIC_A_TOE_PORT_SYN_ANSWERED, "syn-answered", F_UINT},
	{INIC_A_TOE_PORT_HANDSHAKES, "handshakes", F_UINT},
	{INIC_A_TOE_PORT_INVALID_ACKS, "invalid-acks", F_UINT},
	{INIC_A_TOE_PORT_SYN_PASSED, "syn-passed", F_UINT},
	{INIC_A_TOE_PORT_SYNACK_DROPS, "synack-drops", F_UINT},
};

const std::vector<field> event_fields = {
	{INIC_A_EVENT_BUS_NAME, "bus-name", F_STR},
	{INIC_A_EVENT_PORT_INDEX, "port-index", F_U32},
	{INIC_A_EVENT_IFINDEX, "ifindex", F_U32},
	{INIC_A_EVENT_IFNAME, "ifname", F_STR},
	{INIC_A_EVENT_LINK, "link", F_ENUM, nullptr, &link_state_enum},
	{INIC_A_EVENT_LINK_EVENTS, "link-events", F_U32},
	{INIC_A_EVENT_VF_INDEX, "vf", F_U32},	/* override: the spec's vf-index */
	{INIC_A_EVENT_VF_EVENT, "vf-event", F_ENUM, nullptr, &vf_event_enum},
	{INIC_A_EVENT_LAG_FROM, "lag-from", F_U32},
	{INIC_A_EVENT_LAG_TO, "lag-to", F_U32},
	{INIC_A_EVENT_LAG_REASON, "lag-reason", F_ENUM, nullptr, &failover_reason_enum},
	{INIC_A_EVENT_LAG_AT_NS, "lag-at-ns", F_UINT},
	{INIC_A_EVENT_LAG_FAILOVERS, "lag-failovers", F_UINT},
};

const std::vector<field> vnic_fields = {
	{INIC_A_VNIC_BUS_NAME, "bus-name", F_STR},
	{INIC_A_VNIC_IFINDEX, "ifindex", F_U32},
	{INIC_A_VNIC_PORT_INDEX, "port-index", F_U32},
	{INIC_A_VNIC_NAME, "name", F_STR},
	{INIC_A_VNIC_VNIC_IFINDEX, "vnic-ifindex", F_U32},
	{INIC_A_VNIC_INDEX, "index", F_U32},
	{INIC_A_VNIC_MAC, "mac", F_MAC},
	{INIC_A_VNIC_VLAN, "vlan", F_U32},
	{INIC_A_VNIC_RINGS, "rings", F_U32},
	{INIC_A_VNIC_FIRST_RING, "first-ring", F_U32},
	{INIC_A_VNIC_MAX_TX_RATE, "max-tx-rate", F_U32},
	{INIC_A_VNIC_MIRROR, "mirror", F_STR},
	{INIC_A_VNIC_LINK, "link", F_ENUM, nullptr, &link_state_enum},
	{INIC_A_VNIC_RX_PACKETS, "rx-packets", F_UINT},
	{INIC_A_VNIC_RX_BYTES, "rx-bytes", F_UINT},
	{INIC_A_VNIC_TX_PACKETS, "tx-packets", F_UINT},
	{INIC_A_VNIC_TX_BYTES, "tx-bytes", F_UINT},
	{INIC_A_VNIC_RX_DROPS, "rx-drops", F_UINT},
	{INIC_A_VNIC_TX_DROPS, "tx-drops", F_UINT},
	{INIC_A_VNIC_SPOOF_DROPS, "spoof-drops", F_UINT},
	{INIC_A_VNIC_SHAPED, "shaped", F_UINT},
	{INIC_A_VNIC_MIRROR_DROPS, "mirror-drops", F_UINT},
	{INIC_A_VNIC_MIRROR_KIND, "mirror-kind", F_ENUM, nullptr, &vnic_mirror_kind_enum},
	{INIC_A_VNIC_MIRROR_VF, "mirror-vf", F_U32},
};

} // namespace inictl
