// SPDX-License-Identifier: GPL-2.0
/*
 * inic SR-IOV, VF side: the mailbox client of a virtual function. The VF
 * is driven by the same code as a PF port (its BAR0 has the PF's layout
 * for one port and its own rings); this file adds the handshake with the
 * PF (RESET, HELLO, GET_MAC, GET_RINGS, GET_LINK), SET_MTU, the PF's
 * unsolicited LINK_EVENT/MAC_EVENT messages and debugfs test hooks that
 * make the VF misbehave: /sys/kernel/debug/inic/<bdf>/mbox_raw sends raw
 * (garbage) requests, mbox_deaf stops taking the PF's messages and
 * mbox_flood posts requests as fast as the PF acknowledges them.
 *
 * Locking: inic_vf.lock serializes the VF's mailbox registers (one request
 * in flight); MAC events are applied to the netdev from a work item under
 * RTNL, never with the mailbox lock held (a request may hold RTNL).
 */
#include <linux/debugfs.h>
#include <linux/delay.h>
#include <linux/etherdevice.h>
#include <linux/jiffies.h>
#include <linux/kstrtox.h>
#include <linux/rtnetlink.h>
#include <linux/sched/signal.h>
#include <linux/uaccess.h>
#include <linux/workqueue.h>

#include "inic.h"
#include "inic_sriov.h"

#define INIC_VF_MBOX_TIMEOUT_MS	3000

struct inic_vf {
	struct inic_dev *idev;
	struct mutex lock;	/* the mailbox registers, seq */
	u32 seq;
	u32 version;
	u8 mac[ETH_ALEN];	/* from GET_MAC / MAC_EVENT */
	u32 rings;
	u32 vectors;
	bool link_up;
	u32 speed;
	bool mac_pending;	/* a MAC_EVENT waits for event_work */
	bool ready;		/* the netdev is registered */
	bool dying;
	bool deaf;		/* debugfs: take no PF message (a hostile VF) */
	u64 events;
	u64 stray;		/* replies nobody waited for */
	u64 flood_posted;	/* debugfs mbox_flood: requests posted */
	struct work_struct mbox_work;
	struct work_struct event_work;
	struct dentry *dbg;
};

static struct dentry *inic_debugfs_root;
static const struct file_operations inic_vf_mbox_raw_fops;
static const struct file_operations inic_vf_mbox_flood_fops;
static const struct file_operations inic_vf_stats_fops;

static void __iomem *inic_vf_mbox(struct inic_vf *vf, u32 off)
{
	return vf->idev->hw + INIC_MBOX_BASE + off;
}

static u32 inic_vf_ctrl(struct inic_vf *vf)
{
	return readl(inic_vf_mbox(vf, INIC_MBOX_VF_CTRL));
}

/* Take the PF's waiting message into regs and acknowledge it. */
static void inic_vf_take(struct inic_vf *vf, u32 *regs)
{
	u32 i;

	for (i = 0; i < INIC_MBOX_MSG_REGS; i++)
		regs[i] = readl(inic_vf_mbox(vf, INIC_MBOX_REPLY + 4 * i));
	writel(INIC_MBOX_VF_CTRL_ACK, inic_vf_mbox(vf, INIC_MBOX_VF_CTRL));
}

/* An unsolicited PF message (lock held). */
static void inic_vf_handle_event(struct inic_vf *vf, const u32 *regs)
{
	struct inic_port *port = vf->idev->ports[0];
	u32 i;

	vf->events++;
	if (INIC_MBOX_HDR_OP(regs[0]) == INIC_MBOX_OP_LINK_EVENT) {
		vf->link_up = regs[1] & 1;
		vf->speed = regs[2];
		if (port && vf->ready) {
			if (vf->link_up)
				netif_carrier_on(port->netdev);
			else
				netif_carrier_off(port->netdev);
		}
		return;
	}
	for (i = 0; i < ETH_ALEN; i++)
		vf->mac[i] = inic_mbox_byte(regs, i);
	vf->mac_pending = true;
	if (vf->ready && !vf->dying)
		schedule_work(&vf->event_work);
}

/* Drain the PF's messages (lock held); returns true if one was taken. */
static bool inic_vf_poll_locked(struct inic_vf *vf, u32 *regs)
{
	if (READ_ONCE(vf->deaf) ||
	    !(inic_vf_ctrl(vf) & INIC_MBOX_VF_CTRL_REPLY))
		return false;
	inic_vf_take(vf, regs);
	if (!inic_mbox_check_event(regs)) {
		inic_vf_handle_event(vf, regs);
		regs[0] = 0;	/* consumed */
	}
	return true;
}

/* Wait until the PF took our previous request (device REQ bit clear). */
static int inic_vf_wait_req_free(struct inic_vf *vf, unsigned long deadline)
{
	u32 regs[INIC_MBOX_MSG_REGS];

	while (inic_vf_ctrl(vf) & INIC_MBOX_VF_CTRL_REQ) {
		if (inic_vf_poll_locked(vf, regs) && regs[0])
			vf->stray++;
		if (time_after(jiffies, deadline))
			return -ETIMEDOUT;
		usleep_range(100, 300);
	}
	return 0;
}

/* Post regs as a request (lock held). */
static int inic_vf_post(struct inic_vf *vf, const u32 *regs,
			unsigned long deadline)
{
	u32 i;
	int err;

	err = inic_vf_wait_req_free(vf, deadline);
	if (err)
		return err;
	for (i = 0; i < INIC_MBOX_MSG_REGS; i++)
		writel(regs[i], inic_vf_mbox(vf, INIC_MBOX_REQ + 4 * i));
	writel(INIC_MBOX_VF_CTRL_REQ, inic_vf_mbox(vf, INIC_MBOX_VF_CTRL));
	if (inic_vf_ctrl(vf) & INIC_MBOX_VF_CTRL_REFUSED)
		return -EBUSY;
	return 0;
}

/*
 * One request and its reply (lock held). reply gets the reply's words;
 * returns 0, the PF's NACK as -errno, or -ETIMEDOUT/-EPROTO/-EBUSY.
 */
static int inic_vf_request_locked(struct inic_vf *vf, u32 op,
				  const void *payload, u32 len, u32 *reply)
{
	unsigned long deadline = jiffies +
				 msecs_to_jiffies(INIC_VF_MBOX_TIMEOUT_MS);
	u32 regs[INIC_MBOX_MSG_REGS], seq, rlen;
	int err;

	if (vf->dying)
		return -ENODEV;
	seq = vf->seq++ & 0xf;
	inic_mbox_build(regs, op, seq, false, payload, len);
	err = inic_vf_post(vf, regs, deadline);
	if (err)
		return err;
	for (;;) {
		if (inic_vf_poll_locked(vf, reply) && reply[0]) {
			err = inic_mbox_check_reply(reply, op, seq, &rlen);
			if (err != -INIC_E_PROTO)
				return err;
			vf->stray++;
		}
		if (time_after(jiffies, deadline))
			return -ETIMEDOUT;
		usleep_range(100, 300);
	}
}

static int inic_vf_request(struct inic_vf *vf, u32 op, const void *payload,
			   u32 len, u32 *reply)
{
	int err;

	mutex_lock(&vf->lock);
	err = inic_vf_request_locked(vf, op, payload, len, reply);
	mutex_unlock(&vf->lock);
	return err;
}

static void inic_vf_mbox_work(struct work_struct *work)
{
	struct inic_vf *vf = container_of(work, struct inic_vf, mbox_work);
	u32 regs[INIC_MBOX_MSG_REGS];
	int n = 0;

	mutex_lock(&vf->lock);
	while (n++ < 16 && inic_vf_poll_locked(vf, regs))
		if (regs[0])
			vf->stray++;
	mutex_unlock(&vf->lock);
}

/* Apply a new admin MAC to the netdev (MAC_EVENT). */
static void inic_vf_event_work(struct work_struct *work)
{
	struct inic_vf *vf = container_of(work, struct inic_vf, event_work);
	struct inic_port *port = vf->idev->ports[0];
	u8 mac[ETH_ALEN];

	mutex_lock(&vf->lock);
	memcpy(mac, vf->mac, ETH_ALEN);
	vf->mac_pending = false;
	mutex_unlock(&vf->lock);
	if (!port || !is_valid_ether_addr(mac))
		return;
	rtnl_lock();
	if (!ether_addr_equal(port->netdev->dev_addr, mac)) {
		eth_hw_addr_set(port->netdev, mac);
		call_netdevice_notifiers(NETDEV_CHANGEADDR, port->netdev);
		netdev_info(port->netdev, "MAC %pM assigned by the PF\n", mac);
	}
	rtnl_unlock();
}

void inic_vf_mbox_irq(struct inic_dev *idev)
{
	struct inic_vf *vf = idev->vf;

	if (vf && !READ_ONCE(vf->dying))
		schedule_work(&vf->mbox_work);
}

int inic_vf_set_mtu(struct inic_dev *idev, u32 mtu)
{
	u32 reply[INIC_MBOX_MSG_REGS];
	int err;

	if (!idev->vf)
		return 0;
	err = inic_vf_request(idev->vf, INIC_MBOX_OP_SET_MTU, &mtu, 4, reply);
	if (err == -ENODEV)
		return 0;
	return err;
}

void inic_vf_netdev_ready(struct inic_dev *idev)
{
	struct inic_vf *vf = idev->vf;

	if (!vf)
		return;
	mutex_lock(&vf->lock);
	vf->ready = true;
	if (vf->mac_pending)
		schedule_work(&vf->event_work);
	mutex_unlock(&vf->lock);
	if (inic_debugfs_root) {
		vf->dbg = debugfs_create_dir(pci_name(idev->pdev),
					     inic_debugfs_root);
		debugfs_create_file("mbox_raw", 0200, vf->dbg, vf,
				    &inic_vf_mbox_raw_fops);
		debugfs_create_file("mbox", 0400, vf->dbg, vf,
				    &inic_vf_stats_fops);
		debugfs_create_bool("mbox_deaf", 0600, vf->dbg, &vf->deaf);
		debugfs_create_file("mbox_flood", 0200, vf->dbg, vf,
				    &inic_vf_mbox_flood_fops);
	}
}

/* ---- debugfs: raw requests (garbage tests) ---- */

static ssize_t inic_vf_mbox_raw_write(struct file *file,
				      const char __user *ubuf, size_t count,
				      loff_t *ppos)
{
	struct inic_vf *vf = file->private_data;
	u32 regs[INIC_MBOX_MSG_REGS] = {};
	int err;

	if (!count || count > INIC_MBOX_MSG_SIZE)
		return -EINVAL;
	if (copy_from_user(regs, ubuf, count))
		return -EFAULT;
	le32_to_cpu_array(regs, INIC_MBOX_MSG_REGS);
	mutex_lock(&vf->lock);
	err = vf->dying ? -ENODEV :
	      inic_vf_post(vf, regs, jiffies + msecs_to_jiffies(1000));
	mutex_unlock(&vf->lock);
	/* The device may refuse the doorbell (bad length): still sent. */
	if (err && err != -EBUSY)
		return err;
	return count;
}

static const struct file_operations inic_vf_mbox_raw_fops = {
	.owner	= THIS_MODULE,
	.open	= simple_open,
	.write	= inic_vf_mbox_raw_write,
};

/*
 * Write a duration in ms (at most 60000): post GET_LINK requests for that
 * long, each as soon as the PF acknowledged the previous one (with
 * mbox_deaf set, no reply is ever taken).
 */
static ssize_t inic_vf_mbox_flood_write(struct file *file,
					const char __user *ubuf, size_t count,
					loff_t *ppos)
{
	struct inic_vf *vf = file->private_data;
	u32 regs[INIC_MBOX_MSG_REGS], ms;
	unsigned long end;
	u64 n = 0;
	int err;

	err = kstrtou32_from_user(ubuf, count, 0, &ms);
	if (err)
		return err;
	if (ms > 60000)
		return -EINVAL;
	inic_mbox_build(regs, INIC_MBOX_OP_GET_LINK, 0, false, NULL, 0);
	end = jiffies + msecs_to_jiffies(ms);
	mutex_lock(&vf->lock);
	while (!vf->dying && time_before(jiffies, end) &&
	       !fatal_signal_pending(current)) {
		err = inic_vf_post(vf, regs, end);
		if (err == -ETIMEDOUT)
			break;
		if (!err)
			n++;
		cond_resched();
	}
	vf->flood_posted += n;
	mutex_unlock(&vf->lock);
	return count;
}

static const struct file_operations inic_vf_mbox_flood_fops = {
	.owner	= THIS_MODULE,
	.open	= simple_open,
	.write	= inic_vf_mbox_flood_write,
};

static int inic_vf_stats_show(struct seq_file *s, void *unused)
{
	struct inic_vf *vf = s->private;

	seq_printf(s, "version %u\nrings %u\nvectors %u\nlink %u\nspeed %u\nmac %pM\nevents %llu\nstray %llu\nflood_posted %llu\n",
		   vf->version, vf->rings, vf->vectors, vf->link_up, vf->speed,
		   vf->mac, vf->events, vf->stray, vf->flood_posted);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(inic_vf_stats);

void inic_debugfs_init(void)
{
	inic_debugfs_root = debugfs_create_dir(INIC_DRV_NAME, NULL);
}

void inic_debugfs_exit(void)
{
	debugfs_remove_recursive(inic_debugfs_root);
	inic_debugfs_root = NULL;
}

/* ---- probe/remove ---- */

int inic_vf_init(struct inic_dev *idev)
{
	struct device *dev = &idev->pdev->dev;
	u32 reply[INIC_MBOX_MSG_REGS], want = INIC_MBOX_VERSION, i;
	struct inic_vf *vf;
	int err;

	vf = devm_kzalloc(dev, sizeof(*vf), GFP_KERNEL);
	if (!vf)
		return -ENOMEM;
	vf->idev = idev;
	mutex_init(&vf->lock);
	INIT_WORK(&vf->mbox_work, inic_vf_mbox_work);
	INIT_WORK(&vf->event_work, inic_vf_event_work);

	mutex_lock(&vf->lock);
	err = inic_vf_request_locked(vf, INIC_MBOX_OP_RESET, NULL, 0, reply);
	if (err)
		goto out;
	err = inic_vf_request_locked(vf, INIC_MBOX_OP_HELLO, &want, 4, reply);
	if (err)
		goto out;
	vf->version = reply[1];
	if (!vf->version || vf->version > INIC_MBOX_VERSION) {
		err = -EPROTO;
		goto out;
	}
	err = inic_vf_request_locked(vf, INIC_MBOX_OP_GET_MAC, NULL, 0, reply);
	if (err)
		goto out;
	for (i = 0; i < ETH_ALEN; i++)
		vf->mac[i] = inic_mbox_byte(reply, i);
	err = inic_vf_request_locked(vf, INIC_MBOX_OP_GET_RINGS, NULL, 0,
				     reply);
	if (err)
		goto out;
	vf->rings = reply[1];
	vf->vectors = reply[2];
	err = inic_vf_request_locked(vf, INIC_MBOX_OP_GET_LINK, NULL, 0, reply);
	if (err)
		goto out;
	vf->link_up = reply[1] & 1;
	vf->speed = reply[2];
out:
	mutex_unlock(&vf->lock);
	if (err) {
		dev_err(dev, "mailbox handshake with the PF failed: %d\n", err);
		mutex_destroy(&vf->lock);
		return err;
	}
	if (!is_valid_ether_addr(vf->mac))
		dev_warn(dev, "the PF assigned no MAC: this VF receives no unicast\n");
	dev_info(dev, "VF %u: mailbox v%u, %u rings, MAC %pM, link %s\n",
		 INIC_FUNC_VF_INDEX(inic_rd(idev, INIC_REG_FUNC)), vf->version,
		 vf->rings, vf->mac, vf->link_up ? "up" : "down");
	idev->vf = vf;
	return 0;
}

void inic_vf_stop(struct inic_dev *idev)
{
	struct inic_vf *vf = idev->vf;

	if (!vf)
		return;
	/* Waits for the hooks' writers (debugfs removal drains them). */
	debugfs_remove_recursive(vf->dbg);
	vf->dbg = NULL;
	mutex_lock(&vf->lock);
	vf->dying = true;
	vf->ready = false;
	mutex_unlock(&vf->lock);
}

void inic_vf_fini(struct inic_dev *idev)
{
	struct inic_vf *vf = idev->vf;

	if (!vf)
		return;
	inic_vf_stop(idev);
	cancel_work_sync(&vf->mbox_work);
	cancel_work_sync(&vf->event_work);
	/* The struct is devm memory: it stays until remove returns. */
}
