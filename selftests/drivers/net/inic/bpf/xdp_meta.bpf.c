// SPDX-License-Identifier: GPL-2.0
/*
 * XDP metadata kfuncs on inic (xdp.sh): for every UDP/IPv4 frame to port
 * 7781, count it and record the RX hash, its type and the VLAN tag the
 * device reported, in the array map "meta"; every frame passes. A
 * device-bound program: bpftool prog load ... xdpmeta_dev DEV.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/udp.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

#define PORT_META	7781

/* The kernel's enum (include/net/xdp.h): the kfunc's BTF names it. */
enum xdp_rss_hash_type {
	XDP_RSS_TYPE_NONE = 0,
};

extern int bpf_xdp_metadata_rx_hash(const struct xdp_md *ctx, __u32 *hash,
				    enum xdp_rss_hash_type *rss_type) __ksym;
extern int bpf_xdp_metadata_rx_vlan_tag(const struct xdp_md *ctx,
					__be16 *vlan_proto,
					__u16 *vlan_tci) __ksym;

struct meta {
	__u64 frames;		/* UDP frames to PORT_META seen */
	__u64 hashed;		/* of them, with a hash */
	__u64 tagged;		/* of them, with a VLAN tag */
	__u32 hash;		/* the last frame's */
	__u32 hash_type;
	__u32 vlan_proto;	/* host order */
	__u32 vlan_tci;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct meta);
} meta SEC(".maps");

SEC("xdp")
int xdp_meta(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = data + sizeof(*eth);
	struct udphdr *udp = data + sizeof(*eth) + sizeof(*ip);
	enum xdp_rss_hash_type type;
	__be16 proto;
	__u32 key = 0, hash;
	__u16 tci;
	struct meta *m;

	if ((void *)(udp + 1) > end || eth->h_proto != bpf_htons(ETH_P_IP) ||
	    ip->ihl != 5 || ip->protocol != IPPROTO_UDP ||
	    udp->dest != bpf_htons(PORT_META))
		return XDP_PASS;
	m = bpf_map_lookup_elem(&meta, &key);
	if (!m)
		return XDP_PASS;
	__sync_fetch_and_add(&m->frames, 1);
	if (!bpf_xdp_metadata_rx_hash(ctx, &hash, &type)) {
		__sync_fetch_and_add(&m->hashed, 1);
		m->hash = hash;
		m->hash_type = type;
	}
	if (!bpf_xdp_metadata_rx_vlan_tag(ctx, &proto, &tci)) {
		__sync_fetch_and_add(&m->tagged, 1);
		m->vlan_proto = bpf_ntohs(proto);
		m->vlan_tci = tci;
	}
	return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
