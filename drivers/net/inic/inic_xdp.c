// SPDX-License-Identifier: GPL-2.0
/*
 * inic native XDP on the PF ports and the VNICs.
 *
 * A program runs in the RX NAPI poll on every frame, on the page_pool
 * pages the device wrote (XDP_PACKET_HEADROOM in front of the frame while a
 * program is attached). A frame over several buffers (MTU above one page's
 * room) reaches programs loaded as xdp.frags as a multi-buffer xdp_buff:
 * the head page and its frags, listed in the head page's tail where the
 * skb's shared info goes if the frame is passed; other programs never see
 * it (dropped and counted). XDP_TX and ndo_xdp_xmit send such frames as
 * one descriptor per buffer.
 *
 * XDP TX rings: while a program is attached, the port takes one more PF
 * ring pair per active channel from the device's ring pool (policy/pool,
 * kind INIC_POOL_XDP_TX: the rings the VNICs also draw from) and uses only
 * its TX ring, bound to the port (RR_CTRL) and to the channel's MSI-X
 * vector, so channel i's NAPI reaps XDP TX ring i with its own TX and RX
 * rings. XDP_TX of channel i and ndo_xdp_xmit (ring smp_processor_id() %
 * active) post on it under its own spinlock (xdp_tx_lock): uncontended
 * unless a redirecting CPU picks the ring a NAPI is sending on; the
 * stack's TX queue, its lock, BQL and its stop/wake are not involved. A
 * full XDP TX ring refuses frames (tx_errors, xmit_errors).
 *
 * When the pool has no contiguous rings left for the port's channels (at
 * attach or when the rings restart: ethtool -L, a reset), the program
 * still runs and XDP frames share the channels' TX rings with the stack
 * under the TX queue's lock, as a port without a program does for
 * ndo_xdp_xmit (redirects into a port need no program there): said once
 * in the kernel log, ethtool -S xdp_tx_rings is then 0. After posting on
 * a shared ring the stack's queue stops below its threshold as for its
 * own frames (XDP frames do not count in BQL).
 *
 * AF_XDP zero-copy sockets (inic_xsk.c) send their TX ring on the
 * channel's TX ring; their XDP_TX verdicts go to the XDP TX ring.
 *
 * VNICs (inic_vnic.c, a vport with vnic set) run the same code on their
 * own rings without XDP TX rings: their XDP frames go out on the VNIC's
 * TX rings (its endpoint on the switch), shared as above. No AF_XDP
 * zero-copy there.
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
#include <net/xdp_sock_drv.h>

#include "inic.h"
#include "inic_vnic.h"

/* One page per buffer: the frame between the XDP headroom and the tail. */
#define INIC_XDP_BUF_LEN	(PAGE_SIZE - XDP_PACKET_HEADROOM - \
				 SKB_DATA_ALIGN(sizeof(struct skb_shared_info)))
/* The largest MTU whose frames (one 802.1Q tag kept) fit in one buffer. */
#define INIC_XDP_MAX_MTU	(INIC_XDP_BUF_LEN - ETH_HLEN - VLAN_HLEN)

/* ---- Ring pair hooks ---- */

/*
 * Buffer layout of a pair about to open: the port's program decides it,
 * and whether the pair has an XDP TX ring (the port's grant).
 */
void inic_xdp_pair_prepare(struct inic_pair *pair)
{
	struct inic_port *port = pair->port;
	struct bpf_prog *prog = port->xdp_prog;

	WRITE_ONCE(pair->xdp.prog, prog);
	pair->xdp_tx_on = prog && pair->qid < port->xdp_tx_rings;
	if (pair->xdp_tx_on) {
		pair->xdp_ring = port->xdp_tx_first + pair->qid;
		pair->xdp_tx.regs = port->idev->hw +
				    INIC_RING_BASE(pair->xdp_ring) +
				    INIC_RING_TX;
	}
	pair->rx_headroom = prog ? XDP_PACKET_HEADROOM : INIC_RX_HEADROOM;
	pair->rx_buf_len = prog ? INIC_XDP_BUF_LEN : INIC_RX_BUF_LEN;
	inic_xsk_pair_prepare(pair);	/* AF_XDP zero-copy: its buffers */
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
	if (pair->xsk_pool)
		err = xdp_rxq_info_reg_mem_model(rxq, MEM_TYPE_XSK_BUFF_POOL,
						 NULL);
	else
		err = xdp_rxq_info_reg_mem_model(rxq, MEM_TYPE_PAGE_POOL,
						 pair->pp);
	if (err) {
		xdp_rxq_info_unreg(rxq);
		return err;
	}
	if (pair->xsk_pool)
		xsk_pool_set_rxq_info(pair->xsk_pool, rxq);
	pair->xdp.rxq_registered = true;
	return 0;
}

/* Before the pool is destroyed (its buffers already returned). */
void inic_xdp_pair_close(struct inic_pair *pair)
{
	WRITE_ONCE(pair->xdp.prog, NULL);
	pair->xsk_pool = NULL;
	pair->xdp.tx_pending = false;
	pair->xdp.redirected = false;
	if (!pair->xdp.rxq_registered)
		return;
	xdp_rxq_info_unreg(&pair->xdp.rxq);
	pair->xdp.rxq_registered = false;
}

/* ---- TX: XDP frames on the pair's XDP TX ring, or its TX ring ---- */

/*
 * The ring the pair's XDP frames go out on, locked: its XDP TX ring under
 * xdp_tx_lock (*txq NULL), else the stack's under the TX queue's lock.
 * xdp_tx_on changes only while NAPI and ndo_xdp_xmit are stopped.
 */
static struct inic_ring *inic_xdp_txr_lock(struct inic_pair *pair,
					   struct netdev_queue **txq)
{
	if (pair->xdp_tx_on) {
		*txq = NULL;
		spin_lock(&pair->xdp_tx_lock);
		return &pair->xdp_tx;
	}
	*txq = netdev_get_tx_queue(pair->port->netdev, pair->qid);
	__netif_tx_lock(*txq, smp_processor_id());
	return &pair->tx;
}

static void inic_xdp_txr_unlock(struct inic_pair *pair,
				struct netdev_queue *txq)
{
	if (txq)
		__netif_tx_unlock(txq);
	else
		spin_unlock(&pair->xdp_tx_lock);
}

/* One buffer of an XDP frame to transmit. */
struct inic_xdp_seg {
	dma_addr_t dma;
	u32 len;
	struct page *page;	/* a page of the pair's pool (XDP_TX) */
	bool is_page;		/* ndo_xdp_xmit: mapped with skb_frag_dma_map */
};

/* The most buffers of one XDP frame: the head and an skb's frags. */
#define INIC_XDP_MAX_SEGS	(1 + MAX_SKB_FRAGS)

/*
 * Post a frame of n buffers on tx (locked); its last descriptor carries
 * xdpf. txq: the stack's queue when tx is its ring, else NULL.
 */
static int inic_xdp_post(struct inic_ring *tx, struct netdev_queue *txq,
			 const struct inic_xdp_seg *seg, u32 n,
			 struct xdp_frame *xdpf)
{
	struct inic_tx_desc *desc;
	struct inic_tx_buf *buf;
	u32 idx = tx->ntu, i;

	if (unlikely(inic_ring_unused(READ_ONCE(tx->ntc), idx, tx->size) < n))
		return -ENOSPC;
	for (i = 0; i < n; i++) {
		buf = &tx->tx_buf[idx];
		buf->dma = seg[i].dma;
		buf->len = seg[i].len;
		buf->is_page = seg[i].is_page;
		buf->skb = NULL;
		buf->xdp_page = seg[i].page;
		buf->xdpf = i == n - 1 ? xdpf : NULL;

		/* No offloads. */
		desc = (struct inic_tx_desc *)tx->desc + idx;
		memset(desc, 0, sizeof(*desc));
		desc->addr = cpu_to_le64(seg[i].dma);
		desc->len = cpu_to_le16(seg[i].len);
		desc->cmd = cpu_to_le16(i == n - 1 ? INIC_TXD_CMD_EOP : 0);
		idx = inic_ring_next(idx, tx->size);
	}

	/* The descriptors before the index (NAPI reads it), as the stack's. */
	smp_store_release(&tx->ntu, idx);
	if (txq)
		netif_txq_maybe_stop(txq, inic_ring_unused(READ_ONCE(tx->ntc),
							   tx->ntu, tx->size),
				     tx->stop_thresh, tx->wake_thresh);
	return 0;
}

/* XDP_TX: the RX pages go out as they are (mapped by the pool). */
static int inic_xdp_tx_page(struct inic_pair *pair, struct xdp_buff *xdp)
{
	struct netdev_queue *txq;
	struct inic_ring *tx;
	struct device *dev = &pair->port->idev->pdev->dev;
	struct inic_xdp_seg seg[INIC_XDP_MAX_SEGS];
	struct skb_shared_info *sinfo;
	struct page *page = virt_to_page(xdp->data_hard_start);
	u32 len = xdp->data_end - xdp->data, n = 1, i;
	int err;

	/* A runt is padded, as the stack pads its frames. */
	if (len < ETH_ZLEN && !xdp_buff_has_frags(xdp)) {
		if (xdp->data + ETH_ZLEN > xdp_data_hard_end(xdp))
			return -EINVAL;
		memset(xdp->data_end, 0, ETH_ZLEN - len);
		len = ETH_ZLEN;
	}
	seg[0].dma = page_pool_get_dma_addr(page) +
		     (xdp->data - xdp->data_hard_start);
	seg[0].len = len;
	seg[0].page = page;
	seg[0].is_page = false;
	if (xdp_buff_has_frags(xdp)) {
		sinfo = xdp_get_shared_info_from_buff(xdp);
		if (sinfo->nr_frags >= INIC_XDP_MAX_SEGS ||
		    1 + sinfo->nr_frags > INIC_TX_MAX_DESCS)
			return -EINVAL;
		for (i = 0; i < sinfo->nr_frags; i++, n++) {
			const skb_frag_t *f = &sinfo->frags[i];

			seg[n].page = skb_frag_page(f);
			seg[n].dma = page_pool_get_dma_addr(seg[n].page) +
				     skb_frag_off(f);
			seg[n].len = skb_frag_size(f);
			seg[n].is_page = false;
		}
	}
	for (i = 0; i < n; i++)
		dma_sync_single_for_device(dev, seg[i].dma, seg[i].len,
					   DMA_BIDIRECTIONAL);
	tx = inic_xdp_txr_lock(pair, &txq);
	err = inic_xdp_post(tx, txq, seg, n, NULL);
	inic_xdp_txr_unlock(pair, txq);
	if (!err)
		pair->xdp.tx_pending = true;
	return err;
}

/* A completed (or purged) XDP TX buffer: the page back to its owner. */
void inic_xdp_tx_buf_free(struct inic_pair *pair, struct inic_tx_buf *buf,
			  bool napi)
{
	struct device *dev = &pair->port->idev->pdev->dev;

	if (buf->xdp_page) {
		/* A page of this pair's pool, reaped by this pair's NAPI. */
		page_pool_put_full_page(pair->pp, buf->xdp_page, napi);
		buf->xdp_page = NULL;
	} else if (buf->xdpf) {
		/* The frame's last buffer; the others are unmapped as skbs' */
		if (buf->is_page)
			dma_unmap_page(dev, buf->dma, buf->len, DMA_TO_DEVICE);
		else
			dma_unmap_single(dev, buf->dma, buf->len,
					 DMA_TO_DEVICE);
		/* Another device's or pair's memory: never direct recycling. */
		xdp_return_frame(buf->xdpf);
		buf->xdpf = NULL;
	}
	buf->len = 0;
}

/*
 * The ring's NAPI reaped XDP frames only: netif_txq_completed_wake() wakes
 * nothing without a completed skb, so wake the stack's queue here if XDP
 * frames (a shared ring's) had filled the ring and stopped it.
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

/* Map one redirected frame (head and frags) and post it on tx (locked). */
static int inic_xdp_xmit_one(struct inic_ring *tx, struct netdev_queue *txq,
			     struct device *dev, struct xdp_frame *xdpf)
{
	struct inic_xdp_seg seg[INIC_XDP_MAX_SEGS];
	struct skb_shared_info *sinfo;
	u32 n = 1, i;
	int err = -ENOMEM;

	seg[0].dma = dma_map_single(dev, xdpf->data, xdpf->len, DMA_TO_DEVICE);
	if (dma_mapping_error(dev, seg[0].dma))
		return -ENOMEM;
	seg[0].len = xdpf->len;
	seg[0].page = NULL;
	seg[0].is_page = false;
	if (unlikely(xdp_frame_has_frags(xdpf))) {
		sinfo = xdp_get_shared_info_from_frame(xdpf);
		if (sinfo->nr_frags >= INIC_XDP_MAX_SEGS ||
		    1 + sinfo->nr_frags > INIC_TX_MAX_DESCS) {
			err = -EINVAL;
			goto unmap;
		}
		for (i = 0; i < sinfo->nr_frags; i++, n++) {
			const skb_frag_t *f = &sinfo->frags[i];

			seg[n].len = skb_frag_size(f);
			seg[n].dma = skb_frag_dma_map(dev, f, 0, seg[n].len,
						      DMA_TO_DEVICE);
			if (dma_mapping_error(dev, seg[n].dma))
				goto unmap;
			seg[n].page = NULL;
			seg[n].is_page = true;
		}
	}
	err = inic_xdp_post(tx, txq, seg, n, xdpf);
	if (!err)
		return 0;
unmap:
	while (n--) {
		if (seg[n].is_page)
			dma_unmap_page(dev, seg[n].dma, seg[n].len,
				       DMA_TO_DEVICE);
		else
			dma_unmap_single(dev, seg[n].dma, seg[n].len,
					 DMA_TO_DEVICE);
	}
	return err;
}

/* XDP_TX of an AF_XDP zero-copy buffer, as a frame of its own (copied). */
int inic_xdp_tx_frame(struct inic_pair *pair, struct xdp_frame *xdpf)
{
	struct netdev_queue *txq;
	struct inic_ring *tx;
	int err;

	tx = inic_xdp_txr_lock(pair, &txq);
	err = inic_xdp_xmit_one(tx, txq, &pair->port->idev->pdev->dev, xdpf);
	inic_xdp_txr_unlock(pair, txq);
	if (!err)
		pair->xdp.tx_pending = true;
	return err;
}

int inic_xdp_xmit(struct net_device *netdev, int n, struct xdp_frame **frames,
		  u32 flags)
{
	struct inic_port *port = netdev_priv(netdev);
	struct device *dev = &port->idev->pdev->dev;
	int cpu = smp_processor_id();
	struct netdev_queue *txq;
	struct inic_pair *pair;
	struct inic_ring *tx;
	int i, sent = 0;

	if (unlikely(flags & ~XDP_XMIT_FLAGS_MASK))
		return -EINVAL;
	/* Off while the rings are reconfigured (inic_xdp_port_down()). */
	if (unlikely(!READ_ONCE(port->xdp_xmit_ok)))
		return -ENETDOWN;
	pair = &port->pairs[cpu % port->active];

	tx = inic_xdp_txr_lock(pair, &txq);
	for (i = 0; i < n; i++) {
		if (inic_xdp_xmit_one(tx, txq, dev, frames[i]))
			break;
		sent++;
	}
	if (flags & XDP_XMIT_FLUSH)
		writel(tx->ntu, tx->regs + INIC_RR_TAIL);
	/* Under the ring's lock: one writer at a time. */
	inic_xdp_add(&pair->xdp.stats.xmit, sent);
	inic_xdp_add(&pair->xdp.stats.xmit_errors, n - sent);
	inic_xdp_txr_unlock(pair, txq);
	/* The caller frees the frames not sent. */
	return sent;
}

/* ---- RX ---- */

/*
 * Every page of a frame back to the pool: the head at hard_start, then the
 * nr_frags frags sinfo lists. direct: from the pair's NAPI.
 */
static void inic_xdp_pages_free(struct inic_pair *pair, void *hard_start,
				const struct skb_shared_info *sinfo,
				u32 nr_frags, bool direct)
{
	u32 i;

	for (i = 0; i < nr_frags; i++)
		page_pool_put_full_page(pair->pp,
					skb_frag_page(&sinfo->frags[i]), direct);
	page_pool_put_full_page(pair->pp, virt_to_page(hard_start), direct);
}

/* A frame the program did not keep, or one never given to it. */
static void inic_xdp_buff_free(struct inic_pair *pair, struct xdp_buff *xdp,
			       bool direct)
{
	struct skb_shared_info *sinfo = xdp_get_shared_info_from_buff(xdp);

	inic_xdp_pages_free(pair, xdp->data_hard_start, sinfo,
			    xdp_buff_has_frags(xdp) ? sinfo->nr_frags : 0,
			    direct);
}

/*
 * Add a buffer to the frame in pair->xdp.mb: the head starts the xdp_buff,
 * the others become frags in the head page's tail (where the skb's shared
 * info goes when the frame is passed). False: no room, buffer not taken.
 */
static bool inic_xdp_mb_add(struct inic_pair *pair, struct xdp_buff *xdp,
			    struct page *page, u32 len)
{
	struct skb_shared_info *sinfo = xdp_get_shared_info_from_buff(xdp);

	if (!xdp_buff_has_frags(xdp)) {
		sinfo->nr_frags = 0;
		sinfo->xdp_frags_size = 0;
		xdp_buff_set_frags_flag(xdp);
	}
	if (sinfo->nr_frags >= MAX_SKB_FRAGS)
		return false;
	skb_frag_fill_page_desc(&sinfo->frags[sinfo->nr_frags++], page,
				pair->rx_headroom, len);
	sinfo->xdp_frags_size += len;
	if (page_is_pfmemalloc(page))
		xdp_buff_set_frag_pfmemalloc(xdp);
	return true;
}

/*
 * One RX buffer with a program attached. A single-buffer frame runs the
 * program at once; a frame over several buffers is gathered (frags) and
 * runs it at its last buffer when the program is frags-aware (xdp.frags),
 * or is dropped and counted when it is not.
 */
enum inic_xdp_verdict inic_xdp_rx(struct inic_pair *pair,
				  struct bpf_prog *prog, struct page *page,
				  const struct inic_rx_desc *desc, u16 status,
				  u32 len, struct inic_xdp_pass *pass)
{
	struct net_device *netdev = pair->port->netdev;
	bool eop = status & INIC_RXD_STA_EOP;
	struct inic_xdp_buff ctx;
	struct skb_shared_info *sinfo;
	u32 act;

	if (pair->xdp.mb_open) {
		if (unlikely(!inic_xdp_mb_add(pair, &pair->xdp.mb, page,
					      len))) {
			/* More buffers than an skb holds: drop the frame. */
			page_pool_recycle_direct(pair->pp, page);
			inic_xdp_buff_free(pair, &pair->xdp.mb, true);
			pair->xdp.mb_open = false;
			pair->rx_discard = !eop;
			inic_xdp_add(&pair->xdp.stats.frags_drop, 1);
			return INIC_XDP_CONSUMED;
		}
		if (!eop)
			return INIC_XDP_MORE;
		ctx.xdp = pair->xdp.mb;
		pair->xdp.mb_open = false;
	} else {
		xdp_init_buff(&ctx.xdp, PAGE_SIZE, &pair->xdp.rxq);
		xdp_prepare_buff(&ctx.xdp, page_address(page),
				 pair->rx_headroom, len, true);
		if (unlikely(!eop)) {
			if (!prog->aux->xdp_has_frags) {
				page_pool_recycle_direct(pair->pp, page);
				pair->rx_discard = true;
				inic_xdp_add(&pair->xdp.stats.frags_drop, 1);
				return INIC_XDP_CONSUMED;
			}
			pair->xdp.mb = ctx.xdp;
			pair->xdp.mb_open = true;
			return INIC_XDP_MORE;
		}
	}
	ctx.desc = desc;
	ctx.status = status;
	inic_xdp_add(&pair->xdp.stats.packets, 1);
	if (xdp_buff_has_frags(&ctx.xdp))
		inic_xdp_add(&pair->xdp.stats.frags, 1);

	act = bpf_prog_run_xdp(prog, &ctx.xdp);
	switch (act) {
	case XDP_PASS:
		pass->page = virt_to_page(ctx.xdp.data_hard_start);
		pass->off = ctx.xdp.data - ctx.xdp.data_hard_start;
		pass->len = ctx.xdp.data_end - ctx.xdp.data;
		pass->meta = ctx.xdp.data - ctx.xdp.data_meta;
		pass->nr_frags = 0;
		pass->frags_len = 0;
		pass->pfmemalloc = false;
		/* adjust_tail may have taken the frags away */
		if (xdp_buff_has_frags(&ctx.xdp)) {
			sinfo = xdp_get_shared_info_from_buff(&ctx.xdp);
			pass->nr_frags = sinfo->nr_frags;
			pass->frags_len = sinfo->xdp_frags_size;
			pass->pfmemalloc = xdp_buff_is_frag_pfmemalloc(&ctx.xdp);
		}
		inic_xdp_add(&pair->xdp.stats.pass, 1);
		return INIC_XDP_PASS;
	case XDP_TX:
		if (likely(!inic_xdp_tx_page(pair, &ctx.xdp))) {
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
	inic_xdp_buff_free(pair, &ctx.xdp, true);
	return INIC_XDP_CONSUMED;
}

/* The skb of a passed frame; NULL: no memory, the pages went back. */
struct sk_buff *inic_xdp_build_skb(struct inic_pair *pair,
				   const struct inic_xdp_pass *pass)
{
	void *va = page_address(pass->page);
	struct skb_shared_info *sinfo;
	struct sk_buff *skb;

	skb = napi_build_skb(va, PAGE_SIZE);
	if (unlikely(!skb)) {
		WRITE_ONCE(pair->rx_alloc_fail, pair->rx_alloc_fail + 1);
		/* the frags are listed where the skb's shared info goes */
		sinfo = va + PAGE_SIZE -
			SKB_DATA_ALIGN(sizeof(struct skb_shared_info));
		inic_xdp_pages_free(pair, va, sinfo, pass->nr_frags, true);
		return NULL;
	}
	skb_mark_for_recycle(skb);
	skb_reserve(skb, pass->off);
	skb_put(skb, pass->len);
	if (pass->meta)
		skb_metadata_set(skb, pass->meta);
	/* napi_build_skb() kept the frags, cleared their count */
	if (pass->nr_frags)
		xdp_update_skb_shared_info(skb, pass->nr_frags, pass->frags_len,
					   pass->nr_frags * PAGE_SIZE,
					   pass->pfmemalloc);
	return skb;
}

/* The ring closes (NAPI stopped): a frame half gathered goes back. */
void inic_xdp_rx_purge(struct inic_pair *pair)
{
	if (!pair->xdp.mb_open)
		return;
	pair->xdp.mb_open = false;
	inic_xdp_buff_free(pair, &pair->xdp.mb, false);	/* not from NAPI */
}

/* End of an RX poll: ring the XDP_TX doorbell, flush the redirects. */
void inic_xdp_rx_done(struct inic_pair *pair)
{
	if (pair->xdp.tx_pending) {
		struct netdev_queue *txq;
		struct inic_ring *tx;

		/* Under the lock: the tail never goes back behind another. */
		tx = inic_xdp_txr_lock(pair, &txq);
		writel(tx->ntu, tx->regs + INIC_RR_TAIL);
		inic_xdp_txr_unlock(pair, txq);
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
			       NETDEV_XDP_ACT_NDO_XMIT | NETDEV_XDP_ACT_RX_SG |
			       NETDEV_XDP_ACT_NDO_XMIT_SG;
	/* AF_XDP zero-copy: the PF ports only */
	if (!port->vnic)
		netdev->xdp_features |= NETDEV_XDP_ACT_XSK_ZEROCOPY;
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

/*
 * Before the pairs open (RTNL): one XDP TX ring per active channel from
 * the pool while a program is attached. None left: XDP shares the
 * channels' TX rings (said once per attach).
 */
void inic_xdp_port_rings_get(struct inic_port *port)
{
	struct inic_dev *idev = port->idev;
	u32 first;
	int err;

	inic_xdp_port_rings_put(port);	/* none held: the port was down */
	if (!port->xdp_prog || idev->is_vf || port->vnic)
		return;
	err = inic_pool_alloc(&idev->pool, INIC_POOL_XDP_TX, port->id,
			      port->active, &first);
	if (err) {
		if (!port->xdp_tx_warned)
			netdev_warn(port->netdev,
				    "no %u free ring pairs for XDP TX rings (%u left): XDP_TX and ndo_xdp_xmit share the channels' TX rings\n",
				    port->active,
				    inic_pool_available(&idev->pool,
							INIC_POOL_XDP_TX));
		port->xdp_tx_warned = true;
		return;
	}
	port->xdp_tx_first = first;
	port->xdp_tx_rings = port->active;
}

/* After the pairs closed (RTNL): the XDP TX rings back to the pool. */
void inic_xdp_port_rings_put(struct inic_port *port)
{
	if (!port->xdp_tx_rings)
		return;
	inic_pool_release(&port->idev->pool, INIC_POOL_XDP_TX, port->id);
	port->xdp_tx_rings = 0;
}

int inic_xdp_check_mtu(struct inic_port *port, int mtu)
{
	if (port->xdp_prog && !port->xdp_prog->aux->xdp_has_frags &&
	    mtu > INIC_XDP_MAX_MTU) {
		netdev_err(port->netdev,
			   "MTU %d too large for an XDP program without frags support: at most %lu\n",
			   mtu, INIC_XDP_MAX_MTU);
		return -EINVAL;
	}
	return inic_xsk_check_mtu(port, mtu);
}

/* No hardware aggregation while a program sees the frames. */
netdev_features_t inic_xdp_fix_features(struct inic_port *port,
					netdev_features_t features)
{
	if (port->xdp_prog)
		features &= ~(NETIF_F_GRO_HW | NETIF_F_LRO);
	return features;
}

/* Stop a running port's or VNIC's rings, or start them (RTNL). */
static void inic_xdp_rings_down(struct inic_port *port)
{
	if (port->vnic)
		inic_vnic_stop(port->netdev);
	else
		inic_port_down(port);
}

static int inic_xdp_rings_up(struct inic_port *port)
{
	return port->vnic ? inic_vnic_open(port->netdev) : inic_port_up(port);
}

static int inic_xdp_setup(struct inic_port *port, struct bpf_prog *prog,
			  struct netlink_ext_ack *extack)
{
	struct net_device *netdev = port->netdev;
	struct bpf_prog *old = port->xdp_prog;
	int err;
	u32 q;

	if (port->idev->is_vf) {
		NL_SET_ERR_MSG_MOD(extack, "native XDP runs on the PF ports and VNICs only");
		return -EOPNOTSUPP;
	}
	if (prog && !prog->aux->xdp_has_frags &&
	    netdev->mtu > INIC_XDP_MAX_MTU) {
		NL_SET_ERR_MSG_FMT_MOD(extack,
				       "MTU %u too large for XDP without frags support: at most %lu, or load the program as xdp.frags",
				       netdev->mtu, INIC_XDP_MAX_MTU);
		return -EOPNOTSUPP;
	}

	if (prog && !old)
		port->xdp_tx_warned = false;	/* a new attach: say it again */
	if (!netif_running(netdev) || !old == !prog) {
		/* Same buffer layout (or no rings): swap the program. */
		port->xdp_prog = prog;
		if (netif_running(netdev))
			for (q = 0; q < port->active; q++)
				WRITE_ONCE(port->pairs[q].xdp.prog, prog);
	} else {
		/* The headroom changes: restart the rings (ethtool -L's way). */
		inic_xdp_rings_down(port);
		port->xdp_prog = prog;
		err = inic_xdp_rings_up(port);
		if (err && prog) {
			port->xdp_prog = old;
			if (inic_xdp_rings_up(port))
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
	case XDP_SETUP_XSK_POOL:
		if (((struct inic_port *)netdev_priv(netdev))->vnic) {
			NL_SET_ERR_MSG_MOD(bpf->extack,
					   "AF_XDP zero-copy runs on the PF ports only, not on VNICs");
			return -EOPNOTSUPP;
		}
		return inic_xsk_pool_setup(netdev_priv(netdev), bpf->xsk.pool,
					   bpf->xsk.queue_id, bpf->extack);
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
	INIC_XDP_STAT(frags),
	INIC_XDP_STAT(frags_drop),
	INIC_XDP_STAT(xmit),
	INIC_XDP_STAT(xmit_errors),
	INIC_XDP_STAT(xsk_tx),
	INIC_XDP_STAT(xsk_tx_invalid),
};

#define INIC_XDP_NSTATS	ARRAY_SIZE(inic_xdp_stat_descs)

static u64 inic_xdp_stat(const struct inic_pair *pair, u32 i)
{
	const u8 *s = (const u8 *)&pair->xdp.stats;

	return READ_ONCE(*(const u64 *)(s + inic_xdp_stat_descs[i].off));
}

/* After the XDP counters: xdp_tx_rings, then xdp_txN_packets/_bytes. */
int inic_xdp_sset_count(struct inic_port *port)
{
	if (port->idev->is_vf)
		return 0;
	return (port->active + 1) * INIC_XDP_NSTATS + 1 + 2 * port->active;
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
	ethtool_puts(data, "xdp_tx_rings");
	for (q = 0; q < port->active; q++) {
		ethtool_sprintf(data, "xdp_tx%u_packets", q);
		ethtool_sprintf(data, "xdp_tx%u_bytes", q);
	}
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
	*d++ = READ_ONCE(port->xdp_tx_rings);
	for (q = 0; q < port->active; q++) {
		*d++ = READ_ONCE(port->pairs[q].xdp_tx_packets);
		*d++ = READ_ONCE(port->pairs[q].xdp_tx_bytes);
	}
	*data = d;
}

/*
 * The XDP TX rings' frames in the port's TX counters (ip -s link, qstats),
 * with the views of the device's rings (driver.rst, "Counters"): channel
 * q's view counts from when it last joined the active set, the base holds
 * the rest, and view + base = the totals since the driver's load.
 */
void inic_xdp_tx_view(struct inic_port *port, u32 q, u64 *pkts, u64 *bytes)
{
	const struct inic_pair *pair = &port->pairs[q];

	*pkts = READ_ONCE(pair->xdp_tx_packets) - pair->xdp_tx_off_packets;
	*bytes = READ_ONCE(pair->xdp_tx_bytes) - pair->xdp_tx_off_bytes;
}

void inic_xdp_tx_base(struct inic_port *port, u64 *pkts, u64 *bytes)
{
	u32 q;

	*pkts = 0;
	*bytes = 0;
	for (q = 0; q < port->num_rings; q++) {
		const struct inic_pair *pair = &port->pairs[q];
		bool active = q < port->active;

		*pkts += active ? pair->xdp_tx_off_packets :
				  READ_ONCE(pair->xdp_tx_packets);
		*bytes += active ? pair->xdp_tx_off_bytes :
				   READ_ONCE(pair->xdp_tx_bytes);
	}
}

void inic_xdp_tx_totals(struct inic_port *port, u64 *pkts, u64 *bytes)
{
	u32 q;

	*pkts = 0;
	*bytes = 0;
	for (q = 0; q < port->num_rings; q++) {
		*pkts += READ_ONCE(port->pairs[q].xdp_tx_packets);
		*bytes += READ_ONCE(port->pairs[q].xdp_tx_bytes);
	}
}

/* ethtool -L (RTNL, pairs closed): channels that join start from 0. */
void inic_xdp_channels_changed(struct inic_port *port, u32 old_active,
			       u32 new_active)
{
	u32 q;

	for (q = old_active; q < new_active && q < port->num_rings; q++) {
		struct inic_pair *pair = &port->pairs[q];

		pair->xdp_tx_off_packets = READ_ONCE(pair->xdp_tx_packets);
		pair->xdp_tx_off_bytes = READ_ONCE(pair->xdp_tx_bytes);
	}
}
