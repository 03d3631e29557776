import Foundation
import Profiles
import Prometheus
import ServerHookPrometheus
import Sketches
import Testing

@testable import ServerHook

/// `hashedStringColumns`: a keyed PRF, a key that must be set.
@Suite struct StringPseudonymTests {
    @Test func hashedColumnsAreRefusedWithoutAKey() throws {
        let directory = try HookTestSupport.temporaryDirectory()
        let clock = ManualClock(seconds: HookTestSupport.dayStart)
        #expect {
            _ = try HookTestSupport.makeHook(directory: directory, clock: clock) { $0.hashedStringColumns = ["email"] }
        } throws: { error in
            let error = error as? ServerHookError
            return error?.code == .invalidConfiguration && error?.field == "string hash key"
        }
    }
}

/// `columnsWithoutFrequentItems`: counts, types and distinct counts only, whatever the values' kind.
@Suite struct ColumnsWithoutValuesTests {
    /// The bytes a value could be stored as in a profile: double and float bits (KLL items, means,
    /// min/max), and the varint of an integer (ints min/max).
    static func encodings(of value: Double) -> [[UInt8]] {
        var result = [
            withUnsafeBytes(of: value.bitPattern.littleEndian, Array.init),
            withUnsafeBytes(of: Float(value).bitPattern.littleEndian, Array.init),
        ]
        if value == value.rounded() {
            var varint: [UInt8] = []
            var rest = UInt64(bitPattern: Int64(value))
            while rest >= 0x80 {
                varint.append(UInt8(rest & 0x7F) | 0x80)
                rest >>= 7
            }
            varint.append(UInt8(rest))
            result.append(varint)
        }
        return result
    }

    @Test func numbersOfSuchColumnsAreNotInTheWindowFileByNameOrByPosition() throws {
        let directory = try HookTestSupport.temporaryDirectory()
        let clock = ManualClock(seconds: HookTestSupport.dayStart)
        let hook = try HookTestSupport.makeHook(directory: directory, clock: clock) {
            $0.columnsWithoutFrequentItems = ["salary", "age", "income"]
        }
        let schema = FeatureSchema(["income", "score"])
        for index in 0..<50 {
            hook.record(
                features: [
                    "salary": .double(987_654.3125), "age": .int(4_242_424), "x": .double(Double(index)),
                ],
                prediction: 1)
            hook.record([8_765_432.5, Double(index)], schema: schema, prediction: 1)
        }
        hook.flushAll()
        let path = try #require(
            HookTestSupport.allFiles(in: directory).first { $0.hasSuffix(".bin.gz") }.map { "\(directory)/\($0)" })
        let raw = try ProfileFile(contentsOf: path).serializedBytes()
        for secret in [987_654.3125, 4_242_424, 8_765_432.5] {
            for bytes in Self.encodings(of: secret) {
                let found = raw.containsSubsequence(bytes)
                #expect(!found, "\(secret) is in the file as \(bytes)")
            }
        }
        let profile = try DatasetProfile(file: ProfileFile(contentsOf: path))
        for name in ["salary", "age", "income"] {
            let column = try #require(profile.columns[name], "\(name)")
            #expect(column.counts?.n == 50, "\(name)")
            #expect(column.types != nil, "\(name)")
            #expect(column.cardinality != nil, "\(name)")
            let (distribution, ints, items) = (
                column.distribution != nil, column.ints != nil, column.frequentItems != nil
            )
            #expect(!distribution, "\(name) keeps its distribution")
            #expect(!ints, "\(name) keeps its exact min/max")
            #expect(!items, "\(name) keeps frequent items")
        }
        #expect(profile.columns["x"]?.distribution != nil)  // other columns unchanged
        #expect(profile.columns["score"]?.distribution != nil)
    }

    @Test func thePredictionColumnCanBeKeptWithoutValuesOnBothPaths() throws {
        let directory = try HookTestSupport.temporaryDirectory()
        let clock = ManualClock(seconds: HookTestSupport.dayStart)
        let hook = try HookTestSupport.makeHook(directory: directory, clock: clock) {
            $0.columnsWithoutFrequentItems = ["prediction"]
        }
        let schema = FeatureSchema(["a"])
        for index in 0..<20 {
            hook.record(features: ["x": .double(Double(index))], prediction: 7_654_321.25)
            hook.record([Double(index)], schema: schema, prediction: 7_654_321.25)
        }
        hook.flushAll()
        let profile = try #require(try HookTestSupport.windowFiles(in: directory).first?.window.profile)
        let prediction = try #require(profile.columns["prediction"])
        #expect(prediction.counts?.n == 40)
        let kept = prediction.distribution != nil || prediction.frequentItems != nil
        #expect(!kept, "the prediction column keeps values")
        #expect(profile.columns["a"]?.distribution?.n == 20)
    }
}

/// The by-name path's feature names per window are bounded.
@Suite struct FeatureNameLimitTests {
    @Test func distinctFeatureNamesPerWindowAreCappedAtTheDefault() throws {
        let directory = try HookTestSupport.temporaryDirectory()
        let clock = ManualClock(seconds: HookTestSupport.dayStart)
        let hook = try HookTestSupport.makeHook(directory: directory, clock: clock)
        for index in 0..<3000 {
            hook.record(features: ["x": .double(1), "name-\(index)": .int(Int64(index))], prediction: 1)
        }
        hook.flushAll()
        let windows = try HookTestSupport.windowFiles(in: directory)
        let profile = try #require(windows.first?.window.profile)
        // 1,000 feature names (x among them) and the prediction column.
        #expect(profile.columns.count <= 1001, "\(profile.columns.count) columns")
        #expect(profile.columns["x"]?.counts?.n == 3000)
        #expect(windows.first?.window.records == 3000)  // the records are kept, the extra names dropped
    }
}

/// SipHash-2-4 against the published vectors, and the pseudonyms it makes.
@Suite struct SipHashTests {
    /// The reference implementation's vectors: key 00 01 … 0f, message 00 01 … (n − 1) for
    /// n = 0…63; these are the first 16 and the last. Entry 15 is the paper's worked example
    /// (appendix A): a129ca6149be45e5.
    static let vectors: [(length: Int, hash: UInt64)] = [
        (0, 0x726f_db47_dd0e_0e31), (1, 0x74f8_39c5_93dc_67fd), (2, 0x0d6c_8009_d9a9_4f5a),
        (3, 0x8567_6696_d7fb_7e2d), (4, 0xcf27_94e0_2771_87b7), (5, 0x1876_5564_cd99_a68d),
        (6, 0xcbc9_466e_58fe_e3ce), (7, 0xab02_00f5_8b01_d137), (8, 0x93f5_f579_9a93_2462),
        (9, 0x9e00_82df_0ba9_e4b0), (10, 0x7a5d_bbc5_94dd_b9f3), (11, 0xf4b3_2f46_226b_ada7),
        (12, 0x751e_8fbc_860e_e5fb), (13, 0x14ea_5627_c084_3d90), (14, 0xf723_ca90_8e7a_f2ee),
        (15, 0xa129_ca61_49be_45e5), (16, 0x3f2a_cc7f_57c2_9bdb), (63, 0x958a_324c_eb06_4572),
    ]

    static let referenceKey = try! StringHashKey(bytes: 0..<16)

    @Test(arguments: vectors)
    func matchesThePublishedVector(length: Int, hash: UInt64) throws {
        let message = (0..<length).map { UInt8($0) }
        let key = Self.referenceKey
        let result = message.withUnsafeBytes { _SipHash24.hash($0, k0: key.k0, k1: key.k1) }
        #expect(result == hash, "length \(length): \(String(result, radix: 16))")
    }

    @Test func theKeyIsReadLittleEndianFromHexDigits() throws {
        let key = try StringHashKey(hexDigits: "000102030405060708090A0B0C0D0E0F")
        #expect(key == Self.referenceKey)
        #expect(key.k0 == 0x0706_0504_0302_0100 && key.k1 == 0x0f0e_0d0c_0b0a_0908)
    }

    @Test(arguments: [
        ("", "32 hex digits"), ("00", "32 hex digits"), (String(repeating: "0", count: 32), "all zero"),
        (String(repeating: "g", count: 32), "not all hex digits"),
    ])
    func badOrZeroKeysAreRefusedNamingTheField(text: String, problem: String) {
        #expect {
            _ = try StringHashKey(hexDigits: text)
        } throws: { error in
            let error = error as? ServerHookError
            return error?.code == .invalidConfiguration && error?.field == "string hash key"
                && "\(error!)".contains(problem)
        }
        #expect(throws: ServerHookError.self) { _ = try StringHashKey(bytes: [UInt8](repeating: 0, count: 16)) }
        #expect(throws: ServerHookError.self) { _ = try StringHashKey(bytes: [UInt8](repeating: 1, count: 15)) }
    }

    @Test func theKeyIsNeverPrinted() throws {
        let key = try StringHashKey(hexDigits: "5ec2e75ec2e75ec2e75ec2e75ec2e75e")
        var configuration = ServerHookConfiguration()
        configuration.stringHashKey = key
        for text in ["\(key)", String(reflecting: key), "\(configuration)", String(reflecting: configuration)] {
            #expect(!text.lowercased().contains("5ec2e7"), "\(text)")
            #expect(!text.contains(String(key.k0)) && !text.contains(String(key.k1)), "\(text)")
        }
    }

    @Test func theStoredPseudonymIsTheKeyedPRFOfTheValueNotASeededMurmurHash() throws {
        let directory = try HookTestSupport.temporaryDirectory()
        let clock = ManualClock(seconds: HookTestSupport.dayStart)
        let key = try StringHashKey(hexDigits: "8f1e0c6a2b4d9e7f30a5c1d2e3f40516")
        let hook = try HookTestSupport.makeHook(directory: directory, clock: clock) {
            $0.hashedStringColumns = ["email"]
            $0.stringHashKey = key
        }
        let value = "person7@example.org"
        hook.record(features: ["email": .string(value)], prediction: 1)
        hook.flushAll()
        let profile = try #require(try HookTestSupport.windowFiles(in: directory).first?.window.profile)
        let items = try #require(profile.columns["email"]?.frequentItems).sketch.frequentItems(
            errorType: .noFalseNegatives)
        let stored = try #require(items.first?.item)
        let expected = String(format: "%016llx", _SipHash24.hash(value, k0: key.k0, k1: key.k1))
        #expect(stored == expected)
        // What the old scheme stored (MurmurHash3 seeded with a 64-bit key, which one known pair
        // reveals): not what is stored now, whichever half of the key were the seed.
        for seed in [key.k0, key.k1] {
            let murmur = try #require(MurmurHash3.hash(value, seed: seed))
            #expect(stored != PredictionID.hexDigits(murmur.h1, murmur.h2))
            #expect(!stored.contains(String(murmur.h1, radix: 16)))
        }
    }
}

extension SipHashTests {
    /// `vectors_sip64` of the reference implementation (github.com/veorq/SipHash, vectors.h):
    /// key 00 01 … 0f, message 00 01 … (n − 1), the 8 output bytes as it writes them
    /// (little-endian), for every n = 0…63: every tail length (n mod 8) with 0 to 7 full blocks.
    static let allReferenceVectors: [String] = [
        "310e0edd47db6f72", "fd67dc93c539f874", "5a4fa9d909806c0d", "2d7efbd796666785",
        "b7877127e09427cf", "8da699cd64557618", "cee3fe586e46c9cb", "37d1018bf50002ab",
        "6224939a79f5f593", "b0e4a90bdf82009e", "f3b9dd94c5bb5d7a", "a7ad6b22462fb3f4",
        "fbe50e86bc8f1e75", "903d84c02756ea14", "eef27a8e90ca23f7", "e545be4961ca29a1",
        "db9bc2577fcc2a3f", "9447be2cf5e99a69", "9cd38d96f0b3c14b", "bd6179a71dc96dbb",
        "98eea21af25cd6be", "c7673b2eb0cbf2d0", "883ea3e395675393", "c8ce5ccd8c030ca8",
        "94af49f6c650adb8", "eab8858ade92e1bc", "f315bb5bb835d817", "adcf6b0763612e2f",
        "a5c91da7acaa4dde", "716595876650a2a6", "28ef495c53a387ad", "42c341d8fa92d832",
        "ce7cf2722f512771", "e37859f94623f3a7", "381205bb1ab0e012", "ae97a10fd434e015",
        "b4a31508beff4d31", "81396229f0907902", "4d0cf49ee5d4dcca", "5c73336a76d8bf9a",
        "d0a704536ba93e0e", "925958fcd6420cad", "a915c29bc8067318", "952b79f3bc0aa6d4",
        "f21df2e41d4535f9", "87577519048f53a9", "10a56cf5dfcd9adb", "eb75095ccd986cd0",
        "51a9cb9ecba312e6", "96afadfc2ce666c7", "72fe52975a4364ee", "5a1645b276d592a1",
        "b274cb8ebf87870a", "6f9bb4203de7b381", "eaecb2a30b22a87f", "9924a43cc1315724",
        "bd838d3aafbf8db7", "0b1a2a3265d51aea", "135079a3231ce660", "932b2846e4d70666",
        "e1915f5cb1eca46c", "f325965ca16d629f", "575ff28e60381be5", "724506eb4c328a95",
    ]

    @Test func matchesEveryReferenceVectorForLengths0To63() throws {
        #expect(Self.allReferenceVectors.count == 64)
        let key = Self.referenceKey
        // One byte in front: the blocks are read unaligned, as a Swift string's bytes may be.
        let buffer = [0xAA] + (0..<64).map { UInt8($0) }
        for (length, expected) in Self.allReferenceVectors.enumerated() {
            let hash = buffer.withUnsafeBytes {
                _SipHash24.hash(UnsafeRawBufferPointer(rebasing: $0[1..<(1 + length)]), k0: key.k0, k1: key.k1)
            }
            let bytes = withUnsafeBytes(of: hash.littleEndian) { $0.map { String(format: "%02x", $0) }.joined() }
            #expect(bytes == expected, "length \(length)")
        }
    }

    @Test(arguments: [
        ("000102030405060708090a0b0c0d0e0", "31 characters"), ("000102030405060708090a0b0c0d0e0f0", "33 characters"),
        (" 000102030405060708090a0b0c0d0e0f", "33 characters"), ("000102030405060708090a0b0c0d0e0f\n", "33 characters"),
        ("000102030405060708090a0b0c0d0e 0f", "33 characters"), ("0x0102030405060708090a0b0c0d0e0f", "not all hex"),
        ("000102030405060708090a0b0c0d0e0-", "not all hex"), ("00010203040506070809０a0b0c0d0e0f", "characters"),
    ])
    func malformedKeysAreRefusedWithoutRepeatingThem(text: String, problem: String) {
        #expect {
            _ = try StringHashKey(hexDigits: text)
        } throws: { error in
            let message = "\(error)" + String(reflecting: error)
            return message.contains(problem) && !message.contains("0a0b0c") && !message.contains("0405060708")
        }
    }

    @Test func dumpingAConfigurationDoesNotShowTheKey() throws {
        var configuration = ServerHookConfiguration()
        configuration.stringHashKey = try StringHashKey(hexDigits: "5ec2e75ec2e75ec2e75ec2e75ec2e75e")
        configuration.hashedStringColumns = ["email"]
        var dumped = ""
        dump(configuration, to: &dumped)
        let key = try #require(configuration.stringHashKey)
        #expect(!dumped.lowercased().contains("5ec2e7") && !dumped.contains(String(key.k0)), "\(dumped)")
        #expect(!dumped.contains(String(key.k1)) && !dumped.contains(String(key.k0, radix: 16)))
    }
}

extension SipHashTests {
    @Test func valuesOfOtherKindsInAHashedColumnAreHashedByTheirTextOnBothPaths() throws {
        let directory = try HookTestSupport.temporaryDirectory()
        let clock = ManualClock(seconds: HookTestSupport.dayStart)
        let key = try StringHashKey(hexDigits: "0f1e2d3c4b5a69788796a5b4c3d2e1f0")
        let hook = try HookTestSupport.makeHook(directory: directory, clock: clock) {
            $0.hashedStringColumns = ["user_id", "account"]
            $0.stringHashKey = key
        }
        let schema = FeatureSchema(["account", "amount"])
        for _ in 0..<10 {
            hook.record(features: ["user_id": .int(98_765_432_101)], prediction: 1)
            hook.record([55_555_555_555, 3], schema: schema, prediction: 1)
        }
        hook.flushAll()
        let path = try #require(
            HookTestSupport.allFiles(in: directory).first { $0.hasSuffix(".bin.gz") }.map { "\(directory)/\($0)" })
        let raw = try ProfileFile(contentsOf: path).serializedBytes()
        for secret in [98_765_432_101, 55_555_555_555.0] {
            for bytes in ColumnsWithoutValuesTests.encodings(of: secret) {
                let found = raw.containsSubsequence(bytes)
                #expect(!found, "\(secret) is in the file as \(bytes)")
            }
        }
        let profile = try DatasetProfile(file: ProfileFile(contentsOf: path))
        let userItems = try #require(profile.columns["user_id"]?.frequentItems).sketch
        #expect(
            userItems.frequentItems(errorType: .noFalseNegatives).map(\.item)
                == [ServerHook.pseudonym(of: "98765432101", key: key)])
        #expect(profile.columns["user_id"]?.ints == nil)
        let account = try #require(profile.columns["account"])
        #expect(account.types?.string == 10)
        #expect((account.distribution?.n ?? 0) == 0, "the hashed positional column keeps its numbers")
        #expect(profile.columns["amount"]?.distribution?.n == 10)
    }
}

@Suite struct FeatureNameLimitAccountingTests {
    @Test func droppedFeaturesAreCountedInHealthAndMetricsAndTheLimitIsConfigurable() throws {
        let directory = try HookTestSupport.temporaryDirectory()
        let clock = ManualClock(seconds: HookTestSupport.dayStart)
        let registry = PrometheusCollectorRegistry()
        let hook = try HookTestSupport.makeHook(
            directory: directory, clock: clock,
            metrics: ServerHookMetrics(factory: ServerHookPrometheusFactory(registry: registry))
        ) { $0.maxFeatureNamesPerWindow = 10 }
        for index in 0..<50 {
            hook.record(features: ["x": .double(1), "name-\(index % 25)": .int(1)], prediction: 1)
        }
        // 10 names: x and name-0 … name-8; name-9 … name-24 dropped each time they came.
        #expect(hook.health.featuresDropped == 32)
        #expect(hook.health.records == 50)
        clock.advance(seconds: 60)  // a new window takes names again
        hook.record(features: ["name-24": .int(1)], prediction: 1)
        #expect(hook.health.featuresDropped == 32)
        hook.flushAll()
        let windows = try HookTestSupport.windowFiles(in: directory)
        #expect(windows.count == 2)
        #expect(windows.first?.window.profile.columns.count == 11)  // 10 names + prediction
        #expect(windows.last?.window.profile.columns["name-24"] != nil)
        let exposition = String(decoding: registry.emitToBuffer(), as: UTF8.self)
        #expect(exposition.contains("serverhook_features_dropped_total 32"), "\(exposition)")
        #expect(throws: ServerHookError.self) {
            _ = try HookTestSupport.makeHook(directory: directory, clock: clock) { $0.maxFeatureNamesPerWindow = 0 }
        }
    }
}

/// The prediction and feedback columns honour the privacy options like the features do.
@Suite struct PredictionColumnPrivacyTests {
    @Test func aHashedPredictionColumnIsRefused() throws {
        let directory = try HookTestSupport.temporaryDirectory()
        let clock = ManualClock(seconds: HookTestSupport.dayStart)
        // The prediction is logged as a number and to the prediction histogram: hashing it would
        // either keep it raw (as it did) or lose the drift and the histogram.
        let key = try StringHashKey(hexDigits: "0f1e2d3c4b5a69788796a5b4c3d2e1f0")
        #expect {
            _ = try HookTestSupport.makeHook(directory: directory, clock: clock) {
                $0.hashedStringColumns = ["prediction"]
                $0.stringHashKey = key
            }
        } throws: { error in
            let error = error as? ServerHookError
            return error?.code == .invalidConfiguration && error?.field == "hashed string columns"
        }
    }

    @Test func aPredictionWithoutValuesIsNotInThePredictionHistogram() throws {
        let directory = try HookTestSupport.temporaryDirectory()
        let clock = ManualClock(seconds: HookTestSupport.dayStart)
        let registry = PrometheusCollectorRegistry()
        let hook = try HookTestSupport.makeHook(
            directory: directory, clock: clock,
            metrics: ServerHookMetrics(factory: ServerHookPrometheusFactory(registry: registry))
        ) { $0.columnsWithoutFrequentItems = ["prediction"] }
        hook.record(features: ["x": .double(1)], prediction: 7_654_321.25)
        hook.record([1], schema: FeatureSchema(["a"]), prediction: 7_654_321.25)
        let exposition = String(decoding: registry.emitToBuffer(), as: UTF8.self)
        // The histogram's sum of one record is the value itself.
        for text in ["7654321.25", "7.65432125e+06", "1.53086425e+07", "15308642.5"] {
            #expect(!exposition.contains(text), "\(text) in \(exposition)")
        }
        #expect(hook.health.records == 2)
    }

    @Test func regressionFeedbackKeepsOnlySumsAndNoColumns() throws {
        let directory = try HookTestSupport.temporaryDirectory()
        let clock = ManualClock(seconds: HookTestSupport.dayStart)
        let hook = try HookTestSupport.makeHook(directory: directory, clock: clock) {
            $0.columnsWithoutFrequentItems = [ServerHook.absoluteErrorColumn, ServerHook.squaredErrorColumn]
        }
        for index in 0..<5 {
            let id = PredictionID()
            hook.record(features: ["x": .double(1)], prediction: 10, predictionID: id)
            _ = hook.recordFeedback(predictionID: id, actual: 10 + Double(index))
        }
        hook.flushAll()
        let profile = try #require(try HookTestSupport.windowFiles(in: directory).first?.window.profile)
        for name in [ServerHook.absoluteErrorColumn, ServerHook.squaredErrorColumn] {
            #expect(profile.columns[name] == nil, "\(name)")
        }
        #expect(profile.modelPerformance?.regression?.count == 5)
    }
}

extension SipHashTests {
    @Test func anIntegerGetsOnePseudonymWhetherItCameAsAnIntOrADoubleOnEitherPath() throws {
        let directory = try HookTestSupport.temporaryDirectory()
        let clock = ManualClock(seconds: HookTestSupport.dayStart)
        let key = try StringHashKey(hexDigits: "00112233445566778899aabbccddeeff")
        let hook = try HookTestSupport.makeHook(directory: directory, clock: clock) {
            $0.hashedStringColumns = ["user_id"]
            $0.stringHashKey = key
        }
        // A JSON 12345 may decode as an int or a double; by position it is always a double.
        hook.record(features: ["user_id": .int(12345)], prediction: 1)
        hook.record(features: ["user_id": .double(12345)], prediction: 1)
        hook.record([12345], schema: FeatureSchema(["user_id"]), prediction: 1)
        hook.record(features: ["user_id": .string("12345")], prediction: 1)
        hook.record(features: ["user_id": .double(0.5)], prediction: 1)
        hook.flushAll()
        let profile = try #require(try HookTestSupport.windowFiles(in: directory).first?.window.profile)
        let items = try #require(profile.columns["user_id"]?.frequentItems).sketch
            .frequentItems(errorType: .noFalseNegatives)
        let counts = Dictionary(uniqueKeysWithValues: items.map { ($0.item, $0.estimate) })
        #expect(counts[ServerHook.pseudonym(of: "12345", key: key)] == 4, "\(counts)")
        #expect(counts[ServerHook.pseudonym(of: "0.5", key: key)] == 1, "\(counts)")
        #expect(counts.count == 2, "\(counts)")
    }
}

extension ColumnsWithoutValuesTests {
    @Test func valuesRestoredFromARunBeforeTheOptionAreNotWrittenAgain() throws {
        let directory = try HookTestSupport.temporaryDirectory()
        let clock = ManualClock(seconds: HookTestSupport.dayStart)
        do {  // the first process goes before the second starts (it holds the instance's lock)
            let first = try HookTestSupport.makeHook(directory: directory, clock: clock)
            for _ in 0..<3 { first.record(features: ["salary": .double(987_654.3125)], prediction: 1) }
            first.flushAll()  // a graceful stop: the partial window, with the values
        }
        clock.advance(seconds: 10)
        // Restarted with the option: the window it writes keeps no values of the column.
        let second = try HookTestSupport.makeHook(directory: directory, clock: clock) {
            $0.columnsWithoutFrequentItems = ["salary"]
        }
        #expect(second.health.recordsRestored == 3)
        second.record(features: ["salary": .double(1)], prediction: 1)
        clock.advance(seconds: 60)
        second.flushDueWindows()
        let path = try #require(
            HookTestSupport.allFiles(in: directory).first { $0.hasSuffix(".bin.gz") }.map { "\(directory)/\($0)" })
        let raw = try ProfileFile(contentsOf: path).serializedBytes()
        for bytes in Self.encodings(of: 987_654.3125) {
            let found = raw.containsSubsequence(bytes)
            #expect(!found, "the restored value is in the file as \(bytes)")
        }
        let column = try #require(try DatasetProfile(file: ProfileFile(contentsOf: path)).columns["salary"])
        #expect(column.counts?.n == 4)
        let kept = column.distribution != nil || column.frequentItems != nil || column.ints != nil
        #expect(!kept, "the restored column keeps values")
    }
}
