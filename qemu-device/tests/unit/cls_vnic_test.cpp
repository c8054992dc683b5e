// SPDX-License-Identifier: GPL-2.0-or-later
//
// Unit tests of the classifier's VNIC target (ABI 1.9, inic_cls.cpp with
// inic_vnic.cpp): a rule steers frames into a VNIC's ring group (spread by
// the VNIC's RSS), mirrors a copy to a VNIC (dropped and counted in its
// MIRROR_DROPS when it cannot take it, never held), refuses a VNIC that
// is not enabled, and stops reaching a VNIC that was disabled after the
// rule was added, even when the entry is enabled again.

#include "fake_host.h"

namespace {

constexpr uint8_t VA[6] = { 0x02, 0x11, 0, 0, 0, 0xa };
constexpr uint8_t PEER[6] = { 0x02, 0xaa, 0, 0, 0, 9 };
constexpr uint16_t DPORT = 4791;

class ClsVnic : public CoreVf {
protected:
    static uint64_t vn(unsigned n, unsigned reg)
    {
        return INIC_VNIC_BASE(n) + reg;
    }
    uint64_t vnstat(unsigned n, unsigned s)
    {
        return rd64(vn(n, INIC_VNIC_STAT(s)));
    }
    uint64_t clsstat(unsigned s) { return rd64(INIC_CLS_STAT(s)); }
    static uint64_t rxbase(unsigned q) { return 0x200000 + 0x10000 * q; }
    static uint64_t txbase(unsigned q) { return 0x600000 + 0x10000 * q; }
    void rx_ring_up(unsigned q, unsigned nbuf = 8, unsigned port = 0)
    {
        ring(q, true, rxbase(q), 16, port, 1 + q);
        for (unsigned i = 0; i < nbuf; i++) {
            rxd(rxbase(q), i, rxbase(q) + 0x1000 + 2048 * i, 2048);
        }
        wr(rr(q, true, INIC_RR_TAIL), nbuf);
    }
    unsigned rx_count(unsigned q) { return rd(rr(q, true, INIC_RR_HEAD)); }
    /* VNIC n on port, rings base..base+count-1, RSS over all hash types. */
    void vnic_up(unsigned n, unsigned port, unsigned base, unsigned count,
                 unsigned nbuf = 8)
    {
        wr(vn(n, INIC_VNIC_PORT), port);
        wr(vn(n, INIC_VNIC_MAC_LO), 0x02 | 0x11 << 8);
        wr(vn(n, INIC_VNIC_MAC_HI), (0x10 + n) << 8);
        wr(vn(n, INIC_VNIC_RING_BASE), base);
        wr(vn(n, INIC_VNIC_RING_COUNT), count);
        wr(vn(n, INIC_VNIC_RSS_CTRL), INIC_RSS_ENABLE | INIC_RSS_HASH_ALL);
        wr(vn(n, INIC_VNIC_CTRL), INIC_VNIC_CTRL_ENABLE);
        ASSERT_EQ(rd(vn(n, INIC_VNIC_CTRL)), INIC_VNIC_CTRL_ENABLE);
        for (unsigned q = base; q < base + count; q++) {
            rx_ring_up(q, nbuf, port);
        }
    }
    /* Receive-only mirror VNIC m (of an unused VF) on ring q. */
    void mirror_vnic_up(unsigned m, unsigned q, unsigned nbuf)
    {
        wr(vn(m, INIC_VNIC_RING_BASE), q);
        wr(vn(m, INIC_VNIC_MIRROR), INIC_VNIC_MIR(INIC_VNIC_MIR_VF, 3));
        wr(vn(m, INIC_VNIC_CTRL),
           INIC_VNIC_CTRL_ENABLE | INIC_VNIC_CTRL_MIRROR);
        ASSERT_EQ(rd(vn(m, INIC_VNIC_CTRL)),
                  INIC_VNIC_CTRL_ENABLE | INIC_VNIC_CTRL_MIRROR);
        rx_ring_up(q, nbuf);
    }
    /* TX ring q sends fr. */
    void send(unsigned q, const std::vector<uint8_t> &fr)
    {
        uint32_t t = rd(rr(q, false, INIC_RR_TAIL));
        uint64_t buf = txbase(q) + 0x1000 + 0x800 * (t % 8);
        memcpy(&f.ram[buf], fr.data(), fr.size());
        txd(txbase(q), t, buf, (uint16_t)fr.size(), INIC_TXD_CMD_EOP);
        wr(rr(q, false, INIC_RR_TAIL), (t + 1) % 16);
        inic_core_run_tx(c);
    }
    void pf_up()
    {
        wr(INIC_PORT_BASE(0) + INIC_PORT_CTRL,
           INIC_PORT_CTRL_RX_EN | INIC_PORT_CTRL_TX_EN);
        rx_ring_up(0);
        ring(1, false, txbase(1), 16, 0, 2);
    }
    /*
     * Stage "UDP/IPv4 destination port DPORT" (port and origin any) with
     * action, arg, mirror and mark; ADD_ANY in the exact table: RESULT.
     */
    uint32_t add_rule(uint32_t action, uint32_t arg, uint32_t mirror = 0,
                      uint32_t mark = 0)
    {
        for (unsigned i = 0; i < INIC_CLS_KEY_REGS; i++) {
            wr(INIC_CLS_BASE + INIC_CLS_KEY(i), 0);
            wr(INIC_CLS_BASE + INIC_CLS_MASK(i), 0);
        }
        /* Bytes 4-7: ETHERTYPE 0x0800, PROTO 17, TOS any. */
        wr(INIC_CLS_BASE + INIC_CLS_KEY(1), 0x08 | 17 << 16);
        wr(INIC_CLS_BASE + INIC_CLS_MASK(1), 0x00ffffff);
        /* Bytes 20-23: DPORT in 22-23 (network order). */
        wr(INIC_CLS_BASE + INIC_CLS_KEY(5),
           (uint32_t)(DPORT >> 8) << 16 | (uint32_t)(DPORT & 0xff) << 24);
        wr(INIC_CLS_BASE + INIC_CLS_MASK(5), 0xffff0000);
        wr(INIC_CLS_BASE + INIC_CLS_PRIO, 0);
        wr(INIC_CLS_BASE + INIC_CLS_ACTION, action);
        wr(INIC_CLS_BASE + INIC_CLS_ACT_ARG, arg);
        wr(INIC_CLS_BASE + INIC_CLS_MIRROR, mirror);
        wr(INIC_CLS_BASE + INIC_CLS_MARK, mark);
        wr(INIC_CLS_BASE + INIC_CLS_CMD,
           INIC_CLS_CMD_VAL(INIC_CLS_OP_ADD_ANY, false, 0));
        return rd(INIC_CLS_BASE + INIC_CLS_RESULT);
    }
    void del_rule(uint32_t result)
    {
        wr(INIC_CLS_BASE + INIC_CLS_CMD,
           INIC_CLS_CMD_VAL(INIC_CLS_OP_DEL, false,
                            INIC_CLS_RES_INDEX(result)));
        ASSERT_EQ(INIC_CLS_RES_CODE(rd(INIC_CLS_BASE + INIC_CLS_RESULT)),
                  (uint32_t)INIC_CLS_RES_OK);
    }
    /* A UDP frame to the PF's MAC, to dport (sport varies the hash). */
    static std::vector<uint8_t> udp(uint16_t sport, uint16_t dport = DPORT)
    {
        Flow fl;
        fl.proto = 17;
        fl.sport = sport;
        fl.dport = dport;
        return ip_frame(fl, 20, MAC0);
    }
};

} /* namespace */

TEST_F(ClsVnic, Capability)
{
    EXPECT_GE(INIC_ABI_MINOR, 9);
    EXPECT_TRUE(rd(INIC_REG_CAPS) & INIC_CAP_CLS_VNIC);
}

/*
 * A VNIC rule takes matching frames (here for the PF's own MAC) to the
 * VNIC's ring group, spread by its RSS; the PF does not get them.
 * Frames the PF sends that match go to the VNIC too, not to the wire.
 */
TEST_F(ClsVnic, SteerIntoVnicSpreadsByItsRss)
{
    pf_up();
    vnic_up(0, 0, 4, 3, 15);
    const uint32_t res = add_rule(INIC_CLS_ACT_VNIC, 0);
    ASSERT_EQ(INIC_CLS_RES_CODE(res), (uint32_t)INIC_CLS_RES_OK);
    for (unsigned i = 0; i < 15; i++) {
        EXPECT_EQ(rx(0, udp((uint16_t)(1000 + 77 * i))), 62u);
    }
    const unsigned n4 = rx_count(4), n5 = rx_count(5), n6 = rx_count(6);
    EXPECT_EQ(n4 + n5 + n6, 15u);
    EXPECT_GT(n4, 0u);
    EXPECT_GT(n5, 0u);
    EXPECT_GT(n6, 0u);
    EXPECT_EQ(rx_count(0), 0u);
    EXPECT_TRUE(get_rxd(rxbase(4), 0).status & INIC_RXD_STA_RSS);
    EXPECT_EQ(vnstat(0, INIC_VNSTAT_RX_PKTS), 15u);
    EXPECT_EQ(vnstat(0, INIC_VNSTAT_RX_BYTES), 15u * 62);
    EXPECT_EQ(clsstat(INIC_CLS_STAT_HITS), 15u);
    EXPECT_EQ(clsstat(INIC_CLS_STAT_DEST_DROPS), 0u);
    /* Another port: the PF as before. */
    rx(0, udp(1000, 53));
    EXPECT_EQ(rx_count(0), 1u);
    /* The PF's own matching frame: to the VNIC inside the NIC. */
    auto fr = udp(2000);
    memcpy(&fr[0], PEER, 6);
    memcpy(&fr[6], MAC0, 6);
    const unsigned before = n4 + n5 + n6;
    send(1, fr);
    EXPECT_EQ(rx_count(4) + rx_count(5) + rx_count(6), before + 1);
    EXPECT_TRUE(f.sent.empty());
    /* A frame on the other port is not the VNIC's (it is on port 0). */
    rx(1, udp(3000));
    EXPECT_EQ(clsstat(INIC_CLS_STAT_DEST_DROPS), 1u);
    EXPECT_EQ(rx_count(4) + rx_count(5) + rx_count(6), before + 1);
}

/*
 * A rule's mirror copy to a (mirror) VNIC: the frame is delivered as
 * usual, the copy carries the rule's mark; copies the VNIC cannot take are
 * dropped and counted in its MIRROR_DROPS, and the frame is never held.
 */
TEST_F(ClsVnic, MirrorToVnicCountsItsDrops)
{
    pf_up();
    mirror_vnic_up(5, 6, 2);
    const uint32_t res = add_rule(INIC_CLS_ACT_PASS | INIC_CLS_ACT_MIRROR |
                                  INIC_CLS_ACT_MARK, 0,
                                  INIC_CLS_MIRROR_VAL(INIC_CLS_MIR_VNIC, 5),
                                  0xbeef);
    ASSERT_EQ(INIC_CLS_RES_CODE(res), (uint32_t)INIC_CLS_RES_OK);
    const auto fr = udp(1234);
    for (unsigned i = 0; i < 6; i++) {
        EXPECT_EQ(rx(0, fr), fr.size());    /* taken, never held */
    }
    EXPECT_EQ(rx_count(0), 6u);
    ASSERT_EQ(rx_count(6), 2u);
    inic_rx_desc d = get_rxd(rxbase(6), 0);
    EXPECT_EQ(d.len, fr.size());
    EXPECT_TRUE(d.status & INIC_RXD_STA_MARK);
    EXPECT_EQ(d.mark, 0xbeefu);
    EXPECT_EQ(0, memcmp(&f.ram[rxbase(6) + 0x1000], fr.data(), fr.size()));
    EXPECT_EQ(vnstat(5, INIC_VNSTAT_RX_PKTS), 2u);
    EXPECT_EQ(vnstat(5, INIC_VNSTAT_MIRROR_DROPS), 4u);
    EXPECT_EQ(vnstat(5, INIC_VNSTAT_RX_DROPS), 4u);
    EXPECT_EQ(clsstat(INIC_CLS_STAT_MIRRORS), 6u);
    /* An ordinary VNIC can be a mirror target as well. */
    vnic_up(1, 0, 4, 1);
    const uint32_t r2 = add_rule(INIC_CLS_ACT_DROP | INIC_CLS_ACT_MIRROR, 0,
                                 INIC_CLS_MIRROR_VAL(INIC_CLS_MIR_VNIC, 1));
    EXPECT_EQ(INIC_CLS_RES_CODE(r2), (uint32_t)INIC_CLS_RES_EXISTS);
    del_rule(res);
    const uint32_t r3 = add_rule(INIC_CLS_ACT_DROP | INIC_CLS_ACT_MIRROR, 0,
                                 INIC_CLS_MIRROR_VAL(INIC_CLS_MIR_VNIC, 1));
    ASSERT_EQ(INIC_CLS_RES_CODE(r3), (uint32_t)INIC_CLS_RES_OK);
    rx(0, fr);
    EXPECT_EQ(rx_count(0), 6u);
    EXPECT_EQ(rx_count(4), 1u);
}

/*
 * ADD refuses a VNIC that is not enabled (and steering into a mirror
 * VNIC) with NO_VNIC, an ordinary outcome: no error is counted.
 */
TEST_F(ClsVnic, RuleForAMissingVnicIsRefused)
{
    pf_up();
    const uint32_t errs = rd(INIC_REG_ERR_TOTAL);
    const uint32_t refused = rd(INIC_CLS_BASE + INIC_CLS_REFUSED);
    EXPECT_EQ(INIC_CLS_RES_CODE(add_rule(INIC_CLS_ACT_VNIC, 3)),
              (uint32_t)INIC_CLS_RES_NO_VNIC);
    EXPECT_EQ(INIC_CLS_RES_CODE(add_rule(
                  INIC_CLS_ACT_PASS | INIC_CLS_ACT_MIRROR, 0,
                  INIC_CLS_MIRROR_VAL(INIC_CLS_MIR_VNIC, 3))),
              (uint32_t)INIC_CLS_RES_NO_VNIC);
    mirror_vnic_up(3, 6, 2);
    EXPECT_EQ(INIC_CLS_RES_CODE(add_rule(INIC_CLS_ACT_VNIC, 3)),
              (uint32_t)INIC_CLS_RES_NO_VNIC);
    EXPECT_EQ(rd(INIC_REG_ERR_TOTAL), errs);
    EXPECT_EQ(rd(INIC_CLS_BASE + INIC_CLS_REFUSED), refused + 3);
    EXPECT_EQ(rd(INIC_CLS_BASE + INIC_CLS_EXACT_USED), 0u);
    /* Out of range is a programming error. */
    EXPECT_EQ(INIC_CLS_RES_CODE(add_rule(INIC_CLS_ACT_VNIC, INIC_MAX_VNICS)),
              (uint32_t)INIC_CLS_RES_BAD_ACTION);
    EXPECT_EQ(INIC_CLS_RES_CODE(add_rule(
                  INIC_CLS_ACT_PASS | INIC_CLS_ACT_MIRROR, 0,
                  INIC_CLS_MIRROR_VAL(INIC_CLS_MIR_VNIC, INIC_MAX_VNICS))),
              (uint32_t)INIC_CLS_RES_BAD_ACTION);
    EXPECT_EQ(err(INIC_ERR_CLS), 2u);
}

/*
 * The VNIC is disabled while rules point at it: their frames and copies
 * are dropped and counted (DEST_DROPS), never given to the PF; and the
 * entry enabled again (a new VNIC at the same index) is not theirs.
 */
TEST_F(ClsVnic, VnicRemovedWhileARulePointsAtIt)
{
    pf_up();
    vnic_up(0, 0, 4, 1);
    vnic_up(1, 0, 5, 1);
    const uint32_t steer = add_rule(INIC_CLS_ACT_VNIC, 0);
    ASSERT_EQ(INIC_CLS_RES_CODE(steer), (uint32_t)INIC_CLS_RES_OK);
    rx(0, udp(1));
    EXPECT_EQ(rx_count(4), 1u);
    wr(vn(0, INIC_VNIC_CTRL), 0);
    EXPECT_EQ(rx(0, udp(2)), 62u);
    EXPECT_EQ(clsstat(INIC_CLS_STAT_DEST_DROPS), 1u);
    EXPECT_EQ(rx_count(0), 0u);
    wr(vn(0, INIC_VNIC_CTRL), INIC_VNIC_CTRL_ENABLE);
    ASSERT_EQ(rd(vn(0, INIC_VNIC_CTRL)), INIC_VNIC_CTRL_ENABLE);
    rx(0, udp(3));
    EXPECT_EQ(clsstat(INIC_CLS_STAT_DEST_DROPS), 2u);
    EXPECT_EQ(rx_count(4), 1u);
    EXPECT_EQ(rx_count(0), 0u);
    /* The rule added again reaches the new VNIC. */
    del_rule(steer);
    ASSERT_EQ(INIC_CLS_RES_CODE(add_rule(INIC_CLS_ACT_VNIC, 0)),
              (uint32_t)INIC_CLS_RES_OK);
    rx(0, udp(4));
    EXPECT_EQ(rx_count(4), 2u);

    /* Mirror: the copy is dropped, the frame still delivered. */
    wr(INIC_CLS_BASE + INIC_CLS_CMD,
       INIC_CLS_CMD_VAL(INIC_CLS_OP_FLUSH, false, 0));
    const uint32_t mir = add_rule(INIC_CLS_ACT_PASS | INIC_CLS_ACT_MIRROR, 0,
                                  INIC_CLS_MIRROR_VAL(INIC_CLS_MIR_VNIC, 1));
    ASSERT_EQ(INIC_CLS_RES_CODE(mir), (uint32_t)INIC_CLS_RES_OK);
    rx(0, udp(5));
    EXPECT_EQ(rx_count(0), 1u);
    EXPECT_EQ(rx_count(5), 1u);
    wr(vn(1, INIC_VNIC_CTRL), 0);
    rx(0, udp(6));
    EXPECT_EQ(rx_count(0), 2u);
    EXPECT_EQ(clsstat(INIC_CLS_STAT_DEST_DROPS), 3u);
    EXPECT_EQ(rx_count(5), 1u);
}
