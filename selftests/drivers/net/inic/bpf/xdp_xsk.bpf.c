// SPDX-License-Identifier: GPL-2.0
/*
 * The AF_XDP program of the inic selftests (af_xdp.sh, loaded by the
 * inic_xsk tool with libbpf): IPv4 UDP datagrams to port dst_port[0]
 * (set by the tool before it attaches) go to the AF_XDP socket in
 * xsks[rx_queue_index]; when that queue has no socket, and for every
 * other frame, the frame passes to the stack.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/udp.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_XSKMAP);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, __u32);
} xsks SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} dst_port SEC(".maps");

SEC("xdp")
int xdp_xsk(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = data + sizeof(*eth);
	struct udphdr *udp = data + sizeof(*eth) + sizeof(*ip);
	__u32 k = 0, *port;

	if ((void *)(udp + 1) > end || eth->h_proto != bpf_htons(ETH_P_IP) ||
	    ip->ihl != 5 || ip->protocol != IPPROTO_UDP)
		return XDP_PASS;
	port = bpf_map_lookup_elem(&dst_port, &k);
	if (!port || !*port || udp->dest != bpf_htons(*port))
		return XDP_PASS;
	return bpf_redirect_map(&xsks, ctx->rx_queue_index, XDP_PASS);
}

char _license[] SEC("license") = "GPL";
