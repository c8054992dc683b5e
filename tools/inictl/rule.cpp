// SPDX-License-Identifier: GPL-2.0
/*
 * inictl rule: the classifier's rules (ethtool ntuple and tc flower) with
 * their match, action and hit counters, once or as rates (RULE_GET).
 */
#include <cmath>
#include <cstdio>
#include <map>
#include <tuple>

#include <linux/inic.h>

#include "inictl.h"
#include "nl_gen.h"

namespace inictl {

/* The rule as printed: the match decoded and put after the priority. */
static record rule_out(const record &r)
{
	std::vector<uint8_t> key, mask;
	record o;

	from_hex(r.str("key"), key);
	from_hex(r.str("mask"), mask);
	for (const auto &f : r.fields) {
		o.fields.push_back(f);
		if (f.first == "prio" && key.size() == mask.size())
			o.add("match", value::object(rule_match(key.data(),
								mask.data(),
								key.size())));
	}
	return o;
}

/* "loc 5" (ethtool) or "prio 10" (tc). */
static std::string rule_id(const record &r)
{
	if (r.get("location"))
		return "loc " + std::to_string(r.num("location"));
	return "prio " + std::to_string(r.num("tc-prio"));
}

static std::string rule_entry(const record &r)
{
	return r.str("table") + "/" + std::to_string(r.num("index"));
}

static std::string rule_ifname(const record &r)
{
	return r.get("ifname") ? r.str("ifname") : ifname_of(r.num("ifindex"));
}

/* A rule across samples: its device, table and entry. */
using rule_key = std::tuple<std::string, std::string, uint64_t>;

static rule_key key_of(const record &r)
{
	return rule_key(r.str("bus-name"), r.str("table"), r.num("index"));
}

/* Watch mode: per-rule hit rates every interval. */
static int rule_watch(app &a, const std::function<void(request &)> &put)
{
	std::map<rule_key, record> prev;

	for (const auto &r : a.dump(INIC_CMD_RULE_GET, rule_fields, put))
		prev[key_of(r)] = r;

	watch(a.cmd.opt, [&](double dt) {
		std::vector<record> cur = a.dump(INIC_CMD_RULE_GET, rule_fields,
					       put);
		std::vector<record> rates;
		std::vector<std::vector<std::string>> rows;

		for (const auto &r : cur) {
			rule_key k = key_of(r);
			/* A rule new since the last sample: from zero. */
			record zero;
			const record &p = prev.count(k) ? prev[k] : zero;
			auto rt = [&](const char *f) {
				return rate(p.num(f), r.num(f), dt);
			};
			record o, full = rule_out(r);
			const value *m = full.get("match");

			for (const char *f : {"bus-name", "port-index", "ifindex",
					      "ifname", "owner", "location",
					      "tc-prio", "table", "index"})
				if (const value *v = r.get(f))
					o.add(f, *v);
			o.add("pps", value::num(llround(rt("packets"))));
			o.add("bps", value::num(llround(8 * rt("bytes"))));
			o.add("police-drops-ps",
			      value::num(llround(rt("police-drops"))));
			rates.push_back(o);
			rows.push_back({rule_ifname(r), r.str("owner"), rule_id(r),
					m ? rule_match_text(*m->obj) : "?",
					rule_action_text(r),
					human_rate((double)o.num("pps")),
					human_rate((double)o.num("bps")),
					human_rate((double)o.num("police-drops-ps"))});
		}
		prev.clear();
		for (const auto &r : cur)
			prev[key_of(r)] = r;
		if (a.cmd.opt.json) {
			/* One JSON document per line per sample. */
			printf("{\"interval\":%.3f,\"rules\":%s}\n", dt,
			       to_json(rates, false).c_str());
			fflush(stdout);
			return;
		}
		watch_print(a.cmd.opt, "inictl rule", dt,
			    {"IFNAME", "OWNER", "RULE", "MATCH", "ACTION",
			     "PKT/s", "bit/s", "POL-DROP/s"}, rows);
	});
	return EXIT_OK;
}

int rule_show(app &a)
{
	std::function<void(request &)> put = [&](request &q) {
		if (!a.cmd.args.count("dev"))
			return;
		const std::string &d = a.cmd.args["dev"];

		if (looks_like_bus(d))
			q.put_str(INIC_A_RULE_BUS_NAME, d);
		else
			q.put_u32(INIC_A_RULE_IFINDEX, a.ifindex_of(d));
	};

	if (a.cmd.opt.watch)
		return rule_watch(a, put);

	std::vector<record> recs;

	for (const auto &r : a.dump(INIC_CMD_RULE_GET, rule_fields, put))
		recs.push_back(rule_out(r));
	a.print(recs, {"IFNAME", "OWNER", "RULE", "PRIO", "ENTRY", "MATCH",
		       "ACTION", "PACKETS", "BYTES", "POL-DROPS"},
		[](const record &r) {
		auto n = [&](const char *k) { return std::to_string(r.num(k)); };
		const value *m = r.get("match");

		return std::vector<std::string>{
			rule_ifname(r), r.str("owner"), rule_id(r), n("prio"),
			rule_entry(r), m ? rule_match_text(*m->obj) : "?",
			rule_action_text(r), n("packets"), n("bytes"),
			n("police-drops")};
	});
	return EXIT_OK;
}

} // namespace inictl
