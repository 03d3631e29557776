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
