/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * inic device model: the C++ hardware model (no QEMU headers).
 *
 * One InicCore models the whole NIC: its ports (wire side) and one PCI
 * function (the PF) with its register file, ring pairs, interrupt state
 * and error accounting. Everything outside goes through InicCallbacks.
 */
#ifndef INIC_CORE_H
#define INIC_CORE_H

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "inic_hw.h"
#include "inic_core_api.h"
#include "inic_pkt.h"

namespace inic {

struct Ring {
    uint64_t base = 0;
    uint32_t size = 0;
    uint32_t ctrl = 0;          /* as written, ENABLE mirrors 'enabled' */
    uint32_t head = 0;
    uint32_t tail = 0;
    uint32_t vector = 0;
    bool enabled = false;
    bool fault = false;
    bool armed = false;         /* one-shot interrupt armed */
    /* Interrupt moderation (1.1). */
    uint32_t itr_usecs = 0;
    uint32_t itr_pkts = 0;
    uint32_t itr_count = 0;     /* frames completed since armed */
    bool itr_timer = false;     /* moderation timer running */
    std::array<uint64_t, INIC_RING_STAT_SLOTS> stats{};

    unsigned port() const
    {
        return (ctrl & INIC_RR_CTRL_PORT_MASK) >> INIC_RR_CTRL_PORT_SHIFT;
    }
    uint32_t avail() const { return (tail - head) & (size - 1); }
    void reset_regs();
};

struct RingPair {
    Ring tx;
    Ring rx;
};

struct Port {
    /* Configuration (function reset restores it). */
    uint8_t mac[6] = {};
    uint32_t ctrl = 0;
    uint32_t mtu = 1500;
    uint32_t rx_ring = 0;
    uint32_t offload = 0;       /* INIC_PORT_OFFLOAD_* */
    uint32_t rss_ctrl = 0;      /* INIC_RSS_* */
    std::array<uint8_t, INIC_RSS_KEY_SIZE> rss_key{};
    std::array<uint8_t, INIC_RSS_RETA_SIZE> reta{};
    struct UcEntry {
        uint8_t mac[6];
        bool valid;
    };
    std::array<UcEntry, INIC_UC_FILTERS> uc{};
    std::array<uint32_t, INIC_MC_HASH_REGS> mc_hash{};
    /* Fixed. */
    uint8_t perm_mac[6] = {};
    uint32_t speed = 10000;
    /* Wire state: never reset, it follows the backend. */
    bool link_up = true;
    bool tx_blocked = false;    /* backend queued a frame: wait for resume */
    /* Counters. */
    uint32_t link_events = 0;
    std::array<uint64_t, INIC_PSTAT__COUNT> stats{};
};

class Core {
public:
    Core(const InicConfig &cfg, const InicCallbacks &cb);

    void reset_full();
    void reset_function();

    uint64_t mmio_read(uint64_t off, unsigned size);
    void mmio_write(uint64_t off, uint64_t val, unsigned size);

    size_t receive(unsigned port, const uint8_t *buf, size_t len);
    bool can_receive(unsigned port);
    void set_link(unsigned port, bool up);
    void run_tx();
    void tx_resume(unsigned port);
    void bus_master_changed();
    void timer_expired(unsigned id);
    unsigned num_timers() const { return 2 * num_rings_; }

    /* For unit tests. */
    unsigned num_rings() const { return num_rings_; }
    const Ring &tx_ring(unsigned q) const { return rings_[q].tx; }
    const Ring &rx_ring(unsigned q) const { return rings_[q].rx; }

    static constexpr unsigned TX_BUDGET = 256;  /* wire packets per run */
    static const uint8_t default_rss_key[INIC_RSS_KEY_SIZE];

private:
    enum class TxResult { Idle, Sent, Blocked, Stopped };

    uint32_t read32(uint64_t off);
    void write32(uint64_t off, uint32_t val);
    bool read_counter(uint64_t off, uint64_t *val);

    uint32_t global_read(uint32_t off);
    void global_write(uint32_t off, uint32_t val);
    uint32_t port_read(unsigned p, uint32_t off);
    void port_write(unsigned p, uint32_t off, uint32_t val);
    uint32_t ring_read(unsigned q, bool rx, uint32_t off);
    void ring_write(unsigned q, bool rx, uint32_t off, uint32_t val);
    void ring_ctrl_write(unsigned q, bool rx, uint32_t val);
    uint32_t ptbl_read(unsigned p, uint32_t off);
    void ptbl_write(unsigned p, uint32_t off, uint32_t val);
    void port_reset(unsigned p);

    void error(inic_err code, uint32_t info);
    void raise_misc(uint32_t cause);
    void notify(uint32_t vector);
    void ring_completed(Ring &r, unsigned q, bool rx);
    void ring_fire(Ring &r, unsigned q, bool rx);
    void itr_stop(Ring &r, unsigned q, bool rx);
    void ring_fault(Ring &r, unsigned q);
    bool bus_master();
    uint32_t num_vectors() const { return 1 + num_rings_; }

    TxResult tx_one(unsigned q, unsigned *wire_pkts);
    bool tx_send(unsigned port, const InicIov *iov, unsigned niov);
    inic_err tx_csum(size_t total, uint16_t start, uint16_t offset);
    inic_err tso_check(size_t total, uint16_t mss, uint16_t hdr_len,
                       unsigned *nsegs);
    bool tso_send(unsigned port, size_t total, uint16_t mss,
                  uint16_t hdr_len, bool vlan, uint16_t tci,
                  unsigned *segs, uint64_t *bytes);
    void rx_flush_ring(unsigned q);
    unsigned rx_select(const Port &pt, const uint8_t *buf,
                       const PktInfo &pi, uint32_t *hash, unsigned *htype);
    bool rx_accept(const Port &pt, const uint8_t *dst);
    uint16_t rx_csum_status(const uint8_t *buf, const PktInfo &pi);

    InicCallbacks cb_;
    unsigned num_ports_;
    unsigned queues_;
    unsigned num_rings_;
    std::vector<Port> ports_;
    std::vector<RingPair> rings_;

    uint32_t scratch_ = 0;
    uint32_t misc_cause_ = 0;
    uint32_t misc_mask_ = 0;
    uint32_t misc_vector_ = 0;
    uint32_t err_total_ = 0;
    uint32_t err_last_ = 0;
    uint32_t err_info_ = 0;
    std::array<uint32_t, INIC_ERR_CODES> err_count_{};

    unsigned tx_next_ = 0;      /* round-robin start ring */
    std::vector<uint8_t> frame_;
    std::vector<uint8_t> lin_;      /* linearized frame without net_sendv */
    std::vector<uint8_t> rx_frame_; /* frame after VLAN strip */
    struct RxBuf {
        uint64_t addr;
        uint16_t len;
    };
    std::vector<RxBuf> rx_bufs_;
    PktInfo tx_pi_;                 /* TSO: parsed headers of frame_ */
};

} /* namespace inic */

#endif /* INIC_CORE_H */
