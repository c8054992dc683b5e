// SPDX-License-Identifier: GPL-2.0
/*
 * inic policy: TOE connection handoff. The listener table's slots and
 * register values, and the engine's TOE_CTRL from the host's TCP sysctls.
 * Freestanding C++ (no exceptions, no RTTI, no global constructors, no
 * libstdc++): it includes only policy headers, inic_cxx.hpp and inic_hw.h.
 */
#include "inic_cxx.hpp"
#include "policy/toe.h"

namespace {

bool same(const inic_toe_listener &a, const inic_toe_listener &b)
{
	if (a.port != b.port || a.tcp_port != b.tcp_port ||
	    a.family != b.family || a.any != b.any)
		return false;
	if (a.any)
		return true;
	const unsigned int n = a.family == 6 ? 16 : 4;
	for (unsigned int i = 0; i < n; i++)
		if (a.addr[i] != b.addr[i])
			return false;
	return true;
}

void regs_of(const inic_toe_listener &l, __u32 index,
	     inic_toe_entry_regs *r)
{
	r->index = index;
	for (unsigned int k = 0; k < 4; k++) {
		const __u8 *b = l.addr + 4 * k;
		const bool used = !l.any && (l.family == 6 || k == 0);

		r->addr[k] = used ? ((__u32)b[0] | ((__u32)b[1] << 8) |
				     ((__u32)b[2] << 16) |
				     ((__u32)b[3] << 24)) : 0;
	}
	r->ctrl = INIC_TOE_LSN_VAL(l.tcp_port, l.port,
				   INIC_TOE_LSN_ENABLE |
				   (l.family == 6 ? INIC_TOE_LSN_IPV6 : 0) |
				   (l.any ? INIC_TOE_LSN_ANY : 0));
}

void cleared(__u32 index, inic_toe_entry_regs *r)
{
	r->index = index;
	for (unsigned int k = 0; k < 4; k++)
		r->addr[k] = 0;
	r->ctrl = 0;
}

} // namespace

extern "C" void inic_toe_ctrl_decide(const struct inic_toe_sysctls *s,
				     struct inic_toe_ctrl_decision *d)
{
	d->ctrl = 0;
	d->why = nullptr;
	if (!s->syncookies) {
		d->why = "net.ipv4.tcp_syncookies is 0: the host would refuse the handed-off connections";
		return;
	}
	d->ctrl = INIC_TOE_CTRL_ENABLE;
	if (s->timestamps)
		d->ctrl |= INIC_TOE_CTRL_TS;
	if (s->window_scaling)
		d->ctrl |= INIC_TOE_CTRL_WSCALE;
	if (s->sack)
		d->ctrl |= INIC_TOE_CTRL_SACK;
	if (s->ecn)
		d->ctrl |= INIC_TOE_CTRL_ECN;	/* 1 and 2 accept it */
}

extern "C" int inic_toe_add(struct inic_toe_table *t,
			    const struct inic_toe_listener *l,
			    struct inic_toe_entry_regs *r, const char **why)
{
	*why = nullptr;
	if (!l->tcp_port) {
		*why = "TCP port 0 cannot listen";
		return -INIC_E_INVAL;
	}
	if (l->port >= t->num_ports || l->port > 15) {
		*why = "no such device port";
		return -INIC_E_INVAL;
	}
	if (l->family != 4 && l->family != 6) {
		*why = "address family must be IPv4 or IPv6";
		return -INIC_E_INVAL;
	}
	__u32 free_slot = INIC_CORE_NONE;
	for (__u32 i = 0; i < INIC_TOE_LISTENERS; i++) {
		if (!(t->used & (1u << i))) {
			if (free_slot == INIC_CORE_NONE)
				free_slot = i;
			continue;
		}
		if (same(t->e[i], *l)) {
			*why = "this listener is already registered";
			return -INIC_E_EXIST;
		}
	}
	if (free_slot == INIC_CORE_NONE) {
		*why = "the device's listener table is full";
		return -INIC_E_NOSPC;
	}
	t->e[free_slot] = *l;
	if (l->any)
		for (unsigned int i = 0; i < 16; i++)
			t->e[free_slot].addr[i] = 0;
	t->used |= 1u << free_slot;
	regs_of(t->e[free_slot], free_slot, r);
	return 0;
}

extern "C" int inic_toe_del(struct inic_toe_table *t,
			    const struct inic_toe_listener *l,
			    struct inic_toe_entry_regs *r, const char **why)
{
	*why = nullptr;
	for (__u32 i = 0; i < INIC_TOE_LISTENERS; i++) {
		if ((t->used & (1u << i)) && same(t->e[i], *l)) {
			t->used &= ~(1u << i);
			cleared(i, r);
			return 0;
		}
	}
	*why = "no such listener";
	return -INIC_E_NOENT;
}

extern "C" __u32 inic_toe_del_port(struct inic_toe_table *t, __u32 port)
{
	__u32 mask = 0;

	for (__u32 i = 0; i < INIC_TOE_LISTENERS; i++) {
		if ((t->used & (1u << i)) && t->e[i].port == port)
			mask |= 1u << i;
	}
	t->used &= ~mask;
	return mask;
}

extern "C" __u32 inic_toe_count(const struct inic_toe_table *t, __u32 port)
{
	__u32 n = 0;

	for (__u32 i = 0; i < INIC_TOE_LISTENERS; i++)
		if ((t->used & (1u << i)) && t->e[i].port == port)
			n++;
	return n;
}
