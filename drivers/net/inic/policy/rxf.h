/* SPDX-License-Identifier: GPL-2.0 */
/*
 * inic policy: receive filter tables for ndo_set_rx_mode: unicast slots
 * and the multicast hash (policy/rxf.cpp).
 */
#ifndef INIC_POLICY_RXF_H
#define INIC_POLICY_RXF_H

#include "policy/types.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Receive filters (ndo_set_rx_mode) ---- */

struct inic_rx_filter {
	__u32 ctrl;		/* INIC_PORT_CTRL_PROMISC/ALLMULTI/MC_FILTER */
	__u32 uc_used;		/* valid entries, slots 0..uc_used-1 */
	bool uc_overflow;	/* more addresses than slots: promiscuous */
	__u32 uc_lo[INIC_UC_FILTERS];	/* PTBL_UC_LO/HI values */
	__u32 uc_hi[INIC_UC_FILTERS];
	__u32 mc_hash[INIC_MC_HASH_REGS];	/* PTBL_MC_HASH values */
};

/* Reflected CRC-32 (0xedb88320), init ~0, no final inversion. */
__u32 inic_ether_crc_le(const __u8 *data, __u32 len);
/* MC_HASH bit of a multicast address: ether_crc_le(6, addr) & 0xfff. */
__u32 inic_mc_hash_bit(const __u8 mac[6]);
/* Start a filter: nothing but the station MAC and broadcast. */
void inic_rxf_begin(struct inic_rx_filter *f, bool promisc, bool allmulti);
/*
 * Add a secondary unicast address: the next free slot (duplicates take
 * none). Returns the slot, or INIC_CORE_NONE when the table is full: the
 * filter then turns promiscuous.
 */
__u32 inic_rxf_add_uc(struct inic_rx_filter *f, const __u8 mac[6]);
/* Add a multicast address to the hash; returns its bit. */
__u32 inic_rxf_add_mc(struct inic_rx_filter *f, const __u8 mac[6]);

#ifdef __cplusplus
}
#endif

#endif /* INIC_POLICY_RXF_H */
