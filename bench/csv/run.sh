#!/usr/bin/env bash
# `profile csv` side by side with DuckDB SUMMARIZE and whylogs (pandas.read_csv + why.log + write)
# on the deterministic wine-like CSV, and `profile merge` of 1,000 window profiles.
#
# usage: bash bench/csv/run.sh [RUNS] [ROWS...]
#   RUNS   rounds (default 5); each round runs every tool once per size, alternating, so that the
#          machine's noise hits them alike. whylogs runs in the first WHYLOGS_RUNS rounds only
#          (default 3; it takes ~80 s per run at 5M rows).
#   ROWS   file sizes in rows (default: 1000000 5000000).
# Environment: SKETCHBOOK_BENCH_DIR (scratch space for the CSVs and profiles, ~1 GB;
# default /tmp/sketchbook-bench), WHYLOGS_RUNS.
#
# Prints a Markdown table (medians, min–max, ratios to Sketchbook) and keeps every run's figures
# in $SKETCHBOOK_BENCH_DIR/results-*.jsonl.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
here="$root/bench/csv"
runs=${1:-5}
shift || true
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000000 5000000)
whylogs_runs=${WHYLOGS_RUNS:-3}
data=${SKETCHBOOK_BENCH_DIR:-/tmp/sketchbook-bench}
mkdir -p "$data"

echo "== tools" >&2
swift build -c release --product profile >&2
profile="$root/.build/release/profile"
duck_venv="$root/.build/bench-venv"
why_venv="$root/.build/ci-venv-whylogs"
if [ ! -x "$duck_venv/bin/python" ]; then python3 -m venv "$duck_venv"; fi
"$duck_venv/bin/python" -c 'import duckdb' 2>/dev/null || "$duck_venv/bin/pip" install --quiet 'duckdb'
if [ ! -x "$why_venv/bin/python" ]; then python3 -m venv "$why_venv"; fi
"$why_venv/bin/python" -c 'import whylogs' 2>/dev/null ||
    "$why_venv/bin/pip" install --quiet 'whylogs==1.6.4' 'numpy<2' 'pandas<2.3'
"$duck_venv/bin/python" -c 'import duckdb; print("duckdb", duckdb.__version__)' >&2
"$why_venv/bin/python" -c 'import whylogs, pandas; print("whylogs", whylogs.__version__, "pandas", pandas.__version__)' >&2

label_of() { case $1 in 1000000) echo 1M ;; 5000000) echo 5M ;; *) echo "$1" ;; esac; }

echo "== data" >&2
for rows in "${sizes[@]}"; do
    file="$data/wine_$(label_of "$rows").csv"
    if [ ! -f "$file" ]; then
        echo "generating $file" >&2
        python3 "$here/gen_wine_csv.py" "$rows" "$file"
    fi
    cat "$file" > /dev/null   # into the page cache, for every tool alike
done

results="$data/results-$(date -u +%Y%m%dT%H%M%SZ).jsonl"
# A pause before each run lets the system settle after the previous process (freeing gigabytes
# after whylogs, DuckDB's threads), for every tool alike.
measure() {
    sleep 2
    python3 "$here/measure.py" "$@" | tee -a "$results" >&2
}

echo "== runs (results in $results)" >&2
for round in $(seq 1 "$runs"); do
    for rows in "${sizes[@]}"; do
        size=$(label_of "$rows")
        file="$data/wine_$size.csv"
        measure "$size:sketchbook" -- "$profile" csv "$file" -o "$data/sketchbook_$size.bin" --quiet
        measure "$size:duckdb SUMMARIZE" -- "$duck_venv/bin/python" "$here/bench_duckdb.py" "$file"
        if [ "$round" -le "$whylogs_runs" ]; then
            measure "$size:whylogs" -- "$why_venv/bin/python" "$here/bench_whylogs.py" "$file" "$data/whylogs_$size.bin"
        fi
    done
done

echo "== profile merge of 1,000 window profiles" >&2
windows="$data/windows"
if [ ! -f "$windows/.complete" ]; then
    rm -rf "$windows" && mkdir -p "$windows/csv" "$windows/profiles"
    [ -f "$data/wine_100k.csv" ] || python3 "$here/gen_wine_csv.py" 100000 "$data/wine_100k.csv"
    python3 - "$data/wine_100k.csv" "$windows/csv" <<'PY'
import sys
source, out = sys.argv[1], sys.argv[2]
with open(source) as f:
    header, rows = f.readline(), f.read().splitlines(keepends=True)
for part in range(1000):
    with open(f"{out}/part-{part:04d}.csv", "w") as f:
        f.write(header)
        f.writelines(rows[part * 100:(part + 1) * 100])
PY
    start=$(date -u -d 2026-11-25T00:00:00Z +%s)
    for part in $(seq 0 999); do
        stamp=$(( (start + part * 300) * 1000 ))
        mkdir -p "$windows/profiles/$(date -u -d "@$((stamp / 1000))" +%Y-%m-%d)"
        "$profile" csv "$windows/csv/part-$(printf %04d "$part").csv" --quiet --dataset-timestamp "$stamp" \
            -o "$windows/profiles/$(date -u -d "@$((stamp / 1000))" +%Y-%m-%d)/window-$(printf %04d "$part").bin.gz"
    done
    touch "$windows/.complete"
fi
for round in $(seq 1 "$runs"); do
    measure "1000 windows:profile merge" -- "$profile" merge "$windows/profiles" -o "$data/merged.bin" --quiet
    rm -rf "$data/daily"
    measure "1000 windows:profile merge --by day" -- "$profile" merge "$windows/profiles" -o "$data/daily" --by day --quiet
done

echo >&2
python3 "$here/report.py" "$results"
