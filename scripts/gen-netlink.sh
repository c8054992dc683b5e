#!/usr/bin/env bash
# Regenerate the inic generic netlink code from its YNL spec with the
# kernel's own generator (tools/net/ynl/ynl-gen-c.py of linux-source-6.12):
#
#   Documentation/netlink/specs/inic.yaml  (the source, edited by hand)
#     -> include/uapi/linux/inic.h          (--mode uapi --header)
#     -> drivers/net/inic/inic_nl_gen.h     (--mode kernel --header)
#     -> drivers/net/inic/inic_nl_gen.c     (--mode kernel --source)
#     -> tools/inictl/nl_gen.{h,cpp}        (scripts/gen-inictl.py: inictl's
#                                            attribute tables and enum names,
#                                            with the kernel's spec parser)
#   The schema the spec is validated against is the kernel tree's own
#   Documentation/netlink/genetlink.yaml (pass it to cli.py with --schema).
#
# Usage: scripts/gen-netlink.sh [--check]
#   --check  regenerate into a temporary directory and fail (exit 1, with a
#            diff) if any committed file differs: the files are stale.
#
# The kernel tree is extracted once from /usr/src/linux-source-6.12.tar.xz
# into ${INIC_CACHE:-~/.cache/inic}/linux-source-6.12 by scripts/linux-source.sh (shared
# with scripts/tier-kunit.sh). Needs python3-yaml and python3-jsonschema.
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
spec_rel=Documentation/netlink/specs/inic.yaml

die() { echo "gen-netlink: $*" >&2; exit 2; }

check=0
case ${1:-} in
'') ;;
--check) check=1 ;;
-h|--help) sed -n '2,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
*) die "usage: $0 [--check]" ;;
esac

# ---- the kernel tree ----
tree=$("$top/scripts/linux-source.sh") || die "no kernel tree (scripts/linux-source.sh)"
gen=$tree/tools/net/ynl/ynl-gen-c.py
schema=$tree/Documentation/netlink/genetlink.yaml
[ -f "$gen" ] && [ -f "$schema" ] || die "no ynl generator in $tree"

work=$(mktemp -d "${TMPDIR:-/tmp}/inic-gen-netlink.XXXXXX")
trap 'rm -rf "$work"' EXIT

# ynl-gen-c.py names the spec relative to the directory holding MAINTAINERS
# and finds the schema at <spec dir>/../genetlink.yaml: give it a small tree
# shaped like the kernel's, so the output names our spec's path.
root=$work/root
mkdir -p "$root/Documentation/netlink/specs"
: >"$root/MAINTAINERS"
cp "$top/$spec_rel" "$root/$spec_rel"
cp "$schema" "$root/Documentation/netlink/genetlink.yaml"

out=$work/out
mkdir -p "$out/include/uapi/linux" "$out/drivers/net/inic" "$out/Documentation/netlink" \
	"$out/tools/inictl"
run() {
	python3 "$gen" --spec "$root/$spec_rel" "$@" >"$work/gen.log" 2>&1 ||
		{ cat "$work/gen.log" >&2; die "ynl-gen-c.py $* failed"; }
}
run --mode uapi --header -o "$out/include/uapi/linux/inic.h"
run --mode kernel --header -o "$out/drivers/net/inic/inic_nl_gen.h"
run --mode kernel --source -o "$out/drivers/net/inic/inic_nl_gen.c"
python3 "$top/scripts/gen-inictl.py" --ynl "$tree/tools/net/ynl" \
	--spec "$root/$spec_rel" --spec-name "$spec_rel" \
	--header "$out/tools/inictl/nl_gen.h" \
	--source "$out/tools/inictl/nl_gen.cpp" >"$work/gen.log" 2>&1 ||
	{ cat "$work/gen.log" >&2; die "gen-inictl.py failed"; }

files="include/uapi/linux/inic.h drivers/net/inic/inic_nl_gen.h
drivers/net/inic/inic_nl_gen.c tools/inictl/nl_gen.h tools/inictl/nl_gen.cpp"

if [ $check = 1 ]; then
	stale=0
	for f in $files; do
		if ! diff -u "$top/$f" "$out/$f" >"$work/diff" 2>&1; then
			echo "gen-netlink: $f is stale (run scripts/gen-netlink.sh)" >&2
			head -n 40 "$work/diff" >&2
			stale=1
		fi
	done
	[ $stale = 0 ] && echo "gen-netlink: generated files are up to date"
	exit $stale
fi

for f in $files; do
	if ! cmp -s "$out/$f" "$top/$f"; then
		mkdir -p "$(dirname "$top/$f")"
		cp "$out/$f" "$top/$f"
		echo "gen-netlink: wrote $f"
	fi
done
