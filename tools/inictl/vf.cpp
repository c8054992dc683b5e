// SPDX-License-Identifier: GPL-2.0
/* inictl vf: SR-IOV VFs, policy and counters (VF_GET); LAG pins (VF_SET). */
#include <cstdio>
#include <cstring>

#include <linux/inic.h>

#include "inictl.h"
#include "nl_gen.h"

namespace inictl {

int vf_show(app &a)
{
	std::vector<record> recs;
	std::function<void(request &)> put = [&](request &q) {
		if (!a.cmd.args.count("dev"))
			return;
		const std::string &d = a.cmd.args["dev"];

		if (looks_like_bus(d))
			q.put_str(INIC_A_VF_BUS_NAME, d);
		else
			q.put_u32(INIC_A_VF_IFINDEX, a.ifindex_of(d));
	};

	if (a.cmd.args.count("vf")) {
		uint32_t v;

		parse_u32(a.cmd.args["vf"], 31, v);
		recs.push_back(a.get(INIC_CMD_VF_GET, vf_fields, [&](request &q) {
			if (!a.cmd.args.count("dev"))
				fail("vf show vf N needs \"dev IFNAME|BUS\"",
				     EXIT_USAGE);
			put(q);
			q.put_u32(INIC_A_VF_INDEX, v);
		}));
	} else {
		recs = a.dump(INIC_CMD_VF_GET, vf_fields, put);
	}
	if (a.cmd.opt.json) {
		printf("%s\n", to_json(recs, a.cmd.opt.pretty).c_str());
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

/* vf set dev IFNAME|BUS vf N lag follow|pin: the VF and the bond. */
int vf_set(app &a)
{
	const std::string &d = a.cmd.args["dev"];
	request req(a.nl.family_id(), INIC_CMD_VF_SET, INIC_FAMILY_VERSION,
		    false);
	uint32_t v;
	nl_error e;

	if (looks_like_bus(d))
		req.put_str(INIC_A_VF_BUS_NAME, d);
	else
		req.put_u32(INIC_A_VF_IFINDEX, a.ifindex_of(d));
	parse_u32(a.cmd.args["vf"], 31, v);
	req.put_u32(INIC_A_VF_INDEX, v);
	req.put_u32(INIC_A_VF_LAG, a.cmd.args["lag"] == "pin" ?
		    INIC_VF_LAG_PIN : INIC_VF_LAG_FOLLOW);
	if (!a.nl.run(req, INIC_A_VF_MAX, [](const attr_table &) {}, e))
		fail_nl(e, vf_fields);
	return EXIT_OK;
}

} // namespace inictl
