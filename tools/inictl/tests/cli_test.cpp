// SPDX-License-Identifier: GPL-2.0
/* Unit tests of inictl's argument parsing and output formatting. */
#include <gtest/gtest.h>

#include <inic_hw.h>

#include "cli.h"

using namespace inictl;

static int P(std::vector<std::string> a, command &c, std::string &err)
{
	return parse(a, c, err);
}

TEST(Prefix, UniqueExactAmbiguousUnknown)
{
	std::string err;

	EXPECT_EQ(match_prefix("d", {"dev", "port"}, "object", err), "dev");
	EXPECT_EQ(match_prefix("sh", {"show", "set"}, "command", err), "show");
	EXPECT_EQ(match_prefix("s", {"show", "set"}, "command", err), "");
	EXPECT_NE(err.find("ambiguous command \"s\" (show, set)"), std::string::npos);
	EXPECT_EQ(match_prefix("x", {"show"}, "command", err), "");
	EXPECT_NE(err.find("unknown command"), std::string::npos);
	EXPECT_EQ(match_prefix("set", {"set", "settle"}, "command", err), "set");
	EXPECT_EQ(match_prefix("", {"set"}, "command", err), "");
}

TEST(Parse, ObjectsVerbsArgs)
{
	command c;
	std::string err;

	ASSERT_EQ(P({"-j", "p", "sh", "dev", "eth0"}, c, err), EXIT_OK) << err;
	EXPECT_EQ(c.object, "port");
	EXPECT_EQ(c.verb, "show");
	EXPECT_EQ(c.args["dev"], "eth0");
	EXPECT_TRUE(c.opt.json);
	EXPECT_FALSE(c.opt.pretty);

	command d;
	ASSERT_EQ(P({"dev"}, d, err), EXIT_OK);
	EXPECT_EQ(d.verb, "show");

	command s;
	ASSERT_EQ(P({"st", "show", "dev", "eth0", "ri", "3", "-w", "-i", "0.5",
		     "-c", "2"}, s, err), EXIT_OK) << err;
	EXPECT_EQ(s.object, "stats");
	EXPECT_EQ(s.args["ring"], "3");
	EXPECT_TRUE(s.opt.watch);
	EXPECT_DOUBLE_EQ(s.opt.interval, 0.5);
	EXPECT_EQ(s.opt.count, 2);

	command p;
	ASSERT_EQ(P({"-p", "monitor"}, p, err), EXIT_OK);
	EXPECT_TRUE(p.opt.json && p.opt.pretty);
	EXPECT_EQ(p.object, "monitor");

	command h;
	ASSERT_EQ(P({"port", "help"}, h, err), EXIT_OK);
	EXPECT_EQ(h.verb, "help");
	command h2;
	ASSERT_EQ(P({"help"}, h2, err), EXIT_OK);
	EXPECT_EQ(h2.object, "help");
}

TEST(Parse, Vf)
{
	command c;
	std::string err;

	ASSERT_EQ(P({"-j", "vf", "sh", "dev", "eth0", "vf", "3"}, c, err),
		  EXIT_OK) << err;
	EXPECT_EQ(c.object, "vf");
	EXPECT_EQ(c.verb, "show");
	EXPECT_EQ(c.args["vf"], "3");
	command d;
	ASSERT_EQ(P({"vf"}, d, err), EXIT_OK);
	EXPECT_EQ(d.verb, "show");
	for (const auto &a : std::vector<std::vector<std::string>>{
		     {"vf", "show", "vf", "32"}, {"vf", "set"},
		     {"vf", "show", "ring", "1"}, {"vf", "show", "vf", "x"}}) {
		command e;

		EXPECT_EQ(P(a, e, err), EXIT_USAGE);
	}
}

TEST(Parse, UsageErrors)
{
	const std::vector<std::vector<std::string>> bad = {
		{},
		{"frob"},
		{"port", "s"},
		{"dev", "show", "dev"},
		{"dev", "show", "ring", "1"},
		{"stats", "show", "ring", "256"},
		{"stats", "show", "ring", "-1"},
		{"stats", "show", "ring", "1x"},
		{"stats", "show", "dev", "a", "dev", "b"},
		{"port", "set", "dev", "eth0"},
		{"port", "set", "mtu", "1500"},
		{"port", "set", "dev", "eth0", "mac", "00:11:22:33:44"},
		{"port", "set", "dev", "eth0", "mtu", "big"},
		{"-x", "dev"},
		{"dev", "show", "-w"},
		{"stats", "show", "-i"},
		{"stats", "show", "-i", "0"},
		{"stats", "show", "-c", "0"},
		{"monitor", "extra"},
		{"rule", "show", "ring", "1"},
		{"vf", "show", "-w"},
	};

	for (const auto &a : bad) {
		command c;
		std::string err;

		EXPECT_EQ(P(a, c, err), EXIT_USAGE) << "args: " << a.size();
		EXPECT_FALSE(err.empty());
	}
}

TEST(Values, Numbers)
{
	uint32_t v;
	double d;

	EXPECT_TRUE(parse_u32("255", 255, v));
	EXPECT_EQ(v, 255u);
	EXPECT_FALSE(parse_u32("256", 255, v));
	EXPECT_FALSE(parse_u32("", 255, v));
	EXPECT_FALSE(parse_u32("-1", 255, v));
	EXPECT_FALSE(parse_u32(" 1", 255, v));
	EXPECT_TRUE(parse_u32("0x10", 255, v));
	EXPECT_EQ(v, 16u);
	EXPECT_FALSE(parse_u32("99999999999999999999", 0xffffffffu, v));
	EXPECT_TRUE(parse_seconds("0.5", d));
	EXPECT_FALSE(parse_seconds("0", d));
	EXPECT_FALSE(parse_seconds("nan", d));
	EXPECT_FALSE(parse_seconds("1s", d));
}

TEST(Values, MacAndBus)
{
	uint8_t m[6];

	ASSERT_TRUE(parse_mac("02:aB:00:ff:10:01", m));
	EXPECT_EQ(format_mac(m), "02:ab:00:ff:10:01");
	EXPECT_FALSE(parse_mac("02:ab:00:ff:10", m));
	EXPECT_FALSE(parse_mac("02-ab-00-ff-10-01", m));
	EXPECT_FALSE(parse_mac("02:ab:00:ff:10:0g", m));
	EXPECT_TRUE(looks_like_bus("0000:01:00.0"));
	EXPECT_TRUE(looks_like_bus("01:00.0"));
	EXPECT_FALSE(looks_like_bus("eth0"));
	EXPECT_FALSE(looks_like_bus("0000:01:00.0x"));
}

TEST(Output, Json)
{
	record r;

	r.add("name", value::str("a\"b\\c\n\x01"));
	r.add("n", value::num(18446744073709551615ull));
	r.add("caps", value::strs({"mq", "rss"}));
	EXPECT_EQ(to_json(r, false),
		  "{\"name\":\"a\\\"b\\\\c\\n\\u0001\",\"n\":18446744073709551615,"
		  "\"caps\":[\"mq\",\"rss\"]}");
	EXPECT_EQ(to_json(std::vector<record>{}, false), "[]");
	EXPECT_EQ(to_json(std::vector<record>{r, r}, false).front(), '[');
	std::string p = to_json(std::vector<record>{r}, true);
	EXPECT_NE(p.find("\n    \"n\": 18446744073709551615"), std::string::npos) << p;
	EXPECT_EQ(r.num("n"), 18446744073709551615ull);
	EXPECT_EQ(r.str("missing"), "");
}

TEST(Output, Table)
{
	std::string t = table({"A", "BB", "C"}, {{"xxx", "y", "z"}, {"1", "22", ""}});

	EXPECT_EQ(t, "A    BB  C\n"
		     "xxx  y   z\n"
		     "1    22\n");
}

TEST(Output, RatesAndNames)
{
	EXPECT_DOUBLE_EQ(rate(100, 300, 2.0), 100.0);
	EXPECT_DOUBLE_EQ(rate(300, 100, 2.0), 0.0);	/* never negative */
	EXPECT_DOUBLE_EQ(rate(1, 2, 0), 0.0);
	EXPECT_EQ(human_rate(999), "999");
	EXPECT_EQ(human_rate(1234), "1.23k");
	EXPECT_EQ(human_rate(12345678), "12.3M");
	EXPECT_EQ(human_rate(123456789012.0), "123G");
	EXPECT_EQ(format_abi(0x10002), "1.2");
	std::vector<std::string> caps = caps_names((1u << 0) | (1u << 12) | (1u << 20));
	ASSERT_EQ(caps.size(), 3u);
	EXPECT_EQ(caps[0], "mq");
	EXPECT_EQ(caps[1], "ring-stats");
	EXPECT_EQ(caps[2], "bit20");
}

TEST(Parse, Rule)
{
	command c;
	std::string err;

	ASSERT_EQ(P({"-j", "r", "sh", "dev", "eth0"}, c, err), EXIT_OK) << err;
	EXPECT_EQ(c.object, "rule");
	EXPECT_EQ(c.verb, "show");
	EXPECT_EQ(c.args["dev"], "eth0");
	EXPECT_TRUE(c.opt.json);
	c = command();
	ASSERT_EQ(P({"rule", "-w", "-i", "0.5", "-c", "3"}, c, err), EXIT_OK) << err;
	EXPECT_EQ(c.verb, "show");
	EXPECT_TRUE(c.opt.watch);
	EXPECT_EQ(c.opt.count, 3);
	EXPECT_NE(usage("rule").find("inictl [-j] [-p] rule show"), std::string::npos);
	EXPECT_NE(usage("").find("rule |"), std::string::npos);
}

/* Key and mask images as the driver encodes them (policy/cls.cpp). */
struct test_image {
	uint8_t key[INIC_CLS_KEY_SIZE] = {};
	uint8_t mask[INIC_CLS_KEY_SIZE] = {};

	void put8(int off, uint8_t v, uint8_t m)
	{
		key[off] = v & m;
		mask[off] = m;
	}

	void put16(int off, uint16_t v, uint16_t m)
	{
		put8(off, v >> 8, m >> 8);
		put8(off + 1, v & 0xff, m & 0xff);
	}

	record match() const { return rule_match(key, mask, sizeof(key)); }
};

TEST(Rule, MatchUdp4)
{
	test_image im;
	const uint8_t dip[4] = {10, 1, 0, 2}, sip[4] = {10, 1, 0, 0};
	const uint8_t sm[4] = {255, 255, 255, 0};

	im.put16(INIC_CLS_K_ETYPE, 0x0800, 0xffff);
	im.put8(INIC_CLS_K_PROTO, 17, 0xff);
	for (int i = 0; i < 4; i++) {
		im.put8(INIC_CLS_K_DIP + i, dip[i], 0xff);
		im.put8(INIC_CLS_K_SIP + i, sip[i], sm[i]);
	}
	im.put16(INIC_CLS_K_DPORT, 5301, 0xffff);
	im.put16(INIC_CLS_K_SPORT, 0x1000, 0xf000);
	im.put8(INIC_CLS_K_FLAGS, INIC_CLS_F_L4, INIC_CLS_F_L4);

	record m = im.match();

	EXPECT_EQ(m.str("ethertype"), "0x0800");
	EXPECT_EQ(m.str("ip-proto"), "udp");
	EXPECT_EQ(m.str("src-ip"), "10.1.0.0/24");
	EXPECT_EQ(m.str("dst-ip"), "10.1.0.2/32");
	EXPECT_EQ(m.str("dst-port"), "5301");
	EXPECT_EQ(m.str("src-port"), "4096/0xf000");
	EXPECT_EQ(m.get("l4"), nullptr);	/* implied by the ports */
	EXPECT_EQ(rule_match_text(m),
		  "ethertype 0x0800 ip-proto udp src-ip 10.1.0.0/24 "
		  "dst-ip 10.1.0.2/32 src-port 4096/0xf000 dst-port 5301");
}

TEST(Rule, MatchL2AndIPv6)
{
	test_image im;
	const uint8_t mac[6] = {0x02, 0, 0, 0, 0, 0x2a};
	const uint8_t dip[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0,
				 0, 0, 0, 0, 0, 0, 0, 1};

	im.put8(INIC_CLS_K_PORT, 1, 0xff);
	im.put8(INIC_CLS_K_ORIGIN, INIC_CLS_ORIGIN_VF(3), 0xff);
	im.put16(INIC_CLS_K_VLAN, (5 << 13) | 100, 0xefff);
	im.put8(INIC_CLS_K_FLAGS, INIC_CLS_F_VLAN, INIC_CLS_F_VLAN);
	for (int i = 0; i < 6; i++) {
		im.put8(INIC_CLS_K_DMAC + i, mac[i], 0xff);
		im.put8(INIC_CLS_K_SMAC + i, mac[i], i < 3 ? 0xff : 0);
	}
	im.put16(INIC_CLS_K_ETYPE, 0x86dd, 0xffff);
	im.put8(INIC_CLS_K_PROTO, 6, 0xff);
	im.put16(INIC_CLS_K_TCP_FLAGS, 0x002, 0x012);
	for (int i = 0; i < 16; i++)
		im.put8(INIC_CLS_K_DIP + i, dip[i], i < 8 ? 0xff : 0);

	record m = im.match();

	EXPECT_EQ(m.str("in-port"), "1");
	EXPECT_EQ(m.str("origin"), "vf 3");
	EXPECT_EQ(m.str("vlan-id"), "100");
	EXPECT_EQ(m.str("vlan-prio"), "5");
	EXPECT_EQ(m.get("vlan-tagged"), nullptr);	/* implied */
	EXPECT_EQ(m.str("dst-mac"), "02:00:00:00:00:2a");
	EXPECT_EQ(m.str("src-mac"), "02:00:00:00:00:00/ff:ff:ff:00:00:00");
	EXPECT_EQ(m.str("ethertype"), "0x86dd");
	EXPECT_EQ(m.str("ip-proto"), "tcp");
	EXPECT_EQ(m.str("tcp-flags"), "0x002/0x012");
	EXPECT_EQ(m.str("dst-ip"), "2001:db8::/64");
	EXPECT_EQ(m.get("src-ip"), nullptr);
}

TEST(Rule, MatchOddMasksAndNothing)
{
	test_image im;

	EXPECT_TRUE(im.match().fields.empty());
	EXPECT_EQ(rule_match_text(im.match()), "any");
	EXPECT_TRUE(rule_match(im.key, im.mask, 10).fields.empty());

	im.put16(INIC_CLS_K_ETYPE, 0x0800, 0xffff);
	im.put8(INIC_CLS_K_DIP, 10, 0xff);
	im.put8(INIC_CLS_K_DIP + 3, 1, 0xff);	/* not a prefix */
	im.put8(INIC_CLS_K_PROTO, 0x10, 0xf0);
	im.put8(INIC_CLS_K_FLAGS, 0, INIC_CLS_F_FRAG | INIC_CLS_F_VLAN);

	record m = im.match();

	EXPECT_EQ(m.str("dst-ip"), "10.0.0.1/255.0.0.255");
	EXPECT_EQ(m.str("ip-proto"), "16/0xf0");
	EXPECT_EQ(m.str("fragment"), "no");
	EXPECT_EQ(m.str("vlan-tagged"), "no");
}

TEST(Rule, ActionTextAndHex)
{
	record r;

	r.add("action", value::str("ring"));
	r.add("action-arg", value::num(5));
	r.add("queue", value::num(1));
	r.add("mark", value::num(0x42));
	EXPECT_EQ(rule_action_text(r), "queue 1 mark 0x42");

	record d;

	d.add("action", value::str("drop"));
	d.add("mirror", value::str("port"));
	d.add("mirror-arg", value::num(1));
	d.add("police-rate", value::num(1000));
	d.add("police-burst", value::num(1500));
	EXPECT_EQ(rule_action_text(d), "drop mirror port 1 police 1000kbit/1500B");

	record v;

	v.add("action", value::str("vf"));
	v.add("action-arg", value::num(2));
	EXPECT_EQ(rule_action_text(v), "vf 2");

	const uint8_t b[3] = {0x00, 0xab, 0xff};
	std::vector<uint8_t> back;

	EXPECT_EQ(to_hex(b, 3), "00abff");
	ASSERT_TRUE(from_hex("00abff", back));
	EXPECT_EQ(back, std::vector<uint8_t>(b, b + 3));
	EXPECT_FALSE(from_hex("0", back));
	EXPECT_FALSE(from_hex("zz", back));
}

TEST(Output, NestedJson)
{
	record m, r;

	m.add("dst-port", value::str("5301"));
	r.add("owner", value::str("tc"));
	r.add("match", value::object(m));
	r.add("packets", value::num(7));
	EXPECT_EQ(to_json(r, false),
		  "{\"owner\":\"tc\",\"match\":{\"dst-port\":\"5301\"},\"packets\":7}");
	std::string p = to_json(std::vector<record>{r}, true);
	EXPECT_NE(p.find("\"match\": {\n      \"dst-port\": \"5301\"\n    },"),
		  std::string::npos) << p;
}

TEST(Parse, Lag)
{
	command c;
	std::string err;

	ASSERT_EQ(P({"-j", "l", "sh", "dev", "0000:00:03.0"}, c, err), EXIT_OK) << err;
	EXPECT_EQ(c.object, "lag");
	EXPECT_EQ(c.verb, "show");
	EXPECT_EQ(c.args["dev"], "0000:00:03.0");
	EXPECT_TRUE(c.opt.json);
	command d;
	ASSERT_EQ(P({"lag"}, d, err), EXIT_OK);
	EXPECT_EQ(d.verb, "show");
	EXPECT_TRUE(d.args.empty());
	EXPECT_NE(usage("lag").find("inictl [-j] [-p] lag show [dev IFNAME|BUS]"),
		  std::string::npos);
	EXPECT_NE(usage("").find("lag |"), std::string::npos);
	for (const auto &a : std::vector<std::vector<std::string>>{
		     {"lag", "set"}, {"lag", "show", "vf", "1"},
		     {"lag", "show", "-w"}, {"lag", "show", "dev"}}) {
		command e;

		err.clear();
		EXPECT_EQ(P(a, e, err), EXIT_USAGE) << a.back();
		EXPECT_FALSE(err.empty());
	}
}

TEST(Parse, VfSetLag)
{
	command c;
	std::string err;

	ASSERT_EQ(P({"vf", "set", "dev", "eth0", "vf", "3", "lag", "pin"}, c, err),
		  EXIT_OK) << err;
	EXPECT_EQ(c.object, "vf");
	EXPECT_EQ(c.verb, "set");
	EXPECT_EQ(c.args["vf"], "3");
	EXPECT_EQ(c.args["lag"], "pin");
	command f;
	ASSERT_EQ(P({"vf", "se", "d", "0000:00:03.0", "v", "0", "l", "fo"}, f, err),
		  EXIT_OK) << err;
	EXPECT_EQ(f.args["lag"], "follow");	/* prefixes resolved */
	EXPECT_NE(usage("vf").find("inictl vf set dev IFNAME|BUS vf N lag { follow | pin }"),
		  std::string::npos);

	struct bad_case {
		std::vector<std::string> argv;
		const char *msg;
	};
	const std::vector<bad_case> bad = {
		{{"vf", "set", "vf", "1", "lag", "pin"}, "vf set needs \"dev IFNAME|BUS\" and \"vf N\""},
		{{"vf", "set", "dev", "eth0", "lag", "pin"}, "vf set needs"},
		{{"vf", "set", "dev", "eth0", "vf", "1"}, "nothing to change (give lag follow|pin)"},
		{{"vf", "set", "dev", "eth0", "vf", "1", "lag", "bond"}, "bad lag \"bond\" (follow or pin)"},
		{{"vf", "set", "dev", "eth0", "vf", "1", "lag", "pin", "1"},
		 "\"lag pin 1\": a VF is pinned to its own port (every VF is on port 0), give \"lag pin\" without a port"},
		{{"vf", "set", "dev", "eth0", "vf", "1", "lag", "pin", "0"}, "without a port"},
		{{"vf", "set", "dev", "eth0", "vf", "32", "lag", "pin"}, "bad vf \"32\""},
		{{"vf", "set", "dev", "eth0", "vf", "1", "lag"}, "argument \"lag\" needs a value"},
		{{"vf", "show", "lag", "pin"}, "unknown argument \"lag\""},
		{{"vf", "set", "dev", "eth0", "vf", "1", "lag", "pin", "-w"}, "-w is for"},
	};

	for (const auto &b : bad) {
		command e;

		err.clear();
		EXPECT_EQ(P(b.argv, e, err), EXIT_USAGE) << b.msg;
		EXPECT_NE(err.find(b.msg), std::string::npos) << err;
		EXPECT_EQ(err.find('\n'), std::string::npos) << err;	/* one line */
	}
}

TEST(Output, ArrayJsonAndNs)
{
	record m, r;

	m.add("port-index", value::num(1));
	r.add("member", value::array({value::object(m), value::object(m)}));
	r.add("vf-pinned", value::array({value::num(0), value::num(31)}));
	EXPECT_EQ(to_json(r, false),
		  "{\"member\":[{\"port-index\":1},{\"port-index\":1}],"
		  "\"vf-pinned\":[0,31]}");
	std::string p = to_json(r, true);
	EXPECT_NE(p.find("\"vf-pinned\": [0, 31]"), std::string::npos) << p;
	EXPECT_EQ(format_ns(0), "0.000000000s");
	EXPECT_EQ(format_ns(1500000000), "1.500000000s");
	EXPECT_EQ(format_ns(18446744073709551615ull), "18446744073.709551615s");
}

TEST(Parse, ToeListen)
{
	command c;
	std::string err;

	ASSERT_EQ(P({"toe", "listen", "add", "dev", "eth2", "port", "8080"}, c, err),
		  EXIT_OK) << err;
	EXPECT_EQ(c.object, "toe");
	EXPECT_EQ(c.verb, "listen");
	EXPECT_EQ(c.args["op"], "add");
	EXPECT_EQ(c.args["dev"], "eth2");
	EXPECT_EQ(c.args["port"], "8080");
	EXPECT_FALSE(c.args.count("addr"));
	command d;
	ASSERT_EQ(P({"t", "l", "d", "d", "eth2", "p", "80", "a", "2001:DB8:0::1"}, d, err),
		  EXIT_OK) << err;
	EXPECT_EQ(d.args["op"], "del");			/* prefixes resolved */
	EXPECT_EQ(d.args["addr"], "2001:db8::1");	/* canonical */
	command f;
	ASSERT_EQ(P({"toe", "listen", "add", "dev", "eth2", "port", "0", "family", "inet6"},
		    f, err), EXIT_OK) << err;
	EXPECT_EQ(f.args["family"], "inet6");
	EXPECT_EQ(f.args["port"], "0");	/* the kernel refuses it, with its reason */
	command s;
	ASSERT_EQ(P({"-j", "toe"}, s, err), EXIT_OK) << err;
	EXPECT_EQ(s.verb, "show");
	command w;	/* toe show -w: the counters' rates, as stats show -w */
	ASSERT_EQ(P({"toe", "show", "-w", "-i", "0.5", "-c", "2", "dev", "eth2"}, w, err),
		  EXIT_OK) << err;
	EXPECT_EQ(w.verb, "show");
	EXPECT_TRUE(w.opt.watch);
	EXPECT_EQ(w.opt.count, 2);
	EXPECT_EQ(w.args["dev"], "eth2");
	EXPECT_NE(usage("toe").find("[-w [-i SECONDS]] [-c COUNT]"), std::string::npos);
	EXPECT_NE(usage("toe").find("inictl toe listen { add | del } dev IFNAME port PORT"),
		  std::string::npos);

	struct bad_case {
		std::vector<std::string> argv;
		const char *msg;
	};
	const std::vector<bad_case> bad = {
		{{"toe", "listen"}, "toe listen needs add or del"},
		{{"toe", "listen", "set", "dev", "eth2"}, "unknown toe listen operation \"set\""},
		{{"toe", "listen", "add", "port", "80"}, "needs \"dev IFNAME\" and \"port PORT\""},
		{{"toe", "listen", "add", "dev", "eth2"}, "needs \"dev IFNAME\" and \"port PORT\""},
		{{"toe", "listen", "add", "dev", "eth2", "port", "65536"}, "bad port \"65536\" (0 to 65535)"},
		{{"toe", "listen", "add", "dev", "eth2", "port", "http"}, "bad port \"http\""},
		{{"toe", "listen", "add", "dev", "eth2", "port", "80", "addr", "10.0.0"},
		 "bad addr \"10.0.0\" (an IPv4 or IPv6 address)"},
		{{"toe", "listen", "add", "dev", "eth2", "port", "80", "addr", "10.0.0.1",
		  "family", "inet6"}, "addr 10.0.0.1 is not of family inet6"},
		{{"toe", "listen", "add", "dev", "eth2", "port", "80", "family", "ipx"},
		 "bad family \"ipx\" (inet or inet6)"},
		{{"toe", "listen", "add", "dev", "0000:00:03.0", "port", "80"},
		 "dev names a port's netdev, not a PCI address"},
		{{"toe", "show", "port", "80"}, "unknown argument \"port\""},
		{{"toe", "listen", "add", "dev", "eth2", "port", "80", "-w"}, "-w is for"},
	};

	for (const auto &b : bad) {
		command e;

		err.clear();
		EXPECT_EQ(P(b.argv, e, err), EXIT_USAGE) << b.msg;
		EXPECT_NE(err.find(b.msg), std::string::npos) << err;
		EXPECT_EQ(err.find('\n'), std::string::npos) << err;	/* one line */
	}
}

TEST(Output, Toe)
{
	record l4, l6, p, r;
	uint8_t ip[16];
	int fam;

	ASSERT_TRUE(parse_ip("192.0.2.7", fam, ip));
	EXPECT_EQ(fam, 4);
	EXPECT_EQ(to_hex(ip, 4), "c0000207");
	ASSERT_TRUE(parse_ip("fe80::1", fam, ip));
	EXPECT_EQ(fam, 6);
	EXPECT_FALSE(parse_ip("fe80::1::2", fam, ip));
	EXPECT_FALSE(parse_ip("", fam, ip));
	EXPECT_EQ(toe_addr_text(4, "c0000207"), "192.0.2.7");
	EXPECT_EQ(toe_addr_text(6, "fe800000000000000000000000000001"), "[fe80::1]");
	EXPECT_EQ(toe_addr_text(4, ""), "0.0.0.0");
	EXPECT_EQ(toe_addr_text(6, ""), "[::]");
	EXPECT_EQ(toe_addr_text(4, "c00002"), "c00002");	/* malformed: raw */
	EXPECT_EQ(toe_options_text(INIC_TOE_CTRL_WSCALE | INIC_TOE_CTRL_SACK |
				   INIC_TOE_CTRL_TS), "wscale,sack,ts");
	EXPECT_EQ(toe_options_text(0), "mss-only");

	l4.add("index", value::num(0));
	l4.add("ifname", value::str("eth2"));
	l4.add("tcp-port", value::num(8080));
	l4.add("family", value::num(4));
	l6.add("index", value::num(1));
	l6.add("ifname", value::str("eth2"));
	l6.add("tcp-port", value::num(8080));
	l6.add("family", value::num(6));
	l6.add("addr", value::str("20010db8000000000000000000000001"));
	p.add("port-index", value::num(0));
	p.add("ifname", value::str("eth2"));
	p.add("listeners", value::num(2));
	p.add("syn-answered", value::num(12));
	p.add("handshakes", value::num(10));
	p.add("invalid-acks", value::num(1));
	p.add("syn-passed", value::num(3));
	p.add("synack-drops", value::num(0));
	r.add("bus-name", value::str("0000:00:03.0"));
	r.add("enabled", value::num(1));
	r.add("options", value::num(INIC_TOE_CTRL_TS | INIC_TOE_CTRL_SACK));
	r.add("listener", value::array({value::object(l4), value::object(l6)}));
	r.add("port", value::array({value::object(p)}));
	EXPECT_EQ(toe_text(r),
		  "dev 0000:00:03.0 toe on options sack,ts\n"
		  "    listen eth2 0.0.0.0:8080 (entry 0)\n"
		  "    listen eth2 [2001:db8::1]:8080 (entry 1)\n"
		  "    port 0 eth2 listeners 2 syn-answered 12 handshakes 10 invalid-acks 1 syn-passed 3 synack-drops 0\n");
	record off;
	off.add("bus-name", value::str("0000:00:03.0"));
	off.add("enabled", value::num(0));
	EXPECT_EQ(toe_text(off), "dev 0000:00:03.0 toe off\n");
}

TEST(Parse, Vnic)
{
	command c;
	std::string err;

	ASSERT_EQ(P({"vnic", "add", "dev", "eth2", "name", "vn0", "mac",
		     "02:00:00:00:00:01", "vlan", "10", "rings", "2", "maxbw",
		     "1gbit"}, c, err), EXIT_OK) << err;
	EXPECT_EQ(c.object, "vnic");
	EXPECT_EQ(c.verb, "add");
	EXPECT_EQ(c.args["name"], "vn0");
	EXPECT_EQ(c.args["maxbw"], "1gbit");
	c = command();
	ASSERT_EQ(P({"vn", "a", "dev", "eth2", "name", "dbg0", "mirror", "vn0"},
		    c, err), EXIT_OK) << err;
	EXPECT_EQ(c.args["mirror"], "vn0");
	EXPECT_EQ(c.args.count("mirror-vf"), 0u);
	/* "mirror vf N": a VF of the port, then more arguments may follow */
	c = command();
	ASSERT_EQ(P({"vnic", "add", "dev", "eth2", "mirror", "vf", "3", "name",
		     "dbg1"}, c, err), EXIT_OK) << err;
	EXPECT_EQ(c.args["mirror-vf"], "3");
	EXPECT_EQ(c.args["name"], "dbg1");
	c = command();
	ASSERT_EQ(P({"vnic", "add", "dev", "eth2", "name", "dbg2", "mirror",
		     "eth2"}, c, err), EXIT_OK) << err;
	EXPECT_EQ(c.args["mirror"], "eth2");
	c = command();
	ASSERT_EQ(P({"-j", "vnic"}, c, err), EXIT_OK) << err;
	EXPECT_EQ(c.verb, "show");
	c = command();
	ASSERT_EQ(P({"vnic", "del", "dev", "eth2", "name", "vn0"}, c, err),
		  EXIT_OK) << err;
	c = command();
	ASSERT_EQ(P({"vnic", "set", "dev", "0000:01:00.0", "name", "vn0",
		     "maxbw", "0"}, c, err), EXIT_OK) << err;

	/* What each verb needs, and values the kernel would refuse. */
	const std::vector<std::pair<std::vector<std::string>, std::string>> bad = {
		{{"vnic", "add", "dev", "eth2"}, "needs \"dev IFNAME\" and \"name VNIC\""},
		{{"vnic", "add", "name", "vn0"}, "needs \"dev IFNAME\" and \"name VNIC\""},
		{{"vnic", "del", "dev", "eth2"}, "needs"},
		{{"vnic", "set", "dev", "eth2", "name", "vn0"}, "nothing to change"},
		{{"vnic", "add", "dev", "eth2", "name", "a/b"}, "bad name \"a/b\""},
		{{"vnic", "add", "dev", "eth2", "name", "vn%d"}, "bad name"},
		{{"vnic", "add", "dev", "eth2", "name", "sixteen-chars-xx"}, "bad name"},
		{{"vnic", "add", "dev", "eth2", "name", "vn0", "vlan", "4095"}, "bad vlan"},
		{{"vnic", "add", "dev", "eth2", "name", "vn0", "vlan", "0"}, "bad vlan"},
		{{"vnic", "add", "dev", "eth2", "name", "vn0", "rings", "17"}, "bad rings"},
		{{"vnic", "add", "dev", "eth2", "name", "vn0", "rings", "0"}, "bad rings"},
		{{"vnic", "add", "dev", "eth2", "name", "vn0", "maxbw", "fast"}, "bad maxbw"},
		{{"vnic", "add", "dev", "eth2", "name", "vn0", "maxbw", "10kbit"}, "bad maxbw"},
		{{"vnic", "add", "dev", "eth2", "name", "vn0", "mac", "zz"}, "bad mac"},
		{{"vnic", "add", "dev", "eth2", "name", "d0", "mirror", "vn0", "vlan", "5"},
		 "a mirror VNIC takes no"},
		{{"vnic", "add", "dev", "eth2", "name", "d0", "mirror", "vf", "32"},
		 "bad mirror vf \"32\""},
		{{"vnic", "add", "dev", "eth2", "name", "d0", "mirror", "vf", "x"},
		 "bad mirror vf"},
		{{"vnic", "add", "dev", "eth2", "name", "d0", "mirror", "vf"},
		 "\"mirror vf\" needs a VF number"},
		{{"vnic", "add", "dev", "eth2", "name", "d0", "mirror", "vf", "1",
		  "rings", "2"}, "a mirror VNIC takes no"},
		{{"vnic", "add", "dev", "eth2", "name", "d0", "mirror", "vn0",
		  "mirror", "vf", "1"}, "given twice"},
		{{"vnic", "add", "dev", "eth2", "name", "vn0", "ma", "x"}, "ambiguous argument"},
	};
	for (const auto &b : bad) {
		command d;

		EXPECT_EQ(P(b.first, d, err), EXIT_USAGE) << b.first.back();
		EXPECT_NE(err.find(b.second), std::string::npos) << err;
	}
}

TEST(Rate, Units)
{
	uint32_t m = 7;

	EXPECT_TRUE(parse_rate_mbit("100", m));
	EXPECT_EQ(m, 100u);
	EXPECT_TRUE(parse_rate_mbit("100mbit", m));
	EXPECT_EQ(m, 100u);
	EXPECT_TRUE(parse_rate_mbit("2Gbit", m));
	EXPECT_EQ(m, 2000u);
	EXPECT_TRUE(parse_rate_mbit("1.5g", m));
	EXPECT_EQ(m, 1500u);
	EXPECT_TRUE(parse_rate_mbit("5000kbit", m));
	EXPECT_EQ(m, 5u);
	EXPECT_TRUE(parse_rate_mbit("0", m));
	EXPECT_EQ(m, 0u);
	EXPECT_FALSE(parse_rate_mbit("1500kbit", m));	/* not whole Mbit/s */
	EXPECT_FALSE(parse_rate_mbit("-1", m));
	EXPECT_FALSE(parse_rate_mbit("10tbit", m));
	EXPECT_FALSE(parse_rate_mbit("5000000gbit", m));
	EXPECT_FALSE(parse_rate_mbit("", m));
}
