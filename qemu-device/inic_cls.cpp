/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * inic device model: the classifier (ABI 1.3). The rule tables (class
 * Cls, tuple-space search: one hash table per distinct mask), the key of
 * a frame, the register block at INIC_CLS_BASE (staging registers and
 * commands), and the two places the pipeline asks it: frames from the
 * wire (cls_wire, before the switch) and frames a function sends into the
 * switch (cls_switch, from tx_out). hw-reference.rst "Classifier" is the
 * contract.
 */
#include "inic_cls.h"
#include "inic_core.h"
#include "inic_core_int.h"

#include <algorithm>
#include <cstring>
#include <random>

namespace inic {

/* ---- The tables ---- */

size_t Cls::KeyHash::operator()(const ClsKey &k) const
{
    uint64_t h = seed;

    for (uint64_t w : k.w) {
        h ^= w;
        h *= 0x9e3779b97f4a7c15ull;
        h ^= h >> 31;
    }
    h ^= h >> 29;
    h *= 0xbf58476d1ce4e5b9ull;
    return (size_t)(h ^ (h >> 32));
}

Cls::Cls()
    : inuse_((INIC_CLS_EXACT_RULES + INIC_CLS_MASKED_RULES) / 64)
{
    /* A secret seed: a guest cannot aim its keys at one hash chain. */
    std::random_device rd;
    seed_ = ((uint64_t)rd() << 32) ^ rd();
    for (auto &m : by_mask_) {
        m = std::unordered_map<ClsKey, ClsGroup *, KeyHash>(16,
                                                           KeyHash{ seed_ });
    }
}

ClsGroup *Cls::group_for(Table t, const ClsKey &mask, bool create)
{
    auto it = by_mask_[t].find(mask);
    if (it != by_mask_[t].end()) {
        return it->second;
    }
    if (!create) {
        return nullptr;
    }
    groups_.push_back(std::make_unique<ClsGroup>(t, mask, seed_));
    ClsGroup *g = groups_.back().get();
    by_mask_[t].emplace(mask, g);
    ngroups_[t]++;
    return g;
}

void Cls::drop_group(ClsGroup *g)
{
    by_mask_[g->table].erase(g->mask);
    ngroups_[g->table]--;
    for (size_t i = 0; i < groups_.size(); i++) {
        if (groups_[i].get() == g) {
            std::swap(groups_[i], groups_.back());
            groups_.pop_back();
            return;
        }
    }
}

unsigned Cls::add(Table t, uint32_t idx, const ClsKey &key,
                  const ClsKey &mask, uint32_t prio, const ClsAction &act)
{
    if (idx >= size(t)) {
        return INIC_CLS_RES_BAD_INDEX;
    }
    const uint32_t s = slot(t, idx);
    if (inuse_[s / 64] & (1ull << (s % 64))) {
        return INIC_CLS_RES_EXISTS;
    }
    const ClsKey k = key.masked(mask);
    ClsGroup *g = group_for(t, mask, false);
    if (!g) {
        if (t == Exact && ngroups_[Exact] >= INIC_CLS_EXACT_MASKS) {
            return INIC_CLS_RES_MASKS_FULL;
        }
    } else if (t == Exact && g->map.count(k)) {
        return INIC_CLS_RES_EXISTS;     /* one rule per exact key */
    }
    if (!g) {
        g = group_for(t, mask, true);
    }
    auto r = std::make_unique<ClsRule>();
    r->key = k;
    r->mask = mask;
    r->prio = prio;
    r->act = act;
    r->masked = t == Masked;
    r->index = idx;
    r->rank = rank(prio, r->masked, idx);
    r->group = g;
    /* Into its key's list, best rank first. */
    ClsRule *&head = g->map[k];
    ClsRule **pp = &head;
    while (*pp && (*pp)->rank > r->rank) {
        pp = &(*pp)->next;
    }
    r->next = *pp;
    *pp = r.get();
    g->rules++;
    inuse_[s / 64] |= 1ull << (s % 64);
    used_[t]++;
    rules_[s] = std::move(r);
    return INIC_CLS_RES_OK;
}

ClsRule *Cls::get(Table t, uint32_t idx)
{
    if (idx >= size(t)) {
        return nullptr;
    }
    auto it = rules_.find(slot(t, idx));
    return it == rules_.end() ? nullptr : it->second.get();
}

unsigned Cls::del(Table t, uint32_t idx)
{
    if (idx >= size(t)) {
        return INIC_CLS_RES_BAD_INDEX;
    }
    const uint32_t s = slot(t, idx);
    auto it = rules_.find(s);
    if (it == rules_.end()) {
        return INIC_CLS_RES_NOT_FOUND;
    }
    ClsRule *r = it->second.get();
    ClsGroup *g = r->group;
    auto mit = g->map.find(r->key);
    ClsRule **pp = &mit->second;
    while (*pp != r) {
        pp = &(*pp)->next;
    }
    *pp = r->next;
    if (!mit->second) {
        g->map.erase(mit);
    }
    if (!--g->rules) {
        drop_group(g);
    }
    inuse_[s / 64] &= ~(1ull << (s % 64));
    used_[t]--;
    rules_.erase(it);
    return INIC_CLS_RES_OK;
}

int Cls::free_index(Table t) const
{
    const uint32_t first = slot(t, 0), end = first + size(t);

    for (uint32_t w = first / 64; w < end / 64; w++) {
        if (~inuse_[w]) {
            return (int)(w * 64 + __builtin_ctzll(~inuse_[w]) - first);
        }
    }
    return -1;
}

void Cls::clear()
{
    rules_.clear();
    groups_.clear();
    by_mask_[Exact].clear();
    by_mask_[Masked].clear();
    std::fill(inuse_.begin(), inuse_.end(), 0);
    used_[Exact] = used_[Masked] = 0;
    ngroups_[Exact] = ngroups_[Masked] = 0;
}

/* One probe per distinct mask; the best rank of all groups wins. */
ClsRule *Cls::lookup(const ClsKey &k) const
{
    ClsRule *best = nullptr;

    for (const auto &g : groups_) {
        auto it = g->map.find(k.masked(g->mask));
        if (it != g->map.end() && (!best || it->second->rank > best->rank)) {
            best = it->second;
        }
    }
    return best;
}

/* ---- The key of a frame (hw-reference "Key image") ---- */

void cls_frame_key(const uint8_t *buf, size_t len, unsigned port,
                   unsigned origin, ClsKey *key)
{
    uint8_t *k = key->bytes();

    *key = ClsKey();
    k[INIC_CLS_K_PORT] = (uint8_t)port;
    k[INIC_CLS_K_ORIGIN] = (uint8_t)origin;
    if (len < 14) {
        return;
    }
    memcpy(k + INIC_CLS_K_DMAC, buf, 6);
    memcpy(k + INIC_CLS_K_SMAC, buf + 6, 6);
    /* The ethertype after up to two tags, as the parser sees it. */
    unsigned off = 12;
    uint16_t type = be16(buf + off);
    for (unsigned i = 0; i < 2 && (type == 0x8100 || type == 0x88a8); i++) {
        if (off + 6 > len) {
            break;
        }
        if (i == 0 && type == 0x8100) {
            k[INIC_CLS_K_FLAGS] |= INIC_CLS_F_VLAN;
            memcpy(k + INIC_CLS_K_VLAN, buf + off + 2, 2);
        }
        off += 4;
        type = be16(buf + off);
    }
    put_be16(k + INIC_CLS_K_ETYPE, type);

    PktInfo pi;
    parse_frame(buf, len, &pi);
    if (pi.l3 == 4) {
        const uint8_t *ip = buf + pi.l3_off;
        k[INIC_CLS_K_TOS] = ip[1];
        k[INIC_CLS_K_PROTO] = ip[9];
        memcpy(k + INIC_CLS_K_SIP, ip + 12, 4);
        memcpy(k + INIC_CLS_K_DIP, ip + 16, 4);
    } else if (pi.l3 == 6) {
        const uint8_t *ip = buf + pi.l3_off;
        k[INIC_CLS_K_TOS] = (uint8_t)((ip[0] << 4) | (ip[1] >> 4));
        k[INIC_CLS_K_PROTO] = pi.l3_hdr_len ? pi.l4_proto : ip[6];
        memcpy(k + INIC_CLS_K_SIP, ip + 8, 16);
        memcpy(k + INIC_CLS_K_DIP, ip + 24, 16);
    } else {
        return;
    }
    if (pi.frag) {
        k[INIC_CLS_K_FLAGS] |= INIC_CLS_F_FRAG;
    }
    if (pi.l4_hdr_len) {
        const uint8_t *l4 = buf + pi.l4_off;
        k[INIC_CLS_K_FLAGS] |= INIC_CLS_F_L4;
        memcpy(k + INIC_CLS_K_SPORT, l4, 4);    /* source, destination */
        if (pi.l4_proto == IPPROTO_TCP_) {
            put_be16(k + INIC_CLS_K_TCP_FLAGS, be16(l4 + 12) & 0x0fff);
        }
    }
}

/* ---- Register block ---- */

void Core::cls_reset(bool full)
{
    cls_.clear();
    cls_key_ = ClsKey();
    cls_mask_ = ClsKey();
    cls_prio_ = 0;
    cls_act_ = ClsAction();
    cls_result_ = 0;
    cls_rule_stats_.fill(0);
    for (auto &t : cls_reta_) {
        t.fill(0);
    }
    mir_q_.clear();
    if (full) {
        cls_refused_ = 0;
        cls_stats_.fill(0);
    }
}

bool Core::cls_counter(uint64_t off, uint64_t *val)
{
    if (off >= INIC_CLS_RULE_STAT(0) &&
        off < INIC_CLS_RULE_STAT(INIC_CLS_RSTAT__COUNT)) {
        *val = cls_rule_stats_[(off - INIC_CLS_RULE_STAT(0)) / 8];
        return true;
    }
    if (off >= INIC_CLS_STAT(0) && off < INIC_CLS_STAT(INIC_CLS_STAT__COUNT)) {
        *val = cls_stats_[(off - INIC_CLS_STAT(0)) / 8];
        return true;
    }
    return false;
}

static uint32_t key_reg(const ClsKey &k, unsigned i)
{
    return ld32_bytes(k.bytes() + 4 * i);
}

bool Core::cls_blk_read(unsigned, uint32_t off, uint32_t *val)
{
    if (off < INIC_CLS_KEY(INIC_CLS_KEY_REGS)) {
        *val = key_reg(cls_key_, off / 4);
        return true;
    }
    if (off >= INIC_CLS_MASK(0) && off < INIC_CLS_MASK(INIC_CLS_KEY_REGS)) {
        *val = key_reg(cls_mask_, (off - INIC_CLS_MASK(0)) / 4);
        return true;
    }
    if (off >= INIC_CLS_RSS_RETA(0, 0) &&
        off < INIC_CLS_RSS_RETA(INIC_CLS_RSS_CONTEXTS, 0)) {
        uint32_t c = (off - INIC_CLS_RSS_RETA(0, 0)) / 0x80;
        uint32_t i = (off - INIC_CLS_RSS_RETA(c, 0)) / 4;
        *val = ld32_bytes(cls_reta_[c].data() + 4 * i);
        return true;
    }
    switch (off) {
    case INIC_CLS_PRIO:
        *val = cls_prio_;
        return true;
    case INIC_CLS_ACTION:
        *val = cls_act_.action;
        return true;
    case INIC_CLS_ACT_ARG:
        *val = cls_act_.arg;
        return true;
    case INIC_CLS_MARK:
        *val = cls_act_.mark;
        return true;
    case INIC_CLS_MIRROR:
        *val = cls_act_.mirror;
        return true;
    case INIC_CLS_POL_RATE:
        *val = cls_act_.pol_rate;
        return true;
    case INIC_CLS_POL_BURST:
        *val = cls_act_.pol_burst;
        return true;
    case INIC_CLS_CMD:
        *val = 0;
        return true;
    case INIC_CLS_RESULT:
        *val = cls_result_;
        return true;
    case INIC_CLS_REFUSED:
        *val = cls_refused_;
        return true;
    case INIC_CLS_EXACT_SIZE:
        *val = INIC_CLS_EXACT_RULES;
        return true;
    case INIC_CLS_MASKED_SIZE:
        *val = INIC_CLS_MASKED_RULES;
        return true;
    case INIC_CLS_EXACT_MASKS_REG:
        *val = INIC_CLS_EXACT_MASKS;
        return true;
    case INIC_CLS_RSS_CTXS:
        *val = INIC_CLS_RSS_CONTEXTS;
        return true;
    case INIC_CLS_EXACT_USED:
        *val = cls_.used(Cls::Exact);
        return true;
    case INIC_CLS_MASKED_USED:
        *val = cls_.used(Cls::Masked);
        return true;
    case INIC_CLS_MASKS_USED:
        *val = cls_.groups(Cls::Exact);
        return true;
    default:
        return false;
    }
}

bool Core::cls_blk_write(unsigned, uint32_t off, uint32_t val)
{
    if (off < INIC_CLS_KEY(INIC_CLS_KEY_REGS)) {
        st32_bytes(cls_key_.bytes() + off, val);
        return true;
    }
    if (off >= INIC_CLS_MASK(0) && off < INIC_CLS_MASK(INIC_CLS_KEY_REGS)) {
        st32_bytes(cls_mask_.bytes() + (off - INIC_CLS_MASK(0)), val);
        return true;
    }
    if (off >= INIC_CLS_RSS_RETA(0, 0) &&
        off < INIC_CLS_RSS_RETA(INIC_CLS_RSS_CONTEXTS, 0)) {
        uint32_t c = (off - INIC_CLS_RSS_RETA(0, 0)) / 0x80;
        uint32_t i = (off - INIC_CLS_RSS_RETA(c, 0)) / 4;
        for (unsigned b = 0; b < 4; b++) {
            if (((val >> (8 * b)) & 0xff) >= num_rings_) {
                error(INIC_ERR_BAD_VALUE, INIC_CLS_BASE + off);
                return true;
            }
        }
        st32_bytes(cls_reta_[c].data() + 4 * i, val);
        return true;
    }
    switch (off) {
    case INIC_CLS_PRIO:
        cls_prio_ = val;
        return true;
    case INIC_CLS_ACTION:
        cls_act_.action = val;
        return true;
    case INIC_CLS_ACT_ARG:
        cls_act_.arg = val;
        return true;
    case INIC_CLS_MARK:
        cls_act_.mark = val;
        return true;
    case INIC_CLS_MIRROR:
        cls_act_.mirror = val;
        return true;
    case INIC_CLS_POL_RATE:
        cls_act_.pol_rate = val;
        return true;
    case INIC_CLS_POL_BURST:
        cls_act_.pol_burst = val;
        return true;
    case INIC_CLS_CMD:
        cls_cmd(val);
        return true;
    case INIC_CLS_RESULT:
    case INIC_CLS_REFUSED:
    case INIC_CLS_EXACT_SIZE:
    case INIC_CLS_MASKED_SIZE:
    case INIC_CLS_EXACT_MASKS_REG:
    case INIC_CLS_RSS_CTXS:
    case INIC_CLS_EXACT_USED:
    case INIC_CLS_MASKED_USED:
    case INIC_CLS_MASKS_USED:
        return true;    /* read-only: ignored */
    default:
        return false;
    }
}

/* The staging registers as a rule: INIC_CLS_RES_OK or why not. */
unsigned Core::cls_check(ClsAction *act)
{
    const uint8_t *k = cls_key_.bytes(), *m = cls_mask_.bytes();

    for (unsigned i = 0; i < INIC_CLS_KEY_SIZE; i++) {
        if (k[i] & ~m[i]) {
            return INIC_CLS_RES_BAD_FIELD;      /* KEY outside MASK */
        }
    }
    for (unsigned i = INIC_CLS_K_RSVD; i < INIC_CLS_K_SIP; i++) {
        if (m[i]) {
            return INIC_CLS_RES_BAD_FIELD;
        }
    }
    if ((m[INIC_CLS_K_FLAGS] & ~INIC_CLS_F_ALL) ||
        (m[INIC_CLS_K_TCP_FLAGS] & 0xf0)) {
        return INIC_CLS_RES_BAD_FIELD;
    }
    if ((m[INIC_CLS_K_PORT] && m[INIC_CLS_K_PORT] != 0xff) ||
        k[INIC_CLS_K_PORT] >= num_ports_) {
        return INIC_CLS_RES_BAD_FIELD;
    }
    if ((m[INIC_CLS_K_ORIGIN] && m[INIC_CLS_K_ORIGIN] != 0xff) ||
        k[INIC_CLS_K_ORIGIN] >= INIC_CLS_ORIGIN_VF(num_vfs_)) {
        return INIC_CLS_RES_BAD_FIELD;
    }
    if (cls_prio_ > INIC_CLS_PRIO_MAX) {
        return INIC_CLS_RES_BAD_FIELD;
    }

    ClsAction a = cls_act_;
    if (a.action & ~(INIC_CLS_ACT_TYPE_MASK | INIC_CLS_ACT_FLAGS)) {
        return INIC_CLS_RES_BAD_ACTION;
    }
    switch (a.type()) {
    case INIC_CLS_ACT_PASS:
    case INIC_CLS_ACT_DROP:
        if (a.arg) {
            return INIC_CLS_RES_BAD_ACTION;
        }
        break;
    case INIC_CLS_ACT_RING:
        if (a.arg >= num_rings_) {
            return INIC_CLS_RES_BAD_ACTION;
        }
        break;
    case INIC_CLS_ACT_RSS:
        if (a.arg >= INIC_CLS_RSS_CONTEXTS) {
            return INIC_CLS_RES_BAD_ACTION;
        }
        break;
    case INIC_CLS_ACT_VF:
        if (a.arg >= num_vfs_) {
            return INIC_CLS_RES_BAD_ACTION;
        }
        break;
    case INIC_CLS_ACT_VNIC:
        if (a.arg >= INIC_MAX_VNICS) {
            return INIC_CLS_RES_BAD_ACTION;
        }
        break;
    default:
        return INIC_CLS_RES_BAD_ACTION;
    }
    if (!(a.action & INIC_CLS_ACT_MARK)) {
        a.mark = 0;
    }
    if (a.action & INIC_CLS_ACT_MIRROR) {
        const uint32_t arg = a.mirror >> INIC_CLS_MIR_ARG_SHIFT;
        if (a.mirror & 0xfff0u) {
            return INIC_CLS_RES_BAD_ACTION;
        }
        switch (a.mirror & INIC_CLS_MIR_TYPE_MASK) {
        case INIC_CLS_MIR_RING:
            if (arg >= num_rings_) {
                return INIC_CLS_RES_BAD_ACTION;
            }
            break;
        case INIC_CLS_MIR_VF:
            if (arg >= num_vfs_) {
                return INIC_CLS_RES_BAD_ACTION;
            }
            break;
        case INIC_CLS_MIR_PORT:
            if (arg >= num_ports_) {
                return INIC_CLS_RES_BAD_ACTION;
            }
            break;
        case INIC_CLS_MIR_VNIC:
            if (arg >= INIC_MAX_VNICS) {
                return INIC_CLS_RES_BAD_ACTION;
            }
            break;
        default:
            return INIC_CLS_RES_BAD_ACTION;
        }
    } else {
        a.mirror = 0;
    }
    if (a.action & INIC_CLS_ACT_POLICE) {
        if (!a.pol_rate || a.pol_rate > INIC_CLS_POL_RATE_MAX ||
            !a.pol_burst || a.pol_burst > INIC_CLS_POL_BURST_MAX) {
            return INIC_CLS_RES_BAD_ACTION;
        }
    } else {
        a.pol_rate = a.pol_burst = 0;
    }
    /*
     * 1.9: a VNIC must be enabled when the rule is added (an ordinary
     * outcome, not a programming error); to steer into it, not a mirror.
     */
    if (a.type() == INIC_CLS_ACT_VNIC &&
        (!vnics_[a.arg].enabled() || vnics_[a.arg].is_mirror())) {
        return INIC_CLS_RES_NO_VNIC;
    }
    if ((a.action & INIC_CLS_ACT_MIRROR) &&
        (a.mirror & INIC_CLS_MIR_TYPE_MASK) == INIC_CLS_MIR_VNIC &&
        !vnics_[a.mirror >> INIC_CLS_MIR_ARG_SHIFT].enabled()) {
        return INIC_CLS_RES_NO_VNIC;
    }
    *act = a;
    return INIC_CLS_RES_OK;
}

static constexpr int64_t POL_SCALE = 8000000;  /* bytes -> ns * kbit/s */

void Core::cls_cmd(uint32_t val)
{
    const unsigned op = val & INIC_CLS_CMD_OP_MASK;
    const Cls::Table t = (val & INIC_CLS_CMD_MASKED) ? Cls::Masked
                                                     : Cls::Exact;
    const bool clear = val & INIC_CLS_CMD_CLEAR;
    uint32_t idx = val >> INIC_CLS_CMD_INDEX_SHIFT;
    unsigned res = INIC_CLS_RES_OK;

    if ((val & 0xffc0u) ||
        (clear && op != INIC_CLS_OP_READ && op != INIC_CLS_OP_STATS)) {
        res = INIC_CLS_RES_BAD_CMD;
    } else {
        switch (op) {
        case INIC_CLS_OP_ADD:
        case INIC_CLS_OP_ADD_ANY: {
            ClsAction a;
            if (op == INIC_CLS_OP_ADD && idx >= cls_.size(t)) {
                res = INIC_CLS_RES_BAD_INDEX;
                break;
            }
            res = cls_check(&a);
            if (res != INIC_CLS_RES_OK) {
                break;
            }
            if (op == INIC_CLS_OP_ADD_ANY) {
                int i = cls_.free_index(t);
                if (i < 0) {
                    res = INIC_CLS_RES_TABLE_FULL;
                    idx = 0;
                    break;
                }
                idx = (uint32_t)i;
            }
            res = cls_.add(t, idx, cls_key_, cls_mask_, cls_prio_, a);
            if (res != INIC_CLS_RES_OK) {
                break;
            }
            {
                ClsRule *r = cls_.get(t, idx);
                if (a.type() == INIC_CLS_ACT_VNIC) {
                    r->act_gen = vnics_[a.arg].gen;
                }
                if (a.action & INIC_CLS_ACT_MIRROR) {
                    const uint32_t m = a.mirror >> INIC_CLS_MIR_ARG_SHIFT;
                    if ((a.mirror & INIC_CLS_MIR_TYPE_MASK) ==
                        INIC_CLS_MIR_VNIC) {
                        r->mir_gen = vnics_[m].gen;
                    }
                }
            }
            if (a.action & INIC_CLS_ACT_POLICE) {
                ClsRule *r = cls_.get(t, idx);
                r->tokens = (int64_t)a.pol_burst * POL_SCALE;
                r->last_ns = cb_.clock_ns ? cb_.clock_ns(cb_.opaque) : 0;
            }
            break;
        }
        case INIC_CLS_OP_DEL:
            res = cls_.del(t, idx);
            break;
        case INIC_CLS_OP_READ:
        case INIC_CLS_OP_STATS: {
            if (idx >= cls_.size(t)) {
                res = INIC_CLS_RES_BAD_INDEX;
                break;
            }
            ClsRule *r = cls_.get(t, idx);
            if (!r) {
                cls_rule_stats_.fill(0);
                res = INIC_CLS_RES_NOT_FOUND;
                break;
            }
            cls_rule_stats_[INIC_CLS_RSTAT_PKTS] = r->pkts;
            cls_rule_stats_[INIC_CLS_RSTAT_BYTES] = r->bytes;
            cls_rule_stats_[INIC_CLS_RSTAT_POLICE_DROPS] = r->police_drops;
            if (clear) {
                r->pkts = r->bytes = r->police_drops = 0;
            }
            if (op == INIC_CLS_OP_READ) {
                cls_key_ = r->key;
                cls_mask_ = r->mask;
                cls_prio_ = r->prio;
                cls_act_ = r->act;
            }
            break;
        }
        case INIC_CLS_OP_FLUSH:
            cls_.clear();
            idx = 0;
            break;
        default:
            res = INIC_CLS_RES_BAD_CMD;
            break;
        }
    }
    cls_result_ = res | (idx << 16);
    if (res != INIC_CLS_RES_OK) {
        cls_refused_++;
        if (res <= INIC_CLS_RES_BAD_ACTION) {
            error(INIC_ERR_CLS, cls_result_);
        }
    }
}

/* ---- In the pipeline ---- */

/* Refill the rule's policer; false: the frame is over it. */
bool Core::cls_police_ok(ClsRule &r, size_t len)
{
    if (!(r.act.action & INIC_CLS_ACT_POLICE) || !cb_.clock_ns) {
        return true;
    }
    const int64_t cap = (int64_t)r.act.pol_burst * POL_SCALE;
    const uint64_t now = cb_.clock_ns(cb_.opaque);
    if (now > r.last_ns) {
        uint64_t dt = now - r.last_ns;
        uint64_t room = (uint64_t)(cap - std::min(r.tokens, cap));
        if (dt >= room / r.act.pol_rate + 1) {
            r.tokens = cap;
        } else {
            r.tokens += (int64_t)(dt * r.act.pol_rate);     /* < room */
        }
        r.last_ns = now;
    }
    if (r.tokens < (int64_t)len * POL_SCALE) {
        r.pkts++;
        r.bytes += len;
        r.police_drops++;
        cls_stats_[INIC_CLS_STAT_HITS]++;
        cls_stats_[INIC_CLS_STAT_POLICE_DROPS]++;
        return false;
    }
    return true;
}

/* The frame was decided by r (and not held): count it, charge it. */
void Core::cls_commit(ClsRule &r, size_t len)
{
    r.pkts++;
    r.bytes += len;
    cls_stats_[INIC_CLS_STAT_HITS]++;
    if (r.act.action & INIC_CLS_ACT_POLICE) {
        r.tokens -= (int64_t)len * POL_SCALE;
    }
}

ClsRule *Core::cls_lookup(unsigned p, unsigned origin, const uint8_t *buf,
                          size_t len)
{
    ClsKey k;

    cls_frame_key(buf, len, p, origin, &k);
    cls_stats_[INIC_CLS_STAT_LOOKUPS]++;
    return cls_.lookup(k);
}

/* MARK: the mark the frame's descriptors carry. */
void Core::cls_mark(const ClsRule &r, RxCtx *c) const
{
    if (r.act.action & INIC_CLS_ACT_MARK) {
        c->mark = true;
        c->mark_val = r.act.mark;
    }
}

/* RING and RSS: the PF ring (and hash) of the frame. */
void Core::cls_ring(const ClsRule &r, RxCtx *c)
{
    if (r.act.type() == INIC_CLS_ACT_RING) {
        c->ring = (int)r.act.arg;
        return;
    }
    PktInfo pi;
    uint32_t hash = 0;
    unsigned htype = INIC_HASH_NONE;
    parse_frame(c->buf, c->len, &pi);
    rss_hash(pf_eps_[c->port], c->buf, pi, &hash, &htype);
    c->ring = cls_reta_[r.act.arg][hash & (INIC_RSS_RETA_SIZE - 1)];
    c->hash = hash;
    c->htype = htype;
}

/*
 * Queued mirror copies to ports, in order, one wire packet and one unit
 * of work each from the TX run's budget. A port that went down or
 * stopped transmitting meanwhile loses its copies (DEST_DROPS).
 */
void Core::mir_drain()
{
    while (!mir_q_.empty() && tx_pkts_ && work_ > 0) {
        const auto &m = mir_q_.front();
        const unsigned p = m.first;
        if (p < num_ports_ && ports_[p].link_up &&
            (pf_eps_[p].ctrl & INIC_PORT_CTRL_TX_EN)) {
            cb_.net_send(cb_.opaque, p, m.second.data(), m.second.size());
        } else {
            cls_stats_[INIC_CLS_STAT_DEST_DROPS]++;
        }
        mir_q_.pop_front();
        tx_pkts_--;
        work_--;
    }
}

/*
 * 1.9: VNIC n if it is still the one a rule named (enabled, not disabled
 * since the rule was added: Vnic::gen), else -1.
 */
int Core::cls_vnic(unsigned n, uint32_t gen) const
{
    if (n >= INIC_MAX_VNICS || !vnics_[n].enabled() || vnics_[n].gen != gen) {
        return -1;
    }
    return (int)n;
}

/*
 * The rule's mirror copy of frame c, to a destination that never holds:
 * a context of its own (the rule's mark, no address filter, local).
 */
void Core::cls_mirror(const ClsRule &r, const RxCtx &c)
{
    if (!(r.act.action & INIC_CLS_ACT_MIRROR)) {
        return;
    }
    const unsigned arg = r.act.mirror >> INIC_CLS_MIR_ARG_SHIFT;
    RxCtx m;
    m.buf = c.buf;
    m.len = c.len;
    m.port = c.port;
    m.local = true;
    cls_mark(r, &m);
    m.nofilter = true;
    cls_stats_[INIC_CLS_STAT_MIRRORS]++;
    switch (r.act.mirror & INIC_CLS_MIR_TYPE_MASK) {
    case INIC_CLS_MIR_RING:
        m.ring = (int)arg;
        rx_pf(c.port, m);
        break;
    case INIC_CLS_MIR_VF:
        if (arg < vfs_enabled_) {
            rx_vf(arg, m);
        } else {
            cls_stats_[INIC_CLS_STAT_DEST_DROPS]++;
        }
        break;
    case INIC_CLS_MIR_PORT:
        if (arg < num_ports_ && ports_[arg].link_up &&
            (pf_eps_[arg].ctrl & INIC_PORT_CTRL_TX_EN) &&
            mir_q_.size() < MIR_QUEUE_MAX) {
            mir_q_.emplace_back(arg,
                                std::vector<uint8_t>(c.buf, c.buf + c.len));
            cb_.schedule_tx(cb_.opaque);
        } else {
            cls_stats_[INIC_CLS_STAT_DEST_DROPS]++;
        }
        break;
    case INIC_CLS_MIR_VNIC: {
        /* 1.9: the VNIC's mirror path: never held, MIRROR_DROPS. */
        const int n = cls_vnic(arg, r.mir_gen);
        if (n >= 0) {
            rx_mirror((unsigned)n, c.buf, c.len, &m);
        } else {
            cls_stats_[INIC_CLS_STAT_DEST_DROPS]++;
        }
        break;
    }
    }
}

/*
 * Frame c from the wire (c.port). False: no rule matched, the normal
 * path takes it. True: the classifier delivered (or dropped) it and
 * *ret is what receive() returns (0: held, it comes back).
 */
bool Core::cls_wire(RxCtx &c, size_t *ret)
{
    const unsigned p = c.port;
    const size_t len = c.len;
    ClsRule *r = cls_lookup(p, INIC_CLS_ORIGIN_WIRE, c.buf, len);

    if (!r) {
        return false;
    }
    *ret = len;
    if (!cls_police_ok(*r, len)) {
        return true;
    }
    cls_mark(*r, &c);
    size_t res = len;
    switch (r->act.type()) {
    case INIC_CLS_ACT_DROP:
        cls_stats_[INIC_CLS_STAT_DROPS]++;
        break;
    case INIC_CLS_ACT_RING:
    case INIC_CLS_ACT_RSS:
        cls_ring(*r, &c);
        res = rx_pf(p, c);
        break;
    case INIC_CLS_ACT_VF:
        if (r->act.arg < vfs_enabled_ && ports_[p].link_up) {
            c.nofilter = true;
            rx_vf(r->act.arg, c);
        } else {
            cls_stats_[INIC_CLS_STAT_DEST_DROPS]++;
        }
        break;
    case INIC_CLS_ACT_VNIC: {
        /* 1.9: the switch's delivery to the VNIC (its RSS), never held. */
        const int n = cls_vnic(r->act.arg, r->act_gen);
        if (n >= 0 && vnics_[n].port == p) {
            c.nofilter = true;
            rx_vnic((unsigned)n, c);
        } else {
            cls_stats_[INIC_CLS_STAT_DEST_DROPS]++;
        }
        break;
    }
    default:
        res = rx_switch(c);
        break;
    }
    if (!res) {
        *ret = 0;       /* held: classified again when it comes back */
        return true;
    }
    cls_commit(*r, len);
    cls_mirror(*r, c);
    return true;
}

/*
 * Frame c that function owner sends into the switch on c.port (tx_out,
 * after the port VLAN tag). True: the classifier delivered or dropped it
 * (the sender sees it sent). False: the switch forwards it as usual, with
 * what the rule decided in c (the mark); the caller then calls
 * cls_done().
 */
bool Core::cls_switch(ClsRule *r, unsigned owner, RxCtx &c)
{
    if (!cls_police_ok(*r, c.len)) {
        return true;
    }
    cls_mark(*r, &c);
    switch (r->act.type()) {
    case INIC_CLS_ACT_DROP:
        cls_stats_[INIC_CLS_STAT_DROPS]++;
        break;
    case INIC_CLS_ACT_RING:
    case INIC_CLS_ACT_RSS:
        cls_ring(*r, &c);
        rx_pf(c.port, c);
        sw_local(owner, c.len);
        break;
    case INIC_CLS_ACT_VF:
        if (r->act.arg < vfs_enabled_ && vf_owner(r->act.arg) != owner) {
            c.nofilter = true;
            rx_vf(r->act.arg, c);
            sw_stats_[INIC_SWSTAT_COPIES]++;
            sw_local(owner, c.len);
        } else {
            cls_stats_[INIC_CLS_STAT_DEST_DROPS]++;
        }
        break;
    case INIC_CLS_ACT_VNIC: {
        const int n = cls_vnic(r->act.arg, r->act_gen);
        if (n >= 0 && vnics_[n].port == c.port && n != c.src_vnic) {
            c.nofilter = true;
            rx_vnic((unsigned)n, c);
            sw_stats_[INIC_SWSTAT_COPIES]++;
            sw_local(owner, c.len);
        } else {
            cls_stats_[INIC_CLS_STAT_DEST_DROPS]++;
        }
        break;
    }
    default:
        return false;
    }
    work_--;
    cls_done(*r, c);
    return true;
}

void Core::cls_done(ClsRule &r, const RxCtx &c)
{
    cls_commit(r, c.len);
    cls_mirror(r, c);
}

} /* namespace inic */
