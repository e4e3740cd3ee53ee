import Foundation
import HTTPServer
import JivoProtocol
import Testing
import TestSupport

/// Issue 12: what public JivoChat integrations really send, posted to `jivocrm serve` over HTTP,
/// and what the CRM shows afterwards. The bodies are under `Tests/JivoProtocolTests/Fixtures/traffic`.
@Suite struct RealTrafficTests {
    /// The bytes of `traffic/NAME.json`.
    private static func traffic(_ name: String) -> [UInt8] {
        Fixtures.bytes("traffic/\(name)")
    }

    /// Posts `body` to `path` on `server` with `headers` on a connection of its own.
    private static func post(
        _ server: ServeProcess, path: String, headers: [(name: String, value: String)] = [], _ body: [UInt8]
    ) throws -> HTTPClientResponse {
        let client = HTTPClient(port: server.port)
        defer { client.close() }
        return try client.send(method: "POST", path: path, headers: headers, body: body)
    }

    @Test("serve's log shows an event name holding escape sequences made inert, never the sequences themselves")
    func theLogShowsAnEventNamesControlCharactersEscaped() throws {
        let crm = try CRMHarness()
        let server = try crm.serve()
        defer { server.stop() }
        let hostile = #"{"event_name":"\u001b]0;OWNED\u0007\u001b[2Jevil_evt","chat_id":"\u001b[31mX"}"#
        _ = try server.post(Array(hostile.utf8))
        #expect(eventually { server.log.contains("evil_evt") }, "no log line for the event: \(server.log)")
        #expect(!server.log.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 }, "\(server.log)")
        #expect(server.log.contains("␛]0;OWNED␇␛[2Jevil_evt"), "\(server.log)")
    }

    @Test("1: a redelivered chat_accepted gets the first reply: enable_assign as decided then, contacts as now")
    func redeliveryRepliesAsTheFirstDelivery() throws {
        let crm = try CRMHarness()
        let server = try crm.serve()
        defer { server.stop() }
        let first = try server.deliver(Self.traffic("chat_accepted_ann"))
        #expect(first["enable_assign"] == .bool(true))
        _ = try server.deliver(
            fixture(
                "chat_updated", ("chat_id", .number("5001")), ("widget_id", .string("3948")),
                ("visitor", .object(["email": .string("ann@example.org"), "phone": .string("+1 408 555-0100")]))))
        let again = try server.deliver(Self.traffic("chat_accepted_ann"))
        #expect(again["enable_assign"] == .bool(true), "the redelivery lost the link-to-CRM button: \(again)")
        #expect(again["contact_info"]?["phone"]?.stringValue == "+1 408 555-0100")
        #expect(again["crm_link"] == first["crm_link"])
        #expect(try crm.leads().count == 1)
        #expect(try crm.events().first?["status"]?.stringValue == "duplicate")
        // A second chat of the same lead was not decided as new: its redelivery says so too.
        let later = fixture("traffic/chat_accepted_ann", ("chat_id", .number("5009")))
        #expect(try server.deliver(later)["enable_assign"] == .bool(false))
        #expect(try server.deliver(later)["enable_assign"] == .bool(false))
    }

    @Test("2: client_attribute_updated's client_id reaches the lead of the same widget's visitor number")
    func clientIDReachesTheVisitorNumbersLead() throws {
        let crm = try CRMHarness()
        let server = try crm.serve()
        defer { server.stop() }
        _ = try server.deliver(Self.traffic("chat_accepted_ann"))
        #expect(try server.deliver(Self.traffic("client_attribute_updated_client_id")) == ChatReply.ok)
        let leads = try crm.leads()
        try #require(leads.count == 1, "the attribute split the lead: \(leads)")
        #expect(try crm.show(try leads[0].id())["attributes"]?["plan"]?.stringValue == "gold")
        // The same number on another widget is someone else's.
        _ = try server.deliver(
            fixture(
                "traffic/chat_accepted_ann", ("widget_id", .string("9999")), ("chat_id", .number("6001")),
                ("visitor", .object(["name": .string("Other"), "number": .string("4001")]))))
        #expect(try crm.leads().count == 2)
    }

    @Test("2: a visitor number reaches the lead an earlier client id of the same widget made")
    func visitorNumberReachesTheClientIDsLead() throws {
        let crm = try CRMHarness()
        let server = try crm.serve()
        defer { server.stop() }
        _ = try server.deliver(Self.traffic("client_attribute_updated_client_id"))
        _ = try server.deliver(Self.traffic("chat_accepted_ann"))
        let leads = try crm.leads()
        try #require(leads.count == 1, "the chat split the lead: \(leads)")
        let detail = try crm.show(try leads[0].id())
        #expect(detail["attributes"]?["plan"]?.stringValue == "gold")
        #expect(detail["email"]?.stringValue == "ann@example.org")
    }

    @Test("3: attributes as objects, {name|key|title, value|content} arrays and pair arrays; others reported")
    func attributeShapes() throws {
        let crm = try CRMHarness()
        let server = try crm.serve()
        defer { server.stop() }
        _ = try server.deliver(Self.traffic("chat_accepted_ann"))
        for name in ["attributes_array_name_value", "attributes_array_pairs", "attributes_unreadable"] {
            #expect(try server.deliver(Self.traffic(name)) == ChatReply.ok, "\(name)")
        }
        let leads = try crm.leads()
        try #require(leads.count == 1)
        let attributes = try crm.show(try leads[0].id())["attributes"]
        #expect(attributes?["tariff"]?.stringValue == "pro")
        #expect(attributes?["region"]?.stringValue == "north")
        #expect(attributes?["seats"]?.stringValue == "12")
        #expect(attributes?["colour"]?.stringValue == "green")
        #expect(attributes?["visits"]?.stringValue == "3")
        let events = try crm.events()
        let unreadable = try #require(events.first)
        #expect(unreadable["note"]?.stringValue?.contains("attributes") == true, "\(unreadable)")
        #expect(events.dropFirst().allSatisfy { $0["note"] == .null }, "\(events)")
        #expect(unreadable["size"]?.int64Value == Int64(Self.traffic("attributes_unreadable").count))
    }

    @Test("4: a lone surrogate escape is decoded as U+FFFD, the body kept byte for byte, the event applied")
    func loneSurrogateIsApplied() throws {
        let crm = try CRMHarness()
        let server = try crm.serve()
        defer { server.stop() }
        let body = Self.traffic("chat_accepted_lone_surrogate")
        let response = try server.post(body)
        #expect(response.status == 200, "\(String(decoding: response.body, as: UTF8.self))")
        let event = try #require(try crm.events().first)
        #expect(event["status"]?.stringValue == "applied")
        #expect(event["size"]?.int64Value == Int64(body.count))
        let lead = try crm.lead(where: "email", is: "zoe@example.org")
        #expect(lead["name"]?.stringValue == "Zoe \u{FFFD}")
        let reply = try JSONParser.parse(response.body)
        #expect(reply["contact_info"]?["name"]?.stringValue == "Zoe \u{FFFD}")
    }

    @Test("5: chat_accepted's assigned_agent decides the manager when it names one (configurable), audited")
    func assignedAgentDecidesTheManager() throws {
        for (setting, expected, rule) in [
            (nil, "carol@example.com", "rule: assigned-agent"),
            ("assigned-agent-first", "carol@example.com", "rule: assigned-agent"),
            ("agent-first", "bob@example.com", "rule: agent-login"),
        ] {
            let crm = try CRMHarness(settings: setting.map { ["responsible": $0] } ?? [:])
            try crm.succeed("managers", "add", "bob@example.com", "--name", "Bob")
            try crm.succeed("managers", "add", "carol@example.com", "--name", "Carol")
            let server = try crm.serve()
            defer { server.stop() }
            _ = try server.deliver(Self.traffic("chat_accepted_ann"))
            let lead = try crm.lead(where: "email", is: "ann@example.org")
            #expect(lead["manager"]?.stringValue == expected, "responsible = \(setting ?? "(default)")")
            let audit = try crm.show(try lead.id()).list("audit")
            #expect(
                audit.contains { $0["field"]?.stringValue == "manager" && $0["detail"]?.stringValue == rule },
                "\(audit)")
        }
        // An assigned agent who is no manager leaves the choice to the accepting agent.
        let crm = try CRMHarness()
        try crm.succeed("managers", "add", "bob@example.com", "--name", "Bob")
        let server = try crm.serve()
        defer { server.stop() }
        _ = try server.deliver(Self.traffic("chat_accepted_ann"))
        #expect(try crm.lead(where: "email", is: "ann@example.org")["manager"]?.stringValue == "bob@example.com")
    }

    @Test("5: an unknown responsible setting is refused with the values it takes")
    func responsibleSettingIsChecked() throws {
        let crm = try CRMHarness(settings: ["responsible": "whoever"])
        let result = try crm.run("leads")
        #expect(result.status != 0)
        #expect(result.stderr.contains("assigned-agent-first"), "\(result.stderr)")
    }

    @Test("6: the CRM-webhook family applies contacts, responsible agent and status; others stored, no effect")
    func crmWebhookFamily() throws {
        let crm = try CRMHarness()
        let server = try crm.serve()
        defer { server.stop() }
        // The chat arrives before Carol is a manager: the lead gets none from it.
        _ = try server.deliver(Self.traffic("chat_accepted_ann"))
        try crm.succeed("managers", "add", "carol@example.com", "--name", "Carol")
        for name in [
            "assigned_agent_to_client", "updated_client_contacts", "assigned_status", "crm_event_type_contacts",
            "crm_event_type_no_effect",
        ] {
            #expect(try server.deliver(Self.traffic(name)) == ChatReply.ok, "\(name)")
        }
        let leads = try crm.leads()
        try #require(leads.count == 1, "\(leads)")
        let detail = try crm.show(try leads[0].id())
        #expect(detail["manager"]?.stringValue == "carol@example.com")
        #expect(detail.list("phones").compactMap(\.stringValue) == ["+1 408 555-0101"], "\(detail)")
        // A second email or phone is a conflict, as from any other event.
        let incoming = Set(try crm.conflicts().compactMap { $0["incoming"]?.stringValue })
        #expect(incoming == ["ann.lee@example.net", "+1 408 555-0199"], "\(incoming)")
        #expect(detail["attributes"]?["jivo_status"]?.stringValue == "VIP")
        let events = try crm.events()
        #expect(
            events.allSatisfy {
                $0["lead_id"]?.int64Value == (try? leads[0].id()) || $0["event_name"]?.stringValue == "client_viewed"
            })
        let viewed = try #require(events.first { $0["event_name"]?.stringValue == "client_viewed" })
        #expect(viewed["note"]?.stringValue == "ignored: no CRM effect", "\(viewed)")
        #expect(viewed["lead_id"] == .null)
    }

    @Test("7: a chat first seen in chat_finished takes its times from its messages")
    func chatTimesFromMessages() throws {
        let crm = try CRMHarness()
        let server = try crm.serve()
        defer { server.stop() }
        _ = try server.deliver(Self.traffic("chat_finished_2018"))
        let lead = try crm.lead(where: "email", is: "old@example.org")
        let chat = try #require(try crm.show(try lead.id()).list("chats").first)
        #expect(chat["started_at"]?.stringValue?.hasPrefix("2018-04-29T11:06:40") == true, "\(chat)")
        #expect(chat["finished_at"]?.stringValue?.hasPrefix("2018-04-29T11:11:40") == true, "\(chat)")
    }

    @Test("7: an older call status arriving after a later one changes neither the call nor opens a task")
    func callStatusesOrderedByTheirOwnTime() throws {
        let crm = try CRMHarness()
        let server = try crm.serve()
        defer { server.stop() }
        _ = try server.deliver(Self.traffic("call_event_end_timed"))
        _ = try server.deliver(Self.traffic("call_event_error_older"))
        let lead = try crm.lead(where: "phone", is: "+7 916 555-44-33")
        let call = try #require(try crm.show(try lead.id()).list("calls").first)
        #expect(call["status"]?.stringValue == "end", "\(call)")
        #expect(call["reason"] == .null, "\(call)")
        #expect(call["record_url"]?.stringValue == "https://records.example.com/9100.mp3")
        #expect(call.list("history").count == 2, "both statuses are kept: \(call)")
        #expect(try crm.tasks().isEmpty)
    }

    @Test("7: without times of their own, statuses after a finished call change neither the call nor open a task")
    func callStatusesWithoutTimesFollowTheCallsCourse() throws {
        let crm = try CRMHarness()
        let server = try crm.serve()
        defer { server.stop() }
        for name in ["call_event_end_untimed", "call_event_start_after_end", "call_event_error_untimed"] {
            #expect(try server.deliver(Self.traffic(name)) == ChatReply.ok, "\(name)")
        }
        let lead = try crm.lead(where: "phone", is: "+7 916 555-66-77")
        let call = try #require(try crm.show(try lead.id()).list("calls").first)
        #expect(call["status"]?.stringValue == "end", "\(call)")
        #expect(call.list("history").count == 3, "every status is kept: \(call)")
        #expect(try crm.tasks().isEmpty)
        let notes = try crm.events().prefix(2).compactMap { $0["note"]?.stringValue }
        #expect(notes.count == 2 && notes.allSatisfy { $0.contains("older") }, "\(notes)")
    }

    @Test("8: only http(s) links reach replies")
    func onlyHTTPLinksReachReplies() throws {
        let crm = try CRMHarness()
        let server = try crm.serve()
        defer { server.stop() }
        _ = try server.deliver(Self.traffic("chat_accepted_ann"))
        _ = try server.deliver(Self.traffic("chat_assigned_javascript_link"))
        let lead = try crm.lead(where: "email", is: "ann@example.org")
        let reply = try server.deliver(
            fixture(
                "chat_updated", ("chat_id", .number("5001")), ("widget_id", .string("3948")),
                ("visitor", .object(["email": .string("ann@example.org")]))))
        #expect(reply["crm_link"]?.stringValue == "https://crm.example.com/leads/\(try lead.id())", "\(reply)")
        #expect(try crm.events().dropFirst().first?["note"]?.stringValue?.contains("http") == true)
    }

    @Test("8: a gzip body is answered 415 with the reason and kept byte for byte")
    func gzipBodyIs415() throws {
        let crm = try CRMHarness()
        let server = try crm.serve()
        defer { server.stop() }
        let body = Array(FileManager.default.contents(atPath: Fixtures.directory + "/traffic/chat_accepted.json.gz")!)
        for headers in [[(name: "Content-Encoding", value: "gzip")], []] {
            let response = try Self.post(
                server, path: server.webhookPath,
                headers: headers + [(name: "Content-Type", value: "application/json")], body)
            #expect(response.status == 415)
            let reply = try JSONParser.parse(response.body)
            #expect(reply["result"]?.stringValue == "error")
            #expect(reply["message"]?.stringValue?.contains("gzip") == true, "\(reply)")
            let event = try #require(try crm.events().first)
            #expect(event["status"]?.stringValue == "quarantined")
            #expect(event["size"]?.int64Value == Int64(body.count))
        }
        #expect(try crm.leads().isEmpty)
    }

    @Test("8: a trailing slash after the token is accepted")
    func trailingSlashIsAccepted() throws {
        let crm = try CRMHarness()
        let server = try crm.serve()
        defer { server.stop() }
        let response = try Self.post(server, path: server.webhookPath + "/", Self.traffic("chat_accepted_ann"))
        #expect(response.status == 200)
        #expect(try crm.leads().count == 1)
        #expect(try Self.post(server, path: server.webhookPath + "//", Self.traffic("chat_accepted_ann")).status == 404)
    }
}
