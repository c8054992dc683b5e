// SPDX-License-Identifier: GPL-2.0
/* inictl dev: the devices (DEV_GET). */
#include <cstdio>
#include <cstring>

#include <linux/inic.h>

#include "inictl.h"
#include "nl_gen.h"

namespace inictl {

int dev_show(app &a)
{
	std::vector<record> recs;

	if (a.cmd.args.count("dev")) {
		const std::string &d = a.cmd.args["dev"];
		std::string bus = looks_like_bus(d) ? d : a.bus_of_ifname(d);

		recs.push_back(a.get(INIC_CMD_DEV_GET, dev_fields, [&](request &q) {
			q.put_str(INIC_A_DEV_BUS_NAME, bus);
		}));
	} else {
		recs = a.dump(INIC_CMD_DEV_GET, dev_fields, nullptr);
	}
	a.print(recs, {"DEVICE", "PORTS", "RINGS", "RINGS/PORT", "ABI", "CAPS"},
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


} // namespace inictl
