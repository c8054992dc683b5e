/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * inic device model: the extern "C" API of inic_core_api.h, a thin
 * wrapper over inic::Core for the QEMU glue (inic.c), the unit tests and
 * the fuzz harness.
 */
#include "inic_core.h"

#include <new>

struct InicCore {
    inic::Core core;
    InicCore(const InicConfig &cfg, const InicCallbacks &cb) : core(cfg, cb)
    {
    }
};

namespace inic {

Core &core_of(InicCore *c)
{
    return c->core;
}

} /* namespace inic */

extern "C" {

InicCore *inic_core_new(const InicConfig *cfg, const InicCallbacks *cb)
{
    if (!cfg || !cb || cfg->ports < 1 || cfg->ports > INIC_MAX_PORTS ||
        cfg->queues < 1 || cfg->vnic_rings > INIC_MAX_RINGS ||
        cfg->ports * cfg->queues + cfg->vnic_rings > INIC_MAX_RINGS ||
        cfg->vfs > INIC_MAX_VFS) {
        return nullptr;
    }
    return new (std::nothrow) InicCore(*cfg, *cb);
}

void inic_core_free(InicCore *c)
{
    delete c;
}

void inic_core_reset(InicCore *c)
{
    c->core.reset_full();
}

uint64_t inic_core_mmio_read(InicCore *c, uint64_t offset, unsigned size)
{
    return c->core.mmio_read(offset, size);
}

void inic_core_mmio_write(InicCore *c, uint64_t offset, uint64_t val,
                          unsigned size)
{
    c->core.mmio_write(offset, val, size);
}

size_t inic_core_receive(InicCore *c, unsigned port, const uint8_t *buf,
                         size_t len)
{
    return c->core.receive(port, buf, len);
}

bool inic_core_can_receive(InicCore *c, unsigned port)
{
    return c->core.can_receive(port);
}

void inic_core_set_link(InicCore *c, unsigned port, bool up)
{
    c->core.set_link(port, up);
}

bool inic_core_set_vnet_hdr(InicCore *c, unsigned port, unsigned hdr_len)
{
    return c->core.set_vnet_hdr(port, hdr_len);
}

void inic_core_run_tx(InicCore *c)
{
    c->core.run_tx();
}

void inic_core_tx_resume(InicCore *c, unsigned port)
{
    c->core.tx_resume(port);
}

void inic_core_bus_master_changed(InicCore *c)
{
    c->core.bus_master_changed();
}

unsigned inic_core_num_timers(InicCore *c)
{
    return c->core.num_timers();
}

void inic_core_timer(InicCore *c, unsigned id)
{
    c->core.timer_expired(id);
}

uint64_t inic_core_vf_mmio_read(InicCore *c, unsigned vf, uint64_t offset,
                                unsigned size)
{
    return c->core.vf_mmio_read(vf, offset, size);
}

void inic_core_vf_mmio_write(InicCore *c, unsigned vf, uint64_t offset,
                             uint64_t val, unsigned size)
{
    c->core.vf_mmio_write(vf, offset, val, size);
}

void inic_core_set_num_vfs(InicCore *c, unsigned n)
{
    c->core.set_num_vfs(n);
}

void inic_core_vf_flr(InicCore *c, unsigned vf)
{
    c->core.vf_flr(vf);
}

} /* extern "C" */
