import Foundation
import Profiles
import SketchbookTestSupport
import Sketches
import Testing

@testable import ServerHook

@Suite struct ServerHookWindowTests {
    @Test func recordsLandInClockAlignedWindows() throws {
        let directory = try HookTestSupport.temporaryDirectory()
        let clock = ManualClock(seconds: HookTestSupport.dayStart + 125)  // 00:02:05, window 00:02:00
        let hook = try HookTestSupport.makeHook(directory: directory, clock: clock, window: 60)
        for index in 0..<10 { hook.record(features: HookTestSupport.features(index), prediction: 5.5) }
        clock.advance(seconds: 60)  // 00:03:05
        for index in 0..<4 { hook.record(features: HookTestSupport.features(index), prediction: 6) }
        hook.flushDueWindows()

        var windows = try HookTestSupport.windowFiles(in: directory)
        #expect(windows.map(\.name.fileName) == ["2026-12-02T00-02-00Z-test.bin.gz"])
        #expect(windows.first?.window.records == 10)
        #expect(windows.first?.window.profile.columns["x"]?.counts?.n == 10)
        #expect(windows.first?.window.profile.columns["prediction"]?.distribution?.mean == 5.5)
        #expect(windows.first?.window.profile.datasetTimestampMilliseconds == (HookTestSupport.dayStart + 120) * 1000)

        hook.flushAll()
        windows = try HookTestSupport.windowFiles(in: directory)
        #expect(windows.map(\.window.records) == [10, 4])
        #expect(hook.health.windowsWritten == 2)
        #expect(hook.health.records == 14)
    }

    @Test func windowFilesAreGzipWhylogsFilesWithTheirMetadataAndOwnerOnly() throws {
        let directory = try HookTestSupport.temporaryDirectory()
        let clock = ManualClock(seconds: HookTestSupport.dayStart)
        let hook = try HookTestSupport.makeHook(directory: directory, clock: clock, instance: "pod-1")
        hook.record(features: ["f": .double(1)], prediction: 2)
        hook.flushAll()
        let path = "\(directory)/2026-12-02/2026-12-02T00-00-00Z-pod-1.bin.gz"
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(Array(bytes.prefix(2)) == [0x1f, 0x8b])
        let profile = try DatasetProfile(file: ProfileFile(serializedBytes: bytes))
        #expect(profile.metadata[WindowAccumulator.recordsMetadataKey] == "1")
        #expect(profile.metadata[WindowAccumulator.instanceMetadataKey] == "pod-1")
        #expect(profile.metadata[WindowAccumulator.windowSecondsMetadataKey] == "60")
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let folder = try FileManager.default.attributesOfItem(atPath: "\(directory)/2026-12-02")
        #expect((folder[.posixPermissions] as? Int) == 0o700)
    }

    @Test func emptyWindowsWriteNoFiles() throws {
        let directory = try HookTestSupport.temporaryDirectory()
        let clock = ManualClock(seconds: HookTestSupport.dayStart)
        let hook = try HookTestSupport.makeHook(directory: directory, clock: clock)
        clock.advance(seconds: 600)
        hook.flushDueWindows()
        hook.flushAll()
        #expect(try HookTestSupport.windowFiles(in: directory).isEmpty)
    }

    @Test func concurrentRecordsAreAllCounted() async throws {
        let directory = try HookTestSupport.temporaryDirectory()
        let clock = ManualClock(seconds: HookTestSupport.dayStart)
        let hook = try HookTestSupport.makeHook(directory: directory, clock: clock)
        let tasks = 8
        let perTask = 5_000
        await withTaskGroup(of: Void.self) { group in
            for task in 0..<tasks {
                group.addTask {
                    for index in 0..<perTask {
                        hook.record(features: HookTestSupport.features(task * perTask + index), prediction: 1)
                        if index == perTask / 2 && task == 0 { clock.advance(seconds: 60) }  // a boundary mid-run
                    }
                }
            }
        }
        hook.flushAll()
        let windows = try HookTestSupport.windowFiles(in: directory)
        #expect(HookTestSupport.predictionCount(windows) == Int64(tasks * perTask))
        #expect(windows.reduce(0) { $0 + $1.window.records } == Int64(tasks * perTask))
        #expect(windows.count == 2)
    }

    @Test func aWindowStaysBoundedWhateverTheRecordCount() throws {
        let directory = try HookTestSupport.temporaryDirectory()
        let clock = ManualClock(seconds: HookTestSupport.dayStart)
        // One shard: records land on the shard of whichever core runs them, so on a loaded
        // machine the test thread's moves split a window over shards, and the file then holds
        // the merge of their sketches, not one stream's (a full parallel run saw 25 kB, then
        // 50 kB). The sizes compared below are one stream's each.
        let hook = try HookTestSupport.makeHook(directory: directory, clock: clock) { $0.shardCount = 1 }
        var sizes: [Int] = []
        for count in [20_000, 200_000] {
            for index in 0..<count {
                hook.record(
                    features: ["x": .double(Double(index)), "label": .string("user-\(index)")], prediction: 1)
            }
            hook.flushAll()  // writes the window; the next records open it again
            let window = try #require(try HookTestSupport.windowFiles(in: directory).last)
            sizes.append(
                window.window.profileForWriting(instance: "test", windowSeconds: 60).file.serializedBytes().count)
            try FileManager.default.removeItem(atPath: "\(directory)/2026-12-02")
            clock.advance(seconds: 60)
        }
        // Distinct numbers and distinct strings: KLL grows by levels (logarithmically), HLL and
        // frequent items not at all.
        #expect(sizes[1] < 200_000, "\(sizes)")
        #expect(Double(sizes[1]) < 1.5 * Double(sizes[0]), "\(sizes)")
    }

    @Test func recordsOverTheFeatureLimitAreDroppedAndCounted() throws {
        let directory = try HookTestSupport.temporaryDirectory()
        let clock = ManualClock(seconds: HookTestSupport.dayStart)
        let hook = try HookTestSupport.makeHook(directory: directory, clock: clock) { $0.maxFeaturesPerRecord = 2 }
        #expect(hook.record(features: HookTestSupport.features(1), prediction: 1) == false)
        #expect(hook.record(features: ["a": .int(1)], prediction: 1))
        #expect(hook.health.recordsDropped == 1)
        #expect(hook.health.records == 1)
    }

    enum InvalidChange: String, CaseIterable, Sendable {
        case pathInInstance, emptyInstance, windowNotDividingADay, zeroCheckpoint, checkpointOverWindow, noShards

        var field: String {
            switch self {
            case .pathInInstance, .emptyInstance: "instance"
            case .windowNotDividingADay: "window seconds"
            case .zeroCheckpoint, .checkpointOverWindow: "checkpoint seconds"
            case .noShards: "shard count"
            }
        }

        func apply(to configuration: inout ServerHookConfiguration) {
            switch self {
            case .pathInInstance: configuration.instance = "../etc"
            case .emptyInstance: configuration.instance = ""
            case .windowNotDividingADay: configuration.windowSeconds = 7
            case .zeroCheckpoint: configuration.checkpointSeconds = 0
            case .checkpointOverWindow: configuration.checkpointSeconds = 301
            case .noShards: configuration.shardCount = 0
            }
        }
    }

    @Test(arguments: InvalidChange.allCases)
    func invalidConfigurationsNameTheField(change: InvalidChange) {
        var configuration = ServerHookConfiguration()
        change.apply(to: &configuration)
        do {
            try configuration.validate()
            Issue.record("\(change) was accepted")
        } catch {
            #expect(error.code == .invalidConfiguration)
            #expect(error.field == change.field)
        }
    }
}

@Suite struct ServerHookPositionalTests {
    @Test func recordsByPositionEqualRecordsByName() throws {
        let clock = ManualClock(seconds: HookTestSupport.dayStart)
        let byName = try HookTestSupport.temporaryDirectory()
        let byPosition = try HookTestSupport.temporaryDirectory()
        let named = try HookTestSupport.makeHook(directory: byName, clock: clock)
        let positional = try HookTestSupport.makeHook(directory: byPosition, clock: clock)
        let schema = FeatureSchema(["a", "b"])
        var random = SplitMix64(seed: 11)
        for index in 0..<500 {
            let a = Double(random.next() % 1000) / 10
            let b = index % 50 == 0 ? Double.nan : Double(random.next() % 7)
            named.record(features: ["a": .double(a), "b": .double(b)], prediction: a / 10)
            positional.record([a, b], schema: schema, prediction: a / 10)
            if index == 200 {
                // A checkpoint snapshot mid-window must not lose or double anything.
                clock.advance(seconds: 10)
                positional.flushDueWindows()
                named.flushDueWindows()
            }
        }
        #expect(positional.record([1], schema: schema, prediction: 1) == false)  // wrong arity: dropped
        named.flushAll()
        positional.flushAll()
        let left = try #require(try HookTestSupport.windowFiles(in: byName).first?.window.profile)
        let right = try #require(try HookTestSupport.windowFiles(in: byPosition).first?.window.profile)
        #expect(left.columnNames == right.columnNames)
        for name in left.columnNames {
            let l = try #require(left.columns[name])
            let r = try #require(right.columns[name])
            #expect(l.counts == r.counts, "\(name)")
            #expect(l.types == r.types, "\(name)")
            #expect(l.distribution?.n == r.distribution?.n, "\(name)")
            // Records land on whichever core's shard ran them, so the merge order (and with it the
            // last bits of the mean and the HLL estimator) depends on scheduling: equal to rounding,
            // and within the sketch's error.
            let (lm, rm) = (l.distribution?.mean ?? 0, r.distribution?.mean ?? 0)
            #expect(lm.isNaN == rm.isNaN, "\(name)")
            if !lm.isNaN { #expect(abs(lm - rm) <= 1e-12 * max(1, abs(lm)), "\(name): \(lm) vs \(rm)") }
            let (le, re) = (l.cardinality?.hll.estimate ?? 0, r.cardinality?.hll.estimate ?? 0)
            #expect(abs(le - re) <= 0.05 * max(le, re), "\(name): \(le) vs \(re) distinct")
        }
    }
}

@Suite struct ServerHookPrivacyTests {
    @Test func hashedColumnsAndColumnsWithoutFrequentItemsKeepRawStringsOutOfTheFiles() throws {
        let directory = try HookTestSupport.temporaryDirectory()
        let clock = ManualClock(seconds: HookTestSupport.dayStart)
        let hook = try HookTestSupport.makeHook(directory: directory, clock: clock) {
            $0.hashedStringColumns = ["email"]
            $0.columnsWithoutFrequentItems = ["comment"]
            $0.stringHashKey = try! StringHashKey(hexDigits: "5ec2e75ec2e75ec2e75ec2e75ec2e75e")
        }
        for index in 0..<300 {
            hook.record(
                features: [
                    "email": .string("person\(index % 40)@example.org"),
                    "comment": .string("my note number \(index % 25)"),
                    "plan": .string(index % 2 == 0 ? "free" : "pro"),
                ],
                prediction: 1)
        }
        hook.flushAll()
        let path = try #require(
            HookTestSupport.allFiles(in: directory).first { $0.hasSuffix(".bin.gz") }.map { "\(directory)/\($0)" })
        let profile = try DatasetProfile(file: ProfileFile(contentsOf: path))
        let raw = try ProfileFile(contentsOf: path).serializedBytes()
        for secret in ["person7@example.org", "example.org", "my note number"] {
            #expect(!raw.containsSubsequence(Array(secret.utf8)), "\(secret) is in the file")
        }
        #expect(profile.columns["comment"]?.frequentItems == nil)
        #expect(profile.columns["comment"]?.cardinality != nil)
        let emailItems = try #require(profile.columns["email"]?.frequentItems)
        #expect(!emailItems.sketch.isEmpty)
        let estimate = try #require(profile.columns["email"]?.cardinality?.hll.estimate)
        #expect(abs(estimate - 40) < 2)  // distinct hashes = distinct emails
        #expect(profile.columns["plan"]?.frequentItems != nil)  // other columns unchanged
    }
}

extension Array where Element == UInt8 {
    func containsSubsequence(_ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, needle.count <= count else { return false }
        return (0...(count - needle.count)).contains { self[$0..<($0 + needle.count)].elementsEqual(needle) }
    }
}
