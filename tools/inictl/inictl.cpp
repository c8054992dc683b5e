// SPDX-License-Identifier: GPL-2.0
/*
 * inictl: administer inic NICs over the "inic" generic netlink family
 * (Documentation/netlink/specs/inic.yaml, manual: Documentation/inictl.rst).
 *
 *   inictl [-j] [-p] OBJECT COMMAND [ARGS]
 *
 * Exit status: 0 success, 1 error (the kernel refused, device not found,
 * ...), 2 usage error.
 *
 * The grammar (objects, verbs, arguments) is cli.cpp's table; this file
 * maps each "object verb" to its handler, which lives in the object's file.
 */
#include <cstdio>
#include <cstring>

#include <linux/inic.h>

#include "inictl.h"

#ifndef INICTL_VERSION
#define INICTL_VERSION "unknown"
#endif

using namespace inictl;

namespace {

struct cmd {
	const char *object;
	const char *verb;
	int (*fn)(app &a);
};

const cmd cmds[] = {
	{"dev", "show", dev_show},
	{"port", "show", port_show},
	{"port", "set", port_set},
	{"stats", "show", stats_show},
	{"vf", "show", vf_show},
	{"vf", "set", vf_set},
	{"rule", "show", rule_show},
	{"lag", "show", lag_show},
	{"toe", "show", toe_show},
	{"toe", "listen", toe_listen},
	{"vnic", "show", vnic_show},
	{"vnic", "add", vnic_add},
	{"vnic", "del", vnic_del},
	{"vnic", "set", vnic_set},
	{"monitor", "show", monitor},
};

int run(const command &c)
{
	if (c.object == "help" || c.verb == "help") {
		fputs(usage(c.object == "help" ? "" : c.object).c_str(), stdout);
		return EXIT_OK;
	}
	if (c.object == "version") {
		printf("inictl %s (inic netlink family version %d)\n",
		       INICTL_VERSION, INIC_FAMILY_VERSION);
		return EXIT_OK;
	}
	for (const auto &e : cmds) {
		if (c.object == e.object && c.verb == e.verb) {
			app a(c);

			a.open();
			return e.fn(a);
		}
	}
	fail("no handler for \"" + c.object + " " + c.verb + "\"", EXIT_USAGE);
}

} // namespace

int main(int argc, char **argv)
{
	std::vector<std::string> args(argv + 1, argv + argc);
	command c;
	std::string err;

	if (parse(args, c, err) != EXIT_OK) {
		fprintf(stderr, "inictl: %s\n", err.c_str());
		fprintf(stderr, "Try \"inictl help\".\n");
		return EXIT_USAGE;
	}
	return run(c);
}
