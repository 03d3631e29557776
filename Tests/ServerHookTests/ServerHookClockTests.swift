import Foundation
import Profiles
import Testing

@testable import ServerHook

/// A wall clock that steps (NTP corrections) while windows and checkpoints are being written.
@Suite struct ServerHookClockTests {
    /// After a step back into a window already written, new records used to reopen it, and its
    /// file was later replaced by one holding only them.
    @Test func aClockSteppedBackIntoAWrittenWindowAddsToItsFileNotReplacesIt() throws {
        let directory = try HookTestSupport.temporaryDirectory()
        let clock = ManualClock(seconds: HookTestSupport.dayStart)
        let hook = try HookTestSupport.makeHook(directory: directory, clock: clock)
        let schema = FeatureSchema(["x", "y"])
        for index in 0..<5 { hook.record(features: HookTestSupport.features(index), prediction: 1) }
        clock.advance(seconds: 60)
        hook.flushDueWindows()  // the first window's file: 5 records
        #expect(try HookTestSupport.windowFiles(in: directory).map(\.window.records) == [5])
        for index in 0..<2 { hook.record(features: HookTestSupport.features(index), prediction: 1) }

        clock.step(seconds: -45)  // back into the first window
        for index in 0..<3 { hook.record(features: HookTestSupport.features(index), prediction: 1) }
        for index in 0..<4 { hook.record([Double(index), 1], schema: schema, prediction: 1) }
        clock.advance(seconds: 10)
        hook.flushDueWindows()
        clock.advance(seconds: 60)
        hook.flushDueWindows()
        hook.flushAll()

        let windows = try HookTestSupport.windowFiles(in: directory)
        // Records by name after the step may go to the still-open later window (per shard);
        // records by position go to the window of their time stamp. None is lost either way.
        #expect(windows.map(\.window.records).reduce(0, +) == 14, "\(windows.map(\.window.records))")
        #expect(HookTestSupport.predictionCount(windows) == 14)
        #expect((windows.first?.window.records ?? 0) >= 5 + 4)
        #expect(windows.map(\.name.startSeconds).allSatisfy { $0 >= Int64(HookTestSupport.dayStart) })
    }

    @Test func aSteppedBackClockSeedsTheReopenedWindowSoItsCheckpointHoldsTheFile() throws {
        let directory = try HookTestSupport.temporaryDirectory()
        let clock = ManualClock(seconds: HookTestSupport.dayStart)
        do {
            let hook = try HookTestSupport.makeHook(directory: directory, clock: clock)
            let schema = FeatureSchema(["x", "y"])
            for index in 0..<5 { hook.record([Double(index), 1], schema: schema, prediction: 1) }
            clock.advance(seconds: 60)
            hook.flushDueWindows()  // the first window's file: 5 records
            clock.step(seconds: -30)
            for index in 0..<3 { hook.record([Double(index), 1], schema: schema, prediction: 1) }
            clock.advance(seconds: 10)
            hook.flushDueWindows()  // a checkpoint of the reopened window: its file's 5 + 3
            // Crash.
        }
        clock.advance(seconds: 120)
        let restarted = try HookTestSupport.makeHook(directory: directory, clock: clock)
        restarted.flushAll()
        let windows = try HookTestSupport.windowFiles(in: directory)
        #expect(windows.map(\.window.records) == [8])
        #expect(HookTestSupport.predictionCount(windows) == 8)
    }

    /// Checkpoints were scheduled on the wall clock: after a step back they stopped for as long as
    /// the step.
    @Test func checkpointsKeepTheirPaceOnTheMonotonicClockWhenTheWallClockStepsBack() throws {
        let directory = try HookTestSupport.temporaryDirectory()
        let clock = ManualClock(seconds: HookTestSupport.dayStart)
        do {
            let hook = try HookTestSupport.makeHook(directory: directory, clock: clock, checkpoint: 10)
            for index in 0..<3 { hook.record(features: HookTestSupport.features(index), prediction: 1) }
            clock.advance(seconds: 10)
            hook.flushDueWindows()
            #expect(hook.health.checkpointsWritten == 1)
            clock.step(seconds: -3600)
            for index in 0..<2 { hook.record(features: HookTestSupport.features(index), prediction: 1) }
            clock.advance(seconds: 10)
            hook.flushDueWindows()
            #expect(hook.health.checkpointsWritten >= 2)
            // Crash: everything recorded was checkpointed.
        }
        clock.step(seconds: 3600)
        clock.advance(seconds: 60)
        let restarted = try HookTestSupport.makeHook(directory: directory, clock: clock)
        restarted.flushAll()
        let windows = try HookTestSupport.windowFiles(in: directory)
        #expect(windows.map(\.window.records).reduce(0, +) == 5, "\(windows.map(\.window.records))")
    }

    /// A restored window sent to disk when the clock stepped back before it, while the shards still
    /// held records of it: its checkpoint was removed, and the next one held only the shards' part
    /// (a restart keeps the larger of a window's file and checkpoint: 5 of 8 records).
    @Test(arguments: [60, 120] as [Int64])
    func aRestoredWindowStaysWholeWhenTheClockStepsBackBeforeIt(step: Int64) throws {
        let directory = try HookTestSupport.temporaryDirectory()
        let clock = ManualClock(seconds: HookTestSupport.dayStart)
        do {
            let first = try HookTestSupport.makeHook(directory: directory, clock: clock)
            for index in 0..<5 { first.record(features: HookTestSupport.features(index), prediction: 1) }
            clock.advance(seconds: 10)
            first.flushDueWindows()  // checkpoint: 5
            // Crash.
        }
        clock.advance(seconds: 5)
        do {
            let second = try HookTestSupport.makeHook(directory: directory, clock: clock)
            #expect(second.health.recordsRestored == 5)
            for index in 0..<3 { second.record(features: HookTestSupport.features(index), prediction: 1) }
            clock.advance(seconds: 10)
            second.flushDueWindows()  // checkpoint: 8
            clock.step(seconds: -step)  // one window back (it stays open) or two (it is written)
            clock.advance(seconds: 10)
            second.flushDueWindows()
            // Crash.
        }
        clock.step(seconds: step)
        clock.advance(seconds: 120)
        let third = try HookTestSupport.makeHook(directory: directory, clock: clock)
        third.flushAll()
        let windows = try HookTestSupport.windowFiles(in: directory)
        #expect(windows.map(\.window.records) == [8])
        #expect(HookTestSupport.predictionCount(windows) == 8)
    }

    /// A closed window whose write failed, then the clock stepped back into it: its checkpoint was
    /// replaced by one of the new records only.
    @Test func aCheckpointOfAWindowReopenedWhileItsWriteFailsHoldsItAll() throws {
        let directory = try HookTestSupport.temporaryDirectory()
        let clock = ManualClock(seconds: HookTestSupport.dayStart)
        let blocker = "\(directory)/2026-12-02"
        do {
            let hook = try HookTestSupport.makeHook(directory: directory, clock: clock)
            for index in 0..<5 { hook.record(features: HookTestSupport.features(index), prediction: 1) }
            clock.advance(seconds: 10)
            hook.flushDueWindows()  // checkpoint: 5
            try Data().write(to: URL(fileURLWithPath: blocker))  // no day folder can be made
            clock.advance(seconds: 60)
            hook.flushDueWindows()
            #expect(hook.health.pendingWindows == 1)
            clock.step(seconds: -30)  // back into the unwritten window
            for index in 0..<2 { hook.record(features: HookTestSupport.features(index), prediction: 1) }
            clock.advance(seconds: 10)
            hook.flushDueWindows()
            // Crash.
        }
        try FileManager.default.removeItem(atPath: blocker)
        clock.advance(seconds: 120)
        let restarted = try HookTestSupport.makeHook(directory: directory, clock: clock)
        restarted.flushAll()
        let windows = try HookTestSupport.windowFiles(in: directory)
        #expect(windows.map(\.window.records) == [7])
        #expect(HookTestSupport.predictionCount(windows) == 7)
    }

    /// After a step forward (a year) and back, every record by name went to the far window still
    /// open in its shard, and no window was written until the clock caught up with it.
    @Test func aClockSteppedForwardAndBackDoesNotKeepRecordsInTheFarWindow() throws {
        let directory = try HookTestSupport.temporaryDirectory()
        let clock = ManualClock(seconds: HookTestSupport.dayStart)
        let hook = try HookTestSupport.makeHook(directory: directory, clock: clock) { $0.shardCount = 1 }
        let schema = FeatureSchema(["x", "y"])
        let year: Int64 = 365 * 86_400
        for index in 0..<2 { hook.record(features: HookTestSupport.features(index), prediction: 1) }
        clock.step(seconds: year)
        for index in 0..<3 { hook.record(features: HookTestSupport.features(index), prediction: 1) }
        hook.record([1, 1], schema: schema, prediction: 1)
        hook.flushDueWindows()
        clock.step(seconds: -year)
        clock.advance(seconds: 60)
        for index in 0..<4 { hook.record(features: HookTestSupport.features(index), prediction: 1) }
        hook.record([2, 1], schema: schema, prediction: 1)
        clock.advance(seconds: 60)
        hook.flushDueWindows()
        let written = try HookTestSupport.windowFiles(in: directory)
        let near = written.filter { $0.name.startSeconds < Int64(HookTestSupport.dayStart) + year }
        #expect(near.map(\.window.records) == [2, 5], "\(written.map(\.name.fileName))")
        // The far window is written too, not held until the clock reaches it.
        #expect(written.map(\.window.records).reduce(0, +) == 11)
        hook.flushAll()
        #expect(HookTestSupport.predictionCount(try HookTestSupport.windowFiles(in: directory)) == 11)
    }
}
