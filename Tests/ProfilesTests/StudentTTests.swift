import Testing

@testable import Profiles

/// Student's t two-sided p-values against scipy 1.13 (`2 * scipy.stats.t.sf(t, nu)`).
@Suite struct StudentTTests {
    @Test(arguments: [
        (1.0, 1.0, 0.5000000000000001),
        (2.0, 3.0, 0.09546596626670913),
        (6.0, 3.2, 0.018600059024840136),
        (6.0, 10.0, 5.7919827549536234e-05),
        (13.0, 2.5, 0.026588782810857463),
        (30.0, 4.0, 0.0003818456360837564),
        (100.0, 0.5, 0.6181735658308866),
        (5.0, 0.0, 1.0),
        (9.0, 25.0, 1.2589450378990368e-09),
    ])
    func pValueEqualsScipy(_ nu: Double, _ t: Double, _ expected: Double) {
        let p = _StudentT.twoSidedPValue(t, degreesOfFreedom: nu)
        #expect(abs(p - expected) <= 1e-10 * expected + 1e-15, "ν \(nu), t \(t): \(p) vs \(expected)")
        #expect(_StudentT.twoSidedPValue(-t, degreesOfFreedom: nu) == p, "symmetric")
    }

    @Test func edgesAreDefined() {
        #expect(_StudentT.twoSidedPValue(.infinity, degreesOfFreedom: 3) == 0)
        #expect(_StudentT.twoSidedPValue(1, degreesOfFreedom: 0).isNaN)
        #expect(_StudentT.twoSidedPValue(.nan, degreesOfFreedom: 4).isNaN)
    }
}
