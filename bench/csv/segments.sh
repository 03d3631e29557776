#!/usr/bin/env bash
# What `--segment-by` costs `profile csv`: the wine-like CSV profiled alternately
#   plain        profile csv FILE -o plain.bin
#   by quality   profile csv FILE --segment-by quality -o DIR      (7 segments)
#   by two       profile csv FILE --segment-by quality,region -o DIR (quality × region)
# round by round, so that the machine's noise hits them alike. Segmenting reads the file twice
# (the second pass with the column types known), so about 2× is expected.
#
# usage: bash bench/csv/segments.sh [RUNS] [ROWS]   (default 5 rounds, 5000000 rows)
# Environment: SKETCHBOOK_BENCH_DIR (scratch space, default /tmp/sketchbook-bench).
# Prints medians and each variant's ratio to plain; keeps every run in results-segments-*.jsonl.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
here="$root/bench/csv"
runs=${1:-5}
rows=${2:-5000000}
data=${SKETCHBOOK_BENCH_DIR:-/tmp/sketchbook-bench}
mkdir -p "$data"

swift build -c release --product profile >&2
profile="$root/.build/release/profile"
file="$data/wine_$rows.csv"
if [ ! -f "$file" ]; then
    echo "generating $file" >&2
    python3 "$here/gen_wine_csv.py" "$rows" "$file"
fi
cat "$file" > /dev/null   # into the page cache, for every variant alike

results="$data/results-segments-$(date -u +%Y%m%dT%H%M%SZ).jsonl"
measure() {
    sleep 2
    python3 "$here/measure.py" "$@" | tee -a "$results" >&2
}
for round in $(seq 1 "$runs"); do
    measure "plain" -- "$profile" csv "$file" -o "$data/segments_plain.bin" --quiet
    rm -rf "$data/segments_quality" "$data/segments_two"
    measure "by quality" -- "$profile" csv "$file" --segment-by quality -o "$data/segments_quality" --quiet
    measure "by quality,region" -- "$profile" csv "$file" --segment-by quality,region -o "$data/segments_two" --quiet
done

python3 "$here/summarize_runs.py" "$results" plain
