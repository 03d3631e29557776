#!/usr/bin/env bash
# What logging a model's performance metrics adds to `profile csv`: the same wine-like CSV with a
# predicted_quality and a score column (`gen_wine_csv.py --with-model-output`), profiled alternately
#   plain           profile csv FILE
#   classification  profile csv FILE --target quality --prediction predicted_quality --score score --log-full-data
#   regression      profile csv FILE --target quality --prediction predicted_quality --task regression --log-full-data
#   metrics only    profile csv FILE --target quality --prediction predicted_quality --score score
# round by round, so that the machine's noise hits them alike.
#
# usage: bash bench/csv/model_metrics.sh [RUNS] [ROWS]   (default 5 rounds, 5000000 rows)
# Environment: SKETCHBOOK_BENCH_DIR (scratch space, default /tmp/sketchbook-bench).
# Prints medians and each variant's ratio to plain; keeps every run in results-model-*.jsonl.
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
file="$data/wine_model_$rows.csv"
if [ ! -f "$file" ]; then
    echo "generating $file" >&2
    python3 "$here/gen_wine_csv.py" "$rows" "$file" --with-model-output
fi
cat "$file" > /dev/null   # into the page cache, for every variant alike

results="$data/results-model-$(date -u +%Y%m%dT%H%M%SZ).jsonl"
measure() {
    sleep 2
    python3 "$here/measure.py" "$@" | tee -a "$results" >&2
}
model=(--target quality --prediction predicted_quality)
for round in $(seq 1 "$runs"); do
    measure "plain" -- "$profile" csv "$file" -o "$data/model_plain.bin" --quiet
    measure "classification" -- "$profile" csv "$file" "${model[@]}" --score score --log-full-data \
        -o "$data/model_classification.bin" --quiet
    measure "regression" -- "$profile" csv "$file" "${model[@]}" --task regression --log-full-data \
        -o "$data/model_regression.bin" --quiet
    measure "metrics only" -- "$profile" csv "$file" "${model[@]}" --score score -o "$data/model_only.bin" --quiet
done

python3 "$here/summarize_runs.py" "$results" plain
