// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the tables generated from the spec (nl_gen.[ch], by
 * scripts/gen-netlink.sh): they agree with the spec as
 * Documentation/netlink/specs/inic.yaml states it and as the uapi header
 * (the kernel's ynl-gen-c.py, from the same spec) numbers it, and the
 * overrides of scripts/gen-inictl.py are the only departures.
 */
#include <gtest/gtest.h>

#include <cstring>
#include <set>

#include <linux/inic.h>

#include "nl_gen.h"

using namespace inictl;

namespace {

/* Every attribute 1..max of a set has exactly one field. */
void covers(const std::vector<field> &fields, int max, const char *set)
{
	std::set<int> seen;

	for (const auto &f : fields) {
		EXPECT_GE(f.type, 1) << set << " " << f.name;
		EXPECT_LE(f.type, max) << set << " " << f.name;
		EXPECT_TRUE(seen.insert(f.type).second) << set << " " << f.name;
	}
	EXPECT_EQ((int)seen.size(), max) << set;
	EXPECT_EQ(max_type(fields), max) << set;
}

const field *find(const std::vector<field> &fields, int type)
{
	for (const auto &f : fields)
		if (f.type == type)
			return &f;
	return nullptr;
}

} // namespace

TEST(NlGen, EverySetCoversItsAttributes)
{
	covers(dev_fields, INIC_A_DEV_MAX, "dev");
	covers(port_fields, INIC_A_PORT_MAX, "port");
	covers(stats_fields, INIC_A_STATS_MAX, "stats");
	covers(vf_fields, INIC_A_VF_MAX, "vf");
	covers(rule_fields, INIC_A_RULE_MAX, "rule");
	covers(lag_fields, INIC_A_LAG_MAX, "lag");
	covers(lag_member_fields, INIC_A_LAG_MEMBER_MAX, "lag-member");
	covers(lag_move_fields, INIC_A_LAG_MOVE_MAX, "lag-move");
	covers(toe_fields, INIC_A_TOE_MAX, "toe");
	covers(toe_listener_fields, INIC_A_TOE_LISTENER_MAX, "toe-listener");
	covers(toe_port_fields, INIC_A_TOE_PORT_MAX, "toe-port");
	covers(event_fields, INIC_A_EVENT_MAX, "event");
}

/* The nested set lag-member, and how lag nests it and lag-move. */
TEST(NlGen, NestedSetsAsTheSpecHasThem)
{
	struct want {
		int type;
		const char *name;
		field_kind kind;
		const nl_enum *en;
	};
	/* port-index u32, link u32 enum link-state, rx/tx-frames uint. */
	const want member[] = {
		{INIC_A_LAG_MEMBER_PORT_INDEX, "port-index", F_U32, nullptr},
		{INIC_A_LAG_MEMBER_LINK, "link", F_ENUM, &link_state_enum},
		{INIC_A_LAG_MEMBER_RX_FRAMES, "rx-frames", F_UINT, nullptr},
		{INIC_A_LAG_MEMBER_TX_FRAMES, "tx-frames", F_UINT, nullptr},
	};

	ASSERT_EQ(lag_member_fields.size(), sizeof(member) / sizeof(member[0]));
	for (size_t i = 0; i < lag_member_fields.size(); i++) {
		const field &f = lag_member_fields[i];

		EXPECT_EQ(f.type, member[i].type);
		EXPECT_STREQ(f.name, member[i].name);
		EXPECT_EQ(f.kind, member[i].kind) << f.name;
		EXPECT_EQ(f.en, member[i].en) << f.name;
		EXPECT_EQ(f.nested, nullptr) << f.name;
	}

	/* member: nest, multi-attr; last-failover: nest; vf-pinned: u32,
	 * multi-attr; reason: enum failover-reason. */
	const field *m = find(lag_fields, INIC_A_LAG_MEMBER);
	const field *last = find(lag_fields, INIC_A_LAG_LAST_FAILOVER);
	const field *vfs = find(lag_fields, INIC_A_LAG_VF_PINNED);
	const field *reason = find(lag_move_fields, INIC_A_LAG_MOVE_REASON);

	ASSERT_TRUE(m && last && vfs && reason);
	EXPECT_STREQ(m->name, "member");
	EXPECT_EQ(m->kind, F_NEST_LIST);
	EXPECT_EQ(m->nested, &lag_member_fields);
	EXPECT_STREQ(last->name, "last-failover");
	EXPECT_EQ(last->kind, F_NEST);
	EXPECT_EQ(last->nested, &lag_move_fields);
	EXPECT_EQ(vfs->kind, F_U32_LIST);
	EXPECT_EQ(reason->kind, F_ENUM);
	EXPECT_EQ(reason->en, &failover_reason_enum);
}

/* The kinds each type of the spec gets, one of each. */
TEST(NlGen, KindsFollowTheTypes)
{
	EXPECT_EQ(find(dev_fields, INIC_A_DEV_BUS_NAME)->kind, F_STR);
	EXPECT_EQ(find(dev_fields, INIC_A_DEV_PORT_COUNT)->kind, F_U32);
	EXPECT_EQ(find(dev_fields, INIC_A_DEV_SW_DROPS)->kind, F_UINT);
	EXPECT_EQ(find(dev_fields, INIC_A_DEV_CAPS)->kind, F_FLAGS);
	EXPECT_EQ(find(dev_fields, INIC_A_DEV_CAPS)->en, &caps_enum);
	EXPECT_EQ(find(port_fields, INIC_A_PORT_MAC)->kind, F_MAC);
	EXPECT_EQ(find(rule_fields, INIC_A_RULE_KEY)->kind, F_HEX);
	EXPECT_EQ(find(rule_fields, INIC_A_RULE_MIRROR)->en, &rule_mirror_enum);
	EXPECT_EQ(find(vf_fields, INIC_A_VF_LAG)->en, &vf_lag_enum);
}

/* The enum failover-reason: value-start 1, entries in the spec's order. */
TEST(NlGen, EnumAsTheSpecHasIt)
{
	const char *const names[] = {"link-down", "link-up", "failback",
				     "driver"};

	EXPECT_EQ(INIC_FAILOVER_REASON_LINK_DOWN, 1);
	for (uint32_t v = INIC_FAILOVER_REASON_LINK_DOWN;
	     v <= INIC_FAILOVER_REASON_DRIVER; v++) {
		ASSERT_NE(inic_failover_reason_str(v), nullptr) << v;
		EXPECT_STREQ(inic_failover_reason_str(v), names[v - 1]);
		EXPECT_EQ(enum_text(failover_reason_enum, v), names[v - 1]);
	}
	EXPECT_EQ(inic_failover_reason_str(0), nullptr);
	EXPECT_EQ(inic_failover_reason_str(INIC_FAILOVER_REASON_DRIVER + 1),
		  nullptr);
	EXPECT_STREQ(inic_vf_event_str(INIC_VF_EVENT_ENABLE), "enable");
	EXPECT_STREQ(inic_vf_event_str(INIC_VF_EVENT_PROMISC_REFUSED),
		     "promisc-refused");
	EXPECT_STREQ(inic_vf_event_str(INIC_VF_EVENT_LAG), "lag");
	EXPECT_STREQ(inic_bond_hash_str(INIC_BOND_HASH_L23), "l23");
	/* Flags: one bit, as a mask. */
	EXPECT_STREQ(inic_caps_str(INIC_CAPS_RING_STATS), "ring-stats");
	EXPECT_EQ(inic_caps_str(1u << 20), nullptr);
}

/* The overrides (scripts/gen-inictl.py), and only these. */
TEST(NlGen, Overrides)
{
	/* JSON name: the event set's vf-index is "vf". */
	int renamed = 0;

	EXPECT_STREQ(find(event_fields, INIC_A_EVENT_VF_INDEX)->name, "vf");
	for (const auto *t : {&dev_fields, &port_fields, &stats_fields,
			      &vf_fields, &rule_fields, &lag_fields,
			      &lag_member_fields, &lag_move_fields,
			      &event_fields})
		for (const auto &f : *t)
			renamed += !strcmp(f.name, "vf");
	EXPECT_EQ(renamed, 1);

	/* 0 of an enum that starts at 1: "none"; beyond: the number. */
	EXPECT_EQ(enum_text(failover_reason_enum, 0), "none");
	EXPECT_EQ(enum_text(failover_reason_enum, 12), "12");
	EXPECT_EQ(enum_text(rule_mirror_enum, 0), "none");
	EXPECT_EQ(enum_text(rule_mirror_enum, INIC_RULE_MIRROR_PORT), "port");
	/* A link is up or down. */
	EXPECT_EQ(enum_text(link_state_enum, INIC_LINK_STATE_UP), "up");
	EXPECT_EQ(enum_text(link_state_enum, INIC_LINK_STATE_DOWN), "down");
	EXPECT_EQ(enum_text(link_state_enum, 7), "down");
	/* No override: the number. */
	EXPECT_EQ(enum_text(bond_mode_enum, 7), "7");
	EXPECT_EQ(enum_text(vf_event_enum, 99), "99");
	EXPECT_EQ(bond_mode_enum.zero, nullptr);
	EXPECT_EQ(bond_mode_enum.other, nullptr);
	EXPECT_STREQ(vf_lag_enum.spec, "vf-lag");
}
