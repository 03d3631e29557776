#!/usr/bin/env bash
# The checks a change should pass before it is committed (CI runs the tests through .ci/run):
#   1. formatting: `swift format lint --strict` with the repository's .swift-format (4 spaces,
#      120 columns, the swift-server house style);
#   2. a strict build: warnings are errors, Sendable conformance explicit;
#   3. the tests.
# Fix formatting with: swift format format -i -r Sources Tests Benchmarks/Sources Benchmarks/Benchmarks
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== format"
swift format lint --strict -r Sources Tests Benchmarks/Sources Benchmarks/Benchmarks Package.swift Benchmarks/Package.swift

echo "== strict build"
swift build --build-tests --scratch-path .build-strict -Xswiftc -warnings-as-errors

echo "== tests"
swift test --scratch-path .build-strict --skip-build
