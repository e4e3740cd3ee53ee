/// The single pass behind ``JSONParser``: a cursor over the bytes and an explicit stack of open
/// containers, so nesting depth costs heap, not call stack.
struct JSONScanner: ~Copyable {
    /// An object being built: its members so far and the key waiting for its value.
    private struct ObjectFrame {
        var members: [(key: String, value: JSONValue)]
        var pendingKey = ""
        /// Built once the object is large enough that a linear duplicate check gets slow.
        var keyIndex: Set<String>?

        /// A frame with room for a typical webhook object's members, so that they are not
        /// copied as the array grows one by one.
        init() {
            members = []
            members.reserveCapacity(ObjectFrame.initialCapacity)
        }

        static let initialCapacity = 8
    }

    /// The open containers a typical webhook body nests, reserved on the first one.
    private static let initialStackCapacity = 8

    /// Objects up to this size are checked for duplicate keys by a linear scan.
    private static let linearKeyCheckLimit = 16
    /// Integer digits plus exponent at or below this cannot overflow `Double` (max ≈ 1.8e308).
    private static let safeDecimalMagnitude = 300

    private let bytes: UnsafeBufferPointer<UInt8>
    private let maxDepth: Int
    /// Whether a lone surrogate in a `\u` escape becomes U+FFFD instead of an error.
    private let replacesLoneSurrogates: Bool
    /// Whether a `\u0000` escape becomes U+FFFD in the value (the canonical form keeps it).
    private let replacesNULs: Bool
    /// Whether ``canonical`` is written as the input is read.
    private let writesCanonicalForm: Bool
    /// The document's canonical form (see
    /// ``JSONValue/serializedBytesWithIntegralNumbersAsStrings()``), when asked for: written up
    /// to ``verbatimStart`` while the document is read, whole once ``parseDocument()`` returns.
    private(set) var canonical: [UInt8] = []
    /// Where the input that the canonical form repeats as it is begins: the canonical form is
    /// ``canonical`` followed by the input from here to the cursor. Only what reads differently
    /// (white space, integral numbers, strings with escapes) makes the scanner copy that run
    /// and write its own text, so a compact body is copied in a few runs, not byte by byte.
    private var verbatimStart = 0
    private var index = 0
    /// For each open container, whether it is an object.
    private var openIsObject: [Bool] = []
    private var arrays: [[JSONValue]] = []
    private var objects: [ObjectFrame] = []

    init(
        bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int, replacesLoneSurrogates: Bool = false,
        replacesNULs: Bool = false, writesCanonicalForm: Bool = false
    ) {
        self.bytes = bytes
        self.maxDepth = maxDepth
        self.replacesLoneSurrogates = replacesLoneSurrogates
        self.replacesNULs = replacesNULs
        self.writesCanonicalForm = writesCanonicalForm
        if writesCanonicalForm { canonical.reserveCapacity(bytes.count + 64) }
    }

    /// Copies the input from ``verbatimStart`` to `end` into the canonical form, which goes on
    /// at `resume`, where the input again reads as the canonical form does.
    private mutating func copyVerbatim(upTo end: Int, resumingAt resume: Int) {
        if end > verbatimStart {
            canonical.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[verbatimStart..<end]))
        }
        verbatimStart = resume
    }

    private func fail(_ message: String, at offset: Int) -> JSONError {
        JSONError(offset: offset, message: message)
    }

    // MARK: Document structure

    /// Parses the whole input as one JSON text.
    mutating func parseDocument() throws(JSONError) -> JSONValue {
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            index = 3
            verbatimStart = 3
        }
        skipWhitespace()
        if index == bytes.count {
            throw fail(index == 0 ? "empty input" : "no JSON value in input", at: index)
        }
        let value = try parseValueTree()
        skipWhitespace()
        if index != bytes.count { throw fail("unexpected data after the JSON value", at: index) }
        if writesCanonicalForm { copyVerbatim(upTo: index, resumingAt: index) }
        return value
    }

    private mutating func parseValueTree() throws(JSONError) -> JSONValue {
        while true {
            var value = try parseValueOrOpen()
            while true {
                guard let isObject = openIsObject.last else { return value }
                skipWhitespace()
                let separator = index < bytes.count ? bytes[index] : 0
                if isObject {
                    let top = objects.count - 1
                    objects[top].members.append((objects[top].pendingKey, value))
                    if separator == UInt8(ascii: ",") {
                        index += 1
                        try parseKey()
                        break
                    }
                    guard separator == UInt8(ascii: "}") else {
                        throw fail(
                            index < bytes.count
                                ? "expected ',' or '}' after an object member"
                                : "unexpected end of input inside an object", at: index)
                    }
                    index += 1
                    openIsObject.removeLast()
                    value = .object(JSONObject(uniqueMembers: objects.removeLast().members))
                } else {
                    arrays[arrays.count - 1].append(value)
                    if separator == UInt8(ascii: ",") {
                        index += 1
                        break
                    }
                    guard separator == UInt8(ascii: "]") else {
                        throw fail(
                            index < bytes.count
                                ? "expected ',' or ']' after an array element"
                                : "unexpected end of input inside an array", at: index)
                    }
                    index += 1
                    openIsObject.removeLast()
                    value = .array(arrays.removeLast())
                }
            }
        }
    }

    /// Parses the next value. Scalars and empty containers are returned; a non-empty container
    /// is pushed onto the stack and the loop goes on to its first element (or member value), so
    /// what returns is always a complete value for the innermost open container.
    private mutating func parseValueOrOpen() throws(JSONError) -> JSONValue {
        while true {
            skipWhitespace()
            guard index < bytes.count else {
                throw fail("unexpected end of input, expected a value", at: index)
            }
            switch bytes[index] {
            case UInt8(ascii: "{"):
                try checkDepth()
                index += 1
                skipWhitespace()
                if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
                    index += 1
                    return .object(JSONObject())
                }
                reserveStack(objects: true)
                openIsObject.append(true)
                objects.append(ObjectFrame())
                try parseKey(first: true)
            case UInt8(ascii: "["):
                try checkDepth()
                index += 1
                skipWhitespace()
                if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
                    index += 1
                    return .array([])
                }
                reserveStack(objects: false)
                openIsObject.append(false)
                arrays.append([])
            case UInt8(ascii: "\""):
                return .string(try parseString())
            case UInt8(ascii: "t"):
                try expectLiteral("true")
                return .bool(true)
            case UInt8(ascii: "f"):
                try expectLiteral("false")
                return .bool(false)
            case UInt8(ascii: "n"):
                try expectLiteral("null")
                return .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                let start = index
                let (literal, isShortInteger) = try parseNumber()
                if writesCanonicalForm {
                    copyVerbatim(upTo: start, resumingAt: index)
                    if isShortInteger {
                        // Its own idText, within Int64: quoted as it is.
                        canonical.append(UInt8(ascii: "\""))
                        canonical.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
                        canonical.append(UInt8(ascii: "\""))
                    } else {
                        JSONWriter.appendCanonicalNumber(literal, to: &canonical)
                    }
                }
                return .number(literal)
            case UInt8(ascii: "]"), UInt8(ascii: "}"), UInt8(ascii: ","):
                throw fail("expected a value", at: index)
            default:
                throw fail("unexpected byte, expected a value", at: index)
            }
        }
    }

    /// Gives the stacks of open containers their initial room when the first object (or
    /// array) opens.
    @inline(__always)
    private mutating func reserveStack(objects isObject: Bool) {
        if openIsObject.capacity == 0 { openIsObject.reserveCapacity(Self.initialStackCapacity) }
        if isObject {
            if objects.capacity == 0 { objects.reserveCapacity(Self.initialStackCapacity) }
        } else if arrays.capacity == 0 {
            arrays.reserveCapacity(Self.initialStackCapacity)
        }
    }

    private func checkDepth() throws(JSONError) {
        if openIsObject.count >= maxDepth {
            throw fail("nesting deeper than \(maxDepth) levels", at: index)
        }
    }

    /// Parses `"key" :` into the innermost object's pending key, rejecting a repeated key.
    private mutating func parseKey(first: Bool = false) throws(JSONError) {
        skipWhitespace()
        guard index < bytes.count else {
            throw fail("unexpected end of input inside an object", at: index)
        }
        guard bytes[index] == UInt8(ascii: "\"") else {
            throw fail(
                first ? "expected a string key or '}'" : "expected a string key after ','",
                at: index)
        }
        let keyOffset = index
        let key = try parseString()
        let top = objects.count - 1
        if objects[top].members.count < Self.linearKeyCheckLimit {
            for member in objects[top].members where member.key == key {
                throw fail("duplicate key in object", at: keyOffset)
            }
        } else {
            if objects[top].keyIndex == nil {
                objects[top].keyIndex = Set(objects[top].members.map(\.key))
            }
            if objects[top].keyIndex!.insert(key).inserted == false {
                throw fail("duplicate key in object", at: keyOffset)
            }
        }
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
            throw fail("expected ':' after an object key", at: index)
        }
        index += 1
        objects[top].pendingKey = key
    }

    /// Moves past white space, which the canonical form leaves out. Inline up to the first
    /// byte, which in a compact body is never white space.
    @inline(__always)
    private mutating func skipWhitespace() {
        if index < bytes.count, bytes[index] > 0x20 { return }
        skipWhitespaceRun()
    }

    /// ``skipWhitespace()`` past its first byte.
    private mutating func skipWhitespaceRun() {
        let start = index
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default:
                if index != start, writesCanonicalForm { copyVerbatim(upTo: start, resumingAt: index) }
                return
            }
        }
        if index != start, writesCanonicalForm { copyVerbatim(upTo: start, resumingAt: index) }
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(JSONError) {
        let start = index
        let count = literal.utf8CodeUnitCount
        let text = literal.utf8Start
        for offset in 0..<count {
            guard start + offset < bytes.count, bytes[start + offset] == text[offset] else {
                throw fail("invalid literal", at: start)
            }
        }
        index = start + count
    }

    // MARK: Numbers

    /// Parses a number by RFC 8259's grammar and returns its literal text, and whether it is an
    /// integer of at most 18 digits, without fraction or exponent, other than `-0`.
    private mutating func parseNumber() throws(JSONError) -> (literal: String, isShortInteger: Bool) {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        let integerStart = index
        guard index < bytes.count, isDigit(bytes[index]) else {
            throw fail("a number needs a digit after '-'", at: index)
        }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if index < bytes.count, isDigit(bytes[index]) {
                throw fail("leading zeros are not allowed in numbers", at: integerStart)
            }
        } else {
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        let integerDigits = index - integerStart
        let integerEnd = index
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard index < bytes.count, isDigit(bytes[index]) else {
                throw fail("a number needs a digit after '.'", at: index)
            }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        var exponent = 0
        if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            var negative = false
            if index < bytes.count,
                bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-")
            {
                negative = bytes[index] == UInt8(ascii: "-")
                index += 1
            }
            guard index < bytes.count, isDigit(bytes[index]) else {
                throw fail("a number needs a digit in its exponent", at: index)
            }
            while index < bytes.count, isDigit(bytes[index]) {
                if exponent < 1_000_000 { exponent = exponent * 10 + Int(bytes[index] &- 0x30) }
                index += 1
            }
            if negative { exponent = -exponent }
        }
        let literal = Self.string(UnsafeBufferPointer(rebasing: bytes[start..<index]))
        if integerDigits + exponent > Self.safeDecimalMagnitude {
            if let value = Double(literal), !value.isFinite {
                throw fail("number is too large to represent", at: start)
            }
        }
        let isShortInteger =
            index == integerEnd && integerDigits <= 18
            && !(start != integerStart && bytes[integerStart] == UInt8(ascii: "0"))
        return (literal, isShortInteger)
    }

    @inline(__always)
    private func isDigit(_ byte: UInt8) -> Bool { byte &- 0x30 < 10 }

    // MARK: Strings

    /// Parses a string starting at its opening quote. Unescaped runs are validated as UTF-8 and
    /// copied in bulk; a string without escapes becomes a `String` straight from the input. With
    /// ``replacesNULs``, a `\u0000` escape becomes U+FFFD in the string once its canonical form,
    /// which keeps `\u0000`, is written.
    private mutating func parseString() throws(JSONError) -> String {
        index += 1
        let start = index
        var decoded: [UInt8]?
        var hasNUL = false
        var runStart = index
        while true {
            skipPlainASCII()
            guard index < bytes.count else {
                throw fail("unterminated string", at: start - 1)
            }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let run = UnsafeBufferPointer(rebasing: bytes[runStart..<index])
                index += 1
                guard var decoded else {
                    // Unescaped, the text has no quote, backslash or control character: its
                    // canonical form is the input as it is, quotes included.
                    return Self.string(run)
                }
                decoded.append(contentsOf: run)
                if writesCanonicalForm {
                    copyVerbatim(upTo: start - 1, resumingAt: index)
                    decoded.withUnsafeBufferPointer { JSONWriter.appendQuoted($0, to: &canonical) }
                }
                if hasNUL { decoded = replacingNULs(in: decoded) }
                return String(decoding: decoded, as: UTF8.self)
            } else if byte == UInt8(ascii: "\\") {
                if decoded == nil {
                    decoded = []
                    decoded!.reserveCapacity(index - start + 16)
                }
                decoded!.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                try parseEscape(into: &decoded!)
                // Only `\u0000` writes a NUL byte: the input's own are refused as control characters.
                if replacesNULs, decoded!.last == 0 { hasNUL = true }
                runStart = index
            } else if byte < 0x20 {
                throw fail("unescaped control character in string", at: index)
            } else {
                try skipUTF8Sequence()
            }
        }
    }

    /// `utf8`, already validated, as a `String`: made in place, which for the short ASCII text
    /// most fields hold skips the validation that `String(decoding:as:)` would repeat.
    @inline(__always)
    private static func string(_ utf8: UnsafeBufferPointer<UInt8>) -> String {
        String(unsafeUninitializedCapacity: utf8.count) { $0.initialize(fromContentsOf: utf8) }
    }

    /// Advances over bytes that need no attention: printable ASCII other than `"` and `\`.
    /// Eight bytes at a time while it can.
    @inline(__always)
    private mutating func skipPlainASCII() {
        let count = bytes.count
        if let base = bytes.baseAddress {
            let raw = UnsafeRawPointer(base)
            let ones: UInt64 = 0x0101_0101_0101_0101
            let highs: UInt64 = 0x8080_8080_8080_8080
            while index + 8 <= count {
                let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                let quote = word ^ (ones &* 0x22)
                let backslash = word ^ (ones &* 0x5C)
                let special =
                    word | ((word &- ones &* 0x20) & ~word)
                    | ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash)
                if special & highs != 0 { break }
                index += 8
            }
        }
        while index < count {
            let byte = bytes[index]
            if byte < 0x20 || byte >= 0x80 || byte == UInt8(ascii: "\"")
                || byte == UInt8(ascii: "\\")
            {
                return
            }
            index += 1
        }
    }

    /// Validates one UTF-8 sequence starting at a byte ≥ 0x80 (Unicode table 3-7) and moves past.
    private mutating func skipUTF8Sequence() throws(JSONError) {
        let lead = bytes[index]
        let length: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        var secondByteProblem = ""
        switch lead {
        case 0x80...0xBF:
            throw fail("invalid UTF-8: unexpected continuation byte", at: index)
        case 0xC0, 0xC1:
            throw fail("invalid UTF-8: overlong encoding", at: index)
        case 0xC2...0xDF:
            length = 2
        case 0xE0:
            length = 3
            low = 0xA0
            secondByteProblem = "invalid UTF-8: overlong encoding"
        case 0xED:
            length = 3
            high = 0x9F
            secondByteProblem = "invalid UTF-8: encoded surrogate"
        case 0xE1...0xEF:
            length = 3
        case 0xF0:
            length = 4
            low = 0x90
            secondByteProblem = "invalid UTF-8: overlong encoding"
        case 0xF1...0xF3:
            length = 4
        case 0xF4:
            length = 4
            high = 0x8F
            secondByteProblem = "invalid UTF-8: code point above U+10FFFF"
        case 0xF5...0xF7:
            throw fail("invalid UTF-8: code point above U+10FFFF", at: index)
        default:
            throw fail("invalid UTF-8: invalid byte", at: index)
        }
        for position in 1..<length {
            let offset = index + position
            guard offset < bytes.count else {
                throw fail("invalid UTF-8: truncated sequence", at: offset)
            }
            let byte = bytes[offset]
            guard byte & 0xC0 == 0x80 else {
                throw fail("invalid UTF-8: truncated sequence", at: offset)
            }
            if position == 1, byte < low || byte > high {
                throw fail(secondByteProblem, at: offset)
            }
        }
        index += length
    }

    /// Decodes one escape starting at its backslash and appends its UTF-8 to `output`.
    private mutating func parseEscape(into output: inout [UInt8]) throws(JSONError) {
        let escapeStart = index
        index += 1
        guard index < bytes.count else {
            throw fail("unterminated string", at: escapeStart)
        }
        let letter = bytes[index]
        index += 1
        switch letter {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): output.append(letter)
        case UInt8(ascii: "b"): output.append(0x08)
        case UInt8(ascii: "f"): output.append(0x0C)
        case UInt8(ascii: "n"): output.append(0x0A)
        case UInt8(ascii: "r"): output.append(0x0D)
        case UInt8(ascii: "t"): output.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try parseHex4(escapeStart: escapeStart)
            if scalar & 0xFC00 == 0xDC00 {
                guard replacesLoneSurrogates else {
                    throw fail("lone low surrogate in \\u escape", at: escapeStart)
                }
                scalar = Self.replacementCharacter
            }
            if scalar & 0xFC00 == 0xD800 {
                scalar = try pairedSurrogate(high: scalar, escapeStart: escapeStart)
            }
            appendUTF8(scalar, to: &output)
        default:
            throw fail("invalid escape in string", at: escapeStart)
        }
    }

    /// U+FFFD, what a lone surrogate becomes when ``replacesLoneSurrogates`` is set, and a NUL
    /// when ``replacesNULs`` is.
    private static let replacementCharacter: UInt32 = 0xFFFD

    /// `utf8` with each NUL byte replaced by U+FFFD.
    private func replacingNULs(in utf8: [UInt8]) -> [UInt8] {
        var replaced: [UInt8] = []
        replaced.reserveCapacity(utf8.count + 8)
        for byte in utf8 {
            if byte == 0 {
                appendUTF8(Self.replacementCharacter, to: &replaced)
            } else {
                replaced.append(byte)
            }
        }
        return replaced
    }

    /// The scalar of high surrogate `high` and the `\u` low surrogate that must follow it (the
    /// cursor is just past the high one's escape). Without one: an error, or U+FFFD with the
    /// cursor left on whatever follows when ``replacesLoneSurrogates`` is set.
    private mutating func pairedSurrogate(high: UInt32, escapeStart: Int) throws(JSONError) -> UInt32 {
        guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
        else {
            guard replacesLoneSurrogates else { throw fail("lone high surrogate in \\u escape", at: escapeStart) }
            return Self.replacementCharacter
        }
        let lowStart = index
        index += 2
        let low = try parseHex4(escapeStart: lowStart)
        guard low & 0xFC00 == 0xDC00 else {
            guard replacesLoneSurrogates else { throw fail("lone high surrogate in \\u escape", at: escapeStart) }
            index = lowStart
            return Self.replacementCharacter
        }
        return 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
    }

    private mutating func parseHex4(escapeStart: Int) throws(JSONError) -> UInt32 {
        guard index + 4 <= bytes.count else {
            throw fail("\\u escape needs four hex digits", at: escapeStart)
        }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw fail("\\u escape needs four hex digits", at: escapeStart)
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    private func appendUTF8(_ scalar: UInt32, to output: inout [UInt8]) {
        switch scalar {
        case 0..<0x80:
            output.append(UInt8(scalar))
        case 0x80..<0x800:
            output.append(UInt8(0xC0 | scalar >> 6))
            output.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            output.append(UInt8(0xE0 | scalar >> 12))
            output.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            output.append(UInt8(0x80 | scalar & 0x3F))
        default:
            output.append(UInt8(0xF0 | scalar >> 18))
            output.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            output.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            output.append(UInt8(0x80 | scalar & 0x3F))
        }
    }
}
