import Foundation
import SketchbookTestSupport
import Testing

#if canImport(FoundationXML)
import FoundationXML
#endif

/// End-to-end: `profile constraints generate` and `profile check` run as the built binary on the
/// bundled wine data: exit statuses, JUnit XML that parses, the JSON shape, hostile names escaped.
@Suite struct CheckCommandTests {
    /// A temporary directory with the red halves, the red wines and the white wines profiled, and
    /// a suite generated from the first red half.
    struct Workspace {
        let url: URL
        func path(_ name: String) -> String { url.appendingPathComponent(name).path }

        init() throws {
            url = FileManager.default.temporaryDirectory.appendingPathComponent("check-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            for name in ["red-half-a", "red-half-b", "red", "white"] {
                let result = try ProfileExecutable.run([
                    "csv", "fixtures/wine-quality/winequality-\(name).csv", "-o", path("\(name).bin"), "--quiet",
                ])
                try #require(result.status == 0, "\(result.standardError)")
            }
            let generated = try ProfileExecutable.run([
                "constraints", "generate", path("red-half-a.bin"), "-o", path("suite.yaml"),
            ])
            try #require(generated.status == 0, "\(generated.standardError)")
        }

        func write(_ name: String, _ text: String) throws -> String {
            try Data(text.utf8).write(to: url.appendingPathComponent(name))
            return path(name)
        }
    }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func aGeneratedSuitePassesOnTheOtherHalfAndFailsOnWhiteWines() throws {
        let w = try Workspace()
        let suite = try String(contentsOfFile: w.path("suite.yaml"), encoding: .utf8)
        #expect(suite.contains("comment: "))
        let pass = try ProfileExecutable.run([
            "check", w.path("red-half-b.bin"), w.path("red.bin"), "--constraints", w.path("suite.yaml"),
        ])
        #expect(pass.status == 0, "\(pass.standardOutput)\(pass.standardError)")
        #expect(pass.standardOutput.contains("verdict: pass") || pass.standardOutput.contains("verdict: warn"))
        #expect(!pass.standardOutput.contains("\u{1B}["))  // not a terminal: no colour
        let fail = try ProfileExecutable.run(["check", w.path("white.bin"), "--constraints", w.path("suite.yaml")])
        #expect(fail.status == 1, "\(fail.standardError)")
        #expect(fail.standardOutput.contains("verdict: fail"))
        #expect(fail.standardOutput.contains("volatile acidity"))
    }

    @Test func jsonHasTheDocumentedShapeWithOneResultPerConstraintPerProfile() throws {
        let w = try Workspace()
        let result = try ProfileExecutable.run([
            "check", w.path("red-half-b.bin"), w.path("white.bin"), "--constraints", w.path("suite.yaml"), "--format",
            "json",
        ])
        #expect(result.status == 1)
        let root = try Self.json(result.standardOutput)
        #expect(Set(root.keys) == ["results", "summary"])
        let results = try #require(root["results"] as? [[String: Any]])
        let summary = try #require(root["summary"] as? [String: Any])
        #expect(Set(summary.keys) == ["passed", "failed", "warnings", "verdict"])
        #expect(summary["verdict"] as? String == "fail")
        for entry in results {
            #expect(
                Set(entry.keys) == [
                    "name", "factory", "column_name", "passed", "severity", "value", "detail", "profile",
                ])
        }
        let profiles = Set(results.compactMap { $0["profile"] as? String })
        #expect(profiles == [w.path("red-half-b.bin"), w.path("white.bin")])
        #expect(results.count % 2 == 0)
        let counted =
            (summary["passed"] as? Int ?? 0) + (summary["failed"] as? Int ?? 0) + (summary["warnings"] as? Int ?? 0)
        #expect(counted == results.count)
        #expect(
            results.filter { $0["profile"] as? String == w.path("red-half-b.bin") }.allSatisfy {
                $0["passed"] as? Bool == true || $0["severity"] as? String == "warning"
            })
    }

    @Test func junitIsWellFormedWithATestsuitePerProfileAndAFailurePerFailedError() throws {
        let w = try Workspace()
        let report = w.path("report.xml")
        let result = try ProfileExecutable.run([
            "check", w.path("red-half-b.bin"), w.path("white.bin"), "--constraints", w.path("suite.yaml"), "-o", report,
        ])
        #expect(result.status == 1)
        let data = try Data(contentsOf: URL(fileURLWithPath: report))
        #if canImport(FoundationXML) || canImport(Darwin)
        let document = try XMLDocument(data: data)
        let root = try #require(document.rootElement())
        #expect(root.name == "testsuites")
        let suites = root.elements(forName: "testsuite")
        #expect(suites.count == 2)
        let json = try Self.json(
            try ProfileExecutable.run([
                "check", w.path("red-half-b.bin"), w.path("white.bin"), "--constraints", w.path("suite.yaml"),
                "--format",
                "json",
            ]).standardOutput)
        let failed = try #require((json["summary"] as? [String: Any])?["failed"] as? Int)
        let failures = suites.flatMap { $0.elements(forName: "testcase") }.filter {
            !$0.elements(forName: "failure").isEmpty
        }
        #expect(failures.count == failed)
        #expect(root.attribute(forName: "failures")?.stringValue == String(failed))
        #expect(suites[0].attribute(forName: "failures")?.stringValue == "0")
        #endif
    }

    @Test func mergeChecksTheMergeOnce() throws {
        let w = try Workspace()
        let result = try ProfileExecutable.run([
            "check", w.path("red-half-a.bin"), w.path("red-half-b.bin"), "--merge", "--constraints",
            w.path("suite.yaml"),
            "--format", "json",
        ])
        #expect(result.status == 0, "\(result.standardOutput)")
        let results = try #require(try Self.json(result.standardOutput)["results"] as? [[String: Any]])
        let profiles = Set(results.compactMap { $0["profile"] as? String })
        #expect(profiles.count == 1 && profiles.first?.hasPrefix("merge of ") == true)
    }

    @Test func inputErrorsExitTwoNamingTheEntryAndField() throws {
        let w = try Workspace()
        let bad = try w.write(
            "bad.yaml", "constraints:\n  - {factory: is_in_range, column_name: alcohol, lower: eight, upper: 15}\n")
        let result = try ProfileExecutable.run(["check", w.path("red.bin"), "--constraints", bad])
        #expect(result.status == 2)
        #expect(
            result.standardError.contains("constraints[0]") && result.standardError.contains("lower"),
            "\(result.standardError)")
        let unknown = try w.write("unknown.yaml", "constraints:\n  - {factory: is_in_rnage, column_name: alcohol}\n")
        let second = try ProfileExecutable.run(["check", w.path("red.bin"), "--constraints", unknown])
        #expect(second.status == 2 && second.standardError.contains("factory"), "\(second.standardError)")
        let missing = try ProfileExecutable.run(["check", w.path("nope.bin"), "--constraints", w.path("suite.yaml")])
        #expect(missing.status == 2)
        let drift = try w.write("drift.yaml", "constraints:\n  - {factory: no_drift, column_name: alcohol}\n")
        let noReference = try ProfileExecutable.run(["check", w.path("red.bin"), "--constraints", drift])
        #expect(noReference.status == 2 && noReference.standardError.contains("--reference"))
        let withReference = try ProfileExecutable.run([
            "check", w.path("red-half-b.bin"), "--constraints", drift, "--reference", w.path("red-half-a.bin"),
        ])
        #expect(withReference.status == 0, "\(withReference.standardOutput)")
        let noSuite = try ProfileExecutable.run(["check", w.path("red.bin")])
        #expect(noSuite.status == 2)
    }

    static let hostile = "a<b|c]]>&\"'`*_[x](y)\u{1B}[31mred\u{7}\u{202E}\n| forged | row |"

    @Test(arguments: ["text", "json", "markdown", "html", "junit"])
    func hostileNamesAreEscaped(format: String) throws {
        let w = try Workspace()
        let suite = try w.write(
            "hostile.json",
            """
            {"constraints": [{"factory": "no_missing_values", "column_name": \(Self.quoted(Self.hostile)), \
            "name": \(Self.quoted(Self.hostile))}]}
            """)
        let result = try ProfileExecutable.run(["check", w.path("red.bin"), "--constraints", suite, "--format", format])
        #expect(result.status == 1, "\(result.standardError)")
        let out = result.standardOutput
        #expect(!out.contains("\u{1B}") && !out.contains("\u{7}") && !out.contains("\u{202E}"))
        switch format {
        case "html", "junit":
            #expect(!out.contains("a<b") && !out.contains("]]>"))
            #expect(out.contains("a&lt;b|c]]&gt;&amp;"))
        case "markdown":
            #expect(!out.contains("| forged |") && !out.contains("a<b"))
        case "json":
            let results = try #require(try Self.json(out)["results"] as? [[String: Any]])
            #expect(results.first?["name"] as? String == Self.hostile)
        default:
            #expect(!out.contains("\n| forged"))
        }
        #if canImport(FoundationXML) || canImport(Darwin)
        if format == "junit" { _ = try XMLDocument(data: Data(out.utf8)) }
        #endif
    }

    /// `text` as a JSON string, every non-ASCII-printable scalar as `\\uXXXX`.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for unit in text.utf16 {
            if unit >= 0x20 && unit < 0x7F && unit != 0x22 && unit != 0x5C {
                out.unicodeScalars.append(Unicode.Scalar(UInt8(unit)))
            } else {
                let hex = String(unit, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            }
        }
        return out + "\""
    }

    @Test func generateRefusesBadOptionsAndHonoursColumnsAndFormat() throws {
        let w = try Workspace()
        let bad = try ProfileExecutable.run(["constraints", "generate", w.path("red.bin"), "--tolerance", "-1"])
        #expect(bad.status == 2)
        let unknown = try ProfileExecutable.run(["constraints", "generate", w.path("red.bin"), "--columns", "nope"])
        #expect(unknown.status == 2 && unknown.standardError.contains("nope"))
        let json = try ProfileExecutable.run([
            "constraints", "generate", w.path("red-half-a.bin"), w.path("red-half-b.bin"), "--columns", "alcohol,pH",
            "--exclude-columns", "pH", "--format", "json",
        ])
        #expect(json.status == 0, "\(json.standardError)")
        let root = try Self.json(json.standardOutput)
        let entries = try #require(root["constraints"] as? [[String: Any]])
        #expect(Set(entries.compactMap { $0["column_name"] as? String }) == ["alcohol"])
        #expect(entries.allSatisfy { ($0["comment"] as? String)?.isEmpty == false })
    }
}
