// SPDX-License-Identifier: GPL-2.0-or-later
//
// libFuzzer harness for the inic device core (qemu-device/inic_core.cpp and
// inic_pkt.cpp) without QEMU: a fake host (guest RAM with bounds, PF and VF
// DMA, MSI-X, timers on a virtual clock, a wire that can loop TX back to RX)
// and an input that is read as a sequence of operations on the C API:
// MMIO to the PF and VF register windows (VF table, mailbox, embedded
// switch, RX filter tables included), descriptors and buffers in guest
// memory, frames arriving on ports, link changes, TX bottom-half runs,
// timers, SR-IOV enable, FLR, reset.
//
// Hang detector: every top-level call into the core (one operation) may do
// at most INIC_FUZZ_WORK_LIMIT units of work (DMA callbacks + frames sent +
// frames received through the loop), default 100000; above it the harness
// aborts with "inic-fuzz: HANG". INIC_FUZZ_WORK_LIMIT=0 turns it off.
//
// Input layout (docs in README.md here): byte 0 topology, byte 1 host
// flags, then operations: one opcode byte and its arguments. Reads past
// the end of the input return zeros and end the run after that operation.

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <map>
#include <vector>

#include "inic_cls.h"
#include "inic_core_api.h"
#include "inic_hw.h"
#include "inic_pkt.h"

namespace {

constexpr uint64_t RAM_SIZE = 1 << 20;
constexpr uint64_t SLOT = 0x2000;           // ring base granularity
constexpr unsigned MAX_WIRE = 64;           // frames held on the wire
constexpr unsigned MAX_PENDING = 16;        // frames a port's queue holds
// Where the BARs are in guest physical space (input flag bit 6): the PF's
// BAR0 then VF v's at BAR_GPA + (v + 1) * BAR_SIZE, as QEMU maps them.
constexpr uint64_t BAR_GPA = 0xfe000000;
constexpr uint64_t BAR_SIZE = INIC_BAR_REGS_SIZE;

unsigned long work_limit = 100000;
bool reentry_ok = true;       // INIC_FUZZ_REENTRY=0: BARs never in DMA reach
bool trace = false;          // INIC_FUZZ_TRACE: print each operation

// A small pool of MACs the frame templates and VF-MAC op share, so that
// unicast to a port or VF is one byte of input away.
const uint8_t MAC_POOL[8][6] = {
    { 0x52, 0x54, 0x00, 0xab, 0xcd, 0x10 },     // port 0 (permanent)
    { 0x52, 0x54, 0x00, 0xab, 0xcd, 0x11 },     // port 1
    { 0x52, 0x54, 0x00, 0xab, 0xcd, 0x12 },     // port 2
    { 0x52, 0x54, 0x00, 0xab, 0xcd, 0x13 },     // port 3
    { 0x02, 0x00, 0x00, 0x00, 0x00, 0x01 },     // VF MACs
    { 0x02, 0x00, 0x00, 0x00, 0x00, 0x02 },
    { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff },     // broadcast
    { 0x01, 0x00, 0x5e, 0x00, 0x00, 0x01 },     // IPv4 multicast
};

struct Reader {
    const uint8_t *p;
    size_t n;
    bool eof = false;

    uint8_t u8()
    {
        if (!n) {
            eof = true;
            return 0;
        }
        n--;
        return *p++;
    }
    uint16_t u16() { return (uint16_t)(u8() | (u8() << 8)); }
    uint32_t u32() { return u16() | ((uint32_t)u16() << 16); }
    uint64_t u64() { return u32() | ((uint64_t)u32() << 32); }
    // Up to max bytes; fewer if the input ends.
    size_t bytes(uint8_t *dst, size_t len)
    {
        size_t k = len < n ? len : n;
        memcpy(dst, p, k);
        p += k;
        n -= k;
        if (k < len) {
            eof = true;
        }
        return k;
    }
};

uint8_t guest_ram[RAM_SIZE];    // cleared for every input

struct Host {
    uint8_t *const ram = guest_ram;
    InicCore *core = nullptr;
    unsigned ports = 1, vfs = 0;
    bool accept = true;         // backend takes frames (else: queued)
    bool loop_sync = false;     // TX to port p is received on p ^ 1 at once
    bool master = true;
    uint32_t vf_master = ~0u;   // bit v: VF v bus master
    bool tx_sched = false;
    uint64_t now = 1000000;
    std::map<unsigned, uint64_t> timers;    // id -> deadline
    std::deque<std::pair<unsigned, std::vector<uint8_t>>> wire;
    std::deque<std::vector<uint8_t>> pending[INIC_MAX_PORTS];
    unsigned long work = 0;
    unsigned depth = 0;         // nested deliveries (flush, loop)
    bool bars = false;          // DMA reaches the BARs (input flag bit 6)
    unsigned vfs_on = 0;        // VFs whose BARs exist (NumVFs)
    uint32_t engaged = 0;       // bit d: device d (0 PF, v + 1 VF v) is in
                                // an MMIO handler or guarded BH
    unsigned long reentries = 0;
    const char *what = "";

    void charge(unsigned long n = 1)
    {
        work += n;
        if (work_limit && work > work_limit) {
            fprintf(stderr,
                    "inic-fuzz: HANG: one %s call did more than %lu units "
                    "of work (DMA callbacks, frames); "
                    "INIC_FUZZ_WORK_LIMIT raises the bound\n",
                    what, work_limit);
            abort();
        }
    }

    static Host *of(void *o) { return static_cast<Host *>(o); }

    // MMIO as QEMU dispatches it: the target device's re-entrancy guard
    // (MemReentrancyGuard) is engaged while its handler runs.
    void pf_w(uint64_t off, uint64_t val, unsigned sz)
    {
        uint32_t was = engaged;
        engaged |= 1;
        inic_core_mmio_write(core, off, val, sz);
        engaged = was;
    }
    uint64_t pf_r(uint64_t off, unsigned sz)
    {
        uint32_t was = engaged;
        engaged |= 1;
        uint64_t v = inic_core_mmio_read(core, off, sz);
        engaged = was;
        return v;
    }
    void vf_w(unsigned v, uint64_t off, uint64_t val, unsigned sz)
    {
        uint32_t was = engaged;
        engaged |= 2u << v;
        inic_core_vf_mmio_write(core, v, off, val, sz);
        engaged = was;
    }
    uint64_t vf_r(unsigned v, uint64_t off, unsigned sz)
    {
        uint32_t was = engaged;
        engaged |= 2u << v;
        uint64_t r = inic_core_vf_mmio_read(core, v, off, sz);
        engaged = was;
        return r;
    }
    // The TX bottom half is guarded by the PF's guard (qemu_bh_new_guarded).
    void bh()
    {
        uint32_t was = engaged;
        engaged |= 1;
        tx_sched = false;
        inic_core_run_tx(core);
        engaged = was;
    }
    // DMA that lands on a BAR: 1 not a BAR, 0 done, -1 failed. Accesses of
    // 4 bytes; one to a device whose guard is engaged is blocked, as
    // QEMU's memory core blocks re-entrant I/O.
    int bar_dma(uint64_t a, void *rb, const void *wb, size_t l)
    {
        if (!bars || a < BAR_GPA || a >= BAR_GPA + BAR_SIZE * (1 + INIC_MAX_VFS)) {
            return 1;
        }
        unsigned d = (unsigned)((a - BAR_GPA) / BAR_SIZE);
        uint64_t off = (a - BAR_GPA) % BAR_SIZE;
        if ((d && d - 1 >= vfs_on) || (off & 3) || (l & 3) ||
            l > BAR_SIZE - off) {
            return -1;      // unmapped or an access QEMU would refuse
        }
        if (engaged & (1u << d)) {
            return -1;      // "Blocked re-entrant IO"
        }
        reentries++;
        for (size_t k = 0; k < l; k += 4) {
            charge();
            if (wb) {
                uint32_t v;
                memcpy(&v, static_cast<const uint8_t *>(wb) + k, 4);
                if (d) {
                    vf_w(d - 1, off + k, v, 4);
                } else {
                    pf_w(off + k, v, 4);
                }
            } else {
                uint32_t v = (uint32_t)(d ? vf_r(d - 1, off + k, 4)
                                          : pf_r(off + k, 4));
                memcpy(static_cast<uint8_t *>(rb) + k, &v, 4);
            }
        }
        return 0;
    }

    bool in_ram(uint64_t a, size_t l) const
    {
        return a < RAM_SIZE && l <= RAM_SIZE - a;
    }
    static int dma_read(void *o, uint64_t a, void *b, size_t l)
    {
        Host *h = of(o);
        h->charge();
        if (int m = h->bar_dma(a, b, nullptr, l); m <= 0) {
            return m;
        }
        if (!h->in_ram(a, l)) {
            return -1;
        }
        memcpy(b, &h->ram[a], l);
        return 0;
    }
    static int dma_write(void *o, uint64_t a, const void *b, size_t l)
    {
        Host *h = of(o);
        h->charge();
        if (int m = h->bar_dma(a, nullptr, b, l); m <= 0) {
            return m;
        }
        if (!h->in_ram(a, l)) {
            return -1;
        }
        memcpy(&h->ram[a], b, l);
        return 0;
    }
    unsigned long frames_sent = 0, frames_rx = 0, irqs = 0;
    unsigned vectors = 1;       // the PF's MSI-X table: 1 + rings
    // The API promises vectors already checked against the table size.
    static void msix(void *o, unsigned v)
    {
        if (v >= of(o)->vectors) {
            fprintf(stderr, "inic-fuzz: PF MSI-X vector %u of %u\n", v,
                    of(o)->vectors);
            abort();
        }
        of(o)->irqs++;
    }
    // Deliver a frame into port p the way QEMU's net queue does: if the
    // core holds it (returns 0), it waits in the port's queue for flush_rx.
    void deliver(unsigned p, const uint8_t *b, size_t l)
    {
        charge();
        if (depth > 2) {
            return;             // the loop's own guard: dropped
        }
        if (!pending[p].empty() || !inic_core_can_receive(core, p)) {
            if (pending[p].size() < MAX_PENDING) {
                pending[p].emplace_back(b, b + l);
            }
            return;
        }
        depth++;
        size_t r = inic_core_receive(core, p, b, l);
        depth--;
        frames_rx += r != 0;
        if (!r && pending[p].size() < MAX_PENDING) {
            pending[p].emplace_back(b, b + l);
        }
    }
    void flush(unsigned p)
    {
        if (p >= ports || depth > 2) {
            return;
        }
        depth++;
        while (!pending[p].empty()) {
            charge();
            std::vector<uint8_t> f = pending[p].front();
            if (!inic_core_receive(core, p, f.data(), f.size())) {
                break;
            }
            pending[p].pop_front();
        }
        depth--;
    }
    bool sent(unsigned p, const uint8_t *b, size_t l)
    {
        charge();
        frames_sent++;
        if (p >= ports) {
            fprintf(stderr, "inic-fuzz: send on port %u of %u\n", p, ports);
            abort();
        }
        if (loop_sync) {
            deliver((p ^ 1u) < ports ? (p ^ 1u) : p, b, l);
        } else if (wire.size() < MAX_WIRE) {
            wire.emplace_back(p, std::vector<uint8_t>(b, b + l));
        }
        return accept;
    }
    static bool send(void *o, unsigned p, const uint8_t *b, size_t l)
    {
        return of(o)->sent(p, b, l);
    }
    static bool sendv(void *o, unsigned p, const InicIov *iov, unsigned n)
    {
        std::vector<uint8_t> f;
        if (n < 1 || n > INIC_CORE_MAX_IOV) {
            fprintf(stderr, "inic-fuzz: sendv with %u pieces\n", n);
            abort();
        }
        for (unsigned i = 0; i < n; i++) {
            const uint8_t *b = static_cast<const uint8_t *>(iov[i].base);
            f.insert(f.end(), b, b + iov[i].len);
        }
        return of(o)->sent(p, f.data(), f.size());
    }
    // 1.5: a frame with its 10-byte virtio-net header (flags 0x10).
    static bool sendv_vnet(void *o, unsigned p, const uint8_t *vh,
                           const InicIov *iov, unsigned n)
    {
        std::vector<uint8_t> f(vh, vh + 10);
        if (n < 1 || n > INIC_CORE_MAX_IOV) {
            fprintf(stderr, "inic-fuzz: sendv_vnet with %u pieces\n", n);
            abort();
        }
        for (unsigned i = 0; i < n; i++) {
            const uint8_t *b = static_cast<const uint8_t *>(iov[i].base);
            f.insert(f.end(), b, b + iov[i].len);
        }
        return of(o)->sent(p, f.data(), f.size());
    }
    static void sched(void *o) { of(o)->tx_sched = true; }
    static void flush_rx(void *o, unsigned p) { of(o)->flush(p); }
    static bool bm(void *o) { return of(o)->master; }
    static void tmod(void *o, unsigned id, uint64_t ns)
    {
        Host *h = of(o);
        if (id >= inic_core_num_timers(h->core)) {
            fprintf(stderr, "inic-fuzz: timer %u of %u\n", id,
                    inic_core_num_timers(h->core));
            abort();
        }
        h->timers[id] = h->now + ns;
    }
    static void tdel(void *o, unsigned id) { of(o)->timers.erase(id); }
    // A VF beyond NumVFs has no PCI function: like the shim, its DMA
    // fails, its interrupts are lost and it is not a bus master.
    static int vdread(void *o, unsigned vf, uint64_t a, void *b, size_t l)
    {
        if (vf >= of(o)->vfs) {
            fprintf(stderr, "inic-fuzz: DMA by VF %u of %u\n", vf, of(o)->vfs);
            abort();
        }
        if (vf >= of(o)->vfs_on) {
            of(o)->charge();
            return -1;
        }
        return dma_read(o, a, b, l);
    }
    /*
     * Zero-copy transmit: RAM maps in place, cut at 4 KiB pages (partial
     * maps, as at region boundaries); BARs and holes do not map. Every
     * mapping must be released before the core returns (checked per op).
     */
    long live_maps = 0;
    static const void *dmap(void *o, unsigned fn, uint64_t a, size_t *l)
    {
        Host *h = of(o);
        if (fn > h->vfs) {
            fprintf(stderr, "inic-fuzz: map by function %u\n", fn);
            abort();
        }
        if ((fn && fn - 1 >= h->vfs_on) || !*l || a >= RAM_SIZE) {
            return nullptr;
        }
        size_t n = std::min<uint64_t>(*l, 4096 - (a & 4095));
        *l = n;
        h->live_maps++;
        return &h->ram[a];
    }
    static void dunmap(void *o, unsigned, const void *p, size_t l)
    {
        Host *h = of(o);
        const uint8_t *b = static_cast<const uint8_t *>(p);
        if (b < h->ram || b + l > h->ram + RAM_SIZE ||
            --h->live_maps < 0) {
            fprintf(stderr, "inic-fuzz: bad unmap\n");
            abort();
        }
    }
    static int vdwrite(void *o, unsigned vf, uint64_t a, const void *b,
                       size_t l)
    {
        if (vf >= of(o)->vfs) {
            fprintf(stderr, "inic-fuzz: DMA by VF %u of %u\n", vf, of(o)->vfs);
            abort();
        }
        if (vf >= of(o)->vfs_on) {
            of(o)->charge();
            return -1;
        }
        return dma_write(o, a, b, l);
    }
    static void vmsix(void *o, unsigned vf, unsigned v)
    {
        if (vf >= of(o)->vfs || v >= INIC_VF_VECTORS) {
            fprintf(stderr, "inic-fuzz: VF %u vector %u\n", vf, v);
            abort();
        }
        of(o)->irqs++;
    }
    static bool vbm(void *o, unsigned vf)
    {
        return vf < of(o)->vfs_on && (of(o)->vf_master >> vf) & 1;
    }
    static uint64_t clock(void *o) { return of(o)->now; }
    static void refused(void *o, unsigned fn, unsigned code, uint32_t)
    {
        /* What QEMU's trace event gets: a function and a known code. */
        if (code >= INIC_ERR__COUNT || fn > of(o)->vfs) {
            fprintf(stderr, "inic-fuzz: refusal %u by function %u\n", code, fn);
            abort();
        }
    }
};

// ---- frame templates ----

void ip_csum(uint8_t *ip, unsigned hl)
{
    ip[10] = ip[11] = 0;
    inic::csum_store(ip + 10, inic::csum_finish(inic::csum_add(0, ip, hl)));
}

// Build an Ethernet frame from a few bytes of input into f; returns length.
size_t build_frame(Reader &r, uint8_t *f, size_t cap)
{
    const uint8_t kind = r.u8();    // 2:0 L3/L4, 3 VLAN, 4 bad csum, 5 frag,
                                    // 6 IP options / IPv6 ext, 7 TCP options
    const uint8_t macs = r.u8();    // 2:0 dst, 5:3 src
    uint16_t plen = r.u16() % 9100;
    const uint16_t vid = r.u16();
    const uint8_t fill = r.u8();

    size_t o = 0;
    memcpy(f, MAC_POOL[macs & 7], 6);
    memcpy(f + 6, MAC_POOL[(macs >> 3) & 7], 6);
    if ((macs >> 6) == 3) {
        f[5] ^= fill;               // some other address
    }
    o = 12;
    if (kind & 8) {
        inic::put_be16(f + o, 0x8100);
        inic::put_be16(f + o + 2, vid);
        o += 4;
    }
    const unsigned l34 = kind & 7;  // 0 v4 tcp, 1 v4 udp, 2 v6 tcp,
                                    // 3 v6 udp, 4 v4 other, 5 ARP, 6 raw
    size_t hdr_max = o + 2 + 40 + 8 + 60 + 8;
    if (plen + hdr_max > cap) {
        plen = (uint16_t)(cap - hdr_max);
    }
    if (l34 == 5 || l34 == 6) {
        inic::put_be16(f + o, l34 == 5 ? 0x0806 : vid);
        o += 2;
        memset(f + o, fill, plen);
        return o + plen;
    }
    const bool v6 = l34 == 2 || l34 == 3;
    const uint8_t proto = (l34 == 0 || l34 == 2) ? 6 : (l34 == 4 ? 1 : 17);
    inic::put_be16(f + o, v6 ? 0x86dd : 0x0800);
    o += 2;
    uint8_t *ip = f + o;
    unsigned l3 = v6 ? 40 : ((kind & 0x40) ? 24 : 20);
    unsigned ext = (v6 && (kind & 0x40)) ? 8 : 0;
    unsigned l4 = proto == 6 ? ((kind & 0x80) ? 32 : 20) : 8;
    memset(ip, 0, l3 + ext + l4);
    uint8_t *l4p = ip + l3 + ext;
    unsigned l4len = l4 + plen;
    if (v6) {
        ip[0] = 0x60;
        inic::put_be16(ip + 4, (uint16_t)(ext + l4len));
        ip[6] = ext ? 0 : proto;    // hop-by-hop, then L4
        ip[7] = 64;
        for (int i = 0; i < 16; i++) {
            ip[8 + i] = (uint8_t)(0xfe + i);
            ip[24 + i] = (uint8_t)(fill + i);
        }
        if (ext) {
            ip[40] = proto;
            ip[41] = 0;
        }
    } else {
        ip[0] = (uint8_t)(0x40 | (l3 / 4));
        inic::put_be16(ip + 2, (uint16_t)(l3 + l4len));
        if (kind & 0x20) {
            inic::put_be16(ip + 6, 0x2000 | (vid & 0x1fff));    // MF
        }
        ip[8] = 64;
        ip[9] = proto;
        inic::put_be32(ip + 12, 0x0a000001);
        inic::put_be32(ip + 16, 0x0a000000 | fill);
        if (l3 > 20) {
            ip[20] = 1;             // NOPs
            ip[21] = 1;
            ip[22] = 1;
            ip[23] = 0;
        }
        ip_csum(ip, l3);
    }
    inic::put_be16(l4p, (uint16_t)(1000 + fill));
    inic::put_be16(l4p + 2, (uint16_t)(vid | 1));
    if (proto == 6) {
        inic::put_be32(l4p + 4, 0x11223344);
        l4p[12] = (uint8_t)((l4 / 4) << 4);
        l4p[13] = 0x18;
        if (l4 > 20) {
            memset(l4p + 20, 1, l4 - 20);
        }
    } else if (proto == 17) {
        inic::put_be16(l4p + 4, (uint16_t)l4len);
    }
    memset(l4p + l4, fill, plen);
    if (proto == 6 || proto == 17) {
        inic::PktInfo pi;
        size_t len = (size_t)(l4p - f) + l4len;
        inic::parse_frame(f, len, &pi);
        uint64_t s = inic::csum_pseudo(f, pi, proto, l4len);
        s = inic::csum_add(s, l4p, l4len);
        inic::csum_store(l4p + (proto == 6 ? 16 : 6), inic::csum_finish(s));
    }
    if (kind & 0x10) {
        l4p[proto == 6 ? 16 : 6] ^= 0x5a;   // wrong checksum
    }
    return (size_t)(l4p - f) + l4len;
}

// ---- register addressing ----

// A PF register offset from two bytes: region and index, then a register.
uint64_t pf_offset(Reader &r, const Host &h)
{
    const uint8_t sel = r.u8();
    const uint8_t reg = r.u8();
    const unsigned idx = sel >> 3;
    switch (sel & 7) {
    case 0:     // globals, error counters
        return (uint64_t)reg * 4;
    case 1:     // port registers
        return INIC_PORT_BASE(idx % (h.ports + 1)) + (reg & 0x3f) * 4;
    case 2:     // RX filter tables (0x800 per port: 2 bytes of index)
        return INIC_PTBL_BASE(idx % (h.ports + 1)) +
               ((reg | ((idx & 1) << 8)) * 4 & 0x7ff);
    case 3:     // mailbox slots
        return INIC_MBOX_PF_SLOT(idx % (h.vfs + 1)) + (reg & 0x1f) * 4;
    case 4:     // VF table
        return INIC_VF_BASE(idx % (h.vfs + 1)) + (reg & 0x3f) * 4;
    case 5:     // switch counters; odd idx: the classifier block (1.3),
                // with idx bit 4 the LAG block (1.4)
        if ((idx & 0x11) == 0x11) {
            return INIC_LAG_BASE + ((reg * 4) & (INIC_LAG_SIZE - 1));
        }
        if (idx & 1) {
            return INIC_CLS_BASE +
                   (((reg | ((idx >> 1) & 7) << 8) * 4) & (INIC_CLS_SIZE - 1));
        }
        return INIC_SW_BASE + (reg & 0x3f) * 4;
    default:    // ring pairs
        return INIC_RING_BASE(idx | ((sel & 1) << 5)) + (reg & 0x3f) * 4;
    }
}

uint64_t vf_offset(Reader &r)
{
    const uint8_t sel = r.u8();
    const uint8_t reg = r.u8();
    const unsigned idx = sel >> 2;
    switch (sel & 3) {
    case 0:
        return (uint64_t)reg * 4;
    case 1:
        return INIC_PORT_BASE(0) + (reg & 0x3f) * 4;
    case 2:
        return INIC_MBOX_BASE + (reg & 0x3f) * 4;
    default:
        return INIC_RING_BASE(idx & 0x1f) + (reg & 0x3f) * 4;
    }
}

uint64_t dma_addr(Reader &r)
{
    uint32_t a = r.u32();
    if ((a >> 30) == 1) {       // a BAR (when the input maps them)
        return BAR_GPA + (a & 0x3ffffffc) % (BAR_SIZE * 9);
    }
    if (a & 0x80000000u) {      // anywhere, mostly outside the RAM
        return ((uint64_t)(a & 0xff) << 56) | ((uint64_t)a << 1);
    }
    return a % RAM_SIZE;
}

enum Op {
    OP_PF_WRITE, OP_PF_READ, OP_PF_RAW, OP_VF_WRITE, OP_VF_READ, OP_VF_RAW,
    OP_RING, OP_TAIL, OP_TXD, OP_RXD, OP_MEM, OP_MEM_FRAME, OP_RX_RAW,
    OP_RX_FRAME, OP_LINK, OP_RUN_TX, OP_RESUME, OP_TIMER, OP_CLOCK,
    OP_MASTER, OP_NUM_VFS, OP_FLR, OP_RESET, OP_WIRE, OP_VF_SETUP,
    OP_MBOX, OP_PORT_SETUP, OP_TX_BATCH, OP_IRQ, OP_REPLICATE, OP_CLS_RULE,
    OP_LAG,
    OP__COUNT
};

const char *const OP_NAME[OP__COUNT] = {
    "pf_write", "pf_read", "pf_raw", "vf_write", "vf_read", "vf_raw",
    "ring", "tail", "txd", "rxd", "mem", "mem_frame", "rx_raw",
    "rx_frame", "link", "run_tx", "resume", "timer", "clock",
    "master", "num_vfs", "flr", "reset", "wire", "vf_setup",
    "mbox", "port_setup", "tx_batch", "irq", "replicate", "cls_rule",
    "lag",
};

void ring_regs(Host &h, bool vf, unsigned v, unsigned q, bool rx,
               uint64_t base, uint32_t size, uint32_t ctrl, uint32_t vec)
{
    uint64_t b = INIC_RING_BASE(q) + (rx ? INIC_RING_RX : INIC_RING_TX);
    auto w = [&](uint32_t reg, uint32_t val) {
        if (vf) {
            h.vf_w(v, b + reg, val, 4);
        } else {
            h.pf_w(b + reg, val, 4);
        }
    };
    w(INIC_RR_CTRL, 0);
    w(INIC_RR_BASE_LO, (uint32_t)base);
    w(INIC_RR_BASE_HI, (uint32_t)(base >> 32));
    w(INIC_RR_SIZE, size);
    w(INIC_RR_VECTOR, vec);
    w(INIC_RR_CTRL, ctrl);
}

void step(Host &h, Reader &r)
{
    const unsigned op = r.u8() % OP__COUNT;
    InicCore *c = h.core;
    if (r.eof) {
        return;
    }
    static uint8_t frame[9200];

    h.work = 0;
    h.what = OP_NAME[op];
    switch (op) {
    case OP_PF_WRITE: {
        uint64_t off = pf_offset(r, h);
        uint32_t val = r.u32();
        h.pf_w(off, val, 4);
        break;
    }
    case OP_PF_READ: {
        uint8_t sz = r.u8();
        uint64_t off = pf_offset(r, h);
        (void)h.pf_r(off, (sz & 1) ? 8 : 4);
        break;
    }
    case OP_PF_RAW: {
        uint8_t k = r.u8();
        uint64_t off = r.u32() % (INIC_BAR_REGS_SIZE + 16);
        uint64_t val = r.u64();
        unsigned sz = (k & 2) ? 8 : 4;
        if (k & 1) {
            h.pf_w(off, val, sz);
        } else {
            (void)h.pf_r(off, sz);
        }
        break;
    }
    case OP_VF_WRITE: {
        unsigned v = r.u8() % (h.vfs + 1);
        uint64_t off = vf_offset(r);
        uint32_t val = r.u32();
        h.vf_w(v, off, val, 4);
        break;
    }
    case OP_VF_READ: {
        unsigned v = r.u8();
        uint64_t off = vf_offset(r);
        (void)h.vf_r((v >> 1) % (h.vfs + 1), off,
                                     (v & 1) ? 8 : 4);
        break;
    }
    case OP_VF_RAW: {
        uint8_t k = r.u8();
        unsigned v = r.u8() % (h.vfs + 1);
        uint64_t off = r.u32() % (INIC_BAR_REGS_SIZE + 16);
        uint64_t val = r.u64();
        unsigned sz = (k & 2) ? 8 : 4;
        if (k & 1) {
            h.vf_w(v, off, val, sz);
        } else {
            (void)h.vf_r(v, off, sz);
        }
        break;
    }
    case OP_RING: {
        // fn: 0 = PF, v + 1 = VF v; q ring (local to the function);
        // flags 0 rx, 1..3 size, 4 port+1, 5 disable, 6 out-of-RAM base
        unsigned fn = r.u8() % (h.vfs + 1);
        unsigned q = r.u8() & 0x3f;
        uint8_t fl = r.u8();
        uint8_t slot = r.u8();
        uint8_t vec = r.u8();
        uint8_t port = r.u8();
        static const uint32_t sizes[8] = { 16, 32, 64, 128, 16, 256, 4096, 8 };
        uint64_t base = (fl & 0x40) ? ((uint64_t)slot << 40) | 0x1000
                                    : (slot % (RAM_SIZE / SLOT)) * SLOT;
        uint32_t ctrl = ((fl & 0x20) ? 0 : INIC_RR_CTRL_ENABLE) |
                        ((uint32_t)(port % (h.ports + 1)) <<
                         INIC_RR_CTRL_PORT_SHIFT);
        ring_regs(h, fn != 0, fn - 1, q, fl & 1, base,
                  sizes[(fl >> 1) & 7], ctrl, vec);
        break;
    }
    case OP_TAIL: {
        unsigned fn = r.u8() % (h.vfs + 1);
        uint8_t q = r.u8();
        uint16_t tail = r.u16();
        uint64_t off = INIC_RING_BASE(q & 0x3f) +
                       ((q & 0x80) ? INIC_RING_RX : INIC_RING_TX) +
                       ((q & 0x40) ? INIC_RR_INT_ARM : INIC_RR_TAIL);
        uint32_t val = (q & 0x40) ? INIC_INT_ARM | tail : tail;
        if (fn) {
            h.vf_w(fn - 1, off, val, 4);
        } else {
            h.pf_w(off, val, 4);
        }
        break;
    }
    case OP_TXD: {
        // slot, index, then the descriptor fields
        uint64_t base = (r.u8() % (RAM_SIZE / SLOT)) * SLOT;
        uint16_t i = r.u16() % 4096;
        inic_tx_desc d = {};
        d.addr = dma_addr(r);
        d.len = r.u16();
        d.cmd = r.u8();
        if (d.cmd & 0x80) {
            d.csum_start = r.u16();
            d.csum_offset = r.u16();
            d.mss = r.u16();
            d.hdr_len = r.u16();
            d.vlan_tci = r.u16();
        }
        d.cmd &= 0x7f;
        if (base + i * 32 + 32 <= RAM_SIZE) {
            memcpy(&h.ram[base + i * 32], &d, 32);
        }
        break;
    }
    case OP_RXD: {
        uint64_t base = (r.u8() % (RAM_SIZE / SLOT)) * SLOT;
        uint8_t i = r.u8();
        uint8_t n = r.u8() % 64 + 1;      // this many consecutive descs
        uint64_t a = dma_addr(r);
        uint16_t bl = r.u16();
        for (unsigned k = 0; k < n; k++) {
            inic_rx_desc d = {};
            d.addr = a + (uint64_t)k * bl;
            d.buf_len = bl;
            uint64_t at = base + ((i + k) % 256) * 32;
            if (at + 32 <= RAM_SIZE) {
                memcpy(&h.ram[at], &d, 32);
            }
        }
        break;
    }
    case OP_MEM: {
        uint64_t a = r.u32() % RAM_SIZE;
        size_t l = r.u16() % 2048;
        if (l > RAM_SIZE - a) {
            l = RAM_SIZE - a;
        }
        r.bytes(&h.ram[a], l);
        break;
    }
    case OP_MEM_FRAME: {
        // A frame in guest memory plus a TX descriptor chain for it:
        // slot, index, buffer address, pieces, offload fields.
        uint64_t base = (r.u8() % (RAM_SIZE / SLOT)) * SLOT;
        uint8_t i = r.u8();
        uint64_t a = r.u32() % RAM_SIZE;
        uint8_t pieces = r.u8();
        uint8_t cmd = r.u8();
        uint16_t mss = r.u16();
        uint16_t tci = r.u16();
        size_t len = build_frame(r, frame, sizeof(frame));
        if (len > RAM_SIZE - a) {
            break;
        }
        memcpy(&h.ram[a], frame, len);
        inic::PktInfo pi;
        inic::parse_frame(frame, len, &pi);
        unsigned n = (pieces & 3) + 1;
        size_t off = 0;
        for (unsigned k = 0; k < n; k++) {
            size_t pl = k + 1 == n ? len - off : (len / n);
            inic_tx_desc d = {};
            d.addr = a + off;
            d.len = (uint16_t)pl;
            d.cmd = (uint16_t)(((cmd & 0xe) | (k + 1 == n ? 1 : 0)) |
                               ((cmd & 0x10) && !k ? 0 : 0));
            if (!k) {
                d.csum_start = (uint16_t)(pi.l4_off ? pi.l4_off : 14);
                d.csum_offset = pi.l4_proto == 6 ? 16 : 6;
                d.mss = mss % 9000;
                d.hdr_len = (uint16_t)(pi.l4_off + pi.l4_hdr_len);
                d.vlan_tci = tci;
                if (pieces & 0x80) {      // checksum offset garbage
                    d.csum_offset = tci;
                    d.hdr_len = (uint16_t)(mss >> 4);
                }
            }
            uint64_t at = base + ((i + k) % 256) * 32;
            if (at + 32 <= RAM_SIZE) {
                memcpy(&h.ram[at], &d, 32);
            }
            off += pl;
        }
        break;
    }
    case OP_RX_RAW: {
        unsigned p = r.u8() % h.ports;
        size_t l = r.u16() % 9300;
        l = r.bytes(frame, l);
        h.deliver(p, frame, l);
        break;
    }
    case OP_CLS_RULE: {
        /*
         * A classifier rule as a driver composes it: the key of a made
         * frame (so that frames can hit it) under a mask of whole fields
         * (selector bits) with a random mask byte mixed in, an action,
         * then a command (mostly ADD or ADD_ANY).
         */
        static const struct { uint8_t off, len; } fields[] = {
            { INIC_CLS_K_PORT, 1 }, { INIC_CLS_K_ORIGIN, 1 },
            { INIC_CLS_K_VLAN, 2 }, { INIC_CLS_K_ETYPE, 2 },
            { INIC_CLS_K_PROTO, 1 }, { INIC_CLS_K_TOS, 1 },
            { INIC_CLS_K_DMAC, 6 }, { INIC_CLS_K_SMAC, 6 },
            { INIC_CLS_K_SPORT, 2 }, { INIC_CLS_K_DPORT, 2 },
            { INIC_CLS_K_TCP_FLAGS, 2 }, { INIC_CLS_K_FLAGS, 1 },
            { INIC_CLS_K_SIP, 16 }, { INIC_CLS_K_DIP, 16 },
        };
        const uint8_t port = r.u8();
        const uint8_t origin = r.u8();
        const uint16_t sel = r.u16();
        const uint8_t junk = r.u8();    // a raw byte into the mask
        const uint32_t prio = r.u16() | (r.u8() & 1) << 16;
        const uint32_t action = r.u16();
        const uint32_t arg = r.u8();
        const uint32_t mirror = r.u32();
        const uint32_t rate = r.u32() & 0x7ffffff;
        const uint32_t burst = r.u32() & 0x1ffffff;
        const uint32_t cmdv = r.u32();
        size_t l = build_frame(r, frame, sizeof(frame));
        inic::ClsKey k, m;
        inic::cls_frame_key(frame, l, port % (h.ports + 1),
                            origin % (h.vfs + 3), &k);
        uint8_t *mb = m.bytes();
        for (unsigned i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
            if (sel & (1u << i)) {
                memset(mb + fields[i].off, 0xff, fields[i].len);
            }
        }
        if (sel & 0x8000) {
            mb[junk & 63] ^= (uint8_t)(junk * 37);
        }
        if (!(sel & 0x4000)) {
            mb[INIC_CLS_K_FLAGS] &= INIC_CLS_F_ALL;
            mb[INIC_CLS_K_TCP_FLAGS] &= 0x0f;
            memset(mb + INIC_CLS_K_RSVD, 0, INIC_CLS_K_SIP - INIC_CLS_K_RSVD);
            k = k.masked(m);
        }
        const uint64_t b = INIC_CLS_BASE;
        for (unsigned i = 0; i < INIC_CLS_KEY_REGS; i++) {
            uint32_t kw, mw;
            memcpy(&kw, k.bytes() + 4 * i, 4);
            memcpy(&mw, mb + 4 * i, 4);
            h.pf_w(b + INIC_CLS_KEY(i), kw, 4);
            h.pf_w(b + INIC_CLS_MASK(i), mw, 4);
        }
        h.pf_w(b + INIC_CLS_PRIO, prio, 4);
        h.pf_w(b + INIC_CLS_ACTION, action & 0x70f, 4);
        h.pf_w(b + INIC_CLS_ACT_ARG, arg & 0x1f, 4);
        h.pf_w(b + INIC_CLS_MARK, cmdv ^ mirror, 4);
        h.pf_w(b + INIC_CLS_MIRROR, mirror & 0x001f000f, 4);
        h.pf_w(b + INIC_CLS_POL_RATE, rate, 4);
        h.pf_w(b + INIC_CLS_POL_BURST, burst, 4);
        /* Mostly ADD/ADD_ANY into small index ranges; sometimes raw. */
        uint32_t cv = cmdv;
        if (!(cmdv & 0x80000000u)) {
            cv = (cmdv & 0x3f) % 7;
            if (cv == 0 || cv == 5) {
                cv = (cmdv & 0x40) ? INIC_CLS_OP_ADD_ANY : INIC_CLS_OP_ADD;
            }
            cv |= cmdv & INIC_CLS_CMD_MASKED;
            cv |= (cmdv & 0x0f000000u) >> 8;    // index 0..15 << 16
        }
        h.pf_w(b + INIC_CLS_CMD, cv, 4);
        /* And the frame itself, on the wire of its port. */
        if (sel & 0x2000) {
            h.deliver(port % h.ports, frame, l);
        }
        break;
    }
    case OP_LAG: {
        /*
         * A LAG group as a driver programs it (1.4): mode, hash policy,
         * members, primary, pins, then CTRL; mostly valid values (the
         * low bits of each byte), sometimes raw ones (bit 7 of flags).
         * Then optionally a link change of a member and an ACTIVE write,
         * the moves the device must handle in the middle of traffic.
         */
        const uint8_t fl = r.u8();
        const uint8_t mode = r.u8();
        const uint8_t members = r.u8();
        const uint8_t prim = r.u8();
        const uint32_t vfpin = r.u32();
        const uint8_t ctrl = r.u8();
        const uint8_t ev = r.u8();
        const uint64_t b = INIC_LAG_BASE;
        const bool raw = fl & 0x80;
        if (fl & 1) {
            h.pf_w(b + INIC_LAG_CTRL, 0, 4);    // reconfigure from off
        }
        h.pf_w(b + INIC_LAG_MODE, raw ? mode : mode & 1, 4);
        h.pf_w(b + INIC_LAG_HASH, raw ? mode >> 1 : (mode >> 1) % 3, 4);
        h.pf_w(b + INIC_LAG_MEMBERS,
               raw ? members : members & ((1u << h.ports) - 1), 4);
        h.pf_w(b + INIC_LAG_PRIMARY, raw ? prim : prim % h.ports, 4);
        h.pf_w(b + INIC_LAG_PF_PIN, (fl >> 1) & (raw ? 3 : 1), 4);
        h.pf_w(b + INIC_LAG_VF_PIN,
               raw ? vfpin : vfpin & ((1u << h.vfs) - 1), 4);
        h.pf_w(b + INIC_LAG_CTRL, raw ? ctrl : ctrl & INIC_LAG_CTRL_ALL, 4);
        if (fl & 4) {
            inic_core_set_link(c, (ev >> 1) % h.ports, ev & 1);
        }
        if (fl & 8) {
            h.pf_w(b + INIC_LAG_ACTIVE, raw ? ev : (ev >> 4) % h.ports, 4);
        }
        break;
    }
    case OP_RX_FRAME: {
        unsigned p = r.u8() % h.ports;
        size_t l = build_frame(r, frame, sizeof(frame));
        h.deliver(p, frame, l);
        break;
    }
    case OP_LINK: {
        uint8_t b = r.u8();
        inic_core_set_link(c, (b >> 1) % h.ports, b & 1);
        break;
    }
    case OP_RUN_TX:
        h.bh();
        break;
    case OP_RESUME: {
        uint8_t b = r.u8();
        h.accept = !(b & 0x80);
        inic_core_tx_resume(c, (b & 0x7f) % h.ports);
        break;
    }
    case OP_TIMER: {
        uint8_t k = r.u8();
        if (h.timers.empty()) {
            break;
        }
        auto it = h.timers.begin();
        std::advance(it, k % h.timers.size());
        unsigned id = it->first;
        h.timers.erase(it);
        inic_core_timer(c, id);
        break;
    }
    case OP_CLOCK: {
        // Advance the virtual clock and fire what expired, like QEMU.
        h.now += (uint64_t)r.u16() * 1000;
        for (unsigned guard = 0; guard < 1024; guard++) {
            auto it = h.timers.begin();
            while (it != h.timers.end() && it->second > h.now) {
                ++it;
            }
            if (it == h.timers.end()) {
                break;
            }
            unsigned id = it->first;
            h.timers.erase(it);
            inic_core_timer(c, id);
        }
        break;
    }
    case OP_MASTER: {
        uint8_t b = r.u8();
        if (b & 0x80) {
            unsigned v = (b & 0x1f) % (h.vfs ? h.vfs : 1);
            h.vf_master ^= 1u << v;
        } else {
            h.master = b & 1;
        }
        inic_core_bus_master_changed(c);
        break;
    }
    case OP_NUM_VFS:
        h.vfs_on = r.u8() % (h.vfs + 1);
        inic_core_set_num_vfs(c, h.vfs_on);
        break;
    case OP_FLR:
        inic_core_vf_flr(c, r.u8() % (h.vfs ? h.vfs : 1));
        break;
    case OP_RESET:
        inic_core_reset(c);
        break;
    case OP_WIRE: {
        // The loop cable: frames sent so far come back on a port.
        uint8_t b = r.u8();
        unsigned n = (b & 0xf) + 1;
        while (n-- && !h.wire.empty()) {
            auto fr = std::move(h.wire.front());
            h.wire.pop_front();
            unsigned p = (b & 0x10) ? fr.first : (fr.first ^ 1u);
            if (p >= h.ports) {
                p = fr.first;
            }
            if (b & 0x20) {
                continue;           // lost on the wire
            }
            h.deliver(p, fr.second.data(), fr.second.size());
        }
        break;
    }
    case OP_VF_SETUP: {
        // The PF programs VF v's table: port, rings, MAC, VLAN, CTRL,
        // rate; then the VF turns on its port and a ring pair.
        unsigned v = r.u8() % (h.vfs ? h.vfs : 1);
        uint8_t port = r.u8();
        uint8_t rings = r.u8();
        uint8_t mac = r.u8();
        uint16_t vlan = r.u16();
        uint8_t ctrl = r.u8();
        uint16_t rate = r.u16();
        uint64_t b = INIC_VF_BASE(v);
        h.pf_w(b + INIC_VF_PORT, port % h.ports, 4);
        h.pf_w(b + INIC_VF_RING_COUNT, 0, 4);
        h.pf_w(b + INIC_VF_RING_BASE, (rings >> 4) * 2, 4);
        h.pf_w(b + INIC_VF_RING_COUNT, (rings & 0xf) + 1, 4);
        const uint8_t *m = MAC_POOL[mac & 7];
        uint8_t mm[6];
        memcpy(mm, m, 6);
        mm[5] = (uint8_t)(mm[5] + (mac >> 3));
        h.pf_w(b + INIC_VF_MAC_LO,
                             mm[0] | mm[1] << 8 | mm[2] << 16 |
                             (uint32_t)mm[3] << 24, 4);
        h.pf_w(b + INIC_VF_MAC_HI, mm[4] | mm[5] << 8, 4);
        h.pf_w(b + INIC_VF_VLAN, vlan & 0x7fff, 4);
        h.pf_w(b + INIC_VF_CTRL, ctrl & 0xf, 4);
        h.pf_w(b + INIC_VF_RATE, rate, 4);
        h.vf_w(v, INIC_PORT_BASE(0) + INIC_PORT_CTRL,
                                (ctrl >> 4), 4);
        break;
    }
    case OP_MBOX: {
        // VF v posts a request (header + words) or the PF replies.
        unsigned v = r.u8() % (h.vfs ? h.vfs : 1);
        uint8_t k = r.u8();
        uint32_t hdr = r.u32();
        unsigned words = k & 0xf;
        if (k & 0x80) {
            uint64_t s = INIC_MBOX_PF_SLOT(v) + INIC_MBOX_REPLY;
            h.pf_w(s, hdr, 4);
            for (unsigned i = 1; i <= words; i++) {
                h.pf_w(s + 4 * i, r.u32(), 4);
            }
            h.pf_w(INIC_VF_BASE(v) + INIC_VF_MBOX_CTRL,
                                 (k >> 4) & 3, 4);
        } else {
            h.vf_w(v, INIC_MBOX_BASE, hdr, 4);
            for (unsigned i = 1; i <= words; i++) {
                h.vf_w(v, INIC_MBOX_BASE + 4 * i,
                                        r.u32(), 4);
            }
            h.vf_w(v, INIC_MBOX_BASE + INIC_MBOX_VF_CTRL,
                                    (k >> 4) & 7, 4);
        }
        break;
    }
    case OP_PORT_SETUP: {
        // PF port p: CTRL, OFFLOAD, MTU, RX_RING, RSS.
        unsigned p = r.u8() % h.ports;
        uint8_t ctrl = r.u8();
        uint8_t offl = r.u8();
        uint16_t mtu = r.u16();
        uint8_t rxr = r.u8();
        uint8_t rss = r.u8();
        uint64_t b = INIC_PORT_BASE(p);
        h.pf_w(b + INIC_PORT_CTRL, ctrl & 0x1f, 4);
        h.pf_w(b + INIC_PORT_OFFLOAD, offl & 0x1f, 4);
        if (mtu) {
            h.pf_w(b + INIC_PORT_MTU, mtu, 4);
        }
        h.pf_w(b + INIC_PORT_RX_RING, rxr, 4);
        h.pf_w(b + INIC_PORT_RSS_CTRL,
                             (rss & 1) | ((uint32_t)(rss >> 2) << 8), 4);
        break;
    }
    case OP_IRQ: {
        // Interrupt moderation and arming of a ring (PF or VF), and the
        // misc interrupt of the function.
        unsigned fn = r.u8() % (h.vfs + 1);
        uint8_t q = r.u8();
        uint8_t itr = r.u8();
        uint64_t b = INIC_RING_BASE(q & 0x3f) +
                     ((q & 0x80) ? INIC_RING_RX : INIC_RING_TX);
        auto w = [&](uint64_t off, uint32_t val) {
            if (fn) {
                h.vf_w(fn - 1, off, val, 4);
            } else {
                h.pf_w(off, val, 4);
            }
        };
        w(b + INIC_RR_ITR_USECS, (itr & 0xf) * 7u);
        w(b + INIC_RR_ITR_PKTS, itr >> 5);
        w(b + INIC_RR_INT_ARM, INIC_INT_ARM | (q & 0x40 ? 1 : 0));
        if (itr & 0x10) {
            w(INIC_REG_MISC_MASK, INIC_MISC_ALL);
        }
        break;
    }
    case OP_REPLICATE: {
        // Copy descriptor i of the ring at slot to the next n entries (a
        // ring full of frames at the cost of one descriptor).
        uint64_t base = (r.u8() % (RAM_SIZE / SLOT)) * SLOT;
        uint16_t i = r.u16() % 4096;
        unsigned n = r.u16() % 4096;
        if (base + (i + 1) * 32 > RAM_SIZE) {
            break;
        }
        for (unsigned k = 1; k <= n; k++) {
            uint64_t at = base + ((i + k) % 4096) * 32;
            if (at + 32 <= RAM_SIZE) {
                memcpy(&h.ram[at], &h.ram[base + i * 32], 32);
            }
        }
        break;
    }
    case OP_TX_BATCH: {
        // Run the TX bottom half while it asks for more, as QEMU would.
        unsigned n = r.u8() % 16 + 1;
        while (n--) {
            h.work = 0;
            h.bh();
            if (!h.tx_sched) {
                break;
            }
        }
        break;
    }
    }
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    const char *e = getenv("INIC_FUZZ_WORK_LIMIT");
    if (e) {
        work_limit = strtoul(e, nullptr, 0);
    }
    trace = getenv("INIC_FUZZ_TRACE") != nullptr;
    e = getenv("INIC_FUZZ_REENTRY");
    reentry_ok = !e || strcmp(e, "0");
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Reader r{ data, size };
    memset(guest_ram, 0, sizeof(guest_ram));
    Host h;
    const uint8_t topo = r.u8();
    const uint8_t flags = r.u8();

    InicConfig cfg = {};
    cfg.ports = 1 + (topo & 3);
    cfg.queues = 1 + ((topo >> 2) & 3);
    cfg.vfs = (topo >> 4) & 7;
    cfg.speed = 10000;
    for (unsigned p = 0; p < cfg.ports; p++) {
        memcpy(cfg.mac[p], MAC_POOL[p], 6);
    }
    h.ports = cfg.ports;
    h.vfs = cfg.vfs;
    h.vectors = 1 + cfg.ports * cfg.queues;
    h.loop_sync = flags & 1;
    h.accept = !(flags & 2);
    h.bars = reentry_ok && (flags & 0x40);
    InicCallbacks cb = { &h, Host::dma_read, Host::dma_write, Host::msix,
                         Host::send, Host::sched, Host::flush_rx, Host::bm,
                         (flags & 4) ? nullptr : Host::sendv,
                         (flags & 8) ? nullptr : Host::tmod,
                         (flags & 8) ? nullptr : Host::tdel,
                         Host::vdread, Host::vdwrite, Host::vmsix,
                         Host::vbm,
                         (flags & 16) ? nullptr : Host::clock,
                         (flags & 1) ? nullptr : Host::refused,
                         Host::sendv_vnet, nullptr,
                         (flags & 0x80) ? nullptr : Host::dmap, Host::dunmap };
    h.core = inic_core_new(&cfg, &cb);
    if (!h.core) {
        fprintf(stderr, "inic-fuzz: inic_core_new refused a valid config\n");
        abort();
    }
    if ((flags & 0x10) &&
        !inic_core_set_vnet_hdr(h.core, cfg.ports - 1, 10)) {
        abort();    // the last port's backend has a virtio-net header
    }
    if (flags & 0x20) {
        inic_core_set_num_vfs(h.core, h.vfs);   // SR-IOV on from the start
        h.vfs_on = h.vfs;
    }
    for (unsigned ops = 0; !r.eof && ops < 4096; ops++) {
        step(h, r);
        if (h.live_maps) {
            fprintf(stderr, "inic-fuzz: %ld mappings outlive op %s\n",
                    h.live_maps, h.what);
            abort();
        }
        if (trace) {
            fprintf(stderr, "op %-10s work %6lu  sent %lu rx %lu irqs %lu "
                    "wire %zu re-entries %lu\n", h.what, h.work, h.frames_sent,
                    h.frames_rx, h.irqs, h.wire.size(), h.reentries);
        }
    }
    inic_core_free(h.core);
    return 0;
}
