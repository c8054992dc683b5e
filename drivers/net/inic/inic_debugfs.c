// SPDX-License-Identifier: GPL-2.0
/*
 * inic debugfs: the root /sys/kernel/debug/inic (module init/exit) and a
 * directory per device under it. The VF client's test hooks (mbox_raw,
 * mbox_flood, mbox_deaf, mbox) are created in its directory by inic_vf.c,
 * which owns the state they act on.
 */
#include <linux/debugfs.h>
#include <linux/pci.h>

#include "inic.h"

static struct dentry *inic_debugfs_root;

void inic_debugfs_init(void)
{
	inic_debugfs_root = debugfs_create_dir(INIC_DRV_NAME, NULL);
	inic_mem_debugfs(inic_debugfs_root);
}

void inic_debugfs_exit(void)
{
	debugfs_remove_recursive(inic_debugfs_root);
	inic_debugfs_root = NULL;
}

struct dentry *inic_debugfs_dev_dir(struct inic_dev *idev)
{
	if (!inic_debugfs_root)
		return NULL;
	return debugfs_create_dir(pci_name(idev->pdev), inic_debugfs_root);
}
