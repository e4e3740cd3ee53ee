import CRMCore
import Testing
import TestSupport

@testable import CRMStore

/// Schema version 19 (PostgreSQL's 6): each chat keeps the name its visitor gave when it was
/// first seen, so a chat a merge brought over from another person, or one from before the lead
/// was renamed, is shown with what that visitor called themselves.
@Suite("The visitor's name in each chat")
struct ChatVisitorNameTests {
    @Test(
        "a chat keeps the name its visitor first gave; a chat without one has none",
        arguments: StoreEngine.allCases)
    func aChatKeepsItsVisitorsName(engine: StoreEngine) throws {
        let harness = try StoreHarness(engine: engine)
        let lead = try #require(try harness.deliver(StoreHarness.accepted(chat: 1, name: "  Tom Clifton ")).leadID)
        var updated = StoreHarness.accepted(chat: 1, name: "Thomas Clifton")
        updated["event_name"] = .string("chat_updated")
        try harness.deliver(updated)
        try harness.deliver(StoreHarness.accepted(chat: 2, name: nil))
        let chats = try harness.store.chats(lead: lead).sorted { $0.chatID < $1.chatID }
        #expect(chats.map(\.chatID) == ["1", "2"])
        #expect(chats.map(\.visitorName) == ["Tom Clifton", nil])
        #expect(chats[0].json["visitor_name"] == .string("Tom Clifton"))
    }

    @Test("a version 18 store's chats are kept when opened, with no name")
    func aVersion18StoreIsMigrated() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("crm.sqlite")
        let old = try Schema.database(at: path, version: 18)
        try old.run(
            "INSERT INTO leads(id, title, created_at, updated_at, last_activity_at) VALUES (4, 'Lead', 1, 1, 1)", [])
        try old.run(
            "INSERT INTO chats(id, lead_id, widget_id, chat_id, started_at, page_url) VALUES (9, 4, 'w1', '77', 5, 'https://a.example/')",
            [])
        let columns = "SELECT id, lead_id, widget_id, chat_id, started_at, page_url FROM chats"
        let cells = { (row: Statement) in (Int32(0)..<6).map { row.optionalText($0) ?? "NULL" } }
        let before = try old.rows(columns, [], cells)

        let store = try Store(path: path)
        #expect(try store.database.userVersion == Schema.currentVersion)
        #expect(try store.database.rows(columns, [], cells) == before)
        #expect(try store.chats(lead: 4).map(\.visitorName) == [nil])
        #expect(try store.database.rows("PRAGMA integrity_check") { $0.text(0) } == ["ok"])
    }
}
