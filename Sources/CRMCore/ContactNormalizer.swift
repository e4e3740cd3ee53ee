import JivoProtocol

/// Turns contact values as visitors type them into the forms used for matching.
public struct ContactNormalizer: Sendable, Equatable {
    /// Country calling code (digits only) given to national numbers, e.g. `7` or `1`.
    public var defaultCountryCode: String

    /// A normaliser that gives national numbers `defaultCountryCode`.
    public init(defaultCountryCode: String = "7") {
        self.defaultCountryCode = String(defaultCountryCode.filter(\.isASCIIDigit))
    }

    /// The matching form of an email: trimmed and lowercased; nil unless it looks like
    /// `local@domain` with no spaces, in at most ``ContactLimits/email`` characters.
    public func email(_ raw: String) -> String? {
        if raw.utf8.allSatisfy({ $0 < 0x80 }) { return Self.asciiEmail(raw) }
        let trimmed = raw.trimmingWhitespace.lowercased()
        guard trimmed.count <= ContactLimits.email, let at = trimmed.firstIndex(of: "@"), at != trimmed.startIndex,
            trimmed.index(after: at) != trimmed.endIndex,
            !trimmed.contains(where: \.isWhitespace),
            trimmed.filter({ $0 == "@" }).count == 1
        else { return nil }
        return trimmed
    }

    /// ``email(_:)`` for ASCII text, byte by byte (the same rules: in ASCII, white space is
    /// tab, line feed, vertical tab, form feed, carriage return and space).
    private static func asciiEmail(_ raw: String) -> String? {
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }
        var bytes = Array(raw.utf8)
        while let last = bytes.last, isSpace(last) { bytes.removeLast() }
        let start = bytes.firstIndex { !isSpace($0) } ?? bytes.endIndex
        bytes.removeSubrange(..<start)
        var at: Int?
        for (offset, byte) in bytes.enumerated() {
            switch byte {
            case UInt8(ascii: "@"):
                guard at == nil else { return nil }
                at = offset
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): bytes[offset] = byte + 0x20
            default: if isSpace(byte) { return nil }
            }
        }
        guard let at, at != 0, at != bytes.count - 1, bytes.count <= ContactLimits.email else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The matching form of a phone: `+` and the international digits.
    ///
    /// `+1 408 498-7855` and `001 408 4987855` give `+14084987855`; a national number such as
    /// `(999) 829-1550` gets the default country code; a Russian `8` trunk prefix
    /// (`8 (916) 123-45-67`, eleven digits) becomes `7`. Fewer than five digits given (the
    /// default country code added to a national number does not count: `1234` is no phone), or
    /// more than fifteen in all, is not a phone (nil); nor is text holding a control character
    /// other than a tab (digits inside an escape sequence are none the visitor typed).
    public func phone(_ raw: String) -> String? {
        let trimmed = raw.trimmingWhitespace
        guard !trimmed.unicodeScalars.contains(where: Self.isControl) else { return nil }
        // In ASCII every Character is one byte (or CR LF, not a digit), so bytes give the same
        // digits and `+` without walking Characters.
        if trimmed.utf8.allSatisfy({ $0 < 0x80 }) {
            return international(
                digits: trimmed.utf8.filter { $0 &- UInt8(ascii: "0") < 10 },
                plus: trimmed.utf8.first == UInt8(ascii: "+"))
        }
        return international(digits: Array(trimmed.filter(\.isASCIIDigit).utf8), plus: trimmed.hasPrefix("+"))
    }

    /// `+` and the international digits of a number whose ASCII digits are `digits`, written
    /// with a leading `+` when `plus`; nil unless there are five to fifteen.
    private func international(digits: [UInt8], plus: Bool) -> String? {
        var digits = digits[...]
        var international = plus
        if !international, digits.starts(with: [UInt8(ascii: "0"), UInt8(ascii: "0")]) {
            digits = digits.dropFirst(2)
            international = true
        }
        var countryCode = ""
        if !international {
            if digits.count == 11 && digits.first == UInt8(ascii: "8") {
                digits = digits.dropFirst()
                countryCode = "7"
            } else if digits.count <= 10 {
                countryCode = defaultCountryCode
            }
        }
        guard digits.count >= 5, countryCode.utf8.count + digits.count <= 15 else { return nil }
        return "+" + countryCode + String(decoding: digits, as: UTF8.self)
    }

    /// Whether `scalar` is a C0 or C1 control character or DEL, a tab aside.
    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar != "\t" && (scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value))
    }
}

extension Character {
    /// Whether this is one of `0`...`9`.
    public var isASCIIDigit: Bool { isASCII && isNumber }
}
