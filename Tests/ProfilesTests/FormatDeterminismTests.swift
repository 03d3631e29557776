import Profiles
import SketchbookTestSupport
import Testing

@Suite struct FormatDeterminismTests {
    /// A profile built with columns and paths inserted in a seeded random order.
    private func shuffledProfile(seed: UInt64) -> ProfileFile {
        var random = SplitMix64(seed: seed)
        let names = ["b", "a", "Z", "é", "e\u{301}x", "日本", "a.b", "a b", "😀", "", "A"]
        let paths = ["counts/n", "types/string", "ints/max", "ints/min", "distribution/mean", "custom/x:y/z"]
        var file = ProfileFile(datasetTimestampMilliseconds: 5, creationTimestampMilliseconds: 7)
        for name in names.shuffled(using: &random) {
            var components: [String: MetricComponent] = [:]
            for path in paths.shuffled(using: &random).prefix(1 + Int(random.next() % UInt64(paths.count))) {
                components[path] =
                    switch path {
                    case "ints/max": MetricComponent(typeID: 2, .integer(-9_223_372_036_854_775_807))
                    case "ints/min": MetricComponent(typeID: 1, .integer(9_223_372_036_854_775_807))
                    case "distribution/mean": MetricComponent(.double(0))
                    case "custom/x:y/z": MetricComponent(typeID: 101, .serializedBytes([1, 2, 3]))
                    default: MetricComponent(.integer(0))
                    }
            }
            file.columns[name] = components
        }
        for key in ["m3", "m1", "m2"].shuffled(using: &random) { file.metadata[key] = key }
        file.tags["whylogs.tag.x"] = "1"
        return file
    }

    @Test func equalProfilesGiveEqualBytesWhateverTheInsertionOrder() throws {
        for seed: UInt64 in 1...20 {
            let a = shuffledProfile(seed: seed)
            var b = ProfileFile(datasetTimestampMilliseconds: 5, creationTimestampMilliseconds: 7)
            for name in a.columns.keys.sorted().reversed() {
                var components: [String: MetricComponent] = [:]
                for path in (a.columns[name] ?? [:]).keys.sorted().reversed() {
                    components[path] = a.columns[name]?[path]
                }
                b.columns[name] = components
            }
            b.metadata = a.metadata
            b.tags = a.tags
            #expect(a == b, "seed \(seed)")
            #expect(a.serializedBytes() == b.serializedBytes(), "seed \(seed)")
            #expect(try ProfileFile(serializedBytes: a.serializedBytes()) == a, "seed \(seed)")
        }
    }

    @Test func columnsAndPathsAreWrittenInCodePointOrder() throws {
        // Each column carries a marker component `<<name>>`, found in the chunk region only.
        let names = ["b", "a", "Z", "é", "e\u{301}x", "日本", "a.b", "a b", "😀", "", "A", "ﬀ", "\u{10FFFF}"]
        var file = ProfileFile(datasetTimestampMilliseconds: 5, creationTimestampMilliseconds: 7)
        for name in names {
            file.columns[name] = [
                "zz/marker": MetricComponent(.serializedBytes(Array("<<\(name)>>".utf8))),
                "aa/\(name)": MetricComponent(.integer(1)),
            ]
        }
        let bytes = file.serializedBytes()
        let sorted = names.sorted {
            $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) { $0.value < $1.value }
        }
        let positions = try sorted.map { name in
            try #require(Self.firstIndex(of: Array("<<\(name)>>".utf8), in: bytes), "marker of \(name)")
        }
        #expect(positions == positions.sorted(), "chunks follow code-point order of \(sorted)")
        // The path index table is in code-point order too: "aa/…" paths sort like the names,
        // and "zz/marker" is last (index = number of names).
        let reread = try ProfileFile(serializedBytes: bytes)
        #expect(reread == file)
        let markerIndex = UInt8(names.count)
        // Every chunk's marker component is keyed by that index: map entry `0a len 08 <index> 12 …`.
        #expect(Self.firstIndex(of: [0x08, markerIndex, 0x12], in: bytes) != nil)
    }

    @Test func oneofZeroValuesAndTypeIDsAreWritten() throws {
        var file = ProfileFile(datasetTimestampMilliseconds: 0, creationTimestampMilliseconds: 0)
        file.columns["c"] = [
            "counts/n": MetricComponent(.integer(0)),
            "distribution/mean": MetricComponent(.double(0)),
            "ints/max": MetricComponent(typeID: MetricComponent.maxTypeID, .integer(-9_223_372_036_854_775_807)),
            "ints/min": MetricComponent(typeID: MetricComponent.minTypeID, .integer(9_223_372_036_854_775_807)),
        ]
        let bytes = file.serializedBytes()
        // counts/n (index 0) = 0 is written as `10 00`; the double 0 as `19` + 8 zero bytes.
        #expect(Self.contains(bytes, [0x10, 0x00]))
        #expect(Self.contains(bytes, [0x19, 0, 0, 0, 0, 0, 0, 0, 0]))
        // ints/max: type_id 2, n = -(2^63 - 1) as a 10-byte varint.
        #expect(Self.contains(bytes, [0x08, 0x02, 0x10, 0x81, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01]))
        #expect(try ProfileFile(serializedBytes: bytes) == file)
    }

    @Test func unknownNamespacesSurviveAReadWriteCycle() throws {
        var file = ProfileFile(datasetTimestampMilliseconds: 1, creationTimestampMilliseconds: 2)
        file.columns["t"] = [
            "unicode_range/digits:distribution/kll": MetricComponent(.kll([2, 1, 15, 1, 0, 1, 8, 0])),
            "condition_count/total": MetricComponent(.integer(3)),
            "udf/x": MetricComponent(typeID: 101, .serializedBytes([9, 9])),
            "custom/cpc": MetricComponent(.cpc([1, 2])),
        ]
        #expect(try ProfileFile(serializedBytes: file.serializedBytes()) == file)
    }

    static func contains(_ bytes: [UInt8], _ pattern: [UInt8]) -> Bool {
        guard pattern.count <= bytes.count else { return false }
        for start in 0...(bytes.count - pattern.count)
        where bytes[start..<(start + pattern.count)].elementsEqual(pattern) {
            return true
        }
        return false
    }

    static func firstIndex(of pattern: [UInt8], in bytes: [UInt8]) -> Int? {
        guard pattern.count <= bytes.count else { return nil }
        for start in 0...(bytes.count - pattern.count)
        where bytes[start..<(start + pattern.count)].elementsEqual(pattern) {
            return start
        }
        return nil
    }
}
