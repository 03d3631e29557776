extension DatasetProfile {
    /// Logs one row (whylogs' row/dict logging): each value goes to its column as a single value;
    /// a new column's type is resolved from its first value (``ColumnType/init(firstValue:)``).
    /// A value of a column with a role in ``columnRoles`` also yields that column's derived
    /// values (see ``declare(textColumn:)`` and `declare(imageColumn:)`).
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
        guard let role = role(of: name) else {
            update(name, type: ColumnType(firstValue: value)) { $0.log(value) }
            return
        }
        update(name, type: role.columnType) { $0.log(value) }
        logDerived(of: name, role: role, value: value)
    }

    /// Logs a whole column of integers (a pandas int64 column): a new column is integral.
    ///
    /// A column declared in ``columnRoles`` gets its role's metric set instead when new (text:
    /// string; image: counts and types), and its derived columns are fed one typed batch each (see
    /// ``declare(textColumn:)``, `declare(imageColumn:)`).
    ///
    /// - Parameters:
    ///   - name: the column.
    ///   - values: the values.
    /// - Complexity: O(n) sketch updates (see ``ColumnProfile/log(ints:)``).
    public mutating func log(column name: String, ints values: [Int64]) {
        guard let role = role(of: name) else {
            update(name, type: .integral) { $0.log(ints: values) }
            return
        }
        update(name, type: role.columnType) { $0.log(ints: values) }
        logDerived(of: name, role: role, values: values.lazy.map(FeatureValue.int))
    }

    /// Logs a whole column of doubles (a pandas float64 column; NaN is null): a new column is
    /// fractional.
    ///
    /// A column declared in ``columnRoles`` gets its role's metric set instead when new (text:
    /// string; image: counts and types), and its derived columns are fed one typed batch each (see
    /// ``declare(textColumn:)``, `declare(imageColumn:)`).
    ///
    /// - Parameters:
    ///   - name: the column.
    ///   - values: the values.
    /// - Complexity: O(n) sketch updates (see ``ColumnProfile/log(doubles:)``).
    public mutating func log(column name: String, doubles values: [Double]) {
        guard let role = role(of: name) else {
            update(name, type: .fractional) { $0.log(doubles: values) }
            return
        }
        update(name, type: role.columnType) { $0.log(doubles: values) }
        logDerived(of: name, role: role, values: values.lazy.map(FeatureValue.double))
    }

    /// Logs a whole column of optional strings (a pandas object column): a new column is string.
    ///
    /// A column declared in ``columnRoles`` gets its role's metric set instead when new (text:
    /// string; image: counts and types), and its derived columns are fed one typed batch each (see
    /// ``declare(textColumn:)``, `declare(imageColumn:)`).
    ///
    /// - Parameters:
    ///   - name: the column.
    ///   - values: the values.
    /// - Complexity: O(total length) (see ``ColumnProfile/log(strings:)``).
    public mutating func log(column name: String, strings values: [String?]) {
        guard let role = role(of: name) else {
            update(name, type: .string) { $0.log(strings: values) }
            return
        }
        update(name, type: role.columnType) { $0.log(strings: values) }
        logDerived(of: name, role: role, values: values.lazy.map { $0.map(FeatureValue.string) ?? .null })
    }

    /// Logs a whole column of optional booleans: a new column is integral when no value is `nil`
    /// (a pandas bool column) and string otherwise (pandas makes an object column).
    ///
    /// A column declared in ``columnRoles`` gets its role's metric set instead when new (text:
    /// string; image: counts and types), and its derived columns are fed one typed batch each (see
    /// ``declare(textColumn:)``, `declare(imageColumn:)`).
    ///
    /// - Parameters:
    ///   - name: the column.
    ///   - values: the values.
    /// - Complexity: O(n) (see ``ColumnProfile/log(bools:)``).
    public mutating func log(column name: String, bools values: [Bool?]) {
        guard let role = role(of: name) else {
            let type: ColumnType = values.contains(nil) ? .string : .integral
            update(name, type: type) { $0.log(bools: values) }
            return
        }
        update(name, type: role.columnType) { $0.log(bools: values) }
        logDerived(of: name, role: role, values: values.lazy.map { $0.map(FeatureValue.bool) ?? .null })
    }

    /// Logs a whole column of mixed values (a pandas object column): a new column is string.
    ///
    /// A column declared in ``columnRoles`` gets its role's metric set instead when new (text:
    /// string; image: counts and types), and its derived columns are fed one typed batch each (see
    /// ``declare(textColumn:)``, `declare(imageColumn:)`).
    ///
    /// - Parameters:
    ///   - name: the column.
    ///   - values: the values.
    /// - Complexity: O(n) (see ``ColumnProfile/log(values:)``).
    public mutating func log(column name: String, values: [FeatureValue]) {
        guard let role = role(of: name) else {
            update(name, type: .string) { $0.log(values: values) }
            return
        }
        update(name, type: role.columnType) { $0.log(values: values) }
        logDerived(of: name, role: role, values: values)
    }

    /// The declared role of a column, if any (one dictionary lookup, none when no roles).
    package func role(of name: String) -> ColumnRole? {
        columnRoles.isEmpty ? nil : columnRoles[name]
    }

    /// Applies a change to a column, creating it with the metric set of `type` if it is new.
    package mutating func update(
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
