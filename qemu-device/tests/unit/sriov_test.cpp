// SPDX-License-Identifier: GPL-2.0-or-later
//
// Unit tests of SR-IOV (inic_sriov.cpp, inic_vf_regs.cpp): VF table, VF state,
// FLR, VF register window.
// Through the core's C API, with the fake host of fake_host.h.

#include "fake_host.h"

TEST_F(CoreVf, IdentityAndRingWindow)
{
    EXPECT_EQ(rd(INIC_REG_CAPS) & (INIC_CAP_SRIOV | INIC_CAP_ESWITCH |
                                   INIC_CAP_SHAPER),
              INIC_CAP_SRIOV | INIC_CAP_ESWITCH | INIC_CAP_SHAPER);
    EXPECT_EQ(rd(INIC_REG_TOTAL_VFS), 4u);
    EXPECT_EQ(rd(INIC_REG_NUM_VFS), 4u);
    EXPECT_EQ(rd(INIC_REG_VF_RING_POOL), 64u);
    EXPECT_EQ(rd(INIC_REG_FUNC), 0u);
    EXPECT_EQ(vrd(2, INIC_REG_FUNC), INIC_FUNC_VF | 2u);
    EXPECT_EQ(vrd(2, INIC_REG_ID), INIC_ID_MAGIC);
    EXPECT_EQ(vrd(2, INIC_REG_VERSION), (uint32_t)INIC_ABI_VERSION);
    EXPECT_EQ(vrd(2, INIC_REG_NUM_PORTS), 1u);
    EXPECT_EQ(vrd(2, INIC_REG_NUM_RINGS), 4u);
    EXPECT_EQ(vrd(2, INIC_REG_NUM_VECTORS), (uint32_t)INIC_VF_VECTORS);
    EXPECT_EQ(vrd(2, INIC_REG_CAPS) & INIC_CAP_SRIOV, 0u);
    EXPECT_EQ(rd(INIC_VF_BASE(2) + INIC_VF_RING_BASE), 32u);
    EXPECT_EQ(vrd(1, INIC_PORT_BASE(0) + INIC_PORT_MAC_HI), 0x0200u);
    /* Ring 4 is not the VF's: undefined, counted by the VF only. */
    uint32_t pf_bad = err(INIC_ERR_BAD_REG);
    EXPECT_EQ(vrd(2, rr(4, false, INIC_RR_BASE_LO)), 0u);
    EXPECT_EQ(vrd(2, INIC_REG_ERR_COUNT(INIC_ERR_BAD_REG)), 1u);
    EXPECT_EQ(err(INIC_ERR_BAD_REG), pf_bad);
    /* The PF assigns: 8 rings, then an overlap is refused. */
    wr(INIC_VF_BASE(2) + INIC_VF_RING_COUNT, 8);
    EXPECT_EQ(vrd(2, INIC_REG_NUM_RINGS), 8u);
    wr(INIC_VF_BASE(3) + INIC_VF_RING_BASE, 36);
    EXPECT_EQ(rd(INIC_VF_BASE(3) + INIC_VF_RING_BASE), 48u);
    EXPECT_EQ(err(INIC_ERR_BAD_VALUE), 1u);
    wr(INIC_VF_BASE(2) + INIC_VF_RING_COUNT, 17);   /* > VF_MAX_RINGS */
    EXPECT_EQ(err(INIC_ERR_BAD_VALUE), 2u);
    /* Not while a ring is on. */
    vf_up(2);
    wr(INIC_VF_BASE(2) + INIC_VF_RING_COUNT, 2);
    EXPECT_EQ(vrd(2, INIC_REG_NUM_RINGS), 8u);
    EXPECT_EQ(err(INIC_ERR_BAD_VALUE), 3u);
    /* A VF ring's port field must be 0 (its own port). */
    vwr(2, rr(1, false, INIC_RR_SIZE), 16);
    vwr(2, rr(1, false, INIC_RR_CTRL),
        INIC_RR_CTRL_ENABLE | (1 << INIC_RR_CTRL_PORT_SHIFT));
    EXPECT_EQ(vrd(2, rr(1, false, INIC_RR_STATUS)), 0u);
    EXPECT_EQ(vrd(2, INIC_REG_ERR_COUNT(INIC_ERR_BAD_RING_CFG)), 1u);
}

TEST_F(CoreVf, TrustGatesPromiscAndAllmulti)
{
    vf_up(0);
    f.irqs.clear();
    wr(INIC_REG_MISC_MASK, INIC_MISC_MBOX);
    wr(INIC_REG_VF_EVENTS, ~0u);
    vwr(0, INIC_PORT_BASE(0) + INIC_PORT_CTRL,
        INIC_PORT_CTRL_RX_EN | INIC_PORT_CTRL_PROMISC);
    EXPECT_EQ(vrd(0, INIC_PORT_BASE(0) + INIC_PORT_CTRL), INIC_PORT_CTRL_RX_EN);
    EXPECT_EQ(rd(INIC_VF_BASE(0) + INIC_VF_REFUSED), 1u);
    EXPECT_EQ(rd(INIC_REG_VF_EVENTS), 1u);
    EXPECT_EQ(rd(INIC_REG_MISC_CAUSE) & INIC_MISC_MBOX, INIC_MISC_MBOX);
    EXPECT_EQ(f.irqs.size(), 1u);
    /* Unknown unicast does not reach it. */
    const uint8_t other[6] = { 0x02, 0x77, 0, 0, 0, 1 };
    rx(0, from(other, MAC0));
    EXPECT_EQ(vf_rx_count(0), 0u);
    /* Trusted: granted. */
    wr(INIC_VF_BASE(0) + INIC_VF_CTRL, INIC_VF_CTRL_TRUST);
    vwr(0, INIC_PORT_BASE(0) + INIC_PORT_CTRL,
        INIC_PORT_CTRL_RX_EN | INIC_PORT_CTRL_PROMISC |
        INIC_PORT_CTRL_ALLMULTI);
    EXPECT_EQ(vrd(0, INIC_PORT_BASE(0) + INIC_PORT_CTRL),
              INIC_PORT_CTRL_RX_EN | INIC_PORT_CTRL_PROMISC |
              INIC_PORT_CTRL_ALLMULTI);
    EXPECT_EQ(rd(INIC_VF_BASE(0) + INIC_VF_STATUS) & INIC_VF_STATUS_PROMISC,
              INIC_VF_STATUS_PROMISC);
    rx(0, from(other, MAC0));
    EXPECT_EQ(vf_rx_count(0), 1u);
    /* Trust withdrawn: the grant goes with it. */
    wr(INIC_VF_BASE(0) + INIC_VF_CTRL, 0);
    EXPECT_EQ(vrd(0, INIC_PORT_BASE(0) + INIC_PORT_CTRL), INIC_PORT_CTRL_RX_EN);
}

TEST_F(CoreVf, LinkStatePolicy)
{
    vf_up(0);
    vwr(0, INIC_REG_MISC_MASK, INIC_MISC_LINK);
    vwr(0, INIC_REG_MISC_VECTOR, 3);
    EXPECT_EQ(vrd(0, INIC_PORT_BASE(0) + INIC_PORT_STATUS),
              INIC_PORT_STATUS_LINK);
    wr(INIC_VF_BASE(0) + INIC_VF_CTRL,
       INIC_VF_LINK_DISABLE << INIC_VF_CTRL_LINK_SHIFT);
    EXPECT_EQ(vrd(0, INIC_PORT_BASE(0) + INIC_PORT_STATUS), 0u);
    ASSERT_EQ(f.vf_irqs.size(), 1u);
    EXPECT_EQ(f.vf_irqs[0], std::make_pair(0u, 3u));
    const uint8_t peer[6] = { 0x02, 0xaa, 0, 0, 0, 1 };
    vf_send(0, vf_from(0, peer));
    EXPECT_TRUE(f.sent.empty());
    EXPECT_EQ(vstat(0, INIC_VSTAT_TX_DROPS), 1u);
    rx(0, from(BCAST, peer));
    EXPECT_EQ(vf_rx_count(0), 0u);
    /* Auto follows the cable; enable ignores it. */
    wr(INIC_VF_BASE(0) + INIC_VF_CTRL, 0);
    inic_core_set_link(c, 0, false);
    EXPECT_EQ(vrd(0, INIC_PORT_BASE(0) + INIC_PORT_STATUS), 0u);
    wr(INIC_VF_BASE(0) + INIC_VF_CTRL,
       INIC_VF_LINK_ENABLE << INIC_VF_CTRL_LINK_SHIFT);
    EXPECT_EQ(vrd(0, INIC_PORT_BASE(0) + INIC_PORT_STATUS),
              INIC_PORT_STATUS_LINK);
    wr(INIC_VF_BASE(0) + INIC_VF_CTRL, 3 << INIC_VF_CTRL_LINK_SHIFT);
    EXPECT_EQ(err(INIC_ERR_BAD_VALUE), 1u);
}

TEST_F(CoreVf, FlrResetsOnlyThatVf)
{
    vf_up(0);
    vf_up(1);
    uint8_t m1[6];
    vfmac(1, m1);
    wr(INIC_VF_BASE(0) + INIC_VF_VLAN, 7);
    vwr(0, INIC_REG_SCRATCH, 0x55);
    vwr(0, INIC_MBOX_BASE, INIC_MBOX_HDR(1, 0, 0));
    vwr(0, INIC_MBOX_BASE + INIC_MBOX_VF_CTRL, INIC_MBOX_VF_CTRL_REQ);
    vwr(1, INIC_REG_SCRATCH, 0x66);
    EXPECT_EQ(rd(INIC_REG_MBOX_PENDING), 1u);
    inic_core_vf_flr(c, 0);
    EXPECT_EQ(rd(INIC_VF_BASE(0) + INIC_VF_FLR_COUNT), 1u);
    EXPECT_EQ(rd(INIC_VF_BASE(1) + INIC_VF_FLR_COUNT), 0u);
    EXPECT_EQ(vrd(0, rr(0, true, INIC_RR_STATUS)), 0u);
    EXPECT_EQ(vrd(0, INIC_REG_SCRATCH), 0u);
    EXPECT_EQ(vrd(0, INIC_PORT_BASE(0) + INIC_PORT_CTRL), 0u);
    EXPECT_EQ(rd(INIC_REG_MBOX_PENDING), 0u);
    EXPECT_EQ(rd(INIC_VF_BASE(0) + INIC_VF_VLAN), 7u);    /* PF policy kept */
    EXPECT_EQ(rd(INIC_REG_VF_EVENTS) & 1u, 1u);
    /* VF 1 untouched and still switching. */
    EXPECT_EQ(vrd(1, INIC_REG_SCRATCH), 0x66u);
    EXPECT_EQ(vrd(1, rr(0, true, INIC_RR_STATUS)), INIC_RR_STATUS_ENABLED);
    rx(0, from(m1, MAC0));
    EXPECT_EQ(vf_rx_count(1), 1u);
}

TEST_F(CoreVf, DmaGoesThroughTheOwningVf)
{
    vf_up(0);
    vf_up(1);
    /* VF 1 may only reach its own 64 KiB (its IOMMU view). */
    f.vf_dma[1].lo = vbase(1);
    f.vf_dma[1].hi = vbase(1) + 0x10000;
    unsigned r0 = f.vf_dma[0].reads, w0 = f.vf_dma[0].writes;
    /* VF 1 points a TX buffer into VF 0's memory: refused, VF 1 counts. */
    txd(vbase(1), 0, vbase(0) + 0x2000, 60, INIC_TXD_CMD_EOP);
    vwr(1, rr(0, false, INIC_RR_TAIL), 1);
    inic_core_run_tx(c);
    EXPECT_TRUE(f.sent.empty());
    EXPECT_EQ(get_txd(vbase(1), 0).status,
              INIC_TXD_STA_DD | INIC_TXD_STA_ERR);
    EXPECT_EQ(vrd(1, INIC_REG_ERR_COUNT(INIC_ERR_BUF_DMA)), 1u);
    EXPECT_EQ(err(INIC_ERR_BUF_DMA), 0u);
    EXPECT_EQ(vrd(0, INIC_REG_ERR_TOTAL), 0u);
    /* VF 1's RX buffer pointing at VF 0's memory: not written. */
    rxd(vbase(1) + 0x1000, 8, vbase(0) + 0x2000, 2048);
    std::vector<uint8_t> before(&f.ram[vbase(0) + 0x2000],
                                &f.ram[vbase(0) + 0x2800]);
    uint8_t m1[6];
    vfmac(1, m1);
    for (unsigned i = 0; i < 9; i++) {
        rx(0, from(m1, MAC0));
    }
    EXPECT_EQ(std::vector<uint8_t>(&f.ram[vbase(0) + 0x2000],
                                   &f.ram[vbase(0) + 0x2800]), before);
    EXPECT_EQ(f.vf_dma[0].reads, r0);       /* nothing through VF 0 */
    EXPECT_EQ(f.vf_dma[0].writes, w0);
    /* A descriptor ring outside the window faults VF 1's ring only. */
    vwr(1, rr(1, false, INIC_RR_BASE_LO), (uint32_t)vbase(0));
    vwr(1, rr(1, false, INIC_RR_SIZE), 16);
    vwr(1, rr(1, false, INIC_RR_CTRL), INIC_RR_CTRL_ENABLE);
    vwr(1, rr(1, false, INIC_RR_TAIL), 1);
    inic_core_run_tx(c);
    EXPECT_EQ(vrd(1, rr(1, false, INIC_RR_STATUS)), INIC_RR_STATUS_FAULT);
    EXPECT_EQ(vrd(1, INIC_REG_ERR_INFO), 1u);       /* its ring 1 */
    EXPECT_EQ(vrd(0, rr(0, false, INIC_RR_STATUS)), INIC_RR_STATUS_ENABLED);
    /* Bus mastering off on VF 0: its rings are not processed. */
    f.vf_master[0] = false;
    const uint8_t peer[6] = { 0x02, 0xaa, 0, 0, 0, 1 };
    vf_send(0, vf_from(0, peer));
    EXPECT_TRUE(f.sent.empty());
}

TEST_F(CoreVf, HostileVfWritesCannotHurt)
{
    rx_setup();
    tx_setup();
    vf_up(1);
    const uint32_t pf_ctrl = rd(INIC_PORT_BASE(0) + INIC_PORT_CTRL);
    const uint32_t pf_errs = rd(INIC_REG_ERR_TOTAL);
    uint32_t x = 12345;
    for (unsigned i = 0; i < 200000; i++) {
        x = x * 1103515245 + 12345;
        uint64_t off = (x >> 3) % (INIC_BAR_REGS_SIZE + 64);
        x = x * 1103515245 + 12345;
        unsigned size = (x & 1) ? 8 : 4;
        if (off == INIC_REG_CTRL) {
            continue;
        }
        inic_core_vf_mmio_write(c, 2, off & ~3ull, x, size);
        inic_core_vf_mmio_read(c, 2, off, size);
        if (!(i % 512)) {
            inic_core_run_tx(c);
        }
    }
    inic_core_run_tx(c);
    /* The PF, the VF table and VF 1 are as they were. */
    EXPECT_EQ(rd(INIC_PORT_BASE(0) + INIC_PORT_CTRL), pf_ctrl);
    EXPECT_EQ(rd(INIC_REG_ERR_TOTAL), pf_errs);
    EXPECT_EQ(rd(INIC_REG_ERR_COUNT(INIC_ERR_BAD_REG)), 0u);
    EXPECT_EQ(rd(INIC_VF_BASE(2) + INIC_VF_RING_BASE), 32u);
    EXPECT_EQ(rd(INIC_VF_BASE(2) + INIC_VF_MAC_HI), 0x0300u);
    EXPECT_EQ(rd(INIC_VF_BASE(2) + INIC_VF_CTRL), 0u);
    EXPECT_EQ(rd(rr(0, true, INIC_RR_STATUS)), INIC_RR_STATUS_ENABLED);
    EXPECT_EQ(vrd(1, rr(0, true, INIC_RR_STATUS)), INIC_RR_STATUS_ENABLED);
    EXPECT_GT(vrd(2, INIC_REG_ERR_TOTAL), 0u);
    /* Untrusted VF 2 never got PROMISC. */
    EXPECT_EQ(vrd(2, INIC_PORT_BASE(0) + INIC_PORT_CTRL) &
              INIC_PORT_CTRL_PROMISC, 0u);
    /* Out-of-range VF numbers are ignored. */
    inic_core_vf_mmio_write(c, 99, 0, 1, 4);
    EXPECT_EQ(inic_core_vf_mmio_read(c, 99, 0, 4), 0u);
}

TEST_F(CoreVf, DisabledVfsAreNotSwitchedAndPfResetRestoresTable)
{
    vf_up(1);
    inic_core_set_num_vfs(c, 1);
    EXPECT_EQ(rd(INIC_REG_NUM_VFS), 1u);
    EXPECT_EQ(rd(INIC_VF_BASE(1) + INIC_VF_STATUS) & INIC_VF_STATUS_ENABLED,
              0u);
    uint8_t m1[6];
    vfmac(1, m1);
    rx(0, from(m1, MAC0));
    EXPECT_EQ(vrd(1, rr(0, true, INIC_RR_HEAD)), 0u);
    wr(INIC_REG_CTRL, INIC_CTRL_RESET);
    EXPECT_EQ(rd(INIC_VF_BASE(1) + INIC_VF_MAC_HI), 0u);
    EXPECT_EQ(rd(INIC_VF_BASE(1) + INIC_VF_RING_COUNT), 4u);
}

/*
 * A PF reset (CTRL.RESET or PCI reset) returns every pool ring and every
 * VF to its default: rings the PF had moved stop, every VF gets its
 * default rings back whatever the layout was.
 */
TEST_F(CoreVf, PfResetReturnsEveryRingAndVf)
{
    for (int pci = 0; pci < 2; pci++) {
        /* VF 0 moved to pool rings 60..63, its TX ring 0 on and loaded
         * while its bus mastering is off (nothing sent yet). */
        for (unsigned v = 0; v < 4; v++) {
            wr(INIC_VF_BASE(v) + INIC_VF_RING_COUNT, 0);
        }
        wr(INIC_VF_BASE(0) + INIC_VF_RING_BASE, 60);
        wr(INIC_VF_BASE(0) + INIC_VF_RING_COUNT, 4);
        /* VF 1 on VF 0's default rings, VF 2 on VF 1's. */
        wr(INIC_VF_BASE(1) + INIC_VF_RING_BASE, 0);
        wr(INIC_VF_BASE(1) + INIC_VF_RING_COUNT, 4);
        wr(INIC_VF_BASE(2) + INIC_VF_RING_BASE, 16);
        wr(INIC_VF_BASE(2) + INIC_VF_RING_COUNT, 8);
        ASSERT_EQ(rd(INIC_REG_ERR_COUNT(INIC_ERR_BAD_VALUE)), 0u);
        f.vf_master[0] = false;
        vf_up(0);
        const uint8_t peer[6] = { 0x02, 0xaa, 0, 0, 0, 1 };
        auto fr = vf_from(0, peer);
        memcpy(&f.ram[vbase(0) + 0xa000], fr.data(), fr.size());
        txd(vbase(0), 0, vbase(0) + 0xa000, 60, INIC_TXD_CMD_EOP);
        vwr(0, rr(0, false, INIC_RR_TAIL), 1);
        inic_core_run_tx(c);
        ASSERT_TRUE(f.sent.empty());

        if (pci) {
            inic_core_reset(c);
            inic_core_set_num_vfs(c, 4);    /* the driver enables again */
        } else {
            wr(INIC_REG_CTRL, INIC_CTRL_RESET);
        }
        f.vf_master[0] = true;
        unsigned reads = f.vf_dma[0].reads;
        inic_core_run_tx(c);
        EXPECT_TRUE(f.sent.empty()) << "pci " << pci;
        EXPECT_EQ(f.vf_dma[0].reads, reads) << "pci " << pci;
        for (unsigned v = 0; v < 4; v++) {
            EXPECT_EQ(rd(INIC_VF_BASE(v) + INIC_VF_RING_BASE), 16 * v)
                << "pci " << pci << " vf " << v;
            EXPECT_EQ(rd(INIC_VF_BASE(v) + INIC_VF_RING_COUNT), 4u)
                << "pci " << pci << " vf " << v;
            EXPECT_EQ(vrd(v, INIC_REG_NUM_RINGS), 4u);
            EXPECT_EQ(vrd(v, rr(0, false, INIC_RR_STATUS)), 0u);
        }
        EXPECT_EQ(rd(INIC_REG_ERR_COUNT(INIC_ERR_BAD_VALUE)), 0u);
        /* The PF can lay the pool out again from the defaults. */
        wr(INIC_VF_BASE(3) + INIC_VF_RING_COUNT, 16);
        EXPECT_EQ(rd(INIC_VF_BASE(3) + INIC_VF_RING_COUNT), 16u);
        for (unsigned v = 0; v < 4; v++) {
            wr(INIC_VF_BASE(v) + INIC_VF_MAC_LO, 0x00000002);
            wr(INIC_VF_BASE(v) + INIC_VF_MAC_HI, 0x0100 * (v + 1));
        }
        f.sent.clear();
    }
}

/* FLR clears what the VF itself sees counted: port view, link events. */
TEST_F(CoreVf, FlrClearsTheVfsCounters)
{
    vf_up(0);
    uint8_t m0[6];
    vfmac(0, m0);
    rx(0, from(m0, MAC0));
    const uint8_t peer[6] = { 0x02, 0xaa, 0, 0, 0, 1 };
    vf_send(0, vf_from(0, peer));
    wr(INIC_VF_BASE(0) + INIC_VF_CTRL,
       INIC_VF_LINK_DISABLE << INIC_VF_CTRL_LINK_SHIFT);
    wr(INIC_VF_BASE(0) + INIC_VF_CTRL, 0);
    vrd(0, 0x2c);       /* a BAD_REG */
    const uint64_t ps = INIC_PORT_BASE(0) + INIC_PORT_STATS;
    ASSERT_EQ(vrd64(0, ps + 8 * INIC_PSTAT_RX_PKTS), 1u);
    ASSERT_EQ(vrd64(0, ps + 8 * INIC_PSTAT_TX_PKTS), 1u);
    ASSERT_EQ(vrd(0, INIC_PORT_BASE(0) + INIC_PORT_LINK_EVENTS), 2u);
    ASSERT_EQ(vrd(0, INIC_REG_ERR_TOTAL), 1u);
    inic_core_vf_flr(c, 0);
    for (unsigned s = 0; s < INIC_PSTAT__COUNT; s++) {
        EXPECT_EQ(vrd64(0, ps + 8 * s), 0u) << s;
    }
    EXPECT_EQ(vrd(0, INIC_PORT_BASE(0) + INIC_PORT_LINK_EVENTS), 0u);
    EXPECT_EQ(vrd(0, INIC_REG_ERR_TOTAL), 0u);
    EXPECT_EQ(vrd64(0, rstat(0, true, INIC_RSTAT_PKTS)), 0u);
    /* The PF's view of the VF (VF table STATS) survives. */
    EXPECT_EQ(vstat(0, INIC_VSTAT_RX_PKTS), 1u);
    EXPECT_EQ(vstat(0, INIC_VSTAT_TX_PKTS), 1u);
}

/* One undefined VF global write is one BAD_REG; read-only ones none. */
TEST_F(CoreVf, VfBadGlobalWriteCountedOnce)
{
    for (uint32_t off : { 0x2cu, 0x4cu, 0x74u, 0x78u, 0x7cu, 0x80u, 0xffcu }) {
        uint32_t before = vrd(1, INIC_REG_ERR_COUNT(INIC_ERR_BAD_REG));
        vwr(1, off, 1);
        EXPECT_EQ(vrd(1, INIC_REG_ERR_COUNT(INIC_ERR_BAD_REG)), before + 1)
            << std::hex << off;
        EXPECT_EQ(vrd(1, INIC_REG_ERR_INFO), off);
    }
    uint32_t total = vrd(1, INIC_REG_ERR_TOTAL);
    for (uint32_t off : { (uint32_t)INIC_REG_ID, (uint32_t)INIC_REG_CAPS,
                          (uint32_t)INIC_REG_ERR_TOTAL,
                          (uint32_t)INIC_REG_TOTAL_VFS,
                          (uint32_t)INIC_REG_VF_EVENTS,
                          (uint32_t)INIC_REG_ERR_COUNT(0),
                          (uint32_t)INIC_REG_ERR_COUNT(INIC_ERR_BAD_VALUE) }) {
        vwr(1, off, 0x1234);
        EXPECT_EQ(vrd(1, INIC_REG_ERR_TOTAL), total) << std::hex << off;
    }
    EXPECT_EQ(rd(INIC_REG_ERR_TOTAL), 0u);
}
