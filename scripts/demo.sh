#!/usr/bin/env bash
# Builds the `profile` tool (release), inspects one bundled sketch image of each family (a KLL
# quantiles sketch, an HLL distinct-count sketch and a frequent-items sketch, all written by the
# Python `datasketches` 5.2.0 library, fixtures/datasketches/), then summarises whylogs profiles
# written by Python whylogs 1.6.4 (fixtures/whylogs/).
set -euo pipefail
cd "$(dirname "$0")/.."

swift build -c release --product profile
profile_bin="$(swift build -c release --show-bin-path)/profile"

for image in \
    fixtures/datasketches/kll/kll_ds_double_k200_n100000.sk \
    fixtures/datasketches/hll/hll4_lgk12_hll_doubles_n16384_compact.sk \
    fixtures/datasketches/frequent_items/fi_strings_lg10_n100000.sk; do
    echo
    echo "\$ profile sketch $image"
    "$profile_bin" sketch "$image"
done

for profile in fixtures/whylogs/large_100k.bin fixtures/whylogs/segmented.bin; do
    echo
    echo "\$ profile show $profile"
    "$profile_bin" show "$profile"
done
