import Foundation
import Profiles
import Sketches
import Testing

/// Logging the inputs of whylogs' fixtures (`fixtures/whylogs/make_whylogs_fixtures.py`) through
/// the model gives the fixtures' components byte for byte (KLL images beyond k = 1024 values are
/// compared by n only: their compaction is random).
@Suite(.enabled(if: WhylogsFixtureDirectory.isPresent, "fixtures/whylogs not present"))
struct ModelFixtureLoggingTests {
    static func expectComponents(_ profile: DatasetProfile, equal name: String) throws {
        let expected = try ModelFixtureTests.file(name)
        let actual = profile.file
        #expect(Set(actual.columns.keys) == Set(expected.columns.keys), "\(name)")
        for (column, components) in expected.columns {
            let written = actual.columns[column] ?? [:]
            #expect(Set(written.keys) == Set(components.keys), "\(name) \(column)")
            for (path, component) in components {
                switch (component.value, written[path]?.value) {
                case (.double(let x), .double(let y)?):
                    #expect(x.bitPattern == y.bitPattern, "\(name) \(column) \(path): \(y) vs \(x)")
                case (.kll(let x), .kll(let y)?):
                    let a = try KLLSketch<Double>(serializedBytes: x)
                    let b = try KLLSketch<Double>(serializedBytes: y)
                    if a.n <= 1024 {
                        #expect(x == y, "\(name) \(column) \(path)")
                    } else {
                        #expect(a.n == b.n && a.minItem == b.minItem && a.maxItem == b.maxItem, "\(name) \(column)")
                    }
                default:
                    #expect(written[path] == component, "\(name) \(column) \(path)")
                }
            }
        }
    }

    @Test func intsFixture() throws {
        var profile = DatasetProfile()
        profile.log(column: "i", ints: [-3, -2, -1, 0, 1, 2, 3, 4, 5, 6, 42, 42])
        try Self.expectComponents(profile, equal: "ints")
    }

    @Test func intsFloatsFixture() throws {
        var profile = DatasetProfile()
        profile.log(column: "a", ints: [1, 2, 3, 2])
        profile.log(column: "b", doubles: [0.5, 1.5, -2.25, 1e300])
        try Self.expectComponents(profile, equal: "ints_floats")
    }

    @Test func floatsFixture() throws {
        var profile = DatasetProfile()
        profile.log(column: "f", doubles: [1.0, .nan, .infinity, -.infinity, .nan, 2.5, -0.0, 3.25])
        profile.log(column: "g", doubles: [0.1, 0.2, 0.30000000000000004, .nan, 1e-300, 5.0, 6.0, 7.0])
        try Self.expectComponents(profile, equal: "floats")
    }

    @Test func stringsFixture() throws {
        var profile = DatasetProfile()
        profile.log(
            column: "s",
            strings: [
                "", "a", "a", "b", String(repeating: "x", count: 200), String(repeating: "é", count: 130), "日本語",
                "😀 smile", nil, "Zürich", "e\u{301}", "",
            ])
        try Self.expectComponents(profile, equal: "strings")
    }

    @Test func booleansFixture() throws {
        var profile = DatasetProfile()
        profile.log(column: "flag", bools: [true, false, true, true, false])
        try Self.expectComponents(profile, equal: "booleans")
    }

    @Test func emptyFixture() throws {
        var profile = DatasetProfile()
        profile.log(column: "x", ints: [])
        profile.log(column: "y", doubles: [])
        profile.log(column: "z", values: [])
        try Self.expectComponents(profile, equal: "empty")
    }

    @Test func oneRowFixture() throws {
        var profile = DatasetProfile()
        profile.log(column: "i", ints: [7])
        profile.log(column: "f", doubles: [7.5])
        profile.log(column: "s", strings: ["seven"])
        profile.log(column: "b", bools: [false])
        try Self.expectComponents(profile, equal: "one_row")
    }

    @Test func rowFixture() throws {
        var profile = DatasetProfile()
        profile.log(row: [
            "a": .int(1), "b": .double(2.5), "c": .string("x"), "d": .null, "e": .bool(true), "nan": .double(.nan),
        ])
        try Self.expectComponents(profile, equal: "row")
    }

    @Test func mergeFixtures() throws {
        var a = DatasetProfile()
        a.log(column: "n", ints: [1, 2, 3])
        a.log(column: "s", strings: ["x", "y", "x"])
        a.log(column: "only_a", doubles: [0.5, 0.25, 0.125])
        var b = DatasetProfile()
        b.log(column: "n", ints: [10, 2, -5, 7])
        b.log(column: "s", strings: ["y", "z", "z", ""])
        b.log(column: "only_b", bools: [true, false, true, true])
        try Self.expectComponents(a, equal: "merge_part_a")
        try Self.expectComponents(b, equal: "merge_part_b")
        try Self.expectComponents(a.merging(b), equal: "merge_a_b")
    }

    @Test func large100kFixture() throws {
        var ints: [Int64] = []
        var doubles: [Double] = []
        for k in 0..<100_000 {
            ints.append(Int64(k % 1000))
            doubles.append(Double(k * 7919 % 100_003) / 7.0)
        }
        var profile = DatasetProfile()
        profile.log(column: "i", ints: ints)
        profile.log(column: "f", doubles: doubles)
        try Self.expectComponents(profile, equal: "large_100k")
    }
}
