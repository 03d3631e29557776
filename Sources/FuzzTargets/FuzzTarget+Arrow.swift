import ProfileArrow
import Profiles

extension FuzzTarget {
    /// Profiles an Arrow IPC stream or file on one thread and on two: both must reject it with
    /// the same error code, or both accept it with the same rows, batches and columns; every
    /// profiled column must count exactly the batches' rows (each value once, nulls included).
    static func profileArrow(_ bytes: [UInt8]) throws(FuzzFailure) {
        let limits = ArrowReadLimits(
            maximumMetadataBytes: 1 << 20, maximumBodyBytes: 1 << 24, maximumColumns: 1000,
            maximumDictionaryBytes: 1 << 24)
        let one = Result { () throws(ArrowError) in
            try ArrowProfiler(options: ArrowOptions(threadCount: 1, limits: limits, compactionSeed: 1))
                .profile(bytes: bytes)
        }
        let two = Result { () throws(ArrowError) in
            try ArrowProfiler(options: ArrowOptions(threadCount: 2, limits: limits, compactionSeed: 1))
                .profile(bytes: bytes)
        }
        switch (one, two) {
        case (.failure(let first), .failure(let second)):
            guard first.code == second.code else {
                throw FuzzFailure(.arrowReader, "one thread fails with \(first.code), two with \(second.code)")
            }
        case (.success(let first), .success(let second)):
            guard first.rowCount == second.rowCount, first.batchCount == second.batchCount,
                first.columns == second.columns
            else {
                throw FuzzFailure(.arrowReader, "one and two threads disagree on rows, batches or columns")
            }
            for column in first.columns where column.skipReason == nil {
                let counted = first.profile.columns[column.name]?.counts?.n
                guard counted == first.rowCount else {
                    throw FuzzFailure(
                        .arrowReader, "column \(column.name) counts \(counted ?? -1) values of \(first.rowCount) rows")
                }
            }
        case (.success, .failure(let error)), (.failure(let error), .success):
            throw FuzzFailure(.arrowReader, "one of the two thread counts fails (\(error)), the other does not")
        }
    }
}
