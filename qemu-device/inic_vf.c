/*
 * inic: a virtual function (QEMU glue), the role of igbvf.c.
 *
 * A VF is its own PCI function (BAR0 registers, BAR3 MSI-X, PCIe with
 * FLR, ARI) created by the PF's SR-IOV capability; its registers, DMA and
 * interrupts are modelled by the PF's inic::Core (inic_vf_regs.cpp), which
 * it reaches through its PF. See Documentation/device-model.rst.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/module.h"
#include "qemu/range.h"
#include "hw/pci/pci_device.h"
#include "hw/pci/pcie.h"
#include "hw/pci/msix.h"
#include "hw/pci/pcie_sriov.h"

#include "inic_hw.h"
#include "inic_core_api.h"
#include "inic_qemu.h"

OBJECT_DECLARE_SIMPLE_TYPE(InicVfState, INIC_VF)

#define INIC_VF_MSIX_PBA        0x800

struct InicVfState {
    PCIDevice parent_obj;
    MemoryRegion mmio;
    MemoryRegion msix;
};

/* The model behind VF vf: its PF's. */
static InicCore *inic_vf_core(PCIDevice *vf)
{
    return inic_pf_core(pcie_sriov_get_pf(vf));
}

static uint64_t inic_vf_mmio_read(void *opaque, hwaddr addr, unsigned size)
{
    PCIDevice *vf = PCI_DEVICE(opaque);

    return inic_core_vf_mmio_read(inic_vf_core(vf),
                                  pcie_sriov_vf_number(vf), addr, size);
}

static void inic_vf_mmio_write(void *opaque, hwaddr addr, uint64_t val,
                               unsigned size)
{
    PCIDevice *vf = PCI_DEVICE(opaque);

    inic_core_vf_mmio_write(inic_vf_core(vf), pcie_sriov_vf_number(vf),
                            addr, val, size);
}

static const MemoryRegionOps inic_vf_mmio_ops =
    INIC_MMIO_OPS(inic_vf_mmio_read, inic_vf_mmio_write);

static void inic_vf_write_config(PCIDevice *vf, uint32_t addr, uint32_t val,
                                 int len)
{
    pci_default_write_config(vf, addr, val, len);
    pcie_cap_flr_write_config(vf, addr, val, len);
    if (range_covers_byte(addr, len, PCI_COMMAND)) {
        inic_core_bus_master_changed(inic_vf_core(vf));
    }
}

static void inic_vf_realize(PCIDevice *vf, Error **errp)
{
    InicVfState *s = INIC_VF(vf);
    unsigned i;

    vf->config_write = inic_vf_write_config;

    memory_region_init_io(&s->mmio, OBJECT(vf), &inic_vf_mmio_ops, s,
                          "inic-vf-mmio", INIC_BAR_REGS_SIZE);
    pci_register_bar(vf, INIC_BAR_REGS, PCI_BASE_ADDRESS_MEM_TYPE_64,
                     &s->mmio);
    memory_region_init(&s->msix, OBJECT(vf), "inic-vf-msix",
                       INIC_VF_BAR_MSIX_SIZE);
    pci_register_bar(vf, INIC_BAR_MSIX, PCI_BASE_ADDRESS_MEM_TYPE_64,
                     &s->msix);
    if (msix_init(vf, INIC_VF_VECTORS, &s->msix, INIC_BAR_MSIX, 0, &s->msix,
                  INIC_BAR_MSIX, INIC_VF_MSIX_PBA, 0, errp)) {
        return;
    }
    for (i = 0; i < INIC_VF_VECTORS; i++) {
        msix_vector_use(vf, i);
    }
    if (pcie_endpoint_cap_init(vf, INIC_PCIE_CAP_OFFSET) < 0) {
        error_setg(errp, "inic-vf: cannot add the PCI Express capability");
        msix_unuse_all_vectors(vf);
        msix_uninit(vf, &s->msix, &s->msix);
        return;
    }
    pcie_cap_flr_init(vf);
    pcie_ari_init(vf, INIC_ARI_CAP_OFFSET);
}

static void inic_vf_exit(PCIDevice *vf)
{
    InicVfState *s = INIC_VF(vf);

    pcie_cap_exit(vf);
    msix_unuse_all_vectors(vf);
    msix_uninit(vf, &s->msix, &s->msix);
}

static void inic_vf_reset_hold(Object *obj, ResetType type)
{
    PCIDevice *vf = PCI_DEVICE(obj);
    InicCore *core = inic_vf_core(vf);
    uint16_t devctl = pci_get_word(vf->config + vf->exp.exp_cap +
                                   PCI_EXP_DEVCTL);

    /*
     * An FLR (pcie_cap_flr_write_config resets with BCR_FLR still set)
     * resets this VF only; a bus or system reset is the PF's business.
     */
    if (core && (devctl & PCI_EXP_DEVCTL_BCR_FLR)) {
        inic_core_vf_flr(core, pcie_sriov_vf_number(vf));
    }
}

static void inic_vf_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    ResettableClass *rc = RESETTABLE_CLASS(klass);
    PCIDeviceClass *k = PCI_DEVICE_CLASS(klass);

    inic_class_init_common(klass, INIC_PCI_DEVICE_VF, "inic virtual function");
    k->realize = inic_vf_realize;
    k->exit = inic_vf_exit;
    rc->phases.hold = inic_vf_reset_hold;
    dc->user_creatable = false;
}

static const TypeInfo inic_vf_info = {
    .name = TYPE_INIC_VF,
    .parent = TYPE_PCI_DEVICE,
    .instance_size = sizeof(InicVfState),
    .class_init = inic_vf_class_init,
    .interfaces = (InterfaceInfo[]) {
        { INTERFACE_PCIE_DEVICE },
        { }
    },
};

static void inic_vf_register_types(void)
{
    type_register_static(&inic_vf_info);
}

type_init(inic_vf_register_types)
