#!/usr/bin/env bash
# Side-by-side per-item update cost: Sketchbook (Swift, release) against the DataSketches C++ core,
# on the same machine, the same inputs (the fixture LCG streams) and in the same run.
#
#   bash bench/sketches/run.sh [N=5000000] [REPS=5]
#
# The C++ side is built from the DataSketches C++ headers shipped in the `whylogs-sketching`
# 3.4.1.dev3 source distribution on PyPI (the `datasketches` 5.2.0 sdist fetches its C++ core at
# build time and does not ship it). The update, compaction and hashing code of KLL, HLL and frequent
# items is the same in both (docs/formats/datasketches.md §7). Nothing fetched is committed: it goes
# to bench/.cache/.
#
# Prints, per benchmark, the median of each side over REPS runs and the ratio Swift/C++: nanoseconds
# per item for `*_update`, per operation for `*_op` (merge, serialize, deserialize of sketches built
# from N/2 items each).
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-5000000}
REPS=${2:-5}
CACHE=bench/.cache
mkdir -p "$CACHE"

SDIST_SHA256=40b90eb9d5e4cbbfa63f6a1f3a3332b72258d270044b79030dc5d720fddd9499
SDIST="$CACHE/whylogs-sketching-3.4.1.dev3.tar.gz"
if [ ! -d "$CACHE/whylogs-sketching-3.4.1.dev3" ]; then
    echo "== fetching the DataSketches C++ headers (the whylogs-sketching 3.4.1.dev3 sdist, with pip)" >&2
    python3 -m pip download --quiet --no-deps --no-binary whylogs-sketching \
        'whylogs-sketching==3.4.1.dev3' -d "$CACHE" >&2
    echo "$SDIST_SHA256  $SDIST" | sha256sum -c - >&2
    tar xzf "$SDIST" -C "$CACHE"
fi
DS="$CACHE/whylogs-sketching-3.4.1.dev3"

echo "== building the C++ side (g++ -O3 -march=native, as in the perf anchors)" >&2
g++ -O3 -march=native -std=c++17 -Wno-deprecated-declarations \
    -I"$DS/common/include" -I"$DS/kll/include" -I"$DS/hll/include" -I"$DS/fi/include" \
    -o "$CACHE/native_bench" bench/sketches/native_bench.cpp

echo "== building the Swift side (swift build -c release)" >&2
swift build -c release --package-path Benchmarks --product SketchThroughput >&2
SWIFT_BIN=$(swift build -c release --package-path Benchmarks --show-bin-path)/SketchThroughput

echo "== running: N=$N, $REPS repetitions each, alternating sides" >&2
: > "$CACHE/results.txt"
for _ in $(seq "$REPS"); do
    "$CACHE/native_bench" "$N" 1 | sed 's/^/cpp /' >> "$CACHE/results.txt"
    "$SWIFT_BIN" "$N" 1 | sed 's/^/swift /' >> "$CACHE/results.txt"
done

python3 - "$CACHE/results.txt" <<'PY'
import collections, statistics, sys
runs = collections.defaultdict(list)
for line in open(sys.argv[1]):
    side, name, ns = line.split()
    runs[(name, side)].append(float(ns))
names = sorted({name for name, _ in runs}, key=lambda n: list(dict.fromkeys(k[0] for k in runs)).index(n))
print(f"{'benchmark':32} {'C++ ns':>12} {'Swift ns':>14} {'Swift/C++':>10}   (median of {len(next(iter(runs.values())))}; ns per item, or per op for *_op)")
for name in names:
    cpp = runs.get((name, "cpp")); swift = runs.get((name, "swift"))
    c = statistics.median(cpp) if cpp else float("nan")
    s = statistics.median(swift) if swift else float("nan")
    print(f"{name:32} {c:12.2f} {s:14.2f} {s / c:10.2f}")
PY
