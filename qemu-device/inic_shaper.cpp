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

/* ---- Shaper (1.2): a token bucket per VF (1.6: and per VNIC) ---- */

/*
 * Tokens are bytes * 8000: refilling by ns * Mbit/s stays exact. True if
 * the bucket lets a frame go; else its timer (id) is armed for when the
 * bucket is positive again.
 */
bool Core::bucket_ok(uint32_t rate, uint32_t burst, int64_t &tokens,
                     uint64_t &last_ns, bool &timer, TimerId id)
{
    if (!rate || !cb_.clock_ns) {
        return true;
    }
    const int64_t cap = (int64_t)(burst ? burst : DEFAULT_BURST) * 8000;
    uint64_t now = cb_.clock_ns(cb_.opaque);
    uint64_t dt = now - last_ns;
    last_ns = now;
    if (dt > 1000000000000ull) {
        dt = 1000000000000ull;
    }
    tokens = std::min<int64_t>(cap, tokens + (int64_t)(dt * rate));
    if (tokens > 0) {
        return true;
    }
    if (!timer && has_timers()) {
        uint64_t wait = (uint64_t)(-tokens) / rate + 1;
        timer = true;
        timer_mod(id, wait);
    }
    return false;
}

void Core::bucket_charge(uint32_t rate, int64_t &tokens, uint64_t bytes)
{
    if (rate && cb_.clock_ns) {
        tokens -= (int64_t)bytes * 8000;
    }
}

bool Core::shaper_ok(unsigned v)
{
    Vf &vf = vfs_[v];

    return bucket_ok(vf.rate, vf.burst, vf.tokens, vf.last_ns,
                     vf.shaper_timer, { TimerId::Shaper, v });
}

void Core::shaper_charge(unsigned v, uint64_t bytes)
{
    bucket_charge(vfs_[v].rate, vfs_[v].tokens, bytes);
}

bool Core::vnic_shaper_ok(unsigned n)
{
    Vnic &vn = vnics_[n];

    if (bucket_ok(vn.rate, vn.burst, vn.tokens, vn.last_ns, vn.shaper_timer,
                  { TimerId::VnicShaper, n })) {
        return true;
    }
    vn.stats[INIC_VNSTAT_SHAPED]++;
    return false;
}

void Core::vnic_charge(unsigned n, uint64_t bytes)
{
    bucket_charge(vnics_[n].rate, vnics_[n].tokens, bytes);
}

} /* namespace inic */
