// SPDX-License-Identifier: GPL-2.0
/*
 * inic: TOE connection handoff, the driver's glue (contract: inic_toe.h).
 *
 * The device answers SYNs to registered listeners with SYN cookies and
 * delivers the ACK that returns a valid one with STA_TOE and the decoded
 * parameters. The host must agree with what the device granted, so
 * TOE_CTRL follows the sysctls of the listening netdev's namespace
 * (policy/toe.h decides; refused with the policy's reason). The engine is
 * on while at least one listener is registered: the first listener writes
 * a fresh random secret, the period, window and window scale, then CTRL;
 * the last one leaving turns CTRL off. A port's listeners go with its
 * netdev (unregister, or a move to another namespace) and all go on
 * remove. After a device reset the engine and table are written again
 * from the shadow (the secret is a new one: cookies in flight die, as
 * they would with a new host boot).
 *
 * RX: inic_toe_rx() puts struct inic_toe_meta (include/inic_toe_meta.h)
 * in front of the frame for the tc-ingress program.
 */
#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <linux/io-64-nonatomic-lo-hi.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/mutex.h>
#include <linux/netdevice.h>
#include <linux/netlink.h>
#include <linux/random.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/tcp.h>
#include <net/tcp.h>
#include <linux/unaligned.h>
#include <net/net_namespace.h>

#include "inic.h"
#include "inic_toe.h"
#include "inic_toe_meta.h"

static_assert(INIC_TOE_META_WSCALE == INIC_RXD_TOE_WSCALE);
static_assert(INIC_TOE_META_SACK == INIC_RXD_TOE_SACK);
static_assert(INIC_TOE_META_TS == INIC_RXD_TOE_TS);
static_assert(INIC_TOE_META_ECN == INIC_RXD_TOE_ECN);
static_assert(INIC_TOE_META_V6 == INIC_RXD_TOE_V6);
static_assert(sizeof(struct inic_toe_meta) % 4 == 0);
static_assert(sizeof(struct inic_toe_meta) <= 32);	/* NET_SKB_PAD >= 32 */

#define INIC_TOE_META_FLAGS	(INIC_TOE_META_WSCALE | INIC_TOE_META_SACK | \
				 INIC_TOE_META_TS | INIC_TOE_META_ECN | \
				 INIC_TOE_META_V6)

struct inic_toe {
	struct inic_dev *idev;
	struct mutex lock;		/* table, ctrl and the TOE block */
	struct inic_toe_table table;
	u32 ctrl;			/* TOE_CTRL as written (0: off) */
	struct notifier_block nb;	/* a port netdev going away */
};

static const char * const inic_toe_stat_names[INIC_TOE_STAT__COUNT] = {
	[INIC_TOE_STAT_SYN_ANSWERED]	= "toe_syn_answered",
	[INIC_TOE_STAT_HANDSHAKES]	= "toe_handshakes",
	[INIC_TOE_STAT_INVALID_ACKS]	= "toe_invalid_acks",
	[INIC_TOE_STAT_SYN_PASSED]	= "toe_syn_passed",
	[INIC_TOE_STAT_SYNACK_DROPS]	= "toe_synack_drops",
};

static void inic_toe_wr(struct inic_dev *idev, u32 reg, u32 val)
{
	inic_wr(idev, INIC_TOE_BASE + reg, val);
}

static u64 inic_toe_stat(struct inic_dev *idev, u32 p, u32 s)
{
	return readq(idev->hw + INIC_TOE_STAT(p, s));
}

/* One entry: CTRL cleared first, ENABLE written last (hw-reference). */
static void inic_toe_write_entry(struct inic_dev *idev,
				 const struct inic_toe_entry_regs *r)
{
	u32 base = INIC_TOE_LSN(r->index);
	u32 k;

	inic_toe_wr(idev, base + INIC_TOE_LSN_CTRL, 0);
	for (k = 0; k < 4; k++)
		inic_toe_wr(idev, base + INIC_TOE_LSN_ADDR(k), r->addr[k]);
	if (r->ctrl)
		inic_toe_wr(idev, base + INIC_TOE_LSN_CTRL, r->ctrl);
}

static void inic_toe_clear_entry(struct inic_dev *idev, u32 index)
{
	struct inic_toe_entry_regs r = { .index = index };

	inic_toe_write_entry(idev, &r);
}

/* The engine on with ctrl: a fresh secret, the defaults, CTRL last. */
static void inic_toe_engine_on(struct inic_toe *toe, u32 ctrl)
{
	struct inic_dev *idev = toe->idev;
	u32 key[4];
	u32 i;

	get_random_bytes(key, sizeof(key));
	for (i = 0; i < ARRAY_SIZE(key); i++)
		inic_toe_wr(idev, INIC_TOE_SECRET(i), key[i]);
	memzero_explicit(key, sizeof(key));
	inic_toe_wr(idev, INIC_TOE_PERIOD, INIC_TOE_PERIOD_DEFAULT);
	inic_toe_wr(idev, INIC_TOE_WINDOW, INIC_TOE_WINDOW_DEFAULT);
	inic_toe_wr(idev, INIC_TOE_WSCALE, INIC_TOE_WSCALE_DEFAULT);
	inic_toe_wr(idev, INIC_TOE_CTRL, ctrl);
	toe->ctrl = ctrl;
}

static void inic_toe_engine_off(struct inic_toe *toe)
{
	inic_toe_wr(toe->idev, INIC_TOE_CTRL, 0);
	toe->ctrl = 0;
}

/* The sysctls that matter, in the namespace of the listening netdev. */
static void inic_toe_sysctls(struct net *net, struct inic_toe_sysctls *s)
{
	s->syncookies = READ_ONCE(net->ipv4.sysctl_tcp_syncookies);
	s->window_scaling = READ_ONCE(net->ipv4.sysctl_tcp_window_scaling);
	s->sack = READ_ONCE(net->ipv4.sysctl_tcp_sack);
	s->timestamps = READ_ONCE(net->ipv4.sysctl_tcp_timestamps);
	s->ecn = READ_ONCE(net->ipv4.sysctl_tcp_ecn);
}

/* Remove the listeners in mask from the device; the engine off if none. */
static void inic_toe_clear_mask(struct inic_toe *toe, u32 mask)
{
	u32 i;

	for (i = 0; i < INIC_TOE_LISTENERS; i++)
		if (mask & BIT(i))
			inic_toe_clear_entry(toe->idev, i);
	if (!toe->table.used && toe->ctrl)
		inic_toe_engine_off(toe);
}

int inic_toe_listen(struct inic_dev *idev, const struct inic_toe_listener *l,
		    bool add, struct netlink_ext_ack *extack)
{
	struct inic_toe *toe = idev->toe;
	struct inic_toe_ctrl_decision d;
	struct inic_toe_entry_regs r;
	struct inic_toe_sysctls s;
	struct inic_port *port;
	const char *why;
	int err;

	if (!toe) {
		NL_SET_ERR_MSG(extack,
			       "the device has no TOE engine (a VF, or no toe capability)");
		return -EOPNOTSUPP;
	}
	if (l->port >= idev->plan.num_ports || l->port >= INIC_MAX_PORTS ||
	    !idev->ports[l->port]) {
		NL_SET_ERR_MSG(extack, "no such device port");
		return -ENODEV;
	}
	port = idev->ports[l->port];

	mutex_lock(&toe->lock);
	if (!add) {
		err = inic_toe_del(&toe->table, l, &r, &why);
		if (err) {
			NL_SET_ERR_MSG_FMT(extack, "%s", why);
			goto out;
		}
		inic_toe_write_entry(idev, &r);
		inic_toe_clear_mask(toe, 0);
		goto out;
	}

	inic_toe_sysctls(dev_net(port->netdev), &s);
	inic_toe_ctrl_decide(&s, &d);
	if (d.why) {
		NL_SET_ERR_MSG_FMT(extack, "%s", d.why);
		err = -EINVAL;
		goto out;
	}
	/* Listeners already there were agreed in another namespace? Same bits. */
	if (toe->ctrl && toe->ctrl != d.ctrl) {
		NL_SET_ERR_MSG(extack,
			       "the TCP sysctls (window_scaling, sack, timestamps, ecn) differ from those the existing listeners were registered with");
		err = -EINVAL;
		goto out;
	}
	err = inic_toe_add(&toe->table, l, &r, &why);
	if (err) {
		NL_SET_ERR_MSG_FMT(extack, "%s", why);
		goto out;
	}
	if (!toe->ctrl)
		inic_toe_engine_on(toe, d.ctrl);
	inic_toe_write_entry(idev, &r);
out:
	mutex_unlock(&toe->lock);
	return err;
}

int inic_toe_get(struct inic_dev *idev, struct inic_toe_state *st)
{
	struct inic_toe *toe = idev->toe;
	u32 p, s;

	if (!toe)
		return -EOPNOTSUPP;
	memset(st, 0, sizeof(*st));
	mutex_lock(&toe->lock);
	st->ctrl = toe->ctrl;
	st->used = toe->table.used;
	st->num_ports = min_t(u32, idev->plan.num_ports, INIC_MAX_PORTS);
	memcpy(st->e, toe->table.e, sizeof(st->e));
	for (p = 0; p < st->num_ports; p++)
		for (s = 0; s < INIC_TOE_STAT__COUNT; s++)
			st->stats[p][s] = inic_toe_stat(idev, p, s);
	mutex_unlock(&toe->lock);
	return 0;
}

/* A port netdev leaves (unregister, or a move to another namespace). */
static int inic_toe_netdev_event(struct notifier_block *nb,
				 unsigned long event, void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);
	struct inic_toe *toe = container_of(nb, struct inic_toe, nb);
	struct inic_dev *idev = toe->idev;
	u32 p, mask;

	if (event != NETDEV_UNREGISTER)
		return NOTIFY_DONE;
	for (p = 0; p < idev->plan.num_ports && p < INIC_MAX_PORTS; p++) {
		if (!idev->ports[p] || idev->ports[p]->netdev != dev)
			continue;
		mutex_lock(&toe->lock);
		mask = inic_toe_del_port(&toe->table, p);
		inic_toe_clear_mask(toe, mask);
		mutex_unlock(&toe->lock);
		if (mask)
			netdev_info(dev, "TOE: %u listeners removed with the netdev\n",
				    hweight32(mask));
	}
	return NOTIFY_DONE;
}

int inic_toe_init(struct inic_dev *idev)
{
	struct inic_toe *toe;
	int err;

	if (idev->is_vf || !(idev->caps & INIC_CAP_TOE))
		return 0;
	toe = kzalloc(sizeof(*toe), GFP_KERNEL);
	if (!toe)
		return -ENOMEM;
	toe->idev = idev;
	mutex_init(&toe->lock);
	toe->table.num_ports = min_t(u32, idev->plan.num_ports,
				     INIC_MAX_PORTS);
	toe->nb.notifier_call = inic_toe_netdev_event;
	err = register_netdevice_notifier(&toe->nb);
	if (err)
		goto err_free;
	/* Off until the first listener; the table empty. */
	inic_toe_engine_off(toe);
	idev->toe = toe;
	return 0;

err_free:
	mutex_destroy(&toe->lock);
	kfree(toe);
	return err;
}

void inic_toe_fini(struct inic_dev *idev)
{
	struct inic_toe *toe = idev->toe;
	u32 mask;

	if (!toe)
		return;
	unregister_netdevice_notifier(&toe->nb);
	mutex_lock(&toe->lock);
	mask = toe->table.used;
	toe->table.used = 0;
	inic_toe_clear_mask(toe, mask);
	inic_toe_engine_off(toe);
	mutex_unlock(&toe->lock);
	idev->toe = NULL;
	mutex_destroy(&toe->lock);
	kfree(toe);
}

void inic_toe_reset_done(struct inic_dev *idev)
{
	struct inic_toe *toe = idev->toe;
	struct inic_toe_entry_regs r;
	struct inic_toe_table copy;
	const char *why;
	u32 i, ctrl;

	if (!toe)
		return;
	mutex_lock(&toe->lock);
	ctrl = toe->ctrl;
	if (!ctrl) {
		inic_toe_engine_off(toe);
		goto out;
	}
	inic_toe_engine_on(toe, ctrl);
	/* The policy gives each entry's registers: re-add into a copy. */
	memset(&copy, 0, sizeof(copy));
	copy.num_ports = toe->table.num_ports;
	for (i = 0; i < INIC_TOE_LISTENERS; i++) {
		if (!(toe->table.used & BIT(i)))
			continue;
		if (inic_toe_add(&copy, &toe->table.e[i], &r, &why))
			continue;
		r.index = i;
		inic_toe_write_entry(idev, &r);
	}
out:
	mutex_unlock(&toe->lock);
}

/* ---- RX ---- */

/* The TCP timestamp option of the frame at skb->data (linear part). */
static bool inic_toe_frame_ts(const struct sk_buff *skb, u32 *tsval,
			      u32 *tsecr)
{
	const u8 *p = skb->data;
	u32 len = skb_headlen(skb);
	u32 off = ETH_HLEN, doff, i, olen;
	const struct tcphdr *th;
	__be16 proto;
	u8 l4;

	if (len < ETH_HLEN)
		return false;
	proto = ((const struct ethhdr *)p)->h_proto;
	if (proto == htons(ETH_P_8021Q) || proto == htons(ETH_P_8021AD)) {
		if (len < off + VLAN_HLEN)
			return false;
		proto = *(const __be16 *)(p + off + 2);
		off += VLAN_HLEN;
	}
	if (proto == htons(ETH_P_IP)) {
		const struct iphdr *iph = (const struct iphdr *)(p + off);

		if (len < off + sizeof(*iph) || iph->ihl < 5)
			return false;
		l4 = iph->protocol;
		off += iph->ihl * 4;
	} else if (proto == htons(ETH_P_IPV6)) {
		const struct ipv6hdr *ip6 = (const struct ipv6hdr *)(p + off);

		if (len < off + sizeof(*ip6))
			return false;
		l4 = ip6->nexthdr;
		off += sizeof(*ip6);
	} else {
		return false;
	}
	if (l4 != IPPROTO_TCP || len < off + sizeof(*th))
		return false;
	th = (const struct tcphdr *)(p + off);
	doff = th->doff * 4;
	if (doff < sizeof(*th) || len < off + doff)
		return false;
	p += off + sizeof(*th);
	len = doff - sizeof(*th);
	for (i = 0; i < len;) {
		if (p[i] == TCPOPT_EOL)
			break;
		if (p[i] == TCPOPT_NOP) {
			i++;
			continue;
		}
		if (i + 1 >= len)
			break;
		olen = p[i + 1];
		if (olen < 2 || i + olen > len)
			break;
		if (p[i] == TCPOPT_TIMESTAMP && olen == TCPOLEN_TIMESTAMP) {
			*tsval = get_unaligned_be32(p + i + 2);
			*tsecr = get_unaligned_be32(p + i + 6);
			return true;
		}
		i += olen;
	}
	return false;
}

void inic_toe_rx(struct sk_buff *skb, const struct inic_rx_desc *desc)
{
	struct inic_toe_meta m = {};

	/* An XDP program's own metadata stays; a frame without room gets none. */
	if (skb_metadata_len(skb) || skb_headroom(skb) < sizeof(m))
		return;
	m.magic = INIC_TOE_META_MAGIC;
	m.version = INIC_TOE_META_VERSION;
	m.mss = le16_to_cpu(desc->toe_mss);
	m.flags = desc->toe_flags & INIC_TOE_META_FLAGS;
	if (m.flags & INIC_TOE_META_WSCALE) {
		m.snd_wscale = INIC_RXD_TOE_SND_WSCALE(desc->toe_wscale);
		m.rcv_wscale = INIC_RXD_TOE_RCV_WSCALE(desc->toe_wscale);
	}
	/* The device granted TS from the ACK's option: it is there. */
	if ((m.flags & INIC_TOE_META_TS) &&
	    !inic_toe_frame_ts(skb, &m.tsval, &m.tsecr))
		return;
	memcpy(skb->data - sizeof(m), &m, sizeof(m));
	skb_metadata_set(skb, sizeof(m));
}

/* ---- ethtool -S ---- */

int inic_toe_sset_count(struct inic_port *port)
{
	return port->idev->toe ? INIC_TOE_STAT__COUNT : 0;
}

void inic_toe_get_strings(struct inic_port *port, u8 **data)
{
	u32 s;

	if (!port->idev->toe)
		return;
	for (s = 0; s < INIC_TOE_STAT__COUNT; s++)
		ethtool_puts(data, inic_toe_stat_names[s]);
}

void inic_toe_get_stats(struct inic_port *port, u64 **data)
{
	u32 s;

	if (!port->idev->toe)
		return;
	for (s = 0; s < INIC_TOE_STAT__COUNT; s++)
		*(*data)++ = inic_toe_stat(port->idev, port->id, s);
}
