// SPDX-License-Identifier: GPL-2.0
/*
 * inic AF_XDP zero-copy (XDP_ZEROCOPY) on the PF ports.
 *
 * A zero-copy socket bound to queue Q (XDP_SETUP_XSK_POOL) marks pair Q
 * (xsk_zc); while a program is attached the pair opens on the socket's
 * buffer pool: every RX buffer it posts is a UMEM chunk (one frame per
 * buffer: a frame longer than a chunk is dropped and counted as
 * frags_drop), the program runs on it in place, XDP_REDIRECT into the
 * socket's XSKMAP slot hands the chunk over without a copy, XDP_PASS
 * copies the frame into an skb, XDP_TX copies it into a frame of its own.
 * The socket's TX ring goes out on the pair's TX ring from the pair's
 * NAPI poll (scheduled by ndo_xsk_wakeup, i.e. sendto() or poll() on the
 * socket, and by TX completions), under the TX queue's lock as XDP_TX
 * and the stack's frames are; completions go back to the completion ring
 * in ring order.
 *
 * Binding or unbinding a pool (or attaching or detaching the program)
 * restarts the port's rings, as ethtool -L does. Copy-mode sockets
 * (XDP_COPY) need nothing here: the core copies into them from
 * xdp_do_redirect() and sends their frames as skbs (ndo_start_xmit).
 */
#include <linux/bpf_trace.h>
#include <linux/filter.h>
#include <linux/if_vlan.h>
#include <linux/netdevice.h>
#include <net/netdev_queues.h>
#include <net/xdp_sock_drv.h>

#include "inic.h"

/* One chunk per frame: the largest frame a pool's chunk must hold. */
static u32 inic_xsk_frame_need(int mtu)
{
	return mtu + ETH_HLEN + VLAN_HLEN;
}

/* The frame room of a pool's chunks, as the rings post them. */
static u32 inic_xsk_frame_room(struct xsk_buff_pool *pool)
{
	return min_t(u32, xsk_pool_get_rx_frame_size(pool),
		     PAGE_SIZE - XDP_PACKET_HEADROOM);
}

/* ndo_change_mtu: every zero-copy socket's chunks must still hold a frame. */
int inic_xsk_check_mtu(struct inic_port *port, int mtu)
{
	struct xsk_buff_pool *pool;
	u32 q;

	for (q = 0; q < port->num_rings; q++) {
		if (!port->pairs[q].xsk_zc)
			continue;
		pool = xsk_get_pool_from_qid(port->netdev, q);
		if (pool && inic_xsk_frame_room(pool) < inic_xsk_frame_need(mtu)) {
			netdev_err(port->netdev,
				   "MTU %d too large for the AF_XDP zero-copy socket on queue %u: its frames hold %u bytes\n",
				   mtu, q, inic_xsk_frame_room(pool));
			return -EINVAL;
		}
	}
	return 0;
}

/* ---- Control (RTNL) ---- */

/* Restart the port's rings on the pool; if they cannot start, without. */
static int inic_xsk_restart_zc(struct inic_port *port, struct inic_pair *pair)
{
	int err;

	inic_port_down(port);
	pair->xsk_zc = true;
	err = inic_port_up(port);
	if (!err)
		return 0;
	pair->xsk_zc = false;
	if (inic_port_up(port))
		netdev_err(port->netdev, "cannot restart the port\n");
	return err;
}

int inic_xsk_pool_setup(struct inic_port *port, struct xsk_buff_pool *pool,
			u16 qid, struct netlink_ext_ack *extack)
{
	struct net_device *netdev = port->netdev;
	struct device *dev = &port->idev->pdev->dev;
	struct inic_pair *pair;
	bool restart;
	int err;

	if (port->idev->is_vf) {
		NL_SET_ERR_MSG_MOD(extack, "AF_XDP zero-copy runs on the PF ports only");
		return -EOPNOTSUPP;
	}
	if (qid >= port->num_rings) {
		NL_SET_ERR_MSG_MOD(extack, "no such queue");
		return -EINVAL;
	}
	pair = &port->pairs[qid];
	/* The pool takes effect on rings that run a program. */
	restart = netif_running(netdev) && port->xdp_prog;

	if (!pool) {
		if (!pair->xsk_zc)
			return 0;
		/* The socket goes whatever happens: its chunks off the rings. */
		pool = xsk_get_pool_from_qid(netdev, qid);
		if (restart)
			inic_port_down(port);
		pair->xsk_zc = false;
		if (restart) {
			err = inic_port_up(port);
			if (err)
				netdev_err(netdev, "queue %u: cannot restart without AF_XDP zero-copy: %d\n",
					   qid, err);
		}
		if (pool)
			xsk_pool_dma_unmap(pool, 0);
		return 0;
	}

	if (pair->xsk_zc) {
		NL_SET_ERR_MSG_MOD(extack, "the queue has a zero-copy socket already");
		return -EBUSY;
	}
	if (inic_xsk_frame_room(pool) < inic_xsk_frame_need(netdev->mtu)) {
		NL_SET_ERR_MSG_FMT_MOD(extack,
				       "UMEM frames of %u bytes cannot hold a frame at MTU %u (one chunk per frame)",
				       xsk_pool_get_rx_frame_size(pool),
				       netdev->mtu);
		return -EINVAL;
	}
	err = xsk_pool_dma_map(pool, dev, 0);
	if (err) {
		NL_SET_ERR_MSG_MOD(extack, "cannot map the UMEM for DMA");
		return err;
	}
	if (!restart) {
		pair->xsk_zc = true;
		return 0;
	}
	err = inic_xsk_restart_zc(port, pair);
	if (err) {
		xsk_pool_dma_unmap(pool, 0);
		NL_SET_ERR_MSG_MOD(extack, "cannot start the rings with the UMEM");
	}
	return err;
}

/* A pair about to open (after inic_xdp_pair_prepare() set its program). */
void inic_xsk_pair_prepare(struct inic_pair *pair)
{
	struct xsk_buff_pool *pool = NULL;

	if (pair->xsk_zc && pair->xdp.prog)
		pool = xsk_get_pool_from_qid(pair->port->netdev, pair->qid);
	pair->xsk_pool = pool;
	pair->xsk_bad = 0;
	if (!pool)
		return;
	pair->rx_headroom = XDP_PACKET_HEADROOM;
	pair->rx_buf_len = inic_xsk_frame_room(pool);
}

/*
 * sendto()/poll() on a socket that asks for it: the pair's NAPI picks up
 * the TX ring and refills RX. Under RCU (the socket's send path), so the
 * port's ndo_xdp_xmit gate (cleared, then synchronize_net(), before the
 * rings close) keeps the pair open meanwhile.
 */
int inic_xsk_wakeup(struct net_device *netdev, u32 qid, u32 flags)
{
	struct inic_port *port = netdev_priv(netdev);
	struct inic_pair *pair;

	if (unlikely(!READ_ONCE(port->xdp_xmit_ok)))
		return -ENETDOWN;
	if (unlikely(qid >= READ_ONCE(port->active)))
		return -EINVAL;
	pair = &port->pairs[qid];
	if (unlikely(!READ_ONCE(pair->xsk_pool)))
		return -ENXIO;
	if (!napi_if_scheduled_mark_missed(&pair->napi))
		napi_schedule(&pair->napi);
	return 0;
}

/* ---- RX ---- */

/* Post a UMEM chunk on every free RX slot. */
bool inic_xsk_rx_refill(struct inic_pair *pair)
{
	struct xsk_buff_pool *pool = pair->xsk_pool;
	struct inic_ring *rx = &pair->rx;
	u32 n = inic_ring_unused(rx->ntc, rx->ntu, rx->size);
	bool ok = true, posted = false;

	while (n--) {
		struct inic_rx_desc *desc =
			(struct inic_rx_desc *)rx->desc + rx->ntu;
		struct xdp_buff *xdp = xsk_buff_alloc(pool);

		if (!xdp) {
			ok = false;	/* the fill ring is empty */
			break;
		}
		rx->rx_buf[rx->ntu].xsk = xdp;
		memset(desc, 0, sizeof(*desc));
		desc->addr = cpu_to_le64(xsk_buff_xdp_get_dma(xdp));
		desc->buf_len = cpu_to_le16(pair->rx_buf_len);
		rx->ntu = inic_ring_next(rx->ntu, rx->size);
		posted = true;
	}
	if (posted)
		writel(rx->ntu, rx->regs + INIC_RR_TAIL);
	if (!xsk_uses_need_wakeup(pool))
		return ok;	/* keep polling until the fill ring has more */
	/* The socket kicks us (poll, sendto) once it has refilled. */
	if (ok)
		xsk_clear_rx_need_wakeup(pool);
	else
		xsk_set_rx_need_wakeup(pool);
	return true;
}

/* XDP_PASS: the frame (and its metadata) copied into an skb. */
static struct sk_buff *inic_xsk_skb(struct inic_pair *pair,
				    struct xdp_buff *xdp)
{
	u32 meta = xdp->data - xdp->data_meta;
	u32 len = xdp->data_end - xdp->data_meta;
	struct sk_buff *skb;

	skb = napi_alloc_skb(&pair->napi, len);
	if (unlikely(!skb))
		return NULL;
	skb_put_data(skb, xdp->data_meta, len);
	if (meta) {
		__skb_pull(skb, meta);
		skb_metadata_set(skb, meta);
	}
	return skb;
}

/* Run the program on one received chunk; the chunk is always consumed. */
static void inic_xsk_rx_one(struct inic_pair *pair, struct bpf_prog *prog,
			    struct xdp_buff *xdp,
			    const struct inic_rx_desc *desc, u16 status)
{
	struct inic_xdp_buff *ctx = (struct inic_xdp_buff *)xdp;
	struct net_device *netdev = pair->port->netdev;
	struct inic_xdp_stats *st = &pair->xdp.stats;
	struct xdp_frame *xdpf;
	struct sk_buff *skb;
	u32 act;

	/* The kfuncs' fields live in the chunk's driver area. */
	ctx->desc = desc;
	ctx->status = status;
	inic_xdp_add(&st->packets, 1);
	act = prog ? bpf_prog_run_xdp(prog, xdp) : XDP_PASS;
	switch (act) {
	case XDP_REDIRECT:
		if (likely(!xdp_do_redirect(netdev, xdp, prog))) {
			pair->xdp.redirected = true;
			inic_xdp_add(&st->redirect, 1);
			return;
		}
		inic_xdp_add(&st->redirect_errors, 1);
		break;
	case XDP_PASS:
		skb = inic_xsk_skb(pair, xdp);
		xsk_buff_free(xdp);
		if (unlikely(!skb)) {
			WRITE_ONCE(pair->rx_alloc_fail, pair->rx_alloc_fail + 1);
			return;
		}
		inic_xdp_add(&st->pass, 1);
		inic_rx_deliver(pair, skb, desc, status);
		return;
	case XDP_TX:
		/* A copy in a page of its own; frees the chunk when it can. */
		xdpf = xdp_convert_zc_to_xdp_frame(xdp);
		if (likely(xdpf)) {
			if (likely(!inic_xdp_tx_frame(pair, xdpf))) {
				inic_xdp_add(&st->tx, 1);
				return;
			}
			xdp_return_frame(xdpf);
		}
		trace_xdp_exception(netdev, prog, act);
		inic_xdp_add(&st->tx_errors, 1);
		if (xdpf)
			return;
		break;
	default:
		bpf_warn_invalid_xdp_action(netdev, prog, act);
		fallthrough;
	case XDP_ABORTED:
		trace_xdp_exception(netdev, prog, act);
		inic_xdp_add(&st->aborted, 1);
		break;
	case XDP_DROP:
		inic_xdp_add(&st->drop, 1);
		break;
	}
	xsk_buff_free(xdp);
}

/* The RX half of the NAPI poll of a pair on a zero-copy socket's pool. */
int inic_xsk_rx_poll(struct inic_pair *pair, struct bpf_prog *prog,
		     int budget, bool *alloc_ok)
{
	struct inic_ring *rx = &pair->rx;
	int done = 0;

	XSK_CHECK_PRIV_TYPE(struct inic_xdp_buff);
	while (done < budget && rx->ntc != rx->ntu) {
		struct inic_rx_desc *desc;
		struct xdp_buff *xdp;
		u16 status, len;
		u32 idx;

		if (!inic_rx_desc_take(rx, &idx, &status, &len))
			break;
		desc = (struct inic_rx_desc *)rx->desc + idx;
		xdp = rx->rx_buf[idx].xsk;
		rx->rx_buf[idx].xsk = NULL;
		if (unlikely(!xdp))
			continue;
		/* The rest of a frame already dropped: skip to its EOP. */
		if (unlikely(pair->rx_discard)) {
			xsk_buff_free(xdp);
			if (status & INIC_RXD_STA_EOP)
				pair->rx_discard = false;
			continue;
		}
		/* One chunk per frame: a longer one is dropped whole. */
		if (unlikely(!(status & INIC_RXD_STA_EOP))) {
			xsk_buff_free(xdp);
			pair->rx_discard = true;
			inic_xdp_add(&pair->xdp.stats.frags_drop, 1);
			continue;
		}
		if (unlikely((status & INIC_RXD_STA_ERR) || !len ||
			     len > pair->rx_buf_len)) {
			xsk_buff_free(xdp);
			continue;
		}
		xsk_buff_set_size(xdp, len);
		xsk_buff_dma_sync_for_cpu(xdp);
		inic_xsk_rx_one(pair, prog, xdp, desc, status);
		done++;
	}
	inic_xdp_rx_done(pair);	/* XDP_TX doorbell, redirect flush */
	*alloc_ok = inic_xsk_rx_refill(pair);
	return done;
}

/* ---- TX ---- */

/*
 * Move descriptors from the socket's TX ring to the pair's TX ring, at most
 * budget. A descriptor the device would refuse (shorter than an Ethernet
 * header) is not sent; it completes, in order, with the next frame posted
 * or at once when none is in flight (xsk_bad). True: more may be waiting.
 */
bool inic_xsk_xmit(struct inic_pair *pair, int budget)
{
	struct xsk_buff_pool *pool = pair->xsk_pool;
	struct netdev_queue *txq =
		netdev_get_tx_queue(pair->port->netdev, pair->qid);
	struct inic_ring *tx = &pair->tx;
	u32 idx, room, n = 0;
	struct xdp_desc d;
	bool more = false;

	if (!budget)
		return false;
	__netif_tx_lock(txq, smp_processor_id());
	if (unlikely(netif_xmit_frozen_or_stopped(txq))) {
		/* Full: the completions that wake the queue poll again. */
		__netif_tx_unlock(txq);
		return false;
	}
	idx = tx->ntu;
	room = inic_ring_unused(READ_ONCE(tx->ntc), idx, tx->size);
	while (n < budget) {
		struct inic_tx_desc *desc;
		struct inic_tx_buf *buf;
		dma_addr_t dma;

		/* Full: the TX completions' interrupt polls again. */
		if (!room)
			break;
		if (!xsk_tx_peek_desc(pool, &d))
			break;
		n++;
		if (unlikely(d.len < ETH_HLEN)) {
			pair->xsk_bad++;
			inic_xdp_add(&pair->xdp.stats.xsk_tx_invalid, 1);
			continue;
		}
		dma = xsk_buff_raw_get_dma(pool, d.addr);
		xsk_buff_raw_dma_sync_for_device(pool, dma, d.len);
		buf = &tx->tx_buf[idx];
		buf->dma = dma;
		buf->len = 0;		/* the pool's mapping: nothing to unmap */
		buf->is_page = false;
		buf->skb = NULL;
		buf->xdp_page = NULL;
		buf->xdpf = NULL;
		buf->xsk = 1 + pair->xsk_bad;
		pair->xsk_bad = 0;
		pair->xsk_inflight++;
		desc = (struct inic_tx_desc *)tx->desc + idx;
		memset(desc, 0, sizeof(*desc));
		desc->addr = cpu_to_le64(dma);
		desc->len = cpu_to_le16(d.len);
		desc->cmd = cpu_to_le16(INIC_TXD_CMD_EOP);
		idx = inic_ring_next(idx, tx->size);
		room--;
		inic_xdp_add(&pair->xdp.stats.xsk_tx, 1);
	}
	if (n == budget)
		more = true;
	if (n) {
		xsk_tx_release(pool);
		if (idx != tx->ntu) {
			/* The descriptors before the index (NAPI reads it). */
			smp_store_release(&tx->ntu, idx);
			netif_txq_maybe_stop(txq,
					     inic_ring_unused(READ_ONCE(tx->ntc),
							      tx->ntu, tx->size),
					     tx->stop_thresh, tx->wake_thresh);
			writel(tx->ntu, tx->regs + INIC_RR_TAIL);
			txq_trans_cond_update(txq);
		}
	}
	/* Refused descriptors with nothing in flight before them. */
	if (pair->xsk_bad && !pair->xsk_inflight) {
		xsk_tx_completed(pool, pair->xsk_bad);
		pair->xsk_bad = 0;
	}
	if (xsk_uses_need_wakeup(pool)) {
		if (more)
			xsk_clear_tx_need_wakeup(pool);
		else
			xsk_set_tx_need_wakeup(pool);
	}
	__netif_tx_unlock(txq);
	return more;
}
