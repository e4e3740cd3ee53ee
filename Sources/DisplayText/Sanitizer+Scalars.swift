import Glibc

extension Sanitizer {
    /// The inert replacement for one scalar, `nil` when it is removed, or `\t` for a tab (expanded
    /// by the caller, which knows the column).
    static func inert(_ scalar: Unicode.Scalar) -> Unicode.Scalar? {
        switch scalar.value {
        case 0x09:
            return scalar
        case 0x00...0x1F:
            return Unicode.Scalar(0x2400 + scalar.value)
        case 0x7F:
            return "\u{2421}"
        case 0x80...0x9F:
            return replacement
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069:
            return nil
        case 0xFE00...0xFE0F, 0xE0100...0xE01EF, 0x1F3FB...0x1F3FF:
            return nil
        case 0x2028, 0x2029:
            return lineBreakSymbol
        default:
            break
        }
        let properties = scalar.properties
        switch properties.generalCategory {
        case .format:
            return nil
        case .unassigned, .privateUse, .surrogate, .control, .lineSeparator, .paragraphSeparator:
            return replacement
        default:
            break
        }
        if properties.isNoncharacterCodePoint || systemWidth(scalar) < 0 {
            return replacement
        }
        return scalar
    }

    /// Terminal columns of an inert scalar as `wcwidth` measures it (0, 1 or 2).
    static func columns(of scalar: Unicode.Scalar) -> Int {
        Int(max(0, min(2, systemWidth(scalar))))
    }

    static let replacement: Unicode.Scalar = "\u{FFFD}"

    /// libc's `wcwidth` for `scalar` in the current `LC_CTYPE` (-1 when unprintable).
    static func systemWidth(_ scalar: Unicode.Scalar) -> Int32 {
        libcWcwidth(wchar_t(bitPattern: scalar.value))
    }
}

/// libc's `wcwidth`, which Glibc's Swift module does not export (it sits behind `_XOPEN_SOURCE`),
/// looked up once by name in the already-loaded C library.
private let libcWcwidth: @convention(c) (wchar_t) -> Int32 = {
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "wcwidth") else {
        fatalError("libc has no wcwidth symbol; a POSIX C library is required to measure text")
    }
    return unsafeBitCast(symbol, to: (@convention(c) (wchar_t) -> Int32).self)
}()
