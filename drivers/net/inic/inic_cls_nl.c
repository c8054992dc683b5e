// SPDX-License-Identifier: GPL-2.0
/*
 * inic generic netlink: the classifier's rules. RULE_GET (dump) lists
 * every rule the front doors (ethtool ntuple, tc flower) put in the
 * device, with its key/mask image, its action and the device's counters,
 * on top of the family core in inic_genl.c (lookups, locking) and the
 * shadow's listing in inic_cls.c. A rule is visible where its port's
 * netdev is.
 */
#include <linux/slab.h>
#include <net/genetlink.h>
#include <net/netlink.h>
#include <net/sock.h>

#include "inic.h"
#include "inic_cls.h"
#include "inic_genl.h"
#include "inic_nl_gen.h"

/* Rules copied out of the shadow per step. */
#define INIC_CLS_NL_BATCH	16

/* Dump cursor, in cb->ctx: the device, then the rule in it. */
struct inic_cls_nl_ctx {
	unsigned long dev;
	u32 pos;
};

static_assert(sizeof(struct inic_cls_nl_ctx) <=
	      sizeof_field(struct netlink_callback, ctx));

static int inic_cls_nl_image(struct sk_buff *skb, int attr, const u32 *image)
{
	struct nlattr *nla;
	u8 *b;
	u32 i;

	nla = nla_reserve(skb, attr, INIC_CLS_KEY_SIZE);
	if (!nla)
		return -EMSGSIZE;
	b = nla_data(nla);
	for (i = 0; i < INIC_CLS_KEY_SIZE; i++)
		b[i] = inic_cls_image_byte(image, i);
	return 0;
}

static int inic_cls_nl_action(struct sk_buff *skb, struct inic_port *port,
			      const struct inic_cls_hw *hw)
{
	u32 type = hw->action & INIC_CLS_ACT_TYPE_MASK;

	if (nla_put_u32(skb, INIC_A_RULE_ACTION, type))
		return -EMSGSIZE;
	if (type == INIC_CLS_ACT_RING || type == INIC_CLS_ACT_RSS ||
	    type == INIC_CLS_ACT_VF || type == INIC_CLS_ACT_VNIC)
		if (nla_put_u32(skb, INIC_A_RULE_ACTION_ARG, hw->act_arg))
			return -EMSGSIZE;
	if (type == INIC_CLS_ACT_RING && hw->act_arg >= port->first_ring &&
	    nla_put_u32(skb, INIC_A_RULE_QUEUE,
			hw->act_arg - port->first_ring))
		return -EMSGSIZE;
	if ((hw->action & INIC_CLS_ACT_MARK) &&
	    nla_put_u32(skb, INIC_A_RULE_MARK, hw->mark))
		return -EMSGSIZE;
	if ((hw->action & INIC_CLS_ACT_MIRROR) &&
	    (nla_put_u32(skb, INIC_A_RULE_MIRROR,
			 hw->mirror & INIC_CLS_MIR_TYPE_MASK) ||
	     nla_put_u32(skb, INIC_A_RULE_MIRROR_ARG,
			 hw->mirror >> INIC_CLS_MIR_ARG_SHIFT)))
		return -EMSGSIZE;
	if ((hw->action & INIC_CLS_ACT_POLICE) &&
	    (nla_put_u32(skb, INIC_A_RULE_POLICE_RATE, hw->pol_rate) ||
	     nla_put_u32(skb, INIC_A_RULE_POLICE_BURST, hw->pol_burst)))
		return -EMSGSIZE;
	return 0;
}

static int inic_cls_nl_fill(struct sk_buff *skb, struct inic_port *port,
			    const struct inic_cls_rule_info *r,
			    const struct genl_info *info)
{
	void *hdr;

	hdr = genlmsg_iput(skb, info);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_string(skb, INIC_A_RULE_BUS_NAME,
			   pci_name(port->idev->pdev)) ||
	    nla_put_u32(skb, INIC_A_RULE_PORT_INDEX, port->id) ||
	    nla_put_u32(skb, INIC_A_RULE_IFINDEX, port->netdev->ifindex) ||
	    nla_put_string(skb, INIC_A_RULE_IFNAME, port->netdev->name))
		goto err_cancel;
	if (r->owner == INIC_CLS_OWNER_ETHTOOL) {
		if (nla_put_u32(skb, INIC_A_RULE_OWNER, INIC_RULE_OWNER_ETHTOOL) ||
		    nla_put_u32(skb, INIC_A_RULE_LOCATION, r->loc))
			goto err_cancel;
	} else {
		if (nla_put_u32(skb, INIC_A_RULE_OWNER, INIC_RULE_OWNER_TC) ||
		    nla_put_u32(skb, INIC_A_RULE_TC_PRIO, r->tc_prio))
			goto err_cancel;
	}
	if (nla_put_u32(skb, INIC_A_RULE_TABLE,
			r->table == INIC_CLS_TABLE_EXACT ?
			INIC_RULE_TABLE_EXACT : INIC_RULE_TABLE_MASKED) ||
	    nla_put_u32(skb, INIC_A_RULE_INDEX, r->index) ||
	    nla_put_u32(skb, INIC_A_RULE_PRIO, r->hw.prio) ||
	    inic_cls_nl_image(skb, INIC_A_RULE_KEY, r->hw.key) ||
	    inic_cls_nl_image(skb, INIC_A_RULE_MASK, r->hw.mask) ||
	    inic_cls_nl_action(skb, port, &r->hw) ||
	    nla_put_uint(skb, INIC_A_RULE_PACKETS,
			 r->stats[INIC_CLS_RSTAT_PKTS]) ||
	    nla_put_uint(skb, INIC_A_RULE_BYTES,
			 r->stats[INIC_CLS_RSTAT_BYTES]) ||
	    nla_put_uint(skb, INIC_A_RULE_POLICE_DROPS,
			 r->stats[INIC_CLS_RSTAT_POLICE_DROPS]))
		goto err_cancel;
	genlmsg_end(skb, hdr);
	return 0;

err_cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

/*
 * The rules of one device from the cursor on, those of only (unless NULL)
 * and of ports visible in net. On a full skb the cursor names the rule
 * that did not fit.
 */
static int inic_cls_nl_dump_dev(struct sk_buff *skb, struct inic_dev *idev,
				struct inic_port *only, struct net *net,
				struct inic_cls_nl_ctx *ctx,
				struct inic_cls_rule_info *buf,
				const struct genl_info *info)
{
	struct inic_port *port;
	u32 pos = ctx->pos, n, i;
	int err;

	while ((n = inic_cls_rules(idev, &pos, buf, INIC_CLS_NL_BATCH))) {
		for (i = 0; i < n; i++) {
			port = inic_genl_port(idev, buf[i].port, net);
			if (!port || (only && port != only))
				continue;
			err = inic_cls_nl_fill(skb, port, &buf[i], info);
			if (err) {
				ctx->pos = buf[i].pos;
				return err;
			}
		}
		ctx->pos = pos;
	}
	return 0;
}

int inic_nl_rule_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct inic_cls_nl_ctx *ctx = (struct inic_cls_nl_ctx *)cb->ctx;
	const struct genl_info *info = genl_info_dump(cb);
	struct net *net = sock_net(skb->sk);
	struct inic_cls_rule_info *buf;
	struct inic_dev *idev, *only_dev;
	struct inic_port *only_port;
	unsigned long id;
	int err;

	buf = kcalloc(INIC_CLS_NL_BATCH, sizeof(*buf), GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	inic_genl_lock();
	err = inic_genl_req_dev_port(info, INIC_A_RULE_BUS_NAME,
				     INIC_A_RULE_IFINDEX, &only_dev,
				     &only_port);
	if (err)
		goto out;
	for (id = ctx->dev; (idev = inic_genl_dev_next(&id)); id++) {
		if (only_dev && idev != only_dev)
			continue;
		err = inic_cls_nl_dump_dev(skb, idev, only_port, net, ctx,
					   buf, info);
		if (err) {
			ctx->dev = id;
			goto out;
		}
		ctx->dev = id + 1;
		ctx->pos = 0;
	}
out:
	inic_genl_unlock();
	kfree(buf);
	return inic_genl_dump_ret(skb, err);
}
