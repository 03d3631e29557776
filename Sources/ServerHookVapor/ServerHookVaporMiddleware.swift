public import ServerHook
public import Vapor

/// Vapor 4 middleware: records every request's route template, method, status, latency and body
/// sizes in the hook's `ServerHookMetrics`, and the features and model output a
/// handler captured (`request.serverHookCapture`) in the `ServerHook`. The same
/// metrics and records as `ServerHookHummingbird`'s middleware.
///
///     app.middleware.use(ServerHookVaporMiddleware(hook: hook))
///     app.post("predict") { request in
///         let values = ...  // decode the features
///         let prediction = model.predict(values)
///         let id = request.serverHookCapture.capture(values: values, schema: schema, prediction: prediction)
///         return ...
///     }
///
/// Add it with `app.middleware.use` (every request, unmatched paths included, inside Vapor's
/// `ErrorMiddleware`), or on a route group (`app.grouped(...)`) to leave out routes that should not
/// be measured (`/metrics`, `/healthcheck`): group middleware sees only its group's routes, so
/// unmatched paths are then not counted. Unmatched paths are labelled `NotFound`, never by their
/// raw path; matched ones by their route template (`/predict`, `/users/:id`). The body is collected here (up to ``maxBodyBytes`` and the
/// application's `routes.defaultMaxBodySize`, so a larger one is answered 413 and counted), so use
/// it on routes with collected bodies, not streaming ones. Errors thrown by handlers are counted
/// with their status (an `AbortError`'s, else 500) and rethrown for `ErrorMiddleware` to answer
/// (their response size is not measured).
///
/// Run `ServerHookService` beside the application (for example from a
/// `LifecycleHandler`, or a swift-service-lifecycle `ServiceGroup`) to write the windows.
public struct ServerHookVaporMiddleware: AsyncMiddleware {
    /// The hook records go to.
    public let hook: ServerHook
    /// The largest request body accepted (the smaller of this and the application's
    /// `routes.defaultMaxBodySize`); a larger one is answered 413 and counted.
    public let maxBodyBytes: Int

    /// The middleware for `hook`.
    ///
    /// - Parameters:
    ///   - hook: where records go.
    ///   - maxBodyBytes: the largest request body accepted (default: the application's
    ///     `routes.defaultMaxBodySize`, 16 KiB in Vapor).
    public init(hook: ServerHook, maxBodyBytes: Int = .max) {
        self.hook = hook
        self.maxBodyBytes = maxBodyBytes
    }

    /// Collects the body, runs the rest of the chain, then records the captured features and the
    /// request's metrics.
    ///
    /// - Parameters:
    ///   - request: the request; its body is collected up to the smaller of ``maxBodyBytes`` and
    ///     `routes.defaultMaxBodySize`.
    ///   - next: the rest of the responder chain.
    /// - Returns: the response of `next`.
    /// - Throws: `Abort(.payloadTooLarge)` for a body over the limit, and whatever `next` throws,
    ///   after counting it with its status.
    public func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let started = ContinuousClock.now
        let route = Self.routeLabel(request.route)
        let method = ServerHookMetrics.methodLabel(request.method.rawValue)
        // Before the handler runs, so that it finds the capture in the request's storage.
        let capture = request.serverHookCapture
        var requestBytes = 0
        do {
            let limit = min(maxBodyBytes, request.application.routes.defaultMaxBodySize.value)
            // A body Vapor already holds (it arrived with the head) is returned whatever `max`.
            requestBytes = try await request.body.collect(max: limit).get()?.readableBytes ?? 0
            guard requestBytes <= limit else { throw Abort(.payloadTooLarge) }
            let response = try await next.respond(to: request)
            hook.record(captured: capture)
            let count = response.body.count
            hook.metrics?.recordRequest(
                route: route, method: method, status: Int(response.status.code),
                duration: started.duration(to: .now), requestBytes: requestBytes,
                responseBytes: count >= 0 ? count : nil)
            return response
        } catch {
            let status = (error as? any AbortError)?.status.code ?? 500
            hook.metrics?.recordRequest(
                route: route, method: method, status: Int(status), duration: started.duration(to: .now),
                requestBytes: requestBytes, responseBytes: nil)
            throw error
        }
    }

    /// The route template as a label (`/predict`, `/users/:id`), or `NotFound`.
    static func routeLabel(_ route: Route?) -> String {
        guard let route else { return "NotFound" }
        return "/" + route.path.map(\.description).joined(separator: "/")
    }
}

extension Request {
    /// This request's `ServerHookCapture`: hand the features and model output to
    /// ``ServerHookVaporMiddleware`` through it.
    public var serverHookCapture: ServerHookCapture {
        if let capture = storage[_ServerHookCaptureKey.self] { return capture }
        let capture = ServerHookCapture()
        storage[_ServerHookCaptureKey.self] = capture
        return capture
    }
}

/// The request storage key of the capture.
enum _ServerHookCaptureKey: StorageKey {
    typealias Value = ServerHookCapture
}
