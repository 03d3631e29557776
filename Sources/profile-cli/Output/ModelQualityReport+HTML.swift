import Profiles

extension ModelQualityReport {
    /// The same content as ``text`` as HTML tables (every label of the confusion matrix, which the
    /// terminal cuts at ``maximumMatrixLabels``); every label escaped.
    var html: String {
        func cell(_ text: String) -> String { "<td>\(_HTMLEscaping.escape(text))</td>" }
        func table(_ rows: [[String]]) -> String {
            guard let header = rows.first else { return "" }
            var out = "<table>\n<tr>" + header.map { "<th>\(_HTMLEscaping.escape($0))</th>" }.joined() + "</tr>\n"
            for row in rows.dropFirst() { out += "<tr>" + row.map(cell).joined() + "</tr>\n" }
            return out + "</table>\n"
        }
        var out = ""
        if let classification {
            let metrics = classification.metrics
            out += "<h3>Model performance: classification</h3>\n<p>\(Self.count(metrics.total)) rows, "
            out += "\(metrics.labels.count) labels; accuracy <b>\(Self.number(metrics.accuracy))</b>, "
            out += "macro F1 <b>\(Self.number(metrics.macro.f1))</b>, weighted F1 \(Self.number(metrics.weighted.f1))"
            if let scores = classification.scores, let positive = classification.positiveLabel {
                let bound = scores.errorBound == 0 ? "exact" : "± \(Self.number(scores.errorBound))"
                let meaning =
                    classification.scoreMeaning == .predictedLabel
                    ? "scores of the predicted label" : "scores of the positive class"
                out += "; ROC-AUC <b>\(Self.number(scores.rocAUC))</b> (\(bound)), average precision "
                out += "\(Self.number(scores.averagePrecision)) (positive label "
                out += "<code>\(_HTMLEscaping.escape(positive))</code>, \(meaning))"
            }
            out += ".</p>\n"
            var rows = [["label", "precision", "recall", "F1", "support", "predicted"]]
            for scores in metrics.perClass {
                rows.append([
                    scores.label, Self.number(scores.precision), Self.number(scores.recall), Self.number(scores.f1),
                    Self.count(scores.support), Self.count(scores.predicted),
                ])
            }
            out += table(rows)
            out += "<p>Confusion matrix (rows: prediction, columns: target)</p>\n"
            var matrix = [["prediction \\ target"] + metrics.labels]
            for (index, row) in classification.matrix.counts.enumerated() {
                matrix.append([metrics.labels[index]] + row.map { Self.count(Int64($0)) })
            }
            out += table(matrix)
        }
        if let regression {
            let metrics = regression.metrics
            func value(_ number: Double?) -> String { number.map(Self.number) ?? "-" }
            out += "<h3>Model performance: regression</h3>\n"
            out += table([
                ["pairs", "mean error", "MAE", "MSE", "RMSE", "R²"],
                [
                    Self.count(Int64(clamping: metrics.count)), value(metrics.meanError),
                    value(metrics.meanAbsoluteError), value(metrics.meanSquaredError),
                    value(metrics.rootMeanSquaredError), regression.rSquared.map(Self.number) ?? "-",
                ],
            ])
        }
        return out
    }
}
