/// A profile's model performance metrics (whylogs `ModelPerformanceMetrics`): a confusion matrix
/// for a classifier, sums of differences for a regressor, or both, and the names of the model's
/// output columns.
///
/// whylogs 1.6.4 writes these only in the v0 file layout (`DatasetProfileMessage.modeProfile`),
/// so a ``DatasetProfile`` or ``ProfileFile`` that holds them is written as v0 (see
/// `docs/formats/whylogs.md`). Fill them with ``logClassification(targets:predictions:scores:)``
/// and ``logRegression(targets:predictions:)``, or read them from a file; merge them with
/// ``merge(_:)``.
public struct ModelPerformanceMetrics: Sendable, Hashable {
    /// The confusion matrix of a classifier, if any (`metrics.scoreMatrix`).
    public var confusionMatrix: ConfusionMatrix?
    /// The regression metrics of a regressor, if any (`metrics.regressionMetrics`).
    public var regression: RegressionMetrics?
    /// The model's output columns, in file order (`output_fields`).
    public var outputFields: [String]

    /// Metrics with the given parts (none by default).
    ///
    /// - Parameters:
    ///   - confusionMatrix: the confusion matrix.
    ///   - regression: the regression metrics.
    ///   - outputFields: the output column names.
    public init(
        confusionMatrix: ConfusionMatrix? = nil, regression: RegressionMetrics? = nil, outputFields: [String] = []
    ) {
        self.confusionMatrix = confusionMatrix
        self.regression = regression
        self.outputFields = outputFields
    }

    /// The model type written to a file, derived as whylogs' `to_protobuf` does (whylogs does not
    /// keep the type it reads): ``ModelType/classification`` when there is a confusion matrix,
    /// else ``ModelType/regression`` when there are regression metrics, else
    /// ``ModelType/unknown``.
    public var modelType: ModelType {
        if confusionMatrix != nil { return .classification }
        if regression != nil { return .regression }
        return .unknown
    }

    /// The kinds of model in a v0 file (`ModelType`).
    public enum ModelType: Int, Sendable, Hashable, CaseIterable {
        /// `MODEL_TYPE_UNKNOWN` (0).
        case unknown = 0
        /// `CLASSIFICATION` (1).
        case classification = 1
        /// `REGRESSION` (2).
        case regression = 2
        /// `EMBEDDINGS` (3).
        case embeddings = 3
        /// `NLP` (4).
        case nlp = 4
    }
}
