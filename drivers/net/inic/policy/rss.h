/* SPDX-License-Identifier: GPL-2.0 */
/*
 * inic policy: RSS tables and registers, and what an RX descriptor says
 * about the frame's hash and checksum (inline here).
 */
#ifndef INIC_POLICY_RSS_H
#define INIC_POLICY_RSS_H

#include "policy/types.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- RSS ---- */

/* Spread the table over channels (entry i = i % channels). */
void inic_rss_indir_default(__u32 *indir, __u32 n, __u32 channels);
/* 0, or -INIC_E_INVAL when an entry names a channel >= channels. */
int inic_rss_indir_check(const __u32 *indir, __u32 n, __u32 channels);
/* RSS_RETA registers (INIC_RSS_RETA_REGS) of a table of queue indexes. */
void inic_rss_reta_regs(const __u32 indir[INIC_RSS_RETA_SIZE],
			__u32 first_ring, __u32 regs[INIC_RSS_RETA_REGS]);
/* Bytes in memory order into registers (byte 4i+k in bits 8k+7:8k). */
void inic_bytes_to_regs(const __u8 *bytes, __u32 n, __u32 *regs);
/* PORT_RSS_CTRL value: enabled, every hash type. */
__u32 inic_rss_ctrl_value(void);

/*
 * What an RX descriptor says about the frame (status, pkt_type). Per
 * descriptor, so inline here for the C data path and the C++ tests alike
 * rather than a call across the C/C++ boundary per frame.
 */
#define INIC_RX_HASH_NONE	0	/* values of enum pkt_hash_types */
#define INIC_RX_HASH_L3		2
#define INIC_RX_HASH_L4		3
static inline __u32 inic_rx_hash_level(__u16 status, __u16 pkt_type)
{
	__u32 t = INIC_PTYPE_HASH(pkt_type);

	if (!(status & INIC_RXD_STA_RSS) || t == INIC_HASH_NONE ||
	    t > INIC_HASH_UDP_IPV6)
		return INIC_RX_HASH_NONE;
	return INIC_HASH_IS_L4(t) ? INIC_RX_HASH_L4 : INIC_RX_HASH_L3;
}

#define INIC_RX_CSUM_NONE	0	/* CHECKSUM_NONE */
#define INIC_RX_CSUM_OK		1	/* CHECKSUM_UNNECESSARY */
#define INIC_RX_CSUM_BAD	2	/* device found it wrong */
static inline __u32 inic_rx_csum_state(__u16 status)
{
	if (status & INIC_RXD_STA_CSUM_ERR)
		return INIC_RX_CSUM_BAD;
	if (status & INIC_RXD_STA_CSUM_OK)
		return INIC_RX_CSUM_OK;
	return INIC_RX_CSUM_NONE;
}

#ifdef __cplusplus
}
#endif

#endif /* INIC_POLICY_RSS_H */
