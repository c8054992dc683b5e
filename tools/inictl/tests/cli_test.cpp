// SPDX-License-Identifier: GPL-2.0
/* Unit tests of inictl's argument parsing and output formatting. */
#include <gtest/gtest.h>

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
