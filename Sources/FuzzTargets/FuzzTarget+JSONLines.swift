import ProfileJSONLines
import Profiles

extension FuzzTarget {
    /// Profiles JSON lines twice, in one block on one thread and cut into the smallest blocks on
    /// three threads: both must reject them or both accept them with the same rows, lines,
    /// malformed-line report, column names and per-column counts (blocks are profiled apart and
    /// committed in order, so a column typed differently by another block, or a line number or
    /// budget decided out of order, shows up here). Every malformed line's place must be inside
    /// the input.
    static func profileJSONLines(_ bytes: [UInt8]) throws(FuzzFailure) {
        let whole = JSONLinesOptions(maximumColumns: 64, blockSize: 1 << 17, threadCount: 1, compactionSeed: 1)
        var pieces = whole
        pieces.blockSize = 4096
        pieces.threadCount = 3
        let one = Result { () throws(JSONLinesError) in try JSONLinesProfiler(options: whole).profile(bytes: bytes) }
        let many = Result { () throws(JSONLinesError) in try JSONLinesProfiler(options: pieces).profile(bytes: bytes) }
        func differ(_ what: String, _ a: some Equatable, _ b: some Equatable) -> FuzzFailure {
            FuzzFailure(.jsonlReader, "\(what): \(a) in one block, \(b) in small blocks")
        }
        switch (one, many) {
        case (.failure(let first), .failure(let second)):
            guard first == second else { throw differ("error", first.description, second.description) }
        case (.success(let first), .success(let second)):
            guard first.rowCount == second.rowCount else { throw differ("rows", first.rowCount, second.rowCount) }
            guard first.lineCount == second.lineCount else { throw differ("lines", first.lineCount, second.lineCount) }
            guard first.malformedLines == second.malformedLines, first.malformedLineCount == second.malformedLineCount
            else { throw differ("malformed lines", first.malformedLines, second.malformedLines) }
            for line in first.malformedLines where line.byteOffset < 0 || line.byteOffset > Int64(bytes.count) {
                throw FuzzFailure(
                    .jsonlReader, "malformed line \(line.line) placed at byte \(line.byteOffset), outside the input")
            }
            guard first.profile.columns.keys.sorted() == second.profile.columns.keys.sorted() else {
                throw differ("columns", first.profile.columns.keys.sorted(), second.profile.columns.keys.sorted())
            }
            for (name, column) in first.profile.columns {
                let other = second.profile.columns[name]
                guard column.columnType == other?.columnType, column.metricNamespaces == other?.metricNamespaces,
                    column.counts?.n == other?.counts?.n, column.counts?.null == other?.counts?.null,
                    column.types?.integral == other?.types?.integral, column.types?.string == other?.types?.string,
                    column.types?.fractional == other?.types?.fractional,
                    column.types?.boolean == other?.types?.boolean
                else {
                    throw differ("column \(name)", "\(column.metricNamespaces)", "\(other?.metricNamespaces ?? [])")
                }
            }
        case (.success, .failure(let error)), (.failure(let error), .success):
            throw FuzzFailure(.jsonlReader, "one of the two layouts fails (\(error)), the other does not")
        }
    }
}
