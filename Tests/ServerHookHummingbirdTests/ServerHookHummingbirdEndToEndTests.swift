import Foundation
import Hummingbird
import Logging
import MetricsTestKit
import Profiles
import ServerHook
import ServerHookHummingbird
import ServiceLifecycle
import Synchronization
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A small Hummingbird app with the hook's middleware on an ephemeral loopback port (the same
/// checks as ServerHookVaporTests): real HTTP requests through the middleware, then the window
/// file on disk read back as a profile. wine-server's end-to-end tests run the full server.
@Suite(.serialized) struct ServerHookHummingbirdEndToEndTests {
    struct PredictBody: Decodable {
        var x: Double
        var colour: String
    }

    @Test func requestsReachTheWindowFileAndTheMetrics() async throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("serverhook-hummingbird-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let metrics = TestMetrics()
        let hook = try ServerHook(
            configuration: ServerHookConfiguration(directory: directory, instance: "hummingbird"),
            metricsFactory: metrics)
        let schema = FeatureSchema(["a", "b"])

        let router = Router(context: HookRequestContext.self)
        // Not measured: before the middleware.
        router.get("/healthcheck") { _, _ in "ok" }
        router.add(middleware: ServerHookMiddleware<HookRequestContext>(hook: hook, maxBodyBytes: 1024))
        router.post("/predict") { request, context -> String in
            let body = try await request.decode(as: PredictBody.self, context: context)
            guard body.x >= 0 else { throw HTTPError(.unprocessableContent, message: "'x' must be ≥ 0") }
            let prediction = body.x * 2
            let id = context.serverHookCapture.capture(
                features: ["x": .double(body.x), "colour": .string(body.colour)], prediction: prediction)
            return #"{"prediction":\#(prediction),"prediction_id":"\#(id)"}"#
        }
        router.post("/positional") { request, context -> String in
            let values = try await request.decode(as: [Double].self, context: context)
            context.serverHookCapture.capture(values: values, schema: schema, prediction: values.reduce(0, +))
            return "ok"
        }
        router.get("/users/{id}") { _, _ in "user" }

        let port = Mutex<Int?>(nil)
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in port.withLock { $0 = channel.localAddress?.port } })
        let group = ServiceGroup(
            configuration: .init(services: [app], logger: Logger(label: "serverhook-hummingbird-tests")))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var bound: Int?
            for _ in 0..<500 where bound == nil {
                bound = port.withLock { $0 }
                if bound == nil { try await Task.sleep(for: .milliseconds(10)) }
            }
            let client = LoopbackClient(port: try #require(bound))
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
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }

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
        #expect(requests("/users/{id}", "GET", 200) == 1)
        #expect(requests("/healthcheck", "GET", 200) == 0)
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
