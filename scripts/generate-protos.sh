#!/usr/bin/env bash
# Regenerates Sources/Profiles/Format/Generated/*.pb.swift from proto/*.proto.
#
# Needs Debian `protoc` (apt-get install protobuf-compiler; it also provides the
# google/protobuf/*.proto well-known types) and builds `protoc-gen-swift` from swift-protobuf
# 1.39.0 (the version Package.swift pins) in a scratch directory.
#
# Usage: scripts/generate-protos.sh [path-to-swift-protobuf-git]
#   The swift-protobuf source defaults to /opt/swift-packages/apple/swift-protobuf.git, falling
#   back to https://github.com/apple/swift-protobuf. Set PROTOC_GEN_SWIFT to an existing plugin
#   binary to skip the build.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
version="1.39.0"
source_repo="${1:-/opt/swift-packages/apple/swift-protobuf.git}"
[ -e "$source_repo" ] || source_repo="https://github.com/apple/swift-protobuf"
out="$root/Sources/Profiles/Format/Generated"

plugin="${PROTOC_GEN_SWIFT:-}"
if [ -z "$plugin" ]; then
    scratch="${TMPDIR:-/tmp}/sketchbook-protoc-gen-swift-$version"
    if [ ! -d "$scratch/swift-protobuf" ]; then
        mkdir -p "$scratch"
        git clone --quiet --depth 1 --branch "$version" "$source_repo" "$scratch/swift-protobuf"
    fi
    swift build -c release --package-path "$scratch/swift-protobuf" --product protoc-gen-swift
    plugin="$(swift build -c release --package-path "$scratch/swift-protobuf" --show-bin-path)/protoc-gen-swift"
fi

mkdir -p "$out"
rm -f "$out"/*.pb.swift
protoc --plugin=protoc-gen-swift="$plugin" \
    --proto_path="$root/proto" \
    --swift_opt=Visibility=Internal \
    --swift_opt=FileNaming=DropPath \
    --swift_out="$out" \
    "$root/proto/whylogs_messages.proto" "$root/proto/v0_messages.proto"
echo "generated: $(ls "$out")"
