// SPDX-License-Identifier: GPL-2.0
/*
 * inic classifier: the driver's shadow of the device's rule tables.
 *
 * Every rule a front door installs is kept here, per port and location,
 * with the staging image the policy (policy/cls.cpp) encoded and the table
 * entry the device gave it; the device is programmed through the block at
 * 0x7000 (compose in the staging registers, one command, read RESULT) by
 * inic_cls_program() and inic_cls_remove() only, under cls->lock. Rules
 * go when their owner removes them, when ntuple is turned off (ethtool's)
 * or tc unbinds the netdev's ingress block (tc's), and when the device
 * goes (inic_cls_fini() flushes both tables and frees the shadow). A
 * device reset removes every rule (hw-reference "Reset"): the recovery
 * path (inic_dev_reset_recover()) programs them again from the shadow.
 */
#include <linux/debugfs.h>
#include <linux/etherdevice.h>
#include <linux/ethtool.h>
#include <linux/netdevice.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <net/flow_offload.h>

#include "inic.h"
#include "inic_cls.h"
#include "inic_vnic.h"

static void *inic_cls_zalloc(size_t size)
{
	void *p = kzalloc(size, GFP_KERNEL);

	if (p)
		inic_mem_add(INIC_MEM_KMEM, ksize(p));
	return p;
}

static void inic_cls_free(void *p)
{
	if (!p)
		return;
	inic_mem_sub(INIC_MEM_KMEM, ksize(p));
	kfree(p);
}

/* A port's ethtool locations: 128 KiB, so not necessarily contiguous. */
#define INIC_CLS_LOCS_BYTES (INIC_CLS_ETHTOOL_LOCS * sizeof(struct inic_cls_entry *))

static struct inic_cls_entry **inic_cls_locs_alloc(void)
{
	struct inic_cls_entry **loc;

	loc = kvcalloc(INIC_CLS_ETHTOOL_LOCS, sizeof(*loc), GFP_KERNEL);
	if (loc)
		inic_mem_add(INIC_MEM_KMEM, INIC_CLS_LOCS_BYTES);
	return loc;
}

static void inic_cls_locs_free(struct inic_cls_entry **loc)
{
	if (!loc)
		return;
	inic_mem_sub(INIC_MEM_KMEM, INIC_CLS_LOCS_BYTES);
	kvfree(loc);
}

static u32 inic_cls_rd(struct inic_dev *idev, u32 reg)
{
	return inic_rd(idev, INIC_CLS_BASE + reg);
}

static void inic_cls_wr(struct inic_dev *idev, u32 reg, u32 val)
{
	inic_wr(idev, INIC_CLS_BASE + reg, val);
}

/* One command; commands complete at once. Returns RESULT. */
static u32 inic_cls_cmd(struct inic_dev *idev, u32 op, u32 table, u32 index)
{
	inic_cls_wr(idev, INIC_CLS_CMD,
		    INIC_CLS_CMD_VAL(op, table == INIC_CLS_TABLE_MASKED, index));
	return inic_cls_rd(idev, INIC_CLS_RESULT);
}

static void inic_cls_stage(struct inic_dev *idev, const struct inic_cls_hw *hw)
{
	u32 i;

	for (i = 0; i < INIC_CLS_KEY_REGS; i++) {
		inic_cls_wr(idev, INIC_CLS_KEY(i), hw->key[i]);
		inic_cls_wr(idev, INIC_CLS_MASK(i), hw->mask[i]);
	}
	inic_cls_wr(idev, INIC_CLS_PRIO, hw->prio);
	inic_cls_wr(idev, INIC_CLS_ACTION, hw->action);
	inic_cls_wr(idev, INIC_CLS_ACT_ARG, hw->act_arg);
	inic_cls_wr(idev, INIC_CLS_MARK, hw->mark);
	inic_cls_wr(idev, INIC_CLS_MIRROR, hw->mirror);
	inic_cls_wr(idev, INIC_CLS_POL_RATE, hw->pol_rate);
	inic_cls_wr(idev, INIC_CLS_POL_BURST, hw->pol_burst);
}

/*
 * Program an entry's rule: in the table the policy chose, falling back to
 * the masked table when the exact one refuses it (the same KEY/MASK is
 * there already, or its masks are taken). Under cls->lock.
 */
static int inic_cls_program(struct inic_dev *idev, struct inic_cls_entry *e,
			    const char **why)
{
	struct inic_cls *cls = idev->cls;
	u32 res, code;
	int err;

	inic_cls_stage(idev, &e->hw);
	e->table = inic_cls_place(&cls->masks, &e->hw);
	res = inic_cls_cmd(idev, INIC_CLS_OP_ADD_ANY, e->table, 0);
	code = INIC_CLS_RES_CODE(res);
	if (e->table == INIC_CLS_TABLE_EXACT &&
	    (code == INIC_CLS_RES_EXISTS || code == INIC_CLS_RES_MASKS_FULL ||
	     code == INIC_CLS_RES_TABLE_FULL)) {
		e->table = INIC_CLS_TABLE_MASKED;
		res = inic_cls_cmd(idev, INIC_CLS_OP_ADD_ANY, e->table, 0);
	}
	err = inic_cls_result_errno(res, why);
	if (err)
		return err;
	e->index = INIC_CLS_RES_INDEX(res);
	if (e->table == INIC_CLS_TABLE_EXACT &&
	    inic_cls_masks_get(&cls->masks, &e->hw))
		/* the device took a mask the shadow has no slot for */
		dev_warn_once(&idev->pdev->dev,
			      "classifier: exact-table masks out of step\n");
	cls->used[e->table]++;
	return 0;
}

/* Remove an entry's rule from the device. Under cls->lock. */
static void inic_cls_remove(struct inic_dev *idev, struct inic_cls_entry *e)
{
	struct inic_cls *cls = idev->cls;
	const char *why = NULL;
	u32 res;

	if (e->table == INIC_CLS_NO_TABLE)	/* lost in a reset */
		return;
	res = inic_cls_cmd(idev, INIC_CLS_OP_DEL, e->table, e->index);
	if (inic_cls_result_errno(res, &why))
		dev_warn(&idev->pdev->dev,
			 "classifier: delete of %s entry %u: %s\n",
			 e->table == INIC_CLS_TABLE_EXACT ? "exact" : "masked",
			 e->index, why);
	if (e->table == INIC_CLS_TABLE_EXACT)
		inic_cls_masks_put(&cls->masks, &e->hw);
	cls->used[e->table]--;
}

void inic_cls_limits(struct inic_port *port, struct inic_cls_limits *lim)
{
	struct inic_dev *idev = port->idev;

	memset(lim, 0, sizeof(*lim));
	lim->num_ports = idev->plan.num_ports;
	lim->port = port->id;
	lim->first_ring = port->first_ring;
	lim->num_queues = port->active;
	lim->num_vfs = pci_num_vf(idev->pdev);
	lim->vf_port = 0;		/* every VF belongs to port 0 */
	/* the front door checks the slot is one of the port's contexts */
	lim->rss_contexts = INIC_CLS_RSS_CONTEXTS;
}

/*
 * A new shadow entry holding rule encoded for port (the device is not
 * touched yet), or NULL with *why set (*err: the errno).
 */
static struct inic_cls_entry *inic_cls_entry_new(struct inic_port *port,
						 const struct inic_cls_rule *rule,
						 int *err, const char **why)
{
	struct inic_cls_limits lim;
	struct inic_cls_entry *e;

	if (!port->idev->cls) {
		*why = "the device has no classifier";
		*err = -EOPNOTSUPP;
		return NULL;
	}
	e = inic_cls_zalloc(sizeof(*e));
	if (!e) {
		*why = "out of memory";
		*err = -ENOMEM;
		return NULL;
	}
	inic_cls_limits(port, &lim);
	*err = inic_cls_rule_encode(rule, &lim, &e->hw, why);
	if (*err) {
		inic_cls_free(e);
		return NULL;
	}
	return e;
}

int inic_cls_insert(struct inic_port *port, u32 loc,
		    const struct ethtool_rx_flow_spec *fs, u32 rss_context,
		    const struct inic_cls_rule *rule, const char **why)
{
	struct inic_dev *idev = port->idev;
	struct inic_cls *cls = idev->cls;
	struct inic_cls_entry *e, *old;
	struct inic_cls_port *cp;
	int err;

	if (loc >= INIC_CLS_ETHTOOL_LOCS) {
		*why = "location beyond the rule table";
		return -EINVAL;
	}
	e = inic_cls_entry_new(port, rule, &err, why);
	if (!e)
		return err;
	e->fs = *fs;
	e->fs.location = loc;
	e->rss_context = rss_context;

	mutex_lock(&cls->lock);
	cp = &cls->ports[port->id];
	/* The new rule first: the old one goes only once it is replaced. */
	err = inic_cls_program(idev, e, why);
	if (err) {
		mutex_unlock(&cls->lock);
		inic_cls_free(e);
		return err;
	}
	old = cp->loc[loc];
	cp->loc[loc] = e;
	if (old)
		inic_cls_remove(idev, old);
	else
		cp->count++;
	mutex_unlock(&cls->lock);
	inic_cls_free(old);
	return 0;
}

int inic_cls_delete(struct inic_port *port, u32 loc)
{
	struct inic_dev *idev = port->idev;
	struct inic_cls *cls = idev->cls;
	struct inic_cls_entry *e;

	if (!cls || loc >= INIC_CLS_ETHTOOL_LOCS)
		return -EINVAL;
	mutex_lock(&cls->lock);
	e = cls->ports[port->id].loc[loc];
	if (e) {
		inic_cls_remove(idev, e);
		cls->ports[port->id].loc[loc] = NULL;
		cls->ports[port->id].count--;
	}
	mutex_unlock(&cls->lock);
	if (!e)
		return -ENOENT;
	inic_cls_free(e);
	return 0;
}

/* Every rule of a port, from the device and the shadow. */
void inic_cls_port_flush(struct inic_port *port)
{
	struct inic_dev *idev = port->idev;
	struct inic_cls *cls = idev->cls;
	struct inic_cls_port *cp;
	u32 loc;

	if (!cls)
		return;
	mutex_lock(&cls->lock);
	cp = &cls->ports[port->id];
	for (loc = 0; loc < INIC_CLS_ETHTOOL_LOCS && cp->count; loc++) {
		if (!cp->loc[loc])
			continue;
		inic_cls_remove(idev, cp->loc[loc]);
		inic_cls_free(cp->loc[loc]);
		cp->loc[loc] = NULL;
		cp->count--;
	}
	mutex_unlock(&cls->lock);
}

int inic_cls_free_loc(struct inic_port *port, bool first)
{
	struct inic_cls *cls = port->idev->cls;
	struct inic_cls_port *cp;
	int loc, ret = -ENOSPC;

	if (!cls)
		return -EOPNOTSUPP;
	mutex_lock(&cls->lock);
	cp = &cls->ports[port->id];
	for (loc = 0; loc < INIC_CLS_ETHTOOL_LOCS; loc++) {
		int l = first ? loc : INIC_CLS_ETHTOOL_LOCS - 1 - loc;

		if (!cp->loc[l]) {
			ret = l;
			break;
		}
	}
	mutex_unlock(&cls->lock);
	return ret;
}

int inic_cls_get(struct inic_port *port, u32 loc,
		 struct ethtool_rx_flow_spec *fs, u32 *rss_context)
{
	struct inic_cls *cls = port->idev->cls;
	int err = -ENOENT;

	if (!cls || loc >= INIC_CLS_ETHTOOL_LOCS)
		return -EINVAL;
	mutex_lock(&cls->lock);
	if (cls->ports[port->id].loc[loc]) {
		*fs = cls->ports[port->id].loc[loc]->fs;
		*rss_context = cls->ports[port->id].loc[loc]->rss_context;
		err = 0;
	}
	mutex_unlock(&cls->lock);
	return err;
}

u32 inic_cls_locs(struct inic_port *port, u32 *locs, u32 max)
{
	struct inic_cls *cls = port->idev->cls;
	u32 loc, n = 0;

	if (!cls)
		return 0;
	mutex_lock(&cls->lock);
	for (loc = 0; loc < INIC_CLS_ETHTOOL_LOCS && n < max; loc++)
		if (cls->ports[port->id].loc[loc])
			locs[n++] = loc;
	mutex_unlock(&cls->lock);
	return n;
}

u32 inic_cls_count(struct inic_port *port)
{
	struct inic_cls *cls = port->idev->cls;

	return cls ? READ_ONCE(cls->ports[port->id].count) : 0;
}

/* STATS of one entry into RULE_STATS. Under cls->lock. */
void inic_cls_entry_stats(struct inic_dev *idev,
			  const struct inic_cls_entry *e,
			  u64 stats[INIC_CLS_RSTAT__COUNT])
{
	u32 res, s;

	if (e->table == INIC_CLS_NO_TABLE) {	/* lost in a reset */
		memcpy(stats, e->base, sizeof(e->base));
		return;
	}
	res = inic_cls_cmd(idev, INIC_CLS_OP_STATS, e->table, e->index);
	for (s = 0; s < INIC_CLS_RSTAT__COUNT; s++)
		stats[s] = e->base[s] + (INIC_CLS_RES_CODE(res) == INIC_CLS_RES_OK ?
			   readq(idev->hw + INIC_CLS_RULE_STAT(s)) : 0);
}

int inic_cls_rule_stats(struct inic_port *port, u32 loc,
			u64 stats[INIC_CLS_RSTAT__COUNT])
{
	struct inic_dev *idev = port->idev;
	struct inic_cls *cls = idev->cls;
	struct inic_cls_entry *e;

	if (!cls || loc >= INIC_CLS_ETHTOOL_LOCS)
		return -EINVAL;
	mutex_lock(&cls->lock);
	e = cls->ports[port->id].loc[loc];
	if (e)
		inic_cls_entry_stats(idev, e, stats);
	mutex_unlock(&cls->lock);
	return e ? 0 : -ENOENT;
}

void inic_cls_dev_stats(struct inic_dev *idev, u64 stats[INIC_CLS_STAT__COUNT])
{
	u32 s;

	for (s = 0; s < INIC_CLS_STAT__COUNT; s++)
		stats[s] = idev->cls ? readq(idev->hw + INIC_CLS_STAT(s)) : 0;
}

/* ---- tc flower rules, by cookie ---- */

/* Under cls->lock. */
static struct inic_cls_entry *inic_cls_tc_find(struct inic_cls *cls,
					       u32 port, unsigned long cookie)
{
	struct inic_cls_entry *e;

	hash_for_each_possible(cls->tc, e, tc_node, cookie)
		if (e->cookie == cookie && e->port == port)
			return e;
	return NULL;
}

/*
 * tc's mirred named VNIC netdevs (vnic_dev[0]: the redirect, [1]: the
 * mirror): under cls->lock, are they still the VNICs of the entries the
 * rule names? inic_vnic_delete() frees an entry only after
 * inic_cls_vnic_gone(), which waits for cls->lock.
 */
static int inic_cls_vnic_recheck(struct inic_port *port,
				 const struct inic_cls_rule *rule,
				 const struct net_device *const vnic_dev[2],
				 const char **why)
{
	int n;

	if (!vnic_dev)
		return 0;
	if (vnic_dev[0]) {
		n = inic_vnic_cls_target(port->idev, vnic_dev[0], port->id, true,
					 why);
		if (n < 0)
			return n;
		if ((u32)n != rule->act.arg)
			goto gone;
	}
	if (vnic_dev[1]) {
		n = inic_vnic_cls_target(port->idev, vnic_dev[1], port->id,
					 false, why);
		if (n < 0)
			return n;
		if ((u32)n != rule->act.mirror_arg)
			goto gone;
	}
	return 0;
gone:
	*why = "mirred to a VNIC that is being removed";
	return -EBUSY;
}

int inic_cls_tc_insert(struct inic_port *port, unsigned long cookie,
		       u32 tc_prio, const struct inic_cls_rule *rule,
		       const struct net_device *const vnic_dev[2],
		       const char **why)
{
	struct inic_dev *idev = port->idev;
	struct inic_cls *cls = idev->cls;
	struct inic_cls_entry *e, *old;
	int err;

	e = inic_cls_entry_new(port, rule, &err, why);
	if (!e)
		return err;
	e->cookie = cookie;
	e->port = port->id;
	e->tc_prio = tc_prio;
	e->lastused = jiffies;

	mutex_lock(&cls->lock);
	err = inic_cls_vnic_recheck(port, rule, vnic_dev, why);
	if (!err)
		err = inic_cls_program(idev, e, why);
	if (err) {
		mutex_unlock(&cls->lock);
		inic_cls_free(e);
		return err;
	}
	old = inic_cls_tc_find(cls, port->id, cookie);
	if (old) {
		hash_del(&old->tc_node);
		inic_cls_remove(idev, old);
	} else {
		cls->tc_count[port->id]++;
	}
	hash_add(cls->tc, &e->tc_node, cookie);
	mutex_unlock(&cls->lock);
	inic_cls_free(old);
	return 0;
}

void inic_cls_vnic_gone(struct inic_dev *idev, u32 n)
{
	struct inic_cls *cls = idev->cls;
	struct inic_cls_entry *e;
	unsigned int bkt;
	u32 gone = 0;

	if (!cls)
		return;
	mutex_lock(&cls->lock);
	hash_for_each(cls->tc, bkt, e, tc_node) {
		struct inic_cls_hw *hw = &e->hw;
		bool hit = false;

		if ((hw->action & INIC_CLS_ACT_TYPE_MASK) == INIC_CLS_ACT_VNIC &&
		    hw->act_arg == n) {
			hw->action = (hw->action & ~INIC_CLS_ACT_TYPE_MASK) |
				     INIC_CLS_ACT_DROP;
			hw->act_arg = 0;
			hit = true;
		}
		if ((hw->action & INIC_CLS_ACT_MIRROR) &&
		    (hw->mirror & INIC_CLS_MIR_TYPE_MASK) == INIC_CLS_MIR_VNIC &&
		    hw->mirror >> INIC_CLS_MIR_ARG_SHIFT == n) {
			hw->action &= ~INIC_CLS_ACT_MIRROR;
			hw->mirror = 0;
			hit = true;
		}
		gone += hit;
	}
	mutex_unlock(&cls->lock);
	if (gone)
		dev_info(&idev->pdev->dev,
			 "classifier: VNIC %u deleted: %u tc rule(s) naming it now drop its frames and copies\n",
			 n, gone);
}

int inic_cls_tc_delete(struct inic_port *port, unsigned long cookie)
{
	struct inic_dev *idev = port->idev;
	struct inic_cls *cls = idev->cls;
	struct inic_cls_entry *e;

	if (!cls)
		return -EOPNOTSUPP;
	mutex_lock(&cls->lock);
	e = inic_cls_tc_find(cls, port->id, cookie);
	if (e) {
		hash_del(&e->tc_node);
		inic_cls_remove(idev, e);
		cls->tc_count[port->id]--;
	}
	mutex_unlock(&cls->lock);
	if (!e)
		return -ENOENT;
	inic_cls_free(e);
	return 0;
}

int inic_cls_tc_stats(struct inic_port *port, unsigned long cookie,
		      u64 delta[INIC_CLS_RSTAT__COUNT],
		      unsigned long *lastused)
{
	struct inic_dev *idev = port->idev;
	struct inic_cls *cls = idev->cls;
	u64 now[INIC_CLS_RSTAT__COUNT];
	struct inic_cls_entry *e;
	u32 s;

	if (!cls)
		return -EOPNOTSUPP;
	mutex_lock(&cls->lock);
	e = inic_cls_tc_find(cls, port->id, cookie);
	if (e) {
		inic_cls_entry_stats(idev, e, now);
		for (s = 0; s < INIC_CLS_RSTAT__COUNT; s++) {
			delta[s] = now[s] - e->seen[s];
			e->seen[s] = now[s];
		}
		if (delta[INIC_CLS_RSTAT_PKTS])
			e->lastused = jiffies;
		*lastused = e->lastused;
	}
	mutex_unlock(&cls->lock);
	return e ? 0 : -ENOENT;
}

u32 inic_cls_tc_count(struct inic_port *port)
{
	struct inic_cls *cls = port->idev->cls;

	return cls ? READ_ONCE(cls->tc_count[port->id]) : 0;
}

/* ---- RSS contexts ---- */

int inic_cls_rss_get(struct inic_port *port)
{
	struct inic_cls *cls = port->idev->cls;
	int slot, ret = -ENOSPC;

	if (!cls)
		return -EOPNOTSUPP;
	mutex_lock(&cls->lock);
	for (slot = 0; slot < INIC_CLS_RSS_CONTEXTS; slot++) {
		if (!cls->rss_owner[slot]) {
			cls->rss_owner[slot] = port->id + 1;
			ret = slot;
			break;
		}
	}
	mutex_unlock(&cls->lock);
	return ret;
}

void inic_cls_rss_write(struct inic_port *port, u32 slot, const u32 *indir)
{
	struct inic_dev *idev = port->idev;
	u32 regs[INIC_RSS_RETA_REGS], i;

	inic_rss_reta_regs(indir, port->first_ring, regs);
	for (i = 0; i < INIC_RSS_RETA_REGS; i++)
		inic_cls_wr(idev, INIC_CLS_RSS_RETA(slot, i), regs[i]);
}

/* Under cls->lock. */
static bool inic_cls_entry_rss(const struct inic_cls_entry *e, u32 slot)
{
	return e && (e->hw.action & INIC_CLS_ACT_TYPE_MASK) == INIC_CLS_ACT_RSS &&
	       e->hw.act_arg == slot;
}

bool inic_cls_rss_in_use(struct inic_port *port, u32 slot)
{
	struct inic_cls *cls = port->idev->cls;
	struct inic_cls_port *cp;
	bool used = false;
	u32 loc;

	mutex_lock(&cls->lock);
	cp = &cls->ports[port->id];
	for (loc = 0; loc < INIC_CLS_ETHTOOL_LOCS && !used; loc++)
		used = inic_cls_entry_rss(cp->loc[loc], slot);
	mutex_unlock(&cls->lock);
	return used;
}

void inic_cls_rss_put(struct inic_port *port, u32 slot)
{
	struct inic_cls *cls = port->idev->cls;
	u32 i;

	if (!cls || slot >= INIC_CLS_RSS_CONTEXTS)
		return;
	for (i = 0; i < INIC_RSS_RETA_REGS; i++)
		inic_cls_wr(port->idev, INIC_CLS_RSS_RETA(slot, i), 0);
	mutex_lock(&cls->lock);
	cls->rss_owner[slot] = 0;
	mutex_unlock(&cls->lock);
}

/* ---- device reset recovery ---- */

/*
 * Call fn on every shadow entry, ethtool's then tc's; returns how many.
 * Under cls->lock.
 */
static u32 inic_cls_each(struct inic_dev *idev,
			 void (*fn)(struct inic_dev *idev,
				    struct inic_cls_entry *e, u32 *bad),
			 u32 *bad)
{
	struct inic_cls *cls = idev->cls;
	struct inic_cls_entry *e;
	u32 p, loc, n = 0;
	int bkt;

	for (p = 0; p < cls->num_ports; p++) {
		for (loc = 0; loc < INIC_CLS_ETHTOOL_LOCS; loc++) {
			e = cls->ports[p].loc[loc];
			if (e) {
				fn(idev, e, bad);
				n++;
			}
		}
	}
	hash_for_each(cls->tc, bkt, e, tc_node) {
		fn(idev, e, bad);
		n++;
	}
	return n;
}

/* base += the device's counters (the reset clears those) */
static void inic_cls_save(struct inic_dev *idev, struct inic_cls_entry *e,
			  u32 *bad)
{
	if (e->table != INIC_CLS_NO_TABLE)
		inic_cls_entry_stats(idev, e, e->base);
}

void inic_cls_reset_prepare(struct inic_dev *idev)
{
	struct inic_cls *cls = idev->cls;

	if (!cls)
		return;
	/* Held until inic_cls_reset_done(): no tc or ethtool change between. */
	mutex_lock(&cls->lock);
	inic_cls_each(idev, inic_cls_save, NULL);
}

/* Program an entry again after the reset; a refusal drops it. */
static void inic_cls_replay(struct inic_dev *idev, struct inic_cls_entry *e,
			    u32 *bad)
{
	const char *why = NULL;

	if (!inic_cls_program(idev, e, &why))
		return;
	dev_err(&idev->pdev->dev,
		"classifier: rule lost in the reset (%s)\n", why ? why : "?");
	e->table = INIC_CLS_NO_TABLE;
	(*bad)++;
}

void inic_cls_reset_done(struct inic_dev *idev)
{
	struct inic_cls *cls = idev->cls;
	struct inic_port *port;
	unsigned long id;
	u32 p, n, bad = 0;

	if (!cls)
		return;
	/* The reset emptied both tables and the exact table's masks. */
	memset(&cls->masks, 0, sizeof(cls->masks));
	cls->used[INIC_CLS_TABLE_EXACT] = 0;
	cls->used[INIC_CLS_TABLE_MASKED] = 0;
	n = inic_cls_each(idev, inic_cls_replay, &bad);
	mutex_unlock(&cls->lock);

	/* RSS contexts: their tables, kept by the ethtool core. */
	for (p = 0; p < cls->num_ports; p++) {
		struct ethtool_rxfh_context *ctx;

		port = idev->ports[p];
		if (!port || !port->netdev->ethtool)
			continue;
		xa_for_each(&port->netdev->ethtool->rss_ctx, id, ctx)
			inic_cls_rss_write(port,
					   *(u32 *)ethtool_rxfh_context_priv(ctx),
					   ethtool_rxfh_context_indir(ctx));
	}
	if (n)
		dev_info(&idev->pdev->dev,
			 "classifier: %u rules programmed again after the reset, %u lost\n",
			 n - bad, bad);
}

/* ---- listing: every rule with its counters ---- */

/* Under cls->lock. */
static void inic_cls_info(struct inic_dev *idev, const struct inic_cls_entry *e,
			  u32 pos, struct inic_cls_rule_info *info)
{
	info->pos = pos;
	info->table = e->table;
	info->index = e->index;
	info->hw = e->hw;
	inic_cls_entry_stats(idev, e, info->stats);
}

/*
 * Cursors: below num_ports * INIC_CLS_ETHTOOL_LOCS, an ethtool slot
 * (port * LOCS + location); from there on, the ordinal of a tc rule in
 * the hash table's order (stable while the table does not change).
 */
u32 inic_cls_rules(struct inic_dev *idev, u32 *pos,
		   struct inic_cls_rule_info *info, u32 max)
{
	struct inic_cls *cls = idev->cls;
	struct inic_cls_entry *e;
	u32 base, slot, n = 0, t = 0;
	int bkt;

	if (!cls || !max)
		return 0;
	base = cls->num_ports * INIC_CLS_ETHTOOL_LOCS;
	mutex_lock(&cls->lock);
	for (slot = *pos; slot < base && n < max; slot++) {
		u32 p = slot / INIC_CLS_ETHTOOL_LOCS;
		u32 loc = slot % INIC_CLS_ETHTOOL_LOCS;

		e = cls->ports[p].loc[loc];
		if (!e)
			continue;
		memset(&info[n], 0, sizeof(info[n]));
		info[n].owner = INIC_CLS_OWNER_ETHTOOL;
		info[n].port = p;
		info[n].loc = loc;
		inic_cls_info(idev, e, slot, &info[n]);
		n++;
		*pos = slot + 1;
	}
	if (n < max && *pos < base)
		*pos = base;
	if (n == max) {
		mutex_unlock(&cls->lock);
		return n;
	}
	hash_for_each(cls->tc, bkt, e, tc_node) {
		if (base + t++ < *pos)
			continue;
		memset(&info[n], 0, sizeof(info[n]));
		info[n].owner = INIC_CLS_OWNER_TC;
		info[n].port = e->port;
		info[n].tc_prio = e->tc_prio;
		inic_cls_info(idev, e, base + t - 1, &info[n]);
		*pos = base + t;
		if (++n == max)
			break;
	}
	mutex_unlock(&cls->lock);
	return n;
}

/* ---- init/fini ---- */

static void inic_cls_free_shadow(struct inic_cls *cls)
{
	struct inic_cls_entry *e;
	struct hlist_node *tmp;
	u32 p, loc;
	int bkt;

	hash_for_each_safe(cls->tc, bkt, tmp, e, tc_node) {
		hash_del(&e->tc_node);
		inic_cls_free(e);
	}
	for (p = 0; p < cls->num_ports; p++) {
		if (!cls->ports[p].loc)
			continue;
		for (loc = 0; loc < INIC_CLS_ETHTOOL_LOCS; loc++)
			inic_cls_free(cls->ports[p].loc[loc]);
		inic_cls_locs_free(cls->ports[p].loc);
	}
	inic_cls_free(cls);
}

int inic_cls_init(struct inic_dev *idev)
{
	struct inic_cls *cls;
	u32 p;

	if (idev->is_vf || !(idev->caps & INIC_CAP_CLS))
		return 0;
	cls = inic_cls_zalloc(sizeof(*cls));
	if (!cls)
		return -ENOMEM;
	mutex_init(&cls->lock);
	hash_init(cls->tc);
	cls->num_ports = idev->plan.num_ports;
	for (p = 0; p < cls->num_ports; p++) {
		cls->ports[p].loc = inic_cls_locs_alloc();
		if (!cls->ports[p].loc) {
			inic_cls_free_shadow(cls);
			return -ENOMEM;
		}
	}
	/* Nothing of an earlier driver's rules: both tables empty. */
	inic_cls_cmd(idev, INIC_CLS_OP_FLUSH, INIC_CLS_TABLE_EXACT, 0);
	idev->cls = cls;
	cls->dbg = inic_debugfs_cls(idev);
	return 0;
}

void inic_cls_fini(struct inic_dev *idev)
{
	struct inic_cls *cls = idev->cls;

	if (!cls)
		return;
	debugfs_remove(cls->dbg);
	/* Every rule of both tables, then the shadow. */
	inic_cls_cmd(idev, INIC_CLS_OP_FLUSH, INIC_CLS_TABLE_EXACT, 0);
	idev->cls = NULL;
	inic_cls_free_shadow(cls);
}
