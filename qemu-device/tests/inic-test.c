/*
 * QTest for the inic NIC: registers, reset, link events, TX, RX, MSI-X,
 * hostile descriptors. Plain qtest + qpci (no libqos graph node): each test
 * boots its own q35 machine with both ports on socketpair netdevs.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include <sys/socket.h>
#include "libqtest.h"
#include "libqos/libqos-pc.h"
#include "libqos/pci.h"
#include "hw/pci/pci_regs.h"
#include "qemu/bswap.h"

#include "hw/net/inic/inic_hw.h"

#define INIC_DEVFN      QPCI_DEVFN(4, 0)
#define NPORTS          2
#define NQUEUES         4
#define RING_SIZE       16
#define BUF_SIZE        2048
#define TIMEOUT_US      (10 * G_TIME_SPAN_SECOND)
#define MSIX_ENTRY_SIZE 16

static const uint8_t mac0[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x50 };

typedef struct Ctx {
    QOSState *qs;
    QPCIDevice *dev;
    QPCIBar bar;
    int sock[NPORTS][2];    /* [port][0] test side, [1] QEMU side */
    uint64_t msix_sink;     /* guest memory that unmasked MSI-X writes hit */
} Ctx;

/* ---- Plumbing ---- */

static uint32_t rd(Ctx *c, uint64_t off)
{
    return qpci_io_readl(c->dev, c->bar, off);
}

static uint64_t rd64(Ctx *c, uint64_t off)
{
    return qpci_io_readq(c->dev, c->bar, off);
}

static void wr(Ctx *c, uint64_t off, uint32_t val)
{
    qpci_io_writel(c->dev, c->bar, off, val);
}

static uint64_t ring_reg(unsigned q, bool rx, unsigned reg)
{
    return INIC_RING_BASE(q) + (rx ? INIC_RING_RX : INIC_RING_TX) + reg;
}

static uint64_t ring_stat(unsigned q, bool rx, unsigned s)
{
    return INIC_RING_BASE(q) + (rx ? INIC_RING_RX_STATS : INIC_RING_TX_STATS)
           + 8 * s;
}

static void map_device(Ctx *c)
{
    qpci_device_enable(c->dev);
    c->bar = qpci_iomap(c->dev, INIC_BAR_REGS, NULL);
    qpci_msix_enable(c->dev);
}

static Ctx *ctx_start_args(unsigned queues, const char *extra)
{
    Ctx *c = g_new0(Ctx, 1);
    struct timeval tv = { .tv_sec = 10 };
    int p;

    for (p = 0; p < NPORTS; p++) {
        g_assert_cmpint(socketpair(PF_UNIX, SOCK_STREAM, 0, c->sock[p]), ==, 0);
        setsockopt(c->sock[p][0], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    }
    c->qs = qtest_pc_boot("-M q35 "
                          "-netdev socket,fd=%d,id=hs0 "
                          "-netdev socket,fd=%d,id=hs1 "
                          "-device inic,addr=04.0,ports=%d,queues=%d,"
                          "netdev0=hs0,netdev1=hs1,"
                          "mac=52:54:00:12:34:50 %s",
                          c->sock[0][1], c->sock[1][1], NPORTS, queues, extra);
    c->dev = qpci_device_find(c->qs->pcibus, INIC_DEVFN);
    g_assert(c->dev);
    map_device(c);
    c->msix_sink = guest_alloc(&c->qs->alloc, 4096);
    return c;
}

static Ctx *ctx_start_q(unsigned queues)
{
    return ctx_start_args(queues, "");
}

static Ctx *ctx_start(void)
{
    return ctx_start_q(NQUEUES);
}

static void ctx_stop(Ctx *c)
{
    int p;

    qpci_msix_disable(c->dev);
    g_free(c->dev);
    qtest_shutdown(c->qs);
    for (p = 0; p < NPORTS; p++) {
        close(c->sock[p][0]);
        close(c->sock[p][1]);
    }
    g_free(c);
}

static void step(Ctx *c)
{
    qtest_clock_step(c->qs->qts, 10000);
}

/* Poll a register until (value & mask) == want, bounded. */
static uint32_t wait_reg(Ctx *c, uint64_t off, uint32_t mask, uint32_t want)
{
    gint64 end = g_get_monotonic_time() + TIMEOUT_US;
    uint32_t v;

    do {
        v = rd(c, off);
        if ((v & mask) == want) {
            return v;
        }
        step(c);
    } while (g_get_monotonic_time() < end);
    g_error("timeout: reg 0x%" PRIx64 " = 0x%x, want 0x%x under 0x%x",
            off, v, want, mask);
}

static void wait_msix(Ctx *c, unsigned vec)
{
    gint64 end = g_get_monotonic_time() + TIMEOUT_US;

    do {
        if (qpci_msix_pending(c->dev, vec)) {
            return;
        }
        step(c);
    } while (g_get_monotonic_time() < end);
    g_error("timeout waiting for MSI-X vector %u", vec);
}

/* Deliver a pending (masked) vector into msix_sink, then mask it again. */
static void msix_clear(Ctx *c, unsigned vec)
{
    uint64_t e = c->dev->msix_table_off + vec * MSIX_ENTRY_SIZE;

    qpci_io_writel(c->dev, c->dev->msix_table_bar, e + PCI_MSIX_ENTRY_LOWER_ADDR,
                   (uint32_t)c->msix_sink);
    qpci_io_writel(c->dev, c->dev->msix_table_bar, e + PCI_MSIX_ENTRY_UPPER_ADDR,
                   c->msix_sink >> 32);
    qpci_io_writel(c->dev, c->dev->msix_table_bar, e + PCI_MSIX_ENTRY_DATA, vec);
    qpci_io_writel(c->dev, c->dev->msix_table_bar,
                   e + PCI_MSIX_ENTRY_VECTOR_CTRL, 0);
    qpci_io_writel(c->dev, c->dev->msix_table_bar,
                   e + PCI_MSIX_ENTRY_VECTOR_CTRL, PCI_MSIX_ENTRY_CTRL_MASKBIT);
    g_assert_false(qpci_msix_pending(c->dev, vec));
}

static uint64_t ring_setup(Ctx *c, unsigned q, bool rx, unsigned port,
                           unsigned vector)
{
    uint64_t base = guest_alloc(&c->qs->alloc, RING_SIZE * INIC_DESC_SIZE);
    uint8_t zero[RING_SIZE * INIC_DESC_SIZE] = { 0 };

    qtest_memwrite(c->qs->qts, base, zero, sizeof(zero));
    wr(c, ring_reg(q, rx, INIC_RR_BASE_LO), (uint32_t)base);
    wr(c, ring_reg(q, rx, INIC_RR_BASE_HI), base >> 32);
    wr(c, ring_reg(q, rx, INIC_RR_SIZE), RING_SIZE);
    wr(c, ring_reg(q, rx, INIC_RR_VECTOR), vector);
    wr(c, ring_reg(q, rx, INIC_RR_CTRL),
       INIC_RR_CTRL_ENABLE | (port << INIC_RR_CTRL_PORT_SHIFT));
    g_assert_cmphex(rd(c, ring_reg(q, rx, INIC_RR_STATUS)), ==,
                    INIC_RR_STATUS_ENABLED);
    return base;
}

static void put_txd(Ctx *c, uint64_t ring, unsigned idx, uint64_t addr,
                    uint16_t len, uint16_t cmd)
{
    struct inic_tx_desc d = {
        .addr = cpu_to_le64(addr),
        .len = cpu_to_le16(len),
        .cmd = cpu_to_le16(cmd),
    };
    qtest_memwrite(c->qs->qts, ring + idx * INIC_DESC_SIZE, &d, sizeof(d));
}

static void get_txd(Ctx *c, uint64_t ring, unsigned idx,
                    struct inic_tx_desc *d)
{
    qtest_memread(c->qs->qts, ring + idx * INIC_DESC_SIZE, d, sizeof(*d));
}

static void put_rxd(Ctx *c, uint64_t ring, unsigned idx, uint64_t addr,
                    uint16_t buf_len)
{
    struct inic_rx_desc d = {
        .addr = cpu_to_le64(addr),
        .buf_len = cpu_to_le16(buf_len),
    };
    qtest_memwrite(c->qs->qts, ring + idx * INIC_DESC_SIZE, &d, sizeof(d));
}

static void get_rxd(Ctx *c, uint64_t ring, unsigned idx,
                    struct inic_rx_desc *d)
{
    qtest_memread(c->qs->qts, ring + idx * INIC_DESC_SIZE, d, sizeof(*d));
}

static void make_frame(uint8_t *f, size_t len, const uint8_t *dst)
{
    size_t i;

    memcpy(f, dst, 6);
    memcpy(f + 6, "\x02\x00\x00\x00\x00\x01", 6);
    f[12] = 0x88;
    f[13] = 0xb5;       /* local experimental ethertype */
    for (i = 14; i < len; i++) {
        f[i] = (uint8_t)(i * 7);
    }
}

/* The socket netdev frames packets with a 4-byte big-endian length. */
static void sock_send(Ctx *c, unsigned port, const uint8_t *f, uint32_t len)
{
    uint32_t be = htonl(len);

    g_assert_cmpint(write(c->sock[port][0], &be, 4), ==, 4);
    g_assert_cmpint(write(c->sock[port][0], f, len), ==, len);
}

static void recv_all(int fd, void *buf, size_t len)
{
    size_t got = 0;

    while (got < len) {
        ssize_t r = recv(fd, (uint8_t *)buf + got, len - got, 0);
        g_assert_cmpint(r, >, 0);   /* fails on the 10 s timeout */
        got += r;
    }
}

static uint32_t sock_recv(Ctx *c, unsigned port, uint8_t *f, size_t max)
{
    uint32_t be, len;

    recv_all(c->sock[port][0], &be, 4);
    len = ntohl(be);
    g_assert_cmpuint(len, <=, max);
    recv_all(c->sock[port][0], f, len);
    return len;
}

/* ---- Tests ---- */

static void test_registers(void)
{
    Ctx *c = ctx_start();
    uint32_t bad;

    g_assert_cmphex(qpci_config_readw(c->dev, PCI_VENDOR_ID), ==,
                    INIC_PCI_VENDOR_ID);
    g_assert_cmphex(qpci_config_readw(c->dev, PCI_DEVICE_ID), ==,
                    INIC_PCI_DEVICE_PF);
    g_assert_cmphex(qpci_config_readw(c->dev, PCI_CLASS_DEVICE), ==, 0x0200);
    g_assert_cmpuint(qpci_msix_table_size(c->dev), ==, 1 + NPORTS * NQUEUES);

    g_assert_cmphex(rd(c, INIC_REG_ID), ==, INIC_ID_MAGIC);
    g_assert_cmphex(rd(c, INIC_REG_VERSION), ==, INIC_ABI_VERSION);
    g_assert_cmphex(rd(c, INIC_REG_CAPS), ==,
                    INIC_CAP_MQ | INIC_CAP_INT_ARM | INIC_CAP_RING_STATS |
                    INIC_CAP_RSS | INIC_CAP_TX_CSUM | INIC_CAP_RX_CSUM |
                    INIC_CAP_TSO | INIC_CAP_VLAN | INIC_CAP_ITR |
                    INIC_CAP_RX_FILTER | INIC_CAP_CLS |
                    INIC_CAP_LAG |     /* 1.4 */
                    INIC_CAP_LRO |     /* 1.6 */
                    INIC_CAP_TOE |     /* 1.7 */
                    INIC_CAP_VNIC |    /* 1.8 */
                    INIC_CAP_CLS_VNIC |        /* 1.9 */
                    /* 1.2, with the default vfs=8 */
                    INIC_CAP_SRIOV | INIC_CAP_ESWITCH | INIC_CAP_SHAPER);
    g_assert_cmpuint(rd(c, INIC_REG_NUM_PORTS), ==, NPORTS);
    g_assert_cmpuint(rd(c, INIC_REG_NUM_RINGS), ==, NPORTS * NQUEUES);
    g_assert_cmpuint(rd(c, INIC_REG_NUM_VECTORS), ==, 1 + NPORTS * NQUEUES);
    g_assert_cmpuint(rd(c, INIC_REG_RINGS_PER_PORT), ==, NQUEUES);
    g_assert_cmphex(rd(c, INIC_REG_STATUS), ==, INIC_STATUS_BUS_MASTER);

    /* Permanent and station MAC: base + port in the last byte. */
    g_assert_cmphex(rd(c, INIC_PORT_BASE(0) + INIC_PORT_PERM_MAC_LO), ==,
                    0x12005452);
    g_assert_cmphex(rd(c, INIC_PORT_BASE(0) + INIC_PORT_PERM_MAC_HI), ==,
                    0x5034);
    g_assert_cmphex(rd(c, INIC_PORT_BASE(1) + INIC_PORT_MAC_HI), ==, 0x5134);
    g_assert_cmpuint(rd(c, INIC_PORT_BASE(0) + INIC_PORT_SPEED), ==, 10000);
    g_assert_cmpuint(rd(c, INIC_PORT_BASE(1) + INIC_PORT_MTU), ==, 1500);
    g_assert_cmpuint(rd(c, INIC_PORT_BASE(1) + INIC_PORT_RX_RING), ==, NQUEUES);

    wr(c, INIC_REG_SCRATCH, 0xa5a5f00d);
    g_assert_cmphex(rd(c, INIC_REG_SCRATCH), ==, 0xa5a5f00d);

    /* Undefined offsets read 0, are ignored and counted. */
    bad = rd(c, INIC_REG_ERR_COUNT(INIC_ERR_BAD_REG));
    g_assert_cmphex(rd(c, 0x3ffc), ==, 0);  /* beyond 8 VFs' mailboxes */
    wr(c, INIC_RING_BASE(NPORTS * NQUEUES), 0x1234);   /* no such ring */
    g_assert_cmphex(rd(c, INIC_PORT_BASE(NPORTS)), ==, 0);   /* no port */
    g_assert_cmpuint(rd(c, INIC_REG_ERR_COUNT(INIC_ERR_BAD_REG)), ==, bad + 3);
    g_assert_cmpuint(rd(c, INIC_REG_ERR_LAST), ==, INIC_ERR_BAD_REG);
    g_assert_cmphex(rd(c, INIC_REG_ERR_INFO), ==, INIC_PORT_BASE(NPORTS));

    /* Out-of-range values are refused. */
    wr(c, INIC_PORT_BASE(0) + INIC_PORT_MTU, 9001);
    g_assert_cmpuint(rd(c, INIC_PORT_BASE(0) + INIC_PORT_MTU), ==, 1500);
    g_assert_cmpuint(rd(c, INIC_REG_ERR_COUNT(INIC_ERR_BAD_VALUE)), ==, 1);
    wr(c, INIC_REG_MISC_VECTOR, 1 + NPORTS * NQUEUES);
    g_assert_cmpuint(rd(c, INIC_REG_ERR_COUNT(INIC_ERR_BAD_VECTOR)), ==, 1);
    ctx_stop(c);
}

/* Every refusal is a trace event (inic_refused), named and with its info. */
static void test_trace_refused(void)
{
    g_autofree char *path = NULL, *args = NULL, *log = NULL;
    int fd = g_file_open_tmp("inic-trace-XXXXXX", &path, NULL);
    Ctx *c;

    g_assert_cmpint(fd, >=, 0);
    close(fd);
    args = g_strdup_printf("-trace inic_refused -D %s", path);
    c = ctx_start_args(NQUEUES, args);
    rd(c, INIC_PORT_BASE(NPORTS));                      /* no such port */
    wr(c, INIC_PORT_BASE(0) + INIC_PORT_MTU, 9001);     /* out of range */
    ctx_stop(c);
    g_assert_true(g_file_get_contents(path, &log, NULL, NULL));
    unlink(path);
    g_assert_nonnull(strstr(log, "inic_refused function 0: refused: "
                                 "bad register (error 1), info 0x1200"));
    g_assert_nonnull(strstr(log, "inic_refused function 0: refused: "
                                 "bad value (error 8)"));
}

static void test_reset(void)
{
    Ctx *c = ctx_start();
    uint32_t errs;

    wr(c, INIC_PORT_BASE(0) + INIC_PORT_MTU, 9000);
    wr(c, INIC_PORT_BASE(0) + INIC_PORT_CTRL, INIC_PORT_CTRL_RX_EN);
    wr(c, INIC_PORT_BASE(0) + INIC_PORT_MAC_LO, 0x11223344);
    wr(c, INIC_PORT_BASE(1) + INIC_PORT_RX_RING, 1);
    wr(c, INIC_REG_MISC_MASK, INIC_MISC_ALL);
    ring_setup(c, 3, true, 0, 2);
    rd(c, 0x3ffc);      /* one BAD_REG error */
    errs = rd(c, INIC_REG_ERR_TOTAL);
    g_assert_cmpuint(errs, >=, 1);

    /* Function reset: configuration back to defaults, counters kept. */
    wr(c, INIC_REG_CTRL, INIC_CTRL_RESET);
    g_assert_cmphex(rd(c, INIC_REG_CTRL), ==, 0);
    g_assert_cmpuint(rd(c, INIC_PORT_BASE(0) + INIC_PORT_MTU), ==, 1500);
    g_assert_cmphex(rd(c, INIC_PORT_BASE(0) + INIC_PORT_CTRL), ==, 0);
    g_assert_cmphex(rd(c, INIC_PORT_BASE(0) + INIC_PORT_MAC_LO), ==,
                    0x12005452);
    g_assert_cmpuint(rd(c, INIC_PORT_BASE(1) + INIC_PORT_RX_RING), ==, NQUEUES);
    g_assert_cmphex(rd(c, INIC_REG_MISC_MASK), ==, 0);
    g_assert_cmphex(rd(c, ring_reg(3, true, INIC_RR_STATUS)), ==, 0);
    g_assert_cmphex(rd(c, ring_reg(3, true, INIC_RR_BASE_LO)), ==, 0);
    g_assert_cmphex(rd(c, ring_reg(3, true, INIC_RR_VECTOR)), ==, 0);
    g_assert_cmpuint(rd(c, INIC_REG_ERR_TOTAL), ==, errs);

    /* System reset clears the counters too. */
    qtest_system_reset(c->qs->qts);
    map_device(c);
    g_assert_cmphex(rd(c, INIC_REG_ID), ==, INIC_ID_MAGIC);
    g_assert_cmpuint(rd(c, INIC_REG_ERR_TOTAL), ==, 0);
    g_assert_cmpuint(rd(c, INIC_REG_ERR_COUNT(INIC_ERR_BAD_REG)), ==, 0);
    g_assert_cmphex(rd(c, INIC_PORT_BASE(0) + INIC_PORT_STATUS), ==,
                    INIC_PORT_STATUS_LINK);
    ctx_stop(c);
}

static void set_link(Ctx *c, const char *id, bool up)
{
    qtest_qmp_assert_success(c->qs->qts,
                             "{'execute': 'set_link', 'arguments': "
                             "{'name': %s, 'up': %i}}", id, up);
}

static void test_link(void)
{
    Ctx *c = ctx_start();
    const uint64_t p1 = INIC_PORT_BASE(1);

    g_assert_cmphex(rd(c, p1 + INIC_PORT_STATUS), ==, INIC_PORT_STATUS_LINK);
    g_assert_cmpuint(rd(c, p1 + INIC_PORT_LINK_EVENTS), ==, 0);
    g_assert_cmphex(rd(c, INIC_REG_MISC_CAUSE), ==, 0);
    wr(c, INIC_REG_MISC_VECTOR, 0);
    wr(c, INIC_REG_MISC_MASK, INIC_MISC_LINK);
    g_assert_false(qpci_msix_pending(c->dev, 0));

    set_link(c, "hs1", false);
    g_assert_cmphex(rd(c, p1 + INIC_PORT_STATUS), ==, 0);
    g_assert_cmpuint(rd(c, p1 + INIC_PORT_LINK_EVENTS), ==, 1);
    g_assert_cmphex(rd(c, INIC_PORT_BASE(0) + INIC_PORT_STATUS), ==,
                    INIC_PORT_STATUS_LINK);
    g_assert_cmphex(rd(c, INIC_REG_MISC_CAUSE), ==, INIC_MISC_LINK);
    wait_msix(c, 0);
    msix_clear(c, 0);

    /* RW1C, then the cable comes back. */
    wr(c, INIC_REG_MISC_CAUSE, INIC_MISC_LINK);
    g_assert_cmphex(rd(c, INIC_REG_MISC_CAUSE), ==, 0);
    set_link(c, "hs1", true);
    g_assert_cmphex(rd(c, p1 + INIC_PORT_STATUS), ==, INIC_PORT_STATUS_LINK);
    g_assert_cmpuint(rd(c, p1 + INIC_PORT_LINK_EVENTS), ==, 2);
    g_assert_cmphex(rd(c, INIC_REG_MISC_CAUSE), ==, INIC_MISC_LINK);
    wait_msix(c, 0);
    ctx_stop(c);
}

static void test_tx(void)
{
    Ctx *c = ctx_start();
    const unsigned q = NQUEUES;     /* first ring of port 1 */
    const unsigned vec = 1 + q;
    uint8_t frame[300], got[BUF_SIZE];
    uint64_t ring, buf;
    struct inic_tx_desc d;
    uint32_t len;

    wr(c, INIC_PORT_BASE(1) + INIC_PORT_CTRL, INIC_PORT_CTRL_TX_EN);
    ring = ring_setup(c, q, false, 1, vec);
    buf = guest_alloc(&c->qs->alloc, sizeof(frame));
    make_frame(frame, sizeof(frame), (const uint8_t *)"\xff\xff\xff\xff\xff\xff");
    qtest_memwrite(c->qs->qts, buf, frame, sizeof(frame));

    /* Arm the ring's one-shot interrupt at the driver's next entry (0). */
    wr(c, ring_reg(q, false, INIC_RR_INT_ARM), INIC_INT_ARM | 0);
    step(c);
    g_assert_false(qpci_msix_pending(c->dev, vec));

    /* One frame in three buffers. */
    put_txd(c, ring, 0, buf, 100, 0);
    put_txd(c, ring, 1, buf + 100, 150, 0);
    put_txd(c, ring, 2, buf + 250, 50, INIC_TXD_CMD_EOP);
    wr(c, ring_reg(q, false, INIC_RR_TAIL), 3);

    len = sock_recv(c, 1, got, sizeof(got));
    g_assert_cmpuint(len, ==, sizeof(frame));
    g_assert_cmpmem(got, len, frame, sizeof(frame));
    wait_reg(c, ring_reg(q, false, INIC_RR_HEAD), ~0u, 3);
    for (unsigned i = 0; i < 3; i++) {
        get_txd(c, ring, i, &d);
        g_assert_cmphex(le16_to_cpu(d.status), ==, INIC_TXD_STA_DD);
    }
    wait_msix(c, vec);
    msix_clear(c, vec);
    g_assert_cmpuint(rd64(c, INIC_PORT_BASE(1) + INIC_PORT_STAT(INIC_PSTAT_TX_PKTS)),
                     ==, 1);
    g_assert_cmpuint(rd64(c, INIC_PORT_BASE(1) +
                          INIC_PORT_STAT(INIC_PSTAT_TX_BYTES)), ==, 300);
    g_assert_cmpuint(rd64(c, ring_stat(q, false, INIC_RSTAT_PKTS)), ==, 1);

    /* Firing disarmed the ring: a second frame raises nothing. */
    put_txd(c, ring, 3, buf, 60, INIC_TXD_CMD_EOP);
    wr(c, ring_reg(q, false, INIC_RR_TAIL), 4);
    len = sock_recv(c, 1, got, sizeof(got));
    g_assert_cmpuint(len, ==, 60);
    wait_reg(c, ring_reg(q, false, INIC_RR_HEAD), ~0u, 4);
    g_assert_false(qpci_msix_pending(c->dev, vec));
    /* Arming behind HEAD fires at once. */
    wr(c, ring_reg(q, false, INIC_RR_INT_ARM), INIC_INT_ARM | 3);
    g_assert_true(qpci_msix_pending(c->dev, vec));

    /* Link down: frames complete but are dropped and counted. */
    set_link(c, "hs1", false);
    put_txd(c, ring, 4, buf, 60, INIC_TXD_CMD_EOP);
    wr(c, ring_reg(q, false, INIC_RR_TAIL), 5);
    wait_reg(c, ring_reg(q, false, INIC_RR_HEAD), ~0u, 5);
    g_assert_cmpuint(rd64(c, INIC_PORT_BASE(1) +
                          INIC_PORT_STAT(INIC_PSTAT_TX_ERRORS)), ==, 1);
    g_assert_cmpuint(rd64(c, INIC_PORT_BASE(1) +
                          INIC_PORT_STAT(INIC_PSTAT_TX_PKTS)), ==, 2);
    ctx_stop(c);
}

static void test_rx(void)
{
    Ctx *c = ctx_start();
    const unsigned q = 0;           /* port 0 receives into ring 0 */
    const unsigned vec = 1 + NPORTS * NQUEUES - 1;
    const uint8_t other[6] = { 0x52, 0x54, 0x00, 0x99, 0x99, 0x99 };
    uint8_t frame[100], foreign[64], got[100];
    struct inic_rx_desc d;
    uint64_t ring, buf[4];
    unsigned i;

    wr(c, INIC_PORT_BASE(0) + INIC_PORT_CTRL, INIC_PORT_CTRL_RX_EN);
    ring = ring_setup(c, q, true, 0, vec);
    for (i = 0; i < 4; i++) {
        buf[i] = guest_alloc(&c->qs->alloc, 64);
        put_rxd(c, ring, i, buf[i], 64);
    }
    wr(c, ring_reg(q, true, INIC_RR_INT_ARM), INIC_INT_ARM | 0);

    /* A frame for someone else is filtered, then ours lands. */
    make_frame(foreign, sizeof(foreign), other);
    sock_send(c, 0, foreign, sizeof(foreign));
    make_frame(frame, sizeof(frame), mac0);
    sock_send(c, 0, frame, sizeof(frame));
    /* Post the buffers only now: the backend holds the frame meanwhile. */
    wr(c, ring_reg(q, true, INIC_RR_TAIL), 4);

    wait_reg(c, ring_reg(q, true, INIC_RR_HEAD), ~0u, 2);
    get_rxd(c, ring, 0, &d);
    g_assert_cmphex(le16_to_cpu(d.status), ==, INIC_RXD_STA_DD);
    g_assert_cmpuint(le16_to_cpu(d.len), ==, 64);
    get_rxd(c, ring, 1, &d);
    g_assert_cmphex(le16_to_cpu(d.status), ==,
                    INIC_RXD_STA_DD | INIC_RXD_STA_EOP);
    g_assert_cmpuint(le16_to_cpu(d.len), ==, 36);
    qtest_memread(c->qs->qts, buf[0], got, 64);
    qtest_memread(c->qs->qts, buf[1], got + 64, 36);
    g_assert_cmpmem(got, sizeof(got), frame, sizeof(frame));
    wait_msix(c, vec);

    g_assert_cmpuint(rd64(c, INIC_PORT_BASE(0) +
                          INIC_PORT_STAT(INIC_PSTAT_RX_PKTS)), ==, 1);
    g_assert_cmpuint(rd64(c, INIC_PORT_BASE(0) +
                          INIC_PORT_STAT(INIC_PSTAT_RX_BYTES)), ==, 100);
    g_assert_cmpuint(rd64(c, INIC_PORT_BASE(0) +
                          INIC_PORT_STAT(INIC_PSTAT_RX_DROP_FILTER)), ==, 1);
    g_assert_cmpuint(rd64(c, ring_stat(q, true, INIC_RSTAT_DROP_FILTER)), ==, 1);
    g_assert_cmpuint(rd64(c, ring_stat(q, true, INIC_RSTAT_BYTES)), ==, 100);

    /* Promiscuous: the foreign frame is accepted now. */
    wr(c, INIC_PORT_BASE(0) + INIC_PORT_CTRL,
       INIC_PORT_CTRL_RX_EN | INIC_PORT_CTRL_PROMISC);
    sock_send(c, 0, foreign, sizeof(foreign));
    wait_reg(c, ring_reg(q, true, INIC_RR_HEAD), ~0u, 3);
    get_rxd(c, ring, 2, &d);
    g_assert_cmphex(le16_to_cpu(d.status), ==,
                    INIC_RXD_STA_DD | INIC_RXD_STA_EOP);
    g_assert_cmpuint(le16_to_cpu(d.len), ==, 64);
    ctx_stop(c);
}

static void test_hostile(void)
{
    Ctx *c = ctx_start();
    const uint64_t nowhere = 0x40000000000ull;  /* 4 TiB: no RAM there */
    struct inic_tx_desc d;
    uint64_t ring, buf, big;

    wr(c, INIC_PORT_BASE(0) + INIC_PORT_CTRL, INIC_PORT_CTRL_TX_EN);
    wr(c, INIC_REG_MISC_MASK, INIC_MISC_ERROR);
    ring = ring_setup(c, 0, false, 0, 1);
    buf = guest_alloc(&c->qs->alloc, 64);

    /* A buffer outside RAM: frame dropped, DD|ERR, BUF_DMA counted. */
    put_txd(c, ring, 0, nowhere, 64, INIC_TXD_CMD_EOP);
    wr(c, ring_reg(0, false, INIC_RR_TAIL), 1);
    wait_reg(c, ring_reg(0, false, INIC_RR_HEAD), ~0u, 1);
    get_txd(c, ring, 0, &d);
    g_assert_cmphex(le16_to_cpu(d.status), ==,
                    INIC_TXD_STA_DD | INIC_TXD_STA_ERR);
    g_assert_cmpuint(rd(c, INIC_REG_ERR_COUNT(INIC_ERR_BUF_DMA)), ==, 1);
    g_assert_cmphex(rd(c, INIC_REG_MISC_CAUSE) & INIC_MISC_ERROR, ==,
                    INIC_MISC_ERROR);
    wait_msix(c, 0);

    /* Zero-length buffer: BAD_DESC. */
    put_txd(c, ring, 1, buf, 0, INIC_TXD_CMD_EOP);
    wr(c, ring_reg(0, false, INIC_RR_TAIL), 2);
    wait_reg(c, ring_reg(0, false, INIC_RR_HEAD), ~0u, 2);
    get_txd(c, ring, 1, &d);
    g_assert_cmphex(le16_to_cpu(d.status), ==,
                    INIC_TXD_STA_DD | INIC_TXD_STA_ERR);
    g_assert_cmpuint(rd(c, INIC_REG_ERR_COUNT(INIC_ERR_BAD_DESC)), ==, 1);

    /*
     * A frame larger than the head the engine copies, its second piece
     * at the device's own registers: not mapped in place (not RAM), and
     * the copy is refused (re-entrant access): BUF_DMA, nothing sent.
     */
    big = guest_alloc(&c->qs->alloc, 600);
    put_txd(c, ring, 2, big, 600, 0);
    put_txd(c, ring, 3, c->bar.addr, 400, INIC_TXD_CMD_EOP);
    wr(c, ring_reg(0, false, INIC_RR_TAIL), 4);
    wait_reg(c, ring_reg(0, false, INIC_RR_HEAD), ~0u, 4);
    get_txd(c, ring, 2, &d);
    g_assert_cmphex(le16_to_cpu(d.status), ==,
                    INIC_TXD_STA_DD | INIC_TXD_STA_ERR);
    g_assert_cmpuint(rd(c, INIC_REG_ERR_COUNT(INIC_ERR_BUF_DMA)), ==, 2);
    g_assert_cmpuint(rd64(c, INIC_PORT_BASE(0) +
                          INIC_PORT_STAT(INIC_PSTAT_TX_PKTS)), ==, 0);

    /* TAIL beyond the ring: ignored. */
    wr(c, ring_reg(0, false, INIC_RR_TAIL), RING_SIZE);
    g_assert_cmpuint(rd(c, ring_reg(0, false, INIC_RR_TAIL)), ==, 4);
    g_assert_cmpuint(rd(c, INIC_REG_ERR_COUNT(INIC_ERR_BAD_TAIL)), ==, 1);

    /* Bad ring configuration: refused, ring stays disabled. */
    wr(c, ring_reg(1, false, INIC_RR_SIZE), 100);
    wr(c, ring_reg(1, false, INIC_RR_CTRL), INIC_RR_CTRL_ENABLE);
    g_assert_cmphex(rd(c, ring_reg(1, false, INIC_RR_STATUS)), ==, 0);
    g_assert_cmpuint(rd(c, INIC_REG_ERR_COUNT(INIC_ERR_BAD_RING_CFG)), ==, 1);

    /* Descriptor ring outside RAM: the ring faults and stops. */
    wr(c, ring_reg(2, false, INIC_RR_BASE_LO), (uint32_t)nowhere);
    wr(c, ring_reg(2, false, INIC_RR_BASE_HI), nowhere >> 32);
    wr(c, ring_reg(2, false, INIC_RR_SIZE), RING_SIZE);
    wr(c, ring_reg(2, false, INIC_RR_CTRL), INIC_RR_CTRL_ENABLE);
    wr(c, ring_reg(2, false, INIC_RR_TAIL), 5);
    wait_reg(c, ring_reg(2, false, INIC_RR_STATUS), ~0u, INIC_RR_STATUS_FAULT);
    g_assert_cmpuint(rd(c, INIC_REG_ERR_COUNT(INIC_ERR_DESC_DMA)), ==, 1);
    g_assert_cmpuint(rd(c, INIC_REG_ERR_LAST), ==, INIC_ERR_DESC_DMA);
    g_assert_cmpuint(rd(c, INIC_REG_ERR_INFO), ==, 2);

    /* Same for an RX ring receiving a frame. */
    wr(c, INIC_PORT_BASE(0) + INIC_PORT_CTRL,
       INIC_PORT_CTRL_RX_EN | INIC_PORT_CTRL_PROMISC);
    wr(c, ring_reg(0, true, INIC_RR_BASE_LO), (uint32_t)nowhere);
    wr(c, ring_reg(0, true, INIC_RR_BASE_HI), nowhere >> 32);
    wr(c, ring_reg(0, true, INIC_RR_SIZE), RING_SIZE);
    wr(c, ring_reg(0, true, INIC_RR_CTRL), INIC_RR_CTRL_ENABLE);
    wr(c, ring_reg(0, true, INIC_RR_TAIL), 8);
    {
        uint8_t f[60];
        make_frame(f, sizeof(f), mac0);
        sock_send(c, 0, f, sizeof(f));
    }
    wait_reg(c, ring_reg(0, true, INIC_RR_STATUS), ~0u, INIC_RR_STATUS_FAULT);
    g_assert_cmpuint(rd(c, INIC_REG_ERR_COUNT(INIC_ERR_DESC_DMA)), ==, 2);

    /* Everything counted, QEMU alive. */
    g_assert_cmpuint(rd(c, INIC_REG_ERR_TOTAL), ==, 7);
    g_assert_cmphex(rd(c, INIC_REG_ID), ==, INIC_ID_MAGIC);
    ctx_stop(c);
}

static void test_bus_master(void)
{
    Ctx *c = ctx_start();
    uint16_t cmd = qpci_config_readw(c->dev, PCI_COMMAND);
    uint8_t frame[60], got[64];
    uint64_t ring, buf;
    int i;

    wr(c, INIC_PORT_BASE(0) + INIC_PORT_CTRL, INIC_PORT_CTRL_TX_EN);
    ring = ring_setup(c, 0, false, 0, 1);
    buf = guest_alloc(&c->qs->alloc, sizeof(frame));
    make_frame(frame, sizeof(frame), mac0);
    qtest_memwrite(c->qs->qts, buf, frame, sizeof(frame));
    put_txd(c, ring, 0, buf, sizeof(frame), INIC_TXD_CMD_EOP);

    qpci_config_writew(c->dev, PCI_COMMAND, cmd & ~PCI_COMMAND_MASTER);
    g_assert_cmphex(rd(c, INIC_REG_STATUS), ==, 0);
    wr(c, ring_reg(0, false, INIC_RR_TAIL), 1);
    for (i = 0; i < 20; i++) {
        step(c);
    }
    g_assert_cmpuint(rd(c, ring_reg(0, false, INIC_RR_HEAD)), ==, 0);

    /* Enabling bus mastering resumes the ring. */
    qpci_config_writew(c->dev, PCI_COMMAND, cmd | PCI_COMMAND_MASTER);
    g_assert_cmphex(rd(c, INIC_REG_STATUS), ==, INIC_STATUS_BUS_MASTER);
    g_assert_cmpuint(sock_recv(c, 0, got, sizeof(got)), ==, sizeof(frame));
    wait_reg(c, ring_reg(0, false, INIC_RR_HEAD), ~0u, 1);
    ctx_stop(c);
}


/* ---- ABI 1.1: multi-queue data path ---- */

/* Big-endian one's complement sum, folded, not complemented. */
static uint16_t ref_sum(const uint8_t *p, size_t n, uint32_t sum)
{
    size_t i;

    for (i = 0; i + 1 < n; i += 2) {
        sum += (uint32_t)(p[i] << 8 | p[i + 1]);
    }
    if (n & 1) {
        sum += (uint32_t)p[n - 1] << 8;
    }
    while (sum >> 16) {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return sum;
}

static uint16_t tcp4_pseudo(const uint8_t *ip, uint32_t l4len)
{
    return ref_sum(ip + 12, 8, 6 + l4len);
}

/* Do the IPv4 header and TCP checksums of an Ethernet frame verify? */
static bool tcp4_ok(const uint8_t *f, size_t len)
{
    const uint8_t *ip = f + 14;
    uint32_t tot = ip[2] << 8 | ip[3];

    if (len < 14 + tot || ref_sum(ip, 20, 0) != 0xffff) {
        return false;
    }
    return ref_sum(ip + 20, tot - 20, tcp4_pseudo(ip, tot - 20)) == 0xffff;
}

/*
 * Ethernet + IPv4 (66.9.149.187 -> 161.142.100.80) + TCP (2794 -> 1766)
 * + payload. The TCP checksum field holds the pseudo header sum, as Linux
 * leaves it for CHECKSUM_PARTIAL; full says: compute it completely.
 */
static size_t make_tcp4(uint8_t *f, const uint8_t *dst, size_t payload,
                        bool full)
{
    static const uint8_t src_ip[4] = { 66, 9, 149, 187 };
    static const uint8_t dst_ip[4] = { 161, 142, 100, 80 };
    uint8_t *ip = f + 14, *th = f + 34;
    size_t tot = 40 + payload, i;
    uint16_t c;

    memset(f, 0, 54);
    memcpy(f, dst, 6);
    memcpy(f + 6, "\x02\x00\x00\x00\x00\x01", 6);
    f[12] = 0x08;
    ip[0] = 0x45;
    ip[2] = tot >> 8;
    ip[3] = tot;
    ip[4] = 0x12;
    ip[5] = 0x34;
    ip[6] = 0x40;
    ip[8] = 64;
    ip[9] = 6;
    memcpy(ip + 12, src_ip, 4);
    memcpy(ip + 16, dst_ip, 4);
    c = ~ref_sum(ip, 20, 0);
    ip[10] = c >> 8;
    ip[11] = c;
    th[0] = 2794 >> 8;
    th[1] = 2794 & 0xff;
    th[2] = 1766 >> 8;
    th[3] = 1766 & 0xff;
    th[4] = 0x10;
    th[12] = 0x50;
    th[13] = 0x19;      /* ACK PSH FIN */
    th[14] = 0xff;
    for (i = 0; i < payload; i++) {
        th[20 + i] = i * 11 + 5;
    }
    c = tcp4_pseudo(ip, 20 + payload);
    if (full) {
        c = ~ref_sum(th, 20 + payload, c);
    }
    th[16] = c >> 8;
    th[17] = c;
    return 54 + payload;
}

static void put_txd_off(Ctx *c, uint64_t ring, unsigned idx, uint64_t addr,
                        uint16_t len, uint16_t cmd, uint16_t a, uint16_t b,
                        uint16_t tci)
{
    struct inic_tx_desc d = {
        .addr = cpu_to_le64(addr),
        .len = cpu_to_le16(len),
        .cmd = cpu_to_le16(cmd),
        .vlan_tci = cpu_to_le16(tci),
    };

    if (cmd & INIC_TXD_CMD_TSO) {
        d.mss = cpu_to_le16(a);
        d.hdr_len = cpu_to_le16(b);
    } else {
        d.csum_start = cpu_to_le16(a);
        d.csum_offset = cpu_to_le16(b);
    }
    qtest_memwrite(c->qs->qts, ring + idx * INIC_DESC_SIZE, &d, sizeof(d));
}

static uint64_t pstat(Ctx *c, unsigned p, unsigned s)
{
    return rd64(c, INIC_PORT_BASE(p) + INIC_PORT_STAT(s));
}

/* 16 ring pairs per port; RSS steers a TCP flow by the Toeplitz hash. */
static void test_rss(void)
{
    const unsigned nq = 16, q = 13, vec = 1 + q;
    Ctx *c = ctx_start_q(nq);
    uint8_t frame[200];
    struct inic_rx_desc d;
    uint64_t ring, buf;
    size_t len;

    g_assert_cmpuint(qpci_msix_table_size(c->dev), ==, 1 + NPORTS * nq);
    g_assert_cmphex(rd(c, INIC_REG_CAPS) & (INIC_CAP_RSS | INIC_CAP_MQ), ==,
                    INIC_CAP_RSS | INIC_CAP_MQ);
    g_assert_cmphex(rd(c, INIC_REG_VERSION), >=, 0x00010001);
    wr(c, INIC_PORT_BASE(0) + INIC_PORT_CTRL, INIC_PORT_CTRL_RX_EN);
    ring = ring_setup(c, q, true, 0, vec);
    buf = guest_alloc(&c->qs->alloc, BUF_SIZE);
    put_rxd(c, ring, 0, buf, BUF_SIZE);
    wr(c, ring_reg(q, true, INIC_RR_TAIL), 1);
    wr(c, ring_reg(q, true, INIC_RR_INT_ARM), INIC_INT_ARM | 0);
    /* Hash 0x51ccc178 (Microsoft's first vector): table entry 120. */
    wr(c, INIC_PTBL_BASE(0) + INIC_PTBL_RSS_RETA(30), q);
    wr(c, INIC_PORT_BASE(0) + INIC_PORT_RSS_CTRL,
       INIC_RSS_ENABLE | INIC_RSS_HASH_ALL);

    len = make_tcp4(frame, mac0, 100, true);
    sock_send(c, 0, frame, len);
    wait_reg(c, ring_reg(q, true, INIC_RR_HEAD), ~0u, 1);
    get_rxd(c, ring, 0, &d);
    g_assert_cmphex(le16_to_cpu(d.status), ==,
                    INIC_RXD_STA_DD | INIC_RXD_STA_EOP | INIC_RXD_STA_RSS);
    g_assert_cmphex(le32_to_cpu(d.rss_hash), ==, 0x51ccc178);
    g_assert_cmphex(le16_to_cpu(d.pkt_type), ==,
                    INIC_PTYPE_L3_IPV4 | INIC_PTYPE_L4_TCP |
                    (INIC_HASH_TCP_IPV4 << INIC_PTYPE_HASH_SHIFT));
    g_assert_cmpuint(le16_to_cpu(d.len), ==, len);
    wait_msix(c, vec);
    g_assert_cmpuint(rd64(c, ring_stat(q, true, INIC_RSTAT_PKTS)), ==, 1);
    g_assert_cmpuint(pstat(c, 0, INIC_PSTAT_RX_PKTS), ==, 1);
    g_assert_cmpuint(rd64(c, ring_stat(0, true, INIC_RSTAT_PKTS)), ==, 0);
    ctx_stop(c);
}

/* 1.3: a classifier rule steers and marks a frame; bad commands refused. */
static void test_cls(void)
{
    Ctx *c = ctx_start();
    const unsigned q = 2, vec = 1 + q;
    uint8_t frame[200];
    struct inic_rx_desc d;
    uint64_t ring, buf;
    size_t len;
    uint32_t res;

    g_assert_cmphex(rd(c, INIC_REG_CAPS) & INIC_CAP_CLS, ==, INIC_CAP_CLS);
    g_assert_cmpuint(rd(c, INIC_CLS_BASE + INIC_CLS_EXACT_SIZE), ==,
                     INIC_CLS_EXACT_RULES);
    g_assert_cmpuint(rd(c, INIC_CLS_BASE + INIC_CLS_MASKED_SIZE), ==,
                     INIC_CLS_MASKED_RULES);
    wr(c, INIC_PORT_BASE(0) + INIC_PORT_CTRL, INIC_PORT_CTRL_RX_EN);
    ring = ring_setup(c, q, true, 0, vec);
    buf = guest_alloc(&c->qs->alloc, BUF_SIZE);
    put_rxd(c, ring, 0, buf, BUF_SIZE);
    wr(c, ring_reg(q, true, INIC_RR_TAIL), 1);

    /* IP protocol 6 (key byte 6: register 1, bits 23:16) -> ring 2. */
    wr(c, INIC_CLS_BASE + INIC_CLS_KEY(1), 6 << 16);
    wr(c, INIC_CLS_BASE + INIC_CLS_MASK(1), 0xff << 16);
    wr(c, INIC_CLS_BASE + INIC_CLS_ACTION,
       INIC_CLS_ACT_RING | INIC_CLS_ACT_MARK);
    wr(c, INIC_CLS_BASE + INIC_CLS_ACT_ARG, q);
    wr(c, INIC_CLS_BASE + INIC_CLS_MARK, 0x5a5a1234);
    wr(c, INIC_CLS_BASE + INIC_CLS_CMD,
       INIC_CLS_CMD_VAL(INIC_CLS_OP_ADD, true, 3));
    g_assert_cmphex(rd(c, INIC_CLS_BASE + INIC_CLS_RESULT), ==, 3 << 16);
    g_assert_cmpuint(rd(c, INIC_CLS_BASE + INIC_CLS_MASKED_USED), ==, 1);

    len = make_tcp4(frame, mac0, 100, true);
    sock_send(c, 0, frame, len);
    wait_reg(c, ring_reg(q, true, INIC_RR_HEAD), ~0u, 1);
    get_rxd(c, ring, 0, &d);
    g_assert_cmphex(le16_to_cpu(d.status), ==,
                    INIC_RXD_STA_DD | INIC_RXD_STA_EOP | INIC_RXD_STA_MARK);
    g_assert_cmphex(le32_to_cpu(d.mark), ==, 0x5a5a1234);
    wr(c, INIC_CLS_BASE + INIC_CLS_CMD,
       INIC_CLS_CMD_VAL(INIC_CLS_OP_STATS, true, 3));
    g_assert_cmpuint(rd64(c, INIC_CLS_RULE_STAT(INIC_CLS_RSTAT_PKTS)), ==, 1);
    g_assert_cmpuint(rd64(c, INIC_CLS_RULE_STAT(INIC_CLS_RSTAT_BYTES)), ==,
                     len);

    /* A ring beyond the function: refused, counted, the table unchanged. */
    wr(c, INIC_CLS_BASE + INIC_CLS_ACT_ARG, 200);
    wr(c, INIC_CLS_BASE + INIC_CLS_CMD,
       INIC_CLS_CMD_VAL(INIC_CLS_OP_ADD, true, 4));
    res = rd(c, INIC_CLS_BASE + INIC_CLS_RESULT);
    g_assert_cmphex(res, ==, INIC_CLS_RES_BAD_ACTION | 4 << 16);
    g_assert_cmpuint(rd(c, INIC_REG_ERR_COUNT(INIC_ERR_CLS)), ==, 1);
    g_assert_cmphex(rd(c, INIC_REG_ERR_INFO), ==, res);
    g_assert_cmpuint(rd(c, INIC_CLS_BASE + INIC_CLS_MASKED_USED), ==, 1);

    /* A function reset clears the rules. */
    wr(c, INIC_REG_CTRL, INIC_CTRL_RESET);
    g_assert_cmpuint(rd(c, INIC_CLS_BASE + INIC_CLS_MASKED_USED), ==, 0);
    ctx_stop(c);
}

/* TX checksum, TSO and VLAN insertion, observed on the wire. */
/*
 * 1.4: link aggregation. Ports 0 and 1 in an active-backup group with
 * announcements: pulling port 0's cable moves the group to port 1 in the
 * device, which announces both PF MACs there and raises MISC_LAG.
 */
static void test_lag(void)
{
    Ctx *c = ctx_start();
    const uint64_t l = INIC_LAG_BASE;
    uint8_t frame[128];
    uint32_t len, last, i;

    g_assert_cmphex(rd(c, INIC_REG_CAPS) & INIC_CAP_LAG, ==, INIC_CAP_LAG);
    g_assert_cmphex(rd(c, INIC_REG_VERSION), >=, 0x00010004);
    wr(c, l + INIC_LAG_MODE, 7);                        /* refused */
    g_assert_cmpuint(rd(c, l + INIC_LAG_REFUSED), ==, 1);
    g_assert_cmpuint(rd(c, INIC_REG_ERR_COUNT(INIC_ERR_BAD_VALUE)), ==, 1);
    wr(c, l + INIC_LAG_MEMBERS, 3);
    wr(c, l + INIC_LAG_PRIMARY, 0);
    wr(c, l + INIC_LAG_CTRL, INIC_LAG_CTRL_ENABLE | INIC_LAG_CTRL_ANNOUNCE);
    g_assert_cmphex(rd(c, l + INIC_LAG_STATUS), ==,
                    INIC_LAG_STATUS_UP | (3 << INIC_LAG_STATUS_LIVE_SHIFT));
    g_assert_cmpuint(rd(c, l + INIC_LAG_ACTIVE), ==, 0);
    wr(c, INIC_REG_MISC_MASK, INIC_MISC_ALL);

    set_link(c, "hs0", false);
    g_assert_cmpuint(rd(c, l + INIC_LAG_ACTIVE), ==, 1);
    last = rd(c, l + INIC_LAG_LAST);
    g_assert_cmphex(last, ==, INIC_LAG_LAST_VALID | 1 << 8 |
                              INIC_LAG_REASON_LINK_DOWN << 16);
    g_assert_cmpuint(rd(c, INIC_LAG_STAT(INIC_LAG_STAT_FAILOVERS)), ==, 1);
    g_assert_cmphex(rd(c, INIC_REG_MISC_CAUSE) & INIC_MISC_LAG, ==,
                    INIC_MISC_LAG);
    for (i = 0; i < 2; i++) {
        len = sock_recv(c, 1, frame, sizeof(frame));
        g_assert_cmpuint(len, ==, INIC_LAG_ANNOUNCE_LEN);
        g_assert_cmphex(frame[0] & frame[5], ==, 0xff);
        g_assert_cmphex(frame[11], ==, 0x50 + i);
        g_assert_cmphex(frame[12] << 8 | frame[13], ==,
                        INIC_LAG_ANNOUNCE_ETYPE);
    }
    g_assert_cmpuint(rd(c, INIC_LAG_STAT(INIC_LAG_STAT_ANNOUNCES)), ==, 2);
    set_link(c, "hs0", true);
    g_assert_cmpuint(rd(c, l + INIC_LAG_ACTIVE), ==, 1);   /* no failback */
    ctx_stop(c);
}

/*
 * 1.6: TOE connection handoff. A SYN to a listener on port 0 is answered
 * by the device with a SYN-ACK on the same cable (the host sees nothing);
 * the ACK that returns its cookie lands in ring 0 with STA_TOE and the
 * negotiated MSS (no options in the SYN: 536).
 */
static void test_toe(void)
{
    Ctx *c = ctx_start();
    const uint64_t t = INIC_TOE_BASE;
    static const uint8_t lsn_ip[4] = { 161, 142, 100, 80 };
    uint8_t frame[64], got[128];
    struct inic_rx_desc d;
    uint64_t ring, buf;
    uint32_t len, cookie, addr;
    uint8_t *th = frame + 34;
    uint16_t ck;

    g_assert_cmphex(rd(c, INIC_REG_CAPS) & INIC_CAP_TOE, ==, INIC_CAP_TOE);
    wr(c, t + INIC_TOE_WSCALE, 15);                     /* refused */
    g_assert_cmpuint(rd(c, t + INIC_TOE_REFUSED), ==, 1);
    wr(c, INIC_PORT_BASE(0) + INIC_PORT_CTRL,
       INIC_PORT_CTRL_RX_EN | INIC_PORT_CTRL_TX_EN);
    ring = ring_setup(c, 0, true, 0, 1);
    buf = guest_alloc(&c->qs->alloc, 128);
    put_rxd(c, ring, 0, buf, 128);
    wr(c, ring_reg(0, true, INIC_RR_TAIL), 1);
    wr(c, t + INIC_TOE_SECRET(0), 0x12345678);
    memcpy(&addr, lsn_ip, 4);
    wr(c, t + INIC_TOE_LSN(0) + INIC_TOE_LSN_ADDR(0), addr);
    wr(c, t + INIC_TOE_LSN(0) + INIC_TOE_LSN_CTRL,
       INIC_TOE_LSN_VAL(1766, 0, INIC_TOE_LSN_ENABLE));
    wr(c, t + INIC_TOE_CTRL, INIC_TOE_CTRL_ALL);

    /* SYN, seq 0x10000000: answered by the device. */
    len = make_tcp4(frame, mac0, 0, false);
    th[13] = 0x02;
    th[16] = th[17] = 0;
    ck = ~ref_sum(th, 20, tcp4_pseudo(frame + 14, 20));
    th[16] = ck >> 8;
    th[17] = ck;
    sock_send(c, 0, frame, len);
    len = sock_recv(c, 0, got, sizeof(got));
    g_assert_cmpuint(len, ==, 58);                      /* + MSS option */
    g_assert_true(tcp4_ok(got, len));
    g_assert_cmphex(got[34 + 13], ==, 0x12);            /* SYN ACK */
    g_assert_cmphex(ldl_be_p(got + 34 + 8), ==, 0x10000001);
    cookie = ldl_be_p(got + 34 + 4);
    g_assert_cmpuint(rd64(c, INIC_TOE_STAT(0, INIC_TOE_STAT_SYN_ANSWERED)),
                     ==, 1);
    g_assert_cmpuint(rd(c, ring_reg(0, true, INIC_RR_HEAD)), ==, 0);

    /* The ACK with the cookie: to the host, with STA_TOE. */
    th[13] = 0x10;
    stl_be_p(th + 4, 0x10000001);
    stl_be_p(th + 8, cookie + 1);
    th[16] = th[17] = 0;
    ck = ~ref_sum(th, 20, tcp4_pseudo(frame + 14, 20));
    th[16] = ck >> 8;
    th[17] = ck;
    sock_send(c, 0, frame, 54);
    wait_reg(c, ring_reg(0, true, INIC_RR_HEAD), ~0u, 1);
    get_rxd(c, ring, 0, &d);
    g_assert_cmphex(le16_to_cpu(d.status) & INIC_RXD_STA_TOE, ==,
                    INIC_RXD_STA_TOE);
    g_assert_cmpuint(le16_to_cpu(d.toe_mss), ==, 536);
    g_assert_cmphex(d.toe_flags, ==, 0);
    g_assert_cmpuint(rd64(c, INIC_TOE_STAT(0, INIC_TOE_STAT_HANDSHAKES)),
                     ==, 1);
    ctx_stop(c);
}

/*
 * 1.8: a VNIC on PF ring pair 2 of port 0: a frame for its MAC from the
 * wire lands on its ring with its ring's vector (not the PF's ring 0),
 * what it sends from its MAC leaves on the wire, a spoofed frame does not.
 */
static void test_vnic(void)
{
    Ctx *c = ctx_start();
    const uint8_t vmac[6] = { 0x02, 0x11, 0x00, 0x00, 0x00, 0x0a };
    const uint8_t peer[6] = { 0x02, 0xaa, 0x00, 0x00, 0x00, 0x09 };
    const uint64_t v = INIC_VNIC_BASE(3);
    const unsigned q = 2, vec = 1 + q;
    uint8_t frame[64], got[64];
    struct inic_rx_desc d;
    uint64_t rxr, txr, buf, tbuf;
    uint32_t len;

    g_assert_cmphex(rd(c, INIC_REG_CAPS) & INIC_CAP_VNIC, ==, INIC_CAP_VNIC);
    /* A bad ring group is refused with its reason. */
    wr(c, v + INIC_VNIC_MAC_LO, vmac[0] | vmac[1] << 8 | vmac[2] << 16 |
                                (uint32_t)vmac[3] << 24);
    wr(c, v + INIC_VNIC_MAC_HI, vmac[4] | vmac[5] << 8);
    wr(c, v + INIC_VNIC_RING_BASE, NPORTS * NQUEUES);
    wr(c, v + INIC_VNIC_CTRL, INIC_VNIC_CTRL_ENABLE);
    g_assert_cmpuint(rd(c, v + INIC_VNIC_CTRL), ==, 0);
    g_assert_cmphex(rd(c, v + INIC_VNIC_STATUS) &
                    INIC_VNIC_STATUS_REFUSED_MASK, ==,
                    INIC_VNIC_REF_RINGS << INIC_VNIC_STATUS_REFUSED_SHIFT);
    g_assert_cmpuint(rd(c, INIC_REG_ERR_COUNT(INIC_ERR_BAD_VALUE)), ==, 1);
    wr(c, v + INIC_VNIC_RING_BASE, q);
    wr(c, v + INIC_VNIC_CTRL, INIC_VNIC_CTRL_ENABLE);
    g_assert_cmphex(rd(c, v + INIC_VNIC_STATUS), ==,
                    INIC_VNIC_STATUS_ENABLED | INIC_VNIC_STATUS_LINK);

    rxr = ring_setup(c, q, true, 0, vec);
    buf = guest_alloc(&c->qs->alloc, 64);
    put_rxd(c, rxr, 0, buf, 64);
    wr(c, ring_reg(q, true, INIC_RR_INT_ARM), INIC_INT_ARM | 0);
    wr(c, ring_reg(q, true, INIC_RR_TAIL), 1);
    make_frame(frame, sizeof(frame), vmac);
    sock_send(c, 0, frame, sizeof(frame));
    wait_reg(c, ring_reg(q, true, INIC_RR_HEAD), ~0u, 1);
    get_rxd(c, rxr, 0, &d);
    g_assert_cmpuint(le16_to_cpu(d.len), ==, 64);
    qtest_memread(c->qs->qts, buf, got, 64);
    g_assert_cmpmem(got, 64, frame, 64);
    wait_msix(c, vec);
    g_assert_cmpuint(rd64(c, v + INIC_VNIC_STAT(INIC_VNSTAT_RX_PKTS)), ==, 1);
    g_assert_cmpuint(rd64(c, INIC_PORT_BASE(0) +
                          INIC_PORT_STAT(INIC_PSTAT_RX_PKTS)), ==, 0);

    /* Transmit: a spoofed frame is dropped, its own goes out. */
    txr = ring_setup(c, q, false, 0, vec);
    tbuf = guest_alloc(&c->qs->alloc, 128);
    make_frame(frame, sizeof(frame), peer);     /* a source not its own */
    qtest_memwrite(c->qs->qts, tbuf, frame, sizeof(frame));
    memcpy(frame + 6, vmac, 6);
    qtest_memwrite(c->qs->qts, tbuf + 64, frame, sizeof(frame));
    put_txd(c, txr, 0, tbuf, 64, INIC_TXD_CMD_EOP);
    put_txd(c, txr, 1, tbuf + 64, 64, INIC_TXD_CMD_EOP);
    wr(c, ring_reg(q, false, INIC_RR_TAIL), 2);
    len = sock_recv(c, 0, got, sizeof(got));
    g_assert_cmpuint(len, ==, 64);
    g_assert_cmpmem(got, 64, frame, 64);
    wait_reg(c, ring_reg(q, false, INIC_RR_HEAD), ~0u, 2);
    g_assert_cmpuint(rd64(c, v + INIC_VNIC_STAT(INIC_VNSTAT_SPOOF_DROPS)),
                     ==, 1);
    g_assert_cmpuint(rd64(c, v + INIC_VNIC_STAT(INIC_VNSTAT_TX_PKTS)), ==, 1);

    /* A PF reset takes it away. */
    wr(c, INIC_REG_CTRL, INIC_CTRL_RESET);
    g_assert_cmpuint(rd(c, v + INIC_VNIC_CTRL), ==, 0);
    ctx_stop(c);
}

static void test_tx_offload(void)
{
    Ctx *c = ctx_start();
    const unsigned q = NQUEUES;     /* port 1 */
    static uint8_t frame[4200], got[2048], want[4200];
    uint64_t ring, buf;
    size_t len, payload = 4000, mss = 1448, off;
    uint32_t glen;
    unsigned i;

    wr(c, INIC_PORT_BASE(1) + INIC_PORT_CTRL, INIC_PORT_CTRL_TX_EN);
    wr(c, INIC_PORT_BASE(1) + INIC_PORT_OFFLOAD, INIC_PORT_OFFLOAD_TX_CSUM |
       INIC_PORT_OFFLOAD_TSO | INIC_PORT_OFFLOAD_VLAN_INSERT);
    ring = ring_setup(c, q, false, 1, 1 + q);
    buf = guest_alloc(&c->qs->alloc, sizeof(frame));

    /* Checksum: the device completes CHECKSUM_PARTIAL. */
    len = make_tcp4(frame, mac0, 301, false);
    make_tcp4(want, mac0, 301, true);
    qtest_memwrite(c->qs->qts, buf, frame, len);
    put_txd_off(c, ring, 0, buf, len, INIC_TXD_CMD_EOP | INIC_TXD_CMD_CSUM,
                34, 16, 0);
    wr(c, ring_reg(q, false, INIC_RR_TAIL), 1);
    glen = sock_recv(c, 1, got, sizeof(got));
    g_assert_cmpuint(glen, ==, len);
    g_assert_true(tcp4_ok(got, glen));
    g_assert_cmpmem(got, glen, want, len);

    /* TSO + VLAN: 4000 bytes in 1448-byte segments, each tagged. */
    len = make_tcp4(frame, mac0, payload, false);
    qtest_memwrite(c->qs->qts, buf, frame, len);
    put_txd_off(c, ring, 1, buf, 100, INIC_TXD_CMD_TSO | INIC_TXD_CMD_VLAN,
                mss, 54, 0x6007);
    put_txd_off(c, ring, 2, buf + 100, len - 100, INIC_TXD_CMD_EOP, 0, 0, 0);
    wr(c, ring_reg(q, false, INIC_RR_TAIL), 3);
    for (i = 0, off = 0; off < payload; i++, off += mss) {
        size_t plen = MIN(mss, payload - off);
        uint8_t untagged[2048];

        glen = sock_recv(c, 1, got, sizeof(got));
        g_assert_cmpuint(glen, ==, 4 + 54 + plen);
        g_assert_cmphex(got[12] << 8 | got[13], ==, 0x8100);
        g_assert_cmphex(got[14] << 8 | got[15], ==, 0x6007);
        memcpy(untagged, got, 12);
        memcpy(untagged + 12, got + 16, glen - 16);
        g_assert_true(tcp4_ok(untagged, glen - 4));
        g_assert_cmpmem(untagged + 54, plen, frame + 54 + off, plen);
        /* seq, IP id, flags: FIN/PSH only on the last segment */
        g_assert_cmphex(ldl_be_p(untagged + 38), ==, 0x10000000 + off);
        g_assert_cmphex(lduw_be_p(untagged + 18), ==, 0x1234 + i);
        g_assert_cmphex(untagged[47], ==,
                        off + mss >= payload ? 0x19 : 0x10);
    }
    g_assert_cmpuint(i, ==, 3);
    wait_reg(c, ring_reg(q, false, INIC_RR_HEAD), ~0u, 3);
    g_assert_cmpuint(pstat(c, 1, INIC_PSTAT_TX_PKTS), ==, 4);
    g_assert_cmpuint(rd64(c, ring_stat(q, false, INIC_RSTAT_PKTS)), ==, 4);
    g_assert_cmpuint(pstat(c, 1, INIC_PSTAT_TX_BYTES), ==,
                     355 + payload + 3 * (54 + 4));

    /* TSO with mss 0: refused, counted, QEMU fine. */
    put_txd_off(c, ring, 3, buf, len, INIC_TXD_CMD_EOP | INIC_TXD_CMD_TSO,
                0, 54, 0);
    wr(c, ring_reg(q, false, INIC_RR_TAIL), 4);
    wait_reg(c, ring_reg(q, false, INIC_RR_HEAD), ~0u, 4);
    g_assert_cmpuint(rd(c, INIC_REG_ERR_COUNT(INIC_ERR_BAD_OFFLOAD)), ==, 1);
    g_assert_cmpuint(rd64(c, ring_stat(q, false, INIC_RSTAT_ERRORS)), ==, 1);
    ctx_stop(c);
}

/* RX: VLAN strip, checksum status, multicast filter. */
static void test_rx_offload(void)
{
    Ctx *c = ctx_start();
    static const uint8_t mc[6] = { 0x01, 0x00, 0x5e, 0x00, 0x00, 0x01 };
    uint8_t frame[300], tagged[304];
    struct inic_rx_desc d;
    uint64_t ring, buf[8];
    size_t len;
    unsigned i;

    wr(c, INIC_PORT_BASE(0) + INIC_PORT_CTRL, INIC_PORT_CTRL_RX_EN);
    wr(c, INIC_PORT_BASE(0) + INIC_PORT_OFFLOAD,
       INIC_PORT_OFFLOAD_VLAN_STRIP | INIC_PORT_OFFLOAD_RX_CSUM);
    ring = ring_setup(c, 0, true, 0, 1);
    for (i = 0; i < 8; i++) {
        buf[i] = guest_alloc(&c->qs->alloc, BUF_SIZE);
        put_rxd(c, ring, i, buf[i], BUF_SIZE);
    }
    wr(c, ring_reg(0, true, INIC_RR_TAIL), 8);

    len = make_tcp4(frame, mac0, 200, true);
    memcpy(tagged, frame, 12);
    memcpy(tagged + 12, "\x81\x00\x40\x2a", 4);
    memcpy(tagged + 16, frame + 12, len - 12);
    sock_send(c, 0, tagged, len + 4);
    wait_reg(c, ring_reg(0, true, INIC_RR_HEAD), ~0u, 1);
    get_rxd(c, ring, 0, &d);
    g_assert_cmphex(le16_to_cpu(d.status), ==,
                    INIC_RXD_STA_DD | INIC_RXD_STA_EOP | INIC_RXD_STA_VLAN |
                    INIC_RXD_STA_CSUM_OK);
    g_assert_cmphex(le16_to_cpu(d.vlan_tci), ==, 0x402a);
    g_assert_cmpuint(le16_to_cpu(d.len), ==, len);
    {
        uint8_t got[300];
        qtest_memread(c->qs->qts, buf[0], got, len);
        g_assert_cmpmem(got, len, frame, len);
    }
    /* A corrupted segment: delivered with CSUM_ERR, counted. */
    frame[100] ^= 0x55;
    sock_send(c, 0, frame, len);
    wait_reg(c, ring_reg(0, true, INIC_RR_HEAD), ~0u, 2);
    get_rxd(c, ring, 1, &d);
    g_assert_cmphex(le16_to_cpu(d.status), ==,
                    INIC_RXD_STA_DD | INIC_RXD_STA_EOP | INIC_RXD_STA_CSUM_ERR);
    g_assert_cmpuint(rd64(c, ring_stat(0, true, INIC_RSTAT_CSUM_ERR)), ==, 1);

    /* Multicast: accepted until MC_FILTER, then only via the hash. */
    make_frame(frame, 60, mc);
    sock_send(c, 0, frame, 60);
    wait_reg(c, ring_reg(0, true, INIC_RR_HEAD), ~0u, 3);
    wr(c, INIC_PORT_BASE(0) + INIC_PORT_CTRL,
       INIC_PORT_CTRL_RX_EN | INIC_PORT_CTRL_MC_FILTER);
    sock_send(c, 0, frame, 60);
    wait_reg(c, INIC_PORT_BASE(0) + INIC_PORT_STAT(INIC_PSTAT_RX_DROP_FILTER),
             ~0u, 1);
    g_assert_cmpuint(rd64(c, ring_stat(0, true, INIC_RSTAT_DROP_FILTER)), ==,
                     1);
    /* ether_crc_le(01:00:5e:00:00:01) & 0xfff = 0x5fe */
    wr(c, INIC_PTBL_BASE(0) + INIC_PTBL_MC_HASH(0x5fe / 32),
       1u << (0x5fe % 32));
    sock_send(c, 0, frame, 60);
    wait_reg(c, ring_reg(0, true, INIC_RR_HEAD), ~0u, 4);
    g_assert_cmpuint(pstat(c, 0, INIC_PSTAT_RX_PKTS), ==, 4);
    ctx_stop(c);
}

/* Interrupt moderation on the virtual clock. */
static void test_itr(void)
{
    Ctx *c = ctx_start();
    const unsigned vec = 3;
    uint8_t frame[60];
    uint64_t ring, buf;
    unsigned i;

    wr(c, INIC_PORT_BASE(0) + INIC_PORT_CTRL, INIC_PORT_CTRL_RX_EN);
    ring = ring_setup(c, 0, true, 0, vec);
    for (i = 0; i < 8; i++) {
        buf = guest_alloc(&c->qs->alloc, BUF_SIZE);
        put_rxd(c, ring, i, buf, BUF_SIZE);
    }
    wr(c, ring_reg(0, true, INIC_RR_TAIL), 8);
    wr(c, ring_reg(0, true, INIC_RR_ITR_USECS), 5000);
    wr(c, ring_reg(0, true, INIC_RR_INT_ARM), INIC_INT_ARM | 0);
    make_frame(frame, sizeof(frame), mac0);
    sock_send(c, 0, frame, sizeof(frame));
    wait_reg(c, ring_reg(0, true, INIC_RR_HEAD), ~0u, 1);
    g_assert_false(qpci_msix_pending(c->dev, vec));
    qtest_clock_step(c->qs->qts, 2000 * 1000);
    g_assert_false(qpci_msix_pending(c->dev, vec));
    qtest_clock_step(c->qs->qts, 3000 * 1000);
    g_assert_true(qpci_msix_pending(c->dev, vec));
    msix_clear(c, vec);

    /* Packet count: the second frame fires before any time passes. */
    wr(c, ring_reg(0, true, INIC_RR_ITR_USECS), 60000);
    wr(c, ring_reg(0, true, INIC_RR_ITR_PKTS), 2);
    wr(c, ring_reg(0, true, INIC_RR_INT_ARM), INIC_INT_ARM | 1);
    sock_send(c, 0, frame, sizeof(frame));
    wait_reg(c, ring_reg(0, true, INIC_RR_HEAD), ~0u, 2);
    g_assert_false(qpci_msix_pending(c->dev, vec));
    sock_send(c, 0, frame, sizeof(frame));
    wait_reg(c, ring_reg(0, true, INIC_RR_HEAD), ~0u, 3);
    g_assert_true(qpci_msix_pending(c->dev, vec));
    ctx_stop(c);
}

/* ---- SR-IOV (ABI 1.2) ---- */

#define NVFS_TOTAL      8
#define INIC_PCIE_CAP   0xa0    /* the device's PCIe capability */

/*
 * Extended config space (>= 0x100) needs ECAM: the port 0xcf8 mechanism
 * libqos uses reaches 256 bytes only. Map q35's MMCONFIG (PCIEXBAR).
 */
#define ECAM_BASE       0xb0000000ull
static void ecam_enable(Ctx *c)
{
    QPCIDevice *h = qpci_device_find(c->qs->pcibus, 0);

    qpci_config_writel(h, 0x64, 0);
    qpci_config_writel(h, 0x60, (uint32_t)ECAM_BASE | 1);   /* 256 buses */
    g_free(h);
}

static uint64_t ecam(QPCIDevice *d, uint16_t off)
{
    return ECAM_BASE + ((uint64_t)d->devfn << 12) + off;
}

static uint32_t ext_readl(Ctx *c, QPCIDevice *d, uint16_t off)
{
    return qtest_readl(c->qs->qts, ecam(d, off));
}

static uint16_t ext_readw(Ctx *c, QPCIDevice *d, uint16_t off)
{
    return qtest_readw(c->qs->qts, ecam(d, off));
}

static void ext_writel(Ctx *c, QPCIDevice *d, uint16_t off, uint32_t v)
{
    qtest_writel(c->qs->qts, ecam(d, off), v);
}

static void ext_writew(Ctx *c, QPCIDevice *d, uint16_t off, uint16_t v)
{
    qtest_writew(c->qs->qts, ecam(d, off), v);
}

static uint16_t find_ext_cap(Ctx *c, QPCIDevice *d, uint16_t id)
{
    uint16_t off = 0x100;
    unsigned n = 0;

    ecam_enable(c);
    while (off && n++ < 64) {
        uint32_t h = ext_readl(c, d, off);
        if ((h & 0xffff) == id) {
            return off;
        }
        off = h >> 20;
    }
    return 0;
}

/* A VF's config space (qpci_device_find skips its 0xffff vendor ID). */
static QPCIDevice *vf_dev(Ctx *c, unsigned vf)
{
    QPCIDevice *d = g_new0(QPCIDevice, 1);

    d->bus = c->qs->pcibus;
    d->devfn = INIC_DEVFN + INIC_VF_OFFSET + INIC_VF_STRIDE * vf;
    return d;
}

/*
 * Enable n VFs through the PF's SR-IOV capability, place the VF BAR0s and
 * return the address of VF 0's BAR0 (VF i's is + i * INIC_BAR_REGS_SIZE).
 */
static uint64_t sriov_enable(Ctx *c, unsigned n)
{
    uint16_t cap = find_ext_cap(c, c->dev, PCI_EXT_CAP_ID_SRIOV);
    QPCIBus *bus = c->qs->pcibus;
    uint64_t base;
    unsigned i;

    g_assert(cap);
    base = QEMU_ALIGN_UP(bus->mmio_alloc_ptr, INIC_BAR_REGS_SIZE);
    bus->mmio_alloc_ptr = base + NVFS_TOTAL * INIC_BAR_REGS_SIZE;
    g_assert_cmpuint(bus->mmio_alloc_ptr, <=, bus->mmio_limit);
    ext_writel(c, c->dev, cap + PCI_SRIOV_BAR, (uint32_t)base |
                       PCI_BASE_ADDRESS_MEM_TYPE_64);
    ext_writel(c, c->dev, cap + PCI_SRIOV_BAR + 4, base >> 32);
    ext_writew(c, c->dev, cap + PCI_SRIOV_NUM_VF, n);
    ext_writew(c, c->dev, cap + PCI_SRIOV_CTRL,
                       PCI_SRIOV_CTRL_VFE | PCI_SRIOV_CTRL_MSE);
    for (i = 0; i < n; i++) {
        QPCIDevice *d = vf_dev(c, i);

        /* QEMU maps a VF BAR when the VF's own MEMORY bit is set. */
        qpci_config_writew(d, PCI_COMMAND, PCI_COMMAND_MEMORY);
        g_free(d);
    }
    return base;
}

static uint32_t vrd(Ctx *c, uint64_t bar, unsigned vf, uint64_t off)
{
    return qtest_readl(c->qs->qts, bar + vf * INIC_BAR_REGS_SIZE + off);
}

static void vwr(Ctx *c, uint64_t bar, unsigned vf, uint64_t off, uint32_t v)
{
    qtest_writel(c->qs->qts, bar + vf * INIC_BAR_REGS_SIZE + off, v);
}

static void vf_master(QPCIDevice *d, bool on)
{
    uint16_t cmd = qpci_config_readw(d, PCI_COMMAND);

    cmd = on ? cmd | PCI_COMMAND_MASTER : cmd & ~PCI_COMMAND_MASTER;
    qpci_config_writew(d, PCI_COMMAND, cmd);
}

static void test_sriov_enumerate(void)
{
    Ctx *c = ctx_start();
    uint16_t cap = find_ext_cap(c, c->dev, PCI_EXT_CAP_ID_SRIOV);
    uint64_t bar;
    unsigned i;

    g_assert(cap);
    g_assert(find_ext_cap(c, c->dev, PCI_EXT_CAP_ID_ARI));
    g_assert_cmpuint(ext_readw(c, c->dev, cap + PCI_SRIOV_TOTAL_VF), ==,
                     NVFS_TOTAL);
    g_assert_cmphex(ext_readw(c, c->dev, cap + PCI_SRIOV_VF_DID), ==,
                    INIC_PCI_DEVICE_VF);
    g_assert_cmpuint(ext_readw(c, c->dev, cap + PCI_SRIOV_VF_OFFSET), ==,
                     INIC_VF_OFFSET);
    g_assert_cmpuint(rd(c, INIC_REG_TOTAL_VFS), ==, NVFS_TOTAL);
    g_assert_cmpuint(rd(c, INIC_REG_NUM_VFS), ==, 0);
    /* No VF before VF Enable. */
    g_assert_cmphex(qpci_config_readl(vf_dev(c, 0), PCI_CLASS_REVISION), ==,
                    0xffffffff);

    bar = sriov_enable(c, 4);
    g_assert_cmpuint(rd(c, INIC_REG_NUM_VFS), ==, 4);
    for (i = 0; i < NVFS_TOTAL; i++) {
        QPCIDevice *d = vf_dev(c, i);
        uint32_t cls = qpci_config_readl(d, PCI_CLASS_REVISION);

        if (i >= 4) {
            g_assert_cmphex(cls, ==, 0xffffffff);   /* not enabled */
            g_free(d);
            continue;
        }
        g_assert_cmphex(cls >> 16, ==, 0x0200);   /* Ethernet */
        g_assert_cmphex(qpci_config_readw(d, PCI_VENDOR_ID), ==, 0xffff);
        g_assert(qpci_config_readl(d, INIC_PCIE_CAP + PCI_EXP_DEVCAP) &
                 PCI_EXP_DEVCAP_FLR);
        g_assert_cmpuint(qpci_msix_table_size(d), ==, INIC_VF_VECTORS);
        /* Its own register file. */
        g_assert_cmphex(vrd(c, bar, i, INIC_REG_ID), ==, INIC_ID_MAGIC);
        g_assert_cmphex(vrd(c, bar, i, INIC_REG_FUNC), ==, INIC_FUNC_VF | i);
        g_assert_cmpuint(vrd(c, bar, i, INIC_REG_NUM_RINGS), ==,
                         rd(c, INIC_VF_BASE(i) + INIC_VF_RING_COUNT));
        g_assert_cmpuint(vrd(c, bar, i, INIC_REG_NUM_PORTS), ==, 1);
        g_free(d);
    }
    /* The PF assigns rings: the VF sees it. */
    wr(c, INIC_VF_BASE(1) + INIC_VF_RING_COUNT, 2);
    g_assert_cmpuint(vrd(c, bar, 1, INIC_REG_NUM_RINGS), ==, 2);
    /* VF Enable off: gone. */
    ext_writew(c, c->dev, cap + PCI_SRIOV_CTRL, 0);
    g_assert_cmpuint(rd(c, INIC_REG_NUM_VFS), ==, 0);
    g_assert_cmphex(qpci_config_readl(vf_dev(c, 0), PCI_CLASS_REVISION), ==,
                    0xffffffff);
    ctx_stop(c);
}

/*
 * A VF's rings DMA through the VF's own function: its bus-master bit gates
 * them (not the PF's), and its ring 0 is a pool ring, not the PF's ring 0.
 */
static void test_sriov_dma(void)
{
    Ctx *c = ctx_start();
    uint64_t bar = sriov_enable(c, 2);
    QPCIDevice *vf1 = vf_dev(c, 1);
    uint64_t ring = guest_alloc(&c->qs->alloc, RING_SIZE * INIC_DESC_SIZE);
    uint64_t buf = guest_alloc(&c->qs->alloc, BUF_SIZE);
    uint8_t zero[RING_SIZE * INIC_DESC_SIZE] = { 0 };
    uint8_t f[60];
    struct inic_rx_desc d;
    const uint8_t vfmac[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x42 };

    qtest_memwrite(c->qs->qts, ring, zero, sizeof(zero));
    wr(c, INIC_VF_BASE(1) + INIC_VF_MAC_LO, 0x00000002);
    wr(c, INIC_VF_BASE(1) + INIC_VF_MAC_HI, 0x4200);
    qpci_config_writew(vf1, PCI_COMMAND, PCI_COMMAND_MEMORY);
    vwr(c, bar, 1, ring_reg(0, true, INIC_RR_BASE_LO), (uint32_t)ring);
    vwr(c, bar, 1, ring_reg(0, true, INIC_RR_BASE_HI), ring >> 32);
    vwr(c, bar, 1, ring_reg(0, true, INIC_RR_SIZE), RING_SIZE);
    vwr(c, bar, 1, ring_reg(0, true, INIC_RR_CTRL), INIC_RR_CTRL_ENABLE);
    g_assert_cmphex(vrd(c, bar, 1, ring_reg(0, true, INIC_RR_STATUS)), ==,
                    INIC_RR_STATUS_ENABLED);
    g_assert_cmphex(rd(c, ring_reg(0, true, INIC_RR_STATUS)), ==, 0);
    put_rxd(c, ring, 0, buf, BUF_SIZE);
    vwr(c, bar, 1, ring_reg(0, true, INIC_RR_TAIL), 1);
    vwr(c, bar, 1, INIC_PORT_BASE(0) + INIC_PORT_CTRL, INIC_PORT_CTRL_RX_EN);
    g_assert_cmphex(vrd(c, bar, 1, INIC_REG_STATUS), ==, 0);

    /* PF bus master on, VF's off: a frame for the VF is not DMAed. */
    make_frame(f, sizeof(f), vfmac);
    sock_send(c, 0, f, sizeof(f));
    wait_reg(c, INIC_VF_BASE(1) + INIC_VF_STAT(INIC_VSTAT_RX_DROPS), ~0u, 1);
    get_rxd(c, ring, 0, &d);
    g_assert_cmphex(le16_to_cpu(d.status), ==, 0);

    /* The VF's own bus master: delivered into its ring. */
    vf_master(vf1, true);
    g_assert_cmphex(vrd(c, bar, 1, INIC_REG_STATUS), ==,
                    INIC_STATUS_BUS_MASTER);
    g_assert(rd(c, INIC_VF_BASE(1) + INIC_VF_STATUS) &
             INIC_VF_STATUS_BUS_MASTER);
    sock_send(c, 0, f, sizeof(f));
    wait_reg(c, INIC_VF_BASE(1) + INIC_VF_STAT(INIC_VSTAT_RX_PKTS), ~0u, 1);
    get_rxd(c, ring, 0, &d);
    g_assert_cmphex(le16_to_cpu(d.status) & INIC_RXD_STA_DD, ==,
                    INIC_RXD_STA_DD);
    g_assert_cmpuint(vrd(c, bar, 1, ring_reg(0, true, INIC_RR_HEAD)), ==, 1);
    /* The PF's port never saw it (switched by MAC, no promiscuity). */
    g_assert_cmpuint(rd64(c, INIC_PORT_BASE(0) +
                          INIC_PORT_STAT(INIC_PSTAT_RX_PKTS)), ==, 0);
    g_assert_cmpuint(rd(c, INIC_REG_ERR_TOTAL), ==, 0);
    /* VF 1 cannot reach the PF's or VF 0's rings or the VF table. */
    vwr(c, bar, 1, INIC_RING_BASE(INIC_VF_MAX_RINGS - 1), 0x1234);
    vwr(c, bar, 1, INIC_VF_BASE(0) + INIC_VF_CTRL, INIC_VF_CTRL_TRUST);
    g_assert_cmphex(rd(c, INIC_VF_BASE(0) + INIC_VF_CTRL), ==, 0);
    g_assert_cmpuint(vrd(c, bar, 1, INIC_REG_ERR_COUNT(INIC_ERR_BAD_REG)),
                     ==, 2);
    g_assert_cmpuint(rd(c, INIC_REG_ERR_TOTAL), ==, 0);
    g_free(vf1);
    ctx_stop(c);
}

static void test_sriov_flr(void)
{
    Ctx *c = ctx_start();
    uint64_t bar = sriov_enable(c, 2);
    QPCIDevice *vf[2] = { vf_dev(c, 0), vf_dev(c, 1) };
    uint64_t ring = guest_alloc(&c->qs->alloc, RING_SIZE * INIC_DESC_SIZE);
    unsigned i;

    for (i = 0; i < 2; i++) {
        qpci_config_writew(vf[i], PCI_COMMAND,
                           PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
        vwr(c, bar, i, ring_reg(0, false, INIC_RR_BASE_LO), (uint32_t)ring);
        vwr(c, bar, i, ring_reg(0, false, INIC_RR_SIZE), RING_SIZE);
        vwr(c, bar, i, ring_reg(0, false, INIC_RR_CTRL), INIC_RR_CTRL_ENABLE);
        vwr(c, bar, i, INIC_REG_SCRATCH, 0x100 + i);
    }
    wr(c, INIC_VF_BASE(0) + INIC_VF_VLAN, 5);
    /* FLR of VF 0 through its PCIe capability. */
    qpci_config_writew(vf[0], INIC_PCIE_CAP + PCI_EXP_DEVCTL,
                       qpci_config_readw(vf[0], INIC_PCIE_CAP +
                                         PCI_EXP_DEVCTL) |
                       PCI_EXP_DEVCTL_BCR_FLR);
    g_assert_cmpuint(rd(c, INIC_VF_BASE(0) + INIC_VF_FLR_COUNT), ==, 1);
    g_assert_cmpuint(rd(c, INIC_VF_BASE(1) + INIC_VF_FLR_COUNT), ==, 0);
    g_assert(rd(c, INIC_REG_VF_EVENTS) & 1);
    /* The FLR cleared VF 0's command register: map it again. */
    qpci_config_writew(vf[0], PCI_COMMAND, PCI_COMMAND_MEMORY);
    g_assert_cmphex(vrd(c, bar, 0, ring_reg(0, false, INIC_RR_STATUS)), ==, 0);
    g_assert_cmphex(vrd(c, bar, 0, INIC_REG_SCRATCH), ==, 0);
    /* VF 1 untouched; the PF's policy for VF 0 kept. */
    g_assert_cmphex(vrd(c, bar, 1, ring_reg(0, false, INIC_RR_STATUS)), ==,
                    INIC_RR_STATUS_ENABLED);
    g_assert_cmphex(vrd(c, bar, 1, INIC_REG_SCRATCH), ==, 0x101);
    g_assert_cmpuint(rd(c, INIC_VF_BASE(0) + INIC_VF_VLAN), ==, 5);
    g_assert_cmphex(rd(c, INIC_REG_SCRATCH), ==, 0);
    g_assert_cmphex(rd(c, INIC_REG_ID), ==, INIC_ID_MAGIC);
    g_free(vf[0]);
    g_free(vf[1]);
    ctx_stop(c);
}

/*
 * VF 0's receive DMA aimed at VF 1's BAR0 (another QEMU device, so QEMU's
 * per-device re-entrancy guard lets it through): the core refuses the
 * register access instead of running it inside the receive, counts it in
 * VF 1's REENTRANT errors, and QEMU carries on.
 */
static void test_sriov_reentrancy(void)
{
    Ctx *c = ctx_start();
    uint64_t bar = sriov_enable(c, 2);
    QPCIDevice *vf[2] = { vf_dev(c, 0), vf_dev(c, 1) };
    uint64_t ring[2], buf = guest_alloc(&c->qs->alloc, BUF_SIZE);
    uint8_t zero[RING_SIZE * INIC_DESC_SIZE] = { 0 };
    const uint8_t vfmac[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x42 };
    uint8_t f[100], got[92];
    struct inic_rx_desc d;
    unsigned i;

    wr(c, INIC_VF_BASE(0) + INIC_VF_MAC_LO, 0x00000002);
    wr(c, INIC_VF_BASE(0) + INIC_VF_MAC_HI, 0x4200);
    for (i = 0; i < 2; i++) {
        ring[i] = guest_alloc(&c->qs->alloc, RING_SIZE * INIC_DESC_SIZE);
        qtest_memwrite(c->qs->qts, ring[i], zero, sizeof(zero));
        qpci_config_writew(vf[i], PCI_COMMAND,
                           PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
        vwr(c, bar, i, ring_reg(0, true, INIC_RR_BASE_LO), (uint32_t)ring[i]);
        vwr(c, bar, i, ring_reg(0, true, INIC_RR_BASE_HI), ring[i] >> 32);
        vwr(c, bar, i, ring_reg(0, true, INIC_RR_SIZE), RING_SIZE);
        vwr(c, bar, i, ring_reg(0, true, INIC_RR_CTRL), INIC_RR_CTRL_ENABLE);
        vwr(c, bar, i, INIC_PORT_BASE(0) + INIC_PORT_CTRL,
            INIC_PORT_CTRL_RX_EN);
    }
    vwr(c, bar, 1, ring_reg(0, true, INIC_RR_TAIL), 4);
    /* VF 0's first buffer: 8 bytes over VF 1's RX TAIL and VECTOR. */
    put_rxd(c, ring[0], 0,
            bar + INIC_BAR_REGS_SIZE + ring_reg(0, true, INIC_RR_TAIL), 8);
    put_rxd(c, ring[0], 1, buf, BUF_SIZE);
    vwr(c, bar, 0, ring_reg(0, true, INIC_RR_TAIL), 2);

    make_frame(f, sizeof(f), vfmac);    /* bytes 0-3: TAIL = 2 */
    sock_send(c, 0, f, sizeof(f));
    wait_reg(c, INIC_VF_BASE(0) + INIC_VF_STAT(INIC_VSTAT_RX_PKTS), ~0u, 1);
    get_rxd(c, ring[0], 1, &d);
    g_assert_cmphex(le16_to_cpu(d.status), ==,
                    INIC_RXD_STA_DD | INIC_RXD_STA_EOP);
    qtest_memread(c->qs->qts, buf, got, sizeof(got));
    g_assert_cmpmem(got, sizeof(got), f + 8, sizeof(got));
    /* VF 1's registers were not touched; the refusals are counted. */
    g_assert_cmpuint(vrd(c, bar, 1, ring_reg(0, true, INIC_RR_TAIL)), ==, 4);
    g_assert_cmpuint(vrd(c, bar, 1, ring_reg(0, true, INIC_RR_VECTOR)), ==,
                     0);
    g_assert_cmpuint(vrd(c, bar, 1, INIC_REG_ERR_COUNT(INIC_ERR_REENTRANT)),
                     ==, 2);
    g_assert_cmpuint(vrd(c, bar, 1, INIC_REG_ERR_COUNT(INIC_ERR_BAD_VECTOR)),
                     ==, 0);
    g_assert_cmpuint(rd(c, INIC_REG_ERR_TOTAL), ==, 0);
    g_assert_cmphex(rd(c, INIC_REG_ID), ==, INIC_ID_MAGIC);
    g_free(vf[0]);
    g_free(vf[1]);
    ctx_stop(c);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    qtest_add_func("/inic/registers", test_registers);
    qtest_add_func("/inic/reset", test_reset);
    qtest_add_func("/inic/trace_refused", test_trace_refused);
    qtest_add_func("/inic/link", test_link);
    qtest_add_func("/inic/tx", test_tx);
    qtest_add_func("/inic/rx", test_rx);
    qtest_add_func("/inic/hostile", test_hostile);
    qtest_add_func("/inic/bus_master", test_bus_master);
    qtest_add_func("/inic/rss", test_rss);
    qtest_add_func("/inic/tx_offload", test_tx_offload);
    qtest_add_func("/inic/rx_offload", test_rx_offload);
    qtest_add_func("/inic/itr", test_itr);
    qtest_add_func("/inic/cls", test_cls);
    qtest_add_func("/inic/lag", test_lag);
    qtest_add_func("/inic/toe", test_toe);
    qtest_add_func("/inic/vnic", test_vnic);
    qtest_add_func("/inic/sriov/enumerate", test_sriov_enumerate);
    qtest_add_func("/inic/sriov/dma", test_sriov_dma);
    qtest_add_func("/inic/sriov/flr", test_sriov_flr);
    qtest_add_func("/inic/sriov/reentrancy", test_sriov_reentrancy);

    return g_test_run();
}
