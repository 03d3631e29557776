import Foundation
import Sketches

extension ModelPerformanceMetrics {
    /// The empty KLL doubles image whylogs writes for an empty cell (`kll_doubles_sketch(k=128)`).
    static let emptyCellKLL: [UInt8] = [0x02, 0x01, 0x0f, 0x01, 0x80, 0x00, 0x08, 0x00]
    /// The empty compact theta image whylogs writes in every cell (`EMPTY_THETA`).
    static let emptyTheta: [UInt8] = [0x01, 0x03, 0x03, 0x00, 0x00, 0x1e, 0xcc, 0x93]

    /// Reads a v0 `ModelProfileMessage` as whylogs' `ModelPerformanceMetrics.from_protobuf` does.
    ///
    /// An empty `scoreMatrix` (or none) gives no confusion matrix and an empty `regressionMetrics`
    /// no regression metrics, as whylogs' `ByteSize() == 0` tests do. The labels and cells are kept
    /// in file order (whylogs' reader re-sorts the labels as strings but not the cells, which
    /// mislabels numeric labels such as `"2"` and `"10"`; Sketchbook keeps each label with its row
    /// and column). Each cell's `histogram` (KLL doubles, or floats widened to doubles) is decoded
    /// within `budget`; an empty histogram is an empty cell; `variance.mean` and `variance.sum`
    /// are the cell's mean and m2. `modelType` is not kept (see ``modelType``).
    ///
    /// - Throws: ``ProfileError``: `limitExceeded` for more than ``ConfusionMatrix/maximumLabels``
    ///   labels or past a budget; `invalidValue` when `scores` does not hold labels² cells, for
    ///   duplicate labels or a cell count past ``ColumnProfile/maximumCount``; `invalidSketch` for
    ///   a histogram that does not decode.
    init(
        v0Message message: Sketchbook_Whylogs_V0_ModelProfileMessageV0, budget: inout _DecodingBudget
    )
        throws(ProfileError)
    {
        let field = "DatasetProfileMessage.modeProfile"
        let metrics = message.metrics
        var matrix: ConfusionMatrix?
        let scoreMatrix = metrics.scoreMatrix
        if metrics.hasScoreMatrix, scoreMatrix != Sketchbook_Whylogs_V0_ScoreMatrixMessageV0() {
            let labels = scoreMatrix.labels
            guard labels.count <= ConfusionMatrix.maximumLabels else {
                throw ProfileError(
                    .limitExceeded, field: "\(field).metrics.scoreMatrix.labels",
                    expected: "at most \(ConfusionMatrix.maximumLabels) labels (whylogs' MODEL_METRICS_MAX_LABELS)",
                    actual: "\(labels.count) labels")
            }
            guard scoreMatrix.scores.count == labels.count * labels.count else {
                throw ProfileError(
                    .invalidValue, field: "\(field).metrics.scoreMatrix.scores",
                    expected: "labels² = \(labels.count * labels.count) cells for \(labels.count) labels",
                    actual: "\(scoreMatrix.scores.count) cells")
            }
            var cells: [ConfusionMatrix.Cell] = []
            cells.reserveCapacity(scoreMatrix.scores.count)
            for (position, numbers) in scoreMatrix.scores.enumerated() {
                let cellField =
                    "\(field).metrics.scoreMatrix.scores[\(position)] (prediction \(position / max(labels.count, 1)), target \(position % max(labels.count, 1)))"
                cells.append(try Self.cell(numbers, field: cellField, budget: &budget))
            }
            guard
                let built = ConfusionMatrix(
                    labels: labels, cells: cells, predictionField: scoreMatrix.predictionField,
                    targetField: scoreMatrix.targetField, scoreField: scoreMatrix.scoreField)
            else {
                throw ProfileError(
                    .invalidValue, field: "\(field).metrics.scoreMatrix.labels", expected: "distinct labels",
                    actual: "a label repeated in \(labels.prefix(8))\(labels.count > 8 ? "…" : "")")
            }
            matrix = built
        }
        var regression: RegressionMetrics?
        let regressionMessage = metrics.regressionMetrics
        if metrics.hasRegressionMetrics, regressionMessage != Sketchbook_Whylogs_V0_RegressionMetricsMessageV0() {
            regression = RegressionMetrics(
                predictionField: regressionMessage.predictionField, targetField: regressionMessage.targetField,
                count: regressionMessage.count, sumAbsoluteDifferences: regressionMessage.sumAbsDiff,
                sumDifferences: regressionMessage.sumDiff, sumSquaredDifferences: regressionMessage.sum2Diff)
        }
        self.init(confusionMatrix: matrix, regression: regression, outputFields: message.outputFields)
    }

    private static func cell(
        _ numbers: Sketchbook_Whylogs_V0_NumbersMessageV0, field: String, budget: inout _DecodingBudget
    ) throws(ProfileError) -> ConfusionMatrix.Cell {
        let histogram = [UInt8](numbers.histogram)
        try budget.chargeBytes(histogram.count, field: "\(field).histogram")
        guard !histogram.isEmpty else { return ConfusionMatrix.Cell() }
        let image = try _KLLFloatsToDoubles.doublesImage(histogram, field: "\(field).histogram")
        let sketch: KLLSketch<Double>
        do {
            sketch = try KLLSketch<Double>(serializedBytes: image)
        } catch {
            throw ProfileError(
                .invalidSketch, field: "\(field).histogram", expected: "a KLL doubles image", actual: "\(error)")
        }
        try budget.chargeKLLItems(sketch.allocatedItemCount, field: "\(field).histogram")
        guard sketch.n <= Int(ColumnProfile.maximumCount) else {
            throw ProfileError(
                .invalidValue, field: "\(field).histogram",
                expected: "a sketch n of at most 2^53 (ColumnProfile.maximumCount)", actual: "\(sketch.n)")
        }
        return ConfusionMatrix.Cell(
            scores: DistributionMetric(kll: sketch, mean: numbers.variance.mean, m2: numbers.variance.sum))
    }

    /// The v0 `ModelProfileMessage` whylogs' `ModelPerformanceMetrics.to_protobuf` writes: the
    /// output fields, ``modelType``, the score matrix (labels, the field names, and labels² cells
    /// row-major; an empty cell as whylogs' empty k 128 KLL image with an empty variance, a full
    /// one as its KLL image with `variance {count, sum: m2, mean}` and `doubles {count}`; every
    /// cell with whylogs' empty compact theta image) and the regression metrics.
    var v0Message: Sketchbook_Whylogs_V0_ModelProfileMessageV0 {
        var metrics = Sketchbook_Whylogs_V0_ModelMetricsMessageV0()
        metrics.modelType = Sketchbook_Whylogs_V0_ModelTypeV0(rawValue: modelType.rawValue) ?? .modelTypeUnknown
        if let confusionMatrix, !confusionMatrix.labels.isEmpty {
            var scoreMatrix = Sketchbook_Whylogs_V0_ScoreMatrixMessageV0()
            scoreMatrix.labels = confusionMatrix.labels
            scoreMatrix.predictionField = confusionMatrix.predictionField
            scoreMatrix.targetField = confusionMatrix.targetField
            scoreMatrix.scoreField = confusionMatrix.scoreField
            scoreMatrix.scores = confusionMatrix.cells.map { cell in
                var numbers = Sketchbook_Whylogs_V0_NumbersMessageV0()
                numbers.compactTheta = Data(Self.emptyTheta)
                guard cell.count > 0 else {
                    numbers.histogram = Data(Self.emptyCellKLL)
                    numbers.variance = Sketchbook_Whylogs_V0_VarianceMessageV0()
                    return numbers
                }
                numbers.histogram = Data(cell.scores.kll.serializedBytes())
                var variance = Sketchbook_Whylogs_V0_VarianceMessageV0()
                variance.count = Int64(cell.count)
                variance.sum = cell.scores.m2
                variance.mean = cell.scores.mean
                numbers.variance = variance
                var doubles = Sketchbook_Whylogs_V0_DoublesMessageV0()
                doubles.count = Int64(cell.count)
                numbers.doubles = doubles
                return numbers
            }
            metrics.scoreMatrix = scoreMatrix
        }
        if let regression {
            var message = Sketchbook_Whylogs_V0_RegressionMetricsMessageV0()
            message.predictionField = regression.predictionField
            message.targetField = regression.targetField
            message.count = regression.count
            message.sumAbsDiff = regression.sumAbsoluteDifferences
            message.sumDiff = regression.sumDifferences
            message.sum2Diff = regression.sumSquaredDifferences
            metrics.regressionMetrics = message
        }
        var message = Sketchbook_Whylogs_V0_ModelProfileMessageV0()
        message.outputFields = outputFields
        message.metrics = metrics
        return message
    }
}
