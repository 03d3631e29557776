import Foundation
import Profiles
import SketchbookTestSupport
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `wine-server` as a user runs it: a child process on loopback, real HTTP, files on disk.
@Suite(.serialized) struct WineServerEndToEndTests {
    @Test func predictionsAnswerWithQualityIDAndHeaderAndBadFieldsGet422NamingTheField() async throws {
        let directory = try WineServerSupport.temporaryDirectory()
        let server = try WineServerSupport.start(outputDirectory: directory)
        let row = try #require(try WineServerSupport.rows("red", count: 1).first)

        let good = try await server.request("POST", "/predict", body: row)
        #expect(good.status == 200)
        let quality = try #require(good.json["quality"] as? Double)
        #expect((3...8).contains(quality))
        #expect(good.headers["x-model-score"].flatMap(Double.init) == quality)
        #expect((good.json["prediction_id"] as? String)?.count == 32)

        let cases: [(body: String, field: String)] = [
            (WineServerSupport.withBadField(row, field: "ph"), "'ph' must be a number"),
            (row.replacingOccurrences(of: #""density":0.9978,"#, with: ""), "'density' is missing"),
            (row.replacingOccurrences(of: #""ph":3.51"#, with: #""ph":14"#), "'ph' must be a number < 14"),
            (
                row.replacingOccurrences(of: #""alcohol_pct_vol":9.4"#, with: #""alcohol_pct_vol":100.5"#),
                "'alcohol_pct_vol' must be a number ≤ 100"
            ),
            (
                row.replacingOccurrences(of: #""chlorides":0.076"#, with: #""chlorides":-1"#),
                "'chlorides' must be a number ≥ 0"
            ),
            ("not json", "the body must be a JSON object"),
            ("[1,2]", "the body must be a JSON object"),
        ]
        for (body, message) in cases {
            let bad = try await server.request("POST", "/predict", body: body)
            #expect(bad.status == 422, "\(body)")
            #expect(bad.body.contains(message), "\(bad.body) should say \(message)")
        }
        #expect(try await server.request("GET", "/healthcheck").body == #"{"status":"ok"}"#)
        #expect(try await server.request("HEAD", "/healthcheck").status == 200)
        #expect(try await server.request("GET", "/no/such/path").status == 404)
        let metrics = try await server.request("GET", "/metrics").body
        let series = #"serverhook_requests_total{route="/predict",method="POST",status="422"}"#
        #expect(WineServerSupport.sample(metrics, series) == Double(cases.count))
        #expect(
            WineServerSupport.sample(metrics, #"serverhook_requests_total{route="NotFound",method="GET",status="404"}"#)
                == 1)
        #expect(server.terminate() == 0)
    }

    @Test func everyValidPredictionReachesTheWindowFilesAndTheMetrics() async throws {
        let directory = try WineServerSupport.temporaryDirectory()
        let server = try WineServerSupport.start(outputDirectory: directory)
        let rows = try WineServerSupport.rows("red", count: 60)
        try await withThrowingTaskGroup(of: Int.self) { group in
            for (index, row) in rows.enumerated() {
                group.addTask { try await server.request("POST", "/predict", body: row).status }
                if index % 6 == 0 {
                    let bad = WineServerSupport.withBadField(row, field: "citric_acid")
                    group.addTask { try await server.request("POST", "/predict", body: bad).status }
                }
            }
            var statuses: [Int: Int] = [:]
            for try await status in group { statuses[status, default: 0] += 1 }
            #expect(statuses == [200: 60, 422: 10])
        }
        let metrics = try await server.request("GET", "/metrics").body
        #expect(
            WineServerSupport.sample(
                metrics, #"serverhook_requests_total{route="/predict",method="POST",status="200"}"#) == 60)
        #expect(
            WineServerSupport.sample(
                metrics, #"serverhook_request_errors_total{route="/predict",method="POST",status="422"}"#) == 10)
        #expect(WineServerSupport.sample(metrics, "serverhook_records_total") == 60)
        #expect(WineServerSupport.sample(metrics, #"serverhook_prediction_bucket{le="+Inf"}"#) == 60)
        #expect(
            WineServerSupport.sample(metrics, #"serverhook_request_duration_seconds_count{route="/predict"}"#) == 70)
        // 422s are measured like any response, their bodies included.
        #expect(WineServerSupport.sample(metrics, #"serverhook_response_size_bytes_count{route="/predict"}"#) == 70)

        #expect(server.terminate() == 0)  // SIGTERM flushes the open window
        #expect(try WineServerSupport.predictionCount(in: directory) == 60)
        let files = WineServerSupport.files(in: directory)
        #expect(!files.contains { $0.contains(".tmp-") }, "\(files)")
        #expect(!files.contains { $0.hasSuffix(".checkpoint") }, "\(files)")
    }

    @Test func segmentedByRegionEachRegionIsAFileBesideTheWindowAndExtraRegionsOverflow() async throws {
        let directory = try WineServerSupport.temporaryDirectory()
        let server = try WineServerSupport.start(
            outputDirectory: directory,
            extra: ["--segment-by", "region", "--max-segment-values", "2", "--window-seconds", "86400"])
        let rows = try WineServerSupport.rows("red", count: 12)
        let regions = ["eu", "us", "ap", nil]
        for (index, row) in rows.enumerated() {
            let body =
                regions[index % 4].map { row.replacingOccurrences(of: "{", with: "{\"region\":\"\($0)\",") } ?? row
            #expect(try await server.request("POST", "/predict", body: body).status == 200)
        }
        // eu and us take the two segments; ap and the rows without a region (nan) overflow, counted
        // by the flusher (every second), which routes the queued records.
        var overflow: Double?
        for _ in 0..<50 where overflow != 6 {
            try await Task.sleep(for: .milliseconds(100))
            let metrics = try await server.request("GET", "/metrics").body
            overflow = WineServerSupport.sample(metrics, "serverhook_segment_overflow_total")
        }
        #expect(overflow == 6)
        #expect(server.terminate() == 0)
        let segments = WineServerSupport.files(in: directory).filter { $0.contains(".segments/") }
        #expect(segments.count == 3, "\(segments)")
        var counts: [String: Int64] = [:]
        for file in segments {
            #expect(
                file.hasPrefix(
                    WineServerSupport.files(in: directory).first { $0.hasSuffix("-e2e.bin.gz") }!.dropLast(7)))
            let profile = try DatasetProfile(file: ProfileFile(contentsOf: "\(directory)/\(file)"))
            counts[profile.segmentKey?.values.first ?? "?"] = profile.columns["alcohol_pct_vol"]?.counts?.n
        }
        // Which two values keep their segments depends on the order the flusher meets them in
        // (shard by shard), not on the order of the requests.
        #expect(counts["__other__"] == 6, "\(counts)")
        #expect(counts.count == 3 && counts.filter { $0.key != "__other__" }.allSatisfy { $0.value == 3 }, "\(counts)")
        #expect(Set(counts.keys).isSubset(of: ["eu", "us", "ap", "nan", "__other__"]), "\(counts)")
    }

    @Test func killNineLosesAtMostOneCheckpointIntervalAndARestartContinues() async throws {
        let directory = try WineServerSupport.temporaryDirectory()
        let rows = try WineServerSupport.rows("red", count: 50)
        var server = try WineServerSupport.start(outputDirectory: directory)
        for row in rows[0..<30] { _ = try await server.request("POST", "/predict", body: row) }
        try await Task.sleep(for: .milliseconds(2500))  // at least one checkpoint after the 30
        for row in rows[30..<35] { _ = try await server.request("POST", "/predict", body: row) }
        server.kill()  // the last 5 may be lost: they are younger than the checkpoint interval

        server = try WineServerSupport.start(outputDirectory: directory)
        for row in rows[35..<50] { _ = try await server.request("POST", "/predict", body: row) }
        #expect(server.terminate() == 0)
        let count = try WineServerSupport.predictionCount(in: directory)
        #expect(
            (45...50).contains(count),
            "recorded \(count) of 50; at most the 5 sent after the last checkpoint may be lost")
        #expect(!WineServerSupport.files(in: directory).contains { $0.contains(".tmp-") })
    }

    @Test func feedbackJoinsAPredictionOnce() async throws {
        let directory = try WineServerSupport.temporaryDirectory()
        let server = try WineServerSupport.start(outputDirectory: directory)
        let row = try #require(try WineServerSupport.rows("red", count: 1).first)
        let prediction = try await server.request("POST", "/predict", body: row).json
        let id = try #require(prediction["prediction_id"] as? String)
        let quality = try #require(prediction["quality"] as? Double)

        let joined = try await server.request("POST", "/feedback", body: #"{"prediction_id":"\#(id)","quality":5}"#)
        #expect(joined.status == 200)
        #expect(joined.json["absolute_error"] as? Double == abs(quality - 5))
        #expect(
            try await server.request("POST", "/feedback", body: #"{"prediction_id":"\#(id)","quality":5}"#).status
                == 404)
        #expect(
            try await server.request("POST", "/feedback", body: #"{"prediction_id":"zz","quality":5}"#).status == 422)
        #expect(try await server.request("POST", "/feedback", body: #"{"prediction_id":"\#(id)"}"#).status == 422)
        #expect(server.terminate() == 0)
        let windows = try WineServerSupport.windows(in: directory)
        let regression = windows.compactMap { $0.modelPerformance?.regression }
        #expect(regression.map(\.count) == [1])
        #expect(regression.map(\.sumDifferences) == [quality - 5])
    }

    @Test func aDriftedWindowIsFoundByProfileDiffAgainstTraining() async throws {
        let directory = try WineServerSupport.temporaryDirectory()
        let server = try WineServerSupport.start(outputDirectory: directory)
        for row in try WineServerSupport.rows("white", count: 300) {
            _ = try await server.request("POST", "/predict", body: row)
        }
        #expect(server.terminate() == 0)
        let window = try #require(
            WineServerSupport.files(in: directory).first { $0.hasSuffix(".bin.gz") })
        let diff = try ProfileExecutable.run([
            "diff", "models/wine-quality/training-profile.bin", "\(directory)/\(window)", "--format", "json",
        ])
        #expect(diff.status == 1, "\(diff.standardError)")
        let report = try JSONSerialization.jsonObject(with: Data(diff.standardOutput.utf8)) as? [String: Any]
        let columns = report?["columns"] as? [String: [String: Any]] ?? [:]
        let drifted = Set(columns.filter { $0.value["verdict"] as? String == "drift" }.keys)
        #expect(drifted.isSuperset(of: ["residual_sugar", "total_sulfur_dioxide"]), "\(drifted)")
    }

    @Test func metricsCanBeServedApartFromTheAPIAndLargeBodiesAreRefused() async throws {
        let directory = try WineServerSupport.temporaryDirectory()
        let metricsPortFile = "\(directory)/metrics-port"
        let server = try WineServerSupport.start(
            outputDirectory: "\(directory)/profiles",
            extra: ["--metrics-port", "0", "--metrics-port-file", metricsPortFile, "--max-body-bytes", "2048"])
        var metricsPort: Int?
        for _ in 0..<200 where metricsPort == nil {
            metricsPort = (try? String(contentsOfFile: metricsPortFile, encoding: .utf8))
                .flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
            if metricsPort == nil { try await Task.sleep(for: .milliseconds(50)) }
        }
        let port = try #require(metricsPort)
        let row = try #require(try WineServerSupport.rows("red", count: 1).first)
        #expect(try await server.request("POST", "/predict", body: row).status == 200)
        let oversized = "{\"pad\":\"" + String(repeating: "x", count: 4096) + "\"}"
        #expect(try await server.request("POST", "/predict", body: oversized).status == 413)
        #expect(try await server.request("GET", "/metrics").status == 404)  // not on the API port

        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/metrics")!)
        request.timeoutInterval = 30
        let (data, response) = try await URLSession.shared.data(for: request)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        let metrics = String(decoding: data, as: UTF8.self)
        let series = #"serverhook_requests_total{route="/predict",method="POST",status="#
        #expect(WineServerSupport.sample(metrics, series + #""200"}"#) == 1)
        #expect(WineServerSupport.sample(metrics, series + #""413"}"#) == 1)
        #expect(server.terminate() == 0)
    }

    @Test func anUnwritableDirectoryIsCountedAndRetriedWhileServingAndRecovers() async throws {
        let directory = try WineServerSupport.temporaryDirectory()
        // A file where today's folder should be: every window write fails until it goes.
        let blockers = try WineServerSupport.blockDayFolders(in: directory)
        let server = try WineServerSupport.start(outputDirectory: directory, extra: ["--window-seconds", "2"])
        let rows = try WineServerSupport.rows("red", count: 40)
        for row in rows[0..<20] { #expect(try await server.request("POST", "/predict", body: row).status == 200) }
        try await Task.sleep(for: .seconds(3.5))  // a window closes and cannot be written
        var metrics = try await server.request("GET", "/metrics").body
        #expect((WineServerSupport.sample(metrics, "serverhook_write_failures_total") ?? 0) >= 1)
        #expect((WineServerSupport.sample(metrics, "serverhook_pending_windows") ?? 0) >= 1)
        for row in rows[20..<40] { #expect(try await server.request("POST", "/predict", body: row).status == 200) }

        for blocker in blockers { try FileManager.default.removeItem(atPath: blocker) }  // space returns
        var pending = 1.0
        for _ in 0..<40 where pending > 0 {
            try await Task.sleep(for: .milliseconds(500))
            metrics = try await server.request("GET", "/metrics").body
            pending = WineServerSupport.sample(metrics, "serverhook_pending_windows") ?? 1
        }
        #expect(pending == 0)
        #expect(server.terminate() == 0)
        #expect(try WineServerSupport.predictionCount(in: directory) == 40)
    }

    @Test func aFileSizeLimitFailsWritesWithoutKillingTheServer() async throws {
        let directory = try WineServerSupport.temporaryDirectory()
        // No file may grow past 256 bytes (a window file is larger), and SIGXFSZ has its default
        // action (termination) when the server starts: it must ignore the signal itself and see
        // EFBIG. Python sets both up and execs the server.
        let server = try WineServerSupport.startUnder(
            "signal.signal(signal.SIGXFSZ, signal.SIG_DFL)\nresource.setrlimit(resource.RLIMIT_FSIZE, (256, 256))",
            arguments: [
                "--output-dir", directory, "--instance", "e2e", "--window-seconds", "2", "--log-level", "critical",
            ])
        for row in try WineServerSupport.rows("red", count: 10) {
            #expect(try await server.request("POST", "/predict", body: row).status == 200)
        }
        try await Task.sleep(for: .seconds(3.5))
        let metrics = try await server.request("GET", "/metrics").body
        #expect((WineServerSupport.sample(metrics, "serverhook_write_failures_total") ?? 0) >= 1)
        #expect(try await server.request("GET", "/healthcheck").status == 200)  // still serving
        server.kill()
        let leftovers = WineServerSupport.files(in: directory).filter { $0.contains(".tmp-") }
        #expect(leftovers.isEmpty, "\(leftovers)")  // failed writes remove their temporary files
    }

    /// Two servers with one instance and directory replaced each other's windows; the second now
    /// refuses to start, naming the instance, the directory and the holder.
    @Test func aSecondServerOfTheSameInstanceAndDirectoryExitsNamingTheHolder() async throws {
        let directory = try WineServerSupport.temporaryDirectory()
        let first = try WineServerSupport.start(outputDirectory: directory, instance: "twin")
        for row in try WineServerSupport.rows("red", count: 5) {
            #expect(try await first.request("POST", "/predict", body: row).status == 200)
        }
        let (status, message) = try WineServerSupport.runToExit([
            "--output-dir", directory, "--instance", "twin", "--port", "0",
        ])
        #expect(status == 2)
        for expected in ["instance in use", "\"twin\"", directory, "process \(first.process.processIdentifier)"] {
            #expect(message.contains(expected), "\(message)")
        }
        #expect(try await first.request("GET", "/healthcheck").status == 200)  // untouched
        #expect(first.terminate() == 0)
        #expect(try WineServerSupport.predictionCount(in: directory) == 5)
        // Its lock went with it: the instance can start again.
        let again = try WineServerSupport.start(outputDirectory: directory, instance: "twin")
        #expect(again.terminate() == 0)
    }

    /// SIGTERM while writes failed dropped every pending window silently and exited 0.
    @Test func sigtermWhileWritesFailLogsTheLossAndExitsNonZero() async throws {
        let directory = try WineServerSupport.temporaryDirectory()
        _ = try WineServerSupport.blockDayFolders(in: directory)
        let server = try WineServerSupport.start(outputDirectory: directory)
        for row in try WineServerSupport.rows("red", count: 12) {
            #expect(try await server.request("POST", "/predict", body: row).status == 200)
        }
        let started = ContinuousClock.now
        let status = server.terminate()
        #expect(status != 0)
        #expect(started.duration(to: .now) >= .seconds(4))  // retried for the grace period
        let log = server.log
        #expect(log.contains("records are lost"), "\(log)")
        #expect(log.contains("windows not written"), "\(log)")
        #expect(log.contains("12 records"), "\(log)")
    }

    /// SIGHUP (a closed terminal, some supervisors' reload) killed the server by its default
    /// action: no final flush, the open window not written.
    @Test func sighupIsAGracefulShutdownThatWritesTheOpenWindow() async throws {
        let directory = try WineServerSupport.temporaryDirectory()
        let server = try WineServerSupport.start(outputDirectory: directory)
        for row in try WineServerSupport.rows("red", count: 6) {
            #expect(try await server.request("POST", "/predict", body: row).status == 200)
        }
        _ = kill(server.process.processIdentifier, SIGHUP)
        server.process.waitUntilExit()
        #expect(server.process.terminationReason == .exit)
        #expect(server.process.terminationStatus == 0)
        #expect(try WineServerSupport.predictionCount(in: directory) == 6)
    }

    @Test func anOutputDirectoryOthersCanWriteToIsRefusedAtStart() throws {
        let directory = try WineServerSupport.temporaryDirectory()
        try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: directory)
        let (status, message) = try WineServerSupport.runToExit(["--output-dir", directory, "--port", "0"])
        #expect(status == 2)
        #expect(message.contains("unsafe directory") && message.contains("mode 777"), "\(message)")
    }

    @Test(arguments: [
        (["--window-seconds", "7"], [String: String](), "window seconds"),
        (["--instance", "../x"], [:], "instance"),
        ([], ["WINE_SERVER_PORT": "eighty"], "WINE_SERVER_PORT"),
        (["--model", "/no/such/model.json"], [:], "/no/such/model.json"),
        (["--max-connections", "0"], [:], "--max-connections must be 1 to"),
        (["--max-connections", "1000000000000"], [:], "less"),  // above the descriptor limit's budget
        (["--idle-timeout-seconds", "0"], [:], "--idle-timeout-seconds"),
        ([], ["WINE_SERVER_REQUEST_TIMEOUT_SECONDS": "0"], "--request-timeout-seconds"),
        (["--segment-by", "colour"], [:], "--segment-by must be one of region, fixed_acidity"),
        ([], ["WINE_SERVER_MAX_SEGMENT_VALUES": "0"], "--max-segment-values"),
    ])
    func badSettingsExitTwoNamingTheSetting(arguments: [String], environment: [String: String], named: String) throws {
        let (status, message) = try WineServerSupport.runToExit(
            ["--output-dir", try WineServerSupport.temporaryDirectory()] + arguments, environment: environment)
        #expect(status == 2)
        #expect(message.contains(named), "\(message)")
    }
}
