import ArgumentParser
import Foundation
import Profiles

/// `--target`, `--prediction`, `--score`, `--task` and `--log-full-data`, for the ingest commands
/// whose input has named columns: the profile then carries the model's performance metrics, as
/// whylogs' `log_classification_metrics` / `log_regression_metrics` log them.
struct ModelOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The column of true labels (or values): log the model's performance metrics. Needs --prediction.",
            valueName: "column"))
    var target: String?

    @Option(help: ArgumentHelp("The column of the model's predicted labels (or values).", valueName: "column"))
    var prediction: String?

    @Option(
        help: ArgumentHelp(
            "The column of prediction scores (classification): kept per confusion-matrix cell, for ROC-AUC. Default: 1.0 per row.",
            valueName: "column"))
    var score: String?

    @Option(help: ArgumentHelp("classification (a confusion matrix) or regression (error sums).", valueName: "task"))
    var task: TaskOption = .classification

    @Flag(
        help:
            "With --target: profile the columns too (whylogs' log_full_data); without it the profile holds the metrics alone."
    )
    var logFullData = false

    func validate() throws {
        switch (target, prediction) {
        case (nil, nil):
            if score != nil || logFullData {
                throw ValidationError("--score and --log-full-data need --target and --prediction")
            }
        case (nil, _), (_, nil):
            throw ValidationError("--target and --prediction go together: give both, or neither")
        default:
            if score != nil && task == .regression {
                throw ValidationError("--score is for --task classification: a regression has no scores")
            }
        }
    }

    /// The model columns, or `nil` without `--target`.
    var columns: ModelColumns? {
        guard let target, let prediction else { return nil }
        return ModelColumns(target: target, prediction: prediction, score: score, task: task.task)
    }

    /// Checks that a command's column selection fits: without `--log-full-data` no column is
    /// profiled, so choosing columns is a mistake worth saying.
    func checkColumnSelection(_ selection: ColumnSelection) throws {
        guard columns != nil, !logFullData, selection.columns != nil || !selection.text.isEmpty else { return }
        throw ValidationError(
            "--columns and --text-columns choose columns to profile: with --target they need --log-full-data")
    }

    /// The columns to profile: none for the metrics alone, else the command's own selection.
    func profiledColumns(_ selected: [String]?) -> [String]? {
        columns != nil && !logFullData ? [] : selected
    }

    /// One clause for the summary line: what the metrics hold.
    static func summary(_ metrics: ModelPerformanceMetrics?) -> String {
        guard let metrics else { return "" }
        if let matrix = metrics.confusionMatrix {
            return
                ", confusion matrix of \(matrix.labels.count) labels over \(matrix.totalCount.formatted(.number)) rows"
        }
        if let regression = metrics.regression {
            return ", regression metrics over \(regression.count.formatted(.number)) rows"
        }
        return ""
    }
}

/// `--task`: ``ModelColumns/Task`` as an argument.
enum TaskOption: String, ExpressibleByArgument, CaseIterable {
    case classification, regression

    var task: ModelColumns.Task { self == .classification ? .classification : .regression }
}

/// What a command's `--columns` and `--text-columns` chose.
struct ColumnSelection {
    var columns: [String]?
    var text: [String]
}
