/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * inic hardware ABI: registers, descriptors, interrupt causes, error codes.
 *
 * The one source of truth shared by the QEMU device model (qemu-device/),
 * the Linux driver (drivers/net/inic/) and the qtests. Documented in
 * Documentation/hw-reference.rst; a change here is a change there.
 *
 * All registers are little-endian, 32 bits wide unless marked 64 (counters,
 * read with one 8-byte access). Descriptors are little-endian in guest
 * memory. Include <stdint.h> (user space, QEMU) or <linux/types.h> (kernel
 * C) first; kernel C++ gets the fixed-width types from the driver's own
 * freestanding header.
 */
#ifndef INIC_HW_H
#define INIC_HW_H

#if defined(__KERNEL__) && !defined(__cplusplus)
#include <linux/types.h>
#elif !defined(__KERNEL__)
#include <stdint.h>
#endif

/* ABI version: major changes break compatibility, minor ones add. */
#define INIC_ABI_MAJOR		1
#define INIC_ABI_MINOR		9
#define INIC_ABI_VERSION	((INIC_ABI_MAJOR << 16) | INIC_ABI_MINOR)

/* PCI identity (0x1234 is the vendor ID QEMU's test devices use). */
#define INIC_PCI_VENDOR_ID	0x1234
#define INIC_PCI_DEVICE_PF	0x1a1c
#define INIC_PCI_DEVICE_VF	0x1a1d
#define INIC_PCI_REVISION	0x01

/* BARs. */
#define INIC_BAR_REGS		0	/* registers below, 64-bit memory BAR */
#define INIC_BAR_REGS_SIZE	0x20000
#define INIC_BAR_MSIX		4	/* MSI-X table and PBA */

/* Limits. */
#define INIC_MAX_PORTS		8
#define INIC_MAX_RINGS		256	/* ring pairs per function */
#define INIC_MAX_VECTORS	(1 + INIC_MAX_RINGS)
#define INIC_RING_MIN		16	/* entries; sizes are powers of two */
#define INIC_RING_MAX		4096
#define INIC_MAX_MTU		9000
#define INIC_MIN_MTU		68
#define INIC_MAX_FRAME		(INIC_MAX_MTU + 14 + 4)	/* + Ethernet + VLAN */
#define INIC_TX_MAX_DESCS	64	/* descriptors in one TX packet */
#define INIC_RX_MAX_DESCS	64	/* descriptors one received frame
					 * may use (1.2)
					 */
#define INIC_TX_MAX_BYTES	65536	/* bytes in one TX packet (TSO) */
#define INIC_LRO_MAX_LEN	65535	/* 1.6: PORT_LRO_MAX limit */
#define INIC_LRO_MIN_LEN	2048	/* 1.6: smallest PORT_LRO_MAX */
#define INIC_ERR_CODES		32
/* ABI 1.1 */
#define INIC_RSS_KEY_SIZE	40	/* bytes of the Toeplitz key */
#define INIC_RSS_RETA_SIZE	128	/* indirection table entries */
#define INIC_UC_FILTERS		16	/* extra unicast MACs per port */
#define INIC_MC_HASH_BITS	4096	/* multicast hash filter bits */
#define INIC_TSO_MAX_SEGS	1024	/* segments of one TSO frame */
#define INIC_ITR_MAX_USECS	65535
/* ABI 1.2 */
#define INIC_MAX_VFS		32	/* TotalVFs limit (QEMU property vfs) */
#define INIC_VF_MAX_RINGS	16	/* ring pairs one VF can be given */
#define INIC_VF_VECTORS		(1 + INIC_VF_MAX_RINGS)	/* VF MSI-X table */
#define INIC_VF_RING_POOL	256	/* max VF pool: min(256, 16 * TotalVFs) */
#define INIC_VF_BAR_MSIX_SIZE	0x1000	/* VF BAR4: table 0, PBA 0x800 */
#define INIC_VF_OFFSET		0x80	/* SR-IOV First VF Offset */
#define INIC_VF_STRIDE		1	/* SR-IOV VF Stride */
/* ABI 1.3: classifier */
#define INIC_CLS_EXACT_RULES	65536	/* exact table entries */
#define INIC_CLS_MASKED_RULES	1024	/* masked table entries */
#define INIC_CLS_EXACT_MASKS	16	/* distinct masks in the exact table */
#define INIC_CLS_RSS_CONTEXTS	8	/* RSS contexts of the PF */
/* ABI 1.4: link aggregation */
#define INIC_LAG_GROUPS		1	/* one group of member ports */
/* ABI 1.7: TOE connection handoff */
#define INIC_TOE_LISTENERS	16	/* listener table entries */
/* ABI 1.8: VNICs */
#define INIC_MAX_VNICS		64	/* VNIC table entries (all ports) */
#define INIC_VNIC_MAX_RINGS	16	/* ring pairs of one VNIC */

/* ---- Global registers (0x0000 - 0x0fff) ---- */
#define INIC_REG_ID		0x0000	/* RO: INIC_ID_MAGIC */
#define INIC_REG_VERSION	0x0004	/* RO: INIC_ABI_VERSION */
#define INIC_REG_CAPS		0x0008	/* RO: INIC_CAP_* */
#define INIC_REG_FUNC		0x000c	/* RO: INIC_FUNC_* */
#define INIC_REG_NUM_PORTS	0x0010	/* RO: ports of the device */
#define INIC_REG_NUM_RINGS	0x0014	/* RO: ring pairs of this function */
#define INIC_REG_NUM_VECTORS	0x0018	/* RO: MSI-X vectors of this function */
#define INIC_REG_RINGS_PER_PORT	0x001c	/* RO: default rings per port */
#define INIC_REG_CTRL		0x0020	/* RW: INIC_CTRL_* */
#define INIC_REG_STATUS		0x0024	/* RO: INIC_STATUS_* */
#define INIC_REG_SCRATCH	0x0028	/* RW: no effect, for MMIO tests */
#define INIC_REG_MISC_CAUSE	0x0030	/* RW1C: INIC_MISC_* pending */
#define INIC_REG_MISC_MASK	0x0034	/* RW: INIC_MISC_* enabled */
#define INIC_REG_MISC_VECTOR	0x0038	/* RW: MSI-X vector of misc causes */
#define INIC_REG_ERR_TOTAL	0x0040	/* RO: errors detected, all codes */
#define INIC_REG_ERR_LAST	0x0044	/* RO: code of the last error */
#define INIC_REG_ERR_INFO	0x0048	/* RO: ring or offset of last error */
#define INIC_REG_ERR_COUNT(c)	(0x0100 + 4 * (c))	/* RO: per code */
/* ABI 1.1: limits of the 1.1 features, read-only. */
#define INIC_REG_RSS_KEY_SIZE	0x0050	/* RO: INIC_RSS_KEY_SIZE */
#define INIC_REG_RSS_RETA_SIZE	0x0054	/* RO: INIC_RSS_RETA_SIZE */
#define INIC_REG_UC_FILTERS	0x0058	/* RO: INIC_UC_FILTERS */
#define INIC_REG_TSO_MAX_SEGS	0x005c	/* RO: INIC_TSO_MAX_SEGS */
/* ABI 1.2: SR-IOV (PF: values below; VF: 0). */
#define INIC_REG_TOTAL_VFS	0x0060	/* RO: TotalVFs of the device */
#define INIC_REG_NUM_VFS	0x0064	/* RO: VFs enabled (SR-IOV NumVFs) */
#define INIC_REG_VF_RING_POOL	0x0068	/* RO: INIC_VF_RING_POOL */
#define INIC_REG_MBOX_PENDING	0x006c	/* RW1C: bit v: VF v posted a request */
#define INIC_REG_VF_EVENTS	0x0070	/* RW1C: bit v: VF v status changed */

#define INIC_ID_MAGIC		0x494e4943	/* "INIC" */

#define INIC_CAP_MQ		(1u << 0)	/* several rings per port */
#define INIC_CAP_RSS		(1u << 1)
#define INIC_CAP_TX_CSUM	(1u << 2)
#define INIC_CAP_RX_CSUM	(1u << 3)
#define INIC_CAP_TSO		(1u << 4)
#define INIC_CAP_VLAN		(1u << 5)
#define INIC_CAP_SRIOV		(1u << 6)
#define INIC_CAP_ESWITCH	(1u << 7)
#define INIC_CAP_LAG		(1u << 8)	/* 1.4: LAG block at 0x7800 */
#define INIC_CAP_CLS		(1u << 9)
#define INIC_CAP_TOE		(1u << 10)	/* 1.7: TOE block at 0x7900 */
#define INIC_CAP_SHAPER		(1u << 11)
#define INIC_CAP_RING_STATS	(1u << 12)
#define INIC_CAP_INT_ARM	(1u << 13)
#define INIC_CAP_ITR		(1u << 14)	/* 1.1: interrupt moderation */
#define INIC_CAP_RX_FILTER	(1u << 15)	/* 1.1: UC table, MC hash */
#define INIC_CAP_LRO		(1u << 16)	/* 1.6: large receive of a
						 * backend's GSO frames
						 */
#define INIC_CAP_VNIC		(1u << 17)	/* 1.8: VNIC table at 0xc000 */
#define INIC_CAP_CLS_VNIC	(1u << 18)	/* 1.9: CLS action/mirror VNIC */

#define INIC_FUNC_VF		(1u << 31)	/* this function is a VF */
#define INIC_FUNC_VF_INDEX(v)	((v) & 0xffff)

#define INIC_CTRL_RESET		(1u << 0)	/* self-clearing function reset */

#define INIC_STATUS_BUS_MASTER	(1u << 0)	/* bus mastering is enabled */

#define INIC_MISC_LINK		(1u << 0)	/* a port's link changed */
#define INIC_MISC_ERROR		(1u << 1)	/* an error was counted */
#define INIC_MISC_MBOX		(1u << 2)	/* mailbox (SR-IOV) */
#define INIC_MISC_LAG		(1u << 3)	/* 1.4: LAG moved traffic */
#define INIC_MISC_ALL		0xfu
/*
 * 1.2: MISC_MBOX on the PF: a bit of MBOX_PENDING or VF_EVENTS became set;
 * on a VF: the PF posted a reply or message (VF MBOX_CTRL.REPLY).
 */

/* Error codes, counted in INIC_REG_ERR_COUNT(code). */
enum inic_err {
	INIC_ERR_NONE = 0,
	INIC_ERR_BAD_REG,	/* access to an undefined offset */
	INIC_ERR_BAD_RING_CFG,	/* enable with bad base, size or port */
	INIC_ERR_DESC_DMA,	/* descriptor read or write-back failed */
	INIC_ERR_BUF_DMA,	/* packet buffer read or write failed */
	INIC_ERR_BAD_DESC,	/* zero length, chain too long, frame too big */
	INIC_ERR_BAD_VECTOR,	/* vector number beyond the MSI-X table */
	INIC_ERR_BAD_TAIL,	/* tail index >= ring size */
	INIC_ERR_BAD_VALUE,	/* other register value out of range */
	INIC_ERR_BAD_OFFLOAD,	/* 1.1: CSUM/TSO request the frame cannot
				 * satisfy (offsets, mss, headers)
				 */
	INIC_ERR_REENTRANT,	/* 1.2: register access that arrived while
				 * the device was busy with its own DMA or
				 * interrupt (refused: write ignored, read 0)
				 */
	INIC_ERR_CLS,		/* 1.3: classifier command refused as badly
				 * formed (bad command, index, field or
				 * action); ERR_INFO = CLS_RESULT
				 */
	INIC_ERR__COUNT
};

/* ---- Port registers: 0x1000 + port * 0x100 ---- */
#define INIC_PORT_BASE(p)	(0x1000 + 0x100 * (p))
#define INIC_PORT_STATUS	0x00	/* RO: INIC_PORT_STATUS_* */
#define INIC_PORT_SPEED		0x04	/* RO: Mbit/s */
#define INIC_PORT_MAC_LO	0x08	/* RW: station MAC bytes 0-3 */
#define INIC_PORT_MAC_HI	0x0c	/* RW: station MAC bytes 4-5 */
#define INIC_PORT_CTRL		0x10	/* RW: INIC_PORT_CTRL_* */
#define INIC_PORT_MTU		0x14	/* RW: MTU, INIC_MIN_MTU..INIC_MAX_MTU */
#define INIC_PORT_RX_RING	0x18	/* RW: ring that receives this port */
#define INIC_PORT_LINK_EVENTS	0x1c	/* RO: link changes seen */
#define INIC_PORT_PERM_MAC_LO	0x20	/* RO: permanent MAC bytes 0-3 */
#define INIC_PORT_PERM_MAC_HI	0x24	/* RO: permanent MAC bytes 4-5 */
#define INIC_PORT_OFFLOAD	0x2c	/* RW 1.1: INIC_PORT_OFFLOAD_* */
#define INIC_PORT_RSS_CTRL	0x30	/* RW 1.1: INIC_RSS_* */
#define INIC_PORT_LRO_MAX	0x34	/* RW 1.6: bytes of a large receive,
					 * 0 = INIC_LRO_MAX_LEN
					 */
#define INIC_PORT_STATS		0x40	/* RO: 64-bit counters, enum below */

#define INIC_PORT_STATUS_LINK	(1u << 0)

#define INIC_PORT_CTRL_RX_EN	(1u << 0)
#define INIC_PORT_CTRL_TX_EN	(1u << 1)
#define INIC_PORT_CTRL_PROMISC	(1u << 2)
#define INIC_PORT_CTRL_ALLMULTI	(1u << 3)
#define INIC_PORT_CTRL_MC_FILTER	(1u << 4)	/* 1.1: multicast must hit
						 * MC_HASH (or ALLMULTI)
						 */

/* PORT_OFFLOAD (1.1): an offload needs its bit here and its command. */
#define INIC_PORT_OFFLOAD_TX_CSUM	(1u << 0)	/* TXD CMD_CSUM */
#define INIC_PORT_OFFLOAD_RX_CSUM	(1u << 1)	/* RXD STA_CSUM_* */
#define INIC_PORT_OFFLOAD_TSO		(1u << 2)	/* TXD CMD_TSO */
#define INIC_PORT_OFFLOAD_VLAN_INSERT	(1u << 3)	/* TXD CMD_VLAN */
#define INIC_PORT_OFFLOAD_VLAN_STRIP	(1u << 4)	/* RXD STA_VLAN */
#define INIC_PORT_OFFLOAD_LRO		(1u << 5)	/* 1.6: RXD STA_LRO (with
							 * RX_CSUM)
							 */
#define INIC_PORT_OFFLOAD_ALL		0x3fu

/* PORT_RSS_CTRL (1.1). */
#define INIC_RSS_ENABLE		(1u << 0)
#define INIC_RSS_HASH_IPV4	(1u << 8)	/* src, dst address */
#define INIC_RSS_HASH_TCP_IPV4	(1u << 9)	/* + src, dst port */
#define INIC_RSS_HASH_UDP_IPV4	(1u << 10)
#define INIC_RSS_HASH_IPV6	(1u << 11)
#define INIC_RSS_HASH_TCP_IPV6	(1u << 12)
#define INIC_RSS_HASH_UDP_IPV6	(1u << 13)
#define INIC_RSS_HASH_ALL	(0x3fu << 8)

enum inic_port_stat {
	INIC_PSTAT_RX_PKTS = 0,
	INIC_PSTAT_RX_BYTES,
	INIC_PSTAT_TX_PKTS,
	INIC_PSTAT_TX_BYTES,
	INIC_PSTAT_RX_DROPS,	/* all receive drops, any cause */
	INIC_PSTAT_RX_DROP_FILTER,
	INIC_PSTAT_RX_ERRORS,
	INIC_PSTAT_TX_ERRORS,
	INIC_PSTAT_RX_VNET_ERRORS,	/* 1.5: frames dropped for a bad
					 * virtio-net header from the backend
					 */
	INIC_PSTAT__COUNT
};
#define INIC_PORT_STAT(s)	(INIC_PORT_STATS + 8 * (s))

/* ---- Mailbox (SR-IOV): 0x3000 - 0x3fff, reserved in ABI 1.0 ---- */
#define INIC_MBOX_BASE		0x3000

/*
 * ABI 1.2. PF view: one 128-byte slot per VF at INIC_MBOX_PF_SLOT(v):
 * +0x00 REQ (16 regs, RO: the VF's last request), +0x40 REPLY (16 regs,
 * RW: the PF's message to the VF). Doorbells: INIC_VF_MBOX_CTRL in the VF
 * table. VF view (its own BAR): +0x00 REQ (RW), +0x40 REPLY (RO),
 * +0x80 MBOX_CTRL.
 */
#define INIC_MBOX_MSG_SIZE	64	/* bytes per message, header included */
#define INIC_MBOX_MSG_REGS	(INIC_MBOX_MSG_SIZE / 4)
#define INIC_MBOX_MAX_PAYLOAD	(INIC_MBOX_MSG_SIZE - 4)
#define INIC_MBOX_PF_SLOT(v)	(INIC_MBOX_BASE + 0x80 * (v))
#define INIC_MBOX_REQ		0x00
#define INIC_MBOX_REPLY		0x40
#define INIC_MBOX_VF_CTRL	0x80	/* VF BAR: INIC_MBOX_VF_CTRL_* */

/* VF MBOX_CTRL: write 1 to act, read for status. */
#define INIC_MBOX_VF_CTRL_REQ	(1u << 0)	/* W: send REQ; R: not yet
						 * acknowledged by the PF
						 */
#define INIC_MBOX_VF_CTRL_ACK	(1u << 1)	/* W: reply consumed; R: the PF
						 * acknowledged the last REQ
						 */
#define INIC_MBOX_VF_CTRL_REPLY	(1u << 2)	/* R: a PF message is waiting */
#define INIC_MBOX_VF_CTRL_REFUSED (1u << 3)	/* R: last doorbell refused
						 * (busy or bad length)
						 */

/*
 * Message header (word 0 of REQ and REPLY). The device checks only LEN
 * (<= INIC_MBOX_MAX_PAYLOAD); the PF driver validates everything else.
 */
#define INIC_MBOX_HDR_OP(h)	((h) & 0xffu)
#define INIC_MBOX_HDR_VER(h)	(((h) >> 8) & 0xffu)
#define INIC_MBOX_HDR_LEN(h)	(((h) >> 16) & 0xffu)
#define INIC_MBOX_HDR_SEQ(h)	(((h) >> 24) & 0xfu)
#define INIC_MBOX_HDR_NACK	(1u << 30)	/* reply: refused, payload
						 * word 0 = positive errno
						 */
#define INIC_MBOX_HDR_REPLY	(1u << 31)	/* PF to VF message */
#define INIC_MBOX_HDR(op, len, seq) \
	((uint32_t)(op) | ((uint32_t)INIC_MBOX_VERSION << 8) | \
	 ((uint32_t)(len) << 16) | (((uint32_t)(seq) & 0xfu) << 24))
#define INIC_MBOX_VERSION	1

/* Messages (protocol version 1); payloads in hw-reference.rst. */
enum inic_mbox_op {
	INIC_MBOX_OP_HELLO = 0x01,	/* VF -> PF: versions; reply: version */
	INIC_MBOX_OP_GET_MAC = 0x02,	/* reply: 6 bytes MAC */
	INIC_MBOX_OP_SET_MC = 0x03,	/* n, flags, n x 6 bytes */
	INIC_MBOX_OP_SET_MTU = 0x04,	/* u32 MTU */
	INIC_MBOX_OP_GET_RINGS = 0x05,	/* reply: u32 rings, u32 vectors */
	INIC_MBOX_OP_GET_LINK = 0x06,	/* reply: u32 up, u32 Mbit/s */
	INIC_MBOX_OP_RESET = 0x07,	/* the VF driver (re)starts */
	INIC_MBOX_OP_LINK_EVENT = 0x80,	/* PF -> VF, unsolicited: as GET_LINK */
	INIC_MBOX_OP_MAC_EVENT = 0x81,	/* PF -> VF, unsolicited: new MAC */
};
#define INIC_MBOX_MC_MAX	9	/* addresses in one SET_MC */
#define INIC_MBOX_MC_ALLMULTI	(1u << 0)	/* SET_MC flags */
#define INIC_MBOX_MC_APPEND	(1u << 1)	/* add to the previous list */

/*
 * ---- 1.2: VF table (PF only): 0x4000 + vf * 0x100 ----
 */
#define INIC_VF_BASE(v)		(0x4000 + 0x100 * (v))
#define INIC_VF_CTRL		0x00	/* RW: INIC_VF_CTRL_* */
#define INIC_VF_MAC_LO		0x04	/* RW: admin MAC bytes 0-3 */
#define INIC_VF_MAC_HI		0x08	/* RW: admin MAC bytes 4-5 */
#define INIC_VF_VLAN		0x0c	/* RW: port VLAN: VID 11:0, PCP 14:12 */
#define INIC_VF_PORT		0x10	/* RW: physical port of the VF */
#define INIC_VF_RING_BASE	0x14	/* RW: first pool ring of the VF */
#define INIC_VF_RING_COUNT	0x18	/* RW: ring pairs, 0..VF_MAX_RINGS */
#define INIC_VF_RATE		0x1c	/* RW: TX Mbit/s, 0 = unlimited */
#define INIC_VF_BURST		0x20	/* RW: TX burst bytes, 0 = 65536 */
#define INIC_VF_STATUS		0x24	/* RO: INIC_VF_STATUS_* */
#define INIC_VF_FLR_COUNT	0x28	/* RO: function level resets */
#define INIC_VF_MBOX_ERRORS	0x2c	/* RO: refused doorbells, bad access */
#define INIC_VF_MBOX_CTRL	0x30	/* RW: INIC_VF_MBOX_* */
#define INIC_VF_MC_HASH_LO	0x34	/* RW: 64-bit multicast hash, bits */
#define INIC_VF_MC_HASH_HI	0x38	/*     ether_crc_le(6, addr) & 63 */
#define INIC_VF_REFUSED		0x3c	/* RO: PROMISC/ALLMULTI refused */
#define INIC_VF_STATS		0x40	/* RO: 64-bit, enum inic_vf_stat */

#define INIC_VF_CTRL_SPOOFCHK	(1u << 0)	/* drop TX with a foreign SA */
#define INIC_VF_CTRL_TRUST	(1u << 1)	/* may use PROMISC/ALLMULTI */
#define INIC_VF_CTRL_LINK_SHIFT	2		/* bits 3:2: INIC_VF_LINK_* */
#define INIC_VF_CTRL_LINK_MASK	(3u << INIC_VF_CTRL_LINK_SHIFT)
#define INIC_VF_CTRL_ALL	0xfu
#define INIC_VF_LINK_AUTO	0	/* the VF sees its port's link */
#define INIC_VF_LINK_ENABLE	1	/* always up */
#define INIC_VF_LINK_DISABLE	2	/* always down: no RX, TX dropped */

#define INIC_VF_VLAN_VID_MASK	0x0fffu
#define INIC_VF_VLAN_PCP_SHIFT	12
#define INIC_VF_VLAN_PCP_MASK	(7u << INIC_VF_VLAN_PCP_SHIFT)

#define INIC_VF_STATUS_ENABLED	(1u << 0)	/* within SR-IOV NumVFs, VFE */
#define INIC_VF_STATUS_BUS_MASTER (1u << 1)	/* VF's command register */
#define INIC_VF_STATUS_LINK	(1u << 2)	/* link as the VF sees it */
#define INIC_VF_STATUS_RX_EN	(1u << 3)	/* VF's PORT_CTRL.RX_EN */
#define INIC_VF_STATUS_PROMISC	(1u << 4)	/* promiscuous, granted */
#define INIC_VF_STATUS_ALLMULTI	(1u << 5)	/* all-multicast, granted */

/* VF_MBOX_CTRL (PF side). */
#define INIC_VF_MBOX_ACK	(1u << 0)	/* W: REQ consumed; R: REQ
						 * waiting for the PF
						 */
#define INIC_VF_MBOX_REPLY	(1u << 1)	/* W: send REPLY; R: not yet
						 * consumed by the VF
						 */

enum inic_vf_stat {
	INIC_VSTAT_RX_PKTS = 0,	/* frames delivered to the VF */
	INIC_VSTAT_RX_BYTES,
	INIC_VSTAT_TX_PKTS,	/* frames the VF sent (switched or wire) */
	INIC_VSTAT_TX_BYTES,
	INIC_VSTAT_RX_DROPS,	/* no descriptor, ring off, RX off, link */
	INIC_VSTAT_TX_DROPS,	/* link disabled, port down, spoof */
	INIC_VSTAT_SPOOF_DROPS,	/* TX with a source MAC not the VF's */
	INIC_VSTAT_TX_LOCAL,	/* TX frames that never left the port */
	INIC_VSTAT__COUNT
};
#define INIC_VF_STAT(s)		(INIC_VF_STATS + 8 * (s))

/* ---- 1.2: embedded switch (PF only): 0x6000 - 0x60ff ---- */
#define INIC_SW_BASE		0x6000
#define INIC_SW_STATS		0x00	/* RO: 64-bit, enum inic_sw_stat */
enum inic_sw_stat {
	INIC_SWSTAT_LOCAL_PKTS = 0,	/* frames from a function delivered
					 * only inside the NIC
					 */
	INIC_SWSTAT_LOCAL_BYTES,
	INIC_SWSTAT_COPIES,	/* local deliveries (replicas included) */
	INIC_SWSTAT_VF_TO_WIRE,	/* VF frames sent on a port */
	INIC_SWSTAT_DROPS,	/* spoof, link disabled, VLAN, no buffer */
	INIC_SWSTAT__COUNT
};
#define INIC_SW_STAT(s)		(INIC_SW_BASE + INIC_SW_STATS + 8 * (s))

/*
 * ---- 1.3: classifier (PF only): 0x7000 - 0x77ff ----
 * One rule is composed in the staging registers, then a command writes
 * it into (or reads it from) a table entry. A rule matches a frame when
 * (frame key & MASK) == KEY. The key image is 64 bytes; KEY/MASK register
 * i holds bytes 4i..4i+3 with byte 4i+k in bits 8k+7:8k (as MAC_LO), and
 * multi-byte fields are in network byte order, as in the frame.
 */
#define INIC_CLS_BASE		0x7000
#define INIC_CLS_SIZE		0x800
#define INIC_CLS_KEY(i)		(0x000 + 4 * (i))	/* RW: key image */
#define INIC_CLS_MASK(i)	(0x040 + 4 * (i))	/* RW: mask image */
#define INIC_CLS_PRIO		0x080	/* RW: 0..INIC_CLS_PRIO_MAX */
#define INIC_CLS_ACTION		0x084	/* RW: INIC_CLS_ACT_* */
#define INIC_CLS_ACT_ARG	0x088	/* RW: ring, RSS context or VF */
#define INIC_CLS_MARK		0x08c	/* RW: ACT_MARK: RXD mark value */
#define INIC_CLS_MIRROR		0x090	/* RW: ACT_MIRROR: INIC_CLS_MIR_* */
#define INIC_CLS_POL_RATE	0x094	/* RW: ACT_POLICE: kbit/s */
#define INIC_CLS_POL_BURST	0x098	/* RW: ACT_POLICE: bytes */
#define INIC_CLS_CMD		0x0a0	/* WO (reads 0): INIC_CLS_CMD_* */
#define INIC_CLS_RESULT		0x0a4	/* RO: last command: code, index */
#define INIC_CLS_REFUSED	0x0a8	/* RO: commands refused, any code */
#define INIC_CLS_EXACT_SIZE	0x0b0	/* RO: INIC_CLS_EXACT_RULES */
#define INIC_CLS_MASKED_SIZE	0x0b4	/* RO: INIC_CLS_MASKED_RULES */
#define INIC_CLS_EXACT_MASKS_REG 0x0b8	/* RO: INIC_CLS_EXACT_MASKS */
#define INIC_CLS_RSS_CTXS	0x0bc	/* RO: INIC_CLS_RSS_CONTEXTS */
#define INIC_CLS_EXACT_USED	0x0c0	/* RO: rules in the exact table */
#define INIC_CLS_MASKED_USED	0x0c4	/* RO: rules in the masked table */
#define INIC_CLS_MASKS_USED	0x0c8	/* RO: distinct masks, exact table */
#define INIC_CLS_RULE_STATS	0x0d0	/* RO64: READ/STATS result, enum
					 * inic_cls_rule_stat
					 */
#define INIC_CLS_STATS		0x100	/* RO64: enum inic_cls_stat */
#define INIC_CLS_RSS_RETA(c, i)	(0x400 + 0x80 * (c) + 4 * (i))	/* RW */

#define INIC_CLS_KEY_SIZE	64
#define INIC_CLS_KEY_REGS	(INIC_CLS_KEY_SIZE / 4)
#define INIC_CLS_PRIO_MAX	0xffffu
#define INIC_CLS_POL_RATE_MAX	100000000u	/* kbit/s: 100 Gbit/s */
#define INIC_CLS_POL_BURST_MAX	(16u << 20)	/* bytes */

/* Key image: byte offsets of the fields. */
#define INIC_CLS_K_PORT		0	/* u8: physical port */
#define INIC_CLS_K_ORIGIN	1	/* u8: INIC_CLS_ORIGIN_* */
#define INIC_CLS_K_VLAN		2	/* be16: outer 802.1Q TCI */
#define INIC_CLS_K_ETYPE	4	/* be16: ethertype after the tags */
#define INIC_CLS_K_PROTO	6	/* u8: IPv4 protocol, IPv6 next header */
#define INIC_CLS_K_TOS		7	/* u8: IPv4 TOS, IPv6 traffic class */
#define INIC_CLS_K_DMAC		8	/* 6 bytes */
#define INIC_CLS_K_SMAC		14	/* 6 bytes */
#define INIC_CLS_K_SPORT	20	/* be16: TCP/UDP source port */
#define INIC_CLS_K_DPORT	22	/* be16: TCP/UDP destination port */
#define INIC_CLS_K_TCP_FLAGS	24	/* be16: TCP flags, bits 11:0 */
#define INIC_CLS_K_FLAGS	26	/* u8: INIC_CLS_F_* */
#define INIC_CLS_K_RSVD		27	/* 27..31: reserved, mask must be 0 */
#define INIC_CLS_K_SIP		32	/* 16 bytes: IPv6, IPv4 in 32..35 */
#define INIC_CLS_K_DIP		48	/* 16 bytes: IPv6, IPv4 in 48..51 */

#define INIC_CLS_ORIGIN_WIRE	0	/* received on the port */
#define INIC_CLS_ORIGIN_PF	1	/* sent by the PF into the switch */
#define INIC_CLS_ORIGIN_VF(v)	(2 + (v))	/* sent by VF v */

#define INIC_CLS_F_VLAN		(1u << 0)	/* the frame has an 802.1Q tag */
#define INIC_CLS_F_FRAG		(1u << 1)	/* an IP fragment */
#define INIC_CLS_F_L4		(1u << 2)	/* a whole TCP/UDP header: ports
						 * (and TCP flags) are valid
						 */
#define INIC_CLS_F_ALL		0x7u

/* ACTION: bits 3:0 what happens to the frame, bits 10:8 modifiers. */
#define INIC_CLS_ACT_TYPE_MASK	0xfu
enum inic_cls_act {
	INIC_CLS_ACT_PASS = 0,	/* the normal path (switch, filter, RSS) */
	INIC_CLS_ACT_RING = 1,	/* PF RX ring ACT_ARG (< NUM_RINGS) */
	INIC_CLS_ACT_RSS = 2,	/* PF RSS context ACT_ARG */
	INIC_CLS_ACT_VF = 3,	/* VF ACT_ARG (< TotalVFs) */
	INIC_CLS_ACT_DROP = 4,
	INIC_CLS_ACT_VNIC = 5,	/* 1.9: VNIC ACT_ARG (< INIC_MAX_VNICS) */
};
#define INIC_CLS_ACT_MARK	(1u << 8)	/* RXD mark = MARK, STA_MARK */
#define INIC_CLS_ACT_MIRROR	(1u << 9)	/* a copy to MIRROR too */
#define INIC_CLS_ACT_POLICE	(1u << 10)	/* token bucket POL_RATE/BURST */
#define INIC_CLS_ACT_FLAGS	(INIC_CLS_ACT_MARK | INIC_CLS_ACT_MIRROR | \
				 INIC_CLS_ACT_POLICE)

/* MIRROR: bits 3:0 destination type, bits 31:16 its index. */
#define INIC_CLS_MIR_TYPE_MASK	0xfu
#define INIC_CLS_MIR_RING	1	/* PF RX ring */
#define INIC_CLS_MIR_VF		2	/* VF */
#define INIC_CLS_MIR_PORT	3	/* transmitted on a physical port */
#define INIC_CLS_MIR_VNIC	4	/* 1.9: VNIC (< INIC_MAX_VNICS) */
#define INIC_CLS_MIR_ARG_SHIFT	16
#define INIC_CLS_MIRROR_VAL(t, a) ((uint32_t)(t) | \
				   ((uint32_t)(a) << INIC_CLS_MIR_ARG_SHIFT))

/* CMD: bits 3:0 op, bit 4 table, bit 5 clear, bits 31:16 index. */
#define INIC_CLS_CMD_OP_MASK	0xfu
enum inic_cls_op {
	INIC_CLS_OP_ADD = 1,	/* staging -> entry INDEX (must be free) */
	INIC_CLS_OP_DEL = 2,	/* remove entry INDEX */
	INIC_CLS_OP_READ = 3,	/* entry INDEX -> staging + RULE_STATS */
	INIC_CLS_OP_STATS = 4,	/* entry INDEX counters -> RULE_STATS */
	INIC_CLS_OP_FLUSH = 5,	/* remove every rule of both tables */
	INIC_CLS_OP_ADD_ANY = 6,	/* staging -> lowest free entry */
};
#define INIC_CLS_CMD_MASKED	(1u << 4)	/* masked table, else exact */
#define INIC_CLS_CMD_CLEAR	(1u << 5)	/* READ/STATS: then zero them */
#define INIC_CLS_CMD_INDEX_SHIFT 16
#define INIC_CLS_CMD_VAL(op, masked, idx) ((uint32_t)(op) | \
	((masked) ? INIC_CLS_CMD_MASKED : 0) | \
	((uint32_t)(idx) << INIC_CLS_CMD_INDEX_SHIFT))

/* RESULT: bits 7:0 enum inic_cls_res, bits 31:16 the entry index. */
#define INIC_CLS_RES_CODE(r)	((r) & 0xffu)
#define INIC_CLS_RES_INDEX(r)	((r) >> 16)
enum inic_cls_res {
	INIC_CLS_RES_OK = 0,
	INIC_CLS_RES_BAD_CMD,	/* unknown op or reserved CMD bits */
	INIC_CLS_RES_BAD_INDEX,	/* index beyond the table */
	INIC_CLS_RES_BAD_FIELD,	/* key/mask: reserved bits, KEY outside
				 * MASK, port or origin out of range,
				 * partial port/origin mask, PRIO
				 */
	INIC_CLS_RES_BAD_ACTION,	/* type, flags, ring, context, VF,
					 * mirror or policer out of range
					 */
	INIC_CLS_RES_TABLE_FULL,	/* ADD_ANY: no free entry */
	INIC_CLS_RES_EXISTS,	/* entry in use, or the same KEY/MASK is
				 * already in the exact table
				 */
	INIC_CLS_RES_NOT_FOUND,	/* DEL/READ/STATS of a free entry */
	INIC_CLS_RES_MASKS_FULL,	/* exact table: a mask beyond its
					 * INIC_CLS_EXACT_MASKS distinct ones
					 */
	INIC_CLS_RES_NO_VNIC,	/* 1.9: the action's or mirror's VNIC is
				 * not enabled (ACT_VNIC: or a mirror VNIC)
				 */
};

enum inic_cls_rule_stat {
	INIC_CLS_RSTAT_PKTS = 0,	/* frames the rule decided */
	INIC_CLS_RSTAT_BYTES,
	INIC_CLS_RSTAT_POLICE_DROPS,	/* of those, dropped by its policer */
	INIC_CLS_RSTAT__COUNT
};
#define INIC_CLS_RULE_STAT(s)	(INIC_CLS_BASE + INIC_CLS_RULE_STATS + 8 * (s))

enum inic_cls_stat {
	INIC_CLS_STAT_LOOKUPS = 0,	/* frames classified */
	INIC_CLS_STAT_HITS,		/* ... that matched a rule */
	INIC_CLS_STAT_DROPS,		/* ACT_DROP */
	INIC_CLS_STAT_POLICE_DROPS,	/* over a rule's policer */
	INIC_CLS_STAT_MIRRORS,		/* mirror copies made */
	INIC_CLS_STAT_DEST_DROPS,	/* destination not available (VF
					 * disabled, own sender, port down)
					 */
	INIC_CLS_STAT__COUNT
};
#define INIC_CLS_STAT(s)	(INIC_CLS_BASE + INIC_CLS_STATS + 8 * (s))

/*
 * ---- 1.4: link aggregation (PF only): 0x7800 - 0x78ff ----
 * One group of member ports. Functions (the PF, each VF) whose port is a
 * member follow the group unless pinned: their frames leave on the port
 * the group picks (active-backup: ACTIVE; hash: a flow hash over the live
 * members), and frames arriving on any member reach them as from one
 * port. On a member's link loss the device moves them at once, announces
 * their MACs on the new port and raises INIC_MISC_LAG.
 */
#define INIC_LAG_BASE		0x7800
#define INIC_LAG_SIZE		0x100
#define INIC_LAG_CTRL		0x00	/* RW: INIC_LAG_CTRL_* */
#define INIC_LAG_MODE		0x04	/* RW: enum inic_lag_mode */
#define INIC_LAG_HASH		0x08	/* RW: enum inic_lag_hash */
#define INIC_LAG_MEMBERS	0x0c	/* RW: bit p: port p is a member */
#define INIC_LAG_PRIMARY	0x10	/* RW: the preferred member */
#define INIC_LAG_ACTIVE		0x14	/* RW: the group's port (see docs) */
#define INIC_LAG_PF_PIN		0x18	/* RW: bit 0: the PF is pinned */
#define INIC_LAG_VF_PIN		0x1c	/* RW: bit v: VF v is pinned */
#define INIC_LAG_STATUS		0x20	/* RO: INIC_LAG_STATUS_* */
#define INIC_LAG_LAST		0x24	/* RO: last move, INIC_LAG_LAST_* */
#define INIC_LAG_REFUSED	0x28	/* RO: register writes refused */
#define INIC_LAG_STATS		0x40	/* RO64: enum inic_lag_stat */
#define INIC_LAG_MEMBER_STATS(p) (0x80 + 0x10 * (p))	/* RO64: +0 RX, +8 TX */

#define INIC_LAG_CTRL_ENABLE	(1u << 0)	/* the group is in force */
#define INIC_LAG_CTRL_FAILBACK	(1u << 1)	/* active-backup: return to
						 * PRIMARY when its link
						 * comes back
						 */
#define INIC_LAG_CTRL_ANNOUNCE	(1u << 2)	/* on a move, send one
						 * broadcast frame per MAC
						 */
#define INIC_LAG_CTRL_ALL	0x7u

enum inic_lag_mode {
	INIC_LAG_MODE_ACTIVE_BACKUP = 0,
	INIC_LAG_MODE_HASH = 1,		/* balance by flow hash */
};

enum inic_lag_hash {
	INIC_LAG_HASH_L2 = 0,		/* DA, SA, ethertype */
	INIC_LAG_HASH_L34 = 1,		/* IP addresses, protocol, ports */
	INIC_LAG_HASH_L23 = 2,		/* DA, SA, ethertype, IP addresses */
};

#define INIC_LAG_STATUS_UP	(1u << 0)	/* enabled, a member has link */
#define INIC_LAG_STATUS_LIVE_SHIFT 8		/* bits 15:8: members with link */
#define INIC_LAG_STATUS_LIVE_MASK (0xffu << INIC_LAG_STATUS_LIVE_SHIFT)

/* LAST: the last move of the group's traffic. */
#define INIC_LAG_LAST_FROM(l)	((l) & 0xffu)		/* old port */
#define INIC_LAG_LAST_TO(l)	(((l) >> 8) & 0xffu)	/* new port */
#define INIC_LAG_LAST_REASON(l)	(((l) >> 16) & 0xfu)	/* inic_lag_reason */
#define INIC_LAG_LAST_VALID	(1u << 31)
enum inic_lag_reason {
	INIC_LAG_REASON_LINK_DOWN = 1,	/* a member lost its link */
	INIC_LAG_REASON_LINK_UP = 2,	/* first live member after none */
	INIC_LAG_REASON_FAILBACK = 3,	/* PRIMARY's link is back */
	INIC_LAG_REASON_DRIVER = 4,	/* ACTIVE written */
};

enum inic_lag_stat {
	INIC_LAG_STAT_FAILOVERS = 0,	/* moves, any reason */
	INIC_LAG_STAT_LAST_NS,		/* virtual clock at the last move */
	INIC_LAG_STAT_ANNOUNCES,	/* announcement frames sent */
	INIC_LAG_STAT_TX_MOVED,		/* frames of following functions
					 * sent on a port not their own
					 */
	INIC_LAG_STAT_TX_NO_PORT,	/* ... dropped: no member has link */
	INIC_LAG_STAT__COUNT
};
#define INIC_LAG_STAT(s)	(INIC_LAG_BASE + INIC_LAG_STATS + 8 * (s))
#define INIC_LAG_MEMBER_RX(p)	(INIC_LAG_BASE + INIC_LAG_MEMBER_STATS(p))
#define INIC_LAG_MEMBER_TX(p)	(INIC_LAG_BASE + INIC_LAG_MEMBER_STATS(p) + 8)

/* Announcement frame: broadcast, SA = the MAC, this ethertype. */
#define INIC_LAG_ANNOUNCE_ETYPE	0x88b5	/* IEEE local experimental 1 */
#define INIC_LAG_ANNOUNCE_LEN	60

/*
 * ---- 1.7: TOE connection handoff (PF only): 0x7900 - 0x7dff ----
 * For TCP listeners the driver registers, the device answers SYNs itself
 * with a SYN-ACK whose sequence number is a stateless SYN cookie, and
 * delivers the ACK that returns a valid cookie to the PF with STA_TOE
 * and the negotiated parameters in the RX descriptor. No per-connection
 * state. hw-reference.rst "TOE connection handoff" gives the cookie.
 */
#define INIC_TOE_BASE		0x7900
#define INIC_TOE_SIZE		0x500
#define INIC_TOE_CTRL		0x00	/* RW: INIC_TOE_CTRL_* */
#define INIC_TOE_WSCALE		0x04	/* RW: own window scale, 0..14 */
#define INIC_TOE_WINDOW		0x08	/* RW: SYN-ACK window, 1..65535 */
#define INIC_TOE_PERIOD		0x0c	/* RW: time counter period, ms */
#define INIC_TOE_TIME		0x10	/* RO: time counter */
#define INIC_TOE_NUM_LISTENERS	0x14	/* RO: INIC_TOE_LISTENERS */
#define INIC_TOE_REFUSED	0x18	/* RO: register writes refused */
#define INIC_TOE_SECRET(i)	(0x20 + 4 * (i))	/* WO (reads 0), 4 */
#define INIC_TOE_PORT_STATS(p)	(0x100 + 0x40 * (p))	/* RO64 */
#define INIC_TOE_LSN(i)		(0x300 + 0x20 * (i))	/* listener i */
/* Inside a listener entry. */
#define INIC_TOE_LSN_ADDR(k)	(0x00 + 4 * (k))	/* RW: 16 bytes */
#define INIC_TOE_LSN_CTRL	0x10	/* RW: INIC_TOE_LSN_* */

#define INIC_TOE_CTRL_ENABLE	(1u << 0)	/* the engine is on */
#define INIC_TOE_CTRL_WSCALE	(1u << 1)	/* may negotiate window scale */
#define INIC_TOE_CTRL_SACK	(1u << 2)	/* may negotiate SACK */
#define INIC_TOE_CTRL_TS	(1u << 3)	/* may negotiate timestamps */
#define INIC_TOE_CTRL_ECN	(1u << 4)	/* may negotiate ECN */
#define INIC_TOE_CTRL_ALL	0x1fu

#define INIC_TOE_WSCALE_MAX	14
#define INIC_TOE_PERIOD_MAX	3600000u	/* one hour */
#define INIC_TOE_PERIOD_DEFAULT	60000u		/* Linux's syncookie minute */
#define INIC_TOE_WINDOW_DEFAULT	65535u
#define INIC_TOE_WSCALE_DEFAULT	7u

/* Listener CTRL: bits 15:0 TCP port, 19:16 physical port, flags. */
#define INIC_TOE_LSN_TCP_MASK	0xffffu
#define INIC_TOE_LSN_PORT_SHIFT	16
#define INIC_TOE_LSN_PORT_MASK	(0xfu << INIC_TOE_LSN_PORT_SHIFT)
#define INIC_TOE_LSN_ENABLE	(1u << 24)
#define INIC_TOE_LSN_IPV6	(1u << 25)	/* else IPv4 (ADDR bytes 0-3) */
#define INIC_TOE_LSN_ANY	(1u << 26)	/* any address of the family */
#define INIC_TOE_LSN_ALL	0x070fffffu
#define INIC_TOE_LSN_VAL(tcp, port, flags) ((uint32_t)(tcp) | \
	((uint32_t)(port) << INIC_TOE_LSN_PORT_SHIFT) | (uint32_t)(flags))

enum inic_toe_stat {
	INIC_TOE_STAT_SYN_ANSWERED = 0,	/* SYN-ACKs sent for listeners */
	INIC_TOE_STAT_HANDSHAKES,	/* ACKs with a valid cookie delivered
					 * with STA_TOE
					 */
	INIC_TOE_STAT_INVALID_ACKS,	/* handshake ACKs with an expired
					 * cookie (replays): dropped
					 */
	INIC_TOE_STAT_SYN_PASSED,	/* SYNs to the host unchanged: no
					 * listener, or options the device
					 * must not answer (MD5, AO, MPTCP,
					 * Fast Open), or a bad checksum
					 */
	INIC_TOE_STAT_SYNACK_DROPS,	/* SYNs dropped: port down, TX off,
					 * SYN-ACK queue full
					 */
	INIC_TOE_STAT__COUNT
};
#define INIC_TOE_STAT(p, s)	(INIC_TOE_BASE + INIC_TOE_PORT_STATS(p) + 8 * (s))

/* RXD toe_flags (STA_TOE). */
#define INIC_RXD_TOE_WSCALE	(1u << 0)	/* window scaling: toe_wscale */
#define INIC_RXD_TOE_SACK	(1u << 1)
#define INIC_RXD_TOE_TS		(1u << 2)	/* timestamps */
#define INIC_RXD_TOE_ECN	(1u << 3)
#define INIC_RXD_TOE_V6		(1u << 4)	/* the connection is IPv6 */
/* RXD toe_wscale: bits 3:0 the peer's shift, 7:4 the device's own. */
#define INIC_RXD_TOE_SND_WSCALE(w)	((w) & 0xfu)
#define INIC_RXD_TOE_RCV_WSCALE(w)	(((w) >> 4) & 0xfu)

/*
 * ---- 1.8: VNIC table (PF only): 0xc000 + vnic * 0x80, 0xc000 - 0xdfff ----
 * A VNIC is an endpoint of the embedded switch on one port: its own MAC
 * (and VLAN) filter, a group of the PF's ring pairs (RSS over them), a
 * token-bucket shaper and counters. A mirror VNIC receives copies of what
 * another endpoint sends and receives. Configuration registers can only be
 * written while ENABLE is clear (RATE and BURST: any time); setting ENABLE
 * checks the entry and refuses a bad one (BAD_VALUE, ENABLE stays clear).
 */
#define INIC_VNIC_BASE(n)	(0xc000 + 0x80 * (n))
#define INIC_VNIC_CTRL		0x00	/* RW: INIC_VNIC_CTRL_* */
#define INIC_VNIC_PORT		0x04	/* RW: physical port */
#define INIC_VNIC_MAC_LO	0x08	/* RW: MAC bytes 0-3 */
#define INIC_VNIC_MAC_HI	0x0c	/* RW: MAC bytes 4-5 */
#define INIC_VNIC_VLAN		0x10	/* RW: VID 11:0 (0: none), PCP 14:12 */
#define INIC_VNIC_RING_BASE	0x14	/* RW: first PF ring pair */
#define INIC_VNIC_RING_COUNT	0x18	/* RW: ring pairs, 1..VNIC_MAX_RINGS */
#define INIC_VNIC_RATE		0x1c	/* RW: TX Mbit/s, 0 = unlimited */
#define INIC_VNIC_BURST		0x20	/* RW: TX burst bytes, 0 = 65536 */
#define INIC_VNIC_MIRROR	0x24	/* RW: mirror source, INIC_VNIC_MIR_* */
#define INIC_VNIC_OFFLOAD	0x28	/* RW: INIC_PORT_OFFLOAD_* */
#define INIC_VNIC_MTU		0x2c	/* RW: INIC_MIN_MTU..INIC_MAX_MTU */
#define INIC_VNIC_RSS_CTRL	0x30	/* RW: INIC_RSS_* (default key) */
#define INIC_VNIC_STATUS	0x34	/* RO: INIC_VNIC_STATUS_* */
#define INIC_VNIC_STATS		0x38	/* RO: 64-bit, enum inic_vnic_stat */

#define INIC_VNIC_CTRL_ENABLE	(1u << 0)	/* in the switch, rings bound */
#define INIC_VNIC_CTRL_MIRROR	(1u << 1)	/* receive-only mirror VNIC */
#define INIC_VNIC_CTRL_ALL	0x3u

/* VNIC_MIRROR: which endpoint a mirror VNIC copies. */
#define INIC_VNIC_MIR_KIND_SHIFT	16
#define INIC_VNIC_MIR_KIND_MASK	(3u << INIC_VNIC_MIR_KIND_SHIFT)
#define INIC_VNIC_MIR_PF	0	/* the PF's endpoint on port INDEX */
#define INIC_VNIC_MIR_VF	1	/* VF INDEX */
#define INIC_VNIC_MIR_VNIC	2	/* VNIC INDEX (not a mirror VNIC) */
#define INIC_VNIC_MIR_INDEX_MASK	0xffffu
#define INIC_VNIC_MIR(kind, i)	(((kind) << INIC_VNIC_MIR_KIND_SHIFT) | (i))

/* VNIC_STATUS: why the last ENABLE was refused (0: it was not). */
#define INIC_VNIC_STATUS_ENABLED	(1u << 0)
#define INIC_VNIC_STATUS_LINK		(1u << 1)	/* its port's link */
#define INIC_VNIC_STATUS_REFUSED_SHIFT	8	/* bits 15:8: INIC_VNIC_REF_* */
#define INIC_VNIC_STATUS_REFUSED_MASK	(0xffu << INIC_VNIC_STATUS_REFUSED_SHIFT)
enum inic_vnic_refusal {
	INIC_VNIC_REF_NONE = 0,
	INIC_VNIC_REF_PORT,	/* PORT >= NUM_PORTS */
	INIC_VNIC_REF_RINGS,	/* ring group empty, too big or beyond NUM_RINGS */
	INIC_VNIC_REF_OVERLAP,	/* a ring already in another enabled VNIC */
	INIC_VNIC_REF_MAC,	/* zero or multicast MAC */
	INIC_VNIC_REF_DUP_MAC,	/* (MAC, VLAN) of another enabled VNIC or
				 * VF on the port, or the PF's station MAC
				 */
	INIC_VNIC_REF_VLAN,	/* reserved: a bad VLAN is refused at the write */
	INIC_VNIC_REF_MIRROR,	/* bad mirror source (itself, a mirror, range) */
};

/* 0x38 + 8 * INIC_VNSTAT__COUNT must stay within the 0x80 entry. */
enum inic_vnic_stat {
	INIC_VNSTAT_RX_PKTS = 0,	/* frames delivered to its rings */
	INIC_VNSTAT_RX_BYTES,
	INIC_VNSTAT_TX_PKTS,		/* frames it sent (switched or wire) */
	INIC_VNSTAT_TX_BYTES,
	INIC_VNSTAT_RX_DROPS,		/* no descriptor, ring off, bad frame */
	INIC_VNSTAT_TX_DROPS,		/* link down, spoof, bad descriptor */
	INIC_VNSTAT_SPOOF_DROPS,	/* TX with a source MAC not its own */
	INIC_VNSTAT_SHAPED,		/* times the shaper made its TX wait */
	INIC_VNSTAT_MIRROR_DROPS,	/* mirror copies lost (ring full) */
	INIC_VNSTAT__COUNT
};
#define INIC_VNIC_STAT(s)	(INIC_VNIC_STATS + 8 * (s))

/*
 * ---- 1.1: per-port receive tables: 0x8000 + port * 0x800 ----
 * Registers hold bytes in memory order: byte 4i+k of a table in bits
 * 8k+7:8k of its register i (like MAC_LO).
 */
#define INIC_PTBL_BASE(p)	(0x8000 + 0x800 * (p))
#define INIC_PTBL_RSS_KEY(i)	(0x000 + 4 * (i))	/* RW: key bytes 4i.. */
#define INIC_PTBL_RSS_RETA(i)	(0x080 + 4 * (i))	/* RW: entries 4i.. */
#define INIC_PTBL_UC_LO(i)	(0x100 + 8 * (i))	/* RW: MAC bytes 0-3 */
#define INIC_PTBL_UC_HI(i)	(0x104 + 8 * (i))	/* RW: 4-5, VALID */
#define INIC_PTBL_MC_HASH(i)	(0x200 + 4 * (i))	/* RW: bits 32i.. */
#define INIC_UC_VALID		(1u << 31)
#define INIC_RSS_KEY_REGS	(INIC_RSS_KEY_SIZE / 4)
#define INIC_RSS_RETA_REGS	(INIC_RSS_RETA_SIZE / 4)
#define INIC_MC_HASH_REGS	(INIC_MC_HASH_BITS / 32)
/* Multicast hash bit: the low 12 bits of ether_crc_le(6, addr). */
#define INIC_MC_HASH_MASK	(INIC_MC_HASH_BITS - 1)

/*
 * ---- Ring pair q: 0x10000 + q * 0x100 ----
 * +0x00 TX ring registers, +0x40 RX ring registers,
 * +0x80 TX counters, +0xc0 RX counters (64-bit, enum inic_ring_stat).
 */
#define INIC_RING_BASE(q)	(0x10000 + 0x100 * (q))
#define INIC_RING_TX		0x00
#define INIC_RING_RX		0x40
#define INIC_RING_TX_STATS	0x80
#define INIC_RING_RX_STATS	0xc0

/* Offsets inside a TX or RX ring register block. */
#define INIC_RR_BASE_LO		0x00	/* RW: descriptor ring address */
#define INIC_RR_BASE_HI		0x04
#define INIC_RR_SIZE		0x08	/* RW: entries, power of two */
#define INIC_RR_CTRL		0x0c	/* RW: INIC_RR_CTRL_* */
#define INIC_RR_HEAD		0x10	/* RO: next entry the device uses */
#define INIC_RR_TAIL		0x14	/* RW: doorbell, one past the last
					 * entry the driver made ready
					 */
#define INIC_RR_VECTOR		0x18	/* RW: MSI-X vector of this ring */
#define INIC_RR_INT_ARM		0x1c	/* WO: INIC_INT_ARM | next_to_clean */
#define INIC_RR_STATUS		0x20	/* RO: INIC_RR_STATUS_* */
#define INIC_RR_ITR_USECS	0x28	/* RW 1.1: moderation time 0..65535 */
#define INIC_RR_ITR_PKTS	0x2c	/* RW 1.1: moderation count 0..4096 */

#define INIC_RR_CTRL_ENABLE	(1u << 0)
#define INIC_RR_CTRL_PORT_SHIFT	8	/* bits 15:8: the ring's port */
#define INIC_RR_CTRL_PORT_MASK	(0xffu << INIC_RR_CTRL_PORT_SHIFT)

#define INIC_RR_STATUS_ENABLED	(1u << 0)
#define INIC_RR_STATUS_FAULT	(1u << 1)	/* stopped by a DMA error */

#define INIC_INT_ARM		(1u << 31)
#define INIC_INT_ARM_IDX_MASK	0xffffu

enum inic_ring_stat {
	INIC_RSTAT_PKTS = 0,
	INIC_RSTAT_BYTES,
	INIC_RSTAT_DROP_NODESC,	/* RX: no descriptor posted */
	INIC_RSTAT_DROP_FILTER,	/* RX: dropped by an address filter */
	INIC_RSTAT_CSUM_ERR,	/* RX: bad L3/L4 checksum */
	INIC_RSTAT_ERRORS,	/* bad descriptor, DMA error, bad frame */
	INIC_RSTAT_LRO_PKTS,	/* 1.6 RX: large receives (STA_LRO) */
	INIC_RSTAT_LRO_SEGS,	/* 1.6 RX: wire segments they carried */
	INIC_RSTAT__COUNT
};
#define INIC_RING_STAT_SLOTS	8	/* 64 bytes per ring */

/* ---- Descriptors: 32 bytes each ---- */
struct inic_tx_desc {
	uint64_t addr;		/* buffer DMA address */
	uint16_t len;		/* buffer length, 1..65535 */
	uint16_t cmd;		/* INIC_TXD_CMD_* */
	uint16_t csum_start;	/* CMD_CSUM: checksum from this frame offset */
	uint16_t csum_offset;	/* CMD_CSUM: store it at csum_start + this */
	uint16_t mss;		/* CMD_TSO: segment payload size */
	uint16_t hdr_len;	/* CMD_TSO: L2 + L3 + L4 header bytes */
	uint16_t vlan_tci;	/* CMD_VLAN: tag to insert */
	uint16_t status;	/* written back: INIC_TXD_STA_* */
	uint64_t rsvd;
};

#define INIC_TXD_CMD_EOP	(1u << 0)	/* last buffer of the frame */
#define INIC_TXD_CMD_CSUM	(1u << 1)
#define INIC_TXD_CMD_TSO	(1u << 2)
#define INIC_TXD_CMD_VLAN	(1u << 3)

#define INIC_TXD_STA_DD		(1u << 0)	/* descriptor done */
#define INIC_TXD_STA_ERR	(1u << 1)	/* frame dropped: bad descriptor */

struct inic_rx_desc {
	uint64_t addr;		/* driver: buffer DMA address */
	uint16_t buf_len;	/* driver: buffer size */
	uint16_t len;		/* device: bytes written */
	uint16_t status;	/* device: INIC_RXD_STA_* */
	uint16_t vlan_tci;	/* device: stripped tag (STA_VLAN) */
	uint32_t rss_hash;	/* device: STA_RSS */
	uint16_t pkt_type;	/* device: INIC_PTYPE_* */
	union {
		uint16_t toe_mss;	/* device: STA_TOE negotiated MSS */
		uint16_t lro_mss;	/* device 1.6: STA_LRO segment payload */
	};
	uint32_t mark;		/* device: classifier mark (STA_MARK) */
	uint8_t toe_wscale;	/* device: STA_TOE peer window scale */
	uint8_t toe_flags;	/* device: STA_TOE options */
	uint16_t lro_segs;	/* device 1.6: STA_LRO segments (was rsvd) */
};

#define INIC_RXD_STA_DD		(1u << 0)	/* descriptor done */
#define INIC_RXD_STA_EOP	(1u << 1)	/* last buffer of the frame */
#define INIC_RXD_STA_VLAN	(1u << 2)
#define INIC_RXD_STA_RSS	(1u << 3)
#define INIC_RXD_STA_CSUM_OK	(1u << 4)	/* L4 checksum verified */
#define INIC_RXD_STA_CSUM_ERR	(1u << 5)
#define INIC_RXD_STA_TOE	(1u << 6)
#define INIC_RXD_STA_ERR	(1u << 7)	/* frame truncated or bad */
#define INIC_RXD_STA_MARK	(1u << 8)
#define INIC_RXD_STA_LRO	(1u << 9)	/* 1.6: a large receive: TCP,
						 * lro_mss, lro_segs
						 */

/* RXD pkt_type (1.1): written for every frame. */
#define INIC_PTYPE_L3_MASK	0x000fu
#define INIC_PTYPE_L3_NONE	0x0000u		/* not IP, or malformed */
#define INIC_PTYPE_L3_IPV4	0x0001u
#define INIC_PTYPE_L3_IPV6	0x0002u
#define INIC_PTYPE_L4_MASK	0x00f0u
#define INIC_PTYPE_L4_NONE	0x0000u		/* other, or a fragment */
#define INIC_PTYPE_L4_TCP	0x0010u
#define INIC_PTYPE_L4_UDP	0x0020u
#define INIC_PTYPE_FRAG		0x0100u		/* IP fragment */
#define INIC_PTYPE_VLAN		0x0200u		/* arrived with an 802.1Q tag */
#define INIC_PTYPE_HASH_SHIFT	12		/* bits 15:12: INIC_HASH_* */
#define INIC_PTYPE_HASH_MASK	0xf000u
#define INIC_PTYPE_HASH(pt)	(((pt) & INIC_PTYPE_HASH_MASK) >> \
				 INIC_PTYPE_HASH_SHIFT)

/* What rss_hash covers (pkt_type bits 15:12). */
enum inic_hash_type {
	INIC_HASH_NONE = 0,	/* no hash: STA_RSS clear */
	INIC_HASH_IPV4,		/* addresses: PKT_HASH_TYPE_L3 */
	INIC_HASH_TCP_IPV4,	/* addresses + ports: PKT_HASH_TYPE_L4 */
	INIC_HASH_UDP_IPV4,	/* L4 */
	INIC_HASH_IPV6,		/* L3 */
	INIC_HASH_TCP_IPV6,	/* L4 */
	INIC_HASH_UDP_IPV6,	/* L4 */
};
#define INIC_HASH_IS_L4(t)	((t) == INIC_HASH_TCP_IPV4 || \
				 (t) == INIC_HASH_UDP_IPV4 || \
				 (t) == INIC_HASH_TCP_IPV6 || \
				 (t) == INIC_HASH_UDP_IPV6)

#define INIC_DESC_SIZE		32

#ifdef __cplusplus
static_assert(sizeof(struct inic_tx_desc) == INIC_DESC_SIZE, "tx desc");
static_assert(sizeof(struct inic_rx_desc) == INIC_DESC_SIZE, "rx desc");
#else
_Static_assert(sizeof(struct inic_tx_desc) == INIC_DESC_SIZE, "tx desc");
_Static_assert(sizeof(struct inic_rx_desc) == INIC_DESC_SIZE, "rx desc");
#endif

#endif /* INIC_HW_H */
