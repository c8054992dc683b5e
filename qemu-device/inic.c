/*
 * inic: a multi-port PCI Express NIC (QEMU glue).
 *
 * This file owns everything that touches QEMU: the QOM type, properties,
 * BARs, MSI-X, PCIe capability, one NIC backend per port, the transmit
 * bottom half and DMA. The hardware itself is modelled in C++
 * (inic::Core, inic_*.cpp; see Documentation/device-model.rst) behind the
 * C API of inic_core_api.h.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/log.h"
#include "qemu/module.h"
#include "qemu/main-loop.h"
#include "qemu/range.h"
#include "qemu/timer.h"
#include "hw/pci/pci_device.h"
#include "hw/pci/pcie.h"
#include "hw/pci/msix.h"
#include "hw/pci/pcie_sriov.h"
#include "hw/qdev-properties.h"
#include "hw/qdev-properties-system.h"
#include "migration/vmstate.h"
#include "net/net.h"
#include "system/dma.h"

#include "inic_hw.h"
#include "inic_core_api.h"
#include "inic_qemu.h"
#include "trace.h"

#define TYPE_INIC "inic"
OBJECT_DECLARE_SIMPLE_TYPE(InicState, INIC)

#define INIC_MAX_QUEUES_PROP    64
#define INIC_SRIOV_CAP_OFFSET   0x160

typedef struct InicTimer {
    InicState *s;
    unsigned id;
    QEMUTimer *timer;
} InicTimer;

typedef struct InicPort {
    InicState *s;
    unsigned index;
    NICConf conf;
    NICState *nic;
    unsigned vnet_len;          /* 1.5: backend's virtio-net header */
} InicPort;

struct InicState {
    PCIDevice parent_obj;

    MemoryRegion mmio;
    QEMUBH *tx_bh;
    InicCore *core;
    InicPort port[INIC_MAX_PORTS];
    InicTimer *timers;          /* interrupt moderation, one per ring */
    unsigned num_timers;

    /* Properties. */
    uint8_t num_ports;
    uint32_t queues;
    uint32_t vnic_rings;    /* 1.8: PF rings beyond ports * queues */
    uint16_t vfs;               /* SR-IOV TotalVFs */
    uint16_t num_vfs;           /* VFs enabled, as the core knows it */
    uint32_t speed;
    MACAddr mac;
    bool vnet_hdr;              /* use a backend's virtio-net header */
    /*
     * Inside a PF register write: the TX engine a doorbell asks for runs
     * when the write is done, in the same exit (as e1000e and igb send on
     * their TDT write), not in a bottom half of the main loop.
     */
    bool in_mmio;
    bool tx_kick;
    bool tx_inline;             /* x-tx-inline: the above (default on) */
    bool tx_zero_copy;          /* x-tx-zero-copy: dma_map (default on) */
    NICPeers peers[INIC_MAX_PORTS];
};

/* ---- Callbacks for the core ---- */

/*
 * DMA, MSI-X and bus mastering of one function, the PF or a VF; d is NULL
 * for a VF that is not enabled.
 */
static int inic_dma_read(PCIDevice *d, uint64_t addr, void *buf, size_t len)
{
    return !d || pci_dma_read(d, addr, buf, len) != MEMTX_OK;
}

static int inic_dma_write(PCIDevice *d, uint64_t addr, const void *buf,
                          size_t len)
{
    return !d || pci_dma_write(d, addr, buf, len) != MEMTX_OK;
}

/*
 * Zero-copy transmit: map [addr, addr + *len) of d's DMA address space for
 * reading in place. Only guest RAM is mapped: anything else (MMIO, a
 * hole, bus mastering off, an IOMMU refusal) returns NULL and the core
 * copies with inic_dma_read instead, which refuses what is not memory.
 */
static const void *inic_dma_map(PCIDevice *d, uint64_t addr, size_t *len)
{
    AddressSpace *as;
    MemoryRegion *mr;
    hwaddr xlat, rl = *len;
    dma_addr_t l = *len;
    void *p;

    if (!d || !l) {
        return NULL;
    }
    as = pci_get_address_space(d);
    WITH_RCU_READ_LOCK_GUARD() {
        mr = address_space_translate(as, addr, &xlat, &rl, false,
                                     MEMTXATTRS_UNSPECIFIED);
        if (!memory_region_is_ram(mr) || memory_region_is_ram_device(mr)) {
            return NULL;
        }
    }
    p = dma_memory_map(as, addr, &l, DMA_DIRECTION_TO_DEVICE,
                       MEMTXATTRS_UNSPECIFIED);
    if (p && (!l || l > *len)) {
        dma_memory_unmap(as, p, l, DMA_DIRECTION_TO_DEVICE, 0);
        return NULL;
    }
    *len = l;
    return p;
}

static void inic_dma_unmap(PCIDevice *d, const void *p, size_t len)
{
    if (d) {
        dma_memory_unmap(pci_get_address_space(d), (void *)p, len,
                         DMA_DIRECTION_TO_DEVICE, 0);
    }
}

static void inic_msix_notify(PCIDevice *d, unsigned vector)
{
    if (d && msix_enabled(d) && vector < d->msix_entries_nr) {
        msix_notify(d, vector);
    }
}

static bool inic_bus_master_enabled(PCIDevice *d)
{
    return d && (pci_get_word(d->config + PCI_COMMAND) & PCI_COMMAND_MASTER);
}

static int inic_cb_dma_read(void *opaque, uint64_t addr, void *buf,
                            size_t len)
{
    return inic_dma_read(PCI_DEVICE(opaque), addr, buf, len);
}

static int inic_cb_dma_write(void *opaque, uint64_t addr, const void *buf,
                             size_t len)
{
    return inic_dma_write(PCI_DEVICE(opaque), addr, buf, len);
}

/* fn: 0 the PF, 1 + v VF v. */
static PCIDevice *inic_fn_dev(InicState *s, unsigned fn)
{
    return fn ? pcie_sriov_get_vf_at_index(PCI_DEVICE(s), fn - 1)
              : PCI_DEVICE(s);
}

static const void *inic_cb_dma_map(void *opaque, unsigned fn, uint64_t addr,
                                   size_t *len)
{
    InicState *s = opaque;

    if (!s->tx_zero_copy) {
        return NULL;            /* the core copies */
    }
    return inic_dma_map(inic_fn_dev(s, fn), addr, len);
}

static void inic_cb_dma_unmap(void *opaque, unsigned fn, const void *p,
                              size_t len)
{
    inic_dma_unmap(inic_fn_dev(opaque, fn), p, len);
}

static void inic_cb_msix_notify(void *opaque, unsigned vector)
{
    inic_msix_notify(PCI_DEVICE(opaque), vector);
}

/* VF vf's PCI function, if enabled. */
static PCIDevice *inic_vf_dev(InicState *s, unsigned vf)
{
    return pcie_sriov_get_vf_at_index(PCI_DEVICE(s), vf);
}

static int inic_cb_vf_dma_read(void *opaque, unsigned vf, uint64_t addr,
                               void *buf, size_t len)
{
    return inic_dma_read(inic_vf_dev(opaque, vf), addr, buf, len);
}

static int inic_cb_vf_dma_write(void *opaque, unsigned vf, uint64_t addr,
                                const void *buf, size_t len)
{
    return inic_dma_write(inic_vf_dev(opaque, vf), addr, buf, len);
}

static void inic_cb_vf_msix_notify(void *opaque, unsigned vf, unsigned vector)
{
    inic_msix_notify(inic_vf_dev(opaque, vf), vector);
}

static bool inic_cb_vf_bus_master_enabled(void *opaque, unsigned vf)
{
    return inic_bus_master_enabled(inic_vf_dev(opaque, vf));
}

static uint64_t inic_cb_clock_ns(void *opaque)
{
    return qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
}

static void inic_tx_sent(NetClientState *nc, ssize_t len)
{
    InicPort *port = qemu_get_nic_opaque(nc);

    inic_core_tx_resume(port->s->core, port->index);
}

/* The all-zero header: a whole frame, its checksums done. */
static const uint8_t inic_vnet_zero[12];

static bool inic_cb_net_sendv_vnet(void *opaque, unsigned p,
                                   const uint8_t *vnet, const InicIov *iov,
                                   unsigned niov)
{
    InicState *s = opaque;
    struct iovec v[1 + INIC_CORE_MAX_IOV];
    unsigned i;

    if (p >= s->num_ports || !s->port[p].nic || niov > INIC_CORE_MAX_IOV) {
        return true;
    }
    v[0].iov_base = (void *)vnet;
    v[0].iov_len = s->port[p].vnet_len;
    for (i = 0; i < niov; i++) {
        v[1 + i].iov_base = (void *)iov[i].base;
        v[1 + i].iov_len = iov[i].len;
    }
    return qemu_sendv_packet_async(qemu_get_queue(s->port[p].nic), v,
                                   niov + 1, inic_tx_sent) != 0;
}

static bool inic_cb_net_send(void *opaque, unsigned p, const uint8_t *buf,
                             size_t len)
{
    InicState *s = opaque;

    if (p >= s->num_ports || !s->port[p].nic) {
        return true;
    }
    if (s->port[p].vnet_len) {
        InicIov iov = { buf, len };

        return inic_cb_net_sendv_vnet(opaque, p, inic_vnet_zero, &iov, 1);
    }
    return qemu_send_packet_async(qemu_get_queue(s->port[p].nic), buf, len,
                                  inic_tx_sent) != 0;
}

static bool inic_cb_net_sendv(void *opaque, unsigned p, const InicIov *iov,
                              unsigned niov)
{
    InicState *s = opaque;
    struct iovec v[INIC_CORE_MAX_IOV];
    unsigned i;

    if (p >= s->num_ports || !s->port[p].nic || niov > INIC_CORE_MAX_IOV) {
        return true;
    }
    if (s->port[p].vnet_len) {
        return inic_cb_net_sendv_vnet(opaque, p, inic_vnet_zero, iov, niov);
    }
    for (i = 0; i < niov; i++) {
        v[i].iov_base = (void *)iov[i].base;
        v[i].iov_len = iov[i].len;
    }
    return qemu_sendv_packet_async(qemu_get_queue(s->port[p].nic), v, niov,
                                   inic_tx_sent) != 0;
}

static const char *const inic_err_names[INIC_ERR__COUNT] = {
    [INIC_ERR_NONE] = "none",
    [INIC_ERR_BAD_REG] = "bad register",
    [INIC_ERR_BAD_RING_CFG] = "bad ring configuration",
    [INIC_ERR_DESC_DMA] = "descriptor DMA failed",
    [INIC_ERR_BUF_DMA] = "buffer DMA failed",
    [INIC_ERR_BAD_DESC] = "bad descriptor",
    [INIC_ERR_BAD_VECTOR] = "bad vector",
    [INIC_ERR_BAD_TAIL] = "bad tail",
    [INIC_ERR_BAD_VALUE] = "bad value",
    [INIC_ERR_BAD_OFFLOAD] = "bad offload request",
    [INIC_ERR_REENTRANT] = "re-entrant access",
    [INIC_ERR_CLS] = "classifier command refused",
};

/* A refusal: a trace event, and a guest error for -d guest_errors. */
static void inic_cb_refused(void *opaque, unsigned fn, unsigned code,
                            uint32_t info)
{
    const char *what = code < INIC_ERR__COUNT && inic_err_names[code] ?
                       inic_err_names[code] : "?";

    trace_inic_refused(fn, what, code, info);
    qemu_log_mask(LOG_GUEST_ERROR, "inic: function %u: refused: %s (%u), "
                  "info 0x%x\n", fn, what, code, info);
}

static void inic_cb_timer_mod(void *opaque, unsigned id, uint64_t delay_ns)
{
    InicState *s = opaque;

    if (id < s->num_timers) {
        timer_mod(s->timers[id].timer,
                  qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) + delay_ns);
    }
}

static void inic_cb_timer_del(void *opaque, unsigned id)
{
    InicState *s = opaque;

    if (id < s->num_timers) {
        timer_del(s->timers[id].timer);
    }
}

static void inic_itr_timer(void *opaque)
{
    InicTimer *t = opaque;

    inic_core_timer(t->s->core, t->id);
}

static void inic_cb_schedule_tx(void *opaque)
{
    InicState *s = opaque;

    if (s->in_mmio && s->tx_inline) {
        s->tx_kick = true;      /* inic_mmio_write runs it */
        return;
    }
    if (s->tx_bh) {
        qemu_bh_schedule(s->tx_bh);
    }
}

static void inic_cb_flush_rx(void *opaque, unsigned p)
{
    InicState *s = opaque;

    if (p < s->num_ports && s->port[p].nic) {
        qemu_flush_queued_packets(qemu_get_queue(s->port[p].nic));
    }
}

static bool inic_cb_bus_master_enabled(void *opaque)
{
    return inic_bus_master_enabled(PCI_DEVICE(opaque));
}

static void inic_tx_bh(void *opaque)
{
    InicState *s = opaque;

    inic_core_run_tx(s->core);
}

/* ---- Registers ---- */

static uint64_t inic_mmio_read(void *opaque, hwaddr addr, unsigned size)
{
    InicState *s = opaque;

    return inic_core_mmio_read(s->core, addr, size);
}

static void inic_mmio_write(void *opaque, hwaddr addr, uint64_t val,
                            unsigned size)
{
    InicState *s = opaque;

    s->in_mmio = true;
    inic_core_mmio_write(s->core, addr, val, size);
    s->in_mmio = false;
    /*
     * Still inside this BAR's access: the device's re-entrancy guard stops
     * the engine's DMA from reaching its own registers, as in the bottom
     * half. What the run's budget leaves goes to the bottom half.
     */
    if (s->tx_kick) {
        s->tx_kick = false;
        inic_core_run_tx(s->core);
    }
}

/* BAR0 of the PF and of every VF: 32- and 64-bit accesses. */

static const MemoryRegionOps inic_mmio_ops =
    INIC_MMIO_OPS(inic_mmio_read, inic_mmio_write);

static void inic_write_config(PCIDevice *pdev, uint32_t addr, uint32_t val,
                              int len)
{
    InicState *s = INIC(pdev);

    pci_default_write_config(pdev, addr, val, len);
    if (range_covers_byte(addr, len, PCI_COMMAND)) {
        inic_core_bus_master_changed(s->core);
    }
    /* SR-IOV VF Enable / NumVFs (pcie_sriov_config_write ran above). */
    if (s->vfs && s->core) {
        uint16_t n = pcie_sriov_num_vfs(pdev);
        if (n != s->num_vfs) {
            s->num_vfs = n;
            inic_core_set_num_vfs(s->core, n);
        }
    }
}

/* ---- Network backends ---- */

static bool inic_can_receive(NetClientState *nc)
{
    InicPort *port = qemu_get_nic_opaque(nc);

    return inic_core_can_receive(port->s->core, port->index);
}

static ssize_t inic_receive(NetClientState *nc, const uint8_t *buf,
                            size_t size)
{
    InicPort *port = qemu_get_nic_opaque(nc);

    return inic_core_receive(port->s->core, port->index, buf, size);
}

/*
 * 1.6: the PF turned large receive on a header port on or off: the
 * backend (a tap) hands us GSO frames with partial checksums only while
 * it is on (TCPv4/v6 and ECN; never UFO/USO, which the device refuses).
 */
static void inic_cb_set_rx_gso(void *opaque, unsigned p, bool on)
{
    InicState *s = opaque;
    NetClientState *peer;

    if (p >= s->num_ports || !s->port[p].nic || !s->port[p].vnet_len) {
        return;
    }
    peer = qemu_get_queue(s->port[p].nic)->peer;
    if (peer) {
        qemu_set_offload(peer, on, on, on, on, 0, 0, 0);
    }
}

/*
 * 1.5: a backend that takes a virtio-net header (tap with vnet_hdr) gets
 * one on every frame: offloads pass through it. Its receive offloads stay
 * off (the tap sends whole frames with their checksums done) until the
 * PF turns large receive on (1.6, inic_cb_set_rx_gso).
 */
static void inic_vnet_setup(InicState *s, InicPort *port)
{
    NetClientState *peer = qemu_get_queue(port->nic)->peer;
    const int len = 10;         /* struct virtio_net_hdr */

    if (!s->vnet_hdr || !peer || !qemu_has_vnet_hdr(peer) ||
        !qemu_has_vnet_hdr_len(peer, len) || qemu_set_vnet_le(peer, true)) {
        return;
    }
    if (!inic_core_set_vnet_hdr(s->core, port->index, len)) {
        return;
    }
    qemu_set_vnet_hdr_len(peer, len);
    port->vnet_len = len;
}

static void inic_link_status_changed(NetClientState *nc)
{
    InicPort *port = qemu_get_nic_opaque(nc);

    inic_core_set_link(port->s->core, port->index, !nc->link_down);
}

static NetClientInfo inic_net_info = {
    .type = NET_CLIENT_DRIVER_NIC,
    .size = sizeof(NICState),
    .can_receive = inic_can_receive,
    .receive = inic_receive,
    .link_status_changed = inic_link_status_changed,
};

/* ---- Device ---- */

static void inic_realize(PCIDevice *pdev, Error **errp)
{
    InicState *s = INIC(pdev);
    DeviceState *dev = DEVICE(pdev);
    InicConfig cfg = { 0 };
    InicCallbacks cb = {
        .opaque = s,
        .dma_read = inic_cb_dma_read,
        .dma_write = inic_cb_dma_write,
        .msix_notify = inic_cb_msix_notify,
        .net_send = inic_cb_net_send,
        .schedule_tx = inic_cb_schedule_tx,
        .flush_rx = inic_cb_flush_rx,
        .bus_master_enabled = inic_cb_bus_master_enabled,
        .net_sendv = inic_cb_net_sendv,
        .timer_mod = inic_cb_timer_mod,
        .timer_del = inic_cb_timer_del,
        .vf_dma_read = inic_cb_vf_dma_read,
        .vf_dma_write = inic_cb_vf_dma_write,
        .vf_msix_notify = inic_cb_vf_msix_notify,
        .vf_bus_master_enabled = inic_cb_vf_bus_master_enabled,
        .clock_ns = inic_cb_clock_ns,
        .refused = inic_cb_refused,
        .net_sendv_vnet = inic_cb_net_sendv_vnet,
        .dma_map = inic_cb_dma_map,
        .dma_unmap = inic_cb_dma_unmap,
        .set_rx_gso = inic_cb_set_rx_gso,
    };
    unsigned nvec, i;

    if (s->num_ports < 1 || s->num_ports > INIC_MAX_PORTS) {
        error_setg(errp, "inic: ports=%u is out of range (1..%d)",
                   s->num_ports, INIC_MAX_PORTS);
        return;
    }
    if (s->queues < 1 || s->queues > INIC_MAX_QUEUES_PROP) {
        error_setg(errp, "inic: queues=%u is out of range (1..%d)",
                   s->queues, INIC_MAX_QUEUES_PROP);
        return;
    }
    if (s->vnic_rings > INIC_MAX_RINGS ||
        s->num_ports * s->queues + s->vnic_rings > INIC_MAX_RINGS) {
        error_setg(errp, "inic: ports*queues+vnic-rings=%u exceeds %d "
                   "ring pairs", s->num_ports * s->queues + s->vnic_rings,
                   INIC_MAX_RINGS);
        return;
    }
    if (s->vfs > INIC_MAX_VFS) {
        error_setg(errp, "inic: vfs=%u is out of range (0..%d)",
                   s->vfs, INIC_MAX_VFS);
        return;
    }
    for (i = s->num_ports; i < INIC_MAX_PORTS; i++) {
        if (s->peers[i].ncs[0]) {
            error_setg(errp, "inic: netdev%u is set but the device has "
                       "only %u port(s)", i, s->num_ports);
            return;
        }
    }

    pdev->config_write = inic_write_config;

    memory_region_init_io(&s->mmio, OBJECT(s), &inic_mmio_ops, s,
                          "inic-mmio", INIC_BAR_REGS_SIZE);
    pci_register_bar(pdev, INIC_BAR_REGS,
                     PCI_BASE_ADDRESS_SPACE_MEMORY |
                     PCI_BASE_ADDRESS_MEM_TYPE_64, &s->mmio);

    if (pcie_endpoint_cap_init(pdev, INIC_PCIE_CAP_OFFSET) < 0) {
        error_setg(errp, "inic: cannot add the PCI Express capability");
        return;
    }

    nvec = 1 + s->num_ports * s->queues + s->vnic_rings;
    if (msix_init_exclusive_bar(pdev, nvec, INIC_BAR_MSIX, errp)) {
        pcie_cap_exit(pdev);
        return;
    }
    for (i = 0; i < nvec; i++) {
        msix_vector_use(pdev, i);
    }

    if (s->vfs) {
        pcie_ari_init(pdev, INIC_ARI_CAP_OFFSET);
        if (!pcie_sriov_pf_init(pdev, INIC_SRIOV_CAP_OFFSET, TYPE_INIC_VF,
                                INIC_PCI_DEVICE_VF, s->vfs, s->vfs,
                                INIC_VF_OFFSET, INIC_VF_STRIDE, errp)) {
            msix_unuse_all_vectors(pdev);
            msix_uninit_exclusive_bar(pdev);
            pcie_cap_exit(pdev);
            return;
        }
        pcie_sriov_pf_init_vf_bar(pdev, INIC_BAR_REGS,
                                  PCI_BASE_ADDRESS_MEM_TYPE_64,
                                  INIC_BAR_REGS_SIZE);
        pcie_sriov_pf_init_vf_bar(pdev, INIC_BAR_MSIX,
                                  PCI_BASE_ADDRESS_MEM_TYPE_64,
                                  INIC_VF_BAR_MSIX_SIZE);
    }

    qemu_macaddr_default_if_unset(&s->mac);
    cfg.ports = s->num_ports;
    cfg.queues = s->queues;
    cfg.vnic_rings = s->vnic_rings;
    cfg.speed = s->speed;
    cfg.vfs = s->vfs;
    for (i = 0; i < s->num_ports; i++) {
        memcpy(cfg.mac[i], s->mac.a, 6);
        cfg.mac[i][5] += i;
    }
    s->core = inic_core_new(&cfg, &cb);
    if (!s->core) {
        error_setg(errp, "inic: cannot create the device model");
        pcie_sriov_pf_exit(pdev);
        msix_unuse_all_vectors(pdev);
        msix_uninit_exclusive_bar(pdev);
        pcie_cap_exit(pdev);
        return;
    }

    s->tx_bh = qemu_bh_new_guarded(inic_tx_bh, s, &dev->mem_reentrancy_guard);

    s->num_timers = inic_core_num_timers(s->core);
    s->timers = g_new0(InicTimer, s->num_timers);
    for (i = 0; i < s->num_timers; i++) {
        s->timers[i].s = s;
        s->timers[i].id = i;
        s->timers[i].timer = timer_new_ns(QEMU_CLOCK_VIRTUAL, inic_itr_timer,
                                          &s->timers[i]);
    }

    for (i = 0; i < s->num_ports; i++) {
        InicPort *port = &s->port[i];
        g_autofree char *name = dev->id ?
            g_strdup_printf("%s.p%u", dev->id, i) : NULL;

        port->s = s;
        port->index = i;
        memcpy(port->conf.macaddr.a, cfg.mac[i], 6);
        port->conf.peers = s->peers[i];
        port->conf.bootindex = -1;
        port->nic = qemu_new_nic(&inic_net_info, &port->conf,
                                 object_get_typename(OBJECT(s)), name,
                                 &dev->mem_reentrancy_guard, port);
        qemu_format_nic_info_str(qemu_get_queue(port->nic), cfg.mac[i]);
        /* The link starts as the backend says. */
        inic_core_set_link(s->core, i,
                           !qemu_get_queue(port->nic)->link_down);
        inic_vnet_setup(s, port);
    }
}

static void inic_exit(PCIDevice *pdev)
{
    InicState *s = INIC(pdev);
    unsigned i;

    for (i = 0; i < s->num_ports; i++) {
        if (s->port[i].nic) {
            qemu_del_nic(s->port[i].nic);
            s->port[i].nic = NULL;
        }
    }
    if (s->tx_bh) {
        qemu_bh_delete(s->tx_bh);
        s->tx_bh = NULL;
    }
    for (i = 0; i < s->num_timers; i++) {
        timer_free(s->timers[i].timer);
    }
    g_free(s->timers);
    s->timers = NULL;
    s->num_timers = 0;
    inic_core_free(s->core);
    s->core = NULL;
    pcie_sriov_pf_exit(pdev);
    msix_unuse_all_vectors(pdev);
    msix_uninit_exclusive_bar(pdev);
    pcie_cap_exit(pdev);
}

static void inic_reset_hold(Object *obj, ResetType type)
{
    InicState *s = INIC(obj);

    if (s->core) {
        inic_core_reset(s->core);
    }
    s->num_vfs = 0;     /* pci_do_device_reset clears VF Enable */
}

static const VMStateDescription inic_vmstate = {
    .name = "inic",
    /* The C++ core has no state accessor yet. */
    .unmigratable = 1,
};

static const Property inic_properties[] = {
    DEFINE_PROP_UINT8("ports", InicState, num_ports, 2),
    DEFINE_PROP_UINT32("queues", InicState, queues, 4),
    DEFINE_PROP_UINT32("vnic-rings", InicState, vnic_rings, 0),
    DEFINE_PROP_UINT16("vfs", InicState, vfs, 8),
    DEFINE_PROP_UINT32("speed", InicState, speed, 10000),
    DEFINE_PROP_MACADDR("mac", InicState, mac),
    DEFINE_PROP_BOOL("vnet-hdr", InicState, vnet_hdr, true),
    DEFINE_PROP_BOOL("x-tx-inline", InicState, tx_inline, true),
    DEFINE_PROP_BOOL("x-tx-zero-copy", InicState, tx_zero_copy, true),
    DEFINE_PROP_NETDEV("netdev0", InicState, peers[0]),
    DEFINE_PROP_NETDEV("netdev1", InicState, peers[1]),
    DEFINE_PROP_NETDEV("netdev2", InicState, peers[2]),
    DEFINE_PROP_NETDEV("netdev3", InicState, peers[3]),
    DEFINE_PROP_NETDEV("netdev4", InicState, peers[4]),
    DEFINE_PROP_NETDEV("netdev5", InicState, peers[5]),
    DEFINE_PROP_NETDEV("netdev6", InicState, peers[6]),
    DEFINE_PROP_NETDEV("netdev7", InicState, peers[7]),
};

/* What the PF and VF classes share. */
void inic_class_init_common(ObjectClass *klass, uint16_t device_id,
                            const char *desc)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    PCIDeviceClass *k = PCI_DEVICE_CLASS(klass);

    k->vendor_id = INIC_PCI_VENDOR_ID;
    k->device_id = device_id;
    k->revision = INIC_PCI_REVISION;
    k->class_id = PCI_CLASS_NETWORK_ETHERNET;
    dc->desc = desc;
    dc->vmsd = &inic_vmstate;
    set_bit(DEVICE_CATEGORY_NETWORK, dc->categories);
}

static void inic_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    ResettableClass *rc = RESETTABLE_CLASS(klass);
    PCIDeviceClass *k = PCI_DEVICE_CLASS(klass);

    inic_class_init_common(klass, INIC_PCI_DEVICE_PF,
                           "inic multi-port intelligent NIC");
    k->realize = inic_realize;
    k->exit = inic_exit;
    rc->phases.hold = inic_reset_hold;
    device_class_set_props(dc, inic_properties);
}

InicCore *inic_pf_core(PCIDevice *pf)
{
    return pf ? INIC(pf)->core : NULL;
}

static const TypeInfo inic_info = {
    .name = TYPE_INIC,
    .parent = TYPE_PCI_DEVICE,
    .instance_size = sizeof(InicState),
    .class_init = inic_class_init,
    .interfaces = (InterfaceInfo[]) {
        { INTERFACE_PCIE_DEVICE },
        { }
    },
};

static void inic_register_types(void)
{
    type_register_static(&inic_info);
}

type_init(inic_register_types)
