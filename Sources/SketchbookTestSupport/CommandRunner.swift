public import Foundation

/// The outcome of running a command-line program.
public struct CommandResult: Sendable {
    public var status: Int32
    public var standardOutput: String
    public var standardError: String
}

/// Runs the built `profile` executable, as a user would, and captures its output.
public enum ProfileExecutable {
    /// The built binary next to the test bundle (`.build/debug/profile`).
    public static var url: URL { Fixtures.productsDirectory.appendingPathComponent("profile") }

    /// Runs `profile` with `arguments` (and extra environment variables) from the repository root
    /// and waits for it to exit.
    public static func run(
        _ arguments: [String], environment: [String: String] = [:], standardInput: Data? = nil
    ) throws -> CommandResult {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        process.currentDirectoryURL = Fixtures.repositoryRoot
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        let input = Pipe()
        if standardInput != nil { process.standardInput = input }
        try process.run()
        if let standardInput {
            // Feed the input from another thread, so a child that writes before it reads cannot
            // block on a full output pipe.
            let writer = input.fileHandleForWriting
            Thread.detachNewThread {
                writer.write(standardInput)
                try? writer.close()
            }
        }
        // Read both pipes to the end before waiting, so a large output cannot block the child.
        let outData = output.fileHandleForReading.readDataToEndOfFile()
        let errData = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CommandResult(
            status: process.terminationStatus,
            standardOutput: String(decoding: outData, as: UTF8.self),
            standardError: String(decoding: errData, as: UTF8.self))
    }
}
