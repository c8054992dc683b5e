// SPDX-License-Identifier: GPL-2.0
/*
 * inic_xsk: the AF_XDP test tool of af_xdp.sh (run in the test VM).
 *
 * Loads bpf/xdp_xsk.bpf.o with libbpf, binds one AF_XDP socket to queue Q
 * of IFACE (copy or zero-copy mode, need_wakeup, the raw socket API of
 * <linux/if_xdp.h>), puts it in the program's XSKMAP, attaches the program
 * in native mode (XDP_FLAGS_DRV_MODE; with --attach-first before the bind,
 * and detached after the socket is closed), then:
 *   --rx N: receives N datagrams to --port that xdp_udp.py sent as
 *     `send DST PORT N MAGIC SIZE` and checks every byte of them (Ethernet
 *     destination, IPv4 header checksum, UDP length and port, the sized()
 *     payload "MAGIC <i>"), each index once;
 *   --tx M: transmits M IPv4 UDP frames from the socket's TX ring
 *     (to --dst-mac, --src-ip -> --dst-ip, UDP to --tx-port, SIZE bytes of
 *     payload "afxdp-tx <i>" in sized() form) and waits until the
 *     completion ring has returned all of them, in the order queued;
 *     --dump FILE first writes each frame as one line of hex, for the peer
 *     to compare byte-exact; --tx-short K makes every Kth descriptor 10
 *     bytes long (not dumped: a driver must refuse it yet complete it).
 * Prints "ready" once the socket is bound and the program attached, then
 * one line per phase; exits 0 when every check passed, 1 when one failed
 * (with one line saying what), 2 on bad usage.
 *
 * --expect-bind-error ERRNO: the bind must fail with that errno (a mode
 * the driver does not offer, a queue it does not have); exit 0 if it does.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <linux/if_ether.h>
#include <linux/if_link.h>
#include <linux/if_xdp.h>
#include <net/if.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#ifndef SOL_XDP
#define SOL_XDP 283
#endif

#define NUM_FRAMES	4096
#define FRAME_SIZE	2048	/* chunk size: a frame per chunk */
#define RING_SIZE	1024	/* every ring; fill and RX use chunks 0..1023 */
#define TX_FIRST	2048	/* TX frames start at this chunk */
#define HEAD		32	/* sized(): the text padded to 32 bytes */

struct ring {
	uint32_t *producer;
	uint32_t *consumer;
	uint32_t *flags;
	void *descs;
	uint32_t size;
	void *map;
	size_t map_len;
};

static struct {
	const char *ifname;
	int ifindex;
	uint32_t queue;
	const char *obj_path;
	bool zerocopy;
	bool attach_first;
	int expect_bind_err;
	uint16_t port;
	long rx;
	const char *magic;
	long size;
	long tx;
	long tx_short;
	uint8_t src_mac[ETH_ALEN], dst_mac[ETH_ALEN];
	struct in_addr src_ip, dst_ip;
	uint16_t tx_port;
	const char *dump;
	double timeout;
} opt = {
	.expect_bind_err = -1,
	.magic = "afxdp",
	.size = 200,
	.timeout = 30,
};

static volatile sig_atomic_t stop;
static int attached_ifindex;

static void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("inic_xsk: ", stdout);
	vprintf(fmt, ap);
	fputc('\n', stdout);
	va_end(ap);
	if (attached_ifindex)
		bpf_xdp_detach(attached_ifindex, XDP_FLAGS_DRV_MODE, NULL);
	exit(1);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

/* xdp_udp.py sized(): text padded to HEAD, pattern(n), "END!" */
static void sized(uint8_t *p, const char *text, long size)
{
	long n = size - HEAD - 4, j;
	size_t tl = strlen(text);

	memset(p, ' ', HEAD);
	memcpy(p, text, tl < HEAD ? tl : HEAD);
	for (j = 0; j < n; j++)
		p[HEAD + j] = (uint8_t)((j * 7 + n) & 0xff);
	memcpy(p + HEAD + n, "END!", 4);
}

static uint16_t csum(const void *data, size_t len, uint32_t sum)
{
	const uint8_t *p = data;

	while (len > 1) {
		sum += (uint32_t)p[0] << 8 | p[1];
		p += 2;
		len -= 2;
	}
	if (len)
		sum += (uint32_t)p[0] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static bool parse_mac(const char *s, uint8_t *mac)
{
	unsigned int b[ETH_ALEN];
	int i;

	if (sscanf(s, "%x:%x:%x:%x:%x:%x", &b[0], &b[1], &b[2], &b[3], &b[4],
		   &b[5]) != ETH_ALEN)
		return false;
	for (i = 0; i < ETH_ALEN; i++) {
		if (b[i] > 255)
			return false;
		mac[i] = (uint8_t)b[i];
	}
	return true;
}

static void read_mac(const char *ifname, uint8_t *mac)
{
	char path[128], buf[64];
	FILE *f;

	snprintf(path, sizeof(path), "/sys/class/net/%s/address", ifname);
	f = fopen(path, "r");
	if (!f || !fgets(buf, sizeof(buf), f) || !parse_mac(buf, mac))
		die("cannot read the MAC address of %s", ifname);
	fclose(f);
}

static void usage(void)
{
	fputs("usage: inic_xsk IFACE QUEUE BPF_OBJ [--zerocopy] [--attach-first]\n"
	      "  [--port P]\n"
	      "  [--rx N --magic M] [--size S] [--tx M --dst-mac MAC\n"
	      "  --src-ip A --dst-ip B --tx-port P2 [--dump FILE] [--tx-short K]]\n"
	      "  [--timeout SEC] [--expect-bind-error ERRNO]\n", stderr);
	exit(2);
}

static long num(const char *s, long lo, long hi)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 0);
	if (errno || *end || v < lo || v > hi) {
		fprintf(stderr, "inic_xsk: bad number %s (%ld..%ld)\n", s, lo,
			hi);
		exit(2);
	}
	return v;
}

static void parse_args(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "zerocopy", no_argument, NULL, 'z' },
		{ "attach-first", no_argument, NULL, 'A' },
		{ "port", required_argument, NULL, 'p' },
		{ "rx", required_argument, NULL, 'r' },
		{ "magic", required_argument, NULL, 'm' },
		{ "size", required_argument, NULL, 's' },
		{ "tx", required_argument, NULL, 't' },
		{ "tx-short", required_argument, NULL, 'H' },
		{ "dst-mac", required_argument, NULL, 'D' },
		{ "src-ip", required_argument, NULL, 'S' },
		{ "dst-ip", required_argument, NULL, 'I' },
		{ "tx-port", required_argument, NULL, 'P' },
		{ "dump", required_argument, NULL, 'd' },
		{ "timeout", required_argument, NULL, 'T' },
		{ "expect-bind-error", required_argument, NULL, 'E' },
		{ }
	};
	int c;

	while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		switch (c) {
		case 'z':
			opt.zerocopy = true;
			break;
		case 'A':
			opt.attach_first = true;
			break;
		case 'p':
			opt.port = num(optarg, 1, 65535);
			break;
		case 'r':
			opt.rx = num(optarg, 0, 100000);
			break;
		case 'm':
			opt.magic = optarg;
			break;
		case 's':
			opt.size = num(optarg, HEAD + 4, 1400);
			break;
		case 't':
			opt.tx = num(optarg, 0, 100000);
			break;
		case 'H':
			opt.tx_short = num(optarg, 1, 100000);
			break;
		case 'D':
			if (!parse_mac(optarg, opt.dst_mac))
				usage();
			break;
		case 'S':
			if (inet_pton(AF_INET, optarg, &opt.src_ip) != 1)
				usage();
			break;
		case 'I':
			if (inet_pton(AF_INET, optarg, &opt.dst_ip) != 1)
				usage();
			break;
		case 'P':
			opt.tx_port = num(optarg, 1, 65535);
			break;
		case 'd':
			opt.dump = optarg;
			break;
		case 'T':
			opt.timeout = num(optarg, 1, 3600);
			break;
		case 'E':
			opt.expect_bind_err = num(optarg, 1, 4095);
			break;
		default:
			usage();
		}
	}
	if (argc - optind != 3)
		usage();
	opt.ifname = argv[optind];
	opt.queue = num(argv[optind + 1], 0, 63);
	opt.obj_path = argv[optind + 2];
	if ((opt.rx && !opt.port) ||
	    (opt.tx && (!opt.tx_port || !opt.src_ip.s_addr ||
			!opt.dst_ip.s_addr)))
		usage();
	opt.ifindex = if_nametoindex(opt.ifname);
	if (!opt.ifindex) {
		fprintf(stderr, "inic_xsk: no interface %s\n", opt.ifname);
		exit(2);
	}
}

/* ---- The socket ---- */

static int xsk;
static uint8_t *umem;
static struct ring fill, comp, rxr, txr;

static void ring_map(struct ring *r, const struct xdp_ring_offset *o,
		     size_t desc_size, off_t pgoff)
{
	r->size = RING_SIZE;
	r->map_len = o->desc + RING_SIZE * desc_size;
	r->map = mmap(NULL, r->map_len, PROT_READ | PROT_WRITE,
		      MAP_SHARED | MAP_POPULATE, xsk, pgoff);
	if (r->map == MAP_FAILED)
		die("mmap of a ring: %s", strerror(errno));
	r->producer = (uint32_t *)((char *)r->map + o->producer);
	r->consumer = (uint32_t *)((char *)r->map + o->consumer);
	r->flags = (uint32_t *)((char *)r->map + o->flags);
	r->descs = (char *)r->map + o->desc;
}

/* Make the socket and its UMEM; false: bind failed (errno kept). */
static bool xsk_open(void)
{
	struct xdp_umem_reg mr = {
		.len = (uint64_t)NUM_FRAMES * FRAME_SIZE,
		.chunk_size = FRAME_SIZE,
	};
	struct xdp_mmap_offsets off;
	struct sockaddr_xdp sxdp = {
		.sxdp_family = AF_XDP,
		.sxdp_ifindex = opt.ifindex,
		.sxdp_queue_id = opt.queue,
		.sxdp_flags = XDP_USE_NEED_WAKEUP |
			      (opt.zerocopy ? XDP_ZEROCOPY : XDP_COPY),
	};
	socklen_t ol = sizeof(off);
	int size = RING_SIZE;
	uint32_t i;

	xsk = socket(AF_XDP, SOCK_RAW, 0);
	if (xsk < 0)
		die("socket(AF_XDP): %s", strerror(errno));
	umem = mmap(NULL, mr.len, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	if (umem == MAP_FAILED)
		die("UMEM mmap: %s", strerror(errno));
	mr.addr = (uintptr_t)umem;
	if (setsockopt(xsk, SOL_XDP, XDP_UMEM_REG, &mr, sizeof(mr)))
		die("XDP_UMEM_REG: %s", strerror(errno));
	if (setsockopt(xsk, SOL_XDP, XDP_UMEM_FILL_RING, &size, sizeof(size)) ||
	    setsockopt(xsk, SOL_XDP, XDP_UMEM_COMPLETION_RING, &size,
		       sizeof(size)) ||
	    setsockopt(xsk, SOL_XDP, XDP_RX_RING, &size, sizeof(size)) ||
	    setsockopt(xsk, SOL_XDP, XDP_TX_RING, &size, sizeof(size)))
		die("ring setsockopt: %s", strerror(errno));
	if (getsockopt(xsk, SOL_XDP, XDP_MMAP_OFFSETS, &off, &ol))
		die("XDP_MMAP_OFFSETS: %s", strerror(errno));
	ring_map(&fill, &off.fr, sizeof(uint64_t), XDP_UMEM_PGOFF_FILL_RING);
	ring_map(&comp, &off.cr, sizeof(uint64_t),
		 XDP_UMEM_PGOFF_COMPLETION_RING);
	ring_map(&rxr, &off.rx, sizeof(struct xdp_desc), XDP_PGOFF_RX_RING);
	ring_map(&txr, &off.tx, sizeof(struct xdp_desc), XDP_PGOFF_TX_RING);

	/* Every RX chunk on the fill ring before the bind. */
	for (i = 0; i < RING_SIZE; i++)
		((uint64_t *)fill.descs)[i] = (uint64_t)i * FRAME_SIZE;
	__atomic_store_n(fill.producer, RING_SIZE, __ATOMIC_RELEASE);

	return bind(xsk, (struct sockaddr *)&sxdp, sizeof(sxdp)) == 0;
}

/* Give a received chunk back on the fill ring (it always has room). */
static void fill_put(uint64_t addr)
{
	uint32_t p = *fill.producer;

	((uint64_t *)fill.descs)[p & (fill.size - 1)] =
		addr & ~(uint64_t)(FRAME_SIZE - 1);
	__atomic_store_n(fill.producer, p + 1, __ATOMIC_RELEASE);
}

/* ---- RX ---- */

static long rx_bad;

static void rx_bad_frame(long n, const char *why)
{
	if (++rx_bad <= 5)
		printf("rx frame %ld: %s\n", n, why);
}

/* Check one received frame; its index in *idx. */
static bool rx_check(const uint8_t *f, uint32_t len, long n, long *idx)
{
	const uint8_t *ip = f + ETH_HLEN, *udp = ip + 20, *pl = udp + 8;
	uint8_t want[1500];
	char text[HEAD + 1];
	uint32_t ulen;
	char *end;

	if (len < ETH_HLEN + 20 + 8 + HEAD + 4) {
		rx_bad_frame(n, "too short");
		return false;
	}
	if (memcmp(f, opt.src_mac, ETH_ALEN) || f[12] != 0x08 || f[13] != 0) {
		rx_bad_frame(n, "not IPv4 to this port's MAC");
		return false;
	}
	if (ip[0] != 0x45 || ip[9] != 17 || csum(ip, 20, 0)) {
		rx_bad_frame(n, "bad IPv4 header or checksum");
		return false;
	}
	ulen = (uint32_t)udp[4] << 8 | udp[5];
	if (((uint32_t)udp[2] << 8 | udp[3]) != opt.port ||
	    ulen != 8 + (uint32_t)opt.size ||
	    len < ETH_HLEN + 20 + ulen) {
		rx_bad_frame(n, "wrong UDP port or length");
		return false;
	}
	memcpy(text, pl, HEAD);
	text[HEAD] = 0;
	if (strncmp(text, opt.magic, strlen(opt.magic)) ||
	    text[strlen(opt.magic)] != ' ') {
		rx_bad_frame(n, "not the magic");
		return false;
	}
	*idx = strtol(text + strlen(opt.magic) + 1, &end, 10);
	if (*idx < 0 || *idx >= opt.rx) {
		rx_bad_frame(n, "index out of range");
		return false;
	}
	*end = 0;
	sized(want, text, opt.size);
	if (memcmp(pl, want, opt.size)) {
		rx_bad_frame(n, "payload bytes differ");
		return false;
	}
	return true;
}

static int do_rx(void)
{
	uint8_t *seen = calloc(opt.rx, 1);
	double end = now() + opt.timeout;
	long good = 0, frames = 0, dup = 0, idx;
	struct pollfd pfd = { .fd = xsk, .events = POLLIN };

	if (!seen)
		die("out of memory");
	while (good < opt.rx && !stop && now() < end) {
		uint32_t c = *rxr.consumer;
		uint32_t p = __atomic_load_n(rxr.producer, __ATOMIC_ACQUIRE);

		if (c == p) {
			/* need_wakeup: poll() kicks the driver when asked */
			if (poll(&pfd, 1, 100) < 0 && errno != EINTR)
				die("poll: %s", strerror(errno));
			continue;
		}
		for (; c != p; c++) {
			const struct xdp_desc *d = (struct xdp_desc *)rxr.descs +
						   (c & (rxr.size - 1));

			if (d->addr + d->len > (uint64_t)NUM_FRAMES * FRAME_SIZE) {
				rx_bad_frame(frames++, "descriptor outside the UMEM");
				continue;
			}
			if (rx_check(umem + d->addr, d->len, frames, &idx)) {
				if (seen[idx]++)
					dup++;
				else
					good++;
			}
			frames++;
			fill_put(d->addr);
		}
		__atomic_store_n(rxr.consumer, c, __ATOMIC_RELEASE);
	}
	printf("rx %ld/%ld datagrams byte-exact (%ld frames, %ld bad, %ld duplicates)\n",
	       good, opt.rx, frames, rx_bad, dup);
	free(seen);
	return good == opt.rx && !rx_bad && !dup ? 0 : 1;
}

/* ---- TX ---- */

/* Frame i at buffer p: Ethernet, IPv4, UDP, the sized() payload. */
static uint32_t tx_build(uint8_t *p, long i)
{
	uint8_t *ip = p + ETH_HLEN, *udp = ip + 20, *pl = udp + 8;
	uint32_t ulen = 8 + opt.size, sum;
	char text[HEAD + 1];
	uint16_t c;

	memcpy(p, opt.dst_mac, ETH_ALEN);
	memcpy(p + ETH_ALEN, opt.src_mac, ETH_ALEN);
	p[12] = 0x08;
	p[13] = 0x00;
	memset(ip, 0, 20);
	ip[0] = 0x45;
	ip[2] = (20 + ulen) >> 8;
	ip[3] = (20 + ulen) & 0xff;
	ip[4] = (i >> 8) & 0xff;
	ip[5] = i & 0xff;
	ip[6] = 0x40;		/* DF */
	ip[8] = 64;
	ip[9] = 17;
	memcpy(ip + 12, &opt.src_ip, 4);
	memcpy(ip + 16, &opt.dst_ip, 4);
	c = csum(ip, 20, 0);
	ip[10] = c >> 8;
	ip[11] = c & 0xff;
	udp[0] = opt.tx_port >> 8;
	udp[1] = opt.tx_port & 0xff;
	udp[2] = opt.tx_port >> 8;
	udp[3] = opt.tx_port & 0xff;
	udp[4] = ulen >> 8;
	udp[5] = ulen & 0xff;
	udp[6] = 0;
	udp[7] = 0;
	snprintf(text, sizeof(text), "afxdp-tx %ld", i);
	sized(pl, text, opt.size);
	/* UDP checksum over the pseudo-header and the datagram */
	sum = 17 + ulen;
	sum += (uint32_t)ip[12] << 8 | ip[13];
	sum += (uint32_t)ip[14] << 8 | ip[15];
	sum += (uint32_t)ip[16] << 8 | ip[17];
	sum += (uint32_t)ip[18] << 8 | ip[19];
	c = csum(udp, ulen, sum);
	if (!c)
		c = 0xffff;
	udp[6] = c >> 8;
	udp[7] = c & 0xff;
	return ETH_HLEN + 20 + ulen;
}

static int do_tx(void)
{
	double end = now() + opt.timeout;
	long queued = 0, done = 0, kicks = 0, short_n = 0, misorder = 0, i;
	FILE *dump = NULL;
	uint32_t len;

	if (opt.dump) {
		dump = fopen(opt.dump, "w");
		if (!dump)
			die("cannot write %s: %s", opt.dump, strerror(errno));
	}
	while (done < opt.tx && !stop && now() < end) {
		uint32_t p = *txr.producer;
		uint32_t c = __atomic_load_n(txr.consumer, __ATOMIC_ACQUIRE);
		uint32_t cc = *comp.consumer;
		uint32_t cp = __atomic_load_n(comp.producer, __ATOMIC_ACQUIRE);

		/* Queue frames while the TX ring and the chunks allow. */
		while (queued < opt.tx && p - c < txr.size &&
		       queued - done < NUM_FRAMES - TX_FIRST) {
			uint64_t addr = (uint64_t)(TX_FIRST +
				(queued % (NUM_FRAMES - TX_FIRST))) * FRAME_SIZE;
			struct xdp_desc *d = (struct xdp_desc *)txr.descs +
					     (p & (txr.size - 1));

			len = tx_build(umem + addr, queued);
			if (opt.tx_short &&
			    queued % opt.tx_short == opt.tx_short - 1) {
				len = 10;	/* shorter than a header */
				short_n++;
			} else if (dump) {
				for (i = 0; i < len; i++)
					fprintf(dump, "%02x", umem[addr + i]);
				fputc('\n', dump);
			}
			d->addr = addr;
			d->len = len;
			d->options = 0;
			p++;
			queued++;
		}
		__atomic_store_n(txr.producer, p, __ATOMIC_RELEASE);
		if (dump && queued == opt.tx) {
			fclose(dump);
			dump = NULL;
		}
		/* Completions: the device sent them, in the order queued. */
		for (; cc != cp; cc++, done++) {
			uint64_t a = ((uint64_t *)comp.descs)[cc &
							      (comp.size - 1)];
			uint64_t want = (uint64_t)(TX_FIRST +
				(done % (NUM_FRAMES - TX_FIRST))) * FRAME_SIZE;

			if (a != want && misorder++ < 5)
				printf("completion %ld: chunk %#llx, not %#llx\n",
				       done, (unsigned long long)a,
				       (unsigned long long)want);
		}
		__atomic_store_n(comp.consumer, cp, __ATOMIC_RELEASE);
		if (done >= opt.tx)
			break;
		/* Copy mode sends only from sendto(); zero-copy when asked. */
		if (!opt.zerocopy ||
		    (__atomic_load_n(txr.flags, __ATOMIC_ACQUIRE) &
		     XDP_RING_NEED_WAKEUP)) {
			kicks++;
			if (sendto(xsk, NULL, 0, MSG_DONTWAIT, NULL, 0) < 0 &&
			    errno != EAGAIN && errno != EBUSY &&
			    errno != ENOBUFS && errno != EINTR)
				die("sendto: %s", strerror(errno));
		}
		if (cp == __atomic_load_n(comp.producer, __ATOMIC_ACQUIRE))
			usleep(1000);
	}
	if (dump)
		fclose(dump);
	printf("tx %ld/%ld frames completed (%ld queued, %ld short, %ld kicks, %ld out of order)\n",
	       done, opt.tx, queued, short_n, kicks, misorder);
	return done == opt.tx && !misorder ? 0 : 1;
}

/* ---- main ---- */

static struct bpf_object *obj;
static int xsks_fd;

/* Load the program and fill its dst_port map. */
static int prog_load(void)
{
	struct bpf_program *prog;
	uint32_t k = 0, v = opt.port;
	int port_fd;

	obj = bpf_object__open_file(opt.obj_path, NULL);
	if (!obj)
		die("cannot open %s: %s", opt.obj_path, strerror(errno));
	if (bpf_object__load(obj))
		die("cannot load %s: %s", opt.obj_path, strerror(errno));
	prog = bpf_object__find_program_by_name(obj, "xdp_xsk");
	xsks_fd = bpf_object__find_map_fd_by_name(obj, "xsks");
	port_fd = bpf_object__find_map_fd_by_name(obj, "dst_port");
	if (!prog || xsks_fd < 0 || port_fd < 0)
		die("%s has no xdp_xsk program, xsks or dst_port map",
		    opt.obj_path);
	if (bpf_map_update_elem(port_fd, &k, &v, 0))
		die("dst_port update: %s", strerror(errno));
	return bpf_program__fd(prog);
}

static void prog_attach(int prog_fd)
{
	int err = bpf_xdp_attach(opt.ifindex, prog_fd, XDP_FLAGS_DRV_MODE,
				 NULL);

	if (err)
		die("attach to %s in native mode: %s", opt.ifname,
		    strerror(-err));
	attached_ifindex = opt.ifindex;
}

/* Bind (false: refused as expected); the mode checked, the map updated. */
static bool bind_checked(void)
{
	const char *mode = opt.zerocopy ? "zero-copy" : "copy";
	struct xdp_options xo;
	socklen_t sl = sizeof(xo);
	uint32_t v;
	int err;

	if (!xsk_open()) {
		err = errno;
		if (opt.expect_bind_err > 0) {
			printf("bind %s to %s queue %u refused: %s\n", mode,
			       opt.ifname, opt.queue, strerror(err));
			if (err != opt.expect_bind_err)
				die("expected: %s",
				    strerror(opt.expect_bind_err));
			return false;
		}
		die("bind to %s queue %u (%s): %s", opt.ifname, opt.queue,
		    mode, strerror(err));
	}
	if (opt.expect_bind_err > 0)
		die("bind to %s queue %u (%s) succeeded, expected: %s",
		    opt.ifname, opt.queue, mode,
		    strerror(opt.expect_bind_err));
	if (getsockopt(xsk, SOL_XDP, XDP_OPTIONS, &xo, &sl))
		die("XDP_OPTIONS: %s", strerror(errno));
	printf("bound to %s queue %u in %s mode\n", opt.ifname, opt.queue,
	       xo.flags & XDP_OPTIONS_ZEROCOPY ? "zero-copy" : "copy");
	if (!!(xo.flags & XDP_OPTIONS_ZEROCOPY) != opt.zerocopy)
		die("the socket is not in the mode asked for");
	v = (uint32_t)xsk;
	if (bpf_map_update_elem(xsks_fd, &opt.queue, &v, 0))
		die("XSKMAP update: %s", strerror(errno));
	return true;
}

int main(int argc, char **argv)
{
	struct xdp_statistics st;
	socklen_t sl = sizeof(st);
	int prog_fd, rc = 0;

	parse_args(argc, argv);
	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	read_mac(opt.ifname, opt.src_mac);

	/*
	 * Default: bind, then attach (the program finds the socket);
	 * --attach-first: the socket joins rings that already run the
	 * program, and leaves them before it is detached.
	 */
	prog_fd = prog_load();
	if (opt.attach_first)
		prog_attach(prog_fd);
	if (!bind_checked()) {
		if (attached_ifindex)
			bpf_xdp_detach(opt.ifindex, XDP_FLAGS_DRV_MODE, NULL);
		return 0;
	}
	if (!opt.attach_first)
		prog_attach(prog_fd);
	printf("ready\n");

	if (opt.rx)
		rc |= do_rx();
	if (opt.tx && !stop)
		rc |= do_tx();
	if (!getsockopt(xsk, SOL_XDP, XDP_STATISTICS, &st, &sl))
		printf("stats: rx_dropped %llu rx_invalid_descs %llu tx_invalid_descs %llu rx_ring_full %llu fill_ring_empty %llu\n",
		       (unsigned long long)st.rx_dropped,
		       (unsigned long long)st.rx_invalid_descs,
		       (unsigned long long)st.tx_invalid_descs,
		       (unsigned long long)st.rx_ring_full,
		       (unsigned long long)st.rx_fill_ring_empty_descs);
	if (opt.attach_first) {
		close(xsk);
		bpf_xdp_detach(opt.ifindex, XDP_FLAGS_DRV_MODE, NULL);
	} else {
		bpf_xdp_detach(opt.ifindex, XDP_FLAGS_DRV_MODE, NULL);
		close(xsk);
	}
	attached_ifindex = 0;
	bpf_object__close(obj);
	if (stop)
		die("interrupted");
	return rc;
}
