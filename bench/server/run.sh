#!/usr/bin/env bash
# Serving throughput of wine-server with the hook against the same server without it
# (--disable-hook), on loopback, in the same run: ROUNDS rounds, the two modes alternating (their
# order flips each round), each a DURATION-second wrk run after a 2-second warm-up. The server is
# pinned to CPU 0 and wrk (one thread, CONNECTIONS connections) to CPU 1, so they do not compete.
# Prints each run, then the medians and the ratio hook / no hook.
#
# Usage: bench/server/run.sh [ROUNDS=5] [DURATION=10] [CONNECTIONS=32]
# Needs: wrk (Debian: apt-get install wrk), taskset (util-linux).
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-5}
duration=${2:-10}
connections=${3:-32}
command -v wrk >/dev/null || { echo "wrk not found (apt-get install wrk)" >&2; exit 2; }

swift build -c release --product wine-server >/dev/null
server="$(swift build -c release --show-bin-path)/wine-server"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

run_one() {  # mode → requests per second
    local mode=$1 extra=()
    [ "$mode" = "without-hook" ] && extra=(--disable-hook)
    rm -f "$work/port"
    taskset -c 0 "$server" --port 0 --port-file "$work/port" --output-dir "$work/profiles-$mode" \
        --instance bench --log-level error "${extra[@]}" >/dev/null 2>"$work/server.log" &
    local pid=$!
    for _ in $(seq 100); do [ -s "$work/port" ] && break; sleep 0.1; done
    local url="http://127.0.0.1:$(cat "$work/port")"
    taskset -c 1 wrk -t1 -c"$connections" -d2s -s bench/server/predict.lua "$url" >/dev/null
    local rps
    rps=$(taskset -c 1 wrk -t1 -c"$connections" -d"${duration}s" -s bench/server/predict.lua "$url" \
        | awk '/Requests\/sec/ {print $2}')
    kill -TERM "$pid"; wait "$pid" || true
    echo "$rps"
}

with=(); without=()
for round in $(seq "$rounds"); do
    if [ $((round % 2)) = 1 ]; then order=(with-hook without-hook); else order=(without-hook with-hook); fi
    for mode in "${order[@]}"; do
        sleep 2
        rps=$(run_one "$mode")
        printf 'round %d  %-13s %10.0f requests/s\n' "$round" "$mode" "$rps"
        if [ "$mode" = with-hook ]; then with+=("$rps"); else without+=("$rps"); fi
    done
done
python3 - "${with[*]}" "${without[*]}" <<'PY'
import statistics, sys
with_hook = [float(x) for x in sys.argv[1].split()]
without = [float(x) for x in sys.argv[2].split()]
a, b = statistics.median(with_hook), statistics.median(without)
print(f"median with hook    {a:10.0f} requests/s")
print(f"median without hook {b:10.0f} requests/s")
print(f"ratio (goal >= 0.90) {a / b:.3f}")
PY
