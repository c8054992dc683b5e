// SPDX-License-Identifier: GPL-2.0
/*
 * GoogleTest tests of the TOE policy (policy/toe.cpp): TOE_CTRL from the
 * host's sysctls (refused without syncookies, each option only when its
 * sysctl allows it), and the listener table: register values of an entry,
 * refusals (port 0, unknown port or family, duplicate, full) that leave
 * the table unchanged, delete, and removal of a port's listeners.
 */
#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "policy/toe.h"

namespace {

inic_toe_listener v4(__u32 port, __u16 tcp, __u8 last = 80)
{
	inic_toe_listener l = {};
	const __u8 a[4] = { 161, 142, 100, last };

	l.port = port;
	l.tcp_port = tcp;
	l.family = 4;
	memcpy(l.addr, a, 4);
	return l;
}

TEST(Toe, CtrlFromSysctls)
{
	inic_toe_sysctls s = { 1, 1, 1, 1, 2 };
	inic_toe_ctrl_decision d;

	inic_toe_ctrl_decide(&s, &d);
	EXPECT_EQ(d.why, nullptr);
	EXPECT_EQ(d.ctrl, (__u32)INIC_TOE_CTRL_ALL);
	/* Each sysctl off takes its option away, and only it. */
	const struct {
		__u8 *field;
		__u32 bit;
	} opts[] = {
		{ &s.window_scaling, INIC_TOE_CTRL_WSCALE },
		{ &s.sack, INIC_TOE_CTRL_SACK },
		{ &s.timestamps, INIC_TOE_CTRL_TS },
		{ &s.ecn, INIC_TOE_CTRL_ECN },
	};
	for (const auto &o : opts) {
		const __u8 was = *o.field;

		*o.field = 0;
		inic_toe_ctrl_decide(&s, &d);
		EXPECT_EQ(d.why, nullptr);
		EXPECT_EQ(d.ctrl, INIC_TOE_CTRL_ALL & ~o.bit) << o.bit;
		*o.field = was;
	}
	/* Syncookies 2 (always) is fine; 0 refuses with a reason. */
	s.syncookies = 2;
	inic_toe_ctrl_decide(&s, &d);
	EXPECT_EQ(d.ctrl, (__u32)INIC_TOE_CTRL_ALL);
	s.syncookies = 0;
	inic_toe_ctrl_decide(&s, &d);
	EXPECT_EQ(d.ctrl, 0u);
	ASSERT_NE(d.why, nullptr);
	EXPECT_NE(std::string(d.why).find("tcp_syncookies"), std::string::npos);
}

TEST(Toe, AddRegisters)
{
	inic_toe_table t = {};
	inic_toe_entry_regs r;
	const char *why;

	t.num_ports = 2;
	inic_toe_listener l = v4(1, 8080);
	ASSERT_EQ(inic_toe_add(&t, &l, &r, &why), 0);
	EXPECT_EQ(why, nullptr);
	EXPECT_EQ(r.index, 0u);
	EXPECT_EQ(r.addr[0], 161u | 142u << 8 | 100u << 16 | 80u << 24);
	EXPECT_EQ(r.addr[1] | r.addr[2] | r.addr[3], 0u);
	EXPECT_EQ(r.ctrl, INIC_TOE_LSN_VAL(8080, 1, INIC_TOE_LSN_ENABLE));

	inic_toe_listener a6 = {};
	a6.port = 0;
	a6.tcp_port = 443;
	a6.family = 6;
	a6.any = 1;
	memset(a6.addr, 0xee, 16);	/* ignored with any */
	ASSERT_EQ(inic_toe_add(&t, &a6, &r, &why), 0);
	EXPECT_EQ(r.index, 1u);
	EXPECT_EQ(r.addr[0] | r.addr[1] | r.addr[2] | r.addr[3], 0u);
	EXPECT_EQ(r.ctrl, INIC_TOE_LSN_VAL(443, 0, INIC_TOE_LSN_ENABLE |
					   INIC_TOE_LSN_IPV6 |
					   INIC_TOE_LSN_ANY));
	EXPECT_EQ(inic_toe_count(&t, 0), 1u);
	EXPECT_EQ(inic_toe_count(&t, 1), 1u);
}

TEST(Toe, Refusals)
{
	inic_toe_table t = {};
	inic_toe_entry_regs r;
	const char *why;

	t.num_ports = 2;
	inic_toe_listener l = v4(0, 8080);
	ASSERT_EQ(inic_toe_add(&t, &l, &r, &why), 0);
	const inic_toe_table before = t;
	struct {
		inic_toe_listener l;
		int err;
		const char *word;
	} bad[] = {
		{ v4(0, 0), -INIC_E_INVAL, "port 0" },
		{ v4(2, 80), -INIC_E_INVAL, "device port" },
		{ v4(0, 8080), -INIC_E_EXIST, "already" },
	};
	bad[0].l.tcp_port = 0;
	for (auto &b : bad) {
		memset(&r, 0xa5, sizeof(r));
		EXPECT_EQ(inic_toe_add(&t, &b.l, &r, &why), b.err);
		ASSERT_NE(why, nullptr);
		EXPECT_NE(std::string(why).find(b.word), std::string::npos)
			<< why;
		EXPECT_EQ(0, memcmp(&t, &before, sizeof(t)));
	}
	inic_toe_listener f = v4(0, 80);
	f.family = 5;
	EXPECT_EQ(inic_toe_add(&t, &f, &r, &why), -INIC_E_INVAL);
	/* Same port, another address or ANY: different listeners. */
	inic_toe_listener other = v4(0, 8080, 81);
	EXPECT_EQ(inic_toe_add(&t, &other, &r, &why), 0);
	other.any = 1;
	EXPECT_EQ(inic_toe_add(&t, &other, &r, &why), 0);
	/* ANY ignores the address when comparing. */
	other.addr[3] = 99;
	EXPECT_EQ(inic_toe_add(&t, &other, &r, &why), -INIC_E_EXIST);
	/* Full. */
	for (__u16 p = 1; inic_toe_count(&t, 1) + inic_toe_count(&t, 0) <
			  INIC_TOE_LISTENERS; p++) {
		inic_toe_listener n = v4(1, p);
		ASSERT_EQ(inic_toe_add(&t, &n, &r, &why), 0);
	}
	inic_toe_listener n = v4(1, 9999);
	EXPECT_EQ(inic_toe_add(&t, &n, &r, &why), -INIC_E_NOSPC);
	EXPECT_NE(std::string(why).find("full"), std::string::npos);
}

TEST(Toe, DelAndPortGone)
{
	inic_toe_table t = {};
	inic_toe_entry_regs r;
	const char *why;

	t.num_ports = 2;
	for (__u16 p = 1; p <= 6; p++) {
		inic_toe_listener l = v4(p % 2, p);
		ASSERT_EQ(inic_toe_add(&t, &l, &r, &why), 0);
	}
	inic_toe_listener l = v4(1, 3);
	ASSERT_EQ(inic_toe_del(&t, &l, &r, &why), 0);
	EXPECT_EQ(r.index, 2u);
	EXPECT_EQ(r.ctrl, 0u);
	EXPECT_EQ(r.addr[0], 0u);
	EXPECT_EQ(inic_toe_del(&t, &l, &r, &why), -INIC_E_NOENT);
	EXPECT_NE(std::string(why).find("no such"), std::string::npos);
	/* The freed entry is reused first. */
	inic_toe_listener again = v4(0, 100);
	ASSERT_EQ(inic_toe_add(&t, &again, &r, &why), 0);
	EXPECT_EQ(r.index, 2u);
	/* Port 1's netdev goes: its listeners (entries 0, 4) are cleared. */
	EXPECT_EQ(inic_toe_del_port(&t, 1), (1u << 0) | (1u << 4));
	EXPECT_EQ(inic_toe_count(&t, 1), 0u);
	EXPECT_EQ(inic_toe_count(&t, 0), 4u);
	EXPECT_EQ(inic_toe_del_port(&t, 1), 0u);
}

} // namespace
