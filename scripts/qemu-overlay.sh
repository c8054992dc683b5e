# shellcheck shell=bash
# Sourced by build-qemu.sh and build-qemu-fuzz.sh: the one definition of how
# the inic device is overlaid on a QEMU source tree.
#
# inic_overlay TOP SRC: copy qemu-device/ (without tests/ and scripts) and
# include/inic_hw.h to SRC/hw/net/inic, and hook it into hw/net's meson
# and Kconfig and its trace-events into QEMU's trace_events_subdirs (once).
inic_overlay() {
	local top=$1 src=$2
	mkdir -p "$src/hw/net/inic"
	rsync -a --delete --exclude 'tests/' --exclude '*.sh' \
		"$top/qemu-device/" "$src/hw/net/inic/"
	cp "$top/include/inic_hw.h" "$src/hw/net/inic/"
	grep -q "subdir('inic')" "$src/hw/net/meson.build" ||
		echo "subdir('inic')" >> "$src/hw/net/meson.build"
	# Its trace-events (trace.h in hw/net/inic).
	grep -q "'hw/net/inic'," "$src/meson.build" ||
		sed -i "s|^    'hw/net',\$|    'hw/net',\n    'hw/net/inic',|" "$src/meson.build"
	grep -q "'hw/net/inic'," "$src/meson.build" ||
		{ echo "qemu-overlay: could not add hw/net/inic to trace_events_subdirs" >&2; return 1; }
	grep -q "^config INIC" "$src/hw/net/Kconfig" ||
		cat >> "$src/hw/net/Kconfig" <<'KC'

config INIC
    bool
    default y if PCI_DEVICES || PCIE_DEVICES
    depends on PCI_EXPRESS && MSI_NONBROKEN
KC
}
