import Foundation
import Hummingbird
import Logging
import Profiles
import Prometheus
import ServerHook

/// Builds the wine-quality server: routes, the hook's middleware, metrics.
enum WineServerApplication {
    /// The router. `/healthcheck` and `/metrics` come before the middleware, so they are neither
    /// measured nor profiled; `/predict` and `/feedback` after it.
    static func makeRouter(
        model: WineModel, hook: ServerHook?, registry: PrometheusCollectorRegistry
    ) -> Router<HookRequestContext> {
        let router = Router(context: HookRequestContext.self)
        let schema = FeatureSchema(WineFeatures.all.map(\.name))
        router.get("/healthcheck") { _, _ in
            jsonResponse(#"{"status":"ok"}"#)
        }
        router.head("/healthcheck") { _, _ in
            Response(status: .ok)
        }
        router.get("/metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
        }
        if let hook { router.add(middleware: ServerHookMiddleware<HookRequestContext>(hook: hook)) }

        router.post("/predict") { request, context in
            let body = try await request.body.collect(upTo: context.maxUploadSize)
            let input = try PredictionRequest.decodeBody(body)
            let quality = model.predict(input.values)
            let id = context.serverHookCapture.capture(values: input.values, schema: schema, prediction: quality)
            let score = "\(quality)"
            var response = jsonResponse(#"{"quality":\#(score),"prediction_id":"\#(id)"}"#)
            response.headers[.init("X-model-score")!] = score
            return response
        }
        router.post("/feedback") { request, context in
            let body = try await request.body.collect(upTo: context.maxUploadSize)
            let input = try FeedbackRequest.decodeBody(body)
            guard let id = PredictionID(input.predictionID) else {
                throw HTTPError(.unprocessableContent, message: "field 'prediction_id' must be 32 hex digits")
            }
            guard let hook else { throw HTTPError(.serviceUnavailable, message: "the hook is disabled") }
            switch hook.recordFeedback(predictionID: id, actual: input.quality) {
            case .joined(let prediction, let absoluteError):
                return jsonResponse(
                    #"{"prediction_id":"\#(id)","predicted_quality":\#(prediction),"absolute_error":\#(absoluteError)}"#
                )
            case .unknownPrediction:
                throw HTTPError(
                    .notFound, message: "no prediction \(id) is held (never made, already joined, or expired)")
            }
        }
        return router
    }

    static func jsonResponse(_ json: String) -> Response {
        Response(
            status: .ok, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(string: json)))
    }
}
