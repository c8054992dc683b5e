// SPDX-License-Identifier: GPL-2.0
/*
 * The XDP program of the inic selftests (xdp.sh): xdp_act.h's action per
 * UDP destination port. Built with clang -target bpf, loaded by iproute2 or
 * bpftool (libbpf): section "xdp".
 */
#include "xdp_act.h"

SEC("xdp")
int xdp_inic(struct xdp_md *ctx)
{
	return xdp_act(ctx);
}

char _license[] SEC("license") = "GPL";
