// SPDX-License-Identifier: GPL-2.0-or-later
//
// Unit tests of the PF-VF mailbox (inic_mbox.cpp).
// Through the core's C API, with the fake host of fake_host.h.

#include "fake_host.h"

TEST_F(CoreVf, MailboxTransportBoundsAndIsolation)
{
    vwr(1, INIC_REG_MISC_MASK, INIC_MISC_MBOX);
    vwr(1, INIC_REG_MISC_VECTOR, 0);
    wr(INIC_REG_MISC_MASK, INIC_MISC_MBOX);
    wr(INIC_REG_VF_EVENTS, ~0u);
    wr(INIC_REG_MISC_CAUSE, ~0u);
    f.irqs.clear();
    /* A full-size request. */
    vwr(1, INIC_MBOX_BASE, INIC_MBOX_HDR(INIC_MBOX_OP_GET_MAC, 60, 3));
    for (unsigned i = 1; i < 16; i++) {
        vwr(1, INIC_MBOX_BASE + 4 * i, 0x1000 + i);
    }
    vwr(1, INIC_MBOX_BASE + INIC_MBOX_VF_CTRL, INIC_MBOX_VF_CTRL_REQ);
    EXPECT_EQ(rd(INIC_REG_MBOX_PENDING), 2u);
    EXPECT_EQ(rd(INIC_REG_MISC_CAUSE) & INIC_MISC_MBOX, INIC_MISC_MBOX);
    EXPECT_EQ(f.irqs.size(), 1u);
    EXPECT_EQ(rd(INIC_VF_BASE(1) + INIC_VF_MBOX_CTRL), INIC_VF_MBOX_ACK);
    EXPECT_EQ(rd(INIC_MBOX_PF_SLOT(1)),
              INIC_MBOX_HDR(INIC_MBOX_OP_GET_MAC, 60, 3));
    EXPECT_EQ(rd(INIC_MBOX_PF_SLOT(1) + 60), 0x100fu);
    EXPECT_EQ(rd(INIC_MBOX_PF_SLOT(0)), 0u);        /* VF 0: nothing */
    /* The PF reads a snapshot: later VF writes do not change it. */
    vwr(1, INIC_MBOX_BASE + 4, 0xdead);
    EXPECT_EQ(rd(INIC_MBOX_PF_SLOT(1) + 4), 0x1001u);
    /* A flood: one request in flight, the rest refused and counted. */
    for (unsigned i = 0; i < 1000; i++) {
        vwr(1, INIC_MBOX_BASE + INIC_MBOX_VF_CTRL, INIC_MBOX_VF_CTRL_REQ);
    }
    EXPECT_EQ(rd(INIC_VF_BASE(1) + INIC_VF_MBOX_ERRORS), 1000u);
    EXPECT_EQ(f.irqs.size(), 1u);   /* no interrupt storm on the PF */
    EXPECT_EQ(rd(INIC_REG_VF_EVENTS), 2u);
    EXPECT_EQ(vrd(1, INIC_MBOX_BASE + INIC_MBOX_VF_CTRL),
              INIC_MBOX_VF_CTRL_REQ | INIC_MBOX_VF_CTRL_REFUSED);
    /* The PF acknowledges, then replies. */
    wr(INIC_VF_BASE(1) + INIC_VF_MBOX_CTRL, INIC_VF_MBOX_ACK);
    EXPECT_EQ(rd(INIC_REG_MBOX_PENDING), 0u);
    EXPECT_EQ(vrd(1, INIC_MBOX_BASE + INIC_MBOX_VF_CTRL) &
              (INIC_MBOX_VF_CTRL_REQ | INIC_MBOX_VF_CTRL_ACK),
              INIC_MBOX_VF_CTRL_ACK);
    wr(INIC_MBOX_PF_SLOT(1) + INIC_MBOX_REPLY,
       INIC_MBOX_HDR(INIC_MBOX_OP_GET_MAC, 6, 3) | INIC_MBOX_HDR_REPLY);
    wr(INIC_MBOX_PF_SLOT(1) + INIC_MBOX_REPLY + 4, 0x00000002);
    wr(INIC_VF_BASE(1) + INIC_VF_MBOX_CTRL, INIC_VF_MBOX_REPLY);
    ASSERT_EQ(f.vf_irqs.size(), 1u);
    EXPECT_EQ(f.vf_irqs[0], std::make_pair(1u, 0u));
    EXPECT_EQ(vrd(1, INIC_MBOX_BASE + INIC_MBOX_REPLY + 4), 2u);
    EXPECT_EQ(vrd(1, INIC_MBOX_BASE + INIC_MBOX_VF_CTRL) &
              INIC_MBOX_VF_CTRL_REPLY, INIC_MBOX_VF_CTRL_REPLY);
    EXPECT_EQ(vrd(0, INIC_MBOX_BASE + INIC_MBOX_REPLY + 4), 0u);
    /* A second reply before the VF consumed the first: refused. */
    wr(INIC_VF_BASE(1) + INIC_VF_MBOX_CTRL, INIC_VF_MBOX_REPLY);
    EXPECT_EQ(err(INIC_ERR_BAD_VALUE), 1u);
    vwr(1, INIC_MBOX_BASE + INIC_MBOX_VF_CTRL, INIC_MBOX_VF_CTRL_ACK);
    EXPECT_EQ(rd(INIC_VF_BASE(1) + INIC_VF_MBOX_CTRL), 0u);
    /* Lengths are bounded both ways. */
    vwr(1, INIC_MBOX_BASE, INIC_MBOX_HDR(1, 61, 0));
    vwr(1, INIC_MBOX_BASE + INIC_MBOX_VF_CTRL, INIC_MBOX_VF_CTRL_REQ);
    EXPECT_EQ(rd(INIC_REG_MBOX_PENDING), 0u);
    EXPECT_EQ(vrd(1, INIC_REG_ERR_COUNT(INIC_ERR_BAD_VALUE)), 1u);
    wr(INIC_MBOX_PF_SLOT(1) + INIC_MBOX_REPLY, INIC_MBOX_HDR(1, 255, 0));
    wr(INIC_VF_BASE(1) + INIC_VF_MBOX_CTRL, INIC_VF_MBOX_REPLY);
    EXPECT_EQ(err(INIC_ERR_BAD_VALUE), 2u);
    /* The VF cannot write its REPLY or the PF's REQ view. */
    vwr(1, INIC_MBOX_BASE + INIC_MBOX_REPLY + 4, 0xbad);
    EXPECT_EQ(vrd(1, INIC_MBOX_BASE + INIC_MBOX_REPLY + 4), 2u);
    wr(INIC_MBOX_PF_SLOT(1) + 4, 0xbad);
    EXPECT_EQ(rd(INIC_MBOX_PF_SLOT(1) + 4), 0x1001u);
}
