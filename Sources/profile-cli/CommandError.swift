import Foundation

/// A failure of a command, reported as one line and exit status 2.
struct CommandError: Error, CustomStringConvertible {
    var message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
}

/// Writes one line to stderr, with controls (line breaks included) made visible: messages echo
/// file and column names, which must not move the cursor or forge another line.
/// `keepsLineBreaks` keeps the line breaks of a multi-line message (a usage error), escaping
/// each line.
func printToStandardError(_ text: String, keepsLineBreaks: Bool = false) {
    var body = text
    if body.hasSuffix("\n") { body.removeLast() }
    let line =
        keepsLineBreaks
        ? body.split(separator: "\n", omittingEmptySubsequences: false).map { _TerminalEscaping.escape(String($0)) }
            .joined(separator: "\n")
        : _TerminalEscaping.escape(body)
    FileHandle.standardError.write(Data((line + "\n").utf8))
}

/// Ends the process (a free function, so that `ParsableCommand.exit(withError:)` does not shadow it).
func terminate(status: Int32) -> Never {
    exit(status)
}
