/* SPDX-License-Identifier: GPL-2.0 */
/*
 * inic VNICs (inic_vnic.c): a VNIC is an entry of the device's VNIC table
 * (hw-reference "VNIC table") plus a vport (struct inic_port with vnic
 * set): its own netdev, ring pairs from the PF's pool, NAPI contexts and
 * vectors. Every front door (generic netlink, inic_vnic_nl.c) creates and
 * deletes them through the functions below, under RTNL.
 */
#ifndef INIC_VNIC_H
#define INIC_VNIC_H

#include <linux/if_ether.h>
#include <linux/netlink.h>
#include <linux/types.h>

#include "inic_hw.h"

struct devlink_port;
struct net_device;
struct inic_dev;
struct inic_port;
struct inic_sf;

struct inic_vnic {
	struct inic_dev *idev;
	struct inic_port *vport;	/* netdev_priv() of its netdev */
	u32 index;			/* VNIC table entry */
	u32 phys;			/* its physical port */
	u8 mac[ETH_ALEN];
	u16 vlan;			/* 0: none */
	u32 first_ring;
	u32 rings;
	u32 max_rate;			/* Mbit/s, 0: none */
	bool mirror;			/* a receive-only mirror VNIC of: */
	u32 mirror_kind;		/* INIC_VNIC_MIR_PF, _VF or _VNIC */
	u32 mirror_index;		/* the port, the VF or the VNIC */
	struct inic_vnic *mirror_of;	/* the source VNIC (kind _VNIC) */
	u32 mirrors;			/* mirror VNICs of this one */
	bool leaving;			/* its SF is being deactivated */
	u64 stat_base[INIC_VNSTAT__COUNT];	/* counters at creation */
	struct inic_sf *sf;		/* made by a devlink SF port */
};

/* What a front door asks for (name and phys are required). */
struct inic_vnic_req {
	const char *name;
	u32 phys;
	const u8 *mac;			/* NULL: generated */
	u16 vlan;
	u32 rings;			/* 0: 1 */
	u32 max_rate;
	bool mirror;			/* a mirror VNIC of: */
	u32 mirror_kind;		/* INIC_VNIC_MIR_PF (port phys), */
	u32 mirror_index;		/* _VF (VF index) or _VNIC */
	struct inic_vnic *mirror_of;	/* (this one, kind _VNIC) */
	struct inic_sf *sf;		/* devlink: the SF port it belongs to */
	struct devlink_port *dl_port;	/* ... whose port names its netdev */
	struct device *parent;		/* the SF's auxiliary device, or NULL */
};

/* Create/delete under RTNL; an extack on every refusal. */
int inic_vnic_create(struct inic_dev *idev, const struct inic_vnic_req *req,
		     struct netlink_ext_ack *extack, struct inic_vnic **out);
int inic_vnic_delete(struct inic_vnic *vnic, struct netlink_ext_ack *extack);
int inic_vnic_set_rate(struct inic_vnic *vnic, u32 mbps,
		       struct netlink_ext_ack *extack);
/* The VNIC of idev whose netdev is called name (RTNL), or NULL. */
struct inic_vnic *inic_vnic_find(struct inic_dev *idev, const char *name);
/* Its device counters since it was created (INIC_VNSTAT__COUNT). */
void inic_vnic_counters(struct inic_vnic *vnic, u64 *out);
bool inic_vnic_link(struct inic_vnic *vnic);

/* Probe and remove (remove: before the ports go; takes RTNL). */
void inic_vnic_init(struct inic_dev *idev);
void inic_vnic_fini(struct inic_dev *idev);
/* Remove: the VNICs of devlink SF ports (inic_devlink.c, devl lock). */
void inic_devlink_sf_fini(struct inic_dev *idev);
/* The misc interrupt saw a link change: carriers follow. Any context. */
void inic_vnic_link_changed(struct inic_dev *idev);
/* VNICs of the device (RTNL). */
u32 inic_vnic_count(struct inic_dev *idev);
/* Is dev the netdev of a VNIC (of any inic device)? */
bool inic_vnic_netdev(const struct net_device *dev);
/*
 * The table entry of the VNIC whose netdev is dev, as a classifier
 * target of a rule of physical port phys (steer: a redirect into it, so
 * not a mirror VNIC), or -errno with *why. Any context (vnic_lock).
 */
int inic_vnic_cls_target(struct inic_dev *idev, const struct net_device *dev,
			 u32 phys, bool steer, const char **why);
/* ndo_open/ndo_stop of a VNIC's netdev (RTNL): XDP attach restarts them. */
int inic_vnic_open(struct net_device *netdev);
int inic_vnic_stop(struct net_device *netdev);

#endif /* INIC_VNIC_H */
