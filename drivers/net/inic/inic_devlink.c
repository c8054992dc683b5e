// SPDX-License-Identifier: GPL-2.0
/*
 * inic devlink: one instance per PF (pci/<bdf>) with a port per physical
 * port (flavour physical, number = port index), linked to the port's
 * netdev, so `devlink port show` lists them and the kernel names them
 * (phys_port_name "p<index>") from devlink. `devlink dev info` reports
 * the device's identity and the hardware ABI it runs; the eswitch is in
 * legacy mode (the VFs are configured through the PF's netdev, there are
 * no representors).
 *
 * Order (inic_pci.c): inic_devlink_alloc() before the ports are created,
 * inic_devlink_port_add() for each before its netdev is registered,
 * inic_devlink_register() last in probe; inic_devlink_unregister() first
 * in remove, the ports after their netdevs, inic_devlink_free() last.
 */
#include <linux/auxiliary_bus.h>
#include <linux/etherdevice.h>
#include <linux/idr.h>
#include <linux/list.h>
#include <linux/pci.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <net/devlink.h>

#include "inic.h"
#include "inic_genl.h"
#include "inic_vnic.h"

struct inic_devlink {
	struct inic_dev *idev;
	struct list_head sfs;		/* struct inic_sf, under the devl lock */
};

/*
 * A subfunction port (flavour pcisf): `devlink port add pci/BDF flavour
 * pcisf pfnum 0 sfnum N` makes it, inactive; `devlink port function set
 * ... state active` makes its VNIC (a netdev on port 0 named after the
 * port netdev and N, e.g. eth2sf1, with the port's hw_addr or a random
 * MAC); inactive or `devlink port del` deletes it. Activation adds an
 * auxiliary device inic.sf.<id> (id unique in the system) whose driver,
 * inic's own, makes the VNIC in probe and deletes it in remove; its
 * netdev's parent is that device. The same VNIC code as `inictl vnic`.
 * The devlink instance lock is held in every op below, and probe and
 * remove run inside those ops only (no sysfs bind/unbind); VNICs are
 * made under RTNL inside it (the devlink lock comes first).
 */
struct inic_sf {
	struct devlink_port dl_port;
	struct list_head list;
	struct inic_dev *idev;
	u32 sfnum;
	u8 hw_addr[ETH_ALEN];		/* zero: random at activation */
	u32 tx_max_mbit;		/* devlink rate tx_max, 0: none */
	bool rate_leaf;
	struct inic_vnic *vnic;		/* active */
	struct inic_sf_adev *adev;	/* active */
	char ifname[IFNAMSIZ];
	struct netlink_ext_ack *extack;	/* probe's, during activation */
	int probe_err;
};

/* Apart from the SF: freed on the device's release, the last reference. */
struct inic_sf_adev {
	struct auxiliary_device adev;
	struct inic_sf *sf;		/* NULL once deleted */
};

static DEFINE_IDA(inic_sf_ida);

#define INIC_SF_PORT_BASE	0x10000	/* devlink port index of SF 0 */
#define INIC_SF_MAX		1024

static struct inic_sf *inic_sf_of(struct devlink_port *dl_port)
{
	return container_of(dl_port, struct inic_sf, dl_port);
}

static void inic_sf_adev_release(struct device *dev)
{
	struct inic_sf_adev *sa = container_of(dev, struct inic_sf_adev,
					       adev.dev);

	ida_free(&inic_sf_ida, sa->adev.id);
	inic_mem_sub(INIC_MEM_KMEM, sizeof(*sa));
	kfree(sa);
}

static void inic_sf_adev_del(struct inic_sf *sf)
{
	struct inic_sf_adev *sa = sf->adev;

	sf->adev = NULL;
	auxiliary_device_delete(&sa->adev);
	sa->sf = NULL;
	auxiliary_device_uninit(&sa->adev);
}

/* The auxiliary driver's probe: the SF's VNIC, its netdev under adev. */
static int inic_sf_probe(struct auxiliary_device *adev,
			 const struct auxiliary_device_id *id)
{
	struct inic_sf_adev *sa = container_of(adev, struct inic_sf_adev, adev);
	struct inic_sf *sf = sa->sf;
	struct inic_vnic_req req = {};
	int err;

	if (!sf)
		return -ENODEV;
	req.phys = 0;
	req.mac = is_zero_ether_addr(sf->hw_addr) ? NULL : sf->hw_addr;
	req.max_rate = sf->tx_max_mbit;
	req.sf = sf;
	req.dl_port = &sf->dl_port;
	req.parent = &adev->dev;
	req.name = sf->ifname;
	rtnl_lock();
	inic_genl_lock();
	err = inic_vnic_create(sf->idev, &req, sf->extack, &sf->vnic);
	inic_genl_unlock();
	rtnl_unlock();
	sf->probe_err = err;
	return err;
}

static void inic_sf_remove(struct auxiliary_device *adev)
{
	struct inic_sf_adev *sa = container_of(adev, struct inic_sf_adev, adev);
	struct inic_sf *sf = sa->sf;

	if (!sf || !sf->vnic)
		return;
	rtnl_lock();
	inic_genl_lock();
	/* deactivation checked the mirrors: this cannot be refused */
	if (!inic_vnic_delete(sf->vnic, NULL))
		sf->vnic = NULL;
	else
		dev_warn(&adev->dev, "SF %u: VNIC not deleted\n", sf->sfnum);
	inic_genl_unlock();
	rtnl_unlock();
}

static const struct auxiliary_device_id inic_sf_ids[] = {
	{ .name = KBUILD_MODNAME ".sf" },
	{}
};
MODULE_DEVICE_TABLE(auxiliary, inic_sf_ids);

static struct auxiliary_driver inic_sf_driver = {
	.name = "sf",
	.probe = inic_sf_probe,
	.remove = inic_sf_remove,
	.id_table = inic_sf_ids,
	.driver.suppress_bind_attrs = true,
};

int inic_devlink_sf_driver_register(void)
{
	return auxiliary_driver_register(&inic_sf_driver);
}

void inic_devlink_sf_driver_unregister(void)
{
	auxiliary_driver_unregister(&inic_sf_driver);
}

static int inic_sf_activate(struct inic_sf *sf, struct netlink_ext_ack *extack)
{
	struct inic_dev *idev = sf->idev;
	struct inic_sf_adev *sa;
	int err, id;

	rtnl_lock();
	snprintf(sf->ifname, sizeof(sf->ifname), "%.*ssf%u",
		 (int)(IFNAMSIZ - 1 - 2 - snprintf(NULL, 0, "%u", sf->sfnum)),
		 idev->ports[0]->netdev->name, sf->sfnum);
	rtnl_unlock();
	id = ida_alloc(&inic_sf_ida, GFP_KERNEL);
	if (id < 0)
		return id;
	sa = kzalloc(sizeof(*sa), GFP_KERNEL);
	if (!sa) {
		ida_free(&inic_sf_ida, id);
		return -ENOMEM;
	}
	inic_mem_add(INIC_MEM_KMEM, sizeof(*sa));
	sa->sf = sf;
	sa->adev.name = "sf";
	sa->adev.id = id;
	sa->adev.dev.parent = &idev->pdev->dev;
	sa->adev.dev.release = inic_sf_adev_release;
	err = auxiliary_device_init(&sa->adev);
	if (err) {
		inic_sf_adev_release(&sa->adev.dev);
		return err;
	}
	sf->adev = sa;
	sf->extack = extack;
	sf->probe_err = -ENODEV;
	err = auxiliary_device_add(&sa->adev);
	if (err) {
		sf->adev = NULL;
		sa->sf = NULL;
		auxiliary_device_uninit(&sa->adev);
	} else if (!sf->vnic) {
		err = sf->probe_err;
		if (err == -ENODEV)
			NL_SET_ERR_MSG(extack, "no driver took the SF's auxiliary device");
		inic_sf_adev_del(sf);
	}
	sf->extack = NULL;
	return err;
}

static int inic_sf_deactivate(struct inic_sf *sf,
			      struct netlink_ext_ack *extack)
{
	int err = 0;

	if (!sf->adev)
		return 0;
	/* Under the locks VNIC creation holds: once checked, no mirror of
	 * this VNIC can be added before the auxiliary device goes.
	 */
	rtnl_lock();
	inic_genl_lock();
	if (sf->vnic && sf->vnic->mirrors) {
		NL_SET_ERR_MSG_FMT(extack, "%u mirror VNIC(s) copy this VNIC: delete them first",
				   sf->vnic->mirrors);
		err = -EBUSY;
	} else if (sf->vnic) {
		sf->vnic->leaving = true;
	}
	inic_genl_unlock();
	rtnl_unlock();
	if (err)
		return err;
	inic_sf_adev_del(sf);
	return sf->vnic ? -EBUSY : 0;
}

static int inic_sf_hw_addr_get(struct devlink_port *dl_port, u8 *hw_addr,
			       int *hw_addr_len, struct netlink_ext_ack *extack)
{
	struct inic_sf *sf = inic_sf_of(dl_port);

	ether_addr_copy(hw_addr, sf->vnic ? sf->vnic->mac : sf->hw_addr);
	*hw_addr_len = ETH_ALEN;
	return 0;
}

static int inic_sf_hw_addr_set(struct devlink_port *dl_port,
			       const u8 *hw_addr, int hw_addr_len,
			       struct netlink_ext_ack *extack)
{
	struct inic_sf *sf = inic_sf_of(dl_port);

	if (hw_addr_len != ETH_ALEN || !is_valid_ether_addr(hw_addr)) {
		NL_SET_ERR_MSG(extack, "invalid MAC: zero or multicast");
		return -EADDRNOTAVAIL;
	}
	if (sf->vnic) {
		NL_SET_ERR_MSG(extack, "the function is active: set state inactive first");
		return -EBUSY;
	}
	ether_addr_copy(sf->hw_addr, hw_addr);
	return 0;
}

static int inic_sf_state_get(struct devlink_port *dl_port,
			     enum devlink_port_fn_state *state,
			     enum devlink_port_fn_opstate *opstate,
			     struct netlink_ext_ack *extack)
{
	struct inic_sf *sf = inic_sf_of(dl_port);

	*state = sf->vnic ? DEVLINK_PORT_FN_STATE_ACTIVE :
			    DEVLINK_PORT_FN_STATE_INACTIVE;
	*opstate = sf->vnic ? DEVLINK_PORT_FN_OPSTATE_ATTACHED :
			      DEVLINK_PORT_FN_OPSTATE_DETACHED;
	return 0;
}

static int inic_sf_state_set(struct devlink_port *dl_port,
			     enum devlink_port_fn_state state,
			     struct netlink_ext_ack *extack)
{
	struct inic_sf *sf = inic_sf_of(dl_port);

	if (state == DEVLINK_PORT_FN_STATE_ACTIVE)
		return sf->vnic ? 0 : inic_sf_activate(sf, extack);
	return inic_sf_deactivate(sf, extack);
}

static void inic_sf_free(struct inic_sf *sf)
{
	if (sf->rate_leaf)
		devl_rate_leaf_destroy(&sf->dl_port);
	devl_port_unregister(&sf->dl_port);
	list_del(&sf->list);
	inic_mem_sub(INIC_MEM_KMEM, sizeof(*sf));
	kfree(sf);
}

static int inic_sf_port_del(struct devlink *devlink,
			    struct devlink_port *dl_port,
			    struct netlink_ext_ack *extack)
{
	struct inic_sf *sf = inic_sf_of(dl_port);
	int err;

	err = inic_sf_deactivate(sf, extack);
	if (err)
		return err;
	inic_sf_free(sf);
	return 0;
}

static const struct devlink_port_ops inic_sf_port_ops = {
	.port_del = inic_sf_port_del,
	.port_fn_hw_addr_get = inic_sf_hw_addr_get,
	.port_fn_hw_addr_set = inic_sf_hw_addr_set,
	.port_fn_state_get = inic_sf_state_get,
	.port_fn_state_set = inic_sf_state_set,
};

static int inic_devlink_port_new(struct devlink *devlink,
				 const struct devlink_port_new_attrs *attrs,
				 struct netlink_ext_ack *extack,
				 struct devlink_port **dl_port)
{
	struct inic_devlink *priv = devlink_priv(devlink);
	struct inic_dev *idev = priv->idev;
	struct inic_sf *sf, *o;
	u32 sfnum = 0;
	int err;

	if (attrs->flavour != DEVLINK_PORT_FLAVOUR_PCI_SF) {
		NL_SET_ERR_MSG(extack, "only subfunction ports (flavour pcisf) can be added");
		return -EOPNOTSUPP;
	}
	if (attrs->pfnum != 0 || (attrs->controller_valid && attrs->controller)) {
		NL_SET_ERR_MSG(extack, "the device has one PF: pfnum 0, controller 0");
		return -EINVAL;
	}
	if (!(idev->caps & INIC_CAP_VNIC)) {
		NL_SET_ERR_MSG(extack, "the device has no VNICs (ABI 1.8)");
		return -EOPNOTSUPP;
	}
	if (attrs->port_index_valid) {
		NL_SET_ERR_MSG(extack, "the driver chooses the port index");
		return -EINVAL;
	}
	if (attrs->sfnum_valid) {
		sfnum = attrs->sfnum;
		if (sfnum >= INIC_SF_MAX) {
			NL_SET_ERR_MSG_FMT(extack, "sfnum 0 to %u", INIC_SF_MAX - 1);
			return -EINVAL;
		}
		list_for_each_entry(o, &priv->sfs, list)
			if (o->sfnum == sfnum) {
				NL_SET_ERR_MSG(extack, "a port with this sfnum exists");
				return -EEXIST;
			}
	} else {
again:
		list_for_each_entry(o, &priv->sfs, list)
			if (o->sfnum == sfnum) {
				sfnum++;
				goto again;
			}
		if (sfnum >= INIC_SF_MAX)
			return -ENOSPC;
	}
	sf = kzalloc(sizeof(*sf), GFP_KERNEL);
	if (!sf)
		return -ENOMEM;
	inic_mem_add(INIC_MEM_KMEM, sizeof(*sf));
	sf->idev = idev;
	sf->sfnum = sfnum;
	devlink_port_attrs_pci_sf_set(&sf->dl_port, 0, 0, sfnum, false);
	err = devl_port_register_with_ops(devlink, &sf->dl_port,
					  INIC_SF_PORT_BASE + sfnum,
					  &inic_sf_port_ops);
	if (err) {
		inic_mem_sub(INIC_MEM_KMEM, sizeof(*sf));
		kfree(sf);
		return err;
	}
	list_add_tail(&sf->list, &priv->sfs);
	if (!devl_rate_leaf_create(&sf->dl_port, sf, NULL))
		sf->rate_leaf = true;
	*dl_port = &sf->dl_port;
	return 0;
}

/* devlink port function rate set ... tx_max: bytes/s into Mbit/s. */
static int inic_devlink_rate_tx_max_set(struct devlink_rate *rate, void *priv,
					u64 tx_max,
					struct netlink_ext_ack *extack)
{
	struct inic_sf *sf = priv;
	u64 mbit = div_u64(tx_max * 8, 1000000);

	if (tx_max && !mbit) {
		NL_SET_ERR_MSG(extack, "tx_max below 1 Mbit/s");
		return -EINVAL;
	}
	if (mbit > U32_MAX) {
		NL_SET_ERR_MSG(extack, "tx_max too large");
		return -EINVAL;
	}
	sf->tx_max_mbit = mbit;
	if (!sf->vnic)
		return 0;
	rtnl_lock();
	inic_vnic_set_rate(sf->vnic, mbit, extack);
	rtnl_unlock();
	return 0;
}

/* Remove (after devlink_unregister): every SF port and its VNIC. */
void inic_devlink_sf_fini(struct inic_dev *idev)
{
	struct inic_devlink *priv;
	struct inic_sf *sf, *tmp;

	if (!idev->devlink)
		return;
	priv = devlink_priv(idev->devlink);
	devl_lock(idev->devlink);
	list_for_each_entry_safe(sf, tmp, &priv->sfs, list) {
		if (inic_sf_deactivate(sf, NULL))
			dev_warn(&idev->pdev->dev, "SF %u: VNIC not deleted\n",
				 sf->sfnum);
		inic_sf_free(sf);
	}
	devl_unlock(idev->devlink);
}

static int inic_devlink_info_get(struct devlink *devlink,
				 struct devlink_info_req *req,
				 struct netlink_ext_ack *extack)
{
	struct inic_devlink *priv = devlink_priv(devlink);
	struct inic_dev *idev = priv->idev;
	struct pci_dev *pdev = idev->pdev;
	char buf[32];
	u64 dsn;
	int err;

	dsn = pci_get_dsn(pdev);
	if (dsn) {
		snprintf(buf, sizeof(buf), "%016llx", dsn);
		err = devlink_info_serial_number_put(req, buf);
		if (err)
			return err;
	}
	snprintf(buf, sizeof(buf), "%04x:%04x", pdev->vendor, pdev->device);
	err = devlink_info_version_fixed_put(req, DEVLINK_INFO_VERSION_GENERIC_ASIC_ID,
					     buf);
	if (err)
		return err;
	snprintf(buf, sizeof(buf), "%u", pdev->revision);
	err = devlink_info_version_fixed_put(req, DEVLINK_INFO_VERSION_GENERIC_ASIC_REV,
					     buf);
	if (err)
		return err;
	/* The register ABI the device implements is its "firmware". */
	snprintf(buf, sizeof(buf), "%u.%u", idev->version >> 16,
		 idev->version & 0xffff);
	return devlink_info_version_running_put(req, DEVLINK_INFO_VERSION_GENERIC_FW,
						buf);
}

static int inic_devlink_eswitch_mode_get(struct devlink *devlink, u16 *mode)
{
	*mode = DEVLINK_ESWITCH_MODE_LEGACY;
	return 0;
}

static int inic_devlink_eswitch_mode_set(struct devlink *devlink, u16 mode,
					 struct netlink_ext_ack *extack)
{
	if (mode == DEVLINK_ESWITCH_MODE_LEGACY)
		return 0;
	NL_SET_ERR_MSG_MOD(extack,
			   "only legacy mode: VFs are configured through the PF's netdev, there are no representors");
	return -EOPNOTSUPP;
}

static const struct devlink_ops inic_devlink_ops = {
	.info_get = inic_devlink_info_get,
	.eswitch_mode_get = inic_devlink_eswitch_mode_get,
	.eswitch_mode_set = inic_devlink_eswitch_mode_set,
	.port_new = inic_devlink_port_new,
	.rate_leaf_tx_max_set = inic_devlink_rate_tx_max_set,
};

int inic_devlink_alloc(struct inic_dev *idev)
{
	struct inic_devlink *priv;
	struct devlink *devlink;

	if (idev->is_vf)
		return 0;
	devlink = devlink_alloc(&inic_devlink_ops, sizeof(*priv),
				&idev->pdev->dev);
	if (!devlink)
		return -ENOMEM;
	priv = devlink_priv(devlink);
	priv->idev = idev;
	INIT_LIST_HEAD(&priv->sfs);
	idev->devlink = devlink;
	return 0;
}

void inic_devlink_free(struct inic_dev *idev)
{
	if (!idev->devlink)
		return;
	devlink_free(idev->devlink);
	idev->devlink = NULL;
}

/* Before the port's netdev is registered: it then carries the port. */
int inic_devlink_port_add(struct inic_port *port)
{
	struct devlink_port_attrs attrs = {};
	struct inic_dev *idev = port->idev;
	int err;

	if (!idev->devlink)
		return 0;
	attrs.flavour = DEVLINK_PORT_FLAVOUR_PHYSICAL;
	attrs.phys.port_number = port->id;
	devlink_port_attrs_set(&port->dl_port, &attrs);
	err = devlink_port_register(idev->devlink, &port->dl_port, port->id);
	if (err)
		return err;
	port->dl_registered = true;
	SET_NETDEV_DEVLINK_PORT(port->netdev, &port->dl_port);
	return 0;
}

/* After the port's netdev is unregistered. */
void inic_devlink_port_del(struct inic_port *port)
{
	if (!port->dl_registered)
		return;
	devlink_port_unregister(&port->dl_port);
	port->dl_registered = false;
}

void inic_devlink_register(struct inic_dev *idev)
{
	if (idev->devlink)
		devlink_register(idev->devlink);
}

void inic_devlink_unregister(struct inic_dev *idev)
{
	if (idev->devlink)
		devlink_unregister(idev->devlink);
}
