// SPDX-License-Identifier: GPL-2.0
/*
 * inic core, SR-IOV part: the PF's judgement of every VF mailbox request
 * (a VF is untrusted: any bit of its message may be wrong), message
 * encoding for both ends, VF policy validation and the VF ring layout.
 * Freestanding C++ like every policy component; see policy/mbox.h.
 */
#include "inic_cxx.hpp"
#include "policy/mbox.h"
#include "policy/rxf.h"

namespace inic {
namespace {

constexpr __u32 hdr_known = 0xffu | (0xffu << 8) | (0xffu << 16) |
			    (0xfu << 24) | INIC_MBOX_HDR_NACK |
			    INIC_MBOX_HDR_REPLY;
constexpr __u32 hdr_reserved = ~hdr_known;	/* bits 29:28 */

__u8 byte_of(const __u32 *regs, __u32 i)
{
	/* Payload byte i is byte i + 4 of the message. */
	__u32 b = i + 4;

	if (b >= INIC_MBOX_MSG_SIZE)
		return 0;
	return (regs[b / 4] >> (8 * (b % 4))) & 0xff;
}

__u32 u32_at(const __u32 *regs, __u32 i)
{
	return (__u32)byte_of(regs, i) | ((__u32)byte_of(regs, i + 1) << 8) |
	       ((__u32)byte_of(regs, i + 2) << 16) |
	       ((__u32)byte_of(regs, i + 3) << 24);
}

void put_u32(__u8 *p, __u32 v)
{
	p[0] = v & 0xff;
	p[1] = (v >> 8) & 0xff;
	p[2] = (v >> 16) & 0xff;
	p[3] = (v >> 24) & 0xff;
}

bool is_zero_mac(const __u8 *mac)
{
	__u8 any = 0;

	for (int i = 0; i < 6; i++)
		any |= mac[i];
	return !any;
}

/* A decision under construction. */
class Judge {
public:
	Judge(const __u32 *msg, const struct inic_vf_policy *pol,
	      struct inic_mbox_decision *d)
		: msg_(msg), pol_(pol), d_(d)
	{
		*d_ = {};
		d_->op = INIC_MBOX_HDR_OP(msg[0]);
		d_->seq = INIC_MBOX_HDR_SEQ(msg[0]);
		len_ = INIC_MBOX_HDR_LEN(msg[0]);
	}

	void run()
	{
		__u32 hdr = msg_[0];

		/* Over its rate: not even judged. */
		if (pol_->throttled)
			return nack(-INIC_E_BUSY, "request rate limit exceeded");
		if (hdr & (INIC_MBOX_HDR_REPLY | INIC_MBOX_HDR_NACK |
			   hdr_reserved))
			return nack(-INIC_E_INVAL, "reply/NACK/reserved header bits set");
		if (len_ > INIC_MBOX_MAX_PAYLOAD)
			return nack(-INIC_E_MSGSIZE, "length beyond the payload area");
		if (INIC_MBOX_HDR_VER(hdr) != INIC_MBOX_VERSION)
			return nack(-INIC_E_OPNOTSUPP, "unknown protocol version");
		/* Bytes beyond LEN must be zero: no hidden payload. */
		for (__u32 i = len_; i < INIC_MBOX_MAX_PAYLOAD; i++)
			if (byte_of(msg_, i))
				return nack(-INIC_E_INVAL, "bytes beyond the length");

		switch (d_->op) {
		case INIC_MBOX_OP_HELLO:
			return hello();
		case INIC_MBOX_OP_RESET:
			if (!want_len(0))
				return;
			d_->action = INIC_MBOX_ACT_RESET;
			return ack(nullptr, 0);
		case INIC_MBOX_OP_GET_MAC:
		case INIC_MBOX_OP_SET_MC:
		case INIC_MBOX_OP_SET_MTU:
		case INIC_MBOX_OP_GET_RINGS:
		case INIC_MBOX_OP_GET_LINK:
			break;
		default:
			return nack(-INIC_E_OPNOTSUPP, "unknown opcode");
		}
		if (!pol_->hello)
			return nack(-INIC_E_PERM, "request before HELLO");

		switch (d_->op) {
		case INIC_MBOX_OP_GET_MAC:
			if (want_len(0))
				ack(pol_->mac, 6);
			return;
		case INIC_MBOX_OP_GET_RINGS:
			if (want_len(0))
				ack2(pol_->rings, pol_->vectors);
			return;
		case INIC_MBOX_OP_GET_LINK:
			if (want_len(0))
				ack2(pol_->link_up ? 1 : 0, pol_->speed);
			return;
		case INIC_MBOX_OP_SET_MTU:
			return set_mtu();
		default:
			return set_mc();
		}
	}

private:
	bool want_len(__u32 n)
	{
		if (len_ == n)
			return true;
		nack(-INIC_E_INVAL, "wrong length for the opcode");
		return false;
	}

	void hello()
	{
		if (!want_len(4))
			return;
		__u32 v = u32_at(msg_, 0);

		if (!v)
			return nack(-INIC_E_INVAL, "HELLO with version 0");
		d_->version = min<__u32>(v, INIC_MBOX_VERSION);
		d_->action = INIC_MBOX_ACT_HELLO;
		ack2(d_->version, 0, 1);
	}

	void set_mtu()
	{
		if (!want_len(4))
			return;
		__u32 mtu = u32_at(msg_, 0);

		if (mtu < INIC_MIN_MTU || mtu > INIC_MAX_MTU)
			return nack(-INIC_E_INVAL, "MTU out of range");
		d_->mtu = mtu;
		d_->action = INIC_MBOX_ACT_SET_MTU;
		ack(nullptr, 0);
	}

	void set_mc()
	{
		if (len_ < 4)
			return nack(-INIC_E_INVAL, "SET_MC too short");
		__u32 n = byte_of(msg_, 0), flags = byte_of(msg_, 1);

		if (n > INIC_MBOX_MC_MAX)
			return nack(-INIC_E_INVAL, "SET_MC: too many addresses");
		if (len_ != 4 + 6 * n)
			return nack(-INIC_E_INVAL, "SET_MC: length does not match n");
		if (flags & ~(INIC_MBOX_MC_ALLMULTI | INIC_MBOX_MC_APPEND))
			return nack(-INIC_E_INVAL, "SET_MC: unknown flags");
		if (byte_of(msg_, 2) || byte_of(msg_, 3))
			return nack(-INIC_E_INVAL, "SET_MC: reserved bytes set");
		if ((flags & INIC_MBOX_MC_ALLMULTI) && !pol_->trusted)
			return nack(-INIC_E_PERM, "SET_MC: ALLMULTI needs trust");

		__u64 hash = (flags & INIC_MBOX_MC_APPEND) ? pol_->mc_hash : 0;

		for (__u32 i = 0; i < n; i++) {
			__u8 mac[6];

			for (__u32 k = 0; k < 6; k++)
				mac[k] = byte_of(msg_, 4 + 6 * i + k);
			if (!(mac[0] & 1))
				return nack(-INIC_E_INVAL, "SET_MC: not a multicast address");
			hash |= 1ull << inic_vf_mc_bit(mac);
		}
		if (flags & INIC_MBOX_MC_ALLMULTI)
			hash = ~0ull;
		d_->mc_hash = hash;
		d_->action = INIC_MBOX_ACT_SET_MC;
		ack(nullptr, 0);
	}

	void ack2(__u32 a, __u32 b, __u32 words = 2)
	{
		__u8 p[8];

		put_u32(p, a);
		put_u32(p + 4, b);
		ack(p, 4 * words);
	}

	void ack(const __u8 *payload, __u32 len)
	{
		d_->err = 0;
		inic_mbox_build(d_->reply, d_->op, d_->seq, true, payload, len);
		d_->reply_regs = 1 + (len + 3) / 4;
	}

	void nack(int err, const char *why)
	{
		__u8 p[4];

		d_->err = err;
		d_->why = why;
		d_->action = INIC_MBOX_ACT_NONE;
		put_u32(p, (__u32)-err);
		inic_mbox_build(d_->reply, d_->op, d_->seq, true, p, 4);
		d_->reply[0] |= INIC_MBOX_HDR_NACK;
		d_->reply_regs = 2;
	}

	const __u32 *msg_;
	const struct inic_vf_policy *pol_;
	struct inic_mbox_decision *d_;
	__u32 len_;
};

} /* namespace */
} /* namespace inic */

extern "C" {

void inic_mbox_decide(const __u32 *msg, const struct inic_vf_policy *pol,
		      struct inic_mbox_decision *d)
{
	inic::Judge j(msg, pol, d);

	j.run();
}

void inic_mbox_rate_init(struct inic_mbox_rate *r, __u32 per_s, __u32 burst,
			 __u64 now_ms)
{
	/* Caps keep every product below 2^32 (burst) and 2^64 (refill). */
	r->per_s = inic::min<__u32>(per_s, 1000000);
	r->burst = inic::min<__u32>(burst, 1000000);
	r->milli = r->burst * 1000;
	r->last_ms = now_ms;
}

bool inic_mbox_rate_take(struct inic_mbox_rate *r, __u64 now_ms)
{
	__u64 full = (__u64)r->burst * 1000, add;

	/* A clock that goes back refills nothing until it passes last_ms. */
	if (now_ms > r->last_ms) {
		add = now_ms - r->last_ms;
		/* per_s requests a second = per_s milli-tokens a millisecond */
		add = add > full ? full * r->per_s : add * r->per_s;
		r->milli = (__u32)inic::min<__u64>(r->milli + add, full);
		r->last_ms = now_ms;
	}
	if (r->milli < 1000)
		return false;
	r->milli -= 1000;
	return true;
}

void inic_mbox_build(__u32 *regs, __u32 op, __u32 seq, bool reply,
		     const void *payload, __u32 len)
{
	const __u8 *p = static_cast<const __u8 *>(payload);

	if (len > INIC_MBOX_MAX_PAYLOAD)
		len = INIC_MBOX_MAX_PAYLOAD;
	for (__u32 i = 0; i < INIC_MBOX_MSG_REGS; i++)
		regs[i] = 0;
	regs[0] = INIC_MBOX_HDR(op & 0xff, len, seq) |
		  (reply ? INIC_MBOX_HDR_REPLY : 0);
	for (__u32 i = 0; p && i < len; i++)
		regs[1 + i / 4] |= (__u32)p[i] << (8 * (i % 4));
}

__u8 inic_mbox_byte(const __u32 *regs, __u32 i)
{
	return inic::byte_of(regs, i);
}

int inic_mbox_check_reply(const __u32 *regs, __u32 op, __u32 seq,
			  __u32 *len)
{
	__u32 h = regs[0];

	*len = INIC_MBOX_HDR_LEN(h);
	if (!(h & INIC_MBOX_HDR_REPLY) || INIC_MBOX_HDR_OP(h) != op ||
	    INIC_MBOX_HDR_SEQ(h) != (seq & 0xf) ||
	    INIC_MBOX_HDR_VER(h) != INIC_MBOX_VERSION ||
	    *len > INIC_MBOX_MAX_PAYLOAD)
		return -INIC_E_PROTO;
	if (h & INIC_MBOX_HDR_NACK) {
		__u32 e = inic::u32_at(regs, 0);

		if (*len < 4 || !e || e > 4095)
			return -INIC_E_PROTO;
		return -(int)e;
	}
	return 0;
}

int inic_mbox_check_event(const __u32 *regs)
{
	__u32 h = regs[0], len = INIC_MBOX_HDR_LEN(h);

	if (!(h & INIC_MBOX_HDR_REPLY) || (h & INIC_MBOX_HDR_NACK) ||
	    INIC_MBOX_HDR_VER(h) != INIC_MBOX_VERSION)
		return -INIC_E_PROTO;
	switch (INIC_MBOX_HDR_OP(h)) {
	case INIC_MBOX_OP_LINK_EVENT:
		return len == 8 ? 0 : -INIC_E_PROTO;
	case INIC_MBOX_OP_MAC_EVENT:
		return len == 6 ? 0 : -INIC_E_PROTO;
	default:
		return -INIC_E_PROTO;
	}
}

__u32 inic_vf_mc_bit(const __u8 mac[6])
{
	/* The one CRC of the policy code: the receive filter's. */
	return inic_ether_crc_le(mac, 6) & 63;
}

int inic_vf_index_check(int vf, __u32 num_vfs, const char **msg)
{
	if (vf < 0 || (__u32)vf >= num_vfs) {
		if (msg)
			*msg = "no such VF";
		return -INIC_E_INVAL;
	}
	return 0;
}

int inic_vf_mac_check(const __u8 mac[6], const char **msg)
{
	if (!inic::is_zero_mac(mac) && (mac[0] & 1)) {
		if (msg)
			*msg = "VF MAC must be unicast (or 00:00:00:00:00:00)";
		return -INIC_E_INVAL;
	}
	return 0;
}

int inic_vf_vlan_check(__u32 vid, __u32 qos, bool proto_8021q,
		       const char **msg)
{
	const char *m = nullptr;

	if (!proto_8021q)
		m = "only 802.1Q port VLANs are supported (not 802.1ad)";
	else if (vid >= 4095)
		m = "VLAN ID out of range (0..4094)";
	else if (qos > 7)
		m = "VLAN QoS out of range (0..7)";
	else if (qos && !vid)
		m = "VLAN QoS needs a VLAN ID";
	if (m) {
		if (msg)
			*msg = m;
		return proto_8021q ? -INIC_E_INVAL : -INIC_E_PROTONOSUPPORT;
	}
	return 0;
}

__u32 inic_vf_vlan_reg(__u32 vid, __u32 qos)
{
	if (!vid)
		return 0;
	return (vid & INIC_VF_VLAN_VID_MASK) |
	       ((qos << INIC_VF_VLAN_PCP_SHIFT) & INIC_VF_VLAN_PCP_MASK);
}

int inic_vf_rate_check(__u32 min_rate, __u32 max_rate, const char **msg)
{
	const char *m = nullptr;

	if (min_rate)
		m = "min_tx_rate is not supported";
	else if (max_rate > 1000000)
		m = "max_tx_rate above 1000000 Mbit/s";
	if (m) {
		if (msg)
			*msg = m;
		return -INIC_E_INVAL;
	}
	return 0;
}

int inic_vf_link_check(__u32 state, __u32 *ctrl_link, const char **msg)
{
	/* IFLA_VF_LINK_STATE_AUTO 0, ENABLE 1, DISABLE 2 == INIC_VF_LINK_* */
	if (state > 2) {
		if (msg)
			*msg = "unknown VF link state";
		return -INIC_E_INVAL;
	}
	*ctrl_link = state;
	return 0;
}

__u32 inic_vf_ctrl_reg(bool spoofchk, bool trust, __u32 link)
{
	return (spoofchk ? INIC_VF_CTRL_SPOOFCHK : 0) |
	       (trust ? INIC_VF_CTRL_TRUST : 0) |
	       ((link << INIC_VF_CTRL_LINK_SHIFT) & INIC_VF_CTRL_LINK_MASK);
}

__u32 inic_vf_rings(__u32 v, __u32 n, __u32 pool, __u32 want, __u32 *base)
{
	__u32 each;

	*base = 0;
	if (!n || v >= n || !pool)
		return 0;
	each = inic::min<__u32>(pool / n, INIC_VF_MAX_RINGS);
	if (want)
		each = inic::min<__u32>(each, want);
	if (!each)
		return 0;
	*base = v * each;
	return each;
}

int inic_sriov_count_check(__u32 cur, __u32 want, __u32 total,
			   const char **msg)
{
	const char *m = nullptr;
	int err = -INIC_E_INVAL;

	if (want > total) {
		m = "more VFs than the device has (sriov_totalvfs)";
		err = -INIC_E_RANGE;
	} else if (cur && want && cur != want) {
		m = "VFs already enabled: write 0 first";
		err = -INIC_E_BUSY;
	}
	if (m) {
		if (msg)
			*msg = m;
		return err;
	}
	return 0;
}

} /* extern "C" */
