public import Profiles
import Synchronization

/// The hand-over from a request handler to ``ServerHookMiddleware``: the handler stores the
/// decoded features and the model output; the middleware records them once the response is
/// ready. One per request (request contexts are values; this is the shared reference).
public final class ServerHookCapture: Sendable {
    struct Captured: Sendable {
        var features: [String: FeatureValue]
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
        captured.withLock { $0 = Captured(features: features, prediction: prediction, predictionID: id) }
        return id
    }

    func take() -> Captured? {
        captured.withLock { value in
            defer { value = nil }
            return value
        }
    }
}
