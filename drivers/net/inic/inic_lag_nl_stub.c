// SPDX-License-Identifier: GPL-2.0
/*
 * TEMPORARY, branch lagk only: an empty inic_genl_lag_failover() so that
 * the bonding offload (inic_lag.c) links before the netlink side
 * (inic_lag_nl.c: the failover event, lag-get, inictl) is merged. Drop
 * this file (and its line in Kbuild) at the merge.
 */
#include "inic_lag.h"

void inic_genl_lag_failover(struct inic_dev *idev,
			    const struct inic_lag_move *move)
{
}
