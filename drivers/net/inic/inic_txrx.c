// SPDX-License-Identifier: GPL-2.0
/*
 * inic data path: ring setup and teardown, TX, RX with page_pool, NAPI and
 * one-shot interrupt arming.
 */
#include <linux/dma-mapping.h>
#include <linux/etherdevice.h>
#include <linux/interrupt.h>
#include <linux/if_vlan.h>
#include <linux/skbuff.h>
#include <net/tcp.h>
#include <net/netdev_queues.h>
#include <net/page_pool/helpers.h>
#include <net/xdp_sock_drv.h>

#include "inic.h"
#include "inic_toe.h"

static struct device *inic_pair_dev(struct inic_pair *pair)
{
	return &pair->port->idev->pdev->dev;
}

static u32 inic_ring_unused_of(const struct inic_ring *ring)
{
	return inic_ring_unused(READ_ONCE(ring->ntc), READ_ONCE(ring->ntu),
				ring->size);
}

static void inic_ring_arm(struct inic_ring *ring)
{
	writel(inic_int_arm_value(ring->ntc), ring->regs + INIC_RR_INT_ARM);
}

/* ---- TX ---- */

static void inic_tx_unmap(struct device *dev, struct inic_tx_buf *buf)
{
	if (!buf->len)
		return;
	if (buf->is_page)
		dma_unmap_page(dev, buf->dma, buf->len, DMA_TO_DEVICE);
	else
		dma_unmap_single(dev, buf->dma, buf->len, DMA_TO_DEVICE);
	buf->len = 0;
}

/* Offload commands of a frame: the device reads them from its first desc. */
struct inic_tx_offload {
	u16 cmd;
	u16 csum_start;
	u16 csum_offset;
	u16 mss;
	u16 hdr_len;
	u16 vlan_tci;
};

static const struct inic_tx_offload inic_tx_no_offload;

static void inic_tx_put_desc(struct inic_ring *tx, u32 idx, dma_addr_t dma,
			     u32 len, bool eop,
			     const struct inic_tx_offload *off)
{
	struct inic_tx_desc *desc = (struct inic_tx_desc *)tx->desc + idx;

	desc->addr = cpu_to_le64(dma);
	desc->len = cpu_to_le16(len);
	desc->cmd = cpu_to_le16(off->cmd | (eop ? INIC_TXD_CMD_EOP : 0));
	desc->csum_start = cpu_to_le16(off->csum_start);
	desc->csum_offset = cpu_to_le16(off->csum_offset);
	desc->mss = cpu_to_le16(off->mss);
	desc->hdr_len = cpu_to_le16(off->hdr_len);
	desc->vlan_tci = cpu_to_le16(off->vlan_tci);
	desc->status = 0;
	desc->rsvd = 0;
}

static void inic_tx_offload_of(struct sk_buff *skb,
			       struct inic_tx_offload *off)
{
	memset(off, 0, sizeof(*off));
	if (skb->ip_summed == CHECKSUM_PARTIAL) {
		off->cmd |= INIC_TXD_CMD_CSUM;
		off->csum_start = skb_checksum_start_offset(skb);
		off->csum_offset = skb->csum_offset;
	}
	if (skb_is_gso(skb)) {
		off->cmd |= INIC_TXD_CMD_TSO;
		off->mss = skb_shinfo(skb)->gso_size;
		off->hdr_len = skb_tcp_all_headers(skb);
	}
	if (skb_vlan_tag_present(skb)) {
		off->cmd |= INIC_TXD_CMD_VLAN;
		off->vlan_tci = skb_vlan_tag_get(skb);
	}
}

netdev_tx_t inic_start_xmit(struct sk_buff *skb, struct net_device *netdev)
{
	struct inic_port *port = netdev_priv(netdev);
	u16 qid = skb_get_queue_mapping(skb);
	struct inic_pair *pair;
	struct device *dev;
	struct inic_ring *tx;
	struct netdev_queue *txq = netdev_get_tx_queue(netdev, qid);
	u32 nr_frags, need, headlen, idx, first, i, last = 0;
	struct inic_tx_offload off;
	struct inic_tx_buf *buf;
	dma_addr_t dma;
	unsigned int bytes;

	if (unlikely(qid >= port->active)) {
		/* Not after a channel change: queues are stopped during it. */
		dev_kfree_skb_any(skb);
		return NETDEV_TX_OK;
	}
	pair = &port->pairs[qid];
	dev = inic_pair_dev(pair);
	tx = &pair->tx;
	if (unlikely(!tx->tx_buf)) {
		/* Closed pair: never with the queue awake; hold the frame. */
		netif_tx_stop_queue(txq);
		return NETDEV_TX_BUSY;
	}

	if (skb_put_padto(skb, ETH_ZLEN)) {
		WRITE_ONCE(pair->tx_dropped, pair->tx_dropped + 1);
		writel(tx->ntu, tx->regs + INIC_RR_TAIL);
		return NETDEV_TX_OK;
	}
	if (unlikely(skb->len > INIC_TX_MAX_BYTES))
		goto drop;

	nr_frags = skb_shinfo(skb)->nr_frags;
	headlen = skb_headlen(skb);
	need = inic_tx_descs_needed(headlen, nr_frags);
	/* A small ring cannot hold every fragmented frame: linearize. */
	if (unlikely(need > tx->stop_thresh)) {
		if (skb_linearize(skb))
			goto drop;
		nr_frags = 0;
		headlen = skb_headlen(skb);
		need = inic_tx_descs_needed(headlen, nr_frags);
	}
	if (unlikely(!need || need > INIC_TX_MAX_DESCS))
		goto drop;
	inic_tx_offload_of(skb, &off);
	if (unlikely(inic_ring_unused_of(tx) < need)) {
		/* The queue is stopped before this can happen. */
		netif_tx_stop_queue(txq);
		writel(tx->ntu, tx->regs + INIC_RR_TAIL);
		return NETDEV_TX_BUSY;
	}

	first = tx->ntu;
	idx = first;
	if (headlen) {
		dma = dma_map_single(dev, skb->data, headlen, DMA_TO_DEVICE);
		if (dma_mapping_error(dev, dma))
			goto drop;
		buf = &tx->tx_buf[idx];
		buf->dma = dma;
		buf->len = headlen;
		buf->is_page = false;
		buf->skb = NULL;
		inic_tx_put_desc(tx, idx, dma, headlen, !nr_frags, &off);
		last = idx;
		idx = inic_ring_next(idx, tx->size);
	}
	for (i = 0; i < nr_frags; i++) {
		const skb_frag_t *frag = &skb_shinfo(skb)->frags[i];
		u32 len = skb_frag_size(frag);

		if (unlikely(!len))
			goto unmap;	/* the device refuses empty buffers */
		dma = skb_frag_dma_map(dev, frag, 0, len, DMA_TO_DEVICE);
		if (dma_mapping_error(dev, dma))
			goto unmap;
		buf = &tx->tx_buf[idx];
		buf->dma = dma;
		buf->len = len;
		buf->is_page = true;
		buf->skb = NULL;
		inic_tx_put_desc(tx, idx, dma, len, i == nr_frags - 1,
				 idx == first ? &off : &inic_tx_no_offload);
		last = idx;
		idx = inic_ring_next(idx, tx->size);
	}

	bytes = skb->len;
	tx->tx_buf[last].skb = skb;
	skb_tx_timestamp(skb);
	/* Descriptors before the index (NAPI reads it), before the doorbell. */
	smp_store_release(&tx->ntu, idx);

	netif_txq_maybe_stop(txq, inic_ring_unused_of(tx),
			     tx->stop_thresh, tx->wake_thresh);
	if (__netdev_tx_sent_queue(txq, bytes, netdev_xmit_more()))
		writel(tx->ntu, tx->regs + INIC_RR_TAIL);
	return NETDEV_TX_OK;

unmap:
	while (idx != first) {
		idx = (idx - 1) & (tx->size - 1);
		inic_tx_unmap(dev, &tx->tx_buf[idx]);
	}
drop:
	WRITE_ONCE(pair->tx_dropped, pair->tx_dropped + 1);
	dev_kfree_skb_any(skb);
	/* Earlier frames may have deferred their doorbell (xmit_more). */
	writel(tx->ntu, tx->regs + INIC_RR_TAIL);
	return NETDEV_TX_OK;
}

/*
 * The oldest posted TX descriptor once the device has marked it done (its
 * other fields read after DD), else NULL. Pairs with the poster's
 * smp_store_release() of ntu (inic_start_xmit(), inic_xdp_post()).
 */
static inline struct inic_tx_desc *inic_tx_desc_done(struct inic_ring *tx)
{
	struct inic_tx_desc *desc;

	/* ntu published after the descriptors it covers */
	if (tx->ntc == smp_load_acquire(&tx->ntu))
		return NULL;
	desc = (struct inic_tx_desc *)tx->desc + tx->ntc;
	if (!(le16_to_cpu(READ_ONCE(desc->status)) & INIC_TXD_STA_DD))
		return NULL;
	dma_rmb();
	return desc;
}

/* Reclaim descriptors the device marked done. */
static void inic_tx_clean(struct inic_pair *pair, int budget)
{
	struct net_device *netdev = pair->port->netdev;
	struct device *dev = inic_pair_dev(pair);
	struct inic_ring *tx = &pair->tx;
	unsigned int pkts = 0, bytes = 0, xdp = 0, xsk = 0;

	while (inic_tx_desc_done(tx)) {
		struct inic_tx_buf *buf = &tx->tx_buf[tx->ntc];

		if (unlikely(buf->xdp_page || buf->xdpf)) {	/* XDP hook */
			inic_xdp_tx_buf_free(pair, buf, budget);
			xdp++;
		} else if (unlikely(buf->xsk)) {	/* AF_XDP zero-copy */
			xsk += buf->xsk;
			buf->xsk = 0;
			pair->xsk_inflight--;
		}
		inic_tx_unmap(dev, buf);
		if (buf->skb) {
			pkts++;
			bytes += buf->skb->len;
			napi_consume_skb(buf->skb, budget);
			buf->skb = NULL;
		}
		WRITE_ONCE(tx->ntc, inic_ring_next(tx->ntc, tx->size));
	}

	if (unlikely(xsk))
		xsk_tx_completed(pair->xsk_pool, xsk);
	netif_subqueue_completed_wake(netdev, pair->qid, pkts, bytes,
				      inic_ring_unused_of(tx),
				      tx->wake_thresh);
	/* XDP hook: only XDP frames done, which the wake above ignores */
	if (unlikely((xdp || xsk) && !pkts))
		inic_xdp_tx_wake(pair);
}

/* Drop every frame still on the ring (the ring is disabled). */
static void inic_tx_purge(struct inic_pair *pair)
{
	struct device *dev = inic_pair_dev(pair);
	struct inic_ring *tx = &pair->tx;
	u32 i, xsk = 0;

	if (!tx->tx_buf)
		return;
	for (i = 0; i < tx->size; i++) {
		struct inic_tx_buf *buf = &tx->tx_buf[i];

		if (buf->xdp_page || buf->xdpf)	/* XDP hook */
			inic_xdp_tx_buf_free(pair, buf, false);
		if (buf->xsk) {		/* AF_XDP: back to the socket */
			xsk += buf->xsk;
			buf->xsk = 0;
		}
		inic_tx_unmap(dev, buf);
		if (buf->skb) {
			dev_kfree_skb_any(buf->skb);
			buf->skb = NULL;
		}
	}
	xsk += pair->xsk_bad;
	if (xsk)
		xsk_tx_completed(pair->xsk_pool, xsk);
	pair->xsk_inflight = 0;
	pair->xsk_bad = 0;
	tx->ntc = 0;
	tx->ntu = 0;
	netdev_tx_reset_queue(netdev_get_tx_queue(pair->port->netdev,
						  pair->qid));
}

/*
 * The dedicated XDP TX ring (inic_xdp.c posts on it): this pair's NAPI is
 * its only reaper. No queue to wake: a full ring refuses XDP frames.
 */
static void inic_xdp_ring_clean(struct inic_pair *pair, int budget)
{
	struct device *dev = inic_pair_dev(pair);
	struct inic_ring *tx = &pair->xdp_tx;
	struct inic_tx_desc *desc;
	u64 pkts = 0, bytes = 0;

	while ((desc = inic_tx_desc_done(tx))) {
		struct inic_tx_buf *buf = &tx->tx_buf[tx->ntc];

		bytes += buf->len;
		pkts += !!(le16_to_cpu(desc->cmd) & INIC_TXD_CMD_EOP);
		inic_xdp_tx_buf_free(pair, buf, budget);
		inic_tx_unmap(dev, buf);
		WRITE_ONCE(tx->ntc, inic_ring_next(tx->ntc, tx->size));
	}
	if (pkts) {
		WRITE_ONCE(pair->xdp_tx_packets, pair->xdp_tx_packets + pkts);
		WRITE_ONCE(pair->xdp_tx_bytes, pair->xdp_tx_bytes + bytes);
	}
}

static void inic_xdp_ring_purge(struct inic_pair *pair)
{
	struct device *dev = inic_pair_dev(pair);
	struct inic_ring *tx = &pair->xdp_tx;
	u32 i;

	if (!tx->tx_buf)
		return;
	for (i = 0; i < tx->size; i++) {
		inic_xdp_tx_buf_free(pair, &tx->tx_buf[i], false);
		inic_tx_unmap(dev, &tx->tx_buf[i]);
	}
	tx->ntc = 0;
	tx->ntu = 0;
}

/* ---- RX ---- */

static bool inic_rx_post(struct inic_pair *pair, u32 idx)
{
	struct inic_ring *rx = &pair->rx;
	struct inic_rx_desc *desc = (struct inic_rx_desc *)rx->desc + idx;
	struct page *page;

	page = page_pool_dev_alloc_pages(pair->pp);
	if (!page)
		return false;
	rx->rx_buf[idx].page = page;
	memset(desc, 0, sizeof(*desc));
	desc->addr = cpu_to_le64(page_pool_get_dma_addr(page) +
				 pair->rx_headroom);
	desc->buf_len = cpu_to_le16(pair->rx_buf_len);
	return true;
}

/* Post buffers on every free slot and ring the doorbell. */
static bool inic_rx_refill(struct inic_pair *pair)
{
	struct inic_ring *rx = &pair->rx;
	u32 n = inic_ring_unused_of(rx);
	bool ok = true;

	if (pair->xsk_pool)	/* AF_XDP zero-copy: the socket's buffers */
		return inic_xsk_rx_refill(pair);
	if (!n)
		return true;
	while (n--) {
		if (!inic_rx_post(pair, rx->ntu)) {
			WRITE_ONCE(pair->rx_alloc_fail, pair->rx_alloc_fail + 1);
			ok = false;
			break;
		}
		rx->ntu = inic_ring_next(rx->ntu, rx->size);
	}
	writel(rx->ntu, rx->regs + INIC_RR_TAIL);
	return ok;
}

static void inic_rx_drop_partial(struct inic_pair *pair)
{
	if (pair->rx_skb) {
		dev_kfree_skb_any(pair->rx_skb);
		pair->rx_skb = NULL;
	}
}

/* Checksum, hash and VLAN tag from the frame's last descriptor. */
static void inic_rx_meta(struct net_device *netdev, struct sk_buff *skb,
			 const struct inic_rx_desc *desc, u16 status)
{
	netdev_features_t features = netdev->features;
	u16 ptype = le16_to_cpu(desc->pkt_type);
	u32 level;

	if ((features & NETIF_F_RXCSUM) &&
	    inic_rx_csum_state(status) == INIC_RX_CSUM_OK)
		skb->ip_summed = CHECKSUM_UNNECESSARY;
	if (features & NETIF_F_RXHASH) {
		level = inic_rx_hash_level(status, ptype);
		if (level != INIC_RX_HASH_NONE)
			skb_set_hash(skb, le32_to_cpu(desc->rss_hash),
				     (enum pkt_hash_types)level);
	}
	if (status & INIC_RXD_STA_VLAN)
		__vlan_hwaccel_put_tag(skb, htons(ETH_P_8021Q),
				       le16_to_cpu(desc->vlan_tci));
	if (status & INIC_RXD_STA_LRO)
		inic_rx_lro(skb, desc);		/* 1.6: inic_lro.c */
	if (status & INIC_RXD_STA_TOE)
		inic_toe_rx(skb, desc);		/* 1.7: inic_toe.c */
}

/* Hand a received frame to the stack (GRO). */
void inic_rx_deliver(struct inic_pair *pair, struct sk_buff *skb,
		     const struct inic_rx_desc *desc, u16 status)
{
	inic_rx_meta(pair->port->netdev, skb, desc, status);
	/* an offloaded active-backup group: as the bond's active slave */
	skb->protocol = eth_type_trans(skb, inic_port_rx_dev(pair->port));
	skb_record_rx_queue(skb, pair->qid);
	pair->dim_rx_packets++;
	pair->dim_rx_bytes += skb->len;
	/*
	 * A handed-off handshake (inic_toe.c) goes up alone, through
	 * the stack before the next frame: GRO's batched list would
	 * run tc ingress for the handshake's ACK and the request
	 * behind it before TCP made the socket, and both would get
	 * a request socket (the second one is dropped).
	 */
	if (unlikely(status & INIC_RXD_STA_TOE))
		netif_receive_skb(skb);
	else
		napi_gro_receive(&pair->napi, skb);
}

static int inic_rx_poll(struct inic_pair *pair, int budget, bool *alloc_ok)
{
	struct bpf_prog *xdp_prog = READ_ONCE(pair->xdp.prog);
	struct inic_ring *rx = &pair->rx;
	int done = 0;

	if (pair->xsk_pool)	/* AF_XDP zero-copy (inic_xsk.c) */
		return inic_xsk_rx_poll(pair, xdp_prog, budget, alloc_ok);

	while (done < budget && rx->ntc != rx->ntu) {
		struct inic_rx_desc *desc;
		struct inic_rx_buf *buf;
		struct page *page;
		struct sk_buff *skb;
		u32 off, idx;
		u16 status, len;

		if (!inic_rx_desc_take(rx, &idx, &status, &len))
			break;
		desc = (struct inic_rx_desc *)rx->desc + idx;
		buf = &rx->rx_buf[idx];
		page = buf->page;
		buf->page = NULL;

		if (unlikely(!page))
			continue;
		/* The rest of a frame already dropped: skip to its EOP. */
		if (unlikely(pair->rx_discard)) {
			page_pool_recycle_direct(pair->pp, page);
			if (status & INIC_RXD_STA_EOP)
				pair->rx_discard = false;
			continue;
		}
		if (unlikely((status & INIC_RXD_STA_ERR) || !len ||
			     len > pair->rx_buf_len))
			goto drop;
		page_pool_dma_sync_for_cpu(pair->pp, page, 0, len);

		skb = pair->rx_skb;
		off = pair->rx_headroom;
		/* XDP hook: the program sees the frame first (inic_xdp.c) */
		if (xdp_prog && !skb) {
			struct inic_xdp_pass pass;

			switch (inic_xdp_rx(pair, xdp_prog, page, desc, status,
					    len, &pass)) {
			case INIC_XDP_MORE:
				continue;
			case INIC_XDP_CONSUMED:
				done++;
				continue;
			case INIC_XDP_PASS:
				break;
			}
			skb = inic_xdp_build_skb(pair, &pass);
			if (unlikely(!skb))
				continue;
			goto deliver;
		}
		if (!skb) {
			skb = napi_build_skb(page_address(page), PAGE_SIZE);
			if (unlikely(!skb)) {
				WRITE_ONCE(pair->rx_alloc_fail,
					   pair->rx_alloc_fail + 1);
				goto drop;
			}
			skb_mark_for_recycle(skb);
			skb_reserve(skb, off);
			skb_put(skb, len);
			pair->rx_skb = skb;
		} else if (skb_shinfo(skb)->nr_frags < MAX_SKB_FRAGS) {
			skb_add_rx_frag(skb, skb_shinfo(skb)->nr_frags, page,
					pair->rx_headroom, len, PAGE_SIZE);
		} else {
			goto drop;
		}

		if (!(status & INIC_RXD_STA_EOP))
			continue;
		pair->rx_skb = NULL;
deliver:
		inic_rx_deliver(pair, skb, desc, status);
		done++;
		continue;
drop:
		page_pool_recycle_direct(pair->pp, page);
		inic_rx_drop_partial(pair);
		if (!(status & INIC_RXD_STA_EOP))
			pair->rx_discard = true;
	}

	inic_xdp_rx_done(pair);	/* XDP hook */
	*alloc_ok = inic_rx_refill(pair);
	return done;
}

static void inic_rx_purge(struct inic_pair *pair)
{
	struct inic_ring *rx = &pair->rx;
	u32 i;

	inic_rx_drop_partial(pair);
	inic_xdp_rx_purge(pair);	/* XDP hook */
	pair->rx_discard = false;
	if (!rx->rx_buf)
		return;
	for (i = 0; i < rx->size; i++) {
		if (rx->rx_buf[i].page) {
			page_pool_put_full_page(pair->pp, rx->rx_buf[i].page,
						false);
			rx->rx_buf[i].page = NULL;
		}
		if (rx->rx_buf[i].xsk) {	/* AF_XDP zero-copy */
			xsk_buff_free(rx->rx_buf[i].xsk);
			rx->rx_buf[i].xsk = NULL;
		}
	}
	rx->ntc = 0;
	rx->ntu = 0;
}

/* ---- NAPI and interrupts ---- */

static int inic_napi_poll(struct napi_struct *napi, int budget)
{
	struct inic_pair *pair = container_of(napi, struct inic_pair, napi);
	bool alloc_ok = true, more = false;
	int done = 0;

	inic_tx_clean(pair, budget);
	if (pair->xdp_tx_on)	/* the channel's XDP TX ring */
		inic_xdp_ring_clean(pair, budget);
	/* AF_XDP zero-copy: the socket's TX ring onto this one */
	if (pair->xsk_pool)
		more = inic_xsk_xmit(pair, budget);
	if (budget)
		done = inic_rx_poll(pair, budget, &alloc_ok);

	/*
	 * Out of pages, or AF_XDP frames left to send: keep polling rather
	 * than wait for an interrupt.
	 */
	if (done >= budget || !alloc_ok || more)
		return budget;

	if (napi_complete_done(napi, done)) {
		inic_dim_sample(pair);
		inic_ring_arm(&pair->tx);
		inic_ring_arm(&pair->rx);
		if (pair->xdp_tx_on)
			inic_ring_arm(&pair->xdp_tx);
	}
	return done;
}

static irqreturn_t inic_ring_irq(int irq, void *data)
{
	struct inic_pair *pair = data;

	napi_schedule_irqoff(&pair->napi);
	return IRQ_HANDLED;
}

/* ---- Ring pair setup ---- */

static int inic_ring_alloc(struct device *dev, struct inic_ring *ring,
			   u32 size, size_t buf_size)
{
	ring->size = size;
	ring->ntu = 0;
	ring->ntc = 0;
	ring->desc = dma_alloc_coherent(dev, (size_t)size * INIC_DESC_SIZE,
					&ring->desc_dma, GFP_KERNEL);
	if (!ring->desc)
		return -ENOMEM;
	ring->tx_buf = kvcalloc(size, buf_size, GFP_KERNEL);
	if (!ring->tx_buf) {
		dma_free_coherent(dev, (size_t)size * INIC_DESC_SIZE,
				  ring->desc, ring->desc_dma);
		ring->desc = NULL;
		return -ENOMEM;
	}
	ring->buf_bytes = (size_t)size * buf_size;
	inic_mem_add(INIC_MEM_DMA, (size_t)size * INIC_DESC_SIZE);
	inic_mem_add(INIC_MEM_KMEM, ring->buf_bytes);
	return 0;
}

static void inic_ring_free(struct device *dev, struct inic_ring *ring)
{
	if (ring->tx_buf)
		inic_mem_sub(INIC_MEM_KMEM, ring->buf_bytes);
	kvfree(ring->tx_buf);
	ring->tx_buf = NULL;
	if (ring->desc) {
		inic_mem_sub(INIC_MEM_DMA, (size_t)ring->size * INIC_DESC_SIZE);
		dma_free_coherent(dev, (size_t)ring->size * INIC_DESC_SIZE,
				  ring->desc, ring->desc_dma);
	}
	ring->desc = NULL;
}

static void inic_ring_hw_enable(struct inic_pair *pair, struct inic_ring *ring,
				u32 vector)
{
	u32 port = pair->port->id;

	writel(lower_32_bits(ring->desc_dma), ring->regs + INIC_RR_BASE_LO);
	writel(upper_32_bits(ring->desc_dma), ring->regs + INIC_RR_BASE_HI);
	writel(ring->size, ring->regs + INIC_RR_SIZE);
	writel(vector, ring->regs + INIC_RR_VECTOR);
	writel(INIC_RR_CTRL_ENABLE | (port << INIC_RR_CTRL_PORT_SHIFT),
	       ring->regs + INIC_RR_CTRL);
}

static void inic_ring_hw_disable(struct inic_ring *ring)
{
	writel(0, ring->regs + INIC_RR_CTRL);
	/* Flush the posted write: no DMA after this read returns. */
	readl(ring->regs + INIC_RR_STATUS);
}

/* The channel's XDP TX ring: TX only, on the pair's vector (its NAPI). */
static int inic_xdp_ring_open(struct inic_pair *pair)
{
	struct device *dev = inic_pair_dev(pair);
	struct inic_ring *tx = &pair->xdp_tx;
	int err;

	if (!pair->xdp_tx_on)
		return 0;
	err = inic_ring_alloc(dev, tx, pair->port->tx_ring_size,
			      sizeof(struct inic_tx_buf));
	if (err) {
		pair->xdp_tx_on = false;
		return err;
	}
	inic_ring_hw_enable(pair, tx, pair->vector);
	if (!(readl(tx->regs + INIC_RR_STATUS) & INIC_RR_STATUS_ENABLED)) {
		netdev_err(pair->port->netdev,
			   "XDP TX ring %u refused by the device\n",
			   pair->xdp_ring);
		inic_ring_hw_disable(tx);
		inic_ring_free(dev, tx);
		pair->xdp_tx_on = false;
		return -EIO;
	}
	return 0;
}

static int inic_pair_create_pool(struct inic_pair *pair)
{
	struct page_pool_params pp = {
		.flags = PP_FLAG_DMA_MAP | PP_FLAG_DMA_SYNC_DEV,
		.order = 0,
		.pool_size = pair->rx.size,
		.nid = dev_to_node(inic_pair_dev(pair)),
		.dev = inic_pair_dev(pair),
		.napi = &pair->napi,
		.netdev = pair->port->netdev,
		.queue_idx = pair->qid,
		/* XDP_TX sends from the pages it receives in */
		.dma_dir = pair->xdp.prog ? DMA_BIDIRECTIONAL : DMA_FROM_DEVICE,
		.max_len = pair->rx_buf_len,
		.offset = pair->rx_headroom,
	};

	pair->pp = page_pool_create(&pp);
	if (IS_ERR(pair->pp)) {
		int err = PTR_ERR(pair->pp);

		pair->pp = NULL;
		return err;
	}
	inic_mem_add(INIC_MEM_PAGE_POOL, 0);
	return 0;
}

static void inic_pair_pool_destroy(struct inic_pair *pair)
{
	if (!pair->pp)
		return;
	inic_mem_sub(INIC_MEM_PAGE_POOL, 0);
	page_pool_destroy(pair->pp);
	pair->pp = NULL;
}

void inic_pair_init(struct inic_port *port, struct inic_pair *pair, u32 qid)
{
	struct inic_dev *idev = port->idev;

	pair->port = port;
	pair->qid = qid;
	/* A port's or a VNIC's group: contiguous, vector 1 + ring */
	pair->ring = port->first_ring + qid;
	pair->vector = INIC_CORE_MISC_VECTOR + 1 + pair->ring;
	pair->tx.regs = idev->hw + INIC_RING_BASE(pair->ring) + INIC_RING_TX;
	pair->rx.regs = idev->hw + INIC_RING_BASE(pair->ring) + INIC_RING_RX;
	pair->irq = pci_irq_vector(idev->pdev, pair->vector);
	spin_lock_init(&pair->xdp_tx_lock);
	netif_napi_add(port->netdev, &pair->napi, inic_napi_poll);
}

void inic_pair_fini(struct inic_pair *pair)
{
	netif_napi_del(&pair->napi);
}

int inic_pair_open(struct inic_pair *pair)
{
	struct device *dev = inic_pair_dev(pair);
	u32 vector = pair->vector;
	int err;

	inic_xdp_pair_prepare(pair);	/* XDP hook: the buffer layout */
	err = inic_ring_alloc(dev, &pair->tx, pair->port->tx_ring_size,
			      sizeof(struct inic_tx_buf));
	if (err)
		return err;
	inic_tx_thresholds(pair->tx.size, INIC_TX_MAX_FRAME_DESCS,
			   &pair->tx.stop_thresh, &pair->tx.wake_thresh);
	err = inic_ring_alloc(dev, &pair->rx, pair->port->rx_ring_size,
			      sizeof(struct inic_rx_buf));
	if (err)
		goto err_free_tx;
	err = inic_pair_create_pool(pair);
	if (err)
		goto err_free_rx;
	err = inic_xdp_pair_open(pair);	/* XDP hook */
	if (err)
		goto err_pool;

	snprintf(pair->irq_name, sizeof(pair->irq_name), "%s-txrx-%u",
		 pair->port->netdev->name, pair->qid);
	err = request_irq(pair->irq, inic_ring_irq, 0, pair->irq_name, pair);
	if (err)
		goto err_pool;
	pair->irq_requested = true;

	inic_ring_hw_enable(pair, &pair->tx, vector);
	inic_ring_hw_enable(pair, &pair->rx, vector);
	if (!(readl(pair->tx.regs + INIC_RR_STATUS) & INIC_RR_STATUS_ENABLED) ||
	    !(readl(pair->rx.regs + INIC_RR_STATUS) & INIC_RR_STATUS_ENABLED)) {
		netdev_err(pair->port->netdev,
			   "ring pair %u refused by the device\n", pair->ring);
		err = -EIO;
		goto err_hw;
	}
	err = inic_xdp_ring_open(pair);
	if (err)
		goto err_hw;

	/*
	 * Fill RX before NAPI can run: the pool's lockless cache must have
	 * one user at a time. The device may use these buffers from now on;
	 * it interrupts only once the rings are armed below.
	 */
	local_bh_disable();
	inic_rx_refill(pair);
	local_bh_enable();
	inic_dim_open(pair);
	napi_enable(&pair->napi);
	pair->napi_enabled = true;
	netif_queue_set_napi(pair->port->netdev, pair->qid,
			     NETDEV_QUEUE_TYPE_RX, &pair->napi);
	netif_queue_set_napi(pair->port->netdev, pair->qid,
			     NETDEV_QUEUE_TYPE_TX, &pair->napi);
	inic_ring_arm(&pair->tx);
	inic_ring_arm(&pair->rx);
	if (pair->xdp_tx_on)	/* its completions interrupt too */
		inic_ring_arm(&pair->xdp_tx);
	return 0;

err_hw:
	inic_ring_hw_disable(&pair->tx);
	inic_ring_hw_disable(&pair->rx);
	free_irq(pair->irq, pair);
	pair->irq_requested = false;
err_pool:
	inic_xdp_pair_close(pair);	/* XDP hook */
	inic_pair_pool_destroy(pair);
err_free_rx:
	inic_ring_free(dev, &pair->rx);
err_free_tx:
	inic_ring_free(dev, &pair->tx);
	return err;
}

/*
 * Stop the pair's NAPI: no more TX completions, so nothing wakes its TX
 * queue again (a reconfiguration stops the queues, then closes the pairs
 * while the netdev stays up).
 */
void inic_pair_quiesce(struct inic_pair *pair)
{
	if (!pair->napi_enabled)
		return;
	napi_disable(&pair->napi);
	pair->napi_enabled = false;
	inic_dim_close(pair);
}

void inic_pair_close(struct inic_pair *pair)
{
	struct device *dev = inic_pair_dev(pair);

	if (!pair->irq_requested)
		return;
	/* Stop the device first: no more DMA, completions or interrupts. */
	inic_ring_hw_disable(&pair->tx);
	inic_ring_hw_disable(&pair->rx);
	if (pair->xdp_tx_on)
		inic_ring_hw_disable(&pair->xdp_tx);
	free_irq(pair->irq, pair);
	pair->irq_requested = false;
	netif_queue_set_napi(pair->port->netdev, pair->qid,
			     NETDEV_QUEUE_TYPE_RX, NULL);
	netif_queue_set_napi(pair->port->netdev, pair->qid,
			     NETDEV_QUEUE_TYPE_TX, NULL);
	inic_pair_quiesce(pair);

	inic_tx_purge(pair);
	inic_xdp_ring_purge(pair);	/* before the pool: its pages */
	inic_rx_purge(pair);
	inic_xdp_pair_close(pair);	/* XDP hook */
	inic_pair_pool_destroy(pair);
	inic_ring_free(dev, &pair->tx);
	inic_ring_free(dev, &pair->rx);
	inic_ring_free(dev, &pair->xdp_tx);
	pair->xdp_tx_on = false;
}

/* Log the driver's and the device's view of a ring pair (TX timeout). */
void inic_pair_dump(struct inic_pair *pair)
{
	struct net_device *netdev = pair->port->netdev;

	if (!pair->irq_requested)
		return;
	netdev_err(netdev,
		   "ring %u: tx ntc %u ntu %u head %u tail %u status %#x; rx ntc %u ntu %u head %u tail %u status %#x\n",
		   pair->ring, READ_ONCE(pair->tx.ntc), READ_ONCE(pair->tx.ntu),
		   readl(pair->tx.regs + INIC_RR_HEAD),
		   readl(pair->tx.regs + INIC_RR_TAIL),
		   readl(pair->tx.regs + INIC_RR_STATUS),
		   pair->rx.ntc, pair->rx.ntu,
		   readl(pair->rx.regs + INIC_RR_HEAD),
		   readl(pair->rx.regs + INIC_RR_TAIL),
		   readl(pair->rx.regs + INIC_RR_STATUS));
}
