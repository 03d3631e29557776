import Foundation
import Profiles
import Testing

@testable import ServerHook

/// Crashes (a hook dropped without a final flush), restarts and write failures.
@Suite struct ServerHookRecoveryTests {
    @Test func aCrashLosesNothingBeforeTheLastCheckpoint() throws {
        let directory = try HookTestSupport.temporaryDirectory()
        let clock = ManualClock(seconds: HookTestSupport.dayStart)
        do {
            let crashing = try HookTestSupport.makeHook(directory: directory, clock: clock, checkpoint: 10)
            for index in 0..<7 { crashing.record(features: HookTestSupport.features(index), prediction: 1) }
            clock.advance(seconds: 10)
            crashing.flushDueWindows()  // checkpoint of 7
            #expect(crashing.health.checkpointsWritten == 1)
            for index in 0..<2 { crashing.record(features: HookTestSupport.features(index), prediction: 1) }
            // Crash: no flushAll; the last 2 records are lost.
        }
        #expect(try HookTestSupport.windowFiles(in: directory).isEmpty)
        clock.advance(seconds: 5)
        let restarted = try HookTestSupport.makeHook(directory: directory, clock: clock)
        #expect(restarted.health.recordsRestored == 7)
        for index in 0..<3 { restarted.record(features: HookTestSupport.features(index), prediction: 1) }
        restarted.flushAll()
        let windows = try HookTestSupport.windowFiles(in: directory)
        #expect(windows.count == 1)
        #expect(windows.first?.window.records == 10)
        #expect(HookTestSupport.predictionCount(windows) == 10)
        #expect(HookTestSupport.allFiles(in: "\(directory)/.checkpoints").isEmpty)
    }

    @Test func aCheckpointOfAWindowThatClosedWhileDownIsWrittenAtRestart() throws {
        let directory = try HookTestSupport.temporaryDirectory()
        let clock = ManualClock(seconds: HookTestSupport.dayStart)
        do {
            let crashing = try HookTestSupport.makeHook(directory: directory, clock: clock)
            for index in 0..<5 { crashing.record(features: HookTestSupport.features(index), prediction: 1) }
            clock.advance(seconds: 10)
            crashing.flushDueWindows()
        }
        clock.advance(seconds: 3600)
        let restarted = try HookTestSupport.makeHook(directory: directory, clock: clock)
        let windows = try HookTestSupport.windowFiles(in: directory)
        #expect(windows.map(\.name.fileName) == ["2026-12-02T00-00-00Z-test.bin.gz"])
        #expect(windows.first?.window.records == 5)
        #expect(restarted.health.windowsWritten == 1)
        #expect(HookTestSupport.allFiles(in: "\(directory)/.checkpoints").isEmpty)
    }

    @Test func aGracefulRestartInTheSameWindowAddsToItsFile() throws {
        let directory = try HookTestSupport.temporaryDirectory()
        let clock = ManualClock(seconds: HookTestSupport.dayStart)
        // Each process goes before the next starts (it holds the instance's lock).
        do {
            let first = try HookTestSupport.makeHook(directory: directory, clock: clock)
            for index in 0..<4 { first.record(features: HookTestSupport.features(index), prediction: 1) }
            first.flushAll()  // SIGTERM: the partial window is written
        }
        clock.advance(seconds: 20)
        do {
            let second = try HookTestSupport.makeHook(directory: directory, clock: clock)
            for index in 0..<2 { second.record(features: HookTestSupport.features(index), prediction: 1) }
            clock.advance(seconds: 10)
            second.flushDueWindows()  // checkpoint: restored 4 + 2
            // Crash now, restart again: the checkpoint (6) beats the partial file (4).
        }
        let third = try HookTestSupport.makeHook(directory: directory, clock: clock)
        #expect(third.health.recordsRestored == 6)
        third.record(features: HookTestSupport.features(9), prediction: 1)
        clock.advance(seconds: 60)
        third.flushDueWindows()
        let windows = try HookTestSupport.windowFiles(in: directory)
        #expect(windows.count == 1)
        #expect(windows.first?.window.records == 7)
        #expect(HookTestSupport.predictionCount(windows) == 7)
    }

    @Test func aCorruptCheckpointIsSetAsideNotFatal() throws {
        let directory = try HookTestSupport.temporaryDirectory()
        let clock = ManualClock(seconds: HookTestSupport.dayStart)
        try FileManager.default.createDirectory(
            atPath: "\(directory)/.checkpoints", withIntermediateDirectories: true)
        let path = "\(directory)/.checkpoints/2026-12-02T00-00-00Z-test.checkpoint"
        try Data([0x1f, 0x8b, 0x08, 0, 1, 2, 3]).write(to: URL(fileURLWithPath: path))
        let hook = try HookTestSupport.makeHook(directory: directory, clock: clock)
        #expect(hook.health.recordsRestored == 0)
        #expect(FileManager.default.fileExists(atPath: path + ".corrupt"))
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    /// The second corrupt checkpoint of a window was renamed over the first one set aside.
    @Test func aSecondCorruptFileOfAWindowDoesNotReplaceTheFirstSetAside() throws {
        let directory = try HookTestSupport.temporaryDirectory()
        let clock = ManualClock(seconds: HookTestSupport.dayStart)
        try FileManager.default.createDirectory(
            atPath: "\(directory)/.checkpoints", withIntermediateDirectories: true)
        let path = "\(directory)/.checkpoints/2026-12-02T00-00-00Z-test.checkpoint"
        for run in 0..<3 {
            try Data([0x1f, 0x8b, 0x08, 0, UInt8(run)]).write(to: URL(fileURLWithPath: path))
            _ = try HookTestSupport.makeHook(directory: directory, clock: clock)
        }
        let kept = HookTestSupport.allFiles(in: "\(directory)/.checkpoints")
        #expect(kept.count == 3, "\(kept)")
        let contents = try kept.map { try Data(contentsOf: URL(fileURLWithPath: "\(directory)/.checkpoints/\($0)")) }
        #expect(Set(contents.map { $0.last }) == [0, 1, 2])
    }

    @Test func temporaryFilesOfEarlierRunsAreRemovedAndNeverTakenForWindows() throws {
        let directory = try HookTestSupport.temporaryDirectory()
        let clock = ManualClock(seconds: HookTestSupport.dayStart)
        try FileManager.default.createDirectory(atPath: "\(directory)/2026-12-02", withIntermediateDirectories: true)
        let mine = "\(directory)/2026-12-02/.2026-12-02T00-00-00Z-test.bin.gz.tmp-99-1"
        let theirs = "\(directory)/2026-12-02/.2026-12-02T00-00-00Z-other.bin.gz.tmp-98-1"
        for path in [mine, theirs] { try Data([1, 2, 3]).write(to: URL(fileURLWithPath: path)) }
        _ = try HookTestSupport.makeHook(directory: directory, clock: clock)
        #expect(!FileManager.default.fileExists(atPath: mine))
        #expect(FileManager.default.fileExists(atPath: theirs))  // another instance's, maybe in flight
        #expect(try HookTestSupport.windowFiles(in: directory).isEmpty)
    }

    @Test func writeFailuresAreCountedRetriedAndRecover() throws {
        let directory = try HookTestSupport.temporaryDirectory()
        let clock = ManualClock(seconds: HookTestSupport.dayStart)
        let hook = try HookTestSupport.makeHook(directory: directory, clock: clock)
        // A file where the day folder should be: every write of today's windows fails.
        let blocker = "\(directory)/2026-12-02"
        try Data().write(to: URL(fileURLWithPath: blocker))
        for index in 0..<3 { hook.record(features: HookTestSupport.features(index), prediction: 1) }
        clock.advance(seconds: 60)
        hook.flushDueWindows()
        #expect(hook.health.writeFailures >= 1)
        #expect(hook.health.pendingWindows == 1)
        hook.record(features: HookTestSupport.features(3), prediction: 1)  // the server goes on

        try FileManager.default.removeItem(atPath: blocker)
        clock.advance(seconds: 61)  // past the back-off, and the second window closes
        hook.flushDueWindows()
        #expect(hook.health.pendingWindows == 0)
        let windows = try HookTestSupport.windowFiles(in: directory)
        #expect(windows.map(\.window.records) == [3, 1])
    }

    @Test func unwritableWindowsBeyondTheLimitAreDroppedAndCounted() throws {
        let directory = try HookTestSupport.temporaryDirectory()
        let clock = ManualClock(seconds: HookTestSupport.dayStart)
        let hook = try HookTestSupport.makeHook(directory: directory, clock: clock) { $0.maxPendingWindows = 2 }
        try Data().write(to: URL(fileURLWithPath: "\(directory)/2026-12-02"))
        for window in 0..<4 {
            for index in 0..<(window + 1) { hook.record(features: HookTestSupport.features(index), prediction: 1) }
            clock.advance(seconds: 60)
            hook.flushDueWindows()
        }
        #expect(hook.health.pendingWindows == 2)
        #expect(hook.health.recordsDropped == 1 + 2)  // the two oldest windows
    }
}
