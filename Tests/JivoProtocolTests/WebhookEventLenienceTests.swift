import JivoProtocol
import Testing

private func decode(_ text: String) throws(WebhookBodyError) -> WebhookEvent {
    try WebhookEvent.decode(body: Array(text.utf8))
}

/// A body carrying one id in every place JivoChat sends ids, each written as `literal`.
private func bodyWithIDs(_ literal: String) -> String {
    """
    {"event_name":"chat_finished","chat_id":\(literal),"client_id":\(literal),
     "offline_message_id":\(literal),
     "visitor":{"number":\(literal)},"agent":{"id":\(literal)},
     "agents":[{"id":\(literal)}],
     "chat":{"messages":[{"type":"agent","agent_id":\(literal),"message":"hi"}]}}
    """
}

/// Every id of a body built by ``bodyWithIDs(_:)``, in a fixed order.
private func ids(_ event: WebhookEvent) -> [String?] {
    [
        event.chatID, event.clientID, event.offlineMessageID, event.visitor?.number,
        event.agent?.id, event.agents.first?.id, event.transcript?.messages.first?.agentID,
    ]
}

@Suite struct WebhookEventIDTests {
    @Test(arguments: [
        (#""42""#, "42"), ("42", "42"), ("42.0", "42"), ("4.2e1", "42"), ("420e-1", "42"),
        (#"" 42 ""#, "42"), ("-42", "-42"), (#""-42""#, "-42"), ("-42.0", "-42"),
        ("123456789012345678901234567890", "123456789012345678901234567890"),
        (#""123456789012345678901234567890""#, "123456789012345678901234567890"),
        ("0", "0"), ("-0", "0"), ("-0.0", "0"), (#""abc-42""#, "abc-42"), ("42.5", "42.5"),
    ])
    func idsDecodeToTheSameTextWhateverTheirType(literal: String, expected: String) throws {
        let event = try decode(bodyWithIDs(literal))
        #expect(ids(event) == Array(repeating: expected, count: 7))
    }

    @Test(arguments: ["null", #""""#, #""   ""#, "true", "[]", "{}", "[42]"])
    func absentOrUnusableIdsAreNil(literal: String) throws {
        let event = try decode(bodyWithIDs(literal))
        #expect(ids(event) == Array(repeating: nil, count: 7))
        #expect(event.agents.count == 1)
    }

    @Test func missingIdsAreNil() throws {
        let event = try decode(
            #"{"event_name":"chat_finished","visitor":{},"agent":{},"agents":[{}],"chat":{"messages":[{}]}}"#
        )
        #expect(ids(event) == Array(repeating: nil, count: 7))
        #expect(
            event.transcript?.messages == [ChatMessage(timestamp: nil, type: "unknown", text: "")])
    }

    @Test func offlineMessagesAsTheDevelopersAPISpellsItIsAnOfflineMessage() throws {
        let event = try decode(#"{"event_name":"offline_messages","offline_message_id":"5","message":"hi"}"#)
        #expect(event.kind == .offlineMessage)
        #expect(event.name == "offline_messages")
        #expect(try decode(#"{"event_name":"offline_messagess"}"#).kind == nil)
    }

    @Test func chatIDFallsBackToTheChatObject() throws {
        #expect(try decode(#"{"event_name":"x","chat":{"id":77}}"#).chatID == "77")
        #expect(try decode(#"{"event_name":"x","client":{"id":"78"}}"#).clientID == "78")
    }

    @Test func widgetIDMayBeAnyText() throws {
        #expect(try decode(#"{"widget_id":"AbC-12_x"}"#).widgetID == "AbC-12_x")
        #expect(try decode(#"{"widget_id":3925}"#).widgetID == "3925")
    }
}

@Suite struct WebhookEventLenienceTests {
    @Test func emptyObjectIsAnEventWithoutName() throws {
        let event = try decode("{}")
        #expect(event.name == "")
        #expect(event.kind == nil)
        #expect(event.family == .webhook)
        #expect(event.visitor == nil && event.agent == nil && event.session == nil)
        #expect(event.agents.isEmpty && event.attributes.isEmpty)
    }

    @Test func eventNameIsTrimmed() throws {
        #expect(try decode(#"{"event_name":" chat_accepted\n"}"#).kind == .chatAccepted)
    }

    @Test func emptyEventNameGivesWayToEventType() throws {
        let event = try decode(#"{"event_name":null,"event_type":"client_created"}"#)
        #expect(event.family == .crm)
        #expect(event.name == "client_created")
        let blank = try decode(#"{"event_name":"  ","event_type":"client_created"}"#)
        #expect(blank.family == .crm)
        #expect(blank.name == "client_created")
    }

    @Test func everyFieldOfTheWrongTypeIsNilNotAnError() throws {
        let event = try decode(
            """
            {"event_name":"chat_finished","chat_id":{},"widget_id":[],"client_id":false,
             "user_token":{},"visitor":"Ivan","agent":[1],"agents":{"id":1},"assigned_agent":7,
             "session":"s","page":["url"],"chat":"log","plain_messages":[],"offline_message_id":{},
             "message":{},"assign_to":[],"call":"start","attributes":["a"]}
            """)
        #expect(event.kind == .chatFinished)
        #expect(event.chatID == nil && event.widgetID == nil && event.clientID == nil)
        #expect(event.userToken == nil && event.visitor == nil && event.agent == nil)
        #expect(event.agents.isEmpty && event.assignedAgent == nil && event.session == nil)
        #expect(event.page == nil && event.transcript == nil && event.plainMessages == nil)
        #expect(event.offlineMessageID == nil && event.message == nil && event.assignTo == nil)
        #expect(event.call == nil && event.attributes.isEmpty)
    }

    @Test func nestedFieldsOfTheWrongTypeAreNil() throws {
        let event = try decode(
            """
            {"event_name":"chat_finished",
             "visitor":{"name":{},"email":[],"phone":null,"chats_count":"many","number":true},
             "agents":[{"id":null,"name":[],"email":{}}, 5, "x", null],
             "session":{"geoip":"Moscow","utm":["source=x"],"utm_json":"source=x","ip_addr":{}},
             "page":{"url":5,"title":null},
             "chat":{"messages":{"type":"agent"},"rate":[],"blacklisted":"yes","invitation":{}},
             "call":{"status":[],"phone":null}}
            """)
        #expect(event.visitor == Visitor())
        #expect(event.agents == [Agent()])
        #expect(event.session == Session())
        #expect(event.page == Page(url: "5"))
        #expect(event.transcript == ChatTranscript())
        #expect(event.call == CallInfo())
    }

    @Test func numbersAndBooleansInTextFieldsBecomeText() throws {
        let event = try decode(
            #"{"visitor":{"name":"  Иван  ","phone":79161234567,"chats_count":"6"},"message":false}"#
        )
        #expect(event.visitor == Visitor(name: "Иван", phone: "79161234567", chatsCount: 6))
        #expect(event.message == "false")
    }

    @Test func cyrillicAndEmojiDecodeTheSameRawOrEscaped() throws {
        let raw = try decode(
            #"{"visitor":{"name":"Анна 👩‍💻"},"chat":{"messages":[{"type":"visitor","message":"Привет 🙂"}]}}"#
        )
        let escaped = try decode(
            #"{"visitor":{"name":"\u0410\u043d\u043d\u0430 \ud83d\udc69\u200d\ud83d\udcbb"},"chat":{"messages":[{"type":"visitor","message":"\u041f\u0440\u0438\u0432\u0435\u0442 \uD83D\uDE42"}]}}"#
        )
        #expect(raw.visitor?.name == "Анна 👩‍💻")
        #expect(escaped.visitor == raw.visitor)
        #expect(escaped.transcript == raw.transcript)
        #expect(escaped.transcript?.messages.first?.text == "Привет 🙂")
    }

    @Test func chatFinishedTranscriptFields() throws {
        let event = try decode(
            """
            {"event_name":"chat_finished","plain_messages":"Visitor: hi\\nAgent: hello",
             "chat":{"messages":[{"timestamp":1,"type":"visitor","message":"hi"},
                                 {"timestamp":2,"type":"agent","agent_id":"7","text":"hello"}],
                     "rate":null,"blacklisted":true,"invitation":"Can I help?"}}
            """)
        let transcript = try #require(event.transcript)
        #expect(transcript.messages.map(\.text) == ["hi", "hello"])
        #expect(transcript.rate == nil)
        #expect(transcript.blacklisted == true)
        #expect(transcript.invitation == "Can I help?")
        #expect(event.plainMessages == "Visitor: hi\nAgent: hello")
    }

    @Test func utmPipeStringIsParsedWhenUTMJSONIsAbsent() throws {
        let event = try decode(
            #"{"session":{"utm":"source=google|medium=cpc|utm_campaign=spring sale|bad|term=|=x|content=a=b"}}"#
        )
        let utm = try #require(event.session?.utm)
        #expect(utm.map(\.key) == ["utm_source", "utm_medium", "utm_campaign", "utm_content"])
        #expect(utm.map(\.value) == ["google", "cpc", "spring sale", "a=b"])
    }

    @Test func utmJSONWinsOverThePipeString() throws {
        let event = try decode(
            #"{"session":{"utm":"source=google","utm_json":{"utm_source":"yandex","gclid":"x1","n":null}}}"#
        )
        let utm = try #require(event.session?.utm)
        #expect(utm.map(\.key) == ["utm_source", "gclid"])
        #expect(utm.map(\.value) == ["yandex", "x1"])
    }

    @Test func emptyUTMJSONFallsBackToThePipeString() throws {
        let event = try decode(#"{"session":{"utm":"source=google","utm_json":{}}}"#)
        #expect(event.session?.utm.first?.value == "google")
        #expect(try decode(#"{"session":{"utm":null}}"#).session?.utm.isEmpty == true)
    }

    @Test func geoipKeepsExtraKeys() throws {
        let event = try decode(
            #"{"session":{"geoip":{"city":"Berlin","isp":"Deutsche Telekom","asn":3320,"x":null}}}"#
        )
        let geoip = try #require(event.session?.geoip)
        #expect(geoip.city == "Berlin")
        #expect(geoip.all.map(\.key) == ["city", "isp", "asn"])
        #expect(geoip.all.map(\.value) == ["Berlin", "Deutsche Telekom", "3320"])
    }

    @Test func timestampsAcceptNumbersAndNumericStringsOnly() throws {
        let event = try decode(
            """
            {"chat":{"messages":[{"timestamp":"1700000000"},{"timestamp":1.7e9},
             {"timestamp":"soon"},{"timestamp":1e30},{"timestamp":1.5},{"timestamp":"nan"},
             {"timestamp":" 17 "},{"timestamp":"1.7e1"},{"timestamp":"0x11"},{"timestamp":".5"},
             {"timestamp":"inf"},{"timestamp":"+17"},{"timestamp":true}]}}
            """)
        #expect(
            event.transcript?.messages.map(\.timestamp)
                == [
                    1_700_000_000, 1_700_000_000, nil, nil, nil, nil, 17, 17, nil, nil, nil, nil,
                    nil,
                ])
    }

    @Test func rawBodyIsKeptWhole() throws {
        let text = #"{"event_name":"chat_accepted","new_field":{"a":[1,"b",null]},"chat_id":1}"#
        let event = try decode(text)
        #expect(JSONValue.object(event.raw).serialized() == text)
    }
}

@Suite struct WebhookBodyErrorTests {
    @Test(arguments: [
        "[]", #"[{"event_name":"chat_accepted"}]"#, #""chat_accepted""#, "42", "null", "true",
    ])
    func nonObjectBodiesAreRejected(text: String) throws {
        #expect(try JSONParser.parse(Array(text.utf8)) != JSONValue.object([:]))
        #expect(throws: WebhookBodyError.self) { try decode(text) }
    }

    @Test func invalidJSONIsRejectedWithAMessageThatDoesNotEchoTheBody() {
        let body = #"{"visitor":{"email":"ivan.petrov@example.com","email":"x"}}"#
        do {
            _ = try decode(body)
            Issue.record("a duplicate key must be rejected")
        } catch {
            #expect(error.message.contains("duplicate key in object"))
            #expect(!error.message.contains("ivan"))
            #expect(!error.message.contains("email"))
        }
    }

    @Test func emptyBodyIsRejected() {
        #expect(throws: WebhookBodyError.self) { try WebhookEvent.decode(body: []) }
    }
}

/// Issue 12's shapes: attributes as JivoChat's docs and receivers send them, the CRM-webhook
/// family, a call status's own time.
@Suite struct WebhookEventTrafficShapeTests {
    @Test(arguments: [
        (#"{"plan":"gold","seats":12}"#, [("plan", "gold"), ("seats", "12")], false),
        (
            #"[{"name":"plan","value":"gold"},{"key":"seats","content":12},{"title":"t","value":"x"}]"#,
            [("plan", "gold"), ("seats", "12"), ("t", "x")], false
        ),
        (#"[["plan","gold"],["seats",12]]"#, [("plan", "gold"), ("seats", "12")], false),
        (#"[["plan","gold"],{"name":"x"},[1],"loose"]"#, [("plan", "gold")], true),
        (#"{"plan":"gold","nested":{"a":1}}"#, [("plan", "gold")], true),
        (#""plan=gold""#, [], true), ("42", [], true), ("null", [], false),
    ])
    func attributeShapes(json: String, expected: [(String, String)], reported: Bool) throws {
        let event = try decode(#"{"event_name":"client_attribute_updated","attributes":"# + json + "}")
        #expect(event.attributes.map(\.key) == expected.map(\.0))
        #expect(event.attributes.map(\.value) == expected.map(\.1))
        #expect((event.unreadAttributes != nil) == reported)
    }

    @Test func crmFamilyHasAKindByEventNameOrEventType() throws {
        #expect(try decode(#"{"event_type":"assigned_status","status":{"title":"VIP"}}"#).kind == .assignedStatus)
        #expect(try decode(#"{"event_name":"updated_client_contacts"}"#).kind == .updatedClientContacts)
        #expect(try decode(#"{"event_type":"chat_accepted"}"#).kind == nil)
        #expect(try decode(#"{"event_type":"assigned_status","status":"VIP"}"#).clientStatus == "VIP")
        let contacts = try decode(#"{"event_type":"updated_client_contacts","contacts":{"phone":"+1 408"}}"#)
        #expect(contacts.visitor?.phone == "+1 408")
    }

    @Test func callStatusTimeFromTheCallElseTheBody() throws {
        #expect(
            try decode(#"{"event_name":"call_event","call":{"timestamp":1700000000}}"#).call?.timestamp == 1_700_000_000
        )
        #expect(
            try decode(#"{"event_name":"call_event","timestamp":"1700000001","call":{}}"#).call?.timestamp
                == 1_700_000_001)
    }

    @Test func loneSurrogateDecodesAsReplacementCharacter() throws {
        #expect(
            try decode(#"{"event_name":"chat_accepted","visitor":{"name":"Zoe \ud83d"}}"#).visitor?.name
                == "Zoe \u{FFFD}")
    }

    @Test("a \\u0000 escape decodes as U+FFFD everywhere, keys too; the canonical form keeps it as \\u0000")
    func nulDecodesAsReplacementCharacter() throws {
        let body = Array(
            #"""
            {"event_name":"chat_finished","chat_id":"777001","visitor":{"name":"Nul\u0000Name","phone":"+1\u0000"},\#
            "message":"\u0000","chat":{"messages":[{"type":"visitor","message":"hello\u0000there","timestamp":"1"}]},\#
            "attributes":{"k\u0000":"v\u0000"}}
            """#.utf8)
        let (event, canonical) = try WebhookEvent.decodeWithCanonicalForm(body: body)
        #expect(event.visitor?.name == "Nul\u{FFFD}Name")
        #expect(event.visitor?.phone == "+1\u{FFFD}")
        #expect(event.message == "\u{FFFD}")
        #expect(event.transcript?.messages.map(\.text) == ["hello\u{FFFD}there"])
        #expect(event.attributes.map { "\($0.key)=\($0.value)" } == ["k\u{FFFD}=v\u{FFFD}"])
        // The duplicate check's hash stays what it was before NULs were replaced: the canonical
        // form here is the body itself.
        #expect(canonical == body)
    }

    @Test("a raw NUL byte inside a string is not JSON: the body is refused, as any unescaped control character")
    func rawNULByteIsRefused() {
        let body =
            Array(#"{"event_name":"chat_accepted","visitor":{"name":"Nul"#.utf8) + [0]
            + Array(#"Name"}}"#.utf8)
        #expect(throws: WebhookBodyError.self) { try WebhookEvent.decode(body: body) }
    }
}

@Suite struct WebhookEventTimeTests {
    @Test(
        "a time in milliseconds is taken as one, in a message, a call and the body: seconds either way",
        arguments: [
            ("1765020000", 1_765_020_000), ("1765020000123", 1_765_020_000), (#""1765020000123""#, 1_765_020_000),
        ])
    func millisecondsAreMadeSeconds(literal: String, seconds: Int64) throws {
        let chat = try decode(
            #"{"event_name":"chat_finished","chat":{"messages":[{"type":"visitor","message":"hi","timestamp":"#
                + literal + "}]}}")
        #expect(chat.transcript?.messages.first?.timestamp == seconds)
        let call = try decode(#"{"event_name":"call_event","call":{"status":"start","timestamp":"# + literal + "}}")
        #expect(call.call?.timestamp == seconds)
        let root = try decode(#"{"event_name":"call_event","timestamp":"# + literal + #","call":{"status":"end"}}"#)
        #expect(root.call?.timestamp == seconds)
    }
}
