import ArgumentParser

/// The `profile` command: sub-commands over the Sketchbook library.
///
/// Exit codes: 0 success, 2 usage or input error (a bad flag, an unreadable file, an invalid
/// image). Every error is one line on stderr.
@main
struct ProfileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profile",
        abstract:
            "Profile CSV, Arrow, JSON lines and images into mergeable whylogs profiles; merge, compare, check and inspect them.",
        discussion: """
            Sketches and profiles are byte-compatible with Apache DataSketches and whylogs v1.
            Exit status: 0 on success, 1 for a failing verdict (diff: drift; check: a failed constraint; monitor: an alert), 2 on a usage or input error.
            """,
        version: "0.1.0",
        subcommands: [
            CSVCommand.self, ArrowCommand.self, JSONLinesCommand.self, ImagesCommand.self, ShowCommand.self,
            MergeCommand.self, DiffCommand.self, CheckCommand.self, MonitorCommand.self, ConstraintsCommand.self,
            SketchCommand.self,
        ])

    /// Runs the command, mapping every failure to one line on stderr and exit status 2 (help and
    /// version requests exit 0, as usual).
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as CommandError {
            fail(error.message)
        } catch {
            let code = exitCode(for: error)
            if code == .success || error is CleanExit || error is ExitCode {
                exit(withError: error)
            }
            let message = fullMessage(for: error)
            if code == .validationFailure {
                // Usage errors: the message, then a pointer to the help (one short block on stderr).
                printToStandardError(message, keepsLineBreaks: true)
                terminate(status: 2)
            }
            fail(message)
        }
    }

    static func fail(_ message: String) -> Never {
        printToStandardError("profile: error: " + message)
        terminate(status: 2)
    }
}
