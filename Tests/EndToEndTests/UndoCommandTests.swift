import Foundation
import JivoProtocol
import Testing

/// `jivocrm undo` through the binary.
@Suite struct UndoCommandTests {
    @Test func undoTakesBackTheOperatorsChangesInReverseAndRefusesToOverwriteAnotherOperators() throws {
        let crm = try CRMHarness()
        let server = try crm.serve()
        defer { server.stop() }
        _ = try server.deliver(
            ConflictTests.chat("chat_accepted", chat: 601, name: "Анна", email: "anna@example.com", number: "9001"))
        let id = try crm.lead(where: "email", is: "anna@example.com").id()
        try crm.succeed("status", String(id), "open")
        try crm.succeed("edit", String(id), "--name", "Anna K")

        let listed = try #require(try crm.json("undo", "--list").arrayValue)
        #expect(
            listed.map { $0["summary"]?.stringValue } == [
                "name of #\(id) set to \"Anna K\"", "status of #\(id) set to Open",
            ])
        #expect(listed.allSatisfy { $0["actor"]?.stringValue == CRMHarness.operatorName })

        let undone = try crm.json("undo")
        #expect(undone["undone"]?.stringValue == "name of #\(id) back to \"Анна\"")
        #expect(try crm.show(id)["name"]?.stringValue == "Анна")
        #expect(try crm.show(id).list("audit").last?["action"]?.stringValue == "undo")

        let bob = crm.directory.file("bob.conf")
        try "operator = bob\n".write(toFile: bob, atomically: true, encoding: .utf8)
        let other = try crm.runBare(["status", String(id), "lost", "--db", crm.database, "--config", bob])
        #expect(other.status == 0, "\(other.stderr)")
        let refused = try crm.run("undo")
        #expect(refused.status == 1)
        #expect(refused.stderrLines.count == 1, "\(refused.stderr)")
        #expect(refused.stderr.contains("status of #\(id) changed to Lost since"), "\(refused.stderr)")
        #expect(refused.stderr.contains("by bob"), "\(refused.stderr)")
        #expect(try crm.show(id)["status"]?.stringValue == "lost")

        let text = try crm.succeed("undo", "--list")
        #expect(text.contains("status of #\(id) set to Open"), "\(text)")
        #expect(try crm.json("undo", "--actor", "bob")["undone"]?.stringValue == "status of #\(id) back to Open")
        #expect(try crm.json("undo")["undone"]?.stringValue == "status of #\(id) back to Unsorted")
    }
}
