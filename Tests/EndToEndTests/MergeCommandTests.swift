import Foundation
import JivoProtocol
import Testing

/// `jivocrm merge` and `jivocrm unmerge` through the binary.
@Suite struct MergeCommandTests {
    /// A lead as `show --json` prints it, without the counters a change bumps.
    static func contents(_ lead: JSONValue) -> [String: JSONValue] {
        var fields: [String: JSONValue] = [:]
        for key in [
            "name", "emails", "phones", "chats", "tasks", "conflicts", "merged_into", "crm_link", "description",
        ] {
            fields[key] = lead[key] ?? .null
        }
        return fields
    }

    @Test func mergeThenUnmergeGivesBothLeadsBackAndASecondUnmergeFails() throws {
        let crm = try CRMHarness()
        let server = try crm.serve()
        defer { server.stop() }
        _ = try server.deliver(
            ConflictTests.chat("chat_accepted", chat: 501, name: "Анна", email: "anna@example.com", number: "8001"))
        _ = try server.deliver(
            ConflictTests.chat("chat_accepted", chat: 502, name: "Аня", phone: "+7 916 555-11-22", number: "8002"))
        let first = try crm.lead(where: "email", is: "anna@example.com").id()
        let second = try crm.lead(where: "phone", is: "+7 916 555-11-22").id()
        let before = (Self.contents(try crm.show(first)), Self.contents(try crm.show(second)))

        let merged = try crm.succeed("merge", String(second), String(first))
        let number = try #require(merged.firstMatch(of: /merge #(\d+)/).map { String($0.1) }, Comment(rawValue: merged))
        #expect(merged.contains("undo with `jivocrm unmerge \(number)`"))
        #expect(try crm.show(second)["merged_into"]?.int64Value == first)
        #expect(try crm.show(first)["phones"] == .array([.string("+7 916 555-11-22")]))

        let undone = try crm.succeed("unmerge", number)
        #expect(undone.contains("merge #\(number) undone"), "\(undone)")
        #expect(Self.contents(try crm.show(first)) == before.0)
        #expect(Self.contents(try crm.show(second)) == before.1)
        let audit = try crm.show(first).list("audit")
        #expect(audit.contains { $0["action"]?.stringValue == "unmerge" })

        let again = try crm.run("unmerge", number)
        #expect(again.status == 1)
        #expect(again.stderrLines.count == 1, "\(again.stderr)")
        #expect(again.stderr.contains("already undone"))
        #expect(try crm.run("merge", String(first), String(first)).status != 0)
    }
}
