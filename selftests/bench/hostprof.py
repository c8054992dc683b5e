#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""hostprof.py DIR: the host-side profile of a benchmark run
(BENCH_HOST_PERF, selftests/bench/hostperf.sh), from DIR/hostperf.

Each TEST-NIC.script holds perf's samples of the VM's QEMU process
during round 1 of TEST over NIC. A sample in TCG's generated code names
the guest address it translates (QEMU's -perfmap: "guest-0x..."), which
the guest's kallsyms turns into the guest kernel function the vCPU was
running -- a guest profile without the guest's own timer, which under
TCG lands almost only in the idle loop. Every other sample is QEMU
itself (the TCG runtime, the device models, the backends) or the host
kernel working for it (tap writes, wake-ups, the BQL's futex).

Prints, per test, the split of the samples between those parts for each
NIC, then each NIC's top guest functions and top host symbols; writes
the same to DIR/hostperf.txt.
"""
import bisect
import collections
import glob
import os
import re
import sys

TCG_RUNTIME = re.compile(r"^(helper_|qht_|tb_|cpu_exec|probe_access|tlb_|"
                         r"victim_tlb|mmu_lookup|do_ld|do_st|int_st|int_ld|"
                         r"get_page_addr|curr_cflags|cpu_get_|x86_|"
                         r"cpu_loop|cpu_handle|atomic_mmu|store_helper|"
                         r"load_helper|tcg_|gen_|disas_|translator_)")
DEVICE = re.compile(r"(inic|virtio|vring|virtqueue|e1000|igb|net_|tap_|"
                    r"qemu_net|qemu_send|address_space|flatview|dma_|"
                    r"memory_region|msix|pci_)", re.I)


def load_kallsyms(path):
    syms = []
    try:
        with open(path) as f:
            for line in f:
                p = line.split()
                if len(p) >= 3 and p[1] in ("t", "T"):
                    syms.append((int(p[0], 16),
                                 p[2] + (" " + p[3] if len(p) > 3 else "")))
    except (OSError, ValueError):
        pass
    syms.sort()
    return [a for a, _ in syms], [n for _, n in syms]


def guest_sym(addrs, names, a):
    if a < 0x800000000000:
        return "(guest user space)"
    i = bisect.bisect_right(addrs, a) - 1
    if i < 0 or a - addrs[i] > 0x100000:
        return "(guest kernel, no symbol)"
    return names[i]


def profile(path, addrs, names):
    parts = collections.Counter()
    guest = collections.Counter()
    host = collections.Counter()
    n = 0
    with open(path, errors="replace") as f:
        for line in f:
            p = line.split(None, 2)
            if len(p) < 3 or not p[0].isdigit():
                continue
            n += 1
            rest = p[2]
            m = re.search(r"guest-0x([0-9a-f]+)", rest)
            obj = rest[rest.rfind("(") + 1:].rstrip(")\n") if "(" in rest else ""
            sym = rest.split(" (")[0].strip()
            sym = re.sub(r"\+0x[0-9a-f]+$", "", sym)
            if m:
                s = guest_sym(addrs, names, int(m.group(1), 16))
                parts["guest user" if s.startswith("(guest user") else
                      "guest kernel"] += 1
                guest[s] += 1
            elif "perf-" in obj and obj.endswith(".map"):
                parts["TCG code, unnamed"] += 1
            elif "kernel.kallsyms" in obj:
                parts["host kernel"] += 1
                host["[k] " + sym] += 1
            elif TCG_RUNTIME.match(sym):
                parts["TCG runtime"] += 1
                host[sym[:60]] += 1
            elif DEVICE.search(sym):
                parts["device models, backends"] += 1
                host[sym[:60]] += 1
            else:
                parts["QEMU, libraries, other"] += 1
                host[sym[:60]] += 1
    return n, parts, guest, host


def main():
    d = sys.argv[1] if len(sys.argv) > 1 else "."
    hp = os.path.join(d, "hostperf")
    addrs, names = load_kallsyms(os.path.join(hp, "kallsyms"))
    runs = {}
    for path in sorted(glob.glob(os.path.join(hp, "*.script"))):
        key = os.path.basename(path)[:-len(".script")]
        test, _, nic = key.partition("-")
        runs.setdefault(test, {})[nic] = profile(path, addrs, names)
    if not runs:
        print("hostprof: no profiles in %s" % hp)
        return 1
    out = []
    out.append("host-side profile of QEMU, round 1 (perf -p, 999 Hz; "
               "%d guest kernel symbols)" % len(addrs))
    order = ["guest kernel", "guest user", "TCG code, unnamed", "TCG runtime",
             "device models, backends", "QEMU, libraries, other",
             "host kernel"]
    for test in ("tcp1", "tcp4", "udp64", "tcp1r", "tcp4r", "udp64r"):
        if test not in runs:
            continue
        nics = sorted(runs[test], key=lambda x: (x != "inic", x))
        out.append("")
        out.append("%s: share of QEMU's samples" % test)
        out.append("  %-26s" % "part" + "".join("%12s" % x for x in nics))
        for part in order:
            row = "  %-26s" % part
            for x in nics:
                n, parts, _, _ = runs[test][x]
                row += "%11.1f%%" % (100.0 * parts[part] / n if n else 0)
            out.append(row)
        out.append("  %-26s" % "samples" +
                   "".join("%12d" % runs[test][x][0] for x in nics))
        for x in nics:
            n, _, guest, host = runs[test][x]
            if not n:
                continue
            out.append("  %s %s, guest functions: %s" % (test, x, ", ".join(
                "%s %.1f%%" % (s, 100.0 * c / n)
                for s, c in guest.most_common(8))))
            out.append("  %s %s, host side: %s" % (test, x, ", ".join(
                "%s %.1f%%" % (s, 100.0 * c / n)
                for s, c in host.most_common(8))))
    text = "\n".join(out) + "\n"
    sys.stdout.write(text)
    with open(os.path.join(d, "hostperf.txt"), "w") as f:
        f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
