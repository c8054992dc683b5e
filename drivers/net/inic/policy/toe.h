/* SPDX-License-Identifier: GPL-2.0 */
/*
 * inic policy: TOE connection handoff (policy/toe.cpp). The driver's
 * shadow of the device's listener table (hw-reference.rst "TOE block"):
 * which entry a listener takes, the register values of that entry, and
 * the engine's TOE_CTRL, which must agree with the host's TCP sysctls
 * (the host turns each handed-off ACK into a socket through its own
 * syncookie path, so it must accept what the device negotiated).
 * Documentation/driver.rst "TOE connection handoff" gives the rules.
 */
#ifndef INIC_POLICY_TOE_H
#define INIC_POLICY_TOE_H

#include "policy/types.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The host's sysctls that matter, as the glue read them. */
struct inic_toe_sysctls {
	__u8 syncookies;	/* net.ipv4.tcp_syncookies (0, 1, 2) */
	__u8 window_scaling;	/* net.ipv4.tcp_window_scaling */
	__u8 sack;		/* net.ipv4.tcp_sack */
	__u8 timestamps;	/* net.ipv4.tcp_timestamps (0, 1, 2) */
	__u8 ecn;		/* net.ipv4.tcp_ecn (0, 1, 2) */
};

/* What the engine may negotiate: TOE_CTRL, or why the host cannot agree. */
struct inic_toe_ctrl_decision {
	__u32 ctrl;		/* INIC_TOE_CTRL_*, ENABLE included; 0 if why */
	const char *why;	/* refused: the reason (static string) */
};

/* Decide TOE_CTRL for the sysctls s; d is filled completely. Pure. */
void inic_toe_ctrl_decide(const struct inic_toe_sysctls *s,
			  struct inic_toe_ctrl_decision *d);

/* A listener as a user asks for it. */
struct inic_toe_listener {
	__u32 port;		/* the device port (its netdev) */
	__u16 tcp_port;
	__u8 family;		/* 4 or 6 */
	__u8 any;		/* no address: any of the family */
	__u8 addr[16];		/* network order; IPv4 in bytes 0-3 */
};

/* The driver's copy of the table (zeroed: empty). */
struct inic_toe_table {
	__u32 num_ports;	/* NUM_PORTS of the device */
	__u32 used;		/* bit i: entry i holds a listener */
	struct inic_toe_listener e[INIC_TOE_LISTENERS];
};

/* One entry's registers, to write with ENABLE last (or to clear). */
struct inic_toe_entry_regs {
	__u32 index;		/* entry */
	__u32 addr[4];		/* TOE_LSN_ADDR(0..3) */
	__u32 ctrl;		/* TOE_LSN_CTRL, 0 for a removed entry */
};

/*
 * Add l to t: 0 and the entry's registers in r, or a negative INIC_E_*
 * with the reason in *why (port 0, unknown port or family, the same
 * listener already there, table full); t is then unchanged.
 */
int inic_toe_add(struct inic_toe_table *t, const struct inic_toe_listener *l,
		 struct inic_toe_entry_regs *r, const char **why);

/* Remove the listener equal to l: 0 and the cleared entry, or -NOENT. */
int inic_toe_del(struct inic_toe_table *t, const struct inic_toe_listener *l,
		 struct inic_toe_entry_regs *r, const char **why);

/*
 * Remove every listener of device port: the mask of entries to clear
 * (their CTRL written 0). Used when a port's netdev goes away.
 */
__u32 inic_toe_del_port(struct inic_toe_table *t, __u32 port);

/* Listeners of device port in t. */
__u32 inic_toe_count(const struct inic_toe_table *t, __u32 port);

#ifdef __cplusplus
}
#endif

#endif /* INIC_POLICY_TOE_H */
