// SPDX-License-Identifier: GPL-2.0-or-later
//
// Unit tests of receive coalescing (inic_gro.cpp): consecutive in-order
// TCP segments of one flow from a wire without a virtio-net header become
// one large receive (STA_LRO, segment size and count) for a PF with
// PORT_OFFLOAD_LRO and RX_CSUM; out-of-order, retransmitted, flagged,
// option-changed or corrupt segments end the merge and go as they came;
// PSH, a short segment, PORT_LRO_MAX and the flush timer deliver it.

#include "fake_host.h"

#include <algorithm>

namespace {

constexpr uint32_t LRO = INIC_PORT_OFFLOAD_LRO | INIC_PORT_OFFLOAD_RX_CSUM;

/* Recompute the IPv4 header and TCP checksums of frame fr (no VLAN). */
void fix_csums(std::vector<uint8_t> &fr)
{
    const size_t l3 = 14;
    const int ver = fr[l3] >> 4;
    const size_t l4 = l3 + (ver == 4 ? 20 : 40);
    size_t l4len;
    if (ver == 4) {
        fr[l3 + 10] = fr[l3 + 11] = 0;
        uint16_t c = (uint16_t)~ref_sum(&fr[l3], 20);
        fr[l3 + 10] = (uint8_t)(c >> 8);
        fr[l3 + 11] = (uint8_t)c;
        l4len = (size_t)(fr[l3 + 2] << 8 | fr[l3 + 3]) - 20;
    } else {
        l4len = (size_t)(fr[l3 + 4] << 8 | fr[l3 + 5]);
    }
    fr[l4 + 16] = fr[l4 + 17] = 0;
    uint16_t c = (uint16_t)~ref_sum(&fr[l4], l4len,
                                    pseudo_sum(fr, l3, (uint32_t)l4len));
    fr[l4 + 16] = (uint8_t)(c >> 8);
    fr[l4 + 17] = (uint8_t)c;
}

size_t l4of(const std::vector<uint8_t> &fr)
{
    return 14 + ((fr[14] >> 4) == 4 ? 20 : 40);
}

/* The segments the wire carries for a TCP frame of payload bytes at mss. */
std::vector<std::vector<uint8_t>> wire(const Flow &fl, size_t payload,
                                       unsigned mss,
                                       std::vector<uint8_t> *whole = nullptr)
{
    auto fr = ip_frame(fl, payload);
    inic::PktInfo pi;
    inic::parse_frame(fr.data(), fr.size(), &pi);
    inic::gso_prepare(fr.data(), fr.size(), pi);
    std::vector<std::vector<uint8_t>> out;
    std::vector<uint8_t> seg(pi.l4_off + pi.l4_hdr_len + mss);
    for (unsigned i = 0;; i++) {
        size_t sl = inic::gso_segment(fr.data(), fr.size(), pi, mss, i,
                                      seg.data());
        if (!sl) {
            break;
        }
        out.emplace_back(seg.begin(), seg.begin() + sl);
    }
    if (whole) {
        *whole = fr;    /* what a merge of all of them must be */
    }
    return out;
}

/* seg with TCP options (12 bytes: NOP, NOP, timestamps tsval/tsecr). */
std::vector<uint8_t> with_ts(const std::vector<uint8_t> &seg, uint32_t tsval)
{
    const size_t l4 = l4of(seg);
    std::vector<uint8_t> o(seg.begin(), seg.begin() + l4 + 20);
    const uint8_t opt[12] = { 1, 1, 8, 10,
                              (uint8_t)(tsval >> 24), (uint8_t)(tsval >> 16),
                              (uint8_t)(tsval >> 8), (uint8_t)tsval,
                              0, 0, 0x12, 0x34 };
    o.insert(o.end(), opt, opt + 12);
    o.insert(o.end(), seg.begin() + l4 + 20, seg.end());
    o[l4 + 12] = 0x80;      /* 32-byte header */
    if ((o[14] >> 4) == 4) {
        size_t tot = o.size() - 14;
        o[16] = (uint8_t)(tot >> 8);
        o[17] = (uint8_t)tot;
    } else {
        size_t pl = o.size() - 54;
        o[18] = (uint8_t)(pl >> 8);
        o[19] = (uint8_t)pl;
    }
    fix_csums(o);
    return o;
}

std::vector<uint8_t> payload_of(const std::vector<uint8_t> &fr)
{
    const size_t l4 = l4of(fr);
    const size_t th = (size_t)(fr[l4 + 12] >> 4) * 4;
    return std::vector<uint8_t>(fr.begin() + l4 + th, fr.end());
}

uint32_t seq_of(const std::vector<uint8_t> &fr)
{
    return inic::be32(&fr[l4of(fr) + 4]);
}

} // namespace

class Gro : public Core11 {
protected:
    static constexpr uint64_t RING = 0x100000;
    static uint64_t buf(unsigned i) { return 0x800000 + (uint64_t)i * 0x800; }
    unsigned next_ = 0;     /* the next descriptor got() reads */

    void SetUp() override
    {
        make();
        port_ctrl(0, INIC_PORT_CTRL_RX_EN);
        post(64, 2048, 63);
    }
    void post(uint32_t size, uint16_t blen, uint32_t posted)
    {
        wr(rr(0, true, INIC_RR_CTRL), 0);
        ring(0, true, RING, size, 0, 1);
        for (unsigned i = 0; i < size; i++) {
            rxd(RING, i, buf(i), blen);
        }
        wr(rr(0, true, INIC_RR_TAIL), posted);
    }
    /* The next frame written, *desc0 its first descriptor. */
    std::vector<uint8_t> got(inic_rx_desc *desc0 = nullptr)
    {
        std::vector<uint8_t> out;
        for (unsigned d = next_;; d++) {
            inic_rx_desc r = get_rxd(RING, d);
            EXPECT_TRUE(r.status & INIC_RXD_STA_DD) << d;
            if (d == next_ && desc0) {
                *desc0 = r;
            }
            out.insert(out.end(), &f.ram[buf(d)], &f.ram[buf(d)] + r.len);
            if (r.status & INIC_RXD_STA_EOP || !(r.status & INIC_RXD_STA_DD)) {
                next_ = d + 1;
                break;
            }
        }
        return out;
    }
    uint64_t rs(unsigned s) { return rd64(rstat(0, true, s)); }
    /* The merge timer of port 0, if running: fire it. */
    bool fire()
    {
        for (auto it = f.timers.begin(); it != f.timers.end(); ++it) {
            if (it->second == 20000) {
                unsigned id = it->first;
                f.timers.erase(it);
                inic_core_timer(c, id);
                return true;
            }
        }
        return false;
    }
    void feed(const std::vector<std::vector<uint8_t>> &segs, size_t from = 0,
              size_t to = SIZE_MAX)
    {
        for (size_t i = from; i < std::min(to, segs.size()); i++) {
            ASSERT_EQ(rx(0, segs[i]), segs[i].size()) << i;
        }
    }
};

TEST_F(Gro, InOrderSegmentsBecomeOneLargeReceiveV4)
{
    offload(0, LRO);
    Flow fl;
    std::vector<uint8_t> whole;
    auto segs = wire(fl, 6000, 1448, &whole);
    ASSERT_EQ(segs.size(), 5u);
    feed(segs, 0, 4);
    EXPECT_EQ(head(0), 0u);             /* merging: nothing written yet */
    feed(segs, 4);                      /* the last has PSH: delivered */
    EXPECT_EQ(head(0), 3u);
    inic_rx_desc d0;
    EXPECT_EQ(got(&d0), whole);         /* the frame the sender's TSO cut */
    EXPECT_TRUE(d0.status & INIC_RXD_STA_LRO);
    EXPECT_TRUE(d0.status & INIC_RXD_STA_CSUM_OK);
    EXPECT_EQ(d0.lro_mss, 1448u);
    EXPECT_EQ(d0.lro_segs, 5u);
    EXPECT_EQ(rs(INIC_RSTAT_LRO_PKTS), 1u);
    EXPECT_EQ(rs(INIC_RSTAT_LRO_SEGS), 5u);
    /* The ring and the port count the wire: five frames. */
    EXPECT_EQ(rs(INIC_RSTAT_PKTS), 5u);
    EXPECT_EQ(rs(INIC_RSTAT_BYTES), 6054u + 4 * 54);
    EXPECT_EQ(rd64(pstat(0, INIC_PSTAT_RX_PKTS)), 5u);
    EXPECT_FALSE(fire());               /* no timer left behind */
    EXPECT_EQ(rd(INIC_REG_ERR_TOTAL), 0u);
}

TEST_F(Gro, InOrderSegmentsBecomeOneLargeReceiveV6)
{
    offload(0, LRO);
    Flow fl;
    fl.ver = 6;
    memcpy(fl.src, V6SRC, 16);
    memcpy(fl.dst, V6DST, 16);
    std::vector<uint8_t> whole;
    auto segs = wire(fl, 4000, 1428, &whole);
    ASSERT_EQ(segs.size(), 3u);
    feed(segs);
    inic_rx_desc d0;
    EXPECT_EQ(got(&d0), whole);
    EXPECT_TRUE(d0.status & INIC_RXD_STA_LRO);
    EXPECT_EQ(d0.lro_mss, 1428u);
    EXPECT_EQ(d0.lro_segs, 3u);
    EXPECT_EQ(d0.pkt_type & INIC_PTYPE_L3_MASK, INIC_PTYPE_L3_IPV6);
}

TEST_F(Gro, TheTimerDeliversAMergeWithoutPsh)
{
    offload(0, LRO);
    Flow fl;
    auto segs = wire(fl, 6000, 1448);
    feed(segs, 0, 3);
    EXPECT_EQ(head(0), 0u);
    ASSERT_TRUE(fire());
    inic_rx_desc d0;
    auto m = got(&d0);
    EXPECT_EQ(d0.lro_segs, 3u);
    auto want = payload_of(segs[0]);
    for (unsigned i = 1; i < 3; i++) {
        auto p = payload_of(segs[i]);
        want.insert(want.end(), p.begin(), p.end());
    }
    EXPECT_EQ(payload_of(m), want);
    EXPECT_EQ(seq_of(m), seq_of(segs[0]));
    EXPECT_EQ(m[l4of(m) + 13], 0x10);   /* ACK: no PSH was seen */
    EXPECT_EQ(m.size(), 54u + 3 * 1448);
    EXPECT_EQ((m[16] << 8 | m[17]), 40 + 3 * 1448);    /* IP length */
    EXPECT_EQ(ref_sum(&m[14], 20), 0xffff);            /* header csum */
}

TEST_F(Gro, AGapEndsTheMergeAndNothingIsReordered)
{
    offload(0, LRO);
    Flow fl;
    auto segs = wire(fl, 6000, 1448);
    feed({ segs[0], segs[2], segs[3], segs[4] });
    EXPECT_EQ(got(), segs[0]);          /* alone, as it came */
    inic_rx_desc d0;
    auto m = got(&d0);                  /* 2, 3, 4 merged */
    EXPECT_EQ(d0.lro_segs, 3u);
    EXPECT_EQ(seq_of(m), seq_of(segs[2]));
    EXPECT_EQ(m.size(), 54u + 2 * 1448 + (6000 - 4 * 1448));
    /* The hole filled late: as it came. */
    feed({ segs[1] });
    ASSERT_TRUE(fire());
    EXPECT_EQ(got(), segs[1]);
    EXPECT_EQ(rs(INIC_RSTAT_LRO_PKTS), 1u);
    EXPECT_EQ(rs(INIC_RSTAT_PKTS), 5u);
}

TEST_F(Gro, ARetransmissionIsNotMerged)
{
    offload(0, LRO);
    Flow fl;
    auto segs = wire(fl, 6000, 1448);
    feed({ segs[0], segs[1], segs[1] });
    inic_rx_desc d0;
    auto m = got(&d0);
    EXPECT_EQ(d0.lro_segs, 2u);
    EXPECT_EQ(seq_of(m), seq_of(segs[0]));
    ASSERT_TRUE(fire());
    EXPECT_EQ(got(), segs[1]);          /* the copy, alone */
}

TEST_F(Gro, FlagsOtherThanAckAndPshGoAsTheyCame)
{
    offload(0, LRO);
    Flow fl;
    auto segs = wire(fl, 6000, 1448);
    const uint8_t flags[] = { 0x01, 0x02, 0x04, 0x20, 0x40, 0x80 };
    for (uint8_t fb : flags) {
        auto s = segs[1];
        s[l4of(s) + 13] = (uint8_t)(0x10 | fb);
        fix_csums(s);
        feed({ segs[0], s });
        EXPECT_EQ(got(), segs[0]) << (int)fb;   /* the merge, alone */
        EXPECT_EQ(got(), s) << (int)fb;         /* the flagged one */
        EXPECT_FALSE(fire()) << (int)fb;
    }
    EXPECT_EQ(rs(INIC_RSTAT_LRO_PKTS), 0u);
}

TEST_F(Gro, OptionsMustBeTheSame)
{
    offload(0, LRO);
    Flow fl;
    auto segs = wire(fl, 6000, 1448);
    /* Timestamps: equal ones merge, a new tsval ends the merge. */
    auto a = with_ts(segs[0], 7), b = with_ts(segs[1], 7);
    auto c2 = with_ts(segs[2], 8), d = with_ts(segs[3], 8);
    auto e = with_ts(segs[4], 8);
    feed({ a, b, c2, d, e });
    inic_rx_desc d0;
    auto m1 = got(&d0);
    EXPECT_EQ(d0.lro_segs, 2u);
    EXPECT_EQ(m1.size(), 66u + 2 * 1448);
    EXPECT_EQ(std::vector<uint8_t>(m1.begin() + 54, m1.begin() + 66),
              std::vector<uint8_t>(a.begin() + 54, a.begin() + 66));
    auto m2 = got(&d0);
    EXPECT_EQ(d0.lro_segs, 3u);
    EXPECT_EQ(seq_of(m2), seq_of(segs[2]));
    EXPECT_EQ(rs(INIC_RSTAT_LRO_SEGS), 5u);
}

TEST_F(Gro, TinyMssManySegments)
{
    offload(0, LRO);
    Flow fl;
    std::vector<uint8_t> whole;
    auto segs = wire(fl, 40 * 64, 64, &whole);
    ASSERT_EQ(segs.size(), 40u);
    feed(segs);
    inic_rx_desc d0;
    EXPECT_EQ(got(&d0), whole);
    EXPECT_EQ(d0.lro_mss, 64u);
    EXPECT_EQ(d0.lro_segs, 40u);
}

TEST_F(Gro, JumboMssUpToTheLargeReceiveLimit)
{
    offload(0, LRO);
    wr(INIC_PORT_BASE(0) + INIC_PORT_MTU, 9000);
    Flow fl;
    auto segs = wire(fl, 8 * 8960, 8960);
    ASSERT_EQ(segs.size(), 8u);
    feed(segs);
    /* 7 x 8960 + 54 fits 65535, the 8th does not: it (PSH) goes alone. */
    inic_rx_desc d0;
    auto m = got(&d0);
    EXPECT_EQ(d0.lro_segs, 7u);
    EXPECT_EQ(m.size(), 54u + 7 * 8960);
    EXPECT_EQ(got(), segs[7]);
}

TEST_F(Gro, PortLroMaxBoundsAMerge)
{
    offload(0, LRO);
    wr(INIC_PORT_BASE(0) + INIC_PORT_LRO_MAX, 4000);
    Flow fl;
    auto segs = wire(fl, 6000, 1448);
    feed(segs);
    /* 2 x 1448 + 54 fits 4000, a third does not; 1448 + 1448 + 208. */
    inic_rx_desc d0;
    EXPECT_EQ(got(&d0).size(), 54u + 2 * 1448);
    EXPECT_EQ(d0.lro_segs, 2u);
    EXPECT_EQ(got(&d0).size(), 54u + 2 * 1448 + 208);
    EXPECT_EQ(d0.lro_segs, 3u);
    EXPECT_EQ(head(0), 4u);
}

TEST_F(Gro, OffEveryFrameAsItCame)
{
    offload(0, INIC_PORT_OFFLOAD_RX_CSUM);
    Flow fl;
    auto segs = wire(fl, 6000, 1448);
    feed(segs);
    for (auto &s : segs) {
        inic_rx_desc d0;
        EXPECT_EQ(got(&d0), s);
        EXPECT_FALSE(d0.status & INIC_RXD_STA_LRO);
    }
    offload(0, INIC_PORT_OFFLOAD_LRO);  /* without RX_CSUM: the same */
    feed(segs);
    EXPECT_EQ(head(0), 10u);
    EXPECT_FALSE(fire());
}

TEST_F(Gro, ACorruptSegmentEndsTheMergeAndIsFlagged)
{
    offload(0, LRO);
    Flow fl;
    auto segs = wire(fl, 6000, 1448);
    auto bad = segs[1];
    bad[100] ^= 0x40;
    feed({ segs[0], bad, segs[2], segs[3], segs[4] });
    EXPECT_EQ(got(), segs[0]);
    inic_rx_desc d0;
    EXPECT_EQ(got(&d0), bad);
    EXPECT_TRUE(d0.status & INIC_RXD_STA_CSUM_ERR);
    got(&d0);
    EXPECT_EQ(d0.lro_segs, 3u);
    EXPECT_EQ(rs(INIC_RSTAT_CSUM_ERR), 1u);
}

TEST_F(Gro, AMergeWaitsForBuffersAndSoDoesTheNextFrame)
{
    offload(0, LRO);
    post(64, 2048, 2);                  /* two buffers: 6054 bytes need 3 */
    Flow fl;
    auto segs = wire(fl, 6000, 1448);
    feed(segs);                         /* the PSH one is in the merge */
    EXPECT_EQ(head(0), 0u);
    auto other = wire(fl, 100, 1448);
    EXPECT_EQ(rx(0, other[0]), 0u);     /* held behind it */
    wr(rr(0, true, INIC_RR_TAIL), 63);  /* room: retried at once */
    bool fired = false;
    for (auto it = f.timers.begin(); it != f.timers.end(); ++it) {
        if (it->second == 0) {
            unsigned id = it->first;
            f.timers.erase(it);
            inic_core_timer(c, id);
            fired = true;
            break;
        }
    }
    ASSERT_TRUE(fired);
    inic_rx_desc d0;
    got(&d0);
    EXPECT_EQ(d0.lro_segs, 5u);
    EXPECT_EQ(rx(0, other[0]), other[0].size());
    EXPECT_EQ(got(), other[0]);
}

TEST_F(Gro, AMergeThatEndedTakesNoMoreWhileItWaits)
{
    offload(0, LRO);
    post(64, 2048, 2);                  /* 54 + 4 x 1448 needs 3 buffers */
    Flow fl;
    auto segs = wire(fl, 6000, 1448);
    feed(segs, 0, 4);
    ASSERT_TRUE(fire());                /* its time is up: no room */
    EXPECT_EQ(head(0), 0u);
    EXPECT_EQ(rx(0, segs[4]), 0u);      /* in order, but it waits too */
    wr(rr(0, true, INIC_RR_TAIL), 63);
    for (auto it = f.timers.begin(); it != f.timers.end(); ++it) {
        if (it->second == 0) {
            unsigned id = it->first;
            f.timers.erase(it);
            inic_core_timer(c, id);
            break;
        }
    }
    inic_rx_desc d0;
    EXPECT_EQ(got(&d0).size(), 54u + 4 * 1448);
    EXPECT_EQ(d0.lro_segs, 4u);
    EXPECT_EQ(rx(0, segs[4]), segs[4].size());
    EXPECT_EQ(got(), segs[4]);          /* PSH, alone */
}

TEST_F(Gro, AResetDropsAMerge)
{
    offload(0, LRO);
    Flow fl;
    auto segs = wire(fl, 6000, 1448);
    feed(segs, 0, 2);
    wr(INIC_REG_CTRL, INIC_CTRL_RESET);
    EXPECT_FALSE(fire());
    port_ctrl(0, INIC_PORT_CTRL_RX_EN);
    post(64, 2048, 63);
    offload(0, LRO);
    feed(segs, 2);                      /* 2, 3, 4: a new merge */
    inic_rx_desc d0;
    got(&d0);
    EXPECT_EQ(d0.lro_segs, 3u);
    EXPECT_EQ(head(0), 2u);             /* 3158 bytes: two buffers */
    EXPECT_EQ(rs(INIC_RSTAT_LRO_SEGS), 3u);
}
