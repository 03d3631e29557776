import Profiles
import SketchbookTestSupport
import Sketches
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Drift between profiles of seeded synthetic data whose truth is known.
@Suite struct DriftReportTests {
    /// Standard normal draws (Box–Muller) from a seeded generator.
    static func normals(seed: UInt64, count: Int, mean: Double = 0, stddev: Double = 1) -> [Double] {
        var random = SplitMix64(seed: seed)
        return (0..<count).map { _ in
            let u = Double.random(in: Double.ulpOfOne..<1, using: &random)
            let v = Double.random(in: 0..<1, using: &random)
            return mean + stddev * (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
        }
    }

    /// Categories drawn with the given weights.
    static func categories(seed: UInt64, count: Int, weights: [(String, Double)], nullShare: Double = 0) -> [String?] {
        var random = SplitMix64(seed: seed)
        let total = weights.reduce(0) { $0 + $1.1 }
        return (0..<count).map { _ in
            if Double.random(in: 0..<1, using: &random) < nullShare { return nil }
            var x = Double.random(in: 0..<total, using: &random)
            for (name, weight) in weights {
                if x < weight { return name }
                x -= weight
            }
            return weights[weights.count - 1].0
        }
    }

    static let colours: [(String, Double)] = [("red", 5), ("green", 3), ("blue", 2)]

    static func profile(
        seed: UInt64, count: Int = 20_000, mean: Double = 0, colours: [(String, Double)] = colours
    )
        -> DatasetProfile
    {
        var profile = DatasetProfile(datasetTimestampMilliseconds: 0, creationTimestampMilliseconds: 0)
        profile.compactionCoin = .seeded(seed)
        profile.log(column: "x", doubles: normals(seed: seed, count: count, mean: mean))
        profile.log(column: "colour", strings: categories(seed: seed &+ 1, count: count, weights: colours))
        return profile
    }

    @Test func sameDistributionGivesNoDriftOnEveryColumn() {
        let report = DriftReport(reference: Self.profile(seed: 1), target: Self.profile(seed: 2))
        for column in report.columns {
            #expect(column.verdict == .none, "\(column.name): \(column.measurements)")
        }
        #expect(report.summary.verdict == .none)
        #expect(report.columns.map(\.name) == ["colour", "x"])
        #expect(report.columns[0].kind == .categorical)
        #expect(report.columns[1].kind == .numeric)
    }

    @Test func meanShiftedByOneSigmaIsDriftOnKSAndPSI() throws {
        let report = DriftReport(reference: Self.profile(seed: 1), target: Self.profile(seed: 2, mean: 1))
        let x = try #require(report.columns.first { $0.name == "x" })
        #expect(x.verdict == .drift)
        // Φ(0.5) − Φ(−0.5) ≈ 0.383 is the exact KS distance between N(0,1) and N(1,1).
        let ks = try #require(x[.ks])
        #expect(abs(ks.value - 0.383) < 0.03)
        #expect(ks.verdict == .drift)
        #expect(try #require(x[.psi]).verdict == .drift)
        // W1 between the two normals is exactly the shift, 1σ.
        #expect(abs(try #require(x[.wasserstein]).value - 1) < 0.05)
        #expect(report.columns.first { $0.name == "colour" }?.verdict == DriftVerdict.none)
    }

    @Test func ksFromSketchesIsWithinTheStatedBoundOfTheExactKS() throws {
        let count = 60_000
        let a = Self.normals(seed: 11, count: count)
        let b = Self.normals(seed: 12, count: count, mean: 0.08)
        var reference = DatasetProfile()
        reference.compactionCoin = .seeded(3)
        reference.log(column: "x", doubles: a)
        var target = DatasetProfile()
        target.compactionCoin = .seeded(4)
        target.log(column: "x", doubles: b)
        let ks = try #require(DriftReport(reference: reference, target: target).columns[0][.ks])
        let bound = try #require(ks.errorBound)
        #expect(bound > 0 && bound < 0.01)  // both sketches in estimation mode, k = 1024
        #expect(abs(ks.value - Self.exactKS(a, b)) <= bound, "D̂ \(ks.value) exact \(Self.exactKS(a, b)) ± \(bound)")
    }

    /// The exact two-sample KS distance of raw data.
    static func exactKS(_ a: [Double], _ b: [Double]) -> Double {
        let x = a.sorted()
        let y = b.sorted()
        var i = 0
        var j = 0
        var d = 0.0
        while i < x.count && j < y.count {
            let v = min(x[i], y[j])
            while i < x.count && x[i] <= v { i += 1 }
            while j < y.count && y[j] <= v { j += 1 }
            d = max(d, abs(Double(i) / Double(x.count) - Double(j) / Double(y.count)))
        }
        return d
    }

    @Test func aNewCategoryShowsAsUnseenShare() throws {
        let shifted = Self.colours + [("purple", 2.5)]  // purple is 20% of the target
        let report = DriftReport(reference: Self.profile(seed: 1), target: Self.profile(seed: 2, colours: shifted))
        let colour = try #require(report.columns.first { $0.name == "colour" })
        let unseen = try #require(colour[.unseenShare])
        #expect(abs(unseen.value - 0.2) < 0.02)
        #expect(unseen.errorBound == 0)
        #expect(unseen.verdict == .drift)
        #expect(colour.verdict == .drift)
        #expect(try #require(colour[.lInfinity]).value > 0.1)
        #expect(try #require(colour[.chiSquare]).threshold == nil)
    }

    @Test func aNullRateJumpIsDrift() throws {
        var reference = DatasetProfile()
        reference.log(
            column: "c", strings: Self.categories(seed: 5, count: 10_000, weights: Self.colours, nullShare: 0.01))
        var target = DatasetProfile()
        target.log(column: "c", strings: Self.categories(seed: 6, count: 10_000, weights: Self.colours, nullShare: 0.3))
        let column = DriftReport(reference: reference, target: target).columns[0]
        let change = try #require(column[.nullRateChange])
        #expect(abs(change.value - 0.29) < 0.02)
        #expect(change.verdict == .drift)
        #expect(column.verdict == .drift)
    }

    @Test func aMissingColumnIsDriftAndAnAddedColumnIsReported() {
        var reference = Self.profile(seed: 1)
        reference.log(column: "only_reference", doubles: [1, 2, 3])
        var target = Self.profile(seed: 2)
        target.log(column: "only_target", doubles: [1, 2, 3])
        let report = DriftReport(reference: reference, target: target)
        let summary = report.summary
        #expect(summary.missing == ["only_reference"])
        #expect(summary.added == ["only_target"])
        #expect(report.columns.first { $0.name == "only_reference" }?.verdict == .drift)
        #expect(report.columns.first { $0.name == "only_target" }?.verdict == DriftVerdict.none)
        #expect(summary.verdict == .drift)
        var lenient = DriftConfiguration()
        lenient.missingColumnIsDrift = false
        #expect(DriftReport(reference: reference, target: target, configuration: lenient).summary.verdict == .none)
    }

    @Test func typeMixChangeSeesNumbersTurningIntoStrings() throws {
        var reference = DatasetProfile()
        reference.log(column: "v", values: (0..<1000).map { FeatureValue.double(Double($0)) })
        var target = DatasetProfile()
        target.log(
            column: "v", values: (0..<1000).map { $0 % 4 == 0 ? FeatureValue.string("n/a") : .double(Double($0)) })
        let column = DriftReport(reference: reference, target: target).columns[0]
        let change = try #require(column[.typeMixChange])
        #expect(abs(change.value - 0.25) < 1e-12)
        #expect(change.verdict == .drift)
    }

    @Test func identicalProfilesHaveZeroDistances() throws {
        let profile = Self.profile(seed: 9)
        let report = DriftReport(reference: profile, target: profile)
        for column in report.columns {
            for measurement in column.measurements where ![.distinctRatio, .pValue].contains(measurement.metric) {
                #expect(abs(measurement.value) < 1e-12, "\(column.name) \(measurement.metric)")
            }
            #expect(column[.distinctRatio]?.value == 1)
            #expect(column[.pValue].map { $0.value == 1 } ?? true, "\(column.name): p-value")
        }
    }
}
