// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite inic_core_toe: the TOE policy (policy/toe.cpp) in the
 * kernel: TOE_CTRL from the sysctls, and the listener table's add,
 * refusals, delete and port removal.
 */
#include <kunit/test.h>
#include <linux/string.h>

#include "policy/toe.h"

static struct inic_toe_listener inic_toe_v4(u32 port, u16 tcp)
{
	struct inic_toe_listener l = {};

	l.port = port;
	l.tcp_port = tcp;
	l.family = 4;
	l.addr[0] = 10;
	l.addr[3] = 1;
	return l;
}

static void inic_toe_ctrl(struct kunit *test)
{
	struct inic_toe_sysctls s = { 1, 1, 1, 1, 2 };
	struct inic_toe_ctrl_decision d;

	inic_toe_ctrl_decide(&s, &d);
	KUNIT_EXPECT_NULL(test, d.why);
	KUNIT_EXPECT_EQ(test, d.ctrl, INIC_TOE_CTRL_ALL);
	s.sack = 0;
	s.ecn = 0;
	inic_toe_ctrl_decide(&s, &d);
	KUNIT_EXPECT_EQ(test, d.ctrl, INIC_TOE_CTRL_ALL &
			~(INIC_TOE_CTRL_SACK | INIC_TOE_CTRL_ECN));
	s.syncookies = 0;
	inic_toe_ctrl_decide(&s, &d);
	KUNIT_EXPECT_EQ(test, d.ctrl, 0);
	KUNIT_ASSERT_NOT_NULL(test, d.why);
	KUNIT_EXPECT_NOT_NULL(test, strstr(d.why, "tcp_syncookies"));
}

static void inic_toe_table(struct kunit *test)
{
	struct inic_toe_table t = { .num_ports = 2 };
	struct inic_toe_entry_regs r;
	struct inic_toe_listener l = inic_toe_v4(1, 8080);
	const char *why;

	KUNIT_ASSERT_EQ(test, inic_toe_add(&t, &l, &r, &why), 0);
	KUNIT_EXPECT_EQ(test, r.index, 0);
	KUNIT_EXPECT_EQ(test, r.addr[0], 0x0100000a);
	KUNIT_EXPECT_EQ(test, r.ctrl,
			INIC_TOE_LSN_VAL(8080, 1, INIC_TOE_LSN_ENABLE));
	KUNIT_EXPECT_EQ(test, inic_toe_add(&t, &l, &r, &why), -INIC_E_EXIST);
	l.tcp_port = 0;
	KUNIT_EXPECT_EQ(test, inic_toe_add(&t, &l, &r, &why), -INIC_E_INVAL);
	l = inic_toe_v4(2, 80);
	KUNIT_EXPECT_EQ(test, inic_toe_add(&t, &l, &r, &why), -INIC_E_INVAL);
	KUNIT_EXPECT_EQ(test, t.used, 1);
	l = inic_toe_v4(1, 8080);
	KUNIT_EXPECT_EQ(test, inic_toe_del(&t, &l, &r, &why), 0);
	KUNIT_EXPECT_EQ(test, r.ctrl, 0);
	KUNIT_EXPECT_EQ(test, inic_toe_del(&t, &l, &r, &why), -INIC_E_NOENT);
	KUNIT_ASSERT_EQ(test, inic_toe_add(&t, &l, &r, &why), 0);
	KUNIT_EXPECT_EQ(test, inic_toe_del_port(&t, 1), 1);
	KUNIT_EXPECT_EQ(test, inic_toe_count(&t, 1), 0);
}

static struct kunit_case inic_core_toe_cases[] = {
	KUNIT_CASE(inic_toe_ctrl),
	KUNIT_CASE(inic_toe_table),
	{}
};

static struct kunit_suite inic_core_toe_suite = {
	.name = "inic_core_toe",
	.test_cases = inic_core_toe_cases,
};

kunit_test_suites(&inic_core_toe_suite);
