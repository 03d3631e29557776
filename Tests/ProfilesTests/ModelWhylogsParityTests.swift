import Foundation
import Profiles
import Testing

/// Byte-level parity with whylogs 1.6.4 on a small DataFrame, logged with `why.log(df)`:
///
/// ```python
/// df = pd.DataFrame({
///  "i": [3, -1, 7, 7, 0, 42, -9, 7],
///  "f": [2.5, nan, 0.1, inf, -3.25, 1e-7, 2.5, -inf],
///  "s": ["a", None, "", "bb", "a", "é"*130, "a", None],
///  "b": [True, False, True, True, False, True, True, True],
///  "bn": [True, None, False, True, None, True, False, True]})
/// ```
///
/// The expected components (hex sketch images, doubles as `float.hex()`) and summaries
/// (`ColumnProfileView.to_summary_dict()`, frequent items sorted) were printed by
/// Python whylogs 1.6.4 (numpy < 2), in a virtualenv made as `fixtures/whylogs/make_whylogs_fixtures.py` describes.
@Suite struct ModelWhylogsParityTests {
    static let expectedJSON = #"""
        {"i":{"components":{"cardinality/hll":[0,"hll","0201070c0308060075816607d964e70bc1e91705cbd7c2041abcd005e398020b"],"counts/inf":[0,"n",0],"counts/n":[0,"n",8],"counts/nan":[0,"n",0],"counts/null":[0,"n",0],"counts/true":[0,"n",0],"distribution/kll":[0,"kll","06010f000004080008000000000000000004010000000000f803000000000000000022c000000000000045400000000000001c4000000000000022c0000000000000454000000000000000000000000000001c400000000000001c40000000000000f0bf0000000000000840"],"distribution/m2":[0,"d","0x1.9280000000000p+10"],"distribution/mean":[0,"d","0x1.c000000000000p+2"],"frequent_items/frequent_strings":[0,"fi","04010a0a030000000600000000000000080000000000000000000000000000000300000000000000010000000000000001000000000000000100000000000000010000000000000001000000000000000100000037020000002d3101000000300100000033020000003432020000002d39"],"ints/max":[2,"n",42],"ints/min":[1,"n",-9],"types/boolean":[0,"n",0],"types/fractional":[0,"n",0],"types/integral":[0,"n",8],"types/object":[0,"n",0],"types/string":[0,"n",0],"types/tensor":[0,"n",0]},"summary":{"cardinality/est":"0x1.8000005000001p+2","cardinality/lower_1":"0x1.8000000000000p+2","cardinality/upper_1":"0x1.8004e8d2c0743p+2","counts/inf":0,"counts/n":8,"counts/nan":0,"counts/null":0,"counts/true":0,"distribution/max":"0x1.5000000000000p+5","distribution/mean":"0x1.c000000000000p+2","distribution/median":"0x1.c000000000000p+2","distribution/min":"-0x1.2000000000000p+3","distribution/n":8,"distribution/q_01":"-0x1.2000000000000p+3","distribution/q_05":"-0x1.2000000000000p+3","distribution/q_10":"-0x1.2000000000000p+3","distribution/q_25":"0x0.0p+0","distribution/q_75":"0x1.c000000000000p+2","distribution/q_90":"0x1.5000000000000p+5","distribution/q_95":"0x1.5000000000000p+5","distribution/q_99":"0x1.5000000000000p+5","distribution/stddev":"0x1.e54dd4ce75f1ep+3","frequent_items/frequent_strings":[["-1",1,1,1],["-9",1,1,1],["0",1,1,1],["3",1,1,1],["42",1,1,1],["7",3,3,3]],"ints/max":42,"ints/min":-9,"types/boolean":0,"types/fractional":0,"types/integral":8,"types/object":0,"types/string":0,"types/tensor":0}},"f":{"components":{"cardinality/hll":[0,"hll","0201070c030806004aa9281030241d07289edb044d43d90503b20127b1a3460d"],"counts/inf":[0,"n",2],"counts/n":[0,"n",8],"counts/nan":[0,"n",1],"counts/null":[0,"n",1],"counts/true":[0,"n",0],"distribution/kll":[0,"kll","06010f000004080007000000000000000004010000000000f9030000000000000000f0ff000000000000f07f000000000000f0ff000000000000044048afbc9af2d77a3e0000000000000ac0000000000000f07f9a9999999999b93f0000000000000440"],"distribution/m2":[0,"d","nan"],"distribution/mean":[0,"d","nan"],"types/boolean":[0,"n",0],"types/fractional":[0,"n",7],"types/integral":[0,"n",0],"types/object":[0,"n",0],"types/string":[0,"n",0],"types/tensor":[0,"n",0]},"summary":{"cardinality/est":"0x1.8000005000001p+2","cardinality/lower_1":"0x1.8000000000000p+2","cardinality/upper_1":"0x1.8004e8d2c0743p+2","counts/inf":2,"counts/n":8,"counts/nan":1,"counts/null":1,"counts/true":0,"distribution/max":"inf","distribution/mean":"nan","distribution/median":"0x1.999999999999ap-4","distribution/min":"-inf","distribution/n":7,"distribution/q_01":"-inf","distribution/q_05":"-inf","distribution/q_10":"-inf","distribution/q_25":"-0x1.a000000000000p+1","distribution/q_75":"0x1.4000000000000p+1","distribution/q_90":"inf","distribution/q_95":"inf","distribution/q_99":"inf","distribution/stddev":"nan","types/boolean":0,"types/fractional":7,"types/integral":0,"types/object":0,"types/string":0,"types/tensor":0}},"s":{"components":{"cardinality/hll":[0,"hll","0201070c030803002f823b0406d749168f5d2b04"],"counts/inf":[0,"n",0],"counts/n":[0,"n",8],"counts/nan":[0,"n",0],"counts/null":[0,"n",2],"counts/true":[0,"n",0],"distribution/kll":[0,"kll","02010f0100040800"],"distribution/m2":[0,"d","0x0.0p+0"],"distribution/mean":[0,"d","0x0.0p+0"],"frequent_items/frequent_strings":[0,"fi","04010a0a0300000004000000000000000600000000000000000000000000000001000000000000000100000000000000030000000000000001000000000000000000000000010000c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a9c3a90100000061020000006262"],"types/boolean":[0,"n",0],"types/fractional":[0,"n",0],"types/integral":[0,"n",0],"types/object":[0,"n",0],"types/string":[0,"n",6],"types/tensor":[0,"n",0]},"summary":{"cardinality/est":"0x1.8000002000000p+1","cardinality/lower_1":"0x1.8000000000000p+1","cardinality/upper_1":"0x1.8004e8a2bfd71p+1","counts/inf":0,"counts/n":8,"counts/nan":0,"counts/null":2,"counts/true":0,"distribution/max":"nan","distribution/mean":"0x0.0p+0","distribution/median":null,"distribution/min":"nan","distribution/n":0,"distribution/q_01":null,"distribution/q_05":null,"distribution/q_10":null,"distribution/q_25":null,"distribution/q_75":null,"distribution/q_90":null,"distribution/q_95":null,"distribution/q_99":null,"distribution/stddev":"0x0.0p+0","frequent_items/frequent_strings":[["",1,1,1],["a",3,3,3],["bb",1,1,1],["\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9",1,1,1]],"types/boolean":0,"types/fractional":0,"types/integral":0,"types/object":0,"types/string":6,"types/tensor":0}},"b":{"components":{"cardinality/hll":[0,"hll","0201070c030802002bf2fb06cbd7c204"],"counts/inf":[0,"n",0],"counts/n":[0,"n",8],"counts/nan":[0,"n",0],"counts/null":[0,"n",0],"counts/true":[0,"n",6],"distribution/kll":[0,"kll","06010f000004080008000000000000000004010000000000f80300000000000000000000000000000000f03f00000000000000000000000000000000000000000000f03f000000000000f03f000000000000f03f000000000000f03f000000000000f03f000000000000f03f"],"distribution/m2":[0,"d","0x1.8000000000000p+0"],"distribution/mean":[0,"d","0x1.8000000000000p-1"],"frequent_items/frequent_strings":[0,"fi","04010a0a03000000020000000000000008000000000000000000000000000000020000000000000006000000000000000500000046616c73650400000054727565"],"ints/max":[2,"n",-9223372036854775807],"ints/min":[1,"n",9223372036854775807],"types/boolean":[0,"n",8],"types/fractional":[0,"n",0],"types/integral":[0,"n",0],"types/object":[0,"n",0],"types/string":[0,"n",0],"types/tensor":[0,"n",0]},"summary":{"cardinality/est":"0x1.0000000aaaaabp+1","cardinality/lower_1":"0x1.0000000000000p+1","cardinality/upper_1":"0x1.000345b72a6c8p+1","counts/inf":0,"counts/n":8,"counts/nan":0,"counts/null":0,"counts/true":6,"distribution/max":"0x1.0000000000000p+0","distribution/mean":"0x1.8000000000000p-1","distribution/median":"0x1.0000000000000p+0","distribution/min":"0x0.0p+0","distribution/n":8,"distribution/q_01":"0x0.0p+0","distribution/q_05":"0x0.0p+0","distribution/q_10":"0x0.0p+0","distribution/q_25":"0x1.0000000000000p+0","distribution/q_75":"0x1.0000000000000p+0","distribution/q_90":"0x1.0000000000000p+0","distribution/q_95":"0x1.0000000000000p+0","distribution/q_99":"0x1.0000000000000p+0","distribution/stddev":"0x1.da05179501504p-2","frequent_items/frequent_strings":[["False",2,2,2],["True",6,6,6]],"ints/max":-9223372036854775807,"ints/min":9223372036854775807,"types/boolean":8,"types/fractional":0,"types/integral":0,"types/object":0,"types/string":0,"types/tensor":0}},"bn":{"components":{"cardinality/hll":[0,"hll","0201070c030802002bf2fb06cbd7c204"],"counts/inf":[0,"n",0],"counts/n":[0,"n",8],"counts/nan":[0,"n",0],"counts/null":[0,"n",2],"counts/true":[0,"n",4],"distribution/kll":[0,"kll","06010f000004080006000000000000000004010000000000fa0300000000000000000000000000000000f03f00000000000000000000000000000000000000000000f03f000000000000f03f000000000000f03f000000000000f03f"],"distribution/m2":[0,"d","0x1.5555555555555p+0"],"distribution/mean":[0,"d","0x1.5555555555555p-1"],"frequent_items/frequent_strings":[0,"fi","04010a0a03000000020000000000000006000000000000000000000000000000020000000000000004000000000000000500000046616c73650400000054727565"],"types/boolean":[0,"n",6],"types/fractional":[0,"n",0],"types/integral":[0,"n",0],"types/object":[0,"n",0],"types/string":[0,"n",0],"types/tensor":[0,"n",0]},"summary":{"cardinality/est":"0x1.0000000aaaaabp+1","cardinality/lower_1":"0x1.0000000000000p+1","cardinality/upper_1":"0x1.000345b72a6c8p+1","counts/inf":0,"counts/n":8,"counts/nan":0,"counts/null":2,"counts/true":4,"distribution/max":"0x1.0000000000000p+0","distribution/mean":"0x1.5555555555555p-1","distribution/median":"0x1.0000000000000p+0","distribution/min":"0x0.0p+0","distribution/n":6,"distribution/q_01":"0x0.0p+0","distribution/q_05":"0x0.0p+0","distribution/q_10":"0x0.0p+0","distribution/q_25":"0x0.0p+0","distribution/q_75":"0x1.0000000000000p+0","distribution/q_90":"0x1.0000000000000p+0","distribution/q_95":"0x1.0000000000000p+0","distribution/q_99":"0x1.0000000000000p+0","distribution/stddev":"0x1.08654a2d4f6dap-1","frequent_items/frequent_strings":[["False",2,2,2],["True",4,4,4]],"types/boolean":6,"types/fractional":0,"types/integral":0,"types/object":0,"types/string":0,"types/tensor":0}}}
        """#

    static func loggedProfile() -> DatasetProfile {
        var profile = DatasetProfile()
        profile.log(column: "i", ints: [3, -1, 7, 7, 0, 42, -9, 7])
        profile.log(column: "f", doubles: [2.5, .nan, 0.1, .infinity, -3.25, 1e-7, 2.5, -.infinity])
        profile.log(column: "s", strings: ["a", nil, "", "bb", "a", String(repeating: "é", count: 130), "a", nil])
        profile.log(column: "b", bools: [true, false, true, true, false, true, true, true])
        profile.log(column: "bn", bools: [true, nil, false, true, nil, true, false, true])
        return profile
    }

    static func expected() throws -> [String: [String: Any]] {
        let object = try JSONSerialization.jsonObject(with: Data(expectedJSON.utf8))
        return try #require(object as? [String: [String: Any]])
    }

    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
    }

    @Test func componentsMatchWhylogsByteForByte() throws {
        let file = Self.loggedProfile().file
        for (column, entry) in try Self.expected() {
            let components = try #require(entry["components"] as? [String: [Any]])
            let actual = try #require(file.columns[column], "column \(column)")
            #expect(Set(actual.keys) == Set(components.keys), "column \(column)")
            for (path, spec) in components {
                guard let component = actual[path] else { continue }
                let typeID = try #require(spec[0] as? Int)
                let kind = try #require(spec[1] as? String)
                #expect(component.typeID == UInt32(typeID), "\(column) \(path)")
                switch (kind, component.value) {
                case ("n", .integer(let value)):
                    #expect(value == Int64((spec[2] as? NSNumber)?.description ?? ""), "\(column) \(path)")
                case ("d", .double(let value)):
                    let expected = try #require(Double(spec[2] as? String ?? ""))
                    #expect(
                        value.bitPattern == expected.bitPattern || (value.isNaN && expected.isNaN),
                        "\(column) \(path): \(value) vs \(expected)")
                case ("kll", .kll(let bytes)), ("hll", .hll(let bytes)), ("fi", .frequentItems(let bytes)):
                    #expect(Self.hex(bytes) == spec[2] as? String, "\(column) \(path)")
                default:
                    Issue.record("\(column) \(path): kind \(kind) vs \(component.value)")
                }
            }
        }
    }

    @Test func summariesMatchWhylogs() throws {
        let summaries = Self.loggedProfile().summary()
        #expect(summaries.map(\.column) == ["b", "bn", "f", "i", "s"])
        for (column, entry) in try Self.expected() {
            let expected = try #require(entry["summary"] as? [String: Any])
            let summary = try #require(summaries.first { $0.column == column })
            #expect(Set(summary.keys) == Set(expected.keys).union(["type"]), "column \(column)")
            for (key, value) in expected {
                let actual = try #require(summary[key], "\(column) \(key)")
                switch actual {
                case .int(let number):
                    #expect(number == Int64((value as? NSNumber)?.description ?? ""), "\(column) \(key)")
                case .double(let number):
                    let expectedNumber = try #require(Double(value as? String ?? ""), "\(column) \(key)")
                    #expect(
                        number.bitPattern == expectedNumber.bitPattern || (number.isNaN && expectedNumber.isNaN),
                        "\(column) \(key): \(number) vs \(expectedNumber)")
                case .null:
                    #expect(value is NSNull, "\(column) \(key)")
                case .frequentItems(let items):
                    let rows = try #require(value as? [[Any]])
                    let expectedRows = rows.map { row in
                        "\(row[0]) \(row[1]) \(row[2]) \(row[3])"
                    }.sorted()
                    let actualRows = items.map { "\($0.value) \($0.estimate) \($0.upperBound) \($0.lowerBound)" }
                        .sorted()
                    #expect(actualRows == expectedRows, "\(column) \(key)")
                case .string:
                    Issue.record("\(column) \(key): unexpected string")
                }
            }
        }
    }
}
