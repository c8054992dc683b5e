/* SPDX-License-Identifier: GPL-2.0 */
/*
 * inic policy: classifier rules (policy/cls.cpp). A front door (ethtool
 * ntuple today, tc flower later) fills a struct inic_cls_rule; the policy
 * validates it against the device and the port (a `why` for every
 * refusal), encodes the device's key/mask image and action registers
 * (Documentation/hw-reference.rst, "ABI 1.3 additions: the classifier"),
 * and decides the table: exact (65,536 entries, at most 16 distinct masks)
 * or masked (1,024 entries, any mask).
 */
#ifndef INIC_POLICY_CLS_H
#define INIC_POLICY_CLS_H

#include "policy/types.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * What a rule matches. Every field has a mask; a zero mask is "any".
 * Multi-byte numbers are in host order here (the encoder writes network
 * order into the key image); addresses are byte arrays in network order.
 */
struct inic_cls_match {
	__u8 port, port_mask;		/* ingress physical port: 0 or 0xff */
	__u8 origin, origin_mask;	/* INIC_CLS_ORIGIN_*: 0 or 0xff */
	__u8 dmac[6], dmac_mask[6];
	__u8 smac[6], smac_mask[6];
	__u16 vid, vid_mask;		/* 802.1Q VLAN id, 12 bits */
	__u8 pcp, pcp_mask;		/* 802.1Q priority, 3 bits */
	__u16 ethertype, ethertype_mask;
	__u8 ip_proto, ip_proto_mask;	/* IPv4 protocol / IPv6 next header */
	__u8 tos, tos_mask;		/* IPv4 TOS / IPv6 traffic class */
	__u8 sip[16], sip_mask[16];	/* IPv4: bytes 0..3, the rest zero */
	__u8 dip[16], dip_mask[16];
	__u16 sport, sport_mask;	/* TCP/UDP ports */
	__u16 dport, dport_mask;
	__u16 tcp_flags, tcp_flags_mask;	/* bits 11:0 */
};

/* What a matching frame gets. */
struct inic_cls_action {
	__u32 type;	/* enum inic_cls_act: PASS, RING, RSS, VF, DROP, VNIC */
	__u32 arg;	/* RING: queue of the port; RSS: context; VF: VF;
			 * VNIC: its table entry
			 */
	__u32 flags;	/* INIC_CLS_ACT_MARK, _MIRROR, _POLICE */
	__u32 mark;	/* ACT_MARK: the RX descriptor's mark */
	__u32 mirror_type;	/* ACT_MIRROR: INIC_CLS_MIR_RING/VF/PORT/VNIC */
	__u32 mirror_arg;	/* RING: queue of the port; VF; PORT: port;
				 * VNIC: its table entry
				 */
	__u32 pol_rate;		/* ACT_POLICE: kbit/s, 1..POL_RATE_MAX */
	__u32 pol_burst;	/* ACT_POLICE: bytes, 1..POL_BURST_MAX */
};

struct inic_cls_rule {
	struct inic_cls_match m;
	__u32 prio;		/* 0..INIC_CLS_PRIO_MAX, higher wins */
	struct inic_cls_action act;
};

/* The device and the port a rule is checked against. */
struct inic_cls_limits {
	__u32 num_ports;	/* NUM_PORTS */
	__u32 port;		/* the port (netdev) the rule belongs to */
	__u32 first_ring;	/* PF ring of the port's queue 0 */
	__u32 num_queues;	/* active queues of the port */
	__u32 num_vfs;		/* VFs enabled now */
	__u32 vf_port;		/* the port the VFs belong to */
	__u32 rss_contexts;	/* RSS contexts the driver has set up */
};

/* Staging registers of one rule, as written to the block at 0x7000. */
struct inic_cls_hw {
	__u32 key[INIC_CLS_KEY_REGS];
	__u32 mask[INIC_CLS_KEY_REGS];
	__u32 prio;
	__u32 action;
	__u32 act_arg;
	__u32 mark;
	__u32 mirror;
	__u32 pol_rate;
	__u32 pol_burst;
};

/*
 * Validate a rule and encode its staging registers. 0, or -INIC_E_INVAL
 * (a field the device cannot match as asked), -INIC_E_RANGE (a port,
 * queue, VF or context that does not exist) or -INIC_E_OPNOTSUPP (an
 * action not offered yet), with *why saying which and why.
 */
int inic_cls_rule_encode(const struct inic_cls_rule *r,
			 const struct inic_cls_limits *lim,
			 struct inic_cls_hw *hw, const char **why);

/* Byte i of an encoded key or mask image. */
__u8 inic_cls_image_byte(const __u32 *image, __u32 i);

/*
 * Placement. The exact table (hash per distinct mask, one probe per mask)
 * is bigger and cheaper to search than the masked table (one probe per
 * rule), but takes at most INIC_CLS_EXACT_MASKS distinct masks: the
 * driver keeps the masks it has in the exact table, with reference
 * counts, and a rule goes there when its mask is one of them or a slot
 * is free; otherwise to the masked table.
 */
struct inic_cls_masks {
	__u32 mask[INIC_CLS_EXACT_MASKS][INIC_CLS_KEY_REGS];
	__u32 refs[INIC_CLS_EXACT_MASKS];
};

#define INIC_CLS_TABLE_EXACT	0
#define INIC_CLS_TABLE_MASKED	1
#define INIC_CLS_NO_TABLE	2

/* The table for a rule: EXACT or MASKED. */
__u32 inic_cls_place(const struct inic_cls_masks *m,
		     const struct inic_cls_hw *hw);
/* A rule went into the exact table: count its mask (0, or -NOSPC). */
int inic_cls_masks_get(struct inic_cls_masks *m, const struct inic_cls_hw *hw);
/* A rule left the exact table. */
void inic_cls_masks_put(struct inic_cls_masks *m,
			const struct inic_cls_hw *hw);
/* Distinct masks in use. */
__u32 inic_cls_masks_used(const struct inic_cls_masks *m);

/*
 * The outcome of a command (RESULT): 0, or a negative errno with a why:
 * TABLE_FULL/MASKS_FULL -NOSPC, EXISTS -EXIST, NOT_FOUND -NOENT, the
 * programming errors -INVAL.
 */
int inic_cls_result_errno(__u32 result, const char **why);

/*
 * ethtool ntuple locations: per port, INIC_CLS_ETHTOOL_LOCS of them;
 * a lower location has the higher priority (ethtool's convention).
 */
#define INIC_CLS_ETHTOOL_LOCS	16384
__u32 inic_cls_ethtool_prio(__u32 loc);

/*
 * tc flower priorities (1..65535, lower first) below every ethtool
 * location: ethtool ntuple rules are looked at first (as in mlx5), then
 * tc's in their order; tc priorities past the room there share the
 * lowest device priority.
 */
__u32 inic_cls_tc_prio(__u32 tc_prio);

#ifdef __cplusplus
}
#endif

#endif /* INIC_POLICY_CLS_H */
