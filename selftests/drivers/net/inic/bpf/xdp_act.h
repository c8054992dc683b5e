/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The action of the inic selftests' XDP programs (xdp.sh) by UDP
 * destination port, shared by xdp_inic.bpf.c (section "xdp") and
 * xdp_frags.bpf.c (the same action loaded frags-aware, "xdp.frags").
 *   7777  XDP_DROP
 *   7778  XDP_TX, the frame reflected (MACs, IPv4 addresses and UDP
 *         ports swapped: the sender's socket receives its datagram back)
 *   7779  XDP_REDIRECT to the ifindex in tx_port[0] (a devmap), as a
 *         broadcast frame so that the far end's NIC takes it
 *   7780  XDP_ABORTED
 * Every other frame passes.
 */
#ifndef INIC_XDP_ACT_H
#define INIC_XDP_ACT_H

#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/udp.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

#define PORT_DROP	7777
#define PORT_TX		7778
#define PORT_REDIRECT	7779
#define PORT_ABORT	7780

struct {
	__uint(type, BPF_MAP_TYPE_DEVMAP);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} tx_port SEC(".maps");

/* The UDP header of an IPv4 frame without options, or NULL. */
static __always_inline struct udphdr *udp_of(void *data, void *end,
					     struct ethhdr **eth,
					     struct iphdr **ip)
{
	struct udphdr *udp;

	*eth = data;
	*ip = data + sizeof(**eth);
	udp = data + sizeof(**eth) + sizeof(**ip);
	if ((void *)(udp + 1) > end)
		return NULL;
	if ((*eth)->h_proto != bpf_htons(ETH_P_IP) || (*ip)->ihl != 5 ||
	    (*ip)->protocol != IPPROTO_UDP)
		return NULL;
	return udp;
}

static __always_inline void swap_bytes(unsigned char *a, unsigned char *b,
				       int n)
{
	unsigned char t;
	int i;

	for (i = 0; i < n; i++) {
		t = a[i];
		a[i] = b[i];
		b[i] = t;
	}
}

static __always_inline int xdp_act(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth;
	struct iphdr *ip;
	struct udphdr *udp;
	__u16 t;

	udp = udp_of(data, end, &eth, &ip);
	if (!udp)
		return XDP_PASS;
	switch (bpf_ntohs(udp->dest)) {
	case PORT_DROP:
		return XDP_DROP;
	case PORT_TX:
		/* Swapping keeps both checksums valid. */
		swap_bytes(eth->h_dest, eth->h_source, ETH_ALEN);
		swap_bytes((unsigned char *)&ip->saddr,
			   (unsigned char *)&ip->daddr, 4);
		t = udp->source;
		udp->source = udp->dest;
		udp->dest = t;
		return XDP_TX;
	case PORT_REDIRECT:
		__builtin_memset(eth->h_dest, 0xff, ETH_ALEN);
		return bpf_redirect_map(&tx_port, 0, 0);
	case PORT_ABORT:
		return XDP_ABORTED;
	}
	return XDP_PASS;
}

#endif /* INIC_XDP_ACT_H */
