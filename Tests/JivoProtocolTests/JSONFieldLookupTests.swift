import Testing

@testable import JivoProtocol

/// `JSONValue[field:]`, the decoder's lookup of the protocol's plain field names, finds what
/// `JSONValue[_:]` finds, Unicode equivalence included.
@Suite struct JSONFieldLookupTests {
    @Test func aFieldIsFoundAsTheKeySubscriptFindsIt() {
        let keys = [
            "event_name", "chat_id", "k", "\u{212A}", "K", "key", "\u{212A}ey", "e\u{301}vent", "\u{E9}vent",
            "event", "chat_id ", "", "id", "i\u{307}d", "name_2", "na;me", "na\u{37E}me",
        ]
        let object = JSONValue.object(JSONObject(keys.enumerated().map { ($1, .number(String($0))) }))
        for field in ["event_name", "chat_id", "k", "key", "event", "id", "name_2", "missing", "chat_i", "vent"] {
            #expect(object[field: field] == object[field], "\(field)")
        }
        #expect(object[field: "k"] == .number("2"))
        #expect(JSONValue.array([object])[field: "k"] == nil)
        #expect(JSONValue.string("k")[field: "k"] == nil)
    }
}
