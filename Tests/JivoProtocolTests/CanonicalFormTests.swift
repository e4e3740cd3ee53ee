import JivoProtocol
import Testing

/// The canonical form behind the duplicate check's hash: stored hashes depend on every byte of
/// it, so these pin it exactly, whatever writes it.
@Suite struct CanonicalFormTests {
    /// The canonical form of `json`, written while parsing; the same as written from the value.
    private func canonical(_ json: String) throws -> String {
        let parsed = try JSONParser.parseWithCanonicalForm(
            Array(json.utf8), maxDepth: 512, replacingLoneSurrogates: true)
        #expect(parsed.canonical == parsed.value.serializedBytesWithIntegralNumbersAsStrings())
        return String(decoding: parsed.canonical, as: UTF8.self)
    }

    @Test func theParserWritesWhatTheSerializerWritesForDemoAndCorruptedBodies() throws {
        var traffic = DemoTraffic(seed: 11)
        var random = SplitMix64(seed: 12)
        for delivery in traffic.next(200) {
            let body = delivery.bodyBytes
            let parsed = try JSONParser.parseWithCanonicalForm(body, maxDepth: 512, replacingLoneSurrogates: true)
            #expect(parsed.canonical == parsed.value.serializedBytesWithIntegralNumbersAsStrings())
            for _ in 0..<20 {
                var corrupted = body
                corrupted[random.below(corrupted.count)] = UInt8(random.below(256))
                guard
                    let again = try? JSONParser.parseWithCanonicalForm(
                        corrupted, maxDepth: 512, replacingLoneSurrogates: true)
                else { continue }
                #expect(again.canonical == again.value.serializedBytesWithIntegralNumbersAsStrings())
            }
        }
    }

    @Test func aBodyThatIsNotAnObjectHasNoEvent() {
        #expect(throws: WebhookBodyError.self) { try WebhookEvent.decodeWithCanonicalForm(body: Array("[1]".utf8)) }
        #expect(throws: WebhookBodyError.self) { try WebhookEvent.decodeWithCanonicalForm(body: Array("{".utf8)) }
    }

    @Test func integralNumbersThatFitInt64BecomeStringsOfTheirIdText() throws {
        #expect(
            try canonical(#"{"a":42,"b":42.0,"c":4.2e1,"d":-0,"e":-0.0,"f":-7,"g":1E2,"h":0.5e1}"#)
                == #"{"a":"42","b":"42","c":"42","d":"0","e":"0","f":"-7","g":"100","h":"5"}"#)
        #expect(
            try canonical(#"[9007199254740993,9223372036854775807,-9223372036854775808,0]"#)
                == #"["9007199254740993","9223372036854775807","-9223372036854775808","0"]"#)
        #expect(
            try canonical(#"[999999999999999999,-999999999999999999,1000000000000000000,-0,0,-1]"#)
                == #"["999999999999999999","-999999999999999999","1000000000000000000","0","0","-1"]"#)
    }

    @Test func otherNumbersKeepTheirLiteral() throws {
        #expect(
            try canonical(#"[1.5,1e-2,9223372036854775808,123456789012345678901234,9.2233720368547758e18,1e300]"#)
                == #"[1.5,1e-2,9223372036854775808,123456789012345678901234,9.2233720368547758e18,1e300]"#)
        #expect(try canonical(#"[9007199254740993.0,-1.0e0,2.5E+1]"#) == #"[9007199254740993.0,"-1","25"]"#)
    }

    @Test func stringsEscapeOnlyQuotesBackslashesAndControls() throws {
        #expect(
            try canonical(#"{"k\"\u0041":"a\"b\\c\/d\n\t\r\b\f\u0001\u001f\u007f\u00e9 😀\ud83d\ude00 \ud800x"}"#)
                == "{\"k\\\"A\":\"a\\\"b\\\\c/d\\n\\t\\r\\b\\f\\u0001\\u001f\u{7F}é 😀😀 \u{FFFD}x\"}")
    }

    @Test func containersAndLiteralsAreCompactInDocumentOrder() throws {
        #expect(
            try canonical(" { \"z\" : [ ] , \"a\" : { } , \"m\" : [ null , true , false , [ 1 ] ] } ")
                == #"{"z":[],"a":{},"m":[null,true,false,["1"]]}"#)
    }

    @Test func aByteOrderMarkAndWhiteSpaceOfEveryKindAreLeftOutAroundRewrittenText() throws {
        #expect(
            try canonical("\u{FEFF}\t{\r\n\"a\" :1 ,\"b\":\"x\\u0041\"\t,\"c\":[ 2.5\n,\"\\n\"]}\n")
                == #"{"a":"1","b":"xA","c":[2.5,"\n"]}"#)
        #expect(try canonical(" 12 ") == #""12""#)
        #expect(try canonical("\u{FEFF}\"\\/\"") == #""/""#)
        #expect(try canonical("\u{FEFF}true") == "true")
    }

    @Test func escapesAreFoundAtEveryPositionOfEightByteRuns() throws {
        for special in ["\"", "\\", "\n", "\u{1F}"] {
            for position in 0..<19 {
                var text = (0..<19).map { $0 % 3 == 0 ? "ж" : "a" }
                text[position] = special
                let escaped = String(decoding: JSONValue.string(text.joined()).serializedBytes(), as: UTF8.self)
                let escape = ["\"": "\\\"", "\\": "\\\\", "\n": "\\n", "\u{1F}": "\\u001f"][special]!
                text[position] = escape
                #expect(escaped == "\"" + text.joined() + "\"", "\(special.unicodeScalars.first!.value) at \(position)")
            }
        }
    }

    @Test func idTextOfNumberLiterals() {
        let cases: [(String, String)] = [
            ("-0", "0"), ("0", "0"), ("007", "007"), ("-12", "-12"), ("1e2", "100"), ("42.0", "42"),
            ("12345678901234567890", "12345678901234567890"), ("1.5", "1.5"), ("-", "-"),
        ]
        for (literal, text) in cases { #expect(JSONValue.number(literal).idText == text, "\(literal)") }
    }

    @Test func trimmingWhitespaceLooksAtScalarsNotJustASCII() {
        #expect("Иван".trimmingWhitespace == "Иван")
        #expect(" Иван\u{A0}".trimmingWhitespace == "Иван")
        #expect("\u{3000}新\u{3000}".trimmingWhitespace == "新")
        #expect("\u{2003}".trimmingWhitespace == "")
        #expect("e\u{301} \n".trimmingWhitespace == "e\u{301}")
        #expect("\u{301}x".trimmingWhitespace == "\u{301}x")
        #expect("".trimmingWhitespace == "")
    }
}
