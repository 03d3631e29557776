import Foundation
import Profiles
import SketchbookTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

enum WineServerSupport {
    static var executable: URL { Fixtures.productsDirectory.appendingPathComponent("wine-server") }

    /// Runs wine-server until it exits: its status and standard error.
    static func runToExit(_ arguments: [String], environment: [String: String] = [:]) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = WineServerSupport.executable
        process.arguments = arguments
        process.currentDirectoryURL = Fixtures.repositoryRoot
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let error = Pipe()
        process.standardError = error
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let message = String(decoding: error.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, message)
    }

    static func temporaryDirectory() throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "wine-server-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }

    static func start(outputDirectory: String, instance: String = "e2e", extra: [String] = []) throws -> ServerProcess {
        try ServerProcess(
            executable: executable,
            arguments: [
                "--output-dir", outputDirectory, "--instance", instance, "--checkpoint-seconds", "1",
                "--log-level", "warning",
            ] + extra)
    }

    /// Starts wine-server through Python, which first runs `setup` (statements using `os`,
    /// `resource`, `signal`: resource limits, signal dispositions) and then execs the server.
    static func startUnder(_ setup: String, arguments: [String]) throws -> ServerProcess {
        let launcher = "import os, resource, signal, sys\n\(setup)\nos.execv(sys.argv[1], sys.argv[1:])\n"
        return try ServerProcess(
            executable: URL(fileURLWithPath: "/usr/bin/env"),
            arguments: ["python3", "-c", launcher, executable.path] + arguments)
    }

    /// Red (or white) wine rows as /predict bodies, from the bundled UCI data.
    /// Puts a file where today's and tomorrow's day folders (UTC) go, so that every window write
    /// fails until they are removed (tomorrow's in case a test runs across midnight).
    static func blockDayFolders(in directory: String) throws -> [String] {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd"
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.locale = Locale(identifier: "en_US_POSIX")
        let blockers = [Date(), Date().addingTimeInterval(86_400)].map { "\(directory)/\(formatter.string(from: $0))" }
        for blocker in blockers { try Data().write(to: URL(fileURLWithPath: blocker)) }
        return blockers
    }

    static func rows(_ color: String, count: Int) throws -> [String] {
        let text = try String(contentsOf: Fixtures.url("wine-quality/winequality-\(color).csv"), encoding: .utf8)
        let names = [
            "fixed_acidity", "volatile_acidity", "citric_acid", "residual_sugar", "chlorides",
            "free_sulfur_dioxide", "total_sulfur_dioxide", "density", "ph", "sulphates", "alcohol_pct_vol",
        ]
        return text.split(separator: "\n").dropFirst().prefix(count).map { line in
            let fields = line.split(separator: ";")
            return "{" + zip(names, fields).map { #""\#($0)":\#($1)"# }.joined(separator: ",") + "}"
        }
    }

    /// Replaces one field's value by the string "bad data", as the load test does.
    static func withBadField(_ body: String, field: String) -> String {
        let pattern = #""\#(field)":"#
        guard let range = body.range(of: pattern) else { return body }
        let valueEnd = body[range.upperBound...].firstIndex(where: { $0 == "," || $0 == "}" })!
        return body.replacingCharacters(in: range.upperBound..<valueEnd, with: #""bad data""#)
    }

    /// The window files under `directory`, decoded (every one must decode).
    static func windows(in directory: String) throws -> [DatasetProfile] {
        var result: [DatasetProfile] = []
        let enumerator = FileManager.default.enumerator(atPath: directory)
        while let relative = enumerator?.nextObject() as? String {
            guard relative.hasSuffix(".bin.gz") else { continue }
            result.append(try DatasetProfile(file: ProfileFile(contentsOf: "\(directory)/\(relative)")))
        }
        return result
    }

    /// All files under `directory`, hidden ones included.
    static func files(in directory: String) -> [String] {
        (FileManager.default.enumerator(atPath: directory)?.allObjects as? [String] ?? []).filter {
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: "\(directory)/\($0)", isDirectory: &isDirectory)
                && !isDirectory.boolValue
        }
    }

    /// The predictions recorded in the windows: `counts/n` of one feature.
    static func predictionCount(in directory: String) throws -> Int64 {
        try windows(in: directory).reduce(0) { $0 + ($1.columns["alcohol_pct_vol"]?.counts?.n ?? 0) }
    }

    /// The value of one sample line of a Prometheus exposition.
    static func sample(_ metrics: String, _ series: String) -> Double? {
        for line in metrics.split(separator: "\n") where line.hasPrefix(series + " ") {
            return Double(line.dropFirst(series.count + 1))
        }
        return nil
    }
}

/// A raw TCP connection to the server, for what URLSession cannot do: send half a request and
/// keep the connection open, read with a deadline, close on demand.
/// A raw connection that could not be made.
struct RawConnectionError: Error, CustomStringConvertible {
    var description: String
}

final class RawConnection {
    let descriptor: Int32

    init(port: Int) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw RawConnectionError(description: "socket: errno \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            let code = errno
            close(descriptor)
            throw RawConnectionError(description: "connect: errno \(code)")
        }
    }

    /// Sends `text`; without `waiting`, only what the socket buffer takes now.
    func send(_ text: String, waiting: Bool = true) {
        let bytes = Array(text.utf8)
        let flags = Int32(MSG_NOSIGNAL) | (waiting ? 0 : Int32(MSG_DONTWAIT))
        _ = bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, flags) }
    }

    /// Makes the receive buffer (and so the window the server may fill) as small as it goes.
    func shrinkReceiveBuffer() {
        var size: Int32 = 1024
        setsockopt(descriptor, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
    }

    /// Whether the server closes or resets the connection within `seconds`, without reading it.
    func peerClosed(within seconds: Double) -> Bool {
        let peerHangUp: Int16 = 0x2000  // POLLRDHUP (Linux; not imported without _GNU_SOURCE)
        var entry = pollfd(fd: descriptor, events: peerHangUp, revents: 0)
        guard poll(&entry, 1, Int32(seconds * 1000)) == 1 else { return false }
        return entry.revents & (peerHangUp | Int16(POLLHUP | POLLERR)) != 0
    }

    /// What `recv` gives within `seconds`: bytes, end of stream (empty), or nil if nothing came.
    func receive(within seconds: Double) -> [UInt8]? {
        var timeout = timeval(tv_sec: Int(seconds), tv_usec: Int((seconds - seconds.rounded(.down)) * 1e6))
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        if count < 0 { return nil }  // EAGAIN: the deadline passed (or reset: treated alike)
        return Array(buffer.prefix(count))
    }

    /// Reads until the server closes (a `Connection: close` response), up to `seconds`.
    func readToEnd(within seconds: Double) -> String? {
        let deadline = ContinuousClock.now + .seconds(seconds)
        var all: [UInt8] = []
        while ContinuousClock.now < deadline {
            guard let chunk = receive(within: 0.25) else { continue }
            if chunk.isEmpty { return String(decoding: all, as: UTF8.self) }
            all += chunk
        }
        return nil
    }

    /// One complete request with `Connection: close`; the response, or nil if none came in time.
    func request(_ method: String, _ path: String, body: String = "", within seconds: Double = 10) -> String? {
        send(
            "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                + "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)")
        return readToEnd(within: seconds)
    }

    deinit { close(descriptor) }
}
