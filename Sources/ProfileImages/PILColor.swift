import Profiles

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// PIL's 8-bit colour conversions, reproduced to the bit.
enum PILColor {
    /// PIL's RGB→HSV (`Image.convert("HSV")`): V is the largest channel; S and H are computed in
    /// single precision (with double-precision steps where PIL mixes in double constants) and
    /// truncated to 0…255 after scaling by 255. Grey pixels have H = S = 0.
    @inline(__always)
    static func hsv(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> (UInt8, UInt8, UInt8) {
        let maxc = max(r, g, b)
        let minc = min(r, g, b)
        guard maxc != minc else { return (0, 0, maxc) }
        let range = Float(maxc - minc)
        let s = range / Float(maxc)
        let rc = Float(maxc - r) / range
        let gc = Float(maxc - g) / range
        let bc = Float(maxc - b) / range
        let h: Float
        if r == maxc {
            h = bc - gc
        } else if g == maxc {
            h = Float(2.0 + Double(rc) - Double(bc))
        } else {
            h = Float(4.0 + Double(gc) - Double(rc))
        }
        let wrapped = Float(fmod(Double(h) / 6.0 + 1.0, 1.0))
        return (clip8(Double(wrapped) * 255.0), clip8(Double(s) * 255.0), maxc)
    }

    /// C's `(int)x` then clamp to 0…255.
    @inline(__always)
    private static func clip8(_ x: Double) -> UInt8 {
        let truncated = Int(x)  // x is in a small finite range here
        return UInt8(clamping: truncated)
    }
}
