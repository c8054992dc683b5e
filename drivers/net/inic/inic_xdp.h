/* SPDX-License-Identifier: GPL-2.0 */
/*
 * inic native XDP on PF ports and VNICs (inic_xdp.c): ndo_bpf, the RX
 * hook, XDP_TX and ndo_xdp_xmit on the channel's XDP TX ring, the metadata
 * kfuncs and the per-ring XDP counters. Documentation/driver.rst, "XDP".
 */
#ifndef INIC_XDP_H
#define INIC_XDP_H

#include <linux/netdevice.h>
#include <linux/types.h>
#include <net/xdp.h>

struct bpf_prog;
struct ethtool_stats;
struct inic_pair;
struct inic_port;
struct inic_rx_desc;
struct inic_tx_buf;
struct page;
struct xsk_buff_pool;

/* Per-ring XDP counters (ethtool -S queue_N_xdp_*), written by one CPU. */
struct inic_xdp_stats {
	u64 packets;		/* frames the program ran on */
	u64 pass;
	u64 drop;		/* XDP_DROP verdicts */
	u64 tx;			/* XDP_TX frames queued (XDP TX ring) */
	u64 tx_errors;		/* XDP_TX frames dropped: ring full */
	u64 redirect;
	u64 redirect_errors;
	u64 aborted;		/* XDP_ABORTED and unknown verdicts */
	u64 frags;		/* multi-buffer frames a frags program ran on */
	u64 frags_drop;		/* multi-buffer frames, program without frags */
	u64 xmit;		/* ndo_xdp_xmit frames queued on this ring */
	u64 xmit_errors;	/* ndo_xdp_xmit frames refused: ring full, DMA */
	u64 xsk_tx;		/* AF_XDP zero-copy frames sent (TX ring) */
	u64 xsk_tx_invalid;	/* ... refused: shorter than a header */
};

/* The XDP state of a ring pair (struct inic_pair.xdp). */
struct inic_pair_xdp {
	struct bpf_prog *prog;	/* the port's, from open; READ_ONCE in NAPI */
	struct xdp_rxq_info rxq;
	bool rxq_registered;
	bool tx_pending;	/* XDP_TX frames posted, doorbell not rung */
	bool redirected;	/* xdp_do_flush() due at the end of the poll */
	/* A multi-buffer frame being gathered for an xdp.frags program */
	bool mb_open;
	struct xdp_buff mb;
	struct inic_xdp_stats stats;
};

/* A counter of struct inic_xdp_stats: one writer, lockless readers. */
static inline void inic_xdp_add(u64 *ctr, u64 n)
{
	WRITE_ONCE(*ctr, *ctr + n);
}

/*
 * The program's context: the kfuncs find the RX descriptor behind it. An
 * AF_XDP zero-copy buffer holds the two fields in its driver area
 * (struct xdp_buff_xsk's cb, XSK_CHECK_PRIV_TYPE).
 */
struct inic_xdp_buff {
	struct xdp_buff xdp;	/* first: the kfuncs get it as the xdp_md */
	const struct inic_rx_desc *desc;
	u16 status;
};

/* What inic_xdp_rx() did with a buffer. */
enum inic_xdp_verdict {
	INIC_XDP_PASS,		/* build the skb that struct inic_xdp_pass says */
	INIC_XDP_CONSUMED,	/* dropped, transmitted or redirected */
	INIC_XDP_MORE,		/* kept: the frame goes on in the next buffer */
};

/* A frame the program passed: head page and its frags (in the page's tail). */
struct inic_xdp_pass {
	struct page *page;	/* the head buffer's page */
	u32 off;		/* the frame's offset in it */
	u32 len;		/* bytes in the head buffer */
	u32 meta;		/* metadata bytes in front of the frame */
	u32 nr_frags;		/* buffers after the head */
	u32 frags_len;		/* their bytes */
	bool pfmemalloc;
};

void inic_xdp_port_init(struct inic_port *port);
int inic_xdp_bpf(struct net_device *netdev, struct netdev_bpf *bpf);
int inic_xdp_xmit(struct net_device *netdev, int n, struct xdp_frame **frames,
		  u32 flags);
int inic_xdp_check_mtu(struct inic_port *port, int mtu);
netdev_features_t inic_xdp_fix_features(struct inic_port *port,
					netdev_features_t features);

/* Ring pair hooks (inic_txrx.c). */
void inic_xdp_pair_prepare(struct inic_pair *pair);
int inic_xdp_pair_open(struct inic_pair *pair);
void inic_xdp_pair_close(struct inic_pair *pair);
enum inic_xdp_verdict inic_xdp_rx(struct inic_pair *pair,
				  struct bpf_prog *prog, struct page *page,
				  const struct inic_rx_desc *desc, u16 status,
				  u32 len, struct inic_xdp_pass *pass);
struct sk_buff *inic_xdp_build_skb(struct inic_pair *pair,
				   const struct inic_xdp_pass *pass);
void inic_xdp_rx_purge(struct inic_pair *pair);
void inic_xdp_rx_done(struct inic_pair *pair);
void inic_xdp_tx_buf_free(struct inic_pair *pair, struct inic_tx_buf *buf,
			  bool napi);
void inic_xdp_tx_wake(struct inic_pair *pair);
int inic_xdp_tx_frame(struct inic_pair *pair, struct xdp_frame *xdpf);
/* Port hooks (inic_port.c): ndo_xdp_xmit on or off. */
void inic_xdp_port_up(struct inic_port *port);
void inic_xdp_port_down(struct inic_port *port);
/* Port hooks (inic_port.c): the XDP TX rings' grant from the pool. */
void inic_xdp_port_rings_get(struct inic_port *port);
void inic_xdp_port_rings_put(struct inic_port *port);

/* ethtool -S (inic_ethtool.c). */
int inic_xdp_sset_count(struct inic_port *port);
void inic_xdp_get_strings(struct inic_port *port, u8 **data);
void inic_xdp_get_stats(struct inic_port *port, u64 **data);
void inic_xdp_tx_view(struct inic_port *port, u32 q, u64 *pkts, u64 *bytes);
void inic_xdp_tx_base(struct inic_port *port, u64 *pkts, u64 *bytes);
void inic_xdp_tx_totals(struct inic_port *port, u64 *pkts, u64 *bytes);
void inic_xdp_channels_changed(struct inic_port *port, u32 old_active,
			       u32 new_active);

/* AF_XDP zero-copy (inic_xsk.c). Documentation/driver.rst, "AF_XDP". */
int inic_xsk_pool_setup(struct inic_port *port, struct xsk_buff_pool *pool,
			u16 qid, struct netlink_ext_ack *extack);
int inic_xsk_wakeup(struct net_device *netdev, u32 qid, u32 flags);
int inic_xsk_check_mtu(struct inic_port *port, int mtu);
void inic_xsk_pair_prepare(struct inic_pair *pair);
bool inic_xsk_rx_refill(struct inic_pair *pair);
int inic_xsk_rx_poll(struct inic_pair *pair, struct bpf_prog *prog,
		     int budget, bool *alloc_ok);
bool inic_xsk_xmit(struct inic_pair *pair, int budget);

#endif /* INIC_XDP_H */
