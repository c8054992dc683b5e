/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * inic device model: services of a PCI function (the PF or a VF): bus
 * mastering, DMA through the function's own device, MSI-X vectors, the misc
 * interrupt cause and the error counters.
 */
#include "inic_core.h"
#include "inic_core_int.h"

#include <algorithm>
#include <cstring>

namespace inic {

/* ---- Interrupts and errors ---- */

bool Core::bus_master_fn(unsigned owner)
{
    if (owner == OWNER_PF) {
        return cb_.bus_master_enabled(cb_.opaque);
    }
    if (owner == OWNER_NONE || owner - 1 >= vfs_enabled_ ||
        !cb_.vf_bus_master_enabled) {
        return false;
    }
    return cb_.vf_bus_master_enabled(cb_.opaque, owner - 1);
}

/* DMA through the owning function's own PCI device (its IOMMU context). */
int Core::dma_read(unsigned owner, uint64_t a, void *b, size_t l)
{
    if (owner == OWNER_PF) {
        return cb_.dma_read(cb_.opaque, a, b, l);
    }
    if (owner == OWNER_NONE || !cb_.vf_dma_read) {
        return -1;
    }
    return cb_.vf_dma_read(cb_.opaque, owner - 1, a, b, l);
}

int Core::dma_write(unsigned owner, uint64_t a, const void *b, size_t l)
{
    if (owner == OWNER_PF) {
        return cb_.dma_write(cb_.opaque, a, b, l);
    }
    if (owner == OWNER_NONE || !cb_.vf_dma_write) {
        return -1;
    }
    return cb_.vf_dma_write(cb_.opaque, owner - 1, a, b, l);
}

void Core::notify_fn(unsigned owner, uint32_t vector)
{
    if (owner == OWNER_NONE || vector >= vectors_of(owner)) {
        return;
    }
    if (owner == OWNER_PF) {
        cb_.msix_notify(cb_.opaque, vector);
    } else if (cb_.vf_msix_notify && owner - 1 < vfs_enabled_) {
        cb_.vf_msix_notify(cb_.opaque, owner - 1, vector);
    }
}

void Core::raise_misc_fn(unsigned owner, uint32_t cause)
{
    if (owner == OWNER_NONE) {
        return;
    }
    Func &f = func(owner);
    uint32_t fresh = cause & ~f.misc_cause;

    f.misc_cause |= cause;
    if (fresh & f.misc_mask) {
        notify_fn(owner, f.misc_vector);
    }
}

void Core::error_fn(unsigned owner, inic_err code, uint32_t info)
{
    if (owner == OWNER_NONE) {
        return;
    }
    Func &f = func(owner);
    f.err_count[code]++;
    f.err_total++;
    f.err_last = code;
    f.err_info = info;
    if (cb_.refused) {
        cb_.refused(cb_.opaque, owner, code, info);
    }
    raise_misc_fn(owner, INIC_MISC_ERROR);
}

} /* namespace inic */
