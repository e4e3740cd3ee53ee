import Foundation
import JivoProtocol
import Testing
import TestSupport

/// `jivocrm leads` with the console's orders, filters and saved views, through the binary.
@Suite struct LeadListCommandTests {
    /// Three imported leads (Carol, alice, Bob, in that order), Bob assigned to bob.
    private static func crm(settings: [String: String] = [:]) throws -> CRMHarness {
        let crm = try CRMHarness(settings: settings)
        let csv = crm.directory.file("leads.csv")
        try "name,email\nCarol,carol@example.com\nalice,alice@example.com\nBob,bob@example.org\n".write(
            toFile: csv, atomically: true, encoding: .utf8)
        try crm.succeed("import", csv)
        try crm.succeed("managers", "add", "bob@example.com", "--name", "Bob")
        let bob = try crm.lead(where: "email", is: "bob@example.org").id()
        try crm.succeed("assign", String(bob), "bob@example.com")
        return crm
    }

    private static func names(_ crm: CRMHarness, _ arguments: String...) throws -> [String] {
        let result = try crm.runBare(
            ["leads"] + arguments + ["--json", "--db", crm.database, "--config", crm.configuration])
        try #require(result.status == 0, "\(arguments): \(result.stderr)")
        return try #require(result.json?.arrayValue).compactMap { $0["name"]?.stringValue }
    }

    @Test func sortAndFiltersNarrowTheList() throws {
        let crm = try Self.crm()
        #expect(try Self.names(crm, "--sort", "name") == ["alice", "Bob", "Carol"])
        #expect(try Self.names(crm, "--unassigned", "--sort", "name") == ["alice", "Carol"])
        #expect(try Self.names(crm, "--manager", "bob@example.com") == ["Bob"])
        #expect(try Self.names(crm, "--tasks").isEmpty)
        let bad = try crm.run("leads", "--sort", "size")
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("--sort takes activity, created, name, due"))
    }

    @Test func savedViewsComeFromTheConfiguration() throws {
        let crm = try Self.crm(settings: ["view.todo": "unassigned sort:name", "view.bobs": "manager:bob@example.com"])
        #expect(try Self.names(crm, "--view", "todo") == ["alice", "Carol"])
        #expect(try Self.names(crm, "--view", "bobs") == ["Bob"])
        let missing = try crm.run("leads", "--view", "nope")
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("there is no saved view 'nope'; the configuration has bobs, todo"))
    }

    @Test func aSavedViewWithAnUnknownWordIsAnErrorNamingIt() throws {
        let crm = try Self.crm(settings: ["view.later": "tab:someday"])
        let result = try crm.run("leads", "--view", "later")
        #expect(result.status == 1)
        #expect(result.stderr.contains("the saved view 'later' has 'tab:someday'"), "\(result.stderr)")
    }
}

/// Bulk verbs: several IDs at once, all or none.
@Suite struct BulkCommandTests {
    /// A CRM with two imported leads, A and B, and the manager anna@example.com.
    private static func twoLeads() throws -> (crm: CRMHarness, a: Int64, b: Int64) {
        let crm = try CRMHarness()
        let csv = crm.directory.file("leads.csv")
        try "name,email\nA,a@example.com\nB,b@example.com\n".write(toFile: csv, atomically: true, encoding: .utf8)
        try crm.succeed("import", csv)
        try crm.succeed("managers", "add", "anna@example.com", "--name", "Anna")
        return (
            crm, try crm.lead(where: "email", is: "a@example.com").id(),
            try crm.lead(where: "email", is: "b@example.com").id()
        )
    }

    @Test func statusAndAssignTakeSeveralIDsAllOrNone() throws {
        let (crm, a, b) = try Self.twoLeads()
        try crm.succeed("status", String(a), String(b), "open")
        #expect(try crm.show(a)["status"]?.stringValue == "open")
        #expect(try crm.show(b)["status"]?.stringValue == "open")
        let failed = try crm.run("status", String(a), "999999", "spam")
        #expect(failed.status == 1)
        #expect(try crm.show(a)["status"]?.stringValue == "open", "an unknown id changed no lead")
        try crm.succeed("assign", String(a), String(b), "anna@example.com")
        #expect(try crm.show(b)["manager"]?.stringValue == "anna@example.com")
        let done = try crm.succeed("done", "--leads", String(a), String(b))
        #expect(done == "0 task(s) done\n")
    }

    @Test func aMergedLeadNamedToStatusAssignOrDoneIsRefusedAndNothingChanges() throws {
        let (crm, a, b) = try Self.twoLeads()
        try crm.succeed("merge", String(b), String(a))
        for arguments in [
            ["status", String(b), "won"], ["status", String(a), String(b), "won"],
            ["assign", String(b), "anna@example.com"], ["done", "--leads", String(b)],
        ] {
            let refused = try crm.runBare(arguments + ["--db", crm.database, "--config", crm.configuration])
            #expect(refused.status == 1, "\(arguments): \(refused.stdout)")
            #expect(
                refused.stderr.contains("lead #\(b) was merged into lead #\(a); change lead #\(a) instead"),
                "\(arguments): \(refused.stderr)")
        }
        #expect(try crm.show(a)["status"]?.stringValue == "unsorted", "all or none: lead A did not change")
        #expect(try crm.show(a)["manager"] == .null)
        // A chain of merges: show names the lead that holds the data now.
        let csv = crm.directory.file("more.csv")
        try "name,email\nC,c@example.com\n".write(toFile: csv, atomically: true, encoding: .utf8)
        try crm.succeed("import", csv)
        let c = try crm.lead(where: "email", is: "c@example.com").id()
        try crm.succeed("merge", String(a), String(c))
        #expect(
            try crm.succeed("show", String(b)).contains("merged into lead #\(a), which is part of lead #\(c) now"))
    }
}

/// `assign` in the configuration chooses how new leads are shared out.
@Suite struct AssignmentPolicyCommandTests {
    @Test func anUnknownAssignPolicyIsAnErrorNamingTheChoices() throws {
        let crm = try CRMHarness(settings: ["assign": "lottery"])
        let result = try crm.run("leads")
        #expect(result.status == 1)
        #expect(result.stderr.contains("assign must be agent-then-default or agent-then-round-robin, not 'lottery'"))
    }

    @Test func roundRobinSharesNewLeadsThroughTheListener() throws {
        let crm = try CRMHarness(settings: ["assign": "agent-then-round-robin"])
        try crm.succeed("managers", "add", "anna@example.com", "--name", "Anna")
        try crm.succeed("managers", "add", "bob@example.com", "--name", "Bob")
        let server = try crm.serve()
        defer { server.stop() }
        for chat in 1...3 {
            _ = try server.deliver(
                ConflictTests.chat(
                    "chat_accepted", chat: 700 + chat, name: "V\(chat)", email: "v\(chat)@example.com",
                    number: "90\(chat)"))
        }
        let owners = try (1...3).map { try crm.lead(where: "email", is: "v\($0)@example.com")["manager"]?.stringValue }
        #expect(owners == ["anna@example.com", "bob@example.com", "anna@example.com"])
    }
}

/// `show --reply`: the console's reply preview for scripts.
@Suite struct ReplyPreviewCommandTests {
    @Test func showReplyPrintsWhatTheListenerAnswers() throws {
        let crm = try CRMHarness()
        let server = try crm.serve()
        defer { server.stop() }
        let answer = try server.deliver(
            ConflictTests.chat("chat_accepted", chat: 801, name: "Ann", email: "ann@example.com", number: "8101"))
        let id = try crm.lead(where: "email", is: "ann@example.com").id()
        let again = try server.deliver(
            ConflictTests.chat("chat_updated", chat: 801, name: "Ann", email: "ann@example.com", number: "8101"))
        let printed = try JSONParser.parse(Array(try crm.succeed("show", String(id), "--reply").utf8))
        #expect(printed == again, "show --reply: \(printed)\nlistener: \(again)")
        #expect(answer["enable_assign"] == .bool(true))
        #expect(printed["enable_assign"] == .bool(false))
    }
}

/// `unmerge --split`: a split undone from the command line.
@Suite struct UnsplitCommandTests {
    @Test func aSplitIsUndoneAndTheConflictOpensAgain() throws {
        let crm = try CRMHarness()
        let server = try crm.serve()
        defer { server.stop() }
        _ = try server.deliver(
            ConflictTests.chat(
                "chat_accepted", chat: 901, name: "Ann", email: "ann@example.com", phone: "+7 916 555-11-22",
                number: "9101"))
        _ = try server.deliver(
            ConflictTests.chat(
                "chat_accepted", chat: 902, name: "Ann", email: "ann@example.com", phone: "+7 916 555-99-99",
                number: "9102"))
        let conflict = try #require(try crm.conflicts(all: false).first { $0["field"]?.stringValue == "phone" })
        let id = try conflict.id()
        try crm.succeed("resolve", String(id), "--split")
        #expect(try crm.leads().count == 2)
        let undone = try crm.succeed("unmerge", "--split", String(id))
        #expect(undone.contains("split of conflict #\(id) undone"))
        #expect(try crm.leads().count == 1)
        #expect(try crm.conflicts(all: false).contains { $0["id"] == conflict["id"] })
        #expect(try crm.run("unmerge", "--split", String(id)).status == 1)
    }
}
