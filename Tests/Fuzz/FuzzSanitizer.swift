/// libFuzzer target: Sanitizer.lines(bytes:). Built by `make fuzz` with DisplayText's sources.
/// No output line may hold a control character, ESC or a bidi control.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSanitizer(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let lines = Sanitizer.lines(bytes: UnsafeBufferPointer(start: data, count: size))
    for line in lines {
        for scalar in line.string.unicodeScalars {
            precondition(
                scalar.value >= 0x20 && scalar.value != 0x7F && !(0x80...0x9F).contains(scalar.value),
                "a control character got through")
            precondition(
                !(0x202A...0x202E).contains(scalar.value) && !(0x2066...0x2069).contains(scalar.value),
                "a bidi control got through")
        }
    }
    return 0
}
