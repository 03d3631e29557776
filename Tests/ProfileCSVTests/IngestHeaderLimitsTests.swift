import Foundation
import SketchbookTestSupport
import Testing

@testable import ProfileCSV
@testable import Profiles

#if canImport(Glibc)
import Glibc
#endif

/// The header row at scale: repeated names are renamed as pandas renames them in linear time,
/// and a header wider than ``CSVOptions/maximumColumns`` is refused before any column is set up.
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

    /// A header of `count` columns named c0, c1, …, then one row of ones.
    static func wideCSV(columns count: Int) -> [UInt8] {
        let header = (0..<count).map { "c\($0)" }.joined(separator: ",")
        let row = Array(repeating: "1", count: count).joined(separator: ",")
        return Array((header + "\n" + row + "\n").utf8)
    }

    @Test func aHundredThousandColumnsAreRefusedFastInBoundedMemory() throws {
        let bytes = Self.wideCSV(columns: 100_000)
        let peakBefore = ProcessMemory.peakResidentBytes()
        let started = ContinuousClock.now
        let error = #expect(throws: CSVError.self) { try CSVProfiler().profile(bytes: bytes, name: "wide.csv") }
        let elapsed = ContinuousClock.now - started
        #expect(error?.code == .tooManyColumns, "\(String(describing: error))")
        #expect(error?.actual == "100000 columns", "\(String(describing: error))")
        #expect(error?.expected == "at most 10000 columns", "\(String(describing: error))")
        #expect(error?.line == 1 && error?.offset == 0)
        #expect(elapsed < .seconds(10), "took \(elapsed)")
        let growth = ProcessMemory.peakResidentBytes() - peakBefore
        #expect(growth < 256 << 20, "peak resident memory grew by \(growth >> 20) MiB")
    }

    @Test(arguments: [true, false])
    func theColumnLimitIsInclusiveAndAppliesWithoutAHeader(hasHeader: Bool) throws {
        var options = CSVOptions(hasHeader: hasHeader)
        options.maximumColumns = 3
        let fits = try CSVProfiler(options: options).profile(bytes: Self.wideCSV(columns: 3))
        #expect(fits.columns.count == 3)
        let error = #expect(throws: CSVError.self) {
            try CSVProfiler(options: options).profile(bytes: Self.wideCSV(columns: 4))
        }
        #expect(error?.code == .tooManyColumns)
        #expect(error?.expected == "at most 3 columns")
        #expect(error?.actual == "4 columns")
    }
}
