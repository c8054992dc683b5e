/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * inic device model: the C++ hardware model (no QEMU headers).
 *
 * One InicCore models the whole NIC: its ports (wire side), the PF and its
 * VFs with their register files, ring pairs, interrupt state and error
 * accounting, and the embedded switch between them. Everything outside
 * goes through InicCallbacks. Core's methods are defined across one file
 * per engine (inic_<engine>.cpp); Documentation/device-model.rst maps them.
 */
#ifndef INIC_CORE_H
#define INIC_CORE_H

#include <array>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <utility>
#include <vector>

#include "inic_hw.h"
#include "inic_cls.h"
#include "inic_core_api.h"
#include "inic_lag.h"
#include "inic_pkt.h"
#include "inic_toe.h"

namespace inic {

struct Ring {
    uint64_t base = 0;
    uint32_t size = 0;
    uint32_t ctrl = 0;          /* as written, ENABLE mirrors 'enabled' */
    uint32_t head = 0;
    uint32_t tail = 0;
    uint32_t vector = 0;
    bool enabled = false;
    bool fault = false;
    bool armed = false;         /* one-shot interrupt armed */
    /* Interrupt moderation (1.1). */
    uint32_t itr_usecs = 0;
    uint32_t itr_pkts = 0;
    uint32_t itr_count = 0;     /* frames completed since armed */
    bool itr_timer = false;     /* moderation timer running */
    bool tso_paused = false;    /* TX: its frame is Core::tso_pause_ */
    std::array<uint64_t, INIC_RING_STAT_SLOTS> stats{};

    unsigned port() const
    {
        return (ctrl & INIC_RR_CTRL_PORT_MASK) >> INIC_RR_CTRL_PORT_SHIFT;
    }
    uint32_t avail() const { return (tail - head) & (size - 1); }
    void reset_regs();
};

/* Owner of a ring pair: the PF, a VF (Core::vf_of), or nobody. */
constexpr unsigned OWNER_PF = 0;
constexpr unsigned OWNER_NONE = ~0u;

struct RingPair {
    Ring tx;
    Ring rx;
    unsigned owner = OWNER_PF;
    int vnic = -1;              /* 1.8: the enabled VNIC it serves */
};

/* Per-function interrupt and error state (PF and every VF). */
struct Func {
    uint32_t scratch = 0;
    uint32_t misc_cause = 0;
    uint32_t misc_mask = 0;
    uint32_t misc_vector = 0;
    uint32_t err_total = 0;
    uint32_t err_last = 0;
    uint32_t err_info = 0;
    std::array<uint32_t, INIC_ERR_CODES> err_count{};

    void reset_regs()
    {
        scratch = misc_cause = misc_mask = misc_vector = 0;
    }
    void reset_errors()
    {
        err_total = err_last = err_info = 0;
        err_count.fill(0);
    }
};

/*
 * A physical port: the wire side of the NIC (device-model.rst "Ports and
 * endpoints"). What the backend and the cable decide, shared by every
 * function switched onto it.
 */
struct Port {
    /* Fixed. */
    uint8_t perm_mac[6] = {};
    uint32_t speed = 10000;
    /* Wire state: never reset, it follows the backend. */
    bool link_up = true;
    bool tx_blocked = false;    /* backend queued a frame: wait for resume */
    unsigned vnet_len = 0;      /* 1.5: backend's virtio-net header, bytes */
    bool rx_gso = false;        /* 1.6: backend told to hand GSO frames */
};

/*
 * An endpoint: a function's port on the switch, what its port register
 * block (and the PF's receive tables) configure and count. The PF has one
 * per physical port (Core::pf_eps_), each VF one (Vf::ep: ctrl, mtu,
 * rx_ring, offload and counters; its MAC and MC hash are the VF table's).
 */
struct Endpoint {
    /* Configuration (function reset restores it). */
    uint8_t mac[6] = {};
    uint32_t ctrl = 0;
    uint32_t mtu = 1500;
    uint32_t rx_ring = 0;
    uint32_t offload = 0;       /* INIC_PORT_OFFLOAD_* */
    uint32_t lro_max = 0;       /* 1.6 PF: PORT_LRO_MAX */
    uint32_t rss_ctrl = 0;      /* INIC_RSS_* */
    std::array<uint8_t, INIC_RSS_KEY_SIZE> rss_key{};
    std::array<uint8_t, INIC_RSS_RETA_SIZE> reta{};
    struct UcEntry {
        uint8_t mac[6];
        bool valid;
    };
    std::array<UcEntry, INIC_UC_FILTERS> uc{};
    std::array<uint32_t, INIC_MC_HASH_REGS> mc_hash{};
    /* Counters (LINK_EVENTS, STATS): what this function saw and did. */
    uint32_t link_events = 0;
    std::array<uint64_t, INIC_PSTAT__COUNT> stats{};
};

/* A virtual function (1.2): PF-set policy plus the VF's own state. */
struct Vf {
    /* VF table (PF-set); a PF function reset restores the defaults. */
    uint32_t ctrl = 0;          /* INIC_VF_CTRL_* */
    uint8_t mac[6] = {};
    uint32_t vlan = 0;          /* VID | PCP << 12 */
    uint32_t port = 0;
    uint32_t ring_base = 0;
    uint32_t ring_count = 0;
    uint32_t rate = 0;          /* Mbit/s, 0 = unlimited */
    uint32_t burst = 0;         /* bytes, 0 = default */
    uint64_t mc_hash = 0;
    /* The VF's own registers (FLR and VF CTRL.RESET restore them). */
    Endpoint ep;                /* ctrl, mtu, rx_ring, offload, counters */
    Func fn;
    std::array<uint32_t, INIC_MBOX_MSG_REGS> req_buf{};   /* VF writes */
    std::array<uint32_t, INIC_MBOX_MSG_REGS> req{};       /* PF reads */
    std::array<uint32_t, INIC_MBOX_MSG_REGS> reply_buf{}; /* PF writes */
    std::array<uint32_t, INIC_MBOX_MSG_REGS> reply{};     /* VF reads */
    bool req_pending = false;   /* posted, not yet acknowledged by the PF */
    bool req_acked = false;
    bool reply_pending = false; /* posted by the PF, not yet consumed */
    bool refused = false;
    bool link_seen = false;     /* link as last reported to the VF */
    /* Shaper. */
    int64_t tokens = 0;         /* bytes * 8000 */
    uint64_t last_ns = 0;
    bool shaper_timer = false;
    /* Status and counters (PF-visible; PCI reset clears them). */
    bool enabled = false;
    uint32_t flr_count = 0;
    uint32_t mbox_errors = 0;
    uint32_t refused_count = 0;
    std::array<uint64_t, INIC_VSTAT__COUNT> stats{};

    uint16_t pvid() const { return vlan & INIC_VF_VLAN_VID_MASK; }
};

/*
 * A VNIC (1.8, inic_vnic.cpp): an endpoint of the switch on a group of
 * the PF's ring pairs, or a receive-only mirror of another endpoint.
 */
struct Vnic {
    /* VNIC table entry (a PF function reset restores the defaults). */
    uint32_t ctrl = 0;          /* INIC_VNIC_CTRL_* */
    uint32_t port = 0;
    uint8_t mac[6] = {};
    uint32_t vlan = 0;          /* VID | PCP << 12 */
    uint32_t ring_base = 0;
    uint32_t ring_count = 1;
    uint32_t rate = 0;          /* Mbit/s, 0 = unlimited */
    uint32_t burst = 0;         /* bytes, 0 = default */
    uint32_t mirror = 0;        /* INIC_VNIC_MIR(kind, index) */
    uint32_t refused = 0;       /* INIC_VNIC_REF_* of the last ENABLE */
    Endpoint ep;                /* mtu, offload, rss_ctrl; key, reta */
    /* Shaper. */
    int64_t tokens = 0;         /* bytes * 8000 */
    uint64_t last_ns = 0;
    bool shaper_timer = false;
    std::array<uint64_t, INIC_VNSTAT__COUNT> stats{};
    /* 1.9: counts enables, kept by resets (ClsRule::act_gen). */
    uint32_t gen = 0;

    bool enabled() const { return ctrl & INIC_VNIC_CTRL_ENABLE; }
    bool is_mirror() const { return ctrl & INIC_VNIC_CTRL_MIRROR; }
    uint16_t pvid() const { return vlan & INIC_VF_VLAN_VID_MASK; }
};
static_assert(INIC_VNIC_STATS + 8 * INIC_VNSTAT__COUNT <= 0x80,
              "VNIC counters fit their table entry");

/*
 * A timer of the model (device-model.rst "Timers"): engines name their
 * timers by kind and index; only Core maps them to the callbacks' ids.
 */
struct TimerId {
    enum Kind { TxItr, RxItr, Shaper, VnicShaper, GroFlush };
    Kind kind;
    unsigned index;             /* global ring index, VF, or VNIC */
};

/*
 * The frame the TX engine is sending, passed down its stages (tx_one ->
 * tso_check/tso_send -> tx_send -> the switch's tx_out) instead of living
 * in Core. A paused TSO frame keeps its parse in Core::TsoPause.
 */
struct TxCtx {
    unsigned owner = OWNER_PF;  /* function of the frame */
    int vnic = -1;              /* 1.8: the PF's VNIC that sent it */
    unsigned wire = 0;          /* port it leaves on (1.4: LAG's choice) */
    uint64_t extra = 0;         /* bytes of port VLAN tags the switch added */
    PktInfo pi{};               /* TSO: parsed headers of the frame */
};

/*
 * A frame on its way down the receive pipeline (receive -> LAG ->
 * classifier -> switch -> delivery to a function), or a function's frame
 * the switch delivers inside the NIC: the frame, where it came from, and
 * what the stages decided. A plain struct: later stages add their
 * metadata here.
 */
struct RxCtx {
    const uint8_t *buf = nullptr;
    size_t len = 0;
    unsigned port = 0;          /* arrival port, or the sender's (local) */
    bool local = false;         /* from a function: no wire, never held */
    int src_vnic = -1;          /* 1.8: local, sent by this VNIC */
    /* What the classifier decided. */
    int ring = -1;              /* PF: this ring instead of RSS */
    uint32_t hash = 0;          /* with ring: the RSS context's hash */
    unsigned htype = INIC_HASH_NONE;
    bool nofilter = false;      /* a rule chose it: no address filter */
    bool mark = false;          /* RXD mark, STA_MARK */
    uint32_t mark_val = 0;
    /* 1.6: a large receive (STA_LRO) when lro_segs != 0 (inic_lro.cpp). */
    uint16_t lro_mss = 0;
    uint16_t lro_segs = 0;
    uint32_t lro_wire = 0;      /* bytes its segments had on the wire */
    bool no_hold = false;       /* a later piece of a frame: never held */
    /* What the TOE engine found (1.7): a handshake ACK, STA_TOE. */
    bool toe = false;
    uint16_t toe_mss = 0;
    uint8_t toe_wscale = 0;     /* INIC_RXD_TOE_*_WSCALE */
    uint8_t toe_flags = 0;      /* INIC_RXD_TOE_* */
};

/*
 * Where the embedded switch sends a frame: the switching decision
 * (Core::sw_dests), made once for a frame from the wire or from a
 * function, before anything is delivered. Core::sw_deliver then delivers
 * it to the PF and the VFs; the wire copy is the TX path's.
 */
struct DestSet {
    bool pf = false;            /* the PF's endpoint on pf_port */
    unsigned pf_port = 0;       /* LAG: the active port for a group frame */
    uint64_t vfs = 0;           /* bit v: VF v */
    uint64_t vnics = 0;         /* 1.8: bit n: VNIC n */
    bool wire = false;          /* the frame leaves on the wire */
    bool unicast = false;       /* switched unicast (one unit of TX work) */
};
static_assert(INIC_MAX_VFS <= 64, "DestSet::vfs has one bit per VF");
static_assert(INIC_MAX_VNICS <= 64, "DestSet::vnics has one bit per VNIC");

/* sw_dests' from: the frame came from the wire (else an owner). */
constexpr unsigned FROM_WIRE = ~0u;

class Core {
public:
    Core(const InicConfig &cfg, const InicCallbacks &cb);

    void reset_full();
    void reset_function();

    uint64_t mmio_read(uint64_t off, unsigned size);
    void mmio_write(uint64_t off, uint64_t val, unsigned size);

    size_t receive(unsigned port, const uint8_t *buf, size_t len);
    bool can_receive(unsigned port);
    void set_link(unsigned port, bool up);
    bool set_vnet_hdr(unsigned port, unsigned hdr_len);
    void run_tx();
    void tx_resume(unsigned port);
    void bus_master_changed();
    void timer_expired(unsigned id);
    unsigned num_timers() const
    {
        return 2 * total_rings() + INIC_MAX_VNICS + num_vfs_ + num_ports_;
    }

    /* 1.2: SR-IOV. */
    uint64_t vf_mmio_read(unsigned v, uint64_t off, unsigned size);
    void vf_mmio_write(unsigned v, uint64_t off, uint64_t val,
                       unsigned size);
    void set_num_vfs(unsigned n);
    void vf_flr(unsigned v);

    /* The embedded switch's decision (inic_eswitch.cpp). */
    DestSet sw_dests(unsigned from, const RxCtx &c) const;

    /* For unit tests. */
    unsigned num_rings() const { return num_rings_; }
    const Ring &tx_ring(unsigned q) const { return rings_[q].tx; }
    const Ring &rx_ring(unsigned q) const { return rings_[q].rx; }
    size_t toe_queued() const { return toe_q_.size(); }

    static constexpr unsigned TX_BUDGET = 256;  /* wire packets per run */
    /* Descriptor reads and local deliveries per run (plus one segment). */
    static constexpr int64_t TX_WORK_BUDGET = 4096;
    static constexpr uint32_t DEFAULT_BURST = 65536;
    /* 1.7: SYN-ACKs waiting for the TX engine. */
    static constexpr size_t TOE_QUEUE_MAX = 64;
    /* Mirror copies waiting for the TX engine to send them to a port. */
    static constexpr size_t MIR_QUEUE_MAX = 64;
    static const uint8_t default_rss_key[INIC_RSS_KEY_SIZE];

private:
    enum class TxResult { Idle, Sent, Blocked, Stopped, Paused };
    enum class RxRes { Ok, Hold, NoDesc, Fault, BufErr, TooBig };

    /*
     * Methods by the file that defines them (device-model.rst, "Engines").
     * Every engine is a set of Core methods in its own inic_<engine>.cpp.
     */

    /* inic_core.cpp: reset fan-out, re-entrancy, pipeline drivers. */
    void pf_ep_reset(unsigned p);
    /* Re-entrancy guard: RAII over every entry point. */
    class Busy {
    public:
        explicit Busy(Core &c);
        ~Busy();
        Busy(const Busy &) = delete;
        Busy &operator=(const Busy &) = delete;
    private:
        Core &c_;
        bool outer_;
    };
    void flush_rx(unsigned p);
    bool refuse_reentry(unsigned owner, uint64_t off);
    void run_deferred();
    /* Timers: the only place a TimerId becomes an id and back. */
    bool has_timers() const { return cb_.timer_mod != nullptr; }
    unsigned timer_enc(TimerId t) const;
    TimerId timer_dec(unsigned id) const;
    void timer_mod(TimerId t, uint64_t delay_ns);
    void timer_del(TimerId t);

    /* inic_regs.cpp: the PF's BAR0 decode; global, function, port blocks. */
    uint32_t read32(uint64_t off);
    void write32(uint64_t off, uint32_t val);
    bool read_counter(uint64_t off, uint64_t *val);
    uint32_t global_read(uint32_t off);
    void global_write(uint32_t off, uint32_t val);
    uint32_t func_read(unsigned owner, uint32_t off);
    bool func_write(unsigned owner, uint32_t off, uint32_t val);
    uint32_t port_read(unsigned p, uint32_t off);
    void port_write(unsigned p, uint32_t off, uint32_t val);
    uint32_t port_cfg_read(unsigned owner, unsigned p, const Endpoint &pt,
                           uint32_t off);
    bool port_cfg_write(unsigned owner, unsigned p, Endpoint &pt, uint32_t off,
                        uint32_t val, uint32_t rings);
    /*
     * The BAR0 block table: a block's read/write get the instance and the
     * offset inside it, and return false to refuse (BAD_REG).
     */
    struct Block {
        uint64_t base;              /* offset of instance 0 */
        uint64_t stride;            /* bytes per instance */
        unsigned max;               /* instances spanned, 0: count() */
        unsigned (Core::*count)() const;    /* instances that exist */
        bool (Core::*read)(unsigned i, uint32_t off, uint32_t *val);
        bool (Core::*write)(unsigned i, uint32_t off, uint32_t val);
    };
    static const Block blocks_[];
    const Block *block_of(uint64_t off, unsigned *i, uint32_t *r) const;
    unsigned one_block() const { return 1; }
    unsigned ports_now() const { return num_ports_; }
    unsigned vfs_now() const { return num_vfs_; }
    unsigned pf_rings_now() const { return num_rings_; }
    bool global_blk_read(unsigned, uint32_t off, uint32_t *val);
    bool global_blk_write(unsigned, uint32_t off, uint32_t val);
    bool port_blk_read(unsigned p, uint32_t off, uint32_t *val);
    bool port_blk_write(unsigned p, uint32_t off, uint32_t val);

    /* inic_func.cpp: what a PCI function (PF or VF) provides. */
    void error(inic_err code, uint32_t info) { error_fn(OWNER_PF, code, info); }
    void error_fn(unsigned owner, inic_err code, uint32_t info);
    void raise_misc(uint32_t cause) { raise_misc_fn(OWNER_PF, cause); }
    void raise_misc_fn(unsigned owner, uint32_t cause);
    void notify_fn(unsigned owner, uint32_t vector);
    /* Owner numbers and VFs: 0 the PF, 1 + v VF v (the only mapping). */
    static constexpr unsigned vf_owner(unsigned v) { return v + 1; }
    static constexpr unsigned vf_index(unsigned owner) { return owner - 1; }
    Vf *vf_of(unsigned owner)
    {
        return owner == OWNER_PF || owner == OWNER_NONE
                   ? nullptr : &vfs_[vf_index(owner)];
    }
    Func &func(unsigned owner)
    {
        return owner == OWNER_PF ? pf_ : vfs_[vf_index(owner)].fn;
    }
    uint32_t vectors_of(unsigned owner) const
    {
        return owner == OWNER_PF ? num_vectors() : INIC_VF_VECTORS;
    }
    int dma_read(unsigned owner, uint64_t a, void *b, size_t l);
    int dma_write(unsigned owner, uint64_t a, const void *b, size_t l);
    bool bus_master_fn(unsigned owner);
    bool bus_master() { return bus_master_fn(OWNER_PF); }
    uint32_t num_vectors() const { return 1 + num_rings_; }

    /* inic_ring.cpp: ring register block, arming, moderation, faults. */
    unsigned total_rings() const { return num_rings_ + pool_; }
    unsigned local_ring(unsigned q) const
    {
        return q < num_rings_ ? q : q - num_rings_ -
                                    vfs_[vf_index(rings_[q].owner)].ring_base;
    }
    uint32_t ring_read(unsigned q, bool rx, uint32_t off);
    void ring_write(unsigned q, bool rx, uint32_t off, uint32_t val);
    void ring_ctrl_write(unsigned q, bool rx, uint32_t val);
    bool ring_blk_read(unsigned q, uint32_t off, uint32_t *val);
    bool ring_blk_write(unsigned q, uint32_t off, uint32_t val);
    void ring_error(inic_err code, unsigned q);
    void ring_completed(Ring &r, unsigned q, bool rx);
    void ring_fire(Ring &r, unsigned q, bool rx);
    void itr_stop(Ring &r, unsigned q, bool rx);
    void ring_fault(Ring &r, unsigned q);

    /* inic_rx.cpp: delivery of a frame to one function's rings. */
    void rx_flush_ring(unsigned q);
    size_t rx_pf(unsigned p, const RxCtx &c);
    RxRes rx_write(unsigned q, const uint8_t *data, size_t dlen,
                   size_t wire_len, uint16_t meta, uint16_t tci,
                   uint32_t hash, uint16_t ptype, bool can_hold,
                   const RxCtx &c);
    uint16_t rx_meta(const Endpoint &pt, const uint8_t *buf, const PktInfo &pi,
                     unsigned htype, uint16_t *ptype, bool lro = false);
    uint16_t rx_csum_status(const uint8_t *buf, const PktInfo &pi);

    /* inic_rss.cpp: the RX ring of a frame. */
    unsigned rx_select(const Endpoint &pt, const uint8_t *buf,
                       const PktInfo &pi, uint32_t *hash, unsigned *htype);
    bool rss_hash(const Endpoint &pt, const uint8_t *buf, const PktInfo &pi,
                  uint32_t *hash, unsigned *htype);

    /* inic_rxfilter.cpp: port receive tables block, receive filter. */
    uint32_t ptbl_read(unsigned p, uint32_t off);
    void ptbl_write(unsigned p, uint32_t off, uint32_t val);
    bool ptbl_blk_read(unsigned p, uint32_t off, uint32_t *val);
    bool ptbl_blk_write(unsigned p, uint32_t off, uint32_t val);
    bool rx_accept(const Endpoint &pt, const uint8_t *dst);

    /* inic_tx.cpp: the TX engine (gather, offloads, write-back). */
    struct TxBuf {
        uint64_t addr;
        uint16_t len;
    };
    TxResult tx_one(unsigned q);
    inic_err tx_gather(unsigned owner, const TxBuf *bufs, unsigned n,
                       size_t total, size_t head);
    int tx_copy(unsigned owner, const TxBuf *bufs, unsigned n, size_t from,
                size_t to);
    void tx_linearize();
    void tx_zc_release();
    unsigned tx_frame_iov(InicIov *iov, unsigned max, size_t from) const;
    bool tx_send(TxCtx &t, unsigned port, const InicIov *iov, unsigned niov);
    void tx_csum(size_t total, uint16_t start, uint16_t offset);
    inic_err tso_check(TxCtx &t, size_t total, uint16_t mss,
                       uint16_t hdr_len, unsigned *nsegs);
    bool tso_send(TxCtx &t, unsigned port, size_t total, uint16_t mss,
                  uint16_t hdr_len, bool vlan, uint16_t tci,
                  unsigned first, unsigned *next, uint64_t *bytes);

    /* inic_core.cpp: a wire frame into the classifier and the switch. */
    size_t rx_wire(unsigned p, const uint8_t *buf, size_t len);
    /* inic_vnet.cpp (1.5): the backend's virtio-net header. */
    size_t rx_vnet(unsigned p, const uint8_t *buf, size_t len);
    bool tx_switched(const TxCtx &t, unsigned port) const;
    bool tx_vnet(const TxCtx &t, unsigned port) const;
    bool tx_vnet_send(TxCtx &t, unsigned port, size_t total, bool tso,
                      uint16_t mss, uint16_t hdr_len, uint16_t csum_start,
                      uint16_t csum_offset, bool vlan, uint16_t tci,
                      unsigned nsegs, uint64_t *bytes);
    std::vector<uint8_t> vnet_frame_;   /* received frame being fixed */
    size_t rx_gso_cut(unsigned p, const uint8_t *f, size_t flen,
                      const PktInfo &pi, unsigned mss, bool first,
                      std::vector<uint8_t> &seg);

    /* inic_lro.cpp (1.6): large receive of a backend's GSO frames. */
    bool rx_lro(unsigned p, const uint8_t *f, size_t flen, uint16_t mss,
                const PktInfo &pi, size_t *ret);
    size_t rx_lro_one(unsigned p, unsigned pf_port, const uint8_t *f,
                      size_t flen, uint16_t mss, const PktInfo &pi,
                      bool first, bool *too_big);
    void lro_backend(unsigned p);
    std::vector<uint8_t> lro_frame_;    /* a chunk of a GSO frame */
    bool lro_too_big_ = false;          /* rx_pf: RxRes::TooBig seen */

    /*
     * inic_gro.cpp (1.9): receive coalescing of a port's wire segments
     * into large receives; one merge per port.
     */
    struct Gro {
        bool active = false;
        bool timer = false;     /* its GroFlush timer runs */
        bool held = false;      /* its ring had no room: retried */
        unsigned pf_port = 0;   /* the PF endpoint it goes to */
        std::vector<uint8_t> buf;   /* headers of the first, payloads */
        PktInfo pi{};           /* the first segment's parse */
        uint32_t next_seq = 0;  /* the sequence number that continues it */
        uint16_t mss = 0;       /* payload bytes of the first segment */
        uint16_t segs = 0;
    };
    static constexpr uint64_t GRO_FLUSH_NS = 20000;
    std::vector<Gro> gro_;          /* per physical port */
    bool gro_candidate(unsigned p, const uint8_t *f, size_t len,
                       const PktInfo &pi, unsigned *pf_port);
    bool gro_continues(const Gro &g, const uint8_t *f, size_t len,
                       const PktInfo &pi) const;
    bool gro_rx(unsigned p, const uint8_t *f, size_t len, size_t *ret);
    bool gro_flush(unsigned p);
    void gro_arm(unsigned p);
    void gro_discard(unsigned p);
    void gro_timer(unsigned p);

    /* inic_eswitch.cpp: forwarding between wire, PF and VFs. */
    bool any_vf_on(unsigned p, bool grp = false) const;
    int vf_lookup(unsigned p, const uint8_t *dst, int vid, unsigned skip,
                  bool grp = false) const;
    uint64_t vfs_in(unsigned p, bool grp, int vid, unsigned skip,
                    bool promisc_only) const;
    size_t sw_deliver(const RxCtx &c, const DestSet &d);
    size_t rx_switch(const RxCtx &c);
    void rx_vf(unsigned v, const RxCtx &c);
    void sw_local(unsigned owner, size_t len);
    bool pf_owns_unicast(unsigned p, const uint8_t *dst) const;
    bool tx_out(TxCtx &t, unsigned port, const InicIov *iov, unsigned niov);

    /* inic_cls.cpp: classifier register block and pipeline hooks. */
    void cls_reset(bool full);
    bool cls_counter(uint64_t off, uint64_t *val);
    bool cls_blk_read(unsigned, uint32_t off, uint32_t *val);
    bool cls_blk_write(unsigned, uint32_t off, uint32_t val);
    unsigned cls_check(ClsAction *act);
    void cls_cmd(uint32_t val);
    bool cls_police_ok(ClsRule &r, size_t len);
    void cls_commit(ClsRule &r, size_t len);
    ClsRule *cls_lookup(unsigned p, unsigned origin, const uint8_t *buf,
                        size_t len);
    void cls_mark(const ClsRule &r, RxCtx *c) const;
    void cls_ring(const ClsRule &r, RxCtx *c);
    void cls_mirror(const ClsRule &r, const RxCtx &c);
    int cls_vnic(unsigned n, uint32_t gen) const;
    bool cls_wire(RxCtx &c, size_t *ret);
    bool cls_switch(ClsRule *r, unsigned owner, RxCtx &c);
    void cls_done(ClsRule &r, const RxCtx &c);

    /* inic_lag.cpp: LAG register block, link hook, pipeline helpers. */
    void lag_reset(bool full);
    bool lag_counter(uint64_t off, uint64_t *val);
    bool lag_blk_read(unsigned, uint32_t off, uint32_t *val);
    bool lag_blk_write(unsigned, uint32_t off, uint32_t val);
    void lag_regroup();
    void lag_flush();
    void lag_link(unsigned p, bool up);
    void lag_move(const Lag::Move &m);
    void lag_announce_one(unsigned p, const uint8_t *mac, uint16_t tci);
    void lag_announce(unsigned p);
    unsigned lag_wire(unsigned owner, unsigned p, const uint8_t *f,
                      size_t len);
    bool lag_tx_blocked(unsigned owner, unsigned p) const;
    void lag_sent(const TxCtx &t, unsigned p);
    unsigned lag_pf_port(unsigned p, bool grp) const;
    bool vf_on(unsigned w, unsigned p, bool grp) const;

    /* inic_toe.cpp: TOE register block, receive hook, SYN-ACK queue. */
    void toe_reset(bool full);
    uint64_t now_ns() const;
    bool toe_counter(uint64_t off, uint64_t *val);
    bool toe_blk_read(unsigned, uint32_t off, uint32_t *val);
    bool toe_blk_write(unsigned, uint32_t off, uint32_t val);
    bool toe_wire(RxCtx &c, size_t *ret);
    bool toe_synack(unsigned p, unsigned ep, const uint8_t *buf,
                    const PktInfo &pi, const ToeTuple &tu, const TcpOpts &o);
    void toe_drain();

    /* inic_shaper.cpp: token bucket per VF. */
    /* inic_shaper.cpp: token bucket per VF and per VNIC. */
    bool bucket_ok(uint32_t rate, uint32_t burst, int64_t &tokens,
                   uint64_t &last_ns, bool &timer, TimerId id);
    void bucket_charge(uint32_t rate, int64_t &tokens, uint64_t bytes);
    bool shaper_ok(unsigned v);
    void shaper_charge(unsigned v, uint64_t bytes);

    /* inic_vnic.cpp (1.8): VNIC table block, VNIC endpoints, mirrors. */
    unsigned vnics_now() const { return INIC_MAX_VNICS; }
    bool vnic_blk_read(unsigned n, uint32_t off, uint32_t *val);
    bool vnic_blk_write(unsigned n, uint32_t off, uint32_t val);
    bool vnic_counter(uint64_t off, uint64_t *val);
    void vnic_reset(bool full);
    unsigned vnic_check(unsigned n) const;
    void vnic_ctrl_write(unsigned n, uint32_t val);
    void vnic_bind(unsigned n);
    void vnic_unbind(unsigned n);
    bool vnic_any_on(unsigned p) const;
    int vnic_lookup(unsigned p, const uint8_t *dst, int vid, int skip) const;
    uint64_t vnics_in(unsigned p, int vid, int skip) const;
    void rx_vnic(unsigned n, const RxCtx &c);
    void mirror(unsigned kind, unsigned index, const uint8_t *buf,
                size_t len);
    void rx_mirror(unsigned m, const uint8_t *buf, size_t len,
                   const RxCtx *from = nullptr);
    bool vnic_shaper_ok(unsigned n);
    void vnic_charge(unsigned n, uint64_t bytes);

    /* inic_sriov.cpp: VF table block, VF state, ring pool, VF link. */
    bool vf_active(unsigned v, unsigned p) const
    {
        return v < vfs_enabled_ && vfs_[v].port == p;
    }
    bool vf_link(unsigned v) const;
    void vf_link_update(unsigned v);
    void vf_event(unsigned v);
    void vf_reset(unsigned v, bool flr, bool event);
    void vf_table_reset(unsigned v);
    bool vf_assign_rings(unsigned v, uint32_t base, uint32_t count);
    void vf_grant_ctrl(unsigned v);
    uint32_t vf_table_read(unsigned v, uint32_t off);
    void vf_table_write(unsigned v, uint32_t off, uint32_t val);
    bool vf_table_blk_read(unsigned v, uint32_t off, uint32_t *val);
    bool vf_table_blk_write(unsigned v, uint32_t off, uint32_t val);

    /* inic_mbox.cpp: PF-VF mailbox transport. */
    void vf_mbox_write(unsigned v, uint32_t off, uint32_t val);
    void vf_mbox_ctrl_pf(unsigned v, uint32_t val);
    bool mbox_pf_read(unsigned v, uint32_t r, uint32_t *val);
    bool mbox_pf_write(unsigned v, uint32_t r, uint32_t val);

    /* inic_vf_regs.cpp: a VF's own BAR0. */
    uint32_t vf_read32(unsigned v, uint64_t off);
    void vf_write32(unsigned v, uint64_t off, uint32_t val);
    bool vf_ring_index(unsigned v, uint64_t off, unsigned *q);
    uint32_t vf_global_read(unsigned v, uint32_t off);
    void vf_global_write(unsigned v, uint32_t off, uint32_t val);
    uint32_t vf_port_read(unsigned v, uint32_t off);
    void vf_port_write(unsigned v, uint32_t off, uint32_t val);

    InicCallbacks cb_;
    unsigned num_ports_;
    unsigned queues_;
    unsigned num_rings_;
    std::vector<Port> ports_;       /* physical ports */
    std::vector<Endpoint> pf_eps_;  /* the PF's endpoint on each port */
    std::vector<RingPair> rings_;   /* PF rings, then the VF pool */
    unsigned num_vfs_ = 0;          /* TotalVFs */
    unsigned pool_ = 0;             /* VF ring pool size */
    unsigned vfs_enabled_ = 0;      /* NumVFs with VF Enable */
    std::vector<Vf> vfs_;
    Func pf_;
    uint64_t mbox_pending_ = 0;
    uint64_t vf_events_ = 0;
    std::array<uint64_t, INIC_SWSTAT__COUNT> sw_stats_{};
    std::vector<uint8_t> sw_frame_;     /* linear frame being switched */
    std::vector<uint8_t> vf_frame_;     /* frame after VF tag removal */
    /* Classifier (1.3): tables, staging registers, counters. */
    Cls cls_;
    ClsKey cls_key_, cls_mask_;
    uint32_t cls_prio_ = 0;
    ClsAction cls_act_;
    uint32_t cls_result_ = 0;
    uint32_t cls_refused_ = 0;
    std::array<uint64_t, INIC_CLS_RSTAT__COUNT> cls_rule_stats_{};
    std::array<uint64_t, INIC_CLS_STAT__COUNT> cls_stats_{};
    std::array<std::array<uint8_t, INIC_RSS_RETA_SIZE>,
               INIC_CLS_RSS_CONTEXTS> cls_reta_{};
    /*
     * Mirror copies for a port: queued where the rule decided (a receive
     * may not transmit, or a looped cable would feed the copy back into
     * the same receive without end) and sent by the next TX run, within
     * its budget.
     */
    std::deque<std::pair<unsigned, std::vector<uint8_t>>> mir_q_;
    void mir_drain();

    /* Link aggregation (1.4). */
    Lag lag_;
    /* TOE connection handoff (1.7): the engine, its SYN-ACK queue. */
    Toe toe_;
    std::deque<std::pair<unsigned, std::vector<uint8_t>>> toe_q_;

    /* VNICs (1.8). */
    std::array<Vnic, INIC_MAX_VNICS> vnics_{};
    uint64_t vnic_on_ = 0;          /* bit n: VNIC n enabled */
    uint64_t mirrors_ = 0;          /* bit n: enabled mirror VNIC n */
    std::vector<uint8_t> vnic_frame_;   /* frame after its VLAN pop */

    unsigned tx_next_ = 0;      /* round-robin start ring */
    std::vector<uint8_t> frame_;
    /*
     * Zero-copy transmit (dma_map): while zc_total_ is set, frame_ holds
     * the frame's first bytes (the head, for every check that reads
     * headers) and zc_[0..zc_n_) map the rest of its zc_total_ bytes in
     * guest memory, released when the frame has gone (tx_zc_release).
     */
    struct ZcMap {
        const uint8_t *p;
        size_t len;
    };
    std::array<ZcMap, INIC_CORE_MAX_MAPS> zc_{};
    unsigned zc_n_ = 0;
    unsigned zc_owner_ = 0;
    size_t zc_total_ = 0;
    /* Frames larger than this are sent in place when they can be. */
    static constexpr size_t TX_ZC_HEAD = 256;
    std::vector<uint8_t> lin_;      /* linearized frame without net_sendv */
    std::vector<uint8_t> rx_frame_; /* frame after VLAN strip */
    struct RxBuf {
        uint64_t addr;
        uint16_t len;
    };
    std::vector<RxBuf> rx_bufs_;
    /* Re-entrancy: busy inside an entry point; work that waits for it. */
    bool busy_ = false;
    bool in_deferred_ = false;
    bool defer_reset_ = false;
    bool defer_bm_ = false;
    int defer_num_vfs_ = -1;
    uint64_t defer_flr_ = 0;
    uint32_t defer_flush_ = 0;      /* ports whose backend queue to flush */
    /* Budget left in this run of the TX engine. */
    unsigned tx_pkts_ = 0;          /* wire packets */
    int64_t work_ = 0;              /* descriptor reads, local deliveries */
    /* A TSO frame paused when a run spent its budget (frame_ holds it). */
    struct TsoPause {
        bool active;
        unsigned q;                 /* its TX ring */
        unsigned n;                 /* its descriptors */
        size_t total;
        uint16_t mss, hdr_len, tci;
        bool vlan;
        unsigned nsegs, next;       /* segments, the next to send */
        uint64_t bytes;             /* wire bytes sent so far */
        PktInfo pi;                 /* its parsed headers (tso_check) */
    };
    TsoPause tso_pause_{};
};

/* The Core inside a handle of the C API (unit tests). */
Core &core_of(InicCore *c);

} /* namespace inic */

#endif /* INIC_CORE_H */
