// SPDX-License-Identifier: GPL-2.0
/* inictl: command-line parsing and output formatting (see cli.h). */
#include "cli.h"
#include "nl_gen.h"

#include <inic_hw.h>

#include <arpa/inet.h>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <cctype>
#include <strings.h>
#include <sstream>

namespace inictl {

std::string match_prefix(const std::string &word,
			 const std::vector<std::string> &choices,
			 const std::string &what, std::string &err)
{
	std::vector<std::string> hits;

	if (word.empty()) {
		err = "empty " + what;
		return "";
	}
	for (const auto &c : choices) {
		if (c == word)
			return c;
		if (c.compare(0, word.size(), word) == 0)
			hits.push_back(c);
	}
	if (hits.size() == 1)
		return hits[0];
	if (hits.empty()) {
		err = "unknown " + what + " \"" + word + "\"";
	} else {
		err = "ambiguous " + what + " \"" + word + "\" (";
		for (size_t i = 0; i < hits.size(); i++)
			err += (i ? ", " : "") + hits[i];
		err += ")";
	}
	return "";
}

bool parse_u32(const std::string &s, uint32_t max, uint32_t &out)
{
	char *end;
	unsigned long long v;

	if (s.empty() || s[0] < '0' || s[0] > '9')
		return false;
	errno = 0;
	v = strtoull(s.c_str(), &end, 0);
	if (errno || *end || v > max)
		return false;
	out = (uint32_t)v;
	return true;
}

bool parse_seconds(const std::string &s, double &out)
{
	char *end;
	double v;

	if (s.empty())
		return false;
	errno = 0;
	v = strtod(s.c_str(), &end);
	if (errno || *end || !std::isfinite(v) || v < 0.01 || v > 86400)
		return false;
	out = v;
	return true;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

bool parse_mac(const std::string &s, uint8_t mac[6])
{
	if (s.size() != 17)
		return false;
	for (int i = 0; i < 6; i++) {
		int hi = hexval(s[3 * i]), lo = hexval(s[3 * i + 1]);

		if (hi < 0 || lo < 0 || (i < 5 && s[3 * i + 2] != ':'))
			return false;
		mac[i] = (uint8_t)(hi << 4 | lo);
	}
	return true;
}

/* s matches pattern, where 'h' is a hex digit, 'o' an octal digit. */
static bool shape(const std::string &s, const char *pattern)
{
	size_t i = 0;

	for (; pattern[i]; i++) {
		char c = i < s.size() ? s[i] : '\0';

		if (pattern[i] == 'h' ? hexval(c) < 0 :
		    pattern[i] == 'o' ? c < '0' || c > '7' : c != pattern[i])
			return false;
	}
	return i == s.size();
}

bool parse_rate_mbit(const std::string &s, uint32_t &mbit)
{
	static const struct {
		const char *unit;
		double mbit;
	} units[] = {
		{"", 1}, {"mbit", 1}, {"m", 1}, {"gbit", 1000}, {"g", 1000},
		{"kbit", 0.001}, {"k", 0.001},
	};
	char *end;
	double v;

	if (s.empty() || s[0] < '0' || s[0] > '9')
		return false;
	errno = 0;
	v = strtod(s.c_str(), &end);
	if (errno || !std::isfinite(v))
		return false;
	for (const auto &u : units) {
		if (strcasecmp(end, u.unit))
			continue;
		v *= u.mbit;
		/* Whole Mbit/s: the device's unit; 0 only when asked for. */
		if (v > 0xffffffffu || (v > 0 && v < 1) || v != std::floor(v))
			return false;
		mbit = (uint32_t)v;
		return true;
	}
	return false;
}

bool valid_ifname(const std::string &s)
{
	if (s.empty() || s.size() > 15 || s == "." || s == "..")
		return false;
	for (char c : s)
		if (c == '/' || c == ':' || c == '%' || isspace((unsigned char)c))
			return false;
	return true;
}

bool looks_like_bus(const std::string &s)
{
	return shape(s, "hhhh:hh:hh.o") || shape(s, "hh:hh.o");
}

/*
 * The grammar, one row per object: its verbs (the first is the default when
 * none is given, like ip's "ip link" lists), the keyword arguments each verb
 * takes and the object's usage text. A new object is a new row here and a
 * new file with its handlers (see inictl.cpp's command table).
 */
struct verb_spec {
	const char *name;
	std::vector<std::string> keys;
	bool implicit;		/* only as the default, never typed */
};

struct object_spec {
	const char *name;
	std::vector<verb_spec> verbs;
	const char *usage;
};

static const std::vector<object_spec> object_table = {
	{"dev", {{"show", {"dev"}, false}, {"help", {}, false}},
	 "Usage: inictl [-j] [-p] dev show [dev IFNAME|BUS]\n"
	 "       inictl dev help\n"},
	{"port", {{"show", {"dev"}, false}, {"set", {"dev", "mac", "mtu"}, false},
		  {"help", {}, false}},
	 "Usage: inictl [-j] [-p] port show [dev IFNAME|BUS]\n"
	 "       inictl port set dev IFNAME [mac MAC] [mtu MTU]\n"
	 "       inictl port help\n"},
	{"stats", {{"show", {"dev", "ring"}, false}, {"help", {}, false}},
	 "Usage: inictl [-j] [-p] stats show [dev IFNAME|BUS] [ring N]\n"
	 "                    [-w [-i SECONDS]] [-c COUNT]\n"
	 "       inictl stats help\n"
	 "  -w  watch: per-ring rates every interval (-i, default 1 s),\n"
	 "      COUNT samples (-c, default: until interrupted)\n"},
	{"vf", {{"show", {"dev", "vf"}, false},
		{"set", {"dev", "vf", "lag"}, false}, {"help", {}, false}},
	 "Usage: inictl [-j] [-p] vf show [dev IFNAME|BUS] [vf N]\n"
	 "       inictl vf set dev IFNAME|BUS vf N lag { follow | pin }\n"
	 "       inictl vf help\n"
	 "  SR-IOV VFs of a PF (port 0's netdev or the PCI address):\n"
	 "  policy (ip link set ... vf N ...) and per-VF counters;\n"
	 "  set: the VF follows the bond offloaded to the device, or is\n"
	 "  pinned to its own port\n"},
	{"vnic", {{"show", {"dev", "name"}, false},
		  {"add", {"dev", "name", "mac", "vlan", "rings", "maxbw",
			   "mirror"}, false},
		  {"del", {"dev", "name"}, false},
		  {"set", {"dev", "name", "maxbw"}, false},
		  {"help", {}, false}},
	 "Usage: inictl [-j] [-p] vnic show [dev IFNAME|BUS] [name VNIC]\n"
	 "       inictl vnic add dev IFNAME name VNIC [mac MAC] [vlan VID]\n"
	 "                       [rings N] [maxbw RATE]\n"
	 "       inictl vnic add dev IFNAME name VNIC mirror { VNIC | IFNAME | vf N }\n"
	 "       inictl vnic del dev IFNAME|BUS name VNIC\n"
	 "       inictl vnic set dev IFNAME|BUS name VNIC maxbw RATE\n"
	 "       inictl vnic help\n"
	 "  VNICs: slices of a port with their own MAC, VLAN, rings, netdev,\n"
	 "  bandwidth limit and counters; a mirror VNIC receives a copy of\n"
	 "  everything another VNIC, the port itself (mirror IFNAME, the\n"
	 "  dev's own name) or a VF of the port (mirror vf N) sends and\n"
	 "  receives.\n"
	 "  RATE: Mbit/s, or a number with a unit (kbit, mbit, gbit; 0: no\n"
	 "  limit); VID 1 to 4094; N 1 to 16 ring pairs\n"},
	{"lag", {{"show", {"dev"}, false}, {"help", {}, false}},
	 "Usage: inictl [-j] [-p] lag show [dev IFNAME|BUS]\n"
	 "       inictl lag help\n"
	 "  bonding offload: the device's link aggregation group (upper\n"
	 "  device, mode, members, failovers, pinned functions), or why\n"
	 "  the bond is not offloaded\n"},
	{"toe", {{"show", {"dev"}, false},
		 {"listen", {"dev", "port", "addr", "family"}, false},
		 {"help", {}, false}},
	 "Usage: inictl [-j] [-p] toe show [dev IFNAME|BUS]\n"
	 "                  [-w [-i SECONDS]] [-c COUNT]\n"
	 "       inictl toe listen { add | del } dev IFNAME port PORT\n"
	 "                         [addr ADDR | family { inet | inet6 }]\n"
	 "       inictl toe help\n"
	 "  TOE connection handoff: the device answers SYNs to a listener\n"
	 "  with SYN cookies and hands completed handshakes to the host;\n"
	 "  without addr or family, add/del covers IPv4 and IPv6 (any\n"
	 "  address); show: listeners and per-port counters\n"},
	{"rule", {{"show", {"dev"}, false}, {"help", {}, false}},
	 "Usage: inictl [-j] [-p] rule show [dev IFNAME|BUS]\n"
	 "                   [-w [-i SECONDS]] [-c COUNT]\n"
	 "       inictl rule help\n"
	 "  classifier rules (ethtool ntuple and tc flower) with their\n"
	 "  match, action and hit counters; -w: hit rates every interval\n"},
	{"monitor", {{"show", {}, true}, {"help", {}, false}},
	 "Usage: inictl [-j] [-p] monitor [-c COUNT]\n"
	 "       inictl monitor help\n"
	 "  print events (link changes, VF state changes, LAG failovers)\n"
	 "  as they happen; stop after COUNT events with -c\n"},
};

static const object_spec *find_object(const std::string &name)
{
	for (const auto &o : object_table)
		if (name == o.name)
			return &o;
	return nullptr;
}

std::string usage(const std::string &object)
{
	const object_spec *o = find_object(object);
	std::string all, names;

	if (o)
		return o->usage;
	for (const auto &t : object_table) {
		all += t.usage;
		names += std::string(t.name) + " | ";
	}
	return "Usage: inictl [OPTIONS] OBJECT COMMAND [ARGS]\n"
	       "  OBJECT := { " + names + "help }\n"
	       "  OPTIONS := { -j[son] | -p[retty] | -V[ersion] | -h[elp] }\n"
	       "  Objects and commands may be abbreviated (unique prefix).\n"
	       "  Exit status: 0 ok, 1 error (e.g. refused by the kernel),\n"
	       "  2 usage error.\n\n" + all;
}

/* Options may appear anywhere; returns false on a bad one (err set). */
static bool take_option(const std::vector<std::string> &argv, size_t &i,
			options &opt, std::string &err)
{
	const std::string &a = argv[i];
	std::string name = a.substr(a[1] == '-' ? 2 : 1);
	std::string val;

	auto need_value = [&]() {
		if (i + 1 >= argv.size()) {
			err = "option " + a + " needs a value";
			return false;
		}
		val = argv[++i];
		return true;
	};

	if (name == "j" || name == "json") {
		opt.json = true;
	} else if (name == "p" || name == "pretty") {
		opt.json = true;
		opt.pretty = true;
	} else if (name == "w" || name == "watch") {
		opt.watch = true;
	} else if (name == "i" || name == "interval") {
		if (!need_value())
			return false;
		if (!parse_seconds(val, opt.interval)) {
			err = "bad interval \"" + val + "\" (seconds, 0.01 to 86400)";
			return false;
		}
	} else if (name == "c" || name == "count") {
		uint32_t c;

		if (!need_value())
			return false;
		if (!parse_u32(val, 1000000000, c) || c == 0) {
			err = "bad count \"" + val + "\" (a positive integer)";
			return false;
		}
		opt.count = c;
	} else {
		err = "unknown option " + a;
		return false;
	}
	return true;
}

/* "vnic" arguments: values and what each verb needs. */
static bool vnic_checks(command &cmd, std::string &err)
{
	uint32_t u;

	if (cmd.args.count("name") && !valid_ifname(cmd.args["name"])) {
		err = "bad name \"" + cmd.args["name"] +
		      "\" (1 to 15 characters, no '/', ':', '%' or space)";
		return false;
	}
	if (cmd.args.count("mirror-vf") &&
	    !parse_u32(cmd.args["mirror-vf"], 31, u)) {
		err = "bad mirror vf \"" + cmd.args["mirror-vf"] + "\" (0 to 31)";
		return false;
	}
	if (cmd.args.count("mirror") && !valid_ifname(cmd.args["mirror"])) {
		err = "bad mirror \"" + cmd.args["mirror"] +
		      "\" (a VNIC's or the port's name, or vf N)";
		return false;
	}
	if (cmd.args.count("vlan") &&
	    (!parse_u32(cmd.args["vlan"], 4094, u) || u == 0)) {
		err = "bad vlan \"" + cmd.args["vlan"] + "\" (1 to 4094)";
		return false;
	}
	if (cmd.args.count("rings") &&
	    (!parse_u32(cmd.args["rings"], INIC_VNIC_MAX_RINGS, u) || u == 0)) {
		err = "bad rings \"" + cmd.args["rings"] + "\" (1 to " +
		      std::to_string(INIC_VNIC_MAX_RINGS) + ")";
		return false;
	}
	if (cmd.args.count("maxbw") && !parse_rate_mbit(cmd.args["maxbw"], u)) {
		err = "bad maxbw \"" + cmd.args["maxbw"] +
		      "\" (Mbit/s, or a number with kbit, mbit or gbit)";
		return false;
	}
	if (cmd.verb == "show")
		return true;
	if (!cmd.args.count("dev") || !cmd.args.count("name")) {
		err = "vnic " + cmd.verb + " needs \"dev IFNAME\" and \"name VNIC\"";
		return false;
	}
	if (cmd.verb == "add" && cmd.args.count("mirror") &&
	    (cmd.args.count("mac") || cmd.args.count("vlan") ||
	     cmd.args.count("maxbw") || cmd.args.count("rings"))) {
		err = "vnic add ... mirror: a mirror VNIC takes no mac, vlan, rings or maxbw";
		return false;
	}
	if (cmd.verb == "set" && !cmd.args.count("maxbw")) {
		err = "vnic set: nothing to change (give maxbw RATE)";
		return false;
	}
	return true;
}

int parse(const std::vector<std::string> &argv, command &cmd, std::string &err)
{
	std::vector<std::string> words;

	for (size_t i = 0; i < argv.size(); i++) {
		const std::string &a = argv[i];

		if (a == "-h" || a == "--help" || a == "-help") {
			cmd.object = "help";
			return EXIT_OK;
		}
		if (a == "-V" || a == "--version" || a == "-Version") {
			cmd.object = "version";
			return EXIT_OK;
		}
		if (a.size() > 1 && a[0] == '-') {
			if (!take_option(argv, i, cmd.opt, err))
				return EXIT_USAGE;
			continue;
		}
		words.push_back(a);
	}
	if (words.empty()) {
		err = "no object given (try \"inictl help\")";
		return EXIT_USAGE;
	}
	std::vector<std::string> objects;

	for (const auto &o : object_table)
		objects.push_back(o.name);
	objects.push_back("help");
	cmd.object = match_prefix(words[0], objects, "object", err);
	if (cmd.object.empty())
		return EXIT_USAGE;
	if (cmd.object == "help")
		return EXIT_OK;

	const object_spec *obj = find_object(cmd.object);
	const verb_spec *verb = &obj->verbs[0];
	std::vector<std::string> verbs;
	size_t k = 1;

	for (const auto &v : obj->verbs)
		if (!v.implicit)
			verbs.push_back(v.name);
	if (words.size() >= 2) {
		cmd.verb = match_prefix(words[1], verbs, "command", err);
		if (cmd.verb.empty())
			return EXIT_USAGE;
		for (const auto &v : obj->verbs)
			if (cmd.verb == v.name)
				verb = &v;
		k = 2;
	}
	cmd.verb = verb->name;
	if (cmd.verb == "help")
		return EXIT_OK;

	/* "toe listen add|del ...": the verb takes an operation. */
	if (cmd.object == "toe" && cmd.verb == "listen") {
		if (k >= words.size()) {
			err = "toe listen needs add or del";
			return EXIT_USAGE;
		}
		std::string op = match_prefix(words[k], {"add", "del"},
					      "toe listen operation", err);

		if (op.empty())
			return EXIT_USAGE;
		cmd.args["op"] = op;
		k++;
	}

	const std::vector<std::string> &keys = verb->keys;
	std::string prev;
	uint32_t u;

	for (; k < words.size(); k += 2) {
		/*
		 * "lag pin PORT": a VF can be pinned only to its own port,
		 * and the driver puts every VF on port 0: nothing to choose.
		 */
		if (prev == "lag" && parse_u32(words[k], 0xffffffffu, u)) {
			err = "\"lag " + words[k - 1] + " " + words[k] +
			      "\": a VF is pinned to its own port (every VF "
			      "is on port 0), give \"lag pin\" without a port";
			return EXIT_USAGE;
		}
		std::string key = match_prefix(words[k], keys, "argument", err);

		if (key.empty())
			return EXIT_USAGE;
		if (k + 1 >= words.size()) {
			err = "argument \"" + key + "\" needs a value";
			return EXIT_USAGE;
		}
		/* "vnic add ... mirror vf N": a VF of the port, not a name. */
		if (cmd.object == "vnic" && key == "mirror" &&
		    words[k + 1] == "vf") {
			if (k + 2 >= words.size()) {
				err = "\"mirror vf\" needs a VF number";
				return EXIT_USAGE;
			}
			if (cmd.args.count(key)) {
				err = "argument \"" + key + "\" given twice";
				return EXIT_USAGE;
			}
			cmd.args[key] = "vf";
			cmd.args["mirror-vf"] = words[k + 2];
			prev = key;
			k++;
			continue;
		}
		if (cmd.args.count(key)) {
			err = "argument \"" + key + "\" given twice";
			return EXIT_USAGE;
		}
		cmd.args[key] = words[k + 1];
		prev = key;
	}

	/* Value checks that need no kernel. */
	uint8_t mac[6];

	if (cmd.args.count("ring") && !parse_u32(cmd.args["ring"], 255, u)) {
		err = "bad ring \"" + cmd.args["ring"] + "\" (0 to 255)";
		return EXIT_USAGE;
	}
	if (cmd.args.count("vf") && !parse_u32(cmd.args["vf"], 31, u)) {
		err = "bad vf \"" + cmd.args["vf"] + "\" (0 to 31)";
		return EXIT_USAGE;
	}
	if (cmd.args.count("mtu") &&
	    !parse_u32(cmd.args["mtu"], 0xffffffffu, u)) {
		err = "bad mtu \"" + cmd.args["mtu"] + "\" (a number)";
		return EXIT_USAGE;
	}
	if (cmd.args.count("mac") && !parse_mac(cmd.args["mac"], mac)) {
		err = "bad mac \"" + cmd.args["mac"] + "\" (xx:xx:xx:xx:xx:xx)";
		return EXIT_USAGE;
	}
	if (cmd.args.count("lag")) {
		std::string mode = match_prefix(cmd.args["lag"], {"follow", "pin"},
						"lag", err);

		if (mode.empty()) {
			err = "bad lag \"" + cmd.args["lag"] + "\" (follow or pin)";
			return EXIT_USAGE;
		}
		cmd.args["lag"] = mode;
	}
	if (cmd.object == "vf" && cmd.verb == "set") {
		if (!cmd.args.count("dev") || !cmd.args.count("vf")) {
			err = "vf set needs \"dev IFNAME|BUS\" and \"vf N\"";
			return EXIT_USAGE;
		}
		if (!cmd.args.count("lag")) {
			err = "vf set: nothing to change (give lag follow|pin)";
			return EXIT_USAGE;
		}
	}
	if (cmd.object == "vnic" && !vnic_checks(cmd, err))
		return EXIT_USAGE;
	if (cmd.object == "port" && cmd.verb == "set") {
		if (!cmd.args.count("dev")) {
			err = "port set needs \"dev IFNAME\"";
			return EXIT_USAGE;
		}
		if (!cmd.args.count("mac") && !cmd.args.count("mtu")) {
			err = "port set: nothing to change (give mac and/or mtu)";
			return EXIT_USAGE;
		}
	}
	if (cmd.object == "toe" && cmd.verb == "listen") {
		uint8_t ip[16];
		int fam = 0;

		if (!cmd.args.count("dev") || !cmd.args.count("port")) {
			err = "toe listen " + cmd.args["op"] +
			      " needs \"dev IFNAME\" and \"port PORT\"";
			return EXIT_USAGE;
		}
		if (looks_like_bus(cmd.args["dev"])) {
			err = "toe listen: dev names a port's netdev, not a PCI address";
			return EXIT_USAGE;
		}
		if (!parse_u32(cmd.args["port"], 65535, u)) {
			err = "bad port \"" + cmd.args["port"] + "\" (0 to 65535)";
			return EXIT_USAGE;
		}
		if (cmd.args.count("addr")) {
			if (!parse_ip(cmd.args["addr"], fam, ip)) {
				err = "bad addr \"" + cmd.args["addr"] +
				      "\" (an IPv4 or IPv6 address)";
				return EXIT_USAGE;
			}
			cmd.args["addr"] = format_ip(fam, ip);
		}
		if (cmd.args.count("family")) {
			std::string f = match_prefix(cmd.args["family"],
						     {"inet", "inet6"},
						     "family", err);

			if (f.empty()) {
				err = "bad family \"" + cmd.args["family"] +
				      "\" (inet or inet6)";
				return EXIT_USAGE;
			}
			if (fam && fam != (f == "inet" ? 4 : 6)) {
				err = "addr " + cmd.args["addr"] +
				      " is not of family " + f;
				return EXIT_USAGE;
			}
			cmd.args["family"] = f;
		}
	}
	if (cmd.opt.watch && cmd.object != "stats" && cmd.object != "rule" &&
	    !(cmd.object == "toe" && cmd.verb == "show")) {
		err = "-w is for \"stats show\", \"rule show\" and \"toe show\" only";
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

/* ---- output ---- */

value value::str(const std::string &v)
{
	value r;

	r.k = STR;
	r.s = v;
	return r;
}

value value::num(uint64_t v)
{
	value r;

	r.k = NUM;
	r.n = v;
	return r;
}

value value::strs(const std::vector<std::string> &v)
{
	value r;

	r.k = LIST;
	r.list = v;
	return r;
}

value value::object(const record &v)
{
	value r;

	r.k = OBJ;
	r.obj = std::make_shared<const record>(v);
	return r;
}

value value::array(const std::vector<value> &v)
{
	value r;

	r.k = ARR;
	r.items = v;
	return r;
}

const value *record::get(const std::string &k) const
{
	for (const auto &f : fields)
		if (f.first == k)
			return &f.second;
	return nullptr;
}

uint64_t record::num(const std::string &k) const
{
	const value *v = get(k);

	return v && v->k == value::NUM ? v->n : 0;
}

std::string record::str(const std::string &k) const
{
	const value *v = get(k);

	return v && v->k == value::STR ? v->s : "";
}

std::string json_escape(const std::string &s)
{
	std::string o = "\"";

	for (unsigned char c : s) {
		switch (c) {
		case '"': o += "\\\""; break;
		case '\\': o += "\\\\"; break;
		case '\n': o += "\\n"; break;
		case '\t': o += "\\t"; break;
		case '\r': o += "\\r"; break;
		default:
			if (c < 0x20) {
				char buf[8];

				snprintf(buf, sizeof(buf), "\\u%04x", c);
				o += buf;
			} else {
				o += (char)c;
			}
		}
	}
	return o + "\"";
}

static std::string json_record(const record &r, bool pretty, int depth);

static std::string json_value(const value &v, bool pretty, int depth)
{
	switch (v.k) {
	case value::OBJ:
		return json_record(*v.obj, pretty, depth);
	case value::NUM:
		return std::to_string(v.n);
	case value::ARR: {
		std::string o = "[";

		for (size_t i = 0; i < v.items.size(); i++)
			o += (i ? (pretty ? ", " : ",") : "") +
			     json_value(v.items[i], pretty, depth);
		return o + "]";
	}
	case value::LIST: {
		std::string o = "[";

		for (size_t i = 0; i < v.list.size(); i++)
			o += (i ? (pretty ? ", " : ",") : "") + json_escape(v.list[i]);
		return o + "]";
	}
	default:
		return json_escape(v.s);
	}
}

static std::string json_record(const record &r, bool pretty, int depth)
{
	std::string ind(pretty ? 2 * (depth + 1) : 0, ' ');
	std::string o = "{";

	for (size_t i = 0; i < r.fields.size(); i++) {
		o += i ? "," : "";
		if (pretty)
			o += "\n" + ind;
		o += json_escape(r.fields[i].first) + (pretty ? ": " : ":");
		o += json_value(r.fields[i].second, pretty, depth + 1);
	}
	if (pretty && !r.fields.empty())
		o += "\n" + std::string(2 * depth, ' ');
	return o + "}";
}

std::string to_json(const record &rec, bool pretty)
{
	return json_record(rec, pretty, 0);
}

std::string to_json(const std::vector<record> &recs, bool pretty)
{
	std::string o = "[";

	for (size_t i = 0; i < recs.size(); i++) {
		o += i ? "," : "";
		if (pretty)
			o += "\n  ";
		o += json_record(recs[i], pretty, 1);
	}
	if (pretty && !recs.empty())
		o += "\n";
	return o + "]";
}

std::string table(const std::vector<std::string> &header,
		  const std::vector<std::vector<std::string>> &rows)
{
	std::vector<size_t> w(header.size());
	std::string o;

	for (size_t c = 0; c < header.size(); c++)
		w[c] = header[c].size();
	for (const auto &r : rows)
		for (size_t c = 0; c < r.size() && c < w.size(); c++)
			w[c] = std::max(w[c], r[c].size());

	auto line = [&](const std::vector<std::string> &cells) {
		std::string l;

		for (size_t c = 0; c < w.size(); c++) {
			std::string cell = c < cells.size() ? cells[c] : "";

			l += cell;
			if (c + 1 < w.size())
				l += std::string(w[c] - cell.size() + 2, ' ');
		}
		while (!l.empty() && l.back() == ' ')
			l.pop_back();
		return l + "\n";
	};
	o = line(header);
	for (const auto &r : rows)
		o += line(r);
	return o;
}

std::string format_mac(const uint8_t mac[6])
{
	char buf[18];

	snprintf(buf, sizeof(buf), "%02x:%02x:%02x:%02x:%02x:%02x", mac[0],
		 mac[1], mac[2], mac[3], mac[4], mac[5]);
	return buf;
}

std::string format_abi(uint32_t version)
{
	return std::to_string(version >> 16) + "." +
	       std::to_string(version & 0xffff);
}

std::string human_rate(double v)
{
	static const char *const units[] = {"", "k", "M", "G", "T", "P"};
	char buf[32];
	int u = 0;

	if (v < 1000) {
		snprintf(buf, sizeof(buf), "%.0f", v);
		return buf;
	}
	while (v >= 1000 && u < 5) {
		v /= 1000;
		u++;
	}
	snprintf(buf, sizeof(buf), v < 10 ? "%.2f%s" : v < 100 ? "%.1f%s" : "%.0f%s",
		 v, units[u]);
	return buf;
}

double rate(uint64_t prev, uint64_t cur, double seconds)
{
	if (cur <= prev || seconds <= 0)
		return 0;
	return (double)(cur - prev) / seconds;
}

std::vector<std::string> flag_names(const nl_enum &e, uint32_t v)
{
	std::vector<std::string> out;

	for (unsigned int i = 0; i < 32; i++) {
		const char *n;

		if (!(v & (1u << i)))
			continue;
		n = e.name(1u << i);
		out.push_back(n ? n : "bit" + std::to_string(i));
	}
	return out;
}

std::vector<std::string> caps_names(uint32_t caps)
{
	return flag_names(caps_enum, caps);
}

} // namespace inictl

/* ---- classifier rules ---- */

namespace inictl {

std::string to_hex(const uint8_t *b, size_t n)
{
	static const char digits[] = "0123456789abcdef";
	std::string o;

	for (size_t i = 0; i < n; i++) {
		o += digits[b[i] >> 4];
		o += digits[b[i] & 0xf];
	}
	return o;
}

bool from_hex(const std::string &s, std::vector<uint8_t> &out)
{
	out.clear();
	if (s.size() % 2)
		return false;
	for (size_t i = 0; i < s.size(); i += 2) {
		int hi = hexval(s[i]), lo = hexval(s[i + 1]);

		if (hi < 0 || lo < 0)
			return false;
		out.push_back((uint8_t)(hi << 4 | lo));
	}
	return true;
}

namespace {

/* The key and mask images, read by field. */
struct image {
	const uint8_t *key, *mask;

	bool any(size_t off, size_t n) const
	{
		for (size_t i = 0; i < n; i++)
			if (mask[off + i])
				return true;
		return false;
	}

	bool full(size_t off, size_t n) const
	{
		for (size_t i = 0; i < n; i++)
			if (mask[off + i] != 0xff)
				return false;
		return true;
	}

	uint16_t key16(size_t off) const { return (uint16_t)(key[off] << 8 | key[off + 1]); }
	uint16_t mask16(size_t off) const { return (uint16_t)(mask[off] << 8 | mask[off + 1]); }
};

std::string hexnum(unsigned int v, int width)
{
	char buf[16];

	snprintf(buf, sizeof(buf), "0x%0*x", width, v);
	return buf;
}

/* v, or v/mask when the mask is not full (decimal or hex as given). */
std::string masked(unsigned int v, unsigned int m, unsigned int full, bool hex,
		   int width)
{
	std::string o = hex ? hexnum(v, width) : std::to_string(v);

	if (m != full)
		o += "/" + hexnum(m, width);
	return o;
}

std::string proto_name(unsigned int p)
{
	switch (p) {
	case 1: return "icmp";
	case 6: return "tcp";
	case 17: return "udp";
	case 58: return "icmpv6";
	case 132: return "sctp";
	default: return std::to_string(p);
	}
}

/* The prefix length of a contiguous mask, or -1. */
int prefix_len(const uint8_t *m, size_t n)
{
	size_t bits = 0, i = 0;

	for (; i < n && m[i] == 0xff; i++)
		bits += 8;
	if (i < n) {
		uint8_t b = m[i];

		while (b & 0x80) {
			bits++;
			b = (uint8_t)(b << 1);
		}
		if (b)
			return -1;
		for (i++; i < n; i++)
			if (m[i])
				return -1;
	}
	return (int)bits;
}

std::string ip_text(const uint8_t *a, bool v6)
{
	char buf[48];

	if (!v6) {
		snprintf(buf, sizeof(buf), "%u.%u.%u.%u", a[0], a[1], a[2], a[3]);
		return buf;
	}
	/* RFC 5952: the longest run of two or more zero groups as "::". */
	uint16_t g[8];
	int best = -1, best_len = 0;

	for (int i = 0; i < 8; i++)
		g[i] = (uint16_t)(a[2 * i] << 8 | a[2 * i + 1]);
	for (int i = 0; i < 8;) {
		int j = i;

		while (j < 8 && !g[j])
			j++;
		if (j - i > best_len && j - i >= 2) {
			best = i;
			best_len = j - i;
		}
		i = j > i ? j : i + 1;
	}
	std::string o;

	for (int i = 0; i < 8; i++) {
		if (i == best) {
			o += "::";
			i += best_len - 1;
			continue;
		}
		if (!o.empty() && o.back() != ':')
			o += ":";
		snprintf(buf, sizeof(buf), "%x", g[i]);
		o += buf;
	}
	return o;
}

std::string ip_masked(const uint8_t *a, const uint8_t *m, bool v6)
{
	size_t n = v6 ? 16 : 4;
	int len = prefix_len(m, n);

	if (len >= 0)
		return ip_text(a, v6) + "/" + std::to_string(len);
	return ip_text(a, v6) + "/" + ip_text(m, v6);
}

std::string mac_masked(const uint8_t *a, const uint8_t *m)
{
	bool full = true;

	for (int i = 0; i < 6; i++)
		full = full && m[i] == 0xff;
	return full ? format_mac(a) : format_mac(a) + "/" + format_mac(m);
}

} // namespace

record rule_match(const uint8_t *key, const uint8_t *mask, size_t len)
{
	record r;

	if (len < INIC_CLS_KEY_SIZE)
		return r;

	const image im{key, mask};
	auto yes_no = [&](unsigned int bit) {
		return std::string(key[INIC_CLS_K_FLAGS] & bit ? "yes" : "no");
	};
	uint8_t fm = mask[INIC_CLS_K_FLAGS];
	unsigned int etype = im.key16(INIC_CLS_K_ETYPE);
	bool v6;

	if (im.any(INIC_CLS_K_PORT, 1))
		r.add("in-port", value::str(masked(key[INIC_CLS_K_PORT],
						   mask[INIC_CLS_K_PORT], 0xff,
						   false, 2)));
	if (im.any(INIC_CLS_K_ORIGIN, 1)) {
		unsigned int o = key[INIC_CLS_K_ORIGIN];

		r.add("origin", value::str(o == INIC_CLS_ORIGIN_WIRE ? "wire" :
					   o == INIC_CLS_ORIGIN_PF ? "pf" :
					   "vf " + std::to_string(o - INIC_CLS_ORIGIN_VF(0))));
	}
	if (im.any(INIC_CLS_K_VLAN, 2)) {
		unsigned int tci = im.key16(INIC_CLS_K_VLAN);
		unsigned int tm = im.mask16(INIC_CLS_K_VLAN);

		if (tm & 0x0fff)
			r.add("vlan-id", value::str(masked(tci & 0xfff, tm & 0xfff,
							   0xfff, false, 3)));
		if (tm & 0xe000)
			r.add("vlan-prio", value::str(masked(tci >> 13, tm >> 13,
							     7, false, 1)));
	} else if (fm & INIC_CLS_F_VLAN) {
		r.add("vlan-tagged", value::str(yes_no(INIC_CLS_F_VLAN)));
	}
	if (im.any(INIC_CLS_K_ETYPE, 2))
		r.add("ethertype", value::str(masked(etype,
						     im.mask16(INIC_CLS_K_ETYPE),
						     0xffff, true, 4)));
	if (im.any(INIC_CLS_K_PROTO, 1)) {
		unsigned int p = key[INIC_CLS_K_PROTO];

		r.add("ip-proto", value::str(mask[INIC_CLS_K_PROTO] == 0xff ?
					     proto_name(p) :
					     masked(p, mask[INIC_CLS_K_PROTO],
						    0xff, false, 2)));
	}
	if (im.any(INIC_CLS_K_TOS, 1))
		r.add("tos", value::str(masked(key[INIC_CLS_K_TOS],
					       mask[INIC_CLS_K_TOS], 0xff, true,
					       2)));
	if (im.any(INIC_CLS_K_DMAC, 6))
		r.add("dst-mac", value::str(mac_masked(key + INIC_CLS_K_DMAC,
						       mask + INIC_CLS_K_DMAC)));
	if (im.any(INIC_CLS_K_SMAC, 6))
		r.add("src-mac", value::str(mac_masked(key + INIC_CLS_K_SMAC,
						       mask + INIC_CLS_K_SMAC)));
	/* IPv6 when the ethertype says so, or an address goes past 4 bytes. */
	v6 = (im.full(INIC_CLS_K_ETYPE, 2) && etype == 0x86dd) ||
	     im.any(INIC_CLS_K_SIP + 4, 12) || im.any(INIC_CLS_K_DIP + 4, 12);
	if (im.any(INIC_CLS_K_SIP, 16))
		r.add("src-ip", value::str(ip_masked(key + INIC_CLS_K_SIP,
						     mask + INIC_CLS_K_SIP, v6)));
	if (im.any(INIC_CLS_K_DIP, 16))
		r.add("dst-ip", value::str(ip_masked(key + INIC_CLS_K_DIP,
						     mask + INIC_CLS_K_DIP, v6)));
	if (im.any(INIC_CLS_K_SPORT, 2))
		r.add("src-port", value::str(masked(im.key16(INIC_CLS_K_SPORT),
						    im.mask16(INIC_CLS_K_SPORT),
						    0xffff, false, 4)));
	if (im.any(INIC_CLS_K_DPORT, 2))
		r.add("dst-port", value::str(masked(im.key16(INIC_CLS_K_DPORT),
						    im.mask16(INIC_CLS_K_DPORT),
						    0xffff, false, 4)));
	if (im.any(INIC_CLS_K_TCP_FLAGS, 2))
		r.add("tcp-flags", value::str(masked(im.key16(INIC_CLS_K_TCP_FLAGS),
						     im.mask16(INIC_CLS_K_TCP_FLAGS),
						     0x0fff, true, 3)));
	if (fm & INIC_CLS_F_FRAG)
		r.add("fragment", value::str(yes_no(INIC_CLS_F_FRAG)));
	/* A whole L4 header is implied by ports and flags. */
	if ((fm & INIC_CLS_F_L4) && !im.any(INIC_CLS_K_SPORT, 6))
		r.add("l4", value::str(yes_no(INIC_CLS_F_L4)));
	return r;
}

std::string rule_match_text(const record &match)
{
	std::string o;

	for (const auto &f : match.fields)
		o += (o.empty() ? "" : " ") + f.first + " " + f.second.s;
	return o.empty() ? "any" : o;
}

std::string rule_action_text(const record &r)
{
	std::string a = r.str("action"), o;

	if (a == "ring")
		o = r.get("queue") ? "queue " + std::to_string(r.num("queue")) :
				     "ring " + std::to_string(r.num("action-arg"));
	else if (a == "rss" || a == "vf" || a == "vnic")
		o = a + " " + std::to_string(r.num("action-arg"));
	else
		o = a.empty() ? "?" : a;
	if (r.get("mark"))
		o += " mark " + hexnum((unsigned int)r.num("mark"), 1);
	if (r.get("mirror"))
		o += " mirror " + r.str("mirror") + " " +
		     std::to_string(r.num("mirror-arg"));
	if (r.get("police-rate"))
		o += " police " + std::to_string(r.num("police-rate")) + "kbit/" +
		     std::to_string(r.num("police-burst")) + "B";
	return o;
}

} // namespace inictl

/* ---- bonding offload (LAG) ---- */

namespace inictl {

std::string format_ns(uint64_t ns)
{
	char buf[40];

	snprintf(buf, sizeof(buf), "%llu.%09llus",
		 (unsigned long long)(ns / 1000000000ull),
		 (unsigned long long)(ns % 1000000000ull));
	return buf;
}

namespace {

std::string num_of(const record &r, const char *k)
{
	return std::to_string(r.num(k));
}

/* "port A -> port B (REASON) at T" of a move, under the given names. */
std::string move_text(const record &r, const char *from, const char *to,
		      const char *reason, const char *at)
{
	std::string why = r.str(reason);

	return "port " + num_of(r, from) + " -> port " + num_of(r, to) + " (" +
	       (why.empty() ? "?" : why) + ") at " + format_ns(r.num(at));
}

} // namespace

std::string lag_text(const record &r)
{
	std::string upper = r.str("upper"), o;
	const value *members = r.get("member");
	const value *last = r.get("last-failover");
	const value *vfs = r.get("vf-pinned");
	bool offloaded = r.num("offloaded");
	std::string pinned;

	o = "dev " + r.str("bus-name") + " upper " +
	    (upper.empty() ? "none" : upper);
	if (offloaded) {
		o += " offloaded mode " + r.str("mode") + " hash " +
		     r.str("hash") + " active " + num_of(r, "active") +
		     " primary " + num_of(r, "primary") + " failback " +
		     (r.num("failback") ? "on" : "off") + "\n";
	} else {
		std::string why = r.str("why");

		o += " not offloaded" + (why.empty() ? "" : ": " + why) + "\n";
	}
	for (size_t i = 0; members && i < members->items.size(); i++) {
		const value &m = members->items[i];

		if (m.k != value::OBJ)
			continue;
		o += "    member port " + num_of(*m.obj, "port-index") +
		     " link " + (m.obj->str("link").empty() ? "?" :
				 m.obj->str("link")) +
		     " rx " + num_of(*m.obj, "rx-frames") + " tx " +
		     num_of(*m.obj, "tx-frames") + "\n";
	}
	o += "    failovers " + num_of(r, "failovers");
	if (last && last->k == value::OBJ)
		o += " last " + move_text(*last->obj, "from", "to", "reason",
					  "at-ns");
	o += "\n    announces " + num_of(r, "announces") + " tx-moved " +
	     num_of(r, "tx-moved") + " tx-no-port " + num_of(r, "tx-no-port") +
	     "\n";
	if (r.num("pf-pinned"))
		pinned += " pf";
	for (size_t i = 0; vfs && i < vfs->items.size(); i++)
		pinned += " vf " + std::to_string(vfs->items[i].n);
	return o + "    pinned" + (pinned.empty() ? " none" : pinned) + "\n";
}

bool parse_ip(const std::string &s, int &family, uint8_t out[16])
{
	memset(out, 0, 16);
	if (inet_pton(AF_INET, s.c_str(), out) == 1) {
		family = 4;
		return true;
	}
	if (inet_pton(AF_INET6, s.c_str(), out) == 1) {
		family = 6;
		return true;
	}
	return false;
}

std::string format_ip(int family, const uint8_t *b)
{
	char buf[INET6_ADDRSTRLEN];

	if (!inet_ntop(family == 6 ? AF_INET6 : AF_INET, b, buf, sizeof(buf)))
		return "?";
	return buf;
}

std::string toe_addr_text(uint64_t family, const std::string &hex)
{
	std::vector<uint8_t> b;

	if (hex.empty())
		return family == 6 ? "[::]" : "0.0.0.0";
	if (!from_hex(hex, b) || (b.size() != 4 && b.size() != 16))
		return hex;
	if (b.size() == 16)
		return "[" + format_ip(6, b.data()) + "]";
	return format_ip(4, b.data());
}

std::string toe_options_text(uint64_t options)
{
	static const char *const names[] = {"wscale", "sack", "ts", "ecn"};
	std::string o;

	for (unsigned int i = 0; i < 4; i++)
		if (options & (2u << i))
			o += std::string(o.empty() ? "" : ",") + names[i];
	return o.empty() ? "mss-only" : o;
}

std::string toe_text(const record &r)
{
	const value *ls = r.get("listener");
	const value *ps = r.get("port");
	std::string o;

	o = "dev " + r.str("bus-name") + " toe " +
	    (r.num("enabled") ? "on options " +
	     toe_options_text(r.num("options")) : std::string("off")) + "\n";
	for (size_t i = 0; ls && i < ls->items.size(); i++) {
		if (ls->items[i].k != value::OBJ)
			continue;
		const record &l = *ls->items[i].obj;

		o += "    listen " + l.str("ifname") + " " +
		     toe_addr_text(l.num("family"), l.str("addr")) + ":" +
		     std::to_string(l.num("tcp-port")) + " (entry " +
		     std::to_string(l.num("index")) + ")\n";
	}
	for (size_t i = 0; ps && i < ps->items.size(); i++) {
		if (ps->items[i].k != value::OBJ)
			continue;
		const record &p = *ps->items[i].obj;
		auto n = [&](const char *k) { return std::to_string(p.num(k)); };

		o += "    port " + n("port-index") + " " + p.str("ifname") +
		     " listeners " + n("listeners") + " syn-answered " +
		     n("syn-answered") + " handshakes " + n("handshakes") +
		     " invalid-acks " + n("invalid-acks") + " syn-passed " +
		     n("syn-passed") + " synack-drops " + n("synack-drops") +
		     "\n";
	}
	return o;
}

std::string lag_failover_text(const record &ev)
{
	return "lag failover " + ev.str("bus-name") + ": " +
	       move_text(ev, "lag-from", "lag-to", "lag-reason", "lag-at-ns");
}

} // namespace inictl
