import Foundation

/// Prometheus' own `promtool`, for the tests that check an exposition text with its parser.
///
/// A newcomer's machine may not have it (the README's `swift test` must pass there): then the
/// check is skipped, unless `SKETCHBOOK_REQUIRE_PROMTOOL=1` (CI, which installs it first) makes
/// its absence a failure.
public enum Promtool {
    /// The installed `promtool`, if any.
    public static let path: String? = ["/usr/bin/promtool", "/usr/local/bin/promtool"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    /// Whether the environment demands the check (`SKETCHBOOK_REQUIRE_PROMTOOL=1`).
    public static var isRequired: Bool {
        ProcessInfo.processInfo.environment["SKETCHBOOK_REQUIRE_PROMTOOL"] == "1"
    }

    /// `promtool check metrics` of `text`: its exit status and what it printed; `nil` when promtool
    /// is not installed.
    public static func checkMetrics(_ text: String) throws -> (status: Int32, output: String)? {
        guard let path else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["check", "metrics"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        try process.run()
        input.fileHandleForWriting.write(Data(text.utf8))
        try input.fileHandleForWriting.close()
        let said = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, said)
    }
}
