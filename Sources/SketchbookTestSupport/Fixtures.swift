public import Foundation

/// Locates and loads files under the repository's `fixtures/` folder.
///
/// `fixtures/` sits outside every target, so it is found from this file's path (as
/// swift-argument-parser's snapshot helper does), not as a bundle resource.
public enum Fixtures {
    /// The repository root: three levels above this file (`Sources/SketchbookTestSupport/…`).
    public static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The `fixtures/` folder.
    public static let root: URL = repositoryRoot.appendingPathComponent("fixtures")

    /// The URL of a fixture, e.g. `url("datasketches/kll/kll_double_n1000.sk")`.
    public static func url(_ relativePath: String) -> URL {
        root.appendingPathComponent(relativePath)
    }

    /// The bytes of a fixture.
    public static func bytes(_ relativePath: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: url(relativePath)))
    }

    /// A fixture parsed as JSON (objects become `[String: Any]`, arrays `[Any]`).
    public static func json(_ relativePath: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(contentsOf: url(relativePath)))
    }

    /// The directory holding the built products (`.build/debug`), found from the test runner's
    /// own path, so end-to-end tests can run the built `profile` binary.
    public static var productsDirectory: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    }
}
