// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the objects' decoding and printing: replies and events
 * built here as the kernel builds them (nla_put_u32, nla_put_uint, nests,
 * repeated attributes), read by inictl's own parser and decoder.
 */
#include <gtest/gtest.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/inic.h>

#include "inictl.h"
#include "nl_gen.h"

using namespace inictl;

namespace {

/* One generic netlink message of the inic family, as the kernel sends it. */
class fake_reply {
public:
	explicit fake_reply(uint8_t cmd) : buf_(MNL_SOCKET_BUFFER_SIZE)
	{
		struct genlmsghdr *g;

		nlh_ = mnl_nlmsg_put_header(buf_.data());
		nlh_->nlmsg_type = 0x20;
		g = (struct genlmsghdr *)mnl_nlmsg_put_extra_header(nlh_,
								   sizeof(*g));
		g->cmd = cmd;
		g->version = INIC_FAMILY_VERSION;
	}

	fake_reply &u32(uint16_t type, uint32_t v)
	{
		mnl_attr_put_u32(nlh_, type, v);
		return *this;
	}

	/* nla_put_uint: 4 bytes when the value fits, else 8. */
	fake_reply &uint(uint16_t type, uint64_t v)
	{
		if (v <= 0xffffffffull)
			mnl_attr_put_u32(nlh_, type, (uint32_t)v);
		else
			mnl_attr_put_u64(nlh_, type, v);
		return *this;
	}

	fake_reply &str(uint16_t type, const char *s)
	{
		mnl_attr_put_strz(nlh_, type, s);
		return *this;
	}

	fake_reply &bin(uint16_t type, const void *p, size_t len)
	{
		mnl_attr_put(nlh_, type, len, p);
		return *this;
	}

	fake_reply &nest(uint16_t type)
	{
		nests_.push_back(mnl_attr_nest_start(nlh_, type));
		return *this;
	}

	fake_reply &end()
	{
		mnl_attr_nest_end(nlh_, nests_.back());
		nests_.pop_back();
		return *this;
	}

	record decode_as(const std::vector<field> &fields) const
	{
		return decode(parse_genl(nlh_, max_type(fields)), fields);
	}

private:
	std::vector<char> buf_;
	struct nlmsghdr *nlh_;
	std::vector<struct nlattr *> nests_;
};

/* An offloaded active-backup bond over ports 0 and 1, after a failover. */
fake_reply offloaded_reply()
{
	fake_reply m(INIC_CMD_LAG_GET);

	m.str(INIC_A_LAG_BUS_NAME, "0000:00:03.0")
		.u32(INIC_A_LAG_OFFLOADED, 1)
		.str(INIC_A_LAG_UPPER, "bond0")
		.u32(INIC_A_LAG_MODE, INIC_BOND_MODE_ACTIVE_BACKUP)
		.u32(INIC_A_LAG_HASH, INIC_BOND_HASH_L34);
	m.nest(INIC_A_LAG_MEMBER)
		.u32(INIC_A_LAG_MEMBER_PORT_INDEX, 0)
		.u32(INIC_A_LAG_MEMBER_LINK, INIC_LINK_STATE_DOWN)
		.uint(INIC_A_LAG_MEMBER_RX_FRAMES, 1200)
		.uint(INIC_A_LAG_MEMBER_TX_FRAMES, 800)
		.end();
	m.nest(INIC_A_LAG_MEMBER)
		.u32(INIC_A_LAG_MEMBER_PORT_INDEX, 1)
		.u32(INIC_A_LAG_MEMBER_LINK, INIC_LINK_STATE_UP)
		.uint(INIC_A_LAG_MEMBER_RX_FRAMES, 5000000000ull)
		.uint(INIC_A_LAG_MEMBER_TX_FRAMES, 950)
		.end();
	m.u32(INIC_A_LAG_PRIMARY, 0)
		.u32(INIC_A_LAG_ACTIVE, 1)
		.u32(INIC_A_LAG_FAILBACK, 1)
		.u32(INIC_A_LAG_PF_PINNED, 0)
		.u32(INIC_A_LAG_VF_PINNED, 1)
		.u32(INIC_A_LAG_VF_PINNED, 3)
		.uint(INIC_A_LAG_FAILOVERS, 2);
	m.nest(INIC_A_LAG_LAST_FAILOVER)
		.u32(INIC_A_LAG_MOVE_FROM, 0)
		.u32(INIC_A_LAG_MOVE_TO, 1)
		.u32(INIC_A_LAG_MOVE_REASON, INIC_FAILOVER_REASON_LINK_DOWN)
		.uint(INIC_A_LAG_MOVE_AT_NS, 12345678901ull)
		.end();
	m.uint(INIC_A_LAG_ANNOUNCES, 4)
		.uint(INIC_A_LAG_TX_MOVED, 950)
		.uint(INIC_A_LAG_TX_NO_PORT, 0);
	return m;
}

} // namespace

TEST(LagReply, OffloadedDecodes)
{
	record r = offloaded_reply().decode_as(lag_fields);

	EXPECT_EQ(r.str("bus-name"), "0000:00:03.0");
	EXPECT_EQ(r.num("offloaded"), 1u);
	EXPECT_EQ(r.str("mode"), "active-backup");
	EXPECT_EQ(r.str("hash"), "l34");
	const value *m = r.get("member");
	ASSERT_NE(m, nullptr);
	ASSERT_EQ(m->k, value::ARR);
	ASSERT_EQ(m->items.size(), 2u);
	EXPECT_EQ(m->items[0].obj->str("link"), "down");
	EXPECT_EQ(m->items[1].obj->num("port-index"), 1u);
	EXPECT_EQ(m->items[1].obj->num("rx-frames"), 5000000000ull);
	const value *v = r.get("vf-pinned");
	ASSERT_NE(v, nullptr);
	ASSERT_EQ(v->items.size(), 2u);
	EXPECT_EQ(v->items[0].n, 1u);
	EXPECT_EQ(v->items[1].n, 3u);
	const value *last = r.get("last-failover");
	ASSERT_NE(last, nullptr);
	ASSERT_EQ(last->k, value::OBJ);
	EXPECT_EQ(last->obj->str("reason"), "link-down");
	EXPECT_EQ(last->obj->num("at-ns"), 12345678901ull);
}

TEST(LagReply, OffloadedJson)
{
	record r = offloaded_reply().decode_as(lag_fields);

	EXPECT_EQ(to_json(r, false),
		  "{\"bus-name\":\"0000:00:03.0\",\"offloaded\":1,"
		  "\"upper\":\"bond0\",\"mode\":\"active-backup\","
		  "\"hash\":\"l34\",\"member\":["
		  "{\"port-index\":0,\"link\":\"down\",\"rx-frames\":1200,"
		  "\"tx-frames\":800},"
		  "{\"port-index\":1,\"link\":\"up\",\"rx-frames\":5000000000,"
		  "\"tx-frames\":950}],"
		  "\"primary\":0,\"active\":1,\"failback\":1,\"pf-pinned\":0,"
		  "\"vf-pinned\":[1,3],\"failovers\":2,"
		  "\"last-failover\":{\"from\":0,\"to\":1,"
		  "\"reason\":\"link-down\",\"at-ns\":12345678901},"
		  "\"announces\":4,\"tx-moved\":950,\"tx-no-port\":0}");
}

TEST(LagReply, OffloadedText)
{
	record r = offloaded_reply().decode_as(lag_fields);

	EXPECT_EQ(lag_text(r),
		  "dev 0000:00:03.0 upper bond0 offloaded mode active-backup hash l34 active 1 primary 0 failback on\n"
		  "    member port 0 link down rx 1200 tx 800\n"
		  "    member port 1 link up rx 5000000000 tx 950\n"
		  "    failovers 2 last port 0 -> port 1 (link-down) at 12.345678901s\n"
		  "    announces 4 tx-moved 950 tx-no-port 0\n"
		  "    pinned vf 1 vf 3\n");
}

TEST(LagReply, NotOffloaded)
{
	fake_reply m(INIC_CMD_LAG_GET);

	m.str(INIC_A_LAG_BUS_NAME, "0000:00:04.0")
		.u32(INIC_A_LAG_OFFLOADED, 0)
		.str(INIC_A_LAG_UPPER, "bond1")
		.str(INIC_A_LAG_WHY, "bond mode balance-rr cannot be offloaded")
		.u32(INIC_A_LAG_PF_PINNED, 1)
		.uint(INIC_A_LAG_FAILOVERS, 0)
		.uint(INIC_A_LAG_ANNOUNCES, 0)
		.uint(INIC_A_LAG_TX_MOVED, 0)
		.uint(INIC_A_LAG_TX_NO_PORT, 0);

	record r = m.decode_as(lag_fields);

	EXPECT_EQ(r.get("member"), nullptr);
	EXPECT_EQ(r.get("vf-pinned"), nullptr);
	EXPECT_EQ(r.get("last-failover"), nullptr);
	EXPECT_EQ(lag_text(r),
		  "dev 0000:00:04.0 upper bond1 not offloaded: bond mode balance-rr cannot be offloaded\n"
		  "    failovers 0\n"
		  "    announces 0 tx-moved 0 tx-no-port 0\n"
		  "    pinned pf\n");
	EXPECT_EQ(to_json(r, false),
		  "{\"bus-name\":\"0000:00:04.0\",\"offloaded\":0,"
		  "\"upper\":\"bond1\","
		  "\"why\":\"bond mode balance-rr cannot be offloaded\","
		  "\"pf-pinned\":1,\"failovers\":0,\"announces\":0,"
		  "\"tx-moved\":0,\"tx-no-port\":0}");
}

TEST(LagReply, NoUpperAndOddValues)
{
	fake_reply m(INIC_CMD_LAG_GET);

	/* No upper, no reason; a mode, hash and reason this version lacks. */
	m.str(INIC_A_LAG_BUS_NAME, "0000:00:05.0")
		.u32(INIC_A_LAG_OFFLOADED, 1)
		.u32(INIC_A_LAG_MODE, 7)
		.u32(INIC_A_LAG_HASH, 9);
	m.nest(INIC_A_LAG_MEMBER).end();	/* an empty member */
	m.nest(INIC_A_LAG_LAST_FAILOVER)
		.u32(INIC_A_LAG_MOVE_FROM, 2)
		.u32(INIC_A_LAG_MOVE_TO, 3)
		.u32(INIC_A_LAG_MOVE_REASON, 12)
		.end();

	record r = m.decode_as(lag_fields);

	EXPECT_EQ(r.str("mode"), "7");
	EXPECT_EQ(r.str("hash"), "9");
	EXPECT_EQ(lag_text(r),
		  "dev 0000:00:05.0 upper none offloaded mode 7 hash 9 active 0 primary 0 failback off\n"
		  "    member port 0 link ? rx 0 tx 0\n"
		  "    failovers 0 last port 2 -> port 3 (12) at 0.000000000s\n"
		  "    announces 0 tx-moved 0 tx-no-port 0\n"
		  "    pinned none\n");
	record none;

	none.add("bus-name", value::str("0000:00:06.0"));
	none.add("offloaded", value::num(0));
	EXPECT_EQ(lag_text(none).substr(0, lag_text(none).find('\n')),
		  "dev 0000:00:06.0 upper none not offloaded");
}

TEST(LagReply, FailoverEvent)
{
	fake_reply m(INIC_CMD_LAG_FAILOVER_NTF);

	m.str(INIC_A_EVENT_BUS_NAME, "0000:00:03.0")
		.u32(INIC_A_EVENT_LAG_FROM, 1)
		.u32(INIC_A_EVENT_LAG_TO, 0)
		.u32(INIC_A_EVENT_LAG_REASON, INIC_FAILOVER_REASON_FAILBACK)
		.uint(INIC_A_EVENT_LAG_AT_NS, 7000000123ull)
		.uint(INIC_A_EVENT_LAG_FAILOVERS, 3);

	record r = m.decode_as(event_fields);

	EXPECT_EQ(lag_failover_text(r),
		  "lag failover 0000:00:03.0: port 1 -> port 0 (failback) at 7.000000123s");
	EXPECT_EQ(to_json(r, false),
		  "{\"bus-name\":\"0000:00:03.0\",\"lag-from\":1,\"lag-to\":0,"
		  "\"lag-reason\":\"failback\",\"lag-at-ns\":7000000123,"
		  "\"lag-failovers\":3}");
}

TEST(VfReply, LagAndEvent)
{
	fake_reply m(INIC_CMD_VF_STATE_NTF);

	m.str(INIC_A_EVENT_BUS_NAME, "0000:00:03.0")
		.u32(INIC_A_EVENT_VF_INDEX, 2)
		.u32(INIC_A_EVENT_VF_EVENT, INIC_VF_EVENT_LAG);
	EXPECT_EQ(m.decode_as(event_fields).str("vf-event"), "lag");
}

/* A VNIC_GET reply as inic_vnic_nl_fill() writes it. */
static fake_reply vnic_reply(const char *name)
{
	fake_reply m(INIC_CMD_VNIC_GET);
	const uint8_t mac[6] = {2, 0x5e, 0, 0, 0, 0x0a};

	m.str(INIC_A_VNIC_BUS_NAME, "0000:00:03.0")
		.u32(INIC_A_VNIC_PORT_INDEX, 0)
		.str(INIC_A_VNIC_NAME, name)
		.u32(INIC_A_VNIC_INDEX, 4)
		.bin(INIC_A_VNIC_MAC, mac, 6)
		.u32(INIC_A_VNIC_VLAN, 0)
		.u32(INIC_A_VNIC_RINGS, 2)
		.u32(INIC_A_VNIC_FIRST_RING, 8)
		.u32(INIC_A_VNIC_MAX_TX_RATE, 100)
		.u32(INIC_A_VNIC_LINK, INIC_LINK_STATE_UP)
		.uint(INIC_A_VNIC_RX_PACKETS, 7)
		.uint(INIC_A_VNIC_MIRROR_DROPS, 1);
	return m;
}

/* vnic show: a mirror VNIC says what it copies: a port, a VF or a VNIC. */
TEST(VnicReply, MirrorKinds)
{
	const std::string rings = "    rings 2 (8-9)\n"
		"    rx 7 pkts 0 bytes 0 drops; tx 0 pkts 0 bytes 0 drops 0 spoofed; shaped 0 mirror-drops 1\n";
	const std::string head = ": port - (0000:00:03.0 port 0) vnic 4";
	record r = vnic_reply("vn0").decode_as(vnic_fields);

	EXPECT_EQ(r.get("mirror-kind"), nullptr);
	EXPECT_EQ(vnic_text(r), "vn0" + head +
		  " mac 02:5e:00:00:00:0a vlan 0 maxbw 100Mbit link up\n" + rings);

	r = vnic_reply("dbg0")
		.u32(INIC_A_VNIC_MIRROR_KIND, INIC_VNIC_MIRROR_KIND_PORT)
		.str(INIC_A_VNIC_MIRROR, "eth2").decode_as(vnic_fields);
	EXPECT_EQ(r.str("mirror-kind"), "port");
	EXPECT_EQ(vnic_text(r), "dbg0" + head + " mirror of port eth2 link up\n" +
		  rings);

	r = vnic_reply("dbg1")
		.u32(INIC_A_VNIC_MIRROR_KIND, INIC_VNIC_MIRROR_KIND_VF)
		.u32(INIC_A_VNIC_MIRROR_VF, 3).decode_as(vnic_fields);
	EXPECT_EQ(r.num("mirror-vf"), 3u);
	EXPECT_EQ(vnic_text(r), "dbg1" + head + " mirror of vf 3 link up\n" + rings);
	EXPECT_NE(to_json({r}, false).find("\"mirror-kind\":\"vf\",\"mirror-vf\":3"),
		  std::string::npos) << to_json({r}, false);

	r = vnic_reply("dbg2")
		.u32(INIC_A_VNIC_MIRROR_KIND, INIC_VNIC_MIRROR_KIND_VNIC)
		.str(INIC_A_VNIC_MIRROR, "vn0").decode_as(vnic_fields);
	EXPECT_EQ(vnic_text(r), "dbg2" + head + " mirror of vnic vn0 link up\n" +
		  rings);
}

/* port show: each port's VNICs under it, in the table and as a JSON list. */
TEST(PortReply, VnicsUnderTheirPort)
{
	auto port = [](uint32_t idx, const char *name) {
		fake_reply m(INIC_CMD_PORT_GET);
		const uint8_t mac[6] = {0x52, 0x54, 0, 0x12, 0x34, (uint8_t)(0x56 + idx)};

		m.str(INIC_A_PORT_BUS_NAME, "0000:00:03.0")
			.u32(INIC_A_PORT_INDEX, idx)
			.u32(INIC_A_PORT_IFINDEX, 3 + idx)
			.str(INIC_A_PORT_IFNAME, name)
			.u32(INIC_A_PORT_LINK, INIC_LINK_STATE_UP)
			.u32(INIC_A_PORT_SPEED, 10000)
			.bin(INIC_A_PORT_MAC, mac, 6)
			.u32(INIC_A_PORT_MTU, 1500)
			.u32(INIC_A_PORT_RING_COUNT, 4)
			.u32(INIC_A_PORT_FIRST_RING, 4 * idx);
		return m.decode_as(port_fields);
	};
	std::vector<record> ports = {port(0, "eth2"), port(1, "eth3")};
	std::vector<record> vnics = {
		vnic_reply("vn0").u32(INIC_A_VNIC_VNIC_IFINDEX, 12)
			.decode_as(vnic_fields),
		vnic_reply("dbg0").u32(INIC_A_VNIC_VNIC_IFINDEX, 0)
			.u32(INIC_A_VNIC_MIRROR_KIND, INIC_VNIC_MIRROR_KIND_PORT)
			.str(INIC_A_VNIC_MIRROR, "eth2").decode_as(vnic_fields),
	};
	std::vector<record> out = port_with_vnics(ports, vnics);

	ASSERT_EQ(out.size(), 2u);
	const value *l = out[0].get("vnic");
	ASSERT_NE(l, nullptr);
	ASSERT_EQ(l->items.size(), 2u);
	EXPECT_EQ(l->items[0].obj->str("name"), "vn0");
	EXPECT_EQ(l->items[1].obj->str("mirror-kind"), "port");
	EXPECT_EQ(l->items[0].obj->get("rx-packets"), nullptr);	/* no counters */
	EXPECT_EQ(out[1].get("vnic"), nullptr);	/* port 1 has none: no key */
	EXPECT_EQ(port_table(out),
		  "DEVICE        PORT    IFNAME  IFINDEX  LINK  SPEED      MAC                MTU   RINGS\n"
		  "0000:00:03.0  0       eth2    3        up    10000Mb/s  52:54:00:12:34:56  1500  4 (0-3)\n"
		  "              vnic 4  vn0     12       up    -          02:5e:00:00:00:0a  -     2 (8-9)\n"
		  "              vnic 4  dbg0    -        up    -          mirror             -     2 (8-9)\n"
		  "0000:00:03.0  1       eth3    4        up    10000Mb/s  52:54:00:12:34:57  1500  4 (4-7)\n");
}

/* stats show: a VNIC's ring is shown under the VNIC's name. */
TEST(StatsReply, VnicRingName)
{
	fake_reply m(INIC_CMD_RING_STATS_GET);

	m.str(INIC_A_STATS_BUS_NAME, "0000:00:03.0")
		.u32(INIC_A_STATS_PORT_INDEX, 0)
		.u32(INIC_A_STATS_IFINDEX, 0x7ffffff0)
		.u32(INIC_A_STATS_RING, 9)
		.u32(INIC_A_STATS_QUEUE, 1)
		.uint(INIC_A_STATS_RX_PACKETS, 5)
		.str(INIC_A_STATS_VNIC, "vn0")
		.u32(INIC_A_STATS_VNIC_IFINDEX, 12);
	record r = m.decode_as(stats_fields);

	EXPECT_EQ(stats_ifname(r), "vn0");
	EXPECT_EQ(r.num("vnic-ifindex"), 12u);
}
