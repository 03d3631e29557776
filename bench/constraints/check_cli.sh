#!/usr/bin/env bash
# The wall time of `profile check` (the release binary: read the suite and the profile, check,
# write the report) with a 1,000-constraint suite on a 500-column profile, median of RUNS.
#
# The profile: 5,000 rows of 500 columns (400 numeric, 100 strings of 30 categories), from a seeded
# generator, profiled with `profile csv`. The suite: two constraints a column, cycling through
# range, quantile, mean, null-share, type, distinct-count and category-set factories.
#
# usage: bash bench/constraints/check_cli.sh [RUNS] [FORMAT]   (defaults: 5 runs, text)
set -euo pipefail
cd "$(dirname "$0")/../.."
runs="${1:-5}"
format="${2:-text}"
swift build -c release --product profile >&2
bin="$(swift build -c release --show-bin-path)/profile"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

python3 - "$work" <<'PY'
import random, sys
work = sys.argv[1]
rng = random.Random(15)
cols = [f"num_{i}" for i in range(400)] + [f"cat_{i}" for i in range(100)]
cats = [f"c{j}" for j in range(30)]
with open(f"{work}/wide.csv", "w") as out:
    out.write(",".join(cols) + "\n")
    for _ in range(5000):
        row = [("" if rng.random() < 0.02 else f"{rng.gauss(i % 17, 1 + i % 5):.4f}") for i in range(400)]
        row += [rng.choice(cats) for _ in range(100)]
        out.write(",".join(row) + "\n")
lines = ["constraints:"]
for i in range(400):
    c = f"num_{i}"
    kinds = [
        f"  - {{factory: is_in_range, column_name: {c}, lower: -100, upper: 100}}",
        f"  - {{factory: quantile_between_range, column_name: {c}, quantile: 0.5, lower: -50, upper: 50}}",
        f"  - {{factory: mean_between_range, column_name: {c}, lower: -50, upper: 50}}",
        f"  - {{factory: null_percentage_below_number, column_name: {c}, number: 0.1}}",
        f"  - {{factory: column_is_nullable_fractional, column_name: {c}}}",
    ]
    lines += [kinds[(2 * i) % 5], kinds[(2 * i + 1) % 5]]
refs = "[" + ", ".join(cats) + "]"
for i in range(100):
    c = f"cat_{i}"
    lines += [
        f"  - {{factory: frequent_strings_in_reference_set, column_name: {c}, reference_set: {refs}}}",
        f"  - {{factory: distinct_number_in_range, column_name: {c}, lower: 20, upper: 40}}",
    ]
assert len(lines) == 1001
open(f"{work}/suite.yaml", "w").write("\n".join(lines) + "\n")
PY

"$bin" csv "$work/wide.csv" -o "$work/wide.bin" --quiet
times=()
for _ in $(seq "$runs"); do
    start=$(date +%s.%N)
    status=0
    "$bin" check "$work/wide.bin" --constraints "$work/suite.yaml" --format "$format" > "$work/report" || status=$?
    end=$(date +%s.%N)
    [ "$status" -le 1 ] || { echo "profile check failed ($status)" >&2; exit 1; }
    times+=("$(echo "$end - $start" | bc)")
done
printf '%s\n' "${times[@]}" | sort -n | awk -v n="$runs" -v f="$format" \
    '{t[NR]=$1} END {printf "profile check, 1,000 constraints on 500 columns (%s): median %.3f s over %d runs (min %.3f, max %.3f)\n", f, t[int((n+1)/2)], n, t[1], t[n]}'
grep -c . "$work/report" | sed 's/^/report lines: /'
