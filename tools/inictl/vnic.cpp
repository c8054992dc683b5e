// SPDX-License-Identifier: GPL-2.0
/*
 * inictl vnic: VNICs, slices of a port with their own netdev, rings and
 * counters (VNIC_GET, VNIC_NEW, VNIC_DEL, VNIC_SET). The same kernel
 * policy as devlink's subfunction ports (Documentation/driver.rst).
 */
#include <cstdio>

#include <linux/inic.h>

#include "inictl.h"
#include "nl_gen.h"

namespace inictl {

/* dev IFNAME|BUS into a VNIC request. */
static void vnic_put_dev(app &a, request &q)
{
	const std::string &d = a.cmd.args["dev"];

	if (looks_like_bus(d))
		q.put_str(INIC_A_VNIC_BUS_NAME, d);
	else
		q.put_u32(INIC_A_VNIC_IFINDEX, a.ifindex_of(d));
}

std::string vnic_text(const record &r)
{
	auto n = [&](const char *k) { return std::to_string(r.num(k)); };
	std::string t, rate = r.num("max-tx-rate") ?
		n("max-tx-rate") + "Mbit" : "unlimited";
	uint64_t first = r.num("first-ring"), count = r.num("rings");

	t = r.str("name") + ": port " +
	    (r.get("ifindex") ? ifname_of(r.num("ifindex")) : "-") + " (" +
	    r.str("bus-name") + " port " + n("port-index") + ") vnic " +
	    n("index");
	if (r.get("mirror-kind")) {
		t += " mirror of " + r.str("mirror-kind") + " ";
		t += r.get("mirror-vf") ? n("mirror-vf") : r.str("mirror");
	} else
		t += " mac " + r.str("mac") + " vlan " + n("vlan") + " maxbw " +
		     rate;
	t += " link " + r.str("link") + "\n";
	t += "    rings " + n("rings") + " (" + std::to_string(first) + "-" +
	     std::to_string(first + count - (count ? 1 : 0)) + ")\n";
	t += "    rx " + n("rx-packets") + " pkts " + n("rx-bytes") +
	     " bytes " + n("rx-drops") + " drops; tx " + n("tx-packets") +
	     " pkts " + n("tx-bytes") + " bytes " + n("tx-drops") +
	     " drops " + n("spoof-drops") + " spoofed; shaped " + n("shaped") +
	     " mirror-drops " + n("mirror-drops") + "\n";
	return t;
}

int vnic_show(app &a)
{
	std::vector<record> recs;
	auto put = [&](request &q) {
		if (a.cmd.args.count("dev"))
			vnic_put_dev(a, q);
	};

	if (a.cmd.args.count("name")) {
		if (!a.cmd.args.count("dev"))
			fail("vnic show name VNIC needs \"dev IFNAME|BUS\"",
			     EXIT_USAGE);
		recs.push_back(a.get(INIC_CMD_VNIC_GET, vnic_fields,
				     [&](request &q) {
			put(q);
			q.put_str(INIC_A_VNIC_NAME, a.cmd.args["name"]);
		}));
	} else {
		recs = a.dump(INIC_CMD_VNIC_GET, vnic_fields, put);
	}
	if (a.cmd.opt.json) {
		printf("%s\n", to_json(recs, a.cmd.opt.pretty).c_str());
		return EXIT_OK;
	}
	for (const auto &r : recs)
		fputs(vnic_text(r).c_str(), stdout);
	return EXIT_OK;
}

static void vnic_do(app &a, uint8_t op, const std::function<void(request &)> &put)
{
	request req(a.nl.family_id(), op, INIC_FAMILY_VERSION, false);
	nl_error e;

	put(req);
	if (!a.nl.run(req, INIC_A_VNIC_MAX, [](const attr_table &) {}, e))
		fail_nl(e, vnic_fields);
}

int vnic_add(app &a)
{
	const std::string &d = a.cmd.args["dev"];

	if (looks_like_bus(d))
		fail("vnic add needs the port's netdev: \"dev IFNAME\"",
		     EXIT_USAGE);
	vnic_do(a, INIC_CMD_VNIC_NEW, [&](request &q) {
		uint8_t mac[6];
		uint32_t u;

		q.put_u32(INIC_A_VNIC_IFINDEX, a.ifindex_of(d));
		q.put_str(INIC_A_VNIC_NAME, a.cmd.args["name"]);
		if (a.cmd.args.count("mac") && parse_mac(a.cmd.args["mac"], mac))
			q.put_bin(INIC_A_VNIC_MAC, mac, 6);
		if (a.cmd.args.count("vlan") &&
		    parse_u32(a.cmd.args["vlan"], 4094, u))
			q.put_u32(INIC_A_VNIC_VLAN, u);
		if (a.cmd.args.count("rings") &&
		    parse_u32(a.cmd.args["rings"], 16, u))
			q.put_u32(INIC_A_VNIC_RINGS, u);
		if (a.cmd.args.count("maxbw") &&
		    parse_rate_mbit(a.cmd.args["maxbw"], u))
			q.put_u32(INIC_A_VNIC_MAX_TX_RATE, u);
		if (a.cmd.args.count("mirror-vf") &&
		    parse_u32(a.cmd.args["mirror-vf"], 31, u))
			q.put_u32(INIC_A_VNIC_MIRROR_VF, u);
		else if (a.cmd.args.count("mirror"))
			q.put_str(INIC_A_VNIC_MIRROR, a.cmd.args["mirror"]);
	});
	return EXIT_OK;
}

int vnic_del(app &a)
{
	vnic_do(a, INIC_CMD_VNIC_DEL, [&](request &q) {
		vnic_put_dev(a, q);
		q.put_str(INIC_A_VNIC_NAME, a.cmd.args["name"]);
	});
	return EXIT_OK;
}

int vnic_set(app &a)
{
	vnic_do(a, INIC_CMD_VNIC_SET, [&](request &q) {
		uint32_t u = 0;

		vnic_put_dev(a, q);
		q.put_str(INIC_A_VNIC_NAME, a.cmd.args["name"]);
		parse_rate_mbit(a.cmd.args["maxbw"], u);
		q.put_u32(INIC_A_VNIC_MAX_TX_RATE, u);
	});
	return EXIT_OK;
}

} // namespace inictl
