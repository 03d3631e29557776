import ProfileCSV
import Profiles

extension FuzzTarget {
    /// Profiles a CSV twice, in one block (inputs are at most 64 KiB) and cut into the smallest
    /// blocks the reader allows: both must reject it or both accept it with the same rows,
    /// columns, malformed-row report and per-column counts (blocks are profiled apart and merged,
    /// so a row split between blocks or a quote that spans a block boundary shows up here).
    static func profileCSV(_ bytes: [UInt8]) throws(FuzzFailure) {
        let whole = CSVOptions(blockSize: 1 << 17, threadCount: 1, compactionSeed: 1)
        var pieces = whole
        pieces.blockSize = 4096
        let one = Result { () throws(CSVError) in try CSVProfiler(options: whole).profile(bytes: bytes) }
        let many = Result { () throws(CSVError) in try CSVProfiler(options: pieces).profile(bytes: bytes) }
        switch (one, many) {
        case (.failure(let first), .failure(let second)):
            guard first.code == second.code else {
                throw FuzzFailure(.csvReader, "one block fails with \(first.code), small blocks with \(second.code)")
            }
        case (.success(let first), .success(let second)):
            try compare(first, second)
        case (.success, .failure(let error)), (.failure(let error), .success):
            throw FuzzFailure(.csvReader, "one of the two block sizes fails (\(error)), the other does not")
        }
    }

    private static func compare(_ one: CSVProfileResult, _ many: CSVProfileResult) throws(FuzzFailure) {
        func differ(_ what: String, _ a: some Equatable, _ b: some Equatable) -> FuzzFailure {
            FuzzFailure(.csvReader, "\(what): \(a) in one block, \(b) in small blocks")
        }
        guard one.rowCount == many.rowCount else { throw differ("rows", one.rowCount, many.rowCount) }
        guard one.delimiter == many.delimiter else { throw differ("delimiter", one.delimiter, many.delimiter) }
        guard one.columns.map(\.name) == many.columns.map(\.name) else {
            throw differ("columns", one.columns.map(\.name), many.columns.map(\.name))
        }
        guard one.malformedRowCount == many.malformedRowCount, one.malformedRows == many.malformedRows else {
            throw differ("malformed rows", one.malformedRows, many.malformedRows)
        }
        guard one.invalidUTF8ValueCount == many.invalidUTF8ValueCount else {
            throw differ("invalid UTF-8 values", one.invalidUTF8ValueCount, many.invalidUTF8ValueCount)
        }
        // The exact counts, read from the metrics (a summary would also compute every column's
        // quantiles and frequent items, most of this target's time).
        func counts(_ column: ColumnProfile?) -> [(key: String, value: Int64?)] {
            let counts = column?.counts
            let types = column?.types
            return [
                ("counts/n", counts?.n), ("counts/null", counts?.null), ("counts/nan", counts?.nan),
                ("counts/inf", counts?.inf), ("types/integral", types?.integral),
                ("types/fractional", types?.fractional), ("types/boolean", types?.boolean),
                ("types/string", types?.string), ("types/object", types?.object), ("types/tensor", types?.tensor),
            ]
        }
        for (name, column) in many.profile.columns {
            for ((key, value), (_, reference)) in zip(counts(column), counts(one.profile.columns[name]))
            where value != nil && value != reference {
                throw differ("\(name) \(key)", reference, value)
            }
        }
    }
}
