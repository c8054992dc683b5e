// SPDX-License-Identifier: GPL-2.0
/*
 * inic policy: classifier rules: validation, the device's key/mask image
 * and action registers, exact vs masked placement. Freestanding C++ (no
 * exceptions, no RTTI, no global constructors, no libstdc++): it includes
 * only policy headers, inic_cxx.hpp and inic_hw.h, and builds unchanged in
 * the kernel module, in KUnit and in user space.
 */
#include "inic_cxx.hpp"
#include "policy/cls.h"

namespace {

constexpr __u16 kEtherIPv4 = 0x0800;
constexpr __u16 kEtherIPv6 = 0x86dd;
constexpr __u8 kProtoTCP = 6;
constexpr __u8 kProtoUDP = 17;

/* The 64-byte key and mask images, byte by byte. */
struct Image {
	__u8 key[INIC_CLS_KEY_SIZE];
	__u8 mask[INIC_CLS_KEY_SIZE];

	void clear()
	{
		for (__u32 i = 0; i < INIC_CLS_KEY_SIZE; i++)
			key[i] = mask[i] = 0;
	}

	/* A key bit outside its mask would never match: masked away. */
	void put8(__u32 off, __u8 v, __u8 m)
	{
		key[off] = v & m;
		mask[off] = m;
	}

	void put16(__u32 off, __u16 v, __u16 m)	/* network order */
	{
		put8(off, v >> 8, m >> 8);
		put8(off + 1, v & 0xff, m & 0xff);
	}

	void put(__u32 off, const __u8 *v, const __u8 *m, __u32 n)
	{
		for (__u32 i = 0; i < n; i++)
			put8(off + i, v[i], m[i]);
	}

	/* Registers hold bytes 4i..4i+3, byte 4i+k in bits 8k+7:8k. */
	void to_regs(__u32 *kregs, __u32 *mregs) const
	{
		for (__u32 r = 0; r < INIC_CLS_KEY_REGS; r++) {
			kregs[r] = 0;
			mregs[r] = 0;
			for (__u32 k = 0; k < 4; k++) {
				kregs[r] |= (__u32)key[4 * r + k] << (8 * k);
				mregs[r] |= (__u32)mask[4 * r + k] << (8 * k);
			}
		}
	}
};

bool any(const __u8 *m, __u32 n)
{
	for (__u32 i = 0; i < n; i++)
		if (m[i])
			return true;
	return false;
}

int refuse(const char **why, int err, const char *msg)
{
	if (why)
		*why = msg;
	return err;
}

bool same_mask(const __u32 *a, const __u32 *b)
{
	for (__u32 r = 0; r < INIC_CLS_KEY_REGS; r++)
		if (a[r] != b[r])
			return false;
	return true;
}

int check_match(const struct inic_cls_match *m,
		const struct inic_cls_limits *lim, const char **why)
{
	if (m->port_mask != 0 && m->port_mask != 0xff)
		return refuse(why, -INIC_E_INVAL,
			      "the ingress port is matched whole or not at all");
	if (m->port_mask && m->port >= lim->num_ports)
		return refuse(why, -INIC_E_RANGE,
			      "the ingress port does not exist");
	if (m->origin_mask != 0 && m->origin_mask != 0xff)
		return refuse(why, -INIC_E_INVAL,
			      "the origin is matched whole or not at all");
	if (m->origin_mask && m->origin >= INIC_CLS_ORIGIN_VF(INIC_MAX_VFS))
		return refuse(why, -INIC_E_RANGE, "the origin does not exist");
	if (m->vid_mask & ~0x0fffu)
		return refuse(why, -INIC_E_INVAL,
			      "a VLAN id has 12 bits (0..4095)");
	if (m->pcp_mask & ~0x7u)
		return refuse(why, -INIC_E_INVAL,
			      "a VLAN priority has 3 bits (0..7)");

	bool ip = m->ip_proto_mask || m->tos_mask || any(m->sip_mask, 16) ||
		  any(m->dip_mask, 16);
	bool l4 = m->sport_mask || m->dport_mask || m->tcp_flags_mask;
	bool is_v4 = m->ethertype_mask == 0xffff &&
		     m->ethertype == kEtherIPv4;
	bool is_v6 = m->ethertype_mask == 0xffff &&
		     m->ethertype == kEtherIPv6;

	if ((ip || l4) && !is_v4 && !is_v6)
		return refuse(why, -INIC_E_INVAL,
			      "IP and L4 fields need ethertype IPv4 or IPv6");
	if (is_v4 && (any(m->sip_mask + 4, 12) || any(m->dip_mask + 4, 12)))
		return refuse(why, -INIC_E_INVAL,
			      "an IPv4 address has 4 bytes");
	if (m->tcp_flags_mask & ~0x0fffu)
		return refuse(why, -INIC_E_INVAL,
			      "TCP flags are bits 11:0");
	if (m->tcp_flags_mask &&
	    (m->ip_proto_mask != 0xff || m->ip_proto != kProtoTCP))
		return refuse(why, -INIC_E_INVAL,
			      "TCP flags need IP protocol TCP");
	if ((m->sport_mask || m->dport_mask) &&
	    (m->ip_proto_mask != 0xff ||
	     (m->ip_proto != kProtoTCP && m->ip_proto != kProtoUDP)))
		return refuse(why, -INIC_E_INVAL,
			      "L4 ports need IP protocol TCP or UDP");
	return 0;
}

int encode_mirror(const struct inic_cls_action *a,
		  const struct inic_cls_limits *lim, struct inic_cls_hw *hw,
		  const char **why)
{
	__u32 arg = a->mirror_arg;

	switch (a->mirror_type) {
	case INIC_CLS_MIR_RING:
		if (arg >= lim->num_queues)
			return refuse(why, -INIC_E_RANGE,
				      "no such RX ring to mirror to");
		arg += lim->first_ring;
		break;
	case INIC_CLS_MIR_VF:
		if (arg >= lim->num_vfs || arg >= INIC_MAX_VFS)
			return refuse(why, -INIC_E_RANGE,
				      "no such VF to mirror to: the VF is not enabled");
		break;
	case INIC_CLS_MIR_PORT:
		if (arg >= lim->num_ports)
			return refuse(why, -INIC_E_RANGE,
				      "no such port to mirror to");
		break;
	case INIC_CLS_MIR_VNIC:
		/* the front door names a live VNIC (1.9) */
		if (arg >= INIC_MAX_VNICS)
			return refuse(why, -INIC_E_RANGE,
				      "no such VNIC to mirror to");
		break;
	default:
		return refuse(why, -INIC_E_INVAL, "unknown mirror destination");
	}
	hw->mirror = INIC_CLS_MIRROR_VAL(a->mirror_type, arg);
	return 0;
}

int encode_action(const struct inic_cls_action *a,
		  const struct inic_cls_limits *lim, struct inic_cls_hw *hw,
		  const char **why)
{
	int err;

	if (a->flags & ~INIC_CLS_ACT_FLAGS)
		return refuse(why, -INIC_E_INVAL, "unknown action flags");
	switch (a->type) {
	case INIC_CLS_ACT_PASS:
	case INIC_CLS_ACT_DROP:
		hw->act_arg = 0;
		break;
	case INIC_CLS_ACT_RING:
		if (a->arg >= lim->num_queues)
			return refuse(why, -INIC_E_RANGE,
				      "no such RX ring: the ring is beyond the port's active channels");
		hw->act_arg = lim->first_ring + a->arg;
		break;
	case INIC_CLS_ACT_RSS:
		if (a->arg >= lim->rss_contexts ||
		    a->arg >= INIC_CLS_RSS_CONTEXTS)
			return refuse(why, -INIC_E_RANGE,
				      "no such RSS context");
		hw->act_arg = a->arg;
		break;
	case INIC_CLS_ACT_VF:
		if (lim->port != lim->vf_port)
			return refuse(why, -INIC_E_INVAL,
				      "VF steering is offered only on the port the VFs belong to");
		if (a->arg >= lim->num_vfs || a->arg >= INIC_MAX_VFS)
			return refuse(why, -INIC_E_RANGE,
				      "no such VF: the VF is not enabled");
		hw->act_arg = a->arg;
		break;
	case INIC_CLS_ACT_VNIC:
		/* the front door names a live VNIC of the port (1.9) */
		if (a->arg >= INIC_MAX_VNICS)
			return refuse(why, -INIC_E_RANGE, "no such VNIC");
		hw->act_arg = a->arg;
		break;
	default:
		return refuse(why, -INIC_E_INVAL, "unknown action");
	}
	hw->action = a->type | a->flags;
	hw->mark = (a->flags & INIC_CLS_ACT_MARK) ? a->mark : 0;
	hw->mirror = 0;
	if (a->flags & INIC_CLS_ACT_MIRROR) {
		err = encode_mirror(a, lim, hw, why);
		if (err)
			return err;
	}
	hw->pol_rate = 0;
	hw->pol_burst = 0;
	if (a->flags & INIC_CLS_ACT_POLICE) {
		if (!a->pol_rate || a->pol_rate > INIC_CLS_POL_RATE_MAX)
			return refuse(why, -INIC_E_RANGE,
				      "police rate is 1 kbit/s to 100 Gbit/s");
		if (!a->pol_burst || a->pol_burst > INIC_CLS_POL_BURST_MAX)
			return refuse(why, -INIC_E_RANGE,
				      "police burst is 1 byte to 16 MiB");
		hw->pol_rate = a->pol_rate;
		hw->pol_burst = a->pol_burst;
	}
	return 0;
}

} /* namespace */

extern "C" {

int inic_cls_rule_encode(const struct inic_cls_rule *r,
			 const struct inic_cls_limits *lim,
			 struct inic_cls_hw *hw, const char **why)
{
	const struct inic_cls_match *m = &r->m;
	Image img;
	__u8 flags = 0, flags_mask = 0;
	int err;

	err = check_match(m, lim, why);
	if (err)
		return err;
	if (r->prio > INIC_CLS_PRIO_MAX)
		return refuse(why, -INIC_E_RANGE,
			      "priority is 0..65535");
	err = encode_action(&r->act, lim, hw, why);
	if (err)
		return err;

	img.clear();
	img.put8(INIC_CLS_K_PORT, m->port, m->port_mask);
	img.put8(INIC_CLS_K_ORIGIN, m->origin, m->origin_mask);
	if (m->vid_mask || m->pcp_mask) {
		img.put16(INIC_CLS_K_VLAN,
			  (__u16)((m->pcp & 7) << 13 | (m->vid & 0xfff)),
			  (__u16)((m->pcp_mask & 7) << 13 |
				  (m->vid_mask & 0xfff)));
		flags |= INIC_CLS_F_VLAN;
		flags_mask |= INIC_CLS_F_VLAN;
	}
	img.put16(INIC_CLS_K_ETYPE, m->ethertype, m->ethertype_mask);
	img.put8(INIC_CLS_K_PROTO, m->ip_proto, m->ip_proto_mask);
	img.put8(INIC_CLS_K_TOS, m->tos, m->tos_mask);
	img.put(INIC_CLS_K_DMAC, m->dmac, m->dmac_mask, 6);
	img.put(INIC_CLS_K_SMAC, m->smac, m->smac_mask, 6);
	img.put16(INIC_CLS_K_SPORT, m->sport, m->sport_mask);
	img.put16(INIC_CLS_K_DPORT, m->dport, m->dport_mask);
	img.put16(INIC_CLS_K_TCP_FLAGS, m->tcp_flags, m->tcp_flags_mask);
	if (m->sport_mask || m->dport_mask || m->tcp_flags_mask) {
		/* ports and flags are valid only with a whole L4 header */
		flags |= INIC_CLS_F_L4;
		flags_mask |= INIC_CLS_F_L4;
	}
	img.put8(INIC_CLS_K_FLAGS, flags, flags_mask);
	img.put(INIC_CLS_K_SIP, m->sip, m->sip_mask, 16);
	img.put(INIC_CLS_K_DIP, m->dip, m->dip_mask, 16);
	img.to_regs(hw->key, hw->mask);
	hw->prio = r->prio;
	return 0;
}

__u8 inic_cls_image_byte(const __u32 *image, __u32 i)
{
	if (i >= INIC_CLS_KEY_SIZE)
		return 0;
	return (image[i / 4] >> (8 * (i % 4))) & 0xff;
}

__u32 inic_cls_place(const struct inic_cls_masks *m,
		     const struct inic_cls_hw *hw)
{
	bool free_slot = false;

	for (__u32 s = 0; s < INIC_CLS_EXACT_MASKS; s++) {
		if (!m->refs[s]) {
			free_slot = true;
			continue;
		}
		if (same_mask(m->mask[s], hw->mask))
			return INIC_CLS_TABLE_EXACT;
	}
	return free_slot ? INIC_CLS_TABLE_EXACT : INIC_CLS_TABLE_MASKED;
}

int inic_cls_masks_get(struct inic_cls_masks *m, const struct inic_cls_hw *hw)
{
	__u32 free = INIC_CORE_NONE;

	for (__u32 s = 0; s < INIC_CLS_EXACT_MASKS; s++) {
		if (!m->refs[s]) {
			if (free == INIC_CORE_NONE)
				free = s;
			continue;
		}
		if (same_mask(m->mask[s], hw->mask)) {
			m->refs[s]++;
			return 0;
		}
	}
	if (free == INIC_CORE_NONE)
		return -INIC_E_NOSPC;
	for (__u32 r = 0; r < INIC_CLS_KEY_REGS; r++)
		m->mask[free][r] = hw->mask[r];
	m->refs[free] = 1;
	return 0;
}

void inic_cls_masks_put(struct inic_cls_masks *m,
			const struct inic_cls_hw *hw)
{
	for (__u32 s = 0; s < INIC_CLS_EXACT_MASKS; s++) {
		if (m->refs[s] && same_mask(m->mask[s], hw->mask)) {
			m->refs[s]--;
			return;
		}
	}
}

__u32 inic_cls_masks_used(const struct inic_cls_masks *m)
{
	__u32 n = 0;

	for (__u32 s = 0; s < INIC_CLS_EXACT_MASKS; s++)
		if (m->refs[s])
			n++;
	return n;
}

int inic_cls_result_errno(__u32 result, const char **why)
{
	switch (INIC_CLS_RES_CODE(result)) {
	case INIC_CLS_RES_OK:
		return 0;
	case INIC_CLS_RES_TABLE_FULL:
		return refuse(why, -INIC_E_NOSPC, "classifier table full");
	case INIC_CLS_RES_MASKS_FULL:
		return refuse(why, -INIC_E_NOSPC,
			      "exact table: no free mask");
	case INIC_CLS_RES_EXISTS:
		return refuse(why, -INIC_E_EXIST,
			      "the same rule is already in the exact table");
	case INIC_CLS_RES_NOT_FOUND:
		return refuse(why, -INIC_E_NOENT, "no such rule in the device");
	case INIC_CLS_RES_NO_VNIC:
		return refuse(why, -INIC_E_NODEV,
			      "the VNIC is not enabled in the device (being removed?)");
	case INIC_CLS_RES_BAD_INDEX:
		return refuse(why, -INIC_E_INVAL,
			      "device refused the rule: bad index");
	case INIC_CLS_RES_BAD_FIELD:
		return refuse(why, -INIC_E_INVAL,
			      "device refused the rule: bad match field");
	case INIC_CLS_RES_BAD_ACTION:
		return refuse(why, -INIC_E_INVAL,
			      "device refused the rule: bad action");
	default:
		return refuse(why, -INIC_E_INVAL,
			      "device refused the command");
	}
}

__u32 inic_cls_ethtool_prio(__u32 loc)
{
	if (loc >= INIC_CLS_ETHTOOL_LOCS)
		return 0;
	return INIC_CLS_PRIO_MAX - loc;
}

__u32 inic_cls_tc_prio(__u32 tc_prio)
{
	const __u32 top = INIC_CLS_PRIO_MAX - INIC_CLS_ETHTOOL_LOCS;

	if (!tc_prio || tc_prio > top + 1)
		return 0;
	return top + 1 - tc_prio;
}

} /* extern "C" */
