/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * inic device model: the classifier's rule tables (ABI 1.3). A plain
 * object, no Core: the exact table (INIC_CLS_EXACT_RULES entries, at most
 * INIC_CLS_EXACT_MASKS distinct masks) and the masked table
 * (INIC_CLS_MASKED_RULES entries, any masks), searched tuple-space style:
 * one hash table per distinct (table, mask), so a lookup costs one probe
 * per distinct mask whatever the number of rules. The register block and
 * the pipeline hooks are Core methods in inic_cls.cpp.
 */
#ifndef INIC_CLS_H
#define INIC_CLS_H

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <unordered_map>
#include <vector>

#include "inic_hw.h"

namespace inic {

/* The 64-byte key image (hw-reference "Classifier"), as 8 words. */
struct ClsKey {
    uint64_t w[INIC_CLS_KEY_SIZE / 8] = {};

    uint8_t *bytes() { return reinterpret_cast<uint8_t *>(w); }
    const uint8_t *bytes() const
    {
        return reinterpret_cast<const uint8_t *>(w);
    }
    bool operator==(const ClsKey &o) const
    {
        return !memcmp(w, o.w, sizeof(w));
    }
    ClsKey masked(const ClsKey &m) const
    {
        ClsKey r;
        for (unsigned i = 0; i < 8; i++) {
            r.w[i] = w[i] & m.w[i];
        }
        return r;
    }
};

/* What a rule does: the staging registers, as validated. */
struct ClsAction {
    uint32_t action = 0;        /* INIC_CLS_ACT_* */
    uint32_t arg = 0;
    uint32_t mark = 0;
    uint32_t mirror = 0;
    uint32_t pol_rate = 0;      /* kbit/s */
    uint32_t pol_burst = 0;     /* bytes */

    unsigned type() const { return action & INIC_CLS_ACT_TYPE_MASK; }
};

struct ClsGroup;

struct ClsRule {
    ClsKey key;                 /* already & mask */
    ClsKey mask;
    uint32_t prio = 0;
    ClsAction act;
    bool masked = false;        /* table */
    uint32_t index = 0;         /* entry in its table */
    uint64_t rank = 0;          /* higher wins (Cls::rank) */
    /*
     * 1.9: Vnic::gen of the action's and the mirror's VNIC when the rule
     * was added: a VNIC disabled since (even if enabled again) is not the
     * rule's any more, its frames and copies are DEST_DROPS.
     */
    uint32_t act_gen = 0, mir_gen = 0;
    ClsRule *next = nullptr;    /* same key in the same group, by rank */
    ClsGroup *group = nullptr;
    /* Counters. */
    uint64_t pkts = 0, bytes = 0, police_drops = 0;
    /* Policer: tokens in bytes * 8e6 (so that ns * kbit/s adds up). */
    int64_t tokens = 0;
    uint64_t last_ns = 0;
};

class Cls {
public:
    enum Table { Exact = 0, Masked = 1 };

    Cls();
    /* INIC_CLS_RES_*: the table entry idx gets the rule. */
    unsigned add(Table t, uint32_t idx, const ClsKey &key,
                 const ClsKey &mask, uint32_t prio, const ClsAction &act);
    unsigned del(Table t, uint32_t idx);
    ClsRule *get(Table t, uint32_t idx);
    /* The lowest free entry of table t, or -1. */
    int free_index(Table t) const;
    void clear();
    /* The rule that decides a frame with key k, or nullptr. */
    ClsRule *lookup(const ClsKey &k) const;

    unsigned size(Table t) const
    {
        return t == Exact ? INIC_CLS_EXACT_RULES : INIC_CLS_MASKED_RULES;
    }
    unsigned used(Table t) const { return used_[t]; }
    unsigned groups(Table t) const { return ngroups_[t]; }
    bool empty() const { return !used_[Exact] && !used_[Masked]; }
    /*
     * Order of rules (hw-reference): higher PRIO wins; at equal PRIO the
     * exact table wins; then the lower entry index.
     */
    static uint64_t rank(uint32_t prio, bool masked, uint32_t idx)
    {
        return ((uint64_t)prio << 32) | (masked ? 0 : 1ull << 31) |
               (0x7fffffffu - idx);
    }

    struct KeyHash {
        uint64_t seed;
        size_t operator()(const ClsKey &k) const;
    };

private:
    friend struct ClsGroup;

    uint32_t slot(Table t, uint32_t idx) const
    {
        return t == Exact ? idx : INIC_CLS_EXACT_RULES + idx;
    }
    ClsGroup *group_for(Table t, const ClsKey &mask, bool create);
    void drop_group(ClsGroup *g);

    uint64_t seed_;
    /* Rules by slot (exact idx, or EXACT_RULES + masked idx). */
    std::unordered_map<uint32_t, std::unique_ptr<ClsRule>> rules_;
    /* Entries in use, one bit per slot (for ADD_ANY). */
    std::vector<uint64_t> inuse_;
    std::vector<std::unique_ptr<ClsGroup>> groups_;
    /* (table, mask) -> group. */
    std::unordered_map<ClsKey, ClsGroup *, KeyHash> by_mask_[2];
    unsigned used_[2] = {};
    unsigned ngroups_[2] = {};
};

struct ClsGroup {
    Cls::Table table;
    ClsKey mask;
    std::unordered_map<ClsKey, ClsRule *, Cls::KeyHash> map;
    unsigned rules = 0;

    ClsGroup(Cls::Table t, const ClsKey &m, uint64_t seed)
        : table(t), mask(m), map(16, Cls::KeyHash{ seed })
    {
    }
};

/* Build the key image of a frame (bounded by len). */
void cls_frame_key(const uint8_t *buf, size_t len, unsigned port,
                   unsigned origin, ClsKey *k);

} /* namespace inic */

#endif /* INIC_CLS_H */
