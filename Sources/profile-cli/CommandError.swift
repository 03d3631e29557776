import Foundation

/// A failure of a command, reported as one line and exit status 2.
struct CommandError: Error, CustomStringConvertible {
    var message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
}

func printToStandardError(_ text: String) {
    var line = text
    if !line.hasSuffix("\n") { line += "\n" }
    FileHandle.standardError.write(Data(line.utf8))
}

/// Ends the process (a free function, so that `ParsableCommand.exit(withError:)` does not shadow it).
func terminate(status: Int32) -> Never {
    exit(status)
}
