// SPDX-License-Identifier: GPL-2.0
/*
 * inic debugfs: the root /sys/kernel/debug/inic (module init/exit), a
 * directory per device under it, and the files of the features that only
 * read through their public calls: cls (the classifier's rule shadow with
 * the device's counters) and lag/ (state, the fault knob fail_next,
 * vf_pin), and dim (adaptive RX moderation per ring pair). The features
 * create them in their init (inic_debugfs_cls(), inic_debugfs_lag()) and
 * remove them in their fini. The VF client's test
 * hooks (mbox_raw, mbox_flood, mbox_deaf, mbox) are created in its
 * directory by inic_vf.c, which owns the state they act on.
 */
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/pci.h>
#include <linux/rtnetlink.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "inic.h"
#include "inic_cls.h"
#include "inic_lag.h"

static struct dentry *inic_debugfs_root;

void inic_debugfs_init(void)
{
	inic_debugfs_root = debugfs_create_dir(INIC_DRV_NAME, NULL);
	inic_mem_debugfs(inic_debugfs_root);
}

void inic_debugfs_exit(void)
{
	debugfs_remove_recursive(inic_debugfs_root);
	inic_debugfs_root = NULL;
}

/*
 * inic/<bdf>/dim: per active ring pair of every port, whether adaptive-rx
 * is on, the RX moderation the driver wants (DIM's profile or the static
 * one), what the ring's ITR registers hold, and how many times DIM
 * changed it.
 */
static int inic_dim_state_show(struct seq_file *s, void *unused)
{
	struct inic_dev *idev = s->private;
	u32 p, q, usecs, pkts;

	if (!rtnl_trylock())
		return restart_syscall();
	for (p = 0; p < idev->plan.num_ports; p++) {
		struct inic_port *port = idev->ports[p];

		if (!port || !port->running)
			continue;
		for (q = 0; q < port->active; q++) {
			struct inic_pair *pair = &port->pairs[q];

			inic_dim_rx_itr(pair, &usecs, &pkts);
			seq_printf(s, "port %u ring %u adaptive %u profile %u usecs %u frames %u hw_usecs %u hw_frames %u changes %llu\n",
				   p, q, port->adaptive_rx,
				   pair->dim.profile_ix, usecs, pkts,
				   readl(pair->rx.regs + INIC_RR_ITR_USECS),
				   readl(pair->rx.regs + INIC_RR_ITR_PKTS),
				   READ_ONCE(pair->dim_changes));
		}
	}
	rtnl_unlock();
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(inic_dim_state);

struct dentry *inic_debugfs_dev_dir(struct inic_dev *idev)
{
	struct dentry *dir;

	if (!inic_debugfs_root)
		return NULL;
	dir = debugfs_create_dir(pci_name(idev->pdev), inic_debugfs_root);
	debugfs_create_file("dim", 0400, dir, idev, &inic_dim_state_fops);
	return dir;
}

/* ---- inic/<bdf>/cls ---- */

static int inic_cls_show(struct seq_file *s, void *unused)
{
	struct inic_dev *idev = s->private;
	struct inic_cls *cls = idev->cls;
	u64 st[INIC_CLS_RSTAT__COUNT];
	struct inic_cls_entry *e;
	u32 p, loc, i;
	int bkt;

	mutex_lock(&cls->lock);
	seq_printf(s, "exact %u/%u masked %u/%u masks %u/%u\n",
		   inic_rd(idev, INIC_CLS_BASE + INIC_CLS_EXACT_USED),
		   inic_rd(idev, INIC_CLS_BASE + INIC_CLS_EXACT_SIZE),
		   inic_rd(idev, INIC_CLS_BASE + INIC_CLS_MASKED_USED),
		   inic_rd(idev, INIC_CLS_BASE + INIC_CLS_MASKED_SIZE),
		   inic_rd(idev, INIC_CLS_BASE + INIC_CLS_MASKS_USED),
		   inic_rd(idev, INIC_CLS_BASE + INIC_CLS_EXACT_MASKS_REG));
	seq_printf(s, "shadow exact %u masked %u masks %u\n",
		   cls->used[INIC_CLS_TABLE_EXACT],
		   cls->used[INIC_CLS_TABLE_MASKED],
		   inic_cls_masks_used(&cls->masks));
	for (p = 0; p < cls->num_ports; p++) {
		for (loc = 0; loc < INIC_CLS_ETHTOOL_LOCS; loc++) {
			e = cls->ports[p].loc[loc];
			if (!e)
				continue;
			inic_cls_entry_stats(idev, e, st);
			seq_printf(s, "port %u loc %u %s %u prio %u ", p, loc,
				   e->table == INIC_CLS_TABLE_EXACT ?
				   "exact" : "masked", e->index, e->hw.prio);
			seq_printf(s, "action %#x arg %u packets %llu bytes %llu key",
				   e->hw.action, e->hw.act_arg,
				   st[INIC_CLS_RSTAT_PKTS],
				   st[INIC_CLS_RSTAT_BYTES]);
			for (i = 0; i < INIC_CLS_KEY_REGS; i++)
				seq_printf(s, " %08x/%08x", e->hw.key[i],
					   e->hw.mask[i]);
			seq_putc(s, '\n');
		}
	}
	hash_for_each(cls->tc, bkt, e, tc_node) {
		inic_cls_entry_stats(idev, e, st);
		seq_printf(s, "port %u tc prio %u %s %u prio %u ", e->port,
			   e->tc_prio, e->table == INIC_CLS_TABLE_EXACT ?
			   "exact" : "masked", e->index, e->hw.prio);
		seq_printf(s, "action %#x arg %u mirror %#x police %u/%u packets %llu bytes %llu\n",
			   e->hw.action, e->hw.act_arg, e->hw.mirror,
			   e->hw.pol_rate, e->hw.pol_burst,
			   st[INIC_CLS_RSTAT_PKTS], st[INIC_CLS_RSTAT_BYTES]);
	}
	mutex_unlock(&cls->lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(inic_cls);

struct dentry *inic_debugfs_cls(struct inic_dev *idev)
{
	if (IS_ERR_OR_NULL(idev->dbg))
		return NULL;
	return debugfs_create_file("cls", 0400, idev->dbg, idev,
				   &inic_cls_fops);
}

/* ---- inic/<bdf>/lag/ ---- */

static int inic_lag_state_show(struct seq_file *s, void *unused)
{
	struct inic_dev *idev = s->private;
	struct inic_lag_state *st;
	u32 i;

	st = kzalloc(sizeof(*st), GFP_KERNEL);
	if (!st)
		return -ENOMEM;
	inic_mem_add(INIC_MEM_KMEM, ksize(st));
	if (!inic_lag_get(idev, st)) {
		seq_printf(s, "upper %s\noffloaded %u\nwhy %s\n",
			   st->upper[0] ? st->upper : "-", st->offloaded,
			   st->why[0] ? st->why : "-");
		seq_printf(s, "mode %u\nhash %u\nmembers %#x\nlive %#x\n",
			   st->mode, st->hash, st->members, st->live);
		seq_printf(s, "primary %u\nactive %u\nfailback %u\n",
			   st->primary, st->active, st->failback);
		seq_printf(s, "pf_pinned %u\nvf_pinned %#llx\nlast %#x\n",
			   st->pf_pinned, st->vf_pinned, st->last);
		seq_printf(s, "failovers %llu\nlast_ns %llu\nannounces %llu\n",
			   st->stats[INIC_LAG_STAT_FAILOVERS],
			   st->stats[INIC_LAG_STAT_LAST_NS],
			   st->stats[INIC_LAG_STAT_ANNOUNCES]);
		seq_printf(s, "tx_moved %llu\ntx_no_port %llu\n",
			   st->stats[INIC_LAG_STAT_TX_MOVED],
			   st->stats[INIC_LAG_STAT_TX_NO_PORT]);
		for (i = 0; i < idev->plan.num_ports; i++)
			seq_printf(s, "port%u rx %llu tx %llu\n", i,
				   st->member_rx[i], st->member_tx[i]);
	}
	inic_mem_sub(INIC_MEM_KMEM, ksize(st));
	kfree(st);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(inic_lag_state);

/* "VF 0|1": pin or unpin a VF as the netlink request would. */
static ssize_t inic_lag_vf_pin_write(struct file *file,
				     const char __user *ubuf, size_t len,
				     loff_t *ppos)
{
	struct inic_dev *idev = file->private_data;
	unsigned int vf, pin;
	char buf[32];
	int err;

	if (len >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, len))
		return -EFAULT;
	buf[len] = '\0';
	if (sscanf(buf, "%u %u", &vf, &pin) != 2 || pin > 1)
		return -EINVAL;
	err = inic_lag_vf_pin(idev, vf, pin, NULL);
	return err ? err : len;
}

static const struct file_operations inic_lag_vf_pin_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = inic_lag_vf_pin_write,
	.llseek = noop_llseek,
};

struct dentry *inic_debugfs_lag(struct inic_dev *idev, bool *fail_next)
{
	struct dentry *dir;

	if (IS_ERR_OR_NULL(idev->dbg))
		return NULL;
	dir = debugfs_create_dir("lag", idev->dbg);
	if (IS_ERR(dir))
		return NULL;
	debugfs_create_file("state", 0400, dir, idev, &inic_lag_state_fops);
	debugfs_create_bool("fail_next", 0600, dir, fail_next);
	debugfs_create_file("vf_pin", 0200, dir, idev, &inic_lag_vf_pin_fops);
	return dir;
}
