extension KLLSketch {
    /// Merges another sketch into this one (spec §3.4).
    ///
    /// The sketches may have different k: the result keeps this sketch's ``k``, and ``minK``
    /// becomes the smaller of the two when `other` is in estimation mode, so
    /// ``normalizedRankError(pmf:)`` reflects the less accurate input. The layout and coin stay this
    /// sketch's.
    ///
    /// - Parameter other: the sketch to merge; unchanged.
    /// - Precondition: `n + other.n` fits in `Int`. Decoded sketches have n ≤ ``maximumN``, so
    ///   two always merge; a caller folding many untrusted sketches checks the sum first (with
    ///   `addingReportingOverflow`, as `Profiles` does before merging profiles).
    /// - Complexity: O(retained items of both sketches), plus the level-0 updates.
    //
    // Pre-specialized for both item types: a non-inlinable method of a generic type is otherwise
    // compiled unspecialized, with every comparison and copy going through witness tables (75×
    // slower than the C++ library in bench/sketches/run.sh's kll_double_k200_merge_op). The same
    // holds for serialization, decoding and the sorted view.
    @_specialize(where Item == Double)
    @_specialize(where Item == Float)
    public mutating func merge(_ other: KLLSketch<Item>) {
        if other.isEmpty { return }
        let (finalN, overflow) = n.addingReportingOverflow(other.n)
        precondition(!overflow, "KLL merge: n \(n) + \(other.n) overflows Int; check the sum before merging")
        if isEmpty {
            minValue = other.minValue
            maxValue = other.maxValue
        } else {
            if other.minValue < minValue { minValue = other.minValue }
            if maxValue < other.maxValue { maxValue = other.maxValue }
        }
        for index in other.levelZeroBegin..<other.levelEnds[0] {
            _insertAtLevelZero(other.items[index])
        }
        if other.numLevels >= 2 { _mergeHigherLevels(other, finalN: finalN) }
        _n = finalN
        if other.isEstimationMode { minK = Swift.min(minK, other.minK) }
    }

    /// Returns the merge of this sketch and another; see ``merge(_:)``.
    ///
    /// - Parameter other: the sketch to merge.
    /// - Returns: a sketch with this sketch's k, layout and coin.
    /// - Complexity: O(retained items of both sketches).
    public func merging(_ other: KLLSketch<Item>) -> KLLSketch<Item> {
        var result = self
        result.merge(other)
        return result
    }

    /// Merges level by level into a work buffer, then compacts it (general_compress).
    mutating func _mergeHigherLevels(_ other: KLLSketch<Item>, finalN: Int) {
        let provisionalLevels = Swift.max(numLevels, other.numLevels)
        var work = ContiguousArray<Item>()
        work.reserveCapacity(numRetained + other.numRetained)
        var workLevels = [0]
        // Level 0: ours, as stored (it already holds other's level 0).
        work.append(contentsOf: items[levelZeroBegin..<levelEnds[0]])
        workLevels.append(work.count)
        for h in 1..<provisionalLevels {
            let ours = h < numLevels ? (levelEnds[h - 1], levelEnds[h]) : (0, 0)
            let theirs = h < other.numLevels ? (other.levelEnds[h - 1], other.levelEnds[h]) : (0, 0)
            let start = work.count
            let count = (ours.1 - ours.0) + (theirs.1 - theirs.0)
            work.append(contentsOf: repeatElement(0, count: count))
            var a = ours.0
            var b = theirs.0
            var out = start
            while a < ours.1 && b < theirs.1 {
                if items[a] < other.items[b] {
                    work[out] = items[a]
                    a += 1
                } else {
                    work[out] = other.items[b]
                    b += 1
                }
                out += 1
            }
            while a < ours.1 {
                work[out] = items[a]
                a += 1
                out += 1
            }
            while b < theirs.1 {
                work[out] = other.items[b]
                b += 1
                out += 1
            }
            workLevels.append(work.count)
        }
        let result = _KLLLevels.generalCompress(
            k: k, numLevels: provisionalLevels, items: &work, levels: workLevels,
            isLevelZeroSorted: isLevelZeroSorted, coin: &coin)
        let freeSpace = result.capacity - result.itemCount
        var newItems = ContiguousArray<Item>(repeating: 0, count: freeSpace)
        newItems.reserveCapacity(result.capacity)
        newItems.append(contentsOf: result.items)
        items = newItems
        _setLevels(begin: freeSpace, ends: ContiguousArray(result.levels.dropFirst().map { $0 + freeSpace }))
    }
}

extension _KLLLevels {
    /// The packed output of ``generalCompress(k:numLevels:items:levels:isLevelZeroSorted:coin:)``.
    struct CompressResult<Item> {
        /// The retained items, level 0 first.
        var items: ContiguousArray<Item>
        /// numLevels + 1 offsets into `items`, starting at 0.
        var levels: [Int]
        /// The total capacity for the final number of levels.
        var capacity: Int
        /// `items.count`.
        var itemCount: Int
    }

    /// Compacts an over-full multi-level buffer in one upward pass (spec §3.4 general_compress):
    /// a level is compacted only while the buffer holds at least the total capacity and the level
    /// is at or over its capacity; compacting the top level adds a level.
    static func generalCompress<Item: KLLItem>(
        k: Int, numLevels: Int, items: inout ContiguousArray<Item>, levels inputLevels: [Int],
        isLevelZeroSorted: Bool, coin: inout KLLCompactionCoin
    ) -> CompressResult<Item> {
        var inLevels = inputLevels
        var currentLevels = numLevels
        var itemCount = inLevels[numLevels] - inLevels[0]
        var target = totalCapacity(k: k, numLevels: currentLevels)
        var output = ContiguousArray<Item>()
        output.reserveCapacity(itemCount)
        var outLevels = [0]
        var level = 0
        while level < currentLevels {
            if level == currentLevels - 1 {
                // Pretend there is an empty level above the top.
                if inLevels.count < level + 3 {
                    inLevels.append(inLevels[level + 1])
                } else {
                    inLevels[level + 2] = inLevels[level + 1]
                }
            }
            let rawBegin = inLevels[level]
            let rawLimit = inLevels[level + 1]
            let rawPopulation = rawLimit - rawBegin
            if itemCount < target || rawPopulation < levelCapacity(k: k, numLevels: currentLevels, height: level) {
                output.append(contentsOf: items[rawBegin..<rawLimit])
            } else {
                let populationAbove = inLevels[level + 2] - rawLimit
                let oddPopulation = rawPopulation & 1
                let adjustedBegin = rawBegin + oddPopulation
                let adjustedPopulation = rawPopulation - oddPopulation
                let half = adjustedPopulation / 2
                if oddPopulation == 1 { output.append(items[rawBegin]) }
                let bit = coin.flip()
                items.withUnsafeMutableBufferPointer { buffer in
                    let base = buffer.baseAddress!
                    if level == 0 && !isLevelZeroSorted {
                        _KLLSort.sort(base + adjustedBegin, count: adjustedPopulation)
                    }
                    if populationAbove == 0 {
                        halveUp(base + adjustedBegin, count: adjustedPopulation, bit: bit)
                    } else {
                        halveDown(base + adjustedBegin, count: adjustedPopulation, bit: bit)
                        mergeSorted(
                            base + adjustedBegin, count: half, base + rawLimit, count: populationAbove,
                            into: base + adjustedBegin + half)
                    }
                }
                itemCount -= half
                inLevels[level + 1] -= half
                if level == currentLevels - 1 {
                    currentLevels += 1
                    target += levelCapacity(k: k, numLevels: currentLevels, height: 0)
                }
            }
            outLevels.append(output.count)
            level += 1
        }
        return CompressResult(items: output, levels: outLevels, capacity: target, itemCount: output.count)
    }
}
