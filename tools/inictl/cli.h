// SPDX-License-Identifier: GPL-2.0
/*
 * inictl: command-line parsing and output formatting. No netlink here, so
 * this part is unit-tested on the host (tests/cli_test.cpp).
 */
#ifndef INICTL_CLI_H
#define INICTL_CLI_H

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace inictl {

enum exit_code {
	EXIT_OK = 0,
	EXIT_ERROR = 1,	/* the kernel refused, or another runtime error */
	EXIT_USAGE = 2,	/* bad command line */
};

/* ---- command line ---- */

struct options {
	bool json = false;
	bool pretty = false;
	bool watch = false;
	double interval = 1.0;	/* -i SECONDS */
	long count = -1;	/* -c COUNT: samples (watch) or events (monitor) */
};

struct command {
	options opt;
	std::string object;	/* dev, port, stats, monitor, help; "" = help */
	std::string verb;	/* show, set, help */
	/* keyword arguments: dev, ring, mac, mtu, vf, lag */
	std::map<std::string, std::string> args;
};

/*
 * Resolve word to the one entry of choices it is a prefix of (an exact
 * match wins). Returns "" and sets err when there is none or several.
 */
std::string match_prefix(const std::string &word,
			 const std::vector<std::string> &choices,
			 const std::string &what, std::string &err);

/* Parse argv (without argv[0]). Returns EXIT_OK or EXIT_USAGE (err set). */
int parse(const std::vector<std::string> &argv, command &cmd, std::string &err);

/* Strict number parsing: the whole string, in range. */
bool parse_u32(const std::string &s, uint32_t max, uint32_t &out);
bool parse_seconds(const std::string &s, double &out);
bool parse_mac(const std::string &s, uint8_t mac[6]);
/* "0000:01:00.0": a PCI bus address (domain optional), not an ifname. */
bool looks_like_bus(const std::string &s);
/*
 * A bandwidth: Mbit/s, or a number with a unit (kbit, mbit, gbit, k, m,
 * g; case-insensitive) that comes to whole Mbit/s; "0" is no limit.
 */
bool parse_rate_mbit(const std::string &s, uint32_t &mbit);
/* A name the kernel takes for a netdev (dev_valid_name, no '%'). */
bool valid_ifname(const std::string &s);

std::string usage(const std::string &object);

/* ---- output ---- */

struct record;

/* A JSON value, just what inictl prints. */
struct value {
	enum kind { STR, NUM, LIST, OBJ, ARR } k = STR;
	std::string s;
	uint64_t n = 0;
	std::vector<std::string> list;
	std::shared_ptr<const record> obj;
	std::vector<value> items;	/* ARR: numbers, objects (multi-attr) */

	static value str(const std::string &v);
	static value num(uint64_t v);
	static value strs(const std::vector<std::string> &v);
	static value object(const record &v);
	static value array(const std::vector<value> &v);
};

/* One object: keys in output order. */
struct record {
	std::vector<std::pair<std::string, value>> fields;

	void add(const std::string &k, const value &v) { fields.emplace_back(k, v); }
	const value *get(const std::string &k) const;
	uint64_t num(const std::string &k) const;
	std::string str(const std::string &k) const;
};

std::string json_escape(const std::string &s);
/* An array of records; pretty: indented, one key per line. */
std::string to_json(const std::vector<record> &recs, bool pretty);
std::string to_json(const record &rec, bool pretty);

/* Aligned text table: a header row and rows of cells, two spaces apart. */
std::string table(const std::vector<std::string> &header,
		  const std::vector<std::vector<std::string>> &rows);

std::string format_mac(const uint8_t mac[6]);
std::string format_abi(uint32_t version);		/* "1.0" */
/* 1234567 -> "1.23M" (SI, 3 significant digits); below 1000 as is. */
std::string human_rate(double v);

/* Per-second rate between two counter samples (never negative). */
double rate(uint64_t prev, uint64_t cur, double seconds);

/* Capability bit names, bit n = entry n (the spec's "caps" flags). */
std::vector<std::string> caps_names(uint32_t caps);

/* ---- classifier rules ---- */

/* Bytes as lower-case hex, and back (false on a malformed string). */
std::string to_hex(const uint8_t *b, size_t n);
bool from_hex(const std::string &s, std::vector<uint8_t> &out);

/*
 * A rule's match, decoded from its 64-byte key and mask images (the
 * device's layout, INIC_CLS_K_* in inic_hw.h): one field per matched
 * header field, in image order, e.g. {"ip-proto", "udp"},
 * {"dst-ip", "10.1.0.2/32"}, {"dst-port", "5301"}; a partial mask is
 * shown as value/mask. Nothing matched: empty.
 */
record rule_match(const uint8_t *key, const uint8_t *mask, size_t len);
/* "field value field value ...", or "any". */
std::string rule_match_text(const record &match);
/*
 * A rule's action for a table: "drop", "pass", "queue 1", "rss 0",
 * "vf 2", then " mark 0x10", " mirror port 1", " police 1000kbit/1500B"
 * as present (fields named as the spec's rule attributes).
 */
std::string rule_action_text(const record &rule);

/* ---- bonding offload (LAG) ---- */

/* A device clock in ns as seconds: 12345678901 -> "12.345678901s". */
std::string format_ns(uint64_t ns);
/*
 * One device's LAG_GET reply (fields named as the spec's lag attributes,
 * "member" an array of objects, "last-failover" an object, "vf-pinned" an
 * array of numbers) as inictl lag show prints it: a group line, a line per
 * member, the failovers and the last one, the counters, the pinned
 * functions; when not offloaded, the reason instead of the group.
 */
std::string lag_text(const record &lag);
/*
 * A lag-failover-ntf event (fields named as the spec's event attributes):
 * "lag failover DEV: port A -> port B (REASON) at T".
 */
std::string lag_failover_text(const record &ev);

/* ---- TOE connection handoff ---- */

/* An IPv4 or IPv6 address: family 4 or 6 and its bytes (16, zero-padded). */
bool parse_ip(const std::string &s, int &family, uint8_t out[16]);
std::string format_ip(int family, const uint8_t *b);
/* A listener's addr (hex bytes, "" = any) as "1.2.3.4" or "[::1]". */
std::string toe_addr_text(uint64_t family, const std::string &hex);
/* TOE options bits (the toe "options" attribute) as "wscale,sack,ts". */
std::string toe_options_text(uint64_t options);
/*
 * One device's TOE_GET reply as inictl toe show prints it: the engine
 * line, a line per listener, a line of counters per port.
 */
std::string toe_text(const record &toe);

} // namespace inictl

#endif
