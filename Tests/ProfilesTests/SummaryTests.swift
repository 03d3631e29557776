import Profiles
import Sketches
import Testing

@Suite struct SummaryTests {
    @Test func integerColumnSummaryHasHandCheckedValues() throws {
        var profile = DatasetProfile()
        profile.log(column: "x", ints: [5, 1, 4, 2, 3])
        let summary = try #require(profile.summary().first)
        #expect(summary.column == "x")
        #expect(summary["counts/n"] == .int(5))
        #expect(summary["distribution/n"] == .int(5))
        #expect(summary["distribution/mean"] == .double(3))
        #expect(summary["distribution/stddev"] == .double((10.0 / 4).squareRoot()))
        #expect(summary["distribution/min"] == .double(1))
        #expect(summary["distribution/max"] == .double(5))
        // Exclusive rule: target ⌊r·5⌋, first item whose exclusive cumulative weight ≥ target.
        let expected: [(String, Double)] = [
            ("q_01", 1), ("q_05", 1), ("q_10", 1), ("q_25", 2), ("median", 3), ("q_75", 4), ("q_90", 5),
            ("q_95", 5), ("q_99", 5),
        ]
        for (key, value) in expected { #expect(summary["distribution/\(key)"] == .double(value), "\(key)") }
        #expect(summary["ints/max"] == .int(5))
        #expect(summary["ints/min"] == .int(1))
        #expect(summary["cardinality/est"]?.doubleValue.map { abs($0 - 5) < 0.01 } == true)
        #expect(summary["cardinality/lower_1"] == .double(5))
        #expect(summary["type"] == .string("SummaryType.COLUMN"))
        #expect(summary.keys == summary.keys.sorted())
        #expect(summary.keys.count == 32)  // 5 counts, 6 types, 14 distribution, 2 ints, 3 cardinality, 1 FI, type
    }

    @Test func medianFollowsTheSpecExample() throws {
        var profile = DatasetProfile()
        profile.log(column: "x", doubles: [1, 2, 2, 3, 4])
        let summary = try #require(profile.summary().first)
        #expect(summary["distribution/median"] == .double(2))
        #expect(summary["distribution/q_25"] == .double(2))  // ⌊1.25⌋ = 1 → the first 2
        #expect(summary["distribution/q_75"] == .double(3))  // ⌊3.75⌋ = 3 → 3
    }

    @Test func emptyDistributionHasNoneQuantilesAndNaNExtremes() throws {
        var profile = DatasetProfile()
        profile.log(column: "s", strings: ["a", "a", "b"])
        let summary = try #require(profile.summary().first)
        #expect(summary["distribution/n"] == .int(0))
        #expect(summary["distribution/mean"] == .double(0))
        #expect(summary["distribution/stddev"] == .double(0))
        #expect(summary["distribution/min"]?.doubleValue?.isNaN == true)
        #expect(summary["distribution/max"]?.doubleValue?.isNaN == true)
        #expect(summary["distribution/median"] == .null)
        #expect(summary["distribution/q_01"] == .null)
        #expect(summary["ints/max"] == nil)
        #expect(
            summary["frequent_items/frequent_strings"]
                == .frequentItems([
                    FrequentItemSummary(value: "a", estimate: 2, upperBound: 2, lowerBound: 2),
                    FrequentItemSummary(value: "b", estimate: 1, upperBound: 1, lowerBound: 1),
                ]))
    }

    @Test func singleValueStddevIsZero() throws {
        var profile = DatasetProfile()
        profile.log(row: ["x": .double(7)])
        #expect(try #require(profile.summary().first)["distribution/stddev"] == .double(0))
    }

    @Test func frequentItemsAfterPurgesKeepItemsAboveTheOffset() throws {
        var column = ColumnProfile(type: .string)
        column.frequentItems = FrequentItemsMetric(lgMaxMapSize: 3)
        var values: [String?] = Array(repeating: "hot", count: 50)
        values += (0..<40).map { "cold\($0)" }
        column.log(strings: values)
        let offset = Int64(column.frequentItems!.sketch.maximumError)
        #expect(offset > 0)
        guard case .frequentItems(let rows)? = column.summary(column: "c")["frequent_items/frequent_strings"] else {
            Issue.record("no frequent items")
            return
        }
        #expect(rows.first?.value == "hot")
        for row in rows {
            #expect(row.lowerBound > offset)
            #expect(row.estimate == row.lowerBound + offset)
            #expect(row.upperBound == row.estimate)
        }
        #expect(zip(rows, rows.dropFirst()).allSatisfy { $0.estimate >= $1.estimate })
    }

    @Test func summariesAreSortedByColumnNameInUnicodeScalarOrder() {
        var profile = DatasetProfile()
        for name in ["b", "B", "a", "é", "Z"] { profile.log(row: [name: .int(1)]) }
        #expect(profile.summary().map(\.column) == ["B", "Z", "a", "b", "é"])
    }

    @Test func uncompoundedDuplicatesOfMultimetricsAreHidden() throws {
        var profile = DatasetProfile()
        var image = ColumnProfile()
        image.otherComponents["image/ImagePixelWidth:ints/max"] = MetricComponent(typeID: 2, .integer(640))
        profile.columns["image"] = image
        profile.log(column: "image.ImagePixelWidth", ints: [640])
        profile.log(column: "image.Other", ints: [1])
        #expect(profile.summary().map(\.column) == ["image", "image.Other"])
        let summary = try #require(profile.summary().first)
        #expect(summary["image/ImagePixelWidth:ints/max"] == .int(640))
    }
}
