// SPDX-License-Identifier: GPL-2.0
/*
 * inictl lag: the bonding offload, the device's link aggregation group
 * (LAG_GET). Pinning a VF is "inictl vf set ... lag" (vf.cpp).
 */
#include <cstdio>

#include <linux/inic.h>

#include "inictl.h"
#include "nl_gen.h"

namespace inictl {

int lag_show(app &a)
{
	std::vector<record> recs;

	if (a.cmd.args.count("dev")) {
		const std::string &d = a.cmd.args["dev"];
		std::string bus = looks_like_bus(d) ? d : a.bus_of_ifname(d);

		recs.push_back(a.get(INIC_CMD_LAG_GET, lag_fields, [&](request &q) {
			q.put_str(INIC_A_LAG_BUS_NAME, bus);
		}));
	} else {
		recs = a.dump(INIC_CMD_LAG_GET, lag_fields, nullptr);
	}
	if (a.cmd.opt.json) {
		printf("%s\n", to_json(recs, a.cmd.opt.pretty).c_str());
		return EXIT_OK;
	}
	/* ip/devlink style: one block per device. */
	for (const auto &r : recs)
		fputs(lag_text(r).c_str(), stdout);
	return EXIT_OK;
}

} // namespace inictl
