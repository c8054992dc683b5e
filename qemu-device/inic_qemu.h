/*
 * inic QEMU glue: what the PF (inic.c) and its virtual functions
 * (inic_vf.c) share.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef HW_NET_INIC_QEMU_H
#define HW_NET_INIC_QEMU_H

#include "hw/pci/pci_device.h"
#include "inic_core_api.h"

#define TYPE_INIC_VF "inic-vf"

#define INIC_PCIE_CAP_OFFSET    0xa0
#define INIC_ARI_CAP_OFFSET     0x100

/* BAR0 of the PF and of a VF: 32- and 64-bit little-endian accesses. */
#define INIC_MMIO_OPS(rd, wr) {                 \
    .read = (rd),                               \
    .write = (wr),                              \
    .endianness = DEVICE_LITTLE_ENDIAN,         \
    .valid = {                                  \
        .min_access_size = 4,                   \
        .max_access_size = 8,                   \
    },                                          \
    .impl = {                                   \
        .min_access_size = 4,                   \
        .max_access_size = 8,                   \
    },                                          \
}

/* Vendor, device id, class, vmstate: the same for the PF and a VF. */
void inic_class_init_common(ObjectClass *klass, uint16_t device_id,
                            const char *desc);

/* The model behind PF pf (an inic device), or NULL. */
InicCore *inic_pf_core(PCIDevice *pf);

#endif
