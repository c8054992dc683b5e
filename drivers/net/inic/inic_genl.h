/* SPDX-License-Identifier: GPL-2.0 */
/*
 * inic generic netlink family "inic" (Documentation/netlink/specs/inic.yaml):
 * the driver's side. The policy and op tables are generated
 * (inic_nl_gen.[ch]); inic_genl.c implements the handlers and the monitor
 * events.
 */
#ifndef INIC_GENL_H
#define INIC_GENL_H

struct inic_dev;

/* Module init/exit: register and unregister the family. */
int inic_genl_init(void);
void inic_genl_exit(void);

/*
 * Make a device visible to the family (end of probe, all ports registered)
 * and hide it again (remove, first: before the SR-IOV state, the netdevs
 * and the misc interrupt go). Both may sleep.
 */
int inic_genl_dev_add(struct inic_dev *idev);
void inic_genl_dev_del(struct inic_dev *idev);

/*
 * A link change interrupt arrived: any context (hard IRQ included).
 * Notifies the monitor group from a work item.
 */
void inic_genl_link_changed(struct inic_dev *idev);

#endif /* INIC_GENL_H */
