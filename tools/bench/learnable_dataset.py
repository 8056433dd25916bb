#!/usr/bin/env python3
"""Writes a small synhead dataset (manifest.json, sequences/<id>/labels.csv, frames/NNNNNN.png) with no renderer.

For machines where `synhead render` is not built (-DSYNHEAD_BUILD_RENDERER=OFF), e.g. tools/gpu_check.sh on a GPU
machine. The pictures follow tests/common/learnable_dataset.h: a bright disc in a fixed face box over a textured
background, with a dark dot whose offset encodes yaw (x) and pitch (y); poses are smooth per-sequence sinusoids;
tracks are shared pairwise (so a track-wise validation split exists); the last quarter of the sequences is tagged
test, the rest train. Pure standard library (PNG through zlib), so any python3 runs it.

Usage: learnable_dataset.py OUT_DIR [--sequences 8] [--frames 40] [--size 128]
"""

import argparse
import json
import math
import os
import struct
import zlib

LANDMARKS = 68


def png_bytes(width, height, rows):
    """8-bit RGB PNG from `rows`, a list of bytes objects of 3 × width each."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    raw = b"".join(b"\x00" + row for row in rows)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(raw, 1)) + chunk(b"IEND", b""))


def rotation(pitch, yaw, roll):
    """R = Rz(roll) · Ry(yaw) · Rx(pitch), degrees in (docs: pose convention), rows out."""
    p, y, r = (math.radians(a) for a in (pitch, yaw, roll))
    rx = [[1, 0, 0], [0, math.cos(p), -math.sin(p)], [0, math.sin(p), math.cos(p)]]
    ry = [[math.cos(y), 0, math.sin(y)], [0, 1, 0], [-math.sin(y), 0, math.cos(y)]]
    rz = [[math.cos(r), -math.sin(r), 0], [math.sin(r), math.cos(r), 0], [0, 0, 1]]
    mul = lambda a, b: [[sum(a[i][k] * b[k][j] for k in range(3)) for j in range(3)] for i in range(3)]
    return mul(rz, mul(ry, rx))


def labels(sequence, frame, size):
    t = frame / 30.0
    pitch = 20 * math.sin(4.1 * t + sequence)
    yaw = 35 * math.sin(4.9 * t + 2.0 * sequence)
    roll = 15 * math.cos(5.3 * t + sequence)
    c = size / 2
    dot = (c + 0.4 * yaw * size / 64, c + 0.4 * pitch * size / 64)
    ring = [(dot[0] + 0.22 * size * math.cos(2 * math.pi * i / LANDMARKS),
             dot[1] + 0.22 * size * math.sin(2 * math.pi * i / LANDMARKS)) for i in range(LANDMARKS)]
    box = (0.1875 * size, 0.1875 * size, 0.625 * size, 0.625 * size)
    return {"frame": frame, "time_s": t, "angles": (pitch, yaw, roll), "dot": dot, "landmarks": ring, "box": box}


def image_rows(l, size):
    c, disc_r2, dot_r2 = size / 2, (0.27 * size) ** 2, (0.08 * size) ** 2
    rows = []
    for y in range(size):
        row = bytearray(3 * size)
        for x in range(size):
            px = (80 + (x ^ y) % 40, 60, 40 + (x * 7 + y * 3) % 50)
            if (x + 0.5 - c) ** 2 + (y + 0.5 - c) ** 2 < disc_r2:
                px = (250, 220, 230)
            if (x + 0.5 - l["dot"][0]) ** 2 + (y + 0.5 - l["dot"][1]) ** 2 < dot_r2:
                px = (200, 20, 20)
            row[3 * x:3 * x + 3] = bytes(px)
        rows.append(bytes(row))
    return rows


def labels_row(l):
    pitch, yaw, roll = l["angles"]
    values = [str(l["frame"]), repr(l["time_s"]), repr(pitch), repr(yaw), repr(roll)]
    values += [repr(v) for row in rotation(pitch, yaw, roll) for v in row]
    values += ["0", "0", "900"] + [repr(v) for v in l["box"]]
    values += [repr(p[0]) for p in l["landmarks"]] + [repr(p[1]) for p in l["landmarks"]] + ["1"] * LANDMARKS
    return ",".join(values)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out")
    parser.add_argument("--sequences", type=int, default=8)
    parser.add_argument("--frames", type=int, default=40)
    parser.add_argument("--size", type=int, default=128, help="image side in pixels")
    args = parser.parse_args()
    if args.sequences < 2 or args.frames < 1 or args.size < 16:
        parser.error("needs --sequences >= 2, --frames >= 1, --size >= 16")

    header = ["frame", "time_s", "pitch", "yaw", "roll"] + [f"r{r}{k}" for r in range(3) for k in range(3)]
    header += ["tx", "ty", "tz", "bbox_x", "bbox_y", "bbox_w", "bbox_h"]
    header += [f"{axis}_{i}" for axis in "xyv" for i in range(LANDMARKS)]
    camera = {"width": args.size, "height": args.size, "fx": args.size * 0.94, "fy": args.size * 0.94,
              "cx": args.size / 2, "cy": args.size / 2}
    sequences = []
    for s in range(args.sequences):
        track, subject = f"track_{s // 2}", "male_01" if s % 2 else "female_01"
        entry = {"id": f"{subject}__{track}", "subject": subject, "track": track, "background": "pattern",
                 "frames": args.frames, "camera": camera, "image_format": "png",
                 "split": "train" if s < args.sequences * 3 // 4 else "test"}
        directory = os.path.join(args.out, "sequences", entry["id"])
        os.makedirs(os.path.join(directory, "frames"), exist_ok=True)
        lines = [",".join(header)]
        for f in range(args.frames):
            l = labels(s, f, args.size)
            with open(os.path.join(directory, "frames", f"{f:06d}.png"), "wb") as png:
                png.write(png_bytes(args.size, args.size, image_rows(l, args.size)))
            lines.append(labels_row(l))
        with open(os.path.join(directory, "labels.csv"), "w") as csv:
            csv.write("\n".join(lines) + "\n")
        sequences.append(entry)
    manifest = {"format": "synhead-dataset", "version": 1, "tool_version": "learnable_dataset.py", "seed": 0,
                "config": {"image": {"format": "png"}}, "layout": "synhead", "sequences": sequences}
    with open(os.path.join(args.out, "manifest.json"), "w") as out:
        out.write(json.dumps(manifest, indent=2) + "\n")
    print(f"learnable_dataset.py: {args.sequences} sequences x {args.frames} frames of {args.size} px in {args.out}")


if __name__ == "__main__":
    main()
