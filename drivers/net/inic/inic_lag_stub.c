// SPDX-License-Identifier: GPL-2.0
/*
 * TEMPORARY (branch lagnl only; drop at the merge with lagk): stand-ins
 * for the two functions of inic_lag.c that the netlink side calls, so
 * this branch links before the bonding glue exists. They claim no LAG
 * offload: LAG_GET answers EOPNOTSUPP for every device (a dump is
 * empty) and pinning a VF is refused the same way. inic_lag.c replaces
 * this file; nothing else refers to it.
 */
#include <linux/errno.h>
#include <net/netlink.h>

#include "inic.h"
#include "inic_lag.h"

int inic_lag_get(struct inic_dev *idev, struct inic_lag_state *st)
{
	return -EOPNOTSUPP;
}

int inic_lag_vf_pin(struct inic_dev *idev, u32 vf, bool pin,
		    struct netlink_ext_ack *extack)
{
	NL_SET_ERR_MSG(extack, "no bonding offload in this driver build");
	return -EOPNOTSUPP;
}
