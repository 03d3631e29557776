import ArgumentParser
import Foundation
import Profiles

/// `profile show FILE...`: the summary of whylogs profiles, as whylogs' `view.to_pandas()` computes it.
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show the summary of whylogs profiles (v1, segmented v1 or v0; plain or .gz).",
        discussion: """
            The summary fields are whylogs' `view.to_pandas()` columns (counts/n, distribution/mean, \
            cardinality/est, frequent_items/frequent_strings, …), computed the way whylogs computes them.

            --format table prints one row per profile column with the most useful fields, fitted to the \
            terminal; json and csv print every field. In JSON, non-finite numbers are the strings \
            "NaN", "Infinity" and "-Infinity", and a missing value (an empty distribution's quantiles) \
            is null.

            In CSV, text cells (the file, column names, string values, frequent items) that start \
            with =, +, -, @, tab or carriage return get a leading ' so that a spreadsheet does not \
            run them as formulas; numbers, negative ones included, are written as numbers. Control \
            characters in names and values are shown as visible escapes (\\x1b) in the table and \
            CSV, and as \\u001b in JSON.

            A profile with model performance metrics (whylogs' log_classification_metrics or \
            log_regression_metrics, or profile csv --target/--prediction) also gets them: for a \
            classifier, accuracy, per-class and macro/micro/weighted precision, recall and F1 \
            (scikit-learn's definitions), the confusion matrix, and for two labels with scores ROC-AUC \
            (with its sketch error bound) and average precision; for a regressor, mean error, MAE, \
            MSE, RMSE and R² (when the target column is profiled). JSON has them under \
            "model_performance", and --format html (a self-contained page: the column summaries and \
            the metrics with the whole confusion matrix) shows them too; CSV leaves them out.

            A file that is not a valid profile exits with status 2 and one line naming the problem.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, json, csv, html
    }

    @Argument(help: "Profile files (.bin or .bin.gz).")
    var files: [String]

    @Option(help: "Output format: table, json, csv or html (one self-contained page).")
    var format: Format = .table

    @Option(help: ArgumentHelp("Only these profile columns (comma-separated).", valueName: "c1,c2,…"))
    var columns: String?

    @Option(help: "The positive label of a binary classifier's metrics (default: the second of its two labels).")
    var positiveLabel: String?

    @Option(
        help: ArgumentHelp(
            "What a classifier's scores are: 'prediction' (the confidence in the predicted label) or 'positive' (the probability of the positive label).",
            valueName: "prediction|positive"))
    var scoreOf: ScoreOfOption = .prediction

    func validate() throws {
        if files.isEmpty { throw ValidationError("give at least one profile file") }
    }

    func run() throws {
        let selected = columns.map { Set($0.split(separator: ",").map { String($0) }) }
        var reports: [ProfileReport] = []
        for path in files {
            let profile: DatasetProfile
            do {
                profile = try DatasetProfile(file: ProfileFile(contentsOf: path))
            } catch {
                throw CommandError("\(path): \(error)")
            }
            var report = ProfileReport(
                path: path, profile: profile, positiveLabel: positiveLabel, scoreMeaning: scoreOf.meaning)
            if let selected {
                let unknown = selected.subtracting(report.summaries.map(\.column))
                if !unknown.isEmpty {
                    throw CommandError(
                        "\(path): no column named \(unknown.sorted().map { "'\($0)'" }.joined(separator: ", "))")
                }
                report.summaries.removeAll { !selected.contains($0.column) }
            }
            reports.append(report)
        }
        switch format {
        case .json:
            let objects = reports.map(\.json)
            print((objects.count == 1 ? objects[0] : .array(objects)).rendered())
        case .csv:
            print(ProfileReport.csv(reports), terminator: "")
        case .html:
            print(ProfileReport.html(reports), terminator: "")
        case .table:
            let width = TerminalSize.columns()
            for (index, report) in reports.enumerated() {
                if index > 0 { print() }
                print(report.table(width: width), terminator: "")
            }
        }
    }
}

/// `--score-of`: what a classifier's score column holds.
enum ScoreOfOption: String, ExpressibleByArgument, CaseIterable {
    case prediction, positive

    var meaning: ConfusionMatrix.ScoreMeaning { self == .prediction ? .predictedLabel : .positiveClass }
}
