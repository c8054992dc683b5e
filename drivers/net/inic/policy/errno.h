/* SPDX-License-Identifier: GPL-2.0 */
/*
 * inic policy: every error a policy component returns, negated, with the
 * value Linux uses for errno (asserted once, in inic_pci.c).
 */
#ifndef INIC_POLICY_ERRNO_H
#define INIC_POLICY_ERRNO_H

#define INIC_E_NODEV		19	/* ENODEV */
#define INIC_E_INVAL		22	/* EINVAL */
#define INIC_E_RANGE		34	/* ERANGE */
#define INIC_E_NOSPC		28	/* ENOSPC */
#define INIC_E_ADDRNOTAVAIL	99	/* EADDRNOTAVAIL */
#define INIC_E_PERM		1	/* EPERM */
#define INIC_E_BUSY		16	/* EBUSY */
#define INIC_E_MSGSIZE		90	/* EMSGSIZE */
#define INIC_E_PROTO		71	/* EPROTO */
#define INIC_E_OPNOTSUPP	95	/* EOPNOTSUPP */
#define INIC_E_PROTONOSUPPORT	93	/* EPROTONOSUPPORT */
#define INIC_E_EXIST		17	/* EEXIST */
#define INIC_E_NOENT		2	/* ENOENT */

#endif /* INIC_POLICY_ERRNO_H */
