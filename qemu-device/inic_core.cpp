/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * inic device model: the core. What the engines share and nothing else:
 * construction, the reset kinds and their fan-out, the re-entrancy guard
 * and the work deferred by it, the timer multiplexer, link and bus-master
 * changes, and the two pipeline drivers, receive() and run_tx(). The
 * engines are the other inic_*.cpp files; Documentation/device-model.rst
 * maps them, hw-reference.rst is the register-level contract.
 *
 * Rules every path of the model follows: the guest is never trusted, every
 * loop is bounded by a ring size or a fixed budget, every refusal is
 * counted.
 */
#include "inic_core.h"
#include "inic_core_int.h"

#include <algorithm>
#include <cstring>

namespace inic {

Core::Core(const InicConfig &cfg, const InicCallbacks &cb)
    : cb_(cb), num_ports_(cfg.ports), queues_(cfg.queues),
      num_rings_(cfg.ports * cfg.queues + cfg.vnic_rings), ports_(cfg.ports),
      pf_eps_(cfg.ports),
      num_vfs_(cfg.vfs),
      pool_(std::min<unsigned>(INIC_VF_RING_POOL,
                               INIC_VF_MAX_RINGS * cfg.vfs)),
      vfs_(cfg.vfs)
{
    rings_.resize(num_rings_ + pool_);
    gro_.resize(num_ports_);
    for (unsigned q = num_rings_; q < rings_.size(); q++) {
        rings_[q].owner = OWNER_NONE;
    }
    for (unsigned p = 0; p < num_ports_; p++) {
        memcpy(ports_[p].perm_mac, cfg.mac[p], 6);
        ports_[p].speed = cfg.speed;
    }
    frame_.reserve(INIC_TX_MAX_BYTES);
    lin_.reserve(INIC_TX_MAX_BYTES + 4);
    rx_frame_.reserve(INIC_MAX_FRAME);
    rx_bufs_.reserve(INIC_RING_MAX);
    if (num_vfs_) {
        sw_frame_.reserve(INIC_TX_MAX_BYTES + 8);
        vf_frame_.reserve(INIC_TX_MAX_BYTES + 8);
    }
    reset_full();
}

/* ---- Reset ---- */

/* The PF's endpoint on port p: its configuration (counters survive). */
void Core::pf_ep_reset(unsigned p)
{
    Endpoint &pt = pf_eps_[p];

    memcpy(pt.mac, ports_[p].perm_mac, 6);
    pt.ctrl = 0;
    pt.mtu = 1500;
    pt.rx_ring = p * queues_;
    pt.offload = 0;
    pt.lro_max = 0;
    pt.rss_ctrl = 0;
    memcpy(pt.rss_key.data(), default_rss_key, INIC_RSS_KEY_SIZE);
    for (unsigned i = 0; i < INIC_RSS_RETA_SIZE; i++) {
        pt.reta[i] = (uint8_t)(p * queues_ + i % queues_);
    }
    for (auto &e : pt.uc) {
        e = Endpoint::UcEntry{};
    }
    pt.mc_hash.fill(0);
    lro_backend(p);
    gro_discard(p);
}

void Core::reset_function()
{
    for (unsigned q = 0; q < num_rings_; q++) {
        itr_stop(rings_[q].tx, q, false);
        itr_stop(rings_[q].rx, q, true);
        rings_[q].tx.reset_regs();
        rings_[q].rx.reset_regs();
    }
    pf_.reset_regs();
    for (unsigned p = 0; p < num_ports_; p++) {
        pf_ep_reset(p);
    }
    /*
     * The VF table and every VF's function state go back to defaults.
     * First every pool ring: off, registers zeroed, owned by nobody, so
     * that no ring the PF had moved keeps running, and the default
     * layout cannot collide with what the PF had set up.
     */
    mbox_pending_ = 0;
    vf_events_ = 0;
    for (unsigned q = num_rings_; q < total_rings(); q++) {
        itr_stop(rings_[q].tx, q, false);
        itr_stop(rings_[q].rx, q, true);
        rings_[q].tx.reset_regs();
        rings_[q].rx.reset_regs();
        rings_[q].owner = OWNER_NONE;
    }
    for (auto &vf : vfs_) {
        vf.ring_count = 0;
    }
    for (unsigned v = 0; v < num_vfs_; v++) {
        vf_table_reset(v);
        vf_reset(v, false, false);
    }
    vf_events_ = 0;
    cls_reset(false);
    lag_reset(false);
    toe_reset(false);
    vnic_reset(false);
    /* Frames the backend holds for us are now dropped (RX disabled). */
    for (unsigned p = 0; p < num_ports_; p++) {
        flush_rx(p);
    }
}

void Core::reset_full()
{
    if (busy_) {
        /* Reached through the device's own DMA: after the current work. */
        defer_reset_ = true;
        defer_num_vfs_ = -1;
        defer_flr_ = 0;
        return;
    }
    Busy busy(*this);
    for (auto &rp : rings_) {
        rp.tx.stats.fill(0);
        rp.rx.stats.fill(0);
    }
    for (auto &pt : ports_) {
        pt.tx_blocked = false;
    }
    for (auto &ep : pf_eps_) {
        ep.stats.fill(0);
        ep.link_events = 0;
    }
    pf_.reset_errors();
    for (auto &vf : vfs_) {
        vf.fn.reset_errors();
        vf.stats.fill(0);
        vf.ep.stats.fill(0);
        vf.ep.link_events = 0;
        vf.flr_count = 0;
        vf.mbox_errors = 0;
        vf.refused_count = 0;
        vf.enabled = false;
    }
    vfs_enabled_ = 0;
    sw_stats_.fill(0);
    tx_next_ = 0;
    cls_reset(true);
    lag_reset(true);
    toe_reset(true);
    vnic_reset(true);
    reset_function();
}

/* ---- Re-entrancy (hw-reference "Re-entrant accesses") ---- */

/*
 * The core is one engine: while it works on something (a register access,
 * a received frame, a TX run, a timer, a reset), its own DMA or MSI-X
 * write may reach one of its BARs (a VF's is another QEMU device, so
 * QEMU's per-device guard does not stop it) or a config space (FLR, VF
 * Enable, bus master). Such an access never runs inside the work in
 * progress: register accesses are refused and counted (REENTRANT), the
 * rest waits and runs as soon as the core is free again.
 */
Core::Busy::Busy(Core &c) : c_(c), outer_(!c.busy_)
{
    c_.busy_ = true;
}

Core::Busy::~Busy()
{
    if (outer_) {
        c_.busy_ = false;
        c_.run_deferred();
    }
}

void Core::flush_rx(unsigned p)
{
    if (busy_) {
        defer_flush_ |= 1u << p;    /* its receive would re-enter */
        return;
    }
    cb_.flush_rx(cb_.opaque, p);
}

bool Core::refuse_reentry(unsigned owner, uint64_t off)
{
    if (!busy_) {
        return false;
    }
    error_fn(owner, INIC_ERR_REENTRANT, (uint32_t)off);
    return true;
}

/* Work that arrived while busy, in order; bounded per call. */
void Core::run_deferred()
{
    if (in_deferred_) {
        return;     /* the outer call picks the new work up */
    }
    in_deferred_ = true;
    for (unsigned round = 0; defer_reset_ || defer_num_vfs_ >= 0 ||
                             defer_flr_ || defer_bm_ || defer_flush_;
         round++) {
        if (round == 16) {
            cb_.schedule_tx(cb_.opaque);    /* the rest after the next run */
            break;
        }
        if (defer_reset_) {
            defer_reset_ = false;
            reset_full();
        }
        if (defer_num_vfs_ >= 0) {
            unsigned n = (unsigned)defer_num_vfs_;
            defer_num_vfs_ = -1;
            set_num_vfs(n);
        }
        while (defer_flr_) {
            unsigned v = (unsigned)__builtin_ctzll(defer_flr_);
            defer_flr_ &= defer_flr_ - 1;
            vf_flr(v);
        }
        if (defer_bm_) {
            defer_bm_ = false;
            bus_master_changed();
        }
        uint32_t ports = defer_flush_;
        defer_flush_ = 0;
        for (unsigned p = 0; p < num_ports_; p++) {
            if (ports & (1u << p)) {
                cb_.flush_rx(cb_.opaque, p);
            }
        }
    }
    in_deferred_ = false;
}

/*
 * ---- Timers: id 2q TX ring q, 2q + 1 RX ring q, then one per port
 * (1.9: its receive coalescing), one per VNIC (INIC_MAX_VNICS), then one
 * per VF ----
 */

unsigned Core::timer_enc(TimerId t) const
{
    switch (t.kind) {
    case TimerId::TxItr:
        return 2 * t.index;
    case TimerId::RxItr:
        return 2 * t.index + 1;
    case TimerId::GroFlush:
        return 2 * total_rings() + t.index;
    case TimerId::VnicShaper:
        return 2 * total_rings() + num_ports_ + t.index;
    case TimerId::Shaper:
    default:
        return 2 * total_rings() + num_ports_ + INIC_MAX_VNICS + t.index;
    }
}

TimerId Core::timer_dec(unsigned id) const
{
    if (id / 2 >= total_rings()) {
        unsigned x = id - 2 * total_rings();
        if (x < num_ports_) {
            return { TimerId::GroFlush, x };
        }
        x -= num_ports_;
        if (x < INIC_MAX_VNICS) {
            return { TimerId::VnicShaper, x };
        }
        return { TimerId::Shaper, x - INIC_MAX_VNICS };
    }
    return { (id & 1) ? TimerId::RxItr : TimerId::TxItr, id / 2 };
}

void Core::timer_mod(TimerId t, uint64_t delay_ns)
{
    if (cb_.timer_mod) {
        cb_.timer_mod(cb_.opaque, timer_enc(t), delay_ns);
    }
}

void Core::timer_del(TimerId t)
{
    if (cb_.timer_del) {
        cb_.timer_del(cb_.opaque, timer_enc(t));
    }
}

void Core::timer_expired(unsigned id)
{
    const TimerId t = timer_dec(id);
    Busy busy(*this);

    if (t.kind == TimerId::GroFlush) {
        gro_timer(t.index);
        return;
    }
    if (t.kind == TimerId::VnicShaper) {
        if (t.index < INIC_MAX_VNICS && vnics_[t.index].shaper_timer) {
            vnics_[t.index].shaper_timer = false;
            cb_.schedule_tx(cb_.opaque);
        }
        return;
    }
    if (t.kind == TimerId::Shaper) {
        unsigned v = t.index;
        if (v < num_vfs_ && vfs_[v].shaper_timer) {
            vfs_[v].shaper_timer = false;
            cb_.schedule_tx(cb_.opaque);
        }
        return;
    }
    const unsigned q = t.index;
    const bool rx = t.kind == TimerId::RxItr;
    Ring &r = rx ? rings_[q].rx : rings_[q].tx;
    if (!r.itr_timer) {
        return;     /* cancelled meanwhile */
    }
    r.itr_timer = false;
    if (r.armed && r.itr_count) {
        ring_fire(r, q, rx);
    }
}

/* ---- Link ---- */

void Core::set_link(unsigned p, bool up)
{
    if (p >= num_ports_ || ports_[p].link_up == up) {
        return;
    }
    Busy busy(*this);
    ports_[p].link_up = up;
    pf_eps_[p].link_events++;
    raise_misc(INIC_MISC_LINK);
    /* LAG (1.4): following functions move in the same instant. */
    lag_link(p, up);
    for (unsigned v = 0; v < vfs_enabled_; v++) {
        if (vfs_[v].port == p || lag_.follows(vf_owner(v), vfs_[v].port)) {
            vf_link_update(v);
        }
    }
    flush_rx(p);
    cb_.schedule_tx(cb_.opaque);
}

void Core::bus_master_changed()
{
    if (busy_) {
        defer_bm_ = true;
        return;
    }
    Busy busy(*this);
    if (tso_pause_.active &&
        !bus_master_fn(rings_[tso_pause_.q].owner)) {
        /* No DMA for its function: a paused TSO frame is abandoned. */
        rings_[tso_pause_.q].tx.tso_paused = false;
        tso_pause_.active = false;
    }
    if (!bus_master()) {
        if (vfs_enabled_) {
            cb_.schedule_tx(cb_.opaque);
        }
        return;
    }
    cb_.schedule_tx(cb_.opaque);
    for (unsigned p = 0; p < num_ports_; p++) {
        flush_rx(p);
    }
}

/*
 * A frame from the wire on port p, carried down the receive pipeline in
 * an RxCtx: LAG's count, the classifier (1.3, when it has rules), then
 * the switch (rx_switch: decide, then deliver).
 */
size_t Core::receive(unsigned p, const uint8_t *buf, size_t len)
{
    if (p >= num_ports_) {
        return len;
    }
    if (busy_) {
        /* E.g. our own frame looped back by a hub: held, flushed later. */
        defer_flush_ |= 1u << p;
        return 0;
    }
    Busy busy(*this);
    if (ports_[p].vnet_len) {
        return rx_vnet(p, buf, len);   /* 1.5: strip, check, fix the header */
    }
    size_t ret;
    if (gro_rx(p, buf, len, &ret)) {
        return ret;     /* 1.9: merged (or waiting behind a merge) */
    }
    return rx_wire(p, buf, len);
}

/* A frame as it came on the wire of port p (no backend header). */
size_t Core::rx_wire(unsigned p, const uint8_t *buf, size_t len)
{
    RxCtx c;
    c.buf = buf;
    c.len = len;
    c.port = p;
    size_t ret;
    if (lag_.member(p)) {
        lag_.rx_pkts[p]++;
    }
    if (toe_.enabled() && toe_wire(c, &ret)) {
        return ret;     /* 1.6: a SYN answered, or a replayed ACK dropped */
    }
    if (!cls_.empty() && len >= 14 && cls_wire(c, &ret)) {
        return ret;
    }
    return rx_switch(c);
}

void Core::run_tx()
{
    const unsigned n = total_rings();

    if (busy_) {
        cb_.schedule_tx(cb_.opaque);
        return;
    }
    Busy busy(*this);

    /*
     * A run's budget: TX_BUDGET wire packets (TSO: segments) and
     * TX_WORK_BUDGET descriptor reads and local deliveries, whatever
     * the frames. A TSO frame that runs out of it is paused and resumed
     * first by the next run (frame_ holds it). Queued mirror copies go
     * first.
     */
    tx_pkts_ = TX_BUDGET;
    work_ = TX_WORK_BUDGET;
    toe_drain();
    mir_drain();
    if (!mir_q_.empty() || !toe_q_.empty()) {
        cb_.schedule_tx(cb_.opaque);    /* the rest after this run */
    }
    if (!n || (!bus_master() && !vfs_enabled_)) {
        return;
    }
    if (tso_pause_.active) {
        tx_one(tso_pause_.q);
        if (tso_pause_.active) {
            if (!tx_pkts_ || work_ <= 0) {
                cb_.schedule_tx(cb_.opaque);
            }
            return;     /* blocked: tx_resume() or bus mastering restarts */
        }
    }
    bool progress = true;
    while (tx_pkts_ && work_ > 0 && progress) {
        progress = false;
        for (unsigned i = 0; i < n && tx_pkts_ && work_ > 0; i++) {
            TxResult res = tx_one((tx_next_ + i) % n);
            if (res == TxResult::Sent) {
                progress = true;
            } else if (res == TxResult::Paused) {
                break;          /* budget spent */
            }
        }
    }
    tx_next_ = (tx_next_ + 1) % n;
    if (!tx_pkts_ || work_ <= 0 || tso_pause_.active) {
        cb_.schedule_tx(cb_.opaque);    /* more may be waiting */
    }
}

void Core::tx_resume(unsigned p)
{
    Busy busy(*this);

    if (p < num_ports_) {
        ports_[p].tx_blocked = false;
        cb_.schedule_tx(cb_.opaque);
    }
}

} /* namespace inic */
