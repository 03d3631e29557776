extension FrequentItemsSketch {
    /// The default limit on the map size a decoded image may state: `2^20` slots.
    public static var defaultMaximumDecodedLgMapSize: Int { 20 }

    /// The largest map (log2) a decoder allocates whatever the image holds: whylogs' `lg_max_k`.
    static var largestUnconditionalLgMapSize: Int { 10 }

    /// The DataSketches image of this sketch (see `FrequentItemsPreamble` for the byte map).
    ///
    /// An empty sketch gives the 8-byte image with flags `0x05`, as DataSketches 5.x writes.
    /// Items appear in DataSketches iteration order, so for `String` items the bytes equal the
    /// Linux C++/Python library's for the same updates.
    ///
    /// - Returns: the image.
    /// - Complexity: O(2^lgCurMapSize + total item size).
    @_specialize(where Item == String)
    public func serializedBytes() -> [UInt8] {
        let order = map.iterationOrder()
        var writer = ByteWriter(capacity: order.isEmpty ? 8 : 32 + order.count * 24)
        FrequentItemsPreamble.write(
            lgMaxMapSize: map.lgMaxSize, lgCurMapSize: lgCurMapSize, numActive: order.count,
            totalWeight: _totalWeight, offset: offset, to: &writer)
        if order.isEmpty { return writer.bytes }
        for index in order { writer.writeInteger(map.value(at: index)) }
        var bytes = writer.bytes
        for index in order { map.key(at: index).appendFrequentItemBytes(to: &bytes) }
        return bytes
    }

    /// Decodes a DataSketches frequent-items image (5.x or whylogs-sketching 3.x).
    ///
    /// As DataSketches does, creates a sketch with the image's `lgMaxMapSize`, re-inserts the
    /// (item, weight) pairs in stored order, then sets the total weight and maximum error from the
    /// header. The slot layout may therefore differ from the writer's, so re-serializing can
    /// reorder items; every query answer is the same.
    ///
    /// The map is sized by the image's content, not by its header: an image of a few bytes can
    /// claim `2^lgCurMapSize` slots (about 34 bytes a slot, 36 MB for 2^20). The map gets the
    /// image's `lgCurMapSize` when that is at most 10 (whylogs' `lg_max_k`; the layout is then
    /// DataSketches'), otherwise the larger of 2^10 slots and the smallest map that holds the
    /// image's items. An empty image allocates 8 slots until its first update. The stated size
    /// is kept: ``lgCurMapSize`` reports it and ``serializedBytes()`` writes it, and the map grows
    /// and purges at the same item counts as one of the stated size, so the answers are the
    /// same. (A purge's median comes from the first 1024 items in slot order; with more than 1024
    /// items a map of another size samples other items, as any re-inserted map may.)
    /// `lgCurMapSize` above `maximumLgCurMapSize` is still rejected.
    ///
    /// - Parameters:
    ///   - serializedBytes: the image.
    ///   - maximumLgCurMapSize: the largest map size an image may state, as log2 of the slot count
    ///     (at most ``maximumLgMapSize``).
    /// - Throws: ``SketchDecodingError`` if any header field is invalid (see `FrequentItemsPreamble`),
    ///   `lgCurMapSize` exceeds `maximumLgCurMapSize`,
    ///   the image is truncated or has trailing bytes, an item is malformed (for strings: not
    ///   UTF-8), a weight is 0, an item repeats, or the weights add up to more than the total
    ///   weight.
    /// - Complexity: O(image size). Allocates a map of at most `max(2^10, 8/3 · numActive)` slots
    ///   (8 for an empty image) plus storage bounded by the image size.
    @inlinable
    public init(
        serializedBytes: some Collection<UInt8>, maximumLgCurMapSize: Int = defaultMaximumDecodedLgMapSize
    ) throws(SketchDecodingError) {
        // Copied to an array in the caller's module, where the copy is specialized (and free for
        // an array).
        try self.init(serializedImage: Array(serializedBytes), maximumLgCurMapSize: maximumLgCurMapSize)
    }

    // Pre-specialized for the common item type: a generic method of a generic type is otherwise
    // compiled unspecialized here, where every item read and map update goes through witness
    // tables (measured: bench/sketches/run.sh, fi_lg10_deserialize_op).
    @usableFromInline
    @_specialize(where Item == String)
    init(serializedImage: [UInt8], maximumLgCurMapSize: Int) throws(SketchDecodingError) {
        var reader = ByteReader(serializedImage, family: FrequentItemsPreamble.familyName)
        let preamble = try FrequentItemsPreamble.read(from: &reader)
        guard preamble.lgCurMapSize <= maximumLgCurMapSize else {
            throw reader.invalidHeader(
                "lgCurMapSize", expected: "at most \(maximumLgCurMapSize) (the decoder's map size limit)",
                actual: preamble.lgCurMapSize, at: FrequentItemsPreamble.Offset.lgCurMapSize)
        }
        if preamble.isEmpty {
            try reader.requireFullyConsumed()
            self.init(lgMaxMapSize: preamble.lgMaxMapSize)
            claimedLgCurMapSize = preamble.lgCurMapSize
            deferredLgCurMapSize = Swift.min(preamble.lgCurMapSize, Self.largestUnconditionalLgMapSize)
            return
        }
        let count = preamble.numActive
        let weightsOffset = reader.readerIndex
        // Checked before allocating: the weights alone need 8 bytes each.
        try reader.requireBytes(count * 8, at: weightsOffset, field: "weights")
        let itemsOffset = weightsOffset + count * 8
        // Walk the item sizes first (when the item type can tell them), so that a truncated or
        // overlong image is rejected before the map is allocated or any item decoded.
        var position = itemsOffset
        let imageSize = reader.bytes.count
        for i in 0..<count {
            guard let size = try Item.frequentItemByteCount(in: reader.bytes, at: position) else { break }
            if size < 0 || size > imageSize - position {
                try reader.requireBytes(size, at: position, field: "items[\(i)]")
            }
            position += size
            if i == count - 1 {
                try reader.moveReaderIndex(to: position, field: "items")
                try reader.requireFullyConsumed()
                try reader.moveReaderIndex(to: weightsOffset, field: "weights")
            }
        }
        var weights: [UInt64] = []
        weights.reserveCapacity(count)
        var weightSum: UInt64 = 0
        var sumOverflowed = false
        for i in 0..<count {
            let weight = try reader.readInteger(as: UInt64.self, field: "weights")
            guard weight > 0 else {
                throw reader.invalidValue(
                    "weights[\(i)]", expected: "at least 1", actual: weight, at: weightsOffset + 8 * i)
            }
            let (sum, overflow) = weightSum.addingReportingOverflow(weight)
            weightSum = sum
            sumOverflowed = sumOverflowed || overflow
            weights.append(weight)
        }
        // Every purge subtracts the offset it adds from at least one counter, so the kept weights
        // plus the offset never exceed the stream's weight (more would make estimates wrap).
        let (bound, boundOverflowed) = weightSum.addingReportingOverflow(preamble.offset)
        guard !sumOverflowed, !boundOverflowed, bound <= preamble.totalWeight else {
            let actual =
                sumOverflowed || boundOverflowed ? "more than 2^64" : "\(weightSum) + offset \(preamble.offset)"
            throw reader.invalidValue(
                "totalWeight", expected: "at least the sum of the weights plus the offset",
                actual: "\(preamble.totalWeight) (weights sum to \(actual))",
                at: FrequentItemsPreamble.Offset.totalWeight)
        }
        var contentLg = Self.minimumLgMapSize
        while _ReversePurgeHashMap<Item>.capacity(lgSize: contentLg) < count { contentLg += 1 }
        let lgStart = Swift.min(preamble.lgCurMapSize, Swift.max(contentLg, Self.largestUnconditionalLgMapSize))
        self.init(lgMaxMapSize: preamble.lgMaxMapSize, lgStartMapSize: lgStart)
        claimedLgCurMapSize = preamble.lgCurMapSize
        position = itemsOffset
        for i in 0..<count {
            let itemOffset = position
            let item = try Item.readFrequentItem(from: reader.bytes, at: &position)
            update(item, weight: weights[i])
            guard map.numActive == i + 1 else {
                throw reader.invalidValue(
                    "items[\(i)]", expected: "distinct items", actual: "a repeated item", at: itemOffset)
            }
        }
        try reader.moveReaderIndex(to: position, field: "items")
        try reader.requireFullyConsumed()
        _totalWeight = preamble.totalWeight
        offset = preamble.offset
    }
}
