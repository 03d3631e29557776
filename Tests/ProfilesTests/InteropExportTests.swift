import Foundation
import ProfileImages
import Profiles
import SketchbookTestSupport
import Testing

/// Writes profiles built by Sketchbook, with Sketchbook's own summaries, for Python whylogs to read
/// back (`fixtures/whylogs/check_sketchbook_profiles.py`, run by `.ci/run`): whylogs must open every
/// file and summarize each column as Sketchbook does.
///
/// Runs only when `SKETCHBOOK_INTEROP_DIR` names a directory to write into.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["SKETCHBOOK_INTEROP_DIR"] != nil))
struct ProfilesInteropExportTests {
    static let timestamp: UInt64 = 1_704_164_645_678

    /// The profiles: the inputs of the whylogs fixtures, and a seeded mixed dataset large enough
    /// for every sketch to leave exact mode.
    static func profiles() throws -> [(String, DatasetProfile)] {
        func fresh() -> DatasetProfile {
            DatasetProfile(
                datasetTimestampMilliseconds: timestamp, creationTimestampMilliseconds: timestamp + 1,
                metadata: ["whylogs.tag.source": "sketchbook", "purpose": "interop"])
        }
        var result: [(String, DatasetProfile)] = []

        var ints = fresh()
        ints.log(column: "i", ints: [-3, -2, -1, 0, 1, 2, 3, 4, 5, 6, 42, 42])
        result.append(("ints", ints))

        var floats = fresh()
        floats.log(column: "f", doubles: [1.0, .nan, .infinity, -.infinity, .nan, 2.5, -0.0, 3.25])
        floats.log(column: "g", doubles: [0.1, 0.2, 0.30000000000000004, .nan, 1e-300, 5.0, 6.0, 7.0])
        result.append(("floats", floats))

        var strings = fresh()
        strings.log(
            column: "s",
            strings: [
                "a", "b", "", "", nil, "Zürich", String(repeating: "long ", count: 40), "日本語", "a", "x", "y", "z",
            ])
        result.append(("strings", strings))

        var booleans = fresh()
        booleans.log(column: "b", bools: [true, false, true, true])
        result.append(("booleans", booleans))

        var rows = fresh()
        rows.log(row: ["x": .int(1), "y": .double(2.5), "z": .string("hello"), "w": .null])
        rows.log(row: ["x": .int(3), "y": .double(-1.25), "z": .string("world"), "w": .bool(true)])
        result.append(("rows", rows))

        // A seeded mixed dataset: 20,000 rows, sketches in estimation mode, frequent items purging.
        var rng = SplitMix64(seed: 2026)
        var large = fresh()
        let count = 20_000
        large.log(column: "id", ints: (0..<count).map { _ in Int64(bitPattern: rng.next() % 1_000_000) })
        large.log(
            column: "price",
            doubles: (0..<count).map { i in i % 97 == 0 ? .nan : Double(rng.next() % 100_000) / 100 })
        large.log(
            column: "country",
            strings: (0..<count).map { i in i % 53 == 0 ? nil : "c\(rng.next() % (1 + rng.next() % 3000))" })
        large.log(column: "flag", bools: (0..<count).map { _ in rng.next() % 3 == 0 })
        result.append(("mixed_20k", large))

        // A merge of two parts.
        var left = fresh()
        left.log(column: "v", ints: Array(1...500))
        var right = fresh()
        right.log(column: "v", ints: Array(250...900))
        right.log(column: "w", doubles: (0..<300).map { Double($0) * 0.5 })
        result.append(("merged", left.merging(right)))

        // A text column and an image column with their derived columns `<column>.<feature>`,
        // batch and row logged, with a corrupt image reported in `img.decode_error`.
        var media = fresh()
        media.declare(textColumn: "review")
        media.declare(imageColumn: "img")
        media.log(
            column: "review",
            strings: ["Great product!", "Zürich is 3 km away. Nice.", nil, "", "日本語のテキスト。", "UPPER lower 42"])
        let images = try [
            "png_c2_d8.png", "png_c0_d16.png", "png_c3_d4_trns.png", "pnm_p6_max255.ppm", "jpeg_gray.jpg",
        ]
        .map { try Fixtures.bytes("images/\($0)") }
        let cmyk = try Fixtures.bytes("images/bad_cmyk.jpg")
        media.log(column: "img", images: images + [Array(images[0].prefix(80)), cmyk])
        media.log(row: ["review": .string("Row two words."), "img": .bytes(images[1])])
        media.log(row: ["review": .null, "img": .bytes([0x89, 0x50])])
        result.append(("text_image", media))
        return result
    }

    @Test func exportProfilesWithTheirSummaries() throws {
        let directory = URL(
            fileURLWithPath: try #require(ProcessInfo.processInfo.environment["SKETCHBOOK_INTEROP_DIR"]))
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for (name, profile) in try Self.profiles() {
            try profile.file.write(to: directory.appendingPathComponent("\(name).bin").path)
            var columns: [String] = []
            for summary in profile.summary() {
                let fields = summary.fields.filter { $0.key != "type" }.map {
                    "\(Self.quote($0.key)): \(Self.json($0.value))"
                }
                columns.append("\(Self.quote(summary.column)): {\(fields.joined(separator: ", "))}")
            }
            let text = "{\(columns.joined(separator: ",\n "))}\n"
            try Data(text.utf8).write(to: directory.appendingPathComponent("\(name).summary.json"))
        }
    }

    /// JSON in the fixtures' convention: shortest round-trip doubles, non-finite as {"$f": …}.
    static func json(_ value: SummaryValue) -> String {
        switch value {
        case .int(let number): return "\(number)"
        case .double(let number):
            if number.isNaN { return #"{"$f": "NaN"}"# }
            if number.isInfinite { return number > 0 ? #"{"$f": "Infinity"}"# : #"{"$f": "-Infinity"}"# }
            return "\(number)"
        case .string(let text): return quote(text)
        case .null: return "null"
        case .frequentItems(let items):
            return "["
                + items.map {
                    #"{"value": \#(quote($0.value)), "est": \#($0.estimate), "upper": \#($0.upperBound), "lower": \#($0.lowerBound)}"#
                }.joined(separator: ", ") + "]"
        }
    }

    static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case let c where c.value < 0x20: out += String(format: "\\u%04x", c.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
