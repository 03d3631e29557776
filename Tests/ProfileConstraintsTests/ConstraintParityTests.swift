import Foundation
import ProfileCSV
import Profiles
import SketchbookTestSupport
import Testing

@testable import ProfileConstraints

/// `check` passes and fails exactly where whylogs 1.6.4's `ConstraintsBuilder(...).build()
/// .generate_constraints_report()` does, on the cases `fixtures/constraints/make_constraint_fixtures.py`
/// recorded: on profiles whylogs wrote, on their merges, and on profiles Sketchbook writes of the
/// same CSV files.
@Suite struct ConstraintParityTests {
    /// One recorded case.
    struct Case {
        var factory: String
        var name: String
        var report: String
        var validate: Any
        var approximate: Bool

        /// whylogs' verdict: the report's, else (the builder dropped the constraint or raised) the
        /// constraint's own `validate_profile`, else (that raised too) a failure.
        var expectedPass: Bool {
            if report == "pass" { return true }
            if report == "fail" { return false }
            return (validate as? Bool) ?? false
        }
    }

    static func load(_ name: String) throws -> (suite: ConstraintSuite, cases: [Case], csv: String?, merge: [String]?) {
        let root = try #require(try Fixtures.json("constraints/cases.json") as? [String: Any])
        #expect(root["whylogs"] as? String == "1.6.4")
        let profiles = try #require(root["profiles"] as? [String: Any])
        let profile = try #require(profiles[name] as? [String: Any])
        let raw = try #require(profile["cases"] as? [[String: Any]])
        let cases = try raw.map { item in
            let entry = try #require(item["entry"] as? [String: Any])
            return Case(
                factory: try #require(entry["factory"] as? String), name: try #require(item["name"] as? String),
                report: try #require(item["report"] as? String), validate: item["validate"] as Any,
                approximate: try #require(item["approximate"] as? Bool))
        }
        let suite = try ConstraintSuite(contentsOf: Fixtures.url("constraints/\(name).suite.json").path)
        return (suite, cases, profile["csv"] as? String, profile["merge"] as? [String])
    }

    static func whylogsProfile(_ name: String) throws -> DatasetProfile {
        try DatasetProfile(file: ProfileFile(contentsOf: Fixtures.url("constraints/\(name).bin").path))
    }

    /// The mismatches between a report and the recorded cases, one line each.
    static func mismatches(
        _ report: ConstraintReport, _ cases: [Case], skipApproximate: Bool
    ) -> [String] {
        var lines: [String] = []
        for (result, expected) in zip(report.results, cases) {
            if skipApproximate && expected.approximate { continue }
            if !sameName(result.name, expected) {
                lines.append(
                    "#\(result.index) name \(result.name.debugDescription) ≠ whylogs \(expected.name.debugDescription)")
            }
            if result.passed != expected.expectedPass {
                lines.append(
                    "#\(result.index) \(expected.name): \(result.outcome) (\(result.detail)); whylogs report "
                        + "\(expected.report), validate \(expected.validate)")
            }
        }
        if report.results.count != cases.count {
            lines.append("\(report.results.count) results for \(cases.count) cases")
        }
        return lines
    }

    /// Names are equal, except `column_has_zero_count_types`', whose list whylogs builds from a set
    /// (its order changes from run to run): the same types in any order.
    static func sameName(_ name: String, _ expected: Case) -> Bool {
        guard expected.factory == "column_has_zero_count_types" else { return name == expected.name }
        func parts(_ text: String) -> (String, Set<String>)? {
            guard let open = text.firstIndex(of: "[") else { return nil }
            let items = text[text.index(after: open)...].dropLast().split(separator: ",").map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            return (String(text[..<open]), Set(items))
        }
        guard let a = parts(name), let b = parts(expected.name) else { return false }
        return a.0 == b.0 && a.1 == b.1
    }

    @Test(arguments: ["wine_red", "wine_white", "synthetic", "conditions_a", "conditions_b", "conditions_other"])
    func checkAgreesWithWhylogsOnProfilesWhylogsWrote(name: String) throws {
        let (suite, cases, _, _) = try Self.load(name)
        let report = suite.check(try Self.whylogsProfile(name))
        let wrong = Self.mismatches(report, cases, skipApproximate: false)
        #expect(
            wrong.isEmpty,
            Comment(
                rawValue: "\(name): \(wrong.count) of \(cases.count) differ:\n"
                    + wrong.prefix(20).joined(separator: "\n")))
        // Both outcomes occur for the profile.
        #expect(report.results.contains { $0.passed } && report.results.contains { !$0.passed })
    }

    @Test(arguments: ["conditions_a+conditions_b", "conditions_a+conditions_other"])
    func checkAgreesWithWhylogsOnMergedProfiles(name: String) throws {
        let (suite, cases, _, merge) = try Self.load(name)
        let parts = try #require(merge).map(Self.whylogsProfile)
        let merged = parts.dropFirst().reduce(parts[0]) { $0.merging($1) }
        let wrong = Self.mismatches(suite.check(merged), cases, skipApproximate: false)
        #expect(
            wrong.isEmpty,
            Comment(
                rawValue: "\(name): \(wrong.count) of \(cases.count) differ:\n"
                    + wrong.prefix(20).joined(separator: "\n")))
    }

    @Test(arguments: ["wine_red", "wine_white", "synthetic"])
    func checkAgreesWithWhylogsOnProfilesSketchbookWrote(name: String) throws {
        let (suite, cases, csv, _) = try Self.load(name)
        let path = Fixtures.url(try #require(csv)).path
        let profile = try CSVProfiler().profile(fileAt: path).profile
        let wrong = Self.mismatches(suite.check(profile), cases, skipApproximate: true)
        let compared = cases.filter { !$0.approximate }.count
        #expect(
            wrong.isEmpty,
            Comment(
                rawValue: "\(name): \(wrong.count) of \(compared) differ:\n" + wrong.prefix(20).joined(separator: "\n"))
        )
    }

    @Test func everyWhylogsFactoryIsCovered() throws {
        var factories: Set<String> = []
        for name in ["wine_red", "synthetic", "conditions_a"] {
            factories.formUnion(try Self.load(name).cases.map(\.factory))
        }
        #expect(factories == Set(ConstraintCheck.factoryNames.prefix(26)))
        #expect(factories.count == 26)
    }
}
