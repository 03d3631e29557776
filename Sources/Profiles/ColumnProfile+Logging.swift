import Sketches

extension ColumnProfile {
    // MARK: - Single values (row logging)

    /// Logs one value as whylogs' row logging does (`_process_scalar_value`, spec §2.3): a bool is
    /// a boolean, an int an integer, a double a float (NaN also counts as null and NaN and still
    /// reaches the metrics, ±∞ as inf), a string a string, null a null, bytes an object.
    ///
    /// - Parameter value: the value.
    /// - Complexity: O(1) sketch updates (O(length) for strings).
    public mutating func log(_ value: FeatureValue) {
        counts?.n += 1
        switch value {
        case .null:
            counts?.null += 1
        case .bool(let flag):
            types?.boolean += 1
            if flag { counts?.true += 1 }
            distribution?.update(trueCount: flag ? 1 : 0, falseCount: flag ? 0 : 1)
            cardinality?.hll.update(Int64(flag ? 1 : 0))
            frequentItems?.update(bool: flag)
        case .int(let number):
            types?.integral += 1
            ints?.update(number)
            distribution?.update(Double(number))
            cardinality?.hll.update(number)
            frequentItems?.update(int: number)
        case .double(let number):
            types?.fractional += 1
            if number.isNaN {
                counts?.null += 1
                counts?.nan += 1
            } else if number.isInfinite {
                counts?.inf += 1
            }
            distribution?.update(number)
            cardinality?.hll.update(number)
            frequentItems?.update(double: number)
        case .string(let text):
            types?.string += 1
            cardinality?.hll.update(text)
            frequentItems?.update(string: text)
        case .bytes:
            types?.object += 1
        }
    }

    // MARK: - Whole columns (DataFrame logging)

    /// Logs a column of integers as whylogs logs an int64 pandas column: every value is an
    /// integer.
    ///
    /// - Parameter values: the column's values, in row order.
    /// - Complexity: O(n) sketch updates; no allocation per value except frequent-item strings
    ///   longer than 15 bytes.
    public mutating func log(ints values: [Int64]) {
        values.withUnsafeBufferPointer { log(ints: $0) }
    }

    /// Logs a column of integers given as a buffer (see ``log(ints:)-([Int64])``).
    package mutating func log(ints buffer: UnsafeBufferPointer<Int64>) {
        if buffer.isEmpty { return }
        counts?.n += Int64(buffer.count)
        types?.integral += Int64(buffer.count)
        if ints != nil {
            var metric = ints!
            for value in buffer { metric.update(value) }
            ints = metric
        }
        distribution?.update(ints: buffer)
        cardinality?.update(ints: buffer)
        if frequentItems != nil {
            for value in buffer { frequentItems!.update(int: value) }
        }
    }

    /// Logs a column of doubles as whylogs logs a float64 pandas column: NaN is null and NaN
    /// (and reaches no sketch), ±∞ counts as inf, every other value is a float.
    ///
    /// - Parameter values: the column's values, in row order.
    /// - Complexity: O(n) sketch updates; allocates one filtered copy when the column holds NaN.
    public mutating func log(doubles values: [Double]) {
        if values.isEmpty { return }
        var nanCount = 0
        var infCount = 0
        for value in values {
            if value.isNaN {
                nanCount += 1
            } else if value.isInfinite {
                infCount += 1
            }
        }
        counts?.n += Int64(values.count)
        counts?.null += Int64(nanCount)
        counts?.nan += Int64(nanCount)
        counts?.inf += Int64(infCount)
        types?.fractional += Int64(values.count - nanCount)
        if nanCount == values.count { return }
        if nanCount == 0 {
            values.withUnsafeBufferPointer { logFloats($0) }
        } else {
            let filtered = values.filter { !$0.isNaN }
            filtered.withUnsafeBufferPointer { logFloats($0) }
        }
    }

    /// Logs a float64 column given as its non-missing values and the number of missing (NaN)
    /// ones: the same as ``log(doubles:)`` on the column, without a filtered copy (the CSV
    /// reader's path).
    ///
    /// - Parameters:
    ///   - values: the non-NaN values, in row order.
    ///   - missingCount: the number of NaN values.
    package mutating func log(floats values: UnsafeBufferPointer<Double>, missingCount: Int) {
        let total = values.count + missingCount
        if total == 0 { return }
        var infCount = 0
        for value in values where value.isInfinite { infCount += 1 }
        counts?.n += Int64(total)
        counts?.null += Int64(missingCount)
        counts?.nan += Int64(missingCount)
        counts?.inf += Int64(infCount)
        types?.fractional += Int64(values.count)
        if !values.isEmpty { logFloats(values) }
    }

    /// Feeds non-NaN floats (numpy's float array of a batch) to the sketches, in whylogs' order.
    private mutating func logFloats(_ buffer: UnsafeBufferPointer<Double>) {
        distribution?.update(doubles: buffer)
        cardinality?.update(doubles: buffer)
        if frequentItems != nil {
            for value in buffer { frequentItems!.update(double: value) }
        }
    }

    /// Logs a column of optional strings as whylogs logs a pandas object column of strings and
    /// `None`s: `nil` counts as null; the HLL gets each full string (the empty string is ignored
    /// by the sketch), frequent items its first 128 Unicode scalars.
    ///
    /// - Parameter values: the column's values, in row order.
    /// - Complexity: O(total length) hashing plus O(n) sketch updates; allocates only for strings
    ///   that must be cut.
    public mutating func log(strings values: [String?]) {
        if values.isEmpty { return }
        var nullCount = 0
        for value in values where value == nil { nullCount += 1 }
        counts?.n += Int64(values.count)
        counts?.null += Int64(nullCount)
        types?.string += Int64(values.count - nullCount)
        if nullCount == values.count { return }
        // One pass feeding both sketches: each still sees the values in row order.
        switch (cardinality != nil, frequentItems != nil) {
        case (true, true):
            for case let value? in values {
                cardinality!.hll.update(value)
                frequentItems!.update(string: value)
            }
        case (true, false):
            for case let value? in values { cardinality!.hll.update(value) }
        case (false, true):
            for case let value? in values { frequentItems!.update(string: value) }
        case (false, false):
            break
        }
    }

    /// Counts a batch of `count` strings, `nullCount` of them null, as ``log(strings:)`` counts
    /// them; the readers that log strings straight from their bytes pair it with
    /// ``logString(utf8:)`` for each non-null value.
    package mutating func countStrings(_ count: Int, nullCount: Int) {
        counts?.n += Int64(count)
        counts?.null += Int64(nullCount)
        types?.string += Int64(count - nullCount)
    }

    /// Feeds one non-null string, given as its UTF-8 bytes, to the sketches exactly as
    /// ``log(strings:)`` feeds the `String` decoded from them (invalid UTF-8 is first repaired
    /// with U+FFFD, as `String(decoding:as:)` does), without making a `String` when they are valid.
    ///
    /// - Returns: whether the bytes were well-formed UTF-8.
    package mutating func logString(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        if _UTF8Validation.isValid(bytes) {
            // The HLL ignores the empty string (DataSketches' string update), not empty bytes.
            if !bytes.isEmpty { cardinality?.hll.update(bytes: UnsafeRawBufferPointer(bytes)) }
            frequentItems?.update(utf8: bytes)
            return true
        }
        let repaired = String(decoding: bytes, as: UTF8.self)
        cardinality?.hll.update(repaired)
        frequentItems?.update(string: repaired)
        return false
    }

    /// Logs a column of optional booleans as whylogs logs a pandas bool column (or, with `nil`s,
    /// an object column of bools): `nil` counts as null, every other value as a boolean.
    ///
    /// - Parameter values: the column's values, in row order.
    /// - Complexity: O(n) sketch updates.
    public mutating func log(bools values: [Bool?]) {
        if values.isEmpty { return }
        var trueCount = 0
        var falseCount = 0
        for value in values {
            switch value {
            case true?: trueCount += 1
            case false?: falseCount += 1
            case nil: break
            }
        }
        logBooleans(
            count: values.count, nullCount: values.count - trueCount - falseCount, trueCount: trueCount,
            falseCount: falseCount)
    }

    private mutating func logBooleans(count: Int, nullCount: Int, trueCount: Int, falseCount: Int) {
        counts?.n += Int64(count)
        counts?.null += Int64(nullCount)
        counts?.true += Int64(trueCount)
        types?.boolean += Int64(trueCount + falseCount)
        distribution?.update(trueCount: trueCount, falseCount: falseCount)
        if trueCount > 0 { cardinality?.hll.update(Int64(1)) }
        if falseCount > 0 { cardinality?.hll.update(Int64(0)) }
        if frequentItems != nil {
            for _ in 0..<trueCount { frequentItems!.update(bool: true) }
            for _ in 0..<falseCount { frequentItems!.update(bool: false) }
        }
    }

    /// Logs a column of mixed values as whylogs logs a pandas object column: each value is
    /// classified by its own kind (null and NaN count as null, NaN also as NaN; ints, floats,
    /// booleans, strings; bytes as objects), then each kind is fed as one part, in whylogs'
    /// per-metric order (spec §2.4).
    ///
    /// - Parameter values: the column's values, in row order.
    /// - Complexity: O(n) sketch updates; allocates one array per kind present.
    public mutating func log(values: [FeatureValue]) {
        if values.isEmpty { return }
        var nullCount = 0
        var nanCount = 0
        var infCount = 0
        var trueCount = 0
        var falseCount = 0
        var objectCount = 0
        var intValues: [Int64] = []
        var floatValues: [Double] = []
        var stringValues: [String] = []
        for value in values {
            switch value {
            case .null: nullCount += 1
            case .bool(let flag): if flag { trueCount += 1 } else { falseCount += 1 }
            case .int(let number): intValues.append(number)
            case .double(let number):
                if number.isNaN {
                    nullCount += 1
                    nanCount += 1
                } else {
                    if number.isInfinite { infCount += 1 }
                    floatValues.append(number)
                }
            case .string(let text): stringValues.append(text)
            case .bytes: objectCount += 1
            }
        }
        counts?.n += Int64(values.count)
        counts?.null += Int64(nullCount)
        counts?.nan += Int64(nanCount)
        counts?.inf += Int64(infCount)
        counts?.true += Int64(trueCount)
        types?.integral += Int64(intValues.count)
        types?.fractional += Int64(floatValues.count)
        types?.boolean += Int64(trueCount + falseCount)
        types?.string += Int64(stringValues.count)
        types?.object += Int64(objectCount)
        if ints != nil {
            for number in intValues { ints!.update(number) }
        }
        if distribution != nil {
            floatValues.withUnsafeBufferPointer { distribution!.update(doubles: $0) }
            intValues.withUnsafeBufferPointer { distribution!.update(ints: $0) }
            distribution!.update(trueCount: trueCount, falseCount: falseCount)
        }
        if cardinality != nil {
            for number in intValues { cardinality!.hll.update(number) }
            for number in floatValues { cardinality!.hll.update(number) }
            for text in stringValues { cardinality!.hll.update(text) }
            if trueCount > 0 { cardinality!.hll.update(Int64(1)) }
            if falseCount > 0 { cardinality!.hll.update(Int64(0)) }
        }
        if frequentItems != nil {
            for number in floatValues { frequentItems!.update(double: number) }
            for number in intValues { frequentItems!.update(int: number) }
            for text in stringValues { frequentItems!.update(string: text) }
            for _ in 0..<trueCount { frequentItems!.update(bool: true) }
            for _ in 0..<falseCount { frequentItems!.update(bool: false) }
        }
    }
}
