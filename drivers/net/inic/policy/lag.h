/* SPDX-License-Identifier: GPL-2.0 */
/*
 * inic policy: bonding offload (policy/lag.cpp). The C glue (inic_lag.c)
 * gathers what it knows of the bond or team above the PF's port netdevs
 * into a struct inic_lag_facts (a plain tracker, as mlx5's lag_tracker);
 * the policy decides whether the device's LAG block can carry that group
 * and with which register values, or why the group stays in software.
 * Documentation/hw-reference.rst "Link aggregation block" is the device;
 * Documentation/driver.rst "Bonding offload (LAG)" the rules.
 */
#ifndef INIC_POLICY_LAG_H
#define INIC_POLICY_LAG_H

#include "policy/types.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The upper's transmit type (the kernel's netdev_lag_tx_type). */
enum inic_lag_tx {
	INIC_LAG_TX_UNKNOWN,
	INIC_LAG_TX_RANDOM,
	INIC_LAG_TX_BROADCAST,
	INIC_LAG_TX_ROUNDROBIN,
	INIC_LAG_TX_ACTIVEBACKUP,
	INIC_LAG_TX_HASH,
};

/* The upper's hash policy (the kernel's netdev_lag_hash). */
enum inic_lag_hashpol {
	INIC_LAG_HP_NONE,
	INIC_LAG_HP_L2,
	INIC_LAG_HP_L34,
	INIC_LAG_HP_L23,
	INIC_LAG_HP_E23,
	INIC_LAG_HP_E34,
	INIC_LAG_HP_VLAN_SRCMAC,
	INIC_LAG_HP_UNKNOWN,
};

/* What kind of upper it is. */
enum inic_lag_upper {
	INIC_LAG_UPPER_NONE,		/* no LAG master above our ports */
	INIC_LAG_UPPER_BOND,		/* bonding: bond_mode is known */
	INIC_LAG_UPPER_OTHER,		/* team or another LAG master */
};

/* Bonding's mode (the values of the UAPI BOND_MODE_*). */
enum inic_lag_bond_mode {
	INIC_LAG_BOND_RR = 0,
	INIC_LAG_BOND_AB = 1,
	INIC_LAG_BOND_XOR = 2,
	INIC_LAG_BOND_BROADCAST = 3,
	INIC_LAG_BOND_8023AD = 4,
	INIC_LAG_BOND_TLB = 5,
	INIC_LAG_BOND_ALB = 6,
};

/* The tracker: facts the glue gathers under RTNL. Masks: bit p, port p. */
struct inic_lag_facts {
	__u8 offload_enabled;	/* module parameter lag_offload */
	__u8 upper;		/* enum inic_lag_upper */
	__u8 reselect_always;	/* bonding: primary_reselect always */
	__u8 bond_mode;		/* enum inic_lag_bond_mode (UPPER_BOND) */
	__u32 tx_type;		/* enum inic_lag_tx */
	__u32 hash_type;	/* enum inic_lag_hashpol */
	__u32 num_lowers;	/* lowers of the upper, ours or not */
	__u32 ports;		/* our ports that are lowers of the upper */
	__u32 tx_enabled;	/* ... that the upper transmits on */
	__u32 link;		/* our ports whose PORT_STATUS has LINK */
	__u32 primary;		/* the bond's primary slave if it is one of
				 * our ports, else INIC_CORE_NONE
				 */
	__u32 num_ports;	/* NUM_PORTS */
};

/* The decision: the LAG block's registers, or why not. */
struct inic_lag_decision {
	__u8 offload;		/* program the group and set ENABLE */
	__u32 mode;		/* LAG_MODE: enum inic_lag_mode */
	__u32 hash;		/* LAG_HASH: enum inic_lag_hash */
	__u32 members;		/* LAG_MEMBERS */
	__u32 primary;		/* LAG_PRIMARY */
	__u32 ctrl;		/* LAG_CTRL: ENABLE | FAILBACK? | ANNOUNCE */
	__u32 active;		/* LAG_ACTIVE to request, or INIC_CORE_NONE */
	const char *why;	/* !offload: the reason (static string) */
};

/* Decide; d is filled completely. Pure. */
void inic_lag_decide(const struct inic_lag_facts *f,
		     struct inic_lag_decision *d);

/* A short name of an offloaded group's mode, for the kernel log. */
const char *inic_lag_mode_name(const struct inic_lag_decision *d);

/*
 * The carrier rule: a member of the offloaded group (members != 0) has
 * carrier while any member has link; any other port its own link.
 */
__u8 inic_lag_port_carrier(__u32 members, __u32 link, __u32 port);

#ifdef __cplusplus
}
#endif

#endif /* INIC_POLICY_LAG_H */
