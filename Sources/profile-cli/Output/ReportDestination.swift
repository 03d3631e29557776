import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a report command's text goes: a file named by `-o` (written atomically) or standard
/// output. Shared by `diff`, `check` and `constraints generate`.
enum ReportDestination {
    /// Whether text for `output` may be coloured: only on a terminal, and not under `NO_COLOR`
    /// (https://no-color.org: any non-empty value turns colour off).
    static func allowsColour(output: String?) -> Bool {
        output == nil && isatty(STDOUT_FILENO) == 1
            && ProcessInfo.processInfo.environment["NO_COLOR"].map(\.isEmpty) ?? true
    }

    /// Writes `text` to `output` atomically (a temporary file, then a rename), or prints it when
    /// `output` is `nil`.
    ///
    /// - Throws: ``CommandError`` naming the file when it cannot be written.
    static func write(_ text: String, to output: String?) throws {
        guard let output else {
            print(text, terminator: "")
            return
        }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
        } catch {
            throw CommandError("\(output): cannot write: \(error.localizedDescription)")
        }
    }
}
