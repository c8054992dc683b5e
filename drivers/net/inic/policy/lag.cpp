// SPDX-License-Identifier: GPL-2.0
/*
 * inic policy: bonding offload. From the tracker of the bond (or team)
 * above the PF's ports to the LAG block's registers, or to the reason the
 * group stays in software. Freestanding C++ (no exceptions, no RTTI, no
 * global constructors, no libstdc++): it includes only policy headers,
 * inic_cxx.hpp and inic_hw.h.
 */
#include "inic_cxx.hpp"
#include "policy/lag.h"

namespace {

inline __u32 lowest(__u32 mask)
{
	for (__u32 p = 0; p < 32; p++)
		if (mask & (1u << p))
			return p;
	return INIC_CORE_NONE;
}

inline __u32 count(__u32 mask)
{
	__u32 n = 0;

	for (; mask; mask &= mask - 1)
		n++;
	return n;
}

/*
 * The transmit policy the device can carry: MODE and HASH, or the reason
 * it cannot (nullptr: it can).
 */
const char *lag_mode(const inic_lag_facts *f, __u32 *mode, __u32 *hash)
{
	*mode = INIC_LAG_MODE_ACTIVE_BACKUP;
	*hash = INIC_LAG_HASH_L2;

	if (f->upper == INIC_LAG_UPPER_BOND) {
		/* Bonding reports these with tx types the device has. */
		switch (f->bond_mode) {
		case INIC_LAG_BOND_8023AD:
			return "802.3ad: LACPDUs must stay on their own port, the device would move them";
		case INIC_LAG_BOND_TLB:
		case INIC_LAG_BOND_ALB:
			return "balance-tlb/alb: the bond balances by its own load tables";
		default:
			break;
		}
	}
	switch (f->tx_type) {
	case INIC_LAG_TX_ACTIVEBACKUP:
		return nullptr;
	case INIC_LAG_TX_HASH:
		break;
	case INIC_LAG_TX_ROUNDROBIN:
		return "balance-rr: per-packet spraying is not a device mode";
	case INIC_LAG_TX_BROADCAST:
		return "broadcast: the device sends each frame on one port";
	case INIC_LAG_TX_RANDOM:
		return "random tx: not a device mode";
	default:
		return "unknown tx type (balance-tlb/alb?): not a device mode";
	}
	*mode = INIC_LAG_MODE_HASH;
	switch (f->hash_type) {
	case INIC_LAG_HP_L2:
		*hash = INIC_LAG_HASH_L2;
		return nullptr;
	case INIC_LAG_HP_L34:
		*hash = INIC_LAG_HASH_L34;
		return nullptr;
	case INIC_LAG_HP_L23:
		*hash = INIC_LAG_HASH_L23;
		return nullptr;
	case INIC_LAG_HP_E23:
	case INIC_LAG_HP_E34:
		return "encap hash policy: the device does not hash inner headers";
	case INIC_LAG_HP_VLAN_SRCMAC:
		return "vlan+srcmac hash policy: not a device hash";
	default:
		return "unknown hash policy: not a device hash";
	}
}

} /* namespace */

extern "C" {

void inic_lag_decide(const struct inic_lag_facts *f,
		     struct inic_lag_decision *d)
{
	__u32 all = f->num_ports >= 32 ? ~0u : (1u << f->num_ports) - 1;
	__u32 ports = f->ports & all;
	__u32 mode, hash, cur;
	const char *why;

	d->offload = 0;
	d->mode = INIC_LAG_MODE_ACTIVE_BACKUP;
	d->hash = INIC_LAG_HASH_L2;
	d->members = 0;
	d->primary = 0;
	d->ctrl = 0;
	d->active = INIC_CORE_NONE;
	d->why = nullptr;

	if (f->upper == INIC_LAG_UPPER_NONE) {
		d->why = "no bond or team above the ports";
		return;
	}
	if (!f->offload_enabled) {
		d->why = "offload disabled (module parameter lag_offload=0)";
		return;
	}
	why = lag_mode(f, &mode, &hash);
	if (why) {
		d->why = why;
		return;
	}
	if (f->num_lowers > count(ports)) {
		d->why = "a lower device is not a port of this NIC";
		return;
	}
	if (count(ports) < 2) {
		d->why = "fewer than 2 ports of this NIC";
		return;
	}

	d->offload = 1;
	d->mode = mode;
	d->hash = hash;
	d->members = ports;
	/* The bonding's active slave: the member it transmits on. */
	cur = lowest(f->tx_enabled & ports);
	if (f->primary != INIC_CORE_NONE && (ports & (1u << f->primary)))
		d->primary = f->primary;
	else if (cur != INIC_CORE_NONE)
		d->primary = cur;
	else
		d->primary = lowest(ports);
	d->ctrl = INIC_LAG_CTRL_ENABLE | INIC_LAG_CTRL_ANNOUNCE;
	if (f->primary != INIC_CORE_NONE && d->primary == f->primary &&
	    f->reselect_always)
		d->ctrl |= INIC_LAG_CTRL_FAILBACK;
	/* Active-backup: the device transmits where the bond does. */
	if (mode == INIC_LAG_MODE_ACTIVE_BACKUP)
		d->active = lowest(f->tx_enabled & ports & f->link);
}

const char *inic_lag_mode_name(const struct inic_lag_decision *d)
{
	if (d->mode == INIC_LAG_MODE_ACTIVE_BACKUP)
		return "active-backup";
	switch (d->hash) {
	case INIC_LAG_HASH_L34:
		return "balance-xor layer3+4";
	case INIC_LAG_HASH_L23:
		return "balance-xor layer2+3";
	default:
		return "balance-xor layer2";
	}
}

__u8 inic_lag_port_carrier(__u32 members, __u32 link, __u32 port)
{
	if (port >= 32)
		return 0;
	if (members & (1u << port))
		return (members & link) != 0;
	return (link >> port) & 1;
}

} /* extern "C" */
