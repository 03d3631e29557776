import Profiles

/// The columns of one ``FeatureSchema`` (and the prediction column) inside a window accumulator,
/// held in an array so that a record by position reaches each column without hashing its name.
/// Folded into the window's profile (``WindowAccumulator/settle()``) when the window leaves its
/// shard.
struct _PositionalColumns: Sendable {
    let schema: FeatureSchema
    let predictionColumn: String
    /// One column per schema name, then the prediction column.
    var columns: [ColumnProfile]
    var predictionLogged = false

    init(schema: FeatureSchema, predictionColumn: String, profile: DatasetProfile) {
        self.schema = schema
        self.predictionColumn = predictionColumn
        self.columns = Array(
            repeating: ColumnProfile(type: .fractional, coin: profile.compactionCoin), count: schema.names.count + 1)
    }

    @inline(__always)
    mutating func log(_ values: [Double], prediction: Double?) {
        columns.withUnsafeMutableBufferPointer { columns in
            for index in values.indices { columns[index].log(.double(values[index])) }
            if let prediction {
                columns[columns.count - 1].log(.double(prediction))
                predictionLogged = true
            }
        }
    }

    /// Adds the columns to `profile` (merging with columns of the same name logged otherwise).
    func fold(into profile: inout DatasetProfile) {
        for (index, column) in columns.enumerated() {
            let name: String
            if index < schema.names.count {
                name = schema.names[index]
            } else {
                guard predictionLogged else { continue }
                name = predictionColumn
            }
            if profile.columns[name] == nil {
                profile.columns[name] = column
            } else {
                profile.columns[name]!.merge(column)
            }
        }
    }
}
