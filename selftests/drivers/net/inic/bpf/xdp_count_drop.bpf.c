// SPDX-License-Identifier: GPL-2.0
/*
 * The XDP_DROP program of `make bench` (selftests/bench/guest-bench.sh,
 * test xdpdrop), the same on every NIC that runs native XDP: drops the IPv4
 * UDP datagrams with a 64-byte payload (iperf3 -u -l 64) and counts them
 * per CPU in drops[0]; everything else passes (iperf3's control
 * connection and its 4-byte UDP connect reply).
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/udp.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

#define PAYLOAD	64

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} drops SEC(".maps");

SEC("xdp")
int xdp_count_drop(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = data + sizeof(*eth);
	struct udphdr *udp = data + sizeof(*eth) + sizeof(*ip);
	__u32 k = 0;
	__u64 *n;

	if ((void *)(udp + 1) > end || eth->h_proto != bpf_htons(ETH_P_IP) ||
	    ip->ihl != 5 || ip->protocol != IPPROTO_UDP ||
	    udp->len != bpf_htons(sizeof(*udp) + PAYLOAD))
		return XDP_PASS;
	n = bpf_map_lookup_elem(&drops, &k);
	if (n)
		(*n)++;
	return XDP_DROP;
}

char _license[] SEC("license") = "GPL";
