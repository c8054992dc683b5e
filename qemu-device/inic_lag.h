/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * inic device model: the link aggregation engine (ABI 1.4). A plain
 * object, no Core: one group of member ports, its mode (active-backup or
 * flow hash), the active port, which functions are pinned, and what
 * happens when a member's link changes. It decides; Core (inic_lag.cpp)
 * owns the register block, the pipeline hooks and the announcements.
 *
 * Terms (hw-reference "Link aggregation"): a function (owner 0 = PF,
 * 1 + v = VF v) *follows* the group when the group is enabled, the
 * function's port is a member, and the function is not pinned. The
 * group's *active* port is where active-backup sends, and where the PF
 * receives the group's frames in both modes.
 */
#ifndef INIC_LAG_H
#define INIC_LAG_H

#include <array>
#include <cstddef>
#include <cstdint>

#include "inic_hw.h"

namespace inic {

class Lag {
public:
    static constexpr unsigned NONE = ~0u;

    /* What a link change or an ACTIVE write did to the group. */
    struct Move {
        bool moved = false;     /* following traffic changed port */
        unsigned from = NONE;
        unsigned to = NONE;     /* where announcements go */
        unsigned reason = 0;    /* enum inic_lag_reason */
    };

    /*
     * Configuration back to defaults (counters too when full); live: bit p
     * set if port p has link now (link state is never reset).
     */
    void reset(unsigned nports, uint32_t live, bool full);

    /*
     * Register writes: false if refused (the value is out of range or
     * inconsistent with the rest); the state is then unchanged.
     */
    bool set_ctrl(uint32_t v);
    bool set_mode(uint32_t v);
    bool set_hash(uint32_t v);
    bool set_members(uint32_t v);
    bool set_primary(uint32_t v);
    bool set_active(uint32_t v, Move *m);
    bool set_pf_pin(uint32_t v);
    bool set_vf_pin(uint32_t v, unsigned total_vfs);

    /* A member's (or any port's) link changed; live is tracked for all. */
    Move link(unsigned p, bool up);

    bool enabled() const { return ctrl_ & INIC_LAG_CTRL_ENABLE; }
    bool member(unsigned p) const
    {
        return enabled() && p < nports_ && (members_ >> p) & 1;
    }
    bool pinned(unsigned owner) const
    {
        return owner == 0 ? (pf_pin_ & 1) : ((vf_pin_ >> (owner - 1)) & 1);
    }
    /* Function owner, whose port is p, follows the group. */
    bool follows(unsigned owner, unsigned p) const
    {
        return member(p) && owner <= 32 && !pinned(owner);
    }
    /* A member has link (the group can carry traffic). */
    bool up() const { return enabled() && (members_ & live_); }
    unsigned active() const { return active_; }
    /*
     * The wire port of a following function's frame (flow hash h, used
     * in hash mode), or NONE when no member has link.
     */
    unsigned select(uint32_t h) const;
    uint32_t status() const;

    uint32_t ctrl() const { return ctrl_; }
    uint32_t mode() const { return mode_; }
    uint32_t hash() const { return hash_; }
    uint32_t members() const { return members_; }
    uint32_t primary() const { return primary_; }
    uint32_t pf_pin() const { return pf_pin_; }
    uint32_t vf_pin() const { return vf_pin_; }
    uint32_t last() const { return last_; }

    /* Counters, read by Core. */
    uint32_t refused = 0;
    std::array<uint64_t, INIC_LAG_STAT__COUNT> stats{};
    std::array<uint64_t, INIC_MAX_PORTS> rx_pkts{}, tx_pkts{};

    /* Record a move (counted, timestamped). */
    void record(const Move &m, uint64_t now_ns);

private:
    bool live(unsigned p) const { return (live_ >> p) & 1; }
    unsigned first_live() const;
    void pick_active();

    unsigned nports_ = 0;
    uint32_t ctrl_ = 0;
    uint32_t mode_ = INIC_LAG_MODE_ACTIVE_BACKUP;
    uint32_t hash_ = INIC_LAG_HASH_L2;
    uint32_t members_ = 0;
    uint32_t primary_ = 0;
    unsigned active_ = 0;
    uint32_t pf_pin_ = 0;
    uint32_t vf_pin_ = 0;
    uint32_t live_ = 0;         /* bit p: port p has link (all ports) */
    uint32_t last_ = 0;
};

/*
 * The flow hash of a frame under policy (enum inic_lag_hash): the same
 * value for every frame of a flow. L34 on a frame without IP falls back
 * to L2; ports only when the frame carries a whole TCP/UDP header and is
 * not a fragment.
 */
uint32_t lag_flow_hash(const uint8_t *f, size_t len, unsigned policy);

} /* namespace inic */

#endif /* INIC_LAG_H */
