// SPDX-License-Identifier: GPL-2.0
/*
 * inic TOE connection handoff, the host's half: a tc-ingress (clsact)
 * program on an inic port netdev. The device answered the SYN with a SYN
 * cookie and validated the cookie in this ACK; the driver put what the
 * device decoded in front of the frame (struct inic_toe_meta,
 * include/inic_toe_meta.h). For such a frame this program finds the
 * listening socket and attaches a request socket with those parameters
 * (bpf_sk_assign_tcp_reqsk, Linux 6.9+): the stack's syncookie receive
 * path then creates the child socket and queues it on the listener's
 * accept queue. Every other frame, and a frame of a connection that
 * already has a socket, passes untouched.
 *
 * inictl loads this object (embedded in it) and attaches it when the
 * first listener of a port is added, and detaches it with the last
 * (tools/inictl/toe.cpp). Documentation/driver.rst "TOE connection
 * handoff".
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/pkt_cls.h>
#include <linux/tcp.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

#include "inic_toe_meta.h"

/* The kfunc's argument, as include/net/tcp.h of Linux 6.9+ defines it. */
struct bpf_tcp_req_attrs {
	__u32 rcv_tsval;
	__u32 rcv_tsecr;
	__u16 mss;
	__u8 rcv_wscale;
	__u8 snd_wscale;
	__u8 ecn_ok;
	__u8 wscale_ok;
	__u8 sack_ok;
	__u8 tstamp_ok;
	__u8 usec_ts_ok;
	__u8 reserved[3];
};

/* A complete type: libbpf matches it against the kernel's struct sock. */
struct sock {
	__u32 unused;
};

extern int bpf_sk_assign_tcp_reqsk(struct __sk_buff *skb, struct sock *sk,
				   struct bpf_tcp_req_attrs *attrs,
				   int attrs__sz) __ksym;

/* Counters for tests and inspection (bpftool map dump name inic_toe_cnt). */
enum {
	CNT_META = 0,		/* frames with the driver's metadata */
	CNT_ASSIGNED,		/* request sockets attached */
	CNT_NO_LISTENER,	/* no socket for the tuple */
	CNT_ESTABLISHED,	/* a socket other than a listener: passed */
	CNT_FAILED,		/* the kfunc refused: passed to the stack */
	CNT__COUNT
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, CNT__COUNT);
	__type(key, __u32);
	__type(value, __u64);
} inic_toe_cnt SEC(".maps");

static __always_inline void count(__u32 what)
{
	__u64 *c = bpf_map_lookup_elem(&inic_toe_cnt, &what);

	if (c)
		(*c)++;
}

SEC("tc")
int inic_toe_ingress(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	struct inic_toe_meta *m = (void *)(long)skb->data_meta;
	struct bpf_tcp_req_attrs attrs = {};
	struct bpf_sock_tuple tuple = {};
	struct ethhdr *eth = data;
	struct bpf_sock *skc;
	struct tcphdr *th;
	__u32 tuple_size;
	struct sock *sk;
	int ret;

	if ((void *)(m + 1) > data)
		return TC_ACT_OK;
	if (m->magic != INIC_TOE_META_MAGIC ||
	    m->version != INIC_TOE_META_VERSION)
		return TC_ACT_OK;
	if ((void *)(eth + 1) > data_end)
		return TC_ACT_OK;
	count(CNT_META);

	if (eth->h_proto == bpf_htons(ETH_P_IP)) {
		struct iphdr *iph = (void *)(eth + 1);

		if ((void *)(iph + 1) > data_end || iph->protocol != IPPROTO_TCP ||
		    iph->ihl != 5)
			return TC_ACT_OK;
		th = (void *)(iph + 1);
		tuple.ipv4.saddr = iph->saddr;
		tuple.ipv4.daddr = iph->daddr;
		tuple_size = sizeof(tuple.ipv4);
	} else if (eth->h_proto == bpf_htons(ETH_P_IPV6)) {
		struct ipv6hdr *ip6 = (void *)(eth + 1);

		if ((void *)(ip6 + 1) > data_end || ip6->nexthdr != IPPROTO_TCP)
			return TC_ACT_OK;
		th = (void *)(ip6 + 1);
		__builtin_memcpy(tuple.ipv6.saddr, &ip6->saddr,
				 sizeof(tuple.ipv6.saddr));
		__builtin_memcpy(tuple.ipv6.daddr, &ip6->daddr,
				 sizeof(tuple.ipv6.daddr));
		tuple_size = sizeof(tuple.ipv6);
	} else {
		return TC_ACT_OK;
	}
	if ((void *)(th + 1) > data_end || th->syn || th->rst || !th->ack)
		return TC_ACT_OK;
	if (tuple_size == sizeof(tuple.ipv4)) {
		tuple.ipv4.sport = th->source;
		tuple.ipv4.dport = th->dest;
	} else {
		tuple.ipv6.sport = th->source;
		tuple.ipv6.dport = th->dest;
	}

	skc = bpf_skc_lookup_tcp(skb, &tuple, tuple_size, BPF_F_CURRENT_NETNS, 0);
	if (!skc) {
		count(CNT_NO_LISTENER);
		return TC_ACT_OK;
	}
	if (skc->state != BPF_TCP_LISTEN) {
		/* The connection exists: this is a retransmission or data. */
		count(CNT_ESTABLISHED);
		goto release;
	}
	sk = (struct sock *)bpf_skc_to_tcp_sock(skc);
	if (!sk) {
		count(CNT_FAILED);
		goto release;
	}

	attrs.mss = m->mss;
	if (m->flags & INIC_TOE_META_WSCALE) {
		attrs.wscale_ok = 1;
		attrs.snd_wscale = m->snd_wscale;
		attrs.rcv_wscale = m->rcv_wscale;
	}
	attrs.sack_ok = !!(m->flags & INIC_TOE_META_SACK);
	attrs.ecn_ok = !!(m->flags & INIC_TOE_META_ECN);
	if (m->flags & INIC_TOE_META_TS) {
		attrs.tstamp_ok = 1;
		attrs.rcv_tsval = m->tsval;
		attrs.rcv_tsecr = m->tsecr;
	}
	ret = bpf_sk_assign_tcp_reqsk(skb, sk, &attrs, sizeof(attrs));
	count(ret ? CNT_FAILED : CNT_ASSIGNED);
release:
	bpf_sk_release(skc);
	return TC_ACT_OK;
}

char _license[] SEC("license") = "GPL";
