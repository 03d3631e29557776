#!/usr/bin/env bash
# The README's first command: installs the Debian packages the build needs (only those that are
# missing, with sudo when not root), builds `profile` in release mode and runs the wine
# walk-through on the bundled data (scripts/demo.sh). The first build takes several minutes.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== Debian packages the build needs (scripts/install-deps.sh)"
./scripts/install-deps.sh

echo "== release build and the wine walk-through (scripts/demo.sh)"
./scripts/demo.sh
