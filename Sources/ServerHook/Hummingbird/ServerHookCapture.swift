public import Profiles
import Synchronization

/// The hand-over from a request handler to ``ServerHookMiddleware``: the handler stores the
/// decoded features and the model output; the middleware records them once the response is
/// ready. One per request (request contexts are values; this is the shared reference).
public final class ServerHookCapture: Sendable {
    struct Captured: Sendable {
        enum Features: Sendable {
            case named([String: FeatureValue])
            case positional([Double], FeatureSchema)
        }

        var features: Features
        var prediction: Double?
        var predictionID: PredictionID
    }

    private let captured = Mutex<Captured?>(nil)

    /// An empty capture.
    public init() {}

    /// Hands the request's features and model output to the middleware.
    ///
    /// - Parameters:
    ///   - features: feature name → value.
    ///   - prediction: the model output.
    /// - Returns: the prediction's identifier, to return to the client for feedback.
    @discardableResult
    public func capture(features: [String: FeatureValue], prediction: Double?) -> PredictionID {
        let id = PredictionID()
        captured.withLock { $0 = Captured(features: .named(features), prediction: prediction, predictionID: id) }
        return id
    }

    /// Hands the request's numeric features, in a fixed order, and the model output to the
    /// middleware: the fast path (see ``ServerHook/record(_:schema:prediction:predictionID:)``).
    ///
    /// - Parameters:
    ///   - values: the feature values, in `schema` order.
    ///   - schema: the feature names.
    ///   - prediction: the model output.
    /// - Returns: the prediction's identifier, to return to the client for feedback.
    @discardableResult
    public func capture(values: [Double], schema: FeatureSchema, prediction: Double?) -> PredictionID {
        let id = PredictionID()
        captured.withLock {
            $0 = Captured(features: .positional(values, schema), prediction: prediction, predictionID: id)
        }
        return id
    }

    func take() -> Captured? {
        captured.withLock { value in
            defer { value = nil }
            return value
        }
    }
}
