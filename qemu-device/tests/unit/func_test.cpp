// SPDX-License-Identifier: GPL-2.0-or-later
//
// Unit tests of per-function services (inic_func.cpp): misc causes, bus
// mastering.
// Through the core's C API, with the fake host of fake_host.h.

#include "fake_host.h"

TEST_F(Core, NoDmaWithoutBusMaster)
{
    tx_setup();
    rx_setup();
    txd(0x10000, 0, 0x30000, 60, INIC_TXD_CMD_EOP);
    rxd(0x20000, 0, 0x50000, 2048);
    wr(rr(0, true, INIC_RR_TAIL), 1);
    f.master = false;
    wr(rr(0, false, INIC_RR_TAIL), 1);
    inic_core_run_tx(c);
    EXPECT_TRUE(f.sent.empty());
    EXPECT_TRUE(inic_core_can_receive(c, 0));
    EXPECT_EQ(rx(0, frame(60)), 60u);
    EXPECT_EQ(get_rxd(0x20000, 0).status, 0u);
    EXPECT_EQ(rd64(pstat(0, INIC_PSTAT_RX_DROPS)), 1u);
    f.master = true;
    unsigned sched = f.tx_scheduled;
    inic_core_bus_master_changed(c);
    EXPECT_GT(f.tx_scheduled, sched);
    inic_core_run_tx(c);
    EXPECT_EQ(f.sent.size(), 1u);
}

TEST_F(Core, MiscCausesAndMask)
{
    wr(INIC_REG_MISC_VECTOR, 8);
    inic_core_set_link(c, 1, false);
    EXPECT_EQ(rd(INIC_PORT_BASE(1) + INIC_PORT_STATUS), 0u);
    EXPECT_EQ(rd(INIC_PORT_BASE(1) + INIC_PORT_LINK_EVENTS), 1u);
    EXPECT_EQ(rd(INIC_REG_MISC_CAUSE), INIC_MISC_LINK);
    EXPECT_TRUE(f.irqs.empty());            /* masked */
    wr(INIC_REG_MISC_MASK, INIC_MISC_LINK); /* enabling a pending cause */
    ASSERT_EQ(f.irqs.size(), 1u);
    EXPECT_EQ(f.irqs[0], 8u);
    inic_core_set_link(c, 1, false);        /* no change, no event */
    EXPECT_EQ(rd(INIC_PORT_BASE(1) + INIC_PORT_LINK_EVENTS), 1u);
    inic_core_set_link(c, 1, true);         /* still pending: no new irq */
    EXPECT_EQ(f.irqs.size(), 1u);
    wr(INIC_REG_MISC_CAUSE, INIC_MISC_LINK);   /* RW1C */
    EXPECT_EQ(rd(INIC_REG_MISC_CAUSE), 0u);
    inic_core_set_link(c, 1, false);
    EXPECT_EQ(f.irqs.size(), 2u);
    EXPECT_EQ(rd(INIC_PORT_BASE(1) + INIC_PORT_LINK_EVENTS), 3u);
    /* Errors raise ERROR only when enabled. */
    rd(0x3000);
    EXPECT_EQ(rd(INIC_REG_MISC_CAUSE), INIC_MISC_LINK | INIC_MISC_ERROR);
    EXPECT_EQ(f.irqs.size(), 2u);
    wr(INIC_REG_MISC_MASK, INIC_MISC_ALL);
    EXPECT_EQ(f.irqs.size(), 3u);
    wr(INIC_REG_MISC_MASK, 0xffffffff);
    EXPECT_EQ(rd(INIC_REG_MISC_MASK), INIC_MISC_ALL);
}

/* Each refusal reaches the host (QEMU's trace event) with its function. */
TEST_F(CoreVf, RefusalsReachTheHostWithTheirFunction)
{
    f.refusals.clear();
    rd(INIC_PORT_BASE(2));                              /* PF: no port 2 */
    vwr(1, 0xffc, 1);                                   /* VF 1: no register */
    ASSERT_EQ(f.refusals.size(), 2u);
    EXPECT_EQ(f.refusals[0], std::make_pair(0u, (unsigned)INIC_ERR_BAD_REG));
    EXPECT_EQ(f.refusals[1], std::make_pair(2u, (unsigned)INIC_ERR_BAD_REG));
}
