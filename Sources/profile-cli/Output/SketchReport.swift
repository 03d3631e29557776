import Sketches

/// What `profile sketch` prints about one image, as JSON or as aligned text.
struct SketchReport {
    /// Ordered (key, value) pairs, the same in both formats.
    let fields: [(String, JSONValue)]

    init(
        image: SketchImage, ranks: [Double], rules: KLLQueryRules?, errorType: FrequentItemsErrorType,
        threshold: UInt64?
    ) {
        switch image {
        case .kll(let sketch): fields = Self.kllFields(sketch, ranks: ranks, rules: rules)
        case .hll(let sketch): fields = Self.hllFields(sketch)
        case .frequentItems(let sketch):
            fields = Self.frequentItemsFields(sketch, errorType: errorType, threshold: threshold)
        }
    }

    var json: JSONValue { .object(fields) }

    static func optional(_ value: Double?) -> JSONValue { value.map(JSONValue.double) ?? .null }

    static func kllFields(_ sketch: AnyKLLSketch, ranks: [Double], rules: KLLQueryRules?) -> [(String, JSONValue)] {
        let rules = rules ?? sketch.defaultQueryRules
        func quantiles(inclusive: Bool) -> JSONValue {
            .array(ranks.map { optional(sketch.quantile(atRank: $0, inclusive: inclusive, rules: rules)) })
        }
        return [
            ("family", .string("kll")),
            ("item_type", .string(sketch.itemType)),
            ("layout", .string(sketch.layout == .whylogs ? "whylogs" : "datasketches")),
            ("query_rules", .string(rules == .whylogsSketching ? "whylogs" : "datasketches")),
            ("k", .int(Int64(sketch.k))),
            ("min_k", .int(Int64(sketch.minK))),
            ("n", .int(Int64(sketch.n))),
            ("num_retained", .int(Int64(sketch.numRetained))),
            ("num_levels", .int(Int64(sketch.numLevels))),
            ("is_empty", .bool(sketch.isEmpty)),
            ("is_estimation_mode", .bool(sketch.isEstimationMode)),
            ("min", optional(sketch.minItem)),
            ("max", optional(sketch.maxItem)),
            ("normalized_rank_error_single", .double(sketch.normalizedRankError(pmf: false))),
            ("normalized_rank_error_pmf", .double(sketch.normalizedRankError(pmf: true))),
            ("ranks", .array(ranks.map(JSONValue.double))),
            ("quantiles_inclusive", quantiles(inclusive: true)),
            ("quantiles_exclusive", quantiles(inclusive: false)),
        ]
    }

    static func hllFields(_ sketch: HLLSketch) -> [(String, JSONValue)] {
        var fields: [(String, JSONValue)] = [
            ("family", .string("hll")),
            ("lg_k", .int(Int64(sketch.lgK))),
            ("target_type", .string(sketch.targetType.description)),
            ("mode", .string(sketch.mode.description)),
            ("is_empty", .bool(sketch.isEmpty)),
            ("is_out_of_order", .bool(sketch.isOutOfOrder)),
            ("estimate", .double(sketch.estimate)),
        ]
        for sigma in 1...3 {
            fields.append(("lower_bound_\(sigma)", .double(sketch.lowerBound(standardDeviations: sigma))))
            fields.append(("upper_bound_\(sigma)", .double(sketch.upperBound(standardDeviations: sigma))))
        }
        return fields
    }

    static func frequentItemsFields(
        _ sketch: FrequentItemsSketch<String>, errorType: FrequentItemsErrorType, threshold: UInt64?
    ) -> [(String, JSONValue)] {
        let rows = sketch.frequentItems(errorType: errorType, threshold: threshold)
        return [
            ("family", .string("frequent_items")),
            ("lg_max_map_size", .int(Int64(sketch.lgMaxMapSize))),
            ("lg_cur_map_size", .int(Int64(sketch.lgCurMapSize))),
            ("num_active_items", .int(Int64(sketch.numActiveItems))),
            ("total_weight", .uint(sketch.totalWeight)),
            ("maximum_error", .uint(sketch.maximumError)),
            ("error_type", .string(errorType == .noFalsePositives ? "no-false-positives" : "no-false-negatives")),
            ("threshold", .uint(threshold ?? sketch.maximumError)),
            (
                "frequent_items",
                .array(
                    rows.map { row in
                        .object([
                            ("item", .string(row.item)),
                            ("estimate", .uint(row.estimate)),
                            ("lower_bound", .uint(row.lowerBound)),
                            ("upper_bound", .uint(row.upperBound)),
                        ])
                    })
            ),
        ]
    }

    /// Aligned `key  value` lines; arrays of scalars on one line, KLL quantiles as a small table and
    /// frequent items as a table.
    var text: String {
        let width = fields.map(\.0.count).max() ?? 0
        var out = ""
        var quantileColumns: [String: [JSONValue]] = [:]
        var rankList: [JSONValue] = []
        for (key, value) in fields {
            switch (key, value) {
            case ("ranks", .array(let values)): rankList = values
            case ("quantiles_inclusive", .array(let values)), ("quantiles_exclusive", .array(let values)):
                quantileColumns[key] = values
            case ("frequent_items", .array(let rows)):
                out += Self.frequentItemsTable(rows)
            default:
                out += key.padding(width) + "  " + Self.plain(value) + "\n"
            }
        }
        if !rankList.isEmpty {
            let inclusive = quantileColumns["quantiles_inclusive"] ?? []
            let exclusive = quantileColumns["quantiles_exclusive"] ?? []
            out += "\n" + "rank".padding(8) + "  " + "quantile (inclusive)".padding(22) + "  quantile (exclusive)\n"
            for (index, rank) in rankList.enumerated() {
                out += Self.plain(rank).padding(8) + "  "
                out += Self.plain(inclusive[index]).padding(22) + "  " + Self.plain(exclusive[index]) + "\n"
            }
        }
        return out
    }

    static func frequentItemsTable(_ rows: [JSONValue]) -> String {
        var out = "\nfrequent items (\(rows.count))\n"
        guard !rows.isEmpty else { return out }
        var table: [[String]] = [["item", "estimate", "lower bound", "upper bound"]]
        for case .object(let members) in rows {
            table.append(members.map { plain($0.1) })
        }
        let widths = (0..<4).map { column in table.map { $0[column].count }.max() ?? 0 }
        for row in table {
            out +=
                "  "
                + row.enumerated().map { column, cell in
                    column == 0
                        ? cell.padding(widths[0]) : String(repeating: " ", count: widths[column] - cell.count) + cell
                }.joined(separator: "  ") + "\n"
        }
        return out
    }

    /// A value as text for the terminal; strings (frequent items come from the image) with
    /// controls made visible.
    static func plain(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): _TerminalEscaping.escape(text)
        case .null: "-"
        default: value.rendered(indent: nil)
        }
    }
}

extension String {
    /// The string padded with spaces on the right to `width` characters.
    func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
