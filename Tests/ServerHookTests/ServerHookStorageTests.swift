import Foundation
import Logging
import Prometheus
import Testing

@testable import Profiles
@testable import ServerHook
@testable import Sketches

/// The output directory as an untrusted place: one writer per instance, no links followed, no
/// directory others can write to, and file contents (record counts) that cannot crash the hook.
@Suite struct ServerHookStorageTests {
    @Test func aSecondHookOfTheSameInstanceAndDirectoryIsRefusedNamingBoth() throws {
        let directory = try HookTestSupport.temporaryDirectory()
        let clock = ManualClock(seconds: HookTestSupport.dayStart)
        let first = try HookTestSupport.makeHook(directory: directory, clock: clock)
        first.record(features: HookTestSupport.features(1), prediction: 1)
        #expect {
            _ = try HookTestSupport.makeHook(directory: directory, clock: clock)
        } throws: { error in
            let error = error as? ServerHookError
            return error?.code == .instanceInUse && error!.field.contains("\"test\"")
                && error!.field.contains(directory) && error!.actual.contains("process \(getpid())")
        }
        // Another instance in the same directory is fine, and the lock goes with its hook.
        _ = try HookTestSupport.makeHook(directory: directory, clock: clock, instance: "other")
        first.flushAll()
        _ = consume first
        let second = try HookTestSupport.makeHook(directory: directory, clock: clock)
        #expect(second.health.recordsRestored == 1)
    }

    @Test func temporariesOfAnInstanceWhoseNameEndsLikeOursAreKept() throws {
        let directory = try HookTestSupport.temporaryDirectory()
        let clock = ManualClock(seconds: HookTestSupport.dayStart)
        try FileManager.default.createDirectory(
            atPath: "\(directory)/2026-12-02", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(
            atPath: "\(directory)/.checkpoints", withIntermediateDirectories: true)
        // "Z-test" ends in "Z-test": a substring match took its files for instance "test"'s.
        let theirs = [
            "2026-12-02/.2026-12-02T00-00-00Z-Z-test.bin.gz.tmp-98-1",
            ".checkpoints/.2026-12-02T00-00-00Z-Z-test.checkpoint.tmp-98-2",
            "2026-12-02/.2026-12-02T00-00-00Z-test.bin.gz.tmp-x-1",  // not a temporary name of ours
        ]
        let mine = [
            "2026-12-02/.2026-12-02T00-00-00Z-test.bin.gz.tmp-97-1",
            ".checkpoints/.2026-12-02T00-00-00Z-test.checkpoint.tmp-97-2",
        ]
        for path in theirs + mine { try Data([1]).write(to: URL(fileURLWithPath: "\(directory)/\(path)")) }
        _ = try HookTestSupport.makeHook(directory: directory, clock: clock)
        for path in theirs { #expect(FileManager.default.fileExists(atPath: "\(directory)/\(path)"), "\(path)") }
        for path in mine { #expect(!FileManager.default.fileExists(atPath: "\(directory)/\(path)"), "\(path)") }
    }

    @Test(arguments: [0o777, 0o770, 0o757] as [Int16])
    func anOutputDirectoryOthersCanWriteToIsRefused(mode: Int16) throws {
        let directory = try HookTestSupport.temporaryDirectory()
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: directory)
        let clock = ManualClock(seconds: HookTestSupport.dayStart)
        #expect {
            _ = try HookTestSupport.makeHook(directory: directory, clock: clock)
        } throws: { error in
            let error = error as? ServerHookError
            return error?.code == .unsafeDirectory && error!.field == directory
                && error!.actual == "mode \(String(mode, radix: 8))" && error!.expected.contains("chmod go-w")
        }
        // Nothing was created in it (not even the lock or the checkpoint folder).
        #expect(HookTestSupport.allFiles(in: directory).isEmpty)
        #expect(!HookTestSupport.isDirectory("\(directory)/.checkpoints"))
    }

    @Test func aPlantedLinkForTheCheckpointFolderIsRefusedAtStart() throws {
        let directory = try HookTestSupport.temporaryDirectory()
        let elsewhere = try HookTestSupport.temporaryDirectory()
        try FileManager.default.createSymbolicLink(atPath: "\(directory)/.checkpoints", withDestinationPath: elsewhere)
        let clock = ManualClock(seconds: HookTestSupport.dayStart)
        #expect {
            _ = try HookTestSupport.makeHook(directory: directory, clock: clock)
        } throws: { error in
            let error = error as? ServerHookError
            return error?.code == .unsafeDirectory && error!.field == "\(directory)/.checkpoints"
                && error!.actual == "a symbolic link"
        }
        #expect(HookTestSupport.allFiles(in: elsewhere).isEmpty)
    }

    @Test func aPlantedLinkForADayFolderIsNeverWrittenThroughAndTheWindowWaits() throws {
        let directory = try HookTestSupport.temporaryDirectory()
        let elsewhere = try HookTestSupport.temporaryDirectory()
        let clock = ManualClock(seconds: HookTestSupport.dayStart)
        let hook = try HookTestSupport.makeHook(directory: directory, clock: clock)
        try FileManager.default.createSymbolicLink(atPath: "\(directory)/2026-12-02", withDestinationPath: elsewhere)
        for index in 0..<3 { hook.record(features: HookTestSupport.features(index), prediction: 1) }
        clock.advance(seconds: 60)
        hook.flushDueWindows()
        #expect(HookTestSupport.allFiles(in: elsewhere).isEmpty)
        #expect(hook.health.writeFailures >= 1)
        #expect(hook.health.pendingWindows == 1)

        // The link goes (an operator removed it): the window is written, in a real folder.
        try FileManager.default.removeItem(atPath: "\(directory)/2026-12-02")
        clock.advance(seconds: 61)
        hook.flushDueWindows()
        #expect(hook.health.pendingWindows == 0)
        #expect(try HookTestSupport.windowFiles(in: directory).map(\.window.records) == [3])
        #expect(HookTestSupport.allFiles(in: elsewhere).isEmpty)
    }

    @Test func aDayFolderIsCreatedOwnerOnly() throws {
        let directory = try HookTestSupport.temporaryDirectory()
        let clock = ManualClock(seconds: HookTestSupport.dayStart)
        let hook = try HookTestSupport.makeHook(directory: directory, clock: clock)
        hook.record(features: HookTestSupport.features(1), prediction: 1)
        hook.flushAll()
        for folder in ["2026-12-02", ".checkpoints"] {
            let attributes = try FileManager.default.attributesOfItem(atPath: "\(directory)/\(folder)")
            #expect((attributes[.posixPermissions] as? Int) == 0o700, "\(folder)")
        }
    }

    /// A checkpoint claiming 2^63 - 1 records: the first request after the restart added to it and
    /// trapped, on every restart.
    @Test(arguments: ["9223372036854775807", "99999999999999999999999", "-5", "12abc"])
    func aCraftedRecordCountInACheckpointIsClampedAndNeverTraps(claim: String) throws {
        let directory = try HookTestSupport.temporaryDirectory()
        let clock = ManualClock(seconds: HookTestSupport.dayStart)
        var window = WindowAccumulator(startSeconds: Int64(HookTestSupport.dayStart))
        window.profile.log(column: "x", value: .double(1))
        window.records = 1
        var profile = window.profileForWriting(instance: "test", windowSeconds: 60)
        profile.metadata[WindowAccumulator.recordsMetadataKey] = claim
        try FileManager.default.createDirectory(
            atPath: "\(directory)/.checkpoints", withIntermediateDirectories: true)
        let crafted = "\(directory)/.checkpoints/2026-12-02T00-00-00Z-test.checkpoint"
        try Data(profile.file.gzipSerializedBytes()).write(to: URL(fileURLWithPath: crafted))
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: "\(directory)/.checkpoints")

        // A claim beyond the bound restores as the bound (and stays there: it is still beyond).
        let bound = WindowAccumulator.maxRestoredRecords
        let expected: Int64 = claim.hasPrefix("9") ? bound : 0
        for restart in 0..<2 {
            let hook = try HookTestSupport.makeHook(directory: directory, clock: clock)
            #expect(hook.health.recordsRestored == min(expected + Int64(restart), bound), "restart \(restart)")
            hook.record(features: HookTestSupport.features(restart), prediction: 1)
            clock.advance(seconds: 10)
            hook.flushDueWindows()  // a checkpoint: restored + 1
        }
        let hook = try HookTestSupport.makeHook(directory: directory, clock: clock)
        clock.advance(seconds: 60)
        hook.flushDueWindows()
        let windows = try HookTestSupport.windowFiles(in: directory)
        #expect(windows.map(\.window.records) == [min(expected + 2, bound)])
        #expect(HookTestSupport.predictionCount(windows) == 3)  // the crafted 1 and the 2 real ones
    }

    /// A lock file planted as a FIFO was opened and locked (and a hard link to another file of the
    /// user's was truncated to hold the process id).
    @Test(arguments: ["fifo", "hard link"])
    func aLockFileThatIsNotAPlainFileOfItsOwnIsRefused(kind: String) throws {
        let directory = try HookTestSupport.temporaryDirectory()
        let lock = "\(directory)/.test.lock"
        let precious = "\(directory)/precious.txt"
        try Data("keep me".utf8).write(to: URL(fileURLWithPath: precious))
        if kind == "fifo" {
            #expect(mkfifo(lock, 0o600) == 0)
        } else {
            try FileManager.default.linkItem(atPath: precious, toPath: lock)
        }
        let clock = ManualClock(seconds: HookTestSupport.dayStart)
        #expect {
            _ = try HookTestSupport.makeHook(directory: directory, clock: clock)
        } throws: { error in
            let error = error as? ServerHookError
            return error?.code == .unsafeDirectory && error!.field == lock
        }
        #expect(try String(contentsOfFile: precious, encoding: .utf8) == "keep me")
    }

    /// A checkpoint whose column `x` has a valid KLL sketch of n = 2^51 - 1 (seven items at level
    /// 48, one at each level below): the sketch decoders accept it (n is under
    /// `KLLSketch.maximumN`, 2^53), but no window holds that many values. Such a file is set aside
    /// as corrupt, not merged: merged, a sketch near 2^63 (before the decoders' bound) made the
    /// first record's merge overflow, and the server trapped at its first checkpoint on every
    /// restart.
    @Test func aCheckpointWithASketchCountNoStreamCanReachIsSetAsideNotMerged() throws {
        let n = (1 << 51) - 1
        var image: [UInt8] = [5, 1, 15, 0, 200, 0, 8, 0]
        image += withUnsafeBytes(of: UInt64(n).littleEndian, Array.init)
        image += [200, 0, 49, 0]
        let capacity = _KLLLevels.totalCapacity(k: 200, numLevels: 49)
        let retained = 48 + 7
        for level in 0..<49 {
            image += withUnsafeBytes(of: UInt32(capacity - retained + level).littleEndian, Array.init)
        }
        for _ in 0..<(2 + retained) { image += withUnsafeBytes(of: (1.0).bitPattern.littleEndian, Array.init) }
        let huge = try KLLSketch<Double>(serializedBytes: image)
        #expect(huge.n == n)

        let directory = try HookTestSupport.temporaryDirectory()
        let clock = ManualClock(seconds: HookTestSupport.dayStart)
        var window = WindowAccumulator(startSeconds: Int64(HookTestSupport.dayStart))
        window.profile.log(column: "x", value: .double(1))
        window.profile.columns["x"]!.distribution = DistributionMetric(kll: huge, mean: 1, m2: 0)
        window.records = 1
        let checkpoints = "\(directory)/.checkpoints"
        try FileManager.default.createDirectory(atPath: checkpoints, withIntermediateDirectories: true)
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: checkpoints)
        let profile = window.profileForWriting(instance: "test", windowSeconds: 60)
        try Data(profile.file.gzipSerializedBytes()).write(
            to: URL(fileURLWithPath: "\(checkpoints)/2026-12-02T00-00-00Z-test.checkpoint"))

        let hook = try HookTestSupport.makeHook(directory: directory, clock: clock)
        #expect(hook.health.recordsRestored == 0)
        hook.record(features: HookTestSupport.features(1), prediction: 1)
        clock.advance(seconds: 10)
        hook.flushDueWindows()
        hook.flushAll()
        #expect(try HookTestSupport.windowFiles(in: directory).map(\.window.records) == [1])
        // Kept aside, not lost.
        #expect(HookTestSupport.allFiles(in: checkpoints) == ["2026-12-02T00-00-00Z-test.checkpoint.corrupt"])
    }

    /// A file of 300 MiB under the open window's name (a planted or runaway file) failed every
    /// write of the window ("larger than 256 MiB"), which was dropped at shutdown.
    @Test func anOversizedFileUnderAWindowNameIsSetAsideAndTheWindowWritten() throws {
        let directory = try HookTestSupport.temporaryDirectory()
        let clock = ManualClock(seconds: HookTestSupport.dayStart)
        let folder = "\(directory)/2026-12-02"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: folder)
        let planted = "\(folder)/2026-12-02T00-00-00Z-test.bin.gz"
        #expect(FileManager.default.createFile(atPath: planted, contents: nil))
        #expect(truncate(planted, 300 << 20) == 0)  // sparse: no disk used
        let hook = try HookTestSupport.makeHook(directory: directory, clock: clock)
        for index in 0..<3 { hook.record(features: HookTestSupport.features(index), prediction: 1) }
        #expect(hook.flushAll() == 0)
        #expect(try HookTestSupport.windowFiles(in: directory).map(\.window.records) == [3])
        let aside = try FileManager.default.attributesOfItem(atPath: planted + ".corrupt")
        #expect((aside[.size] as? Int) == 300 << 20)
    }

    /// A checkpoint of 10 MiB that inflates to 70 MiB (a ratio of 7, well within the readers'
    /// default 1000) was inflated in full at every start: with the readers' default limit of
    /// 1 GiB, a crafted checkpoint of 1 MiB reached about 1 GiB, past the deployment's memory
    /// limit of 512 MiB, on every restart. The hook reads its files within 64 MiB.
    @Test func aCheckpointThatInflatesBeyondAnyWindowIsRefusedWithinTheHooksLimit() throws {
        let directory = try HookTestSupport.temporaryDirectory()
        let clock = ManualClock(seconds: HookTestSupport.dayStart)
        let checkpoints = "\(directory)/.checkpoints"
        try FileManager.default.createDirectory(atPath: checkpoints, withIntermediateDirectories: true)
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: checkpoints)
        var state: UInt64 = 1
        let block = (0..<(1 << 20)).map { _ -> UInt8 in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(ascii: "a") + UInt8(state >> 63)  // 1 bit per byte: a ratio of about 7
        }
        var inflated: [UInt8] = []
        inflated.reserveCapacity(70 << 20)
        for _ in 0..<70 { inflated += block }  // 1 MiB apart: beyond deflate's 32 KiB window
        try Data(_Gzip.deflate(inflated)).write(
            to: URL(fileURLWithPath: "\(checkpoints)/2026-12-02T00-00-00Z-test.checkpoint"))
        let store = CapturingLogHandler.Store()
        var configuration = ServerHookConfiguration(directory: directory, instance: "test")
        configuration.windowSeconds = 60
        _ = try ServerHook(
            configuration: configuration, metrics: nil, trainingProfile: nil,
            logger: Logger(label: "test") { _ in CapturingLogHandler(store: store) }, clock: { clock.now })
        let unreadable = store.all.filter { $0.contains("unreadable window or checkpoint file") }
        #expect(unreadable.count == 1)
        #expect(unreadable.first?.contains("at most 67108864 inflated bytes") == true, "\(unreadable)")
    }
}
