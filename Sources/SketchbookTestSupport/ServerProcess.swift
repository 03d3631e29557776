public import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A `wine-server` (or any server taking `--port 0 --port-file PATH`) started as a child
/// process on loopback, for end-to-end tests.
public final class ServerProcess: @unchecked Sendable {
    /// The child.
    public let process: Process
    /// The port it listens on.
    public let port: Int
    /// Its standard error (logs) go to this file, so a chatty server never blocks on a pipe.
    private let logPath: String

    /// Starts `executable` with `arguments` plus `--port 0 --port-file …` from the repository root
    /// and waits (up to `timeout`) until it listens.
    public init(
        executable: URL, arguments: [String], environment: [String: String] = [:], timeout: Duration = .seconds(30)
    ) throws {
        let portFile = FileManager.default.temporaryDirectory.appendingPathComponent("port-\(UUID().uuidString)").path
        process = Process()
        process.executableURL = executable
        process.arguments = arguments + ["--port", "0", "--port-file", portFile]
        process.currentDirectoryURL = Fixtures.repositoryRoot
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        logPath = portFile + ".log"
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        process.standardError = FileHandle(forWritingAtPath: logPath)
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let deadline = ContinuousClock.now + timeout
        while true {
            if let text = try? String(contentsOfFile: portFile, encoding: .utf8),
                let port = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)), port > 0
            {
                self.port = port
                try? FileManager.default.removeItem(atPath: portFile)
                return
            }
            guard process.isRunning, ContinuousClock.now < deadline else {
                if process.isRunning { process.terminate() }
                process.waitUntilExit()
                let log = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
                throw ServerProcessError(message: "server did not start (status \(process.terminationStatus)): \(log)")
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    /// An HTTP response.
    public struct HTTPResult: Sendable {
        public var status: Int
        public var headers: [String: String]
        public var body: String

        /// The body parsed as a JSON object.
        public var json: [String: Any] {
            (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:]
        }
    }

    /// Sends one request to the server.
    public func request(_ method: String, _ path: String, body: String? = nil) async throws -> HTTPResult {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        request.timeoutInterval = 30
        if let body {
            request.httpBody = Data(body.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as! HTTPURLResponse
        var headers: [String: String] = [:]
        for (key, value) in http.allHeaderFields {
            headers[String(describing: key).lowercased()] = String(describing: value)
        }
        return HTTPResult(status: http.statusCode, headers: headers, body: String(decoding: data, as: UTF8.self))
    }

    /// Sends SIGTERM and waits for the exit status.
    @discardableResult
    public func terminate() -> Int32 {
        process.terminate()
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// Sends SIGKILL (a crash) and waits.
    public func kill() {
        _ = Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// The server's log so far.
    public var log: String {
        (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
    }

    deinit {
        if process.isRunning { kill() }
    }
}

/// A server that would not start.
public struct ServerProcessError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
