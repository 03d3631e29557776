extension DatasetProfile {
    /// Logs one row (whylogs' row/dict logging): each value goes to its column as a single value;
    /// a new column's type is resolved from its first value (``ColumnType/init(firstValue:)``).
    ///
    /// - Parameter row: column name → value.
    /// - Complexity: O(columns) sketch updates.
    public mutating func log(row: [String: FeatureValue]) {
        for (name, value) in row { log(column: name, value: value) }
    }

    /// Logs one value of one column (see ``log(row:)``).
    ///
    /// - Parameters:
    ///   - name: the column.
    ///   - value: the value.
    public mutating func log(column name: String, value: FeatureValue) {
        update(name, type: ColumnType(firstValue: value)) { $0.log(value) }
    }

    /// Logs a whole column of integers (a pandas int64 column): a new column is integral.
    ///
    /// - Parameters:
    ///   - name: the column.
    ///   - values: the values.
    /// - Complexity: O(n) sketch updates (see ``ColumnProfile/log(ints:)``).
    public mutating func log(column name: String, ints values: [Int64]) {
        update(name, type: .integral) { $0.log(ints: values) }
    }

    /// Logs a whole column of doubles (a pandas float64 column; NaN is null): a new column is
    /// fractional.
    ///
    /// - Parameters:
    ///   - name: the column.
    ///   - values: the values.
    /// - Complexity: O(n) sketch updates (see ``ColumnProfile/log(doubles:)``).
    public mutating func log(column name: String, doubles values: [Double]) {
        update(name, type: .fractional) { $0.log(doubles: values) }
    }

    /// Logs a whole column of optional strings (a pandas object column): a new column is string.
    ///
    /// - Parameters:
    ///   - name: the column.
    ///   - values: the values.
    /// - Complexity: O(total length) (see ``ColumnProfile/log(strings:)``).
    public mutating func log(column name: String, strings values: [String?]) {
        update(name, type: .string) { $0.log(strings: values) }
    }

    /// Logs a whole column of optional booleans: a new column is integral when no value is `nil`
    /// (a pandas bool column) and string otherwise (pandas makes an object column).
    ///
    /// - Parameters:
    ///   - name: the column.
    ///   - values: the values.
    /// - Complexity: O(n) (see ``ColumnProfile/log(bools:)``).
    public mutating func log(column name: String, bools values: [Bool?]) {
        let type: ColumnType = values.contains(nil) ? .string : .integral
        update(name, type: type) { $0.log(bools: values) }
    }

    /// Logs a whole column of mixed values (a pandas object column): a new column is string.
    ///
    /// - Parameters:
    ///   - name: the column.
    ///   - values: the values.
    /// - Complexity: O(n) (see ``ColumnProfile/log(values:)``).
    public mutating func log(column name: String, values: [FeatureValue]) {
        update(name, type: .string) { $0.log(values: values) }
    }

    /// Applies a change to a column, creating it with the metric set of `type` if it is new.
    private mutating func update(
        _ name: String, type: @autoclosure () -> ColumnType, _ body: (inout ColumnProfile) -> Void
    ) {
        if let index = columns.index(forKey: name) {
            body(&columns.values[index])
        } else {
            var column = ColumnProfile(type: type(), coin: compactionCoin)
            body(&column)
            columns[name] = column
        }
    }
}
