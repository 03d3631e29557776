#!/usr/bin/env bash
# The monitor's time over a year of daily profiles (issue 17): 365 daily profiles of 100 columns
# (80 numbers, 20 categories, 1,000 rows a day; a shift from day 300), then
#   1. a cold run (no state file): every file read, every period computed;
#   2. a warm run after one new day is added (the state file): one file read, one period computed;
#   3. a re-run with nothing new.
# Each run writes the JSON report, the HTML page and the Prometheus textfile, as the cron recipe
# does. The profiles are made by `profile csv --dataset-timestamp` from generated CSV files.
#
# usage: bench/monitor/run.sh [WORKDIR]   (default: .build/bench-monitor; BUILD=debug to skip the
#        release build)
set -euo pipefail
cd "$(dirname "$0")/../.."
work=${1:-.build/bench-monitor}
config=${BUILD:-release}
swift build -c "$config" --product profile >/dev/null
profile=$(swift build -c "$config" --show-bin-path)/profile
mkdir -p "$work/csv" "$work/daily"

generate() { # day index -> CSV on stdout
    python3 - "$1" <<'PY'
import random, sys
day = int(sys.argv[1])
rng = random.Random(day)
shift = 0.5 if day >= 300 else 0.0
print(",".join([f"n{i}" for i in range(80)] + [f"c{i}" for i in range(20)]))
cats = ["a", "b", "c", "d", "e", "f"]
for _ in range(1000):
    nums = [f"{rng.gauss(shift if i < 8 else 0.0, 1.0):.5f}" for i in range(80)]
    strs = [rng.choice(cats) for _ in range(20)]
    print(",".join(nums + strs))
PY
}

make_day() { # day index
    local day=$1 name
    name=$(printf '%03d' "$day")
    if [ ! -f "$work/daily/$name.bin" ]; then
        generate "$day" > "$work/csv/$name.csv"
        "$profile" csv "$work/csv/$name.csv" -o "$work/daily/$name.bin" --quiet \
            --dataset-timestamp "$(date -u -d "2025-01-01 + $day days" +%Y-%m-%d)"
        rm "$work/csv/$name.csv"
    fi
}

echo "generating 365 daily profiles in $work/daily (once)"
for day in $(seq 0 364); do make_day "$day"; done
rm -f "$work/daily/365.bin" "$work/monitor.state"

time_one() { # label, then the command
    local label=$1 start end status
    shift
    start=$(date +%s.%N)
    set +e
    "$@" >/dev/null
    status=$?
    set -e
    end=$(date +%s.%N)
    printf '%-34s %7.2f s  (exit status %d)\n' "$label" "$(echo "$end - $start" | bc)" "$status"
}

common=(monitor "$work/daily" --state "$work/monitor.state" --format json -o "$work/monitor.json"
    --prometheus-textfile "$work/monitor.prom")
echo "profile monitor over $(ls "$work/daily" | wc -l) daily profiles of 100 columns ($config build, $(nproc) cores)"
time_one "cold (no state)" "$profile" "${common[@]}"
make_day 365
time_one "warm (one new day)" "$profile" "${common[@]}"
time_one "warm (nothing new)" "$profile" "${common[@]}"
time_one "html page (state, nothing new)" "$profile" monitor "$work/daily" --state "$work/monitor.state" \
    -o "$work/monitor.html"
ls -l "$work/monitor.state" "$work/monitor.json" "$work/monitor.html" "$work/monitor.prom" | awk '{print $5, $9}'
