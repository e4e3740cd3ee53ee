import Foundation
import JivoProtocol
import Testing
import TestSupport

/// Done-when 1, the variants: each event with ids as strings and as numbers, fields missing or
/// null, Cyrillic text and phones as visitors type them, posted to `serve`, and what the CRM
/// then shows; plus matching order, managers, replies and tasks.
@Suite struct EventVariantTests {
    private static func body(_ members: [(String, JSONValue)]) -> [UInt8] {
        JSONObject(members).bytes
    }

    @Test(arguments: [
        [("event_name", JSONValue.string("chat_accepted")), ("chat_id", .number("77"))],
        [
            ("event_name", .string("chat_accepted")), ("chat_id", .string("77")), ("visitor", .null), ("agent", .null),
            ("session", .null), ("page", .null),
        ],
        [
            ("event_name", .string("chat_accepted")), ("chat_id", .number("77")), ("widget_id", .null),
            (
                "visitor",
                .object(["name": .null, "email": .null, "phone": .null, "number": .null, "description": .null])
            ),
        ],
        [
            ("event_name", .string("chat_updated")), ("chat_id", .string("77")), ("visitor", .object([:])),
            ("user_token", .null), ("client_id", .null),
        ],
    ])
    func chatEventsWithFieldsMissingOrNullCreateALead(members: [(String, JSONValue)]) throws {
        let crm = try CRMHarness()
        let server = try crm.serve()
        defer { server.stop() }
        let reply = try server.deliver(Self.body(members))
        #expect(reply["result"]?.stringValue == "ok")
        #expect(reply["enable_assign"] == .bool(true))
        let leads = try crm.leads()
        try #require(leads.count == 1)
        #expect(leads[0]["title"]?.stringValue?.hasPrefix("JivoChat #77") == true, "\(leads[0])")
        #expect(reply["crm_link"]?.stringValue == "https://crm.example.com/leads/\(try leads[0].id())")
        #expect(reply["contact_info"]?["name"] != nil)
        #expect(try crm.show(try leads[0].id()).list("chats").first?["chat_id"]?.stringValue == "77")
    }

    @Test(arguments: [
        "offline_message", "call_event", "call_event_error", "client_updated", "client_attribute_updated",
        "chat_finished", "chat_assigned",
    ])
    func otherEventsWithOnlyTheirNameAreStoredAndOK(name: String) throws {
        let crm = try CRMHarness()
        let server = try crm.serve()
        defer { server.stop() }
        let eventName = try #require(Fixtures.object(name)["event_name"]?.stringValue)
        for members in [
            [("event_name", JSONValue.string(eventName))],
            [
                ("event_name", .string(eventName)), ("visitor", .null), ("chat", .null), ("call", .null),
                ("attributes", .null), ("assign_to", .null),
            ],
        ] {
            let reply = try server.deliver(Self.body(members))
            #expect(reply == .object(["result": .string("ok")]))
        }
        #expect(
            try crm.events().allSatisfy {
                $0["status"]?.stringValue == "applied" || $0["status"]?.stringValue == "duplicate"
            })
    }

    @Test func typedPhonesMatchTheSameLead() throws {
        let crm = try CRMHarness()
        let server = try crm.serve()
        defer { server.stop() }
        _ = try server.deliver(
            fixture(
                "chat_accepted", ("chat_id", .number("1")),
                (
                    "visitor",
                    .object(["name": .string("Мария"), "phone": .string("8 (916) 123-45-67"), "number": .number("1")])
                )))
        let forms = ["+7 916 123-45-67", "79161234567", "(916) 123-45-67", "+7(916)1234567", "8-916-123-45-67"]
        for (index, phone) in forms.enumerated() {
            let reply = try server.deliver(
                fixture(
                    "chat_accepted", ("chat_id", .number(String(index + 2))),
                    (
                        "visitor",
                        .object([
                            "name": .string("Мария"), "phone": .string(phone), "number": .number(String(index + 2)),
                        ])
                    )))
            #expect(reply["enable_assign"] == .bool(false), "\(phone) made a new lead")
            #expect(reply["contact_info"]?["phone"]?.stringValue == "8 (916) 123-45-67")
        }
        #expect(try crm.leads().count == 1)
        #expect(try crm.conflicts().isEmpty)
        // A US number typed with its country code is someone else.
        _ = try server.deliver(
            fixture(
                "chat_accepted", ("chat_id", .number("99")),
                ("visitor", .object(["phone": .string("+1 916 123-45-67")]))))
        #expect(try crm.leads().count == 2)
    }

    @Test func matchingOrderIsEmailPhoneTokenVisitorClient() throws {
        let crm = try CRMHarness()
        let server = try crm.serve()
        defer { server.stop() }
        func chat(_ id: Int, _ members: [(String, JSONValue)]) throws -> JSONValue {
            var object: JSONObject = [
                "event_name": .string("chat_accepted"), "chat_id": .number(String(id)), "widget_id": .string("3925"),
            ]
            for (key, value) in members { object = object.setting(key, value) }
            return try server.deliver(object.bytes)
        }
        _ = try chat(1, [("user_token", .string("tok-1")), ("visitor.email", .string("a@example.com"))])
        _ = try chat(2, [("visitor.email", .string("b@example.com")), ("visitor.phone", .string("+7 900 000-00-02"))])
        _ = try chat(3, [("visitor.phone", .string("+7 900 000-00-03")), ("visitor.number", .string("300"))])
        _ = try chat(4, [("visitor.number", .string("400")), ("client_id", .number("4000"))])
        _ = try chat(5, [("client_id", .number("5000")), ("visitor.name", .string("Клиент"))])
        let a = try crm.lead(where: "email", is: "a@example.com").id()
        let b = try crm.lead(where: "email", is: "b@example.com").id()
        let c = try crm.lead(where: "phone", is: "+7 900 000-00-03").id()
        let d = try crm.lead(where: "visitor_number", is: "400").id()
        let e = try crm.lead(where: "client_id", is: "5000").id()
        #expect(try crm.leads().count == 5)

        func lead(ofChat id: Int) throws -> Int64? {
            try crm.leads().first { lead in
                try crm.show(try lead.id()).list("chats").contains { $0["chat_id"]?.stringValue == String(id) }
            }?.id()
        }
        // Email wins over a plain user_token (anyone's browser can send any string), which finds a
        // lead only for a visitor who gives no email or phone; email over phone; phone over visitor
        // number; visitor number over client id.
        let reply = try chat(10, [("user_token", .string("  tok-1 ")), ("visitor.email", .string("B@Example.com"))])
        #expect(try lead(ofChat: 10) == b)
        #expect(reply["contact_info"]?["email"]?.stringValue == "b@example.com")
        _ = try chat(9, [("user_token", .string("tok-1")), ("visitor.name", .string("Returning"))])
        #expect(try lead(ofChat: 9) == a)
        _ = try chat(
            11, [("visitor.email", .string(" B@EXAMPLE.COM ")), ("visitor.phone", .string("8 900 000 00 03"))])
        #expect(try lead(ofChat: 11) == b)
        _ = try chat(12, [("visitor.phone", .string("8 (900) 000-00-03")), ("visitor.number", .string("400"))])
        #expect(try lead(ofChat: 12) == c)
        _ = try chat(13, [("visitor.number", .number("400")), ("client_id", .string("5000"))])
        #expect(try lead(ofChat: 13) == d)
        _ = try chat(14, [("client_id", .string("5000"))])
        #expect(try lead(ofChat: 14) == e)
        // The visitor number counts on its own channel only.
        _ = try chat(15, [("visitor.number", .string("400")), ("widget_id", .string("other-channel"))])
        #expect(try lead(ofChat: 15).map { $0 > e } == true)
        #expect(try crm.leads().count == 6)
        // A visitor with lead a's token who gives an email no lead holds is someone new: the
        // agent is not shown lead a's data.
        let stranger = try chat(16, [("user_token", .string("tok-1")), ("visitor.email", .string("new@example.com"))])
        #expect(try lead(ofChat: 16).map { $0 > e } == true)
        #expect(stranger["contact_info"]?["email"]?.stringValue == "new@example.com")
        #expect(try crm.leads().count == 7)
    }

    @Test func newLeadCarriesSourceChannelPageUTMAndGeo() throws {
        let crm = try CRMHarness()
        let server = try crm.serve()
        defer { server.stop() }
        _ = try server.deliver(Fixtures.bytes("chat_finished_full"))
        let lead = try crm.show(try crm.lead(where: "client_id", is: "123456").id())
        #expect(lead["title"]?.stringValue == "JivoChat #6480 - Иван Петров 🙂")
        #expect(lead["source"]?.stringValue == "JivoChat")
        #expect(lead["channel"]?.stringValue == "3925")
        #expect(lead["first_page"]?["url"]?.stringValue == "https://shop.example.ru/delivery")
        #expect(lead["first_page"]?["title"]?.stringValue == "Доставка — Магазин")
        #expect(lead["utm"]?["utm_source"]?.stringValue == "yandex")
        #expect(lead["utm"]?["utm_campaign"]?.stringValue == "весна")
        #expect(lead["geo"]?["city"]?.stringValue == "Москва")
        #expect(lead["user_token"]?.stringValue == "site-user-42")
        #expect(lead["visitor_number"]?.stringValue == "3700")
        #expect(lead["emails"] == .array([.string("Ivan.Petrov@Example.com")]))

        // Without utm_json, the pipe-separated utm string is parsed.
        _ = try server.deliver(
            fixture(
                "chat_accepted", ("visitor.number", .string("9999")),
                ("session.utm", .string("source=google|medium=cpc|campaign=spring"))))
        let other = try crm.show(try crm.lead(where: "email", is: "email@example.com").id())
        #expect(
            other["utm"]?.objectValue?.members.contains { $0.value.stringValue == "google" } == true,
            "\(String(describing: other["utm"]))")
    }

    @Test func managersByAgentLoginElseDefaultElseNoneAndNeverChangedByAWebhook() throws {
        let crm = try CRMHarness()
        let server = try crm.serve()
        defer { server.stop() }
        _ = try server.deliver(
            fixture(
                "chat_accepted", ("chat_id", .number("1")), ("visitor", .object(["email": .string("none@example.com")]))
            ))
        let none = try crm.show(try crm.lead(where: "email", is: "none@example.com").id())
        #expect(none["manager"] == .null)
        #expect(
            none.list("audit").contains {
                $0["field"]?.stringValue == "manager" && $0["detail"]?.stringValue?.contains("none") == true
            })

        try crm.succeed("managers", "add", "AGENT@jivosite.com", "--name", "Thomas")
        try crm.succeed("managers", "add", "boss@example.com", "--name", "Boss", "--default")
        _ = try server.deliver(
            fixture(
                "chat_accepted", ("chat_id", .number("2")),
                ("visitor", .object(["email": .string("agent-rule@example.com")]))))
        let byAgent = try crm.show(try crm.lead(where: "email", is: "agent-rule@example.com").id())
        #expect(byAgent["manager"]?.stringValue == "AGENT@jivosite.com")
        #expect(byAgent.list("audit").contains { $0["detail"]?.stringValue == "rule: agent-login" })

        _ = try server.deliver(
            fixture(
                "chat_accepted", ("chat_id", .number("3")), ("agent.email", .string("stranger@example.com")),
                ("visitor", .object(["email": .string("default-rule@example.com")]))))
        let byDefault = try crm.show(try crm.lead(where: "email", is: "default-rule@example.com").id())
        #expect(byDefault["manager"]?.stringValue == "boss@example.com")
        #expect(byDefault.list("audit").contains { $0["detail"]?.stringValue == "rule: default" })

        // A later chat taken by another agent does not change the manager.
        let reply = try server.deliver(
            fixture(
                "chat_updated", ("chat_id", .number("4")), ("agent.email", .string("boss@example.com")),
                ("visitor", .object(["email": .string("agent-rule@example.com")]))))
        #expect(
            try crm.lead(where: "email", is: "agent-rule@example.com")["manager"]?.stringValue == "AGENT@jivosite.com")
        #expect(
            reply["custom_data"]?.arrayValue?.contains {
                $0["title"]?.stringValue == "Manager" && $0["content"]?.stringValue == "Thomas"
            } == true)
        // Nor does client_updated's assigned_agent.
        _ = try server.deliver(
            fixture(
                "client_updated", ("visitor.email", .string("agent-rule@example.com")),
                ("assigned_agent.email", .string("boss@example.com"))))
        #expect(
            try crm.lead(where: "email", is: "agent-rule@example.com")["manager"]?.stringValue == "AGENT@jivosite.com")
    }

    @Test func replyCarriesOperatorFieldsFirstAtMostTenAndTheLeadsOwnLink() throws {
        let crm = try CRMHarness()
        let server = try crm.serve()
        defer { server.stop() }
        _ = try server.deliver(Fixtures.bytes("chat_accepted"))
        _ = try server.deliver(Fixtures.bytes("offline_message"))
        let id = try crm.lead(where: "email", is: "email@example.com").id()
        let plain = try server.deliver(fixture("chat_updated"))
        let titles = plain["custom_data"]?.arrayValue?.compactMap { $0["title"]?.stringValue } ?? []
        #expect(titles == ["Lead", "Open tasks", "Last chat"], "\(titles)")
        #expect(plain["custom_data"]?.arrayValue?.first?["content"]?.stringValue?.contains("#\(id)") == true)

        try crm.succeed(
            "field", String(id), "--set", "Тариф=Золото", "--link", "https://billing.example.com/1", "--key", "Plan")
        for index in 1...10 { try crm.succeed("field", String(id), "--set", "F\(index)=v\(index)") }
        let full = try server.deliver(fixture("chat_updated"))
        let custom = try #require(full["custom_data"]?.arrayValue)
        #expect(custom.count == 10)
        #expect(custom.first?["title"]?.stringValue == "Тариф")
        #expect(custom.first?["content"]?.stringValue == "Золото")
        #expect(custom.first?["link"]?.stringValue == "https://billing.example.com/1")
        #expect(custom.first?["key"]?.stringValue == "Plan")
        #expect(full["crm_link"]?.stringValue == "https://crm.example.com/leads/\(id)")

        try crm.succeed("edit", String(id), "--crm-link", "https://crm.example.com/deal/9")
        #expect(
            try server.deliver(fixture("chat_updated"))["crm_link"]?.stringValue == "https://crm.example.com/deal/9")
        try crm.succeed("edit", String(id), "--crm-link", "")
        #expect(
            try server.deliver(fixture("chat_accepted"))["crm_link"]?.stringValue
                == "https://crm.example.com/leads/\(id)")
    }

    @Test func offlineMessageOpensATaskDueAfterTheConfiguredDelayForTheManager() throws {
        let crm = try CRMHarness(settings: ["offline_task_due": "90m"])
        let server = try crm.serve()
        defer { server.stop() }
        try crm.succeed("managers", "add", "boss@example.com", "--name", "Boss", "--default")
        _ = try server.deliver(
            fixture(
                "offline_message", ("offline_message_id", .number("3216")),
                ("message", .string("Перезвоните, пожалуйста")),
                ("visitor.phone", .string("8 (916) 765-43-21")), ("visitor.email", nil)))
        let tasks = try crm.tasks()
        try #require(tasks.count == 1)
        let task = tasks[0]
        #expect(task["kind"]?.stringValue == "offline_message")
        #expect(task["text"]?.stringValue == "Перезвоните, пожалуйста")
        #expect(task["assignee"]?.stringValue == "boss@example.com")
        #expect(task["status"]?.stringValue == "open")
        let created = try #require(task["created_at"]?.stringValue.flatMap(Self.date))
        let due = try #require(task["due_at"]?.stringValue.flatMap(Self.date))
        #expect(due.timeIntervalSince(created) >= 90 * 60 - 1 && due.timeIntervalSince(created) <= 90 * 60 + 1)
        let lead = try crm.lead(where: "phone", is: "8 (916) 765-43-21")
        #expect(lead["title"]?.stringValue?.hasPrefix("JivoChat offline message - ") == true)
        // A second offline message is a second task; done closes one.
        _ = try server.deliver(
            fixture(
                "offline_message", ("offline_message_id", .string("3217")),
                ("visitor.phone", .string("+7 916 765 43 21"))))
        #expect(try crm.tasks().count == 2)
        try crm.succeed("done", String(try task.id()))
        #expect(try crm.json("tasks", "--open").arrayValue?.count == 1)
    }

    @Test func callEventsKeepOneCallPerCallWithHistoryAndErrorsOpenACallBack() throws {
        let crm = try CRMHarness()
        let server = try crm.serve()
        defer { server.stop() }
        _ = try server.deliver(
            fixture(
                "call_event", ("chat_id", .string("9001")), ("call.status", .string("start")), ("call.record_url", nil))
        )
        _ = try server.deliver(
            fixture(
                "call_event", ("chat_id", .number("9001")), ("call.status", .string("agent_connected")),
                ("call.record_url", nil)))
        _ = try server.deliver(fixture("call_event", ("chat_id", .number("9001")), ("call.status", .string("end"))))
        _ = try server.deliver(
            fixture(
                "call_event_error", ("call.phone", .string("8 (999) 829-15-50")), ("client_id", .null),
                ("visitor", .object(["name": .string("Олег")]))))
        let caller = try crm.show(try crm.lead(where: "client_id", is: "123456").id())
        let calls = caller.list("calls")
        try #require(calls.count == 1)
        #expect(
            calls[0].list("history").compactMap { $0["status"]?.stringValue } == ["start", "agent_connected", "end"])
        #expect(calls[0]["record_url"]?.stringValue == "https://records.example.com/calls/9001.mp3")
        #expect(calls[0]["type"]?.stringValue == "callback")

        let oleg = try crm.show(try crm.lead(where: "name", is: "Олег").id())
        #expect(oleg["phones"] == .array([.string("8 (999) 829-15-50")]))
        #expect(oleg.list("calls").first?["status"]?.stringValue == "error")
        let callBack = try #require(oleg.list("tasks").first)
        #expect(callBack["kind"]?.stringValue == "call_back")
        #expect(callBack["text"]?.stringValue?.contains("Client did not answer") == true)
    }

    @Test func clientEventsUpdateTheMatchedLeadAndKeepAttributes() throws {
        let crm = try CRMHarness()
        let server = try crm.serve()
        defer { server.stop() }
        _ = try server.deliver(
            fixture("chat_accepted", ("client_id", .string("123456")), ("visitor", .object(["number": .string("1")]))))
        let id = try crm.lead(where: "client_id", is: "123456").id()
        _ = try server.deliver(Fixtures.bytes("client_updated"))
        _ = try server.deliver(fixture("client_attribute_updated", ("client_id", .number("123456"))))
        _ = try server.deliver(
            fixture(
                "client_attribute_updated", ("client_id", .number("123456")),
                ("attributes", .object(["plan": .string("basic"), "visits": .number("3")]))))
        #expect(try crm.leads().count == 1)
        let lead = try crm.show(id)
        #expect(lead["name"]?.stringValue == "Мария Иванова")
        #expect(lead["phones"] == .array([.string("8 (916) 123-45-67")]))
        #expect(lead["emails"] == .array([.string("Maria.Ivanova@Example.COM")]))
        #expect(lead["description"]?.stringValue == "Filled the pop-up form")
        let attributes = try #require(lead["attributes"]?.objectValue)
        #expect(attributes["plan"]?.stringValue == "basic")
        #expect(attributes["orders"]?.stringValue == "12")
        #expect(attributes["visits"]?.stringValue == "3")
        #expect(attributes["city"]?.stringValue == "Москва")
        #expect(attributes["tags"]?.stringValue == "VIP, Опт")
    }

    @Test func chatAssignedToOurLinkMergesAnAutoCreatedLeadAndAudits() throws {
        let crm = try CRMHarness()
        let server = try crm.serve()
        defer { server.stop() }
        _ = try server.deliver(
            fixture(
                "chat_accepted", ("chat_id", .number("1")),
                ("visitor", .object(["name": .string("Ольга"), "email": .string("olga@example.com")]))))
        let target = try crm.lead(where: "email", is: "olga@example.com").id()
        let reply = try server.deliver(
            fixture(
                "chat_accepted", ("chat_id", .number("2")),
                ("visitor", .object(["phone": .string("+7 901 111-22-33"), "number": .string("77")]))))
        #expect(reply["enable_assign"] == .bool(true))
        let auto = try crm.lead(where: "phone", is: "+7 901 111-22-33").id()
        _ = try server.deliver(
            fixture(
                "chat_assigned", ("chat_id", .string("2")),
                ("visitor", .object(["phone": .string("+7 901 111-22-33"), "number": .string("77")])),
                ("assign_to", .string(" https://crm.example.com/leads/\(target) "))))
        #expect(try crm.leads().count == 1)
        let merged = try crm.show(target)
        #expect(Set(merged.list("chats").compactMap { $0["chat_id"]?.stringValue }) == ["1", "2"])
        #expect(merged["phones"] == .array([.string("+7 901 111-22-33")]))
        #expect(
            merged.list("audit").contains {
                $0["action"]?.stringValue == "merge" && $0["detail"]?.stringValue?.contains("#\(auto)") == true
            })
        #expect(try crm.show(auto)["merged_into"]?.int64Value == target)
        // The visitor's next chat finds the lead it was merged into.
        let next = try server.deliver(
            fixture("chat_accepted", ("chat_id", .number("3")), ("visitor", .object(["number": .string("77")]))))
        #expect(next["crm_link"]?.stringValue == "https://crm.example.com/leads/\(target)")
        #expect(next["contact_info"]?["name"]?.stringValue == "Ольга")
    }

    @Test func chatAssignedToALeadPageLinkOfOursAttachesTheChatToThatLead() throws {
        // No template: replies link each lead's page, which is what an agent pastes back.
        let crm = try CRMHarness(settings: ["crm_link_template": "", "public_url": "https://crm.example.com/"])
        let server = try crm.serve()
        defer { server.stop() }
        let first = try server.deliver(
            fixture(
                "chat_accepted", ("chat_id", .number("1")),
                ("visitor", .object(["name": .string("Ольга"), "email": .string("olga@example.com")]))))
        let link = try #require(first["crm_link"]?.stringValue)
        #expect(link.hasPrefix("https://crm.example.com/lead/"))
        let target = try crm.lead(where: "email", is: "olga@example.com").id()
        _ = try server.deliver(
            fixture(
                "chat_accepted", ("chat_id", .number("2")),
                ("visitor", .object(["phone": .string("+7 901 111-22-33"), "number": .string("77")]))))
        let auto = try crm.lead(where: "phone", is: "+7 901 111-22-33").id()
        _ = try server.deliver(
            fixture(
                "chat_assigned", ("chat_id", .string("2")),
                ("visitor", .object(["phone": .string("+7 901 111-22-33"), "number": .string("77")])),
                ("assign_to", .string(link))))
        let merged = try crm.show(target)
        #expect(Set(merged.list("chats").compactMap { $0["chat_id"]?.stringValue }) == ["1", "2"])
        #expect(try crm.show(auto)["merged_into"]?.int64Value == target)
        #expect(try crm.conflicts().isEmpty, "no crm_link conflict: the link is the lead's own page")
        // A link signed by another store's key is not ours: it is kept as a crm_link.
        let forged = link.replacingOccurrences(of: "/lead/\(target)/", with: "/lead/\(auto)/")
        _ = try server.deliver(
            fixture(
                "chat_assigned", ("chat_id", .string("3")),
                ("visitor", .object(["phone": .string("+7 902 222-33-44"), "number": .string("78")])),
                ("assign_to", .string(forged))))
        #expect(try crm.lead(where: "phone", is: "+7 902 222-33-44")["crm_link"]?.stringValue == forged)
    }

    @Test func unknownEventsAreStoredAndListed() throws {
        let crm = try CRMHarness()
        let server = try crm.serve()
        defer { server.stop() }
        for body in [
            Fixtures.bytes("unknown_event"), Fixtures.bytes("crm_event_type"),
            Array(#"{"event_name":"совсем_новое","chat_id":1}"#.utf8),
        ] {
            #expect(try server.deliver(body) == .object(["result": .string("ok")]))
        }
        let table = try crm.succeed("events")
        #expect(table.contains("chat_transferred"))
        #expect(table.contains("совсем_новое"))
        let events = try crm.events()
        #expect(events.count == 3)
        #expect(events.allSatisfy { $0["status"]?.stringValue == "applied" })
        #expect(try crm.leads().isEmpty)
    }

    @Test func oneEventIsReadWholeWithItsBody() throws {
        let crm = try CRMHarness()
        let server = try crm.serve()
        defer { server.stop() }
        // A quarantined body with an escape sequence, and one that is not UTF-8.
        let broken = Array("{\"event_name\": \"chat_accepted\", \"visitor\": {\"name\": \"\u{1B}]0;pwned\u{07}".utf8)
        #expect(try server.post(broken).status == 400)
        let binary: [UInt8] = [0x7B, 0xFF, 0xFE, 0x7D]
        #expect(try server.post(binary).status == 400)
        let ids = try crm.events().compactMap { $0["id"]?.int64Value }.sorted()
        try #require(ids.count == 2)

        let shown = try crm.succeed("events", String(ids[0]))
        #expect(shown.contains("event #\(ids[0])"), "\(shown)")
        #expect(shown.contains("quarantined"), "\(shown)")
        #expect(shown.contains("error:  the body is not valid JSON"), "\(shown)")
        #expect(shown.contains("body:   \(broken.count) bytes\n"), "\(shown)")
        #expect(shown.contains("pwned"), "\(shown)")
        #expect(!shown.utf8.contains(0x1B), "an escape reached the terminal: \(shown)")

        let raw = try crm.run("events", String(ids[0]), "--raw")
        #expect(raw.status == 0 && Array(raw.stdout.utf8) == broken, "\(raw.stderr)")
        let json = try #require(try crm.run("events", String(ids[0]), "--json").json)
        #expect(json["body"]?.stringValue.map { Array($0.utf8) } == broken)

        let notText = try crm.succeed("events", String(ids[1]))
        #expect(notText.contains("body:   4 bytes, not UTF-8 text (--raw writes them as they came)"), "\(notText)")
        let encoded = try #require(try crm.run("events", String(ids[1]), "--json").json)
        #expect(encoded["body_base64"]?.stringValue == Data(binary).base64EncodedString())

        let missing = try crm.run("events", "999")
        #expect(missing.status == 1)
        #expect(missing.stderrLines.first == "jivocrm: there is no event #999; `jivocrm events` lists them")
        #expect(try crm.run("events", "--raw").status == 2)
    }

    private static func date(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text) ?? ISO8601DateFormatter().date(from: text)
    }
}
