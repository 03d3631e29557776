import Profiles

/// The second pass over a line that ``_JSONLineValidator`` accepted: flattens the object into
/// `(name, value)` pairs, in document order, and hands them to a sink (spec: docs/formats/jsonl.md §3).
///
/// - A member `k` of the line's object is named `k`; a member of a nested object is named
///   `<parent>.<k>`.
/// - An array is logged as its length (an integer) under its own name, and its elements under
///   `<name>[]` (an object element's members under `<name>[].<k>`, an array element's length under
///   `<name>[]` and its elements under `<name>[][]`).
/// - Strings are unescaped; numbers are read as Python's `json` reads them (an integer without a
///   fraction or exponent is an `int`; beyond Int64 it is read as a double; everything else is a
///   correctly rounded double, `NaN` and `±Infinity` included).
/// - A member whose key is repeated later in the same object is skipped (the last value wins).
struct _JSONLineWalker {
    private var path: [UInt8] = []
    private var scratch: [UInt8] = []
    private var superseded: [Int] = []
    private var supersededCursor = 0
    /// Bumped whenever `path` changes, so that the values of one name (an array's elements) look
    /// their slot up once, not once each: a lookup hashes the whole name, and a long name over many
    /// elements would otherwise cost their product.
    private var pathGeneration = 0
    private var cachedSlot: (generation: Int, slot: Int?)?

    init() {}

    /// Walks a validated line.
    ///
    /// - Parameters:
    ///   - line: the line, without its line break; it must have passed ``_JSONLineValidator``.
    ///   - superseded: the validator's ``_JSONLineValidator/superseded`` offsets.
    ///   - sink: where the values go.
    mutating func walk<Sink: _JSONValueSink>(
        _ line: UnsafeBufferPointer<UInt8>, superseded: [Int], into sink: inout Sink
    ) {
        path.removeAll(keepingCapacity: true)
        pathGeneration &+= 1
        self.superseded = superseded
        supersededCursor = 0
        var position = _JSONLineValidator.skipSpace(line, 0)
        object(line, &position, isNested: false, into: &sink)
    }

    // MARK: - Containers

    private mutating func object<Sink: _JSONValueSink>(
        _ line: UnsafeBufferPointer<UInt8>, _ position: inout Int, isNested: Bool = true, into sink: inout Sink
    ) {
        position = _JSONLineValidator.skipSpace(line, position + 1)
        if line[position] == UInt8(ascii: "}") {
            position += 1
            return
        }
        let base = path.count
        while true {
            let keyStart = position
            let skip = supersededCursor < superseded.count && superseded[supersededCursor] == keyStart
            if skip { supersededCursor += 1 }
            let keyEnd = Self.stringEnd(line, keyStart)
            if !skip {
                // Nesting, not the path's length, decides the dot: under a key "" the path is empty.
                if isNested { path.append(UInt8(ascii: ".")) }
                Self.unescape(line, keyStart + 1, keyEnd - 1, into: &path)
                pathGeneration &+= 1
            }
            position = _JSONLineValidator.skipSpace(line, keyEnd)  // at ':'
            position = _JSONLineValidator.skipSpace(line, position + 1)
            if skip {
                skipValue(line, &position)
                // Superseded keys nested in the skipped value are passed with it.
                while supersededCursor < superseded.count && superseded[supersededCursor] < position {
                    supersededCursor += 1
                }
            } else {
                value(line, &position, into: &sink)
                truncatePath(to: base)
            }
            position = _JSONLineValidator.skipSpace(line, position)
            if line[position] == UInt8(ascii: ",") {
                position = _JSONLineValidator.skipSpace(line, position + 1)
                continue
            }
            position += 1  // '}'
            return
        }
    }

    private mutating func array<Sink: _JSONValueSink>(
        _ line: UnsafeBufferPointer<UInt8>, _ position: inout Int, into sink: inout Sink
    ) {
        position = _JSONLineValidator.skipSpace(line, position + 1)
        var count: Int64 = 0
        if line[position] == UInt8(ascii: "]") {
            position += 1
        } else {
            let base = path.count
            path.append(UInt8(ascii: "["))
            path.append(UInt8(ascii: "]"))
            pathGeneration &+= 1
            while true {
                count += 1
                value(line, &position, into: &sink)
                truncatePath(to: base + 2)
                position = _JSONLineValidator.skipSpace(line, position)
                if line[position] == UInt8(ascii: ",") {
                    position = _JSONLineValidator.skipSpace(line, position + 1)
                    continue
                }
                position += 1  // ']'
                break
            }
            truncatePath(to: base)
        }
        emit(.int(count), into: &sink)
    }

    // MARK: - Values

    private mutating func value<Sink: _JSONValueSink>(
        _ line: UnsafeBufferPointer<UInt8>, _ position: inout Int, into sink: inout Sink
    ) {
        switch line[position] {
        case UInt8(ascii: "{"):
            object(line, &position, into: &sink)
        case UInt8(ascii: "["):
            array(line, &position, into: &sink)
        case UInt8(ascii: "\""):
            let end = Self.stringEnd(line, position)
            let start = position
            position = end
            guard let slot = currentSlot(&sink) else { return }
            sink.log(.string(string(line, start + 1, end - 1)), slot: slot)
        case UInt8(ascii: "t"):
            position += 4
            emit(.bool(true), into: &sink)
        case UInt8(ascii: "f"):
            position += 5
            emit(.bool(false), into: &sink)
        case UInt8(ascii: "n"):
            position += 4
            emit(.null, into: &sink)
        case UInt8(ascii: "N"):
            position += 3
            emit(.double(.nan), into: &sink)
        case UInt8(ascii: "I"):
            position += 8
            emit(.double(.infinity), into: &sink)
        case UInt8(ascii: "-") where line[position + 1] == UInt8(ascii: "I"):
            position += 9
            emit(.double(-.infinity), into: &sink)
        default:
            let number = Self.number(line, &position)
            emit(number, into: &sink)
        }
    }

    @inline(__always)
    private mutating func emit<Sink: _JSONValueSink>(_ value: FeatureValue, into sink: inout Sink) {
        guard let slot = currentSlot(&sink) else { return }
        sink.log(value, slot: slot)
    }

    /// The slot of the current path, looked up once per path.
    private mutating func currentSlot<Sink: _JSONValueSink>(_ sink: inout Sink) -> Int? {
        if let cached = cachedSlot, cached.generation == pathGeneration { return cached.slot }
        let slot = path.withUnsafeBufferPointer { sink.slot(for: $0) }
        cachedSlot = (pathGeneration, slot)
        return slot
    }

    private mutating func truncatePath(to count: Int) {
        guard path.count > count else { return }
        path.removeSubrange(count...)
        pathGeneration &+= 1
    }

    /// Skips a value (a superseded member's).
    private func skipValue(_ line: UnsafeBufferPointer<UInt8>, _ position: inout Int) {
        var depth = 0
        repeat {
            switch line[position] {
            case UInt8(ascii: "\""):
                position = Self.stringEnd(line, position)
                continue
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                if depth == 0 { return }
                depth -= 1
                if depth == 0 {
                    position += 1
                    return
                }
            case UInt8(ascii: ","):
                if depth == 0 { return }
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                if depth == 0 { return }
            default:
                break
            }
            position += 1
        } while position < line.count
    }

    private mutating func string(_ line: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> String {
        var hasEscapes = false
        for index in start..<end where line[index] == UInt8(ascii: "\\") {
            hasEscapes = true
            break
        }
        if !hasEscapes {
            return String(decoding: UnsafeBufferPointer(rebasing: line[start..<end]), as: UTF8.self)
        }
        scratch.removeAll(keepingCapacity: true)
        Self.unescape(line, start, end, into: &scratch)
        return String(decoding: scratch, as: UTF8.self)
    }

    // MARK: - Shared helpers

    /// The offset just past the closing quote of the string that opens at `start`.
    static func stringEnd(_ line: UnsafeBufferPointer<UInt8>, _ start: Int) -> Int {
        var position = start + 1
        while true {
            let byte = line[position]
            if byte == UInt8(ascii: "\"") { return position + 1 }
            position += byte == UInt8(ascii: "\\") ? 2 : 1
        }
    }

    /// Appends the UTF-8 of a validated string's contents (between its quotes), escapes decoded.
    static func unescape(_ line: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, into output: inout [UInt8]) {
        var position = start
        while position < end {
            let byte = line[position]
            guard byte == UInt8(ascii: "\\") else {
                output.append(byte)
                position += 1
                continue
            }
            let kind = line[position + 1]
            position += 2
            switch kind {
            case UInt8(ascii: "b"): output.append(0x08)
            case UInt8(ascii: "f"): output.append(0x0C)
            case UInt8(ascii: "n"): output.append(0x0A)
            case UInt8(ascii: "r"): output.append(0x0D)
            case UInt8(ascii: "t"): output.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = hex4(line, position)
                position += 4
                if scalar >= 0xD800 && scalar <= 0xDBFF {
                    let low = hex4(line, position + 2)
                    position += 6
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                }
                appendUTF8(scalar, to: &output)
            default: output.append(kind)  // " \ /
            }
        }
    }

    private static func hex4(_ line: UnsafeBufferPointer<UInt8>, _ at: Int) -> UInt32 {
        var value: UInt32 = 0
        for offset in at..<(at + 4) { value = value << 4 | UInt32(_JSONLineValidator.hexValue(line[offset]) ?? 0) }
        return value
    }

    private static func appendUTF8(_ scalar: UInt32, to output: inout [UInt8]) {
        switch scalar {
        case ..<0x80:
            output.append(UInt8(scalar))
        case ..<0x800:
            output.append(UInt8(0xC0 | scalar >> 6))
            output.append(UInt8(0x80 | scalar & 0x3F))
        case ..<0x10000:
            output.append(UInt8(0xE0 | scalar >> 12))
            output.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            output.append(UInt8(0x80 | scalar & 0x3F))
        default:
            output.append(UInt8(0xF0 | scalar >> 18))
            output.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            output.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            output.append(UInt8(0x80 | scalar & 0x3F))
        }
    }

    /// Exact powers of ten as doubles (10^0 … 10^22).
    private static let powersOfTen: [Double] = (0...22).map { exponent in
        var value = 1.0
        for _ in 0..<exponent { value *= 10 }
        return value
    }

    /// A validated number, read as Python's `json` reads it: an `int` when it has no fraction and
    /// no exponent (a double beyond Int64), otherwise a correctly rounded double.
    static func number(_ line: UnsafeBufferPointer<UInt8>, _ position: inout Int) -> FeatureValue {
        let start = position
        let negative = line[position] == UInt8(ascii: "-")
        if negative { position += 1 }
        var mantissa: UInt64 = 0
        var digits = 0
        var exact = true
        var leading = true
        var fractionDigits = 0
        var isInteger = true
        while position < line.count, _JSONLineValidator.isDigit(line[position]) {
            accumulate(line[position], &mantissa, &digits, &exact, &leading, &fractionDigits, inFraction: false)
            position += 1
        }
        if position < line.count && line[position] == UInt8(ascii: ".") {
            isInteger = false
            position += 1
            while position < line.count, _JSONLineValidator.isDigit(line[position]) {
                accumulate(line[position], &mantissa, &digits, &exact, &leading, &fractionDigits, inFraction: true)
                position += 1
            }
        }
        var exponent = 0
        if position < line.count && (line[position] == UInt8(ascii: "e") || line[position] == UInt8(ascii: "E")) {
            isInteger = false
            position += 1
            var exponentNegative = false
            if line[position] == UInt8(ascii: "+") || line[position] == UInt8(ascii: "-") {
                exponentNegative = line[position] == UInt8(ascii: "-")
                position += 1
            }
            while position < line.count, _JSONLineValidator.isDigit(line[position]) {
                if exponent < 100_000 { exponent = exponent * 10 + Int(line[position] - UInt8(ascii: "0")) }
                position += 1
            }
            if exponentNegative { exponent = -exponent }
        }
        if isInteger && exact {
            if !negative, mantissa <= UInt64(Int64.max) { return .int(Int64(mantissa)) }
            if negative, mantissa <= UInt64(Int64.max) + 1 { return .int(Int64(truncatingIfNeeded: 0 &- mantissa)) }
        }
        let scale = exponent - fractionDigits
        if exact, mantissa < 1 << 53, abs(scale) <= 22 {
            var value = Double(mantissa)
            value = scale >= 0 ? value * powersOfTen[scale] : value / powersOfTen[-scale]
            return .double(negative ? -value : value)
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: line[start..<position]), as: UTF8.self)
        return .double(Double(text) ?? .nan)
    }

    @inline(__always)
    private static func accumulate(
        _ byte: UInt8, _ mantissa: inout UInt64, _ digits: inout Int, _ exact: inout Bool, _ leading: inout Bool,
        _ fractionDigits: inout Int, inFraction: Bool
    ) {
        let digit = UInt64(byte - UInt8(ascii: "0"))
        if leading && digit == 0 {
            if inFraction { fractionDigits += 1 }
            return
        }
        leading = false
        if digits < 19 {
            mantissa = mantissa * 10 + digit
            digits += 1
            if inFraction { fractionDigits += 1 }
        } else {
            // More than 19 significant digits: the fast paths cannot be exact.
            exact = false
        }
    }
}
