// SPDX-License-Identifier: GPL-2.0
/*
 * inictl toe: TOE connection handoff (TOE_GET, TOE_LISTEN_ADD/DEL), and
 * the host's half of it: the tc-ingress program bpf/inic_toe.bpf.c,
 * embedded in inictl (bpf/toe_obj.S), which turns each handshake the
 * device completed into a request socket on the listener. The first
 * listener of a port attaches it to the port's clsact ingress hook
 * (cls_bpf, direct action, handle and priority INICTL_TOE_TC_ID); the
 * last one leaving detaches it. The clsact qdisc is left in place (other
 * filters may use it).
 */
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <functional>
#include <map>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/inic.h>

#include "inictl.h"
#include "nl_gen.h"

extern "C" const unsigned char inic_toe_bpf_obj[];
extern "C" const unsigned char inic_toe_bpf_obj_end[];

namespace inictl {

namespace {

/* The filter's handle and priority on clsact ingress ("IN"). */
constexpr uint32_t INICTL_TOE_TC_ID = 0x494e;

int quiet(enum libbpf_print_level, const char *, va_list)
{
	return 0;
}

bool bpf_attached(int ifindex)
{
	DECLARE_LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = ifindex,
			    .attach_point = BPF_TC_INGRESS);
	DECLARE_LIBBPF_OPTS(bpf_tc_opts, opts, .handle = INICTL_TOE_TC_ID,
			    .priority = INICTL_TOE_TC_ID);

	return bpf_tc_query(&hook, &opts) == 0;
}

/* Load and attach the program on ifindex: 0 or a negative errno. */
int bpf_attach(int ifindex, std::string &why)
{
	DECLARE_LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = ifindex,
			    .attach_point = BPF_TC_INGRESS);
	DECLARE_LIBBPF_OPTS(bpf_tc_opts, opts, .handle = INICTL_TOE_TC_ID,
			    .priority = INICTL_TOE_TC_ID);
	struct bpf_object *obj;
	struct bpf_program *prog;
	int err;

	libbpf_set_print(quiet);
	if (bpf_attached(ifindex))
		return 0;
	err = bpf_tc_hook_create(&hook);
	if (err && err != -EEXIST) {
		why = "cannot create the clsact qdisc";
		return err;
	}
	obj = bpf_object__open_mem(inic_toe_bpf_obj,
				   inic_toe_bpf_obj_end - inic_toe_bpf_obj,
				   nullptr);
	if (!obj) {
		why = "cannot open the embedded BPF object";
		return -errno;
	}
	err = bpf_object__load(obj);
	if (err) {
		why = "the kernel refused the BPF program (Linux 6.9+ with BTF and CONFIG_SYN_COOKIES needed)";
		bpf_object__close(obj);
		return err;
	}
	prog = bpf_object__find_program_by_name(obj, "inic_toe_ingress");
	if (!prog) {
		why = "the BPF object has no inic_toe_ingress";
		bpf_object__close(obj);
		return -ENOENT;
	}
	opts.prog_fd = bpf_program__fd(prog);
	err = bpf_tc_attach(&hook, &opts);
	if (err)
		why = "cannot attach the BPF program to tc ingress";
	/* The filter holds the program (and its map) from here on. */
	bpf_object__close(obj);
	return err;
}

void bpf_detach(int ifindex)
{
	DECLARE_LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = ifindex,
			    .attach_point = BPF_TC_INGRESS);
	DECLARE_LIBBPF_OPTS(bpf_tc_opts, opts, .handle = INICTL_TOE_TC_ID,
			    .priority = INICTL_TOE_TC_ID);

	libbpf_set_print(quiet);
	if (bpf_attached(ifindex))
		bpf_tc_detach(&hook, &opts);
}

/* Listeners the device has on the port of ifindex. */
uint64_t port_listeners(app &a, uint32_t ifindex)
{
	record r = a.get(INIC_CMD_TOE_GET, toe_fields, [&](request &q) {
		q.put_u32(INIC_A_TOE_IFINDEX, ifindex);
	});
	const value *ps = r.get("port");
	std::string name = ifname_of(ifindex);

	for (size_t i = 0; ps && i < ps->items.size(); i++)
		if (ps->items[i].k == value::OBJ &&
		    ps->items[i].obj->str("ifname") == name)
			return ps->items[i].obj->num("listeners");
	return 0;
}

/* One listener request; false and e set if the kernel refused. */
bool listen_one(app &a, bool add, uint32_t ifindex, uint32_t port,
		int family, const std::string &addr, nl_error &e)
{
	request req(a.nl.family_id(),
		    add ? INIC_CMD_TOE_LISTEN_ADD : INIC_CMD_TOE_LISTEN_DEL,
		    INIC_FAMILY_VERSION, false);
	uint8_t ip[16];
	int fam;

	req.put_u32(INIC_A_TOE_IFINDEX, ifindex);
	req.put_u32(INIC_A_TOE_TCP_PORT, port);
	if (!addr.empty() && parse_ip(addr, fam, ip))
		req.put_bin(INIC_A_TOE_ADDR, ip, fam == 6 ? 16 : 4);
	else
		req.put_u32(INIC_A_TOE_FAMILY, family);
	return a.nl.run(req, INIC_A_TOE_MAX, [](const attr_table &) {}, e);
}

/* The TOE counters of a port, as toe show -w prints their rates. */
const char *const toe_counters[] = {
	"syn-answered", "handshakes", "invalid-acks", "syn-passed",
	"synack-drops",
};

/* A port across samples: its device and index. */
using toe_port_key = std::pair<std::string, uint64_t>;

/* Every port record of recs, keyed by device and port index. */
std::map<toe_port_key, record> toe_ports(const std::vector<record> &recs)
{
	std::map<toe_port_key, record> m;

	for (const auto &r : recs) {
		const value *ps = r.get("port");

		for (size_t i = 0; ps && i < ps->items.size(); i++)
			if (ps->items[i].k == value::OBJ)
				m[{r.str("bus-name"),
				   ps->items[i].obj->num("port-index")}] =
					*ps->items[i].obj;
	}
	return m;
}

/*
 * Watch mode: per-port rates of the TOE counters every interval, as
 * stats show -w does for the rings (a port that appears between two
 * samples counts from zero).
 */
int toe_watch(app &a, const std::function<std::vector<record>()> &get)
{
	std::map<toe_port_key, record> prev = toe_ports(get());

	watch(a.cmd.opt, [&](double dt) {
		std::map<toe_port_key, record> cur = toe_ports(get());
		std::vector<record> rates;
		std::vector<std::vector<std::string>> rows;

		for (const auto &c : cur) {
			record zero;
			const record &p = prev.count(c.first) ? prev[c.first] : zero;
			const record &r = c.second;
			std::vector<std::string> row;
			record o;

			o.add("bus-name", value::str(c.first.first));
			o.add("port-index", value::num(c.first.second));
			o.add("ifname", value::str(r.str("ifname")));
			o.add("listeners", value::num(r.num("listeners")));
			row = {r.str("ifname"), std::to_string(r.num("listeners"))};
			for (const char *k : toe_counters) {
				double v = rate(p.num(k), r.num(k), dt);

				o.add(std::string(k) + "-ps", value::num(llround(v)));
				row.push_back(human_rate((double)llround(v)));
			}
			rates.push_back(o);
			rows.push_back(row);
		}
		prev = cur;
		if (a.cmd.opt.json) {
			/* One JSON document per line per sample. */
			printf("{\"interval\":%.3f,\"ports\":%s}\n", dt,
			       to_json(rates, false).c_str());
			fflush(stdout);
			return;
		}
		watch_print(a.cmd.opt, "inictl toe", dt,
			    {"IFNAME", "LISTENERS", "SYN-ANSWERED/s",
			     "HANDSHAKES/s", "INVALID-ACKS/s", "SYN-PASSED/s",
			     "SYNACK-DROPS/s"}, rows);
	});
	return EXIT_OK;
}

} // namespace

int toe_show(app &a)
{
	std::vector<record> recs;
	std::function<std::vector<record>()> get = [&]() {
		std::vector<record> v;

		if (!a.cmd.args.count("dev"))
			return a.dump(INIC_CMD_TOE_GET, toe_fields, nullptr);

		const std::string &d = a.cmd.args["dev"];

		v.push_back(a.get(INIC_CMD_TOE_GET, toe_fields, [&](request &q) {
			if (looks_like_bus(d))
				q.put_str(INIC_A_TOE_BUS_NAME, d);
			else
				q.put_u32(INIC_A_TOE_IFINDEX, a.ifindex_of(d));
		}));
		return v;
	};

	if (a.cmd.opt.watch)
		return toe_watch(a, get);
	recs = get();
	if (a.cmd.opt.json) {
		printf("%s\n", to_json(recs, a.cmd.opt.pretty).c_str());
		return EXIT_OK;
	}
	for (const auto &r : recs)
		fputs(toe_text(r).c_str(), stdout);
	return EXIT_OK;
}

/*
 * toe listen add|del dev IFNAME port PORT [addr A | family F]: without
 * addr or family, both families on any address (rolled back together).
 */
int toe_listen(app &a)
{
	bool add = a.cmd.args["op"] == "add";
	uint32_t ifindex = a.ifindex_of(a.cmd.args["dev"]);
	std::string addr = a.cmd.args.count("addr") ? a.cmd.args["addr"] : "";
	std::vector<int> families;
	uint32_t port;
	nl_error e;
	size_t done;

	parse_u32(a.cmd.args["port"], 65535, port);
	if (!addr.empty())
		families.push_back(0);
	else if (a.cmd.args.count("family"))
		families.push_back(a.cmd.args["family"] == "inet6" ? 6 : 4);
	else
		families = {4, 6};

	for (done = 0; done < families.size(); done++)
		if (!listen_one(a, add, ifindex, port, families[done], addr, e))
			break;
	if (done < families.size()) {
		nl_error undo;

		/* Adding both families: take back the one that went in. */
		while (add && done--)
			listen_one(a, false, ifindex, port, families[done],
				   addr, undo);
		fail_nl(e, toe_fields);
	}

	if (add) {
		std::string why;
		int err = bpf_attach(ifindex, why);

		if (err) {
			nl_error undo;

			for (int f : families)
				listen_one(a, false, ifindex, port, f, addr, undo);
			fail("toe listen add: " + why + ": " + strerror(-err));
		}
	} else if (!port_listeners(a, ifindex)) {
		bpf_detach(ifindex);
	}
	return EXIT_OK;
}

} // namespace inictl
