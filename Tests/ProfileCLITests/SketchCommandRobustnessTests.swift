import Foundation
import SketchbookTestSupport
import Testing

/// The built `profile sketch` never crashes on a corrupt image: it either reports the sketch
/// (status 0, valid JSON) or exits with status 2 and one error line.
@Suite struct SketchCommandRobustnessTests {
    static let fixtures = [
        "kll/kll_ds_double_k200_n100000.sk", "kll/kll_wl_double_k200_n1000.sk", "kll/kll_ds_float_k8_n10.sk",
        "kll/kll_ds_double_k200_n1.sk",
        "hll/hll4_lgk12_hll_doubles_n16384_compact.sk", "hll/hll4_lgk10_aux_high40v15_int64s_n30000_updatable.sk",
        "hll/hll8_lgk12_hll_doubles_n1000_compact.sk", "hll/hll4_lgk12_hll_int64s_n385_compact.sk",
        "frequent_items/fi_strings_lg10_n100000.sk", "frequent_items/fi_weighted_strings_lg7_n1000.sk",
        "frequent_items/fi_strings_lg3_n10.sk",
    ]

    @Test(arguments: fixtures)
    func corruptImagesExitZeroOrTwoNeverCrash(_ fixture: String) throws {
        let original = try Fixtures.bytes("datasketches/\(fixture)")
        let seed = UInt64(fixture.utf8.reduce(0) { ($0 &* 31) &+ Int($1) }.magnitude)
        var rng = SplitMix64(seed: seed)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "sketch-fuzz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for trial in 0..<12 {
            var bytes = original
            switch trial % 3 {
            case 0:  // truncate
                bytes = Array(bytes.prefix(Int(rng.next() % UInt64(bytes.count))))
            case 1:  // flip 1-4 bytes, biased towards the header
                for _ in 0..<(1 + Int(rng.next() % 4)) {
                    let limit = rng.next() % 2 == 0 ? min(bytes.count, 48) : bytes.count
                    bytes[Int(rng.next() % UInt64(limit))] = UInt8(truncatingIfNeeded: rng.next())
                }
            default:  // append garbage
                bytes += (0..<(1 + Int(rng.next() % 16))).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            }
            let path = directory.appendingPathComponent("trial-\(trial).sk")
            try Data(bytes).write(to: path)
            let result = try ProfileExecutable.run(["sketch", "--format", "json", path.path])
            let context = "\(fixture), seed \(seed), trial \(trial): status \(result.status), \(result.standardError)"
            #expect(result.status == 0 || result.status == 2, "\(context)")
            if result.status == 0 {
                #expect(
                    (try? JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8))) != nil, "\(context)")
            } else {
                #expect(result.standardError.hasPrefix("profile: error: "), "\(context)")
                #expect(result.standardError.split(separator: "\n").count == 1, "\(context)")
            }
        }
    }
}
