/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Test vectors of the classifier policy (policy/cls.h), shared by the
 * GoogleTest unit tests (tests/inic_cls_test.cpp) and the KUnit suite
 * inic_core_cls (inic_kunit_cls_test.c): valid in C and in C++.
 *
 * inic_cls_vector(i, ...) fills vector i into zeroed structs and returns
 * 1, or returns 0 past the last one. A vector is a rule and the limits it
 * is checked against; the expectation is the return value, a word of the
 * `why` for refusals, and for accepted rules some key/mask image bytes
 * and the action registers.
 */
#ifndef INIC_CLS_VECTORS_H
#define INIC_CLS_VECTORS_H

#include "policy/cls.h"

#define INIC_CLS_VEC_BYTES	12

struct inic_cls_vec_byte {
	__u8 used;
	__u8 off;	/* byte of the image */
	__u8 key;
	__u8 mask;
};

struct inic_cls_expect {
	const char *name;
	int err;		/* 0 or -INIC_E_* */
	const char *why_word;	/* refusals: a word of the why */
	__u32 action;		/* accepted: ACTION and ACT_ARG */
	__u32 act_arg;
	__u32 mirror;		/* accepted: MIRROR, POL_RATE, POL_BURST */
	__u32 pol_rate;
	__u32 pol_burst;
	__u32 prio;
	struct inic_cls_vec_byte bytes[INIC_CLS_VEC_BYTES];
};

static inline void inic_cls_vec_limits(struct inic_cls_limits *l)
{
	l->num_ports = 2;
	l->port = 1;
	l->first_ring = 4;
	l->num_queues = 4;
	l->num_vfs = 2;
	l->vf_port = 0;
	l->rss_contexts = 0;
}

static inline void inic_cls_vec_expect_byte(struct inic_cls_expect *e,
					    __u8 off, __u8 key, __u8 mask)
{
	int i;

	for (i = 0; i < INIC_CLS_VEC_BYTES; i++) {
		if (!e->bytes[i].used) {
			e->bytes[i].used = 1;
			e->bytes[i].off = off;
			e->bytes[i].key = key;
			e->bytes[i].mask = mask;
			return;
		}
	}
}

/* The ingress port of the limits' port, from the wire. */
static inline void inic_cls_vec_ingress(struct inic_cls_rule *r,
					const struct inic_cls_limits *l)
{
	r->m.port = (__u8)l->port;
	r->m.port_mask = 0xff;
	r->m.origin = INIC_CLS_ORIGIN_WIRE;
	r->m.origin_mask = 0xff;
}

static inline void inic_cls_vec_udp4(struct inic_cls_rule *r)
{
	r->m.ethertype = 0x0800;
	r->m.ethertype_mask = 0xffff;
	r->m.ip_proto = 17;
	r->m.ip_proto_mask = 0xff;
}

static inline int inic_cls_vector(unsigned int i, struct inic_cls_rule *r,
				  struct inic_cls_limits *l,
				  struct inic_cls_expect *e)
{
	struct inic_cls_match *m = &r->m;
	int k;

	inic_cls_vec_limits(l);
	inic_cls_vec_ingress(r, l);
	r->prio = 100;
	r->act.type = INIC_CLS_ACT_RING;
	r->act.arg = 1;
	e->err = 0;
	e->action = INIC_CLS_ACT_RING;
	e->act_arg = 5;		/* first_ring 4 + queue 1 */
	e->prio = 100;
	inic_cls_vec_expect_byte(e, INIC_CLS_K_PORT, 1, 0xff);
	inic_cls_vec_expect_byte(e, INIC_CLS_K_ORIGIN, 0, 0xff);

	switch (i) {
	case 0:	/* udp4 dst-port 5001: etype, proto, port, FLAGS.L4 */
		e->name = "udp4_dport";
		inic_cls_vec_udp4(r);
		m->dport = 5001;
		m->dport_mask = 0xffff;
		inic_cls_vec_expect_byte(e, INIC_CLS_K_ETYPE, 0x08, 0xff);
		inic_cls_vec_expect_byte(e, INIC_CLS_K_ETYPE + 1, 0x00, 0xff);
		inic_cls_vec_expect_byte(e, INIC_CLS_K_PROTO, 17, 0xff);
		inic_cls_vec_expect_byte(e, INIC_CLS_K_DPORT, 0x13, 0xff);
		inic_cls_vec_expect_byte(e, INIC_CLS_K_DPORT + 1, 0x89, 0xff);
		inic_cls_vec_expect_byte(e, INIC_CLS_K_SPORT, 0, 0);
		inic_cls_vec_expect_byte(e, INIC_CLS_K_FLAGS, INIC_CLS_F_L4,
					 INIC_CLS_F_L4);
		return 1;
	case 1:	/* tcp4 src /24 prefix and a masked source port */
		e->name = "tcp4_prefix_port_mask";
		m->ethertype = 0x0800;
		m->ethertype_mask = 0xffff;
		m->ip_proto = 6;
		m->ip_proto_mask = 0xff;
		m->sip[0] = 10;
		m->sip[1] = 1;
		m->sip[2] = 2;
		m->sip[3] = 99;		/* outside the mask: masked away */
		m->sip_mask[0] = 0xff;
		m->sip_mask[1] = 0xff;
		m->sip_mask[2] = 0xff;
		m->sport = 0x1234;
		m->sport_mask = 0xff00;
		inic_cls_vec_expect_byte(e, INIC_CLS_K_SIP + 2, 2, 0xff);
		inic_cls_vec_expect_byte(e, INIC_CLS_K_SIP + 3, 0, 0);
		inic_cls_vec_expect_byte(e, INIC_CLS_K_SPORT, 0x12, 0xff);
		inic_cls_vec_expect_byte(e, INIC_CLS_K_SPORT + 1, 0, 0);
		inic_cls_vec_expect_byte(e, INIC_CLS_K_PROTO, 6, 0xff);
		return 1;
	case 2:	/* ip6 destination /64, traffic class, drop */
		e->name = "ip6_dst_tclass_drop";
		m->ethertype = 0x86dd;
		m->ethertype_mask = 0xffff;
		for (k = 0; k < 8; k++) {
			m->dip[k] = (__u8)(0x20 + k);
			m->dip_mask[k] = 0xff;
		}
		m->tos = 0xb8;
		m->tos_mask = 0xfc;
		r->act.type = INIC_CLS_ACT_DROP;
		r->act.arg = 77;	/* ignored for DROP */
		e->action = INIC_CLS_ACT_DROP;
		e->act_arg = 0;
		inic_cls_vec_expect_byte(e, INIC_CLS_K_ETYPE, 0x86, 0xff);
		inic_cls_vec_expect_byte(e, INIC_CLS_K_DIP + 7, 0x27, 0xff);
		inic_cls_vec_expect_byte(e, INIC_CLS_K_DIP + 8, 0, 0);
		inic_cls_vec_expect_byte(e, INIC_CLS_K_TOS, 0xb8, 0xfc);
		inic_cls_vec_expect_byte(e, INIC_CLS_K_FLAGS, 0, 0);
		return 1;
	case 3:	/* ether: source MAC, ethertype, VLAN id and priority */
		e->name = "ether_smac_vlan";
		for (k = 0; k < 6; k++) {
			m->smac[k] = (__u8)(0x50 + k);
			m->smac_mask[k] = 0xff;
		}
		m->ethertype = 0x88b5;
		m->ethertype_mask = 0xffff;
		m->vid = 100;
		m->vid_mask = 0xfff;
		m->pcp = 5;
		m->pcp_mask = 7;
		inic_cls_vec_expect_byte(e, INIC_CLS_K_SMAC + 5, 0x55, 0xff);
		inic_cls_vec_expect_byte(e, INIC_CLS_K_VLAN, 0xa0, 0xef);
		inic_cls_vec_expect_byte(e, INIC_CLS_K_VLAN + 1, 100, 0xff);
		inic_cls_vec_expect_byte(e, INIC_CLS_K_FLAGS, INIC_CLS_F_VLAN,
					 INIC_CLS_F_VLAN);
		inic_cls_vec_expect_byte(e, INIC_CLS_K_ETYPE, 0x88, 0xff);
		return 1;
	case 4:	/* VF steering on the VFs' port, with a mark */
		e->name = "vf_mark";
		l->port = 0;
		inic_cls_vec_ingress(r, l);
		inic_cls_vec_udp4(r);
		r->act.type = INIC_CLS_ACT_VF;
		r->act.arg = 1;
		r->act.flags = INIC_CLS_ACT_MARK;
		r->act.mark = 0xabcd;
		e->action = INIC_CLS_ACT_VF | INIC_CLS_ACT_MARK;
		e->act_arg = 1;
		e->bytes[0].key = 0;	/* port 0 */
		return 1;
	case 5:	/* TCP flags: SYN only */
		e->name = "tcp_flags_syn";
		m->ethertype = 0x0800;
		m->ethertype_mask = 0xffff;
		m->ip_proto = 6;
		m->ip_proto_mask = 0xff;
		m->tcp_flags = 0x002;
		m->tcp_flags_mask = 0x012;
		inic_cls_vec_expect_byte(e, INIC_CLS_K_TCP_FLAGS + 1, 0x02,
					 0x12);
		inic_cls_vec_expect_byte(e, INIC_CLS_K_FLAGS, INIC_CLS_F_L4,
					 INIC_CLS_F_L4);
		return 1;
	/* ---- refusals ---- */
	case 6:
		e->name = "ring_beyond_channels";
		r->act.arg = 4;
		e->err = -INIC_E_RANGE;
		e->why_word = "ring";
		return 1;
	case 7:
		e->name = "vf_not_enabled";
		l->port = 0;
		inic_cls_vec_ingress(r, l);
		r->act.type = INIC_CLS_ACT_VF;
		r->act.arg = 2;
		e->err = -INIC_E_RANGE;
		e->why_word = "VF";
		return 1;
	case 8:
		e->name = "vf_on_other_port";
		r->act.type = INIC_CLS_ACT_VF;
		r->act.arg = 0;
		e->err = -INIC_E_INVAL;
		e->why_word = "VF";
		return 1;
	case 9:
		e->name = "ports_without_l4_proto";
		m->ethertype = 0x0800;
		m->ethertype_mask = 0xffff;
		m->dport = 80;
		m->dport_mask = 0xffff;
		e->err = -INIC_E_INVAL;
		e->why_word = "L4";
		return 1;
	case 10:
		e->name = "ip_fields_without_ethertype";
		m->dip[0] = 10;
		m->dip_mask[0] = 0xff;
		e->err = -INIC_E_INVAL;
		e->why_word = "ethertype";
		return 1;
	case 11:
		e->name = "ipv4_with_long_address";
		inic_cls_vec_udp4(r);
		m->dip_mask[4] = 0xff;
		e->err = -INIC_E_INVAL;
		e->why_word = "IPv4";
		return 1;
	case 12:
		e->name = "vlan_id_13_bits";
		m->vid = 0x1000;
		m->vid_mask = 0x1fff;
		e->err = -INIC_E_INVAL;
		e->why_word = "VLAN";
		return 1;
	case 13:
		e->name = "partial_port_mask";
		m->port_mask = 0x0f;
		e->err = -INIC_E_INVAL;
		e->why_word = "port";
		return 1;
	case 14:
		e->name = "port_does_not_exist";
		m->port = 2;
		e->err = -INIC_E_RANGE;
		e->why_word = "port";
		return 1;
	case 15:
		e->name = "rss_context_missing";
		r->act.type = INIC_CLS_ACT_RSS;
		r->act.arg = 0;
		e->err = -INIC_E_RANGE;
		e->why_word = "RSS";
		return 1;
	case 16:
		e->name = "police_rate_zero";
		r->act.flags = INIC_CLS_ACT_POLICE;
		r->act.pol_burst = 1500;
		e->err = -INIC_E_RANGE;
		e->why_word = "police";
		return 1;
	case 17:
		e->name = "tcp_flags_on_udp";
		inic_cls_vec_udp4(r);
		m->tcp_flags_mask = 0x002;
		e->err = -INIC_E_INVAL;
		e->why_word = "TCP";
		return 1;
	case 18:
		e->name = "priority_range";
		r->prio = INIC_CLS_PRIO_MAX + 1;
		e->err = -INIC_E_RANGE;
		e->why_word = "priority";
		return 1;
	case 19:
		e->name = "police_burst_too_big";
		r->act.flags = INIC_CLS_ACT_POLICE;
		r->act.pol_rate = 1000;
		r->act.pol_burst = INIC_CLS_POL_BURST_MAX + 1;
		e->err = -INIC_E_RANGE;
		e->why_word = "burst";
		return 1;
	case 20:
		e->name = "mirror_vf_not_enabled";
		r->act.flags = INIC_CLS_ACT_MIRROR;
		r->act.mirror_type = INIC_CLS_MIR_VF;
		r->act.mirror_arg = 2;
		e->err = -INIC_E_RANGE;
		e->why_word = "VF";
		return 1;
	case 21:
		e->name = "mirror_port_does_not_exist";
		r->act.flags = INIC_CLS_ACT_MIRROR;
		r->act.mirror_type = INIC_CLS_MIR_PORT;
		r->act.mirror_arg = 2;
		e->err = -INIC_E_RANGE;
		e->why_word = "port";
		return 1;
	case 22:
		e->name = "mirror_unknown_type";
		r->act.flags = INIC_CLS_ACT_MIRROR;
		r->act.mirror_type = 7;
		e->err = -INIC_E_INVAL;
		e->why_word = "mirror";
		return 1;
	case 23:
		e->name = "unknown_action_flag";
		r->act.flags = 1u << 12;
		e->err = -INIC_E_INVAL;
		e->why_word = "flags";
		return 1;
	/* ---- mirror and police accepted ---- */
	case 24:
		e->name = "police_ring_then_mirror_to_port";
		inic_cls_vec_udp4(r);
		r->act.type = INIC_CLS_ACT_RING;
		r->act.arg = 3;
		r->act.flags = INIC_CLS_ACT_POLICE | INIC_CLS_ACT_MIRROR;
		r->act.pol_rate = 10000;
		r->act.pol_burst = 15000;
		r->act.mirror_type = INIC_CLS_MIR_PORT;
		r->act.mirror_arg = 0;
		e->action = INIC_CLS_ACT_RING | INIC_CLS_ACT_POLICE |
			    INIC_CLS_ACT_MIRROR;
		e->act_arg = 7;		/* first_ring 4 + queue 3 */
		e->mirror = INIC_CLS_MIRROR_VAL(INIC_CLS_MIR_PORT, 0);
		e->pol_rate = 10000;
		e->pol_burst = 15000;
		return 1;
	case 25:
		e->name = "drop_and_mirror_to_ring";	/* tc: mirred to a ring */
		r->act.type = INIC_CLS_ACT_DROP;
		r->act.flags = INIC_CLS_ACT_MIRROR;
		r->act.mirror_type = INIC_CLS_MIR_RING;
		r->act.mirror_arg = 1;
		e->action = INIC_CLS_ACT_DROP | INIC_CLS_ACT_MIRROR;
		e->act_arg = 0;
		e->mirror = INIC_CLS_MIRROR_VAL(INIC_CLS_MIR_RING, 5);
		return 1;
	case 26:
		e->name = "pass_and_mirror_to_vf";
		r->act.type = INIC_CLS_ACT_PASS;
		r->act.flags = INIC_CLS_ACT_MIRROR;
		r->act.mirror_type = INIC_CLS_MIR_VF;
		r->act.mirror_arg = 1;
		e->action = INIC_CLS_ACT_PASS | INIC_CLS_ACT_MIRROR;
		e->act_arg = 0;
		e->mirror = INIC_CLS_MIRROR_VAL(INIC_CLS_MIR_VF, 1);
		return 1;
	/* ---- 1.9: VNIC targets (the front door names a live VNIC) ---- */
	case 27:
		e->name = "steer_to_vnic_with_mirror_to_vnic";
		inic_cls_vec_udp4(r);
		r->act.type = INIC_CLS_ACT_VNIC;
		r->act.arg = 5;
		r->act.flags = INIC_CLS_ACT_MIRROR;
		r->act.mirror_type = INIC_CLS_MIR_VNIC;
		r->act.mirror_arg = 63;
		e->action = INIC_CLS_ACT_VNIC | INIC_CLS_ACT_MIRROR;
		e->act_arg = 5;
		e->mirror = INIC_CLS_MIRROR_VAL(INIC_CLS_MIR_VNIC, 63);
		return 1;
	case 28:
		e->name = "vnic_beyond_table";
		r->act.type = INIC_CLS_ACT_VNIC;
		r->act.arg = INIC_MAX_VNICS;
		e->err = -INIC_E_RANGE;
		e->why_word = "VNIC";
		return 1;
	case 29:
		e->name = "mirror_vnic_beyond_table";
		r->act.flags = INIC_CLS_ACT_MIRROR;
		r->act.mirror_type = INIC_CLS_MIR_VNIC;
		r->act.mirror_arg = INIC_MAX_VNICS;
		e->err = -INIC_E_RANGE;
		e->why_word = "VNIC";
		return 1;
	default:
		return 0;
	}
}

#endif /* INIC_CLS_VECTORS_H */
