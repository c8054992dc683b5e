// SPDX-License-Identifier: GPL-2.0
/* inictl: netlink round trips, attribute decoding and printing. */
#include <cstdio>
#include <cstring>

#include <ctime>

#include <libmnl/libmnl.h>
#include <linux/inic.h>
#include <net/if.h>
#include <unistd.h>

#include "inictl.h"
#include "nl_gen.h"

namespace inictl {

std::string enum_text(const nl_enum &e, uint32_t v)
{
	const char *n = e.name(v);

	if (!n && v == 0)
		n = e.zero;
	if (!n)
		n = e.other;
	return n ? n : std::to_string(v);
}

/* Attribute names by type, for error messages. */
static std::vector<const char *> names_of(const std::vector<field> &fields)
{
	std::vector<const char *> n;

	for (const auto &f : fields) {
		if ((size_t)f.type >= n.size())
			n.resize(f.type + 1, nullptr);
		n[f.type] = f.name;
	}
	return n;
}

int max_type(const std::vector<field> &fields)
{
	int m = 0;

	for (const auto &f : fields)
		m = std::max(m, f.type);
	return m;
}

record decode(const attr_table &tb, const std::vector<field> &fields)
{
	record r;

	for (const auto &f : fields) {
		const struct nlattr *a = tb[f.type];

		if (!a)
			continue;
		switch (f.kind) {
		case F_U8:
			r.add(f.name, value::num(mnl_attr_get_payload_len(a) >= 1 ?
						 mnl_attr_get_u8(a) : 0));
			break;
		case F_U16:
			r.add(f.name, value::num(mnl_attr_get_payload_len(a) >= 2 ?
						 mnl_attr_get_u16(a) : 0));
			break;
		case F_U32:
			r.add(f.name, value::num(attr_u32(a)));
			break;
		case F_UINT:
			r.add(f.name, value::num(attr_uint(a)));
			break;
		case F_STR:
			r.add(f.name, value::str(attr_str(a)));
			break;
		case F_FLAG:
			r.add(f.name, value::num(1));
			break;
		case F_MAC: {
			uint8_t mac[6] = {};
			const uint16_t len = a->nla_len - NLA_HDRLEN;

			memcpy(mac, (const char *)a + NLA_HDRLEN, len < 6 ? len : 6);
			r.add(f.name, value::str(format_mac(mac)));
			break;
		}
		case F_HEX: {
			const uint16_t len = a->nla_len - NLA_HDRLEN;

			r.add(f.name, value::str(to_hex((const uint8_t *)a + NLA_HDRLEN,
							len)));
			break;
		}
		case F_ENUM:
			r.add(f.name, value::str(enum_text(*f.en, attr_u32(a))));
			break;
		case F_FLAGS:
			r.add(f.name, value::strs(flag_names(*f.en, attr_u32(a))));
			break;
		case F_NEST:
			r.add(f.name, value::object(decode_nest(a, *f.nested)));
			break;
		case F_NEST_LIST:
		case F_U32_LIST: {
			std::vector<value> items;

			for (const struct nlattr *e : tb.all) {
				if (mnl_attr_get_type(e) != f.type)
					continue;
				if (f.kind == F_U32_LIST)
					items.push_back(value::num(attr_u32(e)));
				else
					items.push_back(value::object(
						decode_nest(e, *f.nested)));
			}
			r.add(f.name, value::array(items));
			break;
		}
		}
	}
	return r;
}

record decode_nest(const struct nlattr *nest,
		   const std::vector<field> &fields)
{
	return decode(parse_nested(nest, max_type(fields)), fields);
}

void fail(const std::string &msg, int code)
{
	fflush(stdout);
	fprintf(stderr, "inictl: %s\n", msg.c_str());
	exit(code);
}

void fail_nl(const nl_error &e, const std::vector<field> &fields)
{
	fail(e.describe(names_of(fields)));
}

void app::open()
{
	nl_error e;

	if (!nl.open(INIC_FAMILY_NAME, e))
		fail(e.describe({}));
}

std::vector<record> app::dump(uint8_t op, const std::vector<field> &fields,
			      const std::function<void(request &)> &put)
{
	request req(nl.family_id(), op, INIC_FAMILY_VERSION, true);
	std::vector<record> out;
	nl_error e;

	if (put)
		put(req);
	if (!nl.run(req, max_type(fields), [&](const attr_table &tb) {
		out.push_back(decode(tb, fields));
	}, e))
		fail_nl(e, fields);
	return out;
}

record app::get(uint8_t op, const std::vector<field> &fields,
		const std::function<void(request &)> &put)
{
	request req(nl.family_id(), op, INIC_FAMILY_VERSION, false);
	record out;
	nl_error e;

	put(req);
	if (!nl.run(req, max_type(fields), [&](const attr_table &tb) {
		out = decode(tb, fields);
	}, e))
		fail_nl(e, fields);
	return out;
}

void app::print(const std::vector<record> &recs,
		const std::vector<std::string> &header,
		const std::function<std::vector<std::string>(const record &)> &row)
{
	if (cmd.opt.json) {
		printf("%s\n", to_json(recs, cmd.opt.pretty).c_str());
		return;
	}
	std::vector<std::vector<std::string>> rows;

	for (const auto &r : recs)
		rows.push_back(row(r));
	fputs(table(header, rows).c_str(), stdout);
}

uint32_t app::ifindex_of(const std::string &ifname)
{
	unsigned int idx = if_nametoindex(ifname.c_str());

	if (!idx)
		fail("no network device \"" + ifname + "\"");
	return idx;
}

std::string app::bus_of_ifname(const std::string &ifname)
{
	uint32_t idx = ifindex_of(ifname);
	record r = get(INIC_CMD_PORT_GET, port_fields, [&](request &q) {
		q.put_u32(INIC_A_PORT_IFINDEX, idx);
	});
	return r.str("bus-name");
}

static double now_s()
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void sleep_until(double t)
{
	double d = t - now_s();

	if (d > 0) {
		struct timespec ts;

		ts.tv_sec = (time_t)d;
		ts.tv_nsec = (long)((d - ts.tv_sec) * 1e9);
		nanosleep(&ts, nullptr);
	}
}

void watch(const options &opt, const std::function<void(double dt)> &sample)
{
	double t_prev = now_s(), next = t_prev + opt.interval;

	for (long n = 0; opt.count < 0 || n < opt.count; n++) {
		sleep_until(next);
		next += opt.interval;

		double t = now_s();

		sample(t - t_prev);
		t_prev = t;
	}
}

void watch_print(const options &opt, const std::string &title, double dt,
		 const std::vector<std::string> &header,
		 const std::vector<std::vector<std::string>> &rows)
{
	bool tty = !opt.json && isatty(STDOUT_FILENO);
	char stamp[32];
	time_t wall = time(nullptr);

	strftime(stamp, sizeof(stamp), "%H:%M:%S", localtime(&wall));
	if (tty)
		fputs("\033[H\033[2J", stdout);
	printf("%s: %s, rates over %.2f s\n", title.c_str(), stamp, dt);
	fputs(table(header, rows).c_str(), stdout);
	if (!tty)
		putchar('\n');
	fflush(stdout);
}

std::string ifname_of(uint64_t ifindex)
{
	char name[IF_NAMESIZE];

	if (!if_indextoname((unsigned int)ifindex, name))
		return "#" + std::to_string(ifindex);
	return name;
}

} // namespace inictl
