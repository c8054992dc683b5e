// SPDX-License-Identifier: GPL-2.0
/*
 * inic large receive (ABI 1.6, NETIF_F_GRO_HW, ethtool -K rx-gro-hw).
 * With PORT_OFFLOAD_LRO on, a TCP frame the peer sent with TSO through a
 * tap backend reaches the PF whole: one frame over several RX buffers,
 * STA_LRO, the segment size and count in the RX descriptor. The stack
 * gets it as the GSO packet hardware GRO builds: gso_size, gso_type and
 * gso_segs set, checksum verified (the header the device checked vouched
 * for it). Counted by the device per ring (rxN_lro_packets,
 * rxN_lro_segs; qstats hw-gro-packets, hw-gro-wire-packets).
 */
#include <linux/netdevice.h>
#include <linux/skbuff.h>

#include "inic.h"

void inic_rx_lro(struct sk_buff *skb, const struct inic_rx_desc *desc)
{
	u16 ptype = le16_to_cpu(desc->pkt_type) & INIC_PTYPE_L3_MASK;
	u16 mss = le16_to_cpu(desc->lro_mss);
	u16 segs = le16_to_cpu(desc->lro_segs);
	struct skb_shared_info *sh = skb_shinfo(skb);

	if (unlikely(!mss || segs < 2))
		return;		/* not a well-formed large receive: as is */
	if (ptype == INIC_PTYPE_L3_IPV4)
		sh->gso_type = SKB_GSO_TCPV4;
	else if (ptype == INIC_PTYPE_L3_IPV6)
		sh->gso_type = SKB_GSO_TCPV6;
	else
		return;
	sh->gso_size = mss;
	sh->gso_segs = segs;
	skb->ip_summed = CHECKSUM_UNNECESSARY;
}
