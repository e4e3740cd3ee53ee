import Foundation
import JivoProtocol
import Subprocess
import Testing
import TestSupport

/// Done-when 2: an operator's edit made with the CLI while `serve` runs is what the next
/// chat_accepted for that visitor is answered with.
@Suite struct RoundTripTests {
    private static func chatAccepted(_ chatID: Int) -> [UInt8] {
        fixture(
            "chat_accepted", ("chat_id", .number(String(chatID))), ("visitor.name", .string("Ольга Смирнова")),
            ("visitor.email", .string("olga@example.com")), ("visitor.phone", .string("8 (916) 000-11-22")),
            ("visitor.number", .string("4100")))
    }

    @Test func editWhileServingIsWhatTheNextReplyCarries() throws {
        let crm = try CRMHarness()
        let server = try crm.serve()
        defer { server.stop() }

        let first = try server.deliver(Self.chatAccepted(501))
        let id = try crm.lead(where: "email", is: "olga@example.com").id()
        #expect(first["enable_assign"] == .bool(true))
        #expect(first["contact_info"]?["phone"]?.stringValue == "8 (916) 000-11-22")
        #expect(first["crm_link"]?.stringValue == "https://crm.example.com/leads/\(id)")

        let edit = try crm.run(
            "edit", String(id), "--phone", "+7 999 123-45-67", "--crm-link", "https://crm.example.com/deals/77")
        #expect(edit.status == 0, "\(edit.stderr)")

        let second = try server.deliver(Self.chatAccepted(502))
        #expect(second["result"]?.stringValue == "ok")
        #expect(second["contact_info"]?["phone"]?.stringValue == "+7 999 123-45-67")
        #expect(second["contact_info"]?["name"]?.stringValue == "Ольга Смирнова")
        #expect(second["contact_info"]?["email"]?.stringValue == "olga@example.com")
        #expect(second["crm_link"]?.stringValue == "https://crm.example.com/deals/77")
        #expect(second["enable_assign"] == .bool(false))

        #expect(try crm.leads().count == 1)
        let lead = try crm.show(id)
        #expect(lead.list("chats").compactMap { $0["chat_id"]?.stringValue }.sorted() == ["501", "502"])
        #expect(lead["crm_link"]?.stringValue == "https://crm.example.com/deals/77")
        #expect(lead.list("audit").contains { $0["actor"]?.stringValue == CRMHarness.operatorName })
        #expect(server.stop() == 0)
    }

    @Test func shellScriptPasses() throws {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("EndToEnd/round-trip.sh").path
        let directory = TemporaryDirectory(prefix: "jivocrm-roundtrip")
        let (status, log) = ChildProcess.run(
            ["/bin/bash", script],
            environment: JivoCRMBinary.environment(
                home: directory.path, ["JIVOCRM_BIN": JivoCRMBinary.path, "TMPDIR": directory.path]),
            includingErrors: true)
        #expect(status == 0, "round-trip.sh failed:\n\(log)")
        #expect(log.contains("round trip passed"))
    }
}
