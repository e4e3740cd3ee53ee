import CRMCore
import CRMStore
import Foundation
import JivoProtocol
import Testing
import TestSupport

@Suite("Ingest: events into leads")
struct IngestTests {
    @Test(
        "chat_accepted creates a lead titled, sourced and assigned as the guide says", arguments: StoreEngine.allCases)
    func createsLead(engine: StoreEngine) throws {
        let harness = try StoreHarness(engine: engine)
        try harness.store.addManager(login: "agent@example.com", name: "Anna", isDefault: false, actor: "test")
        let result = try harness.deliver(
            StoreHarness.accepted(chat: 18, email: "Tom@Example.com", phone: "8 (916) 123-45-67"))
        #expect(result.status == "applied")
        #expect(result.created)
        let leadID = try #require(result.leadID)
        let lead = try #require(try harness.store.lead(leadID))
        #expect(lead.title == "JivoChat #18 - Tom Clifton")
        #expect(lead.source == "JivoChat")
        #expect(lead.status == .unsorted)
        #expect(lead.channel == "w1")
        #expect(lead.firstPageURL == "https://shop.example.com/")
        #expect(lead.utm.map(\.key) == ["utm_source", "utm_medium"])
        #expect(lead.city == "Moscow")
        #expect(lead.emails == [ContactValue(value: "Tom@Example.com", normalized: "tom@example.com")])
        #expect(lead.phones == [ContactValue(value: "8 (916) 123-45-67", normalized: "+79161234567")])
        #expect(lead.manager?.login == "agent@example.com")
        let audit = try harness.store.auditTrail(lead: lead.id)
        #expect(audit.contains { $0.action == "assign" && $0.detail == "rule: agent-login" })
        guard case .object(let reply) = result.reply else { Issue.record("reply is not an object"); return }
        #expect(reply["result"] == .string("ok"))
        #expect(reply["enable_assign"] == .bool(true))
        #expect(reply["crm_link"] == .string("https://crm.example.com/leads/\(lead.id)"))
        #expect(reply["contact_info"]?["phone"] == .string("8 (916) 123-45-67"))
    }

    @Test(
        "the default manager is used when no manager's login is the agent's email; none when there is no default",
        arguments: StoreEngine.allCases)
    func defaultManager(engine: StoreEngine) throws {
        let harness = try StoreHarness(engine: engine)
        let orphan = try harness.deliver(StoreHarness.accepted(chat: 1, email: "a@example.com"))
        let orphanID = try #require(orphan.leadID)
        #expect(try harness.store.lead(orphanID)?.manager == nil)
        try harness.store.addManager(login: "boss@example.com", name: "Boss", isDefault: true, actor: "test")
        let second = try harness.deliver(StoreHarness.accepted(chat: 2, email: "b@example.com", number: "200"))
        let secondID = try #require(second.leadID)
        let lead = try #require(try harness.store.lead(secondID))
        #expect(lead.manager?.login == "boss@example.com")
        #expect(try harness.store.auditTrail(lead: lead.id).contains { $0.detail == "rule: default" })
    }

    @Test(
        "a returning visitor is matched by email, phone in another format, user_token or visitor number",
        arguments: StoreEngine.allCases)
    func matching(engine: StoreEngine) throws {
        let harness = try StoreHarness(engine: engine)
        let first = try harness.deliver(
            StoreHarness.accepted(chat: 1, email: "tom@example.com", phone: "+7 916 123 45 67", number: "100"))
        let byEmail = try harness.deliver(StoreHarness.accepted(chat: 2, email: " TOM@example.COM ", number: "101"))
        let byPhone = try harness.deliver(StoreHarness.accepted(chat: 3, phone: "8 (916) 123-45-67", number: "102"))
        let byNumber = try harness.deliver(StoreHarness.accepted(chat: 4, name: nil, number: "100"))
        var tokened = StoreHarness.accepted(chat: 5, name: nil, email: "tom@example.com", number: "103")
        tokened["user_token"] = .string("user-77")
        let withToken = try harness.deliver(tokened)
        let byToken = try harness.deliver(
            StoreHarness.accepted(chat: 6, name: nil, number: "999").setting("user_token", .string("user-77")))
        for result in [byEmail, byPhone, byNumber] {
            #expect(result.leadID == first.leadID)
            #expect(!result.created)
        }
        #expect(withToken.leadID == first.leadID)
        #expect(byToken.leadID == first.leadID)
        #expect(try harness.store.database.scalar("SELECT count(*) FROM leads") == 1)
        let firstID = try #require(first.leadID)
        #expect(try harness.store.chats(lead: firstID).count == 6)
    }

    @Test("visitor numbers only match on the same channel", arguments: StoreEngine.allCases)
    func visitorNumberScopedToChannel(engine: StoreEngine) throws {
        let harness = try StoreHarness(engine: engine)
        let first = try harness.deliver(StoreHarness.accepted(chat: 1, name: nil, number: "100", widget: "w1"))
        let other = try harness.deliver(StoreHarness.accepted(chat: 1, name: nil, number: "100", widget: "w2"))
        #expect(first.leadID != other.leadID)
    }

    @Test("an unparseable body is kept quarantined and answered 400 with the reason", arguments: StoreEngine.allCases)
    func quarantine(engine: StoreEngine) throws {
        let harness = try StoreHarness(engine: engine)
        let body = Array("{\"event_name\": \"chat_accepted\",".utf8)
        let result = try harness.deliver(bytes: body)
        #expect(result.status == "quarantined")
        #expect(result.outcome == .rejected(.unreadable))
        #expect(result.reply["result"] == .string("error"))
        #expect(try harness.store.eventBody(result.eventID) == body)
        #expect(try harness.store.events(status: "quarantined").count == 1)
        let array = try harness.deliver(bytes: Array("[1,2]".utf8))
        #expect(array.outcome == .rejected(.unreadable))
        #expect(try harness.store.eventBody(array.eventID) == Array("[1,2]".utf8))
    }

    @Test("unknown events and CRM-family bodies are stored and answered ok", arguments: StoreEngine.allCases)
    func unknownEvents(engine: StoreEngine) throws {
        let harness = try StoreHarness(engine: engine)
        for name in ["unknown_event", "crm_event_type"] {
            let result = try harness.deliver(bytes: Fixtures.bytes(name))
            #expect(result.outcome == .applied)
            #expect(result.reply == ChatReply.ok)
            #expect(try harness.store.eventBody(result.eventID) == Fixtures.bytes(name))
        }
        #expect(try harness.store.database.scalar("SELECT count(*) FROM leads") == 0)
    }

    @Test("every reference payload is accepted, stored byte for byte and applied", arguments: StoreEngine.allCases)
    func referencePayloads(engine: StoreEngine) throws {
        let harness = try StoreHarness(engine: engine)
        for name in Fixtures.names {
            let body = Fixtures.bytes(name)
            let result = try harness.deliver(bytes: body)
            #expect(result.outcome == .applied || result.outcome == .duplicate, "\(name): \(result.reply)")
            #expect(try harness.store.eventBody(result.eventID) == body, "\(name)")
        }
        #expect(try harness.store.events(status: "failed").isEmpty)
    }

    @Test(
        "chat_finished stores the transcript with text, time, type and agent; a second delivery adds nothing",
        arguments: StoreEngine.allCases)
    func transcript(engine: StoreEngine) throws {
        let harness = try StoreHarness(engine: engine)
        let finished = Fixtures.object("chat_finished_full")
        let result = try harness.deliver(finished)
        let lead = try #require(result.leadID)
        let chats = try harness.store.chats(lead: lead)
        let messages = try #require(chats.first?.messages)
        #expect(!messages.isEmpty)
        #expect(messages.allSatisfy { !$0.text.isEmpty })
        let before = try harness.counts()
        var reordered = JSONObject(finished.members.reversed().map { ($0.key, $0.value) })
        reordered["chat_id"] = finished["chat_id"].flatMap { $0.idText.map(JSONValue.string) }
        let again = try harness.deliver(reordered)
        #expect(again.leadID == lead)
        #expect(again.status == "applied")
        #expect(try harness.counts() == before)
    }

    @Test(
        "a chat_finished without chat_id keeps its transcript on a chat named after the event, and says so",
        arguments: StoreEngine.allCases)
    func transcriptWithoutChatID(engine: StoreEngine) throws {
        let harness = try StoreHarness(engine: engine)
        var finished = Fixtures.object("chat_finished_full")
        finished["chat_id"] = .null
        finished["chat"] = finished["chat"].map { chat in
            var object = chat.objectValue ?? JSONObject()
            object["id"] = nil
            return .object(object)
        }
        let result = try harness.deliver(finished)
        let lead = try #require(result.leadID)
        let chats = try harness.store.chats(lead: lead)
        #expect(chats.map(\.chatID) == ["event-\(result.eventID)"])
        #expect(chats.first?.messages.isEmpty == false)
        let note = try harness.note(ofEvent: result.eventID)
        #expect(note == "no chat_id: the transcript is kept on the lead as chat event-\(result.eventID)")
    }

    @Test(
        "a client_updated whose responsible agent is not the lead's manager says so on the event, as the CRM family does",
        arguments: StoreEngine.allCases)
    func clientUpdatedResponsibleAgent(engine: StoreEngine) throws {
        let harness = try StoreHarness(engine: engine)
        try harness.store.addManager(login: "boss@example.com", name: "Boss", isDefault: true, actor: "test")
        let first = try harness.deliver(StoreHarness.accepted(chat: 1, email: "sergey@example.ru"))
        let updated: JSONObject = [
            "event_name": .string("client_updated"), "client_id": .number("9300"), "widget_id": .string("w1"),
            "visitor": .object(["name": .string("Sergey"), "email": .string("sergey@example.ru")]),
            "assigned_agent": .object([
                "id": .string("4001"), "email": .string("anna@example.com"), "name": .string("Anna Petrova"),
            ]),
        ]
        let result = try harness.deliver(updated)
        #expect(result.leadID == first.leadID)
        let note = try harness.note(ofEvent: result.eventID)
        #expect(
            note
                == "responsible agent anna@example.com not applied: the lead's manager is boss@example.com, "
                + "and a webhook never changes a manager once set")
    }

    @Test(
        "an offline message opens one task for the responsible manager, due after the configured delay",
        arguments: StoreEngine.allCases)
    func offlineTask(engine: StoreEngine) throws {
        let harness = try StoreHarness(engine: engine, settings: CRMSettings(offlineTaskDueSeconds: 3600))
        try harness.store.addManager(login: "boss@example.com", name: "Boss", isDefault: true, actor: "test")
        let result = try harness.deliver(bytes: Fixtures.bytes("offline_message"))
        let tasks = try harness.store.tasks(openOnly: true)
        #expect(tasks.count == 1)
        #expect(tasks.first?.kind == "offline_message")
        #expect(tasks.first?.assignee == "boss@example.com")
        #expect(tasks.first?.leadID == result.leadID)
        #expect(tasks.first?.dueAt == harness.now + 3_600_000)
        #expect(tasks.first?.text.isEmpty == false)
    }

    @Test(
        "an offline message named offline_messages, as JivoChat's developers API spells it, opens its task",
        arguments: StoreEngine.allCases)
    func offlineMessagesSpelling(engine: StoreEngine) throws {
        let harness = try StoreHarness(engine: engine)
        let result = try harness.deliver(
            Fixtures.object("offline_message").setting("event_name", .string("offline_messages")))
        let leadID = try #require(result.leadID)
        #expect(try harness.store.tasks(lead: leadID).map(\.kind) == ["offline_message"])
    }

    @Test(
        "an offline message of a lead whose manager was deactivated opens its task for the default manager, else for none",
        arguments: StoreEngine.allCases)
    func offlineTaskOfADeactivatedManager(engine: StoreEngine) throws {
        let harness = try StoreHarness(engine: engine)
        try harness.store.addManager(login: "anna@example.com", name: "Anna", isDefault: true, actor: "test")
        let first = try harness.deliver(bytes: Fixtures.bytes("offline_message"))
        try harness.store.deactivateManager(login: "anna@example.com", actor: "test")
        try harness.store.addManager(login: "boss@example.com", name: "Boss", isDefault: true, actor: "test")
        let message = Fixtures.object("offline_message")
        let second = try harness.deliver(message.setting("offline_message_id", .string("second")))
        #expect(second.leadID == first.leadID)
        let leadID = try #require(first.leadID)
        let assignees = try harness.store.tasks(lead: leadID).sorted { $0.id < $1.id }.map(\.assignee)
        #expect(assignees == ["anna@example.com", "boss@example.com"])
        try harness.store.deactivateManager(login: "boss@example.com", actor: "test")
        try harness.deliver(message.setting("offline_message_id", .string("third")))
        let third = try harness.store.tasks(lead: leadID).max { $0.id < $1.id }
        #expect(third?.assignee == nil)
    }

    @Test(
        "call events keep one call with its status history; an error opens a call-back task",
        arguments: StoreEngine.allCases)
    func calls(engine: StoreEngine) throws {
        let harness = try StoreHarness(engine: engine)
        var call = Fixtures.object("call_event")
        var lead: Int64?
        for status in ["start", "agent_connected", "error"] {
            call = call.setting("call.status", .string(status))
            if status == "error" { call = call.setting("call.reason", .string("busy")) }
            lead = try harness.deliver(call).leadID
        }
        let leadID = try #require(lead)
        let calls = try harness.store.calls(lead: leadID)
        #expect(calls.count == 1)
        #expect(calls.first?.history.map(\.status) == ["start", "agent_connected", "error"])
        #expect(calls.first?.reason == "busy")
        let tasks = try harness.store.tasks(lead: leadID)
        #expect(tasks.count == 1)
        #expect(tasks.first?.kind == "call_back")
        let before = try harness.counts()
        try harness.deliver(call.setting("call.reason", .string("busy")).setting("chat_id", call["chat_id"]))
        #expect(try harness.counts() == before)
    }

    @Test(
        "calls known by their phone alone (no chat_id): a start after the call ended begins the next call, with its own call-back",
        arguments: StoreEngine.allCases)
    func callsWithoutChatID(engine: StoreEngine) throws {
        let harness = try StoreHarness(engine: engine)
        var sent = 0
        func call(_ status: String, type: String = "outgoing", reason: String? = nil) throws -> Int64? {
            var info: JSONObject = [
                "type": .string(type), "phone": .string("+7 812 000-00-00"), "status": .string(status),
            ]
            if let reason { info["reason"] = .string(reason) }
            // Each body its own (JivoChat's differ), so that none is taken for a redelivery.
            sent += 1
            let body: JSONObject = [
                "event_name": .string("call_event"), "widget_id": .string("w1"), "call": .object(info),
                "delivery": .number(String(sent)),
            ]
            return try harness.deliver(body).leadID
        }
        let lead = try #require(try call("start"))
        _ = try call("end")
        _ = try call("start", type: "callback")
        _ = try call("error", type: "callback", reason: "Client did not answer")
        let calls = try harness.store.calls(lead: lead).sorted { $0.id < $1.id }
        #expect(calls.map { $0.history.map(\.status) } == [["start", "end"], ["start", "error"]])
        #expect(calls.map(\.type) == ["outgoing", "callback"])
        #expect(try harness.store.tasks(lead: lead).map(\.kind) == ["call_back"])
        // The next call's failure is a call-back of its own.
        _ = try call("start")
        _ = try call("error", reason: "busy")
        #expect(try harness.store.calls(lead: lead).count == 3)
        #expect(try harness.store.tasks(lead: lead).map(\.kind) == ["call_back", "call_back"])
    }

    @Test("a chat's agents read in the same order on both engines", arguments: StoreEngine.allCases)
    func chatAgentsInOneOrder(engine: StoreEngine) throws {
        let harness = try StoreHarness(engine: engine)
        let agents: [JSONValue] = [("7", "Zed"), ("12", "Amy"), ("3", "Bob")].map { id, name in
            .object(["id": .string(id), "name": .string(name), "email": .string("\(name.lowercased())@example.com")])
        }
        let result = try harness.deliver(StoreHarness.accepted(chat: 1).setting("agents", .array(agents)))
        let chats = try harness.store.chats(lead: try #require(result.leadID))
        // The event's agent ("1") and its agents, by id as text.
        #expect(chats.first?.agents.compactMap(\.id) == ["1", "12", "3", "7"])
    }

    @Test("the store file is created private (0600)")
    func filePermissions() throws {
        let harness = try StoreHarness()
        let attributes = try FileManager.default.attributesOfItem(atPath: harness.directory.file("crm.sqlite"))
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
    }

    @Test("the stored body hash is SHA-256 of the canonical form, ids as strings or numbers alike")
    func storedHashIsPinned() throws {
        let harness = try StoreHarness()
        let bodies = [
            #"{"event_name":"chat_accepted","chat_id":42,"widget_id":"w1","visitor":{"name":"Иван \"Ваня\"","number":7}}"#,
            #"{"event_name":"chat_accepted","chat_id":"42","widget_id":"w1","visitor":{"name":"Иван \u0022Ваня\"","number":7.0}}"#,
            #"[1,2]"#,
        ]
        for body in bodies { try harness.deliver(bytes: Array(body.utf8)) }
        let hashes = try harness.store.database.rows("SELECT hex(body_hash) FROM events ORDER BY id") { $0.text(0) }
        #expect(
            hashes == [
                "4DCA0D5459C308F2A0E2B9E503D19985BF69CE535CDF11DED2FE675107D1C9B3",
                "4DCA0D5459C308F2A0E2B9E503D19985BF69CE535CDF11DED2FE675107D1C9B3",
                "49A64717D5D4CB19952E6EAC2946415CF6879ADACF9908E7D872332D32C6E684",
            ])
    }
}

/// chat_finished for StoreHarness.accepted's visitor with `email`, in chat `chat`, carrying
/// `messages` as (Unix seconds, type, text).
private func finished(chat: Int, email: String, _ messages: [(Int64, String, String)]) -> JSONObject {
    var body = StoreHarness.accepted(chat: chat, email: email)
    body["event_name"] = .string("chat_finished")
    body["chat"] = .object([
        "messages": .array(
            messages.map { time, type, text in
                .object(["timestamp": .number(String(time)), "type": .string(type), "message": .string(text)])
            })
    ])
    return body
}

@Suite("Ingest: a chat's span")
struct ChatSpanTests {
    @Test(
        "a transcript whose first message came before the chat was first seen moves the chat's start back to it",
        arguments: StoreEngine.allCases)
    func theStartMovesBackToTheFirstMessage(engine: StoreEngine) throws {
        let harness = try StoreHarness(engine: engine)
        let accepted = try harness.deliver(StoreHarness.accepted(chat: 9, email: "tom@example.com"))
        let lead = try #require(accepted.leadID)
        let seen = try #require(try harness.store.detail(lead)?.chats.first?.startedAt)
        let first = seen / 1000 - 600
        _ = try harness.deliver(
            finished(chat: 9, email: "tom@example.com", [(first, "visitor", "hi"), (first + 300, "agent", "hello")]))
        let chat = try #require(try harness.store.detail(lead)?.chats.first)
        #expect(chat.startedAt == first * 1000)
        #expect(chat.finishedAt == (first + 300) * 1000)
        // A later transcript with later messages moves neither.
        _ = try harness.deliver(finished(chat: 9, email: "tom@example.com", [(first + 900, "visitor", "bye")]))
        let again = try #require(try harness.store.detail(lead)?.chats.first)
        #expect(again.startedAt == first * 1000 && again.finishedAt == (first + 300) * 1000)
    }
}

@Suite("Ingest: an event without a widget_id")
struct WidgetlessChatTests {
    @Test(
        "a chat_finished without widget_id finishes the lead's chat of that id instead of beginning a second one",
        arguments: StoreEngine.allCases)
    func finishesTheLeadsChat(engine: StoreEngine) throws {
        let harness = try StoreHarness(engine: engine)
        let accepted = try harness.deliver(StoreHarness.accepted(chat: 9600, email: "tom@example.com"))
        let lead = try #require(accepted.leadID)
        var body = finished(chat: 9600, email: "tom@example.com", [(harness.now / 1000, "visitor", "thanks")])
        body["widget_id"] = nil
        let result = try harness.deliver(body)
        #expect(result.leadID == lead)
        let chats = try #require(try harness.store.detail(lead)?.chats)
        #expect(chats.map(\.chatID) == ["9600"], "\(chats)")
        #expect(chats.first?.widgetID == "w1")
        #expect(chats.first?.finishedAt != nil)
        #expect(chats.first?.messages.map(\.text) == ["thanks"])
    }
}
