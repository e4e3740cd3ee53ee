import Foundation
import JivoProtocol
import Testing

/// `jivocrm contacts`, `task` and `note` through the binary.
@Suite struct OperatorVerbsTests {
    @Test func contactsTasksAndNotes() throws {
        let crm = try CRMHarness()
        let server = try crm.serve()
        defer { server.stop() }
        _ = try server.deliver(
            ConflictTests.chat("chat_accepted", chat: 701, name: "Анна", email: "anna@example.com", number: "9101"))
        let id = try crm.lead(where: "email", is: "anna@example.com").id()

        try crm.succeed("contacts", String(id), "add", "email", "anna@work.example")
        let moved = try crm.succeed("contacts", String(id), "move", "email", "2", "1")
        #expect(moved == "lead #\(id) emails: anna@work.example, anna@example.com (the first is primary)\n")
        #expect(try crm.show(id)["email"]?.stringValue == "anna@work.example")
        #expect(try crm.succeed("contacts", String(id)).hasPrefix("email 1 (primary): anna@work.example\n"))
        // An email or phone another lead holds is saved, and said on standard error.
        _ = try server.deliver(
            ConflictTests.chat("chat_accepted", chat: 702, name: "Boris", phone: "+7 916 555-00-01", number: "9102"))
        let boris = try crm.lead(where: "name", is: "Boris").id()
        let edited = try crm.run("edit", String(id), "--phone", "+7 916 555 00 01")
        #expect(edited.status == 0)
        #expect(edited.stderr.contains("note: lead #\(boris) holds +7 916 555 00 01 too"), "\(edited.stderr)")
        #expect(try crm.run("contacts", String(id), "remove", "phone", "1").stderr == "")
        let shared = try crm.run("contacts", String(id), "add", "phone", "8 916 555-00-01")
        #expect(shared.status == 0)
        #expect(
            shared.stderr
                == "note: lead #\(boris) holds 8 916 555-00-01 too; `jivocrm merge \(id) \(boris)` (or the other way) "
                + "makes the two one\n")
        try crm.succeed("contacts", String(id), "remove", "phone", "1")
        let bad = try crm.run("contacts", String(id), "remove", "email", "5")
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("positions run from 1 to 2"), "\(bad.stderr)")

        let added = try crm.succeed("task", "add", String(id), "Send the price list", "--due", "2026-12-05 14:30")
        let task = try #require(added.firstMatch(of: /task #(\d+)/).map { String($0.1) }, Comment(rawValue: added))
        try crm.succeed("done", task)
        try crm.succeed("task", "reopen", task)
        let listed = try #require(try crm.tasks().first { $0["id"]?.int64Value == Int64(task) })
        #expect(listed["status"]?.stringValue == "open")
        #expect(listed["name"]?.stringValue == "Анна")
        #expect(try crm.succeed("tasks").contains("Анна"))
        let when = try crm.run("task", "add", String(id), "x", "--due", "soonish")
        #expect(when.status == 2)
        #expect(when.stderr.contains("30m, 2h or 1d"), "\(when.stderr)")

        let note = try crm.succeed("note", "add", String(id), "called")
        let number = try #require(note.firstMatch(of: /note #(\d+)/).map { String($0.1) }, Comment(rawValue: note))
        try crm.succeed("note", "edit", number, "called twice")
        #expect(try crm.show(id).list("notes").first?["text"]?.stringValue == "called twice")
        let bob = crm.directory.file("bob.conf")
        try "operator = bob\n".write(toFile: bob, atomically: true, encoding: .utf8)
        let foreign = try crm.runBare(["note", "delete", number, "--db", crm.database, "--config", bob])
        #expect(foreign.status == 1)
        #expect(foreign.stderr.contains("only its author"), "\(foreign.stderr)")
        try crm.succeed("note", "delete", number)
        #expect(try crm.show(id).list("notes").isEmpty)
        #expect(try crm.succeed("undo").contains("note #\(number) on #\(id) restored"))
    }
}
