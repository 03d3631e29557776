import Profiles
import SketchbookTestSupport
import Sketches
import Testing

@Suite struct ModelStatisticsTests {
    static func naive(_ values: [Double]) -> (mean: Double, m2: Double) {
        let mean = values.reduce(0, +) / Double(values.count)
        return (mean, values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) })
    }

    static func close(_ a: Double, _ b: Double, relative: Double = 1e-12) -> Bool {
        abs(a - b) <= relative * max(abs(a), abs(b), 1e-300)
    }

    static func randomValues(seed: UInt64, count: Int) -> [Double] {
        var random = SplitMix64(seed: seed)
        return (0..<count).map { _ in Double.random(in: -1000...1000, using: &random) * 3 + 50 }
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func welfordRowLoggingMatchesATwoPassComputation(seed: UInt64) {
        let values = Self.randomValues(seed: seed, count: 2000)
        var column = ColumnProfile(type: .fractional)
        for value in values { column.log(.double(value)) }
        let (mean, m2) = Self.naive(values)
        #expect(Self.close(column.distribution!.mean, mean), "seed \(seed)")
        #expect(Self.close(column.distribution!.m2, m2), "seed \(seed)")
    }

    @Test(arguments: [UInt64(4), 5, 6])
    func chanBatchCombineMatchesATwoPassComputation(seed: UInt64) {
        let values = Self.randomValues(seed: seed, count: 20_000)
        var random = SplitMix64(seed: seed)
        var column = ColumnProfile(type: .fractional)
        var start = 0
        while start < values.count {
            let length = min(Int.random(in: 1...3000, using: &random), values.count - start)
            column.log(doubles: Array(values[start..<(start + length)]))
            start += length
        }
        let (mean, m2) = Self.naive(values)
        #expect(Self.close(column.distribution!.mean, mean), "seed \(seed)")
        #expect(Self.close(column.distribution!.m2, m2), "seed \(seed)")
        #expect(column.distribution!.n == values.count)
    }

    @Test func intBatchesAndBooleansCombineLikeTheirValues() {
        var column = ColumnProfile(type: .integral)
        column.log(ints: [1, 2, 3, 4])
        column.log(bools: Array(repeating: true, count: 2500) + Array(repeating: false, count: 1))
        var values: [Double] = [1, 2, 3, 4]
        values += Array(repeating: 1, count: 2500) + [0]
        let (mean, m2) = Self.naive(values)
        #expect(Self.close(column.distribution!.mean, mean))
        #expect(Self.close(column.distribution!.m2, m2))
    }

    // MARK: - Merge

    /// A dataset of mixed columns, cut into `parts` seeded pieces.
    static func parts(seed: UInt64, rows: Int, parts: Int) -> (whole: DatasetProfile, pieces: [DatasetProfile]) {
        var random = SplitMix64(seed: seed)
        let ints = (0..<rows).map { _ in Int64.random(in: -500...500, using: &random) }
        let doubles = (0..<rows).map { _ in
            Bool.random(using: &random) ? Double.random(in: -1...1, using: &random) : .nan
        }
        let strings = (0..<rows).map { _ in
            Int.random(in: 0..<10, using: &random) == 0 ? nil : "v\(Int.random(in: 0..<300, using: &random))"
        }
        let bools = (0..<rows).map { _ in Bool.random(using: &random) }
        var cuts = (0..<(parts - 1)).map { _ in Int.random(in: 0...rows, using: &random) }.sorted()
        cuts = [0] + cuts + [rows]
        func profile(_ range: Range<Int>) -> DatasetProfile {
            var profile = DatasetProfile(
                datasetTimestampMilliseconds: 1000 + UInt64(range.lowerBound),
                creationTimestampMilliseconds: 100_000 - UInt64(range.lowerBound))
            profile.log(column: "i", ints: Array(ints[range]))
            profile.log(column: "d", doubles: Array(doubles[range]))
            profile.log(column: "s", strings: Array(strings[range]))
            profile.log(column: "b", bools: bools[range].map { $0 })
            return profile
        }
        return (profile(0..<rows), (0..<parts).map { profile(cuts[$0]..<cuts[$0 + 1]) })
    }

    static func expectSameStatistics(_ a: DatasetProfile, _ b: DatasetProfile, _ message: String) {
        #expect(Set(a.columns.keys) == Set(b.columns.keys), "\(message)")
        for (name, x) in a.columns {
            guard let y = b.columns[name] else { continue }
            #expect(x.counts == y.counts, "\(message) \(name)")
            #expect(x.types == y.types, "\(message) \(name)")
            #expect(x.ints == y.ints, "\(message) \(name)")
            if let dx = x.distribution, let dy = y.distribution {
                #expect(dx.n == dy.n, "\(message) \(name)")
                #expect(close(dx.mean, dy.mean), "\(message) \(name) mean \(dx.mean) vs \(dy.mean)")
                #expect(close(dx.m2, dy.m2, relative: 1e-10), "\(message) \(name) m2")
                #expect(dx.kll.minItem == dy.kll.minItem && dx.kll.maxItem == dy.kll.maxItem, "\(message) \(name)")
            }
            if let cx = x.cardinality, let cy = y.cardinality {
                #expect(cx.estimate >= cy.hll.lowerBound(standardDeviations: 3), "\(message) \(name)")
                #expect(cx.estimate <= cy.hll.upperBound(standardDeviations: 3), "\(message) \(name)")
            }
            if let fx = x.frequentItems, let fy = y.frequentItems {
                #expect(fx.sketch.totalWeight == fy.sketch.totalWeight, "\(message) \(name)")
            }
        }
    }

    @Test(arguments: [UInt64(11), 12, 13])
    func mergingPartsGivesTheStatisticsOfTheWhole(seed: UInt64) {
        let (whole, pieces) = Self.parts(seed: seed, rows: 6000, parts: 4)
        let leftFold = pieces.dropFirst().reduce(pieces[0]) { $0.merging($1) }
        let rightFold = pieces.dropLast().reversed().reduce(pieces.last!) { $1.merging($0) }
        let shuffled = [pieces[2], pieces[0], pieces[3], pieces[1]]
        let tree = shuffled[0].merging(shuffled[1]).merging(shuffled[2].merging(shuffled[3]))
        Self.expectSameStatistics(leftFold, whole, "seed \(seed) left fold")
        Self.expectSameStatistics(rightFold, whole, "seed \(seed) right fold")
        Self.expectSameStatistics(tree, whole, "seed \(seed) shuffled tree")
        #expect(leftFold.datasetTimestampMilliseconds == 1000)
        #expect(tree.datasetTimestampMilliseconds == 1000)
        #expect(tree.creationTimestampMilliseconds == leftFold.creationTimestampMilliseconds)
    }

    @Test func mergeTakesTheColumnUnionAndKeepsOneSidedColumns() {
        var a = DatasetProfile()
        a.log(column: "x", ints: [1])
        var b = DatasetProfile()
        b.log(column: "y", strings: ["q"])
        let merged = a.merging(b)
        #expect(Set(merged.columns.keys) == ["x", "y"])
        #expect(merged.columns["y"]?.columnType == .string)
    }

    @Test func mergeOfEmptyDistributionsKeepsZeroMeanAndM2() {
        var a = DistributionMetric()
        a.merge(DistributionMetric())
        #expect(a.mean == 0 && a.m2 == 0 && a.n == 0)
    }

    @Test func intsMergeByMinAndMaxNotSum() {
        var a = ColumnProfile(type: .integral)
        a.log(ints: [5])
        var b = ColumnProfile(type: .integral)
        b.log(ints: [7])
        let merged = a.merging(b)
        #expect(merged.ints?.max == 7)
        #expect(merged.ints?.min == 5)
    }

    @Test func cardinalityMergeUsesTheLargerLgKAndTargetType() {
        var a = CardinalityMetric(lgK: 10)
        a.hll.update(Int64(1))
        var b = CardinalityMetric(hll: HLLSketch(lgK: 12, targetType: .hll8))
        b.hll.update(Int64(2))
        a.merge(b)
        #expect(a.hll.lgK == 12)
        #expect(a.hll.targetType == .hll8)
        #expect(a.estimate.rounded() == 2)
    }

    @Test func metadataMergeLetsTheRightSideWin() {
        var a = DatasetProfile(metadata: ["k": "a", "only_a": "1"])
        let b = DatasetProfile(metadata: ["k": "b"])
        a.merge(b)
        #expect(a.metadata == ["k": "b", "only_a": "1"])
    }
}
