# inic: top-level entry. `make run` boots the test VM with inic.ko loaded,
# `make check` runs every test tier. See README.md.

# INIC_CACHE from the environment (as the scripts take it), else ~/.cache/inic
CACHE    ?= $(or $(INIC_CACHE),$(HOME)/.cache/inic)
PORTS    ?= 2
QUEUES   ?= 4
VFS      ?= 8
QEMU_EXTRA ?=
# What joins the ends of the test VM's cables: tap or dgram (empty: run-vm's
# default, tap: what users run, the cable that carries the virtio-net header
# so the offloads pass through; Documentation/test-vm.rst "Cables").
# Exported: `make selftest`, `make soak` and `make check` run on it too.
CABLE    ?=
export CABLE
CMD      ?=
SOAK_CYCLES    ?= 100
SOAK_VF_CYCLES ?= 100
FUZZ_TIME ?= 300
export INIC_CACHE := $(CACHE)

SHELL := /bin/bash
TOP := $(CURDIR)

.PHONY: all setup kernel qemu module tools run check unit kunit qtest \
	selftest soak bench fuzz install clean help

all: module qemu

help:
	@echo "make run [CMD='...'] [PORTS=2] [QUEUES=4] [VFS=8] [CABLE=tap|dgram] [QEMU_EXTRA=...]"
	@echo "make check        every test tier, ends with 'N passed, N failed'"
	@echo "make unit | kunit | qtest | selftest   one tier"
	@echo "make bench       inic vs virtio-net, e1000e, igb on tap and dgram cables (build/bench/)"
	@echo "make soak        100 reload + 100 VF cycles under load (SOAK_CYCLES, SOAK_VF_CYCLES)"
	@echo "make fuzz [FUZZ_TIME=300]  core and QEMU generic-fuzz, FUZZ_TIME s each"
	@echo "make install     inictl, its manual page and bash completion (PREFIX, DESTDIR)"
	@echo "make module | qemu | tools | setup | clean"

setup:
	@scripts/setup-host.sh

kernel: setup
	@scripts/fetch-kernel.sh >/dev/null

qemu: setup
	@scripts/build-qemu.sh >/dev/null

module: kernel
	@$(MAKE) --no-print-directory -C /usr/src/linux-headers-$$(scripts/fetch-kernel.sh) \
		M=$(TOP) modules

tools: setup
	@$(MAKE) --no-print-directory -C tools/inictl
	@$(MAKE) --no-print-directory -C selftests/drivers/net/inic/bpf

# CMD reaches the guest verbatim (no make or host-shell expansion), so
# `make run CMD='ethtool -i $NETIF'` expands $NETIF inside the guest.
export INIC_VM_CMD := $(value CMD)

run: module qemu tools
	@selftests/vm/run-vm --ports $(PORTS) --queues $(QUEUES) --vfs $(VFS) \
		--qemu-extra "$(QEMU_EXTRA)"

unit: setup
	@INIC_TIERS='unit-device unit-driver unit-inictl' scripts/check.sh

kunit: setup
	@INIC_TIERS=kunit scripts/check.sh

qtest: setup
	@INIC_TIERS=qtest scripts/check.sh

selftest: setup
	@INIC_TIERS=vm scripts/check.sh

install: tools
	@$(MAKE) --no-print-directory -C tools/inictl install

# The soak of selftests/drivers/net/inic/soak.sh at full length (make check
# runs it with 10 cycles of each).
soak: module qemu tools
	@selftests/drivers/net/inic/upstream.sh --prepare >/dev/null
	@selftests/vm/run-vm --ports $(PORTS) --queues $(QUEUES) --vfs $(VFS) \
		--timeout 10800 --qemu-extra "$(QEMU_EXTRA)" --cmd \
		"SOAK_CYCLES=$(SOAK_CYCLES) SOAK_VF_CYCLES=$(SOAK_VF_CYCLES) \
		INIC_TEST_TIMEOUT=10000 selftests/drivers/net/inic/run_tests.sh soak.sh"

bench: module qemu tools
	@scripts/bench.sh

# Both fuzzers, FUZZ_TIME seconds each; new coverage is merged into
# qemu-device/tests/fuzz/corpus/, crashes go to build/fuzz/crashes/.
fuzz: setup
	@FUZZ_TIME=$(FUZZ_TIME) scripts/fuzz.sh

check: setup
	@scripts/check.sh

clean:
	@$(MAKE) --no-print-directory -C /usr/src/linux-headers-$$(scripts/fetch-kernel.sh) \
		M=$(TOP) clean 2>/dev/null || true
	$(MAKE) --no-print-directory -C tools/inictl clean
	$(MAKE) --no-print-directory -C selftests/drivers/net/inic/bpf clean
	rm -rf build
