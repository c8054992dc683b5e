// SPDX-License-Identifier: GPL-2.0
/*
 * GoogleTest for the SR-IOV logic of the inic C++ core (inic_mbox.h): the
 * PF's judgement of hostile VF mailbox messages, message encoding, VF
 * policy checks and the VF ring layout.
 */
#include <gtest/gtest.h>

#include <cerrno>
#include <cstring>
#include <random>

#include "inic_mbox.h"

namespace {

struct Mbox : ::testing::Test {
	inic_vf_policy pol{};
	inic_mbox_decision d{};
	__u32 msg[INIC_MBOX_MSG_REGS]{};

	void SetUp() override
	{
		const __u8 mac[6] = { 0x02, 0, 0, 0, 0, 0x11 };

		memcpy(pol.mac, mac, 6);
		pol.hello = true;
		pol.version = 1;
		pol.rings = 4;
		pol.vectors = 17;
		pol.link_up = true;
		pol.speed = 10000;
	}

	void req(__u32 op, const void *p, __u32 len, __u32 seq = 3)
	{
		inic_mbox_build(msg, op, seq, false, p, len);
		inic_mbox_decide(msg, &pol, &d);
	}

	__u32 reply_u32(__u32 i) const
	{
		return d.reply[1 + i];
	}
};

TEST_F(Mbox, HelloNegotiatesVersion)
{
	__u32 v = 7;

	pol.hello = false;
	req(INIC_MBOX_OP_HELLO, &v, 4, 5);
	EXPECT_EQ(d.err, 0);
	EXPECT_EQ(d.action, (__u32)INIC_MBOX_ACT_HELLO);
	EXPECT_EQ(d.version, 1u);
	EXPECT_EQ(reply_u32(0), 1u);
	EXPECT_TRUE(d.reply[0] & INIC_MBOX_HDR_REPLY);
	EXPECT_EQ(INIC_MBOX_HDR_SEQ(d.reply[0]), 5u);
	EXPECT_EQ(INIC_MBOX_HDR_OP(d.reply[0]), (__u32)INIC_MBOX_OP_HELLO);
	EXPECT_EQ(INIC_MBOX_HDR_LEN(d.reply[0]), 4u);
	__u32 len;

	EXPECT_EQ(inic_mbox_check_reply(d.reply, INIC_MBOX_OP_HELLO, 5, &len), 0);
	v = 0;
	req(INIC_MBOX_OP_HELLO, &v, 4);
	EXPECT_EQ(d.err, -EINVAL);
}

TEST_F(Mbox, RequestsBeforeHelloRefused)
{
	pol.hello = false;
	req(INIC_MBOX_OP_GET_MAC, nullptr, 0);
	EXPECT_EQ(d.err, -EPERM);
	EXPECT_TRUE(d.reply[0] & INIC_MBOX_HDR_NACK);
	EXPECT_EQ(reply_u32(0), (__u32)EPERM);
	__u32 len;

	EXPECT_EQ(inic_mbox_check_reply(d.reply, INIC_MBOX_OP_GET_MAC, 3, &len),
		  -EPERM);
	req(INIC_MBOX_OP_RESET, nullptr, 0);
	EXPECT_EQ(d.err, 0);
	EXPECT_EQ(d.action, (__u32)INIC_MBOX_ACT_RESET);
}

TEST_F(Mbox, GetMacRingsLink)
{
	req(INIC_MBOX_OP_GET_MAC, nullptr, 0);
	ASSERT_EQ(d.err, 0);
	for (int i = 0; i < 6; i++)
		EXPECT_EQ(inic_mbox_byte(d.reply, i), pol.mac[i]);
	req(INIC_MBOX_OP_GET_RINGS, nullptr, 0);
	EXPECT_EQ(reply_u32(0), 4u);
	EXPECT_EQ(reply_u32(1), 17u);
	req(INIC_MBOX_OP_GET_LINK, nullptr, 0);
	EXPECT_EQ(reply_u32(0), 1u);
	EXPECT_EQ(reply_u32(1), 10000u);
	__u32 x = 0;

	req(INIC_MBOX_OP_GET_LINK, &x, 4);
	EXPECT_EQ(d.err, -EINVAL);
}

TEST_F(Mbox, BadHeaders)
{
	req(INIC_MBOX_OP_GET_MAC, nullptr, 0);
	msg[0] |= INIC_MBOX_HDR_REPLY;
	inic_mbox_decide(msg, &pol, &d);
	EXPECT_EQ(d.err, -EINVAL);
	msg[0] = INIC_MBOX_HDR(INIC_MBOX_OP_GET_MAC, 0, 0) | (1u << 28);
	inic_mbox_decide(msg, &pol, &d);
	EXPECT_EQ(d.err, -EINVAL);
	msg[0] = (INIC_MBOX_HDR(INIC_MBOX_OP_GET_MAC, 0, 0) & ~0xff00u) |
		 (2u << 8);
	inic_mbox_decide(msg, &pol, &d);
	EXPECT_EQ(d.err, -EOPNOTSUPP);
	msg[0] = INIC_MBOX_HDR(INIC_MBOX_OP_GET_MAC, 200, 0);
	inic_mbox_decide(msg, &pol, &d);
	EXPECT_EQ(d.err, -EMSGSIZE);
	req(0x42, nullptr, 0);
	EXPECT_EQ(d.err, -EOPNOTSUPP);
	req(INIC_MBOX_OP_LINK_EVENT, nullptr, 0);
	EXPECT_EQ(d.err, -EOPNOTSUPP);
	/* Hidden bytes beyond LEN. */
	inic_mbox_build(msg, INIC_MBOX_OP_GET_MAC, 0, false, nullptr, 0);
	msg[9] = 1;
	inic_mbox_decide(msg, &pol, &d);
	EXPECT_EQ(d.err, -EINVAL);
}

TEST_F(Mbox, SetMtu)
{
	__u32 mtu = 9000;

	req(INIC_MBOX_OP_SET_MTU, &mtu, 4);
	EXPECT_EQ(d.err, 0);
	EXPECT_EQ(d.mtu, 9000u);
	mtu = 9001;
	req(INIC_MBOX_OP_SET_MTU, &mtu, 4);
	EXPECT_EQ(d.err, -EINVAL);
	mtu = 67;
	req(INIC_MBOX_OP_SET_MTU, &mtu, 4);
	EXPECT_EQ(d.err, -EINVAL);
	req(INIC_MBOX_OP_SET_MTU, &mtu, 2);
	EXPECT_EQ(d.err, -EINVAL);
}

TEST_F(Mbox, SetMc)
{
	__u8 p[4 + 6 * 10] = {};
	const __u8 mc[6] = { 0x01, 0x00, 0x5e, 0x00, 0x00, 0x01 };

	p[0] = 1;
	memcpy(p + 4, mc, 6);
	req(INIC_MBOX_OP_SET_MC, p, 10);
	ASSERT_EQ(d.err, 0);
	EXPECT_EQ(d.mc_hash, 1ull << inic_vf_mc_bit(mc));
	EXPECT_EQ(inic_vf_mc_bit(mc), 0xd9b4c5feu & 63);
	/* APPEND keeps the old bits. */
	pol.mc_hash = 1;
	p[1] = INIC_MBOX_MC_APPEND;
	req(INIC_MBOX_OP_SET_MC, p, 10);
	EXPECT_EQ(d.mc_hash, 1ull | (1ull << inic_vf_mc_bit(mc)));
	/* Length must match n. */
	req(INIC_MBOX_OP_SET_MC, p, 16);
	EXPECT_EQ(d.err, -EINVAL);
	/* Unicast refused. */
	p[1] = 0;
	p[4] = 0x02;
	req(INIC_MBOX_OP_SET_MC, p, 10);
	EXPECT_EQ(d.err, -EINVAL);
	/* ALLMULTI only when trusted. */
	p[0] = 0;
	p[1] = INIC_MBOX_MC_ALLMULTI;
	req(INIC_MBOX_OP_SET_MC, p, 4);
	EXPECT_EQ(d.err, -EPERM);
	pol.trusted = true;
	req(INIC_MBOX_OP_SET_MC, p, 4);
	EXPECT_EQ(d.err, 0);
	EXPECT_EQ(d.mc_hash, ~0ull);
	/* Too many, unknown flags, reserved bytes. */
	p[0] = 10;
	p[1] = 0;
	req(INIC_MBOX_OP_SET_MC, p, 60);
	EXPECT_EQ(d.err, -EINVAL);
	p[0] = 0;
	p[1] = 0x80;
	req(INIC_MBOX_OP_SET_MC, p, 4);
	EXPECT_EQ(d.err, -EINVAL);
	p[1] = 0;
	p[3] = 1;
	req(INIC_MBOX_OP_SET_MC, p, 4);
	EXPECT_EQ(d.err, -EINVAL);
}

/* Random garbage: never an ACK for something malformed, never a crash. */
TEST_F(Mbox, FuzzNeverCrashes)
{
	std::mt19937 rng(1);
	int acks = 0;

	for (int n = 0; n < 200000; n++) {
		for (auto &w : msg)
			w = rng();
		if (n & 1)	/* plausible header, random payload */
			msg[0] = INIC_MBOX_HDR(rng() % 9, rng() % 64, rng());
		inic_mbox_decide(msg, &pol, &d);
		ASSERT_GE(d.reply_regs, 2u);
		ASSERT_LE(d.reply_regs, (__u32)INIC_MBOX_MSG_REGS);
		__u32 len;

		ASSERT_EQ(inic_mbox_check_reply(d.reply, d.op, d.seq, &len),
			  d.err);
		if (!d.err)
			acks++;
		else
			ASSERT_NE(d.why, nullptr);
	}
	EXPECT_LT(acks, 1000);
}

TEST(MboxVf, ReplyChecks)
{
	__u32 r[INIC_MBOX_MSG_REGS], len;
	__u8 mac[6] = { 2, 0, 0, 0, 0, 1 };

	inic_mbox_build(r, INIC_MBOX_OP_GET_MAC, 4, true, mac, 6);
	EXPECT_EQ(inic_mbox_check_reply(r, INIC_MBOX_OP_GET_MAC, 4, &len), 0);
	EXPECT_EQ(len, 6u);
	EXPECT_EQ(inic_mbox_check_reply(r, INIC_MBOX_OP_GET_MAC, 5, &len),
		  -EPROTO);
	EXPECT_EQ(inic_mbox_check_reply(r, INIC_MBOX_OP_HELLO, 4, &len),
		  -EPROTO);
	inic_mbox_build(r, INIC_MBOX_OP_MAC_EVENT, 0, true, mac, 6);
	EXPECT_EQ(inic_mbox_check_event(r), 0);
	inic_mbox_build(r, INIC_MBOX_OP_MAC_EVENT, 0, true, mac, 4);
	EXPECT_EQ(inic_mbox_check_event(r), -EPROTO);
	__u32 link[2] = { 1, 10000 };

	inic_mbox_build(r, INIC_MBOX_OP_LINK_EVENT, 0, true, link, 8);
	EXPECT_EQ(inic_mbox_check_event(r), 0);
	inic_mbox_build(r, INIC_MBOX_OP_LINK_EVENT, 0, false, link, 8);
	EXPECT_EQ(inic_mbox_check_event(r), -EPROTO);
}

TEST(MboxPolicy, Checks)
{
	const char *m = nullptr;
	__u8 zero[6] = {}, uc[6] = { 2, 1, 2, 3, 4, 5 }, mc[6] = { 1 };
	__u32 link;

	EXPECT_EQ(inic_vf_index_check(3, 4, &m), 0);
	EXPECT_EQ(inic_vf_index_check(4, 4, &m), -EINVAL);
	EXPECT_EQ(inic_vf_index_check(-1, 4, &m), -EINVAL);
	EXPECT_EQ(inic_vf_mac_check(zero, &m), 0);
	EXPECT_EQ(inic_vf_mac_check(uc, &m), 0);
	EXPECT_EQ(inic_vf_mac_check(mc, &m), -EINVAL);
	EXPECT_EQ(inic_vf_vlan_check(100, 3, true, &m), 0);
	EXPECT_EQ(inic_vf_vlan_check(0, 0, true, &m), 0);
	EXPECT_EQ(inic_vf_vlan_check(4095, 0, true, &m), -EINVAL);
	EXPECT_EQ(inic_vf_vlan_check(10, 8, true, &m), -EINVAL);
	EXPECT_EQ(inic_vf_vlan_check(0, 3, true, &m), -EINVAL);
	m = nullptr;
	EXPECT_EQ(inic_vf_vlan_check(10, 0, false, &m), -EPROTONOSUPPORT);
	EXPECT_NE(m, nullptr);
	EXPECT_EQ(inic_vf_vlan_reg(100, 3), 100u | (3u << 12));
	EXPECT_EQ(inic_vf_vlan_reg(0, 3), 0u);
	EXPECT_EQ(inic_vf_rate_check(0, 100, &m), 0);
	EXPECT_EQ(inic_vf_rate_check(10, 100, &m), -EINVAL);
	EXPECT_EQ(inic_vf_rate_check(0, 1000001, &m), -EINVAL);
	EXPECT_EQ(inic_vf_link_check(2, &link, &m), 0);
	EXPECT_EQ(link, (__u32)INIC_VF_LINK_DISABLE);
	EXPECT_EQ(inic_vf_link_check(3, &link, &m), -EINVAL);
	EXPECT_EQ(inic_vf_ctrl_reg(true, true, 2), 0xbu);
	EXPECT_EQ(inic_sriov_count_check(0, 4, 8, &m), 0);
	EXPECT_EQ(inic_sriov_count_check(4, 0, 8, &m), 0);
	EXPECT_EQ(inic_sriov_count_check(4, 4, 8, &m), 0);
	EXPECT_EQ(inic_sriov_count_check(4, 2, 8, &m), -EBUSY);
	EXPECT_EQ(inic_sriov_count_check(0, 9, 8, &m), -ERANGE);
}

TEST(MboxPolicy, RingLayout)
{
	__u32 base, prev_end = 0;

	for (__u32 v = 0; v < 8; v++) {
		__u32 n = inic_vf_rings(v, 8, 128, 4, &base);

		EXPECT_EQ(n, 4u);
		EXPECT_EQ(base, prev_end);
		prev_end = base + n;
	}
	EXPECT_LE(prev_end, 128u);
	EXPECT_EQ(inic_vf_rings(0, 32, 16, 4, &base), 0u);
	EXPECT_EQ(inic_vf_rings(1, 2, 256, 0, &base), 16u);
	EXPECT_EQ(base, 16u);
	EXPECT_EQ(inic_vf_rings(2, 2, 256, 0, &base), 0u);
}

} /* namespace */

/* Defect 6: a VF's request rate is bounded (token bucket per VF). */
TEST(MboxRate, BurstThenRate)
{
	inic_mbox_rate r;
	__u32 ok = 0;

	inic_mbox_rate_init(&r, 200, 32, 1000);
	for (int i = 0; i < 100; i++)
		ok += inic_mbox_rate_take(&r, 1000);
	EXPECT_EQ(ok, 32u);	/* the burst, then nothing at the same time */
	/* 200/s: one request every 5 ms; 4 ms gives none yet. */
	EXPECT_FALSE(inic_mbox_rate_take(&r, 1004));
	EXPECT_TRUE(inic_mbox_rate_take(&r, 1005));
	EXPECT_FALSE(inic_mbox_rate_take(&r, 1005));
	/* A flood over one second is held to the rate (+ the burst). */
	inic_mbox_rate_init(&r, 200, 32, 0);
	ok = 0;
	for (__u64 t = 0; t < 1000; t++)
		for (int i = 0; i < 50; i++)
			ok += inic_mbox_rate_take(&r, t);
	EXPECT_GE(ok, 32u + 199u);
	EXPECT_LE(ok, 32u + 200u);
}

TEST(MboxRate, RefillCapsAtBurst)
{
	inic_mbox_rate r;
	__u32 ok = 0;

	inic_mbox_rate_init(&r, 200, 32, 0);
	while (inic_mbox_rate_take(&r, 0))
		;
	/* A long quiet period refills the burst, never more, no overflow. */
	for (int i = 0; i < 100; i++)
		ok += inic_mbox_rate_take(&r, ~0ull - 1);
	EXPECT_EQ(ok, 32u);
}

TEST(MboxRate, ClockBackwardsRefillsNothing)
{
	inic_mbox_rate r;

	inic_mbox_rate_init(&r, 1000, 1, 5000);
	EXPECT_TRUE(inic_mbox_rate_take(&r, 5000));
	EXPECT_FALSE(inic_mbox_rate_take(&r, 10));	/* back in time */
	EXPECT_FALSE(inic_mbox_rate_take(&r, 5000));
	EXPECT_TRUE(inic_mbox_rate_take(&r, 5001));
}

TEST(MboxRate, ZeroRefusesAll)
{
	inic_mbox_rate r;

	inic_mbox_rate_init(&r, 0, 0, 0);
	EXPECT_FALSE(inic_mbox_rate_take(&r, 0));
	EXPECT_FALSE(inic_mbox_rate_take(&r, 1000000));
	inic_mbox_rate_init(&r, 0, 2, 0);
	EXPECT_TRUE(inic_mbox_rate_take(&r, 0));
	EXPECT_TRUE(inic_mbox_rate_take(&r, 0));
	EXPECT_FALSE(inic_mbox_rate_take(&r, 1000000));	/* never refilled */
}

TEST_F(Mbox, ThrottledRequestRefusedBusyUnjudged)
{
	__u32 mtu = 1400;

	pol.throttled = true;
	req(INIC_MBOX_OP_SET_MTU, &mtu, 4, 9);
	EXPECT_EQ(d.err, -EBUSY);
	EXPECT_EQ(d.action, (__u32)INIC_MBOX_ACT_NONE);
	EXPECT_NE(d.why, nullptr);
	EXPECT_TRUE(d.reply[0] & INIC_MBOX_HDR_NACK);
	EXPECT_EQ(INIC_MBOX_HDR_SEQ(d.reply[0]), 9u);
	EXPECT_EQ(INIC_MBOX_HDR_OP(d.reply[0]), (__u32)INIC_MBOX_OP_SET_MTU);
	__u32 len;
	EXPECT_EQ(inic_mbox_check_reply(d.reply, INIC_MBOX_OP_SET_MTU, 9, &len),
		  -EBUSY);
	/* Even a RESET is not acted on while over the rate. */
	req(INIC_MBOX_OP_RESET, nullptr, 0);
	EXPECT_EQ(d.err, -EBUSY);
	EXPECT_EQ(d.action, (__u32)INIC_MBOX_ACT_NONE);
}
