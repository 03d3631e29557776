import Foundation
import MetricsTestKit
import Profiles
import ServerHook
import ServerHookVapor
import Testing
import Vapor

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A small Vapor app with the hook's middleware on an ephemeral loopback port: real HTTP requests
/// through the middleware, then the window file on disk read back as a profile.
@Suite(.serialized) struct ServerHookVaporEndToEndTests {
    struct PredictBody: Content {
        var x: Double
        var colour: String
    }

    @Test func requestsReachTheWindowFileAndTheMetrics() async throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("serverhook-vapor-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let metrics = TestMetrics()
        let hook = try ServerHook(
            configuration: ServerHookConfiguration(directory: directory, instance: "vapor"), metricsFactory: metrics)
        let schema = FeatureSchema(["a", "b"])

        var logger = Logger(label: "serverhook-vapor-tests")
        logger.logLevel = .warning
        let app = try await Application.make(.testing, logger: logger)
        app.http.server.configuration.hostname = "127.0.0.1"
        app.http.server.configuration.port = 0
        // Every request, unmatched paths included (a route group's middleware sees only its routes).
        app.middleware.use(ServerHookVaporMiddleware(hook: hook, maxBodyBytes: 1024))
        app.get("healthcheck") { _ in "ok" }
        let hooked = app.routes
        hooked.post("predict") { request async throws -> [String: String] in
            let body = try request.content.decode(PredictBody.self)
            guard body.x >= 0 else { throw Abort(.unprocessableEntity, reason: "'x' must be ≥ 0") }
            let prediction = body.x * 2
            let id = request.serverHookCapture.capture(
                features: ["x": .double(body.x), "colour": .string(body.colour)], prediction: prediction)
            return ["prediction": "\(prediction)", "prediction_id": "\(id)"]
        }
        hooked.post("positional") { request async throws -> String in
            let values = try request.content.decode([Double].self)
            request.serverHookCapture.capture(values: values, schema: schema, prediction: values.reduce(0, +))
            return "ok"
        }
        hooked.get("users", ":id") { _ in "user" }

        try await app.server.start(address: nil)
        let port = try #require(app.http.server.shared.localAddress?.port)
        do {
            let client = LoopbackClient(port: port)
            for index in 0..<20 {
                let colour = index % 2 == 0 ? "red" : "white"
                let response = try await client.send(
                    "POST", "/predict", json: #"{"x":\#(index),"colour":"\#(colour)"}"#)
                #expect(response.status == 200)
                #expect(response.body.contains("prediction_id"))
            }
            for _ in 0..<3 {
                #expect(try await client.send("POST", "/positional", json: "[1.5,2.5]").status == 200)
            }
            #expect(try await client.send("POST", "/predict", json: #"{"x":-1,"colour":"red"}"#).status == 422)
            let large = "[" + Array(repeating: "1.0", count: 400).joined(separator: ",") + "]"
            #expect(try await client.send("POST", "/positional", json: large).status == 413)
            #expect(try await client.send("GET", "/no/such/path").status == 404)
            #expect(try await client.send("GET", "/users/42").status == 200)
            #expect(try await client.send("GET", "/healthcheck").status == 200)
        } catch {
            await app.server.shutdown()
            try await app.asyncShutdown()
            throw error
        }
        await app.server.shutdown()
        try await app.asyncShutdown()

        #expect(hook.flushAll() == 0)
        let files = (FileManager.default.enumerator(atPath: directory)?.allObjects as? [String] ?? [])
            .filter { $0.hasSuffix(".bin.gz") }
        #expect(!files.isEmpty)
        let windows = try files.map { try DatasetProfile(file: ProfileFile(contentsOf: "\(directory)/\($0)")) }
        func count(_ column: String) -> Int64 { windows.reduce(0) { $0 + ($1.columns[column]?.counts?.n ?? 0) } }
        #expect(count("x") == 20)
        #expect(count("colour") == 20)
        #expect(count("a") == 3)
        #expect(count("b") == 3)
        #expect(count("prediction") == 23)

        func requests(_ route: String, _ method: String, _ status: Int) -> Int64 {
            metrics.counterTotal(
                label: "serverhook_requests_total",
                dimensions: [("route", route), ("method", method), ("status", "\(status)")])
        }
        #expect(requests("/predict", "POST", 200) == 20)
        #expect(requests("/predict", "POST", 422) == 1)
        #expect(requests("/positional", "POST", 200) == 3)
        #expect(requests("/positional", "POST", 413) == 1)
        #expect(requests("NotFound", "GET", 404) == 1)
        #expect(requests("/users/:id", "GET", 200) == 1)
        #expect(requests("/healthcheck", "GET", 200) == 1)
        #expect(metrics.counterTotal(label: "serverhook_request_errors_total") == 3)
        #expect(metrics.counterTotal(label: "serverhook_records_total") == 23)
        #expect(metrics.counterTotal(label: "serverhook_windows_written_total") == Int64(files.count))
    }
}

/// Plain HTTP/1.1 requests to 127.0.0.1 (URLSession).
struct LoopbackClient {
    var port: Int

    struct Response {
        var status: Int
        var body: String
    }

    func send(_ method: String, _ path: String, json: String? = nil) async throws -> Response {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        if let json {
            request.httpBody = Data(json.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        return Response(
            status: (response as? HTTPURLResponse)?.statusCode ?? 0, body: String(decoding: data, as: UTF8.self))
    }
}
