// SPDX-License-Identifier: GPL-2.0
/*
 * inictl: what every object's file shares. One file per object (dev.cpp,
 * port.cpp, stats.cpp, vf.cpp, rule.cpp, lag.cpp, toe.cpp, vnic.cpp,
 * monitor.cpp) holds its
 * handlers, which decode with the attribute tables generated from the spec
 * (nl_gen.h: <set>_fields); inictl.cpp maps "object verb" to a handler
 * (cmds[]); app.cpp holds the netlink round trips, decoding and printing
 * they all use.
 */
#ifndef INICTL_INICTL_H
#define INICTL_INICTL_H

#include <functional>
#include <string>
#include <vector>

#include "cli.h"
#include "nl.h"

namespace inictl {

/*
 * An enum (or flags) of the spec as inictl shows it: name() is the spec's
 * name of a value (nullptr if the spec has none); zero and other are
 * overrides kept from before the tables were generated (nullptr: none):
 * the text for 0 in an enum that starts at 1, and for any other value the
 * spec lacks. Without one, such a value shows as its number (flags: "bitN").
 */
struct nl_enum {
	const char *spec;	/* the spec's name of the enum */
	const char *(*name)(uint32_t value);
	const char *zero;
	const char *other;
};

/* An enum value as shown: its name, an override, or the number. */
std::string enum_text(const nl_enum &e, uint32_t v);
/* A flags value as shown: the name of each bit set, "bitN" if none. */
std::vector<std::string> flag_names(const nl_enum &e, uint32_t v);

/*
 * How one attribute becomes a JSON field (names as in the spec). The
 * tables are generated from the spec (nl_gen.h, scripts/gen-inictl.py
 * says which kind each type gets). F_ENUM: the value's name (en);
 * F_FLAGS: an array of the names of the bits set (en); F_FLAG: 1 when
 * present; F_MAC, F_HEX: a binary as a MAC address or hex bytes; F_NEST:
 * a nest, an object of the nested fields; F_NEST_LIST: a nest given once
 * per entry (multi-attr), an array of such objects; F_U32_LIST: a u32
 * given once per entry, an array of numbers.
 */
enum field_kind { F_U8, F_U16, F_U32, F_UINT, F_STR, F_FLAG, F_MAC, F_HEX,
		  F_ENUM, F_FLAGS, F_NEST, F_NEST_LIST, F_U32_LIST };

struct field {
	int type;
	const char *name;
	field_kind kind;
	const std::vector<field> *nested = nullptr;	/* F_NEST, F_NEST_LIST */
	const nl_enum *en = nullptr;			/* F_ENUM, F_FLAGS */
};

int max_type(const std::vector<field> &fields);
record decode(const attr_table &tb, const std::vector<field> &fields);
record decode_nest(const struct nlattr *nest,
		   const std::vector<field> &fields);
/* Print "inictl: MSG" on stderr and exit with code. */
[[noreturn]] void fail(const std::string &msg, int code = EXIT_ERROR);
/* A kernel refusal: its extack message, attributes named as in fields. */
[[noreturn]] void fail_nl(const nl_error &e, const std::vector<field> &fields);
std::string ifname_of(uint64_t ifindex);

/*
 * Watch mode (-w): sample() every interval (-i) until COUNT samples (-c)
 * or forever; it gets the seconds since the previous one. watch_print()
 * shows one sample as a table, refreshing the screen on a terminal.
 */
void watch(const options &opt, const std::function<void(double dt)> &sample);
void watch_print(const options &opt, const std::string &title, double dt,
		 const std::vector<std::string> &header,
		 const std::vector<std::vector<std::string>> &rows);

/* One parsed command line and the open netlink socket. */
class app {
public:
	explicit app(const command &c) : cmd(c) {}

	void open();
	std::vector<record> dump(uint8_t op, const std::vector<field> &fields,
				 const std::function<void(request &)> &put);
	record get(uint8_t op, const std::vector<field> &fields,
		   const std::function<void(request &)> &put);
	void print(const std::vector<record> &recs,
		   const std::vector<std::string> &header,
		   const std::function<std::vector<std::string>(const record &)> &row);
	std::string bus_of_ifname(const std::string &ifname);
	uint32_t ifindex_of(const std::string &ifname);

	command cmd;
	genl nl;
};

/* Handlers, by defining file. */
int dev_show(app &a);				/* dev.cpp */
int port_show(app &a);				/* port.cpp */
int port_set(app &a);
/* The ports with a "vnic" list of their VNICs (VNIC_GET records), if any. */
std::vector<record> port_with_vnics(const std::vector<record> &ports,
				    const std::vector<record> &vnics);
/* port show's table: a row per port, then one per VNIC of the port. */
std::string port_table(const std::vector<record> &recs);
int stats_show(app &a);				/* stats.cpp */
/* A ring's netdev in stats show: its VNIC's, else its port's. */
std::string stats_ifname(const record &r);
int vf_show(app &a);				/* vf.cpp */
int vf_set(app &a);
int rule_show(app &a);				/* rule.cpp */
int lag_show(app &a);
int toe_show(app &a);				/* toe.cpp */
int toe_listen(app &a);
int vnic_show(app &a);				/* vnic.cpp */
int vnic_add(app &a);
int vnic_del(app &a);
int vnic_set(app &a);
std::string vnic_text(const record &r);
int monitor(app &a);

} // namespace inictl

#endif
