// SPDX-License-Identifier: GPL-2.0
/* inictl: a small generic netlink client on libmnl, with extack errors. */
#ifndef INICTL_NL_H
#define INICTL_NL_H

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include <linux/netlink.h>
#include <sys/types.h>

struct mnl_socket;

namespace inictl {

/* A failed request: errno value and the kernel's extack, if any. */
struct nl_error {
	int err = 0;		/* positive errno */
	std::string msg;	/* extack message */
	int bad_attr = -1;	/* attribute type the kernel pointed at */
	int miss_attr = -1;	/* attribute type the kernel found missing */

	/* "<msg> (attribute NAME): <strerror>" with names[type] for types. */
	std::string describe(const std::vector<const char *> &names) const;
};

/*
 * Attributes of one message, indexed by type (nullptr when absent; the
 * last one of a type given more than once), and all of them in order
 * (multi-attr: the spec's lists are attributes repeated).
 */
struct attr_table : std::vector<const struct nlattr *> {
	using std::vector<const struct nlattr *>::vector;
	std::vector<const struct nlattr *> all;
};

/* A request under construction. */
class request {
public:
	request(uint16_t type, uint8_t cmd, uint8_t version, bool dump);
	void put_u32(uint16_t type, uint32_t v);
	void put_u16(uint16_t type, uint16_t v);
	void put_str(uint16_t type, const std::string &s);
	void put_bin(uint16_t type, const void *data, size_t len);
	struct nlmsghdr *hdr() { return (struct nlmsghdr *)buf_.data(); }
	bool dump() const { return dump_; }
	/* Type of the attribute that starts at byte offset off, or -1. */
	int attr_at(uint32_t off) const;

private:
	std::vector<char> buf_;
	bool dump_;
};

class genl {
public:
	genl() = default;
	~genl();
	genl(const genl &) = delete;
	genl &operator=(const genl &) = delete;

	/* Open a socket and resolve the family; false and e set on failure. */
	bool open(const std::string &family, nl_error &e);
	uint16_t family_id() const { return family_; }
	/* Multicast group id by name; 0 if unknown. */
	uint32_t group(const std::string &name) const;

	/*
	 * Send req, call cb(attrs) for every reply message (attrs indexed
	 * up to maxattr). Returns true, or false with e set.
	 */
	bool run(request &req, int maxattr,
		 const std::function<void(const attr_table &)> &cb,
		 nl_error &e);

	bool subscribe(const std::string &group, nl_error &e);
	/*
	 * Wait for notifications; cb(cmd, attrs) returns false to stop.
	 * Returns false with e set on a socket error.
	 */
	bool listen(int maxattr,
		    const std::function<bool(uint8_t, const attr_table &)> &cb,
		    nl_error &e);

private:
	/* Receive into buf (retrying EINTR): bytes, or -1 with e set. */
	ssize_t receive(std::vector<char> &buf, nl_error &e);
	bool run_raw(request &req, uint16_t type, int maxattr,
		     const std::function<void(const attr_table &)> &cb,
		     nl_error &e);

	struct mnl_socket *nl_ = nullptr;
	uint32_t portid_ = 0;
	uint32_t seq_ = 0;
	uint16_t family_ = 0;
	std::map<std::string, uint32_t> groups_;
};

/*
 * The attributes of a generic netlink message (after its genlmsghdr), and
 * those nested in a nest attribute, indexed up to maxattr.
 */
attr_table parse_genl(const struct nlmsghdr *nlh, int maxattr);
attr_table parse_nested(const struct nlattr *nest, int maxattr);

/* Attribute payload accessors (length-checked; 0/"" when malformed). */
uint32_t attr_u32(const struct nlattr *a);
uint64_t attr_uint(const struct nlattr *a);	/* 4 or 8 bytes */
std::string attr_str(const struct nlattr *a);

} // namespace inictl

#endif
