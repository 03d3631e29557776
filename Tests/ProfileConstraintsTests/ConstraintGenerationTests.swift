import Foundation
import ProfileCSV
import Profiles
import SketchbookTestSupport
import Testing

@testable import ProfileConstraints

/// `ConstraintSuite.generate(from:options:)` on the bundled wine data: no false alarm on data from
/// the reference's distribution (the other half, the whole, random halves over many seeds), real
/// catches on the white wines, and a comment on every entry.
@Suite struct ConstraintGenerationTests {
    static func profile(_ name: String) throws -> DatasetProfile {
        try CSVProfiler().profile(fileAt: Fixtures.url("wine-quality/winequality-\(name).csv").path).profile
    }

    static func failures(_ report: ConstraintReport) -> String {
        report.results.filter { $0.outcome == .failed }.map { "\($0.name) [\($0.severity)]: \($0.detail)" }
            .joined(separator: "; ")
    }

    @Test(arguments: ["red-half-b", "red"])
    func aSuiteFromHalfTheRedWinesPassesOnTheOtherHalfAndTheWhole(target: String) throws {
        let suite = ConstraintSuite.generate(from: [try Self.profile("red-half-a")])
        let report = suite.check(try Self.profile(target))
        // Nothing fails, not even a range warning: the ranges reach as far as the tails do.
        #expect(report.summary.verdict == .pass, Comment(rawValue: "\(target): " + Self.failures(report)))
    }

    @Test func aSuiteFromHalfTheRedWinesFailsOnTheWhiteWinesNamingTheColumns() throws {
        let suite = ConstraintSuite.generate(from: [try Self.profile("red-half-a")])
        let report = suite.check(try Self.profile("white"))
        #expect(report.summary.verdict == .fail)
        let failed = Set(
            report.results.filter { $0.outcome == .failed && $0.severity == .error }.compactMap(\.columnName))
        // Every chemistry measurement but alcohol moves between red and white wines (profile diff
        // calls all twelve drift; alcohol's shift is small next to its spread), and quality gains
        // the score 9.
        let expected: Set<String> = [
            "fixed acidity", "volatile acidity", "citric acid", "residual sugar", "chlorides", "free sulfur dioxide",
            "total sulfur dioxide", "density", "pH", "sulphates", "quality",
        ]
        #expect(expected.isSubset(of: failed), Comment(rawValue: "failed: \(failed.sorted())"))
        print("white wines: error-severity failures on \(failed.count) columns: \(failed.sorted())")
        // The range warnings catch the white wines' far values: residual sugar to 65.8 (red: 15.5),
        // free sulfur dioxide to 289 (red: 72).
        let ranged = Set(
            report.results.filter { $0.outcome == .failed && $0.factory == "is_in_range" }.compactMap(\.columnName))
        #expect(
            ranged.isSuperset(of: ["residual sugar", "free sulfur dioxide"]), Comment(rawValue: "\(ranged.sorted())"))
        print("white wines: range warnings on \(ranged.count) columns: \(ranged.sorted())")
        let quality = report.results.filter {
            $0.columnName == "quality" && $0.factory == "frequent_strings_in_reference_set"
        }
        #expect(quality.count == 1 && quality[0].outcome == .failed && quality[0].detail.contains("'9'"), "\(quality)")
    }

    /// The red wines split at random into halves, as `split_red.py` does with one seed: the suite
    /// from one half checked on the other, over 50 seeds.
    @Test func randomHalvesOfTheRedWinesRarelyRaiseAnAlarm() throws {
        let text = try String(contentsOf: Fixtures.url("wine-quality/winequality-red.csv"), encoding: .utf8)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        let header = lines.removeFirst()
        var alarms: [String] = []
        var errorFailures = 0
        var warned = 0
        var warnings: [String] = []
        var warnedOnOutliers = 0
        for seed in UInt64(1)...50 {
            var random = SplitMix64(seed: seed)
            let shuffled = lines.shuffled(using: &random)
            let half = shuffled.count / 2
            func profile(_ rows: ArraySlice<String>) throws -> DatasetProfile {
                let csv = ([header] + rows).joined(separator: "\n") + "\n"
                return try CSVProfiler().profile(bytes: Array(csv.utf8)).profile
            }
            let a = try profile(shuffled[..<half])
            let b = try profile(shuffled[half...])
            let report = ConstraintSuite.generate(from: [a]).check(b)
            let warningResults = report.results.filter { $0.outcome == .failed && $0.severity == .warning }
            if !warningResults.isEmpty {
                warned += 1
                // The red wines hold two outliers of total sulfur dioxide, 278 and 289, 1.7 times
                // the next largest (165): a half without them warns on a half with them, as a
                // range check should. No other value may raise a warning.
                let onOutliers = warningResults.allSatisfy {
                    $0.factory == "is_in_range" && $0.columnName == "total sulfur dioxide"
                        && ($0.detail.contains("max 289.0 >") || $0.detail.contains("max 278.0 >"))
                }
                if onOutliers { warnedOnOutliers += 1 }
                warnings.append("seed \(seed): " + Self.failures(report))
            }
            if report.summary.failed > 0 {
                errorFailures += 1
                alarms.append("seed \(seed): " + Self.failures(report))
            }
        }
        // Measured: see docs/constraints.md; at most 1 in 50 (2 %) is allowed here, for the
        // error-severity limits and for range warnings on anything but the two outliers alike (a
        // warning that fires on ordinary values is a false alarm too).
        #expect(
            errorFailures <= 1,
            Comment(rawValue: "\(errorFailures)/50 halves failed: " + alarms.joined(separator: " | ")))
        #expect(
            warned - warnedOnOutliers <= 1,
            Comment(rawValue: "\(warned)/50 halves had a warning: " + warnings.joined(separator: " | ")))
        print(
            "random red halves: \(errorFailures)/50 failed an error-severity constraint, \(warned)/50 had a range warning, \(warnedOnOutliers) of them "
                + "only on total sulfur dioxide's outliers " + (alarms + warnings).joined(separator: " | "))
    }

    @Test func aConstantColumnsMeanRangeAllowsTheRoundingOfAnotherMergeOrder() throws {
        // The same constant values logged in shards and merged give a mean a bit off 5.0
        // (ServerHookConstraintsTests met 5.000000000000001): the generated range must take it.
        var reference = DatasetProfile()
        reference.log(column: "p", doubles: Array(repeating: 5.0, count: 300))
        let suite = ConstraintSuite.generate(from: [reference])
        var batch = DatasetProfile()
        batch.log(column: "p", doubles: Array(repeating: 5.0.nextUp, count: 300))
        #expect(batch.columns["p"]?.distribution?.mean != 5.0)
        let report = suite.check(batch)
        let mean = report.results.filter { $0.name.contains("mean") }
        #expect(!mean.isEmpty)
        #expect(mean.allSatisfy { $0.outcome == .passed }, Comment(rawValue: Self.failures(report)))
    }

    @Test func everyGeneratedEntryHasAComment() throws {
        let suite = ConstraintSuite.generate(from: [try Self.profile("red")])
        #expect(!suite.constraints.isEmpty)
        for constraint in suite.constraints {
            #expect(constraint.comment?.isEmpty == false, "\(constraint.name)")
        }
        // The suite reads back as written.
        #expect(try ConstraintSuite(yaml: suite.yaml()) == suite)
        #expect(try ConstraintSuite(json: Array(suite.json().utf8)) == suite)
    }

    @Test func typesThatNeverOccurredStayAbsentWithIntegralAndFractionalAsOneClass() throws {
        let suite = ConstraintSuite.generate(from: [try Self.profile("red")])
        var absent: [String: [ConstraintDataType]] = [:]
        for constraint in suite.constraints {
            if case .columnHasZeroCountTypes(let column, let types) = constraint.check { absent[column] = types }
            if case .columnIsNullableDatatype = constraint.check {
                Issue.record("a single-type constraint: \(constraint.name)")
            }
        }
        #expect(absent["quality"] == [.boolean, .string, .object, .tensor])
        #expect(absent["alcohol"] == [.boolean, .string, .object, .tensor])
    }

    @Test func severalReferencesAreMergedAndColumnsChosen() throws {
        let a = try Self.profile("red-half-a")
        let b = try Self.profile("red-half-b")
        let options = ConstraintGenerationOptions(columns: ["alcohol", "quality"], excludedColumns: ["quality"])
        let suite = ConstraintSuite.generate(from: [a, b], options: options)
        let columns = Set(suite.constraints.compactMap(\.check.columnName))
        #expect(columns == ["alcohol"])
        #expect(suite.constraints.contains { $0.comment?.contains("the 2 merged references") == true })
        #expect(suite.check(try Self.profile("red")).summary.verdict == .pass)
    }

    @Test(arguments: [0.0, 0.1, 0.5])
    func widerTolerancesGiveWiderBounds(tolerance: Double) throws {
        let red = try Self.profile("red")
        let narrow = ConstraintSuite.generate(from: [red], options: ConstraintGenerationOptions(tolerance: 0))
        let chosen = ConstraintSuite.generate(from: [red], options: ConstraintGenerationOptions(tolerance: tolerance))
        for (lhs, rhs) in zip(narrow.constraints, chosen.constraints) {
            if case .quantileBetweenRange(_, _, let l0, let u0, _) = lhs.check,
                case .quantileBetweenRange(_, _, let l1, let u1, _) = rhs.check
            {
                #expect(l1.doubleValue <= l0.doubleValue && u1.doubleValue >= u0.doubleValue, "\(rhs.name)")
            }
        }
    }

    @Test(arguments: [
        (1.23456789, 1.0, false), (1.23456789, 1.0, true), (-0.000123, 0.01, false), (123456.7, 1000.0, true),
    ])
    func boundsAreRoundedOutward(value: Double, scale: Double, up: Bool) {
        let rounded = up ? _Generator.roundUp(value, scale: scale) : _Generator.roundDown(value, scale: scale)
        #expect(up ? rounded >= value : rounded <= value, "\(value) → \(rounded)")
        #expect(abs(rounded - value) <= scale * 2e-4, "\(value) → \(rounded)")
    }
}
