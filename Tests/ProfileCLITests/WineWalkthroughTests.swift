import Foundation
import SketchbookTestSupport
import Testing

/// The README's wine walk-through, run as a user runs it: profile the red wines (training) and the
/// white wines (production), diff them, diff two halves of the red wines, merge the halves.
@Suite struct WineWalkthroughTests {
    static let chemistry = [
        "fixed acidity", "volatile acidity", "citric acid", "residual sugar", "chlorides", "free sulfur dioxide",
        "total sulfur dioxide", "density", "pH", "sulphates",
    ]

    static func profile(_ csv: String, into directory: URL) throws -> String {
        let output = directory.appendingPathComponent(
            URL(fileURLWithPath: csv).deletingPathExtension().lastPathComponent + ".bin")
        let result = try ProfileExecutable.run(["csv", "fixtures/wine-quality/\(csv)", "-o", output.path, "--quiet"])
        #expect(result.status == 0, "\(result.standardError)")
        return output.path
    }

    static func diff(_ reference: String, _ target: String, _ extra: [String] = []) throws -> (Int32, [String: Any]) {
        let result = try ProfileExecutable.run(["diff", reference, target, "--format", "json"] + extra)
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        return (result.status, object)
    }

    static func verdicts(_ report: [String: Any]) -> [String: String] {
        let columns = report["columns"] as? [String: [String: Any]] ?? [:]
        return columns.mapValues { $0["verdict"] as? String ?? "" }
    }

    @Test func whiteWinesDriftFromRedInEveryChemistryFeature() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("wine-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let red = try Self.profile("winequality-red.csv", into: directory)
        let white = try Self.profile("winequality-white.csv", into: directory)
        let (status, report) = try Self.diff(red, white)
        #expect(status == 1)
        let verdicts = Self.verdicts(report)
        let columns = report["columns"] as? [String: [String: Any]] ?? [:]
        for feature in Self.chemistry {
            #expect(verdicts[feature] == "drift", "\(feature): \(verdicts[feature] ?? "missing")")
            let decider = columns[feature]?["decided_by"] as? String
            #expect(["ks", "psi", "jensen_shannon", "hellinger", "wasserstein"].contains(decider), "\(feature)")
        }
        #expect((report["summary"] as? [String: Any])?["verdict"] as? String == "drift")

        let html = directory.appendingPathComponent("report.html")
        let rendered = try ProfileExecutable.run(["diff", red, white, "-o", html.path])
        #expect(rendered.status == 1)
        let page = try String(contentsOf: html, encoding: .utf8)
        #expect(page.components(separatedBy: "<svg").count - 1 == 12)
        #expect(!page.contains("http://") && !page.contains("https://") && !page.contains("<script src"))
    }

    @Test func twoHalvesOfTheRedWinesDoNotDrift() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("wine-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let a = try Self.profile("winequality-red-half-a.csv", into: directory)
        let b = try Self.profile("winequality-red-half-b.csv", into: directory)
        let (status, report) = try Self.diff(a, b)
        #expect(status == 0)
        let verdicts = Self.verdicts(report)
        #expect(verdicts.count == 12)
        #expect(verdicts.values.allSatisfy { $0 == "none" }, "\(verdicts)")
        let (strict, _) = try Self.diff(a, b, ["--fail-on", "possible"])
        #expect(strict == 0)
    }

    @Test func mergingTheHalvesGivesTheWholeRedProfile() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("wine-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let a = try Self.profile("winequality-red-half-a.csv", into: directory)
        let b = try Self.profile("winequality-red-half-b.csv", into: directory)
        let whole = try Self.profile("winequality-red.csv", into: directory)
        let merged = directory.appendingPathComponent("merged.bin").path
        let result = try ProfileExecutable.run(["merge", a, b, "-o", merged, "--quiet"])
        #expect(result.status == 0, "\(result.standardError)")
        let left = try CSVCommandTests.columns(of: merged)
        let right = try CSVCommandTests.columns(of: whole)
        #expect(left.keys.sorted() == right.keys.sorted())
        for (name, fields) in right {
            for key in [
                "counts/n", "counts/null", "types/fractional", "types/integral", "distribution/min", "distribution/max",
            ] {
                #expect(
                    CSVCommandTests.number(left[name]?[key]) == CSVCommandTests.number(fields[key]), "\(name) \(key)")
            }
            for key in ["distribution/mean", "distribution/stddev"] {
                let x = try #require(CSVCommandTests.number(left[name]?[key]))
                let y = try #require(CSVCommandTests.number(fields[key]))
                #expect(abs(x - y) <= 1e-12 * max(abs(x), abs(y)), "\(name) \(key): \(x) vs \(y)")
            }
        }
        let (status, _) = try Self.diff(whole, merged)
        #expect(status == 0)
    }
}
