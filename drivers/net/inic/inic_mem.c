// SPDX-License-Identifier: GPL-2.0
/*
 * inic memory ledger: every allocation the driver makes itself, counted by
 * kind (kmalloc family in C and C++, coherent DMA, page pools, netdevs) as
 * live objects, live bytes and allocations ever made. What a device, a
 * port or a VF set allocates is returned when it goes: the soak compares
 * the ledger before and after each cycle (debugfs inic/memory), and module
 * exit warns about anything still live. devm allocations (freed by the
 * driver core) are not counted.
 */
#include <linux/atomic.h>
#include <linux/bug.h>
#include <linux/debugfs.h>
#include <linux/seq_file.h>

#include "inic.h"

static const char *const inic_mem_names[INIC_MEM_KINDS] = {
	[INIC_MEM_KMEM]		= "kmem",
	[INIC_MEM_DMA]		= "dma",
	[INIC_MEM_PAGE_POOL]	= "page_pool",
	[INIC_MEM_NETDEV]	= "netdev",
};

static struct {
	atomic_long_t live;
	atomic_long_t bytes;
	atomic_long_t allocs;
} inic_mem[INIC_MEM_KINDS];

void inic_mem_add(enum inic_mem_kind kind, size_t bytes)
{
	atomic_long_inc(&inic_mem[kind].live);
	atomic_long_add(bytes, &inic_mem[kind].bytes);
	atomic_long_inc(&inic_mem[kind].allocs);
}

void inic_mem_sub(enum inic_mem_kind kind, size_t bytes)
{
	WARN_ONCE(atomic_long_dec_return(&inic_mem[kind].live) < 0,
		  "inic: more %s frees than allocations\n",
		  inic_mem_names[kind]);
	atomic_long_sub(bytes, &inic_mem[kind].bytes);
}

long inic_mem_live(enum inic_mem_kind kind)
{
	return atomic_long_read(&inic_mem[kind].live);
}

static int inic_mem_show(struct seq_file *s, void *unused)
{
	int k;

	seq_puts(s, "kind live bytes allocs\n");
	for (k = 0; k < INIC_MEM_KINDS; k++)
		seq_printf(s, "%s %ld %ld %ld\n", inic_mem_names[k],
			   atomic_long_read(&inic_mem[k].live),
			   atomic_long_read(&inic_mem[k].bytes),
			   atomic_long_read(&inic_mem[k].allocs));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(inic_mem);

void inic_mem_debugfs(struct dentry *root)
{
	debugfs_create_file("memory", 0444, root, NULL, &inic_mem_fops);
}

/* Module exit: everything the driver allocated must be back. */
void inic_mem_check_exit(void)
{
	int k;

	for (k = 0; k < INIC_MEM_KINDS; k++)
		WARN(inic_mem_live(k) || atomic_long_read(&inic_mem[k].bytes),
		     "inic: leaked at module exit: %ld %s objects, %ld bytes\n",
		     inic_mem_live(k), inic_mem_names[k],
		     atomic_long_read(&inic_mem[k].bytes));
}
