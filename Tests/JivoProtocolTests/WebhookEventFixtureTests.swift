import JivoProtocol
import Testing

/// The vendor's example payloads and our own for the newer events, decoded from files.
@Suite struct WebhookEventFixtureTests {
    private let vendorAgent = Agent(
        id: "3947", name: "Thomas Anderson", email: "agent@jivosite.com", phone: "+14083682346")
    private let vendorVisitor = Visitor(
        name: "John Smith", email: "email@example.com", phone: "+14084987855", number: "3700",
        description: "Description text", chatsCount: 6)

    @Test(arguments: [
        ("chat_accepted", EventKind.chatAccepted, "4248"), ("chat_assigned", .chatAssigned, "2452"),
        ("chat_finished", .chatFinished, "6479"), ("chat_updated", .chatUpdated, "1714"),
    ])
    func vendorChatExamplesDecode(name: String, kind: EventKind, chatID: String) throws {
        let event = try Fixture.event(name)
        #expect(event.kind == kind)
        #expect(event.family == .webhook)
        #expect(event.chatID == chatID)
        #expect(event.widgetID == "3925")
        #expect(event.visitor == vendorVisitor)
        #expect(event.page == Page(url: "http://example.com/", title: "Page title"))
        let session = try #require(event.session)
        #expect(session.ipAddress == "208.80.152.201")
        #expect(session.userAgent?.hasPrefix("Mozilla/5.0 (Macintosh;") == true)
        #expect(session.utm.isEmpty, "the vendor's utm placeholder \"...\" holds no pairs")
        let geoip = try #require(session.geoip)
        #expect(geoip.city == "San Francisco")
        #expect(geoip.region == "California")
        #expect(geoip.country == "United States")
        #expect(geoip.countryCode == "US")
        #expect(geoip.all.count == 8)
        #expect(geoip.all.first { $0.key == "latitude" }?.value == "37.7898")
        if kind == .chatFinished {
            #expect(event.agents == [vendorAgent])
            #expect(event.agent == nil)
        } else {
            #expect(event.agent == vendorAgent)
        }
    }

    @Test func vendorChatAssignedCarriesTheCRMLink() throws {
        #expect(try Fixture.event("chat_assigned").assignTo == "...")
    }

    @Test func vendorChatFinishedMessageHasNoText() throws {
        let transcript = try #require(try Fixture.event("chat_finished").transcript)
        #expect(
            transcript.messages
                == [ChatMessage(timestamp: 1_431_955_090, type: "agent", agentID: "7490", text: "")]
        )
        #expect(transcript.rate == nil)
        #expect(transcript.blacklisted == nil)
    }

    @Test func vendorOfflineMessageDecodes() throws {
        let event = try Fixture.event("offline_message")
        #expect(event.kind == .offlineMessage)
        #expect(event.chatID == nil)
        #expect(event.offlineMessageID == "3216")
        #expect(event.message == "Message text")
        #expect(event.visitor == vendorVisitor)
        #expect(event.agent == nil)
    }

    @Test func clientUpdatedDecodes() throws {
        let event = try Fixture.event("client_updated")
        #expect(event.kind == .clientUpdated)
        #expect(event.clientID == "123456")
        #expect(event.chatID == nil)
        #expect(event.session == nil)
        #expect(event.page == nil)
        #expect(
            event.visitor
                == Visitor(
                    name: "Мария Иванова", email: "Maria.Ivanova@Example.COM",
                    phone: "8 (916) 123-45-67", number: "3701",
                    description: "Filled the pop-up form"))
        #expect(
            event.assignedAgent
                == Agent(id: "3947", name: "Anna Smirnova", email: "anna@example.com"))
        #expect(event.raw["organization"]?["name"] == .string("ООО Ромашка"))
        #expect(event.raw["tags"]?.arrayValue?.compactMap { $0["id"]?.idText } == ["5", "6"])
    }

    @Test func clientAttributeUpdatedKeepsScalarAttributesAsText() throws {
        let event = try Fixture.event("client_attribute_updated")
        #expect(event.kind == .clientAttributeUpdated)
        #expect(event.clientID == "123456")
        #expect(event.attributes.map(\.key) == ["plan", "orders", "city"])
        #expect(event.attributes.map(\.value) == ["premium", "12", "Москва"])
    }

    @Test func callEventEndDecodes() throws {
        let event = try Fixture.event("call_event")
        #expect(event.kind == .callEvent)
        #expect(event.chatID == "9001")
        #expect(event.agent?.email == "anna@example.com")
        #expect(
            event.call
                == CallInfo(
                    type: "callback", phone: "+79161234567", status: "end",
                    recordURL: "https://records.example.com/calls/9001.mp3"))
    }

    @Test func callEventErrorCarriesTheReason() throws {
        let event = try Fixture.event("call_event_error")
        #expect(event.call?.status == "error")
        #expect(event.call?.reason == "Client did not answer")
        #expect(event.call?.recordURL == nil)
        #expect(event.call?.phone == "(999) 829-1550")
    }

    @Test func unknownEventIsKeptWithItsRawBody() throws {
        let event = try Fixture.event("unknown_event")
        #expect(event.kind == nil)
        #expect(event.name == "chat_transferred")
        #expect(event.family == .webhook)
        #expect(event.chatID == "4249")
        #expect(event.widgetID == "custom-widget-ab12")
        #expect(event.raw["something_new"]?["nested"]?.arrayValue?.count == 3)
    }

    @Test func crmFamilyBodyIsNamedByEventType() throws {
        let event = try Fixture.event("crm_event_type")
        #expect(event.family == .crm)
        #expect(event.name == "lead_created")
        #expect(event.kind == nil)
        #expect(event.clientID == "555")
    }

    @Test func fullChatFinishedDecodes() throws {
        let event = try Fixture.event("chat_finished_full")
        #expect(event.kind == .chatFinished)
        #expect(event.chatID == "6480")
        #expect(event.clientID == "123456")
        #expect(event.userToken == "site-user-42")
        #expect(
            event.visitor
                == Visitor(
                    name: "Иван Петров 🙂", email: "Ivan.Petrov@Example.com",
                    phone: "+7 916 123 45 67", number: "3700", chatsCount: 7))
        #expect(
            event.agents == [
                Agent(id: "3947", name: "Анна Смирнова", email: "anna@example.com"),
                Agent(id: "3948", name: "Thomas Anderson", email: "thomas@example.com"),
            ])
        let transcript = try #require(event.transcript)
        #expect(
            transcript.messages == [
                ChatMessage(
                    timestamp: 1_431_955_090, type: "visitor",
                    text: "Здравствуйте! Сколько стоит доставка? 🚚"),
                ChatMessage(
                    timestamp: 1_431_955_100, type: "agent", agentID: "3947",
                    text: "Добрый день! Доставка бесплатная."),
                ChatMessage(
                    timestamp: 1_431_955_120, type: "agent", agentID: "3948", text: "Anything else?"
                ),
                ChatMessage(timestamp: 1_431_955_130, type: "system", text: "Chat transferred"),
                ChatMessage(timestamp: nil, type: "visitor", text: "42"),
            ])
        #expect(transcript.rate == "positive")
        #expect(transcript.blacklisted == false)
        #expect(transcript.invitation == "Нужна помощь с выбором?")
        #expect(event.plainMessages == "Visitor: Здравствуйте!\nAgent: Добрый день!")
        #expect(
            event.page == Page(url: "https://shop.example.ru/delivery", title: "Доставка — Магазин")
        )
        let session = try #require(event.session)
        #expect(session.geoip?.city == "Москва")
        #expect(session.geoip?.all.first { $0.key == "isp" }?.value == "Rostelecom")
        #expect(session.geoip?.all.first { $0.key == "latitude" }?.value == "55.7522")
        #expect(session.geoip?.all.contains { $0.key == "organization" } == false)
        #expect(session.utm.map(\.key) == ["utm_source", "utm_medium", "utm_campaign", "yclid"])
        #expect(session.utm.map(\.value) == ["yandex", "cpc", "весна", "123"])
    }

    @Test func pipeSeparatedUTMGivesItsPairsInOrder() {
        let pairs = WebhookEvent.parseUTM(
            " source = google |medium=cpc||campaign=весна=2026|term|=x|content= |utm_id=7")
        #expect(pairs.map(\.key) == ["utm_source", "utm_medium", "utm_campaign", "utm_id"])
        #expect(pairs.map(\.value) == ["google", "cpc", "весна=2026", "7"])
        #expect(WebhookEvent.parseUTM(nil).isEmpty)
        #expect(WebhookEvent.parseUTM("").isEmpty)
        #expect(WebhookEvent.parseUTM("...").isEmpty)
    }

    @Test func utmKeysArePrefixedByCharactersAndTrimmedOfUnicodeWhiteSpace() {
        let pairs = WebhookEvent.parseUTM(
            "utm_=z|utm_\u{301}x=2|utm_\u{E9}=1|u=1|\u{A0}k=v|k=v\u{A0}|x=\u{3000}|utm_source=a|UTM_x=b")
        #expect(
            pairs.map(\.key) == [
                "utm_", "utm_utm_\u{301}x", "utm_\u{E9}", "utm_u", "utm_k", "utm_k", "utm_source", "utm_UTM_x",
            ])
        #expect(pairs.map(\.value) == ["z", "2", "1", "1", "v", "v", "a", "b"])
    }

    @Test func escapedFixtureDecodesLikeTheRawUTF8One() throws {
        let raw = try Fixture.event("chat_finished_full")
        let escaped = try Fixture.event("chat_finished_escaped")
        #expect(try Fixture.bytes("chat_finished_escaped").allSatisfy { $0 < 0x80 })
        #expect(escaped.chatID == "6481")
        #expect(escaped.visitor == raw.visitor)
        #expect(escaped.agents == raw.agents)
        #expect(escaped.transcript == raw.transcript)
        #expect(escaped.session == raw.session)
        #expect(escaped.page == raw.page)
        #expect(escaped.plainMessages == raw.plainMessages)
    }

    @Test func everyFixtureSurvivesASerializationRoundTrip() throws {
        for name in [
            "chat_accepted", "chat_assigned", "chat_finished", "chat_updated", "offline_message",
            "client_updated", "client_attribute_updated", "call_event", "call_event_error",
            "unknown_event", "crm_event_type", "chat_finished_full", "chat_finished_escaped",
        ] {
            let event = try Fixture.event(name)
            for pretty in [false, true] {
                let again = try WebhookEvent.decode(
                    body: JSONValue.object(event.raw).serializedBytes(pretty: pretty))
                #expect(again == event, "\(name)")
                #expect(again.visitor == event.visitor, "\(name)")
                #expect(again.session == event.session, "\(name)")
            }
        }
    }
}
