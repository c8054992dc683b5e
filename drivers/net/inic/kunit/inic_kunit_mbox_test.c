// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite for the SR-IOV logic of the inic C++ core (inic_mbox.h):
 * the PF's judgement of hostile VF mailbox messages, reply encoding, VF
 * policy validation and the VF ring layout.
 */
#include <kunit/test.h>
#include <linux/crc32.h>
#include <linux/errno.h>
#include <linux/random.h>
#include <linux/string.h>

#include "inic_mbox.h"

static void inic_mbox_policy(struct inic_vf_policy *pol)
{
	static const u8 mac[6] = { 0x02, 0, 0, 0, 0, 0x11 };

	memset(pol, 0, sizeof(*pol));
	memcpy(pol->mac, mac, 6);
	pol->hello = true;
	pol->version = 1;
	pol->rings = 4;
	pol->vectors = 17;
	pol->link_up = true;
	pol->speed = 10000;
}

static void inic_mbox_test_hello(struct kunit *test)
{
	struct inic_mbox_decision d;
	struct inic_vf_policy pol;
	u32 msg[INIC_MBOX_MSG_REGS], v = 5, len;

	inic_mbox_policy(&pol);
	pol.hello = false;
	inic_mbox_build(msg, INIC_MBOX_OP_GET_MAC, 1, false, NULL, 0);
	inic_mbox_decide(msg, &pol, &d);
	KUNIT_EXPECT_EQ(test, d.err, -EPERM);
	KUNIT_EXPECT_TRUE(test, d.reply[0] & INIC_MBOX_HDR_NACK);
	KUNIT_EXPECT_EQ(test, inic_mbox_check_reply(d.reply,
						    INIC_MBOX_OP_GET_MAC, 1,
						    &len), -EPERM);
	inic_mbox_build(msg, INIC_MBOX_OP_HELLO, 2, false, &v, 4);
	inic_mbox_decide(msg, &pol, &d);
	KUNIT_EXPECT_EQ(test, d.err, 0);
	KUNIT_EXPECT_EQ(test, d.action, (u32)INIC_MBOX_ACT_HELLO);
	KUNIT_EXPECT_EQ(test, d.version, 1u);
	KUNIT_EXPECT_EQ(test, d.reply[1], 1u);
	KUNIT_EXPECT_EQ(test, inic_mbox_check_reply(d.reply, INIC_MBOX_OP_HELLO,
						    2, &len), 0);
}

static void inic_mbox_test_garbage(struct kunit *test)
{
	struct inic_mbox_decision d;
	struct inic_vf_policy pol;
	u32 msg[INIC_MBOX_MSG_REGS], mtu = 100000;

	inic_mbox_policy(&pol);
	inic_mbox_build(msg, 0x42, 0, false, NULL, 0);
	inic_mbox_decide(msg, &pol, &d);
	KUNIT_EXPECT_EQ(test, d.err, -EOPNOTSUPP);
	inic_mbox_build(msg, INIC_MBOX_OP_LINK_EVENT, 0, false, NULL, 0);
	inic_mbox_decide(msg, &pol, &d);
	KUNIT_EXPECT_EQ(test, d.err, -EOPNOTSUPP);
	inic_mbox_build(msg, INIC_MBOX_OP_GET_MAC, 0, true, NULL, 0);
	inic_mbox_decide(msg, &pol, &d);
	KUNIT_EXPECT_EQ(test, d.err, -EINVAL);
	inic_mbox_build(msg, INIC_MBOX_OP_SET_MTU, 0, false, &mtu, 4);
	inic_mbox_decide(msg, &pol, &d);
	KUNIT_EXPECT_EQ(test, d.err, -EINVAL);
	KUNIT_EXPECT_EQ(test, d.action, (u32)INIC_MBOX_ACT_NONE);
	msg[0] = INIC_MBOX_HDR(INIC_MBOX_OP_GET_MAC, 61, 0);
	inic_mbox_decide(msg, &pol, &d);
	KUNIT_EXPECT_EQ(test, d.err, -EMSGSIZE);
	msg[0] = (INIC_MBOX_HDR(INIC_MBOX_OP_GET_MAC, 0, 0) & ~0xff00u) |
		 (7u << 8);
	inic_mbox_decide(msg, &pol, &d);
	KUNIT_EXPECT_EQ(test, d.err, -EOPNOTSUPP);
}

static void inic_mbox_test_random(struct kunit *test)
{
	struct inic_mbox_decision d;
	struct inic_vf_policy pol;
	u32 msg[INIC_MBOX_MSG_REGS], i, n, len;

	inic_mbox_policy(&pol);
	for (n = 0; n < 20000; n++) {
		for (i = 0; i < INIC_MBOX_MSG_REGS; i++)
			msg[i] = get_random_u32();
		if (n & 1)
			msg[0] = INIC_MBOX_HDR(get_random_u32() % 9,
					       get_random_u32() % 64,
					       get_random_u32());
		inic_mbox_decide(msg, &pol, &d);
		KUNIT_ASSERT_GE(test, d.reply_regs, 2u);
		KUNIT_ASSERT_LE(test, d.reply_regs, (u32)INIC_MBOX_MSG_REGS);
		KUNIT_ASSERT_EQ(test, inic_mbox_check_reply(d.reply, d.op, d.seq,
							    &len), d.err);
		if (d.err)
			KUNIT_ASSERT_NOT_NULL(test, d.why);
	}
}

static void inic_mbox_test_set_mc(struct kunit *test)
{
	static const u8 mc[6] = { 0x01, 0x00, 0x5e, 0x00, 0x00, 0x01 };
	struct inic_mbox_decision d;
	struct inic_vf_policy pol;
	u32 msg[INIC_MBOX_MSG_REGS];
	u8 p[10] = { 1, 0, 0, 0 };

	inic_mbox_policy(&pol);
	memcpy(p + 4, mc, 6);
	inic_mbox_build(msg, INIC_MBOX_OP_SET_MC, 0, false, p, 10);
	inic_mbox_decide(msg, &pol, &d);
	KUNIT_EXPECT_EQ(test, d.err, 0);
	KUNIT_EXPECT_EQ(test, inic_vf_mc_bit(mc), ether_crc_le(6, mc) & 63);
	KUNIT_EXPECT_EQ(test, d.mc_hash, 1ull << (ether_crc_le(6, mc) & 63));
	p[1] = INIC_MBOX_MC_ALLMULTI;
	inic_mbox_build(msg, INIC_MBOX_OP_SET_MC, 0, false, p, 10);
	inic_mbox_decide(msg, &pol, &d);
	KUNIT_EXPECT_EQ(test, d.err, -EPERM);
}

static void inic_mbox_test_policy(struct kunit *test)
{
	static const u8 mc[6] = { 1 }, zero[6] = { 0 };
	const char *msg = NULL;
	u32 base, link;

	KUNIT_EXPECT_EQ(test, inic_vf_mac_check(mc, &msg), -EINVAL);
	KUNIT_EXPECT_EQ(test, inic_vf_mac_check(zero, &msg), 0);
	KUNIT_EXPECT_EQ(test, inic_vf_vlan_check(10, 0, false, &msg),
			-EPROTONOSUPPORT);
	KUNIT_EXPECT_EQ(test, inic_vf_vlan_check(4095, 0, true, &msg), -EINVAL);
	KUNIT_EXPECT_EQ(test, inic_vf_vlan_reg(100, 3), 100u | (3u << 12));
	KUNIT_EXPECT_EQ(test, inic_vf_rate_check(1, 100, &msg), -EINVAL);
	KUNIT_EXPECT_EQ(test, inic_vf_link_check(3, &link, &msg), -EINVAL);
	KUNIT_EXPECT_EQ(test, inic_sriov_count_check(4, 2, 8, &msg), -EBUSY);
	KUNIT_EXPECT_EQ(test, inic_sriov_count_check(0, 9, 8, &msg), -ERANGE);
	KUNIT_EXPECT_EQ(test, inic_vf_rings(3, 8, 128, 4, &base), 4u);
	KUNIT_EXPECT_EQ(test, base, 12u);
	KUNIT_EXPECT_EQ(test, inic_vf_rings(0, 32, 16, 4, &base), 0u);
}

/* Defect 6: a VF's request rate is bounded (token bucket per VF). */
static void inic_mbox_test_rate(struct kunit *test)
{
	struct inic_mbox_decision d;
	struct inic_mbox_rate r;
	struct inic_vf_policy pol;
	u32 msg[INIC_MBOX_MSG_REGS], ok = 0, i;
	u64 t;

	inic_mbox_rate_init(&r, INIC_MBOX_RATE_PER_S, INIC_MBOX_RATE_BURST, 0);
	for (t = 0; t < 1000; t++)
		for (i = 0; i < 50; i++)
			ok += inic_mbox_rate_take(&r, t);
	KUNIT_EXPECT_GE(test, ok, (u32)INIC_MBOX_RATE_BURST +
				  INIC_MBOX_RATE_PER_S - 1);
	KUNIT_EXPECT_LE(test, ok, (u32)INIC_MBOX_RATE_BURST +
				  INIC_MBOX_RATE_PER_S);
	/* A long quiet period refills the burst, never more. */
	ok = 0;
	for (i = 0; i < 100; i++)
		ok += inic_mbox_rate_take(&r, U64_MAX - 1);
	KUNIT_EXPECT_EQ(test, ok, (u32)INIC_MBOX_RATE_BURST);
	/* A clock that goes back refills nothing. */
	KUNIT_EXPECT_FALSE(test, inic_mbox_rate_take(&r, 5));

	inic_mbox_policy(&pol);
	pol.throttled = true;
	inic_mbox_build(msg, INIC_MBOX_OP_RESET, 3, false, NULL, 0);
	inic_mbox_decide(msg, &pol, &d);
	KUNIT_EXPECT_EQ(test, d.err, -EBUSY);
	KUNIT_EXPECT_EQ(test, d.action, (u32)INIC_MBOX_ACT_NONE);
	KUNIT_EXPECT_EQ(test, inic_mbox_check_reply(d.reply, d.op, d.seq, &i),
			-EBUSY);
}

static struct kunit_case inic_core_mbox_cases[] = {
	KUNIT_CASE(inic_mbox_test_hello),
	KUNIT_CASE(inic_mbox_test_garbage),
	KUNIT_CASE(inic_mbox_test_random),
	KUNIT_CASE(inic_mbox_test_set_mc),
	KUNIT_CASE(inic_mbox_test_policy),
	KUNIT_CASE(inic_mbox_test_rate),
	{}
};

static struct kunit_suite inic_core_mbox_suite = {
	.name = "inic_core_mbox",
	.test_cases = inic_core_mbox_cases,
};

kunit_test_suites(&inic_core_mbox_suite);
