/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * inic device model: the TOE connection handoff engine (ABI 1.7). A plain
 * object, no Core: the listener table, the engine's configuration and
 * counters, and the stateless SYN cookie (make, check) with the TCP
 * option parser it needs. Core (inic_toe.cpp) owns the register block,
 * the receive hook, and the SYN-ACK queue the TX engine drains.
 * hw-reference.rst "TOE connection handoff" is the contract.
 */
#ifndef INIC_TOE_H
#define INIC_TOE_H

#include <array>
#include <cstddef>
#include <cstdint>

#include "inic_hw.h"

namespace inic {

/* The connection a segment belongs to, seen from the client. */
struct ToeTuple {
    bool v6 = false;
    uint8_t saddr[16] = {};     /* client (IPv4: bytes 0-3, rest 0) */
    uint8_t daddr[16] = {};     /* the listener's address */
    uint16_t sport = 0;         /* client port */
    uint16_t dport = 0;         /* listener port */
};

/* What a TCP header's options say (bounded parse). */
struct TcpOpts {
    bool mss_ok = false;
    uint16_t mss = 0;
    bool ws_ok = false;
    uint8_t ws = 0;
    bool sack_ok = false;
    bool ts_ok = false;
    uint32_t tsval = 0, tsecr = 0;
    bool forbidden = false;     /* MD5, AO, MPTCP or Fast Open */
    bool malformed = false;     /* an option runs past the header */
};
void tcp_opts_parse(const uint8_t *opt, size_t len, TcpOpts *o);

/* SipHash-2-4 of m under a 128-bit key (our own implementation). */
uint64_t siphash24(const uint32_t key[4], const uint8_t *m, size_t len);

/*
 * The cookie's option bits (hw-reference "SYN cookie"): with timestamps,
 * bit 6 set and bits 5:0 as Linux's syncookies keep them in the low bits
 * of TSval (3:0 the client's window scale, 0xf none; 4 SACK; 5 ECN);
 * without timestamps 0x0f (nothing negotiated).
 */
constexpr uint8_t TOE_OPT_WS_MASK = 0x0f;
constexpr uint8_t TOE_OPT_WS_NONE = 0x0f;
constexpr uint8_t TOE_OPT_SACK = 0x10;
constexpr uint8_t TOE_OPT_ECN = 0x20;
constexpr uint8_t TOE_OPT_TS = 0x40;
constexpr uint8_t TOE_OPTS_NONE = TOE_OPT_WS_NONE;

/* MSS the cookie can carry (2-bit index): as Linux's msstab tables. */
extern const uint16_t toe_msstab4[4];
extern const uint16_t toe_msstab6[4];
/* The index of the largest entry not above the client's MSS. */
unsigned toe_mss_index(bool v6, bool mss_ok, uint16_t mss);

/* Cookie layout: 31:30 time counter bits 1:0, 29:28 MSS index, 27:0 hash. */
uint32_t toe_cookie(const uint32_t key[4], uint32_t t, const ToeTuple &tu,
                    uint32_t client_isn, unsigned mss_idx, uint8_t opts);

enum class CookieRes {
    Valid,      /* made in this counter period or the one before */
    Stale,      /* made 2 or 3 periods ago: a replay after the window */
    Bad,        /* not a cookie of this tuple, ISN and options */
};
CookieRes toe_cookie_check(const uint32_t key[4], uint32_t now,
                           const ToeTuple &tu, uint32_t client_isn,
                           uint32_t cookie, uint8_t opts, unsigned *mss_idx);

class Toe {
public:
    struct Listener {
        std::array<uint8_t, 16> addr{};
        uint32_t ctrl = 0;      /* INIC_TOE_LSN_* */
    };

    /* Configuration to defaults (counters too when full). */
    void reset(unsigned nports, bool full);

    /* Register writes in the block: false if refused (state unchanged). */
    bool write(uint32_t off, uint32_t val);
    /* Register reads of the 32-bit registers; false: not one. */
    bool read(uint32_t off, uint64_t now_ns, uint32_t *val) const;

    bool enabled() const { return ctrl_ & INIC_TOE_CTRL_ENABLE; }
    uint32_t ctrl() const { return ctrl_; }
    uint32_t wscale() const { return wscale_; }
    uint32_t window() const { return window_; }
    const uint32_t *key() const { return secret_.data(); }
    /* The time counter at virtual time now_ns. */
    uint32_t time(uint64_t now_ns) const;
    /* The enabled listener on physical port p for tu, or nullptr. */
    const Listener *match(unsigned p, const ToeTuple &tu) const;
    /* Are the option bits of a cookie something the device may grant? */
    bool opts_allowed(uint8_t opts) const;

    /* Counters, per physical port. */
    uint32_t refused = 0;
    std::array<std::array<uint64_t, INIC_TOE_STAT__COUNT>, INIC_MAX_PORTS>
        stats{};

private:
    bool lsn_write(unsigned i, uint32_t r, uint32_t val);

    unsigned nports_ = 0;
    uint32_t ctrl_ = 0;
    uint32_t wscale_ = INIC_TOE_WSCALE_DEFAULT;
    uint32_t window_ = INIC_TOE_WINDOW_DEFAULT;
    uint32_t period_ = INIC_TOE_PERIOD_DEFAULT;
    std::array<uint32_t, 4> secret_{};
    std::array<Listener, INIC_TOE_LISTENERS> lsn_{};
};

} /* namespace inic */

#endif /* INIC_TOE_H */
