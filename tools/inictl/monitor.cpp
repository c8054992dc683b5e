// SPDX-License-Identifier: GPL-2.0
/* inictl monitor: events of the "monitor" multicast group. */
#include <cstdio>
#include <cstring>

#include <linux/inic.h>

#include "inictl.h"
#include "nl_gen.h"

namespace inictl {

/* The JSON "event" of each notification this version knows. */
static const char *event_name(uint8_t cmd)
{
	switch (cmd) {
	case INIC_CMD_LINK_CHANGE_NTF:
		return "link-change";
	case INIC_CMD_VF_STATE_NTF:
		return "vf-state";
	case INIC_CMD_LAG_FAILOVER_NTF:
		return "lag-failover";
	default:
		return nullptr;
	}
}

int monitor(app &a)
{
	long seen = 0;
	nl_error e;

	if (!a.nl.subscribe(INIC_MCGRP_MONITOR, e))
		fail_nl(e, event_fields);
	setvbuf(stdout, nullptr, _IOLBF, 0);
	if (!a.nl.listen(max_type(event_fields), [&](uint8_t c, const attr_table &tb) {
		const char *name = event_name(c);
		record r;

		if (!name)
			return true;	/* a later event kind: not known here */
		r.add("event", value::str(name));
		for (auto &f : decode(tb, event_fields).fields)
			r.fields.push_back(f);
		if (a.cmd.opt.json) {
			printf("%s\n", to_json(r, a.cmd.opt.pretty).c_str());
		} else if (c == INIC_CMD_LAG_FAILOVER_NTF) {
			printf("%s\n", lag_failover_text(r).c_str());
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
		return a.cmd.opt.count < 0 || ++seen < a.cmd.opt.count;
	}, e))
		fail_nl(e, event_fields);
	return EXIT_OK;
}


} // namespace inictl
