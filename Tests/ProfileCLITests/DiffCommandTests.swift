import Foundation
import SketchbookTestSupport
import Testing

#if canImport(FoundationXML)
import FoundationXML
#endif

/// End-to-end: `profile diff` run as the built binary on whylogs-written fixture profiles.
@Suite struct DiffCommandTests {
    static let a = "fixtures/whylogs/merge_part_a.bin"
    static let b = "fixtures/whylogs/merge_part_b.bin"
    static let large = "fixtures/whylogs/large_100k.bin"

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("diff-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func aProfileAgainstItselfHasNoDriftAndExitsZero() throws {
        let result = try ProfileExecutable.run(["diff", Self.large, Self.large])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("overall: none"))
        #expect(!result.standardOutput.contains("\u{1B}["))  // not a terminal: no colour
    }

    /// Runs the binary with a pseudo-terminal as standard output (util-linux `script`).
    static func runInTerminal(_ arguments: [String], noColor: Bool) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        let command = ([ProfileExecutable.url.path] + arguments).map { "'\($0)'" }.joined(separator: " ")
        process.arguments = ["-qec", command, "/dev/null"]
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = noColor ? "1" : nil
        process.environment = environment
        process.currentDirectoryURL = Fixtures.repositoryRoot
        let output = Pipe()
        process.standardOutput = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script")))
    func verdictsAreColouredOnATerminalUnlessNoColor() throws {
        let coloured = try Self.runInTerminal(["diff", Self.a, Self.b], noColor: false)
        #expect(coloured.contains("\u{1B}[1;31mdrift"))
        let plain = try Self.runInTerminal(["diff", Self.a, Self.b], noColor: true)
        #expect(plain.contains("drift") && !plain.contains("\u{1B}["))
    }

    @Test func driftExitsOneUnlessFailOnNever() throws {
        let drift = try ProfileExecutable.run(["diff", Self.a, Self.b])
        #expect(drift.status == 1, "\(drift.standardError)")
        #expect(drift.standardOutput.contains("missing: only_a"))
        #expect(drift.standardOutput.contains("added: only_b"))
        let never = try ProfileExecutable.run(["diff", Self.a, Self.b, "--fail-on", "never"])
        #expect(never.status == 0)
    }

    @Test func jsonHasTheDocumentedShape() throws {
        let result = try ProfileExecutable.run(["diff", "--format", "json", Self.a, Self.b])
        #expect(result.status == 1)
        let root = try Self.json(result.standardOutput)
        #expect(Set(root.keys) == ["columns", "summary"])
        let columns = try #require(root["columns"] as? [String: Any])
        #expect(Set(columns.keys) == ["n", "only_a", "only_b", "s"])
        // Three values against four: n is ID-like (every value distinct) and nothing differs
        // significantly, so only the missing column is drift.
        let n = try #require(columns["n"] as? [String: Any])
        #expect(n["verdict"] as? String == "none")
        let metrics = try #require(n["metrics"] as? [String: Any])
        let ks = try #require(metrics["ks"] as? [String: Any])
        #expect(ks["value"] is NSNumber)
        #expect(ks["error_bound"] is NSNumber)
        let threshold = try #require(ks["threshold"] as? [String: Any])
        #expect((threshold["drift"] as? NSNumber)?.doubleValue == 0.1)
        #expect((threshold["possible"] as? NSNumber)?.doubleValue == 0.05)
        let s = try #require(columns["s"] as? [String: Any])
        let chi = try #require((s["metrics"] as? [String: Any])?["chi_square"] as? [String: Any])
        #expect(chi["threshold"] is NSNull)
        #expect(chi["error_bound"] is NSNull)
        let summary = try #require(root["summary"] as? [String: Any])
        #expect(summary["verdict"] as? String == "drift")
        #expect((summary["drift"] as? NSNumber)?.intValue == 1)
        #expect(summary["missing"] as? [String] == ["only_a"])
        #expect(summary["added"] as? [String] == ["only_b"])
    }

    @Test func everyReportStatesTheGateAndItsProcedure() throws {
        // large_100k's numeric column (KS) and string column (chi-square); its unseen share is not
        // tested, as the frequent-items sketch is past exact mode.
        let table = try ProfileExecutable.run(["diff", Self.large, Self.large])
        #expect(table.standardOutput.contains("gate: p < 0.01, Holm across 2 tests"), "\(table.standardOutput)")
        let markdown = try ProfileExecutable.run(["diff", "--format", "markdown", Self.large, Self.large])
        #expect(markdown.standardOutput.contains("Holm"))
        let json = try Self.json(
            try ProfileExecutable.run(["diff", "--format", "json", Self.large, Self.large]).standardOutput)
        let summary = try #require(json["summary"] as? [String: Any])
        #expect(summary["multiple_testing"] as? String == "holm")
        #expect((summary["tests"] as? NSNumber)?.intValue == 2)
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("report.html").path
        _ = try ProfileExecutable.run(["diff", Self.large, Self.large, "-o", path])
        #expect(try String(contentsOfFile: path, encoding: .utf8).contains("Holm across 2 tests"))
    }

    @Test func multipleTestingNoneGatesEachTestOnItsOwnAndSaysSo() throws {
        let result = try ProfileExecutable.run([
            "diff", "--format", "json", "--multiple-testing", "none", Self.large, Self.large,
        ])
        let summary = try #require(try Self.json(result.standardOutput)["summary"] as? [String: Any])
        #expect(summary["multiple_testing"] as? String == "none", "\(summary)")
        let table = try ProfileExecutable.run(["diff", "--multiple-testing", "none", Self.large, Self.large])
        #expect(!table.standardOutput.contains("Holm"), "\(table.standardOutput)")
    }

    @Test func reportsSayWhy() throws {
        let result = try ProfileExecutable.run(["diff", "--format", "json", Self.a, Self.b])
        let columns = try #require(try Self.json(result.standardOutput)["columns"] as? [String: [String: Any]])
        let n = try #require(columns["n"])
        #expect(n["decided_by"] is NSNull)
        #expect((n["why"] as? String)?.contains("not scored: unseen (ID-like: 100%") == true, "\(n["why"] ?? "")")
        let unseen = try #require((n["metrics"] as? [String: [String: Any]])?["unseen_share"])
        #expect((unseen["not_scored"] as? String)?.hasPrefix("ID-like") == true)
        let s = try #require(columns["s"]?["metrics"] as? [String: [String: Any]])
        #expect((s["l_infinity"]?["not_scored"] as? String)?.hasPrefix("long tail: frequent items cover") == true)
        #expect(s["unseen_share"]?["expected"] is NSNumber)
        #expect(s["unseen_share"]?["test_p_value"] is NSNumber)
        #expect(s["unseen_share"]?["adjusted_p_value"] is NSNumber)
        #expect(columns["only_a"]?["decided_by"] is NSNull)
        #expect(columns["only_a"]?["why"] as? String == "column missing from the target")
        let table = try ProfileExecutable.run(["diff", Self.a, Self.b]).standardOutput
        #expect(table.contains("why") && table.contains("not scored: JS, L∞, χ² (long tail"), "\(table)")
        let markdown = try ProfileExecutable.run(["diff", "--format", "markdown", Self.a, Self.b]).standardOutput
        #expect(markdown.contains("| why |") && markdown.contains("column missing from the target"))
    }

    @Test func htmlIsOneSelfContainedPageWithAnSVGPerColumn() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("report.html").path
        let result = try ProfileExecutable.run(["diff", Self.a, Self.b, "-o", path, "--fail-on", "never"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.isEmpty)
        let html = try String(contentsOfFile: path, encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.hasSuffix("</html>\n"))
        #expect(html.components(separatedBy: "<svg").count - 1 == 4)
        #expect(html.components(separatedBy: "</svg>").count - 1 == 4)
        #expect(!html.lowercased().contains("http"))
        #expect(!html.contains("<script") && !html.contains("<link") && !html.contains("src="))
        // The verdict table comes before the charts.
        let table = try #require(html.range(of: "<table>"))
        let chart = try #require(html.range(of: "<svg"))
        #expect(table.lowerBound < chart.lowerBound)
        // Well-formed: parses as XML once the doctype is dropped.
        let body = html.replacingOccurrences(of: "<!DOCTYPE html>", with: "")
        #expect(throws: Never.self) { _ = try XMLDocument(xmlString: body) }
    }

    @Test func markdownListsEveryColumnAndTheThresholds() throws {
        let result = try ProfileExecutable.run(["diff", "--format", "markdown", Self.a, Self.b])
        #expect(result.status == 1)
        for name in [
            "| n |", "| only_a |", "| only_b |", "| s |", "`ks`: 0.100 / 0.050", "`chi_square`: informational",
        ] {
            #expect(result.standardOutput.contains(name), "\(name)")
        }
    }

    @Test func thresholdsFromFlagsAndConfigChangeTheVerdict() throws {
        // Only s and n remain once missing columns are not drift and every metric that fires on
        // them is raised or turned off.
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = directory.appendingPathComponent("drift.json")
        try Data(#"{"missing_column_is_drift": false, "thresholds": {"unseen_share": null}}"#.utf8).write(to: config)
        let arguments = [
            "diff", Self.a, Self.b, "--config", config.path, "--format", "json",
            "--threshold", "ks=off", "--threshold", "psi=off", "--threshold", "jensen_shannon=off",
            "--threshold", "hellinger=off", "--threshold", "wasserstein=0.5:100",
            "--column-threshold", "s:l_infinity=0.9",
        ]
        let result = try ProfileExecutable.run(arguments)
        #expect(result.status == 0, "\(result.standardOutput)\(result.standardError)")
        let columns = try #require(try Self.json(result.standardOutput)["columns"] as? [String: Any])
        let s = try #require(columns["s"] as? [String: Any])
        let linf = try #require((s["metrics"] as? [String: Any])?["l_infinity"] as? [String: Any])
        #expect(((linf["threshold"] as? [String: Any])?["drift"] as? NSNumber)?.doubleValue == 0.9)
        // --fail-on possible: the W1 of n (4.5) is possible drift under 0.5:100, once the
        // significance gate is off (these samples are too small to differ significantly).
        let gated = try ProfileExecutable.run(arguments + ["--fail-on", "possible"])
        #expect(gated.status == 0, "\(gated.standardOutput)\(gated.standardError)")
        let possible = try ProfileExecutable.run(arguments + ["--fail-on", "possible", "--significance-level", "off"])
        #expect(possible.status == 1)
    }

    @Test func usageAndInputErrorsExitTwo() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let badConfig = directory.appendingPathComponent("bad.json")
        try Data(#"{"thresholds": {"kss": 1}}"#.utf8).write(to: badConfig)
        for arguments in [
            ["diff", Self.a],
            ["diff", Self.a, "missing.bin"],
            ["diff", Self.a, Self.b, "--threshold", "nope=1"],
            ["diff", Self.a, Self.b, "--threshold", "ks=abc"],
            ["diff", Self.a, Self.b, "--column-threshold", "ks=0.1"],
            ["diff", Self.a, Self.b, "--format", "pdf"],
            ["diff", Self.a, Self.b, "--fail-on", "sometimes"],
            ["diff", Self.a, Self.b, "--multiple-testing", "bonferroni"],
            ["diff", Self.a, Self.b, "--config", badConfig.path],
            ["diff", "fixtures/whylogs/README.md", Self.b],
        ] {
            let result = try ProfileExecutable.run(arguments)
            #expect(result.status == 2, "\(arguments): \(result.standardError)")
            #expect(!result.standardError.isEmpty)
        }
    }
}
