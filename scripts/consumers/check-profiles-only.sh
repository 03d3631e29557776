#!/usr/bin/env bash
# Proves that a package depending on the `Profiles` product alone builds without libturbojpeg:
# builds scripts/consumers/profiles-only (which depends on this repository by path) inside a private
# mount namespace where libturbojpeg0-dev's header is replaced by one that fails with #error and its
# library and pkg-config files by junk, then runs it (log a row, write and read a profile), and
# checks that the verbose build plan never names CTurboJPEG (its module map in a compile command),
# turbojpeg.h or -lturbojpeg. Either check fails if `Profiles` depends on CTurboJPEG, used or not.
# (SwiftPM runs pkg-config for every system-library target in the package graph while planning, so
# its warnings about the junk libturbojpeg.pc are expected; they are not part of the build plan.)
#
# Needs root for the mount namespace (CI runs as root); otherwise it tries an unprivileged user
# namespace (unshare --map-root-user).
#
# Usage: scripts/consumers/check-profiles-only.sh [work-dir]
# (default .build-consumers/profiles-only: the build in scratch/, its log in build.log)
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
consumer="$root/scripts/consumers/profiles-only"
work="${1:-$root/.build-consumers/profiles-only}"
scratch="$work/scratch"
log="$work/build.log"
mkdir -p "$scratch"

# libturbojpeg0-dev's files that a build could use: the header, the link-time library, pkg-config.
hidden=()
if command -v dpkg >/dev/null && dpkg -s libturbojpeg0-dev >/dev/null 2>&1; then
    while IFS= read -r path; do
        case "$path" in
        *.h | *.so | *.a | *.pc) [ -e "$path" ] && hidden+=("$path") ;;
        esac
    done < <(dpkg -L libturbojpeg0-dev)
else
    for path in /usr/include/turbojpeg.h /usr/local/include/turbojpeg.h; do
        [ -e "$path" ] && hidden+=("$path")
    done
fi

decoys=$(mktemp -d)
trap 'rm -rf "$decoys"' EXIT
printf '#error "turbojpeg.h is hidden by check-profiles-only.sh: Profiles must not need it"\n' >"$decoys/turbojpeg.h"
printf 'not a library\n' >"$decoys/junk"

inner=$(
    cat <<'INNER'
set -euo pipefail
for path in "${@:4}"; do
    case "$path" in
    *.h) mount --bind "$2/turbojpeg.h" "$path" ;;
    *) mount --bind "$2/junk" "$path" ;;
    esac
done
if [ -e /usr/include/turbojpeg.h ] && ! grep -q '#error' /usr/include/turbojpeg.h; then
    echo "check-profiles-only: could not hide /usr/include/turbojpeg.h" >&2
    exit 2
fi
# A clean build, so that every compile and link command is in the log (checkouts are kept).
swift package --package-path "$1" --scratch-path "$3" clean
swift build --package-path "$1" --scratch-path "$3" -v
"$(swift build --package-path "$1" --scratch-path "$3" --show-bin-path)/profiles-only"
INNER
)

if [ "$(id -u)" -eq 0 ]; then
    namespace=(unshare --mount --propagation private)
else
    namespace=(unshare --mount --propagation private --map-root-user)
fi

echo "check-profiles-only: hiding ${hidden[*]:-nothing (libturbojpeg0-dev is not installed)}"
status=0
"${namespace[@]}" bash -c "$inner" inner "$consumer" "$decoys" "$scratch" "${hidden[@]}" >"$log" 2>&1 || status=$?
if [ "$status" -ne 0 ]; then
    tail -n 30 "$log" >&2
    echo "check-profiles-only: FAILED: a package depending on Profiles alone does not build without libturbojpeg (log: $log)" >&2
    exit 1
fi
if grep -n -o -E 'CTurboJPEG[^ ]*|-lturbojpeg|turbojpeg\.h' "$log" >&2; then
    echo "check-profiles-only: FAILED: the build plan of a Profiles-only package names CTurboJPEG (above; log: $log)" >&2
    exit 1
fi
tail -n 1 "$log"
echo "check-profiles-only: OK: Profiles alone builds and runs without libturbojpeg, and its build plan never names it"
