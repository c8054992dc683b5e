/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * inic device model: link aggregation (ABI 1.4). The group's decisions
 * (class Lag: members, mode, active port, failover on a link change, the
 * flow hash) and Core's side of it: the register block at 0x7800, its
 * counters, the link hook that moves following functions the instant a
 * member's link drops, the announcements on the new port, and the
 * helpers the RX switch and the TX engine ask (which port a frame of a
 * function leaves on, which functions a frame from a member reaches).
 * hw-reference.rst "Link aggregation" is the contract.
 */
#include "inic_core.h"
#include "inic_core_int.h"
#include "inic_lag.h"

#include <cstring>

namespace inic {

/* ---- The group (no Core) ---- */

void Lag::reset(unsigned nports, uint32_t live, bool full)
{
    nports_ = nports;
    ctrl_ = 0;
    mode_ = INIC_LAG_MODE_ACTIVE_BACKUP;
    hash_ = INIC_LAG_HASH_L2;
    members_ = 0;
    primary_ = 0;
    active_ = 0;
    pf_pin_ = 0;
    vf_pin_ = 0;
    live_ = live;
    if (full) {
        last_ = 0;
        refused = 0;
        stats.fill(0);
        rx_pkts.fill(0);
        tx_pkts.fill(0);
    }
}

/* The lowest-numbered member with link, or NONE. */
unsigned Lag::first_live() const
{
    const uint32_t l = members_ & live_;
    return l ? (unsigned)__builtin_ctz(l) : NONE;
}

/* PRIMARY if it has link, else the first member that has, else stay. */
void Lag::pick_active()
{
    if (((members_ >> primary_) & 1) && live(primary_)) {
        active_ = primary_;
    } else if (first_live() != NONE) {
        active_ = first_live();
    } else if (!((members_ >> active_) & 1)) {
        active_ = primary_;
    }
}

bool Lag::set_ctrl(uint32_t v)
{
    if (v & ~INIC_LAG_CTRL_ALL) {
        return false;
    }
    if ((v & INIC_LAG_CTRL_ENABLE) && !enabled()) {
        if (!members_ || !((members_ >> primary_) & 1)) {
            return false;   /* nothing to enable, or PRIMARY not a member */
        }
        ctrl_ = v;
        pick_active();
        return true;
    }
    ctrl_ = v;
    return true;
}

bool Lag::set_mode(uint32_t v)
{
    if (v != INIC_LAG_MODE_ACTIVE_BACKUP && v != INIC_LAG_MODE_HASH) {
        return false;
    }
    mode_ = v;
    return true;
}

bool Lag::set_hash(uint32_t v)
{
    if (v != INIC_LAG_HASH_L2 && v != INIC_LAG_HASH_L34 &&
        v != INIC_LAG_HASH_L23) {
        return false;
    }
    hash_ = v;
    return true;
}

bool Lag::set_members(uint32_t v)
{
    if (nports_ < 32 && (v >> nports_)) {
        return false;
    }
    if (enabled() && (!v || !((v >> primary_) & 1))) {
        return false;   /* the group in force keeps PRIMARY */
    }
    members_ = v;
    if (enabled() && (!((members_ >> active_) & 1) || !live(active_))) {
        pick_active();
    }
    return true;
}

bool Lag::set_primary(uint32_t v)
{
    if (v >= nports_ || (enabled() && !((members_ >> v) & 1))) {
        return false;
    }
    primary_ = v;
    return true;
}

bool Lag::set_active(uint32_t v, Move *m)
{
    if (!member(v) || !live(v)) {
        return false;   /* only a member with link can carry the group */
    }
    if (v != active_) {
        m->moved = true;
        m->from = active_;
        m->to = v;
        m->reason = INIC_LAG_REASON_DRIVER;
        active_ = v;
    }
    return true;
}

bool Lag::set_pf_pin(uint32_t v)
{
    if (v & ~1u) {
        return false;
    }
    pf_pin_ = v;
    return true;
}

bool Lag::set_vf_pin(uint32_t v, unsigned total_vfs)
{
    if (total_vfs < 32 && (v >> total_vfs)) {
        return false;
    }
    vf_pin_ = v;
    return true;
}

Lag::Move Lag::link(unsigned p, bool up)
{
    Move m;

    if (p >= nports_ || p >= 32) {
        return m;
    }
    const bool had_live = (members_ & live_) != 0;
    live_ = up ? live_ | (1u << p) : live_ & ~(1u << p);
    if (!member(p)) {
        return m;
    }
    const unsigned old = active_;
    if (!up) {
        if (first_live() == NONE) {
            return m;   /* nowhere to go: the group is down */
        }
        if (p == active_) {
            pick_active();
        }
        if (mode_ == INIC_LAG_MODE_ACTIVE_BACKUP && p != old) {
            return m;   /* a backup went down: nothing moves */
        }
        m.moved = true;
        m.from = p;
        m.to = active_;
        m.reason = INIC_LAG_REASON_LINK_DOWN;
        return m;
    }
    if (!had_live) {
        pick_active();
        m.moved = true;
        m.from = old;
        m.to = active_;
        m.reason = INIC_LAG_REASON_LINK_UP;
        return m;
    }
    if (mode_ == INIC_LAG_MODE_HASH) {
        /* The member's flows come back to it (its hash slot). */
        if ((ctrl_ & INIC_LAG_CTRL_FAILBACK) && p == primary_) {
            active_ = primary_;
        }
        m.moved = true;
        m.from = old;
        m.to = p;
        m.reason = INIC_LAG_REASON_FAILBACK;
        return m;
    }
    if ((ctrl_ & INIC_LAG_CTRL_FAILBACK) && p == primary_ &&
        active_ != primary_) {
        active_ = primary_;
        m.moved = true;
        m.from = old;
        m.to = primary_;
        m.reason = INIC_LAG_REASON_FAILBACK;
    }
    return m;
}

static unsigned nth_bit(uint32_t mask, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        mask &= mask - 1;
    }
    return (unsigned)__builtin_ctz(mask);
}

static uint32_t mix32(uint32_t h)
{
    h ^= h >> 16;
    h *= 0x7feb352du;
    h ^= h >> 15;
    h *= 0x846ca68bu;
    h ^= h >> 16;
    return h;
}

unsigned Lag::select(uint32_t h) const
{
    if (!up()) {
        return NONE;
    }
    if (mode_ == INIC_LAG_MODE_ACTIVE_BACKUP) {
        return live(active_) ? active_ : NONE;
    }
    /*
     * Each flow has a home member (its hash over every member); while the
     * home has link the flow stays there. Only the flows of a member
     * without link are spread again, over the members that have it.
     */
    const unsigned n = (unsigned)__builtin_popcount(members_);
    const unsigned home = nth_bit(members_, h % n);
    if (live(home)) {
        return home;
    }
    const uint32_t l = members_ & live_;
    return nth_bit(l, mix32(h ^ 0x9e3779b9u) % __builtin_popcount(l));
}

uint32_t Lag::status() const
{
    return (up() ? INIC_LAG_STATUS_UP : 0) |
           ((members_ & live_ & 0xffu) << INIC_LAG_STATUS_LIVE_SHIFT);
}

void Lag::record(const Move &m, uint64_t now_ns)
{
    stats[INIC_LAG_STAT_FAILOVERS]++;
    stats[INIC_LAG_STAT_LAST_NS] = now_ns;
    last_ = (m.from & 0xffu) | ((m.to & 0xffu) << 8) |
            ((m.reason & 0xfu) << 16) | INIC_LAG_LAST_VALID;
}

/* FNV-1a over the chosen fields, then a final mix. */
static uint32_t fnv(uint32_t h, const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        h = (h ^ p[i]) * 16777619u;
    }
    return h;
}

uint32_t lag_flow_hash(const uint8_t *f, size_t len, unsigned policy)
{
    uint32_t h = 2166136261u;

    if (len < 14) {
        return mix32(fnv(h, f, len));
    }
    PktInfo pi;
    parse_frame(f, len, &pi);
    const bool ip = pi.l3 == 4 || pi.l3 == 6;
    const unsigned et = pi.l3_off >= 2 ? pi.l3_off - 2 : 12;
    if (policy != INIC_LAG_HASH_L34 || !ip) {
        h = fnv(h, f, 12);                      /* DA, SA */
        h = fnv(h, f + (ip ? et : 12), 2);      /* ethertype */
    }
    if (ip && policy != INIC_LAG_HASH_L2) {
        if (pi.l3 == 4 && pi.l3_off + 20 <= len) {
            h = fnv(h, f + pi.l3_off + 12, 8);  /* source, destination */
        } else if (pi.l3 == 6 && pi.l3_off + 40 <= len) {
            h = fnv(h, f + pi.l3_off + 8, 32);
        }
        if (policy == INIC_LAG_HASH_L34) {
            h = fnv(h, &pi.l4_proto, 1);
            if (pi.l4_hdr_len && !pi.frag) {
                h = fnv(h, f + pi.l4_off, 4);   /* source, dest ports */
            }
        }
    }
    return mix32(h);
}

/* ---- Core: register block, counters ---- */

void Core::lag_reset(bool full)
{
    uint32_t live = 0;

    for (unsigned p = 0; p < num_ports_ && p < 32; p++) {
        live |= ports_[p].link_up ? 1u << p : 0;
    }
    lag_.reset(num_ports_, live, full);
}

bool Core::lag_counter(uint64_t off, uint64_t *val)
{
    if (off >= INIC_LAG_STAT(0) && off < INIC_LAG_STAT(INIC_LAG_STAT__COUNT)) {
        *val = lag_.stats[(off - INIC_LAG_STAT(0)) / 8];
        return true;
    }
    if (off >= INIC_LAG_MEMBER_RX(0) && off < INIC_LAG_MEMBER_RX(num_ports_)) {
        const uint64_t r = off - INIC_LAG_MEMBER_RX(0);
        const unsigned p = (unsigned)(r / 0x10);
        if ((r & 0xf) == 0) {
            *val = lag_.rx_pkts[p];
            return true;
        }
        if ((r & 0xf) == 8) {
            *val = lag_.tx_pkts[p];
            return true;
        }
    }
    return false;
}

bool Core::lag_blk_read(unsigned, uint32_t off, uint32_t *val)
{
    switch (off) {
    case INIC_LAG_CTRL:
        *val = lag_.ctrl();
        return true;
    case INIC_LAG_MODE:
        *val = lag_.mode();
        return true;
    case INIC_LAG_HASH:
        *val = lag_.hash();
        return true;
    case INIC_LAG_MEMBERS:
        *val = lag_.members();
        return true;
    case INIC_LAG_PRIMARY:
        *val = lag_.primary();
        return true;
    case INIC_LAG_ACTIVE:
        *val = lag_.active();
        return true;
    case INIC_LAG_PF_PIN:
        *val = lag_.pf_pin();
        return true;
    case INIC_LAG_VF_PIN:
        *val = lag_.vf_pin();
        return true;
    case INIC_LAG_STATUS:
        *val = lag_.status();
        return true;
    case INIC_LAG_LAST:
        *val = lag_.last();
        return true;
    case INIC_LAG_REFUSED:
        *val = lag_.refused;
        return true;
    default:
        return false;
    }
}

bool Core::lag_blk_write(unsigned, uint32_t off, uint32_t val)
{
    Lag::Move m;
    bool ok;

    switch (off) {
    case INIC_LAG_CTRL: {
        const bool was = lag_.enabled();
        ok = lag_.set_ctrl(val);
        if (ok && was != lag_.enabled()) {
            lag_regroup();      /* functions join or leave the group */
        }
        break;
    }
    case INIC_LAG_MODE:
        ok = lag_.set_mode(val);
        break;
    case INIC_LAG_HASH:
        ok = lag_.set_hash(val);
        break;
    case INIC_LAG_MEMBERS:
        ok = lag_.set_members(val);
        if (ok) {
            lag_regroup();
        }
        break;
    case INIC_LAG_PRIMARY:
        ok = lag_.set_primary(val);
        break;
    case INIC_LAG_ACTIVE:
        ok = lag_.set_active(val, &m);
        break;
    case INIC_LAG_PF_PIN:
        ok = lag_.set_pf_pin(val);
        break;
    case INIC_LAG_VF_PIN:
        ok = lag_.set_vf_pin(val, num_vfs_);
        if (ok) {
            lag_regroup();
        }
        break;
    case INIC_LAG_STATUS:
    case INIC_LAG_LAST:
    case INIC_LAG_REFUSED:
        return true;    /* read-only: writes ignored */
    default:
        return false;
    }
    if (!ok) {
        lag_.refused++;
        error(INIC_ERR_BAD_VALUE, INIC_LAG_BASE + off);
        return true;
    }
    if (m.moved) {
        lag_move(m);
    }
    return true;
}

/* ---- Core: link changes, moves, announcements ---- */

/* Who follows changed: the link every VF sees may have too. */
void Core::lag_regroup()
{
    for (unsigned v = 0; v < vfs_enabled_; v++) {
        vf_link_update(v);
    }
    lag_flush();
    cb_.schedule_tx(cb_.opaque);
}

/*
 * Where the PF receives a member's frames changed: frames a backend holds
 * for want of buffers on the old port's rings are tried again.
 */
void Core::lag_flush()
{
    for (unsigned p = 0; p < num_ports_ && p < 32; p++) {
        if ((lag_.members() >> p) & 1) {
            flush_rx(p);
        }
    }
}

/* Port p's link changed (ports_[p].link_up is already the new state). */
void Core::lag_link(unsigned p, bool up)
{
    const Lag::Move m = lag_.link(p, up);

    if (m.moved) {
        lag_move(m);
    }
}

/*
 * Following traffic now uses another port: counted and timestamped, the
 * PF told (MISC_LAG), the MACs announced on the new port.
 */
void Core::lag_move(const Lag::Move &m)
{
    lag_.record(m, cb_.clock_ns ? cb_.clock_ns(cb_.opaque) : 0);
    raise_misc(INIC_MISC_LAG);
    if ((lag_.ctrl() & INIC_LAG_CTRL_ANNOUNCE) && m.to < num_ports_) {
        lag_announce(m.to);
    }
    lag_flush();
    cb_.schedule_tx(cb_.opaque);
}

/* One broadcast frame from mac (tagged with pvid if not 0) on port p. */
void Core::lag_announce_one(unsigned p, const uint8_t *mac, uint16_t tci)
{
    uint8_t f[INIC_LAG_ANNOUNCE_LEN] = {};
    unsigned o = 12;

    memset(f, 0xff, 6);
    memcpy(f + 6, mac, 6);
    if (tci) {
        put_be16(f + 12, 0x8100);
        put_be16(f + 14, tci);
        o = 16;
    }
    put_be16(f + o, INIC_LAG_ANNOUNCE_ETYPE);
    lag_.stats[INIC_LAG_STAT_ANNOUNCES]++;
    cb_.net_send(cb_.opaque, p, f, sizeof(f));
}

/*
 * Every MAC of a following function, once, on port p: the PF's station
 * MACs of the member ports, then every enabled following VF's MAC (in
 * its port VLAN).
 */
void Core::lag_announce(unsigned p)
{
    if (!ports_[p].link_up) {
        return;
    }
    for (unsigned m = 0; m < num_ports_; m++) {
        if (!lag_.follows(OWNER_PF, m)) {
            continue;
        }
        bool dup = false;
        for (unsigned k = 0; k < m; k++) {
            dup |= lag_.follows(OWNER_PF, k) &&
                   !memcmp(pf_eps_[k].mac, pf_eps_[m].mac, 6);
        }
        if (!dup) {
            lag_announce_one(p, pf_eps_[m].mac, 0);
        }
    }
    for (unsigned v = 0; v < vfs_enabled_; v++) {
        const Vf &vf = vfs_[v];
        if (lag_.follows(vf_owner(v), vf.port) &&
            (vf.mac[0] | vf.mac[1] | vf.mac[2] | vf.mac[3] | vf.mac[4] |
             vf.mac[5])) {
            const uint16_t tci = vf.pvid() ? (uint16_t)(vf.pvid() |
                (((vf.vlan & INIC_VF_VLAN_PCP_MASK) >>
                  INIC_VF_VLAN_PCP_SHIFT) << 13)) : 0;
            lag_announce_one(p, vf.mac, tci);
        }
    }
}

/* ---- Core: what the switch and the TX engine ask ---- */

/*
 * The wire port of a frame of function owner whose own port is p: p
 * unless the function follows the group; then the group's choice, or
 * Lag::NONE when no member has link.
 */
unsigned Core::lag_wire(unsigned owner, unsigned p, const uint8_t *f,
                        size_t len)
{
    if (!lag_.follows(owner, p)) {
        return p;
    }
    uint32_t h = 0;
    if (lag_.mode() == INIC_LAG_MODE_HASH) {
        h = lag_flow_hash(f, len, lag_.hash());
    }
    const unsigned w = lag_.select(h);
    if (w == Lag::NONE) {
        lag_.stats[INIC_LAG_STAT_TX_NO_PORT]++;
    }
    return w;
}

/* May function owner (port p) send now: its wire port(s) not blocked. */
bool Core::lag_tx_blocked(unsigned owner, unsigned p) const
{
    if (!lag_.follows(owner, p)) {
        return ports_[p].tx_blocked;
    }
    if (lag_.mode() == INIC_LAG_MODE_ACTIVE_BACKUP) {
        return ports_[lag_.active()].tx_blocked;
    }
    for (unsigned m = 0; m < num_ports_; m++) {
        if (lag_.member(m) && ports_[m].tx_blocked) {
            return true;
        }
    }
    return false;
}

/* A frame of t.owner (own port p) handed to the wire on t.wire. */
void Core::lag_sent(const TxCtx &t, unsigned p)
{
    if (lag_.follows(t.owner, p) && t.wire < num_ports_) {
        lag_.tx_pkts[t.wire]++;
        if (t.wire != p) {
            lag_.stats[INIC_LAG_STAT_TX_MOVED]++;
        }
    }
}

/* The PF port that gets a frame of the switch domain of port p. */
unsigned Core::lag_pf_port(unsigned p, bool grp) const
{
    return grp && lag_.follows(OWNER_PF, p) ? lag_.active() : p;
}

/*
 * VF w is in the switch domain of port p: its port is p, or (grp: the
 * frame is the group's) w follows the group.
 */
bool Core::vf_on(unsigned w, unsigned p, bool grp) const
{
    return w < vfs_enabled_ &&
           (vfs_[w].port == p || (grp && lag_.follows(vf_owner(w), vfs_[w].port)));
}

} /* namespace inic */
