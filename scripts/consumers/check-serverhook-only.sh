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

echo "== serverhook-only: swift build (the ServerHook product alone)"
if ! swift build --scratch-path "$scratch" -v >"$log" 2>&1; then
    tail -n 40 "$log"
    echo "FAIL: the consumer of ServerHook alone does not build"
    exit 1
fi
"$(swift build --scratch-path "$scratch" --show-bin-path)/serverhook-only"

# What was built. SwiftPM makes a <Module>.build folder for every target of the graph (an
# output-file map), so a module counts as built when it has object files there or a
# Modules/<Module>.swiftmodule, or when the verbose log shows swiftc compiling it.
bin="$(swift build --scratch-path "$scratch" --show-bin-path)"
compiled() {
    for folder in "$bin"/*.build; do
        if [ -n "$(find "$folder" -name '*.o' -print -quit)" ]; then basename "$folder" .build; fi
    done
    find "$bin" -path '*/ModuleCache' -prune -o -name '*.swiftmodule' -printf '%f\n' | sed 's/\.swiftmodule$//'
    { grep -oE -- '-module-name [A-Za-z0-9_]+' "$log" || true; } | awk '{ print $2 }'
}
built="$(compiled | sort -u)"
echo "modules built: $(echo "$built" | tr '\n' ' ')"
forbidden='^(Hummingbird[A-Za-z0-9]*|Vapor|XCTVapor|VaporTesting|ServerHookHummingbird|ServerHookVapor|ServerHookPrometheus|Prometheus)$'
found="$(echo "$built" | grep -E "$forbidden" || true)"
if [ -n "$found" ]; then
    echo "FAIL: a consumer of ServerHook alone built these framework modules: $(echo "$found" | tr '\n' ' ')"
    exit 1
fi
echo "OK: ServerHook alone builds without Hummingbird, Vapor or swift-prometheus"
