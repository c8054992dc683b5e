/* SPDX-License-Identifier: GPL-2.0 */
/*
 * C helpers behind the kernel C++ runtime (inic_rt.cpp): memory for
 * operator new/delete comes from kmalloc/kfree through these, so the C++
 * side needs no kernel header. Implemented in inic_rt_glue.c.
 */
#ifndef INIC_RT_H
#define INIC_RT_H

#ifdef __cplusplus
extern "C" {
#endif

/* Zeroed memory that may sleep to get (GFP_KERNEL); NULL on failure. */
void *inic_rt_alloc(unsigned long size);
void inic_rt_free(void *p);
/* Called by a pure virtual call: WARN and go on. */
void inic_rt_pure_virtual(void);

#ifdef __cplusplus
}
#endif

#endif /* INIC_RT_H */
