// SPDX-License-Identifier: GPL-2.0
/*
 * inic native XDP on the PF ports.
 *
 * A program runs in the RX NAPI poll on every single-buffer frame, on the
 * page_pool page the device wrote (XDP_PACKET_HEADROOM in front of the
 * frame while a program is attached). XDP_TX and ndo_xdp_xmit share the
 * pair's TX ring with the stack, under the TX queue's lock: the device has
 * no ring pairs to spare for dedicated XDP TX rings (every pair of a port
 * is an RSS channel), and the lock costs one uncontended spinlock per
 * frame, taken by the CPU whose NAPI owns the ring (XDP_TX) or by the
 * redirecting CPU (ndo_xdp_xmit picks the ring smp_processor_id() % active).
 * XDP frames do not count in BQL (only skbs do); after posting, the stack's
 * queue stops below its threshold as it does for the stack's own frames.
 *
 * Attaching or detaching (a change of the buffer layout) restarts the
 * port's rings as ethtool -L/-G do; replacing a program only swaps the
 * pointer the NAPI polls read.
 */
#include <linux/bpf.h>
#include <linux/bpf_trace.h>
#include <linux/dma-mapping.h>
#include <linux/filter.h>
#include <linux/if_vlan.h>
#include <linux/netdevice.h>
#include <net/netdev_queues.h>
#include <net/page_pool/helpers.h>
#include <net/xdp.h>

#include "inic.h"

/* One page per buffer: the frame between the XDP headroom and the tail. */
#define INIC_XDP_BUF_LEN	(PAGE_SIZE - XDP_PACKET_HEADROOM - \
				 SKB_DATA_ALIGN(sizeof(struct skb_shared_info)))
/* The largest MTU whose frames (one 802.1Q tag kept) fit in one buffer. */
#define INIC_XDP_MAX_MTU	(INIC_XDP_BUF_LEN - ETH_HLEN - VLAN_HLEN)

/* A counter of struct inic_xdp_stats: one writer, lockless readers. */
static inline void inic_xdp_add(u64 *ctr, u64 n)
{
	WRITE_ONCE(*ctr, *ctr + n);
}

/* The program's context: the kfuncs find the RX descriptor behind it. */
struct inic_xdp_buff {
	struct xdp_buff xdp;	/* first: the kfuncs get it as the xdp_md */
	const struct inic_rx_desc *desc;
	u16 status;
};

/* ---- Ring pair hooks ---- */

/* Buffer layout of a pair about to open: the port's program decides it. */
void inic_xdp_pair_prepare(struct inic_pair *pair)
{
	struct bpf_prog *prog = pair->port->xdp_prog;

	WRITE_ONCE(pair->xdp.prog, prog);
	pair->rx_headroom = prog ? XDP_PACKET_HEADROOM : INIC_RX_HEADROOM;
	pair->rx_buf_len = prog ? INIC_XDP_BUF_LEN : INIC_RX_BUF_LEN;
}

/* Register the RX queue and its page_pool with XDP (after the pool). */
int inic_xdp_pair_open(struct inic_pair *pair)
{
	struct xdp_rxq_info *rxq = &pair->xdp.rxq;
	int err;

	err = xdp_rxq_info_reg(rxq, pair->port->netdev, pair->qid,
			       pair->napi.napi_id);
	if (err)
		return err;
	err = xdp_rxq_info_reg_mem_model(rxq, MEM_TYPE_PAGE_POOL, pair->pp);
	if (err) {
		xdp_rxq_info_unreg(rxq);
		return err;
	}
	pair->xdp.rxq_registered = true;
	return 0;
}

/* Before the pool is destroyed (its buffers already returned). */
void inic_xdp_pair_close(struct inic_pair *pair)
{
	WRITE_ONCE(pair->xdp.prog, NULL);
	pair->xdp.tx_pending = false;
	pair->xdp.redirected = false;
	if (!pair->xdp.rxq_registered)
		return;
	xdp_rxq_info_unreg(&pair->xdp.rxq);
	pair->xdp.rxq_registered = false;
}

/* ---- TX: XDP frames on the pair's TX ring (caller holds the queue) ---- */

static int inic_xdp_post(struct inic_pair *pair, struct netdev_queue *txq,
			 dma_addr_t dma, u32 len, struct xdp_frame *xdpf,
			 struct page *page)
{
	struct inic_ring *tx = &pair->tx;
	struct inic_tx_desc *desc;
	struct inic_tx_buf *buf;
	u32 idx = tx->ntu;

	if (unlikely(inic_ring_unused(READ_ONCE(tx->ntc), idx, tx->size) < 1))
		return -ENOSPC;
	buf = &tx->tx_buf[idx];
	buf->dma = dma;
	buf->len = len;
	buf->is_page = false;
	buf->skb = NULL;
	buf->xdpf = xdpf;
	buf->xdp_page = page;

	/* One buffer, no offloads. */
	desc = (struct inic_tx_desc *)tx->desc + idx;
	memset(desc, 0, sizeof(*desc));
	desc->addr = cpu_to_le64(dma);
	desc->len = cpu_to_le16(len);
	desc->cmd = cpu_to_le16(INIC_TXD_CMD_EOP);

	/* The descriptor before the index (NAPI reads it), as the stack's. */
	smp_store_release(&tx->ntu, inic_ring_next(idx, tx->size));
	netif_txq_maybe_stop(txq, inic_ring_unused(READ_ONCE(tx->ntc),
						   tx->ntu, tx->size),
			     tx->stop_thresh, tx->wake_thresh);
	return 0;
}

/* XDP_TX: the RX page goes out as it is (mapped by the pool). */
static int inic_xdp_tx_page(struct inic_pair *pair, struct xdp_buff *xdp,
			    struct page *page)
{
	struct net_device *netdev = pair->port->netdev;
	struct netdev_queue *txq = netdev_get_tx_queue(netdev, pair->qid);
	u32 off = xdp->data - xdp->data_hard_start;
	u32 len = xdp->data_end - xdp->data;
	dma_addr_t dma;
	int err;

	/* A runt is padded, as the stack pads its frames. */
	if (len < ETH_ZLEN) {
		if (xdp->data + ETH_ZLEN > xdp_data_hard_end(xdp))
			return -EINVAL;
		memset(xdp->data_end, 0, ETH_ZLEN - len);
		len = ETH_ZLEN;
	}
	dma = page_pool_get_dma_addr(page) + off;
	dma_sync_single_for_device(&pair->port->idev->pdev->dev, dma, len,
				   DMA_BIDIRECTIONAL);
	__netif_tx_lock(txq, smp_processor_id());
	err = inic_xdp_post(pair, txq, dma, len, NULL, page);
	__netif_tx_unlock(txq);
	if (!err)
		pair->xdp.tx_pending = true;
	return err;
}

/* A completed (or purged) XDP TX buffer: the page back to its owner. */
void inic_xdp_tx_buf_free(struct inic_pair *pair, struct inic_tx_buf *buf,
			  bool napi)
{
	if (buf->xdp_page) {
		/* A page of this pair's pool, reaped by this pair's NAPI. */
		page_pool_put_full_page(pair->pp, buf->xdp_page, napi);
		buf->xdp_page = NULL;
	} else if (buf->xdpf) {
		dma_unmap_single(&pair->port->idev->pdev->dev, buf->dma,
				 buf->len, DMA_TO_DEVICE);
		/* Another device's or pair's memory: never direct recycling. */
		xdp_return_frame(buf->xdpf);
		buf->xdpf = NULL;
	}
	buf->len = 0;
}

/*
 * The ring's NAPI reaped XDP frames only: netif_txq_completed_wake() wakes
 * nothing without a completed skb, so wake the stack's queue here if XDP
 * frames had filled the ring and stopped it.
 */
void inic_xdp_tx_wake(struct inic_pair *pair)
{
	struct netdev_queue *txq =
		netdev_get_tx_queue(pair->port->netdev, pair->qid);
	struct inic_ring *tx = &pair->tx;

	/* The new ntc before the stopped check; pairs with netif_txq_try_stop */
	smp_mb();
	if (unlikely(netif_tx_queue_stopped(txq)) &&
	    inic_ring_unused(READ_ONCE(tx->ntc), READ_ONCE(tx->ntu),
			     tx->size) >= tx->wake_thresh)
		netif_tx_wake_queue(txq);
}

int inic_xdp_xmit(struct net_device *netdev, int n, struct xdp_frame **frames,
		  u32 flags)
{
	struct inic_port *port = netdev_priv(netdev);
	struct device *dev = &port->idev->pdev->dev;
	int cpu = smp_processor_id();
	struct netdev_queue *txq;
	struct inic_pair *pair;
	int i, sent = 0;

	if (unlikely(flags & ~XDP_XMIT_FLAGS_MASK))
		return -EINVAL;
	/* Off while the rings are reconfigured (inic_xdp_port_down()). */
	if (unlikely(!READ_ONCE(port->xdp_xmit_ok)))
		return -ENETDOWN;
	pair = &port->pairs[cpu % port->active];
	txq = netdev_get_tx_queue(netdev, pair->qid);

	__netif_tx_lock(txq, cpu);
	for (i = 0; i < n; i++) {
		struct xdp_frame *xdpf = frames[i];
		dma_addr_t dma;

		dma = dma_map_single(dev, xdpf->data, xdpf->len, DMA_TO_DEVICE);
		if (dma_mapping_error(dev, dma))
			break;
		if (inic_xdp_post(pair, txq, dma, xdpf->len, xdpf, NULL)) {
			dma_unmap_single(dev, dma, xdpf->len, DMA_TO_DEVICE);
			break;
		}
		sent++;
	}
	if (flags & XDP_XMIT_FLUSH)
		writel(pair->tx.ntu, pair->tx.regs + INIC_RR_TAIL);
	inic_xdp_add(&pair->xdp.stats.xmit, sent);
	inic_xdp_add(&pair->xdp.stats.xmit_errors, n - sent);
	__netif_tx_unlock(txq);
	/* The caller frees the frames not sent. */
	return sent;
}

/* ---- RX ---- */

enum inic_xdp_verdict inic_xdp_rx(struct inic_pair *pair,
				  struct bpf_prog *prog, struct page *page,
				  const struct inic_rx_desc *desc, u16 status,
				  u32 *off, u32 *len, u32 *meta)
{
	struct net_device *netdev = pair->port->netdev;
	struct inic_xdp_buff ctx;
	u32 act;

	xdp_init_buff(&ctx.xdp, PAGE_SIZE, &pair->xdp.rxq);
	xdp_prepare_buff(&ctx.xdp, page_address(page), *off, *len, true);
	ctx.desc = desc;
	ctx.status = status;
	inic_xdp_add(&pair->xdp.stats.packets, 1);

	act = bpf_prog_run_xdp(prog, &ctx.xdp);
	switch (act) {
	case XDP_PASS:
		*off = ctx.xdp.data - ctx.xdp.data_hard_start;
		*len = ctx.xdp.data_end - ctx.xdp.data;
		*meta = ctx.xdp.data - ctx.xdp.data_meta;
		inic_xdp_add(&pair->xdp.stats.pass, 1);
		return INIC_XDP_PASS;
	case XDP_TX:
		if (likely(!inic_xdp_tx_page(pair, &ctx.xdp, page))) {
			inic_xdp_add(&pair->xdp.stats.tx, 1);
			return INIC_XDP_CONSUMED;
		}
		trace_xdp_exception(netdev, prog, act);
		inic_xdp_add(&pair->xdp.stats.tx_errors, 1);
		break;
	case XDP_REDIRECT:
		/* A failure is traced by xdp_do_redirect() itself. */
		if (likely(!xdp_do_redirect(netdev, &ctx.xdp, prog))) {
			pair->xdp.redirected = true;
			inic_xdp_add(&pair->xdp.stats.redirect, 1);
			return INIC_XDP_CONSUMED;
		}
		inic_xdp_add(&pair->xdp.stats.redirect_errors, 1);
		break;
	default:
		bpf_warn_invalid_xdp_action(netdev, prog, act);
		fallthrough;
	case XDP_ABORTED:
		trace_xdp_exception(netdev, prog, act);
		inic_xdp_add(&pair->xdp.stats.aborted, 1);
		break;
	case XDP_DROP:
		inic_xdp_add(&pair->xdp.stats.drop, 1);
		break;
	}
	page_pool_recycle_direct(pair->pp, page);
	return INIC_XDP_CONSUMED;
}

/* A frame over several buffers reached a program (no frags support). */
void inic_xdp_rx_frags_drop(struct inic_pair *pair)
{
	inic_xdp_add(&pair->xdp.stats.frags_drop, 1);
}

/* End of an RX poll: ring the XDP_TX doorbell, flush the redirects. */
void inic_xdp_rx_done(struct inic_pair *pair)
{
	if (pair->xdp.tx_pending) {
		struct netdev_queue *txq =
			netdev_get_tx_queue(pair->port->netdev, pair->qid);

		/* Under the lock: the tail never goes back behind the stack. */
		__netif_tx_lock(txq, smp_processor_id());
		writel(pair->tx.ntu, pair->tx.regs + INIC_RR_TAIL);
		__netif_tx_unlock(txq);
		pair->xdp.tx_pending = false;
	}
	if (pair->xdp.redirected) {
		xdp_do_flush();
		pair->xdp.redirected = false;
	}
}

/* ---- Metadata kfuncs (bpf_xdp_metadata_rx_hash/_vlan_tag) ---- */

static const enum xdp_rss_hash_type inic_xdp_hash_types[] = {
	[INIC_HASH_IPV4]	= XDP_RSS_TYPE_L3_IPV4,
	[INIC_HASH_TCP_IPV4]	= XDP_RSS_TYPE_L4_IPV4_TCP,
	[INIC_HASH_UDP_IPV4]	= XDP_RSS_TYPE_L4_IPV4_UDP,
	[INIC_HASH_IPV6]	= XDP_RSS_TYPE_L3_IPV6,
	[INIC_HASH_TCP_IPV6]	= XDP_RSS_TYPE_L4_IPV6_TCP,
	[INIC_HASH_UDP_IPV6]	= XDP_RSS_TYPE_L4_IPV6_UDP,
};

static int inic_xdp_rx_hash(const struct xdp_md *ctx, u32 *hash,
			    enum xdp_rss_hash_type *rss_type)
{
	const struct inic_xdp_buff *b = (const struct inic_xdp_buff *)ctx;
	u32 t = INIC_PTYPE_HASH(le16_to_cpu(b->desc->pkt_type));

	if (!(b->status & INIC_RXD_STA_RSS) || t == INIC_HASH_NONE ||
	    t >= ARRAY_SIZE(inic_xdp_hash_types))
		return -ENODATA;
	*hash = le32_to_cpu(b->desc->rss_hash);
	*rss_type = inic_xdp_hash_types[t];
	return 0;
}

static int inic_xdp_rx_vlan_tag(const struct xdp_md *ctx, __be16 *vlan_proto,
				u16 *vlan_tci)
{
	const struct inic_xdp_buff *b = (const struct inic_xdp_buff *)ctx;

	if (!(b->status & INIC_RXD_STA_VLAN))
		return -ENODATA;
	*vlan_proto = htons(ETH_P_8021Q);
	*vlan_tci = le16_to_cpu(b->desc->vlan_tci);
	return 0;
}

static const struct xdp_metadata_ops inic_xdp_metadata_ops = {
	.xmo_rx_hash		= inic_xdp_rx_hash,
	.xmo_rx_vlan_tag	= inic_xdp_rx_vlan_tag,
};

/* ---- Control (RTNL) ---- */

void inic_xdp_port_init(struct inic_port *port)
{
	struct net_device *netdev = port->netdev;

	if (port->idev->is_vf)
		return;
	netdev->xdp_features = NETDEV_XDP_ACT_BASIC | NETDEV_XDP_ACT_REDIRECT |
			       NETDEV_XDP_ACT_NDO_XMIT;
	netdev->xdp_metadata_ops = &inic_xdp_metadata_ops;
}

/* The rings are up: other devices may redirect frames here. */
void inic_xdp_port_up(struct inic_port *port)
{
	if (!port->idev->is_vf)
		WRITE_ONCE(port->xdp_xmit_ok, true);
}

/* Before the rings close: wait for ndo_xdp_xmit calls in flight. */
void inic_xdp_port_down(struct inic_port *port)
{
	if (!port->xdp_xmit_ok)
		return;
	WRITE_ONCE(port->xdp_xmit_ok, false);
	synchronize_net();
}

int inic_xdp_check_mtu(struct inic_port *port, int mtu)
{
	if (port->xdp_prog && mtu > INIC_XDP_MAX_MTU) {
		netdev_err(port->netdev,
			   "MTU %d too large with an XDP program attached: at most %lu\n",
			   mtu, INIC_XDP_MAX_MTU);
		return -EINVAL;
	}
	return 0;
}

/* No hardware aggregation while a program sees the frames. */
netdev_features_t inic_xdp_fix_features(struct inic_port *port,
					netdev_features_t features)
{
	if (port->xdp_prog)
		features &= ~(NETIF_F_GRO_HW | NETIF_F_LRO);
	return features;
}

static int inic_xdp_setup(struct inic_port *port, struct bpf_prog *prog,
			  struct netlink_ext_ack *extack)
{
	struct net_device *netdev = port->netdev;
	struct bpf_prog *old = port->xdp_prog;
	int err;
	u32 q;

	if (port->idev->is_vf) {
		NL_SET_ERR_MSG_MOD(extack, "native XDP runs on the PF ports only");
		return -EOPNOTSUPP;
	}
	if (prog && netdev->mtu > INIC_XDP_MAX_MTU) {
		NL_SET_ERR_MSG_FMT_MOD(extack,
				       "MTU %u too large for XDP: at most %lu (no multi-buffer)",
				       netdev->mtu, INIC_XDP_MAX_MTU);
		return -EOPNOTSUPP;
	}

	if (!netif_running(netdev) || !old == !prog) {
		/* Same buffer layout (or no rings): swap the program. */
		port->xdp_prog = prog;
		if (netif_running(netdev))
			for (q = 0; q < port->active; q++)
				WRITE_ONCE(port->pairs[q].xdp.prog, prog);
	} else {
		/* The headroom changes: restart the rings (ethtool -L's way). */
		inic_port_down(port);
		port->xdp_prog = prog;
		err = inic_port_up(port);
		if (err && prog) {
			port->xdp_prog = old;
			if (inic_port_up(port))
				netdev_err(netdev, "cannot restart the port\n");
			NL_SET_ERR_MSG_MOD(extack,
					   "cannot start the rings for XDP");
			return err;
		}
		if (err)
			netdev_err(netdev, "cannot restart the port without XDP: %d\n",
				   err);
	}
	if (old)
		bpf_prog_put(old);
	netdev_update_features(netdev);
	return 0;
}

int inic_xdp_bpf(struct net_device *netdev, struct netdev_bpf *bpf)
{
	switch (bpf->command) {
	case XDP_SETUP_PROG:
		return inic_xdp_setup(netdev_priv(netdev), bpf->prog,
				      bpf->extack);
	default:
		return -EINVAL;
	}
}

/* ---- ethtool -S: rxN_xdp_* per active channel, then port totals ---- */

struct inic_xdp_stat_desc {
	const char *name;
	size_t off;
};

#define INIC_XDP_STAT(f) { #f, offsetof(struct inic_xdp_stats, f) }

static const struct inic_xdp_stat_desc inic_xdp_stat_descs[] = {
	INIC_XDP_STAT(packets),
	INIC_XDP_STAT(pass),
	INIC_XDP_STAT(drop),
	INIC_XDP_STAT(tx),
	INIC_XDP_STAT(tx_errors),
	INIC_XDP_STAT(redirect),
	INIC_XDP_STAT(redirect_errors),
	INIC_XDP_STAT(aborted),
	INIC_XDP_STAT(frags_drop),
	INIC_XDP_STAT(xmit),
	INIC_XDP_STAT(xmit_errors),
};

#define INIC_XDP_NSTATS	ARRAY_SIZE(inic_xdp_stat_descs)

static u64 inic_xdp_stat(const struct inic_pair *pair, u32 i)
{
	const u8 *s = (const u8 *)&pair->xdp.stats;

	return READ_ONCE(*(const u64 *)(s + inic_xdp_stat_descs[i].off));
}

int inic_xdp_sset_count(struct inic_port *port)
{
	if (port->idev->is_vf)
		return 0;
	return (port->active + 1) * INIC_XDP_NSTATS;
}

void inic_xdp_get_strings(struct inic_port *port, u8 **data)
{
	u32 q, i;

	if (port->idev->is_vf)
		return;
	for (q = 0; q < port->active; q++)
		for (i = 0; i < INIC_XDP_NSTATS; i++)
			ethtool_sprintf(data, "rx%u_xdp_%s", q,
					inic_xdp_stat_descs[i].name);
	for (i = 0; i < INIC_XDP_NSTATS; i++)
		ethtool_sprintf(data, "xdp_%s", inic_xdp_stat_descs[i].name);
}

/* The totals count every ring pair of the port, active or not. */
void inic_xdp_get_stats(struct inic_port *port, u64 **data)
{
	u64 *d = *data;
	u32 q, i;

	if (port->idev->is_vf)
		return;
	for (q = 0; q < port->active; q++)
		for (i = 0; i < INIC_XDP_NSTATS; i++)
			*d++ = inic_xdp_stat(&port->pairs[q], i);
	for (i = 0; i < INIC_XDP_NSTATS; i++) {
		u64 sum = 0;

		for (q = 0; q < port->num_rings; q++)
			sum += inic_xdp_stat(&port->pairs[q], i);
		*d++ = sum;
	}
	*data = d;
}
