/* SPDX-License-Identifier: GPL-2.0 */
/*
 * inic: bonding offload to the device's LAG engine (inic_lag.c), and what
 * the netlink side (inic_lag_nl.c) reads and asks of it.
 *
 * inic_lag.c follows the bonding (or team) upper device of the PF's port
 * netdevs with a netdevice notifier (NETDEV_CHANGEUPPER with its lag upper
 * info, NETDEV_CHANGELOWERSTATE), snapshots the facts into a tracker
 * under RTNL, lets the C++ policy (policy/lag.h) decide, and programs the
 * LAG block (INIC_LAG_BASE) at once under its mutex, so the bonding
 * command returns with the group in the device. Failovers are the
 * device's own; the driver learns of them from INIC_MISC_LAG and reports
 * them on the monitor group.
 */
#ifndef INIC_LAG_H
#define INIC_LAG_H

#include <linux/netdevice.h>
#include <linux/types.h>

#include "inic_hw.h"

struct inic_dev;
struct inic_port;
struct netlink_ext_ack;

/* A snapshot of the group for `inictl lag show` (inic_lag_get()). */
struct inic_lag_state {
	bool offloaded;			/* LAG_CTRL.ENABLE is set */
	char upper[IFNAMSIZ];		/* the bond/team, "" if none */
	char why[96];			/* why the upper is not offloaded */
	u32 mode;			/* enum inic_lag_mode */
	u32 hash;			/* enum inic_lag_hash */
	u32 members;			/* LAG_MEMBERS: bit p, port p */
	u32 live;			/* members that have link */
	u32 primary;			/* LAG_PRIMARY */
	u32 active;			/* LAG_ACTIVE */
	bool failback;			/* LAG_CTRL.FAILBACK */
	bool pf_pinned;			/* LAG_PF_PIN */
	u64 vf_pinned;			/* LAG_VF_PIN (VF v: bit v) */
	u32 last;			/* LAG_LAST, raw */
	u64 stats[INIC_LAG_STAT__COUNT];	/* enum inic_lag_stat */
	u64 member_rx[INIC_MAX_PORTS];
	u64 member_tx[INIC_MAX_PORTS];
};

/* A move the device made, for the monitor group's failover event. */
struct inic_lag_move {
	u32 from;			/* old port */
	u32 to;				/* new port */
	u32 reason;			/* enum inic_lag_reason */
	u64 at_ns;			/* LAG_STAT_LAST_NS: the device's clock */
	u64 failovers;			/* LAG_STAT_FAILOVERS after it */
};

/*
 * Probe/remove of the PF (inic_pci.c); a VF or a device without
 * INIC_CAP_LAG gets 0 and nothing.
 */
int inic_lag_init(struct inic_dev *idev);
void inic_lag_fini(struct inic_dev *idev);

/* After a device reset: program the group again (RTNL). */
void inic_lag_reset_done(struct inic_dev *idev);

/* The misc interrupt saw INIC_MISC_LAG: any context. */
void inic_lag_irq(struct inic_dev *idev);

/* Is the port a member of the offloaded group? Any context. */
bool inic_lag_port_offloaded(struct inic_port *port);
/* The offloaded group's members (bit p: port p), 0 if none. Any context. */
u32 inic_lag_members(struct inic_dev *idev);
/* Must the port take all multicast (active-backup member)? Any context. */
bool inic_lag_port_allmulti(struct inic_port *port);

/* Netlink (inic_lag_nl.c). Take the genl lock as other objects do. */
int inic_lag_get(struct inic_dev *idev, struct inic_lag_state *st);
int inic_lag_vf_pin(struct inic_dev *idev, u32 vf, bool pin,
		    struct netlink_ext_ack *extack);

/* inic_lag_nl.c: the failover event on the monitor group; may sleep. */
void inic_genl_lag_failover(struct inic_dev *idev,
			    const struct inic_lag_move *move);

#endif /* INIC_LAG_H */
