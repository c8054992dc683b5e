// SPDX-License-Identifier: GPL-2.0-or-later
//
// Unit tests of large receive (ABI 1.6, inic_lro.cpp): a TCP GSO frame
// from a header backend written to the PF as one multi-buffer frame with
// STA_LRO, the segment size and count; cut into wire frames when the PF
// did not ask for it, for a VF, or when the ring can never hold it.

#include "fake_host.h"

namespace {

constexpr uint32_t LRO = INIC_PORT_OFFLOAD_LRO | INIC_PORT_OFFLOAD_RX_CSUM;

/* Header + frame as a tap hands a peer's TSO frame to QEMU. */
std::vector<uint8_t> gso_in(std::vector<uint8_t> fr, uint16_t mss,
                            inic::PktInfo *pio = nullptr)
{
    inic::PktInfo pi;
    inic::parse_frame(fr.data(), fr.size(), &pi);
    inic::gso_prepare(fr.data(), fr.size(), pi);
    const uint16_t hl = (uint16_t)(pi.l4_off + pi.l4_hdr_len);
    inic::VnetHdr h = inic::vnet_for_tso(fr.data(), pi, mss, hl);
    std::vector<uint8_t> b(inic::VNET_HDR_LEN);
    inic::vnet_store(h, b.data(), b.size());
    b.insert(b.end(), fr.begin(), fr.end());
    if (pio) {
        *pio = pi;
    }
    return b;
}

} // namespace

class Lro : public Core11 {
protected:
    static constexpr uint64_t RING = 0x100000;
    static uint64_t buf(unsigned i) { return 0x800000 + (uint64_t)i * 0x800; }

    void SetUp() override
    {
        make();
        ASSERT_TRUE(inic_core_set_vnet_hdr(c, 0, 10));
        port_ctrl(0, INIC_PORT_CTRL_RX_EN);
        post(64, 2048, 63);
    }
    /* RX ring 0 (port 0): size entries, buffers of blen, post posted. */
    void post(uint32_t size, uint16_t blen, uint32_t posted)
    {
        wr(rr(0, true, INIC_RR_CTRL), 0);   /* SIZE changes only when off */
        ring(0, true, RING, size, 0, 1);
        for (unsigned i = 0; i < size; i++) {
            rxd(RING, i, buf(i), blen);
        }
        wr(rr(0, true, INIC_RR_TAIL), posted);
    }
    /* The frame written from descriptor d on, up to its EOP. */
    std::vector<uint8_t> got(unsigned d, unsigned *next = nullptr)
    {
        std::vector<uint8_t> out;
        for (;; d++) {
            inic_rx_desc r = get_rxd(RING, d);
            EXPECT_TRUE(r.status & INIC_RXD_STA_DD) << d;
            out.insert(out.end(), &f.ram[buf(d)], &f.ram[buf(d)] + r.len);
            if (r.status & INIC_RXD_STA_EOP || !(r.status & INIC_RXD_STA_DD)) {
                break;
            }
        }
        if (next) {
            *next = d + 1;
        }
        return out;
    }
    uint64_t rs(unsigned s) { return rd64(rstat(0, true, s)); }
};

TEST_F(Lro, CapAndBackendFollowTheBit)
{
    EXPECT_TRUE(rd(INIC_REG_CAPS) & INIC_CAP_LRO);
    EXPECT_EQ(rd(INIC_REG_VERSION), (uint32_t)INIC_ABI_VERSION);
    EXPECT_EQ(f.rx_gso_calls, 0u);
    offload(0, INIC_PORT_OFFLOAD_LRO);      /* without RX_CSUM: not yet */
    EXPECT_EQ(f.rx_gso_calls, 0u);
    offload(0, LRO);
    EXPECT_EQ(f.rx_gso_calls, 1u);
    EXPECT_TRUE(f.rx_gso[0]);
    offload(0, LRO | INIC_PORT_OFFLOAD_TSO);   /* no change: no call */
    EXPECT_EQ(f.rx_gso_calls, 1u);
    offload(1, LRO);                        /* port 1 has no header */
    EXPECT_EQ(f.rx_gso_calls, 1u);
    offload(0, INIC_PORT_OFFLOAD_RX_CSUM);
    EXPECT_EQ(f.rx_gso_calls, 2u);
    EXPECT_FALSE(f.rx_gso[0]);
    offload(0, LRO);
    wr(INIC_REG_CTRL, INIC_CTRL_RESET);     /* reset: off again */
    EXPECT_EQ(f.rx_gso_calls, 4u);
    EXPECT_FALSE(f.rx_gso[0]);
    EXPECT_EQ(rd(INIC_PORT_BASE(0) + INIC_PORT_OFFLOAD), 0u);
}

TEST_F(Lro, OneFrameAcrossBuffersV4)
{
    offload(0, LRO);
    Flow fl;
    auto fr = ip_frame(fl, 6000);
    inic::PktInfo pi;
    auto in = gso_in(fr, 1448, &pi);
    const std::vector<uint8_t> want(in.begin() + 10, in.end());
    EXPECT_EQ(rx(0, in), in.size());

    /* 6054 bytes in 2048-byte buffers: three descriptors, EOP last. */
    EXPECT_EQ(head(0), 3u);
    for (unsigned d = 0; d < 3; d++) {
        inic_rx_desc r = get_rxd(RING, d);
        EXPECT_EQ(r.len, d < 2 ? 2048u : 6054u - 4096) << d;
        EXPECT_TRUE(r.status & INIC_RXD_STA_LRO) << d;
        EXPECT_TRUE(r.status & INIC_RXD_STA_CSUM_OK) << d;
        EXPECT_FALSE(r.status & INIC_RXD_STA_ERR) << d;
        EXPECT_EQ(!!(r.status & INIC_RXD_STA_EOP), d == 2) << d;
        EXPECT_EQ(r.lro_mss, 1448u);
        EXPECT_EQ(r.lro_segs, 5u);          /* 4 x 1448 + 208 */
        EXPECT_EQ(r.pkt_type & INIC_PTYPE_L4_MASK, INIC_PTYPE_L4_TCP);
    }
    EXPECT_EQ(got(0), want);                /* as the backend gave it */
    EXPECT_EQ(rs(INIC_RSTAT_LRO_PKTS), 1u);
    EXPECT_EQ(rs(INIC_RSTAT_LRO_SEGS), 5u);
    EXPECT_EQ(rs(INIC_RSTAT_CSUM_ERR), 0u);
    /* Ring and port count the wire: five frames, each with its headers. */
    EXPECT_EQ(rs(INIC_RSTAT_PKTS), 5u);
    EXPECT_EQ(rs(INIC_RSTAT_BYTES), 6054u + 4 * 54);
    EXPECT_EQ(rd64(pstat(0, INIC_PSTAT_RX_PKTS)), 5u);
    EXPECT_EQ(rd64(pstat(0, INIC_PSTAT_RX_BYTES)), 6054u + 4 * 54);
    EXPECT_EQ(rd(INIC_REG_ERR_TOTAL), 0u);
}

TEST_F(Lro, OffOrWithoutRxCsumIsCut)
{
    Flow fl;
    auto fr = ip_frame(fl, 3000);
    unsigned d = 0;
    for (uint32_t off : { 0u, (uint32_t)INIC_PORT_OFFLOAD_RX_CSUM,
                          (uint32_t)INIC_PORT_OFFLOAD_LRO }) {
        offload(0, off);
        rx(0, gso_in(fr, 1448));
        for (unsigned i = 0; i < 3; i++, d++) {
            inic_rx_desc r = get_rxd(RING, d);
            EXPECT_FALSE(r.status & INIC_RXD_STA_LRO);
            EXPECT_TRUE(r.status & INIC_RXD_STA_EOP);
            EXPECT_EQ(r.lro_segs, 0u);
            std::vector<uint8_t> s(&f.ram[buf(d)], &f.ram[buf(d)] + r.len);
            EXPECT_TRUE(l4_ok(s)) << off << " " << i;
            EXPECT_EQ(inic::be32(&s[38]), 0x10000000u + i * 1448);
        }
    }
    EXPECT_EQ(head(0), d);
    EXPECT_EQ(rs(INIC_RSTAT_LRO_PKTS), 0u);
    EXPECT_EQ(rs(INIC_RSTAT_PKTS), 9u);
}

TEST_F(Lro, V6WithVlanStripped)
{
    offload(0, LRO | INIC_PORT_OFFLOAD_VLAN_STRIP);
    Flow fl;
    fl.ver = 6;
    memcpy(fl.src, V6SRC, 16);
    memcpy(fl.dst, V6DST, 16);
    auto fr = ip_frame(fl, 5000, MAC0, 18);
    auto in = gso_in(fr, 1000);
    std::vector<uint8_t> want(in.begin() + 10, in.end());
    want.erase(want.begin() + 12, want.begin() + 16);
    rx(0, in);
    unsigned next;
    EXPECT_EQ(got(0, &next), want);
    inic_rx_desc r = get_rxd(RING, next - 1);
    EXPECT_TRUE(r.status & INIC_RXD_STA_LRO);
    EXPECT_TRUE(r.status & INIC_RXD_STA_VLAN);
    EXPECT_EQ(r.vlan_tci, 0x2005u);
    EXPECT_EQ(r.lro_mss, 1000u);
    EXPECT_EQ(r.lro_segs, 5u);
    EXPECT_EQ(r.pkt_type & INIC_PTYPE_L3_MASK, INIC_PTYPE_L3_IPV6);
    EXPECT_EQ(rs(INIC_RSTAT_LRO_SEGS), 5u);
    /* Wire view: the tag and the headers of each of the five segments. */
    EXPECT_EQ(rd64(pstat(0, INIC_PSTAT_RX_BYTES)), fr.size() + 4 * 78);
}

TEST_F(Lro, MssBeyondTheMtuIsCutAndDropped)
{
    offload(0, LRO);
    wr(INIC_PORT_BASE(0) + INIC_PORT_MTU, 1000);
    Flow fl;
    rx(0, gso_in(ip_frame(fl, 4000), 1448));
    EXPECT_EQ(head(0), 0u);
    EXPECT_EQ(rs(INIC_RSTAT_LRO_PKTS), 0u);
    EXPECT_EQ(rd64(pstat(0, INIC_PSTAT_RX_ERRORS)), 3u);  /* as in 1.5 */
}

TEST_F(Lro, LroMaxSplitsIntoLargeReceivesOfWholeSegments)
{
    offload(0, LRO);
    const uint32_t max = INIC_PORT_BASE(0) + INIC_PORT_LRO_MAX;
    wr(max, 1000);                          /* below INIC_LRO_MIN_LEN */
    wr(max, INIC_LRO_MAX_LEN + 1);
    EXPECT_EQ(rd(max), 0u);
    EXPECT_EQ(rd(INIC_REG_ERR_COUNT(INIC_ERR_BAD_VALUE)), 2u);
    wr(max, 4096);
    EXPECT_EQ(rd(max), 4096u);

    /* 9000 bytes at mss 1000, 4 segments per 4096: 4 + 4 + 1 (cut). */
    Flow fl;
    auto fr = ip_frame(fl, 9000);
    fr[47] |= 0x08;                         /* PSH: the last one only */
    rx(0, gso_in(fr, 1000));
    unsigned d = 0;
    for (unsigned piece = 0; piece < 3; piece++) {
        unsigned next;
        auto s = got(d, &next);
        inic_rx_desc r = get_rxd(RING, next - 1);
        const size_t pl = piece < 2 ? 4000 : 1000;
        ASSERT_EQ(s.size(), 54 + pl) << piece;
        EXPECT_EQ(!!(r.status & INIC_RXD_STA_LRO), piece < 2) << piece;
        EXPECT_EQ(r.lro_segs, piece < 2 ? 4u : 0u);
        EXPECT_EQ(inic::be32(&s[38]), 0x10000000u + piece * 4000);
        EXPECT_EQ(inic::be16(&s[16]), 20 + 20 + pl);     /* IPv4 length */
        EXPECT_EQ(inic::be16(&s[18]), 0x1234 + piece * 4);  /* IPv4 id */
        EXPECT_EQ(!!(s[47] & 0x08), piece == 2);
        EXPECT_TRUE(l4_ok(s)) << piece;     /* pieces: complete headers */
        EXPECT_EQ(memcmp(&s[54], &fr[54 + piece * 4000], pl), 0);
        d = next;
    }
    EXPECT_EQ(head(0), d);
    EXPECT_EQ(rs(INIC_RSTAT_LRO_PKTS), 2u);
    EXPECT_EQ(rs(INIC_RSTAT_LRO_SEGS), 8u);
    EXPECT_EQ(rd64(pstat(0, INIC_PSTAT_RX_PKTS)), 9u);
}

TEST_F(Lro, RingThatCanNeverHoldItGetsTheCut)
{
    /* 16 entries of 512 bytes: 15 buffers can never take 20 KB. */
    post(16, 512, 15);
    offload(0, LRO);
    Flow fl;
    auto in = gso_in(ip_frame(fl, 20000), 1448);
    EXPECT_EQ(rx(0, in), in.size());
    EXPECT_EQ(rs(INIC_RSTAT_LRO_PKTS), 0u);
    /* The cut's frames: 1502 bytes in 3 buffers each, 5 fit now. */
    EXPECT_EQ(rs(INIC_RSTAT_PKTS), 5u);
    unsigned d = 0;
    for (unsigned i = 0; i < 5; i++) {
        auto s = got(d, &d);
        EXPECT_TRUE(l4_ok(s)) << i;
        EXPECT_FALSE(get_rxd(RING, d - 1).status & INIC_RXD_STA_LRO);
    }
    EXPECT_EQ(rd(INIC_REG_ERR_TOTAL), 0u);

    /*
     * More than INIC_RX_MAX_DESCS buffers (of 256 bytes): cut as well,
     * never a bad-descriptor error.
     */
    post(128, 256, 127);
    rx(0, in);
    EXPECT_EQ(rs(INIC_RSTAT_LRO_PKTS), 0u);
    EXPECT_EQ(rs(INIC_RSTAT_PKTS), 5u + 14);    /* 6 buffers each */
    EXPECT_EQ(rd(INIC_REG_ERR_TOTAL), 0u);
}

TEST_F(Lro, TooFewBuffersNowIsHeldThenWritten)
{
    post(64, 2048, 2);
    offload(0, LRO);
    Flow fl;
    auto in = gso_in(ip_frame(fl, 6000), 1448);
    EXPECT_EQ(rx(0, in), 0u);               /* held: the backend keeps it */
    EXPECT_EQ(head(0), 0u);
    EXPECT_EQ(rs(INIC_RSTAT_DROP_NODESC), 0u);
    wr(rr(0, true, INIC_RR_TAIL), 63);
    EXPECT_EQ(rx(0, in), in.size());
    EXPECT_EQ(head(0), 3u);
    EXPECT_EQ(rs(INIC_RSTAT_LRO_PKTS), 1u);
}

TEST_F(Lro, ZeroLengthBufferIsABadDescriptorNotACrash)
{
    offload(0, LRO);
    rxd(RING, 1, buf(1), 0);
    Flow fl;
    auto in = gso_in(ip_frame(fl, 6000), 1448);
    EXPECT_EQ(rx(0, in), in.size());
    EXPECT_TRUE(get_rxd(RING, 0).status & INIC_RXD_STA_ERR);
    EXPECT_TRUE(get_rxd(RING, 1).status & INIC_RXD_STA_ERR);
    EXPECT_EQ(rs(INIC_RSTAT_ERRORS), 1u);
    EXPECT_EQ(rs(INIC_RSTAT_LRO_PKTS), 0u);
    EXPECT_EQ(rd(INIC_REG_ERR_COUNT(INIC_ERR_BAD_DESC)), 1u);
}

TEST_F(Lro, ClassifierRulesMeanRealFrames)
{
    offload(0, LRO);
    /* Any rule at all (here: one that matches nothing) disables it. */
    wr(INIC_CLS_BASE + INIC_CLS_KEY(0), 0x1);            /* port 1 */
    wr(INIC_CLS_BASE + INIC_CLS_MASK(0), 0xff);
    wr(INIC_CLS_BASE + INIC_CLS_ACTION, INIC_CLS_ACT_DROP);
    wr(INIC_CLS_BASE + INIC_CLS_CMD,
       INIC_CLS_CMD_VAL(INIC_CLS_OP_ADD, true, 0));
    ASSERT_EQ(rd(INIC_CLS_BASE + INIC_CLS_MASKED_USED), 1u);
    Flow fl;
    rx(0, gso_in(ip_frame(fl, 3000), 1448));
    EXPECT_EQ(head(0), 3u);
    EXPECT_EQ(rs(INIC_RSTAT_LRO_PKTS), 0u);
}

TEST_F(CoreVf, LroFrameForAVfIsCut)
{
    ASSERT_TRUE(inic_core_set_vnet_hdr(c, 0, 10));
    wr(INIC_PORT_BASE(0) + INIC_PORT_OFFLOAD,
       INIC_PORT_OFFLOAD_LRO | INIC_PORT_OFFLOAD_RX_CSUM);
    vf_up(1);
    uint8_t m1[6];
    vfmac(1, m1);
    Flow fl;
    auto fr = ip_frame(fl, 4000, m1);
    rx(0, gso_in(fr, 1448));
    EXPECT_EQ(vf_rx_count(1), 3u);
    for (unsigned i = 0; i < 3; i++) {
        auto s = vf_got(1, i);
        EXPECT_TRUE(l4_ok(s)) << i;
        EXPECT_LE(s.size(), 1448u + 54);
        EXPECT_FALSE(get_rxd(vbase(1) + 0x1000, i).status & INIC_RXD_STA_LRO);
    }
    EXPECT_EQ(vstat(1, INIC_VSTAT_RX_PKTS), 3u);
}
