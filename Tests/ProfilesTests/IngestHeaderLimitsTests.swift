import Foundation
import SketchbookTestSupport
import Testing

@testable import Profiles

/// The header row at scale: repeated names are renamed as pandas renames them in linear time.
@Suite struct IngestHeaderLimitsTests {
    /// The renaming as first written (quadratic: a linear search of the names per repeat), kept as
    /// the oracle for the names the fast version must give.
    static func referenceNames(_ fields: [String]) -> [String] {
        var names = fields.enumerated().map { index, field in field.isEmpty ? "Unnamed: \(index)" : field }
        let unnamed = fields.indices.filter { fields[$0].isEmpty }
        let order = fields.indices.filter { !fields[$0].isEmpty } + unnamed
        var counts: [String: Int] = [:]
        for index in order {
            let original = names[index]
            var name = original
            var count = counts[name] ?? 0
            while count > 0 {
                counts[original] = count + 1
                name = "\(original).\(count)"
                if names.contains(name) {
                    count += 1
                } else {
                    count = counts[name] ?? 0
                }
            }
            names[index] = name
            counts[name] = count + 1
        }
        return names
    }

    @Test(arguments: 0..<40)
    func repeatedNamesAreRenamedAsBefore(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        // Few distinct stems, so that repeats and collisions with written suffixes (a.1) abound.
        let stems = ["a", "a.1", "a.2", "a.1.1", "b", "", "Unnamed: 3", "b.1", "Unnamed: 1"]
        let count = Int(random.next() % 30) + 1
        let fields = (0..<count).map { _ in stems[Int(random.next() % UInt64(stems.count))] }
        #expect(_CSVPreamble.pandasNames(fields) == Self.referenceNames(fields), "seed \(seed): \(fields)")
    }

    @Test func aHundredAndSixtyThousandRepeatsOfOneNameAreRenamedInLinearTime() {
        // 160,000 took 67 s in the measurement with the quadratic renaming.
        let fields = Array(repeating: "x", count: 160_000)
        let started = ContinuousClock.now
        let names = _CSVPreamble.pandasNames(fields)
        let elapsed = ContinuousClock.now - started
        #expect(names.count == 160_000 && names[1] == "x.1" && names[159_999] == "x.159999")
        #expect(Set(names).count == names.count)
        #expect(elapsed < .seconds(3), "took \(elapsed)")
    }
}
