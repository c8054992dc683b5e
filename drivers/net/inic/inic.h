/* SPDX-License-Identifier: GPL-2.0 */
/* inic driver: private structures shared by the C files. */
#ifndef INIC_H
#define INIC_H

#include <linux/dim.h>
#include <linux/ethtool.h>
#include <linux/io.h>
#include <linux/netdevice.h>
#include <linux/pci.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <net/devlink.h>

#include "inic_hw.h"
#include "inic_xdp.h"
#include "policy/dev.h"
#include "policy/ethtool.h"
#include "policy/offload.h"
#include "policy/plan.h"
#include "policy/pool.h"
#include "policy/ring.h"
#include "policy/rss.h"
#include "policy/rxf.h"
#include "policy/stats.h"

#define INIC_DRV_NAME		"inic"
#define INIC_TX_RING_SIZE	256	/* defaults; ethtool -G changes them */
#define INIC_RX_RING_SIZE	256
#define INIC_RESET_TIMEOUT_US	100000
/* Descriptors of a worst-case frame: the head and every fragment. */
#define INIC_TX_MAX_FRAME_DESCS	(MAX_SKB_FRAGS + 1)
/* RX buffers: one page each, the frame at INIC_RX_HEADROOM. */
#define INIC_RX_HEADROOM	(NET_SKB_PAD + NET_IP_ALIGN)
#define INIC_RX_BUF_LEN		(PAGE_SIZE - INIC_RX_HEADROOM - \
				 SKB_DATA_ALIGN(sizeof(struct skb_shared_info)))

struct inic_cls;
struct inic_dev;
struct inic_lag;
struct inic_toe;
struct inic_port;
struct inic_sriov;
struct inic_vf;
struct inic_vnic;
struct dentry;
struct netdev_queue_stats_rx;
struct netdev_queue_stats_tx;
struct xsk_buff_pool;

struct inic_tx_buf {
	struct sk_buff *skb;	/* set on the frame's last descriptor */
	dma_addr_t dma;
	u32 len;
	bool is_page;		/* mapped with skb_frag_dma_map */
	/* XDP (inic_xdp.c): XDP_TX page of the pair's pool, or a frame */
	struct page *xdp_page;
	struct xdp_frame *xdpf;	/* ndo_xdp_xmit, mapped with dma_map_single */
	/* AF_XDP zero-copy (inic_xsk.c): socket frames this completes */
	u16 xsk;
};

struct inic_rx_buf {
	struct page *page;
	struct xdp_buff *xsk;	/* AF_XDP zero-copy: the pool's buffer */
};

struct inic_ring {
	void *desc;		/* struct inic_tx_desc or inic_rx_desc [size] */
	dma_addr_t desc_dma;
	u32 size;
	u32 ntu;		/* next to use: driver's TAIL */
	u32 ntc;		/* next to clean */
	u32 stop_thresh;	/* TX: stop the queue below this many free */
	u32 wake_thresh;	/* TX: wake it at this many */
	void __iomem *regs;	/* the ring's register block */
	union {
		struct inic_tx_buf *tx_buf;
		struct inic_rx_buf *rx_buf;
	};
	size_t buf_bytes;	/* size of tx_buf/rx_buf (the ledger) */
};

/* A ring pair: TX and RX rings with one vector and one NAPI. */
struct inic_pair {
	struct inic_port *port;
	u32 ring;		/* device ring pair index */
	u32 qid;		/* queue index inside the port */
	u32 vector;		/* its MSI-X vector (the pool's) */
	struct inic_ring tx;
	struct inic_ring rx;
	struct napi_struct napi;
	struct page_pool *pp;
	struct sk_buff *rx_skb;	/* frame being assembled over buffers */
	bool rx_discard;	/* dropping buffers up to the next EOP */
	int irq;
	bool irq_requested;
	bool napi_enabled;
	u64 tx_dropped;		/* driver-side drops (mapping errors) */
	u64 rx_alloc_fail;	/* page allocation failures */
	u32 rx_headroom;	/* frame offset in an RX page (XDP: more) */
	u32 rx_buf_len;		/* RX buffer size posted to the device */
	struct inic_pair_xdp xdp;	/* inic_xdp.c */
	/*
	 * The channel's dedicated XDP TX ring (inic_xdp.c): while the port
	 * has a program and the pool had rings for it (xdp_tx_on, set at
	 * open). XDP_TX and ndo_xdp_xmit post on it under xdp_tx_lock, this
	 * pair's NAPI reaps it (its vector is the pair's).
	 */
	struct inic_ring xdp_tx;
	u32 xdp_ring;		/* its device ring index */
	bool xdp_tx_on;
	spinlock_t xdp_tx_lock;	/* posting on xdp_tx, its TAIL */
	u64 xdp_tx_packets;	/* sent on it (NAPI, one writer) */
	u64 xdp_tx_bytes;
	/* their values when the channel last joined the active set */
	u64 xdp_tx_off_packets;
	u64 xdp_tx_off_bytes;
	/*
	 * AF_XDP zero-copy (inic_xsk.c): xsk_zc while a zero-copy socket
	 * is bound to the queue (XDP_SETUP_XSK_POOL, RTNL); xsk_pool is
	 * its pool while the pair is open with a program attached: RX
	 * buffers come from it and its TX ring goes out on this TX ring.
	 */
	bool xsk_zc;
	struct xsk_buff_pool *xsk_pool;
	u32 xsk_inflight;	/* TX descriptors of the socket's frames */
	u32 xsk_bad;		/* refused ones not completed yet */
	char irq_name[IFNAMSIZ + 16];
	/* adaptive RX moderation (inic_dim.c); counters are NAPI-only */
	struct dim dim;
	u64 dim_rx_packets;	/* frames handed to the stack */
	u64 dim_rx_bytes;
	u16 dim_events;
	u64 dim_changes;	/* profile changes written to the ring */
};

/*
 * A vport: the netdev, ring pairs and RSS of a physical port (vnic NULL)
 * or of a VNIC (inic_vnic.c; id is then its physical port, regs NULL:
 * the VNIC's registers are its table entry). The ring/NAPI/TX/RX code
 * (inic_txrx.c) serves both.
 */
struct inic_port {
	struct inic_dev *idev;
	struct net_device *netdev;
	u32 id;
	void __iomem *regs;	/* INIC_PORT_BASE(id) */
	struct inic_vnic *vnic;	/* a VNIC's vport: its VNIC */
	u32 first_ring;
	u32 num_rings;		/* ring pairs the device gives the port */
	u32 active;		/* channels in use: pairs 0..active-1 */
	struct inic_pair *pairs;	/* num_rings */
	u32 tx_ring_size;
	u32 rx_ring_size;
	u32 rx_usecs, rx_frames;	/* interrupt moderation (ethtool -C) */
	u32 tx_usecs, tx_frames;
	bool adaptive_rx;	/* ethtool -C adaptive-rx: DIM (inic_dim.c) */
	u32 rss_indir[INIC_RSS_RETA_SIZE];	/* queue indexes */
	u8 rss_key[INIC_RSS_KEY_SIZE];
	spinlock_t ctrl_lock;	/* PORT_CTRL and the receive filter */
	struct inic_rx_filter rxf;	/* under ctrl_lock */
	bool running;
	bool registered;
	bool dl_registered;	/* dl_port (inic_devlink.c) */
	struct devlink_port dl_port;
	/*
	 * While the port is a member of an offloaded active-backup group:
	 * the netdev its frames are delivered as (the bond's active slave,
	 * inic_lag.c); NULL: its own. READ_ONCE in the RX path.
	 */
	struct net_device *lag_rx;
	struct bpf_prog *xdp_prog;	/* PF: attached program (inic_xdp.c) */
	bool xdp_xmit_ok;	/* rings up: ndo_xdp_xmit may post */
	/*
	 * XDP TX rings (inic_xdp.c): the pool's grant while the port is up
	 * with a program, one ring per active channel; 0: the pool had none
	 * and XDP shares the channels' TX rings (xdp_tx_warned: said once).
	 */
	u32 xdp_tx_first;
	u32 xdp_tx_rings;
	bool xdp_tx_warned;
};

/*
 * The RX descriptor at ntc, if the device is done with it (DD): its index,
 * status and length, and ntc moves past it. False: the device still owns
 * it. Both RX loops (page_pool and AF_XDP zero-copy) start with this.
 */
static inline bool inic_rx_desc_take(struct inic_ring *rx, u32 *idx,
				     u16 *status, u16 *len)
{
	struct inic_rx_desc *desc = (struct inic_rx_desc *)rx->desc + rx->ntc;

	*status = le16_to_cpu(READ_ONCE(desc->status));
	if (!(*status & INIC_RXD_STA_DD))
		return false;
	/* Read len after the DD bit the device wrote last. */
	dma_rmb();
	*len = le16_to_cpu(desc->len);
	*idx = rx->ntc;
	rx->ntc = inic_ring_next(rx->ntc, rx->size);
	return true;
}

/*
 * The netdev a frame received on the port's rings goes up as: the bond's
 * active slave while the port is a member of an offloaded active-backup
 * group (the device delivers the group's frames on LAG_ACTIVE, which can
 * run ahead of bonding: inic_lag.c), else the port's own. RX path.
 */
static inline struct net_device *inic_port_rx_dev(struct inic_port *port)
{
	struct net_device *dev = READ_ONCE(port->lag_rx);

	return dev ? dev : port->netdev;
}

struct inic_dev {
	struct pci_dev *pdev;
	void __iomem *hw;
	u32 version;
	u32 caps;
	struct inic_plan plan;
	/*
	 * PF: every ring pair with a vector; the ports' rings are reserved
	 * at probe, the rest is the VNIC pool (inic_vnic.c). Under RTNL.
	 */
	struct inic_pool pool;
	u32 num_rings;		/* ring pairs with a vector (stats size) */
	/* PF: VNICs by table entry (inic_vnic.c); changed under RTNL */
	struct inic_vnic *vnics[INIC_MAX_VNICS];
	spinlock_t vnic_lock;	/* vnics[] for the misc interrupt */
	struct inic_port *ports[INIC_MAX_PORTS];
	struct inic_stats *stats;	/* C++ core, under stats_lock */
	spinlock_t stats_lock;
	bool misc_irq;
	bool is_vf;			/* a VF function (INIC_FUNC_VF) */
	struct inic_sriov *sriov;	/* PF: its VFs (inic_sriov.c) */
	struct inic_vf *vf;		/* VF: mailbox client (inic_vf.c) */
	struct inic_cls *cls;		/* PF: classifier (inic_cls.c) */
	struct dentry *dbg;		/* PF: inic/<bdf> in debugfs (probe) */
	struct inic_lag *lag;		/* PF: bonding offload (inic_lag.c) */
	struct inic_toe *toe;		/* PF with CAP_TOE: inic_toe.c */
	struct devlink *devlink;	/* PF: pci/<bdf> (inic_devlink.c) */
};

static inline u32 inic_rd(struct inic_dev *idev, u32 reg)
{
	return readl(idev->hw + reg);
}

static inline void inic_wr(struct inic_dev *idev, u32 reg, u32 val)
{
	writel(val, idev->hw + reg);
}

static inline u32 inic_port_rd(struct inic_port *port, u32 reg)
{
	return readl(port->regs + reg);
}

static inline void inic_port_wr(struct inic_port *port, u32 reg, u32 val)
{
	writel(val, port->regs + reg);
}

/* inic_port.c */
int inic_port_create(struct inic_dev *idev, u32 id);
void inic_ports_unregister(struct inic_dev *idev);
void inic_ports_destroy(struct inic_dev *idev);
int inic_port_up(struct inic_port *port);
void inic_port_down(struct inic_port *port);
int inic_port_reconfigure(struct inic_port *port, u32 active, u32 tx_size,
			  u32 rx_size);
void inic_port_update_link(struct inic_port *port);
u32 inic_ports_link(struct inic_dev *idev);
void inic_port_write_ctrl(struct inic_port *port);
void inic_port_write_mac(struct inic_port *port, const u8 *mac);
void inic_port_write_offload(struct inic_port *port,
			     netdev_features_t features);
void inic_port_write_rss(struct inic_port *port);
void inic_port_write_itr(struct inic_port *port);
void inic_port_set_rx_mode(struct inic_port *port);
void inic_port_read_stats(struct inic_port *port);
void inic_port_read_ring_stats(struct inic_port *port, u32 q);
void inic_port_ring_view(struct inic_port *port, u32 q, u64 *tx, u64 *rx);
void inic_port_base_stats(struct inic_port *port, u64 *tx, u64 *rx);
u32 inic_port_offloads(struct inic_dev *idev, netdev_features_t features);
void inic_port_set_features(struct inic_port *port);

/* inic_dim.c: adaptive RX interrupt moderation */
void inic_dim_open(struct inic_pair *pair);
void inic_dim_close(struct inic_pair *pair);
void inic_dim_sample(struct inic_pair *pair);
void inic_dim_rx_itr(struct inic_pair *pair, u32 *usecs, u32 *pkts);

/* inic_netdev.c */
void inic_set_netdev_ops(struct net_device *netdev);
void inic_fill_qstats_rx(struct netdev_queue_stats_rx *s, const u64 *rx);
void inic_fill_qstats_tx(struct netdev_queue_stats_tx *s, const u64 *tx);
struct inic_port *inic_port_of(const struct net_device *netdev);

/* inic_irq.c */
int inic_misc_irq_init(struct inic_dev *idev);
void inic_misc_irq_quiesce(struct inic_dev *idev);
void inic_misc_irq_free(struct inic_dev *idev);
void inic_misc_irq_rearm(struct inic_dev *idev);

/* inic_pci.c */
int inic_dev_reset_recover(struct inic_dev *idev);

/* inic_txrx.c */
int inic_pair_open(struct inic_pair *pair);
void inic_pair_close(struct inic_pair *pair);
void inic_pair_quiesce(struct inic_pair *pair);
void inic_pair_init(struct inic_port *port, struct inic_pair *pair, u32 qid);
void inic_pair_fini(struct inic_pair *pair);
void inic_pair_dump(struct inic_pair *pair);
netdev_tx_t inic_start_xmit(struct sk_buff *skb, struct net_device *netdev);
void inic_rx_deliver(struct inic_pair *pair, struct sk_buff *skb,
		     const struct inic_rx_desc *desc, u16 status);

/* inic_lro.c (1.6): a large receive (RXD STA_LRO) as a GSO skb */
void inic_rx_lro(struct sk_buff *skb, const struct inic_rx_desc *desc);

/* inic_mem.c: the memory ledger (debugfs inic/memory). */
enum inic_mem_kind {
	INIC_MEM_KMEM,		/* kmalloc family, C and C++ (operator new) */
	INIC_MEM_DMA,		/* coherent DMA: descriptor rings */
	INIC_MEM_PAGE_POOL,	/* page pools (counted as objects) */
	INIC_MEM_NETDEV,	/* net_devices (counted as objects) */
	INIC_MEM_KINDS,
};

void inic_mem_add(enum inic_mem_kind kind, size_t bytes);
void inic_mem_sub(enum inic_mem_kind kind, size_t bytes);
long inic_mem_live(enum inic_mem_kind kind);
void inic_mem_debugfs(struct dentry *root);
void inic_mem_check_exit(void);

/* inic_debugfs.c: module init/exit, the root /sys/kernel/debug/inic. */
void inic_debugfs_init(void);
void inic_debugfs_exit(void);
/* The device's directory under the root, or NULL without debugfs. */
struct dentry *inic_debugfs_dev_dir(struct inic_dev *idev);
/* The classifier's file and LAG's directory in it, or NULL (their init). */
struct dentry *inic_debugfs_cls(struct inic_dev *idev);
struct dentry *inic_debugfs_lag(struct inic_dev *idev, bool *fail_next);

/* inic_devlink.c: the PF's devlink instance and its physical ports. */
int inic_devlink_alloc(struct inic_dev *idev);
void inic_devlink_free(struct inic_dev *idev);
int inic_devlink_port_add(struct inic_port *port);
void inic_devlink_port_del(struct inic_port *port);
void inic_devlink_register(struct inic_dev *idev);
void inic_devlink_unregister(struct inic_dev *idev);
int inic_devlink_sf_driver_register(void);
void inic_devlink_sf_driver_unregister(void);

/* inic_ethtool.c */
void inic_set_ethtool_ops(struct net_device *netdev);
int inic_rxfh_check(struct inic_port *port,
		    const struct ethtool_rxfh_param *rxfh,
		    struct netlink_ext_ack *extack);

#endif /* INIC_H */
