#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
# tests/clients/make-png.py OUT.png - write a small RGB PNG (300x200, a
# gradient with a pattern, so a wrong scale or a channel mix-up shows).
import struct
import sys
import zlib

W, H = 300, 200


def chunk(kind, data):
    return (struct.pack(">I", len(data)) + kind + data +
            struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff))


rows = bytearray()
for y in range(H):
    rows += b"\0"
    for x in range(W):
        rows += bytes((x * 255 // W, y * 255 // H, (x ^ y) & 255))
with open(sys.argv[1], "wb") as f:
    f.write(b"\x89PNG\r\n\x1a\n" +
            chunk(b"IHDR", struct.pack(">IIBBBBB", W, H, 8, 2, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(bytes(rows), 9)) + chunk(b"IEND", b""))
