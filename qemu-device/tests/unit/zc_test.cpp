// SPDX-License-Identifier: GPL-2.0-or-later
//
// Zero-copy transmit: a frame larger than the head the TX engine copies
// goes to the backend from guest memory in place (dma_map), and falls back
// to the copy when any of it does not map (not RAM, too many pieces); a
// hostile address is refused and counted as before; no mapping outlives
// the engine's run; guest memory is never written.
#include "fake_host.h"

namespace {

/* Complete a NEEDS_CSUM request as the backend's receiver would. */
void complete_csum(std::vector<uint8_t> &fr, size_t start, size_t offset)
{
    uint16_t c = inic::csum_finish(inic::csum_add(0, &fr[start],
                                                  fr.size() - start));
    inic::csum_store(&fr[start + offset], c);
}

struct Zc : Core11 {
    /* A frame across descriptors: piece i at addr[i], len[i] bytes. */
    void tx_pieces(unsigned idx, const std::vector<uint8_t> &fr,
                   const std::vector<uint64_t> &addr,
                   const std::vector<uint16_t> &len, uint16_t cmd,
                   uint16_t a = 0, uint16_t b = 0)
    {
        size_t off = 0;
        for (size_t i = 0; i < addr.size(); i++) {
            if (addr[i] < RAM_SIZE && off < fr.size()) {
                size_t n = std::min<size_t>(len[i], fr.size() - off);
                n = std::min<size_t>(n, RAM_SIZE - addr[i]);
                memcpy(&f.ram[addr[i]], fr.data() + off, n);
            }
            inic_tx_desc d = {};
            d.addr = addr[i];
            d.len = len[i];
            d.cmd = i + 1 == addr.size() ? INIC_TXD_CMD_EOP : 0;
            if (!i) {
                d.cmd |= cmd;
                if (cmd & INIC_TXD_CMD_TSO) {
                    d.mss = a;
                    d.hdr_len = b;
                } else {
                    d.csum_start = a;
                    d.csum_offset = b;
                }
            }
            memcpy(&f.ram[0x10000 + (idx + i) * 32], &d, 32);
            off += len[i];
        }
        wr(rr(0, false, INIC_RR_TAIL), (uint32_t)(idx + addr.size()));
        inic_core_run_tx(c);
    }
    std::vector<uint8_t> tso_frame(size_t payload)
    {
        Flow fl;
        auto fr = ip_frame(fl, payload);
        fr[16] = fr[17] = 0;    /* what a driver may leave there */
        fr[24] = fr[25] = 0;
        fr[50] = fr[51] = 0;
        return fr;
    }
    /* The frame the wire carries: the backend completes the checksum. */
    std::vector<uint8_t> wire(const std::vector<uint8_t> &fr)
    {
        auto out = fr;
        complete_csum(out, 34, 16);
        return out;
    }
    void SetUp() override
    {
        Core11::SetUp();
        ASSERT_TRUE(inic_core_set_vnet_hdr(c, 0, 10));
        tx_setup(64);
        offload(0, INIC_PORT_OFFLOAD_TSO | INIC_PORT_OFFLOAD_TX_CSUM |
                   INIC_PORT_OFFLOAD_VLAN_INSERT);
    }
    void TearDown() override
    {
        EXPECT_EQ(f.live, 0);           /* nothing left mapped */
        EXPECT_EQ(f.maps, f.unmaps);
        Core11::TearDown();
    }
};

} // namespace

TEST_F(Zc, TsoFrameGoesOutFromGuestMemory)
{
    Flow fl;
    auto big = ip_frame(fl, 4000);
    auto drv = tso_frame(4000);
    /* 100 + 1954 + 2000 bytes: the head ends inside the second piece. */
    tx_pieces(0, drv, { 0x300000, 0x310000, 0x320000 }, { 100, 1954, 2000 },
              INIC_TXD_CMD_TSO, 1448, 54);
    ASSERT_EQ(f.vsent.size(), 1u);
    EXPECT_EQ(wire(f.vsent[0].frame), big);
    EXPECT_EQ(f.maps, 2u);      /* the rest of piece 2, all of piece 3 */
    /* Reads: 3 descriptors and the head's two pieces, no payload. */
    EXPECT_EQ(f.pf_reads, 5u);
    /* The header rewrite went to the device's copy, not to guest memory. */
    EXPECT_EQ(f.ram[0x300000 + 16], 0);
    EXPECT_EQ(f.ram[0x300000 + 17], 0);
    for (unsigned i = 0; i < 3; i++) {
        EXPECT_EQ(get_txd(0x10000, i).status, INIC_TXD_STA_DD);
    }
    EXPECT_EQ(rd64(pstat(0, INIC_PSTAT_TX_PKTS)), 3u);
    EXPECT_EQ(rd64(pstat(0, INIC_PSTAT_TX_BYTES)), 4000u + 3 * 54);
    EXPECT_EQ(rd(INIC_REG_ERR_TOTAL), 0u);
}

TEST_F(Zc, VlanTagAndPlainFramesInPlace)
{
    Flow fl;
    fl.proto = 17;
    auto ud = ip_frame(fl, 1400);
    /* No offload: through net_sendv, in place. */
    tx_pieces(0, ud, { 0x300000 }, { (uint16_t)ud.size() }, 0);
    ASSERT_EQ(f.sent.size(), 1u);
    EXPECT_EQ(f.sent[0].second, ud);
    EXPECT_EQ(f.maps, 1u);
    /* A tag inserted: the head is split around it, the rest in place. */
    f.sent.clear();
    tx_pieces(1, ud, { 0x310000, 0x320000 }, { 700, (uint16_t)(ud.size() - 700) },
              INIC_TXD_CMD_VLAN, 0, 0);
    /* The tag comes from the descriptor's VLAN field: 0 here. */
    ASSERT_EQ(f.sent.size(), 1u);
    auto out = f.sent[0].second;
    ASSERT_EQ(out.size(), ud.size() + 4);
    EXPECT_EQ(inic::be16(&out[12]), 0x8100);
    out.erase(out.begin() + 12, out.begin() + 16);
    EXPECT_EQ(out, ud);
    EXPECT_EQ(f.maps, 3u);
}

TEST_F(Zc, PartialMapsAreJoined)
{
    Flow fl;
    auto big = ip_frame(fl, 9000);
    auto drv = tso_frame(9000);
    f.map_max = 300;    /* every mapping stops at a "region" boundary */
    tx_pieces(0, drv, { 0x300000, 0x310000 }, { 5000, (uint16_t)(drv.size() - 5000) },
              INIC_TXD_CMD_TSO, 1448, 54);
    ASSERT_EQ(f.vsent.size(), 1u);
    EXPECT_EQ(wire(f.vsent[0].frame), big);
    EXPECT_GT(f.maps, 20u);
    EXPECT_EQ(f.map_refusals, 0u);
}

TEST_F(Zc, TooManyPiecesFallBackToTheCopy)
{
    Flow fl;
    auto big = ip_frame(fl, 9000);
    auto drv = tso_frame(9000);
    f.map_max = 16;     /* > INIC_CORE_MAX_MAPS pieces */
    tx_pieces(0, drv, { 0x300000 }, { (uint16_t)drv.size() },
              INIC_TXD_CMD_TSO, 1448, 54);
    ASSERT_EQ(f.vsent.size(), 1u);
    EXPECT_EQ(wire(f.vsent[0].frame), big);
    EXPECT_EQ(f.maps, (unsigned)INIC_CORE_MAX_MAPS);    /* then released */
    EXPECT_EQ(rd(INIC_REG_ERR_TOTAL), 0u);
}

TEST_F(Zc, MemoryThatIsNotRamIsCopied)
{
    Flow fl;
    auto big = ip_frame(fl, 4000);
    auto drv = tso_frame(4000);
    /* The third piece is not RAM to map (as MMIO); dma_read reads it. */
    f.nomap_lo = 0x320000;
    f.nomap_hi = 0x330000;
    tx_pieces(0, drv, { 0x300000, 0x310000, 0x320000 }, { 100, 1954, 2000 },
              INIC_TXD_CMD_TSO, 1448, 54);
    ASSERT_EQ(f.vsent.size(), 1u);
    EXPECT_EQ(wire(f.vsent[0].frame), big);
    EXPECT_EQ(f.map_refusals, 1u);
    EXPECT_EQ(rd(INIC_REG_ERR_TOTAL), 0u);
    /* A piece that maps only up to the hole: the same. */
    f.vsent.clear();
    f.map_refusals = 0;
    f.nomap_lo = 0x340000 + 1000;
    f.nomap_hi = 0x350000;
    tx_pieces(3, drv, { 0x300000, 0x340000 }, { 100, (uint16_t)(drv.size() - 100) },
              INIC_TXD_CMD_TSO, 1448, 54);
    ASSERT_EQ(f.vsent.size(), 1u);
    EXPECT_EQ(wire(f.vsent[0].frame), big);
    EXPECT_EQ(f.map_refusals, 1u);
}

TEST_F(Zc, HostileAddressesRefusedAndCounted)
{
    auto drv = tso_frame(4000);
    /* A piece outside guest memory. */
    tx_pieces(0, drv, { 0x300000, NOWHERE, 0x320000 }, { 100, 1954, 2000 },
              INIC_TXD_CMD_TSO, 1448, 54);
    EXPECT_TRUE(f.vsent.empty());
    EXPECT_EQ(err(INIC_ERR_BUF_DMA), 1u);
    EXPECT_EQ(get_txd(0x10000, 0).status,
              INIC_TXD_STA_DD | INIC_TXD_STA_ERR);
    EXPECT_EQ(rd64(pstat(0, INIC_PSTAT_TX_ERRORS)), 1u);
    /* A piece running off the end of guest memory: maps, then not. */
    tx_pieces(3, drv, { 0x300000, RAM_SIZE - 1000 }, { 100, (uint16_t)(drv.size() - 100) },
              INIC_TXD_CMD_TSO, 1448, 54);
    EXPECT_TRUE(f.vsent.empty());
    EXPECT_EQ(err(INIC_ERR_BUF_DMA), 2u);
    EXPECT_EQ(rd64(pstat(0, INIC_PSTAT_TX_ERRORS)), 2u);
    /* The ring goes on: the next frame is sent. */
    Flow fl;
    tx_pieces(5, drv, { 0x300000 }, { (uint16_t)drv.size() },
              INIC_TXD_CMD_TSO, 1448, 54);
    ASSERT_EQ(f.vsent.size(), 1u);
    EXPECT_EQ(wire(f.vsent[0].frame), ip_frame(fl, 4000));
}

TEST_F(Zc, CutInTheDeviceWhenNoHeaderBackend)
{
    /* Port 0 without a header: the device cuts the whole frame. */
    ASSERT_TRUE(inic_core_set_vnet_hdr(c, 0, 0));
    auto drv = tso_frame(4000);
    tx_pieces(0, drv, { 0x300000, 0x310000 }, { 1000, (uint16_t)(drv.size() - 1000) },
              INIC_TXD_CMD_TSO, 1448, 54);
    EXPECT_TRUE(f.vsent.empty());
    ASSERT_EQ(f.sent.size(), 3u);
    size_t payload = 0;
    for (auto &s : f.sent) {
        EXPECT_TRUE(l4_ok(s.second));
        payload += s.second.size() - 54;
    }
    EXPECT_EQ(payload, 4000u);
}
