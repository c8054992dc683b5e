#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# inictl and the "inic" generic netlink family, inside the test VM: every
# inictl command and option (JSON validated with jq), the kernel's YNL CLI
# against the same family (its dump == inictl's JSON), refusals with extack
# messages, EPERM for an unprivileged write, network namespace visibility,
# `inictl lag show` and `vf set ... lag` refusals (device-independent:
# they hold with or without bonding offload), `inictl rule show` listing an ethtool ntuple rule and a tc flower rule
# with their owner, match, action and hit counters while the peer sends,
# thousands of malformed messages (inictl_fuzz.py), and `inictl monitor`
# seeing a cable pull within 1 s.
dir=$(dirname "$(readlink -f "$0")")
. "$dir/lib.sh"

TOP=${INIC_TOP:-$(cd "$dir/../../../.." && pwd)}
INICTL=${INICTL:-$(command -v inictl || echo "$TOP/tools/inictl/inictl")}
SPEC=$TOP/Documentation/netlink/specs/inic.yaml
YNL=$(ynl_cli)
QUEUES=${INIC_QUEUES:-4}
PORTS=${INIC_PORTS:-2}
OUT=/tmp/inictl.$$
mkdir -p "$OUT"
trap 'inic-wire 0 up >/dev/null 2>&1; rm -rf "$OUT"' EXIT

# The spec is validated against the kernel tree's own genetlink schema.
ynl() {
	python3 "$YNL" --spec "$SPEC" \
		--schema "${YNL%/tools/net/ynl/cli.py}/Documentation/netlink/genetlink.yaml" \
		--output-json "$@"
}
need_ynl() { [ -n "$YNL" ] && [ -f "$YNL" ] || skip "no YNL CLI (linux-source-6.12 tools/net/ynl/cli.py)"; }

# expect_fail CODE PATTERN CMD...: CMD exits CODE and says PATTERN on stderr
expect_fail() {
	local code=$1 pat=$2 rc
	shift 2
	"$@" >"$OUT/out" 2>"$OUT/err"
	rc=$?
	echo "\$ ${*#"$INICTL"} -> $rc: $(cat "$OUT/err")"
	[ $rc -eq "$code" ] || fail "exit status $rc, want $code" || return
	head -n 1 "$OUT/err" | grep -q '^inictl: ' || fail "error line does not start with 'inictl: '" || return
	grep -q -- "$pat" "$OUT/err" || fail "message lacks \"$pat\"" || return
}

json_ok() {	# json_ok FILE: valid JSON
	jq -e . "$1" >/dev/null || fail "invalid JSON: $(head -c 300 "$1")"
}

bus() { "$INICTL" -j dev show | jq -r '.[0]["bus-name"]'; }

t_help() {
	local o
	"$INICTL" help | grep -q '^Usage: inictl' || fail "inictl help" || return
	for o in dev port stats vf rule lag monitor; do
		"$INICTL" $o help | grep -q "inictl.* $o" || fail "inictl $o help" || return
	done
	"$INICTL" -V | grep -q '^inictl ' || fail "inictl -V" || return
	echo "help for every object"
}

t_usage_errors() {
	expect_fail 2 "no object" "$INICTL" || return
	expect_fail 2 "unknown object" "$INICTL" bogus || return
	expect_fail 2 "ambiguous command" "$INICTL" port s || return
	expect_fail 2 "unknown command" "$INICTL" dev frob || return
	expect_fail 2 "unknown option" "$INICTL" -z dev show || return
	expect_fail 2 "bad ring" "$INICTL" stats show ring x || return
	expect_fail 2 "bad ring" "$INICTL" stats show ring 256 || return
	expect_fail 2 "needs a value" "$INICTL" port show dev || return
	expect_fail 2 "bad mac" "$INICTL" port set dev "$NETIF" mac 1:2:3 || return
	expect_fail 2 "nothing to change" "$INICTL" port set dev "$NETIF" || return
	expect_fail 2 "bad interval" "$INICTL" stats show -w -i 0 || return
	expect_fail 2 "bad count" "$INICTL" stats show -w -c -1 || return
	expect_fail 2 "bad lag" "$INICTL" vf set dev "$NETIF" vf 0 lag bond || return
	expect_fail 2 "without a port" "$INICTL" vf set dev "$NETIF" vf 0 lag pin 1 || return
	expect_fail 2 "vf set needs" "$INICTL" vf set dev "$NETIF" lag pin || return
	expect_fail 2 "unknown argument" "$INICTL" lag show vf 1 || return
}

t_dev_show() {
	local b
	"$INICTL" -j dev show >"$OUT/d.json" || fail "dev show" || return
	json_ok "$OUT/d.json" || return
	cat "$OUT/d.json"
	jq -e "length == 1 and .[0][\"port-count\"] == $PORTS and
	       .[0][\"ring-count\"] == $((PORTS * QUEUES)) and
	       .[0][\"abi-version\"] >= 65536 and (.[0].caps | index(\"ring-stats\"))" \
		"$OUT/d.json" >/dev/null || fail "unexpected dev show JSON" || return
	b=$(bus)
	"$INICTL" -p dev show >"$OUT/p.json" || fail "-p dev show" || return
	json_ok "$OUT/p.json" || return
	[ "$(wc -l <"$OUT/p.json")" -gt 3 ] || fail "-p output is not pretty" || return
	cmp -s <(jq -S . "$OUT/d.json") <(jq -S . "$OUT/p.json") || fail "-j and -p differ" || return
	"$INICTL" -j dev show dev "$b" | jq -e ".[0][\"bus-name\"] == \"$b\"" >/dev/null ||
		fail "dev show dev $b" || return
	"$INICTL" -j dev show dev "$NETIF" | jq -e ".[0][\"bus-name\"] == \"$b\"" >/dev/null ||
		fail "dev show dev $NETIF" || return
	"$INICTL" dev show | tee "$OUT/t" | grep -q "^DEVICE  *PORTS" || fail "table header" || return
	grep -q "^$b  *$PORTS  *$((PORTS * QUEUES))  *$QUEUES  *1\.[0-9][0-9]* " "$OUT/t" || fail "table row" || return
	"$INICTL" d sh >/dev/null || fail "abbreviated: inictl d sh" || return
}

t_port_show() {
	local mac mtu i
	"$INICTL" -j port show >"$OUT/p.json" || fail "port show" || return
	json_ok "$OUT/p.json" || return
	jq -e "length == $PORTS" "$OUT/p.json" >/dev/null || fail "want $PORTS ports" || return
	read -r mac <"/sys/class/net/$NETIF/address"
	read -r mtu <"/sys/class/net/$NETIF/mtu"
	read -r i <"/sys/class/net/$NETIF/ifindex"
	jq -e ".[0].ifname == \"$NETIF\" and .[0].mac == \"$mac\" and .[0].mtu == $mtu and
	       .[0].ifindex == $i and .[0].index == 0 and .[0].link == \"up\" and
	       .[0][\"ring-count\"] == $QUEUES and .[0][\"first-ring\"] == 0 and .[0].speed > 0" \
		"$OUT/p.json" >/dev/null || fail "port 0 JSON: $(jq -c '.[0]' "$OUT/p.json")" || return
	"$INICTL" -j port show dev "$NETIF" | jq -e "length == 1 and .[0].ifname == \"$NETIF\"" >/dev/null ||
		fail "port show dev $NETIF" || return
	"$INICTL" -j port show dev "$(bus)" | jq -e "length == $PORTS" >/dev/null ||
		fail "port show dev BUS" || return
	"$INICTL" -p port show >/dev/null || fail "-p port show" || return
	"$INICTL" port show | tee "$OUT/t"
	grep -q "^DEVICE  *PORT  *IFNAME" "$OUT/t" && grep -q " $NETIF  *$i  *up " "$OUT/t" ||
		fail "port show table" || return
	"$INICTL" p sh dev "$NETIF" >/dev/null || fail "abbreviated: inictl p sh" || return
}

sum_rx() {	# sum of rx-packets over the rings of NETIF
	"$INICTL" -j stats show dev "$NETIF" | jq '[.[]["rx-packets"]] | add'
}

t_stats_show() {
	local a b
	"$INICTL" -j stats show >"$OUT/s.json" || fail "stats show" || return
	json_ok "$OUT/s.json" || return
	jq -e "length == $((PORTS * QUEUES)) and ([.[].ring] == [range($((PORTS * QUEUES)))])" \
		"$OUT/s.json" >/dev/null || fail "want rings 0..$((PORTS * QUEUES - 1)) once each" || return
	"$INICTL" -j stats show dev "$NETIF" | jq -e "length == $QUEUES and all(.[]; .[\"port-index\"] == 0)" \
		>/dev/null || fail "stats show dev $NETIF" || return
	"$INICTL" -j stats show dev "$(bus)" ring 1 | jq -e 'length == 1 and .[0].ring == 1' \
		>/dev/null || fail "stats show dev BUS ring 1" || return
	"$INICTL" -j stats show ring $((QUEUES)) | jq -e ".[0][\"port-index\"] == 1 or $PORTS == 1" \
		>/dev/null || fail "stats show ring $QUEUES" || return
	a=$(sum_rx)
	ping -c 3 -i 0.2 -w 10 -I "$NETIF" "$REMOTE_V4" >/dev/null || fail "ping $REMOTE_V4" || return
	b=$(sum_rx)
	echo "rx-packets over $NETIF's rings: $a -> $b"
	[ "$b" -ge $((a + 3)) ] || fail "rx-packets did not grow by 3 after 3 ping replies" || return
	"$INICTL" stats show dev "$NETIF" | tee "$OUT/t" | grep -q "^IFNAME  *QUEUE  *RING  *RX-PKTS" ||
		fail "stats table" || return
	[ "$(grep -c "^$NETIF " "$OUT/t")" -eq "$QUEUES" ] || fail "want $QUEUES rows" || return
}

t_stats_watch() {
	local t0 t1
	t0=$(now_ms)
	"$INICTL" stats show dev "$NETIF" -w -i 0.5 -c 2 >"$OUT/w" || fail "watch" || return
	t1=$(now_ms)
	cat "$OUT/w"
	[ "$(grep -c '^inictl stats: ' "$OUT/w")" -eq 2 ] || fail "want 2 samples" || return
	[ $((t1 - t0)) -ge 900 ] && [ $((t1 - t0)) -lt 5000 ] || fail "2 samples of 0.5 s took $((t1 - t0)) ms" || return
	ping -c 20 -i 0.05 -w 10 -I "$NETIF" "$REMOTE_V4" >/dev/null &
	"$INICTL" -j stats show dev "$NETIF" -w -i 0.5 -c 2 >"$OUT/wj" || fail "watch -j" || return
	wait
	cat "$OUT/wj"
	[ "$(wc -l <"$OUT/wj")" -eq 2 ] || fail "want 2 JSON lines" || return
	jq -e ".rings | length == $QUEUES" "$OUT/wj" >/dev/null || fail "watch JSON" || return
	jq -s -e '[.[].rings[]["tx-pps"]] | add > 0' "$OUT/wj" >/dev/null || fail "no TX rate while pinging" || return
}

# norm FILE: sorted keys, caps sorted, counters dropped (they move)
norm() {
	jq -S 'map(del(.["rx-packets"], .["rx-bytes"], .["tx-packets"], .["tx-bytes"],
		       .["rx-drop-nodesc"], .["rx-drop-filter"], .["rx-csum-err"],
		       .["rx-errors"], .["tx-errors"]) | if .caps then .caps |= sort else . end)' "$1"
}

t_ynl_equals_inictl() {
	need_ynl || return
	local op obj
	for op in dev-get:dev port-get:port ring-stats-get:stats; do
		obj=${op#*:}
		op=${op%:*}
		ynl --dump "$op" >"$OUT/y.json" || fail "ynl --dump $op" || return
		"$INICTL" -j "$obj" show >"$OUT/i.json" || fail "inictl $obj show" || return
		if ! cmp -s <(norm "$OUT/y.json") <(norm "$OUT/i.json"); then
			diff <(norm "$OUT/y.json") <(norm "$OUT/i.json")
			fail "ynl $op and inictl -j $obj show differ"
			return
		fi
		echo "ynl --dump $op == inictl -j $obj show ($(jq length "$OUT/i.json") objects)"
	done
	# LAG: the same devices and group settings (its counters may move).
	local lag='map({"bus-name", offloaded, upper, mode, hash, active, primary} |
		       with_entries(select(.value != null)))'
	ynl --dump lag-get >"$OUT/y.json" || fail "ynl --dump lag-get" || return
	"$INICTL" -j lag show >"$OUT/i.json" || fail "inictl lag show" || return
	if ! cmp -s <(jq -S "$lag" "$OUT/y.json") <(jq -S "$lag" "$OUT/i.json"); then
		diff <(jq -S "$lag" "$OUT/y.json") <(jq -S "$lag" "$OUT/i.json")
		fail "ynl lag-get and inictl -j lag show differ"
		return
	fi
	echo "ynl --dump lag-get == inictl -j lag show ($(jq length "$OUT/i.json") objects)"
	# Counters: what ynl saw first, inictl sees the same or more.
	ynl --dump ring-stats-get >"$OUT/y.json"
	"$INICTL" -j stats show >"$OUT/i.json"
	jq -e -n --slurpfile y "$OUT/y.json" --slurpfile i "$OUT/i.json" \
		'[range($y[0] | length) as $k | $y[0][$k] as $a | $i[0][$k] as $b |
		  ($a | to_entries[] | select(.value | type == "number") |
		   .key as $n | $b[$n] >= .value)] | all' >/dev/null ||
		fail "a counter went backwards between ynl and inictl" || return
	ynl --do port-get --json "{\"ifindex\": $(cat /sys/class/net/"$NETIF"/ifindex)}" |
		jq -e ".ifname == \"$NETIF\"" >/dev/null || fail "ynl --do port-get" || return
}

t_dump_pagination() {
	need_ynl || return
	local n=$((PORTS * QUEUES))
	# Small receive buffers: the dump spans many skbs and must resume
	# exactly where it stopped (every ring once, in order).
	ynl --dbg-small-recv 4096 \
		--dump ring-stats-get 2>/dev/null | tail -n 1 >"$OUT/y.json" ||
		fail "ynl small-recv dump" || return
	jq -e "[.[].ring] == [range($n)]" "$OUT/y.json" >/dev/null ||
		fail "small-recv dump: rings $(jq -c '[.[].ring]' "$OUT/y.json")" || return
	echo "$n rings, each once, with 4 KiB receive buffers"
}

t_kernel_refusals() {
	local b
	b=$(bus)
	expect_fail 1 "no inic device with this bus name" "$INICTL" dev show dev 0000:7f:1f.7 || return
	expect_fail 1 "no inic port with this ifindex" "$INICTL" port show dev lo || return
	expect_fail 1 "no network device" "$INICTL" port show dev nosuchdev0 || return
	expect_fail 1 "no inic device with this bus name" "$INICTL" port show dev 0000:7f:1f.7 || return
	expect_fail 1 "the port has no such ring" "$INICTL" stats show dev "$NETIF" ring $((QUEUES + 1)) || return
	expect_fail 1 "the device has no such ring" "$INICTL" stats show dev "$b" ring 255 || return
	expect_fail 1 "no inic device has such a ring" "$INICTL" stats show ring 255 || return
	expect_fail 1 "attribute mtu" "$INICTL" port set dev "$NETIF" mtu 9001 || return
	expect_fail 1 "not a station address" "$INICTL" port set dev "$NETIF" mac 01:00:5e:00:00:01 || return
	expect_fail 1 "no inic port" "$INICTL" port set dev lo mtu 1500 || return
	expect_fail 1 "no inic device with this bus name" "$INICTL" lag show dev 0000:7f:1f.7 || return
	expect_fail 1 "no inic device with this bus name" "$INICTL" vf set dev 0000:7f:1f.7 vf 0 lag pin || return
	need_ynl || return
	ynl --do dev-get --json '{}' >"$OUT/y" 2>&1
	cat "$OUT/y"
	grep -q "missing attribute bus-name" "$OUT/y" || fail "ynl dev-get without bus-name" || return
	ynl --do port-get --json "{\"bus-name\": \"$b\"}" >"$OUT/y" 2>&1
	cat "$OUT/y"
	grep -q "missing attribute index" "$OUT/y" || fail "ynl port-get without index" || return
	ynl --do port-get --json "{\"bus-name\": \"$b\", \"index\": 8}" >"$OUT/y" 2>&1
	cat "$OUT/y"
	grep -q "'bad-attr': '.index'" "$OUT/y" || fail "ynl port-get index 8: no bad-attr" || return
}

t_port_set() {
	local mac0 mac mtu
	read -r mac0 <"/sys/class/net/$NETIF/address"
	"$INICTL" port set dev "$NETIF" mtu 1400 || fail "port set mtu 1400" || return
	read -r mtu <"/sys/class/net/$NETIF/mtu"
	[ "$mtu" = 1400 ] || fail "mtu is $mtu after port set" || return
	"$INICTL" -j port show dev "$NETIF" | jq -e '.[0].mtu == 1400' >/dev/null || fail "port show mtu" || return
	"$INICTL" port set dev "$NETIF" mac 02:11:22:33:44:55 mtu 1500 || fail "port set mac" || return
	read -r mac <"/sys/class/net/$NETIF/address"
	read -r mtu <"/sys/class/net/$NETIF/mtu"
	[ "$mac" = 02:11:22:33:44:55 ] && [ "$mtu" = 1500 ] || fail "mac $mac mtu $mtu after port set" || return
	"$INICTL" port set dev "$NETIF" mac "$mac0" || fail "restore mac" || return
	# The peer may have learnt the temporary MAC meanwhile.
	ip -n "$NS" neigh flush dev "$REMOTE_IF" 2>/dev/null
	ping -c 1 -w 15 -I "$NETIF" "$REMOTE_V4" >/dev/null || fail "ping after port set" || return
	echo "mtu 1400 -> 1500, mac -> 02:11:22:33:44:55 -> $mac0, ping ok"
}

t_unprivileged() {
	command -v setpriv >/dev/null || skip "no setpriv"
	local nobody=(setpriv --reuid=65534 --regid=65534 --clear-groups)
	"${nobody[@]}" "$INICTL" -j port show >"$OUT/u.json" || fail "unprivileged read" || return
	jq -e "length == $PORTS" "$OUT/u.json" >/dev/null || fail "unprivileged port show" || return
	expect_fail 1 "Operation not permitted" "${nobody[@]}" "$INICTL" port set dev "$NETIF" mtu 1400 || return
	[ "$(cat "/sys/class/net/$NETIF/mtu")" = 1500 ] || fail "mtu changed by an unprivileged user" || return
	"${nobody[@]}" "$INICTL" -j lag show >/dev/null || fail "unprivileged lag show" || return
	expect_fail 1 "Operation not permitted" "${nobody[@]}" "$INICTL" vf set dev "$NETIF" vf 0 lag pin || return
}

t_netns() {
	local b out
	b=$(bus)
	ip netns exec "$NS" "$INICTL" -j port show >"$OUT/n.json" || fail "port show in netns $NS" || return
	jq -e 'length == 0' "$OUT/n.json" >/dev/null || fail "inic ports visible in netns $NS" || return
	# A device is visible only where one of its ports is (netdev netlink).
	ip netns exec "$NS" "$INICTL" -j dev show >"$OUT/n.json" || fail "dev show in netns $NS" || return
	jq -e 'length == 0' "$OUT/n.json" >/dev/null ||
		fail "the device is visible in netns $NS: $(cat "$OUT/n.json")" || return
	if out=$(ip netns exec "$NS" "$INICTL" dev show dev "$b" 2>&1); then
		fail "dev show dev $b in netns $NS succeeded: $out" || return
	fi
	echo "netns $NS, dev show dev $b: $out"
	grep -q "network namespace" <<<"$out" || fail "no extack naming the namespace" || return
	if out=$(ip netns exec "$NS" "$INICTL" vf show dev "$b" 2>&1); then
		fail "vf show dev $b in netns $NS succeeded: $out" || return
	fi
	echo "netns $NS, vf show dev $b: $out"
	grep -q "network namespace" <<<"$out" || fail "no extack naming the namespace" || return
	ip netns exec "$NS" "$INICTL" -j stats show | jq -e 'length == 0' >/dev/null ||
		fail "ring stats visible in netns $NS" || return
	ip netns exec "$NS" "$INICTL" -j lag show | jq -e 'length == 0' >/dev/null ||
		fail "a LAG visible in netns $NS" || return
	# The owning namespace sees all of it.
	"$INICTL" -j dev show dev "$b" | jq -e "length == 1" >/dev/null ||
		fail "dev show dev $b in the owning namespace" || return
	"$INICTL" -j vf show dev "$b" >/dev/null || fail "vf show dev $b in the owning namespace" || return
	echo "netns $NS: no device, no ports, no rings, no VFs; all visible in the owning namespace"
}

# peer_udp DST PORT COUNT: COUNT datagrams from the peer namespace
peer_udp() {
	ip netns exec "$NS" python3 - "$@" <<'EOF'
import socket, sys, time
dst, port, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for i in range(count):
    s.sendto(b"inictl-rule %d" % i, (dst, port))
    time.sleep(0.002)
EOF
}

# rule_pkts FILE OWNER PORT: packets of the rule of OWNER matching dst-port
# PORT in a rule show -j FILE (-1 when there is none)
rule_pkts() {
	jq -r --arg o "$2" --arg p "$3" \
		'[.[] | select(.owner == $o and .match["dst-port"] == $p) | .packets] |
		 if length == 1 then .[0] else -1 end' "$1"
}

rule_hits_at_least() {	# all rules together counted at least $1 packets
	[ "$("$INICTL" -j rule show | jq '[.[].packets] | add // 0')" -ge "$1" ]
}

rule_count_is() {	# rule show lists $1 rules
	[ "$("$INICTL" -j rule show | jq length)" -eq "$1" ]
}

t_rule_show() {
	local n=20 e0 e1 t0 t1 other
	ethtool -k "$NETIF" | grep -q '^ntuple-filters: on' ||
		skip "no classifier on $NETIF (ntuple-filters off)" || return
	"$INICTL" -j rule show >"$OUT/r0.json" || fail "rule show (empty)" || return
	jq -e 'length == 0' "$OUT/r0.json" >/dev/null ||
		fail "rules at the start: $(cat "$OUT/r0.json")" || return
	ethtool -N "$NETIF" flow-type udp4 dst-port 5401 action 1 loc 7 ||
		fail "ethtool -N ... loc 7" || return
	tc qdisc del dev "$NETIF" ingress 2>/dev/null
	tc qdisc add dev "$NETIF" ingress || fail "ingress qdisc" || return
	tc filter add dev "$NETIF" ingress protocol ip prio 20 flower skip_sw \
		ip_proto udp dst_port 5402 action drop || fail "tc flower skip_sw rule" || return

	"$INICTL" -j rule show dev "$NETIF" >"$OUT/r1.json" || fail "rule show -j" || return
	json_ok "$OUT/r1.json" || return
	jq -c '.[]' "$OUT/r1.json"
	jq -e "length == 2 and
	       any(.[]; .owner == \"ethtool\" and .location == 7 and .action == \"ring\" and
		   .queue == 1 and .ifname == \"$NETIF\" and .match[\"ip-proto\"] == \"udp\" and
		   .match[\"dst-port\"] == \"5401\" and (.key | length) == 128) and
	       any(.[]; .owner == \"tc\" and .[\"tc-prio\"] == 20 and .action == \"drop\" and
		   .match.ethertype == \"0x0800\" and .match[\"dst-port\"] == \"5402\")" \
		"$OUT/r1.json" >/dev/null || fail "rule show -j: want the ethtool and the tc rule" || return
	e0=$(rule_pkts "$OUT/r1.json" ethtool 5401)
	t0=$(rule_pkts "$OUT/r1.json" tc 5402)

	peer_udp "$LOCAL_V4" 5401 $n || fail "sending from the peer" || return
	peer_udp "$LOCAL_V4" 5402 $n || fail "sending from the peer" || return
	poll 10 rule_hits_at_least $((e0 + t0 + 2 * n))
	"$INICTL" -j rule show >"$OUT/r2.json" || fail "rule show -j" || return
	e1=$(rule_pkts "$OUT/r2.json" ethtool 5401)
	t1=$(rule_pkts "$OUT/r2.json" tc 5402)
	echo "$n datagrams each: ethtool rule $e0 -> $e1 packets, tc rule $t0 -> $t1 packets"
	[ "$e1" -ge $((e0 + n)) ] || fail "the ethtool rule counted $((e1 - e0)) of $n" || return
	[ "$t1" -ge $((t0 + n)) ] || fail "the tc rule counted $((t1 - t0)) of $n" || return
	jq -e 'all(.[]; .bytes > 0 and .["police-drops"] == 0)' "$OUT/r2.json" >/dev/null ||
		fail "bytes or police-drops" || return

	"$INICTL" rule show | tee "$OUT/t"
	grep -q "^IFNAME  *OWNER  *RULE  *PRIO  *ENTRY  *MATCH  *ACTION  *PACKETS" "$OUT/t" ||
		fail "rule show table header" || return
	grep -q "^$NETIF  *ethtool  *loc 7 .*dst-port 5401  *queue 1  *$e1 " "$OUT/t" &&
		grep -q "^$NETIF  *tc  *prio 20 .*dst-port 5402  *drop  *$t1 " "$OUT/t" ||
		fail "rule show table rows" || return
	"$INICTL" -j rule show dev "$(bus)" | jq -e 'length == 2' >/dev/null ||
		fail "rule show dev BUS" || return
	other=$("$INICTL" -j port show | jq -r ".[] | select(.ifname != \"$NETIF\") | .ifname" | head -n 1)
	if [ -n "$other" ]; then
		"$INICTL" -j rule show dev "$other" | jq -e 'length == 0' >/dev/null ||
			fail "rule show dev $other lists $NETIF's rules" || return
	fi
	ip netns exec "$NS" "$INICTL" -j rule show | jq -e 'length == 0' >/dev/null ||
		fail "rules visible in netns $NS" || return

	"$INICTL" -j rule show -w -i 0.5 -c 2 >"$OUT/rw" || fail "rule show -w -j" || return
	cat "$OUT/rw"
	[ "$(wc -l <"$OUT/rw")" -eq 2 ] && jq -e '.rules | length == 2' "$OUT/rw" >/dev/null ||
		fail "rule show -w -j: want 2 samples of 2 rules" || return
	"$INICTL" rule show -w -i 0.5 -c 1 >"$OUT/rwt" || fail "rule show -w" || return
	grep -q '^inictl rule: ' "$OUT/rwt" && grep -q "PKT/s" "$OUT/rwt" || fail "rule show -w table" || return

	expect_fail 1 "no network device" "$INICTL" rule show dev nosuchdev0 || return
	[ "$(wc -l <"$OUT/err")" -eq 1 ] || fail "more than one error line" || return
	expect_fail 1 "no inic port with this ifindex" "$INICTL" rule show dev lo || return
	[ "$(wc -l <"$OUT/err")" -eq 1 ] || fail "more than one error line" || return
	expect_fail 1 "no inic device with this bus name" "$INICTL" rule show dev 0000:7f:1f.7 || return

	ethtool -N "$NETIF" delete 7 || fail "ethtool -N delete 7" || return
	tc qdisc del dev "$NETIF" ingress || fail "tc qdisc del ingress" || return
	poll 5 rule_count_is 0 ||
		fail "rules left after removal: $("$INICTL" -j rule show)" || return
}

t_fuzz() {
	local k0 rc
	k0=$(dmesg | wc -l)
	python3 "$dir/inictl_fuzz.py" 3000 "${INIC_FUZZ_SEED:-$RANDOM}"
	rc=$?
	inic-klog-check --since "$k0" || fail "kernel log after fuzzing" || return
	[ $rc -eq 0 ] || fail "inictl_fuzz.py exit $rc" || return
	"$INICTL" -j port show | jq -e "length == $PORTS" >/dev/null || fail "family unusable after fuzzing" || return
}

t_monitor_cable_pull() {
	local pid t tw stamp=$OUT/wire.stamp
	"$INICTL" -j monitor -c 2 >"$OUT/m" 2>&1 &
	pid=$!
	sleep 0.5	# subscribed
	# Timed from the request leaving the guest (inic-wire's stamp, as in
	# cable.sh), not from inic-wire's start: on a loaded host the tool
	# itself took up to 2.8 s to run (measured at load average 18).
	rm -f "$stamp"
	INIC_WIRE_STAMP=$stamp inic-wire 0 down || { kill $pid; fail "inic-wire 0 down"; return; }
	poll 5 grep -q '"link":"down"' "$OUT/m"
	t=$(now_ms)
	read -r tw <"$stamp" || { kill $pid; fail "inic-wire left no stamp"; return; }
	tw=${tw/./}
	t=$((t - tw / 1000))
	inic-wire 0 up || { kill $pid; fail "inic-wire 0 up"; return; }
	poll 5 grep -q '"link":"up"' "$OUT/m"
	sleep 0.2
	kill $pid 2>/dev/null
	wait $pid 2>/dev/null
	cat "$OUT/m"
	grep -q '"link":"down"' "$OUT/m" || fail "no link down event" || return
	jq -e -s ".[0].event == \"link-change\" and .[0].ifname == \"$NETIF\" and
		  .[0][\"port-index\"] == 0 and .[0].link == \"down\" and
		  .[1].link == \"up\"" "$OUT/m" >/dev/null || fail "unexpected events" || return
	echo "link down event $t ms after inic-wire 0 down's request (limit 1000 ms)"
	[ $t -le 1000 ] || fail "event took $t ms" || return
	"$INICTL" monitor -c 1 >"$OUT/h" &
	pid=$!
	sleep 0.5
	inic-wire 0 down && inic-wire 0 up
	poll 5 test -s "$OUT/h"
	kill $pid 2>/dev/null
	wait $pid 2>/dev/null
	cat "$OUT/h"
	grep -q "^link-change: .* $NETIF (ifindex [0-9]*): link down" "$OUT/h" || fail "human monitor output" || return
	poll 10 carrier "$NETIF" || fail "carrier did not return" || return
}

[ -x "$INICTL" ] || { ktap_plan 1; echo "ok 1 inictl # SKIP inictl not built ($INICTL)"; exit 0; }
ktap_plan 15
run_test inictl_help t_help
run_test inictl_usage_errors t_usage_errors
run_test inictl_dev_show t_dev_show
run_test inictl_port_show t_port_show
run_test inictl_stats_show t_stats_show
run_test inictl_stats_watch t_stats_watch
run_test inictl_ynl_equals_inictl t_ynl_equals_inictl
run_test inictl_dump_pagination t_dump_pagination
run_test inictl_kernel_refusals t_kernel_refusals
run_test inictl_port_set t_port_set
run_test inictl_unprivileged_write_eperm t_unprivileged
run_test inictl_netns t_netns
run_test inictl_rule_show t_rule_show
run_test inictl_fuzz t_fuzz
run_test inictl_monitor_cable_pull t_monitor_cable_pull
ktap_finish
