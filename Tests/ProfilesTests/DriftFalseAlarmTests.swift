import Profiles
import Testing

/// Drift that is not there: two samples of one distribution that today's metrics misread.
@Suite struct DriftFalseAlarmTests {
    @Test func integralAndFractionalAreOneNumericClass() throws {
        // One half of a column happens to hold only whole numbers (read as integers), the other
        // half has fractions (read as floats): the same numbers, not a change of type.
        var reference = DatasetProfile()
        reference.log(column: "v", ints: (0..<1000).map { Int64($0 % 50) })
        var target = DatasetProfile()
        target.log(column: "v", doubles: (0..<1000).map { Double($0 % 50) + ($0 % 7 == 0 ? 0.5 : 0) })
        let column = DriftReport(reference: reference, target: target).columns[0]
        let change = try #require(column[.typeMixChange])
        #expect(abs(change.value) < 1e-12)
        #expect(change.verdict == .none)
    }

    @Test func numbersTurningIntoBooleansStillCount() throws {
        var reference = DatasetProfile()
        reference.log(column: "v", ints: (0..<1000).map { Int64($0 % 2) })
        var target = DatasetProfile()
        target.log(column: "v", values: (0..<1000).map { $0 % 2 == 0 ? FeatureValue.bool(true) : .int(1) })
        let change = try #require(DriftReport(reference: reference, target: target).columns[0][.typeMixChange])
        #expect(abs(change.value - 0.5) < 1e-12)
        #expect(change.verdict == .drift)
    }
}
