// SPDX-License-Identifier: GPL-2.0
/*
 * inic classifier: the flow_rule translation both front doors share. The
 * kernel hands tc flower rules as a struct flow_rule, and turns ethtool
 * ntuple specs into one (ethtool_rx_flow_rule_create()); this file turns
 * its matches and actions into the policy's rule (policy/cls.h) or names
 * what the device cannot do.
 */
#include <linux/etherdevice.h>
#include <linux/netdevice.h>
#include <net/flow_offload.h>

#include "inic.h"
#include "inic_cls.h"

/* ---- flow_rule: what ethtool ntuple and tc flower match ---- */

#define INIC_CLS_FLOW_KEYS (BIT_ULL(FLOW_DISSECTOR_KEY_CONTROL) | \
			    BIT_ULL(FLOW_DISSECTOR_KEY_BASIC) | \
			    BIT_ULL(FLOW_DISSECTOR_KEY_ETH_ADDRS) | \
			    BIT_ULL(FLOW_DISSECTOR_KEY_VLAN) | \
			    BIT_ULL(FLOW_DISSECTOR_KEY_IPV4_ADDRS) | \
			    BIT_ULL(FLOW_DISSECTOR_KEY_IPV6_ADDRS) | \
			    BIT_ULL(FLOW_DISSECTOR_KEY_PORTS) | \
			    BIT_ULL(FLOW_DISSECTOR_KEY_IP) | \
			    BIT_ULL(FLOW_DISSECTOR_KEY_TCP))

int inic_cls_flow_match(const struct flow_rule *flow,
			struct inic_cls_match *m, const char **why)
{
	u16 addr_type = 0;

	if (flow->match.dissector->used_keys & ~INIC_CLS_FLOW_KEYS) {
		*why = "a match key the classifier does not have";
		return -EOPNOTSUPP;
	}
	/*
	 * tc flower keeps its IPv4 and IPv6 addresses in one union, so both
	 * keys are present and CONTROL's addr_type says which is meant;
	 * ethtool's rules have no CONTROL addr_type and one of the two.
	 */
	if (flow_rule_match_key(flow, FLOW_DISSECTOR_KEY_CONTROL)) {
		struct flow_match_control c;

		flow_rule_match_control(flow, &c);
		if (c.mask->flags) {
			*why = "fragment flags cannot be matched";
			return -EOPNOTSUPP;
		}
		addr_type = c.key->addr_type;
	}
	if (flow_rule_match_key(flow, FLOW_DISSECTOR_KEY_BASIC)) {
		struct flow_match_basic b;

		flow_rule_match_basic(flow, &b);
		m->ethertype = be16_to_cpu(b.key->n_proto);
		m->ethertype_mask = be16_to_cpu(b.mask->n_proto);
		m->ip_proto = b.key->ip_proto;
		m->ip_proto_mask = b.mask->ip_proto;
	}
	if (flow_rule_match_key(flow, FLOW_DISSECTOR_KEY_ETH_ADDRS)) {
		struct flow_match_eth_addrs a;

		flow_rule_match_eth_addrs(flow, &a);
		ether_addr_copy(m->dmac, a.key->dst);
		ether_addr_copy(m->dmac_mask, a.mask->dst);
		ether_addr_copy(m->smac, a.key->src);
		ether_addr_copy(m->smac_mask, a.mask->src);
	}
	if (flow_rule_match_key(flow, FLOW_DISSECTOR_KEY_VLAN)) {
		struct flow_match_vlan v;

		flow_rule_match_vlan(flow, &v);
		if (v.mask->vlan_dei) {
			*why = "the VLAN DEI bit cannot be matched";
			return -EOPNOTSUPP;
		}
		if (v.mask->vlan_tpid &&
		    (v.mask->vlan_tpid != htons(0xffff) ||
		     v.key->vlan_tpid != htons(ETH_P_8021Q))) {
			*why = "only 802.1Q VLAN tags can be matched";
			return -EOPNOTSUPP;
		}
		m->vid = v.key->vlan_id;
		m->vid_mask = v.mask->vlan_id;
		m->pcp = v.key->vlan_priority;
		m->pcp_mask = v.mask->vlan_priority;
	}
	if (flow_rule_match_key(flow, FLOW_DISSECTOR_KEY_IPV4_ADDRS) &&
	    (!addr_type || addr_type == FLOW_DISSECTOR_KEY_IPV4_ADDRS)) {
		struct flow_match_ipv4_addrs a;

		flow_rule_match_ipv4_addrs(flow, &a);
		memcpy(m->sip, &a.key->src, 4);
		memcpy(m->sip_mask, &a.mask->src, 4);
		memcpy(m->dip, &a.key->dst, 4);
		memcpy(m->dip_mask, &a.mask->dst, 4);
	}
	if (flow_rule_match_key(flow, FLOW_DISSECTOR_KEY_IPV6_ADDRS) &&
	    (!addr_type || addr_type == FLOW_DISSECTOR_KEY_IPV6_ADDRS)) {
		struct flow_match_ipv6_addrs a;

		flow_rule_match_ipv6_addrs(flow, &a);
		memcpy(m->sip, &a.key->src, 16);
		memcpy(m->sip_mask, &a.mask->src, 16);
		memcpy(m->dip, &a.key->dst, 16);
		memcpy(m->dip_mask, &a.mask->dst, 16);
	}
	if (flow_rule_match_key(flow, FLOW_DISSECTOR_KEY_PORTS)) {
		struct flow_match_ports p;

		flow_rule_match_ports(flow, &p);
		m->sport = be16_to_cpu(p.key->src);
		m->sport_mask = be16_to_cpu(p.mask->src);
		m->dport = be16_to_cpu(p.key->dst);
		m->dport_mask = be16_to_cpu(p.mask->dst);
	}
	if (flow_rule_match_key(flow, FLOW_DISSECTOR_KEY_IP)) {
		struct flow_match_ip ip;

		flow_rule_match_ip(flow, &ip);
		if (ip.mask->ttl) {
			*why = "the IP TTL cannot be matched";
			return -EOPNOTSUPP;
		}
		m->tos = ip.key->tos;
		m->tos_mask = ip.mask->tos;
	}
	if (flow_rule_match_key(flow, FLOW_DISSECTOR_KEY_TCP)) {
		struct flow_match_tcp t;

		flow_rule_match_tcp(flow, &t);
		m->tcp_flags = be16_to_cpu(t.key->flags);
		m->tcp_flags_mask = be16_to_cpu(t.mask->flags);
	}
	return 0;
}

static int inic_cls_flow_action(const struct flow_rule *flow,
				struct inic_cls_action *a, const char **why)
{
	const struct flow_action_entry *act;
	bool fate = false;
	int i;

	a->type = INIC_CLS_ACT_PASS;
	flow_action_for_each(i, act, &flow->action) {
		switch (act->id) {
		case FLOW_ACTION_DROP:
			a->type = INIC_CLS_ACT_DROP;
			break;
		case FLOW_ACTION_QUEUE:
			if (act->queue.ctx) {
				*why = "RSS contexts are not offered yet";
				return -EOPNOTSUPP;
			}
			if (act->queue.vf) {
				if (act->queue.index) {
					*why = "a VF's own rings cannot be chosen: use queue 0";
					return -EOPNOTSUPP;
				}
				a->type = INIC_CLS_ACT_VF;
				a->arg = act->queue.vf - 1;	/* 0 is the PF */
			} else {
				a->type = INIC_CLS_ACT_RING;
				a->arg = act->queue.index;
			}
			break;
		case FLOW_ACTION_RX_QUEUE_MAPPING:
			a->type = INIC_CLS_ACT_RING;
			a->arg = act->rx_queue;
			break;
		case FLOW_ACTION_MARK:
			a->flags |= INIC_CLS_ACT_MARK;
			a->mark = act->mark;
			continue;
		default:
			*why = "an action the classifier does not have";
			return -EOPNOTSUPP;
		}
		if (fate) {
			*why = "one destination per rule";
			return -EOPNOTSUPP;
		}
		fate = true;
	}
	return 0;
}

int inic_cls_from_flow_rule(const struct flow_rule *flow,
			    struct inic_cls_rule *r, const char **why)
{
	int err;

	err = inic_cls_flow_match(flow, &r->m, why);
	if (err)
		return err;
	return inic_cls_flow_action(flow, &r->act, why);
}
