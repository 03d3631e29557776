import Foundation
import MetricsTestKit
import Profiles
import SketchbookTestSupport
import Testing

@testable import ServerHook

/// Windows segmented by one request field (``ServerHookConfiguration/segmentField``).
@Suite struct ServerHookSegmentTests {
    static func segmentingHook(
        directory: String, clock: ManualClock, field: String = "region", maximum: Int = 16,
        metrics: ServerHookMetrics? = nil, configure: (inout ServerHookConfiguration) -> Void = { _ in }
    ) throws -> ServerHook {
        try HookTestSupport.makeHook(directory: directory, clock: clock, metrics: metrics) { configuration in
            configuration.segmentField = field
            configuration.maxSegmentValues = maximum
            configure(&configuration)
        }
    }

    /// The segment files of the window starting at `start`, by key, with the file names.
    static func segments(
        in directory: String, start: UInt64, instance: String = "test"
    ) throws -> [SegmentKey: (name: String, window: WindowAccumulator)] {
        let name = WindowFileName(startSeconds: Int64(start), instance: instance)
        let folder = "\(directory)/\(name.dayFolder)/\(name.segmentFolder)"
        var result: [SegmentKey: (String, WindowAccumulator)] = [:]
        for entry in try FileManager.default.contentsOfDirectory(atPath: folder) where entry.hasSuffix(".bin.gz") {
            let profile = try DatasetProfile(file: ProfileFile(contentsOf: "\(folder)/\(entry)"))
            let key = try #require(profile.segmentKey, "\(entry) has no segment key")
            #expect(result[key] == nil, "two files of \(key)")
            result[key] = (entry, WindowAccumulator(startSeconds: Int64(start), restoring: profile))
        }
        return result
    }

    static func region(_ value: String) -> SegmentKey { SegmentKey(columns: ["region"], values: [value]) }

    @Test func eachSegmentIsAFileWithItsKeyAndTheSegmentsSumToTheWindow() throws {
        let directory = try HookTestSupport.temporaryDirectory()
        let clock = ManualClock(seconds: HookTestSupport.dayStart)
        let hook = try Self.segmentingHook(directory: directory, clock: clock)
        let regions = ["eu", "us", "ap"]
        for index in 0..<30 {
            var features = HookTestSupport.features(index)
            // Every fifth record has no region: whylogs' str(NaN), "nan".
            if index % 5 != 4 { features["region"] = .string(regions[index % 3]) }
            hook.record(features: features, prediction: Double(index))
        }
        hook.flushAll()

        let windows = try HookTestSupport.windowFiles(in: directory)
        #expect(windows.count == 1, "a segment file is never taken for a window file")
        let whole = try #require(windows.first?.window)
        #expect(whole.records == 30)
        #expect(whole.profile.segmentKey == nil)
        let segments = try Self.segments(in: directory, start: HookTestSupport.dayStart)
        var expected: [SegmentKey: Int64] = [:]
        for index in 0..<30 { expected[Self.region(index % 5 == 4 ? "nan" : regions[index % 3]), default: 0] += 1 }
        #expect(segments.mapValues(\.window.records) == expected)
        #expect(segments.values.reduce(0) { $0 + $1.window.records } == whole.records)
        #expect(
            segments.values.reduce(0) { $0 + ($1.window.profile.columns["x"]?.counts?.n ?? 0) }
                == whole.profile.columns["x"]?.counts?.n)
        #expect(
            segments.values.reduce(0) { $0 + ($1.window.profile.columns["prediction"]?.counts?.n ?? 0) } == 30)
        for (key, segment) in segments {
            #expect(segment.name == key.fileName + ".bin.gz")
            #expect(segment.window.profile.metadata["segp_col"] == "region")
            #expect(segment.window.profile.metadata["segp_id"] == key.partitionMetadata["segp_id"])
            #expect(segment.window.profile.metadata[WindowAccumulator.instanceMetadataKey] == "test")
            #expect(segment.window.profile.datasetTimestampMilliseconds == HookTestSupport.dayStart * 1000)
        }
        // eu: indexes 0, 3, 6, … with index % 5 != 4.
        let eu = try #require(segments[Self.region("eu")]?.window.profile)
        let euIndexes = (0..<30).filter { $0 % 3 == 0 && $0 % 5 != 4 }
        #expect(eu.columns["x"]?.distribution?.mean == Double(euIndexes.reduce(0, +)) / Double(euIndexes.count))
    }

    @Test(arguments: [
        (FeatureValue.int(7), "7"), (.double(7), "7.0"), (.double(0.1), "0.1"), (.double(.nan), "nan"),
        (.string("v2"), "v2"), (.bool(true), "True"), (.bool(false), "False"), (.null, "nan"),
    ])
    func aValueIsSegmentedByItsWhylogsText(value: FeatureValue, text: String) {
        #expect(ServerHook.segmentText(of: value) == text)
    }

    @Test func aMissingFieldIsNanAndBytesGoToTheOverflowSegment() {
        #expect(ServerHook.segmentText(of: nil) == "nan")
        #expect(ServerHook.segmentText(of: .bytes([1, 2])) == nil)
    }

    @Test func valuesBeyondTheBoundGoToOneOverflowSegmentAndAreCounted() throws {
        let directory = try HookTestSupport.temporaryDirectory()
        let clock = ManualClock(seconds: HookTestSupport.dayStart)
        let factory = TestMetrics()
        let hook = try Self.segmentingHook(
            directory: directory, clock: clock, maximum: 3, metrics: ServerHookMetrics(factory: factory))
        // Ten values, each four times, interleaved: the first three seen keep their segments.
        for round in 0..<4 {
            for value in 0..<10 {
                hook.record(features: ["x": .double(Double(round)), "region": .string("r\(value)")], prediction: 1)
            }
        }
        // Longer than maxSegmentValueBytes: the overflow segment too, however few values there are.
        hook.record(features: ["x": .double(1), "region": .string(String(repeating: "z", count: 257))], prediction: 1)
        hook.flushAll()

        let segments = try Self.segments(in: directory, start: HookTestSupport.dayStart)
        #expect(Set(segments.keys) == Set(["r0", "r1", "r2", ServerHook.overflowSegmentValue].map(Self.region)))
        #expect(segments[Self.region("r0")]?.window.records == 4)
        let overflow = segments[Self.region(ServerHook.overflowSegmentValue)]?.window.records
        #expect(overflow == 29)  // r3…r9 four times each, and the long value
        #expect(segments.values.reduce(0) { $0 + $1.window.records } == 41)
        #expect(hook.health.segmentOverflow == 29)
        #expect(hook.health.recordsDropped == 0)
        #expect(try factory.expectCounter("serverhook_segment_overflow_total").totalValue == 29)

        // The next window admits values afresh.
        clock.advance(seconds: 60)
        hook.record(features: ["x": .double(1), "region": .string("r9")], prediction: 1)
        hook.flushAll()
        let next = try Self.segments(in: directory, start: HookTestSupport.dayStart + 60)
        #expect(Array(next.keys) == [Self.region("r9")])
    }

    @Test func hostileValuesNameFilesInsideTheSegmentFolderOnly() throws {
        let directory = try HookTestSupport.temporaryDirectory()
        let clock = ManualClock(seconds: HookTestSupport.dayStart)
        let hostile = [
            "../x", "/", "..", ".", "a/../../b", "\u{1}\n\t", "EU", "eu", ".hidden", "%2F", "nul\u{0}l",
            String(repeating: "é", count: 120),  // 240 bytes: kept, its file name cut and hashed
        ]
        let hook = try Self.segmentingHook(directory: directory, clock: clock, maximum: hostile.count)
        for value in hostile { hook.record(features: ["x": .double(1), "region": .string(value)], prediction: 1) }
        hook.flushAll()

        let name = WindowFileName(startSeconds: Int64(HookTestSupport.dayStart), instance: "test")
        let files = HookTestSupport.allFiles(in: directory).filter { $0 != ".test.lock" }
        #expect(files.count == hostile.count + 1, "\(files)")
        let segmentFiles = files.filter { $0 != name.relativePath }
        for file in segmentFiles {
            let components = file.split(separator: "/", omittingEmptySubsequences: false)
            #expect(components.count == 3, "\(file)")
            #expect(components.prefix(2) == [Substring(name.dayFolder), Substring(name.segmentFolder)], "\(file)")
            #expect(!(components.last?.hasPrefix(".") ?? true), "\(file)")
        }
        let segments = try Self.segments(in: directory, start: HookTestSupport.dayStart)
        #expect(Set(segments.keys.map { $0.values[0] }) == Set(hostile))
        #expect(segments.values.allSatisfy { $0.window.records == 1 })
        // Differing only by case: two files, even on a case-insensitive file system.
        let eu = try #require(segments[Self.region("eu")]?.name)
        let upper = try #require(segments[Self.region("EU")]?.name)
        #expect(eu.lowercased() != upper.lowercased())
    }

    @Test func aCrashKeepsTheSegmentsOfTheLastCheckpoint() throws {
        let directory = try HookTestSupport.temporaryDirectory()
        let clock = ManualClock(seconds: HookTestSupport.dayStart)
        do {
            let crashing = try Self.segmentingHook(directory: directory, clock: clock)
            for index in 0..<6 {
                crashing.record(features: ["x": .double(1), "region": .string(index < 4 ? "eu" : "us")], prediction: 1)
            }
            clock.advance(seconds: 10)
            crashing.flushDueWindows()  // checkpoint: eu 4, us 2
            #expect(crashing.health.checkpointsWritten == 1)
            crashing.record(features: ["x": .double(1), "region": .string("ap")], prediction: 1)
            // Crash: no flushAll; the ap record is lost.
        }
        #expect(HookTestSupport.allFiles(in: "\(directory)/.checkpoints").count == 3)
        clock.advance(seconds: 5)
        let restarted = try Self.segmentingHook(directory: directory, clock: clock, maximum: 2)
        #expect(restarted.health.recordsRestored == 6)
        // eu and us were the window's: still theirs under a bound of 2; a third value overflows.
        for value in ["eu", "us", "sa"] {
            restarted.record(features: ["x": .double(2), "region": .string(value)], prediction: 1)
        }
        restarted.flushAll()
        let segments = try Self.segments(in: directory, start: HookTestSupport.dayStart)
        #expect(
            segments.mapValues(\.window.records) == [
                Self.region("eu"): 5, Self.region("us"): 3, Self.region(ServerHook.overflowSegmentValue): 1,
            ])
        let windows = try HookTestSupport.windowFiles(in: directory)
        #expect(windows.map(\.window.records) == [9])
        #expect(HookTestSupport.allFiles(in: "\(directory)/.checkpoints").isEmpty)
        #expect(!HookTestSupport.isDirectory("\(directory)/.checkpoints/2026-12-02T00-00-00Z-test.segments"))
    }

    @Test func aGracefulRestartInTheSameWindowAddsToItsSegmentFiles() throws {
        let directory = try HookTestSupport.temporaryDirectory()
        let clock = ManualClock(seconds: HookTestSupport.dayStart)
        do {
            let first = try Self.segmentingHook(directory: directory, clock: clock)
            for value in ["eu", "eu", "us"] {
                first.record(features: ["x": .double(1), "region": .string(value)], prediction: 1)
            }
            first.flushAll()  // the partial window and its segments
        }
        clock.advance(seconds: 20)
        let second = try Self.segmentingHook(directory: directory, clock: clock)
        for value in ["eu", "ap"] {
            second.record(features: ["x": .double(1), "region": .string(value)], prediction: 1)
        }
        second.flushAll()
        let segments = try Self.segments(in: directory, start: HookTestSupport.dayStart)
        #expect(
            segments.mapValues(\.window.records) == [Self.region("eu"): 3, Self.region("us"): 1, Self.region("ap"): 1])
        #expect(try HookTestSupport.windowFiles(in: directory).map(\.window.records) == [5])
    }

    @Test func recordsFromManyTasksAllReachTheirSegments() async throws {
        let directory = try HookTestSupport.temporaryDirectory()
        let clock = ManualClock(seconds: HookTestSupport.dayStart)
        let hook = try Self.segmentingHook(directory: directory, clock: clock, field: "model_version", maximum: 4)
        let schema = FeatureSchema(["x", "model_version"])
        let seed: UInt64 = 0x5E6_17
        let tasks = 8
        let perTask = 500
        await withTaskGroup(of: Void.self) { group in
            for task in 0..<tasks {
                group.addTask {
                    var random = SplitMix64(seed: seed &+ UInt64(task))
                    for _ in 0..<perTask {
                        let version = Int64(random.next() % 6)  // 0…5: two beyond the bound
                        if random.next() % 2 == 0 {
                            hook.record(features: ["x": .double(1), "model_version": .int(version)], prediction: 1)
                        } else {
                            hook.record([1, Double(version)], schema: schema, prediction: 1)
                        }
                        if task == 0 && random.next() % 50 == 0 { hook.flushDueWindows() }
                    }
                }
            }
        }
        hook.flushAll()
        let segments = try Self.segments(in: directory, start: HookTestSupport.dayStart)
        let total = Int64(tasks * perTask)
        #expect(try HookTestSupport.windowFiles(in: directory).map(\.window.records) == [total], "seed \(seed)")
        #expect(segments.values.reduce(0) { $0 + $1.window.records } == total, "seed \(seed)")
        #expect(segments.count <= 4 * 2 + 1, "seed \(seed): \(segments.keys.sorted())")  // ints and doubles differ
        #expect(
            segments.values.reduce(0) { $0 + ($1.window.profile.columns["x"]?.counts?.n ?? 0) } == total,
            "seed \(seed)")
    }

    @Test func recordsByPositionAreSegmentedByTheSchemasValueOrTheGivenOne() throws {
        let directory = try HookTestSupport.temporaryDirectory()
        let clock = ManualClock(seconds: HookTestSupport.dayStart)
        let hook = try Self.segmentingHook(directory: directory, clock: clock)
        let schema = FeatureSchema(["x", "y"])
        hook.record([1, 2], schema: schema, prediction: 1, segmentValue: .string("eu"))
        hook.record([1, 2], schema: schema, prediction: 1, segmentValue: .string("eu"))
        hook.record([1, 2], schema: schema, prediction: 1)
        let withRegion = FeatureSchema(["x", "region"])
        hook.record([1, 3], schema: withRegion, prediction: 1, segmentValue: .string("ignored"))
        hook.flushAll()
        let segments = try Self.segments(in: directory, start: HookTestSupport.dayStart)
        #expect(
            segments.mapValues(\.window.records) == [
                Self.region("eu"): 2, Self.region("nan"): 1, Self.region("3.0"): 1,
            ])
        #expect(segments[Self.region("eu")]?.window.profile.columns["y"]?.counts?.n == 2)
        #expect(segments[Self.region("eu")]?.window.profile.columns["region"] == nil)
    }

    @Test func aHashedSegmentFieldIsSegmentedByItsPseudonymsOnBothPaths() throws {
        let directory = try HookTestSupport.temporaryDirectory()
        let clock = ManualClock(seconds: HookTestSupport.dayStart)
        let key = try StringHashKey(bytes: 0..<16)
        let hook = try Self.segmentingHook(directory: directory, clock: clock, field: "customer") { configuration in
            configuration.hashedStringColumns = ["customer"]
            configuration.stringHashKey = key
        }
        hook.record(features: ["x": .double(1), "customer": .string("alice")], prediction: 1)
        hook.record([1], schema: FeatureSchema(["x"]), prediction: 1, segmentValue: .string("alice"))
        hook.record([1, 42], schema: FeatureSchema(["x", "customer"]), prediction: 1)
        hook.flushAll()
        let segments = try Self.segments(in: directory, start: HookTestSupport.dayStart)
        let alice = ServerHook.pseudonym(of: "alice", key: key)
        let fortyTwo = ServerHook.pseudonym(of: "42", key: key)
        #expect(
            segments.mapValues(\.window.records) == [
                SegmentKey(columns: ["customer"], values: [alice]): 2,
                SegmentKey(columns: ["customer"], values: [fortyTwo]): 1,
            ])
        for file in HookTestSupport.allFiles(in: directory) {
            #expect(!file.contains("alice") && !file.contains("42.0"))
        }
    }

    @Test func aColumnWithoutValuesCannotBeTheSegmentFieldUnlessHashed() throws {
        var configuration = ServerHookConfiguration()
        configuration.segmentField = "email"
        configuration.columnsWithoutFrequentItems = ["email"]
        #expect(throws: ServerHookError.self) { try configuration.validate() }
        configuration.hashedStringColumns = ["email"]
        configuration.stringHashKey = try StringHashKey(bytes: 0..<16)
        try configuration.validate()
    }

    @Test func withoutASegmentFieldNoSegmentFolderIsWritten() throws {
        let directory = try HookTestSupport.temporaryDirectory()
        let clock = ManualClock(seconds: HookTestSupport.dayStart)
        let hook = try HookTestSupport.makeHook(directory: directory, clock: clock)
        hook.record(features: ["x": .double(1), "region": .string("eu")], prediction: 1)
        hook.flushAll()
        #expect(
            HookTestSupport.allFiles(in: directory) == [".test.lock", "2026-12-02/2026-12-02T00-00-00Z-test.bin.gz"])
    }

    @Test(arguments: ["segment field", "max segment values", "max segment value bytes"])
    func badSegmentSettingsAreRefusedNamingTheField(field: String) {
        var configuration = ServerHookConfiguration()
        switch field {
        case "segment field": configuration.segmentField = ""
        case "max segment values": configuration.maxSegmentValues = 0
        default: configuration.maxSegmentValueBytes = 0
        }
        do {
            try configuration.validate()
            Issue.record("\(field): accepted")
        } catch {
            #expect(error.code == .invalidConfiguration)
            #expect(error.field == field)
        }
    }
}
