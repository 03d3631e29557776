import Profiles
import Testing

/// The significance gate across a report's columns: a wide table must not collect chance alarms.
@Suite struct DriftMultipleTestingTests {
    /// A uniform grid of `count` values on `offset..<offset + 1`.
    static func grid(_ count: Int, offset: Double = 0) -> [Double] {
        (0..<count).map { offset + (Double($0) + 0.5) / Double(count) }
    }

    /// One column shifted by 0.11 (KS 0.11, p ≈ 0.004 at 500 values a side) beside `others`
    /// identical columns.
    static func report(others: Int, configuration: DriftConfiguration = .default) -> DriftReport {
        var reference = DatasetProfile()
        var target = DatasetProfile()
        reference.log(column: "shifted", doubles: grid(500))
        target.log(column: "shifted", doubles: grid(500, offset: 0.11))
        for index in 0..<others {
            reference.log(column: "same\(index)", doubles: grid(500))
            target.log(column: "same\(index)", doubles: grid(500))
        }
        return DriftReport(reference: reference, target: target, configuration: configuration)
    }

    @Test func aBorderlineColumnAloneIsDrift() throws {
        let column = try #require(Self.report(others: 0).columns.first { $0.name == "shifted" })
        let p = try #require(column[.pValue]?.value)
        #expect(p > 0.001 && p < 0.01, "\(p)")
        #expect(column.verdict == .drift)
    }

    @Test func theSameColumnAmongTwentyIsNotSignificantAfterHolm() throws {
        let report = Self.report(others: 20)
        let column = try #require(report.columns.first { $0.name == "shifted" })
        #expect(column.verdict == DriftVerdict.none, "\(column.measurements)")
        #expect(report.summary.verdict == DriftVerdict.none)
    }

    @Test func theProcedureIsConfigurableAndReported() throws {
        let report = Self.report(others: 20)
        #expect(report.multipleTesting == .holm)
        #expect(report.testCount == 21)
        let shifted = try #require(report.columns.first { $0.name == "shifted" })
        let raw = try #require(shifted[.pValue]?.value)
        let adjusted = try #require(shifted[.ks]?.adjustedPValue)
        #expect(abs(adjusted - 21 * raw) < 1e-12)
        var unadjusted = DriftConfiguration()
        try unadjusted.apply(json: Array(#"{"multiple_testing": "none"}"#.utf8))
        let column = Self.report(others: 20, configuration: unadjusted).columns.first { $0.name == "shifted" }
        #expect(column?.verdict == .drift)
        #expect(throws: DriftError.self) {
            try unadjusted.apply(json: Array(#"{"multiple_testing": "bonferroni"}"#.utf8))
        }
    }

    @Test func verdictsNameTheirMetricAndGatedMetricsSayWhy() throws {
        let alone = try #require(Self.report(others: 0).columns.first { $0.name == "shifted" })
        #expect(alone.decidedBy == .ks)
        let among = try #require(Self.report(others: 20).columns.first { $0.name == "shifted" })
        #expect(among.decidedBy == nil)
        let reason = try #require(among[.ks]?.notScoredReason)
        #expect(reason.hasPrefix("not significant: p = 0.0"), "\(reason)")
        #expect(reason.hasSuffix("≥ 0.01, Holm across 21 tests"), "\(reason)")
        #expect(among.notScored.map(\.metric).contains(.wasserstein))
        let same = try #require(Self.report(others: 20).columns.first { $0.name == "same0" })
        #expect(same.notScored.isEmpty)
    }
}
