// SPDX-License-Identifier: GPL-2.0
/* inictl port: ports and their netdevs (PORT_GET, PORT_SET). */
#include <cstdio>
#include <cstring>

#include <linux/inic.h>

#include "inictl.h"
#include "nl_gen.h"

namespace inictl {

int port_show(app &a)
{
	std::vector<record> recs;

	if (a.cmd.args.count("dev") && !looks_like_bus(a.cmd.args["dev"])) {
		uint32_t idx = a.ifindex_of(a.cmd.args["dev"]);

		recs.push_back(a.get(INIC_CMD_PORT_GET, port_fields, [&](request &q) {
			q.put_u32(INIC_A_PORT_IFINDEX, idx);
		}));
	} else {
		recs = a.dump(INIC_CMD_PORT_GET, port_fields, [&](request &q) {
			if (a.cmd.args.count("dev"))
				q.put_str(INIC_A_PORT_BUS_NAME, a.cmd.args["dev"]);
		});
	}
	a.print(recs, {"DEVICE", "PORT", "IFNAME", "IFINDEX", "LINK", "SPEED",
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
