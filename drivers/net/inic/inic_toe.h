/* SPDX-License-Identifier: GPL-2.0 */
/*
 * inic: TOE connection handoff (inic_toe.c), and what the netlink side
 * (inic_toe_nl.c), the RX path and ethtool ask of it.
 *
 * inic_toe.c owns the device's TOE block (INIC_TOE_BASE): the random
 * cookie secret, TOE_CTRL from the host's TCP sysctls (policy/toe.h
 * decides), the listener table (the policy's shadow, written to the LSN
 * registers) and the per-port counters. A frame the device delivered with
 * STA_TOE gets its decoded connection parameters as skb metadata
 * (include/inic_toe_meta.h) for the tc-ingress BPF program that attaches
 * a request socket (tools/inictl/bpf/inic_toe.bpf.c).
 */
#ifndef INIC_TOE_H
#define INIC_TOE_H

#include <linux/types.h>

#include "inic_hw.h"
#include "policy/toe.h"

struct inic_dev;
struct inic_port;
struct inic_rx_desc;
struct netlink_ext_ack;
struct sk_buff;

/* A snapshot for `inictl toe show` (inic_toe_get()). */
struct inic_toe_state {
	u32 ctrl;			/* TOE_CTRL as written */
	u32 num_ports;
	u32 used;			/* bit i: table.e[i] is a listener */
	struct inic_toe_listener e[INIC_TOE_LISTENERS];
	u64 stats[INIC_MAX_PORTS][INIC_TOE_STAT__COUNT];
};

/*
 * Probe/remove of the PF (inic_pci.c), after the netdevs are registered
 * and before they go; a VF or a device without INIC_CAP_TOE gets 0 and
 * nothing. fini removes every listener and turns the engine off.
 */
int inic_toe_init(struct inic_dev *idev);
void inic_toe_fini(struct inic_dev *idev);

/* After a device reset (RTNL): program the engine and listeners again. */
void inic_toe_reset_done(struct inic_dev *idev);

/*
 * Add or remove listener l (l->port: the device port). Sleeps; an extack
 * message on every refusal (no CAP_TOE, sysctls that cannot agree, port
 * 0, duplicate, table full, no such listener).
 */
int inic_toe_listen(struct inic_dev *idev, const struct inic_toe_listener *l,
		    bool add, struct netlink_ext_ack *extack);

/* The state, or -EOPNOTSUPP without a TOE engine. Sleeps. */
int inic_toe_get(struct inic_dev *idev, struct inic_toe_state *st);

/* RX path: the frame's descriptor has STA_TOE; before eth_type_trans(). */
void inic_toe_rx(struct sk_buff *skb, const struct inic_rx_desc *desc);

/* ethtool -S: the port's TOE counters (none without the engine). */
int inic_toe_sset_count(struct inic_port *port);
void inic_toe_get_strings(struct inic_port *port, u8 **data);
void inic_toe_get_stats(struct inic_port *port, u64 **data);

#endif /* INIC_TOE_H */
