// SPDX-License-Identifier: GPL-2.0
/*
 * inictl port: ports and their netdevs (PORT_GET, PORT_SET), with the
 * VNICs of each port (VNIC_GET) under it.
 */
#include <cstdio>
#include <cstring>

#include <linux/inic.h>

#include "inictl.h"
#include "nl_gen.h"

namespace inictl {

static std::string ring_range(uint64_t first, uint64_t n)
{
	std::string rings = std::to_string(n);

	if (n)
		rings += " (" + std::to_string(first) + "-" +
			 std::to_string(first + n - 1) + ")";
	return rings;
}

std::vector<record> port_with_vnics(const std::vector<record> &ports,
				    const std::vector<record> &vnics)
{
	static const char *const keep[] = {
		"name", "vnic-ifindex", "index", "mac", "vlan", "rings",
		"first-ring", "max-tx-rate", "mirror-kind", "mirror",
		"mirror-vf", "link",
	};
	std::vector<record> out;

	for (const auto &p : ports) {
		std::vector<value> list;
		record r = p;

		for (const auto &v : vnics) {
			record c;

			if (v.str("bus-name") != p.str("bus-name") ||
			    v.num("port-index") != p.num("index"))
				continue;
			for (const char *k : keep)
				if (v.get(k))
					c.add(k, *v.get(k));
			list.push_back(value::object(c));
		}
		if (!list.empty())
			r.add("vnic", value::array(list));
		out.push_back(r);
	}
	return out;
}

std::string port_table(const std::vector<record> &recs)
{
	std::vector<std::vector<std::string>> rows;

	for (const auto &r : recs) {
		rows.push_back({r.str("bus-name"), std::to_string(r.num("index")),
				r.str("ifname"), std::to_string(r.num("ifindex")),
				r.str("link"),
				std::to_string(r.num("speed")) + "Mb/s",
				r.str("mac"), std::to_string(r.num("mtu")),
				ring_range(r.num("first-ring"),
					   r.num("ring-count"))});
		const value *l = r.get("vnic");

		if (!l)
			continue;
		for (const auto &it : l->items) {
			const record &v = *it.obj;
			uint64_t idx = v.num("vnic-ifindex");

			rows.push_back({"", "vnic " + std::to_string(v.num("index")),
					v.str("name"),
					idx ? std::to_string(idx) : "-",
					v.str("link"), "-",
					v.get("mirror-kind") ? "mirror" : v.str("mac"),
					"-",
					ring_range(v.num("first-ring"),
						   v.num("rings"))});
		}
	}
	return table({"DEVICE", "PORT", "IFNAME", "IFINDEX", "LINK", "SPEED",
		      "MAC", "MTU", "RINGS"}, rows);
}

int port_show(app &a)
{
	std::vector<record> recs, vnics;
	/* count() first: operator[] would add an empty "dev" */
	bool has_dev = a.cmd.args.count("dev") != 0;
	const std::string d = has_dev ? a.cmd.args.at("dev") : std::string();
	bool by_name = has_dev && !looks_like_bus(d);
	uint32_t idx = by_name ? a.ifindex_of(d) : 0;

	if (by_name) {
		recs.push_back(a.get(INIC_CMD_PORT_GET, port_fields, [&](request &q) {
			q.put_u32(INIC_A_PORT_IFINDEX, idx);
		}));
	} else {
		recs = a.dump(INIC_CMD_PORT_GET, port_fields, [&](request &q) {
			if (has_dev)
				q.put_str(INIC_A_PORT_BUS_NAME, d);
		});
	}
	vnics = a.dump(INIC_CMD_VNIC_GET, vnic_fields, [&](request &q) {
		if (by_name)
			q.put_u32(INIC_A_VNIC_IFINDEX, idx);
		else if (has_dev)
			q.put_str(INIC_A_VNIC_BUS_NAME, d);
	});
	recs = port_with_vnics(recs, vnics);
	if (a.cmd.opt.json)
		printf("%s\n", to_json(recs, a.cmd.opt.pretty).c_str());
	else
		fputs(port_table(recs).c_str(), stdout);
	return EXIT_OK;
}

int port_set(app &a)
{
	uint32_t idx = a.ifindex_of(a.cmd.args["dev"]);
	request req(a.nl.family_id(), INIC_CMD_PORT_SET, INIC_FAMILY_VERSION,
		    false);
	nl_error e;

	req.put_u32(INIC_A_PORT_IFINDEX, idx);
	if (a.cmd.args.count("mac")) {
		uint8_t mac[6];

		parse_mac(a.cmd.args["mac"], mac);
		req.put_bin(INIC_A_PORT_MAC, mac, 6);
	}
	if (a.cmd.args.count("mtu")) {
		uint32_t mtu;

		parse_u32(a.cmd.args["mtu"], 0xffffffffu, mtu);
		req.put_u32(INIC_A_PORT_MTU, mtu);
	}
	if (!a.nl.run(req, INIC_A_PORT_MAX, [](const attr_table &) {}, e))
		fail_nl(e, port_fields);
	return EXIT_OK;
}


} // namespace inictl
