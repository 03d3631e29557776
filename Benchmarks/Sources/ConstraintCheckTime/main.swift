// The time to check a 1,000-constraint suite on a 500-column profile (issue 15's figure), and the
// time to read the suite from YAML and JSON, and to check 500 no_drift constraints against a
// reference profile.
//
// Run: swift run -c release --package-path Benchmarks ConstraintCheckTime [runs] [rows]
// (or bash bench/constraints/run.sh); `check-only` after the numbers times the check alone. Prints the median over runs of each step, in milliseconds.
//
// The profile: 300 fractional columns (a seeded normal-like mix, 2% nulls), 100 integral columns
// (0..<200) and 100 string columns (60 categories), `rows` rows each (default 10,000, past the KLL
// sketch's 1,024 so that quantiles come from a compacted sketch). The suite: two constraints a
// column, cycling through the factories that read each kind of column (ranges, quantiles, means,
// null fractions, distinct counts, types, frequent items against a 60-item set, uniqueness).

import Foundation
import ProfileConstraints
import Profiles

let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
/// `check-only`: only the 1,000-constraint check (for a profiler).
let checkOnly = CommandLine.arguments.contains("check-only")
let runs = arguments.first ?? 9
let rows = arguments.dropFirst().first ?? 10_000

/// SplitMix64, seeded: the same profile every run.
struct Generator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}

let categories = (0..<60).map { "category-\($0)" }

func makeProfile(seed: UInt64, shift: Double) -> DatasetProfile {
    var random = Generator(state: seed)
    var profile = DatasetProfile(datasetTimestampMilliseconds: 0, creationTimestampMilliseconds: 0)
    profile.compactionCoin = .seeded(seed)
    for column in 0..<300 {
        let values = (0..<rows).map { _ in
            (random.unit() + random.unit() + random.unit()) * 10 + Double(column) + shift
        }
        profile.log(column: "x\(column)", doubles: values)
        let nulls = [String?](repeating: nil, count: rows / 50)
        profile.log(column: "x\(column)", strings: nulls)
    }
    for column in 0..<100 {
        profile.log(column: "n\(column)", ints: (0..<rows).map { _ in Int64(random.next() % 200) })
    }
    for column in 0..<100 {
        profile.log(column: "s\(column)", strings: (0..<rows).map { _ in categories[Int(random.next() % 60)] })
    }
    return profile
}

func makeSuite() -> ConstraintSuite {
    var constraints: [Constraint] = []
    for column in 0..<300 {
        let name = "x\(column)"
        let low = ConstraintNumber.double(Double(column) - 1)
        let high = ConstraintNumber.double(Double(column) + 31)
        switch column % 4 {
        case 0:
            constraints.append(Constraint(.isInRange(columnName: name, lower: low, upper: high)))
            constraints.append(
                Constraint(.quantileBetweenRange(columnName: name, quantile: .double(0.5), lower: low, upper: high)))
        case 1:
            constraints.append(Constraint(.meanBetweenRange(columnName: name, lower: low, upper: high)))
            constraints.append(
                Constraint(.quantileBetweenRange(columnName: name, quantile: .double(0.9), lower: low, upper: high)))
        case 2:
            constraints.append(Constraint(.nullPercentageBelowNumber(columnName: name, number: .double(0.05))))
            constraints.append(
                Constraint(.stddevBetweenRange(columnName: name, lower: .integer(0), upper: .integer(10))))
        default:
            constraints.append(Constraint(.greaterThanNumber(columnName: name, number: low)))
            constraints.append(
                Constraint(
                    .columnIsNullableDatatype(
                        columnName: name, datatype: .fractional, factoryName: "column_is_nullable_fractional")))
        }
    }
    for column in 0..<100 {
        let name = "n\(column)"
        constraints.append(
            Constraint(.distinctNumberInRange(columnName: name, lower: .integer(150), upper: .integer(250))))
        constraints.append(
            Constraint(.frequentStringsInReferenceSet(columnName: name, referenceSet: (0..<200).map(String.init))))
    }
    for column in 0..<100 {
        let name = "s\(column)"
        constraints.append(Constraint(.nMostCommonItemsInSet(columnName: name, n: 10, referenceSet: categories)))
        constraints.append(Constraint(.columnIsProbablyUnique(columnName: name)))
    }
    return ConstraintSuite(constraints)
}

func median(_ body: () -> Void) -> Double {
    var times: [Double] = []
    for _ in 0..<runs {
        let start = ContinuousClock.now
        body()
        let elapsed = ContinuousClock.now - start
        times.append(Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)
    }
    return times.sorted()[times.count / 2]
}

let profile = makeProfile(seed: 1, shift: 0)
let reference = makeProfile(seed: 2, shift: 0)
let suite = makeSuite()
let yaml = suite.yaml()
let json = Array(suite.json().utf8)
let driftSuite = ConstraintSuite(
    (0..<300).map { Constraint(.noDrift(columnName: "x\($0)", metric: .ks, threshold: 0.1)) }
        + (0..<100).map { Constraint(.noDrift(columnName: "n\($0)", metric: nil, threshold: nil)) }
        + (0..<100).map { Constraint(.noDrift(columnName: "s\($0)", metric: .lInfinity, threshold: nil)) })

var report = suite.check(profile)
precondition(report.results.count == 1000 && profile.columns.count == 500)
let summary = report.summary
print(
    "suite: \(suite.constraints.count) constraints on \(profile.columns.count) columns × \(rows) rows;"
        + " \(summary.passed) passed, \(summary.failed) failed; YAML \(yaml.utf8.count) bytes")
print("| step | median (ms) over \(runs) runs |")
print("| --- | --- |")
print("| check 1,000 constraints | \(String(format: "%.1f", median { report = suite.check(profile) })) |")
if checkOnly { exit(0) }
print("| read the suite from YAML | \(String(format: "%.1f", median { _ = try! ConstraintSuite(yaml: yaml) })) |")
print("| read the suite from JSON | \(String(format: "%.1f", median { _ = try! ConstraintSuite(json: json) })) |")
var driftReport = driftSuite.check(profile, reference: reference)
print(
    "| check 500 no_drift constraints | \(String(format: "%.1f", median { driftReport = driftSuite.check(profile, reference: reference) })) |"
)
let driftSummary = driftReport.summary
print(
    "no_drift: \(driftSummary.passed) passed, \(driftSummary.failed) failed, \(driftSummary.indeterminate) indeterminate"
)
