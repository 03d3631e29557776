extension WineModel {
    /// Fits a ridge regression: standardises each feature, then solves
    /// (XᵀX + λI) β = Xᵀ(y − ȳ) by Cholesky decomposition (the intercept is ȳ, unpenalised).
    ///
    /// - Parameters:
    ///   - rows: feature rows (``WineFeatures/all`` order).
    ///   - labels: the qualities.
    ///   - ridge: λ.
    /// - Returns: the coefficients, means, scales and intercept (training report left empty).
    package static func fit(rows: [[Double]], labels: [Double], ridge: Double) throws(WineServerError) -> WineModel {
        let count = rows.count
        let width = WineFeatures.all.count
        guard count > width, labels.count == count else {
            throw WineServerError("need more than \(width) training rows, got \(count)")
        }
        let (means, scales) = standardisation(rows)
        let labelMean = labels.reduce(0, +) / Double(count)

        // Normal equations on standardised features.
        var gram = [[Double]](repeating: [Double](repeating: 0, count: width), count: width)
        var moment = [Double](repeating: 0, count: width)
        for (row, label) in zip(rows, labels) {
            let z = (0..<width).map { (row[$0] - means[$0]) / scales[$0] }
            for i in 0..<width {
                moment[i] += z[i] * (label - labelMean)
                for j in 0...i { gram[i][j] += z[i] * z[j] }
            }
        }
        for i in 0..<width {
            gram[i][i] += ridge
            for j in 0..<i { gram[j][i] = gram[i][j] }
        }
        let coefficients = try solveSymmetricPositiveDefinite(gram, moment)
        return WineModel(
            formatVersion: formatVersion, features: WineFeatures.all.map(\.name), means: means, scales: scales,
            coefficients: coefficients, intercept: labelMean, ridge: ridge,
            training: TrainingReport(
                data: "", trainingRows: count, testRows: 0, splitSeed: 0, testMeanAbsoluteError: 0,
                testRootMeanSquaredError: 0, testBaselineRootMeanSquaredError: 0))
    }

    /// Each feature's mean and population standard deviation (at least 10⁻¹²), by which both
    /// models standardise their inputs.
    static func standardisation(_ rows: [[Double]]) -> (means: [Double], scales: [Double]) {
        let width = WineFeatures.all.count
        let count = Double(max(rows.count, 1))
        var means = [Double](repeating: 0, count: width)
        for row in rows { for j in 0..<width { means[j] += row[j] } }
        means = means.map { $0 / count }
        var scales = [Double](repeating: 0, count: width)
        for row in rows { for j in 0..<width { scales[j] += (row[j] - means[j]) * (row[j] - means[j]) } }
        return (means, scales.map { max(($0 / count).squareRoot(), 1e-12) })
    }

    /// Solves A x = b for symmetric positive-definite A (Cholesky: A = L Lᵀ).
    static func solveSymmetricPositiveDefinite(_ a: [[Double]], _ b: [Double]) throws(WineServerError) -> [Double] {
        let n = b.count
        var lower = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for i in 0..<n {
            for j in 0...i {
                var sum = a[i][j]
                for k in 0..<j { sum -= lower[i][k] * lower[j][k] }
                if i == j {
                    guard sum > 0 else {
                        throw WineServerError("the training data are degenerate (matrix not positive definite)")
                    }
                    lower[i][i] = sum.squareRoot()
                } else {
                    lower[i][j] = sum / lower[j][j]
                }
            }
        }
        var y = [Double](repeating: 0, count: n)
        for i in 0..<n {
            var sum = b[i]
            for k in 0..<i { sum -= lower[i][k] * y[k] }
            y[i] = sum / lower[i][i]
        }
        var x = [Double](repeating: 0, count: n)
        for i in stride(from: n - 1, through: 0, by: -1) {
            var sum = y[i]
            for k in (i + 1)..<n { sum -= lower[k][i] * x[k] }
            x[i] = sum / lower[i][i]
        }
        return x
    }
}
