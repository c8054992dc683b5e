// SPDX-License-Identifier: GPL-2.0
/*
 * inictl lag: the bonding offload, the device's link aggregation group
 * (LAG_GET). Pinning a VF is "inictl vf set ... lag" (vf.cpp).
 */
#include <cstdio>

#include <linux/inic.h>

#include "inictl.h"

namespace inictl {

static const std::vector<field> lag_member_fields = {
	{INIC_A_LAG_MEMBER_PORT_INDEX, "port-index", F_U32},
	{INIC_A_LAG_MEMBER_LINK, "link", F_LINK},
	{INIC_A_LAG_MEMBER_RX_FRAMES, "rx-frames", F_UINT},
	{INIC_A_LAG_MEMBER_TX_FRAMES, "tx-frames", F_UINT},
};

static const std::vector<field> lag_move_fields = {
	{INIC_A_LAG_MOVE_FROM, "from", F_U32},
	{INIC_A_LAG_MOVE_TO, "to", F_U32},
	{INIC_A_LAG_MOVE_REASON, "reason", F_FAILOVER_REASON},
	{INIC_A_LAG_MOVE_AT_NS, "at-ns", F_UINT},
};

const std::vector<field> lag_fields = {
	{INIC_A_LAG_BUS_NAME, "bus-name", F_STR},
	{INIC_A_LAG_OFFLOADED, "offloaded", F_U32},
	{INIC_A_LAG_UPPER, "upper", F_STR},
	{INIC_A_LAG_WHY, "why", F_STR},
	{INIC_A_LAG_MODE, "mode", F_BOND_MODE},
	{INIC_A_LAG_HASH, "hash", F_BOND_HASH},
	{INIC_A_LAG_MEMBER, "member", F_NEST_LIST, &lag_member_fields},
	{INIC_A_LAG_PRIMARY, "primary", F_U32},
	{INIC_A_LAG_ACTIVE, "active", F_U32},
	{INIC_A_LAG_FAILBACK, "failback", F_U32},
	{INIC_A_LAG_PF_PINNED, "pf-pinned", F_U32},
	{INIC_A_LAG_VF_PINNED, "vf-pinned", F_U32_LIST},
	{INIC_A_LAG_FAILOVERS, "failovers", F_UINT},
	{INIC_A_LAG_LAST_FAILOVER, "last-failover", F_NEST, &lag_move_fields},
	{INIC_A_LAG_ANNOUNCES, "announces", F_UINT},
	{INIC_A_LAG_TX_MOVED, "tx-moved", F_UINT},
	{INIC_A_LAG_TX_NO_PORT, "tx-no-port", F_UINT},
};

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
