"""Draws media/icon.png (128x128): points on a circle softly assigned to a few anchors — the idea of
soft entropy. Pure Python (zlib PNG writer), so it needs nothing installed. Run: python3 test/tools/make_icon.py"""
import math
import struct
import zlib

W = H = 128
px = [[(0, 0, 0, 0)] * W for _ in range(H)]


def blend(x, y, rgb, a):
    if 0 <= x < W and 0 <= y < H:
        r0, g0, b0, a0 = px[y][x]
        a1 = a + a0 * (1 - a)
        if a1 == 0:
            return
        mix = lambda c, c0: int((c * a + c0 * a0 * (1 - a)) / a1)
        px[y][x] = (mix(rgb[0], r0), mix(rgb[1], g0), mix(rgb[2], b0), a1)


def disc(cx, cy, r, rgb, alpha=1.0):
    for y in range(int(cy - r - 2), int(cy + r + 3)):
        for x in range(int(cx - r - 2), int(cx + r + 3)):
            d = math.hypot(x + 0.5 - cx, y + 0.5 - cy)
            cover = max(0.0, min(1.0, r + 0.5 - d))
            if cover > 0:
                blend(x, y, rgb, alpha * cover)


disc(64, 64, 62, (30, 41, 59))  # background
for i in range(200):  # ring of embeddings
    t = 2 * math.pi * i / 200
    disc(64 + 44 * math.cos(t), 64 + 44 * math.sin(t), 1.2, (148, 163, 184), 0.9)
anchors = [(0.3, (56, 189, 248)), (2.2, (250, 204, 21)), (4.1, (244, 114, 182))]
for t0, rgb in anchors:
    for k in range(60):  # soft assignment: mass spread around each anchor
        t = t0 + (k - 30) * 0.025
        w = math.exp(-((k - 30) / 12) ** 2)
        disc(64 + 44 * math.cos(t), 64 + 44 * math.sin(t), 3.0 * w + 1, rgb, 0.5 * w + 0.2)
    disc(64 + 44 * math.cos(t0), 64 + 44 * math.sin(t0), 7, rgb)
    for s in range(0, 40):  # spoke to the centre
        f = s / 40
        disc(64 + 44 * f * math.cos(t0), 64 + 44 * f * math.sin(t0), 1.0, rgb, 0.6)

raw = b"".join(b"\x00" + bytes(v for p in row for v in (p[0], p[1], p[2], int(p[3] * 255))) for row in px)


def chunk(tag, data):
    return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)


png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", W, H, 8, 6, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")
open("media/icon.png", "wb").write(png)
