/* SPDX-License-Identifier: GPL-2.0 */
/*
 * inic core: the driver's decision logic, written in C++ (inic_core.cpp)
 * and called from the C glue through this extern "C" boundary. Fixed-width
 * types only (__u8/__u32/__u64, as in UAPI headers); no other kernel or libc
 * types cross it.
 *
 * The same core is built into the kernel module, into the GoogleTest unit
 * tests (user space, sanitizers) and into KUnit. All functions are pure
 * computations on caller-owned memory, except inic_stats_create() and
 * inic_stats_destroy() which allocate and must be called where the kernel
 * may sleep. No function takes a lock; callers serialize.
 */
#ifndef INIC_CORE_H
#define INIC_CORE_H

#if defined(__KERNEL__) && defined(__cplusplus)
#include "inic_cxx.hpp"
#else
#include <linux/types.h>
#ifndef __KERNEL__
#include <stdbool.h>
#include <stdint.h>
#endif
#endif

#include "inic_hw.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Errors are returned negated, with the values Linux uses for errno. */
#define INIC_E_NODEV		19	/* ENODEV */
#define INIC_E_INVAL		22	/* EINVAL */
#define INIC_E_RANGE		34	/* ERANGE */
#define INIC_E_NOSPC		28	/* ENOSPC */
#define INIC_E_ADDRNOTAVAIL	99	/* EADDRNOTAVAIL */

/* ---- ABI compatibility ---- */

/*
 * Check INIC_REG_ID and INIC_REG_VERSION as read from the device. Returns 0
 * when the driver can run the device (same major; any minor), -INIC_E_NODEV
 * when the ID is wrong or the major differs.
 */
int inic_core_abi_check(__u32 id, __u32 version);

/* ---- Resource planning: ports x rings per port -> ring pairs, vectors ---- */

#define INIC_CORE_MISC_VECTOR	0
#define INIC_CORE_NONE		0xffffffffu	/* no such ring/port/vector */

struct inic_plan {
	__u32 num_ports;	/* ports driven (netdevs) */
	__u32 rings_per_port; /* ring pairs per port */
	__u32 num_rings;	/* ring pairs used: ports * rings_per_port */
	__u32 num_vectors;	/* MSI-X vectors used: 1 + num_rings */
};

/*
 * Plan from the device's registers: NUM_PORTS, NUM_RINGS, NUM_VECTORS and
 * RINGS_PER_PORT. Port p uses ring pairs p * rpp .. p * rpp + rpp - 1;
 * vector 0 is misc, vector 1 + q serves ring pair q. Returns 0, or
 * -INIC_E_INVAL if the device reports no port, too many ports, rings or
 * vectors, rings_per_port 0, or fewer rings/vectors than ports need.
 */
int inic_plan_make(struct inic_plan *plan, __u32 num_ports,
		   __u32 dev_rings, __u32 dev_vectors,
		   __u32 rings_per_port);

/*
 * Shrink a plan to the number of MSI-X vectors actually granted: fewer
 * rings per port, and the layout is recomputed with the smaller
 * rings_per_port (port p then starts at ring pair p * rings_per_port).
 * Returns 0, or -INIC_E_NOSPC when not even one ring per port fits.
 */
int inic_plan_fit_vectors(struct inic_plan *plan, __u32 granted);

/* Ring pair index of queue q of port p; INIC_CORE_NONE when out of range. */
__u32 inic_plan_ring(const struct inic_plan *plan, __u32 port, __u32 q);
/* First ring pair of port p (PORT_RX_RING); INIC_CORE_NONE when invalid. */
__u32 inic_plan_port_first_ring(const struct inic_plan *plan, __u32 port);
/* Port owning ring pair r; INIC_CORE_NONE when r is not used by the plan. */
__u32 inic_plan_ring_port(const struct inic_plan *plan, __u32 ring);
/* MSI-X vector of ring pair r; INIC_CORE_NONE when out of range. */
__u32 inic_plan_ring_vector(const struct inic_plan *plan, __u32 ring);

/* ---- Ring index arithmetic (size is a power of two) ---- */

bool inic_ring_size_valid(__u32 size);
/* Round up to a power of two, clamped to INIC_RING_MIN..INIC_RING_MAX. */
__u32 inic_ring_size_clamp(__u32 size);
__u32 inic_ring_next(__u32 idx, __u32 size);
__u32 inic_ring_add(__u32 idx, __u32 n, __u32 size);
/* Entries from ntc up to (not including) ntu: owned by the device. */
__u32 inic_ring_used(__u32 ntc, __u32 ntu, __u32 size);
/* Entries the driver may still give: size - 1 - used. */
__u32 inic_ring_unused(__u32 ntc, __u32 ntu, __u32 size);
/* Descriptors a TX frame of one head and nr_frags fragments needs. */
__u32 inic_tx_descs_needed(__u32 head_len, __u32 nr_frags);
/* RR_INT_ARM value that arms a ring whose next entry to clean is ntc. */
__u32 inic_int_arm_value(__u32 ntc);

/* ---- Validation ---- */

/* 0 or -INIC_E_RANGE when mtu is outside INIC_MIN_MTU..INIC_MAX_MTU. */
int inic_mtu_check(__u32 mtu);
/* A station address: not zero, not multicast/broadcast. */
bool inic_mac_valid(const __u8 mac[6]);
/* MAC <-> PORT_MAC_LO/HI (byte 0 in bits 7:0 of LO). */
void inic_mac_to_regs(const __u8 mac[6], __u32 *lo, __u32 *hi);
void inic_mac_from_regs(__u32 lo, __u32 hi, __u8 mac[6]);

/* ---- Counters: monotonic totals over the device's per-ring counters ---- */

/* One counter: last raw value seen and the running total. */
struct inic_counter {
	__u64 last;
	__u64 total;
};

/*
 * Fold a raw device reading into c and return the new total. A reading
 * below the last one means the device was reset (counters restart at 0):
 * the reading is then added whole, so totals never go backwards.
 */
__u64 inic_counter_update(struct inic_counter *c, __u64 raw);

struct inic_stats;	/* opaque: counters of every ring pair */

/* Per-port totals as the netdev reports them. */
struct inic_port_totals {
	__u64 rx_packets;
	__u64 rx_bytes;
	__u64 tx_packets;
	__u64 tx_bytes;
	__u64 rx_dropped;	/* RX DROP_NODESC */
	__u64 rx_missed;	/* RX DROP_FILTER */
	__u64 rx_errors;	/* RX ERRORS + CSUM_ERR */
	__u64 rx_crc_errors;	/* RX CSUM_ERR */
	__u64 tx_errors;	/* TX ERRORS */
};

/* Allocates (may sleep in the kernel); NULL on failure or num_rings 0. */
struct inic_stats *inic_stats_create(__u32 num_rings);
void inic_stats_destroy(struct inic_stats *s);
__u32 inic_stats_num_rings(const struct inic_stats *s);
/*
 * Fold raw readings of ring pair r: tx[] and rx[] hold INIC_RSTAT__COUNT
 * values each (the ring's TX and RX counter slots). Out-of-range r is
 * ignored.
 */
void inic_stats_update_ring(struct inic_stats *s, __u32 r,
			    const __u64 *tx, const __u64 *rx);
/* Monotonic totals of ring pair r into tx[]/rx[] (INIC_RSTAT__COUNT). */
void inic_stats_ring_totals(const struct inic_stats *s, __u32 r,
			    __u64 *tx, __u64 *rx);
/* Sum ring pairs first..first+n-1 into *out (zeroed first). */
void inic_stats_port_totals(const struct inic_stats *s, __u32 first,
			    __u32 n, struct inic_port_totals *out);

/*
 * Channel-change accounting (ethtool -L). A ring pair's *view* is its
 * monotonic total minus an offset taken when the ring (re)joins the port's
 * active set, so a ring that comes back starts from 0. The port's *base* is
 * everything not in the views: the totals of inactive rings plus the
 * offsets of active ones. base + sum(views) == port totals at any time, the
 * base never goes backwards, and neither does the view of a ring that stays
 * active.
 */
/* Restart the view of ring pair r: its offset becomes its total. */
void inic_stats_ring_restart(struct inic_stats *s, __u32 r);
/* View (total - offset) of ring pair r into tx[]/rx[] (INIC_RSTAT__COUNT). */
void inic_stats_ring_view(const struct inic_stats *s, __u32 r,
			  __u64 *tx, __u64 *rx);
/*
 * Base of a port whose ring pairs are first..first+n-1, of which the first
 * active ones are active: into tx[]/rx[] (INIC_RSTAT__COUNT).
 */
void inic_stats_port_base(const struct inic_stats *s, __u32 first, __u32 n,
			  __u32 active, __u64 *tx, __u64 *rx);
/*
 * A channel count changes from old_active to new_active on a port whose
 * ring pairs are first..first+n-1: the views of rings that join restart.
 */
void inic_stats_channels_changed(struct inic_stats *s, __u32 first, __u32 n,
				 __u32 old_active, __u32 new_active);

/*
 * ---- ethtool parameter validation ----
 * Each returns 0, or a negative errno with *msg set to a static message
 * for the extack (msg may be NULL).
 */

/* ethtool -L: combined 1..max, no separate rx/tx/other channels. */
int inic_channels_check(__u32 combined, __u32 rx, __u32 tx, __u32 other,
			__u32 max, const char **msg);
/* ethtool -G: powers of two, INIC_RING_MIN..INIC_RING_MAX. */
int inic_ringparam_check(__u32 rx, __u32 tx, const char **msg);
/*
 * ethtool -C for one direction: usecs 0..INIC_ITR_MAX_USECS, frames
 * 0..INIC_RING_MAX, and frames > 1 only with a time limit (the device
 * would otherwise wait for that many frames forever).
 */
int inic_coalesce_check(__u32 usecs, __u32 frames, const char **msg);
/*
 * TX queue thresholds for a ring of size entries when a frame may need up
 * to max_descs descriptors: stop the queue below *stop free entries, wake
 * it at *wake. On small rings *stop is smaller than max_descs: frames
 * needing more descriptors than *stop must be linearized first.
 */
void inic_tx_thresholds(__u32 size, __u32 max_descs, __u32 *stop,
			__u32 *wake);

/* ---- RSS ---- */

/* Spread the table over channels (entry i = i % channels). */
void inic_rss_indir_default(__u32 *indir, __u32 n, __u32 channels);
/* 0, or -INIC_E_INVAL when an entry names a channel >= channels. */
int inic_rss_indir_check(const __u32 *indir, __u32 n, __u32 channels);
/* RSS_RETA registers (INIC_RSS_RETA_REGS) of a table of queue indexes. */
void inic_rss_reta_regs(const __u32 indir[INIC_RSS_RETA_SIZE],
			__u32 first_ring, __u32 regs[INIC_RSS_RETA_REGS]);
/* Bytes in memory order into registers (byte 4i+k in bits 8k+7:8k). */
void inic_bytes_to_regs(const __u8 *bytes, __u32 n, __u32 *regs);
/* PORT_RSS_CTRL value: enabled, every hash type. */
__u32 inic_rss_ctrl_value(void);

/* What an RX descriptor says about the frame (status, pkt_type). */
#define INIC_RX_HASH_NONE	0	/* values of enum pkt_hash_types */
#define INIC_RX_HASH_L3		2
#define INIC_RX_HASH_L4		3
__u32 inic_rx_hash_level(__u16 status, __u16 pkt_type);
#define INIC_RX_CSUM_NONE	0	/* CHECKSUM_NONE */
#define INIC_RX_CSUM_OK		1	/* CHECKSUM_UNNECESSARY */
#define INIC_RX_CSUM_BAD	2	/* device found it wrong */
__u32 inic_rx_csum_state(__u16 status);

/* ---- Offloads: PORT_OFFLOAD from what the netdev has enabled ---- */
#define INIC_OFF_TX_CSUM	0x01u
#define INIC_OFF_RX_CSUM	0x02u
#define INIC_OFF_TSO		0x04u
#define INIC_OFF_VLAN_TX	0x08u
#define INIC_OFF_VLAN_RX	0x10u
/* Returns the register value; offloads the device lacks (caps) stay off. */
__u32 inic_offload_reg(__u32 want, __u32 caps);

/* ---- Receive filters (ndo_set_rx_mode) ---- */

struct inic_rx_filter {
	__u32 ctrl;		/* INIC_PORT_CTRL_PROMISC/ALLMULTI/MC_FILTER */
	__u32 uc_used;		/* valid entries, slots 0..uc_used-1 */
	bool uc_overflow;	/* more addresses than slots: promiscuous */
	__u32 uc_lo[INIC_UC_FILTERS];	/* PTBL_UC_LO/HI values */
	__u32 uc_hi[INIC_UC_FILTERS];
	__u32 mc_hash[INIC_MC_HASH_REGS];	/* PTBL_MC_HASH values */
};

/* Reflected CRC-32 (0xedb88320), init ~0, no final inversion. */
__u32 inic_ether_crc_le(const __u8 *data, __u32 len);
/* MC_HASH bit of a multicast address: ether_crc_le(6, addr) & 0xfff. */
__u32 inic_mc_hash_bit(const __u8 mac[6]);
/* Start a filter: nothing but the station MAC and broadcast. */
void inic_rxf_begin(struct inic_rx_filter *f, bool promisc, bool allmulti);
/*
 * Add a secondary unicast address: the next free slot (duplicates take
 * none). Returns the slot, or INIC_CORE_NONE when the table is full: the
 * filter then turns promiscuous.
 */
__u32 inic_rxf_add_uc(struct inic_rx_filter *f, const __u8 mac[6]);
/* Add a multicast address to the hash; returns its bit. */
__u32 inic_rxf_add_mc(struct inic_rx_filter *f, const __u8 mac[6]);

#ifdef __cplusplus
}
#endif

#endif /* INIC_CORE_H */
