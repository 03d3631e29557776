import Foundation
import SketchbookTestSupport
import Testing

@testable import ProfileImages
@testable import Profiles

/// Text and image columns: declared roles, derived columns `<column>.<feature>`, decode errors,
/// merge and the file round trip.
@Suite struct ModelTextImageColumnsTests {
    static let texts: [String?] = [
        "Hello, world! How are you?", "Zürich is 3 km away.", "", nil, "UPPER lower 42", "日本語のテキスト。",
        "don't stop", "Hello, world! How are you?",
    ]

    // MARK: - Helpers

    /// A summary as text per field, NaN equal to NaN and frequent items as a sorted multiset.
    static func canonical(_ summaries: [ColumnSummary]) -> [String: [String: String]] {
        var out: [String: [String: String]] = [:]
        for summary in summaries {
            var fields: [String: String] = [:]
            for field in summary.fields {
                if case .frequentItems(let items) = field.value {
                    fields[field.key] = items.map { "\($0.value)|\($0.estimate)|\($0.upperBound)|\($0.lowerBound)" }
                        .sorted().joined(separator: ", ")
                } else {
                    fields[field.key] = field.value.description
                }
            }
            out[summary.column] = fields
        }
        return out
    }

    static func summaries(_ profile: DatasetProfile) -> [String: ColumnSummary] {
        Dictionary(uniqueKeysWithValues: profile.summary().map { ($0.column, $0) })
    }

    static func frequent(_ value: SummaryValue?) -> [String: Int64] {
        guard case .frequentItems(let items)? = value else { return [:] }
        return Dictionary(uniqueKeysWithValues: items.map { ($0.value, $0.estimate) })
    }

    /// Logs one derived column's values as a typed batch, as a plain profile would.
    static func logBatch(_ profile: inout DatasetProfile, _ column: String, _ values: [FeatureValue]) {
        switch values.first {
        case .int?: profile.log(column: column, ints: values.map { if case .int(let v) = $0 { v } else { 0 } })
        case .double?:
            profile.log(column: column, doubles: values.map { if case .double(let v) = $0 { v } else { .nan } })
        case .string?:
            profile.log(column: column, strings: values.map { if case .string(let v) = $0 { v } else { nil } })
        default: Issue.record("unexpected derived values \(values.prefix(1))")
        }
    }

    static func expectedImageNames(_ column: String) -> Set<String> {
        Set(ImageMetadata.featureNames.map { "\(column).\($0)" })
    }

    /// PIL's per-image answers (fixtures/images/expected.json) as the derived features.
    static func pilFeatures(_ e: FeaturesImageTests.Expected) -> [(name: String, value: FeatureValue)] {
        [
            ("ImagePixelWidth", .int(Int64(e.width))), ("ImagePixelHeight", .int(Int64(e.height))),
            ("Colorspace", .string(e.mode)), ("entropy", .double(e.entropy)), ("Hue.mean", .double(e.hsvMean[0])),
            ("Hue.stddev", .double(e.hsvStddev[0])), ("Saturation.mean", .double(e.hsvMean[1])),
            ("Saturation.stddev", .double(e.hsvStddev[1])), ("Brightness.mean", .double(e.hsvMean[2])),
            ("Brightness.stddev", .double(e.hsvStddev[2])),
            ("aspect_ratio", .double(Double(e.width) / Double(e.height))),
            ("mean_R", .double(e.rgbMean[0])), ("mean_G", .double(e.rgbMean[1])), ("mean_B", .double(e.rgbMean[2])),
        ]
    }

    /// The error kind the decoder reports for some bytes, or nil when they decode.
    static func errorKind(_ bytes: [UInt8]) -> String? {
        do {
            _ = try ImageDecoder().decode(bytes)
            return nil
        } catch {
            return error.code.description
        }
    }

    // MARK: - Text columns

    @Test func textBatchYieldsEachFeatureAsATypedDerivedColumn() {
        var profile = DatasetProfile()
        profile.declare(textColumn: "t")
        profile.log(column: "t", strings: Self.texts)

        var reference = DatasetProfile()
        reference.log(column: "t", strings: Self.texts)
        let features = Self.texts.compactMap { $0 }.map { TextMetadata.features(of: $0) }
        for (index, feature) in TextMetadata.featureNames.enumerated() {
            Self.logBatch(&reference, "t.\(feature)", features.map { $0[index].value })
        }
        #expect(Set(profile.columns.keys) == Set(["t"] + TextMetadata.featureNames.map { "t.\($0)" }))
        #expect(Self.canonical(profile.summary()) == Self.canonical(reference.summary()))

        let s = Self.summaries(profile)
        #expect(s["t"]?["counts/null"] == .int(1))
        #expect(s["t"]?["types/string"] == .int(7))
        #expect(s["t.char_count"]?["counts/n"] == .int(7))
        #expect(s["t.char_count"]?["counts/null"] == .int(0))
        #expect(s["t.char_count"]?["types/integral"] == .int(7))
        #expect(s["t.char_count"]?["ints/max"] == .int(26))
        #expect(s["t.char_count"]?["ints/min"] == .int(0))
        #expect(Self.frequent(s["t.word_count"]?["frequent_items/frequent_strings"])["5"] == 3)
        #expect(s["t.avg_word_length"]?["types/fractional"] == .int(7))
        #expect(s["t.avg_word_length"]?["ints/max"] == nil, "doubles make a fractional column")
        #expect(s["t.non_ascii_share"]?["distribution/max"] == .double(1))
    }

    @Test func textRowsYieldTheFeaturesValueByValue() {
        var profile = DatasetProfile(columnRoles: ["t": .text])
        var reference = DatasetProfile()
        for (i, text) in Self.texts.enumerated() {
            let value: FeatureValue = text.map(FeatureValue.string) ?? .null
            profile.log(row: ["t": value, "i": .int(Int64(i))])
            reference.log(row: ["t": value, "i": .int(Int64(i))])
            if let text {
                for (name, derived) in TextMetadata.features(of: text) {
                    reference.log(column: "t.\(name)", value: derived)
                }
            }
        }
        #expect(Self.canonical(profile.summary()) == Self.canonical(reference.summary()))
        #expect(profile.columns["t.word_count"]?.columnType == .integral)
        #expect(profile.columns["t.avg_word_length"]?.columnType == .fractional)
    }

    @Test func textColumnIsAStringColumnAndNullsOrNonStringsYieldNothing() {
        var profile = DatasetProfile()
        profile.declare(textColumn: "t")
        profile.log(column: "t", value: .null)
        profile.log(column: "t", value: .int(5))
        profile.log(column: "t", values: [.null, .double(.nan), .bool(true)])
        #expect(Array(profile.columns.keys) == ["t"])
        #expect(profile.columns["t"]?.columnType == .string, "declared text: string metrics whatever the first value")
        #expect(profile.columns["t"]?.counts?.n == 5)
        #expect(profile.columns["t"]?.counts?.null == 3)
        profile.log(column: "t", values: [.string("Two words."), .int(1)])
        #expect(profile.columns["t.word_count"]?.counts?.n == 1)
        #expect(profile.columns["t.word_count"]?.ints?.max == 2)
    }

    @Test func declaringAfterLoggingAffectsOnlyLaterValues() {
        var profile = DatasetProfile()
        profile.log(column: "t", value: .int(7))
        profile.declare(textColumn: "t")
        profile.log(column: "t", value: .string("abc"))
        #expect(profile.columns["t"]?.columnType == .integral, "the existing column keeps its metrics")
        #expect(profile.columns["t"]?.counts?.n == 2)
        #expect(profile.columns["t.char_count"]?.counts?.n == 1)
    }

    // MARK: - Image columns

    @Test func imageBatchDerivedColumnsSummariseAsPILsAnswers() throws {
        let fixtures = FeaturesImageTests.exactFixtures
        try #require(fixtures.count >= 50)
        let images = try fixtures.map { try Fixtures.bytes("images/\($0.file)") }
        var profile = DatasetProfile()
        profile.log(column: "img", images: images)
        #expect(profile.columnRoles == ["img": .image])

        var reference = DatasetProfile()
        let pil = fixtures.map(Self.pilFeatures)
        for (index, feature) in ImageMetadata.featureNames.enumerated() {
            #expect(pil[0][index].name == feature)
            Self.logBatch(&reference, "img.\(feature)", pil.map { $0[index].value })
        }
        #expect(Set(profile.columns.keys) == Self.expectedImageNames("img").union(["img"]))
        let derived = profile.summary().filter { $0.column != "img" }
        #expect(Self.canonical(derived) == Self.canonical(reference.summary()))

        let s = Self.summaries(profile)
        let widths = fixtures.map { Double($0.width) }
        #expect(
            s["img.ImagePixelWidth"]?["distribution/mean"]?.doubleValue == widths.reduce(0, +) / Double(widths.count))
        var modes: [String: Int64] = [:]
        for e in fixtures { modes[e.mode, default: 0] += 1 }
        #expect(Self.frequent(s["img.Colorspace"]?["frequent_items/frequent_strings"]) == modes)
        #expect(s["img.Brightness.mean"]?["distribution/max"] == .double(fixtures.map { $0.hsvMean[2] }.max()!))

        let column = try #require(profile.columns["img"])
        #expect(column.metricNamespaces == ["counts", "types"], "an image column holds objects")
        #expect(column.counts?.n == Int64(images.count))
        #expect(column.types?.object == Int64(images.count))
        #expect(profile.imageDecodeErrorCount(column: "img") == 0)
        #expect(profile.columns["img.decode_error"] == nil)
    }

    @Test func jpegRowsYieldPILsDimensionsModesAndStatistics() throws {
        let fixtures = FeaturesImageTests.jpegFixtures
        try #require(fixtures.count >= 5)
        var profile = DatasetProfile()
        profile.declare(imageColumn: "photo")
        for (i, e) in fixtures.enumerated() {
            profile.log(row: ["photo": .bytes(try Fixtures.bytes("images/\(e.file)")), "id": .int(Int64(i))])
        }
        let s = Self.summaries(profile)
        #expect(s["photo"]?["types/object"] == .int(Int64(fixtures.count)))
        #expect(s["photo.ImagePixelWidth"]?["ints/max"] == .int(Int64(fixtures.map(\.width).max()!)))
        #expect(s["photo.ImagePixelHeight"]?["ints/min"] == .int(Int64(fixtures.map(\.height).min()!)))
        var modes: [String: Int64] = [:]
        for e in fixtures { modes[e.mode, default: 0] += 1 }
        #expect(Self.frequent(s["photo.Colorspace"]?["frequent_items/frequent_strings"]) == modes)
        // libjpeg-turbo builds may differ from Pillow's by a little (FeaturesImageTests).
        let pilMean = fixtures.map { $0.hsvMean[2] }.reduce(0, +) / Double(fixtures.count)
        let mean = try #require(s["photo.Brightness.mean"]?["distribution/mean"]?.doubleValue)
        #expect(abs(mean - pilMean) <= 1.0)
        #expect(profile.columns["photo.entropy"]?.columnType == .fractional)
    }

    /// The 8×6 gradient of the whylogs fixture `image` (pixel (x, y) = (x·32, y·40, 128)), written as
    /// a binary PPM: Sketchbook's derived columns summarise as whylogs' own image metric.
    @Test func derivedImageColumnsMatchWhylogsImageMetric() throws {
        var ppm = Array("P6\n8 6\n255\n".utf8)
        for y in 0..<6 {
            for x in 0..<8 { ppm += [UInt8(x * 32), UInt8(y * 40), 128] }
        }
        var profile = DatasetProfile()
        profile.declare(imageColumn: "image")
        profile.log(row: ["image": .bytes(ppm)])
        let ours = Self.summaries(profile)

        let fixture = try #require(try Fixtures.json("whylogs/image.summary.json") as? [String: Any])
        let whylogs = try #require(fixture["image"] as? [String: Any])
        var features = Set<String>()
        var compared = 0
        for (key, expected) in whylogs {
            guard key.hasPrefix("image/"), let colon = key.firstIndex(of: ":") else { continue }
            let feature = String(key[key.index(key.startIndex, offsetBy: 6)..<colon])
            let field = String(key[key.index(after: colon)...])
            features.insert(feature)
            let summary = try #require(ours["image.\(feature)"], "\(feature)")
            let actual = try #require(summary[field], "\(key)")
            compared += 1
            switch expected {
            case let items as [[String: Any]]:
                let expectedItems = Dictionary(
                    uniqueKeysWithValues: items.map { ($0["value"] as! String, ($0["est"] as! NSNumber).int64Value) })
                #expect(Self.frequent(actual) == expectedItems, "\(key)")
            case let number as NSNumber:
                let value = try #require(actual.doubleValue, "\(key): \(actual)")
                let target = number.doubleValue
                #expect(abs(value - target) <= 1e-12 * max(1, abs(target)), "\(key): \(value) vs \(target)")
            case let special as [String: String]:
                #expect(actual.doubleValue?.isNaN == true && special["$f"] == "NaN", "\(key)")
            case is NSNull:
                #expect(actual == .null, "\(key)")
            default:
                Issue.record("\(key): unexpected fixture value \(expected)")
            }
        }
        #expect(
            features == Set(ImageMetadata.featureNames).subtracting(["aspect_ratio", "mean_R", "mean_G", "mean_B"]))
        #expect(compared > 200)
    }

    @Test func corruptImagesAreCountedByKindAndDoNotStopTheOtherRows() throws {
        let good = try ["png_c2_d8.png", "png_c0_d8.png", "pnm_p6_max255.ppm"].map {
            try Fixtures.bytes("images/\($0)")
        }
        let bad: [[UInt8]] = [
            try Fixtures.bytes("images/bad_cmyk.jpg"), try Fixtures.bytes("images/bad_huge_dims.png"),
            try Fixtures.bytes("images/bad_bomb_idat.png"), Array(good[0].prefix(60)), Array(good[1].dropLast(20)), [],
            Array("not an image".utf8),
        ]
        var expectedKinds: [String: Int64] = [:]
        for bytes in bad {
            let kind = try #require(Self.errorKind(bytes), "a bad image decodes")
            expectedKinds[kind, default: 0] += 1
        }
        expectedKinds[DatasetProfile.notImageBytesError, default: 0] += 1

        // Batch: bad values interleaved with good ones, a string and a null.
        let values: [FeatureValue] =
            [.bytes(good[0])] + bad.map(FeatureValue.bytes) + [
                .bytes(good[1]), .string("cat.png"), .null, .bytes(good[2]),
            ]
        var batch = DatasetProfile()
        batch.declare(imageColumn: "img")
        batch.log(column: "img", values: values)
        // Rows: the same values one by one, next to an ordinary column.
        var rows = DatasetProfile(columnRoles: ["img": .image])
        for (i, value) in values.enumerated() { rows.log(row: ["img": value, "id": .int(Int64(i))]) }

        for profile in [batch, rows] {
            let s = Self.summaries(profile)
            #expect(profile.imageDecodeErrorCount(column: "img") == Int64(bad.count + 1))
            #expect(Self.frequent(s["img.decode_error"]?["frequent_items/frequent_strings"]) == expectedKinds)
            #expect(s["img.decode_error"]?["types/string"] == .int(Int64(bad.count + 1)))
            #expect(s["img.ImagePixelWidth"]?["counts/n"] == .int(3))
            #expect(s["img.Colorspace"]?["counts/n"] == .int(3))
            #expect(s["img"]?["counts/n"] == .int(Int64(values.count)))
            #expect(s["img"]?["counts/null"] == .int(1))
            #expect(s["img"]?["types/object"] == .int(Int64(good.count + bad.count)))
            #expect(s["img"]?["types/string"] == .int(1))
        }
        #expect(Self.summaries(rows)["id"]?["counts/n"] == .int(Int64(values.count)))
        #expect(
            Self.canonical(batch.summary())["img.decode_error"] == Self.canonical(rows.summary())["img.decode_error"])
    }

    @Test func thePixelLimitIsReportedAsADecodeError() throws {
        var profile = DatasetProfile(columnRoles: ["img": .image])
        profile.imageDecoder = ImageDecoder(maxPixelCount: 100)
        profile.log(column: "img", images: [try Fixtures.bytes("images/png_c2_d8.png")])  // 13 × 11
        #expect(profile.imageDecodeErrorCount(column: "img") == 1)
        #expect(
            Self.frequent(Self.summaries(profile)["img.decode_error"]?["frequent_items/frequent_strings"]) == [
                "unsupported": 1
            ])
        #expect(profile.columns["img.ImagePixelWidth"] == nil)
    }

    // MARK: - Merge and files

    static func mixedProfile(texts: ArraySlice<String?>, images: [String], corrupt: Bool) throws -> DatasetProfile {
        var profile = DatasetProfile(
            datasetTimestampMilliseconds: 1_700_000_000_000, creationTimestampMilliseconds: 1_700_000_000_001)
        profile.declare(textColumn: "review")
        profile.declare(imageColumn: "img")
        profile.log(column: "review", strings: Array(texts))
        var bytes = try images.map { try Fixtures.bytes("images/\($0)") }
        if corrupt { bytes.append(Array(bytes[0].prefix(100))) }
        profile.log(column: "img", images: bytes)
        return profile
    }

    @Test func theFileHoldsDerivedColumnsAsOrdinaryColumnsAndReadsBack() throws {
        let profile = try Self.mixedProfile(
            texts: Self.texts[...], images: ["png_c2_d8.png", "png_c3_d4.png", "jpeg_gray.jpg"], corrupt: true)
        for gzip in [false, true] {
            let file = profile.file
            let bytes = gzip ? file.gzipSerializedBytes() : file.serializedBytes()
            let back = try DatasetProfile(file: ProfileFile(serializedBytes: bytes))
            #expect(back.columnRoles.isEmpty, "roles are not stored in files")
            #expect(Set(back.columns.keys) == Set(profile.columns.keys))
            #expect(back.columns.keys.contains("img.decode_error"))
            #expect(Self.canonical(back.summary()) == Self.canonical(profile.summary()))
            #expect(back.file.serializedBytes() == file.serializedBytes())
        }
        // The file is a plain v1 file whose column names are the derived names.
        let file = profile.file
        #expect(file.columns["review.char_count"]?["ints/max"] != nil)
        #expect(file.columns["img.Colorspace"]?["frequent_items/frequent_strings"] != nil)
        #expect(file.columns.keys.allSatisfy { !$0.contains(":") })
    }

    @Test func mergeUnitesRolesAndMergesDerivedColumns() throws {
        var left = try Self.mixedProfile(texts: Self.texts[0..<4], images: ["png_c2_d8.png"], corrupt: true)
        left.columnRoles["img"] = nil
        left.declare(textColumn: "other")
        var right = try Self.mixedProfile(
            texts: Self.texts[4...], images: ["png_c0_d8.png", "png_c3_d8.png"], corrupt: false)
        right.declare(imageColumn: "review")  // a conflict: the receiver's role wins
        let whole = try Self.mixedProfile(
            texts: Self.texts[...], images: ["png_c2_d8.png", "png_c0_d8.png", "png_c3_d8.png"], corrupt: true)

        let merged = left.merging(right)
        #expect(merged.columnRoles == ["review": .text, "img": .image, "other": .text])
        #expect(right.merging(left).columnRoles == ["review": .image, "img": .image, "other": .text])
        #expect(Set(merged.columns.keys) == Set(whole.columns.keys))
        let m = Self.summaries(merged)
        let w = Self.summaries(whole)
        for column in whole.columns.keys {
            for key in ["counts/n", "counts/null", "types/integral", "types/fractional", "types/string", "ints/max"] {
                #expect(m[column]?[key] == w[column]?[key], "\(column) \(key)")
            }
            #expect(
                Self.frequent(m[column]?["frequent_items/frequent_strings"])
                    == Self.frequent(w[column]?["frequent_items/frequent_strings"]), "\(column)")
            if let mean = w[column]?["distribution/mean"]?.doubleValue, !mean.isNaN {
                let merged = try #require(m[column]?["distribution/mean"]?.doubleValue)
                #expect(abs(merged - mean) <= 1e-9 * max(1, abs(mean)), "\(column)")
            }
        }
        #expect(merged.imageDecodeErrorCount(column: "img") == 1)
    }
}
