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
#include <linux/pci.h>
#include <net/devlink.h>

#include "inic.h"

struct inic_devlink {
	struct inic_dev *idev;
};

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
