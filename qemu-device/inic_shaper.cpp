/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * inic device model: the shaper (1.2). A token bucket per VF on the
 * virtual clock; a VF over its rate waits for its shaper timer.
 */
#include "inic_core.h"
#include "inic_core_int.h"

#include <algorithm>
#include <cstring>

namespace inic {

/* ---- Shaper (1.2): a token bucket per VF on the virtual clock ---- */

/* Tokens are bytes * 8000: refilling by ns * Mbit/s stays exact. */
bool Core::shaper_ok(unsigned v)
{
    Vf &vf = vfs_[v];

    if (!vf.rate || !cb_.clock_ns) {
        return true;
    }
    const int64_t cap = (int64_t)(vf.burst ? vf.burst : DEFAULT_BURST) * 8000;
    uint64_t now = cb_.clock_ns(cb_.opaque);
    uint64_t dt = now - vf.last_ns;
    vf.last_ns = now;
    if (dt > 1000000000000ull) {
        dt = 1000000000000ull;
    }
    vf.tokens = std::min<int64_t>(cap, vf.tokens + (int64_t)(dt * vf.rate));
    if (vf.tokens > 0) {
        return true;
    }
    if (!vf.shaper_timer && has_timers()) {
        /* When the bucket is positive again. */
        uint64_t wait = (uint64_t)(-vf.tokens) / vf.rate + 1;
        vf.shaper_timer = true;
        timer_mod({ TimerId::Shaper, v }, wait);
    }
    return false;
}

void Core::shaper_charge(unsigned v, uint64_t bytes)
{
    Vf &vf = vfs_[v];

    if (vf.rate && cb_.clock_ns) {
        vf.tokens -= (int64_t)bytes * 8000;
    }
}

} /* namespace inic */
