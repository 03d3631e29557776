import Foundation
import Profiles
import Sketches
import Testing

/// Parity with whylogs 1.6.4 past the sketches' exact regimes (30 000 rows: numpy's 8192-element
/// summation buffers, frequent-items purges, HLL mode), on deterministic columns both sides can
/// compute:
///
/// ```python
/// ii = [(i * 7919) % 10007 - 5000 for i in range(N)]
/// ff = [nan if i % 97 == 0 else ((i * 7919) % 10007) * 0.37 - 1234.5 for i in range(N)]
/// ss = [None if i % 101 == 0 else "s" + str((i * 31) % 1500) for i in range(N)]
/// ```
///
/// Expected: `why.log(df)` components, doubles as `float.hex()`, HLL and frequent-items images as
/// their FNV-1a 64 hash; KLL images are not compared (random compaction beyond k).
@Suite struct ModelWhylogsLargeParityTests {
    static let expectedJSON = #"""
        {"i":{"cardinality/hll":"27c30aeb8dab3d53","counts/inf":"0","counts/n":"30000","counts/nan":"0","counts/null":"0","counts/true":"0","distribution/kll":"kll","distribution/m2":"0x1.d254472a86666p+37","distribution/mean":"0x1.8ccde46b9698ap+1","frequent_items/frequent_strings":"74345abdd834ce1b","ints/max":"5006","ints/min":"-5000","types/boolean":"0","types/fractional":"0","types/integral":"30000","types/object":"0","types/string":"0","types/tensor":"0"},"f":{"cardinality/hll":"9a354405d94edc27","counts/inf":"0","counts/n":"30000","counts/nan":"310","counts/null":"310","counts/true":"0","distribution/kll":"kll","distribution/m2":"0x1.f9694fc3b0d5dp+34","distribution/mean":"0x1.347c5b5d5acf3p+9","types/boolean":"0","types/fractional":"29690","types/integral":"0","types/object":"0","types/string":"0","types/tensor":"0"},"s":{"cardinality/hll":"7d243c5bebf1701a","counts/inf":"0","counts/n":"30000","counts/nan":"0","counts/null":"298","counts/true":"0","distribution/kll":"kll","distribution/m2":"0x0.0p+0","distribution/mean":"0x0.0p+0","frequent_items/frequent_strings":"4a8e83627a34a413","types/boolean":"0","types/fractional":"0","types/integral":"0","types/object":"0","types/string":"29702","types/tensor":"0"}}
        """#

    static let count = 30_000

    static func fnv1a(_ bytes: [UInt8]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        let text = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - text.count) + text
    }

    @Test func largeColumnsMatchWhylogsExceptKLLBytes() throws {
        var ints: [Int64] = []
        var doubles: [Double] = []
        var strings: [String?] = []
        for row in 0..<Self.count {
            let residue = (row * 7919) % 10007
            ints.append(Int64(residue - 5000))
            doubles.append(row % 97 == 0 ? Double.nan : Double(residue) * 0.37 - 1234.5)
            strings.append(row % 101 == 0 ? nil : "s\((row * 31) % 1500)")
        }
        var profile = DatasetProfile()
        profile.log(column: "i", ints: ints)
        profile.log(column: "f", doubles: doubles)
        profile.log(column: "s", strings: strings)
        let file = profile.file
        let object = try JSONSerialization.jsonObject(with: Data(Self.expectedJSON.utf8))
        let expected = try #require(object as? [String: [String: String]])
        for (column, components) in expected {
            let actual = try #require(file.columns[column])
            #expect(Set(actual.keys) == Set(components.keys), "column \(column)")
            for (path, value) in components {
                switch actual[path]?.value {
                case .integer(let number)?: #expect("\(number)" == value, "\(column) \(path)")
                case .double(let number)?:
                    #expect(number.bitPattern == Double(value)?.bitPattern, "\(column) \(path): \(number)")
                case .hll(let bytes)?, .frequentItems(let bytes)?:
                    #expect(Self.fnv1a(bytes) == value, "\(column) \(path)")
                case .kll(let bytes)?:
                    let sketch = try KLLSketch<Double>(serializedBytes: bytes).n
                    #expect(sketch == (column == "f" ? Self.count - 310 : column == "i" ? Self.count : 0))
                default: Issue.record("\(column) \(path)")
                }
            }
        }
    }
}
