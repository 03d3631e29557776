// swift-tools-version: 6.2
import PackageDescription

let package = Package(
    name: "Sketchbook",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Sketches", targets: ["Sketches"]),
        .executable(name: "profile", targets: ["profile-cli"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2")
    ],
    targets: [
        // MARK: - Public API

        /// DataSketches-compatible KLL, HyperLogLog and frequent-items sketches. No dependencies,
        /// no Foundation.
        .target(name: "Sketches"),

        // MARK: - Executables

        .executableTarget(
            name: "profile-cli",
            dependencies: [
                "Sketches",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // MARK: - Implementation details

        /// Seeded random numbers, the fixture input streams and the fixture locator, shared by the
        /// test targets. Not a product.
        .target(name: "SketchbookTestSupport", dependencies: ["Sketches"]),

        // MARK: - Unit test bundles

        .testTarget(name: "SketchesTests", dependencies: ["Sketches", "SketchbookTestSupport"]),
        .testTarget(name: "ProfileCLITests", dependencies: ["profile-cli", "SketchbookTestSupport"]),
    ]
)

for target in package.targets where target.type != .plugin {
    target.swiftSettings =
        (target.swiftSettings ?? []) + [
            .enableUpcomingFeature("ExistentialAny"),
            .enableUpcomingFeature("MemberImportVisibility"),
            .enableUpcomingFeature("InternalImportsByDefault"),
            .enableUpcomingFeature("NonisolatedNonsendingByDefault"),
        ]
}
