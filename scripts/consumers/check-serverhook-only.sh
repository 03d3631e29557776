#!/usr/bin/env bash
# Issue 13's boundary check for the hook: a package that depends on the ServerHook product alone
# (scripts/consumers/serverhook-only, which takes this repository by relative path) builds and
# runs, and neither Hummingbird, Vapor nor swift-prometheus is built for it. Fails (exit 1) naming
# each framework module found in the consumer's build folder, or if the build or run fails.
#
#     scripts/consumers/check-serverhook-only.sh
#
# SKETCHBOOK_CONSUMER_SCRATCH sets the consumer's build folder (default: its own .build, which
# starts empty on a fresh clone; a previous run's folder is removed first so nothing is stale).
set -euo pipefail
cd "$(dirname "$0")/serverhook-only"
scratch="${SKETCHBOOK_CONSUMER_SCRATCH:-$(pwd)/.build}"
rm -rf "$scratch"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT

# Its one product, as an application is built: a bare `swift build` also builds every product of a
# package taken by path (a local package), whatever the consumer uses.
echo "== serverhook-only: swift build --product serverhook-only (the ServerHook product alone)"
if ! swift build --scratch-path "$scratch" --product serverhook-only -v >"$log" 2>&1; then
    tail -n 40 "$log"
    echo "FAIL: the consumer of ServerHook alone does not build"
    exit 1
fi
"$(swift build --scratch-path "$scratch" --show-bin-path)/serverhook-only"

# What was built: every module SwiftPM compiled has a <Module>.build folder, and a Swift module a
# <Module>.swiftmodule, in the build folder; the verbose log names every module swiftc compiled.
bin="$(swift build --scratch-path "$scratch" --show-bin-path)"
forbidden='^(Hummingbird[A-Za-z]*|Vapor|XCTVapor|VaporTesting|ServerHookHummingbird|ServerHookVapor|ServerHookPrometheus|Prometheus)$'
found="$(
    {
        find "$bin" -maxdepth 1 -name '*.build' -printf '%f\n' | sed 's/\.build$//'
        find "$bin" -name '*.swiftmodule' -printf '%f\n' | sed 's/\.swiftmodule$//'
        grep -oE -- '-module-name [A-Za-z0-9_]+' "$log" | awk '{ print $2 }'
    } | grep -E "$forbidden" | sort -u || true
)"
built="$(find "$bin" -maxdepth 1 -name '*.build' -printf '%f\n' | sed 's/\.build$//' | sort | tr '\n' ' ')"
echo "modules built: $built"
if [ -n "$found" ]; then
    echo "FAIL: a consumer of ServerHook alone built these framework modules: $(echo "$found" | tr '\n' ' ')"
    exit 1
fi
echo "OK: ServerHook alone builds without Hummingbird, Vapor or swift-prometheus"
