// SPDX-License-Identifier: GPL-2.0
/*
 * inic: the misc (link, LAG, mailbox, error) interrupt. Its handler reads
 * MISC_CAUSE once and dispatches to the port, SR-IOV and VF code. The
 * ring pairs' vectors are requested by inic_txrx.c.
 */
#include <linux/interrupt.h>
#include <linux/pci.h>

#include "inic.h"
#include "inic_genl.h"
#include "inic_lag.h"
#include "inic_sriov.h"
#include "inic_vnic.h"

static irqreturn_t inic_misc_irq(int irq, void *data)
{
	struct inic_dev *idev = data;
	u32 cause, p;

	cause = inic_rd(idev, INIC_REG_MISC_CAUSE);
	if (!cause)
		return IRQ_NONE;
	/* Clear first: a change after this point raises a new interrupt. */
	inic_wr(idev, INIC_REG_MISC_CAUSE, cause);

	if (cause & INIC_MISC_LINK) {
		for (p = 0; p < idev->plan.num_ports; p++)
			if (idev->ports[p] && idev->ports[p]->registered)
				inic_port_update_link(idev->ports[p]);
		inic_vnic_link_changed(idev);
		inic_genl_link_changed(idev);
	}
	if (cause & INIC_MISC_LAG)
		inic_lag_irq(idev);
	if (cause & INIC_MISC_MBOX) {
		if (idev->is_vf)
			inic_vf_mbox_irq(idev);
		else
			inic_sriov_mbox_irq(idev);
	}
	if (cause & INIC_MISC_ERROR)
		dev_warn_ratelimited(&idev->pdev->dev,
				     "device error: code %u info %#x (total %u)\n",
				     inic_rd(idev, INIC_REG_ERR_LAST),
				     inic_rd(idev, INIC_REG_ERR_INFO),
				     inic_rd(idev, INIC_REG_ERR_TOTAL));
	return IRQ_HANDLED;
}

/* Request the misc vector, then unmask every misc cause. */
int inic_misc_irq_init(struct inic_dev *idev)
{
	int err;

	err = request_irq(pci_irq_vector(idev->pdev, INIC_CORE_MISC_VECTOR),
			  inic_misc_irq, 0, INIC_DRV_NAME "-misc", idev);
	if (err)
		return err;
	idev->misc_irq = true;
	inic_wr(idev, INIC_REG_MISC_VECTOR, INIC_CORE_MISC_VECTOR);
	inic_wr(idev, INIC_REG_MISC_CAUSE, INIC_MISC_ALL);
	inic_wr(idev, INIC_REG_MISC_MASK, INIC_MISC_ALL);
	return 0;
}

/* After a device reset (which clears them): vector, causes and mask again. */
void inic_misc_irq_rearm(struct inic_dev *idev)
{
	if (!idev->misc_irq)
		return;
	inic_wr(idev, INIC_REG_MISC_VECTOR, INIC_CORE_MISC_VECTOR);
	inic_wr(idev, INIC_REG_MISC_CAUSE, INIC_MISC_ALL);
	inic_wr(idev, INIC_REG_MISC_MASK, INIC_MISC_ALL);
}

/*
 * Mask the misc causes and wait for a running handler: from here on none
 * touches the netdevs (probe unmasks them before registering the netdevs,
 * so remove masks them before unregistering).
 */
void inic_misc_irq_quiesce(struct inic_dev *idev)
{
	if (!idev->misc_irq)
		return;
	inic_wr(idev, INIC_REG_MISC_MASK, 0);
	synchronize_irq(pci_irq_vector(idev->pdev, INIC_CORE_MISC_VECTOR));
}

void inic_misc_irq_free(struct inic_dev *idev)
{
	if (!idev->misc_irq)
		return;
	inic_misc_irq_quiesce(idev);
	free_irq(pci_irq_vector(idev->pdev, INIC_CORE_MISC_VECTOR), idev);
	idev->misc_irq = false;
}
