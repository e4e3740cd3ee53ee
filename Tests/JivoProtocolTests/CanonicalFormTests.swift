import JivoProtocol
import Testing

/// The canonical form behind the duplicate check's hash: stored hashes depend on every byte of
/// it, so these pin it exactly, whatever writes it.
@Suite struct CanonicalFormTests {
    private func canonical(_ json: String) throws -> String {
        let value = try JSONParser.parse(Array(json.utf8), maxDepth: 512, replacingLoneSurrogates: true)
        return String(decoding: value.serializedBytesWithIntegralNumbersAsStrings(), as: UTF8.self)
    }

    @Test func integralNumbersThatFitInt64BecomeStringsOfTheirIdText() throws {
        #expect(
            try canonical(#"{"a":42,"b":42.0,"c":4.2e1,"d":-0,"e":-0.0,"f":-7,"g":1E2,"h":0.5e1}"#)
                == #"{"a":"42","b":"42","c":"42","d":"0","e":"0","f":"-7","g":"100","h":"5"}"#)
        #expect(
            try canonical(#"[9007199254740993,9223372036854775807,-9223372036854775808,0]"#)
                == #"["9007199254740993","9223372036854775807","-9223372036854775808","0"]"#)
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
}
