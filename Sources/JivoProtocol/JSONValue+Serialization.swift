extension JSONValue {
    /// JSON text: compact, or pretty with two-space indents and `"key": value`.
    ///
    /// Object keys keep their order, numbers are written as their literal text, strings escape
    /// `"`, `\` and control characters and keep everything else as raw UTF-8, so that
    /// `JSONParser.parse(value.serializedBytes())` gives back `value`.
    public func serialized(pretty: Bool = false) -> String {
        String(decoding: serializedBytes(pretty: pretty), as: UTF8.self)
    }

    /// The UTF-8 bytes of ``serialized(pretty:)``.
    public func serializedBytes(pretty: Bool = false) -> [UInt8] {
        var writer = JSONWriter(pretty: pretty)
        writer.write(self, indent: 0)
        return writer.output
    }

    /// The compact bytes of this value with every integral number that fits `Int64` written
    /// as a string of its ``idText`` (`42`, `42.0` and `4.2e1` all become `"42"`): the same
    /// text whether a sender wrote its ids as numbers or as strings. Written directly, without
    /// building the converted value first.
    /// ``JSONParser/parseWithCanonicalForm(_:maxDepth:replacingLoneSurrogates:replacingNULs:)``
    /// writes the same bytes while it parses (of the value before it replaces NULs).
    public func serializedBytesWithIntegralNumbersAsStrings() -> [UInt8] {
        var writer = JSONWriter(pretty: false, integralNumbersAsStrings: true)
        writer.write(self, indent: 0)
        return writer.output
    }
}

/// Appends JSON text for values to a byte buffer.
struct JSONWriter {
    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    let pretty: Bool
    let integralNumbersAsStrings: Bool
    var output: [UInt8] = []

    init(pretty: Bool, integralNumbersAsStrings: Bool = false) {
        self.pretty = pretty
        self.integralNumbersAsStrings = integralNumbersAsStrings
        output.reserveCapacity(256)
    }

    mutating func write(_ value: JSONValue, indent: Int) {
        switch value {
        case .null: output.append(contentsOf: "null".utf8)
        case .bool(let flag): output.append(contentsOf: (flag ? "true" : "false").utf8)
        case .number(let literal):
            if integralNumbersAsStrings {
                Self.appendCanonicalNumber(literal, to: &output)
            } else {
                output.append(contentsOf: literal.utf8)
            }
        case .string(let text): writeString(text)
        case .array(let elements):
            guard !elements.isEmpty else {
                output.append(contentsOf: "[]".utf8)
                return
            }
            output.append(UInt8(ascii: "["))
            for position in elements.indices {
                let element = elements[position]
                if position > 0 { output.append(UInt8(ascii: ",")) }
                newline(indent: indent + 1)
                write(element, indent: indent + 1)
            }
            newline(indent: indent)
            output.append(UInt8(ascii: "]"))
        case .object(let object):
            guard !object.isEmpty else {
                output.append(contentsOf: "{}".utf8)
                return
            }
            output.append(UInt8(ascii: "{"))
            let members = object.members
            for position in members.indices {
                let member = members[position]
                if position > 0 { output.append(UInt8(ascii: ",")) }
                newline(indent: indent + 1)
                writeString(member.key)
                output.append(UInt8(ascii: ":"))
                if pretty { output.append(UInt8(ascii: " ")) }
                write(member.value, indent: indent + 1)
            }
            newline(indent: indent)
            output.append(UInt8(ascii: "}"))
        }
    }

    /// Appends `text`, JSON text written by the caller, as it is.
    mutating func writeRaw(_ text: StaticString) {
        output.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    private mutating func newline(indent: Int) {
        guard pretty else { return }
        output.append(UInt8(ascii: "\n"))
        output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent * 2))
    }

    /// Appends `text` as a JSON string.
    mutating func writeString(_ text: String) {
        // A native string lends its UTF-8 in place; only another kind is copied first.
        let written: Void? = text.utf8.withContiguousStorageIfAvailable { Self.appendQuoted($0, to: &output) }
        guard written == nil else { return }
        var text = text
        text.withUTF8 { Self.appendQuoted($0, to: &output) }
    }

    /// Appends number `literal` as the canonical form writes it: as a string of its
    /// ``JSONValue/idText`` when that is an integer that fits `Int64`, else as it is.
    static func appendCanonicalNumber(_ literal: String, to output: inout [UInt8]) {
        if let integral = JSONValue.number(literal).idText, Int64(integral) != nil {
            var integral = integral
            integral.withUTF8 { appendQuoted($0, to: &output) }
        } else {
            output.append(contentsOf: literal.utf8)
        }
    }

    /// Appends the UTF-8 text `utf8` as a JSON string: quoted, with `"`, `\\` and control
    /// characters escaped and everything else as it is.
    static func appendQuoted(_ utf8: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        var runStart = 0
        var offset = 0
        while offset < utf8.count {
            offset = plainRunEnd(utf8, from: offset)
            guard offset < utf8.count else { break }
            let byte = utf8[offset]
            offset += 1
            output.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<offset - 1]))
            runStart = offset
            output.append(UInt8(ascii: "\\"))
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): output.append(byte)
            case 0x08: output.append(UInt8(ascii: "b"))
            case 0x0C: output.append(UInt8(ascii: "f"))
            case 0x0A: output.append(UInt8(ascii: "n"))
            case 0x0D: output.append(UInt8(ascii: "r"))
            case 0x09: output.append(UInt8(ascii: "t"))
            default:
                output.append(contentsOf: "u00".utf8)
                output.append(hexDigits[Int(byte >> 4)])
                output.append(hexDigits[Int(byte & 0x0F)])
            }
        }
        output.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
        output.append(UInt8(ascii: "\""))
    }

    /// The offset of the first byte at or after `start` that needs escaping (a control
    /// character, `"` or `\\`), or the count: eight bytes at a time while none does.
    private static func plainRunEnd(_ utf8: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var offset = start
        if let base = utf8.baseAddress {
            let raw = UnsafeRawPointer(base)
            let ones: UInt64 = 0x0101_0101_0101_0101
            let highs: UInt64 = 0x8080_8080_8080_8080
            while offset + 8 <= utf8.count {
                let word = raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                let quote = word ^ (ones &* 0x22)
                let backslash = word ^ (ones &* 0x5C)
                let special =
                    ((word &- ones &* 0x20) & ~word) | ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash)
                if special & highs != 0 { break }
                offset += 8
            }
        }
        while offset < utf8.count {
            let byte = utf8[offset]
            if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { return offset }
            offset += 1
        }
        return offset
    }
}
