// SPDX-License-Identifier: GPL-2.0
/* Kernel memory and diagnostics for the inic C++ runtime. */
#include <linux/bug.h>
#include <linux/slab.h>

#include "inic.h"
#include "inic_rt.h"

void *inic_rt_alloc(unsigned long size)
{
	void *p;

	might_sleep();
	p = kzalloc(size, GFP_KERNEL);
	if (p)
		inic_mem_add(INIC_MEM_KMEM, ksize(p));
	return p;
}

void inic_rt_free(void *p)
{
	if (!p)
		return;
	inic_mem_sub(INIC_MEM_KMEM, ksize(p));
	kfree(p);
}

void inic_rt_pure_virtual(void)
{
	WARN(1, "inic: pure virtual function called\n");
}
