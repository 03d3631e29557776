#!/usr/bin/env bash
# The monitor's time over a year of daily profiles (issue 17): 365 daily profiles of 100 columns
# (80 numbers, 20 categories, 1,000 rows a day; a shift from day 300), then
#   1. a cold run (no state file): every file read, every period computed;
#   2. a warm run after one new day is added (the state file): one file read, one period computed;
#   3. a re-run with nothing new.
# Each run writes the JSON report, the HTML page and the Prometheus textfile, as the cron recipe
# does. The profiles are made by `profile csv --dataset-timestamp` from generated CSV files.
#
# usage: bench/monitor/run.sh [WORKDIR]   (default: .build/bench-monitor; BUILD=debug for a debug
#        build; PROFILE=path to use a built binary)
set -euo pipefail
cd "$(dirname "$0")/../.."
work=${1:-.build/bench-monitor}
config=${BUILD:-release}
if [ -z "${PROFILE:-}" ]; then
    swift build -c "$config" --product profile >/dev/null
    profile=$(swift build -c "$config" --show-bin-path)/profile
else
    profile=$PROFILE # a built binary, e.g. PROFILE=.build/release/profile
fi
mkdir -p "$work/csv" "$work/daily"

generate() { # first day, last day -> one CSV per day in $work/csv (one Python process)
    python3 - "$1" "$2" "$work/csv" <<'PY'
import random, sys
first, last, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
header = ",".join([f"n{i}" for i in range(80)] + [f"c{i}" for i in range(20)])
cats = ["a", "b", "c", "d", "e", "f"]
for day in range(first, last + 1):
    rng = random.Random(day)
    shift = 0.5 if day >= 300 else 0.0
    rows = [header]
    for _ in range(1000):
        nums = [f"{rng.gauss(shift if i < 8 else 0.0, 1.0):.5f}" for i in range(80)]
        rows.append(",".join(nums + [rng.choice(cats) for _ in range(20)]))
    with open(f"{out}/{day:03d}.csv", "w") as f:
        f.write("\n".join(rows) + "\n")
PY
}

make_days() { # first day, last day: the profiles not made yet
    local day name
    generate "$1" "$2"
    for day in $(seq "$1" "$2"); do
        name=$(printf '%03d' "$day")
        if [ ! -f "$work/daily/$name.bin" ]; then
            "$profile" csv "$work/csv/$name.csv" -o "$work/daily/$name.bin" --quiet \
                --dataset-timestamp "$(date -u -d "2025-01-01 + $day days" +%Y-%m-%d)"
        fi
        rm -f "$work/csv/$name.csv"
    done
}

echo "generating 365 daily profiles in $work/daily (once)"
[ "$(ls "$work/daily" | wc -l)" -ge 365 ] || make_days 0 364
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
echo "profile monitor over $(ls "$work/daily" | wc -l) daily profiles of 100 columns ($profile, $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg))"
time_one "cold (no state)" "$profile" "${common[@]}"
make_days 365 365
time_one "warm (one new day)" "$profile" "${common[@]}"
time_one "warm (nothing new)" "$profile" "${common[@]}"
time_one "html page (state, nothing new)" "$profile" monitor "$work/daily" --state "$work/monitor.state" \
    -o "$work/monitor.html"
ls -l "$work/monitor.state" "$work/monitor.json" "$work/monitor.html" "$work/monitor.prom" | awk '{print $5, $9}'
