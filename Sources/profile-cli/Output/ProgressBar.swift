import Foundation
import Synchronization

/// A progress bar on stderr (redrawn at most 10 times a second) for terminals: bytes, rows per
/// second and the time left. Called from worker threads.
final class ProgressBar: Sendable {
    private struct State {
        var lastDraw: UInt64 = 0
        var drawn = false
        var started: UInt64 = DispatchTime.now().uptimeNanoseconds
    }

    private let enabled: Bool
    private let label: String
    private let state = Mutex(State())

    init(enabled: Bool, label: String) {
        self.enabled = enabled
        self.label = _TerminalEscaping.escape(label)
    }

    /// Redraws the bar: `bytes` of `total` (0 when unknown: no bar, no time left) and `rows` done.
    func update(bytes: Int64, total: Int64, rows: Int64, unit: String = "rows") {
        guard enabled else { return }
        let now = DispatchTime.now().uptimeNanoseconds
        let line: String? = state.withLock { state in
            guard now - state.lastDraw >= 100_000_000 else { return nil }
            state.lastDraw = now
            state.drawn = true
            let elapsed = Double(now - state.started) / 1e9
            if rows == 0 && bytes == 0 {
                return "reading \(label): \(Self.byteText(total))"
            }
            let rate = elapsed > 0 ? Double(rows) / elapsed : 0
            if total == 0 {
                return "\(label): \(Self.byteText(bytes))  \(Self.countText(rate)) \(unit)/s"
            }
            let fraction = Double(bytes) / Double(total)
            let width = 24
            let filled = Int((fraction * Double(width)).rounded(.down))
            let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
            let remaining = fraction > 0 ? elapsed * (1 - fraction) / fraction : 0
            return String(
                format: "%@ %@ %3.0f%%  %@ / %@  %@ %@/s  ETA %@", label, bar, fraction * 100,
                Self.byteText(bytes), Self.byteText(total), Self.countText(rate), unit,
                Self.durationText(remaining))
        }
        if let line { FileHandle.standardError.write(Data(("\r\u{1B}[K" + line).utf8)) }
    }

    func clear() {
        guard enabled, state.withLock({ $0.drawn }) else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }

    static func byteText(_ bytes: Int64) -> String {
        let value = Double(bytes)
        if value >= 1e9 { return String(format: "%.2f GB", value / 1e9) }
        if value >= 1e6 { return String(format: "%.1f MB", value / 1e6) }
        if value >= 1e3 { return String(format: "%.1f kB", value / 1e3) }
        return "\(bytes) B"
    }

    static func countText(_ count: Double) -> String {
        if count >= 1e6 { return String(format: "%.2f M", count / 1e6) }
        if count >= 1e3 { return String(format: "%.1f k", count / 1e3) }
        return String(format: "%.0f", count)
    }

    static func durationText(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "?" }
        if seconds >= 3600 { return String(format: "%dh%02dm", Int(seconds) / 3600, Int(seconds) % 3600 / 60) }
        if seconds >= 60 { return String(format: "%dm%02ds", Int(seconds) / 60, Int(seconds) % 60) }
        return String(format: "%.0fs", seconds)
    }
}
