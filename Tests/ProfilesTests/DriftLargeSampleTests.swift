import Foundation
import Profiles
import SketchbookTestSupport
import Testing

/// At a million rows per side every real difference is significant and the sketches are past
/// exact mode: the thresholds decide, and the sketches' error bounds show.
@Suite struct DriftLargeSampleTests {
    /// Seeded normal draws (Box–Muller).
    static func normal(seed: UInt64, count: Int, mean: Double = 0) -> [Double] {
        var random = SplitMix64(seed: seed)
        return (0..<count).map { _ in
            let u = Double.random(in: Double.ulpOfOne..<1, using: &random)
            let v = Double.random(in: 0..<1, using: &random)
            return mean + (-2 * Foundation.log(u)).squareRoot() * Foundation.cos(2 * Double.pi * v)
        }
    }

    static func report(shift: Double, seed: UInt64) -> ColumnDrift {
        var reference = DatasetProfile()
        reference.log(column: "x", doubles: Self.normal(seed: seed, count: 1_000_000))
        var target = DatasetProfile()
        target.log(column: "x", doubles: Self.normal(seed: seed + 1, count: 1_000_000, mean: shift))
        return DriftReport(reference: reference, target: target).columns[0]
    }

    @Test func aMillionRowsFromOneDistributionAreNotDrift() throws {
        let column = Self.report(shift: 0, seed: 21)
        let ks = try #require(column[.ks])
        #expect((ks.errorBound ?? 0) > 0, "the KLL sketches are past exact mode")
        #expect(column.verdict == .none, "seed 21: \(column.measurements)")
    }

    @Test func aSignificantButSmallShiftAtAMillionRowsIsBelowTheThresholds() throws {
        // 0.02 σ: KS ≈ 0.008, significant at a million rows per side, far below every threshold.
        let column = Self.report(shift: 0.02, seed: 23)
        let p = try #require(column[.pValue])
        #expect(p.value < 0.01, "seed 23: \(p)")
        #expect(column.verdict == .none, "seed 23: \(column.measurements)")
    }

    @Test func aHalfSigmaShiftAtAMillionRowsIsDrift() throws {
        let column = Self.report(shift: 0.5, seed: 25)
        #expect(column[.ks]?.verdict == .drift, "seed 25: \(column.measurements)")
        #expect(column.verdict == .drift)
    }
}
