import Foundation
import Profiles

/// What `profile show` prints about a profile's model performance metrics: the confusion matrix and
/// the metrics derived from it, or the regression errors.
struct ModelQualityReport {
    var classification: Classification?
    var regression: Regression?

    struct Classification {
        var matrix: ConfusionMatrix
        var metrics: ClassificationMetrics
        var scores: BinaryScoreMetrics?
        var positiveLabel: String?
        var scoreMeaning: ConfusionMatrix.ScoreMeaning
    }

    struct Regression {
        var metrics: RegressionMetrics
        var rSquared: Double?
    }

    /// The report of a profile, or `nil` when it carries no model performance metrics.
    init?(profile: DatasetProfile, positiveLabel: String?, scoreMeaning: ConfusionMatrix.ScoreMeaning) {
        guard let performance = profile.modelPerformance,
            performance.confusionMatrix != nil || performance.regression != nil
        else { return nil }
        if let matrix = performance.confusionMatrix {
            let positive = positiveLabel ?? matrix.defaultPositiveLabel
            classification = Classification(
                matrix: matrix, metrics: matrix.classificationMetrics,
                scores: matrix.scoreMetrics(positiveLabel: positive, scoreMeaning: scoreMeaning),
                positiveLabel: positive, scoreMeaning: scoreMeaning)
        }
        if let metrics = performance.regression {
            regression = Regression(metrics: metrics, rSquared: metrics.rSquared(in: profile))
        }
    }

    // MARK: JSON

    var json: JSONValue {
        var members: [(String, JSONValue)] = []
        if let classification {
            let metrics = classification.metrics
            func averages(_ value: ClassificationMetrics.Averages) -> JSONValue {
                .object([("precision", .double(value.precision)), ("recall", .double(value.recall)), ("f1", .double(value.f1))])
            }
            var object: [(String, JSONValue)] = [
                ("labels", .array(metrics.labels.map(JSONValue.string))),
                (
                    "confusion_matrix",
                    .array(classification.matrix.counts.map { .array($0.map { .int(Int64($0)) }) })
                ),
                ("total", .int(metrics.total)),
                ("accuracy", .double(metrics.accuracy)),
                (
                    "per_class",
                    .object(
                        metrics.perClass.map {
                            (
                                $0.label,
                                .object([
                                    ("precision", .double($0.precision)), ("recall", .double($0.recall)),
                                    ("f1", .double($0.f1)), ("support", .int($0.support)),
                                    ("predicted", .int($0.predicted)),
                                ])
                            )
                        })
                ),
                ("macro", averages(metrics.macro)), ("micro", averages(metrics.micro)),
                ("weighted", averages(metrics.weighted)),
            ]
            if let scores = classification.scores, let positive = classification.positiveLabel {
                object.append(
                    (
                        "scores",
                        .object([
                            ("positive_label", .string(positive)),
                            ("score_of", .string(classification.scoreMeaning.rawValue)),
                            ("roc_auc", .double(scores.rocAUC)), ("roc_auc_error_bound", .double(scores.errorBound)),
                            ("average_precision", .double(scores.averagePrecision)),
                        ])
                    ))
            } else {
                object.append(("scores", .null))
            }
            members.append(("classification", .object(object)))
        }
        if let regression {
            let metrics = regression.metrics
            func number(_ value: Double?) -> JSONValue { value.map { $0.isFinite ? .double($0) : .null } ?? .null }
            members.append(
                (
                    "regression",
                    .object([
                        ("count", .uint(metrics.count)), ("mean_error", number(metrics.meanError)),
                        ("mean_absolute_error", number(metrics.meanAbsoluteError)),
                        ("mean_squared_error", number(metrics.meanSquaredError)),
                        ("root_mean_squared_error", number(metrics.rootMeanSquaredError)),
                        ("r2", number(regression.rSquared)),
                    ])
                ))
        }
        return .object(members)
    }

    // MARK: Text

    /// The most labels whose confusion matrix the text shows (JSON has every one).
    static let maximumMatrixLabels = 12

    var text: String {
        var out = ""
        if let classification {
            let metrics = classification.metrics
            out += "model performance: classification, \(Self.count(metrics.total)) rows, \(metrics.labels.count) labels\n"
            out +=
                "  accuracy \(Self.number(metrics.accuracy))   macro F1 \(Self.number(metrics.macro.f1))"
                + "   weighted F1 \(Self.number(metrics.weighted.f1))\n"
            if let scores = classification.scores, let positive = classification.positiveLabel {
                let bound = scores.errorBound == 0 ? "exact" : "± \(Self.number(scores.errorBound))"
                let meaning =
                    classification.scoreMeaning == .predictedLabel ? "scores of the predicted label" : "scores of the positive class"
                out +=
                    "  ROC-AUC \(Self.number(scores.rocAUC)) (\(bound))   average precision \(Self.number(scores.averagePrecision))"
                    + "   (positive label \(Self.label(positive)), \(meaning))\n"
            }
            var rows = [["label", "precision", "recall", "F1", "support", "predicted"]]
            for scores in metrics.perClass {
                rows.append([
                    Self.label(scores.label), Self.number(scores.precision), Self.number(scores.recall),
                    Self.number(scores.f1), Self.count(scores.support), Self.count(scores.predicted),
                ])
            }
            out += Self.table(rows, indent: 2)
            if metrics.labels.count <= Self.maximumMatrixLabels {
                out += "  confusion matrix (rows: prediction, columns: target)\n"
                let labels = metrics.labels.map(Self.label)
                var matrix = [[""] + labels]
                for (index, row) in classification.matrix.counts.enumerated() {
                    matrix.append([labels[index]] + row.map { Self.count(Int64($0)) })
                }
                out += Self.table(matrix, indent: 2)
            } else {
                out += "  (\(metrics.labels.count) labels: --format json shows the confusion matrix)\n"
            }
        }
        if let regression {
            let metrics = regression.metrics
            func value(_ number: Double?) -> String { number.map(Self.number) ?? "-" }
            out += "model performance: regression, \(Self.count(Int64(clamping: metrics.count))) pairs\n"
            out +=
                "  mean error \(value(metrics.meanError))   MAE \(value(metrics.meanAbsoluteError))"
                + "   MSE \(value(metrics.meanSquaredError))   RMSE \(value(metrics.rootMeanSquaredError))"
                + "   R² \(regression.rSquared.map(Self.number) ?? "- (needs the target column's profile)")\n"
        }
        return out
    }

    /// A label as the text shows it: controls made visible, at most 32 characters.
    static func label(_ text: String) -> String {
        let visible = _TerminalEscaping.escape(text)
        return visible.count > 32 ? String(visible.prefix(31)) + "…" : visible
    }

    static func number(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value < 0 ? "-inf" : "inf") }
        return String(format: "%.4g", value)
    }

    static func count(_ value: Int64) -> String { value.formatted(.number.grouping(.automatic)) }

    /// Left-aligned first column, right-aligned numbers, two spaces apart.
    static func table(_ rows: [[String]], indent: Int) -> String {
        let widths = (0..<(rows.first?.count ?? 0)).map { column in rows.map { $0[column].count }.max() ?? 0 }
        var out = ""
        for row in rows {
            var line = String(repeating: " ", count: indent)
            for (column, cell) in row.enumerated() {
                let pad = String(repeating: " ", count: widths[column] - cell.count)
                line += column == 0 ? cell + pad : "  " + pad + cell
            }
            out += line + "\n"
        }
        return out
    }
}
