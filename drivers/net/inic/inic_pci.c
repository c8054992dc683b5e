// SPDX-License-Identifier: GPL-2.0
/*
 * inic: driver for the inic PCI Express NIC (QEMU device model).
 *
 * Module init/exit, PCI probe/remove/shutdown, the ABI check and the
 * device reset. The probe order lives here: every feature's init/fini
 * pair is called from here only, with goto unwinding. Ports are in
 * inic_port.c, the netdev ops in inic_netdev.c, the misc interrupt in
 * inic_irq.c, the data path in inic_txrx.c; decisions (resource plan,
 * validation, counter totals) are made by the C++ policy components
 * behind the policy/ headers.
 */
#include <linux/debugfs.h>
#include <linux/iopoll.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/pci.h>
#include <linux/rtnetlink.h>

#include "inic.h"
#include "inic_cls.h"
#include "inic_genl.h"
#include "inic_lag.h"
#include "inic_sriov.h"
#include "inic_toe.h"
#include "inic_vnic.h"

static_assert(INIC_E_NODEV == ENODEV);
static_assert(INIC_E_INVAL == EINVAL);
static_assert(INIC_E_RANGE == ERANGE);
static_assert(INIC_E_NOSPC == ENOSPC);
static_assert(INIC_E_ADDRNOTAVAIL == EADDRNOTAVAIL);
static_assert(INIC_E_PERM == EPERM);
static_assert(INIC_E_BUSY == EBUSY);
static_assert(INIC_E_MSGSIZE == EMSGSIZE);
static_assert(INIC_E_PROTO == EPROTO);
static_assert(INIC_E_OPNOTSUPP == EOPNOTSUPP);
static_assert(INIC_E_PROTONOSUPPORT == EPROTONOSUPPORT);
static_assert(INIC_E_EXIST == EEXIST);
static_assert(INIC_E_NOENT == ENOENT);
static_assert(INIC_RX_HASH_NONE == PKT_HASH_TYPE_NONE);
static_assert(INIC_RX_HASH_L3 == PKT_HASH_TYPE_L3);
static_assert(INIC_RX_HASH_L4 == PKT_HASH_TYPE_L4);

static int inic_hw_reset(struct inic_dev *idev)
{
	u32 val;
	int err;

	inic_wr(idev, INIC_REG_CTRL, INIC_CTRL_RESET);
	err = readl_poll_timeout(idev->hw + INIC_REG_CTRL, val,
				 !(val & INIC_CTRL_RESET), 10,
				 INIC_RESET_TIMEOUT_US);
	if (err)
		dev_err(&idev->pdev->dev, "device reset timed out\n");
	return err;
}

/*
 * Device reset recovery (ethtool --reset DEV all, under RTNL): stop the
 * running ports, reset the device, and program everything the driver
 * holds again: the misc interrupt, each port (MAC, MTU, offloads, RSS,
 * moderation, the receive filter) and its rings, the classifier's rules
 * and RSS contexts. The counters survive a function reset; rule counters
 * are carried over by the classifier. A PF reset also resets every VF
 * (hw-reference "Resets"), whose drivers are not told: refused while VFs
 * are enabled.
 */
int inic_dev_reset_recover(struct inic_dev *idev)
{
	struct device *dev = &idev->pdev->dev;
	bool was_up[INIC_MAX_PORTS] = {};
	struct inic_port *port;
	int err;
	u32 p;

	ASSERT_RTNL();
	if (idev->is_vf)
		return -EOPNOTSUPP;
	if (pci_num_vf(idev->pdev)) {
		dev_err(dev, "reset refused: %d VFs are enabled and would be reset under their drivers\n",
			pci_num_vf(idev->pdev));
		return -EBUSY;
	}
	if (inic_vnic_count(idev)) {
		dev_err(dev, "reset refused: %u VNICs would be disabled under their netdevs\n",
			inic_vnic_count(idev));
		return -EBUSY;
	}
	dev_info(dev, "device reset: stopping the ports\n");
	inic_misc_irq_quiesce(idev);
	for (p = 0; p < idev->plan.num_ports; p++) {
		port = idev->ports[p];
		if (!port || !port->registered)
			continue;
		was_up[p] = port->running;
		netif_device_detach(port->netdev);
		if (was_up[p])
			inic_port_down(port);
	}
	inic_cls_reset_prepare(idev);

	err = inic_hw_reset(idev);

	inic_cls_reset_done(idev);
	inic_misc_irq_rearm(idev);
	for (p = 0; p < idev->plan.num_ports; p++) {
		port = idev->ports[p];
		if (!port || !port->registered)
			continue;
		if (was_up[p]) {
			if (inic_port_up(port))
				netdev_err(port->netdev, "cannot restart after the reset\n");
			netif_addr_lock_bh(port->netdev);
			inic_port_set_rx_mode(port);
			netif_addr_unlock_bh(port->netdev);
		}
		netif_device_attach(port->netdev);
		inic_port_update_link(port);
	}
	/* The bond's group, now that the ports run and have their link. */
	inic_lag_reset_done(idev);
	inic_toe_reset_done(idev);
	dev_info(dev, "device reset: %s\n", err ? "timed out" : "done");
	return err;
}

/*
 * The PF's ring pool: every ring pair that has a vector; each port's group
 * from the plan is reserved, the rest is left for VNICs (inic_vnic.c).
 */
static int inic_plan_pool(struct inic_dev *idev, u32 rings, int vectors)
{
	u32 p, vf_pool = 0;
	int err;

	if (idev->caps & INIC_CAP_SRIOV)
		vf_pool = inic_rd(idev, INIC_REG_VF_RING_POOL);
	err = inic_pool_init(&idev->pool, rings, vectors, vf_pool);
	for (p = 0; !err && p < idev->plan.num_ports; p++)
		err = inic_pool_reserve(&idev->pool, INIC_POOL_PORT, p,
					inic_plan_port_first_ring(&idev->plan, p),
					idev->plan.rings_per_port);
	if (err) {
		dev_err(&idev->pdev->dev, "cannot plan the ring pool: %d\n",
			err);
		return -EINVAL;
	}
	idev->num_rings = idev->pool.pf_rings;
	if (idev->num_rings > idev->plan.num_rings)
		dev_info(&idev->pdev->dev, "%u ring pairs for VNICs\n",
			 inic_pool_available(&idev->pool, INIC_POOL_VNIC));
	return 0;
}

static int inic_plan(struct inic_dev *idev)
{
	struct device *dev = &idev->pdev->dev;
	u32 ports = inic_rd(idev, INIC_REG_NUM_PORTS);
	u32 rings = inic_rd(idev, INIC_REG_NUM_RINGS);
	u32 vectors = inic_rd(idev, INIC_REG_NUM_VECTORS);
	u32 rpp = inic_rd(idev, INIC_REG_RINGS_PER_PORT);
	int err, got;

	err = inic_plan_make(&idev->plan, ports, rings, vectors, rpp);
	if (err) {
		dev_err(dev, "unusable resources: %u ports, %u rings, %u vectors, %u rings per port\n",
			ports, rings, vectors, rpp);
		return err;
	}
	/*
	 * The PF asks for every vector: those beyond the ports' serve the
	 * VNIC pool (rings the ports do not use). A VF needs its ports' only.
	 */
	got = pci_alloc_irq_vectors(idev->pdev, 1 + idev->plan.num_ports,
				    idev->is_vf ? idev->plan.num_vectors :
				    max(vectors, idev->plan.num_vectors),
				    PCI_IRQ_MSIX);
	if (got < 0) {
		dev_err(dev, "cannot allocate MSI-X vectors: %d\n", got);
		return got;
	}
	err = inic_plan_fit_vectors(&idev->plan, got);
	if (err) {
		pci_free_irq_vectors(idev->pdev);
		return err;
	}
	if (idev->plan.rings_per_port < rpp)
		dev_info(dev, "%d MSI-X vectors: %u rings per port instead of %u\n",
			 got, idev->plan.rings_per_port, rpp);
	idev->num_rings = idev->plan.num_rings;
	if (idev->is_vf)
		return 0;
	err = inic_plan_pool(idev, rings, got);
	if (err)
		pci_free_irq_vectors(idev->pdev);
	return err;
}

static int inic_probe(struct pci_dev *pdev, const struct pci_device_id *ent)
{
	struct device *dev = &pdev->dev;
	struct inic_dev *idev;
	u32 id, p;
	int err;

	idev = devm_kzalloc(dev, sizeof(*idev), GFP_KERNEL);
	if (!idev)
		return -ENOMEM;
	idev->pdev = pdev;
	spin_lock_init(&idev->stats_lock);
	inic_vnic_init(idev);
	pci_set_drvdata(pdev, idev);

	err = pcim_enable_device(pdev);
	if (err)
		return dev_err_probe(dev, err, "cannot enable PCI device\n");
	idev->hw = pcim_iomap_region(pdev, INIC_BAR_REGS, INIC_DRV_NAME);
	if (IS_ERR(idev->hw))
		return dev_err_probe(dev, PTR_ERR(idev->hw),
				     "cannot map BAR%d\n", INIC_BAR_REGS);
	if (pci_resource_len(pdev, INIC_BAR_REGS) < INIC_BAR_REGS_SIZE)
		return dev_err_probe(dev, -ENODEV, "BAR%d too small\n",
				     INIC_BAR_REGS);
	err = dma_set_mask_and_coherent(dev, DMA_BIT_MASK(64));
	if (err)
		return dev_err_probe(dev, err, "no usable DMA mask\n");

	id = inic_rd(idev, INIC_REG_ID);
	idev->version = inic_rd(idev, INIC_REG_VERSION);
	err = inic_core_abi_check(id, idev->version);
	if (err) {
		dev_err(dev, "unsupported device: id %#x ABI %u.%u (driver supports ABI %u.x)\n",
			id, idev->version >> 16, idev->version & 0xffff,
			INIC_ABI_MAJOR);
		return err;
	}
	idev->caps = inic_rd(idev, INIC_REG_CAPS);
	idev->is_vf = inic_rd(idev, INIC_REG_FUNC) & INIC_FUNC_VF;

	err = inic_hw_reset(idev);
	if (err)
		return err;
	pci_set_master(pdev);

	if (idev->is_vf) {
		err = inic_vf_init(idev);
		if (err)
			return err;
	}

	err = inic_plan(idev);
	if (err)
		return err;

	/* inic/<bdf> for the PF's features (a VF's mailbox hooks: inic_vf.c) */
	if (!idev->is_vf)
		idev->dbg = inic_debugfs_dev_dir(idev);

	idev->stats = inic_stats_create(idev->num_rings);
	if (!idev->stats) {
		err = -ENOMEM;
		goto err_vectors;
	}

	/* pci/<bdf>: its ports name the netdevs, registered last. */
	err = inic_devlink_alloc(idev);
	if (err)
		goto err_stats;

	for (p = 0; p < idev->plan.num_ports; p++) {
		err = inic_port_create(idev, p);
		if (err)
			goto err_ports;
		err = inic_devlink_port_add(idev->ports[p]);
		if (err)
			goto err_ports;
	}

	/* Rules live until the netdevs that own them are gone. */
	err = inic_cls_init(idev);
	if (err)
		goto err_ports;

	/* The SR-IOV state outlives everything that can reach it. */
	if (!idev->is_vf) {
		err = inic_sriov_init(idev);
		if (err)
			goto err_cls;
	}

	err = inic_misc_irq_init(idev);
	if (err)
		goto err_sriov;

	for (p = 0; p < idev->plan.num_ports; p++) {
		err = register_netdev(idev->ports[p]->netdev);
		if (err) {
			dev_err(dev, "port %u: register_netdev: %d\n", p, err);
			goto err_unregister;
		}
		idev->ports[p]->registered = true;
		/* Link changes interrupt from here on; take the state now. */
		inic_port_update_link(idev->ports[p]);
	}

	/* Bonding offload follows the registered netdevs (PF with CAP_LAG). */
	err = inic_lag_init(idev);
	if (err)
		goto err_unregister;

	/* TOE listeners name the registered netdevs (PF with CAP_TOE). */
	err = inic_toe_init(idev);
	if (err)
		goto err_lag;

	if (idev->is_vf) {
		inic_vf_netdev_ready(idev);
	} else {
		err = inic_genl_dev_add(idev);
		if (err)
			goto err_toe;
	}

	inic_devlink_register(idev);
	dev_info(dev, "inic ABI %u.%u caps %#x: %u ports, %u rings per port\n",
		 idev->version >> 16, idev->version & 0xffff, idev->caps,
		 idev->plan.num_ports, idev->plan.rings_per_port);
	return 0;

err_toe:
	inic_toe_fini(idev);
err_lag:
	inic_misc_irq_quiesce(idev);
	inic_lag_fini(idev);
err_unregister:
	inic_misc_irq_quiesce(idev);
	inic_ports_unregister(idev);
	inic_misc_irq_free(idev);
err_sriov:
	inic_vf_fini(idev);
	inic_sriov_fini(idev);
err_cls:
	inic_cls_fini(idev);
err_ports:
	inic_ports_destroy(idev);
	inic_devlink_free(idev);
err_stats:
	inic_stats_destroy(idev->stats);
	idev->stats = NULL;
err_vectors:
	inic_hw_reset(idev);
	pci_free_irq_vectors(pdev);
	debugfs_remove_recursive(idev->dbg);
	return err;
}

/* The reverse order of inic_probe(): nothing can reach what is freed. */
static void inic_remove(struct pci_dev *pdev)
{
	struct inic_dev *idev = pci_get_drvdata(pdev);

	/* No more devlink or netlink requests or events for this device. */
	inic_devlink_unregister(idev);
	inic_genl_dev_del(idev);
	/* The VNICs' netdevs go; their rings go back to the pool. */
	inic_vnic_fini(idev);
	/*
	 * VFs go (their drivers unbind while the PF still serves them), then
	 * the mailbox service stops; a VF stops talking to its PF and its
	 * debugfs hooks go.
	 */
	inic_sriov_stop(idev);
	inic_vf_stop(idev);
	/* No more link or mailbox interrupts: the handler uses the netdevs. */
	inic_misc_irq_quiesce(idev);
	/* Listeners leave the device: no more handshakes to hand off. */
	inic_toe_fini(idev);
	/*
	 * The LAG group leaves the device while the netdevs are still there:
	 * no more bonding events, carriers and RX their own again.
	 */
	inic_lag_fini(idev);
	/* No more ndo calls (ip link show reads the VF state under RTNL). */
	inic_ports_unregister(idev);
	inic_misc_irq_free(idev);
	inic_vf_fini(idev);
	inic_sriov_fini(idev);
	/* The netdevs are gone: their rules go from the device. */
	inic_cls_fini(idev);

	inic_ports_destroy(idev);
	inic_devlink_free(idev);
	inic_hw_reset(idev);
	inic_stats_destroy(idev->stats);
	idev->stats = NULL;
	pci_free_irq_vectors(pdev);
	debugfs_remove_recursive(idev->dbg);
}

static void inic_shutdown(struct pci_dev *pdev)
{
	struct inic_dev *idev = pci_get_drvdata(pdev);

	inic_hw_reset(idev);
	pci_clear_master(pdev);
}

static const struct pci_device_id inic_pci_ids[] = {
	{ PCI_DEVICE(INIC_PCI_VENDOR_ID, INIC_PCI_DEVICE_PF) },
	{ PCI_DEVICE(INIC_PCI_VENDOR_ID, INIC_PCI_DEVICE_VF) },
	{ }
};
MODULE_DEVICE_TABLE(pci, inic_pci_ids);

static struct pci_driver inic_pci_driver = {
	.name		= INIC_DRV_NAME,
	.id_table	= inic_pci_ids,
	.probe		= inic_probe,
	.remove		= inic_remove,
	.shutdown	= inic_shutdown,
	.sriov_configure = inic_sriov_configure,
};

static int __init inic_init(void)
{
	int err;

	err = inic_genl_init();
	if (err)
		return err;
	inic_debugfs_init();
	/* before the devices: activating an SF binds its auxiliary device */
	err = inic_devlink_sf_driver_register();
	if (err)
		goto err_debugfs;
	err = pci_register_driver(&inic_pci_driver);
	if (err)
		goto err_sf;
	return 0;
err_sf:
	inic_devlink_sf_driver_unregister();
err_debugfs:
	inic_debugfs_exit();
	inic_genl_exit();
	return err;
}
module_init(inic_init);

static void __exit inic_exit(void)
{
	pci_unregister_driver(&inic_pci_driver);
	inic_devlink_sf_driver_unregister();
	inic_debugfs_exit();
	inic_genl_exit();
	inic_mem_check_exit();
}
module_exit(inic_exit);

MODULE_DESCRIPTION("inic PCI Express NIC driver");
MODULE_LICENSE("GPL");
