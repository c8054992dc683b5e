// SPDX-License-Identifier: GPL-2.0
/*
 * inic SR-IOV, PF side: sriov_configure (VF table, ring assignment from the
 * VF pool, default policy), the ndo_set_vf_* administration (ip link set
 * ... vf N ...) and the mailbox service. Every VF request is judged by the
 * C++ core (inic_mbox_decide): a VF is untrusted.
 *
 * VFs belong to port 0: the VF table's PORT is 0 for every VF and only
 * port 0's netdev administers them (like a single-port NIC); the other
 * ports report no VF configuration and refuse ndo_set_vf_*.
 *
 * Locking: inic_sriov.lock (a mutex) serializes the VF table, the writers
 * of vfs[] and the PF side of every mailbox slot. ndo_set_vf_* run under
 * RTNL and take it; the mailbox work takes it alone and never sleeps with
 * it (no waiting for a VF: a message the VF's slot cannot take yet is
 * queued and retried from the work). sriov_configure takes it around the
 * table writes, never across pci_enable/disable_sriov (VF drivers probe
 * and remove there). state_lock (a spinlock, inside lock) covers vfs[] and
 * num_vfs for the readers (ndo_get_vf_config, netlink VF_GET): they never
 * wait for the mailbox service, so no VF can stall RTNL.
 */
#include <linux/jiffies.h>
#include <linux/etherdevice.h>
#include <linux/io-64-nonatomic-lo-hi.h>
#include <linux/if_vlan.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <linux/workqueue.h>

#include "inic.h"
#include "inic_genl.h"
#include "inic_sriov.h"

static_assert(IFLA_VF_LINK_STATE_AUTO == INIC_VF_LINK_AUTO);
static_assert(IFLA_VF_LINK_STATE_ENABLE == INIC_VF_LINK_ENABLE);
static_assert(IFLA_VF_LINK_STATE_DISABLE == INIC_VF_LINK_DISABLE);

/* Rings per VF by default (the device's own default too). */
#define INIC_VF_DEFAULT_RINGS	4
/* How long a PF message waits for the VF to take its previous one. */
#define INIC_MBOX_SEND_WAIT_MS	20
/* Requests served per work run before it yields (for a jiffy). */
#define INIC_MBOX_BUDGET	64

/* ---- VF table ---- */

void inic_vf_write_mac(struct inic_dev *idev, u32 v, const u8 *mac)
{
	u32 lo, hi;

	inic_mac_to_regs(mac, &lo, &hi);
	inic_vf_wr(idev, v, INIC_VF_MAC_LO, lo);
	inic_vf_wr(idev, v, INIC_VF_MAC_HI, hi);
}

void inic_vf_write_ctrl(struct inic_dev *idev, u32 v,
			const struct inic_vf_info *vi)
{
	inic_vf_wr(idev, v, INIC_VF_CTRL,
		   inic_vf_ctrl_reg(vi->spoofchk, vi->trusted,
				    vi->link_state));
}

/* Write VF v's whole policy (lock held). */
static void inic_vf_write_policy(struct inic_sriov *sr, u32 v)
{
	struct inic_vf_info *vi = &sr->vfs[v];
	struct inic_dev *idev = sr->idev;

	inic_vf_wr(idev, v, INIC_VF_PORT, 0);
	inic_vf_write_ctrl(idev, v, vi);
	inic_vf_write_mac(idev, v, vi->mac);
	inic_vf_wr(idev, v, INIC_VF_VLAN, inic_vf_vlan_reg(vi->vlan, vi->qos));
	inic_vf_wr(idev, v, INIC_VF_RATE, vi->max_rate);
	inic_vf_wr(idev, v, INIC_VF_BURST, 0);
	inic_vf_wr(idev, v, INIC_VF_MC_HASH_LO, 0);
	inic_vf_wr(idev, v, INIC_VF_MC_HASH_HI, 0);
}

/* Give n VFs their rings: every count to 0 first, then the new ranges. */
static int inic_vf_assign_rings(struct inic_sriov *sr, u32 n)
{
	struct inic_dev *idev = sr->idev;
	u32 v, base, count;

	for (v = 0; v < sr->total_vfs; v++)
		inic_vf_wr(idev, v, INIC_VF_RING_COUNT, 0);
	for (v = 0; v < n; v++) {
		count = inic_vf_rings(v, n, sr->pool, INIC_VF_DEFAULT_RINGS,
				      &base);
		if (!count)
			return -ENOSPC;
		inic_vf_wr(idev, v, INIC_VF_RING_BASE, base);
		inic_vf_wr(idev, v, INIC_VF_RING_COUNT, count);
		if (inic_vf_rd(idev, v, INIC_VF_RING_BASE) != base ||
		    inic_vf_rd(idev, v, INIC_VF_RING_COUNT) != count)
			return -EIO;
		sr->vfs[v].ring_base = base;
		sr->vfs[v].rings = count;
	}
	return 0;
}

/* ---- Mailbox: PF to VF messages ---- */

static bool inic_mbox_slot_busy(struct inic_sriov *sr, u32 v)
{
	return inic_vf_rd(sr->idev, v, INIC_VF_MBOX_CTRL) & INIC_VF_MBOX_REPLY;
}

static void inic_mbox_post(struct inic_sriov *sr, u32 v, const u32 *regs,
			   u32 nregs)
{
	struct inic_dev *idev = sr->idev;
	u32 slot = INIC_MBOX_PF_SLOT(v) + INIC_MBOX_REPLY, i;

	for (i = 0; i < INIC_MBOX_MSG_REGS; i++)
		inic_wr(idev, slot + 4 * i, i < nregs ? regs[i] : 0);
	inic_vf_wr(idev, v, INIC_VF_MBOX_CTRL, INIC_VF_MBOX_REPLY);
}

static void inic_mbox_lost(struct inic_sriov *sr, u32 v)
{
	spin_lock(&sr->state_lock);
	sr->vfs[v].mbox_lost++;
	spin_unlock(&sr->state_lock);
	dev_dbg(&sr->idev->pdev->dev, "VF %u did not take a PF message: lost\n",
		v);
}

/*
 * Post VF v's queued messages while its slot is free (lock held); drop
 * those that waited too long. Returns true while some remain queued.
 */
static bool inic_mbox_flush(struct inic_sriov *sr, u32 v)
{
	struct inic_vf_mbox *mb = &sr->mbox[v];
	struct inic_mbox_out *m;

	while (mb->len) {
		m = &mb->q[mb->head];
		if (inic_mbox_slot_busy(sr, v)) {
			if (time_before(jiffies, m->queued +
					msecs_to_jiffies(INIC_MBOX_SEND_WAIT_MS)))
				return true;
			inic_mbox_lost(sr, v);
		} else {
			inic_mbox_post(sr, v, m->regs, m->nregs);
		}
		mb->head = (mb->head + 1) % INIC_MBOX_OUTQ;
		mb->len--;
	}
	return false;
}

/*
 * Send a message to VF v (lock held). Never waits: if the VF has not
 * taken the previous message, this one is queued and the mailbox work
 * retries it; a VF that does not take its messages (no driver, or
 * hostile) loses them.
 */
static void inic_mbox_send(struct inic_sriov *sr, u32 v, const u32 *regs,
			   u32 nregs)
{
	struct inic_vf_mbox *mb = &sr->mbox[v];
	struct inic_mbox_out *m;

	if (!mb->len && !inic_mbox_slot_busy(sr, v)) {
		inic_mbox_post(sr, v, regs, nregs);
		return;
	}
	if (mb->len == INIC_MBOX_OUTQ) {
		inic_mbox_lost(sr, v);
		return;
	}
	m = &mb->q[(mb->head + mb->len) % INIC_MBOX_OUTQ];
	memcpy(m->regs, regs, sizeof(m->regs));
	m->nregs = nregs;
	m->queued = jiffies;
	mb->len++;
	if (!sr->dying)
		queue_delayed_work(system_wq, &sr->mbox_work, 1);
}

static void inic_mbox_reset_vf(struct inic_sriov *sr, u32 v)
{
	struct inic_vf_mbox *mb = &sr->mbox[v];

	mb->head = 0;
	mb->len = 0;
	inic_mbox_rate_init(&mb->rate, INIC_MBOX_RATE_PER_S,
			    INIC_MBOX_RATE_BURST,
			    jiffies64_to_msecs(get_jiffies_64()));
}

static void inic_vf_link_of(struct inic_sriov *sr, u32 v, bool *up,
			    u32 *speed)
{
	struct inic_dev *idev = sr->idev;

	*up = inic_vf_rd(idev, v, INIC_VF_STATUS) & INIC_VF_STATUS_LINK;
	*speed = inic_rd(idev, INIC_PORT_BASE(0) + INIC_PORT_SPEED);
}

void inic_vf_send_link(struct inic_sriov *sr, u32 v)
{
	u32 regs[INIC_MBOX_MSG_REGS], p[2], speed;
	bool up;

	if (!sr->vfs[v].hello)
		return;
	inic_vf_link_of(sr, v, &up, &speed);
	p[0] = up;
	p[1] = speed;
	inic_mbox_build(regs, INIC_MBOX_OP_LINK_EVENT, 0, true, p, 8);
	inic_mbox_send(sr, v, regs, 3);
}

void inic_vf_send_mac(struct inic_sriov *sr, u32 v)
{
	u32 regs[INIC_MBOX_MSG_REGS];

	if (!sr->vfs[v].hello)
		return;
	inic_mbox_build(regs, INIC_MBOX_OP_MAC_EVENT, 0, true,
			sr->vfs[v].mac, ETH_ALEN);
	inic_mbox_send(sr, v, regs, 3);
}

/* ---- Mailbox: requests from VFs ---- */

static void inic_mbox_serve(struct inic_sriov *sr, u32 v)
{
	struct inic_dev *idev = sr->idev;
	struct inic_vf_info *vi = &sr->vfs[v];
	u32 slot = INIC_MBOX_PF_SLOT(v) + INIC_MBOX_REQ;
	u32 msg[INIC_MBOX_MSG_REGS] = {}, i;
	struct inic_vf_policy pol = {};
	struct inic_mbox_decision d;
	bool up;

	/*
	 * Beyond its rate a request is refused (EBUSY) unread: only its
	 * header (opcode, sequence) is echoed.
	 */
	pol.throttled = !inic_mbox_rate_take(&sr->mbox[v].rate,
					     jiffies64_to_msecs(get_jiffies_64()));
	for (i = 0; i < (pol.throttled ? 1 : INIC_MBOX_MSG_REGS); i++)
		msg[i] = inic_rd(idev, slot + 4 * i);
	/* REQ is a copy: acknowledge at once, the VF may send the next. */
	inic_vf_wr(idev, v, INIC_VF_MBOX_CTRL, INIC_VF_MBOX_ACK);

	if (!pol.throttled) {
		memcpy(pol.mac, vi->mac, ETH_ALEN);
		pol.trusted = vi->trusted;
		pol.hello = vi->hello;
		pol.version = vi->version;
		pol.rings = vi->rings;
		pol.vectors = INIC_VF_VECTORS;
		inic_vf_link_of(sr, v, &up, &pol.speed);
		pol.link_up = up;
		pol.mc_hash = vi->mc_hash;
	}

	inic_mbox_decide(msg, &pol, &d);
	spin_lock(&sr->state_lock);
	if (pol.throttled) {
		vi->mbox_ratelimited++;
	} else {
		vi->mbox_requests++;
		if (d.err)
			vi->mbox_nacks++;
	}
	switch (d.action) {
	case INIC_MBOX_ACT_HELLO:
		vi->hello = true;
		vi->version = d.version;
		break;
	case INIC_MBOX_ACT_RESET:
		vi->hello = false;
		vi->mc_hash = 0;
		break;
	case INIC_MBOX_ACT_SET_MC:
		vi->mc_hash = d.mc_hash;
		break;
	case INIC_MBOX_ACT_SET_MTU:
		vi->mtu = d.mtu;
		break;
	}
	spin_unlock(&sr->state_lock);

	if (pol.throttled) {
		dev_warn_ratelimited(&idev->pdev->dev,
				     "VF %u: mailbox requests beyond %u/s (burst %u) dropped\n",
				     v, INIC_MBOX_RATE_PER_S,
				     INIC_MBOX_RATE_BURST);
	} else if (d.err) {
		dev_warn_ratelimited(&idev->pdev->dev,
				     "VF %u: mailbox request %#x refused (%d): %s\n",
				     v, msg[0], d.err, d.why);
		inic_genl_vf_event(idev, v, INIC_VF_EVENT_MBOX_REFUSED);
	}
	if (d.action == INIC_MBOX_ACT_RESET) {
		inic_vf_wr(idev, v, INIC_VF_MC_HASH_LO, 0);
		inic_vf_wr(idev, v, INIC_VF_MC_HASH_HI, 0);
		inic_genl_vf_event(idev, v, INIC_VF_EVENT_RESET);
	} else if (d.action == INIC_MBOX_ACT_SET_MC) {
		inic_vf_wr(idev, v, INIC_VF_MC_HASH_LO, lower_32_bits(d.mc_hash));
		inic_vf_wr(idev, v, INIC_VF_MC_HASH_HI, upper_32_bits(d.mc_hash));
	}
	inic_mbox_send(sr, v, d.reply, d.reply_regs);
}

/* Something happened to VF v (VF_EVENTS): FLR, VF reset, refusals. */
static void inic_vf_event(struct inic_sriov *sr, u32 v)
{
	struct inic_dev *idev = sr->idev;
	struct inic_vf_info *vi = &sr->vfs[v];
	u32 flr = inic_vf_rd(idev, v, INIC_VF_FLR_COUNT);
	u32 refused = inic_vf_rd(idev, v, INIC_VF_REFUSED);
	u32 errs = inic_vf_rd(idev, v, INIC_VF_MBOX_ERRORS);
	bool new_flr, new_refused, new_errs;

	spin_lock(&sr->state_lock);
	new_flr = flr != vi->flr_seen;
	new_refused = refused != vi->refused_seen;
	new_errs = errs != vi->mbox_errors_seen;
	vi->flr_seen = flr;
	vi->refused_seen = refused;
	vi->mbox_errors_seen = errs;
	if (new_flr)
		vi->hello = false;
	spin_unlock(&sr->state_lock);

	if (new_flr) {
		dev_info(&idev->pdev->dev, "VF %u: function level reset\n", v);
		inic_genl_vf_event(idev, v, INIC_VF_EVENT_FLR);
	}
	if (new_refused) {
		dev_warn_ratelimited(&idev->pdev->dev,
				     "VF %u: promiscuous/allmulti refused (VF not trusted)\n",
				     v);
		inic_genl_vf_event(idev, v, INIC_VF_EVENT_PROMISC_REFUSED);
	}
	if (new_errs) {
		dev_warn_ratelimited(&idev->pdev->dev,
				     "VF %u: mailbox doorbell refused by the device (%u)\n",
				     v, errs);
		inic_genl_vf_event(idev, v, INIC_VF_EVENT_MBOX_REFUSED);
	}
}

static void inic_sriov_mbox_work(struct work_struct *work)
{
	struct inic_sriov *sr = container_of(to_delayed_work(work),
					     struct inic_sriov, mbox_work);
	struct inic_dev *idev = sr->idev;
	unsigned long pending, events;
	u32 v, served = 0, valid;
	bool queued = false;

	mutex_lock(&sr->lock);
	if (sr->dying)
		goto out;
	for (v = 0; v < sr->num_vfs; v++)
		queued |= inic_mbox_flush(sr, v);
	while (served < INIC_MBOX_BUDGET) {
		valid = sr->num_vfs >= 32 ? ~0u : (1u << sr->num_vfs) - 1;
		events = inic_rd(idev, INIC_REG_VF_EVENTS);
		pending = inic_rd(idev, INIC_REG_MBOX_PENDING);
		if (!events && !pending)
			break;
		if (events)
			inic_wr(idev, INIC_REG_VF_EVENTS, events);
		if (pending & ~valid)
			inic_wr(idev, INIC_REG_MBOX_PENDING, pending & ~valid);
		/* Events count too: a VF ringing a busy doorbell makes them. */
		for_each_set_bit(v, &events, INIC_MAX_VFS) {
			if (!(BIT(v) & valid))
				continue;
			inic_vf_event(sr, v);
			served++;
		}
		for_each_set_bit(v, &pending, INIC_MAX_VFS) {
			if (!(BIT(v) & valid))
				continue;
			inic_mbox_serve(sr, v);
			served++;
		}
	}
	for (v = 0; v < sr->num_vfs && !queued; v++)
		queued = sr->mbox[v].len;
	/*
	 * A busy VF must not starve the others or the system: yield for a
	 * jiffy (its pending bit stays set, so no new interrupt comes). Queued
	 * messages are retried then too.
	 */
	if (served >= INIC_MBOX_BUDGET || queued)
		queue_delayed_work(system_wq, &sr->mbox_work, 1);
out:
	mutex_unlock(&sr->lock);
}

void inic_sriov_mbox_irq(struct inic_dev *idev)
{
	struct inic_sriov *sr = idev->sriov;

	if (sr && !READ_ONCE(sr->dying))
		mod_delayed_work(system_wq, &sr->mbox_work, 0);
}

/* ---- sriov_configure ---- */

static void inic_vf_defaults(struct inic_vf_info *vi)
{
	u8 mac[ETH_ALEN];
	bool admin = vi->mac_admin;

	memcpy(mac, vi->mac, ETH_ALEN);
	memset(vi, 0, sizeof(*vi));
	/* An admin MAC survives disable/enable; otherwise a random one. */
	if (admin) {
		memcpy(vi->mac, mac, ETH_ALEN);
		vi->mac_admin = true;
	} else {
		eth_random_addr(vi->mac);
	}
	vi->spoofchk = true;
	vi->link_state = IFLA_VF_LINK_STATE_AUTO;
}

/* num_vfs for the readers (lock held). */
static void inic_sriov_set_num_vfs(struct inic_sriov *sr, u32 n)
{
	spin_lock(&sr->state_lock);
	WRITE_ONCE(sr->num_vfs, n);
	spin_unlock(&sr->state_lock);
}

static int inic_sriov_enable(struct inic_sriov *sr, u32 n)
{
	struct inic_dev *idev = sr->idev;
	struct device *dev = &idev->pdev->dev;
	u32 v;
	int err;

	mutex_lock(&sr->lock);
	for (v = 0; v < n; v++) {
		struct inic_vf_info *vi = &sr->vfs[v];

		inic_vf_defaults(vi);
		inic_vf_write_policy(sr, v);
		vi->flr_seen = inic_vf_rd(idev, v, INIC_VF_FLR_COUNT);
		vi->refused_seen = inic_vf_rd(idev, v, INIC_VF_REFUSED);
		vi->mbox_errors_seen = inic_vf_rd(idev, v, INIC_VF_MBOX_ERRORS);
		inic_mbox_reset_vf(sr, v);
	}
	/* vfs[] is not visible before num_vfs (under state_lock) says so. */
	err = inic_vf_assign_rings(sr, n);
	if (err) {
		mutex_unlock(&sr->lock);
		dev_err(dev, "cannot give %u VFs rings from a pool of %u: %d\n",
			n, sr->pool, err);
		return err;
	}
	inic_sriov_set_num_vfs(sr, n);
	mutex_unlock(&sr->lock);

	err = pci_enable_sriov(idev->pdev, n);
	if (err) {
		dev_err(dev, "pci_enable_sriov(%u): %d\n", n, err);
		mutex_lock(&sr->lock);
		inic_sriov_set_num_vfs(sr, 0);
		inic_vf_assign_rings(sr, 0);
		mutex_unlock(&sr->lock);
		return err;
	}
	dev_info(dev, "%u VFs enabled, %u ring pairs each\n", n,
		 sr->vfs[0].rings);
	for (v = 0; v < n; v++)
		inic_genl_vf_event(idev, v, INIC_VF_EVENT_ENABLE);
	return n;
}

static void inic_sriov_disable(struct inic_sriov *sr)
{
	struct inic_dev *idev = sr->idev;
	u32 n = READ_ONCE(sr->num_vfs), v;

	/* VF drivers (ours included) are unbound here. */
	pci_disable_sriov(idev->pdev);
	mutex_lock(&sr->lock);
	inic_sriov_set_num_vfs(sr, 0);
	for (v = 0; v < n; v++) {
		sr->vfs[v].hello = false;
		sr->mbox[v].len = 0;
		inic_vf_wr(idev, v, INIC_VF_RATE, 0);
	}
	inic_vf_assign_rings(sr, 0);
	/* Requests of vanished VFs are void. */
	inic_wr(idev, INIC_REG_MBOX_PENDING, ~0u);
	inic_wr(idev, INIC_REG_VF_EVENTS, ~0u);
	mutex_unlock(&sr->lock);
	if (n)
		dev_info(&idev->pdev->dev, "%u VFs disabled\n", n);
	for (v = 0; v < n; v++)
		inic_genl_vf_event(idev, v, INIC_VF_EVENT_DISABLE);
}

int inic_sriov_configure(struct pci_dev *pdev, int num_vfs)
{
	struct inic_dev *idev = pci_get_drvdata(pdev);
	struct inic_sriov *sr = idev ? idev->sriov : NULL;
	const char *msg = NULL;
	int err;

	if (!sr) {
		dev_err(&pdev->dev, "this device has no SR-IOV support\n");
		return -EOPNOTSUPP;
	}
	if (num_vfs < 0)
		return -EINVAL;
	err = inic_sriov_count_check(pci_num_vf(pdev), num_vfs, sr->total_vfs,
				     &msg);
	if (err) {
		dev_err(&pdev->dev, "sriov_numvfs %d: %s\n", num_vfs, msg);
		return err;
	}
	if (!num_vfs) {
		inic_sriov_disable(sr);
		return 0;
	}
	if (num_vfs == pci_num_vf(pdev))
		return num_vfs;
	return inic_sriov_enable(sr, num_vfs);
}

/* ---- probe/remove ---- */

int inic_sriov_init(struct inic_dev *idev)
{
	struct inic_sriov *sr;
	u32 total;

	if (!(idev->caps & INIC_CAP_SRIOV))
		return 0;
	total = inic_rd(idev, INIC_REG_TOTAL_VFS);
	if (!total)
		return 0;
	total = min_t(u32, total, INIC_MAX_VFS);
	total = min_t(u32, total, pci_sriov_get_totalvfs(idev->pdev));
	if (!total)
		return 0;
	sr = kzalloc(sizeof(*sr), GFP_KERNEL);
	if (!sr)
		return -ENOMEM;
	inic_mem_add(INIC_MEM_KMEM, sizeof(*sr));
	sr->idev = idev;
	sr->total_vfs = total;
	sr->pool = inic_rd(idev, INIC_REG_VF_RING_POOL);
	mutex_init(&sr->lock);
	spin_lock_init(&sr->state_lock);
	INIT_DELAYED_WORK(&sr->mbox_work, inic_sriov_mbox_work);
	idev->sriov = sr;
	return 0;
}

/* Disable the VFs and stop the mailbox service (remove, before unregister). */
void inic_sriov_stop(struct inic_dev *idev)
{
	struct inic_sriov *sr = idev->sriov;

	if (!sr)
		return;
	if (pci_num_vf(idev->pdev))
		inic_sriov_disable(sr);
	WRITE_ONCE(sr->dying, true);
	cancel_delayed_work_sync(&sr->mbox_work);
}

/*
 * Free the state: after the netdevs are unregistered (no ndo_get_vf_*),
 * the misc interrupt is freed (no mailbox work) and the device left the
 * netlink table (no VF_GET/DEV_GET).
 */
void inic_sriov_fini(struct inic_dev *idev)
{
	struct inic_sriov *sr = idev->sriov;

	if (!sr)
		return;
	inic_sriov_stop(idev);
	idev->sriov = NULL;
	mutex_destroy(&sr->lock);
	inic_mem_sub(INIC_MEM_KMEM, sizeof(*sr));
	kfree(sr);
}

u32 inic_sriov_num_vfs(struct inic_dev *idev)
{
	return idev->sriov ? READ_ONCE(idev->sriov->num_vfs) : 0;
}

/* The device's counters of VF v: registers, no lock needed. */
void inic_vf_read_counters(struct inic_sriov *sr, u32 v,
			   struct inic_vf_counters *c)
{
	struct inic_dev *idev = sr->idev;
	u32 i;

	for (i = 0; i < INIC_VSTAT__COUNT; i++)
		c->stat[i] = readq(idev->hw + INIC_VF_BASE(v) +
				   INIC_VF_STAT(i));
	c->flr_count = inic_vf_rd(idev, v, INIC_VF_FLR_COUNT);
	c->mbox_errors = inic_vf_rd(idev, v, INIC_VF_MBOX_ERRORS);
	c->refused = inic_vf_rd(idev, v, INIC_VF_REFUSED);
	c->status = inic_vf_rd(idev, v, INIC_VF_STATUS);
}

/* Never waits for the mailbox service: state_lock only. */
int inic_sriov_vf_get(struct inic_dev *idev, u32 v, struct inic_vf_info *info,
		      struct inic_vf_counters *c)
{
	struct inic_sriov *sr = idev->sriov;
	struct inic_vf_info *vi;

	if (!sr)
		return -ENOENT;
	spin_lock(&sr->state_lock);
	if (v >= sr->num_vfs) {
		spin_unlock(&sr->state_lock);
		return -ENOENT;
	}
	vi = &sr->vfs[v];
	if (info)
		*info = *vi;
	if (c) {
		c->mbox_requests = vi->mbox_requests;
		c->mbox_nacks = vi->mbox_nacks;
		c->mbox_ratelimited = vi->mbox_ratelimited;
		c->mbox_lost = vi->mbox_lost;
	}
	spin_unlock(&sr->state_lock);
	if (c)
		inic_vf_read_counters(sr, v, c);
	return 0;
}
