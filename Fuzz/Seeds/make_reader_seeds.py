#!/usr/bin/env python3
"""Writes the hostile seed inputs of the profile-reader and sketch fuzz targets.

These are the shapes a review of the readers used (issue 11): many columns, chunk offsets shared
by many names or nested in another chunk, counts and KLL n at and far past what a stream can reach,
and sketch images whose headers claim far larger sizes than their content. Run from the repository
root; the files are committed, so run it again only to change them.

    python3 Fuzz/Seeds/make_reader_seeds.py
"""

import os
import struct

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)))


def varint(value):
    out = bytearray()
    while value >= 0x80:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def delimited(tag, payload):
    return bytes([tag]) + varint(len(payload)) + payload


def component_integer(n):
    """MetricComponentMessage { n }."""
    return b"\x10" + varint(n & 0xFFFFFFFFFFFFFFFF)


def component_double(d):
    return b"\x19" + struct.pack("<d", d)


def component_sketch(field, image):
    """MetricComponentMessage { frequent_items (4) | hll (5) | kll (6) { sketch } }."""
    return delimited(field << 3 | 2, delimited(0x0A, image))


def chunk(components, paths, extra=b""):
    """A chunk (header length, ChunkHeader COLUMN, ChunkMessage) of (path, component) pairs."""
    message = b""
    for path, value in components:
        message += delimited(0x0A, b"\x08" + varint(paths[path]) + delimited(0x12, value))
    if extra:
        message += delimited(0x7A, extra)  # an unknown field 15
    header = b"\x08\x02\x18" + varint(len(message))
    return varint(len(header)) + header + message


def v1_file(columns, paths, region):
    """columns: (name, [offsets]) pairs; paths: path -> index."""
    header = b""
    for name, offsets in columns:
        packed = b"".join(varint(o) for o in offsets)
        entry = delimited(0x0A, name.encode()) + delimited(0x12, delimited(0x0A, packed))
        header += delimited(0x12, entry)
    header += b"\x20" + varint(len(region))
    for path, index in sorted(paths.items(), key=lambda item: item[1]):
        header += delimited(0x2A, b"\x08" + varint(index) + delimited(0x12, path.encode()))
    return b"WHY1\x00" + varint(len(header)) + header + region


def chunked_profile(per_column, paths, extra_for=None):
    """A file with one chunk per column, in order; per_column: (name, components) pairs."""
    region = b""
    columns = []
    for name, components in per_column:
        columns.append((name, [len(region)]))
        region += chunk(components, paths, extra_for(name) if extra_for else b"")
    return v1_file(columns, paths, region)


COUNTS = ["counts/n", "counts/null", "counts/nan", "counts/inf", "counts/true"]


def counts_components(n):
    return [(path, component_integer(n if path == "counts/n" else 0)) for path in COUNTS]


def kll_full_image(count, level, k=8):
    """A DataSketches-layout KLL doubles image, k = 8, with `count` items at `level`."""
    levels = level + 1
    capacity = 8 * levels  # every level capacity is the minimum width 8 for k = 8
    image = bytes([0x05, 0x01, 0x0F, 0x00]) + struct.pack("<HBB", k, 8, 0)
    image += struct.pack("<QHBB", count << level, 8, levels, 0)
    image += b"".join(struct.pack("<I", capacity - count) for _ in range(levels))
    image += b"".join(struct.pack("<d", 1.0) for _ in range(2 + count))
    return image


KLL_EMPTY_K65535 = bytes([0x02, 0x01, 0x0F, 0x01, 0xFF, 0xFF, 0x08, 0x00])
KLL_SINGLE_K65535 = bytes([0x02, 0x02, 0x0F, 0x04, 0xFF, 0xFF, 0x08, 0x00]) + struct.pack("<d", 2.5)
FI_EMPTY_LG20 = bytes([0x01, 0x01, 0x0A, 20, 20, 0x05, 0x00, 0x00])
FI_ONE_ITEM_LG20 = (
    bytes([0x04, 0x01, 0x0A, 20, 20, 0x00, 0x00, 0x00])
    + struct.pack("<IIQQQ", 1, 0, 3, 0, 3)
    + struct.pack("<I", 1)
    + b"a"
)
FI_HUGE_WEIGHT = (
    bytes([0x04, 0x01, 0x0A, 10, 3, 0x00, 0x00, 0x00])
    + struct.pack("<IIQQQ", 1, 0, (1 << 63) - 1, 0, (1 << 63) - 1)
    + struct.pack("<I", 1)
    + b"a"
)
HLL_EMPTY_LG21 = bytes([0x02, 0x01, 0x07, 21, 0x03, 0x0C, 0x00, 0x08])


def write(folder, name, data):
    path = os.path.join(ROOT, folder, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)
    print(f"{path}: {len(data)} bytes")


def main():
    counts_paths = {path: i for i, path in enumerate(COUNTS)}

    write(
        "profile-reader",
        "many-columns.bin",
        chunked_profile([(f"c{i}", counts_components(i)) for i in range(1000)], counts_paths),
    )
    one = chunk(counts_components(5), counts_paths)
    write(
        "profile-reader",
        "shared-offsets.bin",
        v1_file([(f"c{i}", [0]) for i in range(2000)], counts_paths, one),
    )
    write("profile-reader", "repeated-offset.bin", v1_file([("c", [0] * 4000)], counts_paths, one))
    outer = chunk(counts_components(5), counts_paths, one)
    write(
        "profile-reader",
        "nested-chunk.bin",
        v1_file([("a", [0]), ("b", [len(outer) - len(one)])], counts_paths, outer),
    )
    for name, n in [("counts-at-bound", 1 << 53), ("counts-near-int64-max", (1 << 63) - 1), ("counts-negative", -1)]:
        write("profile-reader", f"{name}.bin", chunked_profile([("c", counts_components(n))], counts_paths))

    dist_paths = {"distribution/kll": 0, "distribution/mean": 1, "distribution/m2": 2}
    for name, image in [
        ("kll-n-at-bound", kll_full_image(1, 53)),
        ("kll-n-near-int64-max", kll_full_image(7, 60)),
    ]:
        components = [
            ("distribution/kll", component_sketch(6, image)),
            ("distribution/mean", component_double(1.0)),
            ("distribution/m2", component_double(0.0)),
        ]
        write("profile-reader", f"{name}.bin", chunked_profile([("c", components)], dist_paths))

    claim_paths = {"frequent_items/frequent_strings": 0, **{p: i + 1 for p, i in dist_paths.items()}}
    claimed = []
    for i in range(200):
        claimed.append(
            (
                f"c{i}",
                [
                    ("frequent_items/frequent_strings", component_sketch(4, FI_EMPTY_LG20 if i % 2 else FI_ONE_ITEM_LG20)),
                    ("distribution/kll", component_sketch(6, KLL_EMPTY_K65535)),
                    ("distribution/mean", component_double(0.0)),
                    ("distribution/m2", component_double(0.0)),
                ],
            )
        )
    write("profile-reader", "claimed-sketch-sizes.bin", chunked_profile(claimed, claim_paths))

    write("kll-sketch", "empty-k65535.sk", KLL_EMPTY_K65535)
    write("kll-sketch", "single-k65535.sk", KLL_SINGLE_K65535)
    write("kll-sketch", "n-at-bound.sk", kll_full_image(1, 53))
    write("kll-sketch", "n-near-int64-max.sk", kll_full_image(7, 60))
    write("frequent-items-sketch", "empty-claims-million-slots.sk", FI_EMPTY_LG20)
    write("frequent-items-sketch", "one-item-claims-million-slots.sk", FI_ONE_ITEM_LG20)
    write("frequent-items-sketch", "weight-near-int64-max.sk", FI_HUGE_WEIGHT)
    write("hll-sketch", "empty-list-lgk21-hll8.sk", HLL_EMPTY_LG21)


if __name__ == "__main__":
    main()
