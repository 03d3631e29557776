public import Hummingbird
public import ServerHook

/// Hummingbird middleware: records every request's route template, method, status, latency and
/// body sizes in `ServerHookMetrics`, and the features and model output a handler captured
/// (`ServerHookCapture`) in the `ServerHook`.
///
/// Register it after routes that should not be measured (`/metrics`, `/healthcheck`): router
/// middleware applies to routes added after it. Unmatched paths are labelled `NotFound`, never by
/// their raw path. HTTP errors thrown by handlers (a 422 for a bad field, a 413 for an oversized
/// body) are turned into their responses here, so that they are measured like any other; other
/// errors are counted as 500 and rethrown.
///
/// The hook writes its window and checkpoint files with descriptors of the server's process: if
/// connections may take every descriptor, those writes fail with EMFILE (counted and retried, but
/// the window waits in memory). Cap connections well below the descriptor limit
/// (`ApplicationConfiguration.availableConnectionsDelegate`, e.g. `MaximumAvailableConnections`)
/// and close idle and half-sent requests (`.http1(configuration: .init(idleTimeout:))`), as
/// `wine-server` does with `--max-connections` and `--idle-timeout-seconds`.
public struct ServerHookMiddleware<Context: ServerHookRequestContext>: RouterMiddleware {
    /// The hook records go to.
    public let hook: ServerHook
    /// The largest request body accepted (the smaller of this and the context's
    /// `maxUploadSize`); a larger one is answered 413 and counted.
    public let maxBodyBytes: Int

    /// The middleware for `hook`.
    ///
    /// - Parameters:
    ///   - hook: where records go.
    ///   - maxBodyBytes: the largest request body accepted (default: the context's
    ///     `maxUploadSize`, 2 MiB in Hummingbird).
    public init(hook: ServerHook, maxBodyBytes: Int = .max) {
        self.hook = hook
        self.maxBodyBytes = maxBodyBytes
    }

    /// Collects the body, runs the rest of the chain, then records the captured features and the
    /// request's metrics.
    ///
    /// - Parameters:
    ///   - request: the request; its body is collected up to the smaller of ``maxBodyBytes`` and the
    ///     context's `maxUploadSize`.
    ///   - context: the request context, holding the handler's capture.
    ///   - next: the rest of the chain.
    /// - Returns: the response of `next`, or the response of an `HTTPResponseError` it threw.
    /// - Throws: errors that are not `HTTPResponseError`s, after counting them as 500.
    @concurrent
    public func handle(
        _ request: Request, context: Context, next: @concurrent (Request, Context) async throws -> Response
    ) async throws -> Response {
        let started = ContinuousClock.now
        let route = context.endpointPath ?? "NotFound"
        let method = Self.methodLabel(request.method)
        var request = request
        var requestBytes = 0
        do {
            let body = try await request.collectBody(upTo: min(maxBodyBytes, context.maxUploadSize))
            requestBytes = body.readableBytes
            let response = try await next(request, context)
            hook.record(captured: context.serverHookCapture)
            hook.metrics?.recordRequest(
                route: route, method: method, status: response.status.code, duration: started.duration(to: .now),
                requestBytes: requestBytes, responseBytes: response.body.contentLength)
            return response
        } catch let error as any HTTPResponseError {
            // Answered here, so that the error response's size is measured too.
            let response = try error.response(from: request, context: context)
            hook.metrics?.recordRequest(
                route: route, method: method, status: response.status.code, duration: started.duration(to: .now),
                requestBytes: requestBytes, responseBytes: response.body.contentLength)
            return response
        } catch {
            hook.metrics?.recordRequest(
                route: route, method: method, status: 500, duration: started.duration(to: .now),
                requestBytes: requestBytes, responseBytes: nil)
            throw error
        }
    }

    /// The method as a label: the standard methods by name, anything else as `other` (labels must
    /// stay few).
    static func methodLabel(_ method: HTTPRequest.Method) -> String {
        ServerHookMetrics.methodLabel(method.rawValue)
    }
}
