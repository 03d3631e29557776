import Profiles
import Sketches
import Testing

@Suite struct ModelFileConversionTests {
    static func sample() -> DatasetProfile {
        var profile = DatasetProfile(
            datasetTimestampMilliseconds: 1_700_000_000_123, creationTimestampMilliseconds: 1_700_000_000_456,
            metadata: ["whylogs.tag.team": "ml", "whylogs.version": "1.6.4", "name": "x"])
        profile.log(column: "i", ints: [1, 2, 3, 2000, -4])
        profile.log(column: "f", doubles: [0.5, .nan, .infinity])
        profile.log(column: "s", strings: ["a", nil, "", "bcd"])
        profile.log(column: "b", bools: [true, false])
        profile.log(row: ["n": .null, "o": .bytes([1, 2])])
        return profile
    }

    /// Equal components, NaN doubles compared by bits and frequent-items images by content: a
    /// decoded frequent-items sketch re-inserts its items, so its image may list them in another
    /// order (as DataSketches C++ does on a round trip).
    static func equivalent(_ a: MetricComponent?, _ b: MetricComponent?) -> Bool {
        guard let a, let b, a.typeID == b.typeID else { return a == nil && b == nil }
        switch (a.value, b.value) {
        case (.double(let x), .double(let y)): return x.bitPattern == y.bitPattern
        case (.frequentItems(let x), .frequentItems(let y)):
            guard let p = try? FrequentItemsSketch<String>(serializedBytes: x),
                let q = try? FrequentItemsSketch<String>(serializedBytes: y)
            else { return false }
            let itemsP = Dictionary(uniqueKeysWithValues: p.trackedItems.map { ($0.item, $0.weight) })
            let itemsQ = Dictionary(uniqueKeysWithValues: q.trackedItems.map { ($0.item, $0.weight) })
            return itemsP == itemsQ && p.totalWeight == q.totalWeight && p.maximumError == q.maximumError
        default: return a == b
        }
    }

    static func expectEquivalent(_ a: ProfileFile, _ b: ProfileFile) {
        #expect(a.datasetTimestampMilliseconds == b.datasetTimestampMilliseconds)
        #expect(a.creationTimestampMilliseconds == b.creationTimestampMilliseconds)
        #expect(a.tags == b.tags && a.metadata == b.metadata && a.segmentTags == b.segmentTags)
        #expect(Set(a.columns.keys) == Set(b.columns.keys))
        for (name, components) in a.columns {
            let other = b.columns[name] ?? [:]
            #expect(Set(components.keys) == Set(other.keys), "\(name)")
            for (path, component) in components {
                #expect(equivalent(component, other[path]), "\(name) \(path)")
            }
        }
    }

    @Test func fileConversionIsLossless() throws {
        let file = Self.sample().file
        let back = try DatasetProfile(file: file)
        Self.expectEquivalent(back.file, file)
        #expect(back.metadata == Self.sample().metadata)
        #expect(back.datasetTimestampMilliseconds == 1_700_000_000_123)
        #expect(back.creationTimestampMilliseconds == 1_700_000_000_456)
        #expect(back.summary().map(\.description) == Self.sample().summary().map(\.description))
        // A second round trip is byte-identical (NaN compared by bits).
        let again = try DatasetProfile(file: back.file).file
        for (name, components) in again.columns {
            for (path, component) in components {
                let before = back.file.columns[name]?[path]
                if case .double(let x) = component.value, case .double(let y)? = before?.value {
                    #expect(x.bitPattern == y.bitPattern, "\(name) \(path)")
                } else {
                    #expect(component == before, "\(name) \(path)")
                }
            }
        }
    }

    @Test func metadataIsSplitIntoTagsAndOtherKeys() {
        let file = Self.sample().file
        #expect(file.tags == ["whylogs.tag.team": "ml"])
        #expect(file.metadata == ["whylogs.version": "1.6.4", "name": "x"])
        #expect(file.sourceFormat == .v1)
    }

    @Test func componentsAreExactlyTheStandardSetsWithTheirTypeIDs() throws {
        let file = Self.sample().file
        let integral = try #require(file.columns["i"])
        #expect(
            Set(integral.keys) == [
                "counts/n", "counts/null", "counts/nan", "counts/inf", "counts/true", "types/integral",
                "types/fractional", "types/boolean", "types/string", "types/object", "types/tensor", "distribution/kll",
                "distribution/mean", "distribution/m2", "ints/max", "ints/min", "cardinality/hll",
                "frequent_items/frequent_strings",
            ])
        #expect(integral["ints/max"] == MetricComponent(typeID: 2, .integer(2000)))
        #expect(integral["ints/min"] == MetricComponent(typeID: 1, .integer(-4)))
        guard case .kll(let bytes)? = integral["distribution/kll"]?.value else {
            Issue.record("no KLL")
            return
        }
        #expect(bytes[0] == 6, "whylogs layout: preamble ints 6")
        #expect(try KLLSketch<Double>(serializedBytes: bytes).layout == .whylogs)
        #expect(Set(try #require(file.columns["n"]).keys).count == 11)
        #expect(file.columns["f"]?["frequent_items/frequent_strings"] == nil)
    }

    @Test func unknownComponentsAreKeptVerbatimAndSummarisedGenerically() throws {
        var other = DistributionMetric(k: 256)
        other.update(2)
        other.update(4)
        var cardinality = CardinalityMetric()
        cardinality.hll.update("x")
        let kllBytes = other.kll.serializedBytes(layout: .whylogs)
        let components: [String: MetricComponent] = [
            "image/ImagePixelWidth:ints/max": MetricComponent(typeID: 2, .integer(640)),
            "image/ImagePixelWidth:ints/min": MetricComponent(typeID: 1, .integer(320)),
            "unicode_range/digits:distribution/kll": MetricComponent(.kll(kllBytes)),
            "unicode_range/digits:distribution/mean": MetricComponent(.double(3)),
            "unicode_range/digits:distribution/m2": MetricComponent(.double(2)),
            "unicode_range/digits:cardinality/hll": MetricComponent(.hll(cardinality.hll.serializedBytes())),
            "condition_count/total": MetricComponent(.integer(9)),
            "udf/custom": MetricComponent(typeID: 101, .serializedBytes([1, 2, 3])),
            "counts/n": MetricComponent(.integer(4)),  // incomplete standard namespace: verbatim
        ]
        let file = ProfileFile(
            datasetTimestampMilliseconds: 1, creationTimestampMilliseconds: 2, columns: ["c": components])
        let profile = try DatasetProfile(file: file)
        let column = try #require(profile.columns["c"])
        #expect(column.counts == nil)
        #expect(column.otherComponents == components)
        #expect(profile.file == file)
        let summary = column.summary(column: "c")
        #expect(summary["image/ImagePixelWidth:ints/max"] == .int(640))
        #expect(summary["condition_count/total"] == .int(9))
        #expect(summary["counts/n"] == .int(4))
        #expect(summary["unicode_range/digits:distribution/mean"] == .double(3))
        #expect(summary["unicode_range/digits:distribution/stddev"] == .double(2.0.squareRoot()))
        #expect(summary["unicode_range/digits:distribution/n"] == .int(2))
        #expect(summary["unicode_range/digits:distribution/median"] == .double(4))
        #expect(summary["unicode_range/digits:cardinality/est"]?.doubleValue?.rounded() == 1)
        #expect(summary["udf/custom"] == nil)

        // Merging verbatim components: max/min by type id, sums, distribution combine.
        let merged = column.merging(column)
        #expect(merged.otherComponents["image/ImagePixelWidth:ints/max"] == MetricComponent(typeID: 2, .integer(640)))
        #expect(merged.otherComponents["condition_count/total"] == MetricComponent(.integer(18)))
        let mergedSummary = merged.summary(column: "c")
        #expect(mergedSummary["unicode_range/digits:distribution/n"] == .int(4))
        #expect(mergedSummary["unicode_range/digits:distribution/mean"] == .double(3))
        #expect(merged.otherComponents["unicode_range/digits:distribution/m2"] == MetricComponent(.double(4)))
    }

    @Test func conditionCountsMergeAsWhylogsDoes() {
        func column(_ counts: [String: Int64]) -> ColumnProfile {
            var column = ColumnProfile()
            for (name, count) in counts {
                column.otherComponents["condition_count/\(name)"] = MetricComponent(.integer(count))
            }
            return column
        }
        let a = column(["total": 6, "positive": 4, "small": 3])
        let b = column(["total": 4, "positive": 2, "small": 4])
        let other = column(["total": 2, "positive": 1])
        // The same conditions: summed.
        #expect(a.merging(b).otherComponents == column(["total": 10, "positive": 6, "small": 7]).otherComponents)
        // Different conditions: whylogs' ConditionCountMetric.merge keeps the left metric whole.
        #expect(a.merging(other).otherComponents == a.otherComponents)
        #expect(other.merging(a).otherComponents == other.otherComponents)
        // One side without the metric: the other side's.
        #expect(ColumnProfile().merging(a).otherComponents == a.otherComponents)
        #expect(a.merging(ColumnProfile()).otherComponents == a.otherComponents)
    }

    @Test func anInvalidSketchIsAnErrorNamingTheColumnAndPath() {
        let file = ProfileFile(
            datasetTimestampMilliseconds: 1, creationTimestampMilliseconds: 2,
            columns: [
                "price": [
                    "distribution/kll": MetricComponent(.kll([1, 2, 3])),
                    "distribution/mean": MetricComponent(.double(0)), "distribution/m2": MetricComponent(.double(0)),
                ]
            ])
        #expect {
            _ = try DatasetProfile(file: file)
        } throws: { error in
            guard let error = error as? ProfileError else { return false }
            return error.code == .invalidSketch && error.field == "\"price\" distribution/kll"
        }
        let verbatim = ProfileFile(
            datasetTimestampMilliseconds: 1, creationTimestampMilliseconds: 2,
            columns: ["c": ["image/x:cardinality/hll": MetricComponent(.hll([0xff]))]])
        #expect(throws: ProfileError.self) { _ = try DatasetProfile(file: verbatim) }
    }

    @Test func readMetadataPutsTagsFirstThenMetadata() throws {
        let file = ProfileFile(
            datasetTimestampMilliseconds: 1, creationTimestampMilliseconds: 2, tags: ["whylogs.tag.a": "1"],
            metadata: ["b": "2"])
        #expect(try DatasetProfile(file: file).metadata == ["whylogs.tag.a": "1", "b": "2"])
    }

    @Test func aSeededCompactionCoinMakesSketchBytesReproducible() {
        func profile() -> ProfileFile {
            var profile = DatasetProfile(datasetTimestampMilliseconds: 1, creationTimestampMilliseconds: 1)
            profile.compactionCoin = .seeded(7)
            profile.log(column: "x", doubles: (0..<5000).map { Double(($0 * 7919) % 5003) })
            return profile.file
        }
        #expect(profile() == profile())
    }
}
