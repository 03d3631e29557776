#!/usr/bin/env bash
# `profile arrow` against `profile csv` on the same data: the 5M-row wine-like table of
# bench/csv (gen_wine_csv.py), converted to an Arrow IPC stream with pyarrow (csv_to_arrow.py;
# plain and ZSTD-compressed). Each run profiles to a file; rows per second are the median of RUNS.
#
# usage: bash bench/arrow/run.sh [RUNS] [ROWS]     (defaults: 3 runs, 5000000 rows)
# Environment: SKETCHBOOK_BENCH_DIR (scratch, ~2 GB; default /tmp/sketchbook-bench).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
runs=${1:-3}
rows=${2:-5000000}
data=${SKETCHBOOK_BENCH_DIR:-/tmp/sketchbook-bench}
mkdir -p "$data"

swift build -c release --product profile >&2
profile="$root/.build/release/profile"
venv="$root/.build/venv-arrow"
if [ ! -x "$venv/bin/python" ]; then python3 -m venv "$venv"; fi
"$venv/bin/python" -c 'import pyarrow' 2>/dev/null || "$venv/bin/pip" install --quiet 'pyarrow<21' 'numpy<2'

csv="$data/wine_$rows.csv"
arrows="$data/wine_$rows.arrows"
zstd="$data/wine_$rows.zstd.arrows"
[ -f "$csv" ] || python3 bench/csv/gen_wine_csv.py "$rows" "$csv"
[ -f "$arrows" ] || "$venv/bin/python" bench/arrow/csv_to_arrow.py "$csv" "$arrows" >&2
[ -f "$zstd" ] || "$venv/bin/python" bench/arrow/csv_to_arrow.py "$csv" "$zstd" --compression zstd >&2
cat "$csv" "$arrows" "$zstd" > /dev/null

results="$data/arrow-results-$(date +%s).jsonl"
for _ in $(seq "$runs"); do
    python3 bench/csv/measure.py csv -- "$profile" csv "$csv" -o "$data/csv.bin" --quiet >> "$results"
    python3 bench/csv/measure.py arrow -- "$profile" arrow "$arrows" -o "$data/arrow.bin" --quiet >> "$results"
    python3 bench/csv/measure.py arrow-zstd -- "$profile" arrow "$zstd" -o "$data/zstd.bin" --quiet >> "$results"
done
python3 - "$results" "$rows" "$csv" "$arrows" "$zstd" <<'PY'
import json, os, statistics, sys
path, rows, *files = sys.argv[1:]
runs = [json.loads(line) for line in open(path)]
print(f"| input | size | median wall (s) | rows/s | CPU (s) | peak RSS (MiB) |")
print("| --- | --- | --- | --- | --- | --- |")
for label, file in zip(["csv", "arrow", "arrow-zstd"], files):
    mine = [r for r in runs if r["label"] == label]
    wall = statistics.median(r["wall_s"] for r in mine)
    cpu = statistics.median(r["cpu_s"] for r in mine)
    peak = max(r["peak_mib"] for r in mine)
    size = os.path.getsize(file) / 1e6
    print(f"| profile {label.replace('-zstd', ' (ZSTD)')} | {size:.0f} MB | {wall:.2f} | {int(rows) / wall / 1e6:.2f} M | {cpu:.2f} | {peak:.0f} |")
PY
