import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import Profiles
import Prometheus
import ServerHook
import ServerHookHummingbird
import WineQuality

/// Builds the wine-quality server: routes, the hook's middleware, metrics.
enum WineServerApplication {
    /// The router. `/healthcheck` and `/metrics` come before the middleware, so they are neither
    /// measured nor profiled; `/predict`, `/classify` (with a classifier) and `/feedback` after it.
    ///
    /// `/classify` goes to the same hook as `/predict`, apart from it: its output is logged as the
    /// label column ``WineFeatures/classifierLabelColumn`` (1 good, 0 other) and the score column
    /// ``WineFeatures/classifierScoreColumn`` (the probability of good), and its features are not
    /// logged, so that the feature columns and ``WineFeatures/predictionColumn`` stay those of the
    /// regressor's traffic, which the training profile describes. Its feedback goes to the
    /// window's confusion matrix, the regressor's to the window's regression metrics.
    static func makeRouter(
        model: WineModel, classifier: WineClassifier? = nil, hook: ServerHook?, registry: PrometheusCollectorRegistry,
        metricsOnMainPort: Bool = true, maxBodyBytes: Int = 64 * 1024
    ) -> Router<HookRequestContext> {
        let router = Router(context: HookRequestContext.self)
        let schema = FeatureSchema(WineFeatures.all.map(\.name))
        let segmentingByRegion = hook?.configuration.segmentField == WineFeatures.regionField
        router.get("/healthcheck") { _, _ in
            jsonResponse(#"{"status":"ok"}"#)
        }
        router.head("/healthcheck") { _, _ in
            Response(status: .ok)
        }
        if metricsOnMainPort { addMetricsRoute(to: router, registry: registry) }
        if let hook {
            router.add(middleware: ServerHookMiddleware<HookRequestContext>(hook: hook, maxBodyBytes: maxBodyBytes))
        }

        router.post("/predict") { request, context in
            let body = try await request.body.collect(upTo: min(maxBodyBytes, context.maxUploadSize))
            let input = try PredictionRequest.decodeBody(body)
            let quality = model.predict(input.values)
            let id = context.serverHookCapture.capture(
                values: input.values, schema: schema, prediction: quality,
                segmentValue: input.region.map(FeatureValue.string))
            let score = "\(quality)"
            var response = jsonResponse(#"{"quality":\#(score),"prediction_id":"\#(id)"}"#)
            response.headers[.init("X-model-score")!] = score
            return response
        }
        if let classifier {
            router.post("/classify") { request, context in
                let body = try await request.body.collect(upTo: min(maxBodyBytes, context.maxUploadSize))
                let input = try PredictionRequest.decodeBody(body)
                let probability = classifier.probability(input.values)
                let good = probability >= classifier.threshold
                // The region only when windows are segmented by it: it chooses the segment.
                let features: [String: FeatureValue] =
                    segmentingByRegion
                    ? [WineFeatures.regionField: input.region.map(FeatureValue.string) ?? .null] : [:]
                let id = context.serverHookCapture.capture(
                    features: features, predictedLabel: .integer(good ? 1 : 0), score: probability)
                return jsonResponse(#"{"good":\#(good),"score":\#(probability),"prediction_id":"\#(id)"}"#)
            }
        }
        router.post("/feedback") { request, context in
            let body = try await request.body.collect(upTo: min(maxBodyBytes, context.maxUploadSize))
            let input = try FeedbackRequest.decodeBody(body)
            guard let id = PredictionID(input.predictionID) else {
                throw HTTPError(.unprocessableContent, message: "field 'prediction_id' must be 32 hex digits")
            }
            guard let hook else { throw HTTPError(.serviceUnavailable, message: "the hook is disabled") }
            let outcome: ServerHook.FeedbackOutcome
            switch input.truth {
            case .quality(let quality): outcome = hook.recordFeedback(predictionID: id, actual: quality)
            case .good(let good): outcome = hook.recordFeedback(predictionID: id, actualLabel: .integer(good ? 1 : 0))
            }
            switch outcome {
            case .joined(let prediction, let absoluteError):
                return jsonResponse(
                    #"{"prediction_id":"\#(id)","predicted_quality":\#(prediction),"absolute_error":\#(absoluteError)}"#
                )
            case .joinedLabel(let predictedLabel, let isCorrect):
                return jsonResponse(
                    #"{"prediction_id":"\#(id)","predicted_good":\#(predictedLabel == "1"),"correct":\#(isCorrect)}"#)
            case .unknownPrediction:
                throw HTTPError(
                    .notFound, message: "no prediction \(id) is held (never made, already joined, or expired)")
            case .kindMismatch:
                switch input.truth {
                case .good: throw HTTPError(.conflict, message: "prediction \(id) came from /predict: send 'quality'")
                case .quality: throw HTTPError(.conflict, message: "prediction \(id) came from /classify: send 'good'")
                }
            case .labelLimitReached:
                throw HTTPError(.conflict, message: "the window's confusion matrix holds no more labels")
            }
        }
        return router
    }

    /// `GET /metrics`: the Prometheus exposition of `registry`.
    static func addMetricsRoute<Context: RequestContext>(
        to router: Router<Context>, registry: PrometheusCollectorRegistry
    ) {
        router.get("/metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
        }
    }

    /// A second application serving only `GET /metrics`, for a metrics address apart from the API,
    /// with the API's timeouts (`server`) and a connection cap of its own.
    static func makeMetricsApplication(
        host: String, port: Int, registry: PrometheusCollectorRegistry, logger: Logger,
        portFile: String?, server: HTTPServerBuilder, maxConnections: Int
    ) -> some ApplicationProtocol {
        let router = Router(context: BasicRequestContext.self)
        addMetricsRoute(to: router, registry: registry)
        return Application(
            router: router,
            server: server,
            configuration: .init(
                address: .hostname(host, port: port), serverName: "wine-server-metrics",
                availableConnectionsDelegate: MaximumAvailableConnections(maxConnections, logger: logger)),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? 0
                FileHandle.standardOutput.write(Data("wine-server metrics on http://\(host):\(port)/metrics\n".utf8))
                if let portFile { try? "\(port)\n".write(toFile: portFile, atomically: true, encoding: .utf8) }
            },
            logger: logger)
    }

    static func jsonResponse(_ json: String) -> Response {
        Response(
            status: .ok, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(string: json)))
    }
}
