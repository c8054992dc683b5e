// SPDX-License-Identifier: GPL-2.0
/*
 * inic: bonding offload to the device's LAG engine (the block at 0x7800,
 * hw-reference.rst "Link aggregation block").
 *
 * A netdevice notifier follows the bond (or team) above the PF's port
 * netdevs: NETDEV_CHANGEUPPER (a port joins or leaves an upper, with the
 * upper's lag info), NETDEV_CHANGELOWERSTATE (the upper's view of a port:
 * link, tx_enabled) and the upper's own changes (options, name). Each
 * event, under RTNL, snapshots the facts into a tracker (struct
 * inic_lag_facts), the C++ policy (policy/lag.cpp) decides, and the
 * decision is written to the block at once under lag->lock: a bonding
 * command returns with its group in the device. The device fails over by
 * itself; INIC_MISC_LAG tells us afterwards (inic_lag_irq(), a work item
 * that logs the move and sends the netlink event).
 *
 * While a port is a member of the offloaded group its carrier is the
 * group's (inic_port_update_link()), and in active-backup mode its frames
 * are delivered as the bond's active slave (inic_port_rx_dev()).
 */
#include <linux/debugfs.h>
#include <linux/io-64-nonatomic-lo-hi.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/netdevice.h>
#include <linux/pci.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <linux/workqueue.h>
#include <net/bonding.h>

#include "inic.h"
#include "inic_lag.h"
#include "policy/lag.h"

static bool lag_offload = true;
module_param(lag_offload, bool, 0644);
MODULE_PARM_DESC(lag_offload,
		 "Offload active-backup and balance-xor bonds of a device's ports to its LAG engine (default: on; read at every bonding event)");

/* What the upper told us of a port (NETDEV_CHANGELOWERSTATE). */
struct inic_lag_lower {
	bool link_up;
	bool tx_enabled;
};

struct inic_lag {
	struct inic_dev *idev;
	struct notifier_block nb;
	struct work_struct move_work;	/* INIC_MISC_LAG */
	/* Under RTNL: the tracker's inputs. */
	struct inic_lag_lower lower[INIC_MAX_PORTS];
	struct net_device *upper_dev;	/* compared only, never followed */
	const void *info_dev;		/* the upper the info below is of */
	enum netdev_lag_tx_type info_tx;
	enum netdev_lag_hash info_hash;
	/* The block's registers and everything below. */
	struct mutex lock;
	struct inic_lag_decision cur;	/* in the device (cur.offload) */
	u32 members;			/* cur.members while enabled, else 0 */
	u32 allmulti;			/* ... in active-backup mode */
	u32 applied_tx;			/* tx_enabled at the last apply */
	u32 vf_pin;			/* LAG_VF_PIN, re-applied each time */
	u64 seen_failovers;		/* LAG_STAT_FAILOVERS reported */
	char upper[IFNAMSIZ];
	const char *why;
	/* The kernel log: one line per upper and outcome. */
	char logged_upper[IFNAMSIZ];
	const char *logged_why;
	u32 logged_members;
	bool logged_offload;
	bool fail_next;			/* debugfs: the next programming fails */
	struct dentry *dbg;
};

static u32 inic_lag_rd(struct inic_dev *idev, u32 reg)
{
	return inic_rd(idev, INIC_LAG_BASE + reg);
}

static void inic_lag_wr(struct inic_dev *idev, u32 reg, u32 val)
{
	inic_wr(idev, INIC_LAG_BASE + reg, val);
}

static u64 inic_lag_rdq(struct inic_dev *idev, u32 off)
{
	return readq(idev->hw + off);
}

u32 inic_lag_members(struct inic_dev *idev)
{
	struct inic_lag *lag = READ_ONCE(idev->lag);

	return lag ? READ_ONCE(lag->members) : 0;
}

bool inic_lag_port_allmulti(struct inic_port *port)
{
	struct inic_lag *lag = READ_ONCE(port->idev->lag);

	return lag && (READ_ONCE(lag->allmulti) & BIT(port->id));
}

bool inic_lag_port_offloaded(struct inic_port *port)
{
	return inic_lag_members(port->idev) & BIT(port->id);
}

/* ---- the tracker (RTNL) ---- */

static struct inic_port *inic_lag_our_port(struct inic_lag *lag,
					   const struct net_device *dev)
{
	struct inic_port *port = inic_port_of(dev);

	return port && port->idev == lag->idev ? port : NULL;
}

/* The LAG master above the lowest-numbered port that has one. */
static struct net_device *inic_lag_find_upper(struct inic_lag *lag)
{
	struct inic_dev *idev = lag->idev;
	struct net_device *upper;
	u32 p;

	for (p = 0; p < idev->plan.num_ports; p++) {
		if (!idev->ports[p] || !idev->ports[p]->registered)
			continue;
		upper = netdev_master_upper_dev_get(idev->ports[p]->netdev);
		if (upper && netif_is_lag_master(upper))
			return upper;
	}
	return NULL;
}

static u32 inic_lag_tx_type(enum netdev_lag_tx_type t)
{
	switch (t) {
	case NETDEV_LAG_TX_TYPE_RANDOM:
		return INIC_LAG_TX_RANDOM;
	case NETDEV_LAG_TX_TYPE_BROADCAST:
		return INIC_LAG_TX_BROADCAST;
	case NETDEV_LAG_TX_TYPE_ROUNDROBIN:
		return INIC_LAG_TX_ROUNDROBIN;
	case NETDEV_LAG_TX_TYPE_ACTIVEBACKUP:
		return INIC_LAG_TX_ACTIVEBACKUP;
	case NETDEV_LAG_TX_TYPE_HASH:
		return INIC_LAG_TX_HASH;
	default:
		return INIC_LAG_TX_UNKNOWN;
	}
}

static u32 inic_lag_hash_type(enum netdev_lag_hash h)
{
	switch (h) {
	case NETDEV_LAG_HASH_NONE:
		return INIC_LAG_HP_NONE;
	case NETDEV_LAG_HASH_L2:
		return INIC_LAG_HP_L2;
	case NETDEV_LAG_HASH_L34:
		return INIC_LAG_HP_L34;
	case NETDEV_LAG_HASH_L23:
		return INIC_LAG_HP_L23;
	case NETDEV_LAG_HASH_E23:
		return INIC_LAG_HP_E23;
	case NETDEV_LAG_HASH_E34:
		return INIC_LAG_HP_E34;
	case NETDEV_LAG_HASH_VLAN_SRCMAC:
		return INIC_LAG_HP_VLAN_SRCMAC;
	default:
		return INIC_LAG_HP_UNKNOWN;
	}
}

/*
 * Bonding's options, read now (its hash policy can change while it has
 * slaves): mode, tx type and hash as bonding reports them in its lag
 * upper info, the primary slave if it is one of our ports.
 */
static void inic_lag_bond_facts(struct inic_lag *lag, struct net_device *upper,
				struct inic_lag_facts *f)
{
	struct bonding *bond = netdev_priv(upper);
	struct slave *primary = rtnl_dereference(bond->primary_slave);
	struct inic_port *port;

	f->upper = INIC_LAG_UPPER_BOND;
	switch (BOND_MODE(bond)) {
	case BOND_MODE_ROUNDROBIN:
		f->bond_mode = INIC_LAG_BOND_RR;
		f->tx_type = INIC_LAG_TX_ROUNDROBIN;
		break;
	case BOND_MODE_ACTIVEBACKUP:
		f->bond_mode = INIC_LAG_BOND_AB;
		f->tx_type = INIC_LAG_TX_ACTIVEBACKUP;
		break;
	case BOND_MODE_XOR:
		f->bond_mode = INIC_LAG_BOND_XOR;
		f->tx_type = INIC_LAG_TX_HASH;
		break;
	case BOND_MODE_BROADCAST:
		f->bond_mode = INIC_LAG_BOND_BROADCAST;
		f->tx_type = INIC_LAG_TX_BROADCAST;
		break;
	case BOND_MODE_8023AD:
		f->bond_mode = INIC_LAG_BOND_8023AD;
		f->tx_type = INIC_LAG_TX_HASH;
		break;
	case BOND_MODE_TLB:
		f->bond_mode = INIC_LAG_BOND_TLB;
		f->tx_type = INIC_LAG_TX_UNKNOWN;
		break;
	default:
		f->bond_mode = INIC_LAG_BOND_ALB;
		f->tx_type = INIC_LAG_TX_UNKNOWN;
		break;
	}
	f->hash_type = INIC_LAG_HP_NONE;
	if (f->tx_type == INIC_LAG_TX_HASH) {
		switch (bond->params.xmit_policy) {
		case BOND_XMIT_POLICY_LAYER2:
			f->hash_type = INIC_LAG_HP_L2;
			break;
		case BOND_XMIT_POLICY_LAYER34:
			f->hash_type = INIC_LAG_HP_L34;
			break;
		case BOND_XMIT_POLICY_LAYER23:
			f->hash_type = INIC_LAG_HP_L23;
			break;
		case BOND_XMIT_POLICY_ENCAP23:
			f->hash_type = INIC_LAG_HP_E23;
			break;
		case BOND_XMIT_POLICY_ENCAP34:
			f->hash_type = INIC_LAG_HP_E34;
			break;
		case BOND_XMIT_POLICY_VLAN_SRCMAC:
			f->hash_type = INIC_LAG_HP_VLAN_SRCMAC;
			break;
		default:
			f->hash_type = INIC_LAG_HP_UNKNOWN;
			break;
		}
	}
	f->reselect_always =
		bond->params.primary_reselect == BOND_PRI_RESELECT_ALWAYS;
	port = primary ? inic_lag_our_port(lag, primary->dev) : NULL;
	if (port)
		f->primary = port->id;
}

static void inic_lag_gather(struct inic_lag *lag, struct net_device *upper,
			    struct inic_lag_facts *f)
{
	struct inic_dev *idev = lag->idev;
	struct list_head *iter;
	struct net_device *lower;
	struct inic_port *port;

	memset(f, 0, sizeof(*f));
	f->offload_enabled = READ_ONCE(lag_offload);
	f->num_ports = idev->plan.num_ports;
	f->primary = INIC_CORE_NONE;
	f->link = inic_ports_link(idev);
	if (!upper) {
		f->upper = INIC_LAG_UPPER_NONE;
		return;
	}
	netdev_for_each_lower_dev(upper, lower, iter) {
		f->num_lowers++;
		port = inic_lag_our_port(lag, lower);
		if (!port)
			continue;
		f->ports |= BIT(port->id);
		if (lag->lower[port->id].tx_enabled)
			f->tx_enabled |= BIT(port->id);
	}
	if (netif_is_bond_master(upper)) {
		inic_lag_bond_facts(lag, upper, f);
	} else {
		/* a team: what it said when our port joined it */
		f->upper = INIC_LAG_UPPER_OTHER;
		f->tx_type = lag->info_dev == upper ?
			     inic_lag_tx_type(lag->info_tx) : INIC_LAG_TX_UNKNOWN;
		f->hash_type = lag->info_dev == upper ?
			       inic_lag_hash_type(lag->info_hash) :
			       INIC_LAG_HP_UNKNOWN;
	}
}

/* ---- programming the block (lag->lock) ---- */

static void inic_lag_disable_locked(struct inic_lag *lag)
{
	inic_lag_wr(lag->idev, INIC_LAG_CTRL, 0);
	/* every function on its own port; no stale group in lag-get */
	inic_lag_wr(lag->idev, INIC_LAG_MEMBERS, 0);
	lag->cur.offload = 0;
	WRITE_ONCE(lag->members, 0);
	WRITE_ONCE(lag->allmulti, 0);
}

/*
 * Write the decision (hw-reference "LAG registers"): a new group gets
 * MODE, HASH, MEMBERS, PRIMARY and the pins, then ENABLE; a group in
 * force changes MODE and HASH in place and its membership without ever
 * dropping PRIMARY (MEMBERS = old | new, PRIMARY, MEMBERS = new). ACTIVE
 * is written for a new group and when the bond's active slave changed,
 * if that port has link (the device refuses a port without). A refused
 * write (LAG_REFUSED moved) tears the group down.
 */
static int inic_lag_program_locked(struct inic_lag *lag,
				   const struct inic_lag_decision *d,
				   bool tx_changed)
{
	struct inic_dev *idev = lag->idev;
	bool was = lag->cur.offload;
	u32 refused;

	if (!d->offload) {
		if (was)
			inic_lag_disable_locked(lag);
		return 0;
	}
	if (lag->fail_next) {
		lag->fail_next = false;
		if (was)
			inic_lag_disable_locked(lag);
		return -EIO;
	}
	refused = inic_lag_rd(idev, INIC_LAG_REFUSED);
	inic_lag_wr(idev, INIC_LAG_MODE, d->mode);
	inic_lag_wr(idev, INIC_LAG_HASH, d->hash);
	if (!was) {
		inic_lag_wr(idev, INIC_LAG_MEMBERS, d->members);
		inic_lag_wr(idev, INIC_LAG_PRIMARY, d->primary);
	} else if (d->members != lag->cur.members ||
		   d->primary != lag->cur.primary) {
		inic_lag_wr(idev, INIC_LAG_MEMBERS,
			    lag->cur.members | d->members);
		inic_lag_wr(idev, INIC_LAG_PRIMARY, d->primary);
		inic_lag_wr(idev, INIC_LAG_MEMBERS, d->members);
	}
	inic_lag_wr(idev, INIC_LAG_PF_PIN, 0);
	inic_lag_wr(idev, INIC_LAG_VF_PIN, lag->vf_pin);
	inic_lag_wr(idev, INIC_LAG_CTRL, d->ctrl);
	if (inic_lag_rd(idev, INIC_LAG_REFUSED) != refused) {
		inic_lag_disable_locked(lag);
		return -EIO;
	}
	lag->cur = *d;
	WRITE_ONCE(lag->members, d->members);
	WRITE_ONCE(lag->allmulti,
		   d->mode == INIC_LAG_MODE_ACTIVE_BACKUP ? d->members : 0);

	if (d->active != INIC_CORE_NONE && (!was || tx_changed) &&
	    inic_lag_rd(idev, INIC_LAG_ACTIVE) != d->active &&
	    (inic_ports_link(idev) & BIT(d->active)))
		inic_lag_wr(idev, INIC_LAG_ACTIVE, d->active);
	return 0;
}

/* ---- what the stack sees (RTNL) ---- */

/*
 * Active-backup: every member's frames are delivered as the bond's active
 * slave (the device delivers the group's frames on LAG_ACTIVE's rings,
 * which after a device failover is not the port bonding transmits on).
 */
static void inic_lag_set_rx(struct inic_lag *lag,
			    const struct inic_lag_decision *d, u32 tx_enabled)
{
	struct inic_dev *idev = lag->idev;
	struct net_device *rx = NULL;
	u32 members = 0, p, act;

	if (d && d->offload && d->mode == INIC_LAG_MODE_ACTIVE_BACKUP) {
		members = d->members;
		act = ffs(tx_enabled & members);
		if (act && idev->ports[act - 1])
			rx = idev->ports[act - 1]->netdev;
	}
	for (p = 0; p < idev->plan.num_ports; p++) {
		if (!idev->ports[p])
			continue;
		WRITE_ONCE(idev->ports[p]->lag_rx,
			   rx && (members & BIT(p)) ? rx : NULL);
	}
}

/*
 * Carriers by the rule of the moment (group or own link), and PORT_CTRL
 * (an active-backup member takes all multicast).
 */
static void inic_lag_ports_refresh(struct inic_lag *lag)
{
	struct inic_dev *idev = lag->idev;
	u32 p;

	for (p = 0; p < idev->plan.num_ports; p++) {
		if (!idev->ports[p] || !idev->ports[p]->registered)
			continue;
		inic_port_write_ctrl(idev->ports[p]);
		inic_port_update_link(idev->ports[p]);
	}
}

static void inic_lag_ports_str(u32 members, char *buf, size_t len)
{
	size_t n = 0;
	u32 p;

	buf[0] = '\0';
	for (p = 0; p < INIC_MAX_PORTS && n < len; p++)
		if (members & BIT(p))
			n += scnprintf(buf + n, len - n, "%s%u", n ? "," : "",
				       p);
}

/*
 * One line per upper and outcome. A bond of one lower is one being built
 * (or emptied): its reason waits for a second lower, unless the group was
 * offloaded until now.
 */
static void inic_lag_log(struct inic_lag *lag,
			 const struct inic_lag_decision *d, u32 num_lowers)
{
	struct net_device *nd = lag->idev->ports[0]->netdev;
	bool off = lag->cur.offload;
	char ports[3 * INIC_MAX_PORTS];

	if (!strcmp(lag->logged_upper, lag->upper) &&
	    lag->logged_offload == off && lag->logged_why == lag->why &&
	    lag->logged_members == lag->members)
		return;
	if (off) {
		inic_lag_ports_str(lag->members, ports, sizeof(ports));
		netdev_info(nd, "lag: %s offloaded: %s, ports %s\n", lag->upper,
			    inic_lag_mode_name(d), ports);
	} else if (lag->logged_offload) {
		netdev_info(nd, "lag: %s no longer offloaded: %s\n",
			    lag->logged_upper, lag->why);
	} else if (lag->upper[0] && num_lowers >= 2) {
		netdev_info(nd, "lag: %s stays in software: %s\n", lag->upper,
			    lag->why);
	} else {
		if (!lag->upper[0]) {
			/* gone: the next upper gets its own line */
			lag->logged_upper[0] = '\0';
			lag->logged_why = NULL;
		}
		return;
	}
	strscpy(lag->logged_upper, lag->upper, sizeof(lag->logged_upper));
	lag->logged_offload = off;
	lag->logged_why = lag->why;
	lag->logged_members = lag->members;
}

/* Snapshot, decide, program, and show the stack the result. RTNL. */
static void inic_lag_update(struct inic_lag *lag)
{
	struct inic_lag_decision d;
	struct inic_lag_facts f;
	struct net_device *upper;
	int err;

	ASSERT_RTNL();
	upper = inic_lag_find_upper(lag);
	inic_lag_gather(lag, upper, &f);
	inic_lag_decide(&f, &d);

	mutex_lock(&lag->lock);
	lag->upper_dev = upper;
	strscpy(lag->upper, upper ? upper->name : "", sizeof(lag->upper));
	err = inic_lag_program_locked(lag, &d, f.tx_enabled != lag->applied_tx);
	lag->applied_tx = f.tx_enabled;
	if (err)
		lag->why = "the device refused the LAG programming";
	else
		lag->why = d.why;
	mutex_unlock(&lag->lock);

	inic_lag_set_rx(lag, err ? NULL : &d, f.tx_enabled);
	inic_lag_ports_refresh(lag);
	inic_lag_log(lag, &d, f.num_lowers);
}

static int inic_lag_event(struct notifier_block *nb, unsigned long event,
			  void *ptr)
{
	struct inic_lag *lag = container_of(nb, struct inic_lag, nb);
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);
	struct netdev_notifier_changelowerstate_info *lsi;
	struct netdev_notifier_changeupper_info *cui;
	struct netdev_lag_lower_state_info *ls;
	struct netdev_lag_upper_info *ui;
	struct inic_port *port;

	port = inic_lag_our_port(lag, dev);
	switch (event) {
	case NETDEV_CHANGEUPPER:
		cui = ptr;
		if (!netif_is_lag_master(cui->upper_dev))
			return NOTIFY_DONE;
		if (!port) {
			/* another lower joins or leaves our upper */
			if (cui->upper_dev != lag->upper_dev)
				return NOTIFY_DONE;
			break;
		}
		ui = cui->upper_info;
		if (cui->linking && ui) {
			lag->info_dev = cui->upper_dev;
			lag->info_tx = ui->tx_type;
			lag->info_hash = ui->hash_type;
		}
		if (!cui->linking)
			memset(&lag->lower[port->id], 0,
			       sizeof(lag->lower[port->id]));
		break;
	case NETDEV_CHANGELOWERSTATE:
		lsi = ptr;
		ls = lsi->lower_state_info;
		if (!port || !ls || !netif_is_lag_port(dev))
			return NOTIFY_DONE;
		lag->lower[port->id].link_up = ls->link_up;
		lag->lower[port->id].tx_enabled = ls->tx_enabled;
		break;
	case NETDEV_CHANGE:
	case NETDEV_CHANGEINFODATA:
	case NETDEV_CHANGENAME:
	case NETDEV_BONDING_FAILOVER:
	case NETDEV_UNREGISTER:
		/* the upper's own changes (options, name, going away) */
		if (!lag->upper_dev || dev != lag->upper_dev)
			return NOTIFY_DONE;
		break;
	default:
		return NOTIFY_DONE;
	}
	inic_lag_update(lag);
	return NOTIFY_DONE;
}

/* ---- moves the device made (INIC_MISC_LAG) ---- */

static const char *inic_lag_reason_name(u32 reason)
{
	switch (reason) {
	case INIC_LAG_REASON_LINK_DOWN:
		return "link down";
	case INIC_LAG_REASON_LINK_UP:
		return "link up";
	case INIC_LAG_REASON_FAILBACK:
		return "failback";
	case INIC_LAG_REASON_DRIVER:
		return "driver";
	default:
		return "unknown";
	}
}

static void inic_lag_move_work(struct work_struct *work)
{
	struct inic_lag *lag = container_of(work, struct inic_lag, move_work);
	struct inic_dev *idev = lag->idev;
	struct inic_lag_move move;
	u64 failovers;
	u32 last;

	mutex_lock(&lag->lock);
	last = inic_lag_rd(idev, INIC_LAG_LAST);
	failovers = inic_lag_rdq(idev, INIC_LAG_STAT(INIC_LAG_STAT_FAILOVERS));
	if (!(last & INIC_LAG_LAST_VALID) || failovers == lag->seen_failovers) {
		mutex_unlock(&lag->lock);
		return;
	}
	lag->seen_failovers = failovers;
	move.from = INIC_LAG_LAST_FROM(last);
	move.to = INIC_LAG_LAST_TO(last);
	move.reason = INIC_LAG_LAST_REASON(last);
	move.at_ns = inic_lag_rdq(idev, INIC_LAG_STAT(INIC_LAG_STAT_LAST_NS));
	move.failovers = failovers;
	mutex_unlock(&lag->lock);

	dev_info_ratelimited(&idev->pdev->dev,
			     "lag: failover port %u -> port %u (%s)\n",
			     move.from, move.to,
			     inic_lag_reason_name(move.reason));
	inic_genl_lag_failover(idev, &move);
}

void inic_lag_irq(struct inic_dev *idev)
{
	struct inic_lag *lag = READ_ONCE(idev->lag);

	if (lag)
		schedule_work(&lag->move_work);
}

/*
 * After a device reset (inic_dev_reset_recover(), RTNL): the block is at
 * its defaults; program the group again from what bonding says now.
 */
void inic_lag_reset_done(struct inic_dev *idev)
{
	struct inic_lag *lag = idev->lag;

	if (!lag)
		return;
	mutex_lock(&lag->lock);
	lag->cur.offload = 0;
	lag->seen_failovers =
		inic_lag_rdq(idev, INIC_LAG_STAT(INIC_LAG_STAT_FAILOVERS));
	mutex_unlock(&lag->lock);
	inic_lag_update(lag);
}

/* ---- netlink (inic_lag_nl.c) ---- */

int inic_lag_get(struct inic_dev *idev, struct inic_lag_state *st)
{
	struct inic_lag *lag = idev->lag;
	u32 ctrl, p, s;

	if (!lag)
		return -EOPNOTSUPP;
	memset(st, 0, sizeof(*st));
	mutex_lock(&lag->lock);
	ctrl = inic_lag_rd(idev, INIC_LAG_CTRL);
	st->offloaded = ctrl & INIC_LAG_CTRL_ENABLE;
	strscpy(st->upper, lag->upper, sizeof(st->upper));
	if (lag->upper[0] && !st->offloaded && lag->why)
		strscpy(st->why, lag->why, sizeof(st->why));
	st->mode = inic_lag_rd(idev, INIC_LAG_MODE);
	st->hash = inic_lag_rd(idev, INIC_LAG_HASH);
	st->members = inic_lag_rd(idev, INIC_LAG_MEMBERS);
	st->live = (inic_lag_rd(idev, INIC_LAG_STATUS) &
		    INIC_LAG_STATUS_LIVE_MASK) >> INIC_LAG_STATUS_LIVE_SHIFT;
	st->primary = inic_lag_rd(idev, INIC_LAG_PRIMARY);
	st->active = inic_lag_rd(idev, INIC_LAG_ACTIVE);
	st->failback = ctrl & INIC_LAG_CTRL_FAILBACK;
	st->pf_pinned = inic_lag_rd(idev, INIC_LAG_PF_PIN) & 1;
	st->vf_pinned = inic_lag_rd(idev, INIC_LAG_VF_PIN);
	st->last = inic_lag_rd(idev, INIC_LAG_LAST);
	for (s = 0; s < INIC_LAG_STAT__COUNT; s++)
		st->stats[s] = inic_lag_rdq(idev, INIC_LAG_STAT(s));
	for (p = 0; p < idev->plan.num_ports; p++) {
		st->member_rx[p] = inic_lag_rdq(idev, INIC_LAG_MEMBER_RX(p));
		st->member_tx[p] = inic_lag_rdq(idev, INIC_LAG_MEMBER_TX(p));
	}
	mutex_unlock(&lag->lock);
	return 0;
}

int inic_lag_vf_pin(struct inic_dev *idev, u32 vf, bool pin,
		    struct netlink_ext_ack *extack)
{
	struct inic_lag *lag = idev->lag;
	u32 total, refused, want;
	int err = 0;

	if (!lag) {
		NL_SET_ERR_MSG_MOD(extack, "the device has no LAG engine");
		return -EOPNOTSUPP;
	}
	total = inic_rd(idev, INIC_REG_TOTAL_VFS);
	if (vf >= total || vf >= 32) {
		NL_SET_ERR_MSG_FMT_MOD(extack,
				       "VF %u does not exist: the PF has %u (TotalVFs)",
				       vf, total);
		return -EINVAL;
	}
	mutex_lock(&lag->lock);
	want = pin ? lag->vf_pin | BIT(vf) : lag->vf_pin & ~BIT(vf);
	refused = inic_lag_rd(idev, INIC_LAG_REFUSED);
	inic_lag_wr(idev, INIC_LAG_VF_PIN, want);
	if (inic_lag_rd(idev, INIC_LAG_REFUSED) != refused) {
		inic_lag_wr(idev, INIC_LAG_VF_PIN, lag->vf_pin);
		NL_SET_ERR_MSG_MOD(extack, "the device refused LAG_VF_PIN");
		err = -EIO;
	} else {
		lag->vf_pin = want;
	}
	mutex_unlock(&lag->lock);
	return err;
}

/* ---- probe/remove ---- */

int inic_lag_init(struct inic_dev *idev)
{
	struct inic_lag *lag;
	int err;

	if (idev->is_vf || !(idev->caps & INIC_CAP_LAG))
		return 0;
	lag = kzalloc(sizeof(*lag), GFP_KERNEL);
	if (!lag)
		return -ENOMEM;
	inic_mem_add(INIC_MEM_KMEM, ksize(lag));
	lag->idev = idev;
	mutex_init(&lag->lock);
	INIT_WORK(&lag->move_work, inic_lag_move_work);
	lag->nb.notifier_call = inic_lag_event;
	/* after the device reset no group is in force; older moves are old */
	inic_lag_wr(idev, INIC_LAG_CTRL, 0);
	lag->seen_failovers =
		inic_lag_rdq(idev, INIC_LAG_STAT(INIC_LAG_STAT_FAILOVERS));
	WRITE_ONCE(idev->lag, lag);

	err = register_netdevice_notifier(&lag->nb);
	if (err) {
		WRITE_ONCE(idev->lag, NULL);
		mutex_destroy(&lag->lock);
		inic_mem_sub(INIC_MEM_KMEM, ksize(lag));
		kfree(lag);
		return err;
	}
	lag->dbg = inic_debugfs_lag(idev, &lag->fail_next);
	return 0;
}

/*
 * Before the netdevs are unregistered, with the misc interrupt quiesced:
 * no more events, the group out of the device, every port its own carrier
 * and frames again, no work left.
 */
void inic_lag_fini(struct inic_dev *idev)
{
	struct inic_lag *lag = idev->lag;

	if (!lag)
		return;
	debugfs_remove_recursive(lag->dbg);
	unregister_netdevice_notifier(&lag->nb);

	rtnl_lock();
	mutex_lock(&lag->lock);
	if (lag->cur.offload)
		inic_lag_disable_locked(lag);
	mutex_unlock(&lag->lock);
	inic_lag_set_rx(lag, NULL, 0);
	inic_lag_ports_refresh(lag);
	rtnl_unlock();
	/* no frame is delivered as another port from here on */
	synchronize_net();
	cancel_work_sync(&lag->move_work);

	WRITE_ONCE(idev->lag, NULL);
	mutex_destroy(&lag->lock);
	inic_mem_sub(INIC_MEM_KMEM, ksize(lag));
	kfree(lag);
}
