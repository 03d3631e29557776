// swift-tools-version: 6.2
import PackageDescription

let package = Package(
    name: "Sketchbook",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Sketches", targets: ["Sketches"]),
        .library(name: "Profiles", targets: ["Profiles"]),
        .executable(name: "profile", targets: ["profile-cli"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
    ],
    targets: [
        // MARK: - Public API

        /// DataSketches-compatible KLL, HyperLogLog and frequent-items sketches. No dependencies,
        /// no Foundation.
        .target(name: "Sketches"),

        /// whylogs-v1-compatible dataset profiles: metrics, merge, summary, the profile file format
        /// (protobuf, gzip), text and image metadata.
        .target(
            name: "Profiles",
            dependencies: [
                "Sketches",
                "CZlib",
                "CTurboJPEG",
                "CCSVScan",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ]
        ),

        /// The CSV tokenizer's 64-byte scan for structural bytes (SSE2 on x86-64, portable C
        /// elsewhere).
        .target(name: "CCSVScan"),

        /// zlib, as a system library (Debian: zlib1g-dev).
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),

        /// libjpeg-turbo's TurboJPEG API, as a system library (Debian: libturbojpeg0-dev).
        .systemLibrary(name: "CTurboJPEG", providers: [.apt(["libturbojpeg0-dev"])]),

        // MARK: - Executables

        .executableTarget(
            name: "profile-cli",
            dependencies: [
                "Sketches",
                "Profiles",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // MARK: - Implementation details

        /// Seeded random numbers, the fixture input streams and the fixture locator, shared by the
        /// test targets. Not a product.
        .target(name: "SketchbookTestSupport", dependencies: ["Sketches"]),

        // MARK: - Unit test bundles

        .testTarget(name: "SketchesTests", dependencies: ["Sketches", "SketchbookTestSupport"]),
        .testTarget(name: "ProfilesTests", dependencies: ["Profiles", "Sketches", "SketchbookTestSupport"]),
        .testTarget(name: "ProfileCLITests", dependencies: ["profile-cli", "SketchbookTestSupport"]),
    ]
)

for target in package.targets where target.type != .plugin && target.type != .system {
    target.swiftSettings =
        (target.swiftSettings ?? []) + [
            .enableUpcomingFeature("ExistentialAny"),
            .enableUpcomingFeature("MemberImportVisibility"),
            .enableUpcomingFeature("InternalImportsByDefault"),
            .enableUpcomingFeature("NonisolatedNonsendingByDefault"),
        ]
}
