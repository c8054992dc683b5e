/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * inic device model: the PF-VF mailbox (1.2). The device transports
 * messages and doorbells; the PF driver validates them.
 */
#include "inic_core.h"
#include "inic_core_int.h"

#include <algorithm>
#include <cstring>

namespace inic {

/* ---- Mailbox (1.2): the device transports, the PF driver validates ---- */

static bool mbox_len_ok(uint32_t hdr)
{
    return INIC_MBOX_HDR_LEN(hdr) <= INIC_MBOX_MAX_PAYLOAD;
}

/* PF side: VF v's slot, REQ (read-only for the PF) then REPLY. */
bool Core::mbox_pf_read(unsigned v, uint32_t r, uint32_t *val)
{
    const Vf &vf = vfs_[v];

    *val = r < INIC_MBOX_REPLY ? vf.req[r / 4]
                               : vf.reply_buf[(r - INIC_MBOX_REPLY) / 4];
    return true;
}

bool Core::mbox_pf_write(unsigned v, uint32_t r, uint32_t val)
{
    if (r >= INIC_MBOX_REPLY) {
        vfs_[v].reply_buf[(r - INIC_MBOX_REPLY) / 4] = val;
    }
    return true;    /* REQ is read-only for the PF */
}

/* PF side doorbells of VF v. */
void Core::vf_mbox_ctrl_pf(unsigned v, uint32_t val)
{
    Vf &vf = vfs_[v];

    if (val & INIC_VF_MBOX_ACK) {
        if (vf.req_pending) {
            vf.req_pending = false;
            vf.req_acked = true;
        }
        mbox_pending_ &= ~(1ull << v);
    }
    if (val & INIC_VF_MBOX_REPLY) {
        if (vf.reply_pending || !mbox_len_ok(vf.reply_buf[0]) ||
            v >= vfs_enabled_) {
            error(INIC_ERR_BAD_VALUE, INIC_VF_BASE(v) + INIC_VF_MBOX_CTRL);
            return;
        }
        vf.reply = vf.reply_buf;    /* a snapshot: the VF reads this */
        vf.reply_pending = true;
        raise_misc_fn(vf_owner(v), INIC_MISC_MBOX);
    }
}

/* VF side: REQ buffer and MBOX_CTRL (offsets inside the VF's 0x3000). */
void Core::vf_mbox_write(unsigned v, uint32_t off, uint32_t val)
{
    Vf &vf = vfs_[v];

    if (off < INIC_MBOX_REPLY) {
        vf.req_buf[off / 4] = val;
        return;
    }
    if (off < INIC_MBOX_VF_CTRL) {
        return;     /* REPLY is read-only for the VF */
    }
    if (val & INIC_MBOX_VF_CTRL_ACK) {
        vf.reply_pending = false;
        vf.req_acked = false;
    }
    if (val & INIC_MBOX_VF_CTRL_REQ) {
        if (vf.req_pending || !mbox_len_ok(vf.req_buf[0])) {
            /* Busy (one request in flight) or bad length: refused. */
            vf.refused = true;
            vf.mbox_errors++;
            if (!mbox_len_ok(vf.req_buf[0])) {
                error_fn(vf_owner(v), INIC_ERR_BAD_VALUE,
                         INIC_MBOX_BASE + INIC_MBOX_VF_CTRL);
            }
            vf_event(v);
            return;
        }
        vf.req = vf.req_buf;        /* a snapshot: the PF reads this */
        vf.req_pending = true;
        vf.req_acked = false;
        vf.refused = false;
        uint64_t bit = 1ull << v;
        if (!(mbox_pending_ & bit)) {
            mbox_pending_ |= bit;
            raise_misc(INIC_MISC_MBOX);
        }
    }
}

} /* namespace inic */
