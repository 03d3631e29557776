// swift-tools-version: 6.2
import PackageDescription

let package = Package(
    name: "Sketchbook",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Sketches", targets: ["Sketches"]),
        .library(name: "Profiles", targets: ["Profiles"]),
        // Issue 13: image metadata and CSV ingest are products of their own, so that a project
        // that only logs rows or reads profiles takes neither libturbojpeg nor the CSV reader.
        .library(name: "ProfileImages", targets: ["ProfileImages"]),
        .library(name: "ProfileCSV", targets: ["ProfileCSV"]),
        // Issue 14: JSON lines ingest, on Profiles only.
        .library(name: "ProfileJSONLines", targets: ["ProfileJSONLines"]),
        // Issue 14: Arrow IPC ingest, read from the format's specification (no Arrow library).
        .library(name: "ProfileArrow", targets: ["ProfileArrow"]),
        // Issue 15: constraint suites evaluated on profiles (YAML or JSON suites; Yams).
        .library(name: "ProfileConstraints", targets: ["ProfileConstraints"]),
        // Issue 17: a monitor over a directory of profiles (drift, bands, constraints), run from cron.
        .library(name: "ProfileMonitor", targets: ["ProfileMonitor"]),
        .library(name: "ServerHook", targets: ["ServerHook"]),
        // Issue 13: the hook's framework middlewares, one product each, so that the core alone
        // takes neither Hummingbird nor Vapor.
        .library(name: "ServerHookHummingbird", targets: ["ServerHookHummingbird"]),
        .library(name: "ServerHookVapor", targets: ["ServerHookVapor"]),
        // The hook's metrics on swift-prometheus with their help texts and buckets, for a server
        // that serves Prometheus' /metrics itself (as wine-server does).
        .library(name: "ServerHookPrometheus", targets: ["ServerHookPrometheus"]),
        .executable(name: "profile", targets: ["profile-cli"]),
        .executable(name: "wine-server", targets: ["wine-server"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.0"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.34.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        // Issue 13: ServerHookVapor.
        .package(url: "https://github.com/vapor/vapor", from: "4.122.3"),
        // Issue 15: constraint suites in YAML.
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // MARK: - Public API

        /// DataSketches-compatible KLL, HyperLogLog and frequent-items sketches. No dependencies,
        /// no Foundation.
        .target(name: "Sketches"),

        /// whylogs-v1-compatible dataset profiles: metrics, logging, merge, summary, drift, the
        /// profile file format (protobuf, gzip), text metadata, and pandas' column rules that the
        /// ingest modules share. zlib and SwiftProtobuf only: no image codec, no CSV reader.
        .target(
            name: "Profiles",
            dependencies: [
                "Sketches",
                "CZlib",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ]
        ),

        /// Image metadata (PNG, PPM/PGM, JPEG decoding as PIL decodes; whylogs' image features):
        /// `ImageDecoder`, `ImageMetadata`, and `DatasetProfile.log(column:images:)`.
        .target(name: "ProfileImages", dependencies: ["Profiles", "CZlib", "CTurboJPEG"]),

        /// CSV ingest: `CSVProfiler`, a profile equal to `why.log(pandas.read_csv(path))`. Later
        /// input formats (Arrow, JSON lines) go beside it, on the same column rules in `Profiles`.
        .target(name: "ProfileCSV", dependencies: ["Profiles", "Sketches", "CCSVScan"]),

        /// JSON-lines ingest: `JSONLinesProfiler`, each line's object logged as whylogs'
        /// `track(row=…)` logs it, nested objects flattened to dotted names, on every core.
        .target(name: "ProfileJSONLines", dependencies: ["Profiles", "Sketches"]),
        /// Arrow IPC ingest: `ArrowProfiler`, a profile equal to whylogs' `why.log(table.to_pandas())`
        /// (with the documented improvements), from streams and files read message by message.
        .target(name: "ProfileArrow", dependencies: ["Profiles", "Sketches", "CLZ4", "CZstd"]),

        /// Constraint suites (issue 15): whylogs 1.6.4's 26 constraint factories with its parameter
        /// names, defaults and pass conditions, dataset-level checks, condition counts and drift
        /// against a reference, parsed from YAML or JSON and checked on a `DatasetProfile`.
        .target(
            name: "ProfileConstraints",
            dependencies: [
                "Profiles",
                "Sketches",
                .product(name: "Yams", package: "Yams"),
            ]
        ),

        /// A monitor over a directory of profiles (issue 17): groups them into periods and segments,
        /// and evaluates drift, bands on scalar series, constraint suites and schema changes, with an
        /// incremental state file.
        .target(name: "ProfileMonitor", dependencies: ["Profiles", "ProfileConstraints", "Sketches"]),

        /// The CSV tokenizer's 64-byte scan for structural bytes (SSE2 on x86-64, portable C
        /// elsewhere).
        .target(name: "CCSVScan"),

        /// The calling thread's CPU (`sched_getcpu`), for ServerHook's per-core shards.
        .target(name: "CCurrentCPU"),

        /// zlib, as a system library (Debian: zlib1g-dev). `pkgConfig` lets SwiftPM name the
        /// missing package.
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),

        /// liblz4's frame API and libzstd, as system libraries (Debian: liblz4-dev, libzstd-dev), for
        /// compressed Arrow IPC bodies. Only `ProfileArrow` uses them.
        .systemLibrary(name: "CLZ4", pkgConfig: "liblz4", providers: [.apt(["liblz4-dev"])]),
        .systemLibrary(name: "CZstd", pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"])]),

        /// libjpeg-turbo's TurboJPEG API, as a system library (Debian: libturbojpeg0-dev). Only
        /// `ProfileImages` uses it.
        .systemLibrary(name: "CTurboJPEG", pkgConfig: "libturbojpeg", providers: [.apt(["libturbojpeg0-dev"])]),

        /// Per-request profiling for model servers, framework-free: sharded window accumulators,
        /// crash-safe compressed window files, checkpoints, feedback, drift, and its metrics through
        /// swift-metrics (any backend). Issue 13: no Hummingbird, Vapor or swift-prometheus here.
        /// Issue 15: the hook checks a constraint suite on each closed window (it is the suite's
        /// user, so it takes ProfileConstraints, and with it Yams).
        .target(
            name: "ServerHook",
            dependencies: [
                "Profiles",
                "ProfileConstraints",
                "Sketches",
                "CCurrentCPU",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),

        /// The hook's Hummingbird 2 middleware and request context.
        .target(
            name: "ServerHookHummingbird",
            dependencies: [
                "ServerHook",
                "Profiles",
                .product(name: "Hummingbird", package: "hummingbird"),
            ]
        ),

        /// The hook's Vapor 4 middleware (`AsyncMiddleware`).
        .target(
            name: "ServerHookVapor",
            dependencies: [
                "ServerHook",
                "Profiles",
                .product(name: "Vapor", package: "vapor"),
            ]
        ),

        /// The hook's metrics on swift-prometheus with their help texts and histogram buckets (which
        /// swift-metrics does not carry): wine-server bootstraps it.
        .target(
            name: "ServerHookPrometheus",
            dependencies: [
                "ServerHook",
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),

        // MARK: - Executables

        .executableTarget(
            name: "profile-cli",
            dependencies: [
                "Sketches",
                "Profiles",
                "ProfileCSV",
                "ProfileArrow",
                "ProfileJSONLines",
                "ProfileImages",
                "ProfileConstraints",
                "ProfileMonitor",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        /// The example model server: a wine-quality regressor behind Hummingbird, with the hook.
        .executableTarget(
            name: "wine-server",
            dependencies: [
                "WineQuality",
                "ServerHook",
                "ServerHookHummingbird",
                "ServerHookPrometheus",
                "Profiles",
                "ProfileConstraints",
                "Sketches",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                // The HTTP/1 channel's timeouts and the connection cap.
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ]
        ),

        // MARK: - Implementation details

        /// The example server's model and request bodies, apart from its HTTP code (Foundation
        /// only), so that the fuzz targets can reach the request decoding.
        .target(name: "WineQuality"),

        /// Every outside input as a fuzz target (bytes → typed rejection, or a value that passes
        /// the target's invariants), shared by the libFuzzer executable and the regression tests.
        .target(
            name: "FuzzTargets",
            dependencies: [
                "Sketches", "Profiles", "ProfileImages", "ProfileCSV", "ProfileJSONLines", "ProfileArrow",
                "ProfileConstraints", "WineQuality",
            ]
        ),

        /// Seeded random numbers, the fixture input streams and the fixture locator, shared by the
        /// test targets. Not a product.
        .target(name: "SketchbookTestSupport", dependencies: ["Sketches"]),

        /// Fixture comparisons of profile summaries, shared by the test targets of `Profiles` and
        /// of the modules beside it. Not a product.
        .target(name: "ProfilesTestSupport", dependencies: ["Profiles", "Sketches"]),

        // MARK: - Unit test bundles

        .testTarget(name: "SketchesTests", dependencies: ["Sketches", "SketchbookTestSupport"]),
        // ProfilesTests also takes ProfileImages for its interop export (text and image columns in
        // one file, read back by Python whylogs in .ci/run).
        .testTarget(
            name: "ProfilesTests",
            dependencies: ["Profiles", "ProfileImages", "Sketches", "SketchbookTestSupport", "ProfilesTestSupport"]
        ),
        .testTarget(
            name: "ProfileImagesTests",
            dependencies: ["ProfileImages", "Profiles", "Sketches", "SketchbookTestSupport"]
        ),
        .testTarget(
            name: "ProfileCSVTests",
            dependencies: ["ProfileCSV", "Profiles", "Sketches", "SketchbookTestSupport", "ProfilesTestSupport"]
        ),
        .testTarget(
            name: "ProfileJSONLinesTests",
            dependencies: [
                "ProfileJSONLines", "Profiles", "Sketches", "SketchbookTestSupport", "ProfilesTestSupport",
            ]
        ),
        .testTarget(
            name: "ProfileArrowTests",
            dependencies: ["ProfileArrow", "Profiles", "SketchbookTestSupport", "ProfilesTestSupport"]
        ),
        .testTarget(
            name: "ProfileConstraintsTests",
            dependencies: [
                "ProfileConstraints", "Profiles", "ProfileCSV", "Sketches", "SketchbookTestSupport",
                "ProfilesTestSupport",
            ]
        ),
        .testTarget(
            name: "ProfileCLITests", dependencies: ["profile-cli", "Profiles", "Sketches", "SketchbookTestSupport"]
        ),
        .testTarget(
            name: "ProfileMonitorTests",
            dependencies: ["ProfileMonitor", "Profiles", "ProfileConstraints", "Sketches", "SketchbookTestSupport"]
        ),
        .testTarget(
            name: "ServerHookTests",
            dependencies: [
                "ServerHook", "ServerHookPrometheus", "Profiles", "ProfileConstraints", "Sketches",
                "SketchbookTestSupport",
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
            ]
        ),
        .testTarget(
            name: "ServerHookHummingbirdTests",
            dependencies: [
                "ServerHookHummingbird", "ServerHook", "Profiles",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(
            name: "ServerHookVaporTests",
            dependencies: [
                "ServerHookVapor", "ServerHook", "Profiles",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
            ]
        ),
        .testTarget(name: "FuzzTargetsTests", dependencies: ["FuzzTargets", "SketchbookTestSupport"]),
        .testTarget(
            name: "WineServerTests",
            dependencies: ["wine-server", "WineQuality", "Profiles", "ProfileConstraints", "SketchbookTestSupport"]
        ),
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

// MARK: - Fuzzing

// The libFuzzer executable, only with SKETCHBOOK_FUZZ=1 (it needs `--sanitize=fuzzer`, which
// supplies its `main`); scripts/fuzz.sh builds and runs it. See Fuzz/README.md.
if Context.environment["SKETCHBOOK_FUZZ"] == "1" {
    package.targets.append(
        .executableTarget(
            name: "sketchbook-fuzz",
            dependencies: ["FuzzTargets"],
            path: "Fuzz/Sources/sketchbook-fuzz",
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        ))
}
