import Foundation
public import Profiles
import Sketches

extension ConstraintSuite {
    /// A suite generated from reference profiles (training data, or several days of production:
    /// they are merged first), with limits that data from the same distribution passes.
    ///
    /// Rules (each generated entry's `comment` gives its numbers):
    /// - dataset: `columns_present` (the columns of every reference), `no_unexpected_columns`
    ///   (warning), and `row_count_in_range` with a lower bound of ``ConstraintGenerationOptions/minimumRowFraction``
    ///   of the smallest reference's rows;
    /// - numeric columns: `quantile_between_range` at each of ``ConstraintGenerationOptions/quantiles``,
    ///   the bounds being the reference's quantiles at the rank widened by twice the KLL rank error
    ///   and by the sampling error of the rank, then by the tolerance times the IQR;
    ///   `mean_between_range` (the mean ± standard errors of the difference of two means ±
    ///   tolerance × stddev); `is_non_negative` when the reference has no negative value; and
    ///   `is_in_range` from the minimum and maximum widened by the tolerance times the range, as a
    ///   warning (a batch's extremes move with its size);
    /// - every column: `null_percentage_below_number` with a binomial upper bound on the null share;
    ///   `column_has_zero_count_types` for the types that never occurred (integral and fractional
    ///   count as one numeric class, as pandas reads whole-valued batches as integers);
    /// - low-cardinality columns (at most ``ConstraintGenerationOptions/maximumCategories`` distinct
    ///   values, each seen 5 times on average) whose frequent-items sketch holds every value
    ///   exactly: `frequent_strings_in_reference_set` with those values, and
    ///   `distinct_number_in_range` from the HLL bounds widened by the tolerance.
    ///
    /// - Parameters:
    ///   - references: one or more reference profiles (merged).
    ///   - options: the tolerance, columns and margins.
    /// - Returns: the suite, its entries in column order (dataset entries first).
    /// - Precondition: `references` is not empty; the tolerance, minimum row fraction and standard
    ///   errors are finite and non-negative; quantiles lie in `0...1`.
    public static func generate(
        from references: [DatasetProfile], options: ConstraintGenerationOptions = ConstraintGenerationOptions()
    ) -> ConstraintSuite {
        precondition(!references.isEmpty, "generate(from:) needs at least one reference profile")
        precondition(options.tolerance.isFinite && options.tolerance >= 0, "tolerance must be finite and ≥ 0")
        precondition(options.standardErrors.isFinite && options.standardErrors >= 0, "standardErrors must be ≥ 0")
        precondition(
            options.minimumRowFraction.isFinite && (0...1).contains(options.minimumRowFraction),
            "minimumRowFraction must lie in 0...1")
        precondition(options.quantiles.allSatisfy { (0...1).contains($0) }, "quantiles must lie in 0...1")
        var merged = references[0]
        for reference in references.dropFirst() { merged.merge(reference) }
        let rowCounts = references.map(Self.rowCount)
        let smallest = rowCounts.min() ?? 0
        let batch = max(1, options.expectedRows ?? smallest)
        let referenceWord = references.count == 1 ? "the reference" : "the \(references.count) merged references"

        var generator = _Generator(
            options: options, batchRows: batch, referenceRows: max(1, Self.rowCount(merged)),
            referenceWord: referenceWord)
        let common = references.dropFirst().reduce(Set(references[0].columns.keys)) {
            $0.intersection($1.columns.keys)
        }
        let chosen = merged.columnNames.filter { name in
            (options.columns.map { $0.contains(name) } ?? true) && !options.excludedColumns.contains(name)
        }
        var constraints: [Constraint] = []
        if !chosen.isEmpty {
            let present = chosen.filter(common.contains)
            if !present.isEmpty {
                constraints.append(
                    Constraint(
                        .columnsPresent(columnNames: present),
                        comment: "the \(present.count) chosen columns in every reference profile"))
            }
        }
        if options.columns == nil && options.excludedColumns.isEmpty {
            constraints.append(
                Constraint(
                    .noUnexpectedColumns(columnNames: merged.columnNames), severity: .warning,
                    comment:
                        "the \(merged.columnNames.count) columns of \(referenceWord); a new column is worth a look, not a failure"
                ))
        }
        if smallest > 0 && options.minimumRowFraction > 0 {
            let lower = Int64((Double(smallest) * options.minimumRowFraction).rounded(.down))
            constraints.append(
                Constraint(
                    .rowCountInRange(lower: .integer(lower), upper: nil),
                    comment:
                        "at least \(Self.format(options.minimumRowFraction)) of the smallest reference's \(smallest) rows (references: \(rowCounts.map(String.init).joined(separator: ", ")) rows); no upper bound"
                ))
        }
        for name in chosen {
            guard let column = merged.columns[name] else { continue }
            constraints += generator.constraints(column: name, facts: _ColumnFacts(column))
        }
        let description =
            "Generated by Sketchbook from \(references.count) reference profile\(references.count == 1 ? "" : "s") "
            + "(\(Self.rowCount(merged)) rows), tolerance \(Self.format(options.tolerance)), "
            + "\(Self.format(options.standardErrors)) standard errors for batches of \(batch) rows."
        return ConstraintSuite(constraints, description: description)
    }

    /// The row count of a profile: the largest `counts/n` of its columns (as `row_count_in_range`
    /// reads it).
    static func rowCount(_ profile: DatasetProfile) -> Int {
        profile.columns.values.reduce(0) { max($0, Int(_ColumnFacts($1).counts?.n ?? 0)) }
    }

    /// A number for a comment: up to 4 significant digits.
    static func format(_ value: Double) -> String {
        guard value.isFinite else { return _PythonRepr.float(value) }
        return _PythonRepr.float(Double(String(format: "%.4g", value)) ?? value)
    }
}

/// The per-column rules of ``ConstraintSuite/generate(from:options:)``.
struct _Generator {
    let options: ConstraintGenerationOptions
    /// Rows of the batches to be checked.
    let batchRows: Int
    /// Rows of the merged reference.
    let referenceRows: Int
    let referenceWord: String

    private var z: Double { options.standardErrors }
    private var tolerance: Double { options.tolerance }
    private func f(_ value: Double) -> String { ConstraintSuite.format(value) }

    mutating func constraints(column name: String, facts: _ColumnFacts) -> [Constraint] {
        var facts = facts
        var out: [Constraint] = []
        if let counts = facts.counts, counts.n > 0 {
            out.append(nullShare(name, n: counts.n, null: counts.null))
        }
        if let types = facts.types, types.contains(where: { $0 > 0 }) {
            // Integral and fractional are one numeric class: pandas reads a batch whose values all
            // happen to be whole as integers, another as floats.
            let counts = Dictionary(uniqueKeysWithValues: zip(ConstraintDataType.allCases, types))
            let numeric = (counts[.integral] ?? 0) + (counts[.fractional] ?? 0) > 0
            let absent = ConstraintDataType.allCases.filter { type in
                (counts[type] ?? 0) == 0 && !(numeric && (type == .integral || type == .fractional))
            }
            let seen = ConstraintDataType.allCases.filter { (counts[$0] ?? 0) > 0 }
                .map { "\($0.rawValue) \(counts[$0] ?? 0)" }.joined(separator: ", ")
            if !absent.isEmpty {
                out.append(
                    Constraint(
                        .columnHasZeroCountTypes(columnName: name, typesList: absent),
                        comment:
                            "types that never occurred in \(referenceWord) stay absent (seen: \(seen)\(numeric ? "; integral and fractional count as one numeric class" : ""))"
                    ))
            }
        }
        let numeric = facts.types.map { $0[0] + $0[1] > 0 } ?? true
        if numeric, let distribution = facts.distribution, !distribution.kll.isEmpty {
            out += self.numeric(name, &facts, distribution)
        }
        out += categories(name, &facts)
        return out
    }

    // MARK: - Null share

    private func nullShare(_ name: String, n: Int64, null: Int64) -> Constraint {
        let share = Double(null) / Double(n)
        // Agresti–Coull centre, so that a reference without nulls still gets a standard error.
        let centre = (Double(null) + z * z / 2) / (Double(n) + z * z)
        let spread = z * (centre * (1 - centre) * (1 / Double(n) + 1 / Double(batchRows))).squareRoot()
        let limit = Swift.min(1, share * (1 + tolerance) + spread)
        let rounded = Self.roundUp(limit, digits: 4)
        return Constraint(
            .nullPercentageBelowNumber(columnName: name, number: .double(rounded)),
            comment:
                "null share \(null)/\(n) = \(f(share)) in \(referenceWord), + \(f(z)) binomial standard errors for batches of \(batchRows) rows (\(f(spread))) and tolerance \(f(tolerance)) × share"
        )
    }

    // MARK: - Numbers

    private func numeric(
        _ name: String, _ facts: inout _ColumnFacts, _ distribution: DistributionMetric
    )
        -> [Constraint]
    {
        let kll = distribution.kll
        guard let minimum = kll.minItem, let maximum = kll.maxItem, minimum.isFinite, maximum.isFinite else {
            return []
        }
        let n = Double(kll.n)
        var out: [Constraint] = []
        let rankError = kll.isEstimationMode ? kll.normalizedRankError(pmf: false) : 0
        let q1 = facts.quantile(0.25) ?? minimum
        let q3 = facts.quantile(0.75) ?? maximum
        let iqr = q3 - q1
        let range = maximum - minimum
        let spread = iqr > 0 ? iqr : range
        let spreadWord = iqr > 0 ? "IQR \(f(iqr))" : "range \(f(range))"
        let scale = spread > 0 ? spread : Swift.max(abs(maximum), 1e-300)

        for q in options.quantiles {
            let sampling = z * (q * (1 - q) * (1 / n + 1 / Double(batchRows))).squareRoot()
            let delta = 2 * rankError + sampling
            let lowRank = Swift.max(0, q - delta)
            let highRank = Swift.min(1, q + delta)
            guard let value = facts.quantile(q), let low = facts.quantile(lowRank), let high = facts.quantile(highRank)
            else { continue }
            let lower = Self.roundDown(low - tolerance * spread, scale: scale)
            let upper = Self.roundUp(high + tolerance * spread, scale: scale)
            out.append(
                Constraint(
                    .quantileBetweenRange(
                        columnName: name, quantile: .double(q), lower: .double(lower), upper: .double(upper)),
                    comment:
                        "q\(f(q)) = \(f(value)) in \(referenceWord) (n \(kll.n)); bounds are its quantiles at ranks \(f(lowRank))–\(f(highRank)) (± 2 × KLL rank error \(f(rankError)) ± \(f(z)) standard errors of the rank for batches of \(batchRows) rows), widened by tolerance \(f(tolerance)) × \(spreadWord)"
                ))
        }

        let mean = distribution.mean
        let stddev = distribution.stddev
        if mean.isFinite && stddev.isFinite {
            let standardError = stddev * (1 / n + 1 / Double(batchRows)).squareRoot()
            // Plus rounding: a batch's mean merged from shards or windows in another order differs
            // from one pass in its last bits, which a constant column's range of width 0 refuses.
            let margin = z * standardError + tolerance * stddev + 1e-9 * abs(mean)
            out.append(
                Constraint(
                    .meanBetweenRange(
                        columnName: name, lower: .double(Self.roundDown(mean - margin, scale: scale)),
                        upper: .double(Self.roundUp(mean + margin, scale: scale))),
                    comment:
                        "mean \(f(mean)) in \(referenceWord) ± \(f(z)) standard errors of a difference of means for batches of \(batchRows) rows (\(f(standardError)) each) ± tolerance \(f(tolerance)) × stddev \(f(stddev))"
                ))
        }

        if minimum >= 0 {
            out.append(
                Constraint(
                    .isNonNegative(columnName: name),
                    comment: "no negative value in \(referenceWord) (min \(f(minimum)))"))
        }

        let tail = tailRank(n: n, rankError: rankError)
        let upperTail = tailMargin(extreme: maximum, rank: tail, n: n) { facts.quantile(1 - $0) }
        let lowerTail = tailMargin(extreme: minimum, rank: tail, n: n) { facts.quantile($0) }
        let widening = tolerance * range
        var lower = Self.roundDown(minimum - lowerTail.margin - widening, scale: scale)
        if minimum >= 0 { lower = Swift.max(0, lower) }
        let upper = Self.roundUp(maximum + upperTail.margin + widening, scale: scale)
        out.append(
            Constraint(
                .isInRange(columnName: name, lower: .double(lower), upper: .double(upper)), severity: .warning,
                comment:
                    "min \(f(minimum)) and max \(f(maximum)) of \(referenceWord), each extended by its tail's reach (exponential tails fitted to the \(f(lowerTail.beyond)) lowest and \(f(upperTail.beyond)) highest values: \(f(lowerTail.margin)) below, \(f(upperTail.margin)) above, so that a batch of \(batchRows) rows passes it with a chance of \(f(tailChance)) a side) and by tolerance \(f(tolerance)) × range \(f(range))\(minimum >= 0 ? " (not below 0)" : ""); a warning, as extremes are the least certain statistic"
            ))
        return out
    }

    // MARK: - Tails

    /// The chance, per side and column, that a batch from the reference's distribution reaches
    /// past a generated range: the one-sided normal tail of ``ConstraintGenerationOptions/standardErrors``
    /// (4 standard errors: about 3 in 100,000).
    private var tailChance: Double { 0.5 * erfc(z / 2.0.squareRoot()) }

    /// The rank of the quantile that first bounds a tail: the 10 outermost values of the
    /// reference, or more when the KLL sketch cannot resolve ranks that fine (twice its rank error).
    private func tailRank(n: Double, rankError: Double) -> Double {
        Swift.min(0.25, Swift.max(10 / n, 2 * rankError))
    }

    /// How far past the reference's extreme a batch's extreme may reach, and how many of the
    /// reference's values that was fitted to.
    ///
    /// The values beyond the tail quantile are treated as an exponential tail: its scale is their
    /// spread divided by the log of their number (the largest of `m` exponential values lies on
    /// average scale × ln m past their threshold). When the extreme repeats through the tail
    /// quantile (an atom: alcohol's 9.0, a score's top grade), the quantile moves inward, doubling
    /// the rank up to a quarter, until the spread is not 0. A batch of `b` rows beside `n`
    /// reference rows passes the reference's extreme with chance b / (n + b), and passes it by
    /// more than `t` with chance b / (n + b) · e^(−t / scale); the margin is the `t` that makes
    /// that ``tailChance``. A light tail gets a narrow margin and a heavy one a wide one.
    private func tailMargin(
        extreme: Double, rank: Double, n: Double, quantile: (Double) -> Double?
    ) -> (margin: Double, beyond: Double) {
        var rank = rank
        var gap = 0.0
        while true {
            gap = (extreme - (quantile(rank) ?? extreme)).magnitude
            if gap > 0 || rank >= 0.25 { break }
            rank = Swift.min(0.25, 2 * rank)
        }
        let beyond = Swift.max(2, (n * rank).rounded())
        guard gap > 0, gap.isFinite else { return (0, beyond) }
        let scale = gap / log(beyond)
        let passing = Double(batchRows) / (n + Double(batchRows))
        let margin = scale * Swift.max(0, log(passing / tailChance))
        return (margin.isFinite ? margin : 0, beyond)
    }

    // MARK: - Categories

    private func categories(_ name: String, _ facts: inout _ColumnFacts) -> [Constraint] {
        guard let counts = facts.counts, let sketch = facts.frequentStrings, let hll = facts.hll else { return [] }
        let nonNull = counts.n - counts.null
        guard nonNull > 0, sketch.maximumError == 0 else { return [] }
        let rows = sketch.frequentItems(errorType: .noFalsePositives)
        let covered = rows.reduce(UInt64(0)) { $0 + $1.lowerBound }
        let items = rows.map(\.item).sorted()
        guard !items.isEmpty, items.count <= options.maximumCategories, covered == UInt64(nonNull),
            Int64(items.count) * 5 <= nonNull
        else { return [] }
        var out: [Constraint] = [
            Constraint(
                .frequentStringsInReferenceSet(columnName: name, referenceSet: items),
                comment:
                    "\(items.count) distinct values in \(referenceWord), counted exactly, covering all \(nonNull) non-null values"
            )
        ]
        let lowerBound = hll.lowerBound(standardDeviations: 3)
        let upperBound = hll.upperBound(standardDeviations: 3)
        let lower = Swift.max(1, ((Swift.min(lowerBound, Double(items.count))) * (1 - tolerance)).rounded(.down))
        let upper = (Swift.max(upperBound, Double(items.count)) * (1 + tolerance)).rounded(.up)
        out.append(
            Constraint(
                .distinctNumberInRange(columnName: name, lower: .integer(Int64(lower)), upper: .integer(Int64(upper))),
                comment:
                    "\(items.count) distinct values in \(referenceWord) (HLL estimate \(f(hll.estimate)), 3σ bounds \(f(lowerBound))–\(f(upperBound))), widened by tolerance \(f(tolerance))"
            ))
        return out
    }

    // MARK: - Rounding outward

    /// `value` rounded down at 4 digits below the magnitude of `scale`, so that bounds read well and
    /// never move inward.
    static func roundDown(_ value: Double, scale: Double) -> Double { round(value, scale: scale, up: false) }
    /// `value` rounded up at 4 digits below the magnitude of `scale`.
    static func roundUp(_ value: Double, scale: Double) -> Double { round(value, scale: scale, up: true) }
    /// `value` (in 0...1) rounded up at `digits` decimals.
    static func roundUp(_ value: Double, digits: Int) -> Double {
        round(value, scale: 1, up: true, digitsBelow: digits)
    }

    private static func round(_ value: Double, scale: Double, up: Bool, digitsBelow: Int = 4) -> Double {
        guard value.isFinite, scale.isFinite, scale > 0 else { return value }
        let exponent = Int(log10(scale).rounded(.down)) - digitsBelow
        guard (-300...300).contains(exponent) else { return value }
        var result: Double
        if exponent < 0 {
            let p = pow(10, Double(-exponent))
            guard (value * p).magnitude < 9e15 else { return value }
            result = (value * p).rounded(up ? .up : .down) / p
            if up && result < value { result = ((value * p).rounded(.up) + 1) / p }
            if !up && result > value { result = ((value * p).rounded(.down) - 1) / p }
        } else {
            let s = pow(10, Double(exponent))
            result = (value / s).rounded(up ? .up : .down) * s
            if up && result < value { result += s }
            if !up && result > value { result -= s }
        }
        return result
    }
}
