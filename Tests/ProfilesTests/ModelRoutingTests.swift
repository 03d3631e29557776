import Profiles
import Sketches
import Testing

@Suite struct ModelRoutingTests {
    @Test(arguments: [
        (FeatureValue.bool(true), ColumnType.integral), (.int(3), .integral), (.double(1.5), .fractional),
        (.double(.nan), .fractional), (.string(""), .string), (.null, .any), (.bytes([1]), .any),
    ])
    func rowLoggingResolvesTheTypeFromTheFirstValue(value: FeatureValue, type: ColumnType) {
        var profile = DatasetProfile()
        profile.log(row: ["c": value])
        #expect(profile.columns["c"]?.columnType == type)
    }

    @Test func metricSetsFollowTheResolvedType() {
        #expect(
            ColumnProfile(type: .integral).metricNamespaces == [
                "counts", "types", "distribution", "ints", "cardinality", "frequent_items",
            ])
        #expect(
            ColumnProfile(type: .fractional).metricNamespaces == ["counts", "types", "distribution", "cardinality"])
        #expect(
            ColumnProfile(type: .string).metricNamespaces == [
                "counts", "types", "distribution", "cardinality", "frequent_items",
            ])
        #expect(ColumnProfile(type: .any).metricNamespaces == ["counts", "types"])
    }

    @Test func theMetricSetIsFixedWhenTheColumnIsFirstSeen() {
        var profile = DatasetProfile()
        profile.log(row: ["c": .null])
        profile.log(row: ["c": .int(5)])
        let column = profile.columns["c"]!
        #expect(column.metricNamespaces == ["counts", "types"])
        #expect(column.counts?.n == 2)
        #expect(column.counts?.null == 1)
        #expect(column.types?.integral == 1)
    }

    @Test func boolColumnsAreIntegralAndBoolsWithNullsAreString() {
        var profile = DatasetProfile()
        profile.log(column: "b", bools: [true, false, true])
        profile.log(column: "bn", bools: [true, nil, false])
        #expect(profile.columns["b"]?.columnType == .integral)
        #expect(profile.columns["bn"]?.columnType == .string)
        let b = profile.columns["b"]!
        #expect(b.counts?.true == 2)
        #expect(b.types?.boolean == 3)
        #expect(b.types?.integral == 0)
        #expect(b.ints?.max == IntsMetric.emptyMax)
        #expect(b.ints?.min == IntsMetric.emptyMin)
        #expect(b.distribution?.n == 3)
        #expect(abs(b.distribution!.mean - 2.0 / 3.0) < 1e-15)
        #expect(b.cardinality?.estimate.rounded() == 2)
        let bn = profile.columns["bn"]!
        #expect(bn.counts?.null == 1)
        #expect(bn.counts?.n == 3)
        #expect(bn.types?.boolean == 2)
    }

    @Test func nanInADoubleColumnIsNullAndNanAndReachesNoSketch() {
        var profile = DatasetProfile()
        profile.log(column: "f", doubles: [1, .nan, .infinity, -.infinity, 2, .nan])
        let column = profile.columns["f"]!
        #expect(column.counts?.n == 6)
        #expect(column.counts?.null == 2)
        #expect(column.counts?.nan == 2)
        #expect(column.counts?.inf == 2)
        #expect(column.types?.fractional == 4)
        #expect(column.distribution?.n == 4)
        #expect(column.distribution?.mean.isNaN == true)  // +inf and -inf
        #expect(column.cardinality?.estimate.rounded() == 4)
        #expect(column.frequentItems == nil)
    }

    @Test func nanInRowLoggingStillReachesTheFloatsAndMakesTheMeanNaN() {
        var profile = DatasetProfile()
        profile.log(row: ["f": .double(1)])
        profile.log(row: ["f": .double(.nan)])
        profile.log(row: ["f": .double(3)])
        let column = profile.columns["f"]!
        #expect(column.counts?.null == 1)
        #expect(column.counts?.nan == 1)
        #expect(column.types?.fractional == 3)
        #expect(column.distribution?.n == 2)  // the sketch ignores NaN
        #expect(column.distribution?.mean.isNaN == true)
    }

    @Test func infinityCountsAsInfAndFractional() {
        var profile = DatasetProfile()
        profile.log(row: ["f": .double(.infinity)])
        profile.log(row: ["f": .double(-.infinity)])
        let column = profile.columns["f"]!
        #expect(column.counts?.inf == 2)
        #expect(column.types?.fractional == 2)
        #expect(column.distribution?.kll.minItem == -.infinity)
        #expect(column.distribution?.kll.maxItem == .infinity)
    }

    @Test func emptyStringsAreCountedButIgnoredByTheHLL() {
        var profile = DatasetProfile()
        profile.log(column: "s", strings: ["", "", "a", nil])
        let column = profile.columns["s"]!
        #expect(column.counts?.n == 4)
        #expect(column.counts?.null == 1)
        #expect(column.types?.string == 3)
        #expect(column.cardinality?.estimate.rounded() == 1)
        #expect(column.frequentItems?.sketch.estimate(of: "") == 2)
        #expect(column.distribution?.n == 0)
    }

    @Test func longStringsAreCutForFrequentItemsButHashedWholeForCardinality() {
        let prefix = String(repeating: "é", count: 128)
        var profile = DatasetProfile()
        profile.log(column: "s", strings: [prefix + "x", prefix + "y"])
        let column = profile.columns["s"]!
        #expect(column.frequentItems?.sketch.estimate(of: prefix) == 2)
        #expect(column.cardinality?.estimate.rounded() == 2)
    }

    @Test func intsFeedMinMaxDistributionCardinalityAndDecimalFrequentItems() {
        var profile = DatasetProfile()
        profile.log(column: "i", ints: [3, -1, 7, 7])
        let column = profile.columns["i"]!
        #expect(column.ints?.min == -1)
        #expect(column.ints?.max == 7)
        #expect(column.types?.integral == 4)
        #expect(column.frequentItems?.sketch.estimate(of: "7") == 2)
        #expect(column.frequentItems?.sketch.estimate(of: "-1") == 1)
        #expect(column.distribution?.mean == 4)
    }

    @Test func mixedValuesAreClassifiedOneByOne() {
        var profile = DatasetProfile()
        profile.log(
            column: "o",
            values: [
                .int(1), .double(2.5), .double(.nan), .bool(true), .string("x"), .null, .bytes([0]), .double(.infinity),
            ])
        let column = profile.columns["o"]!
        #expect(column.columnType == .string)
        #expect(column.counts?.n == 8)
        #expect(column.counts?.null == 2)
        #expect(column.counts?.nan == 1)
        #expect(column.counts?.inf == 1)
        #expect(column.counts?.true == 1)
        #expect(column.types?.integral == 1)
        #expect(column.types?.fractional == 2)
        #expect(column.types?.boolean == 1)
        #expect(column.types?.string == 1)
        #expect(column.types?.object == 1)
        #expect(column.distribution?.n == 4)  // 2.5, inf, 1, true
        #expect(column.frequentItems?.sketch.estimate(of: "2.500000") == 1)
        #expect(column.frequentItems?.sketch.estimate(of: "inf") == 1)
        #expect(column.frequentItems?.sketch.estimate(of: "True") == 1)
        #expect(column.frequentItems?.sketch.estimate(of: "1") == 1)
    }

    @Test func singleValuesOfOtherKindsUpdateWhicheverMetricsTheColumnHas() {
        var profile = DatasetProfile()
        profile.log(row: ["c": .int(1)])
        profile.log(row: ["c": .double(2.5)])
        profile.log(row: ["c": .bool(false)])
        profile.log(row: ["c": .string("s")])
        let column = profile.columns["c"]!
        #expect(column.columnType == .integral)
        #expect(column.ints?.max == 1)
        #expect(column.distribution?.n == 3)
        #expect(column.frequentItems?.sketch.estimate(of: "2.500000") == 1)
        #expect(column.frequentItems?.sketch.estimate(of: "False") == 1)
        #expect(column.frequentItems?.sketch.estimate(of: "s") == 1)
        #expect(column.types?.string == 1)
    }

    /// whylogs 1.6.4, `why.log(pd.DataFrame({"m": pd.Series([1, 2.5, "text", True, None, b"ab",
    /// float("nan"), 3, False, "text", -0.0, float("inf"), 7, 2.5], dtype=object)}))`: every
    /// component (integers in decimal, doubles as `float.hex()`, sketches as hex).
    static let mixedObjectColumn: [String: String] = [
        "cardinality/hll": "0201070c030807002bf2fb0675816607c1e917054aa92810cbd7c204289edb042f3e970c",
        "counts/inf": "1",
        "counts/n": "14",
        "counts/nan": "1",
        "counts/null": "2",
        "counts/true": "1",
        "distribution/kll":
            "06010f000004080009000000000000000004010000000000f70300000000000000000080000000000000f07f0000000000000000000000000000f03f0000000000001c400000000000000840000000000000f03f0000000000000440000000000000f07f00000000000000800000000000000440",
        "distribution/m2": "nan",
        "distribution/mean": "nan",
        "frequent_items/frequent_strings":
            "04010a0a0400000009000000000000000b000000000000000000000000000000010000000000000002000000000000000100000000000000010000000000000001000000000000000100000000000000010000000000000002000000000000000100000000000000040000005472756508000000322e353030303030010000003303000000696e6601000000370500000046616c7365090000002d302e30303030303004000000746578740100000031",
        "types/boolean": "2",
        "types/fractional": "4",
        "types/integral": "3",
        "types/object": "1",
        "types/string": "2",
        "types/tensor": "0",
    ]

    @Test func anObjectColumnMatchesWhylogsByteForByte() throws {
        var profile = DatasetProfile()
        profile.log(
            column: "m",
            values: [
                .int(1), .double(2.5), .string("text"), .bool(true), .null, .bytes(Array("ab".utf8)), .double(.nan),
                .int(3), .bool(false), .string("text"), .double(-0.0), .double(.infinity), .int(7), .double(2.5),
            ])
        let components = try #require(profile.file.columns["m"])
        #expect(Set(components.keys) == Set(Self.mixedObjectColumn.keys))
        for (path, expected) in Self.mixedObjectColumn {
            let actual: String
            switch components[path]?.value {
            case .integer(let value)?: actual = "\(value)"
            case .double(let value)?:
                actual =
                    value.isNaN
                    ? "nan"
                    : Double(expected).map { $0.bitPattern == value.bitPattern ? expected : "\(value)" } ?? "\(value)"
            case .kll(let bytes)?, .hll(let bytes)?, .frequentItems(let bytes)?:
                actual = bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
            default: actual = "?"
            }
            #expect(actual == expected, "\(path)")
        }
    }
}
