import Foundation
import JivoProtocol
import Testing
import TestSupport

/// Done-when 1: every example payload, and variants of each event, posted to `jivocrm serve`
/// over HTTP on 127.0.0.1, accepted, stored and applied, as `jivocrm` shows it afterwards.
@Suite struct FixtureIngestTests {
    @Test func everyFixtureIsAcceptedStoredAndApplied() throws {
        let crm = try CRMHarness()
        let server = try crm.serve()
        defer { server.stop() }
        var replies: [String: JSONValue] = [:]
        for name in Fixtures.names {
            let response = try server.post(Fixtures.bytes(name))
            #expect(response.status == 200, "\(name): \(String(decoding: response.body, as: UTF8.self))")
            #expect(response.header("Content-Type") == "application/json; charset=utf-8")
            replies[name] = try JSONParser.parse(response.body)
            #expect(replies[name]?["result"]?.stringValue == "ok", "\(name)")
        }

        let events = try crm.events()
        #expect(events.count == Fixtures.names.count)
        #expect(events.allSatisfy { $0["status"]?.stringValue == "applied" }, "\(events)")
        let names = Set(events.compactMap { $0["event_name"]?.stringValue })
        #expect(names.isSuperset(of: ["chat_transferred", "call_event", "client_attribute_updated"]), "\(names)")

        // chat_accepted: a new lead for John Smith, answered with its data.
        let john = try crm.lead(where: "email", is: "email@example.com")
        let johnID = try john.id()
        let accepted = try #require(replies["chat_accepted"])
        #expect(accepted["contact_info"]?["name"]?.stringValue == "John Smith")
        #expect(accepted["contact_info"]?["phone"]?.stringValue == "+14084987855")
        #expect(accepted["contact_info"]?["email"]?.stringValue == "email@example.com")
        #expect(accepted["contact_info"]?["description"]?.stringValue == "Description text")
        #expect(accepted["crm_link"]?.stringValue == "https://crm.example.com/leads/\(johnID)")
        #expect(accepted["enable_assign"] == .bool(true))
        #expect(accepted["custom_data"]?.arrayValue?.isEmpty == false)
        #expect(replies["chat_updated"]?["enable_assign"] == .bool(false))
        #expect(replies["chat_updated"]?["contact_info"]?["name"]?.stringValue == "John Smith")
        for name in [
            "chat_finished", "offline_message", "call_event", "unknown_event", "crm_event_type", "client_updated",
        ] {
            #expect(replies[name] == .object(["result": .string("ok")]), "\(name)")
        }

        let johnDetail = try crm.show(johnID)
        #expect(johnDetail["title"]?.stringValue == "JivoChat #4248 - John Smith")
        #expect(johnDetail["source"]?.stringValue == "JivoChat")
        #expect(johnDetail["channel"]?.stringValue == "3925")
        #expect(johnDetail["visitor_number"]?.stringValue == "3700")
        #expect(johnDetail["first_page"]?["url"]?.stringValue == "http://example.com/")
        #expect(johnDetail["geo"]?["city"]?.stringValue == "San Francisco")
        #expect(
            Set(johnDetail.list("chats").compactMap { $0["chat_id"]?.stringValue }) == ["4248", "2452", "6479", "1714"])
        // chat_assigned with a link that is not ours: kept as the lead's crm_link.
        #expect(johnDetail["crm_link"]?.stringValue == "...")
        // chat_finished: the one agent message, with its time and agent.
        let finished = try #require(johnDetail.list("chats").first { $0["chat_id"]?.stringValue == "6479" })
        #expect(finished.list("messages").count == 1)
        #expect(finished.list("messages").first?["agent_id"]?.stringValue == "7490")
        #expect(finished.list("messages").first?["type"]?.stringValue == "agent")
        // offline_message: a task for the lead.
        let johnTasks = johnDetail.list("tasks")
        #expect(johnTasks.map { $0["kind"]?.stringValue } == ["offline_message"])
        #expect(johnTasks.first?["text"]?.stringValue == "Message text")

        // call_event: the caller's lead, one call per call, a call-back task for the error.
        let ivanID = try crm.lead(where: "client_id", is: "123456").id()
        let ivan = try crm.show(ivanID)
        #expect(ivan["title"]?.stringValue == "JivoChat call - Ivan")
        let calls = ivan.list("calls")
        #expect(calls.count == 2)
        let ended = try #require(calls.first { $0["status"]?.stringValue == "end" })
        #expect(ended["record_url"]?.stringValue == "https://records.example.com/calls/9001.mp3")
        #expect(ended.list("history").map { $0["status"]?.stringValue } == ["end"])
        let failed = try #require(calls.first { $0["status"]?.stringValue == "error" })
        #expect(failed["reason"]?.stringValue == "Client did not answer")
        #expect(ivan.list("tasks").contains { $0["kind"]?.stringValue == "call_back" })
        // chat_finished (both spellings): the Cyrillic transcript on the lead the phone matched.
        let ivanChats = ivan.list("chats")
        #expect(Set(ivanChats.compactMap { $0["chat_id"]?.stringValue }) == ["6480", "6481"])
        for chat in ivanChats {
            let texts = chat.list("messages").compactMap { $0["text"]?.stringValue }
            #expect(texts.contains("Здравствуйте! Сколько стоит доставка? 🚚"), "\(texts)")
            #expect(texts.contains("Добрый день! Доставка бесплатная."))
            #expect(chat["rate"]?.stringValue == "positive")
        }
        #expect(ivan["user_token"]?.stringValue == "site-user-42")
        // client_attribute_updated / client_updated: attributes kept on the lead.
        #expect(ivan["attributes"]?["plan"]?.stringValue == "premium")
        #expect(ivan["attributes"]?["orders"]?.stringValue == "12")
        #expect(ivan["attributes"]?["city"]?.stringValue == "Москва")
        #expect(ivan["attributes"]?["organization"]?.stringValue == "ООО Ромашка")
        // Visitor data that disagrees with the lead became conflicts, never overwrites.
        let ivanConflicts = try crm.conflicts().filter { $0["lead_id"]?.int64Value == ivanID }
        #expect(
            ivanConflicts.contains {
                $0["field"]?.stringValue == "name" && $0["incoming"]?.stringValue == "Иван Петров 🙂"
            })
        #expect(
            ivanConflicts.contains {
                $0["field"]?.stringValue == "phone" && $0["incoming"]?.stringValue == "(999) 829-1550"
            })
        #expect(ivan["name"]?.stringValue == "Ivan")
        #expect(ivan["phone"]?.stringValue == "+7 916 123 45 67")

        #expect(try crm.leads().count == 2)
        #expect(server.stop() == 0)
    }
}
