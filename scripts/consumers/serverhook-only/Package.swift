// swift-tools-version: 6.2
// A consumer of the ServerHook product alone (issue 13): scripts/consumers/check-serverhook-only.sh
// builds it and checks that neither Hummingbird, Vapor nor swift-prometheus was built for it.
import PackageDescription

let package = Package(
    name: "serverhook-only",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "Sketchbook", path: "../../..")
    ],
    targets: [
        .executableTarget(
            name: "serverhook-only",
            dependencies: [.product(name: "ServerHook", package: "Sketchbook")]
        )
    ]
)
