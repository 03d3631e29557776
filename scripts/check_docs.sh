#!/usr/bin/env bash
# Checks the documentation of the library modules (Sketches, Profiles, ProfileImages, ProfileCSV,
# ProfileJSONLines, ProfileArrow, ProfileConstraints, ProfileMonitor, ServerHook, ServerHookHummingbird, ServerHookVapor,
# ServerHookPrometheus):
#   1. every public symbol has a doc comment of its own: scripts/check_symbol_docs.py over the
#      modules' symbol graphs, which swift-symbolgraph-extract (in the toolchain) extracts from the
#      modules `swift test` builds (no plugin, no new dependency, no second build);
#   2. each module's DocC catalogue, Sources/<Module>/<Module>.docc, converts with
#      `docc convert --warnings-as-errors` against the module's symbol graphs, so an unresolved
#      ``Symbol`` link (in a Topics list, an article or a doc comment) fails. The archives go to
#      .build/docs-check/.
# Prints each command it runs and the time each step took. Runs from the repository root.
#
# usage: scripts/check_docs.sh      (DOCC=/path/to/docc to choose the docc binary)
set -euo pipefail
cd "$(dirname "$0")/.."

modules=(Sketches Profiles ProfileImages ProfileCSV ProfileJSONLines ProfileArrow ProfileConstraints ProfileMonitor ServerHook ServerHookHummingbird ServerHookVapor ServerHookPrometheus)
work=.build/docs-check

run() {
    echo "+ $*"
    "$@"
}

# docc ships with the Swift toolchain on Linux (usr/bin/docc beside swift), and through xcrun on macOS.
docc=${DOCC:-}
if [ -z "$docc" ]; then
    if command -v docc >/dev/null; then
        docc=$(command -v docc)
    elif [ -x "$(dirname "$(readlink -f "$(command -v swift)")")/docc" ]; then
        docc="$(dirname "$(readlink -f "$(command -v swift)")")/docc"
    elif command -v xcrun >/dev/null && xcrun --find docc >/dev/null 2>&1; then
        docc=$(xcrun --find docc)
    fi
fi
if [ -z "$docc" ] || [ ! -x "$docc" ]; then
    echo "check_docs: docc not found: it comes with the Swift toolchain (usr/bin/docc next to swift);" >&2
    echo "check_docs: install a toolchain that has it, or set DOCC=/path/to/docc" >&2
    exit 1
fi

echo "== symbol graphs (swift-symbolgraph-extract over the test build's modules)"
start=$SECONDS
# The build `swift test` makes (tests included, so after `swift test` nothing is rebuilt; a
# `swift build` or `swift package dump-symbol-graph` would recompile with other settings).
run swift build --build-tests >/dev/null
bin=$(swift build --show-bin-path)
extract=$(dirname "$(readlink -f "$(command -v swift)")")/swift-symbolgraph-extract
[ -x "$extract" ] || extract=swift-symbolgraph-extract
graphs="$work-graphs"
rm -rf "$graphs"  # no stale graph of a module or an extension that no longer exists
mkdir -p "$graphs"
# The C modules' maps, for the Swift modules that import them (ours and the dependencies'): the
# ones SwiftPM generated in the build folder, and those the packages ship.
includes=(-I "$bin/Modules")
while IFS= read -r map; do
    includes+=(-Xcc "-fmodule-map-file=$map")
done < <(find "$bin" -maxdepth 2 -path '*.build/module.modulemap'; find Sources .build/checkouts \
    -name module.modulemap -not -path '*/Tests/*' 2>/dev/null)
triple=$(swift -print-target-info | python3 -c 'import json, sys; print(json.load(sys.stdin)["target"]["triple"])')
for module in "${modules[@]}"; do
    run "$extract" -module-name "$module" -target "$triple" "${includes[@]}" -minimum-access-level public \
        -skip-synthesized-members -skip-inherited-docs -output-dir "$graphs"
done
echo "symbol graphs in $graphs ($((SECONDS - start)) s)"

echo "== every public symbol has a doc comment (scripts/check_symbol_docs.py)"
start=$SECONDS
module_args=()
for module in "${modules[@]}"; do module_args+=(--module "$module"); done
run python3 scripts/check_symbol_docs.py --root . "${module_args[@]}" "$graphs"
echo "($((SECONDS - start)) s)"

echo "== DocC catalogues convert without warnings (docc convert --warnings-as-errors)"
rm -rf "$work"
failed=()
for module in "${modules[@]}"; do
    start=$SECONDS
    catalogue="Sources/$module/$module.docc"
    if [ ! -d "$catalogue" ]; then
        echo "check_docs: $module has no catalogue ($catalogue)" >&2
        failed+=("$module")
        continue
    fi
    # docc takes one module's graphs: <Module>.symbols.json and its extensions, <Module>@*.symbols.json.
    mkdir -p "$work/graphs/$module"
    cp "$graphs/$module.symbols.json" "$work/graphs/$module/"
    find "$graphs" -maxdepth 1 -name "$module@*.symbols.json" -exec cp {} "$work/graphs/$module/" \;
    if ! run "$docc" convert "$catalogue" --additional-symbol-graph-dir "$work/graphs/$module" \
        --output-dir "$work/$module.doccarchive" --fallback-display-name "$module" \
        --fallback-bundle-identifier "sketchbook.$module" --warnings-as-errors; then
        failed+=("$module")
    fi
    echo "$module: $((SECONDS - start)) s"
done
if [ ${#failed[@]} -gt 0 ]; then
    echo "check_docs: the documentation of ${failed[*]} has warnings or errors (above)" >&2
    exit 1
fi
echo "check_docs: every catalogue converts; archives in $work/"
