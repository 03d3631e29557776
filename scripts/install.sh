#!/usr/bin/env bash
# Builds `profile` and `wine-server` in release mode and installs them:
#   $PREFIX/bin/profile, $PREFIX/bin/wine-server
#   $PREFIX/share/sketchbook/models/wine-quality/  (the example models and their profiles)
#
# usage: scripts/install.sh [--prefix DIR] [--no-build]
#   --prefix DIR   where to install (default /usr/local; use ~/.local for a per-user install)
#   --no-build     install what .build/release already holds
# Environment: DESTDIR is prepended to every installed path (for packaging);
#   SKETCHBOOK_BUILD_CONFIGURATION=debug installs the debug build (CI checks the script so).
# wine-server reads its models from WINE_SERVER_MODEL, WINE_SERVER_CLASSIFIER and
# WINE_SERVER_TRAINING_PROFILE; the script prints the lines to use. Uninstall by removing the
# files it lists.
set -euo pipefail
cd "$(dirname "$0")/.."

prefix=/usr/local
build=1
while [ $# -gt 0 ]; do
    case $1 in
        --prefix) [ $# -ge 2 ] || { echo "install: --prefix needs a directory" >&2; exit 2; }
                  prefix=$2; shift 2 ;;
        --prefix=*) prefix=${1#--prefix=}; shift ;;
        --no-build) build=0; shift ;;
        -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "install: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done
case $prefix in
    /*) ;;
    *) prefix="$(pwd)/$prefix" ;;
esac
destdir=${DESTDIR:-}

configuration=${SKETCHBOOK_BUILD_CONFIGURATION:-release}
if [ "$build" = 1 ]; then
    ./scripts/install-deps.sh
    # One product per invocation: --product takes a single value.
    swift build -c "$configuration" --product profile
    swift build -c "$configuration" --product wine-server
fi
bin="$(swift build -c "$configuration" --show-bin-path)"
for product in profile wine-server; do
    [ -x "$bin/$product" ] || { echo "install: $bin/$product is not built (run without --no-build)" >&2; exit 1; }
done

models="$prefix/share/sketchbook/models/wine-quality"
install -d "$destdir$prefix/bin" "$destdir$models"
install -m 0755 "$bin/profile" "$bin/wine-server" "$destdir$prefix/bin/"
install -m 0644 models/wine-quality/model.json models/wine-quality/training-profile.bin \
    models/wine-quality/classifier.json models/wine-quality/classifier-profile.bin "$destdir$models/"

echo "installed:"
echo "  $destdir$prefix/bin/profile"
echo "  $destdir$prefix/bin/wine-server"
echo "  $destdir$models/model.json"
echo "  $destdir$models/training-profile.bin"
echo "  $destdir$models/classifier.json"
echo "  $destdir$models/classifier-profile.bin"
case ":$PATH:" in
    *":$prefix/bin:"*) ;;
    *) echo "note: $prefix/bin is not on your PATH: export PATH=\"$prefix/bin:\$PATH\"" ;;
esac
echo "wine-server outside this repository:"
echo "  export WINE_SERVER_MODEL=$models/model.json"
echo "  export WINE_SERVER_CLASSIFIER=$models/classifier.json"
echo "  export WINE_SERVER_TRAINING_PROFILE=$models/training-profile.bin"
