import Foundation
import Profiles
import SketchbookTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Hostile connections and signals against the built `wine-server`: half-sent requests, more
/// connections than descriptors, SIGHUP. Every wait is bounded; traffic stays on loopback.
@Suite(.serialized) struct WineServerConnectionTests {
    static let halfHeader = "POST /predict HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Len"

    /// Sends `count` predictions, each on its own connection that the server closes.
    static func predict(_ server: ServerProcess, count: Int) throws {
        for row in try WineServerSupport.rows("red", count: count) {
            let response = try RawConnection(port: server.port).request("POST", "/predict", body: row)
            #expect(response?.hasPrefix("HTTP/1.1 200") == true, "\(response ?? "no response")")
        }
    }

    /// Once the held connections are gone, the server answers again (within 10 s), has had no
    /// write failure, and stops cleanly.
    static func expectAnswersWithoutWriteFailures(_ server: ServerProcess) async throws {
        var metrics: String?
        for _ in 0..<40 where metrics == nil {
            metrics = try RawConnection(port: server.port).request("GET", "/metrics")
            if metrics == nil { try await Task.sleep(for: .milliseconds(250)) }
        }
        let exposition = try #require(metrics, "the server does not answer once the connections are gone")
        #expect(WineServerSupport.sample(exposition, "serverhook_write_failures_total") == 0)
        #expect(server.terminate() == 0)
    }

    /// The predictions in the window files, once they reach `expected` or after 10 s.
    static func windowPredictions(in directory: String, expected: Int64) async throws -> Int64 {
        let deadline = ContinuousClock.now + .seconds(10)
        var count = try WineServerSupport.predictionCount(in: directory)
        while count < expected && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(200))
            count = try WineServerSupport.predictionCount(in: directory)
        }
        return count
    }

    @Test func underALowDescriptorLimitHalfOpenConnectionsDoNotStopTheWindowWrites() async throws {
        let directory = try WineServerSupport.temporaryDirectory()
        // 64 descriptors in all: without a connection cap below the limit, 100 connections that
        // never finish their headers take every descriptor, and the hook's writes fail (EMFILE).
        let server = try WineServerSupport.startUnder(
            "resource.setrlimit(resource.RLIMIT_NOFILE, (64, 64))",
            arguments: [
                "--output-dir", directory, "--instance", "e2e", "--window-seconds", "1", "--checkpoint-seconds", "1",
                "--log-level", "critical",
            ])
        try Self.predict(server, count: 5)
        var hogs: [RawConnection] = []
        for _ in 0..<100 {
            guard let connection = try? RawConnection(port: server.port) else { break }
            connection.send(Self.halfHeader)
            hogs.append(connection)
        }
        // The 1-second window of the 5 closes and is written while the connections are held.
        #expect(try await Self.windowPredictions(in: directory, expected: 5) == 5, "the window was not written")
        hogs = []
        try await Self.expectAnswersWithoutWriteFailures(server)
    }

    @Test func connectionsThatNeverFinishTheirHeadersAreClosedAfterTheIdleTimeout() async throws {
        let directory = try WineServerSupport.temporaryDirectory()
        let server = try WineServerSupport.start(outputDirectory: directory, extra: ["--idle-timeout-seconds", "1"])
        let started = ContinuousClock.now
        let hogs = try (0..<30).map { _ in
            let connection = try RawConnection(port: server.port)
            connection.send(Self.halfHeader)
            return connection
        }
        // One that trickles a byte of its header every 300 ms: bytes alone do not keep it open.
        let trickle = try RawConnection(port: server.port)
        var closed = false
        for byte in Self.halfHeader.utf8 where !closed {
            trickle.send(String(UnicodeScalar(byte)))
            closed = trickle.receive(within: 0.3) == []
            if ContinuousClock.now - started > .seconds(6) { break }
        }
        #expect(closed, "a trickling header kept its connection open")
        for hog in hogs { #expect(hog.readToEnd(within: 5) != nil, "a half-open connection was not closed") }
        #expect(ContinuousClock.now - started < .seconds(8))
        #expect(try await server.request("GET", "/healthcheck").status == 200)
        #expect(server.terminate() == 0)
    }

    @Test func aBodyTrickledSlowerThanTheRequestTimeoutIsCutOff() async throws {
        let directory = try WineServerSupport.temporaryDirectory()
        let server = try WineServerSupport.start(
            outputDirectory: directory, extra: ["--idle-timeout-seconds", "1", "--request-timeout-seconds", "2"])
        let started = ContinuousClock.now
        let slow = try RawConnection(port: server.port)
        slow.send("POST /predict HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 400\r\n\r\n{")
        var closed = false
        for _ in 0..<40 where !closed {  // a body byte every 250 ms: never idle for 1 s
            slow.send(" ")
            if let answer = slow.receive(within: 0.25) { closed = answer.isEmpty || slow.readToEnd(within: 2) != nil }
        }
        #expect(closed, "the slow body kept its connection open")
        #expect(ContinuousClock.now - started < .seconds(5))
        #expect(server.terminate() == 0)
    }

    @Test func atTheConnectionCapNewConnectionsWaitWhileWindowsAreStillWritten() async throws {
        let directory = try WineServerSupport.temporaryDirectory()
        let server = try WineServerSupport.start(
            outputDirectory: directory,
            extra: ["--max-connections", "8", "--idle-timeout-seconds", "30", "--window-seconds", "1"])
        try Self.predict(server, count: 5)
        var hogs = try (0..<8).map { _ in
            let connection = try RawConnection(port: server.port)
            connection.send(Self.halfHeader)
            return connection
        }
        try await Task.sleep(for: .milliseconds(500))
        let waiting = try RawConnection(port: server.port)  // queued by the kernel, not accepted
        waiting.send("GET /healthcheck HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        #expect(waiting.receive(within: 1.5) == nil, "a connection over the cap was served")
        #expect(
            try await Self.windowPredictions(in: directory, expected: 5) == 5, "the window was not written at the cap")
        hogs.removeAll()  // slots free up: the queued connection is served
        let answer = waiting.readToEnd(within: 10)
        #expect(answer?.hasPrefix("HTTP/1.1 200") == true, "\(answer ?? "no answer")")
        _ = hogs
        #expect(server.terminate() == 0)
    }
}

extension WineServerConnectionTests {
    @Test func aClientThatNeverReadsItsResponsesIsCutOffAfterTheRequestTimeout() async throws {
        let directory = try WineServerSupport.temporaryDirectory()
        let server = try WineServerSupport.start(
            outputDirectory: directory, extra: ["--idle-timeout-seconds", "1", "--request-timeout-seconds", "2"])
        try Self.predict(server, count: 3)
        // Pipelined requests whose responses fill the socket buffers: the server's writer waits
        // for the client to read, with a request in progress, which the idle timeout ignores.
        let reader = try RawConnection(port: server.port)
        reader.shrinkReceiveBuffer()
        let request = "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
        for _ in 0..<4000 { reader.send(request, waiting: false) }
        guard reader.peerClosed(within: 8) else {
            Issue.record("a client that never reads held its connection")
            server.kill()  // SIGTERM would wait for that connection for ever
            return
        }
        #expect(try await server.request("GET", "/healthcheck").status == 200)
        #expect(server.terminate() == 0)  // a graceful shutdown does not wait for it either
    }
}

extension WineServerConnectionTests {
    @Test func repeatedStopSignalsDuringTheFinalFlushStillWriteTheWindowAndExitZero() async throws {
        let directory = try WineServerSupport.temporaryDirectory()
        let server = try WineServerSupport.start(outputDirectory: directory)
        try Self.predict(server, count: 4)
        for signal in [SIGHUP, SIGHUP, SIGTERM, SIGHUP, SIGINT] {
            _ = kill(server.process.processIdentifier, signal)
            usleep(2000)
        }
        server.process.waitUntilExit()
        #expect(server.process.terminationReason == .exit)
        #expect(server.process.terminationStatus == 0)
        #expect(try WineServerSupport.predictionCount(in: directory) == 4)
    }
}

extension WineServerConnectionTests {
    @Test func aBodyTrickledAfterAnEarlyResponseIsStillCutOff() async throws {
        let directory = try WineServerSupport.temporaryDirectory()
        let server = try WineServerSupport.start(
            outputDirectory: directory,
            extra: ["--idle-timeout-seconds", "1", "--request-timeout-seconds", "2", "--max-body-bytes", "1024"])
        // A handler that answers without reading the body (the health check; a 413): the
        // response is written while the body still trickles.
        let slow = try RawConnection(port: server.port)
        slow.send("GET /healthcheck HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100000\r\n\r\n{")
        let started = ContinuousClock.now
        var closed = false
        while !closed && ContinuousClock.now - started < .seconds(8) {  // a byte every 250 ms: never idle
            slow.send(" ")
            closed = slow.peerClosed(within: 0.25)
        }
        #expect(closed, "a body trickled after the response kept its connection open")
        guard closed else {
            server.kill()
            return
        }
        #expect(server.terminate() == 0)
    }
}

extension WineServerConnectionTests {
    @Test func descriptorsAlreadyOpenAtStartAreLeftOutOfTheConnectionBudget() async throws {
        let directory = try WineServerSupport.temporaryDirectory()
        // 128 descriptors, 48 of them inherited open (a supervisor's, or many event loops' on a
        // large machine): a budget from the limit alone (96) leaves the hook none.
        let launcher = """
            import os, resource, sys
            resource.setrlimit(resource.RLIMIT_NOFILE, (128, 128))
            for _ in range(48):
                os.set_inheritable(os.open("/dev/null", os.O_RDONLY), True)
            os.execv(sys.argv[1], sys.argv[1:])
            """
        let server = try ServerProcess(
            executable: URL(fileURLWithPath: "/usr/bin/env"),
            arguments: [
                "python3", "-c", launcher, WineServerSupport.executable.path,
                "--output-dir", directory, "--instance", "e2e", "--window-seconds", "1", "--checkpoint-seconds", "1",
                "--log-level", "critical",
            ])
        try Self.predict(server, count: 5)
        var hogs: [RawConnection] = []
        for _ in 0..<150 {
            guard let connection = try? RawConnection(port: server.port) else { break }
            connection.send(Self.halfHeader)
            hogs.append(connection)
        }
        try await Task.sleep(for: .milliseconds(500))
        #expect(try await Self.windowPredictions(in: directory, expected: 5) == 5, "the window was not written")
        hogs = []
        try await Self.expectAnswersWithoutWriteFailures(server)
    }
}

extension WineServerConnectionTests {
    @Test func pipelinedRequestsAreAllAnsweredThenTheIdleConnectionIsClosed() async throws {
        let directory = try WineServerSupport.temporaryDirectory()
        let server = try WineServerSupport.start(
            outputDirectory: directory, extra: ["--idle-timeout-seconds", "1", "--request-timeout-seconds", "2"])
        let client = try RawConnection(port: server.port)
        client.send(String(repeating: "GET /healthcheck HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", count: 3))
        let started = ContinuousClock.now
        // Keep-alive: the three answers, then the connection idles until the server closes it.
        let answers = try #require(client.readToEnd(within: 6), "the idle keep-alive connection stayed open")
        #expect(answers.components(separatedBy: "HTTP/1.1 200").count - 1 == 3, "\(answers)")
        #expect(ContinuousClock.now - started < .seconds(4))
        #expect(server.terminate() == 0)
    }
}
