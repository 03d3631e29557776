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
            "model_performance", and --format html shows them too; CSV leaves them out.

            --format html writes one self-contained page (inline CSS and SVG; no scripts, fonts or \
            links outside it): a contents list of the files with each one's segment, then per file \
            an overview table of every column (above 20 columns, after a list of links to the \
            cards) and a card per column with its summary (counts, \
            types, mean, stddev, min, quantiles, max, distinct estimate) and a chart: a histogram \
            from the distribution sketch for numbers (up to 20 bins over [min, max], one per integer \
            for a narrow integral column; the note under it gives the count's error bound, from \
            the KLL sketch's rank error at 99% confidence, or says the counts are exact) and the 20 \
            most frequent items as bars for categories. A page draws at most 500 column cards over \
            all its files; the other columns stay in the overview tables and are listed by name.

            -o FILE writes the report to FILE atomically (a temporary file, then a rename) instead \
            of standard output; without --format, the format follows FILE's extension (.html or \
            .htm, .json, .csv; anything else is the table, with every field). An explicit --format \
            wins.

            A profile of one segment (a segmented whylogs file) says which: a "segment \
            column=value" line under the table's heading, a "segment" column in CSV (only when some file \
            is a segment), "segment_tags" in JSON (the whylogs keys, whylogs.tag.<column>), and the \
            page's contents list and section heading.

            A file that is not a valid profile exits with status 2 and one line naming the problem.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, json, csv, html
    }

    @Argument(help: "Profile files (.bin or .bin.gz).")
    var files: [String]

    @Option(
        help:
            "Output format: table, json, csv or html (one self-contained page); default: from -o's extension (.html/.htm, .json, .csv), else table."
    )
    var format: Format?

    @Option(
        name: .shortAndLong,
        help: ArgumentHelp("Write the report to this file (atomically) instead of standard output.", valueName: "file"))
    var output: String?

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
        let text: String
        switch format ?? Self.format(forOutput: output) {
        case .json:
            let objects = reports.map(\.json)
            text = (objects.count == 1 ? objects[0] : .array(objects)).rendered() + "\n"
        case .csv:
            text = ProfileReport.csv(reports)
        case .html:
            text = ProfileReport.html(reports)
        case .table:
            // A file has no terminal to fit: it gets every field.
            let width = output == nil ? TerminalSize.columns() : Int.max / 2
            text = reports.map { $0.table(width: width) }.joined(separator: "\n")
        }
        try ReportDestination.write(text, to: output)
    }

    /// The format an output file's extension names (case-insensitive): `.html`/`.htm` → html,
    /// `.json` → json, `.csv` → csv; anything else, and standard output, → table.
    static func format(forOutput output: String?) -> Format {
        guard let output else { return .table }
        let name = output.lowercased()
        if name.hasSuffix(".html") || name.hasSuffix(".htm") { return .html }
        if name.hasSuffix(".json") { return .json }
        if name.hasSuffix(".csv") { return .csv }
        return .table
    }
}

/// `--score-of`: what a classifier's score column holds.
enum ScoreOfOption: String, ExpressibleByArgument, CaseIterable {
    case prediction, positive

    var meaning: ConfusionMatrix.ScoreMeaning { self == .prediction ? .predictedLabel : .positiveClass }
}
