import Foundation
import Logging
import Profiles
import Synchronization
import Testing

@testable import ServerHook

/// A clock the test moves by hand: the wall clock (Unix epoch milliseconds) and a monotonic one
/// (milliseconds since the clock was made), which only ``step(seconds:)`` sets apart.
final class ManualClock: Sendable {
    private let milliseconds: Atomic<UInt64>
    private let monotonicMilliseconds = Atomic<UInt64>(0)

    init(seconds: UInt64) { milliseconds = Atomic(seconds * 1000) }

    var now: UInt64 { milliseconds.load(ordering: .relaxed) }
    var monotonic: UInt64 { monotonicMilliseconds.load(ordering: .relaxed) }

    /// Time passes: both clocks move on.
    func advance(seconds: Double) {
        milliseconds.add(UInt64(seconds * 1000), ordering: .relaxed)
        monotonicMilliseconds.add(UInt64(seconds * 1000), ordering: .relaxed)
    }

    /// The wall clock is set (an NTP step, either way); the monotonic clock does not move.
    func step(seconds: Int64) {
        let current = Int64(milliseconds.load(ordering: .relaxed))
        milliseconds.store(UInt64(current + seconds * 1000), ordering: .relaxed)
    }
}

enum HookTestSupport {
    /// 2026-12-02T00:00:00Z.
    static let dayStart: UInt64 = 1_796_169_600

    /// A fresh directory under the system's temporary directory.
    static func temporaryDirectory() throws -> String {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("serverhook-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }

    static func makeHook(
        directory: String, clock: ManualClock, window: Int = 60, checkpoint: Int = 10, instance: String = "test",
        metrics: ServerHookMetrics? = nil, training: DatasetProfile? = nil,
        configure: (inout ServerHookConfiguration) -> Void = { _ in }
    ) throws -> ServerHook {
        var configuration = ServerHookConfiguration(
            directory: directory, instance: instance, windowSeconds: window, checkpointSeconds: checkpoint)
        configure(&configuration)
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return try ServerHook(
            configuration: configuration, metrics: metrics, trainingProfile: training, logger: logger,
            clock: { clock.now }, monotonicClock: { clock.monotonic })
    }

    static func features(_ index: Int) -> [String: FeatureValue] {
        ["x": .double(Double(index)), "y": .double(Double(index % 7)), "label": .string("c\(index % 3)")]
    }

    /// Every window file under `directory` (not checkpoints, not temporaries), decoded.
    static func windowFiles(in directory: String) throws -> [(name: WindowFileName, window: WindowAccumulator)] {
        var result: [(WindowFileName, WindowAccumulator)] = []
        let enumerator = FileManager.default.enumerator(atPath: directory)
        while let relative = enumerator?.nextObject() as? String {
            let fileName = (relative as NSString).lastPathComponent
            guard let name = WindowFileName(fileName: fileName) else { continue }
            let profile = try DatasetProfile(file: ProfileFile(contentsOf: "\(directory)/\(relative)"))
            result.append((name, WindowAccumulator(startSeconds: name.startSeconds, restoring: profile)))
        }
        return result.sorted { $0.0.startSeconds < $1.0.startSeconds }
    }

    /// Every file name under `directory`, recursively (hidden ones included).
    static func allFiles(in directory: String) -> [String] {
        (FileManager.default.enumerator(atPath: directory)?.allObjects as? [String] ?? [])
            .filter { !isDirectory("\(directory)/\($0)") }.sorted()
    }

    static func isDirectory(_ path: String) -> Bool {
        var flag: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &flag) && flag.boolValue
    }

    /// The `counts/n` of column `x` summed over windows: the number of predictions recorded.
    static func predictionCount(_ windows: [(name: WindowFileName, window: WindowAccumulator)]) -> Int64 {
        windows.reduce(0) { $0 + ($1.window.profile.columns["x"]?.counts?.n ?? 0) }
    }
}

/// A log handler that keeps every message with its metadata, for tests that check what was logged.
struct CapturingLogHandler: LogHandler {
    final class Store: Sendable {
        let lines = Mutex<[String]>([])
        var all: [String] { lines.withLock { $0 } }
    }

    let store: Store
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let fields = (event.metadata ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        store.lines.withLock { $0.append("\(event.level) \(event.message) \(fields.joined(separator: " "))") }
    }
}
