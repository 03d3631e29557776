import Profiles
import Sketches
import Testing

@testable import ProfileConstraints

/// What `check` reports beyond pass and fail: values, details, missing columns and metrics,
/// verbatim metrics, and the summary.
@Suite struct ConstraintCheckingTests {
    static let profile: DatasetProfile = {
        var profile = DatasetProfile(datasetTimestampMilliseconds: 0, creationTimestampMilliseconds: 0)
        profile.compactionCoin = .seeded(1)
        profile.log(column: "price", doubles: [1.5, 2.5, -3, 10])
        profile.log(column: "price", strings: [nil])
        profile.log(column: "color", strings: ["red", "red", "white", nil])
        profile.log(column: "n", ints: [1, 2, 2, 3])
        profile.log(column: "empty", doubles: [])
        return profile
    }()

    static func result(_ check: ConstraintCheck, severity: ConstraintSeverity = .error) -> ConstraintResult {
        ConstraintSuite([Constraint(check, severity: severity)]).check(profile).results[0]
    }

    @Test func resultsCarryTheValueAndADetail() {
        let range = Self.result(.isInRange(columnName: "price", lower: .integer(-3), upper: .double(9.5)))
        #expect(!range.passed)
        #expect(range.value == .minMax(min: -3, max: 10))
        #expect(range.detail == "min -3.0 ≥ -3 and max 10.0 > 9.5")
        #expect(range.columnName == "price")
        #expect(range.factory == "is_in_range")
        #expect(range.name == "price is in range [-3,9.5]")
        let nulls = Self.result(.nullPercentageBelowNumber(columnName: "price", number: .double(0.2)))
        #expect(nulls.passed)
        #expect(nulls.value == .double(0.2))
        #expect(nulls.detail == "null fraction 1/5 = 0.2 ≤ 0.2")
        let colors = Self.result(.frequentStringsInReferenceSet(columnName: "color", referenceSet: ["red"]))
        #expect(!colors.passed)
        #expect(colors.value == .strings(["red", "white"]))
        #expect(colors.detail == "1 of 2 frequent items not in the set: 'white'")
        let types = Self.result(
            .columnIsNullableDatatype(columnName: "n", datatype: .integral, factoryName: "column_is_nullable_integral"))
        #expect(types.passed)
        #expect(types.detail == "integral 4, no other type")
        let rows = Self.result(.rowCountInRange(lower: .integer(5), upper: nil))
        #expect(rows.passed)
        #expect(rows.value == .integer(5))
        #expect(rows.detail == "5 rows ≥ 5")
        let present = Self.result(.columnsPresent(columnNames: ["price", "id", "id"]))
        #expect(present.value == .strings(["id"]))
        #expect(present.detail == "missing: 'id'")
        let unexpected = Self.result(.noUnexpectedColumns(columnNames: ["price", "n"]))
        #expect(unexpected.value == .strings(["color", "empty"]))
        #expect(present.columnName == nil)
    }

    @Test func missingColumnsAndMetricsFollowSkipMissing() {
        for skip in [true, false] {
            let absent = Self.result(.greaterThanNumber(columnName: "nope", number: .integer(0), skipMissing: skip))
            #expect(absent.passed == skip)
            #expect(absent.value == nil)
            #expect(absent.detail.hasPrefix("column not in the profile"))
            let noNumbers = Self.result(.isNonNegative(columnName: "empty", skipMissing: skip))
            #expect(noNumbers.passed == skip)
            #expect(noNumbers.detail.hasPrefix("no numeric values"))
        }
        let noItems = Self.result(.frequentStringsInReferenceSet(columnName: "price", referenceSet: []))
        #expect(!noItems.passed)
        #expect(noItems.detail == "no frequent_items metric")
        #expect(!Self.result(.noMissingValues(columnName: "nope")).passed)
        let conditions = Self.result(.conditionMeets(columnName: "price", conditionName: "positive"))
        #expect(conditions.detail == "no condition_count metric")
        let nothing = Self.result(.nullPercentageBelowNumber(columnName: "empty", number: .integer(1)))
        #expect(!nothing.passed)
        #expect(nothing.detail.hasPrefix("no values (n = 0)"))
    }

    @Test func verbatimMetricsAreReadLikeStandardOnes() throws {
        // A file whose counts namespace lacks components is kept verbatim; condition counts always are.
        let file = ProfileFile(
            datasetTimestampMilliseconds: 0, creationTimestampMilliseconds: 0,
            columns: [
                "c": [
                    "counts/n": MetricComponent(.integer(8)), "counts/null": MetricComponent(.integer(2)),
                    "condition_count/total": MetricComponent(.integer(6)),
                    "condition_count/ok": MetricComponent(.integer(6)),
                    "condition_count/bad": MetricComponent(.integer(1)),
                ]
            ])
        let profile = try DatasetProfile(file: file)
        #expect(profile.columns["c"]?.counts == nil)
        let suite = ConstraintSuite([
            Constraint(.nullValuesBelowNumber(columnName: "c", number: .integer(3))),
            Constraint(.conditionMeets(columnName: "c", conditionName: "ok")),
            Constraint(.conditionNeverMeets(columnName: "c", conditionName: "bad")),
            Constraint(.conditionCountBelow(columnName: "c", conditionName: "bad", maxCount: .integer(1))),
            Constraint(.conditionMeets(columnName: "c", conditionName: "other")),
            Constraint(.rowCountInRange(lower: .integer(8), upper: .integer(8))),
        ])
        let results = suite.check(profile).results
        #expect(results.map(\.passed) == [true, true, false, true, false, true])
        #expect(results[1].value == .counts(["matches": 6, "total": 6]))
        #expect(results[2].detail == "1 of 6 values meet bad")
        #expect(results[4].detail == "no condition named other (conditions: 'bad', 'ok')")
    }

    @Test func theSummaryCountsSeveritiesAndTheVerdict() {
        let pass = ConstraintCheck.noMissingValues(columnName: "n")
        let fail = ConstraintCheck.noMissingValues(columnName: "price")
        func summary(_ constraints: [Constraint]) -> ConstraintReport.Summary {
            ConstraintSuite(constraints).check(Self.profile).summary
        }
        #expect(summary([Constraint(pass)]).verdict == .pass)
        let warned = summary([Constraint(pass), Constraint(fail, severity: .warning)])
        #expect(warned.verdict == .warn)
        #expect(warned.warnings == 1 && warned.failed == 0 && warned.passed == 1)
        let failed = summary([Constraint(fail), Constraint(fail, severity: .warning)])
        #expect(failed.verdict == .fail)
        #expect(failed.failed == 1 && failed.warnings == 1)
        #expect(summary([]).verdict == .pass)
        // Reports of several profiles combine through their results.
        let report = ConstraintSuite([Constraint(fail)]).check(Self.profile)
        let combined = ConstraintReport(results: report.results + report.results)
        #expect(combined.summary.failed == 2)
    }

    @Test func detailsShowEveryDigitWhenRoundingWouldHideTheFailure() {
        var profile = DatasetProfile(datasetTimestampMilliseconds: 0, creationTimestampMilliseconds: 0)
        profile.log(column: "q", ints: [3, 4, 5, 6, 7, 8])
        let suite = ConstraintSuite([
            Constraint(.distinctNumberInRange(columnName: "q", lower: .integer(4), upper: .integer(6)))
        ])
        let result = suite.check(profile).results[0]
        #expect(!result.passed)
        // The HLL estimate of 6 distinct values is a little above 6.
        #expect(result.detail.hasPrefix("distinct estimate 6.0000"), "\(result.detail)")
        #expect(result.detail.hasSuffix("outside [4, 6]"))
    }
}
