/* SPDX-License-Identifier: GPL-2.0 */
/*
 * inic policy: the PORT_OFFLOAD register from what the netdev has enabled
 * and what the device can do (policy/offload.cpp).
 */
#ifndef INIC_POLICY_OFFLOAD_H
#define INIC_POLICY_OFFLOAD_H

#include "policy/types.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Offloads: PORT_OFFLOAD from what the netdev has enabled ---- */
#define INIC_OFF_TX_CSUM	0x01u
#define INIC_OFF_RX_CSUM	0x02u
#define INIC_OFF_TSO		0x04u
#define INIC_OFF_VLAN_TX	0x08u
#define INIC_OFF_VLAN_RX	0x10u
#define INIC_OFF_LRO		0x20u	/* 1.6: NETIF_F_GRO_HW */
/* Returns the register value; offloads the device lacks (caps) stay off. */
__u32 inic_offload_reg(__u32 want, __u32 caps);

#ifdef __cplusplus
}
#endif

#endif /* INIC_POLICY_OFFLOAD_H */
