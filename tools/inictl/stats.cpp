// SPDX-License-Identifier: GPL-2.0
/* inictl stats: per-ring counters, once or as rates (RING_STATS_GET). */
#include <cstdio>
#include <cstring>

#include <linux/inic.h>
#include <cmath>
#include <map>

#include "inictl.h"
#include "nl_gen.h"

namespace inictl {

std::string stats_ifname(const record &r)
{
	return r.get("vnic") ? r.str("vnic") : ifname_of(r.num("ifindex"));
}

/* Watch mode: per-ring rates every interval, like a small top. */
static int stats_watch(app &a, const std::function<void(request &)> &put)
{
	std::map<std::pair<std::string, uint64_t>, record> prev;

	for (const auto &r : a.dump(INIC_CMD_RING_STATS_GET, stats_fields, put))
		prev[{r.str("bus-name"), r.num("ring")}] = r;

	watch(a.cmd.opt, [&](double dt) {
		std::vector<record> cur = a.dump(INIC_CMD_RING_STATS_GET,
					       stats_fields, put);
		std::vector<record> rates;

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
			if (r.get("vnic"))
				o.add("vnic", value::str(r.str("vnic")));
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
		if (a.cmd.opt.json) {
			/* One JSON document per line per sample. */
			printf("{\"interval\":%.3f,\"rings\":%s}\n", dt,
			       to_json(rates, false).c_str());
			fflush(stdout);
			return;
		}
		std::vector<std::vector<std::string>> rows;

		for (const auto &r : rates) {
			auto h = [&](const char *k) { return human_rate((double)r.num(k)); };

			rows.push_back({stats_ifname(r),
					std::to_string(r.num("queue")),
					std::to_string(r.num("ring")), h("rx-pps"),
					h("rx-bps"), h("tx-pps"), h("tx-bps"),
					h("drops-ps"), h("errors-ps")});
		}
		watch_print(a.cmd.opt, "inictl stats", dt,
			    {"IFNAME", "QUEUE", "RING", "RX-PKT/s", "RX-bit/s",
			     "TX-PKT/s", "TX-bit/s", "DROP/s", "ERR/s"}, rows);
	});
	return EXIT_OK;
}

int stats_show(app &a)
{
	std::function<void(request &)> put = [&](request &q) {
		if (a.cmd.args.count("dev")) {
			const std::string &d = a.cmd.args["dev"];

			if (looks_like_bus(d))
				q.put_str(INIC_A_STATS_BUS_NAME, d);
			else
				q.put_u32(INIC_A_STATS_IFINDEX, a.ifindex_of(d));
		}
		if (a.cmd.args.count("ring")) {
			uint32_t ring;

			parse_u32(a.cmd.args["ring"], 255, ring);
			q.put_u32(INIC_A_STATS_RING, ring);
		}
	};

	if (a.cmd.opt.watch)
		return stats_watch(a, put);

	std::vector<record> recs = a.dump(INIC_CMD_RING_STATS_GET, stats_fields, put);

	a.print(recs, {"IFNAME", "QUEUE", "RING", "RX-PKTS", "RX-BYTES",
		     "RX-NODESC", "RX-FILTER", "RX-CSUM", "RX-ERR", "TX-PKTS",
		     "TX-BYTES", "TX-ERR"},
	      [](const record &r) {
		auto n = [&](const char *k) { return std::to_string(r.num(k)); };

		return std::vector<std::string>{
			stats_ifname(r), n("queue"), n("ring"),
			n("rx-packets"), n("rx-bytes"), n("rx-drop-nodesc"),
			n("rx-drop-filter"), n("rx-csum-err"), n("rx-errors"),
			n("tx-packets"), n("tx-bytes"), n("tx-errors")};
	});
	return EXIT_OK;
}


} // namespace inictl
