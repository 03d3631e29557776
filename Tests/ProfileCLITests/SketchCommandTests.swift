import Foundation
import SketchbookTestSupport
import Testing

/// End-to-end: the built `profile sketch` binary answers every DataSketches fixture exactly as the
/// library that wrote it did (answers recorded in each family's `manifest.json`).
@Suite struct SketchCommandTests {
    // MARK: Cases from the manifests

    struct KLLCase: Sendable, CustomTestStringConvertible {
        var file: String
        var library: String
        var layout: String
        var answers: [String: JSONNumberOrArray]
        var testDescription: String { file }
    }

    /// A JSON scalar or array of doubles, kept as `Double`s (the fixtures' values are exact).
    enum JSONNumberOrArray: Sendable, Equatable {
        case number(Double)
        case bool(Bool)
        case numbers([Double])
    }

    static let booleanKeys: Set<String> = ["is_empty", "is_estimation_mode"]

    static func convert(key: String, _ value: Any) -> JSONNumberOrArray? {
        if booleanKeys.contains(key), let flag = value as? Bool { return .bool(flag) }
        if let number = value as? NSNumber { return .number(number.doubleValue) }
        if let array = value as? [NSNumber] { return .numbers(array.map(\.doubleValue)) }
        return nil
    }

    static let kllRanks: [Double] = {
        let manifest = try? Fixtures.json("datasketches/kll/manifest.json") as? [String: Any]
        return (manifest?["ranks"] as? [Double]) ?? []
    }()

    static func kllCases() throws -> [KLLCase] {
        let manifest = try #require(try Fixtures.json("datasketches/kll/manifest.json") as? [String: Any])
        let cases = try #require(manifest["cases"] as? [[String: Any]])
        return cases.compactMap { entry in
            guard let file = entry["file"] as? String, let answers = entry["answers"] as? [String: Any] else {
                return nil
            }
            return KLLCase(
                file: file, library: entry["library"] as? String ?? "", layout: entry["layout"] as? String ?? "",
                answers: answers.reduce(into: [:]) { result, pair in
                    result[pair.key] = convert(key: pair.key, pair.value)
                })
        }
    }

    static func runJSON(_ arguments: [String]) throws -> [String: Any] {
        try runJSONWithText(arguments).object
    }

    static func runJSONWithText(_ arguments: [String]) throws -> (object: [String: Any], text: String) {
        let result = try ProfileExecutable.run(arguments)
        #expect(result.status == 0, "profile \(arguments.joined(separator: " ")): \(result.standardError)")
        #expect(result.standardError.isEmpty)
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        return (object, result.standardOutput)
    }

    /// The number after `"key": ` in JSON text, parsed by the standard library (correctly rounded;
    /// Foundation's JSON parser on Linux can be off by an ulp, which would hide or fake a mismatch).
    static func rawNumber(_ key: String, in text: String) -> Double? {
        guard let start = text.range(of: "\"\(key)\": ") else { return nil }
        let token = text[start.upperBound...].prefix { !",\n}]".contains($0) }
        return Double(token)
    }

    @Test(arguments: try kllCases())
    func kllImageReportsTheLibrarysAnswers(_ fixture: KLLCase) throws {
        let ranks = Self.kllRanks.map { "\($0)" }.joined(separator: ",")
        // Each image is queried with the rules of the library that wrote it.
        let rules = fixture.library.hasPrefix("whylogs") ? "whylogs" : "datasketches"
        let report = try Self.runJSON([
            "sketch", "--format", "json", "--ranks", ranks, "--rules", rules,
            "fixtures/datasketches/kll/\(fixture.file)",
        ])
        #expect(report["family"] as? String == "kll")
        #expect(report["layout"] as? String == fixture.layout)
        for key in [
            "n", "k", "num_retained", "is_empty", "is_estimation_mode", "min", "max",
            "normalized_rank_error_single", "normalized_rank_error_pmf", "quantiles_inclusive",
            "quantiles_exclusive",
        ] {
            guard let expected = fixture.answers[key] else { continue }
            let actual = report[key].flatMap { Self.convert(key: key, $0) }
            #expect(actual == expected, "\(key) of \(fixture.file)")
        }
    }

    struct HLLCase: Sendable, CustomTestStringConvertible {
        var file: String
        var lgK: Int?
        var targetType: String?
        var mode: String?
        var answers: [String: Double]
        var testDescription: String { file }
    }

    static func hllAnswers(_ object: [String: Any]) -> [String: Double] {
        var result: [String: Double] = [:]
        for (key, value) in object {
            guard let bits = (value as? [String: Any])?["bits"] as? String, let pattern = UInt64(bits, radix: 16)
            else { continue }
            let name =
                key == "estimate"
                ? key
                : key.replacingOccurrences(of: "lower", with: "lower_bound_")
                    .replacingOccurrences(of: "upper", with: "upper_bound_")
            result[name] = Double(bitPattern: pattern)
        }
        return result
    }

    static func hllCases() throws -> [HLLCase] {
        let manifest = try #require(try Fixtures.json("datasketches/hll/manifest.json") as? [String: Any])
        var cases: [HLLCase] = []
        let typeNames = [4: "HLL_4", 6: "HLL_6", 8: "HLL_8"]
        for entry in manifest["sketches"] as? [[String: Any]] ?? [] {
            let answers = hllAnswers(entry["answers"] as? [String: Any] ?? [:])
            for key in ["compact_file", "updatable_file"] {
                guard let file = entry[key] as? String else { continue }
                cases.append(
                    HLLCase(
                        file: file, lgK: entry["lg_k"] as? Int,
                        targetType: (entry["target_type"] as? Int).flatMap { typeNames[$0] },
                        mode: entry["mode"] as? String, answers: answers))
            }
        }
        for union in manifest["unions"] as? [[String: Any]] ?? [] {
            for (_, library) in union["libraries"] as? [String: Any] ?? [:] {
                for (type, result) in (library as? [String: Any])?["results"] as? [String: Any] ?? [:] {
                    guard let result = result as? [String: Any], let file = result["file"] as? String else { continue }
                    cases.append(
                        HLLCase(
                            file: file, lgK: result["lg_k"] as? Int, targetType: Int(type).flatMap { typeNames[$0] },
                            mode: result["mode"] as? String,
                            answers: hllAnswers(result["answers"] as? [String: Any] ?? [:])))
                }
            }
        }
        return cases
    }

    @Test(arguments: try hllCases())
    func hllImageReportsTheLibrarysAnswers(_ fixture: HLLCase) throws {
        let (report, text) = try Self.runJSONWithText([
            "sketch", "--format", "json", "fixtures/datasketches/hll/\(fixture.file)",
        ])
        #expect(report["family"] as? String == "hll")
        if let lgK = fixture.lgK { #expect(report["lg_k"] as? Int == lgK) }
        if let type = fixture.targetType { #expect(report["target_type"] as? String == type) }
        if let mode = fixture.mode { #expect(report["mode"] as? String == mode) }
        #expect(fixture.answers.count == 7, "the manifest gives an estimate and six bounds")
        for (key, expected) in fixture.answers {
            let actual = try #require(Self.rawNumber(key, in: text), "\(key) missing")
            // Bit-exact on x86_64 Linux, where the fixtures were made; DataSketches' own arm64
            // builds may differ in the last bits (datasketches.md §4.4).
            #if arch(x86_64)
            #expect(actual.bitPattern == expected.bitPattern, "\(key): \(actual) vs \(expected)")
            #else
            #expect(abs(actual - expected) <= 1e-12 * abs(expected), "\(key): \(actual) vs \(expected)")
            #endif
        }
    }

    struct FrequentItemsCase: Sendable, CustomTestStringConvertible {
        var file: String
        var numbers: [String: UInt64]
        var explicitThreshold: UInt64?
        var rows: [String: [Row]]
        var testDescription: String { file }
    }

    struct Row: Hashable, Sendable {
        var item: String
        var estimate: UInt64
        var lower: UInt64
        var upper: UInt64
    }

    static func rows(_ value: Any?) -> [Row] {
        (value as? [[Any]] ?? []).compactMap { row in
            guard row.count == 4, let item = row[0] as? String, let e = row[1] as? NSNumber,
                let l = row[2] as? NSNumber, let u = row[3] as? NSNumber
            else { return nil }
            return Row(item: item, estimate: e.uint64Value, lower: l.uint64Value, upper: u.uint64Value)
        }
    }

    static func frequentItemsCases() throws -> [FrequentItemsCase] {
        let manifest = try #require(
            try Fixtures.json("datasketches/frequent_items/manifest.json") as? [String: Any])
        var cases: [FrequentItemsCase] = []
        for entry in manifest["cases"] as? [[String: Any]] ?? [] {
            guard let answers = entry["answers"] as? [String: Any] else { continue }
            var numbers: [String: UInt64] = [:]
            for (ours, theirs) in [
                ("num_active_items", "num_active"), ("total_weight", "total_weight"),
                ("maximum_error", "maximum_error"), ("lg_cur_map_size", "lg_cur"), ("lg_max_map_size", "lg_max"),
            ] {
                if let value = answers[theirs] as? NSNumber { numbers[ours] = value.uint64Value }
            }
            var rowSets: [String: [Row]] = [:]
            for key in ["nfp_default", "nfn_default", "nfp_explicit", "nfn_explicit"] where answers[key] != nil {
                rowSets[key] = rows(answers[key])
            }
            let threshold = (answers["explicit_threshold"] as? NSNumber)?.uint64Value
            for key in ["file", "whylogs_file"] {
                guard let file = entry[key] as? String else { continue }
                cases.append(
                    FrequentItemsCase(file: file, numbers: numbers, explicitThreshold: threshold, rows: rowSets))
            }
        }
        return cases
    }

    @Test(arguments: try frequentItemsCases())
    func frequentItemsImageReportsTheLibrarysAnswers(_ fixture: FrequentItemsCase) throws {
        let path = "fixtures/datasketches/frequent_items/\(fixture.file)"
        var runs: [(String, [String])] = [
            ("nfp_default", ["--error-type", "no-false-positives"]),
            ("nfn_default", ["--error-type", "no-false-negatives"]),
        ]
        if let threshold = fixture.explicitThreshold {
            runs.append(("nfp_explicit", ["--error-type", "no-false-positives", "--threshold", "\(threshold)"]))
            runs.append(("nfn_explicit", ["--error-type", "no-false-negatives", "--threshold", "\(threshold)"]))
        }
        for (key, options) in runs {
            let report = try Self.runJSON(["sketch", "--format", "json"] + options + [path])
            #expect(report["family"] as? String == "frequent_items")
            for (name, expected) in fixture.numbers {
                #expect((report[name] as? NSNumber)?.uint64Value == expected, "\(name)")
            }
            guard let expectedRows = fixture.rows[key] else { continue }
            let actualRows = (report["frequent_items"] as? [[String: Any]] ?? []).compactMap { row -> Row? in
                guard let item = row["item"] as? String, let e = row["estimate"] as? NSNumber,
                    let l = row["lower_bound"] as? NSNumber, let u = row["upper_bound"] as? NSNumber
                else { return nil }
                return Row(item: item, estimate: e.uint64Value, lower: l.uint64Value, upper: u.uint64Value)
            }
            // C++ sorts rows with an unstable sort, so ties may come in any order: compare as
            // multisets, and check our order is by estimate, descending.
            #expect(actualRows.sorted { $0.item < $1.item } == expectedRows.sorted { $0.item < $1.item }, "\(key)")
            #expect(zip(actualRows, actualRows.dropFirst()).allSatisfy { $0.estimate >= $1.estimate })
        }
    }

    // MARK: Errors and formats

    @Test(arguments: [
        ("kll/kll_ds_double_k200_n1000.sk", 30, "KLL: levels[2] at byte 28"),
        ("hll/hll8_lgk12_hll_doubles_n1000_compact.sk", 100, "HLL:"),
        ("frequent_items/fi_strings_lg7_n1000.sk", 20, "frequent items:"),
    ])
    func truncatedImageExitsTwoWithOneLineNamingFieldAndOffset(
        _ fixture: String, _ length: Int, _ prefix: String
    )
        throws
    {
        let bytes = try Fixtures.bytes("datasketches/\(fixture)")
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("truncated-\(UUID().uuidString).sk")
        try Data(bytes.prefix(length)).write(to: path)
        defer { try? FileManager.default.removeItem(at: path) }
        let result = try ProfileExecutable.run(["sketch", path.path])
        #expect(result.status == 2)
        #expect(result.standardOutput.isEmpty)
        let lines = result.standardError.split(separator: "\n")
        #expect(lines.count == 1, "\(result.standardError)")
        #expect(result.standardError.contains(prefix), "\(result.standardError)")
        #expect(result.standardError.contains("expected"))
        #expect(result.standardError.contains("got"))
    }

    @Test func notASketchExitsTwo() throws {
        let result = try ProfileExecutable.run(["sketch", "Package.swift"])
        #expect(result.status == 2)
        #expect(result.standardError.hasPrefix("profile: error: Package.swift: "), "\(result.standardError)")
        #expect(result.standardError.contains("familyID at byte 2"))
    }

    @Test func missingFileExitsTwo() throws {
        let result = try ProfileExecutable.run(["sketch", "no/such/file.sk"])
        #expect(result.status == 2)
        #expect(result.standardError == "profile: error: no/such/file.sk: no such file\n")
    }

    @Test func badRanksAreAUsageErrorWithStatusTwo() throws {
        let result = try ProfileExecutable.run([
            "sketch", "--ranks", "0.5,1.5", "fixtures/datasketches/kll/kll_ds_double_k200_n10.sk",
        ])
        #expect(result.status == 2)
        #expect(result.standardError.contains("--ranks: '1.5' is not a number in [0, 1]"))
    }

    @Test func textFormatShowsTheSameFieldsAsJSON() throws {
        let result = try ProfileExecutable.run(["sketch", "fixtures/datasketches/kll/kll_ds_double_k200_n100000.sk"])
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("family                        kll"))
        #expect(result.standardOutput.contains("is_estimation_mode            true"))
        #expect(result.standardOutput.contains("quantile (inclusive)"))
    }

    @Test func helpDescribesTheCommandAndExitsZero() throws {
        let result = try ProfileExecutable.run(["sketch", "--help"])
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("Inspect a DataSketches KLL, HLL or frequent-items image."))
    }
}
