/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * inic device model: the C-compatible boundary between the QEMU shim
 * (inic.c, C) and the hardware model (inic::Core, C++, inic_*.cpp).
 *
 * Only fixed-width types; no QEMU header and no C++ here. The core never
 * calls QEMU directly: everything it needs from the outside world goes
 * through InicCallbacks, which the shim (or a unit test) provides.
 */
#ifndef INIC_CORE_API_H
#define INIC_CORE_API_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct InicCore InicCore;

/* A piece of a frame to send (the shim turns these into struct iovec). */
typedef struct InicIov {
    const void *base;
    size_t len;
} InicIov;
/*
 * Pieces in one net_sendv/net_sendv_vnet call: a frame the TX engine sends
 * from guest memory in place (dma_map) is its head, a VLAN tag and up to
 * INIC_CORE_MAX_MAPS mapped pieces.
 */
#define INIC_CORE_MAX_MAPS  72
#define INIC_CORE_MAX_IOV   (4 + INIC_CORE_MAX_MAPS)

typedef struct InicCallbacks {
    void *opaque;
    /* DMA from/to guest memory; return nonzero on failure. */
    int (*dma_read)(void *opaque, uint64_t addr, void *buf, size_t len);
    int (*dma_write)(void *opaque, uint64_t addr, const void *buf, size_t len);
    /* Raise MSI-X vector (already checked against the table size). */
    void (*msix_notify)(void *opaque, unsigned vector);
    /*
     * Send a frame on a port. Returns true if the backend took it, false if
     * the backend queued it: the core then stops that port until
     * inic_core_tx_resume() is called.
     */
    bool (*net_send)(void *opaque, unsigned port, const uint8_t *buf,
                     size_t len);
    /* Ask for inic_core_run_tx() to be called soon (bottom half). */
    void (*schedule_tx)(void *opaque);
    /* Receive buffers were posted on a ring that port receives into. */
    void (*flush_rx)(void *opaque, unsigned port);
    /* PCI command register bus-master bit. */
    bool (*bus_master_enabled)(void *opaque);
    /*
     * Optional (NULL: the core linearizes and uses net_send). Send a frame
     * made of niov pieces (1..INIC_CORE_MAX_IOV); same return as net_send.
     */
    bool (*net_sendv)(void *opaque, unsigned port, const InicIov *iov,
                      unsigned niov);
    /*
     * Optional (NULL: moderation timers expire at once, merges of
     * received segments end with the next frame). Interrupt moderation
     * timers, one per ring (id = 2 * ring + is_rx; VF pool rings follow
     * the PF's), then one receive coalescing timer per port, one shaper
     * timer per VNIC and one per VF (1.2), on the virtual clock: (re)arm
     * timer id to call inic_core_timer() after delay_ns, or cancel it.
     */
    void (*timer_mod)(void *opaque, unsigned id, uint64_t delay_ns);
    void (*timer_del)(void *opaque, unsigned id);
    /*
     * ABI 1.2, SR-IOV (optional; NULL: VF DMA fails, VF interrupts are
     * lost, VF bus mastering is off). The same services for VF vf
     * (0-based), through that VF's own PCI function.
     */
    int (*vf_dma_read)(void *opaque, unsigned vf, uint64_t addr, void *buf,
                       size_t len);
    int (*vf_dma_write)(void *opaque, unsigned vf, uint64_t addr,
                        const void *buf, size_t len);
    void (*vf_msix_notify)(void *opaque, unsigned vf, unsigned vector);
    bool (*vf_bus_master_enabled)(void *opaque, unsigned vf);
    /* Virtual clock in ns, for the shapers (NULL: shapers never limit). */
    uint64_t (*clock_ns)(void *opaque);
    /*
     * Optional: the device refused something function fn (0: the PF,
     * 1 + v: VF v) asked for; code is an inic_err, info its ERR_INFO
     * (counted and reported to the function's driver either way). The
     * glue turns it into a trace event.
     */
    void (*refused)(void *opaque, unsigned fn, unsigned code, uint32_t info);
    /*
     * ABI 1.5 (optional; NULL: no port uses a virtio-net header). Send a
     * frame with its virtio-net header (vnet, the length given to
     * inic_core_set_vnet_hdr) on a port whose backend takes one; same
     * return as net_send. Frames the core sends with net_send/net_sendv on
     * such a port need the all-zero header: the shim adds it.
     */
    bool (*net_sendv_vnet)(void *opaque, unsigned port, const uint8_t *vnet,
                           const InicIov *iov, unsigned niov);
    /*
     * ABI 1.6 (optional): the PF turned large receive on port (a header
     * backend) on or off: the backend may hand it GSO frames (TCPv4/v6,
     * partial checksums) or must not (qemu_set_offload).
     */
    void (*set_rx_gso)(void *opaque, unsigned port, bool on);
    /*
     * Optional (NULL: the TX engine copies every frame with dma_read /
     * vf_dma_read). Map guest memory of function fn (0: the PF, 1 + v:
     * VF v, through that function's own PCI device) at addr for the
     * device to read in place: returns a host pointer and sets *len to the
     * bytes mapped (on entry: the bytes wanted; fewer when the range
     * crosses a memory region), or NULL when that memory is not guest RAM
     * (MMIO, nothing there, an IOMMU refusal) or cannot be mapped now: the
     * engine then copies that frame with dma_read, which refuses and
     * counts what is not memory as before. Every mapping is released with
     * dma_unmap(fn, the pointer, the length mapped) before the engine
     * returns to its caller: the backend has then sent the frame or
     * copied it into its queue.
     */
    const void *(*dma_map)(void *opaque, unsigned fn, uint64_t addr,
                           size_t *len);
    void (*dma_unmap)(void *opaque, unsigned fn, const void *p, size_t len);
} InicCallbacks;

typedef struct InicConfig {
    unsigned ports;         /* 1..INIC_MAX_PORTS */
    unsigned queues;        /* ring pairs per port */
    uint32_t speed;         /* Mbit/s */
    uint8_t mac[8][6];      /* permanent MAC of each port */
    unsigned vfs;           /* 1.2: TotalVFs, 0..INIC_MAX_VFS */
    /*
     * 1.8: PF ring pairs beyond ports * queues, for VNIC ring groups
     * (NUM_RINGS = ports * queues + vnic_rings; each has its vector).
     */
    unsigned vnic_rings;
} InicConfig;

/* Returns NULL if the configuration is out of range. */
InicCore *inic_core_new(const InicConfig *cfg, const InicCallbacks *cb);
void inic_core_free(InicCore *core);

/* PCI/system reset: everything, counters included (not the link state). */
void inic_core_reset(InicCore *core);

/* BAR0 access; size is 4 or 8, offset relative to the BAR. */
uint64_t inic_core_mmio_read(InicCore *core, uint64_t offset, unsigned size);
void inic_core_mmio_write(InicCore *core, uint64_t offset, uint64_t val,
                          unsigned size);

/*
 * A frame from the wire. Returns len if the frame was consumed (delivered
 * or dropped and counted), 0 if the receive ring has too few buffers now
 * (the caller keeps the frame and retries after flush_rx).
 */
size_t inic_core_receive(InicCore *core, unsigned port, const uint8_t *buf,
                         size_t len);
bool inic_core_can_receive(InicCore *core, unsigned port);

void inic_core_set_link(InicCore *core, unsigned port, bool up);

/*
 * ABI 1.5: port's backend exchanges frames with a virtio-net header of
 * hdr_len bytes (10 or 12; 0: none, the default). From then on every
 * frame inic_core_receive() gets on that port starts with the header.
 * Returns false (nothing changed) for another length or without the
 * net_sendv_vnet callback.
 */
bool inic_core_set_vnet_hdr(InicCore *core, unsigned port, unsigned hdr_len);

/* Transmit engine: one bounded batch, reschedules itself if work remains. */
void inic_core_run_tx(InicCore *core);
/* The backend drained a frame queued on port: transmit may continue. */
void inic_core_tx_resume(InicCore *core, unsigned port);

/* The bus-master bit changed: resume ring processing if now enabled. */
void inic_core_bus_master_changed(InicCore *core);

/* Number of moderation timers the shim must provide (ids 0..n-1). */
unsigned inic_core_num_timers(InicCore *core);
/* Timer id (moderation or shaper) expired. */
void inic_core_timer(InicCore *core, unsigned id);

/* ---- ABI 1.2: SR-IOV ---- */

/* VF vf's BAR0 access; size is 4 or 8. */
uint64_t inic_core_vf_mmio_read(InicCore *core, unsigned vf, uint64_t offset,
                                unsigned size);
void inic_core_vf_mmio_write(InicCore *core, unsigned vf, uint64_t offset,
                             uint64_t val, unsigned size);
/* SR-IOV control: VFs 0..n-1 are enabled (VF Enable and NumVFs). */
void inic_core_set_num_vfs(InicCore *core, unsigned n);
/* Function Level Reset of VF vf (only its state). */
void inic_core_vf_flr(InicCore *core, unsigned vf);

#ifdef __cplusplus
}
#endif

#endif /* INIC_CORE_API_H */
