/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/*
 * inic TOE connection handoff: the skb metadata the driver writes in front
 * of a frame the device delivered with RXD STA_TOE (skb_metadata_set()),
 * read by the tc-ingress BPF program (tools/inictl/bpf/inic_toe.bpf.c)
 * through __sk_buff->data_meta. Shared by the driver (inic_toe.c) and the
 * BPF program; Documentation/driver.rst "TOE connection handoff".
 *
 * The device validated the SYN cookie; the fields are what it decoded from
 * it (hw-reference.rst "TOE descriptor fields") plus the ACK's timestamp
 * option, which the driver parses so the program need not.
 */
#ifndef INIC_TOE_META_H
#define INIC_TOE_META_H

#include <linux/types.h>

#define INIC_TOE_META_MAGIC	0x6e54 /* "Tn" */

/* flags: the RXD toe_flags bits (inic_hw.h INIC_RXD_TOE_*). */
#define INIC_TOE_META_WSCALE	(1u << 0)
#define INIC_TOE_META_SACK	(1u << 1)
#define INIC_TOE_META_TS	(1u << 2)
#define INIC_TOE_META_ECN	(1u << 3)
#define INIC_TOE_META_V6	(1u << 4)

struct inic_toe_meta {
	__u16 magic;		/* INIC_TOE_META_MAGIC */
	__u16 mss;		/* negotiated MSS (RXD toe_mss) */
	__u8 snd_wscale;	/* the client's window scale */
	__u8 rcv_wscale;	/* the device's (the host's) own */
	__u8 flags;		/* INIC_TOE_META_* */
	__u8 version;		/* 1 */
	__u32 tsval;		/* the ACK's TSval (TS only) */
	__u32 tsecr;		/* the ACK's TSecr: the device's TSval */
};

#define INIC_TOE_META_VERSION	1

#endif /* INIC_TOE_META_H */
