#!/usr/bin/env bash
# The time to check a 1,000-constraint suite on a 500-column profile, to read the suite from YAML
# and JSON, and to check 500 no_drift constraints against a reference profile (release build,
# median of RUNS). See Benchmarks/Sources/ConstraintCheckTime/main.swift for the profile and suite.
#
# usage: bash bench/constraints/run.sh [RUNS] [ROWS]     (defaults: 9 runs, 10000 rows a column)
set -euo pipefail
cd "$(dirname "$0")/../.."
swift build -c release --package-path Benchmarks --product ConstraintCheckTime >&2
swift run -c release --skip-build --package-path Benchmarks ConstraintCheckTime "${1:-9}" "${2:-10000}"
