public import Profiles
import Synchronization

/// The hand-over from a request handler to a framework middleware (`ServerHookHummingbird`,
/// `ServerHookVapor`): the handler stores the decoded features and the model output; the
/// middleware records them once the response is ready (``ServerHook/record(captured:)``). One per
/// request (Hummingbird request contexts are values; this is the shared reference).
public final class ServerHookCapture: Sendable {
    struct Captured: Sendable {
        enum Features: Sendable {
            case named([String: FeatureValue])
            case positional([Double], FeatureSchema, segmentValue: FeatureValue?)
        }

        var features: Features
        var prediction: Double?
        var predictionID: PredictionID
        /// A classifier's output (then ``prediction`` is `nil`).
        var predictedLabel: ClassLabel? = nil
        var score: Double? = nil
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
    /// middleware: the fast path (see ``ServerHook/record(_:schema:prediction:predictionID:segmentValue:)``).
    ///
    /// - Parameters:
    ///   - values: the feature values, in `schema` order.
    ///   - schema: the feature names.
    ///   - prediction: the model output.
    ///   - segmentValue: the request's value of ``ServerHookConfiguration/segmentField`` when
    ///     `schema` does not name it (see ``ServerHook/record(_:schema:prediction:predictionID:segmentValue:)``).
    /// - Returns: the prediction's identifier, to return to the client for feedback.
    @discardableResult
    public func capture(
        values: [Double], schema: FeatureSchema, prediction: Double?, segmentValue: FeatureValue? = nil
    ) -> PredictionID {
        let id = PredictionID()
        captured.withLock {
            $0 = Captured(
                features: .positional(values, schema, segmentValue: segmentValue), prediction: prediction,
                predictionID: id)
        }
        return id
    }

    /// Hands the request's features and a classifier's output to the middleware (see
    /// ``ServerHook/record(features:predictedLabel:score:predictionID:)``).
    ///
    /// - Parameters:
    ///   - features: feature name → value (may be empty, to log only the output).
    ///   - predictedLabel: the predicted class.
    ///   - score: the model's score for the row, if any.
    /// - Returns: the prediction's identifier, to return to the client for feedback.
    @discardableResult
    public func capture(features: [String: FeatureValue], predictedLabel: ClassLabel, score: Double?) -> PredictionID {
        let id = PredictionID()
        captured.withLock {
            $0 = Captured(
                features: .named(features), prediction: nil, predictionID: id, predictedLabel: predictedLabel,
                score: score)
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

extension ServerHook {
    /// Records what a request handler captured, if anything, and empties the capture: what a
    /// framework middleware calls once the handler has answered.
    ///
    /// - Parameter capture: the request's capture.
    /// - Returns: `false` if the handler captured nothing or the record was dropped.
    @discardableResult
    public func record(captured capture: ServerHookCapture) -> Bool {
        guard let captured = capture.take() else { return false }
        if let label = captured.predictedLabel, case .named(let features) = captured.features {
            return record(
                features: features, predictedLabel: label, score: captured.score, predictionID: captured.predictionID)
        }
        switch captured.features {
        case .named(let features):
            return record(features: features, prediction: captured.prediction, predictionID: captured.predictionID)
        case .positional(let values, let schema, let segmentValue):
            return record(
                values, schema: schema, prediction: captured.prediction, predictionID: captured.predictionID,
                segmentValue: segmentValue)
        }
    }
}
