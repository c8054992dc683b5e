// SPDX-License-Identifier: GPL-2.0
/* inictl: generic netlink client on libmnl (see nl.h). */
#include "nl.h"

#include <cerrno>
#include <cstring>
#include <ctime>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <poll.h>
#include <unistd.h>

namespace inictl {

static const size_t RX_BUF = 64 * 1024;

/* libmnl's iteration macros do not compile as C++ (void * conversions). */
#define NL_FOR_EACH_ATTR(a, nlh, hdrlen)					\
	for (a = (const struct nlattr *)mnl_nlmsg_get_payload_offset(nlh, hdrlen); \
	     mnl_attr_ok(a, (int)((const char *)mnl_nlmsg_get_payload_tail(nlh) - \
				  (const char *)a));			\
	     a = mnl_attr_next(a))
#define NL_FOR_EACH_NESTED(a, nest)						\
	for (a = (const struct nlattr *)mnl_attr_get_payload(nest);		\
	     mnl_attr_ok(a, (int)((const char *)mnl_attr_get_payload(nest) +	\
				  mnl_attr_get_payload_len(nest) -		\
				  (const char *)a));			\
	     a = mnl_attr_next(a))
#define NL_FOR_EACH_MSG(m, buf, len)						\
	for (m = (const struct nlmsghdr *)(buf).data(); mnl_nlmsg_ok(m, len);	\
	     m = mnl_nlmsg_next(m, &len))

std::string nl_error::describe(const std::vector<const char *> &names) const
{
	auto name = [&](int t) -> std::string {
		if (t >= 0 && (size_t)t < names.size() && names[t])
			return names[t];
		return "#" + std::to_string(t);
	};
	std::string o = msg;

	if (miss_attr >= 0 && o.find(name(miss_attr)) == std::string::npos)
		o += (o.empty() ? "" : " ") + std::string("(missing attribute ") +
		     name(miss_attr) + ")";
	if (bad_attr >= 0 && o.find(name(bad_attr)) == std::string::npos)
		o += (o.empty() ? "" : " ") + std::string("(attribute ") +
		     name(bad_attr) + ")";
	if (!o.empty())
		o += ": ";
	return o + strerror(err);
}

/* ---- request ---- */

request::request(uint16_t type, uint8_t cmd, uint8_t version, bool dump)
	: buf_(MNL_SOCKET_BUFFER_SIZE), dump_(dump)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf_.data());
	struct genlmsghdr *g;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | (dump ? NLM_F_DUMP : NLM_F_ACK);
	g = (struct genlmsghdr *)mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = version;
}

void request::put_u32(uint16_t type, uint32_t v)
{
	mnl_attr_put_u32(hdr(), type, v);
}

void request::put_u16(uint16_t type, uint16_t v)
{
	mnl_attr_put_u16(hdr(), type, v);
}

void request::put_str(uint16_t type, const std::string &s)
{
	mnl_attr_put_strz(hdr(), type, s.c_str());
}

void request::put_bin(uint16_t type, const void *data, size_t len)
{
	mnl_attr_put(hdr(), type, len, data);
}

int request::attr_at(uint32_t off) const
{
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)buf_.data();
	const struct nlattr *a;

	NL_FOR_EACH_ATTR(a, nlh, sizeof(struct genlmsghdr))
		if ((uint32_t)((const char *)a - (const char *)nlh) == off)
			return mnl_attr_get_type(a);
	return -1;
}

/* ---- attributes ---- */

uint32_t attr_u32(const struct nlattr *a)
{
	if (!a || mnl_attr_get_payload_len(a) < 4)
		return 0;
	return mnl_attr_get_u32(a);
}

uint64_t attr_uint(const struct nlattr *a)
{
	if (!a)
		return 0;
	if (mnl_attr_get_payload_len(a) == 8)
		return mnl_attr_get_u64(a);
	return attr_u32(a);
}

std::string attr_str(const struct nlattr *a)
{
	if (!a)
		return "";
	return std::string((const char *)mnl_attr_get_payload(a),
			   strnlen((const char *)mnl_attr_get_payload(a),
				   mnl_attr_get_payload_len(a)));
}

static void table_add(attr_table &tb, const struct nlattr *a, int maxattr)
{
	int t = mnl_attr_get_type(a);

	if (t <= maxattr)
		tb[t] = a;
	tb.all.push_back(a);
}

static attr_table parse_attrs(const struct nlmsghdr *nlh, size_t hdrlen,
			      int maxattr)
{
	attr_table tb(maxattr + 1, nullptr);
	const struct nlattr *a;

	NL_FOR_EACH_ATTR(a, nlh, hdrlen)
		table_add(tb, a, maxattr);
	return tb;
}

attr_table parse_genl(const struct nlmsghdr *nlh, int maxattr)
{
	return parse_attrs(nlh, sizeof(struct genlmsghdr), maxattr);
}

attr_table parse_nested(const struct nlattr *nest, int maxattr)
{
	attr_table tb(maxattr + 1, nullptr);
	const struct nlattr *a;

	if (!nest || mnl_attr_get_payload_len(nest) < sizeof(struct nlattr))
		return tb;
	NL_FOR_EACH_NESTED(a, nest)
		table_add(tb, a, maxattr);
	return tb;
}

/* The extack TLVs of an NLMSG_ERROR or NLMSG_DONE message. */
static void parse_extack(const struct nlmsghdr *nlh, const request &req,
			 nl_error &e)
{
	const char *end = (const char *)nlh + nlh->nlmsg_len;
	const char *p;

	if (nlh->nlmsg_type == NLMSG_ERROR) {
		const struct nlmsgerr *err =
			(const struct nlmsgerr *)mnl_nlmsg_get_payload(nlh);

		p = (const char *)err + sizeof(*err);
		if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
			p += err->msg.nlmsg_len - sizeof(struct nlmsghdr);
	} else {
		p = (const char *)mnl_nlmsg_get_payload(nlh) + sizeof(int);
	}
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	while (p + sizeof(struct nlattr) <= end) {
		const struct nlattr *a = (const struct nlattr *)p;

		if (a->nla_len < sizeof(*a) || p + a->nla_len > end)
			break;
		switch (mnl_attr_get_type(a)) {
		case NLMSGERR_ATTR_MSG:
			e.msg = attr_str(a);
			break;
		case NLMSGERR_ATTR_OFFS:
			e.bad_attr = req.attr_at(attr_u32(a));
			break;
		case NLMSGERR_ATTR_MISS_TYPE:
			e.miss_attr = (int)attr_u32(a);
			break;
		}
		p += MNL_ALIGN(a->nla_len);
	}
}

/* ---- socket ---- */

genl::~genl()
{
	if (nl_)
		mnl_socket_close(nl_);
}

bool genl::open(const std::string &family, nl_error &e)
{
	int one = 1;

	nl_ = mnl_socket_open(NETLINK_GENERIC);
	if (!nl_ || mnl_socket_bind(nl_, 0, MNL_SOCKET_AUTOPID) < 0) {
		e.err = errno;
		e.msg = "cannot open a generic netlink socket";
		return false;
	}
	portid_ = mnl_socket_get_portid(nl_);
	seq_ = (uint32_t)time(nullptr);
	mnl_socket_setsockopt(nl_, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(nl_, NETLINK_CAP_ACK, &one, sizeof(one));

	request req(GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 1, false);

	req.put_str(CTRL_ATTR_FAMILY_NAME, family);
	bool ok = run_raw(req, GENL_ID_CTRL, CTRL_ATTR_MAX,
			  [&](const attr_table &tb) {
		const struct nlattr *grp, *g;

		if (tb[CTRL_ATTR_FAMILY_ID])
			family_ = mnl_attr_get_u16(tb[CTRL_ATTR_FAMILY_ID]);
		grp = tb[CTRL_ATTR_MCAST_GROUPS];
		if (!grp)
			return;
		NL_FOR_EACH_NESTED(g, grp) {
			const struct nlattr *f, *name = nullptr, *id = nullptr;

			NL_FOR_EACH_NESTED(f, g) {
				if (mnl_attr_get_type(f) == CTRL_ATTR_MCAST_GRP_NAME)
					name = f;
				else if (mnl_attr_get_type(f) == CTRL_ATTR_MCAST_GRP_ID)
					id = f;
			}
			if (name && id)
				groups_[attr_str(name)] = attr_u32(id);
		}
	}, e);
	if (!ok) {
		if (e.err == ENOENT) {
			e.msg = "generic netlink family \"" + family +
				"\" not found (is the inic module loaded?)";
			e.bad_attr = e.miss_attr = -1;
		}
		return false;
	}
	if (!family_) {
		e.err = ENOENT;
		e.msg = "no id for generic netlink family \"" + family + "\"";
		return false;
	}
	return true;
}

uint32_t genl::group(const std::string &name) const
{
	auto it = groups_.find(name);

	return it == groups_.end() ? 0 : it->second;
}

ssize_t genl::receive(std::vector<char> &buf, nl_error &e)
{
	for (;;) {
		ssize_t n = mnl_socket_recvfrom(nl_, buf.data(), buf.size());

		if (n >= 0)
			return n;
		if (errno == EINTR)
			continue;
		e.err = errno;
		e.msg = "netlink receive failed";
		return -1;
	}
}

bool genl::run(request &req, int maxattr,
	       const std::function<void(const attr_table &)> &cb, nl_error &e)
{
	return run_raw(req, family_, maxattr, cb, e);
}

bool genl::run_raw(request &req, uint16_t type, int maxattr,
		   const std::function<void(const attr_table &)> &cb,
		   nl_error &e)
{
	struct nlmsghdr *nlh = req.hdr();
	std::vector<char> buf(RX_BUF);
	uint32_t seq = ++seq_;

	nlh->nlmsg_seq = seq;
	if (mnl_socket_sendto(nl_, nlh, nlh->nlmsg_len) < 0) {
		e.err = errno;
		e.msg = "netlink send failed";
		return false;
	}
	for (;;) {
		ssize_t n = receive(buf, e);
		const struct nlmsghdr *m;
		int len;

		if (n < 0)
			return false;
		len = (int)n;
		NL_FOR_EACH_MSG(m, buf, len) {
			if (m->nlmsg_seq != seq || m->nlmsg_pid != portid_)
				continue;
			if (m->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *err =
					(const struct nlmsgerr *)mnl_nlmsg_get_payload(m);

				if (m->nlmsg_len < mnl_nlmsg_size(sizeof(*err))) {
					e.err = EBADMSG;
					return false;
				}
				if (!err->error)
					return true;	/* the ACK */
				e.err = -err->error;
				parse_extack(m, req, e);
				return false;
			}
			if (m->nlmsg_type == NLMSG_DONE) {
				int err = 0;

				if (m->nlmsg_len >= mnl_nlmsg_size(sizeof(int)))
					memcpy(&err, mnl_nlmsg_get_payload(m), sizeof(int));
				if (err < 0) {
					e.err = -err;
					parse_extack(m, req, e);
					return false;
				}
				return true;
			}
			if (m->nlmsg_type != type)
				continue;
			cb(parse_attrs(m, sizeof(struct genlmsghdr), maxattr));
		}
		if (n == 0) {
			e.err = EPIPE;
			return false;
		}
	}
}

bool genl::subscribe(const std::string &name, nl_error &e)
{
	uint32_t id = group(name);

	if (!id) {
		e.err = ENOENT;
		e.msg = "no multicast group \"" + name + "\"";
		return false;
	}
	if (mnl_socket_setsockopt(nl_, NETLINK_ADD_MEMBERSHIP, &id,
				  sizeof(id)) < 0) {
		e.err = errno;
		e.msg = "cannot join multicast group \"" + name + "\"";
		return false;
	}
	return true;
}

bool genl::listen(int maxattr,
		  const std::function<bool(uint8_t, const attr_table &)> &cb,
		  nl_error &e)
{
	std::vector<char> buf(RX_BUF);

	for (;;) {
		ssize_t n = receive(buf, e);
		const struct nlmsghdr *m;
		int len;

		if (n < 0) {
			if (e.err == ENOBUFS)
				e.msg = "events lost (socket overrun)";
			return false;
		}
		len = (int)n;
		NL_FOR_EACH_MSG(m, buf, len) {
			const struct genlmsghdr *g;

			if (m->nlmsg_type != family_ ||
			    m->nlmsg_len < mnl_nlmsg_size(sizeof(*g)))
				continue;
			g = (const struct genlmsghdr *)mnl_nlmsg_get_payload(m);
			if (!cb(g->cmd, parse_attrs(m, sizeof(*g), maxattr)))
				return true;
		}
	}
}

} // namespace inictl
