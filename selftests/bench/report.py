#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Turn a `make bench` run (DIR/guest.log) into the results.

Reads the `BENCH-NIC` and `BENCH-RESULT` lines guest-bench.sh printed,
writes DIR/results.json (everything), DIR/results.csv (one row per NIC and
test), DIR/chart.png (bar charts, if matplotlib is there) and prints a table
of absolute figures with the ratio inic / each other NIC, and the issue's
targets next to them. With several rounds (BENCH_REPEAT) every figure is
the median over the rounds (results.json/csv keep every round). Figures never fail it; exit 1 only when the log holds
no result at all or a run reported an error.
"""

import csv
import json
import os
import statistics
import sys

# (key, test, field, label, unit, scale, higher_is_better); "send" rows
# have the NIC under test sending to its peer, "recv" rows receiving
METRICS = [
    ("tcp1", "tcp1", "gbps", "TCP 1 stream, send", "Gbit/s", 1.0, True),
    ("tcp4", "tcp4", "gbps", "TCP 4 streams, send", "Gbit/s", 1.0, True),
    ("udp64", "udp64", "peer_rx_pps", "UDP 64 B, send (rx at peer)", "kpps", 1e-3, True),
    ("cpu1", "tcp1", "cpu_s_per_gbit", "CPU per Gbit, TCP 1 send", "CPU-s/Gbit", 1.0, False),
    ("cpu4", "tcp4", "cpu_s_per_gbit", "CPU per Gbit, TCP 4 send", "CPU-s/Gbit", 1.0, False),
    ("tcp1r", "tcp1r", "gbps", "TCP 1 stream, recv", "Gbit/s", 1.0, True),
    ("tcp4r", "tcp4r", "gbps", "TCP 4 streams, recv", "Gbit/s", 1.0, True),
    ("udp64r", "udp64r", "dut_rx_pps", "UDP 64 B, recv (rx at NIC)", "kpps", 1e-3, True),
    ("cpu1r", "tcp1r", "cpu_s_per_gbit", "CPU per Gbit, TCP 1 recv", "CPU-s/Gbit", 1.0, False),
    ("cpu4r", "tcp4r", "cpu_s_per_gbit", "CPU per Gbit, TCP 4 recv", "CPU-s/Gbit", 1.0, False),
    ("xdpstack", "xdpdrop", "stack_rx_pps", "UDP 64 B, host flood, stack", "kpps", 1e-3, True),
    ("xdpdrop", "xdpdrop", "xdp_drop_pps", "UDP 64 B, host flood, XDP_DROP", "kpps", 1e-3, True),
]
METRIC = {m[0]: m for m in METRICS}
NIC_TESTS = tuple(dict.fromkeys(m[1] for m in METRICS))  # the tests the rows read
# The performance issue's targets, against the BEST of the other NICs
# measured in the same run: metric -> inic/best bound (a minimum when
# higher is better, a maximum when lower is better)
TARGETS = {"tcp1": 1.3, "tcp4": 1.3, "tcp1r": 1.3, "tcp4r": 1.3,
           "cpu1": 0.7, "cpu4": 0.7, "cpu1r": 0.7, "cpu4r": 0.7,
           "udp64": 1.5, "udp64r": 1.5,
           # ahead of the other NICs' native XDP (e1000e has none)
           "xdpdrop": 1.0}
# inic's XDP_DROP rate against its own plain-stack UDP receive, both under
# the same host flood (test xdpdrop)
XDP_OVER_STACK = 2.0


def load(d):
    nics, results, errors = [], {}, []   # results: (nic, test) -> [run, ...]
    with open(os.path.join(d, "guest.log"), errors="replace") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("BENCH-NIC "):
                nics.append(json.loads(line[len("BENCH-NIC "):]))
            elif line.startswith("BENCH-RESULT "):
                r = json.loads(line[len("BENCH-RESULT "):])
                if "error" in r:
                    errors.append(r)
                else:
                    results.setdefault((r["nic"], r["test"]), []).append(r)
    return nics, results, errors


def fmt(v, prec=3):
    if v is None:
        return "-"
    if abs(v) >= 100:
        return "%.0f" % v
    if abs(v) >= 10:
        return "%.1f" % v
    return "%.*f" % (prec, v)


def contain_table(results):
    """Containment: a TCP stream alone, under a flood from the wire, and
    under the flood with a rule policing it into a standby ring; the
    issue's target: the contained stream keeps >= 80% of the lone one."""
    runs = results.get(("inic", "contain"), [])
    by = {}
    for r in runs:
        by.setdefault(r["case"], []).append(r)
    if "alone" not in by:
        return []
    med = lambda c: statistics.median(r["gbps"] for r in by[c])
    base = med("alone")
    out = ["containment: TCP 1 stream peer -> inic port 0 (Gbit/s, median of %d rounds, "
           "[min-max])" % len(by["alone"]),
           "%-10s  %8s  %-17s  %s" % ("case", "Gbit/s", "[min-max]", "vs alone")]
    what = {"alone": "alone", "flood": "flood", "contained": "contained"}
    for c in ("alone", "flood", "contained"):
        if c not in by:
            continue
        g = [r["gbps"] for r in by[c]]
        ratio = "%.2fx" % (med(c) / base) if base else "-"
        if c == "contained" and base:
            ratio += " (>=0.80 %s)" % ("met" if med(c) / base >= 0.8 else "MISSED")
        out.append("%-10s  %8s  %-17s  %s" % (what[c], fmt(med(c)), "[%s-%s]" % (
            fmt(min(g)), fmt(max(g))), ratio))
    for c in ("flood", "contained"):
        for r in by.get(c, [])[:1]:
            if r.get("flood_pps") is not None:
                out.append("%s: flood %d pps offered; per run %s frames sent, %s lost at "
                           "the cable; ring 3 rx %s" % (
                               c, r["flood_pps"], r.get("flood_sent", "?"),
                               r.get("flood_lost", "?"), r.get("ring3_rx", "?")))
    out.append("")
    return out


def cls_table(results):
    """The classifier's cost: inic's UDP 64 B receive rate by rules
    installed (median of the runs, min-max), the ratio to no rules (the
    issue's target: within 10%), and the tc -b install rate."""
    runs = results.get(("inic", "cls"), [])
    if not runs:
        return []
    by = {}
    for r in runs:
        if r.get("rx_pps") is not None:
            by.setdefault(r["rules"], []).append(r["rx_pps"] / 1e3)
    if not by:
        return []
    base = statistics.median(by[0]) if 0 in by else None
    out = ["classifier: UDP 64 B received by inic port 0 (kpps; median of each "
           "step's runs, [min-max])",
           "%8s  %8s  %-17s  %s" % ("rules", "kpps", "[min-max]", "vs 0 rules")]
    for n in sorted(by):
        med = statistics.median(by[n])
        ratio = "-"
        if base:
            ratio = "%.3fx" % (med / base)
            if n:
                ratio += " (>=0.90 %s)" % ("met" if med / base >= 0.9 else "MISSED")
        out.append("%8d  %8s  %-17s  %s" % (n, fmt(med), "[%s-%s] x%d" % (
            fmt(min(by[n])), fmt(max(by[n])), len(by[n])), ratio))
    # the rounds interleave the steps: every round's ratio to its own 0
    rounds = {}
    for r in runs:
        if r.get("rx_pps") is not None:
            rounds.setdefault(r.get("run", 1), {})[r["rules"]] = r["rx_pps"]
    per = ["round %s: %s" % (k, ", ".join(
        "%d %.3fx" % (n, v[n] / v[0]) for n in sorted(v) if n))
        for k, v in sorted(rounds.items()) if v.get(0)]
    if len(per) > 1:
        out.append("per round (vs that round's 0 rules): " + "; ".join(per))
    for test, verb in (("cls_install", "install through tc -b"),
                       ("cls_flush", "flush (tc qdisc del)")):
        by_to = {}
        for r in results.get(("inic", test), []):
            by_to.setdefault(r["rules"], []).append(r["rules_per_s"])
        for to in sorted(by_to):
            v = by_to[to]
            out.append("%s, table %s %d: %.0f rules/s (median of %d, [%.0f-%.0f])"
                       % (verb, "to" if test == "cls_install" else "of", to,
                          statistics.median(v), len(v), min(v), max(v)))
    return out


def toe_table(results):
    """TOE connection handoff: the accept rate of one client loop, handoff
    on vs off (the issue's goal: on at least equal), and the same loop
    under a SYN flood: served within 1 s (goal: >= 99% on), the host's SYN
    counters and guest softirq time. Medians of the rounds, [min-max]."""
    runs = results.get(("inic", "toe"), [])
    by = {}
    for r in runs:
        by.setdefault((r["case"], r["handoff"]), []).append(r)
    if not by:
        return []
    n = max(len(v) for v in by.values())
    spread = lambda v: "[%s-%s] x%d" % (fmt(min(v)), fmt(max(v)), len(v))
    out = ["TOE handoff: one client loop, connect + GET served within 1 s "
           "(median of %d rounds, [min-max] xN)" % n,
           "%-8s  %8s  %-22s  %10s  %11s" % ("handoff", "conn/s", "[min-max]",
                                             "connect ms", "response ms")]
    med = {}
    for h in ("on", "off"):
        a = by.get(("accept", h), [])
        if not a:
            continue
        cps = [r["cps"] for r in a]
        med[h] = statistics.median(cps)
        out.append("%-8s  %8s  %-22s  %10s  %11s" % (
            h, fmt(med[h]), spread(cps),
            fmt(statistics.median(r["connect_ms"] for r in a)),
            fmt(statistics.median(r["response_ms"] for r in a))))
    if med.get("on") is not None and med.get("off"):
        out.append("accept rate on/off %.2fx (>=1.00 %s)" % (
            med["on"] / med["off"], "met" if med["on"] >= med["off"] else "MISSED"))
    out.append("SYN flood (hping3 1,000/s, random sources) while the loop runs:")
    out.append("%-8s  %8s  %-22s  %8s  %8s  %8s  %-22s" % (
        "handoff", "served%", "[min-max]", "cookies", "lstdrops", "overflow",
        "softirq ms [min-max]"))
    for h in ("on", "off"):
        f = by.get(("flood", h), [])
        if not f:
            continue
        pct = [r["served_pct"] for r in f]
        si = [r["softirq_ms"] for r in f]
        goal = " (>=99 %s)" % ("met" if min(pct) >= 99 else "MISSED") if h == "on" else ""
        out.append("%-8s  %8s  %-22s  %8d  %8d  %8d  %s %s%s" % (
            h, fmt(statistics.median(pct)), spread(pct),
            sum(r["syncookies_sent"] for r in f), sum(r["listen_drops"] for r in f),
            sum(r["listen_overflows"] for r in f), fmt(statistics.median(si)),
            spread(si), goal))
    out.append("(cookies, lstdrops, overflow: the host's TcpExtSyncookiesSent, "
               "ListenDrops, ListenOverflows, summed over the rounds)")
    out.append("")
    return out


def lag_table(results):
    """Failover on a cable pull: per PF/VF flow and software/offload, the
    datagrams lost and the longest arrival gap per pull (median, max over
    the pulls); the issue's goal for the offload: at most 1 lost, gap <= 2 ms."""
    runs = results.get(("inic", "lag"), [])
    if not runs:
        return []
    by, na = {}, {}
    for r in runs:
        k = (r["from"], r["mode"])
        if r.get("unavailable"):
            na[k] = r["unavailable"]
        else:
            by.setdefault(k, []).append(r)
    mii = next((r.get("miimon") for r in runs if r.get("miimon") is not None), None)
    out = ["", "lag: failover on a cable pull, 1,000 pps UDP flow to the peer, active-backup bond%s "
           "(lost datagrams and longest arrival gap per pull: median / max)" % (
               " miimon %s" % mii if mii is not None else ""),
           "%-4s  %-9s  %5s  %11s  %17s  %9s  %s" % (
               "from", "bonding", "pulls", "lost med/max", "gap ms med/max", "moved", "")]
    for f in ("pf", "vf"):
        for m in ("software", "offload"):
            k = (f, m)
            if k in na:
                out.append("%-4s  %-9s  %s" % (f.upper(), m, "n/a (%s)" % na[k]))
                continue
            if k not in by:
                continue
            rs = sorted(by[k], key=lambda r: r["pull"])
            lost = [r["lost"] for r in rs]
            gap = [r["gap_ms"] for r in rs]
            moved = sum(1 for r in rs if r.get("resumed"))
            note = ""
            if m == "offload":
                # The gap goal can only be judged when the sender itself
                # keeps its 1 ms pace: its own longest pause in each pull
                # is the floor of any arrival gap measured there.
                pause = [r.get("send_gap_ms") or 0 for r in rs]
                note = "goal <=1 lost: %s; gap <=2 ms: %s" % (
                    "met" if max(lost) <= 1 else "MISSED",
                    ("met" if max(gap) <= 2 else "MISSED") if max(pause) < 2 else
                    "not measurable here (the sender's own pauses: median %.1f ms)"
                    % statistics.median(pause))
            out.append("%-4s  %-9s  %5d  %5s/%-5s  %8s/%-8s  %4d/%-4d  %s" % (
                f.upper(), m, len(rs), fmt(statistics.median(lost), 0), max(lost),
                fmt(statistics.median(gap), 1), fmt(max(gap), 1), moved, len(rs), note))
    for (f, m), rs in sorted(by.items()):
        rs = sorted(rs, key=lambda r: r["pull"])
        out.append("  %s %s per pull: lost %s; gap ms %s; sender's longest pause ms %s" % (
            f.upper(), m, " ".join(str(r["lost"]) for r in rs),
            " ".join("%.0f" % r["gap_ms"] for r in rs),
            " ".join("%.0f" % r.get("send_gap_ms", 0) for r in rs)))
    out.append("  moved: pulls after which the flow went on with the cable out (the "
               "failover worked); a flow that did not waited for the cable (held out "
               "up to 3 s), so its gap is the outage")
    out.append("")
    return out


def main():
    d = sys.argv[1]
    nics, results, errors = load(d)
    order = [n["nic"] for n in nics]
    if not results:
        print("bench: no results in %s/guest.log" % d)
        return 1
    meta = {}
    try:
        with open(os.path.join(d, "meta.txt")) as f:
            for l in f:
                k, _, v = l.partition(": ")
                meta[k.strip()] = v.strip()
    except OSError:
        pass

    def field(nic, test, f):
        """Median over the rounds of one field (None when no round has it)."""
        v = [r[f] for r in results.get((nic, test), []) if r.get(f) is not None]
        return statistics.median(v) if v else None

    def val(nic, m):
        v = field(nic, m[1], m[2])
        return None if v is None else v * m[5]

    rounds = max([len(v) for (_, t), v in results.items()
                  if t in NIC_TESTS] or [1])

    # results.json / results.csv
    with open(os.path.join(d, "results.json"), "w") as f:
        json.dump({"meta": meta, "nics": nics,
                   "results": [r for k in sorted(results) for r in results[k]],
                   "errors": errors}, f, indent=1)
    fields = ["nic", "test", "round", "secs", "bytes", "gbps", "retransmits", "sent_packets",
              "peer_rx_packets", "peer_rx_pps", "dut_rx_packets", "dut_rx_pps", "cpu_busy_s", "cpu_total_s", "cpu_util",
              "cpu_s_per_gbit", "stack_rx", "stack_rx_pps", "xdp_dropped", "xdp_drop_pps",
              "flood_sent_stack", "flood_sent_xdp", "wall_s"]
    with open(os.path.join(d, "results.csv"), "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=fields, extrasaction="ignore")
        w.writeheader()
        for n in order:
            for t in NIC_TESTS:
                for r in results.get((n, t), []):
                    w.writerow(r)

    # The table
    others = [n for n in order if n != "inic"]
    head = ["metric", "unit"] + order + ["inic/" + o for o in others] + \
        (["inic/best", "target"] if others else [])
    rows = []
    for m in METRICS:
        if not any(val(n, m) is not None for n in order):
            continue
        vals = [val(n, m) for n in order]
        iv = val("inic", m)
        ratios = [("%.2fx" % (iv / val(o, m))) if iv is not None and val(o, m) else "-"
                  for o in others]
        row = [m[3], m[4]] + [fmt(v) for v in vals] + ratios
        if others:
            ov = [val(o, m) for o in others if val(o, m)]
            best = (max(ov) if m[6] else min(ov)) if ov else None
            tgt = TARGETS.get(m[0])
            if iv is None or not best:
                row += ["-", "-"]
            else:
                r = iv / best
                mark = "-"
                if tgt is not None:
                    ok = r >= tgt if m[6] else r <= tgt
                    mark = "%s%.1f %s" % (">=" if m[6] else "<=", tgt,
                                          "met" if ok else "MISSED")
                row += ["%.2fx" % r, mark]
        rows.append(row)
    # UDP sender side and CPU utilisation, for context
    def sent_kpps(n):
        v = [r["sent_packets"] / r["secs"] / 1e3 for r in results.get((n, "udp64"), [])
             if r.get("sent_packets") and r.get("secs")]
        return fmt(statistics.median(v)) if v else "-"

    def retr(n):
        v = field(n, "tcp1", "retransmits")
        return "-" if v is None else "%g" % v

    pad = [""] * (len(head) - 2 - len(order))
    ctx = [["UDP 64 B sent (iperf3)", "kpps"] + [sent_kpps(n) for n in order] + pad,
           ["TCP 1 retransmits", "segs"] + [retr(n) for n in order] + pad,
           ["guest CPU busy, TCP 1", "%"] +
           [fmt(100 * field(n, "tcp1", "cpu_util"), 1) if field(n, "tcp1", "cpu_util") is not None
            else "-" for n in order] + pad]
    # What the host's flood got into each cable in the XDP phase: a NIC
    # whose XDP_DROP figure equals it was not saturated (raise BENCH_XDP_PPS)
    ctx.append(["host flood into the cable, XDP", "kpps"] +
               [fmt(field(n, "xdpdrop", "flood_sent_xdp") / field(n, "xdpdrop", "secs") / 1e3)
                if field(n, "xdpdrop", "flood_sent_xdp") and field(n, "xdpdrop", "secs")
                else "-" for n in order] + pad)
    ctx = [r for r in ctx if any(c != "-" for c in r[2:2 + len(order)])]
    # XDP_DROP against the same NIC's plain-stack UDP receive, same flood
    mx, mu = METRIC["xdpdrop"], METRIC["xdpstack"]
    xs = [fmt(val(n, mx) / val(n, mu), 2) + "x" if val(n, mx) and val(n, mu) else "-"
          for n in order]
    if any(x != "-" for x in xs):
        ctx.append(["host flood: XDP_DROP / stack", "ratio"] + xs + pad[:-2] +
                   (["", ">=%.1f %s" % (XDP_OVER_STACK, "met" if xs[0] != "-" and
                                        float(xs[0][:-1]) >= XDP_OVER_STACK
                                        else "MISSED")] if others else []))
    allrows = [head] + rows + ctx
    wid = [max(len(r[i]) for r in allrows) for i in range(len(head))]
    line = lambda r: "  ".join(c.ljust(wid[i]) if i < 2 else c.rjust(wid[i])
                               for i, c in enumerate(r))
    # The NIC table only when a NIC test ran (BENCH_TESTS may hold only
    # cls/contain, which have tables of their own)
    nic_tests = any(t in NIC_TESTS for (_, t) in results)
    main_table = [line(head), "  ".join("-" * w for w in wid)] + \
        [line(r) for r in rows + ctx] if nic_tests else []
    if meta.get("cable") and main_table:
        main_table.insert(0, "cable %s" % meta["cable"])
    print()
    if rounds > 1 and nic_tests:
        print("median of %d rounds" % rounds)
    for l in main_table:
        print(l)
    print()
    for n in nics:
        print("  %-10s %-6s driver %-10s %d tx queues (model %s) %s" % (
            n["nic"], n["dev"], n["driver"], n["txqueues"], n["model"], n.get("offloads", "")))
    if "load before" in meta:
        print("  host load before: %s" % meta["load before"])
    with open(os.path.join(d, "table.txt"), "w") as f:
        for l in main_table:
            f.write(l + "\n")
    cls_lines = contain_table(results) + cls_table(results) + toe_table(results) + \
        lag_table(results)
    if cls_lines:
        print()
        for l in cls_lines:
            print(l)
        with open(os.path.join(d, "table.txt"), "a") as f:
            f.write(("\n" if main_table else "") + "\n".join(cls_lines) + "\n")
    for e in errors:
        print("bench: %s over %s broke: %s" % (e["test"], e["nic"], e["error"]))

    # The chart
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("bench: no matplotlib (python3-matplotlib): no chart")
    else:
        shown = [m for m in METRICS if any(val(n, m) is not None for n in order)] or METRICS[:1]
        ncol = min(5, len(shown))
        nrow = (len(shown) + ncol - 1) // ncol
        fig, axes = plt.subplots(nrow, ncol, figsize=(4 * ncol, 4.2 * nrow), squeeze=False)
        axes = axes.flatten()
        for ax in axes[len(shown):]:
            ax.axis("off")
        colors = ["#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"]
        for ax, m in zip(axes, shown):
            vals = [val(n, m) or 0 for n in order]
            bars = ax.bar(order, vals, color=colors[:len(order)])
            ax.set_title("%s\n(%s, %s)" % (m[3], m[4], "higher is better" if m[6]
                                             else "lower is better"), fontsize=10)
            ax.tick_params(axis="x", labelrotation=30, labelsize=9)
            for b, v in zip(bars, vals):
                ax.annotate(fmt(v), (b.get_x() + b.get_width() / 2, v),
                            ha="center", va="bottom", fontsize=8)
            ax.margins(y=0.15)
        cable = "cable %s, " % meta["cable"] if meta.get("cable") else ""
        fig.suptitle("inic vs. QEMU NICs under TCG (%s%s%s; host load before: %s)" % (
            cable, meta.get("date", ""), ", median of %d rounds" % rounds if rounds > 1 else "",
            " ".join(meta.get("load before", "?").split()[:3])), fontsize=11)
        fig.tight_layout()
        fig.savefig(os.path.join(d, "chart.png"), dpi=100)
        plt.close(fig)
    print("bench: wrote %s/{results.json,results.csv,table.txt%s}" % (
        d, ",chart.png" if os.path.exists(os.path.join(d, "chart.png")) else ""))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
