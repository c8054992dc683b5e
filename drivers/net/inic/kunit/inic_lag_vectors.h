/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Test vectors of the bonding offload policy (policy/lag.h), shared by the
 * GoogleTest unit tests (tests/inic_lag_test.cpp) and the KUnit suite
 * inic_core_lag (inic_kunit_lag_test.c): valid in C and in C++.
 *
 * inic_lag_vector(i, ...) fills vector i into zeroed structs and returns
 * 1, or returns 0 past the last one. A vector is a tracker (struct
 * inic_lag_facts); the expectation is the whole decision, and for groups
 * left in software a word of the `why`.
 */
#ifndef INIC_LAG_VECTORS_H
#define INIC_LAG_VECTORS_H

#include "policy/lag.h"

struct inic_lag_expect {
	const char *name;
	__u8 offload;
	const char *why_word;	/* !offload: a word of the why */
	__u32 mode;		/* offload: the registers */
	__u32 hash;
	__u32 members;
	__u32 primary;
	__u32 ctrl;
	__u32 active;		/* INIC_CORE_NONE: none requested */
};

#define INIC_LAG_VEC_ON	(INIC_LAG_CTRL_ENABLE | INIC_LAG_CTRL_ANNOUNCE)

/* Two ports, both ours, both with link; bonding active-backup on port 0. */
static inline void inic_lag_vec_ab(struct inic_lag_facts *f)
{
	f->offload_enabled = 1;
	f->upper = INIC_LAG_UPPER_BOND;
	f->bond_mode = INIC_LAG_BOND_AB;
	f->tx_type = INIC_LAG_TX_ACTIVEBACKUP;
	f->hash_type = INIC_LAG_HP_NONE;
	f->num_lowers = 2;
	f->ports = 0x3;
	f->tx_enabled = 0x1;
	f->link = 0x3;
	f->primary = INIC_CORE_NONE;
	f->num_ports = 2;
}

/* The same ports under balance-xor with hash policy hp. */
static inline void inic_lag_vec_xor(struct inic_lag_facts *f, __u32 hp)
{
	inic_lag_vec_ab(f);
	f->bond_mode = INIC_LAG_BOND_XOR;
	f->tx_type = INIC_LAG_TX_HASH;
	f->hash_type = hp;
	f->tx_enabled = 0x3;
}

static inline void inic_lag_vec_soft(struct inic_lag_expect *e,
				     const char *name, const char *word)
{
	e->name = name;
	e->offload = 0;
	e->why_word = word;
}

static inline void inic_lag_vec_on(struct inic_lag_expect *e,
				   const char *name, __u32 mode, __u32 hash,
				   __u32 members, __u32 primary, __u32 ctrl,
				   __u32 active)
{
	e->name = name;
	e->offload = 1;
	e->mode = mode;
	e->hash = hash;
	e->members = members;
	e->primary = primary;
	e->ctrl = ctrl;
	e->active = active;
}

static inline int inic_lag_vector(unsigned int i, struct inic_lag_facts *f,
				  struct inic_lag_expect *e)
{
	switch (i) {
	case 0:	/* the plain active-backup bond: port 0 active */
		inic_lag_vec_ab(f);
		inic_lag_vec_on(e, "ab", INIC_LAG_MODE_ACTIVE_BACKUP,
				INIC_LAG_HASH_L2, 0x3, 0, INIC_LAG_VEC_ON, 0);
		return 1;
	case 1:	/* bonding made port 1 active: PRIMARY and ACTIVE follow */
		inic_lag_vec_ab(f);
		f->tx_enabled = 0x2;
		inic_lag_vec_on(e, "ab_active_1", INIC_LAG_MODE_ACTIVE_BACKUP,
				INIC_LAG_HASH_L2, 0x3, 1, INIC_LAG_VEC_ON, 1);
		return 1;
	case 2:	/* bond primary port 1, reselect always: FAILBACK */
		inic_lag_vec_ab(f);
		f->primary = 1;
		f->reselect_always = 1;
		f->tx_enabled = 0x2;
		inic_lag_vec_on(e, "ab_primary_always",
				INIC_LAG_MODE_ACTIVE_BACKUP, INIC_LAG_HASH_L2,
				0x3, 1,
				INIC_LAG_VEC_ON | INIC_LAG_CTRL_FAILBACK, 1);
		return 1;
	case 3:	/* primary, reselect better: no FAILBACK; active is 0 */
		inic_lag_vec_ab(f);
		f->primary = 1;
		f->reselect_always = 0;
		inic_lag_vec_on(e, "ab_primary_better",
				INIC_LAG_MODE_ACTIVE_BACKUP, INIC_LAG_HASH_L2,
				0x3, 1, INIC_LAG_VEC_ON, 0);
		return 1;
	case 4:	/* the active port has no link: no ACTIVE requested */
		inic_lag_vec_ab(f);
		f->link = 0x2;
		inic_lag_vec_on(e, "ab_active_no_link",
				INIC_LAG_MODE_ACTIVE_BACKUP, INIC_LAG_HASH_L2,
				0x3, 0, INIC_LAG_VEC_ON, INIC_CORE_NONE);
		return 1;
	case 5:	/* no slave active yet: PRIMARY the lowest member */
		inic_lag_vec_ab(f);
		f->tx_enabled = 0;
		inic_lag_vec_on(e, "ab_none_active",
				INIC_LAG_MODE_ACTIVE_BACKUP, INIC_LAG_HASH_L2,
				0x3, 0, INIC_LAG_VEC_ON, INIC_CORE_NONE);
		return 1;
	case 6:	/* a team in active-backup (no bond mode, no primary) */
		inic_lag_vec_ab(f);
		f->upper = INIC_LAG_UPPER_OTHER;
		f->bond_mode = 0;
		f->tx_enabled = 0x2;
		inic_lag_vec_on(e, "team_ab", INIC_LAG_MODE_ACTIVE_BACKUP,
				INIC_LAG_HASH_L2, 0x3, 1, INIC_LAG_VEC_ON, 1);
		return 1;
	case 7:	/* balance-xor layer2 */
		inic_lag_vec_xor(f, INIC_LAG_HP_L2);
		inic_lag_vec_on(e, "xor_l2", INIC_LAG_MODE_HASH,
				INIC_LAG_HASH_L2, 0x3, 0, INIC_LAG_VEC_ON,
				INIC_CORE_NONE);
		return 1;
	case 8:	/* balance-xor layer3+4 */
		inic_lag_vec_xor(f, INIC_LAG_HP_L34);
		inic_lag_vec_on(e, "xor_l34", INIC_LAG_MODE_HASH,
				INIC_LAG_HASH_L34, 0x3, 0, INIC_LAG_VEC_ON,
				INIC_CORE_NONE);
		return 1;
	case 9:	/* balance-xor layer2+3 */
		inic_lag_vec_xor(f, INIC_LAG_HP_L23);
		inic_lag_vec_on(e, "xor_l23", INIC_LAG_MODE_HASH,
				INIC_LAG_HASH_L23, 0x3, 0, INIC_LAG_VEC_ON,
				INIC_CORE_NONE);
		return 1;
	case 10: /* a team hashing layer3+4 */
		inic_lag_vec_xor(f, INIC_LAG_HP_L34);
		f->upper = INIC_LAG_UPPER_OTHER;
		f->bond_mode = 0;
		inic_lag_vec_on(e, "team_l34", INIC_LAG_MODE_HASH,
				INIC_LAG_HASH_L34, 0x3, 0, INIC_LAG_VEC_ON,
				INIC_CORE_NONE);
		return 1;
	case 11: /* 802.3ad: reported as HASH, stays in software */
		inic_lag_vec_xor(f, INIC_LAG_HP_L34);
		f->bond_mode = INIC_LAG_BOND_8023AD;
		inic_lag_vec_soft(e, "8023ad", "802.3ad");
		return 1;
	case 12: /* balance-rr */
		inic_lag_vec_ab(f);
		f->bond_mode = INIC_LAG_BOND_RR;
		f->tx_type = INIC_LAG_TX_ROUNDROBIN;
		inic_lag_vec_soft(e, "rr", "balance-rr");
		return 1;
	case 13: /* broadcast */
		inic_lag_vec_ab(f);
		f->bond_mode = INIC_LAG_BOND_BROADCAST;
		f->tx_type = INIC_LAG_TX_BROADCAST;
		inic_lag_vec_soft(e, "broadcast", "broadcast");
		return 1;
	case 14: /* balance-tlb: bonding reports tx type UNKNOWN */
		inic_lag_vec_ab(f);
		f->bond_mode = INIC_LAG_BOND_TLB;
		f->tx_type = INIC_LAG_TX_UNKNOWN;
		inic_lag_vec_soft(e, "tlb", "tlb");
		return 1;
	case 15: /* balance-alb */
		inic_lag_vec_ab(f);
		f->bond_mode = INIC_LAG_BOND_ALB;
		f->tx_type = INIC_LAG_TX_UNKNOWN;
		inic_lag_vec_soft(e, "alb", "alb");
		return 1;
	case 16: /* encap2+3 */
		inic_lag_vec_xor(f, INIC_LAG_HP_E23);
		inic_lag_vec_soft(e, "xor_e23", "encap");
		return 1;
	case 17: /* encap3+4 */
		inic_lag_vec_xor(f, INIC_LAG_HP_E34);
		inic_lag_vec_soft(e, "xor_e34", "encap");
		return 1;
	case 18: /* vlan+srcmac */
		inic_lag_vec_xor(f, INIC_LAG_HP_VLAN_SRCMAC);
		inic_lag_vec_soft(e, "xor_vlan_srcmac", "vlan+srcmac");
		return 1;
	case 19: /* a team with a hash the kernel does not name */
		inic_lag_vec_xor(f, INIC_LAG_HP_UNKNOWN);
		f->upper = INIC_LAG_UPPER_OTHER;
		f->bond_mode = 0;
		inic_lag_vec_soft(e, "team_unknown_hash", "unknown hash");
		return 1;
	case 20: /* a team in random mode */
		inic_lag_vec_ab(f);
		f->upper = INIC_LAG_UPPER_OTHER;
		f->bond_mode = 0;
		f->tx_type = INIC_LAG_TX_RANDOM;
		inic_lag_vec_soft(e, "team_random", "random");
		return 1;
	case 21: /* a veth next to our two ports */
		inic_lag_vec_ab(f);
		f->num_lowers = 3;
		inic_lag_vec_soft(e, "foreign_lower", "not a port");
		return 1;
	case 22: /* one of our ports and a foreign lower */
		inic_lag_vec_ab(f);
		f->ports = 0x1;
		f->tx_enabled = 0x1;
		inic_lag_vec_soft(e, "one_port_foreign", "not a port");
		return 1;
	case 23: /* a bond of one port so far */
		inic_lag_vec_ab(f);
		f->num_lowers = 1;
		f->ports = 0x2;
		inic_lag_vec_soft(e, "one_port", "fewer than 2");
		return 1;
	case 24: /* the module parameter */
		inic_lag_vec_ab(f);
		f->offload_enabled = 0;
		inic_lag_vec_soft(e, "param_off", "lag_offload");
		return 1;
	case 25: /* no upper at all */
		inic_lag_vec_ab(f);
		f->upper = INIC_LAG_UPPER_NONE;
		f->num_lowers = 0;
		f->ports = 0;
		inic_lag_vec_soft(e, "no_upper", "no bond");
		return 1;
	case 26: /* four ports, a bond of ports 1 and 3, primary 3 */
		inic_lag_vec_ab(f);
		f->num_ports = 4;
		f->ports = 0xa;
		f->tx_enabled = 0x8;
		f->link = 0xf;
		f->primary = 3;
		f->reselect_always = 1;
		inic_lag_vec_on(e, "four_ports", INIC_LAG_MODE_ACTIVE_BACKUP,
				INIC_LAG_HASH_L2, 0xa, 3,
				INIC_LAG_VEC_ON | INIC_LAG_CTRL_FAILBACK, 3);
		return 1;
	case 27: /* a primary that is not ours is ignored (no FAILBACK) */
		inic_lag_vec_ab(f);
		f->primary = INIC_CORE_NONE;
		f->reselect_always = 1;
		f->tx_enabled = 0x2;
		inic_lag_vec_on(e, "no_primary_always",
				INIC_LAG_MODE_ACTIVE_BACKUP, INIC_LAG_HASH_L2,
				0x3, 1, INIC_LAG_VEC_ON, 1);
		return 1;
	case 28: /* port bits beyond NUM_PORTS never become members */
		inic_lag_vec_ab(f);
		f->ports = 0x7;
		f->num_lowers = 3;
		inic_lag_vec_soft(e, "ports_beyond", "not a port");
		return 1;
	case 29: /* balance-xor, one member without link: still offloaded */
		inic_lag_vec_xor(f, INIC_LAG_HP_L34);
		f->link = 0x2;
		inic_lag_vec_on(e, "xor_one_link", INIC_LAG_MODE_HASH,
				INIC_LAG_HASH_L34, 0x3, 0, INIC_LAG_VEC_ON,
				INIC_CORE_NONE);
		return 1;
	default:
		return 0;
	}
}

/* The carrier rule: members, link, port -> carrier. */
struct inic_lag_carrier_vec {
	__u32 members, link, port;
	__u8 carrier;
};

static const struct inic_lag_carrier_vec inic_lag_carrier_vecs[] = {
	{ 0x0, 0x1, 0, 1 },	/* no group: own link */
	{ 0x0, 0x1, 1, 0 },
	{ 0x3, 0x2, 0, 1 },	/* member without link, the other has */
	{ 0x3, 0x2, 1, 1 },
	{ 0x3, 0x0, 0, 0 },	/* the whole group down */
	{ 0x3, 0x0, 1, 0 },
	{ 0x3, 0x4, 0, 0 },	/* only a non-member has link */
	{ 0x3, 0x4, 2, 1 },	/* the non-member: its own link */
	{ 0x6, 0x1, 2, 0 },
	{ 0x6, 0x1, 0, 1 },
};

#endif /* INIC_LAG_VECTORS_H */
