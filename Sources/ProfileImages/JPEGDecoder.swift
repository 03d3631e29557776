internal import CTurboJPEG
import Profiles

/// The JPEG reader behind ``ImageDecoder``: libjpeg-turbo's TurboJPEG API (`tjDecompressHeader3`,
/// `tjDecompress2`) with accurate integer DCT and fancy upsampling, the settings PIL's libjpeg uses.
/// Greyscale JPEG is `L`, YCbCr/RGB is `RGB`; CMYK/YCCK is `unsupported`. Any libjpeg warning (such
/// as premature end of data) is an error, as PIL raises on a truncated JPEG.
struct JPEGDecoder {
    let bytes: [UInt8]
    let maxPixelCount: Int

    func decode() throws(ProfileError) -> DecodedImage {
        guard let handle = tjInitDecompress() else {
            return try ImageDecoder.fail(.unsupported, "JPEG", expected: "a TurboJPEG handle", actual: "none")
        }
        defer { tjDestroy(handle) }
        var width: Int32 = 0
        var height: Int32 = 0
        var subsampling: Int32 = 0
        var colorspace: Int32 = 0
        let headerResult = bytes.withUnsafeBufferPointer { buffer in
            tjDecompressHeader3(
                handle, buffer.baseAddress, UInt(buffer.count), &width, &height, &subsampling, &colorspace)
        }
        guard headerResult == 0 else {
            return try ImageDecoder.fail(
                .invalidValue, "JPEG header", expected: "a decodable JPEG header", actual: errorText(handle))
        }
        try ImageDecoder.checkSize(
            width: Int(width), height: Int(height), limit: maxPixelCount, field: "JPEG size")
        let mode: DecodedImage.Mode
        let format: TJPF
        switch TJCS(UInt32(colorspace)) {
        case TJCS_GRAY:
            (mode, format) = (.luminance, TJPF_GRAY)
        case TJCS_CMYK, TJCS_YCCK:
            return try ImageDecoder.fail(
                .unsupported, "JPEG colour space", expected: "greyscale, YCbCr or RGB", actual: "CMYK/YCCK")
        default:
            (mode, format) = (.rgb, TJPF_RGB)
        }
        var samples = [UInt8](repeating: 0, count: Int(width) * Int(height) * mode.channelCount)
        let result = bytes.withUnsafeBufferPointer { input in
            samples.withUnsafeMutableBufferPointer { output in
                tjDecompress2(
                    handle, input.baseAddress, UInt(input.count), output.baseAddress, width, 0, height,
                    Int32(format.rawValue), 0)
            }
        }
        guard result == 0 else {
            return try ImageDecoder.fail(
                .invalidValue, "JPEG data", expected: "a complete, valid JPEG", actual: errorText(handle))
        }
        return DecodedImage(mode: mode, format: .jpeg, width: Int(width), height: Int(height), samples: samples)
    }

    private func errorText(_ handle: tjhandle) -> String {
        guard let text = tjGetErrorStr2(handle) else { return "an unknown TurboJPEG error" }
        return String(cString: text)
    }
}
