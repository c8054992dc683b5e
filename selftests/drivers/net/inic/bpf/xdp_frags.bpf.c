// SPDX-License-Identifier: GPL-2.0
/*
 * xdp_act.h's action loaded frags-aware (section "xdp.frags"): it attaches
 * at MTU 9000 and sees jumbo frames as multi-buffer xdp_buffs (xdp.sh
 * t_mbuf), and records what it saw of them in mb_stats.
 */
#include "xdp_act.h"

/*
 * What the xdp.frags program saw of multi-buffer frames: [0] how many,
 * [1] the last one's length, [2] its last 4 bytes (bpf_xdp_load_bytes from
 * the last frag), as a little-endian number.
 */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 3);
	__type(key, __u32);
	__type(value, __u64);
} mb_stats SEC(".maps");

static __always_inline void mb_set(__u32 k, __u64 v, int add)
{
	__u64 *p = bpf_map_lookup_elem(&mb_stats, &k);

	if (p)
		*p = add ? *p + v : v;
}

SEC("xdp.frags")
int xdp_inic_frags(struct xdp_md *ctx)
{
	__u32 len = bpf_xdp_get_buff_len(ctx);
	__u32 tail = 0;

	if (len > (__u32)(ctx->data_end - ctx->data) && len >= 4) {
		bpf_xdp_load_bytes(ctx, len - 4, &tail, sizeof(tail));
		mb_set(0, 1, 1);
		mb_set(1, len, 0);
		mb_set(2, tail, 0);
	}
	return xdp_act(ctx);
}

char _license[] SEC("license") = "GPL";
