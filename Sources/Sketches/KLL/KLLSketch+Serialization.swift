extension KLLSketch {
    /// The serialized image, as DataSketches (or whylogs-sketching) would write this sketch
    /// without having queried it.
    ///
    /// Empty and single-item images are the same in both layouts; `Float` sketches always use the
    /// DataSketches layout.
    ///
    /// - Parameter layout: the layout for two or more items; defaults to ``layout``.
    /// - Returns: the image bytes.
    /// - Complexity: O(retained).
    @_specialize(where Item == Double)
    @_specialize(where Item == Float)
    public func serializedBytes(layout: KLLSerializationLayout? = nil) -> [UInt8] {
        let layout = Item.kllAllowsWhylogsLayout ? (layout ?? self.layout) : .datasketches
        let sortedFlag = isLevelZeroSorted ? KLLPreamble.flagLevelZeroSorted : 0
        let itemSize = Item.kllItemSize
        if isEmpty {
            var writer = ByteWriter(capacity: KLLPreamble.emptySize)
            KLLPreamble.writeCommon(
                &writer, preambleInts: KLLPreamble.preambleIntsShort, serialVersion: KLLPreamble.serialVersionEmptyFull,
                flags: KLLPreamble.flagEmpty, k: k)
            return writer.bytes
        }
        if n == 1 {
            var writer = ByteWriter(capacity: KLLPreamble.singleItemDataStart + itemSize)
            KLLPreamble.writeCommon(
                &writer, preambleInts: KLLPreamble.preambleIntsShort, serialVersion: KLLPreamble.serialVersionSingle,
                flags: KLLPreamble.flagSingleItem | sortedFlag, k: k)
            writer.writeInteger(items[levelZeroBegin].kllBits)
            return writer.bytes
        }
        let whylogs = layout == .whylogs
        let dataStart = whylogs ? KLLPreamble.dataStartWhylogs : KLLPreamble.dataStartStandard
        var writer = ByteWriter(capacity: dataStart + 4 * numLevels + (numRetained + 2) * itemSize)
        KLLPreamble.writeCommon(
            &writer,
            preambleInts: whylogs ? KLLPreamble.preambleIntsWhylogsDoubles : KLLPreamble.preambleIntsFull,
            serialVersion: KLLPreamble.serialVersionEmptyFull, flags: sortedFlag, k: k)
        writer.writeInteger(UInt64(n))
        writer.writeInteger(UInt16(minK))
        writer.writeInteger(UInt8(numLevels))
        writer.writeInteger(UInt8(0))
        if whylogs { writer.writeZeros(4) }
        writer.writeInteger(UInt32(levelZeroBegin))
        for h in 1..<numLevels { writer.writeInteger(UInt32(levelEnds[h - 1])) }
        writer.writeInteger(minValue.kllBits)
        writer.writeInteger(maxValue.kllBits)
        items.withUnsafeBufferPointer { buffer in
            writer.writeLittleEndian(UnsafeBufferPointer(rebasing: buffer[levelZeroBegin...]), bitPattern: \.kllBits)
        }
        return writer.bytes
    }

    /// Decodes an image written by DataSketches (4.x/5.x, any language) or whylogs-sketching:
    /// empty, single-item and full images, in the DataSketches layout or (for `Double`) the
    /// whylogs preamble-6 layout. The decoded sketch's ``layout`` is the image's (DataSketches for
    /// empty and single-item images), so re-serializing gives identical bytes.
    ///
    /// Every header field and the exact length are checked, and the body must be consistent:
    /// nondecreasing level offsets within the capacity, n equal to the total weight of the
    /// retained items and at most ``maximumN`` (2^53), no NaN, every item within [min, max], levels ≥ 1 sorted (and level 0 when
    /// flagged sorted). The unused bytes 7 and 19 (and the whylogs padding) are not checked.
    ///
    /// - Parameters:
    ///   - bytes: the image.
    ///   - coin: the compaction coin of the decoded sketch.
    /// - Throws: ``SketchDecodingError`` naming the field, the expected and actual values and the
    ///   byte offset.
    /// An empty or single-item image allocates no k-slot buffer until the sketch is updated; a
    /// full image allocates its levels' total capacity (at least k).
    ///
    /// - Complexity: O(k + retained); O(1) for empty and single-item images.
    @inlinable
    public init(
        serializedBytes bytes: some Collection<UInt8>, coin: KLLCompactionCoin = .system
    ) throws(SketchDecodingError) {
        // Copied to an array in the caller's module, where the copy is specialized (and free for
        // an array).
        try self.init(serializedImage: Array(bytes), coin: coin)
    }

    @usableFromInline
    @_specialize(where Item == Double)
    @_specialize(where Item == Float)
    init(serializedImage: [UInt8], coin: KLLCompactionCoin) throws(SketchDecodingError) {
        var reader = ByteReader(serializedImage, family: KLLPreamble.family)
        let header = try KLLPreamble.readHeader(&reader, allowsWhylogs: Item.kllAllowsWhylogsLayout)
        let itemSize = Item.kllItemSize
        // Empty and single-item sketches start unallocated: their k slots are allocated by the
        // first update that needs them, so an 8-byte image claiming k = 65535 stays small.
        self.init(k: header.k, layout: header.layout, coin: coin, levelZeroItems: [])
        switch header.kind {
        case .empty:
            try reader.requireFullyConsumed()
            return
        case .single:
            let offset = reader.readerIndex
            let item = Item(kllBits: try reader.readInteger(as: Item.KLLBits.self, field: "item"))
            try reader.requireFullyConsumed()
            guard !item.isNaN else {
                throw reader.invalidValue("item", expected: "not NaN", actual: "\(item)", at: offset)
            }
            _n = 1
            items = [item]
            levelEnds = [1]
            minValue = item
            maxValue = item
            isLevelZeroSorted = header.isLevelZeroSorted
            return
        case .full:
            break
        }
        guard header.n <= Self.maximumN else {
            throw reader.invalidValue(
                "n", expected: "at most 2^53 (KLLSketch.maximumN, more than a stream reaches)", actual: header.n,
                at: 8)
        }
        let numLevels = header.numLevels
        let capacity = _KLLLevels.totalCapacity(k: header.k, numLevels: numLevels)
        var offsets = ContiguousArray<Int>()
        offsets.reserveCapacity(numLevels + 1)
        for h in 0..<numLevels {
            let offset = reader.readerIndex
            let value = Int(try reader.readInteger(as: UInt32.self, field: "levels[\(h)]"))
            let low = offsets.last ?? 0
            guard value >= low && value <= capacity else {
                throw reader.invalidValue(
                    "levels[\(h)]", expected: "\(low)...\(capacity) (nondecreasing, within the capacity)",
                    actual: value, at: offset)
            }
            offsets.append(value)
        }
        offsets.append(capacity)
        let retained = capacity - offsets[0]
        let expectedLength = reader.readerIndex + (retained + 2) * itemSize
        guard reader.bytes.count == expectedLength else {
            throw SketchDecodingError(
                reader.bytes.count < expectedLength ? .truncated : .trailingBytes, family: KLLPreamble.family,
                field: "image length", expected: "\(expectedLength) bytes for \(retained) retained items",
                actual: "\(reader.bytes.count) bytes", offset: 0)
        }
        // n must equal the total weight of the retained items.
        var weight: UInt64 = 0
        for h in 0..<numLevels {
            let population = UInt64(offsets[h + 1] - offsets[h])
            let (levelWeight, overflow1) = population.multipliedReportingOverflow(by: UInt64(1) << UInt64(h))
            let (sum, overflow2) = weight.addingReportingOverflow(levelWeight)
            guard !overflow1 && !overflow2 else {
                throw reader.invalidValue("levels", expected: "a total weight below 2^64", actual: "overflow", at: 20)
            }
            weight = sum
        }
        guard weight == UInt64(header.n), header.n >= 1 else {
            throw reader.invalidValue(
                "n", expected: "\(weight) (the total weight of the retained items)", actual: header.n, at: 8)
        }
        let minOffset = reader.readerIndex
        let minItem = Item(kllBits: try reader.readInteger(as: Item.KLLBits.self, field: "min item"))
        let maxItem = Item(kllBits: try reader.readInteger(as: Item.KLLBits.self, field: "max item"))
        guard !minItem.isNaN, !maxItem.isNaN, !(maxItem < minItem) else {
            throw reader.invalidValue(
                "min item", expected: "min ≤ max, neither NaN", actual: "min \(minItem), max \(maxItem)", at: minOffset)
        }
        var buffer = ContiguousArray<Item>(repeating: 0, count: capacity)
        let itemsOffset = reader.readerIndex
        try buffer.withUnsafeMutableBufferPointer { (destination) throws(SketchDecodingError) in
            try reader.readLittleEndian(
                into: UnsafeMutableBufferPointer(rebasing: destination[offsets[0]...]),
                fromBitPattern: Item.init(kllBits:),
                field: "items")
        }
        var level = 0
        for index in offsets[0]..<capacity {
            let offset = itemsOffset + (index - offsets[0]) * itemSize
            let item = buffer[index]
            guard !item.isNaN, !(item < minItem), !(maxItem < item) else {
                throw reader.invalidValue(
                    "item", expected: "within [\(minItem), \(maxItem)]", actual: "\(item)", at: offset)
            }
            while index >= offsets[level + 1] { level += 1 }
            if index > offsets[level] && (level > 0 || header.isLevelZeroSorted) && item < buffer[index - 1] {
                throw reader.invalidValue(
                    "item", expected: "level \(level) sorted ascending", actual: "\(item)", at: offset)
            }
        }
        try reader.requireFullyConsumed()
        self._n = header.n
        self.minK = header.minK
        self.items = buffer
        self._setLevels(begin: offsets[0], ends: ContiguousArray(offsets.dropFirst()))
        self.minValue = minItem
        self.maxValue = maxItem
        self.isLevelZeroSorted = header.isLevelZeroSorted
    }
}
