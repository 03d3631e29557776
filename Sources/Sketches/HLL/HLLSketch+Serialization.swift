extension HLLSketch {
    /// The DataSketches image of this sketch (layout in `HLLPreamble.swift`).
    ///
    /// - Parameter compact: `true` (default) for the compact form (`serialize_compact`), `false`
    ///   for the updatable form (`serialize_updatable`: full coupon tables, and an HLL_4 aux block
    ///   even when there are no exceptions). Both are byte-identical to DataSketches 5.2.0.
    /// - Returns: the image bytes.
    /// - Complexity: O(k) in HLL mode, O(table size) otherwise.
    public func serializedBytes(compact: Bool = true) -> [UInt8] {
        typealias P = HLLPreamble
        var flags: UInt8 = compact ? P.flagCompact : 0
        if isEmpty { flags |= P.flagEmpty }
        if isOutOfOrder { flags |= P.flagOutOfOrder }
        let modeByte = P.modeByte(mode: _mode, targetType: targetType)
        var w: ByteWriter
        switch _mode {
        case .list:
            w = ByteWriter(capacity: 40)
            w.writeInteger(P.listPreambleInts)
            w.writeInteger(P.serialVersion)
            w.writeInteger(SketchFamily.hll.rawValue)
            w.writeInteger(UInt8(lgK))
            w.writeInteger(UInt8(_coupons.lgSize))
            w.writeInteger(flags)
            w.writeInteger(UInt8(_coupons.count))
            w.writeInteger(modeByte)
            if compact {
                for coupon in _coupons.slots where coupon != 0 { w.writeInteger(coupon) }
            } else {
                for coupon in _coupons.slots { w.writeInteger(coupon) }
            }
        case .set:
            w = ByteWriter(capacity: 12 + 4 * _coupons.slots.count)
            w.writeInteger(P.setPreambleInts)
            w.writeInteger(P.serialVersion)
            w.writeInteger(SketchFamily.hll.rawValue)
            w.writeInteger(UInt8(lgK))
            w.writeInteger(UInt8(_coupons.lgSize))
            w.writeInteger(flags)
            w.writeInteger(UInt8(0))
            w.writeInteger(modeByte)
            w.writeInteger(UInt32(_coupons.count))
            if compact {
                for coupon in _coupons.slots where coupon != 0 { w.writeInteger(coupon) }
            } else {
                for coupon in _coupons.slots { w.writeInteger(coupon) }
            }
        case .hll:
            let a = _array
            let auxLg = a.aux?.lgSize ?? 0
            w = ByteWriter(capacity: 40 + a.bytes.count + 4 * (1 << max(auxLg, _HLLAuxMap.initialLgSize(lgK: lgK))))
            w.writeInteger(P.hllPreambleInts)
            w.writeInteger(P.serialVersion)
            w.writeInteger(SketchFamily.hll.rawValue)
            w.writeInteger(UInt8(lgK))
            w.writeInteger(UInt8(auxLg))
            w.writeInteger(flags)
            w.writeInteger(a.curMin)
            w.writeInteger(modeByte)
            w.writeDouble(a.hipAccum)
            w.writeDouble(a.kxq0)
            w.writeDouble(a.kxq1)
            w.writeInteger(UInt32(a.numAtCurMin))
            w.writeInteger(UInt32(a.aux?.count ?? 0))
            w.writeBytes(a.bytes)
            if targetType == .hll4 {
                if let aux = a.aux {
                    if compact {
                        for entry in aux.entries where entry != 0 { w.writeInteger(entry) }
                    } else {
                        for entry in aux.entries { w.writeInteger(entry) }
                    }
                } else if !compact {
                    w.writeZeros(4 << _HLLAuxMap.initialLgSize(lgK: lgK))
                }
            }
        }
        return w.bytes
    }

    /// Decodes a DataSketches HLL image (LIST, SET or HLL mode; compact or updatable; any target
    /// type), as written by DataSketches C++/Python/Java or by ``serializedBytes(compact:)``.
    ///
    /// Every header field is checked (preamble size against mode, serial version, family, lg_k,
    /// flags, mode byte, table sizes), every length is checked against the bytes present, and the
    /// body is validated: coupons are non-zero with values 1...63 and no duplicates, SET tables are
    /// probe-consistent, register values are at most 63, HLL_4 exception nibbles match the aux
    /// entries one for one, and `numAtCurMin` matches the registers. As in DataSketches, the HIP
    /// accumulator of an out-of-order image is discarded (set to 0). A compact SET image, and the
    /// aux entries of a compact HLL_4 image, are re-inserted into fresh tables, exactly as
    /// DataSketches does, so their order may change on re-serialization (identically to the
    /// library's own round trip); every other image re-serializes byte for byte.
    ///
    /// - Parameter serializedBytes: the image.
    /// - Throws: ``SketchDecodingError`` naming the field, expected and actual values and offset.
    /// - Complexity: O(image size).
    @inlinable
    public init(serializedBytes: some Collection<UInt8>) throws(SketchDecodingError) {
        // Copied to an array in the caller's module, where the copy is specialized (and free for
        // an array); the decoder itself is not generic.
        try self.init(serializedImage: Array(serializedBytes))
    }

    @usableFromInline
    init(serializedImage: [UInt8]) throws(SketchDecodingError) {
        let reader = ByteReader(serializedImage, family: HLLPreamble.family)
        let header = try HLLPreamble.readHeader(reader)
        switch header.mode {
        case .list: self = try Self.decodeList(reader, header)
        case .set: self = try Self.decodeSet(reader, header)
        case .hll: self = try Self.decodeHLL(reader, header)
        }
    }

    // MARK: - Decoding

    private static func checkCoupon(
        _ coupon: UInt32, _ reader: ByteReader, at offset: Int
    )
        throws(SketchDecodingError)
    {
        guard coupon != 0, coupon >> 26 >= 1 else {
            throw reader.invalidValue(
                "coupon", expected: "non-zero with value 1...63 in bits 26-31",
                actual: "0x" + String(coupon, radix: 16), at: offset)
        }
    }

    private static func checkEmptyFlag(
        _ header: HLLPreamble.Header, count: Int, _ reader: ByteReader
    )
        throws(SketchDecodingError)
    {
        guard header.isEmpty == (count == 0) else {
            throw reader.invalidHeader(
                "flags", expected: "EMPTY (0x04) set exactly when the coupon count is 0",
                actual: "flags 0x\(String(header.flags, radix: 16)), count \(count)",
                at: HLLPreamble.flagsOffset)
        }
    }

    private static func decodeList(
        _ reader: ByteReader, _ header: HLLPreamble.Header
    )
        throws(SketchDecodingError) -> HLLSketch
    {
        var reader = reader
        guard header.lgArr == _HLLCoupons.listLgSize else {
            throw reader.invalidHeader(
                "lgArr", expected: "3 for LIST", actual: header.lgArr, at: HLLPreamble.lgArrOffset)
        }
        let count = Int(header.byte6)
        guard count < 8 else {
            throw reader.invalidHeader("listCount", expected: "0...7", actual: count, at: HLLPreamble.listCountOffset)
        }
        try checkEmptyFlag(header, count: count, reader)
        let stored = header.isCompact ? count : 8
        try reader.requireBytes(4 * stored, at: HLLPreamble.listCouponsOffset, field: "coupons")
        try reader.moveReaderIndex(to: HLLPreamble.listCouponsOffset, field: "coupons")
        var coupons = _HLLCoupons()
        for i in 0..<stored {
            let offset = reader.readerIndex
            let coupon: UInt32 = try reader.readInteger(field: "coupon")
            if i >= count {
                guard coupon == 0 else {
                    throw reader.invalidValue(
                        "coupon", expected: "0 (slots past the count are empty)",
                        actual: "0x" + String(coupon, radix: 16), at: offset)
                }
                continue
            }
            try checkCoupon(coupon, reader, at: offset)
            guard coupons.insertIntoList(coupon) == .inserted else {
                throw reader.invalidValue(
                    "coupon", expected: "distinct coupons",
                    actual: "duplicate 0x"
                        + String(coupon, radix: 16), at: offset)
            }
        }
        try reader.requireFullyConsumed()
        return HLLSketch(
            lgK: header.lgK, targetType: header.targetType, mode: .list, coupons: coupons,
            array: _HLLArray(placeholderLgK: header.lgK, type: header.targetType),
            couponOutOfOrder: header.isOutOfOrder)
    }

    private static func decodeSet(
        _ reader: ByteReader, _ header: HLLPreamble.Header
    )
        throws(SketchDecodingError) -> HLLSketch
    {
        var reader = reader
        let lgK = header.lgK
        guard lgK >= 8 else {
            throw reader.invalidHeader("lgK", expected: "8...21 for SET mode", actual: lgK, at: HLLPreamble.lgKOffset)
        }
        guard header.byte6 == 0 else {
            throw reader.invalidHeader("byte 6", expected: "0 for SET", actual: header.byte6, at: 6)
        }
        let maxLg = lgK - 3
        try reader.moveReaderIndex(to: HLLPreamble.setCountOffset, field: "couponCount")
        let count = Int(try reader.readInteger(as: UInt32.self, field: "couponCount"))
        guard 4 * count <= 3 * (1 << maxLg) else {
            throw reader.invalidValue(
                "couponCount", expected: "at most \(3 * (1 << maxLg) / 4) for lg_k \(lgK)",
                actual: count, at: HLLPreamble.setCountOffset)
        }
        try checkEmptyFlag(header, count: count, reader)
        if header.isCompact {
            guard header.lgArr <= maxLg else {
                throw reader.invalidHeader(
                    "lgArr", expected: "at most \(maxLg)", actual: header.lgArr,
                    at: HLLPreamble.lgArrOffset)
            }
            try reader.requireBytes(4 * count, at: reader.readerIndex, field: "coupons")
            var coupons = _HLLCoupons(
                lgSize: _HLLCoupons.setInitialLgSize, count: 0,
                slots: ContiguousArray(repeating: 0, count: 1 << _HLLCoupons.setInitialLgSize))
            for _ in 0..<count {
                let offset = reader.readerIndex
                let coupon: UInt32 = try reader.readInteger(field: "coupon")
                try checkCoupon(coupon, reader, at: offset)
                guard coupons.insertIntoSetNoResize(coupon) == .inserted else {
                    throw reader.invalidValue(
                        "coupon", expected: "distinct coupons",
                        actual: "duplicate 0x"
                            + String(coupon, radix: 16), at: offset)
                }
                if coupons.setNeedsResize { coupons.growSet() }
            }
            try reader.requireFullyConsumed()
            return HLLSketch(
                lgK: lgK, targetType: header.targetType, mode: .set, coupons: coupons,
                array: _HLLArray(placeholderLgK: lgK, type: header.targetType),
                couponOutOfOrder: header.isOutOfOrder)
        }
        let lgArr = header.lgArr
        guard (_HLLCoupons.setInitialLgSize...maxLg).contains(lgArr) else {
            throw reader.invalidHeader(
                "lgArr", expected: "\(_HLLCoupons.setInitialLgSize)...\(maxLg) for an updatable SET",
                actual: lgArr, at: HLLPreamble.lgArrOffset)
        }
        guard 4 * count <= 3 * (1 << lgArr) else {
            throw reader.invalidValue(
                "couponCount", expected: "at most 3/4 of 2^lgArr", actual: count,
                at: HLLPreamble.setCountOffset)
        }
        try reader.requireBytes(4 << lgArr, at: reader.readerIndex, field: "coupons")
        var table = ContiguousArray<UInt32>(repeating: 0, count: 1 << lgArr)
        var found = 0
        for i in 0..<(1 << lgArr) {
            let coupon: UInt32 = try reader.readInteger(field: "coupon")
            table[i] = coupon
        }
        for i in 0..<table.count where table[i] != 0 {
            let offset = HLLPreamble.setCouponsOffset + 4 * i
            try checkCoupon(table[i], reader, at: offset)
            guard let (index, hit) = _HLLCoupons.find(table[i], in: table, lgSize: lgArr), hit, index == i else {
                throw reader.invalidValue(
                    "coupon", expected: "a distinct coupon at its probe position",
                    actual: "0x" + String(table[i], radix: 16), at: offset)
            }
            found += 1
        }
        guard found == count else {
            throw reader.invalidValue(
                "couponCount", expected: "\(found) (non-empty table slots)", actual: count,
                at: HLLPreamble.setCountOffset)
        }
        try reader.requireFullyConsumed()
        return HLLSketch(
            lgK: lgK, targetType: header.targetType, mode: .set,
            coupons: _HLLCoupons(lgSize: lgArr, count: count, slots: table),
            array: _HLLArray(placeholderLgK: lgK, type: header.targetType),
            couponOutOfOrder: header.isOutOfOrder)
    }

    /// Counts the registers at `curMin` and the HLL_4 exception nibbles, and checks every register
    /// value (at least `curMin`, at most 63; HLL_4: nibble + curMin ≤ 63) without naming the first bad one.
    private static func countRegisters(
        _ registers: ContiguousArray<UInt8>, type: HLLTargetType, curMin: UInt8
    )
        -> (atCurMin: Int, exceptionSlots: Int, allValid: Bool)
    {
        registers.withUnsafeBufferPointer { bytes in
            var atCurMin = 0
            var exceptions = 0
            var valid = true
            switch type {
            case .hll8:
                for v in bytes {
                    valid = valid && v <= 63 && v >= curMin
                    atCurMin &+= v == curMin ? 1 : 0
                }
            case .hll6:
                let k = (bytes.count - 1) * 4 / 3
                for slot in 0..<k {
                    let bit = slot &* 6
                    let word = UInt16(bytes[bit &>> 3]) | (UInt16(bytes[(bit &>> 3) &+ 1]) &<< 8)
                    let v = UInt8(truncatingIfNeeded: (word &>> UInt16(bit & 7)) & 0x3F)
                    valid = valid && v >= curMin
                    atCurMin &+= v == curMin ? 1 : 0
                }
            case .hll4:
                // A nibble other than 15 holds value − curMin, so it is valid when nibble + curMin ≤ 63.
                let limit = 63 &- curMin
                func count(_ nibble: UInt8) {
                    if nibble == _HLLArray.auxToken {
                        exceptions &+= 1
                    } else {
                        valid = valid && nibble <= limit
                        atCurMin &+= nibble == 0 ? 1 : 0
                    }
                }
                for byte in bytes {
                    count(byte & 0x0F)
                    count(byte &>> 4)
                }
            }
            return (atCurMin, exceptions, valid)
        }
    }

    private static func decodeHLL(
        _ reader: ByteReader, _ header: HLLPreamble.Header
    )
        throws(SketchDecodingError) -> HLLSketch
    {
        typealias P = HLLPreamble
        var reader = reader
        let lgK = header.lgK
        let k = 1 << lgK
        let type = header.targetType
        try reader.moveReaderIndex(to: P.hipAccumOffset, field: "hipAccum")
        let hip = try reader.readDouble(field: "hipAccum")
        let kxq0 = try reader.readDouble(field: "kxq0")
        let kxq1 = try reader.readDouble(field: "kxq1")
        guard hip.isFinite, hip >= 0 else {
            throw reader.invalidValue("hipAccum", expected: "a finite value ≥ 0", actual: hip, at: P.hipAccumOffset)
        }
        // kxq1 may be negative in a DataSketches 5.x union image (its lazy rebuild stores
        // Σ(2^−v − 1) over registers ≥ 32), so only finiteness and a positive sum are required.
        for (value, name, offset) in [(kxq0, "kxq0", P.kxq0Offset), (kxq1, "kxq1", P.kxq1Offset)] {
            guard value.isFinite else {
                throw reader.invalidValue(name, expected: "a finite value", actual: value, at: offset)
            }
        }
        // kxq0 + kxq1 is Σ 2^−register over the k registers: between k·2^−63 and k. Outside that
        // range the composite estimate (∝ k² / kxq) is meaningless or infinite. A Java image
        // flagged for rebuilding has its kxq recomputed from the registers below instead.
        let kxq = kxq0 + kxq1
        let rebuildsKxQ = header.flags & P.flagFullSizeOrRebuild != 0
        guard rebuildsKxQ || (kxq >= Double(k) * 0x1p-63 && kxq <= Double(k)) else {
            throw reader.invalidValue(
                "kxq0", expected: "kxq0 + kxq1 within [k·2^−63, k] for k = \(k)", actual: kxq, at: P.kxq0Offset)
        }
        let numAtCurMin = Int(try reader.readInteger(as: UInt32.self, field: "numAtCurMin"))
        let auxCount = Int(try reader.readInteger(as: UInt32.self, field: "auxCount"))
        let curMin = header.byte6
        guard curMin <= 63 else {
            throw reader.invalidHeader("curMin", expected: "0...63", actual: curMin, at: P.curMinOffset)
        }
        if type != .hll4 {
            guard auxCount == 0 else {
                throw reader.invalidValue("auxCount", expected: "0 for \(type)", actual: auxCount, at: P.auxCountOffset)
            }
            guard header.lgArr == 0 else {
                throw reader.invalidHeader("lgArr", expected: "0 for \(type)", actual: header.lgArr, at: P.lgArrOffset)
            }
        }
        let registerBytes = type.registerBytes(lgK: lgK)
        // Check the whole body length up front, before any per-register work.
        let initialLg = _HLLAuxMap.initialLgSize(lgK: lgK)
        var auxBytes = 0
        if type == .hll4 {
            guard auxCount <= k else {
                throw reader.invalidValue(
                    "auxCount", expected: "at most k = \(k)", actual: auxCount, at: P.auxCountOffset)
            }
            if auxCount == 0 {
                guard header.lgArr == 0 else {
                    throw reader.invalidHeader(
                        "lgArr", expected: "0 without aux entries", actual: header.lgArr,
                        at: P.lgArrOffset)
                }
                auxBytes = header.isCompact ? 0 : 4 << initialLg
            } else if header.isCompact {
                auxBytes = 4 * auxCount
            } else {
                let lgArr = header.lgArr
                guard (initialLg...(lgK + 1)).contains(lgArr), 4 * auxCount <= 3 * (1 << lgArr) else {
                    throw reader.invalidHeader(
                        "lgArr", expected: "\(initialLg)...\(lgK + 1) holding \(auxCount) entries",
                        actual: lgArr, at: P.lgArrOffset)
                }
                auxBytes = 4 << lgArr
            }
        }
        try reader.requireBytes(registerBytes + auxBytes, at: P.registersOffset, field: "registers and aux")
        let registers = ContiguousArray(try reader.readBytes(count: registerBytes, field: "registers"))
        var array = _HLLArray(placeholderLgK: lgK, type: type)
        array.bytes = registers
        array.curMin = curMin
        array.numAtCurMin = numAtCurMin
        array.kxq0 = kxq0
        array.kxq1 = kxq1
        array.outOfOrder = header.isOutOfOrder
        array.hipAccum = header.isOutOfOrder ? 0 : hip

        // Registers and numAtCurMin: one tight pass over the bytes, which also tells whether every
        // register is valid; only when one is not does the slower per-slot pass below run, to name it.
        var (atCurMin, exceptionSlots, allValid) = Self.countRegisters(registers, type: type, curMin: curMin)
        if !allValid {
            atCurMin = 0
            exceptionSlots = 0
        }
        if !allValid {
            switch type {
            case .hll8, .hll6:
                for slot in 0..<k {
                    let v = type == .hll8 ? registers[slot] : array.hll6Value(at: slot)
                    guard v <= 63, v >= curMin else {
                        throw reader.invalidValue(
                            "register \(slot)", expected: "\(curMin)...63", actual: v,
                            at: P.registersOffset + (type == .hll8 ? slot : (slot * 6) >> 3))
                    }
                    if v == curMin { atCurMin += 1 }
                }
            case .hll4:
                for slot in 0..<k {
                    let nib = array.nibble(at: slot)
                    if nib == _HLLArray.auxToken {
                        exceptionSlots += 1
                    } else {
                        guard Int(nib) + Int(curMin) <= 63 else {
                            throw reader.invalidValue(
                                "register \(slot)", expected: "nibble + curMin ≤ 63",
                                actual: Int(nib) + Int(curMin), at: P.registersOffset + slot >> 1)
                        }
                        if nib == 0 { atCurMin += 1 }
                    }
                }
            }
        }
        guard numAtCurMin == atCurMin, atCurMin > 0 || type != .hll4 else {
            throw reader.invalidValue(
                "numAtCurMin", expected: "\(atCurMin) (registers at curMin \(curMin))",
                actual: numAtCurMin, at: P.numAtCurMinOffset)
        }
        // HIP adds k/kxq ≥ 1 (exactly, kxq being at most k) for every register change, so an
        // in-order sketch's accumulator is at least its number of non-zero registers; a smaller one
        // would put the estimate below its own lower bound.
        guard header.isOutOfOrder || hip >= Double(array.numNonZeros) else {
            throw reader.invalidValue(
                "hipAccum", expected: "at least \(array.numNonZeros) (the non-zero registers) in an in-order sketch",
                actual: hip, at: P.hipAccumOffset)
        }
        // HLL_4 exceptions.
        if type == .hll4 {
            guard auxCount == exceptionSlots else {
                throw reader.invalidValue(
                    "auxCount", expected: "\(exceptionSlots) (nibbles equal to 15)",
                    actual: auxCount, at: P.auxCountOffset)
            }
            if auxCount == 0 {
                if !header.isCompact {
                    let offset = reader.readerIndex
                    let block = try reader.readBytes(count: 4 << initialLg, field: "aux")
                    guard block.allSatisfy({ $0 == 0 }) else {
                        throw reader.invalidValue(
                            "aux", expected: "zero bytes when auxCount is 0", actual: "non-zero",
                            at: offset)
                    }
                }
            } else {
                let entries: [(UInt32, Int)]
                var aux: _HLLAuxMap
                if header.isCompact {
                    try reader.requireBytes(4 * auxCount, at: reader.readerIndex, field: "aux")
                    var read: [(UInt32, Int)] = []
                    read.reserveCapacity(auxCount)
                    for _ in 0..<auxCount {
                        let offset = reader.readerIndex
                        read.append((try reader.readInteger(as: UInt32.self, field: "aux entry"), offset))
                    }
                    entries = read
                    var ceilPow2 = 1
                    while ceilPow2 < auxCount { ceilPow2 <<= 1 }
                    var lg = ceilPow2.trailingZeroBitCount
                    if 4 * auxCount > 3 * ceilPow2 { lg += 1 }
                    aux = _HLLAuxMap(lgK: lgK, lgSize: max(initialLg, lg))
                } else {
                    let lgArr = header.lgArr
                    try reader.requireBytes(4 << lgArr, at: reader.readerIndex, field: "aux")
                    var read: [(UInt32, Int)] = []
                    var table = ContiguousArray<UInt32>(repeating: 0, count: 1 << lgArr)
                    for i in 0..<(1 << lgArr) {
                        let offset = reader.readerIndex
                        let entry: UInt32 = try reader.readInteger(field: "aux entry")
                        table[i] = entry
                        if entry != 0 { read.append((entry, offset)) }
                    }
                    entries = read
                    aux = _HLLAuxMap(lgK: lgK, lgSize: lgArr)
                    aux.entries = table
                    aux.count = read.count
                    guard read.count == auxCount else {
                        throw reader.invalidValue(
                            "auxCount", expected: "\(read.count) (non-empty aux slots)",
                            actual: auxCount, at: P.auxCountOffset)
                    }
                }
                for (entry, offset) in entries {
                    let slot = entry & 0x3FF_FFFF
                    let value = entry >> 26
                    guard slot < UInt32(k), array.nibble(at: Int(slot)) == _HLLArray.auxToken,
                        value >= UInt32(curMin) + 15, value <= 63
                    else {
                        throw reader.invalidValue(
                            "aux entry",
                            expected: "(value << 26) | slot with slot < k at an "
                                + "exception nibble and curMin + 15 ≤ value ≤ 63",
                            actual: "0x" + String(entry, radix: 16),
                            at: offset)
                    }
                    if header.isCompact {
                        guard aux.value(forSlot: slot) == nil else {
                            throw reader.invalidValue(
                                "aux entry", expected: "distinct slots",
                                actual: "duplicate slot \(slot)", at: offset)
                        }
                        aux.set(slot: slot, value: UInt8(value))
                    } else {
                        let (index, found) = aux.find(slot: slot)
                        guard found, aux.entries[index] == entry,
                            (offset - reader.readerIndex) / 4 + (1 << aux.lgSize) == index
                        else {
                            throw reader.invalidValue(
                                "aux entry", expected: "a distinct slot at its probe position",
                                actual: "0x" + String(entry, radix: 16), at: offset)
                        }
                    }
                }
                array.aux = aux
            }
        }
        try reader.requireFullyConsumed()
        if rebuildsKxQ {
            // Java's "rebuild kxq/curMin" flag (C++ uses the bit for "full size", which needs nothing).
            array.rebuildKxQ()
        }
        return HLLSketch(
            lgK: lgK, targetType: type, mode: .hll, coupons: _HLLCoupons(), array: array,
            couponOutOfOrder: false)
    }
}

extension _HLLArray {
    /// Recomputes kxq0 and kxq1 from the register values (zero registers count 1 each in kxq0).
    mutating func rebuildKxQ() {
        var q0 = Double(k)
        var q1 = 0.0
        for v in registerValues where v > 0 {
            q0 -= 1.0
            if v < 32 { q0 += Self.inversePowerOf2(v) } else { q1 += Self.inversePowerOf2(v) }
        }
        kxq0 = q0
        kxq1 = q1
    }
}
