import Foundation

/// The UCI wine-quality CSV (semicolon-separated, quoted header): feature rows in
/// ``WineFeatures/all`` order and the quality labels.
package struct WineDataset {
    package var rows: [[Double]]
    package var labels: [Double]

    /// Reads a UCI wine-quality file.
    ///
    /// - Throws: ``WineServerError`` naming the file, line and column of a problem.
    package init(path: String) throws(WineServerError) {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw WineServerError("cannot read \(path): \(error.localizedDescription)")
        }
        var lines = text.split(omittingEmptySubsequences: true, whereSeparator: \.isNewline).makeIterator()
        guard let header = lines.next() else { throw WineServerError("\(path) is empty") }
        let names = header.split(separator: ";", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
        }
        func column(_ name: String) throws(WineServerError) -> Int {
            guard let index = names.firstIndex(of: name) else {
                throw WineServerError("\(path): no column \"\(name)\" in the header")
            }
            return index
        }
        var featureColumns: [Int] = []
        for feature in WineFeatures.all { featureColumns.append(try column(feature.csvName)) }
        let labelColumn = try column(WineFeatures.labelCSVName)
        rows = []
        labels = []
        var lineNumber = 1
        while let line = lines.next() {
            lineNumber += 1
            let fields = line.split(separator: ";", omittingEmptySubsequences: false)
            guard fields.count == names.count else {
                throw WineServerError("\(path):\(lineNumber): expected \(names.count) fields, found \(fields.count)")
            }
            func number(_ index: Int) throws(WineServerError) -> Double {
                guard let value = Double(fields[index].trimmingCharacters(in: .whitespaces)), value.isFinite else {
                    throw WineServerError(
                        "\(path):\(lineNumber): column \"\(names[index])\" is not a number: \"\(fields[index])\"")
                }
                return value
            }
            var row: [Double] = []
            for index in featureColumns { row.append(try number(index)) }
            rows.append(row)
            labels.append(try number(labelColumn))
        }
    }
}

extension WineDataset {
    /// A seeded split of the row indices: a Fisher–Yates shuffle driven by SplitMix64, the first
    /// four fifths for training, the rest held out. Both models of `wine-server train` use it, so
    /// that they are evaluated on the same rows.
    package func split(seed: UInt64) -> (training: ArraySlice<Int>, test: ArraySlice<Int>) {
        var order = Array(rows.indices)
        var state = seed
        for index in stride(from: order.count - 1, to: 0, by: -1) {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            order.swapAt(index, Int(z % UInt64(index + 1)))
        }
        let trainCount = order.count * 4 / 5
        return (order[..<trainCount], order[trainCount...])
    }
}
