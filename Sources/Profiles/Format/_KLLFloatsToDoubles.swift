import Sketches

/// Converts a KLL floats image (v0 `numbers.histogram`) to the whylogs doubles image of the same
/// sketch, as whylogs' v0 converter does with `kll_floats_sketch.float_to_doubles`: same k, min_k,
/// n, levels and sorted flag, every item widened to a double.
enum _KLLFloatsToDoubles {
    /// Converts a floats image; a doubles image (what whylogs v1's v0 writer stores) is returned
    /// as it is once it decodes.
    ///
    /// - Throws: ``ProfileError/Code/invalidSketch`` if the image decodes as neither.
    static func doublesImage(_ image: [UInt8], field: String) throws(ProfileError) -> [UInt8] {
        let sketch: AnyKLLSketch
        do {
            sketch = try AnyKLLSketch(serializedBytes: image)
        } catch {
            throw ProfileError(
                .invalidSketch, field: field, expected: "a KLL floats or doubles image", actual: "\(error)")
        }
        guard case .float = sketch else { return image }
        // Floats images use the DataSketches layout: 8-byte preamble, then (full sketches only)
        // n u64, min_k u16, num_levels u8, 1 unused byte, levels u32×num_levels, min, max, items.
        let flags = image[3]
        let isEmpty = flags & 0x01 != 0
        let isSingle = flags & 0x04 != 0
        var out: [UInt8] = []
        func widen(_ offset: Int) {
            var bits: UInt32 = 0
            for i in 0..<4 { bits |= UInt32(image[offset + i]) << (8 * UInt32(i)) }
            let wide = Double(Float(bitPattern: bits)).bitPattern
            for i in 0..<8 { out.append(UInt8(truncatingIfNeeded: wide >> (8 * UInt64(i)))) }
        }
        if isEmpty {
            out = Array(image[0..<8])
        } else if isSingle {
            out = Array(image[0..<8])
            widen(8)
        } else {
            let numLevels = Int(image[18])
            out = Array(image[0..<8])
            out[0] = 6  // whylogs doubles preamble ints
            out.append(contentsOf: image[8..<20])
            out.append(contentsOf: [0, 0, 0, 0])  // whylogs padding: data at byte 24
            let levelsEnd = 20 + 4 * numLevels
            out.append(contentsOf: image[20..<levelsEnd])
            var offset = levelsEnd
            while offset + 4 <= image.count {
                widen(offset)
                offset += 4
            }
        }
        do {
            let doubles = try KLLSketch<Double>(serializedBytes: out)
            return doubles.serializedBytes(layout: .whylogs)
        } catch {
            throw ProfileError(
                .invalidSketch, field: field, expected: "a KLL floats image convertible to doubles",
                actual: "\(error)")
        }
    }
}
