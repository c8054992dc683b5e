// SPDX-License-Identifier: GPL-2.0-or-later
//
// Unit tests of the virtio-net header helpers (inic_pkt.cpp) and of the
// device's use of a backend's header (ABI 1.5).

#include "fake_host.h"

#include <random>

using inic::VnetBad;
using inic::VnetHdr;

namespace {

/* Complete a NEEDS_CSUM request as a receiver would. */
void complete_csum(std::vector<uint8_t> &fr, size_t start, size_t offset)
{
    uint16_t c = inic::csum_finish(inic::csum_add(0, &fr[start],
                                                  fr.size() - start));
    inic::csum_store(&fr[start + offset], c);
}

VnetBad check(const VnetHdr &h, const std::vector<uint8_t> &fr)
{
    inic::PktInfo pi;
    return inic::vnet_check(h, fr.data(), fr.size(), &pi);
}

VnetHdr gso(uint8_t type, uint16_t size, uint16_t hdr_len = 54)
{
    VnetHdr h;
    h.flags = inic::VNET_F_NEEDS_CSUM;
    h.gso_type = type;
    h.gso_size = size;
    h.hdr_len = hdr_len;
    h.csum_start = 34;
    h.csum_offset = 16;
    return h;
}

} // namespace

TEST(Vnet, StoreAndLoadBothLengthsLittleEndian)
{
    VnetHdr h;
    h.flags = inic::VNET_F_NEEDS_CSUM;
    h.gso_type = inic::VNET_GSO_TCPV6 | inic::VNET_GSO_ECN;
    h.hdr_len = 0x1234;
    h.gso_size = 0x5678;
    h.csum_start = 0x9abc;
    h.csum_offset = 0xdef0;
    h.num_buffers = 0x0102;
    uint8_t b[12];
    memset(b, 0xee, sizeof(b));
    inic::vnet_store(h, b, inic::VNET_HDR_LEN);
    const uint8_t want[10] = { 1, 0x84, 0x34, 0x12, 0x78, 0x56,
                               0xbc, 0x9a, 0xf0, 0xde };
    EXPECT_EQ(memcmp(b, want, 10), 0);
    EXPECT_EQ(b[10], 0xee);     /* the 10-byte form writes 10 bytes */
    EXPECT_EQ(b[11], 0xee);
    VnetHdr l = inic::vnet_load(b, inic::VNET_HDR_LEN);
    EXPECT_EQ(l.gso_size, 0x5678);
    EXPECT_EQ(l.csum_offset, 0xdef0);
    EXPECT_EQ(l.num_buffers, 0);

    inic::vnet_store(h, b, inic::VNET_HDR_LEN_MRG);
    EXPECT_EQ(b[10], 0x02);
    EXPECT_EQ(b[11], 0x01);
    l = inic::vnet_load(b, inic::VNET_HDR_LEN_MRG);
    EXPECT_EQ(l.flags, h.flags);
    EXPECT_EQ(l.gso_type, h.gso_type);
    EXPECT_EQ(l.hdr_len, h.hdr_len);
    EXPECT_EQ(l.csum_start, h.csum_start);
    EXPECT_EQ(l.num_buffers, 0x0102);
}

TEST(Vnet, BuildersFromTxRequests)
{
    VnetHdr c = inic::vnet_for_csum(34, 6);
    EXPECT_EQ(c.flags, inic::VNET_F_NEEDS_CSUM);
    EXPECT_EQ(c.gso_type, inic::VNET_GSO_NONE);
    EXPECT_EQ(c.csum_start, 34);
    EXPECT_EQ(c.csum_offset, 6);
    EXPECT_EQ(c.gso_size, 0);

    for (int ver : { 4, 6 }) {
        Flow fl;
        fl.ver = ver;
        if (ver == 6) {
            memcpy(fl.src, V6SRC, 16);
            memcpy(fl.dst, V6DST, 16);
        }
        auto fr = ip_frame(fl, 5000);
        inic::PktInfo pi;
        inic::parse_frame(fr.data(), fr.size(), &pi);
        const uint16_t hl = (uint16_t)(14 + l3_hlen(ver) + 20);
        VnetHdr h = inic::vnet_for_tso(fr.data(), pi, 1448, hl);
        EXPECT_EQ(h.gso_type, ver == 4 ? inic::VNET_GSO_TCPV4
                                       : inic::VNET_GSO_TCPV6);
        EXPECT_EQ(h.flags, inic::VNET_F_NEEDS_CSUM);
        EXPECT_EQ(h.gso_size, 1448);
        EXPECT_EQ(h.hdr_len, hl);
        EXPECT_EQ(h.csum_start, hl - 20);
        EXPECT_EQ(h.csum_offset, 16);
        EXPECT_EQ(check(h, fr), VnetBad::None);

        fr[hl - 20 + 13] |= 0x80;   /* CWR */
        h = inic::vnet_for_tso(fr.data(), pi, 1448, hl);
        EXPECT_EQ(h.gso_type & inic::VNET_GSO_ECN, inic::VNET_GSO_ECN);
        EXPECT_EQ(check(h, fr), VnetBad::None);
    }
}

TEST(Vnet, GsoPrepareLeavesWhatNeedsCsumCompletes)
{
    for (int ver : { 4, 6 }) {
        Flow fl;
        fl.ver = ver;
        auto fr = ip_frame(fl, 3000);
        const size_t l4 = 14 + l3_hlen(ver);
        /* A driver's TSO frame: lengths and checksums left as it likes. */
        fr[16] = fr[17] = 0;
        fr[l4 + 16] = 0x55;
        fr[l4 + 17] = 0xaa;
        if (ver == 4) {
            fr[24] = fr[25] = 0x77;
        } else {
            fr[18] = fr[19] = 0;
        }
        inic::PktInfo pi;
        inic::parse_frame(fr.data(), fr.size(), &pi);
        inic::gso_prepare(fr.data(), fr.size(), pi);
        /* Pseudo-header sum with the whole L4 length, not complemented. */
        EXPECT_EQ(inic::be16(&fr[l4 + 16]),
                  pseudo_sum(fr, 14, (uint32_t)(fr.size() - l4)));
        complete_csum(fr, l4, 16);
        EXPECT_TRUE(l4_ok(fr)) << ver;     /* IP lengths, header csum too */
    }
}

TEST(Vnet, GsoSegmentCutsLikeTheTsoEngine)
{
    for (int ver : { 4, 6 }) {
        Flow fl;
        fl.ver = ver;
        auto fr = ip_frame(fl, 4000);
        const size_t l4 = 14 + l3_hlen(ver), hdr = l4 + 20;
        fr[l4 + 13] = 0x80 | 0x10 | 0x08 | 0x01;    /* CWR ACK PSH FIN */
        inic::PktInfo pi;
        inic::parse_frame(fr.data(), fr.size(), &pi);
        std::vector<uint8_t> seg(hdr + 1448), payload;
        unsigned n = 0;
        size_t sl;
        while ((sl = inic::gso_segment(fr.data(), fr.size(), pi, 1448, n,
                                       seg.data())) != 0) {
            std::vector<uint8_t> s(seg.begin(), seg.begin() + sl);
            EXPECT_TRUE(l4_ok(s)) << ver << " " << n;
            EXPECT_EQ(inic::be32(&s[l4 + 4]), 0x10000000u + n * 1448);
            uint8_t fl13 = s[l4 + 13];
            EXPECT_EQ(!!(fl13 & 0x80), n == 0);
            EXPECT_EQ(!!(fl13 & 0x01), n == 2);
            EXPECT_EQ(!!(fl13 & 0x08), n == 2);
            if (ver == 4) {
                EXPECT_EQ(inic::be16(&s[18]), 0x1234 + n);
            }
            payload.insert(payload.end(), s.begin() + hdr, s.end());
            n++;
        }
        EXPECT_EQ(n, 3u);
        EXPECT_EQ(payload, std::vector<uint8_t>(fr.begin() + hdr, fr.end()));
    }
}

TEST(Vnet, CheckAcceptsEveryGsoType)
{
    Flow f4, f6, u4;
    f6.ver = 6;
    u4.proto = 17;
    auto t4 = ip_frame(f4, 3000), t6 = ip_frame(f6, 3000);
    auto ud = ip_frame(u4, 3000);
    EXPECT_EQ(check(VnetHdr(), t4), VnetBad::None);
    EXPECT_EQ(check(gso(inic::VNET_GSO_TCPV4, 1448), t4), VnetBad::None);
    EXPECT_EQ(check(gso(inic::VNET_GSO_TCPV4 | inic::VNET_GSO_ECN, 1448),
                    t4), VnetBad::None);
    EXPECT_EQ(check(gso(inic::VNET_GSO_TCPV6, 1428, 74), t6), VnetBad::None);
    EXPECT_EQ(check(gso(inic::VNET_GSO_TCPV6 | inic::VNET_GSO_ECN, 1428,
                        74), t6), VnetBad::None);
    VnetHdr u = gso(inic::VNET_GSO_UDP, 1400, 42);
    u.csum_offset = 6;
    EXPECT_EQ(check(u, ud), VnetBad::None);
    VnetHdr dv;
    dv.flags = inic::VNET_F_DATA_VALID;
    EXPECT_EQ(check(dv, t4), VnetBad::None);
    /* hdr_len is a hint (Linux puts its linear length there). */
    EXPECT_EQ(check(gso(inic::VNET_GSO_TCPV4, 1448, 200), t4),
              VnetBad::None);
}

TEST(Vnet, CheckRefusesBadHeaders)
{
    Flow f4, f6, u4;
    f6.ver = 6;
    u4.proto = 17;
    auto t4 = ip_frame(f4, 3000), t6 = ip_frame(f6, 3000);
    auto ud = ip_frame(u4, 3000);
    for (uint8_t t : { 2, 5, 6, 0x7f, 0xff }) {
        EXPECT_EQ(check(gso(t, 1448), t4), VnetBad::Type) << (int)t;
    }
    EXPECT_EQ(check(gso(inic::VNET_GSO_ECN, 1448), t4), VnetBad::Type);
    EXPECT_EQ(check(gso(inic::VNET_GSO_UDP | inic::VNET_GSO_ECN, 1448), ud),
              VnetBad::Type);
    EXPECT_EQ(check(gso(inic::VNET_GSO_TCPV4, 0), t4), VnetBad::GsoSize);
    EXPECT_EQ(check(gso(inic::VNET_GSO_TCPV4, 1448, 0xffff), t4),
              VnetBad::HdrLen);
    VnetHdr c = inic::vnet_for_csum((uint16_t)(t4.size() - 1), 0);
    EXPECT_EQ(check(c, t4), VnetBad::Csum);
    c = inic::vnet_for_csum(34, 0xfffe);
    EXPECT_EQ(check(c, t4), VnetBad::Csum);
    c = inic::vnet_for_csum(34, 15);
    EXPECT_EQ(check(c, t4), VnetBad::Csum);
    c = inic::vnet_for_csum((uint16_t)(t4.size() - 2), 0);
    EXPECT_EQ(check(c, t4), VnetBad::None);     /* the last two bytes */
    /* The frame is not what gso_type says. */
    EXPECT_EQ(check(gso(inic::VNET_GSO_TCPV4, 1448), t6), VnetBad::Proto);
    EXPECT_EQ(check(gso(inic::VNET_GSO_TCPV6, 1448), t4), VnetBad::Proto);
    EXPECT_EQ(check(gso(inic::VNET_GSO_TCPV4, 1448), ud), VnetBad::Proto);
    EXPECT_EQ(check(gso(inic::VNET_GSO_UDP, 1448), t4), VnetBad::Proto);
    auto nopay = ip_frame(f4, 0);
    EXPECT_EQ(check(gso(inic::VNET_GSO_TCPV4, 1448), nopay), VnetBad::Proto);
    std::vector<uint8_t> raw(60, 0x11);
    raw[12] = 0x88;
    raw[13] = 0xb5;
    EXPECT_EQ(check(gso(inic::VNET_GSO_TCPV4, 1448), raw), VnetBad::Proto);
    std::vector<uint8_t> tiny(10);
    EXPECT_EQ(check(VnetHdr(), tiny), VnetBad::Short);
}

namespace {

std::vector<uint8_t> with_hdr(const VnetHdr &h, const std::vector<uint8_t> &fr,
                              size_t hl = inic::VNET_HDR_LEN)
{
    std::vector<uint8_t> b(hl);
    inic::vnet_store(h, b.data(), hl);
    b.insert(b.end(), fr.begin(), fr.end());
    return b;
}

} // namespace

TEST_F(Core11, VnetHeaderLengthsAccepted)
{
    EXPECT_FALSE(inic_core_set_vnet_hdr(c, 0, 11));
    EXPECT_FALSE(inic_core_set_vnet_hdr(c, 2, 10));    /* no such port */
    EXPECT_TRUE(inic_core_set_vnet_hdr(c, 0, 12));
    EXPECT_TRUE(inic_core_set_vnet_hdr(c, 0, 10));
    EXPECT_TRUE(inic_core_set_vnet_hdr(c, 0, 0));
}

TEST_F(Core11, VnetTsoGoesOutAsOneGsoFrame)
{
    ASSERT_TRUE(inic_core_set_vnet_hdr(c, 0, 10));
    tx_setup(64);
    offload(0, INIC_PORT_OFFLOAD_TSO | INIC_PORT_OFFLOAD_TX_CSUM |
               INIC_PORT_OFFLOAD_VLAN_INSERT);
    Flow fl;
    auto big = ip_frame(fl, 4000);
    auto drv = big;
    drv[16] = drv[17] = 0;              /* what a driver may leave there */
    drv[24] = drv[25] = 0;
    drv[50] = drv[51] = 0;
    tx_frame(0, 0x10000, 0, drv, INIC_TXD_CMD_TSO, 1448, 54);
    EXPECT_TRUE(f.sent.empty());
    ASSERT_EQ(f.vsent.size(), 1u);
    VnetHdr h = inic::vnet_load(f.vsent[0].hdr.data(), 10);
    EXPECT_EQ(h.flags, inic::VNET_F_NEEDS_CSUM);
    EXPECT_EQ(h.gso_type, inic::VNET_GSO_TCPV4);
    EXPECT_EQ(h.gso_size, 1448);
    EXPECT_EQ(h.hdr_len, 54);
    EXPECT_EQ(h.csum_start, 34);
    EXPECT_EQ(h.csum_offset, 16);
    auto out = f.vsent[0].frame;
    ASSERT_EQ(out.size(), big.size());
    complete_csum(out, 34, 16);
    EXPECT_EQ(out, big);                /* lengths, checksums as the wire */
    EXPECT_EQ(get_txd(0x10000, 0).status, INIC_TXD_STA_DD);
    /* Counted as the wire carries it once cut. */
    EXPECT_EQ(rd64(pstat(0, INIC_PSTAT_TX_PKTS)), 3u);
    EXPECT_EQ(rd64(pstat(0, INIC_PSTAT_TX_BYTES)), 4000u + 3 * 54);
    EXPECT_EQ(rd64(rstat(0, false, INIC_RSTAT_PKTS)), 3u);

    /* IPv6 with a VLAN tag inserted: offsets move by the tag. */
    Flow f6;
    f6.ver = 6;
    auto big6 = ip_frame(f6, 9000);
    f.vsent.clear();
    tx_frame(0, 0x10000, 1, big6, INIC_TXD_CMD_TSO | INIC_TXD_CMD_VLAN, 1000,
             74, 0x3064);
    ASSERT_EQ(f.vsent.size(), 1u);
    h = inic::vnet_load(f.vsent[0].hdr.data(), 10);
    EXPECT_EQ(h.gso_type, inic::VNET_GSO_TCPV6);
    EXPECT_EQ(h.gso_size, 1000);
    EXPECT_EQ(h.hdr_len, 78);
    EXPECT_EQ(h.csum_start, 58);
    out = f.vsent[0].frame;
    EXPECT_EQ(inic::be16(&out[12]), 0x8100);
    EXPECT_EQ(inic::be16(&out[14]), 0x3064);
    out.erase(out.begin() + 12, out.begin() + 16);
    complete_csum(out, 54, 16);
    EXPECT_EQ(out, big6);
    EXPECT_EQ(rd64(pstat(0, INIC_PSTAT_TX_PKTS)), 3u + 9);
    EXPECT_EQ(rd64(pstat(0, INIC_PSTAT_TX_BYTES)),
              4000u + 3 * 54 + 9000 + 9 * 78);

    /* CMD_CSUM: the checksum is the backend's. */
    fl.proto = 17;
    auto ud = ip_frame(fl, 300);
    auto partial = ud;
    uint16_t ps = pseudo_sum(ud, 14, 308);
    partial[40] = (uint8_t)(ps >> 8);
    partial[41] = (uint8_t)ps;
    f.vsent.clear();
    tx_frame(0, 0x10000, 2, partial, INIC_TXD_CMD_CSUM, 34, 6);
    ASSERT_EQ(f.vsent.size(), 1u);
    h = inic::vnet_load(f.vsent[0].hdr.data(), 10);
    EXPECT_EQ(h.flags, inic::VNET_F_NEEDS_CSUM);
    EXPECT_EQ(h.gso_type, inic::VNET_GSO_NONE);
    EXPECT_EQ(h.csum_start, 34);
    EXPECT_EQ(h.csum_offset, 6);
    EXPECT_EQ(f.vsent[0].frame, partial);
    out = f.vsent[0].frame;
    complete_csum(out, 34, 6);
    EXPECT_EQ(out, ud);

    /*
     * No offload: the frame as it is, through net_sendv (the shim puts
     * the all-zero header in front).
     */
    f.vsent.clear();
    tx_frame(0, 0x10000, 3, ud, 0);
    EXPECT_TRUE(f.vsent.empty());
    ASSERT_EQ(f.sent.size(), 1u);
    EXPECT_EQ(f.sent[0].second, ud);
    EXPECT_EQ(rd(INIC_REG_ERR_TOTAL), 0u);
}

TEST_F(Core11, VnetTwelveByteHeaderAndSingleSegmentTso)
{
    f.vnet_len = 12;
    ASSERT_TRUE(inic_core_set_vnet_hdr(c, 0, 12));
    tx_setup(64);
    offload(0, INIC_PORT_OFFLOAD_TSO);
    Flow fl;
    auto small = ip_frame(fl, 1000);
    tx_frame(0, 0x10000, 0, small, INIC_TXD_CMD_TSO, 1448, 54);
    ASSERT_EQ(f.vsent.size(), 1u);
    ASSERT_EQ(f.vsent[0].hdr.size(), 12u);
    VnetHdr h = inic::vnet_load(f.vsent[0].hdr.data(), 12);
    EXPECT_EQ(h.gso_type, inic::VNET_GSO_NONE);     /* one segment */
    EXPECT_EQ(h.flags, inic::VNET_F_NEEDS_CSUM);
    EXPECT_EQ(h.num_buffers, 0);
    auto out = f.vsent[0].frame;
    complete_csum(out, 34, 16);
    EXPECT_EQ(out, small);
    EXPECT_EQ(rd64(pstat(0, INIC_PSTAT_TX_PKTS)), 1u);
}

TEST_F(Core11, VnetOnlyOnItsPort)
{
    /* Port 1 has no header: TSO is cut in the device as before. */
    ASSERT_TRUE(inic_core_set_vnet_hdr(c, 0, 10));
    port_ctrl(1, INIC_PORT_CTRL_TX_EN);
    ring(1, false, 0x10000, 64, 1, 1);
    offload(1, INIC_PORT_OFFLOAD_TSO);
    Flow fl;
    auto big = ip_frame(fl, 4000);
    tx_frame(1, 0x10000, 0, big, INIC_TXD_CMD_TSO, 1448, 54);
    EXPECT_TRUE(f.vsent.empty());
    ASSERT_EQ(f.sent.size(), 3u);
    for (auto &s : f.sent) {
        EXPECT_EQ(s.first, 1u);
        EXPECT_TRUE(l4_ok(s.second));
        EXPECT_LE(s.second.size(), 1448u + 54);
    }
}

TEST_F(Core11, VnetReceive)
{
    ASSERT_TRUE(inic_core_set_vnet_hdr(c, 0, 10));
    port_ctrl(0, INIC_PORT_CTRL_RX_EN);
    offload(0, INIC_PORT_OFFLOAD_RX_CSUM);
    rx_ring_up(0, 0, 63);
    Flow fl;
    unsigned d = 0;

    /* Plain frame, DATA_VALID frame: as from a wire. */
    auto fr = ip_frame(fl, 100);
    EXPECT_EQ(rx(0, with_hdr(VnetHdr(), fr)), fr.size() + 10);
    VnetHdr dv;
    dv.flags = inic::VNET_F_DATA_VALID;
    rx(0, with_hdr(dv, fr));
    for (; d < 2; d++) {
        inic_rx_desc r = get_rxd(rxbase(0), d);
        EXPECT_EQ(r.len, fr.size());
        EXPECT_TRUE(r.status & INIC_RXD_STA_CSUM_OK);
        EXPECT_EQ(memcmp(&f.ram[rxbuf(0, d)], fr.data(), fr.size()), 0);
    }

    /* NEEDS_CSUM: completed in the device. */
    auto partial = fr;
    uint16_t ps = pseudo_sum(fr, 14, 120);
    partial[50] = (uint8_t)(ps >> 8);
    partial[51] = (uint8_t)ps;
    rx(0, with_hdr(inic::vnet_for_csum(34, 16), partial));
    inic_rx_desc r = get_rxd(rxbase(0), d);
    EXPECT_TRUE(r.status & INIC_RXD_STA_CSUM_OK);
    EXPECT_EQ(memcmp(&f.ram[rxbuf(0, d)], fr.data(), fr.size()), 0);
    d++;

    /* GSO: the wire frames. */
    auto big = ip_frame(fl, 3000);
    inic::PktInfo pi;
    inic::parse_frame(big.data(), big.size(), &pi);
    inic::gso_prepare(big.data(), big.size(), pi);
    rx(0, with_hdr(inic::vnet_for_tso(big.data(), pi, 1448, 54), big));
    size_t payload = 0;
    for (unsigned i = 0; i < 3; i++, d++) {
        r = get_rxd(rxbase(0), d);
        std::vector<uint8_t> s(&f.ram[rxbuf(0, d)],
                               &f.ram[rxbuf(0, d)] + r.len);
        EXPECT_TRUE(l4_ok(s)) << i;
        EXPECT_TRUE(r.status & INIC_RXD_STA_CSUM_OK);
        EXPECT_EQ(inic::be32(&s[38]), 0x10000000u + i * 1448);
        payload += r.len - 54;
    }
    EXPECT_EQ(payload, 3000u);
    EXPECT_EQ(rd64(pstat(0, INIC_PSTAT_RX_PKTS)), d);
    EXPECT_EQ(rd64(pstat(0, INIC_PSTAT_RX_VNET_ERRORS)), 0u);

    /* Bad headers: counted, dropped, nothing delivered. */
    VnetHdr bad;
    bad.gso_type = 2;
    bad.gso_size = 100;
    EXPECT_EQ(rx(0, with_hdr(bad, big)), big.size() + 10);
    bad.gso_type = inic::VNET_GSO_TCPV4;
    bad.gso_size = 0;
    rx(0, with_hdr(bad, big));
    rx(0, with_hdr(inic::vnet_for_csum(2000, 16), fr));
    bad.gso_type = inic::VNET_GSO_UDP;      /* UFO: never offered */
    bad.gso_size = 1000;
    Flow u;
    u.proto = 17;
    rx(0, with_hdr(bad, ip_frame(u, 3000)));
    std::vector<uint8_t> stub(7);
    EXPECT_EQ(rx(0, stub), 7u);
    EXPECT_EQ(rd64(pstat(0, INIC_PSTAT_RX_VNET_ERRORS)), 5u);
    EXPECT_EQ(rd64(pstat(0, INIC_PSTAT_RX_DROPS)), 5u);
    EXPECT_EQ(rd64(pstat(0, INIC_PSTAT_RX_PKTS)), d);
    EXPECT_EQ(head(0), d);
}

namespace {

/* Core11 with port 0 taking frames from a backend with a header. */
class VnetRx : public Core11 {
protected:
    void SetUp() override
    {
        Core11::SetUp();
        ASSERT_TRUE(inic_core_set_vnet_hdr(c, 0, 10));
        port_ctrl(0, INIC_PORT_CTRL_RX_EN);
        offload(0, INIC_PORT_OFFLOAD_RX_CSUM);
        rx_ring_up(0, 0, 63);
    }
    /* Every descriptor back to a fresh buffer, 63 posted from head. */
    void repost()
    {
        for (unsigned i = 0; i < 64; i++) {
            rxd(rxbase(0), i, rxbuf(0, i % 32), 2048);
        }
        wr(rr(0, true, INIC_RR_TAIL), (head(0) + 63) % 64);
    }
    /* The frame in descriptor d. */
    std::vector<uint8_t> got(unsigned d)
    {
        inic_rx_desc r = get_rxd(rxbase(0), d % 64);
        return std::vector<uint8_t>(&f.ram[rxbuf(0, d % 64)],
                                    &f.ram[rxbuf(0, d % 64)] + r.len);
    }
    uint64_t errs() { return rd64(pstat(0, INIC_PSTAT_RX_VNET_ERRORS)); }
    uint64_t drops() { return rd64(pstat(0, INIC_PSTAT_RX_DROPS)); }
};

} // namespace

/*
 * Every gso_type a backend may send (TCPV4, TCPV6, each with and without
 * ECN, and NONE with NEEDS_CSUM or DATA_VALID), in both header lengths:
 * the device receives the wire frames the sender's stack would have put
 * on a wire, checksums complete, CWR on the first segment only.
 */
TEST_F(VnetRx, EveryGsoTypeInBothHeaderLengths)
{
    for (unsigned hl : { inic::VNET_HDR_LEN, inic::VNET_HDR_LEN_MRG }) {
        ASSERT_TRUE(inic_core_set_vnet_hdr(c, 0, hl));
        for (int ver : { 4, 6 }) {
            for (bool ecn : { false, true }) {
                SCOPED_TRACE(testing::Message() << "hdr " << hl << " v"
                             << ver << " ecn " << ecn);
                repost();
                Flow fl;
                fl.ver = ver;
                if (ver == 6) {
                    memcpy(fl.src, V6SRC, 16);
                    memcpy(fl.dst, V6DST, 16);
                }
                const size_t l4 = 14 + l3_hlen(ver), hdr = l4 + 20;
                const uint16_t mss = ver == 4 ? 1448 : 1428;
                auto big = ip_frame(fl, 4000);
                if (ecn) {
                    big[l4 + 13] |= 0x80;       /* CWR */
                }
                auto want = big;                /* payload as sent */
                inic::PktInfo pi;
                inic::parse_frame(big.data(), big.size(), &pi);
                inic::gso_prepare(big.data(), big.size(), pi);
                VnetHdr h = inic::vnet_for_tso(big.data(), pi, mss,
                                               (uint16_t)hdr);
                EXPECT_EQ(h.gso_type & ~inic::VNET_GSO_ECN,
                          ver == 4 ? inic::VNET_GSO_TCPV4
                                   : inic::VNET_GSO_TCPV6);
                EXPECT_EQ(!!(h.gso_type & inic::VNET_GSO_ECN), ecn);
                const uint32_t d0 = head(0);
                const uint64_t e0 = errs();
                auto in = with_hdr(h, big, hl);
                EXPECT_EQ(rx(0, in), in.size());
                ASSERT_EQ((head(0) - d0 + 64) % 64, 3u);
                std::vector<uint8_t> payload;
                for (unsigned i = 0; i < 3; i++) {
                    auto s = got(d0 + i);
                    EXPECT_TRUE(get_rxd(rxbase(0), (d0 + i) % 64).status &
                                INIC_RXD_STA_CSUM_OK) << i;
                    EXPECT_TRUE(l4_ok(s)) << i;
                    EXPECT_LE(s.size(), hdr + mss);
                    EXPECT_EQ(inic::be32(&s[l4 + 4]), 0x10000000u + i * mss);
                    EXPECT_EQ(!!(s[l4 + 13] & 0x80), ecn && i == 0) << i;
                    payload.insert(payload.end(), s.begin() + hdr, s.end());
                }
                EXPECT_EQ(payload,
                          std::vector<uint8_t>(want.begin() + hdr, want.end()));
                EXPECT_EQ(errs(), e0);
            }
        }
        /* NONE: NEEDS_CSUM completed, DATA_VALID and no flags as is. */
        repost();
        Flow u;
        u.proto = 17;
        auto ud = ip_frame(u, 300);
        auto partial = ud;
        uint16_t ps = pseudo_sum(ud, 14, 308);
        partial[40] = (uint8_t)(ps >> 8);
        partial[41] = (uint8_t)ps;
        VnetHdr dv;
        dv.flags = inic::VNET_F_DATA_VALID;
        const uint32_t d0 = head(0);
        rx(0, with_hdr(inic::vnet_for_csum(34, 6), partial, hl));
        rx(0, with_hdr(dv, ud, hl));
        rx(0, with_hdr(VnetHdr(), ud, hl));
        ASSERT_EQ((head(0) - d0 + 64) % 64, 3u);
        for (unsigned i = 0; i < 3; i++) {
            EXPECT_EQ(got(d0 + i), ud) << hl << " " << i;
        }
    }
    EXPECT_EQ(errs(), 0u);
    EXPECT_EQ(drops(), 0u);
}

/*
 * Every way a backend's header can be wrong, through the device: counted
 * in RX_VNET_ERRORS and RX_DROPS, the frame consumed and dropped, nothing
 * written to the ring.
 */
TEST_F(VnetRx, EveryBadHeaderCountedAndDropped)
{
    Flow f4, f6, u4;
    f6.ver = 6;
    u4.proto = 17;
    auto t4 = ip_frame(f4, 3000), t6 = ip_frame(f6, 3000);
    auto ud = ip_frame(u4, 3000), nopay = ip_frame(f4, 0);
    std::vector<uint8_t> raw(1500, 0x11);
    raw[12] = 0x88;
    raw[13] = 0xb5;
    struct Bad {
        const char *what;
        VnetHdr h;
        const std::vector<uint8_t> *fr;
    };
    std::vector<Bad> bad;
    for (uint8_t t : { 2, 5 /* USO: never offered */, 6, 0x7f, 0xff }) {
        bad.push_back({ "unknown gso_type", gso(t, 1448), &t4 });
    }
    bad.push_back({ "UFO", gso(inic::VNET_GSO_UDP, 1448, 42), &ud });
    bad.push_back({ "ECN alone", gso(inic::VNET_GSO_ECN, 1448), &t4 });
    bad.push_back({ "UDP|ECN", gso(inic::VNET_GSO_UDP | inic::VNET_GSO_ECN,
                                   1448, 42), &ud });
    bad.push_back({ "gso_size 0", gso(inic::VNET_GSO_TCPV4, 0), &t4 });
    bad.push_back({ "hdr_len beyond", gso(inic::VNET_GSO_TCPV4, 1448,
                                          0xffff), &t4 });
    bad.push_back({ "TCPV4 on v6", gso(inic::VNET_GSO_TCPV4, 1448), &t6 });
    bad.push_back({ "TCPV6 on v4", gso(inic::VNET_GSO_TCPV6, 1448), &t4 });
    bad.push_back({ "TCPV4 on UDP", gso(inic::VNET_GSO_TCPV4, 1448), &ud });
    bad.push_back({ "TCPV6|ECN on v4",
                    gso(inic::VNET_GSO_TCPV6 | inic::VNET_GSO_ECN, 1448),
                    &t4 });
    bad.push_back({ "no payload", gso(inic::VNET_GSO_TCPV4, 1448), &nopay });
    bad.push_back({ "not IP", gso(inic::VNET_GSO_TCPV4, 1448), &raw });
    bad.push_back({ "csum_start beyond",
                    inic::vnet_for_csum((uint16_t)t4.size(), 0), &t4 });
    bad.push_back({ "csum_offset beyond", inic::vnet_for_csum(34, 0xfffe),
                    &t4 });
    bad.push_back({ "odd csum_offset", inic::vnet_for_csum(34, 15), &t4 });
    VnetHdr gcs = gso(inic::VNET_GSO_TCPV4, 1448);
    gcs.csum_start = 0xfff0;
    bad.push_back({ "GSO csum_start beyond", gcs, &t4 });

    uint64_t n = 0;
    for (unsigned hl : { inic::VNET_HDR_LEN, inic::VNET_HDR_LEN_MRG }) {
        ASSERT_TRUE(inic_core_set_vnet_hdr(c, 0, hl));
        for (const Bad &b : bad) {
            SCOPED_TRACE(testing::Message() << b.what << ", hdr " << hl);
            /* What vnet_check refuses, or UFO (never offered). */
            EXPECT_TRUE(check(b.h, *b.fr) != VnetBad::None ||
                        (b.h.gso_type & ~inic::VNET_GSO_ECN) ==
                        inic::VNET_GSO_UDP);
            auto in = with_hdr(b.h, *b.fr, hl);
            EXPECT_EQ(rx(0, in), in.size());
            n++;
            EXPECT_EQ(errs(), n);
            EXPECT_EQ(drops(), n);
            EXPECT_EQ(head(0), 0u);
        }
        /* Shorter than the header itself, and nothing at all. */
        for (size_t len : { (size_t)0, (size_t)1, (size_t)hl - 1 }) {
            std::vector<uint8_t> stub(len, 0);
            EXPECT_EQ(rx(0, stub), len) << len;
            n++;
            EXPECT_EQ(errs(), n);
            EXPECT_EQ(drops(), n);
        }
    }
    EXPECT_EQ(head(0), 0u);
    EXPECT_EQ(rd64(pstat(0, INIC_PSTAT_RX_PKTS)), 0u);
    /* The port still receives. */
    auto fr = ip_frame(f4, 100);
    rx(0, with_hdr(VnetHdr(), fr, inic::VNET_HDR_LEN_MRG));
    EXPECT_EQ(head(0), 1u);
    EXPECT_EQ(got(0), fr);
}

/*
 * Hostile headers at random (fixed seed) on good, truncated and garbage
 * frames, both header lengths: never a crash (the unit tier runs under
 * ASan and UBSan), and a frame is counted as a bad header exactly when
 * vnet_check refuses it (or it is UFO); then counted once, and dropped.
 */
TEST_F(VnetRx, RandomHeadersNeverCrashAndBadOnesAreCounted)
{
    std::mt19937 rng(15);
    auto pick = [&](std::initializer_list<unsigned> v) {
        unsigned r = rng() % (v.size() + 1);
        return r < v.size() ? *(v.begin() + r) : (unsigned)rng();
    };
    Flow f4, f6, u4;
    f6.ver = 6;
    memcpy(f6.src, V6SRC, 16);
    memcpy(f6.dst, V6DST, 16);
    u4.proto = 17;
    const std::vector<uint8_t> frames[] = {
        ip_frame(f4, 3000), ip_frame(f6, 3000), ip_frame(u4, 1000),
        ip_frame(f4, 0), ip_frame(f6, 10),
    };
    uint64_t bad = 0, good = 0;
    for (unsigned it = 0; it < 4000; it++) {
        const unsigned hl = it & 1 ? inic::VNET_HDR_LEN_MRG
                                   : inic::VNET_HDR_LEN;
        ASSERT_TRUE(inic_core_set_vnet_hdr(c, 0, hl));
        std::vector<uint8_t> fr = frames[rng() % 5];
        switch (rng() % 4) {
        case 0:
            fr.resize(rng() % (fr.size() + 1));         /* truncated */
            break;
        case 1:
            for (unsigned k = 0; k < 8; k++) {          /* bytes flipped */
                fr[rng() % fr.size()] ^= (uint8_t)(1 + rng() % 255);
            }
            break;
        default:
            break;
        }
        VnetHdr h;
        h.flags = (uint8_t)pick({ 0, inic::VNET_F_NEEDS_CSUM,
                                  inic::VNET_F_DATA_VALID, 3 });
        h.gso_type = (uint8_t)pick({ 0, 1, 3, 4, 5, 0x81, 0x84, 0x80 });
        h.gso_size = (uint16_t)pick({ 0, 1, 536, 1448, 0xffff,
                                      1 + (unsigned)rng() % 2000 });
        h.hdr_len = (uint16_t)pick({ 0, 54, 74, 0xffff });
        h.csum_start = (uint16_t)pick({ 0, 34, 54, (unsigned)fr.size() - 2,
                                        (unsigned)fr.size(), 0xffff });
        h.csum_offset = (uint16_t)pick({ 6, 16, 15, 0xfffe });
        if (h.gso_size && h.gso_size < 64) {
            h.gso_size = 64;    /* keep a cut to some 50 frames */
        }
        inic::PktInfo pi;
        const bool refused =
            inic::vnet_check(h, fr.data(), fr.size(), &pi) != VnetBad::None ||
            (h.gso_type & ~inic::VNET_GSO_ECN) == inic::VNET_GSO_UDP;
        if (head(0) == rd(rr(0, true, INIC_RR_TAIL))) {
            repost();           /* room for the good ones */
        }
        const uint64_t e0 = errs(), d0 = drops();
        auto in = with_hdr(h, fr, hl);
        const size_t ret = rx(0, in);
        if (refused) {
            bad++;
            EXPECT_EQ(ret, in.size()) << it;
            EXPECT_EQ(errs(), e0 + 1) << it;
            EXPECT_EQ(drops(), d0 + 1) << it;
        } else {
            good++;
            EXPECT_EQ(errs(), e0) << it;
        }
        if (HasFailure()) {
            break;
        }
    }
    /* Both kinds were drawn often (seed 15: 393 good, 3607 bad). */
    EXPECT_GT(bad, 2000u);
    EXPECT_GT(good, 200u);
    EXPECT_EQ(errs(), bad);
}
