// SPDX-License-Identifier: GPL-2.0
/*
 * inictl: administer inic NICs over the "inic" generic netlink family
 * (Documentation/netlink/specs/inic.yaml, manual: Documentation/inictl.rst).
 *
 *   inictl [-j] [-p] OBJECT COMMAND [ARGS]
 *
 * Exit status: 0 success, 1 error (the kernel refused, device not found,
 * ...), 2 usage error.
 */
#include <cmath>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <map>
#include <string>
#include <vector>

#include <linux/inic.h>
#include <net/if.h>
#include <unistd.h>

#include "cli.h"
#include "nl.h"

#ifndef INICTL_VERSION
#define INICTL_VERSION "unknown"
#endif

using namespace inictl;

namespace {

/* How one attribute becomes a JSON field (names as in the spec). */
enum field_kind { F_U32, F_UINT, F_STR, F_MAC, F_LINK, F_CAPS, F_VFLINK,
		  F_VFEVENT };

struct field {
	int type;
	const char *name;
	field_kind kind;
};

const std::vector<field> dev_fields = {
	{INIC_A_DEV_BUS_NAME, "bus-name", F_STR},
	{INIC_A_DEV_PORT_COUNT, "port-count", F_U32},
	{INIC_A_DEV_RING_COUNT, "ring-count", F_U32},
	{INIC_A_DEV_RINGS_PER_PORT, "rings-per-port", F_U32},
	{INIC_A_DEV_ABI_VERSION, "abi-version", F_U32},
	{INIC_A_DEV_CAPS, "caps", F_CAPS},
	{INIC_A_DEV_TOTAL_VFS, "total-vfs", F_U32},
	{INIC_A_DEV_NUM_VFS, "num-vfs", F_U32},
	{INIC_A_DEV_SW_LOCAL_PKTS, "sw-local-pkts", F_UINT},
	{INIC_A_DEV_SW_LOCAL_BYTES, "sw-local-bytes", F_UINT},
	{INIC_A_DEV_SW_COPIES, "sw-copies", F_UINT},
	{INIC_A_DEV_SW_VF_TO_WIRE, "sw-vf-to-wire", F_UINT},
	{INIC_A_DEV_SW_DROPS, "sw-drops", F_UINT},
};

const std::vector<field> vf_fields = {
	{INIC_A_VF_BUS_NAME, "bus-name", F_STR},
	{INIC_A_VF_IFINDEX, "ifindex", F_U32},
	{INIC_A_VF_INDEX, "index", F_U32},
	{INIC_A_VF_VF_BUS_NAME, "vf-bus-name", F_STR},
	{INIC_A_VF_MAC, "mac", F_MAC},
	{INIC_A_VF_VLAN, "vlan", F_U32},
	{INIC_A_VF_QOS, "qos", F_U32},
	{INIC_A_VF_SPOOFCHK, "spoofchk", F_U32},
	{INIC_A_VF_TRUST, "trust", F_U32},
	{INIC_A_VF_LINK_STATE, "link-state", F_VFLINK},
	{INIC_A_VF_MAX_TX_RATE, "max-tx-rate", F_U32},
	{INIC_A_VF_RING_BASE, "ring-base", F_U32},
	{INIC_A_VF_RING_COUNT, "ring-count", F_U32},
	{INIC_A_VF_LINK, "link", F_LINK},
	{INIC_A_VF_PROMISC, "promisc", F_U32},
	{INIC_A_VF_RX_PACKETS, "rx-packets", F_UINT},
	{INIC_A_VF_RX_BYTES, "rx-bytes", F_UINT},
	{INIC_A_VF_TX_PACKETS, "tx-packets", F_UINT},
	{INIC_A_VF_TX_BYTES, "tx-bytes", F_UINT},
	{INIC_A_VF_RX_DROPS, "rx-drops", F_UINT},
	{INIC_A_VF_TX_DROPS, "tx-drops", F_UINT},
	{INIC_A_VF_SPOOF_DROPS, "spoof-drops", F_UINT},
	{INIC_A_VF_TX_LOCAL, "tx-local", F_UINT},
	{INIC_A_VF_FLR_COUNT, "flr-count", F_U32},
	{INIC_A_VF_MBOX_REQUESTS, "mbox-requests", F_UINT},
	{INIC_A_VF_MBOX_REFUSED, "mbox-refused", F_UINT},
	{INIC_A_VF_MBOX_ERRORS, "mbox-errors", F_U32},
	{INIC_A_VF_PROMISC_REFUSED, "promisc-refused", F_U32},
	{INIC_A_VF_MBOX_RATELIMITED, "mbox-ratelimited", F_UINT},
	{INIC_A_VF_MBOX_LOST, "mbox-lost", F_UINT},
};

const std::vector<field> port_fields = {
	{INIC_A_PORT_BUS_NAME, "bus-name", F_STR},
	{INIC_A_PORT_INDEX, "index", F_U32},
	{INIC_A_PORT_IFINDEX, "ifindex", F_U32},
	{INIC_A_PORT_IFNAME, "ifname", F_STR},
	{INIC_A_PORT_LINK, "link", F_LINK},
	{INIC_A_PORT_SPEED, "speed", F_U32},
	{INIC_A_PORT_MAC, "mac", F_MAC},
	{INIC_A_PORT_MTU, "mtu", F_U32},
	{INIC_A_PORT_RING_COUNT, "ring-count", F_U32},
	{INIC_A_PORT_FIRST_RING, "first-ring", F_U32},
	{INIC_A_PORT_LINK_EVENTS, "link-events", F_U32},
};

const std::vector<field> stats_fields = {
	{INIC_A_STATS_BUS_NAME, "bus-name", F_STR},
	{INIC_A_STATS_PORT_INDEX, "port-index", F_U32},
	{INIC_A_STATS_IFINDEX, "ifindex", F_U32},
	{INIC_A_STATS_RING, "ring", F_U32},
	{INIC_A_STATS_QUEUE, "queue", F_U32},
	{INIC_A_STATS_RX_PACKETS, "rx-packets", F_UINT},
	{INIC_A_STATS_RX_BYTES, "rx-bytes", F_UINT},
	{INIC_A_STATS_RX_DROP_NODESC, "rx-drop-nodesc", F_UINT},
	{INIC_A_STATS_RX_DROP_FILTER, "rx-drop-filter", F_UINT},
	{INIC_A_STATS_RX_CSUM_ERR, "rx-csum-err", F_UINT},
	{INIC_A_STATS_RX_ERRORS, "rx-errors", F_UINT},
	{INIC_A_STATS_TX_PACKETS, "tx-packets", F_UINT},
	{INIC_A_STATS_TX_BYTES, "tx-bytes", F_UINT},
	{INIC_A_STATS_TX_ERRORS, "tx-errors", F_UINT},
};

const std::vector<field> event_fields = {
	{INIC_A_EVENT_BUS_NAME, "bus-name", F_STR},
	{INIC_A_EVENT_PORT_INDEX, "port-index", F_U32},
	{INIC_A_EVENT_IFINDEX, "ifindex", F_U32},
	{INIC_A_EVENT_IFNAME, "ifname", F_STR},
	{INIC_A_EVENT_LINK, "link", F_LINK},
	{INIC_A_EVENT_LINK_EVENTS, "link-events", F_U32},
	{INIC_A_EVENT_VF_INDEX, "vf", F_U32},
	{INIC_A_EVENT_VF_EVENT, "vf-event", F_VFEVENT},
};

const char *const vf_link_names[] = {"auto", "enable", "disable"};
const char *const vf_event_names[] = {
	"enable", "disable", "mac", "vlan", "trust", "spoofchk", "link",
	"rate", "flr", "mbox-refused", "promisc-refused", "reset",
};

std::string name_or_num(const char *const *names, size_t n, uint32_t v)
{
	return v < n ? names[v] : std::to_string(v);
}

/* Attribute names by type, for error messages. */
std::vector<const char *> names_of(const std::vector<field> &fields)
{
	std::vector<const char *> n;

	for (const auto &f : fields) {
		if ((size_t)f.type >= n.size())
			n.resize(f.type + 1, nullptr);
		n[f.type] = f.name;
	}
	return n;
}

int max_type(const std::vector<field> &fields)
{
	int m = 0;

	for (const auto &f : fields)
		m = std::max(m, f.type);
	return m;
}

record decode(const attr_table &tb, const std::vector<field> &fields)
{
	record r;

	for (const auto &f : fields) {
		const struct nlattr *a = tb[f.type];

		if (!a)
			continue;
		switch (f.kind) {
		case F_U32:
			r.add(f.name, value::num(attr_u32(a)));
			break;
		case F_UINT:
			r.add(f.name, value::num(attr_uint(a)));
			break;
		case F_STR:
			r.add(f.name, value::str(attr_str(a)));
			break;
		case F_MAC: {
			uint8_t mac[6] = {};
			const uint16_t len = a->nla_len - NLA_HDRLEN;

			memcpy(mac, (const char *)a + NLA_HDRLEN, len < 6 ? len : 6);
			r.add(f.name, value::str(format_mac(mac)));
			break;
		}
		case F_LINK:
			r.add(f.name, value::str(attr_u32(a) == INIC_LINK_STATE_UP ?
						 "up" : "down"));
			break;
		case F_CAPS:
			r.add(f.name, value::strs(caps_names(attr_u32(a))));
			break;
		case F_VFLINK:
			r.add(f.name, value::str(name_or_num(vf_link_names, 3,
							     attr_u32(a))));
			break;
		case F_VFEVENT:
			r.add(f.name, value::str(name_or_num(
				vf_event_names,
				sizeof(vf_event_names) / sizeof(vf_event_names[0]),
				attr_u32(a))));
			break;
		}
	}
	return r;
}

[[noreturn]] void fail(const std::string &msg, int code = EXIT_ERROR)
{
	fflush(stdout);
	fprintf(stderr, "inictl: %s\n", msg.c_str());
	exit(code);
}

void fail_nl(const nl_error &e, const std::vector<field> &fields)
{
	fail(e.describe(names_of(fields)));
}

class app {
public:
	explicit app(const command &cmd) : cmd_(cmd) {}

	int run();

private:
	void open();
	std::vector<record> dump(uint8_t cmd, const std::vector<field> &fields,
				 const std::function<void(request &)> &put);
	record get(uint8_t cmd, const std::vector<field> &fields,
		   const std::function<void(request &)> &put);
	void print(const std::vector<record> &recs,
		   const std::vector<std::string> &header,
		   const std::function<std::vector<std::string>(const record &)> &row);
	std::string bus_of_ifname(const std::string &ifname);
	uint32_t ifindex_of(const std::string &ifname);

	int dev_show();
	int port_show();
	int port_set();
	int stats_show();
	int stats_watch(const std::function<void(request &)> &put);
	int vf_show();
	int monitor();

	command cmd_;
	genl nl_;
};

void app::open()
{
	nl_error e;

	if (!nl_.open(INIC_FAMILY_NAME, e))
		fail(e.describe({}));
}

std::vector<record> app::dump(uint8_t cmd, const std::vector<field> &fields,
			      const std::function<void(request &)> &put)
{
	request req(nl_.family_id(), cmd, INIC_FAMILY_VERSION, true);
	std::vector<record> out;
	nl_error e;

	if (put)
		put(req);
	if (!nl_.run(req, max_type(fields), [&](const attr_table &tb) {
		out.push_back(decode(tb, fields));
	}, e))
		fail_nl(e, fields);
	return out;
}

record app::get(uint8_t cmd, const std::vector<field> &fields,
		const std::function<void(request &)> &put)
{
	request req(nl_.family_id(), cmd, INIC_FAMILY_VERSION, false);
	record out;
	nl_error e;

	put(req);
	if (!nl_.run(req, max_type(fields), [&](const attr_table &tb) {
		out = decode(tb, fields);
	}, e))
		fail_nl(e, fields);
	return out;
}

void app::print(const std::vector<record> &recs,
		const std::vector<std::string> &header,
		const std::function<std::vector<std::string>(const record &)> &row)
{
	if (cmd_.opt.json) {
		printf("%s\n", to_json(recs, cmd_.opt.pretty).c_str());
		return;
	}
	std::vector<std::vector<std::string>> rows;

	for (const auto &r : recs)
		rows.push_back(row(r));
	fputs(table(header, rows).c_str(), stdout);
}

uint32_t app::ifindex_of(const std::string &ifname)
{
	unsigned int idx = if_nametoindex(ifname.c_str());

	if (!idx)
		fail("no network device \"" + ifname + "\"");
	return idx;
}

std::string app::bus_of_ifname(const std::string &ifname)
{
	uint32_t idx = ifindex_of(ifname);
	record r = get(INIC_CMD_PORT_GET, port_fields, [&](request &q) {
		q.put_u32(INIC_A_PORT_IFINDEX, idx);
	});
	return r.str("bus-name");
}

int app::dev_show()
{
	std::vector<record> recs;

	if (cmd_.args.count("dev")) {
		const std::string &d = cmd_.args["dev"];
		std::string bus = looks_like_bus(d) ? d : bus_of_ifname(d);

		recs.push_back(get(INIC_CMD_DEV_GET, dev_fields, [&](request &q) {
			q.put_str(INIC_A_DEV_BUS_NAME, bus);
		}));
	} else {
		recs = dump(INIC_CMD_DEV_GET, dev_fields, nullptr);
	}
	print(recs, {"DEVICE", "PORTS", "RINGS", "RINGS/PORT", "ABI", "CAPS"},
	      [](const record &r) {
		std::string caps;
		const value *v = r.get("caps");

		for (size_t i = 0; v && i < v->list.size(); i++)
			caps += (i ? "," : "") + v->list[i];
		return std::vector<std::string>{
			r.str("bus-name"), std::to_string(r.num("port-count")),
			std::to_string(r.num("ring-count")),
			std::to_string(r.num("rings-per-port")),
			format_abi((uint32_t)r.num("abi-version")), caps};
	});
	return EXIT_OK;
}

int app::port_show()
{
	std::vector<record> recs;

	if (cmd_.args.count("dev") && !looks_like_bus(cmd_.args["dev"])) {
		uint32_t idx = ifindex_of(cmd_.args["dev"]);

		recs.push_back(get(INIC_CMD_PORT_GET, port_fields, [&](request &q) {
			q.put_u32(INIC_A_PORT_IFINDEX, idx);
		}));
	} else {
		recs = dump(INIC_CMD_PORT_GET, port_fields, [&](request &q) {
			if (cmd_.args.count("dev"))
				q.put_str(INIC_A_PORT_BUS_NAME, cmd_.args["dev"]);
		});
	}
	print(recs, {"DEVICE", "PORT", "IFNAME", "IFINDEX", "LINK", "SPEED",
		     "MAC", "MTU", "RINGS"},
	      [](const record &r) {
		uint64_t first = r.num("first-ring"), n = r.num("ring-count");
		std::string rings = std::to_string(n);

		if (n)
			rings += " (" + std::to_string(first) + "-" +
				 std::to_string(first + n - 1) + ")";
		return std::vector<std::string>{
			r.str("bus-name"), std::to_string(r.num("index")),
			r.str("ifname"), std::to_string(r.num("ifindex")),
			r.str("link"), std::to_string(r.num("speed")) + "Mb/s",
			r.str("mac"), std::to_string(r.num("mtu")), rings};
	});
	return EXIT_OK;
}

int app::port_set()
{
	uint32_t idx = ifindex_of(cmd_.args["dev"]);
	request req(nl_.family_id(), INIC_CMD_PORT_SET, INIC_FAMILY_VERSION,
		    false);
	nl_error e;

	req.put_u32(INIC_A_PORT_IFINDEX, idx);
	if (cmd_.args.count("mac")) {
		uint8_t mac[6];

		parse_mac(cmd_.args["mac"], mac);
		req.put_bin(INIC_A_PORT_MAC, mac, 6);
	}
	if (cmd_.args.count("mtu")) {
		uint32_t mtu;

		parse_u32(cmd_.args["mtu"], 0xffffffffu, mtu);
		req.put_u32(INIC_A_PORT_MTU, mtu);
	}
	if (!nl_.run(req, INIC_A_PORT_MAX, [](const attr_table &) {}, e))
		fail_nl(e, port_fields);
	return EXIT_OK;
}

std::string ifname_of(uint64_t ifindex)
{
	char name[IF_NAMESIZE];

	if (!if_indextoname((unsigned int)ifindex, name))
		return "#" + std::to_string(ifindex);
	return name;
}

int app::stats_show()
{
	std::function<void(request &)> put = [&](request &q) {
		if (cmd_.args.count("dev")) {
			const std::string &d = cmd_.args["dev"];

			if (looks_like_bus(d))
				q.put_str(INIC_A_STATS_BUS_NAME, d);
			else
				q.put_u32(INIC_A_STATS_IFINDEX, ifindex_of(d));
		}
		if (cmd_.args.count("ring")) {
			uint32_t ring;

			parse_u32(cmd_.args["ring"], 255, ring);
			q.put_u32(INIC_A_STATS_RING, ring);
		}
	};

	if (cmd_.opt.watch)
		return stats_watch(put);

	std::vector<record> recs = dump(INIC_CMD_RING_STATS_GET, stats_fields, put);

	print(recs, {"IFNAME", "QUEUE", "RING", "RX-PKTS", "RX-BYTES",
		     "RX-NODESC", "RX-FILTER", "RX-CSUM", "RX-ERR", "TX-PKTS",
		     "TX-BYTES", "TX-ERR"},
	      [](const record &r) {
		auto n = [&](const char *k) { return std::to_string(r.num(k)); };

		return std::vector<std::string>{
			ifname_of(r.num("ifindex")), n("queue"), n("ring"),
			n("rx-packets"), n("rx-bytes"), n("rx-drop-nodesc"),
			n("rx-drop-filter"), n("rx-csum-err"), n("rx-errors"),
			n("tx-packets"), n("tx-bytes"), n("tx-errors")};
	});
	return EXIT_OK;
}

int app::vf_show()
{
	std::vector<record> recs;
	std::function<void(request &)> put = [&](request &q) {
		if (!cmd_.args.count("dev"))
			return;
		const std::string &d = cmd_.args["dev"];

		if (looks_like_bus(d))
			q.put_str(INIC_A_VF_BUS_NAME, d);
		else
			q.put_u32(INIC_A_VF_IFINDEX, ifindex_of(d));
	};

	if (cmd_.args.count("vf")) {
		uint32_t v;

		parse_u32(cmd_.args["vf"], 31, v);
		recs.push_back(get(INIC_CMD_VF_GET, vf_fields, [&](request &q) {
			if (!cmd_.args.count("dev"))
				fail("vf show vf N needs \"dev IFNAME|BUS\"",
				     EXIT_USAGE);
			put(q);
			q.put_u32(INIC_A_VF_INDEX, v);
		}));
	} else {
		recs = dump(INIC_CMD_VF_GET, vf_fields, put);
	}
	if (cmd_.opt.json) {
		printf("%s\n", to_json(recs, cmd_.opt.pretty).c_str());
		return EXIT_OK;
	}
	/* ip link style: one block per VF. */
	for (const auto &r : recs) {
		auto n = [&](const char *k) { return std::to_string(r.num(k)); };
		auto onoff = [&](const char *k) { return r.num(k) ? "on" : "off"; };

		printf("vf %s %s mac %s vlan %s qos %s spoofchk %s trust %s link-state %s max_tx_rate %sMbps\n",
		       n("index").c_str(), r.str("vf-bus-name").c_str(),
		       r.str("mac").c_str(), n("vlan").c_str(), n("qos").c_str(),
		       onoff("spoofchk"), onoff("trust"),
		       r.str("link-state").c_str(), n("max-tx-rate").c_str());
		printf("    pf %s %s rings %s (%s-%llu) link %s promisc %s\n",
		       r.str("bus-name").c_str(),
		       r.get("ifindex") ? ifname_of(r.num("ifindex")).c_str() : "-",
		       n("ring-count").c_str(), n("ring-base").c_str(),
		       (unsigned long long)(r.num("ring-base") + r.num("ring-count") -
					    (r.num("ring-count") ? 1 : 0)),
		       r.str("link").c_str(), onoff("promisc"));
		printf("    rx %s pkts %s bytes %s drops; tx %s pkts %s bytes %s drops %s spoof %s local\n",
		       n("rx-packets").c_str(), n("rx-bytes").c_str(),
		       n("rx-drops").c_str(), n("tx-packets").c_str(),
		       n("tx-bytes").c_str(), n("tx-drops").c_str(),
		       n("spoof-drops").c_str(), n("tx-local").c_str());
		printf("    mailbox %s requests %s refused %s rate-limited %s lost %s doorbell-errors; promisc-refused %s flr %s\n",
		       n("mbox-requests").c_str(), n("mbox-refused").c_str(),
		       n("mbox-ratelimited").c_str(), n("mbox-lost").c_str(),
		       n("mbox-errors").c_str(), n("promisc-refused").c_str(),
		       n("flr-count").c_str());
	}
	return EXIT_OK;
}

double now_s()
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

void sleep_until(double t)
{
	double d = t - now_s();

	if (d > 0) {
		struct timespec ts;

		ts.tv_sec = (time_t)d;
		ts.tv_nsec = (long)((d - ts.tv_sec) * 1e9);
		nanosleep(&ts, nullptr);
	}
}

/* Watch mode: per-ring rates every interval, like a small top. */
int app::stats_watch(const std::function<void(request &)> &put)
{
	const double iv = cmd_.opt.interval;
	bool tty = !cmd_.opt.json && isatty(STDOUT_FILENO);
	std::map<std::pair<std::string, uint64_t>, record> prev;
	double t_prev = now_s(), next = t_prev + iv;

	for (const auto &r : dump(INIC_CMD_RING_STATS_GET, stats_fields, put))
		prev[{r.str("bus-name"), r.num("ring")}] = r;

	for (long n = 0; cmd_.opt.count < 0 || n < cmd_.opt.count; n++) {
		sleep_until(next);
		next += iv;

		std::vector<record> cur = dump(INIC_CMD_RING_STATS_GET,
					       stats_fields, put);
		double t = now_s(), dt = t - t_prev;
		std::vector<record> rates;

		t_prev = t;
		for (const auto &r : cur) {
			auto key = std::make_pair(r.str("bus-name"), r.num("ring"));
			const record &p = prev.count(key) ? prev[key] : r;
			auto rt = [&](const char *k) {
				return rate(p.num(k), r.num(k), dt);
			};
			record o;

			o.add("bus-name", value::str(r.str("bus-name")));
			o.add("port-index", value::num(r.num("port-index")));
			o.add("ifindex", value::num(r.num("ifindex")));
			o.add("ring", value::num(r.num("ring")));
			o.add("queue", value::num(r.num("queue")));
			o.add("rx-pps", value::num(llround(rt("rx-packets"))));
			o.add("rx-bps", value::num(llround(8 * rt("rx-bytes"))));
			o.add("tx-pps", value::num(llround(rt("tx-packets"))));
			o.add("tx-bps", value::num(llround(8 * rt("tx-bytes"))));
			o.add("drops-ps", value::num(llround(rt("rx-drop-nodesc") +
							     rt("rx-drop-filter"))));
			o.add("errors-ps", value::num(llround(rt("rx-errors") +
							      rt("rx-csum-err") +
							      rt("tx-errors"))));
			rates.push_back(o);
			prev[key] = r;
		}
		if (cmd_.opt.json) {
			record sample;

			/* One JSON document per line per sample. */
			printf("{\"interval\":%.3f,\"rings\":%s}\n", dt,
			       to_json(rates, false).c_str());
			fflush(stdout);
			continue;
		}
		std::vector<std::vector<std::string>> rows;

		for (const auto &r : rates) {
			auto h = [&](const char *k) { return human_rate((double)r.num(k)); };

			rows.push_back({ifname_of(r.num("ifindex")),
					std::to_string(r.num("queue")),
					std::to_string(r.num("ring")), h("rx-pps"),
					h("rx-bps"), h("tx-pps"), h("tx-bps"),
					h("drops-ps"), h("errors-ps")});
		}
		char stamp[32];
		time_t wall = time(nullptr);

		strftime(stamp, sizeof(stamp), "%H:%M:%S", localtime(&wall));
		if (tty)
			fputs("\033[H\033[2J", stdout);
		printf("inictl stats: %s, rates over %.2f s\n", stamp, dt);
		fputs(table({"IFNAME", "QUEUE", "RING", "RX-PKT/s", "RX-bit/s",
			     "TX-PKT/s", "TX-bit/s", "DROP/s", "ERR/s"},
			    rows).c_str(), stdout);
		if (!tty)
			putchar('\n');
		fflush(stdout);
	}
	return EXIT_OK;
}

int app::monitor()
{
	long seen = 0;
	nl_error e;

	if (!nl_.subscribe(INIC_MCGRP_MONITOR, e))
		fail_nl(e, event_fields);
	setvbuf(stdout, nullptr, _IOLBF, 0);
	if (!nl_.listen(max_type(event_fields), [&](uint8_t c, const attr_table &tb) {
		record r;

		if (c != INIC_CMD_LINK_CHANGE_NTF && c != INIC_CMD_VF_STATE_NTF)
			return true;	/* a later event kind: not known here */
		r.add("event", value::str(c == INIC_CMD_VF_STATE_NTF ?
					  "vf-state" : "link-change"));
		for (auto &f : decode(tb, event_fields).fields)
			r.fields.push_back(f);
		if (cmd_.opt.json) {
			printf("%s\n", to_json(r, cmd_.opt.pretty).c_str());
		} else if (c == INIC_CMD_VF_STATE_NTF) {
			printf("vf-state: %s %s vf %llu: %s\n",
			       r.str("bus-name").c_str(), r.str("ifname").c_str(),
			       (unsigned long long)r.num("vf"),
			       r.str("vf-event").c_str());
		} else {
			printf("link-change: %s port %llu %s (ifindex %llu): link %s (events %llu)\n",
			       r.str("bus-name").c_str(),
			       (unsigned long long)r.num("port-index"),
			       r.str("ifname").c_str(),
			       (unsigned long long)r.num("ifindex"),
			       r.str("link").c_str(),
			       (unsigned long long)r.num("link-events"));
		}
		fflush(stdout);
		return cmd_.opt.count < 0 || ++seen < cmd_.opt.count;
	}, e))
		fail_nl(e, event_fields);
	return EXIT_OK;
}

int app::run()
{
	if (cmd_.object == "help" || cmd_.verb == "help") {
		fputs(usage(cmd_.object == "help" ? "" : cmd_.object).c_str(),
		      stdout);
		return EXIT_OK;
	}
	if (cmd_.object == "version") {
		printf("inictl %s (inic netlink family version %d)\n",
		       INICTL_VERSION, INIC_FAMILY_VERSION);
		return EXIT_OK;
	}
	open();
	if (cmd_.object == "dev")
		return dev_show();
	if (cmd_.object == "port")
		return cmd_.verb == "set" ? port_set() : port_show();
	if (cmd_.object == "stats")
		return stats_show();
	if (cmd_.object == "vf")
		return vf_show();
	return monitor();
}

} // namespace

int main(int argc, char **argv)
{
	std::vector<std::string> args(argv + 1, argv + argc);
	command cmd;
	std::string err;

	if (parse(args, cmd, err) != EXIT_OK) {
		fprintf(stderr, "inictl: %s\n", err.c_str());
		fprintf(stderr, "Try \"inictl help\".\n");
		return EXIT_USAGE;
	}
	return app(cmd).run();
}
