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

    private var measurements: [DriftMeasurement] = []
    private var tests: [Test] = []

    /// A significance test of the column and the metrics its p-value gates; ``DriftReport`` gates
    /// them after adjusting every column's p-values together (``DriftMultipleTesting``).
    struct Test {
        var pValue: Double
        var metrics: Set<DriftMetric>
    }

    init(name: String, reference: ColumnProfile?, target: ColumnProfile?, configuration: DriftConfiguration) {
        self.name = name
        self.reference = reference
        self.target = target
        self.configuration = configuration
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
            w += abs(r.quantile(atRank: u, rules: .datasketches5) - t.quantile(atRank: u, rules: .datasketches5))
        }
        let bound = epsilonR * (r.maxItem - r.minItem) + epsilonT * (t.maxItem - t.minItem)
        let scale = Swift.max(referenceStddev.isFinite ? referenceStddev : 0, 0.001)
        record(.wasserstein, w / Double(grid) / scale, errorBound: bound.isFinite ? bound / scale : nil)

        gate(
            pValue: _SignificanceTests.kolmogorovSmirnov(distance: d, n: Double(r.n), m: Double(t.n)),
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
            // L∞ and JS over the covered categories plus "other"; chi-square on the 2 × (k + 1)
            // table. A category is covered when both sides expect at least
            // `_Turnover.minimumExpectedCount` of it under pooling (Cochran's rule for the
            // chi-square test); the rest is pooled into "other".
            let smaller = Swift.min(totalR, totalT) / (totalR + totalT)
            var covered: [(String, Double, Double)] = []
            var coveredCount = 0.0
            for row in rows where (row.r + row.t) * smaller >= _Turnover.minimumExpectedCount {
                covered.append((row.category, row.r / totalR, row.t / totalT))
                coveredCount += row.r + row.t
            }
            let coverage = coveredCount / (totalR + totalT)
            let restR = Swift.max(0, 1 - covered.reduce(0) { $0 + $1.1 })
            let restT = Swift.max(0, 1 - covered.reduce(0) { $0 + $1.2 })
            if restR > 0 || restT > 0 { covered.append(("(other)", restR, restT)) }
            var reason: String?
            if idLike {
                reason = idLikeReason
            } else if coverage < _Turnover.minimumCoverage {
                reason = "long tail: frequent items cover \(Self.percent(coverage)) of the values"
            }
            let epsilon = Double(r.maximumError) / totalR + Double(t.maximumError) / totalT
            record(.lInfinity, covered.map { abs($0.1 - $0.2) }.max() ?? 0, errorBound: epsilon)
            record(
                .jensenShannon, Swift.max(0, covered.reduce(0) { $0 + Self.jsTerm($1.1, $1.2) }).squareRoot(),
                errorBound: nil)
            var chi = 0.0
            let total = totalR + totalT
            for (_, a, b) in covered {
                let observedR = a * totalR
                let observedT = b * totalT
                let column = observedR + observedT
                guard column > 0 else { continue }
                let expectedR = column * totalR / total
                let expectedT = column * totalT / total
                chi += (observedR - expectedR) * (observedR - expectedR) / expectedR
                chi += (observedT - expectedT) * (observedT - expectedT) / expectedT
            }
            record(.chiSquare, chi, errorBound: nil)
            if let reason { notScored([.lInfinity, .jensenShannon, .chiSquare], reason: reason) }
            gate(
                pValue: _SignificanceTests.chiSquareSurvival(chi, degreesOfFreedom: covered.count - 1),
                distances: [.lInfinity, .jensenShannon])
        }

        // Unseen categories: target items the reference never counted. Certain while the reference
        // sketch is exact (maximum error 0); otherwise any of them may hide under its error. Scored
        // on the excess over the share expected without drift (the reference's own turnover).
        var unseen = 0.0
        var unseenItems = 0.0
        for row in rows where row.t > 0 && row.r == 0 {
            unseen += row.t
            unseenItems += 1
        }
        let share = unseen / totalT
        var bound = unseenItems * Double(t.maximumError) / totalT
        if r.maximumError > 0 { bound = Swift.max(bound, share) }
        recordUnseen(
            share: share, errorBound: Swift.min(bound, 1), turnover: turnover, targetCount: totalT, notScored: idLike)
        if idLike { notScored([.unseenShare], reason: idLikeReason) }

        let bars = Array(shares.filter { $0.0 != "(other)" }.prefix(19)) + shares.filter { $0.0 == "(other)" }
        return .categories(bars.map { DriftChart.CategoryShare(category: $0.0, reference: $0.1, target: $0.2) })
    }

    /// Records ``DriftMetric/unseenShare``: the value is the observed share, the verdict is on its
    /// excess over the Good–Turing share expected without drift (the bound adds the estimate's
    /// sketch error), and a one-sided z-test of the excess gates it like a distance.
    private mutating func recordUnseen(
        share: Double, errorBound: Double, turnover: _Turnover, targetCount: Double, notScored: Bool
    ) {
        let expected = turnover.unseenProbability
        let threshold = configuration.threshold(for: .unseenShare, column: name)
        var verdict = DriftVerdict.none
        let bound = errorBound + turnover.sketchError
        if let threshold {
            let excess = share - expected
            verdict = threshold.verdict(value: excess, low: excess - bound, high: excess + bound)
        }
        var measurement = DriftMeasurement(
            metric: .unseenShare, value: share, errorBound: errorBound, threshold: threshold, verdict: verdict)
        measurement.expected = expected
        measurement.expectedErrorBound = turnover.sketchError
        let p = turnover.pValue(observedShare: share, targetCount: targetCount)
        measurement.pValue = p
        measurements.append(measurement)
        if !notScored { tests.append(Test(pValue: p, metrics: [.unseenShare])) }
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
        if let r = reference.counts, let t = target.counts, r.n > 0, t.n > 0 {
            record(.nullRateChange, Double(t.null) / Double(t.n) - Double(r.null) / Double(r.n), errorBound: 0)
        }
        if let r = reference.types, let t = target.types {
            let a = Self.typeClasses(r)
            let b = Self.typeClasses(t)
            let sa = a.reduce(0, +)
            let sb = b.reduce(0, +)
            if sa > 0, sb > 0 {
                let tv = zip(a, b).reduce(0) { $0 + abs($1.0 / sa - $1.1 / sb) } / 2
                record(.typeMixChange, tv, errorBound: 0)
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
