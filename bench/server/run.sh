#!/usr/bin/env bash
# Serving throughput of wine-server with the hook against the same server without it
# (--disable-hook), on loopback, in the same run: ROUNDS rounds, the two modes alternating (their
# order flips each round), each a DURATION-second wrk run after a 2-second warm-up. The server is
# pinned to CPU 0 and wrk (one thread, CONNECTIONS connections) to CPU 1, so they do not compete.
# Prints each run (requests per second, and the server's CPU time per request from
# /proc/PID/stat), then the medians and the ratios hook / no hook. On a shared machine the CPU
# time per request is the steadier figure: other tenants' load changes the throughput of both
# modes by tens of percent from one run to the next, but not the CPU each request costs.
#
# The median of the rounds' own ratios (each round's two runs are adjacent in time) is the figure
# least moved by the machine's drift.
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

cpu_ticks() {  # PID → user + system clock ticks so far
    awk '{print $14 + $15}' "/proc/$1/stat"
}

run_one() {  # mode → "requests-per-second cpu-microseconds-per-request"
    local mode=$1 extra=()
    [ "$mode" = "without-hook" ] && extra=(--disable-hook)
    rm -f "$work/port"
    taskset -c 0 "$server" --port 0 --port-file "$work/port" --output-dir "$work/profiles-$mode" \
        --instance bench --log-level error "${extra[@]}" >/dev/null 2>"$work/server.log" &
    local pid=$!
    for _ in $(seq 100); do [ -s "$work/port" ] && break; sleep 0.1; done
    local url="http://127.0.0.1:$(cat "$work/port")"
    taskset -c 1 wrk -t1 -c"$connections" -d2s -s bench/server/predict.lua "$url" >/dev/null
    local before after output
    before=$(cpu_ticks "$pid")
    output=$(taskset -c 1 wrk -t1 -c"$connections" -d"${duration}s" -s bench/server/predict.lua "$url")
    after=$(cpu_ticks "$pid")
    kill -TERM "$pid"; wait "$pid" || true
    local rps requests
    rps=$(echo "$output" | awk '/Requests\/sec/ {print $2}')
    requests=$(echo "$output" | awk '/requests in/ {print $1}')
    echo "$rps $(python3 -c "print(($after - $before) / $(getconf CLK_TCK) * 1e6 / $requests)")"
}

with=(); without=(); with_cpu=(); without_cpu=()
for round in $(seq "$rounds"); do
    if [ $((round % 2)) = 1 ]; then order=(with-hook without-hook); else order=(without-hook with-hook); fi
    for mode in "${order[@]}"; do
        sleep 2
        read -r rps cpu < <(run_one "$mode")
        printf 'round %d  %-13s %10.0f requests/s  %6.1f us CPU/request\n' "$round" "$mode" "$rps" "$cpu"
        if [ "$mode" = with-hook ]; then with+=("$rps"); with_cpu+=("$cpu"); else without+=("$rps"); without_cpu+=("$cpu"); fi
    done
done
python3 - "${with[*]}" "${without[*]}" "${with_cpu[*]}" "${without_cpu[*]}" <<'PY'
import statistics, sys
with_hook, without, with_cpu, without_cpu = ([float(x) for x in arg.split()] for arg in sys.argv[1:5])
a, b = statistics.median(with_hook), statistics.median(without)
c, d = statistics.median(with_cpu), statistics.median(without_cpu)
print(f"median with hook    {a:10.0f} requests/s  {c:6.1f} us CPU/request")
print(f"median without hook {b:10.0f} requests/s  {d:6.1f} us CPU/request")
print(f"throughput ratio with/without (goal >= 0.90): {a / b:.3f}")
print(f"CPU-bound throughput ratio, CPU/request without/with: {d / c:.3f}  (the hook costs {c - d:.1f} us CPU/request)")
# The two runs of a round are adjacent in time, so the machine's slow drifts cancel in their ratio.
paired = [w / o for w, o in zip(with_hook, without)]
paired_cpu = [o / w for w, o in zip(with_cpu, without_cpu)]
print(f"median of the rounds' ratios: throughput {statistics.median(paired):.3f}, CPU {statistics.median(paired_cpu):.3f}")
PY
