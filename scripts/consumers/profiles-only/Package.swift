// swift-tools-version: 6.2
// A project that depends on the `Profiles` product alone, as a Swift user who only logs rows and
// reads profiles would. scripts/consumers/check-profiles-only.sh builds it with libturbojpeg
// hidden: it must build, and its build plan must not name CTurboJPEG.
import PackageDescription

let package = Package(
    name: "profiles-only",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "Sketchbook", path: "../../..")
    ],
    targets: [
        .executableTarget(
            name: "profiles-only",
            dependencies: [.product(name: "Profiles", package: "Sketchbook")]
        )
    ]
)
