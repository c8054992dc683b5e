/* SPDX-License-Identifier: GPL-2.0 */
/*
 * inic SR-IOV: the PF side (inic_sriov.c: sriov_configure, the VF table,
 * ndo_set_vf_*, the mailbox service) and the VF side (inic_vf.c: mailbox
 * client, debugfs test hook). The policy decisions are made by the C++
 * core (inic_mbox.h).
 */
#ifndef INIC_SRIOV_H
#define INIC_SRIOV_H

#include <linux/if_link.h>
#include <linux/netdevice.h>
#include <linux/pci.h>

#include <uapi/linux/inic.h>

#include "inic_mbox.h"

struct inic_dev;

/*
 * One VF as the PF administers it: written with inic_sriov.lock and
 * state_lock held, read with either (readers of the state take only
 * state_lock, so they never wait for the mailbox service).
 */
struct inic_vf_info {
	u8 mac[ETH_ALEN];	/* admin MAC (VF_MAC_LO/HI) */
	bool mac_admin;		/* set by ndo_set_vf_mac (else random) */
	u16 vlan;
	u8 qos;
	bool spoofchk;
	bool trusted;
	u32 link_state;		/* IFLA_VF_LINK_STATE_* */
	u32 max_rate;		/* Mbit/s, 0 = unlimited */
	u32 ring_base;
	u32 rings;
	/* Mailbox state. */
	bool hello;
	u32 version;
	u64 mc_hash;
	u32 mtu;		/* advisory, from SET_MTU */
	u64 mbox_requests;	/* requests judged (ACK or NACK) */
	u64 mbox_nacks;		/* requests the PF refused */
	u64 mbox_ratelimited;	/* requests beyond the VF's rate: dropped */
	u64 mbox_lost;		/* replies/events the VF did not take */
	u32 flr_seen;
	u32 refused_seen;
	u32 mbox_errors_seen;
};

/* Per-VF counters as inictl and ndo_get_vf_stats report them. */
struct inic_vf_counters {
	u64 stat[INIC_VSTAT__COUNT];	/* VF_STATS */
	u32 flr_count;
	u32 mbox_errors;		/* device: refused doorbells */
	u32 refused;			/* device: PROMISC/ALLMULTI refused */
	u32 status;			/* VF_STATUS */
	u64 mbox_requests;
	u64 mbox_nacks;
	u64 mbox_ratelimited;
	u64 mbox_lost;
};

/*
 * PF messages to one VF that its REPLY slot could not take yet (the VF
 * has not consumed the previous one): posted by the mailbox work when the
 * slot is free, dropped (mbox_lost) after INIC_MBOX_SEND_WAIT_MS or when
 * the queue is full. The PF never waits for a VF. Under inic_sriov.lock.
 */
#define INIC_MBOX_OUTQ		4

struct inic_mbox_out {
	u32 regs[INIC_MBOX_MSG_REGS];
	u32 nregs;
	unsigned long queued;	/* jiffies */
};

struct inic_vf_mbox {
	struct inic_mbox_out q[INIC_MBOX_OUTQ];
	u32 head;
	u32 len;
	struct inic_mbox_rate rate;	/* request rate limit (C++ core) */
};

struct inic_sriov {
	struct inic_dev *idev;
	u32 total_vfs;
	u32 num_vfs;		/* written under lock and state_lock */
	u32 pool;
	struct mutex lock;	/* the VF table, mailbox slots, mbox[] */
	spinlock_t state_lock;	/* vfs[] and num_vfs for readers */
	struct delayed_work mbox_work;
	bool dying;
	struct inic_vf_info vfs[INIC_MAX_VFS];
	struct inic_vf_mbox mbox[INIC_MAX_VFS];
};

/* ---- PF (inic_sriov.c) ---- */
/* Probe, before the misc interrupt and the netdevs: allocate the state. */
int inic_sriov_init(struct inic_dev *idev);
/* Remove, first: disable the VFs, stop the mailbox service. */
void inic_sriov_stop(struct inic_dev *idev);
/* Remove, after the netdevs and the misc interrupt are gone: free it. */
void inic_sriov_fini(struct inic_dev *idev);
int inic_sriov_configure(struct pci_dev *pdev, int num_vfs);
/* MISC_CAUSE.MBOX on the PF: any context. */
void inic_sriov_mbox_irq(struct inic_dev *idev);
/* VF v's settings and counters (for netlink); -ENOENT if no such VF. */
int inic_sriov_vf_get(struct inic_dev *idev, u32 v, struct inic_vf_info *info,
		      struct inic_vf_counters *c);
u32 inic_sriov_num_vfs(struct inic_dev *idev);

int inic_ndo_set_vf_mac(struct net_device *netdev, int vf, u8 *mac);
int inic_ndo_set_vf_vlan(struct net_device *netdev, int vf, u16 vlan, u8 qos,
			 __be16 proto);
int inic_ndo_set_vf_rate(struct net_device *netdev, int vf, int min_rate,
			 int max_rate);
int inic_ndo_set_vf_spoofchk(struct net_device *netdev, int vf, bool on);
int inic_ndo_set_vf_trust(struct net_device *netdev, int vf, bool on);
int inic_ndo_set_vf_link_state(struct net_device *netdev, int vf, int state);
int inic_ndo_get_vf_config(struct net_device *netdev, int vf,
			   struct ifla_vf_info *ivi);
int inic_ndo_get_vf_stats(struct net_device *netdev, int vf,
			  struct ifla_vf_stats *st);

/* ---- VF (inic_vf.c) ---- */
/* After the function reset, before the ports: mailbox handshake. */
int inic_vf_init(struct inic_dev *idev);
/* Remove, before the netdev is unregistered: debugfs hooks and requests stop. */
void inic_vf_stop(struct inic_dev *idev);
/* After the misc interrupt is freed (includes inic_vf_stop). */
void inic_vf_fini(struct inic_dev *idev);
/* MISC_CAUSE.MBOX on a VF: any context. */
void inic_vf_mbox_irq(struct inic_dev *idev);
/* ndo_change_mtu of a VF: tell the PF (advisory), under RTNL. */
int inic_vf_set_mtu(struct inic_dev *idev, u32 mtu);
/*
 * The netdev exists (end of probe): MAC events may now change it; the
 * debugfs files appear.
 */
void inic_vf_netdev_ready(struct inic_dev *idev);
/* Module init/exit: the debugfs root /sys/kernel/debug/inic. */
void inic_debugfs_init(void);
void inic_debugfs_exit(void);

/* ---- netlink events (inic_genl.c): enum inic_vf_event ---- */
void inic_genl_vf_event(struct inic_dev *idev, u32 vf, u32 event);

#endif /* INIC_SRIOV_H */
