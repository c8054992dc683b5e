/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * inic device model: TOE connection handoff (ABI 1.7). The engine's
 * decisions (class Toe: listeners, configuration, the stateless SYN
 * cookie and the TCP option parser) and Core's side of it: the register
 * block at 0x7900, its counters, the receive hook that answers SYNs for
 * registered listeners and marks the ACK that returns a valid cookie
 * (STA_TOE with the negotiated parameters), and the SYN-ACK queue the TX
 * engine drains. No per-connection state anywhere: a SYN costs one hash
 * and one queued frame, an ACK one or two hashes.
 * hw-reference.rst "TOE connection handoff" is the contract.
 */
#include "inic_core.h"
#include "inic_core_int.h"
#include "inic_toe.h"

#include <cstring>

namespace inic {

/* ---- SipHash-2-4 ---- */

static inline uint64_t rotl64(uint64_t x, unsigned b)
{
    return (x << b) | (x >> (64 - b));
}

struct SipState {
    uint64_t v0, v1, v2, v3;

    void round()
    {
        v0 += v1;
        v1 = rotl64(v1, 13);
        v1 ^= v0;
        v0 = rotl64(v0, 32);
        v2 += v3;
        v3 = rotl64(v3, 16);
        v3 ^= v2;
        v0 += v3;
        v3 = rotl64(v3, 21);
        v3 ^= v0;
        v2 += v1;
        v1 = rotl64(v1, 17);
        v1 ^= v2;
        v2 = rotl64(v2, 32);
    }
    void block(uint64_t m)
    {
        v3 ^= m;
        round();
        round();
        v0 ^= m;
    }
};

uint64_t siphash24(const uint32_t key[4], const uint8_t *m, size_t len)
{
    const uint64_t k0 = key[0] | ((uint64_t)key[1] << 32);
    const uint64_t k1 = key[2] | ((uint64_t)key[3] << 32);
    SipState s = { k0 ^ 0x736f6d6570736575ull, k1 ^ 0x646f72616e646f6dull,
                   k0 ^ 0x6c7967656e657261ull, k1 ^ 0x7465646279746573ull };
    size_t i = 0;

    for (; i + 8 <= len; i += 8) {
        s.block(ld64(m + i));
    }
    uint64_t last = (uint64_t)(len & 0xff) << 56;
    for (unsigned k = 0; i + k < len; k++) {
        last |= (uint64_t)m[i + k] << (8 * k);
    }
    s.block(last);
    s.v2 ^= 0xff;
    for (int r = 0; r < 4; r++) {
        s.round();
    }
    return s.v0 ^ s.v1 ^ s.v2 ^ s.v3;
}

/* ---- TCP options ---- */

enum : uint8_t {
    TCPOPT_EOL = 0, TCPOPT_NOP = 1, TCPOPT_MSS = 2, TCPOPT_WS = 3,
    TCPOPT_SACK_PERM = 4, TCPOPT_TS = 8, TCPOPT_MD5 = 19, TCPOPT_AO = 29,
    TCPOPT_MPTCP = 30, TCPOPT_FASTOPEN = 34, TCPOPT_EXP = 254,
};
constexpr uint16_t TCPOPT_FASTOPEN_MAGIC = 0xf989;

void tcp_opts_parse(const uint8_t *opt, size_t len, TcpOpts *o)
{
    *o = TcpOpts();
    size_t i = 0;
    while (i < len) {
        const uint8_t kind = opt[i];
        if (kind == TCPOPT_EOL) {
            break;
        }
        if (kind == TCPOPT_NOP) {
            i++;
            continue;
        }
        if (i + 2 > len || opt[i + 1] < 2 || i + opt[i + 1] > len) {
            o->malformed = true;
            return;
        }
        const uint8_t olen = opt[i + 1];
        const uint8_t *v = opt + i + 2;
        switch (kind) {
        case TCPOPT_MSS:
            if (olen == 4) {
                o->mss_ok = true;
                o->mss = be16(v);
            }
            break;
        case TCPOPT_WS:
            if (olen == 3) {
                o->ws_ok = true;
                o->ws = v[0] > INIC_TOE_WSCALE_MAX ? INIC_TOE_WSCALE_MAX
                                                   : v[0];
            }
            break;
        case TCPOPT_SACK_PERM:
            if (olen == 2) {
                o->sack_ok = true;
            }
            break;
        case TCPOPT_TS:
            if (olen == 10) {
                o->ts_ok = true;
                o->tsval = be32(v);
                o->tsecr = be32(v + 4);
            }
            break;
        case TCPOPT_MD5:
        case TCPOPT_AO:
        case TCPOPT_MPTCP:
        case TCPOPT_FASTOPEN:
            o->forbidden = true;
            break;
        case TCPOPT_EXP:
            if (olen >= 4 && be16(v) == TCPOPT_FASTOPEN_MAGIC) {
                o->forbidden = true;
            }
            break;
        }
        i += olen;
    }
}

/* ---- The SYN cookie ---- */

const uint16_t toe_msstab4[4] = { 536, 1300, 1440, 1460 };
const uint16_t toe_msstab6[4] = { 1220, 1420, 1440, 8940 };

unsigned toe_mss_index(bool v6, bool mss_ok, uint16_t mss)
{
    const uint16_t *tab = v6 ? toe_msstab6 : toe_msstab4;
    if (!mss_ok) {
        return 0;   /* RFC 9293 default: 536 (IPv4), 1220 (IPv6) */
    }
    for (unsigned i = 3; i > 0; i--) {
        if (mss >= tab[i]) {
            return i;
        }
    }
    return 0;
}

/* The keyed hash of a cookie (hw-reference "SYN cookie": the input). */
static uint32_t toe_hash(const uint32_t key[4], uint32_t t, const ToeTuple &tu,
                         uint32_t client_isn, unsigned mss_idx, uint8_t opts)
{
    uint8_t m[48] = {};
    st32_bytes(m, t);
    memcpy(m + 4, tu.saddr, 16);
    memcpy(m + 20, tu.daddr, 16);
    put_be16(m + 36, tu.sport);
    put_be16(m + 38, tu.dport);
    put_be32(m + 40, client_isn);
    m[44] = (uint8_t)mss_idx;
    m[45] = opts;
    m[46] = tu.v6 ? 6 : 4;
    return (uint32_t)siphash24(key, m, sizeof(m));
}

uint32_t toe_cookie(const uint32_t key[4], uint32_t t, const ToeTuple &tu,
                    uint32_t client_isn, unsigned mss_idx, uint8_t opts)
{
    return ((t & 3u) << 30) | ((mss_idx & 3u) << 28) |
           (toe_hash(key, t, tu, client_isn, mss_idx & 3, opts) & 0x0fffffffu);
}

CookieRes toe_cookie_check(const uint32_t key[4], uint32_t now,
                           const ToeTuple &tu, uint32_t client_isn,
                           uint32_t cookie, uint8_t opts, unsigned *mss_idx)
{
    const unsigned age = (now - (cookie >> 30)) & 3u;
    const uint32_t t = now - age;
    const unsigned idx = (cookie >> 28) & 3u;

    if (toe_cookie(key, t, tu, client_isn, idx, opts) != cookie) {
        return CookieRes::Bad;
    }
    *mss_idx = idx;
    return age < 2 ? CookieRes::Valid : CookieRes::Stale;
}

/* ---- The engine (no Core) ---- */

void Toe::reset(unsigned nports, bool full)
{
    nports_ = nports;
    ctrl_ = 0;
    wscale_ = INIC_TOE_WSCALE_DEFAULT;
    window_ = INIC_TOE_WINDOW_DEFAULT;
    period_ = INIC_TOE_PERIOD_DEFAULT;
    secret_.fill(0);
    lsn_.fill(Listener{});
    if (full) {
        refused = 0;
        for (auto &s : stats) {
            s.fill(0);
        }
    }
}

uint32_t Toe::time(uint64_t now_ns) const
{
    return (uint32_t)(now_ns / ((uint64_t)period_ * 1000000));
}

bool Toe::lsn_write(unsigned i, uint32_t r, uint32_t val)
{
    Listener &l = lsn_[i];

    if (r < INIC_TOE_LSN_CTRL) {
        st32_bytes(l.addr.data() + r, val);
        return true;
    }
    if (r != INIC_TOE_LSN_CTRL) {
        return false;
    }
    if (val & ~INIC_TOE_LSN_ALL) {
        return false;
    }
    if ((val & INIC_TOE_LSN_ENABLE) &&
        (!(val & INIC_TOE_LSN_TCP_MASK) ||
         ((val & INIC_TOE_LSN_PORT_MASK) >> INIC_TOE_LSN_PORT_SHIFT) >=
             nports_)) {
        return false;   /* TCP port 0, or a port the device lacks */
    }
    l.ctrl = val;
    return true;
}

bool Toe::write(uint32_t off, uint32_t val)
{
    if (off >= INIC_TOE_LSN(0) && off < INIC_TOE_LSN(INIC_TOE_LISTENERS)) {
        const uint32_t r = (off - INIC_TOE_LSN(0)) % 0x20;
        return lsn_write((off - INIC_TOE_LSN(0)) / 0x20, r, val);
    }
    if (off >= INIC_TOE_SECRET(0) && off < INIC_TOE_SECRET(4)) {
        secret_[(off - INIC_TOE_SECRET(0)) / 4] = val;
        return true;
    }
    switch (off) {
    case INIC_TOE_CTRL:
        if (val & ~INIC_TOE_CTRL_ALL) {
            return false;
        }
        ctrl_ = val;
        return true;
    case INIC_TOE_WSCALE:
        if (val > INIC_TOE_WSCALE_MAX) {
            return false;
        }
        wscale_ = val;
        return true;
    case INIC_TOE_WINDOW:
        if (!val || val > 0xffff) {
            return false;
        }
        window_ = val;
        return true;
    case INIC_TOE_PERIOD:
        if (!val || val > INIC_TOE_PERIOD_MAX) {
            return false;
        }
        period_ = val;
        return true;
    default:
        return false;
    }
}

bool Toe::read(uint32_t off, uint64_t now_ns, uint32_t *val) const
{
    if (off >= INIC_TOE_LSN(0) && off < INIC_TOE_LSN(INIC_TOE_LISTENERS)) {
        const Listener &l = lsn_[(off - INIC_TOE_LSN(0)) / 0x20];
        const uint32_t r = (off - INIC_TOE_LSN(0)) % 0x20;
        if (r < INIC_TOE_LSN_CTRL) {
            *val = ld32_bytes(l.addr.data() + r);
            return true;
        }
        if (r == INIC_TOE_LSN_CTRL) {
            *val = l.ctrl;
            return true;
        }
        return false;
    }
    if (off >= INIC_TOE_SECRET(0) && off < INIC_TOE_SECRET(4)) {
        *val = 0;   /* write-only */
        return true;
    }
    switch (off) {
    case INIC_TOE_CTRL:
        *val = ctrl_;
        return true;
    case INIC_TOE_WSCALE:
        *val = wscale_;
        return true;
    case INIC_TOE_WINDOW:
        *val = window_;
        return true;
    case INIC_TOE_PERIOD:
        *val = period_;
        return true;
    case INIC_TOE_TIME:
        *val = time(now_ns);
        return true;
    case INIC_TOE_NUM_LISTENERS:
        *val = INIC_TOE_LISTENERS;
        return true;
    case INIC_TOE_REFUSED:
        *val = refused;
        return true;
    default:
        return false;
    }
}

const Toe::Listener *Toe::match(unsigned p, const ToeTuple &tu) const
{
    for (const Listener &l : lsn_) {
        const uint32_t c = l.ctrl;
        if (!(c & INIC_TOE_LSN_ENABLE) ||
            ((c & INIC_TOE_LSN_PORT_MASK) >> INIC_TOE_LSN_PORT_SHIFT) != p ||
            (c & INIC_TOE_LSN_TCP_MASK) != tu.dport ||
            !!(c & INIC_TOE_LSN_IPV6) != tu.v6) {
            continue;
        }
        if ((c & INIC_TOE_LSN_ANY) ||
            !memcmp(l.addr.data(), tu.daddr, tu.v6 ? 16 : 4)) {
            return &l;
        }
    }
    return nullptr;
}

bool Toe::opts_allowed(uint8_t opts) const
{
    if (!(opts & TOE_OPT_TS)) {
        return opts == TOE_OPTS_NONE;
    }
    const unsigned ws = opts & TOE_OPT_WS_MASK;
    if (!(ctrl_ & INIC_TOE_CTRL_TS) ||
        (ws != TOE_OPT_WS_NONE &&
         (ws > INIC_TOE_WSCALE_MAX || !(ctrl_ & INIC_TOE_CTRL_WSCALE))) ||
        ((opts & TOE_OPT_SACK) && !(ctrl_ & INIC_TOE_CTRL_SACK)) ||
        ((opts & TOE_OPT_ECN) && !(ctrl_ & INIC_TOE_CTRL_ECN))) {
        return false;
    }
    return true;
}

/* ---- Core: register block ---- */

void Core::toe_reset(bool full)
{
    toe_.reset(num_ports_, full);
    toe_q_.clear();
}

uint64_t Core::now_ns() const
{
    return cb_.clock_ns ? cb_.clock_ns(cb_.opaque) : 0;
}

bool Core::toe_counter(uint64_t off, uint64_t *val)
{
    const uint64_t first = INIC_TOE_STAT(0, 0);
    if (off < first || off >= INIC_TOE_STAT(num_ports_, 0)) {
        return false;
    }
    const unsigned p = (unsigned)((off - first) / 0x40);
    const unsigned s = (unsigned)((off - first) % 0x40) / 8;
    if (s >= INIC_TOE_STAT__COUNT) {
        return false;
    }
    *val = toe_.stats[p][s];
    return true;
}

bool Core::toe_blk_read(unsigned, uint32_t off, uint32_t *val)
{
    return toe_.read(off, now_ns(), val);
}

bool Core::toe_blk_write(unsigned, uint32_t off, uint32_t val)
{
    uint32_t dummy;

    if (!toe_.read(off, 0, &dummy)) {
        return false;   /* not a register: BAD_REG */
    }
    if (off == INIC_TOE_TIME || off == INIC_TOE_NUM_LISTENERS ||
        off == INIC_TOE_REFUSED) {
        return true;    /* read-only: ignored */
    }
    if (!toe_.write(off, val)) {
        toe_.refused++;
        error(INIC_ERR_BAD_VALUE, INIC_TOE_BASE + off);
    }
    return true;
}

/* ---- Core: the receive hook ---- */

/* Does the TCP segment in buf (parsed as pi) carry correct checksums? */
static bool tcp_csum_ok(const uint8_t *buf, const PktInfo &pi)
{
    if (pi.l3 == 4 &&
        csum_finish(csum_add(0, buf + pi.l3_off, pi.l3_hdr_len)) != 0) {
        return false;
    }
    const uint32_t l4_len = pi.l3_end - pi.l4_off;
    uint64_t sum = csum_pseudo(buf, pi, IPPROTO_TCP_, l4_len);
    sum = csum_add(sum, buf + pi.l4_off, l4_len);
    return csum_finish(sum) == 0;
}

/*
 * A SYN-ACK for the SYN in buf (parsed as pi, tuple tu, options o) from
 * the PF's endpoint ep, queued to leave on port p; false if it cannot.
 */
bool Core::toe_synack(unsigned p, unsigned ep, const uint8_t *buf,
                      const PktInfo &pi, const ToeTuple &tu, const TcpOpts &o)
{
    if (!ports_[p].link_up || !(pf_eps_[ep].ctrl & INIC_PORT_CTRL_TX_EN) ||
        !(pf_eps_[ep].ctrl & INIC_PORT_CTRL_RX_EN) ||
        toe_q_.size() >= TOE_QUEUE_MAX) {
        return false;   /* checked first: a flood costs no hashing here */
    }
    const uint8_t *tcp = buf + pi.l4_off;
    const uint32_t ctrl = toe_.ctrl();
    const uint64_t now = now_ns();
    const uint32_t t = toe_.time(now);

    /* What the device grants: Linux's syncookie rules. */
    uint8_t opts = TOE_OPTS_NONE;
    const bool ts = o.ts_ok && (ctrl & INIC_TOE_CTRL_TS);
    const bool ecn = (tcp[13] & 0xc0) == 0xc0 && (ctrl & INIC_TOE_CTRL_ECN);
    if (ts) {
        opts = TOE_OPT_TS;
        opts |= (o.ws_ok && (ctrl & INIC_TOE_CTRL_WSCALE)) ? o.ws
                                                           : TOE_OPT_WS_NONE;
        if (o.sack_ok && (ctrl & INIC_TOE_CTRL_SACK)) {
            opts |= TOE_OPT_SACK;
        }
        if (ecn) {
            opts |= TOE_OPT_ECN;
        }
    }
    const unsigned idx = toe_mss_index(tu.v6, o.mss_ok, o.mss);
    const uint32_t client_isn = be32(tcp + 4);
    const uint32_t cookie = toe_cookie(toe_.key(), t, tu, client_isn, idx,
                                       opts);

    /* Options: MSS, SACK-permitted + timestamps, window scale. */
    uint8_t op[20];
    size_t ol = 0;
    const unsigned hdrs = tu.v6 ? 60 : 40;
    const uint32_t mtu = pf_eps_[ep].mtu;
    const uint16_t mss = (uint16_t)(mtu > hdrs ? mtu - hdrs : 536);
    op[ol++] = TCPOPT_MSS;
    op[ol++] = 4;
    put_be16(op + ol, mss);
    ol += 2;
    if (ts) {
        uint32_t ms = (uint32_t)(now / 1000000);
        uint32_t tsval = (ms & ~0x3fu) | (opts & 0x3f);
        if ((int32_t)(tsval - ms) > 0) {
            tsval -= 64;    /* never ahead of the clock (as Linux) */
        }
        if (opts & TOE_OPT_SACK) {
            op[ol++] = TCPOPT_SACK_PERM;
            op[ol++] = 2;
        } else {
            op[ol++] = TCPOPT_NOP;
            op[ol++] = TCPOPT_NOP;
        }
        op[ol++] = TCPOPT_TS;
        op[ol++] = 10;
        put_be32(op + ol, tsval);
        put_be32(op + ol + 4, o.tsval);
        ol += 8;
        if ((opts & TOE_OPT_WS_MASK) != TOE_OPT_WS_NONE) {
            op[ol++] = TCPOPT_NOP;
            op[ol++] = TCPOPT_WS;
            op[ol++] = 3;
            op[ol++] = (uint8_t)toe_.wscale();
        }
    }

    /* Ethernet (+ the SYN's tags), IP, TCP. */
    const size_t l2 = pi.l3_off;
    const size_t l3len = tu.v6 ? 40 : 20;
    const size_t l4len = 20 + ol;
    std::vector<uint8_t> f(l2 + l3len + l4len);
    uint8_t *e = f.data();
    memcpy(e, buf + 6, 6);
    memcpy(e + 6, buf, 6);
    memcpy(e + 12, buf + 12, l2 - 12);
    uint8_t *ip = e + l2;
    if (tu.v6) {
        ip[0] = 0x60;
        put_be16(ip + 4, (uint16_t)l4len);
        ip[6] = IPPROTO_TCP_;
        ip[7] = 64;
        memcpy(ip + 8, tu.daddr, 16);
        memcpy(ip + 24, tu.saddr, 16);
    } else {
        ip[0] = 0x45;
        put_be16(ip + 2, (uint16_t)(20 + l4len));
        ip[6] = 0x40;   /* DF */
        ip[8] = 64;
        ip[9] = IPPROTO_TCP_;
        memcpy(ip + 12, tu.daddr, 4);
        memcpy(ip + 16, tu.saddr, 4);
        csum_store(ip + 10, csum_finish(csum_add(0, ip, 20)));
    }
    uint8_t *th = ip + l3len;
    put_be16(th, tu.dport);
    put_be16(th + 2, tu.sport);
    put_be32(th + 4, cookie);
    put_be32(th + 8, client_isn + 1);
    th[12] = (uint8_t)((l4len / 4) << 4);
    th[13] = 0x12 | ((opts & TOE_OPT_ECN) ? 0x40 : 0);   /* SYN ACK (ECE) */
    put_be16(th + 14, (uint16_t)toe_.window());
    memcpy(th + 20, op, ol);
    PktInfo npi;
    parse_frame(f.data(), f.size(), &npi);
    uint64_t sum = csum_pseudo(f.data(), npi, IPPROTO_TCP_, (uint32_t)l4len);
    csum_store(th + 16, csum_finish(csum_add(sum, th, l4len)));
    toe_q_.emplace_back(p, std::move(f));
    cb_.schedule_tx(cb_.opaque);
    return true;
}

/*
 * Frame c from the wire, before the classifier. False: not the engine's,
 * the pipeline goes on (with STA_TOE metadata in c for a handshake ACK).
 * True: the engine consumed it (answered, or dropped and counted); *ret
 * is what receive() returns.
 */
bool Core::toe_wire(RxCtx &c, size_t *ret)
{
    PktInfo pi;

    parse_frame(c.buf, c.len, &pi);
    if (!pi.l3 || !pi.l3_len_ok || pi.frag || !pi.l4_hdr_len ||
        pi.l4_proto != IPPROTO_TCP_) {
        return false;
    }
    const unsigned ep = lag_pf_port(c.port, lag_.member(c.port));
    if (!port_owns_unicast(pf_eps_[ep], c.buf)) {
        return false;   /* not for the PF (a VF's, or another station) */
    }
    const uint8_t *tcp = c.buf + pi.l4_off;
    const uint8_t flags = tcp[13];
    const bool syn = (flags & 0x17) == 0x02;        /* SYN, no ACK RST FIN */
    const bool ack = (flags & 0x16) == 0x10;        /* ACK, no SYN RST */
    if (!syn && !ack) {
        return false;
    }
    ToeTuple tu;
    tu.v6 = pi.l3 == 6;
    const uint8_t *ip = c.buf + pi.l3_off;
    memcpy(tu.saddr, ip + (tu.v6 ? 8 : 12), tu.v6 ? 16 : 4);
    memcpy(tu.daddr, ip + (tu.v6 ? 24 : 16), tu.v6 ? 16 : 4);
    tu.sport = be16(tcp);
    tu.dport = be16(tcp + 2);
    auto &st = toe_.stats[ep];
    const Toe::Listener *l = toe_.match(ep, tu);
    if (!l) {
        if (syn) {
            st[INIC_TOE_STAT_SYN_PASSED]++;
        }
        return false;
    }
    TcpOpts o;
    tcp_opts_parse(tcp + 20, pi.l4_hdr_len - 20, &o);
    const size_t payload = pi.l3_end - pi.l4_off - pi.l4_hdr_len;
    if (syn) {
        if (o.forbidden || o.malformed || payload ||
            !tcp_csum_ok(c.buf, pi)) {
            st[INIC_TOE_STAT_SYN_PASSED]++;
            return false;
        }
        *ret = c.len;
        if (toe_synack(c.port, ep, c.buf, pi, tu, o)) {
            st[INIC_TOE_STAT_SYN_ANSWERED]++;
        } else {
            st[INIC_TOE_STAT_SYNACK_DROPS]++;
        }
        return true;
    }
    if (o.malformed || !tcp_csum_ok(c.buf, pi)) {
        return false;
    }
    const uint8_t opts = o.ts_ok ? (uint8_t)(TOE_OPT_TS | (o.tsecr & 0x3f))
                                 : TOE_OPTS_NONE;
    unsigned idx = 0;
    const CookieRes res = toe_cookie_check(toe_.key(),
                                           toe_.time(now_ns()), tu,
                                           be32(tcp + 4) - 1,
                                           be32(tcp + 8) - 1, opts, &idx);
    if (res == CookieRes::Stale && !payload && !(flags & 0x01)) {
        st[INIC_TOE_STAT_INVALID_ACKS]++;
        *ret = c.len;
        return true;
    }
    if (res != CookieRes::Valid || !toe_.opts_allowed(opts)) {
        return false;   /* an established connection's segment, or not ours */
    }
    const unsigned ws = opts & TOE_OPT_WS_MASK;
    c.toe = true;
    c.toe_mss = tu.v6 ? toe_msstab6[idx] : toe_msstab4[idx];
    c.toe_flags = tu.v6 ? INIC_RXD_TOE_V6 : 0;
    c.toe_wscale = 0;
    if (opts & TOE_OPT_TS) {
        c.toe_flags |= INIC_RXD_TOE_TS;
        if (ws != TOE_OPT_WS_NONE) {
            c.toe_flags |= INIC_RXD_TOE_WSCALE;
            c.toe_wscale = (uint8_t)(ws | (toe_.wscale() << 4));
        }
        if (opts & TOE_OPT_SACK) {
            c.toe_flags |= INIC_RXD_TOE_SACK;
        }
        if (opts & TOE_OPT_ECN) {
            c.toe_flags |= INIC_RXD_TOE_ECN;
        }
    }
    st[INIC_TOE_STAT_HANDSHAKES]++;
    return false;
}

/*
 * Queued SYN-ACKs, in order, one wire packet and one unit of work each
 * from the TX run's budget. A port that went down or stopped
 * transmitting meanwhile loses its SYN-ACKs (SYNACK_DROPS).
 */
void Core::toe_drain()
{
    while (!toe_q_.empty() && tx_pkts_ && work_ > 0) {
        const auto &m = toe_q_.front();
        const unsigned p = m.first;
        if (p < num_ports_ && ports_[p].link_up) {
            cb_.net_send(cb_.opaque, p, m.second.data(), m.second.size());
        } else {
            toe_.stats[p][INIC_TOE_STAT_SYNACK_DROPS]++;
        }
        toe_q_.pop_front();
        tx_pkts_--;
        work_--;
    }
}

} /* namespace inic */
