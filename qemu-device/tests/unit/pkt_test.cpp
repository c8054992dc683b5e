// SPDX-License-Identifier: GPL-2.0-or-later
//
// Unit tests of the packet helpers (inic_pkt.cpp).
// Through the core's C API, with the fake host of fake_host.h.

#include "fake_host.h"

TEST(Pkt, ToeplitzMatchesMicrosoftVerificationSuite)
{
    /* Default key, vectors of Microsoft's RSS verification suite. */
    const uint8_t key[40] = {
        0x6d, 0x5a, 0x56, 0xda, 0x25, 0x5b, 0x0e, 0xc2, 0x41, 0x67,
        0x25, 0x3d, 0x43, 0xa3, 0x8f, 0xb0, 0xd0, 0xca, 0x2b, 0xcb,
        0xae, 0x7b, 0x30, 0xb4, 0x77, 0xcb, 0x2d, 0xa3, 0x80, 0x30,
        0xf2, 0x0c, 0x6a, 0x42, 0xb7, 0x3b, 0xbe, 0xac, 0x01, 0xfa,
    };
    struct V4 {
        uint8_t src[4];
        uint16_t sport;
        uint8_t dst[4];
        uint16_t dport;
        uint32_t h2, h4;
    } v4[] = {
        { { 66, 9, 149, 187 }, 2794, { 161, 142, 100, 80 }, 1766,
          0x323e8fc2, 0x51ccc178 },
        { { 199, 92, 111, 2 }, 14230, { 65, 69, 140, 83 }, 4739,
          0xd718262a, 0xc626b0ea },
        { { 24, 19, 198, 95 }, 12898, { 12, 22, 207, 184 }, 38024,
          0xd2d0a5de, 0x5c2b394a },
        { { 38, 27, 205, 30 }, 48228, { 209, 142, 163, 6 }, 2217,
          0x82989176, 0xafc7327f },
        { { 153, 39, 163, 191 }, 44251, { 202, 188, 127, 2 }, 1303,
          0x5d1809c5, 0x10e828a2 },
    };
    for (auto &v : v4) {
        uint8_t in[12];
        memcpy(in, v.src, 4);
        memcpy(in + 4, v.dst, 4);
        inic::put_be16(in + 8, v.sport);
        inic::put_be16(in + 10, v.dport);
        EXPECT_EQ(inic::toeplitz(key, 40, in, 8), v.h2);
        EXPECT_EQ(inic::toeplitz(key, 40, in, 12), v.h4);
    }
    uint8_t in[36];
    memcpy(in, V6SRC, 16);
    memcpy(in + 16, V6DST, 16);
    inic::put_be16(in + 32, 2794);
    inic::put_be16(in + 34, 1766);
    EXPECT_EQ(inic::toeplitz(key, 40, in, 32), 0x2cc18cd5u);
    EXPECT_EQ(inic::toeplitz(key, 40, in, 36), 0x40207d3du);
    /* ether_crc_le of 01:00:5e:00:00:01 (Linux's ether_crc_le). */
    const uint8_t mc[6] = { 0x01, 0x00, 0x5e, 0x00, 0x00, 0x01 };
    EXPECT_EQ(inic::ether_crc_le(mc, 6), 0xd9b4c5feu);
}
