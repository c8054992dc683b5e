/* SPDX-License-Identifier: GPL-2.0 */
/*
 * inic SR-IOV logic in the C++ core (inic_mbox.cpp): validation of every
 * PF-VF mailbox message, message encoding for both ends, VF policy checks
 * (ndo_set_vf_*) and the VF ring layout. Same conventions as inic_core.h:
 * fixed-width types only, pure functions on caller-owned memory, no locks,
 * errors as negative errno values (the INIC_E_* of inic_core.h and those
 * below).
 */
#ifndef INIC_MBOX_H
#define INIC_MBOX_H

#include "inic_core.h"

#ifdef __cplusplus
extern "C" {
#endif

#define INIC_E_PERM		1	/* EPERM */
#define INIC_E_BUSY		16	/* EBUSY */
#define INIC_E_MSGSIZE		90	/* EMSGSIZE */
#define INIC_E_PROTO		71	/* EPROTO */
#define INIC_E_OPNOTSUPP	95	/* EOPNOTSUPP */
#define INIC_E_PROTONOSUPPORT	93	/* EPROTONOSUPPORT */

/* What the PF knows about one VF when it judges the VF's request. */
struct inic_vf_policy {
	__u8 mac[6];		/* admin MAC (zero: none) */
	bool trusted;		/* ndo_set_vf_trust */
	bool hello;		/* the VF has said HELLO since its reset */
	__u32 version;		/* protocol version agreed in HELLO */
	__u32 rings;		/* ring pairs given to the VF */
	__u32 vectors;		/* MSI-X vectors of the VF */
	bool link_up;		/* the link as the VF sees it */
	__u32 speed;		/* Mbit/s */
	__u64 mc_hash;		/* VF_MC_HASH now (for SET_MC APPEND) */
	bool throttled;		/* over its request rate: refuse (EBUSY) */
};

/* What the PF must do besides replying. */
enum inic_mbox_action {
	INIC_MBOX_ACT_NONE = 0,
	INIC_MBOX_ACT_HELLO,	/* policy.hello = true, version = reply */
	INIC_MBOX_ACT_SET_MC,	/* write mc_hash to VF_MC_HASH_LO/HI */
	INIC_MBOX_ACT_SET_MTU,	/* note mtu (advisory) */
	INIC_MBOX_ACT_RESET,	/* forget HELLO, clear the VF's MC hash */
};

struct inic_mbox_decision {
	__u32 op;		/* request opcode (0..255) */
	__u32 seq;		/* request sequence, echoed */
	int err;		/* 0: ACK; else negative errno: NACK */
	const char *why;	/* static reason for a NACK (the PF's log) */
	__u32 action;		/* enum inic_mbox_action */
	__u32 version;		/* ACT_HELLO: version agreed */
	__u64 mc_hash;		/* ACT_SET_MC: new VF_MC_HASH */
	__u32 mtu;		/* ACT_SET_MTU */
	__u32 reply[INIC_MBOX_MSG_REGS];	/* reply words, header first */
	__u32 reply_regs;	/* words of reply[] to write (1 + payload) */
};

/*
 * Judge one request of a VF: msg holds the INIC_MBOX_MSG_REGS words of the
 * VF's REQ slot (untrusted: any bits). Fills d with the decision and the
 * reply to send (ACK with payload, or NACK with a positive errno in its
 * first payload word). Never fails; every malformed message is a NACK.
 */
void inic_mbox_decide(const __u32 *msg, const struct inic_vf_policy *pol,
		      struct inic_mbox_decision *d);

/*
 * Per-VF mailbox request rate limit: a token bucket of burst requests,
 * refilled at per_s requests per second. A VF is untrusted: a request
 * beyond its rate is acknowledged (the VF may post again) but not served.
 * Time is a caller's monotonic clock in milliseconds.
 */
#define INIC_MBOX_RATE_PER_S	200	/* requests per second and VF */
#define INIC_MBOX_RATE_BURST	32	/* a driver start needs 7 */

struct inic_mbox_rate {
	__u64 last_ms;		/* time of the last refill */
	__u32 milli;		/* tokens available, in 1/1000 requests */
	__u32 per_s;
	__u32 burst;
};

/* A full bucket at now_ms; per_s or burst 0: every request refused. */
void inic_mbox_rate_init(struct inic_mbox_rate *r, __u32 per_s, __u32 burst,
			 __u64 now_ms);
/* May one more request be served at now_ms? If so, it takes a token. */
bool inic_mbox_rate_take(struct inic_mbox_rate *r, __u64 now_ms);

/* Build a message (header + payload bytes, little-endian) into regs[16]. */
void inic_mbox_build(__u32 *regs, __u32 op, __u32 seq, bool reply,
		     const void *payload, __u32 len);
/* Payload byte i of a message (0 beyond the payload area). */
__u8 inic_mbox_byte(const __u32 *regs, __u32 i);

/*
 * VF side: check the PF's reply to a request (op, seq). Returns 0 (ACK),
 * the negative errno of a NACK, -INIC_E_PROTO for a malformed or
 * unexpected message; *len gets the payload length.
 */
int inic_mbox_check_reply(const __u32 *regs, __u32 op, __u32 seq,
			  __u32 *len);
/* 0 when regs hold a well-formed unsolicited PF event, else -errno. */
int inic_mbox_check_event(const __u32 *regs);

/* The 64-bit VF multicast hash bit of a MAC: ether_crc_le & 63. */
__u32 inic_vf_mc_bit(const __u8 mac[6]);

/* ---- VF administration (ndo_set_vf_*), each 0 or -errno with *msg ---- */

/* VF index < num_vfs. */
int inic_vf_index_check(int vf, __u32 num_vfs, const char **msg);
/* Admin MAC: unicast, or zero (none: the VF receives no unicast). */
int inic_vf_mac_check(const __u8 mac[6], const char **msg);
/* Port VLAN: vid 0..4094, qos 0..7 (qos needs a vid), 802.1Q only. */
int inic_vf_vlan_check(__u32 vid, __u32 qos, bool proto_8021q,
		       const char **msg);
/* VF_VLAN register value (0 when vid is 0). */
__u32 inic_vf_vlan_reg(__u32 vid, __u32 qos);
/* Rate: max_tx_rate 0..1000000 Mbit/s, min_tx_rate must be 0. */
int inic_vf_rate_check(__u32 min_rate, __u32 max_rate, const char **msg);
/* Link state: IFLA_VF_LINK_STATE_AUTO/ENABLE/DISABLE (0/1/2) -> CTRL. */
int inic_vf_link_check(__u32 state, __u32 *ctrl_link, const char **msg);
/* VF_CTRL from the policy bits. */
__u32 inic_vf_ctrl_reg(bool spoofchk, bool trust, __u32 link);

/*
 * Rings of VF v when n VFs share a pool of pool ring pairs: up to
 * INIC_VF_MAX_RINGS each, at most want, and at least 1; consecutive
 * ranges from 0. Returns the count (0 when the pool is too small) and
 * *base.
 */
__u32 inic_vf_rings(__u32 v, __u32 n, __u32 pool, __u32 want, __u32 *base);

/* sriov_configure: 0 to n VFs; -INIC_E_BUSY for n -> m both non-zero. */
int inic_sriov_count_check(__u32 cur, __u32 want, __u32 total,
			   const char **msg);

#ifdef __cplusplus
}
#endif

#endif /* INIC_MBOX_H */
