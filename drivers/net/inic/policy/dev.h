/* SPDX-License-Identifier: GPL-2.0 */
/*
 * inic policy: the device as a whole: ABI compatibility, MTU and station
 * address validation, the MAC register layout (policy/dev.cpp).
 */
#ifndef INIC_POLICY_DEV_H
#define INIC_POLICY_DEV_H

#include "policy/types.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- ABI compatibility ---- */

/*
 * Check INIC_REG_ID and INIC_REG_VERSION as read from the device. Returns 0
 * when the driver can run the device (same major; any minor), -INIC_E_NODEV
 * when the ID is wrong or the major differs.
 */
int inic_core_abi_check(__u32 id, __u32 version);

/* ---- Validation ---- */

/* 0 or -INIC_E_RANGE when mtu is outside INIC_MIN_MTU..INIC_MAX_MTU. */
int inic_mtu_check(__u32 mtu);
/* A station address: not zero, not multicast/broadcast. */
bool inic_mac_valid(const __u8 mac[6]);
/* MAC <-> PORT_MAC_LO/HI (byte 0 in bits 7:0 of LO). */
void inic_mac_to_regs(const __u8 mac[6], __u32 *lo, __u32 *hi);
void inic_mac_from_regs(__u32 lo, __u32 hi, __u8 mac[6]);

#ifdef __cplusplus
}
#endif

#endif /* INIC_POLICY_DEV_H */
