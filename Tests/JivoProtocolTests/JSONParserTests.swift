import JivoProtocol
import Testing

private func parse(_ text: String) throws(JSONError) -> JSONValue {
    try JSONParser.parse(Array(text.utf8))
}

/// The error parsing `bytes` gives, or nil when it parses.
private func failure(_ bytes: [UInt8]) -> JSONError? {
    do {
        _ = try JSONParser.parse(bytes)
        return nil
    } catch {
        return error
    }
}

private func failure(_ text: String) -> JSONError? { failure(Array(text.utf8)) }

@Suite struct JSONParserStructureTests {
    @Test func parsesEveryKindOfValue() throws {
        let value = try parse(#" {"a": [1, -2.5e3, true, false, null, "x", {}, []]} "#)
        #expect(
            value
                == .object([
                    "a": .array([
                        .number("1"), .number("-2.5e3"), .bool(true), .bool(false), .null,
                        .string("x"), .object([:]), .array([]),
                    ])
                ]))
    }

    @Test func keepsKeyOrder() throws {
        let value = try parse(#"{"z":1,"a":2,"m":3}"#)
        #expect(value.objectValue?.keys == ["z", "a", "m"])
    }

    @Test(arguments: [
        (#""text""#, JSONValue.string("text")), ("42", .number("42")), ("null", .null),
        ("[1]", .array([.number("1")])), ("true", .bool(true)),
    ])
    func returnsAnyTopLevelValue(text: String, expected: JSONValue) throws {
        #expect(try parse(text) == expected)
    }

    @Test func emptyInputIsRejected() {
        #expect(failure("") == JSONError(offset: 0, message: "empty input"))
        #expect(failure("  \n")?.offset == 3)
    }

    @Test func trailingGarbageIsRejected() throws {
        #expect(
            failure("{} x") == JSONError(offset: 3, message: "unexpected data after the JSON value")
        )
        #expect(failure("1 2")?.offset == 2)
        #expect(failure("{}{}")?.offset == 2)
        #expect(try parse("{} \r\n\t") == .object([:]))
    }

    @Test func leadingByteOrderMarkIsTolerated() throws {
        #expect(
            try JSONParser.parse([0xEF, 0xBB, 0xBF] + Array("[1]".utf8)) == .array([.number("1")]))
        #expect(failure([0xEF, 0xBB, 0xBF]) != nil)
        #expect(failure(Array(" ".utf8) + [0xEF, 0xBB, 0xBF] + Array("1".utf8))?.offset == 1)
    }

    @Test(arguments: [
        ("{", 1), ("[", 1), ("[1,", 3), ("[1,]", 3), (#"{"a":1,}"#, 7), (#"{"a" 1}"#, 5),
        (#"{"a":}"#, 5), ("{1:2}", 1), ("[1 2]", 3), (#"{"a":1 "b":2}"#, 7), ("]", 0),
        ("tru", 0), ("nul", 0), ("True", 0), (#"{'a':1}"#, 1), ("[1}", 2), (#"{"a":1]"#, 6),
    ])
    func malformedStructureIsRejectedAtTheRightByte(text: String, offset: Int) {
        #expect(failure(text)?.offset == offset)
    }

    @Test func duplicateKeysAreRejected() throws {
        let error = failure(#"{"name":"a","name":"b"}"#)
        #expect(error == JSONError(offset: 12, message: "duplicate key in object"))
        #expect(
            try parse(#"{"name":"a","nested":{"name":"b"}}"#)["nested"]?["name"] == .string("b"))
    }

    @Test func duplicateKeysAreRejectedInLargeObjects() throws {
        let members = (0..<40).map { #""k\#($0)":\#($0)"# }
        #expect(try parse("{" + members.joined(separator: ",") + "}").objectValue?.keys.count == 40)
        let error = failure("{" + (members + [#""k3":0"#]).joined(separator: ",") + "}")
        #expect(error?.message == "duplicate key in object")
    }

    @Test func duplicateKeyWrittenWithAnEscapeIsStillADuplicate() {
        #expect(failure(#"{"ab":1,"\u0061b":2}"#)?.message == "duplicate key in object")
    }

    @Test func errorMessagesDoNotEchoTheBody() {
        let secret = "ivan.petrov@example.com"
        for text in [
            #"{"\#(secret)":1,"\#(secret)":2}"#, #"{"x":"\#(secret)"#,
            #"["\#(secret)" \#(secret)]"#,
        ] {
            let error = failure(text)
            #expect(error != nil)
            #expect(error.map { !$0.description.contains("ivan") } == true)
        }
    }
}

@Suite struct JSONParserDepthTests {
    @Test func deepNestingFailsCleanly() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(failure(deep) == JSONError(offset: 512, message: "nesting deeper than 512 levels"))
        let objects =
            String(repeating: #"{"a":"#, count: 10_000) + "1"
            + String(repeating: "}", count: 10_000)
        #expect(failure(objects)?.message == "nesting deeper than 512 levels")
    }

    @Test func nestingUpToTheLimitParses() throws {
        let atLimit = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        #expect(try parse(atLimit) != .null)
        let overLimit = String(repeating: "[", count: 513) + String(repeating: "]", count: 513)
        #expect(failure(overLimit) != nil)
    }

    @Test func depthLimitIsAdjustable() throws {
        #expect(throws: JSONError.self) { try JSONParser.parse(Array("[[1]]".utf8), maxDepth: 1) }
        #expect(try JSONParser.parse(Array("[[1]]".utf8), maxDepth: 2) != .null)
        let deep = String(repeating: "[", count: 1_000) + String(repeating: "]", count: 1_000)
        #expect(failure(deep) != nil)
        #expect(try JSONParser.parse(Array(deep.utf8), maxDepth: 1_000).arrayValue?.count == 1)
    }
}

@Suite struct JSONParserNumberTests {
    @Test(arguments: [
        "0", "-0", "12", "-12", "0.5", "-0.5", "1e3", "1E3", "1e+3", "1e-3", "2.5E-10",
        "123456789012345678901234567890", "1e-400", "-1e-400", "1.7976931348623157e308",
        "0.0000000000000001e300", "1e308",
    ])
    func validNumbersKeepTheirLiteral(literal: String) throws {
        #expect(try parse(literal) == .number(literal))
        #expect(try parse("[\(literal)]") == .array([.number(literal)]))
    }

    @Test(arguments: [
        ("01", 0, "leading zeros are not allowed in numbers"),
        ("-01", 1, "leading zeros are not allowed in numbers"),
        ("+1", 0, "unexpected byte, expected a value"),
        (".5", 0, "unexpected byte, expected a value"),
        ("1.", 2, "a number needs a digit after '.'"),
        ("1.e3", 2, "a number needs a digit after '.'"),
        ("1e", 2, "a number needs a digit in its exponent"),
        ("1e+", 3, "a number needs a digit in its exponent"),
        ("-", 1, "a number needs a digit after '-'"),
        ("-a", 1, "a number needs a digit after '-'"),
        ("NaN", 0, "unexpected byte, expected a value"),
        ("Infinity", 0, "unexpected byte, expected a value"),
        ("-Infinity", 1, "a number needs a digit after '-'"),
        ("0x10", 1, "unexpected data after the JSON value"),
        ("1e400", 0, "number is too large to represent"),
        ("-1e400", 0, "number is too large to represent"),
        ("[1, 2e999]", 4, "number is too large to represent"),
    ])
    func invalidNumbersAreRejected(text: String, offset: Int, message: String) {
        #expect(failure(text) == JSONError(offset: offset, message: message))
    }

    @Test func hugeIntegerLiteralOverflowingDoubleIsRejected() throws {
        #expect(
            failure(String(repeating: "9", count: 400))?.message
                == "number is too large to represent")
        let big = String(repeating: "9", count: 300)
        #expect(try parse(big) == .number(big))
    }
}

@Suite struct JSONParserStringTests {
    @Test func decodesEscapes() throws {
        #expect(
            try parse(#""a\"b\\c\/d\be\ff\ng\rh\ti\u0041\u00e9\u0416\u20ac""#)
                == .string("a\"b\\c/d\u{8}e\u{C}f\ng\rh\ti" + "A\u{E9}\u{416}\u{20AC}"))
        #expect(try parse(#""\u0000""#) == .string("\u{0}"))
    }

    @Test func decodesSurrogatePairs() throws {
        #expect(try parse(#""\ud83d\ude00 \uD83D\uDE00""#) == .string("😀 😀"))
    }

    @Test(arguments: [
        (#""\ud83d""#, "\u{FFFD}"), (#""\ud83dx""#, "\u{FFFD}x"), (#""\ud83d\u0041""#, "\u{FFFD}A"),
        (#""\ud83d\ud83d\ude00""#, "\u{FFFD}😀"), (#""ab\ude00\ud83d""#, "ab\u{FFFD}\u{FFFD}"),
        (#""\ud83d\ude00""#, "😀"),
    ])
    func replacesLoneSurrogatesWhenAsked(text: String, expected: String) throws {
        let value = try JSONParser.parse(
            Array(text.utf8), maxDepth: JSONParser.defaultMaxDepth, replacingLoneSurrogates: true)
        #expect(value == .string(expected))
    }

    @Test func replacesNULsWhenAskedAndTheCanonicalFormKeepsThem() throws {
        let text = Array(#"{"k\u0000":"x\u0000y\u0000","n":"\u0000","a":"\u0041"}"#.utf8)
        let replaced = JSONValue.object([
            "k\u{FFFD}": .string("x\u{FFFD}y\u{FFFD}"), "n": .string("\u{FFFD}"), "a": .string("A"),
        ])
        #expect(try JSONParser.parse(text, maxDepth: JSONParser.defaultMaxDepth, replacingNULs: true) == replaced)
        let parsed = try JSONParser.parseWithCanonicalForm(
            text, maxDepth: JSONParser.defaultMaxDepth, replacingNULs: true)
        #expect(parsed.value == replaced)
        #expect(
            String(decoding: parsed.canonical, as: UTF8.self) == #"{"k\u0000":"x\u0000y\u0000","n":"\u0000","a":"A"}"#)
        #expect(
            parsed.canonical
                == (try JSONParser.parseWithCanonicalForm(text, maxDepth: JSONParser.defaultMaxDepth).canonical))
    }

    @Test(arguments: [
        (#""\ud83d""#, 1, "lone high surrogate in \\u escape"),
        (#""\ud83dx""#, 1, "lone high surrogate in \\u escape"),
        (#""\ud83d\u0041""#, 1, "lone high surrogate in \\u escape"),
        (#""\ud83d\ud83d""#, 1, "lone high surrogate in \\u escape"),
        (#""\ude00""#, 1, "lone low surrogate in \\u escape"),
        (#""ab\ude00\ud83d""#, 3, "lone low surrogate in \\u escape"),
        (#""\u12""#, 1, "\\u escape needs four hex digits"),
        (#""\u12G4""#, 1, "\\u escape needs four hex digits"),
        (#""\x41""#, 1, "invalid escape in string"),
        (#""\'""#, 1, "invalid escape in string"),
        (#""abc"#, 0, "unterminated string"),
        (#""abc\"#, 4, "unterminated string"),
    ])
    func badEscapesAreRejected(text: String, offset: Int, message: String) {
        #expect(failure(text) == JSONError(offset: offset, message: message))
    }

    @Test func unescapedControlCharactersAreRejected() throws {
        for control in UInt8(0)..<0x20 {
            let bytes = Array(#"["ab"#.utf8) + [control] + Array(#""]"#.utf8)
            #expect(
                failure(bytes)
                    == JSONError(offset: 4, message: "unescaped control character in string"))
        }
        #expect(try parse("\"a\u{7F}b\"") == .string("a\u{7F}b"))
    }

    @Test func controlCharacterIsFoundAfterTheFastScan() {
        let bytes =
            Array(("\"" + String(repeating: "x", count: 37)).utf8) + [0x0A] + Array("\"".utf8)
        #expect(failure(bytes)?.offset == 38)
    }

    @Test func rawUTF8IsKept() throws {
        #expect(try parse("\"Иван Петров 😀 é\"") == .string("Иван Петров 😀 é"))
        #expect(try parse("{\"имя\":\"Анна\"}")["имя"] == .string("Анна"))
    }

    @Test func escapesMixedWithRawUTF8() throws {
        #expect(try parse(#""Привет, \"мир\"\n😀\u263A""#) == .string("Привет, \"мир\"\n😀☺"))
    }

    @Test func fourMebibyteStringParses() throws {
        let count = 4 << 20
        var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: count + 2)
        bytes[0] = UInt8(ascii: "\"")
        bytes[count + 1] = UInt8(ascii: "\"")
        let value = try JSONParser.parse(bytes)
        #expect(value.stringValue?.utf8.count == count)
    }

    @Test func fourMebibyteStringWithEscapesAndCyrillicParses() throws {
        let unit = "Привет\\n" + "abc"
        let repeats = (4 << 20) / unit.utf8.count
        let text = "\"" + String(repeating: unit, count: repeats) + "\""
        let value = try parse(text)
        #expect(value.stringValue == String(repeating: "Привет\nabc", count: repeats))
    }
}

@Suite struct JSONParserUTF8Tests {
    /// Wraps raw bytes in a JSON string literal at offset 1.
    private func inString(_ raw: [UInt8]) -> [UInt8] { [0x22] + raw + [0x22] }

    @Test(arguments: [
        ([0xD0, 0x98] as [UInt8], "И"), ([0xE2, 0x82, 0xAC], "€"), ([0xF0, 0x9F, 0x98, 0x80], "😀"),
        ([0xC2, 0x80], "\u{80}"), ([0xDF, 0xBF], "\u{7FF}"), ([0xE0, 0xA0, 0x80], "\u{800}"),
        ([0xED, 0x9F, 0xBF], "\u{D7FF}"), ([0xEE, 0x80, 0x80], "\u{E000}"),
        ([0xEF, 0xBF, 0xBF], "\u{FFFF}"), ([0xF0, 0x90, 0x80, 0x80], "\u{10000}"),
        ([0xF4, 0x8F, 0xBF, 0xBF], "\u{10FFFF}"),
    ])
    func boundaryScalarsDecode(raw: [UInt8], expected: String) throws {
        #expect(try JSONParser.parse(inString(raw)) == .string(expected))
    }

    @Test(arguments: [
        ([0x80] as [UInt8], 1, "invalid UTF-8: unexpected continuation byte"),
        ([0xBF], 1, "invalid UTF-8: unexpected continuation byte"),
        ([0xC0, 0xAF], 1, "invalid UTF-8: overlong encoding"),
        ([0xC1, 0xBF], 1, "invalid UTF-8: overlong encoding"),
        ([0xE0, 0x80, 0xAF], 2, "invalid UTF-8: overlong encoding"),
        ([0xE0, 0x9F, 0xBF], 2, "invalid UTF-8: overlong encoding"),
        ([0xF0, 0x80, 0x80, 0xAF], 2, "invalid UTF-8: overlong encoding"),
        ([0xF0, 0x8F, 0xBF, 0xBF], 2, "invalid UTF-8: overlong encoding"),
        ([0xED, 0xA0, 0x80], 2, "invalid UTF-8: encoded surrogate"),
        ([0xED, 0xBF, 0xBF], 2, "invalid UTF-8: encoded surrogate"),
        ([0xED, 0xA0, 0xBD, 0xED, 0xB8, 0x80], 2, "invalid UTF-8: encoded surrogate"),
        ([0xF4, 0x90, 0x80, 0x80], 2, "invalid UTF-8: code point above U+10FFFF"),
        ([0xF5, 0x80, 0x80, 0x80], 1, "invalid UTF-8: code point above U+10FFFF"),
        ([0xF7, 0xBF, 0xBF, 0xBF], 1, "invalid UTF-8: code point above U+10FFFF"),
        ([0xF8, 0x88, 0x80, 0x80, 0x80], 1, "invalid UTF-8: invalid byte"),
        ([0xFE], 1, "invalid UTF-8: invalid byte"),
        ([0xFF], 1, "invalid UTF-8: invalid byte"),
        ([0xD0], 2, "invalid UTF-8: truncated sequence"),
        ([0xD0, 0x41], 2, "invalid UTF-8: truncated sequence"),
        ([0xE2, 0x82], 3, "invalid UTF-8: truncated sequence"),
        ([0xF0, 0x9F, 0x98], 4, "invalid UTF-8: truncated sequence"),
        ([0xF0, 0x9F, 0x41, 0x80], 3, "invalid UTF-8: truncated sequence"),
        ([0x41, 0x42, 0xD0, 0x98, 0xD0], 6, "invalid UTF-8: truncated sequence"),
    ])
    func invalidUTF8InStringsIsRejected(raw: [UInt8], offset: Int, message: String) {
        #expect(failure(inString(raw)) == JSONError(offset: offset, message: message))
    }

    @Test func everySingleByteAbove0x7FAloneIsRejected() {
        for byte in UInt8(0x80)...0xFF {
            #expect(failure(inString([byte])) != nil, "byte \(byte)")
        }
    }

    @Test func everyLeadByteFollowedByEndOfInputIsRejected() {
        for byte in UInt8(0xC2)...0xF4 {
            #expect(failure([0x22, byte]) != nil, "byte \(byte)")
        }
    }

    @Test func truncatedSequenceAtTheVeryEndPointsPastTheInput() {
        #expect(
            failure([0x22, 0xE2, 0x82])
                == JSONError(offset: 3, message: "invalid UTF-8: truncated sequence"))
    }

    @Test func nonASCIIOutsideStringsIsRejected() {
        #expect(
            failure([0x5B, 0xD0, 0x98, 0x5D])
                == JSONError(offset: 1, message: "unexpected byte, expected a value"))
        #expect(failure(Array("[1]".utf8) + [0xC2, 0xA0])?.offset == 3)
    }

    @Test func invalidUTF8AfterALongASCIIRunIsFound() {
        let raw = Array(String(repeating: "abcdefgh", count: 5).utf8) + [0xC0, 0x80]
        #expect(failure(inString(raw))?.offset == 41)
    }
}
