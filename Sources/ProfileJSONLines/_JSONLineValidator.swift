import Profiles

/// The first pass over a line: checks that it is exactly one JSON object (RFC 8259, plus the
/// `NaN`, `Infinity` and `-Infinity` literals Python's `json` module reads), with strings of valid
/// UTF-8 and valid escapes (surrogate pairs paired), nested at most `maximumDepth` deep, and finds
/// the object members whose key is repeated later in the same object (Python's `json` keeps the
/// last value of a repeated key).
///
/// Memory is O(depth + keys of the objects still open); nothing is kept per value, so a line is
/// logged only after it is known to be whole (the second pass, ``_JSONLineWalker``, trusts it).
struct _JSONLineValidator {
    /// The deepest nesting accepted (the line's object is depth 1).
    let maximumDepth: Int

    private struct Member {
        var keyStart: Int32
        var keyEnd: Int32
        var hasEscapes: Bool
    }

    /// The keys of the objects still open, innermost last.
    private var members: [Member] = []
    /// Where each open object's keys start in `members`.
    private var objectStarts: [Int] = []
    /// For open objects past `linearLimit` keys: their unescaped keys, by depth.
    private var largeObjects: [Int: [[UInt8]: Int]] = [:]
    private var scratchA: [UInt8] = []
    private var scratchB: [UInt8] = []
    /// The offsets of the opening quotes of keys whose value a later repeat of the key replaces,
    /// ascending.
    private(set) var superseded: [Int] = []

    private static let linearLimit = 32

    init(maximumDepth: Int) {
        self.maximumDepth = maximumDepth
    }

    /// Checks one line (without its line break).
    ///
    /// - Throws: ``_JSONLineFault`` for the first problem found.
    mutating func validate(_ line: UnsafeBufferPointer<UInt8>) throws(_JSONLineFault) {
        members.removeAll(keepingCapacity: true)
        objectStarts.removeAll(keepingCapacity: true)
        largeObjects.removeAll()
        superseded.removeAll(keepingCapacity: true)
        var position = Self.skipSpace(line, 0)
        guard position < line.count else {
            throw _JSONLineFault(kind: .syntax, offset: position, detail: "expected an object, got a blank line")
        }
        guard line[position] == UInt8(ascii: "{") else {
            let start = position
            // Valid JSON that is not an object is reported as such.
            if (try? value(line, &position, depth: 1)) != nil, Self.skipSpace(line, position) == line.count {
                throw _JSONLineFault(
                    kind: .notAnObject, offset: start,
                    detail: "expected an object, got \(Self.kindName(line[start]))")
            }
            throw _JSONLineFault.unexpected(line, at: start, expected: "'{'")
        }
        try value(line, &position, depth: 1)
        position = Self.skipSpace(line, position)
        if position < line.count {
            throw _JSONLineFault.unexpected(
                line, at: position, expected: "the end of the line after the object", kind: .trailingCharacters)
        }
        if superseded.count > 1 { superseded.sort() }
    }

    private static func kindName(_ first: UInt8) -> String {
        switch first {
        case UInt8(ascii: "["): "an array"
        case UInt8(ascii: "\""): "a string"
        case UInt8(ascii: "t"), UInt8(ascii: "f"): "a boolean"
        case UInt8(ascii: "n"): "null"
        default: "a number"
        }
    }

    @inline(__always)
    static func skipSpace(_ line: UnsafeBufferPointer<UInt8>, _ start: Int) -> Int {
        var position = start
        while position < line.count {
            switch line[position] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: "\n"): position += 1
            default: return position
            }
        }
        return position
    }

    private mutating func value(
        _ line: UnsafeBufferPointer<UInt8>, _ position: inout Int, depth: Int
    ) throws(_JSONLineFault) {
        guard position < line.count else { throw _JSONLineFault.unexpected(line, at: position, expected: "a value") }
        switch line[position] {
        case UInt8(ascii: "{"):
            try object(line, &position, depth: depth)
        case UInt8(ascii: "["):
            try array(line, &position, depth: depth)
        case UInt8(ascii: "\""):
            _ = try Self.string(line, &position)
        case UInt8(ascii: "t"):
            try Self.literal(line, &position, "true")
        case UInt8(ascii: "f"):
            try Self.literal(line, &position, "false")
        case UInt8(ascii: "n"):
            try Self.literal(line, &position, "null")
        case UInt8(ascii: "N"):
            try Self.literal(line, &position, "NaN")
        case UInt8(ascii: "I"):
            try Self.literal(line, &position, "Infinity")
        case UInt8(ascii: "-") where position + 1 < line.count && line[position + 1] == UInt8(ascii: "I"):
            position += 1
            try Self.literal(line, &position, "Infinity")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            try Self.number(line, &position)
        default:
            throw _JSONLineFault.unexpected(line, at: position, expected: "a value")
        }
    }

    private mutating func object(
        _ line: UnsafeBufferPointer<UInt8>, _ position: inout Int, depth: Int
    ) throws(_JSONLineFault) {
        guard depth <= maximumDepth else {
            throw _JSONLineFault(
                kind: .tooDeep, offset: position, detail: "expected at most \(maximumDepth) levels, got more")
        }
        position += 1
        objectStarts.append(members.count)
        defer {
            members.removeSubrange(objectStarts.removeLast()...)
            largeObjects[depth] = nil
        }
        position = Self.skipSpace(line, position)
        if position < line.count && line[position] == UInt8(ascii: "}") {
            position += 1
            return
        }
        while true {
            guard position < line.count, line[position] == UInt8(ascii: "\"") else {
                throw _JSONLineFault.unexpected(line, at: position, expected: "a key in quotes")
            }
            let keyStart = position
            let hasEscapes = try Self.string(line, &position)
            try noteKey(line, Member(keyStart: Int32(keyStart), keyEnd: Int32(position), hasEscapes: hasEscapes), depth)
            position = Self.skipSpace(line, position)
            guard position < line.count, line[position] == UInt8(ascii: ":") else {
                throw _JSONLineFault.unexpected(line, at: position, expected: "':' after a key")
            }
            position = Self.skipSpace(line, position + 1)
            try value(line, &position, depth: depth + 1)
            position = Self.skipSpace(line, position)
            guard position < line.count else {
                throw _JSONLineFault.unexpected(line, at: position, expected: "',' or '}'")
            }
            if line[position] == UInt8(ascii: ",") {
                position = Self.skipSpace(line, position + 1)
                continue
            }
            guard line[position] == UInt8(ascii: "}") else {
                throw _JSONLineFault.unexpected(line, at: position, expected: "',' or '}'")
            }
            position += 1
            return
        }
    }

    private mutating func array(
        _ line: UnsafeBufferPointer<UInt8>, _ position: inout Int, depth: Int
    ) throws(_JSONLineFault) {
        guard depth <= maximumDepth else {
            throw _JSONLineFault(
                kind: .tooDeep, offset: position, detail: "expected at most \(maximumDepth) levels, got more")
        }
        position = Self.skipSpace(line, position + 1)
        if position < line.count && line[position] == UInt8(ascii: "]") {
            position += 1
            return
        }
        while true {
            try value(line, &position, depth: depth + 1)
            position = Self.skipSpace(line, position)
            guard position < line.count else {
                throw _JSONLineFault.unexpected(line, at: position, expected: "',' or ']'")
            }
            if line[position] == UInt8(ascii: ",") {
                position = Self.skipSpace(line, position + 1)
                continue
            }
            guard line[position] == UInt8(ascii: "]") else {
                throw _JSONLineFault.unexpected(line, at: position, expected: "',' or ']'")
            }
            position += 1
            return
        }
    }

    // MARK: - Repeated keys

    /// Records a key of the innermost open object; when the object already has it, the earlier
    /// member is superseded (its value is not logged).
    private mutating func noteKey(
        _ line: UnsafeBufferPointer<UInt8>, _ key: Member, _ depth: Int
    ) throws(_JSONLineFault) {
        let start = objectStarts[objectStarts.count - 1]
        let count = members.count - start
        if count < Self.linearLimit {
            for index in start..<members.count where sameKey(line, members[index], key) {
                superseded.append(Int(members[index].keyStart))
                members[index] = key
                return
            }
            members.append(key)
            if count + 1 == Self.linearLimit {
                var table: [[UInt8]: Int] = [:]
                for index in start..<members.count { table[unescapedKey(line, members[index])] = index }
                largeObjects[depth] = table
            }
            return
        }
        let bytes = unescapedKey(line, key)
        if let index = largeObjects[depth]?[bytes] {
            superseded.append(Int(members[index].keyStart))
            members[index] = key
        } else {
            largeObjects[depth]![bytes] = members.count
            members.append(key)
        }
    }

    private mutating func sameKey(_ line: UnsafeBufferPointer<UInt8>, _ a: Member, _ b: Member) -> Bool {
        if !a.hasEscapes && !b.hasEscapes {
            let length = Int(a.keyEnd - a.keyStart)
            guard length == Int(b.keyEnd - b.keyStart) else { return false }
            return memcmpEqual(line, Int(a.keyStart), Int(b.keyStart), length)
        }
        scratchA.removeAll(keepingCapacity: true)
        scratchB.removeAll(keepingCapacity: true)
        _JSONLineWalker.unescape(line, Int(a.keyStart) + 1, Int(a.keyEnd) - 1, into: &scratchA)
        _JSONLineWalker.unescape(line, Int(b.keyStart) + 1, Int(b.keyEnd) - 1, into: &scratchB)
        return scratchA == scratchB
    }

    private func memcmpEqual(_ line: UnsafeBufferPointer<UInt8>, _ a: Int, _ b: Int, _ length: Int) -> Bool {
        for offset in 0..<length where line[a + offset] != line[b + offset] { return false }
        return true
    }

    private func unescapedKey(_ line: UnsafeBufferPointer<UInt8>, _ key: Member) -> [UInt8] {
        var bytes: [UInt8] = []
        _JSONLineWalker.unescape(line, Int(key.keyStart) + 1, Int(key.keyEnd) - 1, into: &bytes)
        return bytes
    }

    // MARK: - Scalars

    private static func literal(
        _ line: UnsafeBufferPointer<UInt8>, _ position: inout Int, _ word: StaticString
    ) throws(_JSONLineFault) {
        let start = position
        let count = word.utf8CodeUnitCount
        let text = word.utf8Start
        for index in 0..<count {
            guard position < line.count, line[position] == text[index] else {
                throw _JSONLineFault.unexpected(line, at: position, expected: "'\(word)' at byte \(start + 1)")
            }
            position += 1
        }
    }

    /// A number as RFC 8259 writes it: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    private static func number(_ line: UnsafeBufferPointer<UInt8>, _ position: inout Int) throws(_JSONLineFault) {
        if line[position] == UInt8(ascii: "-") { position += 1 }
        guard position < line.count, isDigit(line[position]) else {
            throw _JSONLineFault.unexpected(line, at: position, expected: "a digit")
        }
        if line[position] == UInt8(ascii: "0") {
            position += 1
        } else {
            while position < line.count && isDigit(line[position]) { position += 1 }
        }
        if position < line.count && line[position] == UInt8(ascii: ".") {
            position += 1
            guard position < line.count, isDigit(line[position]) else {
                throw _JSONLineFault.unexpected(line, at: position, expected: "a digit after '.'")
            }
            while position < line.count && isDigit(line[position]) { position += 1 }
        }
        if position < line.count && (line[position] == UInt8(ascii: "e") || line[position] == UInt8(ascii: "E")) {
            position += 1
            if position < line.count && (line[position] == UInt8(ascii: "+") || line[position] == UInt8(ascii: "-")) {
                position += 1
            }
            guard position < line.count, isDigit(line[position]) else {
                throw _JSONLineFault.unexpected(line, at: position, expected: "a digit in the exponent")
            }
            while position < line.count && isDigit(line[position]) { position += 1 }
        }
    }

    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }

    /// A string from its opening quote to past its closing one: UTF-8 checked, escapes checked,
    /// surrogate escapes paired, no raw control characters.
    ///
    /// - Returns: whether the string has escapes.
    static func string(_ line: UnsafeBufferPointer<UInt8>, _ position: inout Int) throws(_JSONLineFault) -> Bool {
        position += 1
        var hasEscapes = false
        while position < line.count {
            let byte = line[position]
            if byte == UInt8(ascii: "\"") {
                position += 1
                return hasEscapes
            }
            if byte == UInt8(ascii: "\\") {
                hasEscapes = true
                try escape(line, &position)
                continue
            }
            if byte < 0x20 {
                throw _JSONLineFault(
                    kind: .invalidString, offset: position,
                    detail: "expected a printable character or an escape, got control byte 0x\(String(byte, radix: 16))"
                )
            }
            if byte < 0x80 {
                position += 1
                continue
            }
            try utf8Sequence(line, &position)
        }
        throw _JSONLineFault.unexpected(line, at: position, expected: "a closing '\"'")
    }

    private static func escape(_ line: UnsafeBufferPointer<UInt8>, _ position: inout Int) throws(_JSONLineFault) {
        let start = position
        guard position + 1 < line.count else {
            throw _JSONLineFault(
                kind: .invalidString, offset: start, detail: "expected an escape, got the end of the line")
        }
        switch line[position + 1] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
            UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            position += 2
        case UInt8(ascii: "u"):
            let unit = try hex4(line, position + 2, start)
            position += 6
            if unit >= 0xDC00 && unit <= 0xDFFF {
                throw _JSONLineFault(
                    kind: .invalidString, offset: start,
                    detail: "expected a character, got a lone low surrogate \\u\(String(unit, radix: 16))")
            }
            if unit >= 0xD800 && unit <= 0xDBFF {
                guard position + 1 < line.count, line[position] == UInt8(ascii: "\\"),
                    line[position + 1] == UInt8(ascii: "u")
                else {
                    throw _JSONLineFault(
                        kind: .invalidString, offset: start,
                        detail: "expected a low surrogate after \\u\(String(unit, radix: 16)), got none")
                }
                let low = try hex4(line, position + 2, position)
                guard low >= 0xDC00 && low <= 0xDFFF else {
                    throw _JSONLineFault(
                        kind: .invalidString, offset: position,
                        detail:
                            "expected a low surrogate after \\u\(String(unit, radix: 16)), got \\u\(String(low, radix: 16))"
                    )
                }
                position += 6
            }
        default:
            throw _JSONLineFault(
                kind: .invalidString, offset: start,
                detail:
                    "expected an escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX), got \\\(_JSONLineFault.describe(line, at: start + 1))"
            )
        }
    }

    private static func hex4(
        _ line: UnsafeBufferPointer<UInt8>, _ at: Int, _ escapeStart: Int
    ) throws(_JSONLineFault) -> UInt32 {
        guard at + 4 <= line.count else {
            throw _JSONLineFault(
                kind: .invalidString, offset: escapeStart,
                detail: "expected 4 hex digits after \\u, got the end of the line")
        }
        var value: UInt32 = 0
        for offset in at..<(at + 4) {
            guard let digit = hexValue(line[offset]) else {
                throw _JSONLineFault(
                    kind: .invalidString, offset: offset,
                    detail: "expected 4 hex digits after \\u, got \(_JSONLineFault.describe(line, at: offset))")
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    @inline(__always)
    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// One multi-byte UTF-8 sequence (no overlong forms, no surrogates, at most U+10FFFF).
    private static func utf8Sequence(_ line: UnsafeBufferPointer<UInt8>, _ position: inout Int) throws(_JSONLineFault) {
        let lead = line[position]
        guard let (length, low, high) = _UTF8Sequence.shape(lead: lead) else {
            throw _JSONLineFault(
                kind: .invalidUTF8, offset: position, detail: "expected UTF-8, got byte 0x\(String(lead, radix: 16))")
        }
        guard position + length <= line.count else {
            throw _JSONLineFault(kind: .invalidUTF8, offset: position, detail: "expected UTF-8, got a cut sequence")
        }
        for index in 1..<length {
            let byte = line[position + index]
            let (minimum, maximum) = index == 1 ? (low, high) : (UInt8(0x80), UInt8(0xBF))
            guard byte >= minimum && byte <= maximum else {
                throw _JSONLineFault(
                    kind: .invalidUTF8, offset: position,
                    detail: "expected UTF-8, got bytes 0x\(String(lead, radix: 16)) 0x\(String(byte, radix: 16))")
            }
        }
        position += length
    }
}
