import Foundation
import SketchbookTestSupport
import Testing

/// End-to-end: `profile show --format json` of every profile written by Python whylogs 1.6.4 gives
/// whylogs' own `view.to_pandas()` summary (`fixtures/whylogs/NAME.summary.json`).
@Suite struct ShowCommandTests {
    static func fixtureNames() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: Fixtures.url("whylogs").path)
            .filter { $0.hasSuffix(".summary.json") }
            .map { String($0.dropLast(".summary.json".count)) }
            .sorted()
    }

    /// A summary value in comparable form: whylogs' fixtures write non-finite doubles as
    /// `{"$f": "NaN"}`, `profile show` as the string `"NaN"`; both become the same `Double`.
    enum Value: Equatable, CustomStringConvertible {
        case number(Double)
        case text(String)
        case null
        case items([Item])

        struct Item: Hashable, Comparable {
            var value: String
            var est: Int64
            var upper: Int64
            var lower: Int64
            static func < (a: Item, b: Item) -> Bool { (a.value, a.est) < (b.value, b.est) }
        }

        init(_ any: Any) {
            switch any {
            case let number as NSNumber: self = .number(number.doubleValue)
            case let dictionary as [String: Any] where dictionary["$f"] != nil:
                self = .number(Double(dictionary["$f"] as? String ?? "") ?? .nan)
            case let text as String:
                self = ["NaN", "Infinity", "-Infinity"].contains(text) ? .number(Double(text)!) : .text(text)
            case let list as [[String: Any]]:
                self = .items(
                    list.map {
                        Item(
                            value: $0["value"] as? String ?? "", est: ($0["est"] as? NSNumber)?.int64Value ?? -1,
                            upper: ($0["upper"] as? NSNumber)?.int64Value ?? -1,
                            lower: ($0["lower"] as? NSNumber)?.int64Value ?? -1)
                    }.sorted())
            default: self = .null
            }
        }

        /// Equal, with doubles allowed two ulps for Foundation's JSON number parsing on Linux (the
        /// summaries themselves are compared bit for bit in ProfilesTests.ModelFixtureTests).
        func matches(_ other: Value) -> Bool {
            switch (self, other) {
            case (.number(let a), .number(let b)):
                if a.isNaN || b.isNaN { return a.isNaN && b.isNaN }
                return a == b || abs(a - b) <= 2 * max(a.ulp, b.ulp)
            default: return self == other
            }
        }

        var description: String {
            switch self {
            case .number(let n): "\(n)"
            case .text(let t): t.debugDescription
            case .null: "null"
            case .items(let items): "\(items.count) items"
            }
        }
    }

    @Test(arguments: try fixtureNames())
    func jsonSummaryEqualsWhylogsSummary(_ name: String) throws {
        let expected = try #require(try Fixtures.json("whylogs/\(name).summary.json") as? [String: [String: Any]])
        let result = try ProfileExecutable.run(["show", "--format", "json", "fixtures/whylogs/\(name).bin"])
        #expect(result.status == 0, "\(result.standardError)")
        let report = try #require(
            try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        let columns = try #require(report["columns"] as? [String: [String: Any]])
        #expect(Set(columns.keys) == Set(expected.keys), "columns of \(name)")
        for (column, fields) in expected {
            let actual = columns[column] ?? [:]
            for (key, value) in fields {
                let want = Value(value)
                let got = actual[key].map(Value.init) ?? .text("<missing>")
                #expect(got.matches(want), "\(name) \(column) \(key): \(got) vs \(want)")
            }
        }
        #expect(report["dataset_timestamp_ms"] != nil && report["creation_timestamp_ms"] != nil)
    }

    @Test func gzipProfilesAreReadByMagic() throws {
        let plain = try ProfileExecutable.run(["show", "--format", "json", "fixtures/whylogs/ints_floats.bin"])
        let gzip = try ProfileExecutable.run(["show", "--format", "json", "fixtures/whylogs/ints_floats.bin.gz"])
        #expect(gzip.status == 0)
        #expect(
            gzip.standardOutput.replacingOccurrences(of: "ints_floats.bin.gz", with: "ints_floats.bin")
                == plain.standardOutput)
    }

    @Test func tableFitsTheTerminalWidth() throws {
        let result = try ProfileExecutable.run(
            ["show", "fixtures/whylogs/large_100k.bin"], environment: ["COLUMNS": "80"])
        #expect(result.status == 0)
        for line in result.standardOutput.split(separator: "\n") {
            #expect(line.count <= 80, "\(line)")
        }
    }

    @Test func csvHasOneRowPerColumn() throws {
        let result = try ProfileExecutable.run(["show", "--format", "csv", "fixtures/whylogs/ints_floats.bin"])
        let lines = result.standardOutput.split(separator: "\r\n")
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("file,column,"))
    }

    @Test func columnsOptionSelectsColumnsAndRejectsUnknownOnes() throws {
        let one = try ProfileExecutable.run([
            "show", "--format", "csv", "--columns", "a", "fixtures/whylogs/ints_floats.bin",
        ])
        #expect(one.standardOutput.split(separator: "\r\n").count == 2)
        let unknown = try ProfileExecutable.run(["show", "--columns", "zzz", "fixtures/whylogs/ints_floats.bin"])
        #expect(unknown.status == 2)
        #expect(unknown.standardError.contains("no column named 'zzz'"))
    }

    @Test func notAProfileExitsTwoWithOneLine() throws {
        let result = try ProfileExecutable.run(["show", "Package.swift"])
        #expect(result.status == 2)
        #expect(result.standardError.hasPrefix("profile: error: Package.swift: "))
        #expect(result.standardError.split(separator: "\n").count == 1)
    }
}
