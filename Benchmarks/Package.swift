// swift-tools-version: 6.2
import PackageDescription

// Benchmarks live in their own package so that package-benchmark and its dependencies never reach
// users of Sketchbook (the layout package-benchmark itself recommends).
let package = Package(
    name: "SketchbookBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "Sketchbook", path: "../"),
        .package(url: "https://github.com/ordo-one/package-benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        // package-benchmark suite: update, merge, serialize, deserialize of each sketch, with
        // malloc counts. Run: `swift package --package-path Benchmarks benchmark`.
        .executableTarget(
            name: "SketchesBenchmarks",
            dependencies: [
                "BenchmarkInputs",
                .product(name: "Sketches", package: "Sketchbook"),
                .product(name: "Benchmark", package: "package-benchmark"),
            ],
            path: "Benchmarks/SketchesBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "package-benchmark")]
        ),
        // Plain per-item timing on the fixture streams, printed in the same format as the C++
        // side (bench/sketches/native_bench.cpp), for bench/sketches/run.sh.
        .executableTarget(
            name: "SketchThroughput",
            dependencies: [
                "BenchmarkInputs",
                .product(name: "Sketches", package: "Sketchbook"),
                .product(name: "Profiles", package: "Sketchbook"),
            ]
        ),
        // ServerHook.record per request (the 12 wine values) and recordFeedback (classification and
        // regression), one thread: `swift run -c release --package-path Benchmarks HookOverhead`
        // from the repository root.
        .executableTarget(
            name: "HookOverhead",
            dependencies: [
                .product(name: "ServerHook", package: "Sketchbook"),
                .product(name: "Profiles", package: "Sketchbook"),
            ]
        ),
        // A 1,000-constraint suite on a 500-column profile (issue 15): `swift run -c release
        // --package-path Benchmarks ConstraintCheckTime`, or bash bench/constraints/run.sh.
        .executableTarget(
            name: "ConstraintCheckTime",
            dependencies: [
                .product(name: "ProfileConstraints", package: "Sketchbook"),
                .product(name: "Profiles", package: "Sketchbook"),
            ]
        ),
        // The shared inputs: the fixture LCG streams.
        .target(name: "BenchmarkInputs"),
    ]
)
