internal import Sketches

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The computation behind ``DriftReport``: every applicable metric of one column.
struct _ColumnComparison {
    var name: String
    var reference: ColumnProfile?
    var target: ColumnProfile?
    var configuration: DriftConfiguration
    /// The report's budget for exact laws, shared by its columns.
    var budget: _ExactWorkBudget

    private var measurements: [DriftMeasurement] = []
    private var tests: [Test] = []

    /// A significance test of the column and the metrics its p-value gates; ``DriftReport`` gates
    /// them after adjusting every column's p-values together (``DriftMultipleTesting``).
    struct Test {
        var pValue: Double
        var metrics: Set<DriftMetric>
    }

    init(
        name: String, reference: ColumnProfile?, target: ColumnProfile?, configuration: DriftConfiguration,
        budget: _ExactWorkBudget = _ExactWorkBudget()
    ) {
        self.name = name
        self.reference = reference
        self.target = target
        self.configuration = configuration
        self.budget = budget
    }

    /// The column's drift with ungated verdicts, and its tests.
    consuming func result() -> (ColumnDrift, [Test]) {
        let referenceCount = reference?.counts?.n ?? 0
        let targetCount = target?.counts?.n ?? 0
        guard let reference, let target else {
            let missing = target == nil
            let column = ColumnDrift(
                name: name, presence: missing ? .missing : .added, kind: .other,
                verdict: missing && configuration.missingColumnIsDrift ? .drift : .none, measurements: [],
                referenceCount: referenceCount, targetCount: targetCount, chart: nil)
            return (column, [])
        }
        var chart: DriftChart?
        let numeric = Self.nonEmptyKLL(reference).flatMap { r in Self.nonEmptyKLL(target).map { (r, $0) } }
        let categorical = Self.frequentItems(reference).flatMap { r in Self.frequentItems(target).map { (r, $0) } }
        if let (r, t) = numeric {
            chart = compareNumbers(r, t, referenceStddev: reference.distribution?.stddev ?? 0)
        }
        if let (r, t) = categorical {
            let bars = compareCategories(r, t, numeric: numeric != nil)
            if chart == nil { chart = bars }
        }
        compareCounts(reference, target)
        measurements.sort { $0.metric < $1.metric }
        let kind: ColumnDrift.Kind =
            switch (numeric != nil, categorical != nil) {
            case (true, true): .numericAndCategorical
            case (true, false): .numeric
            case (false, true): .categorical
            case (false, false): .other
            }
        let column = ColumnDrift(
            name: name, presence: .both, kind: kind, verdict: measurements.map(\.verdict).max() ?? .none,
            measurements: measurements, referenceCount: referenceCount, targetCount: targetCount, chart: chart)
        return (column, tests)
    }

    // MARK: - Recording

    /// Records a metric; `low...high` is the range of values consistent with the sketch error.
    private mutating func record(_ metric: DriftMetric, _ value: Double, errorBound: Double?) {
        let threshold = metric == .pValue ? nil : configuration.threshold(for: metric, column: name)
        var verdict = DriftVerdict.none
        if let threshold {
            let bound = errorBound ?? 0
            let (low, high) = Self.magnitudeRange(metric: metric, low: value - bound, high: value + bound)
            verdict = threshold.verdict(
                value: DriftMeasurement.magnitude(of: value, metric: metric), low: low, high: high)
        }
        measurements.append(
            DriftMeasurement(
                metric: metric, value: value, errorBound: errorBound, threshold: threshold, verdict: verdict))
    }

    /// Records the p-value and the test that gates the scored distances (``DriftReport`` sets
    /// their verdicts to none when the adjusted p-value is not below the significance level).
    private mutating func gate(pValue: Double, distances: Set<DriftMetric>) {
        record(.pValue, pValue, errorBound: nil)
        let scored = distances.filter { metric in
            measurements.contains { $0.metric == metric && $0.notScoredReason == nil }
        }
        if !scored.isEmpty { tests.append(Test(pValue: pValue, metrics: scored.union([.pValue]))) }
    }

    /// Gates a recorded count metric by its own test (shown as the measurement's p-value).
    private mutating func test(_ metric: DriftMetric, pValue: Double) {
        guard let index = measurements.lastIndex(where: { $0.metric == metric }) else { return }
        measurements[index].pValue = pValue
        tests.append(Test(pValue: pValue, metrics: [metric]))
    }

    /// The range of a metric's magnitude (``DriftMeasurement/magnitude(of:metric:)``) over a range
    /// of values.
    static func magnitudeRange(metric: DriftMetric, low: Double, high: Double) -> (Double, Double) {
        let a = DriftMeasurement.magnitude(of: low, metric: metric)
        let b = DriftMeasurement.magnitude(of: high, metric: metric)
        switch metric {
        case .nullRateChange where low <= 0 && high >= 0: return (0, Swift.max(a, b))
        case .distinctRatio where low <= 1 && high >= 1: return (1, Swift.max(a, b))
        default: return (Swift.min(a, b), Swift.max(a, b))
        }
    }

    // MARK: - Numbers

    static func nonEmptyKLL(_ column: ColumnProfile) -> KLLSortedView<Double>? {
        guard let kll = column.distribution?.kll, !kll.isEmpty else { return nil }
        return kll.sortedView()
    }

    /// The single-sided normalized rank error of a sketch: 0 in exact mode.
    static func rankError(_ view: KLLSortedView<Double>, column: ColumnProfile?, pmf: Bool) -> Double {
        guard let kll = column?.distribution?.kll, kll.isEstimationMode else { return 0 }
        return kll.normalizedRankError(pmf: pmf)
    }

    private mutating func compareNumbers(
        _ r: KLLSortedView<Double>, _ t: KLLSortedView<Double>, referenceStddev: Double
    ) -> DriftChart {
        let epsilonR = Self.rankError(r, column: reference, pmf: false)
        let epsilonT = Self.rankError(t, column: target, pmf: false)

        // KS: both CDFs (exclusive and inclusive, to see jumps at repeated values) at every
        // retained item of both sketches.
        var d = 0.0
        var points = r.items.filter { !$0.isNaN }
        points.append(contentsOf: t.items.filter { !$0.isNaN })
        points.sort()
        var unique: [Double] = []
        unique.reserveCapacity(points.count)
        for x in points where unique.last != x { unique.append(x) }
        for x in unique {
            d = Swift.max(d, abs(r.rank(of: x, inclusive: false) - t.rank(of: x, inclusive: false)))
            d = Swift.max(d, abs(r.rank(of: x, inclusive: true) - t.rank(of: x, inclusive: true)))
        }
        record(.ks, d, errorBound: epsilonR + epsilonT)

        // Bins at reference quantiles (repeated edges merged).
        let bins = configuration.binCount
        var edges: [Double] = []
        for i in 1..<bins {
            let q = r.quantile(atRank: Double(i) / Double(bins), rules: .datasketches5)
            if !q.isNaN, edges.last.map({ q > $0 }) ?? true { edges.append(q) }
        }
        if edges.isEmpty, !r.minItem.isNaN { edges = [r.minItem] }
        let p = r.pmf(splitPoints: edges, rules: .datasketches5)
        let q = t.pmf(splitPoints: edges, rules: .datasketches5)
        let floor = configuration.emptyBinFloor
        var psi = 0.0
        var bhattacharyya = 0.0
        var jsd = 0.0
        for (a, b) in zip(p, q) {
            let fa = Swift.max(a, floor)
            let fb = Swift.max(b, floor)
            psi += (fb - fa) * log(fb / fa)
            bhattacharyya += (Swift.max(0, a) * Swift.max(0, b)).squareRoot()
            jsd += Self.jsTerm(a, b)
        }
        record(.psi, psi, errorBound: nil)
        record(.jensenShannon, Swift.max(0, jsd).squareRoot(), errorBound: nil)
        record(.hellinger, Swift.max(0, 1 - bhattacharyya).squareRoot(), errorBound: nil)

        // Wasserstein-1 on a midpoint u-grid. W1 is also ∫ |F_ref − F_target| dx, and each sketch's
        // CDF is off by at most its rank error inside its [min, max] (exact outside), so the bound
        // is ε_ref · range_ref + ε_target · range_target.
        let grid = configuration.wassersteinGridSize
        var w = 0.0
        for i in 0..<grid {
            let u = (Double(i) + 0.5) / Double(grid)
            let a = r.quantile(atRank: u, rules: .datasketches5)
            let b = t.quantile(atRank: u, rules: .datasketches5)
            // Equal infinite quantiles (both sides hold −∞ or +∞) are no distance (∞ − ∞ is NaN).
            if a != b { w += abs(a - b) }
        }
        let bound = epsilonR * (r.maxItem - r.minItem) + epsilonT * (t.maxItem - t.minItem)
        let scale = Swift.max(referenceStddev.isFinite ? referenceStddev : 0, 0.001)
        record(.wasserstein, w / Double(grid) / scale, errorBound: bound.isFinite ? bound / scale : nil)

        gate(
            pValue: _SignificanceTests.kolmogorovSmirnov(distance: d, n: Double(r.n), m: Double(t.n), budget: budget),
            distances: [.ks, .psi, .jensenShannon, .hellinger, .wasserstein])

        // Chart: both CDFs at up to 200 points spanning both ranges.
        let low = Swift.min(r.minItem, t.minItem)
        let high = Swift.max(r.maxItem, t.maxItem)
        var xs: [Double] = []
        if low.isFinite, high.isFinite, high > low {
            let count = 200
            xs = (0...count).map { low + (high - low) * Double($0) / Double(count) }
        } else if low.isFinite {
            xs = [low]
        }
        return .cdf(
            x: xs, reference: xs.map { r.rank(of: $0, inclusive: true) },
            target: xs.map { t.rank(of: $0, inclusive: true) })
    }

    /// The Jensen–Shannon divergence term of one bin, natural logarithm (scipy's default).
    static func jsTerm(_ a: Double, _ b: Double) -> Double {
        let m = (a + b) / 2
        var term = 0.0
        if a > 0 { term += 0.5 * a * log(a / m) }
        if b > 0 { term += 0.5 * b * log(b / m) }
        return term
    }

    // MARK: - Categories

    static func frequentItems(_ column: ColumnProfile) -> FrequentItemsSketch<String>? {
        guard let sketch = column.frequentItems?.sketch, sketch.totalWeight > 0 else { return nil }
        return sketch
    }

    private mutating func compareCategories(
        _ r: FrequentItemsSketch<String>, _ t: FrequentItemsSketch<String>, numeric: Bool
    ) -> DriftChart {
        let totalR = Double(r.totalWeight)
        let totalT = Double(t.totalWeight)
        var categories = Set(r.trackedItems.map(\.item))
        categories.formUnion(t.trackedItems.map(\.item))
        var rows: [(category: String, r: Double, t: Double)] = categories.map {
            ($0, Double(r.estimate(of: $0)), Double(t.estimate(of: $0)))
        }
        rows.sort { ($0.r + $0.t, $1.category) > ($1.r + $1.t, $0.category) }
        let otherR = Swift.max(0, totalR - rows.reduce(0) { $0 + $1.r })
        let otherT = Swift.max(0, totalT - rows.reduce(0) { $0 + $1.t })
        var shares = rows.map { ($0.category, $0.r / totalR, $0.t / totalT) }
        if otherR > 0 || otherT > 0 { shares.append(("(other)", otherR / totalR, otherT / totalT)) }

        let turnover = _Turnover(reference: r, distinct: reference?.cardinality?.hll)
        let idLike = turnover.distinctShare >= _Turnover.idLikeDistinctShare
        let idLikeReason = "ID-like: \(Self.percent(turnover.distinctShare)) of the reference's values are distinct"

        if !numeric {
            compareShares(rows: rows, r, t, idLikeReason: idLike ? idLikeReason : nil)
        }

        // Unseen values: the share of the target outside the reference's values. Known while the
        // reference sketch is exact (it tracks every value it saw): between 1 − Σ upper_t(x)/T and
        // 1 − Σ lower_t(x)/T over the reference's values x, so values the target sketch purged
        // count too. Past the reference's exact mode no value is certainly new to it: the share of
        // tracked target items it does not track is shown, not scored.
        var low = 0.0
        var high = 0.0
        if r.maximumError == 0 {
            var inReferenceLow = 0.0
            var inReferenceHigh = 0.0
            for (item, _) in r.trackedItems {
                inReferenceLow += Double(t.lowerBound(of: item))
                inReferenceHigh += Double(t.upperBound(of: item))
            }
            // (T − Σ)/T rather than 1 − Σ/T: a tenth of 1,000 rows is 0.1, not 0.1 − 2⁻⁵⁶.
            low = Swift.max(0, (totalT - Swift.min(totalT, inReferenceHigh)) / totalT)
            high = Swift.min(1, Swift.max(low, (totalT - inReferenceLow) / totalT))
        } else {
            high = Swift.min(1, rows.reduce(0) { $0 + ($1.t > 0 && $1.r == 0 ? $1.t : 0) } / totalT)
        }
        let reason: String? =
            idLike
            ? idLikeReason
            : r.maximumError > 0 ? "past the reference's exact mode no value is certainly new to it" : nil
        var exchangeable: _ExchangeableUnseen?
        if reason == nil, t.maximumError == 0 {
            exchangeable = _ExchangeableUnseen(
                pairs: rows.map { ($0.r, $0.t) }, referenceCount: totalR, targetCount: totalT, budget: budget)
        }
        recordUnseen(
            low: low, high: high, turnover: turnover, exchangeable: exchangeable, targetCount: totalT,
            notScoredReason: reason)

        let bars = Array(shares.filter { $0.0 != "(other)" }.prefix(19)) + shares.filter { $0.0 == "(other)" }
        return .categories(bars.map { DriftChart.CategoryShare(category: $0.0, reference: $0.1, target: $0.2) })
    }

    /// L∞, Jensen–Shannon and chi-square over the covered categories plus "other", gated by the
    /// chi-square test.
    ///
    /// A category is covered when both sides expect at least `_Turnover.minimumExpectedCount` of
    /// it under pooling (Cochran's rule for the chi-square test), counting only what the sketches
    /// guarantee (their lower bounds); the rest is pooled into "other". The values are from the
    /// estimates. Past exact mode each count is only known within the sketch's maximum error, so the
    /// test (and the low end of Jensen–Shannon's range) uses the least different shares the two
    /// sketches allow: a gap the error could close is not evidence.
    private mutating func compareShares(
        rows: [(category: String, r: Double, t: Double)], _ r: FrequentItemsSketch<String>,
        _ t: FrequentItemsSketch<String>, idLikeReason: String?
    ) {
        let totalR = Double(r.totalWeight)
        let totalT = Double(t.totalWeight)
        let errorR = Double(r.maximumError)
        let errorT = Double(t.maximumError)
        let smaller = Swift.min(totalR, totalT) / (totalR + totalT)
        var estimated: [(Double, Double)] = []
        var closest: [(Double, Double)] = []
        var guaranteed = 0.0
        for row in rows {
            let lowR = Swift.max(0, row.r - errorR)
            let lowT = Swift.max(0, row.t - errorT)
            guard (lowR + lowT) * smaller >= _Turnover.minimumExpectedCount else { continue }
            guaranteed += lowR + lowT
            estimated.append((row.r / totalR, row.t / totalT))
            closest.append(
                Self.closestShares(
                    (lowR / totalR, Swift.min(totalR, lowR + errorR) / totalR),
                    (lowT / totalT, Swift.min(totalT, lowT + errorT) / totalT)))
        }
        let coverage = guaranteed / (totalR + totalT)
        for index in [0, 1] {
            let table = index == 0 ? estimated : closest
            let restR = Swift.max(0, 1 - table.reduce(0) { $0 + $1.0 })
            let restT = Swift.max(0, 1 - table.reduce(0) { $0 + $1.1 })
            guard restR > 0 || restT > 0 else { continue }
            if index == 0 { estimated.append((restR, restT)) } else { closest.append((restR, restT)) }
        }
        let epsilon = errorR / totalR + errorT / totalT
        record(.lInfinity, estimated.map { abs($0.0 - $0.1) }.max() ?? 0, errorBound: epsilon)
        let js = Self.jensenShannonDistance(estimated)
        record(.jensenShannon, js, errorBound: Swift.max(0, js - Self.jensenShannonDistance(closest)))
        // Pearson's chi-square of the 2 × k table of these shares, Σ n·m/(n + m) · (a − b)² / pooled.
        var chi = 0.0
        for (a, b) in closest {
            let pooled = (a * totalR + b * totalT) / (totalR + totalT)
            guard pooled > 0 else { continue }
            chi += totalR * totalT / (totalR + totalT) * (a - b) * (a - b) / pooled
        }
        record(.chiSquare, chi, errorBound: nil)
        if let idLikeReason {
            notScored([.lInfinity, .jensenShannon, .chiSquare], reason: idLikeReason)
        } else if coverage < _Turnover.minimumCoverage {
            notScored(
                [.lInfinity, .jensenShannon, .chiSquare],
                reason: "long tail: frequent items cover \(Self.percent(coverage)) of the values")
        }
        gate(
            pValue: _SignificanceTests.chiSquareSurvival(chi, degreesOfFreedom: closest.count - 1),
            distances: [.lInfinity, .jensenShannon])
    }

    /// The closest pair of shares within two ranges: equal (the pooled middle of their overlap)
    /// when they overlap, else the facing ends.
    static func closestShares(_ a: (Double, Double), _ b: (Double, Double)) -> (Double, Double) {
        if a.1 < b.0 { return (a.1, b.0) }
        if b.1 < a.0 { return (a.0, b.1) }
        let low = Swift.max(a.0, b.0)
        let high = Swift.min(a.1, b.1)
        let middle = (low + high) / 2
        return (middle, middle)
    }

    /// √(Σ JS terms) over pairs of shares.
    static func jensenShannonDistance(_ shares: [(Double, Double)]) -> Double {
        Swift.max(0, shares.reduce(0) { $0 + jsTerm($1.0, $1.1) }).squareRoot()
    }

    /// Records ``DriftMetric/unseenShare``: the value is the middle of the range the sketches
    /// allow (`low...high`, exact when both are exact), the verdict is on its excess over the
    /// share expected without drift, and a one-sided test of the excess gates it like a distance.
    /// With both sketches exact, expectation and test come from the pooled counts
    /// (``_ExchangeableUnseen``); otherwise from the reference's Good–Turing turnover, the bound
    /// adding the estimate's sketch error, and the test takes only what the sketches guarantee
    /// (`low`).
    private mutating func recordUnseen(
        low: Double, high: Double, turnover: _Turnover, exchangeable: _ExchangeableUnseen?, targetCount: Double,
        notScoredReason: String?
    ) {
        let share = (low + high) / 2
        let expected = exchangeable?.expectedShare ?? turnover.unseenProbability
        let expectedError = exchangeable == nil ? turnover.sketchError : 0
        let threshold = configuration.threshold(for: .unseenShare, column: name)
        var verdict = DriftVerdict.none
        if let threshold {
            verdict = threshold.verdict(
                value: share - expected, low: low - expected - expectedError, high: high - expected + expectedError)
        }
        var measurement = DriftMeasurement(
            metric: .unseenShare, value: share, errorBound: (high - low) / 2, threshold: threshold, verdict: verdict)
        measurement.expected = expected
        measurement.expectedErrorBound = expectedError
        let p = exchangeable?.pValue ?? turnover.pValue(observedShare: low, targetCount: targetCount)
        measurement.pValue = p
        measurements.append(measurement)
        if let notScoredReason {
            notScored([.unseenShare], reason: notScoredReason)
        } else {
            tests.append(Test(pValue: p, metrics: [.unseenShare]))
        }
    }

    /// Marks computed metrics as not scored (verdict none) with the reason.
    private mutating func notScored(_ metrics: Set<DriftMetric>, reason: String) {
        for index in measurements.indices where metrics.contains(measurements[index].metric) {
            measurements[index].verdict = .none
            measurements[index].notScoredReason = reason
        }
    }

    /// A share as a whole percentage, "43%" (below 1%: "<1%").
    static func percent(_ share: Double) -> String {
        let value = (share * 100).rounded()
        if share > 0 && value < 1 { return "<1%" }
        return String(Int(Swift.min(100, Swift.max(0, value)))) + "%"
    }

    // MARK: - Every column

    /// The type counts by class for ``DriftMetric/typeMixChange``: integral and fractional are one
    /// numeric class (a half whose values all happen to be whole numbers is read as integers, the
    /// other half as floats, by pandas' rules as by whylogs'), then boolean, string, object, tensor.
    static func typeClasses(_ types: TypeCountersMetric) -> [Double] {
        [types.integral + types.fractional, types.boolean, types.string, types.object, types.tensor].map(Double.init)
    }

    private mutating func compareCounts(_ reference: ColumnProfile, _ target: ColumnProfile) {
        if let r = reference.counts, let t = target.counts, r.n > 0, t.n > 0, r.null <= r.n, t.null <= t.n {
            let (nullR, nullT) = (Double(r.null), Double(t.null))
            let (nR, nT) = (Double(r.n), Double(t.n))
            record(.nullRateChange, nullT / nT - nullR / nR, errorBound: 0)
            // No nulls, or nothing but nulls, on both sides: the test cannot reject; left out of
            // the family so it does not dilute the others (Tarone).
            if nullR + nullT > 0, nullR + nullT < nR + nT {
                test(
                    .nullRateChange,
                    pValue: _SignificanceTests.twoByTwo(nullR, nR - nullR, nullT, nT - nullT, budget: budget))
            }
        }
        if let r = reference.types, let t = target.types {
            let a = Self.typeClasses(r)
            let b = Self.typeClasses(t)
            let sa = a.reduce(0, +)
            let sb = b.reduce(0, +)
            if sa > 0, sb > 0 {
                let tv = zip(a, b).reduce(0) { $0 + abs($1.0 / sa - $1.1 / sb) } / 2
                record(.typeMixChange, tv, errorBound: 0)
                // Each class present against the rest, Bonferroni within the column.
                let present = zip(a, b).filter { $0.0 + $0.1 > 0 }
                if present.count > 1 {
                    let smallest =
                        present.map { _SignificanceTests.twoByTwo($0.0, sa - $0.0, $0.1, sb - $0.1, budget: budget) }
                        .min() ?? 1
                    test(.typeMixChange, pValue: Swift.min(1, smallest * Double(present.count)))
                }
            }
        }
        if let r = reference.cardinality?.hll, let t = target.cardinality?.hll {
            let er = r.estimate
            let et = t.estimate
            if er > 0 {
                let ratio = et / er
                let low = t.lowerBound(standardDeviations: 2) / Swift.max(r.upperBound(standardDeviations: 2), 1e-300)
                let high = t.upperBound(standardDeviations: 2) / Swift.max(r.lowerBound(standardDeviations: 2), 1e-300)
                record(.distinctRatio, ratio, errorBound: Swift.max(ratio - low, high - ratio))
            }
        }
    }
}
