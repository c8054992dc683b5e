// SPDX-License-Identifier: GPL-2.0
/*
 * inic policy: the offload register. Freestanding C++ (no exceptions, no RTTI, no global
 * constructors, no libstdc++): it includes only policy headers,
 * inic_cxx.hpp and inic_hw.h, and builds unchanged in the kernel module, in
 * KUnit and in user space.
 */
#include "inic_cxx.hpp"
#include "policy/offload.h"

extern "C" {

__u32 inic_offload_reg(__u32 want, __u32 caps)
{
	__u32 reg = 0;

	if ((want & INIC_OFF_TX_CSUM) && (caps & INIC_CAP_TX_CSUM))
		reg |= INIC_PORT_OFFLOAD_TX_CSUM;
	if ((want & INIC_OFF_RX_CSUM) && (caps & INIC_CAP_RX_CSUM))
		reg |= INIC_PORT_OFFLOAD_RX_CSUM;
	/* The device's TSO computes the TCP checksum itself. */
	if ((want & INIC_OFF_TSO) && (caps & INIC_CAP_TSO))
		reg |= INIC_PORT_OFFLOAD_TSO;
	if ((want & INIC_OFF_VLAN_TX) && (caps & INIC_CAP_VLAN))
		reg |= INIC_PORT_OFFLOAD_VLAN_INSERT;
	if ((want & INIC_OFF_VLAN_RX) && (caps & INIC_CAP_VLAN))
		reg |= INIC_PORT_OFFLOAD_VLAN_STRIP;
	/* Large receive is only valid with the device's RX checksum. */
	if ((want & INIC_OFF_LRO) && (caps & INIC_CAP_LRO) &&
	    (reg & INIC_PORT_OFFLOAD_RX_CSUM))
		reg |= INIC_PORT_OFFLOAD_LRO;
	return reg;
}

} /* extern "C" */
