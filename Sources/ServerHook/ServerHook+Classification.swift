import CoreMetrics
public import Profiles
import Synchronization

extension ServerHook {
    /// Logs one prediction of a classifier and its features into the open window.
    ///
    /// As ``record(features:prediction:predictionID:)``, but the model output is a label (a string
    /// or an integer, `ClassLabel`) with an optional score: the label is logged as
    /// ``ServerHookConfiguration/labelColumn`` and the score as
    /// ``ServerHookConfiguration/scoreColumn``; with a `predictionID`, both are kept for
    /// ``recordFeedback(predictionID:actualLabel:)``, which adds the row to the window's confusion
    /// matrix. The label and score columns count against no name limit.
    ///
    /// - Parameters:
    ///   - features: feature name → value (may be empty, to log only the output).
    ///   - predictedLabel: the predicted class.
    ///   - score: the model's score for the row, if any (say which reading in your docs: the
    ///     predicted label's confidence or the positive class's probability; see `--score-of` in
    ///     `docs/model-quality.md`). Without one the row's score is 1.0, as whylogs logs it.
    ///   - predictionID: if given, the prediction is kept for feedback.
    /// - Returns: `false` if the record was dropped (more than
    ///   ``ServerHookConfiguration/maxFeaturesPerRecord`` features).
    /// - Complexity: O(features) sketch updates.
    @discardableResult
    public func record(
        features: [String: FeatureValue], predictedLabel: ClassLabel, score: Double? = nil,
        predictionID: PredictionID? = nil
    ) -> Bool {
        guard features.count <= configuration.maxFeaturesPerRecord else {
            noteDropped()
            return false
        }
        let now = clock()
        var features = configuration.hashedStringColumns.isEmpty ? features : pseudonymised(features)
        let label = predictedLabel.text
        features[configuration.labelColumn] = predictedLabel.featureValue
        if let score { features[configuration.scoreColumn] = .double(score) }
        log(features, prediction: nil, now: now, limitingNames: true, segment: segmentValue(of: features))
        counters.records.add(1, ordering: .relaxed)
        metrics?.records.increment()
        if let predictionID {
            predictions.insert(predictionID, prediction: .label(label, score: score ?? 1.0), now: now)
        }
        return true
    }
}

extension ClassLabel {
    /// The label as a logged value: strings and booleans as they are, integers as integers, a
    /// missing label as null.
    var featureValue: FeatureValue {
        switch self {
        case .string(let text): .string(text)
        case .integer(let number): .int(number)
        case .double(let number): number.isNaN ? .null : .double(number)
        case .boolean(let flag): .bool(flag)
        case .missing: .null
        }
    }
}
