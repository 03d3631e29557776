#!/usr/bin/env bash
# Installs the Debian packages Sketchbook's build needs, only those that are missing:
#   zlib1g-dev          zlib (profile files are gzip-compressed protobuf)
#   libturbojpeg0-dev   libjpeg-turbo's TurboJPEG API (JPEG image metadata)
#   liblz4-dev, libzstd-dev  LZ4 frame and ZSTD (compressed Arrow IPC bodies, ProfileArrow)
#   pkg-config          lets SwiftPM find them, and name the package when one is missing
# Runs apt-get as root, or through sudo; prints what it checked and what it installed.
#
# usage: scripts/install-deps.sh [--check]    (--check: report and exit 1 if something is missing)
set -euo pipefail

packages=(zlib1g-dev libturbojpeg0-dev liblz4-dev libzstd-dev pkg-config)
check_only=0
case ${1:-} in
    --check) check_only=1 ;;
    "") ;;
    *) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

if ! command -v dpkg-query >/dev/null; then
    echo "install-deps: dpkg-query not found: this script knows Debian and Ubuntu only." >&2
    echo "install-deps: install zlib, libjpeg-turbo (TurboJPEG) and pkg-config development files by hand." >&2
    exit 1
fi

missing=()
for package in "${packages[@]}"; do
    if dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q '^install ok installed$'; then
        echo "install-deps: $package is installed"
    else
        missing+=("$package")
    fi
done
if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi
echo "install-deps: missing: ${missing[*]}"
if [ "$check_only" = 1 ]; then
    exit 1
fi

if [ "$(id -u)" = 0 ]; then
    as_root=()
elif command -v sudo >/dev/null; then
    as_root=(sudo)
    echo "install-deps: installing with sudo (you may be asked for your password)"
else
    echo "install-deps: not root and no sudo: run as root: apt-get install ${missing[*]}" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
echo "install-deps: installed ${missing[*]}"
