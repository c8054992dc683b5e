/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * inic device model: rings. The ring register block (0x10000 + q * 0x100,
 * TX and RX halves), one-shot interrupt arming, interrupt moderation (ITR)
 * and ring faults. Descriptor fetch and write-back stay with the TX and
 * RX engines.
 */
#include "inic_core.h"
#include "inic_core_int.h"

#include <algorithm>
#include <cstring>

namespace inic {

void Ring::reset_regs()
{
    base = 0;
    size = 0;
    ctrl = 0;
    head = 0;
    tail = 0;
    vector = 0;
    enabled = false;
    fault = false;
    armed = false;
    itr_usecs = 0;
    itr_pkts = 0;
    itr_count = 0;
    itr_timer = false;
    tso_paused = false;
}

/* An error on ring q, counted by its owner with the owner's ring index. */
void Core::ring_error(inic_err code, unsigned q)
{
    unsigned owner = rings_[q].owner;

    if (owner != OWNER_NONE) {
        error_fn(owner, code, local_ring(q));
    }
}

void Core::itr_stop(Ring &r, unsigned q, bool rx)
{
    if (r.itr_timer) {
        r.itr_timer = false;
        timer_del({ rx ? TimerId::RxItr : TimerId::TxItr, q });
    }
}

void Core::ring_fire(Ring &r, unsigned q, bool rx)
{
    itr_stop(r, q, rx);
    r.armed = false;
    r.itr_count = 0;
    notify_fn(rings_[q].owner, r.vector);
}

/*
 * A frame completed on a ring. An armed ring fires (one-shot) at once
 * without moderation; with moderation when ITR_PKTS frames completed since
 * arming, or ITR_USECS after the first of them, whichever comes first.
 */
void Core::ring_completed(Ring &r, unsigned q, bool rx)
{
    if (!r.armed) {
        return;
    }
    r.itr_count++;
    if (r.itr_pkts && r.itr_count >= r.itr_pkts) {
        ring_fire(r, q, rx);
    } else if (r.itr_usecs) {
        if (!r.itr_timer) {
            if (!has_timers()) {
                ring_fire(r, q, rx);
                return;
            }
            r.itr_timer = true;
            timer_mod({ rx ? TimerId::RxItr : TimerId::TxItr, q },
                      (uint64_t)r.itr_usecs * 1000);
        }
    } else if (!r.itr_pkts) {
        ring_fire(r, q, rx);
    }
}

void Core::ring_fault(Ring &r, unsigned q)
{
    r.enabled = false;
    r.fault = true;
    r.ctrl &= ~INIC_RR_CTRL_ENABLE;
    r.stats[INIC_RSTAT_ERRORS]++;
    ring_error(INIC_ERR_DESC_DMA, q);
}

/* The ring block of PF ring q: TX half, RX half; the counters are 64-bit. */
bool Core::ring_blk_read(unsigned q, uint32_t off, uint32_t *val)
{
    if (off >= INIC_RING_TX_STATS) {
        return false;
    }
    *val = ring_read(q, off >= INIC_RING_RX, off & 0x3f);
    return true;
}

bool Core::ring_blk_write(unsigned q, uint32_t off, uint32_t val)
{
    if (off >= INIC_RING_TX_STATS) {
        return false;
    }
    ring_write(q, off >= INIC_RING_RX, off & 0x3f, val);
    return true;
}

uint32_t Core::ring_read(unsigned q, bool rx, uint32_t off)
{
    const Ring &r = rx ? rings_[q].rx : rings_[q].tx;

    switch (off) {
    case INIC_RR_BASE_LO:
        return (uint32_t)r.base;
    case INIC_RR_BASE_HI:
        return (uint32_t)(r.base >> 32);
    case INIC_RR_SIZE:
        return r.size;
    case INIC_RR_CTRL:
        return r.ctrl;
    case INIC_RR_HEAD:
        return r.head;
    case INIC_RR_TAIL:
        return r.tail;
    case INIC_RR_VECTOR:
        return r.vector;
    case INIC_RR_INT_ARM:
        return 0;   /* write-only */
    case INIC_RR_STATUS:
        return (r.enabled ? INIC_RR_STATUS_ENABLED : 0) |
               (r.fault ? INIC_RR_STATUS_FAULT : 0);
    case INIC_RR_ITR_USECS:
        return r.itr_usecs;
    case INIC_RR_ITR_PKTS:
        return r.itr_pkts;
    default:
        error_fn(rings_[q].owner, INIC_ERR_BAD_REG,
                 INIC_RING_BASE(local_ring(q)) + (rx ? INIC_RING_RX : 0) +
                 off);
        return 0;
    }
}

void Core::ring_ctrl_write(unsigned q, bool rx, uint32_t val)
{
    Ring &r = rx ? rings_[q].rx : rings_[q].tx;
    uint32_t port = (val & INIC_RR_CTRL_PORT_MASK) >> INIC_RR_CTRL_PORT_SHIFT;

    if (!(val & INIC_RR_CTRL_ENABLE)) {
        itr_stop(r, q, rx);
        r.enabled = false;
        r.armed = false;
        r.tso_paused = false;   /* a paused TSO frame is abandoned */
        r.ctrl = val & INIC_RR_CTRL_PORT_MASK;
        if (rx) {
            rx_flush_ring(q);   /* held frames are now dropped */
        }
        return;
    }
    if (r.enabled) {
        if (port != r.port()) {
            ring_error(INIC_ERR_BAD_VALUE, q);   /* no port change while on */
        }
        return;
    }
    if (!is_pow2(r.size) || r.size < INIC_RING_MIN ||
        r.size > INIC_RING_MAX || (r.base & (INIC_DESC_SIZE - 1)) ||
        port >= (q < num_rings_ ? num_ports_ : 1)) {
        r.ctrl = val & INIC_RR_CTRL_PORT_MASK;
        ring_error(INIC_ERR_BAD_RING_CFG, q);
        return;
    }
    r.ctrl = val & (INIC_RR_CTRL_ENABLE | INIC_RR_CTRL_PORT_MASK);
    r.enabled = true;
    r.fault = false;
    r.armed = false;
    r.head = 0;
    r.tail = 0;
}

void Core::ring_write(unsigned q, bool rx, uint32_t off, uint32_t val)
{
    Ring &r = rx ? rings_[q].rx : rings_[q].tx;

    switch (off) {
    case INIC_RR_BASE_LO:
    case INIC_RR_BASE_HI:
    case INIC_RR_SIZE:
        if (r.enabled) {
            ring_error(INIC_ERR_BAD_VALUE, q);
            return;
        }
        if (off == INIC_RR_BASE_LO) {
            r.base = (r.base & ~0xffffffffull) | val;
        } else if (off == INIC_RR_BASE_HI) {
            r.base = (r.base & 0xffffffffull) | ((uint64_t)val << 32);
        } else {
            r.size = val;
        }
        return;
    case INIC_RR_CTRL:
        ring_ctrl_write(q, rx, val);
        return;
    case INIC_RR_TAIL:
        if (!r.enabled) {
            return;     /* nothing to ring: ignored */
        }
        if (val >= r.size) {
            ring_error(INIC_ERR_BAD_TAIL, q);
            return;
        }
        r.tail = val;
        if (rx) {
            rx_flush_ring(q);
        } else {
            cb_.schedule_tx(cb_.opaque);
        }
        return;
    case INIC_RR_VECTOR:
        if (val >= vectors_of(rings_[q].owner)) {
            ring_error(INIC_ERR_BAD_VECTOR, q);
            return;
        }
        r.vector = val;
        return;
    case INIC_RR_INT_ARM:
        if (!(val & INIC_INT_ARM)) {
            itr_stop(r, q, rx);
            r.armed = false;
            return;
        }
        if (r.head != (val & INIC_INT_ARM_IDX_MASK)) {
            ring_fire(r, q, rx);
        } else if (!r.armed) {
            r.armed = true;
            r.itr_count = 0;
        }
        return;
    case INIC_RR_ITR_USECS:
        if (val > INIC_ITR_MAX_USECS) {
            ring_error(INIC_ERR_BAD_VALUE, q);
            return;
        }
        r.itr_usecs = val;
        return;
    case INIC_RR_ITR_PKTS:
        if (val > INIC_RING_MAX) {
            ring_error(INIC_ERR_BAD_VALUE, q);
            return;
        }
        r.itr_pkts = val;
        return;
    case INIC_RR_HEAD:
    case INIC_RR_STATUS:
        return;     /* read-only: ignored */
    default:
        error_fn(rings_[q].owner, INIC_ERR_BAD_REG,
                 INIC_RING_BASE(local_ring(q)) + (rx ? INIC_RING_RX : 0) +
                 off);
    }
}

} /* namespace inic */
