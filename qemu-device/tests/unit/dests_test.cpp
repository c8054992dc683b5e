// SPDX-License-Identifier: GPL-2.0-or-later
//
// Unit tests of the embedded switch's decision (inic_eswitch.cpp,
// Core::sw_dests -> DestSet), called directly for a table of frames from
// the wire and from functions, then end to end for the delivery order
// (a frame the PF's ring holds reaches no VF until it comes back).

#include "fake_host.h"

#include "inic_core.h"

namespace {

constexpr uint64_t L = INIC_LAG_BASE;

/* The PF's second station address on port 0 (a UC filter entry). */
constexpr uint8_t PF_UC[6] = { 0x02, 0xbb, 0, 0, 0, 1 };
constexpr uint8_t PEER[6] = { 0x02, 0xaa, 0, 0, 0, 9 };

class Dests : public CoreVf {
protected:
    /*
     * VFs 0-2 on port 0, VF 3 on port 1; VF 0 has port VLAN 10; VF 2 is
     * trusted and promiscuous; port 0's PF has PF_UC in its UC table.
     */
    void SetUp() override
    {
        CoreVf::SetUp();
        wr(INIC_VF_BASE(3) + INIC_VF_PORT, 1);
        wr(INIC_VF_BASE(0) + INIC_VF_VLAN, 10);
        wr(INIC_VF_BASE(2) + INIC_VF_CTRL, INIC_VF_CTRL_TRUST);
        vwr(2, INIC_PORT_BASE(0) + INIC_PORT_CTRL,
            INIC_PORT_CTRL_RX_EN | INIC_PORT_CTRL_PROMISC);
        ASSERT_EQ(vrd(2, INIC_PORT_BASE(0) + INIC_PORT_CTRL),
                  INIC_PORT_CTRL_RX_EN | INIC_PORT_CTRL_PROMISC);
        wr(INIC_PTBL_BASE(0) + INIC_PTBL_UC_LO(0),
           PF_UC[0] | PF_UC[1] << 8 | PF_UC[2] << 16 | PF_UC[3] << 24);
        wr(INIC_PTBL_BASE(0) + INIC_PTBL_UC_HI(0),
           PF_UC[4] | PF_UC[5] << 8 | INIC_UC_VALID);
    }
    /* A 60-byte frame to dst, 802.1Q-tagged with vid unless vid < 0. */
    std::vector<uint8_t> to(const uint8_t *dst, int vid = -1)
    {
        auto fr = from(dst, PEER);
        if (vid >= 0) {
            fr.insert(fr.begin() + 12, { 0x81, 0x00, 0, 0 });
            fr[14] = (uint8_t)(vid >> 8);
            fr[15] = (uint8_t)vid;
            fr.resize(60);
        }
        return fr;
    }
    inic::DestSet dests(unsigned from_, unsigned port,
                        const std::vector<uint8_t> &fr)
    {
        inic::RxCtx cx;
        cx.buf = fr.data();
        cx.len = fr.size();
        cx.port = port;
        cx.local = from_ != inic::FROM_WIRE;
        return inic::core_of(c).sw_dests(from_, cx);
    }
    static uint8_t *vmac(unsigned v)
    {
        static uint8_t m[6];
        vfmac(v, m);
        return m;
    }
};

struct Want {
    bool pf;
    unsigned pf_port;
    uint64_t vfs;
    bool wire;
    bool unicast;
};

void expect(const inic::DestSet &d, const Want &w, const char *what)
{
    EXPECT_EQ(d.pf, w.pf) << what;
    if (w.pf) {
        EXPECT_EQ(d.pf_port, w.pf_port) << what;
    }
    EXPECT_EQ(d.vfs, w.vfs) << what;
    EXPECT_EQ(d.wire, w.wire) << what;
    EXPECT_EQ(d.unicast, w.unicast) << what;
}

constexpr unsigned W = inic::FROM_WIRE;
constexpr unsigned PF = 0;
constexpr unsigned VF(unsigned v) { return v + 1; }

TEST_F(Dests, Table)
{
    const std::vector<uint8_t> runt(10, 0xff);
    const struct {
        const char *what;
        unsigned from, port;
        std::vector<uint8_t> fr;
        Want want;
    } cases[] = {
        /* From the wire. */
        { "wire: VF 1's MAC", W, 0, to(vmac(1)), { false, 0, 0x2, false, true } },
        { "wire: VF 0's MAC outside its VLAN", W, 0, to(vmac(0)),
          { true, 0, 0x4, false, true } },
        { "wire: VF 0's MAC in VLAN 10", W, 0, to(vmac(0), 10),
          { false, 0, 0x1, false, true } },
        { "wire: PF station MAC", W, 0, to(MAC0), { true, 0, 0, false, true } },
        { "wire: PF UC table MAC", W, 0, to(PF_UC), { true, 0, 0, false, true } },
        { "wire: unknown unicast", W, 0, to(PEER), { true, 0, 0x4, false, true } },
        { "wire: broadcast", W, 0, to(BCAST), { true, 0, 0x6, false, false } },
        { "wire: broadcast VLAN 10", W, 0, to(BCAST, 10),
          { true, 0, 0x7, false, false } },
        { "wire: broadcast VLAN 20", W, 0, to(BCAST, 20),
          { true, 0, 0x6, false, false } },
        { "wire: runt", W, 0, runt, { true, 0, 0, false, false } },
        { "wire: broadcast port 1", W, 1, to(BCAST), { true, 1, 0x8, false, false } },
        /* From the PF. */
        { "PF: VF 1's MAC", PF, 0, to(vmac(1)), { false, 0, 0x2, false, true } },
        { "PF: unknown unicast", PF, 0, to(PEER), { false, 0, 0, true, true } },
        { "PF: its own MAC", PF, 0, to(MAC0), { false, 0, 0, true, true } },
        { "PF: broadcast", PF, 0, to(BCAST), { false, 0, 0x6, true, false } },
        { "PF: runt", PF, 0, runt, { false, 0, 0, true, false } },
        /* From VF 1. */
        { "VF 1: PF station MAC", VF(1), 0, to(MAC0), { true, 0, 0, false, true } },
        { "VF 1: PF UC MAC", VF(1), 0, to(PF_UC), { true, 0, 0, false, true } },
        { "VF 1: its own MAC", VF(1), 0, to(vmac(1)), { false, 0, 0, true, true } },
        { "VF 1: VF 2's MAC", VF(1), 0, to(vmac(2)), { false, 0, 0x4, false, true } },
        { "VF 1: VF 3's MAC (port 1)", VF(1), 0, to(vmac(3)),
          { false, 0, 0, true, true } },
        { "VF 1: unknown unicast", VF(1), 0, to(PEER), { false, 0, 0, true, true } },
        { "VF 1: broadcast", VF(1), 0, to(BCAST), { true, 0, 0x4, true, false } },
        { "VF 0: broadcast in its VLAN", VF(0), 0, to(BCAST, 10),
          { true, 0, 0x6, true, false } },
        { "VF 1: runt", VF(1), 0, runt, { false, 0, 0, true, false } },
    };
    for (const auto &k : cases) {
        expect(dests(k.from, k.port, k.fr), k.want, k.what);
    }
}

TEST_F(Dests, LinkDown)
{
    inic_core_set_link(c, 0, false);
    /* From the wire, without link: the PF alone (it counts the drop). */
    expect(dests(W, 0, to(vmac(1))), { false, 0, 0, false, true }, "VF MAC");
    expect(dests(W, 0, to(PEER)), { true, 0, 0, false, true }, "unknown");
    expect(dests(W, 0, to(BCAST)), { true, 0, 0, false, false }, "bcast");
    /* Functions switch inside the NIC whatever the link. */
    expect(dests(VF(1), 0, to(vmac(2))), { false, 0, 0x4, false, true },
           "VF to VF");
    expect(dests(VF(1), 0, to(BCAST)), { true, 0, 0x4, true, false },
           "VF bcast");
}

TEST_F(Dests, LagGroup)
{
    wr(L + INIC_LAG_MODE, INIC_LAG_MODE_ACTIVE_BACKUP);
    wr(L + INIC_LAG_MEMBERS, 3);
    wr(L + INIC_LAG_PRIMARY, 0);
    wr(L + INIC_LAG_CTRL, INIC_LAG_CTRL_ENABLE);
    ASSERT_EQ(rd(L + INIC_LAG_CTRL), INIC_LAG_CTRL_ENABLE);
    ASSERT_EQ(rd(L + INIC_LAG_ACTIVE), 0u);

    /* A member's frame is the group's: the PF on the active port. */
    expect(dests(W, 1, to(BCAST)), { true, 0, 0xe, false, false },
           "bcast on port 1");
    expect(dests(W, 1, to(vmac(1))), { false, 0, 0x2, false, true },
           "port 0's VF via port 1");
    expect(dests(W, 1, to(MAC0)), { true, 0, 0, false, true },
           "PF MAC via port 1");
    expect(dests(VF(3), 1, to(vmac(1))), { false, 0, 0x2, false, true },
           "VF 3 to VF 1 across members");
    expect(dests(VF(3), 1, to(MAC0)), { true, 0, 0, false, true },
           "VF 3 to the PF's port 0 MAC");

    /* VF 1 pinned: only frames of its own port reach it. */
    wr(L + INIC_LAG_VF_PIN, 1u << 1);
    expect(dests(W, 1, to(BCAST)), { true, 0, 0xc, false, false },
           "bcast on port 1, VF 1 pinned");
    expect(dests(W, 0, to(BCAST)), { true, 0, 0xe, false, false },
           "bcast on port 0, VF 1 pinned");
    expect(dests(W, 1, to(vmac(1))), { true, 0, 0x4, false, true },
           "VF 1's MAC via port 1, pinned: unknown there");
    /* A pinned sender's domain is its own port. */
    expect(dests(VF(1), 0, to(vmac(3))), { false, 0, 0, true, true },
           "pinned VF 1 to VF 3");

    /* The PF pinned: it takes a member's frames on that member. */
    wr(L + INIC_LAG_PF_PIN, 1);
    expect(dests(W, 1, to(BCAST)), { true, 1, 0xc, false, false },
           "bcast on port 1, PF pinned");
}

/*
 * A broadcast the PF's ring cannot take yet is held (receive returns 0)
 * and no VF has it; when it comes back and the PF takes it, every VF
 * gets it once.
 */
TEST_F(Dests, HeldFrameReachesVfsWithThePf)
{
    rx_setup();     /* PF RX ring 0, no buffer posted */
    for (unsigned v = 0; v < 3; v++) {
        vf_up(v);
    }
    const auto fr = to(BCAST);
    EXPECT_EQ(rx(0, fr), 0u);
    EXPECT_EQ(rx(0, fr), 0u);
    for (unsigned v = 0; v < 3; v++) {
        EXPECT_EQ(vf_rx_count(v), 0u) << v;
    }
    for (unsigned i = 0; i < 4; i++) {
        rxd(0x20000, i, 0x40000 + 2048 * i, 2048);
    }
    wr(rr(0, true, INIC_RR_TAIL), 4);
    EXPECT_EQ(rx(0, fr), 60u);
    EXPECT_EQ(rd(rr(0, true, INIC_RR_HEAD)), 1u);
    EXPECT_EQ(vf_rx_count(0), 0u);      /* port VLAN 10: not its VLAN */
    EXPECT_EQ(vf_rx_count(1), 1u);
    EXPECT_EQ(vf_rx_count(2), 1u);
    EXPECT_EQ(vstat(1, INIC_VSTAT_RX_PKTS), 1u);
}

/*
 * 1.6: VNICs in the decision. VNIC 0 (VN0) on port 0, VNIC 1 (VN1) on
 * port 0 in VLAN 10, VNIC 2 on port 1 with VN0's MAC, VNIC 3 a mirror.
 */
TEST_F(Dests, Vnics)
{
    static constexpr uint8_t VN0[6] = { 0x02, 0x33, 0, 0, 0, 1 };
    static constexpr uint8_t VN1[6] = { 0x02, 0x33, 0, 0, 0, 2 };
    auto vnic = [&](unsigned n, unsigned port, const uint8_t *m,
                    unsigned ring, uint32_t vlan, uint32_t ctrl) {
        const uint64_t b = INIC_VNIC_BASE(n);
        wr(b + INIC_VNIC_PORT, port);
        wr(b + INIC_VNIC_MAC_LO, m[0] | m[1] << 8 | m[2] << 16 |
                                 (uint32_t)m[3] << 24);
        wr(b + INIC_VNIC_MAC_HI, m[4] | m[5] << 8);
        wr(b + INIC_VNIC_VLAN, vlan);
        wr(b + INIC_VNIC_RING_BASE, ring);
        wr(b + INIC_VNIC_CTRL, ctrl);
        ASSERT_EQ(rd(b + INIC_VNIC_CTRL), ctrl);
    };
    vnic(0, 0, VN0, 2, 0, INIC_VNIC_CTRL_ENABLE);
    vnic(1, 0, VN1, 3, 10, INIC_VNIC_CTRL_ENABLE);
    vnic(2, 1, VN0, 6, 0, INIC_VNIC_CTRL_ENABLE);
    wr(INIC_VNIC_BASE(3) + INIC_VNIC_MIRROR,
       INIC_VNIC_MIR(INIC_VNIC_MIR_VNIC, 0));
    vnic(3, 0, PEER, 7, 0, INIC_VNIC_CTRL_ENABLE | INIC_VNIC_CTRL_MIRROR);

    auto from_vnic = [&](unsigned n, unsigned port,
                         const std::vector<uint8_t> &fr) {
        inic::RxCtx cx;
        cx.buf = fr.data();
        cx.len = fr.size();
        cx.port = port;
        cx.local = true;
        cx.src_vnic = (int)n;
        return inic::core_of(c).sw_dests(PF, cx);
    };
    const struct {
        const char *what;
        inic::DestSet d;
        bool pf;
        uint64_t vfs, vnics;
        bool wire;
    } cases[] = {
        { "wire: VN0", dests(W, 0, to(VN0)), false, 0, 0x1, false },
        { "wire port 1: VN0's MAC is VNIC 2's", dests(W, 1, to(VN0)),
          false, 0, 0x4, false },
        { "wire: VN1 untagged, not its VLAN", dests(W, 0, to(VN1)),
          true, 0x4, 0, false },
        { "wire: VN1 in VLAN 10", dests(W, 0, to(VN1, 10)), false, 0, 0x2,
          false },
        { "wire: mirror's MAC is nobody's", dests(W, 0, to(PEER)),
          true, 0x4, 0, false },
        { "wire: broadcast", dests(W, 0, to(BCAST)), true, 0x6, 0x1, false },
        { "wire: broadcast VLAN 10", dests(W, 0, to(BCAST, 10)), true, 0x7,
          0x3, false },
        { "PF: VN0", dests(PF, 0, to(VN0)), false, 0, 0x1, false },
        { "VF 1: VN0", dests(VF(1), 0, to(VN0)), false, 0, 0x1, false },
        { "VN0: VF 1", from_vnic(0, 0, to(vmac(1))), false, 0x2, 0, false },
        { "VN0: PF station MAC", from_vnic(0, 0, to(MAC0)), true, 0, 0,
          false },
        { "VN0: its own MAC", from_vnic(0, 0, to(VN0)), false, 0, 0, true },
        { "VN0: VN1 in VLAN 10", from_vnic(0, 0, to(VN1, 10)), false, 0,
          0x2, false },
        { "VN0: unknown", from_vnic(0, 0, to(PEER)), false, 0, 0, true },
        { "VN0: broadcast", from_vnic(0, 0, to(BCAST)), true, 0x6, 0, true },
    };
    for (const auto &k : cases) {
        EXPECT_EQ(k.d.pf, k.pf) << k.what;
        EXPECT_EQ(k.d.vfs, k.vfs) << k.what;
        EXPECT_EQ(k.d.vnics, k.vnics) << k.what;
        EXPECT_EQ(k.d.wire, k.wire) << k.what;
    }
    /* Disabled: gone from the switch at once. */
    wr(INIC_VNIC_BASE(0) + INIC_VNIC_CTRL, 0);
    EXPECT_EQ(dests(W, 0, to(VN0)).vnics, 0u);
    EXPECT_TRUE(dests(W, 0, to(VN0)).pf);
}

} /* namespace */
