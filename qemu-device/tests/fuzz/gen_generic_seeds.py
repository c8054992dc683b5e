#!/usr/bin/env python3
"""Write seed inputs for QEMU's generic-fuzz against -device inic into DIR.

generic-fuzz reads commands separated by "FUZZ": an opcode byte (enum cmds
in tests/qtest/fuzz/generic_fuzz.c) and its struct. OP_WRITE picks the
fuzzable MemoryRegion by index (base % count, in hash-table order), so each
scenario is written once per index 0..3: merging keeps those that reach
BAR0. DMA reads of the device are filled from the DMA pattern: here a TX
descriptor (buffer 0x300000, 60 bytes, EOP), which also serves as RX
descriptor (60-byte buffer), so a frame goes out of port 0 onto the hub and
comes back in on port 1.
"""
import struct
import sys

OP_IN, OP_OUT, OP_READ, OP_WRITE, OP_PCI_READ, OP_PCI_WRITE, OP_DISABLE_PCI, \
    OP_ADD_DMA_PATTERN, OP_CLEAR_DMA_PATTERNS, OP_CLOCK_STEP = range(10)
SEP = b'FUZZ'


def write(base, off, val, size=2):      # size 2: 32-bit
    return bytes([OP_WRITE]) + struct.pack('<BBxxIQ', size, base, off, val)


def read(base, off, size=2):
    return bytes([OP_READ]) + struct.pack('<BBxxI', size, base, off)


def pattern(data, index=0, stride=0):
    return bytes([OP_ADD_DMA_PATTERN, index, stride]) + data


def scenario(base):
    txd = struct.pack('<QHHHHHHHHQ', 0x300000, 60, 1, 0, 0, 0, 0, 0, 0, 0)
    cmds = [
        pattern(txd),
        write(base, 0x1010, 3),             # port 0: RX_EN | TX_EN
        write(base, 0x1110, 3),             # port 1
        write(base, 0x1118, 2),             # port 1 receives on ring 2
        write(base, 0x10240, 0x200000),     # RX ring 2
        write(base, 0x10248, 16),
        write(base, 0x1024c, 1 | (1 << 8)),
        write(base, 0x10254, 15),
        write(base, 0x1025c, 0x80000000),   # INT_ARM
        write(base, 0x10000, 0x100000),     # TX ring 0
        write(base, 0x10008, 16),
        write(base, 0x1000c, 1),
        write(base, 0x1001c, 0x80000000),
        write(base, 0x10014, 4),            # doorbell: 4 frames
        bytes([OP_CLOCK_STEP]),
        read(base, 0x10010),                # TX head
        read(base, 0x1000 + 0x40, 3),       # port 0 RX_PKTS (64-bit)
        read(base, 0x1100 + 0x40, 3),       # port 1
    ]
    return SEP.join(cmds)


for base in range(4):
    with open(f'{sys.argv[1]}/seed-loop-base{base}', 'wb') as f:
        f.write(scenario(base))
