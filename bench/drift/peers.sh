#!/usr/bin/env bash
# The peers' drift rules (whylogs 1.6.4, Evidently) on the drift benchmark's random splits, each
# in its own venv (whylogs needs numpy<2 and pandas<2.3). Run after drift_bench.py has built the
# corpus; takes the same --sample/--seed/--jobs/--tables flags and writes
# bench/drift/results/peers-{whylogs,evidently}[-sample].json unless DRIFT_PEERS_OUT is set.
#
# usage: bash bench/drift/peers.sh [--sample N] [--seed S] [--jobs J] [whylogs|evidently ...]
# Environment: DRIFT_BENCH_CACHE (default bench/.cache/drift), DRIFT_PEERS_OUT (a folder).
set -euo pipefail
caller=$(pwd)   # relative paths in the arguments are the caller's
cd "$(dirname "$0")/../.."
root=$(pwd)
here="$root/bench/drift"
cache=$(cd "$caller" && realpath -m "${DRIFT_BENCH_CACHE:-$root/bench/.cache/drift}")
out=$(cd "$caller" && realpath -m "${DRIFT_PEERS_OUT:-$here/results}")

args=()
peers=()
sample=""
while [ $# -gt 0 ]; do
    case $1 in
        whylogs|evidently) peers+=("$1"); shift ;;
        --sample) sample="-sample$2"; args+=("$1" "$2"); shift 2 ;;
        --profile|--output|--cache) shift 2 ;;   # the engine run's flags, not the peers'
        *) args+=("$1"); shift ;;
    esac
done
[ ${#peers[@]} -gt 0 ] || peers=(whylogs evidently)

for peer in "${peers[@]}"; do
    venv="$root/bench/.cache/$peer-venv"
    if [ ! -x "$venv/bin/python" ]; then python3 -m venv "$venv"; fi
    "$venv/bin/python" -c "import $peer" 2>/dev/null ||
        "$venv/bin/pip" install --quiet -r "$here/requirements-$peer.txt" >&2
    (cd "$caller" && "$venv/bin/python" "$here/peers.py" --peer "$peer" --cache "$cache" \
        --output "$out/peers-$peer$sample.json" "${args[@]}")
done
