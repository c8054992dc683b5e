// SPDX-License-Identifier: GPL-2.0
/* Kernel memory and diagnostics for the inic C++ runtime. */
#include <linux/bug.h>
#include <linux/slab.h>

#include "inic_rt.h"

void *inic_rt_alloc(unsigned long size)
{
	might_sleep();
	return kzalloc(size, GFP_KERNEL);
}

void inic_rt_free(void *p)
{
	kfree(p);
}

void inic_rt_pure_virtual(void)
{
	WARN(1, "inic: pure virtual function called\n");
}
