// SPDX-License-Identifier: GPL-2.0
/*
 * GoogleTest tests of the classifier policy (policy/cls.cpp): the shared
 * vectors (kunit/inic_cls_vectors.h, also run by KUnit), the whole key
 * image of a 5-tuple, exact vs masked placement with mask reference
 * counts, device result codes and ethtool priorities.
 */
#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "policy/cls.h"
#include "kunit/inic_cls_vectors.h"

namespace {

TEST(Cls, SharedVectors)
{
	unsigned int i, n = 0;

	for (i = 0;; i++) {
		struct inic_cls_rule r;
		struct inic_cls_limits l;
		struct inic_cls_expect e;
		struct inic_cls_hw hw;
		const char *why = nullptr;

		memset(&r, 0, sizeof(r));
		memset(&l, 0, sizeof(l));
		memset(&e, 0, sizeof(e));
		memset(&hw, 0xa5, sizeof(hw));
		if (!inic_cls_vector(i, &r, &l, &e))
			break;
		n++;
		SCOPED_TRACE(e.name);
		int err = inic_cls_rule_encode(&r, &l, &hw, &why);
		ASSERT_EQ(err, e.err);
		if (err) {
			ASSERT_NE(why, nullptr);
			EXPECT_NE(std::string(why).find(e.why_word),
				  std::string::npos) << why;
			continue;
		}
		EXPECT_EQ(hw.action, e.action);
		EXPECT_EQ(hw.act_arg, e.act_arg);
		EXPECT_EQ(hw.prio, e.prio);
		EXPECT_EQ(hw.mirror, e.mirror);
		EXPECT_EQ(hw.pol_rate, e.pol_rate);
		EXPECT_EQ(hw.pol_burst, e.pol_burst);
		for (auto &b : e.bytes) {
			if (!b.used)
				continue;
			EXPECT_EQ(inic_cls_image_byte(hw.key, b.off), b.key)
				<< "key byte " << int(b.off);
			EXPECT_EQ(inic_cls_image_byte(hw.mask, b.off), b.mask)
				<< "mask byte " << int(b.off);
		}
		/* never a key bit outside the mask, never a reserved byte */
		for (unsigned int k = 0; k < INIC_CLS_KEY_REGS; k++)
			EXPECT_EQ(hw.key[k] & ~hw.mask[k], 0u);
		for (unsigned int b = INIC_CLS_K_RSVD; b < INIC_CLS_K_SIP; b++)
			EXPECT_EQ(inic_cls_image_byte(hw.mask, b), 0);
		if (e.action & INIC_CLS_ACT_MARK)
			EXPECT_EQ(hw.mark, r.act.mark);
		else
			EXPECT_EQ(hw.mark, 0u);
	}
	EXPECT_GE(n, 27u);
}

/* udp4 from 10.0.0.2:1000 to 10.0.0.1:2000: the whole image, registers. */
TEST(Cls, FiveTupleRegisters)
{
	struct inic_cls_rule r = {};
	struct inic_cls_limits l = {};
	struct inic_cls_hw hw;
	const char *why = nullptr;

	inic_cls_vec_limits(&l);
	l.port = 0;
	l.first_ring = 0;
	inic_cls_vec_ingress(&r, &l);
	inic_cls_vec_udp4(&r);
	const __u8 s[4] = { 10, 0, 0, 2 }, d[4] = { 10, 0, 0, 1 };
	memcpy(r.m.sip, s, 4);
	memcpy(r.m.dip, d, 4);
	memset(r.m.sip_mask, 0xff, 4);
	memset(r.m.dip_mask, 0xff, 4);
	r.m.sport = 1000;
	r.m.sport_mask = 0xffff;
	r.m.dport = 2000;
	r.m.dport_mask = 0xffff;
	r.act.type = INIC_CLS_ACT_RING;
	r.act.arg = 3;
	ASSERT_EQ(inic_cls_rule_encode(&r, &l, &hw, &why), 0);
	/* bytes 0-3: port 0, origin wire, no VLAN */
	EXPECT_EQ(hw.key[0], 0u);
	EXPECT_EQ(hw.mask[0], 0x0000ffffu);
	/* bytes 4-7: ethertype 08 00, proto 17, tos any */
	EXPECT_EQ(hw.key[1], 0x00110008u);
	EXPECT_EQ(hw.mask[1], 0x00ffffffu);
	/* bytes 20-23: sport 03 e8, dport 07 d0 */
	EXPECT_EQ(hw.key[5], 0xd007e803u);
	EXPECT_EQ(hw.mask[5], 0xffffffffu);
	/* bytes 24-27: no TCP flags, FLAGS.L4 */
	EXPECT_EQ(hw.key[6], INIC_CLS_F_L4 << 16);
	EXPECT_EQ(hw.mask[6], INIC_CLS_F_L4 << 16);
	/* SIP, DIP: IPv4 in the first four bytes */
	EXPECT_EQ(hw.key[8], 0x0200000au);
	EXPECT_EQ(hw.mask[8], 0xffffffffu);
	EXPECT_EQ(hw.mask[9], 0u);
	EXPECT_EQ(hw.key[12], 0x0100000au);
	EXPECT_EQ(hw.act_arg, 3u);
}

void mask_n(struct inic_cls_hw *hw, unsigned int n)
{
	memset(hw, 0, sizeof(*hw));
	hw->mask[5] = n + 1;	/* distinct masks */
}

TEST(Cls, PlacementExactThenMasked)
{
	struct inic_cls_masks m = {};
	struct inic_cls_hw hw;

	for (unsigned int i = 0; i < INIC_CLS_EXACT_MASKS; i++) {
		mask_n(&hw, i);
		ASSERT_EQ(inic_cls_place(&m, &hw), (__u32)INIC_CLS_TABLE_EXACT);
		ASSERT_EQ(inic_cls_masks_get(&m, &hw), 0);
	}
	EXPECT_EQ(inic_cls_masks_used(&m), (__u32)INIC_CLS_EXACT_MASKS);
	/* a known mask still goes exact, and is counted again */
	mask_n(&hw, 3);
	EXPECT_EQ(inic_cls_place(&m, &hw), (__u32)INIC_CLS_TABLE_EXACT);
	EXPECT_EQ(inic_cls_masks_get(&m, &hw), 0);
	/* a 17th distinct mask: masked table */
	mask_n(&hw, 100);
	EXPECT_EQ(inic_cls_place(&m, &hw), (__u32)INIC_CLS_TABLE_MASKED);
	EXPECT_EQ(inic_cls_masks_get(&m, &hw), -INIC_E_NOSPC);
	/* mask 3 has two rules: one put keeps the slot */
	mask_n(&hw, 3);
	inic_cls_masks_put(&m, &hw);
	mask_n(&hw, 100);
	EXPECT_EQ(inic_cls_place(&m, &hw), (__u32)INIC_CLS_TABLE_MASKED);
	/* the second put frees it: the new mask fits in the exact table */
	mask_n(&hw, 3);
	inic_cls_masks_put(&m, &hw);
	EXPECT_EQ(inic_cls_masks_used(&m), (__u32)INIC_CLS_EXACT_MASKS - 1);
	mask_n(&hw, 100);
	EXPECT_EQ(inic_cls_place(&m, &hw), (__u32)INIC_CLS_TABLE_EXACT);
	EXPECT_EQ(inic_cls_masks_get(&m, &hw), 0);
	/* a put of a mask nobody holds changes nothing */
	mask_n(&hw, 200);
	inic_cls_masks_put(&m, &hw);
	EXPECT_EQ(inic_cls_masks_used(&m), (__u32)INIC_CLS_EXACT_MASKS);
}

TEST(Cls, ResultCodes)
{
	const char *why = nullptr;

	EXPECT_EQ(inic_cls_result_errno(INIC_CLS_RES_OK | (7u << 16), &why), 0);
	EXPECT_EQ(inic_cls_result_errno(INIC_CLS_RES_TABLE_FULL, &why),
		  -INIC_E_NOSPC);
	EXPECT_NE(std::string(why).find("full"), std::string::npos);
	EXPECT_EQ(inic_cls_result_errno(INIC_CLS_RES_MASKS_FULL, &why),
		  -INIC_E_NOSPC);
	EXPECT_EQ(inic_cls_result_errno(INIC_CLS_RES_EXISTS, &why),
		  -INIC_E_EXIST);
	EXPECT_EQ(inic_cls_result_errno(INIC_CLS_RES_NOT_FOUND, &why),
		  -INIC_E_NOENT);
	EXPECT_EQ(inic_cls_result_errno(INIC_CLS_RES_NO_VNIC, &why),
		  -INIC_E_NODEV);
	EXPECT_NE(std::string(why).find("VNIC"), std::string::npos);
	for (__u32 c : { (__u32)INIC_CLS_RES_BAD_CMD, (__u32)INIC_CLS_RES_BAD_INDEX,
			 (__u32)INIC_CLS_RES_BAD_FIELD,
			 (__u32)INIC_CLS_RES_BAD_ACTION, 99u })
		EXPECT_EQ(inic_cls_result_errno(c, &why), -INIC_E_INVAL);
}

TEST(Cls, EthtoolPriorities)
{
	EXPECT_EQ(inic_cls_ethtool_prio(0), INIC_CLS_PRIO_MAX);
	EXPECT_GT(inic_cls_ethtool_prio(0), inic_cls_ethtool_prio(1));
	EXPECT_GT(inic_cls_ethtool_prio(INIC_CLS_ETHTOOL_LOCS - 1), 0u);
	EXPECT_EQ(inic_cls_ethtool_prio(INIC_CLS_ETHTOOL_LOCS), 0u);
}

/* tc flower: lower tc priorities first, all below every ethtool rule. */
TEST(Cls, TcPrioritiesBelowEthtool)
{
	const __u32 last_ethtool =
		inic_cls_ethtool_prio(INIC_CLS_ETHTOOL_LOCS - 1);

	EXPECT_LT(inic_cls_tc_prio(1), last_ethtool);
	EXPECT_GT(inic_cls_tc_prio(1), inic_cls_tc_prio(2));
	EXPECT_GT(inic_cls_tc_prio(1000), inic_cls_tc_prio(1001));
	EXPECT_EQ(inic_cls_tc_prio(49152), 0u);	/* tc's first automatic prio */
	EXPECT_EQ(inic_cls_tc_prio(INIC_CLS_PRIO_MAX - INIC_CLS_ETHTOOL_LOCS + 1), 0u);
	EXPECT_EQ(inic_cls_tc_prio(65535), 0u);
	EXPECT_EQ(inic_cls_tc_prio(0), 0u);
}

} /* namespace */
