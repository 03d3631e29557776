#!/usr/bin/env bash
# The wine walk-through on the bundled UCI wine-quality data (fixtures/wine-quality/): builds the
# `profile` tool, profiles the red wines (the training set) and the white wines (a production set
# that has drifted), compares them, compares two halves of the red wines (no drift), merges the
# halves, and writes an HTML drift report.
#
# Outputs go to $SKETCHBOOK_DEMO_DIR (default: demo-output/, ignored by git); open
# demo-output/red-vs-white.html in a browser. SKETCHBOOK_BUILD_CONFIGURATION=debug reuses a debug
# build (CI does, after the tests).
set -euo pipefail
cd "$(dirname "$0")/.."

configuration=${SKETCHBOOK_BUILD_CONFIGURATION:-release}
swift build -c "$configuration" --product profile
profile="$(swift build -c "$configuration" --show-bin-path)/profile"
out=${SKETCHBOOK_DEMO_DIR:-demo-output}
mkdir -p "$out"
wine=fixtures/wine-quality

run() {
    echo
    echo "\$ profile $*"
    "$profile" "$@"
}

# Expects exit status $1 from the command that follows (diff exits 1 on drift).
expect() {
    local wanted=$1
    shift
    local status=0
    run "$@" || status=$?
    if [ "$status" -ne "$wanted" ]; then
        echo "demo: expected exit status $wanted, got $status" >&2
        exit 1
    fi
    echo "(exit status $status)"
}

run csv "$wine/winequality-red.csv" -o "$out/red.bin"
run csv "$wine/winequality-white.csv" -o "$out/white.bin"
run show "$out/red.bin" --columns alcohol,pH,quality,sulphates
expect 1 diff "$out/red.bin" "$out/white.bin"
expect 1 diff "$out/red.bin" "$out/white.bin" -o "$out/red-vs-white.html"

run csv "$wine/winequality-red-half-a.csv" -o "$out/red-half-a.bin" --quiet
run csv "$wine/winequality-red-half-b.csv" -o "$out/red-half-b.bin" --quiet
expect 0 diff "$out/red-half-a.bin" "$out/red-half-b.bin"
run merge "$out/red-half-a.bin" "$out/red-half-b.bin" -o "$out/red-merged.bin"
expect 0 diff "$out/red.bin" "$out/red-merged.bin" --format markdown

echo
echo "Profiles and the HTML report are in $out/ (open $out/red-vs-white.html)."
